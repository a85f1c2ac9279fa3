/* tgw-store-read.c: listing stored runs and loading one back (see tgw-store-private.h).
 *
 * What history, diff and test --baseline read: the run rows, newest last, and one run with its
 * subnets and expectation outcomes. A column that was NULL comes back as the struct's "none"
 * value (no exhaustion, no probability). */
#include "tgw-store-private.h"

/* ---- reading -------------------------------------------------------------------------------- */

static void
stored_subnet_free(gpointer data)
{
    TgwStoredSubnet *sn = data;
    g_free(sn->vpc);
    g_free(sn->name);
    g_free(sn->az);
    g_free(sn->cidr);
    g_free(sn);
}

static void
stored_expectation_free(gpointer data)
{
    TgwStoredExpectation *e = data;
    g_free(e->name);
    g_free(e->kind);
    g_free(e->message);
    g_free(e);
}

void
tgw_stored_run_free(TgwStoredRun *run)
{
    if (run == NULL)
        return;
    g_free(run->created_at);
    g_free(run->scenario);
    g_free(run->input_sha256);
    g_free(run->version);
    g_free(run->cni);
    g_free(run->flags);
    g_free(run->first_exhaustion_vpc);
    g_free(run->first_exhaustion_subnet);
    g_free(run->first_exhaustion_az);
    g_free(run->first_exhaustion_request);
    g_free(run->first_exhaustion_requester);
    if (run->subnets != NULL)
        g_ptr_array_unref(run->subnets);
    if (run->expects != NULL)
        g_ptr_array_unref(run->expects);
    g_free(run);
}

char *
tgw_stored_run_first_exhaustion_ref(const TgwStoredRun *run)
{
    if (run->first_exhaustion_subnet == NULL)
        return NULL;
    return g_strdup_printf("%s/%s", run->first_exhaustion_vpc, run->first_exhaustion_subnet);
}

static char *
column_text(sqlite3_stmt *stmt, int i)
{
    const unsigned char *t = sqlite3_column_text(stmt, i);
    return t != NULL ? g_strdup((const char *) t) : NULL;
}

static gint64
column_ms(sqlite3_stmt *stmt, int i)
{
    return sqlite3_column_type(stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(stmt, i);
}

static double
column_double_or(sqlite3_stmt *stmt, int i, double fallback)
{
    return sqlite3_column_type(stmt, i) == SQLITE_NULL ? fallback : sqlite3_column_double(stmt, i);
}

static guint64
column_u64(sqlite3_stmt *stmt, int i)
{
    gint64 v = sqlite3_column_int64(stmt, i);
    return v < 0 ? 0 : (guint64) v;
}

/* a run's row with its first exhaustion's subnet and its expectation counts (read_run_row) */
#define SELECT_RUNS                                                                                \
    "SELECT r.id, r.batch, r.created_at, r.scenario, r.input_sha256, r.tgwsim_version, r.cni, "    \
    "r.seed, r.horizon_ms, r.flags, r.repetitions, r.exhausted, r.exhaustion_probability, "        \
    "r.first_exhaustion_ms, f.vpc, f.name, f.az, r.first_exhaustion_request, "                     \
    "r.first_exhaustion_requester, r.pods_started, r.pods_waited_for_ip, "                         \
    "r.pods_waiting_for_ip_at_end, r.pods_unschedulable_at_end, r.pod_seconds_waiting_for_ip, "    \
    "r.nodes_launched, r.nodes_failed_launch, r.nodes_peak, "                                      \
    "(SELECT count(*) FROM expectations e WHERE e.run_id = r.id), "                                \
    "(SELECT count(*) FROM expectations e WHERE e.run_id = r.id AND NOT e.passed) "                \
    "FROM runs r LEFT JOIN subnets f ON f.run_id = r.id AND f.idx = r.first_exhaustion_subnet "

static TgwStoredRun *
read_run_row(sqlite3_stmt *stmt)
{
    TgwStoredRun *run = g_new0(TgwStoredRun, 1);
    g_autofree char *seed = NULL;
    int i = 0;

    run->id = sqlite3_column_int64(stmt, i++);
    run->batch = sqlite3_column_int64(stmt, i++);
    run->created_at = column_text(stmt, i++);
    run->scenario = column_text(stmt, i++);
    run->input_sha256 = column_text(stmt, i++);
    run->version = column_text(stmt, i++);
    run->cni = column_text(stmt, i++);
    seed = column_text(stmt, i++);
    run->seed = seed != NULL ? g_ascii_strtoull(seed, NULL, 10) : 0;
    run->horizon_ms = sqlite3_column_int64(stmt, i++);
    run->flags = column_text(stmt, i++);
    run->repetitions = (guint) sqlite3_column_int(stmt, i++);
    run->exhausted = sqlite3_column_int(stmt, i++) != 0;
    run->exhaustion_probability = column_double_or(stmt, i++, -1);
    run->first_exhaustion_ms = column_ms(stmt, i++);
    run->first_exhaustion_vpc = column_text(stmt, i++);
    run->first_exhaustion_subnet = column_text(stmt, i++);
    run->first_exhaustion_az = column_text(stmt, i++);
    run->first_exhaustion_request = column_text(stmt, i++);
    run->first_exhaustion_requester = column_text(stmt, i++);
    run->pods_started = column_u64(stmt, i++);
    run->pods_waited_for_ip = column_u64(stmt, i++);
    run->pods_waiting_for_ip_at_end = column_u64(stmt, i++);
    run->pods_unschedulable_at_end = column_u64(stmt, i++);
    run->pod_seconds_waiting_for_ip = sqlite3_column_double(stmt, i++);
    run->nodes_launched = column_u64(stmt, i++);
    run->nodes_failed_launch = column_u64(stmt, i++);
    run->nodes_peak = column_u64(stmt, i++);
    run->expectations = (guint) sqlite3_column_int(stmt, i++);
    run->expectations_failed = (guint) sqlite3_column_int(stmt, i++);
    return run;
}

GPtrArray *
tgw_store_list_runs(TgwStore *s, const char *scenario, guint limit, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autoptr(GPtrArray) runs =
        g_ptr_array_new_with_free_func((GDestroyNotify) tgw_stored_run_free);
    int rc;

    /* the newest `limit`, listed oldest first */
    stmt = store_prepare(s,
                         SELECT_RUNS
                         "WHERE r.id IN (SELECT id FROM runs WHERE ?1 IS NULL OR scenario = ?1 "
                         "ORDER BY id DESC LIMIT ?2) ORDER BY r.id",
                         error);
    if (stmt == NULL)
        return NULL;
    store_bind_text(stmt, 1, scenario);
    sqlite3_bind_int64(stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        g_ptr_array_add(runs, read_run_row(stmt));
    if (rc != SQLITE_DONE) {
        store_fail(s, error, "cannot list the runs");
        return NULL;
    }
    return g_steal_pointer(&runs);
}

static gboolean
load_subnets(TgwStore *s, TgwStoredRun *run, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int rc;

    stmt = store_prepare(s,
                         "SELECT idx, vpc, name, az, cidr, usable, peak_used, min_free, failures, "
                         "peak_time_ms, first_exhausted_ms, exhaustion_probability, "
                         "first_exhausted_p50_ms FROM subnets WHERE run_id = ? ORDER BY idx",
                         error);
    if (stmt == NULL)
        return FALSE;
    sqlite3_bind_int64(stmt, 1, run->id);
    run->subnets = g_ptr_array_new_with_free_func(stored_subnet_free);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        TgwStoredSubnet *sn = g_new0(TgwStoredSubnet, 1);
        sn->index = (guint) sqlite3_column_int(stmt, 0);
        sn->vpc = column_text(stmt, 1);
        sn->name = column_text(stmt, 2);
        sn->az = column_text(stmt, 3);
        sn->cidr = column_text(stmt, 4);
        sn->usable = column_u64(stmt, 5);
        sn->peak_used = column_u64(stmt, 6);
        sn->min_free = column_u64(stmt, 7);
        sn->failures = column_u64(stmt, 8);
        sn->peak_time_ms = sqlite3_column_int64(stmt, 9);
        sn->first_exhausted_ms = column_ms(stmt, 10);
        sn->exhaustion_probability = column_double_or(stmt, 11, -1);
        sn->p50_ms = column_ms(stmt, 12);
        g_ptr_array_add(run->subnets, sn);
    }
    if (rc != SQLITE_DONE)
        return store_fail(s, error, "cannot read the run's subnets");
    return TRUE;
}

static gboolean
load_expectations(TgwStore *s, TgwStoredRun *run, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int rc;

    stmt =
        store_prepare(s,
                      "SELECT name, kind, line, passed, message FROM expectations WHERE run_id = ? "
                      "ORDER BY seq",
                      error);
    if (stmt == NULL)
        return FALSE;
    sqlite3_bind_int64(stmt, 1, run->id);
    run->expects = g_ptr_array_new_with_free_func(stored_expectation_free);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        TgwStoredExpectation *e = g_new0(TgwStoredExpectation, 1);
        e->name = column_text(stmt, 0);
        e->kind = column_text(stmt, 1);
        e->line = sqlite3_column_int(stmt, 2);
        e->passed = sqlite3_column_int(stmt, 3) != 0;
        e->message = column_text(stmt, 4);
        g_ptr_array_add(run->expects, e);
    }
    if (rc != SQLITE_DONE)
        return store_fail(s, error, "cannot read the run's expectations");
    return TRUE;
}

TgwStoredRun *
tgw_store_load_run(TgwStore *s, gint64 id, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autoptr(TgwStoredRun) run = NULL;
    int rc;

    stmt = store_prepare(s, SELECT_RUNS "WHERE r.id = ?", error);
    if (stmt == NULL)
        return NULL;
    sqlite3_bind_int64(stmt, 1, id);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND,
                    "%s: no run %" G_GINT64_FORMAT " (tgwsim history lists them)", s->path, id);
        return NULL;
    }
    if (rc != SQLITE_ROW) {
        store_fail(s, error, "cannot read the run");
        return NULL;
    }
    run = read_run_row(stmt);
    if (!load_subnets(s, run, error) || !load_expectations(s, run, error))
        return NULL;
    return g_steal_pointer(&run);
}

TgwStoredRun *
tgw_store_last_run(TgwStore *s, const char *scenario, const char *cni, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int rc;

    stmt = store_prepare(
        s, "SELECT id FROM runs WHERE scenario = ? AND cni = ? ORDER BY id DESC LIMIT 1", error);
    if (stmt == NULL)
        return NULL;
    store_bind_text(stmt, 1, scenario);
    store_bind_text(stmt, 2, cni);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE)
        return NULL;
    if (rc != SQLITE_ROW) {
        store_fail(s, error, "cannot look for the last run");
        return NULL;
    }
    return tgw_store_load_run(s, sqlite3_column_int64(stmt, 0), error);
}
