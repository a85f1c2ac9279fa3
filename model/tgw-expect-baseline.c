/* tgw-expect-baseline.c: test --baseline (see tgw-expect.h): a mode's first run compared with the
 * last stored run of the same scenario and mode.
 *
 * A subnet regresses when it runs out earlier than in the stored run by more than the time
 * tolerance, runs out where it did not, or peaks higher by more than the address tolerance; each
 * regression is one failed outcome named after its subnet, and a run without any gets one passed
 * outcome, so that a CI report always shows the comparison was made. */
#include "tgw-expect-private.h"

#include <math.h>

#include "tgw-value.h"

/* ---- baseline -------------------------------------------------------------------------------- */

TgwBaseline *
tgw_baseline_new(void)
{
    TgwBaseline *b = g_new0(TgwBaseline, 1);
    b->horizon_ms = -1;
    b->subnets = g_array_new(FALSE, TRUE, sizeof(TgwBaselineSubnet));
    return b;
}

void
tgw_baseline_add_subnet(TgwBaseline *b, const char *vpc, const char *name, guint64 usable,
                        guint64 peak_used, gint64 peak_time_ms, gint64 first_exhausted_ms)
{
    TgwBaselineSubnet s = {g_strdup(vpc), g_strdup(name), usable,
                           peak_used,     peak_time_ms,   first_exhausted_ms};
    g_array_append_val(b->subnets, s);
}

void
tgw_baseline_free(TgwBaseline *b)
{
    if (b == NULL)
        return;
    for (guint i = 0; i < b->subnets->len; i++) {
        TgwBaselineSubnet *s = &g_array_index(b->subnets, TgwBaselineSubnet, i);
        g_free(s->vpc);
        g_free(s->name);
    }
    g_array_unref(b->subnets);
    g_free(b->created_at);
    g_free(b);
}

gint64
tgw_baseline_time_tolerance_ms(gint64 horizon_ms)
{
    return MAX((gint64) ((double) horizon_ms * TGW_BASELINE_TIME_SHARE), TGW_BASELINE_TIME_MIN_MS);
}

guint64
tgw_baseline_peak_tolerance(guint64 usable)
{
    return MAX((guint64) ceil((double) usable * TGW_BASELINE_PEAK_SHARE),
               (guint64) TGW_BASELINE_PEAK_MIN);
}

static const TgwBaselineSubnet *
baseline_subnet(const TgwBaseline *b, const TgwSubnetDef *def)
{
    for (guint i = 0; i < b->subnets->len; i++) {
        const TgwBaselineSubnet *s = &g_array_index(b->subnets, TgwBaselineSubnet, i);
        if (g_str_equal(s->vpc, def->vpc->name) && g_str_equal(s->name, def->name))
            return s;
    }
    return NULL;
}

static TgwExpectOutcome *
baseline_outcome(TgwExpectSuite *suite, const TgwExpectRuns *runs, const char *what)
{
    const char *mode = tgw_cni_mode_name(runs->mode);
    g_autofree char *name = what != NULL ? g_strdup_printf("baseline: %s: %s", mode, what)
                                         : g_strdup_printf("baseline: %s", mode);
    TgwExpectOutcome *o = expect_outcome_new(name, "baseline", 0);
    o->has_mode = TRUE;
    o->mode = runs->mode;
    o->runs = runs;
    g_ptr_array_add(suite->outcomes, o);
    return o;
}

/* a subnet that runs out earlier than stored, or at all when it never did; FALSE if not */
static gboolean
baseline_exhaustion(TgwExpectSuite *suite, const TgwExpectRuns *runs, const TgwBaseline *b,
                    const TgwSubnetResult *s, const TgwBaselineSubnet *old)
{
    const TgwRunResult *r = runs->results->pdata[0];
    gint64 tolerance = tgw_baseline_time_tolerance_ms(r->horizon_ms);
    gint64 before = old->first_exhausted_ms, now = s->first_exhausted_ms;
    g_autofree char *ref = NULL, *what = NULL, *at = NULL;
    char *expected = NULL, *measured = NULL;
    TgwExpectOutcome *o = NULL;

    /* never ran out now; or never did in the stored run, which stopped before this time and
     * cannot tell; or not earlier than the stored time by more than the tolerance */
    if (now < 0 || (before < 0 && b->horizon_ms >= 0 && now >= b->horizon_ms) ||
        (before >= 0 && now >= before - tolerance))
        return FALSE;
    ref = expect_subnet_ref(s->def);
    at = tgw_clock_format(now);
    if (before < 0) {
        g_autofree char *horizon =
            tgw_duration_format(b->horizon_ms >= 0 ? b->horizon_ms : r->horizon_ms);
        expected = g_strdup_printf("%s never runs out in %s, as in run %" G_GINT64_FORMAT, ref,
                                   horizon, b->run_id);
        measured = g_strdup_printf("ran out at %s", at);
    } else {
        g_autofree char *was = tgw_clock_format(before);
        g_autofree char *tol = tgw_duration_format(tolerance);
        /* whole seconds, as the times are shown */
        g_autofree char *earlier = tgw_duration_format((before - now) / 1000 * 1000);
        expected = g_strdup_printf("%s first runs out no more than %s before run %" G_GINT64_FORMAT
                                   " did (%s)",
                                   ref, tol, b->run_id, was);
        measured = g_strdup_printf("ran out at %s, %s earlier", at, earlier);
    }
    what = g_strdup_printf("%s first exhaustion", ref);
    o = baseline_outcome(suite, runs, what);
    o->expected = expected;
    expect_outcome_where(o, s->def, now);
    expect_outcome_finish(o, TGW_OUTCOME_FAIL, measured);
    return TRUE;
}

static gboolean
baseline_peak(TgwExpectSuite *suite, const TgwExpectRuns *runs, const TgwBaseline *b,
              const TgwSubnetResult *s, const TgwBaselineSubnet *old)
{
    guint64 tolerance = tgw_baseline_peak_tolerance(s->usable);
    g_autofree char *ref = NULL, *what = NULL, *at = NULL;
    TgwExpectOutcome *o = NULL;

    if (s->peak_used <= old->peak_used + tolerance)
        return FALSE;
    ref = expect_subnet_ref(s->def);
    what = g_strdup_printf("%s peak used", ref);
    at = tgw_clock_format(s->peak_time_ms);
    o = baseline_outcome(suite, runs, what);
    o->expected =
        g_strdup_printf("%s peak used at most %" G_GUINT64_FORMAT " (run %" G_GINT64_FORMAT
                        ": %" G_GUINT64_FORMAT ", tolerance %" G_GUINT64_FORMAT ")",
                        ref, old->peak_used + tolerance, b->run_id, old->peak_used, tolerance);
    expect_outcome_where(o, s->def, s->peak_time_ms);
    expect_outcome_finish(
        o, TGW_OUTCOME_FAIL,
        g_strdup_printf("peak used was %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                        " at %s, %" G_GUINT64_FORMAT " more",
                        s->peak_used, s->usable, at, s->peak_used - old->peak_used));
    return TRUE;
}

void
tgw_expect_suite_refuse_baseline(TgwExpectSuite *suite, const TgwExpectRuns *runs, const char *why)
{
    TgwExpectOutcome *o = baseline_outcome(suite, runs, NULL);
    o->expected = g_strdup_printf("no regression against the last stored run in mode %s",
                                  tgw_cni_mode_name(runs->mode));
    expect_outcome_finish(o, TGW_OUTCOME_ERROR, g_strdup(why));
}

void
tgw_expect_suite_compare_baseline(TgwExpectSuite *suite, const TgwExpectRuns *runs,
                                  const TgwBaseline *baseline)
{
    const char *mode = tgw_cni_mode_name(runs->mode);
    const TgwRunResult *r = NULL;
    TgwExpectOutcome *o = NULL;
    guint compared = 0, regressions = 0;

    if (runs->results == NULL) {
        o = baseline_outcome(suite, runs, NULL);
        o->expected = g_strdup_printf("no regression in mode %s", mode);
        expect_outcome_finish(o, TGW_OUTCOME_ERROR,
                              g_strdup_printf("the simulation failed: %s", runs->error));
        return;
    }
    r = runs->results->pdata[0];
    if (baseline == NULL) {
        o = baseline_outcome(suite, runs, NULL);
        o->expected = g_strdup_printf("no regression against the last stored run in mode %s", mode);
        expect_outcome_finish(
            o, TGW_OUTCOME_PASS,
            g_strdup("no stored run of this scenario in this mode: nothing to compare"));
        return;
    }
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        const TgwBaselineSubnet *old = baseline_subnet(baseline, s->def);
        if (old == NULL)
            continue; /* a subnet the stored run did not have */
        compared++;
        regressions += baseline_exhaustion(suite, runs, baseline, s, old);
        regressions += baseline_peak(suite, runs, baseline, s, old);
    }
    if (regressions > 0)
        return;
    o = baseline_outcome(suite, runs, NULL);
    o->expected = g_strdup_printf("no regression against run %" G_GINT64_FORMAT " (mode %s)",
                                  baseline->run_id, mode);
    expect_outcome_finish(
        o, TGW_OUTCOME_PASS,
        g_strdup_printf("%u %s compared: first exhaustion and peak used within tolerance", compared,
                        expect_plural(compared, "subnet", "subnets")));
}
