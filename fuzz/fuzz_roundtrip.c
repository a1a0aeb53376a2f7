/* Fuzz target "roundtrip": the normalizer's properties on any input.
 *
 * Asserted with abort() (the properties tests/test_golden.c checks on the
 * golden files, here on every input the fuzzer makes). Each check has a
 * name, which VIFXML_FUZZ_IGNORE can list to turn it off during a campaign
 * while a known bug is open (docs/fuzzing.md); all are on by default.
 *
 * per interface:
 *   closure      P2: the written form parses, as exactly one interface
 *   ir-survives  parse(write(ir)) == ir, by vifxml_iface_compare
 *   rewrite      write(parse(write(ir))) == write(ir)
 *   copy         a deep copy compares equal and writes the same bytes
 *   finish-idempotent  vifxml_iface_finish on a finished IR succeeds and
 *                changes nothing (resolve and the VIF mapper finish an IR
 *                again after editing it)
 * per document:
 *   chunking     P3: the whole buffer, 1-byte feeds and input-derived
 *                random splits give the same accept/reject and output
 *   same-error   ... and the same error line, column and text
 *   closure      P2: the output normalizes
 *   fixed-point  P1: normalize(normalize(x)) == normalize(x), byte for byte
 *   pass-through the bytes outside interfaces are the same in the input
 *                and in the output
 *   escape       an interface built through the IR API, whose string fields
 *                and a kept attribute hold the input's characters, survives
 *                write+parse (the writer's escaping on every input)
 *   escape-raw   the same with the input's bytes as they are: what XML
 *                cannot hold must be refused by vifxml_iface_set
 * plus, always, the IR invariants, no leak, no output on error
 * (fuzz_common.h). */
#include "fuzz_common.h"

typedef struct {
  const uint8_t *data;
  size_t size;
  unsigned long n;
} rt_ctx;

static void rt_fail(const rt_ctx *c, const vifxml_iface *iface,
                    const fz_buf *written, const char *check, const char *what,
                    const char *why) {
  fz_dump("input", (const char *)c->data, c->size);
  if (written)
    fz_dump("written interface", written->p, written->len);
  FZ_ASSERT(0, "[%s] interface %lu (type %s, at %lu:%lu): %s%s%s", check,
            c->n, vifxml_type_str(iface->type), iface->line, iface->column,
            what, why && *why ? ": " : "", why ? why : "");
}

static int rt_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  rt_ctx *c = ctx;
  (void)err, (void)indent;
  c->n++;
  fz_check_parsed(iface);
  char what[64];
  snprintf(what, sizeof what, "interface %lu at %lu:%lu", c->n, iface->line,
           iface->column);
  fz_survives(iface, what, c->data, c->size);

  fz_buf a = {0}, b = {0};
  char why[1024] = "";
  vifxml_error e;
  memset(&e, 0, sizeof e);
  fz_write(iface, &a);

  /* A deep copy is equal and writes the same. */
  vifxml_arena *arena2 = vifxml_arena_new(NULL);
  FZ_ASSERT(arena2, "vifxml_arena_new failed");
  vifxml_iface *copy = vifxml_iface_copy(iface, arena2, NULL);
  FZ_ASSERT(copy, "vifxml_iface_copy");
  if (!fz_ignored("copy")) {
    if (vifxml_iface_compare(iface, copy, why, sizeof why))
      rt_fail(c, iface, &a, "copy", "a deep copy differs", why);
    fz_write(copy, &b);
    if (!fz_buf_eq(&a, &b)) {
      fz_dump("copy written", b.p, b.len);
      rt_fail(c, iface, &a, "copy", "the copy writes other bytes", "");
    }
  }
  /* Finishing it again (the parser finished it) changes nothing. */
  if (iface->kind != VIFXML_KIND_OPAQUE) {
    if (vifxml_iface_finish(copy, &e, NULL, NULL) < 0) {
      if (!fz_ignored_why("finish-idempotent", e.message))
        rt_fail(c, iface, &a, "finish-idempotent",
                "vifxml_iface_finish refuses a finished interface", e.message);
    } else if (vifxml_iface_compare(iface, copy, why, sizeof why) &&
               !fz_ignored_why("finish-idempotent", why))
      rt_fail(c, iface, &a, "finish-idempotent",
              "vifxml_iface_finish changes a finished interface", why);
  }

  free(a.p);
  free(b.p);
  vifxml_arena_free(arena2);
  return vifxml_stream_write_iface(s, iface);
}

/* The valid XML 1.0 characters of the input, as UTF-8, at most cap - 1
 * bytes: any of them can be held in a string field and must be written so
 * that it reads back (a VIF's JSON strings reach the writer this way). */
static size_t xml_chars(const uint8_t *d, size_t n, char *out, size_t cap) {
  size_t len = 0;
  for (size_t i = 0; i < n;) {
    uint32_t c = d[i];
    size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                              : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = k && i + k <= n;
    if (ok && k > 1) {
      c &= 0xFF >> (k + 1);
      for (size_t j = 1; j < k; j++) {
        ok = ok && (d[i + j] & 0xC0) == 0x80;
        c = (c << 6) | (d[i + j] & 0x3F);
      }
      ok = ok && c >= (k == 2 ? 0x80u : k == 3 ? 0x800u : 0x10000u);
    }
    ok = ok && (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c < 0xD800) ||
                (c >= 0xE000 && c < 0xFFFE) || (c >= 0x10000 && c < 0x110000));
    if (!ok) {
      i++;
      continue;
    }
    if (len + k >= cap)
      break;
    memcpy(out + len, d + i, k);
    len += k;
    i += k;
  }
  out[len] = '\0';
  return len;
}

/* Checks "escape" and "escape-raw": a bridge interface built through the
 * IR API whose string fields and a kept unknown attribute hold text made
 * from the input; written and parsed again it must be the same. "escape":
 * the input's valid XML characters (the writer's escaping, on every input).
 * "escape-raw": the input's bytes as they are (up to a NUL): a string XML
 * cannot hold (a control character, bad UTF-8) must be refused by
 * vifxml_iface_set, not written (a VIF's JSON strings reach the IR this
 * way: vifxml from-vif). */
static void escape_check(const char *check, const char *text,
                         const uint8_t *data, size_t size) {
  if (!*text || fz_ignored(check))
    return;
  vifxml_arena *arena = vifxml_arena_new(NULL);
  FZ_ASSERT(arena, "vifxml_arena_new failed");
  vifxml_iface ifc;
  vifxml_error e;
  ir_init(&ifc, arena, VIFXML_TYPE_BRIDGE);
  static const vifxml_field fields[] = {VIFXML_F_SRC_BRIDGE,
                                        VIFXML_F_SCRIPT_PATH,
                                        VIFXML_F_BACKEND_LOGFILE};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (vifxml_iface_set(&ifc, fields[i], text, &e) < 0)
      goto out;
  vifxml_extra x = {VIFXML_EXTRA_ATTR, VIFXML_E_INTERFACE, -1, VIFXML_E_COUNT,
                    "x-fuzz", arena_strndup(arena, text, strlen(text))};
  FZ_ASSERT(x.text && ir_add_extra(&ifc, &x) == 0, "ir_add_extra failed");
  if (vifxml_iface_finish(&ifc, &e, NULL, NULL) < 0)
    goto out;
  char what[96];
  snprintf(what, sizeof what, "[%s] an interface whose string fields hold "
           "the input's %s", check, strcmp(check, "escape") ? "bytes"
                                                            : "characters");
  fz_survives(&ifc, what, data, size);
out:
  vifxml_arena_free(arena);
}

/* Replaces every interface by a marker: what remains must not change. */
static int mask_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                      const char *indent, vifxml_error *err) {
  (void)ctx, (void)iface, (void)indent, (void)err;
  return vifxml_stream_emit(s, "<@interface@/>", 14);
}

static void same_or_die(const uint8_t *data, size_t size, const fz_result *w,
                        const fz_result *r, const char *how) {
  if (fz_same(w, r) || fz_ignored("chunking"))
    return;
  fz_dump("input", (const char *)data, size);
  fz_report("whole buffer", w);
  fz_report(how, r);
  FZ_ASSERT(0, "[chunking] P3: %s gives another result than the whole buffer",
            how);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FZ_MAX_INPUT)
    return 0;
  uint64_t h = fz_hash(data, size);

  /* The whole buffer; every interface round-tripped on its own. */
  rt_ctx c = {data, size, 0};
  fz_run_opts ro = {rt_iface, &c, -1, true};
  fz_result w = fz_run(data, size, FZ_WHOLE, &ro);

  /* P3: other ways to cut the same bytes. The default writer is used here,
   * so this also checks the callback path wrote what the default does. */
  fz_split one = {size <= 16384 ? 1 : 61, 0, 0};
  fz_result r = fz_run_pooled(data, size, one, NULL, NULL);
  same_or_die(data, size, &w, &r, size <= 16384 ? "1-byte feeds" : "61-byte feeds");
  fz_result_free(&r);
  fz_split small = {0, h, 16};
  r = fz_run_pooled(data, size, small, NULL, NULL);
  same_or_die(data, size, &w, &r, "random feeds of 1..16 bytes");
  fz_result_free(&r);
  fz_split big = {0, h ^ 0x5bd1e995u, 1024};
  r = fz_run_pooled(data, size, big, NULL, NULL);
  same_or_die(data, size, &w, &r, "random feeds of 1..1024 bytes");
  fz_result_free(&r);

  if (w.ok) {
    /* P2 + P1 on the whole document. */
    fz_result n =
        fz_run_pooled((const uint8_t *)w.out.p, w.out.len, FZ_WHOLE, NULL, NULL);
    const char *check = !n.ok ? "closure"
                        : !fz_buf_eq(&n.out, &w.out) ? "fixed-point"
                                                     : NULL;
    if (check && !fz_ignored_why(check, n.ok ? NULL : n.err.message)) {
      fz_dump("input", (const char *)data, size);
      fz_report("normalized once", &w);
      fz_report("normalized twice", &n);
      FZ_ASSERT(0, "[%s] %s", check,
                n.ok ? "P1: normalizing the output changes it"
                     : "P2: the output does not normalize");
    }
    if (n.ok && !fz_ignored("fixed-point"))
      FZ_ASSERT(n.stats.interfaces == w.stats.interfaces &&
                    n.stats.units == w.stats.units,
                "[fixed-point] the output has %lu units/%lu interfaces, the "
                "input %lu/%lu",
                n.stats.units, n.stats.interfaces, w.stats.units,
                w.stats.interfaces);
    fz_result_free(&n);

    /* Everything outside interfaces passes through unchanged. */
    fz_result m1 = fz_run_pooled(data, size, FZ_WHOLE, mask_iface, NULL);
    fz_result m2 = fz_run_pooled((const uint8_t *)w.out.p, w.out.len,
                                 FZ_WHOLE, mask_iface, NULL);
    if ((!m1.ok || !m2.ok || !fz_buf_eq(&m1.out, &m2.out)) &&
        !fz_ignored("pass-through") &&
        !(!m2.ok && fz_ignored_why("closure", m2.err.message))) {
      fz_report("input, interfaces masked", &m1);
      fz_report("output, interfaces masked", &m2);
      FZ_ASSERT(0, "[pass-through] bytes outside interfaces changed");
    }
    fz_result_free(&m1);
    fz_result_free(&m2);
  }
  fz_result_free(&w);
  char text[256];
  if (xml_chars(data, size, text, sizeof text))
    escape_check("escape", text, data, size);
  size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
  memcpy(text, data, n);
  text[n] = '\0';
  escape_check("escape-raw", text, data, size);
  return 0;
}
