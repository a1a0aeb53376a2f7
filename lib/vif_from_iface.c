/* to-vif: an interface -> the VIF that Neutron builds today for it, with
 * every candidate VIF type (vif_classify.c ranks them) and a note when the
 * XML fits several or none. The VIF is filled from the best candidate's
 * row: what the XML holds, plus the details the row's conditions stand
 * for; a value Nova needs and the XML lacks is marked unknown, never
 * invented. */
#include "vif.h"

#include <stdio.h>
#include <string.h>

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
  rc |= put_str(v, a, VIFXML_VK_VNIC_TYPE, vif_vnic_names[r->vnic]);
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

/* NULL notes (out of memory) show in arena_failed. */
static void note_candidates(const rev *x, const cand *c, size_t n,
                            vifxml_vif *out, vifxml_arena *a) {
  for (size_t i = 0; i < n; i++)
    out->candidates[i] = c[i].row->type;
  out->ncandidates = n;
  if (n == 0)
    out->note = vif_no_candidate_note(x, a);
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
    error_set(err, VIFXML_ERR_USAGE, NULL, iface->line, iface->column,
              "unknown profile");
    return -1;
  }
  rev x = {iface, profile, NULL, NULL};
  if (iface->type == VIFXML_TYPE_VDPA) {
    x.vdpa_mac = F(MAC_ADDRESS);
    x.vdpa_dev = F(SRC_VDPA_DEV);
  }
  cand c[VIFXML_VIF_MAX_CANDIDATES];
  size_t n = vif_candidates(&x, c);
  int rc = 0;
  note_candidates(&x, c, n, out, arena);
  if (n)
    rc |= fill(&c[0], &x, out, arena);
  else if (iface->kind != VIFXML_KIND_OPAQUE && F(MAC_ADDRESS))
    rc |= put_str(out, arena, VIFXML_VK_ADDRESS, F(MAC_ADDRESS));
  if (rc || arena_failed(arena)) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, iface->line, iface->column,
              "out of memory");
    return -1;
  }
  return 0;
}
