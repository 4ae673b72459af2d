/*
 * lwIP 2.1 options of the boards: raw API without an OS (NO_SYS), IPv4 with
 * a static address, ARP, UDP for CoAP and ICMP echo; no TCP, DHCP, DNS,
 * IGMP, IPv6, fragmentation or statistics. Buffers are fixed pools in .bss
 * (the MEM/MEMP sizes below are the whole of lwIP's RAM).
 */
#ifndef WCAP_LWIPOPTS_H
#define WCAP_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0 /* single-threaded: lwIP runs only from the main loop */
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_RAW 0
#define LWIP_TCP 0
#define LWIP_UDP 1
#define LWIP_ICMP 1
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_ACD 0
#define IP_REASSEMBLY 0 /* a CoAP block (<= 1024 bytes) always fits one frame */
#define IP_FRAG 0
#define LWIP_STATS 0
#define LWIP_NETIF_HOSTNAME 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_SINGLE_NETIF 1
#define LWIP_HAVE_LOOPIF 0
#define ETHARP_SUPPORT_VLAN 0
#define ETHARP_TABLE_MATCH_NETIF 0
#define ARP_TABLE_SIZE 4
#define ARP_QUEUEING 0
#define LWIP_ICMP_ECHO 1

#define MEM_ALIGNMENT 4
#define MEM_SIZE (4 * 1024) /* heap for outgoing pbufs (answers, ARP) */
#define MEMP_NUM_PBUF 4
#define MEMP_NUM_UDP_PCB 2
#define MEMP_NUM_SYS_TIMEOUT 4
#define PBUF_POOL_SIZE \
    2 /* received frames: net.c passes each up and lwIP, CoAP and DTLS are
                                   done with it (copied or freed) before the next is read */
#define PBUF_POOL_BUFSIZE 1536

#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_UDP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_UDP 1

/* Not cryptographic (wcap_port_random, docs/coap.md); lwIP uses it only for
 * the ARP/ID choices of features that are off here. */
#define LWIP_RAND() wcap_fw_net_rand()
#include <stdint.h>
uint32_t wcap_fw_net_rand(void);

#endif /* WCAP_LWIPOPTS_H */
