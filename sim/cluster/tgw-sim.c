/* tgw-sim.c: one simulation run: set-up, the event handlers, the timeline, the results.
 *
 * The cluster at time 0 is a cluster that has been running: its nodes are Ready, its pods are
 * placed, and every node's address pool has settled (pods that would have waited for an address
 * before the start are not counted). From then on everything happens through events; see
 * tgw-sim-state.h for the files that own each part of the model, lowest first. This file is the
 * top: it registers the event handlers and sets the hooks (SimHooks) through which the lower
 * files tell the higher ones what happened. */
#include "tgw-sim.h"

#include <unistd.h>

#include "tgw-error.h"
#include "tgw-lint.h"
#include "tgw-rng.h"
#include "tgw-scenario-private.h"
#include "tgw-sim-consumer.h"
#include "tgw-sim-ipamd.h"
#include "tgw-sim-node.h"
#include "tgw-sim-sched.h"
#include "tgw-sim-subnet.h"
#include "tgw-sim-workload.h"

/* ---- handlers: each notes which event runs (ticks need it) and calls the model ------------- */

#define HANDLER(name, call)                                                                        \
    static void name(gpointer data, guint32 id, guint32 seq)                                       \
    {                                                                                              \
        Sim *sim = data;                                                                           \
        call;                                                                                      \
    }

static void run_action(Sim *sim, guint32 index);

HANDLER(on_action, (sim->cur_kind = EV_ACTION, sim->cur_id = id, run_action(sim, id)))
HANDLER(on_consumer,
        (sim->cur_kind = EV_CONSUMER, sim->cur_id = id, sim_consumer_event(sim, id, seq)))
HANDLER(on_upgrade_end,
        (sim->cur_kind = EV_UPGRADE_END, sim->cur_id = id, sim_upgrade_end(sim, id, seq)))
HANDLER(on_node_ready,
        (sim->cur_kind = EV_NODE_READY, sim->cur_id = id, sim_node_ready(sim, id, seq)))
HANDLER(on_ec2_done,
        (sim->cur_kind = EV_EC2_DONE, sim->cur_id = id, sim_node_ec2_done(sim, id, seq)))
HANDLER(on_pod_end, (sim->cur_kind = EV_POD_END, sim->cur_id = id, sim_pod_end(sim, id, seq)))
HANDLER(on_pod_ready, (sim->cur_kind = EV_POD_READY, sim->cur_id = id, sim_pod_ready(sim, id, seq)))
HANDLER(on_job_arrival,
        (sim->cur_kind = EV_JOB_ARRIVAL, sim->cur_id = id, sim_job_arrival(sim, id, seq)))
HANDLER(on_workload_scale, (sim->cur_kind = EV_WORKLOAD_SCALE, sim->cur_id = id,
                            sim_workload_scale_tick(sim, id, seq)))
HANDLER(on_rollout, (sim->cur_kind = EV_ROLLOUT, sim->cur_id = id, sim_rollout(sim, id, seq)))
HANDLER(on_alb_eval, (sim->cur_kind = EV_ALB_EVAL, sim->cur_id = id, sim_alb_eval(sim, id, seq)))
HANDLER(on_roll_step, (sim->cur_kind = EV_ROLL_STEP, sim->cur_id = id, sim_roll_step(sim, id, seq)))
HANDLER(on_sched_retry,
        (sim->cur_kind = EV_SCHED_RETRY, sim->cur_id = id, sim_sched_retry(sim, id, seq)))
HANDLER(on_ca_scan, (sim->cur_kind = EV_CA_SCAN, sim->cur_id = id, sim_ca_scan(sim, id, seq)))
HANDLER(on_scale_down,
        (sim->cur_kind = EV_SCALE_DOWN, sim->cur_id = id, sim_scale_down_check(sim, id, seq)))
HANDLER(on_node_tick, (sim->cur_kind = EV_NODE_TICK, sim->cur_id = id, sim_node_tick(sim, id, seq)))

static void
on_sample(gpointer data, guint32 id, guint32 seq)
{
    Sim *sim = data;
    gint64 now = tgw_engine_now(sim->engine);
    sim->cur_kind = EV_SAMPLE;
    sim->cur_id = id;
    sim_subnets_sample(sim);
    if (sim->opts.progress != NULL)
        sim->opts.progress(sim->opts.progress_data, (double) now / (double) sim->horizon_ms);
    if (now + sim->sc->sample_every_ms <= sim->horizon_ms)
        tgw_engine_schedule(sim->engine, now + sim->sc->sample_every_ms, EV_SAMPLE, 0);
}

static void
register_handlers(Sim *sim)
{
    static const struct {
        guint kind;
        const char *name;
        TgwEventHandler handler;
    } table[] = {
        {EV_ACTION, "timeline-action", on_action},
        {EV_CONSUMER, "consumer", on_consumer},
        {EV_UPGRADE_END, "eks-upgrade-end", on_upgrade_end},
        {EV_NODE_READY, "node-ready", on_node_ready},
        {EV_EC2_DONE, "ec2-call-done", on_ec2_done},
        {EV_POD_END, "pod-end", on_pod_end},
        {EV_POD_READY, "pod-ready", on_pod_ready},
        {EV_JOB_ARRIVAL, "job-arrival", on_job_arrival},
        {EV_WORKLOAD_SCALE, "workload-scale", on_workload_scale},
        {EV_ROLLOUT, "rollout", on_rollout},
        {EV_ALB_EVAL, "alb-eval", on_alb_eval},
        {EV_ROLL_STEP, "node-roll-step", on_roll_step},
        {EV_SCHED_RETRY, "schedule-retry", on_sched_retry},
        {EV_CA_SCAN, "autoscaler-scan", on_ca_scan},
        {EV_SCALE_DOWN, "scale-down-check", on_scale_down},
        {EV_NODE_TICK, "ipamd-tick", on_node_tick},
        {EV_SAMPLE, "sample", on_sample},
    };
    for (guint i = 0; i < G_N_ELEMENTS(table); i++)
        tgw_engine_register(sim->engine, table[i].kind, table[i].name, table[i].handler);
    tgw_engine_set_prefetch(sim->engine, EV_POD_END, sim_pod_prefetch);
}

/* ---- hooks: what a lower file's news sets off above it --------------------------------------- */

/* a Ready node: the scheduler queues it, daemonsets land on it, pending pods are tried again */
static void
node_ready(Sim *sim, Node *n)
{
    sim_sched_add_node(sim, n);
    sim_daemonsets_bind(sim, n);
    sim_node_load_changed(sim, n);
    sim_sched_capacity_changed(sim, sim->groups[n->group].cluster);
}

/* a node about to go: the scheduler drops it, and whatever still runs there is evicted
 * (controllers recreate what they own) */
static void
node_leaving(Sim *sim, Node *n)
{
    sim_sched_remove_node(sim, n);
    for (guint32 id = 0; id < sim->pods->len; id++) {
        Pod *pod = sim_pod(sim, id);
        if (pod->state != POD_FREE && pod->node == n->id &&
            (pod->state == POD_WAITING || pod->state == POD_RUNNING))
            sim_pod_evict(sim, id);
    }
}

/* the run's first failed allocation: how many nodes were Ready and pods running, per group, which
 * is what users size against ("it ran out at 300 nodes") */
static void
first_exhaustion(Sim *sim)
{
    for (guint32 id = 0; id < sim->nodes->len; id++) {
        const Node *n = sim_node(sim, id);
        if (n->state == NODE_READY)
            sim->groups[n->group].exh_nodes++;
    }
    for (guint32 id = 0; id < sim->pods->len; id++) {
        const Pod *pod = sim_pod(sim, id);
        if (pod->state == POD_RUNNING)
            sim->groups[sim_node(sim, pod->node)->group].exh_pods++;
    }
}

static void
set_hooks(Sim *sim)
{
    sim->hooks.pod_addressed = sim_pod_got_address;
    sim->hooks.node_initialised = sim_node_make_ready;
    sim->hooks.node_ready = node_ready;
    sim->hooks.node_leaving = node_leaving;
    sim->hooks.capacity_changed = sim_sched_capacity_changed;
    sim->hooks.pod_placed = sim_pod_bind;
    sim->hooks.first_exhaustion = first_exhaustion;
}

/* ---- the timeline -----------------------------------------------------------------------------
 */

static const TgwCniDef *
run_cni(Sim *sim, const TgwCniDef *cni, gboolean starting)
{
    TgwCniDef *copy = NULL;
    if (!sim->opts.override_cni || !starting)
        return cni;
    /* --cni sets the mode clusters start in; a timeline set-cni still applies as written */
    copy = tgw_cni_def_copy(cni);
    copy->mode = sim->opts.cni;
    g_ptr_array_add(sim->cni_copies, copy);
    return copy;
}

static void
run_action(Sim *sim, guint32 index)
{
    const TgwActionDef *a = sim->sc->actions->pdata[index];
    switch (a->kind) {
    case TGW_ACTION_SCALE_WORKLOAD:
        sim_workload_set_replicas(sim, a->workload->index, &a->replicas);
        break;
    case TGW_ACTION_SCALE_NODE_GROUP:
        sim_group_scale(sim, a->node_group->index, a->min, a->max, a->desired);
        break;
    case TGW_ACTION_ADD_SUBNET:
        sim->subnets[a->subnet->index].active = TRUE;
        break;
    case TGW_ACTION_SET_CNI: {
        SimCluster *c = &sim->clusters[a->cluster->index];
        c->cni = run_cni(sim, a->cni, FALSE);
        c->mode = c->cni->mode;
        break;
    }
    case TGW_ACTION_ROLL_NODE_GROUP:
        sim_group_roll(sim, a->node_group->index);
        break;
    case TGW_ACTION_ATTACH:
    case TGW_ACTION_DETACH:
        sim_attachment_set(sim, a->attachment, a->kind == TGW_ACTION_ATTACH);
        break;
    case TGW_ACTION_EKS_UPGRADE:
        sim_upgrade_start(sim, index);
        break;
    case TGW_ACTION_ADD_CIDR_BLOCK:
    case TGW_ACTION_ADD_ROUTE:
    case TGW_ACTION_REMOVE_ROUTE:
        break; /* routing only: no address changes hands */
    case TGW_ACTION_ADD_CONSUMER:
    case TGW_ACTION_REMOVE_CONSUMER:
        break; /* the consumer's own start/end events do it */
    }
}

/* ---- set-up and results -----------------------------------------------------------------------
 */

static void
clusters_init(Sim *sim)
{
    const TgwScenario *sc = sim->sc;
    sim->cni_copies = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_cni_def_free);
    sim->clusters = g_new0(SimCluster, sc->clusters->len);
    for (guint i = 0; i < sc->clusters->len; i++) {
        SimCluster *c = &sim->clusters[i];
        c->def = sc->clusters->pdata[i];
        c->cni = run_cni(sim, c->def->cni, TRUE);
        c->mode = c->cni->mode;
        c->groups = g_array_new(FALSE, FALSE, sizeof(guint));
        c->workloads = g_array_new(FALSE, FALSE, sizeof(guint));
    }
}

static void
start(Sim *sim)
{
    const TgwScenario *sc = sim->sc;

    sim->settling = TRUE;
    sim_control_plane_init(sim);
    sim_consumers_init(sim);
    /* the nodes the groups run with, Ready at time 0 */
    for (guint i = 0; i < sc->node_groups->len; i++) {
        SimGroup *g = &sim->groups[i];
        for (guint k = 0; k < g->desired; k++)
            sim_group_launch(sim, i, TRUE);
    }
    sim_workloads_start(sim);
    for (guint32 id = 0; id < sim->nodes->len; id++)
        sim_node_settle(sim, sim_node(sim, id));
    /* pods still waiting after the settling really wait */
    for (guint32 id = 0; id < sim->pods->len; id++) {
        Pod *p = sim_pod(sim, id);
        if (p->state == POD_WAITING && !p->counted_wait) {
            p->counted_wait = TRUE;
            sim->result->pods.waited_for_ip++;
            sim->groups[sim_node(sim, p->node)->group].waited_for_ip++;
        }
    }
    sim->result->pods.max_waiting_for_ip = sim->waiting_now;
    sim->settling = FALSE;
    for (guint32 id = 0; id < sim->nodes->len; id++)
        sim_node_reschedule_tick(sim, sim_node(sim, id));
    for (guint i = 0; i < sc->actions->len; i++) {
        const TgwActionDef *a = sc->actions->pdata[i];
        if (a->at_ms <= sim->horizon_ms)
            tgw_engine_schedule(sim->engine, a->at_ms, EV_ACTION, i);
    }
    tgw_engine_schedule(sim->engine, 0, EV_SAMPLE, 0);
}

static void
finish(Sim *sim)
{
    TgwRunResult *r = sim->result;
    TgwPodStats *st = &r->pods;
    gint64 end = sim->horizon_ms;

    if (r->subnets->len > 0) {
        const TgwSubnetResult *s0 = r->subnets->pdata[0];
        if (s0->series->len == 0 ||
            g_array_index(s0->series, TgwSample, s0->series->len - 1).time_ms < end)
            sim_subnets_sample(sim);
    }
    sim_subnets_finish(sim);
    for (guint32 id = 0; id < sim->pods->len; id++) {
        Pod *p = sim_pod(sim, id);
        if (p->state == POD_WAITING && p->counted_wait)
            sim->wait_ms_total += (double) (end - p->since_ms);
    }
    st->waiting_for_ip_at_end = sim->waiting_now;
    st->unschedulable_at_end = sim->pending_now;
    st->pod_seconds_waiting_for_ip = sim->wait_ms_total / 1000.0;
    for (guint i = 0; i < sim->sc->node_groups->len; i++) {
        SimGroup *g = &sim->groups[i];
        TgwNodeGroupResult *ng = g_new0(TgwNodeGroupResult, 1);
        sim_group_account(sim, g);
        ng->def = g->def;
        ng->peak_nodes = g->peak_nodes;
        ng->mean_addresses_per_node = g->node_ms > 0 ? g->address_ms / g->node_ms : 0;
        ng->mean_pods_per_node = g->node_ms > 0 ? g->pod_ms / g->node_ms : 0;
        ng->nodes_at_first_exhaustion = g->exh_nodes;
        ng->pods_at_first_exhaustion = g->exh_pods;
        ng->ec2 = g->ec2;
        ng->waited_for_ip = g->waited_for_ip;
        if (g->def->itype != NULL) {
            const TgwCniDef *cni = sim->clusters[g->cluster].def->cni;
            if (sim->opts.override_cni)
                cni = run_cni(sim, cni, TRUE);
            ng->max_pods_kubelet = tgw_node_group_kubelet_max_pods(g->def, cni);
            ng->max_pods_cni = tgw_node_group_cni_max_pods(g->def, cni);
        }
        g_ptr_array_add(r->node_groups, ng);
    }
    r->engine_events = tgw_engine_events(sim->engine);
}

static void
sim_free(Sim *sim)
{
    for (guint32 id = 0; id < sim->nodes->len; id++) {
        Node *n = sim_node(sim, id);
        sim_node_free_memory(sim, n);
        g_array_unref(n->waiting);
        g_free(n->name);
        g_free(n);
    }
    g_ptr_array_unref(sim->nodes);
    for (guint i = 0; i < sim->sc->node_groups->len; i++) {
        SimGroup *g = &sim->groups[i];
        g_free(g->queues);
        g_free(g->nodes_in_az);
        g_rand_free(g->rand);
        if (g->roll_old != NULL)
            g_array_unref(g->roll_old);
    }
    g_free(sim->groups);
    for (guint i = 0; i < sim->sc->clusters->len; i++) {
        SimCluster *c = &sim->clusters[i];
        g_array_unref(c->groups);
        g_array_unref(c->workloads);
        if (c->cp_addrs != NULL)
            g_array_unref(c->cp_addrs);
    }
    g_free(sim->clusters);
    g_ptr_array_unref(sim->upgrade_addrs);
    sim_consumers_free(sim);
    sim_workloads_free(sim);
    sim_subnets_free(sim);
    g_ptr_array_unref(sim->cni_copies);
    tgw_engine_free(sim->engine);
    g_free(sim);
}

TgwRunResult *
tgw_sim_run(const TgwScenario *sc, const TgwSimOptions *options, GError **error)
{
    Sim *sim = NULL;
    TgwRunResult *result = NULL;

    if (options != NULL && options->override_cni) {
        g_autofree char *why = tgw_lint_mode_not_applicable(sc, options->cni);
        if (why != NULL) {
            g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                        "CNI mode %s is not applicable to this design: %s; nothing was simulated",
                        tgw_cni_mode_name(options->cni), why);
            return NULL;
        }
    }
    sim = g_new0(Sim, 1);
    tgw_rng_init();
    sim->sc = sc;
    if (options != NULL)
        sim->opts = *options;
    sim->seed = sim->opts.override_seed ? sim->opts.seed : sc->seed;
    sim->horizon_ms = sim->opts.horizon_ms > 0 ? sim->opts.horizon_ms : sc->horizon_ms;
    sim->engine = tgw_engine_new(sim);
    register_handlers(sim);
    set_hooks(sim);
    sim->result = tgw_run_result_new(sc);
    sim->result->seed = sim->seed;
    sim->result->horizon_ms = sim->horizon_ms;
    sim->result->naive_ticks = sim->opts.naive_ticks;
    sim->result->cni_overridden = sim->opts.override_cni;
    sim->result->cni = sim->opts.override_cni ? sim->opts.cni
                       : sc->clusters->len > 0
                           ? ((TgwClusterDef *) sc->clusters->pdata[0])->cni->mode
                           : TGW_CNI_DEFAULT;
    sim_subnets_init(sim);
    clusters_init(sim);
    sim_nodes_init(sim);
    sim_sched_init(sim);
    sim_workloads_init(sim);
    if (sim->opts.memory_budget == 0)
        sim->opts.memory_budget = tgw_sim_default_memory_budget(1);
    start(sim);
    if (!sim->over_budget)
        tgw_engine_run(sim->engine, sim->horizon_ms);
    if (sim->over_budget) {
        g_autofree char *at = tgw_clock_format(sim->stopped_at_ms);
        g_set_error(error, TGW_ERROR, TGW_ERROR_LIMIT,
                    "the run stopped at %s: its tables (%" G_GUINT64_FORMAT
                    " pods so far) outgrew the memory budget of %" G_GUINT64_FORMAT
                    " MiB; raise it with --memory-budget MiB, or simulate fewer pods",
                    at, (guint64) sim->pods->len, sim->opts.memory_budget >> 20);
        tgw_run_result_free(sim->result);
        sim_free(sim);
        return NULL;
    }
    finish(sim);
    result = sim->result;
    sim_free(sim);
    return result;
}

guint64
tgw_sim_default_memory_budget(guint concurrent_runs)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    guint64 ram =
        pages > 0 && page > 0 ? (guint64) pages * (guint64) page : G_GUINT64_CONSTANT(4) << 30;
    /* half the machine, shared by the runs going on at once */
    return ram / 2 / MAX(concurrent_runs, 1u);
}

typedef struct {
    const TgwScenario *sc;
    TgwSimOptions opts;
    guint64 base_seed;
    TgwRunResult **results;
    GError **errors;
} ManyRuns;

static void
run_one(gpointer data, gpointer user_data)
{
    ManyRuns *many = user_data;
    guint index = GPOINTER_TO_UINT(data) - 1;
    TgwSimOptions opts = many->opts;
    opts.override_seed = TRUE;
    opts.seed = tgw_rng_run_seed(many->base_seed, index);
    many->results[index] = tgw_sim_run(many->sc, &opts, &many->errors[index]);
}

GPtrArray *
tgw_sim_run_many(const TgwScenario *sc, const TgwSimOptions *options, guint runs, guint threads,
                 GError **error)
{
    ManyRuns many = {sc, {0}, 0, NULL, NULL};
    g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_run_result_free);
    GThreadPool *pool = NULL;
    gboolean failed = FALSE;

    g_return_val_if_fail(runs > 0, NULL);
    tgw_rng_init(); /* before any thread: g_unsetenv is not thread-safe */
    if (options != NULL)
        many.opts = *options;
    many.base_seed = many.opts.override_seed ? many.opts.seed : sc->seed;
    many.results = g_new0(TgwRunResult *, runs);
    many.errors = g_new0(GError *, runs);
    if (threads == 0)
        threads = g_get_num_processors();
    threads = MIN(threads, runs);
    if (many.opts.memory_budget == 0)
        many.opts.memory_budget = tgw_sim_default_memory_budget(threads);
    if (threads <= 1) {
        for (guint i = 0; i < runs; i++)
            run_one(GUINT_TO_POINTER(i + 1), &many);
    } else {
        pool = g_thread_pool_new(run_one, &many, (gint) threads, TRUE, NULL);
        for (guint i = 0; i < runs; i++)
            g_thread_pool_push(pool, GUINT_TO_POINTER(i + 1), NULL);
        g_thread_pool_free(pool, FALSE, TRUE);
    }
    for (guint i = 0; i < runs; i++) {
        if (many.results[i] != NULL)
            g_ptr_array_add(out, many.results[i]);
        if (many.errors[i] != NULL && !failed) {
            g_propagate_error(error, many.errors[i]);
            failed = TRUE;
        } else {
            g_clear_error(&many.errors[i]);
        }
    }
    g_free(many.results);
    g_free(many.errors);
    return failed ? NULL : g_steal_pointer(&out);
}
