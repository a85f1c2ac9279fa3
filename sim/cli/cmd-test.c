/* cmd-test.c: tgwsim test PATH... — the regression suite for network designs.
 *
 * Every scenario file is a test suite and every <expect> in it a test case
 * (model/tgw-expect.h judges them). PATH may be a file or a folder; in a folder every *.xml below
 * it is taken, sorted by path, except XML files whose document element is not <scenario> (a
 * GResource manifest next to the scenarios is not a failed test). Files load one after another,
 * then the suites are judged on a GThreadPool, one task per scenario; the results land in an array
 * by file index, so what is printed and written never depends on the thread count or on which
 * scenario finished first.
 *
 * Outputs: a text summary (or TAP 14 with --tap) on stdout, --junit FILE, --markdown FILE
 * (reports/tgw-report-test.h). --db FILE stores each scenario's simulations and the outcomes of
 * its expectations (reports/tgw-store.h), one transaction per scenario. --baseline DB compares
 * each simulated mode's first run with the last run of that scenario and mode stored in DB and
 * adds a failed test case per regression beyond the tolerance of tgw-expect.h; with the same file
 * for both, the comparison reads the store before this run is added to it.
 *
 * Exit status: 0 when every expectation holds, 1 when any fails or errs, a file does not load or
 * an output cannot be written, 2 for a usage error. TGWSIM_ZERO_TIMES=1 writes every elapsed time
 * as 0, for golden files. */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "tgw-cmd.h"
#include "tgw-error.h"
#include "tgw-report-test.h"
#include "tgw-scenario-load.h"
#include "tgw-sim-expect.h"
#include "tgw-store.h"

/* ---- collecting files ------------------------------------------------------------------------ */

/* whether a file found in a folder is meant as a scenario: its document element is <scenario>.
 * A file that cannot be read that far is taken, so that the loader says what is wrong with it. */
static gboolean
is_scenario_document(const char *path)
{
    xmlTextReaderPtr reader =
        xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    gboolean scenario = TRUE;

    if (reader == NULL)
        return TRUE;
    while (xmlTextReaderRead(reader) == 1) {
        if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT) {
            scenario =
                g_strcmp0((const char *) xmlTextReaderConstLocalName(reader), "scenario") == 0;
            break;
        }
    }
    xmlFreeTextReader(reader);
    return scenario;
}

static gint
compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* every *.xml below dir; hidden entries and symbolic links to folders are not followed (no
 * loops) */
static void
walk(const char *dir, GPtrArray *found, guint depth)
{
    g_autoptr(GDir) d = depth < 64 ? g_dir_open(dir, 0, NULL) : NULL;
    const char *entry = NULL;

    if (d == NULL)
        return;
    while ((entry = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);
        if (entry[0] == '.')
            continue;
        if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
            if (!g_file_test(path, G_FILE_TEST_IS_SYMLINK))
                walk(path, found, depth + 1);
        } else if (g_str_has_suffix(entry, ".xml")) {
            g_ptr_array_add(found, g_steal_pointer(&path));
        }
    }
}

/* the files to test, in order: each PATH as given, a folder's files sorted; skipped gets the
 * XML files in folders that are not scenarios */
static GPtrArray *
collect(char **paths, GPtrArray *skipped)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; paths[i] != NULL; i++) {
        g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
        gboolean folder = g_file_test(paths[i], G_FILE_TEST_IS_DIR);
        if (folder) {
            walk(paths[i], found, 0);
            g_ptr_array_sort(found, compare_paths);
        } else {
            /* a file given by name is always tested; a missing one fails as FILE-READ */
            g_ptr_array_add(found, g_strdup(paths[i]));
        }
        for (guint k = 0; k < found->len; k++) {
            char *path = found->pdata[k];
            if (g_hash_table_contains(seen, path))
                continue;
            if (folder && !is_scenario_document(path)) {
                g_ptr_array_add(skipped, g_strdup(path));
                continue;
            }
            found->pdata[k] = NULL;
            g_ptr_array_add(files, path);
            g_hash_table_add(seen, path);
        }
    }
    return files;
}

/* ---- judging on a pool ----------------------------------------------------------------------- */

typedef struct {
    GPtrArray *suites;
    TgwExpectOptions options;
} Work;

static void
evaluate_task(gpointer data, gpointer user_data)
{
    Work *work = user_data;
    guint index = GPOINTER_TO_UINT(data) - 1;
    tgw_sim_expect_evaluate(work->suites->pdata[index], &work->options);
}

static void
evaluate_all(GPtrArray *suites, guint threads, const TgwExpectOptions *options)
{
    Work work = {suites, *options};
    guint workers = 0;
    GThreadPool *pool = NULL;

    if (threads == 0)
        threads = g_get_num_processors();
    workers = MAX(1u, MIN(threads, suites->len));
    /* what the scenarios leave of the threads goes to repeated runs inside each */
    work.options.threads = MAX(1u, threads / workers);
    if (workers == 1) {
        for (guint i = 0; i < suites->len; i++)
            evaluate_task(GUINT_TO_POINTER(i + 1), &work);
        return;
    }
    pool = g_thread_pool_new(evaluate_task, &work, (gint) workers, TRUE, NULL);
    for (guint i = 0; i < suites->len; i++)
        g_thread_pool_push(pool, GUINT_TO_POINTER(i + 1), NULL);
    g_thread_pool_free(pool, FALSE, TRUE);
}

/* ---- baseline and store ---------------------------------------------------------------------- */

static TgwBaseline *
baseline_from(const TgwStoredRun *run)
{
    TgwBaseline *b = tgw_baseline_new();
    b->run_id = run->id;
    b->created_at = g_strdup(run->created_at);
    b->seed = run->seed;
    b->horizon_ms = run->horizon_ms;
    for (guint i = 0; run->subnets != NULL && i < run->subnets->len; i++) {
        const TgwStoredSubnet *s = run->subnets->pdata[i];
        tgw_baseline_add_subnet(b, s->vpc, s->name, s->usable, s->peak_used, s->peak_time_ms,
                                s->first_exhausted_ms);
    }
    return b;
}

/* stored runs are found by scenario name: a suite whose name is empty or shared with another
 * suite of this invocation cannot be told apart from it in the store. NULL when the name is
 * fine; else why not */
static char *
baseline_name_problem(GPtrArray *suites, guint index)
{
    const TgwExpectSuite *suite = suites->pdata[index];
    const char *name = suite->scenario->name;

    if (name[0] == '\0')
        return g_strdup(
            "the scenario's name= is empty, and stored runs are found by scenario name: "
            "give it a name that no other scenario in the store uses");
    for (guint i = 0; i < suites->len; i++) {
        const TgwExpectSuite *other = suites->pdata[i];
        if (i != index && !tgw_expect_suite_invalid(other) &&
            g_str_equal(other->scenario->name, name))
            return g_strdup_printf("%s has the same scenario name '%s', and stored runs are "
                                   "found by scenario name: give each scenario its own name=",
                                   other->file, name);
    }
    return NULL;
}

static gboolean
compare_baselines(const char *path, GPtrArray *suites, GError **error)
{
    g_autoptr(GError) open_error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open_readonly(path, &open_error);

    /* no store yet (the first CI run): nothing to compare, every mode says so */
    if (store == NULL && !g_error_matches(open_error, TGW_ERROR, TGW_ERROR_NOT_FOUND)) {
        g_propagate_error(error, g_steal_pointer(&open_error));
        return FALSE;
    }
    for (guint i = 0; i < suites->len; i++) {
        TgwExpectSuite *suite = suites->pdata[i];
        g_autofree char *problem = NULL;
        if (tgw_expect_suite_invalid(suite))
            continue;
        problem = baseline_name_problem(suites, i);
        for (guint k = 0; k < suite->runs->len; k++) {
            const TgwExpectRuns *runs = suite->runs->pdata[k];
            g_autoptr(TgwStoredRun) stored = NULL;
            g_autoptr(TgwBaseline) baseline = NULL;
            if (problem != NULL) {
                tgw_expect_suite_refuse_baseline(suite, runs, problem);
                continue;
            }
            if (store != NULL) {
                g_autoptr(GError) err = NULL;
                stored = tgw_store_last_run(store, suite->scenario->name,
                                            tgw_cni_mode_name(runs->mode), &err);
                if (err != NULL) {
                    g_propagate_error(error, g_steal_pointer(&err));
                    return FALSE;
                }
            }
            if (stored != NULL)
                baseline = baseline_from(stored);
            tgw_expect_suite_compare_baseline(suite, runs, baseline);
        }
    }
    return TRUE;
}

/* the command line a stored run stands for, for people reading the history */
static char *
run_flags(const TgwExpectRuns *runs, char **sets)
{
    GString *flags = g_string_new("tgwsim test");
    if (runs->override_cni)
        g_string_append_printf(flags, " --cni %s", tgw_cni_mode_name(runs->mode));
    if (runs->runs > 1)
        g_string_append_printf(flags, " --runs %u", runs->runs);
    for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
        g_string_append_printf(flags, " --set %s", sets[i]);
    return g_string_free(flags, FALSE);
}

/* one transaction: every simulation of the scenario, then each outcome under the run that
 * judged it (outcomes that needed no simulation under the scenario's own mode, stored first) */
static gboolean
store_suite(TgwStore *store, const TgwExpectSuite *suite, char **sets, GError **error)
{
    g_autofree gint64 *ids = g_new0(gint64, suite->runs->len + 1);
    gint64 fallback = 0;

    if (!tgw_store_begin(store, error))
        return FALSE;
    for (guint k = 0; k < suite->runs->len; k++) {
        const TgwExpectRuns *runs = suite->runs->pdata[k];
        g_autofree char *flags = run_flags(runs, sets);
        if (runs->results == NULL)
            continue;
        ids[k] = runs->results->len > 1
                     ? tgw_store_add_runs(store, runs->results, flags, error)
                     : tgw_store_add_run(store, runs->results->pdata[0], flags, error);
        if (ids[k] == 0)
            goto fail;
        if (fallback == 0)
            fallback = ids[k];
    }
    for (guint k = 0; k <= suite->runs->len && fallback != 0; k++) {
        const TgwExpectRuns *runs = k < suite->runs->len ? suite->runs->pdata[k] : NULL;
        gint64 id = runs != NULL ? ids[k] : fallback;
        g_autoptr(GArray) outcomes = g_array_new(FALSE, TRUE, sizeof(TgwStoreExpectation));
        for (guint i = 0; i < suite->outcomes->len; i++) {
            const TgwExpectOutcome *o = suite->outcomes->pdata[i];
            TgwStoreExpectation row = {o->name, o->kind, o->line, o->status == TGW_OUTCOME_PASS,
                                       o->message};
            if (o->runs == runs || (runs == NULL && o->runs != NULL && o->runs->results == NULL))
                g_array_append_val(outcomes, row);
        }
        if (id != 0 && outcomes->len > 0 && !tgw_store_add_expectations(store, id, outcomes, error))
            goto fail;
    }
    return tgw_store_commit(store, error);
fail:
    tgw_store_rollback(store);
    return FALSE;
}

static gboolean
store_all(const char *path, GPtrArray *suites, char **sets, GError **error)
{
    g_autoptr(TgwStore) store = tgw_store_open(path, error);
    if (store == NULL)
        return FALSE;
    for (guint i = 0; i < suites->len; i++) {
        const TgwExpectSuite *suite = suites->pdata[i];
        if (!tgw_expect_suite_invalid(suite) && !store_suite(store, suite, sets, error))
            return FALSE;
    }
    return TRUE;
}

/* ---- the command ----------------------------------------------------------------------------- */

static gboolean
zero_times(void)
{
    const char *v = g_getenv("TGWSIM_ZERO_TIMES");
    return v != NULL && v[0] != '\0' && !g_str_equal(v, "0");
}

static GPtrArray *
load_all(const GPtrArray *files, char **sets)
{
    GPtrArray *suites = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_expect_suite_free);
    TgwLoadOptions load = {(const char *const *) sets, FALSE};

    for (guint i = 0; i < files->len; i++) {
        TgwFindings *findings = tgw_findings_new();
        TgwScenario *sc = tgw_scenario_load_file(files->pdata[i], &load, findings);
        g_ptr_array_add(suites, tgw_expect_suite_new(files->pdata[i], sc, findings));
    }
    return suites;
}

static gboolean
write_outputs(GPtrArray *suites, const char *junit, const char *markdown, GError **error)
{
    if (junit != NULL) {
        g_autofree char *xml = tgw_report_test_junit(suites, error);
        if (xml == NULL || !tgw_cmd_write_output(junit, xml, error))
            return FALSE;
    }
    if (markdown != NULL) {
        g_autoptr(GString) md = g_string_new(NULL);
        tgw_report_test_markdown(suites, md);
        if (!tgw_cmd_write_output(markdown, md->str, error))
            return FALSE;
    }
    return TRUE;
}

static void
print_summary(GPtrArray *suites, const GPtrArray *skipped, gboolean tap)
{
    g_autoptr(GString) out = g_string_new(NULL);
    if (tap) {
        tgw_report_test_tap(suites, out);
    } else {
        tgw_report_test_text(suites, out);
        for (guint i = 0; i < skipped->len; i++)
            g_string_append_printf(out, "(skipped %s: not a scenario)\n",
                                   (const char *) skipped->pdata[i]);
    }
    fputs(out->str, stdout);
    fflush(stdout);
}

int
tgw_cmd_test(int argc, char **argv)
{
    g_autofree char *junit = NULL, *markdown = NULL, *db = NULL, *baseline = NULL;
    g_auto(GStrv) sets = NULL;
    gboolean tap = FALSE;
    gint threads = 0;
    GOptionEntry entries[] = {
        {"junit", 0, 0, G_OPTION_ARG_FILENAME, &junit, "Write JUnit XML (GitLab, Jenkins)", "FILE"},
        {"tap", 0, 0, G_OPTION_ARG_NONE, &tap, "Print TAP version 14 instead of the summary", NULL},
        {"markdown", 0, 0, G_OPTION_ARG_FILENAME, &markdown,
         "Write a Markdown summary (GitHub job summary)", "FILE"},
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Store the runs and outcomes in this store",
         "FILE"},
        {"baseline", 0, 0, G_OPTION_ARG_FILENAME, &baseline,
         "Fail on regressions against the last stored run of each scenario and mode", "DB"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (default: one per core)", "N"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override an attribute in every scenario",
         "PATH=VALUE"},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("PATH... - check every <expect> of the scenarios");
    g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) files = NULL;
    g_autoptr(GPtrArray) suites = NULL;
    g_autoptr(GError) error = NULL;
    TgwExpectOptions options = {0};
    gboolean stdout_taken = FALSE;
    int status = TGW_EXIT_OK;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(
        context, "Each scenario file is a test suite and each <expect> a test case; PATH may be a\n"
                 "file or a folder (every *.xml below it). Exits 0 when every expectation holds,\n"
                 "1 when any fails or a scenario is invalid, 2 on a usage error.\n"
                 "--baseline fails when a subnet runs out earlier than in the stored run by more\n"
                 "than max(1% of the horizon, 1 h), or peaks higher by more than max(1% of its\n"
                 "usable addresses, 2).");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc < 2)
        return tgw_cmd_usage_error("test", "give one or more scenario files or folders");
    if (threads < 0 || threads > 1024)
        return tgw_cmd_usage_error("test", "--threads takes 1 to 1024 (0: one per core)");
    stdout_taken = g_strcmp0(junit, "-") == 0 || g_strcmp0(markdown, "-") == 0;
    if (g_strcmp0(junit, "-") == 0 && g_strcmp0(markdown, "-") == 0)
        return tgw_cmd_usage_error("test",
                                   "only one of --junit and --markdown can write to stdout");
    if (tap && stdout_taken)
        return tgw_cmd_usage_error("test", "--tap prints on stdout; write --junit or --markdown "
                                           "to a file");

    files = collect(argv + 1, skipped);
    if (files->len == 0) {
        fprintf(stderr, "tgwsim test: no scenario files found\n");
        return TGW_EXIT_FAIL;
    }
    suites = load_all(files, sets);
    options.zero_times = zero_times();
    options.always_simulate = db != NULL || baseline != NULL;
    evaluate_all(suites, (guint) threads, &options);

    if (baseline != NULL && !compare_baselines(baseline, suites, &error)) {
        fprintf(stderr, "tgwsim test: --baseline %s: %s\n", baseline, error->message);
        return TGW_EXIT_FAIL;
    }
    if (db != NULL && !store_all(db, suites, sets, &error)) {
        fprintf(stderr, "tgwsim test: --db %s: %s\n", db, error->message);
        g_clear_error(&error);
        status = TGW_EXIT_FAIL;
    }
    if (!stdout_taken)
        print_summary(suites, skipped, tap);
    if (!write_outputs(suites, junit, markdown, &error)) {
        fprintf(stderr, "tgwsim test: %s\n", error->message);
        status = TGW_EXIT_FAIL;
    }
    for (guint i = 0; i < suites->len; i++) {
        if (!tgw_expect_suite_passed(suites->pdata[i]))
            status = TGW_EXIT_FAIL;
    }
    return status;
}
