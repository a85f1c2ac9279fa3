/* tgw-sim-consumer.h: the address consumers that are not pods or nodes (tgw-sim-consumer.c):
 * load balancers (ALBs re-size with their workload), MSK, endpoints, NAT gateways, RDS, TGW
 * attachment ENIs, the EKS control plane and its upgrades. Below it: tgw-sim-subnet.h. */
#pragma once

#include "tgw-sim-state.h"

G_BEGIN_DECLS

void sim_consumers_init(Sim *sim);
void sim_consumers_free(Sim *sim);
void sim_consumer_event(Sim *sim, guint32 id, guint32 seq);
void sim_alb_eval(Sim *sim, guint32 id, guint32 seq);
/* the workload an ALB scales with changed its replicas: the ALB re-sizes */
void sim_alb_workload_changed(Sim *sim, guint32 workload);
void sim_attachment_set(Sim *sim, const TgwAttachmentDef *a, gboolean attached);
void sim_control_plane_init(Sim *sim);
void sim_upgrade_start(Sim *sim, guint32 action);
void sim_upgrade_end(Sim *sim, guint32 action, guint32 seq);

G_END_DECLS
