/* test-store.c: the SQLite results store (reports/tgw-store.h).
 *
 * A fresh file migrates to the current schema (WAL, STRICT tables, the application id) and
 * reopening it changes nothing; a run reads back as it was written, with its series, holders,
 * events and expectation outcomes; runs added in one transaction share a batch; several
 * processes writing one file at once all land; a writer killed with SIGKILL in the middle of a
 * transaction leaves a file that passes the integrity check and holds no part of that run; a
 * read-only file, a file that is not SQLite, another program's database and a newer schema are
 * refused with clear messages; a store that cannot grow (disk full) fails the run with a message
 * that says so and keeps what it had. The history and diff commands are run against a real store.
 *
 * Helper modes (the test binary runs itself as a second process):
 *   test-store --helper-add DB N    adds N runs, one transaction each
 *   test-store --helper-kill DB     commits one run, then dies by SIGKILL inside the next */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tgw-error.h"
#include "tgw-rng.h"
#include "tgw-sim.h"
#include "tgw-store.h"
#include "tgw-test-util.h"

static const char *self_path;

/* the seed scenario, simulated for two days: quick, and it runs dry (events, holders, series) */
static TgwScenario *
seed_scenario(void)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    TgwScenario *sc = tgw_scenario_load_file(path, NULL, findings);
    g_assert_nonnull(sc);
    return sc;
}

static GPtrArray *
simulate(const TgwScenario *sc, TgwCniMode mode, guint runs)
{
    TgwSimOptions opts = {0};
    g_autoptr(GError) error = NULL;
    GPtrArray *results;
    opts.override_cni = TRUE;
    opts.cni = mode;
    opts.horizon_ms = 2 * TGW_MS_PER_DAY;
    results = tgw_sim_run_many(sc, &opts, runs, 1, &error);
    g_assert_no_error(error);
    g_assert_nonnull(results);
    return results;
}

static char *
temp_dir(void)
{
    g_autoptr(GError) error = NULL;
    char *dir = g_dir_make_tmp("tgw-store-XXXXXX", &error);
    g_assert_no_error(error);
    return dir;
}

/* one integer from the file, read with SQLite directly (not through the store) */
static gint64
sql_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    gint64 v;
    g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error("%s: %s", sql, sqlite3_errmsg(db));
    g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
    v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
}

static char *
sql_text(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    char *v;
    g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_step(stmt), ==, SQLITE_ROW);
    v = g_strdup((const char *) sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
}

static void
sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
    g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);
}

/* the file is sound and holds runs 1..n and nothing of any other run, in any table: what a run
 * that was rolled back, killed or refused by a full disk must leave */
static void
assert_holds_runs(const char *path, gint64 n)
{
    static const char *const tables[] = {"subnets", "peak_holders", "exhaustion_events",
                                         "series",  "node_groups",  "expectations"};
    g_autofree char *ok = sql_text(path, "PRAGMA integrity_check");
    g_assert_cmpstr(ok, ==, "ok");
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs"), ==, n);
    g_assert_cmpint(sql_int(path, "SELECT coalesce(max(id), 0) FROM runs"), ==, n);
    for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
        g_autofree char *sql = g_strdup_printf(
            "SELECT count(*) FROM %s WHERE run_id > %" G_GINT64_FORMAT, tables[i], n);
        g_assert_cmpint(sql_int(path, sql), ==, 0);
    }
}

/* ---- helpers run as a second process -------------------------------------------------------- */

static int
helper_add(const char *db, guint n)
{
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(db, &error);
    if (store == NULL) {
        g_printerr("helper-add: %s\n", error->message);
        return 1;
    }
    for (guint i = 0; i < n; i++) {
        if (tgw_store_add_run(store, results->pdata[0], "helper-add", &error) == 0) {
            g_printerr("helper-add: %s\n", error->message);
            return 1;
        }
    }
    return 0;
}

static int
helper_kill(const char *db)
{
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GError) error = NULL;
    TgwStore *store = tgw_store_open(db, &error);
    GArray *outcomes = g_array_new(FALSE, TRUE, sizeof(TgwStoreExpectation));
    TgwStoreExpectation e = {"half-written", "min-free", 1, TRUE, NULL};
    gint64 id;

    if (store == NULL || tgw_store_add_run(store, results->pdata[0], "committed", &error) == 0)
        return 1;
    if (!tgw_store_begin(store, &error))
        return 1;
    id = tgw_store_add_run(store, results->pdata[0], "killed", &error);
    g_array_append_val(outcomes, e);
    if (id == 0 || !tgw_store_add_expectations(store, id, outcomes, &error))
        return 1;
    /* every row of the second run is written, none committed: die here, as kill -9 would */
    raise(SIGKILL);
    return 2;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void
test_migrate_fresh(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(path, &error);
    g_autofree char *mode = NULL;
    static const char *const tables[] = {
        "runs",   "subnets",     "peak_holders", "exhaustion_events",
        "series", "node_groups", "expectations"};

    g_assert_no_error(error);
    g_assert_cmpint(tgw_store_schema_version(store), ==, TGW_STORE_SCHEMA_VERSION);
    g_clear_pointer(&store, tgw_store_free);
    g_assert_cmpint(sql_int(path, "PRAGMA user_version"), ==, TGW_STORE_SCHEMA_VERSION);
    g_assert_cmpint(sql_int(path, "PRAGMA application_id"), ==, 0x54475753);
    mode = sql_text(path, "PRAGMA journal_mode");
    g_assert_cmpstr(mode, ==, "wal");
    for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
        g_autofree char *sql =
            g_strdup_printf("SELECT strict FROM pragma_table_list WHERE name = '%s'", tables[i]);
        g_assert_cmpint(sql_int(path, sql), ==, 1);
    }
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs"), ==, 0);
    tgw_test_remove_tree(dir);
}

static void
test_reopen(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL, *after = NULL;

    for (int round = 0; round < 3; round++) {
        g_autoptr(TgwStore) store = tgw_store_open(path, &error);
        g_assert_no_error(error);
        g_assert_cmpint(tgw_store_schema_version(store), ==, TGW_STORE_SCHEMA_VERSION);
        if (round == 0) {
            g_assert_cmpint(tgw_store_add_run(store, results->pdata[0], "x", &error), ==, 1);
            g_assert_no_error(error);
        }
        g_clear_pointer(&store, tgw_store_free);
        after = sql_text(path, "SELECT group_concat(name || ':' || sql, ';') FROM sqlite_schema");
        if (before != NULL)
            g_assert_cmpstr(before, ==, after);
        g_free(before);
        before = g_steal_pointer(&after);
    }
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs"), ==, 1);
    tgw_test_remove_tree(dir);
}

static void
test_round_trip(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) def = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GPtrArray) cus = simulate(sc, TGW_CNI_CUSTOM, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(path, &error);
    g_autoptr(GPtrArray) list = NULL;
    g_autoptr(TgwStoredRun) run = NULL, last = NULL, none = NULL;
    g_autoptr(GArray) outcomes = g_array_new(FALSE, TRUE, sizeof(TgwStoreExpectation));
    const TgwRunResult *r = def->pdata[0];
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    guint64 holders = 0, moved = 0;
    gint64 a, b;

    g_assert_no_error(error);
    g_assert_nonnull(first); /* the seed runs dry on day 1 */

    /* a compare-like batch: two runs and one expectation outcome in one transaction */
    g_assert_true(tgw_store_begin(store, &error));
    a = tgw_store_add_run(store, r, "compare seed.xml --db t.db", &error);
    g_assert_no_error(error);
    b = tgw_store_add_run(store, cus->pdata[0], "compare seed.xml --db t.db", &error);
    g_assert_no_error(error);
    {
        TgwStoreExpectation e1 = {"no pod waits", "pods-waiting-for-ip", 95, FALSE, "828 waited"};
        TgwStoreExpectation e2 = {"<quotes> & \"names\"", "min-free", 96, TRUE, NULL};
        g_array_append_val(outcomes, e1);
        g_array_append_val(outcomes, e2);
    }
    g_assert_true(tgw_store_add_expectations(store, a, outcomes, &error));
    g_assert_true(tgw_store_commit(store, &error));
    g_assert_no_error(error);
    g_assert_cmpint(a, ==, 1);
    g_assert_cmpint(b, ==, 2);

    list = tgw_store_list_runs(store, NULL, 0, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(list->len, ==, 2);
    g_assert_cmpint(((TgwStoredRun *) list->pdata[0])->id, ==, 1);
    g_assert_cmpint(((TgwStoredRun *) list->pdata[1])->batch, ==, 1);
    g_assert_cmpstr(((TgwStoredRun *) list->pdata[1])->cni, ==, "custom");
    g_assert_cmpuint(((TgwStoredRun *) list->pdata[0])->expectations_failed, ==, 1);
    g_clear_pointer(&list, g_ptr_array_unref);
    /* a limit keeps the newest */
    list = tgw_store_list_runs(store, NULL, 1, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(list->len, ==, 1);
    g_assert_cmpint(((TgwStoredRun *) list->pdata[0])->id, ==, 2);
    g_clear_pointer(&list, g_ptr_array_unref);
    list = tgw_store_list_runs(store, "no such scenario", 0, &error);
    g_assert_cmpuint(list->len, ==, 0);

    run = tgw_store_load_run(store, a, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(run->scenario, ==, sc->name);
    g_assert_cmpstr(run->input_sha256, ==, sc->input_sha256);
    g_assert_cmpstr(run->cni, ==, "default");
    g_assert_cmpuint(run->seed, ==, r->seed);
    g_assert_cmpint(run->horizon_ms, ==, r->horizon_ms);
    g_assert_cmpstr(run->flags, ==, "compare seed.xml --db t.db");
    g_assert_true(run->exhausted);
    g_assert_cmpint(run->first_exhaustion_ms, ==, first->time_ms);
    g_assert_cmpstr(run->first_exhaustion_vpc, ==, first->subnet->vpc->name);
    g_assert_cmpstr(run->first_exhaustion_subnet, ==, first->subnet->name);
    g_assert_cmpstr(run->first_exhaustion_az, ==, first->subnet->az);
    g_assert_cmpstr(run->first_exhaustion_request, ==, first->request);
    g_assert_cmpstr(run->first_exhaustion_requester, ==, first->requester);
    g_assert_cmpuint(run->pods_waited_for_ip, ==, r->pods.waited_for_ip);
    g_assert_cmpuint(run->subnets->len, ==, r->subnets->len);
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        const TgwStoredSubnet *st = run->subnets->pdata[i];
        g_assert_cmpstr(st->name, ==, s->def->name);
        g_assert_cmpuint(st->peak_used, ==, s->peak_used);
        g_assert_cmpuint(st->min_free, ==, s->min_free);
        g_assert_cmpint(st->first_exhausted_ms, ==, s->first_exhausted_ms);
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++)
            holders += s->at_peak[h];
        for (guint k = 0; k < s->series->len; k++) {
            const TgwSample *p = &g_array_index(s->series, TgwSample, k);
            if (p->free != s->usable || p->min_free != s->usable) {
                moved++;
                break;
            }
        }
    }
    g_assert_cmpuint(run->expects->len, ==, 2);
    g_assert_cmpstr(((TgwStoredExpectation *) run->expects->pdata[1])->name, ==,
                    "<quotes> & \"names\"");
    g_assert_false(((TgwStoredExpectation *) run->expects->pdata[0])->passed);

    /* what the rows hold, read with SQLite directly */
    g_assert_cmpint(sql_int(path, "SELECT sum(addresses) FROM peak_holders WHERE run_id = 1"), ==,
                    (gint64) holders);
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM exhaustion_events WHERE run_id = 1"), ==,
                    r->events->len);
    g_assert_cmpint(sql_int(path, "SELECT count(DISTINCT subnet) FROM series WHERE run_id = 1"), ==,
                    (gint64) moved);
    g_assert_cmpint(sql_int(path, "SELECT max(c) FROM (SELECT count(*) c FROM series GROUP BY "
                                  "run_id, subnet)"),
                    <=, 1000);
    g_assert_cmpint(
        sql_int(path, "SELECT min(s.min_free) FROM series s JOIN subnets n ON n.run_id = s.run_id "
                      "AND n.idx = s.subnet WHERE s.run_id = 1 AND n.name = 'private-a' AND "
                      "n.vpc = 'team-a'"),
        ==, 0);
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM node_groups WHERE run_id = 2"), ==,
                    sc->node_groups->len);

    last = tgw_store_last_run(store, sc->name, "custom", &error);
    g_assert_no_error(error);
    g_assert_nonnull(last);
    g_assert_cmpint(last->id, ==, b);
    none = tgw_store_last_run(store, sc->name, "prefix", &error);
    g_assert_no_error(error);
    g_assert_null(none);
    g_assert_true(tgw_store_check(store, &error));
    g_assert_no_error(error);
    {
        g_autoptr(TgwStoredRun) missing = tgw_store_load_run(store, 99, &error);
        g_assert_null(missing);
        g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    }
    g_clear_pointer(&store, tgw_store_free);
    tgw_test_remove_tree(dir);
}

static void
test_repetitions(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 3);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(path, &error);
    g_autoptr(TgwStoredRun) run = NULL;
    gint64 id = tgw_store_add_runs(store, results, "run --runs 3", &error);

    g_assert_no_error(error);
    run = tgw_store_load_run(store, id, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(run->repetitions, ==, 3);
    g_assert_cmpfloat_with_epsilon(run->exhaustion_probability,
                                   tgw_results_exhaustion_probability(results), 1e-9);
    {
        /* each subnet's spread over the repetitions, read back as the model computed it */
        g_autoptr(GArray) spread = tgw_results_spread(results);
        g_assert_cmpuint(run->subnets->len, ==, spread->len);
        for (guint i = 0; i < run->subnets->len; i++) {
            const TgwStoredSubnet *st = run->subnets->pdata[i];
            const TgwSubnetSpread *sp = &g_array_index(spread, TgwSubnetSpread, i);
            g_assert_cmpfloat_with_epsilon(st->exhaustion_probability,
                                           (double) sp->exhausted_runs / (double) sp->runs, 1e-9);
            g_assert_cmpint(st->p50_ms, ==, sp->p50_ms);
        }
    }
    g_clear_pointer(&store, tgw_store_free);
    tgw_test_remove_tree(dir);
}

static void
test_rollback(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(path, &error);
    g_autoptr(GArray) outcomes = g_array_new(FALSE, TRUE, sizeof(TgwStoreExpectation));
    gint64 id;

    g_assert_true(tgw_store_begin(store, &error));
    g_assert_cmpint(tgw_store_add_run(store, results->pdata[0], "x", &error), >, 0);
    tgw_store_rollback(store);
    assert_holds_runs(path, 0);

    /* a failing add inside an explicit transaction undoes itself and leaves the rest */
    g_assert_true(tgw_store_begin(store, &error));
    id = tgw_store_add_run(store, results->pdata[0], "x", &error);
    g_assert_cmpint(id, >, 0);
    g_assert_false(tgw_store_add_expectations(store, id + 5, outcomes, &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    g_clear_error(&error);
    g_assert_true(tgw_store_commit(store, &error));
    g_assert_no_error(error);
    g_clear_pointer(&store, tgw_store_free);
    assert_holds_runs(path, 1);
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM subnets WHERE run_id = 1"), >, 0);
    tgw_test_remove_tree(dir);
}

static GSubprocess *
spawn(const char *const *argv)
{
    g_autoptr(GError) error = NULL;
    GSubprocess *p = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
    g_assert_no_error(error);
    return p;
}

static void
test_concurrent(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "shared.db", NULL);
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    const char *tgwsim = g_getenv("TGWSIM");
    g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func(g_object_unref);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = NULL;
    gint64 expected = 0;

    /* all start on a file that does not exist yet: the schema is created once */
    for (int i = 0; i < 2; i++) {
        const char *argv[] = {self_path, "--helper-add", path, "10", NULL};
        g_ptr_array_add(procs, spawn(argv));
        expected += 10;
    }
    if (tgwsim != NULL) {
        const char *argv1[] = {tgwsim, "run", seed, "--horizon", "3d", "--db", path, NULL};
        const char *argv2[] = {tgwsim, "compare", seed, "--horizon", "3d", "--db", path, NULL};
        g_ptr_array_add(procs, spawn(argv1));
        g_ptr_array_add(procs, spawn(argv2));
        expected += 1 + 2;
    }
    for (guint i = 0; i < procs->len; i++) {
        g_subprocess_wait_check(procs->pdata[i], NULL, &error);
        g_assert_no_error(error);
    }
    store = tgw_store_open(path, &error);
    g_assert_no_error(error);
    g_assert_true(tgw_store_check(store, &error));
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs"), ==, expected);
    g_assert_cmpint(sql_int(path, "SELECT count(DISTINCT id) FROM runs"), ==, expected);
    g_assert_cmpint(sql_int(path, "SELECT count(DISTINCT run_id) FROM subnets"), ==, expected);
    if (tgwsim != NULL)
        g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs WHERE flags LIKE 'compare %'"), ==,
                        2);
    g_clear_pointer(&store, tgw_store_free);
    tgw_test_remove_tree(dir);
}

static void
test_killed(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    const char *argv[] = {self_path, "--helper-kill", path, NULL};
    g_autoptr(GSubprocess) child = spawn(argv);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = NULL;

    g_subprocess_wait(child, NULL, &error);
    g_assert_no_error(error);
    g_assert_true(g_subprocess_get_if_signaled(child));
    g_assert_cmpint(g_subprocess_get_term_sig(child), ==, SIGKILL);

    /* the next writer recovers the file; the killed transaction is gone without a trace */
    store = tgw_store_open(path, &error);
    g_assert_no_error(error);
    g_assert_true(tgw_store_check(store, &error));
    g_assert_no_error(error);
    g_clear_pointer(&store, tgw_store_free);
    assert_holds_runs(path, 1);
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM runs WHERE flags = 'killed'"), ==, 0);
    g_assert_cmpint(sql_int(path, "SELECT count(*) FROM expectations"), ==, 0);
    tgw_test_remove_tree(dir);
}

/* in the child, before exec: files may not grow past the size in data, and writing past it
 * fails with EFBIG instead of killing the process (as a full disk fails with ENOSPC) */
static void
limit_file_size(gpointer data)
{
    struct rlimit lim = {.rlim_cur = GPOINTER_TO_SIZE(data), .rlim_max = RLIM_INFINITY};
    signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &lim);
}

/* a store that cannot grow (disk full, a size limit): the run fails with a message that says so
 * and what to do, exit status 1, and the file keeps exactly what it had */
static void
test_disk_full(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "t.db", NULL);
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_auto(TgwTestCmd) first = {0};
    g_auto(TgwTestCmd) full = {0};
    GStatBuf st;

    tgw_test_tgwsim(&first, "run", seed, "--horizon", "2d", "--db", path, NULL);
    g_assert_cmpint(first.status, ==, 0);
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    /* the next run's pages go to the write-ahead log, which may not pass 16 KiB */
    tgw_test_tgwsim_setup(&full, limit_file_size, GSIZE_TO_POINTER(16 * 1024), "run", seed,
                          "--horizon", "2d", "--db", path, NULL);
    g_assert_cmpint(full.status, ==, 1);
    g_assert_nonnull(strstr(full.err, path));
    g_assert_nonnull(strstr(full.err, "is the disk full"));
    g_assert_nonnull(strstr(full.err, "the store is unchanged"));

    assert_holds_runs(path, 1);
    tgw_test_remove_tree(dir);
}

static void
test_refusals(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *ro = g_build_filename(dir, "ro.db", NULL);
    g_autofree char *text = g_build_filename(dir, "notes.txt", NULL);
    g_autofree char *other = g_build_filename(dir, "other.db", NULL);
    g_autofree char *newer = g_build_filename(dir, "newer.db", NULL);
    g_autofree char *missing = g_build_filename(dir, "missing.db", NULL);
    g_autoptr(TgwScenario) sc = seed_scenario();
    g_autoptr(GPtrArray) results = simulate(sc, TGW_CNI_DEFAULT, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwStore) store = tgw_store_open(ro, &error);

    /* a read-only store: refused for writing (even as root), still readable */
    g_assert_cmpint(tgw_store_add_run(store, results->pdata[0], "x", &error), ==, 1);
    g_clear_pointer(&store, tgw_store_free);
    g_assert_cmpint(g_chmod(ro, 0444), ==, 0);
    store = tgw_store_open(ro, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
    g_assert_nonnull(strstr(error->message, "read-only"));
    g_assert_nonnull(strstr(error->message, ro));
    g_clear_error(&error);
    store = tgw_store_open_readonly(ro, &error);
    g_assert_no_error(error);
    {
        g_autoptr(GPtrArray) list = tgw_store_list_runs(store, NULL, 0, &error);
        g_assert_no_error(error);
        g_assert_cmpuint(list->len, ==, 1);
        g_assert_false(tgw_store_begin(store, &error));
        g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
        g_clear_error(&error);
    }
    g_clear_pointer(&store, tgw_store_free);

    /* not SQLite at all */
    g_assert_true(g_file_set_contents(text,
                                      "just some notes, long enough to be a header\n"
                                      "0123456789012345678901234567890123456789\n",
                                      -1, NULL));
    store = tgw_store_open(text, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
    g_assert_nonnull(strstr(error->message, "notes.txt"));
    g_clear_error(&error);

    /* another program's database */
    sql_exec(other, "CREATE TABLE inventory (item TEXT)");
    store = tgw_store_open(other, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
    g_assert_nonnull(strstr(error->message, "not a tgwsim results store"));
    g_clear_error(&error);
    g_assert_cmpint(sql_int(other, "SELECT count(*) FROM sqlite_schema"), ==, 1);

    /* a newer schema */
    store = tgw_store_open(newer, &error);
    g_assert_no_error(error);
    g_clear_pointer(&store, tgw_store_free);
    sql_exec(newer, "PRAGMA user_version = 99");
    store = tgw_store_open(newer, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
    g_assert_nonnull(strstr(error->message, "newer tgwsim"));
    g_clear_error(&error);
    store = tgw_store_open_readonly(newer, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_STORE);
    g_clear_error(&error);

    /* history and diff on a store that does not exist */
    store = tgw_store_open_readonly(missing, &error);
    g_assert_null(store);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
    tgw_test_remove_tree(dir);
}

static void
test_history_diff(void)
{
    g_autofree char *dir = temp_dir();
    g_autofree char *path = g_build_filename(dir, "h.db", NULL);
    g_autofree char *missing = g_build_filename(dir, "none.db", NULL);
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error = NULL;
    g_auto(TgwTestCmd) cmd = {0};
    JsonArray *runs;
    JsonObject *first;

    if (g_getenv("TGWSIM") == NULL) {
        g_test_skip("TGWSIM is not set");
        return;
    }
    tgw_test_tgwsim(&cmd, "compare", seed, "--horizon", "3d", "--db", path, NULL);
    g_assert_cmpint(cmd.status, ==, 0);

    tgw_test_tgwsim(&cmd, "history", "--db", path, NULL);
    g_assert_cmpint(cmd.status, ==, 0);
    g_assert_nonnull(strstr(cmd.out, "team-a-pod-ips"));
    g_assert_nonnull(strstr(cmd.out, "default"));
    g_assert_nonnull(strstr(cmd.out, "custom"));

    tgw_test_tgwsim(&cmd, "history", "--db", path, "--json", "-", "team-a-pod-ips", NULL);
    g_assert_cmpint(cmd.status, ==, 0);
    g_assert_true(json_parser_load_from_data(parser, cmd.out, -1, &error));
    runs = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "runs");
    g_assert_cmpuint(json_array_get_length(runs), ==, 2);
    /* the first exhaustion in the shape of run's JSON (design.md section 7) */
    first =
        json_object_get_object_member(json_array_get_object_element(runs, 0), "first_exhaustion");
    g_assert_nonnull(first);
    g_assert_cmpstr(json_object_get_string_member(first, "vpc"), ==, "team-a");
    g_assert_cmpstr(json_object_get_string_member(first, "subnet"), ==, "private-a");
    g_assert_cmpstr(json_object_get_string_member(first, "az"), ==, "apne2-az1");
    g_assert_true(json_object_has_member(first, "time_s"));
    g_assert_true(json_object_has_member(first, "request"));
    g_assert_true(json_object_has_member(first, "requester"));
    g_assert_true(
        json_object_get_null_member(json_array_get_object_element(runs, 1), "first_exhaustion"));

    tgw_test_tgwsim(&cmd, "diff", "1", "2", "--db", path, NULL);
    g_assert_cmpint(cmd.status, ==, 0);
    g_assert_nonnull(strstr(cmd.out, "no longer runs out"));
    g_assert_nonnull(strstr(cmd.out, "team-a/private-a"));

    tgw_test_tgwsim(&cmd, "diff", "1", "7", "--db", path, NULL);
    g_assert_cmpint(cmd.status, ==, 1);
    g_assert_nonnull(strstr(cmd.err, "no run 7"));

    /* nothing is written unasked: history on a missing store creates no file */
    tgw_test_tgwsim(&cmd, "history", "--db", missing, NULL);
    g_assert_cmpint(cmd.status, ==, 1);
    g_assert_nonnull(strstr(cmd.err, "no results store here"));
    g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
    tgw_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
    self_path = argv[0];
    tgw_rng_init();
    if (argc == 4 && g_str_equal(argv[1], "--helper-add"))
        return helper_add(argv[2], (guint) g_ascii_strtoull(argv[3], NULL, 10));
    if (argc == 3 && g_str_equal(argv[1], "--helper-kill"))
        return helper_kill(argv[2]);

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/migrate-fresh", test_migrate_fresh);
    g_test_add_func("/store/reopen", test_reopen);
    g_test_add_func("/store/round-trip", test_round_trip);
    g_test_add_func("/store/repetitions", test_repetitions);
    g_test_add_func("/store/rollback", test_rollback);
    g_test_add_func("/store/concurrent", test_concurrent);
    g_test_add_func("/store/killed", test_killed);
    g_test_add_func("/store/disk-full", test_disk_full);
    g_test_add_func("/store/refusals", test_refusals);
    g_test_add_func("/store/history-diff", test_history_diff);
    return g_test_run();
}
