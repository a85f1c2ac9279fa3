/* tgw-value.h: typed readers for the values of the scenario language.
 *
 * Durations (90s, 15m, 6h, 30d, 1d12h, 250ms), rates (120/h), distributions (exp(12h), fixed(1h),
 * uniform(1h,3h), lognormal(2h,0.5)), Kubernetes quantities (250m, 2, 512Mi, 4Gi), counts or
 * percentages (3, 25%), shares (0.5, 50%), replica patterns (60, daily(20,90,14:00)), name lists
 * and booleans. Each reader refuses anything it does not understand with a message that quotes the
 * value and shows a valid one; none of them accepts trailing junk, and numbers are plain decimals
 * (no sign, exponent or hex). Simulated time is integer milliseconds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TGW_MS_PER_SECOND G_GINT64_CONSTANT(1000)
#define TGW_MS_PER_MINUTE (60 * TGW_MS_PER_SECOND)
#define TGW_MS_PER_HOUR   (60 * TGW_MS_PER_MINUTE)
#define TGW_MS_PER_DAY    (24 * TGW_MS_PER_HOUR)
/* the longest time tgwsim accepts anywhere: 10 years */
#define TGW_MAX_DURATION_MS (3650 * TGW_MS_PER_DAY)

gboolean tgw_duration_parse(const char *text, gint64 *out_ms, GError **error);
/* "1d12h", "90s", "250ms", "0s": the shortest form tgw_duration_parse reads back */
char *tgw_duration_format(gint64 ms);
/* "day 3 14:20:05" style clock for people: D+HH:MM:SS */
char *tgw_clock_format(gint64 ms);

/* events per second */
gboolean tgw_rate_parse(const char *text, double *out_per_s, GError **error);

typedef enum {
    TGW_DIST_FIXED,
    TGW_DIST_EXP,
    TGW_DIST_UNIFORM,
    TGW_DIST_LOGNORMAL,
} TgwDistKind;

typedef struct {
    TgwDistKind kind;
    gint64 a_ms;  /* fixed value, exp mean, uniform low, lognormal median */
    gint64 b_ms;  /* uniform high */
    double sigma; /* lognormal shape */
} TgwDistribution;

gboolean tgw_distribution_parse(const char *text, TgwDistribution *out, GError **error);
char *tgw_distribution_format(const TgwDistribution *dist);
/* one sample in ms, at least 1 ms so that an entity never ends at the instant it starts */
gint64 tgw_distribution_sample(const TgwDistribution *dist, GRand *rand);
double tgw_distribution_mean_ms(const TgwDistribution *dist);

/* a Kubernetes quantity in milli-units: "250m" -> 250, "2" -> 2000, "1Ki" -> 1024000 */
gboolean tgw_quantity_parse(const char *text, gint64 *out_milli, GError **error);
gboolean tgw_cpu_parse(const char *text, gint64 *out_millicores, GError **error);
gboolean tgw_memory_parse(const char *text, gint64 *out_bytes, GError **error);

/* "3" or "25%" */
typedef struct {
    gboolean percent;
    double value; /* a count, or a percentage 0..100 */
} TgwCountOrPercent;

gboolean tgw_count_or_percent_parse(const char *text, TgwCountOrPercent *out, GError **error);
/* resolves against a whole: a percentage of 'whole', rounded up when round_up, else down */
gint64 tgw_count_or_percent_resolve(const TgwCountOrPercent *cp, gint64 whole, gboolean round_up);
/* a share from 0 to 1: "0.5" or "50%" */
gboolean tgw_share_parse(const char *text, double *out, GError **error);

typedef enum {
    TGW_REPLICAS_CONSTANT,
    TGW_REPLICAS_DAILY,
} TgwReplicasKind;

/* a replica count: a constant, or daily(min,max,HH:MM): a smooth daily cycle that reaches max at
 * the peak time and min twelve hours later */
typedef struct {
    TgwReplicasKind kind;
    gint64 min, max;
    gint64 peak_ms; /* time of day of the peak */
} TgwReplicas;

gboolean tgw_replicas_parse(const char *text, TgwReplicas *out, GError **error);
gint64 tgw_replicas_at(const TgwReplicas *replicas, gint64 now_ms);
gint64 tgw_replicas_peak(const TgwReplicas *replicas);

gboolean tgw_bool_parse(const char *text, gboolean *out, GError **error);
gboolean tgw_uint_parse(const char *text, guint64 min, guint64 max, guint64 *out, GError **error);
gboolean tgw_time_of_day_parse(const char *text, gint64 *out_ms, GError **error);
/* a list of names separated by spaces or commas (a run of separators counts as one); an empty
 * list and repeats are refused, and so is a list of more than TGW_MAX_NAME_LIST names (a
 * TGW_ERROR_LIMIT error) */
#define TGW_MAX_NAME_LIST 10000
gchar **tgw_name_list_parse(const char *text, GError **error);

G_END_DECLS
