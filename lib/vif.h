/* What the VIF mapper's modules share; not installed. The vocabulary of
 * the VIF table (vif_table.c): each row is one variant of one Nova VIF type
 * in one or both profiles, saying which VIFs it takes and the interface Nova
 * writes for them. from-vif (vif_to_iface.c) takes the first row of a VIF's
 * type whose conditions hold, as Nova's if/elif chains do; to-vif
 * (vif_classify.c, vif_from_iface.c) keeps every row whose interface matches
 * the XML, ranks them, and fills the VIF from the best. Host facts that no
 * VIF holds come from vif_host.c. The facts behind the rows: docs/vif.md. */
#ifndef VIFXML_VIF_H
#define VIFXML_VIF_H

#include "internal.h"

/* A field of the interface named iface in the caller's scope. */
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
extern const char *const vif_vnic_names[]; /* NULL-terminated */

#define VN(x) (1u << VNIC_##x)

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

/* ## The table and its look-ups (vif_table.c) */

extern const vif_row vif_rows[];
extern const size_t vif_nrows;

static inline bool vif_in_profile(const vif_row *r, vifxml_profile p) {
  return (r->profiles & (1u << p)) != 0;
}

static inline bool vif_refused(const vif_row *r) {
  return r->out == VIFXML_TYPE_COUNT && !r->via;
}

/* Profile names as --profile spells them, and for messages, whose Nova. */
extern const char *const vif_profile_names[VIFXML_PROFILE_COUNT];
extern const char *const vif_profile_nova[VIFXML_PROFILE_COUNT];

/* The row Nova's code takes for a VIF of this type, vnic type and W_*
 * conditions; NULL when the type has none in the profile (an unexpected
 * type). A refused row is returned: its text says why. */
const vif_row *vif_pick_row(const char *type, vifxml_profile p, vnic vn,
                            unsigned when);

/* ## Host facts (vif_host.c) */

/* A PCI slot "[DDDD:]BB:SS.F" (hex) as four numbers. */
bool vif_parse_slot(const char *s, unsigned n[4]);

/* The VF's network device (vdpa false) or its vDPA device path (vdpa true)
 * at PCI slot `slot`: from the caller's list in opt, else from sysfs when
 * opt->sysfs names it. NULL when unknown, and msg says where it looked. */
const char *vif_host_fact(const vifxml_vif_options *opt, bool vdpa,
                          const unsigned slot[4], vifxml_arena *a, char *msg,
                          size_t msglen);

/* ## Classification (vif_classify.c): which rows write an interface */

typedef struct {
  const vifxml_iface *iface;
  vifxml_profile profile;
  const char *vdpa_mac, *vdpa_dev; /* a vdpa interface's mac and device */
} rev;

typedef struct {
  const vif_row *row;   /* the candidate's own row (type, rank) */
  const vif_row *shape; /* the row whose XML matched (differs for via) */
} cand;

/* Every type with a row that writes this XML, best rank first (table order
 * among equals), each type once; at most VIFXML_VIF_MAX_CANDIDATES. */
size_t vif_candidates(const rev *x, cand *out);

/* Why no type fits: the other profile's candidates, or the closest row.
 * NULL when out of memory. */
const char *vif_no_candidate_note(const rev *x, vifxml_arena *a);

#endif
