/* tgw-value.c: typed value readers of the scenario language (see tgw-value.h). */
#include "tgw-value.h"

#include <math.h>

#include "tgw-error.h"

#define DURATION_HINT                                                                              \
    "a duration is a whole number with a unit, units largest first: 90s, 15m, 6h, 30d, 1d12h, "    \
    "250ms"

static gboolean invalid(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
invalid(GError **error, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(error, TGW_ERROR, TGW_ERROR_INVALID, msg);
    return FALSE;
}

static gboolean
too_long(GError **error, const char *text)
{
    g_set_error(error, TGW_ERROR, TGW_ERROR_LIMIT,
                "'%s' is too long a duration; at most 3650d (ten years)", text);
    return FALSE;
}

/* a plain decimal number at text: digits with at most one '.', no sign, exponent, hex or spaces
 * (g_ascii_strtod alone would take 1e3, 0x10 and inf); *end is where it stops */
static gboolean
decimal_parse(const char *text, double *out, const char **end)
{
    const char *p = text;
    char *stop = NULL;
    gboolean digit = FALSE;

    while (g_ascii_isdigit(*p) || *p == '.') {
        digit |= g_ascii_isdigit(*p);
        p++;
    }
    if (!digit)
        return FALSE;
    *out = g_ascii_strtod(text, &stop);
    *end = p;
    return stop == p; /* two points: strtod stops at the second */
}

gboolean
tgw_duration_parse(const char *text, gint64 *out_ms, GError **error)
{
    static const struct {
        const char *unit;
        gint64 ms;
    } units[] = {{"d", TGW_MS_PER_DAY},
                 {"h", TGW_MS_PER_HOUR},
                 {"ms", 1},
                 {"m", TGW_MS_PER_MINUTE},
                 {"s", TGW_MS_PER_SECOND}};
    const char *p = text;
    gint64 total = 0;
    gint64 last_unit = G_MAXINT64;

    g_return_val_if_fail(text != NULL, FALSE);
    if (*p == '\0')
        return invalid(error, "empty duration; %s", DURATION_HINT);
    while (*p != '\0') {
        guint64 number = 0;
        guint digits = 0;
        gint64 unit_ms = 0;

        while (g_ascii_isdigit(*p)) {
            if (++digits > 12)
                return too_long(error, text);
            number = number * 10 + (guint64) (*p++ - '0');
        }
        if (digits == 0)
            return invalid(error, "'%s' is not a duration; %s", text, DURATION_HINT);
        for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
            if (g_str_has_prefix(p, units[i].unit)) {
                unit_ms = units[i].ms;
                p += strlen(units[i].unit);
                break;
            }
        }
        if (unit_ms == 0) {
            if (*p == '\0' && number == 0 && p == text + 1) {
                *out_ms = 0; /* a bare 0 needs no unit */
                return TRUE;
            }
            return invalid(error, "'%s' is not a duration (missing or unknown unit); %s", text,
                           DURATION_HINT);
        }
        if (unit_ms >= last_unit)
            return invalid(error, "'%s' repeats a unit or puts a smaller one first; %s", text,
                           DURATION_HINT);
        last_unit = unit_ms;
        if (number > (guint64) (TGW_MAX_DURATION_MS / unit_ms) ||
            total + (gint64) number * unit_ms > TGW_MAX_DURATION_MS)
            return too_long(error, text);
        total += (gint64) number * unit_ms;
    }
    *out_ms = total;
    return TRUE;
}

char *
tgw_duration_format(gint64 ms)
{
    GString *s = g_string_new(NULL);
    static const struct {
        const char *unit;
        gint64 ms;
    } units[] = {{"d", TGW_MS_PER_DAY},
                 {"h", TGW_MS_PER_HOUR},
                 {"m", TGW_MS_PER_MINUTE},
                 {"s", TGW_MS_PER_SECOND},
                 {"ms", 1}};

    if (ms < 0) {
        g_string_append_c(s, '-');
        ms = -ms;
    }
    if (ms == 0)
        g_string_append(s, "0s");
    for (guint i = 0; i < G_N_ELEMENTS(units) && ms > 0; i++) {
        if (ms >= units[i].ms) {
            g_string_append_printf(s, "%" G_GINT64_FORMAT "%s", ms / units[i].ms, units[i].unit);
            ms %= units[i].ms;
        }
    }
    return g_string_free(s, FALSE);
}

char *
tgw_clock_format(gint64 ms)
{
    gint64 s = ms / 1000;
    return g_strdup_printf("day %" G_GINT64_FORMAT " %02d:%02d:%02d", s / 86400,
                           (int) (s % 86400 / 3600), (int) (s % 3600 / 60), (int) (s % 60));
}

gboolean
tgw_rate_parse(const char *text, double *out_per_s, GError **error)
{
    g_auto(GStrv) parts = g_strsplit(text, "/", 2);
    double count = 0, per = 0;
    const char *end = NULL;

    if (g_strv_length(parts) != 2 || parts[0][0] == '\0')
        return invalid(error,
                       "'%s' is not a rate; write events per unit time, e.g. 120/h, 2/m, "
                       "0.5/s, 40/d",
                       text);
    if (!g_ascii_isdigit(parts[0][0]))
        return invalid(error,
                       "'%s' is not a rate; the count must be a non-negative number, e.g. "
                       "120/h",
                       text);
    if (!decimal_parse(parts[0], &count, &end) || *end != '\0' || !isfinite(count) || count > 1e9)
        return invalid(error,
                       "'%s' is not a rate; the count must be a number from 0 to 1e9, "
                       "e.g. 120/h",
                       text);
    if (g_str_equal(parts[1], "s"))
        per = 1;
    else if (g_str_equal(parts[1], "m") || g_str_equal(parts[1], "min"))
        per = 60;
    else if (g_str_equal(parts[1], "h"))
        per = 3600;
    else if (g_str_equal(parts[1], "d"))
        per = 86400;
    else
        return invalid(error, "'%s' has an unknown time unit '%s'; use /s, /m, /h or /d", text,
                       parts[1]);
    *out_per_s = count / per;
    return TRUE;
}

/* splits "name(arg, arg)" into name and trimmed args; FALSE on junk */
static gboolean
split_call(const char *text, char **name, GStrv *args)
{
    const char *open = strchr(text, '(');
    gsize len = strlen(text);

    if (open == NULL || len < 3 || text[len - 1] != ')' || open == text)
        return FALSE;
    *name = g_strndup(text, (gsize) (open - text));
    {
        g_autofree char *inner = g_strndup(open + 1, (gsize) (text + len - 1 - (open + 1)));
        *args = g_strsplit(inner, ",", -1);
    }
    for (guint i = 0; (*args)[i] != NULL; i++)
        g_strstrip((*args)[i]);
    return TRUE;
}

#define DIST_HINT "exp(MEAN), fixed(D), uniform(LOW,HIGH) or lognormal(MEDIAN,SIGMA), e.g. exp(2d)"

gboolean
tgw_distribution_parse(const char *text, TgwDistribution *out, GError **error)
{
    g_autofree char *name = NULL;
    g_auto(GStrv) args = NULL;
    g_autoptr(GError) inner = NULL;
    TgwDistribution d = {0};
    guint nargs = 0;

    if (!split_call(text, &name, &args))
        return invalid(error, "'%s' is not a distribution; write %s", text, DIST_HINT);
    nargs = g_strv_length(args);
    if (g_str_equal(name, "fixed") || g_str_equal(name, "exp")) {
        d.kind = g_str_equal(name, "fixed") ? TGW_DIST_FIXED : TGW_DIST_EXP;
        if (nargs != 1)
            return invalid(error, "'%s': %s() takes one duration, e.g. %s(2h)", text, name, name);
        if (!tgw_duration_parse(args[0], &d.a_ms, &inner))
            return invalid(error, "'%s': %s", text, inner->message);
    } else if (g_str_equal(name, "uniform")) {
        d.kind = TGW_DIST_UNIFORM;
        if (nargs != 2)
            return invalid(error, "'%s': uniform() takes two durations, e.g. uniform(1h,3h)", text);
        if (!tgw_duration_parse(args[0], &d.a_ms, &inner) ||
            !tgw_duration_parse(args[1], &d.b_ms, &inner))
            return invalid(error, "'%s': %s", text, inner->message);
        if (d.b_ms < d.a_ms)
            return invalid(
                error, "'%s': the high end is below the low end; write uniform(LOW,HIGH)", text);
    } else if (g_str_equal(name, "lognormal")) {
        const char *end = NULL;
        d.kind = TGW_DIST_LOGNORMAL;
        if (nargs != 2)
            return invalid(error,
                           "'%s': lognormal() takes a median and a sigma, e.g. "
                           "lognormal(2h,0.5)",
                           text);
        if (!tgw_duration_parse(args[0], &d.a_ms, &inner))
            return invalid(error, "'%s': %s", text, inner->message);
        if (!decimal_parse(args[1], &d.sigma, &end) || *end != '\0' || d.sigma > 5)
            return invalid(error, "'%s': sigma '%s' must be a number from 0 to 5, e.g. 0.5", text,
                           args[1]);
    } else {
        return invalid(error, "'%s': unknown distribution '%s'; use %s", text, name, DIST_HINT);
    }
    if (d.a_ms == 0 && d.kind != TGW_DIST_UNIFORM)
        return invalid(error, "'%s': the duration must be above zero", text);
    *out = d;
    return TRUE;
}

char *
tgw_distribution_format(const TgwDistribution *d)
{
    g_autofree char *a = tgw_duration_format(d->a_ms);
    g_autofree char *b = tgw_duration_format(d->b_ms);
    /* the reader takes plain decimals only, and %g writes a sigma below 1e-4 with an exponent
     * (5e-52): those get six significant digits after their leading zeros, which for the
     * smallest double takes some 330 characters */
    char sigma[400], format[16];

    if (d->sigma > 0 && d->sigma < 1e-4)
        g_snprintf(format, sizeof format, "%%.%df", 5 + (int) ceil(-log10(d->sigma)));
    else
        g_strlcpy(format, "%g", sizeof format);

    switch (d->kind) {
    case TGW_DIST_FIXED:
        return g_strdup_printf("fixed(%s)", a);
    case TGW_DIST_EXP:
        return g_strdup_printf("exp(%s)", a);
    case TGW_DIST_UNIFORM:
        return g_strdup_printf("uniform(%s,%s)", a, b);
    case TGW_DIST_LOGNORMAL:
        return g_strdup_printf("lognormal(%s,%s)", a,
                               g_ascii_formatd(sigma, sizeof sigma, format, d->sigma));
    }
    g_assert_not_reached();
}

gint64
tgw_distribution_sample(const TgwDistribution *d, GRand *rand)
{
    double ms = 0;

    switch (d->kind) {
    case TGW_DIST_FIXED:
        ms = (double) d->a_ms;
        break;
    case TGW_DIST_EXP:
        /* 1 - u is in (0, 1], so the log is finite */
        ms = -(double) d->a_ms * log(1.0 - g_rand_double(rand));
        break;
    case TGW_DIST_UNIFORM:
        ms = (double) d->a_ms + (double) (d->b_ms - d->a_ms) * g_rand_double(rand);
        break;
    case TGW_DIST_LOGNORMAL: {
        /* Box-Muller; one normal per sample keeps the stream position independent of history */
        double u1 = 1.0 - g_rand_double(rand), u2 = g_rand_double(rand);
        double z = sqrt(-2.0 * log(u1)) * cos(2.0 * G_PI * u2);
        ms = (double) d->a_ms * exp(d->sigma * z);
        break;
    }
    }
    if (!(ms < (double) TGW_MAX_DURATION_MS))
        ms = (double) TGW_MAX_DURATION_MS;
    return MAX((gint64) (ms + 0.5), 1); /* ms > 0: rounds half up, cheaper than llround */
}

double
tgw_distribution_mean_ms(const TgwDistribution *d)
{
    switch (d->kind) {
    case TGW_DIST_FIXED:
    case TGW_DIST_EXP:
        return (double) d->a_ms;
    case TGW_DIST_UNIFORM:
        return ((double) d->a_ms + (double) d->b_ms) / 2.0;
    case TGW_DIST_LOGNORMAL:
        return (double) d->a_ms * exp(d->sigma * d->sigma / 2.0);
    }
    g_assert_not_reached();
}

#define QUANTITY_HINT "a Kubernetes quantity such as 250m, 2, 1.5, 512Mi, 4Gi or 1G"

gboolean
tgw_quantity_parse(const char *text, gint64 *out_milli, GError **error)
{
    static const struct {
        const char *suffix;
        double factor; /* to milli-units */
    } suffixes[] = {{"Ki", 1024e3},
                    {"Mi", 1048576e3},
                    {"Gi", 1073741824e3},
                    {"Ti", 1099511627776e3},
                    {"Pi", 1125899906842624e3},
                    {"m", 1},
                    {"k", 1e6},
                    {"M", 1e9},
                    {"G", 1e12},
                    {"T", 1e15},
                    {"P", 1e18},
                    {"", 1e3}};
    const char *p = NULL;
    double number = 0, factor = 0, milli = 0;

    if (!decimal_parse(text, &number, &p))
        return invalid(error, "'%s' is not a quantity; write %s", text, QUANTITY_HINT);
    for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        if (g_str_equal(p, suffixes[i].suffix)) {
            factor = suffixes[i].factor;
            break;
        }
    }
    if (factor == 0)
        return invalid(error, "'%s' has an unknown suffix '%s'; write %s", text, p, QUANTITY_HINT);
    milli = ceil(number * factor - 1e-6);
    if (!isfinite(milli) || milli > 9.0e18)
        return invalid(error, "'%s' is too large a quantity", text);
    *out_milli = (gint64) milli;
    return TRUE;
}

gboolean
tgw_cpu_parse(const char *text, gint64 *out_millicores, GError **error)
{
    gint64 milli = 0;
    if (!tgw_quantity_parse(text, &milli, error))
        return FALSE;
    if (milli > G_GINT64_CONSTANT(100000000))
        return invalid(error, "'%s' is more CPU than any node has (at most 100000 cores)", text);
    *out_millicores = milli;
    return TRUE;
}

gboolean
tgw_memory_parse(const char *text, gint64 *out_bytes, GError **error)
{
    gint64 milli = 0;
    if (!tgw_quantity_parse(text, &milli, error))
        return FALSE;
    if (milli / 1000 > G_GINT64_CONSTANT(1) << 50)
        return invalid(error, "'%s' is more memory than any node has (at most 1Pi)", text);
    *out_bytes = (milli + 999) / 1000;
    return TRUE;
}

gboolean
tgw_count_or_percent_parse(const char *text, TgwCountOrPercent *out, GError **error)
{
    const char *end = NULL;
    double value = 0;

    if (!g_ascii_isdigit(text[0]) || !decimal_parse(text, &value, &end))
        return invalid(error, "'%s' is neither a count nor a percentage; write e.g. 3 or 25%%",
                       text);
    if (*end == '%' && end[1] == '\0') {
        if (!(value >= 0 && value <= 100))
            return invalid(error, "'%s': a percentage is 0%% to 100%%", text);
        out->percent = TRUE;
        out->value = value;
        return TRUE;
    }
    if (*end != '\0' || value != floor(value) || value > 1e9)
        return invalid(
            error, "'%s' is neither a whole count nor a percentage; write e.g. 3 or 25%%", text);
    out->percent = FALSE;
    out->value = value;
    return TRUE;
}

gint64
tgw_count_or_percent_resolve(const TgwCountOrPercent *cp, gint64 whole, gboolean round_up)
{
    double v = 0;
    if (!cp->percent)
        return (gint64) cp->value;
    v = cp->value * (double) whole / 100.0;
    return (gint64) (round_up ? ceil(v - 1e-9) : floor(v + 1e-9));
}

gboolean
tgw_share_parse(const char *text, double *out, GError **error)
{
    TgwCountOrPercent cp;
    const char *end = NULL;
    double v = 0;

    if (g_str_has_suffix(text, "%") && tgw_count_or_percent_parse(text, &cp, NULL)) {
        *out = cp.value / 100.0;
        return TRUE;
    }
    if (g_ascii_isdigit(text[0]) && decimal_parse(text, &v, &end) && *end == '\0' && v <= 1) {
        *out = v;
        return TRUE;
    }
    return invalid(error,
                   "'%s' is not a share; write a number from 0 to 1 or a percentage, e.g. 0.5 or "
                   "50%%",
                   text);
}

gboolean
tgw_time_of_day_parse(const char *text, gint64 *out_ms, GError **error)
{
    guint h = 0, m = 0;
    if (strlen(text) != 5 || !g_ascii_isdigit(text[0]) || !g_ascii_isdigit(text[1]) ||
        text[2] != ':' || !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4]))
        return invalid(error, "'%s' is not a time of day; write HH:MM, e.g. 14:00", text);
    h = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
    m = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0');
    if (h > 23 || m > 59)
        return invalid(error, "'%s' is not a time of day; hours are 00-23 and minutes 00-59", text);
    *out_ms = (gint64) h * TGW_MS_PER_HOUR + (gint64) m * TGW_MS_PER_MINUTE;
    return TRUE;
}

gboolean
tgw_uint_parse(const char *text, guint64 min, guint64 max, guint64 *out, GError **error)
{
    guint64 value = 0;
    const char *p = text;

    if (*p == '\0')
        return invalid(error,
                       "empty value; write a whole number from %" G_GUINT64_FORMAT
                       " to %" G_GUINT64_FORMAT,
                       min, max);
    for (; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p))
            return invalid(error,
                           "'%s' is not a whole number; write one from %" G_GUINT64_FORMAT
                           " to %" G_GUINT64_FORMAT,
                           text, min, max);
        guint64 digit = (guint64) (*p - '0');
        if (value > (G_MAXUINT64 - digit) / 10)
            return invalid(error, "'%s' is too large; at most %" G_GUINT64_FORMAT, text, max);
        value = value * 10 + digit;
    }
    if (value < min || value > max)
        return invalid(error,
                       "%s is out of range; write a whole number from %" G_GUINT64_FORMAT
                       " to %" G_GUINT64_FORMAT,
                       text, min, max);
    *out = value;
    return TRUE;
}

gboolean
tgw_replicas_parse(const char *text, TgwReplicas *out, GError **error)
{
    g_autofree char *name = NULL;
    g_auto(GStrv) args = NULL;
    g_autoptr(GError) inner = NULL;
    guint64 lo = 0, hi = 0;

    if (g_ascii_isdigit(text[0])) {
        if (!tgw_uint_parse(text, 0, 10000000, &lo, &inner))
            return invalid(error, "replicas %s", inner->message);
        out->kind = TGW_REPLICAS_CONSTANT;
        out->min = out->max = (gint64) lo;
        out->peak_ms = 0;
        return TRUE;
    }
    if (!split_call(text, &name, &args) || !g_str_equal(name, "daily") || g_strv_length(args) != 3)
        return invalid(error,
                       "'%s' is not a replica count; write a number (60) or "
                       "daily(MIN,MAX,HH:MM), e.g. daily(20,90,14:00)",
                       text);
    if (!tgw_uint_parse(args[0], 0, 10000000, &lo, &inner) ||
        !tgw_uint_parse(args[1], 0, 10000000, &hi, &inner))
        return invalid(error, "'%s': %s", text, inner->message);
    if (hi < lo)
        return invalid(error, "'%s': the maximum is below the minimum; write daily(MIN,MAX,HH:MM)",
                       text);
    if (!tgw_time_of_day_parse(args[2], &out->peak_ms, &inner))
        return invalid(error, "'%s': %s", text, inner->message);
    out->kind = TGW_REPLICAS_DAILY;
    out->min = (gint64) lo;
    out->max = (gint64) hi;
    return TRUE;
}

gint64
tgw_replicas_at(const TgwReplicas *r, gint64 now_ms)
{
    double phase = 0, level = 0;
    if (r->kind == TGW_REPLICAS_CONSTANT)
        return r->min;
    /* cosine cycle: 1 at the peak time of day, 0 twelve hours away */
    phase = (double) ((now_ms - r->peak_ms) % TGW_MS_PER_DAY) / (double) TGW_MS_PER_DAY;
    level = (1.0 + cos(2.0 * G_PI * phase)) / 2.0;
    return r->min + (gint64) llround(level * (double) (r->max - r->min));
}

gint64
tgw_replicas_peak(const TgwReplicas *r)
{
    return r->max;
}

gboolean
tgw_bool_parse(const char *text, gboolean *out, GError **error)
{
    if (g_str_equal(text, "true") || g_str_equal(text, "1")) {
        *out = TRUE;
        return TRUE;
    }
    if (g_str_equal(text, "false") || g_str_equal(text, "0")) {
        *out = FALSE;
        return TRUE;
    }
    return invalid(error, "'%s' is not a boolean; write true or false", text);
}

gchar **
tgw_name_list_parse(const char *text, GError **error)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    const char *p = text;

    while (*p != '\0') {
        const char *start = NULL;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        start = p;
        while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ',')
            p++;
        if (names->len >= TGW_MAX_NAME_LIST) {
            g_set_error(error, TGW_ERROR, TGW_ERROR_LIMIT,
                        "the list has more than %d names; at most %d are read", TGW_MAX_NAME_LIST,
                        TGW_MAX_NAME_LIST);
            return NULL;
        }
        {
            char *name = g_strndup(start, (gsize) (p - start));
            if (!g_hash_table_add(seen, name)) {
                invalid(error, "'%s' names '%s' twice; list each name once", text, name);
                g_free(name);
                return NULL;
            }
            g_ptr_array_add(names, name);
        }
    }
    if (names->len == 0) {
        invalid(error, "the list is empty; give one or more names separated by spaces");
        return NULL;
    }
    g_ptr_array_add(names, NULL);
    return (gchar **) g_ptr_array_free(g_steal_pointer(&names), FALSE);
}
