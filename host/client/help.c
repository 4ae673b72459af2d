/* What each device command does, for its --help (session.c prints it with the
 * options every device command takes, the environment and the exit codes). */
#include <string.h>

#include "client.h"

typedef struct {
    const char *cmd;
    const char *text;
} help_t;

static const help_t help[] = {
    {"push", "Installs a signed blob (.wcap from wcap build) on the device, or updates the capsule of the same\n"
             "name: the device verifies it while it streams in, links it and runs its init; the old version\n"
             "serves until the new one is committed. Refused: a version not above the device's floor for\n"
             "that name (anti-rollback), another target, a key the device does not trust. Prints\n"
             "\"installed NAME version V\". Needs an admin credential.\n"},
    {"run", "Uploads a blob, calls one export (--export NAME, default \"run\", or the only export) with ARGS\n"
            "typed by its signature, prints what the capsule logged, then the results on the last line (or\n"
            "\"trap: KIND\", exit 15), and unloads it: nothing is installed. Over --coap no ARGS (push, then\n"
            "call). Needs an admin credential.\n"},
    {"call", "Calls EXPORT of the installed capsule NAME with ARGS (typed by the export's signature, which\n"
             "the device reports), prints what it logged, then the results on the last line, or \"trap: KIND\"\n"
             "(capsule restarted|stopped) and exit 15. --stack-peak prints the call's native stack on\n"
             "stderr. Needs an admin credential.\n"},
    {"ls", "Lists the installed capsules: name, version, capsule RAM, state (ready, running, stopped) and\n"
           "restarts after traps. A reader (or, on plain CoAP, anyone) may list.\n"},
    {"rm", "Removes the installed capsule NAME and frees its RAM and store record. Its version floor stays:\n"
           "an older version cannot come back. Needs an admin credential.\n"},
    {"info", "Prints the device: firmware, target, runtime ABI, protocol, engines, free capsule RAM and\n"
             "slots, granted capabilities, dropped frames, largest frame payload and the IDs of the signing\n"
             "keys it trusts. A reader (or, on plain CoAP, anyone) may ask.\n"},
    {"start", "Starts the installed capsule NAME: calls its \"start\" export if it has one and lets the device\n"
              "tick it; also restarts a capsule stopped after a trap. Needs an admin credential.\n"},
    {"stop", "Stops the installed capsule NAME: calls its \"stop\" export if it has one; calls are refused\n"
             "until wcap start. Needs an admin credential.\n"},
    {"monitor", "Prints, as it happens, what the device's capsules log outside any command (their tick\n"
                "export, called by the device about once a second while they run), one line per log line,\n"
                "labelled \"[NAME] \" with the capsule that wrote it, until interrupted (Ctrl-C) or the\n"
                "device is gone (exit 12). Over --port the device sends the lines as they happen; over\n"
                "--coap this polls the device's log (GET /log?since=N, twice a second) from the moment it\n"
                "starts, and says on stderr when lines were lost (the device keeps only the last few: about\n"
                "512 bytes on a board, 4 KB on wcapd) and when the device restarted; a device that stops\n"
                "answering is tried again for five --timeout periods before it counts as gone. A reader\n"
                "(or, on plain CoAP, anyone) may monitor.\n"},
    {"reboot", "Resets the device once it has answered; installed capsules come back from its store with\n"
               "their version floors. wcapd has no reset and refuses it. Needs an admin credential.\n"},
};

const char *wcapc_device_help(const char *cmd)
{
    for (size_t i = 0; i < sizeof help / sizeof help[0]; i++)
        if (strcmp(help[i].cmd, cmd) == 0)
            return help[i].text;
    return "";
}
