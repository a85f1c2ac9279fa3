/* tgw-report-junit.c: `tgwsim test --junit FILE`, JUnit XML for GitLab and Jenkins.
 *
 * The subset of the Ant-derived format both read (ecosystem.md 2a), valid against the schema in
 * tests/junit.xsd:
 *
 *   <testsuites name="tgwsim test" tests failures errors skipped time>
 *     <testsuite name=SCENARIO file=FILE tests failures errors skipped time>
 *       <properties> seed, input_sha256, tgwsim_version </properties>
 *       <testcase classname=SCENARIO name=EXPECT file=FILE line=LINE time=SECONDS>
 *         <failure message=MESSAGE type=KIND>expected/measured/cni/subnet/time</failure>
 *         | <error ...> when it could not be judged
 *         | <system-out>MESSAGE</system-out> when it passed
 *
 * GitLab shows classname as the suite and reads system-out only inside a testcase, so the
 * scenario's name goes into every testcase and a passing testcase carries what was measured. A
 * file that did not load is a testsuite and a testcase both named after the file, with an
 * <error> that lists its findings. Written with xmlTextWriter, which escapes every string;
 * strings are first made valid XML 1.0 text (tgw_report_xml_text). */
#include "tgw-report-test.h"

#include <libxml/xmlwriter.h>

#include "tgw-config.h"
#include "tgw-error.h"
#include "tgw-value.h"

/* the writer's calls return -1 on failure; one flag collects them */
typedef struct {
    xmlTextWriterPtr w;
    gboolean failed;
} Junit;

static void
check(Junit *j, int rc)
{
    if (rc < 0)
        j->failed = TRUE;
}

static void
start(Junit *j, const char *element)
{
    check(j, xmlTextWriterStartElement(j->w, (const xmlChar *) element));
}

static void
end(Junit *j)
{
    check(j, xmlTextWriterEndElement(j->w));
}

static void
attr(Junit *j, const char *name, const char *value)
{
    g_autofree char *clean = tgw_report_xml_text(value);
    check(j, xmlTextWriterWriteAttribute(j->w, (const xmlChar *) name, (const xmlChar *) clean));
}

static void
attr_uint(Junit *j, const char *name, guint64 value)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, value);
    attr(j, name, text);
}

/* seconds with three decimals, independent of the locale */
static void
attr_time(Junit *j, const char *name, double seconds)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    attr(j, name, g_ascii_formatd(buf, sizeof buf, "%.3f", seconds));
}

static void
text(Junit *j, const char *value)
{
    g_autofree char *clean = tgw_report_xml_text(value);
    check(j, xmlTextWriterWriteString(j->w, (const xmlChar *) clean));
}

static void
property(Junit *j, const char *name, const char *value)
{
    start(j, "property");
    attr(j, "name", name);
    attr(j, "value", value);
    end(j);
}

static void
counts(Junit *j, guint tests, guint failures, guint errors, double seconds)
{
    attr_uint(j, "tests", tests);
    attr_uint(j, "failures", failures);
    attr_uint(j, "errors", errors);
    attr_uint(j, "skipped", 0);
    attr_time(j, "time", seconds);
}

/* the body of a <failure> or <error>: one "key: value" per line */
static char *
details(const TgwExpectSuite *s, const TgwExpectOutcome *o)
{
    GString *d = g_string_new(NULL);
    const char *mode = tgw_report_outcome_mode(o);

    g_string_append_printf(d, "expected: %s\nmeasured: %s\n", o->expected, o->measured);
    if (mode != NULL)
        g_string_append_printf(d, "cni: %s\n", mode);
    if (o->subnet != NULL)
        g_string_append_printf(d, "subnet: %s\n", o->subnet);
    if (o->time_ms >= 0) {
        g_autofree char *at = tgw_clock_format(o->time_ms);
        g_string_append_printf(d, "time: %s\n", at);
    }
    if (o->line > 0)
        g_string_append_printf(d, "at: %s:%d\n", s->file, o->line);
    return g_string_free(d, FALSE);
}

static void
testcase(Junit *j, const TgwExpectSuite *s, const TgwExpectOutcome *o)
{
    start(j, "testcase");
    attr(j, "classname", tgw_expect_suite_name(s));
    attr(j, "name", o->name);
    attr(j, "file", s->file);
    if (o->line > 0)
        attr_uint(j, "line", (guint64) o->line);
    attr_time(j, "time", o->elapsed_s);
    if (o->status == TGW_OUTCOME_PASS) {
        start(j, "system-out");
        text(j, o->message);
        end(j);
    } else {
        g_autofree char *body = details(s, o);
        start(j, o->status == TGW_OUTCOME_FAIL ? "failure" : "error");
        attr(j, "message", o->message);
        attr(j, "type", o->kind);
        text(j, body);
        end(j);
    }
    end(j);
}

static void
invalid_suite(Junit *j, const TgwExpectSuite *s)
{
    g_autofree char *message =
        g_strdup_printf("invalid scenario: %u error%s, %u warning%s", s->errors,
                        s->errors == 1 ? "" : "s", s->warnings, s->warnings == 1 ? "" : "s");
    g_autofree char *body = NULL;
    GString *findings = g_string_new(NULL);

    for (guint i = 0; i < s->finding_texts->len; i++)
        g_string_append_printf(findings, "%s\n", (const char *) s->finding_texts->pdata[i]);
    body = g_string_free(findings, FALSE);
    start(j, "testsuite");
    attr(j, "name", tgw_expect_suite_name(s));
    attr(j, "file", s->file);
    counts(j, 1, 0, 1, s->elapsed_s);
    start(j, "properties");
    property(j, "tgwsim_version", TGW_VERSION);
    end(j);
    start(j, "testcase");
    attr(j, "classname", s->file);
    attr(j, "name", s->file);
    attr(j, "file", s->file);
    attr_time(j, "time", 0);
    start(j, "error");
    attr(j, "message", message);
    attr(j, "type", "invalid-scenario");
    text(j, body);
    end(j);
    end(j);
    end(j);
}

static void
suite(Junit *j, const TgwExpectSuite *s)
{
    g_autofree char *seed = NULL;

    if (tgw_expect_suite_invalid(s)) {
        invalid_suite(j, s);
        return;
    }
    seed = g_strdup_printf("%" G_GUINT64_FORMAT, s->scenario->seed);
    start(j, "testsuite");
    attr(j, "name", tgw_expect_suite_name(s));
    attr(j, "file", s->file);
    counts(j, s->outcomes->len, tgw_expect_suite_count(s, TGW_OUTCOME_FAIL),
           tgw_expect_suite_count(s, TGW_OUTCOME_ERROR), s->elapsed_s);
    start(j, "properties");
    property(j, "seed", seed);
    property(j, "input_sha256", s->scenario->input_sha256);
    property(j, "tgwsim_version", TGW_VERSION);
    end(j);
    for (guint i = 0; i < s->outcomes->len; i++)
        testcase(j, s, s->outcomes->pdata[i]);
    end(j);
}

char *
tgw_report_test_junit(const GPtrArray *suites, GError **error)
{
    xmlBufferPtr buf = xmlBufferCreate();
    Junit j = {NULL, FALSE};
    TgwTestTotals t;
    char *out = NULL;

    tgw_report_test_totals(suites, &t);
    j.w = buf != NULL ? xmlNewTextWriterMemory(buf, 0) : NULL;
    if (j.w == NULL) {
        if (buf != NULL)
            xmlBufferFree(buf);
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "cannot create an XML writer");
        return NULL;
    }
    check(&j, xmlTextWriterSetIndent(j.w, 1));
    check(&j, xmlTextWriterSetIndentString(j.w, (const xmlChar *) "  "));
    check(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));
    start(&j, "testsuites");
    attr(&j, "name", "tgwsim test");
    counts(&j, t.tests, t.failed, t.errors, t.elapsed_s);
    for (guint i = 0; i < suites->len; i++)
        suite(&j, suites->pdata[i]);
    end(&j);
    check(&j, xmlTextWriterEndDocument(j.w));
    xmlFreeTextWriter(j.w); /* flushes into buf */
    if (j.failed)
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "libxml2 could not write the JUnit XML");
    else
        out = g_strdup((const char *) xmlBufferContent(buf));
    xmlBufferFree(buf);
    return out;
}
