/* tgw-store.h: the results store, one SQLite file that keeps the runs people asked to keep.
 *
 * `tgwsim run --db F`, `compare --db F` and `test --db F` write here; `history` and `diff` read.
 * Nothing is written unless a file is given (design.md section 8). The store holds what a run
 * found, never a row per simulation event: a run row (scenario, input hash, version, CNI mode,
 * seed, flags, pod and node totals), per-subnet summaries with the holders at each subnet's peak,
 * the exhaustion events (at most TGW_RESULT_MAX_EVENTS), the sampled free-address series
 * (bounded) and the outcomes of the scenario's <expect> checks.
 *
 * Writes are all-or-nothing: a run and everything under it go in one BEGIN IMMEDIATE ... COMMIT,
 * so a killed tgwsim leaves either the whole run or nothing. The file is in WAL mode with a busy
 * timeout, so several tgwsim processes (CI jobs sharing a workspace) can write one file: the
 * second waits for the first's transaction instead of failing. The schema is versioned with
 * PRAGMA user_version and migrated forward on open (tgw-store.c lists the versions).
 *
 * Several runs (compare's modes, or a test run and its expectation outcomes) can share one
 * transaction: tgw_store_begin(), then any number of tgw_store_add_run() /
 * tgw_store_add_expectations(), then tgw_store_commit() (or tgw_store_rollback()). Runs added in
 * one transaction share a batch number (the id of the first), so history shows what belongs
 * together. Outside an explicit transaction each call is its own transaction. */
#pragma once

#include <glib.h>

#include "tgw-results.h"

G_BEGIN_DECLS

/* the schema this tgwsim writes; tgw-store.c describes each version and its migration */
#define TGW_STORE_SCHEMA_VERSION 1

typedef struct _TgwStore TgwStore;

/* opens (creating and migrating as needed) a store for writing; refuses a read-only file, a file
 * that is not SQLite, an SQLite file that is not a tgwsim store, and a newer schema */
TgwStore *tgw_store_open(const char *path, GError **error);
/* opens an existing store for reading only (history, diff); TGW_ERROR_NOT_FOUND when absent */
TgwStore *tgw_store_open_readonly(const char *path, GError **error);
void tgw_store_free(TgwStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwStore, tgw_store_free)

const char *tgw_store_path(const TgwStore *store);
/* the schema version of the file (PRAGMA user_version) */
int tgw_store_schema_version(TgwStore *store);

/* one transaction around several adds (see above) */
gboolean tgw_store_begin(TgwStore *store, GError **error);
gboolean tgw_store_commit(TgwStore *store, GError **error);
void tgw_store_rollback(TgwStore *store);

/* stores one run: the result in full and `flags`, the command line that produced it (for
 * people). Returns the new run id (> 0), or 0 on error (nothing of the run is left). */
gint64 tgw_store_add_run(TgwStore *store, const TgwRunResult *result, const char *flags,
                         GError **error);
/* the same for repetitions of one scenario and mode (tgwsim run --runs N): the first result in
 * full, the others as the spread of each subnet's first exhaustion and the share of runs that
 * ran dry. One run id for all of them. */
gint64 tgw_store_add_runs(TgwStore *store, const GPtrArray *results, const char *flags,
                          GError **error);

/* the outcome of one <expect> (tgwsim test) */
typedef struct {
    const char *name;
    const char *kind; /* tgw_expect_kind_name(), e.g. "min-free" */
    int line;         /* in the scenario file, 0 when unknown */
    gboolean passed;
    const char *message; /* what was found, for people; may be NULL */
} TgwStoreExpectation;

/* stores expectation outcomes (TgwStoreExpectation, in the order checked) for a run added
 * before, in the same explicit transaction or in one of their own */
gboolean tgw_store_add_expectations(TgwStore *store, gint64 run_id, const GArray *outcomes,
                                    GError **error);

/* ---- reading ----------------------------------------------------------------------------- */

typedef struct {
    guint index; /* in the scenario */
    char *vpc, *name, *az, *cidr;
    guint64 usable, peak_used, min_free, failures;
    gint64 peak_time_ms;
    gint64 first_exhausted_ms;     /* -1: never */
    double exhaustion_probability; /* over the repetitions; -1 with one run */
    gint64 p50_ms;                 /* median first exhaustion over repetitions; -1 */
} TgwStoredSubnet;

typedef struct {
    char *name, *kind, *message;
    int line;
    gboolean passed;
} TgwStoredExpectation;

typedef struct {
    gint64 id;
    gint64 batch;     /* the id of the first run stored by the same transaction */
    char *created_at; /* UTC, ISO 8601 */
    char *scenario;
    char *input_sha256;
    char *version; /* tgwsim's */
    char *cni;     /* the mode the clusters started in */
    guint64 seed;
    gint64 horizon_ms;
    char *flags;
    guint repetitions;
    gboolean exhausted;
    double exhaustion_probability; /* -1 with one run */
    gint64 first_exhaustion_ms;    /* -1: none */
    /* where the first exhaustion was (the subnet's name, its VPC and AZ), NULL without one */
    char *first_exhaustion_vpc, *first_exhaustion_subnet, *first_exhaustion_az;
    char *first_exhaustion_request, *first_exhaustion_requester;
    guint64 pods_started, pods_waited_for_ip, pods_waiting_for_ip_at_end;
    guint64 pods_unschedulable_at_end;
    double pod_seconds_waiting_for_ip;
    guint64 nodes_launched, nodes_failed_launch, nodes_peak;
    guint expectations, expectations_failed;
    GPtrArray *subnets; /* TgwStoredSubnet*, scenario order; NULL in lists */
    GPtrArray *expects; /* TgwStoredExpectation*; NULL in lists */
} TgwStoredRun;

void tgw_stored_run_free(TgwStoredRun *run);
/* "team-a/private-b": the first exhaustion's subnet for people; NULL without one */
char *tgw_stored_run_first_exhaustion_ref(const TgwStoredRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwStoredRun, tgw_stored_run_free)

/* the last `limit` runs (0: all), of one scenario or of all (scenario NULL), oldest first;
 * without subnets */
GPtrArray *tgw_store_list_runs(TgwStore *store, const char *scenario, guint limit, GError **error);
/* one run with its subnets and expectation outcomes; TGW_ERROR_NOT_FOUND when there is none */
TgwStoredRun *tgw_store_load_run(TgwStore *store, gint64 id, GError **error);
/* the newest run of a scenario in a CNI mode (for tgwsim test --baseline), loaded as above;
 * NULL without an error when there is none */
TgwStoredRun *tgw_store_last_run(TgwStore *store, const char *scenario, const char *cni,
                                 GError **error);

/* PRAGMA integrity_check and foreign_key_check; FALSE with the first problem */
gboolean tgw_store_check(TgwStore *store, GError **error);

G_END_DECLS
