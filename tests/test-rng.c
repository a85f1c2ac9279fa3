/* test-rng.c: named streams: repeatable, independent, and immune to G_RANDOM_VERSION.
 *
 * The expected numbers were computed outside GLib, with Python's hashlib and random modules:
 * random.Random(int.from_bytes(sha256(seed_le8 + name), "little")) seeds MT19937 through the
 * same init_by_array as g_rand_set_seed_array does under GLib's default (2.2) seeding, with the
 * digest's eight little-endian words as the key, and getrandbits(32) is g_rand_int. So these
 * values pin both our hashing and GLib's seeding; a change in either fails here.
 *
 * main() sets G_RANDOM_VERSION=2.0 and then calls tgw_rng_init(), before g_test_init (which
 * seeds GRands of its own and so fixes GLib's once-per-process choice of version). Every test
 * below therefore runs with the variable having been set, and must still see the 2.2 numbers. */
#include "tgw-rng.h"

#include <stdio.h>
#include <string.h>

static const char *self_path;

/* (42, "workload/api"): the first four g_rand_int, then four g_rand_int_range(0, 1000) */
static const guint32 api_ints[] = {0x61bdaaaeu, 0x7d985aeeu, 0xa20970f1u, 0x1c715ddeu};
static const gint32 api_ranges[] = {548, 760, 151, 746};

static void
test_golden(void)
{
    g_autoptr(GRand) rand = tgw_rng_stream(42, "workload/api");
    g_autoptr(GRand) empty = tgw_rng_stream(0, "");

    for (guint i = 0; i < G_N_ELEMENTS(api_ints); i++)
        g_assert_cmphex(g_rand_int(rand), ==, api_ints[i]);
    for (guint i = 0; i < G_N_ELEMENTS(api_ranges); i++)
        g_assert_cmpint(g_rand_int_range(rand, 0, 1000), ==, api_ranges[i]);
    /* seed 0 and the empty name are ordinary inputs: SHA-256 of eight zero bytes */
    g_assert_cmphex(g_rand_int(empty), ==, 0x792a8278u);
    g_assert_cmphex(g_rand_int(empty), ==, 0xe7a00c08u);
}

static void
test_same_inputs_same_stream(void)
{
    g_autoptr(GRand) a = tgw_rng_stream(G_MAXUINT64, "node-group/general");
    g_autoptr(GRand) b = NULL;
    g_autoptr(GRand) other = tgw_rng_stream(1, "other");
    guint32 first[100];

    for (guint i = 0; i < G_N_ELEMENTS(first); i++)
        first[i] = g_rand_int(a);
    /* drawing from another stream in between changes nothing: streams share no state */
    g_rand_int(other);
    b = tgw_rng_stream(G_MAXUINT64, "node-group/general");
    for (guint i = 0; i < G_N_ELEMENTS(first); i++)
        g_assert_cmphex(g_rand_int(b), ==, first[i]);
}

/* the first draws of a stream, for comparing streams */
static guint64
head(guint64 seed, const char *name)
{
    g_autoptr(GRand) rand = tgw_rng_stream(seed, name);
    guint64 high = g_rand_int(rand);
    return high << 32 | g_rand_int(rand);
}

static void
test_streams_differ(void)
{
    const char *names[] = {"workload/api", "workload/web", "workload/ap", "workload/api ", ""};
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);

    /* 3 seeds x 5 names: 15 distinct heads (a collision of 64-bit heads would be a 2^-57 event) */
    for (guint64 seed = 41; seed <= 43; seed++) {
        for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
            gint64 *key = g_new(gint64, 1);
            *key = (gint64) head(seed, names[i]);
            g_assert_false(g_hash_table_contains(seen, key));
            g_hash_table_add(seen, key);
        }
    }
    g_assert_cmpuint(g_hash_table_size(seen), ==, 15);

    /* the seed's high bytes count too (all 8 are hashed, not a truncation to 32 bits) */
    g_assert_cmpuint(head(1, "x"), !=,
                     head(G_GUINT64_CONSTANT(1) | G_GUINT64_CONSTANT(1) << 40, "x"));
}

static void
test_run_seed(void)
{
    const guint64 seeds[] = {0, 1, 42, G_MAXUINT64};

    for (guint i = 0; i < G_N_ELEMENTS(seeds); i++) {
        g_assert_cmpuint(tgw_rng_run_seed(seeds[i], 0), ==, seeds[i]);
        g_assert_cmpuint(tgw_rng_run_seed(seeds[i], 1), !=, seeds[i]);
        g_assert_cmpuint(tgw_rng_run_seed(seeds[i], 1), !=, tgw_rng_run_seed(seeds[i], 2));
        g_assert_cmpuint(tgw_rng_run_seed(seeds[i], 7), ==, tgw_rng_run_seed(seeds[i], 7));
    }
    /* first 8 bytes, little-endian, of sha256(le8(42) + le4(run)), computed with Python */
    g_assert_cmpuint(tgw_rng_run_seed(42, 1), ==, G_GUINT64_CONSTANT(14984675442531746856));
    g_assert_cmpuint(tgw_rng_run_seed(42, 2), ==, G_GUINT64_CONSTANT(16904136823718472005));
}

static void
test_random_version_ignored(void)
{
    g_autofree char *out = NULL;
    g_autofree char *expected = NULL;
    g_auto(GStrv) env = NULL;
    const char *argv[] = {self_path, "--raw-stream", NULL};
    g_autoptr(GError) error = NULL;
    int status = 0;

    /* main() set it to 2.0 and tgw_rng_init() cleared it; test_golden saw the 2.2 numbers */
    g_assert_null(g_getenv("G_RANDOM_VERSION"));

    /* and clearing it is what makes the difference: a process that keeps G_RANDOM_VERSION=2.0
     * (this program with --raw-stream skips tgw_rng_init) draws other numbers from the same
     * stream, so the golden test above would fail without tgw_rng_init */
    env = g_environ_setenv(g_get_environ(), "G_RANDOM_VERSION", "2.0", TRUE);
    g_assert_true(g_spawn_sync(NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                               &status, &error));
    g_assert_no_error(error);
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    expected = g_strdup_printf("%08x %d\n", api_ints[0], api_ranges[0]);
    g_assert_cmpstr(out, !=, expected);
    g_assert_cmpuint(strlen(out), ==, strlen(expected)); /* it did print a stream */
}

int
main(int argc, char **argv)
{
    self_path = argv[0];
    if (argc == 2 && g_str_equal(argv[1], "--raw-stream")) {
        /* the stream as a process sees it without tgw_rng_init() */
        g_autoptr(GRand) rand = tgw_rng_stream(42, "workload/api");
        guint32 first = g_rand_int(rand);
        for (guint i = 1; i < G_N_ELEMENTS(api_ints); i++)
            g_rand_int(rand);
        printf("%08x %d\n", first, g_rand_int_range(rand, 0, 1000));
        return 0;
    }

    g_setenv("G_RANDOM_VERSION", "2.0", TRUE);
    tgw_rng_init();
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/rng/golden", test_golden);
    g_test_add_func("/rng/same-inputs-same-stream", test_same_inputs_same_stream);
    g_test_add_func("/rng/streams-differ", test_streams_differ);
    g_test_add_func("/rng/run-seed", test_run_seed);
    g_test_add_func("/rng/random-version-ignored", test_random_version_ignored);
    return g_test_run();
}
