/* Fuzz target "vif": the Nova VIF mapping (lib/vif_*.c).
 *
 * Every input is tried both ways, so the corpus holds XML and JSON alike:
 * - as XML: each interface is classified (vifxml_vif_from_iface) for both
 *   profiles; the VIF must be well-formed (check "vif"), survive its own
 *   JSON (vifxml_vif_to_json, then vifxml_vif_from_json: "vif-json"), and
 *   where it has a type, map back (vifxml_vif_to_iface) to an interface that
 *   satisfies the IR invariants, survives write+parse ("closure",
 *   "ir-survives", "rewrite") and maps to the same bytes once more
 *   ("vif-stable": IR -> VIF -> IR is a projection);
 * - as VIF JSON (vifxml_vif_from_json): each VIF is well-formed, survives
 *   its JSON, and where vifxml_vif_to_iface accepts it, the interface
 *   satisfies the IR invariants, survives write+parse, and is classified
 *   with the VIF's own type among its candidates ("vif-classify").
 * Failures must come with a message; nothing may leak from the arenas
 * (counting allocator). The host is never read (sysfs NULL). */
#include "fuzz_common.h"

static const uint8_t *g_data;
static size_t g_size;
static vifxml_arena *g_arena; /* the XML path's (pooled streams keep no
                                 per-input context) */

static void vif_fail(const char *check, const char *fmt, const char *a,
                     const char *b) {
  fz_dump("input", (const char *)g_data, g_size);
  fprintf(stderr, "*** [%s] ", check);
  fprintf(stderr, fmt, a ? a : "(null)", b ? b : "(null)");
  fprintf(stderr, "\n");
  FZ_ASSERT(0, "[%s] see above", check);
}

static bool all_digits(const char *s) {
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* Check "vif": kinds and values agree; candidates agree with the type. */
static void check_vif(const vifxml_vif *v) {
  if (fz_ignored("vif"))
    return;
  for (int k = 0; k < VIFXML_VK_COUNT; k++) {
    const char *path = vifxml_vif_key_path((vifxml_vif_key)k);
    FZ_ASSERT(path, "key %d has no path", k);
    switch (v->kind[k]) {
    case VIFXML_VV_ABSENT:
    case VIFXML_VV_NULL:
    case VIFXML_VV_UNKNOWN:
      break;
    case VIFXML_VV_STRING:
      if (!v->v[k])
        vif_fail("vif", "%s is a string without a value%s", path, "");
      fz_touch(v->v[k]);
      break;
    case VIFXML_VV_NUMBER:
      if (!v->v[k] || !all_digits(v->v[k]))
        vif_fail("vif", "%s is a number written '%s'", path, v->v[k]);
      break;
    case VIFXML_VV_BOOL:
      if (!v->v[k] || (strcmp(v->v[k], "true") && strcmp(v->v[k], "false")))
        vif_fail("vif", "%s is a boolean written '%s'", path, v->v[k]);
      break;
    default:
      FZ_ASSERT(0, "[vif] %s has kind %d", path, v->kind[k]);
    }
  }
  FZ_ASSERT(v->ncandidates <= VIFXML_VIF_MAX_CANDIDATES, "[vif] %zu candidates",
            v->ncandidates);
  for (size_t i = 0; i < v->ncandidates; i++)
    FZ_ASSERT(v->candidates[i] && fz_touch(v->candidates[i]),
              "[vif] empty candidate %zu", i);
  if (v->note)
    fz_touch(v->note);
}

/* ## The VIF's own JSON reads back as the same VIF ("vif-json"). */

static struct {
  const vifxml_vif *want;
  unsigned long got;
} json_ctx;

/* UNKNOWN is written in the `unknown` list, not as the key: it reads back
 * as absent. */
static int norm_kind(int k) { return k == VIFXML_VV_UNKNOWN ? VIFXML_VV_ABSENT : k; }

static int json_back(void *ctx, const vifxml_vif *got, vifxml_error *err) {
  (void)ctx, (void)err;
  const vifxml_vif *want = json_ctx.want;
  if (json_ctx.got++)
    return 0;
  for (int k = 0; k < VIFXML_VK_COUNT; k++) {
    const char *path = vifxml_vif_key_path((vifxml_vif_key)k);
    if (norm_kind(want->kind[k]) != norm_kind(got->kind[k])) {
      char kinds[32];
      snprintf(kinds, sizeof kinds, "%d != %d", want->kind[k], got->kind[k]);
      vif_fail("vif-json", "%s: the kind changes through JSON: %s", path, kinds);
    }
    bool has = want->kind[k] == VIFXML_VV_STRING ||
               want->kind[k] == VIFXML_VV_NUMBER ||
               want->kind[k] == VIFXML_VV_BOOL;
    const char *x = want->v[k], *y = got->v[k];
    if (want->kind[k] == VIFXML_VV_NUMBER) { /* "0999" is written 999 */
      while (x[0] == '0' && x[1])
        x++;
      while (y[0] == '0' && y[1])
        y++;
    }
    if (has && strcmp(x, y))
      vif_fail("vif-json", "the value changes through JSON: '%s' != '%s'",
               want->v[k], got->v[k]);
  }
  return 0;
}

static void json_roundtrip(const vifxml_vif *v, vifxml_arena *arena) {
  const char *j = vifxml_vif_to_json(v, arena);
  FZ_ASSERT(j, "vifxml_vif_to_json failed");
  if (fz_ignored("vif-json"))
    return;
  FZ_ASSERT(!strchr(j, '\n'), "[vif-json] the JSON line holds a newline: %s", j);
  vifxml_arena *a2 = vifxml_arena_new(NULL);
  FZ_ASSERT(a2, "vifxml_arena_new failed");
  vifxml_error e;
  memset(&e, 0, sizeof e);
  json_ctx.want = v;
  json_ctx.got = 0;
  if (vifxml_vif_from_json(j, strlen(j), a2, json_back, NULL, &e) < 0 ||
      json_ctx.got != 1)
    vif_fail("vif-json", "the VIF's JSON does not read back: %s (%s)", j,
             e.message);
  vifxml_arena_free(a2);
}

/* ## VIF -> interface, and the checks on the result */

static const char *profile_name(vifxml_profile p) {
  return p == VIFXML_PROFILE_CURRENT ? "current" : "liberty";
}

/* Maps vif to an interface; false when the VIF has none (a message is then
 * required). */
static bool to_iface(const vifxml_vif *vif, vifxml_profile p,
                     vifxml_arena *arena, vifxml_iface *out) {
  vifxml_vif_options o;
  memset(&o, 0, sizeof o);
  o.profile = p;
  vifxml_error e;
  memset(&e, 0, sizeof e);
  vifxml_iface *made;
  if (vifxml_vif_to_iface(vif, &o, arena, &made, &e) < 0) {
    FZ_ASSERT(memchr(e.message, 0, sizeof e.message) && e.message[0],
              "[vif] vifxml_vif_to_iface failed without a message");
    return false;
  }
  *out = *made;
  fz_check_iface(out);
  char what[96];
  snprintf(what, sizeof what, "the interface of a VIF of type '%s' (%s)",
           vif->kind[VIFXML_VK_TYPE] == VIFXML_VV_STRING
               ? vif->v[VIFXML_VK_TYPE]
               : "?",
           profile_name(p));
  fz_survives(out, what, g_data, g_size);
  return true;
}

static void classify(const vifxml_iface *iface, vifxml_profile p,
                     vifxml_arena *arena, vifxml_vif *out) {
  vifxml_error e;
  memset(&e, 0, sizeof e);
  FZ_ASSERT(vifxml_vif_from_iface(iface, p, arena, out, &e) == 0,
            "vifxml_vif_from_iface failed: %s", e.message);
  check_vif(out);
  if (out->kind[VIFXML_VK_TYPE] == VIFXML_VV_STRING && !fz_ignored("vif"))
    FZ_ASSERT(out->ncandidates >= 1 &&
                  !strcmp(out->candidates[0], out->v[VIFXML_VK_TYPE]),
              "[vif] type '%s' is not the first candidate",
              out->v[VIFXML_VK_TYPE]);
}

/* ## XML in */

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  vifxml_arena *arena = g_arena;
  (void)ctx, (void)s, (void)indent, (void)err;
  fz_check_parsed(iface);
  for (int p = 0; p < VIFXML_PROFILE_COUNT; p++) {
    vifxml_vif vif;
    classify(iface, (vifxml_profile)p, arena, &vif);
    json_roundtrip(&vif, arena);
    if (vif.kind[VIFXML_VK_TYPE] != VIFXML_VV_STRING)
      continue;
    vifxml_iface back;
    if (!to_iface(&vif, (vifxml_profile)p, arena, &back))
      continue;
    /* IR -> VIF -> IR is a projection: once more changes nothing. */
    vifxml_vif vif2;
    classify(&back, (vifxml_profile)p, arena, &vif2);
    vifxml_iface back2;
    bool ok2 = vif2.kind[VIFXML_VK_TYPE] == VIFXML_VV_STRING &&
               to_iface(&vif2, (vifxml_profile)p, arena, &back2);
    if (fz_ignored("vif-stable"))
      continue;
    fz_buf a = {0}, b = {0};
    fz_write(&back, &a);
    if (ok2)
      fz_write(&back2, &b);
    if (!ok2 || !fz_buf_eq(&a, &b)) {
      fz_dump("interface from the VIF", a.p, a.len);
      if (ok2)
        fz_dump("interface from the VIF of that interface", b.p, b.len);
      vif_fail("vif-stable", "IR -> VIF -> IR is not stable (%s profile)%s",
               profile_name((vifxml_profile)p),
               ok2 ? "" : ": the second VIF maps to no interface");
    }
    free(a.p);
    free(b.p);
  }
  vifxml_arena_reset(arena);
  return 0;
}

/* ## JSON in */

typedef struct {
  vifxml_arena *work;
} json_in_ctx;

static int on_vif(void *ctx, const vifxml_vif *vif, vifxml_error *err) {
  json_in_ctx *c = ctx;
  (void)err;
  check_vif(vif);
  json_roundtrip(vif, c->work);
  for (int p = 0; p < VIFXML_PROFILE_COUNT; p++) {
    vifxml_iface iface;
    if (!to_iface(vif, (vifxml_profile)p, c->work, &iface))
      continue;
    vifxml_vif back;
    classify(&iface, (vifxml_profile)p, c->work, &back);
    if (vif->kind[VIFXML_VK_TYPE] != VIFXML_VV_STRING ||
        fz_ignored("vif-classify"))
      continue;
    /* A devname libvirt takes for its own (vnet*, macvtap*: dropped from the
     * config form) leaves the XML without what tells the types apart. */
    if (vif->kind[VIFXML_VK_DEVNAME] == VIFXML_VV_STRING &&
        !iface.f[VIFXML_F_TARGET_DEV])
      continue;
    bool found = false;
    for (size_t i = 0; i < back.ncandidates && !found; i++)
      found = !strcmp(back.candidates[i], vif->v[VIFXML_VK_TYPE]);
    if (!found) {
      fz_buf a = {0};
      fz_write(&iface, &a);
      fz_dump("interface", a.p, a.len);
      free(a.p);
      vif_fail("vif-classify",
               "the interface written for type '%s' is not classified as "
               "one: %s",
               vif->v[VIFXML_VK_TYPE],
               back.ncandidates ? back.candidates[0] : back.note);
    }
  }
  vifxml_arena_reset(c->work);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FZ_MAX_INPUT)
    return 0;
  g_data = data;
  g_size = size;

  /* As XML. */
  fz_alloc al;
  vifxml_allocator a = fz_allocator(&al, -1);
  g_arena = vifxml_arena_new(&a);
  FZ_ASSERT(g_arena, "vifxml_arena_new failed");
  fz_result r = fz_run_pooled(data, size, FZ_WHOLE, on_iface, NULL);
  fz_result_free(&r);
  vifxml_arena_free(g_arena);
  g_arena = NULL;
  FZ_ASSERT(al.live == 0, "%ld blocks leaked (XML)", al.live);

  /* As VIF JSON. */
  vifxml_allocator a2 = fz_allocator(&al, -1);
  vifxml_arena *in = vifxml_arena_new(&a2), *work = vifxml_arena_new(&a2);
  FZ_ASSERT(in && work, "vifxml_arena_new failed");
  json_in_ctx c = {work};
  vifxml_error e;
  memset(&e, 0, sizeof e);
  if (vifxml_vif_from_json((const char *)data, size, in, on_vif, &c, &e) < 0)
    FZ_ASSERT(memchr(e.message, 0, sizeof e.message) && e.message[0],
              "vifxml_vif_from_json failed without a message");
  vifxml_arena_free(work);
  vifxml_arena_free(in);
  FZ_ASSERT(al.live == 0, "%ld blocks leaked (JSON)", al.live);
  return 0;
}
