/* test-import.c: tgwsim import terraform (import/, sim/cli/cmd-import.c).
 *
 * Golden: each hand-written input under tests/import/ (the seed case's network as a state with a
 * child module, count and for_each; a plan with creates, updates and values known only after
 * apply; a state with nested module instances, the TGW's default table, a data source and what
 * tgwsim does not model) imports to the checked-in scenario byte for byte, twice alike, and that
 * scenario loads. The seed import's capacity equals the shipped seed scenario's for the same
 * subnets. A state and a plan import and run from the command line. Bad inputs: each "FILE: what
 * is wrong" and exit 1. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tgw-import.h"
#include "tgw-scenario-load.h"
#include "tgw-test-util.h"

static char *
read_source(const char *name)
{
    g_autofree char *path = tgw_test_source_path("tests", "import", name, NULL);
    char *data = NULL;
    g_assert_true(g_file_get_contents(path, &data, NULL, NULL));
    return data;
}

static void
test_golden(gconstpointer user_data)
{
    const char *name = user_data;
    g_autofree char *json_name = g_strdup_printf("%s.json", name);
    g_autofree char *xml_name = g_strdup_printf("%s.xml", name);
    g_autofree char *json = read_source(json_name);
    g_autofree char *expected = read_source(xml_name);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) a = tgw_import_terraform(json, strlen(json), json_name, &error);
    g_autoptr(TgwImport) b = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;

    g_assert_no_error(error);
    g_assert_cmpstr(a->xml, ==, expected);
    b = tgw_import_terraform(json, strlen(json), json_name, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(a->xml, ==, b->xml);
    sc = tgw_scenario_load_memory(a->xml, strlen(a->xml), xml_name, NULL, findings);
    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
    g_assert_cmpuint(a->placeholders, ==, sc->clusters->len > 0 ? 1 : 0);
}

/* the plan: the update's new size, the create resolved through the configuration's references,
 * and the subnet whose CIDR is known only after apply left out with a comment and a warning */
static void
test_plan(void)
{
    g_autofree char *json = read_source("plan.json");
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) imp = tgw_import_terraform(json, strlen(json), "plan.json", &error);
    gboolean warned = FALSE;

    g_assert_no_error(error);
    g_assert_nonnull(strstr(imp->xml, "desired=\"4\""));
    g_assert_nonnull(strstr(imp->xml, "<vpc name=\"lab\" cidr=\"10.9.0.0/16\">\n"
                                      "    <!-- aws_subnet.lab[0] -->\n"
                                      "    <subnet name=\"lab-0\""));
    g_assert_nonnull(strstr(imp->xml, "<!-- aws_subnet.lab[1]: not imported: cidr_block is "
                                      "unknown until apply (after_unknown) -->"));
    for (guint i = 0; i < imp->warnings->len; i++)
        warned |=
            strstr(imp->warnings->pdata[i], "aws_subnet.lab[1]: cidr_block is unknown") != NULL;
    g_assert_true(warned);
}

/* custom networking with named ENIConfigs: the node label ENI_CONFIG_LABEL_DEF reads (here the
 * default, k8s.amazonaws.com/eniConfig) on a node group names its ENIConfig; a group without the
 * label has nodes ipamd finds no ENIConfig for, and the import is refused saying so */
static void
test_eniconfig_label(void)
{
    static const char json[] =
        "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": [\n"
        " {\"address\": \"aws_vpc.v\", \"type\": \"aws_vpc\", \"values\": {\"id\": \"vpc-1\",\n"
        "  \"cidr_block\": \"10.0.0.0/16\"}},\n"
        " {\"address\": \"aws_subnet.n[0]\", \"type\": \"aws_subnet\", \"values\": {\"id\": "
        "\"s-a\",\n"
        "  \"vpc_id\": \"vpc-1\", \"cidr_block\": \"10.0.1.0/24\", \"availability_zone\": "
        "\"az1\"}},\n"
        " {\"address\": \"aws_subnet.n[1]\", \"type\": \"aws_subnet\", \"values\": {\"id\": "
        "\"s-b\",\n"
        "  \"vpc_id\": \"vpc-1\", \"cidr_block\": \"10.0.2.0/24\", \"availability_zone\": "
        "\"az2\"}},\n"
        " {\"address\": \"aws_subnet.pods\", \"type\": \"aws_subnet\", \"values\": {\"id\": "
        "\"s-p\",\n"
        "  \"vpc_id\": \"vpc-1\", \"cidr_block\": \"10.0.64.0/18\", \"availability_zone\": "
        "\"az1\"}},\n"
        " {\"address\": \"aws_eks_cluster.k\", \"type\": \"aws_eks_cluster\", \"values\": "
        "{\"name\": \"k\",\n"
        "  \"vpc_config\": [{\"subnet_ids\": [\"s-a\", \"s-b\"]}]}},\n"
        " {\"address\": \"aws_eks_addon.cni\", \"type\": \"aws_eks_addon\", \"values\": "
        "{\"cluster_name\":\n"
        "  \"k\", \"addon_name\": \"vpc-cni\", \"configuration_values\":\n"
        "  \"{\\\"env\\\": {\\\"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG\\\": \\\"true\\\"}}\"}},\n"
        " {\"address\": \"kubernetes_manifest.pods\", \"type\": \"kubernetes_manifest\", "
        "\"values\":\n"
        "  {\"manifest\": {\"kind\": \"ENIConfig\", \"metadata\": {\"name\": \"pods-big\"},\n"
        "   \"spec\": {\"subnet\": \"s-p\"}}}},\n"
        " {\"address\": \"aws_eks_node_group.g\", \"type\": \"aws_eks_node_group\", \"values\":\n"
        "  {\"cluster_name\": \"k\", \"instance_types\": [\"m5.large\"], \"subnet_ids\": "
        "[\"s-a\"],\n"
        "   \"scaling_config\": [{\"min_size\": 1, \"max_size\": 2, \"desired_size\": 1}],\n"
        "   \"labels\": {\"k8s.amazonaws.com/eniConfig\": \"pods-big\"}}}\n"
        "]}}}\n";
    static const char group_h[] =
        ",\n {\"address\": \"aws_eks_node_group.h\", \"type\": \"aws_eks_node_group\", "
        "\"values\":\n"
        "  {\"cluster_name\": \"k\", \"instance_types\": [\"m5.large\"], \"subnet_ids\": "
        "[\"s-a\"],\n"
        "   \"scaling_config\": [{\"min_size\": 1, \"max_size\": 1, \"desired_size\": 1}]}}\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) imp = tgw_import_terraform(json, strlen(json), "label.json", &error);
    g_autoptr(TgwImport) refused = NULL;
    g_autofree char *with_h = NULL;

    g_assert_no_error(error);
    g_assert_nonnull(
        strstr(imp->xml, "<eni-config name=\"pods-big\" az=\"az1\" subnet=\"pods\"/>"));
    g_assert_nonnull(strstr(imp->xml, "<node-group name=\"g\" instance-type=\"m5.large\" min=\"1\" "
                                      "max=\"2\" desired=\"1\" subnets=\"n-0\" "
                                      "eni-config=\"pods-big\"/>"));
    /* a group without the label: its nodes would never become Ready, which the loader refuses;
     * the import says so, and the importer's warning named the group first */
    with_h = g_strndup(json, strlen(json) - strlen("]}}}\n"));
    {
        g_autofree char *doc = g_strconcat(with_h, group_h, "]}}}\n", NULL);
        refused = tgw_import_terraform(doc, strlen(doc), "label.json", &error);
    }
    g_assert_null(refused);
    g_assert_nonnull(strstr(error->message, "label.json: near "));
    g_assert_nonnull(strstr(error->message, "node group 'h' has nodes in az1 and there is no "
                                            "eni-config for it"));
}

/* one capacity row: cidr -> "usable consumers free" */
static GHashTable *
capacity_rows(const char *text)
{
    GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
        g_auto(GStrv) f = g_strsplit_set(lines[i], " ", -1);
        g_autoptr(GPtrArray) w = g_ptr_array_new();
        for (guint k = 0; f[k] != NULL; k++) {
            if (f[k][0] != '\0')
                g_ptr_array_add(w, f[k]);
        }
        if (w->len == 6 && strchr(w->pdata[2], '/') != NULL)
            g_hash_table_insert(rows, g_strdup(w->pdata[2]),
                                g_strdup_printf("%s %s %s", (char *) w->pdata[3],
                                                (char *) w->pdata[4], (char *) w->pdata[5]));
    }
    return rows;
}

/* the seed case's network, imported from Terraform, has the seed scenario's capacity in every
 * subnet of team-a: usable addresses, static consumers (NAT, RDS, TGW attachment, control plane,
 * ALB, MSK, endpoints) and what is free */
static void
test_seed_capacity(void)
{
    g_autofree char *imported = tgw_test_source_path("tests", "import", "seed-state.xml", NULL);
    g_autofree char *seed = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_auto(TgwTestCmd) a = {0};
    g_auto(TgwTestCmd) b = {0};
    g_autoptr(GHashTable) ra = NULL;
    g_autoptr(GHashTable) rb = NULL;
    GHashTableIter it;
    gpointer key, value;

    tgw_test_tgwsim(&a, "capacity", imported, NULL);
    tgw_test_tgwsim(&b, "capacity", seed, NULL);
    g_assert_cmpint(a.status, ==, 0);
    g_assert_cmpint(b.status, ==, 0);
    ra = capacity_rows(a.out);
    rb = capacity_rows(b.out);
    /* 15 subnets: public, db, tgw, private and pod subnets, three each */
    g_assert_cmpuint(g_hash_table_size(ra), ==, 15);
    g_hash_table_iter_init(&it, ra);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        g_assert_nonnull(g_hash_table_lookup(rb, key));
        g_assert_cmpstr(value, ==, g_hash_table_lookup(rb, key));
    }
    /* a number the rules give: private-a holds a control-plane ENI, the ALB's, an MSK broker and
     * two endpoints: 5 of 251 */
    g_assert_cmpstr(g_hash_table_lookup(ra, "10.20.9.0/24"), ==, "251 5 246");
}

/* from the command line: a state and a plan import, validate and run */
static void
test_command(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-import-XXXXXX", &error);
    g_autofree char *state = tgw_test_source_path("tests", "import", "seed-state.json", NULL);
    g_autofree char *plan = tgw_test_source_path("tests", "import", "plan.json", NULL);
    g_autofree char *net = g_build_filename(dir, "net.xml", NULL);
    g_autofree char *lab = g_build_filename(dir, "lab.xml", NULL);
    g_auto(TgwTestCmd) imp1 = {0};
    g_auto(TgwTestCmd) imp2 = {0};
    g_auto(TgwTestCmd) run1 = {0};
    g_auto(TgwTestCmd) run2 = {0};
    g_auto(TgwTestCmd) usage = {0};
    g_auto(TgwTestCmd) usage2 = {0};

    g_assert_no_error(error);
    tgw_test_tgwsim(&imp1, "import", "terraform", state, "-o", net, NULL);
    g_assert_cmpint(imp1.status, ==, 0);
    g_assert_nonnull(strstr(imp1.err, "tgwsim import: 36 resources mapped, 0 left out or noted; 1 "
                                      "placeholder workload"));
    tgw_test_tgwsim(&run1, "run", net, "--horizon", "1d", NULL);
    g_assert_cmpint(run1.status, ==, 0);
    g_assert_nonnull(strstr(run1.out, "seed-state (CNI custom, seed 1, 1d)"));

    tgw_test_tgwsim(&imp2, "import", "terraform", plan, "-o", lab, NULL);
    g_assert_cmpint(imp2.status, ==, 0);
    g_assert_nonnull(strstr(imp2.err, "warning: "));
    g_assert_nonnull(strstr(imp2.err, "aws_subnet.lab[1]: cidr_block is unknown until apply"));
    tgw_test_tgwsim(&run2, "run", lab, "--horizon", "1d", NULL);
    g_assert_cmpint(run2.status, ==, 0);

    tgw_test_tgwsim(&usage, "import", "cloudformation", state, NULL);
    g_assert_cmpint(usage.status, ==, 2);
    tgw_test_tgwsim(&usage2, "import", "terraform", NULL);
    g_assert_cmpint(usage2.status, ==, 2);
    tgw_test_remove_tree(dir);
}

/* a hostile file: JSON nested 100,000 deep, or 100 MB (sparse: refused by its size before a byte
 * is read) */
static void
write_hostile(const char *path, gboolean deep)
{
    if (deep) {
        GString *s = g_string_new(NULL);
        for (guint k = 0; k < 100000; k++)
            g_string_append_c(s, '[');
        for (guint k = 0; k < 100000; k++)
            g_string_append_c(s, ']');
        g_assert_true(g_file_set_contents(path, s->str, (gssize) s->len, NULL));
        g_string_free(s, TRUE);
    } else {
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(ftruncate(fd, 100 * 1000 * 1000), ==, 0);
        close(fd);
    }
}

typedef struct {
    const char *name;
    const char *text; /* NULL: made by the test */
    const char *expect;
} Bad;

#define SUBNET_DOC(vpc_id, cidr)                                                                   \
    "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": [\n"              \
    "  {\"address\": \"aws_vpc.v\", \"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": "      \
    "\"v\",\n"                                                                                     \
    "   \"values\": {\"id\": \"vpc-1\", \"cidr_block\": \"10.0.0.0/16\"}},\n"                      \
    "  {\"address\": \"aws_subnet.s\", \"mode\": \"managed\", \"type\": \"aws_subnet\", "          \
    "\"name\": "                                                                                   \
    "\"s\",\n"                                                                                     \
    "   \"values\": {\"id\": \"subnet-1\", \"vpc_id\": \"" vpc_id "\", \"cidr_block\": \"" cidr    \
    "\", \"availability_zone\": \"az1\"}}]}}}\n"

static const Bad bad[] = {
    {"not-json.json", "{ \"format_version\": \"1.0\",\n  nope }\n", "(not valid JSON)"},
    {"not-terraform.json", "{\"hello\": [1, 2, 3]}\n",
     "not a Terraform document: expected the output of `terraform show -json`"},
    {"array.json", "[1, 2]\n", "not a Terraform document"},
    {"version.json", "{\"format_version\": \"2.0\", \"values\": {\"root_module\": {}}}\n",
     "format_version \"2.0\" is not one tgwsim reads"},
    {"outside.json", SUBNET_DOC("vpc-1", "10.1.0.0/24"),
     "aws_subnet.s: cidr_block 10.1.0.0/24 is outside the blocks of its VPC aws_vpc.v "
     "(10.0.0.0/16)"},
    {"dangling.json", SUBNET_DOC("vpc-9", "10.0.1.0/24"),
     "aws_subnet.s: vpc_id 'vpc-9' (not in this input: another state or a data source?) names no "
     "aws_vpc here"},
    {"bad-cidr.json", SUBNET_DOC("vpc-1", "10.0.1.7/24"), "aws_subnet.s: cidr_block: "},
    {"overlap.json",
     "{\"format_version\": \"1.0\", \"values\": {\"root_module\": {\"resources\": [\n"
     "  {\"address\": \"aws_vpc.v\", \"mode\": \"managed\", \"type\": \"aws_vpc\", \"name\": "
     "\"v\",\n"
     "   \"values\": {\"id\": \"vpc-1\", \"cidr_block\": \"10.0.0.0/16\"}},\n"
     "  {\"address\": \"aws_subnet.a\", \"mode\": \"managed\", \"type\": \"aws_subnet\",\n"
     "   \"values\": {\"id\": \"s-1\", \"vpc_id\": \"vpc-1\", \"cidr_block\": \"10.0.1.0/24\",\n"
     "              \"availability_zone\": \"az1\"}},\n"
     "  {\"address\": \"aws_subnet.b\", \"mode\": \"managed\", \"type\": \"aws_subnet\",\n"
     "   \"values\": {\"id\": \"s-2\", \"vpc_id\": \"vpc-1\", \"cidr_block\": \"10.0.1.0/25\",\n"
     "              \"availability_zone\": \"az1\"}}]}}}\n",
     "near aws_subnet.b: the network it describes is not one tgwsim (or AWS) accepts: "},
    {"binary.json", NULL, "not UTF-8 text"},
    {"deep.json", NULL, "JSON nested deeper than 256 levels"},
    {"huge.json", NULL, "tgwsim reads JSON documents of at most 64 MiB"},
};

static void
test_bad(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("tgw-import-bad-XXXXXX", &error);

    g_assert_no_error(error);
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *path = g_build_filename(dir, bad[i].name, NULL);
        g_auto(TgwTestCmd) c = {0};
        g_autofree char *prefix = g_strdup_printf("%s:", path);
        if (bad[i].text != NULL) {
            g_autofree char *text = g_strdup(bad[i].text);
            g_assert_true(g_file_set_contents(path, text, -1, NULL));
        } else if (g_str_equal(bad[i].name, "binary.json")) {
            g_assert_true(g_file_set_contents(path, "{\"format_version\": \"1.\xff\"}", -1, NULL));
        } else {
            write_hostile(path, g_str_equal(bad[i].name, "deep.json"));
        }
        tgw_test_tgwsim(&c, "import", "terraform", path, NULL);
        if (c.status != 1 || strstr(c.err, bad[i].expect) == NULL ||
            !g_str_has_prefix(c.err, prefix))
            g_error("%s: exit %d, stderr: %s", bad[i].name, c.status, c.err);
        g_assert_cmpstr(c.out, ==, "");
    }
    /* the same through the library, where the JSON is in memory: no crash, an error */
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) e = NULL;
        g_autoptr(TgwImport) imp = NULL;
        if (bad[i].text == NULL)
            continue;
        imp = tgw_import_terraform(bad[i].text, strlen(bad[i].text), "bad.json", &e);
        g_assert_null(imp);
        g_assert_nonnull(strstr(e->message, bad[i].expect));
    }
    tgw_test_remove_tree(dir);
}

/* ---- import aws -------------------------------------------------------------------------------
 */

static void
test_aws_golden(gconstpointer user_data)
{
    const char *name = user_data;
    g_autofree char *dir = tgw_test_source_path("tests", "import", name, NULL);
    g_autofree char *xml_name = g_strdup_printf("%s.xml", name);
    g_autofree char *expected = read_source(xml_name);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwImport) a = tgw_import_aws(dir, &error);
    g_autoptr(TgwImport) b = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;

    g_assert_no_error(error);
    g_assert_cmpstr(a->xml, ==, expected);
    b = tgw_import_aws(dir, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(a->xml, ==, b->xml);
    sc = tgw_scenario_load_memory(a->xml, strlen(a->xml), xml_name, NULL, findings);
    if (sc == NULL)
        tgw_findings_print(findings, stderr);
    g_assert_nonnull(sc);
}

/* the folder's private-a: a /24 with 40 available starts with 211 taken: 210 <in-use> (251 - 40,
 * less the EKS control-plane ENI the scenario simulates itself) and that ENI. The node group's
 * m5.xlarge (14 secondaries an ENI) takes 1 + 14 at start: 25 free; its placeholder's 58 pods
 * get the primary ENI's 14, a second ENI (1 + 14: 10 free) gives 14 more, and a third needs 15
 * of the 10: the subnet runs dry with 28 pods running. capacity counts the 211 too. */
static void
test_aws_occupancy(void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *tmp = g_dir_make_tmp("tgw-import-aws-XXXXXX", &error);
    g_autofree char *dir = tgw_test_source_path("tests", "import", "aws", NULL);
    g_autofree char *out = g_build_filename(tmp, "net.xml", NULL);
    g_auto(TgwTestCmd) imp = {0};
    g_auto(TgwTestCmd) run = {0};
    g_auto(TgwTestCmd) cap = {0};
    g_autoptr(GHashTable) rows = NULL;

    g_assert_no_error(error);
    tgw_test_tgwsim(&imp, "import", "aws", dir, "-o", out, NULL);
    g_assert_cmpint(imp.status, ==, 0);
    g_assert_nonnull(strstr(imp.err, "1 placeholder workload"));
    tgw_test_tgwsim(&run, "run", out, "--json", "-", NULL);
    g_assert_cmpint(run.status, ==, 0);
    g_assert_nonnull(strstr(run.out, "\"subnet\": \"private-a\",\n    \"az\": \"use1-az1\",\n"
                                     "    \"request\": \"create-eni\""));
    g_assert_nonnull(strstr(run.out, "\"free_addresses\": 10,"));
    g_assert_nonnull(strstr(run.out, "\"pods_running\": 28"));
    g_assert_nonnull(strstr(run.out, "\"in_use\": 210"));
    g_assert_nonnull(strstr(run.out, "\"in_use_by\": {\n"));
    tgw_test_tgwsim(&cap, "capacity", out, NULL);
    g_assert_cmpint(cap.status, ==, 0);
    rows = capacity_rows(cap.out);
    /* 210 in use and the control-plane ENI */
    g_assert_cmpstr(g_hash_table_lookup(rows, "10.30.0.0/24"), ==, "251 211 40");
    /* the /19 with 1,203 available: 6,984 in use */
    g_assert_cmpstr(g_hash_table_lookup(rows, "100.64.0.0/19"), ==, "8187 6984 1203");
    tgw_test_remove_tree(tmp);
}

typedef struct {
    const char *name;
    const char *file; /* in the folder */
    const char *text; /* NULL: made by the test */
    const char *expect;
} AwsBad;

#define AWS_VPC "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"}]}\n"

static const AwsBad aws_bad[] = {
    {"not-json", "subnets.json", "{\"Subnets\": [\n", "(not valid JSON)"},
    {"unknown-key", "x.json", "{\"Instances\": []}\n",
     "top-level key 'Instances' is not an AWS CLI output tgwsim reads"},
    {"vpc-missing", "subnets.json",
     "{\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-9\", \"CidrBlock\": "
     "\"10.0.1.0/24\", \"AvailabilityZone\": \"az1\", \"AvailableIpAddressCount\": 10}]}\n",
     "subnet subnet-1: its VPC vpc-9 is not in the folder"},
    {"available-above", "subnets.json",
     "{\"Subnets\": [{\"SubnetId\": \"subnet-1\", \"VpcId\": \"vpc-1\", \"CidrBlock\": "
     "\"10.0.1.0/24\", \"AvailabilityZone\": \"az1\", \"AvailableIpAddressCount\": 252}]}\n",
     "AvailableIpAddressCount 252 is above its 251 usable addresses"},
    {"deep", "deep.json", NULL, "JSON nested deeper than 256 levels"},
    {"huge", "huge.json", NULL, "tgwsim reads JSON documents of at most 64 MiB"},
};

static void
test_aws_bad(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(aws_bad); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *dir = g_dir_make_tmp("tgw-import-aws-bad-XXXXXX", &error);
        g_autofree char *vpcs = g_build_filename(dir, "vpcs.json", NULL);
        g_autofree char *path = g_build_filename(dir, aws_bad[i].file, NULL);
        g_autofree char *prefix = g_strdup_printf("%s:", path);
        g_auto(TgwTestCmd) c = {0};

        g_assert_no_error(error);
        g_assert_true(g_file_set_contents(vpcs, AWS_VPC, -1, NULL));
        if (aws_bad[i].text != NULL) {
            g_assert_true(g_file_set_contents(path, aws_bad[i].text, -1, NULL));
        } else {
            write_hostile(path, g_str_equal(aws_bad[i].name, "deep"));
        }
        tgw_test_tgwsim(&c, "import", "aws", dir, NULL);
        if (c.status != 1 || strstr(c.err, aws_bad[i].expect) == NULL ||
            !g_str_has_prefix(c.err, prefix))
            g_error("%s: exit %d, stderr: %s", aws_bad[i].name, c.status, c.err);
        g_assert_cmpstr(c.out, ==, "");
        tgw_test_remove_tree(dir);
    }
    {
        g_auto(TgwTestCmd) c = {0};
        tgw_test_tgwsim(&c, "import", "aws", "/nonexistent-folder", NULL);
        g_assert_cmpint(c.status, ==, 1);
        g_assert_nonnull(strstr(c.err, "/nonexistent-folder: not a folder"));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_data_func("/import/golden/seed-state", "seed-state", test_golden);
    g_test_add_data_func("/import/golden/plan", "plan", test_golden);
    g_test_add_data_func("/import/golden/modules-state", "modules-state", test_golden);
    g_test_add_func("/import/plan", test_plan);
    g_test_add_func("/import/eniconfig-label", test_eniconfig_label);
    g_test_add_func("/import/seed-capacity", test_seed_capacity);
    g_test_add_func("/import/command", test_command);
    g_test_add_func("/import/bad", test_bad);
    g_test_add_data_func("/import/aws/golden/aws", "aws", test_aws_golden);
    g_test_add_data_func("/import/aws/golden/batfish", "batfish", test_aws_golden);
    g_test_add_func("/import/aws/occupancy", test_aws_occupancy);
    g_test_add_func("/import/aws/bad", test_aws_bad);
    return g_test_run();
}
