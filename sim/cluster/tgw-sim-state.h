/* tgw-sim-state.h: the runtime state of one simulation run: every entity, the run itself, and
 * what the modules tell the ones above them. Data only, and the few accessors every module uses.
 *
 * The simulation is these files, each calling only the ones listed before it:
 *   tgw-subnet-pool.c   a subnet's free and used addresses (lowest free first, or EC2's random
 * pick) tgw-sim-cooldown.c  an ENI's address slots and cooldown queue (one ENI, no run)
 *   tgw-sim-subnet.c    subnets: the address pool, who holds what, peaks, exhaustion events
 *   tgw-sim-consumer.c  load balancers, MSK, endpoints, NAT, RDS, TGW ENIs, EKS control plane
 *   tgw-sim-eni.c       a node's ENIs: create, attach, detach, free, the addresses they hold
 *   tgw-sim-ipamd.c     the VPC CNI's ipamd on each node (vpc-cni.md rules 13-27)
 *   tgw-sim-node.c      node launch, readiness, draining, termination, rolls
 *   tgw-sim-sched.c     the scheduler, pending pods and the cluster autoscaler
 *   tgw-sim-workload.c  deployments, jobs, daemonsets, rollouts, pod lifecycle
 *   tgw-sim.c           set-up and wiring (SimHooks), the timeline, sampling, results
 *   tgw-sim-expect.c    the runs an expectation suite needs (tgw_sim_run_many)
 *   tgw-sim-advise.c    candidate fixes, built from the scenario file and simulated
 * Each has a header of its own (tgw-sim-subnet.h ...) for what the files above may call.
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
    /* prefix CIDR reservations: the /28s prefix delegation may carve, and only those, when the
     * subnet has any (their addresses are taken from the pool, held as in use, at the start) */
    GArray *prefix_free; /* guint32: first addresses of the reserved /28s not carved; or NULL */
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

/* ---- node groups and clusters ---------------------------------------------------------------- */

typedef struct {
    const TgwNodeGroupDef *def;
    guint32 cluster;
    GRand *rand; /* ipamd's map-order choices on its nodes */
    guint min, max, desired;
    guint count; /* nodes launching or running */
    guint launching;
    guint unready; /* launched, but their VPC CNI could not start (NODE_INIT_FAILED) */
    guint next_number;
    LoadQueue *queues;      /* per AZ: schedulable Ready nodes by load (tgw-sim-sched.c) */
    gint64 backoff_until;   /* after a failed launch or a node that never became Ready */
    gint64 backoff_ms;      /* the last back-off's length: the next doubles it */
    gint64 last_failure_ms; /* of the last failed launch, for the back-off's reset */
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
    guint64 exh_nodes, exh_pods; /* Ready nodes and running pods at the first failed allocation */
    TgwEc2Calls ec2;             /* ipamd's calls for the group's nodes (tgw-sim-ipamd.c) */
    guint64 waited_for_ip;
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

/* ---- what the modules tell the ones above them -----------------------------------------------
 * The files read bottom-up (see the list at the top): each calls only the ones below it. When a
 * lower one has to let a higher one know that something happened, it calls one of these, which
 * tgw-sim.c sets to the functions that react; so ipamd does not know that a pod with an address
 * starts, nor a node that its Ready state lets pods land on it. */
typedef struct _Sim Sim;
typedef struct {
    /* ipamd gave a pod that waited for an address its address (tgw-sim-ipamd.c): it starts */
    void (*pod_addressed)(Sim *sim, guint32 pod);
    /* ipamd came up on a node that could not start it (custom networking without an ENI yet,
     * tgw-sim-ipamd.c): the node becomes Ready */
    void (*node_initialised)(Sim *sim, Node *node);
    /* a node became Ready (tgw-sim-node.c): the scheduler takes it, daemonsets land on it */
    void (*node_ready)(Sim *sim, Node *node);
    /* a node is about to go (tgw-sim-node.c): the scheduler drops it, its pods are evicted */
    void (*node_leaving)(Sim *sim, Node *node);
    /* a cluster's room for pods changed (tgw-sim-node.c): its pending pods are tried again */
    void (*capacity_changed)(Sim *sim, guint32 cluster);
    /* the scheduler's retry found a node for a pending pod (tgw-sim-sched.c): it binds there */
    void (*pod_placed)(Sim *sim, guint32 pod, Node *node);
    /* the run's first allocation failed (tgw-sim-subnet.c): the node groups note their size */
    void (*first_exhaustion)(Sim *sim);
} SimHooks;

struct _Sim {
    const TgwScenario *sc;
    TgwSimOptions opts;
    TgwEngine *engine;
    TgwRunResult *result;
    SimHooks hooks; /* set by tgw-sim.c */
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

/* the autoscaler's back-off after a failed launch or a node that never became Ready:
 * cluster-autoscaler's node-group back-off starts at 5 minutes (--initial-node-group-backoff-
 * duration), doubles with each failure up to 30 minutes (--max-node-group-backoff-duration) and
 * starts over after 3 hours without one (--node-group-backoff-reset-timeout) */
#define LAUNCH_BACKOFF_MS       (5 * TGW_MS_PER_MINUTE)
#define LAUNCH_BACKOFF_MAX_MS   (30 * TGW_MS_PER_MINUTE)
#define LAUNCH_BACKOFF_RESET_MS (3 * TGW_MS_PER_HOUR)

/* stops the run when its tables outgrow the memory budget */
static inline void
sim_check_budget(Sim *sim)
{
    /* the pending events are the other table that grows with the pods */
    guint64 bytes = sim->memory_bytes + (guint64) tgw_engine_pending(sim->engine) * 16;
    if (sim->opts.memory_budget > 0 && bytes > sim->opts.memory_budget && !sim->over_budget) {
        sim->over_budget = TRUE;
        sim->stopped_at_ms = tgw_engine_now(sim->engine);
        tgw_engine_stop(sim->engine);
    }
}

/* adds the time since the last change to a node group's time-weighted addresses, pods and nodes;
 * called before any of the three counts changes */
static inline void
sim_group_account(Sim *sim, SimGroup *g)
{
    gint64 now = tgw_engine_now(sim->engine);
    double dt = (double) (now - g->acc_since);
    g->address_ms += (double) g->addresses_now * dt;
    g->pod_ms += (double) g->pods_now * dt;
    g->node_ms += (double) g->nodes_now * dt;
    g->acc_since = now;
}

static inline Node *
sim_node(Sim *sim, guint32 id)
{
    return (Node *) g_ptr_array_index(sim->nodes, id);
}

static inline Pod *
sim_pod(Sim *sim, guint32 id)
{
    return &g_array_index(sim->pods, Pod, id);
}

G_END_DECLS
