/* test-scenario.c: loading scenarios: the XSD against every shipped scenario and against wrong
 * documents, the seed scenario's structs (names resolved, defaults filled), --set overrides, and
 * the file-level refusals (empty, binary, truncated, DTD/XXE, wrong root, not UTF-8, too big).
 *
 * Expected values are read off scenarios/eks-custom-networking.xml and scenarios/README.md by
 * hand; line numbers are those of the seed file or of tgw_test_wrap()'s preamble (the body starts
 * at line 7). */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tgw-lint.h"
#include "tgw-scenario-private.h"
#include "tgw-test-util.h"
#include "tgw-xml.h"

static TgwScenario *
load_seed(const char *const *overrides, TgwFindings **findings)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    TgwLoadOptions options = {overrides, FALSE};
    *findings = tgw_findings_new();
    return tgw_scenario_load_file(path, &options, *findings);
}

static TgwScenario *
load_with(const char *xml, const char *const *overrides, TgwFindings **findings)
{
    TgwLoadOptions options = {overrides, FALSE};
    *findings = tgw_findings_new();
    return tgw_scenario_load_memory(xml, strlen(xml), "test.xml", &options, *findings);
}

/* the only finding is one error with this code at this line */
static void
assert_only_error(TgwFindings *findings, const char *code, int line)
{
    tgw_test_assert_finding(findings, code, line);
    if (tgw_findings_len(findings) != 1) {
        tgw_findings_print(findings, stderr);
        g_error("expected exactly one finding");
    }
    g_assert_cmpint(tgw_findings_get(findings, 0)->severity, ==, TGW_SEVERITY_ERROR);
}

static gboolean
message_has(TgwFindings *findings, const char *code, const char *text)
{
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (g_str_equal(f->code, code) && strstr(f->message, text) != NULL)
            return TRUE;
    }
    tgw_findings_print(findings, stderr);
    return FALSE;
}

/* ---- the shipped scenarios ------------------------------------------------------------------ */

/* max pods a node group's nodes can run under a mode: what the kubelet allows and the CNI serves */
static guint
max_pods_under(const TgwNodeGroupDef *ng, TgwCniMode mode)
{
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_cni_def_free);
    TgwCniDef *cni = tgw_cni_def_copy(ng->cluster->cni);
    g_ptr_array_add(keep, cni);
    cni->mode = mode;
    return MIN(tgw_node_group_kubelet_max_pods(ng, cni), tgw_node_group_cni_max_pods(ng, cni));
}

/* every scenarios/NAME.xml follows the XSD and loads without errors; the expectations that need no
 * simulation and no routing (findings-max-severity, node-group/at-least) hold */
static void
test_shipped_scenarios(void)
{
    g_autofree char *dir_path = tgw_test_source_path("scenarios", NULL);
    g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
    const char *name = NULL;
    guint scenarios = 0;

    g_assert_nonnull(dir);
    while ((name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *path = NULL;
        g_autofree char *data = NULL;
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwFindings) all = NULL;
        g_autoptr(TgwScenario) sc = NULL;
        g_autoptr(xmlDoc) doc = NULL;
        gsize len = 0;

        /* the GResource manifest lives beside them but is not a scenario */
        if (!g_str_has_suffix(name, ".xml") || g_str_has_suffix(name, ".gresource.xml"))
            continue;
        path = g_build_filename(dir_path, name, NULL);
        g_assert_true(g_file_get_contents(path, &data, &len, NULL));
        doc = tgw_xml_read(data, len, path, findings);
        g_assert_nonnull(doc);
        if (!tgw_xml_validate(doc, path, findings)) {
            tgw_findings_print(findings, stderr);
            g_error("%s does not follow scenario.xsd", name);
        }
        g_assert_cmpuint(tgw_findings_len(findings), ==, 0);

        all = tgw_findings_new();
        sc = tgw_scenario_load_file(path, NULL, all);
        if (sc == NULL || tgw_findings_has_errors(all)) {
            tgw_findings_print(all, stderr);
            g_error("%s does not load", name);
        }
        for (guint i = 0; i < sc->expects->len; i++) {
            const TgwExpectDef *e = sc->expects->pdata[i];
            if (e->kind == TGW_EXPECT_FINDINGS_MAX &&
                tgw_findings_max_severity(all) > e->max_severity) {
                tgw_findings_print(all, stderr);
                g_error("%s: expect '%s' does not hold", name, e->name);
            }
            if (e->kind == TGW_EXPECT_MAX_PODS) {
                TgwCniMode mode = e->has_cni ? e->cni : e->node_group->cluster->cni->mode;
                guint pods = max_pods_under(e->node_group, mode);
                if (pods < e->limit)
                    g_error("%s: expect '%s': %u max pods under %s", name, e->name, pods,
                            tgw_cni_mode_name(mode));
            }
        }
        scenarios++;
    }
    g_assert_cmpuint(scenarios, >=, 5);
}

/* ---- the XSD refuses wrong documents, at the right line -------------------------------------- */

typedef struct {
    const char *name;
    const char *body;
    int line;
    const char *in_msg;
} SchemaCase;

static const SchemaCase schema_cases[] = {
    {"unknown-attribute", "  <vpc name=\"b\" cidr=\"10.30.0.0/16\" colour=\"blue\"/>\n", 7,
     "'colour' is not allowed"},
    {"missing-attribute",
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"s\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "  </vpc>\n"
     "  <ip-consumer name=\"x\" vpc=\"b\" subnet=\"s\"/>\n",
     10, "'count' is required"},
    {"wrong-enumeration",
     "  <load-balancer name=\"lb\" type=\"clb\" vpc=\"team-a\" subnets=\"private-a\"/>\n", 7,
     "clb"},
    {"wrong-cni-mode",
     "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a private-b\">\n"
     "    <vpc-cni mode=\"fast\"/>\n"
     "  </eks-cluster>\n",
     8, "fast"},
    /* <vpc-cni> belongs inside <eks-cluster> */
    {"element-misplaced", "  <vpc-cni mode=\"custom\"/>\n", 7, "not expected"},
    /* <description> must come first */
    {"description-late", "  <description>late</description>\n", 7, "not expected"},
    /* a route of a VPC route table is <route cidr target>, not a TGW route */
    {"tgw-route-in-vpc",
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <route-table name=\"rt\">\n"
     "      <route table=\"x\" cidr=\"0.0.0.0/0\" target=\"internet-gateway\"/>\n"
     "    </route-table>\n"
     "  </vpc>\n",
     9, "'table' is not allowed"},
};

static void
test_schema_case(gconstpointer data)
{
    const SchemaCase *c = data;
    g_autofree char *xml = tgw_test_wrap(c->body);
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);

    g_assert_null(sc);
    tgw_test_assert_finding(findings, "XML-SCHEMA", c->line);
    g_assert_true(message_has(findings, "XML-SCHEMA", c->in_msg));
    /* nothing past the schema ran: every finding is a schema finding */
    for (guint i = 0; i < tgw_findings_len(findings); i++)
        g_assert_cmpstr(tgw_findings_get(findings, i)->code, ==, "XML-SCHEMA");
}

static void
test_schema_version(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load("<scenario version=\"2\" name=\"t\"/>\n", &findings);
    g_assert_null(sc);
    assert_only_error(findings, "XML-SCHEMA", 1);
}

/* ---- the seed scenario's structs ------------------------------------------------------------- */

static void
test_seed_top(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(NULL, &findings);

    g_assert_nonnull(sc);
    g_assert_false(tgw_findings_has_errors(findings));
    g_assert_cmpstr(sc->name, ==, "team-a-pod-ips");
    g_assert_cmpstr(sc->region, ==, "ap-northeast-2");
    g_assert_true(g_str_has_prefix(sc->description, "A /21 team VPC"));
    g_assert_cmpuint(sc->seed, ==, 42);
    g_assert_cmpint(sc->horizon_ms, ==, 30 * TGW_MS_PER_DAY);
    /* sample-every left out: horizon / 500 = 2,592,000,000 / 500 ms (86.4 min, above 1 min) */
    g_assert_cmpint(sc->sample_every_ms, ==, 5184000);
    g_assert_cmpuint(strlen(sc->input_sha256), ==, 64);
    /* flat views: 3 + 15 + 4 subnets; onprem, shared, team-a, team-b; coredns, aws-node,
     * kube-proxy, fluent-bit, api, web, batch */
    g_assert_cmpuint(sc->subnets->len, ==, 22);
    g_assert_cmpuint(sc->attachments->len, ==, 4);
    g_assert_cmpuint(sc->node_groups->len, ==, 1);
    g_assert_cmpuint(sc->workloads->len, ==, 7);
    g_assert_cmpuint(sc->consumers->len, ==, 6);
}

static void
test_seed_network(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(NULL, &findings);
    TgwTgwDef *core = NULL;
    TgwVpcDef *team_a = NULL;
    TgwVpcTableDef *main_table = NULL, *private_table = NULL;
    TgwAttachmentDef *onprem = NULL, *att = NULL;
    TgwSubnetDef *s = NULL;
    TgwTgwRouteDef *r = NULL;
    char buf[TGW_CIDR_STRLEN];

    g_assert_nonnull(sc);
    core = tgw_scenario_find_tgw(sc, "core");
    g_assert_nonnull(core);
    g_assert_cmpuint(core->tables->len, ==, 2);
    g_assert_cmpstr(((TgwTgwTableDef *) core->tables->pdata[1])->name, ==, "shared-services");
    /* the static blackhole */
    g_assert_cmpuint(core->routes->len, ==, 1);
    r = core->routes->pdata[0];
    g_assert_true(r->blackhole);
    g_assert_null(r->target);
    g_assert_cmpstr(r->table->name, ==, "spokes");
    g_assert_cmpstr(tgw_cidr_format(r->cidr, buf), ==, "10.255.0.0/16");
    g_assert_cmpint(r->line, ==, 17);
    /* attach order: the TGW's own attachments, then VPC attachments in document order */
    g_assert_cmpuint(core->attachments->len, ==, 4);
    onprem = core->attachments->pdata[0];
    g_assert_cmpstr(onprem->name, ==, "onprem");
    g_assert_cmpint(onprem->kind, ==, TGW_ATTACHMENT_DX_GATEWAY);
    g_assert_cmpstr(onprem->associate->name, ==, "shared-services");
    g_assert_cmpuint(onprem->propagate->len, ==, 1);
    g_assert_cmpuint(onprem->advertises->len, ==, 2);
    g_assert_true(onprem->attached);
    g_assert_null(onprem->vpc);
    g_assert_cmpstr(((TgwAttachmentDef *) core->attachments->pdata[1])->name, ==, "shared");
    att = core->attachments->pdata[2];
    g_assert_cmpstr(att->name, ==, "team-a");
    g_assert_cmpint(att->kind, ==, TGW_ATTACHMENT_VPC);
    g_assert_cmpstr(att->vpc->name, ==, "team-a");
    g_assert_cmpuint(att->subnets->len, ==, 3);
    g_assert_cmpstr(((TgwSubnetDef *) att->subnets->pdata[0])->name, ==, "tgw-a");
    g_assert_cmpstr(att->associate->name, ==, "spokes");
    g_assert_false(att->appliance_mode);

    team_a = tgw_scenario_find_vpc(sc, "team-a");
    g_assert_nonnull(team_a);
    g_assert_cmpuint(team_a->cidr_blocks->len, ==, 2);
    g_assert_true(((TgwCidrBlockDef *) team_a->cidr_blocks->pdata[0])->primary);
    g_assert_cmpstr(tgw_cidr_format(((TgwCidrBlockDef *) team_a->cidr_blocks->pdata[1])->cidr, buf),
                    ==, "100.64.0.0/17");
    g_assert_cmpuint(team_a->subnets->len, ==, 15);
    g_assert_cmpuint(team_a->attachments->len, ==, 1);
    /* no table is marked main: the implicit main table comes first, with no line */
    g_assert_cmpuint(team_a->tables->len, ==, 3);
    main_table = team_a->tables->pdata[0];
    g_assert_true(main_table->main);
    g_assert_cmpstr(main_table->name, ==, "main");
    g_assert_cmpint(main_table->line, ==, 0);
    g_assert_cmpuint(main_table->routes->len, ==, 0);
    private_table = team_a->tables->pdata[2];
    g_assert_cmpstr(private_table->name, ==, "private");
    g_assert_false(private_table->main);
    g_assert_cmpuint(private_table->subnets->len, ==, 12);
    /* subnet -> table, and the routes' targets resolved */
    s = tgw_vpc_find_subnet(team_a, "private-a");
    g_assert_true(s->table == private_table);
    g_assert_cmpstr(s->az, ==, "apne2-az1");
    g_assert_cmpint(s->line, ==, 42);
    g_assert_false(s->cni_discovery);
    g_assert_cmpint(s->added_ms, ==, 0);
    g_assert_true(tgw_vpc_find_subnet(team_a, "public-b")->table == team_a->tables->pdata[1]);
    g_assert_cmpuint(private_table->routes->len, ==, 3);
    {
        TgwVpcRouteDef *to_tgw = private_table->routes->pdata[0];
        TgwVpcRouteDef *to_nat = private_table->routes->pdata[2];
        g_assert_cmpint(to_tgw->target, ==, TGW_TARGET_TRANSIT_GATEWAY);
        g_assert_true(to_tgw->tgw == core);
        g_assert_cmpint(to_nat->target, ==, TGW_TARGET_NAT_GATEWAY);
        g_assert_nonnull(to_nat->nat);
        g_assert_cmpstr(to_nat->nat->name, ==, "egress");
        g_assert_cmpint(
            ((TgwVpcRouteDef *) ((TgwVpcTableDef *) team_a->tables->pdata[1])->routes->pdata[0])
                ->target,
            ==, TGW_TARGET_INTERNET_GATEWAY);
    }
    /* the same subnet name in two VPCs: VPC/SUBNET finds each, the bare name is ambiguous */
    {
        gboolean ambiguous = FALSE;
        g_assert_true(tgw_scenario_find_subnet(sc, "team-b/private-a", NULL)->vpc ==
                      tgw_scenario_find_vpc(sc, "team-b"));
        g_assert_null(tgw_scenario_find_subnet(sc, "private-a", &ambiguous));
        g_assert_true(ambiguous);
    }
}

static void
test_seed_cluster(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(NULL, &findings);
    TgwClusterDef *c = NULL;
    TgwCniDef *cni = NULL;
    TgwNodeGroupDef *ng = NULL;
    TgwWorkloadDef *w = NULL;

    g_assert_nonnull(sc);
    c = tgw_scenario_find_cluster(sc, "main");
    g_assert_nonnull(c);
    g_assert_cmpstr(c->vpc->name, ==, "team-a");
    g_assert_cmpuint(c->subnets->len, ==, 3);
    g_assert_cmpuint(c->control_plane_enis, ==, 2);

    /* vpc-cni: stated values and defaults */
    cni = c->cni;
    g_assert_cmpint(cni->line, ==, 74);
    g_assert_cmpint(cni->mode, ==, TGW_CNI_DEFAULT);
    g_assert_cmpint(cni->warm_eni_target, ==, 1);
    g_assert_cmpint(cni->warm_ip_target, ==, 0);
    g_assert_cmpint(cni->minimum_ip_target, ==, 0);
    g_assert_cmpint(cni->warm_prefix_target, ==, 1); /* the EKS add-on's value, not the code's 0 */
    g_assert_cmpint(cni->ip_cooldown_ms, ==, 30000);
    g_assert_cmpuint(cni->max_eni, ==, 0);
    g_assert_false(cni->external_snat);
    g_assert_cmpuint(cni->exclude_snat_cidrs->len, ==, 0);
    g_assert_true(cni->subnet_discovery);
    g_assert_cmpint(cni->eni_attach_ms, ==, 5000);
    g_assert_cmpint(cni->ip_assign_ms, ==, 1000);
    g_assert_cmpuint(cni->eni_configs->len, ==, 3);
    g_assert_cmpstr(tgw_cni_def_eni_config_subnet(cni, "apne2-az2")->name, ==, "pods-b");
    g_assert_true(tgw_cni_def_eni_config_subnet(cni, "apne2-az2")->vpc == c->vpc);
    g_assert_null(tgw_cni_def_eni_config_subnet(cni, "apne2-az4"));

    /* cluster-autoscaler: present, so enabled; delays as given or defaulted */
    g_assert_true(c->autoscaler->enabled);
    g_assert_cmpint(c->autoscaler->line, ==, 79);
    g_assert_cmpint(c->autoscaler->scan_interval_ms, ==, 10000);
    g_assert_cmpint(c->autoscaler->scale_up_delay_ms, ==, 0);
    g_assert_cmpint(c->autoscaler->scale_down_delay_ms, ==, 10 * TGW_MS_PER_MINUTE);
    g_assert_cmpfloat_with_epsilon(c->autoscaler->scale_down_utilization, 0.5, 1e-9);

    /* node group: m5.xlarge from the table (allocatable 3920m and 14162 MiB) */
    ng = tgw_scenario_find_node_group(sc, "general");
    g_assert_true(ng->cluster == c);
    g_assert_nonnull(ng->itype);
    g_assert_cmpstr(ng->itype->name, ==, "m5.xlarge");
    g_assert_cmpuint(ng->min, ==, 3);
    g_assert_cmpuint(ng->desired, ==, 6);
    g_assert_cmpuint(ng->max, ==, 40);
    g_assert_true(ng->max_pods_auto);
    g_assert_cmpuint(ng->max_pods, ==, 0);
    g_assert_cmpint(ng->cpu_m, ==, 3920);
    g_assert_cmpint(ng->memory_bytes, ==, G_GINT64_CONSTANT(14162) * 1024 * 1024);
    g_assert_cmpint(ng->launch_ms, ==, 90000);
    g_assert_cmpuint(ng->subnets->len, ==, 3);
    /* max-pods="auto": 4 x (15 - 1) + 2 = 58 in the default mode, (4 - 1) x 14 + 2 = 44 custom */
    g_assert_cmpuint(tgw_node_group_kubelet_max_pods(ng, cni), ==, 58);
    g_assert_cmpuint(max_pods_under(ng, TGW_CNI_CUSTOM), ==, 44);

    /* workloads: each kind, and the defaults of a deployment */
    w = tgw_scenario_find_workload(sc, "api");
    g_assert_cmpint(w->kind, ==, TGW_WORKLOAD_DEPLOYMENT);
    g_assert_cmpint(w->replicas.kind, ==, TGW_REPLICAS_CONSTANT);
    g_assert_cmpint(w->replicas.max, ==, 60);
    g_assert_true(w->has_lifetime);
    g_assert_cmpint(w->lifetime.kind, ==, TGW_DIST_EXP);
    g_assert_cmpint(w->lifetime.a_ms, ==, 2 * TGW_MS_PER_DAY);
    g_assert_cmpint(w->cpu_m, ==, 500);
    g_assert_cmpint(w->memory_bytes, ==, 1024 * 1024 * 1024);
    g_assert_cmpint(w->rollout_every_ms, ==, TGW_MS_PER_DAY);
    g_assert_true(w->max_surge.percent);
    g_assert_cmpfloat(w->max_surge.value, ==, 25);
    g_assert_true(w->max_unavailable.percent);
    g_assert_cmpfloat(w->max_unavailable.value, ==, 25);
    g_assert_cmpint(w->startup_ms, ==, 10000);
    g_assert_null(w->node_group);
    g_assert_cmpint(w->start_ms, ==, 0);
    w = tgw_scenario_find_workload(sc, "web");
    g_assert_cmpint(w->replicas.kind, ==, TGW_REPLICAS_DAILY);
    g_assert_cmpint(w->replicas.min, ==, 20);
    g_assert_cmpint(w->replicas.max, ==, 90);
    g_assert_cmpint(w->replicas.peak_ms, ==, 14 * TGW_MS_PER_HOUR);
    g_assert_false(w->has_lifetime);
    w = tgw_scenario_find_workload(sc, "batch");
    g_assert_cmpint(w->kind, ==, TGW_WORKLOAD_JOB);
    g_assert_cmpfloat_with_epsilon(w->arrivals_per_s, 40.0 / 3600.0, 1e-12);
    g_assert_cmpint(w->replicas.max, ==, 0);
    g_assert_cmpint(w->cpu_m, ==, 1000);
    w = tgw_scenario_find_workload(sc, "aws-node");
    g_assert_cmpint(w->kind, ==, TGW_WORKLOAD_DAEMONSET);
    g_assert_true(w->host_network);
    g_assert_false(tgw_scenario_find_workload(sc, "fluent-bit")->host_network);
}

static void
test_seed_consumers_timeline_expects(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(NULL, &findings);
    TgwConsumerDef *c = NULL;
    TgwActionDef *a = NULL;
    TgwExpectDef *e = NULL;

    g_assert_nonnull(sc);
    c = tgw_scenario_find_consumer(sc, "ingress");
    g_assert_cmpint(c->kind, ==, TGW_CONSUMER_ALB);
    g_assert_cmpstr(c->scale_with->name, ==, "web");
    g_assert_cmpuint(c->pods_per_address, ==, 10);
    g_assert_cmpuint(c->min_per_subnet, ==, 1);
    g_assert_cmpint(c->scale_in_delay_ms, ==, TGW_MS_PER_HOUR);
    g_assert_true(c->internal);
    g_assert_cmpint(c->start_ms, ==, 0);
    g_assert_cmpint(c->end_ms, ==, TGW_TIME_NEVER);
    g_assert_cmpuint(c->subnets->len, ==, 3);
    c = tgw_scenario_find_consumer(sc, "events");
    g_assert_cmpint(c->kind, ==, TGW_CONSUMER_MSK);
    g_assert_cmpuint(c->count, ==, 3);
    c = tgw_scenario_find_consumer(sc, "ecr-dkr");
    g_assert_cmpint(c->kind, ==, TGW_CONSUMER_ENDPOINT);
    g_assert_cmpstr(c->service, ==, "com.amazonaws.ap-northeast-2.ecr.dkr");
    c = tgw_scenario_find_consumer(sc, "egress");
    g_assert_cmpint(c->kind, ==, TGW_CONSUMER_NAT_GATEWAY);
    g_assert_cmpuint(c->count, ==, 1);
    g_assert_false(c->private_nat);
    g_assert_cmpuint(c->subnets->len, ==, 1);
    g_assert_cmpstr(((TgwSubnetDef *) c->subnets->pdata[0])->name, ==, "public-a");
    c = tgw_scenario_find_consumer(sc, "orders");
    g_assert_cmpint(c->kind, ==, TGW_CONSUMER_RDS);
    g_assert_true(c->multi_az);
    g_assert_cmpuint(c->count, ==, 2);

    g_assert_cmpuint(sc->actions->len, ==, 1);
    a = sc->actions->pdata[0];
    g_assert_cmpint(a->kind, ==, TGW_ACTION_SCALE_WORKLOAD);
    g_assert_cmpint(a->at_ms, ==, 10 * TGW_MS_PER_DAY);
    g_assert_cmpstr(a->workload->name, ==, "api");
    g_assert_cmpint(a->replicas.max, ==, 150);
    g_assert_cmpint(a->line, ==, 99);

    g_assert_cmpuint(sc->expects->len, ==, 10);
    e = sc->expects->pdata[0];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_EXHAUSTS_BEFORE);
    g_assert_true(e->has_cni);
    g_assert_cmpint(e->cni, ==, TGW_CNI_DEFAULT);
    g_assert_cmpint(e->time_ms, ==, 30 * TGW_MS_PER_DAY);
    g_assert_null(e->subnet);
    e = sc->expects->pdata[1];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_PODS_WAITING);
    g_assert_cmpint(e->cni, ==, TGW_CNI_CUSTOM);
    g_assert_cmpint(e->limit, ==, 0);
    e = sc->expects->pdata[2];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_MIN_FREE);
    g_assert_cmpstr(e->subnet->name, ==, "pods-a");
    g_assert_cmpstr(e->subnet->vpc->name, ==, "team-a");
    g_assert_true(e->min_free.percent);
    g_assert_cmpfloat(e->min_free.value, ==, 50);
    e = sc->expects->pdata[4];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_UNREACHABLE);
    g_assert_cmpstr(e->from, ==, "team-a");
    g_assert_cmpstr(e->to, ==, "10.255.1.1");
    g_assert_false(e->has_cni);
    e = sc->expects->pdata[5];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_REACHABLE);
    g_assert_cmpstr(e->from, ==, "team-a/private-a");
    e = sc->expects->pdata[6];
    g_assert_cmpint(e->kind, ==, TGW_EXPECT_MAX_PODS);
    g_assert_cmpstr(e->node_group->name, ==, "general");
    g_assert_cmpint(e->limit, ==, 44);
    g_assert_cmpuint(e->runs, ==, 1);
    g_assert_cmpint(e->line, ==, 108);
}

/* ---- defaults the seed does not show ------------------------------------------------------- */

static void
test_defaults(void)
{
    g_autofree char *xml = tgw_test_wrap(
        "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a private-b\">\n"
        "    <node-group name=\"ng\" instance-type=\"m5.large\" subnets=\"private-a\"/>\n"
        "    <workload name=\"w\"/>\n"
        "  </eks-cluster>\n"
        "  <load-balancer name=\"nlb\" type=\"nlb\" vpc=\"team-a\" subnets=\"private-a\"/>\n"
        "  <nat-gateway name=\"pnat\" vpc=\"team-a\" subnet=\"private-b\" "
        "connectivity=\"private\" private-ips=\"3\"/>\n"
        "  <rds name=\"db\" vpc=\"team-a\" subnets=\"private-c\"/>\n"
        "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-c\" count=\"4\" start=\"1h\" "
        "end=\"5h\"/>\n"
        "  <timeline>\n"
        "    <at time=\"2h\"><eks-upgrade cluster=\"c\"/></at>\n"
        "    <at time=\"1h\"><scale-node-group node-group=\"ng\" max=\"4\"/></at>\n"
        "  </timeline>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    TgwClusterDef *c = NULL;
    TgwNodeGroupDef *ng = NULL;
    TgwWorkloadDef *w = NULL;
    TgwConsumerDef *x = NULL;
    TgwActionDef *a = NULL;

    g_assert_nonnull(sc);
    g_assert_cmpuint(sc->seed, ==, 1);
    /* horizon 1d: 86,400,000 / 500 = 172,800 ms */
    g_assert_cmpint(sc->sample_every_ms, ==, 172800);
    g_assert_null(sc->description);
    c = sc->clusters->pdata[0];
    /* no <vpc-cni>: the defaults, the finding line of the cluster */
    g_assert_cmpint(c->cni->line, ==, 7);
    g_assert_cmpint(c->cni->mode, ==, TGW_CNI_DEFAULT);
    g_assert_cmpint(c->cni->warm_eni_target, ==, 1);
    g_assert_cmpint(c->cni->warm_prefix_target, ==, 1);
    g_assert_cmpint(c->cni->ip_cooldown_ms, ==, 30000);
    /* no <cluster-autoscaler>: off, but with its defaults */
    g_assert_false(c->autoscaler->enabled);
    g_assert_cmpint(c->autoscaler->scan_interval_ms, ==, 10000);
    ng = sc->node_groups->pdata[0];
    g_assert_cmpuint(ng->min, ==, 1);
    g_assert_cmpuint(ng->desired, ==, 1);
    g_assert_cmpuint(ng->max, ==, 1);
    g_assert_false(ng->max_pods_auto);
    /* max-pods left out: the kubelet gets the default mode's 3 x 9 + 2 */
    g_assert_cmpuint(tgw_node_group_kubelet_max_pods(ng, c->cni), ==, 29);
    w = sc->workloads->pdata[0];
    g_assert_cmpint(w->kind, ==, TGW_WORKLOAD_DEPLOYMENT);
    g_assert_cmpint(w->replicas.min, ==, 1);
    g_assert_cmpint(w->cpu_m, ==, 0);
    g_assert_false(w->has_lifetime);
    x = tgw_scenario_find_consumer(sc, "nlb");
    g_assert_cmpint(x->kind, ==, TGW_CONSUMER_NLB);
    g_assert_true(x->internal);
    x = tgw_scenario_find_consumer(sc, "pnat");
    g_assert_true(x->private_nat);
    g_assert_cmpuint(x->count, ==, 3);
    x = tgw_scenario_find_consumer(sc, "db");
    g_assert_false(x->multi_az);
    g_assert_cmpuint(x->count, ==, 1);
    x = tgw_scenario_find_consumer(sc, "x");
    g_assert_cmpint(x->kind, ==, TGW_CONSUMER_GENERIC);
    g_assert_cmpuint(x->count, ==, 4);
    g_assert_cmpint(x->start_ms, ==, TGW_MS_PER_HOUR);
    g_assert_cmpint(x->end_ms, ==, 5 * TGW_MS_PER_HOUR);
    /* actions sorted by time, whatever the document order */
    g_assert_cmpuint(sc->actions->len, ==, 2);
    a = sc->actions->pdata[0];
    g_assert_cmpint(a->kind, ==, TGW_ACTION_SCALE_NODE_GROUP);
    g_assert_cmpuint(a->max, ==, 4);
    g_assert_cmpuint(a->min, ==, G_MAXUINT); /* unchanged */
    g_assert_cmpuint(a->desired, ==, G_MAXUINT);
    a = sc->actions->pdata[1];
    g_assert_cmpint(a->kind, ==, TGW_ACTION_EKS_UPGRADE);
    g_assert_cmpint(a->duration_ms, ==, 30 * TGW_MS_PER_MINUTE);
    g_assert_cmpuint(a->extra_enis, ==, 5);
    g_assert_true(a->cluster == c);
}

/* a short horizon still samples at most once a minute */
static void
test_sample_every_floor(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc =
        tgw_test_load("<scenario version=\"1\" name=\"t\" horizon=\"1h\"/>\n", &findings);
    g_autoptr(TgwScenario) sc2 = NULL;
    g_autoptr(TgwFindings) findings2 = NULL;

    g_assert_nonnull(sc);
    g_assert_cmpint(sc->sample_every_ms, ==, TGW_MS_PER_MINUTE);
    sc2 = tgw_test_load("<scenario version=\"1\" name=\"t\" sample-every=\"5s\"/>\n", &findings2);
    g_assert_nonnull(sc2);
    g_assert_cmpint(sc2->horizon_ms, ==, 30 * TGW_MS_PER_DAY);
    g_assert_cmpint(sc2->sample_every_ms, ==, 5000);
}

/* route tables: an explicit main table, subnets left to it, timeline subnets and routes */
static void
test_route_tables_and_timeline(void)
{
    g_autofree char *xml = tgw_test_wrap(
        "  <transit-gateway name=\"hub\">\n"                                           /* 7 */
        "    <route-table name=\"rt\"/>\n"                                             /* 8 */
        "    <attachment name=\"vpn\" kind=\"vpn\" attached=\"false\"/>\n"             /* 9 */
        "  </transit-gateway>\n"                                                       /* 10 */
        "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"                                   /* 11 */
        "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"                /* 12 */
        "    <subnet name=\"two\" az=\"az2\" cidr=\"10.30.1.0/24\"/>\n"                /* 13 */
        "    <route-table name=\"private\" subnets=\"two\"/>\n"                        /* 14 */
        "    <route-table name=\"base\" main=\"true\"/>\n"                             /* 15 */
        "  </vpc>\n"                                                                   /* 16 */
        "  <timeline>\n"                                                               /* 17 */
        "    <at time=\"1h\">\n"                                                       /* 18 */
        "      <add-cidr-block vpc=\"b\" cidr=\"100.64.0.0/16\"/>\n"                   /* 19 */
        "      <add-subnet vpc=\"b\" name=\"pods\" az=\"az1\" cidr=\"100.64.0.0/18\" " /**/
        "route-table=\"private\"/>\n"                                                  /* 20 */
        "      <add-subnet vpc=\"b\" name=\"more\" az=\"az2\" cidr=\"100.64.64.0/18\"/>\n"
        "      <attach transit-gateway=\"hub\" attachment=\"vpn\"/>\n"
        "      <add-route transit-gateway=\"hub\" table=\"rt\" cidr=\"10.9.0.0/16\" "
        "blackhole=\"true\"/>\n"
        "    </at>\n"
        "    <at time=\"2h\">\n"
        "      <remove-route transit-gateway=\"hub\" table=\"rt\" cidr=\"10.9.0.0/16\"/>\n"
        "      <detach transit-gateway=\"hub\" attachment=\"vpn\"/>\n"
        "    </at>\n"
        "  </timeline>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    TgwVpcDef *b = NULL;
    TgwVpcTableDef *base = NULL, *private_table = NULL;
    TgwActionDef *a = NULL;

    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    b = tgw_scenario_find_vpc(sc, "b");
    /* the table marked main goes first, whatever its place in the document */
    g_assert_cmpuint(b->tables->len, ==, 2);
    base = b->tables->pdata[0];
    private_table = b->tables->pdata[1];
    g_assert_cmpstr(base->name, ==, "base");
    g_assert_true(base->main);
    g_assert_cmpint(base->line, ==, 15);
    g_assert_true(tgw_vpc_find_subnet(b, "one")->table == base);
    g_assert_true(tgw_vpc_find_subnet(b, "two")->table == private_table);
    /* timeline subnets: the named table, or the main one */
    g_assert_true(tgw_vpc_find_subnet(b, "pods")->table == private_table);
    g_assert_cmpint(tgw_vpc_find_subnet(b, "pods")->added_ms, ==, TGW_MS_PER_HOUR);
    g_assert_true(tgw_vpc_find_subnet(b, "more")->table == base);
    g_assert_cmpuint(b->cidr_blocks->len, ==, 2);
    g_assert_cmpint(((TgwCidrBlockDef *) b->cidr_blocks->pdata[1])->added_ms, ==, TGW_MS_PER_HOUR);
    g_assert_false(tgw_tgw_find_attachment(tgw_scenario_find_tgw(sc, "hub"), "vpn")->attached);
    /* add-cidr-block, add-subnet x2, attach, add-route at 1h; remove-route, detach at 2h */
    g_assert_cmpuint(sc->actions->len, ==, 7);
    a = sc->actions->pdata[4];
    g_assert_cmpint(a->kind, ==, TGW_ACTION_ADD_ROUTE);
    g_assert_true(a->route->blackhole);
    g_assert_cmpstr(a->route->table->name, ==, "rt");
    /* the action owns its route: the TGW's list holds only the routes declared at the start */
    g_assert_cmpuint(tgw_scenario_find_tgw(sc, "hub")->routes->len, ==, 0);
    a = sc->actions->pdata[5];
    g_assert_cmpint(a->kind, ==, TGW_ACTION_REMOVE_ROUTE);
    g_assert_cmpstr(a->route->table->name, ==, "rt");
    g_assert_cmpint(((TgwActionDef *) sc->actions->pdata[6])->kind, ==, TGW_ACTION_DETACH);
}

/* a declared table called "main" (not marked main) beside the implicit main table: add-subnet's
 * route-table="main" means the declared one */
static void
test_table_named_main(void)
{
    g_autofree char *xml = tgw_test_wrap(
        "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
        "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
        "    <route-table name=\"main\" subnets=\"one\"/>\n"
        "  </vpc>\n"
        "  <timeline>\n"
        "    <at time=\"1h\"><add-subnet vpc=\"b\" name=\"two\" az=\"az2\" cidr=\"10.30.1.0/24\" "
        "route-table=\"main\"/></at>\n"
        "  </timeline>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    TgwVpcDef *b = NULL;
    TgwVpcTableDef *declared = NULL;

    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    b = tgw_scenario_find_vpc(sc, "b");
    g_assert_cmpuint(b->tables->len, ==, 2);
    g_assert_cmpint(((TgwVpcTableDef *) b->tables->pdata[0])->line, ==, 0); /* the implicit one */
    declared = b->tables->pdata[1];
    g_assert_cmpint(declared->line, ==, 9);
    g_assert_true(tgw_vpc_find_subnet(b, "two")->table == declared);
    g_assert_cmpuint(declared->subnets->len, ==, 2);
}

/* set-cni starts from the settings in force and changes what it states */
static void
test_set_cni_inherits(void)
{
    g_autofree char *xml =
        tgw_test_wrap("  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a private-b\">\n"
                      "    <vpc-cni warm-ip-target=\"3\" ip-cooldown=\"10s\"/>\n"
                      "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                      "subnets=\"private-a private-b\"/>\n"
                      "  </eks-cluster>\n"
                      "  <timeline>\n"
                      "    <at time=\"2h\"><set-cni cluster=\"c\" ip-cooldown=\"5s\"/></at>\n"
                      "    <at time=\"1h\">\n"
                      "      <set-cni cluster=\"c\" mode=\"custom\">\n"
                      "        <eni-config az=\"az1\" subnet=\"private-a\"/>\n"
                      "        <eni-config az=\"az2\" subnet=\"private-b\"/>\n"
                      "      </set-cni>\n"
                      "    </at>\n"
                      "  </timeline>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    TgwActionDef *first = NULL;

    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    first = sc->actions->pdata[0];
    g_assert_cmpint(first->at_ms, ==, TGW_MS_PER_HOUR);
    g_assert_cmpint(first->cni->mode, ==, TGW_CNI_CUSTOM);
    g_assert_cmpint(first->cni->warm_ip_target, ==, 3);     /* inherited */
    g_assert_cmpint(first->cni->ip_cooldown_ms, ==, 10000); /* inherited */
    g_assert_cmpuint(first->cni->eni_configs->len, ==, 2);  /* stated */
    g_assert_cmpint(first->cni->line, ==, first->line);
    /* the cluster's own settings are untouched */
    g_assert_cmpint(((TgwClusterDef *) sc->clusters->pdata[0])->cni->mode, ==, TGW_CNI_DEFAULT);
}

/* ---- --set ----------------------------------------------------------------------------------- */

static void
test_set_good(void)
{
    const char *const overrides[] = {
        "workload.api.replicas=200",
        "cluster.main.vpc-cni.warm-ip-target=5",
        "cluster.main.cluster-autoscaler.scale-down-utilization=25%",
        "scenario.seed=7",
        "horizon=10d",
        "vpc.team-a.subnet.private-a.cidr=10.20.9.0/25",
        "tgw.core.attachment.onprem.propagate=spokes shared-services",
        "attachment.team-a.associate=shared-services",
        "nat.egress.private-ips=2",
        "lb.ingress.pods-per-address=20",
        NULL,
    };
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(overrides, &findings);
    char buf[TGW_CIDR_STRLEN];
    TgwAttachmentDef *onprem = NULL;

    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    g_assert_cmpint(tgw_scenario_find_workload(sc, "api")->replicas.max, ==, 200);
    g_assert_cmpint(tgw_scenario_find_cluster(sc, "main")->cni->warm_ip_target, ==, 5);
    g_assert_cmpfloat_with_epsilon(
        tgw_scenario_find_cluster(sc, "main")->autoscaler->scale_down_utilization, 0.25, 1e-9);
    g_assert_cmpuint(sc->seed, ==, 7);
    g_assert_cmpint(sc->horizon_ms, ==, 10 * TGW_MS_PER_DAY);
    g_assert_cmpstr(
        tgw_cidr_format(tgw_scenario_find_subnet(sc, "team-a/private-a", NULL)->cidr, buf), ==,
        "10.20.9.0/25");
    onprem = tgw_tgw_find_attachment(tgw_scenario_find_tgw(sc, "core"), "onprem");
    g_assert_cmpuint(onprem->propagate->len, ==, 2);
    g_assert_cmpstr(
        tgw_tgw_find_attachment(tgw_scenario_find_tgw(sc, "core"), "team-a")->associate->name, ==,
        "shared-services");
    g_assert_cmpuint(tgw_scenario_find_consumer(sc, "egress")->count, ==, 2);
    g_assert_cmpuint(tgw_scenario_find_consumer(sc, "ingress")->pods_per_address, ==, 20);
    /* the hash is of the file as read (sha256sum's), then of each override as given after it, so
     * a run with overrides never looks like one of the plain file; the overrides are kept */
    {
        g_autoptr(TgwFindings) f2 = NULL;
        g_autoptr(TgwScenario) plain = load_seed(NULL, &f2);
        g_autofree char *path =
            tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
        g_autofree char *bytes = NULL;
        gsize len = 0;
        g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
        g_autofree char *file_only = NULL;

        g_assert_true(g_file_get_contents(path, &bytes, &len, NULL));
        file_only = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *) bytes, len);
        g_assert_cmpstr(plain->input_sha256, ==, file_only);
        g_assert_null(plain->overrides);
        g_checksum_update(sum, (const guchar *) bytes, (gssize) len);
        for (guint i = 0; overrides[i] != NULL; i++) {
            g_checksum_update(sum, (const guchar *) "\n--set ", -1);
            g_checksum_update(sum, (const guchar *) overrides[i], -1);
        }
        g_assert_cmpstr(sc->input_sha256, ==, g_checksum_get_string(sum));
        g_assert_cmpstr(sc->input_sha256, !=, plain->input_sha256);
        g_assert_cmpuint(g_strv_length(sc->overrides), ==, 10);
        g_assert_cmpstr(sc->overrides[9], ==, "lb.ingress.pods-per-address=20");
    }
}

/* <vpc-cni> and <cluster-autoscaler> are created when the cluster has none */
static void
test_set_creates(void)
{
    const char *const overrides[] = {"cluster.c.vpc-cni.warm-eni-target=0",
                                     "cluster.c.cluster-autoscaler.scan-interval=30s", NULL};
    g_autofree char *xml = tgw_test_wrap(
        "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a private-b\"/>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_with(xml, overrides, &findings);
    TgwClusterDef *c = NULL;

    g_assert_nonnull(sc);
    c = sc->clusters->pdata[0];
    g_assert_cmpint(c->cni->warm_eni_target, ==, 0);
    g_assert_true(c->autoscaler->enabled);
    g_assert_cmpint(c->autoscaler->scan_interval_ms, ==, 30000);
}

/* an eni-config is keyed by its AZ: pointing az2's at pods-a (in az1) reaches line 76 */
static void
test_set_eni_config(void)
{
    const char *const overrides[] = {"cluster.main.vpc-cni.eni-config.apne2-az2.subnet=pods-a",
                                     NULL};
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(overrides, &findings);

    g_assert_null(sc);
    tgw_test_assert_finding(findings, "ENICONFIG-SUBNET-AZ", 76);
}

static void
test_set_bad_path(void)
{
    static const struct {
        const char *override;
        const char *in_msg;
    } bad[] = {
        {"workload.nope.replicas=3", "no workload with name 'nope'"},
        {"replicas", "write PATH=VALUE"},
        {"=3", "write PATH=VALUE"},
        {"workload.api=3", "needs a name and then an attribute"},
        /* team-a and team-b both have a subnet private-a */
        {"subnet.private-a.cidr=10.20.9.0/24", "matches 2 elements"},
        {"workload.api.=5", "must end with an attribute name"},
        {"cluster.main.timeline.x=1", "no timeline here"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        const char *const overrides[] = {bad[i].override, NULL};
        g_autoptr(TgwFindings) findings = NULL;
        g_autoptr(TgwScenario) sc = load_seed(overrides, &findings);

        g_assert_null(sc);
        assert_only_error(findings, "SET-PATH", 0);
        if (!message_has(findings, "SET-PATH", bad[i].in_msg))
            g_error("--set %s: the message does not say '%s'", bad[i].override, bad[i].in_msg);
    }
}

/* a bad value is reported like the file's own, at the element's line, naming the --set path */
static void
test_set_bad_value(void)
{
    static const struct {
        const char *override;
        const char *code;
        int line;
        const char *in_msg;
    } bad[] = {
        {"workload.api.replicas=lots", "BAD-VALUE", 86, "(set by --set workload.api.replicas)"},
        {"cluster.main.cluster-autoscaler.scale-down-utilization=2", "BAD-VALUE", 79,
         "(set by --set cluster.main.cluster-autoscaler.scale-down-utilization)"},
        {"vpc.team-a.cidr=10.20.8.1/21", "CIDR-NOT-CANONICAL", 31,
         "(set by --set vpc.team-a.cidr)"},
        /* enumerations are the schema's: XML-SCHEMA at the element, without the path */
        {"cluster.main.vpc-cni.mode=fast", "XML-SCHEMA", 74, "fast"},
        /* an attribute the element does not have */
        {"workload.api.colour=blue", "XML-SCHEMA", 86, "colour"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        const char *const overrides[] = {bad[i].override, NULL};
        g_autoptr(TgwFindings) findings = NULL;
        g_autoptr(TgwScenario) sc = load_seed(overrides, &findings);

        g_assert_null(sc);
        tgw_test_assert_finding(findings, bad[i].code, bad[i].line);
        if (!message_has(findings, bad[i].code, bad[i].in_msg))
            g_error("--set %s: the message does not say '%s'", bad[i].override, bad[i].in_msg);
    }
}

/* ---- file-level refusals --------------------------------------------------------------------- */

static void
load_bytes_expect(const char *data, gsize len, const char *code, int line)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_memory(data, len, "test.xml", NULL, findings);
    g_assert_null(sc);
    assert_only_error(findings, code, line);
}

#define EXPECT_TEXT(text, code, line) load_bytes_expect(text, strlen(text), code, line)

static void
test_file_empty(void)
{
    EXPECT_TEXT("", "FILE-EMPTY", 0);
    EXPECT_TEXT("  \n\t\r\n", "FILE-EMPTY", 0);
}

static void
test_file_binary(void)
{
    static const char data[] = "<scenario version=\"1\" name=\"t\">\0\x01\x02</scenario>";
    load_bytes_expect(data, sizeof data - 1, "FILE-BINARY", 0);
}

static void
test_file_truncated(void)
{
    /* the parser reaches the end of the data on line 3, inside <vpc> */
    EXPECT_TEXT("<scenario version=\"1\" name=\"t\">\n"
                "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n",
                "XML-PARSE", 3);
    EXPECT_TEXT("<scenario version=\"1\" name=\"t\">\n"
                "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
                "</scenario>\n",
                "XML-PARSE", 3);
}

static void
test_file_dtd(void)
{
    /* an external entity: refused before any entity is declared, let alone read */
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    static const char xxe[] = "<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE scenario [\n"
                              "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                              "]>\n"
                              "<scenario version=\"1\" name=\"&xxe;\"/>\n";
    g_autoptr(TgwScenario) sc =
        tgw_scenario_load_memory(xxe, strlen(xxe), "test.xml", NULL, findings);
    g_assert_null(sc);
    assert_only_error(findings, "XML-DTD", 2);
    g_assert_null(strstr(tgw_findings_get(findings, 0)->message, "root:"));

    /* billion laughs */
    EXPECT_TEXT("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n"
                "<scenario version=\"1\" name=\"&lol2;\"/>\n",
                "XML-DTD", 1);
    /* a DOCTYPE without an internal subset is refused as well */
    EXPECT_TEXT("<?xml version=\"1.0\"?>\n<!DOCTYPE scenario SYSTEM \"http://example.com/x.dtd\">\n"
                "<scenario version=\"1\" name=\"t\"/>\n",
                "XML-DTD", 2);
}

static void
test_file_root(void)
{
    EXPECT_TEXT("<gresources/>\n", "XML-ROOT", 1);
    EXPECT_TEXT("<?xml version=\"1.0\"?>\n<scenario xmlns=\"urn:x\" version=\"1\" name=\"t\"/>\n",
                "XML-ROOT", 2);
}

static void
test_file_encoding(void)
{
    /* Latin-1 bytes in a file that says (or defaults to) UTF-8 */
    EXPECT_TEXT("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<scenario version=\"1\" name=\"caf\xe9\"/>\n",
                "XML-PARSE", 2);
    EXPECT_TEXT("<scenario version=\"1\" name=\"t\">\n"
                "  <description>\xff\xfe</description>\n"
                "</scenario>\n",
                "XML-PARSE", 2);
    /* the same bytes are fine where the file declares its encoding */
    {
        static const char latin1[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                                     "<scenario version=\"1\" name=\"caf\xe9\"/>\n";
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwScenario) sc =
            tgw_scenario_load_memory(latin1, strlen(latin1), "test.xml", NULL, findings);
        g_assert_nonnull(sc);
        g_assert_cmpstr(sc->name, ==, "caf\xc3\xa9");
    }
}

static void
test_file_not_xml(void)
{
    EXPECT_TEXT("version: 1\nname: t\n", "XML-PARSE", 1);
}

static void
test_file_read(void)
{
    g_autofree char *dir = tgw_test_source_path("scenarios", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(dir, NULL, findings);
    g_autoptr(TgwFindings) findings2 = tgw_findings_new();
    g_autoptr(TgwScenario) sc2 =
        tgw_scenario_load_file("/nonexistent/tgwsim/no-such.xml", NULL, findings2);

    g_assert_null(sc);
    assert_only_error(findings, "FILE-READ", 0);
    g_assert_null(sc2);
    assert_only_error(findings2, "FILE-READ", 0);
}

/* a file above 64 MiB is refused by its size, before it is read (a sparse file costs nothing) */
static void
test_file_too_big(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    int fd = g_file_open_tmp("tgwsim-big-XXXXXX.xml", &path, &error);

    g_assert_no_error(error);
    g_assert_cmpint(ftruncate(fd, (off_t) TGW_XML_MAX_BYTES + 1), ==, 0);
    close(fd);
    sc = tgw_scenario_load_file(path, NULL, findings);
    g_unlink(path);
    g_assert_null(sc);
    assert_only_error(findings, "LIMIT-FILE", 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/scenario/shipped", test_shipped_scenarios);
    for (guint i = 0; i < G_N_ELEMENTS(schema_cases); i++) {
        g_autofree char *path = g_strdup_printf("/scenario/schema/%s", schema_cases[i].name);
        g_test_add_data_func(path, &schema_cases[i], test_schema_case);
    }
    g_test_add_func("/scenario/schema/version", test_schema_version);
    g_test_add_func("/scenario/seed/top", test_seed_top);
    g_test_add_func("/scenario/seed/network", test_seed_network);
    g_test_add_func("/scenario/seed/cluster", test_seed_cluster);
    g_test_add_func("/scenario/seed/consumers-timeline-expects",
                    test_seed_consumers_timeline_expects);
    g_test_add_func("/scenario/defaults", test_defaults);
    g_test_add_func("/scenario/sample-every-floor", test_sample_every_floor);
    g_test_add_func("/scenario/route-tables-and-timeline", test_route_tables_and_timeline);
    g_test_add_func("/scenario/table-named-main", test_table_named_main);
    g_test_add_func("/scenario/set-cni-inherits", test_set_cni_inherits);
    g_test_add_func("/scenario/set/good", test_set_good);
    g_test_add_func("/scenario/set/creates", test_set_creates);
    g_test_add_func("/scenario/set/eni-config", test_set_eni_config);
    g_test_add_func("/scenario/set/bad-path", test_set_bad_path);
    g_test_add_func("/scenario/set/bad-value", test_set_bad_value);
    g_test_add_func("/scenario/file/empty", test_file_empty);
    g_test_add_func("/scenario/file/binary", test_file_binary);
    g_test_add_func("/scenario/file/truncated", test_file_truncated);
    g_test_add_func("/scenario/file/dtd", test_file_dtd);
    g_test_add_func("/scenario/file/root", test_file_root);
    g_test_add_func("/scenario/file/encoding", test_file_encoding);
    g_test_add_func("/scenario/file/not-xml", test_file_not_xml);
    g_test_add_func("/scenario/file/read", test_file_read);
    g_test_add_func("/scenario/file/too-big", test_file_too_big);
    return g_test_run();
}
