/* cmd-generate.c: tgwsim generate a|b|c — the benchmark designs as scenario XML on stdout. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-generate.h"

int
tgw_cmd_generate(int argc, char **argv)
{
    gint nodes = 1000, pods = 20000, vpcs = 500, attachments = 5000;
    g_autofree char *horizon = NULL;
    GOptionEntry entries[] = {
        {"nodes", 0, 0, G_OPTION_ARG_INT, &nodes, "Point a: nodes (1000)", "N"},
        {"pods", 0, 0, G_OPTION_ARG_INT, &pods, "Point a: pods (20000)", "M"},
        {"vpcs", 0, 0, G_OPTION_ARG_INT, &vpcs, "Point b: VPCs (500)", "K"},
        {"attachments", 0, 0, G_OPTION_ARG_INT, &attachments, "Point c: attachments (5000)", "A"},
        {"horizon", 0, 0, G_OPTION_ARG_STRING, &horizon, "Horizon (a: 30d, b: 90d)", "D"},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("a|b|c - write a benchmark scenario to stdout");
    g_autofree char *xml = NULL;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(
        context, "a: one cluster of m5.4xlarge nodes with churning pods, custom "
                 "networking\nb: many small VPCs on one TGW, each with a small "
                 "cluster\nc: a TGW with thousands of VPC attachments (routes, reach)");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 2)
        return tgw_cmd_usage_error("generate", "name one point: a, b or c");
    if (nodes < 1 || nodes > 100000 || pods < 20 || pods > 10000000 || vpcs < 1 || vpcs > 16000 ||
        attachments < 1 || attachments > 62500)
        return tgw_cmd_usage_error("generate", "a size is out of range");
    if (g_str_equal(argv[1], "a"))
        xml = tgw_generate_point_a((guint) nodes, (guint) pods, horizon != NULL ? horizon : "30d");
    else if (g_str_equal(argv[1], "b"))
        xml = tgw_generate_point_b((guint) vpcs, horizon != NULL ? horizon : "90d");
    else if (g_str_equal(argv[1], "c"))
        xml = tgw_generate_point_c((guint) attachments);
    else
        return tgw_cmd_usage_error("generate", "the points are a, b and c");
    fputs(xml, stdout);
    return TGW_EXIT_OK;
}
