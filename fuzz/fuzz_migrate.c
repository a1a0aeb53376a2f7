/* Fuzz target "migrate": `vifxml migrate` (lib/migrate.c) on any document.
 *
 * Each input is migrated, as the command does (an on_iface hook that
 * writes vifxml_migrate_iface's result), under one of four handles picked
 * by a hash of the input:
 *   0  --vif: ovs delegate_create for fa:16:3e:00:00:01, ovs hybrid for
 *      fa:16:3e:00:00:02, vhost-user for fa:16:3e:00:00:03, macvtap for
 *      fa:16:3e:00:00:04 (the seeds use these MACs), --flavor-specs;
 *   1  --map bridge:br0=br-ext, network:default=prod, portgroup:web=web2;
 *   2  --from-profile liberty --set network.meta.mtu=1442;
 *   3  the same VIFs as 0, --strict.
 * Checks, asserted with abort():
 *   migrate-ir        every migrated interface satisfies the IR invariants
 *                     and, written in a domain's <devices>, parses back to
 *                     an equal IR that writes the same bytes
 *   migrate-closure   a migrated document parses
 *   migrate-outside   the bytes outside interfaces are the input's: the
 *                     document with its interfaces left out is the same
 *                     before and after
 *   migrate-idempotent  with the --vif and --map handles (0, 1, 3),
 *                     migrating the output again gives the same bytes
 *   migrate-report    the report is consistent (a migrated interface has a
 *                     destination type; a report line is JSON)
 * plus no leak of the stream's allocator and no output on error. The host
 * is never read. */
#include "fuzz_common.h"

#include <jansson.h>

static const char vifs[] =
    "[{\"id\": \"00000001-0000-4000-8000-000000000001\","
    "  \"address\": \"fa:16:3e:00:00:01\", \"type\": \"ovs\","
    "  \"delegate_create\": true, \"devname\": \"tap00000001-00\","
    "  \"network\": {\"bridge\": \"br-int\", \"meta\": {\"mtu\": 1442}}},"
    " {\"id\": \"00000002-0000-4000-8000-000000000002\","
    "  \"address\": \"FA:16:3E:00:00:02\", \"type\": \"ovs\","
    "  \"details\": {\"ovs_hybrid_plug\": true},"
    "  \"network\": {\"bridge\": \"br-int\", \"meta\": {\"mtu\": 1450}}},"
    " {\"id\": \"00000003-0000-4000-8000-000000000003\","
    "  \"address\": \"fa:16:3e:00:00:03\", \"type\": \"vhostuser\","
    "  \"details\": {\"vhostuser_socket\": \"/run/vhu3\","
    "  \"vhostuser_ovs_plug\": true}},"
    " {\"id\": \"00000004-0000-4000-8000-000000000004\","
    "  \"address\": \"fa:16:3e:00:00:04\", \"type\": \"macvtap\","
    "  \"details\": {\"macvtap_source\": \"eth1.5\", \"macvtap_mode\": "
    "\"vepa\", \"physical_interface\": \"eth1\"}}]";
static const char flavor[] = "{\"quota:vif_inbound_average\": \"100\"}";

static vifxml_migrate *handles[4];

static vifxml_migrate *handle(int i) {
  if (handles[i])
    return handles[i];
  vifxml_migrate_options o;
  memset(&o, 0, sizeof o);
  o.from_profile = i == 2 ? VIFXML_PROFILE_LIBERTY : -1;
  o.strict = i == 3;
  vifxml_migrate *m = vifxml_migrate_new(&o, NULL);
  vifxml_error e;
  FZ_ASSERT(m, "vifxml_migrate_new");
  if (i == 0 || i == 3) {
    FZ_ASSERT(vifxml_migrate_add_vifs(m, vifs, strlen(vifs), "v", &e) == 0,
              "vifs: %s", e.message);
  }
  if (i == 0)
    FZ_ASSERT(vifxml_migrate_set_flavor(m, flavor, strlen(flavor), "f", &e) ==
                  0,
              "flavor: %s", e.message);
  if (i == 1) {
    FZ_ASSERT(vifxml_migrate_add_map(m, "bridge:br0=br-ext", &e) == 0 &&
                  vifxml_migrate_add_map(m, "network:default=prod", &e) == 0 &&
                  vifxml_migrate_add_map(m, "portgroup:web=web2", &e) == 0,
              "map: %s", e.message);
  }
  if (i == 2) {
    const char *set[] = {"network.meta.mtu=1442"};
    FZ_ASSERT(vifxml_migrate_add_rule(m, NULL, 0, set, 1, &e) == 0, "rule: %s",
              e.message);
  }
  return handles[i] = m;
}

static struct {
  const vifxml_migrate *m;
  const uint8_t *data;
  size_t size;
} g;

/* "migrate-ir": a migrated interface, written where it lives (in a
 * domain's <devices>), parses back to an equal IR that writes the same
 * bytes. (Written alone, an interface whose kept unknown child is named
 * like a host interface's would be read as a host definition: the stream's
 * rule, which migrate does not change.) */
static struct {
  vifxml_arena *arena;
  vifxml_iface *out;
  unsigned long got;
} rp;

static int rp_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  (void)ctx, (void)s, (void)indent, (void)err;
  if (rp.got++ == 0)
    FZ_ASSERT(ir_copy(rp.out, iface, rp.arena) == 0, "ir_copy failed");
  return 0;
}

static void check_ir(const vifxml_iface *x) {
  static const char head[] = "<domain><devices>", tail[] = "</devices></domain>";
  fz_buf a = {0}, b = {0}, doc = {0};
  char why[1024] = "";
  fz_write(x, &a);
  fz_buf_write(&doc, head, sizeof head - 1);
  fz_buf_write(&doc, a.p, a.len);
  fz_buf_write(&doc, tail, sizeof tail - 1);
  vifxml_arena *arena = vifxml_arena_new(NULL);
  FZ_ASSERT(arena, "vifxml_arena_new failed");
  vifxml_iface again;
  rp.arena = arena;
  rp.out = &again;
  rp.got = 0;
  fz_result r = fz_run_pooled((const uint8_t *)doc.p, doc.len, FZ_WHOLE,
                              rp_iface, NULL);
  const char *what = NULL;
  if (!r.ok || rp.got != 1) {
    snprintf(why, sizeof why, "%lu:%lu: %s (%lu interfaces)", r.err.line,
             r.err.column, r.ok ? "" : r.err.message, rp.got);
    what = "does not parse back as one interface";
  } else if (x->kind != VIFXML_KIND_OPAQUE) {
    fz_check_parsed(&again);
    if (vifxml_iface_compare(x, &again, why, sizeof why))
      what = "parses back to another IR";
  }
  if (!what && rp.got == 1) {
    fz_write(&again, &b);
    if (!fz_buf_eq(&a, &b))
      what = "writes other bytes once parsed back";
  }
  if (what && !fz_ignored_why("migrate-ir", why)) {
    fz_dump("input", (const char *)g.data, g.size);
    fz_dump("migrated interface", a.p, a.len);
    FZ_ASSERT(0, "[migrate-ir] the migrated interface %s: %s", what, why);
  }
  fz_result_free(&r);
  free(a.p);
  free(b.p);
  free(doc.p);
  vifxml_arena_free(arena);
}

static int mig_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                     const char *indent, vifxml_error *err) {
  (void)ctx;
  vifxml_iface *out;
  vifxml_migrate_result r;
  if (vifxml_migrate_iface(g.m, iface, iface->arena, &out, &r, err,
                           vifxml_stream_diag, s) < 0) {
    FZ_ASSERT(err->message[0], "[migrate-report] an error without a message");
    return -1;
  }
  if (!fz_ignored("migrate-ir")) {
    if (out->kind != VIFXML_KIND_OPAQUE)
      fz_check_parsed(out);
    check_ir(out);
  }
  if (!fz_ignored("migrate-report")) {
    FZ_ASSERT(r.outcome != VIFXML_MIGRATE_MIGRATED || r.to_iface,
              "[migrate-report] migrated without a destination type");
    const char *line = vifxml_migrate_result_json(&r, "f", NULL, NULL,
                                                  iface->arena);
    json_error_t je;
    json_t *j = line ? json_loads(line, 0, &je) : NULL;
    FZ_ASSERT(j, "[migrate-report] the report is not JSON: %s",
              line ? line : "(null)");
    json_decref(j);
  }
  (void)indent;
  return vifxml_stream_write_iface(s, out);
}

/* Leaves every interface out. */
static int skip_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                      const char *indent, vifxml_error *err) {
  (void)ctx, (void)s, (void)iface, (void)indent, (void)err;
  return 0;
}

static int again_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                       const char *indent, vifxml_error *err) {
  return mig_iface(ctx, s, iface, indent, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int which = (int)(fz_hash(data, size) % 4);
  g.m = handle(which);
  g.data = data;
  g.size = size;
  fz_run_opts ro = {mig_iface, NULL, -1, true};
  fz_result r = fz_run(data, size, FZ_WHOLE, &ro);
  if (!r.ok) {
    fz_result_free(&r);
    return 0;
  }
  /* the migrated document parses, and outside its interfaces is the input */
  fz_result before = fz_run_pooled(data, size, FZ_WHOLE, skip_iface, NULL);
  fz_result after = fz_run_pooled((const uint8_t *)r.out.p, r.out.len,
                                  FZ_WHOLE, skip_iface, NULL);
  if (!after.ok && !fz_ignored_why("migrate-closure", after.err.message)) {
    fz_dump("input", (const char *)data, size);
    fz_report("migrated", &r);
    FZ_ASSERT(0, "[migrate-closure] the migrated document does not parse: "
                 "%lu:%lu: %s",
              after.err.line, after.err.column, after.err.message);
  }
  if (after.ok && before.ok && !fz_buf_eq(&before.out, &after.out) &&
      !fz_ignored("migrate-outside")) {
    fz_dump("input", (const char *)data, size);
    fz_report("migrated", &r);
    fz_report("outside, before", &before);
    fz_report("outside, after", &after);
    FZ_ASSERT(0, "[migrate-outside] bytes outside interfaces changed");
  }
  if (which != 2 && after.ok && !fz_ignored("migrate-idempotent")) {
    fz_result twice = fz_run_pooled((const uint8_t *)r.out.p, r.out.len,
                                    FZ_WHOLE, again_iface, NULL);
    if (!twice.ok || !fz_buf_eq(&twice.out, &r.out)) {
      fz_dump("input", (const char *)data, size);
      fz_report("migrated", &r);
      fz_report("migrated again", &twice);
      FZ_ASSERT(0, "[migrate-idempotent] migrating the output changes it "
                   "(handle %d)",
                which);
    }
    fz_result_free(&twice);
  }
  fz_result_free(&before);
  fz_result_free(&after);
  fz_result_free(&r);
  return 0;
}
