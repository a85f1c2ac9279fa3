/* cmd-history.c: tgwsim history [--db F] [SCENARIO] — the runs kept in a results store.
 *
 * Lists the stored runs (reports/tgw-store.h), oldest first: id, batch (runs stored together,
 * e.g. the modes of one compare), when, scenario, CNI mode, seed, input hash, the first
 * exhaustion, pods that waited and failed expectations. --json prints the same as
 * {"format":1,"runs":[...]}. The store defaults to ./tgwsim.db; it is only read.
 * Exit status: 0, 1 when the store cannot be read, 2 on usage. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-json-writer.h"
#include "tgw-report-run.h"
#include "tgw-store.h"
#include "tgw-value.h"

static void
history_json(const GPtrArray *runs, TgwJsonWriter *w)
{
    tgw_json_begin_object(w);
    tgw_json_member_int(w, "format", 1);
    tgw_json_key(w, "runs");
    tgw_json_begin_array(w);
    for (guint i = 0; i < runs->len; i++) {
        const TgwStoredRun *r = runs->pdata[i];
        tgw_json_begin_object(w);
        tgw_json_member_int(w, "id", r->id);
        tgw_json_member_int(w, "batch", r->batch);
        tgw_json_member_string(w, "created_at", r->created_at);
        tgw_json_member_string(w, "scenario", r->scenario);
        tgw_json_member_string(w, "input_sha256", r->input_sha256);
        tgw_json_member_string(w, "tgwsim_version", r->version);
        tgw_json_member_string(w, "cni", r->cni);
        tgw_json_member_uint(w, "seed", r->seed);
        tgw_json_key(w, "horizon_s");
        tgw_json_ms_as_seconds(w, r->horizon_ms);
        tgw_json_member_string(w, "flags", r->flags);
        tgw_json_member_uint(w, "repetitions", r->repetitions);
        tgw_json_member_bool(w, "exhausted", r->exhausted);
        if (r->exhaustion_probability >= 0) {
            tgw_json_key(w, "exhaustion_probability");
            tgw_json_double(w, r->exhaustion_probability, 4);
        }
        tgw_json_key(w, "first_exhaustion");
        tgw_report_first_exhaustion_json(w, r->first_exhaustion_ms, r->first_exhaustion_vpc,
                                         r->first_exhaustion_subnet, r->first_exhaustion_az,
                                         r->first_exhaustion_request, r->first_exhaustion_requester,
                                         NULL);
        tgw_json_member_uint(w, "pods_waited_for_ip", r->pods_waited_for_ip);
        tgw_json_member_uint(w, "expectations", r->expectations);
        tgw_json_member_uint(w, "expectations_failed", r->expectations_failed);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_end_object(w);
}

int
tgw_cmd_history(int argc, char **argv)
{
    g_autofree char *db = NULL, *json = NULL;
    gint limit = 50;
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The results store (default: tgwsim.db)", "FILE"},
        {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "Show the last N runs (default 50, 0: all)", "N"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the list as JSON (- for stdout)",
         "FILE"},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("[SCENARIO] - the runs kept in a results store");
    g_autoptr(TgwStore) store = NULL;
    g_autoptr(GPtrArray) runs = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) out = g_string_new(NULL);

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(context,
                                 "Lists the runs stored with --db by run, compare and test, oldest "
                                 "first, optionally\nonly those of one scenario (its name).");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc > 2)
        return tgw_cmd_usage_error("history", "give at most one scenario name");
    if (limit < 0)
        return tgw_cmd_usage_error("history", "--limit takes 0 (all) or more");
    store = tgw_store_open_readonly(db != NULL ? db : "tgwsim.db", &error);
    if (store == NULL) {
        fprintf(stderr, "tgwsim history: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    runs = tgw_store_list_runs(store, argc == 2 ? argv[1] : NULL, (guint) limit, &error);
    if (runs == NULL) {
        fprintf(stderr, "tgwsim history: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    if (json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        history_json(runs, w);
        if (!tgw_cmd_write_output(json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim history: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
        if (g_str_equal(json, "-"))
            return TGW_EXIT_OK;
    }
    if (runs->len == 0) {
        printf("no runs stored in %s%s%s\n", tgw_store_path(store),
               argc == 2 ? " for scenario " : "", argc == 2 ? argv[1] : "");
        return TGW_EXIT_OK;
    }
    g_string_append_printf(out, "%5s %5s  %-20s  %-20s %-13s %-8s %-8s  %-44s %7s  %-12s %s\n",
                           "id", "batch", "stored (UTC)", "scenario", "cni", "seed", "input",
                           "first exhaustion", "waited", "expect", "command");
    for (guint i = 0; i < runs->len; i++) {
        const TgwStoredRun *r = runs->pdata[i];
        g_autofree char *first = NULL, *expect = NULL;
        g_autofree char *sha = g_strndup(r->input_sha256 != NULL ? r->input_sha256 : "", 8);
        if (r->first_exhaustion_ms >= 0) {
            g_autofree char *at = tgw_clock_format(r->first_exhaustion_ms);
            g_autofree char *where = tgw_stored_run_first_exhaustion_ref(r);
            first = g_strdup_printf("%s %s", at, where != NULL ? where : "?");
        } else {
            first = g_strdup("never");
        }
        if (r->repetitions > 1 && r->exhaustion_probability >= 0) {
            g_autofree char *f = first;
            first = g_strdup_printf("%s (%.0f%% of %u)", f, 100.0 * r->exhaustion_probability,
                                    r->repetitions);
        }
        expect = r->expectations > 0
                     ? g_strdup_printf("%u/%u failed", r->expectations_failed, r->expectations)
                     : g_strdup("-");
        g_string_append_printf(
            out,
            "%5" G_GINT64_FORMAT " %5" G_GINT64_FORMAT "  %-20s  %-20s %-13s %-8" G_GUINT64_FORMAT
            " %-8s  %-44s %7" G_GUINT64_FORMAT "  %-12s tgwsim %s\n",
            r->id, r->batch, r->created_at, r->scenario, r->cni, r->seed, sha, first,
            r->pods_waited_for_ip, expect, r->flags != NULL ? r->flags : "");
    }
    fputs(out->str, stdout);
    return TGW_EXIT_OK;
}
