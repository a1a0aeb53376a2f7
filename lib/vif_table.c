/* The VIF table: every Nova VIF type, every variant, in both profiles
 * (today's Nova and Liberty's), with the look-ups on it: a row for a VIF
 * (from-vif), the vnic type and profile names. Both directions of the
 * mapper read this one table, so a fact about Nova is written once; the
 * vocabulary of its rows is in vif.h, the facts behind them in
 * docs/vif.md. */
#include "vif.h"

#include <string.h>

#define X_STR(id, s) s,
const char *const vif_vnic_names[] = {VNIC_TYPES(X_STR) NULL};
#undef X_STR

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
const vif_row vif_rows[] = {
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


const size_t vif_nrows = sizeof vif_rows / sizeof vif_rows[0];

const char *const vif_profile_names[VIFXML_PROFILE_COUNT] = {"current",
                                                             "liberty"};
const char *const vif_profile_nova[VIFXML_PROFILE_COUNT] = {"today's Nova",
                                                            "Liberty's Nova"};

int vifxml_profile_lookup(const char *name, vifxml_profile *out) {
  for (int p = 0; p < VIFXML_PROFILE_COUNT; p++)
    if (!strcmp(name, vif_profile_names[p])) {
      *out = (vifxml_profile)p;
      return 0;
    }
  return -1;
}

const vif_row *vif_pick_row(const char *type, vifxml_profile p, vnic vn,
                            unsigned when) {
  for (size_t i = 0; i < vif_nrows; i++) {
    const vif_row *r = &vif_rows[i];
    if (strcmp(r->type, type) || !vif_in_profile(r, p) ||
        (r->vnics && !(r->vnics & (1u << vn))) || (r->when & ~when))
      continue;
    return r->via ? vif_pick_row(r->via, p, vn, when) : r;
  }
  return NULL;
}
