/* tgw-json-read.h: reading JSON documents that users hand to tgwsim (Terraform's and AWS's), with
 * the same bad-input discipline as the scenario loader.
 *
 * json-glib parses; this file guards it and gives typed, NULL-safe accessors. Before json-glib
 * sees a byte, the text is checked for size (at most TGW_JSON_MAX_BYTES), UTF-8 and nesting depth
 * (at most TGW_JSON_MAX_DEPTH: json-glib recurses once per level and a document nested 100,000
 * deep would overflow the stack). Errors read "FILE:LINE: what is wrong". */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TGW_JSON_MAX_BYTES (64 * 1024 * 1024)
#define TGW_JSON_MAX_DEPTH 256

/* the parsed document's root, or NULL and an error */
JsonNode *tgw_json_read(const char *data, gsize len, const char *file, GError **error);
/* reads the file (refusing one over TGW_JSON_MAX_BYTES before reading it) and parses it */
JsonNode *tgw_json_read_file(const char *path, GError **error);

/* members of an object, NULL (or the fallback) when absent, null or of another type; obj may be
 * NULL */
JsonObject *tgw_json_get_object(JsonObject *obj, const char *member);
JsonArray *tgw_json_get_array(JsonObject *obj, const char *member);
const char *tgw_json_get_string(JsonObject *obj, const char *member);
gboolean tgw_json_get_int(JsonObject *obj, const char *member, gint64 *out);
gboolean tgw_json_get_bool(JsonObject *obj, const char *member, gboolean fallback);
/* a one-element list of objects (Terraform's nested blocks): its element, or NULL */
JsonObject *tgw_json_get_block(JsonObject *obj, const char *member);
/* the strings of an array member (others skipped), in order; never NULL */
GPtrArray *tgw_json_get_strings(JsonObject *obj, const char *member);

G_END_DECLS
