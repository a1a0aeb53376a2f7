/* from-vif: a Nova VIF -> the interface Nova's libvirt driver writes for
 * it. The VIF's type, vnic type and details pick one row of the VIF table
 * (vif_table.c); the row's rules then set the IR field by field from the
 * VIF's values, as Nova's designer does, and a value the IR refuses is an
 * error naming the VIF key it came from. The writer turns the result into
 * XML like any parsed interface. */
#include "vif.h"

#include <stdio.h>
#include <string.h>

/* Nova's VNIC_TYPES_DIRECT_PASSTHROUGH: today's Nova gives them no model and
 * no virtio driver settings. */
#define PASSTHROUGH                                                            \
  (VN(DIRECT) | VN(DIRECT_PHYSICAL) | VN(ACCEL_DIRECT) |                       \
   VN(ACCEL_DIRECT_PHYSICAL) | VN(REMOTE_MANAGED) | VN(VDPA))

/* ## Reading VIF values */

static const char *val(const vifxml_vif *v, vifxml_vif_key k) {
  return v->kind[k] == VIFXML_VV_STRING || v->kind[k] == VIFXML_VV_NUMBER ||
                 v->kind[k] == VIFXML_VV_BOOL
             ? v->v[k]
             : NULL;
}

/* Python's truth, which is what Nova tests: "0" is true, 0 is not. */
static bool truthy(const vifxml_vif *v, vifxml_vif_key k) {
  const char *s = val(v, k);
  switch (v->kind[k]) {
  case VIFXML_VV_STRING:
    return *s != '\0';
  case VIFXML_VV_NUMBER:
    return strspn(s, "0") != strlen(s);
  case VIFXML_VV_BOOL:
    return !strcmp(s, "true");
  default:
    return false;
  }
}

typedef struct {
  const vifxml_vif *vif;
  const vifxml_vif_options *opt;
  vifxml_profile profile;
  const vif_row *row;
  vnic vnic;
  vifxml_iface *iface;
  vifxml_error *err;
} fwd;

/* How messages name a VIF: its id, else its position in the input. */
static const char *who(const vifxml_vif *v, char *buf, size_t len) {
  const char *id = val(v, VIFXML_VK_ID);
  if (id)
    snprintf(buf, len, "vif '%.100s'", id);
  else
    snprintf(buf, len, "vif #%lu (no id)", v->index);
  return buf;
}

static int fail_key(fwd *c, vifxml_error_code code, vifxml_vif_key k,
                    const char *f, ...) __attribute__((format(printf, 4, 5)));
static int fail_key(fwd *c, vifxml_error_code code, vifxml_vif_key k,
                    const char *f, ...) {
  char msg[400], name[128];
  va_list ap;
  va_start(ap, f);
  vsnprintf(msg, sizeof msg, f, ap);
  va_end(ap);
  who(c->vif, name, sizeof name);
  if (k < VIFXML_VK_COUNT)
    error_set(c->err, code, NULL, c->vif->line, c->vif->column, "%s: %s: %s",
              name, vifxml_vif_key_path(k), msg);
  else
    error_set(c->err, code, NULL, c->vif->line, c->vif->column, "%s: %s", name,
              msg);
  return -1;
}

/* The value of a key the row cannot do without, as Nova reads it. */
static const char *need(fwd *c, vifxml_vif_key k) {
  const char *s = val(c->vif, k);
  if (!s || !*s) {
    const char *what = c->vif->kind[k] == VIFXML_VV_ABSENT ? "missing"
                       : c->vif->kind[k] == VIFXML_VV_NULL     ? "null"
                                                               : "empty";
    if (c->row)
      fail_key(c, VIFXML_ERR_MISSING, k, "%s (vif type %s needs it)", what,
               c->row->type);
    else
      fail_key(c, VIFXML_ERR_MISSING, k, "%s (every VIF needs it)", what);
    return NULL;
  }
  return s;
}

/* Sets an IR field from a VIF key's value; a bad value names the key. */
static int set(fwd *c, vifxml_field f, const char *value, vifxml_vif_key k) {
  vifxml_error e;
  if (vifxml_iface_set(c->iface, f, value, &e) < 0)
    return fail_key(c, e.code, k, "%s", e.message);
  return 0;
}

/* prefix + id, cut to Nova's 14 characters (NIC_NAME_LEN): characters, as
 * Python slices a str, not bytes. */
static const char *id_name(fwd *c, const char *prefix) {
  const char *id = need(c, VIFXML_VK_ID);
  if (!id)
    return NULL;
  int n = 0, chars = 0;
  for (; id[n] && chars <= 11; n++)
    if (((unsigned char)id[n] & 0xC0) != 0x80 && ++chars > 11)
      break;
  return arena_printf(c->iface->arena, "%s%.*s", prefix, n, id);
}

static int set_name(fwd *c, vifxml_field f, const char *prefix) {
  const char *name = id_name(c, prefix);
  return name ? set(c, f, name, VIFXML_VK_ID) : -1;
}

/* profile.pci_slot as four numbers; false after an error. */
static bool need_slot(fwd *c, unsigned n[4]) {
  const char *slot = need(c, VIFXML_VK_PCI_SLOT);
  if (slot && !vif_parse_slot(slot, n))
    fail_key(c, VIFXML_ERR_INVALID, VIFXML_VK_PCI_SLOT,
             "'%s' is not a PCI address (expected DDDD:BB:SS.F)", slot);
  return slot && vif_parse_slot(slot, n);
}

/* A host fact: from the VIF (host.*, as to-vif writes it), from the
 * caller, or from the host; otherwise refused, naming the PCI slot. */
static const char *host_fact(fwd *c, bool vdpa) {
  vifxml_vif_key k = vdpa ? VIFXML_VK_HOST_VDPA_DEV : VIFXML_VK_HOST_NETDEV;
  unsigned n[4];
  char why[400];
  if (val(c->vif, k) && *val(c->vif, k))
    return val(c->vif, k);
  if (!need_slot(c, n))
    return NULL;
  const char *v =
      vif_host_fact(c->opt, vdpa, n, c->iface->arena, why, sizeof why);
  if (!v)
    fail_key(c, VIFXML_ERR_NOT_FOUND, VIFXML_VK_PCI_SLOT, "%s", why);
  return v;
}

static int put_pci(fwd *c) {
  unsigned n[4];
  if (!need_slot(c, n))
    return -1;
  static const vifxml_field fs[4] = {
      VIFXML_F_SRC_ADDR_DOMAIN, VIFXML_F_SRC_ADDR_BUS, VIFXML_F_SRC_ADDR_SLOT,
      VIFXML_F_SRC_ADDR_FUNCTION};
  if (set(c, VIFXML_F_SRC_ADDR_TYPE, "pci", VIFXML_VK_PCI_SLOT) < 0)
    return -1;
  for (int i = 0; i < 4; i++) {
    char num[16];
    snprintf(num, sizeof num, "0x%x", n[i]);
    if (set(c, fs[i], num, VIFXML_VK_PCI_SLOT) < 0)
      return -1;
  }
  return set(c, VIFXML_F_IFACE_MANAGED, "yes", VIFXML_VK_TYPE);
}

/* macvtap needs all three keys, and Nova names all that are missing. */
static int put_macvtap(fwd *c) {
  static const vifxml_vif_key keys[3] = {VIFXML_VK_MACVTAP_SOURCE,
                                         VIFXML_VK_MACVTAP_MODE,
                                         VIFXML_VK_PHYSICAL_INTERFACE};
  char missing[200] = "";
  for (int i = 0; i < 3; i++)
    if (!val(c->vif, keys[i]) || !*val(c->vif, keys[i]))
      snprintf(missing + strlen(missing), sizeof missing - strlen(missing),
               "%s%s", *missing ? ", " : "", vifxml_vif_key_path(keys[i]));
  if (*missing)
    return fail_key(c, VIFXML_ERR_MISSING, VIFXML_VK_COUNT,
                    "%s missing (vif type macvtap needs all of "
                    "details.macvtap_source, macvtap_mode and "
                    "physical_interface)",
                    missing);
  return set(c, VIFXML_F_SRC_DEV, val(c->vif, keys[0]), keys[0]) < 0 ||
                 set(c, VIFXML_F_SRC_DIRECT_MODE, val(c->vif, keys[1]),
                     keys[1]) < 0
             ? -1
             : 0;
}

static int put_dev_mode(fwd *c, const char *dev, vifxml_vif_key k,
                        const char *mode) {
  if (!dev)
    return -1;
  return set(c, VIFXML_F_SRC_DEV, dev, k) < 0 ||
                 set(c, VIFXML_F_SRC_DIRECT_MODE, mode, VIFXML_VK_TYPE) < 0
             ? -1
             : 0;
}

static int put_source(fwd *c) {
  const char *s;
  switch (c->row->src) {
  case SRC_NONE:
  case SRC_VDPA:
    return 0;
  case SRC_QBR:
    return set_name(c, VIFXML_F_SRC_BRIDGE, "qbr");
  case SRC_OVS_BRIDGE:
  case SRC_LINUX_BRIDGE:
    s = need(c, VIFXML_VK_NET_BRIDGE);
    return s ? set(c, VIFXML_F_SRC_BRIDGE, s, VIFXML_VK_NET_BRIDGE) : -1;
  case SRC_SOCKET:
    s = need(c, VIFXML_VK_VHOSTUSER_SOCKET);
    if (!s || set(c, VIFXML_F_SRC_VHU_TYPE, "unix", VIFXML_VK_TYPE) < 0 ||
        set(c, VIFXML_F_SRC_PATH, s, VIFXML_VK_VHOSTUSER_SOCKET) < 0)
      return -1;
    s = val(c->vif, VIFXML_VK_VHOSTUSER_MODE); /* Nova's default: server */
    return set(c, VIFXML_F_SRC_VHU_MODE, s ? s : "server",
               VIFXML_VK_VHOSTUSER_MODE);
  case SRC_PCI:
    return put_pci(c);
  case SRC_VF:
    return put_dev_mode(c, host_fact(c, false), VIFXML_VK_HOST_NETDEV,
                        "passthrough");
  case SRC_QBG:
    return put_dev_mode(c, need(c, VIFXML_VK_NET_INTERFACE),
                        VIFXML_VK_NET_INTERFACE, "vepa");
  case SRC_MACVTAP:
    return put_macvtap(c);
  case SRC_MLNX:
    s = need(c, VIFXML_VK_DEVNAME);
    if (s && strlen(s) <= 3) {
      fail_key(c, VIFXML_ERR_INVALID, VIFXML_VK_DEVNAME,
               "'%s' is too short: the source device is eth + devname[3:]", s);
      s = NULL;
    }
    return put_dev_mode(
        c, s ? arena_printf(c->iface->arena, "eth%s", s + 3) : NULL,
        VIFXML_VK_DEVNAME, "passthrough");
  }
  return 0;
}

static int put_target(fwd *c) {
  const vifxml_vif *v = c->vif;
  vifxml_vif_key k = VIFXML_VK_DEVNAME;
  const char *dev = val(v, k);
  switch (c->row->target) {
  case TGT_NONE:
    return 0;
  case TGT_VHU:
    return set_name(c, VIFXML_F_TARGET_DEV, "vhu");
  case TGT_DEVNAME:
  case TGT_VIFNAME:
    /* Without a devname key the VIF was not built by Nova's neutron.py,
     * whose rule is "tap" + id[:11]; os-vif names a null one "nic" + id. */
    if (v->kind[k] == VIFXML_VV_ABSENT && val(v, VIFXML_VK_ID))
      dev = id_name(c, "tap");
    else if (!dev && c->row->target == TGT_VIFNAME)
      dev = id_name(c, "nic");
    else if (!dev)
      return 0;
    break;
  }
  if (!dev || set(c, VIFXML_F_TARGET_DEV, dev, k) < 0)
    return -1;
  if (c->row->flags & F_UNMANAGED)
    return set(c, VIFXML_F_TARGET_MANAGED, "no", VIFXML_VK_TYPE);
  return 0;
}

static int put_vport(fwd *c) {
  static const vifxml_vif_key qbg[4] = {
      VIFXML_VK_QBG_MANAGERID, VIFXML_VK_QBG_TYPEID,
      VIFXML_VK_QBG_TYPEIDVERSION, VIFXML_VK_QBG_INSTANCEID};
  static const vifxml_field qbg_f[4] = {
      VIFXML_F_VP_MANAGERID, VIFXML_F_VP_TYPEID, VIFXML_F_VP_TYPEIDVERSION,
      VIFXML_F_VP_INSTANCEID};
  const char *s;
  switch (c->row->vport) {
  case VP_NONE:
    return 0;
  case VP_OVS: {
    vifxml_vif_key k = val(c->vif, VIFXML_VK_OVS_INTERFACEID)
                           ? VIFXML_VK_OVS_INTERFACEID
                           : VIFXML_VK_ID;
    s = need(c, k);
    return !s || set(c, VIFXML_F_VP_TYPE, "openvswitch", VIFXML_VK_TYPE) < 0 ||
                   set(c, VIFXML_F_VP_INTERFACEID, s, k) < 0
               ? -1
               : 0;
  }
  case VP_QBG:
    if (set(c, VIFXML_F_VP_TYPE, "802.1Qbg", VIFXML_VK_TYPE) < 0)
      return -1;
    for (int i = 0; i < 4; i++)
      if (!(s = need(c, qbg[i])) || set(c, qbg_f[i], s, qbg[i]) < 0)
        return -1;
    return 0;
  case VP_QBH:
    s = need(c, VIFXML_VK_PROFILEID);
    return !s || set(c, VIFXML_F_VP_TYPE, "802.1Qbh", VIFXML_VK_TYPE) < 0 ||
                   set(c, VIFXML_F_VP_PROFILEID, s, VIFXML_VK_PROFILEID) < 0
               ? -1
               : 0;
  }
  return 0;
}

/* details.vlan must exist (Nova indexes it); a truthy value is a tag. */
static int put_vlan(fwd *c) {
  vifxml_vif_key k = VIFXML_VK_VLAN;
  if (!(c->row->flags & F_VLAN_KEY))
    return 0;
  if (c->vif->kind[k] == VIFXML_VV_ABSENT)
    return fail_key(c, VIFXML_ERR_MISSING, k, "missing (vif type %s needs it)",
                    c->row->type);
  if (!(c->row->flags & F_VLAN) || !truthy(c->vif, k))
    return 0;
  vifxml_error e;
  if (vifxml_iface_add_item(c->iface, VIFXML_E_TAG, -1, &e, VIFXML_F_TAG_ID,
                            val(c->vif, k), -1) < 0)
    return fail_key(c, e.code, k, "%s", e.message);
  return 0;
}

/* Nova writes <bandwidth> per direction whose average is set; peak and
 * burst only inside it. */
static int put_bandwidth(fwd *c) {
  static const struct {
    vifxml_vif_key k[3];
    vifxml_field f[3];
  } dirs[2] = {
      {{VIFXML_VK_IN_AVERAGE, VIFXML_VK_IN_PEAK, VIFXML_VK_IN_BURST},
       {VIFXML_F_IN_AVERAGE, VIFXML_F_IN_PEAK, VIFXML_F_IN_BURST}},
      {{VIFXML_VK_OUT_AVERAGE, VIFXML_VK_OUT_PEAK, VIFXML_VK_OUT_BURST},
       {VIFXML_F_OUT_AVERAGE, VIFXML_F_OUT_PEAK, VIFXML_F_OUT_BURST}}};
  if (!(c->row->flags & F_BW))
    return 0;
  for (int d = 0; d < 2; d++) {
    if (!truthy(c->vif, dirs[d].k[0]))
      continue;
    for (int i = 0; i < 3; i++)
      if (truthy(c->vif, dirs[d].k[i]) &&
          set(c, dirs[d].f[i], val(c->vif, dirs[d].k[i]), dirs[d].k[i]) < 0)
        return -1;
  }
  return 0;
}

static bool fw_required(const fwd *c) {
  return c->profile == VIFXML_PROFILE_LIBERTY && c->opt->firewall_instance &&
         !truthy(c->vif, VIFXML_VK_PORT_FILTER);
}

/* Liberty's nova-instance-<instance name>-<MAC without colons>. */
static int put_filterref(fwd *c) {
  if (!(c->row->flags & F_FIREWALL) || !fw_required(c))
    return 0;
  char mac[13] = "";
  size_t n = 0;
  for (const char *p = c->iface->f[VIFXML_F_MAC_ADDRESS]; *p && n < 12; p++)
    if (*p != ':')
      mac[n++] = *p;
  const char *name = arena_printf(c->iface->arena, "nova-instance-%s-%s",
                                  c->opt->firewall_instance, mac);
  return name ? set(c, VIFXML_F_FILTERREF_FILTER, name, VIFXML_VK_PORT_FILTER)
              : -1;
}

/* Model and virtio driver: what the image, flavor and nova.conf give
 * (frontend.*), within what the type and the era allow. */
static int put_frontend(fwd *c) {
  const vifxml_vif *v = c->vif;
  bool today = c->profile == VIFXML_PROFILE_CURRENT;
  unsigned fl = c->row->flags;
  const char *model = "virtio"; /* Nova's default on kvm and qemu */
  if ((fl & F_NO_MODEL) || (today && (PASSTHROUGH & (1u << c->vnic))))
    return 0;
  if (!(fl & F_VIRTIO) && v->kind[VIFXML_VK_MODEL] != VIFXML_VV_ABSENT)
    model = val(v, VIFXML_VK_MODEL); /* null: no model (xen, lxc) */
  if (!model)
    return 0;
  if (set(c, VIFXML_F_MODEL_TYPE, model, VIFXML_VK_MODEL) < 0)
    return -1;
  model = c->iface->f[VIFXML_F_MODEL_TYPE];
  if (!model || strcmp(model, "virtio"))
    return 0; /* Nova sets the driver for virtio only */
  const char *name = val(v, VIFXML_VK_DRIVER);
  if (fl & F_VHOST)
    name = "vhost";
  else if (fl & F_NO_DRV_NAME)
    name = NULL;
  else if (today && val(v, VIFXML_VK_RX_QUEUE_SIZE) &&
           (!name || !strcmp(name, "vhost")))
    name = "vhost"; /* rx_queue_size needs vhost */
  if (name && set(c, VIFXML_F_DRV_NAME, name, VIFXML_VK_DRIVER) < 0)
    return -1;
  /* Liberty writes <driver> only with a name. */
  if ((today || name) && val(v, VIFXML_VK_QUEUES) &&
      set(c, VIFXML_F_DRV_QUEUES, val(v, VIFXML_VK_QUEUES), VIFXML_VK_QUEUES) < 0)
    return -1;
  if (today && val(v, VIFXML_VK_RX_QUEUE_SIZE) &&
      set(c, VIFXML_F_DRV_RX_QUEUE_SIZE, val(v, VIFXML_VK_RX_QUEUE_SIZE),
          VIFXML_VK_RX_QUEUE_SIZE) < 0)
    return -1;
  if (today && (fl & F_TX) && val(v, VIFXML_VK_TX_QUEUE_SIZE) &&
      set(c, VIFXML_F_DRV_TX_QUEUE_SIZE, val(v, VIFXML_VK_TX_QUEUE_SIZE),
          VIFXML_VK_TX_QUEUE_SIZE) < 0)
    return -1;
  return 0;
}

static int put_mtu(fwd *c) {
  const char *mtu = val(c->vif, VIFXML_VK_NET_MTU);
  if (!(c->row->flags & F_MTU) || c->profile != VIFXML_PROFILE_CURRENT || !mtu)
    return 0;
  return set(c, VIFXML_F_MTU_SIZE, mtu, VIFXML_VK_NET_MTU);
}

/* vDPA is a kind of its own outside the five, written in libvirt's form
 * (virDomainNetDefFormat: mac, source dev) like any other interface. */
static int put_vdpa(fwd *c) {
  const char *dev = host_fact(c, true);
  if (!dev)
    return -1;
  vifxml_error e;
  if (vifxml_iface_set(c->iface, VIFXML_F_SRC_VDPA_DEV, dev, &e) < 0)
    return fail_key(c, e.code, VIFXML_VK_HOST_VDPA_DEV, "%s", e.message);
  if (vifxml_iface_finish(c->iface, &e, NULL, NULL) < 0)
    return fail_key(c, e.code, VIFXML_VK_COUNT, "%s", e.message);
  return 0;
}

static unsigned conditions(const fwd *c) {
  const vifxml_vif *v = c->vif;
  unsigned w = 0;
  if (truthy(v, VIFXML_VK_OVS_HYBRID_PLUG) || fw_required(c))
    w |= W_HYBRID;
  if (truthy(v, VIFXML_VK_OVS_CREATE_TAP))
    w |= W_CREATE_TAP;
  if (truthy(v, VIFXML_VK_DELEGATE_CREATE))
    w |= W_DELEGATE;
  if (truthy(v, VIFXML_VK_VHOSTUSER_OVS_PLUG) &&
      !truthy(v, VIFXML_VK_VHOSTUSER_FP_PLUG))
    w |= W_VHU_OVS;
  return w;
}

static int choose(fwd *c) {
  const char *type = need(c, VIFXML_VK_TYPE);
  const char *vn = val(c->vif, VIFXML_VK_VNIC_TYPE);
  if (!type)
    return -1;
  c->vnic = VNIC_NORMAL;
  if (vn) {
    int i = schema_enum_index(vif_vnic_names, vn, false);
    if (i < 0)
      return fail_key(c, VIFXML_ERR_UNSUPPORTED, VIFXML_VK_VNIC_TYPE,
                      "unknown vnic type '%s'", vn);
    c->vnic = (vnic)i;
  }
  c->row = vif_pick_row(type, c->profile, c->vnic, conditions(c));
  if (!c->row)
    return fail_key(c, VIFXML_ERR_UNSUPPORTED, VIFXML_VK_TYPE,
                    "Unexpected vif_type=%s", type);
  if (vif_refused(c->row))
    return fail_key(c, VIFXML_ERR_UNSUPPORTED, VIFXML_VK_TYPE, "%s: %s", type,
                    c->row->text);
  return 0;
}

typedef struct {
  vifxml_diag_fn fn;
  void *ctx;
  const vifxml_vif *vif;
} diag_wrap;

/* Warnings about the built interface carry the VIF's position. */
static void vif_diag(void *ctx, vifxml_diag_level level,
                     const vifxml_error *where) {
  const diag_wrap *w = ctx;
  char name[128];
  diag_emit(w->fn, w->ctx, level, NULL, w->vif->line, w->vif->column, "%s: %s",
            who(w->vif, name, sizeof name), where->message);
}

static const vifxml_vif_options default_options;

/* The work of vif_to_ir, with the error in c->err (vif_to_ir's own). */
static int to_ir(fwd *c, vifxml_arena *arena) {
  const vifxml_vif_options *opt = c->opt;
  vifxml_iface *out = c->iface;
  if (opt->profile >= VIFXML_PROFILE_COUNT)
    return fail_key(c, VIFXML_ERR_USAGE, VIFXML_VK_COUNT, "unknown profile");
  /* What a failure without its own message (an allocation) reports. */
  fail_key(c, VIFXML_ERR_NOMEM, VIFXML_VK_COUNT, "out of memory");
  if (choose(c) < 0)
    return -1;
  ir_init(out, arena, c->row->out);
  const char *mac = need(c, VIFXML_VK_ADDRESS);
  if (!mac || set(c, VIFXML_F_MAC_ADDRESS, mac, VIFXML_VK_ADDRESS) < 0)
    return -1;
  if (c->row->out == VIFXML_TYPE_VDPA)
    return put_vdpa(c);
  if (put_source(c) < 0 || put_vlan(c) < 0 || put_vport(c) < 0 ||
      put_bandwidth(c) < 0 || put_target(c) < 0 || put_frontend(c) < 0 ||
      put_filterref(c) < 0 || put_mtu(c) < 0)
    return -1;
  diag_wrap w = {opt->diag, opt->diag_ctx, c->vif};
  vifxml_error e;
  if (vifxml_iface_finish(out, &e, vif_diag, &w) < 0)
    return fail_key(c, e.code, VIFXML_VK_COUNT, "%s", e.message);
  return 0;
}

/* The caller's err is written only on failure: the work fills a local one
 * (pre-set to "out of memory" for a failure without its own message). */
int vif_to_ir(const vifxml_vif *vif, const vifxml_vif_options *opt,
              vifxml_arena *arena, vifxml_iface *out, vifxml_error *err) {
  vifxml_error local;
  if (!opt)
    opt = &default_options;
  fwd c = {vif, opt, opt->profile, NULL, VNIC_NORMAL, out, &local};
  if (to_ir(&c, arena) < 0) {
    error_copy(err, &local);
    return -1;
  }
  return 0;
}

int vifxml_vif_to_iface(const vifxml_vif *vif, const vifxml_vif_options *opt,
                        vifxml_arena *arena, vifxml_iface **out,
                        vifxml_error *err) {
  *out = NULL;
  vifxml_iface *o = arena_alloc(arena, sizeof *o);
  if (!o) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, vif->line, vif->column,
              "out of memory");
    return -1;
  }
  if (vif_to_ir(vif, opt, arena, o, err) < 0)
    return -1;
  *out = o;
  return 0;
}
