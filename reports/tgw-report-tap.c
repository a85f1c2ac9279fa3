/* tgw-report-tap.c: `tgwsim test --tap`, TAP version 14 on stdout.
 *
 *   TAP version 14
 *   1..2
 *   # Subtest: team-a-pod-ips (scenarios/eks-custom-networking.xml)
 *       1..2
 *       ok 1 - default CNI exhausts a private /24
 *       not ok 2 - headroom
 *         ---
 *         message: "team-a/private-a min-free 99% — lowest free was ..."
 *         severity: fail
 *         ...
 *         ...
 *   not ok 1 - team-a-pod-ips (scenarios/eks-custom-networking.xml)
 *
 * One subtest per scenario file (TAP 14: a 4-space-indented child document closed by a test point
 * in the parent), one test point per expectation. Descriptions are single lines with `\` and `#`
 * escaped as TAP 14 asks; YAML diagnostics (failures and errors only) use double-quoted scalars,
 * which are JSON string literals, so any message is safe there. A file that did not load is a
 * subtest with one failing point whose diagnostics list the findings. */
#include "tgw-report-test.h"

#include "tgw-json-writer.h"
#include "tgw-value.h"

/* a description: one line, `\` and `#` escaped (TAP 14) */
static void
description(GString *out, const char *text)
{
    g_autofree char *line = tgw_report_one_line(text);
    for (const char *p = line; *p != '\0'; p++) {
        if (*p == '\\' || *p == '#')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
}

static void
yaml_pair(GString *out, const char *indent, const char *key, const char *value)
{
    g_autofree char *valid = g_utf8_make_valid(value != NULL ? value : "", -1);
    g_string_append_printf(out, "%s%s: ", indent, key);
    tgw_json_escape(out, valid);
    g_string_append_c(out, '\n');
}

static void
yaml_item(GString *out, const char *indent, const char *value)
{
    g_autofree char *valid = g_utf8_make_valid(value != NULL ? value : "", -1);
    g_string_append_printf(out, "%s- ", indent);
    tgw_json_escape(out, valid);
    g_string_append_c(out, '\n');
}

static void
diagnostics(GString *out, const TgwExpectSuite *s, const TgwExpectOutcome *o)
{
    const char *in = "      ";
    const char *mode = tgw_report_outcome_mode(o);

    g_string_append(out, "      ---\n");
    yaml_pair(out, in, "message", o->message);
    yaml_pair(out, in, "severity", o->status == TGW_OUTCOME_FAIL ? "fail" : "error");
    yaml_pair(out, in, "kind", o->kind);
    if (mode != NULL)
        yaml_pair(out, in, "cni", mode);
    yaml_pair(out, in, "expected", o->expected);
    yaml_pair(out, in, "measured", o->measured);
    if (o->subnet != NULL)
        yaml_pair(out, in, "subnet", o->subnet);
    if (o->time_ms >= 0) {
        g_autofree char *at = tgw_clock_format(o->time_ms);
        yaml_pair(out, in, "time", at);
    }
    if (o->line > 0) {
        g_autofree char *at = g_strdup_printf("%s:%d", s->file, o->line);
        yaml_pair(out, in, "at", at);
    }
    g_string_append(out, "      ...\n");
}

static void
invalid_subtest(GString *out, const TgwExpectSuite *s)
{
    g_autofree char *message =
        g_strdup_printf("invalid scenario: %u error%s", s->errors, s->errors == 1 ? "" : "s");
    g_string_append(out, "    1..1\n    not ok 1 - ");
    description(out, s->file);
    g_string_append(out, "\n      ---\n");
    yaml_pair(out, "      ", "message", message);
    yaml_pair(out, "      ", "severity", "error");
    g_string_append(out, "      findings:\n");
    for (guint i = 0; i < s->finding_texts->len; i++)
        yaml_item(out, "        ", s->finding_texts->pdata[i]);
    g_string_append(out, "      ...\n");
}

static void
subtest(GString *out, const TgwExpectSuite *s, guint number)
{
    g_autoptr(GString) title = g_string_new(NULL);

    /* the scenario's name and its file; the file alone when that is all there is */
    if (g_str_equal(tgw_expect_suite_name(s), s->file))
        g_string_append(title, s->file);
    else
        g_string_append_printf(title, "%s (%s)", tgw_expect_suite_name(s), s->file);
    g_string_append(out, "# Subtest: ");
    description(out, title->str);
    g_string_append_c(out, '\n');
    if (tgw_expect_suite_invalid(s)) {
        invalid_subtest(out, s);
    } else if (s->outcomes->len == 0) {
        g_string_append(out, "    1..0 # SKIP no <expect> in this scenario\n");
    } else {
        g_string_append_printf(out, "    1..%u\n", s->outcomes->len);
        for (guint i = 0; i < s->outcomes->len; i++) {
            const TgwExpectOutcome *o = s->outcomes->pdata[i];
            g_string_append_printf(out, "    %s %u - ",
                                   o->status == TGW_OUTCOME_PASS ? "ok" : "not ok", i + 1);
            description(out, o->name);
            g_string_append_c(out, '\n');
            if (o->status != TGW_OUTCOME_PASS)
                diagnostics(out, s, o);
        }
    }
    g_string_append_printf(out, "%s %u - ", tgw_expect_suite_passed(s) ? "ok" : "not ok", number);
    description(out, title->str);
    g_string_append_c(out, '\n');
}

void
tgw_report_test_tap(const GPtrArray *suites, GString *out)
{
    g_string_append(out, "TAP version 14\n");
    g_string_append_printf(out, "1..%u\n", suites->len);
    for (guint i = 0; i < suites->len; i++)
        subtest(out, suites->pdata[i], i + 1);
}
