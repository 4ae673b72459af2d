/*
 * virtio-net on QEMU virt's virtio-mmio transport (what rv32imac's qemu.sh
 * attaches with --coap), polled: the Ethernet driver of eth_driver.h.
 * Virtio 1.x only ("modern" virtio-mmio, register layout version 2: qemu.sh
 * sets virtio-mmio.force-legacy=false); split virtqueues; no offloads, no
 * mergeable receive buffers, so every received frame is one buffer with the
 * 12-byte virtio-net header in front. Spec: OASIS Virtual I/O Device 1.1,
 * sections 2.6 (split virtqueues), 3.1 (initialisation), 4.2.2 (MMIO
 * registers) and 5.1 (network device).
 *
 * RAM: RX_SLOTS receive buffers and one transmit buffer of a frame and its
 * header each, and their rings (about 4.7 KB in all). Transmission copies the
 * frame and waits (bounded) for the device to have taken the previous one,
 * so back-to-back frames (a DTLS flight) are not dropped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eth_driver.h"
#include "virt.h"
#include "wcap/errors.h"

#define MMIO_BASE  0x10001000u /* eight virtio-mmio slots, 0x1000 apart */
#define MMIO_SLOTS 8u

enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024, R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038, R_QUEUE_READY = 0x044, R_QUEUE_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_INT_ACK = 0x064,
    R_STATUS = 0x070, R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_DRIVER_LO = 0x090, R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0A0, R_DEVICE_HI = 0x0A4
};
#define MAGIC        0x74726976u /* "virt" */
#define DEV_NET      1u
#define ST_ACK       1u
#define ST_DRIVER    2u
#define ST_DRIVER_OK 4u
#define ST_FEATURES_OK 8u
#define F_VERSION_1  (1u << 0) /* feature bit 32: in the second feature word */
#define DESC_F_WRITE 2u
#define AVAIL_F_NO_INTERRUPT 1u
#define NET_HDR      12u /* struct virtio_net_hdr with num_buffers (virtio 1.x) */
#define BUF_SIZE     (NET_HDR + 1514u)
#define RX_SLOTS     2u  /* QEMU holds further frames in its queue until a slot is given back */
#define Q_RX         0u
#define Q_TX         1u
#define SPIN_MAX     1000000u

typedef struct {
    uint32_t addr_lo, addr_hi;
    uint32_t len;
    uint16_t flags, next;
} vq_desc_t;

/* One split virtqueue of `n` entries (n = RX_SLOTS or 1). */
typedef struct {
    vq_desc_t desc[RX_SLOTS];
    struct {
        volatile uint16_t flags, idx;
        volatile uint16_t ring[RX_SLOTS];
        volatile uint16_t used_event;
    } avail;
    struct {
        volatile uint16_t flags, idx;
        volatile struct {
            uint32_t id, len;
        } ring[RX_SLOTS];
        volatile uint16_t avail_event;
    } used __attribute__((aligned(4)));
    uint16_t last_used; /* the used entries seen so far */
} vq_t;

static uintptr_t base;
static vq_t rxq __attribute__((aligned(16))), txq __attribute__((aligned(16)));
static uint8_t rx_buf[RX_SLOTS][BUF_SIZE] __attribute__((aligned(4)));
static uint8_t tx_buf[BUF_SIZE] __attribute__((aligned(4)));
static uint8_t tx_busy;

#define REG(off) RV_REG32(base + (off))

static void fence(void)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
}

static int find_device(void)
{
    for (uint32_t i = 0; i < MMIO_SLOTS; i++) {
        uintptr_t b = MMIO_BASE + i * 0x1000u;
        if (RV_REG32(b + R_MAGIC) == MAGIC && RV_REG32(b + R_DEVICE_ID) == DEV_NET) {
            base = b;
            return RV_REG32(b + R_VERSION) == 2u ? WCAP_OK : WCAP_E_NET_ETH; /* legacy: not supported */
        }
    }
    return WCAP_E_NET_ETH;
}

static int queue_setup(uint32_t q, vq_t *vq, uint32_t n)
{
    REG(R_QUEUE_SEL) = q;
    if (REG(R_QUEUE_READY) != 0 || REG(R_QUEUE_NUM_MAX) < n)
        return WCAP_E_NET_ETH;
    memset(vq, 0, sizeof *vq);
    vq->avail.flags = AVAIL_F_NO_INTERRUPT; /* polled */
    REG(R_QUEUE_NUM) = n;
    REG(R_DESC_LO) = (uint32_t)(uintptr_t)vq->desc;
    REG(R_DESC_HI) = 0;
    REG(R_DRIVER_LO) = (uint32_t)(uintptr_t)&vq->avail;
    REG(R_DRIVER_HI) = 0;
    REG(R_DEVICE_LO) = (uint32_t)(uintptr_t)&vq->used;
    REG(R_DEVICE_HI) = 0;
    REG(R_QUEUE_READY) = 1;
    return WCAP_OK;
}

/* Gives receive slot `i` (back) to the device. */
static void rx_post(uint16_t i)
{
    vq_desc_t *d = &rxq.desc[i];
    d->addr_lo = (uint32_t)(uintptr_t)rx_buf[i];
    d->addr_hi = 0;
    d->len = BUF_SIZE;
    d->flags = DESC_F_WRITE;
    d->next = 0;
    rxq.avail.ring[rxq.avail.idx % RX_SLOTS] = i;
    fence();
    rxq.avail.idx = (uint16_t)(rxq.avail.idx + 1u);
    fence();
    REG(R_QUEUE_NOTIFY) = Q_RX;
}

int wcap_eth_init(const uint8_t mac[6])
{
    (void)mac; /* QEMU's device takes every destination address (promiscuous after reset) */
    if (find_device() != WCAP_OK)
        return WCAP_E_NET_ETH;
    REG(R_STATUS) = 0; /* reset */
    REG(R_STATUS) = ST_ACK;
    REG(R_STATUS) = ST_ACK | ST_DRIVER;
    REG(R_DEV_FEATURES_SEL) = 1;
    if ((REG(R_DEV_FEATURES) & F_VERSION_1) == 0)
        return WCAP_E_NET_ETH;
    REG(R_DRV_FEATURES_SEL) = 0;
    REG(R_DRV_FEATURES) = 0; /* no checksum offload, no MAC from config: lwIP does both */
    REG(R_DRV_FEATURES_SEL) = 1;
    REG(R_DRV_FEATURES) = F_VERSION_1;
    REG(R_STATUS) = ST_ACK | ST_DRIVER | ST_FEATURES_OK;
    if ((REG(R_STATUS) & ST_FEATURES_OK) == 0 || queue_setup(Q_RX, &rxq, RX_SLOTS) != WCAP_OK ||
        queue_setup(Q_TX, &txq, 1) != WCAP_OK)
        return WCAP_E_NET_ETH;
    REG(R_STATUS) = ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK;
    tx_busy = 0;
    for (uint16_t i = 0; i < RX_SLOTS; i++)
        rx_post(i);
    return WCAP_OK;
}

size_t wcap_eth_recv(uint8_t *buf, size_t cap)
{
    REG(R_INT_ACK) = REG(R_INT_STATUS); /* the line is not wired (PLIC off for it); keep it quiet */
    while (rxq.last_used != rxq.used.idx) {
        fence();
        uint32_t id = rxq.used.ring[rxq.last_used % RX_SLOTS].id;
        uint32_t len = rxq.used.ring[rxq.last_used % RX_SLOTS].len;
        rxq.last_used = (uint16_t)(rxq.last_used + 1u);
        if (id >= RX_SLOTS)
            return 0; /* the device broke the ring's rules: stop reading it */
        size_t n = len > NET_HDR && len <= BUF_SIZE ? len - NET_HDR : 0;
        if (n > 0 && n <= cap)
            memcpy(buf, rx_buf[id] + NET_HDR, n);
        rx_post((uint16_t)id);
        if (n > 0 && n <= cap)
            return n;
    }
    return 0;
}

int wcap_eth_send(const uint8_t *frame, size_t len)
{
    if (len < 14u || len > BUF_SIZE - NET_HDR)
        return WCAP_E_NET_ETH;
    for (uint32_t i = 0; tx_busy && i < SPIN_MAX; i++) {
        if (txq.last_used != txq.used.idx) {
            txq.last_used = txq.used.idx;
            tx_busy = 0;
        }
    }
    if (tx_busy)
        return WCAP_E_NET_ETH; /* the device has not taken the last frame: this one is dropped */
    memset(tx_buf, 0, NET_HDR);
    memcpy(tx_buf + NET_HDR, frame, len);
    txq.desc[0].addr_lo = (uint32_t)(uintptr_t)tx_buf;
    txq.desc[0].addr_hi = 0;
    txq.desc[0].len = (uint32_t)(NET_HDR + len);
    txq.desc[0].flags = 0;
    txq.avail.ring[0] = 0;
    fence();
    txq.avail.idx = (uint16_t)(txq.avail.idx + 1u);
    fence();
    tx_busy = 1;
    REG(R_QUEUE_NOTIFY) = Q_TX;
    return WCAP_OK;
}
