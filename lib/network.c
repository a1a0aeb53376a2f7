/* <network> definitions: lib/xml_tree.c builds a small tree of each
 * definition, which is then read the way libvirt's XPath queries read it
 * (the first matching child wins, unknown content is ignored), with
 * libvirt's parse checks (virNetworkDefParseXML) and define-time checks
 * (networkValidate, less the ones that look at the host). Only what port
 * allocation needs is kept; <ip>, <dns>, <domain>, <mac> and <mtu> are
 * looked at only for the rules that tie them to the forward mode. */
#include "network.h"
#include "xml_tree.h"

#include <ctype.h>
#include <limits.h>
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

/* The tree's ids: 0 stands for a name the grammar lacks. */
_Static_assert(VIFXML_N_NONE == 0, "VIFXML_N_NONE is the tree's unknown id");

static int name_id(const char *s) {
  vifxml_name n = schema_name_lookup(s);
  if (n != VIFXML_N_NONE)
    return (int)n;
  for (int i = 0; i < NET_N_END - VIFXML_N_COUNT; i++)
    if (!strcmp(net_names[i], s))
      return VIFXML_N_COUNT + i;
  return VIFXML_N_NONE;
}

static const char *name_of(int id) {
  return id < VIFXML_N_COUNT ? vifxml_name_str((vifxml_name)id)
                             : net_names[id - VIFXML_N_COUNT];
}

/* The elements whose text libvirt reads. */
static bool has_text(int name) {
  return name == VIFXML_N_NAME || name == NET_N_TITLE || name == NET_N_UUID;
}

static const xml_grammar grammar = {"network definitions", VIFXML_N_NETWORK,
                                    name_id, name_of, has_text};

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
  xml_unit *u; /* where errors go */
  vifxml_networks *nets;
  net_def *d;
  const xml_node *root, *fwd;
  bool stp, zone, mac, ip, dns, domain;
  unsigned long long delay, mtu;
  net_group **groups; /* in definition order */
  const xml_node **gnodes;
  size_t ngroups;
} draft;

static int vbad(draft *t, vifxml_error_code code, unsigned long line,
                unsigned long col, const char *fmt, va_list ap) {
  xml_vfail(t->u, code, line, col, fmt, ap);
  return -1;
}

static int bad(draft *t, vifxml_error_code code, const xml_node *n,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int bad(draft *t, vifxml_error_code code, const xml_node *n,
               const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vbad(t, code, n->line, n->column, fmt, ap);
  va_end(ap);
  return -1;
}

static int bad_at(draft *t, vifxml_error_code code, unsigned long line,
                  unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad_at(draft *t, vifxml_error_code code, unsigned long line,
                  unsigned long col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vbad(t, code, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

/* A yes/no attribute as virXMLPropTristateBool reads it. */
static int tristate(draft *t, const xml_node *n, int name, const char **out) {
  const char *v = xml_attr(n, name);
  *out = NULL;
  if (!v)
    return 0;
  if (strcmp(v, "yes") && strcmp(v, "no"))
    return bad(t, VIFXML_ERR_INVALID, n,
               "Invalid value for attribute '%s' in element '%s': '%s'.",
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

static void mark(vifxml_iface *s, vifxml_elem e, const xml_node *n) {
  for (vifxml_elem p = e; p < VIFXML_E_COUNT; p = schema_elems[p].parent)
    s->present[p] = 1;
  s->eline[e] = n->line;
  s->ecol[e] = n->column;
}

/* Reads the attributes of n that the IR has for element e (into list item
 * `item`, or into the singleton element when item < 0). */
static int load(draft *t, vifxml_iface *s, vifxml_elem e, int item,
                const xml_node *n) {
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
      return bad(t, VIFXML_ERR_INVALID, n, "%s", msg);
    if (item >= 0)
      s->items[item].v[schema_field_slot(f)] = v;
    else
      s->f[f] = v;
  }
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    if (schema_fields[f].elem == e && (schema_fields[f].flags & FL_REQ) &&
        !xml_attr(n, schema_fields[f].name))
      return bad(t, VIFXML_ERR_MISSING, n,
                 "Missing required attribute '%s' in element '%s'",
                 vifxml_field_name((vifxml_field)f), vifxml_elem_name(e));
  return 0;
}

/* virNetDevVPortProfileParse: the type is matched exactly (the interface
 * parser forgives its case, libvirt does not); a network-level one must
 * have one; a typed one carries only its own parameters. */
static int load_virtualport(draft *t, vifxml_iface *s, const xml_node *vp,
                            bool need_type) {
  const char *type = xml_attr(vp, VIFXML_N_TYPE);
  mark(s, VIFXML_E_VIRTUALPORT, vp);
  if (load(t, s, VIFXML_E_VIRTUALPORT, -1, vp) < 0)
    return -1;
  if (type && strcmp(type, s->f[VIFXML_F_VP_TYPE]))
    return bad(t, VIFXML_ERR_INVALID, vp, "unknown virtualport type %s", type);
  if (!type && need_type)
    return bad(t, VIFXML_ERR_MISSING, vp, "missing required virtualport type");
  const xml_node *params = xml_child(vp, VIFXML_N_PARAMETERS);
  if (params && load(t, s, VIFXML_E_VP_PARAMETERS, -1, params) < 0)
    return -1;
  vifxml_field extra = vp_extra(s);
  if (extra != VIFXML_F_COUNT)
    return bad(t, VIFXML_ERR_UNSUPPORTED, vp,
               "extra %s unsupported in <virtualport type='%s'>",
               vifxml_field_name(extra), s->f[VIFXML_F_VP_TYPE]);
  return 0;
}

static int load_vlan(draft *t, vifxml_iface *s, const xml_node *vlan) {
  mark(s, VIFXML_E_VLAN, vlan);
  if (load(t, s, VIFXML_E_VLAN, -1, vlan) < 0)
    return -1;
  for (const xml_node *c = vlan->child; c; c = c->next) {
    if (c->name != VIFXML_N_TAG)
      continue;
    int item = ir_new_item(s, VIFXML_E_TAG, -1, c->line, c->column);
    if (item < 0)
      return bad(t,
                 s->nitems >= VIFXML_LIMIT_ITEMS ? VIFXML_ERR_LIMIT
                                                 : VIFXML_ERR_NOMEM,
                 c, "more than %d <tag> elements", VIFXML_LIMIT_ITEMS);
    if (load(t, s, VIFXML_E_TAG, item, c) < 0)
      return -1;
  }
  return 0;
}

static int load_bandwidth(draft *t, vifxml_iface *s, const xml_node *bw) {
  static const int names[] = {VIFXML_N_INBOUND, VIFXML_N_OUTBOUND};
  static const vifxml_elem elems[] = {VIFXML_E_INBOUND, VIFXML_E_OUTBOUND};
  for (int k = 0; k < 2; k++)
    if (xml_count(bw, names[k]) > 1)
      return bad(t, VIFXML_ERR_DUPLICATE, bw,
                 "Only one child <%s> element allowed", name_of(names[k]));
  for (int k = 0; k < 2; k++) {
    const xml_node *dir = xml_child(bw, names[k]);
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
static int load_settings(draft *t, vifxml_iface *s, const xml_node *n,
                         bool need_vp_type) {
  vifxml_error e;
  ir_init(s, t->nets->arena, VIFXML_TYPE_NETWORK);
  if (vifxml_iface_set(s, VIFXML_F_SRC_NETWORK, t->d->name, &e) < 0)
    return bad(t, e.code, n, "%s", e.message);
  s->line = n->line;
  s->column = n->column;
  const xml_node *bw = xml_child(n, VIFXML_N_BANDWIDTH);
  const xml_node *vlan = xml_child(n, VIFXML_N_VLAN);
  const xml_node *vp = xml_child(n, VIFXML_N_VIRTUALPORT);
  if ((bw && load_bandwidth(t, s, bw) < 0) ||
      (vlan && load_vlan(t, s, vlan) < 0) ||
      (vp && load_virtualport(t, s, vp, need_vp_type) < 0))
    return -1;
  if (vifxml_iface_finish(s, &e, NULL, NULL) < 0)
    return bad_at(t, e.code, e.line, e.column, "%s", e.message);
  if (s->f[VIFXML_F_IN_FLOOR])
    return bad(t, VIFXML_ERR_UNSUPPORTED, xml_child(bw, VIFXML_N_INBOUND),
               "floor attribute is not supported for this config");
  return 0;
}

/* ### <network> and its children, in virNetworkDefParseXML's order */

static int read_name(draft *t) {
  const xml_node *n = xml_child(t->root, VIFXML_N_NAME);
  if (!n || !n->text)
    return bad(t, VIFXML_ERR_MISSING, t->root, "missing name information");
  if (strchr(n->text, '/'))
    return bad(t, VIFXML_ERR_INVALID, n, "invalid char in name: /");
  t->d->name = n->text;
  const xml_node *uuid = xml_child(t->root, NET_N_UUID);
  char msg[512];
  const char *canon;
  if (uuid && uuid->text &&
      value_parse(t->nets->arena, VIFXML_F_SRC_PORTID, uuid->text, &canon,
                  msg, sizeof msg) < 0)
    return bad(t, VIFXML_ERR_INVALID, uuid, "malformed uuid element");
  const xml_node *title = xml_child(t->root, NET_N_TITLE);
  if (title && title->text && strchr(title->text, '\n'))
    return bad(t, VIFXML_ERR_INVALID, title,
               "Network title can't contain newlines");
  return 0;
}

static int read_header(draft *t, const char **trust) {
  const char *ipv6 = xml_attr_ne(t->root, NET_N_IPV6);
  if (ipv6 && strcmp(ipv6, "yes") && strcmp(ipv6, "no"))
    return bad(t, VIFXML_ERR_INVALID, t->root,
               "Invalid ipv6 setting '%s' in network '%s'", ipv6, t->d->name);
  if (tristate(t, t->root, VIFXML_N_TRUSTGUESTRXFILTERS, trust) < 0)
    return -1;
  const xml_node *domain = xml_child(t->root, VIFXML_N_DOMAIN);
  const char *local;
  t->domain = xml_attr(domain, VIFXML_N_NAME) != NULL;
  return domain ? tristate(t, domain, NET_N_LOCALONLY, &local) : 0;
}

static int read_bridge(draft *t) {
  net_def *d = t->d;
  const xml_node *b = xml_child(t->root, VIFXML_N_BRIDGE);
  d->bridge = xml_attr_ne(b, VIFXML_N_NAME);
  t->zone = xml_attr_ne(b, NET_N_ZONE) != NULL;
  t->stp = xml_attr_ne(b, NET_N_STP) != NULL;
  const char *delay = xml_attr_ne(b, NET_N_DELAY);
  if (delay && !decimal(delay, ULONG_MAX, &t->delay))
    return bad(t, VIFXML_ERR_INVALID, b, "Invalid delay value in network '%s'",
               d->name);
  const char *mtm = xml_attr_ne(b, VIFXML_N_MACTABLEMANAGER);
  if (mtm && strcmp(mtm, "kernel") && strcmp(mtm, "libvirt"))
    return bad(t, VIFXML_ERR_INVALID, b,
               "Invalid macTableManager setting '%s' in network '%s'", mtm,
               d->name);
  d->mtm = mtm;
  return 0;
}

static int read_mac_mtu_dns(draft *t) {
  const xml_node *mac = xml_child(t->root, VIFXML_N_MAC);
  const char *addr = xml_attr_ne(mac, VIFXML_N_ADDRESS), *canon;
  char msg[512];
  if (addr && value_parse(t->nets->arena, VIFXML_F_MAC_ADDRESS, addr, &canon,
                          msg, sizeof msg) < 0)
    /* The value checker tells a multicast address by its message. */
    return bad(t, VIFXML_ERR_INVALID, mac,
               strstr(msg, "multicast")
                   ? "Invalid multicast bridge mac address '%s' in "
                     "network '%s'"
                   : "Invalid bridge mac address '%s' in network '%s'",
               addr, t->d->name);
  t->mac = addr != NULL;
  const xml_node *mtu = xml_child(t->root, VIFXML_N_MTU);
  const char *size = xml_attr_ne(mtu, VIFXML_N_SIZE);
  if (size && !decimal(size, UINT_MAX, &t->mtu))
    return bad(t, VIFXML_ERR_INVALID, mtu,
               "Invalid mtu size '%s' in network '%s'", size, t->d->name);
  const xml_node *dns = xml_child(t->root, NET_N_DNS);
  t->dns = xml_count(dns, NET_N_TXT) || xml_count(dns, VIFXML_N_HOST) ||
           xml_count(dns, NET_N_SRV);
  return 0;
}

static int read_group(draft *t, const xml_node *n, net_group *g) {
  const char *dflt = xml_attr(n, NET_N_DEFAULT), *trust;
  g->name = xml_attr_ne(n, VIFXML_N_NAME);
  if (!g->name)
    return bad(t, VIFXML_ERR_MISSING, n,
               "Missing required name attribute in portgroup");
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
  vifxml_arena *a = t->nets->arena;
  size_t n = xml_count(t->root, VIFXML_N_PORTGROUP);
  if (n > VIFXML_LIMIT_ITEMS)
    return bad(t, VIFXML_ERR_LIMIT, t->root,
               "more than %d <portgroup> elements", VIFXML_LIMIT_ITEMS);
  t->groups = arena_alloc(a, (n + 1) * sizeof *t->groups);
  t->gnodes = arena_alloc(a, (n + 1) * sizeof *t->gnodes);
  if (!t->groups || !t->gnodes)
    return bad(t, VIFXML_ERR_NOMEM, t->root, "out of memory");
  for (const xml_node *c = t->root->child; c; c = c->next) {
    if (c->name != VIFXML_N_PORTGROUP)
      continue;
    net_group *g = arena_alloc(a, sizeof *g);
    if (!g)
      return bad(t, VIFXML_ERR_NOMEM, c, "out of memory");
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
  vifxml_arena *ut_arena = t->nets->arena;
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
  t->d->pool = arena_alloc(t->nets->arena, (n + 1) * sizeof *t->d->pool);
  return t->d->pool ? 0 : bad(t, VIFXML_ERR_NOMEM, t->fwd, "out of memory");
}

/* <forward dev> and <interface dev> entries: netdev names. */
static int read_netdevs(draft *t, const char *dev) {
  const char *name = t->d->name;
  if (pool_alloc(t, xml_count(t->fwd, VIFXML_N_INTERFACE)) < 0 ||
      (dev && pool_add(t, dev, NULL) < 0))
    return bad(t, VIFXML_ERR_NOMEM, t->fwd, "out of memory");
  bool first = true;
  for (const xml_node *c = t->fwd->child; c; c = c->next) {
    if (c->name != VIFXML_N_INTERFACE)
      continue;
    const char *v = xml_attr(c, VIFXML_N_DEV);
    if (!v)
      return bad(t, VIFXML_ERR_MISSING, c,
                 "Missing required dev attribute in <forward> <interface> "
                 "element of network %s",
                 name);
    if (first && dev) {
      first = false;
      if (strcmp(v, dev))
        return bad(t, VIFXML_ERR_INVALID, c,
                   "<forward dev='%s'> must match first <interface dev='%s'/> "
                   "in network %s",
                   dev, v, name);
      continue;
    }
    first = false;
    int r = pool_add(t, v, NULL);
    if (r < 0)
      return bad(t, VIFXML_ERR_NOMEM, c, "out of memory");
    if (r > 0)
      return bad(t, VIFXML_ERR_DUPLICATE, c,
                 "interface '%s' can only be listed once in network %s", v,
                 name);
  }
  return 0;
}

static int read_pci(draft *t, const xml_node *c) {
  static const vifxml_field fields[4] = {
      VIFXML_F_SRC_ADDR_DOMAIN, VIFXML_F_SRC_ADDR_BUS, VIFXML_F_SRC_ADDR_SLOT,
      VIFXML_F_SRC_ADDR_FUNCTION};
  static const int names[4] = {VIFXML_N_DOMAIN, VIFXML_N_BUS, VIFXML_N_SLOT,
                               VIFXML_N_FUNCTION};
  vifxml_arena *a = t->nets->arena;
  const char *pci[4];
  char msg[512];
  for (int i = 0; i < 4; i++) {
    const char *v = xml_attr(c, names[i]);
    if (value_parse(a, fields[i], v ? v : "0", &pci[i], msg, sizeof msg) < 0)
      return bad(t, VIFXML_ERR_INVALID, c, "%s", msg);
  }
  const char *key =
      arena_printf(a, "%04llx:%02llx:%02llx.%llx", value_u(pci[0]),
                   value_u(pci[1]), value_u(pci[2]), value_u(pci[3]));
  int r = key ? pool_add(t, key, pci) : -1;
  if (r < 0)
    return bad(t, VIFXML_ERR_NOMEM, c, "out of memory");
  if (r > 0)
    return bad(t, VIFXML_ERR_DUPLICATE, c,
               "PCI device '%s' can only be listed once in network %s", key,
               t->d->name);
  return 0;
}

/* <address type='pci'> entries: virtual functions for hostdev. */
static int read_addresses(draft *t) {
  if (pool_alloc(t, xml_count(t->fwd, VIFXML_N_ADDRESS)) < 0)
    return -1;
  for (const xml_node *c = t->fwd->child; c; c = c->next) {
    if (c->name != VIFXML_N_ADDRESS)
      continue;
    const char *type = xml_attr(c, VIFXML_N_TYPE);
    if (!type)
      return bad(t, VIFXML_ERR_MISSING, c, "missing address type in network %s",
                 t->d->name);
    /* libvirt knows three kinds of pool device, and takes one here. */
    if (strcmp(type, "pci")) {
      bool known = !strcmp(type, "none") || !strcmp(type, "netdev");
      return bad(t, known ? VIFXML_ERR_UNSUPPORTED : VIFXML_ERR_INVALID, c,
                 known ? "unsupported address type '%s' in network %s"
                       : "unknown address type '%s' in network %s",
                 type, t->d->name);
    }
    if (read_pci(t, c) < 0)
      return -1;
  }
  return 0;
}

static int read_pf(draft *t) {
  if (xml_count(t->fwd, NET_N_PF) > 1)
    return bad(t, VIFXML_ERR_DUPLICATE, t->fwd,
               "Only one <pf> element is allowed in <forward> of network %s",
               t->d->name);
  const xml_node *pf = xml_child(t->fwd, NET_N_PF);
  if (pf && !(t->d->pf = xml_attr(pf, VIFXML_N_DEV)))
    return bad(t, VIFXML_ERR_MISSING, pf,
               "Missing required dev attribute in <pf> element of network '%s'",
               t->d->name);
  return 0;
}

static int read_forward_mode(draft *t) {
  net_def *d = t->d;
  const char *mode = xml_attr_ne(t->fwd, VIFXML_N_MODE);
  d->mode = NET_MODE_NAT; /* <forward> without a mode */
  if (mode) {
    for (d->mode = 0; d->mode < NET_MODE_COUNT; d->mode++)
      if (!strcmp(mode_names[d->mode], mode))
        break;
    if (d->mode == NET_MODE_COUNT)
      return bad(t, VIFXML_ERR_INVALID, t->fwd, "unknown forwarding type '%s'",
                 mode);
  }
  const char *managed = xml_attr_ne(t->fwd, VIFXML_N_MANAGED);
  d->managed = managed && !strcasecmp(managed, "yes");
  const xml_node *drv = xml_child(t->fwd, VIFXML_N_DRIVER);
  d->driver = xml_attr_ne(drv, VIFXML_N_NAME);
  if (d->driver && strcmp(d->driver, "kvm") && strcmp(d->driver, "vfio"))
    return bad(t, VIFXML_ERR_INVALID, drv,
               "Unknown forward <driver name='%s'/> in network %s", d->driver,
               d->name);
  return 0;
}

/* virNetworkForwardDefParseXML: the first kind of pool given wins. */
static int read_forward(draft *t) {
  net_def *d = t->d;
  t->fwd = xml_child(t->root, NET_N_FORWARD);
  d->mode = NET_MODE_NONE;
  if (!t->fwd)
    return 0;
  if (read_forward_mode(t) < 0)
    return -1;
  size_t naddrs = xml_count(t->fwd, VIFXML_N_ADDRESS);
  size_t npfs = xml_count(t->fwd, NET_N_PF);
  size_t nnats = xml_count(t->fwd, NET_N_NAT);
  if (nnats > 1)
    return bad(t, VIFXML_ERR_DUPLICATE, t->fwd,
               "Only one <nat> element is allowed in <forward> of network %s",
               d->name);
  if (nnats && d->mode != NET_MODE_NAT)
    return bad(t, VIFXML_ERR_INVALID, xml_child(t->fwd, NET_N_NAT),
               "The <nat> element can only be used when <forward> 'mode' is "
               "'nat' in network %s",
               d->name);
  const char *dev = xml_attr_ne(t->fwd, VIFXML_N_DEV);
  if (dev && (naddrs || npfs))
    /* libvirt's message really ends with a literal %s. */
    return bad(t, VIFXML_ERR_INVALID, t->fwd, "%s",
               "the <forward> 'dev' attribute cannot be used when <address> "
               "or <pf> sub-elements are present in network %s");
  if (dev || xml_count(t->fwd, VIFXML_N_INTERFACE))
    return read_netdevs(t, dev);
  if (naddrs)
    return read_addresses(t);
  return read_pf(t);
}

/* The rules virNetworkDefParseXML ties to the forward mode: routing needs
 * an address and at most one device to route through... */
static int check_routed(draft *t, const xml_node *at) {
  net_def *d = t->d;
  const char *m = mode_names[d->mode];
  if (!t->ip)
    return bad(t, VIFXML_ERR_MISSING, at,
               "%s forwarding requested, but no IP address provided for "
               "network '%s'",
               m, d->name);
  if (d->npool > 1)
    return bad(t, VIFXML_ERR_UNSUPPORTED, at,
               "multiple forwarding interfaces specified for network '%s', "
               "only one is supported",
               d->name);
  if (d->mode == NET_MODE_OPEN && d->npool)
    return bad(t, VIFXML_ERR_INVALID, at,
               "forward dev not allowed for network '%s' with forward "
               "mode='%s'",
               d->name, m);
  return 0;
}

/* ...and a bridge libvirt does not run takes no bridge options; only the
 * bridge mode may name one, and then without a pool. */
static int check_external(draft *t, const xml_node *at) {
  net_def *d = t->d;
  const char *m = mode_names[d->mode];
  if (d->mode != NET_MODE_BRIDGE) {
    if (d->bridge)
      return bad(t, VIFXML_ERR_INVALID, at,
                 "bridge name not allowed in %s mode (network '%s')", m,
                 d->name);
    if (t->zone)
      return bad(t, VIFXML_ERR_INVALID, at,
                 "bridge zone not allowed in %s mode (network '%s')", m,
                 d->name);
    if (d->mtm)
      return bad(t, VIFXML_ERR_INVALID, at,
                 "bridge macTableManager setting not allowed in %s mode "
                 "(network '%s')",
                 m, d->name);
  }
  if (t->delay || t->stp || t->zone)
    return bad(t, VIFXML_ERR_INVALID, at,
               "bridge delay/stp/zone options only allowed in route, nat, "
               "and isolated mode, not in %s (network '%s')",
               m, d->name);
  if (d->bridge && (d->npool || d->pf))
    return bad(t, VIFXML_ERR_INVALID, at,
               "A network with forward mode='%s' can specify a bridge name "
               "or a forward dev, but not both (network '%s')",
               m, d->name);
  return 0;
}

static int check_mode(draft *t) {
  net_def *d = t->d;
  const xml_node *at = t->fwd ? t->fwd : t->root;
  if (d->mode != NET_MODE_NONE &&
      (net_mode_l3(d->mode) ? check_routed(t, at) : check_external(t, at)) < 0)
    return -1;
  if (t->mtu && !net_mode_l3(d->mode))
    return bad(t, VIFXML_ERR_INVALID, at,
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
      tristate(t, xml_child(t->root, VIFXML_N_PORT), VIFXML_N_ISOLATED,
               &d->isolated) < 0 ||
      read_bridge(t) < 0 || read_mac_mtu_dns(t) < 0 || read_groups(t) < 0)
    return -1;
  d->s.f[VIFXML_F_IFACE_TRUST] = trust;
  t->ip = xml_count(t->root, VIFXML_N_IP) > 0;
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
  HASH_ITER(hh, t->nets->byname, o, tmp) {
    if (o->bridge && !strcmp(o->bridge, d->bridge) && strcmp(o->name, d->name))
      return bad(t, VIFXML_ERR_DUPLICATE, t->root,
                 "bridge name '%s' already in use.", d->bridge);
  }
  return 0;
}

/* Host-side addressing belongs to the modes where libvirt runs the bridge. */
static int check_unsupported(draft *t) {
  static const char *const what[] = {"mac", "ip", "dns", "domain"};
  const bool given[] = {t->mac, t->ip, t->dns, t->domain};
  for (int i = 0; i < 4; i++)
    if (given[i])
      return bad(t, VIFXML_ERR_UNSUPPORTED, t->root,
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
    return bad(t, VIFXML_ERR_INVALID, t->fwd,
               "hostdev network '%s' lists '%s' in the device pool, but "
               "hostdev networks require all devices to be listed by PCI "
               "address, not network device name",
               d->name, d->pool[0]->key);
  if (d->mode != NET_MODE_HOSTDEV && pci)
    return bad(t, VIFXML_ERR_UNSUPPORTED, t->fwd,
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
  vifxml_arena *ut_arena = t->nets->arena;
  net_def *d = t->d;
  net_group *g = t->groups[i], *dup;
  const xml_node *n = t->gnodes[i];
  if (g->is_default) {
    if (d->dflt)
      return bad(t, VIFXML_ERR_DUPLICATE, n,
                 "network '%s' has multiple default <portgroup> elements (%s "
                 "and %s), but only one default is allowed",
                 d->name, d->dflt->name, g->name);
    d->dflt = g;
  }
  HASH_FIND_STR(d->groups, g->name, dup);
  if (dup)
    return bad(t, VIFXML_ERR_DUPLICATE, n,
               "multiple <portgroup> elements with the same name (%s) in "
               "network '%s'",
               g->name, d->name);
  if (net_has_bandwidth(&g->s) && !bw_ok)
    return bad(t, VIFXML_ERR_UNSUPPORTED, n,
               "Unsupported <bandwidth> element in network '%s' in portgroup "
               "'%s' with forward mode='%s'",
               d->name, g->name, mode_names[d->mode]);
  HASH_ADD_KEYPTR(hh, d->groups, g->name, strlen(g->name), g);
  return arena_failed(ut_arena) ? bad(t, VIFXML_ERR_NOMEM, n, "out of memory")
                                : 0;
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
    return bad(t, VIFXML_ERR_UNSUPPORTED, t->root,
               "<vlan> element specified for network %s, whose type doesn't "
               "support vlan configuration",
               d->name);
  return 0;
}

static int validate(draft *t) {
  net_def *d = t->d;
  bool bw_ok = true;
  if (strchr(d->name, '\n'))
    return bad(t, VIFXML_ERR_INVALID, t->root, "invalid char in name: \\n");
  if (net_mode_l3(d->mode)) {
    if (check_bridge_in_use(t) < 0)
      return -1;
  } else {
    bw_ok = d->mode == NET_MODE_BRIDGE && d->bridge;
    if (check_unsupported(t) < 0)
      return -1;
  }
  if (net_has_bandwidth(&d->s) && !bw_ok)
    return bad(t, VIFXML_ERR_UNSUPPORTED, t->root,
               "Unsupported network-wide <bandwidth> element in network %s "
               "with forward mode='%s'",
               d->name, mode_names[d->mode]);
  return check_pool(t) < 0 ? -1 : check_groups(t, bw_ok);
}

static int add_definition(void *ctx, xml_unit *u, const xml_node *root) {
  vifxml_networks *nets = ctx;
  vifxml_arena *ut_arena = nets->arena;
  net_def *d = arena_alloc(ut_arena, sizeof *d), *dup;
  if (!d) {
    xml_fail(u, VIFXML_ERR_NOMEM, root->line, root->column, "out of memory");
    return -1;
  }
  memset(d, 0, sizeof *d);
  draft t = {.u = u, .nets = nets, .d = d, .root = root};
  d->line = root->line;
  d->column = root->column;
  if (!(d->file = arena_strndup(ut_arena, u->file, strlen(u->file)))) {
    xml_fail_here(u, VIFXML_ERR_NOMEM, "out of memory");
    return -1;
  }
  if (read_definition(&t) < 0 || validate(&t) < 0)
    return -1;
  HASH_FIND_STR(nets->byname, d->name, dup);
  if (dup)
    return bad(&t, VIFXML_ERR_DUPLICATE, t.root,
               "network '%s' is already defined at %s:%lu:%lu", d->name,
               dup->file, dup->line, dup->column);
  HASH_ADD_KEYPTR(hh, nets->byname, d->name, strlen(d->name), d);
  return arena_failed(ut_arena)
             ? bad(&t, VIFXML_ERR_NOMEM, t.root, "out of memory")
             : 0;
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
  unsigned before = HASH_COUNT(nets->byname);
  /* One or more top-level <network> elements. */
  int rc = xml_tree_read(&grammar, nets->arena, buf, len,
                         filename ? filename : "<stdin>", err, add_definition,
                         nets);
  if (rc < 0) {
    /* All or nothing: drop this buffer's definitions (the newest ones). */
    net_def *d, *tmp;
    unsigned i = 0;
    HASH_ITER(hh, nets->byname, d, tmp) {
      if (i++ >= before)
        HASH_DEL(nets->byname, d);
    }
  }
  return rc;
}
