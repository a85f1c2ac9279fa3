/* tgw-text-table.c: aligned plain-text tables (tgw-text-table.h), used by tgwsim routes and
 * tgwsim reach --matrix. Widths count UTF-8 characters, so names stay aligned. */
#include "tgw-text-table.h"

#include <stdarg.h>

struct _TgwTextTable {
    GPtrArray *rows; /* GStrv */
};

TgwTextTable *
tgw_text_table_new(void)
{
    TgwTextTable *table = g_new0(TgwTextTable, 1);
    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    return table;
}

void
tgw_text_table_free(TgwTextTable *table)
{
    if (table == NULL)
        return;
    g_ptr_array_unref(table->rows);
    g_free(table);
}

void
tgw_text_table_add_row(TgwTextTable *table, const char *const *cells, guint n)
{
    char **row = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++)
        row[i] = g_strdup(cells[i] != NULL ? cells[i] : "");
    g_ptr_array_add(table->rows, row);
}

void
tgw_text_table_add(TgwTextTable *table, const char *first, ...)
{
    g_autoptr(GPtrArray) cells = g_ptr_array_new();
    va_list ap;

    va_start(ap, first);
    for (const char *c = first; c != NULL; c = va_arg(ap, const char *))
        g_ptr_array_add(cells, (gpointer) c);
    va_end(ap);
    tgw_text_table_add_row(table, (const char *const *) cells->pdata, cells->len);
}

void
tgw_text_table_print(const TgwTextTable *table, FILE *out, const char *indent)
{
    g_autoptr(GArray) widths = g_array_new(FALSE, TRUE, sizeof(glong));

    for (guint r = 0; r < table->rows->len; r++) {
        char **row = table->rows->pdata[r];
        for (guint c = 0; row[c] != NULL; c++) {
            glong w = g_utf8_strlen(row[c], -1);
            if (c >= widths->len)
                g_array_set_size(widths, c + 1);
            if (w > g_array_index(widths, glong, c))
                g_array_index(widths, glong, c) = w;
        }
    }
    for (guint r = 0; r < table->rows->len; r++) {
        char **row = table->rows->pdata[r];
        guint n = g_strv_length(row);
        fputs(indent, out);
        for (guint c = 0; c < n; c++) {
            fputs(row[c], out);
            if (c + 1 < n) {
                glong pad = g_array_index(widths, glong, c) - g_utf8_strlen(row[c], -1) + 2;
                fprintf(out, "%*s", (int) pad, "");
            }
        }
        fputc('\n', out);
    }
}
