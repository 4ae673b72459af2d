/*
 * SMSC LAN9118 / LAN9220 Ethernet controller (what QEMU emulates on
 * mps2-an386 and mps2-an505), polled, 32-bit PIO through its FIFOs.
 * Register map: SMSC LAN9118 datasheet, section 5 (system CSRs) and 5.4 (MAC
 * CSRs reached through MAC_CSR_CMD/DATA). WCAP_NET_ETH_BASE comes from the
 * board (board_config.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "board_config.h"
#include "eth_driver.h"
#include "wcap/errors.h"

#define REG(off) (*(volatile uint32_t *)(uintptr_t)(WCAP_NET_ETH_BASE + (off)))
#define RX_DATA 0x00u
#define TX_DATA 0x20u
#define RX_STATUS 0x40u
#define TX_STATUS 0x48u
#define ID_REV 0x50u
#define INT_STS 0x58u
#define INT_EN 0x5Cu
#define BYTE_TEST 0x64u
#define RX_CFG 0x6Cu
#define TX_CFG 0x70u
#define HW_CFG 0x74u
#define RX_FIFO_INF 0x7Cu
#define TX_FIFO_INF 0x80u
#define PMT_CTRL 0x84u
#define MAC_CSR_CMD 0xA4u
#define MAC_CSR_DATA 0xA8u

#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u

#define CSR_BUSY 0x80000000u
#define CSR_READ 0x40000000u
#define MAC_CR_RXEN 0x00000004u
#define MAC_CR_TXEN 0x00000008u
#define MAC_CR_FDPX 0x00100000u
#define TX_CFG_TXSAO 0x00000004u /* TX status FIFO may overrun: we never read it */
#define TX_CFG_TX_ON 0x00000002u
#define HW_CFG_SRST 0x00000001u
#define PMT_READY 0x00000001u

static int csr_wait(void)
{
    for (uint32_t i = 0; i < 100000u; i++)
        if ((REG(MAC_CSR_CMD) & CSR_BUSY) == 0)
            return WCAP_OK;
    return WCAP_E_NET_ETH;
}

static int mac_write(uint32_t reg, uint32_t v)
{
    if (csr_wait() != WCAP_OK)
        return WCAP_E_NET_ETH;
    REG(MAC_CSR_DATA) = v;
    REG(MAC_CSR_CMD) = CSR_BUSY | reg;
    return csr_wait();
}

int wcap_eth_init(const uint8_t mac[6])
{
    uint32_t i;

    if (REG(BYTE_TEST) != 0x87654321u)
        return WCAP_E_NET_ETH;
    REG(HW_CFG) = HW_CFG_SRST;
    for (i = 0; i < 100000u && (REG(HW_CFG) & HW_CFG_SRST) != 0; i++)
        ;
    for (i = 0; i < 100000u && (REG(PMT_CTRL) & PMT_READY) == 0; i++)
        ;
    if ((REG(PMT_CTRL) & PMT_READY) == 0)
        return WCAP_E_NET_ETH;
    REG(INT_EN) = 0; /* polled */
    REG(INT_STS) = 0xFFFFFFFFu;
    REG(RX_CFG) = 0; /* no offset, no end padding */
    if (mac_write(MAC_ADDRL, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                                 (uint32_t)mac[3] << 24) != WCAP_OK ||
        mac_write(MAC_ADDRH, (uint32_t)mac[4] | (uint32_t)mac[5] << 8) != WCAP_OK ||
        /* perfect filtering on our address + broadcast (not promiscuous, the reset value) */
        mac_write(MAC_CR, MAC_CR_RXEN | MAC_CR_TXEN | MAC_CR_FDPX) != WCAP_OK)
        return WCAP_E_NET_ETH;
    REG(TX_CFG) = TX_CFG_TX_ON | TX_CFG_TXSAO;
    return WCAP_OK;
}

size_t wcap_eth_recv(uint8_t *buf, size_t cap)
{
    while (((REG(RX_FIFO_INF) >> 16) & 0xFFu) != 0) {
        uint32_t st = REG(RX_STATUS);
        uint32_t len = (st >> 16) & 0x3FFFu; /* with the 4-byte CRC */
        uint32_t words = (len + 3u) / 4u;
        int ok = (st & 0x00008000u) == 0 && len > 4u && len - 4u <= cap;
        size_t n = ok ? len - 4u : 0;
        for (uint32_t w = 0; w < words; w++) {
            uint32_t v = REG(RX_DATA);
            for (uint32_t b = 0; b < 4u; b++) {
                size_t at = (size_t)w * 4u + b;
                if (at < n)
                    buf[at] = (uint8_t)(v >> (8u * b));
            }
        }
        if (ok)
            return n;
    }
    return 0;
}

int wcap_eth_send(const uint8_t *frame, size_t len)
{
    uint32_t words = (uint32_t)((len + 3u) / 4u);

    if (len < 14u || len > WCAP_ETH_FRAME_MAX)
        return WCAP_E_NET_ETH;
    if ((REG(TX_FIFO_INF) & 0xFFFFu) < words * 4u + 8u)
        return WCAP_E_NET_ETH;
    /* command A: first and last segment, buffer size; command B: tag 0, packet length */
    REG(TX_DATA) = 0x00003000u | (uint32_t)len;
    REG(TX_DATA) = (uint32_t)len;
    for (uint32_t w = 0; w < words; w++) {
        uint32_t v = 0;
        for (uint32_t b = 0; b < 4u; b++) {
            size_t at = (size_t)w * 4u + b;
            if (at < len)
                v |= (uint32_t)frame[at] << (8u * b);
        }
        REG(TX_DATA) = v;
    }
    return WCAP_OK;
}
