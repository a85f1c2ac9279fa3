/* tgw-sim-ipamd.c: the VPC CNI's IP address manager (ipamd) on each node.
 *
 * The rules are those of ../shared/reference/vpc-cni.md, cited by number where each is
 * implemented. In short: every 5 s (rule 13) ipamd looks at its pool; if it is low it adds
 * addresses to an ENI that has room or attaches a new ENI (rules 15-22); if it is too high it
 * releases addresses (only with warm-IP targets or prefix delegation, rule 23) and it frees a
 * whole ENI when one is empty, old enough and not needed (rule 24). Pods take addresses from the
 * node's pool without any EC2 call (rule 25) and give them back into a cooldown (rule 26). The
 * ENIs themselves, their slots and cooldown queues are tgw-sim-eni.c's.
 *
 * Ticks are lazy: a tick is only scheduled at the first 5 s point where it can change something
 * (has_work). Between two events the answer of has_work changes only when a known time passes
 * (the 120 s back-off, the 30 s decrease interval, an ENI's 60 s minimum age, a cooldown end),
 * so checking those moments on the 5 s grid finds the same tick the naive every-5-s loop would
 * act on. --naive-ticks keeps the naive loop; a test checks both give identical results.
 *
 * Where the CNI iterates Go maps (ENIs, CIDRs), the order is effectively random: we draw from the
 * node group's random stream, and only when a choice is actually made. A pod that waited for an
 * address, and a node whose ipamd finally starts, are told to the layers above through
 * sim->hooks. */
#include "tgw-sim-ipamd.h"

#include <string.h>

#include "tgw-lint.h"
#include "tgw-sim-eni.h"
#include "tgw-sim-subnet.h"

#define TICK_MS              5000   /* rule 13: ipPoolMonitorInterval */
#define DECREASE_INTERVAL_MS 30000  /* rule 14: decreaseIPPoolInterval */
#define BACKOFF_MS           120000 /* rule 17b: after an insufficient-address error */
#define MIN_ENI_AGE_MS       60000  /* rule 24: minENILifeTime */
#define ENI_FREE_MS          2000   /* rule 24: detach, sleep 2 s, delete */
static gint64
now_ms(Sim *sim)
{
    return tgw_engine_now(sim->engine);
}

static guint
ceil_div(gint64 a, gint64 b)
{
    return a <= 0 ? 0 : (guint) ((a + b - 1) / b);
}

/* ---- counters (rules 6, 7) and the rule arithmetic (tgw-ipamd-rules.h) --------------------- */

static guint
node_available(const Node *n)
{
    return n->total_ips - n->assigned_ips; /* rule 6: cooldown addresses count as available */
}

static guint
node_prefixes(const Node *n)
{
    guint total = 0;
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL)
            total += n->enis[i]->n_prefixes;
    }
    return total;
}

/* rule 7: a prefix is free when no pod holds an address in it; cooldown does not make it busy */
static guint
node_free_prefixes(const Node *n)
{
    guint free_prefixes = 0;
    for (guint i = 0; i < n->n_enis; i++) {
        Eni *eni = n->enis[i];
        if (eni == NULL)
            continue;
        for (guint p = 0; p < eni->n_slots / PREFIX_SIZE; p++) {
            if (eni->slots[p * PREFIX_SIZE].pod != SLOT_EMPTY && eni->prefix_assigned[p] == 0)
                free_prefixes++;
        }
    }
    return free_prefixes;
}

static TgwIpamdPool
node_pool(const Node *n)
{
    TgwIpamdPool p = {n->total_ips, n->assigned_ips, 0, 0};
    if (n->lim.pd) {
        p.prefixes = node_prefixes(n);
        p.free_prefixes = node_free_prefixes(n);
    }
    return p;
}

static gboolean
node_is_low(const Node *n)
{
    TgwIpamdPool p = node_pool(n);
    return tgw_ipamd_is_low(&n->lim, &p);
}

static gboolean
node_is_too_high(const Node *n)
{
    TgwIpamdPool p = node_pool(n);
    return tgw_ipamd_is_too_high(&n->lim, &p);
}

static gboolean
node_should_remove_enis(const Node *n)
{
    TgwIpamdPool p = node_pool(n);
    gboolean empty_secondary = FALSE;
    for (guint i = 0; i < n->n_enis && n->lim.pd; i++) {
        if (n->enis[i] != NULL && !n->enis[i]->is_primary && n->enis[i]->n_assigned == 0)
            empty_secondary = TRUE;
    }
    return tgw_ipamd_should_remove_enis(&n->lim, &p, empty_secondary);
}

/* rule 24: getDeletableENI's conditions for one ENI at time t */
static gboolean
eni_deletable(const Node *n, Eni *eni, gint64 t)
{
    guint other_avail = 0, other_total = 0, other_free_prefixes = 0;
    gint64 wit = n->cni->warm_ip_target, mit = n->cni->minimum_ip_target;

    if (eni->is_primary || eni->n_assigned > 0 || t - eni->created_ms < MIN_ENI_AGE_MS)
        return FALSE;
    if (sim_eni_cooldown_at(eni, t) > 0)
        return FALSE;
    other_total = n->total_ips - eni->n_ips;
    other_avail = node_available(n) - (eni->n_ips - eni->n_assigned);
    if (n->lim.pd) {
        other_free_prefixes = node_free_prefixes(n) - eni->n_prefixes;
        wit = (gint64) ceil_div(wit, PREFIX_SIZE) * PREFIX_SIZE;
        mit = (gint64) ceil_div(mit, PREFIX_SIZE) * PREFIX_SIZE;
    }
    if (wit > 0 && (gint64) other_avail < wit)
        return FALSE;
    if (mit > 0 && (gint64) other_total < mit)
        return FALSE;
    if (n->lim.pd && !tgw_ipamd_warm_targets(&n->lim) &&
        (gint64) other_free_prefixes < n->cni->warm_prefix_target)
        return FALSE;
    return TRUE;
}

/* an ENI that may receive more addresses (rule 18/19 candidates) */
static gboolean
eni_has_room(const Node *n, const Eni *eni)
{
    if (eni->is_primary && n->lim.custom) /* rule 20: the primary ENI never serves pods */
        return FALSE;
    return n->lim.pd ? eni->n_prefixes < n->lim.max_prefixes_per_eni
                     : eni->n_ips < n->lim.max_ips_per_eni;
}

static guint
node_live_enis(const Node *n)
{
    guint count = 0;
    for (guint i = 0; i < n->n_enis; i++)
        count += n->enis[i] != NULL;
    return count;
}

/* rule 4: hasRoomForEni (no trunk or unmanaged ENIs in this model) */
static gboolean
node_has_room_for_eni(const Node *n)
{
    return node_live_enis(n) < n->lim.max_eni;
}

/* rule 21 */
static guint
new_eni_amount(const Node *n)
{
    TgwIpamdPool p = node_pool(n);
    return tgw_ipamd_new_eni_amount(&n->lim, &p);
}

static gboolean
eni_assignable(const Eni *eni, gint64 t)
{
    return eni->n_ips > eni->n_assigned + sim_eni_cooldown_at(eni, t);
}

static gboolean
node_has_assignable(const Node *n, gint64 t)
{
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL && eni_assignable(n->enis[i], t))
            return TRUE;
    }
    return FALSE;
}

static guint
node_waiting(const Node *n)
{
    return n->waiting->len - n->waiting_head;
}

/* a subnet a new ENI could go to: the ENIConfig's in custom mode (rule 20), otherwise the node's
 * own or one found by subnet discovery (rule 22) */
static guint
custom_subnet(Sim *sim, const Node *n)
{
    const char *az = sim->subnets[n->subnet].def->az;
    TgwSubnetDef *s =
        tgw_node_group_eni_config_subnet(n->cni, sim->groups[n->group].def, az); /* rule 20 */
    return s != NULL ? s->index : NONE;
}

static gboolean
can_increase(Sim *sim, const Node *n)
{
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL && eni_has_room(n, n->enis[i]))
            return TRUE;
    }
    if (!node_has_room_for_eni(n) || new_eni_amount(n) == 0)
        return FALSE;
    return !n->lim.custom || custom_subnet(sim, n) != NONE;
}

/* whether a tick at time t would change anything; uses no randomness */
static gboolean
node_has_work(Sim *sim, Node *n, gint64 t)
{
    if (n->state != NODE_READY && n->state != NODE_INIT_FAILED)
        return FALSE;
    if (node_waiting(n) > 0 && node_has_assignable(n, t))
        return TRUE;
    if (n->cordoned)
        return FALSE; /* rules 17a and 24: nothing on an unschedulable node */
    if (node_is_low(n)) {
        if (t >= n->backoff_until && can_increase(sim, n))
            return TRUE;
    } else if (node_is_too_high(n) && t - n->last_decrease_ms > DECREASE_INTERVAL_MS) {
        return TRUE;
    }
    if (node_should_remove_enis(n)) {
        for (guint i = 0; i < n->n_enis; i++) {
            if (n->enis[i] != NULL && eni_deletable(n, n->enis[i], t))
                return TRUE;
        }
    }
    return FALSE;
}

/* ---- pods -------------------------------------------------------------------------------------
 */

static guint
pick_slot_in_prefix(const Eni *eni, guint p)
{
    guint never_used = NONE;
    /* ds.go: reuse an address that has been used and is out of cooldown, else the lowest new one */
    for (guint j = 0; j < PREFIX_SIZE; j++) {
        const Slot *s = &eni->slots[p * PREFIX_SIZE + j];
        if (s->pod != SLOT_FREE)
            continue;
        if (s->until > 0)
            return p * PREFIX_SIZE + j;
        if (never_used == NONE)
            never_used = p * PREFIX_SIZE + j;
    }
    return never_used;
}

/* rule 25 */
gboolean
sim_node_assign_pod(Sim *sim, Node *n, guint32 pod_id)
{
    gint64 now = now_ms(sim);
    SimGroup *g = &sim->groups[n->group];
    guint candidates[G_N_ELEMENTS(n->enis)];
    guint n_candidates = 0, slot = NONE;
    Eni *eni = NULL;
    guint eni_index = 0;
    Pod *pod = sim_pod(sim, pod_id);

    for (guint i = 0; i < n->n_enis; i++) {
        Eni *e = n->enis[i];
        if (e == NULL)
            continue;
        sim_eni_expire_cooldown(e, now);
        if (e->n_ips > e->n_assigned + e->n_cooldown)
            candidates[n_candidates++] = i;
    }
    if (n_candidates == 0)
        return FALSE; /* rule 31: "no available IP/Prefix addresses"; the pod waits */
    eni_index =
        candidates[n_candidates == 1 ? 0 : g_rand_int_range(g->rand, 0, (gint32) n_candidates)];
    eni = n->enis[eni_index];
    if (n->lim.pd) {
        guint prefixes[64 * 16];
        guint n_prefixes = 0;
        for (guint p = 0; p < eni->n_slots / PREFIX_SIZE; p++) {
            if (eni->slots[p * PREFIX_SIZE].pod != SLOT_EMPTY &&
                pick_slot_in_prefix(eni, p) != NONE)
                prefixes[n_prefixes++] = p;
        }
        g_assert(n_prefixes > 0);
        slot = pick_slot_in_prefix(
            eni, prefixes[n_prefixes == 1 ? 0 : g_rand_int_range(g->rand, 0, (gint32) n_prefixes)]);
        eni->prefix_assigned[slot / PREFIX_SIZE]++;
    } else if (eni->n_slots <= 64) {
        slot = eni->free_mask != 0 ? (guint) __builtin_ctzll(eni->free_mask) : NONE;
    } else {
        for (guint i = 0; i < eni->n_slots && slot == NONE; i++) {
            if (eni->slots[i].pod == SLOT_FREE)
                slot = i;
        }
    }
    g_assert(slot != NONE);
    sim_slot_set_pod(eni, slot, pod_id);
    eni->n_assigned++;
    n->assigned_ips++;
    pod->eni_slot = (eni_index << 16) | slot;
    pod->eni = eni;
    sim_subnet_move(sim, eni->subnet, TGW_HOLDER_WARM, TGW_HOLDER_PODS, 1);
    return TRUE;
}

/* rule 26: the address goes back to the pool, unusable for IP_COOLDOWN_PERIOD */
void
sim_node_release_pod(Sim *sim, Node *n, guint32 pod_id)
{
    Pod *pod = sim_pod(sim, pod_id);
    Eni *eni = n->enis[pod->eni_slot >> 16];
    guint slot = pod->eni_slot & 0xFFFF;
    Slot *s = &eni->slots[slot];
    gint64 now = now_ms(sim);

    g_assert(s->pod == pod_id);
    eni->n_assigned--;
    n->assigned_ips--;
    if (n->lim.pd)
        eni->prefix_assigned[slot / PREFIX_SIZE]--;
    if (n->cni->ip_cooldown_ms > 0) {
        CooldownEntry e = {(guint16) slot, now + n->cni->ip_cooldown_ms};
        sim_slot_set(eni, slot, (Slot){s->addr, SLOT_COOLDOWN, e.until});
        eni->n_cooldown++;
        sim_eni_cooldown_push(eni, e);
        sim->subnets[eni->subnet].cooldown_until =
            MAX(sim->subnets[eni->subnet].cooldown_until, e.until);
    } else {
        /* until > 0: "used before", prefixes reuse such addresses first */
        sim_slot_set(eni, slot, (Slot){s->addr, SLOT_FREE, MAX(now, 1)});
    }
    pod->eni_slot = NONE;
    pod->eni = NULL;
    sim_subnet_move(sim, eni->subnet, TGW_HOLDER_PODS, TGW_HOLDER_WARM, 1);
    sim_node_reschedule_tick(sim, n);
}

static void
serve_waiting(Sim *sim, Node *n)
{
    while (node_waiting(n) > 0) {
        guint32 pod = g_array_index(n->waiting, guint32, n->waiting_head);
        Pod *p = sim_pod(sim, pod);
        if (p->state != POD_WAITING || p->node != n->id) {
            n->waiting_head++; /* deleted or moved while waiting */
            continue;
        }
        if (!sim_node_assign_pod(sim, n, pod))
            break;
        n->waiting_head++;
        sim->hooks.pod_addressed(sim, pod);
    }
    if (n->waiting_head > 0 && n->waiting_head == n->waiting->len) {
        g_array_set_size(n->waiting, 0);
        n->waiting_head = 0;
    }
}

/* ---- increase (rules 17-22) -------------------------------------------------------------------
 */

typedef enum {
    INC_NOTHING,
    INC_STARTED, /* an EC2 call is under way (or done at once when instant) */
    INC_FAILED,
} IncResult;

/* an EC2 call that returns after delay_ms with addrs; the rest of the tick waits for it (rule 13)
 */
static void
start_ec2_call(Sim *sim, Node *n, Ec2Op op, gint64 delay_ms, const guint32 *addrs, guint count)
{
    n->op = op;
    n->op_count = count;
    memcpy(n->op_addrs, addrs, count * sizeof(guint32));
    n->ec2_seq = tgw_engine_schedule(sim->engine, now_ms(sim) + delay_ms, EV_EC2_DONE, n->id);
}

/* AssignPrivateIpAddresses on an existing ENI: count addresses, or in PD count prefixes */
static gboolean
assign_addresses(Sim *sim, const Node *n, guint subnet, guint count, guint32 *addrs)
{
    sim->groups[n->group].ec2.assign++; /* a call that finds no address costs one too */
    if (n->lim.pd)
        return sim_subnet_alloc_prefixes(sim, subnet, count, "carve-prefix", n->name, addrs);
    return sim_subnet_alloc_many(sim, subnet, TGW_HOLDER_WARM, count, "assign-ip", n->name, addrs);
}

/* rules 18/19: top up one existing ENI; returns whether addresses were added */
static IncResult
top_up(Sim *sim, Node *n, gboolean instant, gboolean *insufficient)
{
    SimGroup *g = &sim->groups[n->group];
    guint order[G_N_ELEMENTS(n->enis)], n_order = 0;
    gboolean discovery = n->cni->subnet_discovery && !n->lim.custom;
    guint to_allocate = 0;

    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL && eni_has_room(n, n->enis[i]))
            order[n_order++] = i;
    }
    if (n_order == 0)
        return INC_NOTHING;
    /* Go map order: a random permutation, drawn only as far as it is walked */
    {
        TgwIpamdPool pool = node_pool(n);
        to_allocate = tgw_ipamd_top_up_amount(&n->lim, &pool);
    }
    for (guint k = 0; k < n_order; k++) {
        guint pick =
            k +
            (n_order - k > 1 ? (guint) g_rand_int_range(g->rand, 0, (gint32) (n_order - k)) : 0);
        guint idx = order[pick];
        Eni *eni = n->enis[idx];
        guint room = n->lim.pd ? n->lim.max_prefixes_per_eni - eni->n_prefixes
                               : n->lim.max_ips_per_eni - eni->n_ips;
        guint want = MIN(room, to_allocate);
        guint32 addrs[64];
        gboolean ok = FALSE;

        order[pick] = order[k];
        order[k] = idx;
        want = MAX(want, 1u);
        /* the whole request, then a single address (ipamd.go tryAssignIPs/tryAssignPrefixes) */
        ok = assign_addresses(sim, n, eni->subnet, want, addrs);
        if (!ok && want > 1)
            ok = assign_addresses(sim, n, eni->subnet, want = 1, addrs);
        if (ok) {
            if (instant || n->cni->ip_assign_ms == 0) {
                sim_eni_add(sim, n, eni, addrs, want);
            } else {
                n->op_eni = idx;
                start_ec2_call(sim, n, OP_ASSIGN, n->cni->ip_assign_ms, addrs, want);
            }
            return INC_STARTED;
        }
        *insufficient = TRUE;
        if (!discovery)
            return INC_FAILED; /* stop; the caller starts the back-off */
    }
    /* rule 18: with subnet discovery, all candidates failing sets no back-off; go on to a new ENI
     */
    return INC_NOTHING;
}

static gint
compare_subnet_free(gconstpointer pa, gconstpointer pb, gpointer data)
{
    const Sim *sim = data;
    guint a = *(const guint *) pa, b = *(const guint *) pb;
    guint64 fa = sim_subnet_free(sim, a), fb = sim_subnet_free(sim, b);
    if (fa != fb)
        return fa > fb ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* rule 21: a new ENI; returns whether one is under way */
static IncResult
create_eni(Sim *sim, Node *n, gboolean instant)
{
    guint amount = new_eni_amount(n);
    g_autoptr(GArray) subnets = g_array_new(FALSE, FALSE, sizeof(guint));
    gboolean failed = FALSE;

    if (amount == 0)
        return INC_NOTHING;
    if (n->lim.custom) {
        guint s = custom_subnet(sim, n); /* rule 20: the ENIConfig of the node's AZ */
        if (s == NONE)
            return INC_NOTHING;
        g_array_append_val(subnets, s);
    } else {
        g_array_append_val(subnets, n->subnet);
        if (n->cni->subnet_discovery) {
            /* rule 22: the node's subnet and tagged subnets of its VPC and AZ, most free first */
            const SimSubnet *own = &sim->subnets[n->subnet];
            for (guint i = 0; i < sim->n_subnets; i++) {
                const SimSubnet *s = &sim->subnets[i];
                if (i != n->subnet && s->active && s->def->cni_discovery &&
                    s->def->vpc == own->def->vpc && s->az == own->az)
                    g_array_append_val(subnets, i);
            }
            g_array_sort_with_data(subnets, compare_subnet_free, sim);
        }
    }
    for (guint k = 0; k < subnets->len; k++) {
        guint subnet = g_array_index(subnets, guint, k);
        guint32 addrs[65];
        guint32 primary = 0;
        gboolean ok = FALSE;
        Eni *eni = NULL;

        sim->groups[n->group].ec2.create_eni++;
        ok = sim_subnet_alloc_eni(sim, subnet, amount, n->lim.pd, "create-eni", n->name, &primary,
                                  addrs);
        if (!ok) {
            failed = TRUE;
            continue;
        }
        eni = sim_eni_new(sim, n, subnet, primary, FALSE, now_ms(sim));
        if (instant || n->cni->eni_attach_ms == 0) {
            sim_eni_attach(sim, n, eni);
            sim_eni_add(sim, n, eni, addrs, amount);
        } else {
            n->op_new_eni = eni;
            start_ec2_call(sim, n, OP_CREATE, n->cni->eni_attach_ms, addrs, amount);
        }
        return INC_STARTED;
    }
    return failed ? INC_FAILED : INC_NOTHING;
}

/* rule 17 */
static IncResult
increase(Sim *sim, Node *n, gboolean instant)
{
    gboolean insufficient = FALSE;
    IncResult r = INC_NOTHING;

    if (n->cordoned || now_ms(sim) < n->backoff_until) /* 17a, 17b */
        return INC_NOTHING;
    r = top_up(sim, n, instant, &insufficient); /* 17c */
    if (r == INC_FAILED) {
        n->backoff_until = now_ms(sim) + BACKOFF_MS;
        return r;
    }
    if (r == INC_STARTED)
        return r;
    if (!node_has_room_for_eni(n)) /* 17d */
        return insufficient ? INC_FAILED : INC_NOTHING;
    r = create_eni(sim, n, instant);
    if (r == INC_FAILED)
        n->backoff_until = now_ms(sim) + BACKOFF_MS; /* ipamd.go:1078 */
    return r;
}

/* ---- decrease (rule 23) and freeing ENIs (rule 24) ------------------------------------------- */

static void
decrease(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];
    g_autoptr(GArray) cands = g_array_new(FALSE, FALSE, sizeof(guint32));
    gboolean touched[G_N_ELEMENTS(n->enis)] = {0};
    gint64 over = 0;

    n->last_decrease_ms = now_ms(sim);
    for (guint i = 0; i < n->n_enis; i++) {
        Eni *eni = n->enis[i];
        if (eni == NULL)
            continue;
        if (n->lim.pd) {
            for (guint p = 0; p < eni->n_slots / PREFIX_SIZE; p++) {
                if (eni->slots[p * PREFIX_SIZE].pod != SLOT_EMPTY && eni->prefix_assigned[p] == 0) {
                    guint32 c = (i << 16) | p;
                    g_array_append_val(cands, c);
                }
            }
        } else {
            for (guint j = 0; j < eni->n_slots; j++) {
                if (eni->slots[j].pod == SLOT_FREE || eni->slots[j].pod == SLOT_COOLDOWN) {
                    guint32 c = (i << 16) | j;
                    g_array_append_val(cands, c);
                }
            }
        }
    }
    {
        TgwIpamdPool pool = node_pool(n);
        over = tgw_ipamd_decrease_amount(&n->lim, &pool);
    }
    over = MIN(over, (gint64) cands->len);
    for (gint64 k = 0; k < over; k++) {
        guint pick =
            (guint) k + (cands->len - k > 1
                             ? (guint) g_rand_int_range(g->rand, 0, (gint32) (cands->len - k))
                             : 0);
        guint32 c = g_array_index(cands, guint32, pick);
        g_array_index(cands, guint32, pick) = g_array_index(cands, guint32, k);
        Eni *eni = n->enis[c >> 16];
        touched[c >> 16] = TRUE;
        if (n->lim.pd)
            sim_eni_prefix_release(sim, n, eni, c & 0xFFFF);
        else
            sim_eni_release_ip(sim, n, eni, c & 0xFFFF);
    }
    /* ipamd unassigns an ENI's surplus in one call (ipamd.go tryUnassignIPsFromENIs) */
    for (guint i = 0; i < n->n_enis; i++)
        g->ec2.unassign += touched[i];
    sim_node_update_addresses(sim, n);
}

/* frees at most one ENI; returns whether one was freed */
static gboolean
try_free_eni(Sim *sim, Node *n)
{
    SimGroup *g = &sim->groups[n->group];
    guint order[G_N_ELEMENTS(n->enis)], n_order = 0;
    gint64 now = now_ms(sim);

    if (n->cordoned || !node_should_remove_enis(n))
        return FALSE;
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL && eni_deletable(n, n->enis[i], now))
            order[n_order++] = i;
    }
    if (n_order == 0)
        return FALSE;
    /* the first deletable ENI in map order */
    g->ec2.delete_eni++;
    sim_eni_free_all(sim, n,
                     order[n_order == 1 ? 0 : g_rand_int_range(g->rand, 0, (gint32) n_order)]);
    sim_node_update_addresses(sim, n);
    return TRUE;
}

/* ---- ticks ------------------------------------------------------------------------------------
 */

static gint64
align_to_grid(const Node *n, gint64 t)
{
    if (t <= n->phase_ms)
        return n->phase_ms;
    return n->phase_ms + ((t - n->phase_ms + TICK_MS - 1) / TICK_MS) * TICK_MS;
}

/* the first 5 s point >= from where a tick would have work, or TGW_TIME_NEVER */
static gint64
next_work_time(Sim *sim, Node *n, gint64 from)
{
    gint64 cands[2 + 3 * G_N_ELEMENTS(n->enis)];
    guint n_cands = 0;

    /* time alone only changes the answer for a pool that is low (back-off), too high (decrease
     * interval), has ENIs to free (age, cooldown) or pods waiting (cooldown): the steady state of
     * most nodes most of the time is none of these, and then no tick is ever needed */
    if (n->state != NODE_READY && n->state != NODE_INIT_FAILED)
        return TGW_TIME_NEVER;
    if (node_waiting(n) == 0) {
        TgwIpamdPool pool = node_pool(n);
        if (!tgw_ipamd_is_low(&n->lim, &pool) && !tgw_ipamd_is_too_high(&n->lim, &pool) &&
            !node_should_remove_enis(n))
            return TGW_TIME_NEVER;
    }
    cands[n_cands++] = from;
    if (n->backoff_until > from)
        cands[n_cands++] = n->backoff_until;
    if (n->last_decrease_ms + DECREASE_INTERVAL_MS + 1 > from)
        cands[n_cands++] = n->last_decrease_ms + DECREASE_INTERVAL_MS + 1;
    for (guint i = 0; i < n->n_enis; i++) {
        Eni *eni = n->enis[i];
        gint64 first = 0, last = 0;
        if (eni == NULL)
            continue;
        if (!eni->is_primary && eni->created_ms + MIN_ENI_AGE_MS > from)
            cands[n_cands++] = eni->created_ms + MIN_ENI_AGE_MS;
        sim_eni_cooldown_bounds(eni, &first, &last);
        if (first != G_MAXINT64 && first > from)
            cands[n_cands++] = first;
        if (last > from && last != first)
            cands[n_cands++] = last;
    }
    /* sort the handful of candidates; evaluate each on the grid */
    for (guint i = 1; i < n_cands; i++) {
        gint64 v = cands[i];
        guint j = i;
        while (j > 0 && cands[j - 1] > v) {
            cands[j] = cands[j - 1];
            j--;
        }
        cands[j] = v;
    }
    for (guint i = 0; i < n_cands; i++) {
        gint64 t = align_to_grid(n, cands[i]);
        if (t > sim->horizon_ms)
            break;
        if (node_has_work(sim, n, t))
            return t;
    }
    return TGW_TIME_NEVER;
}

void
sim_node_reschedule_tick(Sim *sim, Node *n)
{
    gint64 at = 0, from = 0;
    if (sim->opts.naive_ticks || sim->settling || n->op != OP_NONE ||
        (n->state != NODE_READY && n->state != NODE_INIT_FAILED))
        return;
    /* the common case, cheaply: WARM_ENI_TARGET mode (never too high, rule 23), nobody waiting,
     * no tick planned, and the pool neither low nor ready to give an ENI back */
    if (n->tick_seq == 0 && node_waiting(n) == 0 && !n->lim.pd &&
        !tgw_ipamd_warm_targets(&n->lim)) {
        TgwIpamdPool pool = {n->total_ips, n->assigned_ips, 0, 0};
        if (!tgw_ipamd_is_low(&n->lim, &pool) &&
            !tgw_ipamd_should_remove_enis(&n->lim, &pool, FALSE))
            return;
    }
    /* a tick this node would already have had at this instant in the naive loop (ticks run in
     * node order, after every other kind) must not run again now */
    from = now_ms(sim);
    if (sim->cur_kind > EV_NODE_TICK || (sim->cur_kind == EV_NODE_TICK && n->id <= sim->cur_id) ||
        n->last_tick_ms == from)
        from++;
    at = next_work_time(sim, n, from);
    if (at == n->tick_at && n->tick_seq != 0)
        return;
    n->tick_at = at;
    n->tick_seq =
        at == TGW_TIME_NEVER ? 0 : tgw_engine_schedule(sim->engine, at, EV_NODE_TICK, n->id);
}

/* starts the tick schedule at phase: every 5 s (naive) or the first with work (lazy) */
static void
start_ticks(Sim *sim, Node *n, gint64 phase)
{
    n->phase_ms = phase;
    n->tick_at = TGW_TIME_NEVER;
    n->tick_seq = 0;
    if (sim->opts.naive_ticks) {
        n->tick_at = phase;
        n->tick_seq = tgw_engine_schedule(sim->engine, phase, EV_NODE_TICK, n->id);
        return;
    }
    sim_node_reschedule_tick(sim, n);
}

static void
node_became_ready_after_init(Sim *sim, Node *n)
{
    if (n->state == NODE_INIT_FAILED && node_live_enis(n) > 1) {
        /* custom networking: the first ENI is attached, ipamd starts, the node is Ready */
        sim->hooks.node_initialised(sim, n);
    }
}

/* the second half of a tick: free an ENI, serve waiting pods, plan the next tick */
static void
finish_tick(Sim *sim, Node *n)
{
    gint64 now = now_ms(sim), busy_ms = 0;
    if (try_free_eni(sim, n))
        busy_ms += ENI_FREE_MS;
    node_became_ready_after_init(sim, n);
    serve_waiting(sim, n);
    /* ipamd's loop is synchronous: EC2 time pushes every later tick back (rule 13) */
    start_ticks(sim, n, now + busy_ms + TICK_MS);
}

void
sim_node_tick(Sim *sim, guint32 id, guint32 seq)
{
    Node *n = sim_node(sim, id);
    gint64 now = now_ms(sim);
    IncResult r = INC_NOTHING;

    if (seq != n->tick_seq)
        return; /* superseded */
    n->last_tick_ms = now;
    n->tick_seq = 0;
    n->tick_at = TGW_TIME_NEVER;
    if (!node_has_work(sim, n, now)) {
        /* naive mode: a tick that provably changes nothing; lazy mode: plan the next one */
        if (!sim->opts.naive_ticks) {
            sim_node_reschedule_tick(sim, n);
            return;
        }
        n->tick_at = now + TICK_MS;
        n->tick_seq = tgw_engine_schedule(sim->engine, now + TICK_MS, EV_NODE_TICK, n->id);
        return;
    }
    /* rule 14 */
    if (!n->cordoned && node_is_low(n))
        r = increase(sim, n, FALSE);
    else if (!n->cordoned && node_is_too_high(n) &&
             now - n->last_decrease_ms > DECREASE_INTERVAL_MS)
        decrease(sim, n);
    if (r == INC_STARTED && n->op != OP_NONE)
        return; /* the rest of the tick runs when the EC2 call returns */
    finish_tick(sim, n);
}

void
sim_node_ec2_done(Sim *sim, guint32 id, guint32 seq)
{
    Node *n = sim_node(sim, id);
    if (seq != n->ec2_seq || n->op == OP_NONE)
        return;
    if (n->op == OP_ASSIGN) {
        sim_eni_add(sim, n, n->enis[n->op_eni], n->op_addrs, n->op_count);
    } else {
        Eni *eni = n->op_new_eni;
        eni->created_ms = now_ms(sim);
        sim_eni_attach(sim, n, eni);
        sim_eni_add(sim, n, eni, n->op_addrs, n->op_count);
    }
    n->op = OP_NONE;
    n->op_new_eni = NULL;
    finish_tick(sim, n);
}

/* ---- node life --------------------------------------------------------------------------------
 */

char *
sim_node_init_failure(Sim *sim, const Node *n)
{
    const TgwSubnetDef *az_subnet = sim->subnets[n->subnet].def;
    guint s = custom_subnet(sim, n); /* rule 20: custom networking needs the AZ's ENIConfig */
    if (s == NONE)
        return g_strdup_printf("custom networking has no ENIConfig for AZ %s, so the VPC CNI "
                               "cannot start on nodes there",
                               az_subnet->az);
    return g_strdup_printf("the ENIConfig of AZ %s names %s/%s, where no ENI could be created "
                           "(%" G_GUINT64_FORMAT " addresses free%s)",
                           az_subnet->az, sim->subnets[s].def->vpc->name, sim->subnets[s].def->name,
                           sim_subnet_free(sim, s),
                           tgw_cni_mode_is_prefix(n->mode) && sim_subnet_free(sim, s) > 16
                               ? ", but no aligned /28: fragmented"
                               : "");
}

/* rule 27: at start-up ipamd runs the increase logic once (pre-scaling) before the node is Ready */
void
sim_node_ipamd_init(Sim *sim, Node *n)
{
    Eni *primary = sim_eni_new(sim, n, n->subnet, n->primary_addr, TRUE, now_ms(sim));
    sim_eni_attach(sim, n, primary);
    sim_node_update_addresses(sim, n);
    n->last_decrease_ms = -DECREASE_INTERVAL_MS;
    n->backoff_until = 0;
    if (node_is_low(n))
        increase(sim, n, TRUE);
    if (n->lim.custom && node_live_enis(n) < 2) {
        /* rule 20: "Failed to attach any ENIs for custom networking": not Ready, retried */
        n->state = NODE_INIT_FAILED;
    }
    start_ticks(sim, n, now_ms(sim) + TICK_MS / 2);
}

/* the steady state of a cluster that was running before the simulation starts */
void
sim_node_settle(Sim *sim, Node *n)
{
    for (guint guard = 0; guard < 64; guard++) {
        serve_waiting(sim, n);
        if (n->cordoned || !node_is_low(n) || !can_increase(sim, n))
            break;
        if (increase(sim, n, TRUE) != INC_STARTED)
            break;
        node_became_ready_after_init(sim, n);
    }
    n->backoff_until = 0;
    start_ticks(sim, n, n->phase_ms);
}

void
sim_node_release_all(Sim *sim, Node *n)
{
    if (n->op != OP_NONE) {
        /* the call under way completes into nothing: give its addresses back */
        guint subnet = n->op == OP_ASSIGN ? n->enis[n->op_eni]->subnet : n->op_new_eni->subnet;
        for (guint i = 0; i < n->op_count; i++) {
            if (n->lim.pd)
                sim_subnet_release_prefix(sim, subnet, n->op_addrs[i]);
            else
                sim_subnet_release(sim, subnet, TGW_HOLDER_WARM, n->op_addrs[i]);
        }
        if (n->op == OP_CREATE) {
            sim_subnet_release(sim, subnet, TGW_HOLDER_ENI_PRIMARY, n->op_new_eni->primary_addr);
            sim_eni_free(sim, n->op_new_eni);
        }
        n->op_new_eni = NULL;
        n->op = OP_NONE;
    }
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL)
            sim_eni_free_all(sim, n, i);
    }
    n->tick_seq = 0;
    n->ec2_seq = 0;
}

/* frees the node's ENIs at the end of a run, without giving anything back to the subnets */
void
sim_node_free_memory(Sim *sim, Node *n)
{
    for (guint i = 0; i < n->n_enis; i++) {
        if (n->enis[i] != NULL)
            sim_eni_free(sim, n->enis[i]);
        n->enis[i] = NULL;
    }
    if (n->op == OP_CREATE)
        sim_eni_free(sim, n->op_new_eni);
    n->op_new_eni = NULL;
    n->n_enis = 0;
}
