/* cmd-advise-terraform.c: the fixes advise found, as Terraform HCL (tgwsim advise --terraform F).
 *
 * One section per cluster with a fix that holds. Custom networking: the CG-NAT block's
 * aws_vpc_ipv4_cidr_block_association, one aws_subnet per AZ (for_each over a locals map, keyed by
 * the AZ as the scenario writes it: availability_zone_id for an AZ ID, else availability_zone),
 * aws_route_table_association to the route table of the cluster's node subnets in that AZ, a
 * kubernetes_manifest ENIConfig per AZ (named after the zone, as ENI_CONFIG_LABEL_DEF =
 * topology.kubernetes.io/zone wants) and the vpc-cni aws_eks_addon with its env. Routable subnets:
 * the subnets and their associations. A warm pool or prefix delegation: the add-on alone. IDs the
 * scenario does not know are variables declared at the top; when the scenario came from tgwsim
 * import terraform (a comment with the Terraform address before the element), a root-module
 * resource is referenced instead, and a module's resource named in a comment. */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "tgw-cmd.h"
#include "tgw-scenario-load.h"
#include "tgw-sim-advise.h"
#include "tgw-xml.h"

typedef struct {
    GString *vars; /* variable blocks */
    GString *body; /* everything else */
    GHashTable *declared;
    xmlDoc *doc; /* the scenario as read, for the addresses import terraform left */
} Hcl;

/* the Terraform address in the comment right before the element kind/name, if any */
static char *
address_of(Hcl *h, const char *kind, const char *name, const char *parent_vpc)
{
    xmlNode *root = h->doc != NULL ? xmlDocGetRootElement(h->doc) : NULL;
    xmlNode *scope = root;
    if (root == NULL)
        return NULL;
    if (parent_vpc != NULL) {
        scope = NULL;
        for (xmlNode *c = root->children; c != NULL && scope == NULL; c = c->next) {
            g_autofree char *n = NULL;
            if (c->type != XML_ELEMENT_NODE || !tgw_xml_is(c, "vpc"))
                continue;
            n = tgw_xml_prop(c, "name");
            if (g_strcmp0(n, parent_vpc) == 0)
                scope = c;
        }
        if (scope == NULL)
            return NULL;
    }
    for (xmlNode *c = scope->children; c != NULL; c = c->next) {
        g_autofree char *n = NULL;
        xmlNode *p = NULL;
        if (c->type != XML_ELEMENT_NODE || !tgw_xml_is(c, kind))
            continue;
        n = tgw_xml_prop(c, "name");
        if (g_strcmp0(n, name) != 0)
            continue;
        for (p = c->prev; p != NULL && p->type == XML_TEXT_NODE; p = p->prev)
            ;
        if (p != NULL && p->type == XML_COMMENT_NODE) {
            g_autofree char *text = (char *) xmlNodeGetContent(p);
            g_strstrip(text);
            /* "aws_vpc.main" or "module.net.aws_vpc.this", possibly followed by a note */
            if (g_str_has_prefix(text, "aws_") || g_str_has_prefix(text, "module.")) {
                char *space = strchr(text, ' ');
                if (space != NULL)
                    *space = '\0';
                return g_strdup(text);
            }
        }
        return NULL;
    }
    return NULL;
}

/* an HCL identifier from a scenario name */
static char *
ident(const char *prefix, const char *name)
{
    GString *s = g_string_new(prefix);
    for (const char *p = name; *p != '\0'; p++)
        g_string_append_c(s, g_ascii_isalnum(*p) ? g_ascii_tolower(*p) : '_');
    return g_string_free(s, FALSE);
}

/* an HCL string literal: quotes, backslashes and ${ escaped */
static void
hcl_string(GString *out, const char *text)
{
    g_string_append_c(out, '"');
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(out, '\\');
        if ((*p == '$' || *p == '%') && p[1] == '{')
            g_string_append_c(out, *p);
        if (*p == '\n')
            g_string_append(out, "\\n");
        else
            g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

/* the expression for an ID: the imported root-module resource's attribute, else a variable */
static char *
id_expr(Hcl *h, const char *var, const char *description, const char *address, const char *attr)
{
    if (address != NULL && !g_str_has_prefix(address, "module."))
        return g_strdup_printf("%s.%s", address, attr);
    if (!g_hash_table_contains(h->declared, var)) {
        g_hash_table_add(h->declared, g_strdup(var));
        g_string_append_printf(h->vars,
                               "variable \"%s\" {\n  type        = string\n  description = ", var);
        if (address != NULL) {
            g_autofree char *d = g_strdup_printf("%s (%s.%s: expose it as an output of its module)",
                                                 description, address, attr);
            hcl_string(h->vars, d);
        } else {
            hcl_string(h->vars, description);
        }
        g_string_append(h->vars, "\n}\n\n");
    }
    return g_strdup_printf("var.%s", var);
}

static gboolean
is_az_id(const char *az)
{
    /* AZ IDs read use1-az1; names us-east-1a */
    const char *p = strstr(az, "-az");
    return p != NULL && g_ascii_isdigit(p[3]);
}

static void
addon(Hcl *h, const char *cluster_expr, const char *key, const char *const *env)
{
    g_string_append_printf(h->body, "resource \"aws_eks_addon\" \"%s\" {\n", key);
    g_string_append_printf(h->body, "  cluster_name = %s\n", cluster_expr);
    g_string_append(h->body, "  addon_name   = \"vpc-cni\"\n");
    g_string_append(h->body, "  configuration_values = jsonencode({\n    env = {\n");
    for (guint i = 0; env[i] != NULL && env[i + 1] != NULL; i += 2) {
        g_string_append_printf(h->body, "      %s = ", env[i]);
        hcl_string(h->body, env[i + 1]);
        g_string_append_c(h->body, '\n');
    }
    g_string_append(h->body, "    }\n  })\n}\n\n");
}

static void warm_env(GPtrArray *env, const TgwCniDef *cni);

/* custom networking's env: the flag, ENIConfigs named after the zone, prefix delegation kept,
 * and the cluster's warm settings */
static void
custom_env(GPtrArray *env, const TgwCniDef *cni)
{
    g_ptr_array_add(env, g_strdup("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"));
    g_ptr_array_add(env, g_strdup("true"));
    g_ptr_array_add(env, g_strdup("ENI_CONFIG_LABEL_DEF"));
    g_ptr_array_add(env, g_strdup("topology.kubernetes.io/zone"));
    if (tgw_cni_mode_is_prefix(cni->mode)) {
        g_ptr_array_add(env, g_strdup("ENABLE_PREFIX_DELEGATION"));
        g_ptr_array_add(env, g_strdup("true"));
    }
    warm_env(env, cni);
}

/* the cluster's warm settings as env, kept through a mode change */
static void
warm_env(GPtrArray *env, const TgwCniDef *cni)
{
    if (cni->warm_ip_target > 0 || cni->minimum_ip_target > 0) {
        if (cni->warm_ip_target > 0) {
            g_ptr_array_add(env, g_strdup("WARM_IP_TARGET"));
            g_ptr_array_add(env, g_strdup_printf("%" G_GINT64_FORMAT, cni->warm_ip_target));
        }
        if (cni->minimum_ip_target > 0) {
            g_ptr_array_add(env, g_strdup("MINIMUM_IP_TARGET"));
            g_ptr_array_add(env, g_strdup_printf("%" G_GINT64_FORMAT, cni->minimum_ip_target));
        }
    } else {
        g_ptr_array_add(env, g_strdup("WARM_ENI_TARGET"));
        g_ptr_array_add(env, g_strdup_printf("%" G_GINT64_FORMAT, cni->warm_eni_target));
    }
}

static void
subnets_and_associations(Hcl *h, const TgwClusterDef *cl, const GPtrArray *azs, GArray *cidrs,
                         const char *key, const char *vpc_expr, const char *role)
{
    gboolean ids = azs->len > 0 && is_az_id(azs->pdata[0]);
    g_string_append_printf(h->body, "locals {\n  %s_subnets = {\n", key);
    for (guint a = 0; a < azs->len; a++) {
        char buf[TGW_CIDR_STRLEN];
        g_string_append(h->body, "    ");
        hcl_string(h->body, azs->pdata[a]);
        g_string_append(h->body, " = ");
        hcl_string(h->body, tgw_cidr_format(g_array_index(cidrs, TgwCidr, a), buf));
        g_string_append_c(h->body, '\n');
    }
    g_string_append(h->body, "  }\n");
    /* the route table of the cluster's node subnets in each AZ */
    g_string_append_printf(h->body, "  %s_route_tables = {\n", key);
    for (guint a = 0; a < azs->len; a++) {
        const TgwSubnetDef *node_subnet = NULL;
        for (guint g = 0; g < cl->node_groups->len && node_subnet == NULL; g++) {
            const TgwNodeGroupDef *ng = cl->node_groups->pdata[g];
            for (guint k = 0; k < ng->subnets->len && node_subnet == NULL; k++) {
                const TgwSubnetDef *s = ng->subnets->pdata[k];
                if (g_str_equal(s->az, azs->pdata[a]))
                    node_subnet = s;
            }
        }
        if (node_subnet != NULL && node_subnet->table != NULL) {
            g_autofree char *var = ident("route_table_", node_subnet->table->name);
            g_autofree char *var_id = g_strdup_printf("%s_id", var);
            g_autofree char *desc = g_strdup_printf(
                "the ID of route table '%s' of VPC '%s' (the cluster's node subnets)",
                node_subnet->table->name, cl->vpc->name);
            g_autofree char *addr =
                node_subnet->table->line > 0
                    ? address_of(h, "route-table", node_subnet->table->name, cl->vpc->name)
                    : NULL;
            g_autofree char *expr = id_expr(h, var_id, desc, addr, "id");
            g_string_append(h->body, "    ");
            hcl_string(h->body, azs->pdata[a]);
            g_string_append_printf(h->body, " = %s\n", expr);
        }
    }
    g_string_append(h->body, "  }\n}\n\n");
    g_string_append_printf(h->body,
                           "resource \"aws_subnet\" \"%s\" {\n"
                           "  for_each             = local.%s_subnets\n"
                           "  vpc_id               = %s\n"
                           "  cidr_block           = each.value\n"
                           "  %s = each.key\n"
                           "  tags = {\n"
                           "    Name = \"advise-%s-%s-${each.key}\"\n"
                           "  }\n}\n\n",
                           key, key, vpc_expr,
                           ids ? "availability_zone_id" : "availability_zone   ", cl->name, role);
    g_string_append_printf(h->body,
                           "resource \"aws_route_table_association\" \"%s\" {\n"
                           "  for_each       = local.%s_route_tables\n"
                           "  subnet_id      = aws_subnet.%s[each.key].id\n"
                           "  route_table_id = each.value\n}\n\n",
                           key, key, key);
}

static void
cluster_fix(Hcl *h, const TgwScenario *sc, const TgwAdviseCluster *ac, const TgwAdviseCandidate *c)
{
    const TgwClusterDef *cl = tgw_scenario_find_cluster(sc, ac->cluster);
    g_autofree char *cluster_addr = address_of(h, "eks-cluster", cl->name, NULL);
    g_autofree char *vpc_addr = address_of(h, "vpc", cl->vpc->name, NULL);
    g_autofree char *cvar = ident("cluster_", cl->name);
    g_autofree char *cvar_name = g_strdup_printf("%s_name", cvar);
    g_autofree char *vvar = ident("vpc_", cl->vpc->name);
    g_autofree char *vvar_id = g_strdup_printf("%s_id", vvar);
    g_autofree char *cdesc = g_strdup_printf("the name of EKS cluster '%s'", cl->name);
    g_autofree char *vdesc = g_strdup_printf("the ID of VPC '%s'", cl->vpc->name);
    g_autofree char *cluster_expr = id_expr(h, cvar_name, cdesc, cluster_addr, "name");
    g_autofree char *key = ident("", cl->name);
    g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) node_subnets = g_ptr_array_new();
    g_autoptr(GPtrArray) azs = NULL;
    char buf[TGW_CIDR_STRLEN];

    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++)
            g_ptr_array_add(node_subnets, ng->subnets->pdata[k]);
    }
    azs = tgw_subnets_azs(node_subnets);
    g_string_append_printf(h->body, "# ---- cluster %s: %s ", cl->name, c->kind);
    g_string_append(h->body, "----\n");
    g_string_append_printf(h->body,
                           "# tgwsim advise: holds in %u of %u runs; lowest free %.1f%% (%s).\n",
                           c->outcome.holds, c->outcome.runs, 100.0 * c->outcome.min_free_share,
                           c->outcome.tightest != NULL ? c->outcome.tightest : "-");
    if (g_str_equal(c->kind, "warm-pool")) {
        g_ptr_array_add(env, g_strdup("WARM_ENI_TARGET"));
        g_ptr_array_add(env, g_strdup("0"));
        g_ptr_array_add(env, g_strdup("WARM_IP_TARGET"));
        g_ptr_array_add(env, g_strdup_printf("%u", c->warm_ip_target));
        if (c->minimum_ip_target > 0) {
            g_ptr_array_add(env, g_strdup("MINIMUM_IP_TARGET"));
            g_ptr_array_add(env, g_strdup_printf("%u", c->minimum_ip_target));
        }
        if (tgw_cni_mode_is_custom(cl->cni->mode)) {
            g_ptr_array_add(env, g_strdup("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"));
            g_ptr_array_add(env, g_strdup("true"));
        }
    } else if (g_str_equal(c->kind, "existing-eniconfigs")) {
        custom_env(env, cl->cni);
        g_string_append_printf(h->body,
                               "# The ENIConfigs the cluster already declares carry the pods: "
                               "launch the node groups again with max pods %u (%u before), then "
                               "drain the old nodes.\n",
                               c->max_pods_after, c->max_pods_before);
    } else if (g_str_equal(c->kind, "prefix-delegation")) {
        g_ptr_array_add(env, g_strdup("ENABLE_PREFIX_DELEGATION"));
        g_ptr_array_add(env, g_strdup("true"));
        g_ptr_array_add(env, g_strdup("WARM_PREFIX_TARGET"));
        g_ptr_array_add(env, g_strdup("1"));
        if (tgw_cni_mode_is_custom(cl->cni->mode)) {
            g_ptr_array_add(env, g_strdup("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG"));
            g_ptr_array_add(env, g_strdup("true"));
        }
        g_string_append_printf(h->body,
                               "# Nodes launched before the change keep their max pods; launch the "
                               "node groups again with max pods %u (%u before).\n",
                               c->max_pods_after, c->max_pods_before);
    } else if (g_str_equal(c->kind, "routable-subnets")) {
        g_autofree char *vpc_expr = id_expr(h, vvar_id, vdesc, vpc_addr, "id");
        g_autofree char *k = g_strdup_printf("%s_nodes", key);
        g_string_append_printf(h->body,
                               "# New subnets in the VPC's free room (%s). A node group's subnets "
                               "cannot change: create the node groups of cluster %s anew in "
                               "these subnets and drain the old ones.\n\n",
                               c->free_room != NULL ? c->free_room : "", cl->name);
        subnets_and_associations(h, cl, azs, c->subnets_cidrs, k, vpc_expr, "nodes");
    } else {
        g_autofree char *vpc_expr = id_expr(h, vvar_id, vdesc, vpc_addr, "id");
        g_autofree char *k = g_strdup_printf("%s_pods", key);
        g_autofree char *sg_var = g_strdup_printf("%s_security_group_id", cvar);
        g_autofree char *sg_desc =
            g_strdup_printf("the cluster security group of EKS cluster '%s'", cl->name);
        g_autofree char *sg_expr =
            cluster_addr != NULL && !g_str_has_prefix(cluster_addr, "module.")
                ? g_strdup_printf("%s.vpc_config[0].cluster_security_group_id", cluster_addr)
                : id_expr(h, sg_var, sg_desc, cluster_addr,
                          "vpc_config[0].cluster_security_group_id");
        g_autoptr(GArray) cidrs = tgw_cidr_split(c->block, c->subnet_len, NULL);
        gboolean ids = azs->len > 0 && is_az_id(azs->pdata[0]);
        g_autofree char *zvar = g_strdup_printf("%s_zone_names", cvar);
        g_autofree char *eni_name =
            ids ? g_strdup_printf("var.%s[each.key]", zvar) : g_strdup("each.key");

        g_string_append_printf(h->body,
                               "# Nodes launched before the change keep their max pods and their "
                               "pods' addresses: launch the node groups again with max pods %u "
                               "(%u before: under custom networking the primary ENI serves no "
                               "pods), then drain the old nodes. Pod egress leaving the VPC is "
                               "SNATed to the node's address.\n",
                               c->max_pods_after, c->max_pods_before);
        if (c->tgw_note != NULL)
            g_string_append_printf(h->body, "# Transit gateway: %s.\n", c->tgw_note);
        g_string_append(h->body, "\n");
        g_string_append_printf(h->body,
                               "resource \"aws_vpc_ipv4_cidr_block_association\" \"%s\" {\n"
                               "  vpc_id     = %s\n"
                               "  cidr_block = \"%s\"\n}\n\n",
                               k, vpc_expr, tgw_cidr_format(c->block, buf));
        {
            g_autofree char *assoc_vpc =
                g_strdup_printf("aws_vpc_ipv4_cidr_block_association.%s.vpc_id", k);
            subnets_and_associations(h, cl, azs, cidrs, k, assoc_vpc, "pods");
        }
        if (ids && !g_hash_table_contains(h->declared, zvar)) {
            /* the zone label carries AZ names; the scenario has IDs */
            g_hash_table_add(h->declared, g_strdup(zvar));
            g_string_append_printf(h->vars,
                                   "variable \"%s\" {\n"
                                   "  type        = map(string)\n"
                                   "  description = \"the zone name (topology.kubernetes.io/zone "
                                   "of the nodes) of each AZ ID of cluster %s\"\n}\n\n",
                                   zvar, cl->name);
        }
        g_string_append_printf(h->body,
                               "resource \"kubernetes_manifest\" \"%s_eniconfig\" {\n"
                               "  for_each = local.%s_subnets\n"
                               "  manifest = {\n"
                               "    apiVersion = \"crd.k8s.amazonaws.com/v1alpha1\"\n"
                               "    kind       = \"ENIConfig\"\n"
                               "    metadata = {\n"
                               "      name = %s\n"
                               "    }\n"
                               "    spec = {\n"
                               "      subnet         = aws_subnet.%s[each.key].id\n"
                               "      securityGroups = [%s]\n"
                               "    }\n  }\n}\n\n",
                               key, k, eni_name, k, sg_expr);
        custom_env(env, cl->cni);
    }
    if (env->len > 0) {
        g_ptr_array_add(env, NULL);
        addon(h, cluster_expr, key, (const char *const *) env->pdata);
    }
}

char *
tgw_advise_terraform(const TgwScenario *sc, const char *data, gsize len, const char *file,
                     const GPtrArray *advice)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    Hcl h = {g_string_new(NULL), g_string_new(NULL),
             g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
             tgw_xml_read(data, len, file, findings)};
    GString *out = g_string_new(NULL);
    guint fixes = 0;

    for (guint i = 0; i < advice->len; i++) {
        const TgwAdviseCluster *ac = advice->pdata[i];
        const TgwAdviseCandidate *c = tgw_advise_cluster_fix(ac);
        if (c != NULL) {
            cluster_fix(&h, sc, ac, c);
            fixes++;
        }
    }
    g_string_append_printf(out,
                           "# Written by tgwsim advise from %s (scenario '%s'): %u fix%s that "
                           "held in every simulated run.\n"
                           "# Review before applying; variables are IDs the scenario does not "
                           "know.\n\n",
                           file, sc->name, fixes, fixes == 1 ? "" : "es");
    g_string_append(out, h.vars->str);
    g_string_append(out, h.body->str);
    g_string_free(h.vars, TRUE);
    g_string_free(h.body, TRUE);
    g_hash_table_unref(h.declared);
    if (h.doc != NULL)
        xmlFreeDoc(h.doc);
    return g_string_free(out, FALSE);
}
