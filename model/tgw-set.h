/* tgw-set.h: --set PATH=VALUE overrides, applied to the scenario document before validation.
 *
 * A path names elements by kind and name and ends with an attribute:
 *   seed                                   the scenario's own attribute
 *   workload.api.replicas                  <workload name="api" replicas=...>
 *   cluster.main.vpc-cni.warm-ip-target    <vpc-cni> of <eks-cluster name="main">
 *   vpc.team-a.subnet.private-a.cidr       subnet private-a of VPC team-a
 * Short kinds: cluster = eks-cluster, tgw = transit-gateway, lb = load-balancer, msk = msk-cluster,
 * nat = nat-gateway, attachment = tgw-attachment (or a transit gateway's own <attachment>);
 * <eni-config> is keyed by its az, e.g. cluster.main.vpc-cni.eni-config.az1.subnet. A named element
 * is searched anywhere below the previous one; <vpc-cni> and <cluster-autoscaler> are created when
 * missing. The new value is then validated like the file's own, and messages about it name the
 * --set path. */
#pragma once

#include <libxml/tree.h>

#include "tgw-finding.h"

G_BEGIN_DECLS

/* FALSE (with findings) when a path names nothing; set_paths maps "%p/attr" -> path */
gboolean tgw_set_apply(xmlNode *root, const char *const *overrides, GHashTable *set_paths,
                       const char *file, TgwFindings *findings);

G_END_DECLS
