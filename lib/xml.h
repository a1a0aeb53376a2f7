/* expat as every reader in vifxml sets it up (the stream, <network>
 * definitions, a vDPA interface's kept bytes): the hardening the README
 * describes (section Hardening) in one place. */
#ifndef VIFXML_XML_H
#define VIFXML_XML_H

#define XML_DTD 1 /* expat 2.5 declares its amplification guard only then */
#include <expat.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "internal.h"
#include "vifxml.h"

/* Resets xp for a new document in UTF-8 with user data ud: no parameter
 * entities, expat's amplification guard at VIFXML_LIMIT_AMPLIFICATION,
 * reparse deferral off where expat has it (callers feed large slices, and
 * deferral would hold back the events of a large token). Handlers are the
 * caller's; a DOCTYPE handler that refuses is expected. -1: out of memory. */
int xml_reset(XML_Parser xp, void *ud);

/* expat's message for an error, saying what was expected where vifxml can:
 * the end tag of the open element (open: its name, NULL when unknown), or
 * plain quotes where a curly quote stands at the error (at: the input bytes
 * there, avail of them). Returns the error's code: bytes that are not
 * UTF-8 are an encoding error, the rest of expat's a syntax error (but no
 * memory and the amplification limit). */
vifxml_error_code xml_error_message(enum XML_Error code, const char *open,
                                    const char *at, size_t avail, char *msg,
                                    size_t len);

/* XML's white space (not the locale's: isspace may take a byte of a UTF-8
 * sequence for one). */
static inline bool xml_is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Advances a 1-based line and a 0-based column over raw bytes, counting
 * lines and UTF-8 characters as expat does. */
void xml_advance(unsigned long *line, unsigned long *col, const char *p,
                 size_t n);

/* ## Units: top-level elements, each parsed as a document of its own
 *
 * What a reader of units (the stream, network definitions) shares with the
 * handlers below: its parser, where the current unit starts, and its
 * error. The reader's expat user data is a struct that begins with it. */
typedef struct {
  XML_Parser xp;
  /* The unit's bytes from its first, at least while its prolog is parsed
   * (the DOCTYPE handler looks back at them). */
  const char *bytes;
  unsigned long base_line, base_col; /* where the unit starts (col 0-based) */
  const char *file;
  vifxml_error *err;
  bool failed; /* err is set: the first error stands */
  /* expat's hash salt, drawn once for all the units: expat draws one from
   * the kernel at every reset, a system call per document of a stream. */
  unsigned long salt;
} xml_unit;

/* xml_reset with u as user data, then the element handlers and those that
 * refuse a DOCTYPE and an encoding vifxml does not read. -1: out of memory. */
int xml_unit_reset(xml_unit *u, XML_StartElementHandler start,
                   XML_EndElementHandler end);

/* The position of the current event: 1-based line and column. Inline: the
 * stream asks it at every tag inside an interface. */
static inline void xml_position(const xml_unit *u, unsigned long *line,
                                unsigned long *col) {
  unsigned long l = (unsigned long)XML_GetCurrentLineNumber(u->xp);
  unsigned long c = (unsigned long)XML_GetCurrentColumnNumber(u->xp);
  *line = u->base_line + l - 1;
  *col = (l == 1 ? u->base_col + c : c) + 1;
}

/* Sets the error, unless one is set already. */
VIFXML_COLD
void xml_fail(xml_unit *u, vifxml_error_code code, unsigned long line,
              unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void xml_vfail(xml_unit *u, vifxml_error_code code, unsigned long line,
               unsigned long col, const char *fmt, va_list ap);

/* Sets the error at the current event and stops the parser. */
VIFXML_COLD
void xml_fail_here(xml_unit *u, vifxml_error_code code, const char *msg);

/* Says that an element would pass the nesting limit (xml_fail_here). */
VIFXML_COLD
void xml_fail_deep(xml_unit *u);

/* Whether an element opened with depth elements open would pass the
 * nesting limit: then xml_fail_deep says so. Inline: asked at every tag. */
static inline bool xml_too_deep(xml_unit *u, int depth) {
  if (depth < VIFXML_LIMIT_DEPTH)
    return false;
  xml_fail_deep(u);
  return true;
}

#endif
