/* vifxml lint: what libvirt 9.0 (and qemu under it) will refuse at define
 * and at start, per interface, per domain and across all inputs of a run.
 * docs/lint.md lists every check with its libvirt source.
 *
 * An input goes through the stream first (vifxml's own reader: syntax,
 * values, libvirt's parse-time refusals; its error is the finding `parse`).
 * When it parses, a second, light expat pass reads what the checks need:
 * each domain's type, name, <os>, and of each device the few values the
 * checks look at, with their locations. The checks then run from that, with
 * the libvirt normalizations that matter to them (driver options only on
 * virtio models, auto-named targets and non-ua- aliases dropped, MACs and
 * PCI numbers canonical). */
#define _POSIX_C_SOURCE 200809L
#include "vifxml.h"
#include "xml.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ## The checks: X(ID, "id", SEVERITY, PHASE, SCOPE, HYPERVISORS, SINCE,
 * "libvirt source", "message", "help"). HYPERVISORS: Q qemu only, A all.
 * SINCE: the libvirt version (major*1000000+minor*1000+micro) from which the
 * check applies; 0 always. */
#define HV_Q (1u << VIFXML_HV_QEMU)
#define HV_A 0xffu
#define LINT_CHECKS(X)                                                         \
  X(PARSE, "parse", ERROR, DEFINE, "input", HV_A, 0,                           \
    "virDomainNetDefParseXML, virDomainNetDefValidate (vifxml's reader)",      \
    "%s",                                                                      \
    "The input is not well-formed XML, or an interface holds a value or "      \
    "combination libvirt's parser or validator refuses (vifxml normalize "     \
    "reports the same error). libvirt refuses to define the domain.")          \
  X(NORMALIZE, "normalize", WARNING, DEFINE, "input", HV_A, 0,                 \
    "vifxml normalize", "%s",                                                  \
    "What vifxml normalize warns about: something libvirt silently drops or "  \
    "that vifxml keeps verbatim.")                                             \
  X(BACKEND_TYPE, "backend-type", ERROR, DEFINE, "interface", HV_A, 0,        \
    "virDomainNetBackendParseXML (Debian's libvirt 9.0 without passt)",       \
    "Invalid value for attribute 'type' in element 'backend': '%s'.",          \
    "Debian 12's libvirt 9.0 is built without passt: <backend type='passt'> "  \
    "is refused while parsing, and so is type='default'. Use SLIRP (no "       \
    "backend type) or a later libvirt.")                                                                \
  X(MTU_TYPE, "mtu-type", ERROR, DEFINE, "interface", HV_Q, 0,                 \
    "qemuValidateDomainDeviceDefNetwork (qemuDomainNetSupportsMTU)",           \
    "setting MTU on interface type %s is not supported yet",                   \
    "qemu sets an <mtu> only on network, bridge, ethernet and vhostuser "      \
    "interfaces; remove <mtu> from other types.")                              \
  X(COALESCE_TYPE, "coalesce-type", ERROR, DEFINE, "interface", HV_Q, 0,       \
    "qemuValidateDomainDeviceDefNetwork (qemuValidateNetSupportsCoalesce)",    \
    "coalesce settings on interface type %s are not supported",                \
    "<coalesce> works only on network and bridge interfaces under qemu.")      \
  X(RXQ_POW2, "rx-queue-size-power-of-two", ERROR, DEFINE, "interface", HV_Q,  \
    0, "qemuValidateDomainDeviceDefNetwork",                                   \
    "rx_queue_size has to be a power of two",                                  \
    "A virtio <driver rx_queue_size> must be a power of two (256 to 1024 "     \
    "for qemu).")                                                              \
  X(TXQ_POW2, "tx-queue-size-power-of-two", ERROR, DEFINE, "interface", HV_Q,  \
    0, "qemuValidateDomainDeviceDefNetwork",                                   \
    "tx_queue_size has to be a power of two",                                  \
    "A virtio <driver tx_queue_size> must be a power of two (256 to 1024 "     \
    "for qemu).")                                                              \
  X(GUEST_IP, "guest-ip", ERROR, DEFINE, "interface", HV_Q, 0,                 \
    "qemuValidateDomainDeviceDefNetwork",                                      \
    "Invalid attempt to set network interface guest-side IP route and/or "     \
    "address info, not supported by QEMU",                                     \
    "Guest-side <ip> and <route> are for LXC (and for qemu's user "            \
    "networking); qemu refuses them on other interface types.")               \
  X(USER_ROUTE, "user-guest-route", ERROR, DEFINE, "interface", HV_Q, 0,       \
    "qemuValidateDomainDeviceDefNetwork",                                      \
    "Invalid attempt to set network interface guest-side IP route, not "       \
    "supported by QEMU",                                                       \
    "qemu's user networking takes guest <ip> addresses but no <route>.")       \
  X(USER_IPV4_COUNT, "user-ipv4-count", ERROR, DEFINE, "interface", HV_Q, 0, \
    "qemuValidateDomainDeviceDefNetwork",                                      \
    "Only one IPv4 address per interface is allowed",                          \
    "qemu's user networking gives the guest one IPv4 address.")                \
  X(USER_IPV6_COUNT, "user-ipv6-count", ERROR, DEFINE, "interface", HV_Q, 0, \
    "qemuValidateDomainDeviceDefNetwork",                                      \
    "Only one IPv6 address per interface is allowed",                          \
    "qemu's user networking gives the guest one IPv6 address.")                \
  X(USER_IPV4_PREFIX, "user-ipv4-prefix", ERROR, DEFINE, "interface", HV_Q,   \
    0, "qemuValidateDomainDeviceDefNetwork",                                   \
    "invalid prefix, must be in range of 4-27",                                \
    "qemu's user networking takes an IPv4 prefix from 4 to 27.")               \
  X(USER_IPV6_PREFIX, "user-ipv6-prefix", ERROR, DEFINE, "interface", HV_Q,   \
    0, "qemuValidateDomainDeviceDefNetwork",                                   \
    "unsupported IPv6 address prefix='%s' - must be 64",                       \
    "qemu's user networking takes only an IPv6 /64.")                          \
  X(TEAMING_MODEL, "teaming-persistent-model", ERROR, DEFINE, "interface",     \
    HV_Q, 0, "qemuValidateDomainDeviceDefNetwork",                             \
    "virtio-net teaming persistent interface must be <model "                  \
    "type='virtio'/>, not '%s'",                                               \
    "The persistent half of a failover (teaming) pair is a virtio-net "        \
    "device.")                                                                 \
  X(TEAMING_TYPE, "teaming-transient-type", ERROR, DEFINE, "interface", HV_Q,  \
    0, "qemuValidateDomainDeviceDefNetwork",                                   \
    "virtio-net teaming transient interface must be type='hostdev', not "      \
    "'%s'",                                                                    \
    "The transient half of a failover (teaming) pair is a hostdev "            \
    "interface (an SR-IOV VF).")                                               \
  X(ALIAS_UNIQUE, "alias-unique", ERROR, DEFINE, "domain", HV_A, 0,            \
    "virDomainDeviceDefValidateAliasesIterator (virDomainDefValidateAliases)", \
    "non unique alias detected: %s",                                           \
    "Each user alias (ua-...) names one device of the domain.")                \
  X(BOOT_UNIQUE, "boot-order-unique", ERROR, DEFINE, "domain", HV_A, 0,        \
    "virDomainDefCollectBootOrder (virDomainDefBootOrderPostParse)",           \
    "boot order '%s' used for more than one device",                           \
    "Each <boot order> value is given to one device of the domain.")           \
  X(BOOT_OS, "boot-with-os-boot", ERROR, DEFINE, "domain", HV_A, 0,            \
    "virDomainDefBootOrderPostParse (domain_postparse.c)",                     \
    "per-device boot elements cannot be used together with os/boot elements",  \
    "Use either <os><boot dev=.../> or <boot order=.../> on devices, not "     \
    "both.")                                                                   \
  X(PCI_UNIQUE, "pci-address-unique", ERROR, DEFINE, "domain", HV_Q, 0,        \
    "virDomainPCIAddressReserveAddrInternal (virDomainPCIAddressReserveAddr, " \
    "qemuDomainAssignAddresses)",                                              \
    "Attempted double use of PCI Address %s",                                  \
    "Two devices of the domain ask for one guest PCI address, or a device "    \
    "asks for slot 1 of bus 0, which the i440fx (pc) machine reserves for "    \
    "its PIIX3 functions.")                                                    \
  X(VLAN_TYPE, "vlan-type", ERROR, START, "interface", HV_A, 0,                \
    "virDomainActualNetDefValidate",                                           \
    "interface %s - vlan tag not supported for this connection type",         \
    "libvirt sets a <vlan> only on an Open vSwitch bridge, a hostdev "         \
    "interface or a direct interface in passthrough mode.")                    \
  X(SCRIPT_TYPE, "script-type", ERROR, START, "interface", HV_Q, 0,            \
    "qemuBuildHostNetProps (qemu_command.c)",                                  \
    "scripts are not supported on interfaces of type %s",                      \
    "qemu runs a <script> only for type='ethernet'; Xen's vif scripts on a "   \
    "bridge do not carry over to KVM.")                                        \
  X(TAP_PATH_TYPE, "tap-path-type", ERROR, START, "interface", HV_Q, 0,        \
    "qemuDomainValidateActualNetDef",                                          \
    "interface %s - custom tap device path is not supported for network "      \
    "interfaces of type %s",                                                   \
    "<backend tap=...> applies to tap-based types (network, bridge, "          \
    "ethernet).")                                                              \
  X(MULTIQUEUE_TYPE, "multiqueue-type", ERROR, START, "interface", HV_Q, 0,    \
    "qemuDomainValidateActualNetDef",                                          \
    "interface %s - multiqueue is not supported for network interfaces of "   \
    "type %s",                                                                 \
    "<driver queues> above 1 works on network, bridge, direct, ethernet, "     \
    "vhostuser and vdpa interfaces.")                                          \
  X(FILTERREF_VPORT, "filterref-virtualport", ERROR, START, "interface",       \
    HV_Q, 0, "qemuDomainValidateActualNetDef",                                 \
    "interface %s - filterref is not supported for network interfaces with "   \
    "virtualport type %s",                                                     \
    "libvirt's nwfilter cannot filter a port of an Open vSwitch (or other "    \
    "virtualport) bridge; drop <filterref> or the virtualport.")               \
  X(NIC_MODEL, "nic-model", ERROR, START, "interface", HV_Q, 0,                \
    "qemu: -device qdev_get_device_class (softmmu/qdev-monitor.c; model "      \
    "from qemuBuildNicDevProps)",                                              \
    "'%s' is not a valid device model name",                                   \
    "qemu-system-x86_64 has no NIC of that model (netfront is Xen's, "         \
    "spapr-vlan is POWER's, lan9118 and smc91c111 are ARM's); use virtio, "    \
    "e1000, e1000e, rtl8139 or vmxnet3.")                                      \
  X(UNMANAGED_DEV, "ethernet-unmanaged-dev", ERROR, START, "interface", HV_Q, \
    0, "qemuInterfaceEthernetConnect (qemu_interface.c)",                     \
    "target dev must be supplied when managed='no'",                           \
    "An unmanaged tap (<target managed='no'/>) is one that exists: name it "   \
    "with dev=.")                                                              \
  X(MTU_RANGE, "mtu-range", ERROR, START, "interface", HV_Q, 0,               \
    "virNetDevSetMTU (virNetDevTapAttachBridge for bridge and network, "       \
    "qemuBuildInterfaceCommandLine for ethernet)",                             \
    "Cannot set interface MTU on '%s': Invalid argument",                      \
    "A Linux tap takes an MTU from 68 to 65535.")                              \
  X(MCAST_ADDRESS, "mcast-address", ERROR, START, "interface", HV_Q, 0,       \
    "qemu: -netdev socket,mcast= net_socket_mcast_create (net/socket.c)",      \
    "specified mcastaddr %s (0x%08lx) does not contain a multicast address",   \
    "type='mcast' needs an IPv4 multicast group (224.0.0.0/4) as its source "  \
    "address.")                                                                \
  X(HOSTDEV_KVM, "hostdev-driver-kvm", ERROR, START, "interface", HV_Q, 0,   \
    "qemuHostdevPreparePCIDevicesCheckSupport (qemu_hostdev.c)",              \
    "host doesn't support legacy PCI passthrough",                             \
    "<driver name='kvm'/> is the legacy KVM device assignment, gone from "     \
    "Linux since 4.12: use vfio (the default).")                               \
  X(RXQ_RANGE, "rx-queue-size-range", ERROR, START, "interface", HV_Q, 0,      \
    "qemu: virtio-net virtio_net_device_realize (hw/net/virtio-net.c)",        \
    "Invalid rx_queue_size (= %s), must be a power of 2 between 256 and "      \
    "1024.",                                                                   \
    "qemu's virtio-net takes rx_queue_size from 256 to 1024.")                 \
  X(TXQ_RANGE, "tx-queue-size-range", ERROR, START, "interface", HV_Q, 0,      \
    "qemu: virtio-net virtio_net_device_realize (hw/net/virtio-net.c)",        \
    "Invalid tx_queue_size (= %s), must be a power of 2 between 256 and 1024", \
    "qemu's virtio-net takes tx_queue_size from 256 to 1024.")                 \
  X(TARGET_UNIQUE, "target-dev-unique", ERROR, START, "domain", HV_Q, 0,       \
    "virNetDevTapCreate (qemuInterfaceBridgeConnect, "                         \
    "qemuInterfaceEthernetConnect)",                                           \
    "The %s interface already exists",                                         \
    "Two tap interfaces of the domain name the same <target dev>: the "        \
    "second cannot be created.")                                               \
  X(MAC_UNIQUE, "mac-unique", WARNING, START, "domain", HV_A, 0,               \
    "(not checked by libvirt)",                                                \
    "MAC address %s is used by another interface of this domain",             \
    "libvirt starts a domain with two NICs of one MAC, but the guest's "       \
    "network will not work as meant.")                                         \
  X(ACPI_UNIQUE, "acpi-index-unique", WARNING, START, "domain", HV_Q, 0,       \
    "(not checked by libvirt 9.0)",                                            \
    "acpi index %s is used by another device of this domain",                  \
    "Guests name NICs from the ACPI index; two NICs with one index get "       \
    "unpredictable names, and qemu refuses it on machines that check.")        \
  X(TAP_MANAGED, "tap-managed", WARNING, START, "interface", HV_Q, 9000000,    \
    "virNetDevTapCreate (qemuInterfaceEthernetConnect, without "               \
    "VIR_NETDEV_TAP_CREATE_ALLOW_EXISTING unless managed='no')",               \
    "libvirt creates the tap '%s' itself (managed): a pre-created tap needs "  \
    "<target dev='%s' managed='no'/>",                                         \
    "Since 9.5.0 ethernet taps are managed by default, and Debian 12's 9.0 "  \
    "(9.0.0-4+deb12u2) has the same fix: if the tap exists (os-vif or a "      \
    "script made it), the start fails with 'The TAP interface already "       \
    "exists' unless managed='no' (Nova bug 2033681). Whether it exists "       \
    "depends on the host. Not reported for --libvirt older than 9.0.")         \
  X(FLEET_MAC, "fleet-mac", ERROR, START, "fleet", HV_A, 0,                   \
    "(not checked by libvirt)",                                                \
    "MAC address %s is also used by domain '%s' (%s)",                         \
    "Two domains of the inputs use one MAC: both cannot run on one "           \
    "network as defined.")                                                     \
  X(FLEET_HOSTDEV, "fleet-hostdev", ERROR, START, "fleet", HV_A, 0,            \
    "virHostdevIsPCINodeDeviceUsed (virHostdevPreparePCIDevices, at the "      \
    "second start)",                                                           \
    "PCI device %s is also assigned to domain '%s' (%s)",                      \
    "Two domains of the inputs are given one host PCI device (a VF): the "     \
    "second fails to start while the first runs.")                             \
  X(FLEET_VHU, "fleet-vhostuser-server", ERROR, START, "fleet", HV_A, 0,      \
    "(no refusal found: qemu's unix_listen_saddr unlinks the socket path "     \
    "before bind)",                                                            \
    "vhost-user socket %s (server mode) is also used by domain '%s' (%s)",     \
    "Two domains of the inputs listen on one vhost-user socket.")              \
  X(FLEET_TAP, "fleet-tap", ERROR, START, "fleet", HV_A, 0,                    \
    "virNetDevTapCreate (at the second start)",                                \
    "tap device %s is also used by domain '%s' (%s)",                          \
    "Two domains of the inputs name one tap device.")

#define X_ID(id, ...) C_##id,
typedef enum { LINT_CHECKS(X_ID) C_COUNT } check_id;
#undef X_ID

typedef struct {
  vifxml_lint_check pub;
  unsigned hv;
  unsigned since;
} check_row;

#define X_ROW(id, name, sev, phase, scope, hv, since, src, msg, help)          \
  {{name, VIFXML_LINT_##sev, VIFXML_LINT_##phase, scope, src, msg, help,     \
    hv == HV_A ? "all" : "qemu", since},                                       \
   hv, since},
static const check_row checks[C_COUNT] = {LINT_CHECKS(X_ROW)};
#undef X_ROW

size_t vifxml_lint_ncheck(void) { return C_COUNT; }

const vifxml_lint_check *vifxml_lint_check_at(size_t i) {
  return i < C_COUNT ? &checks[i].pub : NULL;
}

/* ## Allocation */
static void *m_realloc(const vifxml_allocator *a, void *p, size_t n) {
  if (a)
    return p ? a->realloc(p, n, a->ctx) : a->malloc(n, a->ctx);
  return realloc(p, n);
}
static void m_free(const vifxml_allocator *a, void *p) {
  if (!p)
    return;
  if (a)
    a->free(p, a->ctx);
  else
    free(p);
}
static char *m_strdup(const vifxml_allocator *a, const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *d = m_realloc(a, NULL, n);
  if (d)
    memcpy(d, s, n);
  return d;
}
/* Room for one more of n elements of size elt in *arr (capacity *cap). */
static int m_grow(const vifxml_allocator *a, void **arr, size_t n, size_t *cap,
                  size_t elt) {
  if (n < *cap)
    return 0;
  size_t c = *cap ? *cap * 2 : 8;
  void *p = m_realloc(a, *arr, c * elt);
  if (!p)
    return -1;
  *arr = p;
  *cap = c;
  return 0;
}

/* ## What the light pass reads */
typedef struct {
  unsigned long line, col;
} loc;

/* Where an interface's values sit. */
enum {
  W_IFACE, W_MAC, W_SOURCE, W_MODEL, W_DRIVER, W_MTU, W_COALESCE, W_BACKEND,
  W_SCRIPT, W_VLAN, W_IP, W_ROUTE, W_ALIAS, W_BOOT, W_ACPI, W_ADDRESS,
  W_TARGET, W_TEAMING, W_VPORT, W_FILTERREF, W_HOSTDEV_ADDR, W_COUNT
};

/* Strings are copies (owned by the input's string pool). */
typedef struct {
  int domain;          /* index in the input's domains, -1 when lone */
  bool is_iface;       /* an <interface>; else another device */
  char *type;          /* interface type (as written) */
  char *mac, *model, *alias, *boot, *acpi, *target, *target_managed;
  char *script, *backend_tap, *backend_type, *teaming, *vport, *src_mode, *src_path;
  char *queues, *rxq, *txq, *driver_name;
  char *mtu;
  bool coalesce, vlan, filterref;
  int nip, nroute;
  char *src_address; /* <source address> (mcast) */
  int ipv4, ipv6;     /* guest <ip> counts by family */
  int user_ip_check;  /* user networking: the first <ip> libvirt refuses */
  char *user_ip_arg;
  loc user_ip_at;
  char *pci;     /* guest PCI address "dddd:bb:ss.f", canonical */
  char *hostpci; /* hostdev source PCI address, canonical */
  loc at[W_COUNT];
} device;

typedef struct {
  char *type, *name, *arch, *machine;
  bool os_boot;
  loc start, end;
  loc os_boot_at;
} domain;

/* A fleet entry: a value some domain holds, and where, in 16 bytes. key:
 * the check (less C_FLEET_MAC) in bits 62-63, and the value: packed as hex
 * digits when spelled as fleet_form has it (fleet_pack), else (FLEET_STR)
 * the offset of its string in the fleet's pool. dom: the
 * domain (l->fdom). pos: the line counted from the domain's start line
 * (bits 16-30) and the column (bits 0-15); FLEET_FAR and an index in
 * l->far where they do not fit. */
typedef struct {
  uint64_t key;
  uint32_t dom, pos;
} fleet_entry;

#define FLEET_STR (UINT64_C(1) << 61)
#define FLEET_VALUE (FLEET_STR - 1)
#define FLEET_FAR (UINT32_C(1) << 31)

/* A domain with fleet entries: its name and file (offsets in the fleet's
 * pool; the file's once per input) and the line its entries' lines count
 * from: its start tag's (0 beyond 32 bits: its entries are then far). */
typedef struct {
  uint32_t name, file, line;
} fleet_domain;

#define POOL_NONE UINT32_MAX

/* Strings one after another, each NUL-terminated, named by offset. */
typedef struct {
  char *p;
  size_t n, cap;
} strpool;

/* A finding, held until its input ends: 32 bytes, its message (or the
 * arguments of its check's message) and its file in the findings' pool. The message's offset grows with each
 * finding, so it is also the order they came in. */
typedef struct {
  loc at;
  uint32_t msg, file;
  unsigned char check;
  bool light; /* from the light pass: after the stream's at one place */
  bool args;  /* msg: the arguments of the check's message (finding_msg) */
} finding;

/* ## The light pass's reader state */
typedef struct {
  vifxml_lint *l;
  XML_Parser xp;  /* NULL when none; stopped: it refused the rest */
  bool stopped;
  int depth;
  int dom;        /* open domain (index), -1 */
  int dom_depth;  /* its depth */
  bool in_devices;
  int devices_depth;
  int cur;        /* open device (index), -1 */
  int cur_depth;
  bool in_os;
  int os_depth;
  bool in_name;   /* <name> of the open domain */
  char name[256];
  size_t namelen;
  int src_depth;  /* open <source> of a device, 0 */
  /* blanking what expat must not read (light_feed) */
  int blank;      /* BLANK_SCAN, BLANK_DOCTYPE, BLANK_PI */
  int bracket;    /* '[' open in a DOCTYPE */
  bool prev_q;    /* in a PI: the last byte was its '?' */
  char carry[16]; /* the scan's look-ahead, held for the next piece */
  size_t ncarry;
} light;

struct vifxml_lint {
  vifxml_lint_options o;
  const vifxml_allocator *a;
  unsigned version;
  /* the current input */
  const char *file;
  char *fname;       /* its name, owned (between begin and end) */
  vifxml_stream *s;  /* its stream, NULL outside an input */
  int in_rc;         /* 0, or -1/-2 once the stream has refused it */
  light lp;
  char *work;        /* a piece of the input, blanked for expat */
  size_t capwork;
  /* what the light pass holds: the open domain's devices (or a lone
   * interface), checked and dropped once it ends */
  device *dev;
  size_t ndev, capdev;
  domain *dom;
  size_t ndom, capdom;
  char **strs; /* string pool of the open domain */
  size_t nstrs, capstrs;
  finding *fnd; /* the input's findings, reported at its end */
  size_t nfnd, capfnd;
  strpool fpool;   /* their messages and files */
  uint32_t ffile;  /* the last file put there, POOL_NONE */
  bool in_light; /* findings now come from the light pass */
  bool oom;
  /* across inputs */
  fleet_entry *fleet;
  size_t nfleet, capfleet;
  fleet_domain *fdom;
  size_t nfdom, capfdom;
  loc *far; /* the entries' places that do not fit in pos */
  size_t nfar, capfar;
  strpool pool; /* the fleet's strings */
  /* at the start of the input: its rollback */
  size_t nfleet0, nfdom0, nfar0, npool0;
  uint32_t fleet_file; /* the input's name in the pool, POOL_NONE */
};

/* Puts the n bytes at s in the pool, NUL-terminated: their offset, or
 * POOL_NONE when out of memory. */
static uint32_t pool_addn(vifxml_lint *l, strpool *p, const char *s,
                          size_t len) {
  size_t n = len + 1;
  if (p->n + n >= POOL_NONE) {
    l->oom = true; /* 4 GiB of strings: as good as out of memory */
    return POOL_NONE;
  }
  if (p->n + n > p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 65536;
    while (cap < p->n + n)
      cap *= 2;
    char *q = m_realloc(l->a, p->p, cap);
    if (!q) {
      l->oom = true;
      return POOL_NONE;
    }
    p->p = q;
    p->cap = cap;
  }
  memcpy(p->p + p->n, s, len);
  p->p[p->n + len] = 0;
  p->n += n;
  return (uint32_t)(p->n - n);
}

static uint32_t pool_add(vifxml_lint *l, strpool *p, const char *s) {
  return pool_addn(l, p, s, strlen(s));
}

/* Sorts n elements of size (at most 32 bytes) in place: a heapsort, as
 * the order needs the linter (no qsort_r in C11) and no more memory. */
typedef int (*cmp_fn)(const vifxml_lint *l, const void *a, const void *b);

static void swap32(void *a, void *b, size_t size) {
  unsigned char t[32];
  memcpy(t, a, size);
  memcpy(a, b, size);
  memcpy(b, t, size);
}

static void sift(const vifxml_lint *l, char *base, size_t size, size_t root,
                 size_t n, cmp_fn cmp) {
  for (size_t child; (child = 2 * root + 1) < n; root = child) {
    if (child + 1 < n &&
        cmp(l, base + child * size, base + (child + 1) * size) < 0)
      child++;
    if (cmp(l, base + root * size, base + child * size) >= 0)
      return;
    swap32(base + root * size, base + child * size, size);
  }
}

static void heap_sort(const vifxml_lint *l, void *base, size_t n, size_t size,
                      cmp_fn cmp) {
  char *b = base;
  for (size_t i = n / 2; i-- > 0;)
    sift(l, b, size, i, n, cmp);
  for (size_t end = n; end > 1; end--) {
    swap32(b, b + (end - 1) * size, size);
    sift(l, b, size, 0, end - 1, cmp);
  }
}

static char *keep(vifxml_lint *l, const char *s) {
  if (!s)
    return NULL;
  if (m_grow(l->a, (void **)&l->strs, l->nstrs, &l->capstrs, sizeof *l->strs) < 0) {
    l->oom = true;
    return NULL;
  }
  char *d = m_strdup(l->a, s);
  if (!d) {
    l->oom = true;
    return NULL;
  }
  l->strs[l->nstrs++] = d;
  return d;
}

/* ## Findings */
#define MSG_MAX 1024

/* Past the conversion at p (a '%'): its flags, width, length and letter. */
static const char *conv_end(const char *p) {
  p++;
  p += strspn(p, "-+ #0123456789l");
  return *p ? p + 1 : p;
}

/* Puts the arguments of fmt (a check's message) in the findings' pool as
 * text, each NUL-terminated, the first at *off (POOL_NONE when out of
 * memory): a message costs its arguments, not its words. false (the pool
 * as it was) for a conversion other than a plain %s or an %lu or %lx
 * (those the messages use) and for a NULL string (a copy an allocation failure lost:
 * vsnprintf then writes what it writes for it). */
static bool keep_args(vifxml_lint *l, uint32_t *off, const char *fmt,
                      va_list ap) {
  size_t n0 = l->fpool.n;
  *off = POOL_NONE;
  for (const char *p = strchr(fmt, '%'), *e; p; p = strchr(e, '%')) {
    e = conv_end(p);
    if (p[1] == '%')
      continue;
    char spec[16], num[32];
    const char *arg = NULL;
    if (e[-1] == 's' && e - p == 2) { /* finding_msg pads no %s */
      arg = va_arg(ap, const char *);
    } else if (e[-2] == 'l' && strchr("ux", e[-1]) &&
               (size_t)(e - p) < sizeof spec) {
      memcpy(spec, p, (size_t)(e - p));
      spec[e - p] = 0;
      snprintf(num, sizeof num, spec, va_arg(ap, unsigned long));
      arg = num;
    }
    if (!arg) {
      l->fpool.n = n0;
      return false;
    }
    /* no more than the message can show */
    uint32_t o = pool_addn(l, &l->fpool, arg, strnlen(arg, MSG_MAX - 1));
    if (o == POOL_NONE) {
      l->fpool.n = n0;
      *off = POOL_NONE;
      return true;
    }
    if (*off == POOL_NONE)
      *off = o;
  }
  return true;
}

/* The message of f (in buf, MSG_MAX bytes, when made from its arguments):
 * what vsnprintf made of it. */
static const char *finding_msg(const vifxml_lint *l, const finding *f,
                               char *buf) {
  const char *arg = l->fpool.p + f->msg;
  if (!f->args)
    return arg;
  size_t n = 0;
  for (const char *p = checks[f->check].pub.message; *p && n < MSG_MAX - 1;) {
    if (*p != '%' || p[1] == '%') {
      buf[n++] = *p;
      p += *p == '%' ? 2 : 1;
      continue;
    }
    p = conv_end(p);
    size_t k = strlen(arg);
    if (k > MSG_MAX - 1 - n)
      k = MSG_MAX - 1 - n;
    memcpy(buf + n, arg, k);
    n += k;
    arg += strlen(arg) + 1;
  }
  buf[n] = 0;
  return buf;
}

static void add_finding(vifxml_lint *l, check_id c, const char *file, loc at,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_finding(vifxml_lint *l, check_id c, const char *file, loc at,
                        const char *fmt, ...) {
  if (m_grow(l->a, (void **)&l->fnd, l->nfnd, &l->capfnd, sizeof *l->fnd) < 0) {
    l->oom = true;
    return;
  }
  /* one copy of the file while it stays the same */
  if (l->ffile == POOL_NONE || strcmp(l->fpool.p + l->ffile, file))
    l->ffile = pool_add(l, &l->fpool, file);
  if (l->ffile == POOL_NONE)
    return;
  uint32_t m;
  va_list ap;
  va_start(ap, fmt);
  bool args = fmt == checks[c].pub.message && strchr(fmt, '%') &&
              keep_args(l, &m, fmt, ap);
  va_end(ap);
  if (!args) {
    char msg[MSG_MAX];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    m = pool_add(l, &l->fpool, msg);
  }
  if (m == POOL_NONE)
    return;
  finding *f = &l->fnd[l->nfnd++];
  f->at = at;
  f->msg = m;
  f->file = l->ffile;
  f->check = (unsigned char)c;
  f->light = l->in_light;
  f->args = args;
}

static int cmp_finding(const vifxml_lint *l, const void *pa, const void *pb) {
  const finding *a = pa, *b = pb;
  int c = a->file == b->file
              ? 0
              : strcmp(l->fpool.p + a->file, l->fpool.p + b->file);
  if (c)
    return c;
  if (a->at.line != b->at.line)
    return a->at.line < b->at.line ? -1 : 1;
  if (a->at.col != b->at.col)
    return a->at.col < b->at.col ? -1 : 1;
  /* at one place, the stream's before the light pass's, as when the light
   * pass ran after the stream */
  if (a->light != b->light)
    return a->light ? 1 : -1;
  return a->msg < b->msg ? -1 : a->msg > b->msg;
}

/* Reports the findings held, in file and position order, and drops them. */
static void flush_findings(vifxml_lint *l) {
  heap_sort(l, l->fnd, l->nfnd, sizeof *l->fnd, cmp_finding);
  for (size_t i = 0; i < l->nfnd; i++) {
    const finding *h = &l->fnd[i];
    const check_row *k = &checks[h->check];
    char buf[MSG_MAX];
    vifxml_lint_finding f = {l->fpool.p + h->file, h->at.line, h->at.col,
                             k->pub.severity, k->pub.phase, k->pub.id,
                             finding_msg(l, h, buf)};
    if (l->o.report)
      l->o.report(l->o.report_ctx, &f);
  }
  l->nfnd = 0;
  l->fpool.n = 0;
  l->ffile = POOL_NONE;
}

/* Forgets the light pass's findings of the input (the stream refused it). */
static void drop_light_findings(vifxml_lint *l) {
  size_t k = 0;
  for (size_t i = 0; i < l->nfnd; i++)
    if (!l->fnd[i].light)
      l->fnd[k++] = l->fnd[i];
  l->nfnd = k;
}

/* ## Public set-up */
int vifxml_lint_version_parse(const char *s, unsigned *out) {
  unsigned v[3] = {0, 0, 0};
  int n = 0;
  const char *p = s;
  if (!s || !*s)
    return -1;
  while (n < 3) {
    if (!isdigit((unsigned char)*p))
      return -1;
    unsigned long x = 0;
    while (isdigit((unsigned char)*p)) {
      x = x * 10 + (unsigned long)(*p++ - '0');
      if (x > 999)
        return -1;
    }
    v[n++] = (unsigned)x;
    if (!*p)
      break;
    if (*p++ != '.')
      return -1;
  }
  if (*p)
    return -1;
  *out = v[0] * 1000000u + v[1] * 1000u + v[2];
  return 0;
}

int vifxml_hypervisor_lookup(const char *s, vifxml_hypervisor *out) {
  static const char *const names[] = {"auto", "qemu", "xen", "lxc"};
  for (int i = 0; i < 4; i++)
    if (s && !strcmp(s, names[i])) {
      *out = (vifxml_hypervisor)i;
      return 0;
    }
  return -1;
}

vifxml_lint *vifxml_lint_new(const vifxml_lint_options *o) {
  const vifxml_allocator *a = o ? o->alloc : NULL;
  vifxml_lint *l = m_realloc(a, NULL, sizeof *l);
  if (!l)
    return NULL;
  memset(l, 0, sizeof *l);
  if (o)
    l->o = *o;
  l->a = a;
  l->version = l->o.libvirt ? l->o.libvirt : 9000000u;
  l->ffile = POOL_NONE;
  return l;
}

static void reset_input(vifxml_lint *l) {
  for (size_t i = 0; i < l->nstrs; i++)
    m_free(l->a, l->strs[i]);
  l->nstrs = 0;
  l->ndev = 0;
  l->ndom = 0;
}

static void end_input(vifxml_lint *l);

void vifxml_lint_free(vifxml_lint *l) {
  if (!l)
    return;
  end_input(l);
  reset_input(l);
  m_free(l->a, l->strs);
  m_free(l->a, l->dev);
  m_free(l->a, l->dom);
  m_free(l->a, l->fnd);
  m_free(l->a, l->fleet);
  m_free(l->a, l->fdom);
  m_free(l->a, l->far);
  m_free(l->a, l->pool.p);
  m_free(l->a, l->fpool.p);
  m_free(l->a, l->work);
  m_free(l->a, l);
}

static bool num(const char *s, unsigned long *out);

/* ## The light pass */
static void check_read(vifxml_lint *l);

static loc here(light *p) {
  loc at = {XML_GetCurrentLineNumber(p->xp),
            XML_GetCurrentColumnNumber(p->xp) + 1};
  return at;
}

static const char *attr(const XML_Char **atts, const char *name) {
  for (int i = 0; atts[i]; i += 2)
    if (!strcmp(atts[i], name))
      return atts[i + 1];
  return NULL;
}

/* libvirt reads PCI numbers with base 0; "" when any is bad. */
static char *pci_canon(vifxml_lint *l, const XML_Char **atts) {
  const char *k[4] = {"domain", "bus", "slot", "function"};
  unsigned long v[4];
  for (int i = 0; i < 4; i++) {
    const char *s = attr(atts, k[i]);
    v[i] = 0;
    if (s && *s) {
      char *end;
      v[i] = strtoul(s, &end, 0);
      if (*end)
        return NULL;
    }
  }
  char buf[64];
  snprintf(buf, sizeof buf, "%04lx:%02lx:%02lx.%lx", v[0], v[1], v[2], v[3]);
  return keep(l, buf);
}

/* A MAC as libvirt writes it, or NULL when it does not parse. */
static char *mac_canon(vifxml_lint *l, const char *s) {
  unsigned v[6];
  const char *p = s;
  for (int i = 0; i < 6; i++) {
    char *end;
    if (!isxdigit((unsigned char)*p))
      return NULL;
    unsigned long x = strtoul(p, &end, 16);
    if (end - p > 2 || x > 255)
      return NULL;
    v[i] = (unsigned)x;
    p = end;
    if (i < 5 && *p++ != ':')
      return NULL;
  }
  char buf[32];
  snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", v[0], v[1], v[2],
           v[3], v[4], v[5]);
  return keep(l, buf);
}

/* A number as libvirt reads it (base 10) and prints it; the text itself
 * when it is no number (the stream has then refused it already). */
static const char *decimal(vifxml_lint *l, const char *s) {
  unsigned long v;
  char buf[32];
  if (!num(s, &v))
    return s;
  snprintf(buf, sizeof buf, "%lu", v);
  return keep(l, buf);
}

static void XMLCALL on_start(void *ud, const XML_Char *el,
                             const XML_Char **atts) {
  light *p = ud;
  vifxml_lint *l = p->l;
  p->depth++;
  loc at = here(p);
  if (p->dom < 0 && !strcmp(el, "domain")) {
    if (m_grow(l->a, (void **)&l->dom, l->ndom, &l->capdom, sizeof *l->dom) < 0) {
      l->oom = true;
      return;
    }
    domain *d = &l->dom[l->ndom];
    memset(d, 0, sizeof *d);
    d->type = keep(l, attr(atts, "type"));
    d->start = at;
    p->dom = (int)l->ndom++;
    p->dom_depth = p->depth;
    return;
  }
  if (p->dom >= 0 && p->depth == p->dom_depth + 1) {
    if (!strcmp(el, "name")) {
      p->in_name = true;
      p->namelen = 0;
    } else if (!strcmp(el, "os")) {
      p->in_os = true;
      p->os_depth = p->depth;
    } else if (!strcmp(el, "devices")) {
      p->in_devices = true;
      p->devices_depth = p->depth;
    }
    return;
  }
  if (p->in_os && p->depth == p->os_depth + 1) {
    domain *d = &l->dom[p->dom];
    if (!strcmp(el, "type")) {
      d->arch = keep(l, attr(atts, "arch"));
      d->machine = keep(l, attr(atts, "machine"));
    } else if (!strcmp(el, "boot") && !d->os_boot) {
      d->os_boot = true;
      d->os_boot_at = at;
    }
    return;
  }
  bool lone = p->depth == 1 && !strcmp(el, "interface");
  if (p->cur < 0 &&
      (lone || (p->in_devices && p->depth == p->devices_depth + 1))) {
    if (m_grow(l->a, (void **)&l->dev, l->ndev, &l->capdev, sizeof *l->dev) < 0) {
      l->oom = true;
      return;
    }
    device *d = &l->dev[l->ndev];
    memset(d, 0, sizeof *d);
    d->domain = lone ? -1 : p->dom;
    d->is_iface = !strcmp(el, "interface");
    d->at[W_IFACE] = at;
    if (d->is_iface) {
      const char *t = attr(atts, "type");
      if (!t)
        t = "user"; /* libvirt's default */
      else if (!strcmp(t, "none"))
        t = "bridge"; /* the Xen-era spelling vifxml reads as bridge */
      d->type = keep(l, t);
    } else {
      d->type = keep(l, el); /* the device's element: "hostdev", "disk" */
      const char *ht = attr(atts, "type");
      if (strcmp(el, "hostdev") || !ht || strcmp(ht, "pci"))
        d->type = keep(l, "");
    }
    p->cur = (int)l->ndev++;
    p->cur_depth = p->depth;
    p->src_depth = 0;
    return;
  }
  if (p->cur < 0)
    return;
  device *d = &l->dev[p->cur];
  if (p->src_depth && p->depth == p->src_depth + 1) {
    const char *at_type = attr(atts, "type");
    if (!strcmp(el, "address") && (!at_type || !strcmp(at_type, "pci")) &&
        d->type && (!strcmp(d->type, "hostdev"))) {
      d->hostpci = pci_canon(l, atts);
      d->at[W_HOSTDEV_ADDR] = at;
    }
    return;
  }
  if (p->depth != p->cur_depth + 1) {
    /* <driver><host .../></driver>, <vlan><tag/>, ... */
    return;
  }
  /* A child of the device. */
#define SET(w, field, value)                                                   \
  do {                                                                         \
    if (!d->at[w].line) {                                                      \
      d->field = keep(l, value);                                               \
      d->at[w] = at;                                                           \
    }                                                                          \
  } while (0)
  if (!strcmp(el, "address")) {
    const char *t = attr(atts, "type");
    if (t && !strcmp(t, "pci") && !d->at[W_ADDRESS].line) {
      d->pci = pci_canon(l, atts);
      d->at[W_ADDRESS] = at;
    }
  } else if (!strcmp(el, "boot")) {
    SET(W_BOOT, boot, decimal(l, attr(atts, "order")));
  } else if (!strcmp(el, "alias")) {
    SET(W_ALIAS, alias, attr(atts, "name"));
  } else if (!strcmp(el, "acpi")) {
    SET(W_ACPI, acpi, decimal(l, attr(atts, "index")));
  } else if (!strcmp(el, "source")) {
    p->src_depth = p->depth;
    if (!d->at[W_SOURCE].line) {
      d->src_mode = keep(l, attr(atts, "mode"));
      d->src_path = keep(l, attr(atts, "path"));
      d->src_address = keep(l, attr(atts, "address"));
      d->at[W_SOURCE] = at;
    }
  } else if (!d->is_iface) {
    /* other devices: only address, boot, alias, source */
  } else if (!strcmp(el, "mac")) {
    if (!d->at[W_MAC].line) {
      const char *m = attr(atts, "address");
      d->mac = m ? mac_canon(l, m) : NULL;
      d->at[W_MAC] = at;
    }
  } else if (!strcmp(el, "model")) {
    SET(W_MODEL, model, attr(atts, "type"));
  } else if (!strcmp(el, "driver")) {
    if (!d->at[W_DRIVER].line) {
      d->driver_name = keep(l, attr(atts, "name"));
      d->queues = keep(l, attr(atts, "queues"));
      d->rxq = keep(l, attr(atts, "rx_queue_size"));
      d->txq = keep(l, attr(atts, "tx_queue_size"));
      d->at[W_DRIVER] = at;
    }
  } else if (!strcmp(el, "mtu")) {
    SET(W_MTU, mtu, attr(atts, "size"));
  } else if (!strcmp(el, "coalesce")) {
    if (!d->at[W_COALESCE].line) {
      d->coalesce = true;
      d->at[W_COALESCE] = at;
    }
  } else if (!strcmp(el, "backend")) {
    if (!d->at[W_BACKEND].line) {
      d->backend_tap = keep(l, attr(atts, "tap"));
      d->backend_type = keep(l, attr(atts, "type"));
      d->at[W_BACKEND] = at;
    }
  } else if (!strcmp(el, "script")) {
    SET(W_SCRIPT, script, attr(atts, "path"));
  } else if (!strcmp(el, "vlan")) {
    if (!d->at[W_VLAN].line) {
      d->vlan = true;
      d->at[W_VLAN] = at;
    }
  } else if (!strcmp(el, "ip")) {
    if (!d->nip++)
      d->at[W_IP] = at;
    const char *a = attr(atts, "address"), *pfx = attr(atts, "prefix");
    bool v6 = a && strchr(a, ':');
    unsigned long n = 0;
    bool has_pfx = pfx && *pfx && num(pfx, &n) && n;
    int bad = -1;
    if (!v6 && d->ipv4++)
      bad = C_USER_IPV4_COUNT;
    else if (v6 && d->ipv6++)
      bad = C_USER_IPV6_COUNT;
    else if (!v6 && has_pfx && (n < 4 || n > 27))
      bad = C_USER_IPV4_PREFIX;
    else if (v6 && has_pfx && n != 64)
      bad = C_USER_IPV6_PREFIX;
    if (bad >= 0 && !d->user_ip_at.line) {
      d->user_ip_check = bad;
      d->user_ip_arg = keep(l, pfx);
      d->user_ip_at = at;
    }
  } else if (!strcmp(el, "route")) {
    if (!d->nroute++)
      d->at[W_ROUTE] = at;
  } else if (!strcmp(el, "target")) {
    if (!d->at[W_TARGET].line) {
      d->target = keep(l, attr(atts, "dev"));
      d->target_managed = keep(l, attr(atts, "managed"));
      d->at[W_TARGET] = at;
    }
  } else if (!strcmp(el, "teaming")) {
    SET(W_TEAMING, teaming, attr(atts, "type"));
  } else if (!strcmp(el, "virtualport") || !strcmp(el, "portprofile") ||
             !strcmp(el, "vportprofile")) {
    SET(W_VPORT, vport, attr(atts, "type"));
  } else if (!strcmp(el, "filterref")) {
    if (!d->at[W_FILTERREF].line) {
      d->filterref = true;
      d->at[W_FILTERREF] = at;
    }
  }
#undef SET
}

static void XMLCALL on_end(void *ud, const XML_Char *el) {
  light *p = ud;
  (void)el;
  if (p->in_name && p->depth == p->dom_depth + 1) {
    p->name[p->namelen] = 0;
    if (!p->l->dom[p->dom].name)
      p->l->dom[p->dom].name = keep(p->l, p->name);
    p->in_name = false;
  }
  if (p->src_depth == p->depth)
    p->src_depth = 0;
  if (p->cur >= 0 && p->depth == p->cur_depth)
    p->cur = -1;
  if (p->in_os && p->depth == p->os_depth)
    p->in_os = false;
  if (p->in_devices && p->depth == p->devices_depth)
    p->in_devices = false;
  if (p->dom >= 0 && p->depth == p->dom_depth) {
    p->l->dom[p->dom].end = here(p);
    p->dom = -1;
  }
  p->depth--;
  /* A domain (or a lone interface) has ended and nothing is open: check
   * what it holds and let it go. */
  if (p->dom < 0 && p->cur < 0 && (p->l->ndev || p->l->ndom))
    check_read(p->l);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  light *p = ud;
  if (!p->in_name || p->depth != p->dom_depth + 1)
    return;
  for (int i = 0; i < len && p->namelen + 1 < sizeof p->name; i++)
    p->name[p->namelen++] = s[i];
}

static void XMLCALL on_doctype(void *ud, const XML_Char *n, const XML_Char *s,
                               const XML_Char *pub, int internal) {
  (void)n, (void)s, (void)pub, (void)internal;
  light *p = ud;
  XML_StopParser(p->xp, XML_FALSE);
}

/* The light pass reads an input alongside the stream, piece by piece: a
 * root may wrap many domains, and several top-level elements may follow
 * each other (each is parsed as its own document, as the stream does). So
 * that they are one document to expat, the input is wrapped in <w>...</w>
 * and its XML declarations (any processing instruction) and a DOCTYPE (the
 * stream has refused entity declarations: its internal subset too) are
 * blanked; newlines stay, so line and column numbers stay those of the
 * input (the wrapper opens with no newline: columns shift only on line 1,
 * by its 3 bytes). The scan looks 9 bytes ahead ("<!DOCTYPE") and, near
 * the end, at no '<' among the input's last 4 bytes: the last bytes of a
 * piece wait for the next piece, or the end. */
enum { BLANK_SCAN, BLANK_DOCTYPE, BLANK_PI };

static void light_start(vifxml_lint *l) {
  light *p = &l->lp;
  memset(p, 0, sizeof *p);
  p->l = l;
  p->dom = -1;
  p->cur = -1;
  p->blank = BLANK_SCAN;
  /* The wrapper shifts line 1's columns by 3: depth counts from it. */
  p->depth = -1;
  p->xp = XML_ParserCreate("UTF-8");
  if (!p->xp || xml_reset(p->xp, p) < 0) {
    /* out of memory: the input still reads, and its end says -2 */
    l->oom = true;
    p->stopped = true;
    return;
  }
  XML_SetElementHandler(p->xp, on_start, on_end);
  XML_SetCharacterDataHandler(p->xp, on_text);
  XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
  static const char open[] = "<w>";
  if (XML_Parse(p->xp, open, (int)(sizeof open - 1), 0) == XML_STATUS_ERROR)
    p->stopped = true;
}

/* Feeds len bytes (at most LIGHT_PIECE) of the input; final: they end it. */
#define LIGHT_PIECE 65536
static void light_feed(vifxml_lint *l, const char *buf, size_t len,
                       bool final) {
  light *p = &l->lp;
  if (p->stopped)
    return;
  size_t n = p->ncarry + len;
  if (n > l->capwork) {
    size_t cap = LIGHT_PIECE + sizeof p->carry;
    char *w = m_realloc(l->a, l->work, cap > n ? cap : n);
    if (!w) {
      l->oom = true;
      p->stopped = true;
      return;
    }
    l->work = w;
    l->capwork = cap > n ? cap : n;
  }
  char *w = l->work;
  memcpy(w, p->carry, p->ncarry);
  if (len)
    memcpy(w + p->ncarry, buf, len);
  size_t i = 0;
  while (i < n) {
    char c = w[i];
    if (p->blank == BLANK_DOCTYPE) {
      /* to its '>' outside brackets, that included */
      if (c == '>' && !p->bracket)
        p->blank = BLANK_SCAN;
      else if (c == '[')
        p->bracket++;
      else if (c == ']' && p->bracket)
        p->bracket--;
      if (c != '\n')
        w[i] = ' ';
      i++;
      continue;
    }
    if (p->blank == BLANK_PI) {
      /* to the first "?>" whose '?' follows the "<?" */
      bool done = p->prev_q && c == '>';
      p->prev_q = c == '?';
      if (c != '\n')
        w[i] = ' ';
      i++;
      if (done)
        p->blank = BLANK_SCAN;
      continue;
    }
    if (!final && n - i < 9)
      break; /* wait for the look-ahead */
    if (c == '<' && n - i >= 5) {
      if (n - i >= 9 && !memcmp(w + i, "<!DOCTYPE", 9)) {
        p->blank = BLANK_DOCTYPE;
        p->bracket = 0;
        continue;
      }
      if (w[i + 1] == '?') {
        w[i] = w[i + 1] = ' ';
        i += 2;
        p->blank = BLANK_PI;
        p->prev_q = false;
        continue;
      }
    }
    i++;
  }
  p->ncarry = n - i;
  memcpy(p->carry, w + i, p->ncarry);
  if (i && XML_Parse(p->xp, w, (int)i, 0) == XML_STATUS_ERROR) {
    p->stopped = true;
    return;
  }
  static const char close[] = "</w>";
  if (final &&
      XML_Parse(p->xp, close, (int)(sizeof close - 1), 1) == XML_STATUS_ERROR)
    p->stopped = true;
}

static void light_end(vifxml_lint *l) {
  if (l->lp.xp)
    XML_ParserFree(l->lp.xp);
  l->lp.xp = NULL;
  l->lp.stopped = true;
  l->lp.ncarry = 0;
}

/* ## The checks */
static bool is_virtio(const char *m) {
  return m && (!strcasecmp(m, "virtio") || !strcasecmp(m, "virtio-transitional") ||
               !strcasecmp(m, "virtio-non-transitional"));
}

static bool is(const char *a, const char *b) { return a && !strcmp(a, b); }

static bool num(const char *s, unsigned long *out) {
  if (!s || !*s || !isdigit((unsigned char)*s))
    return false;
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (*end)
    return false;
  *out = v;
  return true;
}

/* The hypervisor a device is checked for. */
static vifxml_hypervisor hv_of(vifxml_lint *l, int dom) {
  if (l->o.hypervisor != VIFXML_HV_AUTO)
    return l->o.hypervisor;
  if (dom < 0)
    return VIFXML_HV_QEMU; /* a lone interface: the common case */
  const char *t = l->dom[dom].type;
  if (is(t, "qemu") || is(t, "kvm"))
    return VIFXML_HV_QEMU;
  if (is(t, "xen"))
    return VIFXML_HV_XEN;
  if (is(t, "lxc"))
    return VIFXML_HV_LXC;
  return VIFXML_HV_AUTO; /* another driver: the checks for all only */
}

static bool applies(vifxml_lint *l, check_id c, int dom) {
  if (checks[c].since && l->version < checks[c].since)
    return false;
  if (checks[c].hv == HV_A)
    return true;
  vifxml_hypervisor h = hv_of(l, dom);
  return h != VIFXML_HV_AUTO && (checks[c].hv & (1u << h));
}

/* The models qemu-system-x86_64 9.x/7.2 has as NICs, by libvirt's model
 * name (libvirt passes other names through verbatim). */
static bool x86_model(const char *m) {
  static const char *const known[] = {
      "virtio", "virtio-transitional", "virtio-non-transitional", "e1000",
      "e1000e", "rtl8139", "vmxnet3", "usb-net", "e1000-82544gc",
      "e1000-82545em", "i82550", "i82551", "i82557a", "i82557b", "i82557c",
      "i82558a", "i82558b", "i82559a", "i82559b", "i82559c", "i82559er",
      "i82562", "i82801", "ne2k_isa", "ne2k_pci", "pcnet", "pvrdma", "rocker",
      "tulip", "virtio-net-device", "virtio-net-pci",
      "virtio-net-pci-non-transitional", "virtio-net-pci-transitional", NULL};
  /* libvirt's own model names match in any case and are canonicalized */
  static const char *const ci[] = {"virtio", "virtio-transitional",
                                   "virtio-non-transitional", "e1000",
                                   "e1000e", "rtl8139", "vmxnet3", "usb-net",
                                   NULL};
  for (int i = 0; ci[i]; i++)
    if (!strcasecmp(m, ci[i]))
      return true;
  for (int i = 0; known[i]; i++)
    if (!strcmp(m, known[i]))
      return true;
  return false;
}

/* libvirt's known model names, in their canonical spelling. */
static const char *model_canon(const char *m) {
  static const char *const names[] = {
      "virtio", "virtio-transitional", "virtio-non-transitional", "e1000",
      "e1000e", "rtl8139", "netfront", "usb-net", "spapr-vlan", "lan9118",
      "smc91c111", "vlance", "vmxnet", "vmxnet2", "vmxnet3", "Am79C970A",
      "Am79C973", "82540EM", "82545EM", "82543GC", NULL};
  for (int i = 0; names[i]; i++)
    if (!strcasecmp(m, names[i]))
      return names[i];
  return m;
}

static bool x86(vifxml_lint *l, int dom) {
  if (dom < 0)
    return true;
  const char *a = l->dom[dom].arch;
  return !a || is(a, "x86_64") || is(a, "i686");
}

/* "interface MAC" as libvirt names an interface in messages (libvirt
 * generates a MAC when none is given). */
static const char *mac_or(const device *d) {
  return d->mac ? d->mac : "(no mac)";
}

static bool tap_type(const char *t);

static void check_device(vifxml_lint *l, device *d) {
  const char *file = l->file;
  int dom = d->domain;
  const char *t = d->type;
  bool virtio = is_virtio(d->model);
  unsigned long v;
#define ON(c) applies(l, c, dom)
  /* define: the parser */
  if (ON(C_BACKEND_TYPE) && d->backend_type)
    add_finding(l, C_BACKEND_TYPE, file, d->at[W_BACKEND],
                checks[C_BACKEND_TYPE].pub.message, d->backend_type);
  /* define: qemuValidateDomainDeviceDefNetwork */
  if (ON(C_GUEST_IP) && !is(t, "user") && (d->nip || d->nroute))
    add_finding(l, C_GUEST_IP, file, d->nip ? d->at[W_IP] : d->at[W_ROUTE],
                "%s", checks[C_GUEST_IP].pub.message);
  if (ON(C_USER_ROUTE) && is(t, "user") && d->nroute)
    add_finding(l, C_USER_ROUTE, file, d->at[W_ROUTE], "%s",
                checks[C_USER_ROUTE].pub.message);
  if (is(t, "user") && d->user_ip_at.line && ON((check_id)d->user_ip_check))
    add_finding(l, (check_id)d->user_ip_check, file, d->user_ip_at,
                checks[d->user_ip_check].pub.message,
                d->user_ip_arg ? d->user_ip_arg : "");
  if (virtio && ON(C_RXQ_POW2) && num(d->rxq, &v) && (v & (v - 1)))
    add_finding(l, C_RXQ_POW2, file, d->at[W_DRIVER], "%s",
                checks[C_RXQ_POW2].pub.message);
  if (virtio && ON(C_TXQ_POW2) && num(d->txq, &v) && (v & (v - 1)))
    add_finding(l, C_TXQ_POW2, file, d->at[W_DRIVER], "%s",
                checks[C_TXQ_POW2].pub.message);
  if (ON(C_MTU_TYPE) && num(d->mtu, &v) && v &&
      !(is(t, "network") || is(t, "bridge") || is(t, "ethernet") ||
        is(t, "vhostuser")))
    add_finding(l, C_MTU_TYPE, file, d->at[W_MTU],
                checks[C_MTU_TYPE].pub.message, t);
  if (ON(C_TEAMING_MODEL) && is(d->teaming, "persistent") && !virtio)
    add_finding(l, C_TEAMING_MODEL, file, d->at[W_TEAMING],
                checks[C_TEAMING_MODEL].pub.message,
                d->model ? model_canon(d->model)
                         : (x86(l, dom) && !is(t, "hostdev") ? "rtl8139" : ""));
  if (ON(C_TEAMING_TYPE) && is(d->teaming, "transient") && !is(t, "hostdev"))
    add_finding(l, C_TEAMING_TYPE, file, d->at[W_TEAMING],
                checks[C_TEAMING_TYPE].pub.message, t);
  if (ON(C_COALESCE_TYPE) && d->coalesce &&
      !(is(t, "network") || is(t, "bridge")))
    add_finding(l, C_COALESCE_TYPE, file, d->at[W_COALESCE],
                checks[C_COALESCE_TYPE].pub.message, t);
  /* start: virDomainActualNetDefValidate (a network's actual type is the
   * network's business: not judged here) */
  if (ON(C_VLAN_TYPE) && d->vlan && !is(t, "network") && !is(t, "hostdev") &&
      !(is(t, "direct") && is(d->src_mode, "passthrough")) &&
      !(is(t, "bridge") && is(d->vport, "openvswitch")))
    add_finding(l, C_VLAN_TYPE, file, d->at[W_VLAN],
                checks[C_VLAN_TYPE].pub.message, mac_or(d));
  /* qemuDomainValidateActualNetDef */
  if (ON(C_MULTIQUEUE_TYPE) && virtio && num(d->queues, &v) && v > 1 &&
      !(is(t, "network") || is(t, "bridge") || is(t, "direct") ||
        is(t, "ethernet") || is(t, "vhostuser") || is(t, "vdpa")))
    add_finding(l, C_MULTIQUEUE_TYPE, file, d->at[W_DRIVER],
                checks[C_MULTIQUEUE_TYPE].pub.message, mac_or(d), t);
  if (ON(C_FILTERREF_VPORT) && d->filterref && is(t, "bridge") && d->vport &&
      *d->vport)
    add_finding(l, C_FILTERREF_VPORT, file, d->at[W_FILTERREF],
                checks[C_FILTERREF_VPORT].pub.message, mac_or(d), d->vport);
  if (ON(C_TAP_PATH_TYPE) && d->backend_tap &&
      !(is(t, "network") || is(t, "bridge") || is(t, "ethernet")))
    add_finding(l, C_TAP_PATH_TYPE, file, d->at[W_BACKEND],
                checks[C_TAP_PATH_TYPE].pub.message, mac_or(d), t);
  /* qemu_command.c */
  if (ON(C_SCRIPT_TYPE) && d->script && *d->script && !is(t, "ethernet"))
    add_finding(l, C_SCRIPT_TYPE, file, d->at[W_SCRIPT],
                checks[C_SCRIPT_TYPE].pub.message, t);
  /* qemu_interface.c */
  if (ON(C_UNMANAGED_DEV) && is(t, "ethernet") && is(d->target_managed, "no") &&
      !(d->target && *d->target))
    add_finding(l, C_UNMANAGED_DEV, file, d->at[W_TARGET], "%s",
                checks[C_UNMANAGED_DEV].pub.message);
  if (ON(C_MTU_RANGE) && tap_type(t) && num(d->mtu, &v) && v &&
      (v < 68 || v > 65535))
    add_finding(l, C_MTU_RANGE, file, d->at[W_MTU],
                checks[C_MTU_RANGE].pub.message,
                d->target && *d->target ? d->target : "vnetN");
  /* qemu_hostdev.c */
  if (ON(C_HOSTDEV_KVM) && is(t, "hostdev") && is(d->driver_name, "kvm"))
    add_finding(l, C_HOSTDEV_KVM, file, d->at[W_DRIVER], "%s",
                checks[C_HOSTDEV_KVM].pub.message);
  /* qemu itself */
  struct in_addr ia;
  if (ON(C_MCAST_ADDRESS) && is(t, "mcast") && d->src_address &&
      inet_pton(AF_INET, d->src_address, &ia) == 1 &&
      (ntohl(ia.s_addr) >> 28) != 0xe)
    add_finding(l, C_MCAST_ADDRESS, file, d->at[W_SOURCE],
                checks[C_MCAST_ADDRESS].pub.message, d->src_address,
                (unsigned long)ntohl(ia.s_addr));
  if (ON(C_NIC_MODEL) && x86(l, dom) && d->model && *d->model &&
      !is(t, "hostdev") && strcasecmp(d->model, "unknown") &&
      !x86_model(d->model))
    add_finding(l, C_NIC_MODEL, file, d->at[W_MODEL],
                checks[C_NIC_MODEL].pub.message, model_canon(d->model));
  if (virtio && ON(C_RXQ_RANGE) && num(d->rxq, &v) && !(v & (v - 1)) &&
      (v < 256 || v > 1024))
    add_finding(l, C_RXQ_RANGE, file, d->at[W_DRIVER],
                checks[C_RXQ_RANGE].pub.message, d->rxq);
  if (virtio && ON(C_TXQ_RANGE) && num(d->txq, &v) && !(v & (v - 1)) &&
      (v < 256 || v > 1024))
    add_finding(l, C_TXQ_RANGE, file, d->at[W_DRIVER],
                checks[C_TXQ_RANGE].pub.message, d->txq);
  /* by version */
  if (ON(C_TAP_MANAGED) && is(t, "ethernet") && d->target && *d->target &&
      !is(d->target_managed, "no"))
    add_finding(l, C_TAP_MANAGED, file, d->at[W_TARGET],
                checks[C_TAP_MANAGED].pub.message, d->target, d->target);
#undef ON
}

/* What libvirt keeps of the values the per-domain and fleet checks use. */
static void normalize_device(device *d) {
  if (!d->is_iface)
    return;
  if (!is_virtio(d->model) || is(d->type, "hostdev"))
    d->queues = d->rxq = d->txq = NULL; /* dropped by the parser */
  if (d->target && !is(d->target_managed, "no") &&
      (!strncmp(d->target, "vnet", 4) || !strncmp(d->target, "macvtap", 7) ||
       !strncmp(d->target, "macvlan", 7)))
    d->target = NULL; /* auto-named: blanked on an inactive define */
  if (d->script && !*d->script)
    d->script = NULL;
}

/* Aliases survive an inactive define only with the ua- prefix. */
static bool user_alias(const char *a) { return a && !strncmp(a, "ua-", 3); }

static bool tap_type(const char *t) {
  return is(t, "bridge") || is(t, "network") || is(t, "ethernet");
}

static void check_domain(vifxml_lint *l, int dom, size_t first, size_t end) {
  const char *file = l->file;
  domain *D = dom >= 0 ? &l->dom[dom] : NULL;
  bool any_boot = false;
  for (size_t i = first; i < end; i++) {
    device *d = &l->dev[i];
    if (d->domain != dom)
      continue;
    if (d->boot && !any_boot && D && D->os_boot &&
        applies(l, C_BOOT_OS, dom)) {
      any_boot = true;
      add_finding(l, C_BOOT_OS, file, d->at[W_BOOT], "%s",
                  checks[C_BOOT_OS].pub.message);
    }
    if (dom < 0)
      continue;
    bool pc = x86(l, dom) && (!D->machine || is(D->machine, "pc") ||
                              !strncmp(D->machine, "pc-i440fx", 9));
    if (d->is_iface && d->pci && applies(l, C_PCI_UNIQUE, dom) && pc &&
        !strncmp(d->pci, "0000:00:01.", 11))
      add_finding(l, C_PCI_UNIQUE, file, d->at[W_ADDRESS],
                  checks[C_PCI_UNIQUE].pub.message, d->pci);
    for (size_t j = first; j < i; j++) {
      device *e = &l->dev[j];
      if (e->domain != dom)
        continue;
      if (user_alias(d->alias) && is(e->alias, d->alias) &&
          applies(l, C_ALIAS_UNIQUE, dom))
        add_finding(l, C_ALIAS_UNIQUE, file, d->at[W_ALIAS],
                    checks[C_ALIAS_UNIQUE].pub.message, d->alias);
      if (d->boot && is(e->boot, d->boot) && applies(l, C_BOOT_UNIQUE, dom))
        add_finding(l, C_BOOT_UNIQUE, file, d->at[W_BOOT],
                    checks[C_BOOT_UNIQUE].pub.message, d->boot);
      if (d->pci && is(e->pci, d->pci) && applies(l, C_PCI_UNIQUE, dom) &&
          strcmp(d->pci, "0000:00:00.0"))
        add_finding(l, C_PCI_UNIQUE, file, d->at[W_ADDRESS],
                    checks[C_PCI_UNIQUE].pub.message, d->pci);
      if (!d->is_iface || !e->is_iface)
        continue;
      if (d->target && tap_type(d->type) && tap_type(e->type) &&
          !is(d->target_managed, "no") && is(e->target, d->target) &&
          applies(l, C_TARGET_UNIQUE, dom))
        add_finding(l, C_TARGET_UNIQUE, file, d->at[W_TARGET],
                    checks[C_TARGET_UNIQUE].pub.message, d->target);
      if (d->mac && is(e->mac, d->mac) && applies(l, C_MAC_UNIQUE, dom))
        add_finding(l, C_MAC_UNIQUE, file, d->at[W_MAC],
                    checks[C_MAC_UNIQUE].pub.message, d->mac);
      if (d->acpi && is(e->acpi, d->acpi) && applies(l, C_ACPI_UNIQUE, dom))
        add_finding(l, C_ACPI_UNIQUE, file, d->at[W_ACPI],
                    checks[C_ACPI_UNIQUE].pub.message, d->acpi);
    }
  }
}

/* ## Fleet state
 * Every MAC, host PCI device, vhost-user server socket and tap of every
 * domain read so far is kept until vifxml_lint_finish: 16 bytes an entry
 * (plus a socket's or a tap's string), and once per domain 12 bytes and
 * its name (about 30 bytes per interface). */

/* How the fleet's packed values are spelled ('x' a lower-case hex digit):
 * the canonical MAC and PCI address (mac_canon, pci_canon), and the tap
 * and vhost-user socket that Nova names after the port ("tap" or
 * "vhu" and the port id's first 11 characters); other values stay strings.
 * Packed digit by digit, 4 bits each, numbers compare as the strings do. */
_Static_assert(C_FLEET_HOSTDEV == C_FLEET_MAC + 1 && C_FLEET_VHU == C_FLEET_MAC + 2 &&
                   C_FLEET_TAP == C_FLEET_MAC + 3,
               "the fleet checks are four in a row: a key holds two bits of them");
static const char *fleet_form(check_id c) {
  return c == C_FLEET_MAC       ? "xx:xx:xx:xx:xx:xx"
         : c == C_FLEET_HOSTDEV ? "xxxx:xx:xx.x"
         : c == C_FLEET_TAP     ? "tapxxxxxxxx-xx"
                                : "/var/run/openvswitch/vhuxxxxxxxx-xx";
}

static const char hexdig[] = "0123456789abcdef";

/* s packed into *v when spelled exactly as form (a PCI number wider than
 * its field, as in "10000:00:00.0", is not). */
static bool fleet_pack(const char *form, const char *s, uint64_t *v) {
  *v = 0;
  for (; *form; form++, s++) {
    const char *d = *form == 'x' && *s ? strchr(hexdig, *s) : NULL;
    if (d)
      *v = *v << 4 | (uint64_t)(d - hexdig);
    else if (*form == 'x' || *s != *form)
      return false;
  }
  return !*s;
}

/* The value of e as a string (in buf when packed). */
#define FLEET_VALUE_MAX 40
static const char *fleet_value(const vifxml_lint *l, const fleet_entry *e,
                               char *buf) {
  if (e->key & FLEET_STR)
    return l->pool.p + (uint32_t)e->key;
  const char *form = fleet_form((check_id)(C_FLEET_MAC + (e->key >> 62)));
  uint64_t v = e->key & FLEET_VALUE;
  size_t n = strlen(form);
  buf[n] = 0;
  while (n--) {
    buf[n] = form[n] == 'x' ? hexdig[v & 15] : form[n];
    if (form[n] == 'x')
      v >>= 4;
  }
  return buf;
}

static loc fleet_at(const vifxml_lint *l, const fleet_entry *e) {
  if (e->pos & FLEET_FAR)
    return l->far[e->pos & ~FLEET_FAR];
  loc at = {l->fdom[e->dom].line + (e->pos >> 16), e->pos & 0xffff};
  return at;
}

/* D: the domain, dname its name; *dom its index in l->fdom, made with its
 * first entry (UINT32_MAX before). */
static void fleet_add(vifxml_lint *l, check_id c, const char *value,
                      const domain *D, const char *dname, uint32_t *dom,
                      loc at) {
  if (!value || !*value)
    return;
  if (m_grow(l->a, (void **)&l->fleet, l->nfleet, &l->capfleet,
             sizeof *l->fleet) < 0) {
    l->oom = true;
    return;
  }
  if (l->fleet_file == POOL_NONE)
    l->fleet_file = pool_add(l, &l->pool, l->file);
  if (l->fleet_file == POOL_NONE)
    return;
  if (*dom == UINT32_MAX) {
    uint32_t name = pool_add(l, &l->pool, dname);
    if (name == POOL_NONE)
      return;
    if (l->nfdom >= UINT32_MAX ||
        m_grow(l->a, (void **)&l->fdom, l->nfdom, &l->capfdom,
               sizeof *l->fdom) < 0) {
      l->oom = true;
      return;
    }
    uint32_t line = D->start.line <= UINT32_MAX ? (uint32_t)D->start.line : 0;
    l->fdom[l->nfdom] = (fleet_domain){name, l->fleet_file, line};
    *dom = (uint32_t)l->nfdom++;
  }
  uint64_t key = (uint64_t)(c - C_FLEET_MAC) << 62, v;
  if (fleet_pack(fleet_form(c), value, &v)) {
    key |= v;
  } else {
    uint32_t off = pool_add(l, &l->pool, value);
    if (off == POOL_NONE)
      return;
    key |= FLEET_STR | off;
  }
  unsigned long line = l->fdom[*dom].line;
  uint32_t pos;
  if (at.line >= line && at.line - line < 0x8000 && at.col <= 0xffff) {
    pos = (uint32_t)(at.line - line) << 16 | (uint32_t)at.col;
  } else {
    if (l->nfar >= FLEET_FAR ||
        m_grow(l->a, (void **)&l->far, l->nfar, &l->capfar, sizeof *l->far) <
            0) {
      l->oom = true;
      return;
    }
    l->far[l->nfar] = at;
    pos = FLEET_FAR | (uint32_t)l->nfar++;
  }
  l->fleet[l->nfleet++] = (fleet_entry){key, *dom, pos};
}

static void fleet_collect(vifxml_lint *l) {
  int last = -1;
  uint32_t dom = UINT32_MAX;
  const domain *D = NULL;
  char dname[300];
  for (size_t i = 0; i < l->ndev; i++) {
    device *d = &l->dev[i];
    if (d->domain < 0)
      continue; /* a lone interface is no guest */
    if (d->domain != last) {
      D = &l->dom[d->domain];
      last = d->domain;
      dom = UINT32_MAX;
      snprintf(dname, sizeof dname, "%s", D->name ? D->name : "");
      if (!D->name) /* a domain without a name: name it by its place */
        snprintf(dname, sizeof dname, "(line %lu)", D->start.line);
    }
    if (d->is_iface) {
      fleet_add(l, C_FLEET_MAC, d->mac, D, dname, &dom, d->at[W_MAC]);
      if (is(d->type, "hostdev"))
        fleet_add(l, C_FLEET_HOSTDEV, d->hostpci, D, dname, &dom,
                  d->at[W_HOSTDEV_ADDR]);
      if (is(d->type, "vhostuser") && is(d->src_mode, "server"))
        fleet_add(l, C_FLEET_VHU, d->src_path, D, dname, &dom,
                  d->at[W_SOURCE]);
      if (tap_type(d->type))
        fleet_add(l, C_FLEET_TAP, d->target, D, dname, &dom, d->at[W_TARGET]);
    } else if (is(d->type, "hostdev")) {
      fleet_add(l, C_FLEET_HOSTDEV, d->hostpci, D, dname, &dom,
                d->at[W_HOSTDEV_ADDR]);
    }
  }
}

/* By check, then value as the strings compare. */
static int cmp_fleet_value(const vifxml_lint *l, const fleet_entry *a,
                           const fleet_entry *b) {
  if ((a->key >> 62) != (b->key >> 62))
    return (a->key >> 62) < (b->key >> 62) ? -1 : 1;
  if (!((a->key | b->key) & FLEET_STR))
    return a->key < b->key ? -1 : a->key > b->key;
  char ba[FLEET_VALUE_MAX], bb[FLEET_VALUE_MAX];
  return strcmp(fleet_value(l, a, ba), fleet_value(l, b, bb));
}

/* By check and value, then in input order (by domain, then place). */
static int cmp_fleet(const vifxml_lint *l, const void *pa, const void *pb) {
  const fleet_entry *a = pa, *b = pb;
  int c = cmp_fleet_value(l, a, b);
  if (c)
    return c;
  if (a->dom != b->dom)
    return a->dom < b->dom ? -1 : 1;
  loc x = fleet_at(l, a), y = fleet_at(l, b);
  if (x.line != y.line)
    return x.line < y.line ? -1 : 1;
  return x.col < y.col ? -1 : x.col > y.col;
}

int vifxml_lint_finish(vifxml_lint *l) {
  /* An input begun and not ended has no fleet state of its own yet: it is
   * dropped, so that ending it later cannot bring back what is reported
   * here. */
  vifxml_lint_drop(l);
  heap_sort(l, l->fleet, l->nfleet, sizeof *l->fleet, cmp_fleet);
  const char *pool = l->pool.p;
  for (size_t i = 0; i < l->nfleet;) {
    size_t j = i + 1;
    while (j < l->nfleet && !cmp_fleet_value(l, &l->fleet[i], &l->fleet[j]))
      j++;
    /* Reported at each place held by another domain than some other. */
    for (size_t a = i; a < j; a++) {
      for (size_t b = i; b < j; b++) {
        const fleet_entry *e = &l->fleet[a], *o = &l->fleet[b];
        const fleet_domain *ed = &l->fdom[e->dom], *od = &l->fdom[o->dom];
        if (a == b || !strcmp(pool + ed->name, pool + od->name))
          continue;
        loc at = fleet_at(l, o);
        char where[512], buf[FLEET_VALUE_MAX];
        snprintf(where, sizeof where, "%s:%lu:%lu", pool + od->file, at.line,
                 at.col);
        check_id c = (check_id)(C_FLEET_MAC + (e->key >> 62));
        add_finding(l, c, pool + ed->file, fleet_at(l, e),
                    checks[c].pub.message, fleet_value(l, e, buf),
                    pool + od->name, where);
        break; /* one finding per place, naming the first other domain */
      }
    }
    i = j;
  }
  flush_findings(l);
  l->nfleet = l->nfdom = l->nfar = l->pool.n = 0;
  return l->oom ? -1 : 0;
}

/* ## One input */

/* Checks what the light pass holds (a domain, or a lone interface, that
 * has ended; or what it read of the input when it ends early) and lets it
 * go. */
static void check_read(vifxml_lint *l) {
  /* Line 1's columns include the wrapper's 3 bytes. */
  for (size_t i = 0; i < l->ndom; i++) {
    if (l->dom[i].start.line == 1) l->dom[i].start.col -= 3;
    if (l->dom[i].end.line == 1) l->dom[i].end.col -= 3;
    if (l->dom[i].os_boot_at.line == 1) l->dom[i].os_boot_at.col -= 3;
  }
  for (size_t i = 0; i < l->ndev; i++)
    for (int w = 0; w < W_COUNT; w++)
      if (l->dev[i].at[w].line == 1)
        l->dev[i].at[w].col -= 3;
  l->in_light = true;
  for (size_t i = 0; i < l->ndev; i++) {
    normalize_device(&l->dev[i]);
    if (l->dev[i].is_iface)
      check_device(l, &l->dev[i]);
  }
  /* Domains one by one (lone interfaces form none). */
  for (size_t i = 0, j; i < l->ndev; i = j) {
    /* a domain's devices follow each other */
    for (j = i + 1; j < l->ndev && l->dev[j].domain == l->dev[i].domain; j++)
      ;
    if (l->dev[i].domain >= 0)
      check_domain(l, l->dev[i].domain, i, j);
  }
  fleet_collect(l);
  l->in_light = false;
  reset_input(l);
}

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  (void)ctx, (void)s, (void)iface, (void)indent, (void)err;
  return 0; /* the stream only checks; nothing is written */
}

static void on_diag(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  vifxml_lint *l = ctx;
  if (level != VIFXML_DIAG_WARNING)
    return; /* notes say what vifxml passes through: not libvirt's concern */
  loc at = {d->line, d->column};
  add_finding(l, C_NORMALIZE, d->file[0] ? d->file : l->file, at, "%s",
              d->message);
}

/* Frees what the input in progress holds (its findings excepted). */
static void end_input(vifxml_lint *l) {
  vifxml_stream_free(l->s);
  l->s = NULL;
  light_end(l);
  reset_input(l);
  m_free(l->a, l->fname);
  l->fname = NULL;
  l->file = NULL;
}

int vifxml_lint_begin(vifxml_lint *l, const char *filename) {
  vifxml_lint_drop(l);
  l->oom = false;
  l->in_rc = 0;
  l->nfleet0 = l->nfleet;
  l->nfdom0 = l->nfdom;
  l->nfar0 = l->nfar;
  l->npool0 = l->pool.n;
  l->fleet_file = POOL_NONE;
  l->fname = m_strdup(l->a, filename ? filename : "<stdin>");
  if (!l->fname)
    return -2;
  l->file = l->fname;
  vifxml_stream_options so;
  memset(&so, 0, sizeof so);
  so.filename = l->file;
  so.on_iface = on_iface;
  so.iface_ctx = l;
  so.on_diag = on_diag;
  so.diag_ctx = l;
  so.alloc = l->a;
  l->s = vifxml_stream_new(&so);
  if (!l->s) {
    end_input(l);
    return -2;
  }
  light_start(l);
  return 0;
}

int vifxml_lint_feed(vifxml_lint *l, const char *buf, size_t len) {
  if (!l->s)
    return -2; /* no input begun */
  while (l->in_rc == 0 && len) {
    size_t n = len < LIGHT_PIECE ? len : LIGHT_PIECE;
    if (vifxml_stream_feed(l->s, buf, n) < 0)
      /* no place in the input: out of memory, not a finding */
      l->in_rc = vifxml_stream_error(l->s)->line ? -1 : -2;
    else
      light_feed(l, buf, n, false);
    buf += n;
    len -= n;
  }
  return l->in_rc;
}

/* Forgets what the light pass made of the input: the stream refused it. */
static void unread(vifxml_lint *l) {
  drop_light_findings(l);
  l->nfleet = l->nfleet0;
  l->nfdom = l->nfdom0;
  l->nfar = l->nfar0;
  l->pool.n = l->npool0;
}

int vifxml_lint_end(vifxml_lint *l) {
  if (!l->s)
    return -2;
  if (l->in_rc == 0 && vifxml_stream_finish(l->s) < 0)
    l->in_rc = vifxml_stream_error(l->s)->line ? -1 : -2;
  int rc = l->in_rc;
  if (rc == -1) {
    const vifxml_error *e = vifxml_stream_error(l->s);
    loc at = {e->line, e->column};
    add_finding(l, C_PARSE, e->file[0] ? e->file : l->file, at, "%s",
                e->message);
  }
  if (rc < 0) {
    unread(l);
  } else {
    /* The stream has read it: the light pass fails only where it reads
     * less than the stream (a DOCTYPE), and then checks what it has read. */
    light_feed(l, "", 0, true);
    if (l->ndev || l->ndom)
      check_read(l);
    rc = l->oom ? -2 : 0;
  }
  flush_findings(l);
  end_input(l);
  return rc;
}

void vifxml_lint_drop(vifxml_lint *l) {
  if (!l->s) {
    end_input(l);
    return;
  }
  unread(l);
  l->nfnd = 0;
  l->fpool.n = 0;
  l->ffile = POOL_NONE;
  end_input(l);
}

int vifxml_lint_input(vifxml_lint *l, const char *buf, size_t len,
                      const char *filename) {
  if (vifxml_lint_begin(l, filename) < 0)
    return -2;
  (void)vifxml_lint_feed(l, buf, len);
  return vifxml_lint_end(l);
}
