/* cmd-import.c: tgwsim import terraform FILE | aws DIR [-o OUT] — a scenario from `terraform
 * show -json`, or from a folder of AWS CLI outputs.
 *
 * Reads the state or plan JSON (import/tgw-import.h), writes the scenario to OUT (default
 * stdout), and loads what it wrote exactly as `tgwsim validate` would, so that an import never
 * hands the user a file the loader refuses: its findings (warnings) go to stderr with the
 * importer's own notes (what was left out and why, the placeholder workloads). Exit 0 when the
 * scenario was written and loads, 1 on bad input, 2 on a usage error. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tgw-cmd.h"
#include "tgw-import.h"
#include "tgw-json-read.h"
#include "tgw-scenario-load.h"

int
tgw_cmd_import(int argc, char **argv)
{
    g_autofree char *out = NULL, *data = NULL;
    GOptionEntry entries[] = {{"output", 'o', 0, G_OPTION_ARG_FILENAME, &out,
                               "Write the scenario here (default: stdout)", "OUT.xml"},
                              {NULL}};
    g_autoptr(GOptionContext) context = g_option_context_new(
        "terraform FILE.json | aws DIR - a scenario from Terraform's JSON or AWS CLI outputs");
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) imported = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    struct stat st;
    gsize len = 0;

    g_option_context_set_summary(
        context,
        "Reads the JSON of `terraform show -json` (a state, or a plan: planned values, "
        "with values\nknown only after apply reported, not guessed) and writes a scenario: "
        "VPCs, blocks, subnets,\nroute tables, transit gateways and their tables, EKS "
        "clusters with the VPC CNI add-on's settings,\nENIConfigs (kubernetes_manifest), "
        "node groups, load balancers, MSK, interface endpoints, NAT\ngateways, RDS and "
        "subnet CIDR reservations. Each element follows a comment with its Terraform\n"
        "address; what cannot be mapped is a comment where it would go. Terraform has no "
        "pods: each node\ngroup gets a placeholder workload to replace. The scenario is "
        "checked as `tgwsim validate` would.\n\n"
        "  terraform show -json > tf.json && tgwsim import terraform tf.json -o net.xml");
    g_option_context_add_main_entries(context, entries, NULL);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc < 2 || (!g_str_equal(argv[1], "terraform") && !g_str_equal(argv[1], "aws")))
        return tgw_cmd_usage_error("import", "give the format and the input: import terraform "
                                             "FILE.json, or import aws DIR");
    if (argc != 3)
        return tgw_cmd_usage_error("import", "give exactly one input: import terraform FILE.json, "
                                             "or import aws DIR");
    if (g_str_equal(argv[1], "aws")) {
        imported = tgw_import_aws(argv[2], &error);
        if (imported == NULL) {
            fprintf(stderr, "%s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    } else if (stat(argv[2], &st) == 0 && S_ISREG(st.st_mode) && st.st_size > TGW_JSON_MAX_BYTES) {
        fprintf(stderr,
                "%s: the file has %lld bytes; tgwsim reads JSON documents of at most %d MiB\n",
                argv[2], (long long) st.st_size, TGW_JSON_MAX_BYTES / (1024 * 1024));
        return TGW_EXIT_FAIL;
    }
    if (imported == NULL && !g_file_get_contents(argv[2], &data, &len, &error)) {
        fprintf(stderr, "%s: %s\n", argv[2], error->message);
        return TGW_EXIT_FAIL;
    }
    if (imported == NULL)
        imported = tgw_import_terraform(data, len, argv[2], &error);
    if (imported == NULL) {
        fprintf(stderr, "%s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    for (guint i = 0; i < imported->warnings->len; i++)
        fprintf(stderr, "%s: warning: %s\n", "tgwsim import",
                (const char *) imported->warnings->pdata[i]);
    /* the scenario must load as the user will load it; its findings name OUT's lines */
    sc = tgw_scenario_load_memory(imported->xml, strlen(imported->xml),
                                  out != NULL && !g_str_equal(out, "-") ? out : "<imported>", NULL,
                                  findings);
    tgw_findings_print(findings, stderr);
    if (sc == NULL) {
        fprintf(stderr,
                "tgwsim import: the scenario made from %s does not load (the findings "
                "above say why): nothing written\n",
                argv[2]);
        return TGW_EXIT_FAIL;
    }
    if (!tgw_cmd_write_output(out != NULL ? out : "-", imported->xml, &error)) {
        fprintf(stderr, "tgwsim import: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    fprintf(stderr,
            "tgwsim import: %u resources mapped, %u left out or noted; %u placeholder "
            "workload%s (no pods in the input: replace them with yours)\n",
            imported->resources_read, imported->warnings->len, imported->placeholders,
            imported->placeholders == 1 ? "" : "s");
    return TGW_EXIT_OK;
}
