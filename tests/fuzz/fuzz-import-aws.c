/* fuzz-import-aws.c: libFuzzer harness for tgwsim import aws (import/tgw-import-aws.c).
 *
 * An input is a folder of AWS CLI outputs packed into one buffer: the parts between NUL bytes are
 * written as f0.json, f1.json, ... (at most 8) into a scratch folder made once, and the folder is
 * imported as the command would. What the importer accepts must load (it checks that itself, so
 * a scenario the loader refuses here is a bug); a refusal must say why. Inputs over 1 MiB are
 * skipped; nothing is printed per input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>

#include "fuzz-common.h"
#include "tgw-import.h"
#include "tgw-scenario-load.h"

#define FUZZ_MAX_INPUT (1024 * 1024)
#define MAX_PARTS      8

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *scratch;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_abort_on_glib_messages();
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, fuzz_quiet_xml);
    scratch = g_dir_make_tmp("tgw-fuzz-aws-XXXXXX", NULL);
    if (scratch == NULL)
        abort();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) imp = NULL;
    const char *p = (const char *) data, *end = (const char *) data + size;
    guint part = 0;

    if (size > FUZZ_MAX_INPUT)
        return 0;
    for (guint i = 0; i < MAX_PARTS; i++) {
        g_autofree char *name = g_strdup_printf("f%u.json", i);
        g_autofree char *path = g_build_filename(scratch, name, NULL);
        g_unlink(path);
    }
    while (p <= end && part < MAX_PARTS) {
        const char *nul = memchr(p, '\0', (size_t) (end - p));
        const char *stop = nul != NULL ? nul : end;
        g_autofree char *name = g_strdup_printf("f%u.json", part++);
        g_autofree char *path = g_build_filename(scratch, name, NULL);
        if (!g_file_set_contents(path, p, stop - p, NULL))
            abort();
        if (nul == NULL)
            break;
        p = nul + 1;
    }
    imp = tgw_import_aws(scratch, &error);
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
            fputs(imp->xml, stderr);
            abort();
        }
    }
    return 0;
}
