/* tgw-scenario-load.c: scenario XML -> TgwScenario (see tgw-scenario-load.h).
 *
 * Structure errors are the XSD's job; the typed readers quote each bad value with what would be
 * valid, the builders make the structs, resolve every name and fill the defaults (one file per
 * kind, tgw-scenario-load-private.h). Elements may appear in any order, so building goes by kind:
 * transit gateways and VPCs first (they name each other), then clusters, consumers, the routes
 * that name them, the timeline and the expectations. This file holds the size limits checked
 * before anything is built, the <scenario> element and the public entry points. */
#include "tgw-scenario-load-private.h"

#include <glib/gstdio.h>

#include "tgw-lint.h"
#include "tgw-set.h"

/* ---- sizes ----------------------------------------------------------------------------------- */

static guint
count_children(xmlNode *parent, const char *elem)
{
    guint n = 0;
    FOR_CHILDREN(child, parent, elem)
    {
        n++;
    }
    return n;
}

/* FALSE (with an error) when n is over max */
static gboolean
size_ok(Loader *ld, xmlNode *node, guint n, guint max, const char *what, const char *where)
{
    if (n <= max)
        return TRUE;
    loader_error(ld, node, "LIMIT",
                 "%s declares %u %s; tgwsim reads at most %u (far above AWS's quotas): model "
                 "fewer, larger objects",
                 where != NULL ? where : "the scenario", n, what, max);
    return FALSE;
}

/* counts every kind of object in the document before anything is built: an absurd count is
 * refused here, so that nothing is allocated for it and no quadratic check runs over it */
static gboolean
check_sizes(Loader *ld, xmlNode *root)
{
    gboolean ok = TRUE;
    guint subnets = 0, attachments = 0, node_groups = 0, workloads = 0, consumers = 0, actions = 0,
          clusters = count_children(root, "eks-cluster");

    ok &= size_ok(ld, root, count_children(root, "transit-gateway"), MAX_TGWS, "transit gateways",
                  NULL);
    ok &= size_ok(ld, root, count_children(root, "vpc"), MAX_VPCS, "VPCs", NULL);
    ok &= size_ok(ld, root, clusters, MAX_CLUSTERS, "EKS clusters", NULL);
    ok &= size_ok(ld, root, count_children(root, "expect"), MAX_EXPECTS, "expectations", NULL);
    FOR_CHILDREN(tgw, root, "transit-gateway")
    {
        g_autofree char *where = load_element_label(tgw);
        ok &= size_ok(ld, tgw, count_children(tgw, "route-table"), MAX_TGW_TABLES, "route tables",
                      where);
        ok &=
            size_ok(ld, tgw, count_children(tgw, "route"), MAX_TGW_ROUTES, "static routes", where);
        attachments += count_children(tgw, "attachment");
    }
    FOR_CHILDREN(vpc, root, "vpc")
    {
        g_autofree char *where = load_element_label(vpc);
        guint n = count_children(vpc, "subnet");
        ok &= size_ok(ld, vpc, n, MAX_SUBNETS_PER_VPC, "subnets", where);
        subnets += n;
        ok &= size_ok(ld, vpc, count_children(vpc, "cidr-block"), MAX_CIDR_BLOCKS,
                      "secondary CIDR blocks", where);
        ok &= size_ok(ld, vpc, count_children(vpc, "route-table"), MAX_VPC_TABLES, "route tables",
                      where);
        FOR_CHILDREN(table, vpc, "route-table")
        {
            g_autofree char *twhere = load_element_label(table);
            ok &= size_ok(ld, table, count_children(table, "route"), MAX_VPC_ROUTES, "routes",
                          twhere);
        }
        attachments += count_children(vpc, "tgw-attachment");
    }
    FOR_CHILDREN(cluster, root, "eks-cluster")
    {
        node_groups += count_children(cluster, "node-group");
        workloads += count_children(cluster, "workload");
        FOR_CHILDREN(cni, cluster, "vpc-cni")
        {
            ok &= size_ok(ld, cni, count_children(cni, "eni-config"), MAX_ENI_CONFIGS,
                          "eni-configs", "vpc-cni");
        }
    }
    FOR_CHILDREN(child, root, NULL)
    {
        consumers += load_is_consumer_element(child);
    }
    FOR_CHILDREN(timeline, root, "timeline")
    {
        FOR_CHILDREN(at, timeline, "at")
        {
            FOR_CHILDREN(action, at, NULL)
            {
                actions++;
                consumers += load_is_consumer_element(action);
                subnets += tgw_xml_is(action, "add-subnet");
                if (tgw_xml_is(action, "set-cni"))
                    ok &= size_ok(ld, action, count_children(action, "eni-config"), MAX_ENI_CONFIGS,
                                  "eni-configs", "set-cni");
            }
        }
    }
    ok &= size_ok(ld, root, subnets, MAX_SUBNETS, "subnets in all", NULL);
    ok &= size_ok(ld, root, attachments, MAX_ATTACHMENTS, "transit gateway attachments", NULL);
    ok &= size_ok(ld, root, node_groups, MAX_NODE_GROUPS, "node groups", NULL);
    ok &= size_ok(ld, root, workloads, MAX_WORKLOADS, "workloads", NULL);
    ok &= size_ok(ld, root, consumers, MAX_CONSUMERS, "address consumers", NULL);
    ok &= size_ok(ld, root, actions, MAX_ACTIONS, "timeline actions", NULL);
    return ok;
}

/* ---- the scenario element -------------------------------------------------------------------- */

static void
build_scenario(Loader *ld, xmlNode *root)
{
    TgwScenario *sc = ld->sc;

    load_read_string(ld, root, "name", &sc->name);
    if (sc->name == NULL)
        sc->name = g_strdup("");
    else if (strlen(sc->name) > 200)
        loader_error(ld, root, "BAD-VALUE", "the scenario name is %zu characters; at most 200",
                     strlen(sc->name));
    sc->seed = 1;
    load_read_uint(ld, root, "seed", 0, G_MAXUINT64, &sc->seed);
    sc->horizon_ms = 30 * TGW_MS_PER_DAY;
    if (load_read_duration(ld, root, "horizon", &sc->horizon_ms) == ATTR_OK && sc->horizon_ms <= 0)
        loader_error(ld, root, "BAD-VALUE", "the horizon must be above zero, e.g. horizon=\"30d\"");
    load_read_string(ld, root, "region", &sc->region);
    sc->sample_every_ms = 0;
    load_read_duration(ld, root, "sample-every", &sc->sample_every_ms);
    FOR_CHILDREN(child, root, "description")
    {
        xmlChar *text = xmlNodeGetContent(child);
        g_free(sc->description);
        sc->description = g_strstrip(g_strdup((const char *) text));
        xmlFree(text);
    }

    /* by kind, so that references may point forwards in the document; subnets the timeline adds
     * exist as names from the start (the lint checks nothing uses them before they exist) */
    FOR_CHILDREN(child, root, "transit-gateway")
    {
        load_build_tgw(ld, child);
    }
    FOR_CHILDREN(child, root, "vpc")
    {
        load_build_vpc(ld, child);
    }
    load_declare_timeline_subnets(ld, root);
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "transit-gateway")
        {
            load_build_tgw_attachments(ld, child, sc->tgws->pdata[i++]);
        }
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "vpc")
        {
            load_build_vpc_attachments(ld, child, sc->vpcs->pdata[i++]);
        }
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "transit-gateway")
        {
            load_build_tgw_routes(ld, child, sc->tgws->pdata[i++]);
        }
    }
    FOR_CHILDREN(child, root, "eks-cluster")
    {
        load_build_cluster(ld, child);
    }
    FOR_CHILDREN(child, root, NULL)
    {
        if (load_is_consumer_element(child))
            load_build_consumer(ld, child, 0);
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "vpc")
        {
            load_build_vpc_routes(ld, child, sc->vpcs->pdata[i++]);
        }
    }
    FOR_CHILDREN(child, root, "timeline")
    {
        load_build_timeline(ld, child);
    }
    g_ptr_array_sort(sc->actions, load_action_compare);
    load_fill_subnet_tables(ld);
    FOR_CHILDREN(child, root, "expect")
    {
        load_build_expect(ld, child);
    }
    if (sc->sample_every_ms <= 0)
        sc->sample_every_ms = MAX(sc->horizon_ms / 500, TGW_MS_PER_MINUTE);
}

/* the file's bytes, then "\n--set PATH=VALUE" per override: without overrides the hash is the
 * file's own, as sha256sum prints it */
static void
compute_sha256(TgwScenario *sc, const char *data, gsize len, const char *const *overrides)
{
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, (const guchar *) data, (gssize) len);
    for (guint i = 0; overrides != NULL && overrides[i] != NULL; i++) {
        g_checksum_update(sum, (const guchar *) "\n--set ", -1);
        g_checksum_update(sum, (const guchar *) overrides[i], -1);
    }
    g_strlcpy(sc->input_sha256, g_checksum_get_string(sum), sizeof sc->input_sha256);
}

TgwScenario *
tgw_scenario_load_memory(const char *data, gsize len, const char *file,
                         const TgwLoadOptions *options, TgwFindings *findings)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(GHashTable) set_paths = NULL;
    g_autoptr(GHashTable) built = NULL;
    xmlNode *root = NULL;
    Loader ld = {file, findings, NULL, NULL};
    guint errors_before = tgw_findings_count(findings, TGW_SEVERITY_ERROR);

    doc = tgw_xml_read(data, len, file, findings);
    if (doc == NULL)
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (root == NULL || !tgw_xml_is(root, "scenario") || root->ns != NULL) {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "XML-ROOT", file,
                         root != NULL ? tgw_xml_line(root) : 0,
                         "the document element is <%s>; a scenario file starts with <scenario "
                         "version=\"1\" name=\"...\"> (without a namespace)",
                         root != NULL ? (const char *) root->name : "");
        return NULL;
    }
    if (options != NULL && options->overrides != NULL) {
        set_paths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        if (!tgw_set_apply(root, options->overrides, set_paths, file, findings))
            return NULL;
        ld.set_paths = set_paths;
    }
    if (!tgw_xml_validate(doc, file, findings))
        return NULL;

    if (!check_sizes(&ld, root))
        return NULL;
    sc = tgw_scenario_new(file);
    built = g_hash_table_new(NULL, NULL);
    ld.built = built;
    compute_sha256(sc, data, len, options != NULL ? options->overrides : NULL);
    if (options != NULL && options->overrides != NULL && options->overrides[0] != NULL)
        sc->overrides = g_strdupv((char **) options->overrides);
    ld.sc = sc;
    build_scenario(&ld, root);
    if (ld.suppressed > 0)
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "LIMIT", file, 0,
                         "%u more errors not shown (the loader reports the first %d)",
                         ld.suppressed, MAX_LOADER_ERRORS);
    if (tgw_findings_count(findings, TGW_SEVERITY_ERROR) > errors_before)
        return NULL; /* unresolved names would make the checks below misleading */
    if (options == NULL || !options->no_lint)
        tgw_lint_scenario(sc, findings);
    if (tgw_findings_count(findings, TGW_SEVERITY_ERROR) > errors_before)
        return NULL;
    return g_steal_pointer(&sc);
}

TgwScenario *
tgw_scenario_load_file(const char *path, const TgwLoadOptions *options, TgwFindings *findings)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "FILE-READ", path, 0,
                         "is a directory; give a scenario XML file");
        return NULL;
    }
    {
        GStatBuf st;
        if (g_stat(path, &st) == 0 && st.st_size > TGW_XML_MAX_BYTES) {
            tgw_findings_add(findings, TGW_SEVERITY_ERROR, "LIMIT-FILE", path, 0,
                             "the file is %lld bytes; scenarios are at most %d MiB",
                             (long long) st.st_size, TGW_XML_MAX_BYTES / (1024 * 1024));
            return NULL;
        }
    }
    if (!g_file_get_contents(path, &data, &len, &error)) {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "FILE-READ", path, 0,
                         "cannot read the file: %s", error->message);
        return NULL;
    }
    return tgw_scenario_load_memory(data, len, path, options, findings);
}
