/* tgw-scenario.c: freeing, look-ups and enum names of the loaded scenario (tgw-scenario.h). */
#include "tgw-scenario.h"
#include "tgw-scenario-private.h"

#include <string.h>

const char *
tgw_attachment_kind_name(TgwAttachmentKind kind)
{
    static const char *names[] = {"vpc", "vpn", "dx-gateway", "connect", "peering"};
    return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

const char *
tgw_cni_mode_name(TgwCniMode mode)
{
    static const char *names[] = {"default", "custom", "prefix", "custom+prefix"};
    return mode < G_N_ELEMENTS(names) ? names[mode] : "unknown";
}

gboolean
tgw_cni_mode_parse(const char *text, TgwCniMode *out)
{
    for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
        if (g_str_equal(text, tgw_cni_mode_name((TgwCniMode) m))) {
            *out = (TgwCniMode) m;
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
tgw_cni_mode_is_custom(TgwCniMode mode)
{
    return mode == TGW_CNI_CUSTOM || mode == TGW_CNI_CUSTOM_PREFIX;
}

gboolean
tgw_cni_mode_is_prefix(TgwCniMode mode)
{
    return mode == TGW_CNI_PREFIX || mode == TGW_CNI_CUSTOM_PREFIX;
}

const char *
tgw_consumer_kind_name(TgwConsumerKind kind)
{
    static const char *names[] = {"alb",         "nlb", "msk",        "endpoint",
                                  "nat-gateway", "rds", "ip-consumer"};
    return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

const char *
tgw_action_kind_name(TgwActionKind kind)
{
    static const char *names[] = {
        "scale",           "scale-node-group", "add-cidr-block", "add-subnet", "set-cni",
        "roll-node-group", "attach",           "detach",         "add-route",  "remove-route",
        "add-consumer",    "remove-consumer",  "eks-upgrade"};
    return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

const char *
tgw_expect_kind_name(TgwExpectKind kind)
{
    static const char *names[] = {"pods-waiting-for-ip",
                                  "unschedulable",
                                  "min-free",
                                  "no-exhaustion-before",
                                  "exhausts-before",
                                  "reachable",
                                  "unreachable",
                                  "route",
                                  "findings-max-severity",
                                  "max-pods",
                                  "exhaustion-probability-at-most",
                                  "nodes-at-exhaustion-min"};
    return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

TgwSubnetDef *
tgw_cni_def_eni_config_subnet(const TgwCniDef *cni, const char *az)
{
    return tgw_node_group_eni_config_subnet(cni, NULL, az);
}

TgwSubnetDef *
tgw_node_group_eni_config_subnet(const TgwCniDef *cni, const TgwNodeGroupDef *ng, const char *az)
{
    for (guint i = 0; i < cni->eni_configs->len; i++) {
        TgwEniConfigDef *ec = cni->eni_configs->pdata[i];
        if (!g_str_equal(ec->az, az))
            continue;
        if (ng != NULL && ng->eni_configs != NULL
                ? ec->name != NULL &&
                      g_strv_contains((const char *const *) ng->eni_configs, ec->name)
                : ec->name == NULL)
            return ec->subnet;
    }
    return NULL;
}

/* ---- freeing --------------------------------------------------------------------------------- */

static void
tgw_free(TgwTgwDef *tgw)
{
    for (guint i = 0; i < tgw->tables->len; i++) {
        TgwTgwTableDef *t = tgw->tables->pdata[i];
        g_free(t->name);
        g_free(t);
    }
    g_ptr_array_unref(tgw->tables);
    g_ptr_array_unref(tgw->routes); /* owned by the free func */
    g_ptr_array_unref(tgw->attachments);
    g_free(tgw->name);
    g_free(tgw);
}

static void
attachment_free(gpointer data)
{
    TgwAttachmentDef *a = data;
    g_free(a->name);
    g_ptr_array_unref(a->subnets);
    g_ptr_array_unref(a->propagate);
    g_array_unref(a->advertises);
    g_free(a);
}

static void
vpc_free(TgwVpcDef *vpc)
{
    g_ptr_array_unref(vpc->cidr_blocks);
    g_ptr_array_unref(vpc->subnets);
    for (guint i = 0; i < vpc->tables->len; i++) {
        TgwVpcTableDef *t = vpc->tables->pdata[i];
        for (guint j = 0; j < t->routes->len; j++) {
            TgwVpcRouteDef *r = t->routes->pdata[j];
            g_free(r->target_name);
            g_free(r);
        }
        g_ptr_array_unref(t->routes);
        g_ptr_array_unref(t->subnets);
        g_free(t->name);
        g_free(t);
    }
    g_ptr_array_unref(vpc->tables);
    g_ptr_array_unref(vpc->attachments);
    g_free(vpc->name);
    g_free(vpc);
}

const char *const tgw_in_use_kinds[] = {"interface",
                                        "natGateway",
                                        "efa",
                                        "efa-only",
                                        "trunk",
                                        "load_balancer",
                                        "network_load_balancer",
                                        "vpc_endpoint",
                                        "branch",
                                        "transit_gateway",
                                        "lambda",
                                        "quicksight",
                                        "global_accelerator_managed",
                                        "api_gateway_managed",
                                        "gateway_load_balancer",
                                        "gateway_load_balancer_endpoint",
                                        "iot_rules_managed",
                                        "aws_codestar_connections_managed",
                                        "other",
                                        NULL};

guint64
tgw_subnet_def_held_before(const TgwSubnetDef *s)
{
    guint64 usable = tgw_cidr_aws_usable(s->cidr), held = s->in_use_total;
    for (guint i = 0; s->reservations != NULL && i < s->reservations->len; i++)
        held += tgw_cidr_aws_usable_within(
            s->cidr, g_array_index(s->reservations, TgwReservationDef, i).cidr);
    return MIN(held, usable);
}

static void
subnet_free(gpointer data)
{
    TgwSubnetDef *s = data;
    g_free(s->name);
    g_free(s->az);
    if (s->in_use != NULL) {
        for (guint i = 0; i < s->in_use->len; i++)
            g_free(g_array_index(s->in_use, TgwInUseDef, i).by);
        g_array_unref(s->in_use);
    }
    if (s->reservations != NULL)
        g_array_unref(s->reservations);
    g_free(s);
}

void
tgw_cni_def_free(TgwCniDef *cni)
{
    if (cni == NULL)
        return;
    for (guint i = 0; i < cni->eni_configs->len; i++) {
        TgwEniConfigDef *ec = cni->eni_configs->pdata[i];
        g_free(ec->name);
        g_free(ec->az);
        g_free(ec);
    }
    g_ptr_array_unref(cni->eni_configs);
    g_array_unref(cni->exclude_snat_cidrs);
    g_free(cni);
}

static void
node_group_free(gpointer data)
{
    TgwNodeGroupDef *ng = data;
    g_free(ng->name);
    g_free(ng->instance_type);
    g_strfreev(ng->eni_configs);
    g_ptr_array_unref(ng->subnets);
    g_free(ng);
}

static void
workload_free(gpointer data)
{
    TgwWorkloadDef *w = data;
    g_free(w->name);
    g_free(w);
}

static void
cluster_free(TgwClusterDef *c)
{
    g_ptr_array_unref(c->subnets);
    tgw_cni_def_free(c->cni);
    g_free(c->autoscaler);
    g_ptr_array_unref(c->node_groups);
    g_ptr_array_unref(c->workloads);
    g_free(c->name);
    g_free(c);
}

static void
consumer_free(TgwConsumerDef *c)
{
    g_free(c->name);
    g_free(c->service);
    g_ptr_array_unref(c->subnets);
    g_free(c);
}

static void
action_free(TgwActionDef *a)
{
    tgw_cni_def_free(a->cni);
    /* the route of add-route and remove-route belongs to the action: tgw->routes holds only the
     * static routes declared at the start */
    if (a->kind == TGW_ACTION_ADD_ROUTE || a->kind == TGW_ACTION_REMOVE_ROUTE)
        g_free(a->route);
    g_free(a);
}

static void
expect_free(TgwExpectDef *e)
{
    g_free(e->name);
    g_free(e->from);
    g_free(e->to);
    g_free(e->state);
    g_free(e);
}

void
tgw_scenario_free(TgwScenario *sc)
{
    if (sc == NULL)
        return;
    if (sc->tgws != NULL) {
        for (guint i = 0; i < sc->tgws->len; i++)
            tgw_free(sc->tgws->pdata[i]);
        g_ptr_array_unref(sc->tgws);
    }
    if (sc->vpcs != NULL) {
        for (guint i = 0; i < sc->vpcs->len; i++)
            vpc_free(sc->vpcs->pdata[i]);
        g_ptr_array_unref(sc->vpcs);
    }
    if (sc->clusters != NULL) {
        for (guint i = 0; i < sc->clusters->len; i++)
            cluster_free(sc->clusters->pdata[i]);
        g_ptr_array_unref(sc->clusters);
    }
    if (sc->consumers != NULL) {
        for (guint i = 0; i < sc->consumers->len; i++)
            consumer_free(sc->consumers->pdata[i]);
        g_ptr_array_unref(sc->consumers);
    }
    if (sc->actions != NULL) {
        for (guint i = 0; i < sc->actions->len; i++)
            action_free(sc->actions->pdata[i]);
        g_ptr_array_unref(sc->actions);
    }
    if (sc->expects != NULL) {
        for (guint i = 0; i < sc->expects->len; i++)
            expect_free(sc->expects->pdata[i]);
        g_ptr_array_unref(sc->expects);
    }
    g_clear_pointer(&sc->subnets, g_ptr_array_unref);
    g_clear_pointer(&sc->attachments, g_ptr_array_unref);
    g_clear_pointer(&sc->node_groups, g_ptr_array_unref);
    g_clear_pointer(&sc->workloads, g_ptr_array_unref);
    g_free(sc->file);
    g_strfreev(sc->overrides);
    g_free(sc->name);
    g_free(sc->description);
    g_free(sc->region);
    g_free(sc);
}

/* allocation helpers the loader uses; every list gets its owner's free function */
TgwScenario *
tgw_scenario_new(const char *file)
{
    TgwScenario *sc = g_new0(TgwScenario, 1);
    sc->file = g_strdup(file);
    sc->tgws = g_ptr_array_new();
    sc->vpcs = g_ptr_array_new();
    sc->clusters = g_ptr_array_new();
    sc->consumers = g_ptr_array_new();
    sc->actions = g_ptr_array_new();
    sc->expects = g_ptr_array_new();
    sc->subnets = g_ptr_array_new_with_free_func(subnet_free);
    sc->attachments = g_ptr_array_new_with_free_func(attachment_free);
    sc->node_groups = g_ptr_array_new_with_free_func(node_group_free);
    sc->workloads = g_ptr_array_new_with_free_func(workload_free);
    return sc;
}

/* ---- look-ups -------------------------------------------------------------------------------- */

#define FIND_BY_NAME(array, type)                                                                  \
    for (guint i = 0; i < (array)->len; i++) {                                                     \
        type *item = (array)->pdata[i];                                                            \
        if (g_str_equal(item->name, name))                                                         \
            return item;                                                                           \
    }                                                                                              \
    return NULL

TgwVpcDef *
tgw_scenario_find_vpc(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->vpcs, TgwVpcDef);
}

TgwTgwDef *
tgw_scenario_find_tgw(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->tgws, TgwTgwDef);
}

TgwClusterDef *
tgw_scenario_find_cluster(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->clusters, TgwClusterDef);
}

TgwWorkloadDef *
tgw_scenario_find_workload(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->workloads, TgwWorkloadDef);
}

TgwNodeGroupDef *
tgw_scenario_find_node_group(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->node_groups, TgwNodeGroupDef);
}

TgwConsumerDef *
tgw_scenario_find_consumer(const TgwScenario *sc, const char *name)
{
    FIND_BY_NAME(sc->consumers, TgwConsumerDef);
}

TgwSubnetDef *
tgw_vpc_find_subnet(const TgwVpcDef *vpc, const char *name)
{
    FIND_BY_NAME(vpc->subnets, TgwSubnetDef);
}

TgwTgwTableDef *
tgw_tgw_find_table(const TgwTgwDef *tgw, const char *name)
{
    FIND_BY_NAME(tgw->tables, TgwTgwTableDef);
}

TgwAttachmentDef *
tgw_tgw_find_attachment(const TgwTgwDef *tgw, const char *name)
{
    FIND_BY_NAME(tgw->attachments, TgwAttachmentDef);
}

TgwSubnetDef *
tgw_scenario_find_subnet(const TgwScenario *sc, const char *ref, gboolean *ambiguous)
{
    const char *slash = strchr(ref, '/');
    TgwSubnetDef *found = NULL;

    if (ambiguous != NULL)
        *ambiguous = FALSE;
    if (slash != NULL) {
        g_autofree char *vpc_name = g_strndup(ref, (gsize) (slash - ref));
        TgwVpcDef *vpc = tgw_scenario_find_vpc(sc, vpc_name);
        return vpc != NULL ? tgw_vpc_find_subnet(vpc, slash + 1) : NULL;
    }
    for (guint i = 0; i < sc->subnets->len; i++) {
        TgwSubnetDef *s = sc->subnets->pdata[i];
        if (!g_str_equal(s->name, ref))
            continue;
        if (found != NULL) {
            if (ambiguous != NULL)
                *ambiguous = TRUE;
            return NULL;
        }
        found = s;
    }
    return found;
}

gboolean
tgw_vpc_has_cidr(const TgwVpcDef *vpc, TgwCidr cidr)
{
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (tgw_cidr_equal(b->cidr, cidr))
            return TRUE;
    }
    return FALSE;
}

static gint
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
tgw_subnets_azs(const GPtrArray *subnets)
{
    GPtrArray *azs = g_ptr_array_new();
    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetDef *s = subnets->pdata[i];
        gboolean seen = FALSE;
        for (guint j = 0; j < azs->len && !seen; j++)
            seen = g_str_equal(azs->pdata[j], s->az);
        if (!seen)
            g_ptr_array_add(azs, s->az);
    }
    g_ptr_array_sort(azs, compare_strings);
    return azs;
}

TgwCniDef *
tgw_cni_def_new(void)
{
    TgwCniDef *cni = g_new0(TgwCniDef, 1);
    cni->mode = TGW_CNI_DEFAULT;
    cni->warm_eni_target = 1;
    cni->warm_prefix_target = 1;
    cni->ip_cooldown_ms = 30 * TGW_MS_PER_SECOND;
    cni->subnet_discovery = TRUE;
    cni->eni_attach_ms = 5 * TGW_MS_PER_SECOND;
    cni->ip_assign_ms = 1 * TGW_MS_PER_SECOND;
    cni->exclude_snat_cidrs = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    cni->eni_configs = g_ptr_array_new();
    return cni;
}

TgwCniDef *
tgw_cni_def_copy(const TgwCniDef *cni)
{
    TgwCniDef *copy = g_new0(TgwCniDef, 1);
    *copy = *cni;
    copy->exclude_snat_cidrs = g_array_copy(cni->exclude_snat_cidrs);
    copy->eni_configs = g_ptr_array_new();
    for (guint i = 0; i < cni->eni_configs->len; i++) {
        TgwEniConfigDef *ec = g_memdup2(cni->eni_configs->pdata[i], sizeof(TgwEniConfigDef));
        ec->az = g_strdup(ec->az);
        ec->name = g_strdup(ec->name);
        g_ptr_array_add(copy->eni_configs, ec);
    }
    return copy;
}
