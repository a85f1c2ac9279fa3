/* tgw-scenario-load-attrs.c: how the loader reports and reads (see tgw-scenario-load-private.h).
 *
 * Findings name the element and attribute and, for a value set by --set, the path that set it.
 * The typed readers (libvirt's virXMLProp* shape) return ATTR_OK, ATTR_ABSENT or ATTR_BAD, having
 * quoted a bad value with what would be valid; the resolvers find a named definition or report
 * UNKNOWN-REF with the closest name there is. */
#include "tgw-scenario-load-private.h"

#include <stddef.h>

#include "tgw-suggest.h"

void
loader_add(Loader *ld, TgwSeverity severity, xmlNode *node, const char *code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;
    if (severity == TGW_SEVERITY_ERROR && ++ld->errors > MAX_LOADER_ERRORS) {
        ld->suppressed++;
        return;
    }
    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tgw_findings_add_literal(ld->findings, severity, code, ld->file,
                             node != NULL ? tgw_xml_line(node) : 0, message);
}

/* "subnet 'pods-a'" or "vpc-cni": how a message names the element */
char *
load_element_label(xmlNode *node)
{
    g_autofree char *name = tgw_xml_prop(node, "name");
    if (name != NULL)
        return g_strdup_printf("%s '%s'", (const char *) node->name, name);
    return g_strdup((const char *) node->name);
}

static const char *
set_path_for(Loader *ld, xmlNode *node, const char *attr)
{
    g_autofree char *key = NULL;
    if (ld->set_paths == NULL)
        return NULL;
    key = g_strdup_printf("%p/%s", (void *) node, attr);
    return g_hash_table_lookup(ld->set_paths, key);
}

void
load_bad_value(Loader *ld, xmlNode *node, const char *attr, const GError *error)
{
    g_autofree char *label = load_element_label(node);
    const char *path = set_path_for(ld, node, attr);
    const char *code = error->code == TGW_ERROR_LIMIT           ? "LIMIT"
                       : error->code == TGW_ERROR_NOT_CANONICAL ? "CIDR-NOT-CANONICAL"
                                                                : "BAD-VALUE";

    if (path != NULL)
        loader_error(ld, node, code, "%s, attribute '%s' (set by --set %s): %s", label, attr, path,
                     error->message);
    else
        loader_error(ld, node, code, "%s, attribute '%s': %s", label, attr, error->message);
}

/* ---- typed attribute readers (libvirt's virXMLProp* shape) ----------------------------------- */

AttrResult
load_read_string(Loader *ld, xmlNode *node, const char *attr, char **out)
{
    char *value = tgw_xml_prop(node, attr);
    if (value == NULL)
        return ATTR_ABSENT;
    g_free(*out);
    *out = value;
    return ATTR_OK;
}

gboolean
load_name_is_valid(const char *name)
{
    gsize len = strlen(name);
    if (len == 0 || len > 128 || !g_ascii_isalnum(name[0]))
        return FALSE;
    for (const char *p = name; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    }
    return TRUE;
}

AttrResult
load_read_name(Loader *ld, xmlNode *node, const char *attr, char **out)
{
    g_autofree char *value = tgw_xml_prop(node, attr);
    if (value == NULL)
        return ATTR_ABSENT;
    if (!load_name_is_valid(value)) {
        g_autofree char *shown = g_strescape(value, NULL);
        loader_error(ld, node, "BAD-NAME",
                     "%s, attribute '%s': '%.60s' is not a valid name; a name starts with a letter "
                     "or digit and holds only letters, digits, '-', '_' and '.' (at most 128)",
                     (const char *) node->name, attr, shown);
        return ATTR_BAD;
    }
    g_free(*out);
    *out = g_steal_pointer(&value);
    return ATTR_OK;
}

#define DEFINE_READER(fn, type, parse_call)                                                        \
    AttrResult fn(Loader *ld, xmlNode *node, const char *attr, type *out)                          \
    {                                                                                              \
        g_autofree char *text = tgw_xml_prop(node, attr);                                          \
        g_autoptr(GError) error = NULL;                                                            \
        type value;                                                                                \
        memset(&value, 0, sizeof value);                                                           \
        if (text == NULL)                                                                          \
            return ATTR_ABSENT;                                                                    \
        if (!(parse_call)) {                                                                       \
            load_bad_value(ld, node, attr, error);                                                 \
            return ATTR_BAD;                                                                       \
        }                                                                                          \
        *out = value;                                                                              \
        return ATTR_OK;                                                                            \
    }

DEFINE_READER(load_read_cidr, TgwCidr, tgw_cidr_parse(text, &value, &error))
DEFINE_READER(load_read_duration, gint64, tgw_duration_parse(text, &value, &error))
DEFINE_READER(load_read_bool, gboolean, tgw_bool_parse(text, &value, &error))
DEFINE_READER(load_read_cpu, gint64, tgw_cpu_parse(text, &value, &error))
DEFINE_READER(load_read_memory, gint64, tgw_memory_parse(text, &value, &error))
DEFINE_READER(load_read_distribution, TgwDistribution, tgw_distribution_parse(text, &value, &error))
DEFINE_READER(load_read_replicas, TgwReplicas, tgw_replicas_parse(text, &value, &error))
DEFINE_READER(load_read_count_or_percent, TgwCountOrPercent,
              tgw_count_or_percent_parse(text, &value, &error))
DEFINE_READER(load_read_share, double, tgw_share_parse(text, &value, &error))

AttrResult
load_read_uint(Loader *ld, xmlNode *node, const char *attr, guint64 min, guint64 max, guint64 *out)
{
    g_autofree char *text = tgw_xml_prop(node, attr);
    g_autoptr(GError) error = NULL;
    guint64 value = 0;
    if (text == NULL)
        return ATTR_ABSENT;
    if (!tgw_uint_parse(text, min, max, &value, &error)) {
        load_bad_value(ld, node, attr, error);
        return ATTR_BAD;
    }
    *out = value;
    return ATTR_OK;
}

AttrResult
load_read_guint(Loader *ld, xmlNode *node, const char *attr, guint min, guint max, guint *out)
{
    guint64 value = 0;
    AttrResult r = load_read_uint(ld, node, attr, min, max, &value);
    if (r == ATTR_OK)
        *out = (guint) value;
    return r;
}

AttrResult
load_read_gint64(Loader *ld, xmlNode *node, const char *attr, gint64 min, gint64 max, gint64 *out)
{
    guint64 value = 0;
    AttrResult r = load_read_uint(ld, node, attr, (guint64) min, (guint64) max, &value);
    if (r == ATTR_OK)
        *out = (gint64) value;
    return r;
}

AttrResult
load_read_names(Loader *ld, xmlNode *node, const char *attr, GStrv *out)
{
    g_autofree char *text = tgw_xml_prop(node, attr);
    g_autoptr(GError) error = NULL;
    GStrv names = NULL;
    if (text == NULL)
        return ATTR_ABSENT;
    names = tgw_name_list_parse(text, &error);
    if (names == NULL) {
        load_bad_value(ld, node, attr, error);
        return ATTR_BAD;
    }
    ld->list_names += g_strv_length(names);
    if (ld->list_names > MAX_LIST_NAMES) {
        g_autofree char *label = load_element_label(node);
        g_strfreev(names);
        loader_error(ld, node, "LIMIT",
                     "%s, attribute '%s': the lists of this file name more than %d objects in "
                     "all; tgwsim reads at most %d",
                     label, attr, MAX_LIST_NAMES, MAX_LIST_NAMES);
        return ATTR_BAD;
    }
    g_strfreev(*out);
    *out = names;
    return ATTR_OK;
}

AttrResult
load_read_cidr_list(Loader *ld, xmlNode *node, const char *attr, GArray *out)
{
    g_auto(GStrv) items = NULL;
    AttrResult r = load_read_names(ld, node, attr, &items);
    if (r != ATTR_OK)
        return r;
    for (guint i = 0; items[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        TgwCidr cidr;
        if (!tgw_cidr_parse(items[i], &cidr, &error)) {
            load_bad_value(ld, node, attr, error);
            return ATTR_BAD;
        }
        g_array_append_val(out, cidr);
    }
    return ATTR_OK;
}

/* ---- reference resolution -------------------------------------------------------------------- */

/* reports an unknown name, with the closest of the candidates when one is close */
static void
unknown_ref(Loader *ld, xmlNode *node, const char *attr, const char *what, const char *name,
            const char *scope, GPtrArray *candidates)
{
    g_autofree char *label = load_element_label(node);
    const char *best = NULL;
    g_autoptr(GString) hint = g_string_new(NULL);

    if (candidates != NULL && ++ld->unknown_refs > MAX_SUGGESTIONS)
        candidates = NULL; /* the first ones carry the hints; edit distances cost */
    if (candidates != NULL) {
        g_ptr_array_add(candidates, NULL);
        best = tgw_suggest(name, (const char *const *) candidates->pdata);
        g_ptr_array_remove_index(candidates, candidates->len - 1);
    }
    if (best != NULL)
        g_string_printf(hint, "; did you mean '%s'?", best);
    else if (candidates != NULL && candidates->len > 0 && candidates->len <= 8) {
        g_string_append(hint, "; known: ");
        for (guint i = 0; i < candidates->len; i++)
            g_string_append_printf(hint, "%s%s", i > 0 ? ", " : "",
                                   (const char *) candidates->pdata[i]);
    } else if (candidates != NULL && candidates->len == 0) {
        g_string_printf(hint, "; there is none%s%s: declare it first", scope != NULL ? " in " : "",
                        scope != NULL ? scope : "");
    }
    loader_error(ld, node, "UNKNOWN-REF", "%s, attribute '%s': no %s named '%s'%s%s%s", label, attr,
                 what, name, scope != NULL ? " in " : "", scope != NULL ? scope : "", hint->str);
}

#define ASSERT_NAMED(type)                                                                         \
    G_STATIC_ASSERT(offsetof(type, name) == offsetof(NamedHead, name) &&                           \
                    offsetof(type, line) == offsetof(NamedHead, line))
ASSERT_NAMED(TgwTgwDef);
ASSERT_NAMED(TgwTgwTableDef);
ASSERT_NAMED(TgwAttachmentDef);
ASSERT_NAMED(TgwVpcDef);
ASSERT_NAMED(TgwSubnetDef);
ASSERT_NAMED(TgwVpcTableDef);
ASSERT_NAMED(TgwClusterDef);
ASSERT_NAMED(TgwNodeGroupDef);
ASSERT_NAMED(TgwWorkloadDef);
ASSERT_NAMED(TgwConsumerDef);

static GPtrArray *
names_of(GPtrArray *defs)
{
    GPtrArray *names = g_ptr_array_new();
    for (guint i = 0; i < defs->len; i++)
        g_ptr_array_add(names, ((NamedHead *) defs->pdata[i])->name);
    return names;
}

/* the first def of defs with that name; when there is none, an UNKNOWN-REF (with a "did you
 * mean" among defs) and NULL */
void *
load_lookup_named(Loader *ld, xmlNode *node, const char *attr, GPtrArray *defs, const char *what,
                  const char *name, const char *scope)
{
    g_autoptr(GPtrArray) names = NULL;
    for (guint i = 0; i < defs->len; i++) {
        if (g_str_equal(((NamedHead *) defs->pdata[i])->name, name))
            return defs->pdata[i];
    }
    names = names_of(defs);
    unknown_ref(ld, node, attr, what, name, scope, names);
    return NULL;
}

/* the def the name in attribute attr refers to; NULL when the attribute is absent or wrong */
static void *
resolve_named(Loader *ld, xmlNode *node, const char *attr, GPtrArray *defs, const char *what)
{
    g_autofree char *name = NULL;
    if (load_read_name(ld, node, attr, &name) != ATTR_OK)
        return NULL;
    return load_lookup_named(ld, node, attr, defs, what, name, NULL);
}

TgwVpcDef *
load_resolve_vpc(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->vpcs, "VPC");
}

TgwTgwDef *
load_resolve_tgw(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->tgws, "transit gateway");
}

TgwClusterDef *
load_resolve_cluster(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->clusters, "EKS cluster");
}

TgwWorkloadDef *
load_resolve_workload(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->workloads, "workload");
}

TgwNodeGroupDef *
load_resolve_node_group(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->node_groups, "node group");
}

TgwConsumerDef *
load_resolve_consumer(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->consumers, "address consumer");
}

TgwTgwTableDef *
load_resolve_tgw_table_name(Loader *ld, xmlNode *node, const char *attr, TgwTgwDef *tgw,
                            const char *name)
{
    g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
    return load_lookup_named(ld, node, attr, tgw->tables, "route table", name, scope);
}

TgwAttachmentDef *
load_resolve_attachment_name(Loader *ld, xmlNode *node, const char *attr, TgwTgwDef *tgw,
                             const char *name)
{
    g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
    return load_lookup_named(ld, node, attr, tgw->attachments, "attachment", name, scope);
}

/* a subnet of a given VPC; a subnet of another VPC gets its own message */
TgwSubnetDef *
load_resolve_subnet_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc,
                       const char *name)
{
    TgwSubnetDef *s = tgw_vpc_find_subnet(vpc, name);
    gboolean ambiguous = FALSE;
    TgwSubnetDef *elsewhere = NULL;
    g_autofree char *label = NULL;

    if (s != NULL)
        return s;
    if (ld->errors < MAX_SUGGESTIONS) /* later errors get the short message */
        elsewhere = tgw_scenario_find_subnet(ld->sc, name, &ambiguous);
    if (elsewhere != NULL && elsewhere->vpc != vpc) {
        label = load_element_label(node);
        loader_error(ld, node, "SUBNET-WRONG-VPC",
                     "%s, attribute '%s': subnet '%s' belongs to VPC '%s', not to VPC '%s'; name "
                     "a subnet of '%s'",
                     label, attr, name, elsewhere->vpc->name, vpc->name, vpc->name);
        return NULL;
    }
    {
        g_autoptr(GPtrArray) names = names_of(vpc->subnets);
        g_autofree char *scope = g_strdup_printf("VPC '%s'", vpc->name);
        unknown_ref(ld, node, attr, "subnet", name, scope, names);
    }
    return NULL;
}

/* a list of subnets of one VPC; NULL when any is wrong or the attribute is absent */
GPtrArray *
load_resolve_subnets_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc)
{
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) subnets = g_ptr_array_new();
    gboolean ok = TRUE;

    if (load_read_names(ld, node, attr, &names) != ATTR_OK || vpc == NULL)
        return NULL;
    for (guint i = 0; names[i] != NULL; i++) {
        TgwSubnetDef *s = load_resolve_subnet_in(ld, node, attr, vpc, names[i]);
        if (s == NULL)
            ok = FALSE;
        else
            g_ptr_array_add(subnets, s);
    }
    return ok ? g_steal_pointer(&subnets) : NULL;
}

/* "vpc/subnet" or a unique subnet name */
TgwSubnetDef *
load_resolve_subnet_ref(Loader *ld, xmlNode *node, const char *attr, const char *ref)
{
    gboolean ambiguous = FALSE;
    TgwSubnetDef *s = tgw_scenario_find_subnet(ld->sc, ref, &ambiguous);
    g_autofree char *label = NULL;
    if (s != NULL)
        return s;
    label = load_element_label(node);
    if (ambiguous) {
        loader_error(ld, node, "AMBIGUOUS-REF",
                     "%s, attribute '%s': several VPCs have a subnet named '%s'; write VPC/SUBNET",
                     label, attr, ref);
        return NULL;
    }
    if (ld->unknown_refs >= MAX_SUGGESTIONS) {
        unknown_ref(ld, node, attr, "subnet", ref, NULL, NULL);
    } else {
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < ld->sc->subnets->len; i++) {
            TgwSubnetDef *sub = ld->sc->subnets->pdata[i];
            g_ptr_array_add(names, strchr(ref, '/') != NULL
                                       ? g_strdup_printf("%s/%s", sub->vpc->name, sub->name)
                                       : g_strdup(sub->name));
        }
        unknown_ref(ld, node, attr, "subnet", ref, NULL, names);
    }
    return NULL;
}
