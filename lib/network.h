/* <network> definitions as the resolver sees them: network.c reads them,
 * resolve.c allocates ports from them. Not installed. */
#ifndef VIFXML_NETWORK_H
#define VIFXML_NETWORK_H

#include "internal.h"

/* uthash tables grow inside the handle's arena: `ut_arena` must name it
 * wherever an item is added. Nothing is freed one by one (the arena goes
 * as a whole), and a failed allocation only leaves the item out, which the
 * arena's failure flag then reports. */
#define HASH_NONFATAL_OOM 1
#define uthash_malloc(sz) arena_alloc(ut_arena, (sz))
#define uthash_free(ptr, sz) ((void)(ptr), (void)(sz))
#define uthash_nonfatal_oom(obj) ((void)(obj))
#include <uthash.h>

/* Forward modes, in libvirt's virNetworkForwardType order: X(ID, spelling). */
#define NET_MODES(X)                                                           \
  X(NONE, "none")                                                              \
  X(NAT, "nat")                                                                \
  X(ROUTE, "route")                                                            \
  X(OPEN, "open")                                                              \
  X(BRIDGE, "bridge")                                                          \
  X(PRIVATE, "private")                                                        \
  X(VEPA, "vepa")                                                              \
  X(PASSTHROUGH, "passthrough")                                                \
  X(HOSTDEV, "hostdev")

#define NET_X_ID_(id, s) NET_MODE_##id,
typedef enum { NET_MODES(NET_X_ID_) NET_MODE_COUNT } net_mode;
#undef NET_X_ID_

const char *net_mode_str(net_mode m);

/* The modes where libvirt routes or isolates traffic itself on a bridge it
 * creates (the port's actual type is `network`). */
static inline bool net_mode_l3(net_mode m) { return m <= NET_MODE_OPEN; }

/* One device of a forward pool, and how many ports use it. */
typedef struct net_dev {
  const char *key;      /* netdev name, or the PCI address DDDD:BB:SS.F */
  const char *pci[4];   /* hostdev: canonical domain, bus, slot, function */
  unsigned connections; /* ports allocated in this run */
  unsigned saved;       /* connections at the last commit */
  UT_hash_handle hh;    /* in net_def.usage, by key */
} net_dev;

/* Per-port settings of a network or portgroup, kept in the IR's own fields
 * (so they are read with the interface parser's checks and copied field by
 * field): the <virtualport> (VP_*), <vlan> (TAG items, VLAN_TRUNK),
 * <bandwidth> (IN_*, OUT_*) and trustGuestRxFilters (IFACE_TRUST). */
typedef struct net_group {
  const char *name;
  bool is_default;
  unsigned long line, column;
  vifxml_iface s;
  UT_hash_handle hh; /* in net_def.groups, by name */
} net_group;

typedef struct net_def {
  const char *name;
  const char *file;
  unsigned long line, column; /* the <network> start tag */
  net_mode mode;
  const char *bridge; /* <bridge name>, NULL when libvirt would pick one */
  const char *mtm;    /* <bridge macTableManager> */
  bool managed;       /* <forward managed='yes'> */
  const char *driver; /* <forward><driver name>: kvm or vfio */
  const char *pf;     /* <forward><pf dev>: pool found on the host */
  net_dev **pool;     /* in definition order */
  size_t npool;
  net_dev *usage;       /* the same devices, by key */
  vifxml_iface s;       /* network-level settings (see net_group) */
  const char *isolated; /* <port isolated>: yes, no or NULL */
  net_group *groups;    /* by name */
  net_group *dflt;      /* the default portgroup */
  unsigned long long floor_sum, floor_saved; /* inbound floors plugged */
  UT_hash_handle hh;                         /* in vifxml_networks.byname */
} net_def;

struct vifxml_networks {
  vifxml_allocator alloc; /* what the handle itself came from */
  bool has_alloc;
  vifxml_arena *arena; /* definitions, tables and their strings */
  net_def *byname;
};

/* True when the settings hold a <vlan> with tags, or a <bandwidth> with a
 * direction (libvirt's "has a vlan" and "has a bandwidth"). */
bool net_has_vlan(const vifxml_iface *s);
bool net_has_bandwidth(const vifxml_iface *s);

/* The VPT_ bit of a virtualport type for merging and checking a network's
 * ports: 0 for midonet, for which libvirt merges and checks nothing. */
unsigned net_vp_bit(const char *type);

#endif
