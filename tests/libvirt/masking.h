/* The values libvirt invents at random (a MAC when none is given, virtualport
 * ids), found and masked, for the two programs that judge vifxml's output by
 * libvirt's reading of it: the oracle (tests/libvirt/oracle.c) and the fuzz
 * target "libvirt" (fuzz/fuzz_libvirt.c). Two defines of one input differ
 * only in those values: the attributes whose values differ, by element and
 * name, are masked on every side before comparing.
 * Header only, so that the fuzz build compiles it with its own flags. Out of
 * memory aborts: both are test programs. */
#ifndef VIFXML_TESTS_LIBVIRT_MASKING_H
#define VIFXML_TESTS_LIBVIRT_MASKING_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fputs("out of memory\n", stderr);
    abort();
  }
  return q;
}

/* A growable string, always NUL-terminated once written to. */
typedef struct {
  char *s;
  size_t len, cap;
} sbuf;

static inline void sb_addn(sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static inline void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

/* The string (malloc'd, "" when nothing was written); b is empty again. */
static inline char *sb_take(sbuf *b) {
  if (!b->s)
    sb_addn(b, "", 0);
  char *r = b->s;
  b->s = NULL;
  b->len = b->cap = 0;
  return r;
}

/* Attributes by element and name. */
#define ATTR_SET_MAX 16

typedef struct {
  char elem[64];
  char attr[64];
} attr_ref;

typedef struct {
  attr_ref v[ATTR_SET_MAX];
  int n;
} attr_set;

static inline bool attr_set_has(const attr_set *s, const char *elem,
                                size_t elen, const char *attr, size_t alen) {
  for (int i = 0; i < s->n; i++)
    if (strlen(s->v[i].elem) == elen && !strncmp(s->v[i].elem, elem, elen) &&
        strlen(s->v[i].attr) == alen && !strncmp(s->v[i].attr, attr, alen))
      return true;
  return false;
}

/* Names too long for the set, and a set already full, are left out. */
static inline void attr_set_add(attr_set *s, const char *elem, size_t elen,
                                const char *attr, size_t alen) {
  if (elen >= sizeof s->v[0].elem || alen >= sizeof s->v[0].attr ||
      s->n == ATTR_SET_MAX || attr_set_has(s, elem, elen, attr, alen))
    return;
  memcpy(s->v[s->n].elem, elem, elen);
  s->v[s->n].elem[elen] = '\0';
  memcpy(s->v[s->n].attr, attr, alen);
  s->v[s->n].attr[alen] = '\0';
  s->n++;
}

/* Adds to out every attribute whose value differs between a and b, two
 * defines of one input. The random values (MAC, UUIDs) have fixed lengths:
 * false when the texts differ otherwise. */
static inline bool find_random_attrs(const char *a, const char *b,
                                     attr_set *out) {
  size_t n = strlen(a);
  if (n != strlen(b))
    return false;
  for (size_t i = 0; i < n; i++) {
    if (a[i] == b[i])
      continue;
    /* the quote that opens this value, the name before it, its element */
    size_t q = i;
    while (q > 0 && a[q] != '\'' && a[q] != '"' && a[q] != '<' && a[q] != '>')
      q--;
    if ((a[q] != '\'' && a[q] != '"') || q == 0 || a[q - 1] != '=')
      return false;
    size_t ae = q - 1, as = ae;
    while (as > 0 && !isspace((unsigned char)a[as - 1]))
      as--;
    size_t lt = as;
    while (lt > 0 && a[lt] != '<')
      lt--;
    if (a[lt] != '<')
      return false;
    size_t es = lt + 1, ee = es;
    while (ee < n && !isspace((unsigned char)a[ee]) && a[ee] != '>' &&
           a[ee] != '/')
      ee++;
    attr_set_add(out, a + es, ee - es, a + as, ae - as);
    /* on past this value */
    char quote = a[q];
    size_t j = q + 1;
    while (j < n && a[j] != quote)
      j++;
    if (j >= n || b[j] != quote)
      return false;
    i = j;
  }
  return true;
}

/* text (malloc'd) with the value of each attribute in set replaced by '*',
 * or with remove, the attribute dropped. */
static inline char *mask_attrs(const char *text, const attr_set *set,
                               bool remove) {
  sbuf b = {0};
  const char *p = text;
  while (*p) {
    if (*p != '<' || p[1] == '/' || p[1] == '!' || p[1] == '?') {
      sb_addn(&b, p++, 1);
      continue;
    }
    /* a start tag */
    const char *es = p + 1, *ee = es;
    while (*ee && !isspace((unsigned char)*ee) && *ee != '>' && *ee != '/')
      ee++;
    sb_addn(&b, p, (size_t)(ee - p));
    p = ee;
    while (*p && *p != '>') {
      if (!isspace((unsigned char)*p)) {
        sb_addn(&b, p++, 1);
        continue;
      }
      /* white space, maybe followed by name='value' */
      const char *ws = p;
      while (isspace((unsigned char)*p))
        p++;
      const char *as = p, *ae = p;
      while (*ae && *ae != '=' && !isspace((unsigned char)*ae) && *ae != '>' &&
             *ae != '/')
        ae++;
      const char *ve = *ae == '=' && (ae[1] == '\'' || ae[1] == '"')
                           ? strchr(ae + 2, ae[1])
                           : NULL;
      if (!ve) {
        sb_addn(&b, ws, (size_t)(p - ws));
        continue;
      }
      if (!attr_set_has(set, es, (size_t)(ee - es), as, (size_t)(ae - as))) {
        sb_addn(&b, ws, (size_t)(ve + 1 - ws));
      } else if (!remove) {
        sb_addn(&b, ws, (size_t)(ae + 2 - ws));
        sb_add(&b, "*");
        sb_addn(&b, ve, 1);
      }
      p = ve + 1;
    }
    if (*p == '>')
      sb_addn(&b, p++, 1);
  }
  return sb_take(&b);
}

#endif
