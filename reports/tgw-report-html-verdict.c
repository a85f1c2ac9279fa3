/* tgw-report-html-verdict.c: sections 1 and 2 of the HTML report (see
 * tgw-report-html-private.h).
 *
 * 1. The verdict: one sentence per mode and a status tile each. 2. Free addresses over time: one
 * line chart per mode of the busiest subnets, with the moments they ran out marked. */
#include "tgw-report-html-private.h"

#include <math.h>
#include <string.h>

#include "tgw-report-run.h"
#include "tgw-value.h"

/* ---- 1. verdict ----------------------------------------------------------------------------- */

typedef struct {
    const char *title;
    TgwStatus status;
    char *big, *line1, *line2, *line3;
} Tile;

static void
tile_clear(Tile *t)
{
    g_free(t->big);
    g_free(t->line1);
    g_free(t->line2);
    g_free(t->line3);
}

static void
mode_tile(const Page *p, const TgwModeSummary *ms, Tile *t)
{
    const TgwRunResult *r = ms->runs->result;
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    t->title = tgw_cni_mode_label(ms->mode);
    t->status = ms->status;
    t->big = g_strdup(tgw_status_name(ms->status));
    if (first != NULL) {
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_autofree char *ref = tgw_report_subnet_ref(first->subnet);
        t->line1 = first->fragmented ? g_strdup_printf("no /28 free on %s", at)
                                     : g_strdup_printf("runs out on %s", at);
        t->line2 = g_strdup_printf("in %s", ref);
    } else {
        g_autofree char *h = html_span(p->horizon_ms);
        t->line1 = g_strdup_printf("never runs out in %s", h);
        if (ms->tightest != NULL) {
            g_autofree char *pct =
                html_percent((double) ms->tightest->min_free / (double) ms->tightest->usable, 0);
            t->line2 = g_strdup_printf("busiest: %s, %s free", ms->tightest->def->name, pct);
        }
    }
    if (r->pods.waited_for_ip > 0) {
        g_autofree char *n = html_count(r->pods.waited_for_ip);
        t->line3 = g_strdup_printf("%s pods waited for an IP", n);
    } else if (r->pods.unschedulable_at_end > 0) {
        g_autofree char *n = html_count(r->pods.unschedulable_at_end);
        t->line3 = g_strdup_printf("%s pods pending at the end", n);
    } else {
        t->line3 = g_strdup("no pod waited for an IP");
    }
}

/* at most four tiles a row, so that a tile keeps room for "CRITICAL" at 30 px and a line of
 * about 30 characters: five or six tiles (three or four modes) take two rows of three */
static void
draw_tiles(xmlNodePtr parent, Tile *tiles, guint n)
{
    guint per_row = n <= 4 ? n : (n + 1) / 2, rows = (n + per_row - 1) / per_row;
    double gap = 12, h = 124, w = (CHART_WIDTH - gap * (per_row - 1)) / per_row;
    xmlNodePtr svg = html_svg_new(parent, CHART_WIDTH, rows * h + (rows - 1) * gap, "Status tiles");
    /* characters that fit inside the tile's 14 px margins: 13 px text about 7.2 px a character,
     * the 14 px bold title about 8.7 */
    glong chars = (glong) ((w - 28) / 7.2), title_chars = (glong) ((w - 28) / 8.7);

    html_attr(svg, "class", "tiles");
    for (guint i = 0; i < n; i++) {
        double x = (i % per_row) * (w + gap), y0 = (i / per_row) * (h + gap), ly = y0 + 82;
        g_autofree char *title = html_clip(tiles[i].title, title_chars);
        const char *lines[] = {tiles[i].line1, tiles[i].line2, tiles[i].line3};
        xmlNodePtr r = html_svg_rect(svg, x, y0, w, h, html_status_colour(tiles[i].status));
        html_attr(r, "rx", "8");
        html_svg_text(svg, x + 14, y0 + 24, title, 14, "#ffffff", NULL, TRUE);
        html_svg_text(svg, x + 14, y0 + 60, tiles[i].big, 30, "#ffffff", NULL, TRUE);
        /* the lines there are, without gaps */
        for (guint k = 0; k < G_N_ELEMENTS(lines); k++) {
            g_autofree char *l = NULL;
            if (lines[k] == NULL)
                continue;
            l = html_clip(lines[k], chars);
            html_svg_text(svg, x + 14, ly, l, 13, "#ffffff", NULL, FALSE);
            ly += 17;
        }
    }
}

void
html_section_verdict(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = html_el(body, "section", NULL), ul;
    TgwComparison *c = p->c;
    Tile tiles[6] = {{0}};
    guint n = 0;
    const TgwModeSummary *base = html_mode_at(p, 0);

    html_attr(sec, "id", "verdict");
    html_el(sec, "h2", "1. Verdict");
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwModeSummary *ms = html_mode_at(p, m);
        xmlNodePtr div = html_el(sec, "div", NULL), para;
        g_autofree char *line = html_headline(p, ms);
        html_attr(div, "class", "headline");
        html_badge(div, ms->status, 148, 46);
        para = html_el(div, "p", NULL);
        html_elf(para, "strong", "%s:", tgw_cni_mode_label(ms->mode));
        html_textf(para, " %s", line);
    }
    /* a mode the design cannot run in was not simulated: said as plainly as the others */
    for (guint m = 0; p->in->not_applicable != NULL && m < p->in->not_applicable->len; m++) {
        const TgwModeNotApplicable *na =
            &g_array_index(p->in->not_applicable, TgwModeNotApplicable, m);
        xmlNodePtr div = html_el(sec, "div", NULL), para;
        html_attr(div, "class", "headline");
        html_badge(div, TGW_STATUS_INFO, 148, 46);
        para = html_el(div, "p", NULL);
        html_elf(para, "strong", "%s:", tgw_cni_mode_label(na->mode));
        html_textf(para, " not applicable to this design, so not simulated: %s.", na->reason);
    }

    /* the capacity figure: against the baseline, or what custom networking would give */
    if (c->has_costs) {
        const TgwModeSummary *cm = html_mode_at(p, c->custom_index);
        g_autofree char *ratio = html_ratio_text(cm->capacity_ratio);
        g_autofree char *a = html_count(base->pod_space), *b = html_count(cm->pod_space);
        xmlNodePtr para = html_el(sec, "p", NULL);
        html_attr(para, "class", "ratio");
        if (cm->pod_space == 0) {
            html_textf(para, "%s: ", tgw_cni_mode_label(cm->mode));
            html_el(para, "strong", "no ENIConfig subnet in this scenario");
            html_text(para, ", so its pods get no addresses at all.");
        } else if (cm->capacity_ratio >= 1) {
            html_textf(para, "%s gives pods ", tgw_cni_mode_label(cm->mode));
            html_elf(para, "strong", "%s more addresses", ratio);
            html_textf(para, ": %s instead of %s usable.", b, a);
            /* more addresses is no good news when that mode fails too: say so beside it */
            if (cm->status == TGW_STATUS_CRITICAL)
                html_textf(para, " It is still critical: %s (see its verdict above).",
                           cm->status_reason);
        } else {
            html_textf(para, "%s gives pods %s addresses instead of %s usable (%s).",
                       tgw_cni_mode_label(cm->mode), b, a, ratio);
        }
    } else if (!tgw_cni_mode_is_custom(base->mode) && c->custom_pod_space > base->pod_space &&
               base->pod_space > 0) {
        g_autofree char *ratio =
            html_ratio_text((double) c->custom_pod_space / (double) base->pod_space);
        g_autofree char *a = html_count(base->pod_space), *b = html_count(c->custom_pod_space);
        xmlNodePtr para = html_el(sec, "p", NULL);
        html_attr(para, "class", "ratio");
        html_text(para, "Custom networking (the scenario's ENIConfig subnets) would give pods ");
        html_elf(para, "strong", "%s more addresses", ratio);
        html_textf(para, ": %s instead of %s. ", b, a);
        html_el(para, "code", "tgwsim compare");
        html_text(para, " shows what else changes.");
    }

    for (guint m = 0; m < c->modes->len && n < 4; m++)
        mode_tile(p, html_mode_at(p, m), &tiles[n++]);
    {
        Tile *t = &tiles[n++];
        guint64 a = base->pod_space;
        t->title = "Pod address space";
        t->status = TGW_STATUS_INFO;
        if (c->has_costs) {
            const TgwModeSummary *cm = html_mode_at(p, c->custom_index);
            g_autofree char *r = html_ratio_text(cm->capacity_ratio);
            g_autofree char *x = html_count(a), *y = html_count(cm->pod_space);
            t->big = cm->pod_space == 0        ? g_strdup("none")
                     : cm->capacity_ratio >= 1 ? g_strdup_printf("%s more", r)
                                               : g_strdup(r);
            t->line1 = g_strdup_printf("%s \xE2\x86\x92 %s addresses", x, y);
            t->line2 = g_strdup_printf("%s \xE2\x86\x92 %s", tgw_cni_mode_name(base->mode),
                                       tgw_cni_mode_name(cm->mode));
        } else {
            g_autofree char *x = html_count(a);
            t->big = g_strdup(x);
            t->line1 = g_strdup_printf("usable for pods (%s)", tgw_cni_mode_name(base->mode));
            if (!tgw_cni_mode_is_custom(base->mode) && c->custom_pod_space > a && a > 0) {
                g_autofree char *y = html_count(c->custom_pod_space);
                t->line2 = g_strdup_printf("custom networking: %s", y);
            }
        }
    }
    {
        Tile *t = &tiles[n++];
        t->title = "Network design checks";
        t->status = c->findings_errors > 0     ? TGW_STATUS_CRITICAL
                    : c->findings_warnings > 0 ? TGW_STATUS_WARN
                                               : TGW_STATUS_OK;
        t->big = g_strdup(tgw_status_name(t->status));
        if (p->in->findings == NULL)
            t->line1 = g_strdup("not checked");
        else
            t->line1 = g_strdup_printf("%u error%s, %u warning%s", c->findings_errors,
                                       c->findings_errors == 1 ? "" : "s", c->findings_warnings,
                                       c->findings_warnings == 1 ? "" : "s");
        if (c->shadowed->len > 0)
            t->line2 = g_strdup_printf("%u shadowed CG-NAT route%s", c->shadowed->len,
                                       c->shadowed->len == 1 ? "" : "s");
    }
    draw_tiles(sec, tiles, n);
    for (guint i = 0; i < n; i++)
        tile_clear(&tiles[i]);

    html_el(sec, "h3", "In detail");
    ul = html_el(sec, "ul", NULL);
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwModeSummary *ms = html_mode_at(p, m);
        g_autofree char *verdict = tgw_report_verdict(ms->runs->result);
        g_autofree char *at = tgw_report_at_first_exhaustion(ms->runs->result);
        xmlNodePtr li = html_el(ul, "li", NULL);
        html_elf(li, "strong", "%s (%s, %s):", tgw_cni_mode_label(ms->mode),
                 tgw_status_name(ms->status), ms->status_reason);
        html_textf(li, " %s", verdict);
        if (at != NULL)
            html_textf(li, " %s", at);
    }
}

/* ---- 2. free addresses over time ------------------------------------------------------------ */

static const char *const palette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                      "#e69f00", "#56b4e9", "#000000", "#8c564b"};
static const char *const dashes[] = {NULL, "7 4", "2 3"};

static void
line_style(xmlNodePtr node, guint i)
{
    html_attr(node, "stroke", palette[i % G_N_ELEMENTS(palette)]);
    if (dashes[(i / G_N_ELEMENTS(palette)) % G_N_ELEMENTS(dashes)] != NULL)
        html_attr(node, "stroke-dasharray",
                  dashes[(i / G_N_ELEMENTS(palette)) % G_N_ELEMENTS(dashes)]);
}

/* the x-axis step in ms: days when the horizon is long, hours when short */
static gint64
time_step(gint64 horizon)
{
    static const gint64 steps[] = {
        TGW_MS_PER_MINUTE * 10, TGW_MS_PER_HOUR,      TGW_MS_PER_HOUR * 3, TGW_MS_PER_HOUR * 6,
        TGW_MS_PER_HOUR * 12,   TGW_MS_PER_DAY,       TGW_MS_PER_DAY * 2,  TGW_MS_PER_DAY * 5,
        TGW_MS_PER_DAY * 7,     TGW_MS_PER_DAY * 10,  TGW_MS_PER_DAY * 30, TGW_MS_PER_DAY * 90,
        TGW_MS_PER_DAY * 180,   TGW_MS_PER_DAY * 365,
    };
    for (guint i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (horizon / steps[i] <= 10)
            return steps[i];
    }
    return TGW_MS_PER_DAY * 365;
}

static char *
tick_label(gint64 ms, gint64 step)
{
    if (step >= TGW_MS_PER_DAY)
        return g_strdup_printf("day %" G_GINT64_FORMAT, ms / TGW_MS_PER_DAY);
    return tgw_duration_format(ms);
}

/* the watched subnets drawn in a chart: at most max, those that came closest to running dry in
 * any mode, kept in scenario order */
GPtrArray *
html_busiest_subnets(const Page *p, guint max)
{
    const GPtrArray *watched = p->c->watched;
    GPtrArray *out = g_ptr_array_new();
    g_autofree double *low = g_new0(double, MAX(watched->len, 1u));
    g_autofree gboolean *keep = g_new0(gboolean, MAX(watched->len, 1u));
    guint kept = 0;

    for (guint i = 0; i < watched->len; i++) {
        low[i] = 1.0;
        for (guint m = 0; m < p->c->modes->len; m++) {
            const TgwSubnetResult *s =
                tgw_run_result_find_subnet(html_mode_at(p, m)->runs->result, watched->pdata[i]);
            if (s != NULL && s->usable > 0)
                low[i] = MIN(low[i], (double) s->min_free / (double) s->usable);
        }
    }
    while (kept < MIN(watched->len, max)) {
        guint best = G_MAXUINT;
        for (guint i = 0; i < watched->len; i++) {
            if (!keep[i] && (best == G_MAXUINT || low[i] < low[best]))
                best = i;
        }
        keep[best] = TRUE;
        kept++;
    }
    for (guint i = 0; i < watched->len; i++) {
        if (keep[i])
            g_ptr_array_add(out, watched->pdata[i]);
    }
    return out;
}

typedef struct {
    gint64 minute;
    GString *names;
    gboolean fragmented; /* every subnet of the mark failed for want of an aligned /28 */
} Mark;

static void
free_chart(const Page *p, xmlNodePtr parent, const TgwModeSummary *ms, const GPtrArray *subnets)
{
    const double L = 56, T = 30, PW = CHART_WIDTH - L - 20, PH = 230;
    const guint per_row = 4;
    guint rows = (subnets->len + per_row - 1) / per_row;
    double height = T + PH + 44 + rows * 20 + 6;
    const TgwRunResult *r = ms->runs->result;
    g_autofree char *h = html_span(p->horizon_ms);
    g_autofree char *title = g_strdup_printf("%s: free addresses per subnet over %s (%% of usable)",
                                             tgw_cni_mode_label(ms->mode), h);
    xmlNodePtr fig = html_el(parent, "figure", NULL), svg;
    gint64 step = time_step(p->horizon_ms);
    g_autoptr(GArray) marks = g_array_new(FALSE, TRUE, sizeof(Mark));
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    svg = html_svg_new(fig, CHART_WIDTH, height, title);
    html_svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    /* grid and axes: the same in every mode's chart */
    for (int q = 0; q <= 4; q++) {
        double y = T + PH * (1 - q / 4.0);
        g_autofree char *label = g_strdup_printf("%d%%", q * 25);
        html_svg_line(svg, L, y, L + PW, y, q == 0 ? COLOUR_LINE : COLOUR_GRID, q == 0 ? 1.5 : 1);
        html_svg_text(svg, L - 8, y + 4, label, 11, COLOUR_MUTED, "end", FALSE);
    }
    for (gint64 t = 0; t <= p->horizon_ms; t += step) {
        double x = L + PW * (double) t / (double) p->horizon_ms;
        g_autofree char *label = tick_label(t, step);
        html_svg_line(svg, x, T, x, T + PH, COLOUR_GRID, 1);
        html_svg_text(svg, x, T + PH + 16, label, 11, COLOUR_MUTED, "middle", FALSE);
    }

    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetResult *s = tgw_run_result_find_subnet(r, subnets->pdata[i]);
        g_autoptr(GString) points = g_string_new(NULL);
        xmlNodePtr line;
        if (s == NULL || s->usable == 0 || s->series->len == 0)
            continue;
        for (guint k = 0; k < s->series->len; k++) {
            const TgwSample *sm = &g_array_index(s->series, TgwSample, k);
            double x = L + PW * (double) MIN(sm->time_ms, p->horizon_ms) / (double) p->horizon_ms;
            /* the lowest free count of the interval, so that a dip to zero shows */
            double y = T + PH * (1 - MIN((double) sm->min_free / (double) s->usable, 1.0));
            g_string_append_printf(points, "%s%s,", k > 0 ? " " : "", html_num(buf, x));
            g_string_append(points, html_num(buf, y));
        }
        line = html_el(svg, "polyline", NULL);
        html_attr(line, "points", points->str);
        html_attr(line, "fill", "none");
        html_attr(line, "stroke-width", "2");
        html_attr(line, "stroke-linejoin", "round");
        line_style(line, i);
        if (s->first_exhausted_ms >= 0) {
            gint64 minute = s->first_exhausted_ms / TGW_MS_PER_MINUTE;
            Mark *mk = NULL;
            for (guint k = 0; k < marks->len && mk == NULL; k++) {
                if (g_array_index(marks, Mark, k).minute == minute)
                    mk = &g_array_index(marks, Mark, k);
            }
            if (mk == NULL) {
                Mark fresh = {minute, g_string_new(NULL), TRUE};
                g_array_append_val(marks, fresh);
                mk = &g_array_index(marks, Mark, marks->len - 1);
            }
            g_string_append_printf(mk->names, "%s%s", mk->names->len > 0 ? ", " : "", s->def->name);
            mk->fragmented &= s->first_fragmented;
        }
    }
    /* exhaustion: a red dashed line, a red dot on the zero line and who ran out when */
    for (guint k = 0; k < marks->len; k++) {
        Mark *mk = &g_array_index(marks, Mark, k);
        double x = L + PW * (double) (mk->minute * TGW_MS_PER_MINUTE) / (double) p->horizon_ms;
        g_autofree char *at = tgw_clock_format(mk->minute * TGW_MS_PER_MINUTE);
        /* a fragmented subnet's line stays above zero: the label says why it failed anyway */
        g_autofree char *label =
            mk->fragmented ? g_strdup_printf("\xE2\x9C\x95 %s: no /28 free (fragmented), %s",
                                             mk->names->str, at)
                           : g_strdup_printf("\xE2\x9C\x95 %s ran out, %s", mk->names->str, at);
        g_autofree char *shown = html_clip(label, 60);
        gboolean right = x > L + PW * 0.6;
        xmlNodePtr l = html_svg_line(svg, x, T, x, T + PH, COLOUR_CRITICAL, 1.5), dot;
        html_attr(l, "stroke-dasharray", "5 3");
        dot = html_el(svg, "circle", NULL);
        html_attr_num(dot, "cx", x);
        html_attr_num(dot, "cy", T + PH);
        html_attr(dot, "r", "5");
        html_attr(dot, "fill", COLOUR_CRITICAL);
        html_attr(dot, "stroke", "#ffffff");
        html_attr(dot, "stroke-width", "1.5");
        html_svg_text(svg, right ? x - 5 : x + 5, T + 14 + 15 * (k % 4), shown, 12, COLOUR_CRITICAL,
                      right ? "end" : NULL, TRUE);
        g_string_free(mk->names, TRUE);
    }
    /* legend */
    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetDef *sn = subnets->pdata[i];
        const TgwSubnetResult *s = tgw_run_result_find_subnet(r, sn);
        double x = L + (i % per_row) * (PW / per_row), y = T + PH + 38 + (i / per_row) * 20;
        g_autofree char *ref = tgw_report_subnet_ref(sn);
        g_autofree char *cidr = tgw_cidr_to_string(sn->cidr);
        g_autofree char *label = g_strdup_printf(
            "%s %s%s", ref, cidr, s != NULL && s->first_exhausted_ms >= 0 ? " \xE2\x9C\x95" : "");
        g_autofree char *shown = html_clip(label, 34);
        xmlNodePtr l = html_el(svg, "line", NULL);
        html_attr_num(l, "x1", x);
        html_attr_num(l, "y1", y - 4);
        html_attr_num(l, "x2", x + 22);
        html_attr_num(l, "y2", y - 4);
        html_attr(l, "stroke-width", "3");
        line_style(l, i);
        html_svg_text(svg, x + 28, y, shown, 12, COLOUR_TEXT, NULL, FALSE);
    }
    {
        xmlNodePtr cap = html_el(fig, "figcaption", NULL);
        html_textf(
            cap,
            "Lowest free share of each subnet in each sampling interval; 0%% means an allocation "
            "failed there. Same scales in every mode. %s marks where a subnet ran out.",
            "\xE2\x9C\x95");
    }
}

void
html_section_timeline(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = html_el(body, "section", NULL);
    g_autoptr(GPtrArray) subnets = html_busiest_subnets(p, MAX_CHART_SUBNETS);
    html_attr(sec, "id", "timeline");
    html_el(sec, "h2", "2. Free addresses over time");
    if (subnets->len == 0) {
        html_el(sec, "p", "No cluster subnet and no subnet with real use: nothing to chart.");
        return;
    }
    html_el(sec, "p",
            "Each line is one subnet: the share of its usable addresses that is free. The closer a "
            "line gets to 0%, the closer that subnet is to refusing new pods, nodes or load "
            "balancers.");
    for (guint m = 0; m < p->c->modes->len; m++)
        free_chart(p, sec, html_mode_at(p, m), subnets);
    if (p->c->watched->len > subnets->len) {
        html_elf(sec, "p",
                 "%u more watched subnets kept more headroom and are left out of the charts.",
                 p->c->watched->len - subnets->len);
    }
}
