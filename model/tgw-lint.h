/* tgw-lint.h: the design lint, the semantic checks run on every loaded scenario.
 *
 * The loader has already resolved every name; these checks look at what the names add up to: CIDR
 * rules of VPCs and subnets (sizes, overlaps, the association-restriction table of
 * aws-network.md 1.2), attachment and load-balancer placement, custom networking without an
 * ENIConfig or with a kubelet max-pods the secondary ENIs cannot serve, absurd sizes. Each finding
 * has a stable code; scenarios/README.md lists them all. */
#pragma once

#include "tgw-finding.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

/* the limits beyond which a scenario is refused rather than simulated */
#define TGW_LINT_MAX_PODS  G_GINT64_CONSTANT(10000000)
#define TGW_LINT_MAX_NODES G_GINT64_CONSTANT(100000)

void tgw_lint_scenario(const TgwScenario *scenario, TgwFindings *findings);

/* NULL when every cluster can run in mode; otherwise why one cannot, in words: custom networking
 * (custom, custom+prefix) with a node group in an AZ that has no ENIConfig, where no node can
 * become Ready. The design checks report this as ENICONFIG-MISSING for a cluster's own mode;
 * this is the same rule for a mode forced on every cluster (run --cni, compare, cni= of an
 * expectation), which is then not applicable rather than simulated. */
char *tgw_lint_mode_not_applicable(const TgwScenario *scenario, TgwCniMode mode);

/* the VPC CIDR association restriction (aws-network.md 1.2): NULL when block may be associated
 * with a VPC that already has the blocks in existing (TgwCidr), else why not */
char *tgw_lint_cidr_restriction(TgwCidr block, const GArray *existing);

/* the max pods a node group's kubelet runs with: its explicit max-pods, or the default-mode ENI
 * formula a node gets without it (vpc-cni.md rule 28) */
guint tgw_node_group_kubelet_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni);
/* the pods the CNI can give addresses to on one node in this mode */
guint tgw_node_group_cni_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni);
/* the pods a node runs at most: the lower of the two */
guint tgw_node_group_max_pods(const TgwNodeGroupDef *ng, const TgwCniDef *cni);

G_END_DECLS
