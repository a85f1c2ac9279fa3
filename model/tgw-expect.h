/* tgw-expect.h: judging a scenario's <expect> elements — the evaluation behind `tgwsim test`.
 *
 * A suite is one scenario file: the scenario as loaded (or the findings that stopped it), and
 * after it is judged one outcome per <expect> in document order. Judging comes in three steps, so
 * that the model never calls the simulation above it: tgw_expect_suite_plan() says which
 * simulations the suite needs (suite->runs), the caller runs them (tgw_sim_expect_evaluate() in
 * sim/cluster does the plan, the runs and the judging in one call), tgw_expect_suite_judge()
 * judges. The plan: the expectations that need the simulation are grouped by the CNI mode they are
 * judged in (cni=, else the scenario's own mode, i.e. every cluster in the mode it declares), and
 * each mode is simulated once for the largest runs= any of them asks for. Run i of a mode always
 * has the seed tgw_rng_run_seed(scenario seed, i), and run 0 is the scenario's own seed, so one
 * simulation of N runs serves every expectation of that mode that needs N runs or fewer (the
 * first `runs` of them) and the plain single-run ones (run 0). Routing expectations use
 * tgw_routing_new(sc, 0), the findings expectation the findings of loading, max-pods the ENI
 * formula of the node group in the judged mode; none of those simulates.
 *
 * Every outcome says what was expected and what was measured in words, and where (subnet, time)
 * when that applies: "team-a/private-a min-free 99% — lowest free was 93.6% (235/251) at day 0
 * 00:12:05". Nothing here formats for an output format: reports/tgw-report-test.h turns suites
 * into JUnit XML, TAP, Markdown and text.
 *
 * --baseline: tgw_expect_suite_compare_baseline() compares a mode's first run with a stored run
 * and adds one outcome per regression (named "baseline: MODE: SUBNET ..."), or one passing
 * outcome when there is none. The tolerances are below. */
#pragma once

#include "tgw-finding.h"
#include "tgw-results.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef enum {
    TGW_OUTCOME_PASS,
    TGW_OUTCOME_FAIL,  /* the expectation does not hold */
    TGW_OUTCOME_ERROR, /* it could not be judged: the simulation failed, a name is unknown */
} TgwOutcomeStatus;

/* "pass", "fail", "error" */
const char *tgw_outcome_status_name(TgwOutcomeStatus status);

typedef struct _TgwExpectRuns TgwExpectRuns;

typedef struct {
    char *name;       /* the <expect name>, or "baseline: ..." */
    const char *kind; /* tgw_expect_kind_name(), or "baseline" */
    int line;         /* of the <expect> in the scenario file; 0 for baseline checks */
    gboolean has_mode;
    TgwCniMode mode; /* the mode it was judged in (simulation and max-pods kinds, or cni= given) */
    TgwOutcomeStatus status;
    char *expected;   /* what was asked, e.g. "team-a/private-a min-free 99%" */
    char *measured;   /* what was found, e.g. "lowest free was 93.6% (235/251) at day 0 00:12:05" */
    char *message;    /* "EXPECTED — MEASURED" */
    char *subnet;     /* "vpc/subnet" the measurement refers to, or NULL */
    gint64 time_ms;   /* the simulated time it refers to, or -1 */
    double elapsed_s; /* wall time of the work it needed first: a simulation is charged to the
                       * first expectation that uses it */
    const TgwExpectRuns *runs; /* the simulations it was judged on, or NULL */
} TgwExpectOutcome;

/* the simulations of one mode */
struct _TgwExpectRuns {
    gboolean override_cni; /* FALSE: every cluster in its own mode */
    TgwCniMode mode; /* the mode clusters start in (the first cluster's when not overridden) */
    guint runs;
    GPtrArray *results; /* TgwRunResult*, run order; NULL when the simulation failed */
    char *error;        /* why it failed, or NULL */
    double elapsed_s;
};

typedef struct {
    char *file;               /* as given */
    TgwScenario *scenario;    /* NULL when the file did not load */
    TgwFindings *findings;    /* every finding of loading */
    GPtrArray *finding_texts; /* char*: "file:line: severity: CODE: message", sorted */
    guint errors, warnings;   /* finding counts */
    GPtrArray *outcomes;      /* TgwExpectOutcome*: document order, then baseline checks */
    GPtrArray *runs;          /* TgwExpectRuns*: the scenario's own mode first */
    TgwExpectRuns **need;     /* per <expect>: the runs it is judged on, or NULL (after plan) */
    gint64 started_us;        /* when planning began, for elapsed_s */
    double elapsed_s;
} TgwExpectSuite;

typedef struct {
    guint threads;            /* for repeated runs of one mode; 0: one per core */
    gboolean zero_times;      /* every elapsed time 0, for byte-identical outputs */
    gboolean always_simulate; /* simulate the own mode even when nothing needs it (--db) */
} TgwExpectOptions;

/* a suite for one file; takes the scenario (NULL when loading failed) and the findings */
TgwExpectSuite *tgw_expect_suite_new(const char *file, TgwScenario *scenario,
                                     TgwFindings *findings);
void tgw_expect_suite_free(TgwExpectSuite *suite);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwExpectSuite, tgw_expect_suite_free)

/* plans the simulations the expectations need: afterwards suite->runs holds one TgwExpectRuns per
 * mode, for the caller to fill in (results, or error; elapsed_s). Nothing for a suite whose file
 * did not load. */
void tgw_expect_suite_plan(TgwExpectSuite *suite, const TgwExpectOptions *options);
/* judges every expectation on the runs filled in since the plan; a run with no results becomes
 * an error outcome naming its error. Safe to call for different suites on different threads. */
void tgw_expect_suite_judge(TgwExpectSuite *suite, const TgwExpectOptions *options);

gboolean tgw_expect_suite_invalid(const TgwExpectSuite *suite);
/* what reports call the suite: the scenario's name, or the file when it has none or did not load */
const char *tgw_expect_suite_name(const TgwExpectSuite *suite);
guint tgw_expect_suite_count(const TgwExpectSuite *suite, TgwOutcomeStatus status);
/* the file loaded and no outcome failed or erred */
gboolean tgw_expect_suite_passed(const TgwExpectSuite *suite);
/* the outcome with this name, or NULL */
const TgwExpectOutcome *tgw_expect_suite_find(const TgwExpectSuite *suite, const char *name);

/* ---- baseline -------------------------------------------------------------------------------- */

/* A first exhaustion is a regression when it comes earlier than the stored one by more than
 * max(1 % of the horizon, 1 hour), or when a subnet that never ran out in the stored run now runs
 * out within the stored run's horizon. Peak usage is a regression when it is higher than the
 * stored one by more than max(1 % of the subnet's usable addresses, rounded up, 2 addresses). */
#define TGW_BASELINE_TIME_SHARE  0.01
#define TGW_BASELINE_TIME_MIN_MS (G_GINT64_CONSTANT(3600) * 1000)
#define TGW_BASELINE_PEAK_SHARE  0.01
#define TGW_BASELINE_PEAK_MIN    2

/* what a stored run says about one subnet (filled from the store by the caller) */
typedef struct {
    char *vpc, *name;
    guint64 usable, peak_used;
    gint64 peak_time_ms;
    gint64 first_exhausted_ms; /* -1: never */
} TgwBaselineSubnet;

typedef struct {
    gint64 run_id;
    char *created_at;
    guint64 seed;
    gint64 horizon_ms;
    GArray *subnets; /* TgwBaselineSubnet */
} TgwBaseline;

TgwBaseline *tgw_baseline_new(void);
void tgw_baseline_add_subnet(TgwBaseline *baseline, const char *vpc, const char *name,
                             guint64 usable, guint64 peak_used, gint64 peak_time_ms,
                             gint64 first_exhausted_ms);
void tgw_baseline_free(TgwBaseline *baseline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwBaseline, tgw_baseline_free)

/* the tolerances above, for a horizon and a subnet size */
gint64 tgw_baseline_time_tolerance_ms(gint64 horizon_ms);
guint64 tgw_baseline_peak_tolerance(guint64 usable);

/* compares the first run of `runs` (one of suite->runs) with a stored run (NULL: none stored)
 * and appends outcomes to the suite: one failed outcome per regression, else one passing
 * outcome "baseline: MODE" that says what was compared */
void tgw_expect_suite_compare_baseline(TgwExpectSuite *suite, const TgwExpectRuns *runs,
                                       const TgwBaseline *baseline);
/* adds the error outcome "baseline: MODE" saying why no stored run can stand for this suite */
void tgw_expect_suite_refuse_baseline(TgwExpectSuite *suite, const TgwExpectRuns *runs,
                                      const char *why);

G_END_DECLS
