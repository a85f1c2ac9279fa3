/* tgw-sim-expect.c: runs the simulations an expectation suite planned (see tgw-sim-expect.h). */
#include "tgw-sim-expect.h"

#include "tgw-sim.h"

static void
simulate(const TgwScenario *sc, TgwExpectRuns *runs, guint threads)
{
    TgwSimOptions opts = {0};
    g_autoptr(GError) error = NULL;
    gint64 started = g_get_monotonic_time();

    opts.override_cni = runs->override_cni;
    opts.cni = runs->mode;
    runs->results = tgw_sim_run_many(sc, &opts, runs->runs, threads, &error);
    if (runs->results == NULL)
        runs->error = g_strdup(error->message);
    runs->elapsed_s = (double) (g_get_monotonic_time() - started) / G_USEC_PER_SEC;
}

void
tgw_sim_expect_evaluate(TgwExpectSuite *suite, const TgwExpectOptions *options)
{
    tgw_expect_suite_plan(suite, options);
    if (suite->scenario == NULL)
        return;
    for (guint i = 0; i < suite->runs->len; i++)
        simulate(suite->scenario, suite->runs->pdata[i], options != NULL ? options->threads : 0);
    tgw_expect_suite_judge(suite, options);
}
