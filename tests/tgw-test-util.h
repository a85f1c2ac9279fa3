/* tgw-test-util.h: helpers shared by the test programs. */
#pragma once

#include "tgw-scenario-load.h"

/* loads a scenario from a string; findings (always returned) hold whatever was found */
TgwScenario *tgw_test_load(const char *xml, TgwFindings **findings);
/* the scenario text with the usual preamble (a VPC team-a with three /24 subnets) around body */
char *tgw_test_wrap(const char *body);
/* asserts that a finding with this code sits at this line (line 0: any line) */
void tgw_test_assert_finding(TgwFindings *findings, const char *code, int line);
/* asserts that no finding has this code */
void tgw_test_assert_no_finding(TgwFindings *findings, const char *code);
/* the path of a file in the source tree, e.g. tgw_test_source_path("scenarios", "x.xml", NULL) */
char *tgw_test_source_path(const char *first, ...) G_GNUC_NULL_TERMINATED;
/* a CIDR block or an address from its text, asserting that it parses */
TgwCidr tgw_test_cidr(const char *text);
guint32 tgw_test_ip(const char *text);
/* removes path and everything under it, files a test made read-only too; symbolic links are
 * removed, never followed (a browser profile has some) */
void tgw_test_remove_tree(const char *path);

/* the built tgwsim run with arguments (NULL-terminated), TGWSIM_ZERO_TIMES=1 in its environment */
typedef struct {
    int status; /* exit status */
    char *out;
    char *err;
} TgwTestCmd;

void tgw_test_cmd_clear(TgwTestCmd *cmd);
void tgw_test_tgwsim(TgwTestCmd *cmd, ...) G_GNUC_NULL_TERMINATED;
/* the same, with setup run in the child before exec (e.g. to set a resource limit) */
void tgw_test_tgwsim_setup(TgwTestCmd *cmd, GSpawnChildSetupFunc setup, gpointer data,
                           ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(TgwTestCmd, tgw_test_cmd_clear)
