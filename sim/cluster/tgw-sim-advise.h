/* tgw-sim-advise.h: the smallest fix that holds, found and proven by simulation (tgwsim advise).
 *
 * For each cluster whose subnets run dry within the horizon, or keep less than the headroom free,
 * candidate designs are simulated N times with the seeds of run 0..N-1 (common random numbers:
 * every candidate sees the arrivals and lifetimes of today's design). A candidate holds in a run
 * when none of the cluster's subnets (its node groups' and its ENIConfig subnets) failed an
 * allocation and each kept at least the headroom free at its peak.
 *
 * Candidates so far: prefix delegation (a setting: the cluster's nodes carve /28 prefixes from the
 * same subnets; Nitro instances only), and custom networking on a CG-NAT secondary block
 * (100.64.0.0/10), one pod
 * subnet per AZ of the cluster's nodes, the subnet size found by bisection on the prefix length
 * (/16 to /28) as the smallest that holds in every run. The block is the first aligned one in
 * 100.64.0.0/10 that overlaps none of the VPC's blocks, preferring one no other VPC of the
 * scenario uses; the VPC must have room for another block (5 by default) and the block must pass
 * the association restrictions (tgw_lint_cidr_restriction). */
#pragma once

#include "tgw-results.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef struct {
    guint runs;        /* per design, default 5 */
    guint threads;     /* 0: one per core */
    double headroom;   /* share of usable addresses a subnet must keep free, default 0.2 */
    gint64 horizon_ms; /* 0: the scenario's */
    gboolean override_seed;
    guint64 seed;
    const char *prefer; /* a candidate kind to rank first among those that hold, or NULL */
} TgwAdviseOptions;

/* one sample time of a design's tightest subnet: its free share at p5, p50 and p95 over the runs */
typedef struct {
    gint64 time_ms;
    double p5, p50, p95;
} TgwAdviseBand;

/* how one design fared over the runs */
typedef struct {
    guint runs, holds;
    double min_free_share;      /* the lowest free share of a watched subnet, any run */
    char *tightest;             /* "vpc/subnet" with that share */
    gint64 first_exhaustion_ms; /* the earliest failed allocation in a watched subnet, or -1 */
    guint exhausted_runs;       /* runs with one */
    double free_prefix_share;   /* the lowest share of wholly free /28 blocks a watched subnet
                                 * had left at the end of a run (what prefix delegation needs) */
    gint64 headroom_p5_ms;      /* p5 over the runs of the first time a watched subnet fell below
                                 * the headroom (a sample's low point, or a failed allocation);
                                 * -1 when that run-rank never did within the horizon */
    guint64 nodes_peak;         /* the most nodes at once in any run */
    /* what it costs: EC2 calls ipamd made for the cluster's nodes (summed over the runs) and per
     * hour (their mean), and pods that waited for an address (mean per run) */
    TgwEc2Calls ec2;
    double ec2_per_hour;
    double waited_per_run;
    GArray *band; /* TgwAdviseBand over time, of the tightest subnet (what a chart draws) */
} TgwAdviseOutcome;

typedef struct {
    const char *kind; /* "warm-pool", "prefix-delegation", "routable-subnets",
                       * "custom-networking" */
    gboolean possible;
    char *why_not;    /* when not possible */
    TgwCidr block;    /* the secondary block */
    guint subnet_len; /* the prefix length of each pod subnet */
    guint n_subnets;  /* one per AZ */
    char *reuse;      /* another VPC on the transit gateway that uses the block too (reuse is
                       * safe: this VPC propagates into no TGW table), or NULL */
    char *avoided;    /* the block passed over because reusing it would meet another VPC's route
                       * in a TGW table, and why; or NULL */
    char *tgw_note;   /* the block in the candidate's TGW tables, as tgwsim routes shows them */
    char *free_room;  /* routable subnets: the VPC's free ranges, space-separated */
    GArray *subnets_cidrs; /* routable subnets: the new subnets (TgwCidr), one per AZ */
    TgwAdviseOutcome outcome;
    gboolean has_smaller; /* the next smaller size was simulated */
    guint smaller_len;
    TgwAdviseOutcome smaller;
    guint warm_ip_target; /* warm pool: WARM_IP_TARGET (with WARM_ENI_TARGET=0) */
    guint minimum_ip_target;
    gboolean has_looser; /* warm pool: the next larger WARM_IP_TARGET was simulated */
    TgwAdviseOutcome looser;
    guint max_pods_before, max_pods_after; /* of the cluster's first node group */
    char *scenario_xml; /* the scenario file with this fix written in, comments at each change */
    guint simulated;    /* designs simulated (N runs each) to find and prove it */
} TgwAdviseCandidate;

typedef struct {
    char *cluster;
    TgwAdviseOutcome today;
    gboolean needs_fix;
    gboolean after_fixes;  /* judged with the fixes of the clusters before it applied */
    GPtrArray *candidates; /* TgwAdviseCandidate*, best first: those that hold in every run, then
                            * settings (prefix delegation) before new address space */
} TgwAdviseCluster;

void tgw_advise_cluster_free(TgwAdviseCluster *c);
/* possible and held in every run */
gboolean tgw_advise_candidate_holds(const TgwAdviseCandidate *c);
/* the cluster's fix: the best candidate when it holds (candidates are ranked), else NULL; NULL
 * too when the cluster needs none */
const TgwAdviseCandidate *tgw_advise_cluster_fix(const TgwAdviseCluster *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwAdviseCluster, tgw_advise_cluster_free)

/* advice for one cluster (cluster_name) or each (NULL), in scenario order; each cluster is judged
 * with the fixes found for those before it applied, so the last fix's scenario_xml has them all.
 * data/len/file are the scenario file as read, which the candidates are built from; sc is it
 * loaded. NULL and an error when a candidate does not load or a run fails. */
GPtrArray *tgw_advise(const TgwScenario *sc, const char *data, gsize len, const char *file,
                      const char *cluster_name, const TgwAdviseOptions *options, GError **error);

G_END_DECLS
