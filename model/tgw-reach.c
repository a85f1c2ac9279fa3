/* tgw-reach.c: following one packet and its reply through a routing snapshot (tgw-routing.h).
 *
 * A walk alternates two steps until the packet arrives or is dropped: in a VPC, the route table
 * of the subnet it is in (the sender's, or the TGW attachment subnet it entered by) picks local
 * delivery, a transit gateway or a way out; in a transit gateway, the table associated with the
 * attachment it entered by picks the attachment it leaves by. Every step adds a hop with a clause
 * for people; the step that ends the walk writes the reason. The reply is a second walk from
 * where the request arrived back to the address the destination saw, which after the VPC CNI's
 * SNAT is a node's primary IP rather than the pod's (vpc-cni.md rules 29-30): that is what makes
 * pods in a reused CG-NAT block reachable across the TGW, and its absence what breaks them. */
#include "tgw-routing-private.h"

#include "tgw-error.h"
#include "tgw-value.h"

/* transit gateway passes before a walk is called a loop */
#define MAX_TGW_PASSES 8

const char *
tgw_reach_disposition_name(TgwReachDisposition d)
{
    static const char *names[] = {
        "delivered", "external",      "exits-vpc",           "no-route",
        "blackhole", "no-attachment", "no-attachment-in-az", "no-association",
        "no-subnet", "wrong-vpc",     "misrouted",           "loop",
        "none",
    };
    return d < G_N_ELEMENTS(names) ? names[d] : "unknown";
}

const char *
tgw_hop_kind_name(TgwHopKind kind)
{
    static const char *names[] = {
        "subnet", "snat", "vpc-route-table", "attachment-in", "tgw-route-table", "attachment-out"};
    return kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

static void
hop_free(gpointer data)
{
    TgwHop *hop = data;
    g_free(hop->name);
    g_free(hop->route);
    g_free(hop->text);
    g_free(hop);
}

void
tgw_reach_result_free(TgwReachResult *res)
{
    if (res == NULL)
        return;
    g_free(res->from);
    g_free(res->to);
    g_free(res->source_subnet);
    g_ptr_array_unref(res->hops);
    g_free(res->reason);
    g_ptr_array_unref(res->return_hops);
    g_free(res->return_reason);
    g_free(res);
}

gboolean
tgw_reach_result_reachable(const TgwReachResult *res)
{
    return (res->disposition == TGW_REACH_DELIVERED || res->disposition == TGW_REACH_EXTERNAL) &&
           res->return_disposition == TGW_REACH_DELIVERED;
}

/* ---- one walk -------------------------------------------------------------------------------- */

typedef struct {
    const TgwRouting *r;
    guint32 dst;
    const char *az;  /* the sender's AZ: the TGW keeps traffic in it where it can */
    GPtrArray *hops; /* borrowed: the result's */
    char *reason;    /* set by the step that ends the walk */
    const TgwSubnetDef *arrived;
    const TgwAttachmentDef *external;
    guint tgw_passes;
} Walk;

static void hop_add(Walk *w, TgwHopKind kind, const char *name, const TgwCidr *route,
                    const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void
hop_add(Walk *w, TgwHopKind kind, const char *name, const TgwCidr *route, const char *fmt, ...)
{
    TgwHop *hop = g_new0(TgwHop, 1);
    va_list ap;

    hop->kind = kind;
    hop->name = g_strdup(name);
    hop->route = route != NULL ? tgw_cidr_to_string(*route) : NULL;
    va_start(ap, fmt);
    hop->text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(w->hops, hop);
}

static TgwReachDisposition end_walk(Walk *w, TgwReachDisposition d, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static TgwReachDisposition
end_walk(Walk *w, TgwReachDisposition d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_free(w->reason);
    w->reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return d;
}

static char *
subnet_ref(const TgwSubnetDef *s)
{
    return g_strdup_printf("%s/%s", s->vpc->name, s->name);
}

static char *
azs_of(const TgwAttachmentDef *a)
{
    g_autoptr(GPtrArray) azs = tgw_subnets_azs(a->subnets);
    g_ptr_array_add(azs, NULL);
    return g_strjoinv(", ", (char **) azs->pdata);
}

static TgwReachDisposition walk_subnet(Walk *w, const TgwSubnetDef *subnet);

/* the packet arrives at a VPC attachment of the TGW and leaves it into the VPC through the
 * attachment's subnet in the sender's AZ, or the attachment's first subnet when it has none
 * there (the TGW crosses AZs only then, aws-network.md 2.6) */
static TgwReachDisposition
leave_into_vpc(Walk *w, const TgwAttachmentDef *b)
{
    const TgwSubnetDef *e = tgw_attachment_subnet_in(b, w->az);
    char dst[TGW_IPV4_STRLEN];

    if (e == NULL && b->subnets->len > 0)
        e = b->subnets->pdata[0];
    if (e == NULL)
        return end_walk(w, TGW_REACH_NO_ATTACHMENT_IN_AZ,
                        "attachment %s of transit gateway %s has no subnet, so nothing leaves "
                        "through it into VPC %s",
                        b->name, b->tgw->name, b->vpc->name);
    hop_add(w, TGW_HOP_ATTACHMENT_OUT, b->name, NULL,
            "leaves transit gateway %s through attachment %s into VPC %s (subnet %s, %s)",
            b->tgw->name, b->name, b->vpc->name, e->name, e->az);
    if (!tgw_routing_vpc_holds(w->r, b->vpc, w->dst))
        hop_add(w, TGW_HOP_SUBNET, e->name, NULL,
                "%s is not in VPC %s, so the route table of attachment subnet %s decides",
                tgw_ipv4_format(w->dst, dst), b->vpc->name, e->name);
    return walk_subnet(w, e);
}

static TgwReachDisposition
walk_tgw(Walk *w, const TgwAttachmentDef *in)
{
    const TgwTgwTableDef *table = in->associate;
    const TgwRoute *route = NULL;
    char dst[TGW_IPV4_STRLEN], cidr[TGW_CIDR_STRLEN];
    g_autofree char *name = NULL;

    tgw_ipv4_format(w->dst, dst);
    if (++w->tgw_passes > MAX_TGW_PASSES)
        return end_walk(
            w, TGW_REACH_LOOP,
            "the packet to %s has passed through transit gateways more than %u times (last "
            "through attachment %s): a routing loop",
            dst, MAX_TGW_PASSES, in->name);
    if (table == NULL)
        return end_walk(w, TGW_REACH_NO_ASSOCIATION,
                        "attachment %s is associated with no route table of transit gateway %s, "
                        "so the transit gateway drops what enters through it",
                        in->name, in->tgw->name);
    name = g_strdup_printf("%s/%s", in->tgw->name, table->name);
    route = tgw_routing_lookup(w->r, table, w->dst);
    if (route == NULL)
        return end_walk(w, TGW_REACH_NO_ROUTE,
                        "no route for %s in TGW table %s (associated with attachment %s)", dst,
                        table->name, in->name);
    tgw_cidr_format(route->cidr, cidr);
    if (route->state == TGW_ROUTE_BLACKHOLE) {
        hop_add(w, TGW_HOP_TGW_ROUTE_TABLE, name, &route->cidr,
                "TGW table %s (associated with attachment %s) matches %s by blackhole route %s",
                table->name, in->name, dst, cidr);
        if (route->target != NULL)
            return end_walk(w, TGW_REACH_BLACKHOLE,
                            "%s matches static route %s in TGW table %s, whose attachment %s is "
                            "not attached: a blackhole",
                            dst, cidr, table->name, route->target->name);
        return end_walk(w, TGW_REACH_BLACKHOLE,
                        "%s matches blackhole route %s in TGW table %s (associated with "
                        "attachment %s)",
                        dst, cidr, table->name, in->name);
    }
    hop_add(w, TGW_HOP_TGW_ROUTE_TABLE, name, &route->cidr,
            "TGW table %s (associated with attachment %s) sends %s by %s route %s to attachment "
            "%s",
            table->name, in->name, dst, tgw_route_type_name(route->type), cidr,
            route->target->name);
    if (route->target->kind == TGW_ATTACHMENT_VPC)
        return leave_into_vpc(w, route->target);
    hop_add(w, TGW_HOP_ATTACHMENT_OUT, route->target->name, NULL,
            "leaves transit gateway %s through %s attachment %s", in->tgw->name,
            tgw_attachment_kind_name(route->target->kind), route->target->name);
    w->external = route->target;
    return end_walk(w, TGW_REACH_EXTERNAL,
                    "handed to %s attachment %s of transit gateway %s; tgwsim does not follow "
                    "it beyond",
                    tgw_attachment_kind_name(route->target->kind), route->target->name,
                    in->tgw->name);
}

static TgwReachDisposition
via_tgw(Walk *w, const TgwSubnetDef *subnet, const TgwVpcRoute *route, const char *table_name)
{
    const TgwTgwDef *tgw = route->def->tgw;
    const TgwAttachmentDef *a = NULL;
    const TgwSubnetDef *in = NULL;
    char cidr[TGW_CIDR_STRLEN];
    g_autofree char *azs = NULL;

    tgw_cidr_format(route->cidr, cidr);
    a = tgw != NULL ? tgw_routing_vpc_attachment(w->r, subnet->vpc, tgw) : NULL;
    if (a == NULL)
        return end_walk(w, TGW_REACH_NO_ATTACHMENT,
                        "route %s in %s targets transit gateway %s, but VPC %s has no attachment "
                        "to it",
                        cidr, table_name, route->def->target_name, subnet->vpc->name);
    in = tgw_attachment_subnet_in(a, subnet->az);
    if (in == NULL) {
        azs = azs_of(a);
        return end_walk(w, TGW_REACH_NO_ATTACHMENT_IN_AZ,
                        "route %s in %s targets transit gateway %s, but its attachment %s has no "
                        "subnet in %s (only in %s), so subnet %s cannot reach it",
                        cidr, table_name, tgw->name, a->name, subnet->az, azs, subnet->name);
    }
    hop_add(w, TGW_HOP_ATTACHMENT_IN, a->name, NULL,
            "enters transit gateway %s through attachment %s (subnet %s, %s)", tgw->name, a->name,
            in->name, in->az);
    return walk_tgw(w, a);
}

static TgwReachDisposition
deliver_local(Walk *w, const TgwVpcDef *vpc, const TgwVpcRoute *route)
{
    const TgwSubnetDef *s = tgw_routing_subnet_at(w->r, vpc, w->dst);
    char dst[TGW_IPV4_STRLEN], cidr[TGW_CIDR_STRLEN];
    g_autofree char *ref = NULL;

    tgw_ipv4_format(w->dst, dst);
    if (s == NULL)
        return end_walk(w, TGW_REACH_NO_SUBNET,
                        "%s is in block %s of VPC %s, but no subnet of %s holds it", dst,
                        tgw_cidr_format(route->cidr, cidr), vpc->name, vpc->name);
    ref = subnet_ref(s);
    hop_add(w, TGW_HOP_SUBNET, ref, NULL, "arrives in %s (%s)", ref, s->az);
    w->arrived = s;
    return end_walk(w, TGW_REACH_DELIVERED, "delivered to %s (%s)", ref, dst);
}

static TgwReachDisposition
walk_subnet(Walk *w, const TgwSubnetDef *subnet)
{
    const TgwVpcDef *vpc = subnet->vpc;
    const TgwVpcTableDef *table = subnet->table;
    const TgwVpcRoute *route = tgw_routing_vpc_lookup(w->r, table, w->dst);
    g_autofree char *table_name = g_strdup_printf("%s/%s", vpc->name, table->name);
    g_autofree char *target = NULL;
    char dst[TGW_IPV4_STRLEN], cidr[TGW_CIDR_STRLEN];

    tgw_ipv4_format(w->dst, dst);
    if (route == NULL)
        return end_walk(w, TGW_REACH_NO_ROUTE, "no route for %s in route table %s (subnet %s)", dst,
                        table_name, subnet->name);
    tgw_cidr_format(route->cidr, cidr);
    target = tgw_vpc_route_target_string(route);
    if (route->target == TGW_TARGET_LOCAL)
        hop_add(w, TGW_HOP_VPC_ROUTE_TABLE, table_name, &route->cidr,
                "route table %s keeps %s in VPC %s by local route %s", table_name, dst, vpc->name,
                cidr);
    else
        hop_add(w, TGW_HOP_VPC_ROUTE_TABLE, table_name, &route->cidr,
                "route table %s sends %s by %s to %s", table_name, dst, cidr, target);
    switch (route->target) {
    case TGW_TARGET_LOCAL:
        return deliver_local(w, vpc, route);
    case TGW_TARGET_TRANSIT_GATEWAY:
        return via_tgw(w, subnet, route, table_name);
    case TGW_TARGET_BLACKHOLE:
        return end_walk(w, TGW_REACH_BLACKHOLE, "%s matches blackhole route %s in route table %s",
                        dst, cidr, table_name);
    default:
        if (route->state == TGW_VPC_ROUTE_BLACKHOLE)
            return end_walk(w, TGW_REACH_BLACKHOLE,
                            "route %s in %s targets %s, which does not exist at this time", cidr,
                            table_name, target);
        return end_walk(w, TGW_REACH_EXITS_VPC,
                        "route %s in %s sends %s to %s; tgwsim does not follow it beyond VPC %s",
                        cidr, table_name, dst, target, vpc->name);
    }
}

/* ---- endpoints ------------------------------------------------------------------------------- */

typedef struct {
    gboolean is_addr;
    const TgwVpcDef *vpc;       /* a VPC was named */
    const TgwSubnetDef *subnet; /* the subnet named, or the VPC's representative */
    guint32 addr;
} Endpoint;

static guint32
first_usable(TgwCidr cidr)
{
    return tgw_cidr_size(cidr) > 4 ? cidr.addr + 4 : cidr.addr;
}

static gboolean
resolve_endpoint(const TgwRouting *r, const char *text, gboolean allow_addr, Endpoint *out,
                 GError **error)
{
    const char *what = allow_addr ? "an IPv4 address, VPC or subnet" : "a VPC or subnet";

    memset(out, 0, sizeof *out);
    if (allow_addr && tgw_ipv4_parse(text, &out->addr, NULL)) {
        out->is_addr = TRUE;
        return TRUE;
    }
    out->vpc = g_hash_table_lookup(r->vpc_by_name, text);
    if (out->vpc != NULL) {
        out->subnet = tgw_routing_vpc_representative(r, out->vpc);
        if (out->subnet == NULL) {
            g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND, "VPC '%s' has no subnet", text);
            return FALSE;
        }
    } else {
        out->subnet = g_hash_table_lookup(r->subnet_by_ref, text);
    }
    if (out->subnet == NULL) {
        if (g_hash_table_contains(r->ambiguous_subnets, text))
            g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND,
                        "'%s' names subnets in several VPCs; write VPC/SUBNET", text);
        else
            g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND, "'%s' is not %s of the scenario",
                        text, what);
        return FALSE;
    }
    if (!r->subnet_present[out->subnet->index]) {
        g_autofree char *t = tgw_duration_format(r->at_ms);
        g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND,
                    "subnet %s/%s does not exist yet at %s (a timeline adds it later)",
                    out->subnet->vpc->name, out->subnet->name, t);
        return FALSE;
    }
    out->addr = first_usable(out->subnet->cidr);
    return TRUE;
}

/* ---- SNAT ------------------------------------------------------------------------------------ */

static gboolean
list_has(const GPtrArray *list, gconstpointer item)
{
    for (guint i = 0; i < list->len; i++) {
        if (list->pdata[i] == item)
            return TRUE;
    }
    return FALSE;
}

/* whether a node group of the cluster has a subnet present in this AZ */
static gboolean
node_subnet_in_az(const TgwRouting *r, const TgwClusterDef *c, const char *az)
{
    for (guint j = 0; j < c->node_groups->len; j++) {
        const TgwNodeGroupDef *ng = c->node_groups->pdata[j];
        for (guint k = 0; k < ng->subnets->len; k++) {
            const TgwSubnetDef *s = ng->subnets->pdata[k];
            if (r->subnet_present[s->index] && g_str_equal(s->az, az))
                return TRUE;
        }
    }
    return FALSE;
}

/* the cluster whose pods take their addresses in this subnet now: an ENIConfig subnet under
 * custom networking, a node-group subnet or a discovered one otherwise */
static const TgwClusterDef *
pod_cluster(const TgwRouting *r, const TgwSubnetDef *subnet)
{
    for (guint i = 0; i < r->sc->clusters->len; i++) {
        const TgwClusterDef *c = r->sc->clusters->pdata[i];
        const TgwCniDef *cni = r->cni[i];
        if (c->vpc != subnet->vpc || cni == NULL)
            continue;
        if (tgw_cni_mode_is_custom(cni->mode)) {
            for (guint j = 0; j < cni->eni_configs->len; j++) {
                const TgwEniConfigDef *ec = cni->eni_configs->pdata[j];
                if (ec->subnet == subnet)
                    return c;
            }
        } else {
            for (guint j = 0; j < c->node_groups->len; j++) {
                const TgwNodeGroupDef *ng = c->node_groups->pdata[j];
                if (list_has(ng->subnets, subnet))
                    return c;
            }
            /* rule 22: with subnet discovery a node's new ENIs, and the pods on them, may be in
             * any subnet tagged kubernetes.io/role/cni of the node's AZ */
            if (cni->subnet_discovery && subnet->cni_discovery &&
                node_subnet_in_az(r, c, subnet->az))
                return c;
        }
    }
    return NULL;
}

/* the subnet of the node whose primary IP the pod's traffic is SNATed to: the pod's own subnet
 * when it is a node-group subnet (default mode: a pod takes its address from its node's ENIs, in
 * the node's subnet), else a node-group subnet of the cluster in the pod's AZ (custom networking,
 * or a subnet found by subnet discovery), else the first node-group subnet present */
static const TgwSubnetDef *
node_subnet(const TgwRouting *r, const TgwClusterDef *c, const TgwSubnetDef *src)
{
    const TgwSubnetDef *same_az = NULL, *fallback = NULL;
    for (guint j = 0; j < c->node_groups->len; j++) {
        const TgwNodeGroupDef *ng = c->node_groups->pdata[j];
        for (guint k = 0; k < ng->subnets->len; k++) {
            const TgwSubnetDef *s = ng->subnets->pdata[k];
            if (!r->subnet_present[s->index])
                continue;
            if (s == src)
                return s;
            if (same_az == NULL && g_str_equal(s->az, src->az))
                same_az = s;
            if (fallback == NULL)
                fallback = s;
        }
    }
    return same_az != NULL ? same_az : fallback;
}

static gboolean
excluded_from_snat(const TgwCniDef *cni, guint32 addr)
{
    for (guint i = 0; cni->exclude_snat_cidrs != NULL && i < cni->exclude_snat_cidrs->len; i++) {
        if (tgw_cidr_contains_addr(g_array_index(cni->exclude_snat_cidrs, TgwCidr, i), addr))
            return TRUE;
    }
    return FALSE;
}

/* vpc-cni.md rules 29-30: returns the subnet the packet leaves from (the node's, after SNAT) */
static const TgwSubnetDef *
apply_snat(const TgwRouting *r, Walk *w, TgwReachResult *res, const TgwSubnetDef *src)
{
    const TgwClusterDef *c = pod_cluster(r, src);
    const TgwCniDef *cni = c != NULL ? r->cni[c->index] : NULL;
    const TgwSubnetDef *node = NULL;
    char pod[TGW_IPV4_STRLEN], ip[TGW_IPV4_STRLEN];
    g_autofree char *ref = subnet_ref(src);

    if (c == NULL || tgw_routing_vpc_holds(r, src->vpc, w->dst))
        return src; /* not pod traffic, or it stays in the VPC: the pod IP is the source */
    tgw_ipv4_format(res->source_addr, pod);
    if (cni->external_snat) {
        hop_add(w, TGW_HOP_SNAT, ref, NULL,
                "no SNAT: cluster %s has external-snat on, so the destination sees pod address "
                "%s",
                c->name, pod);
        return src;
    }
    if (excluded_from_snat(cni, w->dst)) {
        hop_add(w, TGW_HOP_SNAT, ref, NULL,
                "no SNAT: the destination is in exclude-snat-cidrs of cluster %s, so it sees "
                "pod address %s",
                c->name, pod);
        return src;
    }
    node = node_subnet(r, c, src);
    if (node == NULL)
        return src; /* no node group: no node to SNAT to, and no pod either */
    res->snat = TRUE;
    res->seen_source_addr = first_usable(node->cidr);
    hop_add(w, TGW_HOP_SNAT, ref, NULL,
            "SNAT to node IP %s in %s%s: pod traffic of cluster %s leaving the VPC takes the "
            "node's primary IP (external-snat off)",
            tgw_ipv4_format(res->seen_source_addr, ip), node->name,
            node == src ? " (the pod's own subnet; tgwsim shows one address per subnet)" : "",
            c->name);
    return node;
}

/* ---- the query ------------------------------------------------------------------------------- */

static void
check_expected(Walk *w, TgwReachDisposition *d, const Endpoint *to)
{
    g_autofree char *got = NULL, *meant = NULL;

    if (to->is_addr)
        return;
    if (*d == TGW_REACH_EXTERNAL) {
        meant = to->vpc != NULL ? g_strdup(to->vpc->name) : subnet_ref(to->subnet);
        *d = end_walk(w, TGW_REACH_MISROUTED,
                      "handed to %s attachment %s of transit gateway %s instead of reaching %s",
                      tgw_attachment_kind_name(w->external->kind), w->external->name,
                      w->external->tgw->name, meant);
        return;
    }
    if (*d != TGW_REACH_DELIVERED)
        return;
    if (to->vpc != NULL ? w->arrived->vpc == to->vpc : w->arrived == to->subnet)
        return;
    got = subnet_ref(w->arrived);
    meant = to->vpc != NULL ? g_strdup(to->vpc->name) : subnet_ref(to->subnet);
    *d = end_walk(w, TGW_REACH_WRONG_VPC,
                  "delivered to %s, not to %s: the route taken leads to another VPC that uses "
                  "the same addresses",
                  got, meant);
}

static void
forward(const TgwRouting *r, TgwReachResult *res, Walk *w, const Endpoint *from, const Endpoint *to)
{
    const TgwSubnetDef *src = from->subnet, *egress = NULL;
    g_autofree char *ref = subnet_ref(src);
    char addr[TGW_IPV4_STRLEN];

    hop_add(w, TGW_HOP_SUBNET, ref, NULL, "leaves %s (%s) from %s", ref, src->az,
            tgw_ipv4_format(res->source_addr, addr));
    egress = apply_snat(r, w, res, src);
    res->disposition = walk_subnet(w, egress);
    check_expected(w, &res->disposition, to);
    res->reason = g_steal_pointer(&w->reason);
}

static void
reply(const TgwRouting *r, TgwReachResult *res, const Walk *fw, const Endpoint *from)
{
    Walk w = {r, res->seen_source_addr, fw->az, res->return_hops, NULL, NULL, NULL, 0};
    const TgwSubnetDef *home = NULL;
    char addr[TGW_IPV4_STRLEN];

    if (res->disposition == TGW_REACH_EXTERNAL) {
        hop_add(&w, TGW_HOP_ATTACHMENT_IN, fw->external->name, NULL,
                "the reply enters transit gateway %s through %s attachment %s",
                fw->external->tgw->name, tgw_attachment_kind_name(fw->external->kind),
                fw->external->name);
        res->return_disposition = walk_tgw(&w, fw->external);
    } else if (res->disposition == TGW_REACH_DELIVERED) {
        g_autofree char *ref = subnet_ref(fw->arrived);
        w.az = fw->arrived->az;
        hop_add(&w, TGW_HOP_SUBNET, ref, NULL, "the reply leaves %s (%s) from %s", ref,
                fw->arrived->az, tgw_ipv4_format(res->dest_addr, addr));
        res->return_disposition = walk_subnet(&w, fw->arrived);
    } else {
        res->return_disposition = TGW_REACH_NONE;
        if (res->disposition == TGW_REACH_EXITS_VPC)
            res->return_reason =
                g_strdup("no reply is traced: the request left the network tgwsim models");
        else if (res->disposition == TGW_REACH_WRONG_VPC || res->disposition == TGW_REACH_MISROUTED)
            res->return_reason =
                g_strdup("no reply is traced: the request went somewhere it was not meant for");
        else
            res->return_reason = g_strdup("no reply: the request does not arrive");
        return;
    }
    /* the reply must come back to the sender (the node, after SNAT), not to a namesake */
    home = tgw_routing_subnet_at(r, from->subnet->vpc, res->seen_source_addr);
    if (res->return_disposition == TGW_REACH_EXTERNAL) {
        g_autofree char *meant = subnet_ref(home != NULL ? home : from->subnet);
        res->return_disposition =
            end_walk(&w, TGW_REACH_MISROUTED,
                     "the reply to %s is handed to %s attachment %s of transit gateway %s "
                     "instead of returning to %s",
                     tgw_ipv4_format(res->seen_source_addr, addr),
                     tgw_attachment_kind_name(w.external->kind), w.external->name,
                     w.external->tgw->name, meant);
    }
    if (res->return_disposition == TGW_REACH_DELIVERED && w.arrived != home && home != NULL) {
        g_autofree char *got = subnet_ref(w.arrived), *meant = subnet_ref(home);
        res->return_disposition =
            end_walk(&w, TGW_REACH_WRONG_VPC,
                     "the reply to %s is delivered to %s, not to %s where the request came from: "
                     "another VPC uses the same addresses",
                     tgw_ipv4_format(res->seen_source_addr, addr), got, meant);
    }
    res->return_reason = g_steal_pointer(&w.reason);
}

TgwReachResult *
tgw_routing_reach(const TgwRouting *r, const char *from, const char *to, GError **error)
{
    Endpoint src, dst;
    TgwReachResult *res = NULL;
    Walk w = {0};

    if (!resolve_endpoint(r, from, FALSE, &src, error) ||
        !resolve_endpoint(r, to, TRUE, &dst, error))
        return NULL;
    res = g_new0(TgwReachResult, 1);
    res->from = g_strdup(from);
    res->to = g_strdup(to);
    res->source_subnet = subnet_ref(src.subnet);
    res->source_addr = src.addr;
    res->seen_source_addr = src.addr;
    res->dest_addr = dst.addr;
    res->hops = g_ptr_array_new_with_free_func(hop_free);
    res->return_hops = g_ptr_array_new_with_free_func(hop_free);
    w.r = r;
    w.dst = dst.addr;
    w.az = src.subnet->az;
    w.hops = res->hops;
    forward(r, res, &w, &src, &dst);
    reply(r, res, &w, &src);
    return res;
}
