/* tgw-sim-workload.c: workloads and the life of a pod.
 *
 * Deployments keep their desired replicas (a constant, a daily cycle re-evaluated every minute,
 * or what the timeline sets); a pod whose lifetime ends is replaced, as a ReplicaSet would.
 * Rolling updates follow the Deployment controller's arithmetic: at most replicas + maxSurge pods,
 * at least replicas - maxUnavailable available, old pods removed as new ones become ready (an
 * address plus the start-up time). The surge pods take addresses before the old ones leave, and
 * the old ones' addresses then sit in cooldown: a classic exhaustion trigger. Jobs arrive as a
 * Poisson process and end after their lifetime. Daemonsets run one pod per node; host-network
 * pods take no address.
 *
 * Every random draw of a workload comes from its own stream (arrival gaps, lifetimes), drawn when
 * a pod is created, so two CNI modes see the same arrivals and lifetimes. */
#include <math.h>

#include "tgw-rng.h"
#include "tgw-sim-consumer.h"
#include "tgw-sim-ipamd.h"
#include "tgw-sim-sched.h"
#include "tgw-sim-workload.h"

#define SCALE_EVERY_MS TGW_MS_PER_MINUTE

static void daemonset_bind_one(Sim *sim, guint32 workload, Node *n);

static gint64
now_ms(Sim *sim)
{
    return tgw_engine_now(sim->engine);
}

static gboolean
is_new(const SimWorkload *w, const Pod *p)
{
    return p->revision == w->revision;
}

static void
count_pod(SimWorkload *w, const Pod *p, int delta)
{
    if (is_new(w, p)) {
        w->new_total += delta;
        if (p->ready)
            w->new_ready += delta;
    } else {
        w->old_total += delta;
        if (p->ready)
            w->old_ready += delta;
    }
}

/* the gap to the next job: exponential, so arrivals are a Poisson process */
static gint64
arrival_gap(SimWorkload *w)
{
    double gap_ms = -log(1.0 - g_rand_double(w->rand)) * 1000.0 / w->def->arrivals_per_s;
    return MAX((gint64) (MIN(gap_ms, (double) TGW_MAX_DURATION_MS) + 0.5), 1);
}

static gint64
sample_lifetime(SimWorkload *w)
{
    return w->def->has_lifetime ? tgw_distribution_sample(&w->def->lifetime, w->rand) : -1;
}

/* the workload's next event of a kind after delay_ms, unless that is past the horizon */
static void
schedule_within_horizon(Sim *sim, guint32 workload, gint64 delay_ms, guint kind)
{
    gint64 at = now_ms(sim) + delay_ms;
    if (at <= sim->horizon_ms)
        tgw_engine_schedule(sim->engine, at, kind, workload);
}

guint32
sim_pod_create(Sim *sim, guint32 workload, gint64 lifetime_ms)
{
    SimWorkload *w = &sim->workloads[workload];
    SimCluster *c = &sim->clusters[w->cluster];
    guint32 id = 0;
    Pod *p = NULL;

    if (sim->free_pod != NONE) {
        id = sim->free_pod;
        sim->free_pod = sim_pod(sim, id)->next;
    } else {
        Pod blank = {0};
        id = sim->pods->len;
        g_array_append_val(sim->pods, blank);
        sim->memory_bytes += sizeof(Pod);
        sim_check_budget(sim);
    }
    p = sim_pod(sim, id);
    *p = (Pod){0};
    p->workload = workload;
    p->node = NONE;
    p->eni_slot = NONE;
    p->lifetime_ms = lifetime_ms;
    p->since_ms = now_ms(sim);
    p->revision = w->revision;
    p->state = POD_PENDING;
    p->prev = w->tail;
    p->next = NONE;
    if (w->tail != NONE)
        sim_pod(sim, w->tail)->next = id;
    else
        w->head = id;
    w->tail = id;
    w->live++;
    count_pod(w, p, +1);
    sim->live_pods++;
    sim->result->peak_live_pods = MAX(sim->result->peak_live_pods, sim->live_pods);
    sim->pending_now++;
    c->pending++;
    return id;
}

static void
pod_became_pending(Sim *sim, guint32 id)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = &sim->workloads[p->workload];
    TgwPodStats *st = &sim->result->pods;
    g_array_append_val(w->pending, id);
    if (!p->counted_pending) {
        p->counted_pending = TRUE;
        st->unschedulable++;
    }
    st->max_unschedulable = MAX(st->max_unschedulable, sim->pending_now);
    sim_ca_request_scan(sim, w->cluster);
}

/* creates a pod and tries to place it */
static guint32
spawn(Sim *sim, guint32 workload, gint64 lifetime_ms)
{
    guint32 id = sim_pod_create(sim, workload, lifetime_ms);
    Node *n = sim_sched_place(sim, id);
    if (n != NULL)
        sim_pod_bind(sim, id, n);
    else
        pod_became_pending(sim, id);
    return id;
}

void
sim_pod_got_address(Sim *sim, guint32 id)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = &sim->workloads[p->workload];
    TgwPodStats *st = &sim->result->pods;
    gint64 now = now_ms(sim);

    if (p->state == POD_WAITING) {
        sim->waiting_now--;
        if (p->counted_wait)
            sim->wait_ms_total += (double) (now - p->since_ms);
    }
    p->state = POD_RUNNING;
    p->since_ms = now;
    st->started++;
    sim->running_now++;
    st->peak_running = MAX(st->peak_running, sim->running_now);
    if (p->lifetime_ms >= 0)
        p->timer_seq = tgw_engine_schedule(sim->engine, now + p->lifetime_ms, EV_POD_END, id);
    if (w->def->kind == TGW_WORKLOAD_DEPLOYMENT && w->def->rollout_every_ms > 0 &&
        w->def->startup_ms > 0) {
        p->ready_seq = tgw_engine_schedule(sim->engine, now + w->def->startup_ms, EV_POD_READY, id);
    } else {
        count_pod(w, p, -1);
        p->ready = TRUE;
        count_pod(w, p, +1);
    }
}

void
sim_pod_bind(Sim *sim, guint32 id, Node *n)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = &sim->workloads[p->workload];
    SimGroup *g = &sim->groups[n->group];
    TgwPodStats *st = &sim->result->pods;

    if (p->state == POD_PENDING) {
        sim->pending_now--;
        sim->clusters[w->cluster].pending--;
    }
    p->node = n->id;
    n->n_pods++;
    n->cpu_used += w->def->cpu_m;
    n->mem_used += w->def->memory_bytes;
    if (w->def->kind == TGW_WORKLOAD_DAEMONSET) {
        n->ds_cpu += w->def->cpu_m;
        n->ds_mem += w->def->memory_bytes;
    }
    w->pods_in_az[sim->subnets[n->subnet].az]++;
    sim_group_account(sim, g);
    g->pods_now++;
    sim_sched_update_node(sim, n);
    sim_node_load_changed(sim, n);
    p->since_ms = now_ms(sim);
    if (w->def->host_network) {
        sim_pod_got_address(sim, id);
        return;
    }
    if (sim_node_assign_pod(sim, n, id)) {
        sim_pod_got_address(sim, id);
        sim_node_reschedule_tick(sim, n); /* fewer available addresses: the pool may be low now */
        return;
    }
    /* rule 31: "failed to assign an IP address to container"; the pod waits for a later tick */
    p->state = POD_WAITING;
    g_array_append_val(n->waiting, id);
    sim->waiting_now++;
    if (!sim->settling && !p->counted_wait) {
        p->counted_wait = TRUE;
        st->waited_for_ip++;
        sim->groups[n->group].waited_for_ip++;
    }
    st->max_waiting_for_ip = MAX(st->max_waiting_for_ip, sim->waiting_now);
    sim_node_reschedule_tick(sim, n);
}

/* takes the pod off its node (or out of the pending queue) */
static void
unbind(Sim *sim, guint32 id)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = &sim->workloads[p->workload];
    gint64 now = now_ms(sim);

    if (p->state == POD_PENDING) {
        sim->pending_now--;
        sim->clusters[w->cluster].pending--;
        return; /* its queue entry is skipped when met */
    }
    if (p->node != NONE) {
        Node *n = sim_node(sim, p->node);
        SimGroup *g = &sim->groups[n->group];
        if (p->state == POD_WAITING) {
            sim->waiting_now--;
            if (p->counted_wait)
                sim->wait_ms_total += (double) (now - p->since_ms);
        } else if (p->state == POD_RUNNING) {
            sim->running_now--;
            if (p->eni_slot != NONE)
                sim_node_release_pod(sim, n, id);
        }
        n->n_pods--;
        n->cpu_used -= w->def->cpu_m;
        n->mem_used -= w->def->memory_bytes;
        if (w->def->kind == TGW_WORKLOAD_DAEMONSET) {
            n->ds_cpu -= w->def->cpu_m;
            n->ds_mem -= w->def->memory_bytes;
        }
        w->pods_in_az[sim->subnets[n->subnet].az]--;
        sim_group_account(sim, g);
        g->pods_now--;
        sim_sched_update_node(sim, n);
        sim_node_load_changed(sim, n);
        sim_sched_capacity_changed(sim, w->cluster);
    }
}

void
sim_pod_delete(Sim *sim, guint32 id)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = &sim->workloads[p->workload];

    unbind(sim, id);
    p = sim_pod(sim, id);
    count_pod(w, p, -1);
    if (p->prev != NONE)
        sim_pod(sim, p->prev)->next = p->next;
    else
        w->head = p->next;
    if (p->next != NONE)
        sim_pod(sim, p->next)->prev = p->prev;
    else
        w->tail = p->prev;
    w->live--;
    sim->live_pods--;
    p->state = POD_FREE;
    p->timer_seq = 0;
    p->ready_seq = 0;
    p->next = sim->free_pod;
    sim->free_pod = id;
}

/* a pod pushed off its node: its controller recreates it (a job keeps its remaining run time) */
void
sim_pod_evict(Sim *sim, guint32 id)
{
    Pod *p = sim_pod(sim, id);
    guint32 workload = p->workload;
    SimWorkload *w = &sim->workloads[workload];
    gint64 remaining = -1;

    if (p->lifetime_ms >= 0 && p->state == POD_RUNNING)
        remaining = MAX(p->lifetime_ms - (now_ms(sim) - p->since_ms), 1);
    else
        remaining = p->lifetime_ms;
    sim_pod_delete(sim, id);
    if (w->def->kind == TGW_WORKLOAD_JOB)
        spawn(sim, workload, remaining);
    else if (w->def->kind == TGW_WORKLOAD_DEPLOYMENT)
        sim_workload_reconcile(sim, workload);
}

/* the engine's hint that pod id ends soon: two events ahead, the pod; one ahead (the pod is at
 * hand by then), its node's counters and its ENI, so that sim_pod_end's chain of dependent loads
 * pod -> node -> ENI starts with all three in cache */
void
sim_pod_prefetch(gpointer data, guint32 id, guint ahead)
{
    Sim *sim = data;
    const Pod *p = NULL;

    if (id >= sim->pods->len)
        return;
    p = sim_pod(sim, id);
    if (ahead > 0) {
        __builtin_prefetch(p);
        return;
    }
    if (p->node != NONE && p->node < sim->nodes->len) {
        /* Node's first 256 bytes: the counters a pod's start and stop read and write */
        const Node *n = sim_node(sim, p->node);
        __builtin_prefetch(n);
        __builtin_prefetch((const char *) n + 64);
        __builtin_prefetch((const char *) n + 128);
        __builtin_prefetch((const char *) n + 192);
    }
    if (p->eni != NULL)
        __builtin_prefetch(p->eni);
}

void
sim_pod_end(Sim *sim, guint32 id, guint32 seq)
{
    Pod *p = sim_pod(sim, id);
    guint32 workload = p->workload;
    if (p->state == POD_FREE || seq != p->timer_seq)
        return;
    sim_pod_delete(sim, id);
    if (sim->workloads[workload].def->kind == TGW_WORKLOAD_DEPLOYMENT)
        sim_workload_reconcile(sim, workload);
}

void
sim_pod_ready(Sim *sim, guint32 id, guint32 seq)
{
    Pod *p = sim_pod(sim, id);
    SimWorkload *w = NULL;
    if (p->state != POD_RUNNING || seq != p->ready_seq)
        return;
    w = &sim->workloads[p->workload];
    count_pod(w, p, -1);
    p->ready = TRUE;
    count_pod(w, p, +1);
    if (w->rolling)
        sim_workload_reconcile(sim, p->workload);
}

/* picks the pod a scale-down removes: not yet running first, then the newest */
static guint32
victim(Sim *sim, SimWorkload *w, gboolean old_only)
{
    guint32 newest = NONE;
    for (guint32 id = w->tail; id != NONE; id = sim_pod(sim, id)->prev) {
        Pod *p = sim_pod(sim, id);
        if (old_only && is_new(w, p))
            continue;
        if (p->state != POD_RUNNING || !p->ready)
            return id;
        if (newest == NONE)
            newest = id;
    }
    return newest;
}

void
sim_workload_reconcile(Sim *sim, guint32 workload)
{
    SimWorkload *w = &sim->workloads[workload];
    gint64 desired = w->desired;

    if (w->def->kind != TGW_WORKLOAD_DEPLOYMENT)
        return;
    if (!w->rolling) {
        while ((gint64) w->live < desired && !sim->over_budget)
            spawn(sim, workload, sample_lifetime(w));
        while ((gint64) w->live > desired)
            sim_pod_delete(sim, victim(sim, w, FALSE));
        return;
    }
    /* a rolling update: the Deployment controller's bounds */
    {
        gint64 surge = tgw_count_or_percent_resolve(&w->def->max_surge, desired, TRUE);
        gint64 unavailable = tgw_count_or_percent_resolve(&w->def->max_unavailable, desired, FALSE);
        gint64 max_total = 0, min_available = 0, can_create = 0, can_delete = 0;
        if (surge == 0 && unavailable == 0)
            unavailable = 1;
        max_total = desired + surge;
        min_available = MAX(desired - unavailable, 0);
        can_create = MIN(max_total - (gint64) (w->new_total + w->old_total),
                         desired - (gint64) w->new_total);
        for (gint64 i = 0; i < can_create; i++)
            spawn(sim, workload, sample_lifetime(w));
        /* old pods that are not available can always go; the others as availability allows */
        can_delete = (gint64) (w->new_ready + w->old_ready) - min_available;
        while (w->old_total > 0) {
            guint32 id = victim(sim, w, TRUE);
            Pod *p = sim_pod(sim, id);
            gboolean available = p->state == POD_RUNNING && p->ready;
            if (available && can_delete <= 0)
                break;
            if (available)
                can_delete--;
            sim_pod_delete(sim, id);
        }
        if (w->old_total == 0 && (gint64) w->new_total >= desired) {
            w->rolling = FALSE;
            while ((gint64) w->live > desired)
                sim_pod_delete(sim, victim(sim, w, FALSE));
        }
    }
}

void
sim_rollout(Sim *sim, guint32 workload, guint32 seq)
{
    SimWorkload *w = &sim->workloads[workload];
    (void) seq;
    schedule_within_horizon(sim, workload, w->def->rollout_every_ms, EV_ROLLOUT);
    if (w->desired == 0)
        return;
    /* every existing pod becomes "old" */
    w->revision++;
    w->old_total += w->new_total;
    w->old_ready += w->new_ready;
    w->new_total = w->new_ready = 0;
    w->rolling = TRUE;
    sim_workload_reconcile(sim, workload);
}

void
sim_workload_set_replicas(Sim *sim, guint32 workload, const TgwReplicas *replicas)
{
    SimWorkload *w = &sim->workloads[workload];
    w->replicas = *replicas;
    w->desired = tgw_replicas_at(&w->replicas, now_ms(sim));
    if (w->replicas.kind == TGW_REPLICAS_DAILY && w->scale_seq == 0)
        w->scale_seq = tgw_engine_schedule(sim->engine, now_ms(sim) + SCALE_EVERY_MS,
                                           EV_WORKLOAD_SCALE, workload);
    sim_workload_reconcile(sim, workload);
    sim_alb_workload_changed(sim, workload);
}

/* the daily cycle, re-evaluated every minute (as a horizontal autoscaler would follow load) */
void
sim_workload_scale_tick(Sim *sim, guint32 workload, guint32 seq)
{
    SimWorkload *w = &sim->workloads[workload];
    gint64 now = now_ms(sim), desired = 0;
    if (seq != w->scale_seq)
        return;
    w->scale_seq = 0;
    if (!w->started) {
        /* a workload that starts later than the scenario */
        w->started = TRUE;
        if (w->def->kind == TGW_WORKLOAD_DAEMONSET) {
            for (guint32 id = 0; id < sim->nodes->len; id++) {
                Node *n = sim_node(sim, id);
                if (n->state == NODE_READY)
                    daemonset_bind_one(sim, workload, n);
            }
            return;
        }
        if (w->def->kind == TGW_WORKLOAD_JOB) {
            if (w->def->arrivals_per_s > 0)
                schedule_within_horizon(sim, workload, arrival_gap(w), EV_JOB_ARRIVAL);
            return;
        }
        if (w->def->rollout_every_ms > 0)
            schedule_within_horizon(sim, workload, w->def->rollout_every_ms, EV_ROLLOUT);
    }
    if (w->def->kind != TGW_WORKLOAD_DEPLOYMENT)
        return;
    if (w->replicas.kind == TGW_REPLICAS_DAILY)
        w->scale_seq =
            tgw_engine_schedule(sim->engine, now + SCALE_EVERY_MS, EV_WORKLOAD_SCALE, workload);
    desired = tgw_replicas_at(&w->replicas, now);
    if (desired != w->desired) {
        w->desired = desired;
        sim_workload_reconcile(sim, workload);
        sim_alb_workload_changed(sim, workload);
    } else if ((gint64) w->live != desired) {
        sim_workload_reconcile(sim, workload);
    }
}

void
sim_job_arrival(Sim *sim, guint32 workload, guint32 seq)
{
    SimWorkload *w = &sim->workloads[workload];
    gint64 lifetime = sample_lifetime(w); /* drawn before the next gap */
    (void) seq;
    schedule_within_horizon(sim, workload, arrival_gap(w), EV_JOB_ARRIVAL);
    spawn(sim, workload, lifetime);
}

static void
daemonset_bind_one(Sim *sim, guint32 workload, Node *n)
{
    SimWorkload *w = &sim->workloads[workload];
    guint32 id = 0;
    if (w->def->node_group != NULL && w->def->node_group->index != n->group)
        return;
    id = sim_pod_create(sim, workload, -1);
    sim_pod_bind(sim, id, n);
}

void
sim_daemonsets_bind(Sim *sim, Node *n)
{
    SimCluster *c = &sim->clusters[sim->groups[n->group].cluster];
    for (guint i = 0; i < c->workloads->len; i++) {
        guint32 workload = g_array_index(c->workloads, guint, i);
        SimWorkload *w = &sim->workloads[workload];
        if (w->def->kind == TGW_WORKLOAD_DAEMONSET && w->started)
            daemonset_bind_one(sim, workload, n);
    }
}

void
sim_workloads_init(Sim *sim)
{
    const TgwScenario *sc = sim->sc;
    sim->pods = g_array_new(FALSE, FALSE, sizeof(Pod));
    sim->free_pod = NONE;
    sim->workloads = g_new0(SimWorkload, sc->workloads->len);
    for (guint i = 0; i < sc->workloads->len; i++) {
        SimWorkload *w = &sim->workloads[i];
        g_autofree char *stream = NULL;
        w->def = sc->workloads->pdata[i];
        w->cluster = w->def->cluster->index;
        stream = g_strdup_printf("workload/%s/%s", w->def->cluster->name, w->def->name);
        w->rand = tgw_rng_stream(sim->seed, stream);
        w->head = w->tail = NONE;
        w->replicas = w->def->replicas;
        w->pending = g_array_new(FALSE, FALSE, sizeof(guint32));
        w->pods_in_az = g_new0(guint, sim->azs->len);
        w->started = w->def->start_ms == 0;
        g_array_append_val(sim->clusters[w->cluster].workloads, i);
    }
}

/* the workloads' pods at time 0, and their first events */
void
sim_workloads_start(Sim *sim)
{
    for (guint i = 0; i < sim->sc->workloads->len; i++) {
        SimWorkload *w = &sim->workloads[i];
        if (!w->started) {
            if (w->def->start_ms <= sim->horizon_ms)
                w->scale_seq =
                    tgw_engine_schedule(sim->engine, w->def->start_ms, EV_WORKLOAD_SCALE, i);
            continue;
        }
        switch (w->def->kind) {
        case TGW_WORKLOAD_DEPLOYMENT:
            w->desired = tgw_replicas_at(&w->replicas, 0);
            sim_workload_reconcile(sim, i);
            if (w->replicas.kind == TGW_REPLICAS_DAILY)
                w->scale_seq =
                    tgw_engine_schedule(sim->engine, SCALE_EVERY_MS, EV_WORKLOAD_SCALE, i);
            if (w->def->rollout_every_ms > 0)
                schedule_within_horizon(sim, i, w->def->rollout_every_ms, EV_ROLLOUT);
            break;
        case TGW_WORKLOAD_JOB:
            if (w->def->arrivals_per_s > 0)
                schedule_within_horizon(sim, i, arrival_gap(w), EV_JOB_ARRIVAL);
            break;
        case TGW_WORKLOAD_DAEMONSET:
            break; /* bound as nodes become Ready */
        }
    }
}

void
sim_workloads_free(Sim *sim)
{
    for (guint i = 0; i < sim->sc->workloads->len; i++) {
        g_rand_free(sim->workloads[i].rand);
        g_array_unref(sim->workloads[i].pending);
        g_free(sim->workloads[i].pods_in_az);
    }
    g_free(sim->workloads);
    g_array_unref(sim->pods);
}
