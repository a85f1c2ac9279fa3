/* fuzz-import.c: libFuzzer harness for tgwsim import terraform (import/).
 *
 * Each input is a Terraform JSON document handed to tgw_import_terraform() as the command would:
 * the guards (size, UTF-8, depth), json-glib, the reader, reference resolution and the writer.
 * What it accepts must be a scenario the loader takes: an import that writes a document the
 * loader refuses is a bug (the importer must leave out or refuse what it cannot write), so it
 * aborts. A refusal must say why. Inputs over 1 MiB are skipped; nothing is printed per input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "fuzz-common.h"
#include "tgw-import.h"
#include "tgw-scenario-load.h"

#define FUZZ_MAX_INPUT (1024 * 1024)

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) imp = NULL;

    if (size > FUZZ_MAX_INPUT)
        return 0;
    imp = tgw_import_terraform((const char *) data, size, "fuzz.json", &error);
    if (imp == NULL) {
        if (error == NULL || error->message == NULL || error->message[0] == '\0')
            g_error("the import failed without a message");
        return 0;
    }
    {
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwScenario) sc =
            tgw_scenario_load_memory(imp->xml, strlen(imp->xml), "imported.xml", NULL, findings);
        if (sc == NULL) {
            for (guint i = 0; i < tgw_findings_len(findings); i++) {
                const TgwFinding *f = tgw_findings_get(findings, i);
                if (f->severity == TGW_SEVERITY_ERROR)
                    fprintf(stderr, "imported.xml:%d: %s\n", f->line, f->message);
            }
            fputs(imp->xml, stderr);
            abort();
        }
    }
    return 0;
}
