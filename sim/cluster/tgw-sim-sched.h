/* tgw-sim-sched.h: the scheduler, pending pods and the cluster autoscaler (tgw-sim-sched.c). Below
 * it: tgw-sim-node.h (the autoscaler launches, drains and terminates nodes); a pending pod the
 * retry places is bound through sim->hooks. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

/* the per-zone load queues of every node group */
void sim_sched_init(Sim *sim);
void sim_sched_add_node(Sim *sim, Node *node);
void sim_sched_remove_node(Sim *sim, Node *node);
void sim_sched_update_node(Sim *sim, Node *node);
/* the node a pending pod goes to, or NULL: it stays pending; the caller binds it */
Node *sim_sched_place(Sim *sim, guint32 pod);
void sim_sched_capacity_changed(Sim *sim, guint32 cluster);
void sim_sched_retry(Sim *sim, guint32 cluster, guint32 seq);
void sim_ca_scan(Sim *sim, guint32 cluster, guint32 seq);
void sim_ca_request_scan(Sim *sim, guint32 cluster);
void sim_scale_down_check(Sim *sim, guint32 node, guint32 seq);
void sim_node_load_changed(Sim *sim, Node *node);

G_END_DECLS
