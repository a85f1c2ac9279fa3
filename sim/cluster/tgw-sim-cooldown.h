/* tgw-sim-cooldown.h: an ENI's address slots and its cooldown queue (tgw-sim-cooldown.c):
 * operations on one ENI that know nothing of the run, used by the subnets, the ENIs and ipamd. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

/* every change of a slot's state goes through here, so that free_mask stays the FREE slots */
static inline void
sim_slot_set(Eni *eni, guint i, Slot value)
{
    if (i < 64) {
        guint64 bit = G_GUINT64_CONSTANT(1) << i;
        eni->free_mask = value.pod == SLOT_FREE ? eni->free_mask | bit : eni->free_mask & ~bit;
    }
    eni->slots[i] = value;
}

static inline void
sim_slot_set_pod(Eni *eni, guint i, guint32 pod)
{
    sim_slot_set(eni, i, (Slot){eni->slots[i].addr, pod, eni->slots[i].until});
}

/* queues a release; entries come in expiry order */
void sim_eni_cooldown_push(Eni *eni, CooldownEntry entry);
/* frees the slots whose cooldown has ended by now */
void sim_eni_expire_cooldown_due(Eni *eni, gint64 now);
/* how many of the ENI's addresses are still in cooldown at t */
guint sim_eni_cooldown_at(const Eni *eni, gint64 t);
/* the first and last cooldown ends pending */
void sim_eni_cooldown_bounds(Eni *eni, gint64 *first, gint64 *last);

/* every pod start asks each of its node's ENIs; most have nothing due, and the answer comes from
 * the ENI itself without reading its queue */
static inline void
sim_eni_expire_cooldown(Eni *eni, gint64 now)
{
    if (eni->cooldown_next <= now)
        sim_eni_expire_cooldown_due(eni, now);
}

G_END_DECLS
