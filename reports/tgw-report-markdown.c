/* tgw-report-markdown.c: `tgwsim test --markdown FILE`, a summary for CI job pages.
 *
 * GitHub Actions has no test-report view of its own; a job appends Markdown to
 * $GITHUB_STEP_SUMMARY instead (at most 1 MiB per step). This writes GitHub-flavoured Markdown:
 * a headline with the totals, a table with one row per scenario file (status in words, not only
 * a symbol), then every failed or erring expectation with its message, and the findings of files
 * that did not load.
 *
 * User strings (scenario and expectation names, messages, file names) are text, never markup:
 * each is put on one line, and every ASCII punctuation character that Markdown or HTML could read
 * (`<`, `&`, `|`, `*`, `[`, ...) is backslash-escaped, which CommonMark and GFM render as the
 * character itself, so `<script>` stays visible text and a `|` cannot open a table cell. The
 * list of failures stops after MAX_LISTED items so that the summary stays far below the limit. */
#include "tgw-report-test.h"

#include <string.h>

#define MAX_LISTED   200
#define MAX_FINDINGS 10

/* user text as inline Markdown text */
static void
md_text(GString *out, const char *text)
{
    static const char special[] = "\\`*_{}[]()<>#!|~&$";
    g_autofree char *line = tgw_report_one_line(text);
    for (const char *p = line; *p != '\0'; p++) {
        if (strchr(special, *p) != NULL)
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
}

static const char *
suite_status(const TgwExpectSuite *s)
{
    if (tgw_expect_suite_invalid(s))
        return "❌ invalid";
    return tgw_expect_suite_passed(s) ? "✅ passed" : "❌ failed";
}

static void
table(GString *out, const GPtrArray *suites)
{
    g_string_append(out, "| result | scenario | file | passed | failed |\n"
                         "|:--|:--|:--|--:|--:|\n");
    for (guint i = 0; i < suites->len; i++) {
        const TgwExpectSuite *s = suites->pdata[i];
        guint passed =
            tgw_expect_suite_invalid(s) ? 0 : tgw_expect_suite_count(s, TGW_OUTCOME_PASS);
        guint failed = tgw_expect_suite_invalid(s) ? 1 : s->outcomes->len - passed;
        g_string_append_printf(out, "| %s | ", suite_status(s));
        if (tgw_expect_suite_invalid(s))
            g_string_append(out, "—");
        else
            md_text(out, tgw_expect_suite_name(s));
        g_string_append(out, " | ");
        md_text(out, s->file);
        g_string_append_printf(out, " | %u | %u |\n", passed, failed);
    }
}

static void
failure(GString *out, const TgwExpectSuite *s, const TgwExpectOutcome *o)
{
    const char *mode = tgw_report_outcome_mode(o);
    g_string_append(out, "- **");
    md_text(out, tgw_expect_suite_name(s));
    g_string_append(out, "** › ");
    md_text(out, o->name);
    if (mode != NULL)
        g_string_append_printf(out, " \\[%s\\]", mode);
    g_string_append(out, o->status == TGW_OUTCOME_FAIL ? " — **failed**: " : " — **error**: ");
    md_text(out, o->message);
    g_string_append_c(out, '\n');
}

static void
invalid(GString *out, const TgwExpectSuite *s)
{
    g_string_append(out, "- **");
    md_text(out, s->file);
    g_string_append_printf(out, "** — **invalid scenario** (%u error%s)\n", s->errors,
                           s->errors == 1 ? "" : "s");
    for (guint i = 0; i < s->finding_texts->len && i < MAX_FINDINGS; i++) {
        g_string_append(out, "  - ");
        md_text(out, s->finding_texts->pdata[i]);
        g_string_append_c(out, '\n');
    }
    if (s->finding_texts->len > MAX_FINDINGS)
        g_string_append_printf(out, "  - and %u more\n", s->finding_texts->len - MAX_FINDINGS);
}

static void
failures(GString *out, const GPtrArray *suites)
{
    guint listed = 0, left = 0;

    g_string_append(out, "\n#### Failures\n\n");
    for (guint i = 0; i < suites->len; i++) {
        const TgwExpectSuite *s = suites->pdata[i];
        if (tgw_expect_suite_invalid(s)) {
            if (listed++ < MAX_LISTED)
                invalid(out, s);
            else
                left++;
            continue;
        }
        for (guint k = 0; k < s->outcomes->len; k++) {
            const TgwExpectOutcome *o = s->outcomes->pdata[k];
            if (o->status == TGW_OUTCOME_PASS)
                continue;
            if (listed++ < MAX_LISTED)
                failure(out, s, o);
            else
                left++;
        }
    }
    if (left > 0)
        g_string_append_printf(out, "- and %u more (see the JUnit report)\n", left);
}

void
tgw_report_test_markdown(const GPtrArray *suites, GString *out)
{
    TgwTestTotals t;

    tgw_report_test_totals(suites, &t);
    g_string_append_printf(out, "### tgwsim test: %s\n\n",
                           t.failed_suites == 0 ? "all expectations hold" : "expectations failed");
    g_string_append_printf(out, "**%u of %u scenario%s passed**; %u test%s: %u passed, %u failed",
                           t.suites - t.failed_suites, t.suites, t.suites == 1 ? "" : "s", t.tests,
                           t.tests == 1 ? "" : "s", t.passed, t.failed);
    if (t.errors > 0)
        g_string_append_printf(out, ", %u error%s", t.errors, t.errors == 1 ? "" : "s");
    if (t.invalid > 0)
        g_string_append_printf(out, " (%u invalid scenario%s)", t.invalid,
                               t.invalid == 1 ? "" : "s");
    g_string_append(out, "\n\n");
    table(out, suites);
    if (t.failed_suites > 0)
        failures(out, suites);
}
