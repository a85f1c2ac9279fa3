/* tgw-sim.h: one simulation run of a scenario: the cluster and network model on the event engine.
 *
 * Builds the model of every VPC subnet, EKS node, ENI, pod and other address consumer of a
 * scenario, runs it on the discrete-event engine until the horizon and returns what happened
 * (tgw-results.h): when and where allocations failed, who held each subnet's addresses at its
 * peak, how long pods waited for an address. The VPC CNI's rules (../shared/reference/vpc-cni.md)
 * are in tgw-sim-ipamd.c, each cited by its number. */
#pragma once

#include "tgw-results.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef struct {
    gboolean override_cni; /* run every cluster in cni instead of its own mode */
    TgwCniMode cni;
    gboolean override_seed;
    guint64 seed;
    gint64 horizon_ms;     /* 0: the scenario's */
    gboolean naive_ticks;  /* a 5 s ipamd tick on every node, even when it provably does nothing */
    guint64 memory_budget; /* bytes; 0: half the RAM, shared by the runs going on at once */
    /* called at every series sample with the share of the horizon simulated (no extra events, so
     * results do not depend on whether anyone watches) */
    void (*progress)(gpointer data, double fraction);
    gpointer progress_data;
} TgwSimOptions;

/* NULL, and the error, when the run stops over its memory budget or options->cni is forced on a
 * design it cannot run on (tgw_lint_mode_not_applicable: TGW_ERROR_INVALID) */
TgwRunResult *tgw_sim_run(const TgwScenario *scenario, const TgwSimOptions *options,
                          GError **error);

/* the default memory budget of one run when this many run at once */
guint64 tgw_sim_default_memory_budget(guint concurrent_runs);

/* runs repetitions of the scenario with seeds tgw_rng_run_seed(seed, 0..runs-1) on up to
 * `threads` threads (0: one per core); results in run order, the same whatever the thread count;
 * NULL (and the first error) when any run fails */
GPtrArray *tgw_sim_run_many(const TgwScenario *scenario, const TgwSimOptions *options, guint runs,
                            guint threads, GError **error);

G_END_DECLS
