/* cmd-run.c: tgwsim run FILE — simulate a scenario and say when and where addresses run out.
 *
 * Prints the verdict, a per-subnet table and the holders at each busy subnet's peak; --json
 * writes design.md's result object (byte-identical for the same scenario, seed and flags). */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-report-run.h"
#include "tgw-scenario-load.h"
#include "tgw-sim.h"

int
tgw_cmd_run(int argc, char **argv)
{
    g_autofree char *cni = NULL, *json = NULL, *horizon = NULL;
    g_auto(GStrv) sets = NULL;
    gint64 seed = -1;
    gboolean naive = FALSE, stats = FALSE;
    GOptionEntry entries[] = {
        {"cni", 0, 0, G_OPTION_ARG_STRING, &cni, "Run every cluster in this CNI mode", "MODE"},
        {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed instead of the scenario's", "N"},
        {"horizon", 0, 0, G_OPTION_ARG_STRING, &horizon, "Simulate this long instead", "DURATION"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override an attribute", "PATH=VALUE"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the JSON result (- for stdout)",
         "FILE"},
        {"naive-ticks", 0, 0, G_OPTION_ARG_NONE, &naive, "Tick ipamd every 5 s on every node",
         NULL},
        {"stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print wall time and events/s on stderr", NULL},
        {NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new("FILE - simulate a scenario");
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(TgwRunResult) result = NULL;
    g_autoptr(GError) error = NULL;
    TgwLoadOptions load = {NULL, FALSE};
    TgwSimOptions opts = {0};
    gint64 start_us = 0;

    g_option_context_add_main_entries(context, entries, NULL);
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
    if (seed >= 0) {
        opts.override_seed = TRUE;
        opts.seed = (guint64) seed;
    }
    if (horizon != NULL) {
        g_autoptr(GError) herr = NULL;
        if (!tgw_duration_parse(horizon, &opts.horizon_ms, &herr) || opts.horizon_ms <= 0)
            return tgw_cmd_usage_error("run", herr != NULL ? herr->message
                                                           : "--horizon must be above zero");
    }
    opts.naive_ticks = naive;
    load.overrides = (const char *const *) sets;
    sc = tgw_scenario_load_file(argv[1], &load, findings);
    tgw_findings_print(findings, stderr);
    if (sc == NULL)
        return TGW_EXIT_FAIL;

    start_us = g_get_monotonic_time();
    result = tgw_sim_run(sc, &opts, &error);
    if (result == NULL) {
        fprintf(stderr, "tgwsim run: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    if (stats) {
        double wall = (double) (g_get_monotonic_time() - start_us) / 1e6;
        fprintf(stderr, "wall %.3f s, %" G_GUINT64_FORMAT " events, %.2f M events/s\n", wall,
                result->engine_events, (double) result->engine_events / wall / 1e6);
    }
    if (json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        tgw_report_run_json(result, w);
        if (!tgw_cmd_write_output(json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim run: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (json == NULL || !g_str_equal(json, "-")) {
        g_autoptr(GString) text = g_string_new(NULL);
        tgw_report_run_text(result, text);
        fputs(text->str, stdout);
    }
    return TGW_EXIT_OK;
}
