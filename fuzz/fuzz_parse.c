/* Fuzz target "parse": arbitrary bytes as whole documents.
 *
 * Asserted (abort() on violation), beyond "no crash, no sanitizer report":
 * - every interface handed out satisfies the IR's structural invariants
 *   (fz_check_iface: kinds, fields only where the writer can write them,
 *   item parents, kept unknowns well-formed) and all its strings are readable;
 * - success and error are exclusive and an error has a message and, for
 *   input errors, a location; a bad input (< 1 MiB) yields no output at all;
 * - the stream's counters agree with what was seen (bytes, interfaces, kinds);
 * - everything allocated through vifxml_allocator is freed;
 * - a reused stream (vifxml_stream_restart, also mid-document and after
 *   the previous input), which also explains its rewrites (the explain
 *   option: notes only), gives the same result as a new one, and
 *   vifxml_parse_one agrees with the stream;
 * - failing one allocation (chosen from the input's hash) ends in a clean
 *   error, or in a success identical to the normal run, with no leak. */
#include "fuzz_common.h"

typedef struct {
  unsigned long seen;
  unsigned long by_kind[VIFXML_KIND_COUNT];
} parse_ctx;

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  parse_ctx *c = ctx;
  (void)err;
  fz_check_parsed(iface);
  fz_touch(indent);
  c->seen++;
  c->by_kind[iface->kind]++;
  return vifxml_stream_write_iface(s, iface);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FZ_MAX_INPUT)
    return 0;
  uint64_t h = fz_hash(data, size);

  /* 1. The whole buffer, every interface checked. */
  parse_ctx c;
  memset(&c, 0, sizeof c);
  fz_run_opts ro = {on_iface, &c, -1, true};
  fz_result r = fz_run(data, size, FZ_WHOLE, &ro);
  if (r.ok) {
    FZ_ASSERT(r.stats.bytes == size, "stats.bytes %llu for %zu bytes",
              r.stats.bytes, size);
    FZ_ASSERT(r.stats.units >= 1, "success without a unit");
  } else {
    FZ_ASSERT(r.err.line >= 1 && r.err.column >= 1,
              "input error without a location: %s", r.err.message);
    FZ_ASSERT(!strcmp(r.err.file, "fuzz"), "error names file '%s'", r.err.file);
  }
  FZ_ASSERT(r.stats.interfaces == c.seen, "stats.interfaces %lu, saw %lu",
            r.stats.interfaces, c.seen);
  for (int k = 0; k < VIFXML_KIND_COUNT; k++)
    FZ_ASSERT(r.stats.by_kind[k] == c.by_kind[k], "stats.by_kind[%s] %lu, saw %lu",
              vifxml_kind_str((vifxml_kind)k), r.stats.by_kind[k], c.by_kind[k]);

  /* 2. A stream kept across inputs (restarted before each use; this input
   * is first fed half, so that restart also happens with expat
   * mid-document) and explaining its rewrites gives the same result as the
   * new one of step 1. */
  {
    static fz_buf out;
    static vifxml_stream *s;
    if (!s) {
      vifxml_stream_options o;
      memset(&o, 0, sizeof o);
      o.filename = "fuzz";
      o.write = fz_buf_write;
      o.write_ctx = &out;
      o.on_diag = fz_diag;
      o.explain = 1;
      s = vifxml_stream_new(&o);
      FZ_ASSERT(s, "vifxml_stream_new failed");
    }
    vifxml_stream_restart(s, "fuzz");
    vifxml_stream_feed(s, (const char *)data, size / 2);
    vifxml_stream_restart(s, "fuzz");
    out.len = 0;
    fz_result again = fz_feed(s, data, size, FZ_WHOLE);
    fz_buf_write(&again.out, out.p ? out.p : "", out.len);
    if (!fz_same(&r, &again)) {
      fz_report("new stream", &r);
      fz_report("restarted stream", &again);
      FZ_ASSERT(0, "a restarted stream gives another result");
    }
    fz_result_free(&again);
  }

  /* 3. vifxml_parse_one agrees with the stream. */
  {
    vifxml_arena *arena = vifxml_arena_new(NULL);
    FZ_ASSERT(arena, "vifxml_arena_new failed");
    vifxml_iface *one;
    vifxml_error e;
    memset(&e, 0, sizeof e);
    int st = vifxml_parse_one((const char *)data, size, "fuzz", arena, &one, &e);
    bool want = r.ok && r.stats.interfaces > 0;
    FZ_ASSERT((st == 0) == want,
              "parse_one %s but the stream %s with %lu interfaces (%s)",
              st == 0 ? "succeeded" : "failed", r.ok ? "succeeded" : "failed",
              r.stats.interfaces, st == 0 ? "" : e.message);
    if (st == 0) {
      fz_check_parsed(one);
      FZ_ASSERT(one->arena == arena, "parse_one result not in the given arena");
    } else {
      FZ_ASSERT(e.message[0], "parse_one failed without a message");
      if (!r.ok)
        FZ_ASSERT(e.line == r.err.line && e.column == r.err.column &&
                      !strcmp(e.message, r.err.message),
                  "parse_one error %lu:%lu '%s' != stream error %lu:%lu '%s'",
                  e.line, e.column, e.message, r.err.line, r.err.column,
                  r.err.message);
    }
    vifxml_arena_free(arena);
  }

  /* 4. The same run with one allocation failing. */
  if (r.allocs > 0) {
    long k = (long)(h % (uint64_t)r.allocs);
    parse_ctx c2;
    memset(&c2, 0, sizeof c2);
    fz_run_opts ro2 = {on_iface, &c2, k, true};
    fz_result f = fz_run(data, size, FZ_WHOLE, &ro2);
    FZ_ASSERT(f.alloc_failed, "allocation %ld of %ld was never made", k,
              r.allocs);
    if (f.ok) {
      /* Recovering is allowed, but only to the very same result. */
      if (!fz_same(&r, &f)) {
        fz_report("normal run", &r);
        fz_report("run with a failed allocation", &f);
        FZ_ASSERT(0, "allocation %ld failed, the run succeeded with another "
                     "result", k);
      }
    }
    fz_result_free(&f);
  }
  fz_result_free(&r);
  return 0;
}
