/* tgw-report-run.h: one run's results for people (text) and machines (JSON, design.md section 7).
 *
 * Readers of TgwRunResult only; nothing here reaches back into the simulation. */
#pragma once

#include "tgw-json-writer.h"
#include "tgw-results.h"

G_BEGIN_DECLS

/* the verdict in one sentence, e.g. "private-b (apne2-az2) ran out of addresses on day 3 at 14:20
 * when node main/general/node-17 asked for a new ENI; 212 pods waited for an address." */
char *tgw_report_verdict(const TgwRunResult *result);
/* "At the first exhaustion (day 1 at 15:26) 32 nodes were Ready and 900 pods running (general: 32
 * nodes, 900 pods)." or NULL when nothing ran out */
char *tgw_report_at_first_exhaustion(const TgwRunResult *result);
/* "day 3 at 14:20": a moment as the verdict sentence says it */
char *tgw_report_when(gint64 ms);
/* what a failed request means, e.g. "asked for a new ENI" */
const char *tgw_report_request_phrase(const char *request);
/* the verdict, a per-subnet table and who held the addresses at each busy subnet's peak */
void tgw_report_run_text(const TgwRunResult *result, GString *out);
/* the design.md section 7 object for one run; with repetitions (TgwRunResult* of the same
 * scenario and mode, the first being result) it adds the spread over them: "repetitions",
 * "exhaustion_probability" and per subnet "exhaustion_probability" and p5/p50/p95 of the first
 * exhaustion */
/* design.md section 7's "first_exhaustion" object (time_s, vpc, subnet, az, request,
 * requester), or null when time_ms is negative: the one shape of it in every JSON tgwsim writes.
 * event, when known (a run, not a stored one), adds free_addresses and fragmented. */
void tgw_report_first_exhaustion_json(TgwJsonWriter *w, gint64 time_ms, const char *vpc,
                                      const char *subnet, const char *az, const char *request,
                                      const char *requester, const TgwExhaustionEvent *event);
void tgw_report_run_json(const TgwRunResult *result, const GPtrArray *repetitions,
                         TgwJsonWriter *w);

G_END_DECLS
