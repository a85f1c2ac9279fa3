/* tgw-scenario-load-eks.c: EKS clusters and the other consumers (see
 * tgw-scenario-load-private.h).
 *
 * A cluster's VPC CNI settings (also read by the timeline's set-cni), node groups and workloads,
 * with the defaults the checks after them rely on; load balancers, MSK, endpoints, NAT gateways
 * and RDS as consumers of addresses. */
#include "tgw-scenario-load-private.h"

/* ---- EKS ------------------------------------------------------------------------------------- */

void
load_read_cni_settings(Loader *ld, xmlNode *node, TgwCniDef *cni, TgwVpcDef *vpc)
{
    g_autofree char *mode = NULL;

    if (load_read_string(ld, node, "mode", &mode) == ATTR_OK)
        tgw_cni_mode_parse(mode, &cni->mode); /* the XSD has checked the enumeration */
    load_read_gint64(ld, node, "warm-eni-target", 0, 100, &cni->warm_eni_target);
    load_read_gint64(ld, node, "warm-ip-target", 0, 100000, &cni->warm_ip_target);
    load_read_gint64(ld, node, "minimum-ip-target", 0, 100000, &cni->minimum_ip_target);
    load_read_gint64(ld, node, "warm-prefix-target", 0, 10000, &cni->warm_prefix_target);
    load_read_duration(ld, node, "ip-cooldown", &cni->ip_cooldown_ms);
    load_read_guint(ld, node, "max-eni", 1, 1000, &cni->max_eni);
    load_read_bool(ld, node, "external-snat", &cni->external_snat);
    if (xmlHasProp(node, (const xmlChar *) "exclude-snat-cidrs") != NULL) {
        g_array_set_size(cni->exclude_snat_cidrs, 0);
        load_read_cidr_list(ld, node, "exclude-snat-cidrs", cni->exclude_snat_cidrs);
    }
    load_read_bool(ld, node, "subnet-discovery", &cni->subnet_discovery);
    load_read_duration(ld, node, "eni-attach-time", &cni->eni_attach_ms);
    load_read_duration(ld, node, "ip-assign-time", &cni->ip_assign_ms);

    gboolean has_eni_configs = FALSE;
    FOR_CHILDREN(child, node, "eni-config")
    {
        if (!has_eni_configs) {
            /* eni-config children replace the list (set-cni may restate it) */
            for (guint i = 0; i < cni->eni_configs->len; i++) {
                TgwEniConfigDef *old = cni->eni_configs->pdata[i];
                g_free(old->name);
                g_free(old->az);
                g_free(old);
            }
            g_ptr_array_set_size(cni->eni_configs, 0);
            has_eni_configs = TRUE;
        }
        TgwEniConfigDef *ec = g_new0(TgwEniConfigDef, 1);
        g_autofree char *subnet = NULL;
        ec->line = tgw_xml_line(child);
        {
            g_auto(GStrv) sgs = NULL; /* informational: checked as a list, not kept */
            load_read_names(ld, child, "security-groups", &sgs);
        }
        load_read_name(ld, child, "az", &ec->az);
        load_read_name(ld, child, "name", &ec->name);
        if (ec->az == NULL)
            ec->az = g_strdup("?");
        for (guint i = 0; i < cni->eni_configs->len; i++) {
            TgwEniConfigDef *other = cni->eni_configs->pdata[i];
            if (ec->name == NULL && other->name == NULL && g_str_equal(other->az, ec->az))
                loader_error(ld, child, "DUPLICATE-NAME",
                             "eni-config for AZ '%s' is declared twice (first at line %d); one "
                             "unnamed ENIConfig per AZ (give the others a name= that node "
                             "groups' eni-config= picks)",
                             ec->az, other->line);
            else if (ec->name != NULL && g_strcmp0(other->name, ec->name) == 0)
                loader_error(ld, child, "DUPLICATE-NAME",
                             "eni-config '%s' is declared twice (first at line %d)", ec->name,
                             other->line);
        }
        if (load_read_name(ld, child, "subnet", &subnet) == ATTR_OK && vpc != NULL) {
            ec->subnet = tgw_vpc_find_subnet(vpc, subnet);
            if (ec->subnet == NULL) {
                gboolean ambiguous = FALSE;
                TgwSubnetDef *other = tgw_scenario_find_subnet(ld->sc, subnet, &ambiguous);
                if (other != NULL)
                    loader_error(ld, child, "ENICONFIG-SUBNET-VPC",
                                 "eni-config for AZ '%s': subnet '%s' is in VPC '%s', but the "
                                 "cluster's VPC is '%s'; ENIConfig subnets must be in the node's "
                                 "VPC (add a secondary CIDR block to '%s' and a subnet in it)",
                                 ec->az, subnet, other->vpc->name, vpc->name, vpc->name);
                else
                    load_resolve_subnet_in(ld, child, "subnet", vpc, subnet);
            }
        }
        g_ptr_array_add(cni->eni_configs, ec);
    }
}

static void
build_node_group(Loader *ld, xmlNode *node, TgwClusterDef *cluster)
{
    TgwNodeGroupDef *ng = g_new0(TgwNodeGroupDef, 1);
    gboolean has_desired = FALSE, has_max = FALSE;
    g_autoptr(GPtrArray) subnets = NULL;

    load_read_name(ld, node, "name", &ng->name);
    if (ng->name == NULL)
        ng->name = g_strdup("?");
    ng->line = tgw_xml_line(node);
    ng->cluster = cluster;
    load_check_unique(ld, node, ld->sc->node_groups, "node group", ng->name, NULL);
    ng->index = ld->sc->node_groups->len;
    g_ptr_array_add(ld->sc->node_groups, ng);
    g_ptr_array_add(cluster->node_groups, ng);

    load_read_string(ld, node, "instance-type", &ng->instance_type);
    if (ng->instance_type != NULL) {
        ng->itype = tgw_instance_lookup(ng->instance_type);
        if (ng->itype == NULL) {
            const char *best = tgw_instance_suggest(ng->instance_type);
            guint n_types = 0;
            tgw_instance_all(&n_types);
            loader_error(ld, node, "INSTANCE-UNKNOWN",
                         "node group '%s': instance type '%s' is not in tgwsim's table of %u "
                         "types%s%s%s",
                         ng->name, ng->instance_type, n_types,
                         best != NULL ? "; did you mean '" : "", best != NULL ? best : "",
                         best != NULL ? "'?" : "");
        }
    }
    /* the ENIConfig names its nodes' label carries (checked against the cluster's ENIConfigs by
     * the design checks, which also see the timeline's set-cni) */
    load_read_names(ld, node, "eni-config", &ng->eni_configs);
    ng->min = 1;
    load_read_guint(ld, node, "min", 0, MAX_NODES_PER_GROUP, &ng->min);
    has_max = load_read_guint(ld, node, "max", 0, MAX_NODES_PER_GROUP, &ng->max) == ATTR_OK;
    has_desired =
        load_read_guint(ld, node, "desired", 0, MAX_NODES_PER_GROUP, &ng->desired) == ATTR_OK;
    if (!has_desired)
        ng->desired = ng->min;
    if (!has_max)
        ng->max = MAX(ng->min, ng->desired);
    if (ng->min > ng->max || ng->desired < ng->min || ng->desired > ng->max)
        loader_error(ld, node, "NODEGROUP-SIZE",
                     "node group '%s': min %u, desired %u, max %u; they must satisfy min <= "
                     "desired <= max",
                     ng->name, ng->min, ng->desired, ng->max);
    {
        g_autofree char *mp = tgw_xml_prop(node, "max-pods");
        if (g_strcmp0(mp, "auto") == 0)
            ng->max_pods_auto = TRUE;
        else
            load_read_guint(ld, node, "max-pods", 1, 10000, &ng->max_pods);
    }
    load_read_cpu(ld, node, "cpu", &ng->cpu_m);
    load_read_memory(ld, node, "memory", &ng->memory_bytes);
    ng->launch_ms = 90 * TGW_MS_PER_SECOND;
    load_read_duration(ld, node, "launch-time", &ng->launch_ms);
    subnets = load_resolve_subnets_in(ld, node, "subnets", cluster->vpc);
    ng->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();

    /* allocatable resources: the table's unless the node group states them */
    if (ng->itype != NULL) {
        gboolean missing = ng->itype->alloc_cpu_m == 0 || ng->itype->alloc_mem_mib == 0;
        if (ng->cpu_m == 0)
            ng->cpu_m = ng->itype->alloc_cpu_m;
        if (ng->memory_bytes == 0)
            ng->memory_bytes = ng->itype->alloc_mem_mib * 1024 * 1024;
        if (missing && (ng->cpu_m == 0 || ng->memory_bytes == 0))
            loader_error(ld, node, "INSTANCE-RESOURCES",
                         "node group '%s': tgwsim knows the ENI limits of '%s' but not its "
                         "allocatable CPU and memory; state them on the node group, e.g. "
                         "cpu=\"3920m\" memory=\"14Gi\"",
                         ng->name, ng->instance_type);
    }
}

static void
build_workload(Loader *ld, xmlNode *node, TgwClusterDef *cluster)
{
    TgwWorkloadDef *w = g_new0(TgwWorkloadDef, 1);
    g_autofree char *kind = NULL, *ng_name = NULL;
    gboolean has_replicas = FALSE, has_arrivals = FALSE;

    load_read_name(ld, node, "name", &w->name);
    if (w->name == NULL)
        w->name = g_strdup("?");
    w->line = tgw_xml_line(node);
    w->cluster = cluster;
    load_check_unique(ld, node, ld->sc->workloads, "workload", w->name, NULL);
    w->index = ld->sc->workloads->len;
    g_ptr_array_add(ld->sc->workloads, w);
    g_ptr_array_add(cluster->workloads, w);

    has_replicas = xmlHasProp(node, (const xmlChar *) "replicas") != NULL;
    has_arrivals = xmlHasProp(node, (const xmlChar *) "arrivals") != NULL;
    w->kind = has_arrivals ? TGW_WORKLOAD_JOB : TGW_WORKLOAD_DEPLOYMENT;
    if (load_read_string(ld, node, "kind", &kind) == ATTR_OK)
        w->kind = g_str_equal(kind, "job")         ? TGW_WORKLOAD_JOB
                  : g_str_equal(kind, "daemonset") ? TGW_WORKLOAD_DAEMONSET
                                                   : TGW_WORKLOAD_DEPLOYMENT;
    w->replicas.kind = TGW_REPLICAS_CONSTANT;
    w->replicas.min = w->replicas.max = 1;
    load_read_replicas(ld, node, "replicas", &w->replicas);
    if (has_arrivals) {
        g_autofree char *text = tgw_xml_prop(node, "arrivals");
        g_autofree char *rate = NULL;
        if (g_str_has_prefix(text, "poisson(") && g_str_has_suffix(text, ")")) {
            g_autoptr(GError) error = NULL;
            rate = g_strndup(text + 8, strlen(text) - 9);
            if (!tgw_rate_parse(rate, &w->arrivals_per_s, &error))
                load_bad_value(ld, node, "arrivals", error);
        } else {
            loader_error(ld, node, "BAD-VALUE",
                         "workload '%s', attribute 'arrivals': '%s' is not an arrival process; "
                         "write poisson(RATE), e.g. poisson(40/h)",
                         w->name, text);
        }
    }
    w->has_lifetime = load_read_distribution(ld, node, "lifetime", &w->lifetime) == ATTR_OK;
    load_read_cpu(ld, node, "cpu", &w->cpu_m);
    load_read_memory(ld, node, "memory", &w->memory_bytes);
    load_read_duration(ld, node, "rollout-every", &w->rollout_every_ms);
    w->max_surge = (TgwCountOrPercent){TRUE, 25};
    w->max_unavailable = (TgwCountOrPercent){TRUE, 25};
    load_read_count_or_percent(ld, node, "max-surge", &w->max_surge);
    load_read_count_or_percent(ld, node, "max-unavailable", &w->max_unavailable);
    w->startup_ms = 10 * TGW_MS_PER_SECOND;
    load_read_duration(ld, node, "startup-time", &w->startup_ms);
    load_read_bool(ld, node, "host-network", &w->host_network);
    load_read_duration(ld, node, "start", &w->start_ms);
    if (load_read_name(ld, node, "node-group", &ng_name) == ATTR_OK) {
        g_autofree char *scope = g_strdup_printf("cluster '%s'", cluster->name);
        w->node_group = load_lookup_named(ld, node, "node-group", cluster->node_groups,
                                          "node group", ng_name, scope);
    }

    /* the shape of each kind */
    if (w->kind == TGW_WORKLOAD_JOB && !has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "workload '%s' is a job but has no arrivals; add arrivals=\"poisson(RATE)\"",
                     w->name);
    if (w->kind == TGW_WORKLOAD_JOB && !w->has_lifetime && has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "job workload '%s' needs a lifetime (how long each job runs), e.g. "
                     "lifetime=\"exp(20m)\"",
                     w->name);
    if (w->kind != TGW_WORKLOAD_JOB && has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "workload '%s': arrivals= makes it a job, but kind is '%s'; drop kind or "
                     "arrivals",
                     w->name, kind);
    if (w->kind == TGW_WORKLOAD_DAEMONSET && has_replicas)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "daemonset '%s' runs one pod per node; it takes no replicas=", w->name);
    if (w->kind == TGW_WORKLOAD_JOB && has_replicas)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "job workload '%s' is driven by its arrivals; it takes no replicas=", w->name);
    if (w->kind == TGW_WORKLOAD_DAEMONSET)
        w->replicas.min = w->replicas.max = 0;
    if (w->kind == TGW_WORKLOAD_JOB)
        w->replicas.min = w->replicas.max = 0;
}

void
load_build_cluster(Loader *ld, xmlNode *node)
{
    TgwClusterDef *c = g_new0(TgwClusterDef, 1);
    g_autoptr(GPtrArray) subnets = NULL;
    guint n_cni = 0, n_ca = 0;

    load_read_name(ld, node, "name", &c->name);
    if (c->name == NULL)
        c->name = g_strdup("?");
    c->line = tgw_xml_line(node);
    c->node_groups = g_ptr_array_new();
    c->workloads = g_ptr_array_new();
    c->cni = tgw_cni_def_new();
    c->cni->line = c->line;
    c->autoscaler = g_new0(TgwAutoscalerDef, 1);
    c->autoscaler->scan_interval_ms = 10 * TGW_MS_PER_SECOND;
    c->autoscaler->scale_down_delay_ms = 10 * TGW_MS_PER_MINUTE;
    c->autoscaler->scale_down_utilization = 0.5;
    load_check_unique(ld, node, ld->sc->clusters, "EKS cluster", c->name, NULL);
    c->index = ld->sc->clusters->len;
    g_ptr_array_add(ld->sc->clusters, c);

    c->vpc = load_resolve_vpc(ld, node, "vpc");
    subnets = load_resolve_subnets_in(ld, node, "subnets", c->vpc);
    c->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();
    c->control_plane_enis = 2;
    load_read_guint(ld, node, "control-plane-enis", 2, 4, &c->control_plane_enis);

    FOR_CHILDREN(child, node, "vpc-cni")
    {
        if (n_cni++ > 0) {
            loader_error(ld, child, "DUPLICATE-ELEMENT",
                         "cluster '%s' has more than one <vpc-cni>; merge them into one", c->name);
            continue;
        }
        c->cni->line = tgw_xml_line(child);
        load_read_cni_settings(ld, child, c->cni, c->vpc);
    }
    FOR_CHILDREN(child, node, "cluster-autoscaler")
    {
        TgwAutoscalerDef *ca = c->autoscaler;
        if (n_ca++ > 0) {
            loader_error(ld, child, "DUPLICATE-ELEMENT",
                         "cluster '%s' has more than one <cluster-autoscaler>; merge them",
                         c->name);
            continue;
        }
        ca->line = tgw_xml_line(child);
        ca->enabled = TRUE;
        load_read_bool(ld, child, "enabled", &ca->enabled);
        load_read_duration(ld, child, "scan-interval", &ca->scan_interval_ms);
        load_read_duration(ld, child, "scale-up-delay", &ca->scale_up_delay_ms);
        load_read_duration(ld, child, "scale-down-delay", &ca->scale_down_delay_ms);
        load_read_share(ld, child, "scale-down-utilization", &ca->scale_down_utilization);
        if (ca->scan_interval_ms <= 0)
            loader_error(ld, child, "BAD-VALUE",
                         "cluster-autoscaler: scan-interval must be above zero, e.g. 10s");
    }
    FOR_CHILDREN(child, node, "node-group")
    {
        build_node_group(ld, child, c);
    }
    FOR_CHILDREN(child, node, "workload")
    {
        build_workload(ld, child, c);
    }
}

/* ---- consumers ------------------------------------------------------------------------------- */

TgwConsumerDef *
load_build_consumer(Loader *ld, xmlNode *node, gint64 added_ms)
{
    TgwConsumerDef *c = g_new0(TgwConsumerDef, 1);
    const char *elem = (const char *) node->name;
    g_autoptr(GPtrArray) subnets = NULL;

    load_read_name(ld, node, "name", &c->name);
    if (c->name == NULL)
        c->name = g_strdup("?");
    c->line = tgw_xml_line(node);
    load_check_unique(ld, node, ld->sc->consumers, "address consumer", c->name, NULL);
    c->index = ld->sc->consumers->len;
    g_ptr_array_add(ld->sc->consumers, c);
    c->end_ms = TGW_TIME_NEVER;
    c->start_ms = added_ms;
    if (added_ms > 0 && xmlHasProp(node, (const xmlChar *) "start") != NULL)
        loader_error(ld, node, "BAD-VALUE",
                     "%s '%s' is added by the timeline at %s; its start comes from <at time=...>, "
                     "drop start=",
                     elem, c->name, "that time");
    else
        load_read_duration(ld, node, "start", &c->start_ms);
    load_read_duration(ld, node, "end", &c->end_ms);
    if (c->end_ms != TGW_TIME_NEVER && c->end_ms <= c->start_ms)
        loader_error(ld, node, "CONSUMER-WINDOW",
                     "%s '%s' ends before it starts; end must be after start", elem, c->name);

    c->vpc = load_resolve_vpc(ld, node, "vpc");
    if (g_str_equal(elem, "nat-gateway") || g_str_equal(elem, "ip-consumer")) {
        subnets = load_resolve_subnets_in(ld, node, "subnet", c->vpc);
        if (subnets != NULL && subnets->len > 1)
            loader_error(ld, node, "BAD-VALUE",
                         "%s '%s', attribute 'subnet': names %u subnets; it takes exactly one "
                         "(declare one %s per subnet)",
                         elem, c->name, subnets->len, elem);
    } else
        subnets = load_resolve_subnets_in(ld, node, "subnets", c->vpc);
    c->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();

    if (g_str_equal(elem, "load-balancer")) {
        g_autofree char *type = tgw_xml_prop(node, "type");
        c->kind = g_strcmp0(type, "nlb") == 0 ? TGW_CONSUMER_NLB : TGW_CONSUMER_ALB;
        c->pods_per_address = 10;
        c->min_per_subnet = 1;
        c->scale_in_delay_ms = TGW_MS_PER_HOUR;
        c->internal = TRUE;
        load_read_bool(ld, node, "internal", &c->internal);
        load_read_guint(ld, node, "pods-per-address", 1, 1000000, &c->pods_per_address);
        load_read_guint(ld, node, "min-per-subnet", 1, 100, &c->min_per_subnet);
        load_read_duration(ld, node, "scale-in-delay", &c->scale_in_delay_ms);
        if (xmlHasProp(node, (const xmlChar *) "scale-with") != NULL) {
            if (c->kind == TGW_CONSUMER_NLB)
                loader_error(ld, node, "BAD-VALUE",
                             "load-balancer '%s': an NLB has one fixed address per subnet; "
                             "scale-with is for ALBs",
                             c->name);
            c->scale_with = load_resolve_workload(ld, node, "scale-with");
        }
    } else if (g_str_equal(elem, "msk-cluster")) {
        c->kind = TGW_CONSUMER_MSK;
        load_read_guint(ld, node, "brokers", 1, 1000, &c->count);
    } else if (g_str_equal(elem, "endpoint")) {
        c->kind = TGW_CONSUMER_ENDPOINT;
        load_read_string(ld, node, "service", &c->service);
    } else if (g_str_equal(elem, "nat-gateway")) {
        g_autofree char *conn = tgw_xml_prop(node, "connectivity");
        c->kind = TGW_CONSUMER_NAT_GATEWAY;
        c->private_nat = g_strcmp0(conn, "private") == 0;
        c->count = 1;
        load_read_guint(ld, node, "private-ips", 1, 8, &c->count);
    } else if (g_str_equal(elem, "rds")) {
        c->kind = TGW_CONSUMER_RDS;
        load_read_bool(ld, node, "multi-az", &c->multi_az);
        c->count = c->multi_az ? 2 : 1;
    } else {
        c->kind = TGW_CONSUMER_GENERIC;
        load_read_guint(ld, node, "count", 1, 1000000, &c->count);
    }
    return c;
}

gboolean
load_is_consumer_element(xmlNode *node)
{
    static const char *names[] = {"load-balancer", "msk-cluster", "endpoint",
                                  "nat-gateway",   "rds",         "ip-consumer"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        if (tgw_xml_is(node, names[i]))
            return TRUE;
    }
    return FALSE;
}
