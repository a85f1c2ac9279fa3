/* tgw-import.h: designs people already have, turned into scenarios (tgwsim import).
 *
 * An importer reads a foreign document (so far the JSON of `terraform show -json`, a state or a
 * plan) and writes a scenario document: formatted, deterministic (the same bytes for the same
 * input), each element after a comment naming where it came from, anything that cannot be mapped
 * left as a comment where it would have gone. It never writes a scenario it knows to be wrong:
 * a subnet outside its VPC or a subnet whose VPC is not in the input is an error, not a dropped
 * element. Data flows one way: the importer only writes the scenario language; the loader reads
 * it like any file a user wrote. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    char *xml;            /* the scenario document */
    GPtrArray *warnings;  /* char*: "FILE: ADDRESS: what was left out or guessed, and why" */
    guint placeholders;   /* workloads written as placeholders (Terraform has none) */
    guint resources_read; /* managed resources of the kinds tgwsim maps */
} TgwImport;

void tgw_import_free(TgwImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwImport, tgw_import_free)

/* data/len: the JSON of `terraform show -json` (a state, or a plan); file names it in messages
 * and, by its base name, the scenario. NULL and "FILE: what is wrong" when the input is not a
 * Terraform document tgwsim can read, or describes a network AWS would refuse. */
TgwImport *tgw_import_terraform(const char *data, gsize len, const char *file, GError **error);

/* dir: a folder of AWS CLI JSON outputs (tgwsim's layout or Batfish's aws_configs/REGION/),
 * recognised by their top-level keys; the scenario starts from the subnets' occupancy today.
 * NULL and "FILE: what is wrong" on bad input */
TgwImport *tgw_import_aws(const char *dir, GError **error);

G_END_DECLS
