/* tgw-report-html.c: the management report as one HTML file (see tgw-report-html.h).
 *
 * Built as a libxml2 tree and written with the HTML serializer: text nodes and attribute values
 * are escaped there, so a scenario called "<script>" shows as text. The serializer writes SVG
 * elements it does not know as <rect ...></rect>, which HTML5 parsers accept inside <svg>; the
 * SVG namespace attribute is left out (HTML5 does not need it, and the page holds no URL at all).
 * Numbers go through g_ascii_formatd or integer formatting, never the locale. Everything is in
 * scenario order, so the same input gives the same bytes. The sections are drawn by the files
 * tgw-report-html-private.h lists; this one holds the stylesheet, section 6 (assumptions), the
 * page header and the page. */
#include "tgw-report-html-private.h"

#include <math.h>
#include <string.h>

#include <libxml/HTMLtree.h>

#include "tgw-config.h"
#include "tgw-value.h"

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
    html_el(sec, "h3", "VPC CNI settings");
    tbl = html_table_new(sec, &tr);
    html_el(tr, "th", "Setting");
    for (guint c = 0; c < sc->clusters->len; c++)
        html_elf(tr, "th", "cluster %s", ((const TgwClusterDef *) sc->clusters->pdata[c])->name);
    for (guint r = 0; r < G_N_ELEMENTS(cni_rows); r++) {
        tr = html_el(tbl, "tr", NULL);
        html_el(tr, "th", cni_rows[r]);
        for (guint c = 0; c < sc->clusters->len; c++) {
            g_autofree char *v =
                cni_value(((const TgwClusterDef *) sc->clusters->pdata[c])->cni, r);
            html_el(tr, "td", v);
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
    html_el(sec, "h3", "Instance limits and max pods");
    tbl = html_table_new(sec, &tr);
    for (guint i = 0; i < G_N_ELEMENTS(heads); i++)
        html_el(tr, "th", heads[i]);
    for (guint g = 0; g < sc->node_groups->len; g++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[g];
        const TgwInstanceType *it = ng->itype;
        g_autofree char *name = g_strdup_printf("%s/%s", ng->cluster->name, ng->name);
        tr = html_el(tbl, "tr", NULL);
        html_el(tr, "td", name);
        html_el(tr, "td", ng->instance_type);
        if (it == NULL) {
            for (guint i = 2; i < G_N_ELEMENTS(heads); i++)
                html_el(tr, "td", "unknown");
            continue;
        }
        html_elf(tr, "td", "%u", it->max_enis);
        html_elf(tr, "td", "%u", it->ipv4_per_eni);
        if (it->vcpus > 0)
            html_elf(tr, "td", "%u", it->vcpus);
        else
            html_el(tr, "td", "?");
        if (it->memory_mib > 0) {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            html_el(tr, "td",
                    g_ascii_formatd(buf, sizeof buf, "%.1f", (double) it->memory_mib / 1024));
        } else {
            html_el(tr, "td", "?");
        }
        if (ng->max_pods_auto)
            html_el(tr, "td", "auto (the value for the node's mode)");
        else if (ng->max_pods > 0)
            html_elf(tr, "td", "%u", ng->max_pods);
        else
            html_el(tr, "td", "left out (the default-mode ENI formula)");
        for (TgwCniMode m = 0; m < TGW_CNI_MODE_COUNT; m++) {
            TgwMaxPodsOptions mo = {tgw_cni_mode_is_custom(m), tgw_cni_mode_is_prefix(m),
                                    ng->cluster->cni->max_eni, TRUE};
            html_elf(tr, "td", "%u", tgw_instance_max_pods(it, &mo, NULL));
        }
    }
}

static void
section_assumptions(const Page *p, xmlNodePtr body)
{
    const TgwScenario *sc = p->in->scenario;
    const TgwRunResult *base = html_mode_at(p, 0)->runs->result;
    xmlNodePtr sec = html_el(body, "section", NULL), tbl, tr, para;
    g_autofree char *horizon = html_span(p->horizon_ms);
    g_autofree char *sample = tgw_duration_format(sc->sample_every_ms);
    g_autofree char *file = g_path_get_basename(sc->file != NULL ? sc->file : "-");
    guint reps = 1;

    html_attr(sec, "id", "assumptions");
    html_el(sec, "h2", "6. Assumptions");
    para = html_el(sec, "p", NULL);
    html_el(para, "strong", "Reserved addresses: ");
    html_text(para, "AWS keeps 5 addresses of every subnet (network, VPC router, DNS, future use, "
                    "broadcast). \"Usable\" counts the rest: a /24 has 251, a /19 8,187.");
    para = html_el(sec, "p", NULL);
    html_el(para, "strong", "Pod address space: ");
    html_text(para, "with the default VPC CNI (and prefix delegation) pods take addresses from the "
                    "node groups' subnets and subnets tagged for CNI discovery; with custom "
                    "networking from the ENIConfig subnets, while nodes keep their primary IPs in "
                    "the node subnets.");
    cni_table(p, sec);
    instance_table(p, sec);

    html_el(sec, "h3", "This simulation");
    tbl = html_table_new(sec, NULL);
    for (guint m = 0; m < p->c->modes->len; m++) {
        const TgwModeRuns *mr = html_mode_at(p, m)->runs;
        if (mr->repetitions != NULL)
            reps = MAX(reps, mr->repetitions->len);
    }
    tr = html_table_row(tbl, "Scenario");
    html_el(tr, "td", sc->name);
    tr = html_table_row(tbl, "Scenario file");
    html_el(tr, "td", file);
    tr = html_table_row(tbl, "Input SHA-256");
    html_el(html_el(tr, "td", NULL), "code", sc->input_sha256);
    if (sc->region != NULL) {
        tr = html_table_row(tbl, "Region");
        html_el(tr, "td", sc->region);
    }
    tr = html_table_row(tbl, "Modes simulated");
    {
        g_autoptr(GString) s = g_string_new(NULL);
        for (guint m = 0; m < p->c->modes->len; m++)
            g_string_append_printf(s, "%s%s", m > 0 ? ", " : "",
                                   tgw_cni_mode_name(html_mode_at(p, m)->mode));
        html_el(tr, "td", s->str);
    }
    tr = html_table_row(tbl, "Seed");
    if (reps > 1)
        html_elf(tr, "td",
                 "%" G_GUINT64_FORMAT " (%u repetitions per mode with seeds derived from it; the "
                 "charts show the first)",
                 base->seed, reps);
    else
        html_elf(tr, "td", "%" G_GUINT64_FORMAT " (the same in every mode)", base->seed);
    tr = html_table_row(tbl, "Horizon");
    html_el(tr, "td", horizon);
    tr = html_table_row(tbl, "Sampling interval of the charts");
    html_el(tr, "td", sample);
    tr = html_table_row(tbl, "tgwsim version");
    html_el(tr, "td", TGW_VERSION);
    if (p->opts != NULL && p->opts->generated_at != NULL) {
        tr = html_table_row(tbl, "Generated at");
        html_el(tr, "td", p->opts->generated_at);
    }
}

/* ---- the page ------------------------------------------------------------------------------- */

static void
page_header(const Page *p, xmlNodePtr body)
{
    const TgwScenario *sc = p->in->scenario;
    xmlNodePtr header = html_el(body, "header", NULL), meta, nav;
    g_autofree char *horizon = html_span(p->horizon_ms);
    static const struct {
        const char *id, *label;
    } sections[] = {{"verdict", "Verdict"},      {"timeline", "Free addresses over time"},
                    {"compare", "Side by side"}, {"holders", "Who holds the addresses"},
                    {"network", "The network"},  {"assumptions", "Assumptions"}};

    html_elf(header, "h1", "IP address report: %s", sc->name);
    if (sc->description != NULL) {
        xmlNodePtr d = html_el(header, "p", sc->description);
        html_attr(d, "class", "sub");
    }
    meta = html_el(header, "p", NULL);
    html_attr(meta, "class", "meta");
    html_textf(meta, "Simulated %s of EKS pods, nodes and other address consumers", horizon);
    if (sc->region != NULL)
        html_textf(meta, " in %s", sc->region);
    html_textf(meta, " \xC2\xB7 seed %" G_GUINT64_FORMAT " \xC2\xB7 tgwsim %s",
               html_mode_at(p, 0)->runs->result->seed, TGW_VERSION);
    if (p->opts != NULL && p->opts->generated_at != NULL)
        html_textf(meta, " \xC2\xB7 generated %s", p->opts->generated_at);
    nav = html_el(body, "nav", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(sections); i++) {
        xmlNodePtr a;
        if (i > 0)
            html_text(nav, " \xC2\xB7 ");
        a = html_el(nav, "a", sections[i].label);
        html_attrf(a, "href", "#%s", sections[i].id);
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
    html_attr(html, "lang", "en");
    head = html_el(html, "head", NULL);
    meta = html_el(head, "meta", NULL);
    html_attr(meta, "charset", "utf-8");
    meta = html_el(head, "meta", NULL);
    html_attr(meta, "name", "viewport");
    html_attr(meta, "content", "width=device-width, initial-scale=1");
    meta = html_el(head, "meta", NULL);
    html_attr(meta, "name", "generator");
    html_attrf(meta, "content", "tgwsim %s", TGW_VERSION);
    html_el(head, "title", title);
    style = html_el(head, "style", NULL);
    /* a CDATA-free raw text: the serializer writes <style> content as it is; the CSS is ours */
    xmlAddChild(style, xmlNewText(BAD_CAST css));
    body = html_el(html, "body", NULL);

    page_header(&page, body);
    html_section_verdict(&page, body);
    html_section_timeline(&page, body);
    html_section_compare(&page, body);
    html_section_holders(&page, body);
    html_section_network(&page, body);
    section_assumptions(&page, body);
    footer = html_el(body, "footer", NULL);
    html_textf(
        footer,
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
