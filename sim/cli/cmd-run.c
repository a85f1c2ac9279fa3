/* cmd-run.c: tgwsim run FILE — simulate a scenario and say when and where addresses run out.
 *
 * Prints the verdict, a per-subnet table and the holders at each busy subnet's peak; --json
 * writes design.md's result object (byte-identical for the same scenario, seed and flags).
 * --runs N repeats with derived seeds on a thread pool and adds the spread of each subnet's first
 * exhaustion (p5/p50/p95) and the share of runs that ran dry. --html writes the management report
 * for this one mode (reports/tgw-report-html.h); --db keeps the run in a results store
 * (reports/tgw-store.h), written only when asked. */
#include <stdio.h>
#include <unistd.h>

#include "tgw-cmd.h"
#include "tgw-report-html.h"
#include "tgw-report-run.h"
#include "tgw-scenario-load.h"
#include "tgw-sim.h"
#include "tgw-store.h"

typedef struct {
    gint64 started_us;
    gboolean shown;
} Progress;

static void
show_progress(gpointer data, double fraction)
{
    Progress *p = data;
    if (g_get_monotonic_time() - p->started_us < G_USEC_PER_SEC)
        return; /* runs shorter than a second stay quiet */
    fprintf(stderr, "\r  simulated %3.0f%%", 100.0 * fraction);
    p->shown = TRUE;
}

static void
print_spread(const GPtrArray *results, GString *out)
{
    g_autoptr(GArray) spread = tgw_results_spread(results);
    g_string_append_printf(out, "\nover %u runs: %.0f%% ran out of addresses somewhere\n",
                           results->len, 100.0 * tgw_results_exhaustion_probability(results));
    g_string_append_printf(out, "%-28s %9s %14s %14s %14s\n", "subnet", "ran dry", "first p5",
                           "p50", "p95");
    for (guint i = 0; i < spread->len; i++) {
        const TgwSubnetSpread *s = &g_array_index(spread, TgwSubnetSpread, i);
        g_autofree char *name = g_strdup_printf("%s/%s", s->def->vpc->name, s->def->name);
        g_autofree char *p5 = s->p5_ms >= 0 ? tgw_clock_format(s->p5_ms) : g_strdup("-");
        g_autofree char *p50 = s->p50_ms >= 0 ? tgw_clock_format(s->p50_ms) : g_strdup("-");
        g_autofree char *p95 = s->p95_ms >= 0 ? tgw_clock_format(s->p95_ms) : g_strdup("-");
        if (s->exhausted_runs == 0)
            continue;
        g_string_append_printf(out, "%-28s %8.0f%% %14s %14s %14s\n", name,
                               100.0 * s->exhausted_runs / s->runs, p5, p50, p95);
    }
}

int
tgw_cmd_run(int argc, char **argv)
{
    g_autofree char *cni = NULL;
    g_autofree char *flags = tgw_cmd_command_line(argc, argv);
    g_auto(TgwCmdSimArgs) args = {.runs = 1};
    gboolean naive = FALSE, stats = FALSE, timestamp = FALSE;
    GOptionEntry entries[] = {
        {"cni", 0, 0, G_OPTION_ARG_STRING, &cni, "Start every cluster in this CNI mode", "MODE"},
        {"seed", 0, 0, G_OPTION_ARG_STRING, &args.seed, "Seed instead of the scenario's", "N"},
        {"horizon", 0, 0, G_OPTION_ARG_STRING, &args.horizon, "Simulate this long instead",
         "DURATION"},
        {"runs", 0, 0, G_OPTION_ARG_INT, &args.runs, "Repeat with derived seeds (default 1)", "N"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &args.threads, "Threads for --runs (default: cores)",
         "N"},
        {"memory-budget", 0, 0, G_OPTION_ARG_INT, &args.budget_mib,
         "Stop a run whose tables outgrow this many MiB (default: half the RAM)", "MiB"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.sets, "Override an attribute", "PATH=VALUE"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &args.json, "Write the JSON result (- for stdout)",
         "FILE"},
        {"html", 0, 0, G_OPTION_ARG_FILENAME, &args.html, "Write the HTML report (- for stdout)",
         "FILE"},
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &args.db, "Store the run in this SQLite file", "FILE"},
        {"timestamp", 0, 0, G_OPTION_ARG_NONE, &timestamp,
         "Print the generation time in the HTML report", NULL},
        {"naive-ticks", 0, 0, G_OPTION_ARG_NONE, &naive, "Tick ipamd every 5 s on every node",
         NULL},
        {"stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print wall time and events/s on stderr", NULL},
        {NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new("FILE - simulate a scenario");
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(GPtrArray) results = NULL;
    g_autoptr(TgwStore) store = NULL;
    g_autoptr(GError) error = NULL;
    TgwSimOptions opts = {0};
    Progress progress = {0, FALSE};
    const TgwRunResult *result = NULL;
    guint64 events = 0;
    int status;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(
        context, "Simulates the scenario until its horizon and reports when and in "
                 "which subnet addresses\nran out, who held them, and how long pods "
                 "waited for an address.");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 2)
        return tgw_cmd_usage_error("run", "give exactly one scenario file");
    if (cni != NULL) {
        if (!tgw_cni_mode_parse(cni, &opts.cni))
            return tgw_cmd_usage_error("run",
                                       "--cni takes default, custom, prefix or custom+prefix");
        opts.override_cni = TRUE;
    }
    opts.naive_ticks = naive;
    status = tgw_cmd_sim_prepare("run", argv[1], &args, &opts, findings, &sc, &store);
    if (status != TGW_EXIT_OK)
        return status;

    progress.started_us = g_get_monotonic_time();
    if (args.runs == 1 && isatty(STDERR_FILENO)) {
        opts.progress = show_progress;
        opts.progress_data = &progress;
    }
    results = tgw_sim_run_many(sc, &opts, (guint) args.runs, (guint) args.threads, &error);
    if (progress.shown)
        fprintf(stderr, "\r%20s\r", "");
    if (results == NULL) {
        fprintf(stderr, "tgwsim run: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    result = results->pdata[0];
    for (guint i = 0; i < results->len; i++)
        events += ((const TgwRunResult *) results->pdata[i])->engine_events;
    if (stats) {
        double wall = (double) (g_get_monotonic_time() - progress.started_us) / 1e6;
        fprintf(stderr, "wall %.3f s, %" G_GUINT64_FORMAT " events, %.2f M events/s\n", wall,
                events, (double) events / wall / 1e6);
    }
    if (args.json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        tgw_report_run_json(result, args.runs > 1 ? results : NULL, w);
        if (!tgw_cmd_write_output(args.json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim run: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (args.html != NULL) {
        g_autoptr(TgwRouting) routing = tgw_routing_new(sc, 0);
        g_autoptr(GPtrArray) modes = g_ptr_array_new();
        g_autofree char *at = timestamp ? tgw_cmd_generated_at() : NULL;
        TgwModeRuns mode = {result, args.runs > 1 ? results : NULL};
        TgwReportInput input = {sc, modes, findings, routing};
        TgwHtmlOptions hopts = {at};
        g_autofree char *page = NULL;
        g_ptr_array_add(modes, &mode);
        page = tgw_report_html(&input, &hopts);
        if (!tgw_cmd_write_output(args.html, page, &error)) {
            fprintf(stderr, "tgwsim run: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (store != NULL && tgw_store_add_runs(store, results, flags, &error) == 0) {
        fprintf(stderr, "tgwsim run: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    if (tgw_cmd_sim_text_wanted(&args)) {
        g_autoptr(GString) text = g_string_new(NULL);
        tgw_report_run_text(result, text);
        if (args.runs > 1)
            print_spread(results, text);
        fputs(text->str, stdout);
    }
    return TGW_EXIT_OK;
}
