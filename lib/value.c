/* Attribute values: libvirt's syntax for each value type, its error
 * messages, and the canonical spelling its formatter writes. */
#include "internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const yesno[] = {"yes", "no", NULL};
static const char *const onoff[] = {"on", "off", NULL};
static const char *const link_states[] = {"up", "down", NULL};
/* libvirt's known NIC models, in their canonical case (virDomainNetModel). */
static const char *const models[] = {
    "virtio", "virtio-transitional", "virtio-non-transitional", "e1000",
    "e1000e", "rtl8139", "netfront", "usb-net", "spapr-vlan", "lan9118",
    "scm91c111", "vlance", "vmxnet", "vmxnet2", "vmxnet3", "Am79C970A",
    "Am79C973", "82540EM", "82545EM", "82543GC", NULL};

#define FAIL(...) (snprintf(msg, msglen, __VA_ARGS__), -1)

static const char *fname(vifxml_field f) { return vifxml_field_name(f); }
static const char *ename(vifxml_field f) {
  return vifxml_elem_name(schema_fields[f].elem);
}

/* C strtoull with libvirt's checks: whole string, no sign. */
static int parse_ull(const char *s, int base, unsigned long long *out) {
  const char *p = s;
  while (isspace((unsigned char)*p))
    p++;
  if (*p == '-' || *p == '+' || !*p)
    return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(p, &end, base);
  if (errno || end == p || *end)
    return -1;
  *out = v;
  return 0;
}

static int bad_value(vifxml_field f, const char *in, char *msg, size_t msglen) {
  if (schema_fields[f].name == VIFXML_N_NONE)
    return FAIL("Invalid text in element '%s': '%s'.", ename(f), in);
  return FAIL("Invalid value for attribute '%s' in element '%s': '%s'.",
              fname(f), ename(f), in);
}

static int bad_uint(vifxml_field f, const char *in, char *msg, size_t msglen) {
  if (schema_fields[f].name == VIFXML_N_NONE)
    return FAIL("Invalid text in element '%s': '%s'. Expected non-negative "
                "integer value",
                ename(f), in);
  return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
              "Expected non-negative integer value",
              fname(f), ename(f), in);
}

static int parse_mac(const char *in, unsigned char mac[6]) {
  const char *p = in;
  for (int i = 0; i < 6; i++) {
    int digits = 0;
    unsigned v = 0;
    while (digits < 2 && isxdigit((unsigned char)*p)) {
      v = v * 16 + (unsigned)(isdigit((unsigned char)*p)
                                  ? *p - '0'
                                  : tolower((unsigned char)*p) - 'a' + 10);
      p++;
      digits++;
    }
    if (!digits)
      return -1;
    mac[i] = (unsigned char)v;
    if (i < 5) {
      if (*p != ':')
        return -1;
      p++;
    }
  }
  /* virMacAddrParse ignores anything after a space or control character. */
  return (*p == '\0' || (unsigned char)*p <= 0x20) ? 0 : -1;
}

/* virUUIDParse: '-' or ' ' may stand between bytes, never inside one. */
static int parse_uuid(const char *in, unsigned char u[16]) {
  const char *p = in;
  while (isspace((unsigned char)*p))
    p++;
  for (int i = 0; i < 32;) {
    if (i % 2 == 0 && (*p == '-' || *p == ' ')) {
      p++;
      continue;
    }
    if (!isxdigit((unsigned char)*p))
      return -1;
    int v = isdigit((unsigned char)*p) ? *p - '0'
                                       : tolower((unsigned char)*p) - 'a' + 10;
    if (i % 2 == 0)
      u[i / 2] = (unsigned char)(v << 4);
    else
      u[i / 2] |= (unsigned char)v;
    i++;
    p++;
  }
  while (*p) {
    if (!isspace((unsigned char)*p))
      return -1;
    p++;
  }
  return 0;
}

static int parse_ip(vifxml_arena *a, const char *in, const char **out) {
  unsigned char buf[16];
  char txt[INET6_ADDRSTRLEN];
  int af = strchr(in, ':') ? AF_INET6 : AF_INET;
  if (inet_pton(af, in, buf) != 1 || !inet_ntop(af, buf, txt, sizeof txt))
    return -1;
  *out = arena_strndup(a, txt, strlen(txt));
  return 0;
}

/* n bytes as lower-case hex, with sep after every byte of a group that
 * ends before the last (groups: cumulative byte counts, 0-terminated). */
static const char *hex_bytes(vifxml_arena *a, const unsigned char *b,
                             const unsigned char *groups, char sep) {
  static const char hx[] = "0123456789abcdef";
  char buf[64];
  size_t len = 0;
  int i = 0;
  for (const unsigned char *g = groups; *g; g++) {
    for (; i < *g; i++) {
      buf[len++] = hx[b[i] >> 4];
      buf[len++] = hx[b[i] & 15];
    }
    if (g[1])
      buf[len++] = sep;
  }
  return arena_strndup(a, buf, len);
}

/* A base-0 number within max, written with fmt. */
static int num_fmt(vifxml_arena *a, vifxml_field f, const char *in, int base,
                   unsigned long long max, const char *fmt, const char **out,
                   char *msg, size_t msglen) {
  unsigned long long v;
  if (parse_ull(in, base, &v) < 0 || v > max)
    return bad_uint(f, in, msg, msglen);
  *out = arena_printf(a, fmt, v);
  return 0;
}

int value_parse(vifxml_arena *a, vifxml_field f, const char *in,
                const char **out, char *msg, size_t msglen) {
  const field_def *d = &schema_fields[f];
  unsigned long long v;
  int i;
  *out = NULL;
  if (!*in && (d->flags & FL_EMPTY))
    return 0;
  switch (d->vt) {
  case VT_STR:
    *out = arena_strndup(a, in, strlen(in));
    return 0;
  case VT_STRNE:
    if (*in)
      *out = arena_strndup(a, in, strlen(in));
    return 0;
  case VT_IFTYPE:
    return FAIL("the interface type cannot be set as a field");
  case VT_ENUM:
    i = schema_enum_index(d->enumv, in, false);
    if (i >= 0) {
      *out = d->enumv[i];
      return 0;
    }
    if (f == VIFXML_F_SRC_ADDR_TYPE)
      return FAIL("unknown host device source address type '%s'", in);
    if (f == VIFXML_F_ADDR_TYPE)
      return FAIL("unknown address type '%s'", in);
    if (f == VIFXML_F_TEAMING_TYPE)
      return FAIL("unknown teaming type '%s'", in);
    return bad_value(f, in, msg, msglen);
  case VT_YESNO:
  case VT_ONOFF: {
    const char *const *list = d->vt == VT_YESNO ? yesno : onoff;
    i = schema_enum_index(list, in, false);
    if (i < 0)
      return bad_value(f, in, msg, msglen);
    *out = list[i];
    return 0;
  }
  case VT_UINT:
    return num_fmt(a, f, in, 10, 0xFFFFFFFFull, "%llu", out, msg, msglen);
  case VT_POSUINT:
    if (parse_ull(in, 10, &v) < 0 || v > 0xFFFFFFFFull)
      return bad_uint(f, in, msg, msglen);
    if (v == 0)
      return FAIL("Invalid value for attribute '%s' in element '%s': "
                  "Zero is not permitted",
                  fname(f), ename(f));
    *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_UINT_B0:
    return num_fmt(a, f, in, 0, 0xFFFFFFFFull, "%llu", out, msg, msglen);
  case VT_HEX4_B0:
    return num_fmt(a, f, in, 0, 0xFFFF, "0x%.4llx", out, msg, msglen);
  case VT_PCI_DOMAIN:
    return num_fmt(a, f, in, 0, 0xFFFFFFFFull, "0x%.4llx", out, msg, msglen);
  case VT_PCI_BUS:
  case VT_PCI_SLOT:
  case VT_PCI_FUNCTION: {
    static const unsigned long long max[] = {0xFF, 0x1F, 7};
    int k = d->vt - VT_PCI_BUS;
    if (parse_ull(in, 0, &v) < 0 || v > 0xFFFFFFFFull)
      return bad_uint(f, in, msg, msglen);
    if (v > max[k]) {
      if (d->vt == VT_PCI_FUNCTION)
        return FAIL("Invalid PCI address function=0x%llx, must be <= 7", v);
      return FAIL("Invalid PCI address %s='0x%llx', must be <= 0x%llX",
                  fname(f), v, max[k]);
    }
    *out = arena_printf(a, d->vt == VT_PCI_FUNCTION ? "0x%llx" : "0x%.2llx",
                        v);
    return 0;
  }
  case VT_IPADDR:
    if (parse_ip(a, in, out) < 0)
      return FAIL("Invalid %s '%s' in <%s>", fname(f), in, ename(f));
    return 0;
  case VT_MAC: {
    unsigned char m[6];
    if (parse_mac(in, m) < 0)
      return FAIL("unable to parse mac address '%s'", in);
    if (m[0] & 1)
      return FAIL("expected unicast mac address, found multicast '%s'", in);
    static const unsigned char each[] = {1, 2, 3, 4, 5, 6, 0};
    *out = hex_bytes(a, m, each, ':');
    return 0;
  }
  case VT_UUID: {
    unsigned char u[16];
    if (parse_uuid(in, u) < 0) {
      if (f == VIFXML_F_VP_INSTANCEID || f == VIFXML_F_VP_INTERFACEID)
        return FAIL("cannot parse %s parameter as a uuid", fname(f));
      return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
                  "Expected UUID",
                  fname(f), ename(f), in);
    }
    static const unsigned char dashed[] = {4, 6, 8, 10, 16, 0};
    *out = hex_bytes(a, u, dashed, '-');
    return 0;
  }
  case VT_VHUTYPE:
    if (strcmp(in, "unix"))
      return FAIL("Type='%s' unsupported for <interface type='vhostuser'>", in);
    *out = "unix";
    return 0;
  case VT_TRUNK:
    /* Checked in rules.c: libvirt weighs it against the tags first. */
    i = schema_enum_index(yesno, in, true);
    *out = i >= 0 ? yesno[i] : arena_strndup(a, in, strlen(in));
    return 0;
  case VT_VLANID:
    if (parse_ull(in, 10, &v) < 0 || v > 0xFFFFFFFFull)
      return bad_uint(f, in, msg, msglen);
    if (v > 4095)
      return FAIL("vlan tag id %llu too large (maximum 4095)", v);
    *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_VPTYPE:
    i = schema_enum_index(vport_type_names, in, true);
    if (i < 0)
      return FAIL("unknown virtualport type %s", in);
    *out = vport_type_names[i];
    return 0;
  case VT_VP_U8:
  case VT_VP_U24:
    if (parse_ull(in, 0, &v) < 0 || v > 0xFFFFFFFFull)
      return FAIL("cannot parse value of %s parameter", fname(f));
    if (v > (d->vt == VT_VP_U8 ? 0xFFull : 0xFFFFFFull))
      return FAIL("value of %s out of range", fname(f));
    *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_PROFILEID:
    if (strlen(in) > 39)
      return FAIL("profileid parameter too long");
    *out = arena_strndup(a, in, strlen(in));
    return 0;
  case VT_BW:
    if (parse_ull(in, 10, &v) < 0)
      return FAIL("could not convert bandwidth %s value '%s'", fname(f), in);
    *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_MODEL:
    if (!*in)
      return 0;
    for (const char *p = in; *p; p++)
      if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
        return FAIL("Model name contains invalid characters");
    if (!strcasecmp(in, "unknown"))
      return 0;
    /* Xen-era names (README, legacy forms): xend's PV and emulated NICs. */
    if (!strcasecmp(in, "netback"))
      in = "netfront";
    else if (!strcasecmp(in, "ioemu"))
      in = "rtl8139";
    i = schema_enum_index(models, in, true);
    *out = i >= 0 ? models[i] : arena_strndup(a, in, strlen(in));
    return 0;
  case VT_SNDBUF:
    if (parse_ull(in, 10, &v) < 0)
      return FAIL("sndbuf must be a positive integer");
    *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_LINKSTATE:
    if (!*in)
      return 0;
    i = schema_enum_index(link_states, in, false);
    if (i < 0)
      return FAIL("unknown interface link state '%s'", in);
    *out = link_states[i];
    return 0;
  case VT_MTU:
    if (!*in)
      return 0;
    if (parse_ull(in, 10, &v) < 0 || v > 0xFFFFFFFFull)
      return FAIL("malformed mtu size");
    if (v)
      *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_COALESCE:
    if (parse_ull(in, 10, &v) < 0)
      return FAIL("cannot parse value '%s' for coalesce parameter", in);
    if (v > 0xFFFFFFFFull)
      return FAIL("value '%s' is too big for coalesce parameter, maximum is "
                  "'%u'",
                  in, 0xFFFFFFFFu);
    if (v)
      *out = arena_printf(a, "%llu", v);
    return 0;
  case VT_LOADPARM: {
    size_t n = strlen(in);
    if (n < 1 || n > 8)
      return FAIL("invalid loadparm value '%s', expecting 1 to 8 characters",
                  in);
    char *u = arena_strndup(a, in, n);
    if (!u)
      return FAIL("out of memory");
    for (char *p = u; *p; p++) {
      if (!isalnum((unsigned char)*p) && *p != '.' && *p != ' ')
        return FAIL("invalid loadparm char '%c', expecting chars in set of "
                    "[a-zA-Z0-9. ]",
                    *p);
      *p = (char)toupper((unsigned char)*p);
    }
    *out = u;
    return 0;
  }
  case VT_USBPORT: {
    /* Up to four decimal hub ports joined by dots (virDomainDeviceUSBAddress). */
    char buf[64];
    size_t len = 0;
    const char *p = in;
    for (int k = 0; k < 4; k++) {
      char *end;
      if (!isdigit((unsigned char)*p))
        return bad_value(f, in, msg, msglen);
      unsigned long n = strtoul(p, &end, 10);
      len += (size_t)snprintf(buf + len, sizeof buf - len, k ? ".%lu" : "%lu",
                              n);
      p = end;
      if (!*p)
        break;
      if (*p != '.' || k == 3)
        return bad_value(f, in, msg, msglen);
      p++;
    }
    *out = arena_strndup(a, buf, len);
    return 0;
  }
  case VT_HEX8_B16:
    if (parse_ull(in, 16, &v) < 0)
      return bad_uint(f, in, msg, msglen);
    *out = arena_printf(a, "0x%08llx", v);
    return 0;
  case VT_HEX_B16:
    if (parse_ull(in, 16, &v) < 0)
      return bad_uint(f, in, msg, msglen);
    *out = arena_printf(a, "0x%llx", v);
    return 0;
  case VT_CCW_CSSID:
    return num_fmt(a, f, in, 0, 0xFE, "0x%llx", out, msg, msglen);
  case VT_CCW_SSID:
    return num_fmt(a, f, in, 0, 3, "0x%llx", out, msg, msglen);
  case VT_CCW_DEVNO:
    return num_fmt(a, f, in, 0, 0xFFFF, "0x%04llx", out, msg, msglen);
  case VT_ZPCI_UID:
    return num_fmt(a, f, in, 0, 0xFFFF, "0x%.4llx", out, msg, msglen);
  case VT_ZPCI_FID:
    return num_fmt(a, f, in, 0, 0xFFFFFFFFull, "0x%.8llx", out, msg, msglen);
  case VT_INT:
  case VT_LL_B0: {
    /* virStrToLong_i (base 10) and virStrToLong_ll (base 0): C strtol
     * (leading space, a sign), the whole string, within range. */
    bool ll = d->vt == VT_LL_B0;
    char *end;
    errno = 0;
    long long n = strtoll(in, &end, ll ? 0 : 10);
    if (errno || end == in || *end || (!ll && (n < INT_MIN || n > INT_MAX)))
      return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
                  "Expected %sinteger value",
                  fname(f), ename(f), in, ll ? "long long " : "");
    *out = arena_printf(a, "%lld", n);
    return 0;
  }
  }
  return FAIL("internal error: unknown value type");
}

const char *value_rule(vifxml_field f, const char *in, const char *out) {
  switch (schema_fields[f].vt) {
  case VT_MAC:
    return strcasecmp(in, out) ? "MAC written with two digits per byte"
                               : "MAC lower-cased";
  case VT_UUID:
    return "UUID written as libvirt writes it (lower case, dashed)";
  case VT_IPADDR:
    return "address written in its standard form";
  case VT_MODEL:
    return strcasecmp(in, out) ? "Xen-era model name replaced by libvirt's"
                               : "model name in libvirt's case";
  case VT_VPTYPE:
    return "virtualport type in libvirt's spelling";
  case VT_TRUNK:
    return "trunk lower-cased";
  case VT_LOADPARM:
    return "loadparm upper-cased, as libvirt keeps it";
  case VT_USBPORT:
    return "USB port written as libvirt writes it";
  case VT_HEX4_B0: case VT_PCI_DOMAIN: case VT_PCI_BUS: case VT_PCI_SLOT:
  case VT_PCI_FUNCTION: case VT_HEX8_B16: case VT_HEX_B16: case VT_CCW_CSSID:
  case VT_CCW_SSID: case VT_CCW_DEVNO: case VT_ZPCI_UID: case VT_ZPCI_FID:
    return "number written in hex, as libvirt writes it";
  default:
    return "number written in decimal, as libvirt writes it";
  }
}

unsigned long long value_u(const char *s) {
  return s ? strtoull(s, NULL, 0) : 0;
}

bool value_is_xml_text(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    int n;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return false;
      p++;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      c &= 0x07;
    } else {
      return false;
    }
    for (int i = 1; i <= n; i++) {
      if ((p[i] & 0xC0) != 0x80)
        return false;
      c = (c << 6) | (p[i] & 0x3F);
    }
    /* overlong forms, surrogates, U+FFFE/U+FFFF, beyond U+10FFFF */
    if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
        (n == 3 && c < 0x10000) || (c >= 0xD800 && c <= 0xDFFF) ||
        c == 0xFFFE || c == 0xFFFF || c > 0x10FFFF)
      return false;
    p += n + 1;
  }
  return true;
}
