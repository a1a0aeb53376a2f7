/* The expat set-up shared by every reader, and the handlers shared by the
 * readers of units (lib/xml.h). */
#include "xml.h"

#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

/* The message for an XML declaration's encoding, or NULL when it is one
 * vifxml reads (UTF-8, US-ASCII, or none). */
static const char *encoding_problem(const XML_Char *encoding, char *msg,
                                    size_t len) {
  if (!encoding || !strcasecmp(encoding, "UTF-8") ||
      !strcasecmp(encoding, "US-ASCII"))
    return NULL;
  snprintf(msg, len,
           "unsupported encoding '%.64s': expected UTF-8 (convert the file, "
           "e.g. iconv -f %.64s -t UTF-8, and declare UTF-8 or no encoding)",
           encoding, encoding);
  return msg;
}

/* Whether the bytes at c cannot begin a UTF-8 character (a prefix of one,
 * cut by the end of what is there, may still be one). */
static bool not_utf8(const unsigned char *c, size_t avail) {
  if (!avail || c[0] < 0x80)
    return false;
  size_t need = c[0] >= 0xC2 && c[0] <= 0xDF   ? 2
                : c[0] >= 0xE0 && c[0] <= 0xEF ? 3
                : c[0] >= 0xF0 && c[0] <= 0xF4 ? 4
                                               : 0;
  if (!need)
    return true;
  for (size_t i = 1; i < need && i < avail; i++)
    if ((c[i] & 0xC0) != 0x80)
      return true;
  return false;
}

/* Counting eight bytes at a time: each test leaves the top bit of every
 * byte that passes it, and the multiply adds those bits up. The zero-byte
 * test is the exact form (no borrow between bytes). */
#define ONES 0x0101010101010101ull
#define LOW7 0x7F7F7F7F7F7F7F7Full
#define TOPS 0x8080808080808080ull

static uint64_t load8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

static uint64_t lf_bytes(uint64_t x) {
  x ^= ONES * '\n';
  return ~(((x & LOW7) + LOW7) | x | LOW7);
}

static size_t marked(uint64_t m) { return (size_t)(((m >> 7) * ONES) >> 56); }

/* Sixteen bytes at a time in GCC's vector extension (SSE2 on x86-64,
 * plain code where there is no such unit): a compare gives 0xFF, that is
 * minus one, per matching byte, counted in byte lanes for up to 255 rounds
 * and then summed. Over a stream of small documents every byte is counted
 * once, so this loop is most of what vifxml adds to expat there. */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

static bytes16 load16(const unsigned char *p) {
  bytes16 v;
  memcpy(&v, p, 16);
  return v;
}

static size_t count_lf(const unsigned char *p, size_t n) {
  const bytes16 lf = (bytes16){0} + '\n';
  size_t k = 0;
  while (n >= 16) {
    size_t rounds = n / 16 < 255 ? n / 16 : 255;
    const unsigned char *stop = p + 16 * rounds;
    bytes16 acc = {0};
    for (; p < stop; p += 16)
      acc -= (bytes16)(load16(p) == lf);
    for (int j = 0; j < 16; j++)
      k += acc[j];
    n -= 16 * rounds;
  }
  for (; n; n--)
    k += *p++ == '\n';
  return k;
}

/* The UTF-8 characters among n bytes: the bytes but those 10xxxxxx, which
 * are looked for only where a byte is not ASCII. */
static size_t count_chars(const unsigned char *p, size_t n) {
  size_t k = n, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x = load8(p + i);
    if (x & TOPS)
      k -= marked(x & ~(x << 1) & TOPS);
  }
  for (; i < n; i++)
    k -= (p[i] & 0xC0) == 0x80;
  return k;
}

void xml_advance(unsigned long *line, unsigned long *col, const char *p,
                 size_t n) {
  /* Only the last line's characters count for col: its start is found
   * from the end, and the lines before it are counted. */
  const unsigned char *u = (const unsigned char *)p, *end = u + n, *q = end;
  while (q - u >= 8 && !lf_bytes(load8(q - 8)))
    q -= 8;
  while (q > u && q[-1] != '\n')
    q--;
  size_t c = count_chars(q, (size_t)(end - q));
  if (q == u) {
    *col += c;
    return;
  }
  *line += count_lf(u, (size_t)(q - u));
  *col = c;
}

vifxml_error_code xml_error_message(enum XML_Error code, const char *open,
                                    const char *at, size_t avail, char *msg,
                                    size_t len) {
  const char *text = XML_ErrorString(code);
  const unsigned char *c = (const unsigned char *)at;
  if (code == XML_ERROR_TAG_MISMATCH && open) {
    snprintf(msg, len, "%s: expected '</%s>'", text, open);
    return VIFXML_ERR_SYNTAX;
  }
  /* U+2018/2019/201C/201D; the input may end inside the character, so a
   * prefix of one counts. */
  if (code == XML_ERROR_INVALID_TOKEN && avail && c[0] == 0xE2 &&
      (avail < 2 || c[1] == 0x80) &&
      (avail < 3 || c[2] == 0x98 || c[2] == 0x99 || c[2] == 0x9C ||
       c[2] == 0x9D)) {
    snprintf(msg, len,
             "%s: attribute values must be quoted with ' or \", found a curly "
             "quote",
             text);
    return VIFXML_ERR_SYNTAX;
  }
  /* Latin-1 and other 8-bit files without a declaration */
  if (code == XML_ERROR_INVALID_TOKEN && not_utf8(c, avail)) {
    snprintf(msg, len,
             "%s: byte 0x%02X is not UTF-8; vifxml reads UTF-8 only: convert "
             "the file (e.g. iconv -f ISO-8859-1 -t UTF-8)",
             text, c[0]);
    return VIFXML_ERR_ENCODING;
  }
  snprintf(msg, len, "%s", text);
  switch (code) {
  case XML_ERROR_NO_MEMORY:
    return VIFXML_ERR_NOMEM;
  case XML_ERROR_UNKNOWN_ENCODING:
  case XML_ERROR_INCORRECT_ENCODING:
    return VIFXML_ERR_ENCODING;
  case XML_ERROR_AMPLIFICATION_LIMIT_BREACH:
    return VIFXML_ERR_LIMIT;
  default:
    return VIFXML_ERR_SYNTAX;
  }
}

/* ## Units */

void xml_vfail(xml_unit *u, vifxml_error_code code, unsigned long line,
               unsigned long col, const char *fmt, va_list ap) {
  if (u->failed)
    return;
  error_vset(u->err, code, u->file, line, col, fmt, ap);
  u->failed = true;
}

void xml_fail(xml_unit *u, vifxml_error_code code, unsigned long line,
              unsigned long col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  xml_vfail(u, code, line, col, fmt, ap);
  va_end(ap);
}

void xml_fail_here(xml_unit *u, vifxml_error_code code, const char *msg) {
  unsigned long line, col;
  xml_position(u, &line, &col);
  xml_fail(u, code, line, col, "%s", msg);
  XML_StopParser(u->xp, XML_FALSE);
}

void xml_fail_deep(xml_unit *u) {
  char msg[64];
  snprintf(msg, sizeof msg, "elements nested deeper than %d",
           VIFXML_LIMIT_DEPTH);
  xml_fail_here(u, VIFXML_ERR_LIMIT, msg);
}

/* expat reports a DOCTYPE once past its name and identifiers (at its '['
 * or '>'): the error points back at its "<!DOCTYPE", counted as expat
 * counts positions (CR, LF and CR LF end a line). */
static void XMLCALL on_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal) {
  (void)name, (void)sysid, (void)pubid, (void)internal;
  xml_unit *u = ud;
  const char *b = u->bytes;
  size_t at = (size_t)XML_GetCurrentByteIndex(u->xp);
  while (at > 0 && b[at] != '<')
    at--;
  unsigned long line = u->base_line, col = u->base_col;
  for (size_t i = 0; i < at; i++) {
    if (b[i] == '\r' || (b[i] == '\n' && (i == 0 || b[i - 1] != '\r'))) {
      line++;
      col = 0;
    } else if (b[i] != '\n' && ((unsigned char)b[i] & 0xC0) != 0x80) {
      col++;
    }
  }
  xml_fail(u, VIFXML_ERR_UNSUPPORTED, line, col + 1, "DOCTYPE is not allowed");
  XML_StopParser(u->xp, XML_FALSE);
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version,
                               const XML_Char *encoding, int standalone) {
  (void)version, (void)standalone;
  char msg[320];
  if (encoding_problem(encoding, msg, sizeof msg))
    xml_fail_here(ud, VIFXML_ERR_ENCODING, msg);
}

int xml_unit_reset(xml_unit *u, XML_StartElementHandler start,
                   XML_EndElementHandler end) {
  if (xml_reset(u->xp, u) < 0)
    return -1;
  if (!u->salt && getentropy(&u->salt, sizeof u->salt) < 0)
    u->salt = 0; /* expat draws its own, as it does by default */
  if (u->salt)
    XML_SetHashSalt(u->xp, u->salt);
  XML_SetElementHandler(u->xp, start, end);
  XML_SetStartDoctypeDeclHandler(u->xp, on_doctype);
  XML_SetXmlDeclHandler(u->xp, on_xmldecl);
  return 0;
}
