/* test-advise.c: tgwsim advise (sim/cluster/tgw-sim-advise.h, sim/cli/cmd-advise.c).
 *
 * The seed scenario runs dry under the default VPC CNI: the custom-networking candidate's size
 * holds in every run and the next smaller does not (both are simulated); a VPC already at the
 * 5-block quota cannot take a secondary block; a design that holds needs nothing; bad options are
 * usage errors. Runs are few and short so that the suite stays quick under valgrind. */
#include <string.h>

#include "tgw-scenario-load.h"
#include "tgw-sim-advise.h"
#include "tgw-test-util.h"

static const TgwAdviseCandidate *
candidate(const TgwAdviseCluster *ac, const char *kind)
{
    for (guint i = 0; i < ac->candidates->len; i++) {
        const TgwAdviseCandidate *c = ac->candidates->pdata[i];
        if (g_str_equal(c->kind, kind))
            return c;
    }
    g_error("no %s candidate", kind);
}

static GPtrArray *
advise_headroom(const char *xml, const char *cluster, guint runs, gint64 horizon_ms,
                double headroom, TgwScenario **sc)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(GError) error = NULL;
    TgwAdviseOptions opts = {runs, 2, headroom, horizon_ms, FALSE, 0, NULL};
    GPtrArray *out = NULL;

    *sc = tgw_scenario_load_memory(xml, strlen(xml), "test.xml", NULL, findings);
    if (*sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(*sc);
    out = tgw_advise(*sc, xml, strlen(xml), "test.xml", cluster, &opts, &error);
    g_assert_no_error(error);
    return out;
}

static GPtrArray *
advise(const char *xml, const char *cluster, guint runs, gint64 horizon_ms, TgwScenario **sc)
{
    return advise_headroom(xml, cluster, runs, horizon_ms, 0.2, sc);
}

/* the ranking rule: candidates that hold first; settings (warm pool, prefix delegation, the
 * ENIConfigs already declared) before new address space (routable subnets, a CG-NAT block), and
 * among settings that hold the one with fewer pods waiting for an address */
static void
assert_ranked(const TgwAdviseCluster *ac)
{
    static const char *const order[] = {"warm-pool", "prefix-delegation", "existing-eniconfigs",
                                        "routable-subnets", "custom-networking"};
    for (guint i = 1; i < ac->candidates->len; i++) {
        const TgwAdviseCandidate *a = ac->candidates->pdata[i - 1], *b = ac->candidates->pdata[i];
        guint ia = 0, ib = 0;
        for (guint k = 0; k < G_N_ELEMENTS(order); k++) {
            ia = g_str_equal(a->kind, order[k]) ? k : ia;
            ib = g_str_equal(b->kind, order[k]) ? k : ib;
        }
        g_assert_true(tgw_advise_candidate_holds(a) >= tgw_advise_candidate_holds(b));
        /* two settings that hold: the one with fewer pods waiting first */
        if (tgw_advise_candidate_holds(a) && tgw_advise_candidate_holds(b) && ia <= 2 && ib <= 2)
            g_assert_cmpfloat(a->outcome.waited_per_run, <=, b->outcome.waited_per_run);
        else if (tgw_advise_candidate_holds(a) == tgw_advise_candidate_holds(b))
            g_assert_cmpuint(ia, <, ib);
    }
}

/* the seed case: private-a runs dry on day 1 under the default CNI; the candidate moves pods to
 * a CG-NAT block next to team-a's own 100.64.0.0/17 (team-b's is the same /17, so the first
 * free aligned block after it), and its size is the smallest that holds */
static void
test_seed(void)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCluster *ac = NULL;
    const TgwAdviseCandidate *c = NULL;
    TgwCidr cgnat = {0x64400000u, 10}, team_a = {0x64400000u, 17};

    g_assert_true(g_file_get_contents(path, &xml, NULL, NULL));
    advice = advise(xml, "main", 2, 3 * TGW_MS_PER_DAY, &sc);
    g_assert_cmpuint(advice->len, ==, 1);
    ac = advice->pdata[0];
    g_assert_true(ac->needs_fix);
    g_assert_cmpuint(ac->today.holds, ==, 0);
    /* a warm pool and prefix delegation are tried first (settings); the /24s fragment under
     * prefixes, so it does not hold */
    g_assert_cmpuint(ac->candidates->len, ==, 5);
    /* the seed declares pods-a/b/c (/19s) in ENIConfigs: custom networking on them holds */
    g_assert_true(tgw_advise_candidate_holds(candidate(ac, "existing-eniconfigs")));
    g_assert_cmpuint(candidate(ac, "existing-eniconfigs")->max_pods_after, ==, 44);
    /* at most ~20 designs per cluster: today's and the candidates' */
    {
        guint designs = 1;
        for (guint i = 0; i < ac->candidates->len; i++)
            designs += ((TgwAdviseCandidate *) ac->candidates->pdata[i])->simulated;
        g_assert_cmpuint(designs, <=, 20);
    }
    assert_ranked(ac);
    c = candidate(ac, "custom-networking");
    g_assert_cmpuint(candidate(ac, "prefix-delegation")->outcome.holds, <,
                     candidate(ac, "prefix-delegation")->outcome.runs);
    /* m5.xlarge with prefixes: 110 pods a node, the EKS cap for under 30 vCPUs */
    g_assert_cmpuint(candidate(ac, "prefix-delegation")->max_pods_after, ==, 110);
    g_assert_true(c->possible);
    g_assert_cmpuint(c->n_subnets, ==, 3);
    /* three subnets: a block two prefix bits shorter, in 100.64.0.0/10, clear of team-a's own */
    g_assert_true(tgw_cidr_contains(cgnat, c->block));
    g_assert_cmpuint(c->block.len, ==, c->subnet_len - 2);
    g_assert_false(tgw_cidr_overlaps(c->block, team_a));
    g_assert_null(c->reuse);
    g_assert_cmpuint(c->outcome.holds, ==, c->outcome.runs);
    /* today the headroom goes no later than the first failed allocation; the fix keeps it to the
     * horizon in every run */
    g_assert_cmpint(ac->today.headroom_p5_ms, >=, 0);
    g_assert_cmpint(ac->today.headroom_p5_ms, <=, ac->today.first_exhaustion_ms);
    g_assert_cmpint(c->outcome.headroom_p5_ms, ==, -1);
    g_assert_cmpuint(c->outcome.nodes_peak, >, 0);
    g_assert_true(c->has_smaller);
    g_assert_cmpuint(c->smaller_len, ==, c->subnet_len + 1);
    g_assert_cmpuint(c->smaller.holds, <, c->smaller.runs);
    /* m5.xlarge: 58 pods per node, 44 without the primary ENI (rule 28) */
    g_assert_cmpuint(c->max_pods_before, ==, 58);
    g_assert_cmpuint(c->max_pods_after, ==, 44);
}

/* one m5.large (3 ENIs of 10 addresses: 9 secondaries each, rule 2) with 5 pods in a /27 (27
 * usable), and a headroom of 50 %: 14 addresses must stay free.
 * Today (WARM_ENI_TARGET=1, rules 16-21): the primary ENI fills with 9; 5 pods leave 4 available,
 * under one ENI's 9, so a second ENI comes with 9 more: 1 node + 9 + 1 ENI primary + 9 = 20 used,
 * 7 free (25.9 %), short of the headroom.
 * WARM_IP_TARGET=W, WARM_ENI_TARGET=0: the pool holds 5 + W (rule 16, exactly the shortfall);
 * past the primary ENI's 9 a second ENI costs its primary too. W=6: 11 addresses, 9 + 2 on two
 * ENIs: 1 + 9 + 1 + 2 = 13 used, 14 free (51.9 %), holds. W=7: 14 used, 13 free (48.1 %), fails.
 * So advise picks 6, and the node holds 7 idle addresses fewer than today (14 idle: 18 pod
 * addresses - 5 pods + the second ENI's primary; 7 idle: 11 - 5 + 1). */
static void
test_warm_pool(void)
{
    static const char xml[] = "<scenario version=\"1\" name=\"t\" seed=\"3\" horizon=\"2h\">\n"
                              "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
                              "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"
                              "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"
                              "    <subnet name=\"n\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"
                              "  </vpc>\n"
                              "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                              "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                              "max=\"1\" subnets=\"n\"/>\n"
                              "    <workload name=\"app\" replicas=\"5\" cpu=\"10m\"/>\n"
                              "  </eks-cluster>\n"
                              "</scenario>\n";
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCluster *ac = NULL;
    const TgwAdviseCandidate *c = NULL;

    advice = advise_headroom(xml, NULL, 1, TGW_MS_PER_HOUR, 0.5, &sc);
    ac = advice->pdata[0];
    g_assert_true(ac->needs_fix);
    g_assert_cmpfloat_with_epsilon(ac->today.min_free_share, 7.0 / 27.0, 1e-9);
    c = candidate(ac, "warm-pool");
    g_assert_true(tgw_advise_candidate_holds(c));
    g_assert_cmpuint(c->warm_ip_target, ==, 6);
    g_assert_cmpfloat_with_epsilon(c->outcome.min_free_share, 14.0 / 27.0, 1e-9);
    g_assert_true(c->has_looser);
    g_assert_cmpuint(c->looser.holds, ==, 0);
    g_assert_cmpfloat_with_epsilon(c->looser.min_free_share, 13.0 / 27.0, 1e-9);
    /* 7 idle addresses fewer: 20 held today, 13 with the fix */
    g_assert_cmpfloat_with_epsilon((c->outcome.min_free_share - ac->today.min_free_share) * 27.0,
                                   7.0, 1e-9);
    /* the setting ranks first: it holds, and settings come before new address space */
    g_assert_true(ac->candidates->pdata[0] == c);
    assert_ranked(ac);
    g_assert_nonnull(strstr(c->scenario_xml, "warm-eni-target=\"0\" warm-ip-target=\"6\""));
}

#define HEAD(blocks)                                                                               \
    "<scenario version=\"1\" name=\"t\" seed=\"7\" horizon=\"1d\">\n"                              \
    "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n" blocks                                             \
    "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"                              \
    "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"

/* one m5.large in a /27 (27 usable): 40 pods cannot fit, the subnet runs dry */
#define TIGHT_CLUSTER                                                                              \
    "    <subnet name=\"n\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"                                   \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"2\" max=\"2\" subnets=\"n\"/>\n"  \
    "    <workload name=\"app\" replicas=\"40\" cpu=\"10m\"/>\n"                                   \
    "  </eks-cluster>\n"                                                                           \
    "</scenario>\n"

/* a VPC with its primary and four secondary blocks has no room for a fifth (the quota) */
static void
test_quota(void)
{
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCandidate *c = NULL;

    advice = advise(HEAD("    <cidr-block cidr=\"10.1.0.0/16\"/>\n"
                         "    <cidr-block cidr=\"10.2.0.0/16\"/>\n"
                         "    <cidr-block cidr=\"10.3.0.0/16\"/>\n"
                         "    <cidr-block cidr=\"10.4.0.0/16\"/>\n") TIGHT_CLUSTER,
                    NULL, 1, TGW_MS_PER_HOUR, &sc);
    g_assert_true(((TgwAdviseCluster *) advice->pdata[0])->needs_fix);
    c = candidate(advice->pdata[0], "custom-networking");
    g_assert_false(c->possible);
    g_assert_nonnull(strstr(c->why_not, "VPC 'v' already has 5 CIDR blocks, the default quota"));
}

/* the tight design in the VPC's free room. Two m5.large with 40 pods (at most 29 a node, so at
 * least 11 each): past 9 pods a node's available addresses fall under one ENI's 9 and WARM_ENI_
 * TARGET=1 attaches ENIs up to the limit of 3, so each node holds 1 + 3 x 9 + 2 ENI primaries = 30
 * addresses (rules 2, 16, 21): 60 in all. A /26 (59 usable) cannot hold them; a /25 (123) keeps
 * 63 free (51.2 %), so /25 is the smallest that holds. The free room of 10.0.0.0/16 less the
 * three subnets fits at most a /18 (10.0.64.0/18); the first /25 in address order is in the
 * free 10.0.0.0/24: 10.0.0.0/25. */
static void
test_routable(void)
{
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCandidate *c = NULL;
    char buf[TGW_CIDR_STRLEN];

    advice = advise(HEAD("") TIGHT_CLUSTER, NULL, 1, TGW_MS_PER_HOUR, &sc);
    c = candidate(advice->pdata[0], "routable-subnets");
    g_assert_true(tgw_advise_candidate_holds(c));
    g_assert_cmpuint(c->subnet_len, ==, 25);
    g_assert_cmpuint(c->subnets_cidrs->len, ==, 1);
    g_assert_cmpstr(tgw_cidr_format(g_array_index(c->subnets_cidrs, TgwCidr, 0), buf), ==,
                    "10.0.0.0/25");
    g_assert_cmpfloat_with_epsilon(c->outcome.min_free_share, 63.0 / 123.0, 1e-9);
    g_assert_true(c->has_smaller);
    g_assert_cmpuint(c->smaller_len, ==, 26);
    g_assert_cmpuint(c->smaller.holds, ==, 0);
    g_assert_nonnull(strstr(c->free_room, "10.0.0.0/24 10.0.1.32/27 10.0.1.64/26 10.0.1.128/25 "));
    g_assert_nonnull(strstr(c->free_room, " 10.0.64.0/18 "));
    g_assert_nonnull(strstr(c->scenario_xml, "subnets=\"advise-k-nodes-az1\""));
    /* it holds, and new subnets in the VPC's own block come before a new block */
    assert_ranked(advice->pdata[0]);
}

/* team v's cluster runs dry; its /22 is subnetted to the last address (no free room, so the fix
 * is a CG-NAT block); VPC w on the same transit gateway has 100.64.0.0/17 */
#define TGW_XML(propagate)                                                                         \
    "<scenario version=\"1\" name=\"t\" seed=\"7\" horizon=\"1d\">\n"                              \
    "  <transit-gateway name=\"t\">\n"                                                             \
    "    <route-table name=\"rt\"/>\n"                                                             \
    "  </transit-gateway>\n"                                                                       \
    "  <vpc name=\"w\" cidr=\"10.1.0.0/16\">\n"                                                    \
    "    <cidr-block cidr=\"100.64.0.0/17\"/>\n"                                                   \
    "    <subnet name=\"a\" az=\"az1\" cidr=\"10.1.0.0/24\"/>\n"                                   \
    "    <tgw-attachment name=\"w-att\" transit-gateway=\"t\" subnets=\"a\" associate=\"rt\"\n"    \
    "                    propagate=\"rt\"/>\n"                                                     \
    "  </vpc>\n"                                                                                   \
    "  <vpc name=\"v\" cidr=\"10.0.0.0/22\">\n"                                                    \
    "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.0.0/28\"/>\n"                                \
    "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.0.16/28\"/>\n"                               \
    "    <subnet name=\"tgw\" az=\"az1\" cidr=\"10.0.0.32/28\"/>\n"                                \
    "    <subnet name=\"f1\" az=\"az1\" cidr=\"10.0.0.48/28\"/>\n"                                 \
    "    <subnet name=\"f2\" az=\"az1\" cidr=\"10.0.0.64/26\"/>\n"                                 \
    "    <subnet name=\"f3\" az=\"az1\" cidr=\"10.0.0.128/25\"/>\n"                                \
    "    <subnet name=\"f4\" az=\"az1\" cidr=\"10.0.1.32/27\"/>\n"                                 \
    "    <subnet name=\"f5\" az=\"az1\" cidr=\"10.0.1.64/26\"/>\n"                                 \
    "    <subnet name=\"f6\" az=\"az1\" cidr=\"10.0.1.128/25\"/>\n"                                \
    "    <subnet name=\"f7\" az=\"az1\" cidr=\"10.0.2.0/23\"/>\n"                                  \
    "    <tgw-attachment name=\"v-att\" transit-gateway=\"t\" subnets=\"tgw\" "                    \
    "associate=\"rt\"" propagate "/>\n" TIGHT_CLUSTER

/* whether tgwsim routes printed a TGW route: CIDR, TYPE, TARGET, then the state's words */
static gboolean
has_route(const char *routes, const char *cidr, const char *target, const char *state)
{
    g_auto(GStrv) lines = g_strsplit(routes, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *rest = NULL;
        /* columns are padded: drop the empty fields */
        g_autoptr(GPtrArray) w = g_ptr_array_new();
        g_auto(GStrv) all = g_strsplit(lines[i], " ", -1);
        for (guint k = 0; all[k] != NULL; k++) {
            if (all[k][0] != '\0')
                g_ptr_array_add(w, all[k]);
        }
        if (w->len < 4 || !g_str_equal(w->pdata[0], cidr) ||
            !g_str_equal(w->pdata[1], "propagated") || !g_str_equal(w->pdata[2], target))
            continue;
        g_ptr_array_add(w, NULL);
        rest = g_strjoinv(" ", (char **) w->pdata + 3);
        if (g_str_equal(rest, state))
            return TRUE;
    }
    return FALSE;
}

/* a CG-NAT block another VPC on the transit gateway uses: reused when this VPC propagates into
 * no TGW table (safe: tgwsim routes lists no route for it); passed over when both VPCs propagate
 * into one table (the same prefix would be shadowed, as routes shows for a VPC given w's /17),
 * and the block taken instead is installed there */
static void
test_tgw_reuse(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-advise-XXXXXX", &error);
    g_autofree char *safe = g_build_filename(dir, "safe.xml", NULL);
    g_autofree char *shadow = g_build_filename(dir, "shadow.xml", NULL);
    g_autofree char *safe_fix = g_build_filename(dir, "safe-fix.xml", NULL);
    g_autofree char *shadow_fix = g_build_filename(dir, "shadow-fix.xml", NULL);
    g_autofree char *same = g_build_filename(dir, "same.xml", NULL);
    g_autofree char *same_xml = NULL;
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    g_auto(TgwTestCmd) ra = {0};
    g_auto(TgwTestCmd) rb = {0};
    g_auto(TgwTestCmd) rs = {0};
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCandidate *c = NULL;
    TgwCidr w_block = {0x64400000u, 17};
    TgwCidr c_block = {0, 0};
    char buf[TGW_CIDR_STRLEN];

    g_assert_no_error(error);
    advice = advise(TGW_XML(""), NULL, 1, TGW_MS_PER_HOUR, &sc);
    c = candidate(advice->pdata[0], "routable-subnets");
    g_assert_false(c->possible);
    g_assert_cmpstr(c->why_not, ==, "VPC 'v' has no room for 1 more /28 subnets (free: none)");
    c = candidate(advice->pdata[0], "custom-networking");
    g_assert_true(tgw_advise_candidate_holds(c));
    g_assert_cmpstr(c->reuse, ==, "w");
    g_assert_true(tgw_cidr_overlaps(c->block, w_block));
    g_assert_null(c->avoided);
    g_assert_cmpstr(c->tgw_note, ==, "not propagated into any transit gateway route table");
    c_block = c->block;
    g_clear_pointer(&advice, g_ptr_array_unref);
    g_clear_pointer(&sc, tgw_scenario_free);

    g_assert_true(g_file_set_contents(safe, TGW_XML(""), -1, NULL));
    tgw_test_tgwsim(&a, "advise", safe, "--runs", "1", "--horizon", "1h", "--scenario", safe_fix,
                    NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_nonnull(strstr(a.out, "VPC 'w' on the same transit gateway uses the block too: "
                                   "safe, as this VPC propagates into no TGW route table"));
    tgw_test_tgwsim(&ra, "routes", safe_fix, NULL);
    g_assert_cmpint(ra.status, ==, 0);
    g_assert_true(has_route(ra.out, "100.64.0.0/17", "w-att", "active"));
    g_assert_false(has_route(ra.out, tgw_cidr_format(c_block, buf), "v-att", "active"));

    advice = advise(TGW_XML(" propagate=\"rt\""), NULL, 1, TGW_MS_PER_HOUR, &sc);
    c = candidate(advice->pdata[0], "custom-networking");
    g_assert_true(tgw_advise_candidate_holds(c));
    g_assert_null(c->reuse);
    g_assert_false(tgw_cidr_overlaps(c->block, w_block));
    g_assert_nonnull(c->avoided);
    g_assert_nonnull(strstr(c->avoided, "overlaps VPC 'w''s 100.64.0.0/17 and both VPCs "
                                        "propagate into TGW table t/rt"));
    g_assert_nonnull(strstr(c->tgw_note, "propagated into TGW table t/rt: active"));
    g_assert_true(g_file_set_contents(shadow, TGW_XML(" propagate=\"rt\""), -1, NULL));
    tgw_test_tgwsim(&b, "advise", shadow, "--runs", "1", "--horizon", "1h", "--scenario",
                    shadow_fix, NULL);
    g_assert_cmpint(b.status, ==, 0);
    tgw_test_tgwsim(&rb, "routes", shadow_fix, NULL);
    g_assert_cmpint(rb.status, ==, 0);
    g_assert_true(has_route(rb.out, tgw_cidr_format(c->block, buf), "v-att", "active"));
    /* what reuse would have done: v with w's very prefix is shadowed in t/rt */
    same_xml = g_strdup(TGW_XML(" propagate=\"rt\""));
    {
        char *p = strstr(same_xml, "<vpc name=\"v\" cidr=\"10.0.0.0/22\">\n");
        g_assert_nonnull(p);
        g_autofree char *head = g_strndup(same_xml, (gsize) (p - same_xml));
        g_autofree char *joined =
            g_strconcat(head, "<vpc name=\"v\" cidr=\"10.0.0.0/22\">\n",
                        "    <cidr-block cidr=\"100.64.0.0/17\"/>\n",
                        p + strlen("<vpc name=\"v\" cidr=\"10.0.0.0/22\">\n"), NULL);
        g_assert_true(g_file_set_contents(same, joined, -1, NULL));
    }
    tgw_test_tgwsim(&rs, "routes", same, NULL);
    g_assert_true(
        has_route(rs.out, "100.64.0.0/17", "v-att", "shadowed by propagated route to w-att"));
    tgw_test_remove_tree(dir);
}

/* two tight clusters in one full VPC: each needs a CG-NAT block; the second is judged with the
 * first's fix applied, so it takes the next block, and the written scenario carries both */
static void
test_two_clusters(void)
{
    static const char xml[] = "<scenario version=\"1\" name=\"t\" seed=\"5\" horizon=\"1h\">\n"
                              "  <vpc name=\"v\" cidr=\"10.0.0.0/24\">\n"
                              "    <subnet name=\"n1\" az=\"az1\" cidr=\"10.0.0.0/27\"/>\n"
                              "    <subnet name=\"n2\" az=\"az1\" cidr=\"10.0.0.32/27\"/>\n"
                              "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.0.64/28\"/>\n"
                              "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.0.80/28\"/>\n"
                              "    <subnet name=\"f1\" az=\"az1\" cidr=\"10.0.0.96/27\"/>\n"
                              "    <subnet name=\"f2\" az=\"az1\" cidr=\"10.0.0.128/25\"/>\n"
                              "  </vpc>\n"
                              "  <eks-cluster name=\"k1\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                              "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"2\" "
                              "max=\"2\" subnets=\"n1\"/>\n"
                              "    <workload name=\"app\" replicas=\"40\" cpu=\"10m\"/>\n"
                              "  </eks-cluster>\n"
                              "  <eks-cluster name=\"k2\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                              "    <node-group name=\"g2\" instance-type=\"m5.large\" min=\"2\" "
                              "max=\"2\" subnets=\"n2\"/>\n"
                              "    <workload name=\"app2\" replicas=\"40\" cpu=\"10m\"/>\n"
                              "  </eks-cluster>\n"
                              "</scenario>\n";
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-advise-XXXXXX", &error);
    g_autofree char *in = g_build_filename(dir, "two.xml", NULL);
    g_autofree char *out = g_build_filename(dir, "fixed.xml", NULL);
    g_autofree char *page = g_build_filename(dir, "advise.html", NULL);
    g_autofree char *tf = g_build_filename(dir, "fix.tf", NULL);
    g_autofree char *page_text = NULL, *tf_text = NULL;
    g_autofree char *out_xml = NULL;
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) rerun = {0};
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    const TgwAdviseCandidate *f1 = NULL, *f2 = NULL;

    g_assert_no_error(error);
    advice = advise(xml, NULL, 1, TGW_MS_PER_HOUR, &sc);
    g_assert_cmpuint(advice->len, ==, 2);
    f1 = tgw_advise_cluster_fix(advice->pdata[0]);
    f2 = tgw_advise_cluster_fix(advice->pdata[1]);
    g_assert_nonnull(f1);
    g_assert_nonnull(f2);
    g_assert_cmpstr(f1->kind, ==, "custom-networking");
    g_assert_cmpstr(f2->kind, ==, "custom-networking");
    g_assert_false(((TgwAdviseCluster *) advice->pdata[0])->after_fixes);
    g_assert_true(((TgwAdviseCluster *) advice->pdata[1])->after_fixes);
    g_assert_false(tgw_cidr_overlaps(f1->block, f2->block));

    g_assert_true(g_file_set_contents(in, xml, -1, NULL));
    tgw_test_tgwsim(&a, "advise", in, "--runs", "2", "--scenario", out, NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_nonnull(strstr(a.out, "cluster k2 today (with the fixes above applied): "));
    g_assert_true(g_file_get_contents(out, &out_xml, NULL, NULL));
    g_assert_nonnull(strstr(out_xml, "pods of cluster 'k1'"));
    g_assert_nonnull(strstr(out_xml, "pods of cluster 'k2'"));
    tgw_test_tgwsim(&rerun, "run", out, "--runs", "2", "--json", "-", NULL);
    g_assert_cmpint(rerun.status, ==, 0);
    g_assert_nonnull(strstr(rerun.out, "\"exhaustion_probability\": 0,\n"));
    tgw_test_remove_tree(dir);
}

/* a tight design gets a fix it can take, in the command's words; one that holds, nothing */
static void
test_command(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-advise-XXXXXX", &error);
    g_autofree char *tight = g_build_filename(dir, "tight.xml", NULL);
    g_autofree char *roomy = g_build_filename(dir, "roomy.xml", NULL);
    g_autofree char *roomy_xml = NULL, *out_xml = NULL;
    g_autofree char *out = g_build_filename(dir, "fixed.xml", NULL);
    g_autofree char *page = g_build_filename(dir, "advise.html", NULL);
    g_autofree char *tf = g_build_filename(dir, "fix.tf", NULL);
    g_autofree char *page_text = NULL, *tf_text = NULL;
    g_autofree char *full = g_build_filename(dir, "full.xml", NULL);
    g_autofree char *out_cn = g_build_filename(dir, "fixed-cn.xml", NULL);
    g_autofree char *out_cn_xml = NULL;
    g_auto(TgwTestCmd) written_cn = {0};
    g_auto(TgwTestCmd) proof = {0};
    g_auto(TgwTestCmd) invalid = {0};
    g_autofree char *broken = g_build_filename(dir, "broken.xml", NULL);
    g_auto(TgwTestCmd) valid_cn = {0};
    g_auto(TgwTestCmd) rerun_cn = {0};
    g_auto(TgwTestCmd) written = {0};
    g_auto(TgwTestCmd) valid = {0};
    g_auto(TgwTestCmd) rerun = {0};
    g_auto(TgwTestCmd) fix = {0};
    g_auto(TgwTestCmd) nothing = {0};
    g_auto(TgwTestCmd) unknown = {0};
    g_auto(TgwTestCmd) headroom = {0};

    g_assert_no_error(error);
    g_assert_true(g_file_set_contents(tight, HEAD("") TIGHT_CLUSTER, -1, NULL));
    /* the same cluster in a /24 with 5 pods: a node holds 20 of 251 at most */
    roomy_xml = g_strdup(HEAD("") TIGHT_CLUSTER);
    {
        char *p = strstr(roomy_xml, "10.0.1.0/27");
        memcpy(p, "10.0.1.0/24", 11);
        p = strstr(roomy_xml, "replicas=\"40\"");
        memcpy(p, "replicas=\"05\"", 13);
    }
    g_assert_true(g_file_set_contents(roomy, roomy_xml, -1, NULL));

    tgw_test_tgwsim(&fix, "advise", tight, "--runs", "1", "--horizon", "1h", "--html", page,
                    "--terraform", tf, NULL);
    g_assert_cmpint(fix.status, ==, 0);
    g_assert_nonnull(strstr(fix.out, "cluster k today: holds in 0 of 1 runs"));
    g_assert_nonnull(strstr(fix.out, "  custom networking on a CG-NAT block: 100.64."));
    g_assert_nonnull(strstr(fix.out, "  routable subnets in the VPC's free room: 10.0.0.0/25 (1 x "
                                     "/25, one per AZ): holds in 1 of 1 runs"));
    /* the page and the Terraform are written too (here, under valgrind, with the rest) */
    g_assert_true(g_file_get_contents(page, &page_text, NULL, NULL));
    g_assert_nonnull(strstr(page_text, "<h2>Options</h2>"));
    g_assert_nonnull(strstr(page_text, "<svg"));
    g_assert_true(g_file_get_contents(tf, &tf_text, NULL, NULL));
    g_assert_nonnull(strstr(tf_text, "resource \"aws_subnet\" \"k_nodes\""));

    /* --scenario writes the fix in: valid, marked, and it holds in the same seeds' runs; the
     * tight design's fix is a subnet of its own VPC, the full VPC's a CG-NAT block */
    tgw_test_tgwsim(&written, "advise", tight, "--runs", "2", "--horizon", "1h", "--scenario", out,
                    NULL);
    g_assert_cmpint(written.status, ==, 0);
    g_assert_true(g_file_get_contents(out, &out_xml, NULL, NULL));
    g_assert_nonnull(strstr(out_xml, "<!-- tgwsim advise: new routable subnets for the nodes and "
                                     "pods of cluster 'k', one /25 per AZ"));
    g_assert_nonnull(strstr(out_xml, "<!-- tgwsim advise: node group moved to the new subnets "
                                     "(was n) -->"));
    g_assert_nonnull(strstr(
        out_xml, "\n    <subnet name=\"advise-k-nodes-az1\" az=\"az1\" cidr=\"10.0.0.0/25\"/>"));
    tgw_test_tgwsim(&valid, "validate", out, NULL);
    g_assert_cmpint(valid.status, ==, 0);
    /* and it carries its proof: an expectation per subnet of the cluster, which tgwsim test
     * passes */
    g_assert_nonnull(strstr(out_xml, "<expect name=\"advise: v/advise-k-nodes-az1 keeps 20% free\" "
                                     "subnet=\"v/advise-k-nodes-az1\" min-free=\"20%\"/>"));
    tgw_test_tgwsim(&proof, "test", out, NULL);
    g_assert_cmpint(proof.status, ==, 0);
    g_assert_nonnull(strstr(proof.out, "ok    advise: v/advise-k-nodes-az1 keeps 20% free"));
    tgw_test_tgwsim(&rerun, "run", out, "--runs", "2", "--horizon", "1h", "--json", "-", NULL);
    g_assert_cmpint(rerun.status, ==, 0);
    g_assert_nonnull(strstr(rerun.out, "\"exhaustion_probability\": 0,\n"));

    g_assert_true(g_file_set_contents(full, TGW_XML(""), -1, NULL));
    tgw_test_tgwsim(&written_cn, "advise", full, "--runs", "2", "--horizon", "1h", "--scenario",
                    out_cn, NULL);
    g_assert_cmpint(written_cn.status, ==, 0);
    g_assert_true(g_file_get_contents(out_cn, &out_cn_xml, NULL, NULL));
    g_assert_nonnull(strstr(out_cn_xml, "<!-- tgwsim advise: a CG-NAT block for the pods of "
                                        "cluster 'k', one /"));
    g_assert_nonnull(
        strstr(out_cn_xml, "<!-- tgwsim advise: custom networking (mode was default)"));
    g_assert_nonnull(strstr(out_cn_xml, "\n    <cidr-block cidr=\"100.64."));
    tgw_test_tgwsim(&valid_cn, "validate", out_cn, NULL);
    g_assert_cmpint(valid_cn.status, ==, 0);
    tgw_test_tgwsim(&rerun_cn, "run", out_cn, "--runs", "2", "--horizon", "1h", "--json", "-",
                    NULL);
    g_assert_cmpint(rerun_cn.status, ==, 0);
    g_assert_nonnull(strstr(rerun_cn.out, "\"exhaustion_probability\": 0,\n"));

    tgw_test_tgwsim(&nothing, "advise", roomy, "--runs", "1", "--horizon", "1h", NULL);
    g_assert_cmpint(nothing.status, ==, 0);
    g_assert_nonnull(strstr(nothing.out, "nothing to do: every subnet keeps "));

    tgw_test_tgwsim(&unknown, "advise", tight, "--cluster", "kk", NULL);
    g_assert_cmpint(unknown.status, ==, 2);
    g_assert_nonnull(strstr(unknown.err, "no cluster named 'kk'"));
    g_assert_nonnull(strstr(unknown.err, "did you mean 'k'?"));

    g_assert_true(g_file_set_contents(broken,
                                      "<scenario version=\"1\" name=\"x\">\n"
                                      "  <vpc name=\"v\" cidr=\"10.0.0.0/33\"/>\n"
                                      "</scenario>\n",
                                      -1, NULL));
    tgw_test_tgwsim(&invalid, "advise", broken, NULL);
    g_assert_cmpint(invalid.status, ==, 1);
    g_assert_nonnull(strstr(invalid.err, "broken.xml:2: error: BAD-VALUE: "));

    tgw_test_tgwsim(&headroom, "advise", tight, "--headroom", "95%", NULL);
    g_assert_cmpint(headroom.status, ==, 2);
    g_assert_nonnull(strstr(headroom.err, "--headroom takes a share from 0% to 90%"));
    tgw_test_remove_tree(dir);
}

/* the lines hcl-check (HashiCorp's HCL v2 parser) prints for a file; NULL and a skip when the
 * parser is not built (tests/meson.build: Go and golang-github-hashicorp-hcl-v2-dev) */
static char *
hcl_parse(const char *path)
{
    const char *check = g_getenv("TGW_HCL_CHECK");
    const char *argv[] = {check, path, NULL};
    g_autofree char *err = NULL;
    char *out = NULL;
    int status = 0;
    g_autoptr(GError) error = NULL;
    if (check == NULL) {
        g_test_skip("hcl-check is not built: install golang-go and "
                    "golang-github-hashicorp-hcl-v2-dev (tools/install-deps.sh)");
        return NULL;
    }
    g_assert_true(g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
    g_assert_no_error(error);
    if (!g_spawn_check_wait_status(status, NULL))
        g_error("%s does not parse as HCL: %s", path, err);
    return out;
}

/* the seed's custom-networking fix as Terraform: the golden file; HCL v2 parses it; every
 * resource is there, the block and the per-AZ subnets those the JSON reports */
static void
test_terraform_seed(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-advise-tf-XXXXXX", &error);
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *golden_path = tgw_test_source_path("tests", "advise", "seed.tf", NULL);
    g_autofree char *tf = g_build_filename(dir, "fix.tf", NULL);
    g_autofree char *text = NULL, *golden = NULL, *parsed = NULL;
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) warm = {0};
    g_autofree char *block_line = NULL;
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    g_autofree char *xml = NULL;
    const TgwAdviseCandidate *c = NULL;
    char buf[TGW_CIDR_STRLEN];

    g_assert_no_error(error);
    tgw_test_tgwsim(&a, "advise", seed, "--runs", "2", "--horizon", "3d", "--fix",
                    "custom-networking", "--terraform", tf, NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_true(g_file_get_contents(tf, &text, NULL, NULL));
    /* the file names the scenario as given: compare from the first resource on */
    g_assert_true(g_file_get_contents(golden_path, &golden, NULL, NULL));
    g_assert_cmpstr(strstr(text, "\nvariable "), ==, strstr(golden, "\nvariable "));

    /* the same search through the library: the block and subnets it chose */
    g_assert_true(g_file_get_contents(seed, &xml, NULL, NULL));
    advice = advise(xml, "main", 2, 3 * TGW_MS_PER_DAY, &sc);
    c = candidate(advice->pdata[0], "custom-networking");
    block_line = g_strdup_printf("  attr cidr_block \"%s\"\n", tgw_cidr_format(c->block, buf));

    parsed = hcl_parse(tf);
    if (parsed == NULL)
        goto out;
    g_assert_nonnull(
        strstr(parsed, "block resource aws_vpc_ipv4_cidr_block_association main_pods\n"));
    g_assert_nonnull(strstr(parsed, block_line));
    g_assert_nonnull(strstr(parsed, "block resource aws_subnet main_pods\n"));
    g_assert_nonnull(strstr(parsed, "block resource aws_route_table_association main_pods\n"));
    g_assert_nonnull(strstr(parsed, "block resource kubernetes_manifest main_eniconfig\n"));
    g_assert_nonnull(strstr(parsed, "block resource aws_eks_addon main\n"));
    g_assert_nonnull(strstr(parsed, "  attr addon_name \"vpc-cni\"\n"));
    {
        g_autoptr(GArray) subnets = tgw_cidr_split(c->block, c->subnet_len, NULL);
        g_autoptr(GString) map = g_string_new("  attr main_pods_subnets {");
        const char *azs[] = {"apne2-az1", "apne2-az2", "apne2-az3"};
        for (guint i = 0; i < 3; i++)
            g_string_append_printf(map, "%s\"%s\":\"%s\"", i > 0 ? "," : "", azs[i],
                                   tgw_cidr_format(g_array_index(subnets, TgwCidr, i), buf));
        g_string_append(map, "}\n");
        g_assert_nonnull(strstr(parsed, map->str));
    }
    g_assert_nonnull(strstr(text, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = \"true\""));
    g_assert_nonnull(strstr(text, "launch the node groups again with max pods 44 (58 before"));

    /* the seed's best fix, a setting (custom networking on the ENIConfigs it already declares),
     * is the add-on alone */
    {
        g_autofree char *wtf = g_build_filename(dir, "warm.tf", NULL);
        g_autofree char *wtext = NULL, *wparsed = NULL;
        tgw_test_tgwsim(&warm, "advise", seed, "--runs", "2", "--horizon", "3d", "--terraform", wtf,
                        NULL);
        g_assert_cmpint(warm.status, ==, 0);
        g_assert_true(g_file_get_contents(wtf, &wtext, NULL, NULL));
        wparsed = hcl_parse(wtf);
        g_assert_nonnull(strstr(wparsed, "block resource aws_eks_addon main\n"));
        g_assert_null(strstr(wparsed, "aws_subnet"));
        g_assert_nonnull(strstr(wtext, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = \"true\""));
        g_assert_nonnull(strstr(wtext, "launch the node groups again with max pods 44"));
    }
out:
    tgw_test_remove_tree(dir);
}

/* a design imported from Terraform: its fix refers to the imported root-module resources */
static void
test_terraform_imported(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-advise-tf-XXXXXX", &error);
    g_autofree char *xml = tgw_test_source_path("tests", "import", "tight-state.xml", NULL);
    g_autofree char *tf = g_build_filename(dir, "fix.tf", NULL);
    g_autofree char *text = NULL, *parsed = NULL;
    g_auto(TgwTestCmd) a = {0};

    g_assert_no_error(error);
    tgw_test_tgwsim(&a, "advise", xml, "--runs", "1", "--horizon", "1h", "--fix",
                    "custom-networking", "--terraform", tf, NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_true(g_file_get_contents(tf, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "  vpc_id     = aws_vpc.main.id\n"));
    g_assert_nonnull(strstr(text, "    \"use1-az1\" = aws_route_table.private.id\n"));
    g_assert_nonnull(strstr(text, "  cluster_name = aws_eks_cluster.k.name\n"));
    g_assert_nonnull(strstr(
        text, "securityGroups = [aws_eks_cluster.k.vpc_config[0].cluster_security_group_id]"));
    g_assert_null(strstr(text, "variable \"vpc_"));
    parsed = hcl_parse(tf);
    if (parsed != NULL)
        g_assert_nonnull(strstr(parsed, "block resource aws_subnet k_pods\n"));
    tgw_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/advise/seed", test_seed);
    g_test_add_func("/advise/quota", test_quota);
    g_test_add_func("/advise/warm-pool", test_warm_pool);
    g_test_add_func("/advise/tgw-reuse", test_tgw_reuse);
    g_test_add_func("/advise/routable", test_routable);
    g_test_add_func("/advise/two-clusters", test_two_clusters);
    g_test_add_func("/advise/terraform-seed", test_terraform_seed);
    g_test_add_func("/advise/terraform-imported", test_terraform_imported);
    g_test_add_func("/advise/command", test_command);
    return g_test_run();
}
