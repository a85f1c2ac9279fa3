/* tgw-sim-eni.c: a node's ENIs and their address slots (see tgw-sim-eni.h).
 *
 * An ENI holds its addresses in slots: in secondary-IP mode one per address, with prefix
 * delegation 16 per /28 prefix. A slot is FREE (warm, a pod may take it), given to a pod, in
 * COOLDOWN (released by a pod, rule 26: not reusable for 30 s, tgw-sim-cooldown.c) or EMPTY (a
 * prefix slot not in use). Attaching an ENI takes its primary address from the subnet; freeing it
 * gives every address back. */
#include "tgw-sim-eni.h"

#include <string.h>

#include "tgw-sim-subnet.h"

/* ---- ENIs --------------------------------------------------------------------------------------
 */

Eni *
sim_eni_new(Sim *sim, Node *n, guint subnet, guint32 primary_addr, gboolean is_primary, gint64 now)
{
    Eni *eni = g_new0(Eni, 1);
    sim->memory_bytes += sizeof(Eni);
    eni->node = n->id;
    eni->subnet = subnet;
    eni->primary_addr = primary_addr;
    eni->is_primary = is_primary;
    eni->created_ms = now;
    eni->cooldown_next = G_MAXINT64;
    if (n->lim.pd)
        eni->prefix_assigned = g_new0(guint16, n->lim.max_prefixes_per_eni);
    return eni;
}

void
sim_eni_free(Sim *sim, Eni *eni)
{
    if (sim != NULL)
        sim->memory_bytes -= sizeof(Eni) + eni->cap_slots * sizeof(Slot);
    g_free(eni->cooldown);
    g_free(eni->slots);
    g_free(eni->prefix_assigned);
    g_free(eni);
}

static void
eni_reserve(Sim *sim, Eni *eni, guint n_slots)
{
    guint old = eni->cap_slots;
    if (n_slots <= eni->cap_slots)
        return;
    eni->cap_slots = MAX(n_slots, eni->cap_slots * 2);
    eni->slots = g_renew(Slot, eni->slots, eni->cap_slots);
    sim->memory_bytes += (eni->cap_slots - old) * sizeof(Slot);
    sim_check_budget(sim);
}

void
sim_node_update_addresses(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];
    guint addresses = n->state == NODE_TERMINATED ? 0 : 1;
    for (guint i = 0; i < n->n_enis; i++) {
        Eni *eni = n->enis[i];
        if (eni != NULL)
            addresses += eni->n_ips + (eni->is_primary ? 0 : 1);
    }
    if (addresses == n->addresses)
        return;
    sim_group_account(sim, g);
    g->addresses_now = g->addresses_now + addresses - n->addresses;
    n->addresses = addresses;
}

/* adds secondary IPs (secondary mode) into empty slots first */
static void
eni_add_ips(Sim *sim, Node *n, Eni *eni, const guint32 *addrs, guint count)
{
    guint k = 0;
    for (guint i = 0; i < eni->n_slots && k < count; i++) {
        if (eni->slots[i].pod == SLOT_EMPTY)
            sim_slot_set(eni, i, (Slot){addrs[k++], SLOT_FREE, 0});
    }
    eni_reserve(sim, eni, eni->n_slots + (count - k));
    while (k < count) {
        sim_slot_set(eni, eni->n_slots, (Slot){addrs[k++], SLOT_FREE, 0});
        eni->n_slots++;
    }
    eni->n_ips += count;
    n->total_ips += count;
}

/* adds /28 prefixes (PD) into empty prefix groups first */
static void
eni_add_prefixes(Sim *sim, Node *n, Eni *eni, const guint32 *addrs, guint count)
{
    guint k = 0, groups = eni->n_slots / PREFIX_SIZE;
    for (guint p = 0; p <= groups && k < count; p++) {
        if (p == groups) {
            eni_reserve(sim, eni, (p + 1) * PREFIX_SIZE);
            eni->n_slots = (p + 1) * PREFIX_SIZE;
            groups++;
        } else if (eni->slots[p * PREFIX_SIZE].pod != SLOT_EMPTY) {
            continue;
        }
        for (guint j = 0; j < PREFIX_SIZE; j++)
            sim_slot_set(eni, p * PREFIX_SIZE + j, (Slot){addrs[k] + j, SLOT_FREE, 0});
        eni->prefix_assigned[p] = 0;
        k++;
    }
    g_assert(k == count);
    eni->n_prefixes += count;
    eni->n_ips += count * PREFIX_SIZE;
    n->total_ips += count * PREFIX_SIZE;
}

/* what an EC2 call got (addresses, PD: prefixes) lands on the ENI */
void
sim_eni_add(Sim *sim, Node *n, Eni *eni, const guint32 *addrs, guint count)
{
    if (n->lim.pd)
        eni_add_prefixes(sim, n, eni, addrs, count);
    else
        eni_add_ips(sim, n, eni, addrs, count);
    sim_node_update_addresses(sim, n);
}

void
sim_eni_attach(Sim *sim, Node *n, Eni *eni)
{
    SimSubnet *s = &sim->subnets[eni->subnet];
    guint i = 0;
    while (i < n->n_enis && n->enis[i] != NULL)
        i++;
    g_assert(i < G_N_ELEMENTS(n->enis));
    n->enis[i] = eni;
    if (i == n->n_enis)
        n->n_enis++;
    eni->subnet_pos = s->enis->len;
    g_ptr_array_add(s->enis, eni);
}

static void
eni_detach(Sim *sim, Node *n, guint index)
{
    Eni *eni = n->enis[index];
    SimSubnet *s = &sim->subnets[eni->subnet];
    Eni *last = g_ptr_array_index(s->enis, s->enis->len - 1);

    /* swap-remove from the subnet's list */
    s->enis->pdata[eni->subnet_pos] = last;
    last->subnet_pos = eni->subnet_pos;
    g_ptr_array_set_size(s->enis, s->enis->len - 1);
    n->enis[index] = NULL;
    while (n->n_enis > 0 && n->enis[n->n_enis - 1] == NULL)
        n->n_enis--;
}

/* releases one unassigned slot (secondary mode) back to the subnet */
void
sim_eni_release_ip(Sim *sim, Node *n, Eni *eni, guint i)
{
    Slot *s = &eni->slots[i];
    g_assert(s->pod == SLOT_FREE || s->pod == SLOT_COOLDOWN);
    if (s->pod == SLOT_COOLDOWN)
        eni->n_cooldown--;
    sim_subnet_release(sim, eni->subnet, TGW_HOLDER_WARM, s->addr);
    sim_slot_set(eni, i, (Slot){0, SLOT_EMPTY, 0});
    eni->n_ips--;
    n->total_ips--;
}

/* gives a prefix with no pods back: its 16 addresses go together, cooldown or not */
void
sim_eni_prefix_release(Sim *sim, Node *n, Eni *eni, guint p)
{
    guint32 base = eni->slots[p * PREFIX_SIZE].addr;
    g_assert(eni->prefix_assigned[p] == 0);
    for (guint j = 0; j < PREFIX_SIZE; j++) {
        Slot *s = &eni->slots[p * PREFIX_SIZE + j];
        if (s->pod == SLOT_COOLDOWN)
            eni->n_cooldown--;
        sim_slot_set(eni, p * PREFIX_SIZE + j, (Slot){0, SLOT_EMPTY, 0});
    }
    sim_subnet_release_prefix(sim, eni->subnet, base);
    eni->n_prefixes--;
    eni->n_ips -= PREFIX_SIZE;
    n->total_ips -= PREFIX_SIZE;
}

/* gives every address of an ENI with no pods back, and the ENI itself (rule 24, aws.go) */
void
sim_eni_free_all(Sim *sim, Node *n, guint index)
{
    Eni *eni = n->enis[index];
    g_assert(eni->n_assigned == 0);
    if (n->lim.pd) {
        for (guint p = 0; p < eni->n_slots / PREFIX_SIZE; p++) {
            if (eni->slots[p * PREFIX_SIZE].pod != SLOT_EMPTY)
                sim_eni_prefix_release(sim, n, eni, p);
        }
    } else {
        for (guint i = 0; i < eni->n_slots; i++) {
            if (eni->slots[i].pod != SLOT_EMPTY)
                sim_eni_release_ip(sim, n, eni, i);
        }
    }
    if (!eni->is_primary)
        sim_subnet_release(sim, eni->subnet, TGW_HOLDER_ENI_PRIMARY, eni->primary_addr);
    eni_detach(sim, n, index);
    sim_eni_free(sim, eni);
}
