/* tgw-scenario-load-timeline.c: the timeline and the expectations (see
 * tgw-scenario-load-private.h).
 *
 * Timeline actions refer to what the rest of the file declares, and subnets the timeline adds are
 * declared before anything is resolved, so that clusters may name them; actions are sorted by
 * time, document order within a time. Each <expect> is checked for the attributes its kind
 * needs. */
#include "tgw-scenario-load-private.h"

/* ---- timeline -------------------------------------------------------------------------------- */

static TgwActionDef *
action_new(Loader *ld, xmlNode *node, TgwActionKind kind, gint64 at_ms)
{
    TgwActionDef *a = g_new0(TgwActionDef, 1);
    a->kind = kind;
    a->line = tgw_xml_line(node);
    a->at_ms = at_ms;
    a->min = a->max = a->desired = G_MAXUINT;
    g_ptr_array_add(ld->sc->actions, a);
    return a;
}

/* the CNI settings in force for a cluster after every set-cni built so far */
static const TgwCniDef *
current_cni(Loader *ld, TgwClusterDef *cluster, gint64 at_ms)
{
    const TgwCniDef *cni = cluster->cni;
    gint64 latest = -1;
    for (guint i = 0; i < ld->sc->actions->len; i++) {
        TgwActionDef *a = ld->sc->actions->pdata[i];
        if (a->kind == TGW_ACTION_SET_CNI && a->cluster == cluster && a->cni != NULL &&
            a->at_ms <= at_ms && a->at_ms >= latest) {
            cni = a->cni;
            latest = a->at_ms;
        }
    }
    return cni;
}

static void
build_action(Loader *ld, xmlNode *node, gint64 at_ms)
{
    const char *elem = (const char *) node->name;

    if (load_is_consumer_element(node)) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_CONSUMER, at_ms);
        a->consumer = load_build_consumer(ld, node, at_ms);
    } else if (g_str_equal(elem, "scale")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SCALE_WORKLOAD, at_ms);
        a->workload = load_resolve_workload(ld, node, "workload");
        load_read_replicas(ld, node, "replicas", &a->replicas);
        if (a->workload != NULL && a->workload->kind != TGW_WORKLOAD_DEPLOYMENT)
            loader_error(ld, node, "BAD-VALUE",
                         "scale: workload '%s' is not a deployment; only deployments have "
                         "replicas",
                         a->workload->name);
    } else if (g_str_equal(elem, "scale-node-group")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SCALE_NODE_GROUP, at_ms);
        a->node_group = load_resolve_node_group(ld, node, "node-group");
        load_read_guint(ld, node, "min", 0, MAX_NODES_PER_GROUP, &a->min);
        load_read_guint(ld, node, "max", 0, MAX_NODES_PER_GROUP, &a->max);
        load_read_guint(ld, node, "desired", 0, MAX_NODES_PER_GROUP, &a->desired);
        if (xmlHasProp(node, (const xmlChar *) "min") == NULL &&
            xmlHasProp(node, (const xmlChar *) "max") == NULL &&
            xmlHasProp(node, (const xmlChar *) "desired") == NULL)
            loader_error(ld, node, "BAD-VALUE",
                         "scale-node-group changes nothing; give min, max or desired");
    } else if (g_str_equal(elem, "add-cidr-block")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_CIDR_BLOCK, at_ms);
        a->vpc = load_resolve_vpc(ld, node, "vpc");
        if (a->vpc != NULL)
            a->cidr_block = load_cidr_block_new(ld, node, a->vpc, FALSE, MAX(at_ms, 1));
    } else if (g_str_equal(elem, "add-subnet")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_SUBNET, at_ms);
        g_autofree char *table = NULL;
        a->subnet = g_hash_table_lookup(ld->built, node);
        if (a->subnet == NULL)
            return; /* its VPC is unknown: already reported */
        a->vpc = a->subnet->vpc;
        if (load_read_name(ld, node, "route-table", &table) == ATTR_OK) {
            /* from the end: a declared table called "main" wins over the implicit main table,
             * which has the same name and sits first */
            for (guint i = a->vpc->tables->len; i-- > 0 && a->subnet->table == NULL;) {
                TgwVpcTableDef *t = a->vpc->tables->pdata[i];
                if (g_str_equal(t->name, table))
                    a->subnet->table = t;
            }
            if (a->subnet->table != NULL) {
                g_ptr_array_add(a->subnet->table->subnets, a->subnet);
            } else {
                g_autofree char *scope = g_strdup_printf("VPC '%s'", a->vpc->name);
                load_lookup_named(ld, node, "route-table", a->vpc->tables, "route table", table,
                                  scope);
            }
        }
    } else if (g_str_equal(elem, "set-cni")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SET_CNI, at_ms);
        a->cluster = load_resolve_cluster(ld, node, "cluster");
        if (a->cluster != NULL) {
            a->cni = tgw_cni_def_copy(current_cni(ld, a->cluster, at_ms));
            a->cni->line = a->line;
            load_read_cni_settings(ld, node, a->cni, a->cluster->vpc);
        }
    } else if (g_str_equal(elem, "roll-node-group")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ROLL_NODE_GROUP, at_ms);
        a->node_group = load_resolve_node_group(ld, node, "node-group");
    } else if (g_str_equal(elem, "attach") || g_str_equal(elem, "detach")) {
        TgwActionDef *a = action_new(
            ld, node, g_str_equal(elem, "attach") ? TGW_ACTION_ATTACH : TGW_ACTION_DETACH, at_ms);
        TgwTgwDef *tgw = load_resolve_tgw(ld, node, "transit-gateway");
        g_autofree char *name = NULL;
        if (tgw != NULL && load_read_name(ld, node, "attachment", &name) == ATTR_OK)
            a->attachment = load_resolve_attachment_name(ld, node, "attachment", tgw, name);
    } else if (g_str_equal(elem, "add-route")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_ROUTE, at_ms);
        TgwTgwDef *tgw = load_resolve_tgw(ld, node, "transit-gateway");
        if (tgw != NULL)
            a->route = load_read_tgw_route(ld, node, tgw);
    } else if (g_str_equal(elem, "remove-route")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_REMOVE_ROUTE, at_ms);
        TgwTgwDef *tgw = load_resolve_tgw(ld, node, "transit-gateway");
        g_autofree char *table = NULL;
        a->route = g_new0(TgwTgwRouteDef, 1);
        a->route->line = a->line;
        load_read_cidr(ld, node, "cidr", &a->route->cidr);
        if (tgw != NULL && load_read_name(ld, node, "table", &table) == ATTR_OK)
            a->route->table = load_resolve_tgw_table_name(ld, node, "table", tgw, table);
    } else if (g_str_equal(elem, "remove-consumer")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_REMOVE_CONSUMER, at_ms);
        a->consumer = load_resolve_consumer(ld, node, "name");
        if (a->consumer != NULL) {
            if (at_ms <= a->consumer->start_ms)
                loader_error(ld, node, "CONSUMER-WINDOW",
                             "remove-consumer: '%s' is removed before it is added; remove it "
                             "later",
                             a->consumer->name);
            a->consumer->end_ms = MIN(a->consumer->end_ms, at_ms);
        }
    } else if (g_str_equal(elem, "eks-upgrade")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_EKS_UPGRADE, at_ms);
        a->cluster = load_resolve_cluster(ld, node, "cluster");
        a->duration_ms = 30 * TGW_MS_PER_MINUTE;
        a->extra_enis = 5;
        load_read_duration(ld, node, "duration", &a->duration_ms);
        load_read_guint(ld, node, "extra-enis", 1, 5, &a->extra_enis);
    }
}

void
load_declare_timeline_subnets(Loader *ld, xmlNode *root)
{
    FOR_CHILDREN(timeline, root, "timeline")
    {
        FOR_CHILDREN(at, timeline, "at")
        {
            g_autofree char *time = tgw_xml_prop(at, "time");
            gint64 at_ms = 0;
            if (time == NULL || !tgw_duration_parse(time, &at_ms, NULL))
                continue; /* load_build_timeline reports it */
            FOR_CHILDREN(child, at, "add-subnet")
            {
                TgwVpcDef *vpc = load_resolve_vpc(ld, child, "vpc");
                if (vpc != NULL)
                    g_hash_table_insert(ld->built, child,
                                        load_subnet_new(ld, child, vpc, MAX(at_ms, 1)));
            }
        }
    }
}

void
load_build_timeline(Loader *ld, xmlNode *timeline)
{
    FOR_CHILDREN(at, timeline, "at")
    {
        gint64 at_ms = 0;
        if (load_read_duration(ld, at, "time", &at_ms) != ATTR_OK)
            continue;
        if (at_ms > ld->sc->horizon_ms)
            loader_warning(ld, at, "TIMELINE-BEYOND-HORIZON",
                           "this moment is after the horizon; its actions never happen (raise "
                           "the scenario's horizon or move them earlier)");
        FOR_CHILDREN(child, at, NULL)
        {
            build_action(ld, child, at_ms);
        }
    }
}

gint
load_action_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwActionDef *a = *(const TgwActionDef *const *) pa;
    const TgwActionDef *b = *(const TgwActionDef *const *) pb;
    if (a->at_ms != b->at_ms)
        return a->at_ms < b->at_ms ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* ---- expectations ---------------------------------------------------------------------------- */

void
load_build_expect(Loader *ld, xmlNode *node)
{
    TgwExpectDef *e = g_new0(TgwExpectDef, 1);
    g_autoptr(GPtrArray) kinds = g_ptr_array_new();
    g_autofree char *cni = NULL, *subnet = NULL, *table = NULL, *sev = NULL, *ng = NULL;
    gboolean absent = FALSE;

    e->line = tgw_xml_line(node);
    load_read_string(ld, node, "name", &e->name);
    if (e->name == NULL)
        e->name = g_strdup("?");
    for (guint i = 0; i < ld->sc->expects->len; i++) {
        const TgwExpectDef *other = ld->sc->expects->pdata[i];
        if (g_str_equal(other->name, e->name))
            loader_error(ld, node, "DUPLICATE-NAME",
                         "expect '%s' is declared twice (first at line %d); tgwsim test reports "
                         "expectations by name, so names must be unique",
                         e->name, other->line);
    }
    g_ptr_array_add(ld->sc->expects, e);
    e->runs = 1;
    e->limit = -1;
    e->time_ms = -1;
    e->present = TRUE;

    if (load_read_string(ld, node, "cni", &cni) == ATTR_OK)
        e->has_cni = tgw_cni_mode_parse(cni, &e->cni);
    if (load_read_gint64(ld, node, "pods-waiting-for-ip", 0, G_MAXINT64 / 2, &e->limit) ==
        ATTR_OK) {
        e->kind = TGW_EXPECT_PODS_WAITING;
        g_ptr_array_add(kinds, "pods-waiting-for-ip");
    }
    if (load_read_gint64(ld, node, "unschedulable", 0, G_MAXINT64 / 2, &e->limit) == ATTR_OK) {
        e->kind = TGW_EXPECT_UNSCHEDULABLE;
        g_ptr_array_add(kinds, "unschedulable");
    }
    if (load_read_count_or_percent(ld, node, "min-free", &e->min_free) == ATTR_OK) {
        e->kind = TGW_EXPECT_MIN_FREE;
        g_ptr_array_add(kinds, "min-free");
    }
    if (load_read_duration(ld, node, "no-exhaustion-before", &e->time_ms) == ATTR_OK) {
        e->kind = TGW_EXPECT_NO_EXHAUSTION_BEFORE;
        g_ptr_array_add(kinds, "no-exhaustion-before");
    }
    if (load_read_duration(ld, node, "exhausts-before", &e->time_ms) == ATTR_OK) {
        e->kind = TGW_EXPECT_EXHAUSTS_BEFORE;
        g_ptr_array_add(kinds, "exhausts-before");
    }
    if (xmlHasProp(node, (const xmlChar *) "reachable-from") != NULL ||
        xmlHasProp(node, (const xmlChar *) "reachable-to") != NULL) {
        e->kind = TGW_EXPECT_REACHABLE;
        g_ptr_array_add(kinds, "reachable-from/-to");
        load_read_string(ld, node, "reachable-from", &e->from);
        load_read_string(ld, node, "reachable-to", &e->to);
    }
    if (xmlHasProp(node, (const xmlChar *) "unreachable-from") != NULL ||
        xmlHasProp(node, (const xmlChar *) "unreachable-to") != NULL) {
        e->kind = TGW_EXPECT_UNREACHABLE;
        g_ptr_array_add(kinds, "unreachable-from/-to");
        load_read_string(ld, node, "unreachable-from", &e->from);
        load_read_string(ld, node, "unreachable-to", &e->to);
    }
    if (load_read_string(ld, node, "table", &table) == ATTR_OK) {
        e->kind = TGW_EXPECT_ROUTE;
        g_ptr_array_add(kinds, "table/cidr");
    }
    if (load_read_string(ld, node, "findings-max-severity", &sev) == ATTR_OK) {
        e->kind = TGW_EXPECT_FINDINGS_MAX;
        tgw_severity_parse(sev, &e->max_severity);
        g_ptr_array_add(kinds, "findings-max-severity");
    }
    if (xmlHasProp(node, (const xmlChar *) "at-least") != NULL) {
        e->kind = TGW_EXPECT_MAX_PODS;
        g_ptr_array_add(kinds, "node-group/at-least");
        load_read_gint64(ld, node, "at-least", 0, 100000, &e->limit);
    }
    if (xmlHasProp(node, (const xmlChar *) "exhaustion-probability-at-most") != NULL) {
        e->kind = TGW_EXPECT_EXHAUSTION_PROBABILITY;
        g_ptr_array_add(kinds, "exhaustion-probability-at-most");
        load_read_share(ld, node, "exhaustion-probability-at-most", &e->probability);
    }
    if (load_read_gint64(ld, node, "nodes-at-exhaustion-min", 0, 1000000, &e->limit) == ATTR_OK) {
        e->kind = TGW_EXPECT_NODES_AT_EXHAUSTION;
        g_ptr_array_add(kinds, "nodes-at-exhaustion-min");
    }
    load_read_guint(ld, node, "runs", 1, 10000, &e->runs);

    if (kinds->len == 0) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s' checks nothing; give one of pods-waiting-for-ip, unschedulable, "
                     "min-free, no-exhaustion-before, exhausts-before, reachable-from/-to, "
                     "unreachable-from/-to, table+cidr, findings-max-severity, "
                     "node-group+at-least, exhaustion-probability-at-most, "
                     "nodes-at-exhaustion-min",
                     e->name);
        return;
    }
    if (kinds->len > 1) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s' mixes %s and %s; an expectation checks one thing, split it",
                     e->name, (const char *) kinds->pdata[0], (const char *) kinds->pdata[1]);
        return;
    }

    /* an attribute of another kind would be ignored without a word */
    {
        static const struct {
            const char *attr;
            TgwExpectKind kind;
            const char *with;
        } owned[] = {
            {"cidr", TGW_EXPECT_ROUTE, "table"},
            {"present", TGW_EXPECT_ROUTE, "table"},
            {"absent", TGW_EXPECT_ROUTE, "table"},
            {"state", TGW_EXPECT_ROUTE, "table"},
            {"node-group", TGW_EXPECT_MAX_PODS, "at-least"},
            {"runs", TGW_EXPECT_EXHAUSTION_PROBABILITY, "exhaustion-probability-at-most"},
        };
        for (guint i = 0; i < G_N_ELEMENTS(owned); i++) {
            if (e->kind != owned[i].kind &&
                xmlHasProp(node, (const xmlChar *) owned[i].attr) != NULL)
                loader_error(ld, node, "EXPECT-KIND",
                             "expect '%s': %s= goes with %s= only; this expectation checks %s",
                             e->name, owned[i].attr, owned[i].with, (const char *) kinds->pdata[0]);
        }
    }

    /* what each kind needs */
    if (load_read_string(ld, node, "subnet", &subnet) == ATTR_OK) {
        if (e->kind != TGW_EXPECT_MIN_FREE && e->kind != TGW_EXPECT_NO_EXHAUSTION_BEFORE &&
            e->kind != TGW_EXPECT_EXHAUSTS_BEFORE)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': subnet= goes with min-free, no-exhaustion-before or "
                         "exhausts-before",
                         e->name);
        else
            e->subnet = load_resolve_subnet_ref(ld, node, "subnet", subnet);
    } else if (e->kind == TGW_EXPECT_MIN_FREE) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s': min-free needs subnet=\"VPC/SUBNET\" (or a unique subnet name)",
                     e->name);
    }
    if ((e->kind == TGW_EXPECT_REACHABLE || e->kind == TGW_EXPECT_UNREACHABLE) &&
        (e->from == NULL || e->to == NULL))
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s': a reachability check needs both %s-from and %s-to", e->name,
                     e->kind == TGW_EXPECT_REACHABLE ? "reachable" : "unreachable",
                     e->kind == TGW_EXPECT_REACHABLE ? "reachable" : "unreachable");
    if (e->kind == TGW_EXPECT_ROUTE) {
        const char *slash = strchr(table, '/');
        gboolean has_state = xmlHasProp(node, (const xmlChar *) "state") != NULL;
        gboolean has_present = load_read_bool(ld, node, "present", &e->present) == ATTR_OK;
        gboolean has_absent = load_read_bool(ld, node, "absent", &absent) == ATTR_OK;
        if (has_absent)
            e->present = !absent;
        load_read_string(ld, node, "state", &e->state);
        if (slash == NULL) {
            loader_error(ld, node, "BAD-VALUE",
                         "expect '%s', attribute 'table': '%s' must name the transit gateway and "
                         "the table, TGW/TABLE",
                         e->name, table);
        } else {
            g_autofree char *tgw_name = g_strndup(table, (gsize) (slash - table));
            TgwTgwDef *tgw = load_lookup_named(ld, node, "table", ld->sc->tgws, "transit gateway",
                                               tgw_name, NULL);
            if (tgw != NULL)
                e->table = load_resolve_tgw_table_name(ld, node, "table", tgw, slash + 1);
        }
        if (load_read_cidr(ld, node, "cidr", &e->cidr) == ATTR_ABSENT)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': a route check needs cidr=", e->name);
        if (has_state + has_present + has_absent != 1)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': say one of present=\"true\", absent=\"true\" or "
                         "state=\"active|blackhole|shadowed\"",
                         e->name);
    }
    if (e->kind == TGW_EXPECT_MAX_PODS) {
        if (load_read_name(ld, node, "node-group", &ng) == ATTR_OK)
            e->node_group = load_resolve_node_group(ld, node, "node-group");
        else
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': at-least needs node-group=", e->name);
    }
}
