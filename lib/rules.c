/* libvirt's semantics on a parsed interface: legacy rewrites, required
 * parts, cross-field checks (virDomainNetDefParseXML and
 * virDomainNetDefValidate), and the normalizations its formatter applies
 * (defaults it fills in, values it drops). */
#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define F(x) iface->f[VIFXML_F_##x]
#define HAS(e) (iface->present[VIFXML_E_##e])

/* Slots of list items (vifxml_item.v: a field's place within its element,
 * in row order), by name. <ip> and <source><ip> share a layout, as do the
 * two <route>s (test_unit checks it). */
enum { BW_AVERAGE, BW_PEAK, BW_FLOOR, BW_BURST }; /* check_bandwidth_dir */
#define IP_ADDRESS schema_field_slot(VIFXML_F_IP_ADDRESS)
#define IP_FAMILY schema_field_slot(VIFXML_F_IP_FAMILY)
#define IP_PREFIX schema_field_slot(VIFXML_F_IP_PREFIX)
#define IP_PEER schema_field_slot(VIFXML_F_IP_PEER)
#define RT_FAMILY schema_field_slot(VIFXML_F_ROUTE_FAMILY)
#define RT_ADDRESS schema_field_slot(VIFXML_F_ROUTE_ADDRESS)
#define RT_NETMASK schema_field_slot(VIFXML_F_ROUTE_NETMASK)
#define RT_PREFIX schema_field_slot(VIFXML_F_ROUTE_PREFIX)
#define RT_GATEWAY schema_field_slot(VIFXML_F_ROUTE_GATEWAY)
#define FP_NAME schema_field_slot(VIFXML_F_FPARAM_NAME)
#define FP_VALUE schema_field_slot(VIFXML_F_FPARAM_VALUE)

typedef struct {
  vifxml_iface *iface;
  vifxml_error *err;
  vifxml_diag_fn diag;
  void *diag_ctx;
  bool explain; /* a note naming the rule of each rewrite */
  unsigned char noted[VIFXML_E_COUNT]; /* elements a note was about */
} ctx;

/* Where element e (or, when absent, the interface) starts. */
static void elem_pos(const vifxml_iface *iface, vifxml_elem e,
                     unsigned long *line, unsigned long *col) {
  bool at = e < VIFXML_E_COUNT && iface->eline[e];
  *line = at ? iface->eline[e] : iface->line;
  *col = at ? iface->ecol[e] : iface->column;
}

#define EXPLAIN_AT(c, e, ...)                                                  \
  do {                                                                         \
    unsigned long l_, k_;                                                      \
    elem_pos((c)->iface, e, &l_, &k_);                                         \
    if ((e) < VIFXML_E_COUNT)                                                  \
      (c)->noted[e] = 1;                                                       \
    explain_emit((c)->explain, (c)->diag, (c)->diag_ctx, NULL, l_, k_,         \
                 __VA_ARGS__);                                                 \
  } while (0)
#define EXPLAIN_ITEM(c, it, ...)                                               \
  explain_emit((c)->explain, (c)->diag, (c)->diag_ctx, NULL, (it)->line,       \
               (it)->column, __VA_ARGS__)

VIFXML_COLD
static int fail_at(ctx *c, vifxml_error_code code, vifxml_elem e,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail_at(ctx *c, vifxml_error_code code, vifxml_elem e,
                   const char *fmt, ...) {
  unsigned long line, col;
  elem_pos(c->iface, e, &line, &col);
  va_list ap;
  va_start(ap, fmt);
  error_vset(c->err, code, NULL, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

VIFXML_COLD
static void warn_at(ctx *c, vifxml_elem e, const char *what) {
  unsigned long line, col;
  elem_pos(c->iface, e, &line, &col);
  diag_emit(c->diag, c->diag_ctx, VIFXML_DIAG_WARNING, NULL, line, col,
            "%s", what);
}

/* Whether s begins with p: strncmp without the library call, for the
 * short literals the rules look for in every interface. */
static bool starts_with(const char *s, const char *p) {
  for (; *p; s++, p++)
    if (*s != *p)
      return false;
  return true;
}

static bool is_virtio(const char *model) {
  return model && starts_with(model, "virtio");
}

static bool has_items(const vifxml_iface *iface, vifxml_elem e) {
  for (size_t i = 0; i < iface->nitems; i++)
    if (iface->items[i].elem == e)
      return true;
  return false;
}

/* Clears the fields of an element and its descendants. */
static void clear_elem(vifxml_iface *iface, vifxml_elem e) {
  for (int f = 0; f < VIFXML_F_COUNT; f++) {
    vifxml_elem p = schema_fields[f].elem;
    while (p < VIFXML_E_COUNT && p != e)
      p = schema_elems[p].parent;
    if (p == e)
      iface->f[f] = NULL;
  }
}

/* Fills absent PCI numbers (domain, bus, slot, function) with libvirt's
 * zeros; true when one was absent. */
static bool pci_zeros(vifxml_iface *iface, const vifxml_field f[4]) {
  static const char *const zero[] = {"0x0000", "0x00", "0x00", "0x0"};
  bool filled = false;
  for (int i = 0; i < 4; i++)
    if (!iface->f[f[i]]) {
      iface->f[f[i]] = zero[i];
      filled = true;
    }
  return filled;
}

/* Domain, bus, slot, function of a PCI address; then the virtio options
 * iommu, ats, packed, page_per_vq of a <driver>. */
static const vifxml_field src_pci[4] = {
    VIFXML_F_SRC_ADDR_DOMAIN, VIFXML_F_SRC_ADDR_BUS, VIFXML_F_SRC_ADDR_SLOT,
    VIFXML_F_SRC_ADDR_FUNCTION};
static const vifxml_field dev_pci[4] = {VIFXML_F_ADDR_DOMAIN, VIFXML_F_ADDR_BUS,
                                        VIFXML_F_ADDR_SLOT,
                                        VIFXML_F_ADDR_FUNCTION};
static const vifxml_field hdrv_virtio[4] = {
    VIFXML_F_HDRV_IOMMU, VIFXML_F_HDRV_ATS, VIFXML_F_HDRV_PACKED,
    VIFXML_F_HDRV_PAGE_PER_VQ};
static const vifxml_field drv_virtio[4] = {VIFXML_F_DRV_IOMMU, VIFXML_F_DRV_ATS,
                                           VIFXML_F_DRV_PACKED,
                                           VIFXML_F_DRV_PAGE_PER_VQ};

/* A run of 1 to 8 hex digits (so no overflow) at s: its value in *v and
 * its end; NULL when there is none or it is longer. */
static const char *hex_run(const char *s, unsigned *v) {
  const char *p = s;
  unsigned x = 0;
  for (int d; p - s < 8 && (d = value_hex_digit((unsigned char)*p)) >= 0; p++)
    x = x * 16 + (unsigned)d;
  if (p == s || value_hex_digit((unsigned char)*p) >= 0)
    return NULL;
  *v = x;
  return p;
}

/* `DDDD:BB:SS.F` or `BB:SS.F` in bare hex digits, the usual spelling, read
 * without sscanf (which cost more than the rest of the rewrite): how many
 * numbers (4 or 3) are in v; 0 for other text, left to sscanf. From such
 * text sscanf's %x reads the same numbers. */
static int pci_dev_plain(const char *s, unsigned v[4]) {
  int n = 0;
  while ((s = hex_run(s, &v[n++])) && *s == ':' && n < 3)
    s++;
  if (!s || *s != '.' || n < 2 || !(s = hex_run(s + 1, &v[n++])) || *s)
    return 0;
  return n;
}

/* Hostdev `<source dev='[DDDD:]BB:SS.F'/>` (hex), the seed's legacy form. */
static int legacy_pci_dev(ctx *c) {
  vifxml_iface *iface = c->iface;
  const char *s = F(SRC_HOSTDEV_DEV);
  unsigned dom = 0, bus, slot, fn, v[4];
  char tail;
  int plain = pci_dev_plain(s, v);
  if (plain) {
    dom = plain == 4 ? v[0] : 0;
    bus = v[plain - 3];
    slot = v[plain - 2];
    fn = v[plain - 1];
  } else if (sscanf(s, "%x:%x:%x.%x%c", &dom, &bus, &slot, &fn, &tail) != 4) {
    dom = 0;
    if (sscanf(s, "%x:%x.%x%c", &bus, &slot, &fn, &tail) != 3)
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_SOURCE,
                     "cannot parse PCI address '%s': expected "
                     "[DDDD:]BB:SS.F",
                     s);
  }
  if (HAS(SRC_ADDRESS))
    return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_SOURCE,
                   "hostdev <source> has both dev='%s' and an <address>", s);
  char buf[4][19];
  value_hex_str(buf[0], dom);
  value_hex_str(buf[1], bus);
  value_hex_str(buf[2], slot);
  value_hex_str(buf[3], fn);
  vifxml_error e;
  if (vifxml_iface_set(iface, VIFXML_F_SRC_ADDR_TYPE, "pci", &e) < 0 ||
      vifxml_iface_set(iface, VIFXML_F_SRC_ADDR_DOMAIN, buf[0], &e) < 0 ||
      vifxml_iface_set(iface, VIFXML_F_SRC_ADDR_BUS, buf[1], &e) < 0 ||
      vifxml_iface_set(iface, VIFXML_F_SRC_ADDR_SLOT, buf[2], &e) < 0 ||
      vifxml_iface_set(iface, VIFXML_F_SRC_ADDR_FUNCTION, buf[3], &e) < 0)
    return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_SOURCE, "%s", e.message);
  iface->eline[VIFXML_E_SRC_ADDRESS] = iface->eline[VIFXML_E_SOURCE];
  iface->ecol[VIFXML_E_SRC_ADDRESS] = iface->ecol[VIFXML_E_SOURCE];
  EXPLAIN_AT(c, VIFXML_E_SOURCE,
             "legacy <source dev='%s'> written as <address type='pci'>", s);
  F(SRC_HOSTDEV_DEV) = NULL;
  return 0;
}

static int legacy(ctx *c) {
  vifxml_iface *iface = c->iface;
  if (F(FILTERREF_NAME)) {
    if (F(FILTERREF_FILTER) && strcmp(F(FILTERREF_FILTER), F(FILTERREF_NAME)))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_FILTERREF,
                     "<filterref> has both filter='%s' and name='%s'",
                     F(FILTERREF_FILTER), F(FILTERREF_NAME));
    F(FILTERREF_FILTER) = F(FILTERREF_NAME);
    F(FILTERREF_NAME) = NULL;
    EXPLAIN_AT(c, VIFXML_E_FILTERREF,
               "legacy <filterref name=> renamed to filter=");
    iface->legacy++;
  }
  if (F(VLAN_TEXT)) {
    if (has_items(iface, VIFXML_E_TAG))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_VLAN,
                     "<vlan> has both a text id and <tag> elements");
    int i = ir_new_item(iface, VIFXML_E_TAG, -1, iface->eline[VIFXML_E_VLAN],
                        iface->ecol[VIFXML_E_VLAN]);
    if (i < 0)
      return fail_at(c, VIFXML_ERR_NOMEM, VIFXML_E_VLAN, "out of memory");
    iface->items[i].v[schema_field_slot(VIFXML_F_TAG_ID)] = F(VLAN_TEXT);
    EXPLAIN_AT(c, VIFXML_E_VLAN, "legacy <vlan>%s</vlan> written as "
               "<vlan><tag id='%s'/></vlan>", F(VLAN_TEXT), F(VLAN_TEXT));
    F(VLAN_TEXT) = NULL;
    iface->legacy++;
  }
  if (F(SRC_HOSTDEV_DEV)) {
    if (legacy_pci_dev(c) < 0)
      return -1;
    iface->legacy++;
  }
  return 0;
}

static int check_source(ctx *c) {
  vifxml_iface *iface = c->iface;
  vifxml_type t = iface->type;
  if (t == VIFXML_TYPE_HOSTDEV) {
    if (!HAS(SOURCE))
      return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_COUNT, "Missing <source> element in hostdev device");
    bool usb = F(SRC_ADDR_TYPE) ? !strcmp(F(SRC_ADDR_TYPE), "usb")
                                : HAS(SRC_VENDOR) || HAS(SRC_PRODUCT);
    if (!usb && !F(SRC_ADDR_TYPE))
      return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_SOURCE, "missing source address type");
    if (usb) {
      if (HAS(SRC_VENDOR) && !HAS(SRC_PRODUCT))
        return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_SRC_VENDOR, "missing product");
      if (HAS(SRC_PRODUCT) && !HAS(SRC_VENDOR))
        return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_SRC_PRODUCT, "missing vendor");
      if (HAS(SRC_ADDRESS) && !F(SRC_ADDR_TYPE))
        F(SRC_ADDR_TYPE) = "usb";
    } else {
      if (HAS(SRC_VENDOR) || HAS(SRC_PRODUCT))
        return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_SRC_VENDOR,
                       "<vendor> and <product> apply to USB devices only");
      /* libvirt reads absent PCI numbers as 0 and writes all four. */
      if (pci_zeros(iface, src_pci))
        EXPLAIN_AT(c, VIFXML_E_SRC_ADDRESS, "absent PCI address numbers "
                   "written as 0, as libvirt reads them");
    }
    if (F(IFACE_MANAGED) && !strcmp(F(IFACE_MANAGED), "no")) {
      F(IFACE_MANAGED) = NULL; /* libvirt never writes managed='no' */
      EXPLAIN_AT(c, VIFXML_E_COUNT, "managed='no' dropped: libvirt's "
                 "default, which it does not write");
    }
  } else if (!HAS(SOURCE) && t != VIFXML_TYPE_ETHERNET &&
             t != VIFXML_TYPE_USER && t != VIFXML_TYPE_NULL) {
    return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_COUNT, "interface type='%s' requires a 'source' element",
                   vifxml_type_str(t));
  }
  if (t == VIFXML_TYPE_UDP && !HAS(SRC_LOCAL))
    return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_SOURCE,
                   "'<local>' element missing for 'udp' socket interface");
  if (t != VIFXML_TYPE_ETHERNET &&
      (has_items(iface, VIFXML_E_SRC_IP) || has_items(iface, VIFXML_E_SRC_ROUTE)))
    return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_SOURCE,
                   "Invalid attempt to set network interface host-side IP "
                   "route and/or address info on interface of type '%s'. "
                   "This is only supported on interfaces of type 'ethernet'",
                   vifxml_type_str(t));
  if (t == VIFXML_TYPE_DIRECT && !F(SRC_DIRECT_MODE)) {
    F(SRC_DIRECT_MODE) = "vepa";
    EXPLAIN_AT(c, VIFXML_E_SOURCE, "mode='vepa' added: libvirt's default "
               "for type='direct', which it writes");
  }
  if (t == VIFXML_TYPE_VHOSTUSER) {
    if (!is_virtio(F(MODEL_TYPE)))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_COUNT,
                     "Wrong or no <model> 'type' attribute specified with "
                     "<interface type='vhostuser'/>. vhostuser requires the "
                     "virtio-net* frontend");
    if (HAS(RECONNECT) && F(SRC_VHU_MODE) && !strcmp(F(SRC_VHU_MODE), "server"))
      return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_RECONNECT,
                     "'reconnect' attribute unsupported 'server' mode for "
                     "<interface type='vhostuser'>");
    if (F(RECONNECT_ENABLED) && !strcmp(F(RECONNECT_ENABLED), "no") &&
        F(RECONNECT_TIMEOUT)) {
      F(RECONNECT_TIMEOUT) = NULL; /* only read when enabled */
      EXPLAIN_AT(c, VIFXML_E_RECONNECT, "timeout dropped: libvirt reads it "
                 "only when reconnect is enabled");
    }
  }
  return 0;
}

static int check_virtualport(ctx *c) {
  vifxml_iface *iface = c->iface;
  vifxml_type t = iface->type;
  if (!HAS(VIRTUALPORT))
    return 0;
  if (t != VIFXML_TYPE_NETWORK && t != VIFXML_TYPE_BRIDGE &&
      t != VIFXML_TYPE_DIRECT && t != VIFXML_TYPE_HOSTDEV)
    return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_VIRTUALPORT,
                   "<virtualport> element unsupported for <interface "
                   "type='%s'>",
                   vifxml_type_str(t));
  const char *vt = F(VP_TYPE);
  bool strict = t != VIFXML_TYPE_NETWORK;
  if (!vt) {
    if (strict)
      return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_VIRTUALPORT, "missing required virtualport type");
    return 0;
  }
  unsigned bit = vport_type_bit(vt);
  /* A network interface's virtualport may leave parameters to the network
   * (REQUIRE_ALL less what libvirt generates is checked on the others), but
   * never holds one its type does not have. */
  for (size_t i = 0; strict && i < vport_nparams; i++)
    if ((vport_params[i].required & bit) && !iface->f[vport_params[i].f])
      return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_VIRTUALPORT,
                     "missing %s in <virtualport type='%s'>",
                     vifxml_field_name(vport_params[i].f), vt);
  for (size_t i = 0; bit != VPT_MIDONET && i < vport_nparams; i++)
    if (!(vport_params[i].uses & bit) && iface->f[vport_params[i].f])
      return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_VIRTUALPORT,
                     "extra %s unsupported in <virtualport type='%s'>",
                     vifxml_field_name(vport_params[i].f), vt);
  /* The formatter writes only the parameters of the type. */
  int np;
  const unsigned char *params = schema_elem_fields(VIFXML_E_VP_PARAMETERS, &np);
  for (int k = 0; k < np; k++) {
    int f = params[k];
    if (!iface->f[f] || (vport_param_uses((vifxml_field)f) & bit))
      continue;
    char what[128];
    snprintf(what, sizeof what,
             "parameter %s does not apply to virtualport type '%s': dropped",
             vifxml_field_name((vifxml_field)f), vt);
    warn_at(c, VIFXML_E_VIRTUALPORT, what);
    iface->f[f] = NULL;
  }
  return 0;
}

static int check_vlan(ctx *c) {
  vifxml_iface *iface = c->iface;
  if (!HAS(VLAN))
    return 0;
  int tags = 0, native = 0;
  for (size_t i = 0; i < iface->nitems; i++) {
    if (iface->items[i].elem != VIFXML_E_TAG)
      continue;
    tags++;
    if (iface->items[i].v[schema_field_slot(VIFXML_F_TAG_NATIVEMODE)] && ++native > 1) {
      error_set(c->err, VIFXML_ERR_DUPLICATE, NULL, iface->items[i].line, iface->items[i].column,
                "duplicate native vlan setting");
      return -1;
    }
  }
  if (!tags)
    return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_VLAN,
                   "missing tag id - each <vlan> must have at least one "
                   "<tag id='n'/> subelement");
  /* virNetDevVlanParse's order: the tag count, the native tag, then the
   * spelling. */
  const char *trunk = F(VLAN_TRUNK);
  if (trunk && strcmp(trunk, "yes")) {
    if (tags > 1)
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_VLAN,
                     "invalid \"trunk='%s'\" in <vlan> - trunk='yes' is "
                     "required for more than one vlan tag",
                     trunk);
    if (native)
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_VLAN,
                     "invalid configuration in <vlan> - \"trunk='no'\" is not "
                     "allowed with a native vlan id");
    if (strcmp(trunk, "no"))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_VLAN,
                     "invalid \"trunk='%s'\" in <vlan> - must be yes or no",
                     trunk);
  }
  bool no = trunk && !strcmp(trunk, "no");
  if (tags > 1 && !trunk)
    EXPLAIN_AT(c, VIFXML_E_VLAN, "trunk='yes' added: libvirt writes it for "
               "more than one tag");
  else if (no)
    EXPLAIN_AT(c, VIFXML_E_VLAN, "trunk='no' dropped: libvirt's default, "
               "which it does not write");
  if (tags > 1)
    F(VLAN_TRUNK) = "yes";
  else if (no)
    F(VLAN_TRUNK) = NULL;
  return 0;
}

/* <inbound> or <outbound> (e), which the caller found given. */
static int check_bandwidth_dir(ctx *c, vifxml_elem e, bool inbound) {
  vifxml_iface *iface = c->iface;
  static const vifxml_field fields[2][4] = {
      {VIFXML_F_OUT_AVERAGE, VIFXML_F_OUT_PEAK, VIFXML_F_OUT_FLOOR,
       VIFXML_F_OUT_BURST},
      {VIFXML_F_IN_AVERAGE, VIFXML_F_IN_PEAK, VIFXML_F_IN_FLOOR,
       VIFXML_F_IN_BURST}};
  const char **v[4];
  for (int i = 0; i < 4; i++)
    v[i] = &iface->f[fields[inbound][i]];
  if (!*v[BW_AVERAGE] && !*v[BW_FLOOR])
    return fail_at(c, VIFXML_ERR_MISSING, e, "Missing mandatory average or floor attributes");
  if ((*v[BW_PEAK] || *v[BW_BURST]) && !*v[BW_AVERAGE])
    return fail_at(c, VIFXML_ERR_INVALID, e, "'peak' and 'burst' require 'average' attribute");
  if (*v[BW_FLOOR] && !inbound)
    return fail_at(c, VIFXML_ERR_INVALID, e, "'floor' attribute allowed only in <inbound> element");
  if (*v[BW_FLOOR] && iface->type != VIFXML_TYPE_NETWORK)
    return fail_at(c, VIFXML_ERR_UNSUPPORTED, e, "floor attribute is not supported for this config");
  bool zero_average = *v[BW_AVERAGE] && !strcmp(*v[BW_AVERAGE], "0");
  bool zero[4];
  for (int i = 0; i < 4; i++)
    if ((zero[i] = *v[i] && !strcmp(*v[i], "0")))
      *v[i] = NULL; /* the formatter writes nonzero values only */
  if (zero_average && *v[BW_FLOOR] && (*v[BW_PEAK] || *v[BW_BURST]))
    /* but for a floor with peak or burst libvirt's formatter drops
     * average='0' and then refuses what it wrote ("'peak' and 'burst'
     * require 'average' attribute"): the attribute stays */
    *v[BW_AVERAGE] = "0";
  if (!*v[BW_AVERAGE] && !*v[BW_FLOOR]) {
    if (ir_has_content(iface, e, -1)) {
      /* Kept unknowns keep the element: with the zero rate it had, which
       * libvirt needs to read it (as no rate at all). */
      *v[zero_average ? BW_AVERAGE : BW_FLOOR] = "0";
    } else {
      /* libvirt writes no element for a zero rate: nor does the IR hold
       * one, so that finishing the IR again accepts it. */
      *v[BW_PEAK] = *v[BW_BURST] = NULL;
      iface->present[e] = 0;
      EXPLAIN_AT(c, e, "<%s> dropped: a zero rate is no limit, and libvirt "
                 "writes none", vifxml_elem_name(e));
      return 0;
    }
  }
  bool dropped = false;
  for (int i = 0; i < 4; i++)
    dropped |= zero[i] && !*v[i];
  if (dropped)
    EXPLAIN_AT(c, e, "zero rates in <%s> dropped: libvirt writes nonzero "
               "ones only", vifxml_elem_name(e));
  return 0;
}

static int check_misc(ctx *c) {
  vifxml_iface *iface = c->iface;
  vifxml_type t = iface->type;
  if ((HAS(INBOUND) && check_bandwidth_dir(c, VIFXML_E_INBOUND, true) < 0) ||
      (HAS(OUTBOUND) && check_bandwidth_dir(c, VIFXML_E_OUTBOUND, false) < 0))
    return -1;
  if (F(PORT_ISOLATED) && !strcmp(F(PORT_ISOLATED), "yes")) {
    if (t != VIFXML_TYPE_NETWORK && t != VIFXML_TYPE_BRIDGE)
      return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_PORT,
                     "interface %s - <port isolated='yes'/> is not supported "
                     "for network interfaces with type='%s'",
                     F(MAC_ADDRESS) ? F(MAC_ADDRESS) : "", vifxml_type_str(t));
    if (F(VP_TYPE))
      return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_PORT,
                     "interface %s - <port isolated='yes'/> is not supported "
                     "for network interfaces with virtualport type='%s'",
                     F(MAC_ADDRESS) ? F(MAC_ADDRESS) : "", F(VP_TYPE));
  }
  if (HAS(TEAMING)) {
    const char *tt = F(TEAMING_TYPE);
    if (!tt)
      return fail_at(c, VIFXML_ERR_MISSING, VIFXML_E_TEAMING, "missing teaming type");
    if (!*tt && F(TEAMING_PERSISTENT))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_TEAMING, "unknown teaming type '(null)'");
    if (!*tt) {
      iface->present[VIFXML_E_TEAMING] = 0;
      F(TEAMING_TYPE) = NULL;
      EXPLAIN_AT(c, VIFXML_E_TEAMING, "<teaming type=''> dropped: libvirt "
                 "reads it as no teaming");
    }
    if (!strcmp(tt, "transient") && !F(TEAMING_PERSISTENT))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_TEAMING,
                     "teaming persistent attribute must be set if teaming "
                     "type is 'transient'");
    if (strcmp(tt, "transient") && F(TEAMING_PERSISTENT))
      return fail_at(c, VIFXML_ERR_INVALID, VIFXML_E_TEAMING,
                     "teaming persistent attribute not allowed if teaming "
                     "type is '%s'",
                     tt);
  }
  if (F(ROM_ENABLED) && !strcmp(F(ROM_ENABLED), "no") && (F(ROM_BAR) || F(ROM_FILE)))
    return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_ROM,
                   "ROM tuning is not supported when ROM is disabled");
  if (F(TARGET_MANAGED) && !strcmp(F(TARGET_MANAGED), "no")) {
    if (t != VIFXML_TYPE_ETHERNET)
      return fail_at(c, VIFXML_ERR_UNSUPPORTED, VIFXML_E_TARGET,
                     "unmanaged target dev is not supported on interfaces of "
                     "type '%s'",
                     vifxml_type_str(t));
  } else if (F(TARGET_DEV) && (starts_with(F(TARGET_DEV), "vnet") ||
                               starts_with(F(TARGET_DEV), "macvtap") ||
                               starts_with(F(TARGET_DEV), "macvlan"))) {
    EXPLAIN_AT(c, VIFXML_E_TARGET, "target %s dropped: a name libvirt "
               "generates", F(TARGET_DEV));
    F(TARGET_DEV) = NULL; /* auto-generated names are reserved by libvirt */
  }
  if (F(ALIAS_NAME) && !starts_with(F(ALIAS_NAME), "ua-")) {
    EXPLAIN_AT(c, VIFXML_E_ALIAS, "alias %s dropped: only user aliases "
               "(ua-...) survive a define", F(ALIAS_NAME));
    F(ALIAS_NAME) = NULL; /* only user aliases survive an inactive define */
  }
  return 0;
}

/* The virtio options on a device that is not virtio. */
static int virtio_options(ctx *c, vifxml_elem e, const vifxml_field f[4]) {
  for (int i = 0; i < 4; i++)
    if (c->iface->f[f[i]])
      return fail_at(c, VIFXML_ERR_INVALID, e,
                     "%s driver option is only supported for virtio devices",
                     vifxml_field_name(f[i]));
  return 0;
}

static int check_driver(ctx *c) {
  vifxml_iface *iface = c->iface;
  if (virtio_options(c, VIFXML_E_HDRIVER, hdrv_virtio) < 0)
    return -1;
  if (is_virtio(F(MODEL_TYPE))) {
    if (F(DRV_QUEUES) && !strcmp(F(DRV_QUEUES), "1")) {
      F(DRV_QUEUES) = NULL;
      EXPLAIN_AT(c, VIFXML_E_DRIVER, "queues='1' dropped: libvirt does not "
                 "write a single queue");
    }
    return 0;
  }
  if (virtio_options(c, VIFXML_E_DRIVER, drv_virtio) < 0)
    return -1;
  bool dropped = false;
  static const vifxml_elem settings[] = {VIFXML_E_DRIVER, VIFXML_E_DRV_HOST,
                                         VIFXML_E_DRV_GUEST};
  for (int s = 0; s < 3; s++) {
    int n;
    const unsigned char *fl = schema_elem_fields(settings[s], &n);
    for (int k = 0; k < n; k++)
      if (iface->f[fl[k]]) {
        dropped = true;
        iface->f[fl[k]] = NULL;
      }
  }
  if (dropped)
    warn_at(c, VIFXML_E_DRIVER,
            "<driver> settings apply to virtio models only: dropped, as "
            "libvirt does");
  if (F(BACKEND_VHOST)) {
    F(BACKEND_VHOST) = NULL;
    warn_at(c, VIFXML_E_BACKEND,
            "<backend vhost> applies to virtio models only: dropped, as "
            "libvirt does");
  }
  return 0;
}

/* libvirt's isValidVarName and isValidVarValue: a name may be empty, a
 * value may not. */
static bool charset(const char *s, const char *extra, bool empty_ok) {
  if (!*s)
    return empty_ok;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
      return false;
  return true;
}

/* Items libvirt drops are marked with VIFXML_E_COUNT; sort_items removes
 * them and renumbers what refers to items. */
static void drop_item(vifxml_item *it) { it->elem = VIFXML_E_COUNT; }

static void check_filterref(ctx *c) {
  vifxml_iface *iface = c->iface;
  vifxml_type t = iface->type;
  if (!HAS(FILTERREF))
    return;
  bool keep = t == VIFXML_TYPE_NETWORK || t == VIFXML_TYPE_BRIDGE ||
              t == VIFXML_TYPE_ETHERNET;
  if (!keep) {
    clear_elem(iface, VIFXML_E_FILTERREF);
    warn_at(c, VIFXML_E_FILTERREF,
            "<filterref> applies to network, bridge and ethernet interfaces "
            "only: dropped, as libvirt does");
  }
  for (size_t i = 0; i < iface->nitems; i++) {
    vifxml_item *it = &iface->items[i];
    if (it->elem != VIFXML_E_FPARAM)
      continue;
    if (!keep) {
      drop_item(it);
    } else if (!charset(it->v[FP_NAME], "_", true) ||
               !charset(it->v[FP_VALUE], "_.:", false)) {
      warn_at(c, VIFXML_E_FILTERREF,
              "filter <parameter> with an invalid name or value: dropped, as "
              "libvirt does");
      drop_item(it);
    }
  }
}

static void check_address(ctx *c) {
  vifxml_iface *iface = c->iface;
  if (!F(ADDR_TYPE) || strcmp(F(ADDR_TYPE), "pci"))
    return;
  if (value_u(F(ADDR_DOMAIN)) == 0 && value_u(F(ADDR_BUS)) == 0 &&
      value_u(F(ADDR_SLOT)) == 0) {
    /* virPCIDeviceAddressIsEmpty: libvirt writes just the type. */
    bool any = F(ADDR_DOMAIN) || F(ADDR_BUS) || F(ADDR_SLOT) ||
               F(ADDR_FUNCTION) || F(ADDR_MULTIFUNCTION);
    F(ADDR_DOMAIN) = F(ADDR_BUS) = F(ADDR_SLOT) = F(ADDR_FUNCTION) = NULL;
    F(ADDR_MULTIFUNCTION) = NULL;
    if (any)
      EXPLAIN_AT(c, VIFXML_E_ADDRESS, "PCI address 0000:00:00 written as "
                 "<address type='pci'/>: libvirt reads it as no address yet");
    return;
  }
  if (pci_zeros(iface, dev_pci))
    EXPLAIN_AT(c, VIFXML_E_ADDRESS, "absent PCI address numbers written as "
               "0, as libvirt reads them");
}

static int item_fail(ctx *c, vifxml_error_code code, const vifxml_item *it,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int item_fail(ctx *c, vifxml_error_code code, const vifxml_item *it,
                     const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vset(c->err, code, NULL, it->line, it->column, fmt, ap);
  va_end(ap);
  return -1;
}

static bool is_v6(const char *addr) { return addr && strchr(addr, ':'); }

/* <range>: libvirt 9.0 reads (and checks) every attribute of a range, but
 * without a (nonzero) start it keeps only exclude: end and to are not
 * written, and a range with neither start nor exclude is dropped. */
static void check_ranges(ctx *c) {
  vifxml_iface *iface = c->iface;
  if (!has_items(iface, VIFXML_E_RANGE))
    return;
  int start = schema_field_slot(VIFXML_F_RANGE_START),
      end = schema_field_slot(VIFXML_F_RANGE_END),
      to = schema_field_slot(VIFXML_F_RANGE_TO),
      exclude = schema_field_slot(VIFXML_F_RANGE_EXCLUDE);
  for (size_t i = 0; i < iface->nitems; i++) {
    vifxml_item *it = &iface->items[i];
    if (it->elem != VIFXML_E_RANGE || it->v[start])
      continue;
    if (!it->v[exclude]) {
      diag_emit(c->diag, c->diag_ctx, VIFXML_DIAG_WARNING, NULL, it->line,
                it->column,
                "<range> without start or exclude: dropped, as libvirt 9.0 "
                "does");
      drop_item(it);
    } else if (it->v[end] || it->v[to]) {
      diag_emit(c->diag, c->diag_ctx, VIFXML_DIAG_WARNING, NULL, it->line,
                it->column,
                "<range> without start: end and to dropped, as libvirt 9.0 "
                "does");
      it->v[end] = it->v[to] = NULL;
    }
  }
}

/* <ip>: family derived from the address; <route>: libvirt's
 * virNetDevIPRouteCreate checks, whose messages name the route's place. */
static int check_ips(ctx *c) {
  vifxml_iface *iface = c->iface;
  for (size_t i = 0; i < iface->nitems; i++) {
    vifxml_item *it = &iface->items[i];
    if (it->elem == VIFXML_E_IP || it->elem == VIFXML_E_SRC_IP) {
      /* virDomainNetIPParseXML: family 'ipv4' or 'ipv6' (exactly) is the
       * family the address and the peer are read in; any other spelling
       * means the address's own. */
      const char *fam = it->v[IP_FAMILY], *peer = it->v[IP_PEER];
      bool v6 = is_v6(it->v[IP_ADDRESS]);
      if (fam && (!strcmp(fam, "ipv4") || !strcmp(fam, "ipv6")) &&
          v6 != !strcmp(fam, "ipv6"))
        return item_fail(c, VIFXML_ERR_INVALID, it, "Invalid address '%s' in <ip>", it->v[IP_ADDRESS]);
      unsigned long long prefix = value_u(it->v[IP_PREFIX]);
      if (prefix > (v6 ? 128u : 32u))
        return item_fail(c, VIFXML_ERR_INVALID, it, "Invalid prefix value '%s' in <ip>", it->v[IP_PREFIX]);
      if (peer && is_v6(peer) != v6)
        return item_fail(c, VIFXML_ERR_INVALID, it, "Invalid peer '%s' in <ip>", peer);
      if (it->v[IP_PREFIX] && !prefix) {
        it->v[IP_PREFIX] = NULL; /* prefix 0 is not written */
        EXPLAIN_ITEM(c, it, "prefix='0' dropped: libvirt does not write it");
      }
      const char *family = v6 ? "ipv6" : "ipv4";
      if (!it->v[IP_FAMILY] || strcmp(it->v[IP_FAMILY], family))
        EXPLAIN_ITEM(c, it, "family='%s' written: libvirt derives it from "
                     "the address", family);
      it->v[IP_FAMILY] = family;
      continue;
    }
    if (it->elem != VIFXML_E_ROUTE && it->elem != VIFXML_E_SRC_ROUTE)
      continue;
    const char *fam = it->v[RT_FAMILY], *addr = it->v[RT_ADDRESS],
               *mask = it->v[RT_NETMASK], *pfx = it->v[RT_PREFIX],
               *gw = it->v[RT_GATEWAY];
    const char *d = it->elem == VIFXML_E_SRC_ROUTE ? "interface host IP"
                                                   : "guest interface";
    if (!fam || !strcmp(fam, "ipv4")) {
      if (is_v6(addr))
        return item_fail(c, VIFXML_ERR_INVALID, it, fam ? "%s: IPv4 family specified for non-IPv4 address '%s' in route definition"
                                    : "%s: No family specified for non-IPv4 address '%s' in route definition",
                         d, addr);
      if (is_v6(gw))
        return item_fail(c, VIFXML_ERR_INVALID, it, fam ? "%s: IPv4 family specified for non-IPv4 gateway '%s' in route definition"
                                    : "%s: No family specified for non-IPv4 gateway '%s' in route definition",
                         d, addr); /* sic: libvirt names the address */
      if (mask && is_v6(mask))
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Invalid netmask '%s' for address '%s' (both must be IPv4)", d, mask, addr);
      if (mask && pfx)
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Route definition cannot have both a prefix and a netmask", d);
      if (value_u(pfx) > 32)
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Invalid prefix %s specified in route definition, must be 0 - 32", d, pfx);
    } else {
      if (!is_v6(addr))
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: ipv6 family specified for non-IPv6 address '%s' in route definition", d, addr);
      if (mask)
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Specifying netmask invalid for IPv6 address '%s' in route definition", d, addr);
      if (!is_v6(gw))
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: ipv6 specified for non-IPv6 gateway address '%s' in route definition", d, gw);
      if (value_u(pfx) > 128)
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Invalid prefix %s specified in route definition, must be 0 - 128", d, pfx);
    }
    unsigned char a[16], m[16];
    int af = is_v6(addr) ? AF_INET6 : AF_INET, len = af == AF_INET6 ? 16 : 4;
    inet_pton(af, addr, a);
    if (mask) {
      inet_pton(AF_INET, mask, m);
    } else {
      unsigned bits = (unsigned)value_u(pfx);
      for (int k = 0; k < len; k++) {
        unsigned take = bits > 8 ? 8 : bits;
        m[k] = (unsigned char)(0xFF00u >> take);
        bits -= take;
      }
    }
    for (int k = 0; k < len; k++)
      if (a[k] & ~m[k])
        return item_fail(c, VIFXML_ERR_INVALID, it, "%s: Address '%s' in route definition is not a network address", d, addr);
  }
  return 0;
}

/* Whether the items are in writer order already, none dropped: then
 * sort_items would leave them, and what refers to them, as they are. */
static bool items_in_order(const vifxml_iface *iface) {
  int last = -1;
  for (size_t i = 0; i < iface->nitems; i++) {
    const vifxml_item *it = &iface->items[i];
    if (it->elem >= VIFXML_E_COUNT)
      return false;
    int r = schema_elem_rank(it->elem);
    if (r < last || (r == last && it->elem == VIFXML_E_FPARAM &&
                     strcmp(it[-1].v[FP_NAME], it->v[FP_NAME]) > 0))
      return false;
    last = r;
  }
  return true;
}

/* The least and greatest rank of the items kept (lo > hi: none), the
 * rows sort_items need to look at. */
static void item_ranks(const vifxml_iface *iface, int *lo, int *hi) {
  *lo = VIFXML_E_COUNT;
  *hi = -1;
  for (size_t i = 0; i < iface->nitems; i++) {
    if (iface->items[i].elem >= VIFXML_E_COUNT)
      continue;
    int r = schema_elem_rank(iface->items[i].elem);
    *lo = r < *lo ? r : *lo;
    *hi = r > *hi ? r : *hi;
  }
}

/* Items in writer order: by element (table order, stable), filter
 * parameters by name as libvirt sorts them; dropped items removed. Item
 * parents and the extras that point at items are renumbered. */
static int sort_items(ctx *c) {
  vifxml_iface *iface = c->iface;
  size_t n = iface->nitems, k = 0;
  if (items_in_order(iface))
    return 0;
  vifxml_item *sorted = arena_alloc(iface->arena, n * sizeof *sorted);
  int *newpos = arena_alloc(iface->arena, n * sizeof *newpos);
  size_t *orig = arena_alloc(iface->arena, n * sizeof *orig);
  if (!sorted || !newpos || !orig)
    return fail_at(c, VIFXML_ERR_NOMEM, VIFXML_E_COUNT, "out of memory");
  for (size_t i = 0; i < n; i++)
    newpos[i] = -1;
  int lo, hi;
  item_ranks(iface, &lo, &hi);
  for (int r = lo; r <= hi; r++) {
    vifxml_elem e = schema_elem_at_rank(r);
    size_t first = k;
    for (size_t i = 0; i < n; i++) {
      if (iface->items[i].elem != (vifxml_elem)e)
        continue;
      size_t j = k++;
      if (e == VIFXML_E_FPARAM) /* stable insertion by name */
        for (; j > first && strcmp(sorted[j - 1].v[FP_NAME], iface->items[i].v[FP_NAME]) > 0; j--) {
          if (j == k - 1)
            EXPLAIN_ITEM(c, &iface->items[i], "filter <parameter name='%s'> "
                         "put before '%s': libvirt sorts them by name",
                         iface->items[i].v[FP_NAME], sorted[j - 1].v[FP_NAME]);
          sorted[j] = sorted[j - 1];
          orig[j] = orig[j - 1];
        }
      sorted[j] = iface->items[i];
      orig[j] = i;
    }
  }
  for (size_t j = 0; j < k; j++)
    newpos[orig[j]] = (int)j;
  for (size_t j = 0; j < k; j++)
    if (sorted[j].parent >= 0)
      sorted[j].parent = newpos[sorted[j].parent];
  memcpy(iface->items, sorted, k * sizeof *sorted);
  iface->nitems = k;
  for (size_t i = 0; i < iface->nextras; i++) {
    vifxml_extra *x = &iface->extras[i];
    vifxml_elem owner = x->end_of < VIFXML_E_COUNT ? x->end_of : x->elem;
    if (owner < VIFXML_E_COUNT && vifxml_elem_is_list(owner) && x->item >= 0)
      x->item = newpos[x->item]; /* -1 when the item was dropped */
  }
  return 0;
}

/* Comments before an element that is not written (dropped by the rules
 * above) move to the end of the interface, so that nothing is lost and
 * a second read gives the same IR. Extras of dropped items go with them. */
static void rehome_extras(ctx *c) {
  vifxml_iface *iface = c->iface;
  /* A comment placed before a kept unknown element names that extra by its
   * index: the indexes change as extras go, so they are mapped. */
  int to[VIFXML_LIMIT_EXTRAS];
  size_t n = 0;
  for (size_t i = 0; i < iface->nextras; i++) {
    vifxml_extra *x = &iface->extras[i];
    vifxml_elem owner = x->end_of < VIFXML_E_COUNT ? x->end_of : x->elem;
    bool gone = owner < VIFXML_E_COUNT &&
                ((vifxml_elem_is_list(owner) && x->item < 0) ||
                 !ir_has_content(iface, owner, x->item));
    bool comment = x->kind == VIFXML_EXTRA_COMMENT;
    to[i] = gone && !comment && vifxml_elem_is_list(owner) ? -1 : (int)n++;
    if (comment && gone) {
      EXPLAIN_AT(c, owner, "comment before <%s> moved to the end of "
                 "<interface>: the element is not written",
                 vifxml_elem_name(owner));
      x->elem = VIFXML_E_COUNT;
      x->end_of = VIFXML_E_INTERFACE;
      x->item = -1;
    }
  }
  n = 0;
  for (size_t i = 0; i < iface->nextras; i++) {
    if (to[i] < 0)
      continue;
    vifxml_extra x = iface->extras[i];
    bool ref = x.elem == VIFXML_E_COUNT && x.end_of == VIFXML_E_COUNT &&
               x.item >= 0 && (size_t)x.item < iface->nextras;
    if (ref && to[x.item] < 0) { /* its element went with its item */
      x.end_of = VIFXML_E_INTERFACE;
      x.item = -1;
    } else if (ref) {
      x.item = to[x.item];
    }
    iface->extras[n++] = x;
  }
  iface->nextras = n;
}

/* --explain: elements given that the writer leaves out, having nothing to
 * write (all their content dropped, or none given: <driver/>), unless a
 * note already said why. */
static void explain_empty(ctx *c) {
  vifxml_iface *iface = c->iface;
  for (int r = 1; r < VIFXML_E_COUNT; r++) { /* row 0 is <interface> */
    vifxml_elem e = schema_elem_at_rank(r), p = schema_elems[e].parent;
    if (iface->present[e] && !c->noted[e] && !vifxml_elem_is_list((vifxml_elem)e) &&
        (p == VIFXML_E_INTERFACE || ir_has_content(iface, p, -1)) &&
        !ir_has_content(iface, (vifxml_elem)e, -1))
      EXPLAIN_AT(c, (vifxml_elem)e, "<%s> left out: nothing in it that "
                 "libvirt writes", vifxml_elem_name((vifxml_elem)e));
  }
}

int rules_finish(vifxml_iface *iface, vifxml_error *err, vifxml_diag_fn diag,
                 void *diag_ctx, bool explain) {
  vifxml_error scratch;
  ctx c = {.iface = iface, .err = err ? err : &scratch, .diag = diag,
           .diag_ctx = diag_ctx, .explain = explain};
  if (iface->kind == VIFXML_KIND_OPAQUE)
    return 0;
  if (legacy(&c) < 0 || check_source(&c) < 0 || check_virtualport(&c) < 0 ||
      check_vlan(&c) < 0 || check_misc(&c) < 0 || check_driver(&c) < 0 ||
      check_ips(&c) < 0)
    return -1;
  check_filterref(&c);
  check_ranges(&c);
  if (HAS(FILTERREF) && !F(FILTERREF_FILTER) &&
      (iface->type == VIFXML_TYPE_NETWORK || iface->type == VIFXML_TYPE_BRIDGE ||
       iface->type == VIFXML_TYPE_ETHERNET))
    return fail_at(&c, VIFXML_ERR_MISSING, VIFXML_E_FILTERREF,
                   "Missing required attribute 'filter' in element 'filterref'");
  check_address(&c);
  if (sort_items(&c) < 0)
    return -1;
  rehome_extras(&c);
  if (explain)
    explain_empty(&c);
  return 0;
}

int vifxml_iface_finish(vifxml_iface *iface, vifxml_error *err,
                        vifxml_diag_fn diag, void *diag_ctx) {
  return rules_finish(iface, err, diag, diag_ctx, false);
}
