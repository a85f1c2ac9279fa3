/* tgw-cmd.h: the sub-commands of tgwsim, one file each (sim/cmd-*.c), dispatched by sim/main.c.
 *
 * Each takes the arguments after the command name (argv[0] is the command) and returns the exit
 * status: 0 success, 1 invalid input or a failed expectation, 2 a usage error. */
#pragma once

#include <glib.h>

#include "tgw-sim.h"

G_BEGIN_DECLS

#define TGW_EXIT_OK    0
#define TGW_EXIT_FAIL  1
#define TGW_EXIT_USAGE 2

int tgw_cmd_validate(int argc, char **argv);
int tgw_cmd_routes(int argc, char **argv);
int tgw_cmd_reach(int argc, char **argv);
int tgw_cmd_test(int argc, char **argv);
int tgw_cmd_run(int argc, char **argv);
int tgw_cmd_compare(int argc, char **argv);
int tgw_cmd_history(int argc, char **argv);
int tgw_cmd_diff(int argc, char **argv);
int tgw_cmd_maxpods(int argc, char **argv);
int tgw_cmd_capacity(int argc, char **argv);
int tgw_cmd_generate(int argc, char **argv);

/* parses options with a GOptionContext; on error prints it and returns FALSE */
gboolean tgw_cmd_parse(GOptionContext *context, int *argc, char ***argv);
/* prints "tgwsim COMMAND: message" and the hint to use --help; returns TGW_EXIT_USAGE */
int tgw_cmd_usage_error(const char *command, const char *message);
/* the options run and compare share, checked and turned into TgwSimOptions; FALSE (after a usage
 * message) when one is out of range */
gboolean tgw_cmd_sim_options(const char *command, const char *seed, const char *horizon, gint runs,
                             gint threads, gint budget_mib, TgwSimOptions *opts);
/* writes text to path, or to stdout when path is "-" */
gboolean tgw_cmd_write_output(const char *path, const char *text, GError **error);
/* the arguments as one line (quoted where a shell would need it), for the results store */
char *tgw_cmd_command_line(int argc, char **argv);
/* the time for a report's "generated at": now, or SOURCE_DATE_EPOCH when set */
char *tgw_cmd_generated_at(void);

G_END_DECLS
