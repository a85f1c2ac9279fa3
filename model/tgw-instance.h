/* tgw-instance.h: the EC2 instance-type table (limits, vCPUs, allocatable resources) and the
 * max-pods arithmetic of the VPC CNI and the EKS AMI.
 *
 * The table is tgwsim's own data file model/data/instances.csv, embedded as a GResource (its
 * sources are in model/data/SOURCE.md). It is parsed once, on first use, and never changes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    const char *name;
    guint max_enis;     /* ENIs on the default network card (VPC CNI ENILimit) */
    guint ipv4_per_eni; /* addresses per ENI including its primary (IPv4Limit) */
    gboolean nitro;     /* Nitro hypervisor or bare metal: prefix delegation works */
    gboolean bare_metal;
    guint vcpus;          /* 0 when unknown */
    guint64 memory_mib;   /* 0 when unknown */
    gint64 alloc_cpu_m;   /* allocatable millicores, 0 when unknown */
    gint64 alloc_mem_mib; /* allocatable MiB, 0 when unknown */
} TgwInstanceType;

/* NULL when the type is not in the table */
const TgwInstanceType *tgw_instance_lookup(const char *name);
/* every type, sorted by name */
const TgwInstanceType *const *tgw_instance_all(guint *n_types);
/* the closest known name, for "did you mean"; NULL if none is close */
const char *tgw_instance_suggest(const char *name);

typedef struct {
    gboolean custom_networking; /* the primary ENI serves no pods */
    gboolean prefix_delegation; /* /28 prefixes per slot (Nitro only; falls back otherwise) */
    guint max_eni;              /* MAX_ENI; 0 = unset */
    gboolean cap;               /* EKS recommendation: 110, or 250 above 30 vCPUs */
} TgwMaxPodsOptions;

/* max pods as the VPC CNI / max-pods-calculator.sh computes it (vpc-cni.md rule 28); explain,
 * when not NULL, receives one line saying how the number was obtained */
guint tgw_instance_max_pods(const TgwInstanceType *type, const TgwMaxPodsOptions *options,
                            char **explain);

G_END_DECLS
