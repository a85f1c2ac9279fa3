/* tgw-sim-sched.c: the scheduler, pending pods and the cluster autoscaler.
 *
 * Scheduling rule (a simplification of the default kube-scheduler, which spreads pods over zones
 * with its default topology-spread constraints and then prefers the least allocated node):
 *   1. feasible nodes are Ready, not cordoned, in an allowed node group, with room for the pod's
 *      CPU and memory requests and fewer pods than the kubelet's max pods;
 *   2. zones are tried in order of fewest pods of the pod's workload (ties: zone name);
 *   3. in a zone the node with the lowest load wins, load being its most used share of CPU,
 *      memory and max pods, counted in steps of 0.1 % (in a step: the node that reached it
 *      first; between node groups: the lower exact load, then the lower node id).
 * Each (node group, zone) keeps its nodes in buckets by load (below), so a placement costs about
 * as much as the few nodes it looks at.
 *
 * Autoscaler rule (cluster-autoscaler, simplified): it scans every scan-interval while pods are
 * pending; for pods pending at least scale-up-delay it adds the nodes their requests need to the
 * first node group that fits them, counting nodes already launching. A node whose non-daemonset
 * requests stay below scale-down-utilization for scale-down-delay is drained and removed, down to
 * the group's min. A failed launch backs the group off for 5 minutes. */
#include <math.h>
#include <string.h>

#include "tgw-sim-sched.h"

#include "tgw-sim-ipamd.h"
#include "tgw-sim-node.h"

/* ---- load queues ------------------------------------------------------------------------------
 * Per (node group, zone) the schedulable nodes sit in buckets of 0.1 % load, first in, first out
 * within a bucket: a pod start or stop moves its node in O(1), and the least loaded node is the
 * head of the lowest non-empty bucket. (Loads are mostly quantized by pod counts, so a heap spent
 * its time sifting past nodes of equal load.) */

static guint
load_bucket(gint64 load)
{
    return (guint) MIN(load / 1000, (gint64) (TGW_LOAD_BUCKETS - 1));
}

static LoadQueue *
node_queue(Sim *sim, Node *n)
{
    return &sim->groups[n->group].queues[sim->subnets[n->subnet].az];
}

static void
queue_insert(Sim *sim, LoadQueue *q, Node *n)
{
    guint b = load_bucket(n->load);
    n->bucket = b;
    n->bnext = NONE;
    n->bprev = q->tail[b];
    if (q->tail[b] != NONE)
        sim_node(sim, q->tail[b])->bnext = n->id;
    else
        q->head[b] = n->id;
    q->tail[b] = n->id;
    q->nonempty[b / 64] |= G_GUINT64_CONSTANT(1) << (b % 64);
    q->count++;
}

static void
queue_remove(Sim *sim, LoadQueue *q, Node *n)
{
    guint b = n->bucket;
    if (n->bprev != NONE)
        sim_node(sim, n->bprev)->bnext = n->bnext;
    else
        q->head[b] = n->bnext;
    if (n->bnext != NONE)
        sim_node(sim, n->bnext)->bprev = n->bprev;
    else
        q->tail[b] = n->bprev;
    if (q->head[b] == NONE)
        q->nonempty[b / 64] &= ~(G_GUINT64_CONSTANT(1) << (b % 64));
    n->bucket = NONE;
    q->count--;
}

static void
load_queue_init(LoadQueue *q)
{
    for (guint b = 0; b < TGW_LOAD_BUCKETS; b++)
        q->head[b] = q->tail[b] = NONE;
    memset(q->nonempty, 0, sizeof q->nonempty);
    q->count = 0;
}

void
sim_sched_init(Sim *sim)
{
    for (guint i = 0; i < sim->sc->node_groups->len; i++) {
        SimGroup *g = &sim->groups[i];
        g->queues = g_new(LoadQueue, sim->azs->len);
        for (guint a = 0; a < sim->azs->len; a++)
            load_queue_init(&g->queues[a]);
    }
}

/* parts per million of the most used of CPU, memory and max pods; the scales are 1e6 / capacity,
 * computed once per node, so that this runs on every pod start and stop without a division */
static gint64
node_load(const Node *n)
{
    double load = (double) n->cpu_used * n->cpu_scale;
    load = MAX(load, (double) n->mem_used * n->mem_scale);
    load = MAX(load, (double) n->n_pods * n->pod_scale);
    return (gint64) load;
}

void
sim_sched_add_node(Sim *sim, Node *n)
{
    if (n->bucket != NONE || n->cordoned || n->state != NODE_READY)
        return;
    n->load = node_load(n);
    queue_insert(sim, node_queue(sim, n), n);
}

void
sim_sched_remove_node(Sim *sim, Node *n)
{
    if (n->bucket == NONE)
        return;
    queue_remove(sim, node_queue(sim, n), n);
}

void
sim_sched_update_node(Sim *sim, Node *n)
{
    gint64 load = node_load(n);
    n->load = load;
    if (n->bucket == NONE || load_bucket(load) == n->bucket)
        return;
    queue_remove(sim, node_queue(sim, n), n);
    queue_insert(sim, node_queue(sim, n), n);
}

/* ---- placement ----------------------------------------------------------------------------- */

static gboolean
fits(const Node *n, const TgwWorkloadDef *w)
{
    return n->state == NODE_READY && !n->cordoned && n->n_pods < n->lim.max_pods &&
           n->cpu_used + w->cpu_m <= n->cpu_cap && n->mem_used + w->memory_bytes <= n->mem_cap;
}

/* the least loaded fitting node of one queue, or NULL: the non-empty buckets in order */
static Node *
best_in_queue(Sim *sim, LoadQueue *q, const TgwWorkloadDef *w)
{
    for (guint word = 0; word < G_N_ELEMENTS(q->nonempty); word++) {
        /* GLib's g_bit_nth_lsf walks bit by bit; count-trailing-zeros jumps to the next bucket */
        for (guint64 bits = q->nonempty[word]; bits != 0; bits &= bits - 1) {
            guint bit = (guint) __builtin_ctzll(bits);
            for (guint32 id = q->head[word * 64 + bit]; id != NONE;) {
                Node *n = sim_node(sim, id);
                if (fits(n, w))
                    return n;
                id = n->bnext;
            }
        }
    }
    return NULL;
}

static gboolean
less_loaded(const Node *a, const Node *b)
{
    return a->load != b->load ? a->load < b->load : a->id < b->id;
}

static gboolean
group_allowed(Sim *sim, const SimWorkload *w, guint group)
{
    return w->def->node_group == NULL || w->def->node_group->index == group;
}

Node *
sim_sched_place(Sim *sim, guint32 pod_id)
{
    Pod *pod = sim_pod(sim, pod_id);
    SimWorkload *w = &sim->workloads[pod->workload];
    SimCluster *c = &sim->clusters[w->cluster];
    guint n_azs = sim->azs->len;
    guint order[64];

    g_assert(n_azs <= G_N_ELEMENTS(order));
    for (guint a = 0; a < n_azs; a++) {
        guint j = a;
        order[a] = a;
        while (j > 0 && w->pods_in_az[order[j - 1]] > w->pods_in_az[order[j]]) {
            guint t = order[j - 1];
            order[j - 1] = order[j];
            order[j] = t;
            j--;
        }
    }
    for (guint k = 0; k < n_azs; k++) {
        Node *best = NULL;
        for (guint i = 0; i < c->groups->len; i++) {
            guint group = g_array_index(c->groups, guint, i);
            Node *cand = NULL;
            if (!group_allowed(sim, w, group))
                continue;
            cand = best_in_queue(sim, &sim->groups[group].queues[order[k]], w->def);
            if (cand != NULL && (best == NULL || less_loaded(cand, best)))
                best = cand;
        }
        if (best != NULL)
            return best;
    }
    return NULL;
}

void
sim_sched_capacity_changed(Sim *sim, guint32 cluster)
{
    SimCluster *c = &sim->clusters[cluster];
    if (c->pending == 0 || c->retry_seq != 0)
        return;
    c->retry_seq =
        tgw_engine_schedule(sim->engine, tgw_engine_now(sim->engine), EV_SCHED_RETRY, cluster);
}

void
sim_sched_retry(Sim *sim, guint32 cluster, guint32 seq)
{
    SimCluster *c = &sim->clusters[cluster];
    if (seq != c->retry_seq)
        return;
    c->retry_seq = 0;
    for (guint i = 0; i < c->workloads->len; i++) {
        SimWorkload *w = &sim->workloads[g_array_index(c->workloads, guint, i)];
        while (w->pending_head < w->pending->len) {
            guint32 pod = g_array_index(w->pending, guint32, w->pending_head);
            Pod *p = sim_pod(sim, pod);
            Node *n = NULL;
            if (p->state != POD_PENDING || p->workload != (guint32) (w - sim->workloads)) {
                w->pending_head++; /* deleted while pending */
                continue;
            }
            n = sim_sched_place(sim, pod);
            if (n == NULL)
                break; /* identical pods: if this one does not fit, the next will not either */
            sim->hooks.pod_placed(sim, pod, n);
            w->pending_head++;
        }
        if (w->pending_head > 0 && w->pending_head == w->pending->len) {
            g_array_set_size(w->pending, 0);
            w->pending_head = 0;
        }
    }
}

/* ---- cluster autoscaler -----------------------------------------------------------------------
 */

void
sim_ca_request_scan(Sim *sim, guint32 cluster)
{
    SimCluster *c = &sim->clusters[cluster];
    const TgwAutoscalerDef *ca = c->def->autoscaler;
    gint64 now = tgw_engine_now(sim->engine), at = 0;
    if (!ca->enabled || c->pending == 0)
        return;
    /* the autoscaler's loop runs on a fixed grid */
    at = ((now + ca->scan_interval_ms - 1) / ca->scan_interval_ms) * ca->scan_interval_ms;
    if (at == now)
        at += ca->scan_interval_ms;
    if (c->ca_seq != 0 && c->ca_at <= at)
        return;
    c->ca_at = at;
    c->ca_seq = tgw_engine_schedule(sim->engine, at, EV_CA_SCAN, cluster);
}

/* the node group that takes a workload's pods when the autoscaler adds capacity */
static gint
target_group(Sim *sim, SimCluster *c, const SimWorkload *w)
{
    for (guint i = 0; i < c->groups->len; i++) {
        guint group = g_array_index(c->groups, guint, i);
        const TgwNodeGroupDef *def = sim->groups[group].def;
        if (!group_allowed(sim, w, group))
            continue;
        if (w->def->cpu_m <= def->cpu_m && w->def->memory_bytes <= def->memory_bytes)
            return (gint) group;
    }
    return -1;
}

void
sim_ca_scan(Sim *sim, guint32 cluster, guint32 seq)
{
    SimCluster *c = &sim->clusters[cluster];
    const TgwAutoscalerDef *ca = c->def->autoscaler;
    gint64 now = tgw_engine_now(sim->engine);
    guint n_groups = sim->sc->node_groups->len;
    g_autofree double *cpu = g_new0(double, n_groups);
    g_autofree double *mem = g_new0(double, n_groups);
    g_autofree double *pods = g_new0(double, n_groups);
    gboolean waiting_for_delay = FALSE, backed_off = FALSE;

    if (seq != c->ca_seq)
        return;
    c->ca_seq = 0;
    for (guint i = 0; i < c->workloads->len; i++) {
        SimWorkload *w = &sim->workloads[g_array_index(c->workloads, guint, i)];
        guint count = 0;
        gint g = -1;
        for (guint k = w->pending_head; k < w->pending->len; k++) {
            Pod *p = sim_pod(sim, g_array_index(w->pending, guint32, k));
            if (p->state != POD_PENDING)
                continue;
            if (now - p->since_ms < ca->scale_up_delay_ms) {
                waiting_for_delay = TRUE;
                continue;
            }
            count++;
        }
        if (count == 0 || (g = target_group(sim, c, w)) < 0)
            continue;
        cpu[g] += (double) count * (double) w->def->cpu_m;
        mem[g] += (double) count * (double) w->def->memory_bytes;
        pods[g] += count;
    }
    for (guint i = 0; i < c->groups->len; i++) {
        guint group = g_array_index(c->groups, guint, i);
        SimGroup *g = &sim->groups[group];
        const TgwNodeGroupDef *def = g->def;
        guint max_pods = 0;
        double need = 0;
        guint launch = 0;
        if (pods[group] == 0)
            continue;
        max_pods = def->max_pods > 0 ? def->max_pods : 110;
        for (guint32 id = 0; id < sim->nodes->len && def->max_pods == 0; id++) {
            Node *n = sim_node(sim, id);
            if (n->group == group && n->state != NODE_TERMINATED) {
                max_pods = n->lim.max_pods;
                break;
            }
        }
        if (def->cpu_m > 0)
            need = MAX(need, cpu[group] / (double) def->cpu_m);
        if (def->memory_bytes > 0)
            need = MAX(need, mem[group] / (double) def->memory_bytes);
        need = MAX(need, pods[group] / (double) MAX(max_pods, 1u));
        launch = (guint) ceil(need - 1e-9);
        /* nodes launching, and launched but not Ready (their CNI could not start yet), are
         * coming: cluster-autoscaler counts them until max-node-provision-time */
        launch = launch > g->launching + g->unready ? launch - g->launching - g->unready : 0;
        for (guint k = 0; k < launch; k++) {
            if (!sim_group_launch(sim, group, FALSE)) {
                backed_off = now < g->backoff_until;
                break;
            }
        }
    }
    if (waiting_for_delay)
        sim_ca_request_scan(sim, cluster);
    if (backed_off) {
        /* try again when the back-off ends */
        gint64 until = G_MAXINT64;
        for (guint i = 0; i < c->groups->len; i++)
            until = MIN(until, sim->groups[g_array_index(c->groups, guint, i)].backoff_until);
        if (until > now && until <= sim->horizon_ms && (c->ca_seq == 0 || c->ca_at > until)) {
            c->ca_at = until;
            c->ca_seq = tgw_engine_schedule(sim->engine, until, EV_CA_SCAN, cluster);
        }
    }
}

void
sim_node_load_changed(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];
    const TgwAutoscalerDef *ca = sim->clusters[g->cluster].def->autoscaler;
    double util = 0;

    if (!ca->enabled || n->state != NODE_READY || n->cordoned) {
        n->scale_down_seq = 0;
        return;
    }
    util = MAX((double) (n->cpu_used - n->ds_cpu) * n->cpu_scale,
               (double) (n->mem_used - n->ds_mem) * n->mem_scale) /
           1e6;
    if (util >= ca->scale_down_utilization) {
        n->scale_down_seq = 0;
    } else if (n->scale_down_seq == 0) {
        n->scale_down_seq =
            tgw_engine_schedule(sim->engine, tgw_engine_now(sim->engine) + ca->scale_down_delay_ms,
                                EV_SCALE_DOWN, n->id);
    }
}

/* counts a node removed for never becoming Ready; the first one is named with the reason */
static void
node_never_ready(Sim *sim, const Node *n)
{
    TgwNodeStats *st = &sim->result->nodes;
    if (st->never_ready++ > 0)
        return;
    st->first_never_ready_ms = tgw_engine_now(sim->engine);
    st->first_never_ready_node = g_strdup(n->name);
    st->first_never_ready_reason = sim_node_init_failure(sim, n);
}

void
sim_scale_down_check(Sim *sim, guint32 id, guint32 seq)
{
    Node *n = sim_node(sim, id);
    SimGroup *g = &sim->groups[n->group];
    SimCluster *c = &sim->clusters[g->cluster];

    if (seq != n->scale_down_seq)
        return;
    n->scale_down_seq = 0;
    if (n->state == NODE_INIT_FAILED) {
        /* never became Ready: removed, and the group backs off before trying again */
        node_never_ready(sim, n);
        sim_group_back_off(sim, g);
        sim_node_terminate(sim, n);
        if (c->pending > 0 && g->backoff_until <= sim->horizon_ms) {
            c->ca_at = g->backoff_until;
            c->ca_seq = tgw_engine_schedule(sim->engine, g->backoff_until, EV_CA_SCAN, g->cluster);
        }
        return;
    }
    /* not below min, not during a roll, not while pods wait for room (they would need it) */
    if (g->count <= g->min || (g->roll_old != NULL && g->roll_old->len > 0) || c->pending > 0) {
        sim_node_load_changed(sim, n);
        return;
    }
    sim_node_drain(sim, n);
}
