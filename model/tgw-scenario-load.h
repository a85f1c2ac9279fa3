/* tgw-scenario-load.h: reading a scenario file into a TgwScenario.
 *
 * The pipeline, each step stopping the ones after it when it finds an error:
 *   tgw_xml_read (safe XML) -> tgw_set_apply (--set overrides) -> tgw_xml_validate (XSD)
 *   -> check_sizes (absurd counts, before anything is allocated)
 *   -> build_scenario: typed readers, name resolution and defaults in one pass by kind (a
 *      constant default is set just before its attribute is read; the derived ones, such as a
 *      node group's desired and max or a subnet's main table, after), with the checks that need
 *      the attributes as written (NODEGROUP-SIZE, WORKLOAD-SHAPE, CONSUMER-WINDOW, EXPECT-KIND)
 *   -> tgw_lint_scenario (the design checks, tgw-lint.h, on the finished structs).
 * Every problem is a finding; the scenario is returned only when no finding is an error. */
#pragma once

#include "tgw-finding.h"
#include "tgw-scenario.h"

G_BEGIN_DECLS

typedef struct {
    /* "PATH=VALUE" overrides (tgwsim run --set), NULL-terminated, or NULL */
    const char *const *overrides;
    /* skip the semantic checks (the loader's own reference checks still run) */
    gboolean no_lint;
} TgwLoadOptions;

/* NULL when the file cannot be read or any finding is an error; findings gets every finding */
TgwScenario *tgw_scenario_load_file(const char *path, const TgwLoadOptions *options,
                                    TgwFindings *findings);
TgwScenario *tgw_scenario_load_memory(const char *data, gsize len, const char *file,
                                      const TgwLoadOptions *options, TgwFindings *findings);

G_END_DECLS
