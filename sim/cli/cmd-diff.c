/* cmd-diff.c: tgwsim diff RUN_A RUN_B [--db F] — what changed between two stored runs.
 *
 * Reads both runs from the results store (reports/tgw-store.h) and says whether the first
 * exhaustion came earlier or later (or appeared, or went away), how the pod totals moved, and
 * per subnet (matched by VPC and name) the peak used and the first exhaustion, listing only the
 * subnets that changed. It warns when the runs are of different inputs, scenarios or modes: the
 * diff is still printed, since comparing designs is one of its uses. --json gives the same as
 * {"format":1,"a":ID,"b":ID,...}. The store defaults to ./tgwsim.db; it is only read.
 * Exit status: 0, 1 when a run or the store cannot be read, 2 on usage. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-json-writer.h"
#include "tgw-store.h"
#include "tgw-value.h"

static gboolean
parse_id(const char *text, gint64 *out)
{
    char *end = NULL;
    gint64 v = g_ascii_strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v <= 0)
        return FALSE;
    *out = v;
    return TRUE;
}

static const TgwStoredSubnet *
find_subnet(const TgwStoredRun *run, const TgwStoredSubnet *like)
{
    for (guint i = 0; i < run->subnets->len; i++) {
        const TgwStoredSubnet *s = run->subnets->pdata[i];
        if (g_str_equal(s->vpc, like->vpc) && g_str_equal(s->name, like->name))
            return s;
    }
    return NULL;
}

static char *
moment(gint64 ms)
{
    return ms >= 0 ? tgw_clock_format(ms) : g_strdup("never");
}

/* "day 1 15:26:10 in team-a/private-a", or "never" */
static char *
first_exhaustion(const TgwStoredRun *r)
{
    g_autofree char *at = moment(r->first_exhaustion_ms);
    g_autofree char *where = tgw_stored_run_first_exhaustion_ref(r);
    return where != NULL ? g_strdup_printf("%s in %s", at, where) : g_steal_pointer(&at);
}

/* "earlier by 8d8h", "later by 2h", "the same time", "now runs out", "no longer runs out" */
static char *
shift(gint64 a, gint64 b)
{
    if (a < 0 && b < 0)
        return g_strdup("never in either");
    if (a < 0)
        return g_strdup("now runs out");
    if (b < 0)
        return g_strdup("no longer runs out");
    if (a == b)
        return g_strdup("at the same time");
    {
        g_autofree char *d = tgw_duration_format(b > a ? b - a : a - b);
        return g_strdup_printf("%s by %s", b < a ? "earlier" : "later", d);
    }
}

static void
describe(GString *out, const char *label, const TgwStoredRun *r)
{
    g_autofree char *sha = g_strndup(r->input_sha256 != NULL ? r->input_sha256 : "", 12);
    g_string_append_printf(out,
                           "%s: run %" G_GINT64_FORMAT ", %s, cni %s, seed %" G_GUINT64_FORMAT
                           ", input %s, tgwsim %s, stored %s\n",
                           label, r->id, r->scenario, r->cni, r->seed, sha, r->version,
                           r->created_at);
}

static void
diff_text(const TgwStoredRun *a, const TgwStoredRun *b, GString *out)
{
    g_autofree char *fa = first_exhaustion(a), *fb = first_exhaustion(b);
    g_autofree char *sh = shift(a->first_exhaustion_ms, b->first_exhaustion_ms);
    guint unchanged = 0, shown = 0;

    describe(out, "A", a);
    describe(out, "B", b);
    if (!g_str_equal(a->scenario, b->scenario))
        g_string_append(out, "note: the runs are of different scenarios\n");
    else if (g_strcmp0(a->input_sha256, b->input_sha256) != 0)
        g_string_append(out, "note: the scenario's input changed between the runs\n");
    if (!g_str_equal(a->cni, b->cni))
        g_string_append_printf(out, "note: different CNI modes (%s, %s)\n", a->cni, b->cni);
    /* --set, --cni, --seed, --horizon: what the command line changed is part of the run */
    if (g_strcmp0(a->flags, b->flags) != 0)
        g_string_append_printf(out,
                               "note: run with other options:\n  A: tgwsim %s\n  B: tgwsim %s\n",
                               a->flags != NULL ? a->flags : "", b->flags != NULL ? b->flags : "");
    g_string_append_printf(out, "\nfirst exhaustion: %s -> %s: %s\n", fa, fb, sh);
    g_string_append_printf(
        out, "pods that waited for an address: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT "\n",
        a->pods_waited_for_ip, b->pods_waited_for_ip);
    g_string_append_printf(
        out, "pods unschedulable at the end: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT "\n",
        a->pods_unschedulable_at_end, b->pods_unschedulable_at_end);
    g_string_append_printf(out,
                           "nodes launched: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
                           ", failed launches: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
                           ", peak: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT "\n",
                           a->nodes_launched, b->nodes_launched, a->nodes_failed_launch,
                           b->nodes_failed_launch, a->nodes_peak, b->nodes_peak);

    for (guint i = 0; i < a->subnets->len; i++) {
        const TgwStoredSubnet *sa = a->subnets->pdata[i], *sb = find_subnet(b, sa);
        g_autofree char *name = g_strdup_printf("%s/%s", sa->vpc, sa->name);
        g_autofree char *ea = NULL, *eb = NULL, *peak = NULL, *change = NULL;
        if (sb != NULL && sa->peak_used == sb->peak_used &&
            sa->first_exhausted_ms == sb->first_exhausted_ms && sa->usable == sb->usable) {
            unchanged++;
            continue;
        }
        if (shown++ == 0)
            g_string_append_printf(out, "\n%-28s %-24s %s\n", "subnet", "peak used / usable",
                                   "first ran dry");
        if (sb == NULL) {
            g_string_append_printf(out, "%-28s only in run A\n", name);
            continue;
        }
        peak =
            g_strdup_printf("%" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
                            sa->peak_used, sb->peak_used, sb->usable);
        ea = moment(sa->first_exhausted_ms);
        eb = moment(sb->first_exhausted_ms);
        change = g_strdup_printf("%s -> %s", ea, eb);
        {
            g_autofree char *what = sa->first_exhausted_ms != sb->first_exhausted_ms
                                        ? shift(sa->first_exhausted_ms, sb->first_exhausted_ms)
                                        : g_strdup("");
            g_autofree char *line =
                g_strdup_printf("%-28s %-24s %-34s %s", name, peak, change, what);
            g_string_append_printf(out, "%s\n", g_strchomp(line));
        }
    }
    for (guint i = 0; i < b->subnets->len; i++) {
        const TgwStoredSubnet *sb = b->subnets->pdata[i];
        g_autofree char *name = NULL;
        if (find_subnet(a, sb) != NULL)
            continue;
        if (shown++ == 0)
            g_string_append_c(out, '\n');
        /* in the subnet column, as "only in run A" is */
        name = g_strdup_printf("%s/%s", sb->vpc, sb->name);
        g_string_append_printf(out, "%-28s only in run B\n", name);
    }
    if (shown == 0)
        g_string_append_printf(out, "\nno subnet changed (%u compared)\n", unchanged);
    else if (unchanged > 0)
        g_string_append_printf(out, "%u other subnet%s unchanged\n", unchanged,
                               unchanged == 1 ? "" : "s");
}

/* "key": [A's value, B's value] */
static void
json_ms_pair(TgwJsonWriter *w, const char *key, gint64 a, gint64 b)
{
    tgw_json_key(w, key);
    tgw_json_begin_array(w);
    tgw_json_ms_as_seconds_or_null(w, a);
    tgw_json_ms_as_seconds_or_null(w, b);
    tgw_json_end_array(w);
}

static void
json_uint_pair(TgwJsonWriter *w, const char *key, guint64 a, guint64 b)
{
    tgw_json_key(w, key);
    tgw_json_begin_array(w);
    tgw_json_uint(w, a);
    tgw_json_uint(w, b);
    tgw_json_end_array(w);
}

static void
diff_json(const TgwStoredRun *a, const TgwStoredRun *b, TgwJsonWriter *w)
{
    tgw_json_begin_object(w);
    tgw_json_member_int(w, "format", 1);
    tgw_json_member_int(w, "a", a->id);
    tgw_json_member_int(w, "b", b->id);
    tgw_json_member_bool(w, "same_input", g_strcmp0(a->input_sha256, b->input_sha256) == 0);
    tgw_json_key(w, "flags");
    tgw_json_begin_array(w);
    tgw_json_string(w, a->flags);
    tgw_json_string(w, b->flags);
    tgw_json_end_array(w);
    json_ms_pair(w, "first_exhaustion_s", a->first_exhaustion_ms, b->first_exhaustion_ms);
    json_uint_pair(w, "pods_waited_for_ip", a->pods_waited_for_ip, b->pods_waited_for_ip);
    tgw_json_key(w, "subnets");
    tgw_json_begin_array(w);
    for (guint i = 0; i < a->subnets->len; i++) {
        const TgwStoredSubnet *sa = a->subnets->pdata[i], *sb = find_subnet(b, sa);
        if (sb == NULL)
            continue;
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "vpc", sa->vpc);
        tgw_json_member_string(w, "name", sa->name);
        json_uint_pair(w, "peak_used", sa->peak_used, sb->peak_used);
        json_ms_pair(w, "first_exhausted_s", sa->first_exhausted_ms, sb->first_exhausted_ms);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_end_object(w);
}

int
tgw_cmd_diff(int argc, char **argv)
{
    g_autofree char *db = NULL, *json = NULL;
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The results store (default: tgwsim.db)", "FILE"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the differences as JSON (- for stdout)",
         "FILE"},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("RUN_A RUN_B - what changed between two stored runs");
    g_autoptr(TgwStore) store = NULL;
    g_autoptr(TgwStoredRun) a = NULL, b = NULL;
    g_autoptr(GError) error = NULL;
    gint64 ida = 0, idb = 0;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(context,
                                 "Compares two runs of the results store (ids from tgwsim "
                                 "history): the first exhaustion\n(earlier, later, new, gone), "
                                 "pod totals and each subnet's peak.");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 3)
        return tgw_cmd_usage_error("diff", "give two run ids (tgwsim history lists them)");
    if (!parse_id(argv[1], &ida) || !parse_id(argv[2], &idb))
        return tgw_cmd_usage_error("diff", "run ids are positive integers");
    store = tgw_store_open_readonly(db != NULL ? db : "tgwsim.db", &error);
    if (store == NULL || (a = tgw_store_load_run(store, ida, &error)) == NULL ||
        (b = tgw_store_load_run(store, idb, &error)) == NULL) {
        fprintf(stderr, "tgwsim diff: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    if (json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        diff_json(a, b, w);
        if (!tgw_cmd_write_output(json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim diff: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
        if (g_str_equal(json, "-"))
            return TGW_EXIT_OK;
    }
    {
        g_autoptr(GString) out = g_string_new(NULL);
        diff_text(a, b, out);
        fputs(out->str, stdout);
    }
    return TGW_EXIT_OK;
}
