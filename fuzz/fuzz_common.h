/* Shared by the fuzz harnesses (header only: each harness is one .c file
 * that defines LLVMFuzzerTestOneInput and nothing else).
 *
 * Every check here ends in FZ_ASSERT, which prints what was violated and
 * calls abort(): libFuzzer, AFL++ and the replay main all treat that as a
 * crash, so an invariant violation is reported exactly like a memory error.
 *
 * The harnesses consume no "option bytes": an input is a plain XML document,
 * so every corpus file can also be given to `vifxml normalize` as is. What
 * varies per input (how it is split into chunks, which allocation fails) is
 * derived from a hash of the input, so every run is reproducible. */
#ifndef VIFXML_FUZZ_COMMON_H
#define VIFXML_FUZZ_COMMON_H

#include "internal.h" /* lib/: schema tables for the IR checks */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_ASSERT(cond, ...)                                                   \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "\n*** vifxml fuzz invariant violated (%s:%d): %s\n*** ", \
              __FILE__, __LINE__, #cond);                                      \
      fprintf(stderr, __VA_ARGS__);                                            \
      fprintf(stderr, "\n");                                                   \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* VIFXML_FUZZ_IGNORE turns named checks off, so that a known bug does not
 * hide others during a campaign (docs/fuzzing.md). It is a list separated
 * by ';' or ',' of NAME (the check is off) or NAME=TEXT (off only when its
 * failure message contains TEXT). By default every check is on. */
static inline bool fz_ignored_why(const char *check, const char *why) {
  const char *p = getenv("VIFXML_FUZZ_IGNORE");
  size_t n = strlen(check);
  while (p && *p) {
    size_t len = strcspn(p, ";,");
    if (len >= n && !strncmp(p, check, n)) {
      if (len == n)
        return true;
      if (p[n] == '=' && why) {
        char sub[256];
        size_t k = len - n - 1 < sizeof sub - 1 ? len - n - 1 : sizeof sub - 1;
        memcpy(sub, p + n + 1, k);
        sub[k] = '\0';
        if (strstr(why, sub))
          return true;
      }
    }
    p += len;
    if (*p)
      p++;
  }
  return false;
}

static inline bool fz_ignored(const char *check) {
  return fz_ignored_why(check, NULL);
}

/* Inputs larger than this are not interesting for the invariants and would
 * only slow the 1-byte chunk feeding down. The limits themselves are tested
 * in tests/test_limits.c. */
#define FZ_MAX_INPUT (256u * 1024)

/* ## Output buffer */

typedef struct {
  char *p;
  size_t len, cap;
} fz_buf;

static inline int fz_buf_write(void *ctx, const char *s, size_t n) {
  fz_buf *b = ctx;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    FZ_ASSERT(p, "harness out of memory");
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

static inline bool fz_buf_eq(const fz_buf *a, const fz_buf *b) {
  return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}

/* Prints a buffer for a failure report, bytes outside ASCII escaped. */
static inline void fz_dump(const char *label, const char *p, size_t n) {
  fprintf(stderr, "--- %s (%zu bytes)\n", label, n);
  for (size_t i = 0; i < n && i < 4096; i++) {
    unsigned char c = (unsigned char)p[i];
    if (c == '\n' || (c >= 0x20 && c < 0x7f))
      fputc(c, stderr);
    else
      fprintf(stderr, "\\x%02x", c);
  }
  fprintf(stderr, "\n--- end of %s\n", label);
}

/* Writes through the stream (from inside an on_iface callback). */
static inline int fz_emit(void *ctx, const char *s, size_t n) {
  return vifxml_stream_emit(ctx, s, n);
}

/* ## Deterministic per-input randomness */

static inline uint64_t fz_hash(const uint8_t *d, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ d[i]) * 1099511628211ull;
  return h;
}

static inline uint64_t fz_next(uint64_t *s) { /* xorshift64* */
  uint64_t x = *s ? *s : 0x9E3779B97F4A7C15ull;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 2685821657736338717ull;
}

/* ## A counting allocator: leaks and injected failures */

typedef struct {
  long calls;   /* malloc/realloc calls so far */
  long fail_at; /* the call that returns NULL (-1: none) */
  long live;    /* blocks allocated and not freed */
  bool failed;  /* an injected failure happened */
} fz_alloc;

static inline void *fz_malloc(size_t n, void *ctx) {
  fz_alloc *a = ctx;
  if (a->calls++ == a->fail_at) {
    a->failed = true;
    return NULL;
  }
  void *p = malloc(n ? n : 1);
  FZ_ASSERT(p, "harness out of memory");
  a->live++;
  return p;
}

static inline void *fz_realloc(void *ptr, size_t n, void *ctx) {
  fz_alloc *a = ctx;
  if (a->calls++ == a->fail_at) {
    a->failed = true;
    return NULL;
  }
  void *p = realloc(ptr, n ? n : 1);
  FZ_ASSERT(p, "harness out of memory");
  if (!ptr)
    a->live++;
  return p;
}

static inline void fz_free(void *ptr, void *ctx) {
  fz_alloc *a = ctx;
  if (!ptr)
    return;
  a->live--;
  free(ptr);
}

static inline vifxml_allocator fz_allocator(fz_alloc *a, long fail_at) {
  memset(a, 0, sizeof *a);
  a->fail_at = fail_at;
  vifxml_allocator al = {fz_malloc, fz_realloc, fz_free, a};
  return al;
}

/* ## The IR's structural invariants (what every parsed interface must
 * satisfy, whatever the input). Also reads every string, so that a string
 * that is not NUL-terminated or points into freed memory shows up under
 * ASan. */

static inline size_t fz_touch(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

static inline bool fz_elem_usable(const vifxml_iface *ifc, vifxml_elem e) {
  return (schema_elems[e].types & TYPE_BIT(ifc->type)) != 0;
}

static inline void fz_check_iface(const vifxml_iface *ifc) {
  FZ_ASSERT(ifc->type < VIFXML_TYPE_COUNT, "type %d", (int)ifc->type);
  /* A user interface with a passt backend is the one kept verbatim. */
  FZ_ASSERT(ifc->kind == vifxml_type_kind(ifc->type) ||
                (ifc->kind == VIFXML_KIND_OPAQUE &&
                 ifc->type == VIFXML_TYPE_USER),
            "kind %d for type %s", (int)ifc->kind, vifxml_type_str(ifc->type));
  FZ_ASSERT(ifc->arena != NULL, "interface without an arena");
  if (ifc->kind == VIFXML_KIND_OPAQUE) {
    FZ_ASSERT(ifc->raw && ifc->rawlen >= 11 &&
                  !memcmp(ifc->raw, "<interface", 10),
              "opaque interface without its raw bytes");
    return;
  }
  FZ_ASSERT(ifc->present[VIFXML_E_INTERFACE], "<interface> not present");
  FZ_ASSERT(ifc->f[VIFXML_F_IFACE_TYPE] &&
                !strcmp(ifc->f[VIFXML_F_IFACE_TYPE], vifxml_type_str(ifc->type)),
            "type field '%s' != type %s",
            ifc->f[VIFXML_F_IFACE_TYPE] ? ifc->f[VIFXML_F_IFACE_TYPE] : "(null)",
            vifxml_type_str(ifc->type));
  for (int f = 0; f < VIFXML_F_COUNT; f++) {
    if (!ifc->f[f])
      continue;
    fz_touch(ifc->f[f]);
    vifxml_elem e = schema_fields[f].elem;
    const field_def *d = &schema_fields[f];
    FZ_ASSERT(f == VIFXML_F_IFACE_TYPE ||
                  (!(d->flags & (FL_DROP | FL_LEGACY)) &&
                   (d->types & TYPE_BIT(ifc->type))),
              "field <%s %s>='%s' is %s: it would not be written",
              vifxml_elem_name(e), vifxml_field_name((vifxml_field)f),
              ifc->f[f],
              (d->flags & (FL_DROP | FL_LEGACY)) ? "a drop/legacy field"
                                                 : "not valid for this type");
    if (d->variant) {
      vifxml_field tf = e == VIFXML_E_ADDRESS ? VIFXML_F_ADDR_TYPE
                                              : VIFXML_F_SRC_ADDR_TYPE;
      FZ_ASSERT(ifc->f[tf] && schema_addr_lookup(ifc->f[tf]) == d->variant,
                "field <%s %s> belongs to another address type than '%s'",
                vifxml_elem_name(e), vifxml_field_name((vifxml_field)f),
                ifc->f[tf] ? ifc->f[tf] : "(none)");
    }
    FZ_ASSERT(!vifxml_elem_is_list(e),
              "field %s of list element <%s> stored as a singleton",
              vifxml_field_name((vifxml_field)f), vifxml_elem_name(e));
    /* A value whose element (or an ancestor) is not marked present, or does
     * not exist for this type, would never be written: data loss. */
    for (vifxml_elem a = e; a < VIFXML_E_COUNT; a = schema_elems[a].parent)
      FZ_ASSERT(ifc->present[a] && fz_elem_usable(ifc, a),
                "field <%s %s>='%s' but <%s> is %s",
                vifxml_elem_name(e), vifxml_field_name((vifxml_field)f),
                ifc->f[f], vifxml_elem_name(a),
                ifc->present[a] ? "not valid for this type" : "not present");
  }
  FZ_ASSERT(ifc->nitems <= VIFXML_LIMIT_ITEMS, "%zu items", ifc->nitems);
  FZ_ASSERT(ifc->nextras <= VIFXML_LIMIT_EXTRAS, "%zu extras", ifc->nextras);
  for (size_t i = 0; i < ifc->nitems; i++) {
    const vifxml_item *it = &ifc->items[i];
    FZ_ASSERT(it->elem < VIFXML_E_COUNT && vifxml_elem_is_list(it->elem),
              "item %zu has non-list element %d", i, (int)it->elem);
    FZ_ASSERT(fz_elem_usable(ifc, it->elem), "item <%s> not valid for type %s",
              vifxml_elem_name(it->elem), vifxml_type_str(ifc->type));
    vifxml_elem parent = schema_elems[it->elem].parent;
    if (vifxml_elem_is_list(parent))
      FZ_ASSERT(it->parent >= 0 && (size_t)it->parent < i &&
                    ifc->items[it->parent].elem == parent,
                "item %zu <%s> has parent %d, expected a <%s> before it", i,
                vifxml_elem_name(it->elem), it->parent,
                vifxml_elem_name(parent));
    else
      FZ_ASSERT(it->parent == -1 && ifc->present[parent],
                "item %zu <%s>: parent %d, <%s> present=%d", i,
                vifxml_elem_name(it->elem), it->parent,
                vifxml_elem_name(parent), ifc->present[parent]);
    int nf = schema_field_count(it->elem);
    for (int k = 0; k < 8; k++) {
      if (!it->v[k])
        continue;
      FZ_ASSERT(k < nf, "item <%s> has value in slot %d of %d",
                vifxml_elem_name(it->elem), k, nf);
      fz_touch(it->v[k]);
    }
  }
  for (size_t i = 0; i < ifc->nextras; i++) {
    const vifxml_extra *x = &ifc->extras[i];
    FZ_ASSERT(x->item >= -1 && (x->item < 0 || (size_t)x->item <
                                    (x->kind == VIFXML_EXTRA_COMMENT &&
                                             x->elem == VIFXML_E_COUNT &&
                                             x->end_of == VIFXML_E_COUNT
                                         ? ifc->nextras
                                         : ifc->nitems)),
              "extra %zu refers to item %d", i, x->item);
    FZ_ASSERT(x->text, "extra %zu without text", i);
    size_t n = fz_touch(x->text);
    switch (x->kind) {
    case VIFXML_EXTRA_ATTR:
      FZ_ASSERT(x->name && fz_touch(x->name) > 0 && x->elem < VIFXML_E_COUNT,
                "kept attribute %zu without a name or element", i);
      break;
    case VIFXML_EXTRA_ELEMENT:
      FZ_ASSERT(x->elem < VIFXML_E_COUNT && n >= 4 && x->text[0] == '<' &&
                    x->text[n - 1] == '>',
                "kept element %zu: '%s'", i, x->text);
      break;
    case VIFXML_EXTRA_COMMENT:
      FZ_ASSERT(!strstr(x->text, "--") && (n == 0 || x->text[n - 1] != '-'),
                "comment %zu cannot be written back: '%s'", i, x->text);
      break;
    default:
      FZ_ASSERT(0, "extra %zu has kind %d", i, (int)x->kind);
    }
  }
}

/* An interface handed out by the parser also has its location. */
static inline void fz_check_parsed(const vifxml_iface *ifc) {
  FZ_ASSERT(ifc->line >= 1 && ifc->column >= 1,
            "parsed interface at location %lu:%lu", ifc->line, ifc->column);
  fz_check_iface(ifc);
}

/* ## Running the stream */

typedef struct {
  bool ok;
  fz_buf out;
  vifxml_error err;
  vifxml_stats stats;
  long allocs; /* allocator calls made */
  bool alloc_failed;
} fz_result;

/* How an input is cut into vifxml_stream_feed calls. */
typedef struct {
  size_t fixed;   /* chunk size; 0: random sizes from seed */
  uint64_t seed;
  size_t maxrand; /* random sizes are 1..maxrand */
} fz_split;

static const fz_split FZ_WHOLE = {SIZE_MAX, 0, 0};

static inline size_t fz_chunk(fz_split *sp) {
  if (sp->fixed)
    return sp->fixed;
  return 1 + (size_t)(fz_next(&sp->seed) % sp->maxrand);
}

static inline void fz_diag(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  (void)ctx;
  FZ_ASSERT(level == VIFXML_DIAG_WARNING || level == VIFXML_DIAG_NOTE,
            "diag level %d", (int)level);
  FZ_ASSERT(memchr(d->file, 0, sizeof d->file) &&
                memchr(d->message, 0, sizeof d->message) && d->message[0],
            "diagnostic without a terminated message");
}

/* Feeds data to s (already restarted) and finishes it. fail_at is only used
 * to decide whether a failure may have been caused by the allocator. */
static inline fz_result fz_feed(vifxml_stream *s, const uint8_t *data, size_t len,
                         fz_split sp) {
  fz_result r;
  memset(&r, 0, sizeof r);
  int st = 0;
  for (size_t i = 0; i < len && st == 0;) {
    size_t n = fz_chunk(&sp);
    if (n > len - i)
      n = len - i;
    st = vifxml_stream_feed(s, (const char *)data + i, n);
    i += n;
  }
  if (st == 0)
    st = vifxml_stream_finish(s);
  r.ok = st == 0;
  const vifxml_error *e = vifxml_stream_error(s);
  FZ_ASSERT(r.ok == (e == NULL), "status %d but error %s", st,
            e ? e->message : "(none)");
  if (e) {
    r.err = *e;
    FZ_ASSERT(memchr(r.err.message, 0, sizeof r.err.message) &&
                  r.err.message[0],
              "error without a message");
  }
  r.stats = *vifxml_stream_stats(s);
  return r;
}

typedef struct {
  vifxml_iface_fn on_iface;
  void *iface_ctx;
  long fail_at; /* allocation to fail, -1 for none */
  bool leak_check;
} fz_run_opts;

/* One complete run: a new stream with a counting allocator, the input fed
 * as sp says, the stream freed. Checks that everything allocated through
 * the allocator was freed, and that a bad input yields no output. */
static inline fz_result fz_run(const uint8_t *data, size_t len, fz_split sp,
                        const fz_run_opts *ro) {
  fz_alloc a;
  vifxml_allocator al = fz_allocator(&a, ro ? ro->fail_at : -1);
  fz_buf out = {0};
  vifxml_stream_options o;
  memset(&o, 0, sizeof o);
  o.filename = "fuzz";
  o.write = fz_buf_write;
  o.write_ctx = &out;
  o.on_iface = ro ? ro->on_iface : NULL;
  o.iface_ctx = ro ? ro->iface_ctx : NULL;
  o.on_diag = fz_diag;
  o.alloc = &al;
  fz_result r;
  vifxml_stream *s = vifxml_stream_new(&o);
  if (!s) {
    FZ_ASSERT(a.failed, "vifxml_stream_new failed without an allocation "
                        "failure");
    memset(&r, 0, sizeof r);
    snprintf(r.err.message, sizeof r.err.message, "stream_new: out of memory");
  } else {
    r = fz_feed(s, data, len, sp);
    vifxml_stream_free(s);
  }
  FZ_ASSERT(a.live == 0, "%ld blocks allocated through vifxml_allocator were "
                         "not freed (%s)",
            a.live, r.ok ? "success" : r.err.message);
  if (!r.ok && len < VIFXML_LIMIT_HOLD)
    FZ_ASSERT(out.len == 0, "a bad input of %zu bytes produced %zu bytes of "
                            "output (error: %s)",
              len, out.len, r.err.message);
  if (!out.p)
    fz_buf_write(&out, "", 0);
  r.out = out;
  r.allocs = a.calls;
  r.alloc_failed = a.failed;
  return r;
}

/* Streams kept across runs and inputs, one per callback, reused through
 * vifxml_stream_restart: creating a stream costs a 128 KiB window, which
 * under ASan is an mmap/munmap per run and dominated the execution time.
 * The callback context must be static (the stream keeps it). A stream
 * that carried state from one input to the next would be a restart bug,
 * which the parse target checks within a single input. */
typedef struct {
  vifxml_iface_fn cb;
  vifxml_stream *s;
  fz_buf out;
} fz_pooled;

static inline fz_result fz_run_pooled(const uint8_t *data, size_t len, fz_split sp,
                               vifxml_iface_fn cb, void *static_ctx) {
  static fz_pooled pool[4];
  fz_pooled *p = NULL;
  for (size_t i = 0; i < sizeof pool / sizeof pool[0] && !p; i++)
    if (pool[i].s && pool[i].cb == cb)
      p = &pool[i];
  for (size_t i = 0; i < sizeof pool / sizeof pool[0] && !p; i++)
    if (!pool[i].s) {
      p = &pool[i];
      vifxml_stream_options o;
      memset(&o, 0, sizeof o);
      o.filename = "fuzz";
      o.write = fz_buf_write;
      o.write_ctx = &p->out;
      o.on_iface = cb;
      o.iface_ctx = static_ctx;
      o.on_diag = fz_diag;
      p->cb = cb;
      p->s = vifxml_stream_new(&o);
      FZ_ASSERT(p->s, "vifxml_stream_new failed");
    }
  FZ_ASSERT(p, "stream pool full");
  vifxml_stream_restart(p->s, "fuzz");
  p->out.len = 0;
  fz_result r = fz_feed(p->s, data, len, sp);
  if (!r.ok && len < VIFXML_LIMIT_HOLD)
    FZ_ASSERT(p->out.len == 0, "a bad input of %zu bytes produced %zu bytes of "
                               "output (error: %s)",
              len, p->out.len, r.err.message);
  fz_buf_write(&r.out, p->out.p ? p->out.p : "", p->out.len);
  return r;
}

static inline void fz_result_free(fz_result *r) {
  free(r->out.p);
  r->out.p = NULL;
}

/* Writes an interface alone (no indent) into b, replacing its content. */
static inline void fz_write(const vifxml_iface *iface, fz_buf *b) {
  b->len = 0;
  FZ_ASSERT(vifxml_write_iface(iface, "", fz_buf_write, b) == 0,
            "vifxml_write_iface failed");
  if (!b->p)
    fz_buf_write(b, "", 0);
}

/* Parses a written interface as vifxml_parse_one does (as a guest's, so
 * inside <devices>: alone, one with an unknown <bridge> child would be left
 * alone as a host interface definition), through a reused stream: true when
 * the bytes hold exactly one interface, copied to out (strings in arena);
 * else why says what happened. */
static struct {
  vifxml_arena *arena;
  vifxml_iface *out;
  unsigned long got;
} fz_reparse_ctx;

static inline int fz_reparse_iface(void *ctx, vifxml_stream *s,
                                   vifxml_iface *iface, const char *indent,
                                   vifxml_error *err) {
  (void)ctx, (void)s, (void)indent, (void)err;
  if (fz_reparse_ctx.got++ == 0)
    FZ_ASSERT(ir_copy(fz_reparse_ctx.out, iface, fz_reparse_ctx.arena) == 0,
              "ir_copy failed");
  return 0;
}

static inline bool fz_reparse(const fz_buf *b, vifxml_arena *arena,
                              vifxml_iface *out, char *why, size_t whylen) {
  fz_reparse_ctx.arena = arena;
  fz_reparse_ctx.out = out;
  fz_reparse_ctx.got = 0;
  fz_buf in = {0};
  fz_buf_write(&in, "<devices>", 9);
  fz_buf_write(&in, b->p ? b->p : "", b->len);
  fz_buf_write(&in, "</devices>", 10);
  fz_result r = fz_run_pooled((const uint8_t *)in.p, in.len, FZ_WHOLE,
                              fz_reparse_iface, NULL);
  free(in.p);
  bool ok = r.ok && fz_reparse_ctx.got == 1;
  snprintf(why, whylen, "%lu:%lu: %s (%lu interfaces)", r.err.line,
           r.err.column, r.ok ? "" : r.err.message, fz_reparse_ctx.got);
  fz_result_free(&r);
  if (ok)
    fz_check_parsed(out);
  return ok;
}

/* The checks "closure", "ir-survives" and "rewrite" on one interface:
 * written alone, it parses back to an equal IR that writes the same bytes.
 * what names the interface's origin in the report. */
static inline void fz_survives(const vifxml_iface *iface, const char *what,
                               const uint8_t *input, size_t size) {
  fz_buf a = {0}, b = {0};
  char why[1024];
  fz_write(iface, &a);
  vifxml_arena *arena = vifxml_arena_new(NULL);
  FZ_ASSERT(arena, "vifxml_arena_new failed");
  vifxml_iface again;
  const char *check = NULL;
  if (!fz_reparse(&a, arena, &again, why, sizeof why)) {
    if (!fz_ignored_why("closure", why))
      check = "closure";
  } else if (iface->kind != VIFXML_KIND_OPAQUE &&
             vifxml_iface_compare(iface, &again, why, sizeof why)) {
    /* (An OPAQUE interface is its bytes: a user interface with a passt
     * backend also has fields, which are not written; the bytes are
     * compared below.) */
    if (!fz_ignored_why("ir-survives", why))
      check = "ir-survives";
  } else {
    fz_write(&again, &b);
    if (!fz_buf_eq(&a, &b) && !fz_ignored("rewrite")) {
      fz_dump("rewritten interface", b.p, b.len);
      snprintf(why, sizeof why, "writing the re-parsed IR gives other bytes");
      check = "rewrite";
    }
  }
  if (check) {
    fz_dump("input", (const char *)input, size);
    fz_dump("written interface", a.p, a.len);
    FZ_ASSERT(0, "[%s] %s (type %s): %s", check, what,
              vifxml_type_str(iface->type), why);
  }
  free(a.p);
  free(b.p);
  vifxml_arena_free(arena);
}

/* Same accept/reject, same error (location and text) or same output. The
 * error is not compared when the check "same-error" is ignored. */
static inline bool fz_same(const fz_result *a, const fz_result *b) {
  if (a->ok != b->ok)
    return false;
  if (!a->ok)
    return (a->err.line == b->err.line && a->err.column == b->err.column &&
            !strcmp(a->err.message, b->err.message)) ||
           fz_ignored_why("same-error", a->err.message) ||
           fz_ignored_why("same-error", b->err.message);
  return fz_buf_eq(&a->out, &b->out);
}

static inline void fz_report(const char *label, const fz_result *r) {
  if (r->ok)
    fz_dump(label, r->out.p, r->out.len);
  else
    fprintf(stderr, "--- %s: error %lu:%lu: %s\n", label, r->err.line,
            r->err.column, r->err.message);
}

#endif
