/* tgw-import-aws.c: a folder of AWS CLI JSON read into a scenario that starts from today.
 *
 * Files are recognised by their top-level keys, never their names (tgwsim's own layout and
 * Batfish's aws_configs/REGION/ files alike): Vpcs, Subnets, TransitGateways,
 * TransitGatewayAttachments, TransitGatewayVpcAttachments, TransitGatewayRouteTables, Routes
 * (search-transit-gateway-routes, one file per table: the table ID is read from the file's
 * name), TransitGatewayRouteTablePropagations (likewise), RouteTables, NetworkInterfaces,
 * SubnetIpv4CidrReservations, cluster (eks describe-cluster) and nodegroup (eks
 * describe-nodegroup). Names come from Name tags, else IDs.
 *
 * Occupancy: a subnet's addresses in use are its usable count less AvailableIpAddressCount.
 * Those the scenario simulates itself are taken out (the nodes of imported node groups with their
 * VPC CNI ENIs, the imported TGW attachments' ENIs, the imported clusters' control-plane ENIs, the
 * NAT gateways the route tables name); the rest become <in-use> elements by InterfaceType from
 * describe-network-interfaces, and what no interface in the folder explains is "other". A
 * comment at each subnet shows the split. */
#include "tgw-import.h"

#include <string.h>
#include <sys/stat.h>

#include "tgw-cidr.h"
#include "tgw-error.h"
#include "tgw-import-doc.h"
#include "tgw-instance.h"
#include "tgw-json-read.h"
#include "tgw-scenario.h"

#define MAX_DEPTH 6
#define MAX_FILES 10000

typedef struct {
    const char *dir;
    GPtrArray *roots; /* JsonNode*, kept for the objects below */
    GPtrArray *vpcs, *subnets, *tgws, *atts, *vpc_atts, *tables, *rts, *enis, *reservations;
    GPtrArray *clusters, *nodegroups;
    GHashTable *file_of;        /* JsonObject* -> its file (for messages) */
    GHashTable *static_routes;  /* TGW table ID -> GPtrArray of JsonObject* */
    GHashTable *propagations;   /* TGW table ID -> GPtrArray of JsonObject* */
    GHashTable *name_of;        /* ID -> its scenario name */
    GHashTable *simulated;      /* JsonObject* ENI -> why the scenario simulates it */
    GHashTable *nats;           /* NAT gateway ID -> JsonObject* ENI, those route tables use */
    GHashTable *enis_by_subnet; /* SubnetId -> GPtrArray of JsonObject* ENI */
    GPtrArray *warnings;
    GError *error;
    ImpDoc doc;
    guint mapped, placeholders;
} Aws;

static void warn(Aws *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(Aws *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_ptr_array_add(a->warnings, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static gboolean fail(Aws *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
fail(Aws *a, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (a->error == NULL)
        g_set_error_literal(&a->error, TGW_ERROR, TGW_ERROR_FAILED, msg);
    return FALSE;
}

static const char *
s_(JsonObject *o, const char *member)
{
    return tgw_json_get_string(o, member);
}

static const char *
file_of(Aws *a, JsonObject *o)
{
    const char *f = g_hash_table_lookup(a->file_of, o);
    return f != NULL ? f : a->dir;
}

/* the file an object came from, relative to the folder: what the scenario's comments cite, so
 * that the same folder imports to the same bytes wherever it lies */
static const char *
rel_file(Aws *a, JsonObject *o)
{
    const char *f = file_of(a, o);
    gsize n = strlen(a->dir);
    if (g_str_has_prefix(f, a->dir) && f[n] == G_DIR_SEPARATOR)
        return f + n + 1;
    return f;
}

/* ---- reading the folder ---------------------------------------------------------------------- */

static void
collect(Aws *a, const char *dir, guint depth, GPtrArray *paths)
{
    g_autoptr(GDir) d = depth <= MAX_DEPTH ? g_dir_open(dir, 0, NULL) : NULL;
    const char *name = NULL;
    while (d != NULL && (name = g_dir_read_name(d)) != NULL && paths->len < MAX_FILES) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        if (name[0] == '.')
            continue;
        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK))
            collect(a, path, depth + 1, paths);
        else if (g_str_has_suffix(name, ".json") && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(paths, g_steal_pointer(&path));
    }
}

static gint
by_path(gconstpointer x, gconstpointer y)
{
    return strcmp(*(const char *const *) x, *(const char *const *) y);
}

/* the TGW route table a per-table file is about: the first "tgw-rtb-..." in its name */
static char *
table_id_from_path(const char *path)
{
    g_autofree char *base = g_path_get_basename(path);
    const char *p = strstr(base, "tgw-rtb-");
    gsize n = 0;
    if (p == NULL)
        return NULL;
    n = strlen("tgw-rtb-");
    while (g_ascii_isalnum(p[n]))
        n++;
    return n > strlen("tgw-rtb-") ? g_strndup(p, n) : NULL;
}

static void
add_objects(Aws *a, GPtrArray *to, JsonArray *arr, const char *path)
{
    for (guint i = 0; arr != NULL && i < json_array_get_length(arr); i++) {
        JsonNode *n = json_array_get_element(arr, i);
        if (!JSON_NODE_HOLDS_OBJECT(n))
            continue;
        g_ptr_array_add(to, json_node_get_object(n));
        g_hash_table_insert(a->file_of, json_node_get_object(n), (gpointer) path);
    }
}

static void
add_per_table(Aws *a, GHashTable *map, JsonArray *arr, const char *path, const char *key)
{
    g_autofree char *table = table_id_from_path(path);
    GPtrArray *list = NULL;
    if (table == NULL) {
        warn(a,
             "%s: %s, but the file's name holds no TGW route table ID (tgw-rtb-...): it is "
             "left out (name the file after its table)",
             path, key);
        return;
    }
    list = g_hash_table_lookup(map, table);
    if (list == NULL) {
        list = g_ptr_array_new();
        g_hash_table_insert(map, g_strdup(table), list);
    }
    add_objects(a, list, arr, path);
}

static gboolean
read_file(Aws *a, const char *path)
{
    static const char *const ignored[] = {"NextToken",
                                          "AdditionalRoutesAvailable",
                                          "Reservations",
                                          "SecurityGroups",
                                          "InternetGateways",
                                          "NatGateways",
                                          "VpcEndpoints",
                                          "NetworkAcls",
                                          "VpcPeeringConnections",
                                          "PrefixLists",
                                          "ManagedPrefixLists",
                                          "Addresses",
                                          "LoadBalancers",
                                          "VpnConnections",
                                          "VpnGateways",
                                          "CustomerGateways",
                                          "AvailabilityZones",
                                          "DhcpOptions",
                                          "TransitGatewayPeeringAttachments",
                                          "SubnetIpv6CidrReservations",
                                          "ResponseMetadata",
                                          NULL};
    struct stat st;
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) error = NULL;
    JsonNode *root = NULL;
    JsonObject *obj = NULL;
    g_autoptr(GList) members = NULL;

    if (stat(path, &st) == 0 && st.st_size > TGW_JSON_MAX_BYTES)
        return fail(a, "%s: the file has %lld bytes; tgwsim reads JSON documents of at most %d MiB",
                    path, (long long) st.st_size, TGW_JSON_MAX_BYTES / (1024 * 1024));
    if (!g_file_get_contents(path, &data, &len, &error))
        return fail(a, "%s: %s", path, error->message);
    root = tgw_json_read(data, len, path, &error);
    if (root == NULL)
        return fail(a, "%s", error->message);
    g_ptr_array_add(a->roots, root);
    if (!JSON_NODE_HOLDS_OBJECT(root))
        return fail(a,
                    "%s: not an AWS CLI output: expected an object such as {\"Subnets\": "
                    "[...]}",
                    path);
    obj = json_node_get_object(root);
    members = json_object_get_members(obj);
    members = g_list_sort(members, (GCompareFunc) strcmp);
    for (GList *l = members; l != NULL; l = l->next) {
        const char *key = l->data;
        JsonNode *n = json_object_get_member(obj, key);
        JsonArray *arr = JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
        if (g_str_equal(key, "Vpcs"))
            add_objects(a, a->vpcs, arr, path);
        else if (g_str_equal(key, "Subnets"))
            add_objects(a, a->subnets, arr, path);
        else if (g_str_equal(key, "TransitGateways"))
            add_objects(a, a->tgws, arr, path);
        else if (g_str_equal(key, "TransitGatewayAttachments"))
            add_objects(a, a->atts, arr, path);
        else if (g_str_equal(key, "TransitGatewayVpcAttachments"))
            add_objects(a, a->vpc_atts, arr, path);
        else if (g_str_equal(key, "TransitGatewayRouteTables"))
            add_objects(a, a->tables, arr, path);
        else if (g_str_equal(key, "RouteTables"))
            add_objects(a, a->rts, arr, path);
        else if (g_str_equal(key, "NetworkInterfaces"))
            add_objects(a, a->enis, arr, path);
        else if (g_str_equal(key, "SubnetIpv4CidrReservations"))
            add_objects(a, a->reservations, arr, path);
        else if (g_str_equal(key, "Routes"))
            add_per_table(a, a->static_routes, arr, path, "search-transit-gateway-routes");
        else if (g_str_equal(key, "TransitGatewayRouteTablePropagations"))
            add_per_table(a, a->propagations, arr, path,
                          "get-transit-gateway-route-table-propagations");
        else if (g_str_equal(key, "cluster") && JSON_NODE_HOLDS_OBJECT(n)) {
            g_ptr_array_add(a->clusters, json_node_get_object(n));
            g_hash_table_insert(a->file_of, json_node_get_object(n), (gpointer) path);
        } else if (g_str_equal(key, "nodegroup") && JSON_NODE_HOLDS_OBJECT(n)) {
            g_ptr_array_add(a->nodegroups, json_node_get_object(n));
            g_hash_table_insert(a->file_of, json_node_get_object(n), (gpointer) path);
        } else if (g_strv_contains(ignored, key))
            continue;
        else
            return fail(a,
                        "%s: top-level key '%s' is not an AWS CLI output tgwsim reads; it reads "
                        "Vpcs, Subnets, TransitGateways, TransitGatewayAttachments, "
                        "TransitGatewayVpcAttachments, TransitGatewayRouteTables, Routes, "
                        "TransitGatewayRouteTablePropagations, RouteTables, NetworkInterfaces, "
                        "SubnetIpv4CidrReservations, cluster and nodegroup",
                        path, key);
    }
    return TRUE;
}

/* ---- lookups ----------------------------------------------------------------------------------
 */

static JsonObject *
find(GPtrArray *list, const char *member, const char *id)
{
    for (guint i = 0; id != NULL && i < list->len; i++) {
        if (g_strcmp0(s_(list->pdata[i], member), id) == 0)
            return list->pdata[i];
    }
    return NULL;
}

static const char *
tag(JsonObject *o, const char *key)
{
    JsonArray *tags = tgw_json_get_array(o, "Tags");
    if (tags == NULL)
        tags = tgw_json_get_array(o, "TagSet");
    for (guint i = 0; tags != NULL && i < json_array_get_length(tags); i++) {
        JsonNode *n = json_array_get_element(tags, i);
        JsonObject *t = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        if (g_strcmp0(s_(t, "Key"), key) == 0)
            return s_(t, "Value");
    }
    return NULL;
}

/* the name of an object with this ID: its Name tag, else the ID, unique in scope */
static const char *
name(Aws *a, JsonObject *o, const char *id_member, const char *scope)
{
    const char *id = s_(o, id_member);
    char *given = id != NULL ? g_hash_table_lookup(a->name_of, id) : NULL;
    if (given != NULL)
        return given;
    given = imp_doc_unique_name(&a->doc, scope, tag(o, "Name") != NULL ? tag(o, "Name") : id,
                                id != NULL ? id : "unnamed");
    g_hash_table_insert(a->name_of, g_strdup(id != NULL ? id : given), given);
    return given;
}

static const char *
name_of(Aws *a, const char *id)
{
    return id != NULL ? g_hash_table_lookup(a->name_of, id) : NULL;
}

static guint64
eni_addresses(JsonObject *eni)
{
    JsonArray *ips = tgw_json_get_array(eni, "PrivateIpAddresses");
    JsonArray *prefixes = tgw_json_get_array(eni, "Ipv4Prefixes");
    guint64 n = ips != NULL ? json_array_get_length(ips) : (s_(eni, "PrivateIpAddress") ? 1 : 0);
    return n + 16 * (guint64) (prefixes != NULL ? json_array_get_length(prefixes) : 0);
}

/* ---- checks and the ENIs the scenario simulates itself ------------------------------------------
 */

static gboolean
check_subnets(Aws *a)
{
    for (guint i = 0; i < a->subnets->len; i++) {
        JsonObject *s = a->subnets->pdata[i];
        JsonObject *vpc = find(a->vpcs, "VpcId", s_(s, "VpcId"));
        TgwCidr c;
        gint64 available = 0;
        gboolean inside = FALSE;
        char buf[TGW_CIDR_STRLEN];
        if (s_(s, "SubnetId") == NULL || s_(s, "CidrBlock") == NULL ||
            !tgw_cidr_parse(s_(s, "CidrBlock"), &c, NULL))
            return fail(a, "%s: a subnet without a SubnetId or an IPv4 CidrBlock", file_of(a, s));
        if (vpc == NULL)
            return fail(a,
                        "%s: subnet %s: its VPC %s is not in the folder; add the output of `aws "
                        "ec2 describe-vpcs` that lists it",
                        file_of(a, s), s_(s, "SubnetId"),
                        s_(s, "VpcId") != NULL ? s_(s, "VpcId") : "(none)");
        if (tgw_json_get_int(s, "AvailableIpAddressCount", &available) &&
            (available < 0 || (guint64) available > tgw_cidr_aws_usable(c)))
            return fail(a,
                        "%s: subnet %s (%s): AvailableIpAddressCount %" G_GINT64_FORMAT
                        " is above its %" G_GUINT64_FORMAT
                        " usable addresses (the size less AWS's five)",
                        file_of(a, s), s_(s, "SubnetId"), tgw_cidr_format(c, buf), available,
                        tgw_cidr_aws_usable(c));
        {
            TgwCidr v;
            JsonArray *assoc = tgw_json_get_array(vpc, "CidrBlockAssociationSet");
            if (s_(vpc, "CidrBlock") != NULL && tgw_cidr_parse(s_(vpc, "CidrBlock"), &v, NULL))
                inside = tgw_cidr_contains(v, c);
            for (guint k = 0; assoc != NULL && k < json_array_get_length(assoc) && !inside; k++) {
                JsonNode *n = json_array_get_element(assoc, k);
                JsonObject *b = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
                if (s_(b, "CidrBlock") != NULL && tgw_cidr_parse(s_(b, "CidrBlock"), &v, NULL))
                    inside = tgw_cidr_contains(v, c);
            }
        }
        if (!inside)
            return fail(a, "%s: subnet %s (%s) is outside the blocks of its VPC %s", file_of(a, s),
                        s_(s, "SubnetId"), tgw_cidr_format(c, buf), s_(vpc, "VpcId"));
    }
    return TRUE;
}

/* whether an ENI belongs to an EKS node (its primary, or one the VPC CNI made) */
static gboolean
is_node_eni(JsonObject *eni, GHashTable *node_instances)
{
    JsonObject *att = tgw_json_get_object(eni, "Attachment");
    const char *desc = s_(eni, "Description");
    if (tag(eni, "node.k8s.amazonaws.com/instance_id") != NULL ||
        (desc != NULL && g_str_has_prefix(desc, "aws-K8S-")))
        return TRUE;
    return s_(att, "InstanceId") != NULL &&
           g_hash_table_contains(node_instances, s_(att, "InstanceId"));
}

static void
mark_simulated(Aws *a)
{
    g_autoptr(GHashTable) nodes = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) routed = g_hash_table_new(g_str_hash, g_str_equal);
    /* the NAT gateways route tables send traffic to: the scenario simulates those */
    for (guint i = 0; i < a->rts->len; i++) {
        JsonArray *routes = tgw_json_get_array(a->rts->pdata[i], "Routes");
        for (guint k = 0; routes != NULL && k < json_array_get_length(routes); k++) {
            JsonNode *n = json_array_get_element(routes, k);
            const char *nat =
                JSON_NODE_HOLDS_OBJECT(n) ? s_(json_node_get_object(n), "NatGatewayId") : NULL;
            if (nat != NULL)
                g_hash_table_add(routed, (gpointer) nat);
        }
    }
    /* each subnet's interfaces, for its occupancy */
    for (guint i = 0; i < a->enis->len; i++) {
        JsonObject *e = a->enis->pdata[i];
        GPtrArray *list = NULL;
        if (s_(e, "SubnetId") == NULL)
            continue;
        list = g_hash_table_lookup(a->enis_by_subnet, s_(e, "SubnetId"));
        if (list == NULL) {
            list = g_ptr_array_new();
            g_hash_table_insert(a->enis_by_subnet, (gpointer) s_(e, "SubnetId"), list);
        }
        g_ptr_array_add(list, e);
    }
    /* the nodes: instances the VPC CNI tagged, or EKS's node group tags name */
    for (guint i = 0; i < a->enis->len; i++) {
        JsonObject *e = a->enis->pdata[i];
        const char *inst = tag(e, "node.k8s.amazonaws.com/instance_id");
        JsonObject *att = tgw_json_get_object(e, "Attachment");
        if (inst != NULL)
            g_hash_table_add(nodes, (gpointer) inst);
        if ((tag(e, "eks:nodegroup-name") != NULL || tag(e, "eks:cluster-name") != NULL) &&
            s_(att, "InstanceId") != NULL)
            g_hash_table_add(nodes, (gpointer) s_(att, "InstanceId"));
    }
    for (guint i = 0; i < a->enis->len; i++) {
        JsonObject *e = a->enis->pdata[i];
        const char *type = s_(e, "InterfaceType");
        const char *desc = s_(e, "Description") != NULL ? s_(e, "Description") : "";
        if (a->nodegroups->len > 0 && g_strcmp0(type, "interface") == 0 && is_node_eni(e, nodes))
            g_hash_table_insert(a->simulated, e, "nodes of the imported node groups");
        else if (g_strcmp0(type, "transit_gateway") == 0 && a->atts->len > 0)
            g_hash_table_insert(a->simulated, e, "TGW attachment");
        else if (g_str_has_prefix(desc, "Amazon EKS ") && a->clusters->len > 0)
            g_hash_table_insert(a->simulated, e, "EKS control plane");
        else if (g_strcmp0(type, "natGateway") == 0 &&
                 g_str_has_prefix(desc, "Interface for NAT Gateway ") &&
                 g_hash_table_contains(routed, desc + strlen("Interface for NAT Gateway "))) {
            g_hash_table_insert(a->nats, g_strdup(desc + strlen("Interface for NAT Gateway ")), e);
            g_hash_table_insert(a->simulated, e, "NAT gateway");
        }
    }
}

/* ---- writing ------------------------------------------------------------------------------------
 */

static void
write_tgws(Aws *a)
{
    for (guint i = 0; i < a->tgws->len; i++) {
        JsonObject *g = a->tgws->pdata[i];
        const char *id = s_(g, "TransitGatewayId");
        const char *tname = name(a, g, "TransitGatewayId", "tgw");
        g_autofree char *scope = g_strdup_printf("tgw-table:%s", tname);
        a->mapped++;
        imp_doc_comment(&a->doc, "%s (%s)", id, rel_file(a, g));
        imp_doc_start(&a->doc, "transit-gateway");
        imp_doc_attr(&a->doc, "name", tname);
        for (guint k = 0; k < a->tables->len; k++) {
            JsonObject *t = a->tables->pdata[k];
            if (g_strcmp0(s_(t, "TransitGatewayId"), id) != 0)
                continue;
            a->mapped++;
            imp_doc_comment(&a->doc, "%s", s_(t, "TransitGatewayRouteTableId"));
            imp_doc_start(&a->doc, "route-table");
            imp_doc_attr(&a->doc, "name", name(a, t, "TransitGatewayRouteTableId", scope));
            imp_doc_end(&a->doc);
        }
        for (guint k = 0; k < a->atts->len; k++) {
            JsonObject *att = a->atts->pdata[k];
            if (g_strcmp0(s_(att, "TransitGatewayId"), id) != 0 ||
                g_strcmp0(s_(att, "ResourceType"), "vpc") == 0)
                continue;
            imp_doc_comment(&a->doc,
                            "%s: a %s attachment (%s): not imported, the prefixes it brings are "
                            "not in the CLI outputs; declare it as <attachment kind=... "
                            "advertises=...>",
                            s_(att, "TransitGatewayAttachmentId"),
                            s_(att, "ResourceType") != NULL ? s_(att, "ResourceType") : "?",
                            s_(att, "ResourceId") != NULL ? s_(att, "ResourceId") : "?");
            warn(a, "%s: attachment %s (%s): not imported", file_of(a, att),
                 s_(att, "TransitGatewayAttachmentId"), s_(att, "ResourceType"));
        }
        /* the static routes of its tables (propagated ones follow from the propagations) */
        for (guint k = 0; k < a->tables->len; k++) {
            JsonObject *t = a->tables->pdata[k];
            const char *tid = s_(t, "TransitGatewayRouteTableId");
            GPtrArray *routes = tid != NULL ? g_hash_table_lookup(a->static_routes, tid) : NULL;
            if (g_strcmp0(s_(t, "TransitGatewayId"), id) != 0 || routes == NULL)
                continue;
            for (guint r = 0; r < routes->len; r++) {
                JsonObject *rt = routes->pdata[r];
                JsonArray *targets = tgw_json_get_array(rt, "TransitGatewayAttachments");
                JsonNode *first = targets != NULL && json_array_get_length(targets) > 0
                                      ? json_array_get_element(targets, 0)
                                      : NULL;
                const char *att =
                    first != NULL && JSON_NODE_HOLDS_OBJECT(first)
                        ? s_(json_node_get_object(first), "TransitGatewayAttachmentId")
                        : NULL;
                const char *cidr = s_(rt, "DestinationCidrBlock");
                gboolean blackhole = g_strcmp0(s_(rt, "State"), "blackhole") == 0;
                if (g_strcmp0(s_(rt, "Type"), "static") != 0)
                    continue;
                if (!imp_is_cidr(cidr) || (!blackhole && name_of(a, att) == NULL)) {
                    imp_doc_comment(&a->doc,
                                    "static route %s in %s: not imported: its destination or "
                                    "attachment %s is not in the folder",
                                    cidr != NULL ? cidr : "?", tid, att != NULL ? att : "");
                    warn(a, "%s: static route %s: attachment %s is not in the folder: left out",
                         file_of(a, rt), cidr != NULL ? cidr : "?", att != NULL ? att : "?");
                    continue;
                }
                a->mapped++;
                imp_doc_start(&a->doc, "route");
                imp_doc_attr(&a->doc, "table", name_of(a, tid));
                imp_doc_attr(&a->doc, "cidr", cidr);
                if (blackhole)
                    imp_doc_attr(&a->doc, "blackhole", "true");
                else
                    imp_doc_attr(&a->doc, "attachment", name_of(a, att));
                imp_doc_end(&a->doc);
            }
        }
        imp_doc_end(&a->doc);
    }
}

/* the subnet's occupancy: <in-use> per InterfaceType, what the scenario simulates left out */
static void
write_occupancy(Aws *a, JsonObject *s, TgwCidr c)
{
    gint64 available = 0;
    guint64 usable = tgw_cidr_aws_usable(c), used = 0, simulated = 0, left = 0;
    g_autoptr(GHashTable) by = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) sim_by = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GString) note = g_string_new(NULL);
    g_autoptr(GPtrArray) kinds = g_ptr_array_new();
    GPtrArray *enis = g_hash_table_lookup(a->enis_by_subnet, s_(s, "SubnetId"));

    if (!tgw_json_get_int(s, "AvailableIpAddressCount", &available)) {
        imp_doc_comment(&a->doc, "no AvailableIpAddressCount: the subnet starts empty");
        return;
    }
    used = usable - (guint64) available;
    for (guint i = 0; enis != NULL && i < enis->len; i++) {
        JsonObject *e = enis->pdata[i];
        const char *type = s_(e, "InterfaceType") != NULL ? s_(e, "InterfaceType") : "interface";
        guint64 n = eni_addresses(e);
        const char *why = g_hash_table_lookup(a->simulated, e);
        if (why != NULL) {
            simulated += n;
            g_hash_table_insert(
                sim_by, (gpointer) why,
                GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(sim_by, why)) + (guint) n));
            continue;
        }
        if (!g_strv_contains((const char *const *) tgw_in_use_kinds, type))
            type = "other";
        if (!g_hash_table_contains(by, type))
            g_ptr_array_add(kinds, (gpointer) type);
        g_hash_table_insert(
            by, (gpointer) type,
            GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(by, type)) + (guint) n));
    }
    g_string_append_printf(note,
                           "in use: %" G_GUINT64_FORMAT " usable - %" G_GINT64_FORMAT
                           " available (AvailableIpAddressCount) = %" G_GUINT64_FORMAT,
                           usable, available, used);
    if (simulated > 0) {
        g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(sim_by), (GCompareFunc) strcmp);
        g_string_append_printf(note, "; less %" G_GUINT64_FORMAT " the scenario simulates (",
                               MIN(simulated, used));
        for (GList *l = keys; l != NULL; l = l->next)
            g_string_append_printf(note, "%s%s %u", l != keys ? ", " : "", (const char *) l->data,
                                   GPOINTER_TO_UINT(g_hash_table_lookup(sim_by, l->data)));
        g_string_append(note, ")");
    }
    {
        /* the subnet's CIDR reservations are written as such and held from the start too */
        guint64 reserved = 0;
        for (guint r = 0; r < a->reservations->len; r++) {
            JsonObject *res = a->reservations->pdata[r];
            TgwCidr rc;
            if (g_strcmp0(s_(res, "SubnetId"), s_(s, "SubnetId")) != 0 || s_(res, "Cidr") == NULL ||
                !tgw_cidr_parse(s_(res, "Cidr"), &rc, NULL) || !tgw_cidr_contains(c, rc))
                continue;
            reserved += tgw_cidr_aws_usable_within(c, rc);
        }
        if (reserved > 0)
            g_string_append_printf(note, "; less %" G_GUINT64_FORMAT " in CIDR reservations",
                                   MIN(reserved, used > simulated ? used - simulated : 0));
        simulated += reserved;
    }
    left = used > simulated ? used - simulated : 0;
    g_string_append_printf(note, "; the rest by InterfaceType (describe-network-interfaces), "
                                 "\"other\" for what no interface here explains");
    imp_doc_comment(&a->doc, "%s", note->str);
    g_ptr_array_sort(kinds, by_path);
    for (guint k = 0; k < kinds->len && left > 0; k++) {
        guint64 n = MIN((guint64) GPOINTER_TO_UINT(g_hash_table_lookup(by, kinds->pdata[k])), left);
        if (n == 0)
            continue;
        imp_doc_start(&a->doc, "in-use");
        imp_doc_attr_uint(&a->doc, "count", n);
        imp_doc_attr(&a->doc, "by", kinds->pdata[k]);
        imp_doc_end(&a->doc);
        left -= n;
    }
    if (left > 0) {
        imp_doc_start(&a->doc, "in-use");
        imp_doc_attr_uint(&a->doc, "count", left);
        imp_doc_attr(&a->doc, "by", "other");
        imp_doc_end(&a->doc);
    }
}

static const char *
route_target(Aws *a, JsonObject *r, char **owned)
{
    const char *tgw = s_(r, "TransitGatewayId"), *nat = s_(r, "NatGatewayId");
    const char *gw = s_(r, "GatewayId"), *pcx = s_(r, "VpcPeeringConnectionId");
    const char *eni = s_(r, "NetworkInterfaceId");
    if (g_strcmp0(s_(r, "State"), "blackhole") == 0)
        return "blackhole";
    if (tgw != NULL)
        return name_of(a, tgw) != NULL
                   ? (*owned = g_strdup_printf("transit-gateway:%s", name_of(a, tgw)))
                   : NULL;
    if (nat != NULL)
        return name_of(a, nat) != NULL
                   ? (*owned = g_strdup_printf("nat-gateway:%s", name_of(a, nat)))
                   : NULL;
    if (gw != NULL && g_str_equal(gw, "local"))
        return "local";
    if (gw != NULL && g_str_has_prefix(gw, "igw-"))
        return "internet-gateway";
    if (pcx != NULL && imp_is_name(pcx))
        return *owned = g_strdup_printf("peering:%s", pcx);
    if (eni != NULL && imp_is_name(eni))
        return *owned = g_strdup_printf("network-interface:%s", eni);
    return NULL;
}

static void
write_route_tables(Aws *a, JsonObject *vpc, const char *vname)
{
    g_autofree char *scope = g_strdup_printf("vpc-table:%s", vname);
    for (guint i = 0; i < a->rts->len; i++) {
        JsonObject *t = a->rts->pdata[i];
        JsonArray *assocs = tgw_json_get_array(t, "Associations");
        JsonArray *routes = tgw_json_get_array(t, "Routes");
        g_autoptr(GString) subnets = g_string_new(NULL);
        gboolean main = FALSE;
        if (g_strcmp0(s_(t, "VpcId"), s_(vpc, "VpcId")) != 0)
            continue;
        for (guint k = 0; assocs != NULL && k < json_array_get_length(assocs); k++) {
            JsonNode *n = json_array_get_element(assocs, k);
            JsonObject *as = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            const char *sn = name_of(a, s_(as, "SubnetId"));
            main |= tgw_json_get_bool(as, "Main", FALSE);
            if (sn != NULL)
                g_string_append_printf(subnets, "%s%s", subnets->len > 0 ? " " : "", sn);
        }
        a->mapped++;
        imp_doc_comment(&a->doc, "%s", s_(t, "RouteTableId") != NULL ? s_(t, "RouteTableId") : "");
        imp_doc_start(&a->doc, "route-table");
        imp_doc_attr(&a->doc, "name", name(a, t, "RouteTableId", scope));
        imp_doc_attr(&a->doc, "subnets", subnets->len > 0 ? subnets->str : NULL);
        if (main)
            imp_doc_attr(&a->doc, "main", "true");
        for (guint k = 0; routes != NULL && k < json_array_get_length(routes); k++) {
            JsonNode *n = json_array_get_element(routes, k);
            JsonObject *r = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            g_autofree char *owned = NULL;
            const char *cidr = s_(r, "DestinationCidrBlock");
            const char *target = NULL;
            if (r == NULL)
                continue;
            if (!imp_is_cidr(cidr)) {
                imp_doc_comment(&a->doc, "a route without an IPv4 destination (IPv6 or a prefix "
                                         "list) is not modelled");
                continue;
            }
            target = route_target(a, r, &owned);
            if (target == NULL) {
                imp_doc_comment(&a->doc,
                                "route to %s: not imported: its target is not in the "
                                "folder or not modelled",
                                cidr);
                warn(a,
                     "%s: route table %s: route to %s: its target is not in the folder or not "
                     "modelled: left out",
                     file_of(a, t), s_(t, "RouteTableId"), cidr);
                continue;
            }
            if (g_str_equal(target, "local"))
                continue;
            imp_doc_start(&a->doc, "route");
            imp_doc_attr(&a->doc, "cidr", cidr);
            imp_doc_attr(&a->doc, "target", target);
            imp_doc_end(&a->doc);
        }
        imp_doc_end(&a->doc);
    }
}

/* a VPC attachment's subnets, as names: describe-transit-gateway-vpc-attachments, else its ENIs */
static char *
attachment_subnets(Aws *a, JsonObject *att)
{
    const char *id = s_(att, "TransitGatewayAttachmentId");
    JsonObject *va = find(a->vpc_atts, "TransitGatewayAttachmentId", id);
    g_autoptr(GString) subnets = g_string_new(NULL);
    if (va != NULL) {
        g_autoptr(GPtrArray) ids = tgw_json_get_strings(va, "SubnetIds");
        for (guint k = 0; k < ids->len; k++) {
            if (name_of(a, ids->pdata[k]) != NULL)
                g_string_append_printf(subnets, "%s%s", subnets->len > 0 ? " " : "",
                                       name_of(a, ids->pdata[k]));
        }
    } else {
        for (guint k = 0; id != NULL && k < a->enis->len; k++) {
            JsonObject *e = a->enis->pdata[k];
            const char *desc = s_(e, "Description");
            const char *sn = name_of(a, s_(e, "SubnetId"));
            if (g_strcmp0(s_(e, "InterfaceType"), "transit_gateway") == 0 && desc != NULL &&
                strstr(desc, id) != NULL && sn != NULL)
                g_string_append_printf(subnets, "%s%s", subnets->len > 0 ? " " : "", sn);
        }
    }
    return subnets->len > 0 ? g_strdup(subnets->str) : NULL;
}

static void
write_attachment(Aws *a, JsonObject *att, JsonObject *vpc)
{
    const char *id = s_(att, "TransitGatewayAttachmentId");
    const char *tgw = name_of(a, s_(att, "TransitGatewayId"));
    JsonObject *assoc = tgw_json_get_object(att, "Association");
    g_autofree char *subnets = attachment_subnets(a, att);
    g_autoptr(GString) prop = g_string_new(NULL);
    g_autoptr(GList) tables = NULL;

    if (tgw == NULL) {
        imp_doc_comment(&a->doc, "%s: not imported: transit gateway %s is not in the folder", id,
                        s_(att, "TransitGatewayId"));
        warn(a, "%s: attachment %s: transit gateway %s is not in the folder: left out",
             file_of(a, att), id, s_(att, "TransitGatewayId"));
        return;
    }
    if (subnets == NULL) {
        imp_doc_comment(&a->doc,
                        "%s: not imported: its subnets are in neither "
                        "describe-transit-gateway-vpc-attachments nor its ENIs",
                        id);
        warn(a, "%s: attachment %s: no subnets known: left out", file_of(a, att), id);
        return;
    }
    a->mapped++;
    tables = g_list_sort(g_hash_table_get_keys(a->propagations), (GCompareFunc) strcmp);
    for (GList *l = tables; l != NULL; l = l->next) {
        GPtrArray *props = g_hash_table_lookup(a->propagations, l->data);
        for (guint k = 0; k < props->len; k++) {
            JsonObject *p = props->pdata[k];
            if (g_strcmp0(s_(p, "TransitGatewayAttachmentId"), id) == 0 &&
                g_strcmp0(s_(p, "State"), "enabled") == 0 && name_of(a, l->data) != NULL)
                g_string_append_printf(prop, "%s%s", prop->len > 0 ? " " : "", name_of(a, l->data));
        }
    }
    imp_doc_comment(&a->doc, "%s", id);
    imp_doc_start(&a->doc, "tgw-attachment");
    imp_doc_attr(&a->doc, "name", name_of(a, id));
    imp_doc_attr(&a->doc, "transit-gateway", tgw);
    imp_doc_attr(&a->doc, "subnets", subnets);
    if (g_strcmp0(s_(assoc, "State"), "associated") == 0)
        imp_doc_attr(&a->doc, "associate", name_of(a, s_(assoc, "TransitGatewayRouteTableId")));
    imp_doc_attr(&a->doc, "propagate", prop->len > 0 ? prop->str : NULL);
    imp_doc_end(&a->doc);
}

static void
write_vpcs(Aws *a)
{
    for (guint i = 0; i < a->vpcs->len; i++) {
        JsonObject *v = a->vpcs->pdata[i];
        const char *vname = name(a, v, "VpcId", "vpc");
        g_autofree char *scope = g_strdup_printf("subnet:%s", vname);
        JsonArray *assoc = tgw_json_get_array(v, "CidrBlockAssociationSet");
        if (!imp_is_cidr(s_(v, "CidrBlock"))) {
            imp_doc_comment(&a->doc, "%s: not imported: no IPv4 CidrBlock", s_(v, "VpcId"));
            continue;
        }
        a->mapped++;
        imp_doc_comment(&a->doc, "%s (%s)", s_(v, "VpcId"), rel_file(a, v));
        imp_doc_start(&a->doc, "vpc");
        imp_doc_attr(&a->doc, "name", vname);
        imp_doc_attr(&a->doc, "cidr", s_(v, "CidrBlock"));
        for (guint k = 0; assoc != NULL && k < json_array_get_length(assoc); k++) {
            JsonNode *n = json_array_get_element(assoc, k);
            JsonObject *b = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            const char *state = s_(tgw_json_get_object(b, "CidrBlockState"), "State");
            if (b == NULL || g_strcmp0(s_(b, "CidrBlock"), s_(v, "CidrBlock")) == 0 ||
                !imp_is_cidr(s_(b, "CidrBlock")) ||
                (state != NULL && !g_str_equal(state, "associated")))
                continue;
            imp_doc_start(&a->doc, "cidr-block");
            imp_doc_attr(&a->doc, "cidr", s_(b, "CidrBlock"));
            imp_doc_end(&a->doc);
        }
        for (guint k = 0; k < a->subnets->len; k++) {
            JsonObject *s = a->subnets->pdata[k];
            const char *az = s_(s, "AvailabilityZoneId") != NULL ? s_(s, "AvailabilityZoneId")
                                                                 : s_(s, "AvailabilityZone");
            TgwCidr c;
            if (g_strcmp0(s_(s, "VpcId"), s_(v, "VpcId")) != 0)
                continue;
            tgw_cidr_parse(s_(s, "CidrBlock"), &c, NULL);
            if (!imp_is_name(az)) {
                imp_doc_comment(&a->doc, "%s: not imported: no availability zone",
                                s_(s, "SubnetId"));
                warn(a, "%s: subnet %s has no availability zone: left out", file_of(a, s),
                     s_(s, "SubnetId"));
                continue;
            }
            a->mapped++;
            imp_doc_comment(&a->doc, "%s", s_(s, "SubnetId"));
            imp_doc_start(&a->doc, "subnet");
            imp_doc_attr(&a->doc, "name", name(a, s, "SubnetId", scope));
            imp_doc_attr(&a->doc, "az", az);
            imp_doc_attr(&a->doc, "cidr", s_(s, "CidrBlock"));
            write_occupancy(a, s, c);
            for (guint r = 0; r < a->reservations->len; r++) {
                JsonObject *res = a->reservations->pdata[r];
                const char *type = s_(res, "ReservationType");
                TgwCidr rc;
                if (g_strcmp0(s_(res, "SubnetId"), s_(s, "SubnetId")) != 0)
                    continue;
                if (!imp_is_cidr(s_(res, "Cidr")) || !tgw_cidr_parse(s_(res, "Cidr"), &rc, NULL) ||
                    !tgw_cidr_contains(c, rc) ||
                    (g_strcmp0(type, "prefix") != 0 && g_strcmp0(type, "explicit") != 0)) {
                    imp_doc_comment(&a->doc,
                                    "%s: not imported: not an IPv4 prefix or explicit "
                                    "reservation inside the subnet",
                                    s_(res, "SubnetCidrReservationId"));
                    continue;
                }
                imp_doc_start(&a->doc, "reservation");
                imp_doc_attr(&a->doc, "cidr", s_(res, "Cidr"));
                imp_doc_attr(&a->doc, "type", type);
                imp_doc_end(&a->doc);
            }
            imp_doc_end(&a->doc);
        }
        write_route_tables(a, v, vname);
        for (guint k = 0; k < a->atts->len; k++) {
            JsonObject *att = a->atts->pdata[k];
            if (g_strcmp0(s_(att, "ResourceType"), "vpc") == 0 &&
                g_strcmp0(s_(att, "ResourceId"), s_(v, "VpcId")) == 0)
                write_attachment(a, att, v);
        }
        imp_doc_end(&a->doc);
    }
}

static void
write_nats(Aws *a)
{
    g_autoptr(GList) ids = g_list_sort(g_hash_table_get_keys(a->nats), (GCompareFunc) strcmp);
    for (GList *l = ids; l != NULL; l = l->next) {
        JsonObject *e = g_hash_table_lookup(a->nats, l->data);
        JsonObject *s = find(a->subnets, "SubnetId", s_(e, "SubnetId"));
        const char *sn = name_of(a, s_(e, "SubnetId"));
        if (s == NULL || sn == NULL)
            continue;
        a->mapped++;
        imp_doc_comment(&a->doc, "%s (its ENI %s)", (const char *) l->data,
                        s_(e, "NetworkInterfaceId"));
        imp_doc_start(&a->doc, "nat-gateway");
        imp_doc_attr(&a->doc, "name", g_hash_table_lookup(a->name_of, l->data));
        imp_doc_attr(&a->doc, "vpc", name_of(a, s_(s, "VpcId")));
        imp_doc_attr(&a->doc, "subnet", sn);
        if (eni_addresses(e) > 1)
            imp_doc_attr_uint(&a->doc, "private-ips", MIN(eni_addresses(e), 8));
        imp_doc_end(&a->doc);
    }
}

static void
write_clusters(Aws *a)
{
    for (guint i = 0; i < a->clusters->len; i++) {
        JsonObject *c = a->clusters->pdata[i];
        JsonObject *vc = tgw_json_get_object(c, "resourcesVpcConfig");
        g_autoptr(GPtrArray) ids = tgw_json_get_strings(vc, "subnetIds");
        g_autoptr(GString) subnets = g_string_new(NULL);
        const char *vpc = name_of(a, s_(vc, "vpcId"));
        const char *cname = NULL;
        for (guint k = 0; k < ids->len; k++) {
            if (name_of(a, ids->pdata[k]) != NULL)
                g_string_append_printf(subnets, "%s%s", subnets->len > 0 ? " " : "",
                                       name_of(a, ids->pdata[k]));
        }
        if (vpc == NULL || subnets->len == 0) {
            imp_doc_comment(&a->doc,
                            "cluster %s: not imported: its VPC or subnets are not in "
                            "the folder",
                            s_(c, "name") != NULL ? s_(c, "name") : "?");
            warn(a, "%s: cluster %s: its VPC or subnets are not in the folder: left out",
                 file_of(a, c), s_(c, "name") != NULL ? s_(c, "name") : "?");
            continue;
        }
        a->mapped++;
        cname = imp_doc_unique_name(&a->doc, "cluster", s_(c, "name"), "cluster");
        g_hash_table_insert(a->name_of, g_strdup_printf("cluster:%s", s_(c, "name")),
                            (gpointer) cname);
        imp_doc_comment(&a->doc, "eks cluster %s (%s)", s_(c, "name"), rel_file(a, c));
        imp_doc_start(&a->doc, "eks-cluster");
        imp_doc_attr(&a->doc, "name", cname);
        imp_doc_attr(&a->doc, "vpc", vpc);
        imp_doc_attr(&a->doc, "subnets", subnets->str);
        imp_doc_comment(&a->doc, "the VPC CNI's settings are not in describe-cluster: its "
                                 "defaults (set <vpc-cni> to yours)");
        for (guint k = 0; k < a->nodegroups->len; k++) {
            JsonObject *ng = a->nodegroups->pdata[k];
            JsonObject *scaling = tgw_json_get_object(ng, "scalingConfig");
            g_autoptr(GPtrArray) types = tgw_json_get_strings(ng, "instanceTypes");
            g_autoptr(GPtrArray) sids = tgw_json_get_strings(ng, "subnets");
            g_autoptr(GString) sn = g_string_new(NULL);
            const char *itype = types->len > 0 ? types->pdata[0] : "t3.medium";
            const TgwInstanceType *t = tgw_instance_lookup(itype);
            gint64 min = 1, max = 1, desired = 1;
            gboolean have_desired = FALSE;
            g_autofree char *ngname = NULL;
            if (g_strcmp0(s_(ng, "clusterName"), s_(c, "name")) != 0)
                continue;
            for (guint j = 0; j < sids->len; j++) {
                if (name_of(a, sids->pdata[j]) != NULL)
                    g_string_append_printf(sn, "%s%s", sn->len > 0 ? " " : "",
                                           name_of(a, sids->pdata[j]));
            }
            if (t == NULL || sn->len == 0) {
                imp_doc_comment(&a->doc, "node group %s: not imported: %s", s_(ng, "nodegroupName"),
                                t == NULL ? "unknown instance type" : "no subnet in the folder");
                warn(a, "%s: node group %s: %s: left out", file_of(a, ng), s_(ng, "nodegroupName"),
                     t == NULL ? "its instance type is not in tgwsim's table"
                               : "none of its subnets is in the folder");
                continue;
            }
            have_desired = tgw_json_get_int(scaling, "desiredSize", &desired);
            tgw_json_get_int(scaling, "minSize", &min);
            tgw_json_get_int(scaling, "maxSize", &max);
            a->mapped++;
            ngname = imp_doc_unique_name(&a->doc, "node-group", s_(ng, "nodegroupName"), "nodes");
            imp_doc_comment(&a->doc, "node group %s (%s)", s_(ng, "nodegroupName"),
                            rel_file(a, ng));
            imp_doc_node_group(&a->doc, ngname, itype, min, max, desired, have_desired, sn->str);
            imp_doc_end(&a->doc);
            a->placeholders++;
            imp_doc_placeholder(&a->doc, ngname, itype, FALSE, FALSE, "the CLI output", cname);
        }
        imp_doc_end(&a->doc);
    }
}

/* every name another element cites, before anything is written: transit gateways and their
 * tables, VPCs and subnets, the VPC attachments that will be written, the NAT gateways */
static void
name_all(Aws *a)
{
    for (guint i = 0; i < a->tgws->len; i++) {
        JsonObject *g = a->tgws->pdata[i];
        const char *tname = name(a, g, "TransitGatewayId", "tgw");
        g_autofree char *scope = g_strdup_printf("tgw-table:%s", tname);
        for (guint k = 0; k < a->tables->len; k++) {
            JsonObject *t = a->tables->pdata[k];
            if (g_strcmp0(s_(t, "TransitGatewayId"), s_(g, "TransitGatewayId")) == 0)
                name(a, t, "TransitGatewayRouteTableId", scope);
        }
    }
    for (guint i = 0; i < a->vpcs->len; i++) {
        JsonObject *v = a->vpcs->pdata[i];
        const char *vname = name(a, v, "VpcId", "vpc");
        g_autofree char *scope = g_strdup_printf("subnet:%s", vname);
        for (guint k = 0; k < a->subnets->len; k++) {
            JsonObject *s = a->subnets->pdata[k];
            if (g_strcmp0(s_(s, "VpcId"), s_(v, "VpcId")) == 0)
                name(a, s, "SubnetId", scope);
        }
    }
    for (guint i = 0; i < a->atts->len; i++) {
        JsonObject *att = a->atts->pdata[i];
        const char *tgw = name_of(a, s_(att, "TransitGatewayId"));
        g_autofree char *subnets = NULL, *scope = NULL;
        if (g_strcmp0(s_(att, "ResourceType"), "vpc") != 0 || tgw == NULL ||
            s_(att, "TransitGatewayAttachmentId") == NULL)
            continue;
        subnets = attachment_subnets(a, att);
        if (subnets == NULL)
            continue;
        scope = g_strdup_printf("tgw-att:%s", tgw);
        name(a, att, "TransitGatewayAttachmentId", scope);
    }
    {
        g_autoptr(GList) ids = g_list_sort(g_hash_table_get_keys(a->nats), (GCompareFunc) strcmp);
        for (GList *l = ids; l != NULL; l = l->next) {
            g_hash_table_insert(a->name_of, g_strdup(l->data),
                                imp_doc_unique_name(&a->doc, "consumer", l->data, "nat"));
        }
    }
}

/* ---- the importer ------------------------------------------------------------------------------
 */

static void
ptr_array_unref(gpointer p)
{
    g_ptr_array_unref(p);
}

TgwImport *
tgw_import_aws(const char *dir, GError **error)
{
    Aws a = {0};
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *base = g_path_get_basename(dir);
    g_autofree char *desc = NULL;
    TgwImport *out = NULL;

    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: not a folder: give the folder the AWS CLI outputs were saved in", dir);
        return NULL;
    }
    a.dir = dir;
    a.roots = g_ptr_array_new_with_free_func((GDestroyNotify) json_node_unref);
    a.vpcs = g_ptr_array_new();
    a.subnets = g_ptr_array_new();
    a.tgws = g_ptr_array_new();
    a.atts = g_ptr_array_new();
    a.vpc_atts = g_ptr_array_new();
    a.tables = g_ptr_array_new();
    a.rts = g_ptr_array_new();
    a.enis = g_ptr_array_new();
    a.reservations = g_ptr_array_new();
    a.clusters = g_ptr_array_new();
    a.nodegroups = g_ptr_array_new();
    a.file_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    a.static_routes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_unref);
    a.propagations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, ptr_array_unref);
    a.name_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    a.simulated = g_hash_table_new(g_direct_hash, g_direct_equal);
    a.nats = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    a.enis_by_subnet = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, ptr_array_unref);
    a.warnings = g_ptr_array_new_with_free_func(g_free);

    collect(&a, dir, 0, paths);
    g_ptr_array_sort(paths, by_path);
    for (guint i = 0; i < paths->len && a.error == NULL; i++)
        read_file(&a, paths->pdata[i]);
    if (a.error == NULL && paths->len == 0)
        fail(&a,
             "%s: no .json files: save the AWS CLI outputs there (README: Start from your own "
             "network)",
             dir);
    if (a.error == NULL && a.vpcs->len == 0)
        fail(&a, "%s: no VPC: add the output of `aws ec2 describe-vpcs`", dir);
    desc = g_strdup_printf("Imported by tgwsim import aws from the folder %s: today's network "
                           "and occupancy. Workloads are placeholders.",
                           base);
    imp_doc_init(&a.doc, base, desc);
    if (a.error == NULL && check_subnets(&a)) {
        mark_simulated(&a);
        name_all(&a);
        write_tgws(&a);
        write_vpcs(&a);
        write_clusters(&a);
        write_nats(&a);
    }
    if (a.error == NULL) {
        g_autofree char *xml = imp_doc_dump(&a.doc);
        g_autofree char *why = imp_doc_refusal(xml);
        if (why != NULL)
            fail(&a, "%s: %s", dir, why);
        else {
            out = g_new0(TgwImport, 1);
            out->xml = g_steal_pointer(&xml);
            out->warnings = g_ptr_array_ref(a.warnings);
            out->placeholders = a.placeholders;
            out->resources_read = a.mapped;
        }
    }
    if (out == NULL)
        g_propagate_error(error, g_steal_pointer(&a.error));
    imp_doc_clear(&a.doc);
    g_ptr_array_unref(a.roots);
    g_ptr_array_unref(a.vpcs);
    g_ptr_array_unref(a.subnets);
    g_ptr_array_unref(a.tgws);
    g_ptr_array_unref(a.atts);
    g_ptr_array_unref(a.vpc_atts);
    g_ptr_array_unref(a.tables);
    g_ptr_array_unref(a.rts);
    g_ptr_array_unref(a.enis);
    g_ptr_array_unref(a.reservations);
    g_ptr_array_unref(a.clusters);
    g_ptr_array_unref(a.nodegroups);
    g_hash_table_unref(a.file_of);
    g_hash_table_unref(a.static_routes);
    g_hash_table_unref(a.propagations);
    g_hash_table_unref(a.name_of);
    g_hash_table_unref(a.simulated);
    g_hash_table_unref(a.nats);
    g_hash_table_unref(a.enis_by_subnet);
    g_ptr_array_unref(a.warnings);
    return out;
}
