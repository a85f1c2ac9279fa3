/* tgw-results.c: run results (see tgw-results.h). */
#include "tgw-results.h"

const char *
tgw_holder_name(TgwHolder holder)
{
    static const char *names[TGW_HOLDER_COUNT] = {
        "reserved", "node_primary",   "eni_primary",       "pods",
        "warm",     "cooldown",       "load_balancer",     "msk",
        "endpoint", "tgw_attachment", "eks_control_plane", "other"};
    return holder < TGW_HOLDER_COUNT ? names[holder] : "unknown";
}

const char *
tgw_holder_label(TgwHolder holder)
{
    static const char *labels[TGW_HOLDER_COUNT] = {"reserved by AWS",
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
                                                   "other (NAT, RDS, ...)"};
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
    g_free(r);
}

const TgwExhaustionEvent *
tgw_run_result_first_exhaustion(const TgwRunResult *r)
{
    return r->events->len > 0 ? r->events->pdata[0] : NULL;
}

TgwSubnetResult *
tgw_run_result_find_subnet(const TgwRunResult *r, const TgwSubnetDef *def)
{
    return def->index < r->subnets->len ? r->subnets->pdata[def->index] : NULL;
}
