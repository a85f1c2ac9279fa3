/* tgw-sim-eni.h: a node's ENIs as ipamd sees them (tgw-sim-eni.c): creating, attaching, detaching
 * and freeing ENIs, the addresses and prefixes they hold, and the addresses a node holds in its
 * subnets. No rule of the CNI decides anything here; tgw-sim-ipamd.c does. Below it:
 * tgw-sim-subnet.h, tgw-sim-cooldown.h. */
#pragma once

#include "tgw-sim-cooldown.h"

G_BEGIN_DECLS

#define PREFIX_SIZE 16 /* rule 2: a prefix is a /28 */

Eni *sim_eni_new(Sim *sim, Node *n, guint subnet, guint32 primary_addr, gboolean is_primary,
                 gint64 now);
void sim_eni_free(Sim *sim, Eni *eni);
void sim_node_update_addresses(Sim *sim, Node *n);
void sim_eni_add(Sim *sim, Node *n, Eni *eni, const guint32 *addrs, guint count);
void sim_eni_attach(Sim *sim, Node *n, Eni *eni);
void sim_eni_release_ip(Sim *sim, Node *n, Eni *eni, guint i);
void sim_eni_prefix_release(Sim *sim, Node *n, Eni *eni, guint p);
void sim_eni_free_all(Sim *sim, Node *n, guint index);

G_END_DECLS
