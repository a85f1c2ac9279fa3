/* tgw-cidr.h: IPv4 addresses, CIDR blocks and prefix sets.
 *
 * The arithmetic every other module stands on: strict parsing (a CIDR with host bits set is an
 * error that names the canonical form, as AWS would canonicalise it silently), containment,
 * overlap, splitting, the usable size of an AWS subnet (size - 5) and sets of prefixes kept as
 * sorted disjoint intervals. TgwCidr is a plain value type: copy it freely. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* longest text forms, with the terminating NUL */
#define TGW_IPV4_STRLEN 16
#define TGW_CIDR_STRLEN 19

typedef struct {
    guint32 addr; /* network address, host order, host bits clear */
    guint8 len;   /* prefix length 0..32 */
} TgwCidr;

/* the five addresses AWS keeps in every subnet: network, router, DNS, future use, broadcast */
#define TGW_AWS_RESERVED_PER_SUBNET 5

gboolean tgw_ipv4_parse(const char *text, guint32 *out, GError **error);
const char *tgw_ipv4_format(guint32 addr, char buf[TGW_IPV4_STRLEN]);

/* a block with host bits set fails with TGW_ERROR_NOT_CANONICAL, anything else that is not a
 * block with TGW_ERROR_INVALID */
gboolean tgw_cidr_parse(const char *text, TgwCidr *out, GError **error);
const char *tgw_cidr_format(TgwCidr cidr, char buf[TGW_CIDR_STRLEN]);
/* a newly allocated "a.b.c.d/n" */
char *tgw_cidr_to_string(TgwCidr cidr);

guint32 tgw_cidr_mask(guint len);
guint32 tgw_cidr_first(TgwCidr cidr);
guint32 tgw_cidr_last(TgwCidr cidr);
guint64 tgw_cidr_size(TgwCidr cidr);
/* addresses EC2 can hand out in a subnet of this block: size - 5, or 0 when the block is smaller
 * than AWS allows (a /29 or longer cannot be a subnet) */
guint64 tgw_cidr_aws_usable(TgwCidr cidr);
/* the addresses of block, a block of subnet, that are not among the five AWS keeps in subnet:
 * what a CIDR reservation can hold */
guint64 tgw_cidr_aws_usable_within(TgwCidr subnet, TgwCidr block);

gboolean tgw_cidr_contains_addr(TgwCidr cidr, guint32 addr);
gboolean tgw_cidr_contains(TgwCidr outer, TgwCidr inner);
gboolean tgw_cidr_overlaps(TgwCidr a, TgwCidr b);
gboolean tgw_cidr_equal(TgwCidr a, TgwCidr b);
/* order by network address, then shorter prefix first: a qsort/GArray comparator on TgwCidr */
gint tgw_cidr_compare(gconstpointer a, gconstpointer b);

/* the 2^(new_len - len) blocks of length new_len inside cidr, in address order */
GArray *tgw_cidr_split(TgwCidr cidr, guint new_len, GError **error);

/* the well-known ranges the VPC rules speak of */
extern const TgwCidr TGW_CIDR_RFC1918_10;   /* 10.0.0.0/8 */
extern const TgwCidr TGW_CIDR_RFC1918_172;  /* 172.16.0.0/12 */
extern const TgwCidr TGW_CIDR_RFC1918_192;  /* 192.168.0.0/16 */
extern const TgwCidr TGW_CIDR_CGNAT;        /* 100.64.0.0/10 */
extern const TgwCidr TGW_CIDR_BENCH_198_19; /* 198.19.0.0/16 */
extern const TgwCidr TGW_CIDR_LINK_LOCAL;   /* 169.254.0.0/16 */

/* A set of IPv4 addresses kept as sorted, disjoint, non-adjacent intervals. */
typedef struct _TgwPrefixSet TgwPrefixSet;

TgwPrefixSet *tgw_prefix_set_new(void);
void tgw_prefix_set_free(TgwPrefixSet *set);
void tgw_prefix_set_add(TgwPrefixSet *set, TgwCidr cidr);
void tgw_prefix_set_remove(TgwPrefixSet *set, TgwCidr cidr);
gboolean tgw_prefix_set_contains_addr(const TgwPrefixSet *set, guint32 addr);
/* every address of cidr is in the set */
gboolean tgw_prefix_set_covers(const TgwPrefixSet *set, TgwCidr cidr);
/* some address of cidr is in the set */
gboolean tgw_prefix_set_intersects(const TgwPrefixSet *set, TgwCidr cidr);
guint64 tgw_prefix_set_size(const TgwPrefixSet *set);
gboolean tgw_prefix_set_is_empty(const TgwPrefixSet *set);
/* the fewest CIDR blocks that make up the set, in address order (GArray of TgwCidr) */
GArray *tgw_prefix_set_to_cidrs(const TgwPrefixSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwPrefixSet, tgw_prefix_set_free)

G_END_DECLS
