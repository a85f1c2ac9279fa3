/* tgw-test-util.c: helpers shared by the test programs. */
#include "tgw-test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

TgwScenario *
tgw_test_load(const char *xml, TgwFindings **findings)
{
    *findings = tgw_findings_new();
    return tgw_scenario_load_memory(xml, strlen(xml), "test.xml", NULL, *findings);
}

char *
tgw_test_wrap(const char *body)
{
    return g_strdup_printf(
        "<scenario version=\"1\" name=\"t\" seed=\"1\" horizon=\"1d\">\n"      /* 1 */
        "  <vpc name=\"team-a\" cidr=\"10.20.8.0/21\">\n"                      /* 2 */
        "    <subnet name=\"private-a\" az=\"az1\" cidr=\"10.20.9.0/24\"/>\n"  /* 3 */
        "    <subnet name=\"private-b\" az=\"az2\" cidr=\"10.20.10.0/24\"/>\n" /* 4 */
        "    <subnet name=\"private-c\" az=\"az3\" cidr=\"10.20.11.0/24\"/>\n" /* 5 */
        "  </vpc>\n"                                                           /* 6 */
        "%s"                                                                   /* 7.. */
        "</scenario>\n",
        body);
}

static GString *
describe(TgwFindings *findings)
{
    GString *all = g_string_new(NULL);
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        g_autofree char *s = tgw_finding_to_string(tgw_findings_get(findings, i));
        g_string_append_printf(all, "\n  %s", s);
    }
    return all;
}

void
tgw_test_assert_finding(TgwFindings *findings, const char *code, int line)
{
    g_autoptr(GString) all = NULL;
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (g_str_equal(f->code, code) && (line == 0 || f->line == line))
            return;
    }
    all = describe(findings);
    g_error("expected a %s finding at line %d; got:%s", code, line, all->str);
}

void
tgw_test_assert_no_finding(TgwFindings *findings, const char *code)
{
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (g_str_equal(f->code, code)) {
            g_autoptr(GString) all = describe(findings);
            g_error("expected no %s finding; got:%s", code, all->str);
        }
    }
}

char *
tgw_test_source_path(const char *first, ...)
{
    va_list ap;
    const char *root = g_getenv("TGW_SOURCE_ROOT");
    g_autoptr(GPtrArray) parts = g_ptr_array_new();

    g_ptr_array_add(parts, (gpointer) (root != NULL ? root : ".."));
    va_start(ap, first);
    for (const char *p = first; p != NULL; p = va_arg(ap, const char *))
        g_ptr_array_add(parts, (gpointer) p);
    va_end(ap);
    g_ptr_array_add(parts, NULL);
    return g_build_filenamev((char **) parts->pdata);
}

void
tgw_test_cmd_clear(TgwTestCmd *c)
{
    g_clear_pointer(&c->out, g_free);
    g_clear_pointer(&c->err, g_free);
}

/* Under `meson test --setup valgrind`, TGW_UNDER_VALGRIND holds that setup's memcheck command, one
 * word a line (meson.build): the tgwsim a test runs goes under it too, so that the command's own
 * code (options, files, exit paths) is checked, not only what the test calls in-process. */
#define MEMCHECK_ERROR_STATUS 99 /* --error-exitcode of that command */

static GStrv
memcheck_command(void)
{
    const char *cmd = g_getenv("TGW_UNDER_VALGRIND");
    return cmd != NULL && strchr(cmd, '\n') != NULL ? g_strsplit(cmd, "\n", -1) : NULL;
}

static void
tgwsim_spawn(TgwTestCmd *c, GSpawnChildSetupFunc setup, gpointer data, va_list ap)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) env = g_environ_setenv(g_get_environ(), "TGWSIM_ZERO_TIMES", "1", TRUE);
    g_auto(GStrv) memcheck = memcheck_command();
    const char *bin = g_getenv("TGWSIM");
    int wait = 0;

    g_assert_nonnull(bin);
    tgw_test_cmd_clear(c);
    for (guint i = 0; memcheck != NULL && memcheck[i] != NULL; i++)
        g_ptr_array_add(argv, memcheck[i]);
    g_ptr_array_add(argv, (gpointer) bin);
    for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *))
        g_ptr_array_add(argv, (gpointer) a);
    g_ptr_array_add(argv, NULL);
    g_assert_true(g_spawn_sync(NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, setup, data,
                               &c->out, &c->err, &wait, &error));
    g_assert_no_error(error);
    /* a sanitizer's report (it aborts on a finding) is on the child's stderr: show it */
    if (!WIFEXITED(wait))
        g_error("tgwsim died of signal %d:\n%s", WIFSIGNALED(wait) ? WTERMSIG(wait) : 0, c->err);
    c->status = WEXITSTATUS(wait);
    if (memcheck != NULL && c->status == MEMCHECK_ERROR_STATUS)
        g_error("valgrind found errors in the tgwsim this test ran:\n%s", c->err);
}

void
tgw_test_tgwsim(TgwTestCmd *c, ...)
{
    va_list ap;
    va_start(ap, c);
    tgwsim_spawn(c, NULL, NULL, ap);
    va_end(ap);
}

void
tgw_test_tgwsim_setup(TgwTestCmd *c, GSpawnChildSetupFunc setup, gpointer data, ...)
{
    va_list ap;
    va_start(ap, data);
    tgwsim_spawn(c, setup, data, ap);
    va_end(ap);
}

void
tgw_test_remove_tree(const char *path)
{
    GStatBuf st;

    if (g_lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        g_autoptr(GDir) dir = NULL;
        const char *name = NULL;
        g_chmod(path, 0755);
        dir = g_dir_open(path, 0, NULL);
        while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
            g_autofree char *child = g_build_filename(path, name, NULL);
            tgw_test_remove_tree(child);
        }
        g_rmdir(path);
        return;
    }
    if (S_ISREG(st.st_mode))
        g_chmod(path, 0644);
    g_remove(path);
}

TgwCidr
tgw_test_cidr(const char *text)
{
    g_autoptr(GError) error = NULL;
    TgwCidr c = {0};
    g_assert_true(tgw_cidr_parse(text, &c, &error));
    g_assert_no_error(error);
    return c;
}

guint32
tgw_test_ip(const char *text)
{
    g_autoptr(GError) error = NULL;
    guint32 a = 0;
    g_assert_true(tgw_ipv4_parse(text, &a, &error));
    g_assert_no_error(error);
    return a;
}
