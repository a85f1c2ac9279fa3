/* tgw-json-writer.h: a small streaming JSON writer for tgwsim's machine-readable output.
 *
 * json-glib reads JSON for us, but its generator prints every double with "%.17g" (a time of
 * 812345.2 s comes out as 812345.19999999995), and tgwsim's JSON is a contract that people diff.
 * This writer prints times from integer milliseconds exactly, escapes strings per RFC 8259
 * (quotes, backslashes and every control character), keeps keys in the order they are written
 * and indents with two spaces. Same input, same bytes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TgwJsonWriter TgwJsonWriter;

TgwJsonWriter *tgw_json_writer_new(void);
void tgw_json_writer_free(TgwJsonWriter *w);
/* the document so far; valid until the next call */
const char *tgw_json_writer_get(TgwJsonWriter *w);
char *tgw_json_writer_steal(TgwJsonWriter *w);

void tgw_json_begin_object(TgwJsonWriter *w);
void tgw_json_end_object(TgwJsonWriter *w);
void tgw_json_begin_array(TgwJsonWriter *w);
void tgw_json_end_array(TgwJsonWriter *w);
/* the key of the next value inside an object */
void tgw_json_key(TgwJsonWriter *w, const char *key);
void tgw_json_string(TgwJsonWriter *w, const char *value); /* NULL writes null */
void tgw_json_int(TgwJsonWriter *w, gint64 value);
void tgw_json_uint(TgwJsonWriter *w, guint64 value);
void tgw_json_bool(TgwJsonWriter *w, gboolean value);
void tgw_json_null(TgwJsonWriter *w);
/* a key and its value in one call: "key": value */
void tgw_json_member_string(TgwJsonWriter *w, const char *key, const char *value);
void tgw_json_member_int(TgwJsonWriter *w, const char *key, gint64 value);
void tgw_json_member_uint(TgwJsonWriter *w, const char *key, guint64 value);
void tgw_json_member_bool(TgwJsonWriter *w, const char *key, gboolean value);
/* milliseconds as seconds with up to three decimals, e.g. 812345200 -> 812345.2 */
void tgw_json_ms_as_seconds(TgwJsonWriter *w, gint64 ms);
/* the same, or null for a negative time (tgwsim's "never") */
void tgw_json_ms_as_seconds_or_null(TgwJsonWriter *w, gint64 ms);
/* "key": [...] on one line, for long series of numbers: milliseconds as seconds, or counts */
void tgw_json_member_seconds_row(TgwJsonWriter *w, const char *key, const gint64 *ms, guint n);
void tgw_json_member_uint_row(TgwJsonWriter *w, const char *key, const guint64 *values, guint n);
/* a number with at most `decimals` decimals, trailing zeros dropped (NaN/inf write null) */
void tgw_json_double(TgwJsonWriter *w, double value, guint decimals);

/* appends s as a JSON string literal (with quotes) */
void tgw_json_escape(GString *out, const char *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwJsonWriter, tgw_json_writer_free)

G_END_DECLS
