/* tgw-import-private.h: what the Terraform importer's reader (tgw-import-terraform.c) hands its
 * writer (tgw-import-write.c): every resource instance, the lookups between them, the names given
 * out. Not for use outside import/. */
#pragma once

#include <json-glib/json-glib.h>

#include "tgw-import-doc.h"

G_BEGIN_DECLS

/* one resource instance of the document */
typedef struct {
    char *address;       /* module.net.aws_subnet.private[0] */
    char *type;          /* aws_subnet */
    char *module;        /* module.net, or "" */
    char *config_addr;   /* aws_subnet.private: its block in the module's configuration */
    gboolean data;       /* a data source */
    JsonObject *values;  /* the values it has (state) or will have (plan), owned by the document */
    JsonObject *unknown; /* plan: after_unknown of its change, or NULL */
    const char *block;   /* set on a copy whose values are a nested block's (vpc_config): where
                          * after_unknown and the configuration keep that block's attributes */
    char *name;          /* its scenario name, once given */
    gboolean written;
} Res;

typedef struct {
    const char *file;
    JsonNode *root;
    gboolean plan;
    JsonObject *config;     /* plan: configuration.root_module, for references */
    GPtrArray *res;         /* Res*, document order */
    GHashTable *by_address; /* address -> Res* */
    GHashTable *by_id;      /* values.id -> Res* (the first) */
    GHashTable *by_type;    /* type -> GPtrArray of the managed Res* of that type, document order */
    GPtrArray *none;        /* empty: of_type's answer for a type with no resource */
    ImpDoc *doc;            /* the document being written (its names), while imp_write runs */
    GPtrArray *warnings;    /* char* */
    guint managed, mapped, placeholders;
    GError *error; /* the first error */
} Imp;

void imp_warn(Imp *imp, const Res *r, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* sets the first error; returns FALSE */
gboolean imp_fail(Imp *imp, const Res *r, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* whether attr of r is known only after apply */
gboolean imp_unknown(const Res *r, const char *attr);
GPtrArray *imp_refs(Imp *imp, const Res *r, const char *attr, const char *want,
                    GPtrArray *dangling);
Res *imp_ref(Imp *imp, const Res *r, const char *attr, const char *want);
char *imp_describe_missing(Imp *imp, const char *id);
const char *imp_name(Imp *imp, Res *r, const char *scope);

/* the scenario document (tgw-import-write.c), or NULL with imp->error set */
char *imp_write(Imp *imp);

G_END_DECLS
