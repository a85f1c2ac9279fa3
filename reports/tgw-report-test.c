/* tgw-report-test.c: the text summary of `tgwsim test`, the totals every format shows, and the
 * string hygiene the other writers (tgw-report-junit.c, -tap.c, -markdown.c) share.
 *
 * The text summary is what a person reads in a CI log: one line per expectation with its status,
 * name, mode and message, the findings of files that did not load, then one totals line. It holds
 * no times, so two runs of the same scenarios print the same bytes. */
#include "tgw-report-test.h"

#include <string.h>

/* ---- string hygiene -------------------------------------------------------------------------- */

static char *
map_chars(const char *text, gboolean xml)
{
    g_autofree char *valid = g_utf8_make_valid(text != NULL ? text : "", -1);
    GString *out = g_string_sized_new(strlen(valid));

    for (const char *p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        gboolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
        if (xml && (c == '\t' || c == '\n' || c == '\r'))
            control = FALSE;
        if (xml && (c == 0xfffe || c == 0xffff))
            control = TRUE;
        if (!control)
            g_string_append_unichar(out, c);
        else if (xml)
            g_string_append_unichar(out, 0xfffd);
        else
            g_string_append_c(out, ' ');
    }
    return g_string_free(out, FALSE);
}

char *
tgw_report_one_line(const char *text)
{
    return map_chars(text, FALSE);
}

char *
tgw_report_xml_text(const char *text)
{
    return map_chars(text, TRUE);
}

const char *
tgw_report_outcome_mode(const TgwExpectOutcome *o)
{
    return o->has_mode ? tgw_cni_mode_name(o->mode) : NULL;
}

/* ---- totals ---------------------------------------------------------------------------------- */

void
tgw_report_test_totals(const GPtrArray *suites, TgwTestTotals *out)
{
    memset(out, 0, sizeof *out);
    for (guint i = 0; i < suites->len; i++) {
        const TgwExpectSuite *s = suites->pdata[i];
        out->suites++;
        out->elapsed_s += s->elapsed_s;
        if (tgw_expect_suite_invalid(s)) {
            out->invalid++;
            out->failed_suites++;
            out->tests++;
            out->errors++;
            continue;
        }
        out->failed_suites += !tgw_expect_suite_passed(s);
        out->tests += s->outcomes->len;
        out->passed += tgw_expect_suite_count(s, TGW_OUTCOME_PASS);
        out->failed += tgw_expect_suite_count(s, TGW_OUTCOME_FAIL);
        out->errors += tgw_expect_suite_count(s, TGW_OUTCOME_ERROR);
    }
}

/* ---- text ------------------------------------------------------------------------------------ */

static const char *
status_word(TgwOutcomeStatus status)
{
    switch (status) {
    case TGW_OUTCOME_PASS:
        return "ok   ";
    case TGW_OUTCOME_FAIL:
        return "FAIL ";
    default:
        return "ERROR";
    }
}

static void
text_suite(const TgwExpectSuite *s, GString *out)
{
    g_autofree char *file = tgw_report_one_line(s->file);

    if (tgw_expect_suite_invalid(s)) {
        g_string_append_printf(out, "%s: invalid scenario\n", file);
        for (guint i = 0; i < s->finding_texts->len; i++) {
            g_autofree char *f = tgw_report_one_line(s->finding_texts->pdata[i]);
            g_string_append_printf(out, "  %s\n", f);
        }
        return;
    }
    {
        g_autofree char *name = tgw_report_one_line(tgw_expect_suite_name(s));
        guint failed = s->outcomes->len - tgw_expect_suite_count(s, TGW_OUTCOME_PASS);
        g_string_append_printf(out, "%s: %s: %u of %u passed\n", file, name,
                               s->outcomes->len - failed, s->outcomes->len);
    }
    for (guint i = 0; i < s->outcomes->len; i++) {
        const TgwExpectOutcome *o = s->outcomes->pdata[i];
        g_autofree char *name = tgw_report_one_line(o->name);
        g_autofree char *message = tgw_report_one_line(o->message);
        const char *mode = tgw_report_outcome_mode(o);
        g_string_append_printf(out, "  %s %s", status_word(o->status), name);
        if (mode != NULL)
            g_string_append_printf(out, " [%s]", mode);
        g_string_append_printf(out, ": %s\n", message);
    }
}

void
tgw_report_test_text(const GPtrArray *suites, GString *out)
{
    TgwTestTotals t;

    tgw_report_test_totals(suites, &t);
    for (guint i = 0; i < suites->len; i++)
        text_suite(suites->pdata[i], out);
    g_string_append_printf(out, "\n%u scenario%s", t.suites, t.suites == 1 ? "" : "s");
    if (t.invalid > 0)
        g_string_append_printf(out, " (%u invalid)", t.invalid);
    g_string_append_printf(out, ", %u test%s: %u passed, %u failed", t.tests,
                           t.tests == 1 ? "" : "s", t.passed, t.failed);
    if (t.errors > 0)
        g_string_append_printf(out, ", %u error%s", t.errors, t.errors == 1 ? "" : "s");
    g_string_append_c(out, '\n');
}
