/* Nova VIF types <-> the IR, both directions, from one table.
 *
 * Each row of `rows` is one variant of one VIF type in one or both profiles:
 * the VIFs it takes (vnic types, conditions on the VIF) and the interface
 * Nova writes for them (type, source, target, virtualport, frontend rules).
 * from-vif takes the first row of the VIF's type whose conditions hold, as
 * Nova's if/elif chains do; to-vif keeps every row whose interface matches
 * the XML (the candidates), ranks them, and fills the VIF from the best.
 * The facts behind the rows: docs/vif.md. */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "xml.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F(x) iface->f[VIFXML_F_##x]

/* ## Vocabulary of the table */

enum {
  P_CUR = 1u << VIFXML_PROFILE_CURRENT,
  P_LIB = 1u << VIFXML_PROFILE_LIBERTY,
  P_ALL = P_CUR | P_LIB
};

#define VNIC_TYPES(X)                                                          \
  X(NORMAL, "normal") X(DIRECT, "direct") X(MACVTAP, "macvtap")                \
  X(DIRECT_PHYSICAL, "direct-physical") X(BAREMETAL, "baremetal")              \
  X(VIRTIO_FORWARDER, "virtio-forwarder") X(VDPA, "vdpa")                      \
  X(ACCEL_DIRECT, "accelerator-direct")                                        \
  X(ACCEL_DIRECT_PHYSICAL, "accelerator-direct-physical")                      \
  X(REMOTE_MANAGED, "remote-managed")

#define X_ID(id, s) VNIC_##id,
typedef enum { VNIC_TYPES(X_ID) VNIC_COUNT } vnic;
#undef X_ID
#define X_STR(id, s) s,
static const char *const vnic_names[] = {VNIC_TYPES(X_STR) NULL};
#undef X_STR

#define VN(x) (1u << VNIC_##x)
/* Nova's VNIC_TYPES_DIRECT_PASSTHROUGH: today's Nova gives them no model and
 * no virtio driver settings. */
#define PASSTHROUGH                                                            \
  (VN(DIRECT) | VN(DIRECT_PHYSICAL) | VN(ACCEL_DIRECT) |                       \
   VN(ACCEL_DIRECT_PHYSICAL) | VN(REMOTE_MANAGED) | VN(VDPA))

/* Conditions on the VIF that select a row. */
enum {
  W_HYBRID = 1,     /* ovs_hybrid_plug, or Liberty's firewall needing a qbr */
  W_CREATE_TAP = 2, /* details.ovs_create_tap */
  W_DELEGATE = 4,   /* delegate_create */
  W_VHU_OVS = 8     /* vhostuser_ovs_plug and not vhostuser_fp_plug */
};

/* Where the <source> comes from (and the direct mode it implies). */
typedef enum {
  SRC_NONE,         /* ethernet: none */
  SRC_QBR,          /* bridge "qbr" + id[:11] */
  SRC_OVS_BRIDGE,   /* bridge network.bridge (with a virtualport) */
  SRC_LINUX_BRIDGE, /* bridge network.bridge, not a qbr */
  SRC_SOCKET,       /* vhost-user details.vhostuser_socket and _mode */
  SRC_PCI,          /* hostdev address of profile.pci_slot */
  SRC_VF,           /* direct passthrough on the VF's netdev (host fact) */
  SRC_QBG,          /* direct vepa on network.meta.interface */
  SRC_MACVTAP,      /* direct details.macvtap_source, macvtap_mode */
  SRC_MLNX,         /* direct passthrough on "eth" + devname[3:] */
  SRC_VDPA          /* vdpa device path (host fact) */
} src_rule;

/* Where the <target dev> comes from. */
typedef enum {
  TGT_NONE,    /* never a target */
  TGT_DEVNAME, /* Nova's legacy path: devname; none when it is null */
  TGT_VIFNAME, /* os-vif: devname, else "nic" + id[:11] */
  TGT_VHU      /* "vhu" + id[:11] */
} tgt_rule;

typedef enum { VP_NONE, VP_OVS, VP_QBG, VP_QBH } vp_rule;

/* Frontend rules and details a row reads or writes. */
enum {
  F_BW = 1u << 0,          /* <bandwidth> from the quota:vif_* specs */
  F_MTU = 1u << 1,         /* <mtu> from network.meta.mtu (today only) */
  F_VLAN = 1u << 2,        /* <vlan><tag> from a truthy details.vlan */
  F_VLAN_KEY = 1u << 3,    /* reads details.vlan, which must exist */
  F_FIREWALL = 1u << 4,    /* Liberty's nova-instance filterref */
  F_UNMANAGED = 1u << 5,   /* <target managed='no'> */
  F_NO_MODEL = 1u << 6,    /* no model: a hostdev or vdpa interface */
  F_VIRTIO = 1u << 7,      /* model forced to virtio */
  F_VHOST = 1u << 8,       /* driver name forced to vhost */
  F_NO_DRV_NAME = 1u << 9, /* driver name never written */
  F_TX = 1u << 10,         /* tx_queue_size applies */
  D_HYBRID = 1u << 11      /* the type reads ovs_hybrid_plug */
};

typedef struct {
  const char *type;   /* Nova's VIF type */
  unsigned profiles;  /* P_* */
  unsigned vnics;     /* vnic types taken; 0: those no earlier row took */
  vnic vnic;          /* the vnic type to-vif writes */
  unsigned when;      /* W_* conditions, all required */
  vifxml_type out;    /* interface type; COUNT: refused, or see via */
  src_rule src;
  tgt_rule target;
  vp_rule vport;
  unsigned flags;     /* F_*, D_* */
  int rank;           /* among rows writing the same XML: lower is likelier */
  const char *via;    /* "as this type's rows" (agilio_ovs falls through) */
  const char *text;   /* the variant; for a refusal, Nova's reason */
} vif_row;

#define R(type, prof, vnics, vnic, when, out, src, tgt, vp, flags, rank, text) \
  {type, prof, vnics, VNIC_##vnic, when, VIFXML_TYPE_##out, SRC_##src,         \
   TGT_##tgt, VP_##vp, flags, rank, NULL, text}
#define VIA(type, prof, via, rank, text)                                       \
  {type, prof, 0, VNIC_NORMAL, 0, VIFXML_TYPE_COUNT, SRC_NONE, TGT_NONE,       \
   VP_NONE, 0, rank, via, text}
#define REFUSE(type, prof, why)                                                \
  {type, prof, 0, VNIC_NORMAL, 0, VIFXML_TYPE_COUNT, SRC_NONE, TGT_NONE,       \
   VP_NONE, 0, 0, NULL, why}

#define ETH_TODAY (F_BW | F_MTU)
#define VHU_TODAY (F_NO_DRV_NAME | F_TX)
#define NOT_AN_INTERFACE                                                       \
  "Nova writes a <hostdev> PCI device for it (no MAC, no model), not an "      \
  "<interface>"

/* The one table: every VIF type, every variant, both profiles. Within a
 * type, rows are in the order Nova tests its conditions. */
static const vif_row rows[] = {
    /* ovs: today through os-vif; offload and vDPA by vnic type first. */
    R("ovs", P_CUR, VN(DIRECT) | VN(REMOTE_MANAGED), DIRECT, 0, HOSTDEV, PCI,
      NONE, NONE, F_NO_MODEL, 10, "hardware offload (VF representor)"),
    R("ovs", P_CUR, VN(VDPA), VDPA, 0, VDPA, VDPA, NONE, NONE, F_NO_MODEL, 10,
      "vDPA"),
    R("ovs", P_CUR, 0, NORMAL, W_CREATE_TAP, ETHERNET, NONE, VIFNAME, NONE,
      ETH_TODAY | F_UNMANAGED | D_HYBRID, 10, "ovs_create_tap"),
    R("ovs", P_CUR, 0, NORMAL, W_HYBRID, BRIDGE, QBR, VIFNAME, NONE,
      ETH_TODAY | D_HYBRID, 10, "hybrid plug (qbr bridge)"),
    R("ovs", P_CUR, 0, NORMAL, W_DELEGATE, ETHERNET, NONE, VIFNAME, NONE,
      ETH_TODAY | D_HYBRID, 10, "port created by os-vif (delegate_create)"),
    R("ovs", P_CUR, 0, NORMAL, 0, BRIDGE, OVS_BRIDGE, VIFNAME, OVS,
      ETH_TODAY | D_HYBRID, 10, "openvswitch virtualport (no delegate_create)"),
    R("ovs", P_LIB, 0, NORMAL, W_HYBRID, BRIDGE, QBR, DEVNAME, NONE,
      F_BW | F_FIREWALL | D_HYBRID, 10, "hybrid plug (qbr bridge)"),
    R("ovs", P_LIB, 0, NORMAL, 0, BRIDGE, OVS_BRIDGE, DEVNAME, OVS,
      F_BW | D_HYBRID, 10, "openvswitch virtualport"),
    /* agilio_ovs: Netronome; anything but its two vnic types is ovs. */
    R("agilio_ovs", P_CUR, VN(DIRECT), DIRECT, 0, HOSTDEV, PCI, NONE, NONE,
      F_NO_MODEL, 20, "hardware offload"),
    R("agilio_ovs", P_CUR, VN(VIRTIO_FORWARDER), VIRTIO_FORWARDER, 0, VHOSTUSER,
      SOCKET, VIFNAME, NONE, VHU_TODAY, 20, "virtio-forwarder (vhost-user)"),
    VIA("agilio_ovs", P_CUR, "ovs", 20, "as ovs"),
    REFUSE("agilio_ovs", P_LIB, "it came to Nova in 2017, after Liberty"),
    /* ivs: Indigo Virtual Switch. */
    R("ivs", P_CUR, 0, NORMAL, W_HYBRID, BRIDGE, QBR, VIFNAME, NONE,
      ETH_TODAY | D_HYBRID, 40, "hybrid plug (qbr bridge)"),
    R("ivs", P_CUR, 0, NORMAL, 0, ETHERNET, NONE, VIFNAME, NONE,
      ETH_TODAY | D_HYBRID, 40, "ethernet"),
    R("ivs", P_LIB, 0, NORMAL, W_HYBRID, BRIDGE, QBR, DEVNAME, NONE,
      F_BW | F_FIREWALL | D_HYBRID, 40, "hybrid plug (qbr bridge)"),
    R("ivs", P_LIB, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE, D_HYBRID, 40,
      "ethernet"),
    /* bridge: Linux bridge, gone from today's Nova. */
    REFUSE("bridge", P_CUR, "Linux bridge VIF type is no longer supported"),
    R("bridge", P_LIB, 0, NORMAL, 0, BRIDGE, LINUX_BRIDGE, DEVNAME, NONE,
      F_BW | F_FIREWALL, 50, "Linux bridge"),
    /* vhostuser: the plug variants (ovs, fp, vrouter, noop) differ only in
     * the target name. */
    R("vhostuser", P_CUR, 0, NORMAL, W_VHU_OVS, VHOSTUSER, SOCKET, VHU, NONE,
      VHU_TODAY, 5, "OVS-DPDK port (vhostuser_ovs_plug)"),
    R("vhostuser", P_CUR, 0, NORMAL, 0, VHOSTUSER, SOCKET, VIFNAME, NONE,
      VHU_TODAY, 6, "fp, vrouter or no plug"),
    R("vhostuser", P_LIB, 0, NORMAL, 0, VHOSTUSER, SOCKET, NONE, NONE, 0, 5,
      "vhost-user socket"),
    /* vrouter: OpenContrail / Tungsten Fabric. */
    R("vrouter", P_CUR, VN(DIRECT), DIRECT, 0, HOSTDEV, PCI, NONE, NONE,
      F_NO_MODEL, 30, "SR-IOV (vnic direct)"),
    R("vrouter", P_CUR, VN(VIRTIO_FORWARDER), VIRTIO_FORWARDER, 0, VHOSTUSER,
      SOCKET, VIFNAME, NONE, VHU_TODAY, 30, "virtio-forwarder (vhost-user)"),
    R("vrouter", P_CUR, 0, NORMAL, 0, ETHERNET, NONE, VIFNAME, NONE, ETH_TODAY,
      30, "ethernet"),
    R("vrouter", P_LIB, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE, F_BW, 30,
      "ethernet"),
    /* The legacy ethernet types: no MTU for iovisor and midonet, no
     * bandwidth for midonet and tap. */
    R("iovisor", P_ALL, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE, F_BW, 70,
      "ethernet"),
    R("midonet", P_ALL, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE, 0, 60,
      "ethernet"),
    R("tap", P_CUR, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE,
      F_MTU | F_UNMANAGED, 8, "unmanaged tap"),
    R("tap", P_LIB, 0, NORMAL, 0, ETHERNET, NONE, DEVNAME, NONE, 0, 50,
      "ethernet"),
    /* 802.1Qbg/Qbh port profiles, SR-IOV and macvtap. */
    R("802.1qbg", P_ALL, 0, NORMAL, 0, DIRECT, QBG, NONE, QBG, F_BW, 5,
      "VEPA with an 802.1Qbg port profile"),
    R("802.1qbh", P_ALL, VN(DIRECT), DIRECT, 0, HOSTDEV, PCI, NONE, QBH,
      F_BW | F_NO_MODEL, 5, "PCI passthrough (vnic direct)"),
    R("802.1qbh", P_ALL, 0, MACVTAP, 0, DIRECT, VF, NONE, QBH, F_BW | F_VHOST,
      5, "macvtap passthrough of a VF"),
    R("hw_veb", P_CUR, VN(DIRECT) | VN(ACCEL_DIRECT), DIRECT, 0, HOSTDEV, PCI,
      NONE, NONE, F_BW | F_NO_MODEL | F_VLAN | F_VLAN_KEY, 5,
      "PCI passthrough of a VF"),
    R("hw_veb", P_CUR, 0, MACVTAP, 0, DIRECT, VF, NONE, NONE,
      F_BW | F_VHOST | F_VLAN | F_VLAN_KEY, 5, "macvtap passthrough of a VF"),
    R("hw_veb", P_LIB, VN(DIRECT), DIRECT, 0, HOSTDEV, PCI, NONE, NONE,
      F_BW | F_NO_MODEL | F_VLAN | F_VLAN_KEY, 5, "PCI passthrough of a VF"),
    R("hw_veb", P_LIB, 0, MACVTAP, 0, DIRECT, VF, NONE, NONE,
      F_BW | F_VHOST | F_VLAN_KEY, 5, "macvtap passthrough of a VF"),
    R("macvtap", P_ALL, 0, NORMAL, 0, DIRECT, MACVTAP, NONE, NONE,
      F_BW | F_VIRTIO, 40, "macvtap on a host device"),
    R("mlnx_direct", P_LIB, 0, NORMAL, 0, DIRECT, MLNX, NONE, NONE,
      F_BW | F_VIRTIO, 35, "Mellanox macvtap passthrough"),
    REFUSE("mlnx_direct", P_CUR,
           "it left Nova in 2015-11 (--profile liberty renders it)"),
    /* Types with no <interface>. */
    REFUSE("hostdev_physical", P_ALL, NOT_AN_INTERFACE),
    REFUSE("ib_hostdev", P_ALL, NOT_AN_INTERFACE),
    REFUSE("dvs", P_ALL,
           "dvs is VMware's distributed virtual switch: Nova's libvirt "
           "driver writes no <interface> for it"),
    REFUSE("other", P_ALL,
           "'other' is a placeholder that Nova's libvirt driver refuses"),
    REFUSE("hyperv", P_ALL,
           "hyperv belongs to Nova's Hyper-V driver, not to libvirt"),
    REFUSE("vif", P_ALL, "'vif' is not a type Nova's libvirt driver plugs"),
    REFUSE("binding_failed", P_ALL,
           "the port's binding failed: Neutron did not bind it to this host"),
    REFUSE("unbound", P_ALL, "the port is not bound to a host"),
};

#define NROWS (sizeof rows / sizeof rows[0])

static bool in_profile(const vif_row *r, vifxml_profile p) {
  return (r->profiles & (1u << p)) != 0;
}

static bool refused(const vif_row *r) {
  return r->out == VIFXML_TYPE_COUNT && !r->via;
}

static const char *const profile_names[VIFXML_PROFILE_COUNT] = {"current",
                                                                "liberty"};
/* For messages: whose Nova. */
static const char *const profile_nova[VIFXML_PROFILE_COUNT] = {
    "today's Nova", "Liberty's Nova"};

int vifxml_profile_lookup(const char *name, vifxml_profile *out) {
  for (int p = 0; p < VIFXML_PROFILE_COUNT; p++)
    if (!strcmp(name, profile_names[p])) {
      *out = (vifxml_profile)p;
      return 0;
    }
  return -1;
}

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

/* A PCI slot "[DDDD:]BB:SS.F" (hex) as four numbers. */
static bool parse_slot(const char *s, unsigned n[4]) {
  char tail;
  /* sscanf alone would take signs and blanks, and overflow a %x of more
   * than 8 digits */
  if (strspn(s, "0123456789abcdefABCDEF:.") != strlen(s))
    return false;
  for (const char *p = s; *p; p += strspn(p, ":.")) {
    size_t digits = strcspn(p, ":.");
    if (digits > 8)
      return false;
    p += digits;
  }
  n[0] = 0;
  if (sscanf(s, "%x:%x:%x.%x%c", &n[0], &n[1], &n[2], &n[3], &tail) != 4 &&
      (n[0] = 0, sscanf(s, "%x:%x.%x%c", &n[1], &n[2], &n[3], &tail) != 3))
    return false;
  return n[1] <= 0xff && n[2] <= 0x1f && n[3] <= 7;
}

/* ## from-vif: VIF -> interface */

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

static int fail_key(fwd *c, vifxml_vif_key k, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_key(fwd *c, vifxml_vif_key k, const char *f, ...) {
  char msg[400], name[128];
  va_list ap;
  va_start(ap, f);
  vsnprintf(msg, sizeof msg, f, ap);
  va_end(ap);
  who(c->vif, name, sizeof name);
  if (k < VIFXML_VK_COUNT)
    error_set(c->err, VIFXML_ERR_INVALID, NULL, c->vif->line, c->vif->column, "%s: %s: %s", name,
              vifxml_vif_key_path(k), msg);
  else
    error_set(c->err, VIFXML_ERR_INVALID, NULL, c->vif->line, c->vif->column, "%s: %s", name, msg);
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
      fail_key(c, k, "%s (vif type %s needs it)", what, c->row->type);
    else
      fail_key(c, k, "%s (every VIF needs it)", what);
    return NULL;
  }
  return s;
}

/* Sets an IR field from a VIF key's value; a bad value names the key. */
static int set(fwd *c, vifxml_field f, const char *value, vifxml_vif_key k) {
  vifxml_error e;
  if (vifxml_iface_set(c->iface, f, value, &e) < 0)
    return fail_key(c, k, "%s", e.message);
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
  if (slot && !parse_slot(slot, n))
    fail_key(c, VIFXML_VK_PCI_SLOT,
             "'%s' is not a PCI address (expected DDDD:BB:SS.F)", slot);
  return slot && parse_slot(slot, n);
}

static const char *given_fact(const vifxml_host_fact *facts, size_t n,
                              const unsigned slot[4]) {
  for (size_t i = 0; i < n; i++) {
    unsigned s[4];
    if (facts[i].pci_slot && parse_slot(facts[i].pci_slot, s) &&
        !memcmp(s, slot, sizeof s))
      return facts[i].value;
  }
  return NULL;
}

/* The first entry of dir (sorted, for a stable answer) that starts with
 * prefix; copied into out. */
static bool first_entry(const char *dir, const char *prefix, char *out,
                        size_t outlen) {
  DIR *d = opendir(dir);
  if (!d)
    return false;
  bool found = false;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) ||
        (found && strcmp(e->d_name, out) >= 0))
      continue;
    snprintf(out, outlen, "%s", e->d_name);
    found = true;
  }
  closedir(d);
  return found;
}

/* sysfs: a VF's netdev is the entry of .../<slot>/net/ (Nova's
 * get_ifname_by_pci_address); a vDPA device is .../<slot>/vdpaN/vhost-vdpa-M,
 * opened as /dev/vhost-vdpa-M. */
static const char *sysfs_fact(fwd *c, bool vdpa, const char *slot) {
  char dir[4096], name[256];
  const char *root = c->opt->sysfs;
  if (!vdpa) {
    snprintf(dir, sizeof dir, "%s/bus/pci/devices/%s/net", root, slot);
    return first_entry(dir, "", name, sizeof name)
               ? arena_printf(c->iface->arena, "%s", name)
               : NULL;
  }
  snprintf(dir, sizeof dir, "%s/bus/pci/devices/%s", root, slot);
  if (!first_entry(dir, "vdpa", name, sizeof name))
    return NULL;
  size_t n = strlen(dir);
  snprintf(dir + n, sizeof dir - n, "/%s", name);
  return first_entry(dir, "vhost-vdpa-", name, sizeof name)
             ? arena_printf(c->iface->arena, "/dev/%s", name)
             : NULL;
}

/* A host fact: from the VIF (host.*, as to-vif writes it), from the
 * caller, or from sysfs; otherwise refused, naming the PCI slot. */
static const char *host_fact(fwd *c, bool vdpa) {
  vifxml_vif_key k = vdpa ? VIFXML_VK_HOST_VDPA_DEV : VIFXML_VK_HOST_NETDEV;
  const char *what = vdpa ? "vDPA device" : "network device";
  unsigned n[4];
  if (val(c->vif, k) && *val(c->vif, k))
    return val(c->vif, k);
  if (!need_slot(c, n))
    return NULL;
  const char *v = vdpa ? given_fact(c->opt->vdpa_devs, c->opt->nvdpa_devs, n)
                       : given_fact(c->opt->netdevs, c->opt->nnetdevs, n);
  char canon[32];
  snprintf(canon, sizeof canon, "%04x:%02x:%02x.%x", n[0], n[1], n[2], n[3]);
  if (!v && c->opt->sysfs)
    v = sysfs_fact(c, vdpa, canon);
  if (!v) {
    if (c->opt->sysfs)
      fail_key(c, VIFXML_VK_PCI_SLOT,
               "no %s known for PCI slot %s: none given and none found "
               "under %s/bus/pci/devices/%s/%s",
               what, canon, c->opt->sysfs, canon, vdpa ? "vdpa*" : "net");
    else
      fail_key(c, VIFXML_VK_PCI_SLOT,
               "no %s known for PCI slot %s: none given (the host is not "
               "read)",
               what, canon);
  }
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
    return fail_key(c, VIFXML_VK_COUNT,
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
      fail_key(c, VIFXML_VK_DEVNAME,
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
    return fail_key(c, k, "missing (vif type %s needs it)", c->row->type);
  if (!(c->row->flags & F_VLAN) || !truthy(c->vif, k))
    return 0;
  vifxml_error e;
  if (vifxml_iface_add_item(c->iface, VIFXML_E_TAG, -1, &e, VIFXML_F_TAG_ID,
                            val(c->vif, k), -1) < 0)
    return fail_key(c, k, "%s", e.message);
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
    return fail_key(c, VIFXML_VK_HOST_VDPA_DEV, "%s", e.message);
  if (vifxml_iface_finish(c->iface, &e, NULL, NULL) < 0)
    return fail_key(c, VIFXML_VK_COUNT, "%s", e.message);
  return 0;
}

/* The row Nova's code takes for this VIF; NULL when the type has none in
 * the profile (an unexpected type). */
static const vif_row *pick_row(const char *type, vifxml_profile p, vnic vn,
                               unsigned when) {
  for (size_t i = 0; i < NROWS; i++) {
    const vif_row *r = &rows[i];
    if (strcmp(r->type, type) || !in_profile(r, p) ||
        (r->vnics && !(r->vnics & (1u << vn))) || (r->when & ~when))
      continue;
    return r->via ? pick_row(r->via, p, vn, when) : r;
  }
  return NULL;
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
    int i = schema_enum_index(vnic_names, vn, false);
    if (i < 0)
      return fail_key(c, VIFXML_VK_VNIC_TYPE, "unknown vnic type '%s'", vn);
    c->vnic = (vnic)i;
  }
  c->row = pick_row(type, c->profile, c->vnic, conditions(c));
  if (!c->row)
    return fail_key(c, VIFXML_VK_TYPE, "Unexpected vif_type=%s", type);
  if (refused(c->row))
    return fail_key(c, VIFXML_VK_TYPE, "%s: %s", type, c->row->text);
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

int vif_to_ir(const vifxml_vif *vif, const vifxml_vif_options *opt,
              vifxml_arena *arena, vifxml_iface *out, vifxml_error *err) {
  vifxml_error scratch;
  if (!opt)
    opt = &default_options;
  fwd c = {vif, opt, opt->profile, NULL, VNIC_NORMAL, out,
           err ? err : &scratch};
  if (opt->profile >= VIFXML_PROFILE_COUNT)
    return fail_key(&c, VIFXML_VK_COUNT, "unknown profile");
  /* What a failure without its own message (an allocation) reports. */
  fail_key(&c, VIFXML_VK_COUNT, "out of memory");
  if (choose(&c) < 0)
    return -1;
  ir_init(out, arena, c.row->out);
  const char *mac = need(&c, VIFXML_VK_ADDRESS);
  if (!mac || set(&c, VIFXML_F_MAC_ADDRESS, mac, VIFXML_VK_ADDRESS) < 0)
    return -1;
  if (c.row->out == VIFXML_TYPE_VDPA)
    return put_vdpa(&c);
  if (put_source(&c) < 0 || put_vlan(&c) < 0 || put_vport(&c) < 0 ||
      put_bandwidth(&c) < 0 || put_target(&c) < 0 || put_frontend(&c) < 0 ||
      put_filterref(&c) < 0 || put_mtu(&c) < 0)
    return -1;
  diag_wrap w = {opt->diag, opt->diag_ctx, vif};
  vifxml_error e;
  if (vifxml_iface_finish(out, &e, vif_diag, &w) < 0)
    return fail_key(&c, VIFXML_VK_COUNT, "%s", e.message);
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

/* ## to-vif: interface -> candidates and VIF */

typedef struct {
  const vifxml_iface *iface;
  vifxml_profile profile;
  const char *vdpa_mac, *vdpa_dev; /* a vdpa interface's mac and device */
} rev;

static bool is_qbr(const vifxml_iface *iface) {
  const char *br = F(SRC_BRIDGE);
  return br && !strncmp(br, "qbr", 3) && strlen(br) > 3;
}

/* Returns NULL when the row's source fits, else why not. */
static const char *source_mismatch(const vif_row *r, const vifxml_iface *iface) {
  const char *mode = F(SRC_DIRECT_MODE), *dev = F(SRC_DEV);
  const char *tgt = F(TARGET_DEV);
  switch (r->src) {
  case SRC_QBR:
    if (!is_qbr(iface))
      return "the source bridge is not a qbr bridge";
    /* qbr and tap both carry id[:11] */
    if (tgt && !strncmp(tgt, "tap", 3) && strcmp(tgt + 3, F(SRC_BRIDGE) + 3))
      return "the qbr bridge and the tap target name different ports";
    return NULL;
  case SRC_LINUX_BRIDGE:
    return is_qbr(iface) ? "a qbr bridge is the hybrid plug of ovs or ivs"
                         : NULL;
  case SRC_PCI:
    return F(SRC_ADDR_TYPE) && !strcmp(F(SRC_ADDR_TYPE), "pci")
               ? NULL
               : "the hostdev source is not a PCI address";
  case SRC_VF:
  case SRC_MLNX:
    if (strcmp(mode, "passthrough"))
      return "the direct mode is not passthrough";
    return r->src == SRC_MLNX && (strncmp(dev, "eth", 3) || !dev[3])
               ? "the source device is not eth + devname[3:]"
               : NULL;
  case SRC_QBG:
    return strcmp(mode, "vepa") ? "the direct mode is not vepa" : NULL;
  default:
    return NULL;
  }
}

static const char *target_mismatch(const vif_row *r, const vifxml_iface *iface) {
  const char *dev = F(TARGET_DEV), *managed = F(TARGET_MANAGED);
  if (r->target == TGT_NONE)
    return dev || managed ? "Nova writes no <target> for it" : NULL;
  if (r->flags & F_UNMANAGED) {
    if (dev && (!managed || strcmp(managed, "no")))
      return "its target is managed='no'";
  } else if (managed) {
    return "Nova writes no target managed= for it";
  }
  if (!dev && (r->target == TGT_VIFNAME || r->target == TGT_VHU))
    return "os-vif always names the target";
  if (r->target == TGT_VHU && strncmp(dev, "vhu", 3))
    return "the target is not vhu + id[:11]";
  return NULL;
}

static const char *vport_mismatch(const vif_row *r, const vifxml_iface *iface) {
  static const char *const want[] = {NULL, "openvswitch", "802.1Qbg",
                                     "802.1Qbh"};
  const char *vt = F(VP_TYPE);
  if (!want[r->vport])
    return iface->present[VIFXML_E_VIRTUALPORT] ? "Nova writes no virtualport "
                                                  "for it"
                                                : NULL;
  return vt && !strcmp(vt, want[r->vport]) ? NULL
                                           : "the virtualport type differs";
}

static bool bandwidth_set(const vifxml_iface *iface) {
  for (int f = VIFXML_F_IN_AVERAGE; f <= VIFXML_F_OUT_BURST; f++)
    if (iface->f[f])
      return true;
  return false;
}

static const char *vlan_mismatch(const vif_row *r, const rev *x) {
  const vifxml_iface *iface = x->iface;
  size_t tags = 0;
  for (size_t i = 0; i < iface->nitems; i++)
    if (iface->items[i].elem == VIFXML_E_TAG) {
      tags++;
      if (iface->items[i].v[schema_field_slot(VIFXML_F_TAG_NATIVEMODE)])
        return "Nova writes no nativeMode";
    }
  if (!tags)
    return NULL;
  if (!(r->flags & F_VLAN))
    return "Nova writes no <vlan> for it";
  return tags > 1 || F(VLAN_TRUNK) ? "Nova writes one vlan tag, no trunk"
                                   : NULL;
}

static const char *filter_mismatch(const vif_row *r, const rev *x) {
  const vifxml_iface *iface = x->iface;
  if (!iface->present[VIFXML_E_FILTERREF])
    return NULL;
  if (!(r->flags & F_FIREWALL) || x->profile != VIFXML_PROFILE_LIBERTY)
    return "Nova writes no <filterref> for it";
  for (size_t i = 0; i < iface->nitems; i++)
    if (iface->items[i].elem == VIFXML_E_FPARAM)
      return "Nova's filterref has no parameters";
  return F(FILTERREF_FILTER) && !strncmp(F(FILTERREF_FILTER), "nova-instance-", 14)
             ? NULL
             : "the filter is not Nova's nova-instance-*";
}

/* The virtio driver settings each era and type can produce. */
static const char *driver_mismatch(const vif_row *r, const rev *x) {
  const vifxml_iface *iface = x->iface;
  const char *name = F(DRV_NAME);
  bool today = x->profile == VIFXML_PROFILE_CURRENT;
  if (!F(MODEL_TYPE) || strcmp(F(MODEL_TYPE), "virtio"))
    return NULL; /* the driver is written for virtio only */
  if ((r->flags & F_VHOST) && (!name || strcmp(name, "vhost")))
    return "Nova forces driver name='vhost' for it";
  if ((r->flags & F_NO_DRV_NAME) && name)
    return "today's Nova writes no driver name for vhost-user";
  if (!today && (F(DRV_RX_QUEUE_SIZE) || F(DRV_TX_QUEUE_SIZE)))
    return "Liberty's Nova had no rx/tx queue sizes";
  if (!today && F(DRV_QUEUES) && !name)
    return "Liberty's Nova writes queues with a driver name only";
  if (today && F(DRV_TX_QUEUE_SIZE) && !(r->flags & F_TX))
    return "tx_queue_size is for vhost-user only";
  if (today && F(DRV_RX_QUEUE_SIZE) && !name && !(r->flags & F_NO_DRV_NAME))
    return "rx_queue_size comes with driver name='vhost'";
  return NULL;
}

static const char *frontend_mismatch(const vif_row *r, const rev *x) {
  const vifxml_iface *iface = x->iface;
  const char *model = F(MODEL_TYPE);
  bool today = x->profile == VIFXML_PROFILE_CURRENT;
  const char *why;
  if ((r->flags & F_NO_MODEL) && model)
    return "Nova writes no model for it";
  if ((r->flags & F_VIRTIO) && (!model || strcmp(model, "virtio")))
    return "Nova forces the virtio model for it";
  if ((why = driver_mismatch(r, x)) != NULL)
    return why;
  if (!(r->flags & F_BW) && bandwidth_set(iface))
    return "Nova writes no <bandwidth> for it";
  if (F(MTU_SIZE) && !(today && (r->flags & F_MTU)))
    return today ? "Nova writes no <mtu> for it"
                 : "Liberty's Nova wrote no <mtu>";
  if (r->out == VIFXML_TYPE_HOSTDEV &&
      (!F(IFACE_MANAGED) || strcmp(F(IFACE_MANAGED), "yes")))
    return "Nova's hostdev interfaces are managed='yes'";
  if ((why = vlan_mismatch(r, x)) != NULL)
    return why;
  return filter_mismatch(r, x);
}

/* NULL when the row writes this XML, else why not; *stage says how far
 * the XML got through the checks (for the closest row when none fits). */
static const char *mismatch(const vif_row *r, const rev *x, int *stage) {
  const vifxml_iface *iface = x->iface;
  const char *why;
  *stage = 0;
  if (iface->type != r->out)
    return "another interface type";
  if (r->out == VIFXML_TYPE_VDPA)
    return NULL; /* all of it is in the bytes: mac and device */
  /* The virtualport first: it is the XML's strongest word on the type. */
  if (++*stage, (why = vport_mismatch(r, iface)) != NULL)
    return why;
  if (++*stage, (why = source_mismatch(r, iface)) != NULL)
    return why;
  if (++*stage, (why = target_mismatch(r, iface)) != NULL)
    return why;
  return ++*stage, frontend_mismatch(r, x);
}

typedef struct {
  const vif_row *row;   /* the candidate's own row (type, rank) */
  const vif_row *shape; /* the row whose XML matched (differs for via) */
} cand;

/* The first row of type `type` in the profile that writes this XML. */
static const vif_row *matching_row(const char *type, const rev *x) {
  int stage;
  for (size_t i = 0; i < NROWS; i++) {
    const vif_row *r = &rows[i];
    if (!strcmp(r->type, type) && in_profile(r, x->profile) && !refused(r) &&
        !r->via && !mismatch(r, x, &stage))
      return r;
  }
  return NULL;
}

/* Every type with a row that writes this XML, best rank first (table order
 * among equals), each type once. */
static size_t candidates(const rev *x, cand *out) {
  size_t n = 0;
  int stage;
  for (size_t i = 0; i < NROWS; i++) {
    const vif_row *r = &rows[i];
    if (!in_profile(r, x->profile) || refused(r))
      continue;
    const vif_row *shape = r->via ? matching_row(r->via, x) : r;
    if (!shape || (!r->via && mismatch(r, x, &stage)))
      continue;
    bool dup = false;
    for (size_t j = 0; j < n; j++)
      dup |= !strcmp(out[j].row->type, r->type);
    if (dup || n == VIFXML_VIF_MAX_CANDIDATES)
      continue;
    size_t j = n++;
    for (; j > 0 && out[j - 1].row->rank > r->rank; j--)
      out[j] = out[j - 1];
    out[j] = (cand){r, shape};
  }
  return n;
}

static int put(vifxml_vif *v, vifxml_arena *a, vifxml_vif_key k,
               vifxml_vif_value kind, const char *text) {
  v->kind[k] = (unsigned char)kind;
  v->v[k] = text ? arena_strndup(a, text, strlen(text)) : NULL;
  return text && !v->v[k] ? -1 : 0;
}

static int put_str(vifxml_vif *v, vifxml_arena *a, vifxml_vif_key k,
                   const char *s) {
  return put(v, a, k, s ? VIFXML_VV_STRING : VIFXML_VV_NULL, s);
}

static int put_num(vifxml_vif *v, vifxml_arena *a, vifxml_vif_key k,
                   const char *s) {
  return s ? put(v, a, k, VIFXML_VV_NUMBER, s) : 0;
}

static int put_bool(vifxml_vif *v, vifxml_arena *a, vifxml_vif_key k, bool b) {
  return put(v, a, k, VIFXML_VV_BOOL, b ? "true" : "false");
}

/* A value Nova needs and the XML does not hold. */
static int put_unknown(vifxml_vif *v, vifxml_vif_key k) {
  v->kind[k] = VIFXML_VV_UNKNOWN;
  v->v[k] = NULL;
  return 0;
}

/* The port id: whole from an openvswitch interfaceid, else the 11
 * characters that tap/qbr/vhu/nic names keep of it. */
static int fill_id(const vif_row *r, const vifxml_iface *iface, vifxml_vif *v,
                   vifxml_arena *a) {
  static const char *const prefixes[] = {"tap", "vhu", "nic"};
  if (r->vport == VP_OVS && F(VP_INTERFACEID))
    return put_str(v, a, VIFXML_VK_ID, F(VP_INTERFACEID)) < 0 ||
                   put_str(v, a, VIFXML_VK_OVS_INTERFACEID, F(VP_INTERFACEID)) < 0
               ? -1
               : 0;
  if (r->src == SRC_QBR)
    return put_str(v, a, VIFXML_VK_ID, F(SRC_BRIDGE) + 3);
  const char *tgt = F(TARGET_DEV);
  for (size_t i = 0; tgt && i < 3; i++)
    if (!strncmp(tgt, prefixes[i], 3) && tgt[3])
      return put_str(v, a, VIFXML_VK_ID, tgt + 3);
  if (r->src == SRC_MLNX)
    return put_str(v, a, VIFXML_VK_ID, F(SRC_DEV) + 3);
  return 0;
}

static int fill_source(const vif_row *r, const rev *x, vifxml_vif *v,
                       vifxml_arena *a) {
  const vifxml_iface *iface = x->iface;
  switch (r->src) {
  case SRC_OVS_BRIDGE:
  case SRC_LINUX_BRIDGE:
    return put_str(v, a, VIFXML_VK_NET_BRIDGE, F(SRC_BRIDGE));
  case SRC_SOCKET:
    return put_str(v, a, VIFXML_VK_VHOSTUSER_SOCKET, F(SRC_PATH)) < 0 ||
                   put_str(v, a, VIFXML_VK_VHOSTUSER_MODE, F(SRC_VHU_MODE)) < 0
               ? -1
               : 0;
  case SRC_PCI: {
    char slot[32];
    snprintf(slot, sizeof slot, "%04llx:%02llx:%02llx.%llx",
             value_u(F(SRC_ADDR_DOMAIN)), value_u(F(SRC_ADDR_BUS)),
             value_u(F(SRC_ADDR_SLOT)), value_u(F(SRC_ADDR_FUNCTION)));
    return put_str(v, a, VIFXML_VK_PCI_SLOT, slot);
  }
  case SRC_VF:
    put_unknown(v, VIFXML_VK_PCI_SLOT);
    return put_str(v, a, VIFXML_VK_HOST_NETDEV, F(SRC_DEV));
  case SRC_QBG:
    return put_str(v, a, VIFXML_VK_NET_INTERFACE, F(SRC_DEV));
  case SRC_MACVTAP:
    put_unknown(v, VIFXML_VK_PHYSICAL_INTERFACE);
    return put_str(v, a, VIFXML_VK_MACVTAP_SOURCE, F(SRC_DEV)) < 0 ||
                   put_str(v, a, VIFXML_VK_MACVTAP_MODE, F(SRC_DIRECT_MODE)) < 0
               ? -1
               : 0;
  case SRC_MLNX: {
    const char *dev = arena_printf(a, "tap%s", F(SRC_DEV) + 3);
    return put_str(v, a, VIFXML_VK_DEVNAME, dev);
  }
  case SRC_VDPA:
    put_unknown(v, VIFXML_VK_PCI_SLOT);
    return put_str(v, a, VIFXML_VK_HOST_VDPA_DEV, x->vdpa_dev);
  default:
    return 0;
  }
}

/* A virtualport parameter Nova needs: a number, a string, or unknown. */
static int put_param(vifxml_vif *v, vifxml_arena *a, vifxml_vif_key k,
                     const char *s, bool number) {
  if (!s)
    return put_unknown(v, k);
  return number ? put_num(v, a, k, s) : put_str(v, a, k, s);
}

static int fill_vport(const vif_row *r, const vifxml_iface *iface,
                      vifxml_vif *v, vifxml_arena *a) {
  if (r->vport == VP_QBH)
    return put_param(v, a, VIFXML_VK_PROFILEID, F(VP_PROFILEID), false);
  if (r->vport != VP_QBG)
    return 0;
  return put_param(v, a, VIFXML_VK_QBG_MANAGERID, F(VP_MANAGERID), true) < 0 ||
                 put_param(v, a, VIFXML_VK_QBG_TYPEID, F(VP_TYPEID), true) < 0 ||
                 put_param(v, a, VIFXML_VK_QBG_TYPEIDVERSION,
                           F(VP_TYPEIDVERSION), true) < 0 ||
                 put_param(v, a, VIFXML_VK_QBG_INSTANCEID, F(VP_INSTANCEID),
                           false) < 0
             ? -1
             : 0;
}

/* The details the row's conditions and rules stand for. */
static int fill_details(const vif_row *r, const vifxml_iface *iface,
                        vifxml_vif *v, vifxml_arena *a) {
  int rc = 0;
  /* Only Liberty's filterref says anything of port_filter: it was false. */
  if (iface->present[VIFXML_E_FILTERREF])
    rc |= put_bool(v, a, VIFXML_VK_PORT_FILTER, false);
  if (r->flags & D_HYBRID)
    rc |= put_bool(v, a, VIFXML_VK_OVS_HYBRID_PLUG, r->when & W_HYBRID);
  if (r->when & W_CREATE_TAP)
    rc |= put_bool(v, a, VIFXML_VK_OVS_CREATE_TAP, true);
  if (r->when & W_VHU_OVS)
    rc |= put_bool(v, a, VIFXML_VK_VHOSTUSER_OVS_PLUG, true);
  if (r->flags & F_VLAN_KEY) {
    const char *tag = NULL;
    for (size_t i = 0; i < iface->nitems && !tag; i++)
      if (iface->items[i].elem == VIFXML_E_TAG)
        tag = iface->items[i].v[schema_field_slot(VIFXML_F_TAG_ID)];
    rc |= put_str(v, a, VIFXML_VK_VLAN, tag); /* as Neutron: a string */
  }
  return rc;
}

static int fill_frontend(const vif_row *r, const vifxml_iface *iface,
                         vifxml_vif *v, vifxml_arena *a) {
  static const struct {
    vifxml_vif_key k;
    vifxml_field f;
  } nums[] = {{VIFXML_VK_QUEUES, VIFXML_F_DRV_QUEUES},
              {VIFXML_VK_RX_QUEUE_SIZE, VIFXML_F_DRV_RX_QUEUE_SIZE},
              {VIFXML_VK_TX_QUEUE_SIZE, VIFXML_F_DRV_TX_QUEUE_SIZE},
              {VIFXML_VK_IN_AVERAGE, VIFXML_F_IN_AVERAGE},
              {VIFXML_VK_IN_PEAK, VIFXML_F_IN_PEAK},
              {VIFXML_VK_IN_BURST, VIFXML_F_IN_BURST},
              {VIFXML_VK_OUT_AVERAGE, VIFXML_F_OUT_AVERAGE},
              {VIFXML_VK_OUT_PEAK, VIFXML_F_OUT_PEAK},
              {VIFXML_VK_OUT_BURST, VIFXML_F_OUT_BURST},
              {VIFXML_VK_NET_MTU, VIFXML_F_MTU_SIZE}};
  int rc = 0;
  if (!(r->flags & F_NO_MODEL))
    rc |= put_str(v, a, VIFXML_VK_MODEL, F(MODEL_TYPE));
  if (F(DRV_NAME))
    rc |= put_str(v, a, VIFXML_VK_DRIVER, F(DRV_NAME));
  for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
    rc |= put_num(v, a, nums[i].k, iface->f[nums[i].f]);
  return rc;
}

/* The VIF as Neutron builds it today for the best candidate. */
static int fill(const cand *best, const rev *x, vifxml_vif *v,
                vifxml_arena *a) {
  const vif_row *r = best->shape;
  const vifxml_iface *iface = x->iface;
  const char *mac = iface->type == VIFXML_TYPE_VDPA ? x->vdpa_mac
                                                      : F(MAC_ADDRESS);
  int rc = put_str(v, a, VIFXML_VK_TYPE, best->row->type);
  rc |= put_str(v, a, VIFXML_VK_VNIC_TYPE, vnic_names[r->vnic]);
  rc |= mac ? put_str(v, a, VIFXML_VK_ADDRESS, mac)
            : put_unknown(v, VIFXML_VK_ADDRESS);
  rc |= put_bool(v, a, VIFXML_VK_DELEGATE_CREATE, true);
  if (iface->type == VIFXML_TYPE_VDPA)
    return rc | fill_source(r, x, v, a);
  if (r->target != TGT_NONE)
    rc |= put_str(v, a, VIFXML_VK_DEVNAME, F(TARGET_DEV));
  rc |= fill_id(r, iface, v, a);
  rc |= fill_source(r, x, v, a);
  rc |= fill_vport(r, iface, v, a);
  rc |= fill_details(r, iface, v, a);
  rc |= fill_frontend(r, iface, v, a);
  return rc;
}

/* ### vdpa: its bytes, read back with expat */

typedef struct {
  rev *x;
  vifxml_arena *arena;
  int depth;
} vdpa_reader;

static const char *attr_of(const XML_Char **attrs, vifxml_name n) {
  for (int i = 0; attrs[i]; i += 2)
    if (!strcmp(attrs[i], vifxml_name_str(n)))
      return attrs[i + 1];
  return NULL;
}

static void XMLCALL vdpa_start(void *ud, const XML_Char *name,
                               const XML_Char **attrs) {
  vdpa_reader *r = ud;
  const char *s;
  if (r->depth++ != 1)
    return;
  if (!strcmp(name, vifxml_name_str(VIFXML_N_MAC)) &&
      (s = attr_of(attrs, VIFXML_N_ADDRESS)) && !r->x->vdpa_mac)
    r->x->vdpa_mac = arena_strndup(r->arena, s, strlen(s));
  else if (!strcmp(name, vifxml_name_str(VIFXML_N_SOURCE)) &&
           (s = attr_of(attrs, VIFXML_N_DEV)) && !r->x->vdpa_dev)
    r->x->vdpa_dev = arena_strndup(r->arena, s, strlen(s));
}

static void XMLCALL vdpa_end(void *ud, const XML_Char *name) {
  (void)name;
  ((vdpa_reader *)ud)->depth--;
}

/* The raw bytes are a well-formed element (the stream parsed them). */
static void read_vdpa(rev *x, vifxml_arena *arena) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  vdpa_reader r = {x, arena, 0};
  if (!p || xml_reset(p, &r) < 0) {
    XML_ParserFree(p);
    return;
  }
  XML_SetElementHandler(p, vdpa_start, vdpa_end);
  XML_Parse(p, x->iface->raw, (int)x->iface->rawlen, 1);
  XML_ParserFree(p);
  if (x->vdpa_mac) { /* canonical spelling, as for every interface */
    const char *mac;
    char msg[128];
    if (value_parse(arena, VIFXML_F_MAC_ADDRESS, x->vdpa_mac, &mac, msg,
                    sizeof msg) == 0)
      x->vdpa_mac = mac;
  }
}

/* Why no type fits: the other profile's candidates, or the closest row. */
static const char *no_candidate_note(const rev *x, vifxml_arena *a) {
  const vifxml_iface *iface = x->iface;
  rev other = *x;
  other.profile = x->profile == VIFXML_PROFILE_CURRENT ? VIFXML_PROFILE_LIBERTY
                                                       : VIFXML_PROFILE_CURRENT;
  cand c[VIFXML_VIF_MAX_CANDIDATES];
  size_t n = candidates(&other, c);
  const char *head = arena_printf(a, "no VIF type of %s writes this XML",
                                  profile_nova[x->profile]);
  if (!head)
    return NULL;
  if (n)
    return arena_printf(a, "%s; %s's %s does (--profile %s)", head,
                        profile_nova[other.profile], c[0].row->type,
                        profile_names[other.profile]);
  if (iface->type == VIFXML_TYPE_NETWORK)
    return arena_printf(a, "%s: it names a libvirt network (vifxml resolve "
                           "turns it into what the network gives)",
                        head);
  /* The closest row got furthest through the checks; then the likeliest. */
  const vif_row *close = NULL;
  const char *why = NULL;
  int best = -1, stage;
  for (size_t i = 0; i < NROWS; i++) {
    const vif_row *r = &rows[i];
    const char *w;
    if (!in_profile(r, x->profile) || r->out != iface->type)
      continue;
    w = mismatch(r, x, &stage);
    if (stage > best || (stage == best && r->rank < close->rank)) {
      close = r;
      why = w;
      best = stage;
    }
  }
  if (!close)
    return arena_printf(a, "%s: Nova writes no interface type='%s'", head,
               vifxml_type_str(iface->type));
  return arena_printf(a, "%s; closest: %s, %s: %s", head, close->type, close->text,
             why);
}

/* NULL notes (out of memory) show in arena_failed. */
static void note_candidates(const rev *x, const cand *c, size_t n,
                            vifxml_vif *out, vifxml_arena *a) {
  for (size_t i = 0; i < n; i++)
    out->candidates[i] = c[i].row->type;
  out->ncandidates = n;
  if (n == 0)
    out->note = no_candidate_note(x, a);
  else if (n > 1)
    out->note = arena_printf(a, "the XML does not say which of these %zu "
                                "VIF types wrote it; type is the likeliest",
                             n);
}

int vifxml_vif_from_iface(const vifxml_iface *iface, vifxml_profile profile,
                          vifxml_arena *arena, vifxml_vif *out,
                          vifxml_error *err) {
  memset(out, 0, sizeof *out);
  out->line = iface->line;
  out->column = iface->column;
  if (profile >= VIFXML_PROFILE_COUNT) {
    error_set(err, VIFXML_ERR_USAGE, NULL, iface->line, iface->column, "unknown profile");
    return -1;
  }
  rev x = {iface, profile, NULL, NULL};
  if (iface->type == VIFXML_TYPE_VDPA && iface->kind == VIFXML_KIND_OPAQUE &&
      iface->raw)
    read_vdpa(&x, arena);
  else if (iface->type == VIFXML_TYPE_VDPA) {
    x.vdpa_mac = F(MAC_ADDRESS);
    x.vdpa_dev = F(SRC_VDPA_DEV);
  }
  cand c[VIFXML_VIF_MAX_CANDIDATES];
  size_t n = candidates(&x, c);
  int rc = 0;
  note_candidates(&x, c, n, out, arena);
  if (n)
    rc |= fill(&c[0], &x, out, arena);
  else if (iface->kind != VIFXML_KIND_OPAQUE && F(MAC_ADDRESS))
    rc |= put_str(out, arena, VIFXML_VK_ADDRESS, F(MAC_ADDRESS));
  if (rc || arena_failed(arena)) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, iface->line, iface->column, "out of memory");
    return -1;
  }
  return 0;
}
