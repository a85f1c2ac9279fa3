/* tgw-report-compare.c: CNI modes side by side, text and JSON (see tgw-report-compare.h). */
#include "tgw-report-compare.h"

#include <math.h>
#include <string.h>

#include "tgw-report-run.h"
#include "tgw-value.h"

const char *
tgw_status_name(TgwStatus status)
{
    switch (status) {
    case TGW_STATUS_OK:
        return "OK";
    case TGW_STATUS_WARN:
        return "WARN";
    case TGW_STATUS_CRITICAL:
        return "CRITICAL";
    case TGW_STATUS_INFO:
        return "INFO";
    }
    return "INFO";
}

const char *
tgw_cni_mode_label(TgwCniMode mode)
{
    switch (mode) {
    case TGW_CNI_DEFAULT:
        return "Default VPC CNI";
    case TGW_CNI_CUSTOM:
        return "Custom networking";
    case TGW_CNI_PREFIX:
        return "Prefix delegation";
    case TGW_CNI_CUSTOM_PREFIX:
        return "Custom networking + prefix delegation";
    }
    return "?";
}

char *
tgw_report_count_format(guint64 n)
{
    g_autofree char *digits = g_strdup_printf("%" G_GUINT64_FORMAT, n);
    GString *s = g_string_new(NULL);
    gsize len = strlen(digits);
    for (gsize i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            g_string_append_c(s, ',');
        g_string_append_c(s, digits[i]);
    }
    return g_string_free(s, FALSE);
}

char *
tgw_report_ratio_format(double ratio)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (!(ratio > 0) || !isfinite(ratio))
        return g_strdup("-");
    return g_strdup_printf("%sx", g_ascii_formatd(buf, sizeof buf, "%.1f", ratio));
}

static void
mark_subnets(gboolean *mark, const GPtrArray *subnets)
{
    for (guint i = 0; i < subnets->len; i++)
        mark[((const TgwSubnetDef *) subnets->pdata[i])->index] = TRUE;
}

/* the subnets where the CNI may give pods addresses in a mode (see the header) */
static void
mark_pod_subnets(const TgwScenario *sc, TgwCniMode mode, gboolean *mark)
{
    for (guint c = 0; c < sc->clusters->len; c++) {
        const TgwClusterDef *cl = sc->clusters->pdata[c];
        if (tgw_cni_mode_is_custom(mode)) {
            for (guint e = 0; e < cl->cni->eni_configs->len; e++) {
                const TgwEniConfigDef *ec = cl->cni->eni_configs->pdata[e];
                if (ec->subnet != NULL)
                    mark[ec->subnet->index] = TRUE;
            }
            continue;
        }
        for (guint g = 0; g < cl->node_groups->len; g++)
            mark_subnets(mark, ((const TgwNodeGroupDef *) cl->node_groups->pdata[g])->subnets);
        if (cl->cni->subnet_discovery) {
            for (guint s = 0; s < cl->vpc->subnets->len; s++) {
                const TgwSubnetDef *sn = cl->vpc->subnets->pdata[s];
                if (sn->cni_discovery)
                    mark[sn->index] = TRUE;
            }
        }
    }
}

guint64
tgw_report_pod_address_space(const TgwScenario *sc, TgwCniMode mode, GPtrArray *subnets)
{
    g_autofree gboolean *mark = g_new0(gboolean, MAX(sc->subnets->len, 1u));
    guint64 total = 0;

    mark_pod_subnets(sc, mode, mark);
    for (guint i = 0; i < sc->subnets->len; i++) {
        const TgwSubnetDef *sn = sc->subnets->pdata[i];
        if (!mark[i])
            continue;
        total += tgw_cidr_aws_usable(sn->cidr);
        if (subnets != NULL)
            g_ptr_array_add(subnets, (gpointer) sn);
    }
    return total;
}

static GPtrArray *
watched_subnets(const TgwReportInput *in)
{
    const TgwScenario *sc = in->scenario;
    g_autofree gboolean *mark = g_new0(gboolean, MAX(sc->subnets->len, 1u));
    GPtrArray *out = g_ptr_array_new();

    for (TgwCniMode m = 0; m < TGW_CNI_MODE_COUNT; m++)
        mark_pod_subnets(sc, m, mark);
    for (guint m = 0; m < in->modes->len; m++) {
        const TgwRunResult *r = ((const TgwModeRuns *) in->modes->pdata[m])->result;
        for (guint i = 0; i < r->subnets->len; i++) {
            const TgwSubnetResult *s = r->subnets->pdata[i];
            if (s->failures > 0 || (s->usable > 0 && s->peak_used * 10 >= s->usable))
                mark[s->def->index] = TRUE;
        }
    }
    for (guint i = 0; i < sc->subnets->len; i++) {
        if (mark[i])
            g_ptr_array_add(out, sc->subnets->pdata[i]);
    }
    return out;
}

/* the watched subnet with the lowest share of free addresses (the first on a tie) */
static const TgwSubnetResult *
tightest_subnet(const TgwRunResult *r, const GPtrArray *watched)
{
    const TgwSubnetResult *best = NULL;
    for (guint i = 0; i < watched->len; i++) {
        const TgwSubnetResult *s =
            tgw_run_result_find_subnet(r, (const TgwSubnetDef *) watched->pdata[i]);
        if (s == NULL || s->usable == 0)
            continue;
        if (best == NULL || s->min_free * best->usable < best->min_free * s->usable)
            best = s;
    }
    return best;
}

static void
summarize_mode(TgwModeSummary *ms, const TgwModeRuns *runs, const TgwComparison *c,
               const TgwScenario *sc)
{
    const TgwRunResult *r = runs->result;
    double p = runs->repetitions != NULL && runs->repetitions->len > 1
                   ? tgw_results_exhaustion_probability(runs->repetitions)
                   : (r->exhausted ? 1.0 : 0.0);

    ms->runs = runs;
    ms->mode = r->cni;
    ms->pod_space = tgw_report_pod_address_space(sc, r->cni, NULL);
    ms->tightest = tightest_subnet(r, c->watched);
    for (guint i = 0; i < r->subnets->len; i++)
        ms->exhausted_subnets += ((const TgwSubnetResult *) r->subnets->pdata[i])->failures > 0;
    if (r->exhausted && tgw_run_result_first_exhaustion(r) != NULL &&
        tgw_run_result_first_exhaustion(r)->fragmented) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "no aligned /28 free (fragmented)";
    } else if (r->exhausted) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "addresses run out";
    } else if (r->pods.waited_for_ip > 0) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "pods wait for an address";
    } else if (r->nodes.never_ready > 0) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "nodes never become Ready";
    } else if (ms->pod_space == 0 && sc->workloads->len > 0) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "no subnet gives pods addresses";
    } else if (p >= 0.5) {
        ms->status = TGW_STATUS_CRITICAL;
        ms->status_reason = "addresses run out in most repetitions";
    } else if (p > 0) {
        ms->status = TGW_STATUS_WARN;
        ms->status_reason = "addresses run out in some repetitions";
    } else if (ms->tightest != NULL && ms->tightest->min_free * 5 < ms->tightest->usable) {
        ms->status = TGW_STATUS_WARN;
        ms->status_reason = "under 20% free at the peak";
    } else if (r->pods.unschedulable_at_end > 0) {
        ms->status = TGW_STATUS_WARN;
        ms->status_reason = "pods unschedulable at the end";
    } else {
        ms->status = TGW_STATUS_OK;
        ms->status_reason = "headroom in every subnet";
    }
}

static void
find_costs(TgwComparison *c, const TgwReportInput *in)
{
    const TgwScenario *sc = in->scenario;
    const TgwModeSummary *base = &g_array_index(c->modes, TgwModeSummary, 0);
    const TgwRunResult *br = base->runs->result, *cr;
    g_autofree gboolean *mark = g_new0(gboolean, MAX(sc->subnets->len, 1u));

    if (tgw_cni_mode_is_custom(base->mode))
        return;
    for (guint m = 1; m < c->modes->len && !c->has_costs; m++) {
        if (tgw_cni_mode_is_custom(g_array_index(c->modes, TgwModeSummary, m).mode)) {
            c->has_costs = TRUE;
            c->custom_index = m;
        }
    }
    if (!c->has_costs)
        return;
    cr = g_array_index(c->modes, TgwModeSummary, c->custom_index).runs->result;
    for (guint g = 0; g < MIN(br->node_groups->len, cr->node_groups->len); g++) {
        TgwMaxPodsChange ch = {br->node_groups->pdata[g], cr->node_groups->pdata[g]};
        g_array_append_val(c->max_pods, ch);
    }
    for (guint g = 0; g < sc->node_groups->len; g++)
        mark_subnets(mark, ((const TgwNodeGroupDef *) sc->node_groups->pdata[g])->subnets);
    for (guint i = 0; i < sc->subnets->len; i++) {
        const TgwSubnetResult *s = cr->subnets->pdata[i];
        if (!mark[i])
            continue;
        g_ptr_array_add(c->node_subnets, sc->subnets->pdata[i]);
        c->node_usable += s->usable;
        c->node_peak_used += s->peak_used;
        c->node_primary += s->at_peak[TGW_HOLDER_NODE_PRIMARY];
    }
}

static void
find_shadowed(TgwComparison *c, const TgwReportInput *in)
{
    TgwCidr cgnat = {0x64400000u, 10}; /* 100.64.0.0/10, RFC 6598 */
    if (in->findings != NULL) {
        for (guint i = 0; i < tgw_findings_len(in->findings); i++) {
            const TgwFinding *f = tgw_findings_get(in->findings, i);
            c->shadowed_findings += g_str_equal(f->code, "TGW-CIDR-SHADOWED");
        }
        c->findings_warnings = tgw_findings_count(in->findings, TGW_SEVERITY_WARNING);
        c->findings_errors = tgw_findings_count(in->findings, TGW_SEVERITY_ERROR);
    }
    if (in->routing == NULL)
        return;
    for (guint t = 0; t < in->scenario->tgws->len; t++) {
        const TgwTgwDef *tgw = in->scenario->tgws->pdata[t];
        for (guint k = 0; k < tgw->tables->len; k++) {
            const TgwTgwTableDef *table = tgw->tables->pdata[k];
            const GPtrArray *routes = tgw_routing_table_routes(in->routing, table);
            for (guint i = 0; routes != NULL && i < routes->len; i++) {
                const TgwRoute *rt = routes->pdata[i];
                if (rt->state == TGW_ROUTE_SHADOWED && tgw_cidr_contains(cgnat, rt->cidr)) {
                    TgwShadowedRoute sr = {table, rt};
                    g_array_append_val(c->shadowed, sr);
                }
            }
        }
    }
}

TgwComparison *
tgw_comparison_new(const TgwReportInput *in)
{
    TgwComparison *c = g_new0(TgwComparison, 1);
    const TgwScenario *sc = in->scenario;

    g_return_val_if_fail(in->modes != NULL && in->modes->len > 0, NULL);
    c->modes = g_array_new(FALSE, TRUE, sizeof(TgwModeSummary));
    c->max_pods = g_array_new(FALSE, TRUE, sizeof(TgwMaxPodsChange));
    c->shadowed = g_array_new(FALSE, TRUE, sizeof(TgwShadowedRoute));
    c->node_subnets = g_ptr_array_new();
    c->snat_clusters = g_ptr_array_new();
    c->no_snat_clusters = g_ptr_array_new();
    c->watched = watched_subnets(in);
    for (guint m = 0; m < in->modes->len; m++) {
        TgwModeSummary ms = {0};
        summarize_mode(&ms, in->modes->pdata[m], c, sc);
        g_array_append_val(c->modes, ms);
    }
    for (guint m = 0; m < c->modes->len; m++) {
        TgwModeSummary *ms = &g_array_index(c->modes, TgwModeSummary, m);
        guint64 base = g_array_index(c->modes, TgwModeSummary, 0).pod_space;
        ms->capacity_ratio = base > 0 ? (double) ms->pod_space / (double) base : 0;
    }
    for (guint i = 0; i < sc->clusters->len; i++) {
        const TgwClusterDef *cl = sc->clusters->pdata[i];
        g_ptr_array_add(cl->cni->external_snat ? c->no_snat_clusters : c->snat_clusters,
                        (gpointer) cl);
    }
    c->custom_pod_space = tgw_report_pod_address_space(sc, TGW_CNI_CUSTOM, NULL);
    find_costs(c, in);
    find_shadowed(c, in);
    return c;
}

void
tgw_comparison_free(TgwComparison *c)
{
    if (c == NULL)
        return;
    g_array_unref(c->modes);
    g_array_unref(c->max_pods);
    g_array_unref(c->shadowed);
    g_ptr_array_unref(c->watched);
    g_ptr_array_unref(c->node_subnets);
    g_ptr_array_unref(c->snat_clusters);
    g_ptr_array_unref(c->no_snat_clusters);
    g_free(c);
}

/* ---- text ----------------------------------------------------------------------------------- */

char *
tgw_report_subnet_ref(const TgwSubnetDef *sn)
{
    return g_strdup_printf("%s/%s", sn->vpc->name, sn->name);
}

static char *
names_of_subnets(const GPtrArray *subnets)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < subnets->len; i++) {
        g_autofree char *ref = tgw_report_subnet_ref(subnets->pdata[i]);
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "", ref);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static char *
names_of_clusters(const GPtrArray *clusters)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < clusters->len; i++)
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                               ((const TgwClusterDef *) clusters->pdata[i])->name);
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static char *
percent_free(const TgwSubnetResult *s)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup(
        g_ascii_formatd(buf, sizeof buf, "%.1f",
                        s->usable > 0 ? 100.0 * (double) s->min_free / (double) s->usable : 0));
}

static void
row(GString *out, const char *label, GPtrArray *cells)
{
    g_string_append_printf(out, "%-34s", label);
    for (guint i = 0; i < cells->len; i++)
        g_string_append_printf(out, " %-24s", (const char *) cells->pdata[i]);
    while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate(out, out->len - 1);
    g_string_append_c(out, '\n');
    g_ptr_array_set_size(cells, 0);
}

/* a row of one pod counter (TgwPodStats field at offset) per mode */
static void
pods_row(GString *out, const char *label, GPtrArray *cells, const TgwComparison *c, gsize offset)
{
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwPodStats *p = &g_array_index(c->modes, TgwModeSummary, m).runs->result->pods;
        g_ptr_array_add(cells,
                        g_strdup_printf("%" G_GUINT64_FORMAT, G_STRUCT_MEMBER(guint64, p, offset)));
    }
    row(out, label, cells);
}

static const char *
attachment_label(const TgwAttachmentDef *a)
{
    return a == NULL ? "blackhole" : a->vpc != NULL ? a->vpc->name : a->name;
}

void
tgw_report_compare_text(const TgwReportInput *in, GString *out)
{
    g_autoptr(TgwComparison) c = tgw_comparison_new(in);
    g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
    const TgwRunResult *base = ((const TgwModeRuns *) in->modes->pdata[0])->result;
    g_autofree char *horizon = tgw_duration_format(base->horizon_ms);
    guint n = c->modes->len;

    g_string_append_printf(out, "%s: ", in->scenario->name);
    for (guint m = 0; m < n; m++)
        g_string_append_printf(out, "%s%s", m > 0 ? " vs " : "",
                               tgw_cni_mode_name(g_array_index(c->modes, TgwModeSummary, m).mode));
    for (guint m = 0; in->not_applicable != NULL && m < in->not_applicable->len; m++)
        g_string_append_printf(
            out, "%s%s", m == 0 ? " (not applicable: " : ", ",
            tgw_cni_mode_name(g_array_index(in->not_applicable, TgwModeNotApplicable, m).mode));
    if (in->not_applicable != NULL && in->not_applicable->len > 0)
        g_string_append_c(out, ')');
    g_string_append_printf(
        out, " (seed %" G_GUINT64_FORMAT ", %s; the same arrivals and lifetimes in every mode)\n\n",
        base->seed, horizon);
    for (guint m = 0; m < n; m++) {
        const TgwModeSummary *ms = &g_array_index(c->modes, TgwModeSummary, m);
        g_autofree char *verdict = tgw_report_verdict(ms->runs->result);
        g_string_append_printf(out, "%-14s %-8s %s\n", tgw_cni_mode_name(ms->mode),
                               tgw_status_name(ms->status), verdict);
    }
    for (guint m = 0; in->not_applicable != NULL && m < in->not_applicable->len; m++) {
        const TgwModeNotApplicable *na =
            &g_array_index(in->not_applicable, TgwModeNotApplicable, m);
        g_string_append_printf(out, "%-14s %-8s not applicable, not simulated: %s.\n",
                               tgw_cni_mode_name(na->mode), "N/A", na->reason);
    }
    g_string_append_c(out, '\n');

    for (guint m = 0; m < n; m++)
        g_ptr_array_add(
            cells, g_strdup(tgw_cni_mode_name(g_array_index(c->modes, TgwModeSummary, m).mode)));
    row(out, "", cells);
    for (guint m = 0; m < n; m++)
        g_ptr_array_add(
            cells, g_strdup(tgw_status_name(g_array_index(c->modes, TgwModeSummary, m).status)));
    row(out, "status", cells);
    for (guint m = 0; m < n; m++) {
        const TgwExhaustionEvent *e = tgw_run_result_first_exhaustion(
            g_array_index(c->modes, TgwModeSummary, m).runs->result);
        g_ptr_array_add(cells, e != NULL ? tgw_clock_format(e->time_ms) : g_strdup("never"));
    }
    row(out, "first exhaustion", cells);
    for (guint m = 0; m < n; m++) {
        const TgwExhaustionEvent *e = tgw_run_result_first_exhaustion(
            g_array_index(c->modes, TgwModeSummary, m).runs->result);
        g_ptr_array_add(cells, e != NULL ? tgw_report_subnet_ref(e->subnet) : g_strdup("-"));
    }
    row(out, "  in", cells);
    for (guint m = 0; m < n; m++)
        g_ptr_array_add(
            cells,
            g_strdup_printf("%u", g_array_index(c->modes, TgwModeSummary, m).exhausted_subnets));
    row(out, "subnets that ran out", cells);
    for (guint m = 0; m < n; m++) {
        const TgwSubnetResult *t = g_array_index(c->modes, TgwModeSummary, m).tightest;
        g_autofree char *pct = t != NULL ? percent_free(t) : NULL;
        g_ptr_array_add(cells,
                        t != NULL ? g_strdup_printf("%s %s%%", t->def->name, pct) : g_strdup("-"));
    }
    row(out, "least free at peak (cluster)", cells);
    pods_row(out, "pods that waited for an address", cells, c,
             G_STRUCT_OFFSET(TgwPodStats, waited_for_ip));
    pods_row(out, "  most at once", cells, c, G_STRUCT_OFFSET(TgwPodStats, max_waiting_for_ip));
    pods_row(out, "pods unschedulable at the end", cells, c,
             G_STRUCT_OFFSET(TgwPodStats, unschedulable_at_end));
    for (guint m = 0; m < n; m++) {
        const TgwNodeStats *ns = &g_array_index(c->modes, TgwModeSummary, m).runs->result->nodes;
        g_ptr_array_add(cells, g_strdup_printf("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT
                                               " / %" G_GUINT64_FORMAT,
                                               ns->launched, ns->failed_launch, ns->peak));
    }
    row(out, "nodes launched / failed / peak", cells);
    for (guint g = 0; g < base->node_groups->len; g++) {
        const TgwNodeGroupDef *def =
            ((const TgwNodeGroupResult *) base->node_groups->pdata[g])->def;
        g_autofree char *l1 = g_strdup_printf("max pods per node (%s)", def->name);
        g_autofree char *l2 = g_strdup_printf("addresses per node (%s)", def->name);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = g_array_index(c->modes, TgwModeSummary, m).runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            g_ptr_array_add(cells, ng != NULL
                                       ? g_strdup_printf("%u (CNI formula %u)",
                                                         ng->max_pods_kubelet, ng->max_pods_cni)
                                       : g_strdup("-"));
        }
        row(out, l1, cells);
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = g_array_index(c->modes, TgwModeSummary, m).runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            g_ptr_array_add(cells, ng != NULL
                                       ? g_strdup(g_ascii_formatd(buf, sizeof buf, "%.1f",
                                                                  ng->mean_addresses_per_node))
                                       : g_strdup("-"));
        }
        row(out, l2, cells);
    }
    for (guint m = 0; m < n; m++)
        g_ptr_array_add(
            cells, tgw_report_count_format(g_array_index(c->modes, TgwModeSummary, m).pod_space));
    row(out, "pod address space", cells);
    for (guint m = 0; m < n; m++)
        g_ptr_array_add(cells, tgw_report_ratio_format(
                                   g_array_index(c->modes, TgwModeSummary, m).capacity_ratio));
    row(out, "capacity vs the first mode", cells);
    for (guint m = 0; m < n; m++) {
        const TgwModeRuns *mr = g_array_index(c->modes, TgwModeSummary, m).runs;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        if (mr->repetitions == NULL || mr->repetitions->len < 2)
            break;
        g_ptr_array_add(
            cells, g_strdup_printf(
                       "%s%% of %u runs",
                       g_ascii_formatd(buf, sizeof buf, "%.0f",
                                       100.0 * tgw_results_exhaustion_probability(mr->repetitions)),
                       mr->repetitions->len));
    }
    if (cells->len > 0)
        row(out, "ran out somewhere", cells);

    if (c->has_costs) {
        const TgwModeSummary *cm = &g_array_index(c->modes, TgwModeSummary, c->custom_index);
        g_autofree char *nodes = names_of_subnets(c->node_subnets);
        g_autofree char *usable = tgw_report_count_format(c->node_usable);
        g_autofree char *label = g_ascii_strdown(tgw_cni_mode_label(cm->mode), -1);
        g_string_append_printf(out, "\nwhat %s costs:\n", label);
        for (guint i = 0; i < c->max_pods->len; i++) {
            const TgwMaxPodsChange *ch = &g_array_index(c->max_pods, TgwMaxPodsChange, i);
            g_string_append_printf(out,
                                   "  - fewer pods per node: %s (%s) %u -> %u (kubelet max-pods %u "
                                   "-> %u, CNI formula %u -> %u): the primary ENI serves no pods\n",
                                   ch->custom->def->name, ch->custom->def->instance_type,
                                   tgw_max_pods_change_before(ch), tgw_max_pods_change_after(ch),
                                   ch->baseline->max_pods_kubelet, ch->custom->max_pods_kubelet,
                                   ch->baseline->max_pods_cni, ch->custom->max_pods_cni);
        }
        g_string_append_printf(out,
                               "  - node subnets still consumed: nodes take their primary IPs from "
                               "%s (%s usable): at most %" G_GUINT64_FORMAT
                               " used there, %" G_GUINT64_FORMAT " of them node primary IPs\n",
                               nodes, usable, c->node_peak_used, c->node_primary);
        if (c->snat_clusters->len > 0) {
            g_autofree char *names = names_of_clusters(c->snat_clusters);
            g_string_append_printf(out,
                                   "  - SNAT: pod traffic leaving the VPC is source-NATed to the "
                                   "node's primary IP (external-snat off; %s): other VPCs and "
                                   "on-premises see node addresses and cannot open connections "
                                   "to pods\n",
                                   names);
        }
        if (c->no_snat_clusters->len > 0) {
            g_autofree char *names = names_of_clusters(c->no_snat_clusters);
            g_string_append_printf(out,
                                   "  - no SNAT (external-snat on; %s): pod addresses leave the "
                                   "VPC as they are and must be routable everywhere\n",
                                   names);
        }
    }
    if (c->shadowed->len > 0 || c->shadowed_findings > 0) {
        g_string_append_printf(out,
                               "\nshadowed CG-NAT routes on the transit gateway (%u; %u "
                               "TGW-CIDR-SHADOWED finding%s):\n",
                               c->shadowed->len, c->shadowed_findings,
                               c->shadowed_findings == 1 ? "" : "s");
        for (guint i = 0; i < c->shadowed->len; i++) {
            const TgwShadowedRoute *sr = &g_array_index(c->shadowed, TgwShadowedRoute, i);
            char cidr[TGW_CIDR_STRLEN];
            g_string_append_printf(out, "  - %s in %s/%s: from %s, shadowed by %s\n",
                                   tgw_cidr_format(sr->route->cidr, cidr), sr->table->tgw->name,
                                   sr->table->name, attachment_label(sr->route->target),
                                   sr->route->shadowed_by != NULL
                                       ? attachment_label(sr->route->shadowed_by->target)
                                       : "?");
        }
    }
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static void
json_subnet_list(TgwJsonWriter *w, const GPtrArray *subnets)
{
    tgw_json_begin_array(w);
    for (guint i = 0; i < subnets->len; i++) {
        g_autofree char *ref = tgw_report_subnet_ref(subnets->pdata[i]);
        tgw_json_string(w, ref);
    }
    tgw_json_end_array(w);
}

static void
json_cluster_list(TgwJsonWriter *w, const GPtrArray *clusters)
{
    tgw_json_begin_array(w);
    for (guint i = 0; i < clusters->len; i++)
        tgw_json_string(w, ((const TgwClusterDef *) clusters->pdata[i])->name);
    tgw_json_end_array(w);
}

static void
json_costs(TgwJsonWriter *w, const TgwComparison *c)
{
    const TgwModeSummary *cm = &g_array_index(c->modes, TgwModeSummary, c->custom_index);
    tgw_json_begin_object(w);
    tgw_json_member_string(w, "cni", tgw_cni_mode_name(cm->mode));
    tgw_json_key(w, "max_pods");
    tgw_json_begin_array(w);
    for (guint i = 0; i < c->max_pods->len; i++) {
        const TgwMaxPodsChange *ch = &g_array_index(c->max_pods, TgwMaxPodsChange, i);
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "cluster", ch->custom->def->cluster->name);
        tgw_json_member_string(w, "node_group", ch->custom->def->name);
        tgw_json_member_string(w, "instance_type", ch->custom->def->instance_type);
        tgw_json_member_uint(w, "baseline_kubelet", ch->baseline->max_pods_kubelet);
        tgw_json_member_uint(w, "kubelet", ch->custom->max_pods_kubelet);
        tgw_json_member_uint(w, "baseline_addressable", ch->baseline->max_pods_cni);
        tgw_json_member_uint(w, "addressable", ch->custom->max_pods_cni);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_key(w, "node_subnets");
    tgw_json_begin_object(w);
    tgw_json_key(w, "subnets");
    json_subnet_list(w, c->node_subnets);
    tgw_json_member_uint(w, "usable", c->node_usable);
    tgw_json_member_uint(w, "peak_used", c->node_peak_used);
    tgw_json_member_uint(w, "node_primary_at_peak", c->node_primary);
    tgw_json_end_object(w);
    tgw_json_key(w, "snat");
    tgw_json_begin_object(w);
    tgw_json_key(w, "snat_clusters");
    json_cluster_list(w, c->snat_clusters);
    tgw_json_key(w, "external_snat_clusters");
    json_cluster_list(w, c->no_snat_clusters);
    tgw_json_end_object(w);
    tgw_json_end_object(w);
}

void
tgw_report_compare_json(const TgwReportInput *in, TgwJsonWriter *w)
{
    g_autoptr(TgwComparison) c = tgw_comparison_new(in);

    tgw_json_begin_object(w);
    tgw_json_member_int(w, "format", 1);
    tgw_json_key(w, "runs");
    tgw_json_begin_array(w);
    for (guint m = 0; m < in->modes->len; m++) {
        const TgwModeRuns *mr = in->modes->pdata[m];
        tgw_report_run_json(mr->result, mr->repetitions, w);
    }
    tgw_json_end_array(w);
    tgw_json_key(w, "comparison");
    tgw_json_begin_object(w);
    tgw_json_member_string(w, "baseline",
                           tgw_cni_mode_name(g_array_index(c->modes, TgwModeSummary, 0).mode));
    tgw_json_key(w, "modes");
    tgw_json_begin_array(w);
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwModeSummary *ms = &g_array_index(c->modes, TgwModeSummary, m);
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "cni", tgw_cni_mode_name(ms->mode));
        tgw_json_member_string(w, "status", tgw_status_name(ms->status));
        tgw_json_member_string(w, "reason", ms->status_reason);
        tgw_json_member_uint(w, "pod_address_space", ms->pod_space);
        tgw_json_key(w, "capacity_ratio");
        if (ms->capacity_ratio > 0)
            tgw_json_double(w, ms->capacity_ratio, 2);
        else
            tgw_json_null(w);
        tgw_json_member_uint(w, "exhausted_subnets", ms->exhausted_subnets);
        tgw_json_key(w, "tightest");
        if (ms->tightest == NULL) {
            tgw_json_null(w);
        } else {
            g_autofree char *ref = tgw_report_subnet_ref(ms->tightest->def);
            tgw_json_begin_object(w);
            tgw_json_member_string(w, "subnet", ref);
            tgw_json_member_uint(w, "min_free", ms->tightest->min_free);
            tgw_json_member_uint(w, "usable", ms->tightest->usable);
            tgw_json_end_object(w);
        }
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    /* modes asked for that the design cannot run in: not simulated, so not in runs or modes */
    tgw_json_key(w, "not_applicable");
    tgw_json_begin_array(w);
    for (guint m = 0; in->not_applicable != NULL && m < in->not_applicable->len; m++) {
        const TgwModeNotApplicable *na =
            &g_array_index(in->not_applicable, TgwModeNotApplicable, m);
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "cni", tgw_cni_mode_name(na->mode));
        tgw_json_member_string(w, "reason", na->reason);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_key(w, "custom_networking_costs");
    if (c->has_costs)
        json_costs(w, c);
    else
        tgw_json_null(w);
    tgw_json_key(w, "shadowed_cgnat_routes");
    tgw_json_begin_array(w);
    for (guint i = 0; i < c->shadowed->len; i++) {
        const TgwShadowedRoute *sr = &g_array_index(c->shadowed, TgwShadowedRoute, i);
        g_autofree char *cidr = tgw_cidr_to_string(sr->route->cidr);
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "tgw", sr->table->tgw->name);
        tgw_json_member_string(w, "table", sr->table->name);
        tgw_json_member_string(w, "cidr", cidr);
        tgw_json_member_string(w, "from", attachment_label(sr->route->target));
        tgw_json_member_string(w, "shadowed_by",
                               sr->route->shadowed_by != NULL
                                   ? attachment_label(sr->route->shadowed_by->target)
                                   : NULL);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_member_uint(w, "tgw_cidr_shadowed_findings", c->shadowed_findings);
    tgw_json_end_object(w);
    tgw_json_end_object(w);
}
