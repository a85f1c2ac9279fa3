/* tgw-sim-node.h: EKS nodes (tgw-sim-node.c): launch, readiness, draining, termination, rolls and
 * scaling of node groups. Below it: tgw-sim-ipamd.h, tgw-sim-subnet.h; a node that becomes Ready
 * or goes is told to the scheduler and the workloads through sim->hooks. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

void sim_nodes_init(Sim *sim);
gboolean sim_group_launch(Sim *sim, guint group, gboolean instant);
void sim_node_ready(Sim *sim, guint32 id, guint32 seq);
void sim_node_make_ready(Sim *sim, Node *node);
void sim_node_terminate(Sim *sim, Node *node);
void sim_node_drain(Sim *sim, Node *node);
void sim_group_roll(Sim *sim, guint group);
void sim_roll_step(Sim *sim, guint32 group, guint32 seq);
void sim_group_scale(Sim *sim, guint group, guint min, guint max, guint desired);
/* a launch failed or a node never became Ready: the group's launches wait (LAUNCH_BACKOFF_*) */
void sim_group_back_off(Sim *sim, SimGroup *g);

G_END_DECLS
