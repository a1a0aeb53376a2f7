/* Expat alone over a stream of documents, for the baselines of vifxml-bench
 * (in process) and vifxml-expat (whole process). With no handlers a
 * document's end shows as "junk after document element" at the next one's
 * first '<': there the parser is reset (reset, given the next document's
 * input offset) and the parse resumes. The next document may start in
 * bytes expat held back from the chunk before: prev holds the prevlen input
 * bytes just before p, whose input offset is at. *doc_start is the input
 * offset of the document being parsed. */
#ifndef VIFXML_BENCH_EXPAT_DOCS_H
#define VIFXML_BENCH_EXPAT_DOCS_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>

static inline int expat_docs_parse(XML_Parser x, const char *p, size_t n,
                                   unsigned long long at, const char *prev,
                                   size_t prevlen, bool final,
                                   unsigned long long *doc_start,
                                   int (*reset)(void *ctx), void *ctx) {
  while (XML_Parse(x, p, (int)n, final) != XML_STATUS_OK) {
    if (XML_GetErrorCode(x) != XML_ERROR_JUNK_AFTER_DOC_ELEMENT)
      return -1;
    unsigned long long next =
        *doc_start + (unsigned long long)XML_GetCurrentByteIndex(x);
    if (reset(ctx) < 0)
      return -1;
    *doc_start = next;
    if (next < at) {
      size_t back = (size_t)(at - next);
      if (back > prevlen ||
          XML_Parse(x, prev + prevlen - back, (int)back, XML_FALSE) !=
              XML_STATUS_OK)
        return -1;
    } else {
      p += next - at;
      n -= (size_t)(next - at);
      at = next;
    }
  }
  return 0;
}

#endif
