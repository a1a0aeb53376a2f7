/* malloc-count: an LD_PRELOAD module that counts heap calls, to check that
 * normalizing allocates nothing per element or per interface (the count
 * must not grow with the input size).
 *
 *   LD_PRELOAD=BUILD/bench/libmalloc-count.so vifxml normalize big.xml >/dev/null
 *
 * At exit it prints on stderr (or appends to $MALLOC_COUNT_FILE):
 *   malloc-count: malloc M calloc C realloc R (growing G) free F; peak live B bytes
 * and, with MALLOC_COUNT_BY_CALLER=1, the malloc+calloc+realloc calls by
 * the shared object that made them (the program, libexpat, libc...).
 * glibc only: it forwards to glibc's own __libc_* entry points. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <malloc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static atomic_ulong n_malloc, n_calloc, n_realloc, n_grow, n_free;
static atomic_long live, peak;

/* Calls by caller object, when asked for: a few fixed slots keyed by the
 * object's base address (dladdr does not allocate). */
#define CALLERS 16
static int by_caller = -1; /* -1: not looked up yet */
static struct {
  _Atomic(void *) base;
  const char *name;
  atomic_ulong calls;
} callers[CALLERS];

static void count_caller(void *ret) {
  if (by_caller < 0) {
    const char *e = getenv("MALLOC_COUNT_BY_CALLER");
    by_caller = e && *e == '1';
  }
  if (!by_caller)
    return;
  Dl_info info;
  if (!dladdr(ret, &info))
    info.dli_fbase = NULL, info.dli_fname = "?";
  for (int i = 0; i < CALLERS; i++) {
    void *b = atomic_load(&callers[i].base);
    if (!b) {
      void *expected = NULL;
      if (atomic_compare_exchange_strong(&callers[i].base, &expected,
                                         info.dli_fbase ? info.dli_fbase
                                                        : (void *)1)) {
        callers[i].name = info.dli_fname;
        b = atomic_load(&callers[i].base);
      } else {
        b = expected;
      }
    }
    if (b == (info.dli_fbase ? info.dli_fbase : (void *)1)) {
      atomic_fetch_add(&callers[i].calls, 1);
      return;
    }
  }
}

static void track(long delta) {
  long now = atomic_fetch_add(&live, delta) + delta;
  long p = atomic_load(&peak);
  while (now > p && !atomic_compare_exchange_weak(&peak, &p, now))
    ;
}

void *malloc(size_t n) {
  atomic_fetch_add(&n_malloc, 1);
  count_caller(__builtin_return_address(0));
  void *p = __libc_malloc(n);
  if (p)
    track((long)malloc_usable_size(p));
  return p;
}

void *calloc(size_t k, size_t n) {
  atomic_fetch_add(&n_calloc, 1);
  count_caller(__builtin_return_address(0));
  void *p = __libc_calloc(k, n);
  if (p)
    track((long)malloc_usable_size(p));
  return p;
}

void *realloc(void *q, size_t n) {
  atomic_fetch_add(&n_realloc, 1);
  count_caller(__builtin_return_address(0));
  size_t old = q ? malloc_usable_size(q) : 0;
  void *p = __libc_realloc(q, n);
  if (p) {
    size_t now = malloc_usable_size(p);
    if (now > old)
      atomic_fetch_add(&n_grow, 1);
    track((long)now - (long)old);
  }
  return p;
}

void free(void *p) {
  if (!p)
    return;
  atomic_fetch_add(&n_free, 1);
  track(-(long)malloc_usable_size(p));
  __libc_free(p);
}

__attribute__((destructor)) static void report(void) {
  char line[1024];
  int n = snprintf(line, sizeof line,
                   "malloc-count: malloc %lu calloc %lu realloc %lu (growing "
                   "%lu) free %lu; peak live %ld bytes\n",
                   atomic_load(&n_malloc), atomic_load(&n_calloc),
                   atomic_load(&n_realloc), atomic_load(&n_grow),
                   atomic_load(&n_free), atomic_load(&peak));
  if (n < 0)
    return;
  for (int i = 0; i < CALLERS && atomic_load(&callers[i].base); i++) {
    const char *slash = callers[i].name ? strrchr(callers[i].name, '/') : NULL;
    int k = snprintf(line + n, sizeof line - (size_t)n, "  %s %lu\n",
                     slash ? slash + 1 : callers[i].name ? callers[i].name : "?",
                     atomic_load(&callers[i].calls));
    if (k < 0 || (size_t)(n + k) >= sizeof line)
      break;
    n += k;
  }
  const char *path = getenv("MALLOC_COUNT_FILE");
  FILE *f = path ? fopen(path, "a") : NULL;
  if (f) {
    fputs(line, f);
    fclose(f);
  } else if (write(STDERR_FILENO, line, strlen(line)) < 0) {
    /* nothing to be done */
  }
}
