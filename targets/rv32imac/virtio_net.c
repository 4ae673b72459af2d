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
 * RAM: one receive buffer (a frame and its header, 1526 B) and the two
 * rings (about 1.6 KB in all; the MPS2 boards' LAN9118 needs none, and the
 * rv32 network firmware has no room for more). Transmission copies nothing:
 * a two-descriptor chain (the zeroed header, then the caller's frame) is
 * handed to the device, and send waits until the device has read it, so the
 * caller may reuse its buffer at once and back-to-back frames (a DTLS flight)
 * are not dropped. If the device has not read it within TX_WAIT_MS, the
 * device is reset and set up again, which takes the chain back from it: a
 * returned buffer is never read later (QEMU's virtio-net reads it from its
 * main loop, which a loaded host can hold up for milliseconds). While the receive buffer is being read, QEMU
 * keeps further frames queued until it is posted again.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "eth_driver.h"
#include "virt.h"
#include "wcap/port.h"
#include "wcap/errors.h"

#define MMIO_BASE 0x10001000u /* eight virtio-mmio slots, 0x1000 apart */
#define MMIO_SLOTS 8u

enum {
    R_MAGIC = 0x000,
    R_VERSION = 0x004,
    R_DEVICE_ID = 0x008,
    R_DEV_FEATURES = 0x010,
    R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020,
    R_DRV_FEATURES_SEL = 0x024,
    R_QUEUE_SEL = 0x030,
    R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038,
    R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050,
    R_INT_STATUS = 0x060,
    R_INT_ACK = 0x064,
    R_STATUS = 0x070,
    R_DESC_LO = 0x080,
    R_DESC_HI = 0x084,
    R_DRIVER_LO = 0x090,
    R_DRIVER_HI = 0x094,
    R_DEVICE_LO = 0x0A0,
    R_DEVICE_HI = 0x0A4
};
#define MAGIC 0x74726976u /* "virt" */
#define DEV_NET 1u
#define ST_ACK 1u
#define ST_DRIVER 2u
#define ST_DRIVER_OK 4u
#define ST_FEATURES_OK 8u
#define F_VERSION_1 (1u << 0) /* feature bit 32: in the second feature word */
#define DESC_F_NEXT 1u
#define DESC_F_WRITE 2u
#define AVAIL_F_NO_INTERRUPT 1u
#define NET_HDR 12u /* struct virtio_net_hdr with num_buffers (virtio 1.x) */
#define BUF_SIZE (NET_HDR + 1514u)
#define QSIZE 2u /* entries per virtqueue: TX chains two descriptors */
#define Q_RX 0u
#define Q_TX 1u
#define TX_WAIT_MS 50u

typedef struct {
    uint32_t addr_lo, addr_hi;
    uint32_t len;
    uint16_t flags, next;
} vq_desc_t;

/* One split virtqueue of QSIZE entries. */
typedef struct {
    vq_desc_t desc[QSIZE];
    struct {
        volatile uint16_t flags, idx;
        volatile uint16_t ring[QSIZE];
        volatile uint16_t used_event;
    } avail;
    struct {
        volatile uint16_t flags, idx;
        volatile struct {
            uint32_t id, len;
        } ring[QSIZE];
        volatile uint16_t avail_event;
    } used __attribute__((aligned(4)));
    uint16_t last_used; /* the used entries seen so far (receive queue) */
} vq_t;

static uintptr_t base;
static uint8_t station[6]; /* for the set-up again after a transmit timeout */
static vq_t rxq __attribute__((aligned(16))), txq __attribute__((aligned(16)));
static uint8_t rx_buf[BUF_SIZE] __attribute__((aligned(4)));
static const uint8_t tx_hdr[NET_HDR]; /* no offloads: all zero */

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

static int queue_setup(uint32_t q, vq_t *vq)
{
    REG(R_QUEUE_SEL) = q;
    if (REG(R_QUEUE_READY) != 0 || REG(R_QUEUE_NUM_MAX) < QSIZE)
        return WCAP_E_NET_ETH;
    memset(vq, 0, sizeof *vq);
    vq->avail.flags = AVAIL_F_NO_INTERRUPT; /* polled */
    REG(R_QUEUE_NUM) = QSIZE;
    REG(R_DESC_LO) = (uint32_t)(uintptr_t)vq->desc;
    REG(R_DESC_HI) = 0;
    REG(R_DRIVER_LO) = (uint32_t)(uintptr_t)&vq->avail;
    REG(R_DRIVER_HI) = 0;
    REG(R_DEVICE_LO) = (uint32_t)(uintptr_t)&vq->used;
    REG(R_DEVICE_HI) = 0;
    REG(R_QUEUE_READY) = 1;
    return WCAP_OK;
}

/* Gives the receive buffer (back) to the device: descriptor 0. */
static void rx_post(void)
{
    vq_desc_t *d = &rxq.desc[0];
    d->addr_lo = (uint32_t)(uintptr_t)rx_buf;
    d->addr_hi = 0;
    d->len = BUF_SIZE;
    d->flags = DESC_F_WRITE;
    d->next = 0;
    rxq.avail.ring[rxq.avail.idx % QSIZE] = 0;
    fence();
    rxq.avail.idx = (uint16_t)(rxq.avail.idx + 1u);
    fence();
    REG(R_QUEUE_NOTIFY) = Q_RX;
}

int wcap_eth_init(const uint8_t mac[6])
{
    /* QEMU's device takes every destination address (promiscuous after
     * reset); lwIP drops what is not for it. */
    if (mac != station)
        memcpy(station, mac, sizeof station);
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
    if ((REG(R_STATUS) & ST_FEATURES_OK) == 0 || queue_setup(Q_RX, &rxq) != WCAP_OK ||
        queue_setup(Q_TX, &txq) != WCAP_OK)
        return WCAP_E_NET_ETH;
    REG(R_STATUS) = ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK;
    rx_post();
    return WCAP_OK;
}

size_t wcap_eth_recv(uint8_t *buf, size_t cap)
{
    REG(R_INT_ACK) = REG(R_INT_STATUS); /* the line is not wired (PLIC off for it); keep it quiet */
    if (rxq.last_used == rxq.used.idx)
        return 0;
    fence();
    uint32_t id = rxq.used.ring[rxq.last_used % QSIZE].id;
    uint32_t len = rxq.used.ring[rxq.last_used % QSIZE].len;
    rxq.last_used = (uint16_t)(rxq.last_used + 1u);
    if (id != 0)
        return 0; /* the device broke the ring's rules: the buffer stays with it */
    size_t n = len > NET_HDR && len <= BUF_SIZE ? len - NET_HDR : 0;
    if (n > cap)
        n = 0; /* larger than the caller takes: dropped */
    if (n > 0)
        memcpy(buf, rx_buf + NET_HDR, n);
    rx_post();
    return n;
}

/* Waits until the device has read every frame handed to it; after
 * TX_WAIT_MS it resets the device instead (dropping what it held). Returns
 * 1 when the frame was taken, 0 when it was dropped. */
static int tx_drain(void)
{
    uint64_t t0 = wcap_port_millis();
    while (txq.used.idx != txq.avail.idx)
        if (wcap_port_millis() - t0 > TX_WAIT_MS) {
            (void)wcap_eth_init(station);
            return 0;
        }
    return 1;
}

int wcap_eth_send(const uint8_t *frame, size_t len)
{
    if (len < 14u || len > WCAP_ETH_FRAME_MAX)
        return WCAP_E_NET_ETH;
    txq.desc[0].addr_lo = (uint32_t)(uintptr_t)tx_hdr;
    txq.desc[0].addr_hi = 0;
    txq.desc[0].len = NET_HDR;
    txq.desc[0].flags = DESC_F_NEXT;
    txq.desc[0].next = 1;
    txq.desc[1].addr_lo = (uint32_t)(uintptr_t)frame;
    txq.desc[1].addr_hi = 0;
    txq.desc[1].len = (uint32_t)len;
    txq.desc[1].flags = 0;
    txq.desc[1].next = 0;
    txq.avail.ring[txq.avail.idx % QSIZE] = 0;
    fence();
    txq.avail.idx = (uint16_t)(txq.avail.idx + 1u);
    fence();
    REG(R_QUEUE_NOTIFY) = Q_TX;
    /* The frame is the caller's: it must have been read before we return. */
    return tx_drain() ? WCAP_OK : WCAP_E_NET_ETH;
}
