/* tgw-sim-advise.c: candidate fixes, built from the scenario file and simulated (see
 * tgw-sim-advise.h).
 *
 * A candidate is the scenario file with the change written into its XML (a secondary block, one
 * subnet per AZ, the cluster switched to custom networking with an ENIConfig per AZ), loaded like
 * any scenario, so the design checks and the loader's defaults apply to it as to a file a user
 * wrote; a reload costs a few milliseconds against the seconds the runs take. */
#include "tgw-sim-advise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "tgw-error.h"
#include "tgw-lint.h"
#include "tgw-routing.h"
#include "tgw-scenario-load.h"
#include "tgw-sim.h"
#include "tgw-xml.h"

#define CGNAT_ADDR     0x64400000u /* 100.64.0.0/10 (RFC 6598) */
#define CGNAT_LEN      10
#define MAX_VPC_BLOCKS 5  /* CIDR blocks per VPC, the default quota (aws-network.md) */
#define LARGEST_BLOCK  16 /* VPC blocks and subnets are /16 to /28 */
#define SMALLEST_POD   28

static void
outcome_clear(TgwAdviseOutcome *o)
{
    g_clear_pointer(&o->tightest, g_free);
    g_clear_pointer(&o->band, g_array_unref);
}

/* the band of the tightest subnet's free share over time: per sample, the p5, p50 and p95 over
 * the runs (nearest rank), the runs' samples being at the same times */
static GArray *
band_of(const GPtrArray *results, const TgwSubnetDef *def)
{
    GArray *band = g_array_new(FALSE, FALSE, sizeof(TgwAdviseBand));
    guint samples = G_MAXUINT;
    g_autofree double *v = g_new(double, results->len);
    for (guint i = 0; i < results->len; i++) {
        const TgwSubnetResult *s = tgw_run_result_find_subnet(results->pdata[i], def);
        samples = MIN(samples, s != NULL ? s->series->len : 0);
    }
    for (guint k = 0; samples != G_MAXUINT && k < samples; k++) {
        TgwAdviseBand b = {0, 0, 0, 0};
        for (guint i = 0; i < results->len; i++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(results->pdata[i], def);
            const TgwSample *sm = &g_array_index(s->series, TgwSample, k);
            b.time_ms = sm->time_ms;
            v[i] = s->usable > 0 ? (double) sm->min_free / (double) s->usable : 0;
        }
        /* a handful of runs: insertion sort */
        for (guint i = 1; i < results->len; i++) {
            for (guint j = i; j > 0 && v[j - 1] > v[j]; j--) {
                double t = v[j - 1];
                v[j - 1] = v[j];
                v[j] = t;
            }
        }
        b.p5 = v[(guint) MAX(ceil(0.05 * results->len), 1.0) - 1];
        b.p50 = v[(guint) MAX(ceil(0.50 * results->len), 1.0) - 1];
        b.p95 = v[(guint) MAX(ceil(0.95 * results->len), 1.0) - 1];
        g_array_append_val(band, b);
    }
    return band;
}

static void
candidate_free(gpointer data)
{
    TgwAdviseCandidate *c = data;
    g_free(c->why_not);
    g_free(c->reuse);
    g_free(c->avoided);
    g_free(c->tgw_note);
    g_free(c->free_room);
    g_array_unref(c->subnets_cidrs);
    g_free(c->scenario_xml);
    outcome_clear(&c->outcome);
    outcome_clear(&c->smaller);
    outcome_clear(&c->looser);
    g_free(c);
}

static TgwAdviseCandidate *
candidate_new(void)
{
    TgwAdviseCandidate *c = g_new0(TgwAdviseCandidate, 1);
    c->outcome.first_exhaustion_ms = -1;
    c->subnets_cidrs = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    return c;
}

void
tgw_advise_cluster_free(TgwAdviseCluster *c)
{
    if (c == NULL)
        return;
    g_free(c->cluster);
    outcome_clear(&c->today);
    g_ptr_array_unref(c->candidates);
    g_free(c);
}

static const TgwClusterDef *
find_cluster(const TgwScenario *sc, const char *name)
{
    for (guint i = 0; i < sc->clusters->len; i++) {
        const TgwClusterDef *c = sc->clusters->pdata[i];
        if (g_str_equal(c->name, name))
            return c;
    }
    return NULL;
}

/* the subnets a cluster's addresses come from: its node groups' and its ENIConfig subnets */
static GPtrArray *
watched_subnets(const TgwClusterDef *cl)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++) {
            if (!g_ptr_array_find(out, ng->subnets->pdata[k], NULL))
                g_ptr_array_add(out, ng->subnets->pdata[k]);
        }
    }
    for (guint e = 0; e < cl->cni->eni_configs->len; e++) {
        const TgwEniConfigDef *ec = cl->cni->eni_configs->pdata[e];
        if (ec->subnet != NULL && !g_ptr_array_find(out, ec->subnet, NULL))
            g_ptr_array_add(out, ec->subnet);
    }
    return out;
}

static int
compare_ms(const void *a, const void *b)
{
    gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
    return (x > y) - (x < y);
}

/* simulates the design N times and judges each run against the headroom */
static gboolean
evaluate(const TgwScenario *sc, const char *cluster, const TgwAdviseOptions *o,
         TgwAdviseOutcome *out, GError **error)
{
    const TgwClusterDef *cl = find_cluster(sc, cluster);
    const TgwSubnetDef *tight_def = NULL;
    g_autoptr(GPtrArray) watched = NULL;
    g_autoptr(GPtrArray) results = NULL;
    g_autofree gint64 *crossed = NULL;
    TgwSimOptions so = {0};

    g_assert(cl != NULL);
    watched = watched_subnets(cl);
    so.horizon_ms = o->horizon_ms;
    so.override_seed = o->override_seed;
    so.seed = o->seed;
    results = tgw_sim_run_many(sc, &so, o->runs, o->threads, error);
    if (results == NULL)
        return FALSE;
    out->runs = results->len;
    out->holds = 0;
    out->exhausted_runs = 0;
    out->min_free_share = 1.0;
    out->free_prefix_share = 1.0;
    out->first_exhaustion_ms = -1;
    out->nodes_peak = 0;
    memset(&out->ec2, 0, sizeof out->ec2);
    out->ec2_per_hour = 0;
    out->waited_per_run = 0;
    crossed = g_new(gint64, results->len);
    for (guint i = 0; i < results->len; i++) {
        const TgwRunResult *r = results->pdata[i];
        gboolean ok = TRUE, dry = FALSE;
        guint64 calls = 0;
        crossed[i] = G_MAXINT64;
        out->nodes_peak = MAX(out->nodes_peak, r->nodes.peak);
        for (guint g = 0; g < r->node_groups->len; g++) {
            const TgwNodeGroupResult *ng = r->node_groups->pdata[g];
            if (!g_ptr_array_find(cl->node_groups, ng->def, NULL))
                continue;
            out->ec2.create_eni += ng->ec2.create_eni;
            out->ec2.assign += ng->ec2.assign;
            out->ec2.unassign += ng->ec2.unassign;
            out->ec2.delete_eni += ng->ec2.delete_eni;
            calls += ng->ec2.create_eni + ng->ec2.assign + ng->ec2.unassign + ng->ec2.delete_eni;
            out->waited_per_run += (double) ng->waited_for_ip / (double) results->len;
        }
        if (r->horizon_ms > 0)
            out->ec2_per_hour += (double) calls * (double) TGW_MS_PER_HOUR /
                                 (double) r->horizon_ms / (double) results->len;
        for (guint k = 0; k < watched->len; k++) {
            const TgwSubnetResult *s = tgw_run_result_find_subnet(r, watched->pdata[k]);
            double share = 0;
            if (s == NULL || s->usable == 0)
                continue;
            share = (double) s->min_free / (double) s->usable;
            out->free_prefix_share =
                MIN(out->free_prefix_share,
                    (double) s->free_prefixes_at_end * 16.0 / (double) tgw_cidr_size(s->def->cidr));
            if (share < out->min_free_share || out->tightest == NULL) {
                out->min_free_share = MIN(share, out->min_free_share);
                g_free(out->tightest);
                out->tightest = g_strdup_printf("%s/%s", s->def->vpc->name, s->def->name);
                tight_def = s->def;
            }
            for (guint k2 = 0; k2 < s->series->len; k2++) {
                const TgwSample *sm = &g_array_index(s->series, TgwSample, k2);
                if ((double) sm->min_free < o->headroom * (double) s->usable) {
                    crossed[i] = MIN(crossed[i], sm->time_ms);
                    break;
                }
            }
            if (s->first_exhausted_ms >= 0) {
                crossed[i] = MIN(crossed[i], s->first_exhausted_ms);
                dry = TRUE;
                if (out->first_exhaustion_ms < 0 ||
                    s->first_exhausted_ms < out->first_exhaustion_ms)
                    out->first_exhaustion_ms = s->first_exhausted_ms;
            }
            if (dry || share < o->headroom)
                ok = FALSE;
        }
        out->holds += ok;
        out->exhausted_runs += dry;
    }
    g_clear_pointer(&out->band, g_array_unref);
    if (tight_def != NULL)
        out->band = band_of(results, tight_def);
    /* p5 of the crossing times, a run that never crossed counting as after the horizon */
    qsort(crossed, results->len, sizeof *crossed, compare_ms);
    {
        guint rank = (guint) ceil(0.05 * (double) results->len);
        gint64 t = crossed[rank > 0 ? rank - 1 : 0];
        out->headroom_p5_ms = t == G_MAXINT64 ? -1 : t;
    }
    return TRUE;
}

static TgwScenario *load_candidate(const char *xml, const char *file, char **refused);
static gboolean evaluate_xml(const char *xml, const char *file, const char *cluster,
                             const TgwAdviseOptions *o, TgwAdviseOutcome *out, char **refused,
                             GError **error);

/* the element child of parent of that kind and name */
static xmlNode *
child_named(xmlNode *parent, const char *kind, const char *name)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        g_autofree char *n = NULL;
        if (c->type != XML_ELEMENT_NODE || !tgw_xml_is(c, kind))
            continue;
        n = tgw_xml_prop(c, "name");
        if (g_strcmp0(n, name) == 0)
            return c;
    }
    return NULL;
}

static void
set_prop(xmlNode *node, const char *name, const char *value)
{
    xmlSetProp(node, (const xmlChar *) name, (const xmlChar *) value);
}

static char *
dump(xmlDoc *doc)
{
    xmlChar *out = NULL;
    int size = 0;
    char *text = NULL;
    xmlDocDumpMemory(doc, &out, &size);
    text = g_strndup((const char *) out, (gsize) size);
    xmlFree(out);
    return text;
}

/* "\n" and two spaces per level below the document: where a child of parent starts */
static char *
child_indent(xmlNode *parent)
{
    guint depth = 0;
    for (xmlNode *n = parent; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
        depth++;
    return g_strdup_printf("\n%*s", (int) (2 * depth), "");
}

/* appends node as parent's last child, indented like its siblings: the whitespace before
 * parent's closing tag stays last (and is made when parent had no children) */
static xmlNode *
append(xmlNode *parent, xmlNode *node)
{
    g_autofree char *indent = child_indent(parent);
    xmlNode *last = parent->last;
    if (last == NULL || last->type != XML_TEXT_NODE || !xmlIsBlankNode(last)) {
        g_autofree char *closing = g_strndup(indent, strlen(indent) - 2);
        last = xmlAddChild(parent, xmlNewText((const xmlChar *) closing));
    }
    /* the node first, then its indentation before it: libxml2 merges a text node added next to
     * another text node, so the indentation must go between two non-text nodes */
    xmlAddPrevSibling(last, node);
    xmlAddPrevSibling(node, xmlNewText((const xmlChar *) indent));
    return node;
}

static xmlNode *
element(const char *name)
{
    return xmlNewNode(NULL, (const xmlChar *) name);
}

static void
comment(xmlNode *parent, const char *text)
{
    g_autofree char *padded = g_strdup_printf(" tgwsim advise: %s ", text);
    append(parent, xmlNewComment((const xmlChar *) padded));
}

/* the name of a subnet advise adds: the cluster's, so that two clusters' never clash */
static char *
subnet_name(const TgwClusterDef *cl, const char *role, const char *az)
{
    return g_strdup_printf("advise-%s-%s-%s", cl->name, role, az);
}

/* under custom networking the primary ENI serves no pods: a node group whose kubelet would admit
 * more pods than the secondary ENIs can address (max-pods unset, the default-mode value) gets the
 * lower number, or those pods hang without an address (lint MAXPODS-CUSTOM) */
static void
set_custom_max_pods(xmlNode *cluster, xmlNode *node, const TgwClusterDef *cl, const char *name)
{
    const TgwNodeGroupDef *ng = NULL;
    TgwCniDef cni = *cl->cni;
    guint kubelet = 0, addressable = 0;

    for (guint i = 0; i < cl->node_groups->len && ng == NULL; i++) {
        const TgwNodeGroupDef *g = cl->node_groups->pdata[i];
        if (g_strcmp0(g->name, name) == 0)
            ng = g;
    }
    if (ng == NULL || ng->itype == NULL)
        return;
    cni.mode = tgw_cni_mode_is_prefix(cl->cni->mode) ? TGW_CNI_CUSTOM_PREFIX : TGW_CNI_CUSTOM;
    kubelet = tgw_node_group_kubelet_max_pods(ng, &cni);
    addressable = tgw_node_group_cni_max_pods(ng, &cni);
    if (kubelet > addressable) {
        g_autofree char *value = g_strdup_printf("%u", addressable);
        g_autofree char *why = g_strdup_printf(
            " tgwsim advise: max-pods %u -> %u: under custom networking the primary ENI serves no "
            "pods, and a node admitting more would leave them without an address ",
            kubelet, addressable);
        g_autofree char *indent = child_indent(cluster);
        xmlAddPrevSibling(node, xmlNewComment((const xmlChar *) why));
        xmlAddPrevSibling(node, xmlNewText((const xmlChar *) indent));
        set_prop(node, "max-pods", value);
    }
}

/* the scenario file with the cluster moved to custom networking on block, one sub_len subnet per
 * AZ, each change marked with a comment; NULL and an error when the file does not have the
 * elements the scenario was built from */
static char *
custom_networking_xml(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
                      TgwCidr block, guint sub_len, const GPtrArray *azs, GError **error)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(xmlDoc) doc = tgw_xml_read(data, len, file, findings);
    g_autoptr(GArray) subnets = NULL;
    xmlNode *root = NULL, *vpc = NULL, *cluster = NULL, *cni = NULL, *next = NULL;
    char buf[TGW_CIDR_STRLEN];
    g_autofree char *note = NULL, *was = NULL;

    if (doc != NULL)
        root = xmlDocGetRootElement(doc);
    if (root != NULL) {
        vpc = child_named(root, "vpc", cl->vpc->name);
        cluster = child_named(root, "eks-cluster", cl->name);
    }
    subnets = tgw_cidr_split(block, sub_len, NULL);
    if (vpc == NULL || cluster == NULL || subnets == NULL || subnets->len < azs->len) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: cannot build the custom-networking candidate for cluster '%s'", file,
                    cl->name);
        return NULL;
    }
    note = g_strdup_printf("a CG-NAT block for the pods of cluster '%s', one /%u subnet per AZ of "
                           "its nodes (the smallest size that kept the headroom in every run)",
                           cl->name, sub_len);
    comment(vpc, note);
    set_prop(append(vpc, element("cidr-block")), "cidr", tgw_cidr_format(block, buf));
    for (guint a = 0; a < azs->len; a++) {
        xmlNode *s = append(vpc, element("subnet"));
        g_autofree char *name = subnet_name(cl, "pods", azs->pdata[a]);
        set_prop(s, "name", name);
        set_prop(s, "az", azs->pdata[a]);
        set_prop(s, "cidr", tgw_cidr_format(g_array_index(subnets, TgwCidr, a), buf));
    }
    for (xmlNode *c = cluster->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && tgw_xml_is(c, "vpc-cni"))
            cni = c;
        if (c->type == XML_ELEMENT_NODE && tgw_xml_is(c, "node-group")) {
            g_autofree char *ng_name = tgw_xml_prop(c, "name");
            xmlUnsetProp(c, (const xmlChar *) "eni-config");
            set_custom_max_pods(cluster, c, cl, ng_name);
        }
    }
    if (cni == NULL)
        cni = append(cluster, element("vpc-cni"));
    was = tgw_xml_prop(cni, "mode");
    set_prop(cni, "mode", tgw_cni_mode_is_prefix(cl->cni->mode) ? "custom+prefix" : "custom");
    for (xmlNode *c = cni->children; c != NULL; c = next) {
        next = c->next;
        if (c->type != XML_TEXT_NODE || !xmlIsBlankNode(c)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
    g_free(note);
    note = g_strdup_printf("custom networking (mode was %s): pods take their addresses from "
                           "these ENIConfigs, nodes keep theirs in the node subnets",
                           was != NULL ? was : "default");
    comment(cni, note);
    for (guint a = 0; a < azs->len; a++) {
        xmlNode *ec = append(cni, element("eni-config"));
        g_autofree char *name = subnet_name(cl, "pods", azs->pdata[a]);
        set_prop(ec, "az", azs->pdata[a]);
        set_prop(ec, "subnet", name);
    }
    return dump(doc);
}

/* the scenario file with attributes of the cluster's <vpc-cni> set (name, value pairs, NULL-ended;
 * the element is made when absent), an XML comment before it saying what changed and why */
static char *
settings_xml(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
             const char *const *attrs, const char *why, GError **error)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(xmlDoc) doc = tgw_xml_read(data, len, file, findings);
    xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    xmlNode *cluster = root != NULL ? child_named(root, "eks-cluster", cl->name) : NULL;
    xmlNode *cni = NULL;
    g_autofree char *note = NULL, *indent = NULL;

    if (cluster == NULL) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: cannot write the VPC CNI settings of cluster '%s'", file, cl->name);
        return NULL;
    }
    for (xmlNode *c = cluster->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && tgw_xml_is(c, "vpc-cni"))
            cni = c;
    }
    if (cni == NULL)
        cni = append(cluster, element("vpc-cni"));
    note = g_strdup_printf(" tgwsim advise: %s ", why);
    /* the comment on a line of its own before the element: node, then its indentation */
    indent = child_indent(cluster);
    xmlAddPrevSibling(cni, xmlNewComment((const xmlChar *) note));
    xmlAddPrevSibling(cni, xmlNewText((const xmlChar *) indent));
    for (guint i = 0; attrs[i] != NULL && attrs[i + 1] != NULL; i += 2)
        set_prop(cni, attrs[i], attrs[i + 1]);
    return dump(doc);
}

/* the scenario file with the cluster's VPC CNI in prefix delegation (custom networking kept) */
static char *
prefix_xml(const char *data, gsize len, const char *file, const TgwClusterDef *cl, GError **error)
{
    const char *attrs[] = {
        "mode", tgw_cni_mode_is_custom(cl->cni->mode) ? "custom+prefix" : "prefix", NULL};
    g_autofree char *why =
        g_strdup_printf("prefix delegation (mode was %s): nodes carve /28 prefixes from the same "
                        "subnets",
                        tgw_cni_mode_name(cl->cni->mode));
    return settings_xml(data, len, file, cl, attrs, why, error);
}

/* the transit gateway tables a VPC's attachments propagate into (its blocks become routes there) */
static GPtrArray *
propagated_tables(const TgwVpcDef *vpc)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint a = 0; a < vpc->attachments->len; a++) {
        const TgwAttachmentDef *at = vpc->attachments->pdata[a];
        for (guint t = 0; t < at->propagate->len; t++) {
            if (!g_ptr_array_find(out, at->propagate->pdata[t], NULL))
                g_ptr_array_add(out, at->propagate->pdata[t]);
        }
    }
    return out;
}

/* whether two VPCs are attached to one transit gateway */
static gboolean
share_tgw(const TgwVpcDef *a, const TgwVpcDef *b)
{
    for (guint i = 0; i < a->attachments->len; i++) {
        for (guint k = 0; k < b->attachments->len; k++) {
            if (((TgwAttachmentDef *) a->attachments->pdata[i])->tgw ==
                ((TgwAttachmentDef *) b->attachments->pdata[k])->tgw)
                return TRUE;
        }
    }
    return FALSE;
}

/* the first VPC on a transit gateway with vpc whose blocks overlap c, or NULL; *its gets that
 * block */
static const TgwVpcDef *
reused_by(const TgwScenario *sc, const TgwVpcDef *vpc, TgwCidr c, TgwCidr *its)
{
    for (guint v = 0; v < sc->vpcs->len; v++) {
        const TgwVpcDef *o = sc->vpcs->pdata[v];
        if (o == vpc || !share_tgw(o, vpc))
            continue;
        for (guint b = 0; b < o->cidr_blocks->len; b++) {
            TgwCidr ob = ((TgwCidrBlockDef *) o->cidr_blocks->pdata[b])->cidr;
            if (tgw_cidr_overlaps(ob, c)) {
                *its = ob;
                return o;
            }
        }
    }
    return NULL;
}

/* the block for the pods: the first aligned one of block_len in 100.64.0.0/10 clear of the VPC's
 * own blocks. CG-NAT space is meant to be reused, so a block another VPC on the same transit
 * gateway uses is taken when reuse is safe: this VPC propagates into no transit gateway table, so
 * the block never becomes a route there. When it does propagate, the two routes would meet in a
 * table (one shadowed, or the longer prefix taking the traffic), so the first block no VPC on
 * the transit gateway uses is taken, and *avoided says which was passed over and why. *reuse
 * names the VPC that uses the chosen block too (safe reuse), or stays NULL. */
static gboolean
choose_block(const TgwScenario *sc, const TgwVpcDef *vpc, guint block_len, TgwCidr *out,
             char **reuse, char **avoided)
{
    guint64 step = G_GUINT64_CONSTANT(1) << (32 - block_len);
    guint64 count = G_GUINT64_CONSTANT(1) << (block_len - CGNAT_LEN);
    g_autoptr(GPtrArray) tables = propagated_tables(vpc);

    g_clear_pointer(reuse, g_free);
    g_clear_pointer(avoided, g_free);
    for (guint64 i = 0; i < count; i++) {
        TgwCidr c = {(guint32) (CGNAT_ADDR + i * step), (guint8) block_len}, its = {0, 0};
        const TgwVpcDef *other = NULL;
        gboolean clash = FALSE;
        for (guint b = 0; b < vpc->cidr_blocks->len && !clash; b++)
            clash = tgw_cidr_overlaps(((TgwCidrBlockDef *) vpc->cidr_blocks->pdata[b])->cidr, c);
        if (clash)
            continue;
        other = reused_by(sc, vpc, c, &its);
        if (other != NULL && tables->len > 0) {
            if (*avoided == NULL) {
                g_autoptr(GPtrArray) theirs = propagated_tables(other);
                g_autoptr(GString) where = g_string_new(NULL);
                char a[TGW_CIDR_STRLEN], b[TGW_CIDR_STRLEN];
                for (guint t = 0; t < tables->len; t++) {
                    const TgwTgwTableDef *tb = tables->pdata[t];
                    if (g_ptr_array_find(theirs, tb, NULL))
                        g_string_append_printf(where, "%s%s/%s", where->len > 0 ? ", " : "",
                                               tb->tgw->name, tb->name);
                }
                if (where->len > 0)
                    *avoided = g_strdup_printf(
                        "%s, as it overlaps VPC '%s''s %s and both VPCs propagate into TGW table "
                        "%s: "
                        "for the same prefix one route would be shadowed, for an overlapping one "
                        "the longer prefix would take the traffic",
                        tgw_cidr_format(c, a), other->name, tgw_cidr_format(its, b), where->str);
                else
                    *avoided = g_strdup_printf(
                        "%s, as it overlaps VPC '%s''s %s on the same transit gateway and VPC '%s' "
                        "propagates its blocks: the reused block would become a route pointing at "
                        "one of the two",
                        tgw_cidr_format(c, a), other->name, tgw_cidr_format(its, b), vpc->name);
            }
            continue;
        }
        *out = c;
        if (other != NULL)
            *reuse = g_strdup(other->name);
        return TRUE;
    }
    return FALSE;
}

/* what the transit gateway makes of the chosen block, read off the candidate's routing as
 * tgwsim routes shows it: the tables it is propagated into and the route's state there */
static char *
tgw_note(const TgwScenario *candidate, const char *vpc_name, TgwCidr block)
{
    g_autoptr(TgwRouting) routing = tgw_routing_new(candidate, 0);
    g_autoptr(GString) out = g_string_new(NULL);
    const TgwVpcDef *vpc = tgw_scenario_find_vpc(candidate, vpc_name);

    for (guint t = 0; t < candidate->tgws->len; t++) {
        const TgwTgwDef *tgw = candidate->tgws->pdata[t];
        for (guint k = 0; k < tgw->tables->len; k++) {
            const TgwTgwTableDef *tb = tgw->tables->pdata[k];
            const GPtrArray *routes = tgw_routing_table_routes(routing, tb);
            for (guint r = 0; r < routes->len; r++) {
                const TgwRoute *rt = routes->pdata[r];
                if (rt->type != TGW_ROUTE_PROPAGATED || rt->block == NULL || rt->target == NULL ||
                    rt->target->vpc != vpc || !tgw_cidr_equal(rt->cidr, block))
                    continue;
                g_string_append_printf(out, "%s%s/%s: ", out->len > 0 ? "; " : "", tgw->name,
                                       tb->name);
                if (rt->state == TGW_ROUTE_SHADOWED && rt->shadowed_by != NULL &&
                    rt->shadowed_by->target != NULL)
                    g_string_append_printf(out, "shadowed by the route to '%s'",
                                           rt->shadowed_by->target->name);
                else
                    g_string_append(out, tgw_route_state_name(rt->state));
            }
        }
    }
    if (out->len == 0)
        return g_strdup("not propagated into any transit gateway route table");
    return g_strdup_printf("propagated into TGW table %s (keep CG-NAT space out of transit "
                           "gateway tables: turn the propagation off and add static routes for "
                           "the routable blocks)",
                           out->str);
}

typedef struct {
    const TgwScenario *sc;
    const char *data, *file;
    gsize len;
    const TgwClusterDef *cl;
    const TgwAdviseOptions *opts;
    GPtrArray *azs;
    guint bits; /* log2 of the subnets a block holds, rounded up */
    TgwAdviseOutcome done[SMALLEST_POD + 1];
    gboolean tried[SMALLEST_POD + 1];
    TgwCidr block[SMALLEST_POD + 1];
    char *reuse[SMALLEST_POD + 1];
    char *avoided[SMALLEST_POD + 1];
    char *tgw_note[SMALLEST_POD + 1];
    char *xml[SMALLEST_POD + 1]; /* the candidate documents */
} Search;

/* simulates the candidate with pod subnets of sub_len (once; later calls answer from the cache) */
static gboolean
probe(Search *s, guint sub_len, GError **error)
{
    g_autofree char *xml = NULL, *refused = NULL;
    g_autoptr(TgwScenario) candidate = NULL;

    if (s->tried[sub_len])
        return TRUE;
    if (!choose_block(s->sc, s->cl->vpc, sub_len - s->bits, &s->block[sub_len], &s->reuse[sub_len],
                      &s->avoided[sub_len])) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED, "no free /%u in 100.64.0.0/10",
                    sub_len - s->bits);
        return FALSE;
    }
    xml = custom_networking_xml(s->data, s->len, s->file, s->cl, s->block[sub_len], sub_len, s->azs,
                                error);
    if (xml == NULL)
        return FALSE;
    candidate = load_candidate(xml, s->file, &refused);
    if (candidate == NULL) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "the custom-networking candidate for cluster '%s' does not load: %s",
                    s->cl->name, refused);
        return FALSE;
    }
    if (!evaluate(candidate, s->cl->name, s->opts, &s->done[sub_len], error))
        return FALSE;
    s->tgw_note[sub_len] = tgw_note(candidate, s->cl->vpc->name, s->block[sub_len]);
    s->xml[sub_len] = g_steal_pointer(&xml);
    s->tried[sub_len] = TRUE;
    return TRUE;
}

static gboolean
holds(const Search *s, guint sub_len)
{
    return s->done[sub_len].holds == s->done[sub_len].runs;
}

/* moves a probed outcome into the candidate */
static void
take(Search *s, guint sub_len, TgwAdviseOutcome *to)
{
    *to = s->done[sub_len];
    s->done[sub_len].tightest = NULL;
    s->done[sub_len].band = NULL;
}

/* the price in pods per node: the cluster's first node group today and in the candidate's mode */
static void
set_max_pods(TgwAdviseCandidate *c, const TgwClusterDef *cl, TgwCniMode after)
{
    const TgwNodeGroupDef *ng = cl->node_groups->len > 0 ? cl->node_groups->pdata[0] : NULL;
    TgwCniDef cni;
    if (ng == NULL || ng->itype == NULL)
        return;
    cni = *cl->cni;
    cni.mode = after;
    c->max_pods_before = tgw_node_group_max_pods(ng, cl->cni);
    c->max_pods_after = tgw_node_group_max_pods(ng, &cni);
}

static TgwAdviseCandidate *
custom_networking(const TgwScenario *sc, const char *data, gsize len, const char *file,
                  const TgwClusterDef *cl, const TgwAdviseOptions *opts, GError **error)
{
    TgwAdviseCandidate *c = candidate_new();
    g_autoptr(GPtrArray) node_subnets = g_ptr_array_new();
    g_autoptr(GPtrArray) azs = NULL;
    g_autoptr(GArray) existing = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    Search s = {sc, data, file, len, cl, opts, NULL, 0, {{0}}, {0}, {{0}}, {0}, {0}, {0}, {0}};
    guint lo = LARGEST_BLOCK, hi = SMALLEST_POD, best = 0;
    gboolean ok = TRUE;

    c->kind = "custom-networking";
    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++)
            g_ptr_array_add(node_subnets, ng->subnets->pdata[k]);
    }
    azs = tgw_subnets_azs(node_subnets);
    set_max_pods(c, cl,
                 tgw_cni_mode_is_prefix(cl->cni->mode) ? TGW_CNI_CUSTOM_PREFIX : TGW_CNI_CUSTOM);
    if (cl->vpc->cidr_blocks->len >= MAX_VPC_BLOCKS) {
        c->why_not = g_strdup_printf("VPC '%s' already has %u CIDR blocks, the default quota of %d "
                                     "per VPC: a secondary block for pods needs a quota increase "
                                     "or a block removed",
                                     cl->vpc->name, cl->vpc->cidr_blocks->len, MAX_VPC_BLOCKS);
        return c;
    }
    if (azs->len == 0) {
        c->why_not = g_strdup_printf("cluster '%s' has no node subnets", cl->name);
        return c;
    }
    s.azs = azs;
    while ((1u << s.bits) < azs->len)
        s.bits++;
    /* the block holds one subnet per AZ and is itself at most a /16 */
    lo = LARGEST_BLOCK + s.bits;
    if (lo > hi) {
        c->why_not = g_strdup_printf("%u AZs need more than a /16 of /28 subnets", azs->len);
        return c;
    }
    for (guint b = 0; b < cl->vpc->cidr_blocks->len; b++)
        g_array_append_val(existing, ((TgwCidrBlockDef *) cl->vpc->cidr_blocks->pdata[b])->cidr);
    {
        TgwCidr probe_block = {CGNAT_ADDR, (guint8) LARGEST_BLOCK};
        g_autofree char *why = tgw_lint_cidr_restriction(probe_block, existing);
        if (why != NULL) {
            c->why_not = g_steal_pointer(&why);
            return c;
        }
    }
    c->possible = TRUE;
    /* bisection on the prefix length: the largest subnets first, then halve the interval */
    ok = probe(&s, lo, error);
    if (ok && !holds(&s, lo)) {
        best = lo; /* not even the largest holds: report it as the closest */
    } else if (ok) {
        /* lo holds; hi starts one past the smallest subnet, a bound that is never simulated */
        hi = SMALLEST_POD + 1;
        while (ok && hi - lo > 1) {
            guint mid = (lo + hi) / 2;
            ok = probe(&s, mid, error);
            if (ok && holds(&s, mid))
                lo = mid;
            else
                hi = mid;
        }
        best = lo;
        if (ok && hi <= SMALLEST_POD) {
            c->has_smaller = TRUE;
            c->smaller_len = hi;
            take(&s, hi, &c->smaller);
        }
    }
    if (ok) {
        c->subnet_len = best;
        c->n_subnets = azs->len;
        c->block = s.block[best];
        c->reuse = g_steal_pointer(&s.reuse[best]);
        c->avoided = g_steal_pointer(&s.avoided[best]);
        c->tgw_note = g_steal_pointer(&s.tgw_note[best]);
        c->scenario_xml = g_steal_pointer(&s.xml[best]);
        take(&s, best, &c->outcome);
    }
    for (guint i = 0; i <= SMALLEST_POD; i++) {
        c->simulated += s.tried[i];
        outcome_clear(&s.done[i]);
        g_free(s.reuse[i]);
        g_free(s.avoided[i]);
        g_free(s.tgw_note[i]);
        g_free(s.xml[i]);
    }
    if (!ok) {
        candidate_free(c);
        return NULL;
    }
    return c;
}

/* prefix delegation: a setting, no new address space; Nitro instances only (the VPC CNI falls
 * back to secondary IPs elsewhere) */
static TgwAdviseCandidate *
prefix_delegation(const TgwScenario *sc, const char *data, gsize len, const char *file,
                  const TgwClusterDef *cl, const TgwAdviseOptions *opts, GError **error)
{
    TgwAdviseCandidate *c = candidate_new();
    g_autofree char *xml = NULL, *refused = NULL;

    c->kind = "prefix-delegation";
    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        if (ng->itype != NULL && !ng->itype->nitro) {
            c->why_not = g_strdup_printf("node group '%s' runs %s, which is not a Nitro instance: "
                                         "prefix delegation needs Nitro",
                                         ng->name, ng->instance_type);
            return c;
        }
    }
    set_max_pods(c, cl,
                 tgw_cni_mode_is_custom(cl->cni->mode) ? TGW_CNI_CUSTOM_PREFIX : TGW_CNI_PREFIX);
    xml = prefix_xml(data, len, file, cl, error);
    if (xml == NULL) {
        candidate_free(c);
        return NULL;
    }
    if (!evaluate_xml(xml, file, cl->name, opts, &c->outcome, &refused, error)) {
        candidate_free(c);
        return NULL;
    }
    if (refused != NULL) {
        c->why_not = g_strdup_printf("the design checks refuse it in prefix mode: %s", refused);
        return c;
    }
    c->possible = TRUE;
    c->simulated = 1;
    c->scenario_xml = g_steal_pointer(&xml);
    return c;
}

/* a candidate document loaded as any scenario file is; NULL when the design checks refuse it,
 * with the first error finding in *refused */
static TgwScenario *
load_candidate(const char *xml, const char *file, char **refused)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    TgwScenario *candidate = tgw_scenario_load_memory(xml, strlen(xml), file, NULL, findings);
    for (guint i = 0; candidate == NULL && i < tgw_findings_len(findings) && *refused == NULL;
         i++) {
        const TgwFinding *f = tgw_findings_get(findings, i);
        if (f->severity == TGW_SEVERITY_ERROR)
            *refused = g_strdup(f->message);
    }
    if (candidate == NULL && *refused == NULL)
        *refused = g_strdup("the design checks refuse it");
    return candidate;
}

/* loads a candidate document and simulates it; when the design checks refuse it, *refused gets
 * the first error finding and the outcome is left alone. FALSE only when a run fails. */
static gboolean
evaluate_xml(const char *xml, const char *file, const char *cluster, const TgwAdviseOptions *o,
             TgwAdviseOutcome *out, char **refused, GError **error)
{
    g_autoptr(TgwScenario) candidate = load_candidate(xml, file, refused);
    return candidate == NULL || evaluate(candidate, cluster, o, out, error);
}

/* the warm-pool document: WARM_ENI_TARGET=0 and WARM_IP_TARGET=target, MINIMUM_IP_TARGET kept */
static char *
warm_xml(const char *data, gsize len, const char *file, const TgwClusterDef *cl, guint target,
         GError **error)
{
    g_autofree char *value = g_strdup_printf("%u", target);
    const char *attrs[] = {"warm-eni-target", "0", "warm-ip-target", value, NULL};
    g_autofree char *why = NULL;
    if (cl->cni->warm_ip_target > 0 || cl->cni->minimum_ip_target > 0)
        why = g_strdup_printf("warm pool: WARM_IP_TARGET %" G_GINT64_FORMAT " -> %u, the largest "
                              "that kept the headroom in every run",
                              cl->cni->warm_ip_target, target);
    else
        why = g_strdup_printf(
            "warm pool: WARM_IP_TARGET=%u with WARM_ENI_TARGET=0 (was %" G_GINT64_FORMAT
            "): each node keeps %u free addresses instead of a spare ENI's "
            "worth; the largest target that kept the headroom in every run",
            target, cl->cni->warm_eni_target, target);
    return settings_xml(data, len, file, cl, attrs, why, error);
}

/* warm-pool settings: no new address space, paid for in EC2 calls and pods that wait. The largest
 * WARM_IP_TARGET that holds, by bisection: a smaller target holds fewer idle addresses (rule 16),
 * so holding is monotone in it; 1 is tried first, and when even 1 fails nothing larger holds. */
static TgwAdviseCandidate *
warm_pool(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
          const TgwAdviseOptions *opts, GError **error)
{
    TgwAdviseCandidate *c = candidate_new();
    const TgwNodeGroupDef *ng = cl->node_groups->len > 0 ? cl->node_groups->pdata[0] : NULL;
    guint lo = 1, hi = 0;
    g_autofree char *best_xml = NULL;
    char *refused = NULL;

    c->kind = "warm-pool";
    c->minimum_ip_target = (guint) cl->cni->minimum_ip_target;
    if (ng == NULL || ng->itype == NULL) {
        c->why_not =
            g_strdup_printf("cluster '%s' has no node group of a known instance type", cl->name);
        return c;
    }
    set_max_pods(c, cl, cl->cni->mode);
    /* a target past one ENI's secondary addresses is no finer than WARM_ENI_TARGET=1 */
    hi = ng->itype->ipv4_per_eni - 1;
    best_xml = warm_xml(data, len, file, cl, lo, error);
    if (best_xml == NULL ||
        !evaluate_xml(best_xml, file, cl->name, opts, &c->outcome, &refused, error))
        goto fail;
    if (refused != NULL) {
        c->why_not = refused;
        return c;
    }
    c->possible = TRUE;
    c->simulated = 1;
    c->warm_ip_target = lo;
    if (tgw_advise_candidate_holds(c)) {
        hi++; /* one past the largest target: a bound that is never simulated */
        while (hi - lo > 1) {
            guint mid = (lo + hi) / 2;
            TgwAdviseOutcome o = {0};
            g_autofree char *xml = warm_xml(data, len, file, cl, mid, error);
            if (xml == NULL || !evaluate_xml(xml, file, cl->name, opts, &o, &refused, error)) {
                outcome_clear(&o);
                goto fail;
            }
            c->simulated++;
            if (refused == NULL && o.holds == o.runs) {
                lo = mid;
                outcome_clear(&c->outcome);
                c->outcome = o;
                g_free(best_xml);
                best_xml = g_steal_pointer(&xml);
            } else {
                hi = mid;
                outcome_clear(&c->looser);
                c->looser = o;
                c->has_looser = refused == NULL;
                g_clear_pointer(&refused, g_free);
            }
        }
        c->warm_ip_target = lo;
    }
    c->scenario_xml = g_steal_pointer(&best_xml);
    return c;
fail:
    g_free(refused);
    candidate_free(c);
    return NULL;
}

/* the VPC's free room: its routable blocks (CG-NAT ones left out) less every subnet, as the
 * fewest aligned blocks in address order */
static GArray *
free_room(const TgwVpcDef *vpc)
{
    g_autoptr(TgwPrefixSet) set = tgw_prefix_set_new();
    for (guint b = 0; b < vpc->cidr_blocks->len; b++) {
        TgwCidr c = ((TgwCidrBlockDef *) vpc->cidr_blocks->pdata[b])->cidr;
        if (!tgw_cidr_overlaps(c, TGW_CIDR_CGNAT))
            tgw_prefix_set_add(set, c);
    }
    for (guint i = 0; i < vpc->subnets->len; i++)
        tgw_prefix_set_remove(set, ((TgwSubnetDef *) vpc->subnets->pdata[i])->cidr);
    return tgw_prefix_set_to_cidrs(set);
}

/* the first n aligned /len blocks of the free room, address order; NULL when fewer fit */
static GArray *
fit_subnets(const GArray *room, guint len, guint n)
{
    g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    for (guint i = 0; i < room->len && out->len < n; i++) {
        TgwCidr r = g_array_index(room, TgwCidr, i);
        g_autoptr(GArray) parts = NULL;
        if (r.len > len)
            continue;
        parts = tgw_cidr_split(r, len, NULL);
        for (guint k = 0; parts != NULL && k < parts->len && out->len < n; k++)
            g_array_append_val(out, g_array_index(parts, TgwCidr, k));
    }
    return out->len == n ? g_steal_pointer(&out) : NULL;
}

/* the scenario file with one new subnet per AZ in the VPC's free room, in the route table of the
 * subnets it replaces, and the cluster moved onto them: its node groups (the pods come with
 * them), or under custom networking its ENIConfigs (the pods' subnets) */
static char *
routable_xml(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
             const GArray *subs, const GPtrArray *azs, GError **error)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(xmlDoc) doc = tgw_xml_read(data, len, file, findings);
    xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    xmlNode *vpc = root != NULL ? child_named(root, "vpc", cl->vpc->name) : NULL;
    xmlNode *cluster = root != NULL ? child_named(root, "eks-cluster", cl->name) : NULL;
    gboolean custom = tgw_cni_mode_is_custom(cl->cni->mode);
    const TgwNodeGroupDef *ng0 = cl->node_groups->pdata[0];
    const TgwSubnetDef *old = ng0->subnets->len > 0 ? ng0->subnets->pdata[0] : NULL;
    g_autoptr(GString) names = g_string_new(NULL);
    g_autofree char *note = NULL;
    char buf[TGW_CIDR_STRLEN];
    guint sub_len = g_array_index(subs, TgwCidr, 0).len;

    if (vpc == NULL || cluster == NULL) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: cannot build the routable-subnets candidate for cluster '%s'", file,
                    cl->name);
        return NULL;
    }
    if (custom && cl->cni->eni_configs->len > 0) {
        const TgwEniConfigDef *ec = cl->cni->eni_configs->pdata[0];
        old = ec->subnet != NULL ? ec->subnet : old;
    }
    note = g_strdup_printf("new routable subnets for the %s of cluster '%s', one /%u per AZ in the "
                           "VPC's free room (the smallest size that kept the headroom in every "
                           "run)",
                           custom ? "pods" : "nodes and pods", cl->name, sub_len);
    comment(vpc, note);
    for (guint a = 0; a < azs->len; a++) {
        xmlNode *sn = append(vpc, element("subnet"));
        g_autofree char *name = subnet_name(cl, custom ? "pods" : "nodes", azs->pdata[a]);
        set_prop(sn, "name", name);
        set_prop(sn, "az", azs->pdata[a]);
        set_prop(sn, "cidr", tgw_cidr_format(g_array_index(subs, TgwCidr, a), buf));
        g_string_append_printf(names, "%s%s", a > 0 ? " " : "", name);
    }
    /* the new subnets route like the ones they replace */
    if (old != NULL && old->table != NULL && old->table->line > 0) {
        for (xmlNode *t = vpc->children; t != NULL; t = t->next) {
            g_autofree char *was = NULL, *now = NULL;
            g_auto(GStrv) words = NULL;
            if (t->type != XML_ELEMENT_NODE || !tgw_xml_is(t, "route-table"))
                continue;
            was = tgw_xml_prop(t, "subnets");
            words = g_strsplit(was != NULL ? was : "", " ", -1);
            if (!g_strv_contains((const char *const *) words, old->name))
                continue;
            now = g_strdup_printf("%s %s", was, names->str);
            set_prop(t, "subnets", now);
        }
    }
    for (xmlNode *c = cluster->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!custom && tgw_xml_is(c, "node-group")) {
            g_autofree char *was = tgw_xml_prop(c, "subnets");
            g_autofree char *why =
                g_strdup_printf(" tgwsim advise: node group moved to the new subnets (was %s) ",
                                was != NULL ? was : "the cluster's");
            g_autofree char *indent = child_indent(cluster);
            xmlAddPrevSibling(c, xmlNewComment((const xmlChar *) why));
            xmlAddPrevSibling(c, xmlNewText((const xmlChar *) indent));
            set_prop(c, "subnets", names->str);
        }
        if (custom && tgw_xml_is(c, "vpc-cni")) {
            for (xmlNode *e = c->children; e != NULL; e = e->next) {
                g_autofree char *az = NULL;
                if (e->type != XML_ELEMENT_NODE || !tgw_xml_is(e, "eni-config"))
                    continue;
                az = tgw_xml_prop(e, "az");
                for (guint a = 0; a < azs->len; a++) {
                    if (g_strcmp0(az, azs->pdata[a]) == 0) {
                        g_autofree char *name = subnet_name(cl, "pods", azs->pdata[a]);
                        set_prop(e, "subnet", name);
                    }
                }
            }
        }
    }
    return dump(doc);
}

/* new routable subnets in the VPC's own free room, one per AZ of the cluster's nodes, the cluster
 * moved onto them; sized by bisection on the prefix length from the largest that fits */
static TgwAdviseCandidate *
routable_subnets(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
                 const TgwAdviseOptions *opts, GError **error)
{
    TgwAdviseCandidate *c = candidate_new();
    g_autoptr(GPtrArray) node_subnets = g_ptr_array_new();
    g_autoptr(GPtrArray) azs = NULL;
    g_autoptr(GArray) room = free_room(cl->vpc);
    g_autoptr(GString) free_text = g_string_new(NULL);
    g_autofree char *best_xml = NULL;
    guint lo = 0, hi = SMALLEST_POD + 1;
    char buf[TGW_CIDR_STRLEN];

    c->kind = "routable-subnets";
    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++)
            g_ptr_array_add(node_subnets, ng->subnets->pdata[k]);
    }
    azs = tgw_subnets_azs(node_subnets);
    for (guint i = 0; i < room->len; i++)
        g_string_append_printf(free_text, "%s%s", i > 0 ? " " : "",
                               tgw_cidr_format(g_array_index(room, TgwCidr, i), buf));
    c->free_room = g_strdup(free_text->str);
    set_max_pods(c, cl, cl->cni->mode);
    if (azs->len == 0) {
        c->why_not = g_strdup_printf("cluster '%s' has no node subnets", cl->name);
        return c;
    }
    for (lo = LARGEST_BLOCK; lo <= SMALLEST_POD; lo++) {
        g_autoptr(GArray) fit = fit_subnets(room, lo, azs->len);
        if (fit != NULL)
            break;
    }
    if (lo > SMALLEST_POD) {
        c->why_not =
            g_strdup_printf("VPC '%s' has no room for %u more /28 subnets (free: %s)",
                            cl->vpc->name, azs->len, room->len > 0 ? free_text->str : "none");
        return c;
    }
    c->possible = TRUE;
    c->n_subnets = azs->len;
    /* the largest that fits first; when even it fails, it is the closest */
    for (guint probe_len = lo;;) {
        g_autoptr(GArray) fit = fit_subnets(room, probe_len, azs->len);
        g_autofree char *xml = routable_xml(data, len, file, cl, fit, azs, error);
        TgwAdviseOutcome o = {0};
        char *refused = NULL;
        gboolean first = best_xml == NULL && c->subnet_len == 0;
        if (xml == NULL || !evaluate_xml(xml, file, cl->name, opts, &o, &refused, error)) {
            outcome_clear(&o);
            candidate_free(c);
            return NULL;
        }
        c->simulated += refused == NULL;
        if (refused != NULL) {
            g_free(refused);
            if (first) {
                c->possible = FALSE;
                c->why_not = g_strdup_printf("the design checks refuse new subnets in the free "
                                             "room (%s)",
                                             free_text->str);
                return c;
            }
            hi = probe_len;
        } else if (o.holds == o.runs || first) {
            outcome_clear(&c->outcome);
            c->outcome = o;
            c->subnet_len = probe_len;
            g_free(best_xml);
            best_xml = g_steal_pointer(&xml);
            g_array_set_size(c->subnets_cidrs, 0);
            g_array_append_vals(c->subnets_cidrs, fit->data, fit->len);
            if (o.holds != o.runs)
                break; /* not even the largest holds */
            lo = probe_len;
        } else {
            hi = probe_len;
            outcome_clear(&c->smaller);
            c->smaller = o;
            c->has_smaller = TRUE;
            c->smaller_len = probe_len;
        }
        if (hi - lo <= 1)
            break;
        probe_len = (lo + hi) / 2;
    }
    if (c->has_smaller && c->smaller_len != c->subnet_len + 1)
        c->has_smaller = FALSE;
    c->scenario_xml = g_steal_pointer(&best_xml);
    return c;
}

/* custom networking on the ENIConfigs the cluster already declares (a setting: their pod subnets
 * exist), when every AZ of its nodes has one; node groups whose kubelet would admit more pods
 * than the secondary ENIs address get the lower max-pods */
static TgwAdviseCandidate *
existing_eniconfigs(const char *data, gsize len, const char *file, const TgwClusterDef *cl,
                    const TgwAdviseOptions *opts, GError **error)
{
    TgwAdviseCandidate *c = candidate_new();
    g_autoptr(GPtrArray) node_subnets = g_ptr_array_new();
    g_autoptr(GPtrArray) azs = NULL;
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root = NULL, *cluster = NULL, *cni = NULL;
    gboolean prefix = tgw_cni_mode_is_prefix(cl->cni->mode);
    g_autofree char *note = NULL, *indent = NULL, *xml = NULL;
    char *refused = NULL;

    c->kind = "existing-eniconfigs";
    for (guint i = 0; i < cl->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
        for (guint k = 0; k < ng->subnets->len; k++)
            g_ptr_array_add(node_subnets, ng->subnets->pdata[k]);
    }
    azs = tgw_subnets_azs(node_subnets);
    set_max_pods(c, cl, prefix ? TGW_CNI_CUSTOM_PREFIX : TGW_CNI_CUSTOM);
    for (guint a = 0; a < azs->len; a++) {
        if (tgw_cni_def_eni_config_subnet(cl->cni, azs->pdata[a]) == NULL) {
            c->why_not = g_strdup_printf("cluster '%s' declares no ENIConfig for %s", cl->name,
                                         (const char *) azs->pdata[a]);
            return c;
        }
    }
    doc = tgw_xml_read(data, len, file, findings);
    root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    cluster = root != NULL ? child_named(root, "eks-cluster", cl->name) : NULL;
    for (xmlNode *n = cluster != NULL ? cluster->children : NULL; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (tgw_xml_is(n, "vpc-cni"))
            cni = n;
        if (tgw_xml_is(n, "node-group")) {
            g_autofree char *ng_name = tgw_xml_prop(n, "name");
            set_custom_max_pods(cluster, n, cl, ng_name);
        }
    }
    if (cni == NULL) {
        g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                    "%s: cannot build the existing-ENIConfig candidate for cluster '%s'", file,
                    cl->name);
        candidate_free(c);
        return NULL;
    }
    note = g_strdup_printf(" tgwsim advise: custom networking on the ENIConfigs already declared "
                           "(mode was %s): pods take their addresses from their subnets ",
                           tgw_cni_mode_name(cl->cni->mode));
    indent = child_indent(cluster);
    xmlAddPrevSibling(cni, xmlNewComment((const xmlChar *) note));
    xmlAddPrevSibling(cni, xmlNewText((const xmlChar *) indent));
    set_prop(cni, "mode", prefix ? "custom+prefix" : "custom");
    xml = dump(doc);
    if (!evaluate_xml(xml, file, cl->name, opts, &c->outcome, &refused, error)) {
        candidate_free(c);
        return NULL;
    }
    if (refused != NULL) {
        c->why_not = refused;
        return c;
    }
    c->possible = TRUE;
    c->simulated = 1;
    c->scenario_xml = g_steal_pointer(&xml);
    return c;
}

gboolean
tgw_advise_candidate_holds(const TgwAdviseCandidate *c)
{
    return c->possible && c->outcome.runs > 0 && c->outcome.holds == c->outcome.runs;
}

const TgwAdviseCandidate *
tgw_advise_cluster_fix(const TgwAdviseCluster *c)
{
    const TgwAdviseCandidate *best = c->candidates->len > 0 ? c->candidates->pdata[0] : NULL;
    return c->needs_fix && best != NULL && tgw_advise_candidate_holds(best) ? best : NULL;
}

/* a change of settings only: no new address space */
static gboolean
is_setting(const TgwAdviseCandidate *c)
{
    return g_str_equal(c->kind, "warm-pool") || g_str_equal(c->kind, "prefix-delegation") ||
           g_str_equal(c->kind, "existing-eniconfigs");
}

/* those that hold first; then settings before address space, the cheaper setting first;
 * otherwise the order they were made in */
static gint
rank(gconstpointer a, gconstpointer b, const char *prefer)
{
    const TgwAdviseCandidate *x = *(TgwAdviseCandidate *const *) a;
    const TgwAdviseCandidate *y = *(TgwAdviseCandidate *const *) b;
    int hx = tgw_advise_candidate_holds(x), hy = tgw_advise_candidate_holds(y);
    gboolean sx = is_setting(x), sy = is_setting(y);
    if (hx != hy)
        return hy - hx;
    /* among those that hold (or those that do not), the kind the user asks for first */
    if (prefer != NULL && g_str_equal(y->kind, prefer) != g_str_equal(x->kind, prefer))
        return (int) g_str_equal(y->kind, prefer) - (int) g_str_equal(x->kind, prefer);
    /* settings before new address space; among settings that hold, the cheaper: fewer pods
     * waiting for an address, then fewer EC2 calls */
    if (sx != sy)
        return (int) sy - (int) sx;
    if (hx && sx && x->outcome.waited_per_run != y->outcome.waited_per_run)
        return x->outcome.waited_per_run > y->outcome.waited_per_run ? 1 : -1;
    if (hx && sx && x->outcome.ec2_per_hour != y->outcome.ec2_per_hour)
        return x->outcome.ec2_per_hour > y->outcome.ec2_per_hour ? 1 : -1;
    return 0;
}

/* the fix's document (fixed, loaded) with an <expect> per subnet of the cluster, at the headroom,
 * so that tgwsim test proves the fix in CI from then on. The expectations go at the end of the
 * document: every other element keeps its line, so fixed stands for the new text too */
static char *
with_expectations(const char *xml, const char *file, const TgwScenario *fixed, const char *cluster,
                  double headroom)
{
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) watched = NULL;
    g_autofree char *note = NULL;
    g_autofree char *share = NULL;
    xmlNode *root = NULL;

    doc = tgw_xml_read(xml, strlen(xml), file, findings);
    root = xmlDocGetRootElement(doc);
    watched = watched_subnets(tgw_scenario_find_cluster(fixed, cluster));
    /* "%g": 20 % stays "20%", 12.5 % "12.5%" */
    share = g_strdup_printf("%g%%", headroom * 100.0);
    note = g_strdup_printf("each subnet of cluster '%s' keeps %s free: the fix, proven by tgwsim "
                           "test from now on",
                           cluster, share);
    comment(root, note);
    for (guint i = 0; i < watched->len; i++) {
        const TgwSubnetDef *sn = watched->pdata[i];
        xmlNode *e = append(root, element("expect"));
        g_autofree char *ref = g_strdup_printf("%s/%s", sn->vpc->name, sn->name);
        g_autofree char *name = g_strdup_printf("advise: %s keeps %s free", ref, share);
        set_prop(e, "name", name);
        set_prop(e, "subnet", ref);
        set_prop(e, "min-free", share);
    }
    return dump(doc);
}

GPtrArray *
tgw_advise(const TgwScenario *sc, const char *data, gsize len, const char *file,
           const char *cluster_name, const TgwAdviseOptions *options, GError **error)
{
    g_autoptr(GPtrArray) out =
        g_ptr_array_new_with_free_func((GDestroyNotify) tgw_advise_cluster_free);
    /* the design each cluster is judged in: the file, then the file with the fixes found for the
     * clusters before (so that two clusters never take the same block, and the last fix's
     * document carries them all) */
    g_autoptr(TgwScenario) owned = NULL;
    const TgwScenario *base = sc;
    const char *base_data = data;
    gsize base_len = len;
    gboolean fixed_before = FALSE;

    for (guint i = 0; i < sc->clusters->len; i++) {
        const char *name = ((const TgwClusterDef *) sc->clusters->pdata[i])->name;
        const TgwClusterDef *cl = NULL;
        const TgwAdviseCandidate *fix = NULL;
        TgwAdviseCluster *ac = NULL;
        if (cluster_name != NULL && !g_str_equal(name, cluster_name))
            continue;
        cl = tgw_scenario_find_cluster(base, name);
        ac = g_new0(TgwAdviseCluster, 1);
        ac->cluster = g_strdup(name);
        ac->after_fixes = fixed_before;
        ac->candidates = g_ptr_array_new_with_free_func(candidate_free);
        g_ptr_array_add(out, ac);
        if (!evaluate(base, name, options, &ac->today, error))
            return NULL;
        ac->needs_fix = ac->today.holds < ac->today.runs;
        if (ac->needs_fix) {
            TgwAdviseCandidate *c = warm_pool(base_data, base_len, file, cl, options, error);
            if (c == NULL)
                return NULL;
            g_ptr_array_add(ac->candidates, c);
        }
        if (ac->needs_fix && !tgw_cni_mode_is_prefix(cl->cni->mode)) {
            TgwAdviseCandidate *c =
                prefix_delegation(base, base_data, base_len, file, cl, options, error);
            if (c == NULL)
                return NULL;
            g_ptr_array_add(ac->candidates, c);
        }
        if (ac->needs_fix && !tgw_cni_mode_is_custom(cl->cni->mode) &&
            cl->cni->eni_configs->len > 0) {
            TgwAdviseCandidate *c =
                existing_eniconfigs(base_data, base_len, file, cl, options, error);
            if (c == NULL)
                return NULL;
            g_ptr_array_add(ac->candidates, c);
        }
        if (ac->needs_fix) {
            TgwAdviseCandidate *c = routable_subnets(base_data, base_len, file, cl, options, error);
            if (c == NULL)
                return NULL;
            g_ptr_array_add(ac->candidates, c);
        }
        if (ac->needs_fix) {
            TgwAdviseCandidate *c =
                custom_networking(base, base_data, base_len, file, cl, options, error);
            if (c == NULL)
                return NULL;
            g_ptr_array_add(ac->candidates, c);
        }
        /* g_ptr_array_sort is not stable: equal ranks keep their order through the index */
        for (guint k = 1; k < ac->candidates->len; k++) {
            for (guint j = k; j > 0 && rank(&ac->candidates->pdata[j - 1],
                                            &ac->candidates->pdata[j], options->prefer) > 0;
                 j--) {
                gpointer t = ac->candidates->pdata[j - 1];
                ac->candidates->pdata[j - 1] = ac->candidates->pdata[j];
                ac->candidates->pdata[j] = t;
            }
        }
        fix = tgw_advise_cluster_fix(ac);
        if (fix != NULL) {
            TgwAdviseCandidate *mine = (TgwAdviseCandidate *) fix; /* ac's, so ours to change */
            g_autofree char *refused = NULL;
            TgwScenario *next = load_candidate(fix->scenario_xml, file, &refused);
            if (next == NULL) {
                g_set_error(error, TGW_ERROR, TGW_ERROR_FAILED,
                            "the fix for cluster '%s' does not load: %s", name, refused);
                return NULL;
            }
            {
                char *proven =
                    with_expectations(fix->scenario_xml, file, next, name, options->headroom);
                g_free(mine->scenario_xml);
                mine->scenario_xml = proven;
            }
            /* the candidates keep no pointer into the design they were judged in */
            g_clear_pointer(&owned, tgw_scenario_free);
            owned = next;
            base = owned;
            base_data = fix->scenario_xml;
            base_len = strlen(fix->scenario_xml);
            fixed_before = TRUE;
        }
    }
    return g_steal_pointer(&out);
}
