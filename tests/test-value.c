/* test-value.c: the typed value readers of the scenario language. */
#include <math.h>
#include <string.h>

#include "tgw-error.h"
#include "tgw-value.h"

static gint64
duration(const char *text)
{
    g_autoptr(GError) error = NULL;
    gint64 ms = -1;
    g_assert_true(tgw_duration_parse(text, &ms, &error));
    g_assert_no_error(error);
    return ms;
}

static void
assert_duration_error(const char *text, const char *fragment)
{
    g_autoptr(GError) error = NULL;
    gint64 ms = 0;
    g_assert_false(tgw_duration_parse(text, &ms, &error));
    g_assert_nonnull(error);
    if (strstr(error->message, fragment) == NULL)
        g_error("message for '%s' lacks '%s': %s", text, fragment, error->message);
}

static void
test_durations(void)
{
    g_assert_cmpint(duration("90s"), ==, 90000);
    g_assert_cmpint(duration("15m"), ==, 900000);
    g_assert_cmpint(duration("6h"), ==, 6 * 3600000);
    g_assert_cmpint(duration("30d"), ==, G_GINT64_CONSTANT(2592000000));
    g_assert_cmpint(duration("1d12h"), ==, 36 * 3600000);
    g_assert_cmpint(duration("250ms"), ==, 250);
    g_assert_cmpint(duration("1m30s"), ==, 90000);
    g_assert_cmpint(duration("0s"), ==, 0);
    g_assert_cmpint(duration("0"), ==, 0);
    g_assert_cmpint(duration("3650d"), ==, G_GINT64_CONSTANT(3650) * 86400000);
    assert_duration_error("", "empty");
    assert_duration_error("5", "unit");
    assert_duration_error("5x", "unit");
    assert_duration_error("1h1d", "smaller one first");
    assert_duration_error("1h1h", "repeats");
    assert_duration_error("-5s", "not a duration");
    assert_duration_error("1.5h", "unit");
    assert_duration_error("3651d", "ten years");
    assert_duration_error("99999999999999d", "ten years");
    {
        g_autoptr(GError) error = NULL;
        gint64 ms = 0;
        g_assert_false(tgw_duration_parse("3651d", &ms, &error));
        g_assert_error(error, TGW_ERROR, TGW_ERROR_LIMIT);
    }
    {
        g_autofree char *a = tgw_duration_format(36 * 3600000);
        g_autofree char *b = tgw_duration_format(0);
        g_autofree char *c = tgw_duration_format(90250);
        g_autofree char *d = tgw_clock_format(3 * 86400000 + 14 * 3600000 + 20 * 60000 + 5000);
        g_assert_cmpstr(a, ==, "1d12h");
        g_assert_cmpstr(b, ==, "0s");
        g_assert_cmpstr(c, ==, "1m30s250ms");
        g_assert_cmpstr(d, ==, "day 3 14:20:05");
    }
}

static void
test_rates(void)
{
    g_autoptr(GError) error = NULL;
    double r = 0;
    g_assert_true(tgw_rate_parse("120/h", &r, NULL));
    g_assert_cmpfloat_with_epsilon(r, 120.0 / 3600.0, 1e-12);
    g_assert_true(tgw_rate_parse("2/s", &r, NULL));
    g_assert_cmpfloat_with_epsilon(r, 2.0, 1e-12);
    g_assert_true(tgw_rate_parse("0.5/m", &r, NULL));
    g_assert_cmpfloat_with_epsilon(r, 0.5 / 60, 1e-12);
    g_assert_true(tgw_rate_parse("40/d", &r, NULL));
    g_assert_cmpfloat_with_epsilon(r, 40.0 / 86400, 1e-12);
    g_assert_false(tgw_rate_parse("120/x", &r, &error));
    g_assert_nonnull(strstr(error->message, "/s, /m, /h or /d"));
    g_clear_error(&error);
    g_assert_false(tgw_rate_parse("120", &r, &error));
    g_clear_error(&error);
    g_assert_false(tgw_rate_parse("-1/h", &r, &error));
    g_clear_error(&error);
    g_assert_false(tgw_rate_parse("nan/h", &r, &error));
    g_clear_error(&error);
    /* plain decimals only: no exponent, no hex */
    g_assert_false(tgw_rate_parse("1e3/h", &r, &error));
    g_clear_error(&error);
    g_assert_false(tgw_rate_parse("0x10/h", &r, &error));
    g_clear_error(&error);
    g_assert_false(tgw_rate_parse("1.2.3/h", &r, &error));
}

static void
test_distributions(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GRand) rand = g_rand_new_with_seed(42);
    TgwDistribution d;
    double sum = 0;

    g_assert_true(tgw_distribution_parse("exp(12h)", &d, NULL));
    g_assert_cmpint(d.kind, ==, TGW_DIST_EXP);
    g_assert_cmpint(d.a_ms, ==, 12 * 3600000);
    for (int i = 0; i < 20000; i++)
        sum += (double) tgw_distribution_sample(&d, rand);
    /* the sample mean of 20000 exponentials lies within 3% of the mean (sd/sqrt(n) = 0.7%) */
    g_assert_cmpfloat(fabs(sum / 20000 - 12 * 3600000.0) / (12 * 3600000.0), <, 0.03);

    g_assert_true(tgw_distribution_parse("fixed(1h)", &d, NULL));
    g_assert_cmpint(tgw_distribution_sample(&d, rand), ==, 3600000);
    g_assert_true(tgw_distribution_parse("uniform(1h, 3h)", &d, NULL));
    for (int i = 0; i < 1000; i++) {
        gint64 v = tgw_distribution_sample(&d, rand);
        g_assert_cmpint(v, >=, 3600000);
        g_assert_cmpint(v, <=, 3 * 3600000);
    }
    g_assert_cmpfloat_with_epsilon(tgw_distribution_mean_ms(&d), 2 * 3600000.0, 1e-6);
    g_assert_true(tgw_distribution_parse("lognormal(2h,0.5)", &d, NULL));
    g_assert_cmpfloat_with_epsilon(d.sigma, 0.5, 1e-12);
    {
        g_autofree char *s = tgw_distribution_format(&d);
        g_assert_cmpstr(s, ==, "lognormal(2h,0.5)");
    }
    /* a sigma %g would write with an exponent formats as a plain decimal that reads back (found
     * by fuzz-values: 'lognormal(2h,5e-52)' did not parse) */
    g_assert_true(tgw_distribution_parse("lognormal(2h,0.00000000000000000000000000000000000000000"
                                         "00000000005)",
                                         &d, NULL));
    {
        g_autofree char *s = tgw_distribution_format(&d);
        TgwDistribution again;
        g_assert_cmpstr(
            s, ==, "lognormal(2h,0.000000000000000000000000000000000000000000000000000500000)");
        g_assert_true(tgw_distribution_parse(s, &again, NULL));
        g_assert_cmpfloat(again.sigma, ==, d.sigma);
    }
    g_assert_true(tgw_distribution_parse("lognormal(2h,0.00005)", &d, NULL));
    {
        g_autofree char *s = tgw_distribution_format(&d);
        g_assert_cmpstr(s, ==, "lognormal(2h,0.0000500000)");
    }
    g_assert_false(tgw_distribution_parse("exp(12)", &d, &error));
    g_assert_nonnull(strstr(error->message, "unit"));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("gamma(1h)", &d, &error));
    g_assert_nonnull(strstr(error->message, "unknown distribution 'gamma'"));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("uniform(3h,1h)", &d, &error));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("exp(0s)", &d, &error));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("exp(1h", &d, &error));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("lognormal(2h,-1)", &d, &error));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("lognormal(2h,0x1)", &d, &error));
    g_assert_nonnull(strstr(error->message, "from 0 to 5"));
    g_clear_error(&error);
    g_assert_false(tgw_distribution_parse("lognormal(2h,5e-1)", &d, &error));
}

static void
test_quantities(void)
{
    g_autoptr(GError) error = NULL;
    gint64 v = 0;
    g_assert_true(tgw_cpu_parse("250m", &v, NULL));
    g_assert_cmpint(v, ==, 250);
    g_assert_true(tgw_cpu_parse("2", &v, NULL));
    g_assert_cmpint(v, ==, 2000);
    g_assert_true(tgw_cpu_parse("1.5", &v, NULL));
    g_assert_cmpint(v, ==, 1500);
    g_assert_true(tgw_memory_parse("512Mi", &v, NULL));
    g_assert_cmpint(v, ==, 512 * 1024 * 1024);
    g_assert_true(tgw_memory_parse("4Gi", &v, NULL));
    g_assert_cmpint(v, ==, G_GINT64_CONSTANT(4) * 1024 * 1024 * 1024);
    g_assert_true(tgw_memory_parse("1G", &v, NULL));
    g_assert_cmpint(v, ==, 1000000000);
    g_assert_true(tgw_memory_parse("1.5Gi", &v, NULL));
    g_assert_cmpint(v, ==, G_GINT64_CONSTANT(1610612736));
    g_assert_false(tgw_cpu_parse("2 cores", &v, &error));
    g_assert_nonnull(strstr(error->message, "unknown suffix"));
    g_clear_error(&error);
    g_assert_false(tgw_memory_parse("-1Gi", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_memory_parse("", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_memory_parse("1e3", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_memory_parse("99999999999999999999Pi", &v, &error));
}

static void
test_counts_and_replicas(void)
{
    g_autoptr(GError) error = NULL;
    TgwCountOrPercent cp;
    TgwReplicas r;

    g_assert_true(tgw_count_or_percent_parse("25%", &cp, NULL));
    g_assert_true(cp.percent);
    g_assert_cmpint(tgw_count_or_percent_resolve(&cp, 60, TRUE), ==, 15);
    g_assert_cmpint(tgw_count_or_percent_resolve(&cp, 10, TRUE), ==, 3);  /* 2.5 up */
    g_assert_cmpint(tgw_count_or_percent_resolve(&cp, 10, FALSE), ==, 2); /* 2.5 down */
    g_assert_true(tgw_count_or_percent_parse("3", &cp, NULL));
    g_assert_false(cp.percent);
    g_assert_cmpint(tgw_count_or_percent_resolve(&cp, 60, TRUE), ==, 3);
    g_assert_false(tgw_count_or_percent_parse("120%", &cp, &error));
    g_clear_error(&error);
    g_assert_false(tgw_count_or_percent_parse("1.5", &cp, &error));
    g_clear_error(&error);
    /* plain decimals only: 1e2, 0x10 and 0x1A% are not counts or percentages */
    g_assert_false(tgw_count_or_percent_parse("1e2", &cp, &error));
    g_clear_error(&error);
    g_assert_false(tgw_count_or_percent_parse("0x10", &cp, &error));
    g_clear_error(&error);
    g_assert_false(tgw_count_or_percent_parse("0x1A%", &cp, &error));
    g_clear_error(&error);
    g_assert_true(tgw_count_or_percent_parse("12.5%", &cp, NULL));
    g_assert_cmpfloat(cp.value, ==, 12.5);

    g_assert_true(tgw_replicas_parse("60", &r, NULL));
    g_assert_cmpint(tgw_replicas_at(&r, 12345), ==, 60);
    g_assert_true(tgw_replicas_parse("daily(20,90,14:00)", &r, NULL));
    g_assert_cmpint(r.kind, ==, TGW_REPLICAS_DAILY);
    /* max at the peak, min twelve hours away, the middle six hours away */
    g_assert_cmpint(tgw_replicas_at(&r, 14 * 3600000), ==, 90);
    g_assert_cmpint(tgw_replicas_at(&r, 2 * 3600000), ==, 20);
    g_assert_cmpint(tgw_replicas_at(&r, 20 * 3600000), ==, 55);
    g_assert_cmpint(tgw_replicas_at(&r, 86400000 + 14 * 3600000), ==, 90);
    g_assert_cmpint(tgw_replicas_peak(&r), ==, 90);
    g_assert_false(tgw_replicas_parse("daily(90,20,14:00)", &r, &error));
    g_clear_error(&error);
    g_assert_false(tgw_replicas_parse("daily(20,90,25:00)", &r, &error));
    g_assert_nonnull(strstr(error->message, "00-23"));
    g_clear_error(&error);
    g_assert_false(tgw_replicas_parse("lots", &r, &error));
}

static void
test_shares(void)
{
    g_autoptr(GError) error = NULL;
    double v = -1;

    g_assert_true(tgw_share_parse("0.5", &v, NULL));
    g_assert_cmpfloat(v, ==, 0.5);
    g_assert_true(tgw_share_parse("50%", &v, NULL));
    g_assert_cmpfloat(v, ==, 0.5);
    g_assert_true(tgw_share_parse("1", &v, NULL));
    g_assert_cmpfloat(v, ==, 1);
    g_assert_true(tgw_share_parse("0", &v, NULL));
    g_assert_cmpfloat(v, ==, 0);
    g_assert_false(tgw_share_parse("1.5", &v, &error));
    g_assert_nonnull(strstr(error->message, "'1.5' is not a share; write a number from 0 to 1"));
    g_clear_error(&error);
    g_assert_false(tgw_share_parse("150%", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_share_parse("-0.5", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_share_parse("1e-1", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_share_parse("0x0.8", &v, &error));
    g_clear_error(&error);
    g_assert_false(tgw_share_parse("", &v, &error));
}

static void
test_names_and_bools(void)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) names = tgw_name_list_parse("  a b,c\n d ", NULL);
    gboolean b = FALSE;
    guint64 u = 0;

    g_assert_cmpuint(g_strv_length(names), ==, 4);
    g_assert_cmpstr(names[2], ==, "c");
    g_assert_null(tgw_name_list_parse("a b a", &error));
    g_assert_nonnull(strstr(error->message, "'a' twice"));
    g_clear_error(&error);
    g_assert_null(tgw_name_list_parse("  ", &error));
    g_clear_error(&error);
    g_assert_true(tgw_bool_parse("true", &b, NULL) && b);
    g_assert_true(tgw_bool_parse("0", &b, NULL) && !b);
    g_assert_false(tgw_bool_parse("yes", &b, &error));
    g_clear_error(&error);
    g_assert_true(tgw_uint_parse("18446744073709551615", 0, G_MAXUINT64, &u, NULL));
    g_assert_cmpuint(u, ==, G_MAXUINT64);
    g_assert_false(tgw_uint_parse("18446744073709551616", 0, G_MAXUINT64, &u, &error));
    g_clear_error(&error);
    g_assert_false(tgw_uint_parse("5", 6, 10, &u, &error));
    g_assert_nonnull(strstr(error->message, "from 6 to 10"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/value/durations", test_durations);
    g_test_add_func("/value/rates", test_rates);
    g_test_add_func("/value/distributions", test_distributions);
    g_test_add_func("/value/quantities", test_quantities);
    g_test_add_func("/value/counts-replicas", test_counts_and_replicas);
    g_test_add_func("/value/shares", test_shares);
    g_test_add_func("/value/names-bools", test_names_and_bools);
    return g_test_run();
}
