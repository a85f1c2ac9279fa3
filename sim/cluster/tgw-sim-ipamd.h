/* tgw-sim-ipamd.h: the VPC CNI's ipamd on each node (tgw-sim-ipamd.c): its start, its 5 s ticks,
 * the EC2 calls it makes, and the addresses it gives pods and takes back. Below it:
 * tgw-sim-eni.h, tgw-sim-subnet.h; what it tells the layers above goes through sim->hooks. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

void sim_node_ipamd_init(Sim *sim, Node *node);
void sim_node_tick(Sim *sim, guint32 id, guint32 seq);
void sim_node_ec2_done(Sim *sim, guint32 id, guint32 seq);
void sim_node_reschedule_tick(Sim *sim, Node *node);
/* gives the pod an address now if one is assignable; FALSE: it waits */
gboolean sim_node_assign_pod(Sim *sim, Node *node, guint32 pod);
void sim_node_release_pod(Sim *sim, Node *node, guint32 pod);
void sim_node_release_all(Sim *sim, Node *node);
void sim_node_free_memory(Sim *sim, Node *node);
void sim_node_settle(Sim *sim, Node *node);
/* why ipamd could not start on a node (NODE_INIT_FAILED), in words for the verdict */
char *sim_node_init_failure(Sim *sim, const Node *node);

G_END_DECLS
