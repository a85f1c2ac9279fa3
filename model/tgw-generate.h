/* tgw-generate.h: large scenarios for benchmarks, written as scenario XML.
 *
 *   point a: one cluster, N m5.4xlarge nodes, M churning pods (1 h mean lifetimes), custom
 *            networking, on three /16 pod subnets; 30 days
 *   point b: K small VPCs on one TGW, each with a 2-4 node cluster and churning pods; 90 days
 *   point c: one TGW with A VPC attachments and a few route tables, for routes and reach
 * The text goes through the normal loader, so a benchmark measures what a user would run. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tgw_generate_point_a(guint nodes, guint pods, const char *horizon);
char *tgw_generate_point_b(guint vpcs, const char *horizon);
char *tgw_generate_point_c(guint attachments);

G_END_DECLS
