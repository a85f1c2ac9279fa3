/* tgw-set.c: --set PATH=VALUE overrides on the scenario DOM (see tgw-set.h). */
#include "tgw-set.h"

#include <string.h>

#include "tgw-xml.h"

static const char *
element_for_kind(const char *kind)
{
    static const struct {
        const char *alias, *element;
    } aliases[] = {{"cluster", "eks-cluster"}, {"tgw", "transit-gateway"},
                   {"lb", "load-balancer"},    {"msk", "msk-cluster"},
                   {"nat", "nat-gateway"},     {"attachment", "tgw-attachment"}};
    for (guint i = 0; i < G_N_ELEMENTS(aliases); i++) {
        if (g_str_equal(kind, aliases[i].alias))
            return aliases[i].element;
    }
    return kind;
}

/* elements addressed by a key attribute; the rest are singletons inside their parent */
static const char *
key_attribute(const char *element)
{
    static const char *unnamed[] = {"vpc-cni", "cluster-autoscaler", "timeline", "description"};
    if (g_str_equal(element, "eni-config"))
        return "az";
    for (guint i = 0; i < G_N_ELEMENTS(unnamed); i++) {
        if (g_str_equal(element, unnamed[i]))
            return NULL;
    }
    return "name";
}

static void
find_descendants(xmlNode *parent, const char *element, const char *key, const char *value,
                 GPtrArray *out)
{
    for (xmlNode *n = parent->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (tgw_xml_is(n, element)) {
            g_autofree char *v = key != NULL ? tgw_xml_prop(n, key) : NULL;
            if (key == NULL || g_strcmp0(v, value) == 0)
                g_ptr_array_add(out, n);
        }
        find_descendants(n, element, key, value, out);
    }
}

static gboolean
apply_one(xmlNode *root, const char *override, GHashTable *set_paths, const char *file,
          TgwFindings *findings)
{
    const char *eq = strchr(override, '=');
    g_autofree char *path = NULL;
    g_auto(GStrv) segs = NULL;
    guint n = 0, i = 0;
    xmlNode *cur = root;

    if (eq == NULL || eq == override) {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                         "--set '%s': write PATH=VALUE, e.g. --set workload.api.replicas=200",
                         override);
        return FALSE;
    }
    path = g_strndup(override, (gsize) (eq - override));
    segs = g_strsplit(path, ".", -1);
    n = g_strv_length(segs);
    if (n > 1 && g_str_equal(segs[0], "scenario"))
        i = 1;
    while (i + 1 < n) {
        const char *element = element_for_kind(segs[i]);
        const char *key = key_attribute(element);
        g_autoptr(GPtrArray) found = g_ptr_array_new();

        if (key != NULL && i + 2 >= n) {
            tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                             "--set %s: '%s' needs a name and then an attribute, e.g. "
                             "%s.NAME.ATTRIBUTE",
                             path, segs[i], segs[i]);
            return FALSE;
        }
        find_descendants(cur, element, key, key != NULL ? segs[i + 1] : NULL, found);
        /* "attachment" names a VPC's <tgw-attachment> or a transit gateway's own <attachment> */
        if (found->len == 0 && g_str_equal(segs[i], "attachment"))
            find_descendants(cur, "attachment", key, segs[i + 1], found);
        if (found->len == 0 && key == NULL &&
            (g_str_equal(element, "vpc-cni") || g_str_equal(element, "cluster-autoscaler")) &&
            tgw_xml_is(cur, "eks-cluster")) {
            xmlNode *created = xmlNewChild(cur, NULL, (const xmlChar *) element, NULL);
            g_ptr_array_add(found, created);
        }
        if (found->len == 0) {
            if (key != NULL)
                tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                                 "--set %s: there is no %s with %s '%s' here", path, element, key,
                                 segs[i + 1]);
            else
                tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                                 "--set %s: there is no %s here", path, element);
            return FALSE;
        }
        if (found->len > 1) {
            tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                             "--set %s: '%s' matches %u elements; put the enclosing element "
                             "first, e.g. vpc.NAME.subnet.NAME.cidr",
                             path, segs[i], found->len);
            return FALSE;
        }
        cur = found->pdata[0];
        i += key != NULL ? 2 : 1;
    }
    if (i >= n || segs[i][0] == '\0') {
        tgw_findings_add(findings, TGW_SEVERITY_ERROR, "SET-PATH", file, 0,
                         "--set %s: the path must end with an attribute name", path);
        return FALSE;
    }
    xmlSetProp(cur, (const xmlChar *) segs[i], (const xmlChar *) (eq + 1));
    g_hash_table_replace(set_paths, g_strdup_printf("%p/%s", (void *) cur, segs[i]),
                         g_strdup(path));
    return TRUE;
}

gboolean
tgw_set_apply(xmlNode *root, const char *const *overrides, GHashTable *set_paths, const char *file,
              TgwFindings *findings)
{
    gboolean ok = TRUE;
    for (guint i = 0; overrides[i] != NULL; i++)
        ok &= apply_one(root, overrides[i], set_paths, file, findings);
    return ok;
}
