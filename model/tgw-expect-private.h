/* tgw-expect-private.h: what the two files of expectations share: tgw-expect.c (the suite, the
 * plan and one judge per expectation kind) and tgw-expect-baseline.c (test --baseline). */
#pragma once

#include "tgw-expect.h"

G_BEGIN_DECLS

/* tgw-expect.c */
TgwExpectOutcome *expect_outcome_new(const char *name, const char *kind, int line);
void expect_outcome_finish(TgwExpectOutcome *o, TgwOutcomeStatus status, char *measured);
char *expect_subnet_ref(const TgwSubnetDef *s);
void expect_outcome_where(TgwExpectOutcome *o, const TgwSubnetDef *subnet, gint64 time_ms);
const char *expect_plural(guint64 n, const char *one, const char *many);

G_END_DECLS
