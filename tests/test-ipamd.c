/* test-ipamd.c: the VPC CNI's warm-pool arithmetic (tgw-ipamd-rules.h) against the documented
 * examples of ../shared/reference/vpc-cni.md, every expected number derived by hand from the
 * rule it tests (the derivation is in the comment above each check). */
#include "tgw-capacity.h"
#include "tgw-ipamd-rules.h"
#include "tgw-scenario-private.h"
#include "tgw-test-util.h"

static TgwCniDef *
cni_new(void)
{
    return tgw_cni_def_new(); /* WARM_ENI_TARGET 1, WIT/MIT 0, WARM_PREFIX_TARGET 1 */
}

static void
limits(TgwIpamdLimits *l, const char *type, const TgwCniDef *cni, TgwCniMode mode, guint max_pods)
{
    const TgwInstanceType *t = tgw_instance_lookup(type);
    g_assert_nonnull(t);
    tgw_ipamd_limits_init(l, t, cni, mode, max_pods);
}

static void
steady(const TgwIpamdLimits *l, guint pods, guint enis, guint pod_addresses)
{
    TgwIpamdSteady s;
    tgw_ipamd_steady_state(l, pods, &s);
    if (s.enis != enis || s.pod_addresses != pod_addresses)
        g_error("%u pods: expected %u ENIs and %u pod addresses, got %u and %u", pods, enis,
                pod_addresses, s.enis, s.pod_addresses);
    /* the node's address, one per secondary ENI, and the pod addresses */
    g_assert_cmpuint(s.addresses, ==, 1 + (enis - 1) + pod_addresses);
}

/* rule 15, docs/eni-and-ip-target.md: t3.small (3 ENIs x 4 addresses: 3 per ENI for pods),
 * WARM_ENI_TARGET=1. 0 pods: available must be >= 1 x 3, so the primary ENI fills: 1 ENI, 3 IPs.
 * 5 pods: total - 5 >= 3 needs total >= 8, i.e. 3 ENIs, 9 IPs. */
static void
test_warm_eni_target_t3_small(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    limits(&l, "t3.small", cni, TGW_CNI_DEFAULT, 11);
    g_assert_cmpuint(l.max_ips_per_eni, ==, 3);
    steady(&l, 0, 1, 3);
    steady(&l, 5, 3, 9);
    /* 3 pods: total - 3 >= 3 -> 6: 2 ENIs */
    steady(&l, 3, 2, 6);
}

/* rule 16: p3dn.24xlarge (49 pod addresses per ENI), WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10.
 * 0 pods: short = max(5 - 0, 0, 10 - 0) = 10 -> 10 IPs. 7 pods: with 10 IPs available is 3,
 * short = max(5 - 3, 0, 0) = 2 -> 12 IPs. 45 pods: total must reach 45 + 5 = 50: the primary ENI
 * holds 49, a second ENI 1 (the doc's "49 + 1"). */
static void
test_warm_ip_targets_p3dn(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool p = {10, 7, 0, 0};
    cni->warm_ip_target = 5;
    cni->minimum_ip_target = 10;
    limits(&l, "p3dn.24xlarge", cni, TGW_CNI_DEFAULT, 737);
    g_assert_cmpuint(l.max_ips_per_eni, ==, 49);
    steady(&l, 0, 1, 10);
    steady(&l, 7, 1, 12);
    steady(&l, 45, 2, 50);
    g_assert_cmpint(tgw_ipamd_short(&l, &p), ==, 2);
    /* the top-up asks for exactly the shortfall (rule 18) */
    g_assert_cmpuint(tgw_ipamd_top_up_amount(&l, &p), ==, 2);
}

/* rule 19, docs/prefix-and-ip-target.md: t3.small with prefixes, WARM_PREFIX_TARGET=1 (3 prefixes
 * per ENI). Low while available < 16: 0 pods -> 1 prefix; 5 -> 2 (16 - 5 = 11 < 16); 16 -> 2
 * (32 - 16 = 16); 17 -> 3; 58 -> 5 prefixes (80 - 58 = 22 >= 16, 64 - 58 = 6 < 16), on 2 ENIs. */
static void
test_prefix_delegation_t3_small(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    limits(&l, "t3.small", cni, TGW_CNI_PREFIX, 110);
    g_assert_true(l.pd);
    g_assert_cmpuint(l.max_prefixes_per_eni, ==, 3);
    steady(&l, 0, 1, 16);
    steady(&l, 5, 1, 32);
    steady(&l, 16, 1, 32);
    steady(&l, 17, 1, 48);
    steady(&l, 58, 2, 80);
}

/* aws-network.md section 3 (EKS best practices): c5.large (3 ENIs x 10: 9 pod IPs per ENI).
 * An idle node: 1 ENI, 9 IPs + its own address = 10. A node with one pod: available 8 < 9, a
 * second full ENI: 18 IPs + 2 primaries = 20. Three nodes, two CoreDNS pods: 20 + 20 + 10 = 50,
 * of which 43 idle (50 - 2 pods - 5 primaries: one per ENI). */
static void
test_best_practices_c5_large(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdSteady idle, one;
    guint total = 0, primaries = 0;
    limits(&l, "c5.large", cni, TGW_CNI_DEFAULT, 29);
    tgw_ipamd_steady_state(&l, 0, &idle);
    tgw_ipamd_steady_state(&l, 1, &one);
    g_assert_cmpuint(idle.enis, ==, 1);
    g_assert_cmpuint(idle.addresses, ==, 10);
    g_assert_cmpuint(one.enis, ==, 2);
    g_assert_cmpuint(one.addresses, ==, 20);
    total = one.addresses * 2 + idle.addresses;
    primaries = one.enis * 2 + idle.enis;
    g_assert_cmpuint(total, ==, 50);
    g_assert_cmpuint(total - 2 - primaries, ==, 43);
}

/* rules 20, 28: custom networking on m5.large (3 ENIs x 10): pods only on ENIs 2 and 3, so 18 pod
 * addresses and max pods (3 - 1) x 9 + 2 = 20 against the default 29 */
static void
test_custom_networking_m5_large(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    limits(&l, "m5.large", cni, TGW_CNI_CUSTOM, 29);
    g_assert_true(l.custom);
    g_assert_cmpuint(tgw_ipamd_addressable_pods(&l), ==, 18);
    /* 0 pods: the primary ENI is never filled, the first custom ENI is: 2 ENIs, 9 IPs */
    steady(&l, 0, 2, 9);
    /* 29 pods ask for more than the ENIs hold: 3 ENIs, 18 IPs, the rest would wait */
    steady(&l, 29, 3, 18);
}

/* rule 5: never low once total >= max pods; rule 15 with WARM_ENI_TARGET=0: low only when empty */
static void
test_is_low_edges(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool full = {29, 29, 0, 0}, empty = {9, 9, 0, 0}, some = {9, 8, 0, 0};
    limits(&l, "m5.large", cni, TGW_CNI_DEFAULT, 29);
    g_assert_false(tgw_ipamd_is_low(&l, &full));
    g_assert_true(tgw_ipamd_is_low(&l, &empty));
    cni->warm_eni_target = 0;
    g_assert_true(tgw_ipamd_is_low(&l, &empty));
    g_assert_false(tgw_ipamd_is_low(&l, &some));
}

/* rule 23: in WARM_ENI_TARGET mode single addresses never go back, however many are idle; with
 * WARM_IP_TARGET=2, MIT unset, 10 IPs and 3 pods: over = min(max(7 - 2, 0), 10 - 0) = 5 */
static void
test_decrease(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool p = {10, 3, 0, 0}, idle = {27, 0, 0, 0};
    limits(&l, "m5.large", cni, TGW_CNI_DEFAULT, 29);
    g_assert_false(tgw_ipamd_is_too_high(&l, &idle));
    cni->warm_ip_target = 2;
    g_assert_true(tgw_ipamd_is_too_high(&l, &p));
    g_assert_cmpint(tgw_ipamd_decrease_amount(&l, &p), ==, 5);
    /* MIT=9 keeps 9: over = min(5, 10 - 9) = 1 */
    cni->minimum_ip_target = 9;
    g_assert_cmpint(tgw_ipamd_decrease_amount(&l, &p), ==, 1);
}

/* rule 16 in PD: overPrefix = max(min(free, total - ceil((assigned + WIT)/16),
 * total - ceil(MIT/16)), 0); 4 prefixes, 2 free, 20 pods, WIT 5: min(2, 4 - 2, 4 - 0) = 2 */
static void
test_over_prefixes(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool p = {64, 20, 4, 2};
    cni->warm_ip_target = 5;
    limits(&l, "m5.large", cni, TGW_CNI_PREFIX, 110);
    g_assert_cmpint(tgw_ipamd_over_prefixes(&l, &p), ==, 2);
    /* WIT 13: ceil(33/16) = 3 -> min(2, 1, 4) = 1 */
    cni->warm_ip_target = 13;
    g_assert_cmpint(tgw_ipamd_over_prefixes(&l, &p), ==, 1);
}

/* rule 24: with WARM_ENI_TARGET=1 (9 per ENI) an ENI may go once 18 are available; in PD also
 * whenever a secondary ENI has no pods */
static void
test_should_remove_enis(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool p18 = {27, 9, 0, 0}, p17 = {27, 10, 0, 0};
    limits(&l, "m5.large", cni, TGW_CNI_DEFAULT, 29);
    g_assert_true(tgw_ipamd_should_remove_enis(&l, &p18, FALSE));
    g_assert_false(tgw_ipamd_should_remove_enis(&l, &p17, FALSE));
    /* PD: (1 + 1) x 144 is far off, so only the empty secondary ENI makes it true */
    limits(&l, "m5.large", cni, TGW_CNI_PREFIX, 110);
    g_assert_false(tgw_ipamd_should_remove_enis(&l, &p17, FALSE));
    g_assert_true(tgw_ipamd_should_remove_enis(&l, &p17, TRUE));
}

/* rule 21: a new ENI is created full in WARM_ENI_TARGET mode, with the shortfall (at most a full
 * ENI, none if 0) with warm-IP targets, and with the prefixes needed in PD */
static void
test_new_eni_amount(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    TgwIpamdPool p = {9, 9, 0, 0};
    limits(&l, "m5.large", cni, TGW_CNI_DEFAULT, 29);
    g_assert_cmpuint(tgw_ipamd_new_eni_amount(&l, &p), ==, 9);
    cni->warm_ip_target = 3;
    g_assert_cmpuint(tgw_ipamd_new_eni_amount(&l, &p), ==, 3);
    cni->warm_ip_target = 50;
    g_assert_cmpuint(tgw_ipamd_new_eni_amount(&l, &p), ==, 9);
    cni->warm_ip_target = 0;
    cni->warm_prefix_target = 3;
    limits(&l, "m5.large", cni, TGW_CNI_PREFIX, 110);
    /* PD without prefixes free: WPT - free = 3 */
    g_assert_cmpuint(tgw_ipamd_new_eni_amount(&l, &p), ==, 3);
}

/* rules 3 and 11: MAX_ENI caps the ENIs; prefix delegation on a Xen type (m4.large) falls back */
static void
test_limits(void)
{
    g_autoptr(TgwCniDef) cni = cni_new();
    TgwIpamdLimits l;
    cni->max_eni = 2;
    limits(&l, "m5.large", cni, TGW_CNI_DEFAULT, 29);
    g_assert_cmpuint(l.max_eni, ==, 2);
    g_assert_cmpuint(tgw_ipamd_addressable_pods(&l), ==, 18);
    cni->max_eni = 0;
    limits(&l, "m4.large", cni, TGW_CNI_PREFIX, 110);
    g_assert_false(l.pd);
    g_assert_cmpuint(l.max_ips_per_eni, ==, 9);
}

/* capacity at the pods per node the requests pack, by hand. m5.large: 1930m CPU and 6903 MiB
 * allocatable, 3 ENIs x 10 IPs, max pods 29 (the CNI addresses 27). A daemonset pod (100m,
 * 100Mi) leaves 1830m and 6803 MiB; app pods of 500m and 512Mi fit 3 by CPU (13 by memory): 4
 * pods, all with addresses. WARM_ENI_TARGET=1: the primary ENI's 9 IPs leave 5 available, under
 * one ENI's 9, so a second ENI: 1 + 9 + 1 + 9 = 20 addresses a node, 251 / 20 = 12 nodes, 48
 * pods. At max pods a node holds all 3 ENIs, 30 addresses: 251 / 30 = 8 nodes, 216 pods. */
static void
test_capacity_packed(void)
{
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(
        "<scenario version=\"1\" name=\"packed\" seed=\"1\" horizon=\"1h\">\n"
        "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
        "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"
        "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"
        "    <subnet name=\"n\" az=\"az1\" cidr=\"10.0.1.0/24\"/>\n"
        "  </vpc>\n"
        "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
        "    <node-group name=\"g\" instance-type=\"m5.large\" subnets=\"n\"/>\n"
        "    <workload name=\"app\" replicas=\"100\" cpu=\"500m\" memory=\"512Mi\"/>\n"
        "    <workload name=\"ds\" kind=\"daemonset\" cpu=\"100m\" memory=\"100Mi\"/>\n"
        "  </eks-cluster>\n"
        "</scenario>\n",
        &findings);
    g_autoptr(TgwCapacity) cap = NULL;
    const TgwCapacityGroup *g = NULL;

    g_assert_nonnull(sc);
    cap = tgw_capacity_new(sc);
    g = tgw_capacity_group(cap, sc->node_groups->pdata[0], TGW_CNI_DEFAULT);
    g_assert_cmpuint(g->pods_per_node, ==, 27);
    g_assert_cmpuint(g->full_addresses, ==, 30);
    g_assert_cmpuint(g->nodes, ==, 8);
    g_assert_cmpuint(g->pods, ==, 216);
    g_assert_cmpuint(g->daemonsets, ==, 1);
    g_assert_cmpfloat(g->mean_cpu_m, ==, 500);
    g_assert_cmpuint(g->packed_pods, ==, 4);
    g_assert_cmpuint(g->packed_addresses, ==, 20);
    g_assert_cmpuint(g->packed_nodes, ==, 12);
    g_assert_cmpuint(g->packed_total_pods, ==, 48);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipamd/warm-eni-target-t3-small", test_warm_eni_target_t3_small);
    g_test_add_func("/ipamd/warm-ip-targets-p3dn", test_warm_ip_targets_p3dn);
    g_test_add_func("/ipamd/prefix-delegation-t3-small", test_prefix_delegation_t3_small);
    g_test_add_func("/ipamd/best-practices-c5-large", test_best_practices_c5_large);
    g_test_add_func("/ipamd/custom-networking-m5-large", test_custom_networking_m5_large);
    g_test_add_func("/ipamd/is-low-edges", test_is_low_edges);
    g_test_add_func("/ipamd/decrease", test_decrease);
    g_test_add_func("/ipamd/over-prefixes", test_over_prefixes);
    g_test_add_func("/ipamd/should-remove-enis", test_should_remove_enis);
    g_test_add_func("/ipamd/new-eni-amount", test_new_eni_amount);
    g_test_add_func("/ipamd/limits", test_limits);
    g_test_add_func("/ipamd/capacity-packed", test_capacity_packed);
    return g_test_run();
}
