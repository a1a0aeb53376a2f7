/* to-vif's classification: which rows of the VIF table write a given
 * interface. A row matches when the interface has its type and everything
 * Nova's code would write for the row and nothing it would not: the
 * virtualport, source, target and frontend, checked in that order. The
 * matching rows' types, ranked, are the candidates; when none matches, a
 * note says why (the other profile's candidates, or the row that came
 * closest and what differs). */
#include "vif.h"

#include <string.h>

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
  static const vifxml_elem dirs[] = {VIFXML_E_INBOUND, VIFXML_E_OUTBOUND};
  for (int d = 0; d < 2; d++) {
    int n;
    const unsigned char *fl = schema_elem_fields(dirs[d], &n);
    for (int k = 0; k < n; k++)
      if (iface->f[fl[k]])
        return true;
  }
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

/* The first row of type `type` in the profile that writes this XML. */
static const vif_row *matching_row(const char *type, const rev *x) {
  int stage;
  for (size_t i = 0; i < vif_nrows; i++) {
    const vif_row *r = &vif_rows[i];
    if (!strcmp(r->type, type) && vif_in_profile(r, x->profile) &&
        !vif_refused(r) && !r->via && !mismatch(r, x, &stage))
      return r;
  }
  return NULL;
}

size_t vif_candidates(const rev *x, cand *out) {
  size_t n = 0;
  int stage;
  for (size_t i = 0; i < vif_nrows; i++) {
    const vif_row *r = &vif_rows[i];
    if (!vif_in_profile(r, x->profile) || vif_refused(r))
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

const char *vif_no_candidate_note(const rev *x, vifxml_arena *a) {
  const vifxml_iface *iface = x->iface;
  rev other = *x;
  other.profile = x->profile == VIFXML_PROFILE_CURRENT ? VIFXML_PROFILE_LIBERTY
                                                       : VIFXML_PROFILE_CURRENT;
  cand c[VIFXML_VIF_MAX_CANDIDATES];
  size_t n = vif_candidates(&other, c);
  const char *head = arena_printf(a, "no VIF type of %s writes this XML",
                                  vif_profile_nova[x->profile]);
  if (!head)
    return NULL;
  if (n)
    return arena_printf(a, "%s; %s's %s does (--profile %s)", head,
                        vif_profile_nova[other.profile], c[0].row->type,
                        vif_profile_names[other.profile]);
  if (iface->type == VIFXML_TYPE_NETWORK)
    return arena_printf(a, "%s: it names a libvirt network (vifxml resolve "
                           "turns it into what the network gives)",
                        head);
  /* The closest row got furthest through the checks; then the likeliest. */
  const vif_row *close = NULL;
  const char *why = NULL;
  int best = -1, stage;
  for (size_t i = 0; i < vif_nrows; i++) {
    const vif_row *r = &vif_rows[i];
    const char *w;
    if (!vif_in_profile(r, x->profile) || r->out != iface->type)
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

