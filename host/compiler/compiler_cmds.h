/*
 * The compiler's commands of `wcap` (host/cli/commands.def lists them): each
 * takes argv[0] = the command name and returns a WCAPC_EXIT_* code (diag.h).
 * Host C11.
 */
#ifndef WCAPC_COMPILER_CMDS_H
#define WCAPC_COMPILER_CMDS_H

int wcapc_cmd_keygen(int argc, char **argv);  /* cmd_keygen.c */
int wcapc_cmd_build(int argc, char **argv);   /* cmd_build.c */
int wcapc_cmd_inspect(int argc, char **argv); /* cmd_inspect.c */
int wcapc_cmd_verify(int argc, char **argv);  /* cmd_verify.c */

#endif /* WCAPC_COMPILER_CMDS_H */
