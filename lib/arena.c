/* Bump allocator for IR strings and arrays. Reset keeps the first block, so
 * bulk mode (reset after each interface) reaches a steady state with no
 * allocation at all. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

/* Under AddressSanitizer the unused part of each block is poisoned, so that
 * writing past an allocation (an array assumed larger than it is) is caught
 * as it would be with malloc. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

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

/* Gives a block back to the allocator, which may hand it out again. */
static void block_free(vifxml_arena *a, block *b) {
  UNPOISON(b->data, b->size);
  mem_free(arena_allocator(a), b);
}

void vifxml_arena_reset(vifxml_arena *a) {
  if (!a)
    return;
  while (a->head && a->head->next) {
    block *b = a->head;
    a->head = b->next;
    block_free(a, b);
  }
  if (a->head) {
    a->head->used = 0;
    POISON(a->head->data, a->head->size);
  }
  a->failed = false;
}

bool arena_failed(const vifxml_arena *a) { return a->failed; }

void vifxml_arena_free(vifxml_arena *a) {
  if (!a)
    return;
  while (a->head) {
    block *b = a->head;
    a->head = b->next;
    block_free(a, b);
  }
  mem_free(arena_allocator(a), a);
}

void *arena_alloc(vifxml_arena *a, size_t want) {
  const size_t align = sizeof(max_align_t);
  size_t n = (want + align - 1) / align * align;
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
    POISON(b->data, size);
  }
  void *p = (char *)a->head->data + a->head->used;
  a->head->used += n;
  UNPOISON(p, want); /* the alignment padding stays poisoned */
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
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
  va_end(ap2);
  char *p = NULL;
  if (n >= 0 && (size_t)n < sizeof tmp) {
    p = arena_strndup(a, tmp, (size_t)n);
  } else if (n >= 0 && (p = arena_alloc(a, (size_t)n + 1))) {
    vsnprintf(p, (size_t)n + 1, fmt, ap); /* longer text: messages */
  }
  va_end(ap);
  if (!p)
    a->failed = true;
  return p;
}
