/* tgw-report-html.c: the management report as one HTML file (see tgw-report-html.h).
 *
 * Built as a libxml2 tree and written with the HTML serializer: text nodes and attribute values
 * are escaped there, so a scenario called "<script>" shows as text. The serializer writes SVG
 * elements it does not know as <rect ...></rect>, which HTML5 parsers accept inside <svg>; the
 * SVG namespace attribute is left out (HTML5 does not need it, and the page holds no URL at all).
 * Numbers go through g_ascii_formatd or integer formatting, never the locale. Everything is in
 * scenario order, so the same input gives the same bytes. */
#include "tgw-report-html.h"

#include <math.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "tgw-config.h"
#include "tgw-lint.h"
#include "tgw-report-run.h"
#include "tgw-value.h"

/* status colours, dark enough for white text; every use also prints the status word */
#define COLOUR_OK       "#2e7d32"
#define COLOUR_WARN     "#a35c00"
#define COLOUR_CRITICAL "#c62828"
#define COLOUR_INFO     "#1565c0"
#define COLOUR_TEXT     "#1a1a1a"
#define COLOUR_MUTED    "#5f6368"
#define COLOUR_GRID     "#dadce0"
#define COLOUR_LINE     "#455a64"
#define FONT            "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

#define CHART_WIDTH       960
#define MAX_CHART_SUBNETS 12
#define MAX_BAR_SUBNETS   24
#define MAX_PICTURE_VPCS  24
#define MAX_TABLE_ROUTES  200
#define MAX_FINDINGS      200

/* the CSS is an enhancement: the page reads the same without it (a CSP may drop it) */
static const char css[] =
    ":root{color-scheme:light}"
    "body{font-family:" FONT ";color:#1a1a1a;background:#fff;max-width:1040px;margin:0 auto;"
    "padding:20px 28px;line-height:1.45;font-size:15px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 8px;padding-top:8px;"
    "border-top:2px solid #e0e0e0}h3{font-size:16px;margin:18px 0 6px}"
    ".sub{color:#3c4043;margin:2px 0}.meta{color:#5f6368;font-size:13px;margin:2px 0 12px}"
    ".headline{display:flex;align-items:center;gap:14px;margin:10px 0}"
    ".headline p{font-size:21px;font-weight:600;margin:0;line-height:1.3}"
    ".headline svg{flex:none}"
    ".ratio{font-size:18px;margin:12px 0}"
    "table{border-collapse:collapse;margin:8px 0 14px;font-size:14px}"
    "th,td{border:1px solid #d0d0d0;padding:5px 9px;text-align:left;vertical-align:top}"
    "th{background:#f3f4f6}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    "figure{margin:10px 0 18px}figcaption{font-size:13px;color:#5f6368;margin-top:2px}"
    "svg{max-width:100%;height:auto}"
    "ul.costs li{margin:4px 0}.note{color:#5f6368;font-size:13px}"
    "code{font-size:13px;background:#f3f4f6;padding:0 3px}"
    "nav{font-size:13px;margin:0 0 6px}nav a{color:#1565c0}"
    "table.numbers{font-size:12.5px}table.numbers td:nth-child(2){white-space:nowrap}"
    "footer{margin-top:28px;color:#5f6368;font-size:12px;border-top:1px solid #e0e0e0;"
    "padding-top:8px}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}"
    "h2{break-after:avoid}figure,table,.headline,.tiles{break-inside:avoid}"
    "section{break-inside:auto}nav{display:none}}";

typedef struct {
    const TgwReportInput *in;
    TgwComparison *c;
    const TgwHtmlOptions *opts;
    gint64 horizon_ms;
} Page;

/* ---- small tree helpers ------------------------------------------------------------------- */

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
    if (text != NULL)
        return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
    return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

static xmlNodePtr G_GNUC_PRINTF(3, 4)
    elf(xmlNodePtr parent, const char *name, const char *format, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    va_start(ap, format);
    text = g_strdup_vprintf(format, ap);
    va_end(ap);
    return el(parent, name, text);
}

static void
attr(xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

/* a bordered table (visible in print and without CSS) and its first row, for the header cells */
static xmlNodePtr
table_new(xmlNodePtr parent, xmlNodePtr *head)
{
    xmlNodePtr tbl = el(parent, "table", NULL);
    attr(tbl, "border", "1");
    if (head != NULL)
        *head = el(tbl, "tr", NULL);
    return tbl;
}

/* the same with a fixed header: the NULL-terminated column names */
static xmlNodePtr G_GNUC_NULL_TERMINATED
table_with_heads(xmlNodePtr parent, const char *first, ...)
{
    xmlNodePtr head = NULL, tbl = table_new(parent, &head);
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name != NULL; name = va_arg(ap, const char *))
        el(head, "th", name);
    va_end(ap);
    return tbl;
}

static void G_GNUC_PRINTF(3, 4) attrf(xmlNodePtr node, const char *name, const char *format, ...)
{
    va_list ap;
    g_autofree char *value = NULL;
    va_start(ap, format);
    value = g_strdup_vprintf(format, ap);
    va_end(ap);
    attr(node, name, value);
}

static void
text(xmlNodePtr parent, const char *t)
{
    xmlAddChild(parent, xmlNewText(BAD_CAST t));
}

static void G_GNUC_PRINTF(2, 3) textf(xmlNodePtr parent, const char *format, ...)
{
    va_list ap;
    g_autofree char *t = NULL;
    va_start(ap, format);
    t = g_strdup_vprintf(format, ap);
    va_end(ap);
    text(parent, t);
}

/* a coordinate with one decimal at most, "12" rather than "12.0" */
static const char *
num(char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
{
    gsize len;
    g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE, "%.1f", v);
    len = strlen(buf);
    if (len >= 2 && buf[len - 2] == '.' && buf[len - 1] == '0')
        buf[len - 2] = '\0';
    if (g_str_equal(buf, "-0"))
        strcpy(buf, "0");
    return buf;
}

static void
attr_num(xmlNodePtr node, const char *name, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    attr(node, name, num(buf, v));
}

static char *
percent(double fraction, int decimals)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup_printf("%s%%", g_ascii_formatd(buf, sizeof buf, decimals == 0 ? "%.0f" : "%.1f",
                                                   100.0 * fraction));
}

static char *
count(guint64 n)
{
    return tgw_report_count_format(n);
}

/* "32.6×" */
static char *
ratio_text(double ratio)
{
    g_autofree char *r = tgw_report_ratio_format(ratio);
    if (g_str_has_suffix(r, "x"))
        r[strlen(r) - 1] = '\0';
    return g_strdup_printf("%s%s", r, g_str_equal(r, "-") ? "" : "\xC3\x97");
}

/* "30 days", "1 day", "12h" */
static char *
span(gint64 ms)
{
    if (ms > 0 && ms % TGW_MS_PER_DAY == 0)
        return g_strdup_printf("%" G_GINT64_FORMAT " day%s", ms / TGW_MS_PER_DAY,
                               ms == TGW_MS_PER_DAY ? "" : "s");
    return tgw_duration_format(ms);
}

/* at most max characters, with an ellipsis: for SVG text, which does not wrap */
static char *
clip(const char *s, glong max)
{
    if (g_utf8_strlen(s, -1) <= max)
        return g_strdup(s);
    {
        g_autofree char *head = g_utf8_substring(s, 0, max - 1);
        return g_strconcat(head, "\xE2\x80\xA6", NULL);
    }
}

static const char *
status_colour(TgwStatus status)
{
    switch (status) {
    case TGW_STATUS_OK:
        return COLOUR_OK;
    case TGW_STATUS_WARN:
        return COLOUR_WARN;
    case TGW_STATUS_CRITICAL:
        return COLOUR_CRITICAL;
    case TGW_STATUS_INFO:
        return COLOUR_INFO;
    }
    return COLOUR_INFO;
}

static xmlNodePtr
svg_new(xmlNodePtr parent, double width, double height, const char *title)
{
    xmlNodePtr svg = el(parent, "svg", NULL);
    char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
    attr_num(svg, "width", width);
    attr_num(svg, "height", height);
    attrf(svg, "viewBox", "0 0 %s %s", num(w, width), num(h, height));
    attr(svg, "role", "img");
    attr(svg, "aria-label", title);
    attr(svg, "font-family", FONT);
    el(svg, "title", title);
    return svg;
}

static xmlNodePtr
svg_rect(xmlNodePtr svg, double x, double y, double w, double h, const char *fill)
{
    xmlNodePtr r = el(svg, "rect", NULL);
    attr_num(r, "x", x);
    attr_num(r, "y", y);
    attr_num(r, "width", MAX(w, 0));
    attr_num(r, "height", MAX(h, 0));
    attr(r, "fill", fill);
    return r;
}

static xmlNodePtr
svg_line(xmlNodePtr svg, double x1, double y1, double x2, double y2, const char *stroke,
         double width)
{
    xmlNodePtr l = el(svg, "line", NULL);
    attr_num(l, "x1", x1);
    attr_num(l, "y1", y1);
    attr_num(l, "x2", x2);
    attr_num(l, "y2", y2);
    attr(l, "stroke", stroke);
    attr_num(l, "stroke-width", width);
    return l;
}

static xmlNodePtr
svg_text(xmlNodePtr svg, double x, double y, const char *t, double size, const char *fill,
         const char *anchor, gboolean bold)
{
    xmlNodePtr n = el(svg, "text", t);
    attr_num(n, "x", x);
    attr_num(n, "y", y);
    attr_num(n, "font-size", size);
    attr(n, "fill", fill);
    if (anchor != NULL)
        attr(n, "text-anchor", anchor);
    if (bold)
        attr(n, "font-weight", "bold");
    return n;
}

/* the status word on its colour: the badge of a headline or a table cell */
static void
badge(xmlNodePtr parent, TgwStatus status, double width, double height)
{
    g_autofree char *title = g_strdup_printf("status: %s", tgw_status_name(status));
    xmlNodePtr svg = svg_new(parent, width, height, title);
    xmlNodePtr r = svg_rect(svg, 0, 0, width, height, status_colour(status));
    attr(r, "rx", "6");
    svg_text(svg, width / 2, height / 2 + height * 0.17, tgw_status_name(status), height * 0.45,
             "#ffffff", "middle", TRUE);
}

/* ---- what each mode amounts to -------------------------------------------------------------- */

static const TgwModeSummary *
mode_at(const Page *p, guint m)
{
    return &g_array_index(p->c->modes, TgwModeSummary, m);
}

static double
exhaustion_probability(const TgwModeSummary *ms)
{
    const GPtrArray *reps = ms->runs->repetitions;
    return reps != NULL && reps->len > 1 ? tgw_results_exhaustion_probability(reps) : -1;
}

/* one sentence a manager reads first */
static char *
headline(const Page *p, const TgwModeSummary *ms)
{
    const TgwRunResult *r = ms->runs->result;
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    g_autoptr(GString) s = g_string_new(NULL);
    double prob = exhaustion_probability(ms);

    if (first != NULL) {
        g_autofree char *ref = tgw_report_subnet_ref(first->subnet);
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_string_append_printf(s, "Pod IP addresses run out on %s in %s (%s)", at, ref,
                               first->subnet->az);
        if (r->pods.waited_for_ip > 0) {
            g_autofree char *n = count(r->pods.waited_for_ip);
            g_string_append_printf(s, "; %s pods wait for an address", n);
        }
    } else if (r->pods.waited_for_ip > 0) {
        g_autofree char *n = count(r->pods.waited_for_ip);
        g_string_append_printf(s, "No subnet runs out, but %s pods wait for an address", n);
    } else {
        g_autofree char *h = span(p->horizon_ms);
        g_string_append_printf(s, "No subnet runs out in %s", h);
        if (ms->tightest != NULL) {
            g_autofree char *ref = tgw_report_subnet_ref(ms->tightest->def);
            g_autofree char *pct =
                percent((double) ms->tightest->min_free / (double) ms->tightest->usable, 0);
            g_string_append_printf(s, "; the busiest, %s, keeps %s free", ref, pct);
        }
    }
    if (first == NULL && r->pods.waited_for_ip == 0 && r->pods.unschedulable_at_end > 0) {
        /* otherwise the shortage above already explains them; "In detail" has the count */
        g_autofree char *n = count(r->pods.unschedulable_at_end);
        g_string_append_printf(s, "; %s pods are still pending at the end", n);
    }
    if (prob >= 0) {
        g_autofree char *pct = percent(prob, 0);
        g_string_append_printf(s, " (addresses ran out in %s of %u runs)", pct,
                               ms->runs->repetitions->len);
    }
    g_string_append_c(s, '.');
    return g_string_free(g_steal_pointer(&s), FALSE);
}

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
        t->line1 = g_strdup_printf("runs out on %s", at);
        t->line2 = g_strdup_printf("in %s", ref);
    } else {
        g_autofree char *h = span(p->horizon_ms);
        t->line1 = g_strdup_printf("never runs out in %s", h);
        if (ms->tightest != NULL) {
            g_autofree char *pct =
                percent((double) ms->tightest->min_free / (double) ms->tightest->usable, 0);
            t->line2 = g_strdup_printf("busiest: %s, %s free", ms->tightest->def->name, pct);
        }
    }
    if (r->pods.waited_for_ip > 0) {
        g_autofree char *n = count(r->pods.waited_for_ip);
        t->line3 = g_strdup_printf("%s pods waited for an IP", n);
    } else if (r->pods.unschedulable_at_end > 0) {
        g_autofree char *n = count(r->pods.unschedulable_at_end);
        t->line3 = g_strdup_printf("%s pods pending at the end", n);
    } else {
        t->line3 = g_strdup("no pod waited for an IP");
    }
}

static void
draw_tiles(xmlNodePtr parent, Tile *tiles, guint n)
{
    double gap = 12, h = 124, w = (CHART_WIDTH - gap * (n - 1)) / n;
    xmlNodePtr svg = svg_new(parent, CHART_WIDTH, h, "Status tiles");
    glong chars = (glong) (w / 7.4);

    attr(svg, "class", "tiles");
    for (guint i = 0; i < n; i++) {
        double x = i * (w + gap), ly = 82;
        g_autofree char *title = clip(tiles[i].title, chars);
        const char *lines[] = {tiles[i].line1, tiles[i].line2, tiles[i].line3};
        xmlNodePtr r = svg_rect(svg, x, 0, w, h, status_colour(tiles[i].status));
        attr(r, "rx", "8");
        svg_text(svg, x + 14, 24, title, 14, "#ffffff", NULL, TRUE);
        svg_text(svg, x + 14, 60, tiles[i].big, 30, "#ffffff", NULL, TRUE);
        /* the lines there are, without gaps */
        for (guint k = 0; k < G_N_ELEMENTS(lines); k++) {
            g_autofree char *l = NULL;
            if (lines[k] == NULL)
                continue;
            l = clip(lines[k], chars);
            svg_text(svg, x + 14, ly, l, 13, "#ffffff", NULL, FALSE);
            ly += 17;
        }
    }
}

static void
section_verdict(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = el(body, "section", NULL), ul;
    TgwComparison *c = p->c;
    Tile tiles[6] = {{0}};
    guint n = 0;
    const TgwModeSummary *base = mode_at(p, 0);

    attr(sec, "id", "verdict");
    el(sec, "h2", "1. Verdict");
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwModeSummary *ms = mode_at(p, m);
        xmlNodePtr div = el(sec, "div", NULL), para;
        g_autofree char *line = headline(p, ms);
        attr(div, "class", "headline");
        badge(div, ms->status, 148, 46);
        para = el(div, "p", NULL);
        elf(para, "strong", "%s:", tgw_cni_mode_label(ms->mode));
        textf(para, " %s", line);
    }

    /* the capacity figure: against the baseline, or what custom networking would give */
    if (c->has_costs) {
        const TgwModeSummary *cm = mode_at(p, c->custom_index);
        g_autofree char *ratio = ratio_text(cm->capacity_ratio);
        g_autofree char *a = count(base->pod_space), *b = count(cm->pod_space);
        xmlNodePtr para = el(sec, "p", NULL);
        attr(para, "class", "ratio");
        if (cm->pod_space == 0) {
            textf(para, "%s: ", tgw_cni_mode_label(cm->mode));
            el(para, "strong", "no ENIConfig subnet in this scenario");
            text(para, ", so its pods get no addresses at all.");
        } else if (cm->capacity_ratio >= 1) {
            textf(para, "%s gives pods ", tgw_cni_mode_label(cm->mode));
            elf(para, "strong", "%s more addresses", ratio);
            textf(para, ": %s instead of %s usable.", b, a);
        } else {
            textf(para, "%s gives pods %s addresses instead of %s usable (%s).",
                  tgw_cni_mode_label(cm->mode), b, a, ratio);
        }
    } else if (!tgw_cni_mode_is_custom(base->mode) && c->custom_pod_space > base->pod_space &&
               base->pod_space > 0) {
        g_autofree char *ratio =
            ratio_text((double) c->custom_pod_space / (double) base->pod_space);
        g_autofree char *a = count(base->pod_space), *b = count(c->custom_pod_space);
        xmlNodePtr para = el(sec, "p", NULL);
        attr(para, "class", "ratio");
        text(para, "Custom networking (the scenario's ENIConfig subnets) would give pods ");
        elf(para, "strong", "%s more addresses", ratio);
        textf(para, ": %s instead of %s. ", b, a);
        el(para, "code", "tgwsim compare");
        text(para, " shows what else changes.");
    }

    for (guint m = 0; m < c->modes->len && n < 4; m++)
        mode_tile(p, mode_at(p, m), &tiles[n++]);
    {
        Tile *t = &tiles[n++];
        guint64 a = base->pod_space;
        t->title = "Pod address space";
        t->status = TGW_STATUS_INFO;
        if (c->has_costs) {
            const TgwModeSummary *cm = mode_at(p, c->custom_index);
            g_autofree char *r = ratio_text(cm->capacity_ratio);
            g_autofree char *x = count(a), *y = count(cm->pod_space);
            t->big = cm->pod_space == 0        ? g_strdup("none")
                     : cm->capacity_ratio >= 1 ? g_strdup_printf("%s more", r)
                                               : g_strdup(r);
            t->line1 = g_strdup_printf("%s \xE2\x86\x92 %s addresses", x, y);
            t->line2 = g_strdup_printf("%s \xE2\x86\x92 %s", tgw_cni_mode_name(base->mode),
                                       tgw_cni_mode_name(cm->mode));
        } else {
            g_autofree char *x = count(a);
            t->big = g_strdup(x);
            t->line1 = g_strdup_printf("usable for pods (%s)", tgw_cni_mode_name(base->mode));
            if (!tgw_cni_mode_is_custom(base->mode) && c->custom_pod_space > a && a > 0) {
                g_autofree char *y = count(c->custom_pod_space);
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

    el(sec, "h3", "In detail");
    ul = el(sec, "ul", NULL);
    for (guint m = 0; m < c->modes->len; m++) {
        const TgwModeSummary *ms = mode_at(p, m);
        g_autofree char *verdict = tgw_report_verdict(ms->runs->result);
        xmlNodePtr li = el(ul, "li", NULL);
        elf(li, "strong", "%s (%s, %s):", tgw_cni_mode_label(ms->mode), tgw_status_name(ms->status),
            ms->status_reason);
        textf(li, " %s", verdict);
    }
}

/* ---- 2. free addresses over time ------------------------------------------------------------ */

static const char *const palette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                      "#e69f00", "#56b4e9", "#000000", "#8c564b"};
static const char *const dashes[] = {NULL, "7 4", "2 3"};

static void
line_style(xmlNodePtr node, guint i)
{
    attr(node, "stroke", palette[i % G_N_ELEMENTS(palette)]);
    if (dashes[(i / G_N_ELEMENTS(palette)) % G_N_ELEMENTS(dashes)] != NULL)
        attr(node, "stroke-dasharray", dashes[(i / G_N_ELEMENTS(palette)) % G_N_ELEMENTS(dashes)]);
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
static GPtrArray *
busiest_subnets(const Page *p, guint max)
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
                tgw_run_result_find_subnet(mode_at(p, m)->runs->result, watched->pdata[i]);
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
} Mark;

static void
free_chart(const Page *p, xmlNodePtr parent, const TgwModeSummary *ms, const GPtrArray *subnets)
{
    const double L = 56, T = 30, PW = CHART_WIDTH - L - 20, PH = 230;
    const guint per_row = 4;
    guint rows = (subnets->len + per_row - 1) / per_row;
    double height = T + PH + 44 + rows * 20 + 6;
    const TgwRunResult *r = ms->runs->result;
    g_autofree char *h = span(p->horizon_ms);
    g_autofree char *title = g_strdup_printf("%s: free addresses per subnet over %s (%% of usable)",
                                             tgw_cni_mode_label(ms->mode), h);
    xmlNodePtr fig = el(parent, "figure", NULL), svg;
    gint64 step = time_step(p->horizon_ms);
    g_autoptr(GArray) marks = g_array_new(FALSE, TRUE, sizeof(Mark));
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    svg = svg_new(fig, CHART_WIDTH, height, title);
    svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    /* grid and axes: the same in every mode's chart */
    for (int q = 0; q <= 4; q++) {
        double y = T + PH * (1 - q / 4.0);
        g_autofree char *label = g_strdup_printf("%d%%", q * 25);
        svg_line(svg, L, y, L + PW, y, q == 0 ? COLOUR_LINE : COLOUR_GRID, q == 0 ? 1.5 : 1);
        svg_text(svg, L - 8, y + 4, label, 11, COLOUR_MUTED, "end", FALSE);
    }
    for (gint64 t = 0; t <= p->horizon_ms; t += step) {
        double x = L + PW * (double) t / (double) p->horizon_ms;
        g_autofree char *label = tick_label(t, step);
        svg_line(svg, x, T, x, T + PH, COLOUR_GRID, 1);
        svg_text(svg, x, T + PH + 16, label, 11, COLOUR_MUTED, "middle", FALSE);
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
            g_string_append_printf(points, "%s%s,", k > 0 ? " " : "", num(buf, x));
            g_string_append(points, num(buf, y));
        }
        line = el(svg, "polyline", NULL);
        attr(line, "points", points->str);
        attr(line, "fill", "none");
        attr(line, "stroke-width", "2");
        attr(line, "stroke-linejoin", "round");
        line_style(line, i);
        if (s->first_exhausted_ms >= 0) {
            gint64 minute = s->first_exhausted_ms / TGW_MS_PER_MINUTE;
            Mark *mk = NULL;
            for (guint k = 0; k < marks->len && mk == NULL; k++) {
                if (g_array_index(marks, Mark, k).minute == minute)
                    mk = &g_array_index(marks, Mark, k);
            }
            if (mk == NULL) {
                Mark fresh = {minute, g_string_new(NULL)};
                g_array_append_val(marks, fresh);
                mk = &g_array_index(marks, Mark, marks->len - 1);
            }
            g_string_append_printf(mk->names, "%s%s", mk->names->len > 0 ? ", " : "", s->def->name);
        }
    }
    /* exhaustion: a red dashed line, a red dot on the zero line and who ran out when */
    for (guint k = 0; k < marks->len; k++) {
        Mark *mk = &g_array_index(marks, Mark, k);
        double x = L + PW * (double) (mk->minute * TGW_MS_PER_MINUTE) / (double) p->horizon_ms;
        g_autofree char *at = tgw_clock_format(mk->minute * TGW_MS_PER_MINUTE);
        g_autofree char *label = g_strdup_printf("\xE2\x9C\x95 %s ran out, %s", mk->names->str, at);
        g_autofree char *shown = clip(label, 60);
        gboolean right = x > L + PW * 0.6;
        xmlNodePtr l = svg_line(svg, x, T, x, T + PH, COLOUR_CRITICAL, 1.5), dot;
        attr(l, "stroke-dasharray", "5 3");
        dot = el(svg, "circle", NULL);
        attr_num(dot, "cx", x);
        attr_num(dot, "cy", T + PH);
        attr(dot, "r", "5");
        attr(dot, "fill", COLOUR_CRITICAL);
        attr(dot, "stroke", "#ffffff");
        attr(dot, "stroke-width", "1.5");
        svg_text(svg, right ? x - 5 : x + 5, T + 14 + 15 * (k % 4), shown, 12, COLOUR_CRITICAL,
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
        g_autofree char *shown = clip(label, 34);
        xmlNodePtr l = el(svg, "line", NULL);
        attr_num(l, "x1", x);
        attr_num(l, "y1", y - 4);
        attr_num(l, "x2", x + 22);
        attr_num(l, "y2", y - 4);
        attr(l, "stroke-width", "3");
        line_style(l, i);
        svg_text(svg, x + 28, y, shown, 12, COLOUR_TEXT, NULL, FALSE);
    }
    {
        xmlNodePtr cap = el(fig, "figcaption", NULL);
        textf(cap,
              "Lowest free share of each subnet in each sampling interval; 0%% means an allocation "
              "failed there. Same scales in every mode. %s marks where a subnet ran out.",
              "\xE2\x9C\x95");
    }
}

static void
section_timeline(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = el(body, "section", NULL);
    g_autoptr(GPtrArray) subnets = busiest_subnets(p, MAX_CHART_SUBNETS);
    attr(sec, "id", "timeline");
    el(sec, "h2", "2. Free addresses over time");
    if (subnets->len == 0) {
        el(sec, "p", "No cluster subnet and no subnet with real use: nothing to chart.");
        return;
    }
    el(sec, "p",
       "Each line is one subnet: the share of its usable addresses that is free. The closer a "
       "line gets to 0%, the closer that subnet is to refusing new pods, nodes or load "
       "balancers.");
    for (guint m = 0; m < p->c->modes->len; m++)
        free_chart(p, sec, mode_at(p, m), subnets);
    if (p->c->watched->len > subnets->len) {
        elf(sec, "p", "%u more watched subnets kept more headroom and are left out of the charts.",
            p->c->watched->len - subnets->len);
    }
}

/* ---- 3. modes side by side ------------------------------------------------------------------ */

static xmlNodePtr
table_row(xmlNodePtr table, const char *label)
{
    xmlNodePtr tr = el(table, "tr", NULL);
    el(tr, "th", label);
    return tr;
}

static void
section_compare(const Page *p, xmlNodePtr body)
{
    TgwComparison *c = p->c;
    xmlNodePtr sec = el(body, "section", NULL), table, tr;
    const TgwRunResult *base = mode_at(p, 0)->runs->result;
    guint n = c->modes->len;
    gboolean any_reps = FALSE;

    attr(sec, "id", "compare");
    el(sec, "h2", n > 1 ? "3. The modes side by side" : "3. This run in figures");
    if (n > 1)
        el(sec, "p",
           "Every mode ran with the same seed, so it saw the same pod arrivals and lifetimes "
           "(common random numbers): the differences come from the CNI mode alone.");
    table = table_new(sec, &tr);
    el(tr, "th", "");
    for (guint m = 0; m < n; m++)
        elf(tr, "th", "%s (%s)", tgw_cni_mode_label(mode_at(p, m)->mode),
            tgw_cni_mode_name(mode_at(p, m)->mode));

    tr = table_row(table, "Status");
    for (guint m = 0; m < n; m++)
        elf(tr, "td", "%s: %s", tgw_status_name(mode_at(p, m)->status),
            mode_at(p, m)->status_reason);
    tr = table_row(table, "First exhaustion");
    for (guint m = 0; m < n; m++) {
        const TgwExhaustionEvent *e = tgw_run_result_first_exhaustion(mode_at(p, m)->runs->result);
        if (e != NULL) {
            g_autofree char *at = tgw_clock_format(e->time_ms);
            g_autofree char *ref = tgw_report_subnet_ref(e->subnet);
            elf(tr, "td", "%s in %s (%s): %s %s", at, ref, e->subnet->az, e->requester,
                tgw_report_request_phrase(e->request));
        } else {
            g_autofree char *h = span(p->horizon_ms);
            elf(tr, "td", "never in %s", h);
        }
    }
    tr = table_row(table, "Subnets that ran out");
    for (guint m = 0; m < n; m++) {
        const TgwRunResult *r = mode_at(p, m)->runs->result;
        g_autoptr(GString) s = g_string_new(NULL);
        for (guint i = 0; i < r->subnets->len; i++) {
            const TgwSubnetResult *sr = r->subnets->pdata[i];
            if (sr->failures > 0)
                g_string_append_printf(s, "%s%s/%s", s->len > 0 ? ", " : "", sr->def->vpc->name,
                                       sr->def->name);
        }
        el(tr, "td", s->len > 0 ? s->str : "none");
    }
    tr = table_row(table, "Least free at its peak (cluster subnets)");
    for (guint m = 0; m < n; m++) {
        const TgwSubnetResult *t = mode_at(p, m)->tightest;
        if (t != NULL) {
            g_autofree char *ref = tgw_report_subnet_ref(t->def);
            g_autofree char *a = count(t->min_free), *b = count(t->usable);
            g_autofree char *pct = percent((double) t->min_free / (double) t->usable, 1);
            elf(tr, "td", "%s: %s of %s free (%s)", ref, a, b, pct);
        } else {
            el(tr, "td", "-");
        }
    }
    tr = table_row(table, "Pods that waited for an address");
    for (guint m = 0; m < n; m++) {
        const TgwPodStats *ps = &mode_at(p, m)->runs->result->pods;
        g_autofree char *a = count(ps->waited_for_ip), *b = count(ps->max_waiting_for_ip);
        g_autofree char *hours = count((guint64) llround(ps->pod_seconds_waiting_for_ip / 3600));
        if (ps->waited_for_ip > 0)
            elf(tr, "td", "%s (at most %s at once; %s pod-hours of waiting)", a, b, hours);
        else
            el(tr, "td", "none");
    }
    tr = table_row(table, "Pods unschedulable at the end");
    for (guint m = 0; m < n; m++) {
        g_autofree char *a = count(mode_at(p, m)->runs->result->pods.unschedulable_at_end);
        el(tr, "td", a);
    }
    tr = table_row(table, "Nodes");
    for (guint m = 0; m < n; m++) {
        const TgwNodeStats *ns = &mode_at(p, m)->runs->result->nodes;
        g_autofree char *a = count(ns->launched), *b = count(ns->failed_launch),
                        *d = count(ns->peak);
        elf(tr, "td", "%s launched, %s launches failed, at most %s at once", a, b, d);
    }
    for (guint g = 0; g < base->node_groups->len; g++) {
        const TgwNodeGroupDef *def =
            ((const TgwNodeGroupResult *) base->node_groups->pdata[g])->def;
        g_autofree char *l1 =
            g_strdup_printf("Max pods per node: %s (%s)", def->name, def->instance_type);
        g_autofree char *l2 = g_strdup_printf("Addresses held per node: %s", def->name);
        tr = table_row(table, l1);
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = mode_at(p, m)->runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            if (ng != NULL)
                elf(tr, "td", "%u (kubelet), %u by the VPC CNI formula", ng->max_pods_kubelet,
                    ng->max_pods_cni);
            else
                el(tr, "td", "-");
        }
        tr = table_row(table, l2);
        for (guint m = 0; m < n; m++) {
            const TgwRunResult *r = mode_at(p, m)->runs->result;
            const TgwNodeGroupResult *ng =
                g < r->node_groups->len ? r->node_groups->pdata[g] : NULL;
            char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
            if (ng != NULL)
                elf(tr, "td", "%s addresses for %s pods on average",
                    g_ascii_formatd(a, sizeof a, "%.1f", ng->mean_addresses_per_node),
                    g_ascii_formatd(b, sizeof b, "%.1f", ng->mean_pods_per_node));
            else
                el(tr, "td", "-");
        }
    }
    tr = table_row(table, "Pod address space (usable)");
    for (guint m = 0; m < n; m++) {
        g_autofree char *a = count(mode_at(p, m)->pod_space);
        el(tr, "td", a);
    }
    if (n > 1) {
        g_autofree char *label =
            g_strdup_printf("Capacity against %s", tgw_cni_mode_name(mode_at(p, 0)->mode));
        tr = table_row(table, label);
        for (guint m = 0; m < n; m++) {
            g_autofree char *r = ratio_text(mode_at(p, m)->capacity_ratio);
            el(tr, "td", r);
        }
    }
    for (guint m = 0; m < n; m++)
        any_reps = any_reps || exhaustion_probability(mode_at(p, m)) >= 0;
    if (any_reps) {
        tr = table_row(table, "Ran out somewhere, over repetitions");
        for (guint m = 0; m < n; m++) {
            double prob = exhaustion_probability(mode_at(p, m));
            g_autofree char *pct = prob >= 0 ? percent(prob, 0) : NULL;
            if (pct != NULL)
                elf(tr, "td", "%s of %u runs", pct, mode_at(p, m)->runs->repetitions->len);
            else
                el(tr, "td", "one run");
        }
    }

    if (c->has_costs) {
        const TgwModeSummary *cm = mode_at(p, c->custom_index);
        xmlNodePtr ul, li;
        g_autofree char *usable = count(c->node_usable);
        g_autofree char *used = count(c->node_peak_used);
        g_autofree char *prim = count(c->node_primary);
        g_autofree char *label = g_ascii_strdown(tgw_cni_mode_label(cm->mode), -1);
        elf(sec, "h3", "What %s costs", label);
        ul = el(sec, "ul", NULL);
        attr(ul, "class", "costs");
        for (guint i = 0; i < c->max_pods->len; i++) {
            const TgwMaxPodsChange *ch = &g_array_index(c->max_pods, TgwMaxPodsChange, i);
            li = el(ul, "li", NULL);
            el(li, "strong", "Fewer pods per node: ");
            textf(li,
                  "%s (%s) runs at most %u pods per node instead of %u, because the node's "
                  "primary ENI serves no pods; more nodes for the same pods.",
                  ch->custom->def->name, ch->custom->def->instance_type, ch->custom->max_pods_cni,
                  ch->baseline->max_pods_cni);
        }
        li = el(ul, "li", NULL);
        el(li, "strong", "Node subnets are still consumed: ");
        {
            g_autoptr(GString) names = g_string_new(NULL);
            for (guint i = 0; i < c->node_subnets->len; i++) {
                const TgwSubnetDef *sn = c->node_subnets->pdata[i];
                g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", sn->name);
            }
            textf(li,
                  "every node still takes its primary IP from %s (%s usable); at their peaks "
                  "%s addresses were used there, %s of them node primary IPs.",
                  names->str, usable, used, prim);
        }
        if (c->snat_clusters->len > 0) {
            li = el(ul, "li", NULL);
            el(li, "strong", "SNAT for traffic leaving the VPC: ");
            text(li, "with external-snat off (the default), pod traffic to other VPCs and "
                     "on-premises leaves as the node's primary IP. Peers see node addresses, "
                     "cannot open connections to pods, and rules keyed on pod addresses do not "
                     "apply.");
        }
        if (c->no_snat_clusters->len > 0) {
            li = el(ul, "li", NULL);
            el(li, "strong", "No SNAT (external-snat on): ");
            text(li, "pod addresses leave the VPC unchanged, so the pod CIDR blocks must be "
                     "routable from every peer.");
        }
        li = el(ul, "li", NULL);
        el(li, "strong", "Shadowed CG-NAT routes on the transit gateway: ");
        if (c->shadowed->len > 0) {
            textf(li,
                  "%u route%s for 100.64.0.0/10 blocks %s not installed because another VPC "
                  "propagates the same CIDR (%u TGW-CIDR-SHADOWED finding%s); pods there are "
                  "reachable only through SNAT. See section 5.",
                  c->shadowed->len, c->shadowed->len == 1 ? "" : "s",
                  c->shadowed->len == 1 ? "is" : "are", c->shadowed_findings,
                  c->shadowed_findings == 1 ? "" : "s");
        } else {
            text(li, "none in this network.");
        }
    } else if (n == 1) {
        xmlNodePtr para = el(sec, "p", NULL);
        attr(para, "class", "note");
        text(para, "To see the default VPC CNI and custom networking side by side, run ");
        el(para, "code", "tgwsim compare FILE --html F");
        text(para, ".");
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
    xmlNodePtr fig = el(parent, "figure", NULL);
    xmlNodePtr svg = svg_new(fig, CHART_WIDTH, height, title);
    double lx = 0, ly = 44;

    svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
        const char *label = tgw_holder_label(h);
        double w = 30 + 6.0 * (double) g_utf8_strlen(label, -1);
        if (!used_holders[h])
            continue;
        if (lx + w > CHART_WIDTH) {
            lx = 0;
            ly += 20;
        }
        svg_rect(svg, lx, ly - 11, 14, 14, holder_colours[h]);
        svg_text(svg, lx + 19, ly, label, 12, COLOUR_TEXT, NULL, FALSE);
        lx += w;
    }
    {
        xmlNodePtr fr = svg_rect(svg, lx, ly - 11, 14, 14, "#ffffff");
        attr(fr, "stroke", "#9e9e9e");
        svg_text(svg, lx + 19, ly, "free", 12, COLOUR_TEXT, NULL, FALSE);
    }
    for (guint i = 0; i < subnets->len; i++) {
        const TgwSubnetDef *sn = subnets->pdata[i];
        const TgwSubnetResult *s = tgw_run_result_find_subnet(r, sn);
        double y = 28 + legend_h + i * row_h, x = bar_x, total;
        g_autofree char *ref = tgw_report_subnet_ref(sn);
        g_autofree char *shown = clip(ref, 26);
        xmlNodePtr frame;
        if (s == NULL)
            continue;
        total = (double) (s->usable + TGW_AWS_RESERVED_PER_SUBNET);
        svg_text(svg, label_w, y + 16, shown, 12, COLOUR_TEXT, "end", FALSE);
        frame = svg_rect(svg, bar_x, y, bar_w, bar_h, "#ffffff");
        attr(frame, "stroke", "#9e9e9e");
        for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
            double w = bar_w * (double) s->at_peak[h] / total;
            xmlNodePtr seg;
            g_autofree char *tip = NULL;
            if (s->at_peak[h] == 0)
                continue;
            seg = svg_rect(svg, x, y, w, bar_h, holder_colours[h]);
            tip = g_strdup_printf("%s: %" G_GUINT64_FORMAT, tgw_holder_label(h), s->at_peak[h]);
            el(seg, "title", tip);
            if (w >= 30) {
                g_autofree char *n = g_strdup_printf("%" G_GUINT64_FORMAT, s->at_peak[h]);
                svg_text(svg, x + w / 2, y + 15, n, 11,
                         h == TGW_HOLDER_WARM || h == TGW_HOLDER_COOLDOWN ? "#000000" : "#ffffff",
                         "middle", FALSE);
            }
            x += w;
        }
        {
            g_autofree char *a = count(s->peak_used), *b = count(s->usable);
            g_autofree char *pct =
                percent(s->usable > 0 ? (double) s->peak_used / (double) s->usable : 0, 0);
            g_autofree char *label = g_strdup_printf("%s of %s used (%s)", a, b, pct);
            svg_text(svg, bar_x + bar_w + 8, y + 16, label, 12,
                     s->failures > 0 ? COLOUR_CRITICAL : COLOUR_TEXT, NULL, s->failures > 0);
        }
    }
}

static void
section_holders(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = el(body, "section", NULL), table, tr;
    g_autoptr(GPtrArray) subnets = busiest_subnets(p, MAX_BAR_SUBNETS);
    gboolean used[TGW_HOLDER_COUNT] = {FALSE};

    attr(sec, "id", "holders");
    el(sec, "h2", "4. Who holds the addresses at each subnet's peak");
    if (subnets->len == 0) {
        el(sec, "p", "No subnet was used.");
        return;
    }
    el(sec, "p",
       "Each bar is a whole subnet at the moment it was busiest. The warm pool is free addresses "
       "the VPC CNI keeps on nodes for pods that may come: no other node and no load balancer "
       "can use them.");
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwRunResult *r = mode_at(p, m)->runs->result;
        for (guint i = 0; i < subnets->len; i++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, subnets->pdata[i]);
            for (TgwHolder h = 0; s != NULL && h < TGW_HOLDER_COUNT; h++)
                used[h] = used[h] || s->at_peak[h] > 0;
        }
    }
    for (guint m = 0; m < p->c->modes->len; m++)
        holders_chart(p, sec, mode_at(p, m), subnets, used);
    if (p->c->watched->len > subnets->len)
        elf(sec, "p", "%u more watched subnets were less busy and are left out.",
            p->c->watched->len - subnets->len);

    /* the numbers behind the bars */
    el(sec, "h3", "The numbers");
    table = table_new(sec, &tr);
    attr(table, "class", "numbers");
    el(tr, "th", "Mode");
    el(tr, "th", "Subnet");
    el(tr, "th", "Peak at");
    for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
        if (used[h]) {
            g_autofree char *label = g_strdelimit(g_strdup(tgw_holder_name(h)), "_", ' ');
            xmlNodePtr th = el(tr, "th", label);
            attr(th, "class", "num");
        }
    }
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwRunResult *r = mode_at(p, m)->runs->result;
        for (guint i = 0; i < subnets->len; i++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, subnets->pdata[i]);
            g_autofree char *ref = NULL, *at = NULL;
            if (s == NULL || s->peak_used == 0)
                continue;
            ref = tgw_report_subnet_ref(s->def);
            at = tgw_clock_format(s->peak_time_ms);
            tr = el(table, "tr", NULL);
            el(tr, "td", tgw_cni_mode_name(mode_at(p, m)->mode));
            el(tr, "td", ref);
            el(tr, "td", at);
            for (TgwHolder h = 0; h < TGW_HOLDER_COUNT; h++) {
                if (used[h]) {
                    g_autofree char *v = count(s->at_peak[h]);
                    xmlNodePtr td = el(tr, "td", v);
                    attr(td, "class", "num");
                }
            }
        }
    }
}

/* ---- 5. the network ------------------------------------------------------------------------- */

/* whether a TGW route of this VPC block is shadowed anywhere */
static gboolean
block_shadowed(const Page *p, const TgwCidrBlockDef *block)
{
    for (guint i = 0; i < p->c->shadowed->len; i++) {
        if (g_array_index(p->c->shadowed, TgwShadowedRoute, i).route->block == block)
            return TRUE;
    }
    if (p->in->routing == NULL)
        return FALSE;
    for (guint t = 0; t < p->in->scenario->tgws->len; t++) {
        const TgwTgwDef *tgw = p->in->scenario->tgws->pdata[t];
        for (guint k = 0; k < tgw->tables->len; k++) {
            const GPtrArray *routes =
                tgw_routing_table_routes(p->in->routing, tgw->tables->pdata[k]);
            for (guint i = 0; routes != NULL && i < routes->len; i++) {
                const TgwRoute *rt = routes->pdata[i];
                if (rt->block == block && rt->state == TGW_ROUTE_SHADOWED)
                    return TRUE;
            }
        }
    }
    return FALSE;
}

static gboolean
attached(const Page *p, const TgwAttachmentDef *a)
{
    return p->in->routing != NULL ? tgw_routing_attachment_attached(p->in->routing, a)
                                  : a->attached;
}

typedef struct {
    double x, y, w, h;
} Box;

static void
topology(const Page *p, xmlNodePtr parent)
{
    const TgwScenario *sc = p->in->scenario;
    const double M = 24, gap = 40, W = CHART_WIDTH;
    guint n_vpcs = MIN(sc->vpcs->len, (guint) MAX_PICTURE_VPCS);
    guint n_tgws = sc->tgws->len, cols = CLAMP(n_vpcs, 1u, 4u);
    g_autoptr(GPtrArray) externals = g_ptr_array_new();
    g_autofree Box *tgw_box = g_new0(Box, MAX(n_tgws, 1u));
    g_autofree Box *vpc_box = g_new0(Box, MAX(n_vpcs, 1u));
    g_autofree double *bus_lo = g_new0(double, MAX(n_tgws, 1u));
    g_autofree double *bus_hi = g_new0(double, MAX(n_tgws, 1u));
    double y = 30, box_w = (W - 2 * M - gap * (cols - 1)) / cols, height;
    xmlNodePtr fig = el(parent, "figure", NULL), svg, g_lines, g_boxes;
    const char *title = "Topology: VPCs, their CIDR blocks and transit gateway attachments";

    for (guint i = 0; i < sc->attachments->len; i++) {
        const TgwAttachmentDef *a = sc->attachments->pdata[i];
        if (a->kind != TGW_ATTACHMENT_VPC)
            g_ptr_array_add(externals, (gpointer) a);
    }
    svg = svg_new(fig, W, 100, title); /* the height is set once the layout is known */
    svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    g_lines = el(svg, "g", NULL);
    g_boxes = el(svg, "g", NULL);

    /* external attachments (DX, VPN, Connect, peering) above their transit gateway */
    if (externals->len > 0) {
        double ew = MIN(200.0, (W - 2 * M - 16.0 * (externals->len - 1)) / externals->len);
        double total = externals->len * ew + 16.0 * (externals->len - 1), x0 = (W - total) / 2;
        for (guint i = 0; i < externals->len; i++) {
            const TgwAttachmentDef *a = externals->pdata[i];
            Box b = {x0 + i * (ew + 16), y, ew, 46};
            g_autofree char *name = clip(a->name, (glong) (ew / 7.5));
            g_autoptr(GString) adv = g_string_new(NULL);
            g_autofree char *adv_shown = NULL;
            xmlNodePtr r;
            for (guint k = 0; a->advertises != NULL && k < a->advertises->len; k++) {
                char buf[TGW_CIDR_STRLEN];
                g_string_append_printf(
                    adv, "%s%s", k > 0 ? " " : "",
                    tgw_cidr_format(g_array_index(a->advertises, TgwCidr, k), buf));
            }
            r = svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#f3e5f5");
            attr(r, "stroke", "#7b1fa2");
            attr(r, "rx", "6");
            svg_text(g_boxes, b.x + 8, b.y + 17, name, 12, COLOUR_TEXT, NULL, TRUE);
            adv_shown = clip(adv->len > 0 ? adv->str : tgw_attachment_kind_name(a->kind),
                             (glong) (ew / 6.6));
            svg_text(g_boxes, b.x + 8, b.y + 35, adv_shown, 11, COLOUR_MUTED, NULL, FALSE);
            if (a->tgw != NULL) {
                xmlNodePtr l = svg_line(g_lines, b.x + b.w / 2, b.y + b.h, b.x + b.w / 2,
                                        y + 46 + 34, "#7b1fa2", 1.5);
                if (!attached(p, a))
                    attr(l, "stroke-dasharray", "5 4");
            }
        }
        y += 46 + 34;
    }
    /* transit gateways side by side */
    for (guint t = 0; t < n_tgws; t++) {
        const TgwTgwDef *tgw = sc->tgws->pdata[t];
        double tw = MIN(460.0, (W - 2 * M - 20.0 * (n_tgws - 1)) / n_tgws);
        double total = n_tgws * tw + 20.0 * (n_tgws - 1);
        Box b = {(W - total) / 2 + t * (tw + 20), y, tw, 70};
        g_autoptr(GString) tables = g_string_new("route tables: ");
        g_autoptr(GString) holes = g_string_new(NULL);
        g_autofree char *name = NULL, *tables_shown = NULL;
        xmlNodePtr r;
        for (guint k = 0; k < tgw->tables->len; k++)
            g_string_append_printf(tables, "%s%s", k > 0 ? ", " : "",
                                   ((const TgwTgwTableDef *) tgw->tables->pdata[k])->name);
        for (guint k = 0; k < tgw->routes->len; k++) {
            const TgwTgwRouteDef *rd = tgw->routes->pdata[k];
            char buf[TGW_CIDR_STRLEN];
            if (rd->blackhole)
                g_string_append_printf(holes, "%s%s", holes->len > 0 ? " " : "blackhole: ",
                                       tgw_cidr_format(rd->cidr, buf));
        }
        tgw_box[t] = b;
        bus_lo[t] = bus_hi[t] = b.x + b.w / 2;
        r = svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#e3f2fd");
        attr(r, "stroke", COLOUR_INFO);
        attr(r, "stroke-width", "2");
        attr(r, "rx", "8");
        name = g_strdup_printf("Transit gateway %s", tgw->name);
        {
            g_autofree char *shown = clip(name, (glong) (tw / 8.2));
            svg_text(g_boxes, b.x + 10, b.y + 20, shown, 14, COLOUR_TEXT, NULL, TRUE);
        }
        tables_shown = clip(tables->str, (glong) (tw / 6.6));
        svg_text(g_boxes, b.x + 10, b.y + 40, tables_shown, 12, COLOUR_TEXT, NULL, FALSE);
        if (holes->len > 0) {
            g_autofree char *shown = clip(holes->str, (glong) (tw / 6.6));
            svg_text(g_boxes, b.x + 10, b.y + 58, shown, 12, COLOUR_CRITICAL, NULL, FALSE);
        }
    }
    if (n_tgws > 0)
        y += 70 + 24 + 10.0 * n_tgws;

    /* VPCs in rows of up to four, each linked to its transit gateways' bus on its left */
    for (guint row_start = 0; row_start < n_vpcs; row_start += cols) {
        double row_h = 0;
        for (guint i = row_start; i < MIN(row_start + cols, n_vpcs); i++) {
            const TgwVpcDef *vpc = sc->vpcs->pdata[i];
            guint blocks = MIN(vpc->cidr_blocks->len, 5u);
            double h = 42 + 16.0 * blocks + 16.0 * MIN(vpc->attachments->len, 3u) + 8;
            row_h = MAX(row_h, h);
        }
        for (guint i = row_start; i < MIN(row_start + cols, n_vpcs); i++) {
            const TgwVpcDef *vpc = sc->vpcs->pdata[i];
            Box b = {M + (i - row_start) * (box_w + gap), y, box_w, row_h};
            double ty = b.y + 20;
            glong chars = (glong) (box_w / 7.0);
            g_autofree char *name = g_strdup_printf("VPC %s", vpc->name);
            g_autofree char *shown = clip(name, (glong) (box_w / 8.0));
            g_autoptr(GPtrArray) azs = tgw_subnets_azs(vpc->subnets);
            xmlNodePtr r;
            vpc_box[i] = b;
            r = svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#fafafa");
            attr(r, "stroke", COLOUR_LINE);
            attr(r, "rx", "6");
            svg_text(g_boxes, b.x + 10, ty, shown, 13, COLOUR_TEXT, NULL, TRUE);
            ty += 18;
            for (guint k = 0; k < MIN(vpc->cidr_blocks->len, 5u); k++) {
                const TgwCidrBlockDef *blk = vpc->cidr_blocks->pdata[k];
                char buf[TGW_CIDR_STRLEN];
                gboolean sh = block_shadowed(p, blk);
                g_autofree char *line = NULL, *line_shown = NULL;
                if (k == 4 && vpc->cidr_blocks->len > 5)
                    line = g_strdup_printf("and %u more blocks", vpc->cidr_blocks->len - 4);
                else
                    line = g_strdup_printf("%s%s%s", tgw_cidr_format(blk->cidr, buf),
                                           blk->primary ? " (primary)" : "",
                                           sh ? " \xE2\x9A\xA0 shadowed on the TGW" : "");
                line_shown = clip(line, sh ? chars - 4 : chars);
                svg_text(g_boxes, b.x + 10, ty, line_shown, 12, sh ? COLOUR_WARN : COLOUR_TEXT,
                         NULL, sh);
                ty += 16;
            }
            {
                g_autofree char *line = g_strdup_printf("%u subnet%s in %u AZ%s", vpc->subnets->len,
                                                        vpc->subnets->len == 1 ? "" : "s", azs->len,
                                                        azs->len == 1 ? "" : "s");
                svg_text(g_boxes, b.x + 10, ty, line, 12, COLOUR_MUTED, NULL, FALSE);
                ty += 16;
            }
            for (guint k = 0; k < MIN(vpc->attachments->len, 3u); k++) {
                const TgwAttachmentDef *a = vpc->attachments->pdata[k];
                g_autofree char *line =
                    g_strdup_printf("\xE2\x86\x94 %s: %s%s", a->tgw != NULL ? a->tgw->name : "?",
                                    a->associate != NULL ? a->associate->name : "no table",
                                    attached(p, a) ? "" : " (later)");
                g_autofree char *line_shown = clip(line, chars);
                guint t = a->tgw != NULL ? a->tgw->index : 0;
                double ly = b.y + 24 + 8.0 * (t % 3);
                double lx = b.x - 12 - 5.0 * (t % 4);
                double bus_y = tgw_box[MIN(t, MAX(n_tgws, 1u) - 1)].y + 70 + 12 + 10.0 * t;
                svg_text(g_boxes, b.x + 10, ty, line_shown, 12, COLOUR_INFO, NULL, FALSE);
                ty += 16;
                if (a->tgw == NULL || n_tgws == 0)
                    continue;
                {
                    g_autofree char *d = NULL;
                    char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE],
                        b3[G_ASCII_DTOSTR_BUF_SIZE], b4[G_ASCII_DTOSTR_BUF_SIZE];
                    xmlNodePtr path = el(g_lines, "path", NULL);
                    d = g_strdup_printf("M%s %s H%s V%s", num(b1, b.x), num(b2, ly), num(b3, lx),
                                        num(b4, bus_y));
                    attr(path, "d", d);
                    attr(path, "fill", "none");
                    attr(path, "stroke", COLOUR_LINE);
                    attr(path, "stroke-width", "1.5");
                    if (!attached(p, a))
                        attr(path, "stroke-dasharray", "5 4");
                }
                bus_lo[t] = MIN(bus_lo[t], lx);
                bus_hi[t] = MAX(bus_hi[t], lx);
            }
        }
        y += row_h + 24;
    }
    /* each transit gateway's bus: down from its box, across to every VPC link */
    for (guint t = 0; t < n_tgws; t++) {
        double bus_y = tgw_box[t].y + 70 + 12 + 10.0 * t, cx = tgw_box[t].x + tgw_box[t].w / 2;
        svg_line(g_lines, cx, tgw_box[t].y + 70, cx, bus_y, COLOUR_LINE, 1.5);
        svg_line(g_lines, bus_lo[t], bus_y, bus_hi[t], bus_y, COLOUR_LINE, 1.5);
    }
    if (sc->vpcs->len > n_vpcs) {
        g_autofree char *more =
            g_strdup_printf("and %u more VPCs, in the tables below", sc->vpcs->len - n_vpcs);
        svg_text(svg, M, y + 4, more, 12, COLOUR_MUTED, NULL, FALSE);
        y += 20;
    }
    height = y;
    {
        char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *box = g_strdup_printf("0 0 %s %s", num(w, W), num(h, height));
        xmlSetProp(svg, BAD_CAST "height", BAD_CAST h);
        xmlSetProp(svg, BAD_CAST "viewBox", BAD_CAST box);
    }
    {
        xmlNodePtr cap = el(fig, "figcaption", NULL);
        text(cap, "Each VPC lists its CIDR blocks and, for each transit gateway attachment, the "
                  "TGW route table it is associated with. Dashed: attached later by the timeline. "
                  "\xE2\x9A\xA0 marks a block whose route the transit gateway does not install.");
    }
}

static const char *
attachment_name(const TgwAttachmentDef *a)
{
    return a == NULL ? "(blackhole)" : a->name;
}

static void
route_tables(const Page *p, xmlNodePtr sec)
{
    const TgwScenario *sc = p->in->scenario;
    if (p->in->routing == NULL)
        return;
    for (guint t = 0; t < sc->tgws->len; t++) {
        const TgwTgwDef *tgw = sc->tgws->pdata[t];
        for (guint k = 0; k < tgw->tables->len; k++) {
            const TgwTgwTableDef *table = tgw->tables->pdata[k];
            const GPtrArray *routes = tgw_routing_table_routes(p->in->routing, table);
            const GPtrArray *assoc = tgw_routing_table_associations(p->in->routing, table);
            const GPtrArray *prop = tgw_routing_table_propagations(p->in->routing, table);
            g_autoptr(GString) a = g_string_new(NULL), pr = g_string_new(NULL);
            xmlNodePtr para, tbl, tr;
            for (guint i = 0; assoc != NULL && i < assoc->len; i++)
                g_string_append_printf(a, "%s%s", i > 0 ? ", " : "",
                                       ((const TgwAttachmentDef *) assoc->pdata[i])->name);
            for (guint i = 0; prop != NULL && i < prop->len; i++)
                g_string_append_printf(pr, "%s%s", i > 0 ? ", " : "",
                                       ((const TgwAttachmentDef *) prop->pdata[i])->name);
            elf(sec, "h4", "%s / %s", tgw->name, table->name);
            para = el(sec, "p", NULL);
            attr(para, "class", "note");
            textf(para, "Associated: %s. Propagating: %s.", a->len > 0 ? a->str : "none",
                  pr->len > 0 ? pr->str : "none");
            if (routes == NULL || routes->len == 0) {
                el(sec, "p", "No routes.");
                continue;
            }
            tbl = table_with_heads(sec, "CIDR", "Type", "Target", "State", NULL);
            for (guint i = 0; i < MIN(routes->len, (guint) MAX_TABLE_ROUTES); i++) {
                const TgwRoute *rt = routes->pdata[i];
                char buf[TGW_CIDR_STRLEN];
                tr = el(tbl, "tr", NULL);
                el(tr, "td", tgw_cidr_format(rt->cidr, buf));
                el(tr, "td", tgw_route_type_name(rt->type));
                el(tr, "td", attachment_name(rt->target));
                if (rt->state == TGW_ROUTE_SHADOWED && rt->shadowed_by != NULL)
                    elf(tr, "td", "WARN: shadowed by %s", attachment_name(rt->shadowed_by->target));
                else if (rt->state == TGW_ROUTE_BLACKHOLE)
                    el(tr, "td", "blackhole (dropped)");
                else
                    el(tr, "td", tgw_route_state_name(rt->state));
            }
            if (routes->len > MAX_TABLE_ROUTES) {
                xmlNodePtr more =
                    elf(sec, "p", "and %u more routes: ", routes->len - MAX_TABLE_ROUTES);
                el(more, "code", "tgwsim routes FILE");
                text(more, " lists them all.");
            }
        }
    }
}

static void
findings_table(const Page *p, xmlNodePtr sec)
{
    TgwFindings *f = p->in->findings;
    xmlNodePtr tbl, tr;
    el(sec, "h3", "Findings of the design checks");
    if (f == NULL) {
        el(sec, "p", "Not checked.");
        return;
    }
    if (tgw_findings_len(f) == 0) {
        el(sec, "p", "OK: the design checks found nothing.");
        return;
    }
    tbl = table_with_heads(sec, "Severity", "Code", "Line", "Finding", NULL);
    for (guint i = 0; i < MIN(tgw_findings_len(f), (guint) MAX_FINDINGS); i++) {
        const TgwFinding *fd = tgw_findings_get(f, i);
        const char *word = fd->severity == TGW_SEVERITY_ERROR     ? "CRITICAL (error)"
                           : fd->severity == TGW_SEVERITY_WARNING ? "WARN"
                                                                  : "INFO";
        tr = el(tbl, "tr", NULL);
        el(tr, "td", word);
        el(tr, "td", fd->code);
        if (fd->line > 0)
            elf(tr, "td", "%d", fd->line);
        else
            el(tr, "td", "-");
        el(tr, "td", fd->message);
    }
    if (tgw_findings_len(f) > MAX_FINDINGS)
        elf(sec, "p", "and %u more findings: tgwsim validate FILE lists them all.",
            tgw_findings_len(f) - MAX_FINDINGS);
}

static void
section_network(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = el(body, "section", NULL), tbl, tr;
    const TgwScenario *sc = p->in->scenario;

    attr(sec, "id", "network");
    el(sec, "h2", "5. The network");
    topology(p, sec);
    el(sec, "h3", "VPCs and CIDR blocks");
    tbl = table_with_heads(sec, "VPC", "CIDR blocks", "Subnets", "Usable addresses", NULL);
    for (guint i = 0; i < sc->vpcs->len; i++) {
        const TgwVpcDef *vpc = sc->vpcs->pdata[i];
        g_autoptr(GString) blocks = g_string_new(NULL);
        guint64 usable = 0;
        g_autofree char *u = NULL;
        xmlNodePtr td;
        for (guint k = 0; k < vpc->cidr_blocks->len; k++) {
            const TgwCidrBlockDef *blk = vpc->cidr_blocks->pdata[k];
            char buf[TGW_CIDR_STRLEN];
            g_string_append_printf(blocks, "%s%s%s", k > 0 ? ", " : "",
                                   tgw_cidr_format(blk->cidr, buf),
                                   block_shadowed(p, blk) ? " (WARN: shadowed on the TGW)" : "");
        }
        for (guint k = 0; k < vpc->subnets->len; k++)
            usable += tgw_cidr_aws_usable(((const TgwSubnetDef *) vpc->subnets->pdata[k])->cidr);
        u = count(usable);
        tr = el(tbl, "tr", NULL);
        el(tr, "td", vpc->name);
        el(tr, "td", blocks->str);
        elf(tr, "td", "%u", vpc->subnets->len);
        td = el(tr, "td", u);
        attr(td, "class", "num");
    }
    if (sc->tgws->len > 0) {
        el(sec, "h3", "Transit gateway route tables");
        route_tables(p, sec);
    }
    findings_table(p, sec);
}

/* ---- 6. assumptions ------------------------------------------------------------------------- */

static char *
opt_value(gint64 v, const char *unset)
{
    return v > 0 ? g_strdup_printf("%" G_GINT64_FORMAT, v) : g_strdup(unset);
}

/* a list built in s, or "none" when it stayed empty; s is consumed */
static char *
list_or_none(GString *s)
{
    if (s->len == 0) {
        g_string_free(s, TRUE);
        return g_strdup("none");
    }
    return g_string_free(s, FALSE);
}

static const char *const cni_rows[] = {
    "Mode in the scenario",
    "WARM_ENI_TARGET",
    "WARM_IP_TARGET",
    "MINIMUM_IP_TARGET",
    "WARM_PREFIX_TARGET",
    "IP_COOLDOWN_PERIOD",
    "MAX_ENI",
    "AWS_VPC_K8S_CNI_EXTERNALSNAT",
    "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS",
    "ENABLE_SUBNET_DISCOVERY",
    "ENIConfig (custom networking)",
    "ENI create and attach / IP assign",
};

/* the value of cni_rows[row] for one cluster */
static char *
cni_value(const TgwCniDef *cni, guint row)
{
    switch (row) {
    case 0:
        return g_strdup(tgw_cni_mode_name(cni->mode));
    case 1:
        return g_strdup_printf("%" G_GINT64_FORMAT, cni->warm_eni_target);
    case 2:
        return opt_value(cni->warm_ip_target, "unset");
    case 3:
        return opt_value(cni->minimum_ip_target, "unset");
    case 4:
        return g_strdup_printf("%" G_GINT64_FORMAT, cni->warm_prefix_target);
    case 5:
        return tgw_duration_format(cni->ip_cooldown_ms);
    case 6:
        return opt_value(cni->max_eni, "unset (the instance limit)");
    case 7:
        return g_strdup(cni->external_snat ? "true" : "false");
    case 8: {
        GString *s = g_string_new(NULL);
        for (guint k = 0; cni->exclude_snat_cidrs != NULL && k < cni->exclude_snat_cidrs->len;
             k++) {
            char buf[TGW_CIDR_STRLEN];
            g_string_append_printf(
                s, "%s%s", k > 0 ? ", " : "",
                tgw_cidr_format(g_array_index(cni->exclude_snat_cidrs, TgwCidr, k), buf));
        }
        return list_or_none(s);
    }
    case 9:
        return g_strdup(cni->subnet_discovery ? "true" : "false");
    case 10: {
        GString *s = g_string_new(NULL);
        for (guint k = 0; k < cni->eni_configs->len; k++) {
            const TgwEniConfigDef *ec = cni->eni_configs->pdata[k];
            g_string_append_printf(s, "%s%s \xE2\x86\x92 %s", k > 0 ? ", " : "", ec->az,
                                   ec->subnet != NULL ? ec->subnet->name : "?");
        }
        return list_or_none(s);
    }
    default: {
        g_autofree char *a = tgw_duration_format(cni->eni_attach_ms);
        g_autofree char *b = tgw_duration_format(cni->ip_assign_ms);
        return g_strdup_printf("%s / %s", a, b);
    }
    }
}

static void
cni_table(const Page *p, xmlNodePtr sec)
{
    const TgwScenario *sc = p->in->scenario;
    xmlNodePtr tbl, tr;
    if (sc->clusters->len == 0)
        return;
    el(sec, "h3", "VPC CNI settings");
    tbl = table_new(sec, &tr);
    el(tr, "th", "Setting");
    for (guint c = 0; c < sc->clusters->len; c++)
        elf(tr, "th", "cluster %s", ((const TgwClusterDef *) sc->clusters->pdata[c])->name);
    for (guint r = 0; r < G_N_ELEMENTS(cni_rows); r++) {
        tr = el(tbl, "tr", NULL);
        el(tr, "th", cni_rows[r]);
        for (guint c = 0; c < sc->clusters->len; c++) {
            g_autofree char *v =
                cni_value(((const TgwClusterDef *) sc->clusters->pdata[c])->cni, r);
            el(tr, "td", v);
        }
    }
}

static void
instance_table(const Page *p, xmlNodePtr sec)
{
    const TgwScenario *sc = p->in->scenario;
    static const char *const heads[] = {"Node group",
                                        "Instance type",
                                        "ENIs",
                                        "IPv4 per ENI",
                                        "vCPUs",
                                        "Memory (GiB)",
                                        "kubelet max-pods",
                                        "Max pods: default",
                                        "custom",
                                        "prefix",
                                        "custom+prefix"};
    xmlNodePtr tbl, tr;
    if (sc->node_groups->len == 0)
        return;
    el(sec, "h3", "Instance limits and max pods");
    tbl = table_new(sec, &tr);
    for (guint i = 0; i < G_N_ELEMENTS(heads); i++)
        el(tr, "th", heads[i]);
    for (guint g = 0; g < sc->node_groups->len; g++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[g];
        const TgwInstanceType *it = ng->itype;
        g_autofree char *name = g_strdup_printf("%s/%s", ng->cluster->name, ng->name);
        tr = el(tbl, "tr", NULL);
        el(tr, "td", name);
        el(tr, "td", ng->instance_type);
        if (it == NULL) {
            for (guint i = 2; i < G_N_ELEMENTS(heads); i++)
                el(tr, "td", "unknown");
            continue;
        }
        elf(tr, "td", "%u", it->max_enis);
        elf(tr, "td", "%u", it->ipv4_per_eni);
        if (it->vcpus > 0)
            elf(tr, "td", "%u", it->vcpus);
        else
            el(tr, "td", "?");
        if (it->memory_mib > 0) {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            el(tr, "td", g_ascii_formatd(buf, sizeof buf, "%.1f", (double) it->memory_mib / 1024));
        } else {
            el(tr, "td", "?");
        }
        if (ng->max_pods_auto)
            el(tr, "td", "auto (the value for the node's mode)");
        else if (ng->max_pods > 0)
            elf(tr, "td", "%u", ng->max_pods);
        else
            el(tr, "td", "left out (the default-mode ENI formula)");
        for (TgwCniMode m = 0; m < TGW_CNI_MODE_COUNT; m++) {
            TgwMaxPodsOptions mo = {tgw_cni_mode_is_custom(m), tgw_cni_mode_is_prefix(m),
                                    ng->cluster->cni->max_eni, TRUE};
            elf(tr, "td", "%u", tgw_instance_max_pods(it, &mo, NULL));
        }
    }
}

static void
section_assumptions(const Page *p, xmlNodePtr body)
{
    const TgwScenario *sc = p->in->scenario;
    const TgwRunResult *base = mode_at(p, 0)->runs->result;
    xmlNodePtr sec = el(body, "section", NULL), tbl, tr, para;
    g_autofree char *horizon = span(p->horizon_ms);
    g_autofree char *sample = tgw_duration_format(sc->sample_every_ms);
    g_autofree char *file = g_path_get_basename(sc->file != NULL ? sc->file : "-");
    guint reps = 1;

    attr(sec, "id", "assumptions");
    el(sec, "h2", "6. Assumptions");
    para = el(sec, "p", NULL);
    el(para, "strong", "Reserved addresses: ");
    text(para, "AWS keeps 5 addresses of every subnet (network, VPC router, DNS, future use, "
               "broadcast). \"Usable\" counts the rest: a /24 has 251, a /19 8,187.");
    para = el(sec, "p", NULL);
    el(para, "strong", "Pod address space: ");
    text(para, "with the default VPC CNI (and prefix delegation) pods take addresses from the "
               "node groups' subnets and subnets tagged for CNI discovery; with custom "
               "networking from the ENIConfig subnets, while nodes keep their primary IPs in "
               "the node subnets.");
    cni_table(p, sec);
    instance_table(p, sec);

    el(sec, "h3", "This simulation");
    tbl = table_new(sec, NULL);
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwModeRuns *mr = mode_at(p, m)->runs;
        if (mr->repetitions != NULL)
            reps = MAX(reps, mr->repetitions->len);
    }
    tr = table_row(tbl, "Scenario");
    el(tr, "td", sc->name);
    tr = table_row(tbl, "Scenario file");
    el(tr, "td", file);
    tr = table_row(tbl, "Input SHA-256");
    el(el(tr, "td", NULL), "code", sc->input_sha256);
    if (sc->region != NULL) {
        tr = table_row(tbl, "Region");
        el(tr, "td", sc->region);
    }
    tr = table_row(tbl, "Modes simulated");
    {
        g_autoptr(GString) s = g_string_new(NULL);
        for (guint m = 0; m < p->c->modes->len; m++)
            g_string_append_printf(s, "%s%s", m > 0 ? ", " : "",
                                   tgw_cni_mode_name(mode_at(p, m)->mode));
        el(tr, "td", s->str);
    }
    tr = table_row(tbl, "Seed");
    if (reps > 1)
        elf(tr, "td",
            "%" G_GUINT64_FORMAT " (%u repetitions per mode with seeds derived from it; the "
            "charts show the first)",
            base->seed, reps);
    else
        elf(tr, "td", "%" G_GUINT64_FORMAT " (the same in every mode)", base->seed);
    tr = table_row(tbl, "Horizon");
    el(tr, "td", horizon);
    tr = table_row(tbl, "Sampling interval of the charts");
    el(tr, "td", sample);
    tr = table_row(tbl, "tgwsim version");
    el(tr, "td", TGW_VERSION);
    if (p->opts != NULL && p->opts->generated_at != NULL) {
        tr = table_row(tbl, "Generated at");
        el(tr, "td", p->opts->generated_at);
    }
}

/* ---- the page ------------------------------------------------------------------------------- */

static void
page_header(const Page *p, xmlNodePtr body)
{
    const TgwScenario *sc = p->in->scenario;
    xmlNodePtr header = el(body, "header", NULL), meta, nav;
    g_autofree char *horizon = span(p->horizon_ms);
    static const struct {
        const char *id, *label;
    } sections[] = {{"verdict", "Verdict"},      {"timeline", "Free addresses over time"},
                    {"compare", "Side by side"}, {"holders", "Who holds the addresses"},
                    {"network", "The network"},  {"assumptions", "Assumptions"}};

    elf(header, "h1", "IP address report: %s", sc->name);
    if (sc->description != NULL) {
        xmlNodePtr d = el(header, "p", sc->description);
        attr(d, "class", "sub");
    }
    meta = el(header, "p", NULL);
    attr(meta, "class", "meta");
    textf(meta, "Simulated %s of EKS pods, nodes and other address consumers", horizon);
    if (sc->region != NULL)
        textf(meta, " in %s", sc->region);
    textf(meta, " \xC2\xB7 seed %" G_GUINT64_FORMAT " \xC2\xB7 tgwsim %s",
          mode_at(p, 0)->runs->result->seed, TGW_VERSION);
    if (p->opts != NULL && p->opts->generated_at != NULL)
        textf(meta, " \xC2\xB7 generated %s", p->opts->generated_at);
    nav = el(body, "nav", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(sections); i++) {
        xmlNodePtr a;
        if (i > 0)
            text(nav, " \xC2\xB7 ");
        a = el(nav, "a", sections[i].label);
        attrf(a, "href", "#%s", sections[i].id);
    }
}

char *
tgw_report_html(const TgwReportInput *in, const TgwHtmlOptions *options)
{
    g_autoptr(TgwComparison) c = tgw_comparison_new(in);
    Page page = {in, c, options, ((const TgwModeRuns *) in->modes->pdata[0])->result->horizon_ms};
    htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    xmlNodePtr html = xmlNewNode(NULL, BAD_CAST "html"), head, body, meta, style, footer;
    g_autofree char *title = g_strdup_printf("IP address report: %s", in->scenario->name);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlOutputBufferPtr out;
    GString *page_text = g_string_new("<!DOCTYPE html>\n");

    if (page.horizon_ms <= 0)
        page.horizon_ms = 1;
    xmlDocSetRootElement(doc, html);
    attr(html, "lang", "en");
    head = el(html, "head", NULL);
    meta = el(head, "meta", NULL);
    attr(meta, "charset", "utf-8");
    meta = el(head, "meta", NULL);
    attr(meta, "name", "viewport");
    attr(meta, "content", "width=device-width, initial-scale=1");
    meta = el(head, "meta", NULL);
    attr(meta, "name", "generator");
    attrf(meta, "content", "tgwsim %s", TGW_VERSION);
    el(head, "title", title);
    style = el(head, "style", NULL);
    /* a CDATA-free raw text: the serializer writes <style> content as it is; the CSS is ours */
    xmlAddChild(style, xmlNewText(BAD_CAST css));
    body = el(html, "body", NULL);

    page_header(&page, body);
    section_verdict(&page, body);
    section_timeline(&page, body);
    section_compare(&page, body);
    section_holders(&page, body);
    section_network(&page, body);
    section_assumptions(&page, body);
    footer = el(body, "footer", NULL);
    textf(footer,
          "Made by tgwsim %s, a discrete-event simulation of the scenario above: the figures are "
          "what the model predicts for these inputs and this seed, not measurements.",
          TGW_VERSION);

    out = xmlOutputBufferCreateBuffer(buf, NULL);
    htmlNodeDumpFormatOutput(out, doc, html, "UTF-8", 1);
    xmlOutputBufferClose(out);
    g_string_append_len(page_text, (const char *) xmlBufferContent(buf),
                        (gssize) xmlBufferLength(buf));
    g_string_append_c(page_text, '\n');
    xmlBufferFree(buf);
    xmlFreeDoc(doc);
    return g_string_free(page_text, FALSE);
}
