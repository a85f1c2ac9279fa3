/* test-subnet-pool.c: the per-subnet allocator: reserved addresses, exhaustion, /28 prefixes
 * and fragmentation (InsufficientCidrBlocks with free addresses left), release, determinism, and
 * the counters against a plain reference after heavy churn in a /16.
 *
 * Arithmetic used throughout: a /n subnet has 2^(32-n) addresses in 2^(28-n) aligned /28 blocks
 * of 16; five are reserved (offsets 0, 1, 2, 3 in the first block, the last offset in the last
 * block), so usable = size - 5 and the blocks that can ever be wholly free are all but the first
 * and the last. */
#include "tgw-subnet-pool.h"

#include <string.h>

#include "tgw-test-util.h"

static gboolean
is_reserved_offset(guint32 offset, guint64 size)
{
    return offset < 4 || offset == size - 1;
}

/* takes every free address, checking each is new, inside the subnet and not reserved */
static void
alloc_all(TgwSubnetPool *pool, GRand *rand, guint8 *taken)
{
    TgwCidr c = tgw_subnet_pool_cidr(pool);
    guint64 n = tgw_subnet_pool_free_count(pool);
    guint32 addr;

    for (guint64 i = 0; i < n; i++) {
        g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
        g_assert_true(tgw_cidr_contains_addr(c, addr));
        g_assert_false(is_reserved_offset(addr - c.addr, tgw_cidr_size(c)));
        g_assert_cmpuint(taken[addr - c.addr], ==, 0);
        taken[addr - c.addr] = 1;
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 0);
    g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_NO_ADDRESS);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_ADDRESS);
}

static void
test_slash24_exhaustion(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/24"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(1);
    guint8 taken[256] = {0};

    /* 256 - 5 = 251 usable; 16 blocks, of which 14 (all but .0/28 and .240/28) are whole */
    g_assert_cmpuint(tgw_subnet_pool_usable(pool), ==, 251);
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 251);
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, 0);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 14);
    for (guint32 o = 0; o < 256; o++)
        g_assert_cmpint(tgw_subnet_pool_is_used(pool, tgw_test_ip("10.0.0.0") + o), ==,
                        is_reserved_offset(o, 256));

    /* 251 allocations succeed and cover exactly the 251 unreserved addresses; the 252nd fails */
    alloc_all(pool, rand, taken);
    for (guint32 o = 0; o < 256; o++)
        g_assert_cmpuint(taken[o], ==, !is_reserved_offset(o, 256));
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, 251);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 0);
}

static void
test_slash28(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.9.0.16/28"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(2);
    guint8 taken[16] = {0};
    guint32 addr;

    /* 16 - 5 = 11 usable (.20 to .30); the one block holds all five reserved: never whole */
    g_assert_cmpuint(tgw_subnet_pool_usable(pool), ==, 11);
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 11);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 0);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_PREFIX);
    alloc_all(pool, rand, taken);
    for (guint32 o = 0; o < 16; o++)
        g_assert_cmpuint(taken[o], ==, o >= 4 && o <= 14);
}

static void
test_fragmented_no_prefix(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/24"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(3);
    guint8 taken[256] = {0};
    guint32 addr;

    /* Keep one address, .16b+5, in each of blocks 1..14 and free everything else. Then
     * free = 251 - 14 = 237, yet no block is whole: blocks 0 and 15 hold reserved addresses
     * and each of blocks 1..14 holds its kept address. EC2 would say InsufficientCidrBlocks. */
    alloc_all(pool, rand, taken);
    for (guint32 o = 4; o < 255; o++) {
        guint block = o / 16;
        if (!(block >= 1 && block <= 14 && o % 16 == 5))
            tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.0.0.0") + o);
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 237);
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, 14);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 0);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_PREFIX);

    /* freeing block 7's kept address (.117) makes .112/28 the one whole block */
    tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.0.0.117"));
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 1);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmphex(addr, ==, tgw_test_ip("10.0.0.112"));
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 238 - 16);
    for (guint32 o = 112; o < 128; o++)
        g_assert_true(tgw_subnet_pool_is_used(pool, tgw_test_ip("10.0.0.0") + o));

    /* released, it is the only prefix again */
    tgw_subnet_pool_release_prefix(pool, tgw_test_ip("10.0.0.112"));
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 238);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 1);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmphex(addr, ==, tgw_test_ip("10.0.0.112"));

    /* single addresses are still there to take */
    g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 221);
}

static void
test_prefix_alignment(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.1.0.0/20"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(4);
    guint8 block_taken[256] = {0};
    guint32 addr;

    /* 4096 addresses, 256 blocks, 254 of them whole: 254 prefixes, then NO_PREFIX with
     * 4091 - 254 * 16 = 27 addresses left (12 in .0/28 and 15 in .15.240/28) */
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 254);
    for (guint i = 0; i < 254; i++) {
        guint32 offset;
        g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_OK);
        offset = addr - tgw_test_ip("10.1.0.0");
        g_assert_cmpuint(offset % 16, ==, 0);
        g_assert_cmpuint(offset / 16, >=, 1);
        g_assert_cmpuint(offset / 16, <=, 254);
        g_assert_cmpuint(block_taken[offset / 16], ==, 0);
        block_taken[offset / 16] = 1;
        g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 253 - i);
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 27);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_PREFIX);
    for (guint i = 0; i < 27; i++) {
        guint32 offset;
        g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
        offset = addr - tgw_test_ip("10.1.0.0");
        g_assert_true((offset >= 4 && offset < 16) || (offset >= 4080 && offset < 4095));
    }
    g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_NO_ADDRESS);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_ADDRESS);

    /* a released prefix is the next one handed out; a released address the next address */
    tgw_subnet_pool_release_prefix(pool, tgw_test_ip("10.1.7.48"));
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 16);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmphex(addr, ==, tgw_test_ip("10.1.7.48"));
    tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.1.9.77"));
    g_assert_false(tgw_subnet_pool_is_used(pool, tgw_test_ip("10.1.9.77")));
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 0);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_PREFIX);
    g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmphex(addr, ==, tgw_test_ip("10.1.9.77"));
}

/* EC2 picks uniformly among the free addresses, across blocks and inside one */
static void
test_uniform_pick(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/24"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(5);
    /* free offsets: first and last block, two sharing block 2, and a few in between */
    static const guint32 offsets[] = {4, 15, 37, 38, 64, 100, 143, 200, 239, 254};
    guint8 taken[256] = {0};
    guint counts[256] = {0};
    const guint rounds = 1000 * G_N_ELEMENTS(offsets);
    guint32 addr;

    alloc_all(pool, rand, taken);
    for (guint i = 0; i < G_N_ELEMENTS(offsets); i++)
        tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.0.0.0") + offsets[i]);

    /* 10,000 picks among 10 addresses: each expects 1,000, sd = sqrt(10000 * 0.1 * 0.9) = 30;
     * [850, 1150] is 5 sd, and the seed is fixed, so this cannot flake */
    for (guint i = 0; i < rounds; i++) {
        g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
        counts[addr - tgw_test_ip("10.0.0.0")]++;
        tgw_subnet_pool_release_ip(pool, addr);
    }
    for (guint i = 0; i < G_N_ELEMENTS(offsets); i++) {
        g_assert_cmpuint(counts[offsets[i]], >=, 850);
        g_assert_cmpuint(counts[offsets[i]], <=, 1150);
        counts[offsets[i]] = 0;
    }
    for (guint o = 0; o < 256; o++)
        g_assert_cmpuint(counts[o], ==, 0); /* nothing outside the free set was picked */
}

/* a mixed sequence of operations; returns the addresses handed out, in order */
static GArray *
run_sequence(guint32 seed)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.4.0.0/22"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(seed);
    g_autoptr(GRand) chooser = g_rand_new_with_seed(99); /* the same choices for every seed */
    g_autoptr(GArray) singles = g_array_new(FALSE, FALSE, sizeof(guint32));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
    guint32 addr;

    /* 600 steps: 1/8 prefix, 1/8 release of the latest single address, 3/4 single address */
    for (guint i = 0; i < 600; i++) {
        guint op = (guint) g_rand_int_range(chooser, 0, 8);
        if (op == 0) {
            if (tgw_subnet_pool_alloc_prefix(pool, rand, &addr) == TGW_ALLOC_OK)
                g_array_append_val(out, addr);
        } else if (op == 1) {
            if (singles->len > 0) {
                tgw_subnet_pool_release_ip(pool, g_array_index(singles, guint32, singles->len - 1));
                g_array_set_size(singles, singles->len - 1);
            }
        } else if (tgw_subnet_pool_alloc_ip(pool, rand, &addr) == TGW_ALLOC_OK) {
            g_array_append_val(out, addr);
            g_array_append_val(singles, addr);
        }
    }
    return out;
}

static void
test_deterministic(void)
{
    g_autoptr(GArray) a = run_sequence(17);
    g_autoptr(GArray) b = run_sequence(17);
    g_autoptr(GArray) c = run_sequence(18);

    g_assert_cmpuint(a->len, >, 400);
    g_assert_cmpmem(a->data, a->len * sizeof(guint32), b->data, b->len * sizeof(guint32));
    g_assert_false(a->len == c->len && memcmp(a->data, c->data, a->len * sizeof(guint32)) == 0);
}

/* recounts free addresses and whole blocks from is_used and compares with the counters */
static void
assert_counters(TgwSubnetPool *pool, const guint8 *held)
{
    TgwCidr c = tgw_subnet_pool_cidr(pool);
    guint64 size = tgw_cidr_size(c), free = 0, whole = 0;

    for (guint32 block = 0; block < size / 16; block++) {
        guint block_free = 0;
        for (guint32 o = block * 16; o < block * 16 + 16; o++) {
            gboolean used = tgw_subnet_pool_is_used(pool, c.addr + o);
            g_assert_cmpint(used, ==, held[o] || is_reserved_offset(o, size));
            block_free += !used;
        }
        free += block_free;
        whole += block_free == 16;
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, free);
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, tgw_subnet_pool_usable(pool) - free);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, whole);
}

static void
test_slash16_churn(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.3.0.0/16"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(6);
    g_autoptr(GArray) held = g_array_new(FALSE, FALSE, sizeof(guint32));
    g_autofree guint8 *is_held = g_new0(guint8, 65536);
    guint32 addr;

    /* 65536 - 5 = 65531 usable, 4096 blocks of which 4094 whole */
    g_assert_cmpuint(tgw_subnet_pool_usable(pool), ==, 65531);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 4094);

    /* 60,000 addresses in: 5,531 left */
    for (guint i = 0; i < 60000; i++) {
        g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
        g_assert_cmpuint(is_held[addr - tgw_test_ip("10.3.0.0")], ==, 0);
        is_held[addr - tgw_test_ip("10.3.0.0")] = 1;
        g_array_append_val(held, addr);
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 5531);
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, 60000);
    assert_counters(pool, is_held);

    /* 60,000 releases of random held addresses interleaved with 30,000 new allocations */
    for (guint i = 0; i < 90000; i++) {
        if (i % 3 == 2) {
            g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
            g_assert_cmpuint(is_held[addr - tgw_test_ip("10.3.0.0")], ==, 0);
            is_held[addr - tgw_test_ip("10.3.0.0")] = 1;
            g_array_append_val(held, addr);
        } else {
            guint k = (guint) g_rand_int_range(rand, 0, (gint32) held->len);
            addr = g_array_index(held, guint32, k);
            g_array_remove_index_fast(held, k);
            tgw_subnet_pool_release_ip(pool, addr);
            is_held[addr - tgw_test_ip("10.3.0.0")] = 0;
        }
    }
    /* 60,000 + 30,000 - 60,000 = 30,000 held */
    g_assert_cmpuint(held->len, ==, 30000);
    g_assert_cmpuint(tgw_subnet_pool_used_count(pool), ==, 30000);
    assert_counters(pool, is_held);

    /* all back: the pool is as new, and every whole block can go out as a prefix */
    for (guint i = 0; i < held->len; i++) {
        addr = g_array_index(held, guint32, i);
        tgw_subnet_pool_release_ip(pool, addr);
        is_held[addr - tgw_test_ip("10.3.0.0")] = 0;
    }
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 65531);
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, 4094);
    for (guint i = 0; i < 4094; i++)
        g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_assert_cmpint(tgw_subnet_pool_alloc_prefix(pool, rand, &addr), ==, TGW_ALLOC_NO_PREFIX);
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 65531 - 4094 * 16); /* 27 */
}

static void
test_programming_errors(void)
{
    g_autoptr(TgwSubnetPool) pool = tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/24"));
    g_autoptr(GRand) rand = g_rand_new_with_seed(8);
    guint32 addr, block;

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*bit_is_set*");
    tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.0.0.77")); /* never allocated */
    g_test_assert_expected_messages();
    for (guint i = 0; i < 5; i++) {
        const char *reserved[] = {"10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"};
        g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*!is_reserved*");
        tgw_subnet_pool_release_ip(pool, tgw_test_ip(reserved[i]));
        g_test_assert_expected_messages();
    }
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*tgw_cidr_contains_addr*");
    tgw_subnet_pool_release_ip(pool, tgw_test_ip("10.0.1.7"));
    g_test_assert_expected_messages();

    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*offset % BLOCK_SIZE == 0*");
    tgw_subnet_pool_release_prefix(pool, tgw_test_ip("10.0.0.8"));
    g_test_assert_expected_messages();
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*block != 0*");
    tgw_subnet_pool_release_prefix(pool, tgw_test_ip("10.0.0.240"));
    g_test_assert_expected_messages();
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*block_free[block] == 0*");
    tgw_subnet_pool_release_prefix(pool, tgw_test_ip("10.0.0.32")); /* wholly free */
    g_test_assert_expected_messages();
    /* a block with only some addresses used is not a prefix either */
    g_assert_cmpint(tgw_subnet_pool_alloc_ip(pool, rand, &addr), ==, TGW_ALLOC_OK);
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*block_free[block] == 0*");
    tgw_subnet_pool_release_prefix(pool, addr & ~15u);
    g_test_assert_expected_messages();

    /* nothing above changed the pool */
    g_assert_cmpuint(tgw_subnet_pool_free_count(pool), ==, 250);
    block = (addr & 0xFF) / 16;
    g_assert_cmpuint(tgw_subnet_pool_free_prefixes(pool), ==, block == 0 || block == 15 ? 14 : 13);

    /* AWS subnets are /16 to /28 */
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*cidr.len >= MIN_LEN*");
    g_assert_null(tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/29")));
    g_test_assert_expected_messages();
    g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*cidr.len >= MIN_LEN*");
    g_assert_null(tgw_subnet_pool_new(tgw_test_cidr("10.0.0.0/15")));
    g_test_assert_expected_messages();
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/subnet-pool/slash24-exhaustion", test_slash24_exhaustion);
    g_test_add_func("/subnet-pool/slash28", test_slash28);
    g_test_add_func("/subnet-pool/fragmented-no-prefix", test_fragmented_no_prefix);
    g_test_add_func("/subnet-pool/prefix-alignment", test_prefix_alignment);
    g_test_add_func("/subnet-pool/uniform-pick", test_uniform_pick);
    g_test_add_func("/subnet-pool/deterministic", test_deterministic);
    g_test_add_func("/subnet-pool/slash16-churn", test_slash16_churn);
    g_test_add_func("/subnet-pool/programming-errors", test_programming_errors);
    return g_test_run();
}
