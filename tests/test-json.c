/* test-json.c: the JSON writer: escaping (quotes, backslashes, every control character), exact
 * times from milliseconds, fixed decimals, nesting; every document parses back with json-glib. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "tgw-json-writer.h"

static JsonNode *
parse(const char *text)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error = NULL;
    g_assert_true(json_parser_load_from_data(parser, text, -1, &error));
    g_assert_no_error(error);
    return json_node_copy(json_parser_get_root(parser));
}

static void
test_escaping(void)
{
    /* every byte from 1 to 31, quotes, a backslash, DEL, a slash and UTF-8 */
    g_autoptr(GString) hostile = g_string_new("<script>\"q\" \\ / é ∞ \x7f");
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autoptr(JsonNode) root = NULL;
    const char *text = NULL;

    for (int c = 1; c < 32; c++)
        g_string_append_c(hostile, (char) c);
    tgw_json_begin_object(w);
    tgw_json_key(w, "name\n");
    tgw_json_string(w, hostile->str);
    tgw_json_end_object(w);
    text = tgw_json_writer_get(w);
    /* no raw control character survives: \n \t etc. by name, the others as \u00XX */
    for (const char *p = text; *p != '\0'; p++)
        g_assert_true((guchar) *p >= 0x20 || *p == '\n');
    g_assert_nonnull(strstr(text, "\\u0001"));
    g_assert_nonnull(strstr(text, "\\u007f"));
    g_assert_nonnull(strstr(text, "\\\"q\\\""));
    g_assert_nonnull(strstr(text, "\"name\\n\""));
    root = parse(text);
    g_assert_cmpstr(json_object_get_string_member(json_node_get_object(root), "name\n"), ==,
                    hostile->str);
}

static void
test_numbers(void)
{
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autoptr(JsonNode) root = NULL;
    tgw_json_begin_array(w);
    tgw_json_ms_as_seconds(w, 812345200);
    tgw_json_ms_as_seconds(w, 0);
    tgw_json_ms_as_seconds(w, -1500);
    tgw_json_ms_as_seconds(w, 1);
    tgw_json_double(w, 32.61, 1);
    tgw_json_double(w, 0.125, 4);
    tgw_json_double(w, -0.0, 2);
    tgw_json_uint(w, G_MAXUINT64);
    tgw_json_int(w, G_MININT64);
    tgw_json_bool(w, TRUE);
    tgw_json_null(w);
    tgw_json_string(w, NULL);
    tgw_json_end_array(w);
    g_assert_cmpstr(tgw_json_writer_get(w), ==,
                    "[\n  812345.2,\n  0,\n  -1.5,\n  0.001,\n  32.6,\n  0.125,\n  0,\n"
                    "  18446744073709551615,\n  -9223372036854775808,\n  true,\n  null,\n"
                    "  null\n]\n");
    root = parse(tgw_json_writer_get(w));
    g_assert_cmpuint(json_array_get_length(json_node_get_array(root)), ==, 12);
}

/* a series on one line: seconds from milliseconds as elsewhere, counts, commas, valid JSON */
static void
test_rows(void)
{
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autoptr(JsonNode) root = NULL;
    const gint64 ms[] = {0, 5184000, 1500, -1};
    const guint64 counts[] = {186, 66, 0};

    tgw_json_begin_object(w);
    tgw_json_member_seconds_row(w, "time_s", ms, G_N_ELEMENTS(ms));
    tgw_json_member_uint_row(w, "free", counts, G_N_ELEMENTS(counts));
    tgw_json_member_uint_row(w, "none", counts, 0);
    tgw_json_end_object(w);
    g_assert_cmpstr(tgw_json_writer_get(w), ==,
                    "{\n  \"time_s\": [0, 5184, 1.5, -0.001],\n  \"free\": [186, 66, 0],\n"
                    "  \"none\": []\n}\n");
    root = json_from_string(tgw_json_writer_get(w), NULL);
    g_assert_nonnull(root);
}

static void
test_nesting(void)
{
    g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
    g_autoptr(JsonNode) root = NULL;
    tgw_json_begin_object(w);
    tgw_json_key(w, "empty");
    tgw_json_begin_array(w);
    tgw_json_end_array(w);
    tgw_json_key(w, "objects");
    tgw_json_begin_array(w);
    for (int i = 0; i < 2; i++) {
        tgw_json_begin_object(w);
        tgw_json_key(w, "i");
        tgw_json_int(w, i);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_end_object(w);
    g_assert_cmpstr(tgw_json_writer_get(w), ==,
                    "{\n  \"empty\": [],\n  \"objects\": [\n    {\n      \"i\": 0\n    },\n"
                    "    {\n      \"i\": 1\n    }\n  ]\n}\n");
    root = parse(tgw_json_writer_get(w));
    g_assert_true(JSON_NODE_HOLDS_OBJECT(root));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/escaping", test_escaping);
    g_test_add_func("/json/numbers", test_numbers);
    g_test_add_func("/json/nesting", test_nesting);
    g_test_add_func("/json/rows", test_rows);
    return g_test_run();
}
