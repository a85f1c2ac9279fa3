/* fuzz-scenario.c: libFuzzer harness for the scenario loader and every semantic check behind it.
 *
 * Each input goes through tgw_scenario_load_memory() exactly as `tgwsim validate` would: safe XML
 * reading, the XSD, the typed value readers, name resolution, the design lint and the routing
 * lint. An input may carry --set overrides after the document: everything after the first
 * "\0--set\0" marker is a list of NUL-separated PATH=VALUE strings (so tgw-set.c is fuzzed too;
 * the XML part itself never holds a NUL, the loader refuses those as binary).
 *
 * Findings are collected and thrown away: nothing is printed per input. Inputs over 1 MiB are
 * skipped so that no unit is slow merely for being large (huge files have their own tests in
 * tests/bad/). GLib criticals and warnings are fatal, so a g_return_if_fail() trips the fuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "fuzz-common.h"
#include "tgw-scenario-load.h"

#define FUZZ_MAX_INPUT (1024 * 1024)
#define MAX_OVERRIDES  8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_abort_on_glib_messages();
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, fuzz_quiet_xml);
    return 0;
}

static const char SET_MARK[] = "\0--set\0";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsize xml_len = size;
    const char *overrides[MAX_OVERRIDES + 1] = {NULL};
    g_autofree char *copy = NULL;
    TgwLoadOptions options = {NULL, FALSE};
    guint n = 0;

    if (size > FUZZ_MAX_INPUT)
        return -1; /* not added to the corpus */

    copy = g_malloc(size + 1);
    if (size > 0)
        memcpy(copy, data, size);
    copy[size] = '\0';
    {
        const char *mark =
            size >= sizeof SET_MARK - 1 ? memmem(copy, size, SET_MARK, sizeof SET_MARK - 1) : NULL;
        if (mark != NULL) {
            const char *p = mark + sizeof SET_MARK - 1;
            const char *end = copy + size;
            xml_len = (gsize) (mark - copy);
            while (p < end && n < MAX_OVERRIDES) {
                overrides[n++] = p; /* every string ends at a NUL: copy[size] is one */
                p += strlen(p) + 1;
            }
            options.overrides = overrides;
        }
    }

    {
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwScenario) sc =
            tgw_scenario_load_memory(copy, xml_len, "fuzz.xml", &options, findings);
        /* a scenario comes back exactly when no finding is an error */
        if ((sc != NULL) == tgw_findings_has_errors(findings))
            g_error("load returned %s with %u errors", sc != NULL ? "a scenario" : "NULL",
                    tgw_findings_count(findings, TGW_SEVERITY_ERROR));
        /* the sorted view and the printed form of every finding */
        for (guint i = 0; i < tgw_findings_len(findings); i++) {
            g_autofree char *line = tgw_finding_to_string(tgw_findings_get(findings, i));
            if (line == NULL || strchr(line, '\n') != NULL)
                g_error("a finding is not one line: %s", line);
        }
    }
    return 0;
}
