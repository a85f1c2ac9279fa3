/* tgw-rng.h: random streams derived from (scenario seed, stream name).
 *
 * Every source of randomness in a run (a workload's arrivals and lifetimes, a node group's
 * choices, a subnet's address picks) draws from its own stream, seeded from the SHA-256 of the
 * scenario seed and the stream's name. Comparing CNI modes therefore sees the same arrivals and
 * lifetimes (common random numbers), and adding a workload does not shift the others. The
 * generator is GLib's GRand (MT19937), seeded with g_rand_new_with_seed_array; the environment
 * variable G_RANDOM_VERSION, which changes GRand's seeding, is cleared by tgw_rng_init. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* clears G_RANDOM_VERSION; called by every entry point before any GRand exists */
void tgw_rng_init(void);
/* a new generator for this stream; free with g_rand_free */
GRand *tgw_rng_stream(guint64 seed, const char *stream_name);
/* the seed of repetition run (0 = the scenario seed itself) for --runs */
guint64 tgw_rng_run_seed(guint64 seed, guint run);

G_END_DECLS
