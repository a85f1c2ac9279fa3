/* cmd-advise-html.c: the options advise weighed, as a page a manager can forward (advise --html).
 *
 * One self-contained page (inline CSS and SVG, no script, nothing fetched): per cluster, two or
 * three sentences on the fix (what it adds, how long the design then holds and with how much
 * free, what it costs), the candidates as a table (holds, headroom, price), and a chart of the
 * tightest subnet's free share over the simulated time for the fix against today's design: the
 * p5-p95 band over the runs and the median line. Every text from the scenario reaches the page
 * through libxml2's HTML serializer, escaped. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLtree.h>

#include "tgw-cmd.h"
#include "tgw-config.h"
#include "tgw-sim-advise.h"
#include "tgw-value.h"

#define CHART_W    900.0
#define CHART_H    260.0
#define PAD_L      48.0
#define PAD_B      28.0
#define MAX_POINTS 240

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a1a1a;"
    "max-width:980px;margin:24px auto;padding:0 16px;line-height:1.45}"
    "h1{font-size:22px}h2{font-size:18px;margin-top:28px}"
    "p.say{font-size:16px;background:#f1f8e9;border-left:4px solid #2e7d32;padding:8px 12px}"
    "p.none{font-size:16px;background:#fff3e0;border-left:4px solid #a35c00;padding:8px 12px}"
    "table{border-collapse:collapse;margin:8px 0;font-size:14px}"
    "th,td{border:1px solid #dadce0;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f5f5f5}td.ok{color:#2e7d32;font-weight:600}td.no{color:#c62828}"
    ".muted{color:#5f6368;font-size:13px}";

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
    if (text != NULL)
        xmlAddChild(n, xmlNewText(BAD_CAST text));
    return n;
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
    xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

static void
attr_num(xmlNodePtr n, const char *name, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.1f", v);
    attr(n, name, buf);
}

/* what the candidate is, in a few words */
static char *
what(const TgwAdviseCandidate *c)
{
    char buf[TGW_CIDR_STRLEN];
    if (!c->possible)
        return g_strdup_printf("not possible: %s", c->why_not);
    if (g_str_equal(c->kind, "warm-pool"))
        return g_strdup_printf("WARM_IP_TARGET=%u, WARM_ENI_TARGET=0", c->warm_ip_target);
    if (g_str_equal(c->kind, "prefix-delegation"))
        return g_strdup("ENABLE_PREFIX_DELEGATION=true");
    if (g_str_equal(c->kind, "existing-eniconfigs"))
        return g_strdup("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true");
    if (g_str_equal(c->kind, "routable-subnets"))
        return g_strdup_printf("%u x /%u", c->n_subnets, c->subnet_len);
    return g_strdup_printf("%s as %u x /%u", tgw_cidr_format(c->block, buf), c->n_subnets,
                           c->subnet_len);
}

/* the sentences a manager can forward */
static char *
sentences(const TgwScenario *sc, const TgwAdviseCluster *ac, const TgwAdviseCandidate *c,
          gint64 horizon_ms)
{
    g_autofree char *horizon = tgw_duration_format(horizon_ms);
    g_autoptr(GString) s = g_string_new(NULL);
    char buf[TGW_CIDR_STRLEN];
    const TgwClusterDef *cl = tgw_scenario_find_cluster(sc, ac->cluster);

    if (g_str_equal(c->kind, "custom-networking")) {
        /* pod addresses today: the cluster's node subnets; with the fix: the new pod subnets */
        guint64 today = 0,
                after = (guint64) c->n_subnets *
                        tgw_cidr_aws_usable((TgwCidr){c->block.addr, (guint8) c->subnet_len});
        g_autoptr(GPtrArray) seen = g_ptr_array_new();
        for (guint i = 0; cl != NULL && i < cl->node_groups->len; i++) {
            const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
            for (guint k = 0; k < ng->subnets->len; k++) {
                const TgwSubnetDef *sn = ng->subnets->pdata[k];
                if (!g_ptr_array_find(seen, sn, NULL)) {
                    g_ptr_array_add(seen, (gpointer) sn);
                    today += tgw_cidr_aws_usable(sn->cidr);
                }
            }
        }
        g_string_append_printf(s, "Adding %s for the pods of cluster %s gives ",
                               tgw_cidr_format(c->block, buf), ac->cluster);
        if (today > 0)
            g_string_append_printf(s,
                                   "%.1fx the pod addresses (%" G_GUINT64_FORMAT
                                   " usable in %u new subnets, against %" G_GUINT64_FORMAT
                                   " in the node subnets today)",
                                   (double) after / (double) today, after, c->n_subnets, today);
        else
            g_string_append_printf(s, "%" G_GUINT64_FORMAT " pod addresses", after);
    } else if (g_str_equal(c->kind, "warm-pool")) {
        g_string_append_printf(s,
                               "Setting WARM_IP_TARGET=%u (and WARM_ENI_TARGET=0) on cluster %s "
                               "needs no new addresses",
                               c->warm_ip_target, ac->cluster);
    } else if (g_str_equal(c->kind, "prefix-delegation")) {
        g_string_append_printf(s,
                               "Turning on prefix delegation on cluster %s needs no new "
                               "addresses",
                               ac->cluster);
    } else {
        g_string_append_printf(s, "New subnets (%u x /%u) in the VPC's free room for cluster %s",
                               c->n_subnets, c->subnet_len, ac->cluster);
    }
    g_string_append_printf(s,
                           "; the design then holds in all %u simulated runs of %s, with %.1f%% "
                           "free at the tightest point. Cost: ",
                           c->outcome.runs, horizon, 100.0 * c->outcome.min_free_share);
    if (g_str_equal(c->kind, "custom-networking"))
        g_string_append_printf(s,
                               "%u pods per node instead of %u (at most %" G_GUINT64_FORMAT
                               " nodes at once against %" G_GUINT64_FORMAT
                               " today), pod egress SNATed to node addresses.",
                               c->max_pods_after, c->max_pods_before, c->outcome.nodes_peak,
                               ac->today.nodes_peak);
    else if (g_str_equal(c->kind, "warm-pool"))
        g_string_append_printf(s,
                               "%.0f EC2 calls an hour (today %.0f) and %.0f pods a run that "
                               "wait for an address (today %.0f).",
                               c->outcome.ec2_per_hour, ac->today.ec2_per_hour,
                               c->outcome.waited_per_run, ac->today.waited_per_run);
    else if (g_str_equal(c->kind, "prefix-delegation"))
        g_string_append_printf(
            s, "max pods per node %u -> %u, %.0f EC2 calls an hour (today %.0f).",
            c->max_pods_before, c->max_pods_after, c->outcome.ec2_per_hour, ac->today.ec2_per_hour);
    else
        g_string_append(s, "the node groups are created anew in the new subnets.");
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static double
x_of(gint64 t, gint64 horizon_ms)
{
    return PAD_L + (CHART_W - PAD_L - 8) * (double) t / (double) MAX(horizon_ms, 1);
}

static double
y_of(double share)
{
    return 8 + (CHART_H - PAD_B - 8) * (1.0 - CLAMP(share, 0.0, 1.0));
}

/* the band (p5..p95) as a polygon and the median as a line, at most MAX_POINTS samples */
static void
band(xmlNodePtr svg, const GArray *b, gint64 horizon_ms, const char *colour, gboolean draw_band)
{
    g_autoptr(GString) poly = g_string_new(NULL);
    g_autoptr(GString) line = g_string_new(NULL);
    guint step = b->len > MAX_POINTS ? (b->len + MAX_POINTS - 1) / MAX_POINTS : 1;
    xmlNodePtr n = NULL;
    char xb[G_ASCII_DTOSTR_BUF_SIZE], yb[G_ASCII_DTOSTR_BUF_SIZE];

    if (b->len == 0)
        return;
    for (guint i = 0; i < b->len; i += step) {
        const TgwAdviseBand *p = &g_array_index(b, TgwAdviseBand, i);
        g_string_append_printf(poly, "%s,%s ",
                               g_ascii_formatd(xb, sizeof xb, "%.1f", x_of(p->time_ms, horizon_ms)),
                               g_ascii_formatd(yb, sizeof yb, "%.1f", y_of(p->p95)));
        g_string_append_printf(line, "%s,%s ", xb,
                               g_ascii_formatd(yb, sizeof yb, "%.1f", y_of(p->p50)));
    }
    for (gint i = (gint) ((b->len - 1) / step * step); i >= 0; i -= (gint) step) {
        const TgwAdviseBand *p = &g_array_index(b, TgwAdviseBand, i);
        g_string_append_printf(poly, "%s,%s ",
                               g_ascii_formatd(xb, sizeof xb, "%.1f", x_of(p->time_ms, horizon_ms)),
                               g_ascii_formatd(yb, sizeof yb, "%.1f", y_of(p->p5)));
    }
    if (draw_band) {
        n = el(svg, "polygon", NULL);
        attr(n, "points", poly->str);
        attr(n, "fill", colour);
        attr(n, "fill-opacity", "0.2");
    }
    n = el(svg, "polyline", NULL);
    attr(n, "points", line->str);
    attr(n, "fill", "none");
    attr(n, "stroke", colour);
    attr(n, "stroke-width", "2");
}

static void
chart(xmlNodePtr parent, const TgwAdviseCluster *ac, const TgwAdviseCandidate *c, gint64 horizon_ms)
{
    xmlNodePtr svg = el(parent, "svg", NULL), n = NULL, legend = NULL;
    gboolean many = c->outcome.runs > 1;
    g_autofree char *span = tgw_duration_format(horizon_ms);
    g_autofree char *title = g_strdup_printf(
        "Free share of the tightest subnet over %s: today (%s) against the fix (%s)%s", span,
        ac->today.tightest != NULL ? ac->today.tightest : "-",
        c->outcome.tightest != NULL ? c->outcome.tightest : "-",
        many ? "; bands from p5 to p95 over the runs, lines the median" : "");
    attr(svg, "xmlns", "http://www.w3.org/2000/svg");
    attr_num(svg, "width", CHART_W);
    attr_num(svg, "height", CHART_H);
    attr(svg, "role", "img");
    el(svg, "title", title);
    for (int pct = 0; pct <= 100; pct += 25) {
        g_autofree char *label = g_strdup_printf("%d%%", pct);
        n = el(svg, "line", NULL);
        attr_num(n, "x1", PAD_L);
        attr_num(n, "x2", CHART_W - 8);
        attr_num(n, "y1", y_of(pct / 100.0));
        attr_num(n, "y2", y_of(pct / 100.0));
        attr(n, "stroke", "#dadce0");
        n = el(svg, "text", label);
        attr_num(n, "x", 4);
        attr_num(n, "y", y_of(pct / 100.0) + 4);
        attr(n, "font-size", "11");
        attr(n, "fill", "#5f6368");
    }
    if (ac->today.band != NULL)
        band(svg, ac->today.band, horizon_ms, "#c62828", many);
    if (c->outcome.band != NULL)
        band(svg, c->outcome.band, horizon_ms, "#2e7d32", many);
    legend = el(svg, "text", "red: today; green: with the fix");
    attr_num(legend, "x", PAD_L);
    attr_num(legend, "y", CHART_H - 8);
    attr(legend, "font-size", "12");
    attr(legend, "fill", "#1a1a1a");
    el(parent, "p", title);
    attr((xmlNodePtr) parent->last, "class", "muted");
}

static void
options_table(xmlNodePtr parent, const TgwAdviseCluster *ac)
{
    xmlNodePtr table = el(parent, "table", NULL), tr = el(table, "tr", NULL);
    const char *heads[] = {"option", "what", "holds", "lowest free", "headroom lost (p5)", "price"};
    for (guint i = 0; i < G_N_ELEMENTS(heads); i++)
        el(tr, "th", heads[i]);
    for (guint k = 0; k < ac->candidates->len; k++) {
        const TgwAdviseCandidate *c = ac->candidates->pdata[k];
        g_autofree char *w = what(c), *holds = NULL, *low = NULL, *lost = NULL, *price = NULL;
        xmlNodePtr td = NULL;
        tr = el(table, "tr", NULL);
        el(tr, "td", tgw_advise_kind_label(c->kind));
        el(tr, "td", w);
        holds = c->possible ? g_strdup_printf("%u of %u runs", c->outcome.holds, c->outcome.runs)
                            : g_strdup("-");
        td = el(tr, "td", holds);
        attr(td, "class", tgw_advise_candidate_holds(c) ? "ok" : "no");
        low = c->possible ? g_strdup_printf("%.1f%%", 100.0 * c->outcome.min_free_share)
                          : g_strdup("-");
        el(tr, "td", low);
        lost = !c->possible                    ? g_strdup("-")
               : c->outcome.headroom_p5_ms < 0 ? g_strdup("never")
                                               : tgw_clock_format(c->outcome.headroom_p5_ms);
        el(tr, "td", lost);
        price = g_strdup_printf(
            "max pods %u -> %u; EC2 calls %.0f/h; pods waiting %.0f a run%s", c->max_pods_before,
            c->max_pods_after, c->outcome.ec2_per_hour, c->outcome.waited_per_run,
            g_str_equal(c->kind, "custom-networking") ? "; pod egress SNATed" : "");
        el(tr, "td", c->possible ? price : "-");
    }
}

char *
tgw_advise_html(const TgwScenario *sc, const GPtrArray *advice, const TgwAdviseOptions *o)
{
    htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html"), head, body, meta, style;
    g_autofree char *title = g_strdup_printf("Options: %s", sc->name);
    gint64 horizon_ms = o->horizon_ms > 0 ? o->horizon_ms : sc->horizon_ms;
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out = NULL;
    GString *page = g_string_new("<!DOCTYPE html>\n");

    xmlDocSetRootElement(doc, html);
    attr(html, "lang", "en");
    head = el(html, "head", NULL);
    meta = el(head, "meta", NULL);
    attr(meta, "charset", "utf-8");
    meta = el(head, "meta", NULL);
    attr(meta, "name", "generator");
    attr(meta, "content", "tgwsim " TGW_VERSION);
    el(head, "title", title);
    style = el(head, "style", NULL);
    xmlAddChild(style, xmlNewText(BAD_CAST css));
    body = el(html, "body", NULL);
    el(body, "h1", title);
    {
        g_autofree char *horizon = tgw_duration_format(horizon_ms);
        g_autofree char *intro = g_strdup_printf(
            "Each option was simulated %u times over %s with the same arrivals and lifetimes as "
            "today's design; an option holds when every subnet of the cluster keeps %.0f%% of its "
            "addresses free in every run. Options that hold come first; among them settings "
            "before new address space.",
            o->runs, horizon, 100.0 * o->headroom);
        el(body, "p", intro);
    }
    for (guint i = 0; i < advice->len; i++) {
        const TgwAdviseCluster *ac = advice->pdata[i];
        const TgwAdviseCandidate *fix = tgw_advise_cluster_fix(ac);
        g_autofree char *h = g_strdup_printf("Cluster %s", ac->cluster);
        xmlNodePtr p = NULL;
        el(body, "h2", h);
        if (!ac->needs_fix) {
            g_autofree char *t = g_strdup_printf(
                "Nothing to do: every subnet keeps %.1f%% free or more in every run.",
                100.0 * ac->today.min_free_share);
            p = el(body, "p", t);
            attr(p, "class", "say");
            continue;
        }
        if (fix != NULL) {
            g_autofree char *say = sentences(sc, ac, fix, horizon_ms);
            p = el(body, "p", say);
            attr(p, "class", "say");
        } else {
            p = el(body, "p", "No option holds in every run; the table shows the closest.");
            attr(p, "class", "none");
        }
        el(body, "h2", "Options");
        options_table(body, ac);
        if (fix != NULL)
            chart(body, ac, fix, horizon_ms);
    }
    out = xmlOutputBufferCreateBuffer(buf, NULL);
    htmlNodeDumpFormatOutput(out, doc, html, "UTF-8", 1);
    xmlOutputBufferClose(out);
    g_string_append_len(page, (const char *) xmlBufferContent(buf), xmlBufferLength(buf));
    g_string_append_c(page, '\n');
    xmlBufferFree(buf);
    xmlFreeDoc(doc);
    return g_string_free(page, FALSE);
}
