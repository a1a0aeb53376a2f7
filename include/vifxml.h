/* vifxml: libvirt guest <interface> XML <-> canonical IR <-> normalized XML.
 *
 * ## Conventions
 * - Functions that can fail return 0 on success and -1 on failure (NULL
 *   for those that return a pointer); the failure is described by a
 *   vifxml_error (a code, file, line, column, message).
 * - An interface (vifxml_iface) is opaque and lives in an arena, with its
 *   strings: NUL-terminated UTF-8, NULL meaning "absent". It never outlives
 *   the arena it was parsed, made or copied into.
 * - Handles (stream, arena) are opaque, reentrant and hold no global state.
 *   Every allocation goes through the allocator given at creation (or
 *   malloc/realloc/free when NULL is given).
 * - Enumerators have fixed values that only grow; a value at or above the
 *   COUNT a client was compiled with is one it does not know. "None" is
 *   VIFXML_E_NONE or VIFXML_F_NONE (-1), never a COUNT.
 * - Option structs a client fills are zero-initialized ({0}); each ends in
 *   reserved room that later versions' options take, so that their size
 *   does not change. Result structs a client allocates have such room
 *   too; those the library hands out by pointer may grow.
 *
 * ## The schema (vifxml_schema.h, included below)
 * X-macro tables declare every XML name (vifxml_name), interface type
 * (vifxml_type), element (vifxml_elem), address type (vifxml_addr) and
 * field (vifxml_field: an attribute, or an element's text) once, and the
 * enums are generated from them: VIFXML_F_MAC_ADDRESS is <mac address=>,
 * VIFXML_E_SOURCE is <source>, VIFXML_TYPE_BRIDGE is type='bridge'. The
 * parser, the writer, the VIF mapper and the linter all expand the same
 * tables; a client uses the enums with the IR functions below and the
 * look-ups ("## Schema look-ups") for their names.
 */
#ifndef VIFXML_H
#define VIFXML_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VIFXML_VERSION_MAJOR 1
#define VIFXML_VERSION_MINOR 0
#define VIFXML_VERSION_PATCH 0
#define VIFXML_VERSION_STRING "1.0.0"
#define VIFXML_VERSION_HEX                                                    \
  ((VIFXML_VERSION_MAJOR << 16) | (VIFXML_VERSION_MINOR << 8) |              \
   VIFXML_VERSION_PATCH)

#if defined(VIFXML_BUILDING) && defined(__GNUC__)
#define VIFXML_API __attribute__((visibility("default")))
#else
#define VIFXML_API
#endif

#include "vifxml_schema.h"


/* ## Allocation */
typedef struct vifxml_allocator {
  void *(*malloc)(size_t size, void *ctx);
  void *(*realloc)(void *ptr, size_t size, void *ctx);
  void (*free)(void *ptr, void *ctx);
  void *ctx;
} vifxml_allocator;

typedef struct vifxml_arena vifxml_arena;

/* Creates an arena; NULL allocator means the C library's. NULL on failure. */
VIFXML_API vifxml_arena *vifxml_arena_new(const vifxml_allocator *alloc);
/* Frees everything allocated from the arena; keeps its first block. */
VIFXML_API void vifxml_arena_reset(vifxml_arena *arena);
VIFXML_API void vifxml_arena_free(vifxml_arena *arena);

/* ## Errors
 * Every function that takes a vifxml_error *err accepts NULL there: it then
 * fails the same way (-1) without describing the failure. */

/* What kind of failure: a program decides on code, a person reads message.
 * Values are fixed; new codes are appended. */
typedef enum vifxml_error_code {
  VIFXML_ERR_NONE = 0,
  VIFXML_ERR_SYNTAX = 1,      /* not well-formed XML, or not JSON */
  VIFXML_ERR_ENCODING = 2,    /* bytes that are not the declared encoding */
  VIFXML_ERR_LIMIT = 3,       /* a limit of "## Limits" was reached */
  VIFXML_ERR_INVALID = 4,     /* a value or structure libvirt refuses */
  VIFXML_ERR_MISSING = 5,     /* a required element or attribute is absent */
  VIFXML_ERR_DUPLICATE = 6,   /* given twice where once is allowed */
  VIFXML_ERR_UNSUPPORTED = 7, /* valid, but not supported: a combination
                                 libvirt refuses as unsupported, or input
                                 outside what vifxml handles (no interface,
                                 a host interface, a DOCTYPE, a VIF type or
                                 migration with no mapping) */
  VIFXML_ERR_NOT_FOUND = 8,   /* a reference that names nothing: a network,
                                 portgroup, host device or profile */
  VIFXML_ERR_IO = 9,          /* reading or writing a file or the output */
  VIFXML_ERR_USAGE = 10,      /* a bad argument to a function or command */
  VIFXML_ERR_NOMEM = 11       /* an allocation failed */
} vifxml_error_code;

typedef struct vifxml_error {
  vifxml_error_code code;
  char file[256];       /* as given by the caller ("<stdin>" for stdin) */
  unsigned long line;   /* 1-based; 0 when the error has no location */
  unsigned long column; /* 1-based */
  char message[512];    /* libvirt's wording where libvirt has one */
} vifxml_error;

/* The code's name: "syntax", "limit", "invalid", ... */
VIFXML_API const char *vifxml_error_code_str(vifxml_error_code code);

typedef enum { VIFXML_DIAG_WARNING, VIFXML_DIAG_NOTE } vifxml_diag_level;

/* A warning or note: what was kept verbatim, passed through or dropped. */
typedef void (*vifxml_diag_fn)(void *ctx, vifxml_diag_level level,
                               const vifxml_error *where);

/* ## The IR: one interface
 * An opaque value that lives in an arena: made by the parser, by
 * vifxml_iface_new or vifxml_iface_copy, and freed with its arena. Its
 * singleton elements hold fields (one per attribute or text, vifxml_field);
 * its list elements (<ip>, <route>, <tag>, filter <parameter>,
 * <portForward>, <range>) are items, numbered 0..count-1, each with its
 * own fields and, for <tag> in <vlan> or <range> in <portForward>, the item
 * it sits in. The parser numbers them in libvirt's order: by element in
 * output order, in document order within one (filter parameters sorted by
 * name, as libvirt sorts them); items added later come last. What the parser could not read as
 * fields (unknown attributes and elements, comments) is kept as extras.
 * Every value is canonical text (NULL: absent) in the interface's arena. */
typedef struct vifxml_iface vifxml_iface;

/* An empty interface of the given type in arena (only <interface type=>
 * is set); NULL on failure (a type out of range, no memory). */
VIFXML_API vifxml_iface *vifxml_iface_new(vifxml_arena *arena,
                                          vifxml_type type,
                                          vifxml_error *err);
/* A deep copy in arena that shares nothing with src. NULL on failure. */
VIFXML_API vifxml_iface *vifxml_iface_copy(const vifxml_iface *src,
                                           vifxml_arena *arena,
                                           vifxml_error *err);

VIFXML_API vifxml_type vifxml_iface_type(const vifxml_iface *iface);
/* The kind: the type's (vifxml_type_kind), or VIFXML_KIND_OPAQUE for an
 * interface kept verbatim. */
VIFXML_API vifxml_kind vifxml_iface_kind(const vifxml_iface *iface);
/* Where its start tag was (line, column 1-based); 0, 0 when built. */
VIFXML_API void vifxml_iface_position(const vifxml_iface *iface,
                                      unsigned long *line,
                                      unsigned long *column);
/* Legacy spellings the parser rewrote (a count, 0 for a modern one). */
VIFXML_API unsigned vifxml_iface_legacy(const vifxml_iface *iface);
/* OPAQUE interfaces: the bytes kept verbatim, and their length; NULL for
 * the others. */
VIFXML_API const char *vifxml_iface_raw(const vifxml_iface *iface,
                                        size_t *len);
VIFXML_API vifxml_arena *vifxml_iface_arena(const vifxml_iface *iface);

/* ### Singleton elements and their fields */
/* A field's canonical value; NULL when absent, or when f belongs to a list
 * element (use vifxml_iface_item_get). */
VIFXML_API const char *vifxml_iface_get(const vifxml_iface *iface,
                                        vifxml_field f);
/* Sets a singleton field from text, with the same syntax checks and
 * canonical spelling as the XML parser; marks its element present. A NULL
 * value clears the field (the element stays present). Refuses a field of a
 * list element and <interface type=> (a type is chosen at
 * vifxml_iface_new). A field that the interface's type does not have is
 * kept and not written; vifxml_iface_finish applies libvirt's rules. */
VIFXML_API int vifxml_iface_set(vifxml_iface *iface, vifxml_field f,
                                const char *value, vifxml_error *err);
/* Whether singleton element e was given (an empty <model/> counts); for a
 * list element, whether it has an item. */
VIFXML_API int vifxml_iface_has(const vifxml_iface *iface, vifxml_elem e);
/* Where element e (a singleton) starts; -1 (and 0, 0) when not given or
 * built. */
VIFXML_API int vifxml_iface_elem_position(const vifxml_iface *iface,
                                          vifxml_elem e, unsigned long *line,
                                          unsigned long *column);

/* ### List elements (items) */
/* Number of items of every list element together. */
VIFXML_API size_t vifxml_iface_nitems(const vifxml_iface *iface);
/* Number of items of list element e. */
VIFXML_API size_t vifxml_iface_count(const vifxml_iface *iface,
                                     vifxml_elem e);
/* The index of the nth (0-based) item of list element e; -1 when none. */
VIFXML_API int vifxml_iface_find(const vifxml_iface *iface, vifxml_elem e,
                                 size_t nth);
/* Item i's element; VIFXML_E_NONE when i is out of range. */
VIFXML_API vifxml_elem vifxml_iface_item_elem(const vifxml_iface *iface,
                                              size_t i);
/* The item item i sits in, or -1 (its parent is not a list element, or i
 * is out of range). */
VIFXML_API int vifxml_iface_item_parent(const vifxml_iface *iface, size_t i);
VIFXML_API void vifxml_iface_item_position(const vifxml_iface *iface,
                                           size_t i, unsigned long *line,
                                           unsigned long *column);
/* A field of item i (NULL: absent, or f not a field of its element). */
VIFXML_API const char *vifxml_iface_item_get(const vifxml_iface *iface,
                                             size_t i, vifxml_field f);
/* Sets a field of item i, with vifxml_iface_set's checks; NULL clears it. */
VIFXML_API int vifxml_iface_item_set(vifxml_iface *iface, size_t i,
                                     vifxml_field f, const char *value,
                                     vifxml_error *err);
/* Appends an item of list element elem and sets its fields from a list of
 * (field, value) pairs ended by a negative field (VIFXML_F_NONE); a NULL
 * value leaves its field absent. parent is the item it sits in (a <range>
 * in a <portForward>), -1 for the others. Returns the item's index, or -1
 * with nothing changed (a field of another element or of a later version
 * is a usage error). */
VIFXML_API int vifxml_iface_add_item(vifxml_iface *iface, vifxml_elem elem,
                                     int parent, vifxml_error *err, ...);
/* Removes item i, the items inside it and the extras attached to them;
 * later items move down (indexes and parents are renumbered). Its parent
 * stays: removing the last <tag> leaves a <vlan> that vifxml_iface_finish
 * refuses, as libvirt does. */
VIFXML_API int vifxml_iface_remove_item(vifxml_iface *iface, size_t i,
                                        vifxml_error *err);

/* ### Extras: what the parser kept verbatim */
typedef enum {
  VIFXML_EXTRA_ATTR = 0,    /* unknown attribute of (elem, item) */
  VIFXML_EXTRA_ELEMENT = 1, /* unknown child of (elem, item): raw bytes */
  VIFXML_EXTRA_COMMENT = 2  /* comment before element (elem, item), or at the
                               end of (elem, item) when at_end is set */
} vifxml_extra_kind;

typedef struct vifxml_extra_info {
  vifxml_extra_kind kind;
  vifxml_elem elem;
  int item;         /* item index when elem is a list element, else -1 */
  int at_end;       /* a comment after the last child of elem */
  int before;       /* a comment placed before a kept unknown element: that
                       extra's index (elem and item are where it sits);
                       else -1 */
  const char *name; /* attribute name; NULL for the others */
  const char *text; /* attribute value, raw element bytes, comment text */
  void *reserved[4]; /* room for details to come */
} vifxml_extra_info;

VIFXML_API size_t vifxml_iface_nextras(const vifxml_iface *iface);
/* Describes extra i in *out; -1 when i is out of range. */
VIFXML_API int vifxml_iface_extra(const vifxml_iface *iface, size_t i,
                                  vifxml_extra_info *out);

/* ### Typed conveniences */
/* The MAC address as six bytes; -1 when there is none. */
VIFXML_API int vifxml_iface_mac(const vifxml_iface *iface,
                                unsigned char mac[6]);
/* What the interface attaches to, by type: the bridge (bridge), the host
 * device (direct, vdpa), the network (network), the socket path
 * (vhostuser), the internal network's name; NULL for the others. */
VIFXML_API const char *vifxml_iface_source(const vifxml_iface *iface);
/* The VLAN tags in document order: stores up to max of them in tags and
 * returns how many there are. */
VIFXML_API size_t vifxml_iface_vlan_tags(const vifxml_iface *iface,
                                         unsigned *tags, size_t max);

/* ## Schema look-ups */
VIFXML_API const char *vifxml_name_str(vifxml_name n);
VIFXML_API const char *vifxml_type_str(vifxml_type t);
VIFXML_API vifxml_kind vifxml_type_kind(vifxml_type t);
VIFXML_API const char *vifxml_kind_str(vifxml_kind k);
/* Names and spellings; NULL for a value out of range. */
VIFXML_API const char *vifxml_elem_name(vifxml_elem e);
/* A field's attribute name; "" for an element's text (<vlan>5</vlan>,
 * <sndbuf>), NULL for a value out of range. */
VIFXML_API const char *vifxml_field_name(vifxml_field f);
/* The element a field belongs to; VIFXML_E_NONE for f out of range. */
VIFXML_API vifxml_elem vifxml_field_elem(vifxml_field f);
/* An element's fields in libvirt's attribute order: the count, and the
 * ith (0-based; VIFXML_F_NONE past the end); their values need not be
 * contiguous. */
VIFXML_API int vifxml_elem_field_count(vifxml_elem e);
VIFXML_API vifxml_field vifxml_elem_field(vifxml_elem e, int i);
VIFXML_API int vifxml_elem_is_list(vifxml_elem e);

/* ## Checking, comparing, round trip */

/* Applies libvirt's checks and normalizations (defaults, drops, legacy
 * rewrites); the parser calls it at each </interface>. */
VIFXML_API int vifxml_iface_finish(vifxml_iface *iface, vifxml_error *err,
                                   vifxml_diag_fn diag, void *diag_ctx);
/* 0 when equal; else the first field or element that differs is described
 * in why (may be NULL). */
VIFXML_API int vifxml_iface_compare(const vifxml_iface *a,
                                    const vifxml_iface *b, char *why,
                                    size_t whylen);
/* The round trip `vifxml roundtrip` checks: the canonical form parses
 * back (as a guest's, inside <devices>) to an IR equal to iface, and
 * writing that gives the same bytes (normalizing is a fixed point). 0 when
 * it holds; -1 with what broke in why (may be NULL). */
VIFXML_API int vifxml_iface_roundtrip(const vifxml_iface *iface, char *why,
                                      size_t whylen);

/* ## Writing */
typedef int (*vifxml_write_fn)(void *ctx, const char *buf, size_t len);

/* Writes the canonical form. The first line is not indented (the caller
 * already wrote what precedes the start tag); later lines start with
 * indent. OPAQUE interfaces are written verbatim. */
VIFXML_API int vifxml_write_iface(const vifxml_iface *iface,
                                  const char *indent, vifxml_write_fn write,
                                  void *ctx);

/* ## Streaming: documents in, the same documents with normalized
 * interfaces out. */
typedef struct vifxml_stream vifxml_stream;

/* Called for each interface instead of writing it; it may write through
 * vifxml_stream_emit. Return -1 and fill err to fail the document. */
typedef int (*vifxml_iface_fn)(void *ctx, vifxml_stream *s,
                               vifxml_iface *iface, const char *indent,
                               vifxml_error *err);

typedef struct vifxml_stream_options {
  const char *filename;        /* for messages; NULL: "<stdin>" */
  vifxml_write_fn write;       /* output; NULL discards */
  void *write_ctx;
  vifxml_iface_fn on_iface;    /* NULL: write the canonical form */
  void *iface_ctx;
  vifxml_diag_fn on_diag;      /* NULL: ignore warnings and notes */
  void *diag_ctx;
  const vifxml_allocator *alloc;
  size_t hold;                 /* output held back before the first write,
                                  so that a bad input yields none; at least
                                  VIFXML_LIMIT_HOLD */
  int explain;                 /* a note (to on_diag) naming the rule of
                                  each rewrite: "MAC lower-cased", "legacy
                                  <portprofile> renamed to <virtualport>" */
  void *reserved[8]; /* zero: room for options to come */
} vifxml_stream_options;

VIFXML_API vifxml_stream *vifxml_stream_new(const vifxml_stream_options *opt);
/* Starts a new input (resets position, error and output). */
VIFXML_API void vifxml_stream_restart(vifxml_stream *s, const char *filename);
VIFXML_API int vifxml_stream_feed(vifxml_stream *s, const char *buf,
                                  size_t len);
/* Ends the input: checks it is complete and writes what is held. */
VIFXML_API int vifxml_stream_finish(vifxml_stream *s);
VIFXML_API const vifxml_error *vifxml_stream_error(const vifxml_stream *s);
/* Writes bytes to the output from inside an on_iface callback. */
VIFXML_API int vifxml_stream_emit(vifxml_stream *s, const char *buf,
                                  size_t len);
/* Writes an interface's canonical form from inside an on_iface callback,
 * where the stream would have written it: indented as the interface it
 * replaces, with the input's line ends (CRLF when the input's first line
 * ends so). */
VIFXML_API int vifxml_stream_write_iface(vifxml_stream *s,
                                         const vifxml_iface *iface);
/* Reports a warning or note from inside an on_iface callback (stream is the
 * vifxml_stream; a vifxml_diag_fn). Like the stream's own, it is held until
 * the unit has parsed and dropped if the unit fails; an empty file name
 * becomes the input's. */
VIFXML_API void vifxml_stream_diag(void *stream, vifxml_diag_level level,
                                   const vifxml_error *d);
/* Inside an on_iface callback: the text of the <name> child of the
 * <domain> that holds the interface (the first such child); NULL outside a
 * domain, or when the domain's <name> comes after the interface. Valid
 * until the callback returns. */
VIFXML_API const char *vifxml_stream_domain(const vifxml_stream *s);
/* Counters for the input so far. */
typedef struct vifxml_stats {
  unsigned long units, domains, interfaces;
  unsigned long by_kind[32]; /* by vifxml_kind; room for kinds to come */
  unsigned long legacy; /* legacy spellings rewritten */
  unsigned long long bytes;
} vifxml_stats; /* the stream's: it may grow */
VIFXML_API const vifxml_stats *vifxml_stream_stats(const vifxml_stream *s);
VIFXML_API void vifxml_stream_free(vifxml_stream *s);

/* Parses one buffer holding one interface (or a document with interfaces)
 * and copies the first interface into arena. As in the stream, a lone
 * <interface> with a name attribute or <start>, <protocol>, <bond> or
 * <bridge> children is a host interface definition, not a guest's (an
 * error here): to read a guest interface with such unknown children, put
 * it in <devices>. */
VIFXML_API int vifxml_parse_one(const char *buf, size_t len,
                                const char *filename, vifxml_arena *arena,
                                vifxml_iface **out, vifxml_error *err);

/* ## Nova VIFs: Nova VIF type <-> IR, both directions (lib/vif_*.c,
 * lib/vif_json.c; docs/vif.md)
 * A VIF is one element of an instance's network_info, as Neutron and Nova
 * build it. One table of VIF types drives both directions and the list of
 * candidate types. The profile names the Nova whose XML is meant: today's
 * (`current`) or Liberty's (2015, `liberty`). */
typedef enum {
  VIFXML_PROFILE_CURRENT,
  VIFXML_PROFILE_LIBERTY,
  VIFXML_PROFILE_COUNT
} vifxml_profile;

/* Every VIF key vifxml reads or writes: X(ID, PATH, JSON). PATH is the
 * key's place in Nova's VIF dict, '.' separating nested objects. Two
 * objects are vifxml's own: `frontend` holds what Nova takes from the image,
 * the flavor and nova.conf rather than from the VIF (the model, the virtio
 * driver settings, the flavor's quota:vif_* extra specs under their own
 * names), and `host` holds the compute host's facts that the XML shows (a
 * VF's network device, a vDPA device path). JSON: STR a string, BOOL true or
 * false, UINT a non-negative integer or a string of digits, VLAN a string or
 * an integer (Nova tells "0" from 0). Any key may be null. */
#define VIFXML_VIF_KEYS(X)                                                     \
  X(ID, 0, "id", STR)                                                          \
  X(ADDRESS, 1, "address", STR)                                                \
  X(TYPE, 2, "type", STR)                                                      \
  X(VNIC_TYPE, 3, "vnic_type", STR)                                            \
  X(DEVNAME, 4, "devname", STR)                                                \
  X(OVS_INTERFACEID, 5, "ovs_interfaceid", STR)                                \
  X(DELEGATE_CREATE, 6, "delegate_create", BOOL)                               \
  X(PORT_FILTER, 7, "details.port_filter", BOOL)                               \
  X(OVS_HYBRID_PLUG, 8, "details.ovs_hybrid_plug", BOOL)                       \
  X(OVS_CREATE_TAP, 9, "details.ovs_create_tap", BOOL)                         \
  X(VHOSTUSER_SOCKET, 10, "details.vhostuser_socket", STR)                     \
  X(VHOSTUSER_MODE, 11, "details.vhostuser_mode", STR)                         \
  X(VHOSTUSER_OVS_PLUG, 12, "details.vhostuser_ovs_plug", BOOL)                \
  X(VHOSTUSER_FP_PLUG, 13, "details.vhostuser_fp_plug", BOOL)                  \
  X(PROFILEID, 14, "details.profileid", STR)                                   \
  X(VLAN, 15, "details.vlan", VLAN)                                            \
  X(MACVTAP_SOURCE, 16, "details.macvtap_source", STR)                         \
  X(MACVTAP_MODE, 17, "details.macvtap_mode", STR)                             \
  X(PHYSICAL_INTERFACE, 18, "details.physical_interface", STR)                 \
  X(PCI_SLOT, 19, "profile.pci_slot", STR)                                     \
  X(NET_BRIDGE, 20, "network.bridge", STR)                                     \
  X(NET_INTERFACE, 21, "network.meta.interface", STR)                          \
  X(NET_MTU, 22, "network.meta.mtu", UINT)                                     \
  X(QBG_MANAGERID, 23, "qbg_params.managerid", UINT)                           \
  X(QBG_TYPEID, 24, "qbg_params.typeid", UINT)                                 \
  X(QBG_TYPEIDVERSION, 25, "qbg_params.typeidversion", UINT)                   \
  X(QBG_INSTANCEID, 26, "qbg_params.instanceid", STR)                          \
  X(MODEL, 27, "frontend.model", STR)                                          \
  X(DRIVER, 28, "frontend.driver", STR)                                        \
  X(QUEUES, 29, "frontend.queues", UINT)                                       \
  X(RX_QUEUE_SIZE, 30, "frontend.rx_queue_size", UINT)                         \
  X(TX_QUEUE_SIZE, 31, "frontend.tx_queue_size", UINT)                         \
  X(IN_AVERAGE, 32, "frontend.quota:vif_inbound_average", UINT)                \
  X(IN_PEAK, 33, "frontend.quota:vif_inbound_peak", UINT)                      \
  X(IN_BURST, 34, "frontend.quota:vif_inbound_burst", UINT)                    \
  X(OUT_AVERAGE, 35, "frontend.quota:vif_outbound_average", UINT)              \
  X(OUT_PEAK, 36, "frontend.quota:vif_outbound_peak", UINT)                    \
  X(OUT_BURST, 37, "frontend.quota:vif_outbound_burst", UINT)                  \
  X(HOST_NETDEV, 38, "host.netdev", STR)                                       \
  X(HOST_VDPA_DEV, 39, "host.vdpa_dev", STR)

/* The second column is the key's fixed value (see "## Conventions"). */
#define VIFXML_X_ID_(id, val, ...) VIFXML_VK_##id = val,
typedef enum {
  VIFXML_VIF_KEYS(VIFXML_X_ID_)
  VIFXML_VK_COUNT = 40
} vifxml_vif_key;
#undef VIFXML_X_ID_
#define VIFXML_VIF_KEY_ROOM 64

/* What a VIF key holds. UNKNOWN is what to-vif says of a key Nova needs
 * and the XML does not hold. */
typedef enum {
  VIFXML_VV_ABSENT = 0,
  VIFXML_VV_NULL,
  VIFXML_VV_STRING,
  VIFXML_VV_NUMBER, /* text: decimal digits */
  VIFXML_VV_BOOL,   /* text: "true" or "false" */
  VIFXML_VV_UNKNOWN
} vifxml_vif_value;

#define VIFXML_VIF_MAX_CANDIDATES 8

/* One VIF, plain data; strings live in an arena. */
typedef struct vifxml_vif {
  /* By vifxml_vif_key; VIFXML_VIF_KEY_ROOM leaves room for keys to come. */
  const char *v[VIFXML_VIF_KEY_ROOM];      /* text of STRING, NUMBER, BOOL */
  unsigned char kind[VIFXML_VIF_KEY_ROOM]; /* vifxml_vif_value */
  unsigned long line, column;          /* JSON input: where the VIF's object
                                          (or its array) starts */
  unsigned long index;                 /* JSON input: 1-based position */
  /* Classification (vifxml_vif_from_iface): every VIF type that could have
   * written the XML, best first; v[TYPE] is the first. note says what the
   * XML cannot tell (several candidates), or why there is none. */
  const char *candidates[VIFXML_VIF_MAX_CANDIDATES];
  size_t ncandidates;
  const char *note;
} vifxml_vif;

/* A compute-host fact given by the caller: the network device name of a VF,
 * or the vDPA device path (/dev/vhost-vdpa-N), for a PCI slot
 * ("0000:0a:00.1"; the domain may be omitted). */
typedef struct vifxml_host_fact {
  const char *pci_slot;
  const char *value;
} vifxml_host_fact;

typedef struct vifxml_vif_options {
  vifxml_profile profile;
  const vifxml_host_fact *netdevs; /* VF network devices (802.1qbh, hw_veb) */
  size_t nnetdevs;
  const vifxml_host_fact *vdpa_devs; /* vDPA device paths (vnic vdpa) */
  size_t nvdpa_devs;
  /* Where to look up the facts not given: the root of a sysfs ("/sys" on
   * the compute host). NULL: never read the host; a fact that is needed and
   * not given is then an error naming the PCI slot. */
  const char *sysfs;
  /* liberty only: Liberty's own firewall (a firewall_driver other than
   * Noop) with this instance name ("instance-0000002a"): ports without
   * port_filter get the qbr form and filterref
   * nova-instance-NAME-MAC. NULL: NoopFirewallDriver, as with Neutron. */
  const char *firewall_instance;
  vifxml_diag_fn diag; /* warnings from checking the interface; may be NULL */
  void *diag_ctx;
  void *reserved[8]; /* zero: room for options to come */
} vifxml_vif_options;

/* The key's path ("details.vlan"); NULL when out of range. */
VIFXML_API const char *vifxml_vif_key_path(vifxml_vif_key k);
/* "current" or "liberty"; -1 for anything else. */
VIFXML_API int vifxml_profile_lookup(const char *name, vifxml_profile *out);

/* Builds the interface that the profile's Nova writes for the VIF, checked
 * and normalized (vifxml_iface_finish) and ready for vifxml_write_iface. A
 * vDPA port gives a VDPA interface (mac, source dev). Strings live
 * in arena. On failure err names the VIF (id, or position) and the key,
 * with the VIF's line and column and no file. */
VIFXML_API int vifxml_vif_to_iface(const vifxml_vif *vif,
                                   const vifxml_vif_options *opt,
                                   vifxml_arena *arena, vifxml_iface **out,
                                   vifxml_error *err);
/* Classifies a (finished) interface: fills out with the candidates and the
 * VIF as Neutron builds it today for the best one (delegate_create true);
 * with no candidate, v[TYPE] is absent and note says why. Strings live in
 * arena. -1 when out of memory or for an unknown profile. */
VIFXML_API int vifxml_vif_from_iface(const vifxml_iface *iface,
                                     vifxml_profile profile,
                                     vifxml_arena *arena, vifxml_vif *out,
                                     vifxml_error *err);

/* Called for each VIF read; the VIF's strings live in the arena given to
 * vifxml_vif_from_json, which the callback may reset once it is done with
 * them. Return -1 and fill err to stop. */
typedef int (*vifxml_vif_fn)(void *ctx, const vifxml_vif *vif,
                             vifxml_error *err);
/* Reads VIF JSON with jansson: one object, an array of objects (an
 * instance's network_info), or a sequence of them (JSON lines). Keys are
 * read by VIFXML_VIF_KEYS; other keys are ignored. Errors carry jansson's
 * line, column and text, or for a VIF-level problem the VIF's position,
 * its id and the key; no file. */
VIFXML_API int vifxml_vif_from_json(const char *buf, size_t len,
                                    vifxml_arena *arena, vifxml_vif_fn each,
                                    void *ctx, vifxml_error *err);
/* One line of JSON (no newline) in arena: the VIF's keys nested by path,
 * then `candidates`, `note` and `unknown` (the paths whose value is
 * UNKNOWN) when classified. NULL when out of memory. */
VIFXML_API const char *vifxml_vif_to_json(const vifxml_vif *vif,
                                          vifxml_arena *arena);
/* The same line with "origin": {"file", "line", "column", "domain"} last:
 * where the interface was read (its start tag) and its domain's name
 * (left out when domain is NULL). file NULL is "<stdin>", as the stream
 * names it; bytes of file that are not UTF-8 become U+FFFD. */
VIFXML_API const char *vifxml_vif_to_json_origin(const vifxml_vif *vif,
                                                 const char *file,
                                                 unsigned long line,
                                                 unsigned long column,
                                                 const char *domain,
                                                 vifxml_arena *arena);

/* A flavor's bandwidth. Nova renders <bandwidth> from the flavor's
 * quota:vif_{inbound,outbound}_{average,peak,burst} extra specs, which a VIF
 * does not carry: read them from a JSON object of extra specs, or from a
 * whole `openstack flavor show -f json` (its "properties"), then put them
 * on each VIF (they replace its frontend quota keys). */
typedef struct vifxml_flavor {
  const char *quota[6]; /* in that order; NULL: not set */
} vifxml_flavor;
VIFXML_API int vifxml_flavor_from_json(const char *buf, size_t len,
                                       const char *filename,
                                       vifxml_arena *arena,
                                       vifxml_flavor *out, vifxml_error *err);
VIFXML_API void vifxml_vif_set_flavor(vifxml_vif *vif,
                                      const vifxml_flavor *flavor);

/* ## Network resolution (docs/resolve.md)
 * A handle holds <network> definitions and the allocation state of one run,
 * as libvirt's network driver holds them: how many ports use each device of
 * a forward pool, and the inbound floors plugged into each network. It
 * never reads the host. */
typedef struct vifxml_networks vifxml_networks;

/* NULL allocator means the C library's. NULL on failure. */
VIFXML_API vifxml_networks *vifxml_networks_new(const vifxml_allocator *alloc);
VIFXML_API void vifxml_networks_free(vifxml_networks *nets);

/* Adds the <network> definitions in buf (one or more top-level elements),
 * with libvirt's parse and define-time checks and messages; a name already
 * defined is an error. All or nothing: on error, none of buf's definitions
 * is added and err holds filename:line:column. */
VIFXML_API int vifxml_networks_add(vifxml_networks *nets, const char *buf,
                                   size_t len, const char *filename,
                                   vifxml_error *err);

/* Turns an interface of kind NETWORK into the bridge, direct or hostdev
 * interface the network driver would attach for it (portgroup, virtualport
 * merge, vlan, bandwidth, trustGuestRxFilters and port isolation as libvirt
 * resolves them; a device from the network's pool), then applies
 * vifxml_iface_finish. The device and floor are counted against later
 * calls. Other kinds are left alone. On error (libvirt's refusal, located
 * at the interface) nothing is counted and the interface may be half
 * changed. */
VIFXML_API int vifxml_networks_resolve(vifxml_networks *nets,
                                       vifxml_iface *iface, vifxml_error *err,
                                       vifxml_diag_fn diag, void *diag_ctx);

/* Keeps the allocations made since the last commit, or gives them back
 * (as libvirt releases the ports of a domain that failed to start). */
VIFXML_API void vifxml_networks_commit(vifxml_networks *nets);
VIFXML_API void vifxml_networks_rollback(vifxml_networks *nets);

/* ## Migration (lib/migrate.c; docs/migrate.md)
 * Re-points interfaces at new ports or backends, as Nova's live migration
 * does (_update_vif_xml) but keeping the guest side whole: the host side is
 * what vifxml_vif_to_iface renders for the destination VIF, the guest side
 * (mac, model, virtio driver options, address, alias, boot, rom, link, acpi,
 * coalesce, guest, teaming) is the source's; <mtu> only where the source had
 * one, with the destination's value; <bandwidth> from the flavor's specs
 * when given, else the source's. The destination VIF is the --vif VIF with
 * the interface's MAC (case-insensitive), else (with rules or a from
 * profile) the VIF inferred from the XML as vifxml_vif_from_iface infers it,
 * with the first matching rule's keys set. A handle is read-only once set
 * up: vifxml_migrate_iface may run in several threads at once. */
typedef struct vifxml_migrate vifxml_migrate;

typedef struct vifxml_migrate_options {
  vifxml_vif_options vif; /* the destination: profile and host facts (its
                             diag is not used) */
  int from_profile;       /* vifxml_profile in which to infer the VIF of
                             every interface no VIF matches; -1: infer only
                             for interfaces a rule selects (in today's
                             profile, else Liberty's) */
  const char *vif_type;   /* inferring: this candidate, not the first */
  int strict;             /* an interface no --vif VIF matches is an error */
  int explain;            /* a note naming the rule of each rewrite */
  void *reserved[8]; /* zero: room for options to come */
} vifxml_migrate_options;

typedef enum {
  VIFXML_MIGRATE_LEFT = 0,     /* left as it was */
  VIFXML_MIGRATE_MIGRATED = 1, /* rebuilt for the destination VIF */
  VIFXML_MIGRATE_RENAMED = 2   /* only renamed by maps */
} vifxml_migrate_outcome;

/* What happened to one interface; strings live in the arena given to
 * vifxml_migrate_iface. Items are "<elem attr='value'>"; a change is
 * "OLD -> NEW". */
typedef struct vifxml_migrate_result {
  vifxml_migrate_outcome outcome;
  const char *from_vif, *to_vif;     /* VIF types (NULL: none known) */
  const char *from_iface, *to_iface; /* interface types */
  const char *from_kind, *to_kind;   /* their kinds (vifxml_kind_str) */
  const char **kept, **changed, **dropped, **added;
  size_t nkept, nchanged, ndropped, nadded;
  void *reserved[8]; /* room for results to come */
} vifxml_migrate_result;

/* NULL options: nothing but what is added below. NULL on failure. */
VIFXML_API vifxml_migrate *vifxml_migrate_new(const vifxml_migrate_options *opt,
                                              const vifxml_allocator *alloc);
VIFXML_API void vifxml_migrate_free(vifxml_migrate *m);
/* Adds the VIFs of network_info JSON (as vifxml_vif_from_json reads it);
 * two VIFs with one MAC are an error. Errors carry filename:line:column. */
VIFXML_API int vifxml_migrate_add_vifs(vifxml_migrate *m, const char *buf,
                                       size_t len, const char *filename,
                                       vifxml_error *err);
VIFXML_API size_t vifxml_migrate_vif_count(const vifxml_migrate *m);
/* "bridge:OLD=NEW", "network:OLD=NEW" or "portgroup:OLD=NEW". */
VIFXML_API int vifxml_migrate_add_map(vifxml_migrate *m, const char *spec,
                                      vifxml_error *err);
/* One rule: every "SEL=GLOB" must match (type, mac, source.bridge,
 * source.network, source.portgroup, source.dev, target.dev, model, or
 * vif.KEY of the inferred VIF); then each "KEY=VALUE" (a VIF key path,
 * VALUE typed as the key is; null clears it) is set. Rules are tried in
 * the order added; the first that matches wins. */
VIFXML_API int vifxml_migrate_add_rule(vifxml_migrate *m,
                                       const char *const *match, size_t nmatch,
                                       const char *const *set, size_t nset,
                                       vifxml_error *err);
/* A JSON list of {"match": {SEL: GLOB...}, "set": {KEY: VALUE...}}. */
VIFXML_API int vifxml_migrate_add_rules(vifxml_migrate *m, const char *buf,
                                        size_t len, const char *filename,
                                        vifxml_error *err);
/* The flavor's extra specs (a JSON object, or a flavor with "properties"):
 * its quota:vif_* specs replace every VIF's and the source's bandwidth. */
VIFXML_API int vifxml_migrate_set_flavor(vifxml_migrate *m, const char *buf,
                                         size_t len, const char *filename,
                                         vifxml_error *err);
/* Migrates one finished interface into out (strings in arena). Warnings
 * (each host-side item dropped or changed, at the place it was) and notes
 * go to diag with no file name. On error (a VIF that cannot be rendered,
 * a refused move), err is located at the interface. */
VIFXML_API int vifxml_migrate_iface(const vifxml_migrate *m,
                                    const vifxml_iface *src,
                                    vifxml_arena *arena, vifxml_iface **out,
                                    vifxml_migrate_result *res,
                                    vifxml_error *err, vifxml_diag_fn diag,
                                    void *diag_ctx);
/* One line of JSON (no newline) in arena: file, domain, mac, outcome, from,
 * to ({vif_type, interface, kind}), kept, changed, dropped, added. */
VIFXML_API const char *vifxml_migrate_result_json(
    const vifxml_migrate_result *r, const char *file, const char *domain,
    const char *mac, vifxml_arena *arena);

/* ## Lint (lib/lint.c; docs/lint.md)
 * What libvirt 9.0's qemu driver (and qemu under it) will refuse at define
 * and at start, per interface, per domain and across all inputs of a run
 * (the fleet), with the location of each problem. One table of checks
 * drives the linter, docs/lint.md and the SARIF rules. */
typedef struct vifxml_lint vifxml_lint;

typedef enum {
  VIFXML_LINT_ERROR = 0,   /* libvirt 9.0 refuses the domain */
  VIFXML_LINT_WARNING = 1, /* may fail, depending on the host or version */
  VIFXML_LINT_NOTE = 2
} vifxml_lint_severity;

typedef enum {
  VIFXML_LINT_DEFINE = 0, /* refused by virsh define */
  VIFXML_LINT_START = 1   /* defined, refused by virsh start */
} vifxml_lint_phase;

typedef enum {
  VIFXML_HV_AUTO = 0, /* from <domain type=...>; qemu for a lone interface */
  VIFXML_HV_QEMU = 1,
  VIFXML_HV_XEN = 2,
  VIFXML_HV_LXC = 3
} vifxml_hypervisor;

/* One row of the check table. */
typedef struct vifxml_lint_check {
  const char *id;       /* "mtu-type" */
  vifxml_lint_severity severity;
  vifxml_lint_phase phase;
  const char *scope;    /* "input", "interface", "domain" or "fleet" */
  const char *source;   /* the libvirt (or qemu) function that refuses */
  const char *message;  /* its message, printf-style (%s placeholders) */
  const char *help;     /* why, and what to do */
  const char *hypervisors; /* "all" or "qemu" */
  unsigned since;       /* libvirt version it applies from (0: always) */
} vifxml_lint_check;

VIFXML_API size_t vifxml_lint_ncheck(void);
/* The i-th check (0-based); NULL past the end. */
VIFXML_API const vifxml_lint_check *vifxml_lint_check_at(size_t i);

/* One finding; the strings live until the callback returns. */
typedef struct vifxml_lint_finding {
  const char *file;
  unsigned long line, column; /* 1-based */
  vifxml_lint_severity severity;
  vifxml_lint_phase phase;
  const char *check;   /* the check's id */
  const char *message;
} vifxml_lint_finding; /* the library's: it may grow */

typedef void (*vifxml_lint_fn)(void *ctx, const vifxml_lint_finding *f);

typedef struct vifxml_lint_options {
  vifxml_hypervisor hypervisor;
  unsigned libvirt;    /* major*1000000+minor*1000+micro; 0 means 9.0.0 */
  vifxml_lint_fn report;
  void *report_ctx;
  const vifxml_allocator *alloc;
  void *reserved[8]; /* zero: room for options to come */
} vifxml_lint_options;

/* NULL on failure. */
VIFXML_API vifxml_lint *vifxml_lint_new(const vifxml_lint_options *opt);
/* Lints one input (a whole file: domains, lone interfaces, a root wrapping
 * many domains) and reports its findings in position order. The fleet
 * state (MACs, host PCI devices, vhost-user server sockets, tap names of
 * each domain) is kept for vifxml_lint_finish. 0: read (findings may have
 * been reported); -1: the input does not parse (the finding `parse` was
 * reported; nothing of it is checked or kept); -2: out of memory. */
VIFXML_API int vifxml_lint_input(vifxml_lint *l, const char *buf, size_t len,
                                 const char *filename);
/* The same in pieces, for an input of any size in bounded memory: begin
 * (0, or -2 when out of memory), feed its bytes in pieces of any size (0;
 * -1 or -2 once the input has failed: feeding more is useless), end (what
 * vifxml_lint_input returns; the findings are reported then). Memory grows
 * with the largest domain, the findings of the input and the fleet state,
 * not with the input. Beginning an input drops one begun and not ended;
 * feed and end with no input begun return -2. */
VIFXML_API int vifxml_lint_begin(vifxml_lint *l, const char *filename);
VIFXML_API int vifxml_lint_feed(vifxml_lint *l, const char *buf, size_t len);
VIFXML_API int vifxml_lint_end(vifxml_lint *l);
/* Drops the input begun, as if it had not been given (a read error): none
 * of its findings is reported, none of its fleet state kept. */
VIFXML_API void vifxml_lint_drop(vifxml_lint *l);
/* Reports the fleet findings across all inputs so far, at each place, and
 * forgets them; an input begun and not ended is dropped first. -1 when out
 * of memory. */
VIFXML_API int vifxml_lint_finish(vifxml_lint *l);
VIFXML_API void vifxml_lint_free(vifxml_lint *l);
/* "9.5" or "9.5.0" -> 9005000; -1 when malformed. */
VIFXML_API int vifxml_lint_version_parse(const char *s, unsigned *out);
/* "auto", "qemu", "xen", "lxc"; -1 for anything else. */
VIFXML_API int vifxml_hypervisor_lookup(const char *name,
                                        vifxml_hypervisor *out);

/* ## Limits (all in one place). Exceeding one is an error with a location. */
#define VIFXML_LIMIT_DEPTH 256               /* open elements */
#define VIFXML_LIMIT_IFACE_BYTES (1u << 20)  /* one <interface> */
#define VIFXML_LIMIT_PENDING_BYTES (1u << 20) /* bytes without a tag */
#define VIFXML_LIMIT_ITEMS 1024              /* list items per interface */
#define VIFXML_LIMIT_EXTRAS 1024             /* kept unknowns per interface */
#define VIFXML_LIMIT_HOLD (1u << 20)         /* output held before writing */
#define VIFXML_LIMIT_AMPLIFICATION 20.0f     /* expat billion-laughs guard */

VIFXML_API const char *vifxml_version(void);
VIFXML_API unsigned vifxml_version_hex(void);

#ifdef __cplusplus
}
#endif
#endif
