/* tgw-report-test.h: the outputs of `tgwsim test` — JUnit XML, TAP 14, a Markdown summary and the
 * text summary for people.
 *
 * Each writer reads suites (TgwExpectSuite*, model/tgw-expect.h) in the order given and judges
 * nothing: statuses, messages and times come from the evaluation. Outputs are a function of the
 * suites only (no clock, host name or thread order), so they are byte-identical for the same
 * inputs once the evaluation has zeroed its times (TGWSIM_ZERO_TIMES). Every user string (names,
 * messages, file names) is made valid UTF-8 and escaped for its format: xmlTextWriter for JUnit,
 * `\` and `#` in TAP descriptions and YAML double-quoted strings in TAP diagnostics, backslash
 * escapes of Markdown punctuation (so `<script>`, `&` and `|` stay text and table cells stay
 * cells); newlines never break a line in TAP, Markdown or the text summary.
 *
 * Counting, the same in every format: a suite whose file did not load counts as one test that
 * errs (JUnit: a testcase named after the file with an <error> holding the findings); every
 * outcome is one test. */
#pragma once

#include <glib.h>

#include "tgw-expect.h"

G_BEGIN_DECLS

typedef struct {
    guint suites;        /* scenario files */
    guint invalid;       /* files that did not load */
    guint failed_suites; /* invalid, or with a failed or erring outcome */
    guint tests;         /* outcomes, plus one per invalid file */
    guint passed, failed, errors;
    double elapsed_s;
} TgwTestTotals;

void tgw_report_test_totals(const GPtrArray *suites, TgwTestTotals *out);

/* JUnit XML as GitLab (artifacts:reports:junit) and Jenkins (junit step) read it, valid against
 * tests/junit.xsd; NULL with an error only when libxml2 fails */
char *tgw_report_test_junit(const GPtrArray *suites, GError **error);
/* TAP version 14: one subtest per scenario, YAML diagnostics for what failed */
void tgw_report_test_tap(const GPtrArray *suites, GString *out);
/* GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): a table of scenarios,
 * then the failures with their messages */
void tgw_report_test_markdown(const GPtrArray *suites, GString *out);
/* the text summary: every outcome on a line, then the totals */
void tgw_report_test_text(const GPtrArray *suites, GString *out);

/* helpers shared by the writers */
/* valid UTF-8 on one line: every control character becomes a space */
char *tgw_report_one_line(const char *text);
/* valid UTF-8 that XML 1.0 can carry: control characters other than tab, newline and carriage
 * return, and U+FFFE/U+FFFF, become U+FFFD */
char *tgw_report_xml_text(const char *text);
/* the CNI mode the outcome was judged in ("custom"), or NULL when the mode does not matter */
const char *tgw_report_outcome_mode(const TgwExpectOutcome *outcome);

G_END_DECLS
