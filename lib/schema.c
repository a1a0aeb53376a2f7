/* Expands the X-macro tables of vifxml.h into the arrays the parser, writer
 * and mapper share. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>
#include <threads.h>

/* Column vocabulary of the tables. */
#define ANY 0xFFFFFFFFu
#define T(x) TYPE_BIT(VIFXML_TYPE_##x)
#define NOT(x) (~T(x))
#define ANYV 0
#define V(x) VIFXML_ADDR_##x
#define REQ FL_REQ
#define DROP FL_DROP
#define LEGACY FL_LEGACY
#define LIST FL_LIST
#define TEXT FL_TEXT
#define EMPTY FL_EMPTY

static const char *const en_mac_type[] = {"generated", "static", NULL};
static const char *const en_hostdev_driver[] = {"kvm", "vfio", "xen", NULL};
static const char *const en_direct_mode[] = {"vepa", "bridge", "private",
                                             "passthrough", NULL};
static const char *const en_vhu_mode[] = {"server", "client", NULL};
static const char *const en_startup_policy[] = {"mandatory", "requisite",
                                                "optional", NULL};
static const char *const en_guest_reset[] = {"off", "uninitialized", "on",
                                             NULL};
static const char *const en_hostdev_addr[] = {"pci", "usb", NULL};
static const char *const en_ip_family[] = {"ipv4", "ipv6", NULL};
static const char *const en_native_mode[] = {"tagged", "untagged", NULL};
static const char *const en_pf_proto[] = {"tcp", "udp", NULL};
static const char *const en_virtio_driver[] = {"qemu", "vhost", NULL};
static const char *const en_txmode[] = {"iothread", "timer", NULL};
/* Debian's libvirt 9.0.0 refuses every backend type: `default` (enum 0)
 * and `passt`, which it does not know (the parser keeps a user interface
 * with a passt backend verbatim). */
static const char *const en_backend_type[] = {NULL};
/* "": libvirt reads an empty type as none (no teaming), a spelling its
 * formatter never writes. */
static const char *const en_teaming_type[] = {"persistent", "transient", "",
                                              NULL};
#define ADDR_STR(id, val, s) s,
static const char *const en_addr_type[] = {VIFXML_ADDRS(ADDR_STR) NULL};
#undef ADDR_STR
#define ADDR_STR(id, val, s) [val] = s,
const char *const schema_addr_names[VIFXML_ADDR_COUNT] = {
    VIFXML_ADDRS(ADDR_STR)};
#undef ADDR_STR

/* VALUE column: a bare value type, or ENUM(list). */
#define VTX_ENUM(list) VT_ENUM, en_##list
#define VTX_(name) VT_##name, NULL
#define VTX_IFTYPE VTX_(IFTYPE)
#define VTX_YESNO VTX_(YESNO)
#define VTX_ONOFF VTX_(ONOFF)
#define VTX_STR VTX_(STR)
#define VTX_STRNE VTX_(STRNE)
#define VTX_UINT VTX_(UINT)
#define VTX_POSUINT VTX_(POSUINT)
#define VTX_UINT_B0 VTX_(UINT_B0)
#define VTX_HEX4_B0 VTX_(HEX4_B0)
#define VTX_PCI_DOMAIN VTX_(PCI_DOMAIN)
#define VTX_PCI_BUS VTX_(PCI_BUS)
#define VTX_PCI_SLOT VTX_(PCI_SLOT)
#define VTX_PCI_FUNCTION VTX_(PCI_FUNCTION)
#define VTX_IPADDR VTX_(IPADDR)
#define VTX_MAC VTX_(MAC)
#define VTX_UUID VTX_(UUID)
#define VTX_VHUTYPE VTX_(VHUTYPE)
#define VTX_TRUNK VTX_(TRUNK)
#define VTX_VLANID VTX_(VLANID)
#define VTX_VPTYPE VTX_(VPTYPE)
#define VTX_VP_U8 VTX_(VP_U8)
#define VTX_VP_U24 VTX_(VP_U24)
#define VTX_PROFILEID VTX_(PROFILEID)
#define VTX_BW VTX_(BW)
#define VTX_MODEL VTX_(MODEL)
#define VTX_SNDBUF VTX_(SNDBUF)
#define VTX_LINKSTATE VTX_(LINKSTATE)
#define VTX_MTU VTX_(MTU)
#define VTX_COALESCE VTX_(COALESCE)
#define VTX_LOADPARM VTX_(LOADPARM)
#define VTX_USBPORT VTX_(USBPORT)
#define VTX_HEX8_B16 VTX_(HEX8_B16)
#define VTX_HEX_B16 VTX_(HEX_B16)
#define VTX_CCW_CSSID VTX_(CCW_CSSID)
#define VTX_CCW_SSID VTX_(CCW_SSID)
#define VTX_CCW_DEVNO VTX_(CCW_DEVNO)
#define VTX_ZPCI_UID VTX_(ZPCI_UID)
#define VTX_ZPCI_FID VTX_(ZPCI_FID)
#define VTX_INT VTX_(INT)
#define VTX_LL_B0 VTX_(LL_B0)

/* The tables are indexed by the enumerators' fixed values; the row order
 * (libvirt's output order) is kept apart, in elem_rows and field_rows. */
#define NAME_STR(id, val, s) [val] = s,
const char *const schema_names[VIFXML_N_COUNT] = {VIFXML_NAMES(NAME_STR)};
#undef NAME_STR
#define NAME_LEN(id, val, s) [val] = sizeof s - 1,
const unsigned char schema_name_lens[VIFXML_N_COUNT] = {VIFXML_NAMES(NAME_LEN)};
#undef NAME_LEN

#define TYPE_STR(id, val, s, kind) [val] = s,
static const char *const type_names[VIFXML_TYPE_COUNT] = {VIFXML_TYPES(TYPE_STR)};
#undef TYPE_STR

#define TYPE_KIND(id, val, s, kind) [val] = VIFXML_KIND_##kind,
static const vifxml_kind type_kinds[VIFXML_TYPE_COUNT] = {VIFXML_TYPES(TYPE_KIND)};
#undef TYPE_KIND

#define VIFXML_E_ROOT VIFXML_E_COUNT /* the PARENT of <interface> */
#define ELEM_ROW(id, val, parent, name, types, flags)                          \
  [val] = {VIFXML_E_##parent, VIFXML_N_##name, (uint32_t)(types), (flags)},
const elem_def schema_elems[VIFXML_E_COUNT] = {VIFXML_ELEMENTS(ELEM_ROW)};
#undef ELEM_ROW

#define FIELD_ROW(id, val, elem, name, types, variant, value, flags)           \
  [val] = {VIFXML_E_##elem, VIFXML_N_##name, (uint32_t)(types), (variant),     \
           VTX_##value, (flags)},
const field_def schema_fields[VIFXML_F_COUNT] = {VIFXML_FIELDS(FIELD_ROW)};
#undef FIELD_ROW

#define ROW_ID(id, val, ...) val,
static const unsigned char elem_rows[] = {VIFXML_ELEMENTS(ROW_ID)};
static const unsigned char field_rows[] = {VIFXML_FIELDS(ROW_ID)};
#undef ROW_ID

/* Each value once and none missing: a repeated value is a duplicate case
 * label (a compile error), a value beyond COUNT overflows the designated
 * initializers above, and the row counts must then equal the COUNTs. */
_Static_assert(sizeof elem_rows == VIFXML_E_COUNT, "an element value unused");
_Static_assert(sizeof field_rows == VIFXML_F_COUNT, "a field value unused");
_Static_assert(VIFXML_F_COUNT < 256 && VIFXML_E_COUNT < 256,
               "row lists hold values in a byte");
#define CASE_ID(id, val, ...) case val:
static void __attribute__((unused)) values_unique(int v) {
  switch (v) { VIFXML_NAMES(CASE_ID) break; }
  switch (v) { VIFXML_TYPES(CASE_ID) break; }
  switch (v) { VIFXML_ELEMENTS(CASE_ID) break; }
  switch (v) { VIFXML_ADDRS(CASE_ID) break; }
  switch (v) { VIFXML_FIELDS(CASE_ID) break; }
  switch (v) { VIFXML_VIF_KEYS(CASE_ID) break; }
}
#undef CASE_ID
#define ROW_ONE(id, ...) +1
_Static_assert(0 VIFXML_NAMES(ROW_ONE) == VIFXML_N_COUNT - 1, "a name value unused");
_Static_assert(0 VIFXML_TYPES(ROW_ONE) == VIFXML_TYPE_COUNT, "a type value unused");
_Static_assert(0 VIFXML_ADDRS(ROW_ONE) == VIFXML_ADDR_COUNT - 1, "an address value unused");
_Static_assert(0 VIFXML_VIF_KEYS(ROW_ONE) == VIFXML_VK_COUNT, "a VIF key value unused");
_Static_assert(VIFXML_VK_COUNT <= VIFXML_VIF_KEY_ROOM, "vifxml_vif has no room");
_Static_assert(VIFXML_KIND_COUNT <= sizeof ((vifxml_stats *)0)->by_kind /
                                        sizeof ((vifxml_stats *)0)->by_kind[0],
               "vifxml_stats has no room");
#undef ROW_ONE

static const char *const kind_names[VIFXML_KIND_COUNT] = {
    "BRIDGE", "GENERIC", "VHOSTUSER", "PCI_ASSIGNED", "DIRECT", "NETWORK",
    "OPAQUE", "USER", "SERVER", "CLIENT", "MCAST", "UDP", "INTERNAL", "VDPA",
    "NULL", "VDS"};

#define NAME_SLOTS 1024 /* a power of two, over twice VIFXML_N_COUNT */
_Static_assert(NAME_SLOTS >= 2 * VIFXML_N_COUNT, "name hash too full");

/* Length and three bytes tell the names apart well enough for a table
 * this sparse, and cost far less than hashing every byte. */
static unsigned name_hash(const char *s) {
  size_t n = strlen(s);
  if (!n)
    return 0;
  const unsigned char *u = (const unsigned char *)s;
  return (unsigned)n * 97u + u[0] * 31u + u[n / 2] * 7u + u[n - 1];
}

/* Room for the name tables: at most 4 slots a name (name_tab_build), each
 * field and child once per type, each type name once, and the 2 slots all
 * empty tables share. */
#define NAME_ROOM                                                              \
  (4 * (VIFXML_TYPE_COUNT * (VIFXML_F_COUNT + VIFXML_E_COUNT) +               \
        VIFXML_TYPE_COUNT) + 2)
_Static_assert(VIFXML_N_COUNT <= 256 && VIFXML_TYPE_COUNT <= 256 &&
                   VIFXML_ADDR_COUNT <= 256,
               "name tables hold names, types and variants in a byte");

/* ## Indexes of the tables, built once: the parser and the writer ask for
 * an element's fields and children at every tag. */
static struct {
  short fld_at[VIFXML_E_COUNT + 1]; /* fields of e, in row order:
                                       flds[fld_at[e] .. fld_at[e + 1]) */
  unsigned char flds[VIFXML_F_COUNT];
  unsigned char slot[VIFXML_F_COUNT]; /* f's place among its element's */
  short kid_at[VIFXML_E_COUNT + 2]; /* children of p (p = COUNT: roots), in
                                       row order: kids[kid_at[p] ..
                                       kid_at[p + 1]) */
  unsigned char kids[VIFXML_E_COUNT];
  unsigned char rank[VIFXML_E_COUNT]; /* e's row: libvirt's output order */
  ir_tree trees[VIFXML_TYPE_COUNT];   /* the element tree of each type */
  schema_type_ix types[VIFXML_TYPE_COUNT]; /* the parser's look-ups */
  name_tab type_names; /* the interface types by name */
  name_slot names[NAME_ROOM]; /* the name tables' slots */
  int nnames;
  short by_hash[NAME_SLOTS]; /* name ids by hash, open addressing; 0: free */
} ix;
static once_flag ix_once = ONCE_FLAG_INIT;

/* Fields and children in row order (libvirt's output order), whatever
 * the values. */
static void index_rows(void) {
  int k = 0;
  for (int e = 0; e < VIFXML_E_COUNT; e++) {
    ix.fld_at[e] = (short)k;
    for (int r = 0; r < VIFXML_F_COUNT; r++) {
      int f = field_rows[r];
      if ((int)schema_fields[f].elem == e) {
        ix.slot[f] = (unsigned char)(k - ix.fld_at[e]);
        ix.flds[k++] = (unsigned char)f;
      }
    }
  }
  ix.fld_at[VIFXML_E_COUNT] = (short)k;
  for (int r = 0; r < VIFXML_E_COUNT; r++)
    ix.rank[elem_rows[r]] = (unsigned char)r;
  k = 0;
  for (int p = 0; p <= VIFXML_E_COUNT; p++) {
    ix.kid_at[p] = (short)k;
    for (int r = 0; r < VIFXML_E_COUNT; r++)
      if ((int)schema_elems[elem_rows[r]].parent == p)
        ix.kids[k++] = elem_rows[r];
  }
  ix.kid_at[VIFXML_E_COUNT + 1] = (short)k;
}

/* The multipliers to try (made odd), a fixed sequence: the index is the
 * same in every run. */
static uint32_t next_mul(uint32_t m) { return m * 2654435761u + 0x9E3779B9u; }

/* How many names of keys[0..n) sit away from where their key hashes with
 * multiplier mul in 2^bits slots (linear probing, in that order); stops
 * counting at enough. A slot is taken when used[] holds this try's stamp,
 * which spares clearing used at every try. */
static int displaced(const uint32_t *keys, int n, uint32_t mul, int bits,
                     int enough, unsigned short *used, unsigned short stamp) {
  unsigned mask = (1u << bits) - 1;
  int moved = 0;
  for (int i = 0; i < n && moved < enough; i++) {
    unsigned h = (keys[i] * mul) >> (32 - bits);
    moved += used[h] == stamp;
    while (used[h] == stamp)
      h = (h + 1) & mask;
    used[h] = stamp;
  }
  return moved;
}

int name_tab_build(name_tab *t, name_slot *room, const char *const *strs,
                   const unsigned char *str, const unsigned char *tag,
                   const unsigned char *val, const unsigned char *aux, int n) {
  uint32_t keys[256];
  int idx[256], m = 0;
  for (int i = 0; i < n; i++) {
    const char *s = strs[str[i]];
    size_t len = strlen(s);
    uint32_t key = NAME_KEY(len, (unsigned char)s[0],
                            (unsigned char)s[len - 1], tag ? tag[i] : 0);
    bool again = false;
    for (int j = 0; j < m && !again; j++)
      again = keys[j] == key && !strcmp(strs[str[idx[j]]], s);
    if (!again) {
      keys[m] = key;
      idx[m++] = i;
    }
  }
  /* The fewest slots past m, then twice that, until a multiplier puts
   * every name where its key hashes (names that share a key cannot: the
   * least displacement then). */
  int bits = 1;
  while ((1 << bits) <= m)
    bits++;
  uint32_t best = 1;
  int best_bits = bits, best_moved = m + 1;
  unsigned short used[1024], stamp = 0;
  memset(used, 0, sizeof *used << (bits + 1));
  for (int b = bits; b <= bits + 1 && best_moved; b++) {
    uint32_t mul = 2654435761u;
    for (int k = 0; k < (b == bits ? 4 : 64) && best_moved; k++) {
      int moved = displaced(keys, m, mul, b, best_moved, used, ++stamp);
      if (moved < best_moved) {
        best_moved = moved;
        best = mul;
        best_bits = b;
      }
      mul = next_mul(mul) | 1;
    }
  }
  t->slots = room;
  t->mul = best;
  t->shift = (unsigned char)(32 - best_bits);
  t->mask = (unsigned short)((1u << best_bits) - 1);
  memset(room, 0, sizeof *room << best_bits);
  for (int j = 0; j < m; j++) {
    unsigned h = (keys[j] * best) >> t->shift;
    while (room[h].key)
      h = (h + 1) & t->mask;
    int i = idx[j];
    room[h] = (name_slot){keys[j], str[i], val[i], aux ? aux[i] : 0};
  }
  return 1 << best_bits;
}

/* Adds a table of n names to the slots; tables with no name share the
 * first two (free) slots. */
static void index_names(name_tab *t, const char *const *strs,
                        const unsigned char *str, const unsigned char *tag,
                        const unsigned char *val, const unsigned char *aux,
                        int n) {
  if (!n) {
    *t = (name_tab){ix.names, 1, 31, 1};
    return;
  }
  ix.nnames += name_tab_build(t, &ix.names[ix.nnames], strs, str, tag, val,
                              aux, n);
}

/* Which of the rows in list[0..n) (elements or fields, by their types
 * column; n <= 64) apply to type t, a bit each. An element's children are
 * fewer than the elements; its fields, 64 at most, test_unit checks. */
_Static_assert(VIFXML_E_COUNT <= 64, "an element's children fit a 64-bit set");
static uint64_t rows_of(int t, const unsigned char *list, int n, bool fields) {
  uint64_t m = 0;
  for (int i = 0; i < n; i++) {
    uint32_t types = fields ? schema_fields[list[i]].types
                            : schema_elems[list[i]].types;
    m |= (uint64_t)!!(types & TYPE_BIT(t)) << i;
  }
  return m;
}

/* rows_of list for each type and element, while the index is built: a
 * type whose rows are an earlier type's shares its name table (most tables
 * are the same for every type). */
typedef uint64_t type_rows[VIFXML_TYPE_COUNT][VIFXML_E_COUNT];

/* An earlier type than t with the same rows for e; -1 for none. */
static int same_rows(type_rows rows, int t, int e) {
  for (int u = 0; u < t; u++)
    if (rows[u][e] == rows[t][e])
      return u;
  return -1;
}

/* Type t's element tree, and its children as the parser looks them up. */
static void index_tree(int t, type_rows rows) {
  ir_tree *tr = &ix.trees[t];
  tr->rank = ix.rank;
  tr->at_rank = elem_rows;
  tr->listset = 0;
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    if (schema_elems[e].flags & FL_LIST)
      tr->listset |= 1ull << ix.rank[e];
  for (int p = 0; p < VIFXML_E_COUNT; p++) {
    tr->kid[p] = VIFXML_E_COUNT;
    tr->kidset[p] = 0;
    for (int i = ix.kid_at[p + 1] - 1; i >= ix.kid_at[p]; i--) {
      int c = ix.kids[i];
      if (schema_elems[c].types & TYPE_BIT(t)) {
        tr->sib[c] = tr->kid[p];
        tr->kid[p] = (short)c;
        tr->kidset[p] |= 1ull << ix.rank[c];
      }
    }
  }
  for (int p = 0; p < VIFXML_E_COUNT; p++) {
    unsigned char str[VIFXML_E_COUNT], val[VIFXML_E_COUNT], aux[VIFXML_E_COUNT];
    int n = 0;
    rows[t][p] = rows_of(t, &ix.kids[ix.kid_at[p]],
                         ix.kid_at[p + 1] - ix.kid_at[p], false);
    int u = same_rows(rows, t, p);
    if (u >= 0) {
      ix.types[t].kids[p] = ix.types[u].kids[p];
      continue;
    }
    for (int c = tr->kid[p]; c < VIFXML_E_COUNT; c = tr->sib[c], n++) {
      str[n] = (unsigned char)schema_elems[c].name;
      val[n] = (unsigned char)c;
      aux[n] = ix.rank[c];
    }
    index_names(&ix.types[t].kids[p], schema_names, str, NULL, val, aux, n);
  }
}

/* Type t's fields of each element: all of them for the parser (the text
 * field apart), and from those the required ones and the ones the
 * canonical form holds (the writer's). */
static void index_type_fields(int t, type_rows rows) {
  ir_tree *tr = &ix.trees[t];
  schema_type_ix *tx = &ix.types[t];
  int kw = 0;
  for (int e = 0; e < VIFXML_E_COUNT; e++) {
    unsigned char str[VIFXML_F_COUNT], tag[VIFXML_F_COUNT], val[VIFXML_F_COUNT],
        aux[VIFXML_F_COUNT];
    int n = 0;
    tr->fld_at[e] = (short)kw;
    tx->text[e] = VIFXML_F_COUNT;
    tx->req[e] = 0;
    for (int i = ix.fld_at[e]; i < ix.fld_at[e + 1]; i++) {
      int f = ix.flds[i];
      const field_def *d = &schema_fields[f];
      if (!(d->types & TYPE_BIT(t)))
        continue;
      if (d->name == VIFXML_N_NONE && !d->variant &&
          tx->text[e] == VIFXML_F_COUNT)
        tx->text[e] = (unsigned char)f;
      if (d->flags & FL_REQ)
        tx->req[e] |= 1ull << ix.slot[f];
      if (!(d->flags & (FL_DROP | FL_LEGACY)))
        tr->fld[kw++] = (unsigned char)f;
      if (d->name == VIFXML_N_NONE)
        continue;
      str[n] = (unsigned char)d->name;
      tag[n] = (unsigned char)d->variant;
      val[n] = (unsigned char)f;
      aux[n++] = ix.slot[f];
    }
    rows[t][e] = rows_of(t, &ix.flds[ix.fld_at[e]],
                         ix.fld_at[e + 1] - ix.fld_at[e], true);
    int u = same_rows(rows, t, e);
    if (u >= 0)
      tx->attrs[e] = ix.types[u].attrs[e];
    else
      index_names(&tx->attrs[e], schema_names, str, tag, val, aux, n);
  }
  tr->fld_at[VIFXML_E_COUNT] = (short)kw;
}

static void ix_build(void) {
  index_rows();
  ix.nnames = 2;
  static type_rows kid_rows, fld_rows;
  for (int t = 0; t < VIFXML_TYPE_COUNT; t++) {
    index_tree(t, kid_rows);
    index_type_fields(t, fld_rows);
  }
  unsigned char tn[VIFXML_TYPE_COUNT];
  for (int t = 0; t < VIFXML_TYPE_COUNT; t++)
    tn[t] = (unsigned char)t;
  index_names(&ix.type_names, type_names, tn, NULL, tn, NULL,
              VIFXML_TYPE_COUNT);
  for (int n = 1; n < VIFXML_N_COUNT; n++) {
    unsigned h = name_hash(schema_names[n]) & (NAME_SLOTS - 1);
    while (ix.by_hash[h])
      h = (h + 1) & (NAME_SLOTS - 1);
    ix.by_hash[h] = (short)n;
  }
}

static atomic_bool ix_done;

static void ix_build_once(void) {
  ix_build();
  atomic_store_explicit(&ix_done, true, memory_order_release);
}

/* call_once costs a library call at every tag; the flag is a plain load. */
static inline void ix_ready(void) {
  if (!atomic_load_explicit(&ix_done, memory_order_acquire))
    call_once(&ix_once, ix_build_once);
}

vifxml_name schema_name_lookup(const char *s) {
  ix_ready();
  unsigned h = name_hash(s) & (NAME_SLOTS - 1);
  for (int n; (n = ix.by_hash[h]); h = (h + 1) & (NAME_SLOTS - 1))
    if (!strcmp(schema_names[n], s))
      return (vifxml_name)n;
  return VIFXML_N_NONE;
}

vifxml_elem schema_child(vifxml_elem parent, vifxml_name name, vifxml_type t) {
  ix_ready();
  int p = parent < VIFXML_E_COUNT ? (int)parent : VIFXML_E_COUNT;
  for (int i = ix.kid_at[p]; i < ix.kid_at[p + 1]; i++) {
    const elem_def *d = &schema_elems[ix.kids[i]];
    if (d->name == name && (d->types & TYPE_BIT(t)))
      return (vifxml_elem)ix.kids[i];
  }
  return VIFXML_E_COUNT;
}

/* An element's fields, in row order: the count, and the list. */
static int elem_fields(vifxml_elem e, const unsigned char **list) {
  ix_ready();
  if ((unsigned)e >= VIFXML_E_COUNT) {
    *list = NULL;
    return 0;
  }
  *list = &ix.flds[ix.fld_at[e]];
  return ix.fld_at[e + 1] - ix.fld_at[e];
}

vifxml_field schema_field(vifxml_elem e, vifxml_name name, vifxml_type t,
                          int variant) {
  const unsigned char *fl;
  int n = elem_fields(e, &fl);
  for (int i = 0; i < n; i++) {
    const field_def *d = &schema_fields[fl[i]];
    if (d->name == name && (d->types & TYPE_BIT(t)) &&
        (d->variant == 0 || d->variant == variant))
      return (vifxml_field)fl[i];
  }
  return VIFXML_F_COUNT;
}

const schema_type_ix *schema_type_index(vifxml_type t) {
  ix_ready();
  return &ix.types[t];
}

int schema_field_count(vifxml_elem e) {
  const unsigned char *fl;
  return elem_fields(e, &fl);
}

const ir_tree *schema_tree(vifxml_type type) {
  ix_ready();
  return &ix.trees[(unsigned)type < VIFXML_TYPE_COUNT ? type : 0];
}

vifxml_elem schema_elem_at_rank(int r) {
  return r >= 0 && r < VIFXML_E_COUNT ? (vifxml_elem)elem_rows[r]
                                      : VIFXML_E_COUNT;
}

int schema_elem_rank(vifxml_elem e) {
  ix_ready();
  return (unsigned)e < VIFXML_E_COUNT ? ix.rank[e] : VIFXML_E_COUNT;
}

const unsigned char *schema_elem_fields(vifxml_elem e, int *n) {
  const unsigned char *fl;
  *n = elem_fields(e, &fl);
  return fl;
}

vifxml_field schema_elem_field(vifxml_elem e, int i) {
  const unsigned char *fl;
  int n = elem_fields(e, &fl);
  return i >= 0 && i < n ? (vifxml_field)fl[i] : VIFXML_F_COUNT;
}

int schema_field_slot(vifxml_field f) {
  ix_ready();
  return ix.slot[f];
}

static unsigned char fold(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* strcasecmp as the C locale has it (vifxml never calls setlocale): ASCII
 * letters only, without the library call. */
bool schema_same_nocase(const char *a, const char *b) {
  for (;; a++, b++) {
    unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
    if (x != y && fold(x) != fold(y))
      return false;
    if (!x)
      return true;
  }
}

int schema_enum_index(const char *const *list, const char *s, bool nocase) {
  /* The first byte tells most spellings apart without a call. */
  unsigned char c = nocase ? fold((unsigned char)s[0]) : (unsigned char)s[0];
  for (int i = 0; list[i]; i++) {
    unsigned char l = (unsigned char)list[i][0];
    if (nocase ? fold(l) == c && schema_same_nocase(list[i], s)
               : l == c && !strcmp(list[i], s))
      return i;
  }
  return -1;
}

vifxml_type schema_type_lookup(const char *s) {
  ix_ready();
  const name_slot *n = name_find(&ix.type_names, type_names, s, 0);
  return n ? (vifxml_type)n->val : VIFXML_TYPE_COUNT;
}

int schema_addr_lookup(const char *s) {
  for (int a = 1; a < VIFXML_ADDR_COUNT; a++)
    if (!strcmp(schema_addr_names[a], s))
      return a;
  return 0;
}

const char *vifxml_name_str(vifxml_name n) {
  return n > 0 && (unsigned)n < VIFXML_N_COUNT ? schema_names[n] : NULL;
}
const char *vifxml_type_str(vifxml_type t) {
  return (unsigned)t < VIFXML_TYPE_COUNT ? type_names[t] : NULL;
}
vifxml_kind vifxml_type_kind(vifxml_type t) {
  return (unsigned)t < VIFXML_TYPE_COUNT ? type_kinds[t] : VIFXML_KIND_OPAQUE;
}
const char *vifxml_kind_str(vifxml_kind k) {
  return (unsigned)k < VIFXML_KIND_COUNT ? kind_names[k] : NULL;
}
const char *vifxml_elem_name(vifxml_elem e) {
  return (unsigned)e < VIFXML_E_COUNT ? schema_names[schema_elems[e].name]
                                      : NULL;
}
const char *vifxml_field_name(vifxml_field f) {
  if ((unsigned)f >= VIFXML_F_COUNT)
    return NULL;
  return schema_fields[f].name ? schema_names[schema_fields[f].name] : "";
}
vifxml_elem vifxml_field_elem(vifxml_field f) {
  return (unsigned)f < VIFXML_F_COUNT ? schema_fields[f].elem : VIFXML_E_NONE;
}
int vifxml_elem_field_count(vifxml_elem e) { return schema_field_count(e); }
vifxml_field vifxml_elem_field(vifxml_elem e, int i) {
  vifxml_field f = schema_elem_field(e, i);
  return f < VIFXML_F_COUNT ? f : VIFXML_F_NONE;
}
int vifxml_elem_is_list(vifxml_elem e) {
  return e < VIFXML_E_COUNT && (schema_elems[e].flags & FL_LIST);
}

/* ## Virtualport types and parameters */

#define VPT_NAME(bit, name) name,
const char *const vport_type_names[] = {VIFXML_VPORT_TYPES(VPT_NAME) NULL};
#define VPT_PARAM(f, uses, req) {VIFXML_F_##f, uses, req},
const vport_param vport_params[] = {VIFXML_VPORT_PARAMS(VPT_PARAM)};
const size_t vport_nparams = sizeof vport_params / sizeof vport_params[0];

unsigned vport_type_bit(const char *type) {
#define VPT_BIT(bit, name)                                                     \
  if (type && !strcmp(type, name))                                             \
    return bit;
  VIFXML_VPORT_TYPES(VPT_BIT)
  return 0;
}

unsigned vport_param_uses(vifxml_field f) {
  for (size_t i = 0; i < vport_nparams; i++)
    if (vport_params[i].f == f)
      return vport_params[i].uses;
  return 0;
}
