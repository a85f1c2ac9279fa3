/* tgw-text-table.h: aligned plain-text tables for the commands' human output.
 *
 * Rows of cells are collected first, then printed with every column as wide as its widest cell
 * (two spaces between columns, no trailing blanks), so the output is stable for golden tests. */
#pragma once

#include <stdio.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TgwTextTable TgwTextTable;

TgwTextTable *tgw_text_table_new(void);
void tgw_text_table_free(TgwTextTable *table);
/* appends a row of cells (copied); the list ends with NULL */
void tgw_text_table_add(TgwTextTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
/* appends a row from an array of cells (copied) */
void tgw_text_table_add_row(TgwTextTable *table, const char *const *cells, guint n);
/* prints every row, each prefixed with indent */
void tgw_text_table_print(const TgwTextTable *table, FILE *out, const char *indent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwTextTable, tgw_text_table_free)

G_END_DECLS
