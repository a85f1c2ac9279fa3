/* tgw-store.c: the SQLite results store (see tgw-store.h).
 *
 * Schema versions (PRAGMA user_version; PRAGMA application_id is 'TGWS' so that tgwsim never
 * mistakes another program's SQLite file for its own):
 *
 *   1  runs               one row per stored run: scenario, input SHA-256, tgwsim version, CNI
 *                         mode, seed (TEXT: seeds are unsigned 64-bit), horizon, flags, batch,
 *                         repetitions, the first exhaustion, pod and node totals
 *      subnets            per run and subnet: usable, peak used and when, min free, the first
 *                         exhaustion, failures; with repetitions the share that ran dry and the
 *                         p5/p50/p95 of the first exhaustion
 *      peak_holders       per run and subnet: addresses per holder at the subnet's peak (the
 *                         holders of tgw-results.h by their JSON names; zero counts are left out)
 *      exhaustion_events  the failed allocations the run kept (at most TGW_RESULT_MAX_EVENTS)
 *      series             the sampled free-address series of every subnet whose free count ever
 *                         moved (a subnet without rows stayed at its usable count), at most
 *                         MAX_SERIES_POINTS per subnet and MAX_RUN_POINTS per run
 *      node_groups        per run and node group: max pods, peak nodes, addresses and pods per node
 *      expectations       per run: the outcome of each <expect> (tgwsim test)
 *
 * A migration moves a file from version N-1 to N; all pending ones run in one transaction that
 * also sets user_version, so a file is never left between versions. To change the schema, append
 * a migration, bump TGW_STORE_SCHEMA_VERSION and say here what changed. Every statement is
 * prepared (no SQL is ever built from values) and every table is STRICT. */
#include "tgw-store.h"

#include <sys/stat.h>

#include <sqlite3.h>

#include "tgw-config.h"
#include "tgw-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sqlite3_stmt, sqlite3_finalize)

#define APPLICATION_ID    0x54475753 /* 'TGWS' */
#define BUSY_TIMEOUT_MS   60000      /* a CI job waits this long for another's transaction */
#define MAX_SERIES_POINTS 1000
#define MIN_SERIES_POINTS 50
#define MAX_RUN_POINTS    200000

static const char *const migrations[TGW_STORE_SCHEMA_VERSION] = {
    /* 1: the first schema */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  batch INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  scenario TEXT NOT NULL,"
    "  input_sha256 TEXT NOT NULL,"
    "  tgwsim_version TEXT NOT NULL,"
    "  cni TEXT NOT NULL,"
    "  cni_overridden INTEGER NOT NULL,"
    "  seed TEXT NOT NULL,"
    "  horizon_ms INTEGER NOT NULL,"
    "  flags TEXT NOT NULL,"
    "  repetitions INTEGER NOT NULL,"
    "  exhausted INTEGER NOT NULL,"
    "  exhaustion_probability REAL,"
    "  first_exhaustion_ms INTEGER,"
    "  first_exhaustion_subnet INTEGER,"
    "  first_exhaustion_request TEXT,"
    "  first_exhaustion_requester TEXT,"
    "  exhaustion_events_total INTEGER NOT NULL,"
    "  pods_started INTEGER NOT NULL,"
    "  pods_waited_for_ip INTEGER NOT NULL,"
    "  pods_max_waiting_for_ip INTEGER NOT NULL,"
    "  pods_waiting_for_ip_at_end INTEGER NOT NULL,"
    "  pod_seconds_waiting_for_ip REAL NOT NULL,"
    "  pods_unschedulable INTEGER NOT NULL,"
    "  pods_unschedulable_at_end INTEGER NOT NULL,"
    "  pods_peak_running INTEGER NOT NULL,"
    "  nodes_launched INTEGER NOT NULL,"
    "  nodes_failed_launch INTEGER NOT NULL,"
    "  nodes_peak INTEGER NOT NULL,"
    "  engine_events INTEGER NOT NULL"
    ") STRICT;"
    "CREATE INDEX runs_by_scenario ON runs (scenario, cni, id);"
    "CREATE TABLE subnets ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  vpc TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  az TEXT NOT NULL,"
    "  cidr TEXT NOT NULL,"
    "  usable INTEGER NOT NULL,"
    "  peak_used INTEGER NOT NULL,"
    "  peak_time_ms INTEGER NOT NULL,"
    "  min_free INTEGER NOT NULL,"
    "  first_exhausted_ms INTEGER,"
    "  failures INTEGER NOT NULL,"
    "  exhaustion_probability REAL,"
    "  first_exhausted_p5_ms INTEGER,"
    "  first_exhausted_p50_ms INTEGER,"
    "  first_exhausted_p95_ms INTEGER,"
    "  PRIMARY KEY (run_id, idx)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE peak_holders ("
    "  run_id INTEGER NOT NULL,"
    "  subnet INTEGER NOT NULL,"
    "  holder TEXT NOT NULL,"
    "  addresses INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, subnet, holder),"
    "  FOREIGN KEY (run_id, subnet) REFERENCES subnets (run_id, idx) ON DELETE CASCADE"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE exhaustion_events ("
    "  run_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  subnet INTEGER NOT NULL,"
    "  request TEXT NOT NULL,"
    "  requester TEXT NOT NULL,"
    "  PRIMARY KEY (run_id, seq),"
    "  FOREIGN KEY (run_id, subnet) REFERENCES subnets (run_id, idx) ON DELETE CASCADE"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE series ("
    "  run_id INTEGER NOT NULL,"
    "  subnet INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  time_ms INTEGER NOT NULL,"
    "  free INTEGER NOT NULL,"
    "  min_free INTEGER NOT NULL,"
    "  PRIMARY KEY (run_id, subnet, seq),"
    "  FOREIGN KEY (run_id, subnet) REFERENCES subnets (run_id, idx) ON DELETE CASCADE"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE node_groups ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  cluster TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  instance_type TEXT NOT NULL,"
    "  max_pods_kubelet INTEGER NOT NULL,"
    "  max_pods_cni INTEGER NOT NULL,"
    "  peak_nodes INTEGER NOT NULL,"
    "  addresses_per_node REAL NOT NULL,"
    "  pods_per_node REAL NOT NULL,"
    "  PRIMARY KEY (run_id, idx)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE TABLE expectations ("
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),"
    "  message TEXT,"
    "  PRIMARY KEY (run_id, seq)"
    ") STRICT, WITHOUT ROWID;",
};

struct _TgwStore {
    sqlite3 *db;
    char *path;
    gboolean readonly;
    gboolean in_transaction; /* tgw_store_begin() without commit or rollback yet */
    gint64 batch;            /* the first run id of the explicit transaction, 0 before it */
};

/* SQLite's own words ("disk I/O error") do not say what to do about it; the two failures a
 * user can fix themselves get a hint */
static const char *
fail_hint(int code)
{
    switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
        return " (is the disk full, or the file over a size limit?"
               " Free space or pass --db elsewhere; the store is unchanged)";
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return " (is the file or its directory writable? Pass --db elsewhere)";
    default:
        return "";
    }
}

static gboolean
fail(TgwStore *s, GError **error, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: %s: %s%s", s->path, what,
                sqlite3_errmsg(s->db), fail_hint(code));
    return FALSE;
}

static sqlite3_stmt *
prepare(TgwStore *s, const char *sql, GError **error)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        fail(s, error, "cannot prepare a statement");
        return NULL;
    }
    return stmt;
}

/* runs a statement that returns no rows (or ignores them), then resets it for the next use */
static gboolean
step_done(TgwStore *s, sqlite3_stmt *stmt, const char *what, GError **error)
{
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return fail(s, error, what);
    return TRUE;
}

/* runs constant SQL, one prepared statement after the other */
static gboolean
exec_script(TgwStore *s, const char *sql, const char *what, GError **error)
{
    const char *tail = sql;
    while (tail != NULL && *tail != '\0') {
        g_autoptr(sqlite3_stmt) stmt = NULL;
        const char *next = NULL;
        if (sqlite3_prepare_v2(s->db, tail, -1, &stmt, &next) != SQLITE_OK)
            return fail(s, error, what);
        if (stmt != NULL && !step_done(s, stmt, what, error))
            return FALSE;
        tail = next;
    }
    return TRUE;
}

/* a query with one integer result (PRAGMA user_version and the like) */
static gboolean
query_int(TgwStore *s, const char *sql, gint64 *out, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = prepare(s, sql, error);
    int rc;
    if (stmt == NULL)
        return FALSE;
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW)
        return fail(s, error, "cannot read the store");
    *out = sqlite3_column_int64(stmt, 0);
    return TRUE;
}

static void
bind_u64(sqlite3_stmt *stmt, int i, guint64 v)
{
    sqlite3_bind_int64(stmt, i, (sqlite3_int64) MIN(v, (guint64) G_MAXINT64));
}

static void
bind_text(sqlite3_stmt *stmt, int i, const char *text)
{
    if (text == NULL)
        sqlite3_bind_null(stmt, i);
    else
        sqlite3_bind_text(stmt, i, text, -1, SQLITE_TRANSIENT);
}

/* a time in ms, or NULL for "never" (negative) */
static void
bind_ms_or_null(sqlite3_stmt *stmt, int i, gint64 ms)
{
    if (ms < 0)
        sqlite3_bind_null(stmt, i);
    else
        sqlite3_bind_int64(stmt, i, ms);
}

/* ---- opening and migrating ------------------------------------------------------------------ */

static gboolean
migrate(TgwStore *s, GError **error)
{
    gint64 version = 0, app = 0, objects = 0;

    /* IMMEDIATE: two processes opening a fresh file must not both create the tables; the second
     * waits here (busy timeout), then sees the version the first wrote */
    if (!exec_script(s, "BEGIN IMMEDIATE", "cannot lock the store", error))
        return FALSE;
    if (!query_int(s, "PRAGMA user_version", &version, error) ||
        !query_int(s, "PRAGMA application_id", &app, error) ||
        !query_int(s, "SELECT count(*) FROM sqlite_schema", &objects, error))
        goto failed;
    if (app != APPLICATION_ID && (app != 0 || version != 0 || objects != 0)) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: an SQLite database, but not a tgwsim results store", s->path);
        goto failed;
    }
    if (version > TGW_STORE_SCHEMA_VERSION) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: written by a newer tgwsim (store schema %" G_GINT64_FORMAT
                    "; this tgwsim knows up to %d)",
                    s->path, version, TGW_STORE_SCHEMA_VERSION);
        goto failed;
    }
    for (gint64 v = version; v < TGW_STORE_SCHEMA_VERSION; v++) {
        if (!exec_script(s, migrations[v], "cannot create the store's tables", error))
            goto failed;
    }
    if (version < TGW_STORE_SCHEMA_VERSION) {
        /* pragmas take no parameters; both values are compile-time constants */
        g_autofree char *set =
            g_strdup_printf("PRAGMA application_id = %d; PRAGMA user_version = %d", APPLICATION_ID,
                            TGW_STORE_SCHEMA_VERSION);
        if (!exec_script(s, set, "cannot set the store's schema version", error))
            goto failed;
    }
    if (!exec_script(s, "COMMIT", "cannot commit the store's schema", error))
        goto failed;
    return TRUE;

failed:
    exec_script(s, "ROLLBACK", "rollback", NULL);
    return FALSE;
}

static TgwStore *
store_new(const char *path, int flags, GError **error)
{
    g_autoptr(TgwStore) s = g_new0(TgwStore, 1);
    s->path = g_strdup(path);
    s->readonly = (flags & SQLITE_OPEN_READONLY) != 0;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        if (s->db == NULL)
            g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: out of memory", path);
        else
            fail(s, error, "cannot open the results store");
        return NULL;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (!exec_script(s, "PRAGMA foreign_keys = ON", "cannot configure the store", error))
        return NULL;
    return g_steal_pointer(&s);
}

TgwStore *
tgw_store_open(const char *path, GError **error)
{
    g_autoptr(TgwStore) s = NULL;
    g_autoptr(sqlite3_stmt) wal = NULL;
    struct stat st;

    g_return_val_if_fail(path != NULL, NULL);
    /* the mode bits, not access(2): as root every file is writable, but a store someone marked
     * read-only (an archived baseline) must stay as it is */
    if (stat(path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: the results store is read-only; give another file to --db", path);
        return NULL;
    }
    s = store_new(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
    if (s == NULL)
        return NULL;
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: the results store is read-only; give another file to --db", path);
        return NULL;
    }
    /* WAL lets readers and one writer work at once and makes the commit a single append; the
     * mode persists in the file. The first statement is also where a non-SQLite file shows. */
    wal = prepare(s, "PRAGMA journal_mode = WAL", error);
    if (wal == NULL)
        return NULL;
    if (sqlite3_step(wal) != SQLITE_ROW) {
        fail(s, error, "cannot use the file as a results store");
        return NULL;
    }
    g_clear_pointer(&wal, sqlite3_finalize); /* an unfinished statement would block COMMIT */
    if (!migrate(s, error))
        return NULL;
    return g_steal_pointer(&s);
}

TgwStore *
tgw_store_open_readonly(const char *path, GError **error)
{
    g_autoptr(TgwStore) s = NULL;
    gint64 version = 0, app = 0;

    g_return_val_if_fail(path != NULL, NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND,
                    "%s: no results store here (tgwsim run FILE --db %s writes one)", path, path);
        return NULL;
    }
    s = store_new(path, SQLITE_OPEN_READONLY, error);
    if (s == NULL)
        return NULL;
    if (!query_int(s, "PRAGMA user_version", &version, error) ||
        !query_int(s, "PRAGMA application_id", &app, error))
        return NULL;
    if (app != APPLICATION_ID) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: not a tgwsim results store", path);
        return NULL;
    }
    if (version > TGW_STORE_SCHEMA_VERSION) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: written by a newer tgwsim (store schema %" G_GINT64_FORMAT
                    "; this tgwsim knows up to %d)",
                    path, version, TGW_STORE_SCHEMA_VERSION);
        return NULL;
    }
    if (version < TGW_STORE_SCHEMA_VERSION) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: an older store (schema %" G_GINT64_FORMAT
                    "); write one run to it (--db) to migrate it first",
                    path, version);
        return NULL;
    }
    return g_steal_pointer(&s);
}

void
tgw_store_free(TgwStore *s)
{
    if (s == NULL)
        return;
    if (s->in_transaction)
        tgw_store_rollback(s);
    sqlite3_close_v2(s->db);
    g_free(s->path);
    g_free(s);
}

const char *
tgw_store_path(const TgwStore *s)
{
    return s->path;
}

int
tgw_store_schema_version(TgwStore *s)
{
    gint64 v = 0;
    if (!query_int(s, "PRAGMA user_version", &v, NULL))
        return -1;
    return (int) v;
}

/* ---- transactions --------------------------------------------------------------------------- */

gboolean
tgw_store_begin(TgwStore *s, GError **error)
{
    g_return_val_if_fail(!s->in_transaction, FALSE);
    if (s->readonly) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: opened read-only", s->path);
        return FALSE;
    }
    /* IMMEDIATE takes the write lock now (waiting up to the busy timeout for another writer),
     * so the transaction cannot fail later with SQLITE_BUSY halfway through a run */
    if (!exec_script(s, "BEGIN IMMEDIATE", "cannot lock the store for writing", error))
        return FALSE;
    s->in_transaction = TRUE;
    s->batch = 0;
    return TRUE;
}

gboolean
tgw_store_commit(TgwStore *s, GError **error)
{
    g_return_val_if_fail(s->in_transaction, FALSE);
    if (!exec_script(s, "COMMIT", "cannot commit", error)) {
        tgw_store_rollback(s);
        return FALSE;
    }
    s->in_transaction = FALSE;
    return TRUE;
}

void
tgw_store_rollback(TgwStore *s)
{
    if (!s->in_transaction)
        return;
    if (!sqlite3_get_autocommit(s->db))
        exec_script(s, "ROLLBACK", "rollback", NULL);
    s->in_transaction = FALSE;
}

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

    stmt = prepare(s,
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
    bind_text(stmt, i++, created);
    bind_text(stmt, i++, r->scenario->name);
    bind_text(stmt, i++, r->scenario->input_sha256);
    bind_text(stmt, i++, TGW_VERSION);
    bind_text(stmt, i++, tgw_cni_mode_name(r->cni));
    sqlite3_bind_int(stmt, i++, r->cni_overridden ? 1 : 0);
    bind_text(stmt, i++, seed);
    sqlite3_bind_int64(stmt, i++, r->horizon_ms);
    bind_text(stmt, i++, flags != NULL ? flags : "");
    sqlite3_bind_int(stmt, i++, (int) results->len);
    sqlite3_bind_int(stmt, i++, r->exhausted ? 1 : 0);
    if (results->len > 1)
        sqlite3_bind_double(stmt, i++, tgw_results_exhaustion_probability(results));
    else
        sqlite3_bind_null(stmt, i++);
    if (first != NULL) {
        sqlite3_bind_int64(stmt, i++, first->time_ms);
        sqlite3_bind_int(stmt, i++, (int) first->subnet->index);
        bind_text(stmt, i++, first->request);
        bind_text(stmt, i++, first->requester);
    } else {
        for (int k = 0; k < 4; k++)
            sqlite3_bind_null(stmt, i++);
    }
    bind_u64(stmt, i++, r->events_total);
    bind_u64(stmt, i++, r->pods.started);
    bind_u64(stmt, i++, r->pods.waited_for_ip);
    bind_u64(stmt, i++, r->pods.max_waiting_for_ip);
    bind_u64(stmt, i++, r->pods.waiting_for_ip_at_end);
    sqlite3_bind_double(stmt, i++, r->pods.pod_seconds_waiting_for_ip);
    bind_u64(stmt, i++, r->pods.unschedulable);
    bind_u64(stmt, i++, r->pods.unschedulable_at_end);
    bind_u64(stmt, i++, r->pods.peak_running);
    bind_u64(stmt, i++, r->nodes.launched);
    bind_u64(stmt, i++, r->nodes.failed_launch);
    bind_u64(stmt, i++, r->nodes.peak);
    bind_u64(stmt, i++, r->engine_events);
    return step_done(s, stmt, "cannot store the run", error);
}

static gboolean
insert_subnets(TgwStore *s, gint64 id, const GPtrArray *results, GError **error)
{
    const TgwRunResult *r = results->pdata[0];
    g_autoptr(GArray) spread = results->len > 1 ? tgw_results_spread(results) : NULL;
    g_autoptr(sqlite3_stmt) sub = NULL, hold = NULL;

    sub = prepare(s,
                  "INSERT INTO subnets (run_id, idx, vpc, name, az, cidr, usable, peak_used, "
                  "peak_time_ms, min_free, first_exhausted_ms, failures, exhaustion_probability, "
                  "first_exhausted_p5_ms, first_exhausted_p50_ms, first_exhausted_p95_ms) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  error);
    hold = prepare(s,
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
        bind_text(sub, 3, sr->def->vpc->name);
        bind_text(sub, 4, sr->def->name);
        bind_text(sub, 5, sr->def->az);
        bind_text(sub, 6, cidr);
        bind_u64(sub, 7, sr->usable);
        bind_u64(sub, 8, sr->peak_used);
        sqlite3_bind_int64(sub, 9, sr->peak_time_ms);
        bind_u64(sub, 10, sr->min_free);
        bind_ms_or_null(sub, 11, sr->first_exhausted_ms);
        bind_u64(sub, 12, sr->failures);
        if (spread != NULL) {
            const TgwSubnetSpread *sp = &g_array_index(spread, TgwSubnetSpread, i);
            sqlite3_bind_double(sub, 13, (double) sp->exhausted_runs / (double) sp->runs);
            bind_ms_or_null(sub, 14, sp->p5_ms);
            bind_ms_or_null(sub, 15, sp->p50_ms);
            bind_ms_or_null(sub, 16, sp->p95_ms);
        } else {
            for (int k = 13; k <= 16; k++)
                sqlite3_bind_null(sub, k);
        }
        if (!step_done(s, sub, "cannot store a subnet", error))
            return FALSE;
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
            if (sr->at_peak[h] == 0)
                continue;
            sqlite3_bind_int64(hold, 1, id);
            sqlite3_bind_int(hold, 2, (int) i);
            bind_text(hold, 3, tgw_holder_name(h));
            bind_u64(hold, 4, sr->at_peak[h]);
            if (!step_done(s, hold, "cannot store the holders at a peak", error))
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
    stmt = prepare(s,
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
            if (!step_done(s, stmt, "cannot store a series", error))
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
    stmt = prepare(s,
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
        bind_text(stmt, 5, e->request);
        bind_text(stmt, 6, e->requester != NULL ? e->requester : "");
        if (!step_done(s, stmt, "cannot store an exhaustion event", error))
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
    stmt = prepare(s,
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
        bind_text(stmt, 3, g->def->cluster->name);
        bind_text(stmt, 4, g->def->name);
        bind_text(stmt, 5, g->def->instance_type);
        sqlite3_bind_int64(stmt, 6, g->max_pods_kubelet);
        sqlite3_bind_int64(stmt, 7, g->max_pods_cni);
        bind_u64(stmt, 8, g->peak_nodes);
        sqlite3_bind_double(stmt, 9, g->mean_addresses_per_node);
        sqlite3_bind_double(stmt, 10, g->mean_pods_per_node);
        if (!step_done(s, stmt, "cannot store a node group", error))
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
    if (!exec_script(s, "SAVEPOINT tgw_write", "cannot write", error))
        goto failed;
    if (!body(s, data, error)) {
        exec_script(s, "ROLLBACK TO tgw_write; RELEASE tgw_write", "rollback", NULL);
        goto failed;
    }
    if (!exec_script(s, "RELEASE tgw_write", "cannot write", error))
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
    if (!query_int(s, "SELECT coalesce(max(id), 0) FROM runs", &last, error))
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

    exists = prepare(s, "SELECT 1 FROM runs WHERE id = ?", error);
    next = prepare(s, "SELECT coalesce(max(seq) + 1, 0) FROM expectations WHERE run_id = ?", error);
    stmt = prepare(s,
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
        return fail(s, error, "cannot read the store");
    seq = sqlite3_column_int64(next, 0);
    for (guint i = 0; i < a->outcomes->len; i++) {
        const TgwStoreExpectation *e = &g_array_index(a->outcomes, TgwStoreExpectation, i);
        sqlite3_bind_int64(stmt, 1, a->run_id);
        sqlite3_bind_int64(stmt, 2, seq + i);
        bind_text(stmt, 3, e->name != NULL ? e->name : "");
        bind_text(stmt, 4, e->kind != NULL ? e->kind : "");
        sqlite3_bind_int(stmt, 5, e->line);
        sqlite3_bind_int(stmt, 6, e->passed ? 1 : 0);
        bind_text(stmt, 7, e->message);
        if (!step_done(s, stmt, "cannot store an expectation outcome", error))
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
    stmt =
        prepare(s,
                SELECT_RUNS "WHERE r.id IN (SELECT id FROM runs WHERE ?1 IS NULL OR scenario = ?1 "
                            "ORDER BY id DESC LIMIT ?2) ORDER BY r.id",
                error);
    if (stmt == NULL)
        return NULL;
    bind_text(stmt, 1, scenario);
    sqlite3_bind_int64(stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        g_ptr_array_add(runs, read_run_row(stmt));
    if (rc != SQLITE_DONE) {
        fail(s, error, "cannot list the runs");
        return NULL;
    }
    return g_steal_pointer(&runs);
}

static gboolean
load_subnets(TgwStore *s, TgwStoredRun *run, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int rc;

    stmt = prepare(s,
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
        return fail(s, error, "cannot read the run's subnets");
    return TRUE;
}

static gboolean
load_expectations(TgwStore *s, TgwStoredRun *run, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    int rc;

    stmt = prepare(s,
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
        return fail(s, error, "cannot read the run's expectations");
    return TRUE;
}

TgwStoredRun *
tgw_store_load_run(TgwStore *s, gint64 id, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = NULL;
    g_autoptr(TgwStoredRun) run = NULL;
    int rc;

    stmt = prepare(s, SELECT_RUNS "WHERE r.id = ?", error);
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
        fail(s, error, "cannot read the run");
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

    stmt = prepare(s, "SELECT id FROM runs WHERE scenario = ? AND cni = ? ORDER BY id DESC LIMIT 1",
                   error);
    if (stmt == NULL)
        return NULL;
    bind_text(stmt, 1, scenario);
    bind_text(stmt, 2, cni);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE)
        return NULL;
    if (rc != SQLITE_ROW) {
        fail(s, error, "cannot look for the last run");
        return NULL;
    }
    return tgw_store_load_run(s, sqlite3_column_int64(stmt, 0), error);
}

gboolean
tgw_store_check(TgwStore *s, GError **error)
{
    g_autoptr(sqlite3_stmt) integrity = prepare(s, "PRAGMA integrity_check", error);
    g_autoptr(sqlite3_stmt) keys = NULL;
    const char *verdict;

    if (integrity == NULL)
        return FALSE;
    if (sqlite3_step(integrity) != SQLITE_ROW)
        return fail(s, error, "cannot check the store");
    verdict = (const char *) sqlite3_column_text(integrity, 0);
    if (verdict == NULL || !g_str_equal(verdict, "ok")) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: integrity check: %s", s->path,
                    verdict != NULL ? verdict : "no answer");
        return FALSE;
    }
    keys = prepare(s, "PRAGMA foreign_key_check", error);
    if (keys == NULL)
        return FALSE;
    if (sqlite3_step(keys) == SQLITE_ROW) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE,
                    "%s: foreign key check: a row of %s points at nothing", s->path,
                    (const char *) sqlite3_column_text(keys, 0));
        return FALSE;
    }
    return TRUE;
}
