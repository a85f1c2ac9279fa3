/* test-expect.c: tgwsim test — every expectation kind passing and failing with its exact message,
 * cni= and runs= planning, the baseline tolerances, the writers (JUnit against tests/junit.xsd
 * with xmllint, the TAP 14 grammar, Markdown with hostile names) and the command itself (exit
 * codes, output independent of the thread count, a baseline regression) through the built binary
 * (env TGWSIM).
 *
 * The scenarios are small ones whose numbers are derived by hand in test-sim.c: "surge" (an
 * m5.xlarge alone in a /26 whose rollout at 1 h cannot get a new ENI: 45 of 59 used at the peak,
 * create-eni fails in the first 5 s after 1 h), "strands" (custom networking with the kubelet at
 * the default-mode 29 on an m5.large: 9 pods wait for ever, plus a pod too big for any node). The
 * exhaustion time itself depends on the tick phase, so messages that contain it are built from
 * the measured time after checking that it lies in that window; every other part of every
 * message is spelled out. */
#include <string.h>

#include <glib/gstdio.h>

#include "tgw-report-run.h"
#include "tgw-report-test.h"
#include "tgw-rng.h"
#include "tgw-sim-expect.h"
#include "tgw-test-util.h"
#include "tgw-value.h"

/* ---- scenarios ------------------------------------------------------------------------------- */

#define HEAD(name, horizon)                                                                        \
    "<scenario version=\"1\" name=\"" name "\" seed=\"7\" horizon=\"" horizon "\">\n"              \
    "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"                                                    \
    "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"                                                   \
    "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"                              \
    "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"

/* one m5.xlarge node in a /26 (59 usable): 28 pods take two ENIs of 14 and WARM_ENI_TARGET=1 a
 * third, 45 addresses; the rollout at 1 h surges 7 pods onto the warm ENI, and the next ENI (15)
 * does not fit the 14 left */
#define SURGE_BODY                                                                                 \
    "    <subnet name=\"tight\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"                               \
    "    <subnet name=\"pods\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"                              \
    "  </vpc>\n"                                                                                   \
    "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"                                 \
    "    <vpc-cni mode=\"default\"><eni-config az=\"az1\" subnet=\"pods\"/>"                       \
    "</vpc-cni>\n"                                                                                 \
    "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"1\" max=\"1\" "                  \
    "subnets=\"tight\"/>\n"                                                                        \
    "    <workload name=\"api\" replicas=\"28\" rollout-every=\"1h\" "                             \
    "max-surge=\"25%\" max-unavailable=\"0\"/>\n"                                                  \
    "  </eks-cluster>\n"

static const char surge_xml[] = HEAD("surge", "90m") SURGE_BODY
    "  <expect name=\"free 20%\" subnet=\"tight\" min-free=\"20%\"/>\n"
    "  <expect name=\"free 15\" subnet=\"tight\" min-free=\"15\"/>\n"
    "  <expect name=\"lasts 30m\" no-exhaustion-before=\"30m\"/>\n"
    "  <expect name=\"tight lasts 61m\" subnet=\"tight\" "
    "no-exhaustion-before=\"61m\"/>\n"
    "  <expect name=\"dry in 2h\" exhausts-before=\"2h\"/>\n"
    "  <expect name=\"dry in 30m\" exhausts-before=\"30m\"/>\n"
    "  <expect name=\"pods dry\" subnet=\"pods\" exhausts-before=\"1h\"/>\n"
    "  <expect name=\"custom free\" cni=\"custom\" subnet=\"tight\" "
    "min-free=\"90%\"/>\n"
    "  <expect name=\"default free\" cni=\"default\" subnet=\"tight\" "
    "min-free=\"90%\"/>\n"
    "  <expect name=\"rarely\" exhaustion-probability-at-most=\"50%\" "
    "runs=\"4\"/>\n"
    "  <expect name=\"always\" exhaustion-probability-at-most=\"100%\" "
    "runs=\"2\"/>\n"
    "  <expect name=\"custom never\" cni=\"custom\" "
    "exhaustion-probability-at-most=\"0%\" runs=\"3\"/>\n"
    "  <expect name=\"58 pods\" node-group=\"g\" at-least=\"58\"/>\n"
    "  <expect name=\"58 pods custom\" cni=\"custom\" node-group=\"g\" "
    "at-least=\"58\"/>\n"
    "</scenario>\n";

static const char strands_xml[] =
    HEAD("strands", "1h") "    <subnet name=\"nodes\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
                          "    <subnet name=\"pods\" az=\"az1\" cidr=\"100.64.0.0/19\"/>\n"
                          "  </vpc>\n"
                          "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                          "    <vpc-cni mode=\"custom\"><eni-config az=\"az1\" subnet=\"pods\"/>"
                          "</vpc-cni>\n"
                          "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                          "max=\"1\" subnets=\"nodes\"/>\n"
                          "    <workload name=\"aws-node\" kind=\"daemonset\" "
                          "host-network=\"true\"/>\n"
                          "    <workload name=\"kube-proxy\" kind=\"daemonset\" "
                          "host-network=\"true\"/>\n"
                          "    <workload name=\"app\" replicas=\"27\"/>\n"
                          "    <workload name=\"huge\" replicas=\"1\" cpu=\"8\" memory=\"1Gi\"/>\n"
                          "  </eks-cluster>\n"
                          "  <expect name=\"waits 8\" pods-waiting-for-ip=\"8\"/>\n"
                          "  <expect name=\"waits 9\" pods-waiting-for-ip=\"9\"/>\n"
                          "  <expect name=\"unschedulable 0\" unschedulable=\"0\"/>\n"
                          "  <expect name=\"unschedulable 1\" unschedulable=\"1\"/>\n"
                          "  <expect name=\"lasts 2h\" no-exhaustion-before=\"2h\"/>\n"
                          "  <expect name=\"lasts 1h\" no-exhaustion-before=\"1h\"/>\n"
                          "  <expect name=\"29 pods\" node-group=\"g\" at-least=\"29\"/>\n"
                          "  <expect name=\"29 pods default\" cni=\"default\" node-group=\"g\" "
                          "at-least=\"29\"/>\n"
                          "</scenario>\n";

/* a, b and c on one TGW table: b reuses a's CG-NAT block (shadowed, a warning), c is associated
 * but propagates nothing (its replies find no route), 10.9.0.0/16 is a blackhole */
#define ROUTING_VPC(n, cidr, extra)                                                                \
    "  <vpc name=\"" n "\" cidr=\"" cidr ".0.0/16\">\n" extra                                      \
    "    <subnet name=\"app\" az=\"az1\" cidr=\"" cidr ".0.0/24\"/>\n"                             \
    "    <route-table name=\"rt\" subnets=\"app\"><route cidr=\"0.0.0.0/0\" "                      \
    "target=\"transit-gateway:hub\"/></route-table>\n"

static const char routing_xml[] =
    "<scenario version=\"1\" name=\"routing\" seed=\"1\" horizon=\"1h\">\n"
    "  <transit-gateway name=\"hub\">\n"
    "    <route-table name=\"main\"/>\n"
    "    <route table=\"main\" cidr=\"10.9.0.0/16\" blackhole=\"true\"/>\n"
    "  </transit-gateway>\n" /* 5 */
    ROUTING_VPC("a", "10.1",
                "    <cidr-block cidr=\"100.64.0.0/16\"/>\n") "    <tgw-attachment name=\"a\" "
                                                              "transit-gateway=\"hub\" "
                                                              "subnets=\"app\" associate=\"main\" "
                                                              "propagate=\"main\"/>\n"
                                                              "  </vpc>\n" /* 11 */
    ROUTING_VPC(
        "b", "10.2",
        "    <cidr-block cidr=\"100.64.0.0/16\"/>\n") "    <tgw-attachment name=\"b\" "
                                                      "transit-gateway=\"hub\" subnets=\"app\" "
                                                      "associate=\"main\" "
                                                      "propagate=\"main\"/>\n"
                                                      "  </vpc>\n" ROUTING_VPC(
                                                          "c", "10.3",
                                                          "") "    <tgw-attachment name=\"c\" "
                                                              "transit-gateway=\"hub\" "
                                                              "subnets=\"app\" "
                                                              "associate=\"main\"/>\n"
                                                              "  </vpc>\n"
                                                              "  <expect name=\"a reaches b\" "
                                                              "reachable-from=\"a/app\" "
                                                              "reachable-to=\"b/app\"/>\n"
                                                              "  <expect name=\"a reaches the "
                                                              "blackhole\" "
                                                              "reachable-from=\"a/app\" "
                                                              "reachable-to=\"10.9.0.1\"/>\n"
                                                              "  <expect name=\"a misses the "
                                                              "blackhole\" "
                                                              "unreachable-from=\"a/app\" "
                                                              "unreachable-to=\"10.9.0.1\"/>\n"
                                                              "  <expect name=\"a misses b\" "
                                                              "unreachable-from=\"a\" "
                                                              "unreachable-to=\"b\"/>\n"
                                                              "  <expect name=\"c reaches a\" "
                                                              "reachable-from=\"c/app\" "
                                                              "reachable-to=\"a/app\"/>\n"
                                                              "  <expect name=\"c misses a\" "
                                                              "unreachable-from=\"c/app\" "
                                                              "unreachable-to=\"a/app\"/>\n"
                                                              "  <expect name=\"from nowhere\" "
                                                              "reachable-from=\"nowhere\" "
                                                              "reachable-to=\"a/app\"/>\n"
                                                              "  <expect name=\"blackhole\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.9.0.0/16\" "
                                                              "state=\"blackhole\"/>\n"
                                                              "  <expect name=\"blackhole active\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.9.0.0/16\" "
                                                              "state=\"active\"/>\n"
                                                              "  <expect name=\"a present\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.1.0.0/16\" "
                                                              "present=\"true\"/>\n"
                                                              "  <expect name=\"a absent\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.1.0.0/16\" "
                                                              "absent=\"true\"/>\n"
                                                              "  <expect name=\"c present\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.3.0.0/16\" "
                                                              "present=\"true\"/>\n"
                                                              "  <expect name=\"c absent\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.3.0.0/16\" "
                                                              "present=\"false\"/>\n"
                                                              "  <expect name=\"cg-nat shadowed\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"100.64.0.0/16\" "
                                                              "state=\"shadowed\"/>\n"
                                                              "  <expect name=\"a shadowed\" "
                                                              "table=\"hub/main\" "
                                                              "cidr=\"10.1.0.0/16\" "
                                                              "state=\"shadowed\"/>\n"
                                                              "  <expect name=\"clean\" "
                                                              "findings-max-severity=\"info\"/>\n"
                                                              "  <expect name=\"no errors\" "
                                                              "findings-max-severity=\"warning\"/"
                                                              ">\n"
                                                              "</scenario>\n";

/* ---- helpers --------------------------------------------------------------------------------- */

static TgwExpectSuite *
judge(const char *xml)
{
    TgwFindings *findings = NULL;
    TgwScenario *sc = tgw_test_load(xml, &findings);
    TgwExpectSuite *suite = tgw_expect_suite_new("test.xml", sc, findings);
    TgwExpectOptions options = {2, TRUE, FALSE};
    for (guint i = 0; sc == NULL && i < suite->finding_texts->len; i++)
        g_printerr("%s\n", (const char *) suite->finding_texts->pdata[i]);
    tgw_sim_expect_evaluate(suite, &options);
    return suite;
}

static const TgwExpectOutcome *
outcome(const TgwExpectSuite *suite, const char *name)
{
    const TgwExpectOutcome *o = tgw_expect_suite_find(suite, name);
    if (o == NULL)
        g_error("no outcome named '%s'", name);
    return o;
}

/* the outcome's status and exact message; the message as written here also fixes where the
 * expected half ends and the measured half begins (at the first " — ") */
static void assert_outcome(const TgwExpectSuite *suite, const char *name, TgwOutcomeStatus status,
                           const char *format, ...) G_GNUC_PRINTF(4, 5);

static void
assert_outcome(const TgwExpectSuite *suite, const char *name, TgwOutcomeStatus status,
               const char *format, ...)
{
    const TgwExpectOutcome *o = outcome(suite, name);
    g_autofree char *message = NULL;
    g_auto(GStrv) halves = NULL;
    va_list args;

    va_start(args, format);
    message = g_strdup_vprintf(format, args);
    va_end(args);
    g_assert_cmpstr(o->message, ==, message);
    g_assert_cmpstr(tgw_outcome_status_name(o->status), ==, tgw_outcome_status_name(status));
    halves = g_strsplit(message, " — ", 2);
    g_assert_cmpuint(g_strv_length(halves), ==, 2);
    g_assert_cmpstr(o->expected, ==, halves[0]);
    g_assert_cmpstr(o->measured, ==, halves[1]);
}

/* the first exhaustion of run 0 in the scenario's own mode, checked against the window that
 * test-sim.c derives: create-eni in the tight subnet within 5 s after the rollout at 1 h */
static gint64
surge_exhaustion(const TgwExpectSuite *suite)
{
    const TgwExpectRuns *runs = suite->runs->pdata[0];
    const TgwRunResult *r = runs->results->pdata[0];
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    g_assert_nonnull(first);
    g_assert_cmpstr(first->subnet->name, ==, "tight");
    g_assert_cmpstr(first->request, ==, "create-eni");
    g_assert_cmpint(first->time_ms, >=, TGW_MS_PER_HOUR);
    g_assert_cmpint(first->time_ms, <=, TGW_MS_PER_HOUR + 5000);
    return first->time_ms;
}

static gint64
surge_peak_time(const TgwExpectSuite *suite)
{
    const TgwExpectRuns *runs = suite->runs->pdata[0];
    const TgwRunResult *r = runs->results->pdata[0];
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        if (g_str_equal(s->def->name, "tight")) {
            g_assert_cmpuint(s->peak_used, ==, 45);
            return s->peak_time_ms;
        }
    }
    g_assert_not_reached();
}

/* ---- every kind ------------------------------------------------------------------------------ */

static void
test_simulation_kinds(void)
{
    g_autoptr(TgwExpectSuite) s = judge(surge_xml);
    gint64 t = surge_exhaustion(s);
    g_autofree char *at = tgw_clock_format(t);
    g_autofree char *peak = tgw_clock_format(surge_peak_time(s));

    /* min-free: a percentage of the usable addresses, or a count; 59 - 45 = 14 free */
    assert_outcome(s, "free 20%", TGW_OUTCOME_PASS,
                   "v/tight min-free 20%% — lowest free was 23.7%% (14/59) at %s", peak);
    assert_outcome(s, "free 15", TGW_OUTCOME_FAIL,
                   "v/tight min-free 15 — lowest free was 23.7%% (14/59) at %s", peak);
    g_assert_cmpstr(outcome(s, "free 15")->subnet, ==, "v/tight");
    g_assert_cmpint(outcome(s, "free 15")->time_ms, ==, surge_peak_time(s));

    /* no-exhaustion-before: anywhere, or in one subnet */
    assert_outcome(s, "lasts 30m", TGW_OUTCOME_PASS,
                   "no-exhaustion-before 30m — v/tight first ran out at %s (create-eni by "
                   "k/g/node-1)",
                   at);
    assert_outcome(s, "tight lasts 61m", TGW_OUTCOME_FAIL,
                   "v/tight no-exhaustion-before 1h1m — v/tight ran out at %s (create-eni by "
                   "k/g/node-1)",
                   at);
    g_assert_cmpint(outcome(s, "tight lasts 61m")->time_ms, ==, t);

    /* exhausts-before */
    assert_outcome(s, "dry in 2h", TGW_OUTCOME_PASS,
                   "exhausts-before 2h — v/tight ran out at %s (create-eni by k/g/node-1)", at);
    assert_outcome(s, "dry in 30m", TGW_OUTCOME_FAIL,
                   "exhausts-before 30m — v/tight first ran out at %s (create-eni by "
                   "k/g/node-1)",
                   at);
    assert_outcome(s, "pods dry", TGW_OUTCOME_FAIL,
                   "v/pods exhausts-before 1h — never ran out in the 1h30m simulated; lowest free "
                   "was 100.0%% (8187/8187) at day 0 00:00:00");

    /* exhaustion probability: nothing random here, so every run runs dry the same way */
    assert_outcome(s, "rarely", TGW_OUTCOME_FAIL,
                   "exhaustion-probability-at-most 50%% over 4 runs — 100.0%% (4 of 4 runs) "
                   "ran out; most often v/tight (4 runs, median first at %s)",
                   at);
    assert_outcome(s, "always", TGW_OUTCOME_PASS,
                   "exhaustion-probability-at-most 100%% over 2 runs — 100.0%% (2 of 2 runs) "
                   "ran out; most often v/tight (2 runs, median first at %s)",
                   at);
    assert_outcome(s, "custom never", TGW_OUTCOME_PASS,
                   "exhaustion-probability-at-most 0%% over 3 runs — 0.0%% (0 of 3 runs) ran out");

    /* max pods: min(kubelet, what the CNI addresses) in the judged mode; m5.xlarge 4 x (15 - 1)
     * + 2 = 58, one ENI fewer under custom networking: 3 x 14 + 2 = 44 */
    assert_outcome(s, "58 pods", TGW_OUTCOME_PASS,
                   "node-group g at-least 58 — 58 pods per node (kubelet max-pods 58, the CNI "
                   "addresses 58)");
    assert_outcome(s, "58 pods custom", TGW_OUTCOME_FAIL,
                   "node-group g at-least 58 — 44 pods per node (kubelet max-pods 58, the CNI "
                   "addresses 44)");
}

/* nodes-at-exhaustion-min (surge_xml): when the create-eni fails after the rollout at 1 h, the
 * one node is Ready and runs the 28 pods and the 7 surge pods that took the warm ENI's addresses */
static void
test_nodes_at_exhaustion(void)
{
    g_autoptr(TgwExpectSuite) s =
        judge(HEAD("sized", "90m") SURGE_BODY
              "  <expect name=\"one node\" nodes-at-exhaustion-min=\"1\"/>\n"
              "  <expect name=\"two nodes\" nodes-at-exhaustion-min=\"2\"/>\n"
              "</scenario>\n");
    gint64 t = surge_exhaustion(s);
    g_autofree char *at = tgw_clock_format(t);
    const TgwRunResult *r = ((const TgwExpectRuns *) s->runs->pdata[0])->results->pdata[0];
    const TgwNodeGroupResult *g = r->node_groups->pdata[0];

    g_autofree char *when = tgw_report_when(t);
    g_autofree char *sentence = tgw_report_at_first_exhaustion(r);
    g_autofree char *expected =
        g_strdup_printf("At the first exhaustion (%s) 1 node was Ready and 35 pods running.", when);

    g_assert_cmpuint(g->nodes_at_first_exhaustion, ==, 1);
    g_assert_cmpuint(g->pods_at_first_exhaustion, ==, 28 + 7);
    g_assert_cmpstr(sentence, ==, expected);
    assert_outcome(s, "one node", TGW_OUTCOME_PASS,
                   "nodes-at-exhaustion-min 1 — v/tight first ran out at %s (create-eni by "
                   "k/g/node-1) with 1 node Ready and 35 pods running",
                   at);
    assert_outcome(s, "two nodes", TGW_OUTCOME_FAIL,
                   "nodes-at-exhaustion-min 2 — v/tight first ran out at %s (create-eni by "
                   "k/g/node-1) with 1 node Ready and 35 pods running",
                   at);
    g_assert_cmpint(outcome(s, "two nodes")->time_ms, ==, t);
}

static void
test_pods_kinds(void)
{
    g_autoptr(TgwExpectSuite) s = judge(strands_xml);
    const char *waited = "9 pods waited for an IP (at most 9 at once, 9 still waiting at the end)";

    assert_outcome(s, "waits 8", TGW_OUTCOME_FAIL, "pods-waiting-for-ip 8 — %s", waited);
    assert_outcome(s, "waits 9", TGW_OUTCOME_PASS, "pods-waiting-for-ip 9 — %s", waited);
    assert_outcome(s, "unschedulable 0", TGW_OUTCOME_FAIL,
                   "unschedulable 0 — 1 pod was unschedulable at some point (at most 1 pending at "
                   "once, 1 at the end)");
    assert_outcome(s, "unschedulable 1", TGW_OUTCOME_PASS,
                   "unschedulable 1 — 1 pod was unschedulable at some point (at most 1 pending at "
                   "once, 1 at the end)");
    /* a time beyond the horizon cannot be judged: a failure that says so */
    assert_outcome(s, "lasts 2h", TGW_OUTCOME_FAIL,
                   "no-exhaustion-before 2h — cannot tell: the simulation stops at its horizon, "
                   "1h; raise horizon= to 2h or more");
    assert_outcome(s, "lasts 1h", TGW_OUTCOME_PASS,
                   "no-exhaustion-before 1h — never ran out in the 1h simulated; the tightest, "
                   "v/cp-a: lowest free was 90.9%% (10/11) at day 0 00:00:00");
    /* the scenario's own mode is custom; the kubelet keeps the default-mode 29 */
    assert_outcome(s, "29 pods", TGW_OUTCOME_FAIL,
                   "node-group g at-least 29 — 20 pods per node (kubelet max-pods 29, the CNI "
                   "addresses 20)");
    g_assert_cmpstr(tgw_report_outcome_mode(outcome(s, "29 pods")), ==, "custom");
    assert_outcome(s, "29 pods default", TGW_OUTCOME_PASS,
                   "node-group g at-least 29 — 29 pods per node (kubelet max-pods 29, the CNI "
                   "addresses 29)");
}

static void
test_routing_kinds(void)
{
    g_autoptr(TgwExpectSuite) s = judge(routing_xml);
    const char *a_to_b = "request 10.1.0.4 → 10.2.0.4: delivered to b/app (10.2.0.4); reply: "
                         "delivered to a/app (10.1.0.4)";
    const char *blackhole = "request 10.1.0.4 → 10.9.0.1 ends in blackhole: 10.9.0.1 matches "
                            "blackhole route 10.9.0.0/16 in TGW table main (associated with "
                            "attachment a)";
    const char *c_to_a = "request 10.3.0.4 → 10.1.0.4: delivered to a/app (10.1.0.4); but the "
                         "reply ends in no-route: no route for 10.3.0.4 in TGW table main "
                         "(associated with attachment a)";

    assert_outcome(s, "a reaches b", TGW_OUTCOME_PASS, "a/app reaches b/app — %s", a_to_b);
    assert_outcome(s, "a misses b", TGW_OUTCOME_FAIL, "a does not reach b — %s", a_to_b);
    assert_outcome(s, "a reaches the blackhole", TGW_OUTCOME_FAIL, "a/app reaches 10.9.0.1 — %s",
                   blackhole);
    assert_outcome(s, "a misses the blackhole", TGW_OUTCOME_PASS,
                   "a/app does not reach 10.9.0.1 — %s", blackhole);
    /* the return path counts: the request arrives, the reply does not */
    assert_outcome(s, "c reaches a", TGW_OUTCOME_FAIL, "c/app reaches a/app — %s", c_to_a);
    assert_outcome(s, "c misses a", TGW_OUTCOME_PASS, "c/app does not reach a/app — %s", c_to_a);
    g_assert_cmpstr(outcome(s, "c misses a")->subnet, ==, "c/app");
    assert_outcome(s, "from nowhere", TGW_OUTCOME_ERROR,
                   "nowhere reaches a/app — 'nowhere' is not a VPC or subnet of the scenario");

    assert_outcome(s, "blackhole", TGW_OUTCOME_PASS,
                   "hub/main 10.9.0.0/16 state blackhole — blackhole static route");
    assert_outcome(s, "blackhole active", TGW_OUTCOME_FAIL,
                   "hub/main 10.9.0.0/16 state active — blackhole static route");
    assert_outcome(s, "a present", TGW_OUTCOME_PASS,
                   "hub/main 10.1.0.0/16 present — active propagated route to attachment a");
    assert_outcome(s, "a absent", TGW_OUTCOME_FAIL,
                   "hub/main 10.1.0.0/16 absent — active propagated route to attachment a");
    assert_outcome(s, "c present", TGW_OUTCOME_FAIL,
                   "hub/main 10.3.0.0/16 present — no route for exactly 10.3.0.0/16 (10.3.0.0 "
                   "matches no route)");
    assert_outcome(s, "c absent", TGW_OUTCOME_PASS,
                   "hub/main 10.3.0.0/16 absent — no route for exactly 10.3.0.0/16 (10.3.0.0 "
                   "matches no route)");
    assert_outcome(s, "cg-nat shadowed", TGW_OUTCOME_PASS,
                   "hub/main 100.64.0.0/16 state shadowed — shadowed propagated route to "
                   "attachment b, behind the active propagated route to attachment a");
    assert_outcome(s, "a shadowed", TGW_OUTCOME_FAIL,
                   "hub/main 10.1.0.0/16 state shadowed — only the active propagated route to "
                   "attachment a, nothing shadowed");

    assert_outcome(s, "clean", TGW_OUTCOME_FAIL,
                   "findings-max-severity info — 0 errors, 1 warning; the first: warning "
                   "TGW-CIDR-SHADOWED at line 16");
    assert_outcome(s, "no errors", TGW_OUTCOME_PASS,
                   "findings-max-severity warning — 0 errors, 1 warning");
    /* nothing here needs the simulation */
    g_assert_cmpuint(s->runs->len, ==, 0);
    g_assert_false(outcome(s, "clean")->has_mode);
}

static void
test_route_prefix_lookup(void)
{
    /* an absent prefix says which route a packet to it takes instead */
    g_autofree char *xml = g_strdup_printf(
        "%.*s  <expect name=\"x\" table=\"hub/main\" cidr=\"10.9.1.0/24\" present=\"true\"/>\n"
        "</scenario>\n",
        (int) (strstr(routing_xml, "  <expect") - routing_xml), routing_xml);
    g_autoptr(TgwExpectSuite) s = judge(xml);
    assert_outcome(s, "x", TGW_OUTCOME_FAIL,
                   "hub/main 10.9.1.0/24 present — no route for exactly 10.9.1.0/24 (10.9.1.0 "
                   "takes 10.9.0.0/16: blackhole static route)");
}

/* ---- planning -------------------------------------------------------------------------------- */

static void
test_cni_selection(void)
{
    g_autoptr(TgwExpectSuite) s = judge(surge_xml);
    const TgwExpectRuns *own = s->runs->pdata[0], *custom = s->runs->pdata[1];
    g_autofree char *peak = tgw_clock_format(surge_peak_time(s));

    /* one simulation per mode: cni="default" is the scenario's own mode, not a third run */
    g_assert_cmpuint(s->runs->len, ==, 2);
    g_assert_false(own->override_cni);
    g_assert_cmpint(own->mode, ==, TGW_CNI_DEFAULT);
    g_assert_true(custom->override_cni);
    g_assert_cmpint(custom->mode, ==, TGW_CNI_CUSTOM);
    /* the largest runs= of each mode; run 0 serves the single-run expectations */
    g_assert_cmpuint(own->runs, ==, 4);
    g_assert_cmpuint(own->results->len, ==, 4);
    g_assert_cmpuint(custom->runs, ==, 3);
    g_assert_true(outcome(s, "custom free")->runs == custom);
    g_assert_true(outcome(s, "default free")->runs == own);
    g_assert_true(outcome(s, "free 15")->runs == own);
    g_assert_null(outcome(s, "58 pods")->runs);

    /* under custom networking the node subnet holds only the node's own address */
    assert_outcome(s, "custom free", TGW_OUTCOME_PASS,
                   "v/tight min-free 90%% — lowest free was 98.3%% (58/59) at day 0 00:00:00");
    g_assert_cmpstr(tgw_report_outcome_mode(outcome(s, "custom free")), ==, "custom");
    assert_outcome(s, "default free", TGW_OUTCOME_FAIL,
                   "v/tight min-free 90%% — lowest free was 23.7%% (14/59) at %s", peak);
    g_assert_cmpstr(tgw_report_outcome_mode(outcome(s, "default free")), ==, "default");
}

static void
test_runs_share_seeds(void)
{
    /* run i of a mode has seed tgw_rng_run_seed(seed, i), run 0 the scenario's own: the runs of a
     * 4-run plan begin with the single run, and run i of every mode is the same draw */
    g_autoptr(TgwExpectSuite) s = judge(surge_xml);

    g_assert_cmpuint(tgw_rng_run_seed(7, 0), ==, 7);
    for (guint k = 0; k < s->runs->len; k++) {
        const TgwExpectRuns *runs = s->runs->pdata[k];
        g_assert_cmpuint(runs->results->len, ==, runs->runs);
        for (guint i = 0; i < runs->results->len; i++)
            g_assert_cmpuint(((const TgwRunResult *) runs->results->pdata[i])->seed, ==,
                             tgw_rng_run_seed(7, i));
    }
    /* the seeds differ, or the probability over runs would be that of one run */
    g_assert_cmpuint(tgw_rng_run_seed(7, 1), !=, 7);
    g_assert_cmpuint(tgw_rng_run_seed(7, 2), !=, tgw_rng_run_seed(7, 1));
}

static void
test_times_zeroed(void)
{
    g_autoptr(TgwExpectSuite) s = judge(surge_xml);
    g_assert_cmpfloat(s->elapsed_s, ==, 0);
    for (guint i = 0; i < s->outcomes->len; i++)
        g_assert_cmpfloat(((const TgwExpectOutcome *) s->outcomes->pdata[i])->elapsed_s, ==, 0);
}

static void
test_invalid_suite(void)
{
    g_autofree char *xml =
        tgw_test_wrap("  <expect name=\"x\" subnet=\"nowhere\" min-free=\"1\"/>\n");
    g_autoptr(TgwExpectSuite) s = judge(xml);
    g_autoptr(GPtrArray) suites = g_ptr_array_new();
    g_autofree char *junit = NULL;
    TgwTestTotals t;

    g_assert_true(tgw_expect_suite_invalid(s));
    g_assert_false(tgw_expect_suite_passed(s));
    g_assert_cmpuint(s->outcomes->len, ==, 0);
    g_assert_cmpuint(s->errors, >=, 1);
    g_ptr_array_add(suites, s);
    tgw_report_test_totals(suites, &t);
    g_assert_cmpuint(t.failed_suites, ==, 1);
    g_assert_cmpuint(t.invalid, ==, 1);
    g_assert_cmpuint(t.errors, ==, 1);
    junit = tgw_report_test_junit(suites, NULL);
    g_assert_nonnull(strstr(junit, "<error message=\"invalid scenario: 1 error, 0 warnings\" "
                                   "type=\"invalid-scenario\">test.xml:7: error: UNKNOWN-REF"));
}

/* ---- baseline -------------------------------------------------------------------------------- */

static TgwBaseline *
surge_baseline(gint64 horizon_ms, gint64 first_ms, guint64 peak)
{
    TgwBaseline *b = tgw_baseline_new();
    b->run_id = 12;
    b->seed = 7;
    b->horizon_ms = horizon_ms;
    tgw_baseline_add_subnet(b, "v", "cp-a", 11, 1, 0, -1);
    tgw_baseline_add_subnet(b, "v", "cp-b", 11, 1, 0, -1);
    tgw_baseline_add_subnet(b, "v", "tight", 59, peak, 0, first_ms);
    tgw_baseline_add_subnet(b, "v", "pods", 8187, 0, 0, -1);
    return b;
}

static void
test_baseline(void)
{
    g_autoptr(TgwExpectSuite) s = judge(surge_xml);
    const TgwExpectRuns *own = s->runs->pdata[0];
    gint64 t = surge_exhaustion(s);
    g_autofree char *at = tgw_clock_format(t);
    g_autofree char *peak = tgw_clock_format(surge_peak_time(s));
    g_autofree char *earlier = tgw_duration_format((3 * TGW_MS_PER_HOUR - t) / 1000 * 1000);
    guint before = s->outcomes->len;

    /* the tolerances: max(1% of the horizon, 1 h), max(1% of usable rounded up, 2) */
    g_assert_cmpint(tgw_baseline_time_tolerance_ms(30 * TGW_MS_PER_DAY), ==,
                    7 * TGW_MS_PER_HOUR + 12 * TGW_MS_PER_MINUTE);
    g_assert_cmpint(tgw_baseline_time_tolerance_ms(TGW_MS_PER_DAY), ==, TGW_MS_PER_HOUR);
    g_assert_cmpuint(tgw_baseline_peak_tolerance(59), ==, 2);
    g_assert_cmpuint(tgw_baseline_peak_tolerance(251), ==, 3);
    g_assert_cmpuint(tgw_baseline_peak_tolerance(8187), ==, 82);

    /* nothing stored: a passing note */
    tgw_expect_suite_compare_baseline(s, own, NULL);
    assert_outcome(s, "baseline: default", TGW_OUTCOME_PASS,
                   "no regression against the last stored run in mode default — no stored run of "
                   "this scenario in this mode: nothing to compare");
    g_ptr_array_remove_range(s->outcomes, before, s->outcomes->len - before);

    /* within tolerance: 1 h earlier is not more than 1 h, 2 more addresses not more than 2 */
    {
        g_autoptr(TgwBaseline) b = surge_baseline(4 * TGW_MS_PER_HOUR, t + TGW_MS_PER_HOUR, 43);
        tgw_expect_suite_compare_baseline(s, own, b);
        assert_outcome(s, "baseline: default", TGW_OUTCOME_PASS,
                       "no regression against run 12 (mode default) — 4 subnets compared: first "
                       "exhaustion and peak used within tolerance");
        g_ptr_array_remove_range(s->outcomes, before, s->outcomes->len - before);
    }
    /* earlier by more than the tolerance, and a higher peak */
    {
        g_autoptr(TgwBaseline) b = surge_baseline(4 * TGW_MS_PER_HOUR, 3 * TGW_MS_PER_HOUR, 40);
        tgw_expect_suite_compare_baseline(s, own, b);
        g_assert_cmpuint(s->outcomes->len, ==, before + 2);
        assert_outcome(s, "baseline: default: v/tight first exhaustion", TGW_OUTCOME_FAIL,
                       "v/tight first runs out no more than 1h before run 12 did (day 0 "
                       "03:00:00) — ran out at %s, %s earlier",
                       at, earlier);
        assert_outcome(s, "baseline: default: v/tight peak used", TGW_OUTCOME_FAIL,
                       "v/tight peak used at most 42 (run 12: 40, tolerance 2) — peak used was "
                       "45 of 59 at %s, 5 more",
                       peak);
        g_assert_cmpstr(outcome(s, "baseline: default: v/tight peak used")->subnet, ==, "v/tight");
        g_ptr_array_remove_range(s->outcomes, before, s->outcomes->len - before);
    }
    /* a subnet that never ran out now does, within the stored horizon */
    {
        g_autoptr(TgwBaseline) b = surge_baseline(4 * TGW_MS_PER_HOUR, -1, 45);
        tgw_expect_suite_compare_baseline(s, own, b);
        assert_outcome(s, "baseline: default: v/tight first exhaustion", TGW_OUTCOME_FAIL,
                       "v/tight never runs out in 4h, as in run 12 — ran out at %s", at);
        g_assert_cmpuint(s->outcomes->len, ==, before + 1);
        g_ptr_array_remove_range(s->outcomes, before, s->outcomes->len - before);
    }
    /* ... but not when the stored run stopped before that time */
    {
        g_autoptr(TgwBaseline) b = surge_baseline(TGW_MS_PER_HOUR / 2, -1, 45);
        tgw_expect_suite_compare_baseline(s, own, b);
        g_assert_cmpuint(s->outcomes->len, ==, before + 1);
        g_assert_cmpint(outcome(s, "baseline: default")->status, ==, TGW_OUTCOME_PASS);
    }
}

/* ---- writers --------------------------------------------------------------------------------- */

static const char hostile_xml[] =
    "<scenario version=\"1\" name=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; a|b *x* [l](u)\" "
    "seed=\"1\" horizon=\"1h\">\n"
    "  <vpc name=\"v\" cidr=\"10.0.0.0/16\"><subnet name=\"s\" az=\"az1\" "
    "cidr=\"10.0.0.0/24\"/></vpc>\n"
    "  <expect name=\"one|two&#10;&lt;b&gt;three&lt;/b&gt; # \\ done\" "
    "findings-max-severity=\"info\"/>\n"
    "  <expect name=\"fails &amp; | &lt;img src=x&gt;\" cni=\"custom\" unreachable-from=\"v\" "
    "unreachable-to=\"v/s\"/>\n"
    "</scenario>\n";

static GPtrArray *
writer_suites(void)
{
    GPtrArray *suites = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_expect_suite_free);
    g_autofree char *bad =
        tgw_test_wrap("  <expect name=\"x\" subnet=\"nowhere\" min-free=\"1\"/>\n");
    g_ptr_array_add(suites, judge(surge_xml));
    g_ptr_array_add(suites, judge(routing_xml));
    g_ptr_array_add(suites, judge(bad));
    g_ptr_array_add(suites, judge(hostile_xml));
    return suites;
}

static char *
temp_file(const char *dir, const char *name, const char *text)
{
    char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GError) error = NULL;
    g_file_set_contents(path, text, -1, &error);
    g_assert_no_error(error);
    return path;
}

/* whether xmllint validates file against the schema xsd; err gets what it printed */
static gboolean
xmllint_accepts(const char *xmllint, const char *xsd, const char *file, char **err)
{
    const char *argv[] = {xmllint, "--noout", "--nonet", "--schema", xsd, file, NULL};
    g_autoptr(GError) error = NULL;
    int wait = 0;

    g_assert_true(g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, err, &wait, &error));
    g_assert_no_error(error);
    return WIFEXITED(wait) && WEXITSTATUS(wait) == 0;
}

static void
test_junit_schema(void)
{
    g_autoptr(GPtrArray) suites = writer_suites();
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = tgw_report_test_junit(suites, &error);
    g_autofree char *xmllint = g_find_program_in_path("xmllint");
    g_autofree char *xsd = tgw_test_source_path("tests", "junit.xsd", NULL);
    g_autofree char *dir = NULL, *file = NULL, *bad = NULL, *err = NULL;

    g_assert_no_error(error);
    g_assert_nonnull(strstr(xml, "<testsuites name=\"tgwsim test\" tests=\"34\" failures=\"16\" "
                                 "errors=\"2\" skipped=\"0\" time=\"0.000\">"));
    g_assert_nonnull(strstr(xml, "<testcase classname=\"surge\" name=\"free 15\" "
                                 "file=\"test.xml\" line=\"15\" time=\"0.000\">"));
    g_assert_nonnull(strstr(xml, "<failure message=\"v/tight min-free 15 — lowest free was 23.7% "
                                 "(14/59) at "));
    g_assert_nonnull(strstr(xml, "<property name=\"seed\" value=\"7\"/>"));
    /* hostile names are escaped, newlines kept as character references in attributes */
    g_assert_nonnull(strstr(xml, "classname=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; a|b"));
    g_assert_nonnull(strstr(xml, "name=\"one|two&#10;&lt;b&gt;three&lt;/b&gt; # \\ done\""));
    g_assert_null(strstr(xml, "<script>"));

    if (xmllint == NULL) {
        g_test_skip("xmllint is not installed");
        return;
    }
    dir = g_dir_make_tmp("tgw-junit-XXXXXX", NULL);
    file = temp_file(dir, "junit.xml", xml);
    if (!xmllint_accepts(xmllint, xsd, file, &err))
        g_error("xmllint refuses the JUnit XML:\n%s\n%s", err, xml);
    /* the schema is applied: a testcase without classname (GitLab's suite column) is refused */
    bad = temp_file(dir, "bad.xml",
                    "<testsuites tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" "
                    "time=\"0\"><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" "
                    "skipped=\"0\" time=\"0\"><testcase name=\"c\" time=\"0\"/></testsuite>"
                    "</testsuites>\n");
    g_clear_pointer(&err, g_free);
    g_assert_false(xmllint_accepts(xmllint, xsd, bad, &err));
    g_assert_nonnull(strstr(err, "classname"));
    tgw_test_remove_tree(dir);
}

/* TAP 14: version line, one plan per document, consecutive test points, subtests indented by
 * 4 and closed by a test point of the parent, YAML blocks between "  ---" and "  ..." */
typedef struct {
    guint indent;
    gint plan;
    guint points;
} TapLevel;

static void
check_tap(const char *tap)
{
    g_auto(GStrv) lines = g_strsplit(tap, "\n", -1);
    g_autoptr(GRegex) point =
        g_regex_new("^(not )?ok ([0-9]+)( - ((\\\\.|[^\\\\#])*))?( # (SKIP|TODO).*)?$", 0, 0, NULL);
    g_autoptr(GRegex) plan = g_regex_new("^1\\.\\.([0-9]+)( # .*)?$", 0, 0, NULL);
    g_autoptr(GRegex) yaml = g_regex_new("^([a-z]+: \".*\"|- \".*\"|findings:)$", 0, 0, NULL);
    TapLevel levels[8] = {{0, -1, 0}};
    guint depth = 0, yaml_indent = 0, n = g_strv_length(lines);
    gboolean in_yaml = FALSE, closing = FALSE;

    g_assert_cmpstr(lines[0], ==, "TAP version 14");
    g_assert_cmpstr(lines[n - 1], ==, ""); /* ends with a newline */
    for (guint i = 1; i + 1 < n; i++) {
        const char *line = lines[i];
        guint indent = (guint) strspn(line, " ");
        const char *body = line + indent;
        g_autoptr(GMatchInfo) plan_match = NULL;
        g_autoptr(GMatchInfo) point_match = NULL;

        if (in_yaml) {
            if (indent == yaml_indent && g_str_equal(body, "...")) {
                in_yaml = FALSE;
                continue;
            }
            g_assert_cmpuint(indent, >=, yaml_indent);
            if (!g_regex_match(yaml, body, 0, NULL))
                g_error("line %u is not YAML: %s", i + 1, line);
            continue;
        }
        if (g_str_has_prefix(body, "# Subtest: ")) {
            g_assert_cmpuint(indent, ==, levels[depth].indent);
            g_assert_cmpuint(depth + 1, <, G_N_ELEMENTS(levels));
            levels[++depth] = (TapLevel){indent + 4, -1, 0};
            continue;
        }
        while (indent < levels[depth].indent) {
            g_assert_cmpint(levels[depth].plan, ==, (gint) levels[depth].points);
            depth--;
            closing = TRUE;
        }
        g_assert_cmpuint(indent, ==, levels[depth].indent);
        if (g_regex_match(plan, body, 0, &plan_match)) {
            g_autofree char *count = g_match_info_fetch(plan_match, 1);
            g_assert_cmpint(levels[depth].plan, ==, -1);
            levels[depth].plan = atoi(count);
        } else if (g_regex_match(point, body, 0, &point_match)) {
            g_autofree char *number = g_match_info_fetch(point_match, 2);
            g_assert_cmpint(atoi(number), ==, (gint) ++levels[depth].points);
            closing = FALSE;
            if (lines[i + 1] != NULL && strspn(lines[i + 1], " ") == indent + 2 &&
                g_str_equal(lines[i + 1] + indent + 2, "---")) {
                in_yaml = TRUE;
                yaml_indent = indent + 2;
                i++;
            }
        } else if (body[0] != '#') {
            g_error("line %u is not TAP: %s", i + 1, line);
        }
        g_assert_false(closing);
    }
    g_assert_false(in_yaml);
    g_assert_cmpuint(depth, ==, 0);
    g_assert_cmpint(levels[0].plan, ==, (gint) levels[0].points);
}

static void
test_tap(void)
{
    g_autoptr(GPtrArray) suites = writer_suites();
    g_autoptr(GString) tap = g_string_new(NULL);

    tgw_report_test_tap(suites, tap);
    check_tap(tap->str);
    g_assert_nonnull(strstr(tap->str, "1..4\n# Subtest: surge (test.xml)\n    1..14\n"));
    g_assert_nonnull(strstr(tap->str, "    not ok 2 - free 15\n      ---\n      message: "
                                      "\"v/tight min-free 15 — lowest free was 23.7% (14/59) "));
    g_assert_nonnull(strstr(tap->str, "      severity: \"fail\"\n      kind: \"min-free\"\n"
                                      "      cni: \"default\"\n      expected: \"v/tight min-free "
                                      "15\"\n"));
    g_assert_nonnull(strstr(tap->str, "      subnet: \"v/tight\"\n      time: \"day 0 "));
    g_assert_nonnull(strstr(tap->str, "      at: \"test.xml:15\"\n      ...\n"));
    g_assert_nonnull(strstr(tap->str, "\nnot ok 1 - surge (test.xml)\n"));
    g_assert_nonnull(strstr(tap->str, "    not ok 7 - from nowhere\n      ---\n      message: "
                                      "\"nowhere reaches a/app — 'nowhere' is not a VPC or subnet "
                                      "of the scenario\"\n      severity: \"error\"\n"));
    /* an invalid file: one failing point with its findings */
    g_assert_nonnull(strstr(tap->str, "# Subtest: test.xml\n    1..1\n    not ok 1 - test.xml\n"
                                      "      ---\n      message: \"invalid scenario: 1 error\"\n"));
    g_assert_nonnull(strstr(tap->str, "      findings:\n        - \"test.xml:7: error: "
                                      "UNKNOWN-REF: "));
    /* TAP 14 escapes: a newline is a space, # and \ get a backslash */
    g_assert_nonnull(strstr(tap->str, "    ok 1 - one|two <b>three</b> \\# \\\\ done\n"));
}

/* the cells of a Markdown table row, split at unescaped pipes */
static guint
md_cells(const char *row)
{
    guint pipes = 0;
    for (const char *p = row; *p != '\0'; p++) {
        if (*p == '\\' && p[1] != '\0')
            p++;
        else if (*p == '|')
            pipes++;
    }
    return pipes - 1;
}

static void
test_markdown(void)
{
    g_autoptr(GPtrArray) suites = writer_suites();
    g_autoptr(GString) md = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    guint rows = 0;

    tgw_report_test_markdown(suites, md);
    lines = g_strsplit(md->str, "\n", -1);
    g_assert_cmpstr(lines[0], ==, "### tgwsim test: expectations failed");
    g_assert_cmpstr(lines[2], ==,
                    "**0 of 4 scenarios passed**; 34 tests: 16 passed, 16 failed, 2 errors (1 "
                    "invalid scenario)");
    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '|') {
            rows++;
            g_assert_cmpuint(md_cells(lines[i]), ==, 5);
        }
    }
    g_assert_cmpuint(rows, ==, 2 + 4);
    g_assert_nonnull(strstr(md->str, "| ❌ failed | surge | test.xml | 7 | 7 |\n"));
    g_assert_nonnull(strstr(md->str, "| ❌ invalid | — | test.xml | 0 | 1 |\n"));
    /* hostile strings stay text: no raw tag, no raw pipe or ampersand, no line break */
    for (const char *p = md->str; *p != '\0'; p++) {
        if (*p == '\\' && p[1] != '\0')
            p++;
        else if (*p == '<' || *p == '>' || *p == '&')
            g_error("a raw '%c' in the Markdown at offset %td", *p, p - md->str);
    }
    g_assert_nonnull(strstr(md->str, "| ❌ failed | \\<script\\>alert\\(1\\)\\</script\\> \\& "
                                     "a\\|b \\*x\\* \\[l\\]\\(u\\) | test.xml | 1 | 1 |\n"));
    g_assert_nonnull(strstr(md->str, "\n- **surge** › free 15 \\[default\\] — **failed**: "
                                     "v/tight min-free 15 — lowest free was 23.7% \\(14/59\\) "
                                     "at day 0 "));
    g_assert_nonnull(strstr(md->str, "** › fails \\& \\| \\<img src=x\\> \\[custom\\] — "
                                     "**failed**: v does not reach v/s — request 10.0.0.4 → "
                                     "10.0.0.4: delivered to v/s \\(10.0.0.4\\)"));
    g_assert_nonnull(strstr(md->str, "\n- **test.xml** — **invalid scenario** (1 error)\n  - "
                                     "test.xml:7: error: UNKNOWN-REF: "));
}

static void
test_text(void)
{
    g_autoptr(GPtrArray) suites = writer_suites();
    g_autoptr(GString) text = g_string_new(NULL);

    tgw_report_test_text(suites, text);
    g_assert_true(g_str_has_prefix(text->str, "test.xml: surge: 7 of 14 passed\n"));
    g_assert_nonnull(strstr(text->str, "\n  FAIL  free 15 [default]: v/tight min-free 15 — lowest "
                                       "free was 23.7% (14/59) at "));
    g_assert_nonnull(strstr(text->str, "\n  ERROR from nowhere: nowhere reaches a/app — "));
    g_assert_nonnull(strstr(text->str, "\ntest.xml: invalid scenario\n  test.xml:7: error: "
                                       "UNKNOWN-REF: "));
    g_assert_nonnull(strstr(text->str, "\n  ok    one|two <b>three</b> # \\ done: "));
    g_assert_true(g_str_has_suffix(text->str, "\n4 scenarios (1 invalid), 34 tests: 16 passed, "
                                              "16 failed, 2 errors\n"));
}

/* ---- the command ----------------------------------------------------------------------------- */

static char *
read_file(const char *path)
{
    char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_file_get_contents(path, &text, NULL, &error);
    g_assert_no_error(error);
    return text;
}

static void
test_command_exit_codes(void)
{
    g_autofree char *dir = g_dir_make_tmp("tgw-test-XXXXXX", NULL);
    g_autofree char *scenarios = tgw_test_source_path("scenarios", NULL);
    g_autofree char *good = NULL, *bad = NULL, *failing = NULL, *junit = NULL;
    g_autofree char *bad_text = tgw_test_wrap("  <expect name=\"x\" subnet=\"nowhere\" "
                                              "min-free=\"1\"/>\n");

    good = temp_file(dir, "good.xml", routing_xml);
    /* keep only the passing expectations of the routing scenario */
    {
        g_autofree char *text =
            g_strdup_printf("%.*s  <expect name=\"b\" table=\"hub/main\" cidr=\"10.9.0.0/16\" "
                            "state=\"blackhole\"/>\n</scenario>\n",
                            (int) (strstr(routing_xml, "  <expect") - routing_xml), routing_xml);
        g_free(good);
        good = temp_file(dir, "good.xml", text);
    }
    failing = temp_file(dir, "failing.xml", strands_xml);
    bad = temp_file(dir, "bad.xml", bad_text);
    junit = g_build_filename(dir, "junit.xml", NULL);
    {
        /* the shipped scenarios pass, the seed asserting both sides of custom networking */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", scenarios, NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_nonnull(strstr(c.out, "  ok    default CNI exhausts a private /24 [default]: "
                                       "exhausts-before 30d — team-a/private-a ran out at day "));
        g_assert_nonnull(strstr(c.out, "  ok    custom networking: nothing runs out in 30 days "
                                       "[custom]: no-exhaustion-before 30d — never ran out in the "
                                       "30d simulated"));
        g_assert_nonnull(strstr(c.out, "(skipped "));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_true(g_str_has_suffix(c.out, "\n1 scenario, 1 test: 1 passed, 0 failed\n"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, failing, "--junit", junit, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_true(g_file_test(junit, G_FILE_TEST_EXISTS));
    }
    {
        /* an invalid scenario is a failed suite, not a crash, and the others still run */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", bad, good, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.out, "bad.xml: invalid scenario\n"));
        g_assert_nonnull(strstr(c.out, "good.xml: routing: 1 of 1 passed\n"));
    }
    {
        g_autofree char *missing = g_build_filename(dir, "missing.xml", NULL);
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", missing, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.out, "FILE-READ"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", NULL);
        g_assert_cmpint(c.status, ==, 2);
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, "--no-such-option", NULL);
        g_assert_cmpint(c.status, ==, 2);
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, "--threads", "-1", NULL);
        g_assert_cmpint(c.status, ==, 2);
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, "--tap", "--junit", "-", NULL);
        g_assert_cmpint(c.status, ==, 2);
    }
    {
        /* an output that cannot be written fails the job even when every expectation holds */
        g_autofree char *nowhere = g_build_filename(dir, "no-such-folder", "junit.xml", NULL);
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", good, "--junit", nowhere, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "no-such-folder"));
    }
    {
        g_autofree char *empty = g_build_filename(dir, "empty", NULL);
        g_auto(TgwTestCmd) c = {0};
        g_mkdir(empty, 0700);
        tgw_test_tgwsim(&c, "test", empty, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "no scenario files found"));
    }
    tgw_test_remove_tree(dir);
}

static void
test_command_threads(void)
{
    g_autofree char *dir = g_dir_make_tmp("tgw-test-XXXXXX", NULL);
    g_autofree char *scenarios = tgw_test_source_path("scenarios", NULL);
    g_autofree char *j1 = g_build_filename(dir, "j1.xml", NULL);
    g_autofree char *j3 = g_build_filename(dir, "j3.xml", NULL);
    g_autofree char *m1 = g_build_filename(dir, "m1.md", NULL);
    g_autofree char *m3 = g_build_filename(dir, "m3.md", NULL);
    g_autofree char *in = g_build_filename(dir, "in", NULL);
    g_autofree char *sub = g_build_filename(in, "more", NULL);
    g_autofree char *a = NULL, *b = NULL, *c1 = NULL, *c2 = NULL, *bad = NULL;
    g_autofree char *bad_text = tgw_test_wrap("  <expect name=\"x\" subnet=\"nowhere\" "
                                              "min-free=\"1\"/>\n");

    g_mkdir(in, 0700);
    g_mkdir(sub, 0700);
    a = temp_file(sub, "surge.xml", surge_xml);
    b = temp_file(in, "strands.xml", strands_xml);
    c1 = temp_file(sub, "routing.xml", routing_xml);
    bad = temp_file(sub, "bad.xml", bad_text);
    c2 = temp_file(in, "not-a-scenario.xml", "<gresources/>\n");
    {
        g_auto(TgwTestCmd) one = {0};
        g_auto(TgwTestCmd) three = {0};
        g_auto(TgwTestCmd) tap1 = {0};
        g_auto(TgwTestCmd) tap3 = {0};
        g_autofree char *x1 = NULL, *x3 = NULL, *md1 = NULL, *md3 = NULL;
        tgw_test_tgwsim(&one, "test", in, scenarios, "--threads", "1", "--junit", j1, "--markdown",
                        m1, NULL);
        tgw_test_tgwsim(&three, "test", in, scenarios, "--threads", "3", "--junit", j3,
                        "--markdown", m3, NULL);
        g_assert_cmpint(one.status, ==, 1);
        g_assert_cmpint(three.status, ==, 1);
        g_assert_cmpstr(one.out, ==, three.out);
        x1 = read_file(j1);
        x3 = read_file(j3);
        g_assert_cmpstr(x1, ==, x3);
        md1 = read_file(m1);
        md3 = read_file(m3);
        g_assert_cmpstr(md1, ==, md3);
        tgw_test_tgwsim(&tap1, "test", in, "--threads", "1", "--tap", NULL);
        tgw_test_tgwsim(&tap3, "test", in, "--threads", "3", "--tap", NULL);
        g_assert_cmpstr(tap1.out, ==, tap3.out);
        check_tap(tap1.out);
        /* files in folder order, sorted by path; the non-scenario XML skipped */
        g_assert_nonnull(strstr(one.out, "more/bad.xml: invalid scenario\n"));
        g_assert_true(strstr(one.out, "more/bad.xml") < strstr(one.out, "more/routing.xml: "));
        g_assert_true(strstr(one.out, "more/routing.xml: ") < strstr(one.out, "more/surge.xml: "));
        g_assert_true(strstr(one.out, "more/surge.xml: ") < strstr(one.out, "strands.xml: "));
        g_assert_nonnull(strstr(one.out, "not-a-scenario.xml: not a scenario)\n"));
        g_assert_null(strstr(tap1.out, "not-a-scenario"));
    }
    tgw_test_remove_tree(dir);
}

static void
test_command_baseline(void)
{
    g_autofree char *dir = g_dir_make_tmp("tgw-test-XXXXXX", NULL);
    g_autofree char *db = g_build_filename(dir, "runs.db", NULL);
    g_autofree char *file = NULL;
    /* surge without its failing expectations */
    g_autofree char *text = g_strdup_printf(
        "%.*s  <expect name=\"lasts 30m\" no-exhaustion-before=\"30m\"/>\n</scenario>\n",
        (int) (strstr(surge_xml, "  <expect") - surge_xml), surge_xml);

    file = temp_file(dir, "surge.xml", text);
    {
        /* no store yet: nothing to compare, and the first CI run passes */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", file, "--baseline", db, "--db", db, NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_nonnull(strstr(c.out, "  ok    baseline: default [default]: no regression "
                                       "against the last stored run in mode default — no stored "
                                       "run of this scenario in this mode: nothing to compare\n"));
    }
    {
        /* the same design again: no regression against run 1 */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", file, "--baseline", db, NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_nonnull(strstr(c.out, "  ok    baseline: default [default]: no regression "
                                       "against run 1 (mode default) — 4 subnets compared: first "
                                       "exhaustion and peak used within tolerance\n"));
    }
    {
        /* a heavier workload: the subnet runs dry at once instead of at the rollout (the peak
         * stays 45: the ENI that would hold more never comes) */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", file, "--baseline", db, "--set", "workload.api.replicas=40",
                        NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.out, "  FAIL  baseline: default: v/tight first exhaustion "
                                       "[default]: v/tight first runs out no more than 1h before "
                                       "run 1 did (day 0 01:00:0"));
        g_assert_nonnull(strstr(c.out, ") — ran out at day 0 00:00:00, 1h"));
        g_assert_null(strstr(c.out, "peak used"));
    }
    {
        /* two files with one scenario name: the store cannot tell their runs apart, so neither is
         * compared with run 1 (which either could have written) */
        g_autofree char *copy = temp_file(dir, "surge-copy.xml", text);
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "test", file, copy, "--baseline", db, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_null(strstr(c.out, "against run 1"));
        g_assert_nonnull(strstr(c.out, "  ERROR baseline: default [default]: no regression "
                                       "against the last stored run in mode default — "));
        g_assert_nonnull(strstr(c.out, "surge-copy.xml has the same scenario name 'surge', and "
                                       "stored runs are found by scenario name: give each "
                                       "scenario its own name=\n"));
        g_assert_nonnull(strstr(c.out, "surge.xml has the same scenario name 'surge'"));
    }
    {
        /* name="" (the schema requires the attribute, not a value): every unnamed scenario
         * would share its stored runs */
        g_autoptr(GString) unnamed_text = g_string_new(text);
        g_autofree char *unnamed = NULL;
        g_auto(TgwTestCmd) c = {0};
        g_assert_cmpuint(g_string_replace(unnamed_text, " name=\"surge\"", " name=\"\"", 1), ==, 1);
        unnamed = temp_file(dir, "unnamed.xml", unnamed_text->str);
        tgw_test_tgwsim(&c, "test", unnamed, "--baseline", db, NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.out,
                                "the scenario's name= is empty, and stored runs are found by "
                                "scenario name: give it a name that no other scenario in "
                                "the store uses\n"));
    }
    tgw_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/expect/simulation-kinds", test_simulation_kinds);
    g_test_add_func("/expect/pods-kinds", test_pods_kinds);
    g_test_add_func("/expect/nodes-at-exhaustion", test_nodes_at_exhaustion);
    g_test_add_func("/expect/routing-kinds", test_routing_kinds);
    g_test_add_func("/expect/route-prefix-lookup", test_route_prefix_lookup);
    g_test_add_func("/expect/cni-selection", test_cni_selection);
    g_test_add_func("/expect/runs-share-seeds", test_runs_share_seeds);
    g_test_add_func("/expect/times-zeroed", test_times_zeroed);
    g_test_add_func("/expect/invalid-suite", test_invalid_suite);
    g_test_add_func("/expect/baseline", test_baseline);
    g_test_add_func("/expect/junit-schema", test_junit_schema);
    g_test_add_func("/expect/tap", test_tap);
    g_test_add_func("/expect/markdown", test_markdown);
    g_test_add_func("/expect/text", test_text);
    g_test_add_func("/expect/command-exit-codes", test_command_exit_codes);
    g_test_add_func("/expect/command-threads", test_command_threads);
    g_test_add_func("/expect/command-baseline", test_command_baseline);
    return g_test_run();
}
