/* The expat set-up shared by every reader (lib/xml.h). */
#include "xml.h"

#include "vifxml.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int xml_reset(XML_Parser xp, void *ud) {
  if (XML_ParserReset(xp, "UTF-8") != XML_TRUE)
    return -1;
  XML_SetUserData(xp, ud);
  XML_SetParamEntityParsing(xp, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(
      xp, VIFXML_LIMIT_AMPLIFICATION);
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
  XML_SetReparseDeferralEnabled(xp, XML_FALSE);
#endif
  return 0;
}

const char *xml_encoding_problem(const XML_Char *encoding, char *msg,
                                 size_t len) {
  if (!encoding || !strcasecmp(encoding, "UTF-8") ||
      !strcasecmp(encoding, "US-ASCII"))
    return NULL;
  snprintf(msg, len, "unsupported encoding '%.64s': expected UTF-8", encoding);
  return msg;
}

void xml_advance(unsigned long *line, unsigned long *col, const char *p,
                 size_t n) {
  /* Lines by memchr; only the last line's characters matter for col. */
  const char *end = p + n, *q = p, *nl;
  while ((nl = memchr(q, '\n', (size_t)(end - q)))) {
    (*line)++;
    q = nl + 1;
  }
  if (q != p)
    *col = 0;
  for (; q < end; q++)
    if (((unsigned char)*q & 0xC0) != 0x80)
      (*col)++;
}
