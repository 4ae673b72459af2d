/*
 * The device service on a board: loader policy (target, trusted keys, symbol
 * table, capsule RAM in the executable arena), the portable device service of
 * device/ over the UART transport, and the serve loop.
 *
 * Installed capsules and their anti-rollback floors are kept in the store and
 * loaded again at boot: on the board's flash when it has one (board_flash.h,
 * device/store_flash.c: survives power loss; build option WCAP_FW_FLASH_STORE),
 * else in reset-surviving RAM (store_noinit.c). The Reboot request resets the
 * board once it has been answered. With the network, what the capsules log
 * outside requests is also kept in a small log ring for CoAP's GET /log.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "fw.h"
#include "store_noinit.h"
#if WCAP_FW_FLASH_STORE
#include "board_flash.h"
#include "wcap/dev/store_flash.h"
#endif
#include "uart_transport.h"
#if WCAP_FW_NET
#include "net.h"
#endif
#include "wcap/dev/service.h"
#include "wcap/errors.h"
#include "wcap/heap.h"
#include "wcap/port.h"
#include "wcap/rt.h"
#include "wcap/rt_config.h"

static wcap_dev_t fw_dev;
static wcap_heap_t fw_ram;
static wcap_ldr_config_t fw_ldr;
static wcap_dev_store_t fw_store;
#if WCAP_FW_FLASH_STORE
static wcap_dev_store_flash_t fw_flash;
#endif
#if WCAP_FW_NET
static int fw_net_up;
static wcap_log_ring_t fw_log; /* GET /log over CoAP */
static uint8_t fw_log_buf[WCAP_FW_LOG_RING];
#endif

static void put_line(const char *a, const char *b)
{
    wcap_board_uart_write((const uint8_t *)a, strlen(a));
    wcap_board_uart_write((const uint8_t *)b, strlen(b));
    wcap_board_uart_write((const uint8_t *)"\n", 1);
}

/* A stored capsule that did not load at boot: one console line. */
static void boot_report(const char *name, int err)
{
    put_line("wcap store: not started: ", name);
    put_line("wcap store:   ", wcap_strerror(err));
}

/* A refusal for the device's log: the UART is the protocol link, so the
 * line goes between frames, followed by 0x00 so the host drops it as one
 * bad frame (like the banner) and the next answer arrives intact. */
static void log_line(void *user, const char *line)
{
    static const uint8_t end[] = {'\n', 0};
    (void)user;
    wcap_board_uart_write((const uint8_t *)line, strlen(line));
    wcap_board_uart_write(end, sizeof end);
}

#if WCAP_FW_NET
static void net_log(const char *line)
{
    log_line(NULL, line);
}
#endif

static void reboot(void *user)
{
    (void)user;
    wcap_board_reset();
}

void wcap_fw_service_init(void)
{
    int st;

    wcap_fw_core_init(&fw_ldr, &fw_ram);
#if WCAP_RT_STACK_PEAK
    (void)wcap_rt_stack_peak_enable(1); /* every call's CallResult carries its stack peak */
#endif
#if WCAP_FW_FLASH_STORE
    const wcap_dev_flash_t *fl = wcap_board_flash();
    if (fl != NULL) {
        int rc = wcap_dev_store_flash_open(&fw_flash, fl, &fw_store);
        if (rc < 0)
            put_line("wcap store: flash locked: ", wcap_strerror(rc)); /* attached: every write refused */
        else
            put_line("wcap store: flash", rc == 1 ? ": empty (formatted)" : "");
        st = WCAP_FW_STORE_KEPT;
    } else
#endif
        st = wcap_fw_store_open(&fw_store);
    if (st == WCAP_FW_STORE_EMPTY)
        put_line("wcap store: ", "empty (cold boot or invalid contents)");
    else if (st == WCAP_FW_STORE_NONE)
        put_line("wcap store: ", "none (noinit area too small): installs are lost at reset");
    wcap_dev_config_t dc = {.ldr = &fw_ldr,
                            .store = st == WCAP_FW_STORE_NONE ? NULL : &fw_store,
                            .transport = &wcap_fw_uart_transport,
                            .firmware = "wcap-fw " WCAP_FW_VERSION,
                            .ram_total = (uint32_t)sizeof wcap_fw_arena,
                            .clients = wcap_board_clients,
                            .n_clients = wcap_board_n_clients,
                            .anonymous_role = WCAP_ROLE_READER,
                            .log = log_line};
    wcap_dev_init(&fw_dev, &dc);
    wcap_dev_set_reboot(&fw_dev, reboot, NULL);
#if WCAP_FW_NET
    uint32_t boot;
    wcap_port_random((uint8_t *)&boot, sizeof boot);
    if (wcap_log_init(&fw_log, fw_log_buf, sizeof fw_log_buf, boot) == WCAP_OK)
        wcap_dev_set_log(&fw_dev, &fw_log); /* before the boot: what init logs there is kept too */
#endif
    (void)wcap_dev_boot(&fw_dev, boot_report);
#if WCAP_FW_NET
#if WCAP_FW_COAP_ANON_ADMIN
    /* Development only (firmware-insecure.elf): plain-CoAP callers are admins. */
    int nrc = wcap_fw_net_init(&fw_dev, WCAP_ROLE_ADMIN, wcap_board_clients, wcap_board_n_clients, net_log);
    if (nrc == WCAP_OK)
        put_line("wcap net: ",
                 WCAP_FW_NET_ADDR " coap udp/5683 coaps udp/5684 (INSECURE: anonymous CoAP callers are admins)");
#else
    int nrc = wcap_fw_net_init(&fw_dev, WCAP_ROLE_READER, wcap_board_clients, wcap_board_n_clients, net_log);
    if (nrc == WCAP_OK)
        put_line("wcap net: ", WCAP_FW_NET_ADDR " coap udp/5683 coaps udp/5684");
#endif
    fw_net_up = nrc == WCAP_OK;
    if (nrc != WCAP_OK)
        put_line("wcap net: down: ", wcap_strerror(nrc));
#endif
}

uint32_t wcap_fw_service_ram_free(void)
{
    return (uint32_t)wcap_heap_largest_free(&fw_ram);
}

void wcap_fw_service_run(void)
{
    uint64_t next_tick = wcap_port_millis() + 1000u;

    wcap_dev_link_reset(&fw_dev);
    for (;;) {
#if WCAP_FW_NET
        if (fw_net_up) {
            (void)wcap_dev_poll(&fw_dev, 1); /* the UART until the next 1 ms tick, then the network */
            wcap_fw_net_poll();
        } else
#endif
            (void)wcap_dev_poll(&fw_dev, 1000);
        if (wcap_port_millis() >= next_tick) { /* `tick` of running capsules, about 1 Hz (docs/coap.md) */
            (void)wcap_dev_tick(&fw_dev);
            next_tick = wcap_port_millis() + 1000u;
        }
    }
}
