/* tgw-routing.h: the network as it stands at one moment — effective TGW and VPC route tables,
 * reachability with the return path, and the routing design findings.
 *
 * tgw_routing_new() takes the immutable scenario and a simulated time and replays the routing
 * actions of the timeline up to it (attach, detach, add-route, remove-route, add-cidr-block,
 * add-subnet), then computes every route table as AWS would (aws-network.md 1.4 and 2):
 *
 *   - each attachment is associated with at most one TGW table and propagates into any number; a
 *     VPC attachment propagates every CIDR block of its VPC (secondary CG-NAT blocks included), a
 *     VPN / DX gateway / Connect attachment its advertises= prefixes, a peering attachment nothing;
 *   - for one prefix the evaluation order is static > VPC-propagated > DX > Connect > VPN
 *     (prefix-list routes are not modelled); within one kind the route installed first wins: an
 *     identical CIDR propagated by a VPC attached later is not installed. It stays visible as
 *     "shadowed" with the route that shadows it. "Installed first" is the attach order (document
 *     order, then timeline attaches in time order), except that a block a timeline adds to a VPC
 *     that is already attached propagates when it is added;
 *   - a static route whose attachment is not attached is a blackhole (as AWS shows it);
 *   - VPC tables have a local route per CIDR block; a route inside a block that targets anything
 *     but a NAT gateway or network interface is refused by AWS and ignored here (a finding);
 *   - a VPC route to a TGW works only from subnets in an AZ where the VPC's attachment has a
 *     subnet.
 *
 * Lookups go through tgw-lpm.h (sorted intervals, binary search), never a scan of the routes.
 * The model knows nothing of output formats: sim/cli/cmd-routes.c and sim/cli/cmd-reach.c print it.
 *
 * Finding codes added to validate by tgw_routing_lint() (severity in brackets):
 *   TGW-CIDR-SHADOWED [warning]         the same CIDR propagated by several VPCs into one table
 *   TGW-CIDR-OVERLAP [warning]          overlapping, non-identical VPC-propagated CIDRs
 *   TGW-ROUTE-TARGET-DETACHED [warning; error when never attached while the route exists]
 *   TGW-ROUTE-TARGET-KIND [error]       static route to a DX gateway or Connect attachment
 *   TGW-TABLE-UNUSED [warning]          a table no attachment is associated with
 *   TGW-ATTACHMENT-UNASSOCIATED [warning] an attachment associated with no table
 *   TGW-PEERING-PROPAGATES [error]      a peering attachment with propagate= or advertises=
 *   TGW-QUOTA-ROUTE-TABLES [warning]    more than 20 tables per TGW (adjustable)
 *   TGW-QUOTA-ROUTES [warning]          more than 10,000 routes per TGW (adjustable)
 *   TGW-QUOTA-ATTACHMENTS [error]       more than 5,000 attachments per TGW
 *   TGW-QUOTA-PEERING [warning]         more than 50 peering attachments per TGW (adjustable)
 *   TGW-QUOTA-TGWS-PER-VPC [error]      a VPC attached to more than 5 TGWs
 *   TGW-QUOTA-STATIC-PREFIX [error]     two static routes for one prefix in one table
 *   VPC-ROUTE-NO-ATTACHMENT [warning; error when never attached] route to a TGW not attached
 *   VPC-ROUTE-NO-ATTACHMENT-AZ [warning] a subnet routes to a TGW whose attachment is not in its AZ
 *   VPC-ROUTE-SHADOWS-LOCAL [error]     a route inside a VPC block to a target AWS refuses there
 *   VPC-QUOTA-ROUTES [warning > 50, error > 1,000] explicit routes in one VPC route table */
#pragma once

#include "tgw-finding.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef struct _TgwRouting TgwRouting;

/* the network after every routing action of the timeline with a time <= at_ms */
TgwRouting *tgw_routing_new(const TgwScenario *sc, gint64 at_ms);
void tgw_routing_free(TgwRouting *routing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwRouting, tgw_routing_free)

const TgwScenario *tgw_routing_scenario(const TgwRouting *routing);
gint64 tgw_routing_time(const TgwRouting *routing);

gboolean tgw_routing_attachment_attached(const TgwRouting *routing, const TgwAttachmentDef *a);
gboolean tgw_routing_subnet_present(const TgwRouting *routing, const TgwSubnetDef *subnet);
gboolean tgw_routing_block_present(const TgwRouting *routing, const TgwCidrBlockDef *block);

/* ---- TGW route tables ------------------------------------------------------------------------ */

typedef enum {
    TGW_ROUTE_STATIC,
    TGW_ROUTE_PROPAGATED,
} TgwRouteType;

typedef enum {
    TGW_ROUTE_ACTIVE,
    TGW_ROUTE_BLACKHOLE,
    TGW_ROUTE_SHADOWED, /* not installed: a preferred route for the same prefix exists */
} TgwRouteState;

/* what put the route there, in the evaluation order of aws-network.md 2.3 */
typedef enum {
    TGW_ORIGIN_STATIC,
    TGW_ORIGIN_VPC,
    TGW_ORIGIN_DX_GATEWAY,
    TGW_ORIGIN_CONNECT,
    TGW_ORIGIN_VPN,
} TgwRouteOrigin;

const char *tgw_route_type_name(TgwRouteType type);
const char *tgw_route_state_name(TgwRouteState state);
gboolean tgw_route_state_parse(const char *text, TgwRouteState *out);

typedef struct _TgwRoute TgwRoute;
struct _TgwRoute {
    TgwCidr cidr;
    TgwRouteType type;
    TgwRouteOrigin origin;
    const TgwAttachmentDef *target; /* NULL for a blackhole route */
    TgwRouteState state;
    const TgwRoute *shadowed_by;  /* the installed route for the same prefix (shadowed only) */
    const TgwTgwRouteDef *def;    /* static routes: the declaration */
    const TgwCidrBlockDef *block; /* VPC-propagated routes: the VPC's block */
    int line;                     /* the static route, or the propagating attachment */
};

/* every route of a table, installed or shadowed (TgwRoute*), ordered by CIDR (address, then
 * shorter prefix first) and for one prefix the installed route first, then the shadowed ones in
 * preference order */
const GPtrArray *tgw_routing_table_routes(const TgwRouting *routing, const TgwTgwTableDef *table);
/* the attached attachments associated with / propagating into the table, attach order */
const GPtrArray *tgw_routing_table_associations(const TgwRouting *routing,
                                                const TgwTgwTableDef *table);
const GPtrArray *tgw_routing_table_propagations(const TgwRouting *routing,
                                                const TgwTgwTableDef *table);
/* the route for exactly this prefix (the installed one if any), or NULL: for
 * <expect table="TGW/TABLE" cidr=... state=...> */
const TgwRoute *tgw_routing_find_route(const TgwRouting *routing, const TgwTgwTableDef *table,
                                       TgwCidr cidr);
/* the installed route a packet to addr takes (longest prefix), or NULL */
const TgwRoute *tgw_routing_lookup(const TgwRouting *routing, const TgwTgwTableDef *table,
                                   guint32 addr);
/* routes installed (active or blackhole) in all tables of a TGW: what the 10,000 quota counts */
guint tgw_routing_tgw_route_count(const TgwRouting *routing, const TgwTgwDef *tgw);

/* ---- VPC route tables ------------------------------------------------------------------------ */

typedef enum {
    TGW_VPC_ROUTE_ACTIVE,
    TGW_VPC_ROUTE_BLACKHOLE, /* a blackhole target, or a TGW the VPC is not attached to */
    TGW_VPC_ROUTE_INVALID,   /* refused by AWS (more specific than a local route): ignored */
} TgwVpcRouteState;

const char *tgw_vpc_route_state_name(TgwVpcRouteState state);

typedef struct {
    TgwCidr cidr;
    TgwTargetKind target;         /* TGW_TARGET_LOCAL for the local routes */
    const TgwVpcRouteDef *def;    /* NULL for local routes */
    const TgwCidrBlockDef *block; /* local routes: the block */
    TgwVpcRouteState state;
} TgwVpcRoute;

/* "local", "transit-gateway:core", "internet-gateway", ... as written in the scenario */
char *tgw_vpc_route_target_string(const TgwVpcRoute *route);
/* the local routes and the explicit routes of a table (TgwVpcRoute*), ordered by CIDR */
const GPtrArray *tgw_routing_vpc_table_routes(const TgwRouting *routing,
                                              const TgwVpcTableDef *table);
/* the subnets present now that use the table (explicitly or as the main table), document order */
const GPtrArray *tgw_routing_vpc_table_subnets(const TgwRouting *routing,
                                               const TgwVpcTableDef *table);
/* the route a packet to addr takes in the table, or NULL */
const TgwVpcRoute *tgw_routing_vpc_lookup(const TgwRouting *routing, const TgwVpcTableDef *table,
                                          guint32 addr);
/* the VPC's attachment to tgw that is attached now, or NULL */
const TgwAttachmentDef *tgw_routing_vpc_attachment(const TgwRouting *routing, const TgwVpcDef *vpc,
                                                   const TgwTgwDef *tgw);

/* The subnet that stands for a VPC in reach queries and the matrix: the first subnet present, in
 * document order, that lies in the VPC's primary CIDR and whose route table has a route to a
 * transit gateway; else the first subnet in the primary CIDR; else the first subnet. NULL for a
 * VPC without subnets. As a destination its first usable address (network + 4) is used. */
const TgwSubnetDef *tgw_routing_vpc_representative(const TgwRouting *routing, const TgwVpcDef *vpc);

/* ---- reachability ---------------------------------------------------------------------------- */

typedef enum {
    TGW_REACH_DELIVERED,           /* arrived in the subnet meant */
    TGW_REACH_EXTERNAL,            /* handed to a VPN / DX gateway / Connect / peering attachment */
    TGW_REACH_EXITS_VPC,           /* to an internet or NAT gateway, peering, network interface */
    TGW_REACH_NO_ROUTE,            /* no route in a VPC or TGW table */
    TGW_REACH_BLACKHOLE,           /* a blackhole route */
    TGW_REACH_NO_ATTACHMENT,       /* a VPC route to a TGW the VPC is not attached to */
    TGW_REACH_NO_ATTACHMENT_IN_AZ, /* the attachment has no subnet in the sender's AZ */
    TGW_REACH_NO_ASSOCIATION,      /* the TGW attachment it enters by has no route table */
    TGW_REACH_NO_SUBNET,           /* the address is in a VPC block but in none of its subnets */
    TGW_REACH_WRONG_VPC, /* delivered, but to another VPC (or subnet) than the one meant */
    TGW_REACH_MISROUTED, /* meant for a VPC (or the reply for the sender), but handed
                          * to an external attachment that also claims the address */
    TGW_REACH_LOOP,      /* through the transit gateways more than 8 times */
    TGW_REACH_NONE,      /* return path only: no reply is traced (the request failed) */
} TgwReachDisposition;

const char *tgw_reach_disposition_name(TgwReachDisposition disposition);

typedef enum {
    TGW_HOP_SUBNET,          /* leaves or arrives in a subnet */
    TGW_HOP_SNAT,            /* the VPC CNI rewrites the pod's source address */
    TGW_HOP_VPC_ROUTE_TABLE, /* a VPC route table lookup */
    TGW_HOP_ATTACHMENT_IN,   /* into a transit gateway through an attachment */
    TGW_HOP_TGW_ROUTE_TABLE, /* a TGW route table lookup */
    TGW_HOP_ATTACHMENT_OUT,  /* out of a transit gateway through an attachment */
} TgwHopKind;

const char *tgw_hop_kind_name(TgwHopKind kind);

typedef struct {
    TgwHopKind kind;
    char *name;  /* "team-a/private-a", "core/spokes", the attachment's name */
    char *route; /* route lookups: the CIDR that matched, or NULL */
    char *text;  /* what happens there, one clause for people */
} TgwHop;

typedef struct {
    char *from, *to;          /* as asked */
    char *source_subnet;      /* "vpc/subnet" */
    guint32 source_addr;      /* the sender's address */
    guint32 dest_addr;        /* where the packet is sent */
    gboolean snat;            /* the VPC CNI SNATed the pod address */
    guint32 seen_source_addr; /* the source the destination sees (= source_addr without SNAT) */
    TgwReachDisposition disposition;
    GPtrArray *hops; /* TgwHop* */
    char *reason;    /* one sentence: where and why the request ended */
    TgwReachDisposition return_disposition;
    GPtrArray *return_hops; /* TgwHop* */
    char *return_reason;
} TgwReachResult;

void tgw_reach_result_free(TgwReachResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwReachResult, tgw_reach_result_free)

/* whether the request arrives (delivered, or handed to an external attachment) and its reply
 * comes back: what <expect reachable-from=... reachable-to=...> asks */
gboolean tgw_reach_result_reachable(const TgwReachResult *result);

/* Follows a packet from `from` (a VPC name, "VPC/SUBNET" or a subnet name unique in the
 * scenario) to `to` (an IPv4 address, a VPC, "VPC/SUBNET" or a unique subnet name), hop by hop,
 * then its reply. A VPC stands for its representative subnet (above); a subnet sends from and
 * receives at its first usable address (network + 4). Pod traffic leaving its VPC is SNATed to
 * a node's primary IP as the VPC CNI does (vpc-cni.md rules 29-30). NULL with TGW_ERROR_NOT_FOUND
 * when a name is unknown, ambiguous or not present at the routing's time. */
TgwReachResult *tgw_routing_reach(const TgwRouting *routing, const char *from, const char *to,
                                  GError **error);

/* ---- findings -------------------------------------------------------------------------------- */

/* the routing design findings (codes above), over the network at time 0 and after each routing
 * action of the timeline within the horizon; called by tgw_lint_scenario() */
void tgw_routing_lint(const TgwScenario *sc, TgwFindings *findings);

G_END_DECLS
