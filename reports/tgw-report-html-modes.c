/* tgw-report-html-modes.c: sections 3 and 4 of the HTML report (see tgw-report-html-private.h).
 *
 * 3. The modes side by side: capacity, first exhaustion, waits and what each mode costs. 4. Who
 * held the addresses at each subnet's peak, as stacked bars per mode. */
#include "tgw-report-html-private.h"

#include <math.h>
#include <string.h>

#include "tgw-report-run.h"
#include "tgw-value.h"

/* ---- 3. modes side by side ------------------------------------------------------------------ */

xmlNodePtr
html_table_row(xmlNodePtr table, const char *label)
{
    xmlNodePtr tr = html_el(table, "tr", NULL);
    html_el(tr, "th", label);
    return tr;
}

void
html_section_compare(const Page *p, xmlNodePtr body)
{
    TgwComparison *c = p->c;
    xmlNodePtr sec = html_el(body, "section", NULL), table, tr;
    const TgwRunResult *base = html_mode_at(p, 0)->runs->result;
    guint n = c->modes->len;
    gboolean any_reps = FALSE;

    html_attr(sec, "id", "compare");
    html_el(sec, "h2", n > 1 ? "3. The modes side by side" : "3. This run in figures");
    if (n > 1)
        html_el(sec, "p",
                "Every mode ran with the same seed, so it saw the same pod arrivals and lifetimes "
                "(common random numbers): the differences come from the CNI mode alone.");
    table = html_table_new(sec, &tr);
    html_el(tr, "th", "");
    for (guint m = 0; m < n; m++)
        html_elf(tr, "th", "%s (%s)", tgw_cni_mode_label(html_mode_at(p, m)->mode),
                 tgw_cni_mode_name(html_mode_at(p, m)->mode));

    tr = html_table_row(table, "Status");
    for (guint m = 0; m < n; m++)
        html_elf(tr, "td", "%s: %s", tgw_status_name(html_mode_at(p, m)->status),
                 html_mode_at(p, m)->status_reason);
    tr = html_table_row(table, "First exhaustion");
    for (guint m = 0; m < n; m++) {
        const TgwExhaustionEvent *e =
            tgw_run_result_first_exhaustion(html_mode_at(p, m)->runs->result);
        if (e != NULL) {
            g_autofree char *at = tgw_clock_format(e->time_ms);
            g_autofree char *ref = tgw_report_subnet_ref(e->subnet);
            html_elf(tr, "td", "%s in %s (%s): %s %s", at, ref, e->subnet->az, e->requester,
                     tgw_report_request_phrase(e->request));
        } else {
            g_autofree char *h = html_span(p->horizon_ms);
            html_elf(tr, "td", "never in %s", h);
        }
    }
    tr = html_table_row(table, "Subnets that ran out");
    for (guint m = 0; m < n; m++) {
        const TgwRunResult *r = html_mode_at(p, m)->runs->result;
        g_autoptr(GString) s = g_string_new(NULL);
        for (guint i = 0; i < r->subnets->len; i++) {
            const TgwSubnetResult *sr = r->subnets->pdata[i];
            if (sr->failures > 0)
                g_string_append_printf(s, "%s%s/%s", s->len > 0 ? ", " : "", sr->def->vpc->name,
                                       sr->def->name);
        }
        html_el(tr, "td", s->len > 0 ? s->str : "none");
    }
    tr = html_table_row(table, "Least free at its peak (cluster subnets)");
    for (guint m = 0; m < n; m++) {
        const TgwSubnetResult *t = html_mode_at(p, m)->tightest;
        if (t != NULL) {
            g_autofree char *ref = tgw_report_subnet_ref(t->def);
            g_autofree char *a = html_count(t->min_free), *b = html_count(t->usable);
            g_autofree char *pct = html_percent((double) t->min_free / (double) t->usable, 1);
            html_elf(tr, "td", "%s: %s of %s free (%s)", ref, a, b, pct);
        } else {
            html_el(tr, "td", "-");
        }
    }
    tr = html_table_row(table, "Pods that waited for an address");
    for (guint m = 0; m < n; m++) {
        const TgwPodStats *ps = &html_mode_at(p, m)->runs->result->pods;
        g_autofree char *a = html_count(ps->waited_for_ip), *b = html_count(ps->max_waiting_for_ip);
        g_autofree char *hours =
            html_count((guint64) llround(ps->pod_seconds_waiting_for_ip / 3600));
        if (ps->waited_for_ip > 0)
            html_elf(tr, "td", "%s (at most %s at once; %s pod-hours of waiting)", a, b, hours);
        else
            html_el(tr, "td", "none");
    }
    tr = html_table_row(table, "Pods unschedulable at the end");
    for (guint m = 0; m < n; m++) {
        g_autofree char *a =
            html_count(html_mode_at(p, m)->runs->result->pods.unschedulable_at_end);
        html_el(tr, "td", a);
    }
    tr = html_table_row(table, "Nodes");
    for (guint m = 0; m < n; m++) {
        const TgwNodeStats *ns = &html_mode_at(p, m)->runs->result->nodes;
        g_autofree char *a = html_count(ns->launched), *b = html_count(ns->failed_launch),
                        *d = html_count(ns->peak);
        html_elf(tr, "td", "%s launched, %s launches failed, at most %s at once", a, b, d);
    }
    for (guint g = 0; g < base->node_groups->len; g++) {
        const TgwNodeGroupDef *def =
            ((const TgwNodeGroupResult *) base->node_groups->pdata[g])->def;
        g_autofree char *l1 =
            g_strdup_printf("Max pods per node: %s (%s)", def->name, def->instance_type);
        g_autofree char *l2 = g_strdup_printf("Addresses held per node: %s", def->name);
        tr = html_table_row(table, l1);
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = html_mode_at(p, m)->runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            if (ng != NULL)
                html_elf(tr, "td", "%u (kubelet), %u by the VPC CNI formula", ng->max_pods_kubelet,
                         ng->max_pods_cni);
            else
                html_el(tr, "td", "-");
        }
        tr = html_table_row(table, l2);
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = html_mode_at(p, m)->runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
            if (ng != NULL)
                html_elf(tr, "td", "%s addresses for %s pods on average",
                         g_ascii_formatd(a, sizeof a, "%.1f", ng->mean_addresses_per_node),
                         g_ascii_formatd(b, sizeof b, "%.1f", ng->mean_pods_per_node));
            else
                html_el(tr, "td", "-");
        }
    }
    tr = html_table_row(table, "Pod address space (usable)");
    for (guint m = 0; m < n; m++) {
        g_autofree char *a = html_count(html_mode_at(p, m)->pod_space);
        html_el(tr, "td", a);
    }
    if (n > 1) {
        g_autofree char *label =
            g_strdup_printf("Capacity against %s", tgw_cni_mode_name(html_mode_at(p, 0)->mode));
        tr = html_table_row(table, label);
        for (guint m = 0; m < n; m++) {
            g_autofree char *r = html_ratio_text(html_mode_at(p, m)->capacity_ratio);
            html_el(tr, "td", r);
        }
    }
    for (guint m = 0; m < n; m++)
        any_reps = any_reps || html_exhaustion_probability(html_mode_at(p, m)) >= 0;
    if (any_reps) {
        tr = html_table_row(table, "Ran out somewhere, over repetitions");
        for (guint m = 0; m < n; m++) {
            double prob = html_exhaustion_probability(html_mode_at(p, m));
            g_autofree char *pct = prob >= 0 ? html_percent(prob, 0) : NULL;
            if (pct != NULL)
                html_elf(tr, "td", "%s of %u runs", pct,
                         html_mode_at(p, m)->runs->repetitions->len);
            else
                html_el(tr, "td", "one run");
        }
    }

    if (c->has_costs) {
        const TgwModeSummary *cm = html_mode_at(p, c->custom_index);
        xmlNodePtr ul, li;
        g_autofree char *usable = html_count(c->node_usable);
        g_autofree char *used = html_count(c->node_peak_used);
        g_autofree char *prim = html_count(c->node_primary);
        g_autofree char *label = g_ascii_strdown(tgw_cni_mode_label(cm->mode), -1);
        html_elf(sec, "h3", "What %s costs", label);
        ul = html_el(sec, "ul", NULL);
        html_attr(ul, "class", "costs");
        for (guint i = 0; i < c->max_pods->len; i++) {
            const TgwMaxPodsChange *ch = &g_array_index(c->max_pods, TgwMaxPodsChange, i);
            li = html_el(ul, "li", NULL);
            html_el(li, "strong", "Fewer pods per node: ");
            html_textf(li,
                       "%s (%s) runs at most %u pods per node instead of %u (kubelet max-pods %u "
                       "\xE2\x86\x92 %u, the CNI addresses %u \xE2\x86\x92 %u), because the node's "
                       "primary ENI serves no pods; more nodes for the same pods.",
                       ch->custom->def->name, ch->custom->def->instance_type,
                       tgw_max_pods_change_after(ch), tgw_max_pods_change_before(ch),
                       ch->baseline->max_pods_kubelet, ch->custom->max_pods_kubelet,
                       ch->baseline->max_pods_cni, ch->custom->max_pods_cni);
        }
        li = html_el(ul, "li", NULL);
        html_el(li, "strong", "Node subnets are still consumed: ");
        {
            g_autoptr(GString) names = g_string_new(NULL);
            for (guint i = 0; i < c->node_subnets->len; i++) {
                const TgwSubnetDef *sn = c->node_subnets->pdata[i];
                g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", sn->name);
            }
            html_textf(li,
                       "every node still takes its primary IP from %s (%s usable); at their peaks "
                       "%s addresses were used there, %s of them node primary IPs.",
                       names->str, usable, used, prim);
        }
        if (c->snat_clusters->len > 0) {
            li = html_el(ul, "li", NULL);
            html_el(li, "strong", "SNAT for traffic leaving the VPC: ");
            html_text(li,
                      "with external-snat off (the default), pod traffic to other VPCs and "
                      "on-premises leaves as the node's primary IP. Peers see node addresses, "
                      "cannot open connections to pods, and rules keyed on pod addresses do not "
                      "apply.");
        }
        if (c->no_snat_clusters->len > 0) {
            li = html_el(ul, "li", NULL);
            html_el(li, "strong", "No SNAT (external-snat on): ");
            html_text(li, "pod addresses leave the VPC unchanged, so the pod CIDR blocks must be "
                          "routable from every peer.");
        }
        li = html_el(ul, "li", NULL);
        html_el(li, "strong", "Shadowed CG-NAT routes on the transit gateway: ");
        if (c->shadowed->len > 0) {
            html_textf(li,
                       "%u route%s for 100.64.0.0/10 blocks %s not installed because another VPC "
                       "propagates the same CIDR (%u TGW-CIDR-SHADOWED finding%s); pods there are "
                       "reachable only through SNAT. See section 5.",
                       c->shadowed->len, c->shadowed->len == 1 ? "" : "s",
                       c->shadowed->len == 1 ? "is" : "are", c->shadowed_findings,
                       c->shadowed_findings == 1 ? "" : "s");
        } else {
            html_text(li, "none in this network.");
        }
    } else if (n == 1) {
        xmlNodePtr para = html_el(sec, "p", NULL);
        html_attr(para, "class", "note");
        html_text(para, "To see the default VPC CNI and custom networking side by side, run ");
        html_el(para, "code", "tgwsim compare FILE --html F");
        html_text(para, ".");
    }
}

/* ---- 4. holders at the peak ----------------------------------------------------------------- */

static const char *const holder_colours[TGW_HOLDER_COUNT] = {
    "#9e9e9e", /* reserved */
    "#1f4e79", /* node primary */
    "#5b9bd5", /* ENI primary */
    "#2e7d32", /* pods */
    "#f39c12", /* warm pool */
    "#f7c873", /* cooldown */
    "#7b1fa2", /* load balancers */
    "#8d6e63", /* MSK */
    "#d81b60", /* endpoints */
    "#00838f", /* TGW attachment */
    "#827717", /* EKS control plane */
    "#424242", /* other */
    "#bf360c", /* in use before the run */
};

static void
holders_chart(const Page *p, xmlNodePtr parent, const TgwModeSummary *ms, const GPtrArray *subnets,
              const gboolean *used_holders)
{
    const double label_w = 190, bar_x = 196, bar_w = 560, bar_h = 22, row_h = 32, legend_h = 48;
    const TgwRunResult *r = ms->runs->result;
    double height = 28 + legend_h + subnets->len * row_h + 4;
    g_autofree char *title = g_strdup_printf("%s: who holds the addresses at each subnet's peak",
                                             tgw_cni_mode_label(ms->mode));
    xmlNodePtr fig = html_el(parent, "figure", NULL);
    xmlNodePtr svg = html_svg_new(fig, CHART_WIDTH, height, title);
    double lx = 0, ly = 44;

    html_svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
        const char *label = tgw_holder_label(h);
        double w = 30 + 6.0 * (double) g_utf8_strlen(label, -1);
        if (!used_holders[h])
            continue;
        if (lx + w > CHART_WIDTH) {
            lx = 0;
            ly += 20;
        }
        html_svg_rect(svg, lx, ly - 11, 14, 14, holder_colours[h]);
        html_svg_text(svg, lx + 19, ly, label, 12, COLOUR_TEXT, NULL, FALSE);
        lx += w;
    }
    {
        xmlNodePtr fr = html_svg_rect(svg, lx, ly - 11, 14, 14, "#ffffff");
        html_attr(fr, "stroke", "#9e9e9e");
        html_svg_text(svg, lx + 19, ly, "free", 12, COLOUR_TEXT, NULL, FALSE);
    }
    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetDef *sn = subnets->pdata[i];
        const TgwSubnetResult *s = tgw_run_result_find_subnet(r, sn);
        double y = 28 + legend_h + i * row_h, x = bar_x, total;
        g_autofree char *ref = tgw_report_subnet_ref(sn);
        g_autofree char *shown = html_clip(ref, 26);
        xmlNodePtr frame;
        if (s == NULL)
            continue;
        total = (double) (s->usable + TGW_AWS_RESERVED_PER_SUBNET);
        html_svg_text(svg, label_w, y + 16, shown, 12, COLOUR_TEXT, "end", FALSE);
        frame = html_svg_rect(svg, bar_x, y, bar_w, bar_h, "#ffffff");
        html_attr(frame, "stroke", "#9e9e9e");
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
            double w = bar_w * (double) s->at_peak[h] / total;
            xmlNodePtr seg;
            g_autofree char *tip = NULL;
            if (s->at_peak[h] == 0)
                continue;
            seg = html_svg_rect(svg, x, y, w, bar_h, holder_colours[h]);
            tip = g_strdup_printf("%s: %" G_GUINT64_FORMAT, tgw_holder_label(h), s->at_peak[h]);
            html_el(seg, "title", tip);
            if (w >= 30) {
                g_autofree char *n = g_strdup_printf("%" G_GUINT64_FORMAT, s->at_peak[h]);
                html_svg_text(svg, x + w / 2, y + 15, n, 11,
                              h == TGW_HOLDER_WARM || h == TGW_HOLDER_COOLDOWN ? "#000000"
                                                                               : "#ffffff",
                              "middle", FALSE);
            }
            x += w;
        }
        {
            g_autofree char *a = html_count(s->peak_used), *b = html_count(s->usable);
            g_autofree char *pct =
                html_percent(s->usable > 0 ? (double) s->peak_used / (double) s->usable : 0, 0);
            g_autofree char *label = g_strdup_printf("%s of %s used (%s)", a, b, pct);
            html_svg_text(svg, bar_x + bar_w + 8, y + 16, label, 12,
                          s->failures > 0 ? COLOUR_CRITICAL : COLOUR_TEXT, NULL, s->failures > 0);
        }
    }
}

void
html_section_holders(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = html_el(body, "section", NULL), table, tr;
    g_autoptr(GPtrArray) subnets = html_busiest_subnets(p, MAX_BAR_SUBNETS);
    gboolean used[TGW_HOLDER_COUNT] = {FALSE};

    html_attr(sec, "id", "holders");
    html_el(sec, "h2", "4. Who holds the addresses at each subnet's peak");
    if (subnets->len == 0) {
        html_el(sec, "p", "No subnet was used.");
        return;
    }
    html_el(
        sec, "p",
        "Each bar is a whole subnet at the moment it was busiest. The warm pool is free addresses "
        "the VPC CNI keeps on nodes for pods that may come: no other node and no load balancer "
        "can use them.");
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwRunResult *r = html_mode_at(p, m)->runs->result;
        for (guint i = 0; i < subnets->len; i++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, subnets->pdata[i]);
            for (TgwHolder h = 0; s != NULL && h < TGW_HOLDER_COUNT; h++)
                used[h] = used[h] || s->at_peak[h] > 0;
        }
    }
    for (guint m = 0; m < p->c->modes->len; m++)
        holders_chart(p, sec, html_mode_at(p, m), subnets, used);
    if (p->c->watched->len > subnets->len)
        html_elf(sec, "p", "%u more watched subnets were less busy and are left out.",
                 p->c->watched->len - subnets->len);

    /* the numbers behind the bars */
    html_el(sec, "h3", "The numbers");
    table = html_table_new(sec, &tr);
    html_attr(table, "class", "numbers");
    html_el(tr, "th", "Mode");
    html_el(tr, "th", "Subnet");
    html_el(tr, "th", "Peak at");
    for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
        if (used[h]) {
            g_autofree char *label = g_strdelimit(g_strdup(tgw_holder_name(h)), "_", ' ');
            xmlNodePtr th = html_el(tr, "th", label);
            html_attr(th, "class", "num");
        }
    }
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwRunResult *r = html_mode_at(p, m)->runs->result;
        for (guint i = 0; i < subnets->len; i++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, subnets->pdata[i]);
            g_autofree char *ref = NULL, *at = NULL;
            if (s == NULL || s->peak_used == 0)
                continue;
            ref = tgw_report_subnet_ref(s->def);
            at = tgw_clock_format(s->peak_time_ms);
            tr = html_el(table, "tr", NULL);
            html_el(tr, "td", tgw_cni_mode_name(html_mode_at(p, m)->mode));
            html_el(tr, "td", ref);
            html_el(tr, "td", at);
            for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
                if (used[h]) {
                    g_autofree char *v = html_count(s->at_peak[h]);
                    xmlNodePtr td = html_el(tr, "td", v);
                    html_attr(td, "class", "num");
                }
            }
        }
    }
}
