/* Port allocation: what libvirt's network driver does to an
 * <interface type='network'> (virDomainNetDefToNetworkPort,
 * networkAllocatePort, virDomainNetDefActualFromNetworkPort, then the
 * drivers' virDomainActualNetDefValidate), ending in the concrete bridge,
 * direct or hostdev interface it attaches, written in config form. */
#include "network.h"

#include <stdio.h>
#include <string.h>

#define F(x) iface->f[VIFXML_F_##x]

/* A virtualport as a port carries it, its values indexed from VP_TYPE. */
enum { VP_N = VIFXML_F_VP_PROFILEID - VIFXML_F_VP_TYPE + 1 };
typedef struct {
  bool on;
  const char *v[VP_N];
} vport;
#define VP(p, field) ((p)->v[VIFXML_F_##field - VIFXML_F_VP_TYPE])

/* An id libvirt generated at random when it read the interface: it is
 * never written, and it clashes with any id a network or portgroup sets. */
static const char generated[] = "generated";

typedef struct {
  vifxml_iface *iface;
  vifxml_error *err;
  vifxml_diag_fn diag;
  void *diag_ctx;
  net_def *net;
  net_group *group;
  vport vp;                    /* merged */
  const vifxml_iface *bw_from; /* whose <bandwidth> the port takes */
  const vifxml_iface *vlan_from;
  const char *trust, *isolated;
  net_dev *dev;             /* from the pool */
  vifxml_type type;         /* what the interface becomes */
  unsigned long long floor; /* inbound floor plugged into the network */
} port;

static int fail(port *p, vifxml_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(port *p, vifxml_error_code code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vset(p->err, code, NULL, p->iface->line, p->iface->column, fmt, ap);
  va_end(ap);
  return -1;
}

static void warn(port *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(port *p, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_emit(p->diag, p->diag_ctx, VIFXML_DIAG_WARNING, NULL, p->iface->line,
            p->iface->column, "%s", msg);
}

/* libvirt names the interface by its MAC in post-allocation errors. */
static const char *mac_of(const port *p) {
  const char *mac = p->iface->f[VIFXML_F_MAC_ADDRESS];
  return mac ? mac : "";
}

static bool is(const char *s, const char *what) {
  return s && !strcmp(s, what);
}

/* ## virtualport merge (virNetDevVPortProfileMerge3) */

static unsigned param_uses(int k) {
  return vport_param_uses((vifxml_field)(VIFXML_F_VP_TYPE + k));
}

static void vport_of(vport *vp, const vifxml_iface *s) {
  memset(vp, 0, sizeof *vp);
  vp->on = s->present[VIFXML_E_VIRTUALPORT];
  for (int k = 0; vp->on && k < VP_N; k++)
    vp->v[k] = s->f[VIFXML_F_VP_TYPE + k];
}

/* The interface's own: libvirt generated the ids its type leaves open
 * when it read an interface of type network (GENERATE_MISSING). */
static void vport_of_iface(vport *vp, const vifxml_iface *iface) {
  vport_of(vp, iface);
  const char *type = VP(vp, VP_TYPE);
  if (!vp->on)
    return;
  if (!VP(vp, VP_INSTANCEID) && (!type || vport_type_bit(type) == VPT_QBG))
    VP(vp, VP_INSTANCEID) = generated;
  if (!VP(vp, VP_INTERFACEID) && (!type || vport_type_bit(type) == VPT_OVS))
    VP(vp, VP_INTERFACEID) = generated;
}

static int mismatch(port *p, int k, const char *a, const char *b) {
  const char *name = vifxml_field_name((vifxml_field)(VIFXML_F_VP_TYPE + k));
  if (a == generated)
    return fail(p, VIFXML_ERR_INVALID,
                "attempt to merge virtualports with mismatched %ss (a random "
                "one and '%s'): libvirt generates the interface's %s when its "
                "<virtualport> does not give one",
                name, b, name);
  if (VIFXML_F_VP_TYPE + k <= VIFXML_F_VP_TYPEIDVERSION)
    return fail(p, VIFXML_ERR_INVALID,
                "attempt to merge virtualports with mismatched %ss (%s and %s)",
                name, a, b);
  return fail(
      p, VIFXML_ERR_INVALID, "attempt to merge virtualports with mismatched %ss ('%s' and '%s')",
      name, a, b);
}

/* virNetDevVPortProfileMerge: mods fills in what orig leaves open, for the
 * parameters orig's type uses; a differing value is an error. */
static int merge(port *p, vport *orig, const vport *mods) {
  if (!mods->on)
    return 0;
  const char *ot = VP(orig, VP_TYPE), *mt = VP(mods, VP_TYPE);
  if (mt) {
    if (ot && strcmp(ot, mt))
      return fail(p, VIFXML_ERR_INVALID,
                  "attempt to merge virtualports with mismatched types (%s and "
                  "%s)",
                  ot, mt);
    VP(orig, VP_TYPE) = ot = mt;
  }
  unsigned bit = net_vp_bit(ot);
  for (int k = 1; k < VP_N; k++) {
    const char *a = orig->v[k], *b = mods->v[k];
    if (ot && !(param_uses(k) & bit))
      continue;
    if (a && b && strcmp(a, b))
      return mismatch(p, k, a, b);
    if (b)
      orig->v[k] = b;
  }
  return 0;
}

static int merge3(port *p) {
  vport mine, net, group = {0};
  vport_of_iface(&mine, p->iface);
  vport_of(&net, &p->net->s);
  if (p->group)
    vport_of(&group, &p->group->s);
  p->vp = mine;
  /* Nothing typed anywhere: the port keeps the interface's own. */
  if (!VP(&mine, VP_TYPE) && !VP(&net, VP_TYPE) && !VP(&group, VP_TYPE))
    return 0;
  p->vp.on = true;
  return merge(p, &p->vp, &net) < 0 ? -1 : merge(p, &p->vp, &group);
}

/* ## Settings that come from the interface, its portgroup or its network */

static void inherit(port *p) {
  const vifxml_iface *iface = p->iface;
  const vifxml_iface *g = p->group ? &p->group->s : NULL, *n = &p->net->s;
  if (net_has_bandwidth(iface))
    p->bw_from = iface;
  else if (g && net_has_bandwidth(g))
    p->bw_from = g;
  if (net_has_vlan(iface))
    p->vlan_from = iface;
  else if (g && net_has_vlan(g))
    p->vlan_from = g;
  else if (net_has_vlan(n))
    p->vlan_from = n;
  p->trust = F(IFACE_TRUST);
  if (!p->trust && g)
    p->trust = g->f[VIFXML_F_IFACE_TRUST];
  if (!p->trust)
    p->trust = n->f[VIFXML_F_IFACE_TRUST];
  p->isolated = F(PORT_ISOLATED) ? F(PORT_ISOLATED) : p->net->isolated;
}

/* ## Choosing the device (networkAllocatePort's forward-mode switch) */

static int take(port *p, bool exclusive) {
  net_def *n = p->net;
  if (!n->npool && n->pf)
    return fail(p, VIFXML_ERR_UNSUPPORTED,
                "network '%s' takes its devices from the virtual functions of "
                "SR-IOV PF '%s', which only the host knows and vifxml does "
                "not read: list them in the network's <forward> as <%s> "
                "elements",
                n->name, n->pf,
                n->mode == NET_MODE_HOSTDEV ? "address type='pci'"
                                            : "interface dev");
  net_dev *dev = NULL;
  for (size_t i = 0; exclusive && i < n->npool && !dev; i++)
    if (!n->pool[i]->connections)
      dev = n->pool[i];
  /* Shared use: the least used device, the first one on a tie. */
  for (size_t i = 0; !exclusive && i < n->npool; i++)
    if (!dev || n->pool[i]->connections < dev->connections)
      dev = n->pool[i];
  if (!dev)
    return fail(p, VIFXML_ERR_MISSING,
                "network '%s' requires exclusive access to interfaces, but "
                "none are available",
                n->name);
  p->dev = dev;
  return 0;
}

static bool qbg_or_qbh(const char *type) {
  return vport_type_bit(type) == VPT_QBG || vport_type_bit(type) == VPT_QBH;
}

/* libvirt picks a name for a bridge the network does not name, from what
 * is free on the host when the network is defined. */
static int need_bridge(port *p) {
  const char *br = p->net->bridge;
  if (br && !strstr(br, "%d"))
    return 0;
  return fail(p, VIFXML_ERR_MISSING,
              "network '%s' does not name its bridge: libvirt picks one (%s) "
              "from the names free on the host when it defines the network, "
              "and vifxml does not read the host: give the network a "
              "<bridge name='...'/>",
              p->net->name, br ? br : "virbr0, virbr1, ...");
}

static int plug_direct(port *p, const char *vt) {
  net_def *n = p->net;
  p->type = VIFXML_TYPE_DIRECT;
  if (vt && !qbg_or_qbh(vt))
    return fail(p, VIFXML_ERR_UNSUPPORTED,
                "<virtualport type='%s'> not supported for network '%s' which "
                "uses a macvtap device",
                vt, n->name);
  if (!n->npool && !n->pf)
    return fail(p, VIFXML_ERR_INVALID,
                "network '%s' uses a direct mode, but has no forward dev and "
                "no interface pool",
                n->name);
  return take(p, n->mode == NET_MODE_PASSTHROUGH ||
                     (n->mode == NET_MODE_PRIVATE && vport_type_bit(vt) == VPT_QBH));
}

static int plug(port *p) {
  net_def *n = p->net;
  const char *vt = NULL;
  if (p->vp.on)
    vt = VP(&p->vp, VP_TYPE) ? VP(&p->vp, VP_TYPE) : "none";
  switch (n->mode) {
  case NET_MODE_HOSTDEV:
    p->type = VIFXML_TYPE_HOSTDEV;
    if (take(p, true) < 0)
      return -1;
    if (vt && !qbg_or_qbh(vt))
      return fail(p, VIFXML_ERR_UNSUPPORTED,
                  "<virtualport type='%s'> not supported for network '%s' "
                  "which uses an SR-IOV Virtual Function via PCI passthrough",
                  vt, n->name);
    return 0;
  case NET_MODE_BRIDGE:
    if (!n->bridge)
      return plug_direct(p, vt);
    p->type = VIFXML_TYPE_BRIDGE;
    if (vt && vport_type_bit(vt) != VPT_OVS)
      return fail(p, VIFXML_ERR_UNSUPPORTED,
                  "<virtualport type='%s'> not supported for network '%s' "
                  "which uses a bridge device",
                  vt, n->name);
    return 0;
  case NET_MODE_PRIVATE:
  case NET_MODE_VEPA:
  case NET_MODE_PASSTHROUGH:
    return plug_direct(p, vt);
  default:
    p->type = VIFXML_TYPE_BRIDGE;
    if (vt)
      return fail(p, VIFXML_ERR_UNSUPPORTED,
                  "<virtualport type='%s'> not supported for network '%s' "
                  "which uses IP forwarding",
                  vt, n->name);
    return need_bridge(p);
  }
}

/* ## Bandwidth floor (networkCheckBandwidth), completeness, validation */

static int plug_floor(port *p) {
  net_def *n = p->net;
  const char *floor =
      p->bw_from == p->iface ? p->iface->f[VIFXML_F_IN_FLOOR] : NULL;
  if (!floor)
    return 0;
  if (!net_mode_l3(n->mode))
    return fail(p, VIFXML_ERR_INVALID,
                "Invalid use of 'floor' on interface with MAC address %s - "
                "'floor' is only supported for interface type 'network' with "
                "forward type 'nat', 'route', 'open' or none",
                mac_of(p));
  if (!n->s.present[VIFXML_E_INBOUND])
    return fail(p, VIFXML_ERR_INVALID,
                "Invalid use of 'floor' on interface with MAC address %s - "
                "network '%s' has no inbound QoS set",
                mac_of(p), n->name);
  unsigned long long sum = n->floor_sum + value_u(floor);
  unsigned long long peak = value_u(n->s.f[VIFXML_F_IN_PEAK]);
  unsigned long long avg = value_u(n->s.f[VIFXML_F_IN_AVERAGE]);
  if (peak ? sum > peak : sum > avg)
    return fail(p, VIFXML_ERR_INVALID,
                "Cannot plug '%s' interface into '%s' because new combined "
                "inbound floor=%llu would overcommit %s=%llu on network '%s'",
                mac_of(p), n->bridge, sum, peak ? "peak" : "average",
                peak ? peak : avg, n->name);
  p->floor = value_u(floor);
  return 0;
}

/* virNetDevVPortProfileCheckComplete; the ids libvirt would generate stay
 * absent here (and libvirt generates them again when it reads the
 * result). */
static int complete(port *p) {
  const char *type = VP(&p->vp, VP_TYPE);
  unsigned bit = net_vp_bit(type);
  for (size_t i = 0; p->vp.on && i < vport_nparams; i++) {
    int k = (int)vport_params[i].f - VIFXML_F_VP_TYPE;
    if ((vport_params[i].required & bit) && !p->vp.v[k])
      return fail(p, VIFXML_ERR_MISSING, "missing %s in <virtualport type='%s'>",
                  vifxml_field_name(vport_params[i].f), type);
  }
  return 0;
}

/* virDomainActualNetDefValidate, on the actual type: `network` for the
 * modes that route, hence no vlan there. */
static int validate(port *p) {
  net_mode m = p->net->mode;
  bool vlan_ok = p->type == VIFXML_TYPE_HOSTDEV ||
                 (p->type == VIFXML_TYPE_DIRECT && m == NET_MODE_PASSTHROUGH) ||
                 (p->type == VIFXML_TYPE_BRIDGE && !net_mode_l3(m) &&
                  vport_type_bit(VP(&p->vp, VP_TYPE)) == VPT_OVS);
  if (p->vlan_from && !vlan_ok)
    return fail(p, VIFXML_ERR_UNSUPPORTED,
                "interface %s - vlan tag not supported for this connection "
                "type",
                mac_of(p));
  if (p->bw_from && p->type == VIFXML_TYPE_HOSTDEV)
    return fail(p, VIFXML_ERR_UNSUPPORTED,
                "interface %s - bandwidth settings are not supported for "
                "hostdev interfaces",
                mac_of(p));
  return 0;
}

/* ## The concrete interface */

static const char *keep(port *p, const char *s) {
  return s ? arena_strndup(p->iface->arena, s, strlen(s)) : NULL;
}

static bool under(vifxml_elem e, vifxml_elem top) {
  while (e < VIFXML_E_COUNT && e != top)
    e = schema_elems[e].parent;
  return e == top;
}

/* Clears an element and its descendants; true when it held a value. */
static bool clear_elem(vifxml_iface *iface, vifxml_elem top) {
  bool had = false;
  for (int f = 0; f < VIFXML_F_COUNT; f++) {
    if (!under(schema_fields[f].elem, top))
      continue;
    had |= iface->f[f] != NULL;
    iface->f[f] = NULL;
  }
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    if (under((vifxml_elem)e, top))
      iface->present[e] = 0;
  return had;
}

/* The name of a kept element, from its raw bytes. */
static vifxml_name raw_name(const char *raw) {
  char name[64];
  size_t n = 0;
  for (raw++; n < sizeof name - 1 && *raw && !strchr(" \t\r\n/>", *raw); raw++)
    name[n++] = *raw;
  name[n] = '\0';
  return schema_name_lookup(name);
}

/* Unknown content that the new type reads (type='network' ignores a
 * source dev, a hostdev reads it): libvirt never saw it, and it would
 * clash with what the network provides. Unknown content of an element the
 * new type does not have (<port> on direct, <driver> on hostdev) goes with
 * that element. Comments that preceded a dropped element move to the end
 * of the interface. */
static int drop_taken_extras(port *p) {
  vifxml_iface *iface = p->iface;
  int *newpos =
      arena_alloc(iface->arena, (iface->nextras + 1) * sizeof *newpos);
  if (!newpos)
    return fail(p, VIFXML_ERR_NOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < iface->nextras; i++) {
    vifxml_extra *x = &iface->extras[i];
    vifxml_name name = x->kind == VIFXML_EXTRA_ATTR
                           ? schema_name_lookup(x->name)
                       : x->kind == VIFXML_EXTRA_ELEMENT ? raw_name(x->text)
                                                         : VIFXML_N_NONE;
    bool taken =
        name != VIFXML_N_NONE &&
        (x->kind == VIFXML_EXTRA_ATTR
             ? schema_field(x->elem, name, p->type, 0) != VIFXML_F_COUNT
             : schema_child(x->elem, name, p->type) != VIFXML_E_COUNT);
    bool orphan = x->kind != VIFXML_EXTRA_COMMENT &&
                  x->elem != VIFXML_E_COUNT &&
                  !(schema_elems[x->elem].types & TYPE_BIT(p->type));
    newpos[i] = taken || orphan ? -1 : (int)n;
    if (taken)
      warn(p,
           "<%s> has no '%s' in type='network' and gets the network's: the "
           "one given is dropped",
           vifxml_elem_name(x->elem), vifxml_name_str(name));
    else if (orphan)
      warn(p, "type='%s' has no <%s>: its unknown content is dropped",
           vifxml_type_str(p->type), vifxml_elem_name(x->elem));
    else
      iface->extras[n++] = *x;
  }
  iface->nextras = n;
  for (size_t i = 0; i < n; i++) {
    vifxml_extra *x = &iface->extras[i];
    if (x->kind != VIFXML_EXTRA_COMMENT || x->elem != VIFXML_E_COUNT ||
        x->end_of != VIFXML_E_COUNT || x->item < 0)
      continue;
    x->item = newpos[x->item];
    if (x->item < 0)
      x->end_of = VIFXML_E_INTERFACE;
  }
  return 0;
}

static int set(port *p, vifxml_field f, const char *v) {
  vifxml_error e;
  if (vifxml_iface_set(p->iface, f, v, &e) < 0)
    return fail(p, e.code, "%s", e.message);
  return 0;
}

static int set_source(port *p) {
  vifxml_iface *iface = p->iface;
  net_def *n = p->net;
  F(SRC_NETWORK) = F(SRC_PORTGROUP) = NULL;
  if (p->type == VIFXML_TYPE_BRIDGE)
    return set(p, VIFXML_F_SRC_BRIDGE, n->bridge);
  if (p->type == VIFXML_TYPE_DIRECT)
    return set(p, VIFXML_F_SRC_DEV, p->dev->key) < 0
               ? -1
               : set(p, VIFXML_F_SRC_DIRECT_MODE, net_mode_str(n->mode));
  static const vifxml_field pci[4] = {
      VIFXML_F_SRC_ADDR_DOMAIN, VIFXML_F_SRC_ADDR_BUS, VIFXML_F_SRC_ADDR_SLOT,
      VIFXML_F_SRC_ADDR_FUNCTION};
  if (set(p, VIFXML_F_SRC_ADDR_TYPE, "pci") < 0)
    return -1;
  for (int i = 0; i < 4; i++)
    if (set(p, pci[i], p->dev->pci[i]) < 0)
      return -1;
  F(IFACE_MANAGED) = n->managed ? "yes" : NULL;
  if (n->driver && set(p, VIFXML_F_HDRIVER_NAME, n->driver) < 0)
    return -1;
  /* The device is the VF itself: no virtio driver settings. */
  if (clear_elem(iface, VIFXML_E_DRIVER))
    warn(p,
         "<driver> settings of the virtio NIC do not apply to the PCI "
         "device of hostdev network '%s': dropped",
         n->name);
  return 0;
}

static int set_vport(port *p) {
  vifxml_iface *iface = p->iface;
  const char *type = VP(&p->vp, VP_TYPE);
  unsigned bit = net_vp_bit(type);
  clear_elem(iface, VIFXML_E_VIRTUALPORT);
  if (!p->vp.on)
    return 0;
  iface->present[VIFXML_E_VIRTUALPORT] = 1;
  F(VP_TYPE) = keep(p, type);
  /* libvirt writes only the parameters of the type (the merge may leave
   * others in memory), and not the ids it generates. */
  for (int k = 1; k < VP_N; k++) {
    const char *v = p->vp.v[k];
    if (!v || v == generated || !(param_uses(k) & bit))
      continue;
    iface->f[VIFXML_F_VP_TYPE + k] = keep(p, v);
    iface->present[VIFXML_E_VP_PARAMETERS] = 1;
  }
  return arena_failed(iface->arena) ? fail(p, VIFXML_ERR_NOMEM, "out of memory") : 0;
}

static int set_vlan(port *p) {
  vifxml_iface *iface = p->iface;
  const vifxml_iface *s = p->vlan_from;
  if (!s || s == iface)
    return 0;
  for (size_t i = 0; i < s->nitems; i++) {
    if (s->items[i].elem != VIFXML_E_TAG)
      continue;
    int k = ir_new_item(iface, VIFXML_E_TAG, -1, 0, 0);
    if (k < 0)
      return fail(p,
                  iface->nitems >= VIFXML_LIMIT_ITEMS ? VIFXML_ERR_LIMIT
                                                      : VIFXML_ERR_NOMEM,
                  "too many repeated elements or out of memory");
    for (int j = 0; j < 8; j++)
      iface->items[k].v[j] = keep(p, s->items[i].v[j]);
  }
  F(VLAN_TRUNK) = keep(p, s->f[VIFXML_F_VLAN_TRUNK]);
  iface->present[VIFXML_E_VLAN] = 1;
  return arena_failed(iface->arena) ? fail(p, VIFXML_ERR_NOMEM, "out of memory") : 0;
}

/* The interface's own <bandwidth> stays; a portgroup's replaces its empty
 * one. A floor is the network's guarantee to its ports: a bridge
 * interface cannot carry it. */
static int set_bandwidth(port *p) {
  vifxml_iface *iface = p->iface;
  const vifxml_iface *s = p->bw_from;
  if (s && s != iface) {
    clear_elem(iface, VIFXML_E_BANDWIDTH);
    for (int f = 0; f < VIFXML_F_COUNT; f++)
      if (under(schema_fields[f].elem, VIFXML_E_BANDWIDTH))
        iface->f[f] = keep(p, s->f[f]);
    for (int e = 0; e < VIFXML_E_COUNT; e++)
      if (under((vifxml_elem)e, VIFXML_E_BANDWIDTH))
        iface->present[e] = s->present[e];
  }
  if (p->floor) {
    warn(p,
         "<inbound floor='%s'> is a guarantee network '%s' gives its own "
         "ports (counted against its inbound QoS): a type='bridge' "
         "interface cannot carry it, dropped",
         F(IN_FLOOR), p->net->name);
    F(IN_FLOOR) = NULL;
    iface->present[VIFXML_E_INBOUND] = F(IN_AVERAGE) != NULL;
    iface->present[VIFXML_E_BANDWIDTH] =
        iface->present[VIFXML_E_INBOUND] || iface->present[VIFXML_E_OUTBOUND];
  }
  return arena_failed(iface->arena) ? fail(p, VIFXML_ERR_NOMEM, "out of memory") : 0;
}

/* Kept unknown content is written with its element (and the element's
 * ancestors), whatever the network made of the element's known settings. */
static void keep_extras_written(vifxml_iface *iface) {
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_COMMENT || x->elem >= VIFXML_E_COUNT)
      continue;
    vifxml_elem e = vifxml_elem_is_list(x->elem) ? schema_elems[x->elem].parent
                                                 : x->elem;
    for (; e < VIFXML_E_COUNT; e = schema_elems[e].parent)
      iface->present[e] = 1;
  }
}

static int become(port *p) {
  vifxml_iface *iface = p->iface;
  if (drop_taken_extras(p) < 0)
    return -1;
  iface->type = p->type;
  iface->kind = vifxml_type_kind(p->type);
  F(IFACE_TYPE) = vifxml_type_str(p->type);
  if (set_source(p) < 0 || set_vport(p) < 0 || set_vlan(p) < 0 ||
      set_bandwidth(p) < 0)
    return -1;
  F(IFACE_TRUST) = p->trust;
  F(PORT_ISOLATED) = p->isolated;
  iface->present[VIFXML_E_PORT] = p->isolated != NULL;
  keep_extras_written(iface);
  if (p->type == VIFXML_TYPE_BRIDGE && is(p->net->mtm, "libvirt"))
    warn(p,
         "network '%s' manages the MAC table of bridge '%s' for its own "
         "ports (macTableManager='libvirt'): a type='bridge' interface "
         "does not get that",
         p->net->name, p->net->bridge);
  return 0;
}

/* ## The API */

static int find(port *p, vifxml_networks *nets) {
  vifxml_iface *iface = p->iface;
  const char *name = F(SRC_NETWORK), *group = F(SRC_PORTGROUP);
  HASH_FIND_STR(nets->byname, name, p->net);
  if (!p->net)
    return fail(p, VIFXML_ERR_NOT_FOUND, "no network with matching name '%s'", name);
  /* A named portgroup is matched exactly; an unknown name means none (no
   * fallback to the default). */
  if (group)
    HASH_FIND_STR(p->net->groups, group, p->group);
  else
    p->group = p->net->dflt;
  return 0;
}

int vifxml_networks_resolve(vifxml_networks *nets, vifxml_iface *iface,
                            vifxml_error *err, vifxml_diag_fn diag,
                            void *diag_ctx) {
  vifxml_error scratch;
  port p = {.iface = iface,
            .err = err ? err : &scratch,
            .diag = diag,
            .diag_ctx = diag_ctx};
  if (iface->kind != VIFXML_KIND_NETWORK)
    return 0;
  if (find(&p, nets) < 0)
    return -1;
  inherit(&p);
  if (merge3(&p) < 0 || plug(&p) < 0 || plug_floor(&p) < 0 ||
      complete(&p) < 0 || validate(&p) < 0 || become(&p) < 0 ||
      vifxml_iface_finish(iface, p.err, diag, diag_ctx) < 0)
    return -1;
  if (p.dev)
    p.dev->connections++;
  p.net->floor_sum += p.floor;
  return 0;
}

void vifxml_networks_commit(vifxml_networks *nets) {
  net_def *n, *tmp;
  HASH_ITER(hh, nets->byname, n, tmp) {
    n->floor_saved = n->floor_sum;
    for (size_t i = 0; i < n->npool; i++)
      n->pool[i]->saved = n->pool[i]->connections;
  }
}

void vifxml_networks_rollback(vifxml_networks *nets) {
  net_def *n, *tmp;
  HASH_ITER(hh, nets->byname, n, tmp) {
    n->floor_sum = n->floor_saved;
    for (size_t i = 0; i < n->npool; i++)
      n->pool[i]->connections = n->pool[i]->saved;
  }
}
