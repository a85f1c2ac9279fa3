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
    xmlNode *cur;      /* the element being written */
    GHashTable *names; /* "scope\nname" given out */
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

/* NULL when the loader takes the document; else why not (its first error), "near" the source
 * the comment before that element names */
char *imp_doc_refusal(const char *xml);

G_END_DECLS
