/* cmd-maxpods.c: tgwsim maxpods TYPE|--all — the VPC CNI's max pods for an instance type.
 *
 * ENIs x (IPv4 per ENI - 1) + 2 (vpc-cni.md rule 28); --custom drops the primary ENI, --prefix
 * counts /28 prefixes (Nitro only), --max-eni caps the ENIs, --cap applies the EKS
 * recommendation (110, or 250 above 30 vCPUs). Without flags --all equals the VPC CNI's
 * eni-max-pods.txt for every type. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-instance.h"

int
tgw_cmd_maxpods(int argc, char **argv)
{
    gboolean all = FALSE, custom = FALSE, prefix = FALSE, cap = FALSE;
    gint max_eni = 0;
    GOptionEntry entries[] = {
        {"all", 0, 0, G_OPTION_ARG_NONE, &all, "Every known type, sorted by name", NULL},
        {"custom", 0, 0, G_OPTION_ARG_NONE, &custom, "Custom networking (primary ENI unused)",
         NULL},
        {"prefix", 0, 0, G_OPTION_ARG_NONE, &prefix, "Prefix delegation (/28 per slot)", NULL},
        {"max-eni", 0, 0, G_OPTION_ARG_INT, &max_eni, "MAX_ENI", "N"},
        {"cap", 0, 0, G_OPTION_ARG_NONE, &cap, "EKS cap: 110, or 250 above 30 vCPUs", NULL},
        {NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new("TYPE|--all - max pods per node");
    TgwMaxPodsOptions opts = {0};

    g_option_context_add_main_entries(context, entries, NULL);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (max_eni < 0 || max_eni > 1000)
        return tgw_cmd_usage_error("maxpods", "--max-eni takes 1 to 1000");
    if (all == (argc == 2) || argc > 2)
        return tgw_cmd_usage_error("maxpods", "give one instance type, or --all");
    opts = (TgwMaxPodsOptions){custom, prefix, (guint) max_eni, cap};
    if (all) {
        guint n = 0;
        const TgwInstanceType *const *types = tgw_instance_all(&n);
        for (guint i = 0; i < n; i++)
            printf("%s %u\n", types[i]->name, tgw_instance_max_pods(types[i], &opts, NULL));
        return TGW_EXIT_OK;
    }
    {
        const TgwInstanceType *type = tgw_instance_lookup(argv[1]);
        g_autofree char *how = NULL;
        guint pods = 0;
        if (type == NULL) {
            const char *best = tgw_instance_suggest(argv[1]);
            fprintf(stderr, "tgwsim maxpods: '%s' is not a known instance type%s%s%s\n", argv[1],
                    best != NULL ? "; did you mean '" : "", best != NULL ? best : "",
                    best != NULL ? "'?" : "");
            return TGW_EXIT_FAIL;
        }
        pods = tgw_instance_max_pods(type, &opts, &how);
        printf("%u\n%s: %s\n", pods, type->name, how);
    }
    return TGW_EXIT_OK;
}
