/* test-cli.c: the tgwsim command as a user runs it: exit codes, the numbers the issues promise on
 * the seed case, byte-identical JSON, --set messages. Runs the built binary (env TGWSIM). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tgw-test-util.h"

static char *
seed_path(void)
{
    return tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
}

static void
test_exit_codes(void)
{
    g_autofree char *seed = seed_path();
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, NULL);
        g_assert_cmpint(c.status, ==, 2);
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "no-such-command", NULL);
        g_assert_cmpint(c.status, ==, 2);
        g_assert_nonnull(strstr(c.err, "unknown command 'no-such-command'"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "help", "no-such-command", NULL);
        g_assert_cmpint(c.status, ==, 2);
        g_assert_nonnull(strstr(c.err, "unknown command 'no-such-command'"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "help", "run", NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_nonnull(strstr(c.out, "--memory-budget=MiB"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "run", seed, "--cni", "sideways", NULL);
        g_assert_cmpint(c.status, ==, 2);
        g_assert_nonnull(strstr(c.err, "--cni takes default, custom, prefix or custom+prefix"));
    }
    {
        /* a parse error names the command, like the other usage errors */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "capacity", seed, "--frob", NULL);
        g_assert_cmpint(c.status, ==, 2);
        g_assert_cmpstr(c.err, ==,
                        "tgwsim capacity: Unknown option --frob\n"
                        "(run 'tgwsim capacity --help' for the options)\n");
    }
    {
        /* a negative seed is refused, not taken for "no --seed" */
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "run", seed, "--seed", "-1", NULL);
        g_assert_cmpint(c.status, ==, 2);
        g_assert_nonnull(strstr(c.err, "--seed takes a whole number from 0 to"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "run", "/nonexistent.xml", NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "FILE-READ"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "validate", seed, NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_nonnull(strstr(c.out, "1 file checked: 0 errors"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "--version", NULL);
        g_assert_cmpint(c.status, ==, 0);
        g_assert_true(g_str_has_prefix(c.out, "tgwsim "));
    }
}

/* run and compare check the options they share alike: status 2 and the same message */
static void
test_shared_usage_errors(void)
{
    g_autofree char *seed = seed_path();
    const char *const commands[] = {"run", "compare"};
    const struct {
        const char *option, *value, *message;
    } cases[] = {
        {"--runs", "0", "--runs takes 1 to 10000"},
        {"--threads", "-1", "--threads takes 1 to 1024 (0: one per core)"},
        {"--memory-budget", "-1", "--memory-budget takes a number of MiB"},
        {"--seed", "x", "--seed takes a whole number from 0 to 18446744073709551615"},
        {"--horizon", "0s", "--horizon must be above zero"},
        {"--html", "-", "only one of --json and --html can be -"}, /* with --json - */
    };

    for (guint k = 0; k < G_N_ELEMENTS(commands); k++) {
        for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
            g_auto(TgwTestCmd) c = {0};
            g_autofree char *expected =
                g_strdup_printf("tgwsim %s: %s\n", commands[k], cases[i].message);
            tgw_test_tgwsim(&c, commands[k], seed, "--json", "-", cases[i].option, cases[i].value,
                            NULL);
            g_assert_cmpint(c.status, ==, 2);
            g_assert_cmpstr(c.out, ==, "");
            g_assert_true(g_str_has_prefix(c.err, expected));
        }
    }
}

/* rule 28 through the command: m5.large 29, custom 20 (with its explanation) */
static void
test_maxpods(void)
{
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    g_auto(TgwTestCmd) bad = {0};
    tgw_test_tgwsim(&a, "maxpods", "m5.large", NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_true(g_str_has_prefix(a.out, "29\n"));
    tgw_test_tgwsim(&b, "maxpods", "m5.large", "--custom", NULL);
    g_assert_true(g_str_has_prefix(b.out, "20\n"));
    g_assert_nonnull(strstr(b.out, "custom networking"));
    tgw_test_tgwsim(&bad, "maxpods", "m5.larg", NULL);
    g_assert_cmpint(bad.status, ==, 1);
    g_assert_nonnull(strstr(bad.err, "did you mean 'm5.large'?"));
}

/* maxpods --all prints exactly the VPC CNI's eni-max-pods.txt, in the same order */
static void
test_maxpods_all(void)
{
    g_autofree char *path = tgw_test_source_path("tests", "data", "eni-max-pods.txt", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) expected = g_string_new(NULL);
    g_auto(TgwTestCmd) c = {0};

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] != '#' && lines[i][0] != '\0')
            g_string_append_printf(expected, "%s\n", lines[i]);
    }
    tgw_test_tgwsim(&c, "maxpods", "--all", NULL);
    g_assert_cmpint(c.status, ==, 0);
    g_assert_cmpstr(c.out, ==, expected->str);
}

/* the seed case: 3 x /24 = 753 usable pod addresses against 3 x /19 = 24,561, 32.6x */
static void
test_capacity_seed(void)
{
    g_autofree char *seed = seed_path();
    g_auto(TgwTestCmd) c = {0};
    tgw_test_tgwsim(&c, "capacity", seed, NULL);
    g_assert_cmpint(c.status, ==, 0);
    g_assert_nonnull(strstr(c.out, "  default              753\n"));
    g_assert_nonnull(strstr(c.out, "  custom             24561  (32.6x the default mode)\n"));
    /* both figures, each named: every node at max pods, and as the requests pack (24 nodes in
     * the default mode: the seed's simulation has 24 Ready when private-a runs dry) */
    g_assert_nonnull(strstr(c.out, "  at max pods: every node full\n"));
    g_assert_nonnull(strstr(c.out, "  packed: the nodes the workloads' requests fill (399m CPU "));
    g_assert_nonnull(strstr(c.out, "  default              12        30 ad.       24       288  "
                                   "private-a\n"));
}

/* same scenario and seed: the same JSON bytes, run after run */
static void
test_json_deterministic(void)
{
    g_autofree char *seed = seed_path();
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    tgw_test_tgwsim(&a, "run", seed, "--horizon", "3d", "--json", "-", NULL);
    tgw_test_tgwsim(&b, "run", seed, "--horizon", "3d", "--json", "-", NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_cmpstr(a.out, ==, b.out);
    g_assert_nonnull(strstr(a.out, "\"format\": 1,"));
    g_assert_nonnull(strstr(a.out, "\"engine\": {"));
}

static void
test_set(void)
{
    g_autofree char *seed = seed_path();
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "run", seed, "--horizon", "1h", "--set",
                        "cluster.main.vpc-cni.warm-ip-target=x", NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "set by --set cluster.main.vpc-cni.warm-ip-target"));
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "run", seed, "--set", "workload.nope.replicas=3", NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "SET-PATH"));
    }
    {
        /* the override reaches the run: the file's own value (60) changes no simulated number,
         * another does; both are recorded (overrides, input_sha256), so neither looks like the
         * plain run */
        g_auto(TgwTestCmd) plain = {0};
        g_auto(TgwTestCmd) same = {0};
        g_auto(TgwTestCmd) fewer = {0};
        tgw_test_tgwsim(&plain, "run", seed, "--horizon", "1h", "--json", "-", NULL);
        tgw_test_tgwsim(&same, "run", seed, "--horizon", "1h", "--set", "workload.api.replicas=60",
                        "--json", "-", NULL);
        tgw_test_tgwsim(&fewer, "run", seed, "--horizon", "1h", "--set", "workload.api.replicas=5",
                        "--json", "-", NULL);
        g_assert_cmpint(plain.status, ==, 0);
        g_assert_cmpint(same.status, ==, 0);
        g_assert_cmpint(fewer.status, ==, 0);
        g_assert_cmpstr(strstr(same.out, "\"subnets\""), ==, strstr(plain.out, "\"subnets\""));
        g_assert_cmpstr(same.out, !=, plain.out);
        g_assert_nonnull(strstr(same.out,
                                "\"overrides\": {\n    \"set\": [\n      "
                                "\"workload.api.replicas=60\"\n    ],\n    \"cni\": null\n"));
        g_assert_nonnull(strstr(plain.out, "\"overrides\": {\n    \"set\": [],\n    \"cni\": "
                                           "null\n"));
        g_assert_cmpstr(strstr(fewer.out, "\"subnets\""), !=, strstr(plain.out, "\"subnets\""));
    }
}

/* every --set and --cni of a run is recorded: two runs that differ only in an override differ in
 * their input hash, in the store's history and in diff; validate and capacity take --set too */
static void
test_overrides_recorded(void)
{
    g_autofree char *seed = seed_path();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-cli-XXXXXX", &error);
    g_autofree char *db = g_build_filename(dir, "o.db", NULL);
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    g_auto(TgwTestCmd) history = {0};
    g_auto(TgwTestCmd) history_json = {0};
    g_auto(TgwTestCmd) diff = {0};
    g_auto(TgwTestCmd) valid = {0};
    g_auto(TgwTestCmd) invalid = {0};
    g_auto(TgwTestCmd) cap = {0};
    g_auto(TgwTestCmd) cap_set = {0};
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonArray *runs = NULL;
    const char *sha_a = NULL, *sha_b = NULL;

    g_assert_no_error(error);
    tgw_test_tgwsim(&a, "run", seed, "--horizon", "1h", "--db", db, NULL);
    tgw_test_tgwsim(&b, "run", seed, "--horizon", "1h", "--set", "workload.api.replicas=60",
                    "--cni", "custom", "--db", db, NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_cmpint(b.status, ==, 0);

    tgw_test_tgwsim(&history_json, "history", "--db", db, "--json", "-", NULL);
    g_assert_cmpint(history_json.status, ==, 0);
    g_assert_true(json_parser_load_from_data(parser, history_json.out, -1, &error));
    runs = json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)), "runs");
    g_assert_cmpuint(json_array_get_length(runs), ==, 2);
    sha_a = json_object_get_string_member(json_array_get_object_element(runs, 0), "input_sha256");
    sha_b = json_object_get_string_member(json_array_get_object_element(runs, 1), "input_sha256");
    g_assert_cmpstr(sha_a, !=, sha_b);
    g_assert_nonnull(
        strstr(json_object_get_string_member(json_array_get_object_element(runs, 1), "flags"),
               "--set workload.api.replicas=60 --cni custom"));

    tgw_test_tgwsim(&history, "history", "--db", db, NULL);
    g_assert_cmpint(history.status, ==, 0);
    g_assert_nonnull(strstr(history.out, "--set workload.api.replicas=60 --cni custom --db"));

    tgw_test_tgwsim(&diff, "diff", "1", "2", "--db", db, NULL);
    g_assert_cmpint(diff.status, ==, 0);
    g_assert_nonnull(strstr(diff.out, "note: the scenario's input changed between the runs\n"));
    g_assert_nonnull(strstr(diff.out, "note: run with other options:\n  A: tgwsim run "));
    g_assert_nonnull(strstr(diff.out, "\n  B: tgwsim run "));

    /* validate and capacity read the file as run does */
    tgw_test_tgwsim(&valid, "validate", seed, "--set", "workload.api.replicas=5", NULL);
    g_assert_cmpint(valid.status, ==, 0);
    tgw_test_tgwsim(&invalid, "validate", seed, "--set", "workload.nope.replicas=5", NULL);
    g_assert_cmpint(invalid.status, ==, 1);
    g_assert_nonnull(strstr(invalid.out, "SET-PATH"));
    tgw_test_tgwsim(&cap, "capacity", seed, NULL);
    tgw_test_tgwsim(&cap_set, "capacity", seed, "--set",
                    "node-group.general.instance-type=m5.large", NULL);
    g_assert_cmpint(cap.status, ==, 0);
    g_assert_cmpint(cap_set.status, ==, 0);
    g_assert_cmpstr(cap.out, !=, cap_set.out);
    g_assert_nonnull(strstr(cap_set.out, "m5.large"));
    tgw_test_remove_tree(dir);
}

/* --cni forcing custom networking on a cluster without an <eni-config> (which the design checks
 * cannot see: the scenario's own mode is default) is not applicable: run refuses with the reason
 * and simulates nothing; compare simulates the other modes and reports this one as N/A; with no
 * mode left it fails */
static void
test_custom_without_eni_config(void)
{
    g_autofree char *file = tgw_test_source_path("scenarios", "alb-upgrade.xml", NULL);
    g_auto(TgwTestCmd) run = {0};
    g_auto(TgwTestCmd) run_default = {0};
    g_auto(TgwTestCmd) compare = {0};
    g_auto(TgwTestCmd) only_custom = {0};
    const char *reason = "cluster 'store' has no eni-config for apse2-az1, where node group "
                         "'web-nodes' has nodes: with custom networking no node there becomes "
                         "Ready";
    g_autofree char *run_error =
        g_strdup_printf("tgwsim run: CNI mode custom is not applicable to this design: %s; "
                        "nothing was simulated\n",
                        reason);
    g_autofree char *compare_line =
        g_strdup_printf("custom         N/A      not applicable, not simulated: %s.\n", reason);

    tgw_test_tgwsim(&run, "run", file, "--cni", "custom", "--horizon", "1h", NULL);
    g_assert_cmpint(run.status, ==, 1);
    g_assert_cmpstr(run.out, ==, "");
    g_assert_nonnull(strstr(run.err, run_error));
    tgw_test_tgwsim(&run_default, "run", file, "--horizon", "1h", NULL);
    g_assert_cmpint(run_default.status, ==, 0);
    g_assert_null(strstr(run_default.err, "eni-config"));
    tgw_test_tgwsim(&compare, "compare", file, "--horizon", "1h", NULL);
    g_assert_cmpint(compare.status, ==, 0);
    g_assert_nonnull(strstr(compare.out, compare_line));
    tgw_test_tgwsim(&only_custom, "compare", file, "--cni", "custom", "--horizon", "1h", NULL);
    g_assert_cmpint(only_custom.status, ==, 1);
    g_assert_nonnull(strstr(only_custom.err, "tgwsim compare: no mode left to simulate\n"));
}

/* a run whose tables outgrow --memory-budget stops with a clear message and exit status 1 */
static void
test_memory_budget(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-cli-XXXXXX", &error);
    g_autofree char *file = g_build_filename(dir, "big.xml", NULL);
    g_auto(TgwTestCmd) gen = {0};
    g_auto(TgwTestCmd) c = {0};

    g_assert_no_error(error);
    tgw_test_tgwsim(&gen, "generate", "a", "--nodes", "400", "--pods", "8000", "--horizon", "1h",
                    NULL);
    g_assert_cmpint(gen.status, ==, 0);
    g_assert_true(g_file_set_contents(file, gen.out, -1, NULL));
    /* 8,000 pods of 56 bytes, 400 nodes of about 1.8 KiB and their address slots: about 1.7 MiB */
    tgw_test_tgwsim(&c, "run", file, "--memory-budget", "1", NULL);
    g_assert_cmpint(c.status, ==, 1);
    g_assert_nonnull(strstr(c.err, "outgrew the memory budget of 1 MiB"));
    g_unlink(file);
    g_rmdir(dir);
}

/* in the child, before exec: stdout on a device where every write fails with ENOSPC */
static void
stdout_to_full_device(gpointer data)
{
    int fd = open("/dev/full", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
    }
}

/* a full disk behind stdout ends with status 1 and a message, never 0 and a truncated output:
 * --json - (written at once), the text summary and a long list (both left to main() to flush) */
static void
test_stdout_full(void)
{
    g_autofree char *seed = seed_path();
    const char *const commands[][8] = {
        {"run", seed, "--horizon", "1h", "--json", "-", NULL},
        {"run", seed, "--horizon", "1h", NULL},
        {"maxpods", "--all", NULL},
    };

    if (!g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
        g_test_skip("no /dev/full");
        return;
    }
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        g_auto(TgwTestCmd) c = {0};
        const char *const *a = commands[i];
        tgw_test_tgwsim_setup(&c, stdout_to_full_device, NULL, a[0], a[1], a[2], a[3], a[4], a[5],
                              NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "stdout"));
        /* one message, not one from the command and another from main() */
        g_assert_null(strstr(strstr(c.err, "stdout") + 1, "stdout"));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cli/exit-codes", test_exit_codes);
    g_test_add_func("/cli/shared-usage-errors", test_shared_usage_errors);
    g_test_add_func("/cli/maxpods", test_maxpods);
    g_test_add_func("/cli/maxpods-all", test_maxpods_all);
    g_test_add_func("/cli/capacity-seed", test_capacity_seed);
    g_test_add_func("/cli/json-deterministic", test_json_deterministic);
    g_test_add_func("/cli/set", test_set);
    g_test_add_func("/cli/overrides-recorded", test_overrides_recorded);
    g_test_add_func("/cli/memory-budget", test_memory_budget);
    g_test_add_func("/cli/custom-without-eni-config", test_custom_without_eni_config);
    g_test_add_func("/cli/stdout-full", test_stdout_full);
    return g_test_run();
}
