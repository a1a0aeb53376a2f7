/* The public API as a client sees it: built against include/vifxml.h alone
 * and linked with the shared library, so only exported symbols are reached.
 *
 *   test_api NETWORK_DIR    (tests/resolve/networks: ovs.xml is read)
 *
 * Growing an interface that vifxml_parse_one or vifxml_iface_copy made must
 * keep what it holds; every function with a vifxml_error parameter takes
 * NULL there and still fails with -1. */
#define _POSIX_C_SOURCE 200809L
#include "vifxml.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct {
  char p[16384];
  size_t len;
} text;

static int text_write(void *ctx, const char *s, size_t n) {
  text *t = ctx;
  if (t->len + n >= sizeof t->p)
    return -1;
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = '\0';
  return 0;
}

static bool written(const vifxml_iface *iface, text *t) {
  t->len = 0;
  t->p[0] = '\0';
  return vifxml_write_iface(iface, "", text_write, t) == 0;
}

static bool contains(const text *t, const char *fmt, ...) {
  char needle[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(needle, sizeof needle, fmt, ap);
  va_end(ap);
  return strstr(t->p, needle) != NULL;
}

static size_t count_items(const vifxml_iface *iface, vifxml_elem e) {
  size_t n = 0;
  for (size_t i = 0; i < iface->nitems; i++)
    n += iface->items[i].elem == e;
  return n;
}

static int parse(const char *xml, vifxml_arena *arena, vifxml_iface *out) {
  vifxml_error err;
  int rc = vifxml_parse_one(xml, strlen(xml), "test.xml", arena, out, &err);
  if (rc < 0)
    printf("parse: %s:%lu:%lu: %s\n", err.file, err.line, err.column,
           err.message);
  return rc;
}

static int add_tag(vifxml_iface *iface, int id) {
  char s[16];
  snprintf(s, sizeof s, "%d", id);
  return vifxml_iface_add_item(iface, VIFXML_E_TAG, -1, NULL,
                               VIFXML_F_TAG_ID, s, -1);
}

/* The ids of the tags, in order, are first, first + 1, ... */
static bool tags_are(const vifxml_iface *iface, int first, size_t n) {
  const int slot = VIFXML_F_TAG_ID - vifxml_elem_first_field(VIFXML_E_TAG);
  size_t k = 0;
  for (size_t i = 0; i < iface->nitems; i++) {
    if (iface->items[i].elem != VIFXML_E_TAG)
      continue;
    const char *id = iface->items[i].v[slot];
    if (!id || atoi(id) != first + (int)k)
      return false;
    k++;
  }
  return k == n;
}

static const char five_tags[] =
    "<interface type='bridge'>\n"
    "  <source bridge='br0'/>\n"
    "  <vlan trunk='yes'>\n"
    "    <tag id='1'/><tag id='2'/><tag id='3'/><tag id='4'/><tag id='5'/>\n"
    "  </vlan>\n"
    "  <!-- kept -->\n"
    "  <model type='virtio'/>\n"
    "</interface>\n";

/* parse_one, then seven more tags: all twelve are held and written. */
static void parse_one_then_add(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface iface;
  CHECK(parse(five_tags, arena, &iface) == 0, "five tags parse");
  CHECK(count_items(&iface, VIFXML_E_TAG) == 5, "five tags read");
  for (int id = 6; id <= 12; id++)
    CHECK(add_tag(&iface, id) >= 0, "tag %d added", id);
  CHECK(tags_are(&iface, 1, 12), "tags 1..12 held after adding to parse_one's");
  text t;
  CHECK(written(&iface, &t), "written");
  for (int id = 1; id <= 12; id++)
    CHECK(contains(&t, "<tag id='%d'/>", id), "tag %d written:\n%s", id, t.p);
  CHECK(contains(&t, "<source bridge='br0'/>") && contains(&t, "<!-- kept -->"),
        "the rest written:\n%s", t.p);
  vifxml_arena_free(arena);
}

/* Copies, then items added to each: the copy holds them all and its source
 * is unchanged, whatever the count copied (a power of two or not, none). */
static void copy_then_add(void) {
  vifxml_arena *a = vifxml_arena_new(NULL), *b = vifxml_arena_new(NULL),
               *c = vifxml_arena_new(NULL);
  vifxml_iface src, copy, again;
  CHECK(parse(five_tags, a, &src) == 0, "five tags parse");
  CHECK(vifxml_iface_copy(&copy, &src, b) == 0, "copy");
  for (int id = 6; id <= 40; id++)
    CHECK(add_tag(&copy, id) >= 0, "tag %d added to the copy", id);
  CHECK(tags_are(&copy, 1, 40), "tags 1..40 held by the copy");
  CHECK(tags_are(&src, 1, 5), "the source keeps its five tags");
  CHECK(vifxml_iface_copy(&again, &copy, c) == 0, "copy of the copy");
  CHECK(add_tag(&again, 41) >= 0, "tag 41 added to the copy of the copy");
  CHECK(tags_are(&again, 1, 41) && tags_are(&copy, 1, 40),
        "copy of a copy grows alone");
  text t;
  CHECK(written(&again, &t) && contains(&t, "<tag id='41'/>") &&
            contains(&t, "<tag id='1'/>") && contains(&t, "<!-- kept -->"),
        "copy of the copy written:\n%s", t.p);

  vifxml_iface empty, ecopy;
  vifxml_arena_reset(c);
  vifxml_iface_init(&empty, a, VIFXML_TYPE_BRIDGE);
  CHECK(vifxml_iface_copy(&ecopy, &empty, c) == 0, "copy of an empty one");
  for (int id = 1; id <= 9; id++)
    CHECK(add_tag(&ecopy, id) >= 0, "tag %d added to the empty copy", id);
  CHECK(tags_are(&ecopy, 1, 9) && empty.nitems == 0, "empty copy grows alone");
  vifxml_arena_free(a);
  vifxml_arena_free(b);
  vifxml_arena_free(c);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *p = malloc(65536);
  *len = p ? fread(p, 1, 65535, f) : 0;
  fclose(f);
  if (p)
    p[*len] = '\0';
  return p;
}

/* parse_one, then resolution against a network whose portgroup adds three
 * vlan tags: the three filter parameters stay. */
static void parse_one_then_resolve(const char *netdir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/ovs.xml", netdir);
  size_t len;
  char *net = read_all(path, &len);
  CHECK(net != NULL, "%s read", path);
  if (!net)
    return;
  vifxml_networks *nets = vifxml_networks_new(NULL);
  vifxml_error err;
  CHECK(vifxml_networks_add(nets, net, len, path, &err) == 0,
        "network added: %s", err.message);
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface iface;
  CHECK(parse("<interface type='network'>\n"
              "  <source network='ovs-net' portgroup='alice'/>\n"
              "  <filterref filter='clean-traffic'>\n"
              "    <parameter name='IP' value='10.0.0.1'/>\n"
              "    <parameter name='MAC' value='52:54:00:00:00:01'/>\n"
              "    <parameter name='CTRL_IP_LEARNING' value='none'/>\n"
              "  </filterref>\n"
              "</interface>\n",
              arena, &iface) == 0,
        "network interface parses");
  CHECK(vifxml_networks_resolve(nets, &iface, &err, NULL, NULL) == 0,
        "resolved: %s", err.message);
  CHECK(iface.type == VIFXML_TYPE_BRIDGE, "became a bridge interface");
  CHECK(count_items(&iface, VIFXML_E_FPARAM) == 3 &&
            count_items(&iface, VIFXML_E_TAG) == 3,
        "three parameters and three tags");
  text t;
  CHECK(written(&iface, &t), "written");
  CHECK(contains(&t, "<parameter name='IP' value='10.0.0.1'/>") &&
            contains(&t, "<parameter name='MAC' value='52:54:00:00:00:01'/>") &&
            contains(&t, "<parameter name='CTRL_IP_LEARNING' value='none'/>"),
        "every filter parameter written:\n%s", t.p);
  CHECK(contains(&t, "<tag id='777'/>") && contains(&t, "<tag id='999'/>"),
        "the portgroup's tags written:\n%s", t.p);
  vifxml_arena_free(arena);
  vifxml_networks_free(nets);
  free(net);
}

static int each_vif(void *ctx, const vifxml_vif *vif, vifxml_error *err) {
  (void)ctx, (void)vif, (void)err;
  return 0;
}

/* A host interface definition is none of vifxml_parse_one's; a guest
 * interface with an unknown child that only host ones have is read inside
 * <devices>. */
static void parse_one_host_interface(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface iface;
  vifxml_error err;
  static const char host[] = "<interface type='ethernet' name='eth0'>\n"
                             "  <start mode='onboot'/>\n</interface>";
  CHECK(vifxml_parse_one(host, strlen(host), "h.xml", arena, &iface, &err) == -1 &&
            err.line == 1 && err.column == 1 &&
            strstr(err.message, "host interface definition") &&
            strstr(err.message, "not a guest interface"),
        "host interface: %lu:%lu: %s", err.line, err.column, err.message);
  static const char alone[] = "<interface type='bridge'><source bridge='b'/>"
                              "<bond/></interface>";
  CHECK(vifxml_parse_one(alone, strlen(alone), "a.xml", arena, &iface, &err) == -1,
        "a lone interface with a <bond> child is a host's");
  static const char in_devices[] = "<devices><interface type='bridge'><source "
                                   "bridge='b'/><bond/></interface></devices>";
  CHECK(vifxml_parse_one(in_devices, strlen(in_devices), "d.xml", arena, &iface,
                         &err) == 0 &&
            iface.nextras == 1 && iface.extras[0].kind == VIFXML_EXTRA_ELEMENT,
        "inside <devices> it is a guest's, <bond> kept: %s", err.message);
  vifxml_arena_free(arena);
}

/* Each public function with a vifxml_error parameter, given NULL there and
 * an input it refuses: -1, no crash. */
static void null_err(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface iface, out;
  static const char bad_xml[] = "<interface type='bridge'><source></interface>";
  CHECK(vifxml_parse_one(bad_xml, strlen(bad_xml), "bad.xml", arena, &iface,
                         NULL) == -1,
        "vifxml_parse_one, not well-formed");
  static const char no_iface[] = "<domain/>";
  CHECK(vifxml_parse_one(no_iface, strlen(no_iface), NULL, arena, &iface,
                         NULL) == -1,
        "vifxml_parse_one, no interface");
  static const char refused[] = "<interface type='bridge'/>";
  CHECK(vifxml_parse_one(refused, strlen(refused), NULL, arena, &iface,
                         NULL) == -1,
        "vifxml_parse_one, refused by the rules");

  vifxml_iface_init(&iface, arena, VIFXML_TYPE_BRIDGE);
  CHECK(vifxml_iface_set(&iface, VIFXML_F_MAC_ADDRESS, "zz", NULL) == -1,
        "vifxml_iface_set, bad value");
  CHECK(vifxml_iface_set(&iface, VIFXML_F_TAG_ID, "3", NULL) == -1,
        "vifxml_iface_set, a list field");
  CHECK(vifxml_iface_add_item(&iface, VIFXML_E_MAC, -1, NULL, -1) == -1,
        "vifxml_iface_add_item, not a list");
  CHECK(vifxml_iface_add_item(&iface, VIFXML_E_TAG, -1, NULL, VIFXML_F_TAG_ID,
                              "x", -1) == -1,
        "vifxml_iface_add_item, bad value");
  CHECK(vifxml_iface_finish(&iface, NULL, NULL, NULL) == -1,
        "vifxml_iface_finish, bridge without a source");

  vifxml_vif vif;
  memset(&vif, 0, sizeof vif);
  vif.v[VIFXML_VK_TYPE] = "no-such-type";
  vif.kind[VIFXML_VK_TYPE] = VIFXML_VV_STRING;
  vifxml_vif_options opt;
  memset(&opt, 0, sizeof opt);
  CHECK(vifxml_vif_to_iface(&vif, &opt, arena, &out, NULL) == -1,
        "vifxml_vif_to_iface, unknown VIF type");
  opt.profile = VIFXML_PROFILE_COUNT;
  CHECK(vifxml_vif_to_iface(&vif, &opt, arena, &out, NULL) == -1,
        "vifxml_vif_to_iface, unknown profile");
  vifxml_vif got;
  CHECK(vifxml_vif_from_iface(&iface, VIFXML_PROFILE_COUNT, arena, &got,
                              NULL) == -1,
        "vifxml_vif_from_iface, unknown profile");
  static const char bad_json[] = "{\"type\": ";
  CHECK(vifxml_vif_from_json(bad_json, strlen(bad_json), arena, each_vif,
                             NULL, NULL) == -1,
        "vifxml_vif_from_json, not JSON");

  vifxml_networks *nets = vifxml_networks_new(NULL);
  static const char bad_net[] = "<network><name>x</name>";
  CHECK(vifxml_networks_add(nets, bad_net, strlen(bad_net), NULL, NULL) == -1,
        "vifxml_networks_add, not well-formed");
  static const char no_name[] = "<network/>";
  CHECK(vifxml_networks_add(nets, no_name, strlen(no_name), NULL, NULL) == -1,
        "vifxml_networks_add, no name");
  vifxml_iface_init(&iface, arena, VIFXML_TYPE_NETWORK);
  CHECK(vifxml_iface_set(&iface, VIFXML_F_SRC_NETWORK, "nowhere", NULL) == 0,
        "network source set");
  CHECK(vifxml_networks_resolve(nets, &iface, NULL, NULL, NULL) == -1,
        "vifxml_networks_resolve, unknown network");
  vifxml_networks_free(nets);
  vifxml_arena_free(arena);
}

/* Notes collected from a stream, one per line. */
static void note_to_text(void *ctx, vifxml_diag_level level,
                         const vifxml_error *d) {
  char line[700];
  int n = snprintf(line, sizeof line, "%lu:%lu: %s: %s\n", d->line, d->column,
                   level == VIFXML_DIAG_NOTE ? "note" : "warning", d->message);
  if (n > 0)
    text_write(ctx, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static int stream_text(const char *xml, int explain, text *out, text *notes) {
  vifxml_stream_options opt = {0};
  opt.write = text_write;
  opt.write_ctx = out;
  opt.on_diag = note_to_text;
  opt.diag_ctx = notes;
  opt.explain = explain;
  vifxml_stream *s = vifxml_stream_new(&opt);
  if (!s)
    return -1;
  int rc = vifxml_stream_feed(s, xml, strlen(xml));
  if (rc == 0)
    rc = vifxml_stream_finish(s);
  vifxml_stream_free(s);
  return rc;
}

/* The explain option: a note per rewrite, naming its rule, at the place of
 * what it rewrote; the output is the same with it and without. */
static void stream_explain(void) {
  static const char legacy[] =
      "<interface type='bridge'>\n"
      "  <source bridge='br0'/>\n"
      "  <mac address='52:54:00:AB:CD:EF'/>\n"
      "  <target dev='vnet3'/>\n"
      "  <portprofile type='openvswitch'/>\n"
      "</interface>\n";
  text out, notes, plain, none;
  out.len = notes.len = plain.len = none.len = 0;
  out.p[0] = notes.p[0] = plain.p[0] = none.p[0] = '\0';
  CHECK(stream_text(legacy, 1, &out, &notes) == 0, "explained stream parses");
  CHECK(stream_text(legacy, 0, &plain, &none) == 0, "plain stream parses");
  CHECK(!strcmp(out.p, plain.p), "explain changes no output byte:\n%s\n%s",
        out.p, plain.p);
  CHECK(none.len == 0, "no notes without explain:\n%s", none.p);
  CHECK(contains(&notes, "3:3: note: <mac> put before <source>, in libvirt's order") &&
        contains(&notes, "3:3: note: MAC lower-cased: address='52:54:00:AB:CD:EF'") &&
        contains(&notes, "5:3: note: legacy <portprofile> renamed to <virtualport>") &&
        contains(&notes, "4:3: note: target vnet3 dropped: a name libvirt generates"),
        "the rules named at their places:\n%s", notes.p);
  text again, quiet;
  again.len = quiet.len = 0;
  again.p[0] = quiet.p[0] = '\0';
  CHECK(stream_text(out.p, 1, &again, &quiet) == 0 && quiet.len == 0,
        "no note on normalized output:\n%s", quiet.p);
}

/* The round trip check: a parsed interface passes; one whose field was
 * written directly in a spelling the parser does not keep fails, saying
 * which field differs. */
static void iface_roundtrip(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface iface;
  char why[256];
  CHECK(parse(five_tags, arena, &iface) == 0, "five tags parse");
  CHECK(vifxml_iface_roundtrip(&iface, why, sizeof why) == 0,
        "a parsed interface round-trips: %s", why);
  iface.f[VIFXML_F_MAC_ADDRESS] = "52:54:00:AB:CD:EF";
  CHECK(vifxml_iface_roundtrip(&iface, why, sizeof why) < 0 &&
            strstr(why, "address"),
        "an upper-case MAC set directly does not: '%s'", why);
  CHECK(vifxml_iface_roundtrip(&iface, NULL, 0) < 0, "why may be NULL");
  vifxml_arena_free(arena);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_api NETWORK_DIR\n");
    return 2;
  }
  parse_one_then_add();
  copy_then_add();
  parse_one_then_resolve(argv[1]);
  null_err();
  parse_one_host_interface();
  stream_explain();
  iface_roundtrip();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
