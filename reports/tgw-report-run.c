/* tgw-report-run.c: one run's results as text and JSON (see tgw-report-run.h). */
#include "tgw-report-run.h"

#include "tgw-value.h"

const char *
tgw_report_request_phrase(const char *request)
{
    static const struct {
        const char *request, *phrase;
    } phrases[] = {
        {"assign-ip", "asked for more pod addresses on an ENI"},
        {"create-eni", "asked for a new ENI"},
        {"carve-prefix", "asked for a /28 prefix"},
        {"node-launch", "could not launch a node (no address for its primary ENI)"},
        {"alb-create", "could not create the load balancer (it needs 8 free addresses per subnet)"},
        {"alb-scale", "could not scale the load balancer out"},
        {"nlb", "could not place a load balancer address"},
        {"msk-broker", "could not place an MSK broker"},
        {"endpoint", "could not place a VPC endpoint"},
        {"nat-gateway", "could not place a NAT gateway address"},
        {"rds", "could not place an RDS instance"},
        {"ip-consumer", "could not take its addresses"},
        {"tgw-attachment", "could not place a TGW attachment ENI"},
        {"eks-control-plane", "could not place an EKS control-plane ENI"},
        {"eks-upgrade", "could not place the EKS upgrade's extra ENIs"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(phrases); i++) {
        if (g_str_equal(phrases[i].request, request))
            return phrases[i].phrase;
    }
    return request;
}

char *
tgw_report_when(gint64 ms)
{
    gint64 s = ms / 1000;
    return g_strdup_printf("day %" G_GINT64_FORMAT " at %02d:%02d", s / 86400,
                           (int) (s % 86400 / 3600), (int) (s % 3600 / 60));
}

char *
tgw_report_verdict(const TgwRunResult *r)
{
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    const TgwPodStats *p = &r->pods;
    g_autoptr(GString) s = g_string_new(NULL);

    if (first != NULL && first->fragmented) {
        /* addresses were left, but no aligned /28: "ran out" would misread the numbers */
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_string_append_printf(
            s,
            "%s/%s (%s) had no aligned /28 free on %s when %s %s (%" G_GUINT64_FORMAT
            " addresses free, fragmented)",
            first->subnet->vpc->name, first->subnet->name, first->subnet->az, at, first->requester,
            tgw_report_request_phrase(first->request), first->free);
    } else if (first != NULL) {
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_string_append_printf(s, "%s/%s (%s) ran out of addresses on %s when %s %s",
                               first->subnet->vpc->name, first->subnet->name, first->subnet->az, at,
                               first->requester, tgw_report_request_phrase(first->request));
    } else {
        /* the lowest share of free addresses, compared exactly (the first on a tie), among
         * the subnets something used: the compare report's tightest is the same ordering */
        const TgwSubnetResult *tight = NULL;
        for (guint i = 0; i < r->subnets->len; i++) {
            const TgwSubnetResult *sr = r->subnets->pdata[i];
            if (sr->peak_used > 0 && sr->usable > 0 &&
                (tight == NULL || sr->min_free * tight->usable < tight->min_free * sr->usable))
                tight = sr;
        }
        g_string_append(s, "No subnet ran out of addresses");
        if (tight != NULL)
            g_string_append_printf(s,
                                   "; the tightest, %s/%s, kept %" G_GUINT64_FORMAT
                                   " of %" G_GUINT64_FORMAT " free (%.1f%%)",
                                   tight->def->vpc->name, tight->def->name, tight->min_free,
                                   tight->usable,
                                   100.0 * (double) tight->min_free / (double) tight->usable);
    }
    if (p->waited_for_ip > 0)
        g_string_append_printf(s, "; %" G_GUINT64_FORMAT " pod%s waited for an address",
                               p->waited_for_ip, p->waited_for_ip == 1 ? "" : "s");
    else
        g_string_append(s, "; no pod waited for an address");
    if (p->waiting_for_ip_at_end > 0)
        g_string_append_printf(s, " (%" G_GUINT64_FORMAT " still waiting at the end)",
                               p->waiting_for_ip_at_end);
    if (p->unschedulable_at_end > 0)
        g_string_append_printf(s, "; %" G_GUINT64_FORMAT " pod%s could not be scheduled at the end",
                               p->unschedulable_at_end, p->unschedulable_at_end == 1 ? "" : "s");
    if (r->nodes.never_ready > 0) {
        /* the cause no subnet's numbers show: nodes whose VPC CNI could not start */
        g_autofree char *at = tgw_report_when(r->nodes.first_never_ready_ms);
        g_string_append_printf(s,
                               "; %" G_GUINT64_FORMAT " node%s never became Ready and %s removed "
                               "(the first, %s, on %s): %s",
                               r->nodes.never_ready, r->nodes.never_ready == 1 ? "" : "s",
                               r->nodes.never_ready == 1 ? "was" : "were",
                               r->nodes.first_never_ready_node, at,
                               r->nodes.first_never_ready_reason);
    }
    g_string_append_c(s, '.');
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* the free addresses over time that the HTML chart draws, one row each: the sample times, the
 * free count then and the lowest since the sample before (a dip between samples shows there) */
static void
json_series(TgwJsonWriter *w, const TgwSubnetResult *s)
{
    guint n = s->series->len;
    g_autofree gint64 *t = g_new(gint64, MAX(n, 1u));
    g_autofree guint64 *free_now = g_new(guint64, MAX(n, 1u));
    g_autofree guint64 *low = g_new(guint64, MAX(n, 1u));

    for (guint i = 0; i < n; i++) {
        const TgwSample *sm = &g_array_index(s->series, TgwSample, i);
        t[i] = sm->time_ms;
        free_now[i] = sm->free;
        low[i] = sm->min_free;
    }
    tgw_json_key(w, "series");
    tgw_json_begin_object(w);
    tgw_json_member_seconds_row(w, "time_s", t, n);
    tgw_json_member_uint_row(w, "free", free_now, n);
    tgw_json_member_uint_row(w, "min_free", low, n);
    tgw_json_end_object(w);
}

char *
tgw_report_at_first_exhaustion(const TgwRunResult *r)
{
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    g_autoptr(GString) s = NULL;
    g_autofree char *at = NULL;
    guint64 nodes = 0, pods = 0;

    if (first == NULL)
        return NULL;
    tgw_run_result_size_at_first_exhaustion(r, &nodes, &pods);
    at = tgw_report_when(first->time_ms);
    s = g_string_new(NULL);
    g_string_append_printf(s,
                           "At the first exhaustion (%s) %" G_GUINT64_FORMAT
                           " node%s %s Ready and %" G_GUINT64_FORMAT " pod%s running",
                           at, nodes, nodes == 1 ? "" : "s", nodes == 1 ? "was" : "were", pods,
                           pods == 1 ? "" : "s");
    for (guint i = 0; i < r->node_groups->len && r->node_groups->len > 1; i++) {
        const TgwNodeGroupResult *g = r->node_groups->pdata[i];
        g_string_append_printf(s,
                               "%s%s/%s: %" G_GUINT64_FORMAT " nodes, %" G_GUINT64_FORMAT " pods",
                               i == 0 ? " (" : "; ", g->def->cluster->name, g->def->name,
                               g->nodes_at_first_exhaustion, g->pods_at_first_exhaustion);
    }
    if (r->node_groups->len > 1)
        g_string_append_c(s, ')');
    g_string_append_c(s, '.');
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* the room the node groups' own subnets keep for node primaries and the other consumers: what
 * custom networking does not move out of the routable range */
static void
append_node_subnet_headroom(const TgwRunResult *r, GString *out)
{
    const TgwScenario *sc = r->scenario;
    g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
    gboolean any = FALSE;

    for (guint i = 0; i < sc->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++) {
            const TgwSubnetDef *def = ng->subnets->pdata[k];
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, def);
            if (!g_hash_table_add(seen, (gpointer) def) || s == NULL || s->usable == 0)
                continue;
            g_string_append_printf(out,
                                   "%s %s %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " (%.0f%%)",
                                   any ? "," : "node subnets' lowest free:", def->name, s->min_free,
                                   s->usable, 100.0 * (double) s->min_free / (double) s->usable);
            any = TRUE;
        }
    }
    if (any)
        g_string_append(out, "\n\n");
}

void
tgw_report_run_text(const TgwRunResult *r, GString *out)
{
    g_autofree char *verdict = tgw_report_verdict(r);
    g_autofree char *horizon = tgw_duration_format(r->horizon_ms);
    const TgwPodStats *p = &r->pods;

    g_string_append_printf(out, "%s (CNI %s, seed %" G_GUINT64_FORMAT ", %s)\n\n%s\n\n",
                           r->scenario->name, tgw_cni_mode_name(r->cni), r->seed, horizon, verdict);
    append_node_subnet_headroom(r, out);
    g_string_append_printf(out, "%-28s %-12s %-18s %7s %7s %7s %9s  %s\n", "subnet", "az", "cidr",
                           "usable", "peak", "min", "failures", "first ran dry");
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        g_autofree char *name = g_strdup_printf("%s/%s", s->def->vpc->name, s->def->name);
        g_autofree char *cidr = tgw_cidr_to_string(s->def->cidr);
        g_autofree char *dry =
            s->first_exhausted_ms >= 0 ? tgw_clock_format(s->first_exhausted_ms) : g_strdup("-");
        g_string_append_printf(out,
                               "%-28s %-12s %-18s %7" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT
                               " %7" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT "  %s\n",
                               name, s->def->az, cidr, s->usable, s->peak_used, s->min_free,
                               s->failures, dry);
    }
    for (guint i = 0, busy = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        g_autofree char *at = NULL;
        /* busy: ran out, or over half used at its peak; no heading when none is */
        if (s->peak_used == 0 || (s->failures == 0 && s->peak_used * 2 < s->usable))
            continue;
        if (busy++ == 0)
            g_string_append(out, "\nwho held the addresses at each busy subnet's peak:\n");
        at = tgw_clock_format(s->peak_time_ms);
        g_string_append_printf(out,
                               "  %s/%s (%s, %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " used):",
                               s->def->vpc->name, s->def->name, at, s->peak_used, s->usable);
        for (TgwHolder h = TGW_HOLDER_NODE_PRIMARY; h < TGW_HOLDER_COUNT; h++) {
            if (s->at_peak[h] > 0)
                g_string_append_printf(out, " %s %" G_GUINT64_FORMAT ",", tgw_holder_name(h),
                                       s->at_peak[h]);
        }
        g_string_truncate(out, out->len - 1);
        /* who holds what was in use before the run, as declared (or imported) */
        if (s->at_peak[TGW_HOLDER_IN_USE] > 0 && s->def->in_use->len > 0) {
            g_string_append(out, " (in use:");
            for (guint k = 0; k < s->def->in_use->len; k++) {
                const TgwInUseDef *u = &g_array_index(s->def->in_use, TgwInUseDef, k);
                g_string_append_printf(out, "%s %s %" G_GUINT64_FORMAT, k > 0 ? "," : "", u->by,
                                       u->count);
            }
            g_string_append_c(out, ')');
        }
        g_string_append_c(out, '\n');
    }
    g_string_append_printf(out,
                           "\npods: %" G_GUINT64_FORMAT " started, %" G_GUINT64_FORMAT
                           " waited for an address (at most %" G_GUINT64_FORMAT
                           " at once, %.0f pod-seconds), %" G_GUINT64_FORMAT
                           " unschedulable at some point\n",
                           p->started, p->waited_for_ip, p->max_waiting_for_ip,
                           p->pod_seconds_waiting_for_ip, p->unschedulable);
    g_string_append_printf(out,
                           "nodes: %" G_GUINT64_FORMAT " launched, %" G_GUINT64_FORMAT
                           " launches failed, at most %" G_GUINT64_FORMAT " at once",
                           r->nodes.launched, r->nodes.failed_launch, r->nodes.peak);
    if (r->nodes.never_ready > 0)
        g_string_append_printf(out, ", %" G_GUINT64_FORMAT " never Ready", r->nodes.never_ready);
    g_string_append_c(out, '\n');
    {
        g_autofree char *at = tgw_report_at_first_exhaustion(r);
        if (at != NULL)
            g_string_append_printf(out, "%s\n", at);
    }
    for (guint i = 0; i < r->node_groups->len; i++) {
        const TgwNodeGroupResult *g = r->node_groups->pdata[i];
        g_string_append_printf(out,
                               "node group %s: max pods %u (kubelet) / %u (VPC CNI formula), %.1f "
                               "addresses and %.1f pods per node on average\n",
                               g->def->name, g->max_pods_kubelet, g->max_pods_cni,
                               g->mean_addresses_per_node, g->mean_pods_per_node);
    }
}

void
tgw_report_first_exhaustion_json(TgwJsonWriter *w, gint64 time_ms, const char *vpc,
                                 const char *subnet, const char *az, const char *request,
                                 const char *requester, const TgwExhaustionEvent *event)
{
    if (time_ms < 0) {
        tgw_json_null(w);
        return;
    }
    tgw_json_begin_object(w);
    tgw_json_key(w, "time_s");
    tgw_json_ms_as_seconds(w, time_ms);
    tgw_json_member_string(w, "vpc", vpc);
    tgw_json_member_string(w, "subnet", subnet);
    tgw_json_member_string(w, "az", az);
    tgw_json_member_string(w, "request", request);
    tgw_json_member_string(w, "requester", requester);
    if (event != NULL) {
        tgw_json_member_uint(w, "free_addresses", event->free);
        tgw_json_member_bool(w, "fragmented", event->fragmented);
    }
    tgw_json_end_object(w);
}

void
tgw_report_run_json(const TgwRunResult *r, const GPtrArray *repetitions, TgwJsonWriter *w)
{
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    const TgwPodStats *p = &r->pods;
    g_autoptr(GArray) spread = NULL;

    if (repetitions != NULL && repetitions->len > 1)
        spread = tgw_results_spread(repetitions);

    tgw_json_begin_object(w);
    tgw_json_member_int(w, "format", 1);
    tgw_json_member_string(w, "scenario", r->scenario->name);
    tgw_json_member_string(w, "input_sha256", r->scenario->input_sha256);
    tgw_json_member_string(w, "cni", tgw_cni_mode_name(r->cni));
    /* what the command line changed: --set overrides (also in input_sha256) and --cni */
    tgw_json_key(w, "overrides");
    tgw_json_begin_object(w);
    tgw_json_key(w, "set");
    tgw_json_begin_array(w);
    for (guint i = 0; r->scenario->overrides != NULL && r->scenario->overrides[i] != NULL; i++)
        tgw_json_string(w, r->scenario->overrides[i]);
    tgw_json_end_array(w);
    tgw_json_member_string(w, "cni", r->cni_overridden ? tgw_cni_mode_name(r->cni) : NULL);
    tgw_json_end_object(w);
    tgw_json_member_uint(w, "seed", r->seed);
    tgw_json_key(w, "horizon_s");
    tgw_json_ms_as_seconds(w, r->horizon_ms);
    tgw_json_member_bool(w, "exhausted", r->exhausted);
    if (spread != NULL) {
        tgw_json_member_uint(w, "repetitions", repetitions->len);
        tgw_json_key(w, "exhaustion_probability");
        tgw_json_double(w, tgw_results_exhaustion_probability(repetitions), 4);
    }
    tgw_json_key(w, "first_exhaustion");
    if (first != NULL)
        tgw_report_first_exhaustion_json(w, first->time_ms, first->subnet->vpc->name,
                                         first->subnet->name, first->subnet->az, first->request,
                                         first->requester, first);
    else
        tgw_json_null(w);
    tgw_json_key(w, "subnets");
    tgw_json_begin_array(w);
    for (guint i = 0; i < r->subnets->len; i++) {
        const TgwSubnetResult *s = r->subnets->pdata[i];
        g_autofree char *cidr = tgw_cidr_to_string(s->def->cidr);
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "vpc", s->def->vpc->name);
        tgw_json_member_string(w, "name", s->def->name);
        tgw_json_member_string(w, "az", s->def->az);
        tgw_json_member_string(w, "cidr", cidr);
        tgw_json_member_uint(w, "usable", s->usable);
        tgw_json_member_uint(w, "peak_used", s->peak_used);
        tgw_json_key(w, "peak_time_s");
        tgw_json_ms_as_seconds(w, s->peak_time_ms);
        tgw_json_member_uint(w, "min_free", s->min_free);
        tgw_json_key(w, "first_exhausted_s");
        tgw_json_ms_as_seconds_or_null(w, s->first_exhausted_ms);
        tgw_json_member_uint(w, "failures", s->failures);
        if (spread != NULL) {
            const TgwSubnetSpread *sp = &g_array_index(spread, TgwSubnetSpread, i);
            tgw_json_key(w, "exhaustion_probability");
            tgw_json_double(w, (double) sp->exhausted_runs / (double) sp->runs, 4);
            tgw_json_key(w, "first_exhausted_p5_s");
            tgw_json_ms_as_seconds_or_null(w, sp->p5_ms);
            tgw_json_key(w, "first_exhausted_p50_s");
            tgw_json_ms_as_seconds_or_null(w, sp->p50_ms);
            tgw_json_key(w, "first_exhausted_p95_s");
            tgw_json_ms_as_seconds_or_null(w, sp->p95_ms);
        }
        tgw_json_key(w, "at_peak");
        tgw_json_begin_object(w);
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
            if (h == TGW_HOLDER_IN_USE && s->def->in_use_total == 0)
                continue;
            tgw_json_member_uint(w, tgw_holder_name(h), s->at_peak[h]);
        }
        tgw_json_end_object(w);
        if (s->def->in_use->len > 0) {
            /* who holds them, as the scenario (or the import) says */
            tgw_json_key(w, "in_use_by");
            tgw_json_begin_object(w);
            for (guint k = 0; k < s->def->in_use->len; k++) {
                const TgwInUseDef *u = &g_array_index(s->def->in_use, TgwInUseDef, k);
                tgw_json_member_uint(w, u->by, u->count);
            }
            tgw_json_end_object(w);
        }
        json_series(w, s);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_key(w, "pods");
    tgw_json_begin_object(w);
    tgw_json_member_uint(w, "started", p->started);
    tgw_json_member_uint(w, "waited_for_ip", p->waited_for_ip);
    tgw_json_member_uint(w, "max_waiting_for_ip", p->max_waiting_for_ip);
    tgw_json_member_uint(w, "waiting_for_ip_at_end", p->waiting_for_ip_at_end);
    tgw_json_key(w, "pod_seconds_waiting_for_ip");
    tgw_json_double(w, p->pod_seconds_waiting_for_ip, 3);
    tgw_json_member_uint(w, "unschedulable", p->unschedulable);
    tgw_json_member_uint(w, "unschedulable_at_end", p->unschedulable_at_end);
    tgw_json_member_uint(w, "peak_running", p->peak_running);
    tgw_json_end_object(w);
    tgw_json_key(w, "nodes");
    tgw_json_begin_object(w);
    tgw_json_member_uint(w, "launched", r->nodes.launched);
    tgw_json_member_uint(w, "failed_launch", r->nodes.failed_launch);
    tgw_json_member_uint(w, "peak", r->nodes.peak);
    tgw_json_member_uint(w, "never_ready", r->nodes.never_ready);
    if (r->nodes.never_ready > 0) {
        tgw_json_key(w, "first_never_ready");
        tgw_json_begin_object(w);
        tgw_json_member_int(w, "time_s", r->nodes.first_never_ready_ms / 1000);
        tgw_json_member_string(w, "node", r->nodes.first_never_ready_node);
        tgw_json_member_string(w, "reason", r->nodes.first_never_ready_reason);
        tgw_json_end_object(w);
    }
    tgw_json_end_object(w);
    tgw_json_key(w, "node_groups");
    tgw_json_begin_array(w);
    for (guint i = 0; i < r->node_groups->len; i++) {
        const TgwNodeGroupResult *g = r->node_groups->pdata[i];
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "cluster", g->def->cluster->name);
        tgw_json_member_string(w, "name", g->def->name);
        tgw_json_member_string(w, "instance_type", g->def->instance_type);
        tgw_json_member_uint(w, "max_pods_kubelet", g->max_pods_kubelet);
        tgw_json_member_uint(w, "max_pods_cni", g->max_pods_cni);
        /* what users size against: the group when the first allocation failed (null: none did) */
        tgw_json_key(w, "at_first_exhaustion");
        if (r->exhausted) {
            tgw_json_begin_object(w);
            tgw_json_member_uint(w, "nodes_ready", g->nodes_at_first_exhaustion);
            tgw_json_member_uint(w, "pods_running", g->pods_at_first_exhaustion);
            tgw_json_end_object(w);
        } else {
            tgw_json_null(w);
        }
        tgw_json_member_uint(w, "peak_nodes", g->peak_nodes);
        tgw_json_key(w, "addresses_per_node");
        tgw_json_double(w, g->mean_addresses_per_node, 2);
        tgw_json_key(w, "pods_per_node");
        tgw_json_double(w, g->mean_pods_per_node, 2);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_member_uint(w, "exhaustion_events", r->events_total);
    tgw_json_key(w, "engine");
    tgw_json_begin_object(w);
    tgw_json_member_uint(w, "events", r->engine_events);
    tgw_json_end_object(w);
    tgw_json_end_object(w);
}
