/* tgw-sim-workload.h: deployments, jobs and daemonsets and the pods they own (tgw-sim-workload.c):
 * replicas over time, rollouts, pod creation, binding, start, end and eviction. The highest module
 * below tgw-sim.c: it calls the scheduler, ipamd, the node groups' accounting and the ALBs. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

void sim_workloads_init(Sim *sim);
void sim_workloads_free(Sim *sim);
void sim_workloads_start(Sim *sim);
guint32 sim_pod_create(Sim *sim, guint32 workload, gint64 lifetime_ms);
void sim_pod_bind(Sim *sim, guint32 pod, Node *node);
void sim_pod_got_address(Sim *sim, guint32 pod);
void sim_pod_delete(Sim *sim, guint32 pod);
void sim_pod_evict(Sim *sim, guint32 pod);
void sim_pod_end(Sim *sim, guint32 pod, guint32 seq);
void sim_pod_prefetch(gpointer sim, guint32 pod, guint ahead);
void sim_pod_ready(Sim *sim, guint32 pod, guint32 seq);
void sim_job_arrival(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_scale_tick(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_set_replicas(Sim *sim, guint32 workload, const TgwReplicas *replicas);
void sim_rollout(Sim *sim, guint32 workload, guint32 seq);
void sim_workload_reconcile(Sim *sim, guint32 workload);
void sim_daemonsets_bind(Sim *sim, Node *node);
void sim_pods_account_time(Sim *sim);

G_END_DECLS
