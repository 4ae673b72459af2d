/*
 * The device commands of `wcap` (host/cli/commands.def lists them): each takes
 * argv[0] = the command name and returns a WCAPC_EXIT_* code (diag.h). Each is
 * written once over the device link (link.h), whatever the transport.
 * Host C11.
 */
#ifndef WCAPC_CLIENT_CMDS_H
#define WCAPC_CLIENT_CMDS_H

int wcapc_cmd_client_key(int argc, char **argv); /* cmd_client_key.c */
int wcapc_cmd_push(int argc, char **argv);       /* cmd_push.c */
int wcapc_cmd_run(int argc, char **argv);
int wcapc_cmd_ls(int argc, char **argv); /* cmd_device.c */
int wcapc_cmd_rm(int argc, char **argv);
int wcapc_cmd_call(int argc, char **argv);
int wcapc_cmd_info(int argc, char **argv);
int wcapc_cmd_start(int argc, char **argv);
int wcapc_cmd_stop(int argc, char **argv);
int wcapc_cmd_monitor(int argc, char **argv);
int wcapc_cmd_reboot(int argc, char **argv);

#endif /* WCAPC_CLIENT_CMDS_H */
