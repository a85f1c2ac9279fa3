/* tgw-sim-private.h: the runtime state of one simulation run, shared by the tgw-sim-*.c files.
 *
 *   tgw-sim.c           set-up, the timeline, sampling, results
 *   tgw-sim-subnet.c    subnets: the address pool, who holds what, peaks, exhaustion events
 *   tgw-sim-ipamd.c     nodes' ENIs and the VPC CNI's ipamd (vpc-cni.md rules 13-27)
 *   tgw-sim-node.c      node launch, readiness, draining, termination, rolls
 *   tgw-sim-sched.c     the scheduler, pending pods and the cluster autoscaler
 *   tgw-sim-workload.c  deployments, jobs, daemonsets, rollouts, pod lifecycle
 *   tgw-sim-consumer.c  load balancers, MSK, endpoints, NAT, RDS, TGW ENIs, EKS control plane
 *
 * Entities live in arrays and refer to each other by index; events carry (kind, index). A timer
 * is cancelled lazily: the entity keeps the seq of its live event and ignores any other. */
#pragma once

#include "tgw-engine.h"
#include "tgw-ipamd-rules.h"
#include "tgw-results.h"
#include "tgw-sim.h"
#include "tgw-subnet-pool.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT32

/* Event kinds. Within one millisecond events run in kind order (then entity, then scheduling
 * order), so the order never depends on how many events were scheduled before: that is what
 * keeps lazy and naive ipamd ticks identical. Ticks run after everything else that changes
 * state at the same instant; samples last. */
enum {
    EV_ACTION = 1,     /* timeline action (index in scenario->actions) */
    EV_CONSUMER,       /* consumer start, end or retry */
    EV_UPGRADE_END,    /* EKS upgrade's extra ENIs go away (action index) */
    EV_NODE_READY,     /* node launched -> Ready */
    EV_EC2_DONE,       /* a node's EC2 call completes */
    EV_POD_END,        /* pod lifetime over */
    EV_POD_READY,      /* pod passed its start-up time */
    EV_JOB_ARRIVAL,    /* workload index */
    EV_WORKLOAD_SCALE, /* daily replica pattern re-evaluated */
    EV_ROLLOUT,        /* a deployment starts a rolling update */
    EV_ALB_EVAL,       /* an ALB re-sizes */
    EV_ROLL_STEP,      /* node group roll: next node */
    EV_SCHED_RETRY,    /* cluster: retry pending pods */
    EV_CA_SCAN,        /* cluster autoscaler scan */
    EV_SCALE_DOWN,     /* node underused long enough */
    EV_NODE_TICK,      /* ipamd pool-manager tick */
    EV_SAMPLE,         /* time-series sample */
    EV_KIND_COUNT
};

/* ---- subnets --------------------------------------------------------------------------------- */

typedef struct {
    const TgwSubnetDef *def;
    TgwSubnetPool *pool;
    GRand *rand;                    /* EC2's choice of addresses in this subnet */
    guint az;                       /* index in sim->azs */
    gboolean active;                /* exists at this time (timeline subnets appear later) */
    guint64 held[TGW_HOLDER_COUNT]; /* WARM counts warm + cooldown; split at snapshots */
    GPtrArray *enis;                /* Eni* in this subnet (to count cooldown at a peak) */
    gint64 cooldown_until;          /* the latest cooldown end of any address here: none after it */
    guint64 window_min_free;
    TgwSubnetResult *result;
} SimSubnet;

/* ---- nodes, ENIs, address slots ----------------------------------------------------------------
 */

/* a pod address an ENI holds: a secondary IP, or one address of a /28 prefix */
#define SLOT_EMPTY    0xFFFFFFFDu /* no address (prefix slot not in use) */
#define SLOT_COOLDOWN 0xFFFFFFFEu /* released by a pod, in IP_COOLDOWN_PERIOD */
#define SLOT_FREE     0xFFFFFFFFu /* warm: may be given to a pod */

typedef struct {
    guint32 addr;
    guint32 pod;  /* pod index, or SLOT_* */
    gint64 until; /* end of cooldown */
} Slot;

typedef struct {
    guint16 slot;
    gint64 until;
} CooldownEntry;

typedef struct {
    /* first, in one cache line: what a pod start asks of each of its node's ENIs */
    gint64 cooldown_next; /* the until of the entry at cooldown_head, G_MAXINT64 when none */
    guint n_ips;          /* addresses held (not EMPTY) */
    guint n_assigned;     /* given to pods */
    guint n_cooldown;
    guint n_slots;     /* slots in use or EMPTY, in order */
    guint64 free_mask; /* bit i: slot i (< 64) is FREE, so that a pod finds the lowest without a
                        * scan (secondary mode has at most 49 slots; PD does not use it) */
    Slot *slots;       /* secondary mode: one per IP; PD: 16 per prefix, prefix p at 16p */
    /* the releases in cooldown, in expiry order: a ring of cooldown_cap (a power of two, 0 before
     * the first release) entries, cooldown_len of them from cooldown_head. A ring rather than a
     * GArray: no header to load before the entries, and reading one never moves the others */
    CooldownEntry *cooldown;
    guint cooldown_head, cooldown_len, cooldown_cap;
    guint16 cooldown_next_slot; /* the slot of the entry at cooldown_head: the first expiry reads
                                 * the slot it frees without loading the ring */
    guint cap_slots;
    guint32 node;
    guint32 subnet;
    guint32 primary_addr;
    gboolean is_primary; /* the node's own ENI */
    gint64 created_ms;
    guint n_prefixes;         /* PD: prefixes held (16 addresses each) */
    guint16 *prefix_assigned; /* PD: pods per prefix slot group */
    guint subnet_pos;         /* index in its subnet's enis */
} Eni;

typedef enum {
    NODE_LAUNCHING,
    NODE_INIT_FAILED, /* custom networking: no ENI yet, ipamd init keeps failing */
    NODE_READY,
    NODE_TERMINATED,
} NodeState;

typedef enum {
    OP_NONE,
    OP_ASSIGN, /* AssignPrivateIpAddresses on an existing ENI */
    OP_CREATE, /* CreateNetworkInterface + attach */
} Ec2Op;

typedef struct {
    guint32 id;
    guint32 group;  /* index in sim->groups */
    guint32 number; /* node-N within the group */
    guint32 subnet;
    guint32 primary_addr;
    const TgwCniDef *cni; /* the settings in force when it launched (new nodes only) */
    TgwCniMode mode;
    NodeState state;
    gboolean cordoned;
    gboolean rolling_out; /* an old node of a roll, to be replaced */
    gint64 launched_ms;
    /* kubelet / scheduler */
    gint64 cpu_cap, mem_cap, cpu_used, mem_used;
    guint n_pods;          /* every pod bound here, daemonsets and host network included */
    TgwIpamdLimits lim;    /* ENI limits, mode and the kubelet max pods (lim.max_pods) */
    gint64 ds_cpu, ds_mem; /* of daemonset pods, which the autoscaler does not count */
    double cpu_scale, mem_scale, pod_scale; /* 1e6 / capacity (0 when unknown), for loads */
    guint bucket;         /* its load bucket in the scheduler's queue, NONE when not schedulable */
    guint32 bprev, bnext; /* neighbours in that bucket */
    guint32 ready_seq;
    gint64 load; /* scheduling score: the most-used resource, parts per million */
    guint32 scale_down_seq;
    /* ENIs (the array itself is at the end) */
    guint n_enis;
    guint total_ips, assigned_ips;
    /* ipamd */
    gint64 phase_ms; /* a tick is due at phase_ms + k * 5 s */
    guint32 tick_seq;
    gint64 tick_at;
    gint64 last_tick_ms;  /* the last tick that ran, work or not */
    gint64 backoff_until; /* rule 17b */
    gint64 last_decrease_ms;
    Ec2Op op;
    guint op_eni;    /* OP_ASSIGN: which ENI */
    Eni *op_new_eni; /* OP_CREATE: the ENI being attached */
    guint op_count;  /* addresses or prefixes requested */
    guint32 ec2_seq;
    GArray *waiting; /* pod indices waiting for an address, FIFO */
    guint waiting_head;
    /* accounting */
    guint addresses; /* everything the node holds in VPC subnets */
    /* last, so that the counters above, which every pod start and stop reads, share a few cache
     * lines: a node is 816 bytes, and a thousand of them are more than a core's L2 */
    Eni *enis[32];
    guint32 op_addrs[64]; /* what EC2 has allocated for the call under way */
    char *name;           /* cluster/group/node-N: the requester its failed allocations name */
} Node;

/* ---- pods and workloads ------------------------------------------------------------------------
 */

typedef enum {
    POD_FREE,    /* the table slot is unused */
    POD_PENDING, /* unschedulable so far */
    POD_WAITING, /* bound to a node, waiting for an address */
    POD_RUNNING,
} PodState;

typedef struct {
    guint32 workload;
    guint32 node;
    guint32 eni_slot; /* (eni index << 16) | slot, when it holds an address */
    Eni *eni;         /* that ENI (NULL when none): a prefetch hint, never read through */
    guint32 timer_seq;
    guint32 ready_seq;
    guint32 prev, next; /* the workload's pod list */
    gint64 lifetime_ms; /* from the moment it runs; -1 forever */
    gint64 since_ms;    /* pending/waiting since, or running since */
    guint32 revision;
    guint8 state;
    guint8 ready;        /* passed start-up */
    guint8 counted_wait; /* already counted as waiting for an address */
    guint8 counted_pending;
} Pod;

typedef struct {
    const TgwWorkloadDef *def;
    guint32 cluster;
    GRand *rand;
    TgwReplicas replicas; /* the definition's, or what the timeline set */
    gboolean started;
    guint32 scale_seq;
    gint64 desired;
    guint32 head, tail; /* live pods */
    guint live;
    guint revision;
    gboolean rolling;
    guint new_total, new_ready, old_total, old_ready;
    GArray *pending; /* pod indices, FIFO */
    guint pending_head;
    guint *pods_in_az;    /* per AZ, for zone spreading */
    gint64 pending_since; /* oldest pending pod, for the autoscaler's delay */
} SimWorkload;

#define TGW_LOAD_BUCKETS 1001

typedef struct {
    guint32 head[TGW_LOAD_BUCKETS], tail[TGW_LOAD_BUCKETS];
    guint64 nonempty[(TGW_LOAD_BUCKETS + 63) / 64]; /* bit b: bucket b holds a node */
    guint count;                                    /* nodes queued */
} LoadQueue;

void tgw_load_queue_init(LoadQueue *queue);

/* ---- node groups and clusters ---------------------------------------------------------------- */

typedef struct {
    const TgwNodeGroupDef *def;
    guint32 cluster;
    GRand *rand; /* ipamd's map-order choices on its nodes */
    guint min, max, desired;
    guint count; /* nodes launching or running */
    guint launching;
    guint next_number;
    LoadQueue *queues;    /* per AZ: schedulable Ready nodes by load (tgw-sim-sched.c) */
    gint64 backoff_until; /* after a failed launch */
    /* roll */
    GArray *roll_old; /* nodes to replace */
    guint roll_surge; /* surge node launched, not yet Ready (node id + 1) */
    gboolean roll_surge_ready;
    guint32 roll_seq;
    /* addresses per node, time-weighted */
    double address_ms, pod_ms, node_ms;
    guint64 addresses_now, pods_now, nodes_now;
    guint *nodes_in_az;
    gint64 acc_since;
    guint64 peak_nodes;
} SimGroup;

typedef struct {
    const TgwClusterDef *def;
    const TgwCniDef *cni; /* settings for nodes launched now */
    TgwCniMode mode;
    guint32 retry_seq;
    guint32 ca_seq;
    gint64 ca_at;
    guint pending;     /* pods pending in this cluster */
    GArray *groups;    /* guint: indices of its node groups */
    GArray *workloads; /* guint: indices of its workloads */
    GArray *cp_addrs;  /* control-plane ENI addresses (subnet << 32 | addr packed in 64 bits) */
} SimCluster;

/* ---- consumers ---------------------------------------------------------------------------------
 */

typedef struct {
    const TgwConsumerDef *def;
    TgwHolder holder;
    gboolean active;
    guint want;    /* addresses wanted now (ALB: target) */
    GArray *addrs; /* guint64: subnet index << 32 | address */
    guint32 seq;
    guint32 eval_seq;
    gint64 lower_since; /* ALB: target below held since */
} SimConsumer;

/* ---- the run -----------------------------------------------------------------------------------
 */

typedef struct _Sim Sim;
struct _Sim {
    const TgwScenario *sc;
    TgwSimOptions opts;
    TgwEngine *engine;
    TgwRunResult *result;
    guint64 seed;
    gint64 horizon_ms;
    gboolean settling; /* building the steady state at time 0: waits are not counted */
    guint cur_kind;    /* the event being handled, for same-instant tick ordering */
    guint32 cur_id;

    GPtrArray *azs; /* char*, sorted */
    SimSubnet *subnets;
    guint n_subnets;
    SimCluster *clusters;
    SimGroup *groups;
    SimWorkload *workloads;
    SimConsumer *consumers;
    GPtrArray *nodes; /* Node*, by id (terminated ones stay, to keep ids stable) */
    GArray *pods;     /* Pod */
    guint32 free_pod; /* free list through Pod.next */
    guint live_pods;
    GPtrArray *attachment_addrs; /* per attachment: GArray of guint64 (subnet << 32 | address) */
    GPtrArray *cni_copies;       /* TgwCniDef* owned by the run (--cni overrides) */
    GPtrArray *upgrade_addrs;    /* per action index, GArray or NULL */

    /* pod statistics */
    guint64 waiting_now, pending_now, running_now;
    double wait_ms_total;
    guint64 memory_bytes; /* what the run's tables take: pods, nodes, ENIs and their slots */
    gboolean over_budget; /* stopped: memory_bytes passed opts.memory_budget */
    gint64 stopped_at_ms;
};

/* the autoscaler's back-off after a failed launch or a node that never became Ready */
#define LAUNCH_BACKOFF_MS (5 * TGW_MS_PER_MINUTE)

/* stops the run when its tables outgrow the memory budget */
void sim_check_budget(Sim *sim);

/* tgw-sim-subnet.c */
void sim_subnets_init(Sim *sim);
void sim_subnets_free(Sim *sim);
/* allocates one address in the subnet for holder; FALSE (and an exhaustion event) on failure */
gboolean sim_subnet_alloc(Sim *sim, guint subnet, TgwHolder holder, const char *request,
                          const char *requester, guint32 *out);
/* several addresses at once, all or nothing (EC2 calls are atomic) */
gboolean sim_subnet_alloc_many(Sim *sim, guint subnet, TgwHolder holder, guint count,
                               const char *request, const char *requester, guint32 *out);
/* a new ENI: its primary address and count secondary addresses (or /28 prefixes), all or nothing */
gboolean sim_subnet_alloc_eni(Sim *sim, guint subnet, guint count, gboolean prefixes,
                              const char *request, const char *requester, guint32 *primary,
                              guint32 *out);
gboolean sim_subnet_alloc_prefixes(Sim *sim, guint subnet, guint count, const char *request,
                                   const char *requester, guint32 *out);
void sim_subnet_release(Sim *sim, guint subnet, TgwHolder holder, guint32 addr);
void sim_subnet_release_prefix(Sim *sim, guint subnet, guint32 addr);
/* moves n addresses between holder counters (e.g. warm -> pods) */
void sim_subnet_move(Sim *sim, guint subnet, TgwHolder from, TgwHolder to, guint n);
void sim_subnet_record_failure(Sim *sim, guint subnet, const char *request, const char *requester);
void sim_subnets_sample(Sim *sim);
/* checks that the holder counters add up to the addresses in use */
void sim_subnets_finish(Sim *sim);
guint64 sim_subnet_free(const Sim *sim, guint subnet);

/* tgw-sim-ipamd.c */
void sim_node_ipamd_init(Sim *sim, Node *node);
void sim_node_tick(Sim *sim, guint32 id, guint32 seq);
void sim_node_ec2_done(Sim *sim, guint32 id, guint32 seq);
void sim_node_reschedule_tick(Sim *sim, Node *node);
/* gives the pod an address now if one is assignable; FALSE: it waits */
gboolean sim_node_assign_pod(Sim *sim, Node *node, guint32 pod);
void sim_node_release_pod(Sim *sim, Node *node, guint32 pod);
void sim_node_release_all(Sim *sim, Node *node);
void sim_node_free_memory(Sim *sim, Node *node);
void sim_node_settle(Sim *sim, Node *node);
void sim_eni_expire_cooldown_due(Eni *eni, gint64 now);

/* every pod start asks each of its node's ENIs; most have nothing due, and the answer comes from
 * the ENI itself without reading its queue */
static inline void
sim_eni_expire_cooldown(Eni *eni, gint64 now)
{
    if (eni->cooldown_next <= now)
        sim_eni_expire_cooldown_due(eni, now);
}

/* tgw-sim-node.c */
void sim_nodes_init(Sim *sim);
gboolean sim_group_launch(Sim *sim, guint group, gboolean instant);
void sim_node_ready(Sim *sim, guint32 id, guint32 seq);
void sim_node_make_ready(Sim *sim, Node *node);
void sim_node_terminate(Sim *sim, Node *node);
void sim_node_drain(Sim *sim, Node *node);
void sim_group_roll(Sim *sim, guint group);
void sim_roll_step(Sim *sim, guint32 group, guint32 seq);
void sim_group_scale(Sim *sim, guint group, guint min, guint max, guint desired);
void sim_group_account(Sim *sim, SimGroup *g);
static inline Node *
sim_node(Sim *sim, guint32 id)
{
    return (Node *) g_ptr_array_index(sim->nodes, id);
}

/* tgw-sim-sched.c */
void sim_sched_add_node(Sim *sim, Node *node);
void sim_sched_remove_node(Sim *sim, Node *node);
void sim_sched_update_node(Sim *sim, Node *node);
/* tries to place a pending pod; FALSE: it stays pending */
gboolean sim_sched_place(Sim *sim, guint32 pod);
void sim_sched_capacity_changed(Sim *sim, guint32 cluster);
void sim_sched_retry(Sim *sim, guint32 cluster, guint32 seq);
void sim_ca_scan(Sim *sim, guint32 cluster, guint32 seq);
void sim_ca_request_scan(Sim *sim, guint32 cluster);
void sim_scale_down_check(Sim *sim, guint32 node, guint32 seq);
void sim_node_load_changed(Sim *sim, Node *node);

/* tgw-sim-workload.c */
void sim_workloads_init(Sim *sim);
void sim_workloads_free(Sim *sim);
void sim_workloads_start(Sim *sim);
static inline Pod *
sim_pod(Sim *sim, guint32 id)
{
    return &g_array_index(sim->pods, Pod, id);
}
guint32 sim_pod_create(Sim *sim, guint32 workload, gint64 lifetime_ms);
void sim_pod_bind(Sim *sim, guint32 pod, Node *node);
void sim_pod_got_address(Sim *sim, guint32 pod);
void sim_pod_delete(Sim *sim, guint32 pod);
void sim_pod_evict(Sim *sim, guint32 pod);
void sim_pod_end(Sim *sim, guint32 pod, guint32 seq);
void sim_pod_prefetch(gpointer sim, guint32 pod, guint ahead);
void sim_pod_ready(Sim *sim, guint32 pod, guint32 seq);
void sim_job_arrival(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_scale_tick(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_set_replicas(Sim *sim, guint32 workload, const TgwReplicas *replicas);
void sim_rollout(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_reconcile(Sim *sim, guint32 workload);
void sim_daemonsets_bind(Sim *sim, Node *node);
void sim_pods_account_time(Sim *sim);

/* tgw-sim-consumer.c */
void sim_consumers_init(Sim *sim);
void sim_consumers_free(Sim *sim);
void sim_consumer_event(Sim *sim, guint32 id, guint32 seq);
void sim_alb_eval(Sim *sim, guint32 id, guint32 seq);
void sim_alb_workload_changed(Sim *sim, guint32 workload);
void sim_attachment_set(Sim *sim, const TgwAttachmentDef *a, gboolean attached);
void sim_control_plane_init(Sim *sim);
void sim_upgrade_start(Sim *sim, guint32 action);
void sim_upgrade_end(Sim *sim, guint32 action, guint32 seq);

G_END_DECLS
