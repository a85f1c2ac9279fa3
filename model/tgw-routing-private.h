/* tgw-routing-private.h: the inside of TgwRouting, shared by the files of the routing module
 * (tgw-routing.c builds it, tgw-reach.c walks it, tgw-routing-lint.c judges it). */
#pragma once

#include "tgw-lpm.h"
#include "tgw-routing.h"

G_BEGIN_DECLS

typedef struct {
    gboolean attached;
    guint64 seq; /* when it was (last) attached, in install order */
} TgwAttachmentState;

typedef struct {
    const TgwTgwTableDef *def;
    GPtrArray *statics;      /* TgwTgwRouteDef* present now, declaration/add order */
    GPtrArray *routes;       /* TgwRoute* (owned), see tgw_routing_table_routes() */
    TgwLpm *lpm;             /* installed routes */
    GPtrArray *associations; /* TgwAttachmentDef*, attached, attach order */
    GPtrArray *propagations; /* TgwAttachmentDef*, attached, attach order */
} TgwTableState;

typedef struct {
    const TgwTgwDef *def;
    TgwTableState *tables; /* def->tables order */
    guint installed;       /* installed routes over all tables */
} TgwTgwState;

typedef struct {
    const TgwVpcTableDef *def;
    GPtrArray *routes;  /* TgwVpcRoute* (owned), CIDR order */
    TgwLpm *lpm;        /* the routes that are not invalid */
    GPtrArray *subnets; /* TgwSubnetDef* present now */
} TgwVpcTableState;

typedef struct {
    const TgwVpcDef *def;
    gboolean *block_present;  /* def->cidr_blocks order */
    guint64 *block_seq;       /* when each block was associated, in install order */
    TgwLpm *subnets;          /* present subnets by CIDR */
    TgwVpcTableState *tables; /* def->tables order */
    const TgwSubnetDef *representative;
} TgwVpcState;

struct _TgwRouting {
    const TgwScenario *sc;
    gint64 at_ms;
    TgwAttachmentState *attachments; /* by attachment index */
    guint64 attachments_seq;         /* the last install sequence number handed out */
    gboolean *subnet_present;        /* by subnet index */
    TgwTgwState *tgws;               /* by TGW index */
    TgwVpcState *vpcs;               /* by VPC index */
    GHashTable *vpc_tables;          /* TgwVpcTableDef* -> TgwVpcTableState* */
    GHashTable *blocks;              /* TgwCidrBlockDef* -> its gboolean in block_present */
    const TgwCniDef **cni;           /* by cluster index: the settings in force */
    GHashTable *vpc_by_name;         /* name -> TgwVpcDef* */
    GHashTable *subnet_by_ref;       /* "vpc/subnet" and unique bare names -> TgwSubnetDef* */
    GHashTable *ambiguous_subnets;   /* bare names used by several subnets */
};

TgwTableState *tgw_routing_table_state(const TgwRouting *routing, const TgwTgwTableDef *table);
TgwVpcTableState *tgw_routing_vpc_table_state(const TgwRouting *routing,
                                              const TgwVpcTableDef *table);
/* whether a present block of the VPC holds addr */
gboolean tgw_routing_vpc_holds(const TgwRouting *routing, const TgwVpcDef *vpc, guint32 addr);
/* the present subnet of the VPC holding addr, or NULL */
const TgwSubnetDef *tgw_routing_subnet_at(const TgwRouting *routing, const TgwVpcDef *vpc,
                                          guint32 addr);
/* the attachment's subnet in az, or NULL */
const TgwSubnetDef *tgw_attachment_subnet_in(const TgwAttachmentDef *a, const char *az);

G_END_DECLS
