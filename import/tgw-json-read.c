/* tgw-json-read.c: guarded JSON reading and typed accessors (see tgw-json-read.h). */
#include "tgw-json-read.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "tgw-error.h"

/* the line of byte offset pos, 1-based */
static guint
line_of(const char *data, gsize pos)
{
    guint line = 1;
    for (gsize i = 0; i < pos; i++)
        line += data[i] == '\n';
    return line;
}

/* the deepest nesting of [ and { outside strings, stopping at the first level past the limit */
static gboolean
depth_ok(const char *data, gsize len, gsize *where)
{
    guint depth = 0;
    gboolean in_string = FALSE;
    for (gsize i = 0; i < len; i++) {
        char c = data[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = FALSE;
        } else if (c == '"') {
            in_string = TRUE;
        } else if (c == '[' || c == '{') {
            if (++depth > TGW_JSON_MAX_DEPTH) {
                *where = i;
                return FALSE;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return TRUE;
}

JsonNode *
tgw_json_read(const char *data, gsize len, const char *file, GError **error)
{
    g_autoptr(JsonParser) parser = NULL;
    g_autoptr(GError) parse_error = NULL;
    const char *bad = NULL;
    gsize where = 0;

    if (len > TGW_JSON_MAX_BYTES) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: the file has %" G_GSIZE_FORMAT " bytes; tgwsim reads JSON documents of "
                    "at most %d MiB",
                    file, len, TGW_JSON_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    if (memchr(data, '\0', len) != NULL || !g_utf8_validate(data, (gssize) len, &bad)) {
        gsize at = bad != NULL ? (gsize) (bad - data)
                               : (gsize) ((const char *) memchr(data, '\0', len) - data);
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s:%u: not UTF-8 text (a NUL or an invalid byte at offset %" G_GSIZE_FORMAT
                    "); JSON is UTF-8",
                    file, line_of(data, at), at);
        return NULL;
    }
    if (!depth_ok(data, len, &where)) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s:%u: JSON nested deeper than %d levels; Terraform and AWS documents nest a "
                    "few dozen",
                    file, line_of(data, where), TGW_JSON_MAX_DEPTH);
        return NULL;
    }
    parser = json_parser_new_immutable();
    if (!json_parser_load_from_data(parser, data, (gssize) len, &parse_error)) {
        /* json-glib's message starts with "<data>:LINE:COL: "; keep the position, name the file */
        const char *msg = parse_error->message;
        if (g_str_has_prefix(msg, "<data>:"))
            msg += strlen("<data>:");
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "%s:%s (not valid JSON)", file, msg);
        return NULL;
    }
    if (json_parser_get_root(parser) == NULL) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "%s:1: empty: expected a JSON document",
                    file);
        return NULL;
    }
    return json_node_copy(json_parser_get_root(parser));
}

JsonNode *
tgw_json_read_file(const char *path, GError **error)
{
    struct stat st;
    g_autofree char *data = NULL;
    gsize len = 0;

    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > TGW_JSON_MAX_BYTES) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: the file has %lld bytes; tgwsim reads JSON documents of at most %d MiB",
                    path, (long long) st.st_size, TGW_JSON_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    if (!g_file_get_contents(path, &data, &len, error)) {
        g_prefix_error(error, "%s: ", path);
        return NULL;
    }
    return tgw_json_read(data, len, path, error);
}

static JsonNode *
member(JsonObject *obj, const char *name)
{
    JsonNode *n = obj != NULL ? json_object_get_member(obj, name) : NULL;
    return n != NULL && !JSON_NODE_HOLDS_NULL(n) ? n : NULL;
}

JsonObject *
tgw_json_get_object(JsonObject *obj, const char *name)
{
    JsonNode *n = member(obj, name);
    return n != NULL && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonArray *
tgw_json_get_array(JsonObject *obj, const char *name)
{
    JsonNode *n = member(obj, name);
    return n != NULL && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

const char *
tgw_json_get_string(JsonObject *obj, const char *name)
{
    JsonNode *n = member(obj, name);
    return n != NULL && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n)
               : NULL;
}

gboolean
tgw_json_get_int(JsonObject *obj, const char *name, gint64 *out)
{
    JsonNode *n = member(obj, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n))
        return FALSE;
    if (json_node_get_value_type(n) == G_TYPE_INT64) {
        *out = json_node_get_int(n);
        return TRUE;
    }
    if (json_node_get_value_type(n) == G_TYPE_DOUBLE) {
        double d = json_node_get_double(n);
        if (d >= -9.0e15 && d <= 9.0e15 && d == (double) (gint64) d) {
            *out = (gint64) d;
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
tgw_json_get_bool(JsonObject *obj, const char *name, gboolean fallback)
{
    JsonNode *n = member(obj, name);
    if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN)
        return fallback;
    return json_node_get_boolean(n);
}

JsonObject *
tgw_json_get_block(JsonObject *obj, const char *name)
{
    JsonArray *a = tgw_json_get_array(obj, name);
    JsonNode *n = a != NULL && json_array_get_length(a) > 0 ? json_array_get_element(a, 0) : NULL;
    if (n == NULL)
        return tgw_json_get_object(obj, name); /* some providers write a plain object */
    return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

GPtrArray *
tgw_json_get_strings(JsonObject *obj, const char *name)
{
    GPtrArray *out = g_ptr_array_new();
    JsonArray *a = tgw_json_get_array(obj, name);
    for (guint i = 0; a != NULL && i < json_array_get_length(a); i++) {
        JsonNode *n = json_array_get_element(a, i);
        if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
            g_ptr_array_add(out, (gpointer) json_node_get_string(n));
    }
    return out;
}
