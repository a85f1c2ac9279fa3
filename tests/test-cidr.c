/* test-cidr.c: IPv4/CIDR arithmetic and prefix sets. */
#include "tgw-cidr.h"
#include "tgw-error.h"

#include <string.h>

#include "tgw-test-util.h"

static void
assert_parse_error_code(const char *text, gint code, const char *fragment)
{
    g_autoptr(GError) error = NULL;
    TgwCidr c = {0};
    g_assert_false(tgw_cidr_parse(text, &c, &error));
    g_assert_error(error, TGW_ERROR, code);
    if (strstr(error->message, fragment) == NULL)
        g_error("message for '%s' lacks '%s': %s", text, fragment, error->message);
}

static void
assert_parse_error(const char *text, const char *fragment)
{
    assert_parse_error_code(text, TGW_ERROR_INVALID, fragment);
}

static void
test_parse_format(void)
{
    char buf[TGW_CIDR_STRLEN];
    TgwCidr c = tgw_test_cidr("10.20.8.0/21");
    g_assert_cmphex(c.addr, ==, 0x0A140800u);
    g_assert_cmpuint(c.len, ==, 21);
    g_assert_cmpstr(tgw_cidr_format(c, buf), ==, "10.20.8.0/21");
    g_assert_cmpstr(tgw_cidr_format(tgw_test_cidr("0.0.0.0/0"), buf), ==, "0.0.0.0/0");
    g_assert_cmpstr(tgw_cidr_format(tgw_test_cidr("255.255.255.255/32"), buf), ==,
                    "255.255.255.255/32");
    g_assert_cmpuint(tgw_test_cidr("255.255.255.255/32").addr, ==, 0xFFFFFFFFu);
}

static void
test_parse_errors(void)
{
    /* host bits: a code of its own, so that the loader can say CIDR-NOT-CANONICAL */
    assert_parse_error_code("10.40.0.7/24", TGW_ERROR_NOT_CANONICAL, "10.40.0.0/24");
    assert_parse_error("10.0.0.0/33", "/0 to /32");
    assert_parse_error("10.300.0.0/16", "300 is above 255");
    assert_parse_error("256.0.0.0/8", "above 255");
    assert_parse_error("junk", "not an IPv4 CIDR block");
    assert_parse_error("", "not an IPv4 CIDR block");
    assert_parse_error("10.0.0/8", "not an IPv4 CIDR block");
    assert_parse_error("10.0.0.0.0/8", "no prefix length");
    assert_parse_error("10.0.0.0", "no prefix length");
    assert_parse_error("10.0.0.0/", "prefix length");
    assert_parse_error("10.0.0.0/8 ", "prefix length");
    assert_parse_error(" 10.0.0.0/8", "not an IPv4 CIDR block");
    assert_parse_error("010.0.0.0/8", "not an IPv4 CIDR block");
    assert_parse_error("10.0.0.0/08", "prefix length");
    assert_parse_error("-1.0.0.0/8", "not an IPv4 CIDR block");
    assert_parse_error("1.2.3.4/99999", "prefix length");
    assert_parse_error("99999999999.0.0.0/8", "not an IPv4 CIDR block");
}

static void
test_ipv4(void)
{
    g_autoptr(GError) error = NULL;
    char buf[TGW_IPV4_STRLEN];
    guint32 a = 0;
    g_assert_true(tgw_ipv4_parse("255.255.255.255", &a, NULL));
    g_assert_cmphex(a, ==, 0xFFFFFFFFu);
    g_assert_cmpstr(tgw_ipv4_format(a, buf), ==, "255.255.255.255");
    g_assert_true(tgw_ipv4_parse("0.0.0.0", &a, NULL));
    g_assert_cmphex(a, ==, 0);
    g_assert_false(tgw_ipv4_parse("10.0.0.1/32", &a, &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_INVALID);
}

static void
test_sizes(void)
{
    g_assert_cmpuint(tgw_cidr_size(tgw_test_cidr("0.0.0.0/0")), ==, G_GUINT64_CONSTANT(4294967296));
    g_assert_cmpuint(tgw_cidr_size(tgw_test_cidr("10.0.0.0/32")), ==, 1);
    /* AWS keeps 5 per subnet: /24 -> 251, /28 -> 11, /19 -> 8187, /16 -> 65531 */
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("10.20.9.0/24")), ==, 251);
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("10.20.9.0/28")), ==, 11);
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("100.64.0.0/19")), ==, 8187);
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("10.0.0.0/16")), ==, 65531);
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("10.0.0.0/29")), ==, 0);
    g_assert_cmpuint(tgw_cidr_aws_usable(tgw_test_cidr("10.0.0.1/32")), ==, 0);
    /* the seed case: 3 x /24 = 753 and 3 x /19 = 24,561 */
    g_assert_cmpuint(3 * tgw_cidr_aws_usable(tgw_test_cidr("10.20.9.0/24")), ==, 753);
    g_assert_cmpuint(3 * tgw_cidr_aws_usable(tgw_test_cidr("100.64.0.0/19")), ==, 24561);
    g_assert_cmphex(tgw_cidr_last(tgw_test_cidr("10.20.8.0/21")), ==, 0x0A140FFFu);
    g_assert_cmphex(tgw_cidr_last(tgw_test_cidr("0.0.0.0/0")), ==, 0xFFFFFFFFu);
}

static void
test_relations(void)
{
    TgwCidr vpc = tgw_test_cidr("10.20.8.0/21"), sub = tgw_test_cidr("10.20.9.0/24"),
            other = tgw_test_cidr("10.20.16.0/24");
    g_assert_true(tgw_cidr_contains(vpc, sub));
    g_assert_false(tgw_cidr_contains(sub, vpc));
    g_assert_false(tgw_cidr_contains(vpc, other));
    g_assert_true(tgw_cidr_overlaps(vpc, sub));
    g_assert_true(tgw_cidr_overlaps(sub, vpc));
    g_assert_false(tgw_cidr_overlaps(vpc, other));
    g_assert_true(
        tgw_cidr_contains(tgw_test_cidr("0.0.0.0/0"), tgw_test_cidr("255.255.255.255/32")));
    g_assert_true(tgw_cidr_contains_addr(tgw_test_cidr("255.255.255.0/24"), 0xFFFFFFFFu));
    g_assert_false(tgw_cidr_contains_addr(tgw_test_cidr("10.0.0.0/32"), 0x0A000001u));
    g_assert_true(tgw_cidr_equal(tgw_test_cidr("10.0.0.0/8"), tgw_test_cidr("10.0.0.0/8")));
    g_assert_false(tgw_cidr_equal(tgw_test_cidr("10.0.0.0/8"), tgw_test_cidr("10.0.0.0/9")));
    g_assert_cmpint(tgw_cidr_compare(&vpc, &sub), <, 0);
    g_assert_cmpint(tgw_cidr_compare(&sub, &vpc), >, 0);
}

static void
test_split(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) parts = tgw_cidr_split(tgw_test_cidr("100.64.0.0/17"), 19, &error);
    char buf[TGW_CIDR_STRLEN];
    g_assert_no_error(error);
    g_assert_cmpuint(parts->len, ==, 4);
    g_assert_cmpstr(tgw_cidr_format(g_array_index(parts, TgwCidr, 0), buf), ==, "100.64.0.0/19");
    g_assert_cmpstr(tgw_cidr_format(g_array_index(parts, TgwCidr, 3), buf), ==, "100.64.96.0/19");
    g_clear_pointer(&parts, g_array_unref);
    parts = tgw_cidr_split(tgw_test_cidr("255.255.255.254/31"), 32, &error);
    g_assert_cmpuint(parts->len, ==, 2);
    g_assert_cmpstr(tgw_cidr_format(g_array_index(parts, TgwCidr, 1), buf), ==,
                    "255.255.255.255/32");
    g_clear_pointer(&parts, g_array_unref);
    parts = tgw_cidr_split(tgw_test_cidr("10.0.0.0/24"), 24, &error);
    g_assert_cmpuint(parts->len, ==, 1);
    g_clear_pointer(&parts, g_array_unref);
    parts = tgw_cidr_split(tgw_test_cidr("10.0.0.0/24"), 23, &error);
    g_assert_null(parts);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_INVALID);
    g_clear_error(&error);
    parts = tgw_cidr_split(tgw_test_cidr("0.0.0.0/0"), 32, &error);
    g_assert_null(parts);
    g_assert_error(error, TGW_ERROR, TGW_ERROR_LIMIT);
}

static void
test_prefix_set(void)
{
    g_autoptr(TgwPrefixSet) set = tgw_prefix_set_new();
    g_autoptr(GArray) out = NULL;
    char buf[TGW_CIDR_STRLEN];

    g_assert_true(tgw_prefix_set_is_empty(set));
    tgw_prefix_set_add(set, tgw_test_cidr("10.0.0.0/25"));
    tgw_prefix_set_add(set, tgw_test_cidr("10.0.0.128/25")); /* adjacent: merges into a /24 */
    out = tgw_prefix_set_to_cidrs(set);
    g_assert_cmpuint(out->len, ==, 1);
    g_assert_cmpstr(tgw_cidr_format(g_array_index(out, TgwCidr, 0), buf), ==, "10.0.0.0/24");
    g_clear_pointer(&out, g_array_unref);

    tgw_prefix_set_remove(set, tgw_test_cidr("10.0.0.64/26"));
    g_assert_cmpuint(tgw_prefix_set_size(set), ==, 192);
    g_assert_false(tgw_prefix_set_contains_addr(set, 0x0A000040u));
    g_assert_true(tgw_prefix_set_contains_addr(set, 0x0A00003Fu));
    g_assert_true(tgw_prefix_set_covers(set, tgw_test_cidr("10.0.0.128/25")));
    g_assert_false(tgw_prefix_set_covers(set, tgw_test_cidr("10.0.0.0/24")));
    g_assert_true(tgw_prefix_set_intersects(set, tgw_test_cidr("10.0.0.0/24")));
    g_assert_false(tgw_prefix_set_intersects(set, tgw_test_cidr("10.0.0.64/26")));
    out = tgw_prefix_set_to_cidrs(set);
    g_assert_cmpuint(out->len, ==, 2);
    g_assert_cmpstr(tgw_cidr_format(g_array_index(out, TgwCidr, 0), buf), ==, "10.0.0.0/26");
    g_assert_cmpstr(tgw_cidr_format(g_array_index(out, TgwCidr, 1), buf), ==, "10.0.0.128/25");
    g_clear_pointer(&out, g_array_unref);

    /* the whole space and its top edge */
    tgw_prefix_set_add(set, tgw_test_cidr("0.0.0.0/0"));
    g_assert_cmpuint(tgw_prefix_set_size(set), ==, G_GUINT64_CONSTANT(4294967296));
    g_assert_true(tgw_prefix_set_contains_addr(set, 0xFFFFFFFFu));
    tgw_prefix_set_remove(set, tgw_test_cidr("255.255.255.255/32"));
    g_assert_false(tgw_prefix_set_contains_addr(set, 0xFFFFFFFFu));
    out = tgw_prefix_set_to_cidrs(set);
    g_assert_cmpuint(out->len, ==, 32); /* /1 .. /32 */
    g_assert_cmpstr(tgw_cidr_format(g_array_index(out, TgwCidr, 31), buf), ==,
                    "255.255.255.254/32");
    g_clear_pointer(&out, g_array_unref);
    tgw_prefix_set_remove(set, tgw_test_cidr("0.0.0.0/0"));
    g_assert_true(tgw_prefix_set_is_empty(set));
}

/* a reservation of a /24 holds its addresses less AWS's first four and last: a /26 at the start
 * 64 - 4, one at the end 64 - 1, one in the middle all 64 */
static void
test_usable_within(void)
{
    TgwCidr subnet = tgw_test_cidr("10.0.0.0/24");
    g_assert_cmpuint(tgw_cidr_aws_usable_within(subnet, tgw_test_cidr("10.0.0.0/26")), ==, 60);
    g_assert_cmpuint(tgw_cidr_aws_usable_within(subnet, tgw_test_cidr("10.0.0.192/26")), ==, 63);
    g_assert_cmpuint(tgw_cidr_aws_usable_within(subnet, tgw_test_cidr("10.0.0.64/26")), ==, 64);
    g_assert_cmpuint(tgw_cidr_aws_usable_within(subnet, subnet), ==, 251);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cidr/parse-format", test_parse_format);
    g_test_add_func("/cidr/parse-errors", test_parse_errors);
    g_test_add_func("/cidr/ipv4", test_ipv4);
    g_test_add_func("/cidr/sizes", test_sizes);
    g_test_add_func("/cidr/relations", test_relations);
    g_test_add_func("/cidr/split", test_split);
    g_test_add_func("/cidr/prefix-set", test_prefix_set);
    g_test_add_func("/cidr/usable-within", test_usable_within);
    return g_test_run();
}
