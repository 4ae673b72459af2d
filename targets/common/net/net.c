/*
 * lwIP (raw API, NO_SYS) on the board's Ethernet controller and the CoAP
 * server on UDP 5683. See net.h. Everything runs from the main loop: frames
 * are taken from the controller in wcap_fw_net_poll and handed to lwIP, whose
 * UDP callback runs the CoAP request to completion and sends the answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eth_driver.h"
#include "lwip/etharp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "net.h"
#include "netif/ethernet.h"
#include "wcap/dev/coap_srv.h"
#include "wcap/errors.h"
#include "wcap/port.h"
#if WCAP_FW_DTLS
#include "mbedtls/ssl.h"
#include "mbedtls/ssl_cookie.h"
#endif

static struct netif fw_netif;
static struct udp_pcb *coap_pcb;
static wcap_coap_srv_t coap_srv;
static uint8_t coap_anon_role;
static uint8_t frame_buf[WCAP_ETH_FRAME_MAX]; /* one frame in or out at a time */
static uint8_t coap_in[WCAP_COAP_DATAGRAM_MAX], coap_out[WCAP_COAP_DATAGRAM_MAX];
static void (*net_log)(const char *line);

uint32_t wcap_fw_net_rand(void)
{
    uint32_t v;
    wcap_port_random((uint8_t *)&v, sizeof v);
    return v;
}

u32_t sys_now(void)
{
    return (u32_t)wcap_port_millis();
}

static err_t link_output(struct netif *nif, struct pbuf *p)
{
    (void)nif;
    if (p->tot_len > sizeof frame_buf)
        return ERR_BUF;
    u16_t n = pbuf_copy_partial(p, frame_buf, p->tot_len, 0);
    return wcap_eth_send(frame_buf, n) == WCAP_OK ? ERR_OK : ERR_IF;
}

static err_t netif_setup(struct netif *nif)
{
    static const uint8_t mac[6] = WCAP_FW_NET_MAC;
    nif->name[0] = 'e';
    nif->name[1] = '0';
    nif->output = etharp_output;
    nif->linkoutput = link_output;
    nif->mtu = 1500;
    nif->hwaddr_len = 6;
    memcpy(nif->hwaddr, mac, 6);
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}

/* A client id for the CoAP server: address and port (unique on one subnet). */
static uint32_t peer_id(const ip_addr_t *addr, u16_t port)
{
    return (ip4_addr_get_u32(ip_2_ip4(addr)) << 16) ^ (uint32_t)port;
}

static void send_to(struct udp_pcb *pcb, const ip_addr_t *addr, u16_t port, const uint8_t *data, size_t len)
{
    struct pbuf *q = pbuf_alloc(PBUF_TRANSPORT, (u16_t)len, PBUF_RAM);
    if (q == NULL)
        return; /* the client retransmits */
    (void)pbuf_take(q, data, (u16_t)len);
    (void)udp_sendto(pcb, q, addr, port);
    pbuf_free(q);
}

static void coap_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    (void)arg;
    if (p->tot_len > sizeof coap_in) {
        pbuf_free(p); /* larger than any request we take: dropped unanswered */
        return;
    }
    u16_t n = pbuf_copy_partial(p, coap_in, p->tot_len, 0);
    pbuf_free(p);
    wcap_dev_set_caller(coap_srv.dev, coap_anon_role, NULL);
    size_t out =
        wcap_coap_srv_handle(&coap_srv, peer_id(addr, port), coap_in, n, coap_out, sizeof coap_out, wcap_port_millis());
    if (out > 0)
        send_to(pcb, addr, port, coap_out, out);
}

#if WCAP_FW_DTLS
/* ---- CoAP over DTLS 1.2 with pre-shared keys (port 5684) ----------------------
 * A few sessions, each an mbedtls context whose buffers are allocated once
 * from the crypto pool at start and reset for the next client. The PSK
 * identity is a client of the board's clients table; its requests run with
 * its role. A new client takes a free session or the least recently used one. */
typedef struct {
    uint8_t used, done;
    int8_t client;                      /* index in the clients table, -1 before the PSK callback */
    char offered[WCAP_AUTH_ID_MAX + 1]; /* the PSK identity offered (printable part), for the log */
    ip_addr_t addr;
    u16_t port;
    uint64_t last_ms;
    uint64_t timer_start;
    uint32_t timer_int, timer_fin;
    const uint8_t *rx; /* the datagram being handed to mbedtls */
    size_t rx_len;
    mbedtls_ssl_context ssl;
} dtls_sess_t;

static mbedtls_ssl_config dtls_conf;
static mbedtls_ssl_cookie_ctx dtls_cookie;
static struct udp_pcb *dtls_pcb;
static dtls_sess_t dtls_sess[WCAP_FW_DTLS_SESSIONS];
static dtls_sess_t *dtls_cur; /* the session mbedtls is working on (PSK callback) */
static const wcap_auth_client_t *dtls_clients;
static size_t dtls_n_clients;

/* NOT cryptographic on the QEMU boards: wcap_port_random is a seeded
 * xorshift (QEMU's mps2 has no RNG). A real part feeds DTLS from its
 * hardware RNG here (docs/coap.md). */
static int dtls_rng(void *p, unsigned char *buf, size_t len)
{
    (void)p;
    wcap_port_random(buf, len);
    return 0;
}

static int dtls_send(void *ctx, const unsigned char *buf, size_t len)
{
    dtls_sess_t *d = ctx;
    send_to(dtls_pcb, &d->addr, d->port, buf, len);
    return (int)len;
}

static int dtls_recv(void *ctx, unsigned char *buf, size_t len)
{
    dtls_sess_t *d = ctx;
    if (d->rx == NULL)
        return MBEDTLS_ERR_SSL_WANT_READ;
    size_t n = d->rx_len < len ? d->rx_len : len;
    memcpy(buf, d->rx, n);
    d->rx = NULL;
    return (int)n;
}

static void dtls_set_timer(void *ctx, uint32_t int_ms, uint32_t fin_ms)
{
    dtls_sess_t *d = ctx;
    d->timer_start = wcap_port_millis();
    d->timer_int = int_ms;
    d->timer_fin = fin_ms;
}

static int dtls_get_timer(void *ctx)
{
    dtls_sess_t *d = ctx;
    uint64_t el = wcap_port_millis() - d->timer_start;
    if (d->timer_fin == 0)
        return -1;
    return el >= d->timer_fin ? 2 : el >= d->timer_int ? 1 : 0;
}

static int dtls_psk(void *p, mbedtls_ssl_context *ssl, const unsigned char *id, size_t id_len)
{
    (void)p;
    if (dtls_cur == NULL)
        return -1;
    size_t k;
    for (k = 0; k < id_len && k < WCAP_AUTH_ID_MAX; k++)
        dtls_cur->offered[k] = (id[k] > 0x20 && id[k] < 0x7F) ? (char)id[k] : '?';
    dtls_cur->offered[k] = '\0';
    int i = wcap_auth_find(dtls_clients, dtls_n_clients, (const char *)id, id_len);
    if (i < 0)
        return -1; /* unknown identity: the handshake ends with an alert */
    dtls_cur->client = (int8_t)i;
    return mbedtls_ssl_set_hs_psk(ssl, dtls_clients[i].key, dtls_clients[i].key_len);
}

static void dtls_refused(const dtls_sess_t *d, const char *why)
{
    if (net_log == NULL)
        return;
    char line[WCAP_AUTH_ID_MAX + 96];
    const char *id = d->client >= 0 ? dtls_clients[d->client].identity : d->offered[0] ? d->offered : "(none)";
    size_t n = 0;
    const char *parts[] = {"wcap net: auth: refused a DTLS session of '", id, "' (", why, ")"};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
        size_t l = strlen(parts[k]);
        if (l > sizeof line - 1 - n)
            l = sizeof line - 1 - n;
        memcpy(line + n, parts[k], l);
        n += l;
    }
    line[n] = '\0';
    net_log(line);
}

static int dtls_start(dtls_sess_t *d, const ip_addr_t *addr, u16_t port)
{
    uint8_t tid[6];
    uint32_t a = ip4_addr_get_u32(ip_2_ip4(addr));
    memcpy(tid, &a, 4);
    tid[4] = (uint8_t)(port >> 8);
    tid[5] = (uint8_t)port;
    (void)mbedtls_ssl_session_reset(&d->ssl);
    if (mbedtls_ssl_set_client_transport_id(&d->ssl, tid, sizeof tid) != 0)
        return -1;
    d->used = 1;
    d->done = 0;
    d->client = -1;
    d->offered[0] = '\0';
    ip_addr_copy(d->addr, *addr);
    d->port = port;
    d->last_ms = wcap_port_millis();
    d->timer_fin = 0;
    return 0;
}

static void dtls_drop(dtls_sess_t *d)
{
    (void)mbedtls_ssl_session_reset(&d->ssl);
    d->used = 0;
    d->done = 0;
    d->client = -1;
    d->timer_fin = 0;
}

/* Runs the handshake or reads records until mbedtls wants the next datagram. */
static void dtls_step(dtls_sess_t *d)
{
    int rc;
    dtls_cur = d;
    if (!d->done) {
        rc = mbedtls_ssl_handshake(&d->ssl);
        if (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE) {
            dtls_cur = NULL;
            return;
        }
        if (rc == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
            dtls_drop(d); /* the cookie is sent; the client comes back with it */
            dtls_cur = NULL;
            return;
        }
        if (rc != 0) {
            dtls_refused(d, d->client < 0 ? "unknown identity" : "wrong key or failed handshake");
            dtls_drop(d);
            dtls_cur = NULL;
            return;
        }
        d->done = 1;
    }
    for (;;) {
        rc = mbedtls_ssl_read(&d->ssl, coap_in, sizeof coap_in);
        if (rc <= 0) {
            if (rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == 0 || rc == MBEDTLS_ERR_SSL_CLIENT_RECONNECT)
                dtls_drop(d);
            break; /* WANT_READ, or a bad record: dropped by DTLS */
        }
        const wcap_auth_client_t *cl = &dtls_clients[d->client];
        wcap_dev_set_caller(coap_srv.dev, cl->role, cl->identity);
        uint32_t peer = peer_id(&d->addr, d->port) | 0x80000000u; /* never a plain-CoAP peer's id */
        size_t out =
            wcap_coap_srv_handle(&coap_srv, peer, coap_in, (size_t)rc, coap_out, sizeof coap_out, wcap_port_millis());
        if (out > 0)
            (void)mbedtls_ssl_write(&d->ssl, coap_out, out);
    }
    dtls_cur = NULL;
}

static int rank(const dtls_sess_t *d)
{
    return !d->used ? 0 : !d->done ? 1 : 2;
}

static void dtls_udp_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
    static uint8_t dgram[WCAP_COAP_DATAGRAM_MAX + 64];
    dtls_sess_t *d = NULL, *lru = NULL;
    (void)arg;
    (void)pcb;
    if (p->tot_len > sizeof dgram) {
        pbuf_free(p);
        return;
    }
    u16_t n = pbuf_copy_partial(p, dgram, p->tot_len, 0);
    pbuf_free(p);
    for (size_t i = 0; i < WCAP_FW_DTLS_SESSIONS; i++) {
        dtls_sess_t *e = &dtls_sess[i];
        if (e->used && e->port == port && ip_addr_cmp(&e->addr, addr)) {
            d = e;
            break;
        }
        /* the session a new client takes: a free one, else one still in its
         * handshake, else the least recently used */
        if (lru == NULL || rank(e) < rank(lru) || (rank(e) == rank(lru) && e->last_ms < lru->last_ms))
            lru = e;
    }
    if (d == NULL) {
        /* Only a ClientHello (handshake record of epoch 0, message type 1)
         * starts a session; stray records of a dropped one are ignored. */
        if (n < 14 || dgram[0] != 22 || dgram[3] != 0 || dgram[4] != 0 || dgram[13] != 1)
            return;
        d = lru;
        if (dtls_start(d, addr, port) != 0)
            return;
    }
    d->last_ms = wcap_port_millis();
    d->rx = dgram;
    d->rx_len = n;
    dtls_step(d);
    d->rx = NULL;
}

static int dtls_init(void)
{
    mbedtls_ssl_config_init(&dtls_conf);
    mbedtls_ssl_cookie_init(&dtls_cookie);
    if (mbedtls_ssl_config_defaults(&dtls_conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0 ||
        mbedtls_ssl_cookie_setup(&dtls_cookie, dtls_rng, NULL) != 0)
        return WCAP_E_NET_DTLS;
    mbedtls_ssl_conf_rng(&dtls_conf, dtls_rng, NULL);
    mbedtls_ssl_conf_psk_cb(&dtls_conf, dtls_psk, NULL);
    mbedtls_ssl_conf_dtls_cookies(&dtls_conf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &dtls_cookie);
    mbedtls_ssl_conf_handshake_timeout(&dtls_conf, 1000, 16000);
    for (size_t i = 0; i < WCAP_FW_DTLS_SESSIONS; i++) {
        dtls_sess_t *d = &dtls_sess[i];
        mbedtls_ssl_init(&d->ssl);
        if (mbedtls_ssl_setup(&d->ssl, &dtls_conf) != 0)
            return WCAP_E_NET_DTLS;
        mbedtls_ssl_set_bio(&d->ssl, d, dtls_send, dtls_recv, NULL);
        mbedtls_ssl_set_timer_cb(&d->ssl, d, dtls_set_timer, dtls_get_timer);
        d->client = -1;
    }
    dtls_pcb = udp_new();
    if (dtls_pcb == NULL || udp_bind(dtls_pcb, IP_ADDR_ANY, WCAP_COAPS_PORT) != ERR_OK)
        return WCAP_E_NET_ETH;
    udp_recv(dtls_pcb, dtls_udp_recv, NULL);
    return WCAP_OK;
}

/* Handshake retransmissions and idle sessions. */
static void dtls_poll(void)
{
    uint64_t now = wcap_port_millis();
    for (size_t i = 0; i < WCAP_FW_DTLS_SESSIONS; i++) {
        dtls_sess_t *d = &dtls_sess[i];
        if (!d->used)
            continue;
        if (now - d->last_ms > WCAP_FW_DTLS_IDLE_MS)
            dtls_drop(d); /* a client that vanished */
        else if (!d->done && d->timer_fin != 0 && dtls_get_timer(d) >= 1)
            dtls_step(d); /* mbedtls resends its last flight, or gives up */
    }
}
#endif /* WCAP_FW_DTLS */

int wcap_fw_net_init(wcap_dev_t *dev, uint8_t anon_role, const wcap_auth_client_t *clients, size_t n_clients,
                     void (*log)(const char *line))
{
    static const uint8_t mac[6] = WCAP_FW_NET_MAC;
    ip4_addr_t ip, mask, gw;
    int rc;

    if ((rc = wcap_eth_init(mac)) != WCAP_OK)
        return rc;
    lwip_init();
    (void)ip4addr_aton(WCAP_FW_NET_ADDR, &ip);
    (void)ip4addr_aton(WCAP_FW_NET_MASK, &mask);
    (void)ip4addr_aton(WCAP_FW_NET_GATEWAY, &gw);
    if (netif_add(&fw_netif, &ip, &mask, &gw, NULL, netif_setup, ethernet_input) == NULL)
        return WCAP_E_NET_ETH;
    netif_set_default(&fw_netif);
    netif_set_up(&fw_netif);
    netif_set_link_up(&fw_netif);
    wcap_coap_srv_init(&coap_srv, dev, WCAP_FW_COAP_MAX_BODY, WCAP_FW_COAP_TIMEOUT_MS);
    coap_anon_role = anon_role;
    coap_pcb = udp_new();
    if (coap_pcb == NULL || udp_bind(coap_pcb, IP_ADDR_ANY, WCAP_COAP_PORT) != ERR_OK)
        return WCAP_E_NET_ETH;
    udp_recv(coap_pcb, coap_recv, NULL);
    net_log = log;
#if WCAP_FW_DTLS
    dtls_clients = clients;
    dtls_n_clients = n_clients;
    return dtls_init();
#else
    (void)clients;
    (void)n_clients;
    return WCAP_OK;
#endif
}

void wcap_fw_net_poll(void)
{
    size_t n;
    unsigned budget = 8; /* frames per poll: the UART is served in between */

    while (budget-- > 0 && (n = wcap_eth_recv(frame_buf, sizeof frame_buf)) > 0) {
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL);
        if (p == NULL)
            break; /* the frame is lost; its sender retransmits */
        (void)pbuf_take(p, frame_buf, (u16_t)n);
        if (fw_netif.input(p, &fw_netif) != ERR_OK)
            pbuf_free(p);
    }
    sys_check_timeouts();
#if WCAP_FW_DTLS
    dtls_poll();
#endif
    (void)wcap_coap_srv_poll(&coap_srv, wcap_port_millis());
}
