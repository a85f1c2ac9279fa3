/* fuzz-values.c: libFuzzer harness for the value parsers of the scenario language.
 *
 * Every input, as one NUL-terminated string, is handed to every reader of tgw-value.h and
 * tgw-cidr.h (durations, rates, distributions, quantities, CPU, memory, counts or percentages,
 * shares, replicas, times of day, whole numbers, booleans, name lists, IPv4 addresses, CIDR
 * blocks).
 * What a reader accepts is checked for consistency: the formatters read back to the same value,
 * samples and means of a distribution are finite and in range, a CIDR block has no host bits and
 * survives a prefix-set round trip. Any inconsistency aborts (g_error), so the fuzzer reports it.
 * Inputs over 1 MiB are skipped; nothing is printed per input. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "tgw-cidr.h"
#include "tgw-value.h"

#define FUZZ_MAX_INPUT (1024 * 1024)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_abort_on_glib_messages();
    return 0;
}

/* a failed parse must say why; a successful one must not set an error */
static void
check_error(gboolean ok, GError *error, const char *what, const char *text)
{
    if (ok && error != NULL)
        g_error("%s('%s') succeeded but set an error", what, text);
    if (!ok && (error == NULL || error->message == NULL || error->message[0] == '\0'))
        g_error("%s('%s') failed without a message", what, text);
    if (!ok && strchr(error->message, '\n') != NULL && strchr(text, '\n') == NULL)
        g_error("%s('%s'): the message is not one line", what, text);
}

static void
fuzz_duration(const char *text)
{
    g_autoptr(GError) error = NULL;
    gint64 ms = -1;
    gboolean ok = tgw_duration_parse(text, &ms, &error);
    check_error(ok, error, "duration", text);
    if (ok) {
        g_autofree char *back = tgw_duration_format(ms);
        g_autofree char *clock = tgw_clock_format(ms);
        gint64 again = -1;
        if (ms < 0 || ms > TGW_MAX_DURATION_MS || clock == NULL)
            g_error("duration '%s' = %" G_GINT64_FORMAT " ms is out of range", text, ms);
        if (!tgw_duration_parse(back, &again, NULL) || again != ms)
            g_error("duration '%s' formats as '%s', which does not read back", text, back);
    }
}

static void
fuzz_rate(const char *text)
{
    g_autoptr(GError) error = NULL;
    double per_s = -1;
    gboolean ok = tgw_rate_parse(text, &per_s, &error);
    check_error(ok, error, "rate", text);
    if (ok && (!isfinite(per_s) || per_s < 0))
        g_error("rate '%s' = %g", text, per_s);
}

static void
fuzz_distribution(const char *text)
{
    g_autoptr(GError) error = NULL;
    TgwDistribution d;
    gboolean ok = tgw_distribution_parse(text, &d, &error);
    check_error(ok, error, "distribution", text);
    if (ok) {
        g_autofree char *back = tgw_distribution_format(&d);
        g_autoptr(GRand) rand = g_rand_new_with_seed(42);
        TgwDistribution again;
        double mean = tgw_distribution_mean_ms(&d);
        if (!tgw_distribution_parse(back, &again, NULL) || again.kind != d.kind ||
            again.a_ms != d.a_ms || (d.kind == TGW_DIST_UNIFORM && again.b_ms != d.b_ms))
            g_error("distribution '%s' formats as '%s', which does not read back", text, back);
        if (!isfinite(mean) || mean < 0)
            g_error("distribution '%s' has mean %g", text, mean);
        for (int i = 0; i < 16; i++) {
            gint64 s = tgw_distribution_sample(&d, rand);
            if (s < 1 || s > TGW_MAX_DURATION_MS)
                g_error("distribution '%s' sampled %" G_GINT64_FORMAT, text, s);
        }
    }
}

static void
fuzz_quantities(const char *text)
{
    {
        g_autoptr(GError) error = NULL;
        gint64 milli = -1;
        gboolean ok = tgw_quantity_parse(text, &milli, &error);
        check_error(ok, error, "quantity", text);
        if (ok && milli < 0)
            g_error("quantity '%s' = %" G_GINT64_FORMAT, text, milli);
    }
    {
        g_autoptr(GError) error = NULL;
        gint64 m = -1;
        gboolean ok = tgw_cpu_parse(text, &m, &error);
        check_error(ok, error, "cpu", text);
        if (ok && (m < 0 || m > G_GINT64_CONSTANT(100000000)))
            g_error("cpu '%s' = %" G_GINT64_FORMAT, text, m);
    }
    {
        g_autoptr(GError) error = NULL;
        gint64 bytes = -1;
        gboolean ok = tgw_memory_parse(text, &bytes, &error);
        check_error(ok, error, "memory", text);
        if (ok && (bytes < 0 || bytes > (G_GINT64_CONSTANT(1) << 50) + 1))
            g_error("memory '%s' = %" G_GINT64_FORMAT, text, bytes);
    }
}

static void
fuzz_counts(const char *text)
{
    {
        g_autoptr(GError) error = NULL;
        TgwCountOrPercent cp;
        gboolean ok = tgw_count_or_percent_parse(text, &cp, &error);
        check_error(ok, error, "count-or-percent", text);
        if (ok) {
            gint64 up = tgw_count_or_percent_resolve(&cp, 1000000, TRUE);
            gint64 down = tgw_count_or_percent_resolve(&cp, 1000000, FALSE);
            if (!isfinite(cp.value) || cp.value < 0 || up < down ||
                (cp.percent && (up > 1000000 || cp.value > 100)))
                g_error("count-or-percent '%s' = %g (%" G_GINT64_FORMAT "..%" G_GINT64_FORMAT ")",
                        text, cp.value, down, up);
        }
    }
    {
        g_autoptr(GError) error = NULL;
        double share = -1;
        gboolean ok = tgw_share_parse(text, &share, &error);
        check_error(ok, error, "share", text);
        if (ok && !(share >= 0 && share <= 1))
            g_error("share '%s' = %g", text, share);
    }
    {
        g_autoptr(GError) error = NULL;
        TgwReplicas r;
        gboolean ok = tgw_replicas_parse(text, &r, &error);
        check_error(ok, error, "replicas", text);
        if (ok) {
            for (gint64 t = 0; t < TGW_MS_PER_DAY; t += 3 * TGW_MS_PER_HOUR + 17) {
                gint64 n = tgw_replicas_at(&r, t);
                if (n < r.min || n > r.max || r.max != tgw_replicas_peak(&r))
                    g_error("replicas '%s' at %" G_GINT64_FORMAT " = %" G_GINT64_FORMAT, text, t,
                            n);
            }
        }
    }
    {
        g_autoptr(GError) error = NULL;
        gint64 ms = -1;
        gboolean ok = tgw_time_of_day_parse(text, &ms, &error);
        check_error(ok, error, "time-of-day", text);
        if (ok && (ms < 0 || ms >= TGW_MS_PER_DAY))
            g_error("time of day '%s' = %" G_GINT64_FORMAT, text, ms);
    }
    {
        g_autoptr(GError) error = NULL;
        guint64 v = 0;
        gboolean ok = tgw_uint_parse(text, 3, 1000000, &v, &error);
        check_error(ok, error, "uint", text);
        if (ok && (v < 3 || v > 1000000))
            g_error("uint '%s' = %" G_GUINT64_FORMAT, text, v);
    }
    {
        g_autoptr(GError) error = NULL;
        guint64 v = 0;
        gboolean ok = tgw_uint_parse(text, 0, G_MAXUINT64, &v, &error);
        check_error(ok, error, "uint64", text);
    }
    {
        g_autoptr(GError) error = NULL;
        gboolean b = FALSE;
        gboolean ok = tgw_bool_parse(text, &b, &error);
        check_error(ok, error, "bool", text);
    }
}

static void
fuzz_names(const char *text)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) names = tgw_name_list_parse(text, &error);
    check_error(names != NULL, error, "name-list", text);
    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        if (names[i][0] == '\0' || strpbrk(names[i], " \t\r\n,") != NULL)
            g_error("name list '%s' has item '%s'", text, names[i]);
    }
}

static void
fuzz_cidr(const char *text)
{
    {
        g_autoptr(GError) error = NULL;
        guint32 addr = 0;
        gboolean ok = tgw_ipv4_parse(text, &addr, &error);
        check_error(ok, error, "ipv4", text);
        if (ok) {
            char buf[TGW_IPV4_STRLEN];
            guint32 again = 0;
            if (!tgw_ipv4_parse(tgw_ipv4_format(addr, buf), &again, NULL) || again != addr)
                g_error("address '%s' does not read back", text);
        }
    }
    {
        g_autoptr(GError) error = NULL;
        TgwCidr c;
        gboolean ok = tgw_cidr_parse(text, &c, &error);
        check_error(ok, error, "cidr", text);
        if (ok) {
            char buf[TGW_CIDR_STRLEN];
            TgwCidr again;
            g_autoptr(TgwPrefixSet) set = tgw_prefix_set_new();
            g_autoptr(GArray) back = NULL;
            if (c.len > 32 || (c.addr & ~tgw_cidr_mask(c.len)) != 0)
                g_error("cidr '%s' has host bits or a bad length", text);
            if (!tgw_cidr_parse(tgw_cidr_format(c, buf), &again, NULL) ||
                !tgw_cidr_equal(c, again) || g_strcmp0(buf, text) != 0)
                g_error("cidr '%s' formats as '%s'", text, buf);
            if (tgw_cidr_first(c) > tgw_cidr_last(c) ||
                tgw_cidr_size(c) != (guint64) tgw_cidr_last(c) - tgw_cidr_first(c) + 1)
                g_error("cidr '%s' has inconsistent bounds", text);
            tgw_prefix_set_add(set, c);
            if (!tgw_prefix_set_covers(set, c) || tgw_prefix_set_size(set) != tgw_cidr_size(c))
                g_error("prefix set of '%s' is wrong", text);
            back = tgw_prefix_set_to_cidrs(set);
            if (back->len != 1 || !tgw_cidr_equal(g_array_index(back, TgwCidr, 0), c))
                g_error("prefix set of '%s' does not give it back", text);
            if (c.len <= 24) {
                g_autoptr(GArray) parts = tgw_cidr_split(c, MIN(c.len + 8u, 32u), NULL);
                if (parts == NULL || parts->len != 1u << (MIN(c.len + 8u, 32u) - c.len))
                    g_error("cidr '%s' does not split", text);
            }
            tgw_prefix_set_remove(set, c);
            if (!tgw_prefix_set_is_empty(set))
                g_error("prefix set of '%s' is not empty after removal", text);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = NULL;

    if (size > FUZZ_MAX_INPUT)
        return -1;
    text = g_malloc(size + 1);
    if (size > 0)
        memcpy(text, data, size);
    text[size] = '\0'; /* an embedded NUL ends the string, as in an XML attribute it cannot occur */

    fuzz_duration(text);
    fuzz_rate(text);
    fuzz_distribution(text);
    fuzz_quantities(text);
    fuzz_counts(text);
    fuzz_names(text);
    fuzz_cidr(text);
    return 0;
}
