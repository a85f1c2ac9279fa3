/* tgw-cmd.h: the sub-commands of tgwsim, one file each (cmd-*.c), dispatched by main.c.
 *
 * Each takes the arguments after the command name (argv[0] is the command) and returns the exit
 * status: 0 success, 1 invalid input or a failed expectation, 2 a usage error. */
#pragma once

#include <glib.h>

#include "tgw-finding.h"
#include "tgw-sim-advise.h"
#include "tgw-sim.h"
#include "tgw-store.h"

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
int tgw_cmd_advise(int argc, char **argv);
int tgw_cmd_import(int argc, char **argv);

/* the fixes advise found, as Terraform HCL (cmd-advise-terraform.c); data/len/file: the scenario
 * file as read, whose comments carry the Terraform addresses of an imported design */
char *tgw_advise_terraform(const TgwScenario *sc, const char *data, gsize len, const char *file,
                           const GPtrArray *advice);
/* a candidate kind for people: "warm pool (a setting, no new addresses)" (cmd-advise.c) */
const char *tgw_advise_kind_label(const char *kind);
/* the options advise weighed, as one self-contained page (cmd-advise-html.c) */
char *tgw_advise_html(const TgwScenario *sc, const GPtrArray *advice,
                      const TgwAdviseOptions *options);

/* parses options with a GOptionContext; on error prints it and returns FALSE */
gboolean tgw_cmd_parse(GOptionContext *context, int *argc, char ***argv);
/* prints "tgwsim COMMAND: message" and the hint to use --help; returns TGW_EXIT_USAGE */
int tgw_cmd_usage_error(const char *command, const char *message);

/* the options run and compare share, as GOption fills them (each command lists the entries, with
 * its own help texts); set runs to 1 before parsing */
typedef struct {
    char *seed, *horizon;
    char *json, *html; /* "-": stdout */
    char *db;
    char **sets; /* --set PATH=VALUE */
    gint runs, threads, budget_mib;
} TgwCmdSimArgs;

void tgw_cmd_sim_args_clear(TgwCmdSimArgs *args);
/* checks the shared options into opts (TGW_EXIT_USAGE after a usage message), loads file with
 * the --set overrides, findings on stderr (TGW_EXIT_FAIL when it does not load), and opens the
 * --db store before anything is simulated (TGW_EXIT_FAIL when it cannot be); TGW_EXIT_OK with
 * *scenario and *store (NULL without --db) set otherwise, both the caller's to free */
int tgw_cmd_sim_prepare(const char *command, const char *file, const TgwCmdSimArgs *args,
                        TgwSimOptions *opts, TgwFindings *findings, TgwScenario **scenario,
                        TgwStore **store);
/* whether stdout is free for the text summary: neither --json nor --html writes there */
gboolean tgw_cmd_sim_text_wanted(const TgwCmdSimArgs *args);

/* routes and reach, after their options: "--json -" counts as --json, then exactly one scenario
 * file, and --at (NULL: 0) into *at_ms (TGW_EXIT_USAGE after a usage message); loads the file,
 * findings on stderr (TGW_EXIT_FAIL when it does not load); TGW_EXIT_OK with *scenario set, the
 * caller's to free */
int tgw_cmd_routing_prepare(const char *command, gboolean json, int argc, char **argv,
                            const char *at_text, gint64 *at_ms, TgwScenario **scenario);

/* writes text to path, or to stdout when path is "-" */
gboolean tgw_cmd_write_output(const char *path, const char *text, GError **error);
/* the arguments as one line (quoted where a shell would need it), for the results store */
char *tgw_cmd_command_line(int argc, char **argv);
/* the time for a report's "generated at": now, or SOURCE_DATE_EPOCH when set */
char *tgw_cmd_generated_at(void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TgwCmdSimArgs, tgw_cmd_sim_args_clear)

G_END_DECLS
