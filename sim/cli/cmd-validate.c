/* cmd-validate.c: tgwsim validate FILE... — schema and design checks.
 *
 * Prints every finding as "file:line: severity: CODE: message" on stdout, then one summary line.
 * Exits 1 when any file has an error or cannot be read, 0 otherwise (warnings do not fail). */
#include <stdio.h>

#include "tgw-cmd.h"
#include "tgw-scenario-load.h"

int
tgw_cmd_validate(int argc, char **argv)
{
    g_autoptr(GOptionContext) context = g_option_context_new("FILE... - check scenario files");
    g_auto(GStrv) sets = NULL;
    GOptionEntry entries[] = {{"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets,
                               "Override an attribute in every file (as run does)", "PATH=VALUE"},
                              {NULL}};
    TgwLoadOptions load = {NULL, FALSE};
    guint errors = 0, warnings = 0, files = 0;

    g_option_context_set_summary(context,
                                 "Validates each scenario against the schema and runs the design "
                                 "checks.\nFindings are printed as file:line: severity: CODE: "
                                 "message.");
    g_option_context_add_main_entries(context, entries, NULL);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc < 2)
        return tgw_cmd_usage_error("validate", "give one or more scenario files");
    load.overrides = (const char *const *) sets;
    for (int i = 1; i < argc; i++) {
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwScenario) sc = tgw_scenario_load_file(argv[i], &load, findings);

        files++;
        tgw_findings_print(findings, stdout);
        errors += tgw_findings_count(findings, TGW_SEVERITY_ERROR);
        warnings += tgw_findings_count(findings, TGW_SEVERITY_WARNING);
        if (sc == NULL && !tgw_findings_has_errors(findings))
            errors++; /* cannot happen: a failed load always says why */
    }
    printf("%u file%s checked: %u error%s, %u warning%s\n", files, files == 1 ? "" : "s", errors,
           errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    return errors > 0 ? TGW_EXIT_FAIL : TGW_EXIT_OK;
}
