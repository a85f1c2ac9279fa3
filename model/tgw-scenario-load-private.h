/* tgw-scenario-load-private.h: what the files of the scenario loader share.
 *
 * The loader (tgw-scenario-load.h) is one pipeline in five files, read in this order:
 *   tgw-scenario-load-attrs.c    findings, the typed attribute readers, name resolution
 *   tgw-scenario-load-network.c  transit gateways, VPCs, their subnets, route tables, attachments
 *   tgw-scenario-load-eks.c      EKS clusters (VPC CNI settings, node groups, workloads), consumers
 *   tgw-scenario-load-timeline.c the timeline's actions and the <expect> elements
 *   tgw-scenario-load.c          the size limits, the <scenario> element, the public entry points
 * Each element kind is built by one function that reads its attributes with the typed readers,
 * resolves the names it refers to and fills its defaults; all report through loader_add. */
#pragma once

#include <string.h>

#include "tgw-error.h"
#include "tgw-scenario-load.h"
#include "tgw-scenario-private.h"
#include "tgw-xml.h"

G_BEGIN_DECLS

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
/* every def struct starts with these two fields, so lists of them can be searched generically */
typedef struct {
    char *name;
    int line;
} NamedHead;

#define loader_error(ld, node, code, ...)                                                          \
    loader_add(ld, TGW_SEVERITY_ERROR, node, code, __VA_ARGS__)
#define loader_warning(ld, node, code, ...)                                                        \
    loader_add(ld, TGW_SEVERITY_WARNING, node, code, __VA_ARGS__)

/* iterate the element children of node with a given name (NULL: all) */
#define FOR_CHILDREN(child, parent, elem)                                                          \
    for (xmlNode *child = (parent)->children; child != NULL; child = child->next)                  \
        if (child->type == XML_ELEMENT_NODE &&                                                     \
            ((elem) == NULL || xmlStrEqual(child->name, (const xmlChar *) (elem))))

void loader_add(Loader *ld, TgwSeverity severity, xmlNode *node, const char *code, const char *fmt,
                ...) G_GNUC_PRINTF(5, 6);

/* tgw-scenario-load-attrs.c */
/* one typed reader per value syntax of tgw-value.h, each of the same shape */
AttrResult load_read_cidr(Loader *ld, xmlNode *node, const char *attr, TgwCidr *out);
AttrResult load_read_duration(Loader *ld, xmlNode *node, const char *attr, gint64 *out);
AttrResult load_read_bool(Loader *ld, xmlNode *node, const char *attr, gboolean *out);
AttrResult load_read_cpu(Loader *ld, xmlNode *node, const char *attr, gint64 *out);
AttrResult load_read_memory(Loader *ld, xmlNode *node, const char *attr, gint64 *out);
AttrResult load_read_distribution(Loader *ld, xmlNode *node, const char *attr,
                                  TgwDistribution *out);
AttrResult load_read_replicas(Loader *ld, xmlNode *node, const char *attr, TgwReplicas *out);
AttrResult load_read_count_or_percent(Loader *ld, xmlNode *node, const char *attr,
                                      TgwCountOrPercent *out);
AttrResult load_read_share(Loader *ld, xmlNode *node, const char *attr, double *out);
char *load_element_label(xmlNode *node);
void load_bad_value(Loader *ld, xmlNode *node, const char *attr, const GError *error);
AttrResult load_read_string(Loader *ld, xmlNode *node, const char *attr, char **out);
gboolean load_name_is_valid(const char *name);
AttrResult load_read_name(Loader *ld, xmlNode *node, const char *attr, char **out);
AttrResult load_read_uint(Loader *ld, xmlNode *node, const char *attr, guint64 min, guint64 max,
                          guint64 *out);
AttrResult load_read_guint(Loader *ld, xmlNode *node, const char *attr, guint min, guint max,
                           guint *out);
AttrResult load_read_gint64(Loader *ld, xmlNode *node, const char *attr, gint64 min, gint64 max,
                            gint64 *out);
AttrResult load_read_names(Loader *ld, xmlNode *node, const char *attr, GStrv *out);
AttrResult load_read_cidr_list(Loader *ld, xmlNode *node, const char *attr, GArray *out);
void *load_lookup_named(Loader *ld, xmlNode *node, const char *attr, GPtrArray *defs,
                        const char *what, const char *name, const char *scope);
TgwVpcDef *load_resolve_vpc(Loader *ld, xmlNode *node, const char *attr);
TgwTgwDef *load_resolve_tgw(Loader *ld, xmlNode *node, const char *attr);
TgwClusterDef *load_resolve_cluster(Loader *ld, xmlNode *node, const char *attr);
TgwWorkloadDef *load_resolve_workload(Loader *ld, xmlNode *node, const char *attr);
TgwNodeGroupDef *load_resolve_node_group(Loader *ld, xmlNode *node, const char *attr);
TgwConsumerDef *load_resolve_consumer(Loader *ld, xmlNode *node, const char *attr);
TgwTgwTableDef *load_resolve_tgw_table_name(Loader *ld, xmlNode *node, const char *attr,
                                            TgwTgwDef *tgw, const char *name);
TgwAttachmentDef *load_resolve_attachment_name(Loader *ld, xmlNode *node, const char *attr,
                                               TgwTgwDef *tgw, const char *name);
TgwSubnetDef *load_resolve_subnet_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc,
                                     const char *name);
GPtrArray *load_resolve_subnets_in(Loader *ld, xmlNode *node, const char *attr, TgwVpcDef *vpc);
TgwSubnetDef *load_resolve_subnet_ref(Loader *ld, xmlNode *node, const char *attr, const char *ref);

/* tgw-scenario-load-network.c */
gboolean load_check_unique(Loader *ld, xmlNode *node, GPtrArray *existing, const char *what,
                           const char *name, const char *scope);
void load_build_tgw(Loader *ld, xmlNode *node);
void load_build_tgw_attachments(Loader *ld, xmlNode *node, TgwTgwDef *tgw);
TgwTgwRouteDef *load_read_tgw_route(Loader *ld, xmlNode *node, TgwTgwDef *tgw);
void load_build_tgw_routes(Loader *ld, xmlNode *node, TgwTgwDef *tgw);
TgwSubnetDef *load_subnet_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gint64 added_ms);
TgwCidrBlockDef *load_cidr_block_new(Loader *ld, xmlNode *node, TgwVpcDef *vpc, gboolean primary,
                                     gint64 added_ms);
void load_build_vpc(Loader *ld, xmlNode *node);
void load_fill_subnet_tables(Loader *ld);
void load_build_vpc_attachments(Loader *ld, xmlNode *node, TgwVpcDef *vpc);
void load_build_vpc_routes(Loader *ld, xmlNode *node, TgwVpcDef *vpc);

/* tgw-scenario-load-eks.c */
void load_read_cni_settings(Loader *ld, xmlNode *node, TgwCniDef *cni, TgwVpcDef *vpc);
void load_build_cluster(Loader *ld, xmlNode *node);
TgwConsumerDef *load_build_consumer(Loader *ld, xmlNode *node, gint64 added_ms);
gboolean load_is_consumer_element(xmlNode *node);

/* tgw-scenario-load-timeline.c */
void load_declare_timeline_subnets(Loader *ld, xmlNode *root);
void load_build_timeline(Loader *ld, xmlNode *timeline);
gint load_action_compare(gconstpointer pa, gconstpointer pb);
void load_build_expect(Loader *ld, xmlNode *node);

G_END_DECLS
