/* Declarations shared by the library's modules; not installed. */
#ifndef VIFXML_INTERNAL_H
#define VIFXML_INTERNAL_H

#include "vifxml.h"

#include <stdarg.h>
#include <stdbool.h>

/* What runs only for errors, warnings and notes: the compiler lays the
 * branches that lead there away from the hot path, which keeps the code
 * run per interface compact (fewer instruction-cache misses). */
#define VIFXML_COLD __attribute__((cold))
/* Kept out of its callers, whose common path then stays short (and saves
 * no registers for it). */
#define VIFXML_NOINLINE __attribute__((noinline))

/* ## The IR (opaque to clients; vifxml.h has its accessors, ir.c) */

/* One item of a list element; v is indexed by the field's slot
 * (schema_field_slot). */
typedef struct vifxml_item {
  vifxml_elem elem;
  int parent; /* the item it sits in, -1 when its parent is not a list */
  unsigned long line, column;
  const char *v[8];
} vifxml_item;

/* What the parser kept verbatim or must place around known content. */
typedef struct vifxml_extra {
  vifxml_extra_kind kind;
  vifxml_elem elem; /* element it belongs to (attr), sits in (element), or
                       precedes (comment); VIFXML_E_COUNT: a comment at the
                       end of end_of */
  int item;         /* item index when elem is a list element, else -1 */
  vifxml_elem end_of; /* comment at the end: the parent element; else COUNT */
  const char *name; /* attribute name */
  const char *text; /* attribute value, raw element bytes, comment text */
} vifxml_extra;

struct vifxml_iface {
  vifxml_type type;
  vifxml_kind kind;
  unsigned long line, column;        /* the <interface> start tag */
  const char *f[VIFXML_F_COUNT];     /* canonical values; NULL = absent */
  unsigned char present[VIFXML_E_COUNT]; /* singleton element given */
  unsigned long eline[VIFXML_E_COUNT], ecol[VIFXML_E_COUNT];
  vifxml_item *items;
  size_t nitems;
  vifxml_extra *extras;
  size_t nextras;
  unsigned legacy; /* legacy spellings the parser rewrote */
  const char *raw; /* OPAQUE: the interface's bytes, verbatim */
  size_t rawlen;
  vifxml_arena *arena; /* where the strings above live */
};

/* An empty interface in place (the parser's and the mapper's own, which
 * live inside other structures). */
void ir_init(vifxml_iface *iface, vifxml_arena *arena, vifxml_type type);
/* Deep copy into dst (vifxml_iface_copy without the allocation). */
int ir_copy(vifxml_iface *dst, const vifxml_iface *src, vifxml_arena *arena);
/* A value as vifxml_iface_set takes it: XML text, libvirt's syntax, its
 * canonical spelling in *out (NULL: read as absent). */
int ir_parse_value(vifxml_iface *iface, vifxml_field f, const char *value,
                   const char **out, vifxml_error *err);

/* ## Arena (arena.c) */
void *arena_alloc(vifxml_arena *a, size_t n);
char *arena_strndup(vifxml_arena *a, const char *s, size_t n);
char *arena_printf(vifxml_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const vifxml_allocator *arena_allocator(const vifxml_arena *a);
/* True when an allocation failed since the last reset. */
bool arena_failed(const vifxml_arena *a);

/* The allocator hooks with the C library as the default. */
void *mem_alloc(const vifxml_allocator *al, size_t n);
void *mem_realloc(const vifxml_allocator *al, void *p, size_t n);
void mem_free(const vifxml_allocator *al, void *p);

/* ## Schema tables (schema.c) */
enum { FL_REQ = 1, FL_DROP = 2, FL_LEGACY = 4, FL_LIST = 8, FL_TEXT = 16,
       FL_EMPTY = 32 };

typedef enum {
  VT_STR, VT_STRNE, VT_ENUM, VT_IFTYPE, VT_YESNO, VT_ONOFF, VT_UINT,
  VT_POSUINT, VT_UINT_B0, VT_HEX4_B0, VT_PCI_DOMAIN, VT_PCI_BUS,
  VT_PCI_SLOT, VT_PCI_FUNCTION, VT_IPADDR, VT_MAC, VT_UUID, VT_VHUTYPE,
  VT_TRUNK, VT_VLANID, VT_VPTYPE, VT_VP_U8, VT_VP_U24, VT_PROFILEID, VT_BW,
  VT_MODEL, VT_SNDBUF, VT_LINKSTATE, VT_MTU, VT_COALESCE, VT_LOADPARM,
  VT_USBPORT, VT_HEX8_B16, VT_HEX_B16, VT_CCW_CSSID, VT_CCW_SSID,
  VT_CCW_DEVNO, VT_ZPCI_UID, VT_ZPCI_FID, VT_INT, VT_LL_B0
} value_type;

typedef struct {
  vifxml_elem parent;
  vifxml_name name;
  uint32_t types; /* bit per vifxml_type */
  unsigned flags;
} elem_def;

typedef struct {
  vifxml_elem elem;
  vifxml_name name; /* VIFXML_N_NONE: the element's text */
  uint32_t types;
  int variant; /* vifxml_addr, 0 = any */
  value_type vt;
  const char *const *enumv; /* VT_ENUM: NULL-terminated spellings */
  unsigned flags;
} field_def;

extern const elem_def schema_elems[VIFXML_E_COUNT];
extern const field_def schema_fields[VIFXML_F_COUNT];
extern const char *const schema_addr_names[VIFXML_ADDR_COUNT];
/* XML names by vifxml_name (NULL for VIFXML_N_NONE), and their lengths
 * (the writer's, which puts them without measuring them). */
extern const char *const schema_names[VIFXML_N_COUNT];
extern const unsigned char schema_name_lens[VIFXML_N_COUNT];

#define TYPE_BIT(t) (1u << (t))

/* Name id for an XML name, VIFXML_N_NONE when unknown. */
vifxml_name schema_name_lookup(const char *s);
/* The child element of parent called name for this interface type. */
vifxml_elem schema_child(vifxml_elem parent, vifxml_name name, vifxml_type t);
/* The field of elem called name for this type and address variant;
 * VIFXML_F_COUNT when none. */
vifxml_field schema_field(vifxml_elem e, vifxml_name name, vifxml_type t,
                          int variant);
/* ## The parser's look-ups (schema.c), by XML name, built once with the
 * index. A name table holds a few names (an element's attributes, a
 * parent's children) in open addressing on a key of the length, the first
 * and the last byte and a tag; its multiplier is chosen when it is built
 * so that names with different keys each sit where their key hashes, and
 * a look-up is one probe and one compare. */
typedef struct {
  uint32_t key; /* NAME_KEY of the name and tag; 0: a free slot */
  unsigned char str; /* the name: strs[str] of the table's strings */
  unsigned char val, aux; /* what the table maps the name to */
} name_slot;
typedef struct {
  const name_slot *slots;
  uint32_t mul;
  unsigned char shift;
  unsigned short mask;
} name_tab;
#define NAME_KEY(len, first, last, tag)                                        \
  ((uint32_t)(len) | (uint32_t)(first) << 8 | (uint32_t)(last) << 16 |         \
   (uint32_t)(tag) << 24)
/* Builds t in room (room for 4n slots) from the n (1 to 256) names
 * strs[str[i]] (1 to 255 bytes each) with tags tag[i] (NULL: all 0),
 * mapped to val[i] and aux[i]; the first of a repeated name and tag wins.
 * Returns the slots used. */
int name_tab_build(name_tab *t, name_slot *room, const char *const *strs,
                   const unsigned char *str, const unsigned char *tag,
                   const unsigned char *val, const unsigned char *aux, int n);
/* The slot of name s (nul-terminated) with tag, NULL when absent. */
static inline const name_slot *name_find(const name_tab *t,
                                         const char *const *strs,
                                         const char *s, unsigned tag) {
  size_t n = __builtin_strlen(s);
  if (n - 1 >= 255) /* empty, or longer than any name */
    return NULL;
  uint32_t key = NAME_KEY(n, (unsigned char)s[0], (unsigned char)s[n - 1], tag);
  for (unsigned h = (key * t->mul) >> t->shift;; h = (h + 1) & t->mask) {
    const name_slot *e = &t->slots[h];
    if (e->key == key && !__builtin_memcmp(strs[e->str], s, n))
      return e;
    if (!e->key)
      return NULL;
  }
}
/* What the parser looks up for an interface of one type. */
typedef struct {
  /* e's attributes: val the field, aux its slot; a field of one address
   * variant has the variant as its tag. */
  name_tab attrs[VIFXML_E_COUNT];
  /* e's children: val the element, aux its rank. */
  name_tab kids[VIFXML_E_COUNT];
  /* the slots of e's required fields (of every variant) */
  uint64_t req[VIFXML_E_COUNT];
  /* e's text as a field (schema_field(e, VIFXML_N_NONE, t, 0)), or
   * VIFXML_F_COUNT */
  unsigned char text[VIFXML_E_COUNT];
} schema_type_ix;
/* The look-ups for type t (a valid type). */
const schema_type_ix *schema_type_index(vifxml_type t);
/* Number of fields of an element, and its ith field (row order). */
int schema_field_count(vifxml_elem e);
vifxml_field schema_elem_field(vifxml_elem e, int i);
/* All of them at once: *n fields (a field's slot is its index here). */
const unsigned char *schema_elem_fields(vifxml_elem e, int *n);
/* e's row among the elements (its place in libvirt's output order), and
 * the element of a row: walk elements in output order with it. */
int schema_elem_rank(vifxml_elem e);
vifxml_elem schema_elem_at_rank(int r);
/* Index of the field within its element (position in vifxml_item.v). */
int schema_field_slot(vifxml_field f);
/* Index of s in a NULL-terminated list, -1 when absent. */
int schema_enum_index(const char *const *list, const char *s, bool nocase);
/* Whether a and b are equal but for the case of ASCII letters (strcasecmp
 * in the C locale). */
bool schema_same_nocase(const char *a, const char *b);
vifxml_type schema_type_lookup(const char *s);
int schema_addr_lookup(const char *s);

/* Virtualport types (X(bit, spelling), libvirt's canonical spellings) and
 * their parameters (X(field, types that use it, types that require it)).
 * libvirt writes only the parameters a type uses, refuses the others in a
 * typed virtualport (CheckNoExtras, which skips midonet), and wants the
 * required ones once the port is complete (CheckComplete). Parameter rows
 * are in the order libvirt reports extras and missing ones. */
enum { VPT_QBG = 1, VPT_QBH = 2, VPT_OVS = 4, VPT_MIDONET = 8 };
#define VIFXML_VPORT_TYPES(X)                                                  \
  X(VPT_QBG, "802.1Qbg")                                                       \
  X(VPT_QBH, "802.1Qbh") X(VPT_OVS, "openvswitch") X(VPT_MIDONET, "midonet")
#define VIFXML_VPORT_PARAMS(X)                                                 \
  X(VP_PROFILEID, VPT_QBH | VPT_OVS, VPT_QBH)                                  \
  X(VP_MANAGERID, VPT_QBG, VPT_QBG)                                            \
  X(VP_TYPEID, VPT_QBG, VPT_QBG)                                               \
  X(VP_TYPEIDVERSION, VPT_QBG, VPT_QBG)                                        \
  X(VP_INSTANCEID, VPT_QBG, 0)                                                 \
  X(VP_INTERFACEID, VPT_OVS | VPT_MIDONET, VPT_MIDONET)
typedef struct {
  vifxml_field f;
  unsigned uses, required; /* VPT_ bits */
} vport_param;
extern const vport_param vport_params[];
extern const size_t vport_nparams;
extern const char *const vport_type_names[]; /* NULL-terminated */
/* The VPT_ bit of a (canonical) virtualport type; 0 for none. */
unsigned vport_type_bit(const char *type);
/* The VPT_ bits of the types that use parameter f. */
unsigned vport_param_uses(vifxml_field f);

/* ## Values (value.c): parse a value as libvirt reads it and return its
 * canonical spelling (static or in the arena); *out = NULL means libvirt
 * treats it as absent. On error, msg holds libvirt's message. */
int value_parse(vifxml_arena *a, vifxml_field f, const char *in,
                const char **out, char *msg, size_t msglen);
/* The rule behind a canonical spelling out that differs from the input
 * in (for --explain), e.g. "MAC lower-cased". */
const char *value_rule(vifxml_field f, const char *in, const char *out);
/* Whether every canonical spelling of a value type is plain: keywords,
 * numbers, addresses and names checked byte by byte, none with a byte the
 * writer escapes (& < > ' " tab, line feed, carriage return), so that the
 * writer puts them without a scan. Text kept as it was read is not. A
 * promise of value_parse that every other producer of IR values keeps by
 * spelling a value so or copying one of the same type. Each type is named,
 * so that a new one must be placed (-Wswitch). */
static inline bool value_spelled_plain(value_type vt) {
  switch (vt) {
  case VT_STR:
  case VT_STRNE:
  case VT_PROFILEID:
  case VT_TRUNK: /* kept as read when neither yes nor no */
    return false;
  case VT_ENUM:
  case VT_IFTYPE:
  case VT_YESNO:
  case VT_ONOFF:
  case VT_UINT:
  case VT_POSUINT:
  case VT_UINT_B0:
  case VT_HEX4_B0:
  case VT_PCI_DOMAIN:
  case VT_PCI_BUS:
  case VT_PCI_SLOT:
  case VT_PCI_FUNCTION:
  case VT_IPADDR:
  case VT_MAC:
  case VT_UUID:
  case VT_VHUTYPE:
  case VT_VLANID:
  case VT_VPTYPE:
  case VT_VP_U8:
  case VT_VP_U24:
  case VT_BW:
  case VT_MODEL:  /* libvirt's names, or letters, digits, '_' and '-' */
  case VT_SNDBUF:
  case VT_LINKSTATE:
  case VT_MTU:
  case VT_COALESCE:
  case VT_LOADPARM: /* letters, digits, '.' and ' ' */
  case VT_USBPORT:
  case VT_HEX8_B16:
  case VT_HEX_B16:
  case VT_CCW_CSSID:
  case VT_CCW_SSID:
  case VT_CCW_DEVNO:
  case VT_ZPCI_UID:
  case VT_ZPCI_FID:
  case VT_INT:
  case VT_LL_B0:
    return true;
  }
  return false;
}
/* Reads back a canonical unsigned value (decimal or 0x-hex). */
unsigned long long value_u(const char *s);
/* Whether s is UTF-8 made of XML 1.0 characters only (what a document can
 * hold); expat guarantees it for parsed values, the IR API checks it. */
bool value_is_xml_text(const char *s);
/* The value of a hex digit, -1 for any other byte. */
int value_hex_digit(unsigned char c);
/* n as "0x%llx" writes it, into buf (at least 19 bytes). */
void value_hex_str(char *buf, unsigned long long n);

/* ## Errors (error.c). Every public function with a vifxml_error
 * parameter accepts NULL there, so these write nothing to a NULL one. */
VIFXML_COLD
void error_set(vifxml_error *e, vifxml_error_code code, const char *file,
               unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
VIFXML_COLD
void error_vset(vifxml_error *e, vifxml_error_code code, const char *file,
                unsigned long line, unsigned long col, const char *fmt,
                va_list ap);
void error_copy(vifxml_error *dst, const vifxml_error *src);
VIFXML_COLD
void diag_emit(vifxml_diag_fn fn, void *ctx, vifxml_diag_level level,
               const char *file, unsigned long line, unsigned long col,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* --explain: a note naming the rule behind a rewrite; nothing when off. */
VIFXML_COLD
void explain_emit(bool on, vifxml_diag_fn fn, void *ctx, const char *file,
                  unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ## Rules (rules.c) */
/* vifxml_iface_finish, with a note per rewrite when explain is set. */
int rules_finish(vifxml_iface *iface, vifxml_error *err, vifxml_diag_fn diag,
                 void *diag_ctx, bool explain);

/* ## VIFs (vif.c) */
/* vifxml_vif_to_iface into an interface the caller holds. */
int vif_to_ir(const vifxml_vif *vif, const vifxml_vif_options *opt,
              vifxml_arena *arena, vifxml_iface *out, vifxml_error *err);

/* ## Writer (write.c) */
/* The writer's escape for c in an attribute value or text; NULL: none. */
const char *write_escape(char c, bool attr);
/* vifxml_write_iface straight into the caller's output buffer (the
 * stream's), which spares a copy: room(ctx, used, more, &next) takes the
 * used bytes written in the last room it gave (0: none yet, or the last
 * piece went through write) and, when more, gives the next room, or NULL
 * when it has none to give (the rest then goes through write, as
 * vifxml_write_iface's does); it returns -1 when the output failed. The
 * writer fills WRITE_ROOM bytes of a room at a time, and may write up to
 * WRITE_SLACK bytes past those (short pieces go as fixed-size blocks); a
 * piece longer than a room goes through write. */
enum { WRITE_ROOM = 4096, WRITE_SLACK = 64 };
typedef int (*write_room_fn)(void *ctx, size_t used, bool more, char **next);
int write_iface_in_place(const vifxml_iface *iface, const char *indent,
                         write_room_fn room, vifxml_write_fn write, void *ctx);

/* ## IR helpers (ir.c) */
int ir_add_extra(vifxml_iface *iface, const vifxml_extra *x);
int ir_new_item(vifxml_iface *iface, vifxml_elem e, int parent,
                unsigned long line, unsigned long col);

/* What the canonical form holds of an interface (the writer writes that,
 * the rules ask it). The element tree of an interface type: the children
 * of each element that apply to the type, in row order (libvirt's output
 * order); VIFXML_E_COUNT ends a list. */
typedef struct {
  short kid[VIFXML_E_COUNT]; /* first child */
  short sib[VIFXML_E_COUNT]; /* next sibling */
  /* The same children as sets of ranks (bit r: the element of rank r,
   * schema_elem_at_rank), which walk in row order the ones an interface
   * has; the list elements' set, and the ranks both ways (the index's
   * one copy of each, at hand with the tree). */
  uint64_t kidset[VIFXML_E_COUNT];
  uint64_t listset;
  const unsigned char *rank;    /* by element */
  const unsigned char *at_rank; /* by rank */
  /* The fields of each element that the canonical form may hold for the
   * type (neither dropped nor legacy; an address's of every variant), in
   * row order: fld[fld_at[e] .. fld_at[e + 1]). */
  short fld_at[VIFXML_E_COUNT + 1];
  unsigned char fld[VIFXML_F_COUNT];
} ir_tree;
/* The tree of a type, built once with the schema's index. */
const ir_tree *schema_tree(vifxml_type type);
/* The address type (vifxml_addr) that selects element e's fields; 0 for
 * any. Inline, as the next two: the writer asks them of every element. */
static inline int ir_variant(const vifxml_iface *iface, vifxml_elem e) {
  if (e == VIFXML_E_ADDRESS)
    return iface->f[VIFXML_F_ADDR_TYPE]
               ? schema_addr_lookup(iface->f[VIFXML_F_ADDR_TYPE]) : 0;
  if (e == VIFXML_E_SRC_ADDRESS)
    return iface->f[VIFXML_F_SRC_ADDR_TYPE]
               ? schema_addr_lookup(iface->f[VIFXML_F_SRC_ADDR_TYPE]) : 0;
  return 0;
}
/* The value of field f, one of its element's fields in the tree of the
 * interface's type (item: list item index, or -1), if the canonical form
 * holds it; variant is the element's (ir_variant). Inline: the writer asks
 * it of every field it writes. */
static inline const char *ir_value(const vifxml_iface *iface, vifxml_field f,
                                   int item, int variant) {
  const char *v =
      item >= 0 ? iface->items[item].v[schema_field_slot(f)] : iface->f[f];
  int fv = schema_fields[f].variant;
  return v && fv && fv != variant ? NULL : v;
}
/* Whether element e (item: list item index, or -1) is written, having
 * content. */
bool ir_has_content(const vifxml_iface *iface, vifxml_elem e, int item);
/* Whether singleton element e is written even with no content (the writer
 * finds content as it writes, and asks this only). */
static inline bool ir_kept_empty(const vifxml_iface *iface, vifxml_elem e) {
  /* On a network interface an empty <virtualport/> asks libvirt to
   * generate the port's ids: it has meaning. */
  return e == VIFXML_E_VIRTUALPORT && iface->type == VIFXML_TYPE_NETWORK;
}

#endif
