/* tgw-results.c: run results (see tgw-results.h). */
#include "tgw-results.h"

#include <stdlib.h>

const char *
tgw_holder_name(TgwHolder holder)
{
    static const char *names[TGW_HOLDER_COUNT] = {
        "reserved",          "node_primary",  "eni_primary", "pods",     "warm",
        "cooldown",          "load_balancer", "msk",         "endpoint", "tgw_attachment",
        "eks_control_plane", "other",         "in_use"};
    return holder < TGW_HOLDER_COUNT ? names[holder] : "unknown";
}

const char *
tgw_holder_label(TgwHolder holder)
{
    static const char *labels[TGW_HOLDER_COUNT] = {
        "reserved by AWS",
        "node primary IPs",
        "secondary ENI primary IPs",
        "pods",
        "warm pool (idle, held by the CNI)",
        "cooldown",
        "load balancers",
        "MSK brokers",
        "VPC endpoints",
        "TGW attachment",
        "EKS control plane",
        "other (NAT, RDS, ...)",
        "in use or reserved before the run (outside the model)"};
    return holder < TGW_HOLDER_COUNT ? labels[holder] : "unknown";
}

static void
subnet_result_free(gpointer data)
{
    TgwSubnetResult *s = data;
    g_array_unref(s->series);
    g_free(s);
}

static void
event_free(gpointer data)
{
    TgwExhaustionEvent *e = data;
    g_free(e->requester);
    g_free(e);
}

TgwRunResult *
tgw_run_result_new(const TgwScenario *scenario)
{
    TgwRunResult *r = g_new0(TgwRunResult, 1);
    r->scenario = scenario;
    r->subnets = g_ptr_array_new_with_free_func(subnet_result_free);
    r->events = g_ptr_array_new_with_free_func(event_free);
    r->node_groups = g_ptr_array_new_with_free_func(g_free);
    r->nodes.first_never_ready_ms = -1;
    for (guint i = 0; i < scenario->subnets->len; i++) {
        TgwSubnetResult *s = g_new0(TgwSubnetResult, 1);
        s->def = scenario->subnets->pdata[i];
        s->usable = tgw_cidr_aws_usable(s->def->cidr);
        s->min_free = s->usable;
        s->first_exhausted_ms = -1;
        s->peak_time_ms = 0;
        s->series = g_array_new(FALSE, FALSE, sizeof(TgwSample));
        g_ptr_array_add(r->subnets, s);
    }
    return r;
}

void
tgw_run_result_free(TgwRunResult *r)
{
    if (r == NULL)
        return;
    g_ptr_array_unref(r->subnets);
    g_ptr_array_unref(r->events);
    g_ptr_array_unref(r->node_groups);
    g_free(r->nodes.first_never_ready_node);
    g_free(r->nodes.first_never_ready_reason);
    g_free(r);
}

const TgwExhaustionEvent *
tgw_run_result_first_exhaustion(const TgwRunResult *r)
{
    return r->events->len > 0 ? r->events->pdata[0] : NULL;
}

void
tgw_run_result_size_at_first_exhaustion(const TgwRunResult *r, guint64 *nodes, guint64 *pods)
{
    *nodes = *pods = 0;
    for (guint i = 0; i < r->node_groups->len; i++) {
        const TgwNodeGroupResult *g = r->node_groups->pdata[i];
        *nodes += g->nodes_at_first_exhaustion;
        *pods += g->pods_at_first_exhaustion;
    }
}

TgwSubnetResult *
tgw_run_result_find_subnet(const TgwRunResult *r, const TgwSubnetDef *def)
{
    return def->index < r->subnets->len ? r->subnets->pdata[def->index] : NULL;
}

static gint
compare_ms(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
    return x < y ? -1 : x > y;
}

/* nearest rank: the smallest value with at least p% of the values at or below it */
static gint64
percentile(const gint64 *sorted, guint n, guint p)
{
    guint rank = (p * n + 99) / 100;
    gint64 v = sorted[MAX(rank, 1u) - 1];
    return v == G_MAXINT64 ? -1 : v;
}

GArray *
tgw_results_spread(const GPtrArray *results)
{
    const TgwRunResult *first = results->pdata[0];
    guint n = results->len;
    GArray *out = g_array_new(FALSE, FALSE, sizeof(TgwSubnetSpread));
    g_autofree gint64 *times = g_new(gint64, n);

    for (guint s = 0; s < first->subnets->len; s++) {
        TgwSubnetSpread spread = {
            ((TgwSubnetResult *) first->subnets->pdata[s])->def, n, 0, -1, -1, -1};
        for (guint r = 0; r < n; r++) {
            const TgwRunResult *run = results->pdata[r];
            const TgwSubnetResult *sr = run->subnets->pdata[s];
            times[r] = sr->first_exhausted_ms >= 0 ? sr->first_exhausted_ms : G_MAXINT64;
            spread.exhausted_runs += sr->first_exhausted_ms >= 0;
        }
        qsort(times, n, sizeof(gint64), compare_ms);
        spread.p5_ms = percentile(times, n, 5);
        spread.p50_ms = percentile(times, n, 50);
        spread.p95_ms = percentile(times, n, 95);
        g_array_append_val(out, spread);
    }
    return out;
}

double
tgw_results_exhaustion_probability(const GPtrArray *results)
{
    guint exhausted = 0;
    for (guint r = 0; r < results->len; r++)
        exhausted += ((const TgwRunResult *) results->pdata[r])->exhausted;
    return results->len > 0 ? (double) exhausted / (double) results->len : 0;
}
