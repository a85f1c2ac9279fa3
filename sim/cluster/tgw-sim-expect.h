/* tgw-sim-expect.h: the simulations behind a suite of <expect> elements.
 *
 * The model plans and judges expectations (model/tgw-expect.h) but cannot run the simulation,
 * which sits above it; this is the one call that does all three: plan, simulate each planned mode
 * (tgw_sim_run_many), judge. */
#pragma once

#include "tgw-expect.h"

G_BEGIN_DECLS

/* judges every expectation of the suite (nothing for a suite whose file did not load); simulation
 * failures become error outcomes. Safe to call for different suites on different threads. */
void tgw_sim_expect_evaluate(TgwExpectSuite *suite, const TgwExpectOptions *options);

G_END_DECLS
