/* Fuzz target "network": <network> definitions and interfaces resolved
 * against them (lib/network.c, lib/resolve.c).
 *
 * Input: network definitions, then optionally the line
 * `<!--interfaces-->` followed by documents with interfaces (what
 * `vifxml resolve --network A FILE` reads from A and FILE). Without that
 * marker the whole input is definitions.
 *
 * Asserted (abort() on violation; names for VIFXML_FUZZ_IGNORE):
 * - failures carry a message; nothing leaks from the networks handle
 *   (counting allocator) or the arenas;
 * - a resolved interface is of kind bridge, direct or hostdev, satisfies
 *   the IR invariants and survives write+parse ("closure", "ir-survives",
 *   "rewrite"); an interface of another kind is left alone ("resolve-other");
 * - "resolve-isolated": a failed resolution (rolled back) counts nothing, and
 *   all or nothing holds for definitions: a second handle given the same
 *   definitions and only the interfaces that were resolved, in the same
 *   order, resolves each to the same bytes; when the definitions were
 *   refused, resolving on the refused handle is like resolving on an empty
 *   one;
 * - "networks-dup": the same definitions added twice are refused the second
 *   time. */
#include "fuzz_common.h"

#define MARKER "<!--interfaces-->"
#define MAX_RESOLVED 64

typedef struct {
  bool ok;
  char *out;    /* written interface, or the error message */
  size_t index; /* position among the NETWORK interfaces */
} outcome;

static struct {
  vifxml_networks *nets;
  vifxml_arena *work;
  outcome res[MAX_RESOLVED];
  size_t nres;     /* NETWORK interfaces seen */
  const bool *only; /* run B: resolve only these (by index) */
  const uint8_t *data;
  size_t size;
} g;

static char *dup_buf(const fz_buf *b) {
  char *p = malloc(b->len + 1);
  FZ_ASSERT(p, "harness out of memory");
  memcpy(p, b->p, b->len);
  p[b->len] = '\0';
  return p;
}

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  (void)ctx, (void)s, (void)indent, (void)err;
  fz_check_parsed(iface);
  vifxml_iface copy;
  FZ_ASSERT(ir_copy(&copy, iface, g.work) == 0, "ir_copy");
  vifxml_error e;
  memset(&e, 0, sizeof e);
  if (iface->kind != VIFXML_KIND_NETWORK) {
    /* Other kinds are left alone. */
    char why[512];
    int rc = vifxml_networks_resolve(g.nets, &copy, &e, fz_diag, NULL);
    if (!fz_ignored("resolve-other"))
      FZ_ASSERT(rc == 0 && !vifxml_iface_compare(iface, &copy, why, sizeof why),
                "[resolve-other] resolving a %s interface changed it: %s",
                vifxml_type_str(iface->type), rc ? e.message : why);
    vifxml_arena_reset(g.work);
    return 0;
  }
  size_t idx = g.nres++;
  if (idx >= MAX_RESOLVED || (g.only && !g.only[idx])) {
    vifxml_arena_reset(g.work);
    return 0;
  }
  int rc = vifxml_networks_resolve(g.nets, &copy, &e, fz_diag, NULL);
  outcome *o = &g.res[idx];
  o->index = idx;
  if (rc < 0) {
    FZ_ASSERT(memchr(e.message, 0, sizeof e.message) && e.message[0],
              "vifxml_networks_resolve failed without a message");
    vifxml_networks_rollback(g.nets);
    o->ok = false;
    o->out = strdup(e.message);
    FZ_ASSERT(o->out, "harness out of memory");
  } else {
    vifxml_networks_commit(g.nets);
    FZ_ASSERT(copy.kind == VIFXML_KIND_BRIDGE || copy.kind == VIFXML_KIND_DIRECT ||
                  copy.kind == VIFXML_KIND_PCI_ASSIGNED,
              "a resolved interface is of kind %s", vifxml_kind_str(copy.kind));
    fz_check_iface(&copy);
    char what[64];
    snprintf(what, sizeof what, "resolved interface %zu", idx + 1);
    fz_survives(&copy, what, g.data, g.size);
    fz_buf b = {0};
    fz_write(&copy, &b);
    o->ok = true;
    o->out = dup_buf(&b);
    free(b.p);
  }
  vifxml_arena_reset(g.work);
  return 0;
}

/* One run: a handle with the definitions (or none), then the interfaces.
 * Returns whether the definitions were accepted. */
static bool run(const char *defs, size_t deflen, const uint8_t *ifaces,
                size_t ifacelen, const bool *only, bool add, bool check_dup) {
  fz_alloc al;
  vifxml_allocator a = fz_allocator(&al, -1);
  g.nets = vifxml_networks_new(&a);
  FZ_ASSERT(g.nets, "vifxml_networks_new failed");
  g.work = vifxml_arena_new(NULL);
  FZ_ASSERT(g.work, "vifxml_arena_new failed");
  g.nres = 0;
  g.only = only;
  bool added = false;
  if (add) {
    vifxml_error e;
    memset(&e, 0, sizeof e);
    added = vifxml_networks_add(g.nets, defs, deflen, "networks.xml", &e) == 0;
    if (!added)
      FZ_ASSERT(memchr(e.message, 0, sizeof e.message) && e.message[0],
                "vifxml_networks_add failed without a message");
    if (added && check_dup && !fz_ignored("networks-dup")) {
      vifxml_error e2;
      memset(&e2, 0, sizeof e2);
      FZ_ASSERT(vifxml_networks_add(g.nets, defs, deflen, "again.xml", &e2) < 0,
                "[networks-dup] the same definitions were accepted twice");
    }
  }
  if (ifaces) {
    fz_result r = fz_run_pooled(ifaces, ifacelen, FZ_WHOLE, on_iface, NULL);
    fz_result_free(&r);
  }
  vifxml_networks_free(g.nets);
  g.nets = NULL;
  vifxml_arena_free(g.work);
  g.work = NULL;
  FZ_ASSERT(al.live == 0, "%ld blocks allocated by the networks handle leaked",
            al.live);
  return added;
}

static void free_outcomes(outcome *o, size_t n) {
  for (size_t i = 0; i < n && i < MAX_RESOLVED; i++) {
    free(o[i].out);
    o[i].out = NULL;
  }
}

static void isolated_fail(const outcome *a, const outcome *b, const char *why) {
  fz_dump("input", (const char *)g.data, g.size);
  fprintf(stderr, "--- interface %zu, first run (%s):\n%s\n", a->index + 1,
          a->ok ? "resolved" : "refused", a->out);
  fprintf(stderr, "--- second run (%s):\n%s\n", b->ok ? "resolved" : "refused",
          b->out ? b->out : "(not resolved)");
  FZ_ASSERT(0, "[resolve-isolated] %s", why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > FZ_MAX_INPUT)
    return 0;
  g.data = data;
  g.size = size;
  const char *text = (const char *)data;
  const uint8_t *ifaces = NULL;
  size_t deflen = size, ifacelen = 0;
  for (size_t i = 0; i + sizeof MARKER - 1 <= size; i++)
    if (!memcmp(text + i, MARKER, sizeof MARKER - 1)) {
      deflen = i;
      ifaces = data + i + sizeof MARKER - 1;
      ifacelen = size - deflen - (sizeof MARKER - 1);
      break;
    }

  /* Run A: everything, in order, with a commit after each success and a
   * rollback after each failure. */
  memset(g.res, 0, sizeof g.res);
  bool added = run(text, deflen, ifaces, ifacelen, NULL, true, true);
  size_t n = g.nres < MAX_RESOLVED ? g.nres : MAX_RESOLVED;
  outcome first[MAX_RESOLVED];
  memcpy(first, g.res, sizeof first);
  if (!ifaces || !n || fz_ignored("resolve-isolated")) {
    free_outcomes(first, n);
    return 0;
  }

  /* Run B: only what A resolved (or, when the definitions were refused,
   * everything on an empty handle). */
  bool only[MAX_RESOLVED];
  for (size_t i = 0; i < n; i++)
    only[i] = !added || first[i].ok;
  memset(g.res, 0, sizeof g.res);
  run(text, deflen, ifaces, ifacelen, only, added, false);
  for (size_t i = 0; i < n; i++) {
    if (!only[i])
      continue;
    const outcome *a = &first[i], *b = &g.res[i];
    if (a->ok != b->ok || !b->out || strcmp(a->out, b->out))
      isolated_fail(a, b,
                    added ? "a failed resolution or its rollback changed "
                            "what later interfaces resolve to"
                          : "refused definitions left something behind");
  }
  free_outcomes(g.res, n);
  free_outcomes(first, n);
  return 0;
}
