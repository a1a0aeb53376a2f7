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

/* One value being read: its field and text, and where its canonical
 * spelling (*out, NULL: absent) or libvirt's message (msg) goes. */
typedef struct {
  vifxml_arena *a;
  vifxml_field f;
  const char *in;
  const char **out;
  char *msg;
  size_t msglen;
} val;

/* libvirt's message for a value it refuses, out of the hot code. */
static int failf(const val *v, const char *fmt, ...)
    VIFXML_COLD __attribute__((format(printf, 2, 3)));
static int failf(const val *v, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(v->msg, v->msglen, fmt, ap);
  va_end(ap);
  return -1;
}
#define FAIL(...) failf(v, __VA_ARGS__)

static const char *fname(const val *v) { return vifxml_field_name(v->f); }
static const char *ename(const val *v) {
  return vifxml_elem_name(schema_fields[v->f].elem);
}

/* isspace, isxdigit's value and isalnum as the C locale has them, which is ASCII only: vifxml never calls setlocale, and these skip
 * the locale tables and library calls of the hot path. */
static bool is_space(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Each hex digit's value plus one, 0 for any other byte. */
static const unsigned char hex_plus1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16};

int value_hex_digit(unsigned char c) { return hex_plus1[c] - 1; }

static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* C11 strtoull (base 0, 10 or 16; no C23 0b) with libvirt's checks: the
 * whole string, no sign, in range. Done here, as strtoull and errno cost
 * more than the rest of a number: leading space, then in base 16 an
 * optional 0x, in base 0 0x for hex or 0 for octal; 0x with no hex digit
 * after it is no prefix (strtoull reads the 0 and stops at the x). */
static int parse_ull(const char *s, int base, unsigned long long *out) {
  const unsigned char *p = (const unsigned char *)s;
  while (is_space(*p))
    p++;
  if (base != 10 && p[0] == '0' && (p[1] | 0x20) == 'x' &&
      value_hex_digit(p[2]) >= 0) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  if (!*p)
    return -1;
  /* the most that can take another digit; constants, not a division */
  const unsigned long long lim = base == 8    ? ULLONG_MAX / 8
                                 : base == 10 ? ULLONG_MAX / 10
                                              : ULLONG_MAX / 16;
  unsigned long long v = 0;
  for (; *p; p++) {
    int d = value_hex_digit(*p);
    if (d < 0 || d >= base || v > lim)
      return -1;
    unsigned long long shifted = v * (unsigned)base;
    v = shifted + (unsigned)d;
    if (v < shifted) /* past ULLONG_MAX: strtoull's ERANGE */
      return -1;
  }
  *out = v;
  return 0;
}

/* How libvirt's formatter writes a number: DEC is %llu, the others 0x and
 * at least that many lower-case hex digits (%llx, %.2llx, %.4llx, %.8llx;
 * %04llx and %08llx come to the same). */
enum { DEC = 0, HEX = 1, HEX2 = 2, HEX4 = 4, HEX8 = 8 };

/* Writes n, spelled as form, backwards so that it ends at end; returns
 * where it starts. */
static char *spell_back(char *end, unsigned long long n, int form) {
  char *p = end;
  if (form == DEC) {
    do {
      *--p = (char)('0' + n % 10);
      n /= 10;
    } while (n);
    return p;
  }
  do {
    *--p = "0123456789abcdef"[n & 15];
    n >>= 4;
  } while (n);
  while (end - p < form)
    *--p = '0';
  *--p = 'x';
  *--p = '0';
  return p;
}

void value_hex_str(char *buf, unsigned long long n) {
  char tmp[19], *end = tmp + sizeof tmp, *p = spell_back(end, n, HEX);
  memcpy(buf, p, (size_t)(end - p));
  buf[end - p] = '\0';
}

/* n spelled as form, in the arena, without printf. */
static const char *spell(vifxml_arena *a, unsigned long long n, int form) {
  char buf[24]; /* 20 decimal digits, or 0x and 16 hex ones */
  char *p = spell_back(buf + sizeof buf, n, form);
  return arena_strndup(a, p, (size_t)(buf + sizeof buf - p));
}

static int VIFXML_COLD bad_value(const val *v) {
  if (schema_fields[v->f].name == VIFXML_N_NONE)
    return FAIL("Invalid text in element '%s': '%s'.", ename(v), v->in);
  return FAIL("Invalid value for attribute '%s' in element '%s': '%s'.",
              fname(v), ename(v), v->in);
}

static int VIFXML_COLD bad_uint(const val *v) {
  if (schema_fields[v->f].name == VIFXML_N_NONE)
    return FAIL("Invalid text in element '%s': '%s'. Expected non-negative "
                "integer value",
                ename(v), v->in);
  return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
              "Expected non-negative integer value",
              fname(v), ename(v), v->in);
}

static int parse_mac(const char *in, unsigned char mac[6]) {
  const unsigned char *p = (const unsigned char *)in;
  /* The common spelling first: two digits a byte, then the end (or what
   * virMacAddrParse ignores, as below). */
  int k = 0;
  for (; k < 6; k++) {
    int hi = hex_plus1[p[3 * k]], lo;
    if (!hi || !(lo = hex_plus1[p[3 * k + 1]]) || (k < 5 && p[3 * k + 2] != ':'))
      break;
    mac[k] = (unsigned char)((hi - 1) << 4 | (lo - 1));
  }
  if (k == 6 && p[17] <= 0x20)
    return 0;
  for (int i = 0; i < 6; i++) {
    int digits = 0, d;
    unsigned v = 0;
    while (digits < 2 && (d = value_hex_digit(*p)) >= 0) {
      v = v * 16 + (unsigned)d;
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
  return (*p == '\0' || *p <= 0x20) ? 0 : -1;
}

/* virUUIDParse: '-' or ' ' may stand between bytes, never inside one. */
static int parse_uuid(const char *in, unsigned char u[16]) {
  const unsigned char *p = (const unsigned char *)in;
  while (is_space(*p))
    p++;
  for (int i = 0; i < 16; i++) {
    while (*p == '-' || *p == ' ')
      p++;
    int hi = value_hex_digit(p[0]), lo;
    if (hi < 0 || (lo = value_hex_digit(p[1])) < 0)
      return -1;
    u[i] = (unsigned char)((hi << 4) | lo);
    p += 2;
  }
  while (*p) {
    if (!is_space(*p))
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

/* The n bytes of b as lower-case hex, sep after the bytes whose bit is set
 * in after; written straight into the arena (len: the whole length). */
static const char *hex_bytes(vifxml_arena *a, const unsigned char *b, int n,
                             char sep, unsigned after, size_t len) {
  static const char hx[] = "0123456789abcdef";
  char *s = arena_alloc(a, len + 1), *p = s;
  if (!s)
    return NULL;
  for (int i = 0; i < n; i++) {
    *p++ = hx[b[i] >> 4];
    *p++ = hx[b[i] & 15];
    if (after >> i & 1)
      *p++ = sep;
  }
  *p = '\0';
  return s;
}

/* ## Text */

/* Out as a copy of the input. */
static int keep_in(const val *v) {
  *v->out = arena_strndup(v->a, v->in, strlen(v->in));
  return 0;
}

static int loadparm(const val *v) {
  size_t n = strlen(v->in);
  if (n < 1 || n > 8)
    return FAIL("invalid loadparm value '%s', expecting 1 to 8 characters",
                v->in);
  char *u = arena_strndup(v->a, v->in, n);
  if (!u)
    return FAIL("out of memory");
  for (char *p = u; *p; p++) {
    if (!is_alnum((unsigned char)*p) && *p != '.' && *p != ' ')
      return FAIL("invalid loadparm char '%c', expecting chars in set of "
                  "[a-zA-Z0-9. ]",
                  *p);
    *p = (char)toupper((unsigned char)*p);
  }
  *v->out = u;
  return 0;
}

/* ## Keywords */

static int keyword(const val *v, value_type vt) {
  const field_def *d = &schema_fields[v->f];
  const char *in = v->in;
  int i;
  switch (vt) {
  case VT_ENUM:
    i = schema_enum_index(d->enumv, in, false);
    if (i >= 0) {
      *v->out = d->enumv[i];
      return 0;
    }
    if (v->f == VIFXML_F_SRC_ADDR_TYPE)
      return FAIL("unknown host device source address type '%s'", in);
    if (v->f == VIFXML_F_ADDR_TYPE)
      return FAIL("unknown address type '%s'", in);
    if (v->f == VIFXML_F_TEAMING_TYPE)
      return FAIL("unknown teaming type '%s'", in);
    return bad_value(v);
  case VT_YESNO:
  case VT_ONOFF: {
    const char *const *list = vt == VT_YESNO ? yesno : onoff;
    i = schema_enum_index(list, in, false);
    if (i < 0)
      return bad_value(v);
    *v->out = list[i];
    return 0;
  }
  case VT_LINKSTATE:
    if (!*in)
      return 0;
    i = schema_enum_index(link_states, in, false);
    if (i < 0)
      return FAIL("unknown interface link state '%s'", in);
    *v->out = link_states[i];
    return 0;
  case VT_VHUTYPE:
    if (strcmp(in, "unix"))
      return FAIL("Type='%s' unsupported for <interface type='vhostuser'>", in);
    *v->out = "unix";
    return 0;
  case VT_TRUNK:
    /* Checked in rules.c: libvirt weighs it against the tags first. */
    i = schema_enum_index(yesno, in, true);
    if (i < 0)
      return keep_in(v);
    *v->out = yesno[i];
    return 0;
  default: /* VT_VPTYPE */
    i = schema_enum_index(vport_type_names, in, true);
    if (i < 0)
      return FAIL("unknown virtualport type %s", in);
    *v->out = vport_type_names[i];
    return 0;
  }
}

static int model(const val *v) {
  const char *in = v->in;
  if (!*in)
    return 0;
  /* Most name a known model in libvirt's case, which is all it checks. */
  int i = schema_enum_index(models, in, false);
  if (i >= 0) {
    *v->out = models[i];
    return 0;
  }
  for (const char *p = in; *p; p++)
    if (!is_alnum((unsigned char)*p) && *p != '_' && *p != '-')
      return FAIL("Model name contains invalid characters");
  if (schema_same_nocase(in, "unknown"))
    return 0;
  /* Xen-era names (README, legacy forms): xend's PV and emulated NICs. */
  if (schema_same_nocase(in, "netback"))
    in = "netfront";
  else if (schema_same_nocase(in, "ioemu"))
    in = "rtl8139";
  i = schema_enum_index(models, in, true);
  *v->out = i >= 0 ? models[i] : arena_strndup(v->a, in, strlen(in));
  return 0;
}

/* ## Numbers */

/* A number in base within max, spelled as form; libvirt's generic
 * message when it is not one. */
static int number(const val *v, int base, unsigned long long max, int form) {
  unsigned long long n;
  if (parse_ull(v->in, base, &n) < 0 || n > max)
    return bad_uint(v);
  *v->out = spell(v->a, n, form);
  return 0;
}

/* Unsigned ints (the generic message when not one) that libvirt then
 * checks further, with a message of its own. */
static int checked_number(const val *v, value_type vt) {
  static const unsigned long long pci_max[] = {0xFF, 0x1F, 7};
  unsigned long long n;
  int base = vt == VT_POSUINT || vt == VT_VLANID ? 10 : 0;
  if (parse_ull(v->in, base, &n) < 0 || n > 0xFFFFFFFFull)
    return bad_uint(v);
  switch (vt) {
  case VT_POSUINT:
    if (n == 0)
      return FAIL("Invalid value for attribute '%s' in element '%s': "
                  "Zero is not permitted",
                  fname(v), ename(v));
    break;
  case VT_VLANID:
    if (n > 4095)
      return FAIL("vlan tag id %llu too large (maximum 4095)", n);
    break;
  case VT_PCI_FUNCTION:
    if (n > pci_max[2])
      return FAIL("Invalid PCI address function=0x%llx, must be <= 7", n);
    *v->out = spell(v->a, n, HEX);
    return 0;
  default: /* VT_PCI_BUS, VT_PCI_SLOT */
    if (n > pci_max[vt - VT_PCI_BUS])
      return FAIL("Invalid PCI address %s='0x%llx', must be <= 0x%llX",
                  fname(v), n, pci_max[vt - VT_PCI_BUS]);
    *v->out = spell(v->a, n, HEX2);
    return 0;
  }
  *v->out = spell(v->a, n, DEC);
  return 0;
}

/* Numbers (virtualport parameters in any base, the others decimal) whose
 * every error is libvirt's own message; a zero MTU or coalesce value is
 * absent. */
static int own_number(const val *v, value_type vt) {
  unsigned long long n;
  int bad = parse_ull(v->in, vt == VT_VP_U8 || vt == VT_VP_U24 ? 0 : 10, &n);
  switch (vt) {
  case VT_VP_U8:
  case VT_VP_U24:
    if (bad || n > 0xFFFFFFFFull)
      return FAIL("cannot parse value of %s parameter", fname(v));
    if (n > (vt == VT_VP_U8 ? 0xFFull : 0xFFFFFFull))
      return FAIL("value of %s out of range", fname(v));
    break;
  case VT_BW:
    if (bad)
      return FAIL("could not convert bandwidth %s value '%s'", fname(v), v->in);
    break;
  case VT_SNDBUF:
    if (bad)
      return FAIL("sndbuf must be a positive integer");
    break;
  case VT_MTU:
    if (!*v->in)
      return 0;
    if (bad || n > 0xFFFFFFFFull)
      return FAIL("malformed mtu size");
    if (!n)
      return 0;
    break;
  default: /* VT_COALESCE */
    if (bad)
      return FAIL("cannot parse value '%s' for coalesce parameter", v->in);
    if (n > 0xFFFFFFFFull)
      return FAIL("value '%s' is too big for coalesce parameter, maximum is "
                  "'%u'",
                  v->in, 0xFFFFFFFFu);
    if (!n)
      return 0;
    break;
  }
  *v->out = spell(v->a, n, DEC);
  return 0;
}

/* virStrToLong_i (base 10) and virStrToLong_ll (ll: base 0): C strtol
 * (leading space, a sign), the whole string, within range. */
static int signed_number(const val *v, bool ll) {
  char *end;
  errno = 0;
  long long n = strtoll(v->in, &end, ll ? 0 : 10);
  if (errno || end == v->in || *end ||
      (!ll && (n < INT_MIN || n > INT_MAX)))
    return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
                "Expected %sinteger value",
                fname(v), ename(v), v->in, ll ? "long long " : "");
  char buf[24], *last = buf + sizeof buf; /* '-' and 19 digits */
  char *p = spell_back(last, n < 0 ? 0 - (unsigned long long)n
                                   : (unsigned long long)n, DEC);
  if (n < 0)
    *--p = '-';
  *v->out = arena_strndup(v->a, p, (size_t)(last - p));
  return 0;
}

/* ## Addresses and identifiers */

static int ip_address(const val *v) {
  if (parse_ip(v->a, v->in, v->out) < 0)
    return FAIL("Invalid %s '%s' in <%s>", fname(v), v->in, ename(v));
  return 0;
}

static int mac(const val *v) {
  unsigned char m[6];
  if (parse_mac(v->in, m) < 0)
    return FAIL("unable to parse mac address '%s'", v->in);
  if (m[0] & 1)
    return FAIL("expected unicast mac address, found multicast '%s'", v->in);
  *v->out = hex_bytes(v->a, m, 6, ':', 0x1F, 17); /* xx:xx:xx:xx:xx:xx */
  return 0;
}

static int uuid(const val *v) {
  unsigned char u[16];
  if (parse_uuid(v->in, u) < 0) {
    if (v->f == VIFXML_F_VP_INSTANCEID || v->f == VIFXML_F_VP_INTERFACEID)
      return FAIL("cannot parse %s parameter as a uuid", fname(v));
    return FAIL("Invalid value for attribute '%s' in element '%s': '%s'. "
                "Expected UUID",
                fname(v), ename(v), v->in);
  }
  /* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx */
  *v->out = hex_bytes(v->a, u, 16, '-', 1u << 3 | 1u << 5 | 1u << 7 | 1u << 9,
                      36);
  return 0;
}

/* Up to four decimal hub ports joined by dots (virDomainDeviceUSBAddress). */
static int usb_port(const val *v) {
  char buf[64];
  size_t len = 0;
  const char *p = v->in;
  for (int k = 0; k < 4; k++) {
    char *end;
    if (!isdigit((unsigned char)*p))
      return bad_value(v);
    unsigned long n = strtoul(p, &end, 10);
    len += (size_t)snprintf(buf + len, sizeof buf - len, k ? ".%lu" : "%lu", n);
    p = end;
    if (!*p)
      break;
    if (*p != '.' || k == 3)
      return bad_value(v);
    p++;
  }
  *v->out = arena_strndup(v->a, buf, len);
  return 0;
}

/* ## By value type */

int value_parse(vifxml_arena *a, vifxml_field f, const char *in,
                const char **out, char *msg, size_t msglen) {
  const val req = {a, f, in, out, msg, msglen}, *v = &req;
  const field_def *d = &schema_fields[f];
  *out = NULL;
  if (!*in && (d->flags & FL_EMPTY))
    return 0;
  switch (d->vt) {
  case VT_STR:
    return keep_in(v);
  case VT_STRNE:
    return *in ? keep_in(v) : 0;
  case VT_PROFILEID:
    return strlen(in) > 39 ? FAIL("profileid parameter too long") : keep_in(v);
  case VT_LOADPARM:
    return loadparm(v);
  case VT_IFTYPE:
    return FAIL("the interface type cannot be set as a field");
  case VT_ENUM:
  case VT_YESNO:
  case VT_ONOFF:
  case VT_LINKSTATE:
  case VT_VHUTYPE:
  case VT_TRUNK:
  case VT_VPTYPE:
    return keyword(v, d->vt);
  case VT_MODEL:
    return model(v);
  case VT_UINT:
    return number(v, 10, 0xFFFFFFFFull, DEC);
  case VT_UINT_B0:
    return number(v, 0, 0xFFFFFFFFull, DEC);
  case VT_HEX4_B0:
  case VT_ZPCI_UID:
    return number(v, 0, 0xFFFF, HEX4);
  case VT_PCI_DOMAIN:
    return number(v, 0, 0xFFFFFFFFull, HEX4);
  case VT_ZPCI_FID:
    return number(v, 0, 0xFFFFFFFFull, HEX8);
  case VT_HEX8_B16:
    return number(v, 16, ULLONG_MAX, HEX8);
  case VT_HEX_B16:
    return number(v, 16, ULLONG_MAX, HEX);
  case VT_CCW_CSSID:
    return number(v, 0, 0xFE, HEX);
  case VT_CCW_SSID:
    return number(v, 0, 3, HEX);
  case VT_CCW_DEVNO:
    return number(v, 0, 0xFFFF, HEX4);
  case VT_POSUINT:
  case VT_VLANID:
  case VT_PCI_BUS:
  case VT_PCI_SLOT:
  case VT_PCI_FUNCTION:
    return checked_number(v, d->vt);
  case VT_VP_U8:
  case VT_VP_U24:
  case VT_BW:
  case VT_SNDBUF:
  case VT_MTU:
  case VT_COALESCE:
    return own_number(v, d->vt);
  case VT_INT:
  case VT_LL_B0:
    return signed_number(v, d->vt == VT_LL_B0);
  case VT_IPADDR:
    return ip_address(v);
  case VT_MAC:
    return mac(v);
  case VT_UUID:
    return uuid(v);
  case VT_USBPORT:
    return usb_port(v);
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
