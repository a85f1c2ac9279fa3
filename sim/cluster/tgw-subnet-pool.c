/* tgw-subnet-pool.c: which addresses of one subnet are taken, and EC2's random pick of a free one.
 *
 * The CNI model asks this pool for a secondary IP (assign-ip, an ENI's primary, a node's primary)
 * or a /28 prefix (prefix delegation) and gets an address or the EC2 error it would see
 * (InsufficientFreeAddressesInSubnet / InsufficientCidrBlocks, vpc-cni.md rule 32). EC2 picks a
 * free address at random, and that randomness is what fragments a subnet until no aligned /28 is
 * whole although many addresses are free (rule 33), so the pick must be uniform over the free
 * addresses, not first-fit (first-fit would keep the top of the subnet whole and hide the
 * failure this simulator exists to predict).
 *
 * Layout, for a subnet of n addresses (n = 16 .. 65536, /28 .. /16) and b = n / 16 blocks:
 * - a bitmap of used addresses, 16 bits per aligned /28 block, four blocks per 64-bit word;
 * - the free count of each block (0..16);
 * - two Fenwick trees over the blocks: one of the free counts, one of "the block is wholly free"
 *   flags. Descending a tree finds the block that holds the k-th free address (or the k-th whole
 *   block) in log2(b) steps, 12 for a /16, and one update is as cheap. Inside the block the k-th
 *   free address is found in its 16-bit mask.
 * A /16 costs 8 KiB of bitmap, 4 KiB of counts and 32 KiB of trees; a /24 well under 1 KiB.
 *
 * The five AWS-reserved addresses (network, +1 router, +2 DNS, +3 future use, broadcast) are set
 * in the bitmap at creation and never cleared, so they can neither be handed out nor make their
 * block whole: the first and last /28 of a subnet can never be delegated as a prefix, and a /28
 * subnet, whose only block holds all five, has 11 usable addresses and no prefix.
 *
 * The pool does not remember whether an address went out alone or inside a prefix; the model
 * does. release_prefix only requires the 16 addresses to be in use and none of them reserved. */
#include "tgw-subnet-pool.h"

#include <string.h>

#define BLOCK_BITS      4
#define BLOCK_SIZE      (1u << BLOCK_BITS) /* a /28 */
#define BLOCK_MASK      0xFFFFu
#define BLOCKS_PER_WORD (64 / BLOCK_SIZE)
#define MIN_LEN         16
#define MAX_LEN         28

/* a Fenwick (binary indexed) tree of guint32 counts over n slots; node[0] is unused */
typedef struct {
    guint32 *node;
    guint n;
    guint top; /* the largest power of two <= n, where the descent starts */
} Counts;

struct _TgwSubnetPool {
    TgwCidr cidr;
    guint32 size;
    guint n_blocks;
    guint64 *used;      /* bit i set: address cidr.addr + i is used or reserved */
    guint8 *block_free; /* free addresses per block */
    Counts free_tree;   /* over block_free */
    Counts whole_tree;  /* over block_free == 16 */
    guint32 free;       /* sum of block_free */
    guint32 whole;      /* blocks with block_free == 16 */
};

static void
counts_init(Counts *counts, const guint32 *values, guint n)
{
    counts->n = n;
    counts->node = g_new0(guint32, n + 1);
    counts->top = 1;
    while (counts->top * 2 <= n)
        counts->top *= 2;
    /* the linear-time build: each node passes its sum on to its parent */
    for (guint i = 1; i <= n; i++) {
        guint parent = i + (i & -i);
        counts->node[i] += values[i - 1];
        if (parent <= n)
            counts->node[parent] += counts->node[i];
    }
}

static inline void
counts_add(Counts *counts, guint slot, gint32 delta)
{
    for (guint i = slot + 1; i <= counts->n; i += i & -i)
        counts->node[i] += (guint32) delta;
}

/* the slot holding the k-th unit (0-based) of the counts, with k's rank inside that slot in
 * *rank; the caller guarantees k < the total */
static inline guint
counts_find(const Counts *counts, guint32 k, guint32 *rank)
{
    guint pos = 0;

    for (guint step = counts->top; step > 0; step >>= 1) {
        guint next = pos + step;
        if (next <= counts->n && counts->node[next] <= k) {
            pos = next;
            k -= counts->node[next];
        }
    }
    *rank = k;
    return pos; /* node pos covers slots [0, pos), so the unit is in slot pos (0-based) */
}

static inline guint
block_used_mask(const TgwSubnetPool *pool, guint block)
{
    guint shift = (block % BLOCKS_PER_WORD) * BLOCK_SIZE;
    return (guint) (pool->used[block / BLOCKS_PER_WORD] >> shift) & BLOCK_MASK;
}

static inline gboolean
bit_is_set(const TgwSubnetPool *pool, guint32 offset)
{
    return (pool->used[offset / 64] >> (offset % 64)) & 1;
}

static inline gboolean
is_reserved(const TgwSubnetPool *pool, guint32 offset)
{
    return offset < 4 || offset == pool->size - 1;
}

/* marks a free address used: its bit, its block's count, the trees */
static inline void
take_offset(TgwSubnetPool *pool, guint32 offset)
{
    guint block = offset / BLOCK_SIZE;
    pool->used[offset / 64] |= G_GUINT64_CONSTANT(1) << (offset % 64);
    if (pool->block_free[block] == BLOCK_SIZE) {
        counts_add(&pool->whole_tree, block, -1);
        pool->whole--;
    }
    pool->block_free[block]--;
    counts_add(&pool->free_tree, block, -1);
    pool->free--;
}

TgwSubnetPool *
tgw_subnet_pool_new(TgwCidr cidr)
{
    TgwSubnetPool *pool;
    g_autofree guint32 *frees = NULL;
    g_autofree guint32 *wholes = NULL;
    guint32 reserved[] = {0, 1, 2, 3, 0};

    g_return_val_if_fail(cidr.len >= MIN_LEN && cidr.len <= MAX_LEN, NULL);
    g_return_val_if_fail((cidr.addr & ~tgw_cidr_mask(cidr.len)) == 0, NULL);

    pool = g_new0(TgwSubnetPool, 1);
    pool->cidr = cidr;
    pool->size = (guint32) tgw_cidr_size(cidr);
    pool->n_blocks = pool->size / BLOCK_SIZE;
    pool->used = g_new0(guint64, (pool->n_blocks + BLOCKS_PER_WORD - 1) / BLOCKS_PER_WORD);
    pool->block_free = g_new(guint8, pool->n_blocks);
    memset(pool->block_free, BLOCK_SIZE, pool->n_blocks);

    reserved[4] = pool->size - 1;
    for (guint i = 0; i < G_N_ELEMENTS(reserved); i++) {
        pool->used[reserved[i] / 64] |= G_GUINT64_CONSTANT(1) << (reserved[i] % 64);
        pool->block_free[reserved[i] / BLOCK_SIZE]--;
    }

    frees = g_new(guint32, pool->n_blocks);
    wholes = g_new(guint32, pool->n_blocks);
    for (guint b = 0; b < pool->n_blocks; b++) {
        frees[b] = pool->block_free[b];
        wholes[b] = pool->block_free[b] == BLOCK_SIZE;
        pool->free += frees[b];
        pool->whole += wholes[b];
    }
    counts_init(&pool->free_tree, frees, pool->n_blocks);
    counts_init(&pool->whole_tree, wholes, pool->n_blocks);
    return pool;
}

void
tgw_subnet_pool_free(TgwSubnetPool *pool)
{
    if (pool == NULL)
        return;
    g_free(pool->used);
    g_free(pool->block_free);
    g_free(pool->free_tree.node);
    g_free(pool->whole_tree.node);
    g_free(pool);
}

TgwAllocResult
tgw_subnet_pool_alloc_ip(TgwSubnetPool *pool, GRand *rand, guint32 *out_addr)
{
    guint32 k, rank;
    guint block, mask, bit;
    guint32 offset;

    g_return_val_if_fail(pool != NULL, TGW_ALLOC_NO_ADDRESS);
    g_return_val_if_fail(rand != NULL, TGW_ALLOC_NO_ADDRESS);
    g_return_val_if_fail(out_addr != NULL, TGW_ALLOC_NO_ADDRESS);

    if (pool->free == 0)
        return TGW_ALLOC_NO_ADDRESS;

    k = (guint32) g_rand_int_range(rand, 0, (gint32) pool->free);
    block = counts_find(&pool->free_tree, k, &rank);
    mask = ~block_used_mask(pool, block) & BLOCK_MASK; /* the block's free addresses */
    for (guint32 i = 0; i < rank; i++)
        mask &= mask - 1; /* drop the lowest free address */
    bit = (guint) __builtin_ctz(mask);
    offset = block * BLOCK_SIZE + bit;

    take_offset(pool, offset);

    *out_addr = pool->cidr.addr + offset;
    return TGW_ALLOC_OK;
}

TgwAllocResult
tgw_subnet_pool_alloc_prefix(TgwSubnetPool *pool, GRand *rand, guint32 *out_addr)
{
    guint32 k, rank;
    guint block;

    g_return_val_if_fail(pool != NULL, TGW_ALLOC_NO_ADDRESS);
    g_return_val_if_fail(rand != NULL, TGW_ALLOC_NO_ADDRESS);
    g_return_val_if_fail(out_addr != NULL, TGW_ALLOC_NO_ADDRESS);

    if (pool->free == 0)
        return TGW_ALLOC_NO_ADDRESS;
    if (pool->whole == 0)
        return TGW_ALLOC_NO_PREFIX;

    k = (guint32) g_rand_int_range(rand, 0, (gint32) pool->whole);
    block = counts_find(&pool->whole_tree, k, &rank);
    g_assert(rank == 0 && pool->block_free[block] == BLOCK_SIZE);

    pool->used[block / BLOCKS_PER_WORD] |= (guint64) BLOCK_MASK
                                           << ((block % BLOCKS_PER_WORD) * BLOCK_SIZE);
    pool->block_free[block] = 0;
    counts_add(&pool->whole_tree, block, -1);
    pool->whole--;
    counts_add(&pool->free_tree, block, -(gint32) BLOCK_SIZE);
    pool->free -= BLOCK_SIZE;

    *out_addr = pool->cidr.addr + block * BLOCK_SIZE;
    return TGW_ALLOC_OK;
}

gboolean
tgw_subnet_pool_take(TgwSubnetPool *pool, guint32 addr)
{
    guint32 offset;

    g_return_val_if_fail(pool != NULL, FALSE);
    if (!tgw_cidr_contains_addr(pool->cidr, addr))
        return FALSE;
    offset = addr - pool->cidr.addr;
    if (is_reserved(pool, offset) || bit_is_set(pool, offset))
        return FALSE;
    take_offset(pool, offset);
    return TRUE;
}

void
tgw_subnet_pool_release_ip(TgwSubnetPool *pool, guint32 addr)
{
    guint32 offset;
    guint block;

    g_return_if_fail(pool != NULL);
    g_return_if_fail(tgw_cidr_contains_addr(pool->cidr, addr));
    offset = addr - pool->cidr.addr;
    g_return_if_fail(!is_reserved(pool, offset));
    g_return_if_fail(bit_is_set(pool, offset));

    block = offset / BLOCK_SIZE;
    pool->used[offset / 64] &= ~(G_GUINT64_CONSTANT(1) << (offset % 64));
    pool->block_free[block]++;
    if (pool->block_free[block] == BLOCK_SIZE) {
        counts_add(&pool->whole_tree, block, 1);
        pool->whole++;
    }
    counts_add(&pool->free_tree, block, 1);
    pool->free++;
}

void
tgw_subnet_pool_release_prefix(TgwSubnetPool *pool, guint32 addr)
{
    guint32 offset;
    guint block;

    g_return_if_fail(pool != NULL);
    g_return_if_fail(tgw_cidr_contains_addr(pool->cidr, addr));
    offset = addr - pool->cidr.addr;
    g_return_if_fail(offset % BLOCK_SIZE == 0);
    block = offset / BLOCK_SIZE;
    /* the first and last blocks hold reserved addresses: never a delegated prefix */
    g_return_if_fail(block != 0 && block != pool->n_blocks - 1);
    g_return_if_fail(pool->block_free[block] == 0);

    pool->used[block / BLOCKS_PER_WORD] &=
        ~((guint64) BLOCK_MASK << ((block % BLOCKS_PER_WORD) * BLOCK_SIZE));
    pool->block_free[block] = BLOCK_SIZE;
    counts_add(&pool->whole_tree, block, 1);
    pool->whole++;
    counts_add(&pool->free_tree, block, BLOCK_SIZE);
    pool->free += BLOCK_SIZE;
}

gboolean
tgw_subnet_pool_is_used(const TgwSubnetPool *pool, guint32 addr)
{
    g_return_val_if_fail(pool != NULL, FALSE);
    g_return_val_if_fail(tgw_cidr_contains_addr(pool->cidr, addr), FALSE);

    return bit_is_set(pool, addr - pool->cidr.addr);
}

guint64
tgw_subnet_pool_usable(const TgwSubnetPool *pool)
{
    g_return_val_if_fail(pool != NULL, 0);

    return pool->size - TGW_AWS_RESERVED_PER_SUBNET;
}

guint64
tgw_subnet_pool_free_count(const TgwSubnetPool *pool)
{
    g_return_val_if_fail(pool != NULL, 0);

    return pool->free;
}

guint64
tgw_subnet_pool_used_count(const TgwSubnetPool *pool)
{
    g_return_val_if_fail(pool != NULL, 0);

    return pool->size - TGW_AWS_RESERVED_PER_SUBNET - pool->free;
}

guint64
tgw_subnet_pool_free_prefixes(const TgwSubnetPool *pool)
{
    g_return_val_if_fail(pool != NULL, 0);

    return pool->whole;
}

TgwCidr
tgw_subnet_pool_cidr(const TgwSubnetPool *pool)
{
    TgwCidr none = {0, 0};

    g_return_val_if_fail(pool != NULL, none);

    return pool->cidr;
}
