/* tgw-scenario-private.h: what the scenario loader and its tests need beyond tgw-scenario.h. */
#pragma once

#include "tgw-scenario.h"

G_BEGIN_DECLS

TgwScenario *tgw_scenario_new(const char *file);
TgwCniDef *tgw_cni_def_new(void);
TgwCniDef *tgw_cni_def_copy(const TgwCniDef *cni);
void tgw_cni_def_free(TgwCniDef *cni);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TgwCniDef, tgw_cni_def_free)

G_END_DECLS
