/* tgw-sim-subnet.c: the subnets of a run: their address pools, who holds what, the peak and its
 * breakdown, the sampled free-address series and the exhaustion events.
 *
 * Every address a model object takes goes through sim_subnet_alloc* with the holder it counts
 * for, so that at every moment the holder counters add up to the addresses in use. Warm and
 * cooldown addresses are counted together (WARM) and split only at a new peak, by asking each
 * ENI of the subnet how many of its addresses are still in cooldown. */
#include <string.h>

#include "tgw-rng.h"
#include "tgw-sim-subnet.h"

#include "tgw-sim-cooldown.h"

#define MAX_SAMPLES 20000

static guint
az_index(Sim *sim, const char *az)
{
    for (guint i = 0; i < sim->azs->len; i++) {
        if (g_str_equal(sim->azs->pdata[i], az))
            return i;
    }
    g_assert_not_reached();
}

/* addresses in use before the run (<in-use>): taken at random, as EC2 handed them out, from a
 * stream of their own so that a design without them draws every other number as before; explicit
 * CIDR reservations are taken whole (no ENI is ever given one of their addresses) and held as
 * in use too */
static void
occupy(Sim *sim, SimSubnet *s)
{
    g_autofree char *stream = NULL;
    g_autoptr(GRand) rand = NULL;
    guint64 taken = 0;

    for (guint r = 0; r < s->def->reservations->len; r++) {
        const TgwReservationDef *res = &g_array_index(s->def->reservations, TgwReservationDef, r);
        guint32 first = res->cidr.addr, size = (guint32) tgw_cidr_size(res->cidr);
        for (guint32 a = 0; a < size; a++) {
            if (tgw_subnet_pool_take(s->pool, first + a))
                taken++;
        }
        if (!res->prefix)
            continue;
        /* the reservation's whole /28s (one holding an address AWS keeps is not whole) */
        if (s->prefix_free == NULL)
            s->prefix_free = g_array_new(FALSE, FALSE, sizeof(guint32));
        for (guint32 a = 0; a + 16 <= size; a += 16) {
            guint32 block = first + a, offset = block - s->def->cidr.addr;
            guint32 last = (guint32) tgw_cidr_size(s->def->cidr) - 1;
            if (offset < 4 || (offset <= last && last < offset + 16))
                continue;
            g_array_append_val(s->prefix_free, block);
        }
    }
    if (s->def->in_use_total > 0) {
        stream = g_strdup_printf("subnet/%s/%s/in-use", s->def->vpc->name, s->def->name);
        rand = tgw_rng_stream(sim->seed, stream);
        for (guint64 k = 0; k < s->def->in_use_total; k++) {
            guint32 addr = 0;
            if (tgw_subnet_pool_alloc_ip(s->pool, rand, &addr) != TGW_ALLOC_OK)
                break; /* the reservations took the rest: the loader's sum cannot see them */
            taken++;
        }
    }
    s->held[TGW_HOLDER_IN_USE] = taken;
    if (taken > 0) {
        memcpy(s->result->at_peak, s->held, sizeof s->held);
        s->result->peak_used = taken;
        s->result->peak_time_ms = 0;
        s->result->min_free = s->result->usable - taken;
    }
}

void
sim_subnets_init(Sim *sim)
{
    const TgwScenario *sc = sim->sc;
    g_autoptr(GPtrArray) azs = tgw_subnets_azs(sc->subnets);

    sim->azs = g_ptr_array_new();
    g_ptr_array_extend(sim->azs, azs, NULL, NULL);
    sim->n_subnets = sc->subnets->len;
    sim->subnets = g_new0(SimSubnet, sim->n_subnets);
    for (guint i = 0; i < sim->n_subnets; i++) {
        SimSubnet *s = &sim->subnets[i];
        g_autofree char *stream = NULL;
        s->def = sc->subnets->pdata[i];
        s->pool = tgw_subnet_pool_new(s->def->cidr);
        stream = g_strdup_printf("subnet/%s/%s", s->def->vpc->name, s->def->name);
        s->rand = tgw_rng_stream(sim->seed, stream);
        s->az = az_index(sim, s->def->az);
        s->active = s->def->added_ms == 0;
        s->held[TGW_HOLDER_RESERVED] = TGW_AWS_RESERVED_PER_SUBNET;
        s->enis = g_ptr_array_new();
        s->result = sim->result->subnets->pdata[i];
        occupy(sim, s);
        s->window_min_free = tgw_subnet_pool_free_count(s->pool);
    }
}

void
sim_subnets_free(Sim *sim)
{
    for (guint i = 0; i < sim->n_subnets; i++) {
        tgw_subnet_pool_free(sim->subnets[i].pool);
        g_rand_free(sim->subnets[i].rand);
        if (sim->subnets[i].prefix_free != NULL)
            g_array_unref(sim->subnets[i].prefix_free);
        g_ptr_array_unref(sim->subnets[i].enis);
    }
    g_free(sim->subnets);
    g_ptr_array_unref(sim->azs);
}

guint64
sim_subnet_free(const Sim *sim, guint subnet)
{
    return tgw_subnet_pool_free_count(sim->subnets[subnet].pool);
}

/* an allocation failed; fragmented: it wanted /28s and enough addresses were free for them */
static void
record_failure(Sim *sim, guint subnet, const char *request, const char *requester,
               gboolean fragmented)
{
    SimSubnet *s = &sim->subnets[subnet];
    TgwRunResult *r = sim->result;
    gint64 now = tgw_engine_now(sim->engine);

    if (!r->exhausted)
        sim->hooks.first_exhaustion(sim);
    s->result->failures++;
    if (s->result->first_exhausted_ms < 0) {
        s->result->first_exhausted_ms = now;
        s->result->first_fragmented = fragmented;
    }
    r->exhausted = TRUE;
    r->events_total++;
    if (r->events->len < TGW_RESULT_MAX_EVENTS) {
        TgwExhaustionEvent *e = g_new0(TgwExhaustionEvent, 1);
        e->time_ms = now;
        e->subnet = s->def;
        e->request = request;
        e->requester = g_strdup(requester);
        e->free = tgw_subnet_pool_free_count(s->pool);
        e->fragmented = fragmented;
        g_ptr_array_add(r->events, e);
    }
}

void
sim_subnet_record_failure(Sim *sim, guint subnet, const char *request, const char *requester)
{
    record_failure(sim, subnet, request, requester, FALSE);
}

/* a new peak: remember who holds the addresses now */
static void
snapshot_peak(Sim *sim, SimSubnet *s, guint64 used)
{
    gint64 now = tgw_engine_now(sim->engine);
    guint64 cooldown = 0;

    /* a scan of the subnet's ENIs only when an address here can still be in cooldown: a subnet
     * filling up without churn (every start-up) reaches a new peak at each allocation */
    for (guint i = 0; i < s->enis->len && now < s->cooldown_until; i++) {
        Eni *eni = s->enis->pdata[i];
        sim_eni_expire_cooldown(eni, now);
        cooldown += eni->n_cooldown;
    }
    memcpy(s->result->at_peak, s->held, sizeof s->held);
    g_assert(cooldown <= s->held[TGW_HOLDER_WARM]);
    s->result->at_peak[TGW_HOLDER_WARM] -= cooldown;
    s->result->at_peak[TGW_HOLDER_COOLDOWN] = cooldown;
    s->result->peak_used = used;
    s->result->peak_time_ms = now;
    s->result->min_free = s->result->usable - used;
}

static void
after_alloc(Sim *sim, SimSubnet *s)
{
    guint64 free_now = tgw_subnet_pool_free_count(s->pool);
    guint64 used = tgw_subnet_pool_usable(s->pool) - free_now;
    if (free_now < s->window_min_free)
        s->window_min_free = free_now;
    if (used > s->result->peak_used)
        snapshot_peak(sim, s, used);
}

static gboolean
check_active(Sim *sim, SimSubnet *s, const char *request, const char *requester)
{
    if (s->active)
        return TRUE;
    /* the timeline has not created the subnet yet: nothing can be allocated there */
    record_failure(sim, (guint) (s - sim->subnets), request, requester, FALSE);
    return FALSE;
}

gboolean
sim_subnet_alloc(Sim *sim, guint subnet, TgwHolder holder, const char *request,
                 const char *requester, guint32 *out)
{
    return sim_subnet_alloc_many(sim, subnet, holder, 1, request, requester, out);
}

static void
take_ips(SimSubnet *s, TgwHolder holder, guint count, guint32 *out)
{
    for (guint i = 0; i < count; i++) {
        TgwAllocResult r = tgw_subnet_pool_alloc_ip(s->pool, s->rand, &out[i]);
        g_assert(r == TGW_ALLOC_OK);
    }
    s->held[holder] += count;
}

gboolean
sim_subnet_alloc_many(Sim *sim, guint subnet, TgwHolder holder, guint count, const char *request,
                      const char *requester, guint32 *out)
{
    SimSubnet *s = &sim->subnets[subnet];

    if (!check_active(sim, s, request, requester))
        return FALSE;
    /* EC2 calls are all or nothing: fewer free addresses than asked fails the whole call */
    if (tgw_subnet_pool_free_count(s->pool) < count) {
        record_failure(sim, subnet, request, requester, FALSE);
        return FALSE;
    }
    take_ips(s, holder, count, out);
    after_alloc(sim, s);
    return TRUE;
}

/* count aligned /28s, which the caller has checked are there: wholly free /28s are disjoint, so
 * taking one removes exactly one from the count */
static void
take_prefixes(SimSubnet *s, guint count, guint32 *out)
{
    for (guint i = 0; i < count; i++) {
        if (s->prefix_free != NULL) {
            /* from the prefix reservations only: a /28 at random among those not carved */
            guint pick = (guint) g_rand_int_range(s->rand, 0, (gint32) s->prefix_free->len);
            out[i] = g_array_index(s->prefix_free, guint32, pick);
            g_array_remove_index_fast(s->prefix_free, pick);
            g_assert(s->held[TGW_HOLDER_IN_USE] >= 16);
            s->held[TGW_HOLDER_IN_USE] -= 16;
        } else {
            TgwAllocResult r = tgw_subnet_pool_alloc_prefix(s->pool, s->rand, &out[i]);
            g_assert(r == TGW_ALLOC_OK);
        }
    }
    s->held[TGW_HOLDER_WARM] += 16 * count;
}

/* wholly free /28s prefix delegation may carve: in the prefix reservations when the subnet has
 * any, else anywhere */
static guint64
free_prefixes(const SimSubnet *s)
{
    return s->prefix_free != NULL ? s->prefix_free->len : tgw_subnet_pool_free_prefixes(s->pool);
}

gboolean
sim_subnet_alloc_eni(Sim *sim, guint subnet, guint count, gboolean prefixes, const char *request,
                     const char *requester, guint32 *primary, guint32 *out)
{
    SimSubnet *s = &sim->subnets[subnet];
    guint64 addresses = prefixes ? 16 * (guint64) count : count;

    if (!check_active(sim, s, request, requester))
        return FALSE;
    /* CreateNetworkInterface with SecondaryPrivateIpAddressCount or Ipv4PrefixCount takes the
     * ENI's own address too, or nothing */
    /* from the reservations, the prefixes' addresses are not in the pool's free count */
    if (tgw_subnet_pool_free_count(s->pool) <
            (prefixes && s->prefix_free != NULL ? 0 : addresses) + 1 ||
        (prefixes && free_prefixes(s) < count)) {
        record_failure(sim, subnet, request, requester,
                       prefixes && tgw_subnet_pool_free_count(s->pool) >= addresses + 1);
        return FALSE;
    }
    if (prefixes) {
        /* the /28s first: the primary address, drawn anywhere, could spoil one of them */
        take_prefixes(s, count, out);
        take_ips(s, TGW_HOLDER_ENI_PRIMARY, 1, primary);
    } else {
        take_ips(s, TGW_HOLDER_ENI_PRIMARY, 1, primary);
        take_ips(s, TGW_HOLDER_WARM, count, out);
    }
    after_alloc(sim, s);
    return TRUE;
}

gboolean
sim_subnet_alloc_prefixes(Sim *sim, guint subnet, guint count, const char *request,
                          const char *requester, guint32 *out)
{
    SimSubnet *s = &sim->subnets[subnet];

    if (!check_active(sim, s, request, requester))
        return FALSE;
    if (free_prefixes(s) < count) {
        record_failure(sim, subnet, request, requester,
                       s->prefix_free == NULL &&
                           tgw_subnet_pool_free_count(s->pool) >= 16 * (guint64) count);
        return FALSE;
    }
    take_prefixes(s, count, out);
    after_alloc(sim, s);
    return TRUE;
}

void
sim_subnet_release(Sim *sim, guint subnet, TgwHolder holder, guint32 addr)
{
    SimSubnet *s = &sim->subnets[subnet];
    g_assert(s->held[holder] > 0);
    tgw_subnet_pool_release_ip(s->pool, addr);
    s->held[holder]--;
}

void
sim_subnet_release_prefix(Sim *sim, guint subnet, guint32 addr)
{
    SimSubnet *s = &sim->subnets[subnet];
    g_assert(s->held[TGW_HOLDER_WARM] >= 16);
    s->held[TGW_HOLDER_WARM] -= 16;
    if (s->prefix_free != NULL) {
        /* back to its reservation, still held out of the pool */
        g_array_append_val(s->prefix_free, addr);
        s->held[TGW_HOLDER_IN_USE] += 16;
        return;
    }
    tgw_subnet_pool_release_prefix(s->pool, addr);
}

void
sim_subnet_move(Sim *sim, guint subnet, TgwHolder from, TgwHolder to, guint n)
{
    SimSubnet *s = &sim->subnets[subnet];
    g_assert(s->held[from] >= n);
    s->held[from] -= n;
    s->held[to] += n;
}

void
sim_subnets_sample(Sim *sim)
{
    gint64 now = tgw_engine_now(sim->engine);
    for (guint i = 0; i < sim->n_subnets; i++) {
        SimSubnet *s = &sim->subnets[i];
        guint64 free_now = tgw_subnet_pool_free_count(s->pool);
        TgwSample sample = {now, (guint32) MIN(free_now, G_MAXUINT32),
                            (guint32) MIN(s->window_min_free, G_MAXUINT32)};
        if (s->result->series->len < MAX_SAMPLES)
            g_array_append_val(s->result->series, sample);
        s->window_min_free = free_now;
    }
}

/* free_mask has a bit for exactly the FREE slots below 64 */
static gboolean
eni_free_mask_ok(const Eni *eni)
{
    guint64 mask = 0;
    for (guint i = 0; i < MIN(eni->n_slots, 64u); i++) {
        if (eni->slots[i].pod == SLOT_FREE)
            mask |= G_GUINT64_CONSTANT(1) << i;
    }
    return mask == eni->free_mask;
}

/* the holder counters must add up to what the pool has handed out: a release that the pool
 * refused (a programming error) would otherwise only show as addresses that never come back; and
 * each ENI's free_mask must be its FREE slots, or pods would get addresses a scan would not give */
void
sim_subnets_finish(Sim *sim)
{
    for (guint i = 0; i < sim->n_subnets; i++) {
        const SimSubnet *s = &sim->subnets[i];
        guint64 held = 0;
        s->result->free_prefixes_at_end = free_prefixes(s);
        for (guint h = 0; h < TGW_HOLDER_COUNT; h++)
            held += s->held[h];
        g_assert(held == tgw_subnet_pool_used_count(s->pool) + TGW_AWS_RESERVED_PER_SUBNET);
        for (guint k = 0; k < s->enis->len; k++)
            g_assert(eni_free_mask_ok(g_ptr_array_index(s->enis, k)));
    }
}
