/* tgw-ipamd-rules.h: the VPC CNI's warm-pool arithmetic as pure functions.
 *
 * ipamd decides from a handful of counters (vpc-cni.md section B) whether a node's address pool
 * is low or too high and how much to ask EC2 for. These functions hold exactly that arithmetic,
 * rule by rule, with no simulation state, so that the simulation (tgw-sim-ipamd.c), the static
 * capacity analysis (tgw-capacity.c) and the unit tests all use the same numbers. */
#pragma once

#include "tgw-instance.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

#define TGW_IPAMD_PREFIX_SIZE 16 /* rule 2: a prefix is always a /28 */

/* what a node can hold, fixed when it launches */
typedef struct {
    const TgwCniDef *cni;
    guint max_eni;              /* rule 3: min(MAX_ENI, ENILimit) */
    guint max_ips_per_eni;      /* rule 2: IPv4Limit - 1, or (IPv4Limit - 1) x 16 with PD */
    guint max_prefixes_per_eni; /* rule 2: IPv4Limit - 1 */
    gboolean pd;                /* prefix delegation in effect (rule 11: Nitro only) */
    gboolean custom;            /* custom networking (rule 20) */
    guint max_pods;             /* rule 5: the kubelet's max pods caps the pool */
} TgwIpamdLimits;

/* the counters of rule 6 and 7 */
typedef struct {
    guint total_ips;     /* addresses on the node's pod ENIs (16 per prefix) */
    guint assigned_ips;  /* held by pods */
    guint prefixes;      /* PD: prefixes held */
    guint free_prefixes; /* PD: prefixes with no pod */
} TgwIpamdPool;

void tgw_ipamd_limits_init(TgwIpamdLimits *limits, const TgwInstanceType *type,
                           const TgwCniDef *cni, TgwCniMode mode, guint max_pods);

/* rule 16: over = max(min(max(available - WIT, 0), total - MIT), 0) */
gint64 tgw_ipamd_over(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* rule 16 in PD: overPrefix */
gint64 tgw_ipamd_over_prefixes(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* rules 16, 23: the pool may give addresses back (never in the default WARM_ENI_TARGET mode) */
gboolean tgw_ipamd_is_too_high(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* rule 23: how many addresses (PD: prefixes) a decrease releases */
gint64 tgw_ipamd_decrease_amount(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* rules 18, 19: how much a top-up of an existing ENI asks for (addresses, PD: prefixes) */
guint tgw_ipamd_top_up_amount(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* rule 21: how much a new ENI is created with; 0: no ENI is created */
guint tgw_ipamd_new_eni_amount(const TgwIpamdLimits *limits, const TgwIpamdPool *pool);
/* the pods the CNI can give addresses to on one node */
guint tgw_ipamd_addressable_pods(const TgwIpamdLimits *limits);

/* A node's steady state with a given number of pods, by applying rule 17's increase until the
 * pool is no longer low (pods assigned as addresses arrive, ENIs filled before new ones): the
 * ENIs and addresses it holds. Pods beyond what the CNI can address are left out. */
typedef struct {
    guint enis;          /* including the primary */
    guint pod_addresses; /* secondary IPs, or 16 per prefix */
    guint addresses;     /* everything: node primary + secondary ENIs' primaries + pod addresses */
} TgwIpamdSteady;

void tgw_ipamd_steady_state(const TgwIpamdLimits *limits, guint pods, TgwIpamdSteady *out);

/* ---- the checks ipamd makes on every pool change, inline: they run at every pod start and stop */

/* rule 6: available = total - assigned (cooldown addresses included) */
static inline guint
tgw_ipamd_available(const TgwIpamdPool *p)
{
    return p->total_ips - p->assigned_ips;
}

/* rule 9: WARM_IP_TARGET or MINIMUM_IP_TARGET set */
static inline gboolean
tgw_ipamd_warm_targets(const TgwIpamdLimits *l)
{
    return l->cni->warm_ip_target > 0 || l->cni->minimum_ip_target > 0;
}

/* rule 16: short = max(WIT - available, 0, MIT - total) */
static inline gint64
tgw_ipamd_short(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    gint64 wit = l->cni->warm_ip_target, mit = l->cni->minimum_ip_target;
    gint64 avail = tgw_ipamd_available(p), total = p->total_ips;
    return MAX(MAX(wit - avail, 0), mit - total);
}

/* rules 5, 15, 16: the pool needs more addresses */
static inline gboolean
tgw_ipamd_is_low(const TgwIpamdLimits *l, const TgwIpamdPool *p)
{
    guint avail = tgw_ipamd_available(p);
    if (p->total_ips >= l->max_pods) /* rule 5: never more addresses than the kubelet's max pods */
        return FALSE;
    if (tgw_ipamd_warm_targets(l)) /* rule 16 */
        return tgw_ipamd_short(l, p) > 0;
    if (l->pd) { /* rule 15, PD */
        gint64 wpt = l->cni->warm_prefix_target;
        return (gint64) avail < wpt * TGW_IPAMD_PREFIX_SIZE || (wpt == 0 && avail == 0);
    }
    /* rule 15: WARM_ENI_TARGET means "an ENI's worth of free addresses", not "an empty ENI" */
    return (gint64) avail < l->cni->warm_eni_target * (gint64) l->max_ips_per_eni ||
           (l->cni->warm_eni_target == 0 && avail == 0);
}

/* rule 24: shouldRemoveExtraENIs; empty_secondary: some non-primary ENI has no pods */
static inline gboolean
tgw_ipamd_should_remove_enis(const TgwIpamdLimits *l, const TgwIpamdPool *p,
                             gboolean empty_secondary)
{
    guint avail = tgw_ipamd_available(p);
    if (tgw_ipamd_warm_targets(l))
        return TRUE;
    if (l->pd)
        return (gint64) avail >= (l->cni->warm_prefix_target + 1) * (gint64) l->max_ips_per_eni ||
               empty_secondary;
    return (gint64) avail >= (l->cni->warm_eni_target + 1) * (gint64) l->max_ips_per_eni;
}

G_END_DECLS
