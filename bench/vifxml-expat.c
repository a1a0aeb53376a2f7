/* vifxml-expat FILE: what `vifxml normalize -q FILE > /dev/null` costs
 * minus vifxml, for bench/cli.sh's whole-process ratio. It reads FILE as
 * the CLI does (fopen, fread of 64 KiB, XML_Parse of each chunk, then a
 * final empty XML_Parse) and sets the parser up as the stream does before
 * each document (lib/xml.c: XML_ParserReset, the same options, one hash
 * salt drawn per file), with no handlers at all. A stream of documents is
 * parsed one document per reset, as vifxml does; with no handlers the end
 * of a document shows as "junk after document element" at the next one's
 * first '<', and the parse resumes there after a reset. The next document
 * may start in bytes expat held back from the chunk before (a partial
 * token), so the chunk before is kept: chunks alternate between two
 * buffers. Prints the bytes and documents read, for cli.sh to check. */
#define XML_DTD 1 /* expat 2.5 declares its amplification guard only then */
#include "expat_docs.h"

#include <expat.h>
#include <vifxml.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 65536 /* the CLI's read size (tools/cli.c) */

typedef struct {
  XML_Parser p;
  unsigned long salt;
  unsigned long long start; /* input offset of the current document */
  unsigned long docs;
} doc;

/* As xml_unit_reset (lib/xml.c), handlers aside. */
static int doc_start(void *ctx) {
  doc *d = ctx;
  if (XML_ParserReset(d->p, "UTF-8") != XML_TRUE)
    return -1;
  XML_SetParamEntityParsing(d->p, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetBillionLaughsAttackProtectionMaximumAmplification(
      d->p, VIFXML_LIMIT_AMPLIFICATION);
#ifdef HAVE_XML_SETREPARSEDEFERRALENABLED
  XML_SetReparseDeferralEnabled(d->p, XML_FALSE);
#endif
  if (d->salt)
    XML_SetHashSalt(d->p, d->salt);
  d->docs++;
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vifxml-expat FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    fprintf(stderr, "vifxml-expat: %s: %s\n", argv[1], strerror(errno));
    return 2;
  }
  static char buf[2][CHUNK];
  doc d = {XML_ParserCreate("UTF-8"), 0, 0, 0};
  if (getentropy(&d.salt, sizeof d.salt) < 0)
    d.salt = 0; /* expat draws its own, as in lib/xml.c */
  if (!d.p || doc_start(&d) < 0) {
    fprintf(stderr, "vifxml-expat: out of memory\n");
    return 2;
  }
  unsigned long long at = 0;
  size_t n, prevlen = 0;
  int k = 0, r = 0;
  while (r == 0 && (n = fread(buf[k], 1, CHUNK, f)) > 0) {
    r = expat_docs_parse(d.p, buf[k], n, at, buf[!k], prevlen, false, &d.start,
                         doc_start, &d);
    at += n;
    prevlen = n;
    k = !k;
  }
  if (ferror(f)) {
    fprintf(stderr, "vifxml-expat: %s: cannot read\n", argv[1]);
    return 2;
  }
  if (r == 0)
    r = expat_docs_parse(d.p, NULL, 0, at, buf[!k], prevlen, true, &d.start,
                         doc_start, &d);
  if (r < 0) {
    fprintf(stderr, "vifxml-expat: %s: %s at byte %llu\n", argv[1],
            XML_ErrorString(XML_GetErrorCode(d.p)),
            d.start + (unsigned long long)XML_GetCurrentByteIndex(d.p));
    return 1;
  }
  printf("%llu bytes, %lu documents\n", at, d.docs);
  XML_ParserFree(d.p);
  fclose(f);
  return 0;
}
