/* tgw-report-html-draw.c: the helpers every section of the HTML report draws with (see
 * tgw-report-html-private.h).
 *
 * Elements and text through libxml2, which escapes them; numbers through g_ascii_formatd or
 * integer formatting, never the locale; SVG shapes with their colours as attributes, so that the
 * pictures survive a stylesheet being dropped; and the few facts about a CNI mode that several
 * sections state (its headline, its exhaustion probability). */
#include "tgw-report-html-private.h"

#include <math.h>
#include <string.h>

#include "tgw-report-run.h"
#include "tgw-value.h"

/* ---- small tree helpers ------------------------------------------------------------------- */

xmlNodePtr
html_el(xmlNodePtr parent, const char *name, const char *text)
{
    if (text != NULL)
        return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
    return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

xmlNodePtr
html_elf(xmlNodePtr parent, const char *name, const char *format, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    va_start(ap, format);
    text = g_strdup_vprintf(format, ap);
    va_end(ap);
    return html_el(parent, name, text);
}

void
html_attr(xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

/* a bordered table (visible in print and without CSS) and its first row, for the header cells */
xmlNodePtr
html_table_new(xmlNodePtr parent, xmlNodePtr *head)
{
    xmlNodePtr tbl = html_el(parent, "table", NULL);
    html_attr(tbl, "border", "1");
    if (head != NULL)
        *head = html_el(tbl, "tr", NULL);
    return tbl;
}

/* the same with a fixed header: the NULL-terminated column names */
xmlNodePtr G_GNUC_NULL_TERMINATED
html_table_with_heads(xmlNodePtr parent, const char *first, ...)
{
    xmlNodePtr head = NULL, tbl = html_table_new(parent, &head);
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name != NULL; name = va_arg(ap, const char *))
        html_el(head, "th", name);
    va_end(ap);
    return tbl;
}

void
html_attrf(xmlNodePtr node, const char *name, const char *format, ...)
{
    va_list ap;
    g_autofree char *value = NULL;
    va_start(ap, format);
    value = g_strdup_vprintf(format, ap);
    va_end(ap);
    html_attr(node, name, value);
}

void
html_text(xmlNodePtr parent, const char *t)
{
    xmlAddChild(parent, xmlNewText(BAD_CAST t));
}

void
html_textf(xmlNodePtr parent, const char *format, ...)
{
    va_list ap;
    g_autofree char *t = NULL;
    va_start(ap, format);
    t = g_strdup_vprintf(format, ap);
    va_end(ap);
    html_text(parent, t);
}

/* a coordinate with one decimal at most, "12" rather than "12.0" */
const char *
html_num(char buf[G_ASCII_DTOSTR_BUF_SIZE], double v)
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

void
html_attr_num(xmlNodePtr node, const char *name, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    html_attr(node, name, html_num(buf, v));
}

char *
html_percent(double fraction, int decimals)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup_printf("%s%%", g_ascii_formatd(buf, sizeof buf, decimals == 0 ? "%.0f" : "%.1f",
                                                   100.0 * fraction));
}

char *
html_count(guint64 n)
{
    return tgw_report_count_format(n);
}

/* "32.6×" */
char *
html_ratio_text(double ratio)
{
    g_autofree char *r = tgw_report_ratio_format(ratio);
    if (g_str_has_suffix(r, "x"))
        r[strlen(r) - 1] = '\0';
    return g_strdup_printf("%s%s", r, g_str_equal(r, "-") ? "" : "\xC3\x97");
}

/* "30 days", "1 day", "12h" */
char *
html_span(gint64 ms)
{
    if (ms > 0 && ms % TGW_MS_PER_DAY == 0)
        return g_strdup_printf("%" G_GINT64_FORMAT " day%s", ms / TGW_MS_PER_DAY,
                               ms == TGW_MS_PER_DAY ? "" : "s");
    return tgw_duration_format(ms);
}

/* at most max characters, with an ellipsis: for SVG text, which does not wrap */
char *
html_clip(const char *s, glong max)
{
    if (g_utf8_strlen(s, -1) <= max)
        return g_strdup(s);
    {
        g_autofree char *head = g_utf8_substring(s, 0, max - 1);
        return g_strconcat(head, "\xE2\x80\xA6", NULL);
    }
}

const char *
html_status_colour(TgwStatus status)
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

xmlNodePtr
html_svg_new(xmlNodePtr parent, double width, double height, const char *title)
{
    xmlNodePtr svg = html_el(parent, "svg", NULL);
    char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
    html_attr_num(svg, "width", width);
    html_attr_num(svg, "height", height);
    html_attrf(svg, "viewBox", "0 0 %s %s", html_num(w, width), html_num(h, height));
    html_attr(svg, "role", "img");
    html_attr(svg, "aria-label", title);
    html_attr(svg, "font-family", FONT);
    html_el(svg, "title", title);
    return svg;
}

xmlNodePtr
html_svg_rect(xmlNodePtr svg, double x, double y, double w, double h, const char *fill)
{
    xmlNodePtr r = html_el(svg, "rect", NULL);
    html_attr_num(r, "x", x);
    html_attr_num(r, "y", y);
    html_attr_num(r, "width", MAX(w, 0));
    html_attr_num(r, "height", MAX(h, 0));
    html_attr(r, "fill", fill);
    return r;
}

xmlNodePtr
html_svg_line(xmlNodePtr svg, double x1, double y1, double x2, double y2, const char *stroke,
              double width)
{
    xmlNodePtr l = html_el(svg, "line", NULL);
    html_attr_num(l, "x1", x1);
    html_attr_num(l, "y1", y1);
    html_attr_num(l, "x2", x2);
    html_attr_num(l, "y2", y2);
    html_attr(l, "stroke", stroke);
    html_attr_num(l, "stroke-width", width);
    return l;
}

xmlNodePtr
html_svg_text(xmlNodePtr svg, double x, double y, const char *t, double size, const char *fill,
              const char *anchor, gboolean bold)
{
    xmlNodePtr n = html_el(svg, "text", t);
    html_attr_num(n, "x", x);
    html_attr_num(n, "y", y);
    html_attr_num(n, "font-size", size);
    html_attr(n, "fill", fill);
    if (anchor != NULL)
        html_attr(n, "text-anchor", anchor);
    if (bold)
        html_attr(n, "font-weight", "bold");
    return n;
}

/* the status word on its colour: the badge of a headline or a table cell */
void
html_badge(xmlNodePtr parent, TgwStatus status, double width, double height)
{
    g_autofree char *title = g_strdup_printf("status: %s", tgw_status_name(status));
    xmlNodePtr svg = html_svg_new(parent, width, height, title);
    xmlNodePtr r = html_svg_rect(svg, 0, 0, width, height, html_status_colour(status));
    html_attr(r, "rx", "6");
    html_svg_text(svg, width / 2, height / 2 + height * 0.17, tgw_status_name(status),
                  height * 0.45, "#ffffff", "middle", TRUE);
}

/* ---- what each mode amounts to -------------------------------------------------------------- */

const TgwModeSummary *
html_mode_at(const Page *p, guint m)
{
    return &g_array_index(p->c->modes, TgwModeSummary, m);
}

double
html_exhaustion_probability(const TgwModeSummary *ms)
{
    const GPtrArray *reps = ms->runs->repetitions;
    return reps != NULL && reps->len > 1 ? tgw_results_exhaustion_probability(reps) : -1;
}

/* one sentence a manager reads first */
char *
html_headline(const Page *p, const TgwModeSummary *ms)
{
    const TgwRunResult *r = ms->runs->result;
    const TgwExhaustionEvent *first = tgw_run_result_first_exhaustion(r);
    g_autoptr(GString) s = g_string_new(NULL);
    double prob = html_exhaustion_probability(ms);

    if (first != NULL && first->fragmented) {
        g_autofree char *ref = tgw_report_subnet_ref(first->subnet);
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_autofree char *n = html_count(first->free);
        g_string_append_printf(
            s,
            "No aligned /28 prefix is left on %s in %s (%s), though %s addresses "
            "are free: the subnet is fragmented",
            at, ref, first->subnet->az, n);
        if (r->pods.waited_for_ip > 0) {
            g_autofree char *w = html_count(r->pods.waited_for_ip);
            g_string_append_printf(s, "; %s pods wait for an address", w);
        }
    } else if (first != NULL) {
        g_autofree char *ref = tgw_report_subnet_ref(first->subnet);
        g_autofree char *at = tgw_report_when(first->time_ms);
        g_string_append_printf(s, "Pod IP addresses run out on %s in %s (%s)", at, ref,
                               first->subnet->az);
        if (r->pods.waited_for_ip > 0) {
            g_autofree char *n = html_count(r->pods.waited_for_ip);
            g_string_append_printf(s, "; %s pods wait for an address", n);
        }
    } else if (r->pods.waited_for_ip > 0) {
        g_autofree char *n = html_count(r->pods.waited_for_ip);
        g_string_append_printf(s, "No subnet runs out, but %s pods wait for an address", n);
    } else {
        g_autofree char *h = html_span(p->horizon_ms);
        g_string_append_printf(s, "No subnet runs out in %s", h);
        if (ms->tightest != NULL) {
            g_autofree char *ref = tgw_report_subnet_ref(ms->tightest->def);
            g_autofree char *pct =
                html_percent((double) ms->tightest->min_free / (double) ms->tightest->usable, 0);
            g_string_append_printf(s, "; the busiest, %s, keeps %s free", ref, pct);
        }
    }
    if (r->nodes.never_ready > 0) {
        /* no subnet's numbers show this cause: say it in the headline */
        g_autofree char *n = html_count(r->nodes.never_ready);
        g_string_append_printf(s, "; %s node%s never become Ready: %s", n,
                               r->nodes.never_ready == 1 ? "" : "s",
                               r->nodes.first_never_ready_reason);
    } else if (first == NULL && r->pods.waited_for_ip == 0 && r->pods.unschedulable_at_end > 0) {
        /* otherwise the shortage above already explains them; "In detail" has the count */
        g_autofree char *n = html_count(r->pods.unschedulable_at_end);
        g_string_append_printf(s, "; %s pods are still pending at the end", n);
    }
    if (prob >= 0) {
        g_autofree char *pct = html_percent(prob, 0);
        g_string_append_printf(s, " (addresses ran out in %s of %u runs)", pct,
                               ms->runs->repetitions->len);
    }
    g_string_append_c(s, '.');
    return g_string_free(g_steal_pointer(&s), FALSE);
}
