/* test-lint.c: every finding code of the loader and the design lint, each with a small bad
 * scenario, its exact line and severity; the VPC CIDR association-restriction table
 * (aws-network.md 1.2); a clean scenario with no findings.
 *
 * Cases are scenario bodies wrapped by tgw_test_wrap() (a VPC team-a, 10.20.8.0/21, with
 * private-a/-b/-c in az1/az2/az3 as 10.20.9.0/24, .10.0/24, .11.0/24; the body starts at line 7),
 * or whole documents. The line a finding must name is marked in the body with the comment
 * <!--*--> at its end, so that no line number has to be counted by hand; a few findings are about
 * the whole scenario and name line 1. The codes of the file-level problems (FILE-*, XML-*,
 * LIMIT-FILE, SET-PATH) are tested in test-scenario.c; test_every_code_has_a_case checks that no
 * code the loader or the lint can emit is left without a test. */
#include <string.h>

#include "tgw-lint.h"
#include "tgw-test-util.h"

#define MARK "<!--*-->"

typedef struct {
    const char *name; /* test path below /lint/ */
    const char *code;
    TgwSeverity severity;
    int line;       /* 0: the line marked with MARK */
    gboolean whole; /* body is the whole document (not wrapped) */
    const char *body;
    const char *in_msg; /* the message must contain this, or NULL */
} LintCase;

/* a cluster on the preamble's three subnets, for the EKS cases */
#define CLUSTER_OPEN                                                                               \
    "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a private-b private-c\">\n"
#define NODES_M5L                                                                                  \
    "    <node-group name=\"ng\" instance-type=\"m5.large\" subnets=\"private-a private-b "        \
    "private-c\"/>\n"
#define ENI_CONFIGS_ABC                                                                            \
    "      <eni-config az=\"az1\" subnet=\"private-a\"/>\n"                                        \
    "      <eni-config az=\"az2\" subnet=\"private-b\"/>\n"                                        \
    "      <eni-config az=\"az3\" subnet=\"private-c\"/>\n"
/* a second VPC with one subnet, b-1 in az1 */
#define VPC_B                                                                                      \
    "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"                                                   \
    "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"                                \
    "  </vpc>\n"
#define E TGW_SEVERITY_ERROR
#define W TGW_SEVERITY_WARNING

static const LintCase cases[] = {
    /* ---- names and references (loader) ---- */
    {"bad-name", "BAD-NAME", E, 0, FALSE, "  <transit-gateway name=\"core hub\"/>" MARK "\n"},
    {"cidr-not-canonical", "CIDR-NOT-CANONICAL", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.7/16\"/>" MARK "\n", "10.30.0.0/16"},
    {"unknown-ref/vpc", "UNKNOWN-REF", E, 0, FALSE,
     "  <eks-cluster name=\"c\" vpc=\"team-b\" subnets=\"private-a\"/>" MARK "\n",
     "did you mean 'team-a'?"},
    {"unknown-ref/subnet", "UNKNOWN-REF", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-d\" count=\"1\"/>" MARK "\n"},
    {"unknown-ref/nat-route", "UNKNOWN-REF", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <route-table name=\"rt\">\n"
     "      <route cidr=\"0.0.0.0/0\" target=\"nat-gateway:nat1\"/>" MARK "\n"
     "    </route-table>\n"
     "  </vpc>\n"},
    {"unknown-ref/tgw-table", "UNKNOWN-REF", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"><route-table name=\"spokes\"/></transit-gateway>\n"
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <tgw-attachment name=\"b\" transit-gateway=\"hub\" subnets=\"b-1\" "
     "associate=\"spoke\"/>" MARK "\n"
     "  </vpc>\n",
     "did you mean 'spokes'?"},
    {"in-use-over", "IN-USE-OVER", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\">\n"
     "      <in-use count=\"200\" by=\"interface\"/>\n"
     "      <in-use count=\"52\" by=\"load_balancer\"/>" MARK "\n"
     "    </subnet>\n"
     "  </vpc>\n",
     "has 251 usable addresses, but its <in-use> elements add up to 252"},
    {"reservation-outside", "RESERVATION-OUTSIDE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\">\n"
     "      <reservation cidr=\"10.30.1.0/26\" type=\"explicit\"/>" MARK "\n"
     "    </subnet>\n"
     "  </vpc>\n"},
    {"reservation-overlap", "RESERVATION-OVERLAP", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\">\n"
     "      <reservation cidr=\"10.30.0.0/26\" type=\"prefix\"/>\n"
     "      <reservation cidr=\"10.30.0.32/27\" type=\"explicit\"/>" MARK "\n"
     "    </subnet>\n"
     "  </vpc>\n"},
    {"subnet-wrong-vpc", "SUBNET-WRONG-VPC", E, 0, FALSE,
     VPC_B "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a b-1\"/>" MARK "\n"},
    {"ambiguous-ref", "AMBIGUOUS-REF", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"private-a\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "  </vpc>\n"
     "  <expect name=\"e\" subnet=\"private-a\" min-free=\"10%\"/>" MARK "\n"},
    {"duplicate-name/vpc", "DUPLICATE-NAME", E, 0, FALSE,
     "  <vpc name=\"team-a\" cidr=\"10.30.0.0/16\"/>" MARK "\n", "first at line 2"},
    {"duplicate-name/eni-config", "DUPLICATE-NAME", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni>\n"
                  "      <eni-config az=\"az1\" subnet=\"private-a\"/>\n"
                  "      <eni-config az=\"az1\" subnet=\"private-b\"/>" MARK "\n"
                  "    </vpc-cni>\n"
                  "  </eks-cluster>\n"},
    {"duplicate-name/expect", "DUPLICATE-NAME", E, 0, FALSE,
     "  <expect name=\"clean\" findings-max-severity=\"info\"/>\n"
     "  <expect name=\"clean\" findings-max-severity=\"warning\"/>" MARK "\n"},
    {"duplicate-element", "DUPLICATE-ELEMENT", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"default\"/>\n"
                  "    <vpc-cni warm-ip-target=\"3\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"subnet-two-tables", "SUBNET-TWO-TABLES", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <route-table name=\"one\" subnets=\"b-1\"/>\n"
     "    <route-table name=\"two\" subnets=\"b-1\"/>" MARK "\n"
     "  </vpc>\n"},
    {"vpc-two-main-tables", "VPC-TWO-MAIN-TABLES", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <route-table name=\"one\" main=\"true\"/>\n"
     "    <route-table name=\"two\" main=\"true\"/>" MARK "\n"
     "  </vpc>\n"},
    {"route-target/none", "ROUTE-TARGET", E, 0, FALSE,
     "  <transit-gateway name=\"hub\">\n"
     "    <route-table name=\"rt\"/>\n"
     "    <route table=\"rt\" cidr=\"10.0.0.0/8\"/>" MARK "\n"
     "  </transit-gateway>\n"},
    {"route-target/both", "ROUTE-TARGET", E, 0, FALSE,
     "  <transit-gateway name=\"hub\">\n"
     "    <route-table name=\"rt\"/>\n"
     "    <attachment name=\"vpn\" kind=\"vpn\"/>\n"
     "    <route table=\"rt\" cidr=\"10.0.0.0/8\" attachment=\"vpn\" blackhole=\"true\"/>" MARK "\n"
     "  </transit-gateway>\n"},
    {"route-target/nat-other-vpc", "ROUTE-TARGET", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <route-table name=\"rt\" subnets=\"b-1\">\n"
     "      <route cidr=\"0.0.0.0/0\" target=\"nat-gateway:nat1\"/>" MARK "\n"
     "    </route-table>\n"
     "  </vpc>\n"
     "  <nat-gateway name=\"nat1\" vpc=\"team-a\" subnet=\"private-a\"/>\n"},
    {"eniconfig-subnet-vpc", "ENICONFIG-SUBNET-VPC", E, 0, FALSE,
     VPC_B CLUSTER_OPEN "    <vpc-cni mode=\"custom\">\n"
                        "      <eni-config az=\"az1\" subnet=\"b-1\"/>" MARK "\n"
                        "    </vpc-cni>\n"
                        "  </eks-cluster>\n"},

    /* ---- values (loader) ---- */
    {"bad-value/count", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni warm-eni-target=\"lots\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "'lots' is not a whole number"},
    {"bad-value/cidr", "BAD-VALUE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.300.0.0/16\"/>" MARK "\n", "octet 300"},
    /* the code comes from the kind of error, not from the words of the message */
    {"bad-value/cidr-quoting-host-bits", "BAD-VALUE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"host bits set\"/>" MARK "\n", "not an IPv4 CIDR block"},
    {"bad-value/replicas", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN "    <workload name=\"w\" replicas=\"many\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"bad-value/arrivals", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN "    <workload name=\"w\" arrivals=\"40/h\" lifetime=\"exp(1h)\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "poisson(RATE)"},
    {"bad-value/route-target", "BAD-VALUE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <route-table name=\"rt\">\n"
     "      <route cidr=\"0.0.0.0/0\" target=\"teleport\"/>" MARK "\n"
     "    </route-table>\n"
     "  </vpc>\n",
     "route 0.0.0.0/0: target 'teleport'"},
    {"bad-value/nlb-scale-with", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"w\" replicas=\"3\"/>\n"
                            "  </eks-cluster>\n"
                            "  <load-balancer name=\"lb\" type=\"nlb\" vpc=\"team-a\" "
                            "subnets=\"private-a private-b\" scale-with=\"w\"/>" MARK "\n"},
    {"bad-value/lb-internal", "BAD-VALUE", E, 0, FALSE,
     "  <load-balancer name=\"lb\" type=\"alb\" vpc=\"team-a\" subnets=\"private-a private-b\" "
     "internal=\"maybe\"/>" MARK "\n"},
    {"bad-value/scan-interval", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN "    <cluster-autoscaler scan-interval=\"0s\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"bad-value/scale-down-utilization", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN "    <cluster-autoscaler scale-down-utilization=\"2\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "from 0 to 1"},
    {"bad-value/security-groups", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN
     "    <vpc-cni>\n"
     "      <eni-config az=\"az1\" subnet=\"private-a\" security-groups=\"sg-1 sg-1\"/>" MARK "\n"
     "    </vpc-cni>\n"
     "  </eks-cluster>\n",
     "twice"},
    {"bad-value/one-subnet", "BAD-VALUE", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a private-b\" count=\"2\"/>" MARK
     "\n"},
    {"bad-value/scale-daemonset", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"ds\" kind=\"daemonset\"/>\n"
                            "  </eks-cluster>\n"
                            "  <timeline>\n"
                            "    <at time=\"1h\"><scale workload=\"ds\" replicas=\"3\"/></at>" MARK
                            "\n"
                            "  </timeline>\n"},
    {"bad-value/scale-node-group-nothing", "BAD-VALUE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "  </eks-cluster>\n"
                            "  <timeline>\n"
                            "    <at time=\"1h\"><scale-node-group node-group=\"ng\"/></at>" MARK
                            "\n"
                            "  </timeline>\n"},
    {"bad-value/timeline-start", "BAD-VALUE", E, 0, FALSE,
     "  <timeline>\n"
     "    <at time=\"1h\">\n"
     "      <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a\" count=\"1\" "
     "start=\"2h\"/>" MARK "\n"
     "    </at>\n"
     "  </timeline>\n"},
    {"bad-value/expect-table", "BAD-VALUE", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"><route-table name=\"rt\"/></transit-gateway>\n"
     "  <expect name=\"e\" table=\"rt\" cidr=\"10.0.0.0/8\" present=\"true\"/>" MARK "\n",
     "TGW/TABLE"},
    {"bad-value/probability", "BAD-VALUE", E, 0, FALSE,
     "  <expect name=\"e\" exhaustion-probability-at-most=\"2\" runs=\"10\"/>" MARK "\n"},
    {"bad-value/horizon", "BAD-VALUE", E, 1, TRUE,
     "<scenario version=\"1\" name=\"t\" horizon=\"0s\"/>\n"},
    /* a duration beyond ten years is beyond tgwsim's limits, not merely malformed */
    {"limit/duration", "LIMIT", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a\" count=\"1\" "
     "end=\"3651d\"/>" MARK "\n",
     "at most 3650d"},
    {"limit/horizon", "LIMIT", E, 1, TRUE,
     "<scenario version=\"1\" name=\"t\" horizon=\"3651d\"/>\n"},
    {"bad-value/scenario-name", "BAD-VALUE", E, 1, TRUE,
     "<scenario version=\"1\" name=\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"/>\n",
     "at most 200"},

    /* ---- EKS shapes (loader) ---- */
    {"instance-unknown", "INSTANCE-UNKNOWN", E, 0, FALSE,
     CLUSTER_OPEN "    <node-group name=\"ng\" instance-type=\"m5.largee\" "
                  "subnets=\"private-a\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "did you mean 'm5.large'?"},
    /* c7i.32xlarge has ENI limits in the table but no allocatable CPU and memory */
    {"instance-resources", "INSTANCE-RESOURCES", E, 0, FALSE,
     CLUSTER_OPEN "    <node-group name=\"ng\" instance-type=\"c7i.32xlarge\" "
                  "subnets=\"private-a\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"nodegroup-size", "NODEGROUP-SIZE", E, 0, FALSE,
     CLUSTER_OPEN "    <node-group name=\"ng\" instance-type=\"m5.large\" min=\"5\" max=\"3\" "
                  "subnets=\"private-a\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"workload-shape/job-without-arrivals", "WORKLOAD-SHAPE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"w\" kind=\"job\" lifetime=\"exp(1h)\"/>" MARK "\n"
                            "  </eks-cluster>\n"},
    {"workload-shape/job-without-lifetime", "WORKLOAD-SHAPE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"w\" arrivals=\"poisson(4/h)\"/>" MARK "\n"
                            "  </eks-cluster>\n"},
    {"workload-shape/deployment-with-arrivals", "WORKLOAD-SHAPE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L
     "    <workload name=\"w\" kind=\"deployment\" arrivals=\"poisson(4/h)\" "
     "lifetime=\"exp(1h)\"/>" MARK "\n"
     "  </eks-cluster>\n"},
    {"workload-shape/daemonset-replicas", "WORKLOAD-SHAPE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"w\" kind=\"daemonset\" replicas=\"2\"/>" MARK "\n"
                            "  </eks-cluster>\n"},
    {"workload-shape/job-replicas", "WORKLOAD-SHAPE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L
     "    <workload name=\"w\" arrivals=\"poisson(4/h)\" lifetime=\"exp(1h)\" "
     "replicas=\"2\"/>" MARK "\n"
     "  </eks-cluster>\n"},

    /* ---- consumers and the timeline (loader) ---- */
    {"consumer-window/end-before-start", "CONSUMER-WINDOW", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a\" count=\"1\" start=\"2h\" "
     "end=\"1h\"/>" MARK "\n"},
    {"consumer-window/removed-before-added", "CONSUMER-WINDOW", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a\" count=\"1\" start=\"10h\"/>\n"
     "  <timeline>\n"
     "    <at time=\"5h\"><remove-consumer name=\"x\"/></at>" MARK "\n"
     "  </timeline>\n"},
    {"consumer-window/after-horizon", "CONSUMER-WINDOW", W, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"private-a\" count=\"1\" start=\"2d\"/>" MARK
     "\n"},
    {"timeline-beyond-horizon", "TIMELINE-BEYOND-HORIZON", W, 0, FALSE,
     "  <timeline>\n"
     "    <at time=\"2d\"/>" MARK "\n"
     "  </timeline>\n"},

    /* ---- expectations (loader) ---- */
    {"expect-kind/nothing", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" cni=\"custom\"/>" MARK "\n", "checks nothing"},
    {"expect-kind/mixed", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" pods-waiting-for-ip=\"0\" unschedulable=\"0\"/>" MARK "\n",
     "mixes pods-waiting-for-ip and unschedulable"},
    {"expect-kind/subnet-elsewhere", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" pods-waiting-for-ip=\"0\" subnet=\"private-a\"/>" MARK "\n"},
    {"expect-kind/min-free-without-subnet", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" min-free=\"10%\"/>" MARK "\n"},
    {"expect-kind/reach-half", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" reachable-from=\"team-a\"/>" MARK "\n"},
    {"expect-kind/route-without-cidr", "EXPECT-KIND", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"><route-table name=\"rt\"/></transit-gateway>\n"
     "  <expect name=\"e\" table=\"hub/rt\" present=\"true\"/>" MARK "\n"},
    {"expect-kind/route-two-states", "EXPECT-KIND", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"><route-table name=\"rt\"/></transit-gateway>\n"
     "  <expect name=\"e\" table=\"hub/rt\" cidr=\"10.0.0.0/8\" present=\"true\" "
     "state=\"active\"/>" MARK "\n"},
    {"expect-kind/at-least-without-node-group", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" at-least=\"20\"/>" MARK "\n"},
    {"expect-kind/stray-attribute", "EXPECT-KIND", E, 0, FALSE,
     "  <expect name=\"e\" pods-waiting-for-ip=\"0\" cidr=\"10.0.0.0/8\"/>" MARK "\n",
     "cidr= goes with table= only"},

    /* ---- CIDR rules (lint) ---- */
    {"vpc-cidr-size", "VPC-CIDR-SIZE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/15\"/>" MARK "\n"},
    {"vpc-cidr-overlap", "VPC-CIDR-OVERLAP", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <cidr-block cidr=\"10.30.128.0/17\"/>" MARK "\n"
     "  </vpc>\n"},
    {"vpc-cidr-restricted", "VPC-CIDR-RESTRICTED", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <cidr-block cidr=\"172.16.0.0/16\"/>" MARK "\n"
     "  </vpc>\n"},
    /* rule 6, the AWS guide's own example: with a route to 10.0.0.0/24, 10.0.0.0/24 or larger
     * cannot be added (10.0.0.0/25 could) */
    {"vpc-cidr-route-conflict", "VPC-CIDR-ROUTE-CONFLICT", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.2.0.0/16\">\n"
     "    <cidr-block cidr=\"10.0.0.0/24\"/>" MARK "\n"
     "    <route-table name=\"rt\">\n"
     "      <route cidr=\"10.0.0.0/24\" target=\"peering:pcx-1\"/>\n"
     "    </route-table>\n"
     "  </vpc>\n"},
    /* six blocks: above the default quota of 5 (the primary counts) */
    {"vpc-cidr-quota/warning", "VPC-CIDR-QUOTA", W, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">" MARK "\n"
     "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
     "    <cidr-block cidr=\"100.65.0.0/16\"/>\n"
     "    <cidr-block cidr=\"100.66.0.0/16\"/>\n"
     "    <cidr-block cidr=\"100.67.0.0/16\"/>\n"
     "    <cidr-block cidr=\"100.68.0.0/16\"/>\n"
     "  </vpc>\n"},
    {"subnet-size", "SUBNET-SIZE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"tiny\" az=\"az1\" cidr=\"10.30.0.0/29\"/>" MARK "\n"
     "  </vpc>\n"},
    {"subnet-outside-vpc", "SUBNET-OUTSIDE-VPC", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"far\" az=\"az1\" cidr=\"10.31.0.0/24\"/>" MARK "\n"
     "  </vpc>\n"},
    /* a subnet added at 1h inside a block that is only associated at 2h */
    {"subnet-outside-vpc/added-too-early", "SUBNET-OUTSIDE-VPC", E, 0, FALSE,
     "  <timeline>\n"
     "    <at time=\"1h\"><add-subnet vpc=\"team-a\" name=\"pods-a\" az=\"az1\" "
     "cidr=\"100.64.0.0/20\"/></at>" MARK "\n"
     "    <at time=\"2h\"><add-cidr-block vpc=\"team-a\" cidr=\"100.64.0.0/16\"/></at>\n"
     "  </timeline>\n",
     "at the time it is added"},
    {"subnet-overlap", "SUBNET-OVERLAP", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <subnet name=\"two\" az=\"az2\" cidr=\"10.30.0.128/25\"/>" MARK "\n"
     "  </vpc>\n"},

    /* ---- placement (lint) ---- */
    {"tgw-attachment-az", "TGW-ATTACHMENT-AZ", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"/>\n"
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <subnet name=\"two\" az=\"az1\" cidr=\"10.30.1.0/24\"/>\n"
     "    <tgw-attachment name=\"b\" transit-gateway=\"hub\" subnets=\"one two\"/>" MARK "\n"
     "  </vpc>\n"},
    {"tgw-attachment-duplicate", "TGW-ATTACHMENT-DUPLICATE", E, 0, FALSE,
     "  <transit-gateway name=\"hub\"/>\n"
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <tgw-attachment name=\"b1\" transit-gateway=\"hub\" subnets=\"one\"/>\n"
     "    <tgw-attachment name=\"b2\" transit-gateway=\"hub\" subnets=\"one\"/>" MARK "\n"
     "  </vpc>\n",
     "DuplicateTransitGatewayAttachment"},
    {"alb-subnet-size", "ALB-SUBNET-SIZE", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/28\"/>\n"
     "    <subnet name=\"two\" az=\"az2\" cidr=\"10.30.0.16/28\"/>\n"
     "  </vpc>\n"
     "  <load-balancer name=\"lb\" type=\"alb\" vpc=\"b\" subnets=\"one two\"/>" MARK "\n"},
    {"lb-azs", "LB-AZS", E, 0, FALSE,
     "  <load-balancer name=\"lb\" type=\"alb\" vpc=\"team-a\" subnets=\"private-a\"/>" MARK "\n"},
    {"subnet-same-az", "SUBNET-SAME-AZ", E, 0, FALSE,
     "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
     "    <subnet name=\"one\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
     "    <subnet name=\"two\" az=\"az1\" cidr=\"10.30.1.0/24\"/>\n"
     "  </vpc>\n"
     "  <endpoint name=\"ecr\" vpc=\"b\" subnets=\"one two\"/>" MARK "\n"},
    {"rds-azs", "RDS-AZS", E, 0, FALSE,
     "  <rds name=\"db\" vpc=\"team-a\" subnets=\"private-a\" multi-az=\"true\"/>" MARK "\n"},
    {"msk-brokers", "MSK-BROKERS", E, 0, FALSE,
     "  <msk-cluster name=\"k\" vpc=\"team-a\" subnets=\"private-a private-b private-c\" "
     "brokers=\"4\"/>" MARK "\n",
     "e.g. 6"},

    /* ---- EKS (lint) ---- */
    {"cluster-subnets-az", "CLUSTER-SUBNETS-AZ", E, 0, FALSE,
     "  <eks-cluster name=\"c\" vpc=\"team-a\" subnets=\"private-a\"/>" MARK "\n"},
    {"eniconfig-subnet-az", "ENICONFIG-SUBNET-AZ", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"custom\">\n"
                  "      <eni-config az=\"az1\" subnet=\"private-b\"/>" MARK "\n"
                  "      <eni-config az=\"az2\" subnet=\"private-b\"/>\n"
                  "      <eni-config az=\"az3\" subnet=\"private-c\"/>\n"
                  "    </vpc-cni>\n" NODES_M5L "  </eks-cluster>\n"},
    /* custom networking, nodes in az3 and no eni-config for az3: the finding is on <vpc-cni> */
    {"eniconfig-missing", "ENICONFIG-MISSING", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"custom\">" MARK "\n"
                  "      <eni-config az=\"az1\" subnet=\"private-a\"/>\n"
                  "      <eni-config az=\"az2\" subnet=\"private-b\"/>\n"
                  "    </vpc-cni>\n"
                  "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                  "subnets=\"private-a private-b private-c\"/>\n"
                  "  </eks-cluster>\n",
     "az3"},
    /* a node group whose label names no ENIConfig: the finding is on the node group */
    {"eniconfig-label-unknown", "ENICONFIG-LABEL-UNKNOWN", E, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"custom\">\n"
                  "      <eni-config az=\"az1\" subnet=\"private-a\"/>\n"
                  "      <eni-config name=\"wide-a\" az=\"az1\" subnet=\"private-b\"/>\n"
                  "    </vpc-cni>\n"
                  "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                  "subnets=\"private-a\" eni-config=\"wide-b\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "eni-config 'wide-b'"},
    /* switching to custom networking later needs the eni-configs too */
    {"eniconfig-missing/set-cni", "ENICONFIG-MISSING", E, 0, FALSE,
     CLUSTER_OPEN "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                  "subnets=\"private-a\"/>\n"
                  "  </eks-cluster>\n"
                  "  <timeline>\n"
                  "    <at time=\"1h\"><set-cni cluster=\"c\" mode=\"custom\"/></at>" MARK "\n"
                  "  </timeline>\n",
     "from 1h on (set-cni"},
    /* a subnet the timeline creates at 5h, used by a consumer from the start */
    {"subnet-not-yet/consumer", "SUBNET-NOT-YET", E, 0, FALSE,
     "  <ip-consumer name=\"x\" vpc=\"team-a\" subnet=\"late\" count=\"1\"/>" MARK "\n"
     "  <timeline>\n"
     "    <at time=\"5h\"><add-subnet vpc=\"team-a\" name=\"late\" az=\"az1\" "
     "cidr=\"10.20.12.0/24\"/></at>\n"
     "  </timeline>\n",
     "only creates it at 5h"},
    /* custom networking switched on at 2h with an ENIConfig subnet that only comes at 5h */
    {"subnet-not-yet/set-cni", "SUBNET-NOT-YET", E, 0, FALSE,
     CLUSTER_OPEN "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                  "subnets=\"private-a\"/>\n"
                  "  </eks-cluster>\n"
                  "  <timeline>\n"
                  "    <at time=\"2h\"><set-cni cluster=\"c\" mode=\"custom\">"
                  "<eni-config az=\"az1\" subnet=\"late\"/></set-cni></at>" MARK "\n"
                  "    <at time=\"5h\"><add-subnet vpc=\"team-a\" name=\"late\" az=\"az1\" "
                  "cidr=\"10.20.12.0/24\"/></at>\n"
                  "  </timeline>\n",
     "from 2h on"},
    {"prefix-not-nitro", "PREFIX-NOT-NITRO", W, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"prefix\"/>" MARK "\n"
                  "    <node-group name=\"ng\" instance-type=\"m4.large\" "
                  "subnets=\"private-a private-b\"/>\n"
                  "  </eks-cluster>\n"},
    /* m5.large: the kubelet's default 3 x 9 + 2 = 29, the secondary ENIs serve 2 x 9 + 2 = 20 */
    {"maxpods-custom", "MAXPODS-CUSTOM", W, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"custom\">\n" ENI_CONFIGS_ABC "    </vpc-cni>\n"
                  "    <node-group name=\"ng\" instance-type=\"m5.large\" "
                  "subnets=\"private-a private-b private-c\"/>" MARK "\n"
                  "  </eks-cluster>\n",
     "kubelet max-pods 29 (the default-mode value, max-pods is not set), but under custom "
     "networking its secondary ENIs serve only 20 pods"},
    /* minimum-ip-target=10 alone holds 10 addresses; an m5.large runs up to 29 pods */
    {"warm-targets/minimum-only", "WARM-TARGETS", W, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni minimum-ip-target=\"10\"/>" MARK "\n" NODES_M5L
                  "  </eks-cluster>\n",
     "holds 10 addresses"},
    {"warm-targets/prefix-zero", "WARM-TARGETS", W, 0, FALSE,
     CLUSTER_OPEN "    <vpc-cni mode=\"prefix\" warm-prefix-target=\"0\"/>" MARK "\n" NODES_M5L
                  "  </eks-cluster>\n",
     "unsupported"},
    {"workload-no-nodes", "WORKLOAD-NO-NODES", W, 0, FALSE,
     CLUSTER_OPEN "    <workload name=\"w\" replicas=\"3\"/>" MARK "\n"
                  "  </eks-cluster>\n"},
    {"pod-too-big", "POD-TOO-BIG", W, 0, FALSE,
     CLUSTER_OPEN NODES_M5L
     "    <workload name=\"w\" replicas=\"3\" cpu=\"4\" memory=\"1Gi\"/>" MARK "\n"
     "  </eks-cluster>\n"},
    /* desired 10 is above the max of 6 the same action sets */
    {"nodegroup-size/scale-action", "NODEGROUP-SIZE", E, 0, FALSE,
     CLUSTER_OPEN NODES_M5L "  </eks-cluster>\n"
                            "  <timeline>\n"
                            "    <at time=\"1h\"><scale-node-group node-group=\"ng\" max=\"6\" "
                            "desired=\"10\"/></at>" MARK "\n"
                            "  </timeline>\n"},
    /* two node groups of up to 60,000 nodes: 120,000 > 100,000; about the whole file, line 1 */
    {"limit-nodes", "LIMIT-NODES", E, 1, FALSE,
     CLUSTER_OPEN "    <node-group name=\"g1\" instance-type=\"m5.large\" min=\"0\" max=\"60000\" "
                  "subnets=\"private-a\"/>\n"
                  "    <node-group name=\"g2\" instance-type=\"m5.large\" min=\"0\" max=\"60000\" "
                  "subnets=\"private-b\"/>\n"
                  "  </eks-cluster>\n"},
    /* 10,000,000 replicas plus the default max-surge of 25%: 12,500,000 > 10,000,000 */
    {"limit-pods", "LIMIT-PODS", E, 1, FALSE,
     CLUSTER_OPEN NODES_M5L "    <workload name=\"w\" replicas=\"10000000\"/>\n"
                            "  </eks-cluster>\n",
     "12500000"},
};

/* the line of the first MARK in text, or 0 */
static int
marked_line(const char *text)
{
    const char *mark = strstr(text, MARK);
    int line = 1;
    if (mark == NULL)
        return 0;
    for (const char *p = text; p < mark; p++)
        line += *p == '\n';
    return line;
}

static void
test_case(gconstpointer data)
{
    const LintCase *c = data;
    g_autofree char *xml = c->whole ? g_strdup(c->body) : tgw_test_wrap(c->body);
    int line = c->line > 0 ? c->line : marked_line(xml);
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    gboolean seen = FALSE;

    if (g_test_verbose())
        tgw_findings_print(findings, stdout);
    g_assert_cmpint(line, >, 0);
    tgw_test_assert_finding(findings, c->code, line);
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (!g_str_equal(f->code, c->code) || f->line != line)
            continue;
        g_assert_cmpstr(tgw_severity_name(f->severity), ==, tgw_severity_name(c->severity));
        g_assert_cmpstr(f->file, ==, "test.xml");
        if (c->in_msg != NULL && strstr(f->message, c->in_msg) == NULL)
            g_error("%s: the message '%s' does not say '%s'", c->code, f->message, c->in_msg);
        seen = TRUE;
    }
    g_assert_true(seen);
    /* an error refuses the scenario; a warning alone does not */
    if (c->severity == TGW_SEVERITY_ERROR)
        g_assert_null(sc);
    else if (!tgw_findings_has_errors(findings))
        g_assert_nonnull(sc);
}

/* more than 50 blocks is beyond what AWS allows at all: an error on the VPC */
static void
test_cidr_quota_error(void)
{
    g_autoptr(GString) body = g_string_new("  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n");
    g_autofree char *xml = NULL;
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = NULL;

    for (guint i = 0; i < 50; i++)
        g_string_append_printf(body, "    <cidr-block cidr=\"100.%u.0.0/16\"/>\n", 64 + i);
    g_string_append(body, "  </vpc>\n");
    xml = tgw_test_wrap(body->str);
    sc = tgw_test_load(xml, &findings);
    g_assert_null(sc);
    tgw_test_assert_finding(findings, "VPC-CIDR-QUOTA", 7); /* 51 blocks, on the <vpc> */
    g_assert_cmpuint(tgw_findings_count(findings, TGW_SEVERITY_ERROR), ==, 1);
}

/* ---- the association-restriction table, aws-network.md 1.2 ---------------------------------- */

typedef struct {
    const char *name;
    const char *primary;
    const char *secondary;
    gboolean allowed;
} Restriction;

static const Restriction restrictions[] = {
    /* 10.0.0.0/8: no other RFC 1918 range, but 100.64.0.0/10 and other 10/8 blocks */
    {"10-then-172", "10.30.0.0/16", "172.16.0.0/16", FALSE},
    {"10-then-192", "10.30.0.0/16", "192.168.0.0/16", FALSE},
    {"10-then-100.64", "10.30.0.0/16", "100.64.0.0/16", TRUE},
    {"10-then-10", "10.30.0.0/16", "10.31.0.0/16", TRUE},
    {"10-then-public", "10.30.0.0/16", "52.95.0.0/16", TRUE},
    /* the order matters: a 100.64.0.0/10 primary takes no RFC 1918 block afterwards */
    {"100.64-then-10", "100.64.0.0/16", "10.30.0.0/16", FALSE},
    {"100.64-then-100.65", "100.64.0.0/16", "100.65.0.0/16", TRUE},
    /* a block in 10.0.0.0/15 forbids anything from 10.0.0.0/16 */
    {"10.1-then-10.0", "10.1.0.0/16", "10.0.5.0/24", FALSE},
    {"10.2-then-10.0", "10.2.0.0/16", "10.0.5.0/24", TRUE},
    /* 172.16.0.0/12: not 172.31.0.0/16, not the other RFC 1918 ranges */
    {"172-then-172.31", "172.20.0.0/16", "172.31.0.0/16", FALSE},
    {"172-then-172.21", "172.20.0.0/16", "172.21.0.0/16", TRUE},
    {"172-then-10", "172.20.0.0/16", "10.30.0.0/16", FALSE},
    {"192-then-10", "192.168.0.0/16", "10.30.0.0/16", FALSE},
    {"192-then-100.64", "192.168.0.0/16", "100.64.0.0/16", TRUE},
    /* 198.19.0.0/16 next to anything is refused (aws-eks-best-practices#633) */
    {"10-then-198.19", "10.30.0.0/16", "198.19.0.0/16", FALSE},
    {"100.64-then-198.19", "100.64.0.0/16", "198.19.0.0/16", FALSE},
    {"public-then-198.19", "52.95.0.0/16", "198.19.0.0/16", FALSE},
    {"198.19-then-10", "198.19.0.0/16", "10.30.0.0/16", FALSE},
    {"198.19-then-100.64", "198.19.0.0/16", "100.64.0.0/16", TRUE},
    /* link-local can never be a VPC block, primary or secondary */
    {"10-then-link-local", "10.30.0.0/16", "169.254.0.0/16", FALSE},
};

static void
test_restriction(gconstpointer data)
{
    const Restriction *r = data;
    g_autofree char *body = g_strdup_printf("  <vpc name=\"b\" cidr=\"%s\">\n"
                                            "    <cidr-block cidr=\"%s\"/>\n" /* line 8 */
                                            "  </vpc>\n",
                                            r->primary, r->secondary);
    g_autofree char *xml = tgw_test_wrap(body);
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);

    if (r->allowed) {
        g_assert_nonnull(sc);
        g_assert_cmpuint(tgw_findings_len(findings), ==, 0);
    } else {
        g_assert_null(sc);
        tgw_test_assert_finding(findings, "VPC-CIDR-RESTRICTED", 8);
    }
}

static void
test_restriction_link_local_primary(void)
{
    g_autoptr(GArray) none = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    TgwCidr ll = {0xA9FE0000u, 16}; /* 169.254.0.0/16 */
    g_autofree char *why = tgw_lint_cidr_restriction(ll, none);
    g_autofree char *xml = tgw_test_wrap("  <vpc name=\"b\" cidr=\"169.254.0.0/16\"/>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);

    g_assert_nonnull(why);
    g_assert_nonnull(strstr(why, "link-local"));
    g_assert_null(sc);
    tgw_test_assert_finding(findings, "VPC-CIDR-RESTRICTED", 7);
}

/* ---- no finding where there should be none ------------------------------------------------- */

/* the same custom-networking cluster as "maxpods-custom", with max-pods as the calculator says */
static void
test_custom_with_max_pods_is_clean(void)
{
    g_autofree char *xml = tgw_test_wrap(
        CLUSTER_OPEN "    <vpc-cni mode=\"custom\">\n" ENI_CONFIGS_ABC "    </vpc-cni>\n"
                     "    <node-group name=\"ng\" instance-type=\"m5.large\" max-pods=\"20\" "
                     "subnets=\"private-a private-b private-c\"/>\n"
                     "    <node-group name=\"auto\" instance-type=\"m5.large\" max-pods=\"auto\" "
                     "subnets=\"private-a private-b private-c\"/>\n"
                     "  </eks-cluster>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);

    g_assert_nonnull(sc);
    tgw_test_assert_no_finding(findings, "MAXPODS-CUSTOM");
    g_assert_cmpuint(tgw_findings_len(findings), ==, 0);
    {
        const TgwCniDef *cni = ((TgwClusterDef *) sc->clusters->pdata[0])->cni;
        /* kubelet and CNI agree: (3 - 1) x 9 + 2 = 20, whether stated or "auto" */
        g_assert_cmpuint(tgw_node_group_kubelet_max_pods(sc->node_groups->pdata[0], cni), ==, 20);
        g_assert_cmpuint(tgw_node_group_kubelet_max_pods(sc->node_groups->pdata[1], cni), ==, 20);
        g_assert_cmpuint(tgw_node_group_cni_max_pods(sc->node_groups->pdata[0], cni), ==, 20);
    }
}

/* a small scenario that uses most of the language and has nothing wrong with it */
static void
test_clean(void)
{
    g_autofree char *xml = tgw_test_wrap(
        "  <transit-gateway name=\"hub\">\n"
        "    <route-table name=\"spokes\"/>\n"
        "    <route table=\"spokes\" cidr=\"10.255.0.0/16\" blackhole=\"true\"/>\n"
        "  </transit-gateway>\n"
        "  <vpc name=\"b\" cidr=\"10.30.0.0/16\">\n"
        "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
        "    <subnet name=\"b-1\" az=\"az1\" cidr=\"10.30.0.0/24\"/>\n"
        "    <subnet name=\"b-2\" az=\"az2\" cidr=\"10.30.1.0/24\"/>\n"
        "    <subnet name=\"pods-1\" az=\"az1\" cidr=\"100.64.0.0/18\"/>\n"
        "    <subnet name=\"pods-2\" az=\"az2\" cidr=\"100.64.64.0/18\"/>\n"
        "    <route-table name=\"rt\" subnets=\"b-1 b-2\">\n"
        "      <route cidr=\"0.0.0.0/0\" target=\"transit-gateway:hub\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"b\" transit-gateway=\"hub\" subnets=\"b-1 b-2\" "
        "associate=\"spokes\" propagate=\"spokes\"/>\n"
        "  </vpc>\n"
        "  <eks-cluster name=\"c\" vpc=\"b\" subnets=\"b-1 b-2\">\n"
        "    <vpc-cni mode=\"custom+prefix\">\n"
        "      <eni-config az=\"az1\" subnet=\"pods-1\"/>\n"
        "      <eni-config az=\"az2\" subnet=\"pods-2\"/>\n"
        "    </vpc-cni>\n"
        "    <cluster-autoscaler scale-down-utilization=\"0.6\"/>\n"
        "    <node-group name=\"ng\" instance-type=\"m5.large\" min=\"2\" max=\"6\" "
        "subnets=\"b-1 b-2\" max-pods=\"auto\"/>\n"
        "    <workload name=\"web\" replicas=\"daily(2,20,14:00)\" cpu=\"250m\" "
        "memory=\"256Mi\"/>\n"
        "    <workload name=\"batch\" arrivals=\"poisson(10/h)\" lifetime=\"exp(10m)\" "
        "cpu=\"100m\"/>\n"
        "    <workload name=\"agent\" kind=\"daemonset\" cpu=\"50m\" memory=\"64Mi\"/>\n"
        "  </eks-cluster>\n"
        "  <load-balancer name=\"alb\" type=\"alb\" vpc=\"b\" subnets=\"b-1 b-2\" "
        "scale-with=\"web\"/>\n"
        "  <timeline>\n"
        "    <at time=\"6h\"><scale workload=\"web\" replicas=\"40\"/></at>\n"
        "    <at time=\"12h\"><scale-node-group node-group=\"ng\" max=\"10\"/></at>\n"
        "  </timeline>\n"
        "  <expect name=\"clean\" findings-max-severity=\"info\"/>\n");
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);

    if (tgw_findings_len(findings) > 0)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    g_assert_cmpuint(tgw_findings_len(findings), ==, 0);
    g_assert_cmpfloat_with_epsilon(
        ((TgwClusterDef *) sc->clusters->pdata[0])->autoscaler->scale_down_utilization, 0.6, 1e-9);
}

/* ---- every code has a test ----------------------------------------------------------------- */

/* the file-level codes are tested in test-scenario.c */
static const char *const tested_elsewhere[] = {
    "FILE-EMPTY", "FILE-BINARY", "FILE-READ",  "LIMIT-FILE", "XML-PARSE",
    "XML-DTD",    "XML-ROOT",    "XML-SCHEMA", "SET-PATH",   NULL,
};
/* codes no input can produce (none today) */
static const char *const unreachable[] = {NULL};

static void
test_every_code_has_a_case(void)
{
    static const char *const sources[] = {"tgw-scenario-load.c",
                                          "tgw-scenario-load-attrs.c",
                                          "tgw-scenario-load-network.c",
                                          "tgw-scenario-load-eks.c",
                                          "tgw-scenario-load-timeline.c",
                                          "tgw-lint.c",
                                          "tgw-xml.c",
                                          "tgw-set.c"};
    g_autoptr(GRegex) re =
        g_regex_new("\"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|LIMIT)\"", G_REGEX_DEFAULT, 0, NULL);
    g_autoptr(GHashTable) covered = g_hash_table_new(g_str_hash, g_str_equal);
    guint seen = 0;

    for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
        g_hash_table_add(covered, (gpointer) cases[i].code);
    for (guint i = 0; tested_elsewhere[i] != NULL; i++)
        g_hash_table_add(covered, (gpointer) tested_elsewhere[i]);
    for (guint i = 0; unreachable[i] != NULL; i++)
        g_hash_table_add(covered, (gpointer) unreachable[i]);
    for (guint s = 0; s < G_N_ELEMENTS(sources); s++) {
        g_autofree char *path = tgw_test_source_path("model", sources[s], NULL);
        g_autofree char *text = NULL;
        g_autoptr(GMatchInfo) match = NULL;

        g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
        g_regex_match(re, text, 0, &match);
        while (g_match_info_matches(match)) {
            g_autofree char *code = g_match_info_fetch(match, 1);
            if (!g_hash_table_contains(covered, code))
                g_error("finding code %s (model/%s) has no test case in tests/test-lint.c", code,
                        sources[s]);
            seen++;
            g_match_info_next(match, NULL);
        }
    }
    g_assert_cmpuint(seen, >, 50);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/lint/%s", cases[i].name);
        g_test_add_data_func(path, &cases[i], test_case);
    }
    g_test_add_func("/lint/vpc-cidr-quota/error", test_cidr_quota_error);
    for (guint i = 0; i < G_N_ELEMENTS(restrictions); i++) {
        g_autofree char *path = g_strdup_printf("/lint/restriction/%s", restrictions[i].name);
        g_test_add_data_func(path, &restrictions[i], test_restriction);
    }
    g_test_add_func("/lint/restriction/link-local-primary", test_restriction_link_local_primary);
    g_test_add_func("/lint/custom-with-max-pods-is-clean", test_custom_with_max_pods_is_clean);
    g_test_add_func("/lint/clean", test_clean);
    g_test_add_func("/lint/every-code-has-a-case", test_every_code_has_a_case);
    return g_test_run();
}
