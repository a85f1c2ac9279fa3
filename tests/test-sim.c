/* test-sim.c: the simulation end to end on small scenarios whose outcome can be derived by hand
 * from the VPC CNI rules (vpc-cni.md), plus the two properties every run must have: lazy ipamd
 * ticks give exactly what a tick every 5 s gives, and the same inputs give the same bytes. */
#include <string.h>

#include "tgw-error.h"
#include "tgw-report-run.h"
#include "tgw-sim.h"
#include "tgw-test-util.h"

typedef struct {
    TgwScenario *sc;
    TgwRunResult *result;
} Run;

static void
run_clear(Run *run)
{
    tgw_run_result_free(run->result);
    tgw_scenario_free(run->sc);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static void
simulate(Run *run, const char *xml, const TgwSimOptions *opts)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(GError) error = NULL;
    run->sc = tgw_test_load(xml, &findings);
    if (run->sc == NULL) {
        for (guint i = 0; i < tgw_findings_len(findings); i++) {
            g_autofree char *s = tgw_finding_to_string(tgw_findings_get(findings, i));
            g_printerr("%s\n", s);
        }
        g_error("scenario does not load");
    }
    run->result = tgw_sim_run(run->sc, opts, &error);
    g_assert_no_error(error);
}

static const TgwSubnetResult *
subnet(const Run *run, const char *name)
{
    gboolean ambiguous = FALSE;
    TgwSubnetDef *def = tgw_scenario_find_subnet(run->sc, name, &ambiguous);
    g_assert_nonnull(def);
    return tgw_run_result_find_subnet(run->result, def);
}

static guint64
free_at_end(const Run *run, const char *name)
{
    const TgwSubnetResult *s = subnet(run, name);
    g_assert_cmpuint(s->series->len, >, 0);
    return g_array_index(s->series, TgwSample, s->series->len - 1).free;
}

/* control-plane subnets of their own, so that the node subnets hold only what a test counts */
#define HEAD(name, horizon)                                                                        \
    "<scenario version=\"1\" name=\"" name "\" seed=\"7\" horizon=\"" horizon "\">\n"              \
    "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"                                                    \
    "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"                              \
    "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"

/* EKS best practices (aws-network.md 3): three c5.large nodes, one per AZ, two CoreDNS pods
 * spread over two AZs. A node with a pod holds 2 full ENIs (1 + 1 + 18 = 20 addresses), the idle
 * one 1 ENI (1 + 9 = 10): 50 in all, 43 of them idle. */
static void
test_best_practices(void)
{
    g_auto(Run) run = {0};
    const char *xml = HEAD(
        "bp", "1h") "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
                    "    <subnet name=\"b\" az=\"az2\" cidr=\"10.0.2.0/24\"/>\n"
                    "    <subnet name=\"c\" az=\"az3\" cidr=\"10.0.3.0/24\"/>\n"
                    "  </vpc>\n"
                    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                    "    <node-group name=\"g\" instance-type=\"c5.large\" min=\"3\" max=\"3\" "
                    "subnets=\"a b c\"/>\n"
                    "    <workload name=\"coredns\" replicas=\"2\" cpu=\"100m\" memory=\"70Mi\"/>\n"
                    "  </eks-cluster>\n"
                    "</scenario>\n";
    guint64 total = 0, pods = 0, primaries = 0;
    simulate(&run, xml, NULL);
    for (guint i = 0; i < 3; i++) {
        const TgwSubnetResult *s = subnet(&run, (const char *[]){"a", "b", "c"}[i]);
        total += s->peak_used;
        pods += s->at_peak[TGW_HOLDER_PODS];
        primaries += s->at_peak[TGW_HOLDER_NODE_PRIMARY] + s->at_peak[TGW_HOLDER_ENI_PRIMARY];
    }
    g_assert_cmpuint(total, ==, 50);
    g_assert_cmpuint(total - pods - primaries, ==, 43);
    g_assert_cmpuint(run.result->pods.waited_for_ip, ==, 0);
}

/* Occupancy (<in-use>): a /24 (251 usable) with 40 available starts with 211 in use. One
 * m5.xlarge (4 ENIs x 15 addresses, 14 secondaries each, rule 2) under WARM_ENI_TARGET=1:
 * at start the node's own address and a full primary ENI, 1 + 14 = 15: 25 free. The first pod
 * leaves 13 available, under one ENI's 14: a second ENI, 1 + 14 = 15: 10 free. With 14 pods
 * 28 - 14 = 14 stay available and nothing more is asked; the 15th pod leaves 13: a third ENI
 * needs 15 and finds 10, so the subnet runs dry at the 15th pod (its address came from the warm
 * pool). The in-use addresses show as their own holder. */
static void
test_in_use(void)
{
#define IN_USE_XML(replicas)                                                                       \
    HEAD("in-use", "1h")                                                                           \
    "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.1.0/24\">\n"                                    \
    "      <in-use count=\"200\" by=\"interface\"/>\n"                                             \
    "      <in-use count=\"11\" by=\"load_balancer\"/>\n"                                          \
    "    </subnet>\n"                                                                              \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"1\" "                            \
    "max=\"1\" subnets=\"a\"/>\n"                                                                  \
    "    <workload name=\"app\" replicas=\"" replicas "\" cpu=\"10m\"/>\n"                         \
    "  </eks-cluster>\n"                                                                           \
    "</scenario>\n"
    g_auto(Run) fits = {0};
    g_auto(Run) dry = {0};
    const TgwSubnetResult *a = NULL;
    const TgwNodeGroupResult *g = NULL;
    const TgwExhaustionEvent *first = NULL;

    /* 14 pods: the two ENIs hold 28, 14 available: nothing more is asked for */
    simulate(&fits, IN_USE_XML("14"), NULL);
    g_assert_null(tgw_run_result_first_exhaustion(fits.result));
    a = subnet(&fits, "a");
    g_assert_cmpuint(a->peak_used, ==, 211 + 1 + 1 + 28);
    g_assert_cmpuint(a->at_peak[TGW_HOLDER_IN_USE], ==, 211);
    g_assert_cmpuint(free_at_end(&fits, "a"), ==, 10);

    /* the 15th pod: a third ENI would need 15 of the 10 left */
    simulate(&dry, IN_USE_XML("15"), NULL);
    a = subnet(&dry, "a");
    g = dry.result->node_groups->pdata[0];
    first = tgw_run_result_first_exhaustion(dry.result);
    g_assert_nonnull(first);
    g_assert_true(first->subnet == a->def);
    g_assert_cmpstr(first->request, ==, "create-eni");
    g_assert_cmpuint(first->free, ==, 10);
    g_assert_cmpuint(g->pods_at_first_exhaustion, ==, 15);
#undef IN_USE_XML
}

/* A node launched during the run that gets no pod still fills its pool: ipamd's manager checks
 * every 5 s whether or not pods arrive. m5.large (9 secondaries an ENI), launched at 60 s by a
 * timeline scale-up, no pod for it:
 *   WARM_ENI_TARGET=2: 2 x 9 = 18 available wanted; the primary ENI's 9, then a second ENI with
 *   9: 1 + 9 + 1 + 9 = 20 addresses;
 *   WARM_IP_TARGET=20 (9 an ENI): 20 available wanted; 9 + 9 + 2 on three ENIs:
 *   1 + 9 + 1 + 9 + 1 + 2 = 23 addresses.
 * The lazy tick planner must give what the naive 5 s loop gives. */
static void
test_late_idle_node(void)
{
#define LATE_XML(cni)                                                                              \
    HEAD("late", "10m")                                                                            \
    "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"                                   \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    " cni "\n"                                                                                \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"0\" "                             \
    "max=\"1\" desired=\"0\" subnets=\"a\"/>\n"                                                    \
    "  </eks-cluster>\n"                                                                           \
    "  <timeline><at time=\"60s\"><scale-node-group node-group=\"g\" "                             \
    "desired=\"1\"/></at></timeline>\n"                                                            \
    "</scenario>\n"
    static const struct {
        const char *xml;
        guint64 addresses;
    } cases[] = {
        {LATE_XML("<vpc-cni warm-eni-target=\"2\"/>"), 20},
        {LATE_XML("<vpc-cni warm-ip-target=\"20\"/>"), 23},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_auto(Run) lazy = {0};
        g_auto(Run) naive = {0};
        TgwSimOptions o = {0};
        o.naive_ticks = TRUE;
        simulate(&lazy, cases[i].xml, NULL);
        simulate(&naive, cases[i].xml, &o);
        g_assert_cmpuint(subnet(&lazy, "a")->peak_used, ==, cases[i].addresses);
        g_assert_cmpuint(subnet(&naive, "a")->peak_used, ==, cases[i].addresses);
        g_assert_cmpuint(251 - free_at_end(&lazy, "a"), ==, cases[i].addresses);
    }
#undef LATE_XML
}

/* A prefix CIDR reservation: when a subnet has one, prefix delegation carves /28s there only.
 * 10.0.1.0/26 in a /24: 64 addresses less AWS's first four, 60 held from the start; its whole
 * /28s are the three at .16, .32 and .48 (the one at .0 holds AWS's). One m5.large in prefix
 * mode with WARM_PREFIX_TARGET=1: 20 pods use 2 prefixes and the target wants a third wholly
 * free: 3 carved, all in the reservation, so the pool's free count stays 251 - 60 - 1 (the
 * node) = 190 and no /28 is left. 40 pods need 3 and the warm target a 4th: the reservation has
 * none, and the carve fails though 190 addresses are free outside it. */
static void
test_prefix_reservation(void)
{
#define RES_XML(replicas)                                                                          \
    HEAD("res", "1h")                                                                              \
    "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.1.0/24\">\n"                                    \
    "      <reservation cidr=\"10.0.1.0/26\" type=\"prefix\"/>\n"                                  \
    "    </subnet>\n"                                                                              \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni mode=\"prefix\"/>\n"                                                             \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "                   \
    "max-pods=\"110\" subnets=\"a\"/>\n"                                                           \
    "    <workload name=\"app\" replicas=\"" replicas "\" cpu=\"10m\"/>\n"                         \
    "  </eks-cluster>\n"                                                                           \
    "</scenario>\n"
    g_auto(Run) fits = {0};
    g_auto(Run) short_run = {0};
    const TgwExhaustionEvent *first = NULL;

    simulate(&fits, RES_XML("20"), NULL);
    g_assert_null(tgw_run_result_first_exhaustion(fits.result));
    g_assert_cmpuint(free_at_end(&fits, "a"), ==, 190);
    g_assert_cmpuint(subnet(&fits, "a")->free_prefixes_at_end, ==, 0);
    g_assert_cmpuint(fits.result->pods.waited_for_ip, ==, 0);

    simulate(&short_run, RES_XML("40"), NULL);
    first = tgw_run_result_first_exhaustion(short_run.result);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->request, ==, "carve-prefix");
    g_assert_cmpuint(first->free, ==, 190);
    g_assert_cmpuint(free_at_end(&short_run, "a"), ==, 190);
#undef RES_XML
}

/* Custom networking on m5.large with the kubelet left at the default-mode 29 (rule 28): the
 * scheduler places 2 host-network daemonset pods and 27 pods; only ENIs 2 and 3 serve pods
 * (rule 20), 2 x 9 = 18 addresses, so 27 - 18 = 9 pods wait for an address forever. */
static void
test_custom_networking_strands_pods(void)
{
    g_auto(Run) run = {0};
    const char *xml = HEAD(
        "custom",
        "1h") "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
              "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
              "    <subnet name=\"pods\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"
              "  </vpc>\n"
              "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
              "    <vpc-cni mode=\"custom\"><eni-config az=\"az1\" subnet=\"pods\"/></vpc-cni>\n"
              "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "
              "subnets=\"nodes\"/>\n"
              "    <workload name=\"aws-node\" kind=\"daemonset\" host-network=\"true\"/>\n"
              "    <workload name=\"kube-proxy\" kind=\"daemonset\" host-network=\"true\"/>\n"
              "    <workload name=\"app\" replicas=\"27\"/>\n"
              "  </eks-cluster>\n"
              "</scenario>\n";
    simulate(&run, xml, NULL);
    g_assert_cmpuint(run.result->pods.waited_for_ip, ==, 9);
    g_assert_cmpuint(run.result->pods.waiting_for_ip_at_end, ==, 9);
    /* 9 pods x 3600 s */
    g_assert_cmpfloat_with_epsilon(run.result->pods.pod_seconds_waiting_for_ip, 9 * 3600.0, 1e-6);
    /* the node subnet holds only the node's own address; the pod subnet 2 ENIs: 2 + 18 */
    g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 1);
    g_assert_cmpuint(subnet(&run, "pods")->peak_used, ==, 20);
    g_assert_false(run.result->exhausted);
}

/* Cooldown under churn (rules 6, 16, 26; issue #1700). m5.large, MINIMUM_IP_TARGET=4,
 * WARM_IP_TARGET=1, 30 s cooldown, 3 pods living exactly 10 s. At 0: short = 4, 4 IPs, 3 used.
 * At 10 s the three end together: their addresses go into cooldown until 40 s; the first
 * replacement takes the one warm address, the other two wait: available = 4 - 1 = 3 >= WIT and
 * total = MIT, so ipamd sees no shortage (cooldown counts as available). At 20 s the running
 * replacement ends, its address cools until 50 s, and its replacement waits too. At the 35 s
 * horizon: 3 pods waited, 3 still wait, 25 + 25 + 15 = 65 pod-seconds. With no cooldown the
 * replacements reuse the addresses at once and nobody waits. */
#define COOLDOWN_XML(cooldown)                                                                     \
    HEAD("cooldown", "35s")                                                                        \
    "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"                               \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni warm-ip-target=\"1\" minimum-ip-target=\"4\" ip-cooldown=\"" cooldown "\"/>\n"   \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "                   \
    "subnets=\"nodes\"/>\n"                                                                        \
    "    <workload name=\"app\" replicas=\"3\" lifetime=\"fixed(10s)\"/>\n"                        \
    "  </eks-cluster>\n"                                                                           \
    "</scenario>\n"

static void
test_cooldown_under_churn(void)
{
    {
        g_auto(Run) run = {0};
        simulate(&run, COOLDOWN_XML("30s"), NULL);
        g_assert_cmpuint(run.result->pods.waited_for_ip, ==, 3);
        g_assert_cmpuint(run.result->pods.waiting_for_ip_at_end, ==, 3);
        g_assert_cmpfloat_with_epsilon(run.result->pods.pod_seconds_waiting_for_ip, 65.0, 1e-6);
        /* the pool never grew past MINIMUM_IP_TARGET: 1 node address + 4 */
        g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 5);
    }
    {
        g_auto(Run) run = {0};
        simulate(&run, COOLDOWN_XML("0s"), NULL);
        g_assert_cmpuint(run.result->pods.waited_for_ip, ==, 0);
    }
}

/* The 120 s back-off (rule 17b). m5.large alone in a /28 (11 usable): its primary ENI takes
 * 1 + 9, one address stays free. At 60 s nine pods take the nine IPs; the pool is low and the
 * primary ENI full, so the next tick (ticks at 2.5 s + 5k from the node's start) at 62.5 s tries
 * a new ENI, which needs 10 addresses: InsufficientFreeAddressesInSubnet, back-off until 182.5 s.
 * Attempts: 62.5, 182.5, 302.5, 422.5, 542.5 s within 600 s: 5 failures. */
static void
test_backoff(void)
{
    g_auto(Run) run = {0};
    TgwSimOptions naive = {0};
    const char *xml =
        HEAD("backoff", "600s") "    <subnet name=\"tiny\" az=\"az1\" cidr=\"10.0.1.0/28\"/>\n"
                                "  </vpc>\n"
                                "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                                "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                                "max=\"1\" subnets=\"tiny\"/>\n"
                                "    <workload name=\"app\" replicas=\"0\"/>\n"
                                "  </eks-cluster>\n"
                                "  <timeline><at time=\"60s\"><scale workload=\"app\" "
                                "replicas=\"9\"/></at></timeline>\n"
                                "</scenario>\n";
    const TgwExhaustionEvent *first = NULL;
    simulate(&run, xml, NULL);
    g_assert_cmpuint(subnet(&run, "tiny")->failures, ==, 5);
    g_assert_cmpuint(run.result->events->len, ==, 5);
    first = tgw_run_result_first_exhaustion(run.result);
    g_assert_cmpint(first->time_ms, ==, 62500);
    g_assert_cmpstr(first->request, ==, "create-eni");
    g_assert_cmpstr(first->requester, ==, "k/g/node-1");
    for (guint i = 0; i < 5; i++)
        g_assert_cmpint(((TgwExhaustionEvent *) run.result->events->pdata[i])->time_ms, ==,
                        62500 + (gint64) i * 120000);
    g_assert_cmpuint(run.result->pods.waited_for_ip, ==, 0);
    /* the same with a tick every 5 s */
    naive.naive_ticks = TRUE;
    {
        g_auto(Run) again = {0};
        simulate(&again, xml, &naive);
        g_assert_cmpuint(subnet(&again, "tiny")->failures, ==, 5);
    }
}

/* Freeing ENIs (rule 24). m5.large with 18 pods: 3 ENIs, 27 IPs (available 9 >= 9), 30
 * addresses with the node's and 2 ENI primaries. At 300 s the pods go; their addresses cool
 * until 330 s. Available 27 >= (1 + 1) x 9, so an ENI may go once it has no address in cooldown:
 * the tick at 332.5 s frees one, the loop sleeps 2 s, the tick at 339.5 s frees the other
 * (available 18 >= 18), then 9 < 18 stops. The node ends with its primary ENI: 1 + 9 = 10 used
 * of the /26's 59. */
static void
test_eni_freeing(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("free", "600s") "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"
                             "  </vpc>\n"
                             "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                             "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                             "max=\"1\" subnets=\"nodes\"/>\n"
                             "    <workload name=\"app\" replicas=\"18\"/>\n"
                             "  </eks-cluster>\n"
                             "  <timeline><at time=\"300s\"><scale workload=\"app\" "
                             "replicas=\"0\"/></at></timeline>\n"
                             "</scenario>\n";
    simulate(&run, xml, NULL);
    g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 30);
    g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 59 - 10);
}

/* Releasing addresses with WARM_IP_TARGET (rules 14, 16, 23). m5.large in a /26 (59 usable),
 * WARM_IP_TARGET=2, no cooldown, 5 pods: the pool settles at 5 + 2 = 7 IPs on the primary ENI,
 * 1 + 7 = 8 used. At 60 s two pods go: available 4, over = min(4 - 2, 7 - 0) = 2, and the tick at
 * 62.5 s (ticks at 2.5 s + 5k) gives 2 back: 6 used. At 70 s the other three go: over = 3, but a
 * decrease needs more than 30 s since the last one: not at 92.5 s (exactly 30 s), at 97.5 s: 3
 * used. So at 95 s the subnet still holds 6, at 100 s 3. */
#define DECREASE_XML(horizon)                                                                      \
    HEAD("decrease", horizon)                                                                      \
    "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"                               \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni warm-ip-target=\"2\" ip-cooldown=\"0s\"/>\n"                                     \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "                   \
    "subnets=\"nodes\"/>\n"                                                                        \
    "    <workload name=\"app\" replicas=\"5\"/>\n"                                                \
    "  </eks-cluster>\n"                                                                           \
    "  <timeline><at time=\"60s\"><scale workload=\"app\" replicas=\"3\"/></at>\n"                 \
    "    <at time=\"70s\"><scale workload=\"app\" replicas=\"0\"/></at></timeline>\n"              \
    "</scenario>\n"

static void
test_decrease_interval(void)
{
    TgwSimOptions naive = {0};
    naive.naive_ticks = TRUE;
    for (guint k = 0; k < 2; k++) {
        const TgwSimOptions *opts = k == 0 ? NULL : &naive;
        {
            g_auto(Run) run = {0};
            simulate(&run, DECREASE_XML("95s"), opts);
            g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 8);
            g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 59 - 6);
        }
        {
            g_auto(Run) run = {0};
            simulate(&run, DECREASE_XML("100s"), opts);
            g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 59 - 3);
        }
    }
}

/* Releasing prefixes (rules 7, 19, 23). m5.large in prefix mode, WARM_PREFIX_TARGET=1, in a /24
 * (251 usable): 17 pods need available >= 16, so 3 prefixes (48 - 17 = 31; 2 would leave 15):
 * 1 + 48 = 49 used. At 60 s the pods go: 3 free prefixes > 1, and the tick at 62.5 s gives
 * 3 - 1 = 2 back: 1 + 16 = 17 used. With the default 30 s cooldown the same happens at 62.5 s,
 * before the cooldown ends at 90 s: an address in cooldown does not keep its prefix busy. */
#define PREFIX_RELEASE_XML(cooldown, horizon)                                                      \
    HEAD("prefix-release", horizon)                                                                \
    "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"                               \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni mode=\"prefix\" warm-prefix-target=\"1\" ip-cooldown=\"" cooldown "\"/>\n"       \
    "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "                   \
    "subnets=\"nodes\" max-pods=\"110\"/>\n"                                                       \
    "    <workload name=\"app\" replicas=\"17\"/>\n"                                               \
    "  </eks-cluster>\n"                                                                           \
    "  <timeline><at time=\"60s\"><scale workload=\"app\" replicas=\"0\"/></at></timeline>\n"      \
    "</scenario>\n"

static void
test_prefix_release(void)
{
    {
        g_auto(Run) run = {0};
        simulate(&run, PREFIX_RELEASE_XML("0s", "1h"), NULL);
        g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 49);
        g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 251 - 17);
    }
    {
        g_auto(Run) run = {0};
        simulate(&run, PREFIX_RELEASE_XML("30s", "80s"), NULL);
        g_assert_cmpuint(subnet(&run, "nodes")->peak_used, ==, 49);
        g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 251 - 17);
    }
}

/* /28 fragmentation (rules 32, 33): a /27 subnet has no aligned /28 that is wholly free (the
 * reserved .0-.3 sit in the first, the broadcast in the second), so a node there in prefix mode
 * cannot carve a single prefix although 26 addresses stay free. */
static void
test_prefix_fragmentation(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("frag", "1h") "    <subnet name=\"small\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"
                           "  </vpc>\n"
                           "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                           "    <vpc-cni mode=\"prefix\"/>\n"
                           "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                           "max=\"1\" subnets=\"small\" max-pods=\"110\"/>\n"
                           "    <workload name=\"app\" replicas=\"1\"/>\n"
                           "  </eks-cluster>\n"
                           "</scenario>\n";
    const TgwExhaustionEvent *first = NULL;
    g_autofree char *verdict = NULL;
    simulate(&run, xml, NULL);
    first = tgw_run_result_first_exhaustion(run.result);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->request, ==, "carve-prefix");
    g_assert_cmpuint(free_at_end(&run, "small"), ==, 27 - 1);
    g_assert_cmpuint(run.result->pods.waiting_for_ip_at_end, ==, 1);
    /* named for what it is: 27 usable less the node's own address are free, none in an aligned
     * /28, so the verdict says fragmented, not "ran out" */
    g_assert_cmpuint(first->free, ==, 26);
    g_assert_true(first->fragmented);
    g_assert_true(subnet(&run, "small")->first_fragmented);
    verdict = tgw_report_verdict(run.result);
    g_assert_true(g_str_has_prefix(verdict, "v/small (az1) had no aligned /28 free on day 0 at "
                                            "00:00 when k/g/node-1 asked for a /28 prefix (26 "
                                            "addresses free, fragmented); "));
}

/* Subnet discovery (rule 22): a new ENI goes to the eligible subnet of the node's VPC and AZ with
 * the most free addresses: the tagged /24 (251 free) before the tagged /25 (123) and the node's
 * own /26 (59 - 10 after its primary ENI). The /25 is declared first, so that taking the first
 * tagged subnet instead of the one with most free addresses fails the test. 10 pods on m5.large:
 * the primary ENI's 9, then a new ENI in the /24 (9 more), then another there (available must
 * stay >= 9). */
static void
test_subnet_discovery(void)
{
    g_auto(Run) run = {0};
    const char *xml = HEAD(
        "discovery",
        "1h") "    <subnet name=\"own\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"
              "    <subnet name=\"mid\" az=\"az1\" cidr=\"10.0.3.0/25\" cni-discovery=\"true\"/>\n"
              "    <subnet name=\"big\" az=\"az1\" cidr=\"10.0.2.0/24\" cni-discovery=\"true\"/>\n"
              "  </vpc>\n"
              "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
              "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "
              "subnets=\"own\"/>\n"
              "    <workload name=\"app\" replicas=\"10\"/>\n"
              "  </eks-cluster>\n"
              "</scenario>\n";
    simulate(&run, xml, NULL);
    /* 10 pods: 9 on the primary ENI, then two ENIs of 1 + 9 in "big" (available 27 - 10 = 17) */
    g_assert_cmpuint(subnet(&run, "own")->peak_used, ==, 10);
    g_assert_cmpuint(subnet(&run, "big")->peak_used, ==, 20);
    g_assert_cmpuint(subnet(&run, "big")->at_peak[TGW_HOLDER_ENI_PRIMARY], ==, 2);
    g_assert_cmpuint(subnet(&run, "mid")->peak_used, ==, 0);
}

/* A rolling update's surge exhausts a tight subnet. m5.xlarge (4 ENIs x 14) alone in a /26 (59
 * usable), WARM_ENI_TARGET=1: 28 pods need total >= 28 + 14, three full ENIs (42 IPs), which with
 * the node's and two ENI addresses is 45 used, 14 free. The rollout at 1 h (max-surge 25% = 7)
 * places 7 new pods on the 14 warm addresses, leaving 7 available < 14: the pool is low, every
 * ENI is full, and a new ENI needs 1 + 14 = 15 addresses of the 14 free: create-eni fails at the
 * first tick after 1 h. (With WARM_IP_TARGET the same surge would not exhaust the subnet: the old
 * pods' addresses in cooldown count as available, and the new pods wait instead.) */
static void
test_surge_exhausts(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("surge", "90m") "    <subnet name=\"tight\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"
                             "  </vpc>\n"
                             "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                             "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"1\" "
                             "max=\"1\" subnets=\"tight\"/>\n"
                             "    <workload name=\"api\" replicas=\"28\" rollout-every=\"1h\" "
                             "max-surge=\"25%\" max-unavailable=\"0\"/>\n"
                             "  </eks-cluster>\n"
                             "</scenario>\n";
    const TgwExhaustionEvent *first = NULL;
    simulate(&run, xml, NULL);
    first = tgw_run_result_first_exhaustion(run.result);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->request, ==, "create-eni");
    g_assert_cmpstr(first->subnet->name, ==, "tight");
    g_assert_cmpint(first->time_ms, >=, TGW_MS_PER_HOUR);
    g_assert_cmpint(first->time_ms, <=, TGW_MS_PER_HOUR + 5000);
    g_assert_cmpuint(subnet(&run, "tight")->peak_used, ==, 45);
    g_assert_cmpuint(run.result->pods.waiting_for_ip_at_end, ==, 0);
    /* 28 at the start, 28 new ones in the rollout */
    g_assert_cmpuint(run.result->pods.started, ==, 56);
}

/* An ALB that cannot scale out (aws-network.md 3). Two /27s (27 usable each) with 15 addresses
 * taken by other ENIs leave 12: the ALB is created (8 free needed) with 1 address per subnet.
 * At 1 h its workload goes to 400 replicas: 400 / 10 = 40 addresses, 20 per subnet; 11 more fit
 * in each subnet, the 12th fails (alb-scale), which fills both subnets. */
static void
test_alb_cannot_scale(void)
{
    g_auto(Run) run = {0};
    const char *xml = HEAD(
        "alb", "2h") "    <subnet name=\"lb-a\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"
                     "    <subnet name=\"lb-b\" az=\"az2\" cidr=\"10.0.1.32/27\"/>\n"
                     "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.16.0/20\"/>\n"
                     "  </vpc>\n"
                     "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                     "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "
                     "subnets=\"nodes\"/>\n"
                     "    <workload name=\"web\" replicas=\"10\"/>\n"
                     "  </eks-cluster>\n"
                     "  <load-balancer name=\"ingress\" type=\"alb\" vpc=\"v\" subnets=\"lb-a "
                     "lb-b\" scale-with=\"web\"/>\n"
                     "  <ip-consumer name=\"lambda-a\" vpc=\"v\" subnet=\"lb-a\" count=\"15\"/>\n"
                     "  <ip-consumer name=\"lambda-b\" vpc=\"v\" subnet=\"lb-b\" count=\"15\"/>\n"
                     "  <timeline><at time=\"1h\"><scale workload=\"web\" "
                     "replicas=\"400\"/></at></timeline>\n"
                     "</scenario>\n";
    const TgwExhaustionEvent *first = NULL;
    simulate(&run, xml, NULL);
    first = tgw_run_result_first_exhaustion(run.result);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->request, ==, "alb-scale");
    g_assert_cmpstr(first->requester, ==, "alb ingress");
    g_assert_cmpint(first->time_ms, ==, TGW_MS_PER_HOUR);
    g_assert_cmpuint(subnet(&run, "lb-a")->peak_used, ==, 27);
    g_assert_cmpuint(subnet(&run, "lb-a")->at_peak[TGW_HOLDER_LOAD_BALANCER], ==, 12);
    g_assert_cmpuint(subnet(&run, "lb-b")->at_peak[TGW_HOLDER_LOAD_BALANCER], ==, 12);
}

/* A Multi-AZ RDS instance puts its standby in another AZ (aws-network.md 3): with subnets a1 and
 * a2 in az1 and b in az2, one address in a1 and one in b, none in a2. */
static void
test_rds_multi_az(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("rds", "1h") "    <subnet name=\"a1\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
                          "    <subnet name=\"a2\" az=\"az1\" cidr=\"10.0.2.0/24\"/>\n"
                          "    <subnet name=\"b\" az=\"az2\" cidr=\"10.0.3.0/24\"/>\n"
                          "  </vpc>\n"
                          "  <rds name=\"db\" vpc=\"v\" subnets=\"a1 a2 b\" multi-az=\"true\"/>\n"
                          "</scenario>\n";
    simulate(&run, xml, NULL);
    g_assert_cmpuint(subnet(&run, "a1")->peak_used, ==, 1);
    g_assert_cmpuint(subnet(&run, "a2")->peak_used, ==, 0);
    g_assert_cmpuint(subnet(&run, "b")->peak_used, ==, 1);
}

/* Custom networking does not save the node subnets (design.md 4): two /28 node subnets hold 11
 * nodes each. 400 pods of 500m need 134 m5.large nodes (3 per node); the group may grow to 40,
 * the node subnets stop it at 22 and every further launch fails (node-launch), while the pod
 * subnets have room to spare. */
static void
test_node_launch_fails_under_custom(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("launch", "2h") "    <subnet name=\"n-a\" az=\"az1\" cidr=\"10.0.1.0/28\"/>\n"
                             "    <subnet name=\"n-b\" az=\"az2\" cidr=\"10.0.1.16/28\"/>\n"
                             "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                             "    <subnet name=\"p-a\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"
                             "    <subnet name=\"p-b\" az=\"az2\" cidr=\"100.64.32.0/19\"/>\n"
                             "  </vpc>\n"
                             "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                             "    <vpc-cni mode=\"custom\"><eni-config az=\"az1\" "
                             "subnet=\"p-a\"/><eni-config az=\"az2\" subnet=\"p-b\"/></vpc-cni>\n"
                             "    <cluster-autoscaler/>\n"
                             "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"2\" "
                             "max=\"40\" subnets=\"n-a n-b\" max-pods=\"auto\"/>\n"
                             "    <workload name=\"app\" replicas=\"400\" cpu=\"500m\"/>\n"
                             "  </eks-cluster>\n"
                             "</scenario>\n";
    const TgwExhaustionEvent *first = NULL;
    simulate(&run, xml, NULL);
    first = tgw_run_result_first_exhaustion(run.result);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->request, ==, "node-launch");
    g_assert_cmpuint(run.result->nodes.peak, ==, 22);
    g_assert_cmpuint(run.result->nodes.failed_launch, >, 0);
    g_assert_cmpuint(subnet(&run, "p-a")->failures + subnet(&run, "p-b")->failures, ==, 0);
    /* 22 nodes x 3 pods run; the rest stay pending */
    g_assert_cmpuint(run.result->pods.unschedulable_at_end, ==, 400 - 22 * 3);
}

/* one m5.xlarge node group (min 1, max 3) whose ENIConfig subnet, a /28, is too small for one of
 * its ENIs, and one workload */
#define NEVER_READY_XML(replicas, cpu)                                                             \
    HEAD("never-ready", "2h")                                                                      \
    "    <subnet name=\"n-a\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"                                 \
    "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"                                                   \
    "    <subnet name=\"p-a\" az=\"az1\" cidr=\"100.64.0.0/28\"/>\n"                               \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni mode=\"custom\"><eni-config az=\"az1\" subnet=\"p-a\"/></vpc-cni>\n"             \
    "    <cluster-autoscaler scan-interval=\"10s\"/>\n"                                            \
    "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"1\" max=\"3\" "                  \
    "subnets=\"n-a\"/>\n"                                                                          \
    "    <workload name=\"app\" replicas=\"" replicas "\" cpu=\"" cpu "\"/>\n"                     \
    "  </eks-cluster>\n"                                                                           \
    "</scenario>\n"

/* Custom networking whose pod subnet cannot hold one ENI: m5.xlarge ENIs carry 15 addresses
 * (1 primary + 14 secondary; WARM_ENI_TARGET=1 asks for a full one), the /28 has 11, so ipamd
 * cannot attach any ENI (rule 20) and no node becomes Ready; the 10 pods stay pending. The
 * autoscaler counts a launched node that is not Ready as coming (it launches no other for the same
 * pods), removes it when it is not Ready 15 min after its launch, and backs the group off 5 min,
 * doubling up to 30 min with each failure. By hand: node-1 (t=0) removed at 15:00, back-off 5 min
 * -> node-2 at 20:00, removed 35:00, 10 min -> node-3 at 45:00, removed 60:00, 20 min -> node-4
 * at 80:00, removed 95:00, 30 min -> 125:00, past the 2 h horizon: 4 launches, 4 never Ready.
 * (The model before this rule launched another node at every 10 s scan while one was not Ready,
 * up to max, every cycle.) The verdict names the cause. */
static void
test_never_ready_nodes_back_off(void)
{
    g_auto(Run) run = {0};
    g_autofree char *verdict = NULL;
    g_autoptr(GString) text = g_string_new(NULL);
    const char *xml = NEVER_READY_XML("10", "100m");
    simulate(&run, xml, NULL);
    g_assert_cmpuint(run.result->nodes.launched, ==, 4);
    g_assert_cmpuint(run.result->nodes.never_ready, ==, 4);
    g_assert_cmpint(run.result->nodes.first_never_ready_ms, ==, 15 * 60000);
    g_assert_cmpstr(run.result->nodes.first_never_ready_node, ==, "k/g/node-1");
    g_assert_cmpstr(run.result->nodes.first_never_ready_reason, ==,
                    "the ENIConfig of AZ az1 names v/p-a, where no ENI could be created (11 "
                    "addresses free)");
    g_assert_cmpuint(run.result->pods.unschedulable_at_end, ==, 10);
    g_assert_cmpuint(subnet(&run, "p-a")->peak_used, ==, 0);
    verdict = tgw_report_verdict(run.result);
    g_assert_nonnull(strstr(verdict, "; 10 pods could not be scheduled at the end; 4 nodes never "
                                     "became Ready and were removed (the first, k/g/node-1, on "
                                     "day 0 at 00:15): the ENIConfig of AZ az1 names v/p-a, where "
                                     "no ENI could be created (11 addresses free)."));
    /* the text says it too */
    tgw_report_run_text(run.result, text);
    g_assert_nonnull(strstr(text->str, "nodes: 4 launched, 0 launches failed, at most 1 at once, "
                                       "4 never Ready\n"));
}

/* The same pod subnet, 100 pods of 1 CPU (3 a node): a scale-up of several nodes that time out
 * together is one failed scale-up, one back-off. By hand, max 3: node-1 at 0:00, node-2 and
 * node-3 at the first scan (0:10); node-1 removed 15:00 (5 min -> 20:00), nodes 2-3 at 15:10
 * (10 min -> 25:10; doubling per node would make it 20 -> 35:10); nodes 4-6 at 25:10, removed
 * 40:10 (20 min -> 60:10); nodes 7-9 at 60:10, removed 75:10 (30 min -> 105:10); nodes 10-12
 * at 105:10, not Ready yet at the 2 h horizon: 12 launches, 9 never Ready (per-node doubling: 9
 * launches). */
static void
test_never_ready_batch_backs_off_once(void)
{
    g_auto(Run) run = {0};
    const char *xml = NEVER_READY_XML("100", "1");
    simulate(&run, xml, NULL);
    g_assert_cmpuint(run.result->nodes.launched, ==, 12);
    g_assert_cmpuint(run.result->nodes.never_ready, ==, 9);
    g_assert_cmpuint(run.result->nodes.peak, ==, 3);
}

/* --cni custom forced on a design with no ENIConfig for an AZ of its nodes is not applicable: no
 * node there could become Ready (the design checks' ENICONFIG-MISSING for a cluster's own mode).
 * Nothing is simulated; the error says why. With no subnet busy, the text prints no holders
 * heading. */
static void
test_custom_not_applicable(void)
{
    g_auto(Run) run = {0};
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) text = g_string_new(NULL);
    TgwSimOptions opts = {0};
    const char *xml =
        HEAD("na", "1h") "    <subnet name=\"n-a\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
                         "  </vpc>\n"
                         "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                         "    <node-group name=\"g\" instance-type=\"m5.large\" subnets=\"n-a\"/>\n"
                         "    <workload name=\"app\" replicas=\"2\" cpu=\"100m\"/>\n"
                         "  </eks-cluster>\n"
                         "</scenario>\n";
    simulate(&run, xml, NULL); /* the default mode runs */
    tgw_report_run_text(run.result, text);
    g_assert_null(strstr(text->str, "who held"));
    opts.override_cni = TRUE;
    opts.cni = TGW_CNI_CUSTOM;
    g_assert_null(tgw_sim_run(run.sc, &opts, &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_INVALID);
    g_assert_cmpstr(error->message, ==,
                    "CNI mode custom is not applicable to this design: cluster 'k' has no "
                    "eni-config for az1, where node group 'g' has nodes: with custom networking no "
                    "node there becomes Ready; nothing was simulated");
}

/* Several ENIConfigs in one AZ, chosen by a node label (ENI_CONFIG_LABEL_DEF set to a custom
 * label; rule 20 reads the ENIConfig named by it): g1's nodes carry c1 (subnet p1), g2's carry c2
 * (p2). m5.large under custom networking: pods use ENIs 2-3 of 1 + 9 addresses each, in the
 * ENIConfig subnet. g1 runs 5 pods: its first pod ENI leaves 4 of 9 available, under
 * WARM_ENI_TARGET=1's 9, so a second: 20 addresses in p1. g2 runs none: one ENI, 10 in p2. The
 * node subnet holds the two node primaries. */
static void
test_eni_config_by_label(void)
{
    g_auto(Run) run = {0};
    const char *xml =
        HEAD("label", "1h") "    <subnet name=\"n\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
                            "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                            "    <subnet name=\"p1\" az=\"az1\" cidr=\"100.64.0.0/24\"/>\n"
                            "    <subnet name=\"p2\" az=\"az1\" cidr=\"100.64.1.0/24\"/>\n"
                            "  </vpc>\n"
                            "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                            "    <vpc-cni mode=\"custom\">\n"
                            "      <eni-config name=\"c1\" az=\"az1\" subnet=\"p1\"/>\n"
                            "      <eni-config name=\"c2\" az=\"az1\" subnet=\"p2\"/>\n"
                            "    </vpc-cni>\n"
                            "    <node-group name=\"g1\" instance-type=\"m5.large\" min=\"1\" "
                            "max=\"1\" subnets=\"n\" eni-config=\"c1\"/>\n"
                            "    <node-group name=\"g2\" instance-type=\"m5.large\" min=\"1\" "
                            "max=\"1\" subnets=\"n\" eni-config=\"c2\"/>\n"
                            "    <workload name=\"app\" replicas=\"5\" cpu=\"10m\" "
                            "node-group=\"g1\"/>\n"
                            "  </eks-cluster>\n"
                            "</scenario>\n";
    simulate(&run, xml, NULL);
    g_assert_null(tgw_run_result_first_exhaustion(run.result));
    g_assert_cmpuint(subnet(&run, "p1")->peak_used, ==, 20);
    g_assert_cmpuint(subnet(&run, "p2")->peak_used, ==, 10);
    g_assert_cmpuint(subnet(&run, "n")->peak_used, ==, 2);
    g_assert_cmpuint(run.result->pods.started, ==, 5);
}

/* A switch to custom networking, then a node roll, ends the waiting. m5.xlarge (4 ENIs x 14) in
 * a /27: its primary ENI takes 1 + 14, a second ENI would need 15 of the 12 left, so 14 of 25
 * pods have addresses and 11 wait. At 1 h set-cni moves new nodes to the pod subnet and the roll
 * surges one: it takes 1 address in the /27, its ENIs go to the /19; when it is Ready the old
 * node is drained and its pods move over. Nobody waits at the end. */
static void
test_switch_to_custom_and_roll(void)
{
    g_auto(Run) run = {0};
    const char *xml = HEAD(
        "switch", "3h") "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"
                        "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                        "    <subnet name=\"pods\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"
                        "  </vpc>\n"
                        "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                        "    <vpc-cni><eni-config az=\"az1\" subnet=\"pods\"/></vpc-cni>\n"
                        "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"1\" "
                        "max=\"1\" subnets=\"nodes\" max-pods=\"auto\"/>\n"
                        "    <workload name=\"app\" replicas=\"25\" cpu=\"100m\"/>\n"
                        "  </eks-cluster>\n"
                        "  <timeline><at time=\"1h\"><set-cni cluster=\"k\" "
                        "mode=\"custom\"/><roll-node-group node-group=\"g\"/></at></timeline>\n"
                        "</scenario>\n";
    simulate(&run, xml, NULL);
    g_assert_cmpuint(run.result->pods.waited_for_ip, >=, 11);
    g_assert_cmpuint(run.result->pods.waiting_for_ip_at_end, ==, 0);
    g_assert_cmpstr(tgw_run_result_first_exhaustion(run.result)->request, ==, "create-eni");
    /* after the roll the node subnet holds one node's address */
    g_assert_cmpuint(free_at_end(&run, "nodes"), ==, 27 - 1);
    g_assert_cmpuint(run.result->nodes.launched, ==, 2);
}

/* The seed case (issue 5's acceptance): under the default CNI a /24 private subnet runs dry and
 * pods wait; under custom networking no pod subnet runs dry and no pod waits. */
static void
test_seed_acceptance(void)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
    TgwSimOptions def = {TRUE, TGW_CNI_DEFAULT}, custom = {TRUE, TGW_CNI_CUSTOM};
    g_autoptr(TgwRunResult) a = NULL, b = NULL;
    const TgwExhaustionEvent *first = NULL;

    g_assert_nonnull(sc);
    a = tgw_sim_run(sc, &def, NULL);
    first = tgw_run_result_first_exhaustion(a);
    g_assert_nonnull(first);
    g_assert_true(g_str_has_prefix(first->subnet->name, "private-"));
    g_assert_cmpuint(first->subnet->cidr.len, ==, 24);
    g_assert_cmpuint(a->pods.waited_for_ip, >, 0);

    b = tgw_sim_run(sc, &custom, NULL);
    g_assert_cmpuint(b->pods.waited_for_ip, ==, 0);
    for (guint i = 0; i < b->subnets->len; i++) {
        const TgwSubnetResult *s = b->subnets->pdata[i];
        g_assert_cmpuint(s->failures, ==, 0);
    }
    /* at every subnet's peak the holders add up to the addresses in use, the 5 reserved included */
    for (guint r = 0; r < 2; r++) {
        const TgwRunResult *run = r == 0 ? a : b;
        for (guint i = 0; i < run->subnets->len; i++) {
            const TgwSubnetResult *s = run->subnets->pdata[i];
            guint64 sum = 0;
            for (guint h = 0; h < TGW_HOLDER_COUNT; h++)
                sum += s->at_peak[h];
            if (s->peak_used > 0)
                g_assert_cmpuint(sum, ==, s->peak_used + TGW_AWS_RESERVED_PER_SUBNET);
        }
    }
}

/* ---- properties --------------------------------------------------------------------------------
 */

static char *
json_of(const TgwRunResult *r)
{
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    tgw_report_run_json(r, NULL, w);
    return tgw_json_writer_steal(w);
}

/* the JSON without the engine's event count, which differs by design */
static char *
json_without_events(const TgwRunResult *r)
{
    g_autofree char *json = json_of(r);
    char *engine = strstr(json, "\"engine\"");
    g_assert_nonnull(engine);
    *engine = '\0';
    return g_strdup(json);
}

static void
assert_lazy_equals_naive(const char *file, const char *cni, const char *horizon)
{
    g_autofree char *path = tgw_test_source_path("scenarios", file, NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
    TgwSimOptions lazy = {0}, naive = {0};
    g_autoptr(TgwRunResult) a = NULL, b = NULL;
    g_autofree char *ja = NULL, *jb = NULL;

    g_assert_nonnull(sc);
    if (cni != NULL) {
        g_assert_true(tgw_cni_mode_parse(cni, &lazy.cni));
        lazy.override_cni = TRUE;
    }
    g_assert_true(tgw_duration_parse(horizon, &lazy.horizon_ms, NULL));
    naive = lazy;
    naive.naive_ticks = TRUE;
    a = tgw_sim_run(sc, &lazy, NULL);
    b = tgw_sim_run(sc, &naive, NULL);
    ja = json_without_events(a);
    jb = json_without_events(b);
    g_assert_cmpstr(ja, ==, jb);
    /* the point of lazy ticks: far fewer events */
    g_assert_cmpuint(a->engine_events, <, b->engine_events);
}

static void
test_lazy_equals_naive(void)
{
    assert_lazy_equals_naive("eks-custom-networking.xml", "default", "3d");
    assert_lazy_equals_naive("eks-custom-networking.xml", "custom", "3d");
    assert_lazy_equals_naive("prefix-delegation.xml", NULL, "2d");
    assert_lazy_equals_naive("warm-ip-targets.xml", NULL, "2d");
    assert_lazy_equals_naive("alb-upgrade.xml", NULL, "2d");
}

/* same scenario and seed, same bytes; repeated runs in parallel give what they give in series */
static void
test_deterministic(void)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
    TgwSimOptions opts = {0};
    g_autoptr(GPtrArray) one = NULL, two = NULL;
    g_assert_true(tgw_duration_parse("2d", &opts.horizon_ms, NULL));
    one = tgw_sim_run_many(sc, &opts, 3, 1, NULL);
    two = tgw_sim_run_many(sc, &opts, 3, 2, NULL);
    for (guint i = 0; i < 3; i++) {
        g_autofree char *a = json_of(one->pdata[i]);
        g_autofree char *b = json_of(two->pdata[i]);
        g_assert_cmpstr(a, ==, b);
    }
    /* different seeds really differ */
    {
        g_autofree char *a = json_of(one->pdata[0]);
        g_autofree char *b = json_of(one->pdata[1]);
        g_assert_cmpstr(a, !=, b);
    }
}

/* common random numbers: the job arrivals and lifetimes do not depend on the CNI mode, so a
 * design with no address pressure starts exactly the same pods in every mode */
static void
test_common_random_numbers(void)
{
    const char *xml =
        HEAD("crn", "1d") "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.16.0/20\"/>\n"
                          "    <subnet name=\"b\" az=\"az2\" cidr=\"10.0.32.0/20\"/>\n"
                          "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                          "    <subnet name=\"pa\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"
                          "    <subnet name=\"pb\" az=\"az2\" cidr=\"100.64.32.0/19\"/>\n"
                          "  </vpc>\n"
                          "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                          "    <vpc-cni><eni-config az=\"az1\" subnet=\"pa\"/><eni-config "
                          "az=\"az2\" subnet=\"pb\"/></vpc-cni>\n"
                          "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"4\" "
                          "max=\"4\" subnets=\"a b\" max-pods=\"auto\"/>\n"
                          "    <workload name=\"jobs\" arrivals=\"poisson(120/h)\" "
                          "lifetime=\"exp(10m)\" cpu=\"100m\"/>\n"
                          "  </eks-cluster>\n"
                          "</scenario>\n";
    g_auto(Run) def = {0};
    g_auto(Run) custom = {0};
    TgwSimOptions opts = {TRUE, TGW_CNI_CUSTOM};
    simulate(&def, xml, NULL);
    simulate(&custom, xml, &opts);
    g_assert_cmpuint(def.result->pods.started, >, 2000);
    g_assert_cmpuint(def.result->pods.started, ==, custom.result->pods.started);
    g_assert_cmpuint(def.result->pods.waited_for_ip, ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sim/best-practices", test_best_practices);
    g_test_add_func("/sim/custom-networking-strands-pods", test_custom_networking_strands_pods);
    g_test_add_func("/sim/cooldown-under-churn", test_cooldown_under_churn);
    g_test_add_func("/sim/backoff", test_backoff);
    g_test_add_func("/sim/eni-freeing", test_eni_freeing);
    g_test_add_func("/sim/decrease-interval", test_decrease_interval);
    g_test_add_func("/sim/prefix-release", test_prefix_release);
    g_test_add_func("/sim/prefix-fragmentation", test_prefix_fragmentation);
    g_test_add_func("/sim/subnet-discovery", test_subnet_discovery);
    g_test_add_func("/sim/surge-exhausts", test_surge_exhausts);
    g_test_add_func("/sim/alb-cannot-scale", test_alb_cannot_scale);
    g_test_add_func("/sim/rds-multi-az", test_rds_multi_az);
    g_test_add_func("/sim/node-launch-fails-under-custom", test_node_launch_fails_under_custom);
    g_test_add_func("/sim/switch-to-custom-and-roll", test_switch_to_custom_and_roll);
    g_test_add_func("/sim/never-ready-nodes-back-off", test_never_ready_nodes_back_off);
    g_test_add_func("/sim/never-ready-batch-backs-off-once", test_never_ready_batch_backs_off_once);
    g_test_add_func("/sim/custom-not-applicable", test_custom_not_applicable);
    g_test_add_func("/sim/eni-config-by-label", test_eni_config_by_label);
    g_test_add_func("/sim/seed-acceptance", test_seed_acceptance);
    g_test_add_func("/sim/lazy-equals-naive", test_lazy_equals_naive);
    g_test_add_func("/sim/deterministic", test_deterministic);
    g_test_add_func("/sim/in-use", test_in_use);
    g_test_add_func("/sim/late-idle-node", test_late_idle_node);
    g_test_add_func("/sim/prefix-reservation", test_prefix_reservation);
    g_test_add_func("/sim/common-random-numbers", test_common_random_numbers);
    return g_test_run();
}
