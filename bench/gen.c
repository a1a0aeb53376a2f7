/* Generator of realistic bulk input: Nova-style libvirt domains with every
 * interface kind, the legacy spellings vifxml repairs, the other devices a
 * guest has, comments and varied layout (shapes wrap and concat); small
 * domains crowded with interfaces (dense); whole domains as virt-manager,
 * Nova, vdsm, virt-v2v and KubeVirt write them (realworld). Everything
 * comes from one PRNG (splitmix64) seeded by the caller, so the bytes are a
 * pure function of (seed, size, shape). */
#include "gen.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ## Randomness */

static uint64_t next(gen *g) {
  uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static unsigned below(gen *g, unsigned n) { return (unsigned)(next(g) % n); }
static bool chance(gen *g, unsigned percent) { return below(g, 100) < percent; }

/* ## Appending */

typedef struct {
  gen *g;
  char *p;
  size_t len;
  char q;          /* attribute quote */
  const char *ind; /* one level of indentation */
  size_t indlen;
  bool flat;       /* current interface written on one line */
  bool go;         /* Go's encoding/xml (KubeVirt): no empty-element tags */
  const char *open; /* the element tag() began last, for go's end tags */
  size_t openlen;
  size_t iface_at; /* where the current interface began */
} w;

/* Room left in buf after a domain: gen_document() prepends an XML
 * declaration and both shapes may append a newline. */
#define TAIL_ROOM 64

static void put(w *o, const char *s, size_t n) {
  if (o->len + n > GEN_DOMAIN_MAX - TAIL_ROOM)
    abort(); /* a generated domain never comes near this */
  memcpy(o->p + o->len, s, n);
  o->len += n;
}
#define S(o, lit) put((o), lit, sizeof lit - 1)
static void str(w *o, const char *s) { put(o, s, strlen(s)); }

static void nl(w *o, int level) {
  if (o->flat)
    return;
  put(o, "\n", 1);
  for (int i = 0; i < level; i++)
    put(o, o->ind, o->indlen);
}

static void u(w *o, unsigned long long v) {
  char t[24];
  int n = 0;
  do
    t[n++] = (char)('0' + v % 10);
  while (v /= 10);
  while (n)
    put(o, &t[--n], 1);
}

static void hexn(w *o, unsigned long long v, int digits, bool upper) {
  const char *d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char t[16];
  for (int i = digits - 1; i >= 0; i--, v >>= 4)
    t[i] = d[v & 15];
  put(o, t, (size_t)digits);
}

/* name='value' with the domain's quote */
static void a_open(w *o, const char *name) {
  put(o, " ", 1);
  str(o, name);
  put(o, "=", 1);
  put(o, &o->q, 1);
}
static void a_close(w *o) { put(o, &o->q, 1); }
static void a(w *o, const char *name, const char *value) {
  a_open(o, name);
  str(o, value);
  a_close(o);
}
static void au(w *o, const char *name, unsigned long long v) {
  a_open(o, name);
  u(o, v);
  a_close(o);
}
static void ahex(w *o, const char *name, unsigned long long v, int digits) {
  a_open(o, name);
  S(o, "0x");
  hexn(o, v, digits, false);
  a_close(o);
}

/* <name attrs.../> helpers: open, then attributes, then end. */
static void tagn(w *o, int level, const char *name, size_t len) {
  nl(o, level);
  put(o, "<", 1);
  put(o, name, len);
  o->open = name;
  o->openlen = len;
}
static void tag(w *o, int level, const char *name) {
  tagn(o, level, name, strlen(name));
}
static void end_empty(w *o) {
  if (!o->go) {
    S(o, "/>");
    return;
  }
  S(o, "></");
  put(o, o->open, o->openlen);
  S(o, ">");
}
static void end_open(w *o) { S(o, ">"); }
static void close_tag(w *o, int level, const char *name) {
  nl(o, level);
  S(o, "</");
  str(o, name);
  S(o, ">");
}
/* <name>text</name> on its own line */
static void text_el(w *o, int level, const char *name, const char *text) {
  tag(o, level, name);
  end_open(o);
  str(o, text);
  S(o, "</");
  str(o, name);
  S(o, ">");
}

typedef struct {
  uint64_t hi, lo;
} uuid;

static uuid new_uuid(gen *g) {
  uuid x;
  x.hi = next(g);
  x.lo = next(g);
  return x;
}

static void uuid_put(w *o, uuid x, bool upper, bool dashes) {
  hexn(o, x.hi >> 32, 8, upper);
  if (dashes)
    S(o, "-");
  hexn(o, (x.hi >> 16) & 0xFFFF, 4, upper);
  if (dashes)
    S(o, "-");
  hexn(o, 0x4000 | (x.hi & 0x0FFF), 4, upper);
  if (dashes)
    S(o, "-");
  hexn(o, 0x8000 | ((x.lo >> 48) & 0x3FFF), 4, upper);
  if (dashes)
    S(o, "-");
  hexn(o, x.lo & 0xFFFFFFFFFFFFull, 12, upper);
}
static void a_uuid(w *o, const char *name, uuid x, bool upper) {
  a_open(o, name);
  uuid_put(o, x, upper, true);
  a_close(o);
}

/* The vendor prefixes of the MACs each tool assigns. */
static const unsigned char oui_nova[3] = {0xfa, 0x16, 0x3e},
                           oui_qemu[3] = {0x52, 0x54, 0x00},
                           oui_ovirt[3] = {0x56, 0x6f, 0x1a},
                           oui_vmware[3] = {0x00, 0x50, 0x56},
                           oui_local[3] = {0x02, 0x4a, 0x7c};

/* digits 0: each octet as short as it goes (FA:16:3E:0:5:Ff, a legacy
 * spelling libvirt reads) */
static void mac_oui(w *o, const unsigned char *oui, uint64_t v, int digits,
                    bool upper) {
  for (int i = 0; i < 6; i++) {
    unsigned octet = i < 3 ? oui[i] : (v >> (8 * i)) & 0xFF;
    if (i)
      S(o, ":");
    hexn(o, octet, digits ? digits : octet > 15 ? 2 : 1, upper);
  }
}
static void mac_put(w *o, uint64_t v, bool upper) {
  mac_oui(o, oui_nova, v, 2, upper);
}

/* Nova's device names: a prefix + the first 11 characters of the port id. */
static void a_devname(w *o, const char *name, const char *prefix, uuid port) {
  a_open(o, name);
  str(o, prefix);
  hexn(o, port.hi >> 32, 8, false);
  S(o, "-");
  hexn(o, (port.hi >> 16) & 0xFF, 2, false);
  a_close(o);
}

static void a_ipv4(w *o, const char *name, unsigned net, uint64_t host) {
  a_open(o, name);
  u(o, net);
  S(o, ".");
  u(o, (host >> 16) & 0xFF);
  S(o, ".");
  u(o, (host >> 8) & 0xFF);
  S(o, ".");
  u(o, 1 + host % 250);
  a_close(o);
}

/* ## Interfaces */

/* Every writer opens and closes its interfaces here, so that the generator
 * counts them (the bench checks vifxml saw as many) and their bytes (the
 * share of the input a shape puts in interfaces). */
static void iface_open(w *o, int level) {
  tag(o, level, "interface");
  o->iface_at = o->len - (sizeof "<interface" - 1);
}
static void iface_close(w *o, int level) {
  close_tag(o, level, "interface");
  o->g->interfaces++;
  o->g->iface_bytes += o->len - o->iface_at;
}

/* The last four only in the dense shape: they carry the legacy spellings
 * the Nova mix leaves out. */
enum {
  K_OVS, K_OVS_LEGACY, K_HYBRID, K_VHOSTUSER, K_HOSTDEV, K_HOSTDEV_LEGACY,
  K_DIRECT, K_DIRECT_QBG, K_ETHERNET, K_NETWORK, K_XEN, K_OPAQUE,
  K_OVS_SPLIT, K_HOSTDEV_QBH, K_DIRECT_SPLIT, K_XEN_MODEL, K_NKINDS
};
_Static_assert(K_NKINDS <= sizeof ((gen *)0)->kinds / sizeof(unsigned long),
               "gen.kinds has a slot for every kind");

/* A cloud's mix: mostly OVS and vhost-user, some SR-IOV and macvtap, a
 * tail of old spellings and pass-through types. */
static const unsigned char nova_mix[K_NKINDS] = {26, 8, 10, 12, 8, 4,
                                                 6,  3, 8,  8,  2, 5};

/* weights: percentages by kind, adding up to 100 */
static int pick_kind(gen *g, const unsigned char *weights) {
  unsigned r = below(g, 100);
  for (int k = 0; k < K_NKINDS; k++) {
    if (r < weights[k])
      return k;
    r -= weights[k];
  }
  return K_OVS;
}

static void pci_address(w *o, gen *g, int level, bool decimal) {
  unsigned bus = 1 + below(g, 0xfe), slot = below(g, 0x20), fn = below(g, 8);
  tag(o, level, "address");
  a(o, "type", "pci");
  if (decimal) {
    au(o, "domain", 0);
    au(o, "bus", bus);
    au(o, "slot", slot);
    au(o, "function", fn);
  } else {
    ahex(o, "domain", 0, 4);
    ahex(o, "bus", bus, 2);
    ahex(o, "slot", slot, 2);
    ahex(o, "function", fn, 1);
  }
  end_empty(o);
}

static void mac_el(w *o, gen *g, int level, bool upper) {
  tag(o, level, "mac");
  a_open(o, "address");
  mac_put(o, next(g), upper);
  a_close(o);
  end_empty(o);
}

static void model(w *o, int level, const char *m) {
  tag(o, level, "model");
  a(o, "type", m);
  end_empty(o);
}

static void target(w *o, int level, const char *prefix, uuid port) {
  tag(o, level, "target");
  a_devname(o, "dev", prefix, port);
  end_empty(o);
}

static void mtu(w *o, int level, unsigned size) {
  tag(o, level, "mtu");
  au(o, "size", size);
  end_empty(o);
}

static void alias(w *o, int level, unsigned index) {
  tag(o, level, "alias");
  a_open(o, "name");
  S(o, "net");
  u(o, index);
  a_close(o);
  end_empty(o);
}

static void bandwidth(w *o, gen *g, int level) {
  tag(o, level, "bandwidth");
  end_open(o);
  tag(o, level + 1, "inbound");
  au(o, "average", 1000u * (1 + below(g, 100)));
  if (chance(g, 50))
    au(o, "peak", 200000);
  end_empty(o);
  tag(o, level + 1, "outbound");
  au(o, "average", 1000u * (1 + below(g, 100)));
  au(o, "burst", 1024);
  end_empty(o);
  close_tag(o, level, "bandwidth");
}

/* C's octal spelling (a leading 0), which libvirt's PCI numbers accept */
static void aoct(w *o, const char *name, unsigned v) {
  char t[12];
  int n = 0;
  do
    t[n++] = (char)('0' + v % 8);
  while (v /= 8);
  a_open(o, name);
  S(o, "0");
  while (n)
    put(o, &t[--n], 1);
  a_close(o);
}

/* Early Nova OVS plugging with every legacy spelling it had at once: a MAC
 * with short octets, <vlan> as text, the port id without dashes in split
 * <parameters> (one per key), a decimal guest PCI address. */
static void ovs_split(w *o, gen *g, int l, uuid port) {
  const char *vp = chance(g, 50) ? "portprofile" : "virtualport";
  a(o, "type", "bridge");
  end_open(o);
  tag(o, l, "mac");
  a_open(o, "address");
  mac_oui(o, oui_nova, next(g), 0, chance(g, 50));
  a_close(o);
  end_empty(o);
  tag(o, l, "source");
  a(o, "bridge", "br-int");
  end_empty(o);
  nl(o, l);
  S(o, "<vlan>");
  u(o, 1 + below(g, 4094));
  S(o, "</vlan>");
  tag(o, l, vp);
  a(o, "type", chance(g, 50) ? "OpenVSwitch" : "openvswitch");
  end_open(o);
  tag(o, l + 1, "parameters");
  a_open(o, "interfaceid");
  uuid_put(o, port, chance(g, 50), false);
  a_close(o);
  end_empty(o);
  tag(o, l + 1, "parameters");
  a(o, "profileid", "tenant-gold");
  end_empty(o);
  close_tag(o, l, vp);
  model(o, l, "virtio");
  pci_address(o, g, l, true);
}

/* SR-IOV as older tools wrote it: the VF's address in octal or as a short
 * dev string, an 802.1Qbh port profile under its old name. */
static void hostdev_qbh(w *o, gen *g, int l) {
  unsigned bus = 1 + below(g, 0xfe), slot = below(g, 0x20), fn = below(g, 8);
  const char *vp = chance(g, 50) ? "portprofile" : "vportprofile";
  a(o, "type", "hostdev");
  a(o, "managed", "yes");
  end_open(o);
  mac_el(o, g, l, false);
  tag(o, l, "source");
  if (chance(g, 50)) {
    end_open(o);
    tag(o, l + 1, "address");
    a(o, "type", "pci");
    a(o, "domain", "00");
    aoct(o, "bus", bus);
    aoct(o, "slot", slot);
    aoct(o, "function", fn);
    end_empty(o);
    close_tag(o, l, "source");
  } else { /* bus:slot.function, or with a two-digit domain */
    a_open(o, "dev");
    if (chance(g, 50))
      S(o, "00:");
    hexn(o, bus, 2, false);
    S(o, ":");
    hexn(o, slot, 2, false);
    S(o, ".");
    u(o, fn);
    a_close(o);
    end_empty(o);
  }
  tag(o, l, vp);
  a(o, "type", "802.1Qbh");
  end_open(o);
  tag(o, l + 1, "parameters");
  a_open(o, "profileid");
  S(o, "port-profile-");
  u(o, below(g, 64));
  a_close(o);
  end_empty(o);
  close_tag(o, l, vp);
}

/* macvtap with 802.1Qbg ids in hex, one <parameters> per key and the type
 * in upper case; or 802.1Qbh under <vportprofile>. */
static void direct_split(w *o, gen *g, int l, uuid port) {
  bool qbh = chance(g, 40);
  a(o, "type", "direct");
  end_open(o);
  mac_el(o, g, l, false);
  tag(o, l, "source");
  a(o, "dev", "eth0");
  a(o, "mode", qbh ? "private" : "vepa");
  end_empty(o);
  tag(o, l, qbh ? "vportprofile" : "virtualport");
  a(o, "type", qbh ? "802.1Qbh" : "802.1QBG");
  end_open(o);
  if (qbh) {
    tag(o, l + 1, "parameters");
    a(o, "profileid", "finance");
    end_empty(o);
  } else {
    tag(o, l + 1, "parameters");
    ahex(o, "managerid", 11, 2);
    end_empty(o);
    tag(o, l + 1, "parameters");
    ahex(o, "typeid", 0x123457, 6);
    end_empty(o);
    tag(o, l + 1, "parameters");
    ahex(o, "typeidversion", 2, 1);
    end_empty(o);
    tag(o, l + 1, "parameters");
    a_uuid(o, "instanceid", port, true);
    end_empty(o);
  }
  close_tag(o, l, qbh ? "vportprofile" : "virtualport");
}

/* A Xen guest imported from xend: the backend's name (netback) or xend's
 * emulated NIC (ioemu) as the model, the vif script. */
static void xen_model(w *o, gen *g, int l) {
  static const unsigned char oui_xen[3] = {0x00, 0x16, 0x3e};
  a(o, "type", chance(g, 50) ? "bridge" : "none");
  end_open(o);
  tag(o, l, "mac");
  a_open(o, "address");
  mac_oui(o, oui_xen, next(g), 2, false);
  a_close(o);
  end_empty(o);
  tag(o, l, "source");
  a(o, "bridge", "xenbr0");
  end_empty(o);
  if (chance(g, 50)) {
    tag(o, l, "script");
    a(o, "path", "vif-bridge");
    end_empty(o);
  }
  model(o, l, chance(g, 50) ? "netback" : "ioemu");
}

static void interface(w *o, gen *g, int level, unsigned index,
                      const unsigned char *mix) {
  int k = pick_kind(g, mix);
  int l = level + 1;
  uuid port = new_uuid(g);
  g->kinds[k]++;
  bool flat = chance(g, 4);
  if (flat) {
    nl(o, level); /* the interface itself starts a line */
    o->flat = true;
  }
  iface_open(o, level);
  switch (k) {
  case K_OVS:
    a(o, "type", "bridge");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "source");
    a(o, "bridge", "br-int");
    end_empty(o);
    if (chance(g, 6)) {
      nl(o, l);
      S(o, "<!-- ovs port -->");
    }
    tag(o, l, "virtualport");
    a(o, "type", "openvswitch");
    end_open(o);
    tag(o, l + 1, "parameters");
    a_uuid(o, "interfaceid", port, false);
    end_empty(o);
    close_tag(o, l, "virtualport");
    target(o, l, "tap", port);
    model(o, l, "virtio");
    if (chance(g, 40)) {
      tag(o, l, "driver");
      a(o, "name", "vhost");
      au(o, "queues", 2u << below(g, 3));
      end_empty(o);
    }
    if (chance(g, 50))
      mtu(o, l, chance(g, 50) ? 1450 : 9000);
    if (chance(g, 30))
      alias(o, l, index);
    pci_address(o, g, l, false);
    break;
  case K_OVS_LEGACY: { /* Liberty: upper case, vendor spellings, odd order */
    const char *vp = chance(g, 50) ? "portprofile" : "virtualport";
    a(o, "type", "bridge");
    end_open(o);
    mac_el(o, g, l, true);
    tag(o, l, "source");
    a(o, "bridge", "br-int");
    end_empty(o);
    target(o, l, "tap", port);
    model(o, l, chance(g, 50) ? "VIRTIO" : "Virtio");
    tag(o, l, "driver");
    a(o, "name", "vhost");
    a(o, "queues", "1");
    end_empty(o);
    tag(o, l, vp);
    a(o, "type", "OpenVSwitch");
    end_open(o);
    tag(o, l + 1, "parameters");
    a_uuid(o, "interfaceid", port, true);
    end_empty(o);
    close_tag(o, l, vp);
    break;
  }
  case K_HYBRID: { /* OVS hybrid plug / linuxbridge with nwfilter */
    bool legacy = chance(g, 50);
    a(o, "type", "bridge");
    end_open(o);
    tag(o, l, "source");
    a_devname(o, "bridge", legacy ? "qbr" : "brq", port);
    end_empty(o);
    mac_el(o, g, l, false);
    tag(o, l, "filterref");
    a(o, legacy ? "name" : "filter", legacy ? "nova-instance-filter" : "clean-traffic");
    end_open(o);
    tag(o, l + 1, "parameter");
    a(o, "name", "IP");
    a_ipv4(o, "value", 10, next(g));
    end_empty(o);
    tag(o, l + 1, "parameter");
    a(o, "name", "DHCPSERVER");
    a(o, "value", "10.0.0.1");
    end_empty(o);
    close_tag(o, l, "filterref");
    model(o, l, "virtio");
    target(o, l, "tap", port);
    break;
  }
  case K_VHOSTUSER:
    a(o, "type", "vhostuser");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "source");
    a(o, "type", "unix");
    a_open(o, "path");
    S(o, "/var/run/openvswitch/vhu");
    hexn(o, port.hi >> 32, 8, false);
    S(o, "-");
    hexn(o, (port.hi >> 16) & 0xFF, 2, false);
    a_close(o);
    bool client = chance(g, 30);
    a(o, "mode", client ? "client" : "server");
    if (client && chance(g, 50)) {
      end_open(o);
      tag(o, l + 1, "reconnect");
      a(o, "enabled", "yes");
      a(o, "timeout", "10");
      end_empty(o);
      close_tag(o, l, "source");
    } else {
      end_empty(o);
    }
    model(o, l, "virtio");
    if (chance(g, 60)) {
      tag(o, l, "driver");
      a(o, "rx_queue_size", "1024");
      a(o, "tx_queue_size", "1024");
      end_empty(o);
    }
    mtu(o, l, 9000);
    pci_address(o, g, l, false);
    break;
  case K_HOSTDEV:
    a(o, "type", "hostdev");
    a(o, "managed", "yes");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "driver");
    a(o, "name", "vfio");
    end_empty(o);
    tag(o, l, "source");
    end_open(o);
    pci_address(o, g, l + 1, false);
    close_tag(o, l, "source");
    tag(o, l, "vlan");
    end_open(o);
    tag(o, l + 1, "tag");
    au(o, "id", 1 + below(g, 4094));
    end_empty(o);
    close_tag(o, l, "vlan");
    break;
  case K_HOSTDEV_LEGACY:
    a(o, "type", "hostdev");
    a(o, "managed", "yes");
    end_open(o);
    mac_el(o, g, l, chance(g, 50));
    tag(o, l, "source");
    a_open(o, "dev");
    S(o, "0000:");
    hexn(o, 1 + below(g, 0xfe), 2, false);
    S(o, ":");
    hexn(o, below(g, 0x20), 2, false);
    S(o, ".");
    u(o, below(g, 8));
    a_close(o);
    end_empty(o);
    nl(o, l);
    S(o, "<vlan>");
    u(o, 1 + below(g, 4094));
    S(o, "</vlan>");
    break;
  case K_DIRECT: {
    static const char *const modes[] = {"passthrough", "bridge", "vepa",
                                        "private"};
    a(o, "type", "direct");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "source");
    a(o, "dev", below(g, 2) ? "eth2" : "ens1f0");
    a(o, "mode", modes[below(g, 4)]);
    end_empty(o);
    target(o, l, "macvtap", port);
    model(o, l, "virtio");
    break;
  }
  case K_DIRECT_QBG: /* the old element name, lower-case type, decimal ids */
    a(o, "type", "direct");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "source");
    a(o, "dev", "eth0");
    end_empty(o);
    tag(o, l, "vportprofile");
    a(o, "type", "802.1qbg");
    end_open(o);
    tag(o, l + 1, "parameters");
    au(o, "managerid", 11);
    au(o, "typeid", 1193047);
    au(o, "typeidversion", 2);
    a_uuid(o, "instanceid", port, false);
    end_empty(o);
    close_tag(o, l, "vportprofile");
    break;
  case K_ETHERNET:
    a(o, "type", "ethernet");
    end_open(o);
    mac_el(o, g, l, false);
    target(o, l, "tap", port);
    model(o, l, "virtio");
    if (chance(g, 50)) {
      tag(o, l, "script");
      a(o, "path", "");
      end_empty(o);
    }
    if (chance(g, 30))
      bandwidth(o, g, l);
    mtu(o, l, 1500);
    break;
  case K_NETWORK:
    a(o, "type", "network");
    end_open(o);
    mac_el(o, g, l, chance(g, 20));
    tag(o, l, "source");
    a(o, "network", "default");
    if (chance(g, 30))
      a(o, "portgroup", "web");
    end_empty(o);
    model(o, l, chance(g, 50) ? "e1000" : "E1000");
    if (chance(g, 40))
      bandwidth(o, g, l);
    tag(o, l, "target");
    a_open(o, "dev");
    S(o, "vnet");
    u(o, index);
    a_close(o);
    end_empty(o);
    alias(o, l, index);
    break;
  case K_XEN: /* Xen's type='none' with a bridge source */
    a(o, "type", "none");
    end_open(o);
    mac_el(o, g, l, false);
    tag(o, l, "source");
    a(o, "bridge", "xenbr0");
    end_empty(o);
    if (chance(g, 50))
      model(o, l, "netfront");
    break;
  case K_OPAQUE: /* types with no canonical form: passed through */
    switch (below(g, 3)) {
    case 0:
      a(o, "type", "user");
      end_open(o);
      mac_el(o, g, l, false);
      model(o, l, "e1000");
      break;
    case 1:
      a(o, "type", "mcast");
      end_open(o);
      mac_el(o, g, l, false);
      tag(o, l, "source");
      a(o, "address", "230.0.0.1");
      a(o, "port", "5558");
      end_empty(o);
      break;
    default:
      a(o, "type", "server");
      end_open(o);
      mac_el(o, g, l, false);
      tag(o, l, "source");
      a(o, "address", "192.168.0.1");
      a(o, "port", "5558");
      end_empty(o);
      break;
    }
    break;
  case K_OVS_SPLIT:
    ovs_split(o, g, l, port);
    break;
  case K_HOSTDEV_QBH:
    hostdev_qbh(o, g, l);
    break;
  case K_DIRECT_SPLIT:
    direct_split(o, g, l, port);
    break;
  case K_XEN_MODEL:
    xen_model(o, g, l);
    break;
  }
  iface_close(o, level);
  o->flat = false;
}

/* ## Domains */

static const char *const flavors[] = {"m1.tiny", "m1.small", "m1.medium",
                                      "m1.large", "m1.xlarge"};

/* CPU flags as libvirt names them, in the order a host-model expansion
 * lists them; the last few are ones a cloud turns off. */
static const char *const cpu_flags[] = {
    "ss", "vmx", "pdcm", "hypervisor", "tsc_adjust", "clflushopt", "umip",
    "pku", "md-clear", "stibp", "arch-capabilities", "ssbd", "xsaves",
    "ibpb", "ibrs", "amd-stibp", "amd-ssbd", "rdctl-no", "ibrs-all",
    "skip-l1dfl-vmentry", "mds-no", "pschange-mc-no", "tsx-ctrl", "hle",
    "rtm", "mpx"};
#define CPU_FLAGS (sizeof cpu_flags / sizeof *cpu_flags)
#define CPU_FLAGS_OFF 3

/* The first n flags as <feature policy=... name=.../>; name_first: the
 * attribute order of vdsm's writer. */
static void cpu_features(w *o, int level, unsigned n, bool name_first) {
  for (unsigned i = 0; i < n && i < CPU_FLAGS; i++) {
    const char *policy = i >= CPU_FLAGS - CPU_FLAGS_OFF ? "disable" : "require";
    tag(o, level, "feature");
    if (!name_first)
      a(o, "policy", policy);
    a(o, "name", cpu_flags[i]);
    if (name_first)
      a(o, "policy", policy);
    end_empty(o);
  }
}

/* Nova's <cpu>: host-model in the Nova shapes; in realworld the custom
 * model with extra flags (cpu_mode = custom, cpu_model_extra_flags) that
 * clouds set for live migration across hosts. */
static void nova_cpu(w *o, gen *g, int l1, bool realworld) {
  int l2 = l1 + 1;
  tag(o, l1, "cpu");
  if (realworld) {
    a(o, "mode", "custom");
    a(o, "match", "exact");
  } else {
    a(o, "mode", "host-model");
  }
  a(o, "check", "partial");
  end_open(o);
  if (realworld) {
    tag(o, l2, "model");
    a(o, "fallback", "forbid");
    end_open(o);
    S(o, "Cascadelake-Server</model>");
  }
  tag(o, l2, "topology");
  a(o, "sockets", "1");
  a(o, "dies", "1");
  a(o, "cores", "1");
  a(o, "threads", "1");
  end_empty(o);
  if (realworld)
    cpu_features(o, l2, 4 + below(g, 20), false);
  close_tag(o, l1, "cpu");
}

/* Nova shapes: 1 to 4 interfaces; realworld (every writer): 1 to 3 */
static unsigned nifaces(gen *g, bool realworld) {
  unsigned r = below(g, 100);
  if (realworld)
    return r < 30 ? 1 : r < 70 ? 2 : 3;
  return r < 40 ? 1 : r < 75 ? 2 : r < 90 ? 3 : 4;
}

static void domain(w *o, gen *g, int base, bool realworld) {
  uuid id = new_uuid(g), user = new_uuid(g), project = new_uuid(g),
       image = new_uuid(g);
  unsigned fl = below(g, 5);
  unsigned long mem = 512ul << fl;
  unsigned long n = g->domains++;
  int l1 = base + 1, l2 = base + 2, l3 = base + 3, l4 = base + 4;

  tag(o, base, "domain");
  a(o, "type", "kvm");
  end_open(o);
  tag(o, l1, "name");
  end_open(o);
  S(o, "instance-");
  hexn(o, n, 8, false);
  S(o, "</name>");
  tag(o, l1, "uuid");
  end_open(o);
  uuid_put(o, id, false, true);
  S(o, "</uuid>");

  tag(o, l1, "metadata");
  end_open(o);
  tag(o, l2, "nova:instance");
  S(o, " xmlns:nova=\"http://openstack.org/xmlns/libvirt/nova/1.1\">");
  tag(o, l3, "nova:package");
  a(o, "version", "25.2.1");
  end_empty(o);
  tag(o, l3, "nova:name");
  end_open(o);
  S(o, "vm-");
  u(o, n);
  S(o, "</nova:name>");
  text_el(o, l3, "nova:creationTime", "2024-03-14 09:26:53");
  tag(o, l3, "nova:flavor");
  a(o, "name", flavors[fl]);
  end_open(o);
  tag(o, l4, "nova:memory");
  end_open(o);
  u(o, mem);
  S(o, "</nova:memory>");
  text_el(o, l4, "nova:disk", "20");
  text_el(o, l4, "nova:swap", "0");
  text_el(o, l4, "nova:ephemeral", "0");
  tag(o, l4, "nova:vcpus");
  end_open(o);
  u(o, 1u << (fl > 2 ? fl - 2 : 0));
  S(o, "</nova:vcpus>");
  close_tag(o, l3, "nova:flavor");
  tag(o, l3, "nova:owner");
  end_open(o);
  tag(o, l4, "nova:user");
  a_uuid(o, "uuid", user, false);
  end_open(o);
  S(o, "admin</nova:user>");
  tag(o, l4, "nova:project");
  a_uuid(o, "uuid", project, false);
  end_open(o);
  S(o, "demo</nova:project>");
  close_tag(o, l3, "nova:owner");
  tag(o, l3, "nova:root");
  a(o, "type", "image");
  a_uuid(o, "uuid", image, false);
  end_empty(o);
  close_tag(o, l2, "nova:instance");
  close_tag(o, l1, "metadata");

  tag(o, l1, "memory");
  a(o, "unit", "KiB");
  end_open(o);
  u(o, mem * 1024);
  S(o, "</memory>");
  tag(o, l1, "currentMemory");
  a(o, "unit", "KiB");
  end_open(o);
  u(o, mem * 1024);
  S(o, "</currentMemory>");
  tag(o, l1, "vcpu");
  a(o, "placement", "static");
  end_open(o);
  u(o, 1u << (fl > 2 ? fl - 2 : 0));
  S(o, "</vcpu>");
  tag(o, l1, "cputune");
  end_open(o);
  text_el(o, l2, "shares", "1024");
  close_tag(o, l1, "cputune");
  tag(o, l1, "sysinfo");
  a(o, "type", "smbios");
  end_open(o);
  tag(o, l2, "system");
  end_open(o);
  tag(o, l3, "entry");
  a(o, "name", "manufacturer");
  end_open(o);
  S(o, "OpenStack Foundation</entry>");
  tag(o, l3, "entry");
  a(o, "name", "product");
  end_open(o);
  S(o, "OpenStack Nova</entry>");
  tag(o, l3, "entry");
  a(o, "name", "version");
  end_open(o);
  S(o, "25.2.1</entry>");
  tag(o, l3, "entry");
  a(o, "name", "serial");
  end_open(o);
  uuid_put(o, id, false, true);
  S(o, "</entry>");
  tag(o, l3, "entry");
  a(o, "name", "uuid");
  end_open(o);
  uuid_put(o, id, false, true);
  S(o, "</entry>");
  tag(o, l3, "entry");
  a(o, "name", "family");
  end_open(o);
  S(o, "Virtual Machine</entry>");
  close_tag(o, l2, "system");
  close_tag(o, l1, "sysinfo");
  tag(o, l1, "os");
  end_open(o);
  tag(o, l2, "type");
  a(o, "arch", "x86_64");
  a(o, "machine", "pc-q35-6.2");
  end_open(o);
  S(o, "hvm</type>");
  tag(o, l2, "boot");
  a(o, "dev", "hd");
  end_empty(o);
  tag(o, l2, "smbios");
  a(o, "mode", "sysinfo");
  end_empty(o);
  close_tag(o, l1, "os");
  tag(o, l1, "features");
  end_open(o);
  tag(o, l2, "acpi");
  end_empty(o);
  tag(o, l2, "apic");
  end_empty(o);
  tag(o, l2, "vmcoreinfo");
  a(o, "state", "on");
  end_empty(o);
  close_tag(o, l1, "features");
  nova_cpu(o, g, l1, realworld);
  tag(o, l1, "clock");
  a(o, "offset", "utc");
  end_open(o);
  tag(o, l2, "timer");
  a(o, "name", "pit");
  a(o, "tickpolicy", "delay");
  end_empty(o);
  tag(o, l2, "timer");
  a(o, "name", "rtc");
  a(o, "tickpolicy", "catchup");
  end_empty(o);
  tag(o, l2, "timer");
  a(o, "name", "hpet");
  a(o, "present", "no");
  end_empty(o);
  close_tag(o, l1, "clock");
  text_el(o, l1, "on_poweroff", "destroy");
  text_el(o, l1, "on_reboot", "restart");
  text_el(o, l1, "on_crash", "destroy");

  tag(o, l1, "devices");
  end_open(o);
  text_el(o, l2, "emulator", "/usr/bin/qemu-system-x86_64");
  tag(o, l2, "disk");
  a(o, "type", "file");
  a(o, "device", "disk");
  end_open(o);
  tag(o, l3, "driver");
  a(o, "name", "qemu");
  a(o, "type", "qcow2");
  a(o, "cache", "none");
  end_empty(o);
  tag(o, l3, "source");
  a_open(o, "file");
  S(o, "/var/lib/nova/instances/");
  uuid_put(o, id, false, true);
  S(o, "/disk");
  a_close(o);
  end_empty(o);
  tag(o, l3, "target");
  a(o, "dev", "vda");
  a(o, "bus", "virtio");
  end_empty(o);
  pci_address(o, g, l3, false);
  close_tag(o, l2, "disk");
  if (chance(g, 40)) {
    tag(o, l2, "disk");
    a(o, "type", "file");
    a(o, "device", "cdrom");
    end_open(o);
    tag(o, l3, "driver");
    a(o, "name", "qemu");
    a(o, "type", "raw");
    a(o, "cache", "none");
    end_empty(o);
    tag(o, l3, "source");
    a_open(o, "file");
    S(o, "/var/lib/nova/instances/");
    uuid_put(o, id, false, true);
    S(o, "/disk.config");
    a_close(o);
    end_empty(o);
    tag(o, l3, "target");
    a(o, "dev", "sda");
    a(o, "bus", "sata");
    end_empty(o);
    tag(o, l3, "readonly");
    end_empty(o);
    close_tag(o, l2, "disk");
  }
  tag(o, l2, "controller");
  a(o, "type", "pci");
  a(o, "index", "0");
  a(o, "model", "pcie-root");
  end_empty(o);
  for (int i = 1; i <= 4; i++) {
    tag(o, l2, "controller");
    a(o, "type", "pci");
    au(o, "index", (unsigned)i);
    a(o, "model", "pcie-root-port");
    end_open(o);
    tag(o, l3, "model");
    a(o, "name", "pcie-root-port");
    end_empty(o);
    tag(o, l3, "target");
    au(o, "chassis", (unsigned)i);
    au(o, "port", 0x10u + (unsigned)i);
    end_empty(o);
    pci_address(o, g, l3, false);
    close_tag(o, l2, "controller");
  }
  tag(o, l2, "controller");
  a(o, "type", "usb");
  a(o, "index", "0");
  a(o, "model", "piix3-uhci");
  end_empty(o);
  if (chance(g, 30)) {
    nl(o, l2);
    S(o, "<!-- ports plugged by nova-compute; do not edit -->");
  }
  unsigned nif = nifaces(g, realworld);
  for (unsigned i = 0; i < nif; i++)
    interface(o, g, l2, i, nova_mix);
  tag(o, l2, "serial");
  a(o, "type", "pty");
  end_open(o);
  tag(o, l3, "log");
  a_open(o, "file");
  S(o, "/var/lib/nova/instances/");
  uuid_put(o, id, false, true);
  S(o, "/console.log");
  a_close(o);
  a(o, "append", "off");
  end_empty(o);
  tag(o, l3, "target");
  a(o, "type", "isa-serial");
  a(o, "port", "0");
  end_open(o);
  tag(o, l4, "model");
  a(o, "name", "isa-serial");
  end_empty(o);
  close_tag(o, l3, "target");
  close_tag(o, l2, "serial");
  tag(o, l2, "console");
  a(o, "type", "pty");
  end_open(o);
  tag(o, l3, "target");
  a(o, "type", "serial");
  a(o, "port", "0");
  end_empty(o);
  close_tag(o, l2, "console");
  tag(o, l2, "input");
  a(o, "type", "tablet");
  a(o, "bus", "usb");
  end_open(o);
  tag(o, l3, "address");
  a(o, "type", "usb");
  a(o, "bus", "0");
  a(o, "port", "1");
  end_empty(o);
  close_tag(o, l2, "input");
  tag(o, l2, "input");
  a(o, "type", "mouse");
  a(o, "bus", "ps2");
  end_empty(o);
  tag(o, l2, "graphics");
  a(o, "type", "vnc");
  a(o, "port", "-1");
  a(o, "autoport", "yes");
  a(o, "listen", "0.0.0.0");
  end_open(o);
  tag(o, l3, "listen");
  a(o, "type", "address");
  a(o, "address", "0.0.0.0");
  end_empty(o);
  close_tag(o, l2, "graphics");
  tag(o, l2, "video");
  end_open(o);
  tag(o, l3, "model");
  a(o, "type", "virtio");
  a(o, "heads", "1");
  a(o, "primary", "yes");
  end_empty(o);
  pci_address(o, g, l3, false);
  close_tag(o, l2, "video");
  tag(o, l2, "memballoon");
  a(o, "model", "virtio");
  end_open(o);
  tag(o, l3, "stats");
  a(o, "period", "10");
  end_empty(o);
  pci_address(o, g, l3, false);
  close_tag(o, l2, "memballoon");
  tag(o, l2, "rng");
  a(o, "model", "virtio");
  end_open(o);
  tag(o, l3, "backend");
  a(o, "model", "random");
  end_open(o);
  S(o, "/dev/urandom</backend>");
  pci_address(o, g, l3, false);
  close_tag(o, l2, "rng");
  close_tag(o, l1, "devices");
  close_tag(o, base, "domain");
}

/* ## Templates: the constant parts of a domain
 *
 * The dense and realworld shapes write domains from templates: one string
 * per element, its level (relative to the domain's) first:
 *
 *   "2name a='v'/"      <name a='v'/>  (KubeVirt: <name a='v'></name>)
 *   "2name a='v'>text"  <name a='v'>text</name>
 *   "2name a='v'"       <name a='v'>, its children follow
 *   "2/name"            </name>
 *   "2!text"            <!-- text -->
 *   "3@pci"             a guest PCI address
 *
 * A single quote becomes the writer's quote (double quotes stay: libvirt
 * writes <metadata> through libxml2, which uses them), and $x one of the
 * domain's values (var()). */

typedef struct {
  char name[48];
  const char *os;     /* libosinfo id */
  unsigned long mem;  /* in the unit the writer states */
  unsigned vcpus;
  uuid id, store, pool; /* vdsm's storage domain and pool, KubeVirt's uid */
  uuid img[3], vol[3], nic[3]; /* per disk and per NIC */
  uint64_t mac[3];
  const unsigned char *oui;
  unsigned cur; /* the disk or NIC that $i $v $a $e $d $k $b refer to */
} dom;

static void dom_init(dom *d, gen *g, const unsigned char *oui) {
  memset(d, 0, sizeof *d);
  d->id = new_uuid(g);
  d->store = new_uuid(g);
  d->pool = new_uuid(g);
  for (int i = 0; i < 3; i++) {
    d->img[i] = new_uuid(g);
    d->vol[i] = new_uuid(g);
    d->nic[i] = new_uuid(g);
    d->mac[i] = next(g);
  }
  d->oui = oui;
}

static void var(w *o, const dom *d, char c) {
  switch (c) {
  case 'n': str(o, d->name); break;
  case 'o': str(o, d->os); break;
  case 'm': u(o, d->mem); break;
  case 'c': u(o, d->vcpus); break;
  case 'u': uuid_put(o, d->id, false, true); break;
  case 's': uuid_put(o, d->store, false, true); break;
  case 'p': uuid_put(o, d->pool, false, true); break;
  case 'r': uuid_put(o, new_uuid(o->g), false, true); break; /* a fresh one */
  case 'i': uuid_put(o, d->img[d->cur], false, true); break;
  case 'v': uuid_put(o, d->vol[d->cur], false, true); break;
  case 'a': uuid_put(o, d->nic[d->cur], false, true); break;
  case 'e': mac_oui(o, d->oui, d->mac[d->cur], 2, false); break;
  case 'd': put(o, &"abc"[d->cur], 1); break;
  case 'k': u(o, d->cur); break;
  case 'b': u(o, d->cur + 1); break;
  default: abort(); /* a template names a value that does not exist */
  }
}

/* Template text: the quote becomes the writer's, $x the domain's value. */
static void expand(w *o, const dom *d, const char *s, size_t n) {
  const char *end = s + n;
  while (s < end) {
    const char *p = s;
    while (p < end && *p != '\'' && *p != '$')
      p++;
    put(o, s, (size_t)(p - s));
    if (p == end)
      break;
    if (*p == '\'')
      put(o, &o->q, 1);
    else
      var(o, d, *++p);
    s = p + 1;
  }
}

/* One template line, as the syntax above says. */
static void line(w *o, const dom *d, int base, const char *t) {
  int level = base + (t[0] - '0');
  const char *s = t + 1;
  if (*s == '/') {
    close_tag(o, level, s + 1);
    return;
  }
  if (*s == '!') {
    nl(o, level);
    S(o, "<!-- ");
    str(o, s + 1);
    S(o, " -->");
    return;
  }
  if (!strcmp(s, "@pci")) {
    pci_address(o, o->g, level, false);
    return;
  }
  size_t name = strcspn(s, " />");
  tagn(o, level, s, name);
  const char *rest = s + name;
  size_t attrs = strcspn(rest, ">");
  if (rest[attrs] == '>') {
    expand(o, d, rest, attrs);
    end_open(o);
    expand(o, d, rest + attrs + 1, strlen(rest + attrs + 1));
    S(o, "</");
    put(o, s, name);
    S(o, ">");
  } else if (attrs && rest[attrs - 1] == '/') {
    expand(o, d, rest, attrs - 1);
    end_empty(o);
  } else {
    expand(o, d, rest, attrs);
    end_open(o);
  }
}

/* t ends with NULL */
static void tpl(w *o, const dom *d, int base, const char *const *t) {
  for (; *t; t++)
    line(o, d, base, *t);
}

/* ## Dense: small domains crowded with interfaces
 *
 * Interface-heavy input: a small domain (name, uuid, memory, one disk and
 * the few elements every definition has), then 2 to 5 interfaces of every
 * kind, the legacy-only kinds included, weighted so that interfaces hold
 * about half of the bytes. */

static const unsigned char dense_mix[K_NKINDS] = {6,  4, 4, 5, 5, 10, 10, 4,
                                                  8, 10, 8, 10, 4, 4, 3, 5};

static const char *const dense_head[] = {
    "0domain type='kvm'",
    "1name>$n",
    "1uuid>$u",
    "1memory unit='KiB'>$m",
    "1vcpu placement='static'>$c",
    "1os",
    "2type arch='x86_64' machine='pc-q35-6.2'>hvm",
    "2boot dev='hd'/",
    "1/os",
    "1features",
    "2acpi/",
    "2apic/",
    "1/features",
    "1devices",
    "2emulator>/usr/bin/qemu-system-x86_64",
    "2disk type='file' device='disk'",
    "3driver name='qemu' type='qcow2' cache='none'/",
    "3source file='/var/lib/libvirt/images/$n.qcow2'/",
    "3target dev='vda' bus='virtio'/",
    "3@pci",
    "2/disk",
    NULL};
static const char *const dense_tail[] = {
    "2console type='pty'/",
    "1/devices",
    "0/domain",
    NULL};

static void dense_domain(w *o, gen *g, int base) {
  dom d;
  memset(&d, 0, sizeof d);
  d.id = new_uuid(g);
  snprintf(d.name, sizeof d.name, "net-%08lx", g->domains++);
  d.mem = 1048576ul << below(g, 4);
  d.vcpus = 1u << below(g, 3);
  tpl(o, &d, base, dense_head);
  for (unsigned i = 0, nif = 2 + below(g, 4); i < nif; i++)
    interface(o, g, base + 2, i, dense_mix);
  tpl(o, &d, base, dense_tail);
}

/* ## Real-world domains
 *
 * Whole definitions as the tools that create guests write them, each in
 * its own style, so that most bytes are the many small elements and
 * attributes outside interfaces. */

/* ### virt-manager (virt-install): a q35 guest with what the wizard adds,
 * as libvirt formats it: libosinfo metadata, 14 PCIe root ports, the guest
 * agent and SPICE channels, USB redirection, sound. */

static const char *const vm_head[] = {
    "0domain type='kvm'",
    "1name>$n",
    "1uuid>$u",
    "1metadata",
    "2libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\"",
    "3libosinfo:os id=\"$o\"/",
    "2/libosinfo:libosinfo",
    "1/metadata",
    "1memory unit='KiB'>$m",
    "1currentMemory unit='KiB'>$m",
    "1vcpu placement='static'>$c",
    NULL};
static const char *const vm_os_bios[] = {
    "1os",
    "2type arch='x86_64' machine='pc-q35-8.1'>hvm",
    "2boot dev='hd'/",
    "1/os",
    NULL};
static const char *const vm_os_efi[] = {
    "1os firmware='efi'",
    "2type arch='x86_64' machine='pc-q35-8.1'>hvm",
    "2firmware",
    "3feature enabled='yes' name='enrolled-keys'/",
    "3feature enabled='yes' name='secure-boot'/",
    "2/firmware",
    "2loader readonly='yes' secure='yes' type='pflash'>/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd",
    "2nvram template='/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd'>/var/lib/libvirt/qemu/nvram/$n_VARS.fd",
    "2boot dev='hd'/",
    "1/os",
    NULL};
static const char *const vm_hyperv[] = {
    "2hyperv mode='custom'",
    "3relaxed state='on'/",
    "3vapic state='on'/",
    "3spinlocks state='on' retries='8191'/",
    "3vpindex state='on'/",
    "3runtime state='on'/",
    "3synic state='on'/",
    "3stimer state='on'/",
    "3reset state='on'/",
    "3vendor_id state='on' value='KVM Hv'/",
    "3frequencies state='on'/",
    "3tlbflush state='on'/",
    "3ipi state='on'/",
    "2/hyperv",
    NULL};
static const char *const vm_timers[] = {
    "2timer name='rtc' tickpolicy='catchup'/",
    "2timer name='pit' tickpolicy='delay'/",
    "2timer name='hpet' present='no'/",
    NULL};
static const char *const vm_devices[] = {
    "1on_poweroff>destroy",
    "1on_reboot>restart",
    "1on_crash>destroy",
    "1pm",
    "2suspend-to-mem enabled='no'/",
    "2suspend-to-disk enabled='no'/",
    "1/pm",
    "1devices",
    "2emulator>/usr/bin/qemu-system-x86_64",
    "2disk type='file' device='disk'",
    "3driver name='qemu' type='qcow2' discard='unmap'/",
    "3source file='/var/lib/libvirt/images/$n.qcow2'/",
    "3target dev='vda' bus='virtio'/",
    "3@pci",
    "2/disk",
    "2disk type='file' device='cdrom'",
    "3driver name='qemu' type='raw'/",
    "3target dev='sda' bus='sata'/",
    "3readonly/",
    "3address type='drive' controller='0' bus='0' target='0' unit='0'/",
    "2/disk",
    "2controller type='usb' index='0' model='qemu-xhci' ports='15'",
    "3@pci",
    "2/controller",
    "2controller type='pci' index='0' model='pcie-root'/",
    NULL};
static const char *const vm_controllers[] = {
    "2controller type='sata' index='0'",
    "3address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/",
    "2/controller",
    "2controller type='virtio-serial' index='0'",
    "3@pci",
    "2/controller",
    NULL};
static const char *const vm_tail[] = {
    "2serial type='pty'",
    "3target type='isa-serial' port='0'",
    "4model name='isa-serial'/",
    "3/target",
    "2/serial",
    "2console type='pty'",
    "3target type='serial' port='0'/",
    "2/console",
    "2channel type='unix'",
    "3target type='virtio' name='org.qemu.guest_agent.0'/",
    "3address type='virtio-serial' controller='0' bus='0' port='1'/",
    "2/channel",
    "2channel type='spicevmc'",
    "3target type='virtio' name='com.redhat.spice.0'/",
    "3address type='virtio-serial' controller='0' bus='0' port='2'/",
    "2/channel",
    "2input type='tablet' bus='usb'",
    "3address type='usb' bus='0' port='1'/",
    "2/input",
    "2input type='mouse' bus='ps2'/",
    "2input type='keyboard' bus='ps2'/",
    "2graphics type='spice' autoport='yes'",
    "3listen type='address'/",
    "3image compression='off'/",
    "2/graphics",
    "2sound model='ich9'",
    "3address type='pci' domain='0x0000' bus='0x00' slot='0x1b' function='0x0'/",
    "2/sound",
    "2audio id='1' type='spice'/",
    "2video",
    "3model type='virtio' heads='1' primary='yes'/",
    "3@pci",
    "2/video",
    "2redirdev bus='usb' type='spicevmc'",
    "3address type='usb' bus='0' port='2'/",
    "2/redirdev",
    "2redirdev bus='usb' type='spicevmc'",
    "3address type='usb' bus='0' port='3'/",
    "2/redirdev",
    "2memballoon model='virtio'",
    "3@pci",
    "2/memballoon",
    "2rng model='virtio'",
    "3backend model='random'>/dev/urandom",
    "3@pci",
    "2/rng",
    "1/devices",
    "0/domain",
    NULL};

static void vm_root_ports(w *o, int base) {
  for (unsigned i = 1; i <= 14; i++) {
    unsigned fn = (i - 1) % 8;
    tag(o, base + 2, "controller");
    a(o, "type", "pci");
    au(o, "index", i);
    a(o, "model", "pcie-root-port");
    end_open(o);
    tag(o, base + 3, "model");
    a(o, "name", "pcie-root-port");
    end_empty(o);
    tag(o, base + 3, "target");
    au(o, "chassis", i);
    ahex(o, "port", 0x10 + i - 1, 2);
    end_empty(o);
    tag(o, base + 3, "address");
    a(o, "type", "pci");
    a(o, "domain", "0x0000");
    a(o, "bus", "0x00");
    ahex(o, "slot", 2 + (i - 1) / 8, 2);
    ahex(o, "function", fn, 1);
    if (!fn)
      a(o, "multifunction", "on");
    end_empty(o);
    close_tag(o, base + 2, "controller");
  }
}

/* NAT'd "default" network mostly, a host bridge or macvtap otherwise */
static void vm_nic(w *o, gen *g, const dom *d, int level, bool win) {
  int l = level + 1;
  unsigned r = below(g, 10);
  iface_open(o, level);
  a(o, "type", r < 7 ? "network" : r < 9 ? "bridge" : "direct");
  end_open(o);
  tag(o, l, "mac");
  a_open(o, "address");
  mac_oui(o, d->oui, d->mac[d->cur], 2, false);
  a_close(o);
  end_empty(o);
  tag(o, l, "source");
  if (r < 7) {
    a(o, "network", "default");
  } else if (r < 9) {
    a(o, "bridge", "br0");
  } else {
    a(o, "dev", "enp3s0");
    a(o, "mode", "bridge");
  }
  end_empty(o);
  model(o, l, win ? "e1000e" : "virtio");
  pci_address(o, g, l, false);
  iface_close(o, level);
}

static void virt_manager(w *o, gen *g, int base, unsigned long n) {
  static const char *const os[][2] = {
      {"fedora38", "http://fedoraproject.org/fedora/38"},
      {"ubuntu22.04", "http://ubuntu.com/ubuntu/22.04"},
      {"rhel9.2", "http://redhat.com/rhel/9.2"},
      {"debian12", "http://debian.org/debian/12"},
      {"win11", "http://microsoft.com/win/11"},
      {"win2k22", "http://microsoft.com/win/2k22"}};
  dom d;
  dom_init(&d, g, oui_qemu);
  unsigned k = below(g, 6);
  bool win = k >= 4, efi = win || chance(g, 30);
  snprintf(d.name, sizeof d.name, "%s-%lu", os[k][0], n);
  d.os = os[k][1];
  d.mem = 2097152ul << below(g, 3);
  d.vcpus = 2u << below(g, 2);
  tpl(o, &d, base, vm_head);
  tpl(o, &d, base, efi ? vm_os_efi : vm_os_bios);
  line(o, &d, base, "1features");
  line(o, &d, base, "2acpi/");
  line(o, &d, base, "2apic/");
  if (win)
    tpl(o, &d, base, vm_hyperv);
  line(o, &d, base, "2vmport state='off'/");
  if (efi)
    line(o, &d, base, "2smm state='on'/");
  line(o, &d, base, "1/features");
  if (chance(g, 30)) { /* "Copy host CPU configuration" */
    line(o, &d, base, "1cpu mode='custom' match='exact' check='partial'");
    line(o, &d, base, "2model fallback='allow'>Skylake-Client-IBRS");
    cpu_features(o, base + 2, 8 + below(g, 18), false);
    line(o, &d, base, "1/cpu");
  } else {
    line(o, &d, base, "1cpu mode='host-passthrough' check='none' migratable='on'/");
  }
  line(o, &d, base, win ? "1clock offset='localtime'" : "1clock offset='utc'");
  tpl(o, &d, base, vm_timers);
  if (win)
    line(o, &d, base, "2timer name='hypervclock' present='yes'/");
  line(o, &d, base, "1/clock");
  tpl(o, &d, base, vm_devices);
  vm_root_ports(o, base);
  tpl(o, &d, base, vm_controllers);
  for (unsigned nics = nifaces(g, true); d.cur < nics; d.cur++)
    vm_nic(o, g, &d, base + 2, win);
  tpl(o, &d, base, vm_tail);
}

/* ### vdsm (oVirt): the engine's XML with its own order (devices before
 * <os>, <metadata> near the end), the ovirt-vm metadata of every disk and
 * NIC, user aliases (ua-UUID) on every device, double quotes. */

static const char *const vdsm_head[] = {
    "0domain xmlns:ns0=\"http://ovirt.org/vm/tune/1.0\" xmlns:ovirt-vm=\"http://ovirt.org/vm/1.0\" type='kvm'",
    "1name>$n",
    "1uuid>$u",
    "1memory>$m",
    "1currentMemory>$m",
    "1iothreads>1",
    "1maxMemory slots='16'>16777216",
    "1vcpu current='$c'>16",
    "1sysinfo type='smbios'",
    "2system",
    "3entry name='manufacturer'>oVirt",
    "3entry name='product'>RHEL",
    "3entry name='version'>8.7-1.0.el8",
    "3entry name='serial'>$s",
    "3entry name='uuid'>$u",
    "3entry name='family'>oVirt",
    "2/system",
    "1/sysinfo",
    "1clock offset='variable' adjustment='0'",
    "2timer name='rtc' tickpolicy='catchup'/",
    "2timer name='pit' tickpolicy='delay'/",
    "2timer name='hpet' present='no'/",
    "1/clock",
    "1features",
    "2acpi/",
    "1/features",
    "1cpu match='exact'",
    "2model>Skylake-Server-IBRS",
    NULL};
static const char *const vdsm_devices[] = {
    "2topology cores='1' threads='1' sockets='16'/",
    "2numa",
    "3cell id='0' cpus='0-15' memory='$m'/",
    "2/numa",
    "1/cpu",
    "1cputune/",
    "1devices",
    "2input type='tablet' bus='usb'/",
    "2channel type='unix'",
    "3target type='virtio' name='ovirt-guest-agent.0'/",
    "3source mode='bind' path='/var/lib/libvirt/qemu/channels/$u.ovirt-guest-agent.0'/",
    "2/channel",
    "2channel type='unix'",
    "3target type='virtio' name='org.qemu.guest_agent.0'/",
    "3source mode='bind' path='/var/lib/libvirt/qemu/channels/$u.org.qemu.guest_agent.0'/",
    "2/channel",
    "2controller type='usb' model='qemu-xhci' index='0' ports='8'",
    "3alias name='ua-$r'/",
    "2/controller",
    "2graphics type='vnc' port='-1' autoport='yes' passwd='*****' passwdValidTo='1970-01-01T00:00:01' keymap='en-us'",
    "3listen type='network' network='vdsm-ovirtmgmt'/",
    "2/graphics",
    "2controller type='scsi' model='virtio-scsi' index='0'",
    "3driver iothread='1'/",
    "3alias name='ua-$r'/",
    "2/controller",
    "2memballoon model='virtio'",
    "3stats period='5'/",
    "3alias name='ua-$r'/",
    "2/memballoon",
    "2controller type='virtio-serial' index='0' ports='16'",
    "3alias name='ua-$r'/",
    "2/controller",
    "2rng model='virtio'",
    "3backend model='random'>/dev/urandom",
    "3alias name='ua-$r'/",
    "2/rng",
    "2video",
    "3model type='qxl' vram='32768' heads='1' ram='65536' vgamem='16384'/",
    "3alias name='ua-$r'/",
    "2/video",
    "2channel type='spicevmc'",
    "3target type='virtio' name='com.redhat.spice.0'/",
    "2/channel",
    NULL};
static const char *const vdsm_nic[] = {
    "3model type='virtio'/",
    "3link state='up'/",
    "3source bridge='ovirtmgmt'/",
    "3alias name='ua-$a'/",
    "3mac address='$e'/",
    "3mtu size='1500'/",
    "3filterref filter='vdsm-no-mac-spoofing'/",
    "3bandwidth/",
    NULL};
static const char *const vdsm_cdrom[] = {
    "2disk type='file' device='cdrom' snapshot='no'",
    "3driver name='qemu' type='raw' error_policy='report'/",
    "3source file='' startupPolicy='optional'",
    "4seclabel model='dac' type='none' relabel='no'/",
    "3/source",
    "3target dev='sdc' bus='sata'/",
    "3readonly/",
    "3alias name='ua-$r'/",
    "2/disk",
    NULL};
static const char *const vdsm_disk[] = {
    "2disk snapshot='no' type='file' device='disk'",
    "3target dev='sd$d' bus='scsi'/",
    "3source file='/rhev/data-center/mnt/glusterSD/gluster01.example.com:_data/$s/images/$i/$v'",
    "4seclabel model='dac' type='none' relabel='no'/",
    "3/source",
    "3driver name='qemu' io='threads' type='qcow2' error_policy='stop' cache='none'/",
    "3alias name='ua-$i'/",
    "3address bus='0' controller='0' unit='$k' type='drive' target='0'/",
    "3boot order='$b'/",
    "3serial>$i",
    "2/disk",
    NULL};
static const char *const vdsm_lease[] = {
    "2lease",
    "3key>$u",
    "3lockspace>$s",
    "3target offset='LEASE-OFFSET:$u:$s' path='LEASE-PATH:$u:$s'/",
    "2/lease",
    "1/devices",
    "1pm",
    "2suspend-to-disk enabled='no'/",
    "2suspend-to-mem enabled='no'/",
    "1/pm",
    "1os",
    "2type arch='x86_64' machine='pc-q35-rhel8.6.0'>hvm",
    "2smbios mode='sysinfo'/",
    "1/os",
    "1metadata",
    "2ns0:qos/",
    "2ovirt-vm:vm",
    "3ovirt-vm:minGuaranteedMemoryMb type='int'>1024",
    "3ovirt-vm:clusterVersion>4.7",
    "3ovirt-vm:custom/",
    NULL};
static const char *const vdsm_nic_meta[] = {
    "3ovirt-vm:device alias='ua-$a' mac_address='$e'",
    "4ovirt-vm:network>ovirtmgmt",
    "4ovirt-vm:custom/",
    "3/ovirt-vm:device",
    NULL};
static const char *const vdsm_disk_meta[] = {
    "3ovirt-vm:device devtype='disk' name='sd$d'",
    "4ovirt-vm:domainID>$s",
    "4ovirt-vm:guestName>/dev/sd$d",
    "4ovirt-vm:imageID>$i",
    "4ovirt-vm:poolID>$p",
    "4ovirt-vm:volumeID>$v",
    "4ovirt-vm:volumeChain",
    "5ovirt-vm:volumeChainNode",
    "6ovirt-vm:domainID>$s",
    "6ovirt-vm:imageID>$i",
    "6ovirt-vm:leaseOffset type='int'>0",
    "6ovirt-vm:leasePath>/rhev/data-center/mnt/glusterSD/gluster01.example.com:_data/$s/images/$i/$v.lease",
    "6ovirt-vm:path>/rhev/data-center/mnt/glusterSD/gluster01.example.com:_data/$s/images/$i/$v",
    "6ovirt-vm:volumeID>$v",
    "5/ovirt-vm:volumeChainNode",
    "4/ovirt-vm:volumeChain",
    "3/ovirt-vm:device",
    NULL};
static const char *const vdsm_tail[] = {
    "3ovirt-vm:launchPaused>false",
    "3ovirt-vm:resumeBehavior>auto_resume",
    "2/ovirt-vm:vm",
    "1/metadata",
    "1on_poweroff>destroy",
    "1on_reboot>destroy",
    "1on_crash>destroy",
    "0/domain",
    NULL};

static void vdsm(w *o, gen *g, int base, unsigned long n) {
  dom d;
  dom_init(&d, g, oui_ovirt);
  snprintf(d.name, sizeof d.name, "prod-vm-%04lu", n % 10000);
  d.mem = 1048576ul << below(g, 4);
  d.vcpus = 1u << below(g, 3);
  unsigned nics = nifaces(g, true), disks = 1 + below(g, 2);
  tpl(o, &d, base, vdsm_head);
  cpu_features(o, base + 2, 4 + below(g, 9), true);
  tpl(o, &d, base, vdsm_devices);
  for (d.cur = 0; d.cur < nics; d.cur++) {
    iface_open(o, base + 2);
    a(o, "type", "bridge");
    end_open(o);
    tpl(o, &d, base, vdsm_nic);
    iface_close(o, base + 2);
  }
  tpl(o, &d, base, vdsm_cdrom);
  for (d.cur = 0; d.cur < disks; d.cur++)
    tpl(o, &d, base, vdsm_disk);
  tpl(o, &d, base, vdsm_lease);
  for (d.cur = 0; d.cur < nics; d.cur++)
    tpl(o, &d, base, vdsm_nic_meta);
  for (d.cur = 0; d.cur < disks; d.cur++)
    tpl(o, &d, base, vdsm_disk_meta);
  tpl(o, &d, base, vdsm_tail);
}

/* ### virt-v2v: a guest converted from VMware, small: what the source had,
 * the devices virt-v2v adds, nothing else. */

static const char *const v2v_head[] = {
    "0domain type='kvm'",
    "1!generated by virt-v2v 2.3.4rhel=9,release=2.el9",
    "1name>$n",
    "1metadata",
    "2libosinfo:libosinfo xmlns:libosinfo=\"http://libosinfo.org/xmlns/libvirt/domain/1.0\"",
    "3libosinfo:os id=\"$o\"/",
    "2/libosinfo:libosinfo",
    "1/metadata",
    "1memory unit='KiB'>$m",
    "1currentMemory unit='KiB'>$m",
    "1vcpu>$c",
    "1cpu",
    "2topology sockets='1' cores='$c' threads='1'/",
    "1/cpu",
    "1features",
    "2acpi/",
    "2apic/",
    "2pae/",
    NULL};
static const char *const v2v_hyperv[] = {
    "2hyperv",
    "3relaxed state='on'/",
    "3vapic state='on'/",
    "3spinlocks state='on' retries='8191'/",
    "2/hyperv",
    NULL};
static const char *const v2v_os_bios[] = {
    "1/features",
    "1os",
    "2type arch='x86_64' machine='q35'>hvm",
    "1/os",
    NULL};
static const char *const v2v_os_efi[] = {
    "1/features",
    "1os",
    "2type arch='x86_64' machine='q35'>hvm",
    "2loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.secboot.fd",
    "2nvram template='/usr/share/OVMF/OVMF_VARS.fd'/",
    "1/os",
    NULL};
static const char *const v2v_life[] = {
    "1on_poweroff>destroy",
    "1on_reboot>restart",
    "1on_crash>restart",
    NULL};
static const char *const v2v_clock[] = {
    "2timer name='rtc' tickpolicy='catchup'/",
    "2timer name='pit' tickpolicy='delay'/",
    "2timer name='hpet' present='no'/",
    "1/clock",
    "1devices",
    NULL};
static const char *const v2v_disk[] = {
    "2disk type='file' device='disk'",
    "3driver name='qemu' type='raw'/",
    "3source file='/var/lib/libvirt/images/$n-sd$d'/",
    "3target dev='vd$d' bus='virtio'/",
    "2/disk",
    NULL};
static const char *const v2v_tail[] = {
    "2disk device='cdrom' type='file'",
    "3driver name='qemu' type='raw'/",
    "3target dev='sdd' bus='sata'/",
    "2/disk",
    "2video",
    "3model type='vga' vram='16384' heads='1'/",
    "2/video",
    "2graphics type='vnc' autoport='yes' port='-1'/",
    "2rng model='virtio'",
    "3backend model='random'>/dev/urandom",
    "2/rng",
    "2memballoon model='virtio'/",
    "2viosock model='virtio'/",
    "2input type='tablet' bus='usb'/",
    "2input type='mouse' bus='ps2'/",
    "2console type='pty'/",
    "1/devices",
    "0/domain",
    NULL};

/* the source's network under its VMware name; virtio once the guest has
 * the drivers, else the NIC VMware emulated */
static void v2v_nic(w *o, gen *g, const dom *d, int level) {
  static const char *const models[] = {"virtio", "virtio", "e1000", "rtl8139"};
  int l = level + 1;
  iface_open(o, level);
  a(o, "type", "bridge");
  end_open(o);
  tag(o, l, "source");
  a(o, "bridge", "VM Network");
  end_empty(o);
  model(o, l, models[below(g, 4)]);
  tag(o, l, "mac");
  a_open(o, "address");
  mac_oui(o, d->oui, d->mac[d->cur], 2, false);
  a_close(o);
  end_empty(o);
  iface_close(o, level);
}

static void virt_v2v(w *o, gen *g, int base, unsigned long n) {
  dom d;
  dom_init(&d, g, oui_vmware);
  bool win = chance(g, 60);
  snprintf(d.name, sizeof d.name, "%s%03lu", win ? "WIN-APP" : "rhel7-db",
           n % 1000);
  d.os = win ? "http://microsoft.com/win/2k19" : "http://redhat.com/rhel/7.9";
  d.mem = 4194304ul << below(g, 2);
  d.vcpus = 2u << below(g, 2);
  tpl(o, &d, base, v2v_head);
  if (win)
    tpl(o, &d, base, v2v_hyperv);
  tpl(o, &d, base, win || chance(g, 30) ? v2v_os_efi : v2v_os_bios);
  tpl(o, &d, base, v2v_life);
  line(o, &d, base, win ? "1clock offset='localtime'" : "1clock offset='utc'");
  if (!win) /* the guest has the kvmclock driver */
    line(o, &d, base, "2timer name='kvmclock' present='yes'/");
  tpl(o, &d, base, v2v_clock);
  for (unsigned disks = 1 + below(g, 3); d.cur < disks; d.cur++)
    tpl(o, &d, base, v2v_disk);
  for (unsigned nics = nifaces(g, true), i = 0; i < nics; i++) {
    d.cur = i;
    v2v_nic(o, g, &d, base + 2);
  }
  tpl(o, &d, base, v2v_tail);
}

/* ### KubeVirt (virt-launcher): Go's encoding/xml, so double quotes and
 * no empty-element tags; the pod network's tap first, then the rest. */

static const char *const kv_head[] = {
    "0domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'",
    "1name>$n",
    "1uuid>$u",
    "1memory unit='b'>$m",
    "1os",
    "2type arch='x86_64' machine='pc-q35-rhel9.2.0'>hvm",
    "2smbios mode='sysinfo'/",
    "1/os",
    "1sysinfo type='smbios'",
    "2system",
    "3entry name='uuid'>$u",
    "3entry name='manufacturer'>KubeVirt",
    "3entry name='family'>KubeVirt",
    "3entry name='product'>None",
    "3entry name='sku'>",
    "3entry name='version'>",
    "2/system",
    "2bios/",
    "2baseBoard/",
    "2chassis/",
    "1/sysinfo",
    "1devices",
    NULL};
static const char *const kv_nic[] = {
    "3mac address='$e'/",
    "3target dev='tap$k' managed='no'/",
    "3model type='virtio-non-transitional'/",
    "3mtu size='1480'/",
    "3alias name='ua-net$k'/",
    "3rom enabled='no'/",
    NULL};
static const char *const kv_tail[] = {
    "2channel type='unix'",
    "3target name='org.qemu.guest_agent.0' type='virtio'/",
    "2/channel",
    "2controller type='usb' index='0' model='none'/",
    "2controller type='scsi' index='0' model='virtio-non-transitional'/",
    "2controller type='virtio-serial' index='0' model='virtio-non-transitional'/",
    "2video",
    "3model type='vga' heads='1' vram='16384'/",
    "2/video",
    "2graphics type='vnc'",
    "3listen type='socket' socket='/var/run/kubevirt-private/$s/virt-vnc'/",
    "2/graphics",
    "2memballoon model='virtio-non-transitional' freePageReporting='on'",
    "3stats period='10'/",
    "2/memballoon",
    "2disk device='disk' type='file' model='virtio-non-transitional'",
    "3source file='/var/run/kubevirt-ephemeral-disks/disk-data/containerdisk/disk.qcow2'/",
    "3target bus='virtio' dev='vda'/",
    "3driver cache='none' error_policy='stop' name='qemu' type='qcow2' discard='unmap'/",
    "3alias name='ua-containerdisk'/",
    "3backingStore type='file'",
    "4format type='qcow2'/",
    "4source file='/var/run/kubevirt/container-disks/disk_0.img'/",
    "3/backingStore",
    "2/disk",
    "2disk device='disk' type='file' model='virtio-non-transitional'",
    "3source file='/var/run/kubevirt-ephemeral-disks/cloud-init-data/default/$n/noCloud.iso'/",
    "3target bus='virtio' dev='vdb'/",
    "3driver cache='none' error_policy='stop' name='qemu' type='raw' discard='unmap'/",
    "3alias name='ua-cloudinitdisk'/",
    "2/disk",
    "2serial type='unix'",
    "3target port='0'/",
    "3source mode='bind' path='/var/run/kubevirt-private/$s/virt-serial0'/",
    "3log file='/var/run/kubevirt-private/$s/virt-serial0-log' append='on'/",
    "2/serial",
    "2console type='pty'",
    "3target type='serial' port='0'/",
    "2/console",
    "2rng model='virtio-non-transitional'",
    "3backend model='random'>/dev/urandom",
    "2/rng",
    "1/devices",
    "1clock offset='utc'/",
    "1metadata",
    "2kubevirt xmlns='http://kubevirt.io'",
    "3uid>$s",
    "3graceperiod",
    "4deletionGracePeriodSeconds>30",
    "3/graceperiod",
    "2/kubevirt",
    "1/metadata",
    "1features",
    "2acpi/",
    "1/features",
    "1cpu mode='host-model'",
    "2topology sockets='1' cores='$c' threads='1'/",
    "1/cpu",
    "1vcpu placement='static'>$c",
    "1iothreads>1",
    "0/domain",
    NULL};

static void kubevirt(w *o, gen *g, int base, unsigned long n) {
  dom d;
  dom_init(&d, g, oui_local);
  snprintf(d.name, sizeof d.name, "default_vm-%05lx", n & 0xfffff);
  d.mem = 1073741824ul << below(g, 3);
  d.vcpus = 1u << below(g, 2);
  tpl(o, &d, base, kv_head);
  for (unsigned nics = nifaces(g, true); d.cur < nics; d.cur++) {
    iface_open(o, base + 2);
    a(o, "type", "ethernet");
    end_open(o);
    tpl(o, &d, base, kv_nic);
    iface_close(o, base + 2);
  }
  tpl(o, &d, base, kv_tail);
}

/* ### The rotation: virt-manager's guests the most common, then Nova's */

typedef enum { VIRT_MANAGER, NOVA, VDSM, VIRT_V2V, KUBEVIRT } writer;

static void realworld(w *o, gen *g, int base) {
  static const writer rotation[] = {VIRT_MANAGER, NOVA,     VIRT_MANAGER,
                                    VDSM,         KUBEVIRT, VIRT_MANAGER,
                                    NOVA,         VIRT_V2V, VIRT_MANAGER,
                                    NOVA};
  writer wr = rotation[g->domains % (sizeof rotation / sizeof *rotation)];
  if (wr == NOVA) { /* Nova's own layout varies as in the other shapes */
    static const char *const indents[] = {"  ", "  ", "    ", "\t"};
    o->ind = indents[below(g, 4)];
    o->q = chance(g, 80) ? '\'' : '"';
  } else { /* libvirt's formatting; vdsm and Go their own */
    o->ind = wr == VDSM ? "    " : "  ";
    o->q = wr == VDSM || wr == KUBEVIRT ? '"' : '\'';
  }
  o->indlen = strlen(o->ind);
  o->go = wr == KUBEVIRT;
  if (wr == NOVA) {
    domain(o, g, base, true);
    return;
  }
  unsigned long n = g->domains++;
  switch (wr) {
  case VIRT_MANAGER: virt_manager(o, g, base, n); break;
  case VDSM: vdsm(o, g, base, n); break;
  case VIRT_V2V: virt_v2v(o, g, base, n); break;
  default: kubevirt(o, g, base, n); break;
  }
}

/* One domain of the shape's content in the layout it happens to get:
 * indentation and quoting vary between domains as they do between the
 * tools that wrote them (realworld: each tool its own). */
static size_t one_domain(gen *g, int base) {
  static const char *const indents[] = {"  ", "  ", "  ", "  ", "    ", "\t"};
  w o = {0};
  o.g = g;
  o.p = g->buf;
  if (g->shape == GEN_REALWORLD) {
    realworld(&o, g, base);
  } else {
    o.ind = indents[below(g, 6)];
    o.indlen = strlen(o.ind);
    o.q = chance(g, 80) ? '\'' : '"';
    if (g->shape == GEN_DENSE)
      dense_domain(&o, g, base);
    else
      domain(&o, g, base, false);
  }
  if (!g->domain_min || o.len < g->domain_min)
    g->domain_min = o.len;
  if (o.len > g->domain_max)
    g->domain_max = o.len;
  return o.len;
}

/* ## Streaming */

const char *const gen_shape_names[GEN_SHAPES] = {"wrap", "concat", "dense",
                                                 "realworld"};

int gen_shape_parse(const char *name) {
  for (int i = 0; i < GEN_SHAPES; i++)
    if (!strcmp(name, gen_shape_names[i]))
      return i;
  return -1;
}

/* One <domains> document, or one document after another. */
static bool wrapped(gen_shape shape) {
  return shape == GEN_WRAP || shape == GEN_DENSE;
}

void gen_init(gen *g, uint64_t seed, uint64_t size, gen_shape shape) {
  memset(g, 0, sizeof *g);
  g->rng = seed;
  g->target = size;
  g->shape = shape;
}

static void set(gen *g, const char *s) {
  g->len = strlen(s);
  memcpy(g->buf, s, g->len);
  g->pos = 0;
}

/* Refills buf with the next piece of the stream; false at the end. */
static bool refill(gen *g) {
  switch (g->state) {
  case 0:
    g->state = 1;
    set(g, wrapped(g->shape)
               ? "<?xml version='1.0' encoding='UTF-8'?>\n"
                 "<!-- bulk export: many guests in one document -->\n"
                 "<domains>"
               : "<?xml version='1.0' encoding='UTF-8'?>\n"
                 "<!-- bulk export: one guest after another -->\n");
    return true;
  case 1:
    if (g->emitted + 1024 < g->target || g->domains == 0) {
      int base = wrapped(g->shape) ? 1 : 0;
      g->len = one_domain(g, base);
      g->pos = 0;
      if (!wrapped(g->shape))
        g->buf[g->len++] = '\n';
      return true;
    }
    g->state = 2;
    set(g, wrapped(g->shape) ? "\n</domains>\n" : "");
    return true;
  case 2:
    g->state = 3;
    return false;
  default:
    return false;
  }
}

size_t gen_read(gen *g, char *out, size_t cap) {
  size_t n = 0;
  while (n < cap) {
    if (g->pos == g->len && !refill(g))
      break;
    size_t k = g->len - g->pos;
    if (k > cap - n)
      k = cap - n;
    memcpy(out + n, g->buf + g->pos, k);
    g->pos += k;
    n += k;
    /* counted as it goes, so that refill() sees the true total: where the
     * input stops must not depend on how large the caller's chunks are */
    g->emitted += k;
  }
  return n;
}

size_t gen_document(gen *g) {
  static const char decl[] = "<?xml version='1.0' encoding='UTF-8'?>\n";
  size_t n = one_domain(g, 0);
  memmove(g->buf + sizeof decl - 1, g->buf, n);
  memcpy(g->buf, decl, sizeof decl - 1);
  n += sizeof decl - 1;
  g->buf[n++] = '\n';
  return n;
}

uint64_t gen_parse_size(const char *s) {
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s)
    return 0;
  switch (*end) {
  case 'k': case 'K': v <<= 10; end++; break;
  case 'm': case 'M': v <<= 20; end++; break;
  case 'g': case 'G': v <<= 30; end++; break;
  default: break;
  }
  if (*end == 'B' || *end == 'b')
    end++;
  return *end ? 0 : v;
}
