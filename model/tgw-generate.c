/* tgw-generate.c: benchmark scenarios (see tgw-generate.h). */
#include "tgw-generate.h"

char *
tgw_generate_point_a(guint nodes, guint pods, const char *horizon)
{
    GString *x = g_string_new(NULL);
    guint workloads = 20, per_workload = pods / workloads;

    g_string_append_printf(x,
                           "<scenario version=\"1\" name=\"bench-a-%u-nodes-%u-pods\" seed=\"1\" "
                           "horizon=\"%s\">\n"
                           "  <vpc name=\"big\" cidr=\"10.0.0.0/16\">\n"
                           "    <cidr-block cidr=\"100.64.0.0/16\"/>\n"
                           "    <cidr-block cidr=\"100.65.0.0/16\"/>\n"
                           "    <cidr-block cidr=\"100.66.0.0/16\"/>\n",
                           nodes, pods, horizon);
    for (guint a = 0; a < 3; a++)
        g_string_append_printf(
            x,
            "    <subnet name=\"nodes-%c\" az=\"az%u\" cidr=\"10.0.%u.0/20\"/>\n"
            "    <subnet name=\"pods-%c\" az=\"az%u\" cidr=\"100.%u.0.0/16\"/>\n",
            'a' + a, a + 1, a * 16, 'a' + a, a + 1, 64 + a);
    g_string_append(
        x, "  </vpc>\n"
           "  <eks-cluster name=\"main\" vpc=\"big\" subnets=\"nodes-a nodes-b nodes-c\">\n"
           "    <vpc-cni mode=\"custom\">\n");
    for (guint a = 0; a < 3; a++)
        g_string_append_printf(x, "      <eni-config az=\"az%u\" subnet=\"pods-%c\"/>\n", a + 1,
                               'a' + a);
    g_string_append_printf(
        x,
        "    </vpc-cni>\n"
        "    <node-group name=\"workers\" instance-type=\"m5.4xlarge\" min=\"%u\" "
        "max=\"%u\" subnets=\"nodes-a nodes-b nodes-c\" max-pods=\"auto\"/>\n"
        "    <workload name=\"kube-proxy\" kind=\"daemonset\" host-network=\"true\" "
        "cpu=\"100m\" memory=\"64Mi\"/>\n",
        nodes, nodes);
    for (guint w = 0; w < workloads; w++)
        g_string_append_printf(x,
                               "    <workload name=\"svc-%02u\" replicas=\"%u\" cpu=\"100m\" "
                               "memory=\"128Mi\" lifetime=\"exp(1h)\"/>\n",
                               w, per_workload);
    g_string_append(x, "  </eks-cluster>\n</scenario>\n");
    return g_string_free(x, FALSE);
}

char *
tgw_generate_point_b(guint vpcs, const char *horizon)
{
    GString *x = g_string_new(NULL);

    g_string_append_printf(
        x,
        "<scenario version=\"1\" name=\"bench-b-%u-vpcs\" seed=\"1\" horizon=\"%s\">\n"
        "  <transit-gateway name=\"core\">\n"
        "    <route-table name=\"spokes\"/>\n"
        "  </transit-gateway>\n",
        vpcs, horizon);
    for (guint v = 0; v < vpcs; v++) {
        guint hi = 10 + v / 64, mid = (v % 64) * 4;
        guint nodes = 2 + v % 3;
        g_string_append_printf(
            x,
            "  <vpc name=\"vpc-%u\" cidr=\"%u.%u.0.0/22\">\n"
            "    <subnet name=\"a\" az=\"az1\" cidr=\"%u.%u.0.0/24\"/>\n"
            "    <subnet name=\"b\" az=\"az2\" cidr=\"%u.%u.1.0/24\"/>\n"
            "    <route-table name=\"rt\" subnets=\"a b\">\n"
            "      <route cidr=\"0.0.0.0/0\" target=\"transit-gateway:core\"/>\n"
            "    </route-table>\n"
            "    <tgw-attachment name=\"vpc-%u\" transit-gateway=\"core\" subnets=\"a b\" "
            "associate=\"spokes\" propagate=\"spokes\"/>\n"
            "  </vpc>\n"
            "  <eks-cluster name=\"c-%u\" vpc=\"vpc-%u\" subnets=\"a b\">\n"
            "    <node-group name=\"ng-%u\" instance-type=\"m5.large\" min=\"%u\" max=\"%u\" "
            "subnets=\"a b\"/>\n"
            "    <workload name=\"app-%u\" replicas=\"%u\" cpu=\"200m\" memory=\"256Mi\" "
            "lifetime=\"exp(1h)\"/>\n"
            "    <workload name=\"jobs-%u\" arrivals=\"poisson(6/h)\" lifetime=\"exp(15m)\" "
            "cpu=\"100m\"/>\n"
            "  </eks-cluster>\n",
            v, hi, mid, hi, mid, hi, mid, v, v, v, v, nodes, nodes, v, nodes * 5, v);
    }
    g_string_append(x, "</scenario>\n");
    return g_string_free(x, FALSE);
}

char *
tgw_generate_point_c(guint attachments)
{
    GString *x = g_string_new(NULL);

    g_string_append_printf(
        x,
        "<scenario version=\"1\" name=\"bench-c-%u-attachments\" seed=\"1\" "
        "horizon=\"1d\">\n"
        "  <transit-gateway name=\"core\">\n"
        "    <route-table name=\"spokes\"/>\n"
        "    <route-table name=\"shared\"/>\n"
        "    <route table=\"spokes\" cidr=\"10.255.0.0/16\" blackhole=\"true\"/>\n"
        "  </transit-gateway>\n",
        attachments);
    for (guint v = 0; v < attachments; v++) {
        guint second = v / 250, third = (v % 250);
        g_string_append_printf(
            x,
            "  <vpc name=\"v%u\" cidr=\"10.%u.%u.0/24\">\n"
            "    <subnet name=\"s\" az=\"az1\" cidr=\"10.%u.%u.0/25\"/>\n"
            "    <route-table name=\"rt\" subnets=\"s\">\n"
            "      <route cidr=\"10.0.0.0/8\" target=\"transit-gateway:core\"/>\n"
            "    </route-table>\n"
            "    <tgw-attachment name=\"v%u\" transit-gateway=\"core\" subnets=\"s\" "
            "associate=\"%s\" propagate=\"spokes shared\"/>\n"
            "  </vpc>\n",
            v, 1 + second, third, 1 + second, third, v, v % 10 == 0 ? "shared" : "spokes");
    }
    g_string_append(x, "</scenario>\n");
    return g_string_free(x, FALSE);
}
