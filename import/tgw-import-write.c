/* tgw-import-write.c: the scenario document from the resources the Terraform reader found.
 *
 * Names first (every element that another refers to gets its name before anything is written),
 * then the checks that make an import an error rather than a wrong scenario (a subnet outside its
 * VPC, a subnet whose VPC is not in the input), then the document: transit gateways with their
 * route tables and static routes, VPCs with blocks, subnets, route tables and TGW attachments,
 * EKS clusters with the VPC CNI add-on's settings, ENIConfigs, node groups and a placeholder
 * workload each, then the address consumers. Whatever cannot be mapped is a comment in place. */
#include <string.h>

#include <libxml/tree.h>

#include "tgw-cidr.h"
#include "tgw-import-doc.h"
#include "tgw-import-private.h"
#include "tgw-instance.h"
#include "tgw-json-read.h"

typedef struct {
    Res *vpc;
    TgwCidr cidr;
    const char *az;      /* availability_zone_id, else availability_zone */
    const char *az_name; /* availability_zone, else the ID */
} SubInfo;

typedef struct {
    Res *subnet;
    Res *vpc; /* NULL when not known either */
    char *why;
} Dropped;

typedef struct {
    Imp *imp;
    ImpDoc doc;
    GHashTable *subnets; /* Res* (aws_subnet) -> SubInfo*, the subnets that are written */
    GPtrArray *dropped;  /* Dropped*: subnets left out, commented where they would go */
} W;

static void
dropped_free(gpointer data)
{
    Dropped *d = data;
    g_free(d->why);
    g_free(d);
}

static void
drop(W *w, Res *subnet, Res *vpc, const char *why)
{
    Dropped *d = g_new0(Dropped, 1);
    d->subnet = subnet;
    d->vpc = vpc;
    d->why = g_strdup(why);
    g_ptr_array_add(w->dropped, d);
    imp_warn(w->imp, subnet, "%s: the subnet is left out, not guessed", why);
}

/* the managed resources of a type, document order (the reader's index; never NULL) */
static GPtrArray *
of_type(Imp *imp, const char *type)
{
    GPtrArray *list = g_hash_table_lookup(imp->by_type, type);
    return list != NULL ? list : imp->none;
}

static const char *
str(const Res *r, const char *member)
{
    return tgw_json_get_string(r->values, member);
}

/* the names of the written subnets among refs, space-separated; NULL when none */
static char *
subnet_names(W *w, const GPtrArray *refs)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < refs->len; i++) {
        Res *sn = refs->pdata[i];
        if (!g_hash_table_contains(w->subnets, sn))
            continue;
        g_string_append_printf(s, "%s%s", s->len > 0 ? " " : "", sn->name);
    }
    return s->len > 0 ? g_strdup(s->str) : NULL;
}

/* the VPC of the first written subnet among refs */
static Res *
vpc_of_subnets(W *w, const GPtrArray *refs)
{
    for (guint i = 0; i < refs->len; i++) {
        SubInfo *si = g_hash_table_lookup(w->subnets, refs->pdata[i]);
        if (si != NULL)
            return si->vpc;
    }
    return NULL;
}

/* ---- VPCs, blocks and subnets: named and checked ------------------------------------------------
 */

static gboolean
parse_cidr(W *w, Res *r, const char *attribute, TgwCidr *out, gboolean *unknown)
{
    const char *text = str(r, attribute);
    g_autoptr(GError) error = NULL;
    *unknown = FALSE;
    if (text == NULL) {
        *unknown = imp_unknown(r, attribute) || w->imp->plan;
        if (*unknown)
            return FALSE;
        return imp_fail(w->imp, r, "%s is missing: an IPv4 CIDR block is needed", attribute);
    }
    if (!tgw_cidr_parse(text, out, &error))
        return imp_fail(w->imp, r, "%s: %s", attribute, error->message);
    return TRUE;
}

/* every block of a VPC: its cidr_block and the associations that name it */
static GArray *
vpc_blocks(W *w, Res *vpc, GPtrArray *assocs)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    TgwCidr c;
    gboolean unknown = FALSE;
    if (parse_cidr(w, vpc, "cidr_block", &c, &unknown))
        g_array_append_val(out, c);
    for (guint i = 0; i < assocs->len; i++) {
        Res *a = assocs->pdata[i];
        if (imp_ref(w->imp, a, "vpc_id", "aws_vpc") == vpc &&
            parse_cidr(w, a, "cidr_block", &c, &unknown))
            g_array_append_val(out, c);
    }
    return out;
}

static gboolean
check_subnets(W *w)
{
    GPtrArray *subnets = of_type(w->imp, "aws_subnet");
    GPtrArray *assocs = of_type(w->imp, "aws_vpc_ipv4_cidr_block_association");
    for (guint i = 0; i < subnets->len; i++) {
        Res *s = subnets->pdata[i];
        g_autoptr(GPtrArray) dangling = g_ptr_array_new();
        g_autoptr(GPtrArray) vpcs = imp_refs(w->imp, s, "vpc_id", "aws_vpc", dangling);
        g_autoptr(GArray) blocks = NULL;
        SubInfo *si = NULL;
        TgwCidr c;
        gboolean unknown = FALSE, inside = FALSE;
        char buf[TGW_CIDR_STRLEN];

        if (vpcs->len == 0) {
            g_autofree char *what = NULL;
            if (dangling->len == 0) {
                imp_warn(w->imp, s,
                         "vpc_id is unknown until apply and no reference names the "
                         "VPC: the subnet is left out (import the state after apply)");
                continue;
            }
            what = imp_describe_missing(w->imp, dangling->pdata[0]);
            return imp_fail(w->imp, s,
                            "vpc_id %s names no aws_vpc here; a subnet cannot be imported "
                            "without its VPC: import the state that manages the VPC too (terraform "
                            "show -json of each, merged), or move the VPC into this input",
                            what);
        }
        if (!parse_cidr(w, s, "cidr_block", &c, &unknown)) {
            if (!unknown)
                return FALSE;
            drop(w, s, vpcs->pdata[0], "cidr_block is unknown until apply (after_unknown)");
            continue;
        }
        blocks = vpc_blocks(w, vpcs->pdata[0], assocs);
        if (w->imp->error != NULL)
            return FALSE;
        for (guint b = 0; b < blocks->len && !inside; b++)
            inside = tgw_cidr_contains(g_array_index(blocks, TgwCidr, b), c);
        if (!inside) {
            g_autoptr(GString) list = g_string_new(NULL);
            for (guint b = 0; b < blocks->len; b++)
                g_string_append_printf(list, "%s%s", b > 0 ? ", " : "",
                                       tgw_cidr_format(g_array_index(blocks, TgwCidr, b), buf));
            return imp_fail(w->imp, s,
                            "cidr_block %s is outside the blocks of its VPC %s (%s); AWS refuses "
                            "such a subnet: fix the CIDR, or associate a block that holds it",
                            tgw_cidr_format(c, buf), ((Res *) vpcs->pdata[0])->address,
                            list->len > 0 ? list->str : "none known");
        }
        si = g_new0(SubInfo, 1);
        si->vpc = vpcs->pdata[0];
        si->cidr = c;
        si->az = str(s, "availability_zone_id") != NULL ? str(s, "availability_zone_id")
                                                        : str(s, "availability_zone");
        si->az_name = str(s, "availability_zone") != NULL ? str(s, "availability_zone") : si->az;
        if (si->az == NULL) {
            g_free(si);
            imp_warn(w->imp, s,
                     "availability_zone is unknown until apply: the subnet is left "
                     "out, not guessed");
            continue;
        }
        g_hash_table_insert(w->subnets, s, si);
    }
    return TRUE;
}

/* names for everything that is referred to, in document order */
static void
name_all(W *w)
{
    static const char *const consumers[] = {"aws_lb",           "aws_msk_cluster",
                                            "aws_vpc_endpoint", "aws_nat_gateway",
                                            "aws_db_instance",  "aws_ec2_subnet_cidr_reservation"};
    Imp *imp = w->imp;
    for (guint i = 0; i < imp->res->len; i++) {
        Res *r = imp->res->pdata[i];
        if (r->data)
            continue;
        if (g_str_equal(r->type, "aws_vpc"))
            imp_name(imp, r, "vpc");
        else if (g_str_equal(r->type, "aws_ec2_transit_gateway"))
            imp_name(imp, r, "tgw");
        else if (g_str_equal(r->type, "aws_eks_cluster"))
            imp_name(imp, r, "cluster");
        else if (g_str_equal(r->type, "aws_eks_node_group"))
            imp_name(imp, r, "node-group");
        for (guint k = 0; k < G_N_ELEMENTS(consumers); k++) {
            if (g_str_equal(r->type, consumers[k]))
                imp_name(imp, r, "consumer");
        }
    }
    for (guint i = 0; i < imp->res->len; i++) {
        Res *r = imp->res->pdata[i];
        SubInfo *si = g_hash_table_lookup(w->subnets, r);
        if (si != NULL) {
            g_autofree char *scope = g_strdup_printf("subnet:%s", si->vpc->name);
            imp_name(imp, r, scope);
        }
    }
}

/* ---- transit gateways -------------------------------------------------------------------------
 */

/* the TGW route table an association or propagation names: a table resource, or the TGW's
 * default association/propagation table ("default") */
static const char *
tgw_table_name(W *w, Res *r, Res **tgw_out)
{
    Res *t =
        imp_ref(w->imp, r, "transit_gateway_route_table_id", "aws_ec2_transit_gateway_route_table");
    const char *id = str(r, "transit_gateway_route_table_id");
    GPtrArray *tgws = NULL;
    if (t != NULL) {
        *tgw_out = imp_ref(w->imp, t, "transit_gateway_id", "aws_ec2_transit_gateway");
        return t->name;
    }
    tgws = of_type(w->imp, "aws_ec2_transit_gateway");
    for (guint i = 0; id != NULL && i < tgws->len; i++) {
        Res *g = tgws->pdata[i];
        if (g_strcmp0(str(g, "association_default_route_table_id"), id) == 0 ||
            g_strcmp0(str(g, "propagation_default_route_table_id"), id) == 0) {
            *tgw_out = g;
            return "default";
        }
    }
    *tgw_out = NULL;
    return NULL;
}

/* whether the TGW's own default route table is used by one of its attachments */
static gboolean
tgw_default_used(W *w, Res *tgw, GPtrArray *atts)
{
    gboolean assoc = g_strcmp0(str(tgw, "default_route_table_association"), "disable") != 0;
    gboolean prop = g_strcmp0(str(tgw, "default_route_table_propagation"), "disable") != 0;
    for (guint i = 0; i < atts->len; i++) {
        Res *a = atts->pdata[i];
        if (imp_ref(w->imp, a, "transit_gateway_id", "aws_ec2_transit_gateway") != tgw)
            continue;
        if ((assoc && tgw_json_get_bool(a->values,
                                        "transit_gateway_default_route_table_association", TRUE)) ||
            (prop &&
             tgw_json_get_bool(a->values, "transit_gateway_default_route_table_propagation", TRUE)))
            return TRUE;
    }
    return FALSE;
}

static void
write_tgws(W *w)
{
    Imp *imp = w->imp;
    GPtrArray *tgws = of_type(imp, "aws_ec2_transit_gateway");
    GPtrArray *tables = of_type(imp, "aws_ec2_transit_gateway_route_table");
    GPtrArray *routes = of_type(imp, "aws_ec2_transit_gateway_route");
    GPtrArray *atts = of_type(imp, "aws_ec2_transit_gateway_vpc_attachment");

    for (guint i = 0; i < tgws->len; i++) {
        Res *g = tgws->pdata[i];
        g_autofree char *scope = g_strdup_printf("tgw-table:%s", g->name);
        gboolean dflt = tgw_default_used(w, g, atts);
        imp->mapped++;
        imp_doc_comment(&w->doc, "%s", g->address);
        imp_doc_start(&w->doc, "transit-gateway");
        imp_doc_attr(&w->doc, "name", g->name);
        if (dflt) {
            imp_doc_reserve_name(&w->doc, scope, "default");
            imp_doc_comment(
                &w->doc,
                "the transit gateway's default route table (default_route_table_association "
                "or _propagation)");
            imp_doc_start(&w->doc, "route-table");
            imp_doc_attr(&w->doc, "name", "default");
            imp_doc_end(&w->doc);
        }
        for (guint k = 0; k < tables->len; k++) {
            Res *t = tables->pdata[k];
            if (imp_ref(imp, t, "transit_gateway_id", "aws_ec2_transit_gateway") != g)
                continue;
            imp->mapped++;
            imp_name(imp, t, scope);
            imp_doc_comment(&w->doc, "%s", t->address);
            imp_doc_start(&w->doc, "route-table");
            imp_doc_attr(&w->doc, "name", t->name);
            imp_doc_end(&w->doc);
        }
        for (guint k = 0; k < routes->len; k++) {
            Res *rt = routes->pdata[k];
            Res *owner = NULL;
            const char *table = tgw_table_name(w, rt, &owner);
            Res *att = imp_ref(imp, rt, "transit_gateway_attachment_id",
                               "aws_ec2_transit_gateway_vpc_attachment");
            gboolean blackhole = tgw_json_get_bool(rt->values, "blackhole", FALSE);
            if (owner != g)
                continue;
            rt->written = TRUE;
            if (table == NULL || !imp_is_cidr(str(rt, "destination_cidr_block")) ||
                (!blackhole && att == NULL)) {
                imp_doc_comment(
                    &w->doc,
                    "%s: not imported: its table, destination or attachment is not in this "
                    "input",
                    rt->address);
                imp_warn(imp, rt,
                         "its table, destination or target attachment is not in this "
                         "input: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", rt->address);
            imp_doc_start(&w->doc, "route");
            imp_doc_attr(&w->doc, "table", table);
            imp_doc_attr(&w->doc, "cidr", str(rt, "destination_cidr_block"));
            if (blackhole)
                imp_doc_attr(&w->doc, "blackhole", "true");
            else
                imp_doc_attr(&w->doc, "attachment", att->name);
            imp_doc_end(&w->doc);
        }
        imp_doc_end(&w->doc);
    }
}

/* ---- VPCs ------------------------------------------------------------------------------------ */

/* a VPC route target in the scenario's words, or NULL with *why */
static char *
route_target(W *w, JsonObject *route, const char **why)
{
    Imp *imp = w->imp;
    const char *tgw = tgw_json_get_string(route, "transit_gateway_id");
    const char *nat = tgw_json_get_string(route, "nat_gateway_id");
    const char *gw = tgw_json_get_string(route, "gateway_id");
    const char *pcx = tgw_json_get_string(route, "vpc_peering_connection_id");
    const char *eni = tgw_json_get_string(route, "network_interface_id");
    if (tgw != NULL && tgw[0] != '\0') {
        Res *t = g_hash_table_lookup(imp->by_id, tgw);
        if (t == NULL || t->data || !g_str_equal(t->type, "aws_ec2_transit_gateway")) {
            *why = "its transit gateway is not in this input";
            return NULL;
        }
        return g_strdup_printf("transit-gateway:%s", t->name);
    }
    if (nat != NULL && nat[0] != '\0') {
        Res *n = g_hash_table_lookup(imp->by_id, nat);
        if (n == NULL || n->data || !g_str_equal(n->type, "aws_nat_gateway")) {
            *why = "its NAT gateway is not in this input";
            return NULL;
        }
        return g_strdup_printf("nat-gateway:%s", n->name);
    }
    if (gw != NULL && g_str_equal(gw, "local"))
        return g_strdup("local");
    if (gw != NULL && g_str_has_prefix(gw, "igw-"))
        return g_strdup("internet-gateway");
    if (gw != NULL && g_str_has_prefix(gw, "vgw-")) {
        *why = "a virtual private gateway is not modelled";
        return NULL;
    }
    if (pcx != NULL && pcx[0] != '\0') {
        if (!imp_is_name(pcx)) {
            *why = "its peering connection ID is not a name";
            return NULL;
        }
        return g_strdup_printf("peering:%s", pcx);
    }
    if (eni != NULL && eni[0] != '\0') {
        if (!imp_is_name(eni)) {
            *why = "its network interface ID is not a name";
            return NULL;
        }
        return g_strdup_printf("network-interface:%s", eni);
    }
    *why = "its target kind is not modelled (only transit gateway, NAT gateway, internet gateway, "
           "peering and network interface targets are)";
    return NULL;
}

static void
write_route(W *w, const Res *owner, JsonObject *route, const char *cidr_member)
{
    const char *why = NULL;
    const char *cidr = tgw_json_get_string(route, cidr_member);
    g_autofree char *target = NULL;
    if (cidr == NULL || cidr[0] == '\0') {
        imp_doc_comment(&w->doc,
                        "%s: a route without an IPv4 destination (IPv6 or a prefix list) is not "
                        "modelled",
                        owner->address);
        return;
    }
    if (!imp_is_cidr(cidr)) {
        imp_doc_comment(&w->doc,
                        "%s: a route whose destination is not an IPv4 CIDR block: not imported",
                        owner->address);
        imp_warn(w->imp, owner, "route destination '%s' is not an IPv4 CIDR block: left out", cidr);
        return;
    }
    target = route_target(w, route, &why);
    if (target == NULL) {
        imp_doc_comment(&w->doc, "%s: route to %s not imported: %s", owner->address, cidr, why);
        imp_warn(w->imp, owner, "route to %s not imported: %s", cidr, why);
        return;
    }
    if (g_str_equal(target, "local"))
        return; /* local routes are implicit */
    imp_doc_start(&w->doc, "route");
    imp_doc_attr(&w->doc, "cidr", cidr);
    imp_doc_attr(&w->doc, "target", target);
    imp_doc_end(&w->doc);
}

static void
write_route_tables(W *w, Res *vpc)
{
    Imp *imp = w->imp;
    GPtrArray *tables = of_type(imp, "aws_route_table");
    GPtrArray *routes = of_type(imp, "aws_route");
    GPtrArray *assocs = of_type(imp, "aws_route_table_association");
    GPtrArray *mains = of_type(imp, "aws_main_route_table_association");
    g_autofree char *scope = g_strdup_printf("vpc-table:%s", vpc->name);

    for (guint i = 0; i < tables->len; i++) {
        Res *t = tables->pdata[i];
        JsonArray *inline_routes = tgw_json_get_array(t->values, "route");
        g_autoptr(GPtrArray) members = g_ptr_array_new();
        gboolean main = FALSE;
        g_autofree char *names = NULL;
        if (imp_ref(imp, t, "vpc_id", "aws_vpc") != vpc)
            continue;
        imp->mapped++;
        imp_name(imp, t, scope);
        for (guint k = 0; k < assocs->len; k++) {
            Res *a = assocs->pdata[k];
            Res *sn = imp_ref(imp, a, "subnet_id", "aws_subnet");
            if (imp_ref(imp, a, "route_table_id", "aws_route_table") == t && sn != NULL)
                g_ptr_array_add(members, sn);
        }
        main =
            str(t, "id") != NULL && g_strcmp0(str(vpc, "main_route_table_id"), str(t, "id")) == 0;
        for (guint k = 0; k < mains->len && !main; k++)
            main = imp_ref(imp, mains->pdata[k], "route_table_id", "aws_route_table") == t;
        names = subnet_names(w, members);
        imp_doc_comment(&w->doc, "%s", t->address);
        imp_doc_start(&w->doc, "route-table");
        imp_doc_attr(&w->doc, "name", t->name);
        imp_doc_attr(&w->doc, "subnets", names);
        if (main)
            imp_doc_attr(&w->doc, "main", "true");
        for (guint k = 0; inline_routes != NULL && k < json_array_get_length(inline_routes); k++) {
            JsonNode *n = json_array_get_element(inline_routes, k);
            if (JSON_NODE_HOLDS_OBJECT(n))
                write_route(w, t, json_node_get_object(n), "cidr_block");
        }
        for (guint k = 0; k < routes->len; k++) {
            Res *r = routes->pdata[k];
            if (imp_ref(imp, r, "route_table_id", "aws_route_table") != t)
                continue;
            imp->mapped++;
            r->written = TRUE;
            write_route(w, r, r->values, "destination_cidr_block");
        }
        imp_doc_end(&w->doc);
    }
}

/* associate= and propagate= of a VPC attachment, from the association and propagation resources
 * and the TGW's default table */
static void
attachment_tables(W *w, Res *att, Res *tgw, char **associate, char **propagate)
{
    Imp *imp = w->imp;
    GPtrArray *assocs = of_type(imp, "aws_ec2_transit_gateway_route_table_association");
    GPtrArray *props = of_type(imp, "aws_ec2_transit_gateway_route_table_propagation");
    g_autoptr(GString) prop = g_string_new(NULL);
    const char *assoc = NULL;

    for (guint i = 0; i < assocs->len; i++) {
        Res *a = assocs->pdata[i];
        Res *owner = NULL;
        if (imp_ref(imp, a, "transit_gateway_attachment_id",
                    "aws_ec2_transit_gateway_vpc_attachment") == att)
            assoc = tgw_table_name(w, a, &owner);
    }
    if (assoc == NULL && g_strcmp0(str(tgw, "default_route_table_association"), "disable") != 0 &&
        tgw_json_get_bool(att->values, "transit_gateway_default_route_table_association", TRUE))
        assoc = "default";
    if (g_strcmp0(str(tgw, "default_route_table_propagation"), "disable") != 0 &&
        tgw_json_get_bool(att->values, "transit_gateway_default_route_table_propagation", TRUE))
        g_string_append(prop, "default");
    for (guint i = 0; i < props->len; i++) {
        Res *p = props->pdata[i];
        Res *owner = NULL;
        const char *t = NULL;
        if (imp_ref(imp, p, "transit_gateway_attachment_id",
                    "aws_ec2_transit_gateway_vpc_attachment") != att)
            continue;
        t = tgw_table_name(w, p, &owner);
        if (t != NULL && !(g_str_equal(t, "default") && strstr(prop->str, "default") != NULL))
            g_string_append_printf(prop, "%s%s", prop->len > 0 ? " " : "", t);
    }
    *associate = g_strdup(assoc);
    *propagate = prop->len > 0 ? g_strdup(prop->str) : NULL;
}

static void
write_vpcs(W *w)
{
    Imp *imp = w->imp;
    GPtrArray *vpcs = of_type(imp, "aws_vpc");
    GPtrArray *assocs = of_type(imp, "aws_vpc_ipv4_cidr_block_association");
    GPtrArray *subnets = of_type(imp, "aws_subnet");
    GPtrArray *atts = of_type(imp, "aws_ec2_transit_gateway_vpc_attachment");

    for (guint i = 0; i < vpcs->len; i++) {
        Res *v = vpcs->pdata[i];
        TgwCidr c;
        gboolean unknown = FALSE;
        if (!parse_cidr(w, v, "cidr_block", &c, &unknown)) {
            imp_doc_comment(&w->doc, "%s: not imported: its cidr_block is unknown until apply",
                            v->address);
            imp_warn(imp, v,
                     "cidr_block is unknown until apply: the VPC is left out, not "
                     "guessed");
            continue;
        }
        imp->mapped++;
        imp_doc_comment(&w->doc, "%s", v->address);
        imp_doc_start(&w->doc, "vpc");
        imp_doc_attr(&w->doc, "name", v->name);
        imp_doc_attr(&w->doc, "cidr", str(v, "cidr_block"));
        for (guint k = 0; k < assocs->len; k++) {
            Res *a = assocs->pdata[k];
            if (imp_ref(imp, a, "vpc_id", "aws_vpc") != v)
                continue;
            if (!imp_is_cidr(str(a, "cidr_block"))) {
                imp_doc_comment(
                    &w->doc,
                    "%s: not imported: its cidr_block is unknown or not an IPv4 CIDR block",
                    a->address);
                imp_warn(imp, a, "cidr_block is unknown or not an IPv4 CIDR block: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", a->address);
            imp_doc_start(&w->doc, "cidr-block");
            imp_doc_attr(&w->doc, "cidr", str(a, "cidr_block"));
            imp_doc_end(&w->doc);
        }
        for (guint k = 0; k < subnets->len; k++) {
            Res *s = subnets->pdata[k];
            SubInfo *si = g_hash_table_lookup(w->subnets, s);
            if (si == NULL || si->vpc != v)
                continue;
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", s->address);
            imp_doc_start(&w->doc, "subnet");
            imp_doc_attr(&w->doc, "name", s->name);
            imp_doc_attr(&w->doc, "az", si->az);
            imp_doc_attr(&w->doc, "cidr", str(s, "cidr_block"));
            imp_doc_end(&w->doc);
        }
        for (guint k = 0; k < w->dropped->len; k++) {
            Dropped *d = w->dropped->pdata[k];
            if (d->vpc == v)
                imp_doc_comment(&w->doc, "%s: not imported: %s", d->subnet->address, d->why);
        }
        write_route_tables(w, v);
        for (guint k = 0; k < atts->len; k++) {
            Res *a = atts->pdata[k];
            Res *tgw = NULL;
            g_autoptr(GPtrArray) sns = NULL;
            g_autofree char *names = NULL, *associate = NULL, *propagate = NULL;
            g_autofree char *scope = NULL;
            if (imp_ref(imp, a, "vpc_id", "aws_vpc") != v)
                continue;
            tgw = imp_ref(imp, a, "transit_gateway_id", "aws_ec2_transit_gateway");
            if (tgw == NULL) {
                g_autofree char *what = imp_describe_missing(imp, str(a, "transit_gateway_id"));
                imp_doc_comment(&w->doc, "%s: not imported: transit gateway %s", a->address, what);
                imp_warn(imp, a, "transit_gateway_id %s: the attachment is left out", what);
                continue;
            }
            sns = imp_refs(imp, a, "subnet_ids", "aws_subnet", NULL);
            names = subnet_names(w, sns);
            if (names == NULL) {
                imp_doc_comment(&w->doc, "%s: not imported: none of its subnets is in this input",
                                a->address);
                imp_warn(imp, a, "none of its subnet_ids is in this input: left out");
                continue;
            }
            imp->mapped++;
            scope = g_strdup_printf("tgw-att:%s", tgw->name);
            imp_name(imp, a, scope);
            attachment_tables(w, a, tgw, &associate, &propagate);
            imp_doc_comment(&w->doc, "%s", a->address);
            imp_doc_start(&w->doc, "tgw-attachment");
            imp_doc_attr(&w->doc, "name", a->name);
            imp_doc_attr(&w->doc, "transit-gateway", tgw->name);
            imp_doc_attr(&w->doc, "subnets", names);
            imp_doc_attr(&w->doc, "associate", associate);
            imp_doc_attr(&w->doc, "propagate", propagate);
            if (g_strcmp0(str(a, "appliance_mode_support"), "enable") == 0)
                imp_doc_attr(&w->doc, "appliance-mode", "true");
            imp_doc_end(&w->doc);
        }
        imp_doc_end(&w->doc);
    }
}

/* ---- EKS ------------------------------------------------------------------------------------- */

/* the cluster a node group, add-on or ENIConfig belongs to, by cluster_name */
static Res *
cluster_of(W *w, Res *r)
{
    GPtrArray *clusters = of_type(w->imp, "aws_eks_cluster");
    const char *name = str(r, "cluster_name");
    for (guint i = 0; name != NULL && i < clusters->len; i++) {
        Res *c = clusters->pdata[i];
        if (g_strcmp0(str(c, "name"), name) == 0)
            return c;
    }
    if (name == NULL && imp_unknown(r, "cluster_name"))
        return imp_ref(w->imp, r, "cluster_name", "aws_eks_cluster");
    return NULL;
}

/* the VPC CNI add-on's env, from configuration_values (a JSON string) */
static JsonNode *
addon_env(W *w, Res *addon)
{
    const char *config = str(addon, "configuration_values");
    g_autoptr(GError) error = NULL;
    g_autofree char *where = NULL;
    JsonNode *root = NULL;
    if (config == NULL || config[0] == '\0')
        return NULL;
    where = g_strdup_printf("%s: %s configuration_values", w->imp->file, addon->address);
    root = tgw_json_read(config, strlen(config), where, &error);
    if (root == NULL) {
        imp_warn(w->imp, addon, "configuration_values is not JSON (%s): its settings are left out",
                 error->message);
        return NULL;
    }
    return root;
}

/* "true"/"false" as the VPC CNI reads its env */
static gboolean
env_true(JsonObject *env, const char *name)
{
    const char *v = tgw_json_get_string(env, name);
    return v != NULL && (g_ascii_strcasecmp(v, "true") == 0 || g_str_equal(v, "1"));
}

static void
env_count(W *w, Res *addon, JsonObject *env, const char *name, const char *attribute)
{
    const char *v = tgw_json_get_string(env, name);
    guint64 n = 0;
    if (v == NULL)
        return;
    if (!g_ascii_string_to_unsigned(v, 10, 0, 100000, &n, NULL)) {
        imp_warn(w->imp, addon, "%s=\"%s\" is not a count: left out", name, v);
        return;
    }
    imp_doc_attr_uint(&w->doc, attribute, n);
}

/* what the node groups need to know of the cluster's VPC CNI */
typedef struct {
    gboolean custom, prefix;
    char *label_def;  /* ENI_CONFIG_LABEL_DEF: the node label that names a node's ENIConfig */
    GPtrArray *named; /* char*: the named ENIConfigs written */
} CniInfo;

static void
cni_info_clear(CniInfo *ci)
{
    g_free(ci->label_def);
    g_ptr_array_unref(ci->named);
}

/* an ENIConfig name as a scenario name: characters it cannot hold become '-' */
static char *
clean_name(const char *name)
{
    char *clean = g_strdup(name);
    for (char *p = clean; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            *p = '-';
    }
    return clean;
}

/* writes the cluster's <vpc-cni>; ci gets its mode, label and named ENIConfigs */
static void
write_cni(W *w, Res *cluster, Res *vpc, CniInfo *ci)
{
    Imp *imp = w->imp;
    GPtrArray *addons = of_type(imp, "aws_eks_addon");
    GPtrArray *manifests = of_type(imp, "kubernetes_manifest");
    g_autoptr(JsonNode) env_root = NULL;
    JsonObject *env = NULL;
    Res *addon = NULL;
    gboolean custom = FALSE, prefix = FALSE;

    for (guint i = 0; i < addons->len && addon == NULL; i++) {
        Res *a = addons->pdata[i];
        if (g_strcmp0(str(a, "addon_name"), "vpc-cni") == 0 && cluster_of(w, a) == cluster)
            addon = a;
    }
    if (addon == NULL)
        imp_doc_comment(
            &w->doc,
            "no vpc-cni add-on (aws_eks_addon) for cluster %s in this input: the VPC CNI's "
            "defaults",
            str(cluster, "name") != NULL ? str(cluster, "name") : cluster->address);
    if (addon != NULL) {
        imp->mapped++;
        env_root = addon_env(w, addon);
        env = env_root != NULL && JSON_NODE_HOLDS_OBJECT(env_root)
                  ? tgw_json_get_object(json_node_get_object(env_root), "env")
                  : NULL;
        custom = env_true(env, "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG");
        prefix = env_true(env, "ENABLE_PREFIX_DELEGATION");
        imp_doc_comment(&w->doc, "%s (configuration_values env)", addon->address);
    }
    ci->custom = custom;
    ci->prefix = prefix;
    ci->named = g_ptr_array_new_with_free_func(g_free);
    ci->label_def = g_strdup(tgw_json_get_string(env, "ENI_CONFIG_LABEL_DEF") != NULL
                                 ? tgw_json_get_string(env, "ENI_CONFIG_LABEL_DEF")
                                 : "k8s.amazonaws.com/eniConfig");
    imp_doc_start(&w->doc, "vpc-cni");
    imp_doc_attr(&w->doc, "mode",
                 custom && prefix ? "custom+prefix"
                 : custom         ? "custom"
                 : prefix         ? "prefix"
                                  : "default");
    if (env != NULL) {
        env_count(w, addon, env, "WARM_ENI_TARGET", "warm-eni-target");
        env_count(w, addon, env, "WARM_IP_TARGET", "warm-ip-target");
        env_count(w, addon, env, "MINIMUM_IP_TARGET", "minimum-ip-target");
        env_count(w, addon, env, "WARM_PREFIX_TARGET", "warm-prefix-target");
        env_count(w, addon, env, "MAX_ENI", "max-eni");
        if (env_true(env, "AWS_VPC_K8S_CNI_EXTERNALSNAT"))
            imp_doc_attr(&w->doc, "external-snat", "true");
    }
    /* ENIConfigs: kubernetes_manifest of kind ENIConfig whose subnet is in the cluster's VPC;
     * one named after its AZ is the AZ's (ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone) */
    for (guint i = 0; i < manifests->len; i++) {
        Res *m = manifests->pdata[i];
        JsonObject *manifest = tgw_json_get_object(m->values, "manifest");
        const char *name = tgw_json_get_string(tgw_json_get_object(manifest, "metadata"), "name");
        const char *subnet_id =
            tgw_json_get_string(tgw_json_get_object(manifest, "spec"), "subnet");
        Res *sn = subnet_id != NULL ? g_hash_table_lookup(imp->by_id, subnet_id) : NULL;
        SubInfo *si = sn != NULL ? g_hash_table_lookup(w->subnets, sn) : NULL;
        if (g_strcmp0(tgw_json_get_string(manifest, "kind"), "ENIConfig") != 0)
            continue;
        if (si == NULL) {
            if (!m->written) {
                g_autofree char *what = imp_describe_missing(imp, subnet_id);
                imp_warn(imp, m, "ENIConfig '%s': spec.subnet %s: left out",
                         name != NULL ? name : "?", what);
                m->written = TRUE;
            }
            continue;
        }
        if (si->vpc != vpc)
            continue;
        imp->mapped++;
        m->written = TRUE;
        imp_doc_comment(&w->doc, "%s (ENIConfig %s)", m->address, name != NULL ? name : "");
        imp_doc_start(&w->doc, "eni-config");
        if (name != NULL && g_strcmp0(name, si->az) != 0 && g_strcmp0(name, si->az_name) != 0) {
            char *clean = clean_name(name);
            imp_doc_attr(&w->doc, "name", clean);
            g_ptr_array_add(ci->named, clean);
        }
        imp_doc_attr(&w->doc, "az", si->az);
        imp_doc_attr(&w->doc, "subnet", sn->name);
        imp_doc_end(&w->doc);
    }
    imp_doc_end(&w->doc);
}

static void
write_node_group(W *w, Res *ng, const char *cluster_name, const CniInfo *ci)
{
    gboolean custom = ci->custom, prefix = ci->prefix;
    const char *label =
        tgw_json_get_string(tgw_json_get_object(ng->values, "labels"), ci->label_def);
    g_autofree char *eni_config = label != NULL ? clean_name(label) : NULL;
    Imp *imp = w->imp;
    JsonObject *scaling = tgw_json_get_block(ng->values, "scaling_config");
    g_autoptr(GPtrArray) types = tgw_json_get_strings(ng->values, "instance_types");
    g_autoptr(GPtrArray) sns = imp_refs(imp, ng, "subnet_ids", "aws_subnet", NULL);
    g_autofree char *names = subnet_names(w, sns);
    const char *itype = types->len > 0 ? types->pdata[0] : "t3.medium";
    const TgwInstanceType *t = tgw_instance_lookup(itype);
    gint64 min = 1, max = 1, desired = 1;
    gboolean have_desired = FALSE;

    if (names == NULL || t == NULL) {
        imp_doc_comment(&w->doc, "%s: not imported: %s", ng->address,
                        names == NULL ? "none of its subnets is in this input"
                                      : "unknown instance type");
        imp_warn(imp, ng, "%s: the node group is left out",
                 names == NULL ? "none of its subnet_ids is in this input"
                               : "its instance type is not in tgwsim's table");
        return;
    }
    have_desired = tgw_json_get_int(scaling, "desired_size", &desired);
    tgw_json_get_int(scaling, "min_size", &min);
    tgw_json_get_int(scaling, "max_size", &max);
    imp->mapped++;
    imp_doc_comment(&w->doc, "%s%s", ng->address,
                    types->len == 0 ? " (instance_types not set: EKS's default t3.medium)" : "");
    imp_doc_node_group(&w->doc, ng->name, itype, min, max, desired, have_desired, names);
    /* the node label ENI_CONFIG_LABEL_DEF reads names the ENIConfig of the group's nodes */
    if (custom && eni_config != NULL &&
        g_ptr_array_find_with_equal_func(ci->named, eni_config, g_str_equal, NULL))
        imp_doc_attr(&w->doc, "eni-config", eni_config);
    else if (custom && ci->named->len > 0)
        imp_warn(imp, ng,
                 "its nodes carry no %s label naming one of the cluster's ENIConfigs: ipamd "
                 "would find none for them unless one is named after their AZ",
                 ci->label_def);
    imp_doc_end(&w->doc);
    imp->placeholders++;
    imp_doc_placeholder(&w->doc, ng->name, itype, custom, prefix, "Terraform", cluster_name);
}

static void
write_clusters(W *w)
{
    Imp *imp = w->imp;
    GPtrArray *clusters = of_type(imp, "aws_eks_cluster");
    GPtrArray *ngs = of_type(imp, "aws_eks_node_group");

    for (guint i = 0; i < clusters->len; i++) {
        Res *c = clusters->pdata[i];
        JsonObject *vc = tgw_json_get_block(c->values, "vpc_config");
        g_autoptr(GPtrArray) sns = NULL;
        g_autofree char *names = NULL;
        Res *vpc = NULL;
        CniInfo ci = {0};
        Res fake = *c;
        fake.values = vc;
        fake.block = "vpc_config";
        sns = imp_refs(imp, &fake, "subnet_ids", "aws_subnet", NULL);
        names = subnet_names(w, sns);
        vpc = vpc_of_subnets(w, sns);
        if (names == NULL || vpc == NULL) {
            imp_doc_comment(&w->doc,
                            "%s: not imported: none of its vpc_config subnets is in this input",
                            c->address);
            imp_warn(imp, c,
                     "none of vpc_config.subnet_ids is in this input: the cluster is left "
                     "out");
            continue;
        }
        imp->mapped++;
        imp_doc_comment(&w->doc, "%s", c->address);
        imp_doc_start(&w->doc, "eks-cluster");
        imp_doc_attr(&w->doc, "name", c->name);
        imp_doc_attr(&w->doc, "vpc", vpc->name);
        imp_doc_attr(&w->doc, "subnets", names);
        write_cni(w, c, vpc, &ci);
        for (guint k = 0; k < ngs->len; k++) {
            Res *ng = ngs->pdata[k];
            if (cluster_of(w, ng) == c)
                write_node_group(w, ng, c->name, &ci);
        }
        cni_info_clear(&ci);
        imp_doc_end(&w->doc);
    }
}

/* ---- address consumers ------------------------------------------------------------------------
 */

static void
write_consumers(W *w)
{
    Imp *imp = w->imp;
    GPtrArray *groups = of_type(imp, "aws_db_subnet_group");
    for (guint i = 0; i < imp->res->len; i++) {
        Res *r = imp->res->pdata[i];
        g_autoptr(GPtrArray) sns = NULL;
        g_autofree char *names = NULL;
        Res *vpc = NULL;
        if (r->data)
            continue;
        if (g_str_equal(r->type, "aws_lb")) {
            const char *type = str(r, "load_balancer_type");
            JsonArray *mappings = tgw_json_get_array(r->values, "subnet_mapping");
            sns = imp_refs(imp, r, "subnets", "aws_subnet", NULL);
            for (guint k = 0; mappings != NULL && k < json_array_get_length(mappings); k++) {
                JsonNode *n = json_array_get_element(mappings, k);
                Res fake = *r;
                fake.values = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
                Res *sn =
                    fake.values != NULL ? imp_ref(imp, &fake, "subnet_id", "aws_subnet") : NULL;
                if (sn != NULL && !g_ptr_array_find(sns, sn, NULL))
                    g_ptr_array_add(sns, sn);
            }
            names = subnet_names(w, sns);
            vpc = vpc_of_subnets(w, sns);
            if (type != NULL && !g_str_equal(type, "application") &&
                !g_str_equal(type, "network")) {
                imp_doc_comment(&w->doc, "%s: type %s is not modelled", r->address, type);
                continue;
            }
            if (names == NULL || vpc == NULL) {
                imp_doc_comment(&w->doc, "%s: not imported: none of its subnets is in this input",
                                r->address);
                imp_warn(imp, r, "none of its subnets is in this input: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", r->address);
            imp_doc_start(&w->doc, "load-balancer");
            imp_doc_attr(&w->doc, "name", r->name);
            imp_doc_attr(&w->doc, "type", g_strcmp0(type, "network") == 0 ? "nlb" : "alb");
            imp_doc_attr(&w->doc, "vpc", vpc->name);
            imp_doc_attr(&w->doc, "subnets", names);
            if (!tgw_json_get_bool(r->values, "internal", FALSE))
                imp_doc_attr(&w->doc, "internal", "false");
            imp_doc_end(&w->doc);
        } else if (g_str_equal(r->type, "aws_msk_cluster")) {
            JsonObject *bg = tgw_json_get_block(r->values, "broker_node_group_info");
            Res fake = *r;
            gint64 brokers = 0;
            fake.values = bg;
            fake.block = "broker_node_group_info";
            sns = bg != NULL ? imp_refs(imp, &fake, "client_subnets", "aws_subnet", NULL)
                             : g_ptr_array_new();
            names = subnet_names(w, sns);
            vpc = vpc_of_subnets(w, sns);
            if (names == NULL || vpc == NULL ||
                !tgw_json_get_int(r->values, "number_of_broker_nodes", &brokers) || brokers < 1) {
                imp_doc_comment(
                    &w->doc, "%s: not imported: its client subnets or broker count are not known",
                    r->address);
                imp_warn(imp, r, "client subnets or number_of_broker_nodes not known: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", r->address);
            imp_doc_start(&w->doc, "msk-cluster");
            imp_doc_attr(&w->doc, "name", r->name);
            imp_doc_attr(&w->doc, "vpc", vpc->name);
            imp_doc_attr(&w->doc, "subnets", names);
            imp_doc_attr_uint(&w->doc, "brokers", (guint64) MIN(brokers, 1000));
            imp_doc_end(&w->doc);
        } else if (g_str_equal(r->type, "aws_vpc_endpoint")) {
            const char *kind = str(r, "vpc_endpoint_type");
            if (g_strcmp0(kind, "Interface") != 0) {
                imp_doc_comment(&w->doc, "%s: a %s endpoint takes no subnet addresses", r->address,
                                kind != NULL ? kind : "Gateway");
                continue;
            }
            sns = imp_refs(imp, r, "subnet_ids", "aws_subnet", NULL);
            names = subnet_names(w, sns);
            vpc = vpc_of_subnets(w, sns);
            if (names == NULL || vpc == NULL) {
                imp_doc_comment(&w->doc, "%s: not imported: none of its subnets is in this input",
                                r->address);
                imp_warn(imp, r, "none of its subnet_ids is in this input: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", r->address);
            imp_doc_start(&w->doc, "endpoint");
            imp_doc_attr(&w->doc, "name", r->name);
            imp_doc_attr(&w->doc, "vpc", vpc->name);
            imp_doc_attr(&w->doc, "subnets", names);
            imp_doc_attr(&w->doc, "service", str(r, "service_name"));
            imp_doc_end(&w->doc);
        } else if (g_str_equal(r->type, "aws_nat_gateway") ||
                   g_str_equal(r->type, "aws_ec2_subnet_cidr_reservation")) {
            Res *sn = imp_ref(imp, r, "subnet_id", "aws_subnet");
            SubInfo *si = sn != NULL ? g_hash_table_lookup(w->subnets, sn) : NULL;
            gboolean nat = g_str_equal(r->type, "aws_nat_gateway");
            if (si == NULL) {
                imp_doc_comment(&w->doc, "%s: not imported: its subnet is not in this input",
                                r->address);
                imp_warn(imp, r, "its subnet is not in this input: left out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s", r->address);
            if (nat) {
                g_autoptr(GPtrArray) extra =
                    tgw_json_get_strings(r->values, "secondary_private_ip_addresses");
                imp_doc_start(&w->doc, "nat-gateway");
                imp_doc_attr(&w->doc, "name", r->name);
                imp_doc_attr(&w->doc, "vpc", si->vpc->name);
                imp_doc_attr(&w->doc, "subnet", sn->name);
                if (g_strcmp0(str(r, "connectivity_type"), "private") == 0)
                    imp_doc_attr(&w->doc, "connectivity", "private");
                if (extra->len > 0)
                    imp_doc_attr_uint(&w->doc, "private-ips", MIN(extra->len + 1, 8u));
            } else {
                TgwCidr c;
                guint64 held = 0;
                if (str(r, "cidr_block") == NULL ||
                    !tgw_cidr_parse(str(r, "cidr_block"), &c, NULL) ||
                    !tgw_cidr_contains(si->cidr, c)) {
                    imp_doc_comment(&w->doc,
                                    "%s: not imported: its cidr_block is not a block of its subnet",
                                    r->address);
                    imp_warn(imp, r, "cidr_block is unknown or not inside its subnet: left out");
                    continue;
                }
                /* a reservation keeps its addresses from automatic assignment: they are as
                 * good as held (the 5 AWS reserves are already counted) */
                held = tgw_cidr_size(c);
                imp_doc_comment(
                    &w->doc, "%s reservation %s: its addresses are never handed out automatically",
                    str(r, "reservation_type") != NULL ? str(r, "reservation_type") : "a",
                    str(r, "cidr_block"));
                imp_doc_start(&w->doc, "ip-consumer");
                imp_doc_attr(&w->doc, "name", r->name);
                imp_doc_attr(&w->doc, "vpc", si->vpc->name);
                imp_doc_attr(&w->doc, "subnet", sn->name);
                imp_doc_attr_uint(&w->doc, "count", MIN(held, tgw_cidr_aws_usable(si->cidr)));
            }
            imp_doc_end(&w->doc);
        } else if (g_str_equal(r->type, "aws_db_instance")) {
            const char *group = str(r, "db_subnet_group_name");
            Res *g = NULL;
            for (guint k = 0; group != NULL && k < groups->len && g == NULL; k++) {
                if (g_strcmp0(str(groups->pdata[k], "name"), group) == 0)
                    g = groups->pdata[k];
            }
            sns =
                g != NULL ? imp_refs(imp, g, "subnet_ids", "aws_subnet", NULL) : g_ptr_array_new();
            names = subnet_names(w, sns);
            vpc = vpc_of_subnets(w, sns);
            if (names == NULL || vpc == NULL) {
                imp_doc_comment(&w->doc,
                                "%s: not imported: its DB subnet group is not in this input",
                                r->address);
                imp_warn(imp, r,
                         "db_subnet_group_name names no aws_db_subnet_group here: left "
                         "out");
                continue;
            }
            imp->mapped++;
            imp_doc_comment(&w->doc, "%s (subnet group %s)", r->address, g->address);
            imp_doc_start(&w->doc, "rds");
            imp_doc_attr(&w->doc, "name", r->name);
            imp_doc_attr(&w->doc, "vpc", vpc->name);
            imp_doc_attr(&w->doc, "subnets", names);
            if (tgw_json_get_bool(r->values, "multi_az", FALSE))
                imp_doc_attr(&w->doc, "multi-az", "true");
            imp_doc_end(&w->doc);
        }
    }
}

/* ---- the document ------------------------------------------------------------------------------
 */

char *
imp_write(Imp *imp)
{
    W w = {imp,
           {NULL, NULL, NULL},
           g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
           g_ptr_array_new_with_free_func(dropped_free)};
    g_autofree char *base = g_path_get_basename(imp->file);
    g_autofree char *file_base = g_path_get_basename(imp->file);
    char *dot = strrchr(base, '.');
    g_autofree char *desc = NULL;
    char *out = NULL;

    if (dot != NULL && dot != base && g_ascii_strcasecmp(dot, ".json") == 0)
        *dot = '\0';
    desc = g_strdup_printf("Imported by tgwsim import terraform from %s (a Terraform %s). "
                           "Workloads are placeholders: Terraform does not describe pods.",
                           file_base, imp->plan ? "plan" : "state");
    imp_doc_init(&w.doc, base, desc);
    imp->doc = &w.doc;
    if (check_subnets(&w)) {
        name_all(&w);
        for (guint k = 0; k < w.dropped->len; k++) {
            Dropped *d = w.dropped->pdata[k];
            if (d->vpc == NULL)
                imp_doc_comment(&w.doc, "%s: not imported: %s", d->subnet->address, d->why);
        }
        write_tgws(&w);
        write_vpcs(&w);
        write_clusters(&w);
        write_consumers(&w);
        if (imp->error == NULL)
            out = imp_doc_dump(&w.doc);
    }
    imp->doc = NULL;
    imp_doc_clear(&w.doc);
    g_hash_table_unref(w.subnets);
    g_ptr_array_unref(w.dropped);
    return out;
}
