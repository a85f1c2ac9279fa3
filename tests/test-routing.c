/* test-routing.c: the routing model (model/tgw-routing.h), its LPM structure, reachability, the
 * routing findings and the routes / reach --matrix goldens.
 *
 * One test per rule of the routing issue, each on a small scenario with the expected route
 * table or disposition derived by hand in the comments; one test per finding code at its exact
 * line; the 5-VPC scenario tests/data/routing/multi-vpc.xml against golden outputs produced by
 * the built tgwsim (set TGW_UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then
 * review the diff). */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tgw-error.h"
#include "tgw-lpm.h"
#include "tgw-routing.h"
#include "tgw-test-util.h"

/* ---- helpers --------------------------------------------------------------------------------- */

static TgwScenario *
load_ok(const char *xml)
{
    g_autoptr(TgwFindings) findings = NULL;
    TgwScenario *sc = tgw_test_load(xml, &findings);
    if (g_getenv("DUMP"))
        g_print("XML<%s>\n", xml);
    if (sc == NULL) {
        tgw_findings_print(findings, stderr);
        g_error("scenario did not load");
    }
    return sc;
}

/* loads without the semantic checks: for scenarios whose routing error is the point */
static TgwScenario *
load_no_lint(const char *xml)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    TgwLoadOptions opts = {NULL, TRUE};
    TgwScenario *sc = tgw_scenario_load_memory(xml, strlen(xml), "test.xml", &opts, findings);
    g_assert_nonnull(sc);
    return sc;
}

/* the 1-based line of the first occurrence of needle */
static int
line_of(const char *xml, const char *needle)
{
    const char *at = strstr(xml, needle);
    int line = 1;
    g_assert_nonnull(at);
    for (const char *p = xml; p < at; p++)
        line += *p == '\n';
    return line;
}

static const TgwTgwTableDef *
table(const TgwScenario *sc, const char *tgw, const char *name)
{
    const TgwTgwTableDef *t = tgw_tgw_find_table(tgw_scenario_find_tgw(sc, tgw), name);
    g_assert_nonnull(t);
    return t;
}

/* the route for exactly this prefix; asserts its state and target (NULL: blackhole/none) */
static const TgwRoute *
assert_route(const TgwRouting *r, const TgwTgwTableDef *t, const char *prefix, TgwRouteState state,
             const char *target)
{
    const TgwRoute *route = tgw_routing_find_route(r, t, tgw_test_cidr(prefix));
    g_assert_nonnull(route);
    g_assert_cmpstr(tgw_route_state_name(route->state), ==, tgw_route_state_name(state));
    g_assert_cmpstr(route->target != NULL ? route->target->name : NULL, ==, target);
    return route;
}

/* every route of the table for the prefix, installed first */
static GPtrArray *
routes_for(const TgwRouting *r, const TgwTgwTableDef *t, const char *prefix)
{
    const GPtrArray *all = tgw_routing_table_routes(r, t);
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < all->len; i++) {
        const TgwRoute *route = all->pdata[i];
        if (tgw_cidr_equal(route->cidr, tgw_test_cidr(prefix)))
            g_ptr_array_add(out, (gpointer) route);
    }
    return out;
}

static TgwReachResult *
reach(const TgwRouting *r, const char *from, const char *to)
{
    g_autoptr(GError) error = NULL;
    TgwReachResult *res = tgw_routing_reach(r, from, to, &error);
    g_assert_no_error(error);
    g_assert_nonnull(res);
    return res;
}

static void
assert_reach(const TgwRouting *r, const char *from, const char *to, TgwReachDisposition fwd,
             TgwReachDisposition ret)
{
    g_autoptr(TgwReachResult) res = reach(r, from, to);
    if (res->disposition != fwd || res->return_disposition != ret)
        g_error("%s -> %s: got %s/%s (%s | %s), expected %s/%s", from, to,
                tgw_reach_disposition_name(res->disposition),
                tgw_reach_disposition_name(res->return_disposition), res->reason,
                res->return_reason, tgw_reach_disposition_name(fwd),
                tgw_reach_disposition_name(ret));
}

/* A spoke VPC: one subnet (the CIDR's first /24) in az1, a table sending 10.0.0.0/8 and
 * 100.64.0.0/10 to TGW "t", and an attachment named like the VPC with the given attributes.
 * VPC "x" with CIDR 10.X.0.0/16 has subnet "x-1" = 10.X.0.0/24, host address 10.X.0.4. */
static char *
spoke(const char *name, const char *vpc_cidr, const char *extra_block, const char *attach)
{
    TgwCidr c = tgw_test_cidr(vpc_cidr);
    TgwCidr s = {c.addr, 24};
    g_autofree char *sub = tgw_cidr_to_string(s);
    g_autofree char *block = extra_block != NULL
                                 ? g_strdup_printf("    <cidr-block cidr=\"%s\"/>\n", extra_block)
                                 : g_strdup("");
    return g_strdup_printf(
        "  <vpc name=\"%s\" cidr=\"%s\">\n"
        "%s"
        "    <subnet name=\"%s-1\" az=\"az1\" cidr=\"%s\"/>\n"
        "    <route-table name=\"rt\" subnets=\"%s-1\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "      <route cidr=\"100.64.0.0/10\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"%s\" transit-gateway=\"t\" subnets=\"%s-1\" %s/>\n"
        "  </vpc>\n",
        name, vpc_cidr, block, name, sub, name, name, name, attach);
}

/* a scenario with TGW "t" (tgw_body inside it) and the given VPC and other elements */
static char *
scenario(const char *tgw_body, const char *rest)
{
    return g_strdup_printf("<scenario version=\"1\" name=\"r\" seed=\"1\" horizon=\"7d\">\n"
                           "  <transit-gateway name=\"t\">\n"
                           "%s"
                           "  </transit-gateway>\n"
                           "%s"
                           "</scenario>\n",
                           tgw_body, rest);
}

/* The usual pair on TGW "t": spokes a (10.1.0.0/16) and b (10.2.0.0/16), each with an optional
 * extra block (NULL: none), both associated with and propagating into table "main". statics:
 * what follows the table in the TGW ("" for nothing); timeline: the content of a <timeline> after
 * the VPCs, or NULL. */
static char *
pair(const char *statics, const char *a_block, const char *b_block, const char *timeline)
{
    g_autofree char *a =
        spoke("a", "10.1.0.0/16", a_block, "associate=\"main\" propagate=\"main\"");
    g_autofree char *b =
        spoke("b", "10.2.0.0/16", b_block, "associate=\"main\" propagate=\"main\"");
    g_autofree char *tgw = g_strconcat("    <route-table name=\"main\"/>\n", statics, NULL);
    g_autofree char *rest =
        g_strconcat(a, b, timeline != NULL ? "  <timeline>" : "", timeline != NULL ? timeline : "",
                    timeline != NULL ? "</timeline>\n" : "", NULL);
    return scenario(tgw, rest);
}

/* ---- the LPM structure ----------------------------------------------------------------------- */

static void
test_lpm_basic(void)
{
    g_autoptr(TgwLpm) lpm = tgw_lpm_new();
    int a = 1, b = 2, c = 3, d = 4, e = 5, dup = 6;
    TgwCidr match;

    tgw_lpm_insert(lpm, tgw_test_cidr("10.0.0.0/8"), &a);
    tgw_lpm_insert(lpm, tgw_test_cidr("10.1.0.0/16"), &b);
    tgw_lpm_insert(lpm, tgw_test_cidr("10.1.2.0/24"), &c);
    tgw_lpm_insert(lpm, tgw_test_cidr("0.0.0.0/0"), &d);
    tgw_lpm_insert(lpm, tgw_test_cidr("255.255.255.255/32"), &e);
    tgw_lpm_insert(lpm, tgw_test_cidr("10.1.0.0/16"),
                   &dup); /* the first value for a prefix stays */
    tgw_lpm_build(lpm);
    g_assert_cmpuint(tgw_lpm_size(lpm), ==, 5);
    /* nested prefixes: the most specific holding the address wins, at every boundary */
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.1.2.0"), &match) == &c);
    g_assert_cmpuint(match.len, ==, 24);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.1.2.255"), NULL) == &c);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.1.3.0"), NULL) == &b);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.1.1.255"), NULL) == &b);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.1.255.255"), NULL) == &b);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.2.0.0"), NULL) == &a);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("9.255.255.255"), NULL) == &d);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("0.0.0.0"), NULL) == &d);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("255.255.255.254"), NULL) == &d);
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("255.255.255.255"), NULL) == &e);
    g_assert_true(tgw_lpm_exact(lpm, tgw_test_cidr("10.1.0.0/16")) == &b);
    g_assert_null(tgw_lpm_exact(lpm, tgw_test_cidr("10.1.0.0/17")));
}

static void
test_lpm_empty_and_gaps(void)
{
    g_autoptr(TgwLpm) empty = tgw_lpm_new();
    g_autoptr(TgwLpm) lpm = tgw_lpm_new();
    int a = 1;

    tgw_lpm_build(empty);
    g_assert_null(tgw_lpm_lookup(empty, tgw_test_ip("10.0.0.1"), NULL));
    tgw_lpm_insert(lpm, tgw_test_cidr("10.0.0.0/24"), &a);
    tgw_lpm_build(lpm);
    g_assert_null(tgw_lpm_lookup(lpm, tgw_test_ip("9.255.255.255"), NULL));
    g_assert_true(tgw_lpm_lookup(lpm, tgw_test_ip("10.0.0.0"), NULL) == &a);
    g_assert_null(tgw_lpm_lookup(lpm, tgw_test_ip("10.0.1.0"), NULL));
}

/* against a brute-force longest match over random, heavily nested prefixes */
static void
test_lpm_random(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(42);
    g_autoptr(TgwLpm) lpm = tgw_lpm_new();
    g_autoptr(GArray) prefixes = g_array_new(FALSE, FALSE, sizeof(TgwCidr));

    for (guint i = 0; i < 3000; i++) {
        guint len = (guint) g_rand_int_range(rand, 4, 33);
        /* addresses clustered in 10.0.0.0/12 so that prefixes nest */
        guint32 addr = 0x0A000000u | (g_rand_int(rand) & 0x000FFFFFu);
        TgwCidr c = {addr & tgw_cidr_mask(len), (guint8) len};
        g_array_append_val(prefixes, c);
        tgw_lpm_insert(lpm, c, GUINT_TO_POINTER(i + 1));
    }
    tgw_lpm_build(lpm);
    for (guint q = 0; q < 20000; q++) {
        guint32 addr = 0x0A000000u | (g_rand_int(rand) & 0x001FFFFFu);
        gpointer want = NULL;
        gint best = -1;
        for (guint i = 0; i < prefixes->len; i++) {
            TgwCidr c = g_array_index(prefixes, TgwCidr, i);
            if (tgw_cidr_contains_addr(c, addr) && (gint) c.len > best) {
                best = c.len;
                want = GUINT_TO_POINTER(i + 1);
            }
        }
        g_assert_true(tgw_lpm_lookup(lpm, addr, NULL) == want);
    }
}

/* ---- TGW tables ------------------------------------------------------------------------------ */

/* Rule: a VPC attachment propagates every CIDR block of its VPC, secondary CG-NAT blocks
 * included, and a block added later propagates from then on. */
static void
test_propagates_every_block(void)
{
    g_autofree char *a =
        spoke("a", "10.1.0.0/16", "100.64.0.0/16", "associate=\"main\" propagate=\"main\"");
    g_autofree char *rest = g_strdup_printf(
        "%s  <timeline><at time=\"1d\"><add-cidr-block vpc=\"a\" cidr=\"100.65.0.0/16\"/></at>"
        "</timeline>\n",
        a);
    g_autofree char *xml = scenario("    <route-table name=\"main\"/>\n", rest);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r0 = tgw_routing_new(sc, 0);
    g_autoptr(TgwRouting) r1 = tgw_routing_new(sc, TGW_MS_PER_DAY);
    const TgwTgwTableDef *t = table(sc, "t", "main");

    /* at 0: the primary and the secondary; the timeline's block is not there yet */
    g_assert_cmpuint(tgw_routing_table_routes(r0, t)->len, ==, 2);
    assert_route(r0, t, "10.1.0.0/16", TGW_ROUTE_ACTIVE, "a");
    assert_route(r0, t, "100.64.0.0/16", TGW_ROUTE_ACTIVE, "a");
    g_assert_null(tgw_routing_find_route(r0, t, tgw_test_cidr("100.65.0.0/16")));
    /* at 1d: the new block propagates too */
    g_assert_cmpuint(tgw_routing_table_routes(r1, t)->len, ==, 3);
    assert_route(r1, t, "100.65.0.0/16", TGW_ROUTE_ACTIVE, "a");
    g_assert_cmpuint(tgw_routing_tgw_route_count(r1, tgw_scenario_find_tgw(sc, "t")), ==, 3);
}

/* Rule: each attachment is associated with one table (the one its traffic is looked up in) and
 * propagates into any number. a is associated with "ta" and propagates into both tables; b is
 * associated with "tb" and propagates into "ta" only. So from a, b is found (ta has b's route);
 * from b, "tb" has a's route but not b's own: b -> a delivered, and the reply a -> b via "ta". */
static void
test_association_and_propagation(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"ta\" propagate=\"ta tb\"");
    g_autofree char *b = spoke("b", "10.2.0.0/16", NULL, "associate=\"tb\" propagate=\"ta\"");
    g_autofree char *c = spoke("c", "10.3.0.0/16", NULL, "associate=\"tb\"");
    g_autofree char *rest = g_strconcat(a, b, c, NULL);
    g_autofree char *xml =
        scenario("    <route-table name=\"ta\"/>\n    <route-table name=\"tb\"/>\n", rest);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    const TgwTgwTableDef *ta = table(sc, "t", "ta"), *tb = table(sc, "t", "tb");
    const GPtrArray *assoc = tgw_routing_table_associations(r, tb);
    const GPtrArray *prop = tgw_routing_table_propagations(r, ta);

    g_assert_cmpuint(assoc->len, ==, 2); /* b and c, attach order */
    g_assert_cmpstr(((const TgwAttachmentDef *) assoc->pdata[0])->name, ==, "b");
    g_assert_cmpstr(((const TgwAttachmentDef *) assoc->pdata[1])->name, ==, "c");
    g_assert_cmpuint(prop->len, ==, 2);
    assert_route(r, ta, "10.2.0.0/16", TGW_ROUTE_ACTIVE, "b");
    g_assert_null(tgw_routing_find_route(r, tb, tgw_test_cidr("10.2.0.0/16")));
    assert_reach(r, "a", "b", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    assert_reach(r, "b", "a", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    /* c propagates nowhere: from a there is no route to 10.3.0.4 in ta */
    assert_reach(r, "a", "c", TGW_REACH_NO_ROUTE, TGW_REACH_NONE);
    /* c reaches a (tb has a's route), but a's table ta has none back to c */
    assert_reach(r, "c", "a", TGW_REACH_DELIVERED, TGW_REACH_NO_ROUTE);
}

/* Rule: an attachment without association: the TGW drops what enters through it. */
static void
test_unassociated_attachment(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *b = spoke("b", "10.2.0.0/16", NULL, "propagate=\"main\"");
    g_autofree char *rest = g_strconcat(a, b, NULL);
    g_autofree char *xml = scenario("    <route-table name=\"main\"/>\n", rest);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);

    /* a -> b arrives (main has b's route); b's reply enters through b, which has no table */
    assert_reach(r, "a", "b", TGW_REACH_DELIVERED, TGW_REACH_NO_ASSOCIATION);
    assert_reach(r, "b", "a", TGW_REACH_NO_ASSOCIATION, TGW_REACH_NONE);
}

/* Rule: longest prefix wins before any preference: a static 10.0.0.0/8 to a loses to b's
 * propagated 10.2.0.0/16 for 10.2.0.4; 10.9.9.9 takes the static route. */
static void
test_longest_prefix_first(void)
{
    g_autofree char *xml = pair(
        "    <route table=\"main\" cidr=\"10.0.0.0/8\" attachment=\"a\"/>\n", NULL, NULL, NULL);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    const TgwTgwTableDef *t = table(sc, "t", "main");

    g_assert_cmpstr(tgw_routing_lookup(r, t, tgw_test_ip("10.2.0.4"))->target->name, ==, "b");
    g_assert_cmpuint(tgw_routing_lookup(r, t, tgw_test_ip("10.9.9.9"))->type, ==, TGW_ROUTE_STATIC);
    g_assert_cmpstr(tgw_routing_lookup(r, t, tgw_test_ip("10.9.9.9"))->target->name, ==, "a");
    g_assert_null(tgw_routing_lookup(r, t, tgw_test_ip("11.0.0.1")));
}

/* Rule: for one prefix, static > VPC-propagated; the propagated route is kept as shadowed by the
 * static one, and comes back when a timeline removes the static route. */
static void
test_static_beats_propagated(void)
{
    g_autofree char *xml =
        pair("    <route table=\"main\" cidr=\"10.2.0.0/16\" blackhole=\"true\"/>\n", NULL, NULL,
             "<at time=\"2d\"><remove-route transit-gateway=\"t\" table=\"main\" "
             "cidr=\"10.2.0.0/16\"/></at>");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r0 = tgw_routing_new(sc, 0);
    g_autoptr(TgwRouting) r2 = tgw_routing_new(sc, 2 * TGW_MS_PER_DAY);
    const TgwTgwTableDef *t = table(sc, "t", "main");
    g_autoptr(GPtrArray) both = routes_for(r0, t, "10.2.0.0/16");
    const TgwRoute *installed = both->pdata[0], *shadowed = both->pdata[1];

    g_assert_cmpuint(both->len, ==, 2);
    g_assert_cmpuint(installed->type, ==, TGW_ROUTE_STATIC);
    g_assert_cmpuint(installed->state, ==, TGW_ROUTE_BLACKHOLE);
    g_assert_cmpuint(shadowed->type, ==, TGW_ROUTE_PROPAGATED);
    g_assert_cmpuint(shadowed->state, ==, TGW_ROUTE_SHADOWED);
    g_assert_true(shadowed->shadowed_by == installed);
    assert_reach(r0, "a", "b", TGW_REACH_BLACKHOLE, TGW_REACH_NONE);
    /* at 2d the static route is gone and b's propagated route is installed again */
    assert_route(r2, t, "10.2.0.0/16", TGW_ROUTE_ACTIVE, "b");
    assert_reach(r2, "a", "b", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
}

/* Rule: same prefix, different origins: static > VPC > DX > Connect > VPN. The three external
 * attachments and VPC v all announce 10.50.0.0/16 (v's primary); v wins; then for 10.60.0.0/16
 * (announced by vpn, connect and dx, declared in that order) DX wins; for 10.70.0.0/16 (vpn and
 * connect) Connect wins. */
static void
test_origin_order(void)
{
    g_autofree char *v = spoke("v", "10.50.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml = scenario(
        "    <route-table name=\"main\"/>\n"
        "    <attachment name=\"vpn\" kind=\"vpn\" associate=\"main\" propagate=\"main\" "
        "advertises=\"10.50.0.0/16 10.60.0.0/16 10.70.0.0/16\"/>\n"
        "    <attachment name=\"cx\" kind=\"connect\" associate=\"main\" propagate=\"main\" "
        "advertises=\"10.50.0.0/16 10.60.0.0/16 10.70.0.0/16\"/>\n"
        "    <attachment name=\"dx\" kind=\"dx-gateway\" associate=\"main\" propagate=\"main\" "
        "advertises=\"10.50.0.0/16 10.60.0.0/16\"/>\n",
        v);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    const TgwTgwTableDef *t = table(sc, "t", "main");
    g_autoptr(GPtrArray) fifty = routes_for(r, t, "10.50.0.0/16");

    g_assert_cmpuint(fifty->len, ==, 4);
    /* installed first, then the shadowed ones in preference order */
    g_assert_cmpstr(((const TgwRoute *) fifty->pdata[0])->target->name, ==, "v");
    g_assert_cmpstr(((const TgwRoute *) fifty->pdata[1])->target->name, ==, "dx");
    g_assert_cmpstr(((const TgwRoute *) fifty->pdata[2])->target->name, ==, "cx");
    g_assert_cmpstr(((const TgwRoute *) fifty->pdata[3])->target->name, ==, "vpn");
    assert_route(r, t, "10.60.0.0/16", TGW_ROUTE_ACTIVE, "dx");
    assert_route(r, t, "10.70.0.0/16", TGW_ROUTE_ACTIVE, "cx");
    /* to an external attachment: handed over; the reply comes in through it and finds v */
    assert_reach(r, "v", "10.60.1.1", TGW_REACH_EXTERNAL, TGW_REACH_DELIVERED);
}

/* Rule: an identical CIDR propagated by a VPC attached later is not installed (first attached
 * wins) and stays visible as shadowed. Document order is attach order: a before b. With b
 * attached at the start and a only by a timeline at 1d, b wins — even after a is attached. */
static void
test_identical_cidr_first_attached(void)
{
    g_autofree char *a_late = spoke("a", "10.1.0.0/16", "100.64.0.0/16",
                                    "associate=\"main\" propagate=\"main\" attached=\"false\"");
    g_autofree char *b =
        spoke("b", "10.2.0.0/16", "100.64.0.0/16", "associate=\"main\" propagate=\"main\"");
    g_autofree char *timed = g_strconcat(
        a_late, b,
        "  <timeline><at time=\"1d\"><attach transit-gateway=\"t\" attachment=\"a\"/></at>"
        "</timeline>\n",
        NULL);
    g_autofree char *xml1 = pair("", "100.64.0.0/16", "100.64.0.0/16", NULL);
    g_autofree char *xml2 = scenario("    <route-table name=\"main\"/>\n", timed);
    g_autoptr(TgwScenario) sc1 = load_ok(xml1);
    g_autoptr(TgwScenario) sc2 = load_ok(xml2);
    g_autoptr(TgwRouting) r1 = tgw_routing_new(sc1, 0);
    g_autoptr(TgwRouting) r2a = tgw_routing_new(sc2, 0);
    g_autoptr(TgwRouting) r2b = tgw_routing_new(sc2, TGW_MS_PER_DAY);
    g_autoptr(GPtrArray) shared = routes_for(r1, table(sc1, "t", "main"), "100.64.0.0/16");
    g_autoptr(GPtrArray) later = routes_for(r2b, table(sc2, "t", "main"), "100.64.0.0/16");

    g_assert_cmpuint(shared->len, ==, 2);
    g_assert_cmpstr(((const TgwRoute *) shared->pdata[0])->target->name, ==, "a");
    g_assert_cmpuint(((const TgwRoute *) shared->pdata[1])->state, ==, TGW_ROUTE_SHADOWED);
    g_assert_cmpstr(((const TgwRoute *) shared->pdata[1])->target->name, ==, "b");
    g_assert_true(((const TgwRoute *) shared->pdata[1])->shadowed_by == shared->pdata[0]);
    /* the other blocks are not affected: the suppression is per prefix */
    assert_route(r1, table(sc1, "t", "main"), "10.2.0.0/16", TGW_ROUTE_ACTIVE, "b");
    /* timeline: at 0 only b is attached; at 1d a is attached after b, so b keeps the block */
    assert_route(r2a, table(sc2, "t", "main"), "100.64.0.0/16", TGW_ROUTE_ACTIVE, "b");
    g_assert_false(tgw_routing_attachment_attached(
        r2a, tgw_tgw_find_attachment(tgw_scenario_find_tgw(sc2, "t"), "a")));
    g_assert_cmpuint(later->len, ==, 2);
    g_assert_cmpstr(((const TgwRoute *) later->pdata[0])->target->name, ==, "b");
    g_assert_cmpstr(((const TgwRoute *) later->pdata[1])->target->name, ==, "a");
}

/* Rule (install order): a block a timeline adds to an attached VPC propagates when it is added,
 * so b's identical block, there since the start, keeps the prefix although a was attached
 * first. */
static void
test_identical_block_added_later(void)
{
    g_autofree char *xml =
        pair("", NULL, "100.64.0.0/16",
             "<at time=\"1d\"><add-cidr-block vpc=\"a\" cidr=\"100.64.0.0/16\"/></at>");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, TGW_MS_PER_DAY);
    g_autoptr(GPtrArray) both = routes_for(r, table(sc, "t", "main"), "100.64.0.0/16");

    g_assert_cmpuint(both->len, ==, 2);
    g_assert_cmpstr(((const TgwRoute *) both->pdata[0])->target->name, ==, "b");
    g_assert_cmpstr(((const TgwRoute *) both->pdata[1])->target->name, ==, "a");
}

/* Rule: static routes go to an attachment or blackhole; a static route whose attachment is
 * detached stays as a blackhole, and propagated routes of the detached VPC vanish. */
static void
test_static_routes_and_detach(void)
{
    g_autofree char *xml =
        pair("    <route table=\"main\" cidr=\"10.20.0.0/16\" attachment=\"b\"/>\n"
             "    <route table=\"main\" cidr=\"10.30.0.0/16\" blackhole=\"true\"/>\n",
             NULL, NULL, "<at time=\"1d\"><detach transit-gateway=\"t\" attachment=\"b\"/></at>");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r0 = tgw_routing_new(sc, 0);
    g_autoptr(TgwRouting) r1 = tgw_routing_new(sc, TGW_MS_PER_DAY);
    const TgwTgwTableDef *t = table(sc, "t", "main");

    assert_route(r0, t, "10.20.0.0/16", TGW_ROUTE_ACTIVE, "b");
    assert_route(r0, t, "10.30.0.0/16", TGW_ROUTE_BLACKHOLE, NULL);
    assert_reach(r0, "a", "10.30.1.1", TGW_REACH_BLACKHOLE, TGW_REACH_NONE);
    /* 10.20.1.1 is not b's: b's table sends it back to the TGW, whose static route sends it to
     * b again, until the walk calls it a loop (AWS would drop it when its TTL runs out) */
    assert_reach(r0, "a", "10.20.1.1", TGW_REACH_LOOP, TGW_REACH_NONE);
    /* at 1d b is detached: its static route is a blackhole, its propagation is gone */
    assert_route(r1, t, "10.20.0.0/16", TGW_ROUTE_BLACKHOLE, "b");
    g_assert_null(tgw_routing_find_route(r1, t, tgw_test_cidr("10.2.0.0/16")));
    assert_reach(r1, "a", "10.20.1.1", TGW_REACH_BLACKHOLE, TGW_REACH_NONE);
    assert_reach(r1, "a", "b", TGW_REACH_NO_ROUTE, TGW_REACH_NONE);
    /* b's own table still routes to t, but b is not attached: no attachment */
    assert_reach(r1, "b", "a", TGW_REACH_NO_ATTACHMENT, TGW_REACH_NONE);
}

/* Rule: peering attachments take static routes only: propagate= is refused (error) and, if
 * loaded without the checks, contributes no route. */
static void
test_peering_static_only(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml = scenario(
        "    <route-table name=\"main\"/>\n"
        "    <attachment name=\"peer\" kind=\"peering\" associate=\"main\" propagate=\"main\" "
        "advertises=\"10.99.0.0/16\"/>\n"
        "    <route table=\"main\" cidr=\"10.98.0.0/16\" attachment=\"peer\"/>\n",
        a);
    g_autoptr(TgwScenario) sc = load_no_lint(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    const TgwTgwTableDef *t = table(sc, "t", "main");

    g_assert_null(tgw_routing_find_route(r, t, tgw_test_cidr("10.99.0.0/16")));
    assert_route(r, t, "10.98.0.0/16", TGW_ROUTE_ACTIVE, "peer");
    assert_reach(r, "a", "10.98.0.1", TGW_REACH_EXTERNAL, TGW_REACH_DELIVERED);
}

/* ---- VPC tables ------------------------------------------------------------------------------ */

/* Rule: an implicit local route per CIDR block; subnets without an explicit table use the main
 * table; a route more specific than a local route cannot target a TGW (ignored: local wins). */
static const char vpc_tables_xml[] =
    "<scenario version=\"1\" name=\"r\" seed=\"1\" horizon=\"7d\">\n"
    "  <transit-gateway name=\"t\"><route-table name=\"main\"/></transit-gateway>\n"
    "  <vpc name=\"v\" cidr=\"10.1.0.0/16\">\n"
    "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
    "    <subnet name=\"s1\" az=\"az1\" cidr=\"10.1.0.0/24\"/>\n"
    "    <subnet name=\"s2\" az=\"az1\" cidr=\"10.1.1.0/24\"/>\n"
    "    <subnet name=\"p1\" az=\"az1\" cidr=\"100.64.0.0/24\"/>\n"
    "    <route-table name=\"main\" main=\"true\">\n"
    "      <route cidr=\"0.0.0.0/0\" target=\"transit-gateway:t\"/>\n"
    "      <route cidr=\"10.1.1.0/24\" target=\"transit-gateway:t\"/>\n"
    "    </route-table>\n"
    "    <route-table name=\"isolated\" subnets=\"s2\"/>\n"
    "    <tgw-attachment name=\"v\" transit-gateway=\"t\" subnets=\"s1\" associate=\"main\" "
    "propagate=\"main\"/>\n"
    "  </vpc>\n"
    "</scenario>\n";

static void
test_vpc_tables(void)
{
    g_autoptr(TgwScenario) sc = load_no_lint(vpc_tables_xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    const TgwVpcDef *v = tgw_scenario_find_vpc(sc, "v");
    const TgwVpcTableDef *main_table = v->tables->pdata[0], *isolated = v->tables->pdata[1];
    const GPtrArray *routes = tgw_routing_vpc_table_routes(r, main_table);
    const GPtrArray *subnets = tgw_routing_vpc_table_subnets(r, main_table);
    const TgwVpcRoute *route = NULL;

    g_assert_true(main_table->main);
    /* 0.0.0.0/0, 10.1.0.0/16 local, 10.1.1.0/24 (invalid), 100.64.0.0/16 local */
    g_assert_cmpuint(routes->len, ==, 4);
    g_assert_cmpuint(((const TgwVpcRoute *) routes->pdata[2])->state, ==, TGW_VPC_ROUTE_INVALID);
    /* s1 and p1 have no explicit table: they use the main table; s2 uses "isolated" */
    g_assert_cmpuint(subnets->len, ==, 2);
    g_assert_cmpstr(((const TgwSubnetDef *) subnets->pdata[1])->name, ==, "p1");
    route = tgw_routing_vpc_lookup(r, main_table, tgw_test_ip("10.1.1.9"));
    g_assert_cmpuint(route->target, ==, TGW_TARGET_LOCAL); /* not the TGW route */
    route = tgw_routing_vpc_lookup(r, main_table, tgw_test_ip("100.64.0.9"));
    g_assert_cmpuint(route->target, ==, TGW_TARGET_LOCAL);
    route = tgw_routing_vpc_lookup(r, main_table, tgw_test_ip("8.8.8.8"));
    g_assert_cmpuint(route->target, ==, TGW_TARGET_TRANSIT_GATEWAY);
    /* the isolated table has only the local routes */
    g_assert_cmpuint(tgw_routing_vpc_table_routes(r, isolated)->len, ==, 2);
    assert_reach(r, "v/s1", "v/s2", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    assert_reach(r, "v/s2", "8.8.8.8", TGW_REACH_NO_ROUTE, TGW_REACH_NONE);
    /* inside a block but in no subnet */
    assert_reach(r, "v/s1", "10.1.200.1", TGW_REACH_NO_SUBNET, TGW_REACH_NONE);
}

/* Rule: a TGW attachment serves only the AZs where it has a subnet. v's attachment is in az1
 * only; s2 in az2 cannot reach the TGW, and replies to s2 die the same way. */
static void
test_attachment_az(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *rest = g_strconcat(
        a,
        "  <vpc name=\"v\" cidr=\"10.2.0.0/16\">\n"
        "    <subnet name=\"s1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
        "    <subnet name=\"s2\" az=\"az2\" cidr=\"10.2.1.0/24\"/>\n"
        "    <route-table name=\"rt\" subnets=\"s1 s2\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"v\" transit-gateway=\"t\" subnets=\"s1\" associate=\"main\" "
        "propagate=\"main\"/>\n"
        "  </vpc>\n",
        NULL);
    g_autofree char *xml = scenario("    <route-table name=\"main\"/>\n", rest);
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);

    assert_reach(r, "v/s1", "a", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    assert_reach(r, "v/s2", "a", TGW_REACH_NO_ATTACHMENT_IN_AZ, TGW_REACH_NONE);
    /* inbound to s2 works (the VPC delivers across AZs), the reply does not */
    assert_reach(r, "a", "v/s2", TGW_REACH_DELIVERED, TGW_REACH_NO_ATTACHMENT_IN_AZ);
}

/* ---- SNAT ------------------------------------------------------------------------------------ */

/* Two VPCs reuse 100.64.0.0/16 for pods (custom networking); a, attached first, owns it in the
 * TGW table. Shared services s route 100.64.0.0/10 to the TGW. Cluster ca (in a) and cb (in b)
 * run custom networking; the CNI settings differ per test (%s for b's vpc-cni attributes). */
static char *
snat_xml(const char *b_cni, const char *timeline)
{
    return g_strdup_printf(
        "<scenario version=\"1\" name=\"snat\" seed=\"1\" horizon=\"7d\">\n"
        "  <transit-gateway name=\"t\"><route-table name=\"main\"/></transit-gateway>\n"
        "  <vpc name=\"s\" cidr=\"10.0.0.0/16\">\n"
        "    <subnet name=\"svc\" az=\"az1\" cidr=\"10.0.0.0/24\"/>\n"
        "    <route-table name=\"rt\" subnets=\"svc\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "      <route cidr=\"100.64.0.0/10\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"s\" transit-gateway=\"t\" subnets=\"svc\" associate=\"main\" "
        "propagate=\"main\"/>\n"
        "  </vpc>\n"
        "  <vpc name=\"a\" cidr=\"10.1.0.0/16\">\n"
        "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
        "    <subnet name=\"a-nodes1\" az=\"az1\" cidr=\"10.1.0.0/24\"/>\n"
        "    <subnet name=\"a-nodes2\" az=\"az2\" cidr=\"10.1.1.0/24\"/>\n"
        "    <subnet name=\"a-pods1\" az=\"az1\" cidr=\"100.64.0.0/20\"/>\n"
        "    <subnet name=\"a-pods2\" az=\"az2\" cidr=\"100.64.16.0/20\"/>\n"
        "    <route-table name=\"rt\" main=\"true\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"a\" transit-gateway=\"t\" subnets=\"a-nodes1 a-nodes2\" "
        "associate=\"main\" propagate=\"main\"/>\n"
        "  </vpc>\n"
        "  <vpc name=\"b\" cidr=\"10.2.0.0/16\">\n"
        "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
        "    <subnet name=\"b-nodes1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
        "    <subnet name=\"b-nodes2\" az=\"az2\" cidr=\"10.2.1.0/24\"/>\n"
        "    <subnet name=\"b-pods1\" az=\"az1\" cidr=\"100.64.0.0/20\"/>\n"
        "    <subnet name=\"b-pods2\" az=\"az2\" cidr=\"100.64.16.0/20\"/>\n"
        "    <route-table name=\"rt\" main=\"true\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"b\" transit-gateway=\"t\" subnets=\"b-nodes1 b-nodes2\" "
        "associate=\"main\" propagate=\"main\"/>\n"
        "  </vpc>\n"
        "  <eks-cluster name=\"ca\" vpc=\"a\" subnets=\"a-nodes1 a-nodes2\">\n"
        "    <vpc-cni mode=\"custom\">\n"
        "      <eni-config az=\"az1\" subnet=\"a-pods1\"/>\n"
        "      <eni-config az=\"az2\" subnet=\"a-pods2\"/>\n"
        "    </vpc-cni>\n"
        "    <node-group name=\"nga\" instance-type=\"m5.large\" min=\"1\" max=\"2\" "
        "subnets=\"a-nodes1 a-nodes2\" max-pods=\"auto\"/>\n"
        "  </eks-cluster>\n"
        "  <eks-cluster name=\"cb\" vpc=\"b\" subnets=\"b-nodes1 b-nodes2\">\n"
        "    <vpc-cni %s>\n"
        "      <eni-config az=\"az1\" subnet=\"b-pods1\"/>\n"
        "      <eni-config az=\"az2\" subnet=\"b-pods2\"/>\n"
        "    </vpc-cni>\n"
        "    <node-group name=\"ngb\" instance-type=\"m5.large\" min=\"1\" max=\"2\" "
        "subnets=\"b-nodes1 b-nodes2\" max-pods=\"auto\"/>\n"
        "  </eks-cluster>\n"
        "%s"
        "</scenario>\n",
        b_cni, timeline);
}

/* Rule (vpc-cni.md 29): b's pods in the shadowed CG-NAT block still work across the TGW,
 * because the VPC CNI SNATs them to the node's primary IP: b-pods2 (az2) -> s is seen as
 * 10.2.1.4 (b-nodes2, same AZ), and the reply to 10.2.1.4 finds b. */
static void
test_snat_to_node(void)
{
    g_autofree char *xml = snat_xml("mode=\"custom\"", "");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    g_autoptr(TgwReachResult) res = reach(r, "b/b-pods2", "s");

    g_assert_cmpuint(res->disposition, ==, TGW_REACH_DELIVERED);
    g_assert_cmpuint(res->return_disposition, ==, TGW_REACH_DELIVERED);
    g_assert_true(res->snat);
    g_assert_cmpuint(res->source_addr, ==, tgw_test_ip("100.64.16.4"));
    g_assert_cmpuint(res->seen_source_addr, ==, tgw_test_ip("10.2.1.4"));
    g_assert_nonnull(strstr(((const TgwHop *) res->hops->pdata[1])->text,
                            "SNAT to node IP 10.2.1.4 in b-nodes2"));
    /* inside the VPC the pod address is kept: no SNAT */
    {
        g_autoptr(TgwReachResult) local = reach(r, "b/b-pods2", "b/b-nodes1");
        g_assert_false(local->snat);
        g_assert_cmpuint(local->disposition, ==, TGW_REACH_DELIVERED);
    }
}

/* Rule (vpc-cni.md 30): with external-snat the destination sees the pod address 100.64.0.4;
 * the reply follows the TGW's only 100.64.0.0/16 route, a's, and arrives in the wrong VPC. */
static void
test_external_snat_wrong_vpc(void)
{
    g_autofree char *xml = snat_xml("mode=\"custom\" external-snat=\"true\"", "");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    g_autoptr(TgwReachResult) res = reach(r, "b/b-pods1", "s");

    g_assert_false(res->snat);
    g_assert_cmpuint(res->seen_source_addr, ==, tgw_test_ip("100.64.0.4"));
    g_assert_cmpuint(res->disposition, ==, TGW_REACH_DELIVERED);
    g_assert_cmpuint(res->return_disposition, ==, TGW_REACH_WRONG_VPC);
    g_assert_nonnull(strstr(res->return_reason, "a/a-pods1"));
    g_assert_false(tgw_reach_result_reachable(res));
    /* a's pods (the block's owner in the TGW) are fine without SNAT too */
    assert_reach(r, "a/a-pods1", "s", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
}

/* Rule (vpc-cni.md 29): a destination in exclude-snat-cidrs sees the pod address. */
static void
test_exclude_snat_cidrs(void)
{
    g_autofree char *xml = snat_xml("mode=\"custom\" exclude-snat-cidrs=\"10.0.0.0/16\"", "");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    g_autoptr(TgwReachResult) res = reach(r, "b/b-pods1", "s");

    g_assert_false(res->snat);
    g_assert_cmpuint(res->return_disposition, ==, TGW_REACH_WRONG_VPC);
}

/* Rule: which subnets hold pods depends on the CNI mode at that time: under the default mode the
 * node-group subnets (SNAT to a node in the same subnet), after set-cni custom at 1d the
 * ENIConfig subnets. b-pods1 is no pod subnet at 0 (the address is just a host's). */
static void
test_snat_follows_cni_mode(void)
{
    g_autofree char *xml = snat_xml(
        "mode=\"default\" external-snat=\"false\"",
        "  <timeline><at time=\"1d\"><set-cni cluster=\"cb\" mode=\"custom\"/></at></timeline>\n");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r0 = tgw_routing_new(sc, 0);
    g_autoptr(TgwRouting) r1 = tgw_routing_new(sc, TGW_MS_PER_DAY);
    g_autoptr(TgwReachResult) node0 = reach(r0, "b/b-nodes1", "s");
    g_autoptr(TgwReachResult) pods0 = reach(r0, "b/b-pods1", "s");
    g_autoptr(TgwReachResult) node1 = reach(r1, "b/b-nodes1", "s");
    g_autoptr(TgwReachResult) pods1 = reach(r1, "b/b-pods1", "s");

    g_assert_true(node0->snat);
    g_assert_cmpuint(node0->seen_source_addr, ==, tgw_test_ip("10.2.0.4"));
    g_assert_false(pods0->snat);
    g_assert_cmpuint(pods0->return_disposition, ==, TGW_REACH_WRONG_VPC);
    g_assert_false(node1->snat);
    g_assert_true(pods1->snat);
    g_assert_cmpuint(pods1->return_disposition, ==, TGW_REACH_DELIVERED);
}

/* Rules (vpc-cni.md 22, 29): in the default mode with subnet discovery (its default), pods may
 * have addresses in a subnet tagged kubernetes.io/role/cni of their node's AZ: b-pods1 (az1),
 * tagged, is a pod subnet of cb, SNATed to b-nodes1's 10.2.0.4, and the reply comes back. With
 * subnet-discovery="false" it is no pod subnet: the destination sees 100.64.0.4, whose reply goes
 * to a (the block's owner in the TGW). */
static void
test_snat_from_discovered_subnet(void)
{
    for (guint off = 0; off < 2; off++) {
        g_autofree char *xml =
            snat_xml(off ? "mode=\"default\" subnet-discovery=\"false\"" : "mode=\"default\"", "");
        g_autoptr(GString) tagged = g_string_new(xml);
        g_autoptr(TgwScenario) sc = NULL;
        g_autoptr(TgwRouting) r = NULL;
        g_autoptr(TgwReachResult) res = NULL;

        g_assert_cmpuint(g_string_replace(tagged,
                                          "name=\"b-pods1\" az=\"az1\" cidr=\"100.64.0.0/20\"/>",
                                          "name=\"b-pods1\" az=\"az1\" cidr=\"100.64.0.0/20\" "
                                          "cni-discovery=\"true\"/>",
                                          1),
                         ==, 1);
        sc = load_ok(tagged->str);
        r = tgw_routing_new(sc, 0);
        res = reach(r, "b/b-pods1", "s");
        g_assert_cmpuint(res->disposition, ==, TGW_REACH_DELIVERED);
        if (!off) {
            g_assert_true(res->snat);
            g_assert_cmpuint(res->seen_source_addr, ==, tgw_test_ip("10.2.0.4"));
            g_assert_cmpuint(res->return_disposition, ==, TGW_REACH_DELIVERED);
        } else {
            g_assert_false(res->snat);
            g_assert_cmpuint(res->seen_source_addr, ==, tgw_test_ip("100.64.0.4"));
            g_assert_cmpuint(res->return_disposition, ==, TGW_REACH_WRONG_VPC);
        }
    }
}

/* Rule (vpc-cni.md 29, default mode): a pod takes its address from its node's ENIs, so its
 * traffic is SNATed to a node in its own subnet, and leaves by that subnet's route table. n1 and
 * n2 are both node-group subnets in az1; n1's table routes 10.0.0.0/8 to the TGW, n2's
 * ("isolated") has only the local route. A pod in n2 is seen as 10.2.1.4 (n2's address, not
 * n1's 10.2.0.4) and finds no route in b/isolated. */
static void
test_snat_to_own_node_subnet(void)
{
    static const char xml[] =
        "<scenario version=\"1\" name=\"own\" seed=\"1\" horizon=\"7d\">\n"
        "  <transit-gateway name=\"t\"><route-table name=\"main\"/></transit-gateway>\n"
        "  <vpc name=\"s\" cidr=\"10.0.0.0/16\">\n"
        "    <subnet name=\"svc\" az=\"az1\" cidr=\"10.0.0.0/24\"/>\n"
        "    <route-table name=\"rt\" subnets=\"svc\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"s\" transit-gateway=\"t\" subnets=\"svc\" associate=\"main\" "
        "propagate=\"main\"/>\n"
        "  </vpc>\n"
        "  <vpc name=\"b\" cidr=\"10.2.0.0/16\">\n"
        "    <subnet name=\"n1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
        "    <subnet name=\"n2\" az=\"az1\" cidr=\"10.2.1.0/24\"/>\n"
        "    <subnet name=\"n3\" az=\"az2\" cidr=\"10.2.2.0/24\"/>\n"
        "    <route-table name=\"rt\" main=\"true\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <route-table name=\"isolated\" subnets=\"n2\"/>\n"
        "    <tgw-attachment name=\"b\" transit-gateway=\"t\" subnets=\"n1 n3\" "
        "associate=\"main\" propagate=\"main\"/>\n"
        "  </vpc>\n"
        "  <eks-cluster name=\"cb\" vpc=\"b\" subnets=\"n1 n3\">\n"
        "    <node-group name=\"ngb\" instance-type=\"m5.large\" min=\"1\" max=\"2\" "
        "subnets=\"n1 n2 n3\" max-pods=\"auto\"/>\n"
        "  </eks-cluster>\n"
        "</scenario>\n";
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    g_autoptr(TgwReachResult) res = reach(r, "b/n2", "s");

    g_assert_true(res->snat);
    g_assert_cmpuint(res->seen_source_addr, ==, tgw_test_ip("10.2.1.4"));
    g_assert_cmpuint(res->disposition, ==, TGW_REACH_NO_ROUTE);
    g_assert_cmpstr(res->reason, ==, "no route for 10.0.0.4 in route table b/isolated (subnet n2)");
    assert_reach(r, "b/n1", "s", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
}

/* ---- names and representatives --------------------------------------------------------------- */

/* The representative subnet of a VPC: the first subnet in the primary CIDR whose table routes
 * to a TGW. In the seed team-a's first such subnet is db-a (public-a's table has no TGW route).
 * The seed's own expectations hold: team-a/private-a reaches shared; 10.255.1.1 stays dark. */
static void
test_seed_scenario(void)
{
    g_autofree char *path = tgw_test_source_path("scenarios", "eks-custom-networking.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
    g_autoptr(TgwRouting) r = NULL;
    g_autoptr(TgwReachResult) dark = NULL;
    g_autoptr(TgwReachResult) shared = NULL;

    g_assert_nonnull(sc);
    g_assert_cmpuint(tgw_findings_count(findings, TGW_SEVERITY_ERROR), ==, 0);
    tgw_test_assert_finding(findings, "TGW-CIDR-SHADOWED", 0);
    r = tgw_routing_new(sc, 0);
    g_assert_cmpstr(tgw_routing_vpc_representative(r, tgw_scenario_find_vpc(sc, "team-a"))->name,
                    ==, "db-a");
    dark = reach(r, "team-a", "10.255.1.1");
    g_assert_cmpuint(dark->disposition, ==, TGW_REACH_BLACKHOLE);
    g_assert_false(tgw_reach_result_reachable(dark));
    shared = reach(r, "team-a/private-a", "shared");
    g_assert_true(tgw_reach_result_reachable(shared));
    g_assert_cmpuint(shared->hops->len, >, 5);
}

static void
test_reach_names(void)
{
    g_autofree char *xml = snat_xml(
        "mode=\"custom\"", "  <timeline><at time=\"1d\"><add-subnet vpc=\"s\" name=\"late\" "
                           "az=\"az1\" cidr=\"10.0.9.0/24\"/></at></timeline>\n");
    g_autoptr(TgwScenario) sc = load_ok(xml);
    g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
    g_autoptr(TgwRouting) r1 = tgw_routing_new(sc, TGW_MS_PER_DAY);
    g_autoptr(GError) error = NULL;
    g_autoptr(TgwReachResult) res = NULL;

    /* a bare subnet name unique in the scenario works; VPC/SUBNET too */
    res = reach(r, "a-nodes1", "b/b-nodes1");
    g_assert_cmpstr(res->source_subnet, ==, "a/a-nodes1");
    g_assert_null(tgw_routing_reach(r, "nowhere", "s", &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    g_clear_error(&error);
    /* an address is a destination only */
    g_assert_null(tgw_routing_reach(r, "10.0.0.4", "s", &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    g_clear_error(&error);
    /* a subnet a timeline adds exists only from then on */
    g_assert_null(tgw_routing_reach(r, "s/late", "a", &error));
    g_assert_error(error, TGW_ERROR, TGW_ERROR_NOT_FOUND);
    g_clear_error(&error);
    g_assert_true(tgw_routing_subnet_present(r1, tgw_scenario_find_subnet(sc, "s/late", NULL)));
    assert_reach(r1, "s/late", "a", TGW_REACH_NO_ROUTE, TGW_REACH_NONE); /* main table: local */
}

/* ---- findings -------------------------------------------------------------------------------- */

static TgwFindings *
lint(const char *xml)
{
    TgwFindings *findings = NULL;
    g_autoptr(TgwScenario) sc = tgw_test_load(xml, &findings);
    if (g_getenv("DUMP"))
        g_print("XML<%s>\n", xml);
    return findings;
}

static void
test_finding_shadowed(void)
{
    g_autofree char *xml = pair("", "100.64.0.0/16", "100.64.0.0/16", NULL);
    g_autoptr(TgwFindings) f = lint(xml);
    const TgwFinding *got = NULL;

    /* on the attachment of the VPC that lost the block */
    tgw_test_assert_finding(f, "TGW-CIDR-SHADOWED", line_of(xml, "<tgw-attachment name=\"b\""));
    for (guint i = 0; i < tgw_findings_len(f); i++) {
        if (g_str_equal(tgw_findings_get(f, i)->code, "TGW-CIDR-SHADOWED"))
            got = tgw_findings_get(f, i);
    }
    g_assert_cmpuint(got->severity, ==, TGW_SEVERITY_WARNING);
    g_assert_nonnull(strstr(got->message, "100.64.0.0/16"));
    g_assert_nonnull(strstr(got->message, "VPC 'a'"));
    g_assert_nonnull(strstr(got->message, "'b'"));
    g_assert_nonnull(strstr(got->message, "static routes for the routable blocks"));
    g_assert_nonnull(strstr(got->message, "100.64.0.0/17 and 100.64.128.0/17"));
    g_assert_nonnull(strstr(got->message, "private NAT gateway"));
    g_assert_false(tgw_findings_has_errors(f));
}

/* a static route for the shared block is the fix: no finding then */
static void
test_finding_shadowed_fixed(void)
{
    g_autofree char *xml =
        pair("    <route table=\"main\" cidr=\"100.64.0.0/16\" blackhole=\"true\"/>\n",
             "100.64.0.0/16", "100.64.0.0/16", NULL);
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_no_finding(f, "TGW-CIDR-SHADOWED");
}

static void
test_finding_overlap(void)
{
    g_autofree char *xml = pair("", NULL, "10.1.128.0/17", NULL);
    g_autoptr(TgwFindings) f = lint(xml);
    /* the finding sits on the attachment whose (more specific) route splits the other */
    tgw_test_assert_finding(f, "TGW-CIDR-OVERLAP", line_of(xml, "<tgw-attachment name=\"b\""));
}

static void
test_finding_target_detached(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *b = spoke("b", "10.2.0.0/16", NULL, "associate=\"main\" attached=\"false\"");
    g_autofree char *c = spoke("c", "10.3.0.0/16", NULL, "associate=\"main\"");
    g_autofree char *rest = g_strconcat(
        a, b, c,
        "  <timeline><at time=\"1d\"><detach transit-gateway=\"t\" attachment=\"c\"/></at>"
        "</timeline>\n",
        NULL);
    g_autofree char *xml =
        scenario("    <route-table name=\"main\"/>\n"
                 "    <route table=\"main\" cidr=\"10.20.0.0/16\" attachment=\"b\"/>\n"
                 "    <route table=\"main\" cidr=\"10.30.0.0/16\" attachment=\"c\"/>\n",
                 rest);
    g_autoptr(TgwFindings) f = lint(xml);
    int never = line_of(xml, "cidr=\"10.20.0.0/16\""),
        later = line_of(xml, "cidr=\"10.30.0.0/16\"");

    /* b is never attached: error; c is detached at 1d: warning */
    tgw_test_assert_finding(f, "TGW-ROUTE-TARGET-DETACHED", never);
    tgw_test_assert_finding(f, "TGW-ROUTE-TARGET-DETACHED", later);
    for (guint i = 0; i < tgw_findings_len(f); i++) {
        const TgwFinding *x = tgw_findings_get(f, i);
        if (g_str_equal(x->code, "TGW-ROUTE-TARGET-DETACHED"))
            g_assert_cmpuint(x->severity, ==,
                             x->line == never ? TGW_SEVERITY_ERROR : TGW_SEVERITY_WARNING);
    }
}

static void
test_finding_target_kind(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml =
        scenario("    <route-table name=\"main\"/>\n"
                 "    <attachment name=\"dx\" kind=\"dx-gateway\" associate=\"main\"/>\n"
                 "    <route table=\"main\" cidr=\"10.20.0.0/16\" attachment=\"dx\"/>\n",
                 a);
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "TGW-ROUTE-TARGET-KIND", line_of(xml, "cidr=\"10.20.0.0/16\""));
}

static void
test_finding_table_unused_and_unassociated(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "propagate=\"main\"");
    g_autofree char *xml =
        scenario("    <route-table name=\"main\"/>\n    <route-table name=\"spare\"/>\n", a);
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "TGW-TABLE-UNUSED", line_of(xml, "<route-table name=\"main\""));
    tgw_test_assert_finding(f, "TGW-TABLE-UNUSED", line_of(xml, "<route-table name=\"spare\""));
    tgw_test_assert_finding(f, "TGW-ATTACHMENT-UNASSOCIATED",
                            line_of(xml, "<tgw-attachment name=\"a\""));
    g_assert_false(tgw_findings_has_errors(f));
}

static void
test_finding_peering_propagates(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml =
        scenario("    <route-table name=\"main\"/>\n"
                 "    <attachment name=\"peer\" kind=\"peering\" associate=\"main\" "
                 "propagate=\"main\"/>\n",
                 a);
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "TGW-PEERING-PROPAGATES", line_of(xml, "name=\"peer\""));
    g_assert_true(tgw_findings_has_errors(f));
}

static void
test_finding_vpc_no_attachment_az(void)
{
    g_autofree char *xml = g_strdup(
        "<scenario version=\"1\" name=\"r\" seed=\"1\" horizon=\"7d\">\n"
        "  <transit-gateway name=\"t\"><route-table name=\"main\"/></transit-gateway>\n"
        "  <vpc name=\"v\" cidr=\"10.2.0.0/16\">\n"
        "    <subnet name=\"s1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
        "    <subnet name=\"s2\" az=\"az2\" cidr=\"10.2.1.0/24\"/>\n"
        "    <route-table name=\"rt\" subnets=\"s1 s2\">\n"
        "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
        "    </route-table>\n"
        "    <tgw-attachment name=\"v\" transit-gateway=\"t\" subnets=\"s1\" associate=\"main\" "
        "propagate=\"main\"/>\n"
        "  </vpc>\n"
        "</scenario>\n");
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "VPC-ROUTE-NO-ATTACHMENT-AZ", 5); /* subnet s2 */
    g_assert_false(tgw_findings_has_errors(f));
}

static void
test_finding_vpc_no_attachment(void)
{
    g_autofree char *xml =
        g_strdup("<scenario version=\"1\" name=\"r\" seed=\"1\" horizon=\"7d\">\n"
                 "  <transit-gateway name=\"t\"><route-table name=\"main\"/></transit-gateway>\n"
                 "  <vpc name=\"v\" cidr=\"10.2.0.0/16\">\n"
                 "    <subnet name=\"s1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
                 "    <route-table name=\"rt\" subnets=\"s1\">\n"
                 "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:t\"/>\n"
                 "    </route-table>\n"
                 "  </vpc>\n"
                 "</scenario>\n");
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "VPC-ROUTE-NO-ATTACHMENT", 6);
    g_assert_true(tgw_findings_has_errors(f));
}

static void
test_finding_shadows_local(void)
{
    g_autoptr(TgwFindings) f = lint(vpc_tables_xml);
    /* the route 10.1.1.0/24 -> transit-gateway:t inside block 10.1.0.0/16 */
    tgw_test_assert_finding(f, "VPC-ROUTE-SHADOWS-LOCAL", 10);
    g_assert_true(tgw_findings_has_errors(f));
}

static void
test_finding_static_prefix_twice(void)
{
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml =
        scenario("    <route-table name=\"main\"/>\n"
                 "    <route table=\"main\" cidr=\"10.20.0.0/16\" attachment=\"a\"/>\n"
                 "    <route table=\"main\" cidr=\"10.20.0.0/16\" blackhole=\"true\"/>\n",
                 a);
    g_autoptr(TgwFindings) f = lint(xml);
    tgw_test_assert_finding(f, "TGW-QUOTA-STATIC-PREFIX", line_of(xml, "blackhole=\"true\""));
}

static void
test_finding_quota_tables(void)
{
    g_autoptr(GString) tables = g_string_new(NULL);
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"t0\" propagate=\"t0\"");
    g_autofree char *xml = NULL;
    g_autoptr(TgwFindings) f = NULL;

    for (guint i = 0; i < 21; i++)
        g_string_append_printf(tables, "    <route-table name=\"t%u\"/>\n", i);
    xml = scenario(tables->str, a);
    f = lint(xml);
    tgw_test_assert_finding(f, "TGW-QUOTA-ROUTE-TABLES", line_of(xml, "<transit-gateway"));
}

/* 10,001 routes on one TGW (10,000 static blackholes and a's 10.1.0.0/16), 10,002 after a
 * timeline's add-route at 1d: one finding, at 0, not one per snapshot; and 6 TGWs for one VPC */
static void
test_finding_quota_routes_and_tgws(void)
{
    g_autoptr(GString) body = g_string_new("    <route-table name=\"main\"/>\n");
    g_autoptr(GString) vpc = g_string_new(NULL);
    g_autofree char *a = spoke("a", "10.1.0.0/16", NULL, "associate=\"main\" propagate=\"main\"");
    g_autofree char *xml = NULL, *rest = NULL;
    g_autoptr(TgwFindings) f = NULL;
    guint quota_routes = 0;

    for (guint i = 0; i < 10000; i++)
        g_string_append_printf(
            body, "    <route table=\"main\" cidr=\"11.%u.%u.0/24\" blackhole=\"true\"/>\n",
            i / 256, i % 256);
    g_string_append(vpc, "  <vpc name=\"m\" cidr=\"10.9.0.0/16\">\n"
                         "    <subnet name=\"m1\" az=\"az1\" cidr=\"10.9.0.0/24\"/>\n");
    for (guint i = 0; i < 6; i++)
        g_string_append_printf(vpc,
                               "    <tgw-attachment name=\"m%u\" transit-gateway=\"g%u\" "
                               "subnets=\"m1\" associate=\"r\"/>\n",
                               i, i);
    g_string_append(vpc, "  </vpc>\n");
    for (guint i = 0; i < 6; i++)
        g_string_append_printf(vpc,
                               "  <transit-gateway name=\"g%u\"><route-table name=\"r\"/>"
                               "</transit-gateway>\n",
                               i);
    rest = g_strconcat(a, vpc->str,
                       "  <timeline><at time=\"1d\"><add-route transit-gateway=\"t\" "
                       "table=\"main\" cidr=\"12.0.0.0/16\" blackhole=\"true\"/></at></timeline>\n",
                       NULL);
    xml = scenario(body->str, rest);
    f = lint(xml);
    tgw_test_assert_finding(f, "TGW-QUOTA-ROUTES", line_of(xml, "<transit-gateway"));
    for (guint i = 0; i < tgw_findings_len(f); i++) {
        const TgwFinding *x = tgw_findings_get(f, i);
        if (g_str_equal(x->code, "TGW-QUOTA-ROUTES")) {
            g_assert_nonnull(strstr(x->message, "holds 10001 routes"));
            quota_routes++;
        }
    }
    g_assert_cmpuint(quota_routes, ==, 1);
    tgw_test_assert_finding(f, "TGW-QUOTA-TGWS-PER-VPC", line_of(xml, "<vpc name=\"m\""));
}

/* 5,001 VPN attachments (kept cheap: no VPCs) */
static void
test_finding_quota_attachments(void)
{
    g_autoptr(GString) body = g_string_new("    <route-table name=\"main\"/>\n");
    g_autofree char *xml = NULL;
    g_autoptr(TgwFindings) f = NULL;

    for (guint i = 0; i < 5001; i++)
        g_string_append_printf(
            body, "    <attachment name=\"v%u\" kind=\"vpn\" associate=\"main\"/>\n", i);
    xml = scenario(body->str, "");
    f = lint(xml);
    tgw_test_assert_finding(f, "TGW-QUOTA-ATTACHMENTS", line_of(xml, "<transit-gateway"));
}

static void
test_finding_quota_peering_and_vpc_routes(void)
{
    g_autoptr(GString) body = g_string_new("    <route-table name=\"main\"/>\n");
    g_autoptr(GString) routes = g_string_new(NULL);
    g_autofree char *xml = NULL, *vpc = NULL;
    g_autoptr(TgwFindings) f = NULL;

    for (guint i = 0; i < 51; i++)
        g_string_append_printf(
            body, "    <attachment name=\"p%u\" kind=\"peering\" associate=\"main\"/>\n", i);
    for (guint i = 0; i < 51; i++)
        g_string_append_printf(
            routes, "      <route cidr=\"11.%u.0.0/16\" target=\"transit-gateway:t\"/>\n", i);
    vpc = g_strdup_printf("  <vpc name=\"v\" cidr=\"10.1.0.0/16\">\n"
                          "    <subnet name=\"s\" az=\"az1\" cidr=\"10.1.0.0/24\"/>\n"
                          "    <route-table name=\"big\" subnets=\"s\">\n%s    </route-table>\n"
                          "    <tgw-attachment name=\"v\" transit-gateway=\"t\" subnets=\"s\" "
                          "associate=\"main\"/>\n"
                          "  </vpc>\n",
                          routes->str);
    xml = scenario(body->str, vpc);
    f = lint(xml);
    tgw_test_assert_finding(f, "TGW-QUOTA-PEERING", line_of(xml, "<transit-gateway"));
    tgw_test_assert_finding(f, "VPC-QUOTA-ROUTES", line_of(xml, "<route-table name=\"big\""));
}

/* a finding that appears only after a timeline action says when */
static void
test_finding_timed(void)
{
    g_autofree char *xml =
        pair("", "100.64.0.0/16", NULL,
             "<at time=\"3d\"><add-cidr-block vpc=\"b\" cidr=\"100.64.0.0/16\"/></at>");
    g_autoptr(TgwFindings) f = lint(xml);

    tgw_test_assert_finding(f, "TGW-CIDR-SHADOWED", line_of(xml, "<tgw-attachment name=\"b\""));
    for (guint i = 0; i < tgw_findings_len(f); i++) {
        const TgwFinding *x = tgw_findings_get(f, i);
        if (g_str_equal(x->code, "TGW-CIDR-SHADOWED"))
            g_assert_true(g_str_has_suffix(x->message, "(at 3d)"));
    }
}

/* ---- goldens --------------------------------------------------------------------------------- */

static char *
multi_vpc_path(void)
{
    return tgw_test_source_path("tests", "data", "routing", "multi-vpc.xml", NULL);
}

/* the built tgwsim's COMMAND multi-vpc.xml [OPTION]: exit 0, nothing on stderr; its stdout */
static char *
run_ok(const char *command, const char *option)
{
    g_autofree char *path = multi_vpc_path();
    g_auto(TgwTestCmd) c = {0};

    tgw_test_tgwsim(&c, command, path, option, NULL);
    g_assert_cmpint(c.status, ==, 0);
    g_assert_cmpstr(c.err, ==, "");
    return g_steal_pointer(&c.out);
}

/* compares the stdout of `tgwsim COMMAND multi-vpc.xml [OPTION]` with the golden file byte for
 * byte (TGW_UPDATE_GOLDEN=1 rewrites the file instead) */
static void
check_golden(const char *golden, const char *command, const char *option)
{
    g_autofree char *golden_path = tgw_test_source_path("tests", "data", "routing", golden, NULL);
    g_autofree char *out = run_ok(command, option);
    g_autofree char *want = NULL;

    if (g_getenv("TGW_UPDATE_GOLDEN") != NULL) {
        g_assert_true(g_file_set_contents(golden_path, out, -1, NULL));
        return;
    }
    g_assert_true(g_file_get_contents(golden_path, &want, NULL, NULL));
    g_assert_cmpstr(out, ==, want);
}

static void
test_golden_routes_text(void)
{
    check_golden("multi-vpc.routes.txt", "routes", NULL);
}

static void
test_golden_routes_json(void)
{
    check_golden("multi-vpc.routes.json", "routes", "--json");
}

static void
test_golden_matrix(void)
{
    check_golden("multi-vpc.matrix.txt", "reach", "--matrix");
}

/* ---- the commands ---------------------------------------------------------------------------- */

/* reach's text: a headline, then the request and the reply each as one paragraph of clauses
 * ending in the reason. prod-a (nodes-a, 10.1.0.4, euw1-az1) to prod-b (nodes-a, 10.2.0.4):
 * prod-a's table sends 10.0.0.0/8 to hub, it enters by attachment prod-a, whose table "prod" has
 * nothing for 10.2.0.0/20 (prod-b propagates into shared and onprem only). */
static void
test_cmd_reach_text(void)
{
    g_autofree char *path = multi_vpc_path();
    g_auto(TgwTestCmd) c = {0};

    tgw_test_tgwsim(&c, "reach", path, "--from", "prod-a", "--to", "prod-b", NULL);
    g_assert_cmpint(c.status, ==, 0);
    g_assert_cmpstr(c.out, ==,
                    "prod-a -> prod-b: no-route; reply: none\n"
                    "Request 10.1.0.4 -> 10.2.0.4: leaves prod-a/nodes-a (euw1-az1) from "
                    "10.1.0.4; route table prod-a/private sends 10.2.0.4 by 10.0.0.0/8 to "
                    "transit-gateway:hub; enters transit gateway hub through attachment prod-a "
                    "(subnet nodes-a, euw1-az1). No route for 10.2.0.4 in TGW table prod "
                    "(associated with attachment prod-a).\n"
                    "Reply: no reply: the request does not arrive.\n");
}

static JsonNode *
parse_json(const char *text)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) error = NULL;

    g_assert_true(json_parser_load_from_data(parser, text, -1, &error));
    g_assert_no_error(error);
    return json_node_copy(json_parser_get_root(parser));
}

/* the hop kinds of a JSON hop array, joined with spaces */
static char *
hop_kinds(JsonArray *hops)
{
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < json_array_get_length(hops); i++)
        g_string_append_printf(
            s, "%s%s", i > 0 ? " " : "",
            json_object_get_string_member(json_array_get_object_element(hops, i), "kind"));
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* reach --json on the asymmetric path legacy -> shared (derived in test_multi_vpc_by_hand):
 * the request goes old-a -> legacy/main -> attachment legacy -> table prod -> shared-svc ->
 * shared/svc (local) -> svc-a; the reply goes svc-a -> shared/svc -> attachment shared-svc ->
 * table shared, whose 10.4.0.0/16 is the VPN's -> out through dc: misrouted. "--json -" is the
 * same. */
static void
test_cmd_reach_json(void)
{
    g_autofree char *path = multi_vpc_path();
    g_auto(TgwTestCmd) c = {0};
    g_auto(TgwTestCmd) dash = {0};
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *kinds = NULL, *return_kinds = NULL;
    JsonObject *o = NULL;

    tgw_test_tgwsim(&c, "reach", path, "--from", "legacy", "--to", "shared", "--json", NULL);
    g_assert_cmpint(c.status, ==, 0);
    root = parse_json(c.out);
    o = json_node_get_object(root);
    g_assert_cmpstr(json_object_get_string_member(o, "from"), ==, "legacy");
    g_assert_cmpstr(json_object_get_string_member(o, "to"), ==, "shared");
    g_assert_cmpstr(json_object_get_string_member(o, "source"), ==, "10.4.0.4");
    g_assert_cmpstr(json_object_get_string_member(o, "destination"), ==, "10.0.0.4");
    g_assert_cmpstr(json_object_get_string_member(o, "disposition"), ==, "delivered");
    g_assert_cmpstr(json_object_get_string_member(o, "reason"), ==,
                    "delivered to shared/svc-a (10.0.0.4)");
    g_assert_cmpstr(json_object_get_string_member(o, "return_disposition"), ==, "misrouted");
    kinds = hop_kinds(json_object_get_array_member(o, "hops"));
    g_assert_cmpstr(kinds, ==,
                    "subnet vpc-route-table attachment-in tgw-route-table attachment-out "
                    "vpc-route-table subnet");
    return_kinds = hop_kinds(json_object_get_array_member(o, "return_hops"));
    g_assert_cmpstr(return_kinds, ==,
                    "subnet vpc-route-table attachment-in tgw-route-table attachment-out");
    tgw_test_tgwsim(&dash, "reach", path, "--from", "legacy", "--to", "shared", "--json", "-",
                    NULL);
    g_assert_cmpint(dash.status, ==, 0);
    g_assert_cmpstr(dash.out, ==, c.out);
}

/* reach --matrix --json: 5 VPCs, 25 pairs from-major in document order; pair 4 * 5 + 0 is
 * legacy -> shared, delivered / misrouted as above */
static void
test_cmd_matrix_json(void)
{
    g_autofree char *out = run_ok("reach", "--matrix");
    g_autofree char *path = multi_vpc_path();
    g_auto(TgwTestCmd) c = {0};
    g_autoptr(JsonNode) root = NULL;
    JsonArray *pairs = NULL;
    JsonObject *pair = NULL;

    tgw_test_tgwsim(&c, "reach", path, "--matrix", "--json", NULL);
    g_assert_cmpint(c.status, ==, 0);
    root = parse_json(c.out);
    g_assert_cmpuint(
        json_array_get_length(json_object_get_array_member(json_node_get_object(root), "vpcs")), ==,
        5);
    pairs = json_object_get_array_member(json_node_get_object(root), "pairs");
    g_assert_cmpuint(json_array_get_length(pairs), ==, 25);
    pair = json_array_get_object_element(pairs, 4 * 5 + 0);
    g_assert_cmpstr(json_object_get_string_member(pair, "from"), ==, "legacy");
    g_assert_cmpstr(json_object_get_string_member(pair, "to"), ==, "shared");
    g_assert_cmpstr(json_object_get_string_member(pair, "disposition"), ==, "delivered");
    g_assert_cmpstr(json_object_get_string_member(pair, "return_disposition"), ==, "misrouted");
    /* the text matrix says the same */
    g_assert_nonnull(strstr(out, "\nlegacy     delivered/misrouted "));
}

/* usage errors exit 2 with a message naming what is wrong */
static void
test_cmd_usage(void)
{
    g_autofree char *path = multi_vpc_path();
    g_auto(TgwTestCmd) c = {0};

    tgw_test_tgwsim(&c, "reach", path, "--matrix", "--from", "prod-a", NULL);
    g_assert_cmpint(c.status, ==, 2);
    g_assert_nonnull(strstr(c.err, "give either --from and --to, or --matrix"));
    tgw_test_tgwsim(&c, "reach", path, "--from", "prod-a", NULL);
    g_assert_cmpint(c.status, ==, 2);
    tgw_test_tgwsim(&c, "reach", path, "--from", "nowhere", "--to", "shared", NULL);
    g_assert_cmpint(c.status, ==, 2);
    g_assert_nonnull(strstr(c.err, "'nowhere' is not a VPC or subnet of the scenario"));
    tgw_test_tgwsim(&c, "reach", path, "--from", "nodes-a", "--to", "shared", NULL);
    g_assert_cmpint(c.status, ==, 2);
    g_assert_nonnull(strstr(c.err, "'nodes-a' names subnets in several VPCs"));
    tgw_test_tgwsim(&c, "routes", path, "--tgw", "nope", NULL);
    g_assert_cmpint(c.status, ==, 2);
    g_assert_nonnull(strstr(c.err, "no transit gateway named 'nope'"));
    tgw_test_tgwsim(&c, "routes", path, "--at", "soon", NULL);
    g_assert_cmpint(c.status, ==, 2);
}

/* routes --tgw NAME --at TIME: only that TGW and the VPCs attached to it, as the timeline left
 * them. x is attached to t1, y to t2; y's attachment to t2 comes at 1d. */
static void
test_cmd_routes_tgw_at(void)
{
    static const char xml[] =
        "<scenario version=\"1\" name=\"two\" seed=\"1\" horizon=\"7d\">\n"
        "  <transit-gateway name=\"t1\"><route-table name=\"r\"/></transit-gateway>\n"
        "  <transit-gateway name=\"t2\"><route-table name=\"r\"/></transit-gateway>\n"
        "  <vpc name=\"x\" cidr=\"10.1.0.0/16\">\n"
        "    <subnet name=\"x1\" az=\"az1\" cidr=\"10.1.0.0/24\"/>\n"
        "    <tgw-attachment name=\"x\" transit-gateway=\"t1\" subnets=\"x1\" associate=\"r\" "
        "propagate=\"r\"/>\n"
        "  </vpc>\n"
        "  <vpc name=\"y\" cidr=\"10.2.0.0/16\">\n"
        "    <subnet name=\"y1\" az=\"az1\" cidr=\"10.2.0.0/24\"/>\n"
        "    <tgw-attachment name=\"y\" transit-gateway=\"t2\" subnets=\"y1\" associate=\"r\" "
        "propagate=\"r\" attached=\"false\"/>\n"
        "  </vpc>\n"
        "  <timeline><at time=\"1d\"><attach transit-gateway=\"t2\" attachment=\"y\"/></at>"
        "</timeline>\n"
        "</scenario>\n";
    g_autofree char *path = NULL;
    g_auto(TgwTestCmd) at0 = {0};
    g_auto(TgwTestCmd) at1 = {0};
    int fd = g_file_open_tmp("tgw-routes-XXXXXX.xml", &path, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    g_assert_true(g_file_set_contents(path, xml, -1, NULL));
    tgw_test_tgwsim(&at0, "routes", path, "--tgw", "t2", NULL);
    tgw_test_tgwsim(&at1, "routes", path, "--tgw", "t2", "--at", "1d", NULL);
    g_unlink(path);
    g_assert_cmpint(at0.status, ==, 0);
    g_assert_cmpstr(at0.out, ==,
                    "Transit gateway t2\n"
                    "  Route table r\n"
                    "    associated: (none)\n"
                    "    propagating: (none)\n"
                    "    (no routes)\n"
                    "\n"
                    "VPC y (10.2.0.0/16)\n"
                    "  Route table main (main, implicit)\n"
                    "    subnets: y1\n"
                    "    CIDR         TARGET  STATE\n"
                    "    10.2.0.0/16  local   active\n");
    g_assert_cmpint(at1.status, ==, 0);
    g_assert_nonnull(strstr(at1.out, "    associated: y\n"
                                     "    propagating: y\n"
                                     "    CIDR         TYPE        TARGET  STATE\n"
                                     "    10.2.0.0/16  propagated  y       active\n"));
    g_assert_null(strstr(at1.out, "t1"));
    g_assert_null(strstr(at1.out, "VPC x"));
}

/* The matrix of multi-vpc.xml derived by hand (see the scenario's comment); the golden test
 * checks the printing, this checks the dispositions through the library. Representatives:
 * shared/svc-a, prod-a/nodes-a, prod-b/nodes-a, dev/app-b (az2, no attachment subnet there),
 * legacy/old-a. */
static void
test_multi_vpc_by_hand(void)
{
    g_autofree char *path = tgw_test_source_path("tests", "data", "routing", "multi-vpc.xml", NULL);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = tgw_scenario_load_file(path, NULL, findings);
    g_autoptr(TgwRouting) r = NULL;
    const TgwTgwTableDef *shared = NULL, *onprem = NULL;

    g_assert_nonnull(sc);
    r = tgw_routing_new(sc, 0);
    shared = table(sc, "hub", "shared");
    onprem = table(sc, "hub", "onprem");
    /* identical CG-NAT: prod-a (attached first) installed, prod-b shadowed */
    assert_route(r, shared, "100.64.0.0/16", TGW_ROUTE_ACTIVE, "prod-a");
    /* static to the VPN beats the VPN's propagated route for the same prefix */
    g_assert_cmpuint(tgw_routing_find_route(r, shared, tgw_test_cidr("192.168.0.0/16"))->type, ==,
                     TGW_ROUTE_STATIC);
    /* the static blackhole hides both CG-NAT blocks from on-premises */
    assert_route(r, onprem, "100.64.0.0/16", TGW_ROUTE_BLACKHOLE, NULL);
    /* shared reaches prod-a and prod-b both ways (each has its own routable primary) */
    assert_reach(r, "shared", "prod-a", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    assert_reach(r, "shared", "prod-b", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    /* prod table has no route to the other prod VPC nor to dev */
    assert_reach(r, "prod-a", "prod-b", TGW_REACH_NO_ROUTE, TGW_REACH_NONE);
    assert_reach(r, "prod-a", "dev", TGW_REACH_NO_ROUTE, TGW_REACH_NONE);
    /* prod table has legacy's 10.4.0.0/20; legacy's reply looks in prod, where prod-a is not */
    assert_reach(r, "prod-a", "legacy", TGW_REACH_DELIVERED, TGW_REACH_NO_ROUTE);
    /* dev's representative app-b is in az2, where the attachment has no subnet */
    assert_reach(r, "dev", "shared", TGW_REACH_NO_ATTACHMENT_IN_AZ, TGW_REACH_NONE);
    assert_reach(r, "shared", "dev", TGW_REACH_DELIVERED, TGW_REACH_NO_ATTACHMENT_IN_AZ);
    assert_reach(r, "dev/app-a", "shared", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    /* the asymmetric path: legacy -> shared arrives through "prod", the reply looks in "shared"
     * where legacy does not propagate, and follows the VPN's 10.4.0.0/16 to on-premises */
    assert_reach(r, "legacy", "shared", TGW_REACH_DELIVERED, TGW_REACH_MISROUTED);
    assert_reach(r, "shared", "legacy", TGW_REACH_MISROUTED, TGW_REACH_NONE);
    /* pods: prod-a SNATs (reply to the node), prod-b does not (reply to prod-a's pods) */
    assert_reach(r, "prod-a/pods-a", "shared", TGW_REACH_DELIVERED, TGW_REACH_DELIVERED);
    assert_reach(r, "prod-b/pods-a", "shared", TGW_REACH_DELIVERED, TGW_REACH_WRONG_VPC);
    /* to the retired range and to on-premises */
    assert_reach(r, "prod-a", "10.255.0.1", TGW_REACH_BLACKHOLE, TGW_REACH_NONE);
    assert_reach(r, "shared", "192.168.1.1", TGW_REACH_EXTERNAL, TGW_REACH_DELIVERED);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/routing/lpm/basic", test_lpm_basic);
    g_test_add_func("/routing/lpm/empty-and-gaps", test_lpm_empty_and_gaps);
    g_test_add_func("/routing/lpm/random", test_lpm_random);
    g_test_add_func("/routing/tgw/propagates-every-block", test_propagates_every_block);
    g_test_add_func("/routing/tgw/association-and-propagation", test_association_and_propagation);
    g_test_add_func("/routing/tgw/unassociated-attachment", test_unassociated_attachment);
    g_test_add_func("/routing/tgw/longest-prefix-first", test_longest_prefix_first);
    g_test_add_func("/routing/tgw/static-beats-propagated", test_static_beats_propagated);
    g_test_add_func("/routing/tgw/origin-order", test_origin_order);
    g_test_add_func("/routing/tgw/identical-cidr-first-attached",
                    test_identical_cidr_first_attached);
    g_test_add_func("/routing/tgw/identical-block-added-later", test_identical_block_added_later);
    g_test_add_func("/routing/tgw/static-routes-and-detach", test_static_routes_and_detach);
    g_test_add_func("/routing/tgw/peering-static-only", test_peering_static_only);
    g_test_add_func("/routing/vpc/tables", test_vpc_tables);
    g_test_add_func("/routing/vpc/attachment-az", test_attachment_az);
    g_test_add_func("/routing/snat/to-node", test_snat_to_node);
    g_test_add_func("/routing/snat/external-snat-wrong-vpc", test_external_snat_wrong_vpc);
    g_test_add_func("/routing/snat/exclude-snat-cidrs", test_exclude_snat_cidrs);
    g_test_add_func("/routing/snat/follows-cni-mode", test_snat_follows_cni_mode);
    g_test_add_func("/routing/snat/from-discovered-subnet", test_snat_from_discovered_subnet);
    g_test_add_func("/routing/snat/to-own-node-subnet", test_snat_to_own_node_subnet);
    g_test_add_func("/routing/reach/seed-scenario", test_seed_scenario);
    g_test_add_func("/routing/reach/names", test_reach_names);
    g_test_add_func("/routing/finding/cidr-shadowed", test_finding_shadowed);
    g_test_add_func("/routing/finding/cidr-shadowed-fixed", test_finding_shadowed_fixed);
    g_test_add_func("/routing/finding/cidr-overlap", test_finding_overlap);
    g_test_add_func("/routing/finding/route-target-detached", test_finding_target_detached);
    g_test_add_func("/routing/finding/route-target-kind", test_finding_target_kind);
    g_test_add_func("/routing/finding/table-unused-attachment-unassociated",
                    test_finding_table_unused_and_unassociated);
    g_test_add_func("/routing/finding/peering-propagates", test_finding_peering_propagates);
    g_test_add_func("/routing/finding/vpc-route-no-attachment-az",
                    test_finding_vpc_no_attachment_az);
    g_test_add_func("/routing/finding/vpc-route-no-attachment", test_finding_vpc_no_attachment);
    g_test_add_func("/routing/finding/vpc-route-shadows-local", test_finding_shadows_local);
    g_test_add_func("/routing/finding/quota-static-prefix", test_finding_static_prefix_twice);
    g_test_add_func("/routing/finding/quota-route-tables", test_finding_quota_tables);
    g_test_add_func("/routing/finding/quota-routes-and-tgws-per-vpc",
                    test_finding_quota_routes_and_tgws);
    g_test_add_func("/routing/finding/quota-attachments", test_finding_quota_attachments);
    g_test_add_func("/routing/finding/quota-peering-and-vpc-routes",
                    test_finding_quota_peering_and_vpc_routes);
    g_test_add_func("/routing/finding/timed", test_finding_timed);
    g_test_add_func("/routing/golden/routes-text", test_golden_routes_text);
    g_test_add_func("/routing/golden/routes-json", test_golden_routes_json);
    g_test_add_func("/routing/golden/matrix", test_golden_matrix);
    g_test_add_func("/routing/multi-vpc-by-hand", test_multi_vpc_by_hand);
    g_test_add_func("/routing/cmd/reach-text", test_cmd_reach_text);
    g_test_add_func("/routing/cmd/reach-json", test_cmd_reach_json);
    g_test_add_func("/routing/cmd/matrix-json", test_cmd_matrix_json);
    g_test_add_func("/routing/cmd/usage", test_cmd_usage);
    g_test_add_func("/routing/cmd/routes-tgw-at", test_cmd_routes_tgw_at);
    return g_test_run();
}
