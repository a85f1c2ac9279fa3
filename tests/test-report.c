/* test-report.c: the management HTML report and tgwsim compare (reports/tgw-report-html.h,
 * reports/tgw-report-compare.h).
 *
 * A scenario whose name, description and region hold <script>, & and quotes shows them as text:
 * escaped in the bytes, never as markup; no report holds <script, an external URL or anything
 * else a browser would fetch; the same input gives the same bytes, with the generation time only
 * when asked; the seed case's pod address space is 753 (default) against 24,561 (custom), about
 * 32.6x, and compare's JSON carries both runs and the comparison. The rendering in a real browser
 * is test-report-chromium.c. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "tgw-lint.h"
#include "tgw-report-html.h"
#include "tgw-report-run.h"
#include "tgw-rng.h"
#include "tgw-sim.h"
#include "tgw-test-util.h"

static const char hostile_xml[] =
    "<scenario version=\"1\" name=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; "
    "'a'\" seed=\"1\" horizon=\"1d\" region=\"r&lt;script&gt;x\">\n"
    "  <description>&lt;script&gt;alert(\"d\")&lt;/script&gt; &amp; more &lt;/p&gt;"
    "</description>\n"
    "  <transit-gateway name=\"core\"><route-table name=\"spokes\"/></transit-gateway>\n"
    "  <vpc name=\"team-a\" cidr=\"10.20.8.0/21\">\n"
    "    <subnet name=\"private-a\" az=\"az1\" cidr=\"10.20.9.0/24\"/>\n"
    "    <subnet name=\"private-b\" az=\"az2\" cidr=\"10.20.10.0/24\"/>\n"
    "    <tgw-attachment name=\"team-a\" transit-gateway=\"core\" subnets=\"private-a private-b\" "
    "associate=\"spokes\" propagate=\"spokes\"/>\n"
    "  </vpc>\n"
    "  <eks-cluster name=\"main\" vpc=\"team-a\" subnets=\"private-a private-b\">\n"
    "    <node-group name=\"general\" instance-type=\"m5.large\" min=\"2\" max=\"4\" "
    "subnets=\"private-a private-b\"/>\n"
    "    <workload name=\"api\" replicas=\"30\" cpu=\"100m\" memory=\"100Mi\"/>\n"
    "  </eks-cluster>\n"
    "</scenario>\n";

typedef struct {
    TgwScenario *scenario;
    TgwFindings *findings;
    TgwRouting *routing;
    GPtrArray *results;     /* GPtrArray* of TgwRunResult*, per mode */
    GPtrArray *modes;       /* TgwModeRuns* */
    GArray *not_applicable; /* TgwModeNotApplicable, as compare makes it */
    GPtrArray *reasons;
    TgwReportInput input;
} Fixture;

static void
fixture_init(Fixture *f, TgwScenario *sc, TgwFindings *findings, const TgwCniMode *modes, guint n,
             gint64 horizon_ms)
{
    f->scenario = sc;
    f->findings = findings;
    f->routing = tgw_routing_new(sc, 0);
    f->results = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    f->modes = g_ptr_array_new_with_free_func(g_free);
    f->not_applicable = g_array_new(FALSE, FALSE, sizeof(TgwModeNotApplicable));
    f->reasons = g_ptr_array_new_with_free_func(g_free);
    for (guint m = 0; m < n; m++) {
        TgwSimOptions opts = {0};
        g_autoptr(GError) error = NULL;
        GPtrArray *r;
        TgwModeRuns *mr = NULL;
        char *why = tgw_lint_mode_not_applicable(sc, modes[m]);
        if (why != NULL) {
            TgwModeNotApplicable na = {modes[m], why};
            g_ptr_array_add(f->reasons, why);
            g_array_append_val(f->not_applicable, na);
            continue;
        }
        mr = g_new0(TgwModeRuns, 1);
        opts.override_cni = TRUE;
        opts.cni = modes[m];
        opts.horizon_ms = horizon_ms;
        r = tgw_sim_run_many(sc, &opts, 1, 1, &error);
        g_assert_no_error(error);
        g_ptr_array_add(f->results, r);
        mr->result = r->pdata[0];
        g_ptr_array_add(f->modes, mr);
    }
    f->input.scenario = sc;
    f->input.modes = f->modes;
    f->input.findings = findings;
    f->input.routing = f->routing;
    f->input.not_applicable = f->not_applicable;
}

static void
fixture_clear(Fixture *f)
{
    g_ptr_array_unref(f->modes);
    g_ptr_array_unref(f->results);
    g_array_unref(f->not_applicable);
    g_ptr_array_unref(f->reasons);
    tgw_routing_free(f->routing);
    tgw_findings_free(f->findings);
    tgw_scenario_free(f->scenario);
}

static TgwScenario *
load_seed(TgwFindings **findings)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    TgwScenario *sc;
    *findings = tgw_findings_new();
    sc = tgw_scenario_load_file(path, NULL, *findings);
    g_assert_nonnull(sc);
    return sc;
}

/* what a self-contained report must never hold */
static void
assert_self_contained(const char *html)
{
    g_autofree char *lower = g_ascii_strdown(html, -1);
    g_assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n<html lang=\"en\">"));
    g_assert_null(strstr(lower, "<script"));
    g_assert_null(strstr(lower, "http://"));
    g_assert_null(strstr(lower, "https://"));
    g_assert_null(strstr(lower, "src="));
    g_assert_null(strstr(lower, "url("));
    g_assert_null(strstr(lower, "@import"));
    g_assert_null(strstr(lower, "<link"));
    g_assert_null(strstr(lower, " style=")); /* no inline styles: a CSP would drop them */
    g_assert_null(strstr(lower, "javascript:"));
}

static void
test_escaping(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    TgwScenario *sc = tgw_test_load(hostile_xml, &findings);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT};
    g_autofree char *html = NULL;

    g_assert_nonnull(sc);
    g_assert_cmpstr(sc->name, ==, "<script>alert(1)</script> & \"q\" 'a'");
    fixture_init(&f, sc, findings, modes, 1, 0);
    html = tgw_report_html(&f.input, NULL);
    assert_self_contained(html);
    /* as text: in the title, the heading and the assumptions */
    g_assert_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\" 'a'"));
    g_assert_nonnull(
        strstr(html, "&lt;script&gt;alert(\"d\")&lt;/script&gt; &amp; more &lt;/p&gt;"));
    g_assert_nonnull(strstr(html, "r&lt;script&gt;x"));
    g_assert_null(strstr(html, "alert(1)</script>"));
    g_assert_null(strstr(html, "more </p>"));
    /* in an attribute (the SVG's aria-label carries no scenario text, the title element does) */
    g_assert_nonnull(strstr(html, "<title>IP address report: &lt;script&gt;"));
    fixture_clear(&f);
}

/* custom networking without an ENIConfig: the mode is not applicable, is not simulated, and
 * every output says so with the reason (text, JSON, HTML) */
static void
test_no_eniconfig(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    TgwScenario *sc = tgw_test_load(hostile_xml, &findings);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT, TGW_CNI_CUSTOM};
    const char *reason = "cluster 'main' has no eni-config for az1, where node group 'general' "
                         "has nodes: with custom networking no node there becomes Ready";
    g_autoptr(TgwComparison) c = NULL;
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *html = NULL, *na_text = NULL, *na_html = NULL, *na_json = NULL;

    fixture_init(&f, sc, findings, modes, 2, 0);
    g_assert_cmpuint(f.not_applicable->len, ==, 1);
    c = tgw_comparison_new(&f.input);
    g_assert_cmpuint(c->modes->len, ==, 1);
    g_assert_cmpuint(g_array_index(c->modes, TgwModeSummary, 0).pod_space, ==, 502);
    tgw_report_compare_text(&f.input, text);
    na_text =
        g_strdup_printf("custom         N/A      not applicable, not simulated: %s.\n", reason);
    g_assert_nonnull(strstr(text->str, na_text));
    tgw_report_compare_json(&f.input, w);
    na_json = g_strdup_printf("\"not_applicable\": [\n      {\n        \"cni\": \"custom\",\n"
                              "        \"reason\": \"%s\"",
                              reason);
    g_assert_nonnull(strstr(tgw_json_writer_get(w), na_json));
    html = tgw_report_html(&f.input, NULL);
    na_html = g_strdup_printf("not applicable to this design, so not simulated: %s.", reason);
    g_assert_nonnull(strstr(html, "<strong>Custom networking:</strong>"));
    g_assert_nonnull(strstr(html, na_html));
    assert_self_contained(html);
    fixture_clear(&f);
}

/* prefix delegation in a /27 with no aligned /28 free: the HTML says fragmented where the numbers
 * show free addresses (headline and chart mark), not "run out"; the JSON carries the free count */
static void
test_fragmented(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    const char *xml = "<scenario version=\"1\" name=\"frag\" seed=\"7\" horizon=\"1h\">\n"
                      "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
                      "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"
                      "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"
                      "    <subnet name=\"small\" az=\"az1\" cidr=\"10.0.1.0/27\"/>\n"
                      "  </vpc>\n"
                      "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                      "    <node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" max=\"1\" "
                      "subnets=\"small\" max-pods=\"110\"/>\n"
                      "    <workload name=\"app\" replicas=\"1\"/>\n"
                      "  </eks-cluster>\n"
                      "</scenario>\n";
    TgwScenario *sc = tgw_test_load(xml, &findings);
    const TgwCniMode modes[] = {TGW_CNI_PREFIX};
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autofree char *html = NULL;

    fixture_init(&f, sc, findings, modes, 1, 0);
    html = tgw_report_html(&f.input, NULL);
    g_assert_nonnull(strstr(html, "No aligned /28 prefix is left on day 0 at 00:00 in v/small "
                                  "(az1), though 26 addresses are free: the subnet is fragmented"));
    g_assert_nonnull(strstr(html, "small: no /28 free (fragmented), day 0 00:00"));
    g_assert_null(strstr(html, "Pod IP addresses run out"));
    tgw_report_compare_json(&f.input, w);
    g_assert_nonnull(strstr(tgw_json_writer_get(w), "\"free_addresses\": 26,\n"));
    g_assert_nonnull(strstr(tgw_json_writer_get(w), "\"fragmented\": true\n"));
    /* the node group when it happened (at the start: the node was not Ready yet), and the
     * series the chart draws */
    g_assert_nonnull(strstr(tgw_json_writer_get(w), "\"at_first_exhaustion\": {\n"
                                                    "            \"nodes_ready\": 0,\n"
                                                    "            \"pods_running\": 0\n"));
    g_assert_nonnull(strstr(tgw_json_writer_get(w), "\"series\": {\n"
                                                    "            \"time_s\": [0, 60, 120, "));
    fixture_clear(&f);
}

/* four modes in the report: the status tiles take two rows of three, each wide enough for its
 * words (the bold 30 px status about 0.62 em a character, the 13 px lines 0.55 em, inside 14 px
 * margins); with one row of six they were 150 px and "CRITICAL" ran over the edge. The max-pods
 * cost gives the same numbers as the text; the fragmented mode's status says so. */
static void
test_four_modes(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    TgwScenario *sc = load_seed(&findings);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT, TGW_CNI_CUSTOM, TGW_CNI_PREFIX,
                                TGW_CNI_CUSTOM_PREFIX};
    g_autofree char *html = NULL;
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GRegex) rect = g_regex_new("<rect[^>]*width=\"([0-9.]+)\"", 0, 0, NULL);
    g_autoptr(GRegex) label =
        g_regex_new("<text[^>]*font-size=\"([0-9]+)\"[^>]*>([^<]*)</text>", 0, 0, NULL);
    g_autoptr(GMatchInfo) m = NULL;
    const char *start = NULL, *end = NULL;
    g_autofree char *tiles = NULL;
    guint rects = 0, labels = 0;

    fixture_init(&f, sc, findings, modes, 4, TGW_MS_PER_DAY);
    html = tgw_report_html(&f.input, NULL);
    start = strstr(html, "class=\"tiles\"");
    g_assert_nonnull(start);
    end = strstr(start, "</svg>");
    tiles = g_strndup(start, (gsize) (end - start));
    for (g_regex_match(rect, tiles, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        g_autofree char *w = g_match_info_fetch(m, 1);
        g_assert_cmpfloat(g_ascii_strtod(w, NULL), ==, 312);
        rects++;
    }
    g_clear_pointer(&m, g_match_info_free);
    g_assert_cmpuint(rects, ==, 6);
    for (g_regex_match(label, tiles, 0, &m); g_match_info_matches(m); g_match_info_next(m, NULL)) {
        g_autofree char *size = g_match_info_fetch(m, 1), *t = g_match_info_fetch(m, 2);
        double px = g_ascii_strtod(size, NULL), em = px >= 14 ? 0.62 : 0.55;
        g_assert_cmpfloat((double) g_utf8_strlen(t, -1) * px * em, <=, 312 - 28);
        labels++;
    }
    g_assert_cmpuint(labels, >=, 6 * 3);
    g_assert_nonnull(
        strstr(html, "Prefix delegation (CRITICAL, no aligned /28 free (fragmented)):"));
    g_assert_nonnull(strstr(html,
                            "runs at most 44 pods per node instead of 58 (kubelet max-pods 58 "
                            "\xE2\x86\x92 44, the CNI addresses 58 \xE2\x86\x92 44)"));
    tgw_report_compare_text(&f.input, text);
    g_assert_nonnull(strstr(text->str, "general (m5.xlarge) 58 -> 44 (kubelet max-pods 58 -> 44, "
                                       "CNI formula 58 -> 44)"));
    fixture_clear(&f);
}

/* the capacity headline beside a mode that still fails says so: one m5.xlarge node group in a
 * /26 (59), pods in a /25 (123) under custom networking: 2.1x the addresses, but 150 pods need
 * about 11 ENIs of 15 there, more than the /25 holds */
static void
test_headline_still_critical(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    const char *xml = "<scenario version=\"1\" name=\"still\" seed=\"7\" horizon=\"1h\">\n"
                      "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
                      "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                      "    <subnet name=\"cp-a\" az=\"az1\" cidr=\"10.0.200.0/28\"/>\n"
                      "    <subnet name=\"cp-b\" az=\"az2\" cidr=\"10.0.200.16/28\"/>\n"
                      "    <subnet name=\"n\" az=\"az1\" cidr=\"10.0.1.0/26\"/>\n"
                      "    <subnet name=\"p\" az=\"az1\" cidr=\"100.64.0.0/25\"/>\n"
                      "  </vpc>\n"
                      "  <eks-cluster name=\"k\" vpc=\"v\" subnets=\"cp-a cp-b\">\n"
                      "    <vpc-cni><eni-config az=\"az1\" subnet=\"p\"/></vpc-cni>\n"
                      "    <node-group name=\"g\" instance-type=\"m5.xlarge\" min=\"6\" max=\"6\" "
                      "subnets=\"n\"/>\n"
                      "    <workload name=\"app\" replicas=\"150\" cpu=\"10m\"/>\n"
                      "  </eks-cluster>\n"
                      "</scenario>\n";
    TgwScenario *sc = tgw_test_load(xml, &findings);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT, TGW_CNI_CUSTOM};
    g_autoptr(TgwComparison) c = NULL;
    g_autofree char *html = NULL;

    fixture_init(&f, sc, findings, modes, 2, 0);
    c = tgw_comparison_new(&f.input);
    g_assert_cmpint(g_array_index(c->modes, TgwModeSummary, 1).status, ==, TGW_STATUS_CRITICAL);
    html = tgw_report_html(&f.input, NULL);
    g_assert_nonnull(strstr(html, " more addresses</strong>: 123 instead of 59 usable. It is still "
                                  "critical: addresses run out (see its verdict above)."));
    fixture_clear(&f);
}

static void
test_deterministic(void)
{
    Fixture a = {0}, b = {0};
    TgwFindings *fa = NULL, *fb = NULL;
    TgwScenario *sa = load_seed(&fa), *sb = load_seed(&fb);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT, TGW_CNI_CUSTOM};
    g_autofree char *ha = NULL, *hb = NULL, *hc = NULL;
    TgwHtmlOptions stamped = {"2030-01-02 03:04:05 UTC"};

    fixture_init(&a, sa, fa, modes, 2, 5 * TGW_MS_PER_DAY);
    fixture_init(&b, sb, fb, modes, 2, 5 * TGW_MS_PER_DAY);
    ha = tgw_report_html(&a.input, NULL);
    hb = tgw_report_html(&b.input, NULL);
    g_assert_cmpstr(ha, ==, hb);
    g_assert_null(strstr(ha, "Generated at"));
    hc = tgw_report_html(&a.input, &stamped);
    g_assert_nonnull(strstr(hc, "2030-01-02 03:04:05 UTC"));
    assert_self_contained(ha);
    fixture_clear(&a);
    fixture_clear(&b);
}

static void
test_seed_sections(void)
{
    Fixture f = {0};
    TgwFindings *findings = NULL;
    TgwScenario *sc = load_seed(&findings);
    const TgwCniMode modes[] = {TGW_CNI_DEFAULT, TGW_CNI_CUSTOM};
    static const char *const ids[] = {"verdict", "timeline", "compare",
                                      "holders", "network",  "assumptions"};
    g_autofree char *html = NULL, *verdict = NULL;
    g_autoptr(TgwComparison) c = NULL;

    fixture_init(&f, sc, findings, modes, 2, 0);
    html = tgw_report_html(&f.input, NULL);
    assert_self_contained(html);
    for (guint i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_autofree char *id = g_strdup_printf("<section id=\"%s\">", ids[i]);
        g_assert_nonnull(strstr(html, id));
    }
    /* status words, not colour alone; the verdict sentence of each mode; the capacity ratio */
    g_assert_nonnull(strstr(html, ">CRITICAL<"));
    g_assert_nonnull(strstr(html, ">OK<"));
    g_assert_nonnull(strstr(html, ">WARN<"));
    verdict = tgw_report_verdict(((TgwModeRuns *) f.modes->pdata[0])->result);
    g_assert_nonnull(strstr(html, verdict));
    /* the size the design had reached when it ran out, in "In detail" */
    g_assert_nonnull(strstr(html, "At the first exhaustion (day 1 at 15:26) "));
    g_assert_nonnull(strstr(html, "32.6\xC3\x97 more"));
    /* charts: role=img with a title, colours as attributes, the exhaustion marked */
    g_assert_nonnull(strstr(html, "role=\"img\""));
    g_assert_nonnull(strstr(html, "fill=\"#c62828\""));
    g_assert_nonnull(strstr(html, "ran out, day 1"));
    g_assert_nonnull(strstr(html, "100.64.0.0/17 \xE2\x9A\xA0 shadowed"));
    g_assert_nonnull(strstr(html, "@media print"));
    g_assert_nonnull(strstr(html, "print-color-adjust:exact"));

    c = tgw_comparison_new(&f.input);
    g_assert_true(c->has_costs);
    g_assert_cmpuint(c->custom_index, ==, 1);
    g_assert_cmpuint(g_array_index(c->modes, TgwModeSummary, 0).pod_space, ==, 753);
    g_assert_cmpuint(g_array_index(c->modes, TgwModeSummary, 1).pod_space, ==, 24561);
    g_assert_cmpfloat_with_epsilon(g_array_index(c->modes, TgwModeSummary, 1).capacity_ratio,
                                   24561.0 / 753.0, 1e-9);
    g_assert_cmpint(g_array_index(c->modes, TgwModeSummary, 0).status, ==, TGW_STATUS_CRITICAL);
    g_assert_cmpint(g_array_index(c->modes, TgwModeSummary, 1).status, ==, TGW_STATUS_OK);
    g_assert_cmpuint(c->shadowed->len, ==, 1);
    g_assert_cmpuint(c->shadowed_findings, ==, 1);
    g_assert_cmpuint(c->snat_clusters->len, ==, 1);
    g_assert_cmpuint(c->node_usable, ==, 753);
    g_assert_cmpuint(c->max_pods->len, ==, 1);
    g_assert_cmpuint(g_array_index(c->max_pods, TgwMaxPodsChange, 0).baseline->max_pods_cni, ==,
                     58);
    g_assert_cmpuint(g_array_index(c->max_pods, TgwMaxPodsChange, 0).custom->max_pods_cni, ==, 44);
    fixture_clear(&f);
}

/* the verdict's "tightest" subnet: the lowest share free, compared exactly. a (a /24, 251
 * usable) kept 25 free, 9.96 %; b (a /20, 4,091 usable) kept 406, 9.92 %: b, although both round
 * to 99 per mille and a comes first */
static void
test_verdict_tightest(void)
{
    static const char xml[] = "<scenario version=\"1\" name=\"tight\" seed=\"1\" horizon=\"1d\">\n"
                              "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
                              "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.0.0/24\"/>\n"
                              "    <subnet name=\"b\" az=\"az1\" cidr=\"10.0.16.0/20\"/>\n"
                              "  </vpc>\n"
                              "</scenario>\n";
    g_autoptr(TgwFindings) findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    g_autoptr(TgwRunResult) r = NULL;
    g_autofree char *verdict = NULL;
    TgwSubnetResult *a = NULL, *b = NULL;

    g_assert_nonnull(sc);
    r = tgw_run_result_new(sc);
    a = tgw_run_result_find_subnet(r, sc->subnets->pdata[0]);
    b = tgw_run_result_find_subnet(r, sc->subnets->pdata[1]);
    g_assert_cmpuint(a->usable, ==, 251);
    g_assert_cmpuint(b->usable, ==, 4091);
    a->min_free = 25;
    a->peak_used = 226;
    b->min_free = 406;
    b->peak_used = 3685;
    verdict = tgw_report_verdict(r);
    g_assert_nonnull(strstr(verdict, "the tightest, v/b, kept 406 of 4091 free (9.9%)"));
}

static void
test_address_space(void)
{
    TgwFindings *findings = NULL;
    g_autoptr(TgwScenario) sc = load_seed(&findings);
    g_autoptr(GPtrArray) subnets = g_ptr_array_new();
    g_autofree char *ratio = NULL, *n = NULL;

    g_assert_cmpuint(tgw_report_pod_address_space(sc, TGW_CNI_DEFAULT, subnets), ==, 753);
    g_assert_cmpuint(subnets->len, ==, 3);
    g_assert_cmpstr(((TgwSubnetDef *) subnets->pdata[0])->name, ==, "private-a");
    g_ptr_array_set_size(subnets, 0);
    g_assert_cmpuint(tgw_report_pod_address_space(sc, TGW_CNI_CUSTOM, subnets), ==, 24561);
    g_assert_cmpstr(((TgwSubnetDef *) subnets->pdata[2])->name, ==, "pods-c");
    g_assert_cmpuint(tgw_report_pod_address_space(sc, TGW_CNI_PREFIX, NULL), ==, 753);
    ratio = tgw_report_ratio_format(24561.0 / 753.0);
    g_assert_cmpstr(ratio, ==, "32.6x");
    n = tgw_report_count_format(1234567);
    g_assert_cmpstr(n, ==, "1,234,567");
    tgw_findings_free(findings);
}

static void
test_compare_cli(void)
{
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error = NULL;
    g_auto(TgwTestCmd) cmd = {0};
    JsonObject *root, *cmp, *costs, *custom;
    JsonArray *runs;

    if (g_getenv("TGWSIM") == NULL) {
        g_test_skip("TGWSIM is not set");
        return;
    }
    tgw_test_tgwsim(&cmd, "compare", seed, "--json", "-", NULL);
    g_assert_cmpint(cmd.status, ==, 0);
    g_assert_true(json_parser_load_from_data(parser, cmd.out, -1, &error));
    g_assert_no_error(error);
    root = json_node_get_object(json_parser_get_root(parser));
    g_assert_cmpint(json_object_get_int_member(root, "format"), ==, 1);
    runs = json_object_get_array_member(root, "runs");
    g_assert_cmpuint(json_array_get_length(runs), ==, 2);
    g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(runs, 0), "cni"),
                    ==, "default");
    g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(runs, 1), "cni"),
                    ==, "custom");
    /* common random numbers: the same seed in both */
    g_assert_cmpint(json_object_get_int_member(json_array_get_object_element(runs, 0), "seed"), ==,
                    json_object_get_int_member(json_array_get_object_element(runs, 1), "seed"));
    cmp = json_object_get_object_member(root, "comparison");
    g_assert_cmpstr(json_object_get_string_member(cmp, "baseline"), ==, "default");
    custom = json_array_get_object_element(json_object_get_array_member(cmp, "modes"), 1);
    g_assert_cmpint(json_object_get_int_member(custom, "pod_address_space"), ==, 24561);
    g_assert_cmpfloat_with_epsilon(json_object_get_double_member(custom, "capacity_ratio"), 32.62,
                                   1e-9);
    g_assert_cmpstr(json_object_get_string_member(custom, "status"), ==, "OK");
    costs = json_object_get_object_member(cmp, "custom_networking_costs");
    g_assert_nonnull(costs);
    g_assert_cmpuint(json_array_get_length(json_object_get_array_member(costs, "max_pods")), ==, 1);
    g_assert_cmpuint(
        json_array_get_length(json_object_get_array_member(cmp, "shadowed_cgnat_routes")), ==, 1);

    /* the text names the costs; usage errors exit 2 and say what is wrong */
    tgw_test_tgwsim(&cmd, "compare", seed, NULL);
    g_assert_cmpint(cmd.status, ==, 0);
    g_assert_nonnull(strstr(cmd.out, "32.6x"));
    g_assert_nonnull(strstr(cmd.out, "fewer pods per node"));
    g_assert_nonnull(strstr(cmd.out, "SNAT"));
    tgw_test_tgwsim(&cmd, "compare", seed, "--cni", "default,default", NULL);
    g_assert_cmpint(cmd.status, ==, 2);
    g_assert_nonnull(strstr(cmd.err, "distinct modes"));
    tgw_test_tgwsim(&cmd, "compare", seed, "--cni", "default,bogus", NULL);
    g_assert_cmpint(cmd.status, ==, 2);
    g_assert_nonnull(strstr(cmd.err, "--cni"));
}

static void
test_html_cli(void)
{
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *epoch = g_strdup(g_getenv("SOURCE_DATE_EPOCH"));
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    g_auto(TgwTestCmd) stamped = {0};
    g_auto(TgwTestCmd) single = {0};

    if (g_getenv("TGWSIM") == NULL) {
        g_test_skip("TGWSIM is not set");
        return;
    }
    tgw_test_tgwsim(&a, "compare", seed, "--horizon", "4d", "--html", "-", NULL);
    g_assert_cmpint(a.status, ==, 0);
    tgw_test_tgwsim(&b, "compare", seed, "--horizon", "4d", "--html", "-", NULL);
    g_assert_cmpstr(a.out, ==, b.out);
    assert_self_contained(a.out);
    g_assert_null(strstr(a.out, "generated"));

    /* tgwsim runs with this process's environment */
    g_setenv("SOURCE_DATE_EPOCH", "0", TRUE);
    tgw_test_tgwsim(&stamped, "run", seed, "--horizon", "4d", "--html", "-", "--timestamp", NULL);
    if (epoch != NULL)
        g_setenv("SOURCE_DATE_EPOCH", epoch, TRUE);
    else
        g_unsetenv("SOURCE_DATE_EPOCH");
    g_assert_cmpint(stamped.status, ==, 0);
    g_assert_nonnull(strstr(stamped.out, "1970-01-01 00:00:00 UTC"));

    tgw_test_tgwsim(&single, "run", seed, "--horizon", "4d", "--html", "-", NULL);
    g_assert_cmpint(single.status, ==, 0);
    assert_self_contained(single.out);
    /* one mode: no side-by-side, but the custom networking figure and the hint */
    g_assert_nonnull(strstr(single.out, "would give pods"));
    g_assert_nonnull(strstr(single.out, "tgwsim compare"));
}

int
main(int argc, char **argv)
{
    tgw_rng_init();
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/escaping", test_escaping);
    g_test_add_func("/report/no-eniconfig", test_no_eniconfig);
    g_test_add_func("/report/fragmented", test_fragmented);
    g_test_add_func("/report/four-modes", test_four_modes);
    g_test_add_func("/report/headline-still-critical", test_headline_still_critical);
    g_test_add_func("/report/deterministic", test_deterministic);
    g_test_add_func("/report/seed-sections", test_seed_sections);
    g_test_add_func("/report/verdict-tightest", test_verdict_tightest);
    g_test_add_func("/report/address-space", test_address_space);
    g_test_add_func("/report/compare-cli", test_compare_cli);
    g_test_add_func("/report/html-cli", test_html_cli);
    return g_test_run();
}
