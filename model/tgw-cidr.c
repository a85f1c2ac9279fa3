/* tgw-cidr.c: IPv4 and CIDR arithmetic, strict parsing, prefix sets.
 *
 * Parsing is deliberately stricter than inet_aton(): no octal or hex, no leading zeros, no
 * missing octets, no spaces, and a block with host bits set is refused with the canonical form in
 * the message. A design file that says 10.40.0.7/24 almost always means a typo, and AWS would
 * silently turn it into 10.40.0.0/24. */
#include "tgw-cidr.h"

#include <string.h>

#include "tgw-error.h"

const TgwCidr TGW_CIDR_RFC1918_10 = {0x0A000000u, 8};
const TgwCidr TGW_CIDR_RFC1918_172 = {0xAC100000u, 12};
const TgwCidr TGW_CIDR_RFC1918_192 = {0xC0A80000u, 16};
const TgwCidr TGW_CIDR_CGNAT = {0x64400000u, 10};
const TgwCidr TGW_CIDR_BENCH_198_19 = {0xC6130000u, 16};
const TgwCidr TGW_CIDR_LINK_LOCAL = {0xA9FE0000u, 16};

/* reads a decimal number of 1..max_digits digits without a leading zero; returns the end or NULL */
static const char *
parse_decimal(const char *p, guint max_digits, guint *out)
{
    guint value = 0, digits = 0;

    if (!g_ascii_isdigit(*p))
        return NULL;
    if (p[0] == '0' && g_ascii_isdigit(p[1]))
        return NULL; /* leading zero: 010 reads as octal elsewhere */
    while (g_ascii_isdigit(*p)) {
        if (++digits > max_digits)
            return NULL;
        value = value * 10 + (guint) (*p - '0');
        p++;
    }
    *out = value;
    return p;
}

/* parses a.b.c.d at text; on success stores the address and where it ended */
static gboolean
parse_address(const char *text, const char *what, const char *p, guint32 *out, const char **end,
              GError **error)
{
    guint32 addr = 0;

    if (strchr(text, ':') != NULL && strspn(text, "0123456789abcdefABCDEF:./") == strlen(text)) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                    "'%s' looks like IPv6; tgwsim models IPv4 only: write %s", text,
                    g_str_equal(what, "an IPv4 address") ? "a.b.c.d, e.g. 10.20.9.17"
                                                         : "a.b.c.d/n, e.g. 10.20.8.0/21");
        return FALSE;
    }

    for (int i = 0; i < 4; i++) {
        guint octet = 0;
        const char *next = parse_decimal(p, 4, &octet);

        if (next == NULL)
            goto junk;
        if (octet > 255) {
            g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                        "'%s': octet %u is above 255; each of the four parts of an IPv4 address "
                        "is 0 to 255",
                        text, octet);
            return FALSE;
        }
        addr = (addr << 8) | octet;
        p = next;
        if (i < 3) {
            if (*p != '.')
                goto junk;
            p++;
        }
    }
    *out = addr;
    *end = p;
    return TRUE;
junk:
    g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID, "'%s' is not %s; write it as %s", text, what,
                g_str_equal(what, "an IPv4 address") ? "a.b.c.d, e.g. 10.20.9.17"
                                                     : "a.b.c.d/n, e.g. 10.20.8.0/21");
    return FALSE;
}

gboolean
tgw_ipv4_parse(const char *text, guint32 *out, GError **error)
{
    const char *end = NULL;
    guint32 addr = 0;

    g_return_val_if_fail(text != NULL, FALSE);
    if (!parse_address(text, "an IPv4 address", text, &addr, &end, error))
        return FALSE;
    if (*end != '\0') {
        g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                    "'%s' is not an IPv4 address; write it as a.b.c.d, e.g. 10.20.9.17", text);
        return FALSE;
    }
    *out = addr;
    return TRUE;
}

const char *
tgw_ipv4_format(guint32 addr, char buf[TGW_IPV4_STRLEN])
{
    g_snprintf(buf, TGW_IPV4_STRLEN, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xFF,
               (addr >> 8) & 0xFF, addr & 0xFF);
    return buf;
}

guint32
tgw_cidr_mask(guint len)
{
    g_return_val_if_fail(len <= 32, 0);
    return len == 0 ? 0 : 0xFFFFFFFFu << (32 - len);
}

gboolean
tgw_cidr_parse(const char *text, TgwCidr *out, GError **error)
{
    const char *p = NULL;
    guint32 addr = 0;
    guint len = 0;

    g_return_val_if_fail(text != NULL, FALSE);
    if (!parse_address(text, "an IPv4 CIDR block", text, &addr, &p, error))
        return FALSE;
    if (*p != '/') {
        g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                    "'%s' has no prefix length; write the block as a.b.c.d/n, e.g. %s/24", text,
                    text);
        return FALSE;
    }
    p++;
    {
        const char *end = parse_decimal(p, 3, &len);
        if (end == NULL || *end != '\0') {
            g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                        "'%s' is not an IPv4 CIDR block; the prefix length after '/' is a "
                        "number from 0 to 32",
                        text);
            return FALSE;
        }
    }
    if (len > 32) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                    "'%s': prefix length /%u is out of range; IPv4 prefixes are /0 to /32", text,
                    len);
        return FALSE;
    }
    if ((addr & ~tgw_cidr_mask(len)) != 0) {
        char canon[TGW_CIDR_STRLEN];
        TgwCidr c = {addr & tgw_cidr_mask(len), (guint8) len};
        g_set_error(error, TGW_ERROR, TGW_ERROR_NOT_CANONICAL,
                    "'%s' has host bits set; the block it lies in is %s", text,
                    tgw_cidr_format(c, canon));
        return FALSE;
    }
    out->addr = addr;
    out->len = (guint8) len;
    return TRUE;
}

const char *
tgw_cidr_format(TgwCidr cidr, char buf[TGW_CIDR_STRLEN])
{
    char a[TGW_IPV4_STRLEN];
    g_snprintf(buf, TGW_CIDR_STRLEN, "%s/%u", tgw_ipv4_format(cidr.addr, a), cidr.len);
    return buf;
}

char *
tgw_cidr_to_string(TgwCidr cidr)
{
    char buf[TGW_CIDR_STRLEN];
    return g_strdup(tgw_cidr_format(cidr, buf));
}

guint32
tgw_cidr_first(TgwCidr cidr)
{
    return cidr.addr;
}

guint32
tgw_cidr_last(TgwCidr cidr)
{
    return cidr.addr | ~tgw_cidr_mask(cidr.len);
}

guint64
tgw_cidr_size(TgwCidr cidr)
{
    return G_GUINT64_CONSTANT(1) << (32 - cidr.len);
}

guint64
tgw_cidr_aws_usable(TgwCidr cidr)
{
    guint64 size = tgw_cidr_size(cidr);
    return cidr.len > 28 ? 0 : size - TGW_AWS_RESERVED_PER_SUBNET;
}

guint64
tgw_cidr_aws_usable_within(TgwCidr subnet, TgwCidr block)
{
    guint64 n = tgw_cidr_size(block);
    guint32 last = subnet.addr + (guint32) (tgw_cidr_size(subnet) - 1);
    for (guint32 a = subnet.addr; a < subnet.addr + TGW_AWS_RESERVED_PER_SUBNET - 1; a++)
        n -= tgw_cidr_contains_addr(block, a);
    return n - tgw_cidr_contains_addr(block, last);
}

gboolean
tgw_cidr_contains_addr(TgwCidr cidr, guint32 addr)
{
    return (addr & tgw_cidr_mask(cidr.len)) == cidr.addr;
}

gboolean
tgw_cidr_contains(TgwCidr outer, TgwCidr inner)
{
    return inner.len >= outer.len && tgw_cidr_contains_addr(outer, inner.addr);
}

gboolean
tgw_cidr_overlaps(TgwCidr a, TgwCidr b)
{
    return tgw_cidr_contains(a, b) || tgw_cidr_contains(b, a);
}

gboolean
tgw_cidr_equal(TgwCidr a, TgwCidr b)
{
    return a.addr == b.addr && a.len == b.len;
}

gint
tgw_cidr_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwCidr *a = pa, *b = pb;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    return (gint) a->len - (gint) b->len;
}

GArray *
tgw_cidr_split(TgwCidr cidr, guint new_len, GError **error)
{
    GArray *out = NULL;
    guint64 count = 0;

    if (new_len < cidr.len || new_len > 32) {
        char buf[TGW_CIDR_STRLEN];
        g_set_error(error, TGW_ERROR, TGW_ERROR_INVALID,
                    "cannot split %s into /%u blocks; the new prefix length must be %u to 32",
                    tgw_cidr_format(cidr, buf), new_len, cidr.len);
        return NULL;
    }
    if (new_len - cidr.len > 24) {
        char buf[TGW_CIDR_STRLEN];
        g_set_error(error, TGW_ERROR, TGW_ERROR_LIMIT,
                    "splitting %s into /%u blocks would make %" G_GUINT64_FORMAT
                    " blocks; at most 2^24 are allowed",
                    tgw_cidr_format(cidr, buf), new_len,
                    G_GUINT64_CONSTANT(1) << (new_len - cidr.len));
        return NULL;
    }
    count = G_GUINT64_CONSTANT(1) << (new_len - cidr.len);
    out = g_array_sized_new(FALSE, FALSE, sizeof(TgwCidr), (guint) count);
    for (guint64 i = 0; i < count; i++) {
        TgwCidr c = {(guint32) (cidr.addr + (i << (32 - new_len))), (guint8) new_len};
        if (new_len == 0)
            c.addr = 0;
        g_array_append_val(out, c);
    }
    return out;
}

/* ---- prefix sets ------------------------------------------------------------------------------
 * Intervals [lo, hi] use 64-bit bounds so that 255.255.255.255 + 1 does not wrap. */

typedef struct {
    guint64 lo, hi; /* inclusive */
} Interval;

struct _TgwPrefixSet {
    GArray *iv; /* sorted, disjoint, non-adjacent Interval */
};

TgwPrefixSet *
tgw_prefix_set_new(void)
{
    TgwPrefixSet *set = g_new0(TgwPrefixSet, 1);
    set->iv = g_array_new(FALSE, FALSE, sizeof(Interval));
    return set;
}

void
tgw_prefix_set_free(TgwPrefixSet *set)
{
    if (set == NULL)
        return;
    g_array_unref(set->iv);
    g_free(set);
}

/* index of the first interval whose hi >= lo - 1 (so that adjacent ones are found too) */
static guint
lower_bound(const GArray *iv, guint64 value)
{
    guint lo = 0, hi = iv->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(iv, Interval, mid).hi < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void
tgw_prefix_set_add(TgwPrefixSet *set, TgwCidr cidr)
{
    Interval add = {tgw_cidr_first(cidr), tgw_cidr_last(cidr)};
    guint i = lower_bound(set->iv, add.lo == 0 ? 0 : add.lo - 1);
    guint j = i;

    /* merge every interval that overlaps or touches [lo, hi] */
    while (j < set->iv->len && g_array_index(set->iv, Interval, j).lo <= add.hi + 1) {
        Interval *cur = &g_array_index(set->iv, Interval, j);
        add.lo = MIN(add.lo, cur->lo);
        add.hi = MAX(add.hi, cur->hi);
        j++;
    }
    if (j > i)
        g_array_remove_range(set->iv, i, j - i);
    g_array_insert_val(set->iv, i, add);
}

void
tgw_prefix_set_remove(TgwPrefixSet *set, TgwCidr cidr)
{
    guint64 lo = tgw_cidr_first(cidr), hi = tgw_cidr_last(cidr);
    guint i = lower_bound(set->iv, lo);

    while (i < set->iv->len) {
        Interval cur = g_array_index(set->iv, Interval, i);
        if (cur.lo > hi)
            break;
        g_array_remove_index(set->iv, i);
        if (cur.hi > hi) {
            Interval right = {hi + 1, cur.hi};
            g_array_insert_val(set->iv, i, right);
        }
        if (cur.lo < lo) {
            Interval left = {cur.lo, lo - 1};
            g_array_insert_val(set->iv, i, left);
            i++;
        }
    }
}

gboolean
tgw_prefix_set_contains_addr(const TgwPrefixSet *set, guint32 addr)
{
    guint i = lower_bound(set->iv, addr);
    return i < set->iv->len && g_array_index(set->iv, Interval, i).lo <= addr;
}

gboolean
tgw_prefix_set_covers(const TgwPrefixSet *set, TgwCidr cidr)
{
    guint64 lo = tgw_cidr_first(cidr), hi = tgw_cidr_last(cidr);
    guint i = lower_bound(set->iv, lo);
    return i < set->iv->len && g_array_index(set->iv, Interval, i).lo <= lo &&
           g_array_index(set->iv, Interval, i).hi >= hi;
}

gboolean
tgw_prefix_set_intersects(const TgwPrefixSet *set, TgwCidr cidr)
{
    guint64 lo = tgw_cidr_first(cidr), hi = tgw_cidr_last(cidr);
    guint i = lower_bound(set->iv, lo);
    return i < set->iv->len && g_array_index(set->iv, Interval, i).lo <= hi;
}

guint64
tgw_prefix_set_size(const TgwPrefixSet *set)
{
    guint64 total = 0;
    for (guint i = 0; i < set->iv->len; i++) {
        const Interval *cur = &g_array_index(set->iv, Interval, i);
        total += cur->hi - cur->lo + 1;
    }
    return total;
}

gboolean
tgw_prefix_set_is_empty(const TgwPrefixSet *set)
{
    return set->iv->len == 0;
}

GArray *
tgw_prefix_set_to_cidrs(const TgwPrefixSet *set)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(TgwCidr));

    for (guint i = 0; i < set->iv->len; i++) {
        const Interval *cur = &g_array_index(set->iv, Interval, i);
        guint64 lo = cur->lo;
        while (lo <= cur->hi) {
            /* the largest aligned block starting at lo that stays inside the interval */
            guint len = 32;
            while (len > 0) {
                guint64 size = G_GUINT64_CONSTANT(1) << (32 - (len - 1));
                if ((lo & (size - 1)) != 0 || lo + size - 1 > cur->hi)
                    break;
                len--;
            }
            TgwCidr c = {(guint32) lo, (guint8) len};
            g_array_append_val(out, c);
            lo += G_GUINT64_CONSTANT(1) << (32 - len);
        }
    }
    return out;
}
