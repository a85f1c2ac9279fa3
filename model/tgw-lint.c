/* tgw-lint.c: semantic checks of a loaded scenario (see tgw-lint.h). */
#include "tgw-lint.h"
#include "tgw-routing.h"

#include <string.h>

typedef struct {
    const TgwScenario *sc;
    TgwFindings *findings;
} Lint;

static void lint_add(Lint *l, TgwSeverity severity, int line, const char *code, const char *fmt,
                     ...) G_GNUC_PRINTF(5, 6);

static void
lint_add(Lint *l, TgwSeverity severity, int line, const char *code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;
    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    tgw_findings_add_literal(l->findings, severity, code, l->sc->file, line, message);
}

#define lint_error(l, line, code, ...)   lint_add(l, TGW_SEVERITY_ERROR, line, code, __VA_ARGS__)
#define lint_warning(l, line, code, ...) lint_add(l, TGW_SEVERITY_WARNING, line, code, __VA_ARGS__)

/* ---- CIDR rules ------------------------------------------------------------------------------ */

static const TgwCidr CIDR_10_0_15 = {0x0A000000u, 15};
static const TgwCidr CIDR_10_0_16 = {0x0A000000u, 16};
static const TgwCidr CIDR_172_31 = {0xAC1F0000u, 16};

typedef enum {
    RANGE_10,
    RANGE_172,
    RANGE_192,
    RANGE_198_19,
    RANGE_CGNAT,
    RANGE_LINK_LOCAL,
    RANGE_PUBLIC,
} Range;

static Range
classify(TgwCidr c)
{
    if (tgw_cidr_contains(TGW_CIDR_RFC1918_10, c))
        return RANGE_10;
    if (tgw_cidr_contains(TGW_CIDR_RFC1918_172, c))
        return RANGE_172;
    if (tgw_cidr_contains(TGW_CIDR_RFC1918_192, c))
        return RANGE_192;
    if (tgw_cidr_contains(TGW_CIDR_BENCH_198_19, c))
        return RANGE_198_19;
    if (tgw_cidr_contains(TGW_CIDR_CGNAT, c))
        return RANGE_CGNAT;
    if (tgw_cidr_overlaps(TGW_CIDR_LINK_LOCAL, c))
        return RANGE_LINK_LOCAL;
    return RANGE_PUBLIC;
}

static gboolean
is_rfc1918(TgwCidr c)
{
    return tgw_cidr_overlaps(TGW_CIDR_RFC1918_10, c) ||
           tgw_cidr_overlaps(TGW_CIDR_RFC1918_172, c) || tgw_cidr_overlaps(TGW_CIDR_RFC1918_192, c);
}

char *
tgw_lint_cidr_restriction(TgwCidr block, const GArray *existing)
{
    char b[TGW_CIDR_STRLEN], e[TGW_CIDR_STRLEN];
    Range rb = classify(block);

    tgw_cidr_format(block, b);
    if (rb == RANGE_LINK_LOCAL)
        return g_strdup_printf("%s is link-local (169.254.0.0/16), which no VPC can use", b);
    for (guint i = 0; i < existing->len; i++) {
        TgwCidr ex = g_array_index(existing, TgwCidr, i);
        Range re = classify(ex);
        tgw_cidr_format(ex, e);
        switch (re) {
        case RANGE_10:
            if (tgw_cidr_overlaps(TGW_CIDR_RFC1918_172, block) ||
                tgw_cidr_overlaps(TGW_CIDR_RFC1918_192, block))
                return g_strdup_printf("the VPC has %s in 10.0.0.0/8, so no other RFC 1918 range "
                                       "(%s) can be added; use another 10.0.0.0/8 block or "
                                       "100.64.0.0/10",
                                       e, b);
            if (tgw_cidr_contains(CIDR_10_0_15, ex) && tgw_cidr_overlaps(CIDR_10_0_16, block))
                return g_strdup_printf("the VPC has %s in 10.0.0.0/15, so nothing from "
                                       "10.0.0.0/16 (%s) can be added",
                                       e, b);
            break;
        case RANGE_172:
            if (tgw_cidr_overlaps(TGW_CIDR_RFC1918_10, block) ||
                tgw_cidr_overlaps(TGW_CIDR_RFC1918_192, block))
                return g_strdup_printf("the VPC has %s in 172.16.0.0/12, so no other RFC 1918 "
                                       "range (%s) can be added; use another 172.16.0.0/12 block "
                                       "or 100.64.0.0/10",
                                       e, b);
            if (tgw_cidr_overlaps(CIDR_172_31, block))
                return g_strdup_printf("the VPC has %s in 172.16.0.0/12, so %s from 172.31.0.0/16 "
                                       "cannot be added",
                                       e, b);
            break;
        case RANGE_192:
            if (tgw_cidr_overlaps(TGW_CIDR_RFC1918_10, block) ||
                tgw_cidr_overlaps(TGW_CIDR_RFC1918_172, block))
                return g_strdup_printf("the VPC has %s in 192.168.0.0/16, so no other RFC 1918 "
                                       "range (%s) can be added; use 100.64.0.0/10",
                                       e, b);
            break;
        case RANGE_198_19:
            if (is_rfc1918(block))
                return g_strdup_printf("the VPC has %s in 198.19.0.0/16, so no RFC 1918 range (%s) "
                                       "can be added",
                                       e, b);
            break;
        case RANGE_CGNAT:
        case RANGE_PUBLIC:
            if (is_rfc1918(block))
                return g_strdup_printf(
                    "the VPC's %s is %s, so no RFC 1918 range (%s) can be "
                    "added: the order matters, make the RFC 1918 block the "
                    "primary and add 100.64.0.0/10 blocks after it",
                    e, re == RANGE_CGNAT ? "in 100.64.0.0/10" : "publicly routable", b);
            break;
        case RANGE_LINK_LOCAL:
            break;
        }
        if (rb == RANGE_198_19)
            return g_strdup_printf("%s is in 198.19.0.0/16, which cannot be added next to %s "
                                   "(despite the EKS guide, see aws-eks-best-practices#633); use "
                                   "100.64.0.0/10 for pods",
                                   b, e);
    }
    return NULL;
}

static void
lint_vpc_cidrs(Lint *l, const TgwVpcDef *vpc)
{
    g_autoptr(GArray) existing = g_array_new(FALSE, FALSE, sizeof(TgwCidr));
    char buf[TGW_CIDR_STRLEN], other[TGW_CIDR_STRLEN];

    for (guint i = 0; i < vpc->cidr_blocks->len; i++) {
        const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[i];
        g_autofree char *why = NULL;
        gboolean overlap = FALSE;

        tgw_cidr_format(b->cidr, buf);
        if (b->cidr.len < 16 || b->cidr.len > 28)
            lint_error(l, b->line, "VPC-CIDR-SIZE",
                       "VPC '%s': block %s is a /%u; VPC blocks are /16 to /28", vpc->name, buf,
                       b->cidr.len);
        for (guint j = 0; j < existing->len; j++) {
            TgwCidr ex = g_array_index(existing, TgwCidr, j);
            if (tgw_cidr_overlaps(ex, b->cidr)) {
                lint_error(l, b->line, "VPC-CIDR-OVERLAP",
                           "VPC '%s': block %s overlaps its block %s; the blocks of a VPC must "
                           "not overlap",
                           vpc->name, buf, tgw_cidr_format(ex, other));
                overlap = TRUE;
            }
        }
        if (!overlap) {
            why = tgw_lint_cidr_restriction(b->cidr, existing);
            if (why != NULL)
                lint_error(l, b->line, "VPC-CIDR-RESTRICTED", "VPC '%s': %s", vpc->name, why);
        }
        /* rule 6 of the association rules: not the same as or larger than a route's destination */
        if (!b->primary) {
            for (guint t = 0; t < vpc->tables->len; t++) {
                const TgwVpcTableDef *table = vpc->tables->pdata[t];
                for (guint r = 0; r < table->routes->len; r++) {
                    const TgwVpcRouteDef *route = table->routes->pdata[r];
                    if (tgw_cidr_contains(b->cidr, route->cidr))
                        lint_error(l, b->line, "VPC-CIDR-ROUTE-CONFLICT",
                                   "VPC '%s': block %s is the same as or larger than the "
                                   "destination %s of a route in table '%s' (line %d); AWS refuses "
                                   "such an association: use a block smaller than the route",
                                   vpc->name, buf, tgw_cidr_format(route->cidr, other), table->name,
                                   route->line);
                }
            }
        }
        g_array_append_val(existing, b->cidr);
    }
    if (vpc->cidr_blocks->len > 50)
        lint_error(l, vpc->line, "VPC-CIDR-QUOTA",
                   "VPC '%s' has %u IPv4 CIDR blocks; AWS allows at most 50 (5 by default)",
                   vpc->name, vpc->cidr_blocks->len);
    else if (vpc->cidr_blocks->len > 5)
        lint_warning(l, vpc->line, "VPC-CIDR-QUOTA",
                     "VPC '%s' has %u IPv4 CIDR blocks; the default quota is 5 (the primary "
                     "included): request an increase before deploying",
                     vpc->name, vpc->cidr_blocks->len);
}

static void
lint_subnets(Lint *l, const TgwVpcDef *vpc)
{
    char buf[TGW_CIDR_STRLEN], other[TGW_CIDR_STRLEN];

    for (guint i = 0; i < vpc->subnets->len; i++) {
        const TgwSubnetDef *s = vpc->subnets->pdata[i];
        gboolean inside = FALSE;

        tgw_cidr_format(s->cidr, buf);
        if (s->cidr.len < 16 || s->cidr.len > 28)
            lint_error(l, s->line, "SUBNET-SIZE",
                       "subnet '%s': %s is a /%u; subnets are /16 to /28", s->name, buf,
                       s->cidr.len);
        for (guint j = 0; j < vpc->cidr_blocks->len && !inside; j++) {
            const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[j];
            inside = tgw_cidr_contains(b->cidr, s->cidr) && b->added_ms <= s->added_ms;
        }
        if (!inside) {
            g_autoptr(GString) blocks = g_string_new(NULL);
            for (guint j = 0; j < vpc->cidr_blocks->len; j++) {
                const TgwCidrBlockDef *b = vpc->cidr_blocks->pdata[j];
                g_string_append_printf(blocks, "%s%s", j > 0 ? ", " : "",
                                       tgw_cidr_format(b->cidr, other));
            }
            lint_error(l, s->line, "SUBNET-OUTSIDE-VPC",
                       "subnet '%s' (%s) is not inside any CIDR block of VPC '%s' (%s)%s; use an "
                       "address range of the VPC or add a block that holds it",
                       s->name, buf, vpc->name, blocks->str,
                       s->added_ms > 0 ? " at the time it is added" : "");
        }
        for (guint j = 0; j < i; j++) {
            const TgwSubnetDef *t = vpc->subnets->pdata[j];
            if (tgw_cidr_overlaps(s->cidr, t->cidr))
                lint_error(l, s->line, "SUBNET-OVERLAP",
                           "subnet '%s' (%s) overlaps subnet '%s' (%s, line %d); subnets of a VPC "
                           "must not overlap",
                           s->name, buf, t->name, tgw_cidr_format(t->cidr, other), t->line);
        }
    }
}

/* ---- placement ------------------------------------------------------------------------------- */

/* two subnets of the list in one AZ: returns the first such pair */
static gboolean
find_same_az(const GPtrArray *subnets, const TgwSubnetDef **a, const TgwSubnetDef **b)
{
    for (guint i = 0; i < subnets->len; i++) {
        for (guint j = 0; j < i; j++) {
            const TgwSubnetDef *x = subnets->pdata[j], *y = subnets->pdata[i];
            if (g_str_equal(x->az, y->az)) {
                *a = x;
                *b = y;
                return TRUE;
            }
        }
    }
    return FALSE;
}

static void
lint_attachments(Lint *l)
{
    for (guint i = 0; i < l->sc->attachments->len; i++) {
        const TgwAttachmentDef *a = l->sc->attachments->pdata[i];
        const TgwSubnetDef *x = NULL, *y = NULL;

        if (a->kind != TGW_ATTACHMENT_VPC)
            continue;
        if (find_same_az(a->subnets, &x, &y))
            lint_error(l, a->line, "TGW-ATTACHMENT-AZ",
                       "attachment '%s' names subnets '%s' and '%s', both in %s; a VPC attachment "
                       "takes exactly one subnet per AZ",
                       a->name, x->name, y->name, x->az);
        for (guint j = 0; j < i; j++) {
            const TgwAttachmentDef *b = l->sc->attachments->pdata[j];
            if (b->kind == TGW_ATTACHMENT_VPC && b->vpc == a->vpc && b->tgw == a->tgw &&
                a->tgw != NULL)
                lint_error(l, a->line, "TGW-ATTACHMENT-DUPLICATE",
                           "VPC '%s' is attached to transit gateway '%s' twice ('%s' at line %d "
                           "and '%s'); a transit gateway takes one attachment per VPC "
                           "(DuplicateTransitGatewayAttachment)",
                           a->vpc->name, a->tgw->name, b->name, b->line, a->name);
        }
    }
}

static void
lint_consumers(Lint *l)
{
    char buf[TGW_CIDR_STRLEN];

    for (guint i = 0; i < l->sc->consumers->len; i++) {
        const TgwConsumerDef *c = l->sc->consumers->pdata[i];
        const TgwSubnetDef *x = NULL, *y = NULL;
        g_autoptr(GPtrArray) azs = tgw_subnets_azs(c->subnets);

        switch (c->kind) {
        case TGW_CONSUMER_ALB:
            for (guint j = 0; j < c->subnets->len; j++) {
                const TgwSubnetDef *s = c->subnets->pdata[j];
                if (s->cidr.len > 27)
                    lint_error(l, c->line, "ALB-SUBNET-SIZE",
                               "load balancer '%s': subnet '%s' is %s; an ALB needs subnets of "
                               "/27 or larger (with at least 8 free addresses)",
                               c->name, s->name, tgw_cidr_format(s->cidr, buf));
            }
            if (azs->len < 2)
                lint_error(l, c->line, "LB-AZS",
                           "load balancer '%s' has subnets in %u AZ; an ALB needs subnets in at "
                           "least two AZs",
                           c->name, azs->len);
            G_GNUC_FALLTHROUGH;
        case TGW_CONSUMER_NLB:
        case TGW_CONSUMER_ENDPOINT:
        case TGW_CONSUMER_MSK:
            if (find_same_az(c->subnets, &x, &y))
                lint_error(l, c->line, "SUBNET-SAME-AZ",
                           "%s '%s' names subnets '%s' and '%s', both in %s; it takes one subnet "
                           "per AZ",
                           tgw_consumer_kind_name(c->kind), c->name, x->name, y->name, x->az);
            break;
        case TGW_CONSUMER_RDS:
            if (c->multi_az && azs->len < 2)
                lint_error(l, c->line, "RDS-AZS",
                           "RDS '%s' is Multi-AZ but its subnets cover one AZ; give subnets in "
                           "two AZs",
                           c->name);
            break;
        default:
            break;
        }
        if (c->kind == TGW_CONSUMER_MSK && c->subnets->len > 0 && c->count % c->subnets->len != 0)
            lint_error(l, c->line, "MSK-BROKERS",
                       "MSK cluster '%s' has %u brokers over %u subnets; MSK needs a multiple of "
                       "the number of client subnets (e.g. %u)",
                       c->name, c->count, c->subnets->len,
                       (c->count / c->subnets->len + 1) * c->subnets->len);
        if (c->start_ms > l->sc->horizon_ms)
            lint_warning(l, c->line, "CONSUMER-WINDOW",
                         "%s '%s' starts after the horizon and never takes an address",
                         tgw_consumer_kind_name(c->kind), c->name);
    }
}

/* ---- EKS ------------------------------------------------------------------------------------- */

guint
tgw_node_group_kubelet_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni)
{
    TgwMaxPodsOptions opts = {FALSE, FALSE, cni != NULL ? cni->max_eni : 0, FALSE};
    if (ng->max_pods > 0)
        return ng->max_pods;
    if (ng->max_pods_auto && ng->itype != NULL && cni != NULL) {
        /* what max-pods-calculator.sh prints for this mode, with its 110/250 cap */
        TgwMaxPodsOptions calc = {tgw_cni_mode_is_custom(cni->mode),
                                  tgw_cni_mode_is_prefix(cni->mode), cni->max_eni, TRUE};
        return tgw_instance_max_pods(ng->itype, &calc, NULL);
    }
    if (ng->itype == NULL)
        return 110;
    /* the bootstrap default comes from eni-max-pods.txt: the default mode's formula */
    opts.max_eni = 0;
    return tgw_instance_max_pods(ng->itype, &opts, NULL);
}

guint
tgw_node_group_cni_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni)
{
    TgwMaxPodsOptions opts = {tgw_cni_mode_is_custom(cni->mode), tgw_cni_mode_is_prefix(cni->mode),
                              cni->max_eni, FALSE};
    if (ng->itype == NULL)
        return 0;
    return tgw_instance_max_pods(ng->itype, &opts, NULL);
}

guint
tgw_node_group_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni)
{
    return MIN(tgw_node_group_kubelet_max_pods(ng, cni), tgw_node_group_cni_max_pods(ng, cni));
}

/* warm-pool settings that leave pods without addresses (vpc-cni.md rules 10, 12 and 16) */
static void
lint_warm_targets(Lint *l, const TgwClusterDef *c, const TgwCniDef *cni, const char *when)
{
    gboolean prefix = tgw_cni_mode_is_prefix(cni->mode);

    if (cni->minimum_ip_target > 0 && cni->warm_ip_target == 0) {
        /* short = max(0, MINIMUM_IP_TARGET - TotalIPs): the pool stops growing at the minimum
         * (rounded up to whole /28s under prefix delegation) */
        gint64 held = prefix ? (cni->minimum_ip_target + 15) / 16 * 16 : cni->minimum_ip_target;
        for (guint i = 0; i < c->node_groups->len; i++) {
            const TgwNodeGroupDef *ng = c->node_groups->pdata[i];
            guint pods = 0;
            if (ng->itype == NULL)
                continue;
            pods = tgw_node_group_max_pods(ng, cni);
            if (held < (gint64) pods) {
                lint_warning(l, cni->line, "WARM-TARGETS",
                             "cluster '%s'%s sets minimum-ip-target=%" G_GINT64_FORMAT
                             " without warm-ip-target: ipamd then holds %" G_GINT64_FORMAT
                             " addresses per node and never asks for more, so on node group "
                             "'%s' (up to %u pods) the pods beyond that wait for an IP; set "
                             "warm-ip-target too, e.g. warm-ip-target=\"2\"",
                             c->name, when, cni->minimum_ip_target, held, ng->name, pods);
                break;
            }
        }
    }
    if (prefix && cni->warm_prefix_target == 0 && cni->warm_ip_target == 0 &&
        cni->minimum_ip_target == 0)
        lint_warning(l, cni->line, "WARM-TARGETS",
                     "cluster '%s'%s uses prefix delegation with warm-prefix-target=0 and no "
                     "warm-ip-target or minimum-ip-target, which the VPC CNI documents as "
                     "unsupported: a node asks for a new /28 only when it has no free address "
                     "left, so pods wait for it; use warm-prefix-target=\"1\" or a warm-ip-target",
                     c->name, when);
}

char *
tgw_lint_mode_not_applicable(const TgwScenario *sc, TgwCniMode mode)
{
    if (!tgw_cni_mode_is_custom(mode))
        return NULL;
    for (guint c = 0; c < sc->clusters->len; c++) {
        const TgwClusterDef *cl = sc->clusters->pdata[c];
        for (guint i = 0; i < cl->node_groups->len; i++) {
            const TgwNodeGroupDef *ng = cl->node_groups->pdata[i];
            g_autoptr(GPtrArray) azs = tgw_subnets_azs(ng->subnets);
            for (guint j = 0; j < azs->len; j++) {
                const char *az = azs->pdata[j];
                if (tgw_node_group_eni_config_subnet(cl->cni, ng, az) != NULL)
                    continue;
                return g_strdup_printf("cluster '%s' has no eni-config for %s, where node group "
                                       "'%s' has nodes: with custom networking no node there "
                                       "becomes Ready",
                                       cl->name, az, ng->name);
            }
        }
    }
    return NULL;
}

static void
lint_cni(Lint *l, const TgwClusterDef *c, const TgwCniDef *cni, const char *when)
{
    lint_warm_targets(l, c, cni, when);
    for (guint i = 0; i < cni->eni_configs->len; i++) {
        const TgwEniConfigDef *ec = cni->eni_configs->pdata[i];
        if (ec->subnet != NULL && !g_str_equal(ec->subnet->az, ec->az))
            lint_error(l, ec->line, "ENICONFIG-SUBNET-AZ",
                       "eni-config for AZ '%s' names subnet '%s', which is in %s; the ENIConfig "
                       "subnet must be in the node's AZ",
                       ec->az, ec->subnet->name, ec->subnet->az);
    }
    for (guint i = 0; i < c->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = c->node_groups->pdata[i];
        g_autoptr(GPtrArray) azs = tgw_subnets_azs(ng->subnets);

        /* a label that names no ENIConfig: ipamd finds none, and the node never becomes Ready */
        for (guint k = 0; ng->eni_configs != NULL && ng->eni_configs[k] != NULL; k++) {
            gboolean found = FALSE;
            for (guint e = 0; e < cni->eni_configs->len && !found; e++)
                found = g_strcmp0(((const TgwEniConfigDef *) cni->eni_configs->pdata[e])->name,
                                  ng->eni_configs[k]) == 0;
            if (!found)
                lint_error(l, ng->line, "ENICONFIG-LABEL-UNKNOWN",
                           "node group '%s' labels its nodes with eni-config '%s', but cluster "
                           "'%s'%s has no <eni-config name=\"%s\">; ipamd finds no ENIConfig "
                           "for them under custom networking: add it, or fix the name",
                           ng->name, ng->eni_configs[k], c->name, when, ng->eni_configs[k]);
        }
        if (tgw_cni_mode_is_custom(cni->mode)) {
            for (guint j = 0; j < azs->len; j++) {
                if (ng->eni_configs != NULL &&
                    tgw_node_group_eni_config_subnet(cni, ng, azs->pdata[j]) == NULL)
                    lint_error(l, cni->line, "ENICONFIG-MISSING",
                               "cluster '%s' uses custom networking%s, but node group '%s' has "
                               "nodes in %s and none of the eni-configs it names (%s) is in that "
                               "AZ; such nodes never become Ready: name one of that AZ",
                               c->name, when, ng->name, (const char *) azs->pdata[j],
                               ng->eni_configs[0]);
                else if (ng->eni_configs == NULL &&
                         tgw_cni_def_eni_config_subnet(cni, azs->pdata[j]) == NULL)
                    lint_error(l, cni->line, "ENICONFIG-MISSING",
                               "cluster '%s' uses custom networking%s, but node group '%s' has "
                               "nodes in %s and there is no eni-config for it; such nodes never "
                               "become Ready (\"Failed to attach any ENIs for custom "
                               "networking\"): add <eni-config az=\"%s\" subnet=\"...\"/>",
                               c->name, when, ng->name, (const char *) azs->pdata[j],
                               (const char *) azs->pdata[j]);
            }
        }
        if (ng->itype == NULL)
            continue;
        if (tgw_cni_mode_is_prefix(cni->mode) && !ng->itype->nitro)
            lint_warning(l, cni->line, "PREFIX-NOT-NITRO",
                         "cluster '%s' asks for prefix delegation%s, but node group '%s' runs "
                         "%s, which is not a Nitro instance; the VPC CNI falls back to secondary "
                         "IPs there",
                         c->name, when, ng->name, ng->instance_type);
        if (tgw_cni_mode_is_custom(cni->mode)) {
            guint kubelet = tgw_node_group_kubelet_max_pods(ng, cni);
            guint serve = tgw_node_group_cni_max_pods(ng, cni);
            if (kubelet > serve)
                lint_warning(l, ng->line, "MAXPODS-CUSTOM",
                             "node group '%s' runs %s with kubelet max-pods %u%s, but under custom "
                             "networking%s its secondary ENIs serve only %u pods; the rest would "
                             "hang in ContainerCreating (\"failed to assign an IP address to "
                             "container\"): set max-pods=\"%u\"",
                             ng->name, ng->instance_type, kubelet,
                             ng->max_pods > 0 ? ""
                                              : " (the default-mode value, max-pods is not set)",
                             when, serve, serve);
        }
    }
}

/* scale-node-group actions, in time order: a new min/max must hold the desired size it states */
static void
lint_node_group_scaling(Lint *l, const TgwNodeGroupDef *ng)
{
    guint min = ng->min, max = ng->max;

    for (guint a = 0; a < l->sc->actions->len; a++) {
        const TgwActionDef *act = l->sc->actions->pdata[a];
        if (act->kind != TGW_ACTION_SCALE_NODE_GROUP || act->node_group != ng)
            continue;
        if (act->min != G_MAXUINT)
            min = act->min;
        if (act->max != G_MAXUINT)
            max = act->max;
        /* without desired= the autoscaler's current size is kept within the new bounds */
        if (min > max ||
            (act->desired != G_MAXUINT && (act->desired < min || act->desired > max))) {
            g_autofree char *desired =
                act->desired != G_MAXUINT ? g_strdup_printf("%u", act->desired) : g_strdup("-");
            lint_error(l, act->line, "NODEGROUP-SIZE",
                       "scale-node-group: node group '%s' would have min %u, desired %s, max %u "
                       "(values not given here are the earlier ones); they must satisfy min <= "
                       "desired <= max",
                       ng->name, min, desired, max);
        }
    }
}

static void
lint_clusters(Lint *l)
{
    gint64 total_nodes = 0;
    gint64 total_pods = 0;

    for (guint i = 0; i < l->sc->clusters->len; i++) {
        const TgwClusterDef *c = l->sc->clusters->pdata[i];
        g_autoptr(GPtrArray) azs = tgw_subnets_azs(c->subnets);
        gint64 cluster_nodes = 0;

        if (azs->len < 2)
            lint_error(l, c->line, "CLUSTER-SUBNETS-AZ",
                       "EKS cluster '%s' has control-plane subnets in %u AZ; EKS needs subnets in "
                       "at least two AZs",
                       c->name, azs->len);
        lint_cni(l, c, c->cni, "");
        for (guint a = 0; a < l->sc->actions->len; a++) {
            const TgwActionDef *act = l->sc->actions->pdata[a];
            if (act->kind == TGW_ACTION_SET_CNI && act->cluster == c && act->cni != NULL) {
                g_autofree char *t = tgw_duration_format(act->at_ms);
                g_autofree char *when =
                    g_strdup_printf(" from %s on (set-cni, line %d)", t, act->line);
                lint_cni(l, c, act->cni, when);
            }
        }
        for (guint j = 0; j < c->node_groups->len; j++) {
            const TgwNodeGroupDef *ng = c->node_groups->pdata[j];
            guint max = ng->max;
            lint_node_group_scaling(l, ng);
            for (guint a = 0; a < l->sc->actions->len; a++) {
                const TgwActionDef *act = l->sc->actions->pdata[a];
                if (act->kind == TGW_ACTION_SCALE_NODE_GROUP && act->node_group == ng &&
                    act->max != G_MAXUINT)
                    max = MAX(max, act->max);
            }
            cluster_nodes += max;
        }
        total_nodes += cluster_nodes;
        for (guint j = 0; j < c->workloads->len; j++) {
            const TgwWorkloadDef *w = c->workloads->pdata[j];
            gint64 pods = 0;
            switch (w->kind) {
            case TGW_WORKLOAD_DEPLOYMENT:
                pods = tgw_replicas_peak(&w->replicas);
                for (guint a = 0; a < l->sc->actions->len; a++) {
                    const TgwActionDef *act = l->sc->actions->pdata[a];
                    if (act->kind == TGW_ACTION_SCALE_WORKLOAD && act->workload == w)
                        pods = MAX(pods, tgw_replicas_peak(&act->replicas));
                }
                pods += tgw_count_or_percent_resolve(&w->max_surge, pods, TRUE);
                break;
            case TGW_WORKLOAD_DAEMONSET:
                pods = cluster_nodes;
                break;
            case TGW_WORKLOAD_JOB:
                /* the mean number running at once, with generous room for fluctuation */
                pods = (gint64) (w->arrivals_per_s * tgw_distribution_mean_ms(&w->lifetime) /
                                 1000.0 * 2.0) +
                       10;
                break;
            }
            total_pods += pods;
            if (w->node_group == NULL && c->node_groups->len == 0)
                lint_warning(l, w->line, "WORKLOAD-NO-NODES",
                             "workload '%s' has no node group to run on in cluster '%s'; its pods "
                             "stay unschedulable",
                             w->name, c->name);
            /* a pod bigger than every node type never schedules */
            if (c->node_groups->len > 0) {
                gboolean fits = FALSE;
                for (guint g = 0; g < c->node_groups->len && !fits; g++) {
                    const TgwNodeGroupDef *ng = c->node_groups->pdata[g];
                    if (w->node_group != NULL && w->node_group != ng)
                        continue;
                    fits = w->cpu_m <= ng->cpu_m && w->memory_bytes <= ng->memory_bytes;
                }
                if (!fits)
                    lint_warning(l, w->line, "POD-TOO-BIG",
                                 "workload '%s' asks for more CPU or memory per pod than any of "
                                 "its nodes can allocate; its pods stay unschedulable",
                                 w->name);
            }
        }
    }
    if (total_nodes > TGW_LINT_MAX_NODES)
        lint_error(l, 1, "LIMIT-NODES",
                   "the node groups may grow to %" G_GINT64_FORMAT " nodes; tgwsim simulates at "
                   "most %" G_GINT64_FORMAT " (lower the node groups' max)",
                   total_nodes, TGW_LINT_MAX_NODES);
    if (total_pods > TGW_LINT_MAX_PODS)
        lint_error(l, 1, "LIMIT-PODS",
                   "the workloads may run about %" G_GINT64_FORMAT
                   " pods at once; tgwsim simulates "
                   "at most %" G_GINT64_FORMAT " (lower replicas or arrival rates)",
                   total_pods, TGW_LINT_MAX_PODS);
}

/* a subnet the timeline creates cannot hold anything before it exists */
static void
check_exists(Lint *l, const TgwSubnetDef *s, gint64 from_ms, int line, const char *who)
{
    g_autofree char *added = NULL, *from = NULL;
    if (s->added_ms <= from_ms)
        return;
    added = tgw_duration_format(s->added_ms);
    from = tgw_duration_format(from_ms);
    lint_error(l, line, "SUBNET-NOT-YET",
               "%s uses subnet '%s' from %s on, but the timeline only creates it at %s (line %d); "
               "start using it later or create it earlier",
               who, s->name, from, added, s->line);
}

static void
lint_subnet_lifetimes(Lint *l)
{
    const TgwScenario *sc = l->sc;
    for (guint i = 0; i < sc->node_groups->len; i++) {
        const TgwNodeGroupDef *ng = sc->node_groups->pdata[i];
        g_autofree char *who = g_strdup_printf("node group '%s'", ng->name);
        for (guint k = 0; k < ng->subnets->len; k++)
            check_exists(l, ng->subnets->pdata[k], 0, ng->line, who);
    }
    for (guint i = 0; i < sc->clusters->len; i++) {
        const TgwClusterDef *c = sc->clusters->pdata[i];
        g_autofree char *who = g_strdup_printf("EKS cluster '%s'", c->name);
        for (guint k = 0; k < c->subnets->len; k++)
            check_exists(l, c->subnets->pdata[k], 0, c->line, who);
        /* the ENIConfig subnets matter from the moment custom networking is in force */
        if (tgw_cni_mode_is_custom(c->cni->mode)) {
            for (guint k = 0; k < c->cni->eni_configs->len; k++) {
                const TgwEniConfigDef *ec = c->cni->eni_configs->pdata[k];
                if (ec->subnet != NULL)
                    check_exists(l, ec->subnet, 0, ec->line, "custom networking (eni-config)");
            }
        }
    }
    for (guint a = 0; a < sc->actions->len; a++) {
        const TgwActionDef *act = sc->actions->pdata[a];
        if (act->kind != TGW_ACTION_SET_CNI || act->cni == NULL ||
            !tgw_cni_mode_is_custom(act->cni->mode))
            continue;
        for (guint k = 0; k < act->cni->eni_configs->len; k++) {
            const TgwEniConfigDef *ec = act->cni->eni_configs->pdata[k];
            if (ec->subnet != NULL)
                check_exists(l, ec->subnet, act->at_ms, act->line, "set-cni (eni-config)");
        }
    }
    for (guint i = 0; i < sc->consumers->len; i++) {
        const TgwConsumerDef *c = sc->consumers->pdata[i];
        g_autofree char *who = g_strdup_printf("%s '%s'", tgw_consumer_kind_name(c->kind), c->name);
        for (guint k = 0; k < c->subnets->len; k++)
            check_exists(l, c->subnets->pdata[k], c->start_ms, c->line, who);
    }
}

void
tgw_lint_scenario(const TgwScenario *sc, TgwFindings *findings)
{
    Lint l = {sc, findings};

    for (guint i = 0; i < sc->vpcs->len; i++) {
        lint_vpc_cidrs(&l, sc->vpcs->pdata[i]);
        lint_subnets(&l, sc->vpcs->pdata[i]);
    }
    lint_attachments(&l);
    lint_consumers(&l);
    lint_clusters(&l);
    lint_subnet_lifetimes(&l);
    tgw_routing_lint(sc, findings);
}
