/* tgw-routing.c: building the routing snapshot (tgw-routing.h) and its accessors.
 *
 * Three steps, each its own function: replay the timeline up to the snapshot's time (which
 * attachments are attached and in what order, which blocks, subnets and static routes exist, the
 * CNI settings in force), compute every TGW table (candidates from static routes and
 * propagations, sorted by prefix and preference, the first of each prefix installed and the rest
 * shadowed), then every VPC table (local routes per block, explicit routes judged against the
 * blocks and attachments). Reachability walks the result in tgw-reach.c; the findings judge it
 * in tgw-routing-lint.c. */
#include "tgw-routing-private.h"

#include <string.h>

/* a TGW route with the keys that order it among the routes for the same prefix; the public part
 * comes first so that a TgwRoute* is also a RouteEntry* */
typedef struct {
    TgwRoute pub;
    guint64 seq; /* when it was installed: attach or block association order */
    guint order; /* declaration order among static routes, propagation order otherwise */
} RouteEntry;

const char *
tgw_route_type_name(TgwRouteType type)
{
    return type == TGW_ROUTE_STATIC ? "static" : "propagated";
}

static const char *const route_state_names[] = {"active", "blackhole", "shadowed"};

const char *
tgw_route_state_name(TgwRouteState state)
{
    return state < G_N_ELEMENTS(route_state_names) ? route_state_names[state] : "unknown";
}

gboolean
tgw_route_state_parse(const char *text, TgwRouteState *out)
{
    for (guint i = 0; i < G_N_ELEMENTS(route_state_names); i++) {
        if (g_strcmp0(text, route_state_names[i]) == 0) {
            *out = (TgwRouteState) i;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
tgw_vpc_route_state_name(TgwVpcRouteState state)
{
    static const char *names[] = {"active", "blackhole", "invalid"};
    return state < G_N_ELEMENTS(names) ? names[state] : "unknown";
}

/* ---- replaying the timeline ------------------------------------------------------------------ */

static guint
block_index(const TgwVpcDef *vpc, const TgwCidrBlockDef *block)
{
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        if (vpc->cidr_blocks->pdata[i] == block)
            return i;
    }
    return G_MAXUINT;
}

static void
remove_static(TgwTableState *ts, TgwCidr cidr)
{
    for (guint i = ts->statics->len; i > 0; i--) {
        const TgwTgwRouteDef *def = ts->statics->pdata[i - 1];
        if (tgw_cidr_equal(def->cidr, cidr))
            g_ptr_array_remove_index(ts->statics, i - 1);
    }
}

static void
replay_initial(TgwRouting *r)
{
    const TgwScenario *sc = r->sc;
    guint64 seq = 0;

    for (guint t = 0; t < sc->tgws->len; t++) {
        const TgwTgwDef *tgw = sc->tgws->pdata[t];
        for (guint i = 0; i < tgw->attachments->len; i++) {
            const TgwAttachmentDef *a = tgw->attachments->pdata[i];
            if (a->attached) {
                r->attachments[a->index].attached = TRUE;
                r->attachments[a->index].seq = ++seq;
            }
        }
        for (guint i = 0; i < tgw->routes->len; i++) {
            const TgwTgwRouteDef *def = tgw->routes->pdata[i];
            TgwTableState *ts = def->table != NULL ? tgw_routing_table_state(r, def->table) : NULL;
            if (ts != NULL)
                g_ptr_array_add(ts->statics, (gpointer) def);
        }
    }
    for (guint v = 0; v < sc->vpcs->len; v++) {
        const TgwVpcDef *vpc = sc->vpcs->pdata[v];
        for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
            const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
            r->vpcs[v].block_present[i] = b->added_ms == 0;
        }
    }
    for (guint i = 0; i < sc->subnets->len; i++)
        r->subnet_present[i] = ((const TgwSubnetDef *) sc->subnets->pdata[i])->added_ms == 0;
    for (guint i = 0; i < sc->clusters->len; i++)
        r->cni[i] = ((const TgwClusterDef *) sc->clusters->pdata[i])->cni;
    /* timeline attaches and blocks come after every initial attachment */
    r->attachments_seq = seq;
}

static void
replay_action(TgwRouting *r, const TgwActionDef *act)
{
    TgwTableState *ts = NULL;

    switch (act->kind) {
    case TGW_ACTION_ATTACH:
        if (act->attachment != NULL && !r->attachments[act->attachment->index].attached) {
            r->attachments[act->attachment->index].attached = TRUE;
            r->attachments[act->attachment->index].seq = ++r->attachments_seq;
        }
        break;
    case TGW_ACTION_DETACH:
        if (act->attachment != NULL)
            r->attachments[act->attachment->index].attached = FALSE;
        break;
    case TGW_ACTION_ADD_CIDR_BLOCK:
        if (act->vpc != NULL && act->cidr_block != NULL) {
            guint i = block_index(act->vpc, act->cidr_block);
            if (i != G_MAXUINT) {
                r->vpcs[act->vpc->index].block_present[i] = TRUE;
                r->vpcs[act->vpc->index].block_seq[i] = ++r->attachments_seq;
            }
        }
        break;
    case TGW_ACTION_ADD_SUBNET:
        if (act->subnet != NULL)
            r->subnet_present[act->subnet->index] = TRUE;
        break;
    case TGW_ACTION_ADD_ROUTE:
        if (act->route != NULL && act->route->table != NULL) {
            ts = tgw_routing_table_state(r, act->route->table);
            if (ts != NULL)
                g_ptr_array_add(ts->statics, act->route);
        }
        break;
    case TGW_ACTION_REMOVE_ROUTE:
        if (act->route != NULL && act->route->table != NULL) {
            ts = tgw_routing_table_state(r, act->route->table);
            if (ts != NULL)
                remove_static(ts, act->route->cidr);
        }
        break;
    case TGW_ACTION_SET_CNI:
        if (act->cluster != NULL && act->cni != NULL)
            r->cni[act->cluster->index] = act->cni;
        break;
    default:
        break;
    }
}

static void
replay(TgwRouting *r)
{
    replay_initial(r);
    for (guint i = 0; i < r->sc->actions->len; i++) {
        const TgwActionDef *act = r->sc->actions->pdata[i];
        if (act->at_ms > r->at_ms)
            break; /* sorted by time */
        replay_action(r, act);
    }
}

/* ---- TGW tables ------------------------------------------------------------------------------ */

static TgwRouteOrigin
origin_of(TgwAttachmentKind kind)
{
    switch (kind) {
    case TGW_ATTACHMENT_VPC:
        return TGW_ORIGIN_VPC;
    case TGW_ATTACHMENT_DX_GATEWAY:
        return TGW_ORIGIN_DX_GATEWAY;
    case TGW_ATTACHMENT_CONNECT:
        return TGW_ORIGIN_CONNECT;
    default:
        return TGW_ORIGIN_VPN;
    }
}

static RouteEntry *
entry_new(TgwCidr cidr, TgwRouteType type, TgwRouteOrigin origin, const TgwAttachmentDef *target,
          guint64 seq, guint order)
{
    RouteEntry *e = g_new0(RouteEntry, 1);
    e->pub.cidr = cidr;
    e->pub.type = type;
    e->pub.origin = origin;
    e->pub.target = target;
    e->pub.state = TGW_ROUTE_ACTIVE;
    e->seq = seq;
    e->order = order;
    return e;
}

static gint
entry_compare(gconstpointer pa, gconstpointer pb)
{
    const RouteEntry *a = *(const RouteEntry *const *) pa;
    const RouteEntry *b = *(const RouteEntry *const *) pb;
    gint c = tgw_cidr_compare(&a->pub.cidr, &b->pub.cidr);
    if (c != 0)
        return c;
    if (a->pub.origin != b->pub.origin)
        return a->pub.origin < b->pub.origin ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static gint
attachment_seq_compare(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const TgwRouting *r = data;
    const TgwAttachmentDef *a = *(const TgwAttachmentDef *const *) pa;
    const TgwAttachmentDef *b = *(const TgwAttachmentDef *const *) pb;
    guint64 sa = r->attachments[a->index].seq, sb = r->attachments[b->index].seq;
    return sa < sb ? -1 : sa > sb;
}

/* the TGW's attached attachments in attach order */
static GPtrArray *
attached_in_order(const TgwRouting *r, const TgwTgwDef *tgw)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < tgw->attachments->len; i++) {
        const TgwAttachmentDef *a = tgw->attachments->pdata[i];
        if (r->attachments[a->index].attached)
            g_ptr_array_add(out, (gpointer) a);
    }
    g_ptr_array_sort_with_data(out, attachment_seq_compare, (gpointer) r);
    return out;
}

static gboolean
propagates_into(const TgwAttachmentDef *a, const TgwTgwTableDef *table)
{
    for (guint i = 0; i < a->propagate->len; i++) {
        if (a->propagate->pdata[i] == table)
            return TRUE;
    }
    return FALSE;
}

/* the routes an attachment propagates into a table: every present block of a VPC, the
 * advertised prefixes of VPN / DX / Connect, nothing for peering (static routes only) */
static void
add_propagated(const TgwRouting *r, TgwTableState *ts, const TgwAttachmentDef *a)
{
    guint64 seq = r->attachments[a->index].seq;

    if (a->kind == TGW_ATTACHMENT_VPC && a->vpc != NULL) {
        const TgwVpcState *vs = &r->vpcs[a->vpc->index];
        for (guint i = 0; i < a->vpc->cidr_blocks->len; i++) {
            const TgwCidrBlockDef *b = a->vpc->cidr_blocks->pdata[i];
            RouteEntry *e = NULL;
            if (!vs->block_present[i])
                continue;
            e = entry_new(b->cidr, TGW_ROUTE_PROPAGATED, TGW_ORIGIN_VPC, a,
                          MAX(seq, vs->block_seq[i]), ts->routes->len);
            e->pub.block = b;
            e->pub.line = a->line;
            g_ptr_array_add(ts->routes, e);
        }
    } else if (a->kind != TGW_ATTACHMENT_PEERING) {
        for (guint i = 0; i < a->advertises->len; i++) {
            RouteEntry *e =
                entry_new(g_array_index(a->advertises, TgwCidr, i), TGW_ROUTE_PROPAGATED,
                          origin_of(a->kind), a, seq, ts->routes->len);
            e->pub.line = a->line;
            g_ptr_array_add(ts->routes, e);
        }
    }
}

static void
add_statics(const TgwRouting *r, TgwTableState *ts)
{
    for (guint i = 0; i < ts->statics->len; i++) {
        const TgwTgwRouteDef *def = ts->statics->pdata[i];
        const TgwAttachmentDef *target = def->blackhole ? NULL : def->target;
        RouteEntry *e = entry_new(def->cidr, TGW_ROUTE_STATIC, TGW_ORIGIN_STATIC, target, 0, i);
        /* a static route whose attachment is gone stays, as a blackhole (AWS shows it so) */
        if (target == NULL || !r->attachments[target->index].attached)
            e->pub.state = TGW_ROUTE_BLACKHOLE;
        e->pub.def = def;
        e->pub.line = def->line;
        g_ptr_array_add(ts->routes, e);
    }
}

/* sorts the candidates; the first of each prefix is installed, the others are shadowed by it */
static void
install_routes(TgwTgwState *gs, TgwTableState *ts)
{
    const TgwRoute *winner = NULL;

    g_ptr_array_sort(ts->routes, entry_compare);
    for (guint i = 0; i < ts->routes->len; i++) {
        TgwRoute *route = ts->routes->pdata[i];
        if (winner != NULL && tgw_cidr_equal(winner->cidr, route->cidr)) {
            route->state = TGW_ROUTE_SHADOWED;
            route->shadowed_by = winner;
            continue;
        }
        winner = route;
        tgw_lpm_insert(ts->lpm, route->cidr, route);
        gs->installed++;
    }
    tgw_lpm_build(ts->lpm);
}

static void
build_tgw(TgwRouting *r, TgwTgwState *gs)
{
    g_autoptr(GPtrArray) order = attached_in_order(r, gs->def);

    for (guint t = 0; t < gs->def->tables->len; t++) {
        TgwTableState *ts = &gs->tables[t];
        add_statics(r, ts);
        for (guint i = 0; i < order->len; i++) {
            const TgwAttachmentDef *a = order->pdata[i];
            if (a->associate == ts->def)
                g_ptr_array_add(ts->associations, (gpointer) a);
            if (propagates_into(a, ts->def)) {
                g_ptr_array_add(ts->propagations, (gpointer) a);
                add_propagated(r, ts, a);
            }
        }
        install_routes(gs, ts);
    }
}

/* ---- VPC tables ------------------------------------------------------------------------------ */

static const TgwAttachmentDef *
vpc_attachment(const TgwRouting *r, const TgwVpcDef *vpc, const TgwTgwDef *tgw)
{
    for (guint i = 0; i < vpc->attachments->len; i++) {
        const TgwAttachmentDef *a = vpc->attachments->pdata[i];
        if (a->tgw == tgw && r->attachments[a->index].attached)
            return a;
    }
    return NULL;
}

/* whether cidr is the whole of a present subnet or block: the only destinations inside the VPC
 * that AWS lets a NAT gateway or network interface route take (middlebox routing) */
static gboolean
is_whole_subnet_or_block(const TgwRouting *r, const TgwVpcDef *vpc, TgwCidr cidr)
{
    const TgwVpcState *vs = &r->vpcs[vpc->index];
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (vs->block_present[i] && tgw_cidr_equal(b->cidr, cidr))
            return TRUE;
    }
    for (guint i = 0; i < vpc->subnets->len; i++) {
        const TgwSubnetDef *s = vpc->subnets->pdata[i];
        if (r->subnet_present[s->index] && tgw_cidr_equal(s->cidr, cidr))
            return TRUE;
    }
    return FALSE;
}

static gboolean
inside_blocks(const TgwRouting *r, const TgwVpcDef *vpc, TgwCidr cidr)
{
    const TgwVpcState *vs = &r->vpcs[vpc->index];
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (vs->block_present[i] && tgw_cidr_contains(b->cidr, cidr))
            return TRUE;
    }
    return FALSE;
}

static gboolean
consumer_present(const TgwRouting *r, const TgwConsumerDef *c)
{
    return c != NULL && c->start_ms <= r->at_ms && r->at_ms < c->end_ms;
}

static TgwVpcRouteState
explicit_route_state(const TgwRouting *r, const TgwVpcDef *vpc, const TgwVpcRouteDef *def)
{
    gboolean inside = inside_blocks(r, vpc, def->cidr);

    switch (def->target) {
    case TGW_TARGET_NAT_GATEWAY:
        if (inside && !is_whole_subnet_or_block(r, vpc, def->cidr))
            return TGW_VPC_ROUTE_INVALID;
        return consumer_present(r, def->nat) ? TGW_VPC_ROUTE_ACTIVE : TGW_VPC_ROUTE_BLACKHOLE;
    case TGW_TARGET_NETWORK_INTERFACE:
        if (inside && !is_whole_subnet_or_block(r, vpc, def->cidr))
            return TGW_VPC_ROUTE_INVALID;
        return TGW_VPC_ROUTE_ACTIVE;
    case TGW_TARGET_TRANSIT_GATEWAY:
        if (inside)
            return TGW_VPC_ROUTE_INVALID;
        return vpc_attachment(r, vpc, def->tgw) != NULL ? TGW_VPC_ROUTE_ACTIVE
                                                        : TGW_VPC_ROUTE_BLACKHOLE;
    case TGW_TARGET_BLACKHOLE:
        return inside ? TGW_VPC_ROUTE_INVALID : TGW_VPC_ROUTE_BLACKHOLE;
    default:
        return inside ? TGW_VPC_ROUTE_INVALID : TGW_VPC_ROUTE_ACTIVE;
    }
}

/* CIDR order; for one prefix an explicit route before the local one it replaces */
static gint
vpc_route_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwVpcRoute *a = *(const TgwVpcRoute *const *) pa;
    const TgwVpcRoute *b = *(const TgwVpcRoute *const *) pb;
    gint c = tgw_cidr_compare(&a->cidr, &b->cidr);
    if (c != 0)
        return c;
    return (a->target == TGW_TARGET_LOCAL) - (b->target == TGW_TARGET_LOCAL);
}

static void
build_vpc_table(TgwRouting *r, TgwVpcState *vs, TgwVpcTableState *ts)
{
    const TgwVpcDef *vpc = vs->def;

    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        TgwVpcRoute *route = NULL;
        if (!vs->block_present[i])
            continue;
        route = g_new0(TgwVpcRoute, 1);
        route->cidr = b->cidr;
        route->target = TGW_TARGET_LOCAL;
        route->block = b;
        route->state = TGW_VPC_ROUTE_ACTIVE;
        g_ptr_array_add(ts->routes, route);
    }
    for (guint i = 0; i < ts->def->routes->len; i++) {
        const TgwVpcRouteDef *def = ts->def->routes->pdata[i];
        TgwVpcRoute *route = g_new0(TgwVpcRoute, 1);
        route->cidr = def->cidr;
        route->target = def->target;
        route->def = def;
        route->state = explicit_route_state(r, vpc, def);
        g_ptr_array_add(ts->routes, route);
    }
    /* stable: two explicit routes for one prefix keep their document order (the first wins) */
    g_ptr_array_sort(ts->routes, vpc_route_compare);
    for (guint i = 0; i < ts->routes->len; i++) {
        TgwVpcRoute *route = ts->routes->pdata[i];
        if (route->state != TGW_VPC_ROUTE_INVALID)
            tgw_lpm_insert(ts->lpm, route->cidr, route);
    }
    tgw_lpm_build(ts->lpm);
    for (guint i = 0; i < vpc->subnets->len; i++) {
        const TgwSubnetDef *s = vpc->subnets->pdata[i];
        if (r->subnet_present[s->index] && s->table == ts->def)
            g_ptr_array_add(ts->subnets, (gpointer) s);
    }
}

static gboolean
table_routes_to_tgw(const TgwVpcTableState *ts)
{
    for (guint i = 0; i < ts->routes->len; i++) {
        const TgwVpcRoute *route = ts->routes->pdata[i];
        if (route->target == TGW_TARGET_TRANSIT_GATEWAY && route->state != TGW_VPC_ROUTE_INVALID)
            return TRUE;
    }
    return FALSE;
}

static const TgwSubnetDef *
pick_representative(const TgwRouting *r, const TgwVpcState *vs)
{
    const TgwVpcDef *vpc = vs->def;
    TgwCidr primary = ((const TgwCidrBlockDef *) vpc->cidr_blocks->pdata[0])->cidr;
    const TgwSubnetDef *in_primary = NULL, *any = NULL;

    for (guint i = 0; i < vpc->subnets->len; i++) {
        const TgwSubnetDef *s = vpc->subnets->pdata[i];
        if (!r->subnet_present[s->index])
            continue;
        if (any == NULL)
            any = s;
        if (!tgw_cidr_contains(primary, s->cidr))
            continue;
        if (in_primary == NULL)
            in_primary = s;
        if (table_routes_to_tgw(tgw_routing_vpc_table_state(r, s->table)))
            return s;
    }
    return in_primary != NULL ? in_primary : any;
}

static void
build_vpc(TgwRouting *r, TgwVpcState *vs)
{
    const TgwVpcDef *vpc = vs->def;

    for (guint i = 0; i < vpc->subnets->len; i++) {
        const TgwSubnetDef *s = vpc->subnets->pdata[i];
        if (r->subnet_present[s->index])
            tgw_lpm_insert(vs->subnets, s->cidr, (gpointer) s);
    }
    tgw_lpm_build(vs->subnets);
    for (guint t = 0; t < vpc->tables->len; t++)
        build_vpc_table(r, vs, &vs->tables[t]);
    vs->representative = pick_representative(r, vs);
}

/* ---- construction ---------------------------------------------------------------------------- */

static void
alloc_tgws(TgwRouting *r)
{
    r->tgws = g_new0(TgwTgwState, r->sc->tgws->len);
    for (guint t = 0; t < r->sc->tgws->len; t++) {
        TgwTgwState *gs = &r->tgws[t];
        gs->def = r->sc->tgws->pdata[t];
        gs->tables = g_new0(TgwTableState, gs->def->tables->len);
        for (guint i = 0; i < gs->def->tables->len; i++) {
            TgwTableState *ts = &gs->tables[i];
            ts->def = gs->def->tables->pdata[i];
            ts->statics = g_ptr_array_new();
            ts->routes = g_ptr_array_new_with_free_func(g_free);
            ts->lpm = tgw_lpm_new();
            ts->associations = g_ptr_array_new();
            ts->propagations = g_ptr_array_new();
        }
    }
}

static void
alloc_vpcs(TgwRouting *r)
{
    r->vpcs = g_new0(TgwVpcState, r->sc->vpcs->len);
    r->vpc_tables = g_hash_table_new(g_direct_hash, g_direct_equal);
    r->blocks = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint v = 0; v < r->sc->vpcs->len; v++) {
        TgwVpcState *vs = &r->vpcs[v];
        vs->def = r->sc->vpcs->pdata[v];
        vs->block_present = g_new0(gboolean, vs->def->cidr_blocks->len);
        vs->block_seq = g_new0(guint64, vs->def->cidr_blocks->len);
        for (guint i = 0; i < vs->def->cidr_blocks->len; i++)
            g_hash_table_insert(r->blocks, vs->def->cidr_blocks->pdata[i], &vs->block_present[i]);
        vs->subnets = tgw_lpm_new();
        vs->tables = g_new0(TgwVpcTableState, vs->def->tables->len);
        for (guint i = 0; i < vs->def->tables->len; i++) {
            TgwVpcTableState *ts = &vs->tables[i];
            ts->def = vs->def->tables->pdata[i];
            ts->routes = g_ptr_array_new_with_free_func(g_free);
            ts->lpm = tgw_lpm_new();
            ts->subnets = g_ptr_array_new();
            g_hash_table_insert(r->vpc_tables, (gpointer) ts->def, ts);
        }
    }
}

static void
index_names(TgwRouting *r)
{
    r->vpc_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    r->subnet_by_ref = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->ambiguous_subnets = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint v = 0; v < r->sc->vpcs->len; v++) {
        const TgwVpcDef *vpc = r->sc->vpcs->pdata[v];
        g_hash_table_insert(r->vpc_by_name, vpc->name, (gpointer) vpc);
    }
    for (guint i = 0; i < r->sc->subnets->len; i++) {
        const TgwSubnetDef *s = r->sc->subnets->pdata[i];
        g_hash_table_insert(r->subnet_by_ref, g_strdup_printf("%s/%s", s->vpc->name, s->name),
                            (gpointer) s);
        if (g_hash_table_contains(r->ambiguous_subnets, s->name))
            continue;
        if (g_hash_table_contains(r->subnet_by_ref, s->name)) {
            g_hash_table_remove(r->subnet_by_ref, s->name);
            g_hash_table_add(r->ambiguous_subnets, s->name);
            continue;
        }
        g_hash_table_insert(r->subnet_by_ref, g_strdup(s->name), (gpointer) s);
    }
}

TgwRouting *
tgw_routing_new(const TgwScenario *sc, gint64 at_ms)
{
    TgwRouting *r = g_new0(TgwRouting, 1);

    r->sc = sc;
    r->at_ms = at_ms;
    r->attachments = g_new0(TgwAttachmentState, sc->attachments->len);
    r->subnet_present = g_new0(gboolean, sc->subnets->len);
    r->cni = g_new0(const TgwCniDef *, sc->clusters->len);
    alloc_tgws(r);
    alloc_vpcs(r);
    replay(r);
    for (guint v = 0; v < sc->vpcs->len; v++)
        build_vpc(r, &r->vpcs[v]);
    for (guint t = 0; t < sc->tgws->len; t++)
        build_tgw(r, &r->tgws[t]);
    index_names(r);
    return r;
}

void
tgw_routing_free(TgwRouting *r)
{
    if (r == NULL)
        return;
    for (guint t = 0; t < r->sc->tgws->len; t++) {
        TgwTgwState *gs = &r->tgws[t];
        for (guint i = 0; i < gs->def->tables->len; i++) {
            TgwTableState *ts = &gs->tables[i];
            g_ptr_array_unref(ts->statics);
            g_ptr_array_unref(ts->routes);
            tgw_lpm_free(ts->lpm);
            g_ptr_array_unref(ts->associations);
            g_ptr_array_unref(ts->propagations);
        }
        g_free(gs->tables);
    }
    for (guint v = 0; v < r->sc->vpcs->len; v++) {
        TgwVpcState *vs = &r->vpcs[v];
        for (guint i = 0; i < vs->def->tables->len; i++) {
            g_ptr_array_unref(vs->tables[i].routes);
            tgw_lpm_free(vs->tables[i].lpm);
            g_ptr_array_unref(vs->tables[i].subnets);
        }
        g_free(vs->tables);
        g_free(vs->block_present);
        g_free(vs->block_seq);
        tgw_lpm_free(vs->subnets);
    }
    g_free(r->tgws);
    g_free(r->vpcs);
    g_free(r->attachments);
    g_free(r->subnet_present);
    g_free(r->cni);
    g_hash_table_unref(r->vpc_tables);
    g_hash_table_unref(r->blocks);
    g_hash_table_unref(r->vpc_by_name);
    g_hash_table_unref(r->subnet_by_ref);
    g_hash_table_unref(r->ambiguous_subnets);
    g_free(r);
}

/* ---- accessors ------------------------------------------------------------------------------- */

const TgwScenario *
tgw_routing_scenario(const TgwRouting *r)
{
    return r->sc;
}

gint64
tgw_routing_time(const TgwRouting *r)
{
    return r->at_ms;
}

gboolean
tgw_routing_attachment_attached(const TgwRouting *r, const TgwAttachmentDef *a)
{
    g_return_val_if_fail(a->index < r->sc->attachments->len, FALSE);
    return r->attachments[a->index].attached;
}

gboolean
tgw_routing_subnet_present(const TgwRouting *r, const TgwSubnetDef *subnet)
{
    g_return_val_if_fail(subnet->index < r->sc->subnets->len, FALSE);
    return r->subnet_present[subnet->index];
}

gboolean
tgw_routing_block_present(const TgwRouting *r, const TgwCidrBlockDef *block)
{
    const gboolean *present = g_hash_table_lookup(r->blocks, block);
    return present != NULL && *present;
}

TgwTableState *
tgw_routing_table_state(const TgwRouting *r, const TgwTgwTableDef *table)
{
    const TgwTgwDef *tgw = table->tgw;
    g_return_val_if_fail(tgw->index < r->sc->tgws->len, NULL);
    g_return_val_if_fail(table->index < tgw->tables->len, NULL);
    return &r->tgws[tgw->index].tables[table->index];
}

TgwVpcTableState *
tgw_routing_vpc_table_state(const TgwRouting *r, const TgwVpcTableDef *table)
{
    return g_hash_table_lookup(r->vpc_tables, table);
}

const GPtrArray *
tgw_routing_table_routes(const TgwRouting *r, const TgwTgwTableDef *table)
{
    return tgw_routing_table_state(r, table)->routes;
}

const GPtrArray *
tgw_routing_table_associations(const TgwRouting *r, const TgwTgwTableDef *table)
{
    return tgw_routing_table_state(r, table)->associations;
}

const GPtrArray *
tgw_routing_table_propagations(const TgwRouting *r, const TgwTgwTableDef *table)
{
    return tgw_routing_table_state(r, table)->propagations;
}

const TgwRoute *
tgw_routing_find_route(const TgwRouting *r, const TgwTgwTableDef *table, TgwCidr cidr)
{
    const TgwTableState *ts = tgw_routing_table_state(r, table);
    const TgwRoute *route = tgw_lpm_exact(ts->lpm, cidr);
    /* every prefix with a route has an installed one, so the LPM table answers for all */
    return route;
}

const TgwRoute *
tgw_routing_lookup(const TgwRouting *r, const TgwTgwTableDef *table, guint32 addr)
{
    return tgw_lpm_lookup(tgw_routing_table_state(r, table)->lpm, addr, NULL);
}

guint
tgw_routing_tgw_route_count(const TgwRouting *r, const TgwTgwDef *tgw)
{
    g_return_val_if_fail(tgw->index < r->sc->tgws->len, 0);
    return r->tgws[tgw->index].installed;
}

char *
tgw_vpc_route_target_string(const TgwVpcRoute *route)
{
    static const char *kinds[] = {"local",   "transit-gateway",   "nat-gateway", "internet-gateway",
                                  "peering", "network-interface", "blackhole"};
    const char *kind = route->target < G_N_ELEMENTS(kinds) ? kinds[route->target] : "unknown";
    if (route->def != NULL && route->def->target_name != NULL)
        return g_strdup_printf("%s:%s", kind, route->def->target_name);
    return g_strdup(kind);
}

const GPtrArray *
tgw_routing_vpc_table_routes(const TgwRouting *r, const TgwVpcTableDef *table)
{
    return tgw_routing_vpc_table_state(r, table)->routes;
}

const GPtrArray *
tgw_routing_vpc_table_subnets(const TgwRouting *r, const TgwVpcTableDef *table)
{
    return tgw_routing_vpc_table_state(r, table)->subnets;
}

const TgwVpcRoute *
tgw_routing_vpc_lookup(const TgwRouting *r, const TgwVpcTableDef *table, guint32 addr)
{
    return tgw_lpm_lookup(tgw_routing_vpc_table_state(r, table)->lpm, addr, NULL);
}

const TgwAttachmentDef *
tgw_routing_vpc_attachment(const TgwRouting *r, const TgwVpcDef *vpc, const TgwTgwDef *tgw)
{
    return vpc_attachment(r, vpc, tgw);
}

const TgwSubnetDef *
tgw_routing_vpc_representative(const TgwRouting *r, const TgwVpcDef *vpc)
{
    return r->vpcs[vpc->index].representative;
}

gboolean
tgw_routing_vpc_holds(const TgwRouting *r, const TgwVpcDef *vpc, guint32 addr)
{
    const TgwVpcState *vs = &r->vpcs[vpc->index];
    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        if (vs->block_present[i] && tgw_cidr_contains_addr(b->cidr, addr))
            return TRUE;
    }
    return FALSE;
}

const TgwSubnetDef *
tgw_routing_subnet_at(const TgwRouting *r, const TgwVpcDef *vpc, guint32 addr)
{
    return tgw_lpm_lookup(r->vpcs[vpc->index].subnets, addr, NULL);
}

const TgwSubnetDef *
tgw_attachment_subnet_in(const TgwAttachmentDef *a, const char *az)
{
    for (guint i = 0; i < a->subnets->len; i++) {
        const TgwSubnetDef *s = a->subnets->pdata[i];
        if (g_str_equal(s->az, az))
            return s;
    }
    return NULL;
}
