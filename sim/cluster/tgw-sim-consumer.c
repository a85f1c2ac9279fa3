/* tgw-sim-consumer.c: the addresses that are not nodes' or pods' (aws-network.md section 3).
 *
 *   ALB            needs 8 free addresses in each subnet to be created; takes min-per-subnet
 *                  addresses per subnet and grows with its scale-with workload (one address per
 *                  pods-per-address replicas) up to 100 across its subnets; shrinks after
 *                  scale-in-delay; a failed scale-out is an exhaustion event
 *   NLB            one address per subnet
 *   MSK            one ENI per broker, brokers spread evenly over the subnets
 *   endpoint       one ENI per subnet
 *   NAT gateway    its private IPs in its subnet
 *   RDS            one ENI, Multi-AZ two (in two AZs)
 *   ip-consumer    count addresses
 *   TGW attachment one ENI per attachment subnet while attached
 *   EKS            2-4 control-plane ENIs in the cluster subnets; up to 5 more during an upgrade
 * A consumer that cannot get its addresses records the failure and tries again every 10 minutes. */
#include <math.h>

#include "tgw-capacity.h"
#include "tgw-sim-consumer.h"
#include "tgw-sim-subnet.h"

#define RETRY_MS           (10 * TGW_MS_PER_MINUTE)
#define ALB_FREE_TO_CREATE 8
#define ALB_MAX_ADDRESSES  100

static gint64
now_ms(Sim *sim)
{
    return tgw_engine_now(sim->engine);
}

static guint64
pack(guint subnet, guint32 addr)
{
    return ((guint64) subnet << 32) | addr;
}

static void
release_packed(Sim *sim, GArray *addrs, TgwHolder holder, guint index)
{
    guint64 v = g_array_index(addrs, guint64, index);
    sim_subnet_release(sim, (guint) (v >> 32), holder, (guint32) v);
    g_array_remove_index_fast(addrs, index);
}

static guint
subnet_index(const GPtrArray *subnets, guint i)
{
    return ((const TgwSubnetDef *) subnets->pdata[i % subnets->len])->index;
}

static char *
consumer_label(const TgwConsumerDef *def)
{
    return g_strdup_printf("%s %s", tgw_consumer_kind_name(def->kind), def->name);
}

/* how many addresses the consumer holds in a subnet */
static guint
held_in(const SimConsumer *c, guint subnet)
{
    guint count = 0;
    for (guint i = 0; i < c->addrs->len; i++)
        count += (guint) (g_array_index(c->addrs, guint64, i) >> 32) == subnet;
    return count;
}

static const char *
request_of(const TgwConsumerDef *def)
{
    switch (def->kind) {
    case TGW_CONSUMER_ALB:
        return "alb-scale";
    case TGW_CONSUMER_NLB:
        return "nlb";
    case TGW_CONSUMER_MSK:
        return "msk-broker";
    case TGW_CONSUMER_ENDPOINT:
        return "endpoint";
    case TGW_CONSUMER_NAT_GATEWAY:
        return "nat-gateway";
    case TGW_CONSUMER_RDS:
        return "rds";
    case TGW_CONSUMER_GENERIC:
        return "ip-consumer";
    }
    return "consumer";
}

static void
schedule_retry(Sim *sim, SimConsumer *c, guint32 id)
{
    gint64 at = now_ms(sim) + RETRY_MS;
    if (at < c->def->end_ms && at <= sim->horizon_ms)
        c->seq = tgw_engine_schedule(sim->engine, at, EV_CONSUMER, id);
}

/* the ALB's address target: one per pods-per-address replicas of what it fronts */
static guint
alb_target(Sim *sim, const SimConsumer *c)
{
    const TgwConsumerDef *def = c->def;
    guint n = def->subnets->len;
    gint64 load = 0;
    guint target = 0;
    if (def->scale_with != NULL) {
        const SimWorkload *w = &sim->workloads[def->scale_with->index];
        load = w->def->kind == TGW_WORKLOAD_DEPLOYMENT ? w->desired : (gint64) w->live;
    }
    target = (guint) ceil((double) load / (double) def->pods_per_address);
    target = MAX(target, n * def->min_per_subnet);
    return MIN(target, MAX(ALB_MAX_ADDRESSES, n * def->min_per_subnet));
}

/* the ALB's target in one subnet: spread evenly, the first subnets taking the remainder */
static guint
alb_target_in(const SimConsumer *c, guint target, guint k)
{
    guint n = c->def->subnets->len;
    return target / n + (k < target % n ? 1 : 0);
}

static void
alb_resize(Sim *sim, SimConsumer *c, guint32 id)
{
    const TgwConsumerDef *def = c->def;
    guint target = alb_target(sim, c);
    g_autofree char *who = consumer_label(def);
    gint64 now = now_ms(sim);
    gboolean failed = FALSE;

    c->want = target;
    if (target >= c->addrs->len)
        c->lower_since = -1;
    /* scale out at once */
    for (guint k = 0; k < def->subnets->len; k++) {
        guint subnet = subnet_index(def->subnets, k);
        guint want = alb_target_in(c, target, k);
        for (guint have = held_in(c, subnet); have < want; have++) {
            guint32 addr = 0;
            if (!sim_subnet_alloc(sim, subnet, c->holder, "alb-scale", who, &addr)) {
                failed = TRUE;
                break;
            }
            guint64 v = pack(subnet, addr);
            g_array_append_val(c->addrs, v);
        }
    }
    /* scale in only after the load has stayed lower for scale-in-delay */
    if (c->addrs->len > target) {
        if (c->lower_since < 0) {
            c->lower_since = now;
            c->eval_seq =
                tgw_engine_schedule(sim->engine, now + def->scale_in_delay_ms, EV_ALB_EVAL, id);
        } else if (now - c->lower_since >= def->scale_in_delay_ms) {
            for (guint k = 0; k < def->subnets->len; k++) {
                guint subnet = subnet_index(def->subnets, k);
                guint want = alb_target_in(c, target, k);
                for (guint i = c->addrs->len; i > 0 && held_in(c, subnet) > want; i--) {
                    if ((guint) (g_array_index(c->addrs, guint64, i - 1) >> 32) == subnet)
                        release_packed(sim, c->addrs, c->holder, i - 1);
                }
            }
            c->lower_since = -1;
        }
    }
    if (failed && c->seq == 0)
        schedule_retry(sim, c, id);
}

static void
alb_create(Sim *sim, SimConsumer *c, guint32 id)
{
    const TgwConsumerDef *def = c->def;
    g_autofree char *who = consumer_label(def);

    /* an ALB is only created where every subnet has 8 free addresses */
    for (guint k = 0; k < def->subnets->len; k++) {
        guint subnet = subnet_index(def->subnets, k);
        if (sim_subnet_free(sim, subnet) < ALB_FREE_TO_CREATE) {
            sim_subnet_record_failure(sim, subnet, "alb-create", who);
            schedule_retry(sim, c, id);
            return;
        }
    }
    c->active = TRUE;
    alb_resize(sim, c, id);
}

static void
fill_units(Sim *sim, SimConsumer *c, guint32 id)
{
    const TgwConsumerDef *def = c->def;
    g_autofree char *who = consumer_label(def);
    guint units = tgw_consumer_units(def);
    gboolean failed = FALSE;

    c->active = TRUE;
    c->want = units;
    for (guint u = 0; u < units; u++) {
        guint subnet = tgw_consumer_unit_subnet(def, u)->index;
        guint per_subnet_wanted = 0;
        guint32 addr = 0;
        /* unit u is the (u / n)-th in its subnet: held already? */
        per_subnet_wanted = u / def->subnets->len + 1;
        if (held_in(c, subnet) >= per_subnet_wanted)
            continue;
        if (!sim_subnet_alloc(sim, subnet, c->holder, request_of(def), who, &addr)) {
            failed = TRUE;
            continue;
        }
        guint64 v = pack(subnet, addr);
        g_array_append_val(c->addrs, v);
    }
    if (failed)
        schedule_retry(sim, c, id);
}

static void
release_all(Sim *sim, SimConsumer *c)
{
    while (c->addrs->len > 0)
        release_packed(sim, c->addrs, c->holder, c->addrs->len - 1);
    c->active = FALSE;
    c->want = 0;
}

void
sim_consumer_event(Sim *sim, guint32 id, guint32 seq)
{
    SimConsumer *c = &sim->consumers[id];
    gint64 now = now_ms(sim);

    if (now >= c->def->end_ms) {
        release_all(sim, c);
        c->seq = 0;
        c->eval_seq = 0;
        return;
    }
    if (seq != c->seq && seq != 0)
        return; /* a superseded retry */
    c->seq = 0;
    if (now < c->def->start_ms)
        return;
    if (c->def->kind == TGW_CONSUMER_ALB) {
        if (!c->active)
            alb_create(sim, c, id);
        else
            alb_resize(sim, c, id);
        return;
    }
    fill_units(sim, c, id);
}

void
sim_alb_eval(Sim *sim, guint32 id, guint32 seq)
{
    SimConsumer *c = &sim->consumers[id];
    if (seq != c->eval_seq || !c->active)
        return;
    c->eval_seq = 0;
    alb_resize(sim, c, id);
}

void
sim_alb_workload_changed(Sim *sim, guint32 workload)
{
    for (guint i = 0; i < sim->sc->consumers->len; i++) {
        SimConsumer *c = &sim->consumers[i];
        if (c->active && c->def->kind == TGW_CONSUMER_ALB && c->def->scale_with != NULL &&
            c->def->scale_with->index == workload)
            alb_resize(sim, c, i);
    }
}

static TgwHolder
holder_of(TgwConsumerKind kind)
{
    switch (kind) {
    case TGW_CONSUMER_ALB:
    case TGW_CONSUMER_NLB:
        return TGW_HOLDER_LOAD_BALANCER;
    case TGW_CONSUMER_MSK:
        return TGW_HOLDER_MSK;
    case TGW_CONSUMER_ENDPOINT:
        return TGW_HOLDER_ENDPOINT;
    default:
        return TGW_HOLDER_OTHER;
    }
}

void
sim_consumers_init(Sim *sim)
{
    const TgwScenario *sc = sim->sc;
    sim->consumers = g_new0(SimConsumer, sc->consumers->len);
    for (guint i = 0; i < sc->consumers->len; i++) {
        SimConsumer *c = &sim->consumers[i];
        c->def = sc->consumers->pdata[i];
        c->holder = holder_of(c->def->kind);
        c->addrs = g_array_new(FALSE, FALSE, sizeof(guint64));
        c->lower_since = -1;
        if (c->def->start_ms <= sim->horizon_ms && c->def->start_ms < c->def->end_ms)
            c->seq = tgw_engine_schedule(sim->engine, c->def->start_ms, EV_CONSUMER, i);
        if (c->def->end_ms != TGW_TIME_NEVER && c->def->end_ms <= sim->horizon_ms)
            tgw_engine_schedule(sim->engine, c->def->end_ms, EV_CONSUMER, i);
    }
    /* TGW attachment ENIs, one per subnet, for attachments attached at the start */
    sim->attachment_addrs = g_ptr_array_new_with_free_func((GDestroyNotify) g_array_unref);
    for (guint i = 0; i < sc->attachments->len; i++) {
        const TgwAttachmentDef *a = sc->attachments->pdata[i];
        g_ptr_array_add(sim->attachment_addrs, g_array_new(FALSE, FALSE, sizeof(guint64)));
        if (a->kind == TGW_ATTACHMENT_VPC && a->attached)
            sim_attachment_set(sim, a, TRUE);
    }
}

void
sim_consumers_free(Sim *sim)
{
    for (guint i = 0; i < sim->sc->consumers->len; i++)
        g_array_unref(sim->consumers[i].addrs);
    g_free(sim->consumers);
    g_ptr_array_unref(sim->attachment_addrs);
}

void
sim_attachment_set(Sim *sim, const TgwAttachmentDef *a, gboolean attached)
{
    GArray *addrs = sim->attachment_addrs->pdata[a->index];
    g_autofree char *who = g_strdup_printf("tgw-attachment %s", a->name);
    if (a->kind != TGW_ATTACHMENT_VPC)
        return;
    if (!attached) {
        while (addrs->len > 0)
            release_packed(sim, addrs, TGW_HOLDER_TGW_ATTACHMENT, addrs->len - 1);
        return;
    }
    if (addrs->len > 0)
        return;
    for (guint i = 0; i < a->subnets->len; i++) {
        guint subnet = ((const TgwSubnetDef *) a->subnets->pdata[i])->index;
        guint32 addr = 0;
        if (sim_subnet_alloc(sim, subnet, TGW_HOLDER_TGW_ATTACHMENT, "tgw-attachment", who,
                             &addr)) {
            guint64 v = pack(subnet, addr);
            g_array_append_val(addrs, v);
        }
    }
}

static void
control_plane_add(Sim *sim, const TgwClusterDef *def, guint count, guint offset, GArray *into,
                  const char *request)
{
    g_autofree char *who = g_strdup_printf("eks %s control plane", def->name);
    for (guint k = 0; k < count; k++) {
        guint subnet = subnet_index(def->subnets, offset + k);
        guint32 addr = 0;
        if (sim_subnet_alloc(sim, subnet, TGW_HOLDER_EKS_CONTROL_PLANE, request, who, &addr)) {
            guint64 v = pack(subnet, addr);
            g_array_append_val(into, v);
        }
    }
}

/* the cross-account ENIs EKS places in the cluster subnets */
void
sim_control_plane_init(Sim *sim)
{
    for (guint i = 0; i < sim->sc->clusters->len; i++) {
        SimCluster *c = &sim->clusters[i];
        c->cp_addrs = g_array_new(FALSE, FALSE, sizeof(guint64));
        if (c->def->subnets->len > 0)
            control_plane_add(sim, c->def, c->def->control_plane_enis, 0, c->cp_addrs,
                              "eks-control-plane");
    }
    sim->upgrade_addrs = g_ptr_array_new_with_free_func((GDestroyNotify) g_array_unref);
    for (guint i = 0; i < sim->sc->actions->len; i++)
        g_ptr_array_add(sim->upgrade_addrs, g_array_new(FALSE, FALSE, sizeof(guint64)));
}

/* an upgrade creates new control-plane ENIs before it deletes the old ones */
void
sim_upgrade_start(Sim *sim, guint32 action)
{
    const TgwActionDef *a = sim->sc->actions->pdata[action];
    SimCluster *c = &sim->clusters[a->cluster->index];
    gint64 end = now_ms(sim) + a->duration_ms;
    if (a->cluster->subnets->len == 0)
        return;
    control_plane_add(sim, a->cluster, a->extra_enis, c->def->control_plane_enis,
                      sim->upgrade_addrs->pdata[action], "eks-upgrade");
    if (end <= sim->horizon_ms)
        tgw_engine_schedule(sim->engine, end, EV_UPGRADE_END, action);
}

void
sim_upgrade_end(Sim *sim, guint32 action, guint32 seq)
{
    GArray *addrs = sim->upgrade_addrs->pdata[action];
    (void) seq;
    while (addrs->len > 0)
        release_packed(sim, addrs, TGW_HOLDER_EKS_CONTROL_PLANE, addrs->len - 1);
}
