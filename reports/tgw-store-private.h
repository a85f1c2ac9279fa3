/* tgw-store-private.h: what the files of the results store share.
 *
 *   tgw-store.c        the schema and its migrations, opening, transactions, statement helpers
 *   tgw-store-write.c  storing runs (one transaction each, or the caller's) and outcomes
 *   tgw-store-read.c   listing stored runs and loading one back
 * Every statement is prepared; a failure becomes a GError naming the store's path and, where the
 * user can act on it, what to do. */
#pragma once

#include <sqlite3.h>

#include "tgw-error.h"
#include "tgw-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(sqlite3_stmt, sqlite3_finalize)

struct _TgwStore {
    sqlite3 *db;
    char *path;
    gboolean readonly;
    gboolean in_transaction; /* tgw_store_begin() without commit or rollback yet */
    gint64 batch;            /* the first run id of the explicit transaction, 0 before it */
};

/* tgw-store.c */
gboolean store_fail(TgwStore *s, GError **error, const char *what);
sqlite3_stmt *store_prepare(TgwStore *s, const char *sql, GError **error);
gboolean store_step_done(TgwStore *s, sqlite3_stmt *stmt, const char *what, GError **error);
gboolean store_exec_script(TgwStore *s, const char *sql, const char *what, GError **error);
gboolean store_query_int(TgwStore *s, const char *sql, gint64 *out, GError **error);
void store_bind_u64(sqlite3_stmt *stmt, int i, guint64 v);
void store_bind_text(sqlite3_stmt *stmt, int i, const char *text);
void store_bind_ms_or_null(sqlite3_stmt *stmt, int i, gint64 ms);

G_END_DECLS
