/* cmd-capacity.c: tgwsim capacity FILE — static capacity per subnet, node group and CNI mode.
 *
 * No simulation: usable addresses, what the declared consumers take, max pods and the warm-pool
 * steady state per node, and the pods each node group could run before the first subnet runs
 * dry, in every CNI mode (or the one given with --cni). */
#include <stdio.h>

#include "tgw-capacity.h"
#include "tgw-cmd.h"
#include "tgw-scenario-load.h"

/* the same node group at the pods per node its workloads' requests pack: usually fewer pods per
 * node than max pods, so fewer addresses per node and more nodes before a subnet runs dry */
static void
print_packed(const TgwCapacity *cap, const TgwNodeGroupDef *ng, gboolean one_mode, TgwCniMode only)
{
    const TgwCapacityGroup *any = tgw_capacity_group(cap, ng, TGW_CNI_DEFAULT);
    g_autofree char *mem = NULL;

    if (any == NULL)
        return;
    if (any->mean_cpu_m <= 0 && any->mean_memory_bytes <= 0) {
        printf("  (no workload on it requests CPU or memory: the table above is also how it "
               "packs)\n");
        return;
    }
    mem = g_format_size_full((guint64) any->mean_memory_bytes, G_FORMAT_SIZE_IEC_UNITS);
    printf("  packed: the nodes the workloads' requests fill (%.0fm CPU and %s per pod on average, "
           "%u daemonset pod%s per node)\n",
           any->mean_cpu_m, mem, any->daemonsets, any->daemonsets == 1 ? "" : "s");
    printf("  %-14s %8s %12s %8s %9s  %s\n", "mode", "pods", "node holds", "nodes", "pods",
           "first to run dry");
    for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
        const TgwCapacityGroup *g = tgw_capacity_group(cap, ng, (TgwCniMode) m);
        if (g == NULL || (one_mode && (TgwCniMode) m != only))
            continue;
        printf("  %-14s %8u %9u ad. %8" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT "  %s\n",
               tgw_cni_mode_name((TgwCniMode) m), g->packed_pods, g->packed_addresses,
               g->packed_nodes, g->packed_total_pods,
               g->packed_limiting != NULL ? g->packed_limiting->name : "-");
    }
}

static void
print_capacity(const TgwScenario *sc, const TgwCapacity *cap, gboolean one_mode, TgwCniMode only)
{
    printf("%-28s %-12s %-18s %7s %9s %7s\n", "subnet", "az", "cidr", "usable", "consumers",
           "free");
    for (guint i = 0; i < cap->subnets->len; i++) {
        const TgwCapacitySubnet *s = &g_array_index(cap->subnets, TgwCapacitySubnet, i);
        g_autofree char *name = g_strdup_printf("%s/%s", s->def->vpc->name, s->def->name);
        g_autofree char *cidr = tgw_cidr_to_string(s->def->cidr);
        printf("%-28s %-12s %-18s %7" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT
               "\n",
               name, s->def->az, cidr, s->usable, s->consumers,
               s->usable > s->consumers ? s->usable - s->consumers : 0);
    }
    for (guint i = 0; i < sc->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[i];
        printf("\nnode group %s/%s (%s, subnets", ng->cluster->name, ng->name, ng->instance_type);
        for (guint k = 0; k < ng->subnets->len; k++)
            printf(" %s", ((TgwSubnetDef *) ng->subnets->pdata[k])->name);
        printf(", at most %u nodes):\n", ng->max);
        printf("  at max pods: every node full\n");
        printf("  %-14s %8s %11s %12s %12s %8s %9s  %s\n", "mode", "max pods", "addressable",
               "idle node", "full node", "nodes", "pods", "first to run dry");
        for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
            const TgwCapacityGroup *g = tgw_capacity_group(cap, ng, (TgwCniMode) m);
            if (g == NULL || (one_mode && (TgwCniMode) m != only))
                continue;
            printf("  %-14s %8u %11u %9u ad. %9u ad. %8" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT
                   "  %s\n",
                   tgw_cni_mode_name((TgwCniMode) m), g->kubelet_max_pods, g->addressable_pods,
                   g->idle_addresses, g->full_addresses, g->nodes, g->pods,
                   g->limiting != NULL ? g->limiting->name : "-");
        }
        print_packed(cap, ng, one_mode, only);
    }
    printf("\nusable pod addresses (the subnets pods take addresses from):\n");
    for (guint m = 0; m < TGW_CNI_MODE_COUNT; m++) {
        if (one_mode && (TgwCniMode) m != only)
            continue;
        printf("  %-14s %9" G_GUINT64_FORMAT, tgw_cni_mode_name((TgwCniMode) m),
               cap->pod_addresses[m]);
        if (m > 0 && cap->pod_addresses[0] > 0)
            printf("  (%.1fx the default mode)",
                   (double) cap->pod_addresses[m] / (double) cap->pod_addresses[0]);
        printf("\n");
    }
}

int
tgw_cmd_capacity(int argc, char **argv)
{
    g_autofree char *cni = NULL;
    g_auto(GStrv) sets = NULL;
    GOptionEntry entries[] = {
        {"cni", 0, 0, G_OPTION_ARG_STRING, &cni, "Only this CNI mode", "MODE"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override an attribute (as run does)",
         "PATH=VALUE"},
        {NULL}};
    TgwLoadOptions load = {NULL, FALSE};
    g_autoptr(GOptionContext) context = g_option_context_new("FILE - static capacity of a design");
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(TgwCapacity) cap = NULL;
    TgwCniMode mode = TGW_CNI_DEFAULT;

    g_option_context_add_main_entries(context, entries, NULL);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 2)
        return tgw_cmd_usage_error("capacity", "give exactly one scenario file");
    if (cni != NULL && !tgw_cni_mode_parse(cni, &mode))
        return tgw_cmd_usage_error("capacity",
                                   "--cni takes default, custom, prefix or custom+prefix");
    load.overrides = (const char *const *) sets;
    sc = tgw_scenario_load_file(argv[1], &load, findings);
    tgw_findings_print(findings, stderr);
    if (sc == NULL)
        return TGW_EXIT_FAIL;
    cap = tgw_capacity_new(sc);
    print_capacity(sc, cap, cni != NULL, mode);
    return TGW_EXIT_OK;
}
