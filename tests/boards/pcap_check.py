#!/usr/bin/env python3
"""What left the board: reads QEMU's filter-dump pcap of the board's network
and fails unless every frame the board sent (source MAC = the board's) is ARP
or a UDP datagram from its CoAP port (an answer). Prints a one-line summary.

  pcap_check.py FILE BOARD_MAC COAP_PORT [COAP_PORT...]"""
import struct
import sys


def main():
    path, mac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
    ports = {int(p) for p in sys.argv[3:]}
    data = open(path, "rb").read()
    if len(data) < 24:
        sys.exit("pcap_check: %s: no pcap header" % path)
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    pos, sent, recv, bad = 24, {"arp": 0, "udp": 0}, 0, []
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack(end + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        if len(frame) < 14:
            bad.append("runt frame")
            continue
        if frame[6:12] != mac:
            recv += 1
            continue
        etype = struct.unpack(">H", frame[12:14])[0]
        if etype == 0x0806:
            sent["arp"] += 1
        elif etype == 0x0800 and len(frame) >= 14 + 20 + 8 and frame[14 + 9] == 17:
            ihl = (frame[14] & 15) * 4
            sport = struct.unpack(">H", frame[14 + ihl:14 + ihl + 2])[0]
            if sport in ports:
                sent["udp"] += 1
            else:
                bad.append("UDP from port %d" % sport)
        else:
            bad.append("ethertype 0x%04x proto %d" % (etype, frame[14 + 9] if len(frame) > 23 else -1))
    print("pcap: %d frames to the board; from it %d ARP, %d CoAP answers, %d others"
          % (recv, sent["arp"], sent["udp"], len(bad)))
    if bad:
        sys.exit("pcap_check: the board sent: " + ", ".join(bad[:10]))
    if sent["udp"] == 0:
        sys.exit("pcap_check: no CoAP answer in the capture (is the dump working?)")


main()
