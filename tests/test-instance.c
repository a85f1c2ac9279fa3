/* test-instance.c: the instance table and max pods (vpc-cni.md rules 1-3, 11, 28). */
#include <stdio.h>
#include <string.h>

#include "tgw-instance.h"
#include "tgw-test-util.h"

static guint
max_pods(const char *type, gboolean custom, gboolean prefix, guint max_eni, gboolean cap)
{
    const TgwInstanceType *t = tgw_instance_lookup(type);
    TgwMaxPodsOptions o = {custom, prefix, max_eni, cap};
    g_assert_nonnull(t);
    return tgw_instance_max_pods(t, &o, NULL);
}

/* every one of the 1,391 types equals the VPC CNI's eni-max-pods.txt */
static void
test_matches_eni_max_pods(void)
{
    g_autofree char *path = tgw_test_source_path("tests", "data", "eni-max-pods.txt", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    guint checked = 0, n_types = 0;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char type[64];
        guint expected = 0;
        if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
        g_assert_cmpint(sscanf(lines[i], "%63s %u", type, &expected), ==, 2);
        g_assert_cmpuint(max_pods(type, FALSE, FALSE, 0, FALSE), ==, expected);
        checked++;
    }
    tgw_instance_all(&n_types);
    g_assert_cmpuint(checked, ==, 1391);
    g_assert_cmpuint(n_types, ==, 1391);
}

/* rule 28 worked by hand: m5.large has 3 ENIs of 10 addresses */
static void
test_formula(void)
{
    g_assert_cmpuint(max_pods("m5.large", FALSE, FALSE, 0, FALSE), ==, 29); /* 3*9+2 */
    g_assert_cmpuint(max_pods("m5.large", TRUE, FALSE, 0, FALSE), ==, 20);  /* 2*9+2 */
    g_assert_cmpuint(max_pods("m5.large", FALSE, TRUE, 0, FALSE), ==, 434); /* 3*9*16+2 */
    g_assert_cmpuint(max_pods("m5.large", FALSE, TRUE, 0, TRUE), ==, 110);  /* 2 vCPUs: 110 */
    g_assert_cmpuint(max_pods("m5.large", TRUE, TRUE, 0, FALSE), ==, 290);  /* 2*9*16+2 */
    g_assert_cmpuint(max_pods("t3.small", FALSE, FALSE, 0, FALSE), ==, 11); /* 3*3+2 */
    g_assert_cmpuint(max_pods("m5.large", FALSE, FALSE, 2, FALSE), ==, 20); /* MAX_ENI=2: 2*9+2 */
    g_assert_cmpuint(max_pods("m5.large", FALSE, FALSE, 9, FALSE), ==,
                     29); /* MAX_ENI above limit */
    /* m5.24xlarge: 15 ENIs of 50 -> 737; 96 vCPUs so the cap is 250 */
    g_assert_cmpuint(max_pods("m5.24xlarge", FALSE, FALSE, 0, FALSE), ==, 737);
    g_assert_cmpuint(max_pods("m5.24xlarge", FALSE, FALSE, 0, TRUE), ==, 250);
    /* m5.4xlarge has 16 vCPUs: 8*29+2 = 234, capped at 110 */
    g_assert_cmpuint(max_pods("m5.4xlarge", FALSE, FALSE, 0, TRUE), ==, 110);
}

/* rule 11: prefix delegation is only honoured on Nitro; m4.large is Xen */
static void
test_prefix_needs_nitro(void)
{
    const TgwInstanceType *t = tgw_instance_lookup("m4.large");
    g_autofree char *how = NULL;
    TgwMaxPodsOptions o = {FALSE, TRUE, 0, FALSE};
    g_assert_nonnull(t);
    g_assert_false(t->nitro);
    /* 2 ENIs of 10: 2*9+2 = 20, no x16 */
    g_assert_cmpuint(tgw_instance_max_pods(t, &o, &how), ==, 20);
    g_assert_nonnull(strstr(how, "needs a Nitro instance"));
}

static void
test_lookup(void)
{
    const TgwInstanceType *t = tgw_instance_lookup("m5.xlarge");
    g_assert_nonnull(t);
    g_assert_cmpuint(t->max_enis, ==, 4);
    g_assert_cmpuint(t->ipv4_per_eni, ==, 15);
    g_assert_cmpuint(t->vcpus, ==, 4);
    g_assert_cmpint(t->alloc_cpu_m, ==, 3920);
    g_assert_cmpint(t->alloc_mem_mib, ==, 14162);
    g_assert_null(tgw_instance_lookup("m5.hugelarge"));
    g_assert_cmpstr(tgw_instance_suggest("m5.xlarg"), ==, "m5.xlarge");
    /* c7i.32xlarge has ENI limits but no allocatable figures */
    t = tgw_instance_lookup("c7i.32xlarge");
    g_assert_nonnull(t);
    g_assert_cmpint(t->alloc_cpu_m, ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/instance/matches-eni-max-pods", test_matches_eni_max_pods);
    g_test_add_func("/instance/formula", test_formula);
    g_test_add_func("/instance/prefix-needs-nitro", test_prefix_needs_nitro);
    g_test_add_func("/instance/lookup", test_lookup);
    return g_test_run();
}
