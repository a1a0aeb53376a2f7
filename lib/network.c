/* <network> definitions: expat builds a small tree of each definition, which
 * is then read the way libvirt's XPath queries read it (the first matching
 * child wins, unknown content is ignored), with libvirt's parse checks
 * (virNetworkDefParseXML) and define-time checks (networkValidate, less the
 * ones that look at the host). Only what port allocation needs is kept;
 * <ip>, <dns>, <domain>, <mac> and <mtu> are looked at only for the rules
 * that tie them to the forward mode. */
#include "network.h"
#include "xml.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## The network grammar's names */

/* Names the interface grammar lacks: X(ID, spelling). The others are
 * VIFXML_N_* (network, name, bridge, interface, address, driver, mac, mtu,
 * ip, domain, host, virtualport, parameters, vlan, tag, bandwidth, inbound,
 * outbound, port, portgroup and their attributes). */
#define NET_NAMES(X)                                                           \
  X(DEFAULT, "default")                                                        \
  X(DELAY, "delay")                                                            \
  X(DNS, "dns")                                                                \
  X(FORWARD, "forward")                                                        \
  X(IPV6, "ipv6")                                                              \
  X(LOCALONLY, "localOnly")                                                    \
  X(NAT, "nat")                                                                \
  X(PF, "pf")                                                                  \
  X(SRV, "srv")                                                                \
  X(STP, "stp")                                                                \
  X(TITLE, "title")                                                            \
  X(TXT, "txt")                                                                \
  X(UUID, "uuid")                                                              \
  X(ZONE, "zone")

#define NET_X_ID_(id, s) NET_N_##id,
enum { NET_N_BEFORE_ = VIFXML_N_COUNT - 1, NET_NAMES(NET_X_ID_) NET_N_END };
#undef NET_X_ID_

#define NET_X_STR_(id, s) s,
static const char *const net_names[] = {NET_NAMES(NET_X_STR_)};
static const char *const mode_names[] = {NET_MODES(NET_X_STR_)};
#undef NET_X_STR_

const char *net_mode_str(net_mode m) {
  return m < NET_MODE_COUNT ? mode_names[m] : NULL;
}

static int name_id(const char *s) {
  vifxml_name n = schema_name_lookup(s);
  if (n != VIFXML_N_NONE)
    return (int)n;
  for (int i = 0; i < NET_N_END - VIFXML_N_COUNT; i++)
    if (!strcmp(net_names[i], s))
      return VIFXML_N_COUNT + i;
  return VIFXML_N_NONE;
}

/* ## The tree */

typedef struct {
  int name;
  const char *value;
} xattr;

typedef struct xnode {
  int name; /* VIFXML_N_* or NET_N_*; VIFXML_N_NONE when unknown */
  xattr *attrs;
  int nattrs;
  const char *text; /* <name>, <title> and <uuid>: their text */
  struct xnode *child, *last, *next;
  unsigned long line, column;
} xnode;

static xnode *child(const xnode *n, int name) {
  for (xnode *c = n ? n->child : NULL; c; c = c->next)
    if (c->name == name)
      return c;
  return NULL;
}

static size_t count(const xnode *n, int name) {
  size_t k = 0;
  for (xnode *c = n ? n->child : NULL; c; c = c->next)
    k += c->name == name;
  return k;
}

static const char *attr(const xnode *n, int name) {
  for (int i = 0; n && i < n->nattrs; i++)
    if (n->attrs[i].name == name)
      return n->attrs[i].value;
  return NULL;
}

/* libvirt reads most values with XPath string(): empty means absent. */
static const char *attr_ne(const xnode *n, int name) {
  const char *v = attr(n, name);
  return v && *v ? v : NULL;
}

/* ## Reading the bytes */

typedef struct {
  vifxml_networks *nets;
  XML_Parser xp;
  const char *file;
  vifxml_error *err;
  bool failed;
  const char *unit;                  /* the current unit's bytes */
  unsigned long base_line, base_col; /* where it starts */
  xnode *stack[VIFXML_LIMIT_DEPTH];
  int depth;
  xnode *root;
  bool unit_done;
  size_t unit_end, last_tag_end;
  char *text; /* text of the <name>, <title> or <uuid> being read */
  size_t textlen, textcap;
} reader;

static void position(reader *r, unsigned long *line, unsigned long *col) {
  unsigned long l = (unsigned long)XML_GetCurrentLineNumber(r->xp);
  unsigned long c = (unsigned long)XML_GetCurrentColumnNumber(r->xp);
  *line = r->base_line + l - 1;
  *col = (l == 1 ? r->base_col + c : c) + 1;
}

static void fail_at(reader *r, unsigned long line, unsigned long col,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fail_at(reader *r, unsigned long line, unsigned long col,
                    const char *fmt, ...) {
  if (r->failed)
    return;
  va_list ap;
  va_start(ap, fmt);
  error_vset(r->err, VIFXML_ERR_INVALID, r->file, line, col, fmt, ap);
  va_end(ap);
  r->failed = true;
}

static void fail_here(reader *r, const char *msg) {
  unsigned long line, col;
  position(r, &line, &col);
  fail_at(r, line, col, "%s", msg);
  XML_StopParser(r->xp, XML_FALSE);
}

static const char *keep(reader *r, const char *s, size_t n) {
  char *p = arena_strndup(r->nets->arena, s, n);
  if (!p)
    fail_here(r, "out of memory");
  return p;
}

static int read_attrs(reader *r, xnode *n, const XML_Char **attrs) {
  int k = 0;
  while (attrs[2 * k])
    k++;
  n->attrs =
      k ? arena_alloc(r->nets->arena, (size_t)k * sizeof *n->attrs) : NULL;
  if (k && !n->attrs)
    return -1;
  for (int i = 0; i < k; i++) {
    n->attrs[n->nattrs].name = name_id(attrs[2 * i]);
    if (n->attrs[n->nattrs].name == VIFXML_N_NONE)
      continue; /* libvirt ignores attributes it does not read */
    n->attrs[n->nattrs].value =
        keep(r, attrs[2 * i + 1], strlen(attrs[2 * i + 1]));
    if (!n->attrs[n->nattrs++].value)
      return -1;
  }
  return 0;
}

/* The elements whose text libvirt reads. */
static bool has_text(int name) {
  return name == VIFXML_N_NAME || name == NET_N_TITLE || name == NET_N_UUID;
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **attrs) {
  reader *r = ud;
  if (r->failed)
    return;
  r->last_tag_end = (size_t)XML_GetCurrentByteIndex(r->xp) +
                    (size_t)XML_GetCurrentByteCount(r->xp);
  if (r->depth >= VIFXML_LIMIT_DEPTH) {
    char msg[64];
    snprintf(msg, sizeof msg, "elements nested deeper than %d",
             VIFXML_LIMIT_DEPTH);
    fail_here(r, msg);
    return;
  }
  xnode *n = arena_alloc(r->nets->arena, sizeof *n);
  if (!n) {
    fail_here(r, "out of memory");
    return;
  }
  memset(n, 0, sizeof *n);
  n->name = name_id(name);
  position(r, &n->line, &n->column);
  if (read_attrs(r, n, attrs) < 0) {
    fail_here(r, "out of memory");
    return;
  }
  if (r->depth == 0) {
    r->root = n;
    if (n->name != VIFXML_N_NETWORK) {
      char msg[160];
      snprintf(msg, sizeof msg,
               "expecting root element of 'network', not '%.64s'", name);
      fail_here(r, msg);
      return;
    }
  } else {
    xnode *p = r->stack[r->depth - 1];
    if (p->last)
      p->last->next = n;
    else
      p->child = n;
    p->last = n;
  }
  r->stack[r->depth++] = n;
  r->textlen = 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  reader *r = ud;
  (void)name;
  /* expat may still report the end of a tag whose start failed. */
  if (r->failed)
    return;
  xnode *n = r->stack[--r->depth];
  if (has_text(n->name) && r->textlen)
    n->text = keep(r, r->text, r->textlen);
  r->textlen = 0;
  if (r->depth > 0)
    return;
  /* An empty-element tag reports its end with no bytes of its own. */
  size_t count = (size_t)XML_GetCurrentByteCount(r->xp);
  r->unit_end =
      count ? (size_t)XML_GetCurrentByteIndex(r->xp) + count : r->last_tag_end;
  r->unit_done = true;
  XML_StopParser(r->xp, XML_FALSE);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  reader *r = ud;
  if (r->failed || !r->depth || !has_text(r->stack[r->depth - 1]->name))
    return;
  if (r->textlen + (size_t)len > r->textcap) {
    size_t cap = r->textcap ? r->textcap : 64;
    while (cap < r->textlen + (size_t)len)
      cap *= 2;
    char *p = mem_realloc(arena_allocator(r->nets->arena), r->text, cap);
    if (!p) {
      fail_here(r, "out of memory");
      return;
    }
    r->text = p;
    r->textcap = cap;
  }
  memcpy(r->text + r->textlen, s, (size_t)len);
  r->textlen += (size_t)len;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name,
                               const XML_Char *sysid, const XML_Char *pubid,
                               int internal) {
  (void)name, (void)sysid, (void)pubid, (void)internal;
  reader *r = ud;
  /* expat reports the declaration after its name: point at "<!DOCTYPE". */
  size_t at = (size_t)XML_GetCurrentByteIndex(r->xp);
  while (at > 0 && r->unit[at] != '<')
    at--;
  unsigned long line = r->base_line, col = r->base_col;
  xml_advance(&line, &col, r->unit, at);
  fail_at(r, line, col + 1, "DOCTYPE is not allowed");
  XML_StopParser(r->xp, XML_FALSE);
}

static void XMLCALL on_xmldecl(void *ud, const XML_Char *version,
                               const XML_Char *encoding, int standalone) {
  (void)version, (void)standalone;
  char msg[320];
  if (xml_encoding_problem(encoding, msg, sizeof msg))
    fail_here(ud, msg);
}

static int unit_reset(reader *r) {
  if (xml_reset(r->xp, r) < 0)
    return -1;
  XML_SetElementHandler(r->xp, on_start, on_end);
  XML_SetCharacterDataHandler(r->xp, on_text);
  XML_SetStartDoctypeDeclHandler(r->xp, on_doctype);
  XML_SetXmlDeclHandler(r->xp, on_xmldecl);
  r->depth = 0;
  r->root = NULL;
  r->unit_done = false;
  r->textlen = 0;
  return 0;
}

/* ## virtualport parameters */

unsigned net_vp_bit(const char *type) {
  unsigned bit = vport_type_bit(type);
  return bit == VPT_MIDONET ? 0 : bit;
}

/* The first parameter a typed virtualport must not carry (CheckNoExtras;
 * midonet is not checked), or VIFXML_F_COUNT. */
static vifxml_field vp_extra(const vifxml_iface *s) {
  unsigned bit = net_vp_bit(s->f[VIFXML_F_VP_TYPE]);
  for (size_t i = 0; bit && i < vport_nparams; i++)
    if (s->f[vport_params[i].f] && !(vport_params[i].uses & bit))
      return vport_params[i].f;
  return VIFXML_F_COUNT;
}

bool net_has_vlan(const vifxml_iface *s) {
  for (size_t i = 0; i < s->nitems; i++)
    if (s->items[i].elem == VIFXML_E_TAG)
      return true;
  return false;
}

bool net_has_bandwidth(const vifxml_iface *s) {
  return s->present[VIFXML_E_INBOUND] || s->present[VIFXML_E_OUTBOUND];
}

/* ## One definition */

/* What the checks need beyond the kept definition. */
typedef struct {
  reader *r;
  net_def *d;
  const xnode *root, *fwd;
  bool stp, zone, mac, ip, dns, domain;
  unsigned long long delay, mtu;
  net_group **groups; /* in definition order */
  const xnode **gnodes;
  size_t ngroups;
} draft;

static int vbad(draft *t, unsigned long line, unsigned long col,
                const char *fmt, va_list ap) {
  error_vset(t->r->err, VIFXML_ERR_INVALID, t->r->file, line, col, fmt, ap);
  t->r->failed = true;
  return -1;
}

static int bad(draft *t, const xnode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(draft *t, const xnode *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vbad(t, n->line, n->column, fmt, ap);
  va_end(ap);
  return -1;
}

static int bad_at(draft *t, unsigned long line, unsigned long col,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad_at(draft *t, unsigned long line, unsigned long col,
                  const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vbad(t, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

static const char *name_of(int id) {
  return id < VIFXML_N_COUNT ? vifxml_name_str((vifxml_name)id)
                             : net_names[id - VIFXML_N_COUNT];
}

/* A yes/no attribute as virXMLPropTristateBool reads it. */
static int tristate(draft *t, const xnode *n, int name, const char **out) {
  const char *v = attr(n, name);
  *out = NULL;
  if (!v)
    return 0;
  if (strcmp(v, "yes") && strcmp(v, "no"))
    return bad(t, n, "Invalid value for attribute '%s' in element '%s': '%s'.",
               name_of(name), name_of(n->name), v);
  *out = !strcmp(v, "yes") ? "yes" : "no";
  return 0;
}

/* A whole decimal number no larger than max (virStrToLong_ul and kin). */
static bool decimal(const char *s, unsigned long long max,
                    unsigned long long *out) {
  char *end;
  if (!isdigit((unsigned char)*s))
    return false;
  unsigned long long v = strtoull(s, &end, 10);
  if (*end || v > max)
    return false;
  *out = v;
  return true;
}

/* ### Per-port settings, read with the interface parser's value checks */

static void mark(vifxml_iface *s, vifxml_elem e, const xnode *n) {
  for (vifxml_elem p = e; p < VIFXML_E_COUNT; p = schema_elems[p].parent)
    s->present[p] = 1;
  s->eline[e] = n->line;
  s->ecol[e] = n->column;
}

/* Reads the attributes of n that the IR has for element e (into list item
 * `item`, or into the singleton element when item < 0). */
static int load(draft *t, vifxml_iface *s, vifxml_elem e, int item,
                const xnode *n) {
  char msg[512];
  for (int i = 0; i < n->nattrs; i++) {
    if (n->attrs[i].name >= VIFXML_N_COUNT)
      continue;
    vifxml_field f =
        schema_field(e, (vifxml_name)n->attrs[i].name, VIFXML_TYPE_NETWORK, 0);
    const char *v;
    if (f == VIFXML_F_COUNT || (schema_fields[f].flags & FL_LEGACY))
      continue;
    if (value_parse(s->arena, f, n->attrs[i].value, &v, msg, sizeof msg) < 0)
      return bad(t, n, "%s", msg);
    if (item >= 0)
      s->items[item].v[schema_field_slot(f)] = v;
    else
      s->f[f] = v;
  }
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    if (schema_fields[f].elem == e && (schema_fields[f].flags & FL_REQ) &&
        !attr(n, schema_fields[f].name))
      return bad(t, n, "Missing required attribute '%s' in element '%s'",
                 vifxml_field_name((vifxml_field)f), vifxml_elem_name(e));
  return 0;
}

/* virNetDevVPortProfileParse: the type is matched exactly (the interface
 * parser forgives its case, libvirt does not); a network-level one must
 * have one; a typed one carries only its own parameters. */
static int load_virtualport(draft *t, vifxml_iface *s, const xnode *vp,
                            bool need_type) {
  const char *type = attr(vp, VIFXML_N_TYPE);
  mark(s, VIFXML_E_VIRTUALPORT, vp);
  if (load(t, s, VIFXML_E_VIRTUALPORT, -1, vp) < 0)
    return -1;
  if (type && strcmp(type, s->f[VIFXML_F_VP_TYPE]))
    return bad(t, vp, "unknown virtualport type %s", type);
  if (!type && need_type)
    return bad(t, vp, "missing required virtualport type");
  const xnode *params = child(vp, VIFXML_N_PARAMETERS);
  if (params && load(t, s, VIFXML_E_VP_PARAMETERS, -1, params) < 0)
    return -1;
  vifxml_field extra = vp_extra(s);
  if (extra != VIFXML_F_COUNT)
    return bad(t, vp, "extra %s unsupported in <virtualport type='%s'>",
               vifxml_field_name(extra), s->f[VIFXML_F_VP_TYPE]);
  return 0;
}

static int load_vlan(draft *t, vifxml_iface *s, const xnode *vlan) {
  mark(s, VIFXML_E_VLAN, vlan);
  if (load(t, s, VIFXML_E_VLAN, -1, vlan) < 0)
    return -1;
  for (const xnode *c = vlan->child; c; c = c->next) {
    if (c->name != VIFXML_N_TAG)
      continue;
    int item = ir_new_item(s, VIFXML_E_TAG, -1, c->line, c->column);
    if (item < 0)
      return bad(t, c, "more than %d <tag> elements", VIFXML_LIMIT_ITEMS);
    if (load(t, s, VIFXML_E_TAG, item, c) < 0)
      return -1;
  }
  return 0;
}

static int load_bandwidth(draft *t, vifxml_iface *s, const xnode *bw) {
  static const int names[] = {VIFXML_N_INBOUND, VIFXML_N_OUTBOUND};
  static const vifxml_elem elems[] = {VIFXML_E_INBOUND, VIFXML_E_OUTBOUND};
  for (int k = 0; k < 2; k++)
    if (count(bw, names[k]) > 1)
      return bad(t, bw, "Only one child <%s> element allowed",
                 name_of(names[k]));
  for (int k = 0; k < 2; k++) {
    const xnode *dir = child(bw, names[k]);
    if (dir) {
      mark(s, elems[k], dir);
      if (load(t, s, elems[k], -1, dir) < 0)
        return -1;
    }
  }
  return 0;
}

/* The <bandwidth>, <vlan> and <virtualport> of a network or portgroup, then
 * the interface rules for vlan and bandwidth (vifxml_iface_finish: the
 * settings pass as a network interface whose source is this network). A
 * network or portgroup never takes a floor. */
static int load_settings(draft *t, vifxml_iface *s, const xnode *n,
                         bool need_vp_type) {
  vifxml_error e;
  ir_init(s, t->r->nets->arena, VIFXML_TYPE_NETWORK);
  if (vifxml_iface_set(s, VIFXML_F_SRC_NETWORK, t->d->name, &e) < 0)
    return bad(t, n, "%s", e.message);
  s->line = n->line;
  s->column = n->column;
  const xnode *bw = child(n, VIFXML_N_BANDWIDTH);
  const xnode *vlan = child(n, VIFXML_N_VLAN);
  const xnode *vp = child(n, VIFXML_N_VIRTUALPORT);
  if ((bw && load_bandwidth(t, s, bw) < 0) ||
      (vlan && load_vlan(t, s, vlan) < 0) ||
      (vp && load_virtualport(t, s, vp, need_vp_type) < 0))
    return -1;
  if (vifxml_iface_finish(s, &e, NULL, NULL) < 0)
    return bad_at(t, e.line, e.column, "%s", e.message);
  if (s->f[VIFXML_F_IN_FLOOR])
    return bad(t, child(bw, VIFXML_N_INBOUND),
               "floor attribute is not supported for this config");
  return 0;
}

/* ### <network> and its children, in virNetworkDefParseXML's order */

static int read_name(draft *t) {
  const xnode *n = child(t->root, VIFXML_N_NAME);
  if (!n || !n->text)
    return bad(t, t->root, "missing name information");
  if (strchr(n->text, '/'))
    return bad(t, n, "invalid char in name: /");
  t->d->name = n->text;
  const xnode *uuid = child(t->root, NET_N_UUID);
  char msg[512];
  const char *canon;
  if (uuid && uuid->text &&
      value_parse(t->r->nets->arena, VIFXML_F_SRC_PORTID, uuid->text, &canon,
                  msg, sizeof msg) < 0)
    return bad(t, uuid, "malformed uuid element");
  const xnode *title = child(t->root, NET_N_TITLE);
  if (title && title->text && strchr(title->text, '\n'))
    return bad(t, title, "Network title can't contain newlines");
  return 0;
}

static int read_header(draft *t, const char **trust) {
  const char *ipv6 = attr_ne(t->root, NET_N_IPV6);
  if (ipv6 && strcmp(ipv6, "yes") && strcmp(ipv6, "no"))
    return bad(t, t->root, "Invalid ipv6 setting '%s' in network '%s'", ipv6,
               t->d->name);
  if (tristate(t, t->root, VIFXML_N_TRUSTGUESTRXFILTERS, trust) < 0)
    return -1;
  const xnode *domain = child(t->root, VIFXML_N_DOMAIN);
  const char *local;
  t->domain = attr(domain, VIFXML_N_NAME) != NULL;
  return domain ? tristate(t, domain, NET_N_LOCALONLY, &local) : 0;
}

static int read_bridge(draft *t) {
  net_def *d = t->d;
  const xnode *b = child(t->root, VIFXML_N_BRIDGE);
  d->bridge = attr_ne(b, VIFXML_N_NAME);
  t->zone = attr_ne(b, NET_N_ZONE) != NULL;
  t->stp = attr_ne(b, NET_N_STP) != NULL;
  const char *delay = attr_ne(b, NET_N_DELAY);
  if (delay && !decimal(delay, ULONG_MAX, &t->delay))
    return bad(t, b, "Invalid delay value in network '%s'", d->name);
  const char *mtm = attr_ne(b, VIFXML_N_MACTABLEMANAGER);
  if (mtm && strcmp(mtm, "kernel") && strcmp(mtm, "libvirt"))
    return bad(t, b, "Invalid macTableManager setting '%s' in network '%s'",
               mtm, d->name);
  d->mtm = mtm;
  return 0;
}

static int read_mac_mtu_dns(draft *t) {
  const xnode *mac = child(t->root, VIFXML_N_MAC);
  const char *addr = attr_ne(mac, VIFXML_N_ADDRESS), *canon;
  char msg[512];
  if (addr && value_parse(t->r->nets->arena, VIFXML_F_MAC_ADDRESS, addr, &canon,
                          msg, sizeof msg) < 0)
    /* The value checker tells a multicast address by its message. */
    return bad(t, mac,
               strstr(msg, "multicast")
                   ? "Invalid multicast bridge mac address '%s' in "
                     "network '%s'"
                   : "Invalid bridge mac address '%s' in network '%s'",
               addr, t->d->name);
  t->mac = addr != NULL;
  const xnode *mtu = child(t->root, VIFXML_N_MTU);
  const char *size = attr_ne(mtu, VIFXML_N_SIZE);
  if (size && !decimal(size, UINT_MAX, &t->mtu))
    return bad(t, mtu, "Invalid mtu size '%s' in network '%s'", size,
               t->d->name);
  const xnode *dns = child(t->root, NET_N_DNS);
  t->dns = count(dns, NET_N_TXT) || count(dns, VIFXML_N_HOST) ||
           count(dns, NET_N_SRV);
  return 0;
}

static int read_group(draft *t, const xnode *n, net_group *g) {
  const char *dflt = attr(n, NET_N_DEFAULT), *trust;
  g->name = attr_ne(n, VIFXML_N_NAME);
  if (!g->name)
    return bad(t, n, "Missing required name attribute in portgroup");
  g->is_default = dflt && !strcasecmp(dflt, "yes");
  g->line = n->line;
  g->column = n->column;
  if (tristate(t, n, VIFXML_N_TRUSTGUESTRXFILTERS, &trust) < 0 ||
      load_settings(t, &g->s, n, false) < 0)
    return -1;
  g->s.f[VIFXML_F_IFACE_TRUST] = trust;
  return 0;
}

static int read_groups(draft *t) {
  vifxml_arena *a = t->r->nets->arena;
  size_t n = count(t->root, VIFXML_N_PORTGROUP);
  if (n > VIFXML_LIMIT_ITEMS)
    return bad(t, t->root, "more than %d <portgroup> elements",
               VIFXML_LIMIT_ITEMS);
  t->groups = arena_alloc(a, (n + 1) * sizeof *t->groups);
  t->gnodes = arena_alloc(a, (n + 1) * sizeof *t->gnodes);
  if (!t->groups || !t->gnodes)
    return bad(t, t->root, "out of memory");
  for (const xnode *c = t->root->child; c; c = c->next) {
    if (c->name != VIFXML_N_PORTGROUP)
      continue;
    net_group *g = arena_alloc(a, sizeof *g);
    if (!g)
      return bad(t, c, "out of memory");
    memset(g, 0, sizeof *g);
    if (read_group(t, c, g) < 0)
      return -1;
    t->gnodes[t->ngroups] = c;
    t->groups[t->ngroups++] = g;
  }
  return 0;
}

/* ### The forward pool */

/* Adds a device to the pool; 1 when it is already there. */
static int pool_add(draft *t, const char *key, const char *const pci[4]) {
  vifxml_arena *ut_arena = t->r->nets->arena;
  net_def *d = t->d;
  net_dev *dev;
  HASH_FIND_STR(d->usage, key, dev);
  if (dev)
    return 1;
  dev = arena_alloc(ut_arena, sizeof *dev);
  if (!dev)
    return -1;
  memset(dev, 0, sizeof *dev);
  dev->key = key;
  for (int i = 0; pci && i < 4; i++)
    dev->pci[i] = pci[i];
  HASH_ADD_KEYPTR(hh, d->usage, dev->key, strlen(dev->key), dev);
  d->pool[d->npool++] = dev;
  return arena_failed(ut_arena) ? -1 : 0;
}

static int pool_alloc(draft *t, size_t n) {
  t->d->pool = arena_alloc(t->r->nets->arena, (n + 1) * sizeof *t->d->pool);
  return t->d->pool ? 0 : bad(t, t->fwd, "out of memory");
}

/* <forward dev> and <interface dev> entries: netdev names. */
static int read_netdevs(draft *t, const char *dev) {
  const char *name = t->d->name;
  if (pool_alloc(t, count(t->fwd, VIFXML_N_INTERFACE)) < 0 ||
      (dev && pool_add(t, dev, NULL) < 0))
    return bad(t, t->fwd, "out of memory");
  bool first = true;
  for (const xnode *c = t->fwd->child; c; c = c->next) {
    if (c->name != VIFXML_N_INTERFACE)
      continue;
    const char *v = attr(c, VIFXML_N_DEV);
    if (!v)
      return bad(t, c,
                 "Missing required dev attribute in <forward> <interface> "
                 "element of network %s",
                 name);
    if (first && dev) {
      first = false;
      if (strcmp(v, dev))
        return bad(t, c,
                   "<forward dev='%s'> must match first <interface dev='%s'/> "
                   "in network %s",
                   dev, v, name);
      continue;
    }
    first = false;
    int r = pool_add(t, v, NULL);
    if (r < 0)
      return bad(t, c, "out of memory");
    if (r > 0)
      return bad(t, c, "interface '%s' can only be listed once in network %s",
                 v, name);
  }
  return 0;
}

static int read_pci(draft *t, const xnode *c) {
  static const vifxml_field fields[4] = {
      VIFXML_F_SRC_ADDR_DOMAIN, VIFXML_F_SRC_ADDR_BUS, VIFXML_F_SRC_ADDR_SLOT,
      VIFXML_F_SRC_ADDR_FUNCTION};
  static const int names[4] = {VIFXML_N_DOMAIN, VIFXML_N_BUS, VIFXML_N_SLOT,
                               VIFXML_N_FUNCTION};
  vifxml_arena *a = t->r->nets->arena;
  const char *pci[4];
  char msg[512];
  for (int i = 0; i < 4; i++) {
    const char *v = attr(c, names[i]);
    if (value_parse(a, fields[i], v ? v : "0", &pci[i], msg, sizeof msg) < 0)
      return bad(t, c, "%s", msg);
  }
  const char *key =
      arena_printf(a, "%04llx:%02llx:%02llx.%llx", value_u(pci[0]),
                   value_u(pci[1]), value_u(pci[2]), value_u(pci[3]));
  int r = key ? pool_add(t, key, pci) : -1;
  if (r < 0)
    return bad(t, c, "out of memory");
  if (r > 0)
    return bad(t, c, "PCI device '%s' can only be listed once in network %s",
               key, t->d->name);
  return 0;
}

/* <address type='pci'> entries: virtual functions for hostdev. */
static int read_addresses(draft *t) {
  if (pool_alloc(t, count(t->fwd, VIFXML_N_ADDRESS)) < 0)
    return -1;
  for (const xnode *c = t->fwd->child; c; c = c->next) {
    if (c->name != VIFXML_N_ADDRESS)
      continue;
    const char *type = attr(c, VIFXML_N_TYPE);
    if (!type)
      return bad(t, c, "missing address type in network %s", t->d->name);
    /* libvirt knows three kinds of pool device, and takes one here. */
    if (strcmp(type, "pci"))
      return bad(t, c,
                 strcmp(type, "none") && strcmp(type, "netdev")
                     ? "unknown address type '%s' in network %s"
                     : "unsupported address type '%s' in network %s",
                 type, t->d->name);
    if (read_pci(t, c) < 0)
      return -1;
  }
  return 0;
}

static int read_pf(draft *t) {
  if (count(t->fwd, NET_N_PF) > 1)
    return bad(t, t->fwd,
               "Only one <pf> element is allowed in <forward> of network %s",
               t->d->name);
  const xnode *pf = child(t->fwd, NET_N_PF);
  if (pf && !(t->d->pf = attr(pf, VIFXML_N_DEV)))
    return bad(t, pf,
               "Missing required dev attribute in <pf> element of network '%s'",
               t->d->name);
  return 0;
}

static int read_forward_mode(draft *t) {
  net_def *d = t->d;
  const char *mode = attr_ne(t->fwd, VIFXML_N_MODE);
  d->mode = NET_MODE_NAT; /* <forward> without a mode */
  if (mode) {
    for (d->mode = 0; d->mode < NET_MODE_COUNT; d->mode++)
      if (!strcmp(mode_names[d->mode], mode))
        break;
    if (d->mode == NET_MODE_COUNT)
      return bad(t, t->fwd, "unknown forwarding type '%s'", mode);
  }
  const char *managed = attr_ne(t->fwd, VIFXML_N_MANAGED);
  d->managed = managed && !strcasecmp(managed, "yes");
  const xnode *drv = child(t->fwd, VIFXML_N_DRIVER);
  d->driver = attr_ne(drv, VIFXML_N_NAME);
  if (d->driver && strcmp(d->driver, "kvm") && strcmp(d->driver, "vfio"))
    return bad(t, drv, "Unknown forward <driver name='%s'/> in network %s",
               d->driver, d->name);
  return 0;
}

/* virNetworkForwardDefParseXML: the first kind of pool given wins. */
static int read_forward(draft *t) {
  net_def *d = t->d;
  t->fwd = child(t->root, NET_N_FORWARD);
  d->mode = NET_MODE_NONE;
  if (!t->fwd)
    return 0;
  if (read_forward_mode(t) < 0)
    return -1;
  size_t naddrs = count(t->fwd, VIFXML_N_ADDRESS);
  size_t npfs = count(t->fwd, NET_N_PF), nnats = count(t->fwd, NET_N_NAT);
  if (nnats > 1)
    return bad(t, t->fwd,
               "Only one <nat> element is allowed in <forward> of network %s",
               d->name);
  if (nnats && d->mode != NET_MODE_NAT)
    return bad(t, child(t->fwd, NET_N_NAT),
               "The <nat> element can only be used when <forward> 'mode' is "
               "'nat' in network %s",
               d->name);
  const char *dev = attr_ne(t->fwd, VIFXML_N_DEV);
  if (dev && (naddrs || npfs))
    /* libvirt's message really ends with a literal %s. */
    return bad(t, t->fwd, "%s",
               "the <forward> 'dev' attribute cannot be used when <address> "
               "or <pf> sub-elements are present in network %s");
  if (dev || count(t->fwd, VIFXML_N_INTERFACE))
    return read_netdevs(t, dev);
  if (naddrs)
    return read_addresses(t);
  return read_pf(t);
}

/* The rules virNetworkDefParseXML ties to the forward mode: routing needs
 * an address and at most one device to route through... */
static int check_routed(draft *t, const xnode *at) {
  net_def *d = t->d;
  const char *m = mode_names[d->mode];
  if (!t->ip)
    return bad(t, at,
               "%s forwarding requested, but no IP address provided for "
               "network '%s'",
               m, d->name);
  if (d->npool > 1)
    return bad(t, at,
               "multiple forwarding interfaces specified for network '%s', "
               "only one is supported",
               d->name);
  if (d->mode == NET_MODE_OPEN && d->npool)
    return bad(t, at,
               "forward dev not allowed for network '%s' with forward "
               "mode='%s'",
               d->name, m);
  return 0;
}

/* ...and a bridge libvirt does not run takes no bridge options; only the
 * bridge mode may name one, and then without a pool. */
static int check_external(draft *t, const xnode *at) {
  net_def *d = t->d;
  const char *m = mode_names[d->mode];
  if (d->mode != NET_MODE_BRIDGE) {
    if (d->bridge)
      return bad(t, at, "bridge name not allowed in %s mode (network '%s')", m,
                 d->name);
    if (t->zone)
      return bad(t, at, "bridge zone not allowed in %s mode (network '%s')", m,
                 d->name);
    if (d->mtm)
      return bad(t, at,
                 "bridge macTableManager setting not allowed in %s mode "
                 "(network '%s')",
                 m, d->name);
  }
  if (t->delay || t->stp || t->zone)
    return bad(t, at,
               "bridge delay/stp/zone options only allowed in route, nat, "
               "and isolated mode, not in %s (network '%s')",
               m, d->name);
  if (d->bridge && (d->npool || d->pf))
    return bad(t, at,
               "A network with forward mode='%s' can specify a bridge name "
               "or a forward dev, but not both (network '%s')",
               m, d->name);
  return 0;
}

static int check_mode(draft *t) {
  net_def *d = t->d;
  const xnode *at = t->fwd ? t->fwd : t->root;
  if (d->mode != NET_MODE_NONE &&
      (net_mode_l3(d->mode) ? check_routed(t, at) : check_external(t, at)) < 0)
    return -1;
  if (t->mtu && !net_mode_l3(d->mode))
    return bad(t, at,
               "mtu size only allowed in open, route, nat, and isolated mode, "
               "not in %s (network '%s')",
               mode_names[d->mode], d->name);
  return 0;
}

static int read_definition(draft *t) {
  net_def *d = t->d;
  const char *trust;
  if (read_name(t) < 0 || read_header(t, &trust) < 0 ||
      load_settings(t, &d->s, t->root, true) < 0 ||
      tristate(t, child(t->root, VIFXML_N_PORT), VIFXML_N_ISOLATED,
               &d->isolated) < 0 ||
      read_bridge(t) < 0 || read_mac_mtu_dns(t) < 0 || read_groups(t) < 0)
    return -1;
  d->s.f[VIFXML_F_IFACE_TRUST] = trust;
  t->ip = count(t->root, VIFXML_N_IP) > 0;
  if (read_forward(t) < 0)
    return -1;
  return check_mode(t);
}

/* ### networkValidate (less its host checks: SR-IOV functions, free bridge
 * names) */

static int check_bridge_in_use(draft *t) {
  net_def *d = t->d, *o, *tmp;
  if (!d->bridge || strstr(d->bridge, "%d"))
    return 0; /* libvirt picks the name: resolve says so if it is needed */
  HASH_ITER(hh, t->r->nets->byname, o, tmp) {
    if (o->bridge && !strcmp(o->bridge, d->bridge) && strcmp(o->name, d->name))
      return bad(t, t->root, "bridge name '%s' already in use.", d->bridge);
  }
  return 0;
}

/* Host-side addressing belongs to the modes where libvirt runs the bridge. */
static int check_unsupported(draft *t) {
  static const char *const what[] = {"mac", "ip", "dns", "domain"};
  const bool given[] = {t->mac, t->ip, t->dns, t->domain};
  for (int i = 0; i < 4; i++)
    if (given[i])
      return bad(t, t->root,
                 "Unsupported <%s> element in network %s with forward "
                 "mode='%s'",
                 what[i], t->d->name, mode_names[t->d->mode]);
  return 0;
}

static int check_pool(draft *t) {
  net_def *d = t->d;
  if (!d->npool)
    return 0;
  bool pci = d->pool[0]->pci[0] != NULL; /* a pool is of one kind */
  if (d->mode == NET_MODE_HOSTDEV && !pci)
    return bad(t, t->fwd,
               "hostdev network '%s' lists '%s' in the device pool, but "
               "hostdev networks require all devices to be listed by PCI "
               "address, not network device name",
               d->name, d->pool[0]->key);
  if (d->mode != NET_MODE_HOSTDEV && pci)
    return bad(t, t->fwd,
               "network '%s' has forward mode '%s'  but lists a device by PCI "
               "address in the device pool. This is only supported for "
               "networks with forward mode 'hostdev'",
               d->name, mode_names[d->mode]);
  return 0;
}

static bool is_ovs(const vifxml_iface *s) {
  const char *type = s->f[VIFXML_F_VP_TYPE];
  return vport_type_bit(type) == VPT_OVS;
}

static int check_group(draft *t, size_t i, bool bw_ok) {
  vifxml_arena *ut_arena = t->r->nets->arena;
  net_def *d = t->d;
  net_group *g = t->groups[i], *dup;
  const xnode *n = t->gnodes[i];
  if (g->is_default) {
    if (d->dflt)
      return bad(t, n,
                 "network '%s' has multiple default <portgroup> elements (%s "
                 "and %s), but only one default is allowed",
                 d->name, d->dflt->name, g->name);
    d->dflt = g;
  }
  HASH_FIND_STR(d->groups, g->name, dup);
  if (dup)
    return bad(t, n,
               "multiple <portgroup> elements with the same name (%s) in "
               "network '%s'",
               g->name, d->name);
  if (net_has_bandwidth(&g->s) && !bw_ok)
    return bad(t, n,
               "Unsupported <bandwidth> element in network '%s' in portgroup "
               "'%s' with forward mode='%s'",
               d->name, g->name, mode_names[d->mode]);
  HASH_ADD_KEYPTR(hh, d->groups, g->name, strlen(g->name), g);
  return arena_failed(ut_arena) ? bad(t, n, "out of memory") : 0;
}

/* Portgroups, and who may carry a vlan: a portgroup with its own
 * virtualport only on an Open vSwitch bridge (a typeless one fails, as in
 * libvirt), the others where the mode allows it. */
static int check_groups(draft *t, bool bw_ok) {
  net_def *d = t->d;
  bool vlan_ok = d->mode == NET_MODE_HOSTDEV ||
                 d->mode == NET_MODE_PASSTHROUGH ||
                 (d->mode == NET_MODE_BRIDGE && is_ovs(&d->s));
  bool vlan_used = net_has_vlan(&d->s), bad_vlan = false;
  for (size_t i = 0; i < t->ngroups; i++) {
    const vifxml_iface *s = &t->groups[i]->s;
    if (vlan_used || net_has_vlan(s))
      bad_vlan |= s->present[VIFXML_E_VIRTUALPORT]
                      ? d->mode != NET_MODE_BRIDGE || !is_ovs(s)
                      : !vlan_ok;
    if (check_group(t, i, bw_ok) < 0)
      return -1;
  }
  if (bad_vlan || (vlan_used && !vlan_ok && !d->dflt))
    return bad(t, t->root,
               "<vlan> element specified for network %s, whose type doesn't "
               "support vlan configuration",
               d->name);
  return 0;
}

static int validate(draft *t) {
  net_def *d = t->d;
  bool bw_ok = true;
  if (strchr(d->name, '\n'))
    return bad(t, t->root, "invalid char in name: \\n");
  if (net_mode_l3(d->mode)) {
    if (check_bridge_in_use(t) < 0)
      return -1;
  } else {
    bw_ok = d->mode == NET_MODE_BRIDGE && d->bridge;
    if (check_unsupported(t) < 0)
      return -1;
  }
  if (net_has_bandwidth(&d->s) && !bw_ok)
    return bad(t, t->root,
               "Unsupported network-wide <bandwidth> element in network %s "
               "with forward mode='%s'",
               d->name, mode_names[d->mode]);
  return check_pool(t) < 0 ? -1 : check_groups(t, bw_ok);
}

static int add_definition(reader *r) {
  vifxml_arena *ut_arena = r->nets->arena;
  net_def *d = arena_alloc(ut_arena, sizeof *d), *dup;
  if (!d) {
    fail_at(r, r->root->line, r->root->column, "out of memory");
    return -1;
  }
  memset(d, 0, sizeof *d);
  draft t = {.r = r, .d = d, .root = r->root};
  d->line = r->root->line;
  d->column = r->root->column;
  if (!(d->file = keep(r, r->file, strlen(r->file))) ||
      read_definition(&t) < 0 || validate(&t) < 0)
    return -1;
  HASH_FIND_STR(r->nets->byname, d->name, dup);
  if (dup)
    return bad(&t, t.root, "network '%s' is already defined at %s:%lu:%lu",
               d->name, dup->file, dup->line, dup->column);
  HASH_ADD_KEYPTR(hh, r->nets->byname, d->name, strlen(d->name), d);
  return arena_failed(ut_arena) ? bad(&t, t.root, "out of memory") : 0;
}

/* ## Units: one or more top-level <network> elements */

static int read_units(reader *r, const char *buf, size_t len) {
  size_t off = 0, units = 0;
  for (;;) {
    while (off < len && xml_is_space(buf[off]))
      xml_advance(&r->base_line, &r->base_col, buf + off++, 1);
    if (off == len)
      break;
    if (len - off > INT_MAX || unit_reset(r) < 0) {
      fail_at(r, r->base_line, r->base_col + 1,
              "network definitions too large or out of memory");
      return -1;
    }
    r->unit = buf + off;
    XML_Parse(r->xp, buf + off, (int)(len - off), XML_TRUE);
    if (r->failed)
      return -1;
    if (!r->unit_done) {
      enum XML_Error code = XML_GetErrorCode(r->xp);
      if (code == XML_ERROR_NO_ELEMENTS && !r->root && units)
        break; /* only comments or processing instructions follow */
      unsigned long line, col;
      position(r, &line, &col);
      size_t at = (size_t)XML_GetCurrentByteIndex(r->xp);
      const xnode *open = r->depth > 0 ? r->stack[r->depth - 1] : NULL;
      char msg[256];
      xml_error_message(code,
                        open && open->name != VIFXML_N_NONE ? name_of(open->name)
                                                            : NULL,
                        r->unit + at, len - off > at ? len - off - at : 0, msg,
                        sizeof msg);
      fail_at(r, line, col, "%s", msg);
      return -1;
    }
    units++;
    if (add_definition(r) < 0)
      return -1;
    xml_advance(&r->base_line, &r->base_col, buf + off, r->unit_end);
    off += r->unit_end;
  }
  if (!units)
    fail_at(r, r->base_line, r->base_col + 1, "no element found");
  return units ? 0 : -1;
}

/* ## The handle */

vifxml_networks *vifxml_networks_new(const vifxml_allocator *alloc) {
  vifxml_networks *nets = mem_alloc(alloc, sizeof *nets);
  if (!nets)
    return NULL;
  memset(nets, 0, sizeof *nets);
  if (alloc) {
    nets->alloc = *alloc;
    nets->has_alloc = true;
  }
  if (!(nets->arena = vifxml_arena_new(alloc))) {
    mem_free(alloc, nets);
    return NULL;
  }
  return nets;
}

void vifxml_networks_free(vifxml_networks *nets) {
  if (!nets)
    return;
  vifxml_allocator al = nets->alloc;
  bool has = nets->has_alloc;
  vifxml_arena_free(nets->arena);
  mem_free(has ? &al : NULL, nets);
}

int vifxml_networks_add(vifxml_networks *nets, const char *buf, size_t len,
                        const char *filename, vifxml_error *err) {
  vifxml_error scratch;
  reader r = {.nets = nets,
              .file = filename ? filename : "<stdin>",
              .err = err ? err : &scratch,
              .base_line = 1};
  unsigned before = HASH_COUNT(nets->byname);
  if (!(r.xp = XML_ParserCreate("UTF-8"))) {
    error_set(r.err, VIFXML_ERR_NOMEM, r.file, 0, 0, "out of memory");
    return -1;
  }
  int rc = read_units(&r, buf, len);
  if (rc < 0) {
    /* All or nothing: drop this buffer's definitions (the newest ones). */
    net_def *d, *tmp;
    unsigned i = 0;
    HASH_ITER(hh, nets->byname, d, tmp) {
      if (i++ >= before)
        HASH_DEL(nets->byname, d);
    }
  }
  XML_ParserFree(r.xp);
  mem_free(arena_allocator(nets->arena), r.text);
  return rc;
}
