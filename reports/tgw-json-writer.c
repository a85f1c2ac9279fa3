/* tgw-json-writer.c: streaming JSON writer (see tgw-json-writer.h for why not json-glib). */
#include "tgw-json-writer.h"

#include <math.h>
#include <string.h>

typedef struct {
    gboolean is_object;
    guint count; /* values written in this container */
} Frame;

struct _TgwJsonWriter {
    GString *out;
    GArray *stack; /* Frame */
    gboolean after_key;
};

TgwJsonWriter *
tgw_json_writer_new(void)
{
    TgwJsonWriter *w = g_new0(TgwJsonWriter, 1);
    w->out = g_string_new(NULL);
    w->stack = g_array_new(FALSE, FALSE, sizeof(Frame));
    return w;
}

void
tgw_json_writer_free(TgwJsonWriter *w)
{
    if (w == NULL)
        return;
    g_string_free(w->out, TRUE);
    g_array_unref(w->stack);
    g_free(w);
}

const char *
tgw_json_writer_get(TgwJsonWriter *w)
{
    return w->out->str;
}

char *
tgw_json_writer_steal(TgwJsonWriter *w)
{
    char *s = g_string_free(w->out, FALSE);
    w->out = g_string_new(NULL);
    return s;
}

static void
newline_indent(TgwJsonWriter *w)
{
    g_string_append_c(w->out, '\n');
    for (guint i = 0; i < w->stack->len; i++)
        g_string_append(w->out, "  ");
}

/* separator and indentation before a value (or a key) */
static void
before_value(TgwJsonWriter *w)
{
    Frame *f = NULL;
    if (w->after_key) {
        w->after_key = FALSE;
        return;
    }
    if (w->stack->len == 0)
        return;
    f = &g_array_index(w->stack, Frame, w->stack->len - 1);
    if (f->count++ > 0)
        g_string_append_c(w->out, ',');
    newline_indent(w);
}

void
tgw_json_escape(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char) *p);
        }
    }
    g_string_append_c(out, '"');
}

static void
begin(TgwJsonWriter *w, gboolean is_object)
{
    Frame f = {is_object, 0};
    before_value(w);
    g_string_append_c(w->out, is_object ? '{' : '[');
    g_array_append_val(w->stack, f);
}

static void
end(TgwJsonWriter *w, gboolean is_object)
{
    Frame f;
    g_return_if_fail(w->stack->len > 0);
    f = g_array_index(w->stack, Frame, w->stack->len - 1);
    g_return_if_fail(f.is_object == is_object);
    g_array_set_size(w->stack, w->stack->len - 1);
    if (f.count > 0)
        newline_indent(w);
    g_string_append_c(w->out, is_object ? '}' : ']');
    if (w->stack->len == 0)
        g_string_append_c(w->out, '\n');
}

void
tgw_json_begin_object(TgwJsonWriter *w)
{
    begin(w, TRUE);
}

void
tgw_json_end_object(TgwJsonWriter *w)
{
    end(w, TRUE);
}

void
tgw_json_begin_array(TgwJsonWriter *w)
{
    begin(w, FALSE);
}

void
tgw_json_end_array(TgwJsonWriter *w)
{
    end(w, FALSE);
}

void
tgw_json_key(TgwJsonWriter *w, const char *key)
{
    before_value(w);
    tgw_json_escape(w->out, key);
    g_string_append(w->out, ": ");
    w->after_key = TRUE;
}

void
tgw_json_string(TgwJsonWriter *w, const char *value)
{
    if (value == NULL) {
        tgw_json_null(w);
        return;
    }
    before_value(w);
    tgw_json_escape(w->out, value);
}

void
tgw_json_int(TgwJsonWriter *w, gint64 value)
{
    before_value(w);
    g_string_append_printf(w->out, "%" G_GINT64_FORMAT, value);
}

void
tgw_json_uint(TgwJsonWriter *w, guint64 value)
{
    before_value(w);
    g_string_append_printf(w->out, "%" G_GUINT64_FORMAT, value);
}

void
tgw_json_bool(TgwJsonWriter *w, gboolean value)
{
    before_value(w);
    g_string_append(w->out, value ? "true" : "false");
}

void
tgw_json_member_string(TgwJsonWriter *w, const char *key, const char *value)
{
    tgw_json_key(w, key);
    tgw_json_string(w, value);
}

void
tgw_json_member_int(TgwJsonWriter *w, const char *key, gint64 value)
{
    tgw_json_key(w, key);
    tgw_json_int(w, value);
}

void
tgw_json_member_uint(TgwJsonWriter *w, const char *key, guint64 value)
{
    tgw_json_key(w, key);
    tgw_json_uint(w, value);
}

void
tgw_json_member_bool(TgwJsonWriter *w, const char *key, gboolean value)
{
    tgw_json_key(w, key);
    tgw_json_bool(w, value);
}

void
tgw_json_null(TgwJsonWriter *w)
{
    before_value(w);
    g_string_append(w->out, "null");
}

/* ms as seconds, appended as it stands (no separator) */
static void
append_ms_as_seconds(GString *out, gint64 ms)
{
    gint64 whole = ms / 1000, frac = ms % 1000;
    if (ms < 0) {
        g_string_append_c(out, '-');
        whole = -whole;
        frac = -frac;
    }
    g_string_append_printf(out, "%" G_GINT64_FORMAT, whole);
    if (frac != 0) {
        char buf[8];
        int len = 0;
        g_snprintf(buf, sizeof buf, ".%03d", (int) frac);
        len = (int) strlen(buf);
        while (buf[len - 1] == '0')
            buf[--len] = '\0';
        g_string_append(out, buf);
    }
}

void
tgw_json_ms_as_seconds(TgwJsonWriter *w, gint64 ms)
{
    before_value(w);
    append_ms_as_seconds(w->out, ms);
}

void
tgw_json_member_seconds_row(TgwJsonWriter *w, const char *key, const gint64 *ms, guint n)
{
    tgw_json_key(w, key);
    before_value(w);
    g_string_append_c(w->out, '[');
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(w->out, ", ");
        append_ms_as_seconds(w->out, ms[i]);
    }
    g_string_append_c(w->out, ']');
}

void
tgw_json_member_uint_row(TgwJsonWriter *w, const char *key, const guint64 *values, guint n)
{
    tgw_json_key(w, key);
    before_value(w);
    g_string_append_c(w->out, '[');
    for (guint i = 0; i < n; i++)
        g_string_append_printf(w->out, "%s%" G_GUINT64_FORMAT, i > 0 ? ", " : "", values[i]);
    g_string_append_c(w->out, ']');
}

void
tgw_json_ms_as_seconds_or_null(TgwJsonWriter *w, gint64 ms)
{
    if (ms >= 0)
        tgw_json_ms_as_seconds(w, ms);
    else
        tgw_json_null(w);
}

void
tgw_json_double(TgwJsonWriter *w, double value, guint decimals)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE], fmt[16];
    gsize len = 0;
    if (!isfinite(value)) {
        tgw_json_null(w);
        return;
    }
    before_value(w);
    g_snprintf(fmt, sizeof fmt, "%%.%uf", MIN(decimals, 9u));
    g_ascii_formatd(buf, sizeof buf, fmt, value);
    len = strlen(buf);
    if (strchr(buf, '.') != NULL) {
        while (buf[len - 1] == '0')
            buf[--len] = '\0';
        if (buf[len - 1] == '.')
            buf[--len] = '\0';
    }
    if (g_str_equal(buf, "-0"))
        g_strlcpy(buf, "0", sizeof buf);
    g_string_append(w->out, buf);
}
