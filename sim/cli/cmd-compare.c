/* cmd-compare.c: tgwsim compare FILE [--cni default,custom,...] — one scenario under several VPC
 * CNI modes, side by side.
 *
 * Runs the scenario once per mode with the same seed. Every random stream is derived from the
 * seed and the stream's name (sim/engine/tgw-rng.h), so each mode sees the same arrivals and
 * lifetimes (common random numbers) and the differences are the modes', not the dice's. Prints when
 * and where each mode runs out (or the headroom left), pods that waited, addresses per node, the
 * pod address space of each mode against the first, and what custom networking costs; --json writes
 * {"format":1,"runs":[...],"comparison":{...}}, --html the management report (reports/), --db
 * stores every mode's run in one transaction. --runs N repeats each mode with derived seeds.
 * Exit status: 0 (a mode running out is a finding, not a failure), 1 when the scenario does not
 * load or a file cannot be written, 2 on usage. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-lint.h"
#include "tgw-report-compare.h"
#include "tgw-report-html.h"
#include "tgw-scenario-load.h"
#include "tgw-sim.h"
#include "tgw-store.h"

static gboolean
parse_modes(const char *text, GArray *modes)
{
    g_auto(GStrv) parts = g_strsplit(text, ",", -1);
    for (guint i = 0; parts[i] != NULL; i++) {
        TgwCniMode mode;
        g_strstrip(parts[i]);
        if (!tgw_cni_mode_parse(parts[i], &mode))
            return FALSE;
        for (guint k = 0; k < modes->len; k++) {
            if (g_array_index(modes, TgwCniMode, k) == mode)
                return FALSE;
        }
        g_array_append_val(modes, mode);
    }
    return modes->len > 0;
}

int
tgw_cmd_compare(int argc, char **argv)
{
    g_autofree char *cni = NULL;
    g_autofree char *flags = tgw_cmd_command_line(argc, argv);
    g_auto(TgwCmdSimArgs) args = {.runs = 1};
    gboolean timestamp = FALSE;
    GOptionEntry entries[] = {
        {"cni", 0, 0, G_OPTION_ARG_STRING, &cni,
         "The modes to compare, the first being the baseline (default: default,custom)",
         "MODE,MODE,..."},
        {"seed", 0, 0, G_OPTION_ARG_STRING, &args.seed, "Seed instead of the scenario's", "N"},
        {"horizon", 0, 0, G_OPTION_ARG_STRING, &args.horizon, "Simulate this long instead",
         "DURATION"},
        {"runs", 0, 0, G_OPTION_ARG_INT, &args.runs,
         "Repeat each mode with derived seeds (default 1)", "N"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &args.threads, "Threads for --runs (default: cores)",
         "N"},
        {"memory-budget", 0, 0, G_OPTION_ARG_INT, &args.budget_mib,
         "Stop a run whose tables outgrow this many MiB (default: half the RAM)", "MiB"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.sets, "Override an attribute", "PATH=VALUE"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &args.json,
         "Write the JSON comparison (- for stdout)", "FILE"},
        {"html", 0, 0, G_OPTION_ARG_FILENAME, &args.html, "Write the HTML report (- for stdout)",
         "FILE"},
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &args.db, "Store every mode's run in this SQLite file",
         "FILE"},
        {"timestamp", 0, 0, G_OPTION_ARG_NONE, &timestamp,
         "Print the generation time in the HTML report", NULL},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE - one scenario under several CNI modes, side by side");
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(TgwStore) store = NULL;
    g_autoptr(TgwRouting) routing = NULL;
    g_autoptr(GArray) modes = g_array_new(FALSE, FALSE, sizeof(TgwCniMode));
    g_autoptr(GArray) not_applicable = g_array_new(FALSE, FALSE, sizeof(TgwModeNotApplicable));
    g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    g_autoptr(GPtrArray) mode_runs = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    TgwSimOptions opts = {0};
    TgwReportInput input = {0};
    int status;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(
        context, "Runs the scenario once per VPC CNI mode with the same seed (the same arrivals "
                 "and lifetimes)\nand shows side by side when and where each mode runs out of "
                 "addresses, pods that\nwaited, addresses per node, the pod address space and "
                 "what custom networking costs.");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 2)
        return tgw_cmd_usage_error("compare", "give exactly one scenario file");
    if (!parse_modes(cni != NULL ? cni : "default,custom", modes))
        return tgw_cmd_usage_error("compare", "--cni takes distinct modes separated by commas: "
                                              "default, custom, prefix, custom+prefix");
    status = tgw_cmd_sim_prepare("compare", argv[1], &args, &opts, findings, &sc, &store);
    if (status != TGW_EXIT_OK)
        return status;

    /* a mode the design cannot run in is reported, not simulated */
    for (guint m = 0; m < modes->len;) {
        TgwCniMode mode = g_array_index(modes, TgwCniMode, m);
        char *why = tgw_lint_mode_not_applicable(sc, mode);
        TgwModeNotApplicable na = {mode, why};
        if (why == NULL) {
            m++;
            continue;
        }
        g_ptr_array_add(reasons, why);
        g_array_append_val(not_applicable, na);
        g_array_remove_index(modes, m);
    }
    if (modes->len == 0) {
        for (guint m = 0; m < not_applicable->len; m++) {
            const TgwModeNotApplicable *na =
                &g_array_index(not_applicable, TgwModeNotApplicable, m);
            fprintf(stderr, "tgwsim compare: CNI mode %s is not applicable to this design: %s\n",
                    tgw_cni_mode_name(na->mode), na->reason);
        }
        fprintf(stderr, "tgwsim compare: no mode left to simulate\n");
        return TGW_EXIT_FAIL;
    }
    for (guint m = 0; m < modes->len; m++) {
        GPtrArray *results;
        TgwModeRuns *mr = g_new0(TgwModeRuns, 1);
        opts.override_cni = TRUE;
        opts.cni = g_array_index(modes, TgwCniMode, m);
        g_ptr_array_add(mode_runs, mr);
        results = tgw_sim_run_many(sc, &opts, (guint) args.runs, (guint) args.threads, &error);
        if (results == NULL) {
            fprintf(stderr, "tgwsim compare: %s: %s\n", tgw_cni_mode_name(opts.cni),
                    error->message);
            return TGW_EXIT_FAIL;
        }
        g_ptr_array_add(all, results);
        mr->result = results->pdata[0];
        mr->repetitions = args.runs > 1 ? results : NULL;
    }
    routing = tgw_routing_new(sc, 0);
    input.scenario = sc;
    input.modes = mode_runs;
    input.not_applicable = not_applicable;
    input.findings = findings;
    input.routing = routing;

    if (args.json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        tgw_report_compare_json(&input, w);
        if (!tgw_cmd_write_output(args.json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim compare: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (args.html != NULL) {
        g_autofree char *at = timestamp ? tgw_cmd_generated_at() : NULL;
        TgwHtmlOptions hopts = {at};
        g_autofree char *page = tgw_report_html(&input, &hopts);
        if (!tgw_cmd_write_output(args.html, page, &error)) {
            fprintf(stderr, "tgwsim compare: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (store != NULL) {
        gboolean ok = tgw_store_begin(store, &error);
        for (guint m = 0; ok && m < all->len; m++)
            ok = tgw_store_add_runs(store, all->pdata[m], flags, &error) > 0;
        if (!ok || !tgw_store_commit(store, &error)) {
            tgw_store_rollback(store);
            fprintf(stderr, "tgwsim compare: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (tgw_cmd_sim_text_wanted(&args)) {
        g_autoptr(GString) text = g_string_new(NULL);
        tgw_report_compare_text(&input, text);
        fputs(text->str, stdout);
    }
    return TGW_EXIT_OK;
}
