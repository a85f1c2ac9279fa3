/* tgw-report-html.h: the management report, one self-contained HTML file.
 *
 * What `tgwsim run --html F` (one mode) and `tgwsim compare --html F` (modes side by side) write
 * for people who decide: (1) the verdict in plain words with status tiles that say OK / WARN /
 * CRITICAL in words, not colour alone; (2) free addresses per subnet over simulated time, one
 * chart per mode on the same axes (time = the horizon, free = % of usable, so a /24 and a /19
 * share the scale), exhaustion marked; (3) the modes side by side with what custom networking
 * costs; (4) who holds the addresses at each subnet's peak (stacked bars); (5) the network: VPCs,
 * CIDR blocks, TGW route tables and findings, with a topology picture; (6) the assumptions (CNI
 * settings, reserved addresses, instance limits, seeds, input hash, tgwsim version).
 *
 * The page is built as a libxml2 tree, so every name from the scenario is escaped by the
 * serializer, never by hand. It needs no JavaScript, fetches nothing (no fonts, no images, no
 * URLs) and stays readable when a Content-Security-Policy drops inline styles (Jenkins serves
 * archived reports that way): colours are SVG presentation attributes, structure is plain HTML
 * tables and headings, and the <style> block only makes it nicer, including for print (@page,
 * print-color-adjust). The same input gives the same bytes; the generation time appears only
 * when the caller passes one. */
#pragma once

#include "tgw-report-compare.h"

G_BEGIN_DECLS

typedef struct {
    const char *generated_at; /* printed in the header when not NULL (tgwsim --timestamp) */
} TgwHtmlOptions;

/* the whole page, "<!DOCTYPE html>\n<html ...>...</html>\n"; options may be NULL */
char *tgw_report_html(const TgwReportInput *input, const TgwHtmlOptions *options);

G_END_DECLS
