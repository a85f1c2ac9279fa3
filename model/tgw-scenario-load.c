/* tgw-scenario-load.c: scenario XML -> TgwScenario (see tgw-scenario-load.h).
 *
 * Structure errors are the XSD's job; this file reads values with typed readers (each bad value
 * is quoted with what would be valid), builds the structs, resolves every name and fills the
 * defaults. Elements may appear in any order, so building goes by kind: transit gateways and VPCs
 * first (they name each other), then clusters, consumers, the routes that name them, the
 * timeline and the expectations. */
#include "tgw-scenario-load.h"

#include <glib/gstdio.h>
#include <stddef.h>
#include <string.h>

#include "tgw-error.h"
#include "tgw-lint.h"
#include "tgw-scenario-private.h"
#include "tgw-set.h"
#include "tgw-suggest.h"
#include "tgw-xml.h"

/* absurd sizes are refused before anything is allocated for them */
#define MAX_NODES_PER_GROUP 100000
#define MAX_REPLICAS        10000000

/* How many objects of each kind a scenario may declare: well above AWS's own quotas (5,000
 * attachments per transit gateway, 200 subnets per VPC by default), low enough that building and
 * checking stays fast, as every look-up by name is a linear search. Counted on the document before
 * anything is built (check_sizes). */
#define MAX_TGWS            50
#define MAX_TGW_TABLES      1000  /* per transit gateway */
#define MAX_TGW_ROUTES      20000 /* per transit gateway */
#define MAX_ATTACHMENTS     10000 /* in the scenario (AWS: 5,000 per TGW) */
#define MAX_VPCS            5000
#define MAX_CIDR_BLOCKS     100 /* per VPC (AWS: 50) */
#define MAX_SUBNETS_PER_VPC 2000
#define MAX_SUBNETS         50000
#define MAX_VPC_TABLES      1000  /* per VPC */
#define MAX_VPC_ROUTES      2000  /* per VPC route table (AWS: 1,000) */
#define MAX_CLUSTERS        5000  /* one per VPC: multi-account designs (AWS: 100 per account) */
#define MAX_NODE_GROUPS     10000 /* in the scenario */
#define MAX_WORKLOADS       10000
#define MAX_CONSUMERS       10000 /* including those the timeline adds */
#define MAX_ENI_CONFIGS     100   /* per vpc-cni or set-cni */
#define MAX_ACTIONS         10000
#define MAX_EXPECTS         10000
/* names read from all the lists of a file (subnets="a b c" ...): each is looked up by name */
#define MAX_LIST_NAMES 100000
/* after this many errors the loader stops reporting (one line says how many more there were) and
 * stops looking for suggestions; the first errors explain the rest */
#define MAX_LOADER_ERRORS 500
#define MAX_SUGGESTIONS   100

typedef struct {
    const char *file;
    TgwFindings *findings;
    TgwScenario *sc;
    GHashTable *set_paths; /* "element-pointer/attr" -> --set path, for messages */
    GHashTable *built;     /* xmlNode -> the def made from it, for the passes that come back to the
                            * element: an <add-subnet>'s subnet, a VPC <route-table>'s table */
    guint errors;          /* errors reported by the loader */
    guint suppressed;      /* errors past MAX_LOADER_ERRORS, counted only */
    guint unknown_refs;    /* UNKNOWN-REF errors so far (suggestions stop at MAX_SUGGESTIONS) */
    guint list_names;      /* names read from lists so far */
} Loader;

typedef enum {
    ATTR_BAD = -1,
    ATTR_ABSENT = 0,
    ATTR_OK = 1,
} AttrResult;

static void loader_add(Loader *ld, TgwSeverity severity, xmlNode *node, const char *code,
                       const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static void
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

#define loader_error(ld, node, code, ...)                                                          \
    loader_add(ld, TGW_SEVERITY_ERROR, node, code, __VA_ARGS__)
#define loader_warning(ld, node, code, ...)                                                        \
    loader_add(ld, TGW_SEVERITY_WARNING, node, code, __VA_ARGS__)

/* "subnet 'pods-a'" or "vpc-cni": how a message names the element */
static char *
element_label(xmlNode *node)
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

static void
bad_value(Loader *ld, xmlNode *node, const char *attr, const GError *error)
{
    g_autofree char *label = element_label(node);
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

static AttrResult
read_string(Loader *ld, xmlNode *node, const char *attr, char **out)
{
    char *value = tgw_xml_prop(node, attr);
    if (value == NULL)
        return ATTR_ABSENT;
    g_free(*out);
    *out = value;
    return ATTR_OK;
}

static gboolean
name_is_valid(const char *name)
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

static AttrResult
read_name(Loader *ld, xmlNode *node, const char *attr, char **out)
{
    g_autofree char *value = tgw_xml_prop(node, attr);
    if (value == NULL)
        return ATTR_ABSENT;
    if (!name_is_valid(value)) {
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
    static AttrResult fn(Loader *ld, xmlNode *node, const char *attr, type *out)                   \
    {                                                                                              \
        g_autofree char *text = tgw_xml_prop(node, attr);                                          \
        g_autoptr(GError) error = NULL;                                                            \
        type value;                                                                                \
        memset(&value, 0, sizeof value);                                                           \
        if (text == NULL)                                                                          \
            return ATTR_ABSENT;                                                                    \
        if (!(parse_call)) {                                                                       \
            bad_value(ld, node, attr, error);                                                      \
            return ATTR_BAD;                                                                       \
        }                                                                                          \
        *out = value;                                                                              \
        return ATTR_OK;                                                                            \
    }

DEFINE_READER(read_cidr, TgwCidr, tgw_cidr_parse(text, &value, &error))
DEFINE_READER(read_duration, gint64, tgw_duration_parse(text, &value, &error))
DEFINE_READER(read_bool, gboolean, tgw_bool_parse(text, &value, &error))
DEFINE_READER(read_cpu, gint64, tgw_cpu_parse(text, &value, &error))
DEFINE_READER(read_memory, gint64, tgw_memory_parse(text, &value, &error))
DEFINE_READER(read_distribution, TgwDistribution, tgw_distribution_parse(text, &value, &error))
DEFINE_READER(read_replicas, TgwReplicas, tgw_replicas_parse(text, &value, &error))
DEFINE_READER(read_count_or_percent, TgwCountOrPercent,
              tgw_count_or_percent_parse(text, &value, &error))
DEFINE_READER(read_share, double, tgw_share_parse(text, &value, &error))

static AttrResult
read_uint(Loader *ld, xmlNode *node, const char *attr, guint64 min, guint64 max, guint64 *out)
{
    g_autofree char *text = tgw_xml_prop(node, attr);
    g_autoptr(GError) error = NULL;
    guint64 value = 0;
    if (text == NULL)
        return ATTR_ABSENT;
    if (!tgw_uint_parse(text, min, max, &value, &error)) {
        bad_value(ld, node, attr, error);
        return ATTR_BAD;
    }
    *out = value;
    return ATTR_OK;
}

static AttrResult
read_guint(Loader *ld, xmlNode *node, const char *attr, guint min, guint max, guint *out)
{
    guint64 value = 0;
    AttrResult r = read_uint(ld, node, attr, min, max, &value);
    if (r == ATTR_OK)
        *out = (guint) value;
    return r;
}

static AttrResult
read_gint64(Loader *ld, xmlNode *node, const char *attr, gint64 min, gint64 max, gint64 *out)
{
    guint64 value = 0;
    AttrResult r = read_uint(ld, node, attr, (guint64) min, (guint64) max, &value);
    if (r == ATTR_OK)
        *out = (gint64) value;
    return r;
}

static AttrResult
read_names(Loader *ld, xmlNode *node, const char *attr, GStrv *out)
{
    g_autofree char *text = tgw_xml_prop(node, attr);
    g_autoptr(GError) error = NULL;
    GStrv names = NULL;
    if (text == NULL)
        return ATTR_ABSENT;
    names = tgw_name_list_parse(text, &error);
    if (names == NULL) {
        bad_value(ld, node, attr, error);
        return ATTR_BAD;
    }
    ld->list_names += g_strv_length(names);
    if (ld->list_names > MAX_LIST_NAMES) {
        g_autofree char *label = element_label(node);
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

static AttrResult
read_cidr_list(Loader *ld, xmlNode *node, const char *attr, GArray *out)
{
    g_auto(GStrv) items = NULL;
    AttrResult r = read_names(ld, node, attr, &items);
    if (r != ATTR_OK)
        return r;
    for (guint i = 0; items[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        TgwCidr cidr;
        if (!tgw_cidr_parse(items[i], &cidr, &error)) {
            bad_value(ld, node, attr, error);
            return ATTR_BAD;
        }
        g_array_append_val(out, cidr);
    }
    return ATTR_OK;
}

/* iterate the element children of node with a given name (NULL: all) */
#define FOR_CHILDREN(child, parent, elem)                                                          \
    for (xmlNode *child = (parent)->children; child != NULL; child = child->next)                  \
        if (child->type == XML_ELEMENT_NODE &&                                                     \
            ((elem) == NULL || xmlStrEqual(child->name, (const xmlChar *) (elem))))

/* ---- reference resolution -------------------------------------------------------------------- */

/* reports an unknown name, with the closest of the candidates when one is close */
static void
unknown_ref(Loader *ld, xmlNode *node, const char *attr, const char *what, const char *name,
            const char *scope, GPtrArray *candidates)
{
    g_autofree char *label = element_label(node);
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

/* every def struct starts with these two fields, so lists of them can be searched generically */
typedef struct {
    char *name;
    int line;
} NamedHead;

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
static void *
lookup_named(Loader *ld, xmlNode *node, const char *attr, GPtrArray *defs, const char *what,
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
    if (read_name(ld, node, attr, &name) != ATTR_OK)
        return NULL;
    return lookup_named(ld, node, attr, defs, what, name, NULL);
}

static TgwVpcDef *
resolve_vpc(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->vpcs, "VPC");
}

static TgwTgwDef *
resolve_tgw(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->tgws, "transit gateway");
}

static TgwClusterDef *
resolve_cluster(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->clusters, "EKS cluster");
}

static TgwWorkloadDef *
resolve_workload(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->workloads, "workload");
}

static TgwNodeGroupDef *
resolve_node_group(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->node_groups, "node group");
}

static TgwConsumerDef *
resolve_consumer(Loader *ld, xmlNode *node, const char *attr)
{
    return resolve_named(ld, node, attr, ld->sc->consumers, "address consumer");
}

static TgwTgwTableDef *
resolve_tgw_table_name(Loader *ld, xmlNode *node, const char *attr, TgwTgwDef *tgw,
                       const char *name)
{
    g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
    return lookup_named(ld, node, attr, tgw->tables, "route table", name, scope);
}

static TgwAttachmentDef *
resolve_attachment_name(Loader *ld, xmlNode *node, const char *attr, TgwTgwDef *tgw,
                        const char *name)
{
    g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
    return lookup_named(ld, node, attr, tgw->attachments, "attachment", name, scope);
}

/* a subnet of a given VPC; a subnet of another VPC gets its own message */
static TgwSubnetDef *
resolve_subnet_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc, const char *name)
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
        label = element_label(node);
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
static GPtrArray *
resolve_subnets_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc)
{
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) subnets = g_ptr_array_new();
    gboolean ok = TRUE;

    if (read_names(ld, node, attr, &names) != ATTR_OK || vpc == NULL)
        return NULL;
    for (guint i = 0; names[i] != NULL; i++) {
        TgwSubnetDef *s = resolve_subnet_in(ld, node, attr, vpc, names[i]);
        if (s == NULL)
            ok = FALSE;
        else
            g_ptr_array_add(subnets, s);
    }
    return ok ? g_steal_pointer(&subnets) : NULL;
}

/* "vpc/subnet" or a unique subnet name */
static TgwSubnetDef *
resolve_subnet_ref(Loader *ld, xmlNode *node, const char *attr, const char *ref)
{
    gboolean ambiguous = FALSE;
    TgwSubnetDef *s = tgw_scenario_find_subnet(ld->sc, ref, &ambiguous);
    g_autofree char *label = NULL;
    if (s != NULL)
        return s;
    label = element_label(node);
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

/* ---- transit gateways ------------------------------------------------------------------------ */

static gboolean
check_unique(Loader *ld, xmlNode *node, GPtrArray *existing, const char *what, const char *name,
             const char *scope)
{
    for (guint i = 0; i < existing->len; i++) {
        NamedHead *item = existing->pdata[i];
        if (g_str_equal(item->name, name)) {
            loader_error(ld, node, "DUPLICATE-NAME",
                         "%s '%s' is declared twice%s%s (first at line %d); names must be unique",
                         what, name, scope != NULL ? " in " : "", scope != NULL ? scope : "",
                         item->line);
            return FALSE;
        }
    }
    return TRUE;
}

static void
build_tgw(Loader *ld, xmlNode *node)
{
    TgwTgwDef *tgw = g_new0(TgwTgwDef, 1);

    read_name(ld, node, "name", &tgw->name);
    tgw->line = tgw_xml_line(node);
    tgw->tables = g_ptr_array_new();
    tgw->routes = g_ptr_array_new_with_free_func(g_free);
    tgw->attachments = g_ptr_array_new();
    if (tgw->name == NULL)
        tgw->name = g_strdup("?");
    check_unique(ld, node, ld->sc->tgws, "transit gateway", tgw->name, NULL);
    tgw->index = ld->sc->tgws->len;
    g_ptr_array_add(ld->sc->tgws, tgw);
    FOR_CHILDREN(child, node, "route-table")
    {
        TgwTgwTableDef *t = g_new0(TgwTgwTableDef, 1);
        read_name(ld, child, "name", &t->name);
        if (t->name == NULL)
            t->name = g_strdup("?");
        t->line = tgw_xml_line(child);
        t->tgw = tgw;
        g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
        check_unique(ld, child, tgw->tables, "route table", t->name, scope);
        t->index = tgw->tables->len;
        g_ptr_array_add(tgw->tables, t);
    }
}

static TgwAttachmentDef *
attachment_new(Loader *ld, xmlNode *node, TgwTgwDef *tgw, TgwAttachmentKind kind)
{
    TgwAttachmentDef *a = g_new0(TgwAttachmentDef, 1);
    read_name(ld, node, "name", &a->name);
    if (a->name == NULL)
        a->name = g_strdup("?");
    a->line = tgw_xml_line(node);
    a->kind = kind;
    a->tgw = tgw;
    a->subnets = g_ptr_array_new();
    a->propagate = g_ptr_array_new();
    a->advertises = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    a->attached = TRUE;
    a->index = ld->sc->attachments->len;
    g_ptr_array_add(ld->sc->attachments, a);
    if (tgw != NULL) {
        g_autofree char *scope = g_strdup_printf("transit gateway '%s'", tgw->name);
        check_unique(ld, node, tgw->attachments, "attachment", a->name, scope);
        g_ptr_array_add(tgw->attachments, a);
    }
    read_bool(ld, node, "attached", &a->attached);
    return a;
}

/* associate= and propagate= of an attachment */
static void
read_association(Loader *ld, xmlNode *node, TgwAttachmentDef *a)
{
    g_autofree char *assoc = NULL;
    g_auto(GStrv) props = NULL;

    if (a->tgw == NULL)
        return;
    if (read_name(ld, node, "associate", &assoc) == ATTR_OK)
        a->associate = resolve_tgw_table_name(ld, node, "associate", a->tgw, assoc);
    if (read_names(ld, node, "propagate", &props) == ATTR_OK) {
        for (guint i = 0; props[i] != NULL; i++) {
            TgwTgwTableDef *t = resolve_tgw_table_name(ld, node, "propagate", a->tgw, props[i]);
            if (t != NULL)
                g_ptr_array_add(a->propagate, t);
        }
    }
}

static void
build_tgw_attachments(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    FOR_CHILDREN(child, node, "attachment")
    {
        g_autofree char *kind = tgw_xml_prop(child, "kind");
        TgwAttachmentKind k = TGW_ATTACHMENT_VPN;
        TgwAttachmentDef *a = NULL;

        if (g_strcmp0(kind, "dx-gateway") == 0)
            k = TGW_ATTACHMENT_DX_GATEWAY;
        else if (g_strcmp0(kind, "connect") == 0)
            k = TGW_ATTACHMENT_CONNECT;
        else if (g_strcmp0(kind, "peering") == 0)
            k = TGW_ATTACHMENT_PEERING;
        a = attachment_new(ld, child, tgw, k);
        read_association(ld, child, a);
        read_cidr_list(ld, child, "advertises", a->advertises);
    }
}

static TgwTgwRouteDef *
read_tgw_route(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    TgwTgwRouteDef *r = g_new0(TgwTgwRouteDef, 1);
    g_autofree char *table = NULL, *target = NULL;
    gboolean has_target = FALSE;

    r->line = tgw_xml_line(node);
    read_cidr(ld, node, "cidr", &r->cidr);
    read_bool(ld, node, "blackhole", &r->blackhole);
    has_target = read_name(ld, node, "attachment", &target) == ATTR_OK;
    if (read_name(ld, node, "table", &table) == ATTR_OK)
        r->table = resolve_tgw_table_name(ld, node, "table", tgw, table);
    if (r->blackhole && has_target)
        loader_error(ld, node, "ROUTE-TARGET",
                     "route %s: a route is either to an attachment or a blackhole, not both; drop "
                     "attachment= or blackhole=",
                     table != NULL ? table : "");
    else if (!r->blackhole && !has_target &&
             xmlHasProp(node, (const xmlChar *) "attachment") == NULL)
        loader_error(
            ld, node, "ROUTE-TARGET",
            "a static TGW route needs a target: attachment=\"NAME\" or blackhole=\"true\"");
    else if (has_target)
        r->target = resolve_attachment_name(ld, node, "attachment", tgw, target);
    return r;
}

static void
build_tgw_routes(Loader *ld, xmlNode *node, TgwTgwDef *tgw)
{
    FOR_CHILDREN(child, node, "route")
    {
        g_ptr_array_add(tgw->routes, read_tgw_route(ld, child, tgw));
    }
}

/* ---- VPCs ------------------------------------------------------------------------------------ */

static TgwSubnetDef *
subnet_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gint64 added_ms)
{
    TgwSubnetDef *s = g_new0(TgwSubnetDef, 1);
    read_name(ld, node, "name", &s->name);
    read_name(ld, node, "az", &s->az);
    if (s->name == NULL)
        s->name = g_strdup("?");
    if (s->az == NULL)
        s->az = g_strdup("?");
    s->line = tgw_xml_line(node);
    s->vpc = vpc;
    s->added_ms = added_ms;
    read_cidr(ld, node, "cidr", &s->cidr);
    read_bool(ld, node, "cni-discovery", &s->cni_discovery);
    {
        g_autofree char *scope = g_strdup_printf("VPC '%s'", vpc->name);
        check_unique(ld, node, vpc->subnets, "subnet", s->name, scope);
    }
    s->index = ld->sc->subnets->len;
    g_ptr_array_add(ld->sc->subnets, s);
    g_ptr_array_add(vpc->subnets, s);
    return s;
}

static TgwCidrBlockDef *
cidr_block_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gboolean primary, gint64 added_ms)
{
    TgwCidrBlockDef *b = g_new0(TgwCidrBlockDef, 1);
    b->line = tgw_xml_line(node);
    b->primary = primary;
    b->added_ms = added_ms;
    read_cidr(ld, node, "cidr", &b->cidr);
    g_ptr_array_add(vpc->cidr_blocks, b);
    return b;
}

static TgwVpcTableDef *
vpc_table_new(TgwVpcDef *vpc, const char *name, int line, gboolean main)
{
    TgwVpcTableDef *t = g_new0(TgwVpcTableDef, 1);
    t->name = g_strdup(name);
    t->line = line;
    t->vpc = vpc;
    t->main = main;
    t->routes = g_ptr_array_new();
    t->subnets = g_ptr_array_new();
    return t;
}

/* associates subnets with a table; a subnet can be in one table only */
static void
associate_subnets(Loader *ld, xmlNode *node, TgwVpcTableDef *t, const char *attr)
{
    g_autoptr(GPtrArray) subnets = resolve_subnets_in(ld, node, attr, t->vpc);
    for (guint i = 0; subnets != NULL && i < subnets->len; i++) {
        TgwSubnetDef *s = subnets->pdata[i];
        if (s->table != NULL) {
            loader_error(ld, node, "SUBNET-TWO-TABLES",
                         "route table '%s': subnet '%s' is already associated with route table "
                         "'%s' (line %d); a subnet has exactly one route table",
                         t->name, s->name, s->table->name, s->table->line);
            continue;
        }
        s->table = t;
        g_ptr_array_add(t->subnets, s);
    }
}

static void
build_vpc(Loader *ld, xmlNode *node)
{
    TgwVpcDef *vpc = g_new0(TgwVpcDef, 1);
    TgwVpcTableDef *main_table = NULL;

    read_name(ld, node, "name", &vpc->name);
    if (vpc->name == NULL)
        vpc->name = g_strdup("?");
    vpc->line = tgw_xml_line(node);
    vpc->cidr_blocks = g_ptr_array_new_with_free_func(g_free);
    vpc->subnets = g_ptr_array_new();
    vpc->tables = g_ptr_array_new();
    vpc->attachments = g_ptr_array_new();
    check_unique(ld, node, ld->sc->vpcs, "VPC", vpc->name, NULL);
    vpc->index = ld->sc->vpcs->len;
    g_ptr_array_add(ld->sc->vpcs, vpc);

    cidr_block_new(ld, node, vpc, TRUE, 0);
    FOR_CHILDREN(child, node, "cidr-block")
    {
        cidr_block_new(ld, child, vpc, FALSE, 0);
    }
    FOR_CHILDREN(child, node, "subnet")
    {
        subnet_new(ld, child, vpc, 0);
    }
    /* the main table goes first; without an explicit one AWS gives every VPC one */
    FOR_CHILDREN(child, node, "route-table")
    {
        gboolean main = FALSE;
        g_autofree char *name = NULL;
        read_bool(ld, child, "main", &main);
        read_name(ld, child, "name", &name);
        if (name == NULL)
            name = g_strdup("?");
        if (main && main_table != NULL) {
            loader_error(ld, child, "VPC-TWO-MAIN-TABLES",
                         "route table '%s' is marked main, but '%s' (line %d) already is; a VPC "
                         "has one main route table",
                         name, main_table->name, main_table->line);
            main = FALSE;
        }
        TgwVpcTableDef *t = vpc_table_new(vpc, name, tgw_xml_line(child), main);
        g_hash_table_insert(ld->built, child, t);
        {
            g_autofree char *scope = g_strdup_printf("VPC '%s'", vpc->name);
            check_unique(ld, child, vpc->tables, "route table", t->name, scope);
        }
        if (main) {
            main_table = t;
            g_ptr_array_insert(vpc->tables, 0, t);
        } else {
            g_ptr_array_add(vpc->tables, t);
        }
        associate_subnets(ld, child, t, "subnets");
    }
    if (main_table == NULL) {
        main_table = vpc_table_new(vpc, "main", 0, TRUE);
        g_ptr_array_insert(vpc->tables, 0, main_table);
    }
}

/* subnets without an explicit table use the main table */
static void
fill_subnet_tables(Loader *ld)
{
    for (guint i = 0; i < ld->sc->subnets->len; i++) {
        TgwSubnetDef *s = ld->sc->subnets->pdata[i];
        if (s->table == NULL)
            s->table = s->vpc->tables->pdata[0];
    }
}

static void
build_vpc_attachments(Loader *ld, xmlNode *node, TgwVpcDef *vpc)
{
    FOR_CHILDREN(child, node, "tgw-attachment")
    {
        TgwTgwDef *tgw = resolve_tgw(ld, child, "transit-gateway");
        TgwAttachmentDef *a = attachment_new(ld, child, tgw, TGW_ATTACHMENT_VPC);
        g_autoptr(GPtrArray) subnets = resolve_subnets_in(ld, child, "subnets", vpc);

        a->vpc = vpc;
        g_ptr_array_add(vpc->attachments, a);
        if (subnets != NULL)
            g_ptr_array_extend(a->subnets, subnets, NULL, NULL);
        read_bool(ld, child, "appliance-mode", &a->appliance_mode);
        read_association(ld, child, a);
    }
}

static gboolean
parse_route_target(Loader *ld, xmlNode *node, TgwVpcRouteDef *r, const char *target)
{
    static const struct {
        const char *prefix;
        TgwTargetKind kind;
        gboolean named;
    } kinds[] = {
        {"transit-gateway", TGW_TARGET_TRANSIT_GATEWAY, TRUE},
        {"nat-gateway", TGW_TARGET_NAT_GATEWAY, TRUE},
        {"internet-gateway", TGW_TARGET_INTERNET_GATEWAY, FALSE},
        {"peering", TGW_TARGET_PEERING, TRUE},
        {"network-interface", TGW_TARGET_NETWORK_INTERFACE, TRUE},
        {"blackhole", TGW_TARGET_BLACKHOLE, FALSE},
    };
    const char *colon = strchr(target, ':');
    gsize prefix_len = colon != NULL ? (gsize) (colon - target) : strlen(target);
    g_autofree char *cidr = NULL;

    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (strlen(kinds[i].prefix) != prefix_len ||
            strncmp(kinds[i].prefix, target, prefix_len) != 0)
            continue;
        if (kinds[i].named && (colon == NULL || !name_is_valid(colon + 1)))
            break;
        if (!kinds[i].named && colon != NULL)
            break;
        r->target = kinds[i].kind;
        r->target_name = colon != NULL ? g_strdup(colon + 1) : NULL;
        return TRUE;
    }
    cidr = tgw_xml_prop(node, "cidr");
    loader_error(ld, node, "BAD-VALUE",
                 "route %s: target '%s' is not understood; write transit-gateway:NAME, "
                 "nat-gateway:NAME, internet-gateway, peering:NAME, network-interface:NAME or "
                 "blackhole (the local routes are implicit)",
                 cidr != NULL ? cidr : "", target);
    return FALSE;
}

static void
build_vpc_routes(Loader *ld, xmlNode *node, TgwVpcDef *vpc)
{
    FOR_CHILDREN(table_node, node, "route-table")
    {
        TgwVpcTableDef *table = g_hash_table_lookup(ld->built, table_node);
        FOR_CHILDREN(child, table_node, "route")
        {
            TgwVpcRouteDef *r = g_new0(TgwVpcRouteDef, 1);
            g_autofree char *target = tgw_xml_prop(child, "target");
            r->line = tgw_xml_line(child);
            g_ptr_array_add(table->routes, r);
            read_cidr(ld, child, "cidr", &r->cidr);
            if (target == NULL || !parse_route_target(ld, child, r, target))
                continue;
            if (r->target == TGW_TARGET_TRANSIT_GATEWAY) {
                r->tgw = lookup_named(ld, child, "target", ld->sc->tgws, "transit gateway",
                                      r->target_name, NULL);
            } else if (r->target == TGW_TARGET_NAT_GATEWAY) {
                r->nat = tgw_scenario_find_consumer(ld->sc, r->target_name);
                if (r->nat == NULL || r->nat->kind != TGW_CONSUMER_NAT_GATEWAY) {
                    loader_error(ld, child, "UNKNOWN-REF",
                                 "route: no NAT gateway named '%s'; declare it with "
                                 "<nat-gateway name=\"%s\" vpc=\"%s\" .../>",
                                 r->target_name, r->target_name, vpc->name);
                    r->nat = NULL;
                } else if (r->nat->vpc != vpc) {
                    loader_error(ld, child, "ROUTE-TARGET",
                                 "route: NAT gateway '%s' is in VPC '%s', not in '%s'; a route "
                                 "can only target a NAT gateway of its own VPC",
                                 r->target_name, r->nat->vpc != NULL ? r->nat->vpc->name : "?",
                                 vpc->name);
                }
            }
        }
    }
}

/* ---- EKS ------------------------------------------------------------------------------------- */

static void
read_cni_settings(Loader *ld, xmlNode *node, TgwCniDef *cni, TgwVpcDef *vpc)
{
    g_autofree char *mode = NULL;

    if (read_string(ld, node, "mode", &mode) == ATTR_OK)
        tgw_cni_mode_parse(mode, &cni->mode); /* the XSD has checked the enumeration */
    read_gint64(ld, node, "warm-eni-target", 0, 100, &cni->warm_eni_target);
    read_gint64(ld, node, "warm-ip-target", 0, 100000, &cni->warm_ip_target);
    read_gint64(ld, node, "minimum-ip-target", 0, 100000, &cni->minimum_ip_target);
    read_gint64(ld, node, "warm-prefix-target", 0, 10000, &cni->warm_prefix_target);
    read_duration(ld, node, "ip-cooldown", &cni->ip_cooldown_ms);
    read_guint(ld, node, "max-eni", 1, 1000, &cni->max_eni);
    read_bool(ld, node, "external-snat", &cni->external_snat);
    if (xmlHasProp(node, (const xmlChar *) "exclude-snat-cidrs") != NULL) {
        g_array_set_size(cni->exclude_snat_cidrs, 0);
        read_cidr_list(ld, node, "exclude-snat-cidrs", cni->exclude_snat_cidrs);
    }
    read_bool(ld, node, "subnet-discovery", &cni->subnet_discovery);
    read_duration(ld, node, "eni-attach-time", &cni->eni_attach_ms);
    read_duration(ld, node, "ip-assign-time", &cni->ip_assign_ms);

    gboolean has_eni_configs = FALSE;
    FOR_CHILDREN(child, node, "eni-config")
    {
        if (!has_eni_configs) {
            /* eni-config children replace the list (set-cni may restate it) */
            for (guint i = 0; i < cni->eni_configs->len; i++) {
                TgwEniConfigDef *old = cni->eni_configs->pdata[i];
                g_free(old->az);
                g_free(old);
            }
            g_ptr_array_set_size(cni->eni_configs, 0);
            has_eni_configs = TRUE;
        }
        TgwEniConfigDef *ec = g_new0(TgwEniConfigDef, 1);
        g_autofree char *subnet = NULL;
        ec->line = tgw_xml_line(child);
        {
            g_auto(GStrv) sgs = NULL; /* informational: checked as a list, not kept */
            read_names(ld, child, "security-groups", &sgs);
        }
        read_name(ld, child, "az", &ec->az);
        if (ec->az == NULL)
            ec->az = g_strdup("?");
        for (guint i = 0; i < cni->eni_configs->len; i++) {
            TgwEniConfigDef *other = cni->eni_configs->pdata[i];
            if (g_str_equal(other->az, ec->az))
                loader_error(ld, child, "DUPLICATE-NAME",
                             "eni-config for AZ '%s' is declared twice (first at line %d); one "
                             "ENIConfig per AZ",
                             ec->az, other->line);
        }
        if (read_name(ld, child, "subnet", &subnet) == ATTR_OK && vpc != NULL) {
            ec->subnet = tgw_vpc_find_subnet(vpc, subnet);
            if (ec->subnet == NULL) {
                gboolean ambiguous = FALSE;
                TgwSubnetDef *other = tgw_scenario_find_subnet(ld->sc, subnet, &ambiguous);
                if (other != NULL)
                    loader_error(ld, child, "ENICONFIG-SUBNET-VPC",
                                 "eni-config for AZ '%s': subnet '%s' is in VPC '%s', but the "
                                 "cluster's VPC is '%s'; ENIConfig subnets must be in the node's "
                                 "VPC (add a secondary CIDR block to '%s' and a subnet in it)",
                                 ec->az, subnet, other->vpc->name, vpc->name, vpc->name);
                else
                    resolve_subnet_in(ld, child, "subnet", vpc, subnet);
            }
        }
        g_ptr_array_add(cni->eni_configs, ec);
    }
}

static void
build_node_group(Loader *ld, xmlNode *node, TgwClusterDef *cluster)
{
    TgwNodeGroupDef *ng = g_new0(TgwNodeGroupDef, 1);
    gboolean has_desired = FALSE, has_max = FALSE;
    g_autoptr(GPtrArray) subnets = NULL;

    read_name(ld, node, "name", &ng->name);
    if (ng->name == NULL)
        ng->name = g_strdup("?");
    ng->line = tgw_xml_line(node);
    ng->cluster = cluster;
    check_unique(ld, node, ld->sc->node_groups, "node group", ng->name, NULL);
    ng->index = ld->sc->node_groups->len;
    g_ptr_array_add(ld->sc->node_groups, ng);
    g_ptr_array_add(cluster->node_groups, ng);

    read_string(ld, node, "instance-type", &ng->instance_type);
    if (ng->instance_type != NULL) {
        ng->itype = tgw_instance_lookup(ng->instance_type);
        if (ng->itype == NULL) {
            const char *best = tgw_instance_suggest(ng->instance_type);
            guint n_types = 0;
            tgw_instance_all(&n_types);
            loader_error(ld, node, "INSTANCE-UNKNOWN",
                         "node group '%s': instance type '%s' is not in tgwsim's table of %u "
                         "types%s%s%s",
                         ng->name, ng->instance_type, n_types,
                         best != NULL ? "; did you mean '" : "", best != NULL ? best : "",
                         best != NULL ? "'?" : "");
        }
    }
    ng->min = 1;
    read_guint(ld, node, "min", 0, MAX_NODES_PER_GROUP, &ng->min);
    has_max = read_guint(ld, node, "max", 0, MAX_NODES_PER_GROUP, &ng->max) == ATTR_OK;
    has_desired = read_guint(ld, node, "desired", 0, MAX_NODES_PER_GROUP, &ng->desired) == ATTR_OK;
    if (!has_desired)
        ng->desired = ng->min;
    if (!has_max)
        ng->max = MAX(ng->min, ng->desired);
    if (ng->min > ng->max || ng->desired < ng->min || ng->desired > ng->max)
        loader_error(ld, node, "NODEGROUP-SIZE",
                     "node group '%s': min %u, desired %u, max %u; they must satisfy min <= "
                     "desired <= max",
                     ng->name, ng->min, ng->desired, ng->max);
    {
        g_autofree char *mp = tgw_xml_prop(node, "max-pods");
        if (g_strcmp0(mp, "auto") == 0)
            ng->max_pods_auto = TRUE;
        else
            read_guint(ld, node, "max-pods", 1, 10000, &ng->max_pods);
    }
    read_cpu(ld, node, "cpu", &ng->cpu_m);
    read_memory(ld, node, "memory", &ng->memory_bytes);
    ng->launch_ms = 90 * TGW_MS_PER_SECOND;
    read_duration(ld, node, "launch-time", &ng->launch_ms);
    subnets = resolve_subnets_in(ld, node, "subnets", cluster->vpc);
    ng->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();

    /* allocatable resources: the table's unless the node group states them */
    if (ng->itype != NULL) {
        gboolean missing = ng->itype->alloc_cpu_m == 0 || ng->itype->alloc_mem_mib == 0;
        if (ng->cpu_m == 0)
            ng->cpu_m = ng->itype->alloc_cpu_m;
        if (ng->memory_bytes == 0)
            ng->memory_bytes = ng->itype->alloc_mem_mib * 1024 * 1024;
        if (missing && (ng->cpu_m == 0 || ng->memory_bytes == 0))
            loader_error(ld, node, "INSTANCE-RESOURCES",
                         "node group '%s': tgwsim knows the ENI limits of '%s' but not its "
                         "allocatable CPU and memory; state them on the node group, e.g. "
                         "cpu=\"3920m\" memory=\"14Gi\"",
                         ng->name, ng->instance_type);
    }
}

static void
build_workload(Loader *ld, xmlNode *node, TgwClusterDef *cluster)
{
    TgwWorkloadDef *w = g_new0(TgwWorkloadDef, 1);
    g_autofree char *kind = NULL, *ng_name = NULL;
    gboolean has_replicas = FALSE, has_arrivals = FALSE;

    read_name(ld, node, "name", &w->name);
    if (w->name == NULL)
        w->name = g_strdup("?");
    w->line = tgw_xml_line(node);
    w->cluster = cluster;
    check_unique(ld, node, ld->sc->workloads, "workload", w->name, NULL);
    w->index = ld->sc->workloads->len;
    g_ptr_array_add(ld->sc->workloads, w);
    g_ptr_array_add(cluster->workloads, w);

    has_replicas = xmlHasProp(node, (const xmlChar *) "replicas") != NULL;
    has_arrivals = xmlHasProp(node, (const xmlChar *) "arrivals") != NULL;
    w->kind = has_arrivals ? TGW_WORKLOAD_JOB : TGW_WORKLOAD_DEPLOYMENT;
    if (read_string(ld, node, "kind", &kind) == ATTR_OK)
        w->kind = g_str_equal(kind, "job")         ? TGW_WORKLOAD_JOB
                  : g_str_equal(kind, "daemonset") ? TGW_WORKLOAD_DAEMONSET
                                                   : TGW_WORKLOAD_DEPLOYMENT;
    w->replicas.kind = TGW_REPLICAS_CONSTANT;
    w->replicas.min = w->replicas.max = 1;
    read_replicas(ld, node, "replicas", &w->replicas);
    if (has_arrivals) {
        g_autofree char *text = tgw_xml_prop(node, "arrivals");
        g_autofree char *rate = NULL;
        if (g_str_has_prefix(text, "poisson(") && g_str_has_suffix(text, ")")) {
            g_autoptr(GError) error = NULL;
            rate = g_strndup(text + 8, strlen(text) - 9);
            if (!tgw_rate_parse(rate, &w->arrivals_per_s, &error))
                bad_value(ld, node, "arrivals", error);
        } else {
            loader_error(ld, node, "BAD-VALUE",
                         "workload '%s', attribute 'arrivals': '%s' is not an arrival process; "
                         "write poisson(RATE), e.g. poisson(40/h)",
                         w->name, text);
        }
    }
    w->has_lifetime = read_distribution(ld, node, "lifetime", &w->lifetime) == ATTR_OK;
    read_cpu(ld, node, "cpu", &w->cpu_m);
    read_memory(ld, node, "memory", &w->memory_bytes);
    read_duration(ld, node, "rollout-every", &w->rollout_every_ms);
    w->max_surge = (TgwCountOrPercent){TRUE, 25};
    w->max_unavailable = (TgwCountOrPercent){TRUE, 25};
    read_count_or_percent(ld, node, "max-surge", &w->max_surge);
    read_count_or_percent(ld, node, "max-unavailable", &w->max_unavailable);
    w->startup_ms = 10 * TGW_MS_PER_SECOND;
    read_duration(ld, node, "startup-time", &w->startup_ms);
    read_bool(ld, node, "host-network", &w->host_network);
    read_duration(ld, node, "start", &w->start_ms);
    if (read_name(ld, node, "node-group", &ng_name) == ATTR_OK) {
        g_autofree char *scope = g_strdup_printf("cluster '%s'", cluster->name);
        w->node_group = lookup_named(ld, node, "node-group", cluster->node_groups, "node group",
                                     ng_name, scope);
    }

    /* the shape of each kind */
    if (w->kind == TGW_WORKLOAD_JOB && !has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "workload '%s' is a job but has no arrivals; add arrivals=\"poisson(RATE)\"",
                     w->name);
    if (w->kind == TGW_WORKLOAD_JOB && !w->has_lifetime && has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "job workload '%s' needs a lifetime (how long each job runs), e.g. "
                     "lifetime=\"exp(20m)\"",
                     w->name);
    if (w->kind != TGW_WORKLOAD_JOB && has_arrivals)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "workload '%s': arrivals= makes it a job, but kind is '%s'; drop kind or "
                     "arrivals",
                     w->name, kind);
    if (w->kind == TGW_WORKLOAD_DAEMONSET && has_replicas)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "daemonset '%s' runs one pod per node; it takes no replicas=", w->name);
    if (w->kind == TGW_WORKLOAD_JOB && has_replicas)
        loader_error(ld, node, "WORKLOAD-SHAPE",
                     "job workload '%s' is driven by its arrivals; it takes no replicas=", w->name);
    if (w->kind == TGW_WORKLOAD_DAEMONSET)
        w->replicas.min = w->replicas.max = 0;
    if (w->kind == TGW_WORKLOAD_JOB)
        w->replicas.min = w->replicas.max = 0;
}

static void
build_cluster(Loader *ld, xmlNode *node)
{
    TgwClusterDef *c = g_new0(TgwClusterDef, 1);
    g_autoptr(GPtrArray) subnets = NULL;
    guint n_cni = 0, n_ca = 0;

    read_name(ld, node, "name", &c->name);
    if (c->name == NULL)
        c->name = g_strdup("?");
    c->line = tgw_xml_line(node);
    c->node_groups = g_ptr_array_new();
    c->workloads = g_ptr_array_new();
    c->cni = tgw_cni_def_new();
    c->cni->line = c->line;
    c->autoscaler = g_new0(TgwAutoscalerDef, 1);
    c->autoscaler->scan_interval_ms = 10 * TGW_MS_PER_SECOND;
    c->autoscaler->scale_down_delay_ms = 10 * TGW_MS_PER_MINUTE;
    c->autoscaler->scale_down_utilization = 0.5;
    check_unique(ld, node, ld->sc->clusters, "EKS cluster", c->name, NULL);
    c->index = ld->sc->clusters->len;
    g_ptr_array_add(ld->sc->clusters, c);

    c->vpc = resolve_vpc(ld, node, "vpc");
    subnets = resolve_subnets_in(ld, node, "subnets", c->vpc);
    c->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();
    c->control_plane_enis = 2;
    read_guint(ld, node, "control-plane-enis", 2, 4, &c->control_plane_enis);

    FOR_CHILDREN(child, node, "vpc-cni")
    {
        if (n_cni++ > 0) {
            loader_error(ld, child, "DUPLICATE-ELEMENT",
                         "cluster '%s' has more than one <vpc-cni>; merge them into one", c->name);
            continue;
        }
        c->cni->line = tgw_xml_line(child);
        read_cni_settings(ld, child, c->cni, c->vpc);
    }
    FOR_CHILDREN(child, node, "cluster-autoscaler")
    {
        TgwAutoscalerDef *ca = c->autoscaler;
        if (n_ca++ > 0) {
            loader_error(ld, child, "DUPLICATE-ELEMENT",
                         "cluster '%s' has more than one <cluster-autoscaler>; merge them",
                         c->name);
            continue;
        }
        ca->line = tgw_xml_line(child);
        ca->enabled = TRUE;
        read_bool(ld, child, "enabled", &ca->enabled);
        read_duration(ld, child, "scan-interval", &ca->scan_interval_ms);
        read_duration(ld, child, "scale-up-delay", &ca->scale_up_delay_ms);
        read_duration(ld, child, "scale-down-delay", &ca->scale_down_delay_ms);
        read_share(ld, child, "scale-down-utilization", &ca->scale_down_utilization);
        if (ca->scan_interval_ms <= 0)
            loader_error(ld, child, "BAD-VALUE",
                         "cluster-autoscaler: scan-interval must be above zero, e.g. 10s");
    }
    FOR_CHILDREN(child, node, "node-group")
    {
        build_node_group(ld, child, c);
    }
    FOR_CHILDREN(child, node, "workload")
    {
        build_workload(ld, child, c);
    }
}

/* ---- consumers ------------------------------------------------------------------------------- */

static TgwConsumerDef *
build_consumer(Loader *ld, xmlNode *node, gint64 added_ms)
{
    TgwConsumerDef *c = g_new0(TgwConsumerDef, 1);
    const char *elem = (const char *) node->name;
    g_autoptr(GPtrArray) subnets = NULL;

    read_name(ld, node, "name", &c->name);
    if (c->name == NULL)
        c->name = g_strdup("?");
    c->line = tgw_xml_line(node);
    check_unique(ld, node, ld->sc->consumers, "address consumer", c->name, NULL);
    c->index = ld->sc->consumers->len;
    g_ptr_array_add(ld->sc->consumers, c);
    c->end_ms = TGW_TIME_NEVER;
    c->start_ms = added_ms;
    if (added_ms > 0 && xmlHasProp(node, (const xmlChar *) "start") != NULL)
        loader_error(ld, node, "BAD-VALUE",
                     "%s '%s' is added by the timeline at %s; its start comes from <at time=...>, "
                     "drop start=",
                     elem, c->name, "that time");
    else
        read_duration(ld, node, "start", &c->start_ms);
    read_duration(ld, node, "end", &c->end_ms);
    if (c->end_ms != TGW_TIME_NEVER && c->end_ms <= c->start_ms)
        loader_error(ld, node, "CONSUMER-WINDOW",
                     "%s '%s' ends before it starts; end must be after start", elem, c->name);

    c->vpc = resolve_vpc(ld, node, "vpc");
    if (g_str_equal(elem, "nat-gateway") || g_str_equal(elem, "ip-consumer")) {
        subnets = resolve_subnets_in(ld, node, "subnet", c->vpc);
        if (subnets != NULL && subnets->len > 1)
            loader_error(ld, node, "BAD-VALUE",
                         "%s '%s', attribute 'subnet': names %u subnets; it takes exactly one "
                         "(declare one %s per subnet)",
                         elem, c->name, subnets->len, elem);
    } else
        subnets = resolve_subnets_in(ld, node, "subnets", c->vpc);
    c->subnets = subnets != NULL ? g_steal_pointer(&subnets) : g_ptr_array_new();

    if (g_str_equal(elem, "load-balancer")) {
        g_autofree char *type = tgw_xml_prop(node, "type");
        c->kind = g_strcmp0(type, "nlb") == 0 ? TGW_CONSUMER_NLB : TGW_CONSUMER_ALB;
        c->pods_per_address = 10;
        c->min_per_subnet = 1;
        c->scale_in_delay_ms = TGW_MS_PER_HOUR;
        c->internal = TRUE;
        read_bool(ld, node, "internal", &c->internal);
        read_guint(ld, node, "pods-per-address", 1, 1000000, &c->pods_per_address);
        read_guint(ld, node, "min-per-subnet", 1, 100, &c->min_per_subnet);
        read_duration(ld, node, "scale-in-delay", &c->scale_in_delay_ms);
        if (xmlHasProp(node, (const xmlChar *) "scale-with") != NULL) {
            if (c->kind == TGW_CONSUMER_NLB)
                loader_error(ld, node, "BAD-VALUE",
                             "load-balancer '%s': an NLB has one fixed address per subnet; "
                             "scale-with is for ALBs",
                             c->name);
            c->scale_with = resolve_workload(ld, node, "scale-with");
        }
    } else if (g_str_equal(elem, "msk-cluster")) {
        c->kind = TGW_CONSUMER_MSK;
        read_guint(ld, node, "brokers", 1, 1000, &c->count);
    } else if (g_str_equal(elem, "endpoint")) {
        c->kind = TGW_CONSUMER_ENDPOINT;
        read_string(ld, node, "service", &c->service);
    } else if (g_str_equal(elem, "nat-gateway")) {
        g_autofree char *conn = tgw_xml_prop(node, "connectivity");
        c->kind = TGW_CONSUMER_NAT_GATEWAY;
        c->private_nat = g_strcmp0(conn, "private") == 0;
        c->count = 1;
        read_guint(ld, node, "private-ips", 1, 8, &c->count);
    } else if (g_str_equal(elem, "rds")) {
        c->kind = TGW_CONSUMER_RDS;
        read_bool(ld, node, "multi-az", &c->multi_az);
        c->count = c->multi_az ? 2 : 1;
    } else {
        c->kind = TGW_CONSUMER_GENERIC;
        read_guint(ld, node, "count", 1, 1000000, &c->count);
    }
    return c;
}

static gboolean
is_consumer_element(xmlNode *node)
{
    static const char *names[] = {"load-balancer", "msk-cluster", "endpoint",
                                  "nat-gateway",   "rds",         "ip-consumer"};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        if (tgw_xml_is(node, names[i]))
            return TRUE;
    }
    return FALSE;
}

/* ---- timeline -------------------------------------------------------------------------------- */

static TgwActionDef *
action_new(Loader *ld, xmlNode *node, TgwActionKind kind, gint64 at_ms)
{
    TgwActionDef *a = g_new0(TgwActionDef, 1);
    a->kind = kind;
    a->line = tgw_xml_line(node);
    a->at_ms = at_ms;
    a->min = a->max = a->desired = G_MAXUINT;
    g_ptr_array_add(ld->sc->actions, a);
    return a;
}

/* the CNI settings in force for a cluster after every set-cni built so far */
static const TgwCniDef *
current_cni(Loader *ld, TgwClusterDef *cluster, gint64 at_ms)
{
    const TgwCniDef *cni = cluster->cni;
    gint64 latest = -1;
    for (guint i = 0; i < ld->sc->actions->len; i++) {
        TgwActionDef *a = ld->sc->actions->pdata[i];
        if (a->kind == TGW_ACTION_SET_CNI && a->cluster == cluster && a->cni != NULL &&
            a->at_ms <= at_ms && a->at_ms >= latest) {
            cni = a->cni;
            latest = a->at_ms;
        }
    }
    return cni;
}

static void
build_action(Loader *ld, xmlNode *node, gint64 at_ms)
{
    const char *elem = (const char *) node->name;

    if (is_consumer_element(node)) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_CONSUMER, at_ms);
        a->consumer = build_consumer(ld, node, at_ms);
    } else if (g_str_equal(elem, "scale")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SCALE_WORKLOAD, at_ms);
        a->workload = resolve_workload(ld, node, "workload");
        read_replicas(ld, node, "replicas", &a->replicas);
        if (a->workload != NULL && a->workload->kind != TGW_WORKLOAD_DEPLOYMENT)
            loader_error(ld, node, "BAD-VALUE",
                         "scale: workload '%s' is not a deployment; only deployments have "
                         "replicas",
                         a->workload->name);
    } else if (g_str_equal(elem, "scale-node-group")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SCALE_NODE_GROUP, at_ms);
        a->node_group = resolve_node_group(ld, node, "node-group");
        read_guint(ld, node, "min", 0, MAX_NODES_PER_GROUP, &a->min);
        read_guint(ld, node, "max", 0, MAX_NODES_PER_GROUP, &a->max);
        read_guint(ld, node, "desired", 0, MAX_NODES_PER_GROUP, &a->desired);
        if (xmlHasProp(node, (const xmlChar *) "min") == NULL &&
            xmlHasProp(node, (const xmlChar *) "max") == NULL &&
            xmlHasProp(node, (const xmlChar *) "desired") == NULL)
            loader_error(ld, node, "BAD-VALUE",
                         "scale-node-group changes nothing; give min, max or desired");
    } else if (g_str_equal(elem, "add-cidr-block")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_CIDR_BLOCK, at_ms);
        a->vpc = resolve_vpc(ld, node, "vpc");
        if (a->vpc != NULL)
            a->cidr_block = cidr_block_new(ld, node, a->vpc, FALSE, MAX(at_ms, 1));
    } else if (g_str_equal(elem, "add-subnet")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_SUBNET, at_ms);
        g_autofree char *table = NULL;
        a->subnet = g_hash_table_lookup(ld->built, node);
        if (a->subnet == NULL)
            return; /* its VPC is unknown: already reported */
        a->vpc = a->subnet->vpc;
        if (read_name(ld, node, "route-table", &table) == ATTR_OK) {
            /* from the end: a declared table called "main" wins over the implicit main table,
             * which has the same name and sits first */
            for (guint i = a->vpc->tables->len; i-- > 0 && a->subnet->table == NULL;) {
                TgwVpcTableDef *t = a->vpc->tables->pdata[i];
                if (g_str_equal(t->name, table))
                    a->subnet->table = t;
            }
            if (a->subnet->table != NULL) {
                g_ptr_array_add(a->subnet->table->subnets, a->subnet);
            } else {
                g_autofree char *scope = g_strdup_printf("VPC '%s'", a->vpc->name);
                lookup_named(ld, node, "route-table", a->vpc->tables, "route table", table, scope);
            }
        }
    } else if (g_str_equal(elem, "set-cni")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_SET_CNI, at_ms);
        a->cluster = resolve_cluster(ld, node, "cluster");
        if (a->cluster != NULL) {
            a->cni = tgw_cni_def_copy(current_cni(ld, a->cluster, at_ms));
            a->cni->line = a->line;
            read_cni_settings(ld, node, a->cni, a->cluster->vpc);
        }
    } else if (g_str_equal(elem, "roll-node-group")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ROLL_NODE_GROUP, at_ms);
        a->node_group = resolve_node_group(ld, node, "node-group");
    } else if (g_str_equal(elem, "attach") || g_str_equal(elem, "detach")) {
        TgwActionDef *a = action_new(
            ld, node, g_str_equal(elem, "attach") ? TGW_ACTION_ATTACH : TGW_ACTION_DETACH, at_ms);
        TgwTgwDef *tgw = resolve_tgw(ld, node, "transit-gateway");
        g_autofree char *name = NULL;
        if (tgw != NULL && read_name(ld, node, "attachment", &name) == ATTR_OK)
            a->attachment = resolve_attachment_name(ld, node, "attachment", tgw, name);
    } else if (g_str_equal(elem, "add-route")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_ADD_ROUTE, at_ms);
        TgwTgwDef *tgw = resolve_tgw(ld, node, "transit-gateway");
        if (tgw != NULL)
            a->route = read_tgw_route(ld, node, tgw);
    } else if (g_str_equal(elem, "remove-route")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_REMOVE_ROUTE, at_ms);
        TgwTgwDef *tgw = resolve_tgw(ld, node, "transit-gateway");
        g_autofree char *table = NULL;
        a->route = g_new0(TgwTgwRouteDef, 1);
        a->route->line = a->line;
        read_cidr(ld, node, "cidr", &a->route->cidr);
        if (tgw != NULL && read_name(ld, node, "table", &table) == ATTR_OK)
            a->route->table = resolve_tgw_table_name(ld, node, "table", tgw, table);
    } else if (g_str_equal(elem, "remove-consumer")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_REMOVE_CONSUMER, at_ms);
        a->consumer = resolve_consumer(ld, node, "name");
        if (a->consumer != NULL) {
            if (at_ms <= a->consumer->start_ms)
                loader_error(ld, node, "CONSUMER-WINDOW",
                             "remove-consumer: '%s' is removed before it is added; remove it "
                             "later",
                             a->consumer->name);
            a->consumer->end_ms = MIN(a->consumer->end_ms, at_ms);
        }
    } else if (g_str_equal(elem, "eks-upgrade")) {
        TgwActionDef *a = action_new(ld, node, TGW_ACTION_EKS_UPGRADE, at_ms);
        a->cluster = resolve_cluster(ld, node, "cluster");
        a->duration_ms = 30 * TGW_MS_PER_MINUTE;
        a->extra_enis = 5;
        read_duration(ld, node, "duration", &a->duration_ms);
        read_guint(ld, node, "extra-enis", 1, 5, &a->extra_enis);
    }
}

static void
declare_timeline_subnets(Loader *ld, xmlNode *root)
{
    FOR_CHILDREN(timeline, root, "timeline")
    {
        FOR_CHILDREN(at, timeline, "at")
        {
            g_autofree char *time = tgw_xml_prop(at, "time");
            gint64 at_ms = 0;
            if (time == NULL || !tgw_duration_parse(time, &at_ms, NULL))
                continue; /* build_timeline reports it */
            FOR_CHILDREN(child, at, "add-subnet")
            {
                TgwVpcDef *vpc = resolve_vpc(ld, child, "vpc");
                if (vpc != NULL)
                    g_hash_table_insert(ld->built, child,
                                        subnet_new(ld, child, vpc, MAX(at_ms, 1)));
            }
        }
    }
}

static void
build_timeline(Loader *ld, xmlNode *timeline)
{
    FOR_CHILDREN(at, timeline, "at")
    {
        gint64 at_ms = 0;
        if (read_duration(ld, at, "time", &at_ms) != ATTR_OK)
            continue;
        if (at_ms > ld->sc->horizon_ms)
            loader_warning(ld, at, "TIMELINE-BEYOND-HORIZON",
                           "this moment is after the horizon; its actions never happen (raise "
                           "the scenario's horizon or move them earlier)");
        FOR_CHILDREN(child, at, NULL)
        {
            build_action(ld, child, at_ms);
        }
    }
}

static gint
action_compare(gconstpointer pa, gconstpointer pb)
{
    const TgwActionDef *a = *(const TgwActionDef *const *) pa;
    const TgwActionDef *b = *(const TgwActionDef *const *) pb;
    if (a->at_ms != b->at_ms)
        return a->at_ms < b->at_ms ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* ---- expectations ---------------------------------------------------------------------------- */

static void
build_expect(Loader *ld, xmlNode *node)
{
    TgwExpectDef *e = g_new0(TgwExpectDef, 1);
    g_autoptr(GPtrArray) kinds = g_ptr_array_new();
    g_autofree char *cni = NULL, *subnet = NULL, *table = NULL, *sev = NULL, *ng = NULL;
    gboolean absent = FALSE;

    e->line = tgw_xml_line(node);
    read_string(ld, node, "name", &e->name);
    if (e->name == NULL)
        e->name = g_strdup("?");
    for (guint i = 0; i < ld->sc->expects->len; i++) {
        const TgwExpectDef *other = ld->sc->expects->pdata[i];
        if (g_str_equal(other->name, e->name))
            loader_error(ld, node, "DUPLICATE-NAME",
                         "expect '%s' is declared twice (first at line %d); tgwsim test reports "
                         "expectations by name, so names must be unique",
                         e->name, other->line);
    }
    g_ptr_array_add(ld->sc->expects, e);
    e->runs = 1;
    e->limit = -1;
    e->time_ms = -1;
    e->present = TRUE;

    if (read_string(ld, node, "cni", &cni) == ATTR_OK)
        e->has_cni = tgw_cni_mode_parse(cni, &e->cni);
    if (read_gint64(ld, node, "pods-waiting-for-ip", 0, G_MAXINT64 / 2, &e->limit) == ATTR_OK) {
        e->kind = TGW_EXPECT_PODS_WAITING;
        g_ptr_array_add(kinds, "pods-waiting-for-ip");
    }
    if (read_gint64(ld, node, "unschedulable", 0, G_MAXINT64 / 2, &e->limit) == ATTR_OK) {
        e->kind = TGW_EXPECT_UNSCHEDULABLE;
        g_ptr_array_add(kinds, "unschedulable");
    }
    if (read_count_or_percent(ld, node, "min-free", &e->min_free) == ATTR_OK) {
        e->kind = TGW_EXPECT_MIN_FREE;
        g_ptr_array_add(kinds, "min-free");
    }
    if (read_duration(ld, node, "no-exhaustion-before", &e->time_ms) == ATTR_OK) {
        e->kind = TGW_EXPECT_NO_EXHAUSTION_BEFORE;
        g_ptr_array_add(kinds, "no-exhaustion-before");
    }
    if (read_duration(ld, node, "exhausts-before", &e->time_ms) == ATTR_OK) {
        e->kind = TGW_EXPECT_EXHAUSTS_BEFORE;
        g_ptr_array_add(kinds, "exhausts-before");
    }
    if (xmlHasProp(node, (const xmlChar *) "reachable-from") != NULL ||
        xmlHasProp(node, (const xmlChar *) "reachable-to") != NULL) {
        e->kind = TGW_EXPECT_REACHABLE;
        g_ptr_array_add(kinds, "reachable-from/-to");
        read_string(ld, node, "reachable-from", &e->from);
        read_string(ld, node, "reachable-to", &e->to);
    }
    if (xmlHasProp(node, (const xmlChar *) "unreachable-from") != NULL ||
        xmlHasProp(node, (const xmlChar *) "unreachable-to") != NULL) {
        e->kind = TGW_EXPECT_UNREACHABLE;
        g_ptr_array_add(kinds, "unreachable-from/-to");
        read_string(ld, node, "unreachable-from", &e->from);
        read_string(ld, node, "unreachable-to", &e->to);
    }
    if (read_string(ld, node, "table", &table) == ATTR_OK) {
        e->kind = TGW_EXPECT_ROUTE;
        g_ptr_array_add(kinds, "table/cidr");
    }
    if (read_string(ld, node, "findings-max-severity", &sev) == ATTR_OK) {
        e->kind = TGW_EXPECT_FINDINGS_MAX;
        tgw_severity_parse(sev, &e->max_severity);
        g_ptr_array_add(kinds, "findings-max-severity");
    }
    if (xmlHasProp(node, (const xmlChar *) "at-least") != NULL) {
        e->kind = TGW_EXPECT_MAX_PODS;
        g_ptr_array_add(kinds, "node-group/at-least");
        read_gint64(ld, node, "at-least", 0, 100000, &e->limit);
    }
    if (xmlHasProp(node, (const xmlChar *) "exhaustion-probability-at-most") != NULL) {
        e->kind = TGW_EXPECT_EXHAUSTION_PROBABILITY;
        g_ptr_array_add(kinds, "exhaustion-probability-at-most");
        read_share(ld, node, "exhaustion-probability-at-most", &e->probability);
    }
    read_guint(ld, node, "runs", 1, 10000, &e->runs);

    if (kinds->len == 0) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s' checks nothing; give one of pods-waiting-for-ip, unschedulable, "
                     "min-free, no-exhaustion-before, exhausts-before, reachable-from/-to, "
                     "unreachable-from/-to, table+cidr, findings-max-severity, "
                     "node-group+at-least, exhaustion-probability-at-most",
                     e->name);
        return;
    }
    if (kinds->len > 1) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s' mixes %s and %s; an expectation checks one thing, split it",
                     e->name, (const char *) kinds->pdata[0], (const char *) kinds->pdata[1]);
        return;
    }

    /* an attribute of another kind would be ignored without a word */
    {
        static const struct {
            const char *attr;
            TgwExpectKind kind;
            const char *with;
        } owned[] = {
            {"cidr", TGW_EXPECT_ROUTE, "table"},
            {"present", TGW_EXPECT_ROUTE, "table"},
            {"absent", TGW_EXPECT_ROUTE, "table"},
            {"state", TGW_EXPECT_ROUTE, "table"},
            {"node-group", TGW_EXPECT_MAX_PODS, "at-least"},
            {"runs", TGW_EXPECT_EXHAUSTION_PROBABILITY, "exhaustion-probability-at-most"},
        };
        for (guint i = 0; i < G_N_ELEMENTS(owned); i++) {
            if (e->kind != owned[i].kind &&
                xmlHasProp(node, (const xmlChar *) owned[i].attr) != NULL)
                loader_error(ld, node, "EXPECT-KIND",
                             "expect '%s': %s= goes with %s= only; this expectation checks %s",
                             e->name, owned[i].attr, owned[i].with, (const char *) kinds->pdata[0]);
        }
    }

    /* what each kind needs */
    if (read_string(ld, node, "subnet", &subnet) == ATTR_OK) {
        if (e->kind != TGW_EXPECT_MIN_FREE && e->kind != TGW_EXPECT_NO_EXHAUSTION_BEFORE &&
            e->kind != TGW_EXPECT_EXHAUSTS_BEFORE)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': subnet= goes with min-free, no-exhaustion-before or "
                         "exhausts-before",
                         e->name);
        else
            e->subnet = resolve_subnet_ref(ld, node, "subnet", subnet);
    } else if (e->kind == TGW_EXPECT_MIN_FREE) {
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s': min-free needs subnet=\"VPC/SUBNET\" (or a unique subnet name)",
                     e->name);
    }
    if ((e->kind == TGW_EXPECT_REACHABLE || e->kind == TGW_EXPECT_UNREACHABLE) &&
        (e->from == NULL || e->to == NULL))
        loader_error(ld, node, "EXPECT-KIND",
                     "expect '%s': a reachability check needs both %s-from and %s-to", e->name,
                     e->kind == TGW_EXPECT_REACHABLE ? "reachable" : "unreachable",
                     e->kind == TGW_EXPECT_REACHABLE ? "reachable" : "unreachable");
    if (e->kind == TGW_EXPECT_ROUTE) {
        const char *slash = strchr(table, '/');
        gboolean has_state = xmlHasProp(node, (const xmlChar *) "state") != NULL;
        gboolean has_present = read_bool(ld, node, "present", &e->present) == ATTR_OK;
        gboolean has_absent = read_bool(ld, node, "absent", &absent) == ATTR_OK;
        if (has_absent)
            e->present = !absent;
        read_string(ld, node, "state", &e->state);
        if (slash == NULL) {
            loader_error(ld, node, "BAD-VALUE",
                         "expect '%s', attribute 'table': '%s' must name the transit gateway and "
                         "the table, TGW/TABLE",
                         e->name, table);
        } else {
            g_autofree char *tgw_name = g_strndup(table, (gsize) (slash - table));
            TgwTgwDef *tgw =
                lookup_named(ld, node, "table", ld->sc->tgws, "transit gateway", tgw_name, NULL);
            if (tgw != NULL)
                e->table = resolve_tgw_table_name(ld, node, "table", tgw, slash + 1);
        }
        if (read_cidr(ld, node, "cidr", &e->cidr) == ATTR_ABSENT)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': a route check needs cidr=", e->name);
        if (has_state + has_present + has_absent != 1)
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': say one of present=\"true\", absent=\"true\" or "
                         "state=\"active|blackhole|shadowed\"",
                         e->name);
    }
    if (e->kind == TGW_EXPECT_MAX_PODS) {
        if (read_name(ld, node, "node-group", &ng) == ATTR_OK)
            e->node_group = resolve_node_group(ld, node, "node-group");
        else
            loader_error(ld, node, "EXPECT-KIND",
                         "expect '%s': at-least needs node-group=", e->name);
    }
}

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
        g_autofree char *where = element_label(tgw);
        ok &= size_ok(ld, tgw, count_children(tgw, "route-table"), MAX_TGW_TABLES, "route tables",
                      where);
        ok &=
            size_ok(ld, tgw, count_children(tgw, "route"), MAX_TGW_ROUTES, "static routes", where);
        attachments += count_children(tgw, "attachment");
    }
    FOR_CHILDREN(vpc, root, "vpc")
    {
        g_autofree char *where = element_label(vpc);
        guint n = count_children(vpc, "subnet");
        ok &= size_ok(ld, vpc, n, MAX_SUBNETS_PER_VPC, "subnets", where);
        subnets += n;
        ok &= size_ok(ld, vpc, count_children(vpc, "cidr-block"), MAX_CIDR_BLOCKS,
                      "secondary CIDR blocks", where);
        ok &= size_ok(ld, vpc, count_children(vpc, "route-table"), MAX_VPC_TABLES, "route tables",
                      where);
        FOR_CHILDREN(table, vpc, "route-table")
        {
            g_autofree char *twhere = element_label(table);
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
        consumers += is_consumer_element(child);
    }
    FOR_CHILDREN(timeline, root, "timeline")
    {
        FOR_CHILDREN(at, timeline, "at")
        {
            FOR_CHILDREN(action, at, NULL)
            {
                actions++;
                consumers += is_consumer_element(action);
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

    read_string(ld, root, "name", &sc->name);
    if (sc->name == NULL)
        sc->name = g_strdup("");
    else if (strlen(sc->name) > 200)
        loader_error(ld, root, "BAD-VALUE", "the scenario name is %zu characters; at most 200",
                     strlen(sc->name));
    sc->seed = 1;
    read_uint(ld, root, "seed", 0, G_MAXUINT64, &sc->seed);
    sc->horizon_ms = 30 * TGW_MS_PER_DAY;
    if (read_duration(ld, root, "horizon", &sc->horizon_ms) == ATTR_OK && sc->horizon_ms <= 0)
        loader_error(ld, root, "BAD-VALUE", "the horizon must be above zero, e.g. horizon=\"30d\"");
    read_string(ld, root, "region", &sc->region);
    sc->sample_every_ms = 0;
    read_duration(ld, root, "sample-every", &sc->sample_every_ms);
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
        build_tgw(ld, child);
    }
    FOR_CHILDREN(child, root, "vpc")
    {
        build_vpc(ld, child);
    }
    declare_timeline_subnets(ld, root);
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "transit-gateway")
        {
            build_tgw_attachments(ld, child, sc->tgws->pdata[i++]);
        }
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "vpc")
        {
            build_vpc_attachments(ld, child, sc->vpcs->pdata[i++]);
        }
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "transit-gateway")
        {
            build_tgw_routes(ld, child, sc->tgws->pdata[i++]);
        }
    }
    FOR_CHILDREN(child, root, "eks-cluster")
    {
        build_cluster(ld, child);
    }
    FOR_CHILDREN(child, root, NULL)
    {
        if (is_consumer_element(child))
            build_consumer(ld, child, 0);
    }
    {
        guint i = 0;
        FOR_CHILDREN(child, root, "vpc")
        {
            build_vpc_routes(ld, child, sc->vpcs->pdata[i++]);
        }
    }
    FOR_CHILDREN(child, root, "timeline")
    {
        build_timeline(ld, child);
    }
    g_ptr_array_sort(sc->actions, action_compare);
    fill_subnet_tables(ld);
    FOR_CHILDREN(child, root, "expect")
    {
        build_expect(ld, child);
    }
    if (sc->sample_every_ms <= 0)
        sc->sample_every_ms = MAX(sc->horizon_ms / 500, TGW_MS_PER_MINUTE);
}

static void
compute_sha256(TgwScenario *sc, const char *data, gsize len)
{
    g_autofree char *hex =
        g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *) data, len);
    g_strlcpy(sc->input_sha256, hex, sizeof sc->input_sha256);
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
    compute_sha256(sc, data, len);
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
