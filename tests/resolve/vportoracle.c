/*
 * vportoracle: libvirt 9.0's own virtualport merge as the reference for
 * vifxml's.
 *
 *   vportoracle
 *
 * libvirt.so exports its internal functions under LIBVIRT_PRIVATE_9.0.0,
 * among them the ones networkAllocatePort uses on a port's virtualport:
 * virNetDevVPortProfileParse (with the flags an interface, a network and a
 * portgroup are read with), virNetDevVPortProfileMerge3 and
 * virNetDevVPortProfileCheckComplete, and virNetDevVPortProfileFormat. For
 * every combination of an interface, a network and a (default) portgroup
 * virtualport below, this program runs them, and runs vifxml's resolver on
 * an interface and a network that carry the same virtualports, in a
 * forward mode that takes the merged type (vepa for 802.1Qbg and 802.1Qbh,
 * a named bridge for openvswitch). It requires
 *   - the same error message when libvirt's merge or completeness check
 *     fails;
 *   - an error when the merged virtualport has no type or one no mode takes
 *     (midonet), which networkAllocatePort checks before completeness;
 *   - otherwise the same <virtualport> element, once the ids libvirt made up
 *     at random (any UUID not given in the input) are taken out: vifxml
 *     leaves them absent, for libvirt to generate.
 * Combinations whose pieces libvirt's parser refuses are not run (the
 * parse checks are the network oracle's business). Built only against
 * libvirt 9.0.x, whose private functions and flags are declared here.
 *
 * Output: a line per failure, then "N passed, N failed".
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vifxml.h"

/* ## libvirt 9.0 internals (src/conf/netdev_vport_profile_conf.h,
 * src/util/virnetdevvportprofile.h, src/util/virbuffer.h) */
typedef struct _virNetDevVPortProfile virNetDevVPortProfile;
typedef struct {
  void *str; /* GString * */
  int indent;
} virBuffer;
enum {
  VIR_VPORT_XML_GENERATE_MISSING_DEFAULTS = 1 << 0,
  VIR_VPORT_XML_REQUIRE_ALL_ATTRIBUTES = 1 << 1,
  VIR_VPORT_XML_REQUIRE_TYPE = 1 << 2,
};
virNetDevVPortProfile *virNetDevVPortProfileParse(xmlNodePtr node,
                                                  unsigned int flags);
int virNetDevVPortProfileMerge3(virNetDevVPortProfile **result,
                                const virNetDevVPortProfile *fromInterface,
                                const virNetDevVPortProfile *fromNetwork,
                                const virNetDevVPortProfile *fromPortgroup);
int virNetDevVPortProfileCheckComplete(virNetDevVPortProfile *virtport,
                                       bool generateMissing);
int virNetDevVPortProfileFormat(const virNetDevVPortProfile *virtPort,
                                virBuffer *buf);
char *virBufferContentAndReset(virBuffer *buf);

/* ## The virtualports tried */

#define U1 "0b5e2d1c-8d4f-4a31-9c1e-5f6a7b8c9d01"
#define U2 "0b5e2d1c-8d4f-4a31-9c1e-5f6a7b8c9d02"
#define U3 "0b5e2d1c-8d4f-4a31-9c1e-5f6a7b8c9d03"
#define U4 "0b5e2d1c-8d4f-4a31-9c1e-5f6a7b8c9d04"
#define U5 "0b5e2d1c-8d4f-4a31-9c1e-5f6a7b8c9d05"
static const char *const given_ids[] = {U1, U2, U3, U4, U5};

static const char *const of_interface[] = {
    "",
    "<virtualport/>",
    "<virtualport><parameters profileid='P1'/></virtualport>",
    "<virtualport><parameters instanceid='" U1 "' interfaceid='" U2
    "'/></virtualport>",
    "<virtualport><parameters managerid='12' typeid='7'/></virtualport>",
    "<virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' "
    "typeidversion='2'/></virtualport>",
    "<virtualport type='802.1Qbg'/>",
    "<virtualport type='802.1Qbh'><parameters profileid='P1'/></virtualport>",
    "<virtualport type='openvswitch'/>",
    "<virtualport type='openvswitch'><parameters interfaceid='" U2
    "' profileid='P2'/></virtualport>",
    "<virtualport type='midonet'><parameters interfaceid='" U2
    "'/></virtualport>",
};
static const char *const of_network[] = {
    "",
    "<virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' "
    "typeidversion='2'/></virtualport>",
    "<virtualport type='802.1Qbg'><parameters managerid='11' typeid='1193047' "
    "typeidversion='2' instanceid='" U3 "'/></virtualport>",
    "<virtualport type='802.1Qbh'/>",
    "<virtualport type='802.1Qbh'><parameters profileid='P3'/></virtualport>",
    "<virtualport type='openvswitch'/>",
    "<virtualport type='openvswitch'><parameters interfaceid='" U4
    "'/></virtualport>",
    "<virtualport type='midonet'><parameters interfaceid='" U4
    "'/></virtualport>",
};
static const char *const of_portgroup[] = {
    "",
    "<virtualport/>",
    "<virtualport><parameters profileid='P1'/></virtualport>",
    "<virtualport><parameters profileid='P4'/></virtualport>",
    "<virtualport><parameters interfaceid='" U4 "'/></virtualport>",
    "<virtualport type='802.1Qbg'><parameters instanceid='" U5
    "'/></virtualport>",
    "<virtualport type='802.1Qbg'><parameters managerid='13'/></virtualport>",
    "<virtualport type='802.1Qbh'/>",
    "<virtualport type='openvswitch'><parameters profileid='P2'/></virtualport>",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int passed, failed;

/* ## libvirt's side */

typedef struct {
  bool skip;        /* a piece does not parse */
  char error[1024]; /* merge or completeness error */
  char type[32];    /* merged type, "" for none */
  char *xml;        /* formatted, random ids taken out */
} outcome;

static virNetDevVPortProfile *parse(const char *xml, unsigned flags,
                                    bool *bad) {
  if (!*xml)
    return NULL;
  xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "vport.xml", NULL, 0);
  virNetDevVPortProfile *vp =
      doc ? virNetDevVPortProfileParse(xmlDocGetRootElement(doc), flags) : NULL;
  xmlFreeDoc(doc);
  *bad |= !vp;
  return vp;
}

/* Drops the attributes whose value is a UUID the input did not give. */
static void drop_random_ids(char *s) {
  static const char *const attrs[] = {" instanceid='", " interfaceid='"};
  for (int a = 0; a < 2; a++) {
    char *p = strstr(s, attrs[a]);
    if (!p)
      continue;
    char *v = p + strlen(attrs[a]), *end = strchr(v, '\'');
    bool given = false;
    for (size_t i = 0; i < COUNT(given_ids); i++)
      given |= !strncmp(v, given_ids[i], 36);
    if (!given && end)
      memmove(p, end + 1, strlen(end + 1) + 1);
  }
}

/* A message naming an id libvirt made up: vifxml says "a random one". */
static void name_random_ids(char *msg) {
  for (char *p = strchr(msg, '\''); p; p = strchr(p + 1, '\'')) {
    bool given = false;
    for (size_t i = 0; i < COUNT(given_ids); i++)
      given |= !strncmp(p + 1, given_ids[i], 36);
    if (!given && strlen(p) >= 38 && p[37] == '\'' && p[9] == '-') {
      memcpy(p, "a random one", 12);
      memmove(p + 12, p + 38, strlen(p + 38) + 1);
    }
  }
}

static void squeeze(char *s) {
  char *w = s;
  for (char *r = s; *r; r++)
    if (*r != '\n' && !(*r == ' ' && (r[1] == ' ' || r[1] == '<' || r == s ||
                                      r[-1] == '>' || r[-1] == ' ')))
      *w++ = *r;
  *w = '\0';
}

static bool takes(const char *type) {
  return !strcmp(type, "802.1Qbg") || !strcmp(type, "802.1Qbh") ||
         !strcmp(type, "openvswitch");
}

static void libvirt_side(const char *i, const char *n, const char *g,
                         outcome *o) {
  bool bad = false;
  virNetDevVPortProfile *vi =
      parse(i, VIR_VPORT_XML_GENERATE_MISSING_DEFAULTS, &bad);
  virNetDevVPortProfile *vn = parse(n, VIR_VPORT_XML_REQUIRE_TYPE, &bad);
  virNetDevVPortProfile *vg = parse(g, 0, &bad);
  virNetDevVPortProfile *merged = NULL;
  memset(o, 0, sizeof *o);
  if ((o->skip = bad))
    goto out;
  if (virNetDevVPortProfileMerge3(&merged, vi, vn, vg) < 0) {
    snprintf(o->error, sizeof o->error, "%s", virGetLastErrorMessage());
    name_random_ids(o->error);
    goto out;
  }
  virNetDevVPortProfile *port = merged ? merged : vi;
  if (!port)
    goto out; /* no virtualport at all */
  virBuffer buf = {NULL, 0};
  virNetDevVPortProfileFormat(port, &buf);
  char *text = virBufferContentAndReset(&buf);
  const char *t = text ? strstr(text, "type='") : NULL;
  if (t)
    snprintf(o->type, sizeof o->type, "%.*s", (int)strcspn(t + 6, "'"), t + 6);
  free(text);
  /* networkAllocatePort checks the type against the mode first. */
  if (!takes(o->type)) {
    o->xml = strdup("(no forward mode takes it)");
    goto out;
  }
  if (virNetDevVPortProfileCheckComplete(port, true) < 0) {
    snprintf(o->error, sizeof o->error, "%s", virGetLastErrorMessage());
    goto out;
  }
  virNetDevVPortProfileFormat(port, &buf);
  o->xml = virBufferContentAndReset(&buf);
  if (o->xml) {
    drop_random_ids(o->xml);
    squeeze(o->xml);
    /* Only random ids were there: the element as libvirt writes it bare. */
    char *empty = strstr(o->xml, "><parameters/></virtualport>");
    if (empty)
      strcpy(empty, "/>");
  }
out:
  free(vi), free(vn), free(vg), free(merged);
}

/* ## vifxml's side */

typedef struct {
  char *p;
  size_t len, cap;
} sink;

static int to_sink(void *ctx, const char *buf, size_t len) {
  sink *s = ctx;
  if (s->len + len + 1 > s->cap)
    return -1;
  memcpy(s->p + s->len, buf, len);
  s->len += len;
  s->p[s->len] = '\0';
  return 0;
}

/* Resolves the interface against a network in a mode that takes `type`;
 * 0 with its <virtualport> (or "") in out, -1 with the error in out. */
static int vifxml_side(const char *i, const char *n, const char *g,
                       const char *type, char *out, size_t outlen) {
  bool ovs = !strcmp(type, "openvswitch");
  char net[2048], iface[1024], written[4096] = "";
  snprintf(net, sizeof net,
           "<network><name>n</name><forward mode='%s'>%s</forward>%s%s"
           "<portgroup name='g' default='yes'>%s</portgroup></network>",
           ovs ? "bridge" : "vepa", ovs ? "" : "<interface dev='eth1'/>",
           ovs ? "<bridge name='br0'/>" : "", n, g);
  snprintf(iface, sizeof iface,
           "<interface type='network'><mac address='52:54:00:00:00:01'/>"
           "<source network='n'/>%s</interface>",
           i);
  vifxml_networks *nets = vifxml_networks_new(NULL);
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface *ir;
  vifxml_error e;
  sink s = {written, 0, sizeof written};
  int rc = -1;
  if (!nets || !arena)
    snprintf(out, outlen, "out of memory");
  else if (vifxml_networks_add(nets, net, strlen(net), "net", &e) < 0 ||
           vifxml_parse_one(iface, strlen(iface), "iface", arena, &ir, &e) <
               0 ||
           vifxml_networks_resolve(nets, ir, &e, NULL, NULL) < 0)
    snprintf(out, outlen, "%s", e.message);
  else if (vifxml_write_iface(ir, "", to_sink, &s) < 0)
    snprintf(out, outlen, "cannot write");
  else
    rc = 0;
  if (rc == 0) {
    char *vp = strstr(written, "<virtualport"),
         *end = vp ? strstr(vp, "</virtualport>") : NULL;
    char *self = vp ? strstr(vp, "/>") : NULL;
    size_t len = !vp ? 0
                 : end && (!self || strchr(vp, '>') < self)
                     ? (size_t)(end - vp) + 14
                     : (size_t)(self - vp) + 2;
    snprintf(out, outlen, "%.*s", (int)len, vp ? vp : "");
    squeeze(out);
  }
  vifxml_arena_free(arena);
  vifxml_networks_free(nets);
  return rc;
}

/* libvirt's message without the prefix its error code adds. */
static const char *unprefixed(const char *msg) {
  static const char *const prefixes[] = {
      "XML error: ", "internal error: ", "unsupported configuration: "};
  for (size_t i = 0; i < COUNT(prefixes); i++)
    if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
      return msg + strlen(prefixes[i]);
  return msg;
}

static void one(size_t a, size_t b, size_t c) {
  outcome o;
  char ours[4096];
  const char *i = of_interface[a], *n = of_network[b], *g = of_portgroup[c];
  libvirt_side(i, n, g, &o);
  if (o.skip)
    return;
  int rc = vifxml_side(i, n, g, o.type, ours, sizeof ours);
  const char *want = o.error[0] ? unprefixed(o.error) : o.xml ? o.xml : "";
  bool ok;
  if (o.error[0]) /* vifxml may say more after libvirt's words */
    ok = rc < 0 && !strncmp(ours, want, strlen(want));
  else if (o.xml && !takes(o.type))
    ok = rc < 0; /* no forward mode takes a typeless or midonet port */
  else
    ok = rc == 0 && !strcmp(ours, want);
  if (ok) {
    passed++;
  } else {
    failed++;
    printf("FAIL interface %zu, network %zu, portgroup %zu:\n  libvirt: %s\n"
           "  vifxml:  %s\n",
           a, b, c,
           o.error[0] ? want
           : o.xml    ? o.xml
                      : "(none)",
           ours);
  }
  free(o.xml);
}

int main(void) {
  if (virInitialize() < 0)
    return 2;
  virSetErrorFunc(NULL, NULL);
  for (size_t a = 0; a < COUNT(of_interface); a++)
    for (size_t b = 0; b < COUNT(of_network); b++)
      for (size_t c = 0; c < COUNT(of_portgroup); c++)
        one(a, b, c);
  printf("%d passed, %d failed\n", passed, failed);
  return failed || !passed ? 1 : 0;
}
