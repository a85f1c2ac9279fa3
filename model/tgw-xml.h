/* tgw-xml.h: safe XML reading and schema validation for scenario files.
 *
 * Scenario files come from architects and from merge requests, so they are read with the network
 * off (XML_PARSE_NONET), without entity substitution or DTD loading, and a document that carries a
 * DTD at all is refused. Every problem becomes a finding with the file and line. */
#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tgw-finding.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)

/* the largest scenario file tgwsim reads */
#define TGW_XML_MAX_BYTES (64 * 1024 * 1024)
/* the most elements a scenario may hold (a 5,000-VPC transit gateway needs about 40,000) and the
 * most attributes one element may carry (the XSD allows about 30): checked on the raw text before
 * the parser builds anything, so that a file within the size limit cannot make a DOM of millions
 * of nodes, nor a start tag with so many attributes that the parser's duplicate check (quadratic
 * in libxml2) runs for minutes */
#define TGW_XML_MAX_ELEMENTS   200000
#define TGW_XML_MAX_ATTRIBUTES 256

/* parses data as an XML document; NULL (with findings) when it is empty, binary, not well-formed
 * or carries a DTD */
xmlDoc *tgw_xml_read(const char *data, gsize len, const char *file, TgwFindings *findings);
/* validates against the embedded scenarios/scenario.xsd; FALSE (with findings) when invalid */
gboolean tgw_xml_validate(xmlDoc *doc, const char *file, TgwFindings *findings);
/* the attribute's value (a copy) or NULL */
char *tgw_xml_prop(xmlNode *node, const char *name);
int tgw_xml_line(xmlNode *node);
/* whether node is an element of that name */
gboolean tgw_xml_is(xmlNode *node, const char *name);

G_END_DECLS
