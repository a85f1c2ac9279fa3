/* tgw-routing-lint.c: the routing design findings (codes listed in tgw-routing.h).
 *
 * Most routing problems depend on time: a timeline attaches a VPC later, adds a CIDR block or a
 * static route. So the checks run on a routing snapshot at time 0 and after each routing action
 * within the horizon; a finding seen in several snapshots is reported once (with " (at T)" when
 * it first shows after time 0). Two checks need every snapshot before they can judge — a route
 * to an attachment that is never attached can never work (error), one that is detached for a
 * while is a blackhole for that while (warning) — so they count presence across snapshots and
 * report at the end. Checks that do not depend on time (quotas on declarations, peering
 * propagation, unassociated attachments) run once on the scenario. */
#include "tgw-routing-private.h"

#include "tgw-value.h"

#define QUOTA_ROUTE_TABLES   20
#define QUOTA_ROUTES         10000
#define QUOTA_ATTACHMENTS    5000
#define QUOTA_PEERING        50
#define QUOTA_TGWS_PER_VPC   5
#define QUOTA_VPC_ROUTES     50
#define QUOTA_VPC_ROUTES_MAX 1000

typedef struct {
    guint present; /* snapshots in which the route exists */
    guint missing; /* ... and its attachment is not attached */
    gint64 first_missing_ms;
} Presence;

typedef struct {
    const TgwScenario *sc;
    TgwFindings *findings;
    gint64 at_ms;              /* the snapshot being judged */
    GHashTable *seen;          /* "CODE\nLINE\nMESSAGE" already reported */
    GHashTable *static_routes; /* TgwTgwRouteDef* -> Presence* */
    GHashTable *vpc_routes;    /* TgwVpcRouteDef* -> Presence* */
    GHashTable *used_tables;   /* TgwTgwTableDef* some attached attachment is associated with */
} RLint;

static void add_va(RLint *l, gboolean once_per_line, TgwSeverity severity, int line,
                   const char *code, const char *fmt, va_list ap) G_GNUC_PRINTF(6, 0);

/* reports once per distinct finding over all snapshots: per message, or with once_per_line per
 * code and line whatever the message says */
static void
add_va(RLint *l, gboolean once_per_line, TgwSeverity severity, int line, const char *code,
       const char *fmt, va_list ap)
{
    g_autofree char *message = g_strdup_vprintf(fmt, ap);
    char *key = g_strdup_printf("%s\n%d\n%s", code, line, once_per_line ? "" : message);

    if (!g_hash_table_add(l->seen, key))
        return;
    if (l->at_ms > 0) {
        g_autofree char *t = tgw_duration_format(l->at_ms);
        g_autofree char *timed = g_strdup_printf("%s (at %s)", message, t);
        tgw_findings_add_literal(l->findings, severity, code, l->sc->file, line, timed);
        return;
    }
    tgw_findings_add_literal(l->findings, severity, code, l->sc->file, line, message);
}

static void add(RLint *l, TgwSeverity severity, int line, const char *code, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);

static void
add(RLint *l, TgwSeverity severity, int line, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_va(l, FALSE, severity, line, code, fmt, ap);
    va_end(ap);
}

static void add_once(RLint *l, TgwSeverity severity, int line, const char *code, const char *fmt,
                     ...) G_GNUC_PRINTF(5, 6);

/* for a count that changes from one snapshot to the next (routes, attachments over a quota): the
 * first snapshot over the quota is reported, not one finding per routing action after it */
static void
add_once(RLint *l, TgwSeverity severity, int line, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_va(l, TRUE, severity, line, code, fmt, ap);
    va_end(ap);
}

static Presence *
presence_of(GHashTable *table, gconstpointer key)
{
    Presence *p = g_hash_table_lookup(table, key);
    if (p == NULL) {
        p = g_new0(Presence, 1);
        g_hash_table_insert(table, (gpointer) key, p);
    }
    return p;
}

static void
presence_count(RLint *l, Presence *p, gboolean missing)
{
    p->present++;
    if (missing && p->missing++ == 0)
        p->first_missing_ms = l->at_ms;
}

/* ---- checks on declarations ------------------------------------------------------------------ */

static void
check_static_target_kind(RLint *l, const TgwTgwRouteDef *def)
{
    char cidr[TGW_CIDR_STRLEN];
    if (def->target == NULL || (def->target->kind != TGW_ATTACHMENT_DX_GATEWAY &&
                                def->target->kind != TGW_ATTACHMENT_CONNECT))
        return;
    add(l, TGW_SEVERITY_ERROR, def->line, "TGW-ROUTE-TARGET-KIND",
        "static route %s targets %s attachment '%s'; AWS accepts static routes only to VPC, VPN "
        "and peering attachments (or blackhole): let the attachment propagate the prefix "
        "(advertises=) instead",
        tgw_cidr_format(def->cidr, cidr), tgw_attachment_kind_name(def->target->kind),
        def->target->name);
}

static void
check_attachments(RLint *l, const TgwTgwDef *tgw)
{
    guint peering = 0;

    for (guint i = 0; i < tgw->attachments->len; i++) {
        const TgwAttachmentDef *a = tgw->attachments->pdata[i];
        if (a->kind == TGW_ATTACHMENT_PEERING) {
            peering++;
            if (a->propagate->len > 0 || a->advertises->len > 0)
                add(l, TGW_SEVERITY_ERROR, a->line, "TGW-PEERING-PROPAGATES",
                    "peering attachment '%s' has %s; a TGW peering attachment supports only "
                    "static routes: drop propagate=/advertises= and add <route table=... "
                    "attachment=\"%s\"/> for the peer's CIDRs",
                    a->name, a->propagate->len > 0 ? "propagate=" : "advertises=", a->name);
        }
        if (a->associate == NULL)
            add(l, TGW_SEVERITY_WARNING, a->line, "TGW-ATTACHMENT-UNASSOCIATED",
                "attachment '%s' is associated with no route table of transit gateway '%s', so "
                "the transit gateway drops everything that enters through it (replies "
                "included): add associate=\"TABLE\"",
                a->name, tgw->name);
    }
    if (peering > QUOTA_PEERING)
        add(l, TGW_SEVERITY_WARNING, tgw->line, "TGW-QUOTA-PEERING",
            "transit gateway '%s' has %u peering attachments; the quota is %u (adjustable): "
            "request an increase",
            tgw->name, peering, QUOTA_PEERING);
    if (tgw->tables->len > QUOTA_ROUTE_TABLES)
        add(l, TGW_SEVERITY_WARNING, tgw->line, "TGW-QUOTA-ROUTE-TABLES",
            "transit gateway '%s' has %u route tables; the quota is %u per transit gateway "
            "(adjustable): request an increase or merge tables",
            tgw->name, tgw->tables->len, QUOTA_ROUTE_TABLES);
    for (guint i = 0; i < tgw->routes->len; i++)
        check_static_target_kind(l, tgw->routes->pdata[i]);
}

static void
check_vpc_declarations(RLint *l, const TgwVpcDef *vpc)
{
    g_autoptr(GPtrArray) tgws = g_ptr_array_new();

    for (guint i = 0; i < vpc->attachments->len; i++) {
        const TgwAttachmentDef *a = vpc->attachments->pdata[i];
        if (a->tgw != NULL && !g_ptr_array_find(tgws, a->tgw, NULL))
            g_ptr_array_add(tgws, a->tgw);
    }
    if (tgws->len > QUOTA_TGWS_PER_VPC)
        add(l, TGW_SEVERITY_ERROR, vpc->line, "TGW-QUOTA-TGWS-PER-VPC",
            "VPC '%s' is attached to %u transit gateways; AWS allows at most %u per VPC (not "
            "adjustable)",
            vpc->name, tgws->len, QUOTA_TGWS_PER_VPC);
    for (guint t = 0; t < vpc->tables->len; t++) {
        const TgwVpcTableDef *table = vpc->tables->pdata[t];
        guint n = table->routes->len;
        if (n > QUOTA_VPC_ROUTES_MAX)
            add(l, TGW_SEVERITY_ERROR, table->line, "VPC-QUOTA-ROUTES",
                "route table '%s' of VPC '%s' has %u routes; AWS allows at most %u "
                "non-propagated routes per table even after an increase",
                table->name, vpc->name, n, QUOTA_VPC_ROUTES_MAX);
        else if (n > QUOTA_VPC_ROUTES)
            add(l, TGW_SEVERITY_WARNING, table->line, "VPC-QUOTA-ROUTES",
                "route table '%s' of VPC '%s' has %u routes; the default quota is %u "
                "(adjustable to %u): request an increase before deploying",
                table->name, vpc->name, n, QUOTA_VPC_ROUTES, QUOTA_VPC_ROUTES_MAX);
    }
}

/* ---- checks on one snapshot: TGW tables ------------------------------------------------------ */

static char *
half_blocks(TgwCidr cidr)
{
    char a[TGW_CIDR_STRLEN], b[TGW_CIDR_STRLEN];
    TgwCidr lo = {cidr.addr, (guint8) (cidr.len + 1)};
    TgwCidr hi = {cidr.addr | (1u << (31 - cidr.len)), (guint8) (cidr.len + 1)};
    if (cidr.len >= 32)
        return g_strdup(tgw_cidr_format(cidr, a));
    return g_strdup_printf("%s and %s", tgw_cidr_format(lo, a), tgw_cidr_format(hi, b));
}

/* routes[first..end) share a prefix; the installed one is routes[first] */
static void
check_shadowed_group(RLint *l, const TgwTableState *ts, const GPtrArray *routes, guint first,
                     guint end)
{
    const TgwRoute *winner = routes->pdata[first];
    const TgwRoute *first_shadowed = NULL;
    g_autoptr(GString) losers = g_string_new(NULL);
    g_autofree char *halves = NULL;
    char cidr[TGW_CIDR_STRLEN];

    if (winner->origin != TGW_ORIGIN_VPC)
        return; /* a static route overrides them: the fix is already there */
    for (guint i = first + 1; i < end; i++) {
        const TgwRoute *route = routes->pdata[i];
        if (route->origin != TGW_ORIGIN_VPC)
            continue;
        if (first_shadowed == NULL)
            first_shadowed = route;
        g_string_append_printf(losers, "%s'%s' (attachment '%s', line %d)",
                               losers->len > 0 ? ", " : "", route->target->vpc->name,
                               route->target->name, route->line);
    }
    if (first_shadowed == NULL)
        return;
    tgw_cidr_format(winner->cidr, cidr);
    halves = half_blocks(winner->cidr);
    add(l, TGW_SEVERITY_WARNING, first_shadowed->line, "TGW-CIDR-SHADOWED",
        "TGW table '%s/%s': %s is propagated by VPC '%s' (attachment '%s', attached first: "
        "installed) and also by VPC %s, whose route is shadowed; a transit gateway installs an "
        "identical CIDR only from the VPC attached first, so traffic to %s through this table "
        "goes to '%s' and the other VPCs' addresses in it cannot be reached (their pods still "
        "reach out when the VPC CNI SNATs them to node IPs). Usual fixes: turn off propagation "
        "of these attachments into '%s' and add static routes for the routable blocks only; or "
        "keep propagation and add more-specific static blackhole routes (%s); or hide the block "
        "behind a private NAT gateway in a routable subnet",
        ts->def->tgw->name, ts->def->name, cidr, winner->target->vpc->name, winner->target->name,
        losers->str, cidr, winner->target->vpc->name, ts->def->name, halves);
}

static void
check_shadowed(RLint *l, const TgwTableState *ts)
{
    const GPtrArray *routes = ts->routes;
    guint first = 0;

    for (guint i = 1; i <= routes->len; i++) {
        const TgwRoute *a = routes->pdata[first];
        if (i < routes->len && tgw_cidr_equal(a->cidr, ((const TgwRoute *) routes->pdata[i])->cidr))
            continue;
        if (i - first > 1)
            check_shadowed_group(l, ts, routes, first, i);
        first = i;
    }
}

static void
report_overlap(RLint *l, const TgwTableState *ts, const TgwRoute *outer, const TgwRoute *inner)
{
    char o[TGW_CIDR_STRLEN], in[TGW_CIDR_STRLEN];

    tgw_cidr_format(outer->cidr, o);
    tgw_cidr_format(inner->cidr, in);
    add(l, TGW_SEVERITY_WARNING, inner->line, "TGW-CIDR-OVERLAP",
        "TGW table '%s/%s': VPC '%s' propagates %s (attachment '%s') and VPC '%s' propagates %s "
        "(attachment '%s'), which lies inside it; longest prefix match silently sends %s to '%s' "
        "and the rest of %s to '%s', so the addresses of '%s' inside %s cannot be reached through "
        "this table: give the VPCs disjoint CIDRs, or turn off propagation and route with static "
        "routes",
        ts->def->tgw->name, ts->def->name, outer->target->vpc->name, o, outer->target->name,
        inner->target->vpc->name, in, inner->target->name, in, inner->target->vpc->name, o,
        outer->target->vpc->name, outer->target->vpc->name, in);
}

/* installed VPC-propagated routes nested in one another: a sweep over the CIDR-ordered routes
 * with a stack of the prefixes still open, so only real pairs are visited */
static void
check_overlaps(RLint *l, const TgwTableState *ts)
{
    g_autoptr(GPtrArray) stack = g_ptr_array_new();

    for (guint i = 0; i < ts->routes->len; i++) {
        const TgwRoute *route = ts->routes->pdata[i];
        if (route->origin != TGW_ORIGIN_VPC || route->state == TGW_ROUTE_SHADOWED)
            continue;
        while (stack->len > 0) {
            const TgwRoute *top = stack->pdata[stack->len - 1];
            if (tgw_cidr_contains(top->cidr, route->cidr))
                break;
            g_ptr_array_set_size(stack, stack->len - 1);
        }
        for (guint j = 0; j < stack->len; j++) {
            const TgwRoute *outer = stack->pdata[j];
            if (outer->target->vpc != route->target->vpc)
                report_overlap(l, ts, outer, route);
        }
        g_ptr_array_add(stack, (gpointer) route);
    }
}

static gint
def_cidr_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwTgwRouteDef *a = *(const TgwTgwRouteDef *const *) pa;
    const TgwTgwRouteDef *b = *(const TgwTgwRouteDef *const *) pb;
    gint c = tgw_cidr_compare(&a->cidr, &b->cidr);
    return c != 0 ? c : (a->line > b->line) - (a->line < b->line);
}

static void
check_statics(RLint *l, TgwRouting *r, const TgwTableState *ts)
{
    g_autoptr(GPtrArray) sorted = g_ptr_array_copy(ts->statics, NULL, NULL);
    char cidr[TGW_CIDR_STRLEN];

    for (guint i = 0; i < ts->statics->len; i++) {
        const TgwTgwRouteDef *def = ts->statics->pdata[i];
        gboolean missing = def->target != NULL && !tgw_routing_attachment_attached(r, def->target);
        if (!def->blackhole)
            presence_count(l, presence_of(l->static_routes, def), missing);
    }
    g_ptr_array_sort(sorted, def_cidr_compare);
    for (guint i = 1; i < sorted->len; i++) {
        const TgwTgwRouteDef *a = sorted->pdata[i - 1], *b = sorted->pdata[i];
        if (!tgw_cidr_equal(a->cidr, b->cidr))
            continue;
        add(l, TGW_SEVERITY_ERROR, b->line, "TGW-QUOTA-STATIC-PREFIX",
            "TGW table '%s/%s' already has a static route for %s (line %d); a table takes one "
            "static route per prefix (quota: 1, not adjustable; AWS answers "
            "RouteAlreadyExists): remove one, or remove-route before add-route",
            ts->def->tgw->name, ts->def->name, tgw_cidr_format(b->cidr, cidr), a->line);
    }
}

static void
check_tgw_snapshot(RLint *l, TgwRouting *r, const TgwTgwState *gs)
{
    guint attached = 0;

    for (guint t = 0; t < gs->def->tables->len; t++) {
        const TgwTableState *ts = &gs->tables[t];
        if (ts->associations->len > 0)
            g_hash_table_add(l->used_tables, (gpointer) ts->def);
        check_shadowed(l, ts);
        check_overlaps(l, ts);
        check_statics(l, r, ts);
    }
    for (guint i = 0; i < gs->def->attachments->len; i++)
        attached += tgw_routing_attachment_attached(r, gs->def->attachments->pdata[i]);
    if (gs->installed > QUOTA_ROUTES)
        add_once(l, TGW_SEVERITY_WARNING, gs->def->line, "TGW-QUOTA-ROUTES",
                 "transit gateway '%s' holds %u routes over its tables; the quota is %u routes per "
                 "transit gateway (static and propagated, adjustable): request an increase or "
                 "summarise prefixes",
                 gs->def->name, gs->installed, QUOTA_ROUTES);
    if (attached > QUOTA_ATTACHMENTS)
        add_once(l, TGW_SEVERITY_ERROR, gs->def->line, "TGW-QUOTA-ATTACHMENTS",
                 "transit gateway '%s' has %u attachments at once; AWS allows at most %u per "
                 "transit gateway (not adjustable): spread them over several transit gateways",
                 gs->def->name, attached, QUOTA_ATTACHMENTS);
}

/* ---- checks on one snapshot: VPC tables ------------------------------------------------------ */

static const TgwCidrBlockDef *
block_holding(TgwRouting *r, const TgwVpcDef *vpc, TgwCidr cidr)
{
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (r->vpcs[vpc->index].block_present[i] && tgw_cidr_contains(b->cidr, cidr))
            return b;
    }
    return NULL;
}

static void
check_vpc_route(RLint *l, TgwRouting *r, const TgwVpcTableState *ts, const TgwVpcRoute *route)
{
    const TgwVpcDef *vpc = ts->def->vpc;
    const TgwCidrBlockDef *block = NULL;
    g_autofree char *target = tgw_vpc_route_target_string(route);
    char cidr[TGW_CIDR_STRLEN], b[TGW_CIDR_STRLEN];

    if (route->def == NULL)
        return;
    tgw_cidr_format(route->cidr, cidr);
    if (route->state == TGW_VPC_ROUTE_INVALID) {
        block = block_holding(r, vpc, route->cidr);
        add(l, TGW_SEVERITY_ERROR, route->def->line, "VPC-ROUTE-SHADOWS-LOCAL",
            "route %s -> %s in table '%s' of VPC '%s' lies inside the VPC's block %s; AWS "
            "refuses a route more specific than a local route unless it targets a NAT gateway "
            "or network interface and covers a whole subnet, so traffic to the VPC's own "
            "addresses always stays local: remove the route",
            cidr, target, ts->def->name, vpc->name,
            block != NULL ? tgw_cidr_format(block->cidr, b) : "?");
        return;
    }
    if (route->target == TGW_TARGET_TRANSIT_GATEWAY && route->def->tgw != NULL)
        presence_count(l, presence_of(l->vpc_routes, route->def),
                       route->state == TGW_VPC_ROUTE_BLACKHOLE);
}

/* one finding per (subnet, TGW): the first route of the table to that TGW names it */
static void
check_subnet_azs(RLint *l, TgwRouting *r, const TgwVpcTableState *ts, const TgwSubnetDef *s)
{
    g_autoptr(GPtrArray) done = g_ptr_array_new();
    char cidr[TGW_CIDR_STRLEN];

    for (guint i = 0; i < ts->routes->len; i++) {
        const TgwVpcRoute *route = ts->routes->pdata[i];
        const TgwAttachmentDef *a = NULL;
        if (route->target != TGW_TARGET_TRANSIT_GATEWAY || route->state != TGW_VPC_ROUTE_ACTIVE ||
            g_ptr_array_find(done, route->def->tgw, NULL))
            continue;
        g_ptr_array_add(done, route->def->tgw);
        a = tgw_routing_vpc_attachment(r, s->vpc, route->def->tgw);
        if (a == NULL || tgw_attachment_subnet_in(a, s->az) != NULL)
            continue;
        add(l, TGW_SEVERITY_WARNING, s->line, "VPC-ROUTE-NO-ATTACHMENT-AZ",
            "subnet '%s' of VPC '%s' (%s) uses route table '%s', which sends %s to transit "
            "gateway '%s', but attachment '%s' (line %d) has no subnet in %s; a TGW attachment "
            "serves only the AZs where it has a subnet, so that traffic is dropped: add a subnet "
            "in %s to the attachment",
            s->name, s->vpc->name, s->az, ts->def->name, tgw_cidr_format(route->cidr, cidr),
            route->def->tgw->name, a->name, a->line, s->az, s->az);
    }
}

static void
check_vpc_snapshot(RLint *l, TgwRouting *r, const TgwVpcState *vs)
{
    for (guint t = 0; t < vs->def->tables->len; t++) {
        const TgwVpcTableState *ts = &vs->tables[t];
        for (guint i = 0; i < ts->routes->len; i++)
            check_vpc_route(l, r, ts, ts->routes->pdata[i]);
        for (guint i = 0; i < ts->subnets->len; i++)
            check_subnet_azs(l, r, ts, ts->subnets->pdata[i]);
    }
}

/* ---- checks across snapshots ----------------------------------------------------------------- */

static void
report_static_presence(RLint *l)
{
    GHashTableIter it;
    gpointer key, value;
    g_autoptr(GPtrArray) defs = g_ptr_array_new();
    char cidr[TGW_CIDR_STRLEN];

    g_hash_table_iter_init(&it, l->static_routes);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (((Presence *) value)->missing > 0)
            g_ptr_array_add(defs, key);
    }
    g_ptr_array_sort(defs, def_cidr_compare); /* hash order must not leak into the output */
    l->at_ms = 0;
    for (guint i = 0; i < defs->len; i++) {
        const TgwTgwRouteDef *def = defs->pdata[i];
        const Presence *p = g_hash_table_lookup(l->static_routes, def);
        g_autofree char *t = tgw_duration_format(p->first_missing_ms);
        tgw_cidr_format(def->cidr, cidr);
        if (p->missing == p->present)
            add(l, TGW_SEVERITY_ERROR, def->line, "TGW-ROUTE-TARGET-DETACHED",
                "static route %s in TGW table '%s' targets attachment '%s', which is never "
                "attached while the route exists; AWS refuses a route to an attachment that "
                "does not exist: attach it (attached=\"true\" or a timeline attach) or remove "
                "the route",
                cidr, def->table->name, def->target->name);
        else
            add(l, TGW_SEVERITY_WARNING, def->line, "TGW-ROUTE-TARGET-DETACHED",
                "static route %s in TGW table '%s' targets attachment '%s', which is not "
                "attached at %s; the route is then a blackhole and drops the traffic: remove the "
                "route with the attachment, or keep it only if dropping is meant",
                cidr, def->table->name, def->target->name, t);
    }
}

static gint
vpc_def_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwVpcRouteDef *a = *(const TgwVpcRouteDef *const *) pa;
    const TgwVpcRouteDef *b = *(const TgwVpcRouteDef *const *) pb;
    return (a->line > b->line) - (a->line < b->line);
}

static void
report_vpc_presence(RLint *l)
{
    GHashTableIter it;
    gpointer key, value;
    g_autoptr(GPtrArray) defs = g_ptr_array_new();
    char cidr[TGW_CIDR_STRLEN];

    g_hash_table_iter_init(&it, l->vpc_routes);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (((Presence *) value)->missing > 0)
            g_ptr_array_add(defs, key);
    }
    g_ptr_array_sort(defs, vpc_def_compare);
    l->at_ms = 0;
    for (guint i = 0; i < defs->len; i++) {
        const TgwVpcRouteDef *def = defs->pdata[i];
        const Presence *p = g_hash_table_lookup(l->vpc_routes, def);
        g_autofree char *t = tgw_duration_format(p->first_missing_ms);
        tgw_cidr_format(def->cidr, cidr);
        if (p->missing == p->present)
            add(l, TGW_SEVERITY_ERROR, def->line, "VPC-ROUTE-NO-ATTACHMENT",
                "route %s targets transit gateway '%s', but the VPC is never attached to it; "
                "the route can never carry traffic: add a <tgw-attachment transit-gateway=\"%s\" "
                "...> to the VPC or remove the route",
                cidr, def->tgw->name, def->tgw->name);
        else
            add(l, TGW_SEVERITY_WARNING, def->line, "VPC-ROUTE-NO-ATTACHMENT",
                "route %s targets transit gateway '%s', but the VPC is not attached to it at %s; "
                "the route is a blackhole then",
                cidr, def->tgw->name, t);
    }
}

static void
report_unused_tables(RLint *l)
{
    l->at_ms = 0;
    for (guint t = 0; t < l->sc->tgws->len; t++) {
        const TgwTgwDef *tgw = l->sc->tgws->pdata[t];
        for (guint i = 0; i < tgw->tables->len; i++) {
            const TgwTgwTableDef *table = tgw->tables->pdata[i];
            if (g_hash_table_contains(l->used_tables, table))
                continue;
            add(l, TGW_SEVERITY_WARNING, table->line, "TGW-TABLE-UNUSED",
                "route table '%s' of transit gateway '%s' has no attached attachment associated "
                "with it, so no traffic is ever looked up in it: associate an attachment "
                "(associate=\"%s\") or remove the table",
                table->name, tgw->name, table->name);
        }
    }
}

/* ---- driver ---------------------------------------------------------------------------------- */

static gboolean
is_routing_action(TgwActionKind kind)
{
    return kind == TGW_ACTION_ATTACH || kind == TGW_ACTION_DETACH || kind == TGW_ACTION_ADD_ROUTE ||
           kind == TGW_ACTION_REMOVE_ROUTE || kind == TGW_ACTION_ADD_CIDR_BLOCK ||
           kind == TGW_ACTION_ADD_SUBNET;
}

/* 0, then each distinct time of a routing action within the horizon */
static GArray *
snapshot_times(const TgwScenario *sc)
{
    GArray *times = g_array_new(FALSE, FALSE, sizeof(gint64));
    gint64 zero = 0;

    g_array_append_val(times, zero);
    for (guint i = 0; i < sc->actions->len; i++) {
        const TgwActionDef *act = sc->actions->pdata[i];
        gint64 last = g_array_index(times, gint64, times->len - 1);
        if (!is_routing_action(act->kind) || act->at_ms > sc->horizon_ms || act->at_ms <= last)
            continue;
        g_array_append_val(times, act->at_ms);
    }
    return times;
}

static void
check_snapshot(RLint *l, gint64 at_ms)
{
    g_autoptr(TgwRouting) r = tgw_routing_new(l->sc, at_ms);

    l->at_ms = at_ms;
    for (guint t = 0; t < l->sc->tgws->len; t++)
        check_tgw_snapshot(l, r, &r->tgws[t]);
    for (guint v = 0; v < l->sc->vpcs->len; v++)
        check_vpc_snapshot(l, r, &r->vpcs[v]);
}

void
tgw_routing_lint(const TgwScenario *sc, TgwFindings *findings)
{
    RLint l = {sc, findings, 0, NULL, NULL, NULL, NULL};
    g_autoptr(GArray) times = snapshot_times(sc);

    l.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    l.static_routes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    l.vpc_routes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    l.used_tables = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint t = 0; t < sc->tgws->len; t++)
        check_attachments(&l, sc->tgws->pdata[t]);
    for (guint i = 0; i < sc->actions->len; i++) {
        const TgwActionDef *act = sc->actions->pdata[i];
        if (act->kind == TGW_ACTION_ADD_ROUTE && act->route != NULL)
            check_static_target_kind(&l, act->route);
    }
    for (guint v = 0; v < sc->vpcs->len; v++)
        check_vpc_declarations(&l, sc->vpcs->pdata[v]);
    for (guint i = 0; i < times->len; i++)
        check_snapshot(&l, g_array_index(times, gint64, i));
    report_static_presence(&l);
    report_vpc_presence(&l);
    report_unused_tables(&l);
    g_hash_table_unref(l.seen);
    g_hash_table_unref(l.static_routes);
    g_hash_table_unref(l.vpc_routes);
    g_hash_table_unref(l.used_tables);
}
