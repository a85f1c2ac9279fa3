/* test-bad-input.c: the bad-input corpus of tests/bad/: every file there (and the few too big to
 * commit, written at test time) must be refused with the error, line and message listed in
 * tests/bad/expected.txt, both by tgw_scenario_load_file() in this process and by the real
 * `tgwsim validate` (env TGWSIM) in a child process that runs with a CPU-time limit, a wall-clock
 * timeout and (outside AddressSanitizer, which reserves terabytes of address space) a 2 GiB
 * address-space limit: it must exit 1, not die of a signal, print "FILE:LINE: error: CODE: ..."
 * and stay under 2 GiB of resident memory.
 *
 * Under valgrind (TGW_UNDER_VALGRIND, set by `meson test --setup valgrind`) the in-process load of
 * the generated giants is skipped (it would take minutes there); the child still checks them, as
 * valgrind does not follow it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tgw-test-util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define CHILD_CPU_SECONDS  20
#define CHILD_WALL_SECONDS 30
#define MEMORY_LIMIT       (G_GUINT64_CONSTANT(2) << 30)

typedef struct {
    char *file; /* as in expected.txt, "gen:NAME" for a generated one */
    int line;
    char *code;
    char *fragment;
} BadCase;

static char *gen_dir; /* where the generated files go */

/* ---- the generated giants -------------------------------------------------------------------- */

static void
write_or_die(const char *path, const char *data, gsize len)
{
    g_autoptr(GError) error = NULL;
    if (!g_file_set_contents(path, data, (gssize) len, &error))
        g_error("cannot write %s: %s", path, error->message);
}

/* an attribute of 20 MB: libxml2 refuses attribute values over 10 MB */
static void
gen_huge_attribute(const char *path)
{
    GString *s = g_string_new("<!-- a name of 20,000,000 characters -->\n<scenario version=\"1\" "
                              "name=\"");
    for (int i = 0; i < 20000000 / 100; i++)
        g_string_append(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    g_string_append(s, "\"/>\n");
    write_or_die(path, s->str, s->len);
    g_string_free(s, TRUE);
}

/* 200,001 elements: refused by the pre-scan before anything is parsed */
static void
gen_too_many_elements(const char *path)
{
    GString *s = g_string_new("<!-- 200,001 elements -->\n<scenario version=\"1\" name=\"x\">");
    for (int i = 0; i < 200000; i++)
        g_string_append(s, "<a/>");
    g_string_append(s, "</scenario>\n");
    write_or_die(path, s->str, s->len);
    g_string_free(s, TRUE);
}

/* one VPC with 100,000 subnets, one a line */
static void
gen_subnets_100000(const char *path)
{
    GString *s = g_string_new("<!-- 100,000 subnets in one VPC -->\n"
                              "<scenario version=\"1\" name=\"x\">\n"
                              "  <vpc name=\"v\" cidr=\"10.0.0.0/8\">\n");
    for (guint i = 0; i < 100000; i++)
        g_string_append_printf(s, "    <subnet name=\"s%u\" az=\"az1\" cidr=\"10.%u.%u.%u/28\"/>\n",
                               i, (i * 16) >> 16 & 255, (i * 16) >> 8 & 255, (i * 16) & 255);
    g_string_append(s, "  </vpc>\n</scenario>\n");
    write_or_die(path, s->str, s->len);
    g_string_free(s, TRUE);
}

/* 65 MiB (sparse): refused from its size before it is read */
static void
gen_too_big(const char *path)
{
    int fd = g_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, "<scenario", 9), ==, 9);
    g_assert_cmpint(ftruncate(fd, 65 * 1024 * 1024), ==, 0);
    close(fd);
}

/* 9,000 unknown names in one list: the loader reports the first 500 and how many more */
static void
gen_many_unknown_refs(const char *path)
{
    GString *s = g_string_new("<!-- 9,000 subnets that do not exist, in one list -->\n"
                              "<scenario version=\"1\" name=\"x\">\n"
                              "  <vpc name=\"v\" cidr=\"10.0.0.0/16\">\n"
                              "    <subnet name=\"a\" az=\"az1\" cidr=\"10.0.0.0/24\"/>\n"
                              "    <subnet name=\"b\" az=\"az2\" cidr=\"10.0.1.0/24\"/>\n"
                              "    <subnet name=\"c\" az=\"az3\" cidr=\"10.0.2.0/24\"/>\n"
                              "  </vpc>\n"
                              "  <!-- line 9: -->\n"
                              "  <load-balancer name=\"lb\" type=\"alb\" vpc=\"v\" subnets=\"");
    for (guint i = 0; i < 9000; i++)
        g_string_append_printf(s, "%sq%u", i > 0 ? " " : "", i);
    g_string_append(s, "\"/>\n</scenario>\n");
    write_or_die(path, s->str, s->len);
    g_string_free(s, TRUE);
}

static const struct {
    const char *name;
    void (*generate)(const char *path);
    gboolean heavy; /* too slow to load in-process under valgrind */
} generators[] = {
    {"huge-attribute.xml", gen_huge_attribute, TRUE},
    {"too-many-elements.xml", gen_too_many_elements, TRUE},
    {"subnets-100000.xml", gen_subnets_100000, TRUE},
    {"too-big.xml", gen_too_big, FALSE},
    {"many-unknown-refs.xml", gen_many_unknown_refs, TRUE},
};

/* the path of the case's file (generated on first use); *heavy tells whether it is a giant */
static char *
case_path(const BadCase *c, gboolean *heavy)
{
    *heavy = FALSE;
    if (!g_str_has_prefix(c->file, "gen:"))
        return tgw_test_source_path("tests", "bad", c->file, NULL);
    for (guint i = 0; i < G_N_ELEMENTS(generators); i++) {
        if (g_str_equal(c->file + 4, generators[i].name)) {
            char *path = g_build_filename(gen_dir, generators[i].name, NULL);
            if (!g_file_test(path, G_FILE_TEST_EXISTS))
                generators[i].generate(path);
            *heavy = generators[i].heavy;
            return path;
        }
    }
    g_error("expected.txt names %s, which no generator of test-bad-input.c makes", c->file);
}

/* ---- the child: tgwsim validate -------------------------------------------------------------- */

typedef struct {
    int wait_status;
    char *output;   /* stdout and stderr */
    double seconds; /* wall-clock */
    long max_rss_kb;
    gboolean timed_out;
} ChildResult;

static void
run_validate(const char *tgwsim, const char *path, ChildResult *r)
{
    char out_path[] = "/tmp/tgw-bad-input-XXXXXX";
    int fd = g_mkstemp(out_path);
    gint64 start = g_get_monotonic_time();
    struct rusage usage;
    pid_t pid = 0;

    g_assert_cmpint(fd, >=, 0);
    memset(r, 0, sizeof *r);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        struct rlimit cpu = {CHILD_CPU_SECONDS, CHILD_CPU_SECONDS};
        struct rlimit as = {MEMORY_LIMIT, MEMORY_LIMIT};
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        setrlimit(RLIMIT_CPU, &cpu);
        if (!UNDER_ASAN)
            setrlimit(RLIMIT_AS, &as);
        execl(tgwsim, tgwsim, "validate", path, (char *) NULL);
        _exit(127);
    }
    for (;;) {
        pid_t done = wait4(pid, &r->wait_status, WNOHANG, &usage);
        g_assert_cmpint(done, >=, 0);
        if (done == pid)
            break;
        if (g_get_monotonic_time() - start > CHILD_WALL_SECONDS * G_USEC_PER_SEC) {
            kill(pid, SIGKILL);
            g_assert_cmpint(wait4(pid, &r->wait_status, 0, &usage), ==, pid);
            r->timed_out = TRUE;
            break;
        }
        g_usleep(2000);
    }
    r->seconds = (double) (g_get_monotonic_time() - start) / G_USEC_PER_SEC;
    r->max_rss_kb = usage.ru_maxrss;
    close(fd);
    g_assert_true(g_file_get_contents(out_path, &r->output, NULL, NULL));
    g_unlink(out_path);
}

/* ---- one case -------------------------------------------------------------------------------- */

static gboolean
has_finding(TgwFindings *findings, const BadCase *c)
{
    for (guint i = 0; i < tgw_findings_len(findings); i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (f->severity == TGW_SEVERITY_ERROR && g_str_equal(f->code, c->code) &&
            f->line == c->line && strstr(f->message, c->fragment) != NULL)
            return TRUE;
    }
    return FALSE;
}

static void
test_bad_case(gconstpointer data)
{
    const BadCase *c = data;
    gboolean heavy = FALSE;
    g_autofree char *path = case_path(c, &heavy);
    const char *tgwsim = g_getenv("TGWSIM");

    /* in this process: the library call */
    if (heavy && g_getenv("TGW_UNDER_VALGRIND") != NULL) {
        g_test_message("%s: in-process load skipped under valgrind", c->file);
    } else {
        g_autoptr(TgwFindings) findings = tgw_findings_new();
        g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
        if (sc != NULL || !has_finding(findings, c)) {
            tgw_findings_print(findings, stderr);
            g_error("%s: expected an error %s at line %d containing \"%s\"%s", c->file, c->code,
                    c->line, c->fragment, sc != NULL ? " (it loaded)" : "");
        }
    }

    /* the real command, bounded */
    if (tgwsim == NULL) {
        g_test_skip("TGWSIM is not set");
        return;
    }
    {
        ChildResult r;
        g_autofree char *want = c->line > 0
                                    ? g_strdup_printf("%s:%d: error: %s: ", path, c->line, c->code)
                                    : g_strdup_printf("%s: error: %s: ", path, c->code);
        const char *at = NULL;

        run_validate(tgwsim, path, &r);
        if (r.timed_out || !WIFEXITED(r.wait_status) || WEXITSTATUS(r.wait_status) != 1)
            g_error("%s: tgwsim validate %s (%.1f s); output:\n%s", c->file,
                    r.timed_out                  ? "timed out"
                    : WIFSIGNALED(r.wait_status) ? g_strsignal(WTERMSIG(r.wait_status))
                                                 : "did not exit with status 1",
                    r.seconds, r.output);
        at = strstr(r.output, want);
        if (at == NULL || strstr(at, c->fragment) == NULL)
            g_error("%s: tgwsim validate did not print \"%s...%s\"; it printed:\n%.4000s", c->file,
                    want, c->fragment, r.output);
        g_assert_cmpint(r.max_rss_kb, <, (long) (MEMORY_LIMIT / 1024));
        {
            /* every line is a finding about this file or the summary: none is forged by input */
            g_auto(GStrv) lines = g_strsplit(r.output, "\n", -1);
            for (guint i = 0; lines[i] != NULL; i++) {
                if (lines[i][0] != '\0' && !g_str_has_prefix(lines[i], path) &&
                    !g_regex_match_simple("^[0-9]+ files? checked: ", lines[i], 0, 0))
                    g_error("%s: tgwsim validate printed a line of its own: %s", c->file, lines[i]);
            }
        }
        g_test_message("%s: %.2f s, %ld MiB", c->file, r.seconds, r.max_rss_kb / 1024);
        g_free(r.output);
    }
}

/* ---- the table ------------------------------------------------------------------------------- */

static GPtrArray *
read_table(void)
{
    g_autofree char *path = tgw_test_source_path("tests", "bad", "expected.txt", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GPtrArray *cases = g_ptr_array_new();

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_auto(GStrv) f = NULL;
        BadCase *c = NULL;
        g_strstrip(lines[i]);
        if (lines[i][0] == '\0' || lines[i][0] == '#')
            continue;
        f = g_regex_split_simple("\\s+", lines[i], 0, 0);
        if (g_strv_length(f) < 4)
            g_error("expected.txt line %u: write FILE LINE CODE MESSAGE-FRAGMENT", i + 1);
        c = g_new0(BadCase, 1);
        c->file = g_strdup(f[0]);
        c->line = atoi(f[1]);
        c->code = g_strdup(f[2]);
        {
            /* the fragment is the rest of the line, spaces and all */
            const char *p = lines[i];
            for (int k = 0; k < 3; k++) {
                p += strcspn(p, " \t");
                p += strspn(p, " \t");
            }
            c->fragment = g_strdup(p);
        }
        g_ptr_array_add(cases, c);
    }
    return cases;
}

/* every file of tests/bad/ has a line in the table, and the table holds at least 40 cases */
static void
test_table_covers_directory(gconstpointer data)
{
    const GPtrArray *cases = data;
    g_autofree char *dir_path = tgw_test_source_path("tests", "bad", NULL);
    g_autoptr(GDir) dir = g_dir_open(dir_path, 0, NULL);
    const char *name = NULL;

    g_assert_nonnull(dir);
    g_assert_cmpuint(cases->len, >=, 40);
    while ((name = g_dir_read_name(dir)) != NULL) {
        gboolean found = FALSE;
        if (g_str_equal(name, "expected.txt"))
            continue;
        for (guint i = 0; i < cases->len && !found; i++)
            found = g_str_equal(((const BadCase *) cases->pdata[i])->file, name);
        if (!found)
            g_error("tests/bad/%s has no line in tests/bad/expected.txt", name);
    }
}

static void
bad_case_free(gpointer data)
{
    BadCase *c = data;
    g_free(c->file);
    g_free(c->code);
    g_free(c->fragment);
    g_free(c);
}

int
main(int argc, char **argv)
{
    g_autoptr(GPtrArray) cases = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_test_init(&argc, &argv, NULL);
    gen_dir = g_dir_make_tmp("tgw-bad-XXXXXX", &error);
    g_assert_no_error(error);
    cases = read_table();
    g_ptr_array_set_free_func(cases, bad_case_free);
    g_test_add_data_func("/bad/table-covers-directory", cases, test_table_covers_directory);
    for (guint i = 0; i < cases->len; i++) {
        const BadCase *c = cases->pdata[i];
        g_autofree char *test_path = g_strdup_printf("/bad/%s", c->file);
        g_test_add_data_func(test_path, c, test_bad_case);
    }
    status = g_test_run();
    tgw_test_remove_tree(gen_dir);
    g_free(gen_dir);
    return status;
}
