/* tgw-report-compare.h: one scenario under several VPC CNI modes, side by side (tgwsim compare),
 * and the summary every report of runs shares (text, JSON, HTML).
 *
 * The caller runs the simulation once per mode (with the same seed, so the same arrivals and
 * lifetimes: common random numbers) and hands the results in a TgwReportInput, together with
 * the scenario's validation findings and the routing model at the start; nothing here reaches
 * back into the simulation. TgwComparison is what the writers derive from that once: a status
 * per mode, the pod address space of each mode and its ratio to the first mode (the baseline),
 * the subnets worth watching, and what custom networking costs against the baseline. */
#pragma once

#include "tgw-json-writer.h"
#include "tgw-results.h"
#include "tgw-routing.h"

G_BEGIN_DECLS

typedef struct {
    const TgwRunResult *result;   /* the run with the scenario's (or --seed) seed */
    const GPtrArray *repetitions; /* every run of this mode, result first; NULL for one run */
} TgwModeRuns;

/* a mode asked for that the design cannot run in (tgw_lint_mode_not_applicable): not simulated */
typedef struct {
    TgwCniMode mode;
    const char *reason;
} TgwModeNotApplicable;

typedef struct {
    const TgwScenario *scenario;
    GPtrArray *modes;          /* TgwModeRuns*, in the order asked; the first is the baseline */
    TgwFindings *findings;     /* the scenario's validation findings, or NULL */
    const TgwRouting *routing; /* the network at time 0, or NULL */
    GArray *not_applicable;    /* TgwModeNotApplicable, in the order asked, or NULL */
} TgwReportInput;

typedef enum {
    TGW_STATUS_OK,
    TGW_STATUS_WARN,
    TGW_STATUS_CRITICAL,
    TGW_STATUS_INFO, /* a figure, not a judgement */
} TgwStatus;

/* "OK", "WARN", "CRITICAL", "INFO": the word every report prints next to any colour */
const char *tgw_status_name(TgwStatus status);
/* "Default VPC CNI", "Custom networking", ... for people */
const char *tgw_cni_mode_label(TgwCniMode mode);

/* the addresses pods can get in a mode: the usable addresses of the node groups' subnets (and
 * of subnets tagged for CNI discovery) in the default and prefix modes, of the ENIConfig subnets
 * in the custom modes, over every cluster. subnets, when not NULL, receives those subnets
 * (TgwSubnetDef*, scenario order). */
guint64 tgw_report_pod_address_space(const TgwScenario *scenario, TgwCniMode mode,
                                     GPtrArray *subnets);

typedef struct {
    const TgwModeRuns *runs;
    TgwCniMode mode;
    TgwStatus status;
    const char *status_reason;       /* why, in a few words */
    guint64 pod_space;               /* tgw_report_pod_address_space() */
    double capacity_ratio;           /* pod_space over the baseline's; 0 when that is 0 */
    const TgwSubnetResult *tightest; /* the watched subnet with the lowest free share, or NULL */
    guint exhausted_subnets;         /* subnets where an allocation failed */
} TgwModeSummary;

typedef struct {
    const TgwTgwTableDef *table;
    const TgwRoute *route; /* state TGW_ROUTE_SHADOWED; route->shadowed_by won */
} TgwShadowedRoute;

typedef struct {
    const TgwNodeGroupResult *baseline, *custom;
} TgwMaxPodsChange;

/* the pods a node of the group actually runs before and after: the lower of the kubelet's max
 * pods and what the CNI addresses (text and HTML say the same numbers) */
static inline guint
tgw_max_pods_change_before(const TgwMaxPodsChange *ch)
{
    return MIN(ch->baseline->max_pods_kubelet, ch->baseline->max_pods_cni);
}

static inline guint
tgw_max_pods_change_after(const TgwMaxPodsChange *ch)
{
    return MIN(ch->custom->max_pods_kubelet, ch->custom->max_pods_cni);
}

typedef struct {
    GArray *modes;      /* TgwModeSummary, input order */
    GPtrArray *watched; /* TgwSubnetDef*, scenario order: the clusters' node, pod and discovery
                         * subnets, and any subnet that ran dry or was >= 10% used in a mode */

    /* the costs of custom networking against the baseline: filled when the baseline is not a
     * custom mode and a later mode is (custom_index points at the first such mode) */
    gboolean has_costs;
    guint custom_index;
    GArray *max_pods;         /* TgwMaxPodsChange, per node group */
    GPtrArray *node_subnets;  /* TgwSubnetDef*: where nodes still take their primary IPs */
    guint64 node_usable;      /* their usable addresses */
    guint64 node_peak_used;   /* summed peaks there in the custom run */
    guint64 node_primary;     /* node primary IPs at those peaks */
    GPtrArray *snat_clusters; /* TgwClusterDef* whose pod traffic is SNATed (external-snat off) */
    GPtrArray *no_snat_clusters; /* TgwClusterDef* with external-snat on */

    /* routing: whatever the modes */
    GArray *shadowed;        /* TgwShadowedRoute: CG-NAT (100.64.0.0/10) routes shadowed */
    guint shadowed_findings; /* TGW-CIDR-SHADOWED findings */
    guint findings_warnings; /* of the scenario's validation */
    guint findings_errors;
    guint64 custom_pod_space; /* the custom mode's pod address space, even when not run */
} TgwComparison;

TgwComparison *tgw_comparison_new(const TgwReportInput *input);
void tgw_comparison_free(TgwComparison *comparison);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwComparison, tgw_comparison_free)

/* "team-a/private-a": a subnet as every report names it */
char *tgw_report_subnet_ref(const TgwSubnetDef *subnet);
/* "32.6x", "1.0x", "-": a ratio for people (locale-independent) */
char *tgw_report_ratio_format(double ratio);
/* "24,561": an integer with thousands separators (locale-independent) */
char *tgw_report_count_format(guint64 n);

/* the modes side by side, then what custom networking costs */
void tgw_report_compare_text(const TgwReportInput *input, GString *out);
/* {"format":1,"runs":[<tgw_report_run_json per mode>],"comparison":{...}} */
void tgw_report_compare_json(const TgwReportInput *input, TgwJsonWriter *w);

G_END_DECLS
