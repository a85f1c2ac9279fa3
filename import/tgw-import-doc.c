/* tgw-import-doc.c: the importers' scenario document and value checks (see tgw-import-doc.h). */
#include "tgw-import-doc.h"

#include <string.h>

#include "tgw-cidr.h"
#include "tgw-instance.h"
#include "tgw-scenario-load.h"

void
imp_doc_init(ImpDoc *d, const char *name, const char *description)
{
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *) "scenario");
    d->doc = xmlNewDoc((const xmlChar *) "1.0");
    d->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    xmlDocSetRootElement(d->doc, root);
    d->cur = root;
    imp_doc_attr(d, "version", "1");
    imp_doc_attr(d, "name", name);
    imp_doc_attr(d, "seed", "1");
    imp_doc_attr(d, "horizon", "30d");
    xmlNewTextChild(root, NULL, (const xmlChar *) "description", (const xmlChar *) description);
}

void
imp_doc_clear(ImpDoc *d)
{
    g_clear_pointer(&d->doc, xmlFreeDoc);
    g_clear_pointer(&d->names, g_hash_table_unref);
    d->cur = NULL;
}

char *
imp_doc_dump(ImpDoc *d)
{
    xmlChar *mem = NULL;
    int size = 0;
    char *out = NULL;
    xmlDocDumpFormatMemoryEnc(d->doc, &mem, &size, "UTF-8", 1);
    out = g_strndup((const char *) mem, (gsize) size);
    xmlFree(mem);
    return out;
}

void
imp_doc_comment(ImpDoc *d, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;
    g_autoptr(GString) safe = g_string_new(" ");
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* "--" may not appear in an XML comment */
    for (const char *p = text; *p != '\0'; p++) {
        g_string_append_c(safe, *p);
        if (*p == '-' && p[1] == '-')
            g_string_append_c(safe, ' ');
    }
    g_string_append_c(safe, ' ');
    xmlAddChild(d->cur, xmlNewComment((const xmlChar *) safe->str));
}

void
imp_doc_start(ImpDoc *d, const char *element)
{
    d->cur = xmlNewChild(d->cur, NULL, (const xmlChar *) element, NULL);
}

void
imp_doc_attr(ImpDoc *d, const char *name, const char *value)
{
    if (value != NULL)
        xmlSetProp(d->cur, (const xmlChar *) name, (const xmlChar *) value);
}

void
imp_doc_attr_uint(ImpDoc *d, const char *name, guint64 value)
{
    g_autofree char *text = g_strdup_printf("%" G_GUINT64_FORMAT, value);
    imp_doc_attr(d, name, text);
}

void
imp_doc_end(ImpDoc *d)
{
    d->cur = d->cur->parent;
}

gboolean
imp_is_name(const char *text)
{
    gsize n = text != NULL ? strlen(text) : 0;
    if (n == 0 || n > 128 || !g_ascii_isalnum(text[0]))
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (!g_ascii_isalnum(text[i]) && text[i] != '-' && text[i] != '_' && text[i] != '.')
            return FALSE;
    }
    return TRUE;
}

gboolean
imp_is_cidr(const char *text)
{
    TgwCidr c;
    return text != NULL && tgw_cidr_parse(text, &c, NULL);
}

void
imp_doc_reserve_name(ImpDoc *d, const char *scope, const char *name)
{
    g_hash_table_add(d->names, g_strdup_printf("%s\n%s", scope, name));
}

char *
imp_doc_unique_name(ImpDoc *d, const char *scope, const char *text, const char *fallback)
{
    g_autoptr(GString) clean = g_string_new(NULL);
    for (const char *p = text != NULL ? text : ""; *p != '\0'; p++) {
        if (g_ascii_isalnum(*p) || *p == '_' || *p == '.')
            g_string_append_c(clean, *p);
        else if (clean->len > 0 && clean->str[clean->len - 1] != '-')
            g_string_append_c(clean, '-');
    }
    while (clean->len > 0 && !g_ascii_isalnum(clean->str[clean->len - 1]))
        g_string_truncate(clean, clean->len - 1);
    while (clean->len > 0 && !g_ascii_isalnum(clean->str[0]))
        g_string_erase(clean, 0, 1);
    if (clean->len > 120)
        g_string_truncate(clean, 120);
    if (clean->len == 0)
        g_string_assign(clean, fallback);
    for (guint n = 1;; n++) {
        g_autofree char *candidate =
            n == 1 ? g_strdup(clean->str) : g_strdup_printf("%s-%u", clean->str, n);
        g_autofree char *key = g_strdup_printf("%s\n%s", scope, candidate);
        if (!g_hash_table_contains(d->names, key)) {
            g_hash_table_add(d->names, g_steal_pointer(&key));
            return g_steal_pointer(&candidate);
        }
    }
}

char *
imp_doc_refusal(const char *xml)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc =
        tgw_scenario_load_memory(xml, strlen(xml), "imported", NULL, findings);
    const TgwFinding *first = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *near = NULL;

    if (sc != NULL)
        return NULL;
    for (guint i = 0; i < tgw_findings_len(findings) && first == NULL; i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (f->severity == TGW_SEVERITY_ERROR)
            first = f;
    }
    /* the comment before the element the finding is about names where it came from */
    lines = g_strsplit(xml, "\n", -1);
    for (int l = first != NULL ? first->line - 1 : -1; l >= 0 && near == NULL; l--) {
        const char *t = lines[l];
        while (*t == ' ')
            t++;
        if (l < (int) g_strv_length(lines) && g_str_has_prefix(t, "<!-- ")) {
            const char *close = strstr(t, " -->");
            t += strlen("<!-- ");
            near = close != NULL ? g_strndup(t, (gsize) (close - t)) : g_strdup(t);
        }
    }
    return g_strdup_printf(
        "%s%s%sthe network it describes is not one tgwsim (or AWS) accepts: %s",
        near != NULL ? "near " : "", near != NULL ? near : "", near != NULL ? ": " : "",
        first != NULL ? first->message : "the scenario written from it does not load");
}

void
imp_doc_node_group(ImpDoc *d, const char *name, const char *itype, gint64 min, gint64 max,
                   gint64 desired, gboolean have_desired, const char *subnets)
{
    min = CLAMP(min, 0, 100000);
    max = CLAMP(max, min, 100000);
    desired = CLAMP(have_desired ? desired : min, min, max);
    d->last_desired = desired;
    imp_doc_start(d, "node-group");
    imp_doc_attr(d, "name", name);
    imp_doc_attr(d, "instance-type", itype);
    imp_doc_attr_uint(d, "min", (guint64) min);
    imp_doc_attr_uint(d, "max", (guint64) max);
    imp_doc_attr_uint(d, "desired", (guint64) desired);
    imp_doc_attr(d, "subnets", subnets);
}

guint64
imp_doc_placeholder(ImpDoc *d, const char *node_group, const char *itype, gboolean custom,
                    gboolean prefix, const char *source, const char *cluster)
{
    const TgwInstanceType *t = tgw_instance_lookup(itype);
    TgwMaxPodsOptions kubelet = {FALSE, FALSE, 0, FALSE};
    TgwMaxPodsOptions cni = {custom, prefix, 0, FALSE};
    g_autofree char *wname = g_strdup_printf("%s-placeholder", node_group);
    guint per_node = 0;
    guint64 pods = 0;

    if (t == NULL)
        return 0;
    per_node = MIN(tgw_instance_max_pods(t, &kubelet, NULL), tgw_instance_max_pods(t, &cni, NULL));
    pods = (guint64) d->last_desired * per_node;
    imp_doc_comment(d,
                    "placeholder: %s describes no workloads; %" G_GINT64_FORMAT
                    " nodes x %u pods (%s: the kubelet's max pods, or what the VPC CNI addresses "
                    "in this mode if fewer). Replace it with cluster %s's real workloads",
                    source, d->last_desired, per_node, itype, cluster);
    imp_doc_start(d, "workload");
    imp_doc_attr(d, "name", wname);
    imp_doc_attr_uint(d, "replicas", pods);
    imp_doc_attr(d, "cpu", "10m");
    imp_doc_attr(d, "node-group", node_group);
    imp_doc_end(d);
    return pods;
}
