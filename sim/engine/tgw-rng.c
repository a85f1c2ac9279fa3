/* tgw-rng.c: named random streams, so that runs repeat and compared runs share their randomness.
 *
 * A stream's state is a function of (scenario seed, stream name) only: SHA-256 over the seed's 8
 * little-endian bytes followed by the name's bytes (no terminating NUL), read as eight
 * little-endian 32-bit words, seeds MT19937 through g_rand_new_with_seed_array. Hashing (rather
 * than, say, seed + index) means streams do not overlap in an obvious way, a stream does not
 * depend on how many others exist or in which order they were made, and the bytes are the same on
 * every host. The repetitions of --runs get their seeds the same way from (seed, run).
 *
 * What G_RANDOM_VERSION does, read in GLib 2.74.6's glib/grand.c: get_random_version() reads the
 * variable once per process (g_once_init_enter) and caches 20 for "2.0" or 22 otherwise (with a
 * warning for unknown values). g_rand_new_with_seed_array calls g_rand_set_seed_array, which
 * starts with g_rand_set_seed (rand, 19650218) and that switches on the version: "2.0" fills the
 * initial state with the old 69069 LCG instead of Knuth's 1812433253 recurrence, so the whole
 * seeded state, and every number after it, differs. g_rand_int_range also switches on it (a
 * floating-point scaling under "2.0", rejection sampling under 2.2); g_rand_int and
 * g_rand_double do not. So the variable does change our streams, and because the version is
 * cached, it must be cleared before the first GRand of the process is seeded, including the one
 * g_test_init makes: tgw_rng_init() therefore belongs at the top of main(). */
#include "tgw-rng.h"

#include <string.h>

/* SHA-256 over (seed as 8 little-endian bytes, extra) into digest */
static void
hash_seed(guint64 seed, const guint8 *extra, gsize extra_len, guint8 digest[32])
{
    g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 seed_bytes[8];
    gsize digest_len = 32;

    for (guint i = 0; i < 8; i++)
        seed_bytes[i] = (guint8) (seed >> (8 * i));
    g_checksum_update(checksum, seed_bytes, sizeof seed_bytes);
    g_checksum_update(checksum, extra, (gssize) extra_len);
    g_checksum_get_digest(checksum, digest, &digest_len);
    g_assert(digest_len == 32);
}

void
tgw_rng_init(void)
{
    static gsize once = 0;
    /* once per process: unsetenv races with getenv in other threads (runs go in parallel) */
    if (g_once_init_enter(&once)) {
        g_unsetenv("G_RANDOM_VERSION");
        g_once_init_leave(&once, 1);
    }
}

GRand *
tgw_rng_stream(guint64 seed, const char *stream_name)
{
    guint8 digest[32];
    guint32 words[8];

    g_return_val_if_fail(stream_name != NULL, NULL);

    hash_seed(seed, (const guint8 *) stream_name, strlen(stream_name), digest);
    for (guint i = 0; i < G_N_ELEMENTS(words); i++)
        words[i] = (guint32) digest[4 * i] | (guint32) digest[4 * i + 1] << 8 |
                   (guint32) digest[4 * i + 2] << 16 | (guint32) digest[4 * i + 3] << 24;
    return g_rand_new_with_seed_array(words, G_N_ELEMENTS(words));
}

guint64
tgw_rng_run_seed(guint64 seed, guint run)
{
    guint8 digest[32];
    guint8 run_bytes[4];
    guint64 derived = 0;

    /* run 0 is the scenario's own seed, so a single run reproduces what the file says */
    if (run == 0)
        return seed;
    for (guint i = 0; i < 4; i++)
        run_bytes[i] = (guint8) ((guint32) run >> (8 * i));
    hash_seed(seed, run_bytes, sizeof run_bytes, digest);
    for (guint i = 0; i < 8; i++)
        derived |= (guint64) digest[i] << (8 * i);
    return derived;
}
