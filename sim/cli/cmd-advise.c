/* cmd-advise.c: tgwsim advise FILE — the smallest fix that holds, found and proven by simulation.
 *
 * Simulates today's design (--runs N, seeds of runs 0..N-1) and, for each cluster whose subnets
 * run dry or keep less than --headroom free, the candidate fixes of sim/cluster/tgw-sim-advise.h
 * with the same seeds. Ranking: candidates that hold in every run first; then in this order:
 * the warm pool and prefix delegation (settings), new subnets in the VPC's own free room, a CG-NAT
 * block (new address space). Prints a table per cluster (text) or every candidate with its numbers
 * (--json). Exit 0 when every cluster holds today or has a fix that holds, 1 when one has none (the
 * closest is named) or the input is invalid, 2 on a usage error. --scenario writes the scenario
 * file with the fixes that hold written in (each cluster judged with those before it applied),
 * each change with an XML comment. */
#include <stdio.h>
#include <string.h>

#include "tgw-cmd.h"
#include "tgw-json-writer.h"
#include "tgw-scenario-load.h"
#include "tgw-sim-advise.h"
#include "tgw-suggest.h"
#include "tgw-value.h"

static char *
percent(double share)
{
    return g_strdup_printf("%.1f%%", 100.0 * share);
}

static void
outcome_text(GString *out, const TgwAdviseOutcome *o)
{
    g_autofree char *low = percent(o->min_free_share);
    g_string_append_printf(out, "holds in %u of %u runs; lowest free %s", o->holds, o->runs, low);
    if (o->tightest != NULL)
        g_string_append_printf(out, " (%s)", o->tightest);
    if (o->first_exhaustion_ms >= 0) {
        g_autofree char *at = tgw_clock_format(o->first_exhaustion_ms);
        g_string_append_printf(out, "; ran dry in %u, first at %s", o->exhausted_runs, at);
    }
    if (o->headroom_p5_ms >= 0) {
        g_autofree char *at = tgw_clock_format(o->headroom_p5_ms);
        g_string_append_printf(out, "; headroom lost by %s (p5)", at);
    }
    g_string_append_printf(out, "; at most %" G_GUINT64_FORMAT " nodes", o->nodes_peak);
}

/* what a design costs against today's: EC2 calls per hour and pods that waited */
static void
cost_text(GString *out, const TgwAdviseOutcome *o, const TgwAdviseOutcome *today)
{
    g_string_append_printf(out,
                           "EC2 calls %.1f/h (today %.1f/h); pods that waited for an address "
                           "%.1f per run (today %.1f)",
                           o->ec2_per_hour, today->ec2_per_hour, o->waited_per_run,
                           today->waited_per_run);
}

static void
outcome_json(TgwJsonWriter *w, const char *key, const TgwAdviseOutcome *o)
{
    tgw_json_key(w, key);
    tgw_json_begin_object(w);
    tgw_json_member_uint(w, "runs", o->runs);
    tgw_json_member_uint(w, "holds", o->holds);
    tgw_json_key(w, "min_free_share");
    tgw_json_double(w, o->min_free_share, 4);
    tgw_json_member_string(w, "tightest", o->tightest);
    tgw_json_member_uint(w, "exhausted_runs", o->exhausted_runs);
    tgw_json_key(w, "free_prefix_share");
    tgw_json_double(w, o->free_prefix_share, 4);
    tgw_json_key(w, "headroom_p5_s");
    tgw_json_ms_as_seconds_or_null(w, o->headroom_p5_ms);
    tgw_json_member_uint(w, "nodes_peak", o->nodes_peak);
    tgw_json_key(w, "first_exhaustion_s");
    tgw_json_ms_as_seconds_or_null(w, o->first_exhaustion_ms);
    tgw_json_key(w, "ec2_calls");
    tgw_json_begin_object(w);
    tgw_json_member_uint(w, "create_eni", o->ec2.create_eni);
    tgw_json_member_uint(w, "assign", o->ec2.assign);
    tgw_json_member_uint(w, "unassign", o->ec2.unassign);
    tgw_json_member_uint(w, "delete_eni", o->ec2.delete_eni);
    tgw_json_key(w, "per_hour");
    tgw_json_double(w, o->ec2_per_hour, 2);
    tgw_json_end_object(w);
    tgw_json_key(w, "pods_waited_per_run");
    tgw_json_double(w, o->waited_per_run, 2);
    tgw_json_end_object(w);
}

const char *
tgw_advise_kind_label(const char *kind)
{
    if (g_str_equal(kind, "warm-pool"))
        return "warm pool (a setting, no new addresses)";
    if (g_str_equal(kind, "prefix-delegation"))
        return "prefix delegation (a setting, no new addresses)";
    if (g_str_equal(kind, "existing-eniconfigs"))
        return "custom networking on the ENIConfigs already declared (a setting)";
    if (g_str_equal(kind, "routable-subnets"))
        return "routable subnets in the VPC's free room";
    return "custom networking on a CG-NAT block";
}

/* one candidate: what it is and how it fared; the next size (or target) past it; its price */
static void
candidate_text(GString *out, const TgwAdviseCluster *ac, const TgwAdviseCandidate *c)
{
    gboolean warm = g_str_equal(c->kind, "warm-pool");
    gboolean custom = g_str_equal(c->kind, "custom-networking");
    gboolean routable = g_str_equal(c->kind, "routable-subnets");
    char block[TGW_CIDR_STRLEN];

    g_string_append_printf(out, "  %s: ", tgw_advise_kind_label(c->kind));
    if (!c->possible) {
        g_string_append_printf(out, "not possible: %s\n", c->why_not);
        return;
    }
    if (warm) {
        g_string_append_printf(out, "WARM_IP_TARGET=%u, WARM_ENI_TARGET=0", c->warm_ip_target);
        if (c->minimum_ip_target > 0)
            g_string_append_printf(out, ", MINIMUM_IP_TARGET=%u", c->minimum_ip_target);
        g_string_append(out, ": ");
    } else if (routable) {
        for (guint k = 0; k < c->subnets_cidrs->len; k++)
            g_string_append_printf(
                out, "%s%s", k > 0 ? " " : "",
                tgw_cidr_format(g_array_index(c->subnets_cidrs, TgwCidr, k), block));
        g_string_append_printf(out, " (%u x /%u, one per AZ): ", c->n_subnets, c->subnet_len);
    } else if (custom) {
        g_string_append_printf(out,
                               "%s as %u x /%u, one per AZ: ", tgw_cidr_format(c->block, block),
                               c->n_subnets, c->subnet_len);
    }
    outcome_text(out, &c->outcome);
    g_string_append_c(out, '\n');
    if (c->has_looser) {
        g_string_append_printf(out,
                               "    the next larger, WARM_IP_TARGET=%u: ", c->warm_ip_target + 1);
        outcome_text(out, &c->looser);
        g_string_append_c(out, '\n');
    }
    if (c->has_smaller) {
        g_string_append_printf(out, "    the next smaller, %u x /%u: ", c->n_subnets,
                               c->smaller_len);
        outcome_text(out, &c->smaller);
        g_string_append_c(out, '\n');
    }
    if (!tgw_advise_candidate_holds(c) && (warm || routable || custom))
        g_string_append(out, warm       ? "    does not hold even with WARM_IP_TARGET=1\n"
                             : routable ? "    does not hold even with the largest subnets the "
                                          "free room fits\n"
                                        : "    does not hold even with the largest pod subnets "
                                          "(a /16 block)\n");
    if (warm) {
        g_string_append(out, "    its price: ");
    } else if (routable) {
        g_string_append_printf(out,
                               "    free room: %s; its price: the node groups (or the "
                               "ENIConfigs) move to new subnets; ",
                               c->free_room);
    } else if (g_str_equal(c->kind, "prefix-delegation")) {
        g_autofree char *free28 = percent(c->outcome.free_prefix_share);
        g_string_append_printf(out,
                               "    free /28 blocks left at the end: %s of the tightest subnet; "
                               "max pods per node %u -> %u; ",
                               free28, c->max_pods_before, c->max_pods_after);
    } else {
        g_string_append_printf(out,
                               "    its price: max pods per node %u -> %u (the primary ENI serves "
                               "no pods); pod egress SNATed to the node's address; ",
                               c->max_pods_before, c->max_pods_after);
    }
    cost_text(out, &c->outcome, &ac->today);
    g_string_append_c(out, '\n');
    if (c->reuse != NULL)
        g_string_append_printf(out,
                               "    VPC '%s' on the same transit gateway uses the block too: "
                               "safe, as this VPC propagates into no TGW route table\n",
                               c->reuse);
    if (c->avoided != NULL)
        g_string_append_printf(out,
                               "    passed over %s; took a block no other VPC on the transit "
                               "gateway uses\n",
                               c->avoided);
    if (c->tgw_note != NULL)
        g_string_append_printf(out, "    TGW (as tgwsim routes shows it): %s\n", c->tgw_note);
}

static void
advice_text(const TgwScenario *sc, const GPtrArray *advice, const TgwAdviseOptions *o, GString *out)
{
    g_autofree char *horizon =
        tgw_duration_format(o->horizon_ms > 0 ? o->horizon_ms : sc->horizon_ms);
    g_autofree char *head = percent(o->headroom);
    g_string_append_printf(out,
                           "%s: %u runs of %s each; a design holds when every subnet of the "
                           "cluster keeps %s free in every run\n",
                           sc->name, o->runs, horizon, head);
    for (guint i = 0; i < advice->len; i++) {
        const TgwAdviseCluster *ac = advice->pdata[i];
        g_string_append_printf(out, "\ncluster %s today%s: ", ac->cluster,
                               ac->after_fixes ? " (with the fixes above applied)" : "");
        outcome_text(out, &ac->today);
        g_string_append_c(out, '\n');
        if (!ac->needs_fix) {
            g_autofree char *low = percent(ac->today.min_free_share);
            g_string_append_printf(out, "nothing to do: every subnet keeps %s free or more\n", low);
            continue;
        }
        for (guint k = 0; k < ac->candidates->len; k++)
            candidate_text(out, ac, ac->candidates->pdata[k]);
        {
            guint designs = 1;
            for (guint k = 0; k < ac->candidates->len; k++)
                designs += ((const TgwAdviseCandidate *) ac->candidates->pdata[k])->simulated;
            g_string_append_printf(out, "  %u designs simulated, today's included\n", designs);
        }
    }
}

static void
advice_json(const GPtrArray *advice, const TgwAdviseOptions *o, TgwJsonWriter *w)
{
    tgw_json_begin_object(w);
    tgw_json_member_int(w, "format", 1);
    tgw_json_member_uint(w, "runs", o->runs);
    tgw_json_key(w, "headroom");
    tgw_json_double(w, o->headroom, 4);
    tgw_json_key(w, "clusters");
    tgw_json_begin_array(w);
    for (guint i = 0; i < advice->len; i++) {
        const TgwAdviseCluster *ac = advice->pdata[i];
        tgw_json_begin_object(w);
        tgw_json_member_string(w, "cluster", ac->cluster);
        tgw_json_member_bool(w, "needs_fix", ac->needs_fix);
        tgw_json_member_bool(w, "after_fixes_above", ac->after_fixes);
        outcome_json(w, "today", &ac->today);
        tgw_json_key(w, "candidates");
        tgw_json_begin_array(w);
        for (guint k = 0; k < ac->candidates->len; k++) {
            const TgwAdviseCandidate *c = ac->candidates->pdata[k];
            g_autofree char *block = c->possible && g_str_equal(c->kind, "custom-networking")
                                         ? tgw_cidr_to_string(c->block)
                                         : NULL;
            tgw_json_begin_object(w);
            tgw_json_member_string(w, "kind", c->kind);
            tgw_json_member_bool(w, "possible", c->possible);
            tgw_json_member_string(w, "why_not", c->why_not);
            tgw_json_member_bool(w, "holds", tgw_advise_candidate_holds(c));
            tgw_json_member_uint(w, "designs_simulated", c->simulated);
            tgw_json_member_string(w, "block", block);
            tgw_json_member_uint(w, "subnet_prefix", c->subnet_len);
            tgw_json_member_uint(w, "subnets", c->n_subnets);
            tgw_json_member_string(w, "shared_with_vpc", c->reuse);
            tgw_json_member_string(w, "passed_over", c->avoided);
            tgw_json_member_string(w, "tgw", c->tgw_note);
            tgw_json_member_string(w, "free_room", c->free_room);
            if (c->subnets_cidrs->len > 0) {
                tgw_json_key(w, "new_subnets");
                tgw_json_begin_array(w);
                for (guint k2 = 0; k2 < c->subnets_cidrs->len; k2++) {
                    g_autofree char *one =
                        tgw_cidr_to_string(g_array_index(c->subnets_cidrs, TgwCidr, k2));
                    tgw_json_string(w, one);
                }
                tgw_json_end_array(w);
            }
            tgw_json_member_uint(w, "max_pods_before", c->max_pods_before);
            tgw_json_member_uint(w, "max_pods_after", c->max_pods_after);
            if (g_str_equal(c->kind, "warm-pool") && c->possible) {
                tgw_json_member_uint(w, "warm_ip_target", c->warm_ip_target);
                tgw_json_member_uint(w, "warm_eni_target", 0);
                tgw_json_member_uint(w, "minimum_ip_target", c->minimum_ip_target);
            }
            if (c->possible)
                outcome_json(w, "outcome", &c->outcome);
            if (c->has_smaller) {
                tgw_json_member_uint(w, "smaller_subnet_prefix", c->smaller_len);
                outcome_json(w, "smaller_outcome", &c->smaller);
            }
            if (c->has_looser) {
                tgw_json_member_uint(w, "looser_warm_ip_target", c->warm_ip_target + 1);
                outcome_json(w, "looser_outcome", &c->looser);
            }
            tgw_json_end_object(w);
        }
        tgw_json_end_array(w);
        tgw_json_end_object(w);
    }
    tgw_json_end_array(w);
    tgw_json_end_object(w);
}

int
tgw_cmd_advise(int argc, char **argv)
{
    g_autofree char *cluster = NULL, *horizon = NULL, *seed = NULL, *headroom = NULL;
    g_autofree char *json = NULL, *data = NULL, *scenario_out = NULL, *terraform = NULL;
    g_autofree char *fix_kind = NULL, *html = NULL;
    gint runs = 5, threads = 0;
    GOptionEntry entries[] = {
        {"cluster", 0, 0, G_OPTION_ARG_STRING, &cluster, "Only this cluster", "NAME"},
        {"horizon", 0, 0, G_OPTION_ARG_STRING, &horizon, "Simulate this long instead", "DURATION"},
        {"runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per design (default 5)", "N"},
        {"seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Seed instead of the scenario's", "N"},
        {"headroom", 0, 0, G_OPTION_ARG_STRING, &headroom,
         "Free share every subnet must keep (default 20%)", "P%"},
        {"threads", 0, 0, G_OPTION_ARG_INT, &threads, "Threads (default: cores)", "N"},
        {"json", 0, 0, G_OPTION_ARG_FILENAME, &json, "Write the advice as JSON (- for stdout)",
         "FILE"},
        {"scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_out,
         "Write the scenario with the fixes that hold applied", "FILE"},
        {"fix", 0, 0, G_OPTION_ARG_STRING, &fix_kind,
         "Rank this kind first among the fixes that hold (warm-pool, prefix-delegation, "
         "existing-eniconfigs, routable-subnets, custom-networking)",
         "KIND"},
        {"html", 0, 0, G_OPTION_ARG_FILENAME, &html,
         "Write the options as a page a manager can forward (- for stdout)", "FILE.html"},
        {"terraform", 0, 0, G_OPTION_ARG_FILENAME, &terraform,
         "Write the fixes that hold as Terraform HCL (- for stdout)", "FILE.tf"},
        {NULL}};
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE - the smallest fix that holds, proven by simulation");
    g_autoptr(TgwFindings) findings = tgw_findings_new();
    g_autoptr(TgwScenario) sc = NULL;
    g_autoptr(GPtrArray) advice = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) text = g_string_new(NULL);
    TgwAdviseOptions opts = {0};
    const TgwAdviseCandidate *pick = NULL;
    gsize len = 0;
    gboolean fixed = TRUE;

    g_option_context_set_summary(
        context,
        "For each cluster whose subnets run dry, or keep less than the headroom free, "
        "simulates candidate fixes\nwith the same seeds as today's design and reports "
        "the smallest that holds in every run.\nCandidates, in ranking order after "
        "those that hold come first (settings before new address space):\n"
        "  warm pool: the largest WARM_IP_TARGET (WARM_ENI_TARGET=0) that holds\n"
        "  prefix delegation (Nitro instances only)\n"
        "  routable subnets: one per AZ in the VPC's own free room, the nodes moved there\n"
        "  custom networking on a CG-NAT block (100.64.0.0/10), one pod subnet per AZ\n"
        "Sizes and targets are found by bisection. Each cluster is judged with the fixes "
        "of those before it applied.");
    g_option_context_add_main_entries(context, entries, NULL);
    if (!tgw_cmd_parse(context, &argc, &argv))
        return TGW_EXIT_USAGE;
    if (argc != 2)
        return tgw_cmd_usage_error("advise", "give exactly one scenario file");
    if (runs < 1 || runs > 1000)
        return tgw_cmd_usage_error("advise", "--runs takes 1 to 1000");
    if (threads < 0 || threads > 1024)
        return tgw_cmd_usage_error("advise", "--threads takes 1 to 1024 (0: one per core)");
    if (fix_kind != NULL) {
        static const char *const kinds[] = {"warm-pool",           "prefix-delegation",
                                            "existing-eniconfigs", "routable-subnets",
                                            "custom-networking",   NULL};
        if (!g_strv_contains(kinds, fix_kind))
            return tgw_cmd_usage_error("advise", "--fix takes warm-pool, prefix-delegation, "
                                                 "existing-eniconfigs, routable-subnets or "
                                                 "custom-networking");
        opts.prefer = fix_kind;
    }
    opts.runs = (guint) runs;
    opts.threads = (guint) threads;
    opts.headroom = 0.2;
    if (headroom != NULL && (!tgw_share_parse(headroom, &opts.headroom, NULL) ||
                             opts.headroom < 0 || opts.headroom > 0.9))
        return tgw_cmd_usage_error("advise", "--headroom takes a share from 0% to 90%, e.g. 20%");
    if (horizon != NULL &&
        (!tgw_duration_parse(horizon, &opts.horizon_ms, NULL) || opts.horizon_ms <= 0))
        return tgw_cmd_usage_error("advise", "--horizon takes a duration above zero, e.g. 30d");
    if (seed != NULL) {
        if (!g_ascii_string_to_unsigned(seed, 10, 0, G_MAXUINT64, &opts.seed, NULL))
            return tgw_cmd_usage_error("advise", "--seed takes a whole number from 0 to "
                                                 "18446744073709551615");
        opts.override_seed = TRUE;
    }
    if (!g_file_get_contents(argv[1], &data, &len, &error)) {
        fprintf(stderr, "tgwsim advise: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    sc = tgw_scenario_load_memory(data, len, argv[1], NULL, findings);
    tgw_findings_print(findings, stderr);
    if (sc == NULL)
        return TGW_EXIT_FAIL;
    if (cluster != NULL) {
        g_autoptr(GPtrArray) names = g_ptr_array_new();
        const char *best = NULL;
        gboolean found = FALSE;
        for (guint i = 0; i < sc->clusters->len; i++) {
            const TgwClusterDef *c = sc->clusters->pdata[i];
            found |= g_str_equal(c->name, cluster);
            g_ptr_array_add(names, c->name);
        }
        g_ptr_array_add(names, NULL);
        if (!found) {
            g_autofree char *msg = NULL;
            best = tgw_suggest(cluster, (const char *const *) names->pdata);
            msg = g_strdup_printf("no cluster named '%s' in %s%s%s%s", cluster, argv[1],
                                  best != NULL ? "; did you mean '" : "", best != NULL ? best : "",
                                  best != NULL ? "'?" : "");
            return tgw_cmd_usage_error("advise", msg);
        }
    }
    advice = tgw_advise(sc, data, len, argv[1], cluster, &opts, &error);
    if (advice == NULL) {
        fprintf(stderr, "tgwsim advise: %s\n", error->message);
        return TGW_EXIT_FAIL;
    }
    for (guint i = 0; i < advice->len; i++) {
        const TgwAdviseCluster *ac = advice->pdata[i];
        const TgwAdviseCandidate *fix = tgw_advise_cluster_fix(ac);
        if (ac->needs_fix && fix == NULL)
            fixed = FALSE;
        if (fix != NULL)
            pick = fix; /* the last carries the fixes before it */
    }
    if (scenario_out != NULL) {
        if (pick != NULL && !tgw_cmd_write_output(scenario_out, pick->scenario_xml, &error)) {
            fprintf(stderr, "tgwsim advise: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
        if (pick == NULL)
            fprintf(stderr, "tgwsim advise: no fix that holds: %s not written\n", scenario_out);
    }
    if (html != NULL) {
        g_autofree char *page = tgw_advise_html(sc, advice, &opts);
        if (!tgw_cmd_write_output(html, page, &error)) {
            fprintf(stderr, "tgwsim advise: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (terraform != NULL) {
        g_autofree char *hcl = tgw_advise_terraform(sc, data, len, argv[1], advice);
        if (!tgw_cmd_write_output(terraform, hcl, &error)) {
            fprintf(stderr, "tgwsim advise: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if (json != NULL) {
        g_autoptr(TgwJsonWriter) w = tgw_json_writer_new();
        advice_json(advice, &opts, w);
        if (!tgw_cmd_write_output(json, tgw_json_writer_get(w), &error)) {
            fprintf(stderr, "tgwsim advise: %s\n", error->message);
            return TGW_EXIT_FAIL;
        }
    }
    if ((json == NULL || !g_str_equal(json, "-")) &&
        (scenario_out == NULL || !g_str_equal(scenario_out, "-")) &&
        (terraform == NULL || !g_str_equal(terraform, "-")) &&
        (html == NULL || !g_str_equal(html, "-"))) {
        advice_text(sc, advice, &opts, text);
        if (!fixed)
            g_string_append(text,
                            "\nno candidate holds in every run: the closest is shown above\n");
        fputs(text->str, stdout);
    }
    return fixed ? TGW_EXIT_OK : TGW_EXIT_FAIL;
}
