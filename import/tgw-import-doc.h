/* tgw-import-doc.h: the scenario document an importer writes, element by element (libxml2's
 * tree, dumped formatted), and the value checks every importer applies before writing: a value
 * the loader would refuse is left out with a comment, never written. Shared by the Terraform and
 * the AWS importers. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

typedef struct {
    xmlDoc *doc;
    xmlNode *cur;        /* the element being written */
    GHashTable *names;   /* "scope\nname" given out */
    gint64 last_desired; /* of the last node group written, for its placeholder */
} ImpDoc;

/* a document <scenario version="1" name=NAME seed="1" horizon="30d"> with its description */
void imp_doc_init(ImpDoc *d, const char *name, const char *description);
void imp_doc_clear(ImpDoc *d);
/* the document as text, formatted, UTF-8 */
char *imp_doc_dump(ImpDoc *d);

void imp_doc_comment(ImpDoc *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void imp_doc_start(ImpDoc *d, const char *element);
void imp_doc_attr(ImpDoc *d, const char *name, const char *value); /* NULL: none */
void imp_doc_attr_uint(ImpDoc *d, const char *name, guint64 value);
void imp_doc_end(ImpDoc *d);

/* a name of the scenario language: a letter or digit first; letters, digits, '-', '_', '.'; at
 * most 128 characters */
gboolean imp_is_name(const char *text);
gboolean imp_is_cidr(const char *text);
/* text made a name (other characters become '-', runs of them one, at most 120) and unique in
 * scope ("-2", "-3" ... added); fallback when nothing is left */
char *imp_doc_unique_name(ImpDoc *d, const char *scope, const char *text, const char *fallback);
/* reserves a name in scope (one the importer writes itself, e.g. a TGW's "default" table) */
void imp_doc_reserve_name(ImpDoc *d, const char *scope, const char *name);

/* starts <node-group> with its size (min, max and desired made consistent the way the scenario
 * takes them: desired defaults to min) and subnets; the caller adds any attribute and ends it */
void imp_doc_node_group(ImpDoc *d, const char *name, const char *itype, gint64 min, gint64 max,
                        gint64 desired, gboolean have_desired, const char *subnets);
/* the placeholder workload of a node group (the inputs describe no pods): its desired nodes times
 * the pods a node runs (the kubelet's max pods, max-pods unset, or what the VPC CNI addresses in
 * the mode if fewer); source says where the pods should come from. Returns the pods written */
guint64 imp_doc_placeholder(ImpDoc *d, const char *node_group, const char *itype, gboolean custom,
                            gboolean prefix, const char *source, const char *cluster);

/* NULL when the loader takes the document; else why not (its first error), "near" the source
 * the comment before that element names */
char *imp_doc_refusal(const char *xml);

G_END_DECLS
