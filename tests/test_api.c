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

static int parse(const char *xml, vifxml_arena *arena, vifxml_iface **out) {
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
  size_t k = 0;
  for (int i; (i = vifxml_iface_find(iface, VIFXML_E_TAG, k)) >= 0; k++) {
    const char *id = vifxml_iface_item_get(iface, (size_t)i, VIFXML_F_TAG_ID);
    if (!id || atoi(id) != first + (int)k)
      return false;
  }
  unsigned tags[64];
  size_t m = vifxml_iface_vlan_tags(iface, tags, 64);
  for (size_t j = 0; j < m && j < 64; j++)
    if (tags[j] != (unsigned)first + j)
      return false;
  return k == n && m == n;
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
  vifxml_iface *iface;
  CHECK(parse(five_tags, arena, &iface) == 0, "five tags parse");
  CHECK(vifxml_iface_count(iface, VIFXML_E_TAG) == 5, "five tags read");
  for (int id = 6; id <= 12; id++)
    CHECK(add_tag(iface, id) >= 0, "tag %d added", id);
  CHECK(tags_are(iface, 1, 12), "tags 1..12 held after adding to parse_one's");
  text t;
  CHECK(written(iface, &t), "written");
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
  vifxml_iface *src, *copy, *again;
  CHECK(parse(five_tags, a, &src) == 0, "five tags parse");
  CHECK((copy = vifxml_iface_copy(src, b, NULL)) != NULL, "copy");
  for (int id = 6; id <= 40; id++)
    CHECK(add_tag(copy, id) >= 0, "tag %d added to the copy", id);
  CHECK(tags_are(copy, 1, 40), "tags 1..40 held by the copy");
  CHECK(tags_are(src, 1, 5), "the source keeps its five tags");
  CHECK((again = vifxml_iface_copy(copy, c, NULL)) != NULL, "copy of the copy");
  CHECK(add_tag(again, 41) >= 0, "tag 41 added to the copy of the copy");
  CHECK(tags_are(again, 1, 41) && tags_are(copy, 1, 40),
        "copy of a copy grows alone");
  text t;
  CHECK(written(again, &t) && contains(&t, "<tag id='41'/>") &&
            contains(&t, "<tag id='1'/>") && contains(&t, "<!-- kept -->"),
        "copy of the copy written:\n%s", t.p);

  vifxml_arena_reset(c);
  vifxml_iface *empty = vifxml_iface_new(a, VIFXML_TYPE_BRIDGE, NULL);
  vifxml_iface *ecopy = empty ? vifxml_iface_copy(empty, c, NULL) : NULL;
  CHECK(ecopy != NULL, "copy of an empty one");
  for (int id = 1; ecopy && id <= 9; id++)
    CHECK(add_tag(ecopy, id) >= 0, "tag %d added to the empty copy", id);
  CHECK(ecopy && tags_are(ecopy, 1, 9) && vifxml_iface_nitems(empty) == 0,
        "empty copy grows alone");
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
  vifxml_iface *iface;
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
  CHECK(vifxml_networks_resolve(nets, iface, &err, NULL, NULL) == 0,
        "resolved: %s", err.message);
  CHECK(vifxml_iface_type(iface) == VIFXML_TYPE_BRIDGE,
        "became a bridge interface");
  CHECK(vifxml_iface_count(iface, VIFXML_E_FPARAM) == 3 &&
            vifxml_iface_count(iface, VIFXML_E_TAG) == 3,
        "three parameters and three tags");
  text t;
  CHECK(written(iface, &t), "written");
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
  vifxml_iface *iface;
  vifxml_error err;
  static const char host[] = "<interface type='ethernet' name='eth0'>\n"
                             "  <start mode='onboot'/>\n</interface>";
  CHECK(vifxml_parse_one(host, strlen(host), "h.xml", arena, &iface, &err) == -1 &&
            err.line == 1 && err.column == 1 &&
            err.code == VIFXML_ERR_UNSUPPORTED && !iface &&
            strstr(err.message, "host interface definition") &&
            strstr(err.message, "not a guest interface"),
        "host interface: %lu:%lu: %s", err.line, err.column, err.message);
  static const char alone[] = "<interface type='bridge'><source bridge='b'/>"
                              "<bond/></interface>";
  CHECK(vifxml_parse_one(alone, strlen(alone), "a.xml", arena, &iface, &err) == -1,
        "a lone interface with a <bond> child is a host's");
  static const char in_devices[] = "<devices><interface type='bridge'><source "
                                   "bridge='b'/><bond/></interface></devices>";
  vifxml_extra_info x;
  CHECK(vifxml_parse_one(in_devices, strlen(in_devices), "d.xml", arena, &iface,
                         &err) == 0 &&
            vifxml_iface_nextras(iface) == 1 &&
            vifxml_iface_extra(iface, 0, &x) == 0 &&
            x.kind == VIFXML_EXTRA_ELEMENT && x.elem == VIFXML_E_INTERFACE &&
            x.text && !strcmp(x.text, "<bond/>"),
        "inside <devices> it is a guest's, <bond> kept: %s", err.message);
  vifxml_arena_free(arena);
}

/* Each public function with a vifxml_error parameter, given NULL there and
 * an input it refuses: -1, no crash. */
static void null_err(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface *iface, *out;
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

  CHECK(vifxml_iface_new(arena, VIFXML_TYPE_COUNT, NULL) == NULL,
        "vifxml_iface_new, not a type");
  CHECK(vifxml_iface_copy(NULL, arena, NULL) == NULL,
        "vifxml_iface_copy, nothing to copy");
  vifxml_error usage = {0};
  CHECK(vifxml_iface_copy(NULL, arena, &usage) == NULL &&
            usage.code == VIFXML_ERR_USAGE,
        "vifxml_iface_copy, nothing to copy: a usage error");
  iface = vifxml_iface_new(arena, VIFXML_TYPE_BRIDGE, NULL);
  CHECK(vifxml_iface_set(iface, VIFXML_F_MAC_ADDRESS, "zz", NULL) == -1,
        "vifxml_iface_set, bad value");
  CHECK(vifxml_iface_set(iface, VIFXML_F_TAG_ID, "3", NULL) == -1,
        "vifxml_iface_set, a list field");
  CHECK(vifxml_iface_add_item(iface, VIFXML_E_MAC, -1, NULL, -1) == -1,
        "vifxml_iface_add_item, not a list");
  CHECK(vifxml_iface_add_item(iface, VIFXML_E_TAG, -1, NULL, VIFXML_F_TAG_ID,
                              "x", -1) == -1,
        "vifxml_iface_add_item, bad value");
  CHECK(vifxml_iface_item_set(iface, 0, VIFXML_F_TAG_ID, "3", NULL) == -1,
        "vifxml_iface_item_set, no item");
  CHECK(vifxml_iface_remove_item(iface, 0, NULL) == -1,
        "vifxml_iface_remove_item, no item");
  CHECK(vifxml_iface_finish(iface, NULL, NULL, NULL) == -1,
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
  CHECK(vifxml_vif_from_iface(iface, VIFXML_PROFILE_COUNT, arena, &got,
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
  iface = vifxml_iface_new(arena, VIFXML_TYPE_NETWORK, NULL);
  CHECK(vifxml_iface_set(iface, VIFXML_F_SRC_NETWORK, "nowhere", NULL) == 0,
        "network source set");
  CHECK(vifxml_networks_resolve(nets, iface, NULL, NULL, NULL) == -1,
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

/* The round trip check passes for a parsed interface and for one built
 * and changed through the API (its failures, on an IR written around the
 * setters, are test_unit's). */
static void iface_roundtrip(void) {
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface *iface;
  char why[256] = "";
  CHECK(parse(five_tags, arena, &iface) == 0, "five tags parse");
  CHECK(vifxml_iface_roundtrip(iface, why, sizeof why) == 0,
        "a parsed interface round-trips: %s", why);
  CHECK(vifxml_iface_set(iface, VIFXML_F_MAC_ADDRESS, "52:54:00:AB:CD:EF",
                         NULL) == 0 &&
            !strcmp(vifxml_iface_get(iface, VIFXML_F_MAC_ADDRESS),
                    "52:54:00:ab:cd:ef"),
        "the setter spells the MAC as libvirt does");
  CHECK(vifxml_iface_roundtrip(iface, why, sizeof why) == 0,
        "and it still round-trips: %s", why);
  vifxml_arena_free(arena);
}

/* The accessors read what the parser found, where it found it; removing an
 * item takes the items inside it and their extras along. */
static void accessors(void) {
  static const char xml[] =
      "<interface type='bridge'>\n"
      "  <mac address='52:54:00:0A:0b:0c'/>\n"
      "  <source bridge='br0' color='blue'/>\n"
      "  <portForward proto='tcp'>\n"
      "    <range start='80'/>\n"
      "    <!-- first -->\n"
      "    <range start='443'/>\n"
      "  </portForward>\n"
      "  <portForward proto='udp'>\n"
      "    <range start='53' flavour='x'/>\n"
      "  </portForward>\n"
      "  <vlan><tag id='7'/></vlan>\n"
      "  <vportprofile type='openvswitch'/>\n"
      "  <model type='virtio'/>\n"
      "  <!-- last -->\n"
      "</interface>\n";
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface *i;
  CHECK(parse(xml, arena, &i) == 0, "parses");
  unsigned long line, col;
  vifxml_iface_position(i, &line, &col);
  CHECK(line == 1 && col == 1 && vifxml_iface_type(i) == VIFXML_TYPE_BRIDGE &&
            vifxml_iface_kind(i) == VIFXML_KIND_BRIDGE &&
            vifxml_iface_legacy(i) == 1 && vifxml_iface_arena(i) == arena,
        "type, kind, position, one legacy spelling");
  CHECK(vifxml_iface_elem_position(i, VIFXML_E_SOURCE, &line, &col) == 0 &&
            line == 3 && col == 3,
        "<source> at 3:3, got %lu:%lu", line, col);
  CHECK(vifxml_iface_elem_position(i, VIFXML_E_LINK, &line, &col) == -1 &&
            line == 0,
        "no <link>");
  unsigned char mac[6];
  CHECK(vifxml_iface_mac(i, mac) == 0 && mac[3] == 0x0a && mac[5] == 0x0c,
        "MAC bytes");
  CHECK(!strcmp(vifxml_iface_source(i), "br0") &&
            vifxml_iface_has(i, VIFXML_E_VIRTUALPORT) &&
            !vifxml_iface_has(i, VIFXML_E_IP) &&
            vifxml_iface_has(i, VIFXML_E_PORTFORWARD) &&
            vifxml_iface_get(i, VIFXML_F_RANGE_START) == NULL,
        "source, has, and no list field through vifxml_iface_get");
  size_t raw;
  CHECK(vifxml_iface_raw(i, &raw) == NULL && raw == 0, "not kept verbatim");
  CHECK(vifxml_iface_count(i, VIFXML_E_PORTFORWARD) == 2 &&
            vifxml_iface_count(i, VIFXML_E_RANGE) == 3 &&
            vifxml_iface_nitems(i) == 6,
        "two portForwards, three ranges, one tag");
  int pf0 = vifxml_iface_find(i, VIFXML_E_PORTFORWARD, 0);
  int r1 = vifxml_iface_find(i, VIFXML_E_RANGE, 1);
  vifxml_iface_item_position(i, (size_t)r1, &line, &col);
  CHECK(pf0 >= 0 && vifxml_iface_item_parent(i, (size_t)r1) == pf0 &&
            !strcmp(vifxml_iface_item_get(i, (size_t)r1, VIFXML_F_RANGE_START),
                    "443") &&
            line == 7 && col == 5,
        "the second range sits in the first portForward, at 7:5");
  CHECK(vifxml_iface_item_elem(i, 99) == VIFXML_E_NONE &&
            vifxml_iface_item_parent(i, 99) == -1 &&
            vifxml_iface_item_get(i, (size_t)r1, VIFXML_F_PF_PROTO) == NULL,
        "out of range, or a field of another element");
  vifxml_error err;
  CHECK(vifxml_iface_item_set(i, (size_t)r1, VIFXML_F_RANGE_START, "0x1bb",
                              &err) == -1 &&
            err.code == VIFXML_ERR_INVALID,
        "item_set checks the value: %s", err.message);
  CHECK(vifxml_iface_item_set(i, (size_t)r1, VIFXML_F_RANGE_END, "450",
                              &err) == 0,
        "item_set: %s", err.message);
  /* Extras: an unknown attribute on <source>, one on the udp range, two
   * comments (one inside the first portForward, one at the end). */
  size_t nx = vifxml_iface_nextras(i);
  int at_end = 0, on_range = 0;
  for (size_t k = 0; k < nx; k++) {
    vifxml_extra_info x;
    CHECK(vifxml_iface_extra(i, k, &x) == 0, "extra %zu", k);
    at_end += x.at_end && x.elem == VIFXML_E_INTERFACE &&
              !strcmp(x.text, " last ");
    on_range += x.kind == VIFXML_EXTRA_ATTR && x.elem == VIFXML_E_RANGE;
  }
  vifxml_extra_info none;
  CHECK(nx == 4 && at_end == 1 && on_range == 1 &&
            vifxml_iface_extra(i, nx, &none) == -1,
        "four extras: %zu, the last comment at the end", nx);
  /* Remove the udp portForward: its range and that range's attribute go. */
  int pf1 = vifxml_iface_find(i, VIFXML_E_PORTFORWARD, 1);
  CHECK(vifxml_iface_remove_item(i, (size_t)pf1, &err) == 0, "removed");
  CHECK(vifxml_iface_count(i, VIFXML_E_PORTFORWARD) == 1 &&
            vifxml_iface_count(i, VIFXML_E_RANGE) == 2 &&
            vifxml_iface_nextras(i) == 3,
        "one portForward, two ranges, three extras left");
  int tag = vifxml_iface_find(i, VIFXML_E_TAG, 0);
  CHECK(tag >= 0 && vifxml_iface_item_parent(i, (size_t)tag) == -1,
        "the tag's parent is no item");
  /* Remove the first range: the comment before the second one stays. */
  CHECK(vifxml_iface_remove_item(i, (size_t)vifxml_iface_find(
                                        i, VIFXML_E_RANGE, 0), &err) == 0,
        "first range removed");
  text t;
  CHECK(written(i, &t) && contains(&t, "<!-- first -->") &&
            contains(&t, "<range start='443' end='450'/>") &&
            !contains(&t, "start='80'") && !contains(&t, "udp") &&
            !contains(&t, "flavour") && contains(&t, "<!-- last -->") &&
            contains(&t, "color='blue'"),
        "written after the removals:\n%s", t.p);
  char why[256] = "";
  CHECK(vifxml_iface_roundtrip(i, why, sizeof why) == 0,
        "and it round-trips: %s", why);
  /* The schema's own look-ups: an element's fields, in libvirt's order. */
  int n = vifxml_elem_field_count(VIFXML_E_MAC);
  CHECK(n == 3 && vifxml_elem_field(VIFXML_E_MAC, 0) == VIFXML_F_MAC_ADDRESS &&
            vifxml_field_elem(VIFXML_F_MAC_CHECK) == VIFXML_E_MAC &&
            vifxml_elem_field(VIFXML_E_MAC, 3) == VIFXML_F_NONE &&
            vifxml_field_elem(VIFXML_F_COUNT) == VIFXML_E_NONE &&
            !strcmp(vifxml_field_name(VIFXML_F_SNDBUF_VALUE), ""),
        "<mac> has three fields, address first; NONE past the end");
  /* Adding items: a <range> sits in a <portForward> item, a <tag> in none;
   * a failed add changes nothing. */
  int pf = vifxml_iface_find(i, VIFXML_E_PORTFORWARD, 0);
  size_t before = vifxml_iface_nitems(i);
  CHECK(vifxml_iface_add_item(i, VIFXML_E_RANGE, -1, &err,
                              VIFXML_F_RANGE_START, "8080", -1) == -1 &&
            err.code == VIFXML_ERR_USAGE &&
            vifxml_iface_add_item(i, VIFXML_E_RANGE, tag, &err,
                                  VIFXML_F_RANGE_START, "8080", -1) == -1 &&
            vifxml_iface_add_item(i, VIFXML_E_TAG, pf, &err,
                                  VIFXML_F_TAG_ID, "3", -1) == -1 &&
            vifxml_iface_add_item(i, VIFXML_E_TAG, -1, &err,
                                  (vifxml_field)(VIFXML_F_COUNT + 5), "3",
                                  -1) == -1 &&
            vifxml_iface_nitems(i) == before,
        "misplaced items and unknown fields refused: %s", err.message);
  int r2 = vifxml_iface_add_item(i, VIFXML_E_RANGE, pf, &err,
                                 VIFXML_F_RANGE_START, "8080",
                                 VIFXML_F_RANGE_END, NULL, VIFXML_F_NONE);
  CHECK(r2 >= 0 && vifxml_iface_item_parent(i, (size_t)r2) == pf,
        "a range added in the portForward: %s", err.message);
  vifxml_iface *bare = vifxml_iface_new(arena, VIFXML_TYPE_BRIDGE, NULL);
  CHECK(vifxml_iface_add_item(bare, VIFXML_E_TAG, -1, &err, VIFXML_F_TAG_ID,
                              "x", -1) == -1 &&
            !vifxml_iface_has(bare, VIFXML_E_VLAN),
        "a tag that fails leaves no <vlan>");
  /* A comment before a kept unknown element names that element's extra. */
  vifxml_iface *u;
  CHECK(parse("<interface type='bridge'><source bridge='b'/>"
              "<!-- u --><x-unknown/></interface>",
              arena, &u) == 0,
        "unknown element parses");
  int found = 0;
  for (size_t k = 0; k < vifxml_iface_nextras(u); k++) {
    vifxml_extra_info x, target;
    if (vifxml_iface_extra(u, k, &x) == 0 && x.kind == VIFXML_EXTRA_COMMENT &&
        x.before >= 0 && vifxml_iface_extra(u, (size_t)x.before, &target) == 0)
      found += target.kind == VIFXML_EXTRA_ELEMENT &&
               x.elem == VIFXML_E_INTERFACE && x.item == -1 &&
               !strcmp(x.text, " u ") && strstr(target.text, "x-unknown");
  }
  CHECK(found == 1, "the comment names the unknown element it precedes");
  vifxml_arena_free(arena);
}

/* A program tells failures apart by their code. */
static void error_codes(void) {
  static const struct {
    const char *xml;
    vifxml_error_code code;
  } cases[] = {
      {"<interface type='bridge'><source bridge='b'>", VIFXML_ERR_SYNTAX},
      {"<interface type='bridge'><mac address='zz'/></interface>",
       VIFXML_ERR_INVALID},
      {"<interface type='bridge'/>", VIFXML_ERR_MISSING},
      {"<interface type='bridge'><source bridge='b'/><mac address='52:54:00:"
       "00:00:01'/><mac address='52:54:00:00:00:02'/></interface>",
       VIFXML_ERR_DUPLICATE},
      {"<domain/>", VIFXML_ERR_UNSUPPORTED},
      {"<!DOCTYPE x><interface type='bridge'/>", VIFXML_ERR_UNSUPPORTED},
      {"<interface type='bridge'><source bridge='\xff'/></interface>",
       VIFXML_ERR_ENCODING},
  };
  vifxml_arena *arena = vifxml_arena_new(NULL);
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    vifxml_iface *i;
    vifxml_error err = {0};
    int rc = vifxml_parse_one(cases[k].xml, strlen(cases[k].xml), "c.xml",
                              arena, &i, &err);
    CHECK(rc == -1 && err.code == cases[k].code,
          "case %zu: code %s, want %s (%s)", k,
          vifxml_error_code_str(err.code),
          vifxml_error_code_str(cases[k].code), err.message);
  }
  char deep[8192];
  size_t n = 0;
  n += (size_t)snprintf(deep, sizeof deep, "<interface type='bridge'>");
  for (int d = 0; d < 300 && n + 8 < sizeof deep; d++)
    n += (size_t)snprintf(deep + n, sizeof deep - n, "<x>");
  vifxml_iface *i;
  vifxml_error err = {0};
  CHECK(vifxml_parse_one(deep, n, "d.xml", arena, &i, &err) == -1 &&
            err.code == VIFXML_ERR_LIMIT,
        "nesting: code %s (%s)", vifxml_error_code_str(err.code), err.message);
  CHECK(!strcmp(vifxml_error_code_str(VIFXML_ERR_NOT_FOUND), "not found") &&
            !strcmp(vifxml_error_code_str((vifxml_error_code)999), "unknown"),
        "code names");
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
  accessors();
  error_codes();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
