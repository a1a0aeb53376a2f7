/* Unit tests: schema table invariants, value syntax, the IR API, the
 * stream's unit handling and limits. */
#include "check.h"
#include "internal.h"
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* xml_advance against a byte at a time, over blocks that cross its
 * sixteen-byte and 255-round steps, at unaligned starts: lines are '\n's,
 * the column the UTF-8 characters after the last one. */
static void test_advance(void) {
  static const char *pieces[] = {"\n", "a", " ", "\xc3\xa9", "\xe2\x80\x99",
                                 "\xf0\x9f\x98\x80", "<x a='1'/>"};
  static char buf[9000];
  unsigned seed = 12345;
  bool bad = false;
  for (int round = 0; round < 300 && !bad; round++) {
    size_t len = 0, want = (size_t)(round * 29) % sizeof buf;
    while (len < want) {
      seed = seed * 1103515245u + 12345u;
      /* line breaks only (every lane counts its most), mixed, or rare */
      size_t pick = round % 3 == 0 ? 0 : (seed >> 16) % (round % 3 == 1 ? 7 : 70);
      const char *pc = pieces[pick < 7 ? pick : 1];
      size_t n = strlen(pc);
      if (len + n > sizeof buf)
        break;
      memcpy(buf + len, pc, n);
      len += n;
    }
    size_t from = (size_t)round % 7 < len ? (size_t)round % 7 : 0;
    unsigned long line = 3, col = 5, wline = 3, wcol = 5;
    for (size_t i = from; i < len; i++) {
      if (buf[i] == '\n') {
        wline++;
        wcol = 0;
      } else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
        wcol++;
      }
    }
    xml_advance(&line, &col, buf + from, len - from);
    bad = line != wline || col != wcol;
    CHECK(line == wline && col == wcol, "xml_advance round %d: %lu:%lu, want %lu:%lu",
          round, line, col, wline, wcol);
  }
}

static void test_tables(void) {
  /* each name once, and found (by hash: the order of names is free) */
  for (int n = 1; n < VIFXML_N_COUNT; n++)
    CHECK(schema_name_lookup(vifxml_name_str(n)) == (vifxml_name)n,
          "lookup of %s", vifxml_name_str(n));
  CHECK(schema_name_lookup("nosuchname") == VIFXML_N_NONE, "unknown name");
  for (int e = 1; e < VIFXML_E_COUNT; e++)
    CHECK((int)schema_elems[e].parent < e, "element %s precedes its parent",
          vifxml_elem_name(e));
  /* Values are fixed, rows in libvirt's order: the index by element finds
   * every field at its slot, and an element's fields in row order. */
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    CHECK(schema_elem_field(schema_fields[f].elem,
                            schema_field_slot((vifxml_field)f)) == (vifxml_field)f,
          "field %s not at its slot", vifxml_field_name((vifxml_field)f));
  CHECK(schema_elem_field(VIFXML_E_MAC, 0) == VIFXML_F_MAC_ADDRESS &&
            schema_elem_field(VIFXML_E_MAC, 2) == VIFXML_F_MAC_CHECK &&
            schema_field_count(VIFXML_E_MAC) == 3,
        "<mac>'s fields in libvirt's order");
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    if (schema_elems[e].flags & FL_LIST)
      CHECK(schema_field_count(e) <= 8, "list element %s has too many fields",
            vifxml_elem_name(e));
  /* resolve.c holds a virtualport as the values VP_TYPE..VP_PROFILEID: they
   * must be exactly <virtualport>'s and <parameters>' fields (a field added
   * later takes a value past them, and this fails until resolve.c walks
   * the elements instead). */
  CHECK(schema_field_count(VIFXML_E_VIRTUALPORT) +
                schema_field_count(VIFXML_E_VP_PARAMETERS) ==
            VIFXML_F_VP_PROFILEID - VIFXML_F_VP_TYPE + 1,
        "virtualport fields are not VP_TYPE..VP_PROFILEID");
  for (int f = VIFXML_F_VP_TYPE; f <= (int)VIFXML_F_VP_PROFILEID; f++)
    CHECK(schema_fields[f].elem == VIFXML_E_VIRTUALPORT ||
              schema_fields[f].elem == VIFXML_E_VP_PARAMETERS,
          "field %s is not a virtualport's", vifxml_field_name((vifxml_field)f));
  /* rules.c reads <source><ip> with <ip>'s slots, <source><route> with
   * <route>'s. */
  static const vifxml_field same_slot[][2] = {
      {VIFXML_F_IP_ADDRESS, VIFXML_F_SRC_IP_ADDRESS},
      {VIFXML_F_IP_FAMILY, VIFXML_F_SRC_IP_FAMILY},
      {VIFXML_F_IP_PREFIX, VIFXML_F_SRC_IP_PREFIX},
      {VIFXML_F_IP_PEER, VIFXML_F_SRC_IP_PEER},
      {VIFXML_F_ROUTE_FAMILY, VIFXML_F_SRC_ROUTE_FAMILY},
      {VIFXML_F_ROUTE_ADDRESS, VIFXML_F_SRC_ROUTE_ADDRESS},
      {VIFXML_F_ROUTE_NETMASK, VIFXML_F_SRC_ROUTE_NETMASK},
      {VIFXML_F_ROUTE_PREFIX, VIFXML_F_SRC_ROUTE_PREFIX},
      {VIFXML_F_ROUTE_GATEWAY, VIFXML_F_SRC_ROUTE_GATEWAY}};
  for (size_t i = 0; i < sizeof same_slot / sizeof same_slot[0]; i++)
    CHECK(schema_field_slot(same_slot[i][0]) ==
              schema_field_slot(same_slot[i][1]),
          "%s and %s are not in the same slot",
          vifxml_field_name(same_slot[i][0]), vifxml_field_name(same_slot[i][1]));
  CHECK(vifxml_type_kind(VIFXML_TYPE_HOSTDEV) == VIFXML_KIND_PCI_ASSIGNED,
        "hostdev kind");
  CHECK(vifxml_type_kind(VIFXML_TYPE_VDS) == VIFXML_KIND_VDS, "vds kind");
  /* Every type has a kind of its own but the five and network; none is
   * OPAQUE (kept for what libvirt cannot read), and kind names exist. */
  for (int t = 0; t < VIFXML_TYPE_COUNT; t++)
    CHECK(vifxml_type_kind((vifxml_type)t) != VIFXML_KIND_OPAQUE,
          "type %s is OPAQUE", vifxml_type_str((vifxml_type)t));
  for (int k = 0; k < VIFXML_KIND_COUNT; k++)
    CHECK(vifxml_kind_str((vifxml_kind)k) != NULL, "kind %d has no name", k);
  CHECK(!strcmp(vifxml_kind_str(VIFXML_KIND_USER), "USER") &&
            !strcmp(vifxml_kind_str(VIFXML_KIND_VDS), "VDS") &&
            VIFXML_KIND_OPAQUE == 6,
        "kind names or values");
  /* One <source> row per meaning: udp reads address, port and <local>. */
  CHECK(schema_field(VIFXML_E_SOURCE, VIFXML_N_PORT, VIFXML_TYPE_UDP, 0) ==
                VIFXML_F_SRC_SOCK_PORT &&
            schema_field(VIFXML_E_SOURCE, VIFXML_N_ADDRESS, VIFXML_TYPE_SERVER,
                         0) == VIFXML_F_SRC_SERVER_ADDRESS &&
            schema_field(VIFXML_E_SOURCE, VIFXML_N_DEV, VIFXML_TYPE_VDPA, 0) ==
                VIFXML_F_SRC_VDPA_DEV &&
            schema_child(VIFXML_E_SOURCE, VIFXML_N_LOCAL, VIFXML_TYPE_UDP) ==
                VIFXML_E_SRC_LOCAL &&
            schema_child(VIFXML_E_SOURCE, VIFXML_N_LOCAL, VIFXML_TYPE_MCAST) ==
                VIFXML_E_COUNT,
        "socket source rows");
}

/* The parser's name tables (schema.c). */
static void test_name_tables(void) {
  /* Names sharing length, first and last byte (one key), and tags. */
  static const char *const strs[] = {"",  "port", "pert", "part",
                                     "p", "pp",   "type", "bus"};
  const unsigned char str[] = {1, 2, 3, 4, 5, 6, 6, 1, 7};
  const unsigned char tag[] = {0, 0, 0, 0, 0, 1, 5, 0, 5};
  const unsigned char val[] = {10, 11, 12, 13, 14, 15, 16, 17, 18};
  name_slot room[4 * 9];
  name_tab t;
  int used = name_tab_build(&t, room, strs, str, tag, val, NULL, 9);
  CHECK(used > 8 && used <= 4 * 9 && (used & (used - 1)) == 0,
        "name table of %d slots", used);
  static const struct {
    const char *s;
    unsigned tag;
    int val; /* -1: absent */
  } want[] = {{"port", 0, 10}, /* repeated: the first wins */ {"pert", 0, 11}, {"part", 0, 12},
              {"p", 0, 13},    {"pp", 0, 14},   {"type", 1, 15},
              {"type", 5, 16}, {"type", 0, -1}, {"type", 2, -1},
              {"purt", 0, -1}, {"por", 0, -1},  {"portt", 0, -1},
              {"", 0, -1},     {"bus", 0, -1},  {"bus", 5, 18},
              {"Port", 0, -1}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const name_slot *n = name_find(&t, strs, want[i].s, want[i].tag);
    CHECK(want[i].val < 0 ? !n : n && n->val == want[i].val,
          "name table: '%s' tag %u", want[i].s, want[i].tag);
  }
  /* Every field and child is found where the parser looks, with its slot
   * and rank; an element's fields fit the parser's 64-bit masks. */
  for (int ty = 0; ty < VIFXML_TYPE_COUNT; ty++) {
    const schema_type_ix *x = schema_type_index((vifxml_type)ty);
    for (int f = 0; f < VIFXML_F_COUNT; f++) {
      const field_def *d = &schema_fields[f];
      if (!d->name || !(d->types & TYPE_BIT(ty)))
        continue;
      const name_slot *n = name_find(&x->attrs[d->elem], schema_names,
                                     schema_names[d->name],
                                     (unsigned)d->variant);
      CHECK(n && schema_field(d->elem, d->name, (vifxml_type)ty, d->variant) ==
                         (vifxml_field)n->val &&
                n->aux == schema_field_slot(n->val),
            "field %s for type %d", vifxml_field_name((vifxml_field)f), ty);
    }
    for (int e = 1; e < VIFXML_E_COUNT; e++) {
      const elem_def *d = &schema_elems[e];
      if (!(d->types & TYPE_BIT(ty)))
        continue;
      const name_slot *n =
          name_find(&x->kids[d->parent], schema_names, schema_names[d->name], 0);
      CHECK(n && n->val == e && n->aux == schema_elem_rank(e),
            "child %s for type %d", vifxml_elem_name(e), ty);
    }
  }
  /* The variant rule: the parser looks a name up for the address variant,
   * then for every variant, which finds the first in row order only if no
   * name is both. */
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    for (int g = 0; g < VIFXML_F_COUNT; g++)
      CHECK(!(schema_fields[f].elem == schema_fields[g].elem &&
              schema_fields[f].name == schema_fields[g].name &&
              schema_fields[f].name && !schema_fields[f].variant &&
              schema_fields[g].variant &&
              (schema_fields[f].types & schema_fields[g].types)),
            "%s is a field of every variant and of one",
            vifxml_field_name((vifxml_field)f));
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    CHECK(schema_field_count(e) <= 64, "element %s has over 64 fields",
          vifxml_elem_name(e));
  CHECK(schema_type_lookup("vhostuser") == VIFXML_TYPE_VHOSTUSER &&
            schema_type_lookup("bridge") == VIFXML_TYPE_BRIDGE &&
            schema_type_lookup("none") == VIFXML_TYPE_COUNT &&
            schema_type_lookup("") == VIFXML_TYPE_COUNT &&
            schema_type_lookup("Bridge") == VIFXML_TYPE_COUNT,
        "interface types by name");
}

static void value_ok(vifxml_field f, const char *in, const char *want) {
  vifxml_arena *a = vifxml_arena_new(NULL);
  const char *out;
  char msg[512];
  int r = value_parse(a, f, in, &out, msg, sizeof msg);
  CHECK(r == 0 && ((!want && !out) || (want && out && !strcmp(out, want))),
        "%s '%s': want '%s', got '%s' (%s)", vifxml_field_name(f), in,
        want ? want : "(absent)", r == 0 && out ? out : "(absent)",
        r ? msg : "ok");
  vifxml_arena_free(a);
}

static void value_bad(vifxml_field f, const char *in, const char *want) {
  vifxml_arena *a = vifxml_arena_new(NULL);
  const char *out;
  char msg[512] = "";
  int r = value_parse(a, f, in, &out, msg, sizeof msg);
  CHECK(r < 0 && !strcmp(msg, want), "%s '%s': want error \"%s\", got \"%s\"",
        vifxml_field_name(f), in, want, r < 0 ? msg : "success");
  vifxml_arena_free(a);
}

/* value_spelled_plain's promise, on value_parse's side: for every field of
 * a type it calls plain, whatever is accepted comes out without a byte the
 * writer would escape. The inputs carry those bytes where a value may
 * (leading blanks, names, enum spellings) and are otherwise good ones. */
static void test_plain_spellings(void) {
  static const char *const inputs[] = {
      "1", " 1", "\t1", "\n1", "\r1", "0x1f", "-1", "virtio", "VIRTIO",
      "e1000'", "rtl<8139", "a&b", "a\"b", "a\tb", "yes", "No", "on",
      "52:54:00:0a:0b:0c", "10.0.0.1", "fe80::1", "1.2.3", "up", "ovs",
      "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f", "ab. 1", "AB&1", "direct",
      "server", "client", "vepa", "bridge", "passthrough", "private", "0"};
  vifxml_arena *a = vifxml_arena_new(NULL);
  int plain = 0, accepted = 0;
  for (int f = 0; f < VIFXML_F_COUNT; f++) {
    if (!value_spelled_plain(schema_fields[f].vt))
      continue;
    plain++;
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
      const char *out;
      char msg[512];
      if (value_parse(a, (vifxml_field)f, inputs[i], &out, msg, sizeof msg) < 0 ||
          !out)
        continue;
      accepted++;
      CHECK(!strpbrk(out, "&<>'\"\t\n\r"), "%s='%s' spelled '%s'",
            vifxml_field_name((vifxml_field)f), inputs[i], out);
    }
  }
  CHECK(plain > 20 && accepted > plain, "%d plain fields, %d values accepted",
        plain, accepted);
  vifxml_arena_free(a);
}

static void test_values(void) {
  value_ok(VIFXML_F_MAC_ADDRESS, "52:54:0:A:B:C", "52:54:00:0a:0b:0c");
  value_ok(VIFXML_F_MAC_ADDRESS, "52:54:00:0a:0b:0c junk", "52:54:00:0a:0b:0c");
  value_bad(VIFXML_F_MAC_ADDRESS, "52:54:00:0a:0b", "unable to parse mac address '52:54:00:0a:0b'");
  value_bad(VIFXML_F_MAC_ADDRESS, "01:00:5e:00:00:01",
            "expected unicast mac address, found multicast '01:00:5e:00:00:01'");
  value_ok(VIFXML_F_VP_INTERFACEID, " 09B11C53 8b5c-4eeb-8f00d84eaa0aaa4f ",
           "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f");
  value_bad(VIFXML_F_VP_INSTANCEID, "xyz", "cannot parse instanceid parameter as a uuid");
  value_ok(VIFXML_F_ADDR_BUS, "010", "0x08");
  value_ok(VIFXML_F_ADDR_SLOT, "3", "0x03");
  value_ok(VIFXML_F_ADDR_FUNCTION, "0x7", "0x7");
  value_ok(VIFXML_F_ADDR_DOMAIN, "0", "0x0000");
  value_bad(VIFXML_F_ADDR_SLOT, "0x20", "Invalid PCI address slot='0x20', must be <= 0x1F");
  value_bad(VIFXML_F_ADDR_FUNCTION, "8", "Invalid PCI address function=0x8, must be <= 7");
  value_ok(VIFXML_F_MODEL_TYPE, "VIRTIO", "virtio");
  value_ok(VIFXML_F_MODEL_TYPE, "am79c973", "Am79C973");
  value_ok(VIFXML_F_MODEL_TYPE, "ne2k_pci", "ne2k_pci");
  value_ok(VIFXML_F_MODEL_TYPE, "Unknown", NULL);
  value_ok(VIFXML_F_MODEL_TYPE, "netback", "netfront");
  value_ok(VIFXML_F_MODEL_TYPE, "ioemu", "rtl8139");
  value_bad(VIFXML_F_MODEL_TYPE, "vir tio", "Model name contains invalid characters");
  value_ok(VIFXML_F_VP_TYPE, "802.1qbg", "802.1Qbg");
  value_ok(VIFXML_F_VP_TYPE, "OpenVSwitch", "openvswitch");
  value_bad(VIFXML_F_VP_TYPE, "none", "unknown virtualport type none");
  value_ok(VIFXML_F_VLAN_TRUNK, "YES", "yes");
  value_bad(VIFXML_F_TAG_ID, "4096", "vlan tag id 4096 too large (maximum 4095)");
  value_ok(VIFXML_F_IP_ADDRESS, "2001:DB8:0:0::1", "2001:db8::1");
  value_bad(VIFXML_F_IP_ADDRESS, "10.0.0.256", "Invalid address '10.0.0.256' in <ip>");
  value_bad(VIFXML_F_SRC_VHU_MODE, "0775",
            "Invalid value for attribute 'mode' in element 'source': '0775'.");
  value_bad(VIFXML_F_BOOT_ORDER, "0",
            "Invalid value for attribute 'order' in element 'boot': Zero is not permitted");
  value_ok(VIFXML_F_BOOT_LOADPARM, "abc.1", "ABC.1");
  value_ok(VIFXML_F_MTU_SIZE, "0", NULL);
  /* socket ports: virXMLPropInt, base 10 */
  value_ok(VIFXML_F_SRC_SOCK_PORT, "+5558", "5558");
  value_ok(VIFXML_F_SRC_SOCK_PORT, " -1", "-1");
  value_ok(VIFXML_F_LOCAL_PORT, "2147483647", "2147483647");
  value_bad(VIFXML_F_SRC_SOCK_PORT, "0x10",
            "Invalid value for attribute 'port' in element 'source': '0x10'. "
            "Expected integer value");
  value_bad(VIFXML_F_LOCAL_PORT, "-2147483649",
            "Invalid value for attribute 'port' in element 'local': "
            "'-2147483649'. Expected integer value");
  value_bad(VIFXML_F_SRC_SOCK_PORT, "", "Invalid value for attribute 'port' "
            "in element 'source': ''. Expected integer value");
  /* vds ids: virXMLPropLongLong, base 0 */
  value_ok(VIFXML_F_SRC_VDS_PORTID, "-012", "-10");
  value_ok(VIFXML_F_SRC_VDS_CONNECTIONID, "0x2A", "42");
  value_ok(VIFXML_F_SRC_VDS_CONNECTIONID, "9223372036854775807",
           "9223372036854775807");
  value_bad(VIFXML_F_SRC_VDS_PORTID, "9223372036854775808",
            "Invalid value for attribute 'portid' in element 'source': "
            "'9223372036854775808'. Expected long long integer value");
  value_ok(VIFXML_F_SRC_VDS_SWITCHID, "12345678123412341234123456789ABC",
           "12345678-1234-1234-1234-123456789abc");
  /* virUUIDParse: separators between bytes only (the libvirt fuzz target's
   * corpus/libvirt/bug-uuid-dash-inside-byte.xml) */
  value_ok(VIFXML_F_VP_INTERFACEID, " c0 ff-ee-00-14-32-a4-bc-9d-ef-00-00-00-00-00-01 ",
           "c0ffee00-1432-a4bc-9def-000000000001");
  value_bad(VIFXML_F_VP_INTERFACEID, "c0ffee001432a-4-bc-9def-000000000001",
            "cannot parse interfaceid parameter as a uuid");
  value_bad(VIFXML_F_MTU_SIZE, "big", "malformed mtu size");
  value_ok(VIFXML_F_SCRIPT_PATH, "", NULL);
  value_bad(VIFXML_F_LINK_STATE, "default", "unknown interface link state 'default'");
  value_ok(VIFXML_F_SRC_VENDOR_ID, "1234", "0x04d2");
  value_ok(VIFXML_F_ADDR_CCW_DEVNO, "0x1", "0x0001");
  value_ok(VIFXML_F_ADDR_SPAPR_REG, "2000", "0x00002000");
  value_ok(VIFXML_F_VP_MANAGERID, "0x0b", "11");
  value_bad(VIFXML_F_VP_TYPEIDVERSION, "256", "value of typeidversion out of range");
}

static int collect(void *ctx, const char *s, size_t n) {
  char *dst = ctx;
  size_t len = strlen(dst);
  if (len + n >= 4096)
    return -1;
  memcpy(dst + len, s, n);
  dst[len + n] = '\0';
  return 0;
}

static void test_ir_api(void) {
  vifxml_arena *a = vifxml_arena_new(NULL);
  vifxml_iface i;
  vifxml_error e;
  ir_init(&i, a, VIFXML_TYPE_BRIDGE);
  CHECK(vifxml_iface_set(&i, VIFXML_F_SRC_BRIDGE, "br-int", &e) == 0, "set bridge");
  CHECK(vifxml_iface_set(&i, VIFXML_F_MAC_ADDRESS, "FA:16:3E:00:00:01", &e) == 0, "set mac");
  CHECK(vifxml_iface_set(&i, VIFXML_F_MAC_ADDRESS, "zz", &e) < 0 &&
            !strcmp(e.message, "unable to parse mac address 'zz'"),
        "bad mac refused: %s", e.message);
  CHECK(vifxml_iface_set(&i, VIFXML_F_VP_TYPE, "openvswitch", &e) == 0, "vp");
  CHECK(vifxml_iface_set(&i, VIFXML_F_SCRIPT_PATH, "a\x01b", &e) < 0 &&
            strstr(e.message, "not XML text"),
        "a control character refused: %s", e.message);
  CHECK(vifxml_iface_set(&i, VIFXML_F_SCRIPT_PATH, "\xC3(", &e) < 0,
        "invalid UTF-8 refused");
  CHECK(vifxml_iface_set(&i, VIFXML_F_MODEL_TYPE, "e1000", &e) == 0 &&
            vifxml_iface_set(&i, VIFXML_F_MODEL_TYPE, NULL, &e) == 0 &&
            !i.f[VIFXML_F_MODEL_TYPE],
        "NULL clears a field");
  int t = vifxml_iface_add_item(&i, VIFXML_E_TAG, -1, &e, VIFXML_F_TAG_ID, "42",
                                VIFXML_F_TAG_NATIVEMODE, NULL, -1);
  CHECK(t >= 0, "add tag: %s", e.message);
  CHECK(vifxml_iface_finish(&i, &e, NULL, NULL) == 0, "finish: %s", e.message);
  char out[4096] = "";
  vifxml_write_iface(&i, "", collect, out);
  CHECK(!strcmp(out, "<interface type='bridge'>\n"
                     "  <mac address='fa:16:3e:00:00:01'/>\n"
                     "  <source bridge='br-int'/>\n"
                     "  <vlan>\n"
                     "    <tag id='42'/>\n"
                     "  </vlan>\n"
                     "  <virtualport type='openvswitch'/>\n"
                     "</interface>"),
        "built interface:\n%s", out);
  vifxml_arena *b = vifxml_arena_new(NULL);
  vifxml_iface copy;
  CHECK(ir_copy(&copy, &i, b) == 0, "copy");
  char why[256];
  CHECK(vifxml_iface_compare(&i, &copy, why, sizeof why) == 0, "copy equal: %s", why);
  copy.f[VIFXML_F_SRC_BRIDGE] = "br0";
  CHECK(vifxml_iface_compare(&i, &copy, why, sizeof why) != 0 &&
            strstr(why, "bridge"),
        "difference found: %s", why);
  /* The round trip check fails on a value written around the setters, in a
   * spelling the parser does not keep, and says which field. */
  CHECK(vifxml_iface_roundtrip(&i, why, sizeof why) == 0,
        "a built interface round-trips: %s", why);
  i.f[VIFXML_F_MAC_ADDRESS] = "FA:16:3E:00:00:01";
  CHECK(vifxml_iface_roundtrip(&i, why, sizeof why) < 0 &&
            strstr(why, "address"),
        "an upper-case MAC set directly does not: '%s'", why);
  CHECK(vifxml_iface_roundtrip(&i, NULL, 0) < 0, "why may be NULL");
  vifxml_arena_free(a);
  vifxml_arena_free(b);
}

typedef struct {
  int rc;
  char out[8192];
  vifxml_error err;
} res;

static res norm(const char *in, size_t len) {
  res r = {0, "", {0}};
  vifxml_stream_options o = {0};
  o.filename = "t.xml";
  o.write = collect;
  o.write_ctx = r.out;
  vifxml_stream *s = vifxml_stream_new(&o);
  r.rc = vifxml_stream_feed(s, in, len);
  if (r.rc == 0)
    r.rc = vifxml_stream_finish(s);
  if (r.rc)
    r.err = *vifxml_stream_error(s);
  vifxml_stream_free(s);
  return r;
}

static void test_stream(void) {
  const char *two = "<?xml version='1.0'?>\n<interface type='bridge'><source bridge='a'/></interface>\n"
                    "<?xml version='1.0'?><interface type='direct'><source dev='eth0'/></interface>\n<!-- end -->\n";
  res r = norm(two, strlen(two));
  CHECK(r.rc == 0 && !strcmp(r.out,
                             "<?xml version='1.0'?>\n<interface type='bridge'>\n  <source bridge='a'/>\n</interface>\n"
                             "<?xml version='1.0'?><interface type='direct'>\n  <source dev='eth0' mode='vepa'/>\n</interface>\n<!-- end -->\n"),
        "two units: rc=%d %s %s", r.rc, r.out, r.err.message);
  r = norm("", 0);
  CHECK(r.rc < 0 && !strcmp(r.err.message, "no element found"), "empty input: %s",
        r.err.message);
  const char *second_bad = "<a/>\n<b>\n  <c></b>";
  r = norm(second_bad, strlen(second_bad));
  CHECK(r.rc < 0 && r.err.line == 3 && r.err.column == 8 &&
            !strcmp(r.err.message, "mismatched tag: expected '</c>'"),
        "line numbers across units: %lu:%lu %s", r.err.line, r.err.column,
        r.err.message);
  CHECK(r.out[0] == '\0', "no partial output on error");
  const char *dtd = "<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>";
  r = norm(dtd, strlen(dtd));
  CHECK(r.rc < 0 && !strcmp(r.err.message, "DOCTYPE is not allowed") &&
            r.err.line == 1 && r.err.column == 1,
        "doctype refused: %lu:%lu %s", r.err.line, r.err.column, r.err.message);
}

/* Depth limit at N (accepted) and N+1 (refused). */
static void test_limits(void) {
  size_t n = VIFXML_LIMIT_DEPTH;
  char *doc = malloc(n * 7 + 16);
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(doc + len, "<a>");
  for (size_t i = 0; i < n; i++)
    len += (size_t)sprintf(doc + len, "</a>");
  res r = norm(doc, len);
  CHECK(r.rc == 0, "depth %zu accepted: %s", n, r.err.message);
  len = 0;
  for (size_t i = 0; i <= n; i++)
    len += (size_t)sprintf(doc + len, "<a>");
  r = norm(doc, len);
  CHECK(r.rc < 0 && strstr(r.err.message, "nested deeper"), "depth %zu refused: %s",
        n + 1, r.err.message);
  free(doc);

  /* A huge attribute outside any interface: refused at the pending limit,
   * without first reading all of it. */
  size_t big = 64u << 20;
  char *att = malloc(big + 32);
  memcpy(att, "<a x='", 6);
  memset(att + 6, 'v', big);
  memcpy(att + 6 + big, "'/>", 3);
  r = norm(att, big + 9);
  CHECK(r.rc < 0 && strstr(r.err.message, "without a complete tag"),
        "huge attribute refused: %s", r.err.message);

  /* An interface at the size limit passes, one byte more fails. */
  const char *head = "<interface type='ethernet'><target dev='", *tail = "'/></interface>";
  size_t fill = VIFXML_LIMIT_IFACE_BYTES - strlen(head) - strlen(tail);
  size_t ilen = 0;
  memcpy(att, head, strlen(head));
  ilen += strlen(head);
  memset(att + ilen, 't', fill);
  ilen += fill;
  memcpy(att + ilen, tail, strlen(tail));
  ilen += strlen(tail);
  vifxml_stream_options o = {0};
  vifxml_stream *s = vifxml_stream_new(&o);
  int rc = vifxml_stream_feed(s, att, ilen);
  rc = rc ? rc : vifxml_stream_finish(s);
  CHECK(rc == 0, "interface of %zu bytes accepted: %s", ilen,
        rc ? vifxml_stream_error(s)->message : "");
  vifxml_stream_free(s);
  memmove(att + strlen(head) + 1, att + strlen(head), ilen - strlen(head));
  s = vifxml_stream_new(&o);
  rc = vifxml_stream_feed(s, att, ilen + 1);
  rc = rc ? rc : vifxml_stream_finish(s);
  CHECK(rc < 0 && strstr(vifxml_stream_error(s)->message, "larger than"),
        "interface of %zu bytes refused", ilen + 1);
  vifxml_stream_free(s);
  free(att);
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--version")) {
    /* The project version (meson), the header macros and the library agree. */
    char hex[32];
    snprintf(hex, sizeof hex, "%u.%u.%u", VIFXML_VERSION_HEX >> 16,
             (VIFXML_VERSION_HEX >> 8) & 0xFF, VIFXML_VERSION_HEX & 0xFF);
    CHECK(!strcmp(argv[2], VIFXML_VERSION_STRING), "meson %s, header %s",
          argv[2], VIFXML_VERSION_STRING);
    CHECK(!strcmp(vifxml_version(), VIFXML_VERSION_STRING), "getter %s",
          vifxml_version());
    CHECK(!strcmp(hex, VIFXML_VERSION_STRING), "hex %s", hex);
    CHECK(vifxml_version_hex() == VIFXML_VERSION_HEX, "hex getter");
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
  }
  test_tables();
  test_name_tables();
  test_advance();
  test_values();
  test_plain_spellings();
  test_ir_api();
  test_stream();
  test_limits();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
