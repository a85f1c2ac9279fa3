/* cmd-routes.c: tgwsim routes FILE [--tgw NAME] [--at TIME] [--json] — effective route tables.
 *
 * Prints every TGW route table with its effective routes (installed ones and, for each prefix,
 * the routes they shadow), then every VPC route table with its local and explicit routes, as
 * the routing model (model/tgw-routing.h) computes them at the given simulated time. Text for
 * people, or with --json the machine form on stdout:
 *
 *   {"at":"0s","transit_gateways":[{"name":...,"route_tables":[{"name":...,"associations":[...],
 *     "propagations":[...],"routes":[{"cidr":...,"type":"static|propagated","target":NAME|null,
 *     "state":"active|blackhole|shadowed","shadowed_by":null|{"type":...,"target":...}}]}]}],
 *    "vpcs":[{"name":...,"cidr_blocks":[...],"route_tables":[{"name":...,"main":BOOL,
 *     "subnets":[...],"routes":[{"cidr":...,"target":"local|transit-gateway:NAME|...",
 *     "state":"active|blackhole|invalid"}]}]}]}
 *
 * Everything is in document order (tables, VPCs) or CIDR order (routes); never hash order.
 * Exit status: 0, 1 when the scenario does not load (its findings go to stderr), 2 on usage. */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-json-writer.h"
#include "tgw-routing.h"
#include "tgw-scenario-load.h"
#include "tgw-text-table.h"
#include "tgw-value.h"

typedef struct {
    const TgwRouting *routing;
    const TgwTgwDef *only; /* --tgw, or NULL */
} Report;

static char *
names_joined(const GPtrArray *attachments)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < attachments->len; i++) {
        const TgwAttachmentDef *a = attachments->pdata[i];
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "", a->name);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static char *
subnets_joined(const GPtrArray *subnets)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetDef *sn = subnets->pdata[i];
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "", sn->name);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* the VPCs shown: all, or with --tgw those with an attachment to it */
static gboolean
vpc_shown(const Report *rep, const TgwVpcDef *vpc)
{
    if (rep->only == NULL)
        return TRUE;
    for (guint i = 0; i < vpc->attachments->len; i++) {
        const TgwAttachmentDef *a = vpc->attachments->pdata[i];
        if (a->tgw == rep->only)
            return TRUE;
    }
    return FALSE;
}

/* an implicit main table nobody uses is noise: AWS creates it, the scenario never mentions it */
static gboolean
vpc_table_shown(const Report *rep, const TgwVpcTableDef *table)
{
    return table->line > 0 || tgw_routing_vpc_table_subnets(rep->routing, table)->len > 0;
}

/* ---- text ------------------------------------------------------------------------------------ */

static char *
route_state_text(const TgwRoute *route)
{
    const TgwRoute *by = route->shadowed_by;
    if (route->state != TGW_ROUTE_SHADOWED || by == NULL)
        return g_strdup(tgw_route_state_name(route->state));
    if (by->target == NULL)
        return g_strdup_printf("shadowed by %s blackhole route", tgw_route_type_name(by->type));
    return g_strdup_printf("shadowed by %s route to %s", tgw_route_type_name(by->type),
                           by->target->name);
}

static void
print_tgw_table(const Report *rep, const TgwTgwTableDef *table)
{
    const GPtrArray *routes = tgw_routing_table_routes(rep->routing, table);
    g_autofree char *assoc = names_joined(tgw_routing_table_associations(rep->routing, table));
    g_autofree char *prop = names_joined(tgw_routing_table_propagations(rep->routing, table));
    g_autoptr(TgwTextTable) tt = tgw_text_table_new();

    printf("  Route table %s\n", table->name);
    printf("    associated: %s\n", *assoc != '\0' ? assoc : "(none)");
    printf("    propagating: %s\n", *prop != '\0' ? prop : "(none)");
    if (routes->len == 0) {
        printf("    (no routes)\n");
        return;
    }
    tgw_text_table_add(tt, "CIDR", "TYPE", "TARGET", "STATE", NULL);
    for (guint i = 0; i < routes->len; i++) {
        const TgwRoute *route = routes->pdata[i];
        g_autofree char *cidr = tgw_cidr_to_string(route->cidr);
        g_autofree char *state = route_state_text(route);
        tgw_text_table_add(tt, cidr, tgw_route_type_name(route->type),
                           route->target != NULL ? route->target->name : "-", state, NULL);
    }
    tgw_text_table_print(tt, stdout, "    ");
}

static void
print_vpc_table(const Report *rep, const TgwVpcTableDef *table)
{
    const GPtrArray *routes = tgw_routing_vpc_table_routes(rep->routing, table);
    g_autofree char *subnets = subnets_joined(tgw_routing_vpc_table_subnets(rep->routing, table));
    g_autoptr(TgwTextTable) tt = tgw_text_table_new();

    printf("  Route table %s%s\n", table->name,
           table->main ? (table->line > 0 ? " (main)" : " (main, implicit)") : "");
    printf("    subnets: %s\n", *subnets != '\0' ? subnets : "(none)");
    tgw_text_table_add(tt, "CIDR", "TARGET", "STATE", NULL);
    for (guint i = 0; i < routes->len; i++) {
        const TgwVpcRoute *route = routes->pdata[i];
        g_autofree char *cidr = tgw_cidr_to_string(route->cidr);
        g_autofree char *target = tgw_vpc_route_target_string(route);
        tgw_text_table_add(tt, cidr, target, tgw_vpc_route_state_name(route->state), NULL);
    }
    tgw_text_table_print(tt, stdout, "    ");
}

static char *
vpc_blocks(const TgwRouting *routing, const TgwVpcDef *vpc)
{
    g_autoptr(GString) s = g_string_new(NULL);
    char buf[TGW_CIDR_STRLEN];
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (tgw_routing_block_present(routing, b))
            g_string_append_printf(s, "%s%s", s->len > 0 ? ", " : "",
                                   tgw_cidr_format(b->cidr, buf));
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static void
print_text(const Report *rep)
{
    const TgwScenario *sc = tgw_routing_scenario(rep->routing);
    gboolean first = TRUE;

    for (guint t = 0; t < sc->tgws->len; t++) {
        const TgwTgwDef *tgw = sc->tgws->pdata[t];
        if (rep->only != NULL && tgw != rep->only)
            continue;
        printf("%sTransit gateway %s\n", first ? "" : "\n", tgw->name);
        first = FALSE;
        for (guint i = 0; i < tgw->tables->len; i++)
            print_tgw_table(rep, tgw->tables->pdata[i]);
    }
    for (guint v = 0; v < sc->vpcs->len; v++) {
        const TgwVpcDef *vpc = sc->vpcs->pdata[v];
        g_autofree char *blocks = NULL;
        if (!vpc_shown(rep, vpc))
            continue;
        blocks = vpc_blocks(rep->routing, vpc);
        printf("%sVPC %s (%s)\n", first ? "" : "\n", vpc->name, blocks);
        first = FALSE;
        for (guint i = 0; i < vpc->tables->len; i++) {
            if (vpc_table_shown(rep, vpc->tables->pdata[i]))
                print_vpc_table(rep, vpc->tables->pdata[i]);
        }
    }
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void
json_names(TgwJsonWriter *b, const char *member, const GPtrArray *attachments)
{
    tgw_json_key(b, member);
    tgw_json_begin_array(b);
    for (guint i = 0; i < attachments->len; i++)
        tgw_json_string(b, ((const TgwAttachmentDef *) attachments->pdata[i])->name);
    tgw_json_end_array(b);
}

static void
json_target(TgwJsonWriter *b, const TgwAttachmentDef *target)
{
    tgw_json_key(b, "target");
    if (target != NULL)
        tgw_json_string(b, target->name);
    else
        tgw_json_null(b);
}

static void
json_tgw_route(TgwJsonWriter *b, const TgwRoute *route)
{
    g_autofree char *cidr = tgw_cidr_to_string(route->cidr);

    tgw_json_begin_object(b);
    tgw_json_member_string(b, "cidr", cidr);
    tgw_json_member_string(b, "type", tgw_route_type_name(route->type));
    json_target(b, route->target);
    tgw_json_member_string(b, "state", tgw_route_state_name(route->state));
    tgw_json_key(b, "shadowed_by");
    if (route->shadowed_by != NULL) {
        tgw_json_begin_object(b);
        tgw_json_member_string(b, "type", tgw_route_type_name(route->shadowed_by->type));
        json_target(b, route->shadowed_by->target);
        tgw_json_end_object(b);
    } else {
        tgw_json_null(b);
    }
    tgw_json_end_object(b);
}

static void
json_tgw(TgwJsonWriter *b, const Report *rep, const TgwTgwDef *tgw)
{
    tgw_json_begin_object(b);
    tgw_json_member_string(b, "name", tgw->name);
    tgw_json_key(b, "route_tables");
    tgw_json_begin_array(b);
    for (guint i = 0; i < tgw->tables->len; i++) {
        const TgwTgwTableDef *table = tgw->tables->pdata[i];
        const GPtrArray *routes = tgw_routing_table_routes(rep->routing, table);
        tgw_json_begin_object(b);
        tgw_json_member_string(b, "name", table->name);
        json_names(b, "associations", tgw_routing_table_associations(rep->routing, table));
        json_names(b, "propagations", tgw_routing_table_propagations(rep->routing, table));
        tgw_json_key(b, "routes");
        tgw_json_begin_array(b);
        for (guint r = 0; r < routes->len; r++)
            json_tgw_route(b, routes->pdata[r]);
        tgw_json_end_array(b);
        tgw_json_end_object(b);
    }
    tgw_json_end_array(b);
    tgw_json_end_object(b);
}

static void
json_vpc_table(TgwJsonWriter *b, const Report *rep, const TgwVpcTableDef *table)
{
    const GPtrArray *routes = tgw_routing_vpc_table_routes(rep->routing, table);
    const GPtrArray *subnets = tgw_routing_vpc_table_subnets(rep->routing, table);

    tgw_json_begin_object(b);
    tgw_json_member_string(b, "name", table->name);
    tgw_json_member_bool(b, "main", table->main);
    tgw_json_key(b, "subnets");
    tgw_json_begin_array(b);
    for (guint i = 0; i < subnets->len; i++)
        tgw_json_string(b, ((const TgwSubnetDef *) subnets->pdata[i])->name);
    tgw_json_end_array(b);
    tgw_json_key(b, "routes");
    tgw_json_begin_array(b);
    for (guint i = 0; i < routes->len; i++) {
        const TgwVpcRoute *route = routes->pdata[i];
        g_autofree char *cidr = tgw_cidr_to_string(route->cidr);
        g_autofree char *target = tgw_vpc_route_target_string(route);
        tgw_json_begin_object(b);
        tgw_json_member_string(b, "cidr", cidr);
        tgw_json_member_string(b, "target", target);
        tgw_json_member_string(b, "state", tgw_vpc_route_state_name(route->state));
        tgw_json_end_object(b);
    }
    tgw_json_end_array(b);
    tgw_json_end_object(b);
}

static void
json_vpc(TgwJsonWriter *b, const Report *rep, const TgwVpcDef *vpc)
{
    char buf[TGW_CIDR_STRLEN];

    tgw_json_begin_object(b);
    tgw_json_member_string(b, "name", vpc->name);
    tgw_json_key(b, "cidr_blocks");
    tgw_json_begin_array(b);
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *block = vpc->cidr_blocks->pdata[i];
        if (tgw_routing_block_present(rep->routing, block))
            tgw_json_string(b, tgw_cidr_format(block->cidr, buf));
    }
    tgw_json_end_array(b);
    tgw_json_key(b, "route_tables");
    tgw_json_begin_array(b);
    for (guint i = 0; i < vpc->tables->len; i++) {
        if (vpc_table_shown(rep, vpc->tables->pdata[i]))
            json_vpc_table(b, rep, vpc->tables->pdata[i]);
    }
    tgw_json_end_array(b);
    tgw_json_end_object(b);
}

static void
print_json(const Report *rep)
{
    const TgwScenario *sc = tgw_routing_scenario(rep->routing);
    g_autoptr(TgwJsonWriter) b = tgw_json_writer_new();
    g_autofree char *at = tgw_duration_format(tgw_routing_time(rep->routing));

    tgw_json_begin_object(b);
    tgw_json_member_string(b, "at", at);
    tgw_json_key(b, "transit_gateways");
    tgw_json_begin_array(b);
    for (guint t = 0; t < sc->tgws->len; t++) {
        if (rep->only == NULL || sc->tgws->pdata[t] == rep->only)
            json_tgw(b, rep, sc->tgws->pdata[t]);
    }
    tgw_json_end_array(b);
    tgw_json_key(b, "vpcs");
    tgw_json_begin_array(b);
    for (guint v = 0; v < sc->vpcs->len; v++) {
        if (vpc_shown(rep, sc->vpcs->pdata[v]))
            json_vpc(b, rep, sc->vpcs->pdata[v]);
    }
    tgw_json_end_array(b);
    tgw_json_end_object(b);
    fputs(tgw_json_writer_get(b), stdout);
}

/* ---- the command ----------------------------------------------------------------------------- */

int
tgw_cmd_routes(int argc, char **argv)
{
    g_autofree char *tgw_name = NULL, *at_text = NULL;
    gboolean json = FALSE;
    gint64 at_ms = 0;
    int status = TGW_EXIT_OK;
    GOptionEntry entries[] = {
        {"tgw", 0, 0, G_OPTION_ARG_STRING, &tgw_name,
         "Only this transit gateway (and the VPCs "
         "attached to it)",
         "NAME"},
        {"at", 0, 0, G_OPTION_ARG_STRING, &at_text,
         "The network at this simulated time, after the timeline's routing actions up to it "
         "(default 0s)",
         "TIME"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json,
         "Print JSON on stdout instead of text (\"--json -\" too)", NULL},
        {NULL},
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE - effective TGW and VPC route tables");
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(TgwRouting) routing = NULL;
    Report rep = {NULL, NULL};

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_summary(
        context, "Prints every transit gateway route table with its effective routes: CIDR, "
                 "static or\npropagated, target attachment (or blackhole), and state: active, "
                 "blackhole, or\nshadowed (not installed: an identical CIDR from a route that "
                 "wins, e.g. a VPC\nattached earlier), then every VPC route table with its local "
                 "routes.");
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    status = tgw_cmd_routing_prepare("routes", json, argc, argv, at_text, &at_ms, &sc);
    if (status != TGW_EXIT_OK)
        return status;
    if (tgw_name != NULL) {
        rep.only = tgw_scenario_find_tgw(sc, tgw_name);
        if (rep.only == NULL) {
            g_autofree char *msg = g_strdup_printf("no transit gateway named '%s'", tgw_name);
            return tgw_cmd_usage_error("routes", msg);
        }
    }
    routing = tgw_routing_new(sc, at_ms);
    rep.routing = routing;
    if (json)
        print_json(&rep);
    else
        print_text(&rep);
    return TGW_EXIT_OK;
}
