/* tgw-scenario-load.h: reading a scenario file into a TgwScenario.
 *
 * The pipeline, each step its own function as in libvirt's conf/ code:
 *   read (safe XML) -> apply --set overrides -> XSD -> parse into structs with typed readers
 *   -> resolve names -> fill defaults -> semantic checks (tgw-lint.h).
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
