/* bench-sim.c: the full model's throughput on the benchmark designs (issue: performance).
 *
 *   bench-sim a [HORIZON]      1,000 m5.4xlarge nodes, 20,000 churning pods, custom networking
 *   bench-sim b [HORIZON]      500 VPCs with 2-4 node clusters on one TGW
 *   bench-sim runs             the seed scenario, --runs 8 on 1 thread and on 2, same results
 *   bench-sim compare          the seed scenario in the default and custom modes (30 days)
 *   bench-sim advise           tgwsim advise on the seed scenario, median of 5
 *
 * Each line reports wall time, events, events/s, pod lifecycles/s, peak RSS and the bytes per
 * live pod ((peak RSS - RSS before the run) / most pods alive at once). Run one point per process
 * so that the peak RSS is that point's: meson registers each as its own benchmark(). Compare the
 * events/s with the same machine's bare-heap benchmark (bench-heap): the ratio, not the absolute
 * figure, is what carries over between machines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tgw-generate.h"
#include "tgw-report-run.h"
#include "tgw-scenario-load.h"
#include "tgw-sim-advise.h"
#include "tgw-sim.h"

static guint64
rss_kib(void)
{
    g_autofree char *status = NULL;
    const char *line = NULL;
    if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
        return 0;
    line = strstr(status, "VmRSS:");
    return line != NULL ? g_ascii_strtoull(line + 6, NULL, 10) : 0;
}

static guint64
peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (guint64) ru.ru_maxrss;
}

static TgwScenario *
load(const char *xml, const char *name)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    TgwScenario *sc = tgw_scenario_load_memory(xml, strlen(xml), name, NULL, findings);
    if (sc == NULL) {
        tgw_findings_print(findings, stderr);
        g_error("the generated scenario does not load");
    }
    return sc;
}

/* a failed run (the memory budget) stops the benchmark with its reason, not a NULL dereference */
static TgwRunResult *
run_or_die(const TgwScenario *sc, const TgwSimOptions *opts)
{
    g_autoptr(GError) error = NULL;
    TgwRunResult *r = tgw_sim_run(sc, opts, &error);
    if (r == NULL)
        g_error("bench-sim: %s", error->message);
    return r;
}

static void
report(const char *label, const TgwRunResult *r, double wall_s, guint64 rss_before)
{
    guint64 peak = peak_rss_kib();
    double per_pod = r->peak_live_pods > 0 && peak > rss_before
                         ? (double) (peak - rss_before) * 1024.0 / (double) r->peak_live_pods
                         : 0;
    printf("%s: wall %.2f s, %" G_GUINT64_FORMAT " events, %.2f M events/s, %.2f M pod "
           "lifecycles/s, peak RSS %.1f MiB, %.0f bytes per live pod (%" G_GUINT64_FORMAT
           " at most)\n",
           label, wall_s, r->engine_events, (double) r->engine_events / wall_s / 1e6,
           (double) r->pods.started / wall_s / 1e6, (double) peak / 1024.0, per_pod,
           r->peak_live_pods);
}

static int
point(const char *which, const char *horizon)
{
    g_autofree char *xml =
        g_str_equal(which, "a")
            ? tgw_generate_point_a(1000, 20000, horizon != NULL ? horizon : "30d")
            : tgw_generate_point_b(500, horizon != NULL ? horizon : "90d");
    g_autoptr(TgwScenario) sc = load(xml, which);
    g_autoptr(TgwRunResult) r = NULL;
    g_autofree char *label = g_strdup_printf("point %s (%s)", which, sc->name);
    guint64 before = rss_kib();
    gint64 start = g_get_monotonic_time();
    r = run_or_die(sc, NULL);
    report(label, r, (double) (g_get_monotonic_time() - start) / 1e6, before);
    return 0;
}

static char *
json_of(const TgwRunResult *r)
{
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    tgw_report_run_json(r, NULL, w);
    return tgw_json_writer_steal(w);
}

static TgwScenario *
seed(void)
{
    const char *root = g_getenv("TGW_SOURCE_ROOT");
    g_autofree char *path = g_build_filename(root != NULL ? root : "..", "scenarios",
                                             "eks-custom-networking.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    TgwScenario *sc = tgw_scenario_load_file(path, NULL, findings);
    if (sc == NULL)
        g_error("cannot load %s", path);
    return sc;
}

static int
runs(void)
{
    g_autoptr(TgwScenario) sc = seed();
    double wall[2];
    GPtrArray *results[2] = {NULL, NULL};
    for (guint t = 0; t < 2; t++) {
        g_autoptr(GError) error = NULL;
        gint64 start = g_get_monotonic_time();
        results[t] = tgw_sim_run_many(sc, NULL, 8, t + 1, &error);
        if (results[t] == NULL)
            g_error("bench-sim: %s", error->message);
        wall[t] = (double) (g_get_monotonic_time() - start) / 1e6;
    }
    for (guint i = 0; i < 8; i++) {
        g_autofree char *a = json_of(results[0]->pdata[i]);
        g_autofree char *b = json_of(results[1]->pdata[i]);
        if (!g_str_equal(a, b))
            g_error("run %u differs between 1 and 2 threads", i);
    }
    printf("seed --runs 8: 1 thread %.2f s, 2 threads %.2f s, speed-up %.2fx, identical results\n",
           wall[0], wall[1], wall[0] / wall[1]);
    g_ptr_array_unref(results[0]);
    g_ptr_array_unref(results[1]);
    return 0;
}

static int
compare(void)
{
    g_autoptr(TgwScenario) sc = seed();
    TgwSimOptions modes[2] = {{.override_cni = TRUE, .cni = TGW_CNI_DEFAULT},
                              {.override_cni = TRUE, .cni = TGW_CNI_CUSTOM}};
    gint64 start = g_get_monotonic_time();
    guint64 events = 0;
    for (guint m = 0; m < 2; m++) {
        g_autoptr(TgwRunResult) r = run_or_die(sc, &modes[m]);
        events += r->engine_events;
    }
    printf("seed compare (default, custom; 30 days): %.3f s, %" G_GUINT64_FORMAT " events\n",
           (double) (g_get_monotonic_time() - start) / 1e6, events);
    return 0;
}

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* tgwsim advise on the seed scenario with its defaults (5 runs, 20 % headroom): the median of 5
 * searches, each today's design plus the bisection's candidates */
static int
advise(void)
{
    const char *root = g_getenv("TGW_SOURCE_ROOT");
    g_autofree char *path = g_build_filename(root != NULL ? root : "..", "scenarios",
                                             "eks-custom-networking.xml", NULL);
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(TgwScenario) sc = seed();
    TgwAdviseOptions opts = {5, 0, 0.2, 0, FALSE, 0, NULL};
    double wall[5];

    if (!g_file_get_contents(path, &data, &len, NULL))
        g_error("cannot read %s", path);
    for (guint i = 0; i < G_N_ELEMENTS(wall); i++) {
        g_autoptr(GError) error = NULL;
        gint64 start = g_get_monotonic_time();
        g_autoptr(GPtrArray) advice = tgw_advise(sc, data, len, path, NULL, &opts, &error);
        if (advice == NULL)
            g_error("bench-sim: %s", error->message);
        wall[i] = (double) (g_get_monotonic_time() - start) / 1e6;
    }
    qsort(wall, G_N_ELEMENTS(wall), sizeof wall[0], compare_doubles);
    printf("seed advise (5 runs per design, all cores): median %.2f s (min %.2f, max %.2f)\n",
           wall[2], wall[0], wall[4]);
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc >= 2 && (g_str_equal(argv[1], "a") || g_str_equal(argv[1], "b")))
        return point(argv[1], argc > 2 ? argv[2] : NULL);
    if (argc == 2 && g_str_equal(argv[1], "runs"))
        return runs();
    if (argc == 2 && g_str_equal(argv[1], "compare"))
        return compare();
    if (argc == 2 && g_str_equal(argv[1], "advise"))
        return advise();
    fprintf(stderr, "usage: %s a|b [HORIZON] | runs | compare | advise\n", argv[0]);
    return 2;
}
