/* Generator of realistic bulk input: Nova-style libvirt domains with every
 * interface kind, the legacy spellings vifxml repairs, the other devices a
 * guest has, comments and varied layout. Everything comes from one PRNG
 * (splitmix64) seeded by the caller, so the bytes are a pure function of
 * (seed, size, shape). */
#include "gen.h"

#include <stdbool.h>
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
static void tag(w *o, int level, const char *name) {
  nl(o, level);
  put(o, "<", 1);
  str(o, name);
}
static void end_empty(w *o) { S(o, "/>"); }
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

static void mac_put(w *o, uint64_t v, bool upper) {
  static const unsigned char oui[3] = {0xfa, 0x16, 0x3e};
  for (int i = 0; i < 6; i++) {
    if (i)
      S(o, ":");
    hexn(o, i < 3 ? oui[i] : (v >> (8 * i)) & 0xFF, 2, upper);
  }
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

enum {
  K_OVS, K_OVS_LEGACY, K_HYBRID, K_VHOSTUSER, K_HOSTDEV, K_HOSTDEV_LEGACY,
  K_DIRECT, K_DIRECT_QBG, K_ETHERNET, K_NETWORK, K_XEN, K_OPAQUE, K_NKINDS
};

static int pick_kind(gen *g) {
  /* A cloud's mix: mostly OVS and vhost-user, some SR-IOV and macvtap, a
   * tail of old spellings and pass-through types. */
  static const unsigned char weights[K_NKINDS] = {26, 8, 10, 12, 8, 4,
                                                  6,  3, 8,  8,  2, 5};
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

static void interface(w *o, gen *g, int level, unsigned index) {
  int k = pick_kind(g);
  int l = level + 1;
  uuid port = new_uuid(g);
  g->interfaces++;
  g->kinds[k]++;
  bool flat = chance(g, 4);
  if (flat) {
    nl(o, level); /* the interface itself starts a line */
    o->flat = true;
  }
  tag(o, level, "interface");
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
  }
  close_tag(o, level, "interface");
  o->flat = false;
}

/* ## Domains */

static const char *const flavors[] = {"m1.tiny", "m1.small", "m1.medium",
                                      "m1.large", "m1.xlarge"};

static void domain(w *o, gen *g, int base) {
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
  tag(o, l1, "cpu");
  a(o, "mode", "host-model");
  a(o, "check", "partial");
  end_open(o);
  tag(o, l2, "topology");
  a(o, "sockets", "1");
  a(o, "dies", "1");
  a(o, "cores", "1");
  a(o, "threads", "1");
  end_empty(o);
  close_tag(o, l1, "cpu");
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
  unsigned r = below(g, 100), nif = r < 40 ? 1 : r < 75 ? 2 : r < 90 ? 3 : 4;
  for (unsigned i = 0; i < nif; i++)
    interface(o, g, l2, i);
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

/* One domain in the layout it happens to get: indentation and quoting vary
 * between domains as they do between the tools that wrote them. */
static size_t one_domain(gen *g, int base) {
  static const char *const indents[] = {"  ", "  ", "  ", "  ", "    ", "\t"};
  w o = {0};
  o.g = g;
  o.p = g->buf;
  o.ind = indents[below(g, 6)];
  o.indlen = strlen(o.ind);
  o.q = chance(g, 80) ? '\'' : '"';
  domain(&o, g, base);
  return o.len;
}

/* ## Streaming */

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
    set(g, g->shape == GEN_WRAP
               ? "<?xml version='1.0' encoding='UTF-8'?>\n"
                 "<!-- bulk export: many guests in one document -->\n"
                 "<domains>"
               : "<?xml version='1.0' encoding='UTF-8'?>\n"
                 "<!-- bulk export: one guest after another -->\n");
    return true;
  case 1:
    if (g->emitted + 1024 < g->target || g->domains == 0) {
      int base = g->shape == GEN_WRAP ? 1 : 0;
      g->len = one_domain(g, base);
      g->pos = 0;
      if (g->shape == GEN_CONCAT)
        g->buf[g->len++] = '\n';
      return true;
    }
    g->state = 2;
    set(g, g->shape == GEN_WRAP ? "\n</domains>\n" : "");
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
