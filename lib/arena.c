/* Bump allocator for IR strings and arrays. Reset keeps the first block, so
 * bulk mode (reset after each interface) reaches a steady state with no
 * allocation at all. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

typedef struct block {
  struct block *next;
  size_t size, used;
  max_align_t data[];
} block;

struct vifxml_arena {
  vifxml_allocator al;
  bool has_al;
  bool failed; /* an allocation failed since the last reset */
  block *head; /* current block; the first block is the last in the chain */
};

void *mem_alloc(const vifxml_allocator *al, size_t n) {
  return al ? al->malloc(n, al->ctx) : malloc(n);
}

void *mem_realloc(const vifxml_allocator *al, void *p, size_t n) {
  return al ? al->realloc(p, n, al->ctx) : realloc(p, n);
}

void mem_free(const vifxml_allocator *al, void *p) {
  if (!p)
    return;
  if (al)
    al->free(p, al->ctx);
  else
    free(p);
}

const vifxml_allocator *arena_allocator(const vifxml_arena *a) {
  return a->has_al ? &a->al : NULL;
}

vifxml_arena *vifxml_arena_new(const vifxml_allocator *alloc) {
  vifxml_arena *a = mem_alloc(alloc, sizeof *a);
  if (!a)
    return NULL;
  memset(a, 0, sizeof *a);
  if (alloc) {
    a->al = *alloc;
    a->has_al = true;
  }
  return a;
}

void vifxml_arena_reset(vifxml_arena *a) {
  if (!a)
    return;
  while (a->head && a->head->next) {
    block *b = a->head;
    a->head = b->next;
    mem_free(arena_allocator(a), b);
  }
  if (a->head)
    a->head->used = 0;
  a->failed = false;
}

bool arena_failed(const vifxml_arena *a) { return a->failed; }

void vifxml_arena_free(vifxml_arena *a) {
  if (!a)
    return;
  while (a->head) {
    block *b = a->head;
    a->head = b->next;
    mem_free(arena_allocator(a), b);
  }
  mem_free(arena_allocator(a), a);
}

void *arena_alloc(vifxml_arena *a, size_t n) {
  const size_t align = sizeof(max_align_t);
  n = (n + align - 1) / align * align;
  if (!a->head || a->head->size - a->head->used < n) {
    size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    block *b = mem_alloc(arena_allocator(a), sizeof *b + size);
    if (!b) {
      a->failed = true;
      return NULL;
    }
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)a->head->data + a->head->used;
  a->head->used += n;
  return p;
}

char *arena_strndup(vifxml_arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_printf(vifxml_arena *a, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    a->failed = true;
    return NULL;
  } /* only short numeric spellings are formatted here */
  return arena_strndup(a, tmp, (size_t)n);
}
