/* tgw-sim-cooldown.c: an ENI's cooldown queue (see tgw-sim-cooldown.h).
 *
 * An address a pod gives back stays in cooldown for 30 s (vpc-cni.md rule 26) before another pod
 * may take it. Each ENI keeps its releases in expiry order in a ring inline in the ENI, with the
 * head entry's time and slot beside it, so that the common question (is anything due?) is
 * answered from the ENI's first cache line. Nothing here knows the run: every function takes one
 * ENI, which is why the subnets (which count cooldown at a peak) can ask it too. */
#include "tgw-sim-cooldown.h"

/* the i-th pending entry, oldest first */
static inline CooldownEntry *
cooldown_entry(const Eni *eni, guint i)
{
    return &eni->cooldown[(eni->cooldown_head + i) & (eni->cooldown_cap - 1)];
}

/* appends a release; releases come in expiry order, since a node's cooldown period is fixed when
 * it launches (n->cni) and the clock only moves forward */
void
sim_eni_cooldown_push(Eni *eni, CooldownEntry entry)
{
    if (eni->cooldown_len == eni->cooldown_cap) {
        /* unwrap into a ring twice the size: the entries keep their order from index 0 */
        guint cap = MAX(eni->cooldown_cap * 2, 8u);
        CooldownEntry *ring = g_new(CooldownEntry, cap);
        for (guint i = 0; i < eni->cooldown_len; i++)
            ring[i] = *cooldown_entry(eni, i);
        g_free(eni->cooldown);
        eni->cooldown = ring;
        eni->cooldown_cap = cap;
        eni->cooldown_head = 0;
    }
    eni->cooldown_len++;
    *cooldown_entry(eni, eni->cooldown_len - 1) = entry;
    if (eni->cooldown_len == 1) {
        eni->cooldown_next = entry.until;
        eni->cooldown_next_slot = entry.slot;
    }
}

void
sim_eni_expire_cooldown_due(Eni *eni, gint64 now)
{
    /* the head entry is also in cooldown_next and cooldown_next_slot */
    while (eni->cooldown_len > 0 && eni->cooldown_next <= now) {
        guint slot = eni->cooldown_next_slot;
        if (slot < eni->n_slots) {
            Slot *s = &eni->slots[slot];
            /* the entry is stale if the slot left cooldown another way (released, reused) */
            if (s->pod == SLOT_COOLDOWN && s->until == eni->cooldown_next) {
                sim_slot_set_pod(eni, slot, SLOT_FREE);
                eni->n_cooldown--;
            }
        }
        eni->cooldown_head = (eni->cooldown_head + 1) & (eni->cooldown_cap - 1);
        eni->cooldown_len--;
        if (eni->cooldown_len > 0) {
            const CooldownEntry *e = cooldown_entry(eni, 0);
            eni->cooldown_next = e->until;
            eni->cooldown_next_slot = e->slot;
        }
    }
    if (eni->cooldown_len == 0)
        eni->cooldown_next = G_MAXINT64;
}

/* addresses of this ENI still in cooldown at time t (>= now), without changing anything: the
 * tick planner asks about future moments */
guint
sim_eni_cooldown_at(const Eni *eni, gint64 t)
{
    guint count = 0;
    for (guint i = 0; i < eni->cooldown_len; i++) {
        const CooldownEntry *e = cooldown_entry(eni, i);
        const Slot *s = e->slot < eni->n_slots ? &eni->slots[e->slot] : NULL;
        if (e->until > t && s != NULL && s->pod == SLOT_COOLDOWN && s->until == e->until)
            count++;
    }
    return count;
}

/* the earliest and the latest pending cooldown end on this ENI (G_MAXINT64 / 0 when none) */
void
sim_eni_cooldown_bounds(Eni *eni, gint64 *first, gint64 *last)
{
    *first = G_MAXINT64;
    *last = 0;
    for (guint i = 0; i < eni->cooldown_len; i++) {
        const CooldownEntry *e = cooldown_entry(eni, i);
        Slot *s = e->slot < eni->n_slots ? &eni->slots[e->slot] : NULL;
        if (s == NULL || s->pod != SLOT_COOLDOWN || s->until != e->until)
            continue;
        *first = MIN(*first, e->until);
        *last = MAX(*last, e->until);
    }
}
