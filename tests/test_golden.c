/* Golden and property tests over XML files.
 *
 *   test_golden golden FILE.xml...   output == FILE.out, or the error == FILE.err
 *   test_golden props FILE.xml...    properties only (no expected output)
 *   test_golden equiv FILE.legacy.xml...  normalize(legacy) == normalize(modern)
 *
 * Properties checked on every input that normalizes: normalizing the output
 * changes nothing; feeding the input in chunks of 1, 2, 3, 7 and 65536 bytes
 * gives the same bytes (or the same error); the bytes outside interfaces are
 * unchanged; parse -> write -> parse keeps each interface's IR.
 * VIFXML_REGENERATE=1 rewrites the .out/.err files instead of comparing. */
#define _POSIX_C_SOURCE 200809L
#include "vifxml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *p;
  size_t len, cap;
} buf;

static int buf_write(void *ctx, const char *s, size_t n) {
  buf *b = ctx;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

static bool read_file(const char *path, buf *b) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    buf_write(b, tmp, n);
  fclose(f);
  if (!b->p)
    buf_write(b, "", 0);
  return true;
}

static const char *base(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

typedef struct {
  int failures;
  char why[1200];
} rt;

static int rt_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  rt *r = ctx;
  (void)err, (void)indent;
  char why[1024];
  if (vifxml_iface_roundtrip(iface, why, sizeof why) < 0 && !r->failures++) {
    unsigned long line, col;
    vifxml_iface_position(iface, &line, &col);
    snprintf(r->why, sizeof r->why, "IR round trip at %lu:%lu: %s", line, col,
             why);
  }
  /* Also emit the normal output so the stream result stays comparable. */
  return vifxml_stream_write_iface(s, iface);
}

/* Replaces every interface by a marker: what remains must not change. */
static int mask_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                      const char *indent, vifxml_error *err) {
  (void)ctx, (void)iface, (void)indent, (void)err;
  return vifxml_stream_emit(s, "<@interface@/>", 14);
}

typedef struct {
  bool ok;
  buf out;
  vifxml_error err;
} result;

static result run(const char *name, const char *in, size_t len, size_t chunk,
                  vifxml_iface_fn cb, void *cbctx) {
  result r = {false, {0}, {0}};
  vifxml_stream_options o = {0};
  o.filename = name;
  o.write = buf_write;
  o.write_ctx = &r.out;
  o.on_iface = cb;
  o.iface_ctx = cbctx;
  vifxml_stream *s = vifxml_stream_new(&o);
  int st = 0;
  for (size_t i = 0; i < len && st == 0; i += chunk)
    st = vifxml_stream_feed(s, in + i, len - i < chunk ? len - i : chunk);
  if (st == 0)
    st = vifxml_stream_finish(s);
  if (st < 0)
    r.err = *vifxml_stream_error(s);
  r.ok = st == 0;
  if (!r.out.p)
    buf_write(&r.out, "", 0);
  vifxml_stream_free(s);
  return r;
}

/* The error as the CLI prints it, then its code on a line of its own. */
static void format_err(const vifxml_error *e, char *dst, size_t n) {
  snprintf(dst, n, "%s:%lu:%lu: error: %s\ncode: %s\n", e->file, e->line,
           e->column, e->message, vifxml_error_code_str(e->code));
}

static bool same(const result *a, const result *b) {
  if (a->ok != b->ok)
    return false;
  if (!a->ok)
    return a->err.code == b->err.code && a->err.line == b->err.line &&
           a->err.column == b->err.column &&
           !strcmp(a->err.message, b->err.message);
  return a->out.len == b->out.len && !memcmp(a->out.p, b->out.p, a->out.len);
}

/* The properties; returns a failure reason or NULL. */
static const char *properties(const char *name, const buf *in,
                              const result *whole, char *why, size_t n) {
  static const size_t chunks[] = {1, 2, 3, 7, 65536};
  for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
    result c = run(name, in->p, in->len, chunks[i], NULL, NULL);
    bool eq = same(&c, whole);
    free(c.out.p);
    if (!eq) {
      snprintf(why, n, "feeding %zu-byte chunks gives a different result",
               chunks[i]);
      return why;
    }
  }
  if (!whole->ok)
    return NULL;
  result again = run(name, whole->out.p, whole->out.len, 65536, NULL, NULL);
  bool idem = again.ok && again.out.len == whole->out.len &&
              !memcmp(again.out.p, whole->out.p, again.out.len);
  free(again.out.p);
  if (!idem) {
    snprintf(why, n, "normalizing the output changes it (%s)",
             again.ok ? "different bytes" : again.err.message);
    return why;
  }
  result m1 = run(name, in->p, in->len, 65536, mask_iface, NULL);
  result m2 = run(name, whole->out.p, whole->out.len, 65536, mask_iface, NULL);
  bool kept = m1.ok && m2.ok && m1.out.len == m2.out.len &&
              !memcmp(m1.out.p, m2.out.p, m1.out.len);
  free(m1.out.p);
  free(m2.out.p);
  if (!kept) {
    snprintf(why, n, "bytes outside interfaces changed");
    return why;
  }
  rt r = {0, ""};
  result rr = run(name, in->p, in->len, 65536, rt_iface, &r);
  free(rr.out.p);
  if (r.failures) {
    snprintf(why, n, "%s", r.why);
    return why;
  }
  return NULL;
}

static bool regenerate(void) {
  const char *e = getenv("VIFXML_REGENERATE");
  return e && *e && strcmp(e, "0");
}

static char *sibling(const char *path, const char *from, const char *to) {
  size_t n = strlen(path), f = strlen(from);
  char *s = malloc(n + strlen(to) + 1);
  if (!s)
    return NULL;
  memcpy(s, path, n - f);
  strcpy(s + n - f, to);
  return s;
}

static bool write_file(const char *path, const char *s, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return false;
  bool ok = fwrite(s, 1, n, f) == n;
  return fclose(f) == 0 && ok;
}

static const char *golden(const char *path, char *why, size_t n) {
  buf in = {0}, exp = {0};
  const char *fail = NULL;
  if (!read_file(path, &in))
    return "cannot read input";
  result r = run(base(path), in.p, in.len, 65536, NULL, NULL);
  char *out_path = sibling(path, ".xml", ".out");
  char *err_path = sibling(path, ".xml", ".err");
  char errline[1024];
  if (!r.ok)
    format_err(&r.err, errline, sizeof errline);
  if (regenerate()) {
    remove(r.ok ? err_path : out_path);
    if (r.ok)
      write_file(out_path, r.out.p, r.out.len);
    else
      write_file(err_path, errline, strlen(errline));
  } else if (read_file(out_path, &exp)) {
    if (!r.ok) {
      snprintf(why, n, "expected output, got %s", errline);
      fail = why;
    } else if (exp.len != r.out.len || memcmp(exp.p, r.out.p, exp.len)) {
      snprintf(why, n, "output differs from %s:\n--- expected\n%s--- got\n%s",
               base(out_path), exp.p, r.out.p);
      fail = why;
    }
  } else if (read_file(err_path, &exp)) {
    if (r.ok) {
      snprintf(why, n, "expected error %s, got output", exp.p);
      fail = why;
    } else if (strcmp(exp.p, errline)) {
      snprintf(why, n, "expected  %sgot       %s", exp.p, errline);
      fail = why;
    }
  } else {
    fail = "no .out or .err file (run with VIFXML_REGENERATE=1)";
  }
  if (!fail)
    fail = properties(base(path), &in, &r, why, n);
  free(in.p);
  free(exp.p);
  free(r.out.p);
  free(out_path);
  free(err_path);
  return fail;
}

static const char *props(const char *path, char *why, size_t n) {
  buf in = {0};
  if (!read_file(path, &in))
    return "cannot read input";
  result r = run(base(path), in.p, in.len, 65536, NULL, NULL);
  /* Inputs libvirt refuses are in the corpus too; the libvirt oracle
   * decides whether refusing them is right, here only the properties. */
  const char *fail = properties(base(path), &in, &r, why, n);
  free(in.p);
  free(r.out.p);
  return fail;
}

static const char *equiv(const char *path, char *why, size_t n) {
  char *modern = sibling(path, ".legacy.xml", ".modern.xml");
  buf a = {0}, b = {0};
  const char *fail = NULL;
  if (!read_file(path, &a) || !read_file(modern, &b)) {
    free(modern);
    return "cannot read the pair";
  }
  result ra = run(base(path), a.p, a.len, 65536, NULL, NULL);
  result rb = run(base(modern), b.p, b.len, 65536, NULL, NULL);
  if (!ra.ok || !rb.ok) {
    snprintf(why, n, "does not normalize: %s", ra.ok ? rb.err.message : ra.err.message);
    fail = why;
  } else if (ra.out.len != rb.out.len || memcmp(ra.out.p, rb.out.p, ra.out.len)) {
    snprintf(why, n, "legacy and modern differ:\n--- legacy\n%s\n--- modern\n%s",
             ra.out.p, rb.out.p);
    fail = why;
  } else {
    fail = properties(base(path), &a, &ra, why, n);
  }
  free(modern);
  free(a.p);
  free(b.p);
  free(ra.out.p);
  free(rb.out.p);
  return fail;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_golden golden|props|equiv FILE...\n");
    return 2;
  }
  const char *(*check)(const char *, char *, size_t) =
      !strcmp(argv[1], "golden") ? golden
      : !strcmp(argv[1], "props") ? props
      : !strcmp(argv[1], "equiv") ? equiv
                                  : NULL;
  if (!check) {
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
  }
  int passed = 0, failed = 0;
  static char why[1 << 16];
  for (int i = 2; i < argc; i++) {
    why[0] = '\0';
    const char *f = check(argv[i], why, sizeof why);
    if (f) {
      printf("FAIL %s: %s\n", argv[i], f);
      failed++;
    } else {
      printf("PASS %s\n", base(argv[i]));
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed || !passed ? 1 : 0;
}
