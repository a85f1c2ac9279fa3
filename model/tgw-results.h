/* tgw-results.h: what one simulation run found, as plain structs.
 *
 * The simulation fills a TgwRunResult; the store and the report writers read it and never reach
 * back into the simulation. Times are simulated milliseconds; -1 means "never". Everything here is
 * in a deterministic order (subnets in scenario order, events in time order). */
#pragma once

#include <glib.h>

#include "tgw-scenario.h"

G_BEGIN_DECLS

/* who holds the addresses of a subnet; the order is the JSON's "at_peak" order ("in_use" is
 * written only where a subnet declares some, so designs without it read as before) */
typedef enum {
    TGW_HOLDER_RESERVED,
    TGW_HOLDER_NODE_PRIMARY,
    TGW_HOLDER_ENI_PRIMARY,
    TGW_HOLDER_PODS,
    TGW_HOLDER_WARM,
    TGW_HOLDER_COOLDOWN,
    TGW_HOLDER_LOAD_BALANCER,
    TGW_HOLDER_MSK,
    TGW_HOLDER_ENDPOINT,
    TGW_HOLDER_TGW_ATTACHMENT,
    TGW_HOLDER_EKS_CONTROL_PLANE,
    TGW_HOLDER_OTHER,
    TGW_HOLDER_IN_USE, /* <in-use>: taken before the run by things outside the model */
    TGW_HOLDER_COUNT
} TgwHolder;

/* "node_primary" etc., as in the JSON contract */
const char *tgw_holder_name(TgwHolder holder);
/* "node primary IPs" etc., for people */
const char *tgw_holder_label(TgwHolder holder);

typedef struct {
    gint64 time_ms;
    guint32 free;     /* free addresses at the sample time */
    guint32 min_free; /* the lowest free count since the previous sample */
} TgwSample;

typedef struct {
    const TgwSubnetDef *def;
    guint64 usable;
    guint64 peak_used; /* reserved addresses not included */
    gint64 peak_time_ms;
    guint64 min_free;                  /* usable - peak_used */
    gint64 first_exhausted_ms;         /* first allocation that failed here, -1 if none */
    gboolean first_fragmented;         /* that failure was a /28 with addresses left */
    guint64 free_prefixes_at_end;      /* wholly free aligned /28 blocks when the run ended */
    guint64 failures;                  /* failed allocations here */
    guint64 at_peak[TGW_HOLDER_COUNT]; /* sums to peak_used + 5 */
    GArray *series;                    /* TgwSample, bounded */
} TgwSubnetResult;

typedef struct {
    gint64 time_ms;
    const TgwSubnetDef *subnet;
    const char *request; /* assign-ip, create-eni, carve-prefix, node-launch, alb-scale, ... */
    char *requester;     /* e.g. main/general/node-17, alb ingress */
    guint64 free;        /* addresses free in the subnet then */
    /* a /28 prefix (or an ENI's) found no aligned free block though enough addresses were free:
     * the subnet is fragmented, not full */
    gboolean fragmented;
} TgwExhaustionEvent;

typedef struct {
    guint64 started;            /* pods that got an address (or run on the host network) */
    guint64 waited_for_ip;      /* pods that had to wait for an address */
    guint64 max_waiting_for_ip; /* most pods waiting at once */
    guint64 waiting_for_ip_at_end;
    double pod_seconds_waiting_for_ip;
    guint64 unschedulable;     /* pods that found no node with room at least once */
    guint64 max_unschedulable; /* most pending at once */
    guint64 unschedulable_at_end;
    guint64 peak_running;
} TgwPodStats;

typedef struct {
    guint64 launched;
    guint64 failed_launch;
    guint64 peak;
    guint64 terminated;
    /* nodes removed by the autoscaler because they were not Ready within max-node-provision-time
     * (their VPC CNI could not start: custom networking without an ENIConfig for their AZ, or no
     * ENI in the pod subnet); the first one, when, and why */
    guint64 never_ready;
    gint64 first_never_ready_ms;
    char *first_never_ready_node;   /* cluster/group/node-N */
    char *first_never_ready_reason; /* "AZ apne2-az3 has no ENIConfig ..." */
} TgwNodeStats;

/* EC2 calls ipamd made for a node group's nodes, failed ones included: a request that found no
 * free address still costs a call against the account's EC2 API rate limits */
typedef struct {
    guint64 create_eni; /* CreateNetworkInterface (then AttachNetworkInterface): one per new ENI */
    guint64 assign;     /* AssignPrivateIpAddresses, for addresses or /28 prefixes */
    guint64 unassign;   /* UnassignPrivateIpAddresses: one per ENI a pool decrease touches */
    guint64 delete_eni; /* DetachNetworkInterface (then DeleteNetworkInterface): ENIs freed */
} TgwEc2Calls;

/* per node group: what each node holds, to compare CNI modes */
typedef struct {
    const TgwNodeGroupDef *def;
    guint max_pods_kubelet; /* of nodes launched at the start */
    guint max_pods_cni;     /* pods the CNI can address per node in the start mode */
    guint64 peak_nodes;
    double mean_addresses_per_node; /* time-weighted addresses held per Ready node */
    double mean_pods_per_node;
    /* at the run's first failed allocation (when TgwRunResult.exhausted): Ready nodes of the
     * group and pods running on them (with an address or on the host network) */
    guint64 nodes_at_first_exhaustion;
    guint64 pods_at_first_exhaustion;
    TgwEc2Calls ec2;
    guint64 waited_for_ip; /* pods bound to the group's nodes that had to wait for an address */
} TgwNodeGroupResult;

typedef struct {
    const TgwScenario *scenario;
    TgwCniMode cni; /* the mode clusters start in (the first cluster's, or the override) */
    gboolean cni_overridden;
    guint64 seed;
    gint64 horizon_ms;
    gboolean exhausted;
    GPtrArray *subnets;     /* TgwSubnetResult*, scenario order */
    GPtrArray *events;      /* TgwExhaustionEvent*, time order, at most TGW_RESULT_MAX_EVENTS */
    guint64 events_total;   /* including those not kept */
    GPtrArray *node_groups; /* TgwNodeGroupResult* */
    TgwPodStats pods;
    TgwNodeStats nodes;
    guint64 engine_events;
    guint64 peak_live_pods;
    gboolean naive_ticks;
} TgwRunResult;

#define TGW_RESULT_MAX_EVENTS 10000

TgwRunResult *tgw_run_result_new(const TgwScenario *scenario);
void tgw_run_result_free(TgwRunResult *result);
/* the earliest exhaustion event, or NULL */
const TgwExhaustionEvent *tgw_run_result_first_exhaustion(const TgwRunResult *result);
/* Ready nodes and running pods over the node groups at the first failed allocation (0 and 0
 * when nothing failed) */
void tgw_run_result_size_at_first_exhaustion(const TgwRunResult *result, guint64 *nodes,
                                             guint64 *pods);
TgwSubnetResult *tgw_run_result_find_subnet(const TgwRunResult *result, const TgwSubnetDef *def);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwRunResult, tgw_run_result_free)

/* one subnet over repeated runs: how often and how early it ran dry */
typedef struct {
    const TgwSubnetDef *def;
    guint runs;
    guint exhausted_runs;
    /* nearest-rank percentiles of the first exhaustion time, counting runs that never ran dry as
     * later than any; -1 when that percentile lies beyond the horizon */
    gint64 p5_ms, p50_ms, p95_ms;
} TgwSubnetSpread;

/* per subnet (scenario order) over results (TgwRunResult*, all of one scenario) */
GArray *tgw_results_spread(const GPtrArray *results);
/* the share of runs in which anything ran out */
double tgw_results_exhaustion_probability(const GPtrArray *results);

G_END_DECLS
