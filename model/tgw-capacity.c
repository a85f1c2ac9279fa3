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
#undef TAKE
}

static guint64
free_in(const GArray *subnets, const TgwSubnetDef *s)
{
    const TgwCapacitySubnet *cs = &g_array_index(subnets, TgwCapacitySubnet, s->index);
    return cs->consumers >= cs->usable ? 0 : cs->usable - cs->consumers;
}

/* one node group in one mode: fill its AZs evenly until a subnet runs dry */
static void
group_capacity(const GArray *subnets, const TgwNodeGroupDef *ng, TgwCniMode mode,
               TgwCapacityGroup *out)
{
    TgwCniDef cni = *ng->cluster->cni;
    TgwIpamdLimits lim;
    TgwIpamdSteady idle, full;
    g_autoptr(GPtrArray) azs = tgw_subnets_azs(ng->subnets);
    guint64 per_az = G_MAXUINT64;

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
        fit = node_free / MAX(out->full_node_subnet, 1u);
        if (tgw_cni_mode_is_custom(mode)) {
            const TgwSubnetDef *pods = tgw_cni_def_eni_config_subnet(ng->cluster->cni, az);
            guint64 pod_fit =
                pods != NULL ? free_in(subnets, pods) / MAX(full.addresses - 1, 1u) : 0;
            if (pod_fit < fit) {
                fit = pod_fit;
                limiting = pods;
            }
        }
        if (fit < per_az || (fit == per_az && out->limiting == NULL)) {
            per_az = fit;
            out->limiting = limiting;
        }
    }
    out->nodes = per_az == G_MAXUINT64 ? 0 : per_az * azs->len;
    out->pods = out->nodes * out->pods_per_node;
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
                    s = tgw_cni_def_eni_config_subnet(ng->cluster->cni, s->az);
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
