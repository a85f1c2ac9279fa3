/* tgw-store.c: the SQLite results store (see tgw-store.h): its schema and migrations, opening,
 * transactions and the statement helpers that tgw-store-write.c (storing runs and outcomes) and
 * tgw-store-read.c (listing and loading them) share through tgw-store-private.h.
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
#include "tgw-store-private.h"

#include <sys/stat.h>

#define APPLICATION_ID  0x54475753 /* 'TGWS' */
#define BUSY_TIMEOUT_MS 60000      /* a CI job waits this long for another's transaction */

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

gboolean
store_fail(TgwStore *s, GError **error, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: %s: %s%s", s->path, what,
                sqlite3_errmsg(s->db), fail_hint(code));
    return FALSE;
}

sqlite3_stmt *
store_prepare(TgwStore *s, const char *sql, GError **error)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        store_fail(s, error, "cannot store_prepare a statement");
        return NULL;
    }
    return stmt;
}

/* runs a statement that returns no rows (or ignores them), then resets it for the next use */
gboolean
store_step_done(TgwStore *s, sqlite3_stmt *stmt, const char *what, GError **error)
{
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return store_fail(s, error, what);
    return TRUE;
}

/* runs constant SQL, one prepared statement after the other */
gboolean
store_exec_script(TgwStore *s, const char *sql, const char *what, GError **error)
{
    const char *tail = sql;
    while (tail != NULL && *tail != '\0') {
        g_autoptr(sqlite3_stmt) stmt = NULL;
        const char *next = NULL;
        if (sqlite3_prepare_v2(s->db, tail, -1, &stmt, &next) != SQLITE_OK)
            return store_fail(s, error, what);
        if (stmt != NULL && !store_step_done(s, stmt, what, error))
            return FALSE;
        tail = next;
    }
    return TRUE;
}

/* a query with one integer result (PRAGMA user_version and the like) */
gboolean
store_query_int(TgwStore *s, const char *sql, gint64 *out, GError **error)
{
    g_autoptr(sqlite3_stmt) stmt = store_prepare(s, sql, error);
    int rc;
    if (stmt == NULL)
        return FALSE;
    rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW)
        return store_fail(s, error, "cannot read the store");
    *out = sqlite3_column_int64(stmt, 0);
    return TRUE;
}

void
store_bind_u64(sqlite3_stmt *stmt, int i, guint64 v)
{
    sqlite3_bind_int64(stmt, i, (sqlite3_int64) MIN(v, (guint64) G_MAXINT64));
}

void
store_bind_text(sqlite3_stmt *stmt, int i, const char *text)
{
    if (text == NULL)
        sqlite3_bind_null(stmt, i);
    else
        sqlite3_bind_text(stmt, i, text, -1, SQLITE_TRANSIENT);
}

/* a time in ms, or NULL for "never" (negative) */
void
store_bind_ms_or_null(sqlite3_stmt *stmt, int i, gint64 ms)
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
    if (!store_exec_script(s, "BEGIN IMMEDIATE", "cannot lock the store", error))
        return FALSE;
    if (!store_query_int(s, "PRAGMA user_version", &version, error) ||
        !store_query_int(s, "PRAGMA application_id", &app, error) ||
        !store_query_int(s, "SELECT count(*) FROM sqlite_schema", &objects, error))
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
        if (!store_exec_script(s, migrations[v], "cannot create the store's tables", error))
            goto failed;
    }
    if (version < TGW_STORE_SCHEMA_VERSION) {
        /* pragmas take no parameters; both values are compile-time constants */
        g_autofree char *set =
            g_strdup_printf("PRAGMA application_id = %d; PRAGMA user_version = %d", APPLICATION_ID,
                            TGW_STORE_SCHEMA_VERSION);
        if (!store_exec_script(s, set, "cannot set the store's schema version", error))
            goto failed;
    }
    if (!store_exec_script(s, "COMMIT", "cannot commit the store's schema", error))
        goto failed;
    return TRUE;

failed:
    store_exec_script(s, "ROLLBACK", "rollback", NULL);
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
            store_fail(s, error, "cannot open the results store");
        return NULL;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (!store_exec_script(s, "PRAGMA foreign_keys = ON", "cannot configure the store", error))
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
    wal = store_prepare(s, "PRAGMA journal_mode = WAL", error);
    if (wal == NULL)
        return NULL;
    if (sqlite3_step(wal) != SQLITE_ROW) {
        store_fail(s, error, "cannot use the file as a results store");
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
    if (!store_query_int(s, "PRAGMA user_version", &version, error) ||
        !store_query_int(s, "PRAGMA application_id", &app, error))
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
    if (!store_query_int(s, "PRAGMA user_version", &v, NULL))
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
     * so the transaction cannot store_fail later with SQLITE_BUSY halfway through a run */
    if (!store_exec_script(s, "BEGIN IMMEDIATE", "cannot lock the store for writing", error))
        return FALSE;
    s->in_transaction = TRUE;
    s->batch = 0;
    return TRUE;
}

gboolean
tgw_store_commit(TgwStore *s, GError **error)
{
    g_return_val_if_fail(s->in_transaction, FALSE);
    if (!store_exec_script(s, "COMMIT", "cannot commit", error)) {
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
        store_exec_script(s, "ROLLBACK", "rollback", NULL);
    s->in_transaction = FALSE;
}

gboolean
tgw_store_check(TgwStore *s, GError **error)
{
    g_autoptr(sqlite3_stmt) integrity = store_prepare(s, "PRAGMA integrity_check", error);
    g_autoptr(sqlite3_stmt) keys = NULL;
    const char *verdict;

    if (integrity == NULL)
        return FALSE;
    if (sqlite3_step(integrity) != SQLITE_ROW)
        return store_fail(s, error, "cannot check the store");
    verdict = (const char *) sqlite3_column_text(integrity, 0);
    if (verdict == NULL || !g_str_equal(verdict, "ok")) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_STORE, "%s: integrity check: %s", s->path,
                    verdict != NULL ? verdict : "no answer");
        return FALSE;
    }
    keys = store_prepare(s, "PRAGMA foreign_key_check", error);
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
