/* tgw-sim-node.c: EKS nodes: launch (a primary address in a node-group subnet, the one failure
 * custom networking does not fix), readiness, draining, termination, node-group rolls and
 * scaling, and the time-weighted addresses per node that compare reports.
 *
 * A node takes the CNI settings in force when it launches; a later set-cni only affects nodes
 * launched after it, as on AWS. Its kubelet max pods is the node group's max-pods, or, left out,
 * the default-mode ENI formula (vpc-cni.md rule 28), which is what strands pods under custom
 * networking. */
#include "tgw-lint.h"
#include "tgw-rng.h"
#include "tgw-sim-ipamd.h"
#include "tgw-sim-node.h"
#include "tgw-sim-subnet.h"

#define ROLL_RETRY_MS    TGW_MS_PER_MINUTE
#define MAX_PROVISION_MS (15 * TGW_MS_PER_MINUTE) /* cluster-autoscaler max-node-provision-time */

void
sim_group_back_off(Sim *sim, SimGroup *g)
{
    gint64 now = tgw_engine_now(sim->engine);
    /* nodes of one scale-up time out together: one failed scale-up, one back-off (doubling per
     * node would reach 30 minutes on the first batch) */
    if (g->backoff_ms > 0 && now == g->last_failure_ms)
        return;
    if (g->backoff_ms == 0 || now - g->last_failure_ms >= LAUNCH_BACKOFF_RESET_MS)
        g->backoff_ms = LAUNCH_BACKOFF_MS;
    else
        g->backoff_ms = MIN(g->backoff_ms * 2, LAUNCH_BACKOFF_MAX_MS);
    g->last_failure_ms = now;
    g->backoff_until = now + g->backoff_ms;
}

static char *
node_label(Sim *sim, SimGroup *g, guint number)
{
    return g_strdup_printf("%s/%s/node-%u", g->def->cluster->name, g->def->name, number);
}

/* subnets of the group, the AZ with the fewest of its nodes first (as an ASG balances) */
static GArray *
launch_order(Sim *sim, SimGroup *g)
{
    GArray *order = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < g->def->subnets->len; i++) {
        guint idx = ((TgwSubnetDef *) g->def->subnets->pdata[i])->index;
        guint j = order->len;
        g_array_append_val(order, idx);
        while (j > 0) {
            guint a = g_array_index(order, guint, j - 1), b = g_array_index(order, guint, j);
            if (g->nodes_in_az[sim->subnets[a].az] <= g->nodes_in_az[sim->subnets[b].az])
                break;
            g_array_index(order, guint, j - 1) = b;
            g_array_index(order, guint, j) = a;
            j--;
        }
    }
    return order;
}

static void
node_limits(Sim *sim, Node *n, const TgwNodeGroupDef *def)
{
    tgw_ipamd_limits_init(&n->lim, def->itype, n->cni, n->mode,
                          tgw_node_group_kubelet_max_pods(def, n->cni));
    n->cpu_cap = def->cpu_m;
    n->mem_cap = def->memory_bytes;
    n->cpu_scale = n->cpu_cap > 0 ? 1e6 / (double) n->cpu_cap : 0;
    n->mem_scale = n->mem_cap > 0 ? 1e6 / (double) n->mem_cap : 0;
    n->pod_scale = n->lim.max_pods > 0 ? 1e6 / (double) n->lim.max_pods : 0;
}

gboolean
sim_group_launch(Sim *sim, guint group, gboolean instant)
{
    SimGroup *g = &sim->groups[group];
    SimCluster *c = &sim->clusters[g->cluster];
    gint64 now = tgw_engine_now(sim->engine);
    guint limit = g->max + (g->roll_old != NULL && g->roll_old->len > 0 ? 1 : 0); /* surge one */
    g_autoptr(GArray) order = NULL;
    g_autofree char *who = NULL;
    guint32 addr = 0;
    Node *n = NULL;
    gboolean ok = FALSE;

    if (g->count >= limit || now < g->backoff_until || sim->over_budget)
        return FALSE;
    order = launch_order(sim, g);
    who = node_label(sim, g, g->next_number + 1);
    for (guint i = 0; i < order->len && !ok; i++) {
        guint subnet = g_array_index(order, guint, i);
        ok = sim_subnet_alloc(sim, subnet, TGW_HOLDER_NODE_PRIMARY, "node-launch", who, &addr);
        if (ok) {
            n = g_new0(Node, 1);
            n->subnet = subnet;
            n->name = g_steal_pointer(&who);
        }
    }
    if (!ok) {
        sim->result->nodes.failed_launch++;
        sim_group_back_off(sim, g);
        return FALSE;
    }
    n->id = sim->nodes->len;
    g_ptr_array_add(sim->nodes, n);
    n->group = group;
    n->number = ++g->next_number;
    n->primary_addr = addr;
    n->cni = c->cni;
    n->mode = c->mode;
    n->state = NODE_LAUNCHING;
    n->launched_ms = now;
    n->bucket = NONE;
    n->tick_at = TGW_TIME_NEVER;
    n->last_tick_ms = -1;
    n->waiting = g_array_new(FALSE, FALSE, sizeof(guint32));
    node_limits(sim, n, g->def);
    sim_group_account(sim, g);
    n->addresses = 1;
    g->addresses_now += 1;
    g->nodes_now++;
    g->count++;
    g->launching++;
    g->nodes_in_az[sim->subnets[n->subnet].az]++;
    g->peak_nodes = MAX(g->peak_nodes, g->count);
    sim->result->nodes.launched++;
    sim->memory_bytes += sizeof(Node) + 1024;
    sim_check_budget(sim);
    {
        guint64 live = 0;
        for (guint i = 0; i < sim->sc->node_groups->len; i++)
            live += sim->groups[i].count;
        sim->result->nodes.peak = MAX(sim->result->nodes.peak, live);
    }
    if (instant)
        sim_node_ready(sim, n->id, 0);
    else
        n->ready_seq =
            tgw_engine_schedule(sim->engine, now + g->def->launch_ms, EV_NODE_READY, n->id);
    return TRUE;
}

void
sim_node_make_ready(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];

    if (n->state == NODE_INIT_FAILED)
        g->unready--;
    n->state = NODE_READY;
    sim->hooks.node_ready(sim, n);
    /* ipamd's pool manager checks every 5 s whether or not pods arrive: a node whose first
     * increase (at init, before it was Ready) left its pool short keeps filling it, so plan its
     * next check now that it is Ready (the naive loop would tick it anyway) */
    sim_node_reschedule_tick(sim, n);
    if (g->roll_surge == n->id + 1) {
        /* the surge node of a roll is Ready: now an old one can go */
        g->roll_surge = 0;
        g->roll_surge_ready = TRUE;
        g->roll_seq =
            tgw_engine_schedule(sim->engine, tgw_engine_now(sim->engine), EV_ROLL_STEP, n->group);
    }
}

void
sim_node_ready(Sim *sim, guint32 id, guint32 seq)
{
    Node *n = sim_node(sim, id);
    SimGroup *g = &sim->groups[n->group];

    if (n->state != NODE_LAUNCHING || (seq != 0 && seq != n->ready_seq))
        return;
    g->launching--;
    sim_node_ipamd_init(sim, n);
    if (n->state == NODE_INIT_FAILED) {
        /* custom networking without an ENI: ipamd retries at its ticks; the autoscaler counts
         * the node as coming (it does not launch another for the same pods) and gives up on it
         * when it is not Ready within max-node-provision-time */
        g->unready++;
        if (sim->clusters[g->cluster].def->autoscaler->enabled)
            n->scale_down_seq = tgw_engine_schedule(sim->engine, n->launched_ms + MAX_PROVISION_MS,
                                                    EV_SCALE_DOWN, n->id);
        return;
    }
    sim_node_make_ready(sim, n);
}

void
sim_node_terminate(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];

    if (n->state == NODE_TERMINATED)
        return;
    if (n->state == NODE_LAUNCHING)
        g->launching--;
    if (n->state == NODE_INIT_FAILED)
        g->unready--;
    /* the scheduler forgets it; whatever still runs here goes (controllers recreate it) */
    sim->hooks.node_leaving(sim, n);
    sim_node_release_all(sim, n);
    sim_subnet_release(sim, n->subnet, TGW_HOLDER_NODE_PRIMARY, n->primary_addr);
    n->state = NODE_TERMINATED;
    n->scale_down_seq = 0;
    n->ready_seq = 0;
    sim_group_account(sim, g);
    g->addresses_now -= n->addresses;
    n->addresses = 0;
    g->nodes_now--;
    g->count--;
    g->nodes_in_az[sim->subnets[n->subnet].az]--;
    sim->result->nodes.terminated++;
    g_array_set_size(n->waiting, 0);
    n->waiting_head = 0;
    sim->hooks.capacity_changed(sim, g->cluster);
}

/* cordon, evict, terminate (kubectl drain, then the instance goes) */
void
sim_node_drain(Sim *sim, Node *n)
{
    n->cordoned = TRUE;
    sim_node_terminate(sim, n);
}

void
sim_group_roll(Sim *sim, guint group)
{
    SimGroup *g = &sim->groups[group];
    if (g->roll_old == NULL)
        g->roll_old = g_array_new(FALSE, FALSE, sizeof(guint32));
    for (guint32 id = 0; id < sim->nodes->len; id++) {
        Node *n = sim_node(sim, id);
        if (n->group == group && n->state != NODE_TERMINATED && !n->rolling_out) {
            n->rolling_out = TRUE;
            g_array_append_val(g->roll_old, id);
        }
    }
    g->roll_seq =
        tgw_engine_schedule(sim->engine, tgw_engine_now(sim->engine), EV_ROLL_STEP, group);
}

/* one step of a roll: surge one new node; when it is Ready, drain the oldest old node; repeat */
void
sim_roll_step(Sim *sim, guint32 group, guint32 seq)
{
    SimGroup *g = &sim->groups[group];
    gint64 now = tgw_engine_now(sim->engine);

    if (seq != g->roll_seq || g->roll_surge != 0)
        return;
    while (g->roll_old->len > 0 &&
           sim_node(sim, g_array_index(g->roll_old, guint32, 0))->state == NODE_TERMINATED)
        g_array_remove_index(g->roll_old, 0);
    if (g->roll_old->len == 0)
        return;
    if (g->roll_surge_ready) {
        Node *old = sim_node(sim, g_array_index(g->roll_old, guint32, 0));
        g_array_remove_index(g->roll_old, 0);
        g->roll_surge_ready = FALSE;
        sim_node_drain(sim, old);
        g->roll_seq = tgw_engine_schedule(sim->engine, now, EV_ROLL_STEP, group);
        return;
    }
    if (sim_group_launch(sim, group, FALSE))
        g->roll_surge = sim_node(sim, sim->nodes->len - 1)->id + 1;
    else
        g->roll_seq = tgw_engine_schedule(sim->engine, now + ROLL_RETRY_MS, EV_ROLL_STEP, group);
}

void
sim_group_scale(Sim *sim, guint group, guint min, guint max, guint desired)
{
    SimGroup *g = &sim->groups[group];
    if (min != G_MAXUINT)
        g->min = min;
    if (max != G_MAXUINT)
        g->max = max;
    if (g->min > g->max)
        g->max = g->min;
    g->desired = desired != G_MAXUINT ? desired : CLAMP(g->count, g->min, g->max);
    g->desired = CLAMP(g->desired, g->min, g->max);
    while (g->count < g->desired && sim_group_launch(sim, group, FALSE))
        ;
    while (g->count > g->desired) {
        /* the emptiest Ready node goes first */
        Node *victim = NULL;
        for (guint32 id = 0; id < sim->nodes->len; id++) {
            Node *n = sim_node(sim, id);
            if (n->group != group || n->state == NODE_TERMINATED)
                continue;
            if (victim == NULL || n->n_pods < victim->n_pods)
                victim = n;
        }
        if (victim == NULL)
            break;
        sim_node_drain(sim, victim);
    }
}

void
sim_nodes_init(Sim *sim)
{
    const TgwScenario *sc = sim->sc;
    sim->nodes = g_ptr_array_new();
    sim->groups = g_new0(SimGroup, sc->node_groups->len);
    for (guint i = 0; i < sc->node_groups->len; i++) {
        SimGroup *g = &sim->groups[i];
        g_autofree char *stream = NULL;
        g->def = sc->node_groups->pdata[i];
        g->cluster = g->def->cluster->index;
        stream = g_strdup_printf("node-group/%s/%s", g->def->cluster->name, g->def->name);
        g->rand = tgw_rng_stream(sim->seed, stream);
        g->min = g->def->min;
        g->max = g->def->max;
        g->desired = g->def->desired;
        g->nodes_in_az = g_new0(guint, sim->azs->len);
        g_array_append_val(sim->clusters[g->cluster].groups, i);
    }
}
