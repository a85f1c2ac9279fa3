/* bench-routing.c: routing at the AWS limit — a transit gateway with 5,000 VPC attachments.
 *
 *   bench-routing [ATTACHMENTS [QUERIES [RUNS]]]    (default 5000, 100000, 5)
 *
 * Generates the scenario as an XML string (one /21 VPC per attachment with two subnets in two
 * AZs, every tenth VPC also carrying the CG-NAT block 100.64.0.0/16 so that the TGW shadows all
 * but one, 1,000 static blackhole routes), loads it with tgw_scenario_load_memory() (schema,
 * loader and the full lint, routing findings included), then per run: builds the routing
 * snapshot and renders every route of every table ("routes"), and answers QUERIES reach
 * questions between random VPCs / subnets / addresses, each with its return path. Prints each
 * run and the medians. A meson benchmark(), not a test: `meson test -C BUILD --benchmark
 * routing` (the point is the figure, and that it stays in the seconds, not a pass/fail). */
#include <stdio.h>
#include <string.h>

#include "tgw-routing.h"
#include "tgw-scenario-load.h"

static guint64 xorshift_state = 0x2545F4914F6CDD1Du;

static guint32
next_random(void)
{
    guint64 x = xorshift_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    xorshift_state = x;
    return (guint32) (x >> 32);
}

/* VPC i: 10.0.0.0/8 cut in /21s; subnets are its first two /24s */
static guint32
vpc_base(guint i)
{
    return 0x0A000000u + i * 2048u;
}

static char *
generate(guint n)
{
    GString *xml =
        g_string_new("<scenario version=\"1\" name=\"bench\" seed=\"1\" horizon=\"1d\">\n"
                     "  <transit-gateway name=\"core\">\n"
                     "    <route-table name=\"spokes\"/>\n");
    char a[TGW_IPV4_STRLEN], s1[TGW_IPV4_STRLEN], s2[TGW_IPV4_STRLEN];

    for (guint i = 0; i < 1000; i++)
        g_string_append_printf(xml,
                               "    <route table=\"spokes\" cidr=\"11.%u.%u.0/24\" "
                               "blackhole=\"true\"/>\n",
                               i / 256, i % 256);
    g_string_append(xml, "  </transit-gateway>\n");
    for (guint i = 0; i < n; i++) {
        tgw_ipv4_format(vpc_base(i), a);
        tgw_ipv4_format(vpc_base(i), s1);
        tgw_ipv4_format(vpc_base(i) + 256, s2);
        g_string_append_printf(
            xml,
            "  <vpc name=\"v%u\" cidr=\"%s/21\">\n"
            "%s"
            "    <subnet name=\"s1\" az=\"az1\" cidr=\"%s/24\"/>\n"
            "    <subnet name=\"s2\" az=\"az2\" cidr=\"%s/24\"/>\n"
            "    <route-table name=\"rt\" main=\"true\">\n"
            "      <route cidr=\"0.0.0.0/0\" target=\"transit-gateway:core\"/>\n"
            "    </route-table>\n"
            "    <tgw-attachment name=\"v%u\" transit-gateway=\"core\" subnets=\"s1 s2\" "
            "associate=\"spokes\" propagate=\"spokes\"/>\n"
            "  </vpc>\n",
            i, a, i % 10 == 0 ? "    <cidr-block cidr=\"100.64.0.0/16\"/>\n" : "", s1, s2, i);
    }
    g_string_append(xml, "</scenario>\n");
    return g_string_free(xml, FALSE);
}

/* what tgwsim routes does with the model, minus the printing: every route rendered */
static gsize
render_routes(const TgwScenario *sc, const TgwRouting *r)
{
    g_autoptr(GString) out = g_string_new(NULL);
    char buf[TGW_CIDR_STRLEN];

    for (guint t = 0; t < sc->tgws->len; t++) {
        const TgwTgwDef *tgw = sc->tgws->pdata[t];
        for (guint i = 0; i < tgw->tables->len; i++) {
            const GPtrArray *routes = tgw_routing_table_routes(r, tgw->tables->pdata[i]);
            for (guint k = 0; k < routes->len; k++) {
                const TgwRoute *route = routes->pdata[k];
                g_string_append_printf(out, "%s %s %s %s\n", tgw_cidr_format(route->cidr, buf),
                                       tgw_route_type_name(route->type),
                                       route->target != NULL ? route->target->name : "-",
                                       tgw_route_state_name(route->state));
            }
        }
    }
    for (guint v = 0; v < sc->vpcs->len; v++) {
        const TgwVpcDef *vpc = sc->vpcs->pdata[v];
        for (guint i = 0; i < vpc->tables->len; i++) {
            const GPtrArray *routes = tgw_routing_vpc_table_routes(r, vpc->tables->pdata[i]);
            for (guint k = 0; k < routes->len; k++) {
                const TgwVpcRoute *route = routes->pdata[k];
                g_autofree char *target = tgw_vpc_route_target_string(route);
                g_string_append_printf(out, "%s %s\n", tgw_cidr_format(route->cidr, buf), target);
            }
        }
    }
    return out->len;
}

/* QUERIES questions: VPC to VPC, subnet to subnet, VPC to an address (a quarter of which land
 * in a retired blackhole range) */
static guint
run_queries(const TgwRouting *r, guint n, guint queries)
{
    guint delivered = 0;
    char from[32], to[32], addr[TGW_IPV4_STRLEN];

    for (guint q = 0; q < queries; q++) {
        guint i = next_random() % n, j = next_random() % n;
        g_autoptr(TgwReachResult) res = NULL;
        switch (q % 3) {
        case 0:
            g_snprintf(from, sizeof from, "v%u", i);
            g_snprintf(to, sizeof to, "v%u", j);
            break;
        case 1:
            g_snprintf(from, sizeof from, "v%u/s2", i);
            g_snprintf(to, sizeof to, "v%u/s1", j);
            break;
        default:
            g_snprintf(from, sizeof from, "v%u", i);
            tgw_ipv4_format(
                q % 4 == 0 ? 0x0B000000u + (next_random() & 0x0003FFFFu) : vpc_base(j) + 300, addr);
            g_strlcpy(to, addr, sizeof to);
            break;
        }
        res = tgw_routing_reach(r, from, to, NULL);
        g_assert_nonnull(res);
        delivered += res->disposition == TGW_REACH_DELIVERED;
    }
    return delivered;
}

static gint
double_compare(gconstpointer a, gconstpointer b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static double
median(GArray *values)
{
    g_array_sort(values, double_compare);
    return g_array_index(values, double, values->len / 2);
}

int
main(int argc, char **argv)
{
    guint n = argc > 1 ? (guint) g_ascii_strtoull(argv[1], NULL, 10) : 5000;
    guint queries = argc > 2 ? (guint) g_ascii_strtoull(argv[2], NULL, 10) : 100000;
    guint runs = argc > 3 ? (guint) g_ascii_strtoull(argv[3], NULL, 10) : 5;
    g_autofree char *xml = generate(n);
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(GArray) t_routes = g_array_new(FALSE, FALSE, sizeof(double));
    g_autoptr(GArray) t_reach = g_array_new(FALSE, FALSE, sizeof(double));
    gint64 t0 = g_get_monotonic_time();

    sc = tgw_scenario_load_memory(xml, strlen(xml), "bench.xml", NULL, findings);
    if (sc == NULL) {
        tgw_findings_print(findings, stderr);
        return 1;
    }
    printf("bench-routing: %u VPC attachments, %zu bytes of XML, load+lint %.3f s (%u findings)\n",
           n, strlen(xml), (double) (g_get_monotonic_time() - t0) / 1e6,
           tgw_findings_len(findings));
    for (guint run = 0; run < runs; run++) {
        gint64 a = g_get_monotonic_time(), b = 0, c = 0;
        g_autoptr(TgwRouting) r = tgw_routing_new(sc, 0);
        gsize bytes = render_routes(sc, r);
        guint delivered = 0;
        double routes_s = 0, reach_s = 0;

        b = g_get_monotonic_time();
        delivered = run_queries(r, n, queries);
        c = g_get_monotonic_time();
        routes_s = (double) (b - a) / 1e6;
        reach_s = (double) (c - b) / 1e6;
        g_array_append_val(t_routes, routes_s);
        g_array_append_val(t_reach, reach_s);
        printf("  run %u: routes (build + render %zu bytes) %.3f s; %u reach queries %.3f s "
               "(%.1f us each, %u delivered)\n",
               run + 1, bytes, routes_s, queries, reach_s, reach_s * 1e6 / queries, delivered);
    }
    printf("median of %u runs: routes %.3f s, %u reach queries %.3f s\n", runs, median(t_routes),
           queries, median(t_reach));
    return 0;
}
