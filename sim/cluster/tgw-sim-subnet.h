/* tgw-sim-subnet.h: the subnets of a run (tgw-sim-subnet.c): every address allocation and release
 * goes through here, counted by holder, with the peaks, the exhaustion events and the sampled
 * series. The lowest module of the simulation: it calls none of the others. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

void sim_subnets_init(Sim *sim);
void sim_subnets_free(Sim *sim);
/* allocates one address in the subnet for holder; FALSE (and an exhaustion event) on failure */
gboolean sim_subnet_alloc(Sim *sim, guint subnet, TgwHolder holder, const char *request,
                          const char *requester, guint32 *out);
/* several addresses at once, all or nothing (EC2 calls are atomic) */
gboolean sim_subnet_alloc_many(Sim *sim, guint subnet, TgwHolder holder, guint count,
                               const char *request, const char *requester, guint32 *out);
/* a new ENI: its primary address and count secondary addresses (or /28 prefixes), all or nothing */
gboolean sim_subnet_alloc_eni(Sim *sim, guint subnet, guint count, gboolean prefixes,
                              const char *request, const char *requester, guint32 *primary,
                              guint32 *out);
gboolean sim_subnet_alloc_prefixes(Sim *sim, guint subnet, guint count, const char *request,
                                   const char *requester, guint32 *out);
void sim_subnet_release(Sim *sim, guint subnet, TgwHolder holder, guint32 addr);
void sim_subnet_release_prefix(Sim *sim, guint subnet, guint32 addr);
/* moves n addresses between holder counters (e.g. warm -> pods) */
void sim_subnet_move(Sim *sim, guint subnet, TgwHolder from, TgwHolder to, guint n);
void sim_subnet_record_failure(Sim *sim, guint subnet, const char *request, const char *requester);
void sim_subnets_sample(Sim *sim);
/* notes each subnet's free /28 blocks, and checks that the holder counters add up to the
 * addresses in use */
void sim_subnets_finish(Sim *sim);
guint64 sim_subnet_free(const Sim *sim, guint subnet);

G_END_DECLS
