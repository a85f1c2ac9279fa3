/* tgw-report-html-network.c: section 5 of the HTML report, the network (see
 * tgw-report-html-private.h).
 *
 * A picture of the VPCs, their CIDR blocks and the transit gateways they attach to (blocks shadowed
 * on a TGW drawn as such), the effective TGW route tables, and the design findings. */
#include "tgw-report-html-private.h"

#include <math.h>
#include <string.h>

#include "tgw-lint.h"
#include "tgw-value.h"

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
    xmlNodePtr fig = html_el(parent, "figure", NULL), svg, g_lines, g_boxes;
    const char *title = "Topology: VPCs, their CIDR blocks and transit gateway attachments";

    for (guint i = 0; i < sc->attachments->len; i++) {
        const TgwAttachmentDef *a = sc->attachments->pdata[i];
        if (a->kind != TGW_ATTACHMENT_VPC)
            g_ptr_array_add(externals, (gpointer) a);
    }
    svg = html_svg_new(fig, W, 100, title); /* the height is set once the layout is known */
    html_svg_text(svg, 0, 16, title, 14, COLOUR_TEXT, NULL, TRUE);
    g_lines = html_el(svg, "g", NULL);
    g_boxes = html_el(svg, "g", NULL);

    /* external attachments (DX, VPN, Connect, peering) above their transit gateway */
    if (externals->len > 0) {
        double ew = MIN(200.0, (W - 2 * M - 16.0 * (externals->len - 1)) / externals->len);
        double total = externals->len * ew + 16.0 * (externals->len - 1), x0 = (W - total) / 2;
        for (guint i = 0; i < externals->len; i++) {
            const TgwAttachmentDef *a = externals->pdata[i];
            Box b = {x0 + i * (ew + 16), y, ew, 46};
            g_autofree char *name = html_clip(a->name, (glong) (ew / 7.5));
            g_autoptr(GString) adv = g_string_new(NULL);
            g_autofree char *adv_shown = NULL;
            xmlNodePtr r;
            for (guint k = 0; a->advertises != NULL && k < a->advertises->len; k++) {
                char buf[TGW_CIDR_STRLEN];
                g_string_append_printf(
                    adv, "%s%s", k > 0 ? " " : "",
                    tgw_cidr_format(g_array_index(a->advertises, TgwCidr, k), buf));
            }
            r = html_svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#f3e5f5");
            html_attr(r, "stroke", "#7b1fa2");
            html_attr(r, "rx", "6");
            html_svg_text(g_boxes, b.x + 8, b.y + 17, name, 12, COLOUR_TEXT, NULL, TRUE);
            adv_shown = html_clip(adv->len > 0 ? adv->str : tgw_attachment_kind_name(a->kind),
                                  (glong) (ew / 6.6));
            html_svg_text(g_boxes, b.x + 8, b.y + 35, adv_shown, 11, COLOUR_MUTED, NULL, FALSE);
            if (a->tgw != NULL) {
                xmlNodePtr l = html_svg_line(g_lines, b.x + b.w / 2, b.y + b.h, b.x + b.w / 2,
                                             y + 46 + 34, "#7b1fa2", 1.5);
                if (!attached(p, a))
                    html_attr(l, "stroke-dasharray", "5 4");
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
        r = html_svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#e3f2fd");
        html_attr(r, "stroke", COLOUR_INFO);
        html_attr(r, "stroke-width", "2");
        html_attr(r, "rx", "8");
        name = g_strdup_printf("Transit gateway %s", tgw->name);
        {
            g_autofree char *shown = html_clip(name, (glong) (tw / 8.2));
            html_svg_text(g_boxes, b.x + 10, b.y + 20, shown, 14, COLOUR_TEXT, NULL, TRUE);
        }
        tables_shown = html_clip(tables->str, (glong) (tw / 6.6));
        html_svg_text(g_boxes, b.x + 10, b.y + 40, tables_shown, 12, COLOUR_TEXT, NULL, FALSE);
        if (holes->len > 0) {
            g_autofree char *shown = html_clip(holes->str, (glong) (tw / 6.6));
            html_svg_text(g_boxes, b.x + 10, b.y + 58, shown, 12, COLOUR_CRITICAL, NULL, FALSE);
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
            g_autofree char *shown = html_clip(name, (glong) (box_w / 8.0));
            g_autoptr(GPtrArray) azs = tgw_subnets_azs(vpc->subnets);
            xmlNodePtr r;
            vpc_box[i] = b;
            r = html_svg_rect(g_boxes, b.x, b.y, b.w, b.h, "#fafafa");
            html_attr(r, "stroke", COLOUR_LINE);
            html_attr(r, "rx", "6");
            html_svg_text(g_boxes, b.x + 10, ty, shown, 13, COLOUR_TEXT, NULL, TRUE);
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
                line_shown = html_clip(line, sh ? chars - 4 : chars);
                html_svg_text(g_boxes, b.x + 10, ty, line_shown, 12, sh ? COLOUR_WARN : COLOUR_TEXT,
                              NULL, sh);
                ty += 16;
            }
            {
                g_autofree char *line = g_strdup_printf("%u subnet%s in %u AZ%s", vpc->subnets->len,
                                                        vpc->subnets->len == 1 ? "" : "s", azs->len,
                                                        azs->len == 1 ? "" : "s");
                html_svg_text(g_boxes, b.x + 10, ty, line, 12, COLOUR_MUTED, NULL, FALSE);
                ty += 16;
            }
            for (guint k = 0; k < MIN(vpc->attachments->len, 3u); k++) {
                const TgwAttachmentDef *a = vpc->attachments->pdata[k];
                g_autofree char *line =
                    g_strdup_printf("\xE2\x86\x94 %s: %s%s", a->tgw != NULL ? a->tgw->name : "?",
                                    a->associate != NULL ? a->associate->name : "no table",
                                    attached(p, a) ? "" : " (later)");
                g_autofree char *line_shown = html_clip(line, chars);
                guint t = a->tgw != NULL ? a->tgw->index : 0;
                double ly = b.y + 24 + 8.0 * (t % 3);
                double lx = b.x - 12 - 5.0 * (t % 4);
                double bus_y = tgw_box[MIN(t, MAX(n_tgws, 1u) - 1)].y + 70 + 12 + 10.0 * t;
                html_svg_text(g_boxes, b.x + 10, ty, line_shown, 12, COLOUR_INFO, NULL, FALSE);
                ty += 16;
                if (a->tgw == NULL || n_tgws == 0)
                    continue;
                {
                    g_autofree char *d = NULL;
                    char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE],
                        b3[G_ASCII_DTOSTR_BUF_SIZE], b4[G_ASCII_DTOSTR_BUF_SIZE];
                    xmlNodePtr path = html_el(g_lines, "path", NULL);
                    d = g_strdup_printf("M%s %s H%s V%s", html_num(b1, b.x), html_num(b2, ly),
                                        html_num(b3, lx), html_num(b4, bus_y));
                    html_attr(path, "d", d);
                    html_attr(path, "fill", "none");
                    html_attr(path, "stroke", COLOUR_LINE);
                    html_attr(path, "stroke-width", "1.5");
                    if (!attached(p, a))
                        html_attr(path, "stroke-dasharray", "5 4");
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
        html_svg_line(g_lines, cx, tgw_box[t].y + 70, cx, bus_y, COLOUR_LINE, 1.5);
        html_svg_line(g_lines, bus_lo[t], bus_y, bus_hi[t], bus_y, COLOUR_LINE, 1.5);
    }
    if (sc->vpcs->len > n_vpcs) {
        g_autofree char *more =
            g_strdup_printf("and %u more VPCs, in the tables below", sc->vpcs->len - n_vpcs);
        html_svg_text(svg, M, y + 4, more, 12, COLOUR_MUTED, NULL, FALSE);
        y += 20;
    }
    height = y;
    {
        char w[G_ASCII_DTOSTR_BUF_SIZE], h[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *box = g_strdup_printf("0 0 %s %s", html_num(w, W), html_num(h, height));
        xmlSetProp(svg, BAD_CAST "height", BAD_CAST h);
        xmlSetProp(svg, BAD_CAST "viewBox", BAD_CAST box);
    }
    {
        xmlNodePtr cap = html_el(fig, "figcaption", NULL);
        html_text(cap,
                  "Each VPC lists its CIDR blocks and, for each transit gateway attachment, the "
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
            html_elf(sec, "h4", "%s / %s", tgw->name, table->name);
            para = html_el(sec, "p", NULL);
            html_attr(para, "class", "note");
            html_textf(para, "Associated: %s. Propagating: %s.", a->len > 0 ? a->str : "none",
                       pr->len > 0 ? pr->str : "none");
            if (routes == NULL || routes->len == 0) {
                html_el(sec, "p", "No routes.");
                continue;
            }
            tbl = html_table_with_heads(sec, "CIDR", "Type", "Target", "State", NULL);
            for (guint i = 0; i < MIN(routes->len, (guint) MAX_TABLE_ROUTES); i++) {
                const TgwRoute *rt = routes->pdata[i];
                char buf[TGW_CIDR_STRLEN];
                tr = html_el(tbl, "tr", NULL);
                html_el(tr, "td", tgw_cidr_format(rt->cidr, buf));
                html_el(tr, "td", tgw_route_type_name(rt->type));
                html_el(tr, "td", attachment_name(rt->target));
                if (rt->state == TGW_ROUTE_SHADOWED && rt->shadowed_by != NULL)
                    html_elf(tr, "td", "WARN: shadowed by %s",
                             attachment_name(rt->shadowed_by->target));
                else if (rt->state == TGW_ROUTE_BLACKHOLE)
                    html_el(tr, "td", "blackhole (dropped)");
                else
                    html_el(tr, "td", tgw_route_state_name(rt->state));
            }
            if (routes->len > MAX_TABLE_ROUTES) {
                xmlNodePtr more =
                    html_elf(sec, "p", "and %u more routes: ", routes->len - MAX_TABLE_ROUTES);
                html_el(more, "code", "tgwsim routes FILE");
                html_text(more, " lists them all.");
            }
        }
    }
}

static void
findings_table(const Page *p, xmlNodePtr sec)
{
    TgwFindings *f = p->in->findings;
    xmlNodePtr tbl, tr;
    html_el(sec, "h3", "Findings of the design checks");
    if (f == NULL) {
        html_el(sec, "p", "Not checked.");
        return;
    }
    if (tgw_findings_len(f) == 0) {
        html_el(sec, "p", "OK: the design checks found nothing.");
        return;
    }
    tbl = html_table_with_heads(sec, "Severity", "Code", "Line", "Finding", NULL);
    for (guint i = 0; i < MIN(tgw_findings_len(f), (guint) MAX_FINDINGS); i++) {
        const TgwFinding *fd = tgw_findings_get(f, i);
        const char *word = fd->severity == TGW_SEVERITY_ERROR     ? "CRITICAL (error)"
                           : fd->severity == TGW_SEVERITY_WARNING ? "WARN"
                                                                  : "INFO";
        tr = html_el(tbl, "tr", NULL);
        html_el(tr, "td", word);
        html_el(tr, "td", fd->code);
        if (fd->line > 0)
            html_elf(tr, "td", "%d", fd->line);
        else
            html_el(tr, "td", "-");
        html_el(tr, "td", fd->message);
    }
    if (tgw_findings_len(f) > MAX_FINDINGS)
        html_elf(sec, "p", "and %u more findings: tgwsim validate FILE lists them all.",
                 tgw_findings_len(f) - MAX_FINDINGS);
}

void
html_section_network(const Page *p, xmlNodePtr body)
{
    xmlNodePtr sec = html_el(body, "section", NULL), tbl, tr;
    const TgwScenario *sc = p->in->scenario;

    html_attr(sec, "id", "network");
    html_el(sec, "h2", "5. The network");
    topology(p, sec);
    html_el(sec, "h3", "VPCs and CIDR blocks");
    tbl = html_table_with_heads(sec, "VPC", "CIDR blocks", "Subnets", "Usable addresses", NULL);
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
        u = html_count(usable);
        tr = html_el(tbl, "tr", NULL);
        html_el(tr, "td", vpc->name);
        html_el(tr, "td", blocks->str);
        html_elf(tr, "td", "%u", vpc->subnets->len);
        td = html_el(tr, "td", u);
        html_attr(td, "class", "num");
    }
    if (sc->tgws->len > 0) {
        html_el(sec, "h3", "Transit gateway route tables");
        route_tables(p, sec);
    }
    findings_table(p, sec);
}
