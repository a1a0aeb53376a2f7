/* The interface round trip that `vifxml roundtrip` and the golden tests
 * check: the canonical form parses back to the same IR and is a fixed
 * point of normalizing. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *p;
  size_t len, cap;
} text;

static int text_write(void *ctx, const char *buf, size_t len) {
  text *t = ctx;
  if (t->len + len > t->cap) {
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < t->len + len)
      cap *= 2;
    char *p = realloc(t->p, cap);
    if (!p)
      return -1;
    t->p = p;
    t->cap = cap;
  }
  memcpy(t->p + t->len, buf, len);
  t->len += len;
  return 0;
}

int vifxml_iface_roundtrip(const vifxml_iface *iface, char *why,
                           size_t whylen) {
  char scratch[1];
  if (!why || !whylen) {
    why = scratch;
    whylen = sizeof scratch;
  }
  why[0] = '\0';
  text a = {0}, b = {0}, in = {0};
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface *again;
  vifxml_error e;
  int rc = -1;
  /* Read back inside <devices>, as the guest's it is (alone, one with an
   * unknown <bridge> child would be a host interface definition). */
  if (!arena || vifxml_write_iface(iface, "", text_write, &a) < 0 ||
      text_write(&in, "<devices>", 9) < 0 || text_write(&in, a.p, a.len) < 0 ||
      text_write(&in, "</devices>", 10) < 0)
    snprintf(why, whylen, "out of memory");
  else if (vifxml_parse_one(in.p, in.len, "<written>", arena, &again, &e) < 0)
    snprintf(why, whylen, "the written form does not parse: %lu:%lu: %s",
             e.line, e.column, e.message);
  else if (vifxml_iface_compare(iface, again, why, whylen))
    ; /* why holds the difference */
  else if (vifxml_write_iface(again, "", text_write, &b) < 0)
    snprintf(why, whylen, "out of memory");
  else if (a.len != b.len || memcmp(a.p, b.p, a.len))
    snprintf(why, whylen, "normalizing the written form changes it");
  else
    rc = 0;
  vifxml_arena_free(arena);
  free(a.p);
  free(b.p);
  free(in.p);
  return rc;
}
