/* expat as every reader in vifxml sets it up (the stream, <network>
 * definitions, a vDPA interface's kept bytes): the hardening the README
 * describes (section Hardening) in one place. */
#ifndef VIFXML_XML_H
#define VIFXML_XML_H

#define XML_DTD 1 /* expat 2.5 declares its amplification guard only then */
#include <expat.h>
#include <stdbool.h>
#include <stddef.h>

/* Resets xp for a new document in UTF-8 with user data ud: no parameter
 * entities, expat's amplification guard at VIFXML_LIMIT_AMPLIFICATION,
 * reparse deferral off where expat has it (callers feed large slices, and
 * deferral would hold back the events of a large token). Handlers are the
 * caller's; a DOCTYPE handler that refuses is expected. -1: out of memory. */
int xml_reset(XML_Parser xp, void *ud);

/* The message for an XML declaration's encoding, or NULL when it is one
 * vifxml reads (UTF-8, US-ASCII, or none). */
const char *xml_encoding_problem(const XML_Char *encoding, char *msg,
                                 size_t len);

/* expat's message for an error, saying what was expected where vifxml can:
 * the end tag of the open element (open: its name, NULL when unknown), or
 * plain quotes where a curly quote stands at the error (at: the input bytes
 * there, avail of them). */
void xml_error_message(enum XML_Error code, const char *open, const char *at,
                       size_t avail, char *msg, size_t len);

/* XML's white space (not the locale's: isspace may take a byte of a UTF-8
 * sequence for one). */
static inline bool xml_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Advances a 1-based line and a 0-based column over raw bytes, counting
 * lines and UTF-8 characters as expat does. */
void xml_advance(unsigned long *line, unsigned long *col, const char *p,
                 size_t n);

#endif
