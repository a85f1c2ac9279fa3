/* tgw-capacity.h: static capacity of a design, without simulating time.
 *
 * For every subnet: usable addresses and what the declared consumers take when they exist (load
 * balancers at their minimum, MSK brokers, endpoints, NAT and RDS, generic counts, TGW attachment
 * ENIs, EKS control-plane ENIs). For every node group and CNI mode: max pods, the addresses a
 * node holds in the steady state of the warm-pool rules (tgw-ipamd-rules.h), and how many pods
 * the node group could run, spread evenly over its AZs, before the first subnet runs dry: once with
 * every node at max pods (the fewest nodes), and once at the pods per node its workloads' CPU and
 * memory requests pack (what a cluster usually looks like, and usually many more nodes). */
#pragma once

#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef struct {
    const TgwSubnetDef *def;
    guint64 usable;
    guint64 consumers; /* taken by the declared consumers, in_use included */
    guint64 in_use;    /* of which in use before the run: <in-use> and CIDR reservations */
} TgwCapacitySubnet;

typedef struct {
    const TgwNodeGroupDef *def;
    TgwCniMode mode;
    guint kubelet_max_pods;
    guint addressable_pods;       /* what the CNI can give addresses to per node */
    guint pods_per_node;          /* min of the two: a full node */
    guint idle_addresses;         /* an empty node's steady state */
    guint full_addresses;         /* a full node's steady state, all subnets */
    guint full_node_subnet;       /* of which in the node's own subnet */
    guint64 nodes;                /* nodes the subnets hold, spread over the AZs */
    guint64 pods;                 /* nodes x pods_per_node */
    const TgwSubnetDef *limiting; /* the subnet that runs dry first */

    /* packed: pods per node = the daemonsets, plus as many of the other workloads' pods as the
     * allocatable CPU and memory left hold at their mean request (weighted by replicas, jobs by
     * arrivals x mean lifetime), at most pods_per_node; pods_per_node when nothing requests */
    double mean_cpu_m, mean_memory_bytes; /* per non-daemonset pod; 0 when none */
    guint daemonsets;                     /* daemonset pods on every node */
    guint packed_pods;
    guint packed_addresses; /* such a node's steady state, all subnets */
    guint64 packed_nodes;
    guint64 packed_total_pods; /* packed_nodes x packed_pods */
    const TgwSubnetDef *packed_limiting;
} TgwCapacityGroup;

typedef struct {
    GArray *subnets;          /* TgwCapacitySubnet, scenario order */
    GArray *groups;           /* TgwCapacityGroup, node group order x mode order */
    guint64 pod_addresses[4]; /* per mode: usable addresses of the subnets pods take them from */
} TgwCapacity;

/* the addresses a consumer other than an ALB takes, one per unit: one per subnet for NLBs and
 * endpoints, one per AZ for RDS (the instance, a Multi-AZ standby), count for the others */
guint tgw_consumer_units(const TgwConsumerDef *consumer);
/* the subnet of unit u: an RDS unit in the first subnet of the u-th AZ its subnets cover, the
 * others round-robin over the subnets */
const TgwSubnetDef *tgw_consumer_unit_subnet(const TgwConsumerDef *consumer, guint unit);

TgwCapacity *tgw_capacity_new(const TgwScenario *scenario);
void tgw_capacity_free(TgwCapacity *capacity);
const TgwCapacitySubnet *tgw_capacity_subnet(const TgwCapacity *capacity, const TgwSubnetDef *def);
const TgwCapacityGroup *tgw_capacity_group(const TgwCapacity *capacity, const TgwNodeGroupDef *def,
                                           TgwCniMode mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwCapacity, tgw_capacity_free)

G_END_DECLS
