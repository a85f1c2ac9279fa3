/* tgw-report-html-private.h: what the files of the HTML report share.
 *
 * The report (tgw-report-html.h) is one page of six sections, written by these files:
 *   tgw-report-html-draw.c     tree, number and SVG helpers; what each CNI mode amounts to
 *   tgw-report-html-verdict.c  1. the verdict, 2. free addresses over time
 *   tgw-report-html-modes.c    3. the modes side by side, 4. who held the addresses at the peak
 *   tgw-report-html-network.c  5. the network: topology picture, route tables, findings
 *   tgw-report-html.c          6. assumptions, the page header and the page itself
 * Every section reads the same Page: the report's input, the comparison made from it, the
 * options. */
#pragma once

#include <libxml/tree.h>

#include "tgw-report-html.h"

G_BEGIN_DECLS

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

typedef struct {
    const TgwReportInput *in;
    TgwComparison *c;
    const TgwHtmlOptions *opts;
    gint64 horizon_ms;
} Page;

/* tgw-report-html-draw.c */
xmlNodePtr html_elf(xmlNodePtr parent, const char *name, const char *format, ...)
    G_GNUC_PRINTF(3, 4);
void html_attrf(xmlNodePtr node, const char *name, const char *format, ...) G_GNUC_PRINTF(3, 4);
void html_textf(xmlNodePtr parent, const char *format, ...) G_GNUC_PRINTF(2, 3);
xmlNodePtr html_el(xmlNodePtr parent, const char *name, const char *text);
void html_attr(xmlNodePtr node, const char *name, const char *value);
xmlNodePtr html_table_new(xmlNodePtr parent, xmlNodePtr *head);
xmlNodePtr G_GNUC_NULL_TERMINATED html_table_with_heads(xmlNodePtr parent, const char *first, ...);
void html_text(xmlNodePtr parent, const char *t);
const char *html_num(char buf[G_ASCII_DTOSTR_BUF_SIZE], double v);
void html_attr_num(xmlNodePtr node, const char *name, double v);
char *html_percent(double fraction, int decimals);
char *html_count(guint64 n);
char *html_ratio_text(double ratio);
char *html_span(gint64 ms);
char *html_clip(const char *s, glong max);
const char *html_status_colour(TgwStatus status);
xmlNodePtr html_svg_new(xmlNodePtr parent, double width, double height, const char *title);
xmlNodePtr html_svg_rect(xmlNodePtr svg, double x, double y, double w, double h, const char *fill);
xmlNodePtr html_svg_line(xmlNodePtr svg, double x1, double y1, double x2, double y2,
                         const char *stroke, double width);
xmlNodePtr html_svg_text(xmlNodePtr svg, double x, double y, const char *t, double size,
                         const char *fill, const char *anchor, gboolean bold);
void html_badge(xmlNodePtr parent, TgwStatus status, double width, double height);
const TgwModeSummary *html_mode_at(const Page *p, guint m);
double html_exhaustion_probability(const TgwModeSummary *ms);
char *html_headline(const Page *p, const TgwModeSummary *ms);

/* tgw-report-html-verdict.c */
void html_section_verdict(const Page *p, xmlNodePtr body);
GPtrArray *html_busiest_subnets(const Page *p, guint max);
void html_section_timeline(const Page *p, xmlNodePtr body);

/* tgw-report-html-modes.c */
xmlNodePtr html_table_row(xmlNodePtr table, const char *label);
void html_section_compare(const Page *p, xmlNodePtr body);
void html_section_holders(const Page *p, xmlNodePtr body);

/* tgw-report-html-network.c */
void html_section_network(const Page *p, xmlNodePtr body);

G_END_DECLS
