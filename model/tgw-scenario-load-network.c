/* tgw-scenario-load-network.c: transit gateways and VPCs (see tgw-scenario-load-private.h).
 *
 * Transit gateways with their route tables, attachments and static routes; VPCs with their CIDR
 * blocks, subnets, route tables and routes, and their TGW attachments. VPC routes are built after
 * everything they can name exists (tgw-scenario-load.c calls them last). */
#include "tgw-scenario-load-private.h"

/* ---- transit gateways ------------------------------------------------------------------------ */

gboolean
load_check_unique(Loader *ld, xmlNode *node, GPtrArray *existing, const char *what,
                  const char *name, const char *scope)
{
    for (guint i = 0; i < existing->len; i++) {
        NamedHead *item = existing->pdata[i];
        if (g_str_equal(item->name, name)) {
            loader_error(ld, node, "DUPLICATE-NAME",
                         "%s '%s' is declared twice%s%s (first at line %d); names must be unique",
                         what, name, scope != NULL ? " in " : "", scope != NULL ? scope : "",
                         item->line);
            return FALSE;
        }
    }
    return TRUE;
}

void
load_build_tgw(Loader *ld, xmlNode *node)
{
    TgwTgwDef *tgw = g_new0(TgwTgwDef, 1);

    load_read_name(ld, node, "name", &tgw->name);
    tgw->line = tgw_xml_line(node);
    tgw->tables = g_ptr_array_new();
    tgw->routes = g_ptr_array_new_with_free_func(g_free);
    tgw->attachments = g_ptr_array_new();
    if (tgw->name == NULL)
        tgw->name = g_strdup("?");
    load_check_unique(ld, node, ld->sc->tgws, "transit gateway", tgw->name, NULL);
    tgw->index = ld->sc->tgws->len;
    g_ptr_array_add(ld->sc->tgws, tgw);
    FOR_CHILDREN(child, node, "route-table")
    {
        TgwTgwTableDef *t = g_new0(TgwTgwTableDef, 1);
        load_read_name(ld, child, "name", &t->name);
        if (t->name == NULL)
            t->name = g_strdup("?");
        t->line = tgw_xml_line(child);
        t->tgw = tgw;
        g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
        load_check_unique(ld, child, tgw->tables, "route table", t->name, scope);
        t->index = tgw->tables->len;
        g_ptr_array_add(tgw->tables, t);
    }
}

static TgwAttachmentDef *
attachment_new(Loader *ld, xmlNode *node, TgwTgwDef *tgw, TgwAttachmentKind kind)
{
    TgwAttachmentDef *a = g_new0(TgwAttachmentDef, 1);
    load_read_name(ld, node, "name", &a->name);
    if (a->name == NULL)
        a->name = g_strdup("?");
    a->line = tgw_xml_line(node);
    a->kind = kind;
    a->tgw = tgw;
    a->subnets = g_ptr_array_new();
    a->propagate = g_ptr_array_new();
    a->advertises = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    a->attached = TRUE;
    a->index = ld->sc->attachments->len;
    g_ptr_array_add(ld->sc->attachments, a);
    if (tgw != NULL) {
        g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
        load_check_unique(ld, node, tgw->attachments, "attachment", a->name, scope);
        g_ptr_array_add(tgw->attachments, a);
    }
    load_read_bool(ld, node, "attached", &a->attached);
    return a;
}

/* associate= and propagate= of an attachment */
static void
read_association(Loader *ld, xmlNode *node, TgwAttachmentDef *a)
{
    g_autofree char *assoc = NULL;
    g_auto(GStrv) props = NULL;

    if (a->tgw == NULL)
        return;
    if (load_read_name(ld, node, "associate", &assoc) == ATTR_OK)
        a->associate = load_resolve_tgw_table_name(ld, node, "associate", a->tgw, assoc);
    if (load_read_names(ld, node, "propagate", &props) == ATTR_OK) {
        for (guint i = 0; props[i] != NULL; i++) {
            TgwTgwTableDef *t =
                load_resolve_tgw_table_name(ld, node, "propagate", a->tgw, props[i]);
            if (t != NULL)
                g_ptr_array_add(a->propagate, t);
        }
    }
}

void
load_build_tgw_attachments(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    FOR_CHILDREN(child, node, "attachment")
    {
        g_autofree char *kind = tgw_xml_prop(child, "kind");
        TgwAttachmentKind k = TGW_ATTACHMENT_VPN;
        TgwAttachmentDef *a = NULL;

        if (g_strcmp0(kind, "dx-gateway") == 0)
            k = TGW_ATTACHMENT_DX_GATEWAY;
        else if (g_strcmp0(kind, "connect") == 0)
            k = TGW_ATTACHMENT_CONNECT;
        else if (g_strcmp0(kind, "peering") == 0)
            k = TGW_ATTACHMENT_PEERING;
        a = attachment_new(ld, child, tgw, k);
        read_association(ld, child, a);
        load_read_cidr_list(ld, child, "advertises", a->advertises);
    }
}

TgwTgwRouteDef *
load_read_tgw_route(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    TgwTgwRouteDef *r = g_new0(TgwTgwRouteDef, 1);
    g_autofree char *table = NULL, *target = NULL;
    gboolean has_target = FALSE;

    r->line = tgw_xml_line(node);
    load_read_cidr(ld, node, "cidr", &r->cidr);
    load_read_bool(ld, node, "blackhole", &r->blackhole);
    has_target = load_read_name(ld, node, "attachment", &target) == ATTR_OK;
    if (load_read_name(ld, node, "table", &table) == ATTR_OK)
        r->table = load_resolve_tgw_table_name(ld, node, "table", tgw, table);
    if (r->blackhole && has_target)
        loader_error(ld, node, "ROUTE-TARGET",
                     "route %s: a route is either to an attachment or a blackhole, not both; drop "
                     "attachment= or blackhole=",
                     table != NULL ? table : "");
    else if (!r->blackhole && !has_target &&
             xmlHasProp(node, (const xmlChar *) "attachment") == NULL)
        loader_error(
            ld, node, "ROUTE-TARGET",
            "a static TGW route needs a target: attachment=\"NAME\" or blackhole=\"true\"");
    else if (has_target)
        r->target = load_resolve_attachment_name(ld, node, "attachment", tgw, target);
    return r;
}

void
load_build_tgw_routes(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    FOR_CHILDREN(child, node, "route")
    {
        g_ptr_array_add(tgw->routes, load_read_tgw_route(ld, child, tgw));
    }
}

/* ---- VPCs ------------------------------------------------------------------------------------ */

/* <in-use> and <reservation> children of a subnet: what is taken before the run starts. Checked
 * here against the subnet itself (the sums against its usable addresses, reservations inside it
 * and apart); the lint says nothing more of them */
static void
load_subnet_occupancy(Loader *ld, xmlNode *node, TgwSubnetDef *s)
{
    guint64 usable = tgw_cidr_aws_usable(s->cidr);
    xmlNode *last = NULL;
    char a[TGW_CIDR_STRLEN], b[TGW_CIDR_STRLEN];

    FOR_CHILDREN(child, node, "in-use")
    {
        TgwInUseDef u = {tgw_xml_line(child), 0, NULL};
        g_autofree char *by = NULL;
        if (load_read_uint(ld, child, "count", 1, 16777216, &u.count) != ATTR_OK)
            continue;
        if (load_read_string(ld, child, "by", &by) == ATTR_OK &&
            !g_strv_contains((const char *const *) tgw_in_use_kinds, by)) {
            g_autofree char *list = g_strjoinv(", ", (char **) tgw_in_use_kinds);
            loader_error(ld, child, "BAD-VALUE",
                         "in-use, attribute 'by': '%s' is not an InterfaceType of "
                         "describe-network-interfaces; write one of %s",
                         by, list);
            continue;
        }
        u.by = g_strdup(by != NULL ? by : "other");
        s->in_use_total += u.count;
        last = child;
        g_array_append_val(s->in_use, u);
    }
    FOR_CHILDREN(child, node, "reservation")
    {
        TgwReservationDef r = {tgw_xml_line(child), {0, 0}, FALSE};
        g_autofree char *type = NULL;
        if (load_read_cidr(ld, child, "cidr", &r.cidr) != ATTR_OK)
            continue;
        if (load_read_string(ld, child, "type", &type) != ATTR_OK ||
            (!g_str_equal(type, "prefix") && !g_str_equal(type, "explicit"))) {
            loader_error(ld, child, "BAD-VALUE",
                         "reservation %s: type must be prefix or explicit (the "
                         "ReservationType of CreateSubnetCidrReservation)",
                         tgw_cidr_format(r.cidr, a));
            continue;
        }
        r.prefix = g_str_equal(type, "prefix");
        if (!tgw_cidr_contains(s->cidr, r.cidr)) {
            loader_error(ld, child, "RESERVATION-OUTSIDE",
                         "reservation %s is not inside subnet '%s' (%s): a CIDR reservation is "
                         "a block of its subnet",
                         tgw_cidr_format(r.cidr, a), s->name, tgw_cidr_format(s->cidr, b));
            continue;
        }
        if (r.prefix && r.cidr.len > 28) {
            loader_error(ld, child, "BAD-VALUE",
                         "reservation %s: a prefix reservation holds whole /28 prefixes, so it is "
                         "a /28 or larger",
                         tgw_cidr_format(r.cidr, a));
            continue;
        }
        for (guint i = 0; i < s->reservations->len; i++) {
            const TgwReservationDef *o = &g_array_index(s->reservations, TgwReservationDef, i);
            if (tgw_cidr_overlaps(o->cidr, r.cidr)) {
                loader_error(ld, child, "RESERVATION-OVERLAP",
                             "reservation %s overlaps reservation %s (line %d): reservations of "
                             "a subnet are apart",
                             tgw_cidr_format(r.cidr, a), tgw_cidr_format(o->cidr, b), o->line);
                r.cidr.len = 0;
                break;
            }
        }
        if (r.cidr.len == 0)
            continue;
        g_array_append_val(s->reservations, r);
    }
    if (s->in_use_total > usable && last != NULL)
        loader_error(ld, last, "IN-USE-OVER",
                     "subnet '%s' (%s) has %" G_GUINT64_FORMAT " usable addresses, but its "
                     "<in-use> elements add up to %" G_GUINT64_FORMAT ": at most %" G_GUINT64_FORMAT
                     " can be in use",
                     s->name, tgw_cidr_format(s->cidr, a), usable, s->in_use_total, usable);
}

TgwSubnetDef *
load_subnet_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gint64 added_ms)
{
    TgwSubnetDef *s = g_new0(TgwSubnetDef, 1);
    load_read_name(ld, node, "name", &s->name);
    load_read_name(ld, node, "az", &s->az);
    if (s->name == NULL)
        s->name = g_strdup("?");
    if (s->az == NULL)
        s->az = g_strdup("?");
    s->line = tgw_xml_line(node);
    s->vpc = vpc;
    s->added_ms = added_ms;
    load_read_cidr(ld, node, "cidr", &s->cidr);
    load_read_bool(ld, node, "cni-discovery", &s->cni_discovery);
    {
        g_autofree char *scope = g_strdup_printf("VPC '%s'", vpc->name);
        load_check_unique(ld, node, vpc->subnets, "subnet", s->name, scope);
    }
    s->in_use = g_array_new(FALSE, TRUE, sizeof(TgwInUseDef));
    s->reservations = g_array_new(FALSE, TRUE, sizeof(TgwReservationDef));
    load_subnet_occupancy(ld, node, s);
    s->index = ld->sc->subnets->len;
    g_ptr_array_add(ld->sc->subnets, s);
    g_ptr_array_add(vpc->subnets, s);
    return s;
}

TgwCidrBlockDef *
load_cidr_block_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gboolean primary, gint64 added_ms)
{
    TgwCidrBlockDef *b = g_new0(TgwCidrBlockDef, 1);
    b->line = tgw_xml_line(node);
    b->primary = primary;
    b->added_ms = added_ms;
    load_read_cidr(ld, node, "cidr", &b->cidr);
    g_ptr_array_add(vpc->cidr_blocks, b);
    return b;
}

static TgwVpcTableDef *
vpc_table_new(TgwVpcDef *vpc, const char *name, int line, gboolean main)
{
    TgwVpcTableDef *t = g_new0(TgwVpcTableDef, 1);
    t->name = g_strdup(name);
    t->line = line;
    t->vpc = vpc;
    t->main = main;
    t->routes = g_ptr_array_new();
    t->subnets = g_ptr_array_new();
    return t;
}

/* associates subnets with a table; a subnet can be in one table only */
static void
associate_subnets(Loader *ld, xmlNode *node, TgwVpcTableDef *t, const char *attr)
{
    g_autoptr(GPtrArray) subnets = load_resolve_subnets_in(ld, node, attr, t->vpc);
    for (guint i = 0; subnets != NULL && i < subnets->len; i++) {
        TgwSubnetDef *s = subnets->pdata[i];
        if (s->table != NULL) {
            loader_error(ld, node, "SUBNET-TWO-TABLES",
                         "route table '%s': subnet '%s' is already associated with route table "
                         "'%s' (line %d); a subnet has exactly one route table",
                         t->name, s->name, s->table->name, s->table->line);
            continue;
        }
        s->table = t;
        g_ptr_array_add(t->subnets, s);
    }
}

void
load_build_vpc(Loader *ld, xmlNode *node)
{
    TgwVpcDef *vpc = g_new0(TgwVpcDef, 1);
    TgwVpcTableDef *main_table = NULL;

    load_read_name(ld, node, "name", &vpc->name);
    if (vpc->name == NULL)
        vpc->name = g_strdup("?");
    vpc->line = tgw_xml_line(node);
    vpc->cidr_blocks = g_ptr_array_new_with_free_func(g_free);
    vpc->subnets = g_ptr_array_new();
    vpc->tables = g_ptr_array_new();
    vpc->attachments = g_ptr_array_new();
    load_check_unique(ld, node, ld->sc->vpcs, "VPC", vpc->name, NULL);
    vpc->index = ld->sc->vpcs->len;
    g_ptr_array_add(ld->sc->vpcs, vpc);

    load_cidr_block_new(ld, node, vpc, TRUE, 0);
    FOR_CHILDREN(child, node, "cidr-block")
    {
        load_cidr_block_new(ld, child, vpc, FALSE, 0);
    }
    FOR_CHILDREN(child, node, "subnet")
    {
        load_subnet_new(ld, child, vpc, 0);
    }
    /* the main table goes first; without an explicit one AWS gives every VPC one */
    FOR_CHILDREN(child, node, "route-table")
    {
        gboolean main = FALSE;
        g_autofree char *name = NULL;
        load_read_bool(ld, child, "main", &main);
        load_read_name(ld, child, "name", &name);
        if (name == NULL)
            name = g_strdup("?");
        if (main && main_table != NULL) {
            loader_error(ld, child, "VPC-TWO-MAIN-TABLES",
                         "route table '%s' is marked main, but '%s' (line %d) already is; a VPC "
                         "has one main route table",
                         name, main_table->name, main_table->line);
            main = FALSE;
        }
        TgwVpcTableDef *t = vpc_table_new(vpc, name, tgw_xml_line(child), main);
        g_hash_table_insert(ld->built, child, t);
        {
            g_autofree char *scope = g_strdup_printf("VPC '%s'", vpc->name);
            load_check_unique(ld, child, vpc->tables, "route table", t->name, scope);
        }
        if (main) {
            main_table = t;
            g_ptr_array_insert(vpc->tables, 0, t);
        } else {
            g_ptr_array_add(vpc->tables, t);
        }
        associate_subnets(ld, child, t, "subnets");
    }
    if (main_table == NULL) {
        main_table = vpc_table_new(vpc, "main", 0, TRUE);
        g_ptr_array_insert(vpc->tables, 0, main_table);
    }
}

/* subnets without an explicit table use the main table */
void
load_fill_subnet_tables(Loader *ld)
{
    for (guint i = 0; i < ld->sc->subnets->len; i++) {
        TgwSubnetDef *s = ld->sc->subnets->pdata[i];
        if (s->table == NULL)
            s->table = s->vpc->tables->pdata[0];
    }
}

void
load_build_vpc_attachments(Loader *ld, xmlNode *node, TgwVpcDef *vpc)
{
    FOR_CHILDREN(child, node, "tgw-attachment")
    {
        TgwTgwDef *tgw = load_resolve_tgw(ld, child, "transit-gateway");
        TgwAttachmentDef *a = attachment_new(ld, child, tgw, TGW_ATTACHMENT_VPC);
        g_autoptr(GPtrArray) subnets = load_resolve_subnets_in(ld, child, "subnets", vpc);

        a->vpc = vpc;
        g_ptr_array_add(vpc->attachments, a);
        if (subnets != NULL)
            g_ptr_array_extend(a->subnets, subnets, NULL, NULL);
        load_read_bool(ld, child, "appliance-mode", &a->appliance_mode);
        read_association(ld, child, a);
    }
}

static gboolean
parse_route_target(Loader *ld, xmlNode *node, TgwVpcRouteDef *r, const char *target)
{
    static const struct {
        const char *prefix;
        TgwTargetKind kind;
        gboolean named;
    } kinds[] = {
        {"transit-gateway", TGW_TARGET_TRANSIT_GATEWAY, TRUE},
        {"nat-gateway", TGW_TARGET_NAT_GATEWAY, TRUE},
        {"internet-gateway", TGW_TARGET_INTERNET_GATEWAY, FALSE},
        {"peering", TGW_TARGET_PEERING, TRUE},
        {"network-interface", TGW_TARGET_NETWORK_INTERFACE, TRUE},
        {"blackhole", TGW_TARGET_BLACKHOLE, FALSE},
    };
    const char *colon = strchr(target, ':');
    gsize prefix_len = colon != NULL ? (gsize) (colon - target) : strlen(target);
    g_autofree char *cidr = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (strlen(kinds[i].prefix) != prefix_len ||
            strncmp(kinds[i].prefix, target, prefix_len) != 0)
            continue;
        if (kinds[i].named && (colon == NULL || !load_name_is_valid(colon + 1)))
            break;
        if (!kinds[i].named && colon != NULL)
            break;
        r->target = kinds[i].kind;
        r->target_name = colon != NULL ? g_strdup(colon + 1) : NULL;
        return TRUE;
    }
    cidr = tgw_xml_prop(node, "cidr");
    loader_error(ld, node, "BAD-VALUE",
                 "route %s: target '%s' is not understood; write transit-gateway:NAME, "
                 "nat-gateway:NAME, internet-gateway, peering:NAME, network-interface:NAME or "
                 "blackhole (the local routes are implicit)",
                 cidr != NULL ? cidr : "", target);
    return FALSE;
}

void
load_build_vpc_routes(Loader *ld, xmlNode *node, TgwVpcDef *vpc)
{
    FOR_CHILDREN(table_node, node, "route-table")
    {
        TgwVpcTableDef *table = g_hash_table_lookup(ld->built, table_node);
        FOR_CHILDREN(child, table_node, "route")
        {
            TgwVpcRouteDef *r = g_new0(TgwVpcRouteDef, 1);
            g_autofree char *target = tgw_xml_prop(child, "target");
            r->line = tgw_xml_line(child);
            g_ptr_array_add(table->routes, r);
            load_read_cidr(ld, child, "cidr", &r->cidr);
            if (target == NULL || !parse_route_target(ld, child, r, target))
                continue;
            if (r->target == TGW_TARGET_TRANSIT_GATEWAY) {
                r->tgw = load_lookup_named(ld, child, "target", ld->sc->tgws, "transit gateway",
                                           r->target_name, NULL);
            } else if (r->target == TGW_TARGET_NAT_GATEWAY) {
                r->nat = tgw_scenario_find_consumer(ld->sc, r->target_name);
                if (r->nat == NULL || r->nat->kind != TGW_CONSUMER_NAT_GATEWAY) {
                    loader_error(ld, child, "UNKNOWN-REF",
                                 "route: no NAT gateway named '%s'; declare it with "
                                 "<nat-gateway name=\"%s\" vpc=\"%s\" .../>",
                                 r->target_name, r->target_name, vpc->name);
                    r->nat = NULL;
                } else if (r->nat->vpc != vpc) {
                    loader_error(ld, child, "ROUTE-TARGET",
                                 "route: NAT gateway '%s' is in VPC '%s', not in '%s'; a route "
                                 "can only target a NAT gateway of its own VPC",
                                 r->target_name, r->nat->vpc != NULL ? r->nat->vpc->name : "?",
                                 vpc->name);
                }
            }
        }
    }
}
