/* main.c: the tgwsim command, a dispatcher over sub-commands (gio-tool style), and the helpers
 * the commands share (tgw-cmd.h).
 *
 *   tgwsim COMMAND [ARGS...]      tgwsim help [COMMAND]      tgwsim --version
 *
 * Each command parses its own options (sim/cli/cmd-*.c). Exit status: 0 success, 1 invalid input or
 * a failed expectation, 2 a usage error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tgw-cmd.h"
#include "tgw-config.h"
#include "tgw-rng.h"
#include "tgw-scenario-load.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} Command;

static const Command commands[] = {
    {"validate", tgw_cmd_validate, "check scenario files: schema and design findings"},
    {"run", tgw_cmd_run, "simulate: when and where do addresses run out"},
    {"compare", tgw_cmd_compare, "the same scenario under several CNI modes, side by side"},
    {"history", tgw_cmd_history, "the runs kept in a results store (--db)"},
    {"diff", tgw_cmd_diff, "what changed between two stored runs"},
    {"capacity", tgw_cmd_capacity, "static: usable addresses, consumers, max pods, pod capacity"},
    {"maxpods", tgw_cmd_maxpods, "the VPC CNI's max pods for an instance type"},
    {"advise", tgw_cmd_advise, "the smallest fix that holds, proven by simulation"},
    {"import", tgw_cmd_import, "a scenario from the design you have: import terraform FILE.json"},
    {"generate", tgw_cmd_generate, "write a large benchmark scenario (a, b or c)"},
    {"routes", tgw_cmd_routes, "effective TGW and VPC route tables, winners and shadowed routes"},
    {"reach", tgw_cmd_reach, "follow a packet and its reply through the network; --matrix"},
    {"test", tgw_cmd_test, "check every <expect>: a regression suite with JUnit, TAP, Markdown"},
};

static void
print_usage(FILE *out)
{
    fprintf(out, "Usage: tgwsim COMMAND [ARGS...]\n\n"
                 "Simulates AWS VPCs on a transit gateway with EKS clusters inside, and says when\n"
                 "and in which subnet pods run out of IP addresses.\n\nCommands:\n");
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'tgwsim COMMAND --help' for a command's options.\n");
}

gboolean
tgw_cmd_parse(GOptionContext *context, int *argc, char ***argv)
{
    g_autoptr(GError) error = NULL;
    /* (*argv)[0] is the command's name: the message and the hint name it, as usage errors do */
    if (!g_option_context_parse(context, argc, argv, &error)) {
        tgw_cmd_usage_error((*argv)[0], error->message);
        return FALSE;
    }
    return TRUE;
}

void
tgw_cmd_sim_args_clear(TgwCmdSimArgs *args)
{
    g_clear_pointer(&args->seed, g_free);
    g_clear_pointer(&args->horizon, g_free);
    g_clear_pointer(&args->json, g_free);
    g_clear_pointer(&args->html, g_free);
    g_clear_pointer(&args->db, g_free);
    g_clear_pointer(&args->sets, g_strfreev);
}

static gboolean
is_stdout(const char *path)
{
    return path != NULL && g_str_equal(path, "-");
}

gboolean
tgw_cmd_sim_text_wanted(const TgwCmdSimArgs *args)
{
    return !is_stdout(args->json) && !is_stdout(args->html);
}

/* the shared options, checked and turned into opts; FALSE after a usage message */
static gboolean
sim_options(const char *command, const TgwCmdSimArgs *args, TgwSimOptions *opts)
{
    if (is_stdout(args->json) && is_stdout(args->html)) {
        tgw_cmd_usage_error(command, "only one of --json and --html can be -");
        return FALSE;
    }
    if (args->runs < 1 || args->runs > 10000) {
        tgw_cmd_usage_error(command, "--runs takes 1 to 10000");
        return FALSE;
    }
    if (args->threads < 0 || args->threads > 1024) {
        tgw_cmd_usage_error(command, "--threads takes 1 to 1024 (0: one per core)");
        return FALSE;
    }
    if (args->budget_mib < 0) {
        tgw_cmd_usage_error(command, "--memory-budget takes a number of MiB");
        return FALSE;
    }
    opts->memory_budget = (guint64) args->budget_mib << 20;
    /* a string, not G_OPTION_ARG_INT64: a scenario's seed takes all of 0..2^64-1, and a negative
     * --seed must be refused rather than read as "not given" */
    if (args->seed != NULL) {
        if (!g_ascii_string_to_unsigned(args->seed, 10, 0, G_MAXUINT64, &opts->seed, NULL)) {
            tgw_cmd_usage_error(command, "--seed takes a whole number from 0 to "
                                         "18446744073709551615");
            return FALSE;
        }
        opts->override_seed = TRUE;
    }
    if (args->horizon != NULL) {
        g_autoptr(GError) error = NULL;
        if (!tgw_duration_parse(args->horizon, &opts->horizon_ms, &error) ||
            opts->horizon_ms <= 0) {
            tgw_cmd_usage_error(command,
                                error != NULL ? error->message : "--horizon must be above zero");
            return FALSE;
        }
    }
    return TRUE;
}

int
tgw_cmd_sim_prepare(const char *command, const char *file, const TgwCmdSimArgs *args,
                    TgwSimOptions *opts, TgwFindings *findings, TgwScenario **scenario,
                    TgwStore **store)
{
    TgwLoadOptions load = {(const char *const *) args->sets, FALSE};
    g_autoptr(GError) error = NULL;

    if (!sim_options(command, args, opts))
        return TGW_EXIT_USAGE;
    *scenario = tgw_scenario_load_file(file, &load, findings);
    tgw_findings_print(findings, stderr);
    if (*scenario == NULL)
        return TGW_EXIT_FAIL;
    /* before simulating: a wrong --db fails at once, not after the runs */
    if (args->db != NULL && (*store = tgw_store_open(args->db, &error)) == NULL) {
        fprintf(stderr, "tgwsim %s: %s\n", command, error->message);
        return TGW_EXIT_FAIL;
    }
    return TGW_EXIT_OK;
}

gboolean
tgw_cmd_write_output(const char *path, const char *text, GError **error)
{
    if (g_str_equal(path, "-")) {
        /* a failed write shows in fputs (the text is larger than stdio's buffer) or in fflush;
         * either way the caller prints the error, so it must be set */
        if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
            int saved = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
                        "cannot write to stdout: %s", g_strerror(saved));
            clearerr(stdout); /* reported here, not again when main() checks stdout */
            return FALSE;
        }
        return TRUE;
    }
    return g_file_set_contents(path, text, -1, error);
}

char *
tgw_cmd_command_line(int argc, char **argv)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        gboolean plain = a[0] != '\0';
        for (const char *p = a; *p != '\0' && plain; p++)
            plain = g_ascii_isalnum(*p) || strchr("-_./=,:+@%", *p) != NULL;
        if (i > 0)
            g_string_append_c(s, ' ');
        if (plain) {
            g_string_append(s, a);
        } else {
            g_autofree char *quoted = g_shell_quote(a);
            g_string_append(s, quoted);
        }
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

char *
tgw_cmd_generated_at(void)
{
    /* SOURCE_DATE_EPOCH (reproducible-builds.org) pins the time for byte-identical reruns */
    const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
    g_autoptr(GDateTime) t = NULL;
    if (epoch != NULL && *epoch != '\0')
        t = g_date_time_new_from_unix_utc(g_ascii_strtoll(epoch, NULL, 10));
    if (t == NULL)
        t = g_date_time_new_now_utc();
    return g_date_time_format(t, "%Y-%m-%d %H:%M:%S UTC");
}

int
tgw_cmd_usage_error(const char *command, const char *message)
{
    fprintf(stderr, "tgwsim %s: %s\n(run 'tgwsim %s --help' for the options)\n", command, message,
            command);
    return TGW_EXIT_USAGE;
}

int
tgw_cmd_routing_prepare(const char *command, gboolean json, int argc, char **argv,
                        const char *at_text, gint64 *at_ms, TgwScenario **scenario)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(GError) error = NULL;

    /* "--json -" (design.md: "-" is stdout) means the same as --json */
    if (json && argc == 3 && (g_str_equal(argv[1], "-") || g_str_equal(argv[2], "-"))) {
        if (g_str_equal(argv[1], "-"))
            argv[1] = argv[2];
        argc--;
    }
    if (argc != 2)
        return tgw_cmd_usage_error(command, "give exactly one scenario file");
    *at_ms = 0;
    if (at_text != NULL && !tgw_duration_parse(at_text, at_ms, &error))
        return tgw_cmd_usage_error(command, error->message);
    *scenario = tgw_scenario_load_file(argv[1], NULL, findings);
    if (*scenario == NULL) {
        tgw_findings_print(findings, stderr);
        return TGW_EXIT_FAIL;
    }
    return TGW_EXIT_OK;
}

/* the text a command printed may still sit in stdio's buffer, and an earlier write may have
 * failed: a full disk or a closed pipe must not end with status 0 and a truncated output */
static int
finish_stdout(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "tgwsim: the output could not be written to stdout (a full disk or a closed "
                    "pipe?)\n");
    return status == TGW_EXIT_OK ? TGW_EXIT_FAIL : status;
}

static const Command *
find_command(const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (g_str_equal(name, commands[i].name))
            return &commands[i];
    }
    return NULL;
}

static int
unknown_command(const char *name)
{
    fprintf(stderr, "tgwsim: unknown command '%s'\n\n", name);
    print_usage(stderr);
    return TGW_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
    const Command *command;

    /* GRand's seeding must not depend on the environment: same seed, same numbers */
    tgw_rng_init();

    if (argc < 2) {
        print_usage(stderr);
        return TGW_EXIT_USAGE;
    }
    if (g_str_equal(argv[1], "--version") || g_str_equal(argv[1], "version")) {
        printf("tgwsim %s\n", TGW_VERSION);
        return TGW_EXIT_OK;
    }
    if (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h") ||
        (g_str_equal(argv[1], "help") && argc == 2)) {
        print_usage(stdout);
        return TGW_EXIT_OK;
    }
    if (g_str_equal(argv[1], "help")) {
        char *help_argv[] = {argv[2], (char *) "--help", NULL};
        if ((command = find_command(argv[2])) == NULL)
            return unknown_command(argv[2]);
        return finish_stdout(command->run(2, help_argv));
    }
    if ((command = find_command(argv[1])) == NULL)
        return unknown_command(argv[1]);
    return finish_stdout(command->run(argc - 1, argv + 1));
}
