/* tgw-ipamd-rules.c: the VPC CNI's warm-pool arithmetic (see tgw-ipamd-rules.h); rule numbers
 * are those of ../shared/reference/vpc-cni.md. */
#include "tgw-ipamd-rules.h"

#include "tgw-lint.h"

#define PREFIX TGW_IPAMD_PREFIX_SIZE

static guint
ceil_div(gint64 a, gint64 b)
{
    return a <= 0 ? 0 : (guint) ((a + b - 1) / b);
}

void
tgw_ipamd_limits_init(TgwIpamdLimits *l, const TgwInstanceType *t, const TgwCniDef *cni,
                      TgwCniMode mode, guint max_pods)
{
    l->cni = cni;
    l->max_eni = t->max_enis;
    if (cni->max_eni > 0 && cni->max_eni < l->max_eni) /* rule 3 */
        l->max_eni = cni->max_eni;
    l->custom = tgw_cni_mode_is_custom(mode);
    l->pd = tgw_cni_mode_is_prefix(mode) && t->nitro; /* rule 11 */
    l->max_prefixes_per_eni = t->ipv4_per_eni - 1;    /* rule 2 */
    l->max_ips_per_eni = l->pd ? l->max_prefixes_per_eni * PREFIX : t->ipv4_per_eni - 1;
    l->max_pods = max_pods;
}

gint64
tgw_ipamd_over(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    gint64 wit = l->cni->warm_ip_target, mit = l->cni->minimum_ip_target;
    gint64 avail = tgw_ipamd_available(p), total = p->total_ips;
    return MAX(MIN(MAX(avail - wit, 0), total - mit), 0);
}

gint64
tgw_ipamd_over_prefixes(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    gint64 wit = l->cni->warm_ip_target, mit = l->cni->minimum_ip_target;
    gint64 total = p->prefixes;
    gint64 v = MIN((gint64) p->free_prefixes,
                   total - (gint64) ceil_div((gint64) p->assigned_ips + wit, PREFIX));
    v = MIN(v, total - (gint64) ceil_div(mit, PREFIX));
    return MAX(v, 0);
}

gboolean
tgw_ipamd_is_too_high(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    if (tgw_ipamd_warm_targets(l))
        return l->pd ? tgw_ipamd_over_prefixes(l, p) > 0 : tgw_ipamd_over(l, p) > 0;
    if (l->pd)
        return (gint64) p->free_prefixes > l->cni->warm_prefix_target;
    return FALSE; /* rule 23: single addresses never go back in WARM_ENI_TARGET mode */
}

gint64
tgw_ipamd_decrease_amount(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    if (l->pd)
        return tgw_ipamd_warm_targets(l)
                   ? tgw_ipamd_over_prefixes(l, p)
                   : MAX((gint64) p->free_prefixes - l->cni->warm_prefix_target, 0);
    return tgw_ipamd_over(l, p);
}

/* rule 19: prefixes a PD request asks for */
static guint
prefixes_needed(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    if (tgw_ipamd_warm_targets(l))
        return MAX(1u, ceil_div(tgw_ipamd_short(l, p), PREFIX));
    return (guint) MAX((gint64) 1, l->cni->warm_prefix_target - (gint64) p->free_prefixes);
}

guint
tgw_ipamd_top_up_amount(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    if (l->pd)
        return prefixes_needed(l, p);
    /* rule 18: fill the ENI, or exactly the shortfall with warm-IP targets */
    return tgw_ipamd_warm_targets(l) ? (guint) tgw_ipamd_short(l, p) : l->max_ips_per_eni;
}

guint
tgw_ipamd_new_eni_amount(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    if (l->pd)
        return MIN(prefixes_needed(l, p), l->max_prefixes_per_eni);
    if (tgw_ipamd_warm_targets(l))
        return (guint) MIN(tgw_ipamd_short(l, p), (gint64) l->max_ips_per_eni);
    return l->max_ips_per_eni;
}

guint
tgw_ipamd_addressable_pods(const TgwIpamdLimits *l)
{
    return (l->max_eni - (l->custom ? 1 : 0)) * l->max_ips_per_eni;
}

void
tgw_ipamd_steady_state(const TgwIpamdLimits *l, guint pods, TgwIpamdSteady *out)
{
    /* per pod ENI: what it holds (addresses, PD: prefixes); the primary ENI is index 0 */
    guint held[64] = {0};
    guint enis = 1, cap = l->pd ? l->max_prefixes_per_eni : l->max_ips_per_eni;
    TgwIpamdPool p = {0, 0, 0, 0};

    pods = MIN(pods, tgw_ipamd_addressable_pods(l));
    for (guint guard = 0; guard < 4096; guard++) {
        guint added = 0;
        /* pods take addresses as they arrive */
        p.assigned_ips = MIN(pods, p.total_ips);
        if (l->pd)
            p.free_prefixes = p.prefixes - ceil_div(p.assigned_ips, PREFIX);
        if (!tgw_ipamd_is_low(l, &p))
            break;
        /* rule 17c: an ENI with room first (never the primary under custom networking) */
        for (guint e = l->custom ? 1 : 0; e < enis && added == 0; e++) {
            if (held[e] < cap) {
                added = MIN(cap - held[e], MAX(tgw_ipamd_top_up_amount(l, &p), 1u));
                held[e] += added;
            }
        }
        /* rule 17d: then a new ENI */
        if (added == 0 && enis < l->max_eni && enis < G_N_ELEMENTS(held)) {
            added = tgw_ipamd_new_eni_amount(l, &p);
            if (added == 0)
                break;
            held[enis++] = added;
        }
        if (added == 0)
            break;
        if (l->pd) {
            p.prefixes += added;
            p.total_ips += added * PREFIX;
        } else {
            p.total_ips += added;
        }
    }
    out->enis = enis;
    out->pod_addresses = p.total_ips;
    /* the node's own address plus one primary address per secondary ENI */
    out->addresses = 1 + (enis - 1) + p.total_ips;
}
