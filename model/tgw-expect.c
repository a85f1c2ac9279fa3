/* tgw-expect.c: judging <expect> elements (see tgw-expect.h for the plan and the outcomes).
 *
 * One function per expectation kind; each builds the "expected" half of the message from the
 * expectation alone and the "measured" half from the simulation, the routing model, the findings
 * or the ENI formula. The halves stay separate in the outcome so that writers can show them apart
 * (TAP's YAML block, JUnit's failure text); the message joins them with " — ". */
#include "tgw-expect-private.h"

#include <math.h>
#include <string.h>

#include "tgw-cidr.h"
#include "tgw-lint.h"
#include "tgw-routing.h"
#include "tgw-value.h"

const char *
tgw_outcome_status_name(TgwOutcomeStatus status)
{
    static const char *names[] = {"pass", "fail", "error"};
    return status < G_N_ELEMENTS(names) ? names[status] : "unknown";
}

/* ---- outcomes -------------------------------------------------------------------------------- */

static void
outcome_free(gpointer data)
{
    TgwExpectOutcome *o = data;
    g_free(o->name);
    g_free(o->expected);
    g_free(o->measured);
    g_free(o->message);
    g_free(o->subnet);
    g_free(o);
}

TgwExpectOutcome *
expect_outcome_new(const char *name, const char *kind, int line)
{
    TgwExpectOutcome *o = g_new0(TgwExpectOutcome, 1);
    o->name = g_strdup(name);
    o->kind = kind;
    o->line = line;
    o->time_ms = -1;
    return o;
}

/* sets the status and the measured half (taken), and joins the message */
void
expect_outcome_finish(TgwExpectOutcome *o, TgwOutcomeStatus status, char *measured)
{
    o->status = status;
    o->measured = measured;
    o->message = g_strdup_printf("%s — %s", o->expected, o->measured);
}

/* "vpc/subnet" */
char *
expect_subnet_ref(const TgwSubnetDef *s)
{
    return g_strdup_printf("%s/%s", s->vpc->name, s->name);
}

void
expect_outcome_where(TgwExpectOutcome *o, const TgwSubnetDef *subnet, gint64 time_ms)
{
    g_free(o->subnet);
    o->subnet = subnet != NULL ? expect_subnet_ref(subnet) : NULL;
    o->time_ms = time_ms;
}

/* ---- suites ---------------------------------------------------------------------------------- */

static void
runs_free(gpointer data)
{
    TgwExpectRuns *runs = data;
    if (runs->results != NULL)
        g_ptr_array_unref(runs->results);
    g_free(runs->error);
    g_free(runs);
}

TgwExpectSuite *
tgw_expect_suite_new(const char *file, TgwScenario *scenario, TgwFindings *findings)
{
    TgwExpectSuite *suite = g_new0(TgwExpectSuite, 1);

    suite->file = g_strdup(file);
    suite->scenario = scenario;
    suite->findings = findings != NULL ? findings : tgw_findings_new();
    suite->finding_texts = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < tgw_findings_len(suite->findings); i++)
        g_ptr_array_add(suite->finding_texts,
                        tgw_finding_to_string(tgw_findings_get(suite->findings, i)));
    suite->errors = tgw_findings_count(suite->findings, TGW_SEVERITY_ERROR);
    suite->warnings = tgw_findings_count(suite->findings, TGW_SEVERITY_WARNING);
    suite->outcomes = g_ptr_array_new_with_free_func(outcome_free);
    suite->runs = g_ptr_array_new_with_free_func(runs_free);
    return suite;
}

void
tgw_expect_suite_free(TgwExpectSuite *suite)
{
    if (suite == NULL)
        return;
    /* the results point into the scenario: free them first */
    g_ptr_array_unref(suite->runs);
    g_free(suite->need);
    g_ptr_array_unref(suite->outcomes);
    g_ptr_array_unref(suite->finding_texts);
    tgw_findings_free(suite->findings);
    if (suite->scenario != NULL)
        tgw_scenario_free(suite->scenario);
    g_free(suite->file);
    g_free(suite);
}

gboolean
tgw_expect_suite_invalid(const TgwExpectSuite *suite)
{
    return suite->scenario == NULL;
}

const char *
tgw_expect_suite_name(const TgwExpectSuite *suite)
{
    if (suite->scenario != NULL && suite->scenario->name[0] != '\0')
        return suite->scenario->name;
    return suite->file;
}

guint
tgw_expect_suite_count(const TgwExpectSuite *suite, TgwOutcomeStatus status)
{
    guint n = 0;
    for (guint i = 0; i < suite->outcomes->len; i++)
        n += ((const TgwExpectOutcome *) suite->outcomes->pdata[i])->status == status;
    return n;
}

gboolean
tgw_expect_suite_passed(const TgwExpectSuite *suite)
{
    return !tgw_expect_suite_invalid(suite) &&
           tgw_expect_suite_count(suite, TGW_OUTCOME_FAIL) == 0 &&
           tgw_expect_suite_count(suite, TGW_OUTCOME_ERROR) == 0;
}

const TgwExpectOutcome *
tgw_expect_suite_find(const TgwExpectSuite *suite, const char *name)
{
    for (guint i = 0; i < suite->outcomes->len; i++) {
        const TgwExpectOutcome *o = suite->outcomes->pdata[i];
        if (g_str_equal(o->name, name))
            return o;
    }
    return NULL;
}

/* ---- the plan -------------------------------------------------------------------------------- */

static gboolean
needs_simulation(TgwExpectKind kind)
{
    switch (kind) {
    case TGW_EXPECT_PODS_WAITING:
    case TGW_EXPECT_UNSCHEDULABLE:
    case TGW_EXPECT_MIN_FREE:
    case TGW_EXPECT_NO_EXHAUSTION_BEFORE:
    case TGW_EXPECT_EXHAUSTS_BEFORE:
    case TGW_EXPECT_EXHAUSTION_PROBABILITY:
    case TGW_EXPECT_NODES_AT_EXHAUSTION:
        return TRUE;
    default:
        return FALSE;
    }
}

/* the mode clusters start in without an override: the first cluster's, as in TgwRunResult */
static TgwCniMode
own_mode(const TgwScenario *sc)
{
    return sc->clusters->len > 0 ? ((const TgwClusterDef *) sc->clusters->pdata[0])->cni->mode
                                 : TGW_CNI_DEFAULT;
}

/* cni=MODE asks for nothing new when every cluster starts in MODE already: then the scenario's
 * own run serves it, and --db stores one run per mode rather than two identical ones */
static gboolean
is_own_mode(const TgwScenario *sc, TgwCniMode mode)
{
    for (guint i = 0; i < sc->clusters->len; i++) {
        if (((const TgwClusterDef *) sc->clusters->pdata[i])->cni->mode != mode)
            return FALSE;
    }
    return TRUE;
}

static TgwExpectRuns *
plan_find(TgwExpectSuite *suite, gboolean override, TgwCniMode mode)
{
    TgwExpectRuns *runs = NULL;
    for (guint i = 0; i < suite->runs->len; i++) {
        runs = suite->runs->pdata[i];
        if (runs->override_cni == override && (!override || runs->mode == mode))
            return runs;
    }
    runs = g_new0(TgwExpectRuns, 1);
    runs->override_cni = override;
    runs->mode = override ? mode : own_mode(suite->scenario);
    runs->runs = 1;
    /* the own mode first: --db stores it first and hangs the static outcomes on it */
    if (override)
        g_ptr_array_add(suite->runs, runs);
    else
        g_ptr_array_insert(suite->runs, 0, runs);
    return runs;
}

/* which simulation an expectation needs (NULL: none) */
static TgwExpectRuns *
plan_expectation(TgwExpectSuite *suite, const TgwExpectDef *e)
{
    gboolean override = e->has_cni && !is_own_mode(suite->scenario, e->cni);
    TgwExpectRuns *runs = NULL;

    if (!needs_simulation(e->kind))
        return NULL;
    runs = plan_find(suite, override, e->cni);
    if (e->kind == TGW_EXPECT_EXHAUSTION_PROBABILITY)
        runs->runs = MAX(runs->runs, e->runs);
    return runs;
}

/* ---- helpers for the measured half ----------------------------------------------------------- */

/* "93.6% (235/251)" */
static char *
share_text(guint64 part, guint64 whole)
{
    return g_strdup_printf("%.1f%% (%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ")",
                           whole > 0 ? 100.0 * (double) part / (double) whole : 0.0, part, whole);
}

static char *
count_or_percent_text(const TgwCountOrPercent *cp)
{
    return cp->percent ? g_strdup_printf("%g%%", cp->value) : g_strdup_printf("%.0f", cp->value);
}

const char *
expect_plural(guint64 n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* the earliest exhaustion event in a subnet, when it is among the events kept */
static const TgwExhaustionEvent *
first_event_in(const TgwRunResult *r, const TgwSubnetDef *subnet)
{
    for (guint i = 0; i < r->events->len; i++) {
        const TgwExhaustionEvent *ev = r->events->pdata[i];
        if (ev->subnet == subnet)
            return ev;
    }
    return NULL;
}

/* "team-a/private-a ran out at day 1 15:28:20 (assign-ip by main/general/node-67)", with
 * "first ran out" when that is later than the time asked about */
static char *
ran_out_text(const TgwSubnetDef *subnet, gint64 time_ms, const TgwExhaustionEvent *ev,
             gboolean first)
{
    g_autofree char *ref = expect_subnet_ref(subnet);
    g_autofree char *at = tgw_clock_format(time_ms);
    const char *verb = first ? "first ran out" : "ran out";
    if (ev != NULL && ev->time_ms == time_ms)
        return g_strdup_printf("%s %s at %s (%s by %s)", ref, verb, at, ev->request, ev->requester);
    return g_strdup_printf("%s %s at %s", ref, verb, at);
}

/* the subnet with the smallest share free at its peak (the first of equals) */
static const TgwSubnetResult *
tightest(const TgwRunResult *r)
{
    const TgwSubnetResult *best = NULL;
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        if (s->usable == 0)
            continue;
        if (best == NULL || (double) s->min_free / (double) s->usable <
                                (double) best->min_free / (double) best->usable)
            best = s;
    }
    return best;
}

/* "lowest free was 93.6% (235/251) at day 0 00:12:05" */
static char *
lowest_free_text(const TgwSubnetResult *s)
{
    g_autofree char *share = share_text(s->min_free, s->usable);
    g_autofree char *at = tgw_clock_format(s->peak_time_ms);
    return g_strdup_printf("lowest free was %s at %s", share, at);
}

/* ---- the judges ------------------------------------------------------------------------------ */

typedef struct {
    TgwExpectSuite *suite;
    const TgwExpectDef *e;
    TgwExpectOutcome *o;
    const TgwRunResult *r;    /* run 0 of the judged mode */
    const GPtrArray *results; /* every run of the judged mode */
    TgwRouting *routing;      /* at time 0, made when first needed */
} Judge;

static void
judge_pods_waiting(Judge *j)
{
    const TgwPodStats *p = &j->r->pods;
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(j->r);
    GString *m = g_string_new(NULL);

    j->o->expected = g_strdup_printf("pods-waiting-for-ip %" G_GINT64_FORMAT, j->e->limit);
    if (p->waited_for_ip == 0)
        g_string_append(m, "no pod waited for an IP");
    else
        g_string_append_printf(
            m, "%" G_GUINT64_FORMAT " %s for an IP (at most %" G_GUINT64_FORMAT " at once",
            p->waited_for_ip, expect_plural(p->waited_for_ip, "pod waited", "pods waited"),
            p->max_waiting_for_ip);
    if (p->waiting_for_ip_at_end > 0)
        g_string_append_printf(m, ", %" G_GUINT64_FORMAT " still waiting at the end",
                               p->waiting_for_ip_at_end);
    if (p->waited_for_ip > 0)
        g_string_append_c(m, ')');
    if (first != NULL) {
        g_autofree char *ref = expect_subnet_ref(first->subnet);
        g_autofree char *at = tgw_clock_format(first->time_ms);
        g_string_append_printf(m, "; addresses first ran out in %s at %s", ref, at);
        expect_outcome_where(j->o, first->subnet, first->time_ms);
    }
    expect_outcome_finish(
        j->o, p->waited_for_ip <= (guint64) j->e->limit ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
        g_string_free(m, FALSE));
}

static void
judge_unschedulable(Judge *j)
{
    const TgwPodStats *p = &j->r->pods;
    char *m = NULL;

    j->o->expected = g_strdup_printf("unschedulable %" G_GINT64_FORMAT, j->e->limit);
    if (p->unschedulable == 0)
        m = g_strdup("no pod was unschedulable");
    else
        m = g_strdup_printf(
            "%" G_GUINT64_FORMAT " %s unschedulable at some point (at most %" G_GUINT64_FORMAT
            " pending at once, %" G_GUINT64_FORMAT " at the end)",
            p->unschedulable, expect_plural(p->unschedulable, "pod was", "pods were"),
            p->max_unschedulable, p->unschedulable_at_end);
    expect_outcome_finish(
        j->o, p->unschedulable <= (guint64) j->e->limit ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL, m);
}

static void
judge_min_free(Judge *j)
{
    const TgwSubnetResult *s = tgw_run_result_find_subnet(j->r, j->e->subnet);
    g_autofree char *ref = expect_subnet_ref(j->e->subnet);
    g_autofree char *want = count_or_percent_text(&j->e->min_free);
    gint64 needed = 0;

    j->o->expected = g_strdup_printf("%s min-free %s", ref, want);
    /* "never drops below 10%": at least 10% of the usable addresses, rounded up */
    needed = tgw_count_or_percent_resolve(&j->e->min_free, (gint64) s->usable, TRUE);
    expect_outcome_where(j->o, j->e->subnet, s->peak_time_ms);
    expect_outcome_finish(j->o,
                          (gint64) s->min_free >= needed ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
                          lowest_free_text(s));
}

/* when the subnet (or, without one, any subnet) first ran out; -1: never */
static gint64
first_exhaustion(const Judge *j, const TgwSubnetDef **subnet, const TgwExhaustionEvent **event)
{
    if (j->e->subnet != NULL) {
        const TgwSubnetResult *s = tgw_run_result_find_subnet(j->r, j->e->subnet);
        *subnet = j->e->subnet;
        *event = first_event_in(j->r, j->e->subnet);
        return s->first_exhausted_ms;
    }
    *event = tgw_run_result_first_exhaustion(j->r);
    *subnet = *event != NULL ? (*event)->subnet : NULL;
    return *event != NULL ? (*event)->time_ms : -1;
}

static char *
exhaustion_expected(const TgwExpectDef *e, const char *attr)
{
    g_autofree char *d = tgw_duration_format(e->time_ms);
    g_autofree char *ref = e->subnet != NULL ? expect_subnet_ref(e->subnet) : NULL;
    return ref != NULL ? g_strdup_printf("%s %s %s", ref, attr, d)
                       : g_strdup_printf("%s %s", attr, d);
}

/* "never ran out in the 30d simulated" plus the tightest place */
static char *
never_text(const Judge *j)
{
    g_autofree char *horizon = tgw_duration_format(j->r->horizon_ms);
    const TgwSubnetResult *s =
        j->e->subnet != NULL ? tgw_run_result_find_subnet(j->r, j->e->subnet) : tightest(j->r);
    g_autofree char *low = NULL;
    g_autofree char *ref = NULL;

    if (s == NULL)
        return g_strdup_printf("never ran out in the %s simulated", horizon);
    low = lowest_free_text(s);
    expect_outcome_where(j->o, s->def, s->peak_time_ms);
    if (j->e->subnet != NULL)
        return g_strdup_printf("never ran out in the %s simulated; %s", horizon, low);
    ref = expect_subnet_ref(s->def);
    return g_strdup_printf("never ran out in the %s simulated; the tightest, %s: %s", horizon, ref,
                           low);
}

/* no-exhaustion-before (wanted FALSE) and exhausts-before (wanted TRUE): the same measurement,
 * judged one way or the other */
static void
judge_exhaustion(Judge *j, gboolean wanted)
{
    const TgwSubnetDef *subnet = NULL;
    const TgwExhaustionEvent *ev = NULL;
    gint64 t = first_exhaustion(j, &subnet, &ev);
    gboolean before = FALSE;

    j->o->expected = exhaustion_expected(j->e, wanted ? "exhausts-before" : "no-exhaustion-before");
    if (t < 0 && !wanted && j->r->horizon_ms < j->e->time_ms) {
        /* nothing ran out, but the simulation stopped before the time asked about */
        g_autofree char *horizon = tgw_duration_format(j->r->horizon_ms);
        g_autofree char *d = tgw_duration_format(j->e->time_ms);
        expect_outcome_finish(
            j->o, TGW_OUTCOME_FAIL,
            g_strdup_printf("cannot tell: the simulation stops at its horizon, %s; "
                            "raise horizon= to %s or more",
                            horizon, d));
        return;
    }
    if (t < 0) {
        expect_outcome_finish(j->o, wanted ? TGW_OUTCOME_FAIL : TGW_OUTCOME_PASS, never_text(j));
        return;
    }
    before = t < j->e->time_ms;
    expect_outcome_where(j->o, subnet, t);
    /* "first ran out" when that is later than the time asked about */
    expect_outcome_finish(j->o, before == wanted ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
                          ran_out_text(subnet, t, ev, !before));
}

static void
judge_probability(Judge *j)
{
    g_autoptr(GPtrArray) used = g_ptr_array_new();
    g_autoptr(GArray) spread = NULL;
    const TgwSubnetSpread *most = NULL;
    guint exhausted = 0;
    GString *m = g_string_new(NULL);

    j->o->expected =
        g_strdup_printf("exhaustion-probability-at-most %g%% over %u %s", 100.0 * j->e->probability,
                        j->e->runs, expect_plural(j->e->runs, "run", "runs"));
    /* the first `runs` of this mode's runs: run i has the same seed whoever asked for it */
    for (guint i = 0; i < j->e->runs && i < j->results->len; i++) {
        const TgwRunResult *r = j->results->pdata[i];
        g_ptr_array_add(used, (gpointer) r);
        exhausted += r->exhausted;
    }
    spread = tgw_results_spread(used);
    for (guint i = 0; i < spread->len; i++) {
        const TgwSubnetSpread *s = &g_array_index(spread, TgwSubnetSpread, i);
        if (s->exhausted_runs > 0 && (most == NULL || s->exhausted_runs > most->exhausted_runs))
            most = s;
    }
    g_string_append_printf(m, "%.1f%% (%u of %u %s) ran out", 100.0 * exhausted / used->len,
                           exhausted, used->len, expect_plural(used->len, "run", "runs"));
    if (most != NULL) {
        g_autofree char *ref = expect_subnet_ref(most->def);
        g_string_append_printf(m, "; most often %s (%u %s", ref, most->exhausted_runs,
                               expect_plural(most->exhausted_runs, "run", "runs"));
        if (most->p50_ms >= 0) {
            g_autofree char *at = tgw_clock_format(most->p50_ms);
            g_string_append_printf(m, ", median first at %s", at);
        }
        g_string_append_c(m, ')');
        expect_outcome_where(j->o, most->def, most->p50_ms);
    }
    /* a share of whole runs: compare counts, with room for 0.05 x 20 not being exactly 1 */
    expect_outcome_finish(j->o,
                          (double) exhausted <= j->e->probability * used->len + 1e-9
                              ? TGW_OUTCOME_PASS
                              : TGW_OUTCOME_FAIL,
                          g_string_free(m, FALSE));
}

static TgwRouting *
judge_routing(Judge *j)
{
    if (j->routing == NULL)
        j->routing = tgw_routing_new(j->suite->scenario, 0);
    return j->routing;
}

/* a reach reason for the middle of a sentence: no final period, "Delivered" -> "delivered" */
static char *
clause(const char *reason)
{
    char *s = g_strdup(reason != NULL ? reason : "");
    gsize len = strlen(s);
    if (len > 0 && s[len - 1] == '.')
        s[len - 1] = '\0';
    if (g_ascii_isupper(s[0]) && g_ascii_islower(s[1]))
        s[0] = g_ascii_tolower(s[0]);
    return s;
}

static void
judge_reach(Judge *j)
{
    gboolean want = j->e->kind == TGW_EXPECT_REACHABLE;
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwReachResult) rr = NULL;
    g_autofree char *request = NULL, *reply = NULL;
    char src[TGW_IPV4_STRLEN], dst[TGW_IPV4_STRLEN];
    gboolean arrives = FALSE, reachable = FALSE;

    j->o->expected =
        g_strdup_printf("%s %s %s", j->e->from, want ? "reaches" : "does not reach", j->e->to);
    rr = tgw_routing_reach(judge_routing(j), j->e->from, j->e->to, &error);
    if (rr == NULL) {
        expect_outcome_finish(j->o, TGW_OUTCOME_ERROR, g_strdup(error->message));
        return;
    }
    g_free(j->o->subnet);
    j->o->subnet = g_strdup(rr->source_subnet);
    arrives = rr->disposition == TGW_REACH_DELIVERED || rr->disposition == TGW_REACH_EXTERNAL;
    reachable = tgw_reach_result_reachable(rr);
    request = clause(rr->reason);
    reply = clause(rr->return_reason);
    tgw_ipv4_format(rr->source_addr, src);
    tgw_ipv4_format(rr->dest_addr, dst);
    if (!arrives)
        expect_outcome_finish(j->o, want ? TGW_OUTCOME_FAIL : TGW_OUTCOME_PASS,
                              g_strdup_printf("request %s → %s ends in %s: %s", src, dst,
                                              tgw_reach_disposition_name(rr->disposition),
                                              request));
    else if (!reachable)
        expect_outcome_finish(
            j->o, want ? TGW_OUTCOME_FAIL : TGW_OUTCOME_PASS,
            g_strdup_printf("request %s → %s: %s; but the reply ends in %s: %s", src, dst, request,
                            tgw_reach_disposition_name(rr->return_disposition), reply));
    else
        expect_outcome_finish(
            j->o, want ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
            g_strdup_printf("request %s → %s: %s; reply: %s", src, dst, request, reply));
}

/* "active propagated route to attachment team-a", "blackhole static route" */
static char *
route_text(const TgwRoute *rt)
{
    const char *state = tgw_route_state_name(rt->state);
    const char *type = tgw_route_type_name(rt->type);
    if (rt->target != NULL)
        return g_strdup_printf("%s %s route to attachment %s", state, type, rt->target->name);
    return g_strdup_printf("%s %s route", state, type);
}

/* a route for exactly cidr that lost to another (state="shadowed"), or NULL */
static const TgwRoute *
find_shadowed(TgwRouting *routing, const TgwTgwTableDef *table, TgwCidr cidr)
{
    const GPtrArray *routes = tgw_routing_table_routes(routing, table);
    for (guint i = 0; i < routes->len; i++) {
        const TgwRoute *rt = routes->pdata[i];
        if (tgw_cidr_equal(rt->cidr, cidr) && rt->state == TGW_ROUTE_SHADOWED)
            return rt;
    }
    return NULL;
}

static void
judge_route(Judge *j)
{
    const TgwExpectDef *e = j->e;
    TgwRouting *routing = judge_routing(j);
    const TgwRoute *rt = tgw_routing_find_route(routing, e->table, e->cidr);
    char cidr[TGW_CIDR_STRLEN];
    gboolean holds = FALSE;
    char *m = NULL;

    tgw_cidr_format(e->cidr, cidr);
    if (e->state != NULL)
        j->o->expected = g_strdup_printf("%s/%s %s state %s", e->table->tgw->name, e->table->name,
                                         cidr, e->state);
    else
        j->o->expected = g_strdup_printf("%s/%s %s %s", e->table->tgw->name, e->table->name, cidr,
                                         e->present ? "present" : "absent");
    if (rt == NULL) {
        /* say where a packet to the block goes instead */
        const TgwRoute *lpm = tgw_routing_lookup(routing, e->table, e->cidr.addr);
        char net[TGW_IPV4_STRLEN], via[TGW_CIDR_STRLEN];
        g_autofree char *lpm_text = lpm != NULL ? route_text(lpm) : NULL;
        tgw_ipv4_format(e->cidr.addr, net);
        if (lpm != NULL)
            m = g_strdup_printf("no route for exactly %s (%s takes %s: %s)", cidr, net,
                                tgw_cidr_format(lpm->cidr, via), lpm_text);
        else
            m = g_strdup_printf("no route for exactly %s (%s matches no route)", cidr, net);
        holds = e->state == NULL && !e->present;
    } else if (e->state != NULL && g_str_equal(e->state, "shadowed")) {
        /* the installed route is never the shadowed one: look for one that lost to it */
        const TgwRoute *lost = find_shadowed(routing, e->table, e->cidr);
        g_autofree char *installed = route_text(rt);
        if (lost != NULL) {
            g_autofree char *lost_text = route_text(lost);
            m = g_strdup_printf("%s, behind the %s", lost_text, installed);
        } else {
            m = g_strdup_printf("only the %s, nothing shadowed", installed);
        }
        holds = lost != NULL;
    } else {
        m = route_text(rt);
        holds =
            e->state != NULL ? g_str_equal(e->state, tgw_route_state_name(rt->state)) : e->present;
    }
    expect_outcome_finish(j->o, holds ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL, m);
}

static void
judge_findings(Judge *j)
{
    TgwFindings *f = j->suite->findings;
    TgwSeverity worst = tgw_findings_max_severity(f);
    guint errors = tgw_findings_count(f, TGW_SEVERITY_ERROR);
    guint warnings = tgw_findings_count(f, TGW_SEVERITY_WARNING);
    guint infos = tgw_findings_count(f, TGW_SEVERITY_INFO);
    GString *m = g_string_new(NULL);

    j->o->expected =
        g_strdup_printf("findings-max-severity %s", tgw_severity_name(j->e->max_severity));
    if (tgw_findings_len(f) == 0) {
        g_string_append(m, "no findings");
    } else {
        g_string_append_printf(m, "%u %s, %u %s", errors, expect_plural(errors, "error", "errors"),
                               warnings, expect_plural(warnings, "warning", "warnings"));
        if (infos > 0)
            g_string_append_printf(m, ", %u info", infos);
    }
    if (worst > j->e->max_severity) {
        /* name the first finding above the limit, where it is */
        for (guint i = 0; i < tgw_findings_len(f); i++) {
            const TgwFinding *x = tgw_findings_get(f, i);
            if (x->severity <= j->e->max_severity)
                continue;
            if (x->line > 0)
                g_string_append_printf(m, "; the first: %s %s at line %d",
                                       tgw_severity_name(x->severity), x->code, x->line);
            else
                g_string_append_printf(m, "; the first: %s %s", tgw_severity_name(x->severity),
                                       x->code);
            break;
        }
    }
    expect_outcome_finish(j->o, worst <= j->e->max_severity ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
                          g_string_free(m, FALSE));
}

static void
judge_max_pods(Judge *j)
{
    const TgwNodeGroupDef *ng = j->e->node_group;
    TgwCniDef cni = *ng->cluster->cni;
    guint kubelet = 0, addressable = 0, pods = 0;

    /* the judged mode: cni=, else the mode the node group's own cluster starts in */
    cni.mode = j->e->has_cni ? j->e->cni : ng->cluster->cni->mode;
    j->o->has_mode = TRUE;
    j->o->mode = cni.mode;
    kubelet = tgw_node_group_kubelet_max_pods(ng, &cni);
    addressable = tgw_node_group_cni_max_pods(ng, &cni);
    pods = MIN(kubelet, addressable);
    j->o->expected =
        g_strdup_printf("node-group %s at-least %" G_GINT64_FORMAT, ng->name, j->e->limit);
    expect_outcome_finish(
        j->o, (gint64) pods >= j->e->limit ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
        g_strdup_printf("%u pods per node (kubelet max-pods %u, the CNI addresses %u)", pods,
                        kubelet, addressable));
}

/* the design must carry at least this many Ready nodes before the first allocation fails: what a
 * platform team sizes against ("it ran out at 300 nodes"); holds when nothing ran out */
static void
judge_nodes_at_exhaustion(Judge *j)
{
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(j->r);
    guint64 nodes = 0, pods = 0;
    g_autofree char *at = NULL, *ref = NULL;

    j->o->expected = g_strdup_printf("nodes-at-exhaustion-min %" G_GINT64_FORMAT, j->e->limit);
    if (first == NULL) {
        expect_outcome_finish(j->o, TGW_OUTCOME_PASS, g_strdup("no allocation failed"));
        return;
    }
    tgw_run_result_size_at_first_exhaustion(j->r, &nodes, &pods);
    at = tgw_clock_format(first->time_ms);
    ref = expect_subnet_ref(first->subnet);
    expect_outcome_where(j->o, first->subnet, first->time_ms);
    expect_outcome_finish(
        j->o, nodes >= (guint64) j->e->limit ? TGW_OUTCOME_PASS : TGW_OUTCOME_FAIL,
        g_strdup_printf("%s first ran out at %s (%s by %s) with %" G_GUINT64_FORMAT " %s Ready and "
                        "%" G_GUINT64_FORMAT " %s running",
                        ref, at, first->request, first->requester, nodes,
                        expect_plural(nodes, "node", "nodes"), pods,
                        expect_plural(pods, "pod", "pods")));
}

static void
judge(Judge *j)
{
    switch (j->e->kind) {
    case TGW_EXPECT_PODS_WAITING:
        judge_pods_waiting(j);
        break;
    case TGW_EXPECT_UNSCHEDULABLE:
        judge_unschedulable(j);
        break;
    case TGW_EXPECT_MIN_FREE:
        judge_min_free(j);
        break;
    case TGW_EXPECT_NO_EXHAUSTION_BEFORE:
    case TGW_EXPECT_EXHAUSTS_BEFORE:
        judge_exhaustion(j, j->e->kind == TGW_EXPECT_EXHAUSTS_BEFORE);
        break;
    case TGW_EXPECT_EXHAUSTION_PROBABILITY:
        judge_probability(j);
        break;
    case TGW_EXPECT_REACHABLE:
    case TGW_EXPECT_UNREACHABLE:
        judge_reach(j);
        break;
    case TGW_EXPECT_ROUTE:
        judge_route(j);
        break;
    case TGW_EXPECT_FINDINGS_MAX:
        judge_findings(j);
        break;
    case TGW_EXPECT_MAX_PODS:
        judge_max_pods(j);
        break;
    case TGW_EXPECT_NODES_AT_EXHAUSTION:
        judge_nodes_at_exhaustion(j);
        break;
    }
}

/* ---- evaluation ------------------------------------------------------------------------------ */

static double
seconds_since(gint64 started_us)
{
    return (double) (g_get_monotonic_time() - started_us) / G_USEC_PER_SEC;
}

static TgwExpectOutcome *
evaluate_one(Judge *j, const TgwExpectRuns *runs)
{
    const TgwExpectDef *e = j->e;
    /* reports need a name to show and JUnit readers a non-empty one */
    g_autofree char *name =
        e->name[0] != '\0' ? g_strdup(e->name) : g_strdup_printf("expect at line %d", e->line);
    TgwExpectOutcome *o = expect_outcome_new(name, tgw_expect_kind_name(e->kind), e->line);

    j->o = o;
    j->r = NULL;
    j->results = NULL;
    if (e->has_cni) {
        o->has_mode = TRUE;
        o->mode = e->cni;
    }
    if (runs != NULL) {
        o->runs = runs;
        o->has_mode = TRUE;
        o->mode = runs->mode;
        if (runs->results == NULL) {
            o->expected = g_strdup(tgw_expect_kind_name(e->kind));
            expect_outcome_finish(o, TGW_OUTCOME_ERROR,
                                  g_strdup_printf("the simulation failed: %s", runs->error));
            return o;
        }
        j->results = runs->results;
        j->r = runs->results->pdata[0];
    }
    judge(j);
    return o;
}

void
tgw_expect_suite_plan(TgwExpectSuite *suite, const TgwExpectOptions *options)
{
    TgwExpectOptions none = {0};
    const TgwScenario *sc = suite->scenario;

    if (options == NULL)
        options = &none;
    suite->started_us = g_get_monotonic_time();
    if (sc == NULL || suite->need != NULL)
        return;
    suite->need = g_new0(TgwExpectRuns *, sc->expects->len + 1);
    for (guint i = 0; i < sc->expects->len; i++)
        suite->need[i] = plan_expectation(suite, sc->expects->pdata[i]);
    if (options->always_simulate)
        plan_find(suite, FALSE, TGW_CNI_DEFAULT);
}

void
tgw_expect_suite_judge(TgwExpectSuite *suite, const TgwExpectOptions *options)
{
    TgwExpectOptions none = {0};
    const TgwScenario *sc = suite->scenario;
    TgwExpectRuns **need = suite->need;
    g_autoptr(GHashTable) charged = g_hash_table_new(NULL, NULL);
    Judge j = {suite, NULL, NULL, NULL, NULL, NULL};

    if (options == NULL)
        options = &none;
    if (sc == NULL || need == NULL)
        return;
    for (guint i = 0; i < sc->expects->len; i++) {
        gint64 t0 = g_get_monotonic_time();
        TgwExpectOutcome *o = NULL;
        j.e = sc->expects->pdata[i];
        o = evaluate_one(&j, need[i]);
        o->elapsed_s = seconds_since(t0);
        /* the first expectation that needed a simulation carries its time */
        if (need[i] != NULL && g_hash_table_add(charged, need[i]))
            o->elapsed_s += need[i]->elapsed_s;
        g_ptr_array_add(suite->outcomes, o);
    }
    if (j.routing != NULL)
        tgw_routing_free(j.routing);
    suite->elapsed_s = seconds_since(suite->started_us);
    if (options->zero_times) {
        suite->elapsed_s = 0;
        for (guint i = 0; i < suite->outcomes->len; i++)
            ((TgwExpectOutcome *) suite->outcomes->pdata[i])->elapsed_s = 0;
        for (guint i = 0; i < suite->runs->len; i++)
            ((TgwExpectRuns *) suite->runs->pdata[i])->elapsed_s = 0;
    }
}
