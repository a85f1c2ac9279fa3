/* tgw-capacity.c: static capacity of a design (see tgw-capacity.h). */
#include "tgw-capacity.h"

#include "tgw-ipamd-rules.h"
#include "tgw-lint.h"

guint
tgw_consumer_units(const TgwConsumerDef *c)
{
    switch (c->kind) {
    case TGW_CONSUMER_NLB:
    case TGW_CONSUMER_ENDPOINT:
        return c->subnets->len;
    case TGW_CONSUMER_RDS:
        return MIN(c->count, c->subnets->len);
    default:
        return c->count;
    }
}

const TgwSubnetDef *
tgw_consumer_unit_subnet(const TgwConsumerDef *c, guint unit)
{
    if (c->kind == TGW_CONSUMER_RDS) {
        /* the standby goes to another AZ (validate checks there is one) */
        guint azs = 0;
        for (guint i = 0; i < c->subnets->len; i++) {
            const TgwSubnetDef *s = c->subnets->pdata[i];
            gboolean new_az = TRUE;
            for (guint j = 0; j < i && new_az; j++)
                new_az = !g_str_equal(((const TgwSubnetDef *) c->subnets->pdata[j])->az, s->az);
            if (new_az && azs++ == unit)
                return s;
        }
    }
    return c->subnets->pdata[unit % c->subnets->len];
}

static void
add_consumers(const TgwScenario *sc, GArray *subnets)
{
#define TAKE(subnet_def, n)                                                                        \
    (g_array_index(subnets, TgwCapacitySubnet, (subnet_def)->index).consumers += (n))
    for (guint i = 0; i < sc->consumers->len; i++) {
        const TgwConsumerDef *c = sc->consumers->pdata[i];
        guint n = c->subnets->len;
        if (n == 0)
            continue;
        if (c->kind == TGW_CONSUMER_ALB) {
            for (guint k = 0; k < n; k++)
                TAKE((TgwSubnetDef *) c->subnets->pdata[k], c->min_per_subnet);
            continue;
        }
        for (guint u = 0; u < tgw_consumer_units(c); u++)
            TAKE(tgw_consumer_unit_subnet(c, u), 1);
    }
    for (guint i = 0; i < sc->attachments->len; i++) {
        const TgwAttachmentDef *a = sc->attachments->pdata[i];
        if (a->kind == TGW_ATTACHMENT_VPC && a->attached) {
            for (guint k = 0; k < a->subnets->len; k++)
                TAKE((TgwSubnetDef *) a->subnets->pdata[k], 1);
        }
    }
    for (guint i = 0; i < sc->clusters->len; i++) {
        const TgwClusterDef *c = sc->clusters->pdata[i];
        for (guint k = 0; k < c->control_plane_enis && c->subnets->len > 0; k++)
            TAKE((TgwSubnetDef *) c->subnets->pdata[k % c->subnets->len], 1);
    }
    for (guint i = 0; i < sc->subnets->len; i++) {
        const TgwSubnetDef *s = sc->subnets->pdata[i];
        guint64 held = tgw_subnet_def_held_before(s);
        g_array_index(subnets, TgwCapacitySubnet, i).in_use = held;
        TAKE(s, held);
    }
#undef TAKE
}

static guint64
free_in(const GArray *subnets, const TgwSubnetDef *s)
{
    const TgwCapacitySubnet *cs = &g_array_index(subnets, TgwCapacitySubnet, s->index);
    return cs->consumers >= cs->usable ? 0 : cs->usable - cs->consumers;
}

/* one node group in one mode: fill its AZs evenly until a subnet runs dry */
/* nodes the group's subnets hold, spread evenly over its AZs, when each node holds
 * `addresses` (of which node_subnet in its own subnet, the rest in the ENIConfig subnet when
 * custom): the AZ that fills first sets the count for all */
static guint64
fit_nodes(const GArray *subnets, const TgwNodeGroupDef *ng, TgwCniMode mode, guint addresses,
          guint node_subnet, const TgwSubnetDef **limiting_out)
{
    g_autoptr(GPtrArray) azs = tgw_subnets_azs(ng->subnets);
    guint64 per_az = G_MAXUINT64;

    *limiting_out = NULL;
    for (guint a = 0; a < azs->len; a++) {
        const char *az = azs->pdata[a];
        guint64 node_free = 0, fit = 0;
        const TgwSubnetDef *limiting = NULL;
        for (guint i = 0; i < ng->subnets->len; i++) {
            const TgwSubnetDef *s = ng->subnets->pdata[i];
            if (g_str_equal(s->az, az)) {
                node_free += free_in(subnets, s);
                limiting = s;
            }
        }
        fit = node_free / MAX(node_subnet, 1u);
        if (tgw_cni_mode_is_custom(mode)) {
            const TgwSubnetDef *pods = tgw_node_group_eni_config_subnet(ng->cluster->cni, ng, az);
            guint64 pod_fit = pods != NULL ? free_in(subnets, pods) / MAX(addresses - 1, 1u) : 0;
            if (pod_fit < fit) {
                fit = pod_fit;
                limiting = pods;
            }
        }
        if (fit < per_az || (fit == per_az && *limiting_out == NULL)) {
            per_az = fit;
            *limiting_out = limiting;
        }
    }
    return per_az == G_MAXUINT64 ? 0 : per_az * azs->len;
}

/* pods of per_pod each that room holds; G_MAXUINT when they request nothing of it */
static guint
fits(gint64 room, double per_pod)
{
    if (per_pod <= 0)
        return G_MAXUINT;
    return room > 0 ? (guint) ((double) room / per_pod) : 0;
}

/* the packed figures of out (see TgwCapacityGroup), from the workloads that may run on ng */
static void
group_packing(const TgwNodeGroupDef *ng, const TgwIpamdLimits *lim, TgwCniMode mode,
              const GArray *subnets, TgwCapacityGroup *out)
{
    double weight = 0, cpu = 0, mem = 0, addressed = 0, ds_addressed = 0;
    gint64 ds_cpu = 0, ds_mem = 0;
    guint app_pods = G_MAXUINT, packed_addressed = 0;
    TgwIpamdSteady st;

    for (guint i = 0; i < ng->cluster->workloads->len; i++) {
        const TgwWorkloadDef *w = ng->cluster->workloads->pdata[i];
        double n = 0;
        if (w->node_group != NULL && w->node_group != ng)
            continue;
        if (w->kind == TGW_WORKLOAD_DAEMONSET) {
            out->daemonsets++;
            ds_cpu += w->cpu_m;
            ds_mem += w->memory_bytes;
            ds_addressed += w->host_network ? 0 : 1;
            continue;
        }
        /* a deployment's pods at its peak; a job's pods alive on average (Little's law) */
        n = w->kind == TGW_WORKLOAD_JOB
                ? w->arrivals_per_s *
                      (w->has_lifetime ? tgw_distribution_mean_ms(&w->lifetime) : 0) / 1000.0
                : (double) w->replicas.max;
        weight += n;
        cpu += n * (double) w->cpu_m;
        mem += n * (double) w->memory_bytes;
        addressed += w->host_network ? 0 : n;
    }
    if (weight > 0) {
        out->mean_cpu_m = cpu / weight;
        out->mean_memory_bytes = mem / weight;
        app_pods = MIN(fits(ng->cpu_m - ds_cpu, out->mean_cpu_m),
                       fits(ng->memory_bytes - ds_mem, out->mean_memory_bytes));
    }
    if (weight <= 0 || app_pods == G_MAXUINT) {
        out->packed_pods = out->pods_per_node; /* nothing requests: max pods decides */
        packed_addressed = out->pods_per_node;
    } else {
        out->packed_pods = MIN(out->pods_per_node, out->daemonsets + app_pods);
        packed_addressed =
            (guint) ds_addressed +
            (guint) ((double) (out->packed_pods - MIN(out->packed_pods, out->daemonsets)) *
                         addressed / weight +
                     0.5);
    }
    tgw_ipamd_steady_state(lim, packed_addressed, &st);
    out->packed_addresses = st.addresses;
    out->packed_nodes =
        fit_nodes(subnets, ng, mode, st.addresses, tgw_cni_mode_is_custom(mode) ? 1 : st.addresses,
                  &out->packed_limiting);
    out->packed_total_pods = out->packed_nodes * out->packed_pods;
}

static void
group_capacity(const GArray *subnets, const TgwNodeGroupDef *ng, TgwCniMode mode,
               TgwCapacityGroup *out)
{
    TgwCniDef cni = *ng->cluster->cni;
    TgwIpamdLimits lim;
    TgwIpamdSteady idle, full;

    cni.mode = mode;
    out->def = ng;
    out->mode = mode;
    out->kubelet_max_pods = tgw_node_group_kubelet_max_pods(ng, &cni);
    tgw_ipamd_limits_init(&lim, ng->itype, &cni, mode, out->kubelet_max_pods);
    out->addressable_pods = tgw_ipamd_addressable_pods(&lim);
    out->pods_per_node = MIN(out->kubelet_max_pods, out->addressable_pods);
    tgw_ipamd_steady_state(&lim, 0, &idle);
    tgw_ipamd_steady_state(&lim, out->pods_per_node, &full);
    out->idle_addresses = idle.addresses;
    out->full_addresses = full.addresses;
    /* custom networking: only the node's primary address stays in its own subnet */
    out->full_node_subnet = tgw_cni_mode_is_custom(mode) ? 1 : full.addresses;
    out->nodes =
        fit_nodes(subnets, ng, mode, full.addresses, out->full_node_subnet, &out->limiting);
    out->pods = out->nodes * out->pods_per_node;
    group_packing(ng, &lim, mode, subnets, out);
}

TgwCapacity *
tgw_capacity_new(const TgwScenario *sc)
{
    TgwCapacity *cap = g_new0(TgwCapacity, 1);
    cap->subnets = g_array_new(FALSE, TRUE, sizeof(TgwCapacitySubnet));
    cap->groups = g_array_new(FALSE, TRUE, sizeof(TgwCapacityGroup));
    for (guint i = 0; i < sc->subnets->len; i++) {
        TgwCapacitySubnet cs = {sc->subnets->pdata[i], 0, 0};
        cs.usable = tgw_cidr_aws_usable(cs.def->cidr);
        g_array_append_val(cap->subnets, cs);
    }
    add_consumers(sc, cap->subnets);
    for (guint i = 0; i < sc->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[i];
        for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
            TgwCapacityGroup g = {0};
            if (ng->itype == NULL)
                continue;
            group_capacity(cap->subnets, ng, (TgwCniMode) m, &g);
            g_array_append_val(cap->groups, g);
        }
    }
    /* the addresses pods draw from: node-group subnets, or the ENIConfig subnets */
    for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
        g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
        for (guint i = 0; i < sc->node_groups->len; i++) {
            const TgwNodeGroupDef *ng = sc->node_groups->pdata[i];
            for (guint k = 0; k < ng->subnets->len; k++) {
                const TgwSubnetDef *s = ng->subnets->pdata[k];
                if (tgw_cni_mode_is_custom((TgwCniMode) m))
                    s = tgw_node_group_eni_config_subnet(ng->cluster->cni, ng, s->az);
                if (s != NULL && g_hash_table_add(seen, (gpointer) s))
                    cap->pod_addresses[m] += tgw_cidr_aws_usable(s->cidr);
            }
        }
    }
    return cap;
}

void
tgw_capacity_free(TgwCapacity *cap)
{
    if (cap == NULL)
        return;
    g_array_unref(cap->subnets);
    g_array_unref(cap->groups);
    g_free(cap);
}

const TgwCapacitySubnet *
tgw_capacity_subnet(const TgwCapacity *cap, const TgwSubnetDef *def)
{
    return &g_array_index(cap->subnets, TgwCapacitySubnet, def->index);
}

const TgwCapacityGroup *
tgw_capacity_group(const TgwCapacity *cap, const TgwNodeGroupDef *def, TgwCniMode mode)
{
    for (guint i = 0; i < cap->groups->len; i++) {
        const TgwCapacityGroup *g = &g_array_index(cap->groups, TgwCapacityGroup, i);
        if (g->def == def && g->mode == mode)
            return g;
    }
    return NULL;
}
