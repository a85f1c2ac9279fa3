/* tgw-lpm.c: longest-prefix match by flattening nested prefixes into disjoint intervals.
 *
 * IPv4 prefixes either nest or are disjoint, so sorting them by (address, length) and sweeping
 * with a stack of the prefixes still "open" cuts the address space into intervals, each owned by
 * the most specific prefix covering it (or by none). A lookup is then a binary search for the
 * last interval starting at or before the address: O(log n) and a few cache lines, with no
 * per-prefix-length passes and no trie nodes to chase. Building is O(n log n), done once per
 * routing snapshot (tgw-routing.c). */
#include "tgw-lpm.h"

typedef struct {
    TgwCidr cidr;
    guint order; /* insertion order: the first of two equal prefixes wins */
    gpointer value;
} Entry;

struct _TgwLpm {
    GArray *entries; /* Entry; sorted and without duplicates once built */
    gboolean built;
    GArray *starts; /* guint32: first address of each interval; starts[0] == 0 */
    GArray *owners; /* gint: index into entries of the interval's prefix, -1 for none */
};

TgwLpm *
tgw_lpm_new(void)
{
    TgwLpm *lpm = g_new0(TgwLpm, 1);
    lpm->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    lpm->starts = g_array_new(FALSE, FALSE, sizeof(guint32));
    lpm->owners = g_array_new(FALSE, FALSE, sizeof(gint));
    return lpm;
}

void
tgw_lpm_free(TgwLpm *lpm)
{
    if (lpm == NULL)
        return;
    g_array_unref(lpm->entries);
    g_array_unref(lpm->starts);
    g_array_unref(lpm->owners);
    g_free(lpm);
}

void
tgw_lpm_insert(TgwLpm *lpm, TgwCidr cidr, gpointer value)
{
    Entry e = {cidr, lpm->entries->len, value};
    g_return_if_fail(!lpm->built);
    g_array_append_val(lpm->entries, e);
}

static gint
entry_compare(gconstpointer pa, gconstpointer pb)
{
    const Entry *a = pa, *b = pb;
    gint c = tgw_cidr_compare(&a->cidr, &b->cidr);
    if (c != 0)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* keeps the first entry of each prefix */
static void
dedupe(GArray *entries)
{
    guint out = 0;
    for (guint i = 0; i < entries->len; i++) {
        Entry *e = &g_array_index(entries, Entry, i);
        if (out > 0 && tgw_cidr_equal(g_array_index(entries, Entry, out - 1).cidr, e->cidr))
            continue;
        g_array_index(entries, Entry, out++) = *e;
    }
    g_array_set_size(entries, out);
}

static guint64
entry_last(const GArray *entries, gint index)
{
    return tgw_cidr_last(g_array_index(entries, Entry, index).cidr);
}

/* appends [start, end] owned by owner, merging with the previous interval when it has the same
 * owner; an empty range (start > end) adds nothing */
static void
emit(TgwLpm *lpm, guint64 start, guint64 end, gint owner)
{
    guint32 s = (guint32) start;
    if (start > end)
        return;
    if (lpm->owners->len > 0 && g_array_index(lpm->owners, gint, lpm->owners->len - 1) == owner)
        return;
    g_array_append_val(lpm->starts, s);
    g_array_append_val(lpm->owners, owner);
}

void
tgw_lpm_build(TgwLpm *lpm)
{
    g_autoptr(GArray) stack = g_array_new(FALSE, FALSE, sizeof(gint));
    guint64 pos = 0; /* the first address not yet given to an interval */

    g_return_if_fail(!lpm->built);
    lpm->built = TRUE;
    g_array_sort(lpm->entries, entry_compare);
    dedupe(lpm->entries);
    for (guint i = 0; i < lpm->entries->len; i++) {
        guint64 first = tgw_cidr_first(g_array_index(lpm->entries, Entry, i).cidr);
        gint index = (gint) i;
        /* close the prefixes that end before this one starts */
        while (stack->len > 0) {
            gint top = g_array_index(stack, gint, stack->len - 1);
            guint64 last = entry_last(lpm->entries, top);
            if (last >= first)
                break;
            emit(lpm, pos, last, top);
            pos = last + 1;
            g_array_set_size(stack, stack->len - 1);
        }
        /* the part of the enclosing prefix (or of no prefix) before this one */
        if (pos < first) {
            emit(lpm, pos, first - 1,
                 stack->len > 0 ? g_array_index(stack, gint, stack->len - 1) : -1);
            pos = first;
        }
        g_array_append_val(stack, index);
    }
    while (stack->len > 0) {
        gint top = g_array_index(stack, gint, stack->len - 1);
        guint64 last = entry_last(lpm->entries, top);
        emit(lpm, pos, last, top);
        pos = last + 1;
        g_array_set_size(stack, stack->len - 1);
    }
    emit(lpm, pos, G_MAXUINT32, -1);
}

gpointer
tgw_lpm_lookup(const TgwLpm *lpm, guint32 addr, TgwCidr *match)
{
    const guint32 *starts = (const guint32 *) lpm->starts->data;
    guint lo = 0, hi = lpm->starts->len;
    gint owner;

    g_return_val_if_fail(lpm->built, NULL);
    if (hi == 0)
        return NULL;
    /* the last interval whose start is <= addr; starts[0] is 0, so there is one */
    while (hi - lo > 1) {
        guint mid = lo + (hi - lo) / 2;
        if (starts[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    owner = g_array_index(lpm->owners, gint, lo);
    if (owner < 0)
        return NULL;
    if (match != NULL)
        *match = g_array_index(lpm->entries, Entry, owner).cidr;
    return g_array_index(lpm->entries, Entry, owner).value;
}

gpointer
tgw_lpm_exact(const TgwLpm *lpm, TgwCidr cidr)
{
    guint lo = 0, hi = lpm->entries->len;

    g_return_val_if_fail(lpm->built, NULL);
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const Entry *e = &g_array_index(lpm->entries, Entry, mid);
        gint c = tgw_cidr_compare(&e->cidr, &cidr);
        if (c == 0)
            return e->value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

guint
tgw_lpm_size(const TgwLpm *lpm)
{
    return lpm->entries->len;
}
