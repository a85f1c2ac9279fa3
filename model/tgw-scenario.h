/* tgw-scenario.h: the loaded scenario, an immutable tree of plain structs.
 *
 * This is what the scenario loader (tgw-scenario-load.c) produces from a scenario XML file and
 * what every analysis and the simulation read. Nothing here changes after loading: the simulation
 * keeps its own state and only points back at these descriptions. All names are resolved: a
 * subnet knows its VPC, a node group its cluster and subnets, a static route its table and
 * target. Each element remembers the line it came from, for messages.
 *
 * Times are integer milliseconds of simulated time from the scenario start; "never" is
 * TGW_TIME_NEVER. Counts that were left out are 0 unless the field says otherwise; the loader has
 * already filled every default (see scenarios/README.md for the defaults). */
#pragma once

#include <glib.h>

#include "tgw-cidr.h"
#include "tgw-finding.h"
#include "tgw-instance.h"
#include "tgw-value.h"

G_BEGIN_DECLS

#define TGW_TIME_NEVER G_MAXINT64

typedef struct _TgwScenario TgwScenario;
typedef struct _TgwTgwDef TgwTgwDef;
typedef struct _TgwTgwTableDef TgwTgwTableDef;
typedef struct _TgwTgwRouteDef TgwTgwRouteDef;
typedef struct _TgwAttachmentDef TgwAttachmentDef;
typedef struct _TgwVpcDef TgwVpcDef;
typedef struct _TgwCidrBlockDef TgwCidrBlockDef;
typedef struct _TgwSubnetDef TgwSubnetDef;
typedef struct _TgwVpcTableDef TgwVpcTableDef;
typedef struct _TgwVpcRouteDef TgwVpcRouteDef;
typedef struct _TgwClusterDef TgwClusterDef;
typedef struct _TgwCniDef TgwCniDef;
typedef struct _TgwEniConfigDef TgwEniConfigDef;
typedef struct _TgwNodeGroupDef TgwNodeGroupDef;
typedef struct _TgwWorkloadDef TgwWorkloadDef;
typedef struct _TgwAutoscalerDef TgwAutoscalerDef;
typedef struct _TgwConsumerDef TgwConsumerDef;
typedef struct _TgwActionDef TgwActionDef;
typedef struct _TgwExpectDef TgwExpectDef;

/* ---- transit gateways ------------------------------------------------------------------------ */

struct _TgwTgwDef {
    char *name;
    int line;
    guint index;            /* in scenario->tgws */
    GPtrArray *tables;      /* TgwTgwTableDef*, document order */
    GPtrArray *routes;      /* TgwTgwRouteDef*: static routes declared at the start */
    GPtrArray *attachments; /* TgwAttachmentDef*: every attachment to this TGW, attach order */
};

struct _TgwTgwTableDef {
    char *name;
    int line;
    guint index; /* in tgw->tables */
    TgwTgwDef *tgw;
};

/* a static TGW route: to an attachment, or a blackhole */
struct _TgwTgwRouteDef {
    int line;
    TgwTgwTableDef *table;
    TgwCidr cidr;
    gboolean blackhole;
    TgwAttachmentDef *target; /* NULL for a blackhole */
};

typedef enum {
    TGW_ATTACHMENT_VPC,
    TGW_ATTACHMENT_VPN,
    TGW_ATTACHMENT_DX_GATEWAY,
    TGW_ATTACHMENT_CONNECT,
    TGW_ATTACHMENT_PEERING,
} TgwAttachmentKind;

const char *tgw_attachment_kind_name(TgwAttachmentKind kind);

struct _TgwAttachmentDef {
    char *name;
    int line;
    guint index; /* in scenario->attachments */
    TgwAttachmentKind kind;
    TgwTgwDef *tgw;
    TgwVpcDef *vpc;            /* VPC attachments only */
    GPtrArray *subnets;        /* TgwSubnetDef*: one per AZ (VPC attachments) */
    TgwTgwTableDef *associate; /* NULL: not associated with any table */
    GPtrArray *propagate;      /* TgwTgwTableDef* */
    GArray *advertises;        /* TgwCidr: what a VPN/DX/Connect attachment propagates (BGP) */
    gboolean attached;         /* attached at the start (FALSE: a timeline attaches it) */
    gboolean appliance_mode;
};

/* ---- VPCs ------------------------------------------------------------------------------------ */

struct _TgwCidrBlockDef {
    int line;
    TgwCidr cidr;
    gboolean primary;
    gint64 added_ms; /* 0, or when a timeline action associates it */
};

struct _TgwVpcDef {
    char *name;
    int line;
    guint index;            /* in scenario->vpcs */
    GPtrArray *cidr_blocks; /* TgwCidrBlockDef*, the primary first, then association order */
    GPtrArray *subnets;     /* TgwSubnetDef* */
    GPtrArray *tables;      /* TgwVpcTableDef*; the main table first (implicit if none is marked) */
    GPtrArray *attachments; /* TgwAttachmentDef* of this VPC */
};

/* addresses already in use in a subnet by things outside the model (<in-use>): taken when a run
 * starts, never released */
typedef struct {
    int line;
    guint64 count;
    char *by; /* an InterfaceType of describe-network-interfaces, or "other" */
} TgwInUseDef;

/* a subnet CIDR reservation (<reservation>, CreateSubnetCidrReservation) */
typedef struct {
    int line;
    TgwCidr cidr;
    gboolean prefix; /* prefix: only prefix delegation carves /28s here; explicit: no ENI gets it */
} TgwReservationDef;

struct _TgwSubnetDef {
    char *name;
    int line;
    guint index; /* in scenario->subnets */
    TgwVpcDef *vpc;
    char *az;
    TgwCidr cidr;
    gboolean cni_discovery; /* kubernetes.io/role/cni: default-mode ENIs may land here */
    TgwVpcTableDef *table;  /* the explicit association, or the VPC's main table */
    gint64 added_ms;        /* 0, or when a timeline action creates it */
    GArray *in_use;         /* TgwInUseDef, document order */
    guint64 in_use_total;   /* their sum */
    GArray *reservations;   /* TgwReservationDef, document order */
};

/* addresses a subnet has taken before the run: its <in-use> counts, and the addresses of its CIDR
 * reservations (no ENI is given one automatically), AWS's five left out; at most its usable */
guint64 tgw_subnet_def_held_before(const TgwSubnetDef *s);

/* the InterfaceType values <in-use by=...> takes (describe-network-interfaces), then "other";
 * NULL-terminated */
extern const char *const tgw_in_use_kinds[];

typedef enum {
    TGW_TARGET_LOCAL, /* implicit routes only */
    TGW_TARGET_TRANSIT_GATEWAY,
    TGW_TARGET_NAT_GATEWAY,
    TGW_TARGET_INTERNET_GATEWAY,
    TGW_TARGET_PEERING,
    TGW_TARGET_NETWORK_INTERFACE,
    TGW_TARGET_BLACKHOLE,
} TgwTargetKind;

struct _TgwVpcRouteDef {
    int line;
    TgwCidr cidr;
    TgwTargetKind target;
    char *target_name;   /* as written after the colon, or NULL */
    TgwTgwDef *tgw;      /* TGW targets */
    TgwConsumerDef *nat; /* NAT gateway targets */
};

struct _TgwVpcTableDef {
    char *name;
    int line; /* 0 for the implicit main table */
    TgwVpcDef *vpc;
    gboolean main;
    GPtrArray *routes;  /* TgwVpcRouteDef* (explicit routes; local routes are implicit) */
    GPtrArray *subnets; /* TgwSubnetDef* explicitly associated */
};

/* ---- EKS ------------------------------------------------------------------------------------- */

typedef enum {
    TGW_CNI_DEFAULT,
    TGW_CNI_CUSTOM,
    TGW_CNI_PREFIX,
    TGW_CNI_CUSTOM_PREFIX,
} TgwCniMode;

#define TGW_CNI_MODE_COUNT 4
const char *tgw_cni_mode_name(TgwCniMode mode);
gboolean tgw_cni_mode_parse(const char *text, TgwCniMode *out);
gboolean tgw_cni_mode_is_custom(TgwCniMode mode);
gboolean tgw_cni_mode_is_prefix(TgwCniMode mode);

struct _TgwEniConfigDef {
    int line;
    char *name; /* NULL: named after its AZ, the one nodes there take without a label */
    char *az;
    TgwSubnetDef *subnet;
};

/* the aws-node (VPC CNI) settings of a cluster; values as the variables of the same names */
struct _TgwCniDef {
    int line;
    TgwCniMode mode;
    gint64 warm_eni_target;     /* WARM_ENI_TARGET, default 1 */
    gint64 warm_ip_target;      /* WARM_IP_TARGET, 0 = unset */
    gint64 minimum_ip_target;   /* MINIMUM_IP_TARGET, 0 = unset */
    gint64 warm_prefix_target;  /* WARM_PREFIX_TARGET, default 1 as the EKS add-on ships it */
    gint64 ip_cooldown_ms;      /* IP_COOLDOWN_PERIOD, default 30 s */
    guint max_eni;              /* MAX_ENI, 0 = unset */
    gboolean external_snat;     /* AWS_VPC_K8S_CNI_EXTERNALSNAT */
    GArray *exclude_snat_cidrs; /* TgwCidr: AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS */
    gboolean subnet_discovery;  /* ENABLE_SUBNET_DISCOVERY, default true */
    gint64 eni_attach_ms;       /* create + attach + IMDS wait of a new ENI, default 5 s */
    gint64 ip_assign_ms;        /* AssignPrivateIpAddresses on an existing ENI, default 1 s */
    GPtrArray *eni_configs;     /* TgwEniConfigDef*: one unnamed per AZ, and any named ones */
};

/* the ENIConfig subnet for an AZ (the unnamed ENIConfig of that AZ), or NULL */
TgwSubnetDef *tgw_cni_def_eni_config_subnet(const TgwCniDef *cni, const char *az);
/* the ENIConfig subnet a node of ng in az uses (vpc-cni.md rule 20): with eni-config names on the
 * node group (the node label ENI_CONFIG_LABEL_DEF reads), the one of those names in az; without,
 * the AZ's unnamed one; NULL when there is none. ng may be NULL. */
TgwSubnetDef *tgw_node_group_eni_config_subnet(const TgwCniDef *cni, const TgwNodeGroupDef *ng,
                                               const char *az);

struct _TgwAutoscalerDef {
    int line;
    gboolean enabled;
    gint64 scan_interval_ms;       /* how often it looks for unschedulable pods, default 10 s */
    gint64 scale_up_delay_ms;      /* a pod must be pending this long first, default 0 */
    gint64 scale_down_delay_ms;    /* scale-down-unneeded-time, default 10 min */
    double scale_down_utilization; /* below this share of CPU and memory a node is unneeded, 0.5 */
};

struct _TgwNodeGroupDef {
    char *name;
    int line;
    guint index; /* in scenario->node_groups */
    TgwClusterDef *cluster;
    char *instance_type;
    const TgwInstanceType *itype; /* NULL when the type is unknown (an error finding) */
    guint min, max, desired;
    GPtrArray *subnets; /* TgwSubnetDef*: where nodes (their primary ENIs) go */
    guint max_pods;     /* kubelet max-pods; 0 = left out (the ENI formula of the default mode) */
    gboolean max_pods_auto; /* max-pods="auto": the calculator's value for each node's CNI mode */
    gint64 cpu_m;           /* allocatable CPU: from the table unless given */
    gint64 memory_bytes;    /* allocatable memory: from the table unless given */
    gint64 launch_ms;       /* from launch until the node is Ready, default 90 s */
    GStrv eni_configs;      /* eni-config="NAME...": the ENIConfig names its nodes' label carries
                             * (one per AZ it spans); NULL: the AZ's unnamed ENIConfig */
};

typedef enum {
    TGW_WORKLOAD_DEPLOYMENT,
    TGW_WORKLOAD_JOB,
    TGW_WORKLOAD_DAEMONSET,
} TgwWorkloadKind;

struct _TgwWorkloadDef {
    char *name;
    int line;
    guint index; /* in scenario->workloads */
    TgwClusterDef *cluster;
    TgwWorkloadKind kind;
    TgwReplicas replicas;  /* deployments */
    double arrivals_per_s; /* jobs: Poisson arrival rate */
    gboolean has_lifetime;
    TgwDistribution lifetime; /* pods end after this; deployment pods are replaced */
    gint64 cpu_m;
    gint64 memory_bytes;
    gint64 rollout_every_ms;           /* 0: no rolling updates */
    TgwCountOrPercent max_surge;       /* default 25% */
    TgwCountOrPercent max_unavailable; /* default 25% */
    gint64 startup_ms;                 /* from IP to Ready, for rollouts; default 10 s */
    gboolean host_network;             /* takes no pod address */
    TgwNodeGroupDef *node_group;       /* NULL: any node group of the cluster */
    gint64 start_ms;                   /* when the workload is created, default 0 */
};

struct _TgwClusterDef {
    char *name;
    int line;
    guint index; /* in scenario->clusters */
    TgwVpcDef *vpc;
    GPtrArray *subnets;       /* TgwSubnetDef*: control-plane ENI subnets */
    guint control_plane_enis; /* 2..4, default 2 */
    TgwCniDef *cni;
    TgwAutoscalerDef *autoscaler; /* never NULL; enabled = FALSE when absent */
    GPtrArray *node_groups;       /* TgwNodeGroupDef* */
    GPtrArray *workloads;         /* TgwWorkloadDef* */
};

/* ---- other address consumers ----------------------------------------------------------------- */

typedef enum {
    TGW_CONSUMER_ALB,
    TGW_CONSUMER_NLB,
    TGW_CONSUMER_MSK,
    TGW_CONSUMER_ENDPOINT,
    TGW_CONSUMER_NAT_GATEWAY,
    TGW_CONSUMER_RDS,
    TGW_CONSUMER_GENERIC,
} TgwConsumerKind;

const char *tgw_consumer_kind_name(TgwConsumerKind kind);

struct _TgwConsumerDef {
    char *name;
    int line;
    guint index; /* in scenario->consumers */
    TgwConsumerKind kind;
    TgwVpcDef *vpc;
    GPtrArray *subnets; /* TgwSubnetDef* */
    gint64 start_ms;    /* 0, or later (a timeline adds it) */
    gint64 end_ms;      /* TGW_TIME_NEVER unless it is removed */
    guint count;        /* generic: addresses; MSK: brokers; NAT: private IPs; RDS: instances */
    /* ALB */
    TgwWorkloadDef *scale_with;
    guint pods_per_address;   /* target pods served per ALB address, default 10 */
    guint min_per_subnet;     /* ALB addresses per subnet at creation, default 1 */
    gint64 scale_in_delay_ms; /* default 1 h */
    gboolean internal;        /* ALB, NLB: default TRUE (the Load Balancer Controller's scheme) */
    /* endpoint */
    char *service;
    /* RDS */
    gboolean multi_az;
    /* NAT gateway */
    gboolean private_nat;
};

/* ---- timeline -------------------------------------------------------------------------------- */

typedef enum {
    TGW_ACTION_SCALE_WORKLOAD,
    TGW_ACTION_SCALE_NODE_GROUP,
    TGW_ACTION_ADD_CIDR_BLOCK,
    TGW_ACTION_ADD_SUBNET,
    TGW_ACTION_SET_CNI,
    TGW_ACTION_ROLL_NODE_GROUP,
    TGW_ACTION_ATTACH,
    TGW_ACTION_DETACH,
    TGW_ACTION_ADD_ROUTE,
    TGW_ACTION_REMOVE_ROUTE,
    TGW_ACTION_ADD_CONSUMER,
    TGW_ACTION_REMOVE_CONSUMER,
    TGW_ACTION_EKS_UPGRADE,
} TgwActionKind;

const char *tgw_action_kind_name(TgwActionKind kind);

struct _TgwActionDef {
    TgwActionKind kind;
    int line;
    gint64 at_ms;
    TgwWorkloadDef *workload;     /* scale-workload */
    TgwReplicas replicas;         /* scale-workload */
    TgwNodeGroupDef *node_group;  /* scale-node-group, roll-node-group */
    guint min, max, desired;      /* scale-node-group; G_MAXUINT = unchanged */
    TgwVpcDef *vpc;               /* add-cidr-block, add-subnet */
    TgwCidrBlockDef *cidr_block;  /* add-cidr-block */
    TgwSubnetDef *subnet;         /* add-subnet */
    TgwClusterDef *cluster;       /* set-cni, eks-upgrade */
    TgwCniDef *cni;               /* set-cni: the cluster's settings with this action's changes */
    TgwAttachmentDef *attachment; /* attach, detach */
    TgwTgwRouteDef *route;        /* add-route, remove-route (remove: table and cidr only) */
    TgwConsumerDef *consumer;     /* add-consumer, remove-consumer */
    gint64 duration_ms;           /* eks-upgrade */
    guint extra_enis;             /* eks-upgrade, default 5 */
};

/* ---- expectations ---------------------------------------------------------------------------- */

typedef enum {
    TGW_EXPECT_PODS_WAITING,
    TGW_EXPECT_UNSCHEDULABLE,
    TGW_EXPECT_MIN_FREE,
    TGW_EXPECT_NO_EXHAUSTION_BEFORE,
    TGW_EXPECT_EXHAUSTS_BEFORE,
    TGW_EXPECT_REACHABLE,
    TGW_EXPECT_UNREACHABLE,
    TGW_EXPECT_ROUTE,
    TGW_EXPECT_FINDINGS_MAX,
    TGW_EXPECT_MAX_PODS,
    TGW_EXPECT_EXHAUSTION_PROBABILITY,
    TGW_EXPECT_NODES_AT_EXHAUSTION,
} TgwExpectKind;

const char *tgw_expect_kind_name(TgwExpectKind kind);

struct _TgwExpectDef {
    char *name;
    int line;
    TgwExpectKind kind;
    gboolean has_cni;
    TgwCniMode cni; /* judge under this mode */
    gint64 limit;   /* pods-waiting-for-ip, unschedulable, at-least, nodes-at-exhaustion-min */
    TgwSubnetDef *subnet; /* min-free, no-exhaustion-before, exhausts-before (NULL: any) */
    TgwCountOrPercent min_free;
    gint64 time_ms;              /* no-exhaustion-before, exhausts-before */
    char *from, *to;             /* reachable, unreachable: VPC or subnet, address/VPC/subnet */
    TgwTgwTableDef *table;       /* route */
    TgwCidr cidr;                /* route */
    gboolean present;            /* route: present (TRUE) or absent */
    char *state;                 /* route: active | blackhole | shadowed, or NULL */
    TgwSeverity max_severity;    /* findings-max-severity */
    TgwNodeGroupDef *node_group; /* max-pods */
    guint runs;                  /* with exhaustion-probability-at-most, default 1 */
    double probability;          /* exhaustion-probability-at-most, 0..1 */
};

/* ---- the scenario ---------------------------------------------------------------------------- */

struct _TgwScenario {
    char *file; /* the path as given, for messages */
    char *name;
    char *description; /* NULL when absent */
    char *region;      /* NULL when absent */
    guint64 seed;
    gint64 horizon_ms;
    gint64 sample_every_ms; /* series sampling; default horizon / 500, at least 1 min */
    /* SHA-256 of the file's bytes, and of each --set override after them when there are any, so
     * that runs with different overrides never look like runs of the same input */
    char input_sha256[65];
    GStrv overrides; /* the --set PATH=VALUE strings applied, in order; NULL when none */

    GPtrArray *tgws;      /* TgwTgwDef* */
    GPtrArray *vpcs;      /* TgwVpcDef* */
    GPtrArray *clusters;  /* TgwClusterDef* */
    GPtrArray *consumers; /* TgwConsumerDef*, including those a timeline adds */
    GPtrArray *actions;   /* TgwActionDef*, sorted by time (document order for ties) */
    GPtrArray *expects;   /* TgwExpectDef* */

    /* flat views, owned by the lists above */
    GPtrArray *subnets;     /* TgwSubnetDef*, every VPC's, including timeline-added ones */
    GPtrArray *attachments; /* TgwAttachmentDef* */
    GPtrArray *node_groups; /* TgwNodeGroupDef* */
    GPtrArray *workloads;   /* TgwWorkloadDef* */
};

void tgw_scenario_free(TgwScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwScenario, tgw_scenario_free)

/* look-ups by name; NULL when there is none */
TgwVpcDef *tgw_scenario_find_vpc(const TgwScenario *scenario, const char *name);
TgwTgwDef *tgw_scenario_find_tgw(const TgwScenario *scenario, const char *name);
TgwClusterDef *tgw_scenario_find_cluster(const TgwScenario *scenario, const char *name);
TgwWorkloadDef *tgw_scenario_find_workload(const TgwScenario *scenario, const char *name);
TgwNodeGroupDef *tgw_scenario_find_node_group(const TgwScenario *scenario, const char *name);
TgwConsumerDef *tgw_scenario_find_consumer(const TgwScenario *scenario, const char *name);
TgwSubnetDef *tgw_vpc_find_subnet(const TgwVpcDef *vpc, const char *name);
/* "vpc/subnet", or a subnet name unique in the scenario; *ambiguous set when several match */
TgwSubnetDef *tgw_scenario_find_subnet(const TgwScenario *scenario, const char *ref,
                                       gboolean *ambiguous);
TgwTgwTableDef *tgw_tgw_find_table(const TgwTgwDef *tgw, const char *name);
TgwAttachmentDef *tgw_tgw_find_attachment(const TgwTgwDef *tgw, const char *name);
/* whether the block is one of the VPC's (any time) */
gboolean tgw_vpc_has_cidr(const TgwVpcDef *vpc, TgwCidr cidr);
/* the AZs of a list of subnets, sorted, without repeats */
GPtrArray *tgw_subnets_azs(const GPtrArray *subnets);

G_END_DECLS
