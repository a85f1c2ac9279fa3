/* cmd-reach.c: tgwsim reach FILE --from X --to Y | --matrix [--at TIME] [--json].
 *
 * Follows a packet hop by hop through the routing model (model/tgw-routing.h: subnet -> VPC
 * route table -> attachment -> TGW route table -> attachment -> VPC -> subnet), then its reply,
 * and says where each ended and why. --matrix does it for every ordered pair of VPCs. Text for
 * people; with --json the machine form on stdout:
 *
 *   {"from":...,"to":...,"source_subnet":...,"source":ADDR,"destination":ADDR,"snat":BOOL,
 *    "seen_source":ADDR,"disposition":...,"hops":[{"kind":...,"name":...,"route":CIDR|null,
 *    "text":...}],"reason":...,"return_disposition":...,"return_hops":[...],"return_reason":...}
 *
 *   --matrix: {"at":...,"vpcs":[NAMES],"pairs":[{"from":...,"to":...,"disposition":...,
 *    "return_disposition":...,"reason":...,"return_reason":...}]}   (from-major, document order)
 *
 * Exit status: 0 when the question was answered (whatever the answer), 1 when the scenario does
 * not load (its findings go to stderr), 2 on usage errors (unknown names included). */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-json-writer.h"
#include "tgw-routing.h"
#include "tgw-scenario-load.h"
#include "tgw-text-table.h"
#include "tgw-value.h"

/* ---- text ------------------------------------------------------------------------------------ */

/* "clause; clause; ... Reason." with the reason's first letter capitalised */
static void
print_walk(const char *label, guint32 src, guint32 dst, const GPtrArray *hops, const char *reason)
{
    char s[TGW_IPV4_STRLEN], d[TGW_IPV4_STRLEN];

    printf("%s %s -> %s: ", label, tgw_ipv4_format(src, s), tgw_ipv4_format(dst, d));
    for (guint i = 0; i < hops->len; i++) {
        const TgwHop *hop = hops->pdata[i];
        printf("%s%s", hop->text, i + 1 < hops->len ? "; " : ". ");
    }
    printf("%c%s.\n", g_ascii_toupper(reason[0]), reason + 1);
}

static void
print_text(const TgwReachResult *res)
{
    printf("%s -> %s: %s; reply: %s\n", res->from, res->to,
           tgw_reach_disposition_name(res->disposition),
           tgw_reach_disposition_name(res->return_disposition));
    print_walk("Request", res->source_addr, res->dest_addr, res->hops, res->reason);
    if (res->return_hops->len == 0)
        printf("Reply: %s.\n", res->return_reason);
    else
        print_walk("Reply", res->dest_addr, res->seen_source_addr, res->return_hops,
                   res->return_reason);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void
json_addr(TgwJsonWriter *b, const char *member, guint32 addr)
{
    char buf[TGW_IPV4_STRLEN];
    tgw_json_member_string(b, member, tgw_ipv4_format(addr, buf));
}

static void
json_hops(TgwJsonWriter *b, const char *member, const GPtrArray *hops)
{
    tgw_json_key(b, member);
    tgw_json_begin_array(b);
    for (guint i = 0; i < hops->len; i++) {
        const TgwHop *hop = hops->pdata[i];
        tgw_json_begin_object(b);
        tgw_json_member_string(b, "kind", tgw_hop_kind_name(hop->kind));
        tgw_json_member_string(b, "name", hop->name);
        tgw_json_member_string(b, "route", hop->route);
        tgw_json_member_string(b, "text", hop->text);
        tgw_json_end_object(b);
    }
    tgw_json_end_array(b);
}

static void
json_result(TgwJsonWriter *b, const TgwReachResult *res)
{
    tgw_json_begin_object(b);
    tgw_json_member_string(b, "from", res->from);
    tgw_json_member_string(b, "to", res->to);
    tgw_json_member_string(b, "source_subnet", res->source_subnet);
    json_addr(b, "source", res->source_addr);
    json_addr(b, "destination", res->dest_addr);
    tgw_json_member_bool(b, "snat", res->snat);
    json_addr(b, "seen_source", res->seen_source_addr);
    tgw_json_member_string(b, "disposition", tgw_reach_disposition_name(res->disposition));
    json_hops(b, "hops", res->hops);
    tgw_json_member_string(b, "reason", res->reason);
    tgw_json_member_string(b, "return_disposition",
                           tgw_reach_disposition_name(res->return_disposition));
    json_hops(b, "return_hops", res->return_hops);
    tgw_json_member_string(b, "return_reason", res->return_reason);
    tgw_json_end_object(b);
}

static void
print_json(TgwJsonWriter *b)
{
    fputs(tgw_json_writer_get(b), stdout);
}

/* ---- the matrix ------------------------------------------------------------------------------ */

/* results[i * n + j]: from VPC i to VPC j */
static GPtrArray *
matrix_results(const TgwRouting *routing)
{
    const TgwScenario *sc = tgw_routing_scenario(routing);
    GPtrArray *results = g_ptr_array_new_with_free_func((GDestroyNotify) tgw_reach_result_free);

    for (guint i = 0; i < sc->vpcs->len; i++) {
        for (guint j = 0; j < sc->vpcs->len; j++) {
            const TgwVpcDef *from = sc->vpcs->pdata[i], *to = sc->vpcs->pdata[j];
            /* NULL for a VPC without subnets: shown as such */
            g_ptr_array_add(results, tgw_routing_reach(routing, from->name, to->name, NULL));
        }
    }
    return results;
}

static char *
cell(const TgwReachResult *res)
{
    if (res == NULL)
        return g_strdup("(no subnet)");
    return g_strdup_printf("%s/%s", tgw_reach_disposition_name(res->disposition),
                           tgw_reach_disposition_name(res->return_disposition));
}

static void
print_matrix_text(const TgwRouting *routing, const GPtrArray *results)
{
    const TgwScenario *sc = tgw_routing_scenario(routing);
    guint n = sc->vpcs->len;
    g_autoptr(TgwTextTable) tt = tgw_text_table_new();
    g_autoptr(GPtrArray) header = g_ptr_array_new();
    gboolean any = FALSE;

    printf("Request/reply from each VPC (rows) to each VPC (columns); a VPC stands for its "
           "representative subnet.\n");
    g_ptr_array_add(header, (gpointer) "FROM \\ TO");
    for (guint j = 0; j < n; j++)
        g_ptr_array_add(header, ((const TgwVpcDef *) sc->vpcs->pdata[j])->name);
    tgw_text_table_add_row(tt, (const char *const *) header->pdata, header->len);
    for (guint i = 0; i < n; i++) {
        g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(row, g_strdup(((const TgwVpcDef *) sc->vpcs->pdata[i])->name));
        for (guint j = 0; j < n; j++)
            g_ptr_array_add(row, cell(results->pdata[i * n + j]));
        tgw_text_table_add_row(tt, (const char *const *) row->pdata, row->len);
    }
    tgw_text_table_print(tt, stdout, "");
    for (guint k = 0; k < results->len; k++) {
        const TgwReachResult *res = results->pdata[k];
        if (res == NULL || tgw_reach_result_reachable(res))
            continue;
        if (!any)
            printf("\nNot reachable:\n");
        any = TRUE;
        printf("  %s -> %s: %s", res->from, res->to, res->reason);
        if (res->return_disposition != TGW_REACH_NONE)
            printf("; reply: %s", res->return_reason);
        printf("\n");
    }
}

static void
print_matrix_json(const TgwRouting *routing, const GPtrArray *results)
{
    const TgwScenario *sc = tgw_routing_scenario(routing);
    g_autoptr(TgwJsonWriter) b = tgw_json_writer_new();
    g_autofree char *at = tgw_duration_format(tgw_routing_time(routing));
    guint n = sc->vpcs->len;

    tgw_json_begin_object(b);
    tgw_json_member_string(b, "at", at);
    tgw_json_key(b, "vpcs");
    tgw_json_begin_array(b);
    for (guint j = 0; j < n; j++)
        tgw_json_string(b, ((const TgwVpcDef *) sc->vpcs->pdata[j])->name);
    tgw_json_end_array(b);
    tgw_json_key(b, "pairs");
    tgw_json_begin_array(b);
    for (guint k = 0; k < results->len; k++) {
        const TgwReachResult *res = results->pdata[k];
        const TgwVpcDef *from = sc->vpcs->pdata[k / n], *to = sc->vpcs->pdata[k % n];
        tgw_json_begin_object(b);
        tgw_json_member_string(b, "from", from->name);
        tgw_json_member_string(b, "to", to->name);
        tgw_json_member_string(b, "disposition",
                               res != NULL ? tgw_reach_disposition_name(res->disposition) : NULL);
        tgw_json_member_string(b, "return_disposition",
                               res != NULL ? tgw_reach_disposition_name(res->return_disposition)
                                           : NULL);
        tgw_json_member_string(b, "reason", res != NULL ? res->reason : "the VPC has no subnet");
        tgw_json_member_string(b, "return_reason", res != NULL ? res->return_reason : NULL);
        tgw_json_end_object(b);
    }
    tgw_json_end_array(b);
    tgw_json_end_object(b);
    print_json(b);
}

/* ---- the command ----------------------------------------------------------------------------- */

static const char summary[] =
    "Follows a packet hop by hop: subnet -> VPC route table -> TGW attachment -> TGW\n"
    "route table -> attachment -> VPC -> subnet, then the reply back, and says where\n"
    "each ended: delivered, external (handed to a VPN / DX / Connect / peering\n"
    "attachment), exits-vpc, no-route, blackhole, no-attachment, no-attachment-in-az,\n"
    "no-association, no-subnet, wrong-vpc (arrived in another VPC using the same\n"
    "addresses), misrouted (handed to an external attachment instead of the VPC\n"
    "meant, or a reply instead of the sender), loop; a reply not traced is 'none'.\n"
    "\n"
    "--from is a VPC, VPC/SUBNET or a subnet name unique in the scenario; --to may also\n"
    "be an IPv4 address. A VPC stands for its representative subnet: the first subnet,\n"
    "in document order, inside the VPC's primary CIDR whose route table routes to a\n"
    "transit gateway (else the first subnet in the primary CIDR, else the first\n"
    "subnet). A subnet sends from and is reached at its first usable address\n"
    "(network + 4). Pod traffic (from an ENIConfig subnet under custom networking, a\n"
    "node-group subnet otherwise) leaving its VPC is SNATed to a node's primary IP in\n"
    "the same AZ unless external-snat is on or the destination is in\n"
    "exclude-snat-cidrs; the reply is routed back to that address.";

int
tgw_cmd_reach(int argc, char **argv)
{
    g_autofree char *from = NULL, *to = NULL, *at_text = NULL;
    gboolean json = FALSE, matrix = FALSE;
    gint64 at_ms = 0;
    int status = TGW_EXIT_OK;
    GOptionEntry entries[] = {
        {"from", 0, 0, G_OPTION_ARG_STRING, &from, "Where the packet starts", "VPC|SUBNET"},
        {"to", 0, 0, G_OPTION_ARG_STRING, &to, "Where it goes", "ADDRESS|VPC|SUBNET"},
        {"matrix", 0, 0, G_OPTION_ARG_NONE, &matrix, "Every VPC to every VPC", NULL},
        {"at", 0, 0, G_OPTION_ARG_STRING, &at_text,
         "The network at this simulated time, after the timeline's routing actions up to it "
         "(default 0s)",
         "TIME"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json,
         "Print JSON on stdout instead of text (\"--json -\" too)", NULL},
        {NULL},
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE --from X --to Y | --matrix - reachability with the return path");
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(TgwRouting) routing = NULL;
    g_autoptr(GError) error = NULL;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(context, summary);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (matrix == (from != NULL || to != NULL) || (!matrix && (from == NULL || to == NULL)))
        return tgw_cmd_usage_error("reach", "give either --from and --to, or --matrix");
    status = tgw_cmd_routing_prepare("reach", json, argc, argv, at_text, &at_ms, &sc);
    if (status != TGW_EXIT_OK)
        return status;
    routing = tgw_routing_new(sc, at_ms);
    if (matrix) {
        g_autoptr(GPtrArray) results = matrix_results(routing);
        if (json)
            print_matrix_json(routing, results);
        else
            print_matrix_text(routing, results);
        return TGW_EXIT_OK;
    }
    {
        g_autoptr(TgwReachResult) res = tgw_routing_reach(routing, from, to, &error);
        if (res == NULL)
            return tgw_cmd_usage_error("reach", error->message);
        if (json) {
            g_autoptr(TgwJsonWriter) b = tgw_json_writer_new();
            json_result(b, res);
            print_json(b);
        } else {
            print_text(res);
        }
    }
    return TGW_EXIT_OK;
}
