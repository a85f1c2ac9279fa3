/* test-report-chromium.c: the seed case's report rendered in a real headless Chromium.
 *
 * Writes the compare report of the seed scenario, takes a screenshot and dumps the DOM with the
 * flags of ../shared/reference/ecosystem.md section 3.3, and checks that the picture is not
 * blank (much larger than a screenshot of an empty page of the same size) and that the DOM, as
 * the browser parsed it, holds each mode's verdict sentence, the status words and no element
 * the report did not mean to have; a scenario named <script>... reaches the DOM as text, not as
 * an element. Skipped when /usr/bin/chromium (or $CHROMIUM) is missing.
 * Its meson suite 'no-valgrind' keeps it out of the valgrind setup (and it skips itself when
 * that setup's TGW_UNDER_VALGRIND is set, for runs that name the suites explicitly): a browser
 * under valgrind tells nothing about tgwsim. */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "tgw-report-compare.h"
#include "tgw-report-run.h"
#include "tgw-rng.h"
#include "tgw-sim.h"
#include "tgw-test-util.h"

static const char *
chromium_path(void)
{
    const char *env = g_getenv("CHROMIUM");
    if (env != NULL && g_file_test(env, G_FILE_TEST_IS_EXECUTABLE))
        return env;
    return g_file_test("/usr/bin/chromium", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/chromium" : NULL;
}

/* runs chromium headless on file:// path with one more flag; stdout (the DOM) is returned */
static char *
chromium_sized(const char *dir, const char *page, const char *flag, const char *size)
{
    g_autofree char *profile = g_build_filename(dir, "profile", NULL);
    g_autofree char *profile_flag = g_strdup_printf("--user-data-dir=%s", profile);
    g_autofree char *url = g_filename_to_uri(page, NULL, NULL);
    const char *argv[] = {chromium_path(),
                          "--headless",
                          "--no-sandbox",
                          "--disable-gpu",
                          "--disable-dev-shm-usage",
                          "--hide-scrollbars",
                          profile_flag,
                          "--disable-background-networking",
                          "--disable-component-update",
                          "--no-first-run",
                          "--disable-sync",
                          size,
                          flag,
                          url,
                          NULL};
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
        G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_autoptr(GSubprocess) p = NULL;
    g_autoptr(GError) error = NULL;
    char *out = NULL;

    g_subprocess_launcher_setenv(launcher, "HOME", dir, TRUE);
    p = g_subprocess_launcher_spawnv(launcher, argv, &error);
    g_assert_no_error(error);
    g_subprocess_communicate_utf8(p, NULL, NULL, &out, NULL, &error);
    g_assert_no_error(error);
    /* stderr always carries harmless D-Bus complaints; the exit status is what counts */
    g_assert_true(g_subprocess_get_if_exited(p));
    g_assert_cmpint(g_subprocess_get_exit_status(p), ==, 0);
    return out;
}

static char *
chromium(const char *dir, const char *page, const char *flag)
{
    return chromium_sized(dir, page, flag, "--window-size=1280,1400");
}

/* FALSE (the test skipped, saying why) when there is no browser to run, or it would run under
 * valgrind, or there is no tgwsim to write the report */
static gboolean
can_render(const char *tgwsim)
{
    if (g_getenv("TGW_UNDER_VALGRIND") != NULL) {
        g_test_skip("a browser under valgrind tells nothing about tgwsim");
        return FALSE;
    }
    if (chromium_path() == NULL) {
        g_test_skip("chromium is not installed (apt-get install chromium)");
        return FALSE;
    }
    if (tgwsim == NULL) {
        g_test_skip("TGWSIM is not set");
        return FALSE;
    }
    return TRUE;
}

/* runs the given tgwsim (its arguments NULL-terminated), asserting it succeeds */
static void G_GNUC_NULL_TERMINATED
run_tgwsim(const char *tgwsim, ...)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GSubprocess) p = NULL;
    g_autoptr(GError) error = NULL;
    va_list ap;
    const char *arg = NULL;
    g_ptr_array_add(argv, (gpointer) tgwsim);
    va_start(ap, tgwsim);
    while ((arg = va_arg(ap, const char *)) != NULL)
        g_ptr_array_add(argv, (gpointer) arg);
    va_end(ap);
    g_ptr_array_add(argv, NULL);
    p = g_subprocess_newv((const char *const *) argv->pdata,
                          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error);
    g_assert_no_error(error);
    g_subprocess_wait_check(p, NULL, &error);
    g_assert_no_error(error);
}

static goffset
file_size(const char *path)
{
    GStatBuf st;
    g_assert_cmpint(g_stat(path, &st), ==, 0);
    return st.st_size;
}

static void
test_render_seed(void)
{
    const char *tgwsim = g_getenv("TGWSIM");
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *dir = NULL, *report = NULL, *empty = NULL, *shot = NULL, *blank = NULL;
    g_autofree char *shot_flag = NULL, *blank_flag = NULL, *dom = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(GError) error = NULL;
    goffset shot_size, blank_size;

    if (!can_render(tgwsim))
        return;
    dir = g_dir_make_tmp("tgw-chromium-XXXXXX", &error);
    g_assert_no_error(error);
    report = g_build_filename(dir, "report.html", NULL);
    empty = g_build_filename(dir, "empty.html", NULL);
    shot = g_build_filename(dir, "report.png", NULL);
    blank = g_build_filename(dir, "empty.png", NULL);
    run_tgwsim(tgwsim, "compare", seed, "--html", report, NULL);
    g_assert_true(
        g_file_set_contents(empty, "<!DOCTYPE html>\n<html><body></body></html>\n", -1, NULL));

    shot_flag = g_strdup_printf("--screenshot=%s", shot);
    blank_flag = g_strdup_printf("--screenshot=%s", blank);
    g_free(chromium(dir, report, shot_flag));
    g_free(chromium(dir, empty, blank_flag));
    shot_size = file_size(shot);
    blank_size = file_size(blank);
    g_test_message("screenshot %" G_GOFFSET_FORMAT " bytes, empty page %" G_GOFFSET_FORMAT,
                   shot_size, blank_size);
    /* a blank 1280x1400 PNG compresses to a few KB; the report's first screen is text, tiles and
     * a chart */
    g_assert_cmpint(shot_size, >, 40 * 1024);
    g_assert_cmpint(shot_size, >, 10 * blank_size);

    dom = chromium(dir, report, "--dump-dom");
    g_assert_nonnull(dom);
    g_assert_nonnull(strstr(dom, "IP address report: team-a-pod-ips"));
    g_assert_nonnull(strstr(dom, "CRITICAL"));
    g_assert_nonnull(strstr(dom, "Custom networking"));
    g_assert_null(strstr(dom, "<script"));
    g_assert_null(strstr(dom, "<parsererror"));

    /* each mode's verdict sentence, from a run of our own with the same seed */
    sc = tgw_scenario_load_file(seed, NULL, findings);
    g_assert_nonnull(sc);
    for (TgwCniMode m = TGW_CNI_DEFAULT; m <= TGW_CNI_CUSTOM; m++) {
        TgwSimOptions opts = {0};
        g_autoptr(TgwRunResult) r = NULL;
        g_autofree char *verdict = NULL;
        opts.override_cni = TRUE;
        opts.cni = m;
        r = tgw_sim_run(sc, &opts, &error);
        g_assert_no_error(error);
        verdict = tgw_report_verdict(r);
        g_assert_nonnull(strstr(dom, verdict));
    }
    tgw_test_remove_tree(dir);
}

/* advise --html: the options page of the seed with its custom-networking fix, rendered (not
 * blank), with the sentence, the table and the chart; the block, the runs that held and the
 * lowest free share are the JSON's */
static void
test_render_advise(void)
{
    const char *tgwsim = g_getenv("TGWSIM");
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *dir = NULL, *page = NULL, *json = NULL, *shot = NULL, *shot_flag = NULL;
    g_autofree char *dom = NULL, *json_text = NULL, *sentence = NULL, *low = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *cn = NULL, *outcome = NULL;
    JsonArray *cands = NULL;

    if (!can_render(tgwsim))
        return;
    dir = g_dir_make_tmp("tgw-chromium-XXXXXX", &error);
    g_assert_no_error(error);
    page = g_build_filename(dir, "advise.html", NULL);
    json = g_build_filename(dir, "advise.json", NULL);
    shot = g_build_filename(dir, "advise.png", NULL);
    run_tgwsim(tgwsim, "advise", seed, "--runs", "2", "--horizon", "3d", "--fix",
               "custom-networking", "--html", page, "--json", json, NULL);
    shot_flag = g_strdup_printf("--screenshot=%s", shot);
    g_free(chromium(dir, page, shot_flag));
    g_assert_cmpint(file_size(shot), >, 40 * 1024);
    dom = chromium(dir, page, "--dump-dom");
    g_assert_nonnull(strstr(dom, "Options: team-a-pod-ips"));
    g_assert_nonnull(strstr(dom, "<svg"));
    g_assert_nonnull(strstr(dom, "<polygon"));
    g_assert_null(strstr(dom, "<script"));

    g_assert_true(g_file_get_contents(json, &json_text, NULL, NULL));
    g_assert_true(json_parser_load_from_data(parser, json_text, -1, &error));
    cands = json_object_get_array_member(
        json_array_get_object_element(
            json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
                                         "clusters"),
            0),
        "candidates");
    cn = json_array_get_object_element(cands, 0);
    g_assert_cmpstr(json_object_get_string_member(cn, "kind"), ==, "custom-networking");
    outcome = json_object_get_object_member(cn, "outcome");
    sentence = g_strdup_printf("Adding %s for the pods of cluster main gives",
                               json_object_get_string_member(cn, "block"));
    g_assert_nonnull(strstr(dom, sentence));
    /* the page's one decimal against the JSON's four */
    {
        const char *at = strstr(dom, "% free at the tightest point");
        const char *num = at;
        g_assert_nonnull(at);
        while (num > dom && (g_ascii_isdigit(num[-1]) || num[-1] == '.'))
            num--;
        low = g_strndup(num, (gsize) (at - num));
        g_assert_cmpfloat_with_epsilon(
            g_ascii_strtod(low, NULL),
            100.0 * json_object_get_double_member(outcome, "min_free_share"), 0.051);
    }
    g_assert_cmpint(json_object_get_int_member(outcome, "holds"), ==, 2);
    g_assert_nonnull(strstr(dom, "2 of 2 runs"));
    tgw_test_remove_tree(dir);
}

/* the report with all four modes at 1400 px: rendered (not blank), every mode's verdict in the
 * DOM, and the status tiles in two rows of three (test-report.c checks that their words fit) */
static void
test_render_four_modes(void)
{
    const char *tgwsim = g_getenv("TGWSIM");
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autofree char *dir = NULL, *report = NULL, *shot = NULL, *shot_flag = NULL, *dom = NULL;
    g_autoptr(GError) error = NULL;

    if (!can_render(tgwsim))
        return;
    dir = g_dir_make_tmp("tgw-chromium-XXXXXX", &error);
    g_assert_no_error(error);
    report = g_build_filename(dir, "four.html", NULL);
    shot = g_build_filename(dir, "four.png", NULL);
    run_tgwsim(tgwsim, "compare", seed, "--cni", "default,custom,prefix,custom+prefix", "--horizon",
               "2d", "--html", report, NULL);
    shot_flag = g_strdup_printf("--screenshot=%s", shot);
    g_free(chromium_sized(dir, report, shot_flag, "--window-size=1400,1100"));
    g_assert_cmpint(file_size(shot), >, 40 * 1024);
    dom = chromium_sized(dir, report, "--dump-dom", "--window-size=1400,1100");
    g_assert_nonnull(strstr(dom, "<strong>Default VPC CNI:</strong>"));
    g_assert_nonnull(strstr(dom, "<strong>Custom networking:</strong>"));
    g_assert_nonnull(strstr(dom, "<strong>Prefix delegation:</strong>"));
    g_assert_nonnull(strstr(dom, "<strong>Custom networking + prefix delegation:</strong>"));
    g_assert_nonnull(strstr(dom, "viewBox=\"0 0 960 260\""));
    tgw_test_remove_tree(dir);
}

/* hostile names reach the browser as text: the parsed DOM has no script element, and its
 * serialization shows the name escaped, as a text node */
static void
test_hostile_text(void)
{
    static const char xml[] =
        "<scenario version=\"1\" name=\"&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
        "&quot;q&quot;\" seed=\"1\" horizon=\"1d\">\n"
        "  <description>&lt;img src=x onerror=alert(2)&gt; &amp; more</description>\n"
        "  <vpc name=\"team-a\" cidr=\"10.20.8.0/21\">\n"
        "    <subnet name=\"private-a\" az=\"az1\" cidr=\"10.20.9.0/24\"/>\n"
        "    <subnet name=\"private-b\" az=\"az2\" cidr=\"10.20.10.0/24\"/>\n"
        "  </vpc>\n"
        "  <eks-cluster name=\"main\" vpc=\"team-a\" subnets=\"private-a private-b\">\n"
        "    <node-group name=\"general\" instance-type=\"m5.large\" min=\"1\" max=\"2\" "
        "subnets=\"private-a\"/>\n"
        "    <workload name=\"api\" replicas=\"5\" cpu=\"100m\" memory=\"100Mi\"/>\n"
        "  </eks-cluster>\n"
        "</scenario>\n";
    const char *tgwsim = g_getenv("TGWSIM");
    g_autofree char *dir = NULL, *scenario = NULL, *report = NULL, *dom = NULL;
    g_autoptr(GError) error = NULL;

    if (g_getenv("TGW_UNDER_VALGRIND") != NULL || chromium_path() == NULL || tgwsim == NULL) {
        g_test_skip("needs chromium and TGWSIM, not under valgrind");
        return;
    }
    dir = g_dir_make_tmp("tgw-chromium-XXXXXX", &error);
    g_assert_no_error(error);
    scenario = g_build_filename(dir, "hostile.xml", NULL);
    report = g_build_filename(dir, "hostile.html", NULL);
    g_assert_true(g_file_set_contents(scenario, xml, -1, NULL));
    run_tgwsim(tgwsim, "run", scenario, "--html", report, NULL);
    dom = chromium(dir, report, "--dump-dom");
    g_assert_null(strstr(dom, "<script"));
    g_assert_null(strstr(dom, "<img"));
    g_assert_nonnull(strstr(dom, "IP address report: &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                                 "\"q\""));
    g_assert_nonnull(strstr(dom, "&lt;img src=x onerror=alert(2)&gt; &amp; more"));
    tgw_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
    tgw_rng_init();
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/report/chromium/render-seed", test_render_seed);
    g_test_add_func("/report/chromium/hostile-text", test_hostile_text);
    g_test_add_func("/report/chromium/four-modes", test_render_four_modes);
    g_test_add_func("/report/chromium/advise-options", test_render_advise);
    return g_test_run();
}
