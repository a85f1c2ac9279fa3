/* tgw-lpm.h: longest-prefix-match tables over IPv4 prefixes.
 *
 * The routing model (tgw-routing.c) keeps one of these per TGW route table, per VPC route table
 * and per VPC's set of subnets. A table is filled with prefixes and values, then frozen with
 * tgw_lpm_build(); after that a lookup is one binary search, whatever the number of prefixes.
 * Values are borrowed pointers: the table never frees them. */
#pragma once

#include <glib.h>

#include "tgw-cidr.h"

G_BEGIN_DECLS

typedef struct _TgwLpm TgwLpm;

TgwLpm *tgw_lpm_new(void);
void tgw_lpm_free(TgwLpm *lpm);
/* adds a prefix; when the same prefix is inserted again, the first value stays (callers insert
 * the preferred route first). Only before tgw_lpm_build(). */
void tgw_lpm_insert(TgwLpm *lpm, TgwCidr cidr, gpointer value);
/* freezes the table; lookups need it */
void tgw_lpm_build(TgwLpm *lpm);
/* the value of the longest prefix holding addr, or NULL; *match (may be NULL) gets that prefix */
gpointer tgw_lpm_lookup(const TgwLpm *lpm, guint32 addr, TgwCidr *match);
/* the value of exactly this prefix, or NULL */
gpointer tgw_lpm_exact(const TgwLpm *lpm, TgwCidr cidr);
/* distinct prefixes */
guint tgw_lpm_size(const TgwLpm *lpm);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwLpm, tgw_lpm_free)

G_END_DECLS
