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

static struct netif fw_netif;
static struct udp_pcb *coap_pcb;
static wcap_coap_srv_t coap_srv;
static uint8_t coap_anon_role;
static uint8_t frame_buf[WCAP_ETH_FRAME_MAX]; /* one frame in or out at a time */
static uint8_t coap_in[WCAP_COAP_DATAGRAM_MAX], coap_out[WCAP_COAP_DATAGRAM_MAX];

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
    size_t out = wcap_coap_srv_handle(&coap_srv, peer_id(addr, port), coap_in, n, coap_out, sizeof coap_out,
                                      wcap_port_millis());
    if (out == 0)
        return;
    struct pbuf *q = pbuf_alloc(PBUF_TRANSPORT, (u16_t)out, PBUF_RAM);
    if (q == NULL)
        return; /* the client retransmits */
    (void)pbuf_take(q, coap_out, (u16_t)out);
    (void)udp_sendto(pcb, q, addr, port);
    pbuf_free(q);
}

int wcap_fw_net_init(wcap_dev_t *dev, uint8_t anon_role)
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
    return WCAP_OK;
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
    (void)wcap_coap_srv_poll(&coap_srv, wcap_port_millis());
}
