/* tgw-subnet-pool.h: the free addresses of one subnet, as EC2 hands them out.
 *
 * AWS keeps the first four and the last address of every subnet. EC2 picks a secondary IP at
 * random among the free ones (seeded here, so runs repeat), and a /28 prefix only where 16
 * aligned addresses are all free: with churn a subnet can have many free addresses and still no
 * whole /28 (InsufficientCidrBlocks, vpc-cni.md rules 32-33). A bitmap with per-/28 free counts
 * and a counting tree over the /28 blocks makes both picks O(log n) for a /16. */
#pragma once

#include <glib.h>

#include "tgw-cidr.h"

G_BEGIN_DECLS

typedef enum {
    TGW_ALLOC_OK,
    TGW_ALLOC_NO_ADDRESS, /* InsufficientFreeAddressesInSubnet */
    TGW_ALLOC_NO_PREFIX,  /* InsufficientCidrBlocks: no aligned /28 is wholly free */
} TgwAllocResult;

typedef struct _TgwSubnetPool TgwSubnetPool;

TgwSubnetPool *tgw_subnet_pool_new(TgwCidr cidr);
void tgw_subnet_pool_free(TgwSubnetPool *pool);
/* one free address chosen uniformly at random with rand */
TgwAllocResult tgw_subnet_pool_alloc_ip(TgwSubnetPool *pool, GRand *rand, guint32 *out_addr);
/* an aligned /28 of 16 free addresses chosen uniformly at random among such blocks; only for
 * subnets of /28 or larger (a /28 subnet holds no whole prefix: its reserved addresses are in it)
 */
TgwAllocResult tgw_subnet_pool_alloc_prefix(TgwSubnetPool *pool, GRand *rand, guint32 *out_addr);
/* takes this very address when it is free (not reserved by AWS, not in use): TRUE if it did */
gboolean tgw_subnet_pool_take(TgwSubnetPool *pool, guint32 addr);
void tgw_subnet_pool_release_ip(TgwSubnetPool *pool, guint32 addr);
void tgw_subnet_pool_release_prefix(TgwSubnetPool *pool, guint32 addr);
gboolean tgw_subnet_pool_is_used(const TgwSubnetPool *pool, guint32 addr);
/* usable = size - 5; free + used = usable */
guint64 tgw_subnet_pool_usable(const TgwSubnetPool *pool);
guint64 tgw_subnet_pool_free_count(const TgwSubnetPool *pool);
guint64 tgw_subnet_pool_used_count(const TgwSubnetPool *pool);
/* aligned /28 blocks that are wholly free */
guint64 tgw_subnet_pool_free_prefixes(const TgwSubnetPool *pool);
TgwCidr tgw_subnet_pool_cidr(const TgwSubnetPool *pool);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwSubnetPool, tgw_subnet_pool_free)

G_END_DECLS
