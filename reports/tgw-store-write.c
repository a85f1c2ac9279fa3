/* tgw-store-write.c: storing runs and expectation outcomes (see tgw-store-private.h).
 *
 * A run is its row, its subnets with their peak holders, its exhaustion events, its sampled
 * series (thinned to at most MAX_SERIES_POINTS a subnet) and its node groups, written in one
 * transaction: the caller's (tgw_store_begin) or one of its own, so a run is stored whole or not
 * at all, never row by row per event. */
#include "tgw-store-private.h"

#include "tgw-config.h"

#define MAX_SERIES_POINTS 1000
#define MIN_SERIES_POINTS 50
#define MAX_RUN_POINTS    200000
/* ---- writing -------------------------------------------------------------------------------- */

static char *
now_utc(void)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    return g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
series_moved(const TgwSubnetResult *sr)
{
    for (guint i = 0; i < sr->series->len; i++) {
        const TgwSample *p = &g_array_index(sr->series, TgwSample, i);
        if (p->free != sr->usable || p->min_free != sr->usable)
            return TRUE;
    }
    return FALSE;
}

static gboolean
insert_run_row(TgwStore *s, gint64 id, const GPtrArray *results, const char *flags, GError **error)
{
    const TgwRunResult *r = results->pdata[0];
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree char *created = now_utc();
    g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, r->seed);
    int i = 1;

    stmt =
        store_prepare(s,
                      "INSERT INTO runs (id, batch, created_at, scenario, input_sha256, "
                      "tgwsim_version, cni, cni_overridden, seed, horizon_ms, flags, repetitions, "
                      "exhausted, exhaustion_probability, first_exhaustion_ms, "
                      "first_exhaustion_subnet, first_exhaustion_request, "
                      "first_exhaustion_requester, exhaustion_events_total, pods_started, "
                      "pods_waited_for_ip, pods_max_waiting_for_ip, pods_waiting_for_ip_at_end, "
                      "pod_seconds_waiting_for_ip, pods_unschedulable, pods_unschedulable_at_end, "
                      "pods_peak_running, nodes_launched, nodes_failed_launch, nodes_peak, "
                      "engine_events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      error);
    if (stmt == NULL)
        return FALSE;
    sqlite3_bind_int64(stmt, i++, id);
    sqlite3_bind_int64(stmt, i++, s->in_transaction && s->batch > 0 ? s->batch : id);
    store_bind_text(stmt, i++, created);
    store_bind_text(stmt, i++, r->scenario->name);
    store_bind_text(stmt, i++, r->scenario->input_sha256);
    store_bind_text(stmt, i++, TGW_VERSION);
    store_bind_text(stmt, i++, tgw_cni_mode_name(r->cni));
    sqlite3_bind_int(stmt, i++, r->cni_overridden ? 1 : 0);
    store_bind_text(stmt, i++, seed);
    sqlite3_bind_int64(stmt, i++, r->horizon_ms);
    store_bind_text(stmt, i++, flags != NULL ? flags : "");
    sqlite3_bind_int(stmt, i++, (int) results->len);
    sqlite3_bind_int(stmt, i++, r->exhausted ? 1 : 0);
    if (results->len > 1)
        sqlite3_bind_double(stmt, i++, tgw_results_exhaustion_probability(results));
    else
        sqlite3_bind_null(stmt, i++);
    if (first != NULL) {
        sqlite3_bind_int64(stmt, i++, first->time_ms);
        sqlite3_bind_int(stmt, i++, (int) first->subnet->index);
        store_bind_text(stmt, i++, first->request);
        store_bind_text(stmt, i++, first->requester);
    } else {
        for (int k = 0; k < 4; k++)
            sqlite3_bind_null(stmt, i++);
    }
    store_bind_u64(stmt, i++, r->events_total);
    store_bind_u64(stmt, i++, r->pods.started);
    store_bind_u64(stmt, i++, r->pods.waited_for_ip);
    store_bind_u64(stmt, i++, r->pods.max_waiting_for_ip);
    store_bind_u64(stmt, i++, r->pods.waiting_for_ip_at_end);
    sqlite3_bind_double(stmt, i++, r->pods.pod_seconds_waiting_for_ip);
    store_bind_u64(stmt, i++, r->pods.unschedulable);
    store_bind_u64(stmt, i++, r->pods.unschedulable_at_end);
    store_bind_u64(stmt, i++, r->pods.peak_running);
    store_bind_u64(stmt, i++, r->nodes.launched);
    store_bind_u64(stmt, i++, r->nodes.failed_launch);
    store_bind_u64(stmt, i++, r->nodes.peak);
    store_bind_u64(stmt, i++, r->engine_events);
    return store_step_done(s, stmt, "cannot store the run", error);
}

static gboolean
insert_subnets(TgwStore *s, gint64 id, const GPtrArray *results, GError **error)
{
    const TgwRunResult *r = results->pdata[0];
    g_autoptr(GArray) spread = results->len > 1 ? tgw_results_spread(results) : NULL;
    g_autoptr(sqlite3_stmt) sub = NULL, hold = NULL;

    sub = store_prepare(
        s,
        "INSERT INTO subnets (run_id, idx, vpc, name, az, cidr, usable, peak_used, "
        "peak_time_ms, min_free, first_exhausted_ms, failures, exhaustion_probability, "
        "first_exhausted_p5_ms, first_exhausted_p50_ms, first_exhausted_p95_ms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        error);
    hold = store_prepare(s,
                         "INSERT INTO peak_holders (run_id, subnet, holder, addresses) "
                         "VALUES (?, ?, ?, ?)",
                         error);
    if (sub == NULL || hold == NULL)
        return FALSE;
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *sr = r->subnets->pdata[i];
        g_autofree char *cidr = tgw_cidr_to_string(sr->def->cidr);
        sqlite3_bind_int64(sub, 1, id);
        sqlite3_bind_int(sub, 2, (int) i);
        store_bind_text(sub, 3, sr->def->vpc->name);
        store_bind_text(sub, 4, sr->def->name);
        store_bind_text(sub, 5, sr->def->az);
        store_bind_text(sub, 6, cidr);
        store_bind_u64(sub, 7, sr->usable);
        store_bind_u64(sub, 8, sr->peak_used);
        sqlite3_bind_int64(sub, 9, sr->peak_time_ms);
        store_bind_u64(sub, 10, sr->min_free);
        store_bind_ms_or_null(sub, 11, sr->first_exhausted_ms);
        store_bind_u64(sub, 12, sr->failures);
        if (spread != NULL) {
            const TgwSubnetSpread *sp = &g_array_index(spread, TgwSubnetSpread, i);
            sqlite3_bind_double(sub, 13, (double) sp->exhausted_runs / (double) sp->runs);
            store_bind_ms_or_null(sub, 14, sp->p5_ms);
            store_bind_ms_or_null(sub, 15, sp->p50_ms);
            store_bind_ms_or_null(sub, 16, sp->p95_ms);
        } else {
            for (int k = 13; k <= 16; k++)
                sqlite3_bind_null(sub, k);
        }
        if (!store_step_done(s, sub, "cannot store a subnet", error))
            return FALSE;
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
            if (sr->at_peak[h] == 0)
                continue;
            sqlite3_bind_int64(hold, 1, id);
            sqlite3_bind_int(hold, 2, (int) i);
            store_bind_text(hold, 3, tgw_holder_name(h));
            store_bind_u64(hold, 4, sr->at_peak[h]);
            if (!store_step_done(s, hold, "cannot store the holders at a peak", error))
                return FALSE;
        }
    }
    return TRUE;
}

/* the series of the subnets that moved, each cut to at most `cap` points: a bucket of
 * consecutive samples becomes one point with the bucket's last free count and its lowest
 * min_free, so a dip to zero survives the thinning */
static gboolean
insert_series(TgwStore *s, gint64 id, const TgwRunResult *r, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autofree gboolean *moved = g_new0(gboolean, MAX(r->subnets->len, 1u));
    guint n_moved = 0, cap;

    for (guint i = 0; i < r->subnets->len; i++) {
        moved[i] = series_moved(r->subnets->pdata[i]);
        n_moved += moved[i];
    }
    if (n_moved == 0)
        return TRUE;
    cap = CLAMP(MAX_RUN_POINTS / n_moved, MIN_SERIES_POINTS, MAX_SERIES_POINTS);
    stmt = store_prepare(s,
                         "INSERT INTO series (run_id, subnet, seq, time_ms, free, min_free) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         error);
    if (stmt == NULL)
        return FALSE;
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *sr = r->subnets->pdata[i];
        /* a series that moved has a sample, so the bucket holds at least one */
        guint n = sr->series->len, bucket = (n + cap - 1) / cap, seq = 0;
        if (!moved[i])
            continue;
        for (guint start = 0; start < n; start += bucket, seq++) {
            guint end = MIN(start + bucket, n);
            const TgwSample *last = &g_array_index(sr->series, TgwSample, end - 1);
            guint32 low = last->min_free;
            for (guint k = start; k < end; k++)
                low = MIN(low, g_array_index(sr->series, TgwSample, k).min_free);
            sqlite3_bind_int64(stmt, 1, id);
            sqlite3_bind_int(stmt, 2, (int) i);
            sqlite3_bind_int(stmt, 3, (int) seq);
            sqlite3_bind_int64(stmt, 4, last->time_ms);
            sqlite3_bind_int64(stmt, 5, last->free);
            sqlite3_bind_int64(stmt, 6, low);
            if (!store_step_done(s, stmt, "cannot store a series", error))
                return FALSE;
        }
    }
    return TRUE;
}

static gboolean
insert_events(TgwStore *s, gint64 id, const TgwRunResult *r, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    if (r->events->len == 0)
        return TRUE;
    stmt = store_prepare(s,
                         "INSERT INTO exhaustion_events (run_id, seq, time_ms, subnet, request, "
                         "requester) VALUES (?, ?, ?, ?, ?, ?)",
                         error);
    if (stmt == NULL)
        return FALSE;
    for (guint i = 0; i < r->events->len; i++) {
        const TgwExhaustionEvent *e = r->events->pdata[i];
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int(stmt, 2, (int) i);
        sqlite3_bind_int64(stmt, 3, e->time_ms);
        sqlite3_bind_int(stmt, 4, (int) e->subnet->index);
        store_bind_text(stmt, 5, e->request);
        store_bind_text(stmt, 6, e->requester != NULL ? e->requester : "");
        if (!store_step_done(s, stmt, "cannot store an exhaustion event", error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
insert_node_groups(TgwStore *s, gint64 id, const TgwRunResult *r, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    if (r->node_groups->len == 0)
        return TRUE;
    stmt = store_prepare(s,
                         "INSERT INTO node_groups (run_id, idx, cluster, name, instance_type, "
                         "max_pods_kubelet, max_pods_cni, peak_nodes, addresses_per_node, "
                         "pods_per_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         error);
    if (stmt == NULL)
        return FALSE;
    for (guint i = 0; i < r->node_groups->len; i++) {
        const TgwNodeGroupResult *g = r->node_groups->pdata[i];
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int(stmt, 2, (int) i);
        store_bind_text(stmt, 3, g->def->cluster->name);
        store_bind_text(stmt, 4, g->def->name);
        store_bind_text(stmt, 5, g->def->instance_type);
        sqlite3_bind_int64(stmt, 6, g->max_pods_kubelet);
        sqlite3_bind_int64(stmt, 7, g->max_pods_cni);
        store_bind_u64(stmt, 8, g->peak_nodes);
        sqlite3_bind_double(stmt, 9, g->mean_addresses_per_node);
        sqlite3_bind_double(stmt, 10, g->mean_pods_per_node);
        if (!store_step_done(s, stmt, "cannot store a node group", error))
            return FALSE;
    }
    return TRUE;
}

/* runs body inside a savepoint, itself inside a transaction of its own unless one is open: an
 * error undoes exactly what the call wrote, and an explicit transaction stays usable */
typedef gboolean (*WriteFunc)(TgwStore *s, gpointer data, GError **error);

static gboolean
write_atomically(TgwStore *s, WriteFunc body, gpointer data, GError **error)
{
    gboolean own = !s->in_transaction;
    if (own && !tgw_store_begin(s, error))
        return FALSE;
    if (!store_exec_script(s, "SAVEPOINT tgw_write", "cannot write", error))
        goto failed;
    if (!body(s, data, error)) {
        store_exec_script(s, "ROLLBACK TO tgw_write; RELEASE tgw_write", "rollback", NULL);
        goto failed;
    }
    if (!store_exec_script(s, "RELEASE tgw_write", "cannot write", error))
        goto failed;
    if (own && !tgw_store_commit(s, error))
        return FALSE;
    return TRUE;

failed:
    if (own)
        tgw_store_rollback(s);
    return FALSE;
}

typedef struct {
    const GPtrArray *results;
    const char *flags;
    gint64 id;
} AddRuns;

static gboolean
add_runs_body(TgwStore *s, gpointer data, GError **error)
{
    AddRuns *a = data;
    const TgwRunResult *r = a->results->pdata[0];
    gint64 last = 0;

    /* under the write lock, so no other writer can take the same id */
    if (!store_query_int(s, "SELECT coalesce(max(id), 0) FROM runs", &last, error))
        return FALSE;
    a->id = last + 1;
    if (!insert_run_row(s, a->id, a->results, a->flags, error) ||
        !insert_subnets(s, a->id, a->results, error) || !insert_series(s, a->id, r, error) ||
        !insert_events(s, a->id, r, error) || !insert_node_groups(s, a->id, r, error))
        return FALSE;
    return TRUE;
}

gint64
tgw_store_add_runs(TgwStore *s, const GPtrArray *results, const char *flags, GError **error)
{
    AddRuns a = {results, flags, 0};
    g_return_val_if_fail(results != NULL && results->len > 0, 0);
    if (!write_atomically(s, add_runs_body, &a, error))
        return 0;
    if (s->in_transaction && s->batch == 0)
        s->batch = a.id;
    return a.id;
}

gint64
tgw_store_add_run(TgwStore *s, const TgwRunResult *result, const char *flags, GError **error)
{
    g_autoptr(GPtrArray) one = g_ptr_array_new();
    g_ptr_array_add(one, (gpointer) result);
    return tgw_store_add_runs(s, one, flags, error);
}

typedef struct {
    gint64 run_id;
    const GArray *outcomes;
} AddExpectations;

static gboolean
add_expectations_body(TgwStore *s, gpointer data, GError **error)
{
    AddExpectations *a = data;
    g_autoptr(sqlite3_stmt) exists = NULL, next = NULL, stmt = NULL;
    gint64 seq = 0;

    exists = store_prepare(s, "SELECT 1 FROM runs WHERE id = ?", error);
    next = store_prepare(s, "SELECT coalesce(max(seq) + 1, 0) FROM expectations WHERE run_id = ?",
                         error);
    stmt =
        store_prepare(s,
                      "INSERT INTO expectations (run_id, seq, name, kind, line, passed, message) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      error);
    if (exists == NULL || next == NULL || stmt == NULL)
        return FALSE;
    sqlite3_bind_int64(exists, 1, a->run_id);
    if (sqlite3_step(exists) != SQLITE_ROW) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND, "%s: no run %" G_GINT64_FORMAT, s->path,
                    a->run_id);
        return FALSE;
    }
    sqlite3_bind_int64(next, 1, a->run_id);
    if (sqlite3_step(next) != SQLITE_ROW)
        return store_fail(s, error, "cannot read the store");
    seq = sqlite3_column_int64(next, 0);
    for (guint i = 0; i < a->outcomes->len; i++) {
        const TgwStoreExpectation *e = &g_array_index(a->outcomes, TgwStoreExpectation, i);
        sqlite3_bind_int64(stmt, 1, a->run_id);
        sqlite3_bind_int64(stmt, 2, seq + i);
        store_bind_text(stmt, 3, e->name != NULL ? e->name : "");
        store_bind_text(stmt, 4, e->kind != NULL ? e->kind : "");
        sqlite3_bind_int(stmt, 5, e->line);
        sqlite3_bind_int(stmt, 6, e->passed ? 1 : 0);
        store_bind_text(stmt, 7, e->message);
        if (!store_step_done(s, stmt, "cannot store an expectation outcome", error))
            return FALSE;
    }
    return TRUE;
}

gboolean
tgw_store_add_expectations(TgwStore *s, gint64 run_id, const GArray *outcomes, GError **error)
{
    AddExpectations a = {run_id, outcomes};
    g_return_val_if_fail(outcomes != NULL, FALSE);
    return write_atomically(s, add_expectations_body, &a, error);
}
