/* Interface builder. The grammar it accepts is the schema table in
 * vifxml.h: an element is known when the table lists it under its parent
 * for the interface's type, an attribute when the table lists it for the
 * element (and, for <address>, for its address type). Anything else is kept
 * verbatim with a warning, except status data libvirt ignores (DROP). */
#include "parse.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

static int fail(builder *b, vifxml_error_code code, unsigned long line,
                unsigned long col, const char *fmt, ...)
    VIFXML_COLD __attribute__((format(printf, 5, 6)));
static int fail(builder *b, vifxml_error_code code, unsigned long line,
                unsigned long col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vset(b->err, code, b->file, line, col, fmt, ap);
  va_end(ap);
  return -1;
}

static int oom(builder *b, unsigned long line, unsigned long col) {
  return fail(b, VIFXML_ERR_NOMEM, line, col, "out of memory");
}

/* --explain: notes wait for the end of the interface, which may turn out
 * to be kept verbatim (passt) and then has no rewrite to explain. */
static void note(builder *b, unsigned long line, unsigned long col,
                 const char *fmt, ...)
    VIFXML_COLD __attribute__((format(printf, 4, 5)));
static void note(builder *b, unsigned long line, unsigned long col,
                 const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  build_note *n = arena_alloc(b->iface->arena, sizeof *n);
  if (!n || !(n->msg = arena_strndup(b->iface->arena, msg, strlen(msg))))
    return; /* the arena's failure fails the interface */
  n->next = NULL;
  n->line = line;
  n->col = col;
  *b->notes_tail = n;
  b->notes_tail = &n->next;
}
/* The test inline: without --explain, no call. */
#define explain(b, ...) ((b)->explain ? note((b), __VA_ARGS__) : (void)0)

static void flush_notes(builder *b, bool emit) {
  for (const build_note *n = b->notes; emit && n; n = n->next)
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_NOTE, b->file, n->line, n->col,
              "%s", n->msg);
  b->notes = NULL;
  b->notes_tail = &b->notes;
}

/* --explain for a value libvirt spells otherwise or reads as absent. */
static void VIFXML_COLD
note_value(builder *b, vifxml_field f, const char *in, const char *v,
           unsigned long line, unsigned long col) {
  const char *e = vifxml_elem_name(schema_fields[f].elem);
  bool text = schema_fields[f].name == VIFXML_N_NONE;
  if (!v)
    note(b, line, col,
         text ? "%s<%s>'s text '%s' dropped: libvirt reads it as absent"
              : "%s='%s' in <%s> dropped: libvirt reads it as absent",
         text ? "" : vifxml_field_name(f), text ? e : in, text ? in : e);
  else if (strcmp(in, v) && text)
    note(b, line, col, "%s: <%s>'s text '%s' written '%s'",
         value_rule(f, in, v), e, in, v);
  else if (strcmp(in, v))
    note(b, line, col, "%s: %s='%s' in <%s> written '%s'",
         value_rule(f, in, v), vifxml_field_name(f), in, e, v);
}
#define explain_value(b, ...)                                                  \
  ((b)->explain ? note_value((b), __VA_ARGS__) : (void)0)

/* <driver> and its <host> and <guest> settings that libvirt reads for
 * virtio models only (the virtio options iommu..page_per_vq are read for
 * every model). */
static bool virtio_net_setting(vifxml_field f) {
  if ((unsigned)f >= VIFXML_F_COUNT)
    return false;
  vifxml_elem e = schema_fields[f].elem;
  return (e == VIFXML_E_DRIVER || e == VIFXML_E_DRV_HOST ||
          e == VIFXML_E_DRV_GUEST) &&
         f != VIFXML_F_DRV_IOMMU && f != VIFXML_F_DRV_ATS &&
         f != VIFXML_F_DRV_PACKED && f != VIFXML_F_DRV_PAGE_PER_VQ;
}

/* libvirt reads the virtio-net <driver> settings (attributes and the
 * <host> and <guest> children) of a hostdev interface nowhere. */
static const char hostdev_driver_why[] =
    "type='hostdev' has no virtio-net <driver> settings";

/* Why libvirt ignores attribute n of e on this interface type although
 * the element has a meaning there; NULL when it does not. virt-manager
 * wrote <source dev> on ethernet interfaces in 2013-14. */
static const char *ignored_attr(const builder *b, vifxml_elem e,
                                vifxml_name n) {
  vifxml_type t = b->iface->type;
  if (e == VIFXML_E_SOURCE && t == VIFXML_TYPE_ETHERNET && n == VIFXML_N_DEV)
    return "type='ethernet' has no source device";
  if (e == VIFXML_E_HDRIVER &&
      virtio_net_setting(schema_field(VIFXML_E_DRIVER, n, t, 0)))
    return hostdev_driver_why;
  return NULL;
}

/* The same for a child element n of parent. */
static const char *ignored_child(const builder *b, vifxml_elem parent,
                                 vifxml_name n) {
  if (parent == VIFXML_E_HDRIVER && n &&
      schema_child(VIFXML_E_DRIVER, n, b->iface->type) != VIFXML_E_COUNT)
    return hostdev_driver_why;
  return NULL;
}

static vifxml_name element_name(builder *b, const char *name,
                                unsigned long line, unsigned long col) {
  vifxml_name n = schema_name_lookup(name);
#define ALIAS(from, to)                                                        \
  if (n == VIFXML_N_##from) {                                                  \
    b->iface->legacy++;                                                        \
    explain(b, line, col, "legacy <%s> renamed to <%s>", name,                 \
            vifxml_elem_name(VIFXML_E_##to));                                  \
    return schema_elems[VIFXML_E_##to].name;                                   \
  }
  VIFXML_ELEMENT_ALIASES(ALIAS)
#undef ALIAS
  return n;
}

static const char *find_attr(const char **attrs, const char *name) {
  for (int i = 0; attrs[i]; i += 2)
    if (!strcmp(attrs[i], name))
      return attrs[i + 1];
  return NULL;
}

static const char *frame_name(const build_frame *fr) {
  return fr->elem < VIFXML_E_COUNT ? vifxml_elem_name(fr->elem) : "?";
}

/* A second, different value for attribute name of e: <parameters> may
 * repeat (Nova wrote one per key), and a key in two of them must agree. */
static int VIFXML_COLD
conflict(builder *b, const char *was, const char *v, const char *name,
         vifxml_elem e, unsigned long line, unsigned long col) {
  return fail(b, VIFXML_ERR_DUPLICATE, line, col,
              "conflicting values '%s' and '%s' for %s in <%s>", was, v, name,
              vifxml_elem_name(e));
}

/* Stores a value: into its list item's slot, or as the field's. */
static inline int store(builder *b, vifxml_field f, int slot, int item,
                        const char *v, unsigned long line, unsigned long col) {
  vifxml_iface *ifc = b->iface;
  if (item >= 0) {
    ifc->items[item].v[slot] = v;
    return 0;
  }
  if (ifc->f[f] && v && strcmp(ifc->f[f], v))
    return conflict(b, ifc->f[f], v, vifxml_field_name(f),
                    schema_fields[f].elem, line, col);
  ifc->f[f] = v;
  return 0;
}

/* An attribute that is none of e's for the type: dropped with a warning
 * when libvirt ignores it there (0), else kept verbatim (1); -1 on error. */
static int VIFXML_COLD
unknown_attr(builder *b, vifxml_elem e, int item, const char *name,
             const char *value, unsigned long line, unsigned long col) {
  vifxml_iface *ifc = b->iface;
  const char *why = ignored_attr(b, e, schema_name_lookup(name));
  if (why) {
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, line, col,
              "%s: '%s' in <%s> dropped, as libvirt does", why, name,
              vifxml_elem_name(e));
    return 0;
  }
  /* A repeated <parameters> (Nova wrote one per key) may repeat an
   * unknown attribute too: written once, it must agree, as a known one
   * must (store()). */
  const vifxml_extra *same = NULL;
  for (size_t k = 0; k < ifc->nextras && !same; k++) {
    const vifxml_extra *o = &ifc->extras[k];
    if (o->kind == VIFXML_EXTRA_ATTR && o->elem == e && o->item == item &&
        !strcmp(o->name, name))
      same = o;
  }
  if (same && strcmp(same->text, value))
    return conflict(b, same->text, value, name, e, line, col);
  if (same) {
    explain(b, line, col, "repeated '%s' in <%s> written once", name,
            vifxml_elem_name(e));
    return 1;
  }
  vifxml_extra x = {VIFXML_EXTRA_ATTR, e, item, VIFXML_E_COUNT,
                    arena_strndup(ifc->arena, name, strlen(name)),
                    arena_strndup(ifc->arena, value, strlen(value))};
  if (!x.name || !x.text || ir_add_extra(ifc, &x) < 0)
    return fail(b,
                ifc->nextras >= VIFXML_LIMIT_EXTRAS ? VIFXML_ERR_LIMIT
                                                    : VIFXML_ERR_NOMEM,
                line, col, "too many unknown attributes or out of memory");
  diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, line, col,
            "unknown attribute '%s' in element '%s' kept verbatim", name,
            vifxml_elem_name(e));
  return 1;
}

/* A value libvirt does not take (msg says why): an error, or skipped
 * (0) where libvirt reads it otherwise. */
static int VIFXML_COLD
bad_attr(builder *b, vifxml_field f, const char *value, const char *msg,
         unsigned long line, unsigned long col) {
  if (f == VIFXML_F_BACKEND_TYPE && b->iface->type == VIFXML_TYPE_USER &&
      !strcmp(value, "passt")) {
    b->passt = true; /* upstream libvirt 9.0's, not Debian's */
    return 0;
  }
  if (virtio_net_setting(f)) {
    if (!b->driver_bad)
      error_set(&b->driver_err, VIFXML_ERR_INVALID, b->file, line, col, "%s",
                msg);
    b->driver_bad = true;
    return 0;
  }
  if (f != VIFXML_F_IFACE_MANAGED)
    return fail(b, VIFXML_ERR_INVALID, line, col, "%s", msg);
  /* libvirt reads hostdev managed with ignore_value(): absent. */
  diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, line, col,
            "%s: treated as absent, as libvirt does", msg);
  return 0;
}

/* Required fields (slots in missing) not given: the first in row order
 * of this address variant is an error. */
static int VIFXML_COLD
missing_attr(builder *b, vifxml_elem e, int variant, uint64_t missing,
             unsigned long line, unsigned long col) {
  for (int slot = 0; slot < 64; slot++) {
    if (!(missing >> slot & 1))
      continue;
    const field_def *d = &schema_fields[schema_elem_field(e, slot)];
    if (d->variant == 0 || d->variant == variant)
      return fail(b, VIFXML_ERR_MISSING, line, col,
                  "Missing required attribute '%s' in element '%s'",
                  vifxml_name_str(d->name), vifxml_elem_name(e));
  }
  return 0;
}

static int apply_attrs(builder *b, vifxml_elem e, int item, int variant,
                       const char **attrs, unsigned long line,
                       unsigned long col) {
  vifxml_iface *ifc = b->iface;
  const name_tab *tab = &b->tix->attrs[e];
  uint64_t seen = 0; /* by slot */
  char msg[512];
  /* The writer puts known attributes in row order, unknown ones last. */
  int last = -1;
  bool unknown = false, reordered = false;
  for (int i = 0; attrs[i]; i += 2) {
    const char *in = attrs[i + 1];
    /* A field of the address variant, else one of every variant: the
     * schema never has both under one name (test_unit). */
    const name_slot *s =
        variant ? name_find(tab, schema_names, attrs[i], (unsigned)variant)
                : NULL;
    if (!s && !(s = name_find(tab, schema_names, attrs[i], 0))) {
      int r = unknown_attr(b, e, item, attrs[i], in, line, col);
      if (r < 0)
        return -1;
      unknown |= r;
      continue;
    }
    vifxml_field f = s->val;
    int slot = s->aux;
    unsigned flags = schema_fields[f].flags;
    if (!(flags & (FL_DROP | FL_LEGACY))) {
      reordered |= slot < last || unknown;
      last = slot > last ? slot : last;
    }
    if (f == VIFXML_F_IFACE_TYPE)
      continue; /* read by build_begin */
    const char *v;
    if (value_parse(ifc->arena, f, in, &v, msg, sizeof msg) < 0) {
      if (bad_attr(b, f, in, msg, line, col) < 0)
        return -1;
      continue;
    }
    if (arena_failed(ifc->arena))
      return oom(b, line, col);
    seen |= 1ull << slot;
    /* Xen model names and virtualport types in another case are repairs. */
    if ((f == VIFXML_F_MODEL_TYPE && v && !schema_same_nocase(v, in)) ||
        (f == VIFXML_F_VP_TYPE && strcmp(v, in)))
      ifc->legacy++;
    if (flags & FL_DROP) {
      explain(b, line, col,
              "%s='%s' in <%s> dropped: libvirt ignores it in a definition",
              attrs[i], in, vifxml_elem_name(e));
      continue;
    }
    explain_value(b, f, in, v, line, col);
    if (store(b, f, slot, item, v, line, col) < 0)
      return -1;
  }
  if (reordered)
    explain(b, line, col, "attributes of <%s> put in libvirt's order",
            vifxml_elem_name(e));
  uint64_t missing = b->tix->req[e] & ~seen;
  if (missing && e != VIFXML_E_VP_PARAMETERS)
    return missing_attr(b, e, variant, missing, line, col);
  return 0;
}

/* Comments seen since the last tag now know what they precede. */
static void attach_comments(builder *b, vifxml_elem e, int item,
                            vifxml_elem end_of) {
  vifxml_iface *ifc = b->iface;
  for (size_t i = ifc->nextras - (size_t)b->pending_comments;
       i < ifc->nextras; i++) {
    if (ifc->extras[i].kind != VIFXML_EXTRA_COMMENT)
      continue;
    ifc->extras[i].elem = e;
    ifc->extras[i].item = item;
    ifc->extras[i].end_of = end_of;
  }
  b->pending_comments = 0;
}

int build_begin(builder *b, vifxml_iface *iface, vifxml_arena *arena,
                const char **attrs, unsigned long line, unsigned long col,
                unsigned long long pos) {
  const char *t = find_attr(attrs, "type");
  vifxml_type type = VIFXML_TYPE_USER; /* libvirt's default */
  b->xen_none = false;
  b->driver_bad = false;
  b->passt = false;
  b->start = pos;
  if (t && (type = schema_type_lookup(t)) == VIFXML_TYPE_COUNT) {
    if (strcmp(t, "none"))
      return fail(b, VIFXML_ERR_INVALID, line, col,
                  "Invalid value for attribute 'type' in element "
                  "'interface': '%s'.",
                  t);
    type = VIFXML_TYPE_BRIDGE;
    b->xen_none = true;
  }
  ir_init(iface, arena, type);
  b->iface = iface;
  b->tix = schema_type_index(type);
  flush_notes(b, false);
  if (b->xen_none)
    explain(b, line, col, "legacy type='none' (Xen's PV-only NIC) written "
                          "as type='bridge'");
  else if (!t)
    explain(b, line, col, "type='user' added: libvirt reads an interface "
                          "without a type as user");
  iface->legacy = b->xen_none;
  iface->line = line;
  iface->column = col;
  b->depth = 1;
  b->top = b->stack;
  b->pending_comments = 0;
  b->textlen = 0;
  b->text_blank = false;
  b->stack[0] = (build_frame){.elem = VIFXML_E_INTERFACE, .item = -1};
  if (iface->kind == VIFXML_KIND_OPAQUE) {
    b->stack[0].skip = true;
    b->skip_depth = 0;
    b->skip_keep = true;
    b->skip_start = pos;
    return 0;
  }
  return apply_attrs(b, VIFXML_E_INTERFACE, -1, 0, attrs, line, col);
}

static int begin_skip(builder *b, const char *name, bool keep,
                      unsigned long line, unsigned long col,
                      unsigned long long pos) {
  build_frame *parent = b->top;
  b->skip_depth = b->depth;
  b->skip_keep = keep;
  b->skip_start = pos;
  b->skip_line = line;
  b->skip_col = col;
  if (keep) {
    vifxml_extra x = {VIFXML_EXTRA_ELEMENT, parent->elem, parent->item,
                      VIFXML_E_COUNT, NULL, NULL};
    attach_comments(b, VIFXML_E_COUNT, (int)b->iface->nextras, VIFXML_E_COUNT);
    if (ir_add_extra(b->iface, &x) < 0)
      return fail(b, VIFXML_ERR_LIMIT, line, col, "too many unknown elements or out of memory");
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, line, col,
              "unknown element <%s> in <%s> kept verbatim", name,
              frame_name(parent));
    parent->unknown_child = true;
  }
  b->depth++;
  *++b->top = (build_frame){.elem = VIFXML_E_COUNT, .item = -1, .skip = true};
  return 0;
}

/* A child that is none of the parent's for the type: the element a legacy
 * name stands for, else VIFXML_E_COUNT, with *keep false when libvirt
 * ignores it there (a warning) and true when it is unknown. */
static vifxml_elem VIFXML_COLD
other_child(builder *b, const build_frame *parent, const char *name,
            unsigned long line, unsigned long col, bool *keep) {
  vifxml_name n = element_name(b, name, line, col);
  vifxml_elem e =
      n ? schema_child(parent->elem, n, b->iface->type) : VIFXML_E_COUNT;
  if (e != VIFXML_E_COUNT)
    return e;
  const char *why = ignored_child(b, parent->elem, n);
  if (why)
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, line, col,
              "%s: <%s> in <%s> dropped, as libvirt does", why, name,
              frame_name(parent));
  *keep = !why;
  return VIFXML_E_COUNT;
}

int build_start(builder *b, const char *name, const char **attrs,
                unsigned long line, unsigned long col, unsigned long long pos) {
  vifxml_iface *ifc = b->iface;
  build_frame *parent = b->top;
  if (b->depth >= VIFXML_LIMIT_DEPTH)
    return fail(b, VIFXML_ERR_LIMIT, line, col, "elements nested deeper than %d",
                VIFXML_LIMIT_DEPTH);
  if (parent->skip) {
    b->depth++;
    *++b->top =
        (build_frame){.elem = VIFXML_E_COUNT, .item = -1, .skip = true};
    return 0;
  }
  /* Mixed content: libvirt reads an element's children, not its text
   * (but see reads_all_text). */
  if (parent->has_text && b->textlen && !parent->stray) {
    parent->stray = true;
    parent->tline = b->text_line;
    parent->tcol = b->text_col;
  }
  parent->has_text = false;
  b->textlen = 0;
  b->text_blank = false;
  /* Known names first; a legacy name is renamed, then looked up. */
  const name_slot *k =
      name_find(&b->tix->kids[parent->elem], schema_names, name, 0);
  vifxml_elem e;
  int rank;
  if (k) {
    e = k->val;
    rank = k->aux;
  } else {
    bool keep;
    if ((e = other_child(b, parent, name, line, col, &keep)) == VIFXML_E_COUNT)
      return begin_skip(b, name, keep, line, col, pos);
    rank = schema_elem_rank(e);
  }
  if (schema_elems[e].flags & FL_DROP) {
    explain(b, line, col, "<%s> dropped: libvirt ignores it in a definition",
            name);
    return begin_skip(b, name, false, line, col, pos);
  }
  /* Frames start zeroed: <interface>, the first row, stands for "none". */
  if (rank < parent->last_rank)
    explain(b, line, col, "<%s> put before <%s>, in libvirt's order", name,
            vifxml_elem_name(parent->last_child));
  else if (parent->unknown_child)
    explain(b, line, col, "<%s> put before the unknown elements of <%s>, "
            "which are written last", name, frame_name(parent));
  if (rank > parent->last_rank) {
    parent->last_child = e;
    parent->last_rank = rank;
  }

  int item = -1;
  if (schema_elems[e].flags & FL_LIST) {
    item = ir_new_item(ifc, e, parent->item, line, col);
    if (item < 0)
      return fail(b, VIFXML_ERR_LIMIT, line, col, "more than %d repeated elements in <interface>",
                  VIFXML_LIMIT_ITEMS);
  } else {
    if (ifc->present[e] && (e == VIFXML_E_INBOUND || e == VIFXML_E_OUTBOUND))
      return fail(b, VIFXML_ERR_DUPLICATE, line, col, "Only one child <%s> element allowed", name);
    if (ifc->present[e] && e == VIFXML_E_VP_PARAMETERS) {
      ifc->legacy++; /* Nova's one <parameters> per key */
      explain(b, line, col, "Nova's one <parameters> per key merged into one");
    } else if (ifc->present[e])
      return fail(b, VIFXML_ERR_DUPLICATE, line, col, "duplicate <%s> element in <%s>", name,
                  frame_name(parent));
    ifc->present[e] = 1;
    ifc->eline[e] = line;
    ifc->ecol[e] = col;
  }
  if (b->pending_comments)
    attach_comments(b, e, item, VIFXML_E_COUNT);

  int variant = 0;
  if (e == VIFXML_E_ADDRESS || e == VIFXML_E_SRC_ADDRESS) {
    const char *t = find_attr(attrs, "type");
    if (t)
      variant = schema_addr_lookup(t);
    else if (e == VIFXML_E_SRC_ADDRESS && ifc->present[VIFXML_E_SRC_VENDOR])
      variant = VIFXML_ADDR_USB; /* libvirt: a <vendor> implies USB */
    else if (e == VIFXML_E_SRC_ADDRESS)
      return fail(b, VIFXML_ERR_MISSING, line, col, "missing source address type");
    else
      return fail(b, VIFXML_ERR_MISSING, line, col, "No type specified for device address");
  }
  b->depth++;
  *++b->top = (build_frame){.elem = e, .item = item, .variant = variant,
                            .has_text = b->tix->text[e] != VIFXML_F_COUNT};
  return apply_attrs(b, e, item, variant, attrs, line, col);
}

/* Whether libvirt reads e's text as XPath string() does (<sndbuf>): the
 * text of e and of everything in it, as one value. Text beside elements
 * there is refused rather than guessed at: vifxml keeps unknown elements
 * verbatim, their text with them, and libvirt's parser drops blank text
 * between elements. Not the legacy <vlan>N</vlan>, vifxml's own reading. */
static bool reads_all_text(const builder *b, vifxml_elem e) {
  vifxml_field f = b->tix->text[e];
  return f != VIFXML_F_COUNT && !(schema_fields[f].flags & FL_LEGACY);
}

/* The position of s[i], for text whose first byte is at line:col. */
static void text_position(const char *s, int i, unsigned long line,
                          unsigned long col, unsigned long *l,
                          unsigned long *c) {
  unsigned long c0 = col - 1;
  *l = line;
  xml_advance(l, &c0, s, (size_t)i);
  *c = c0 + 1;
}

int build_text(builder *b, const char *s, int len, unsigned long line,
               unsigned long col) {
  build_frame *fr = b->top;
  if (fr->skip)
    return 0;
  if (!fr->has_text) {
    for (int i = 0; i < len && !fr->stray; i++)
      if (!xml_is_space(s[i])) {
        fr->stray = true;
        text_position(s, i, line, col, &fr->tline, &fr->tcol);
      }
    return 0;
  }
  for (int i = 0; i < len; i++) {
    if (b->textlen == 0 && xml_is_space(s[i])) {
      b->text_blank = true;
      continue;
    }
    if (b->textlen == 0)
      text_position(s, i, line, col, &b->text_line, &b->text_col);
    if (b->textlen >= sizeof b->text - 1) {
      if (xml_is_space(s[i]))
        continue;
      return fail(b, VIFXML_ERR_LIMIT, line, col, "text in <%s> is too long", frame_name(fr));
    }
    b->text[b->textlen++] = s[i];
  }
  return 0;
}

int build_comment(builder *b, const char *text) {
  if (b->top->skip)
    return 0;
  vifxml_extra x = {VIFXML_EXTRA_COMMENT, VIFXML_E_COUNT, -1, VIFXML_E_COUNT,
                    NULL, arena_strndup(b->iface->arena, text, strlen(text))};
  if (!x.text || ir_add_extra(b->iface, &x) < 0)
    return -1;
  b->pending_comments++;
  return 0;
}

/* libvirt reads a text value with strtoull, which takes leading blanks
 * only: trailing ones, or blanks alone, are an error (an empty text is
 * absent). The legacy <vlan>N</vlan> is vifxml's own reading: trimmed. */
static int end_text(builder *b, build_frame *fr, unsigned long long at) {
  /* Taken and cleared at once: the next element's text starts afresh
   * (only an element with a text field collects any). */
  bool blank = b->text_blank;
  size_t len = b->textlen;
  b->text_blank = false;
  b->textlen = 0;
  if (!len && !blank)
    return 0;
  vifxml_field f = b->tix->text[fr->elem];
  bool trim = schema_fields[f].flags & FL_LEGACY;
  while (trim && len && xml_is_space(b->text[len - 1]))
    len--;
  if (!len && (trim || !blank))
    return 0;
  if (!len)
    b->text[len++] = ' ';
  b->text[len] = '\0';
  char msg[512];
  const char *v;
  if (value_parse(b->iface->arena, f, b->text, &v, msg, sizeof msg) < 0)
    return fail(b, VIFXML_ERR_INVALID, b->iface->eline[fr->elem],
                b->iface->ecol[fr->elem], "%s", msg);
  explain_value(b, f, b->text, v, b->text_line, b->text_col);
  unsigned long line, col;
  b->pos(b->pos_ctx, at, &line, &col);
  return store(b, f, schema_field_slot(f), fr->item, v, line, col);
}

static int oom_at(builder *b, unsigned long long at) {
  unsigned long line, col;
  b->pos(b->pos_ctx, at, &line, &col);
  return oom(b, line, col);
}

int build_end(builder *b, unsigned long long at, unsigned long long end) {
  vifxml_iface *ifc = b->iface;
  build_frame *fr = b->top;
  if (fr->skip) {
    if (b->depth - 1 == b->skip_depth && b->skip_keep) {
      const char *raw = b->raw(b->raw_ctx, b->skip_start, end);
      char *copy = raw ? arena_strndup(ifc->arena, raw, end - b->skip_start)
                       : NULL;
      if (!copy)
        return oom_at(b, at);
      if (b->skip_depth == 0) {
        ifc->raw = copy;
        ifc->rawlen = end - b->skip_start;
      } else {
        /* The extra was added at the start tag; find the last element one. */
        for (size_t i = ifc->nextras; i-- > 0;)
          if (ifc->extras[i].kind == VIFXML_EXTRA_ELEMENT && !ifc->extras[i].text) {
            ifc->extras[i].text = copy;
            break;
          }
      }
    }
    if (--b->depth == 0)
      return 1;
    b->top--;
    return 0;
  }
  if (end_text(b, fr, at) < 0)
    return -1;
  if (fr->stray && reads_all_text(b, fr->elem))
    return fail(b, VIFXML_ERR_UNSUPPORTED, fr->tline, fr->tcol,
                "text beside elements in <%s>: libvirt reads all the text "
                "in it as one number; write the number alone",
                frame_name(fr));
  if (fr->stray)
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_WARNING, b->file, fr->tline,
              fr->tcol, "text in <%s> dropped, as libvirt ignores it",
              frame_name(fr));
  if (b->pending_comments)
    attach_comments(b, VIFXML_E_COUNT, fr->item, fr->elem);
  if (--b->depth > 0) {
    b->top--;
    return 0;
  }
  if (b->passt) {
    /* Checked by libvirt's rules, but written as it came. */
    vifxml_error tmp;
    flush_notes(b, false);
    if (rules_finish(ifc, &tmp, b->diag, b->diag_ctx, false) < 0)
      return fail(b, tmp.code, tmp.line, tmp.column, "%s", tmp.message);
    const char *raw = b->raw(b->raw_ctx, b->start, end);
    char *copy = raw ? arena_strndup(ifc->arena, raw, end - b->start) : NULL;
    if (!copy)
      return oom_at(b, at);
    diag_emit(b->diag, b->diag_ctx, VIFXML_DIAG_NOTE, b->file, ifc->line,
              ifc->column,
              "<backend type='passt'>: libvirt 9.0 as Debian builds it cannot "
              "read it; interface kept verbatim");
    ifc->kind = VIFXML_KIND_OPAQUE;
    ifc->raw = copy;
    ifc->rawlen = end - b->start;
    return 1;
  }
  if (b->xen_none && !ifc->f[VIFXML_F_MODEL_TYPE]) {
    vifxml_iface_set(ifc, VIFXML_F_MODEL_TYPE, "netfront", NULL);
    explain(b, ifc->line, ifc->column, "<model type='netfront'> added: "
            "Xen's type='none' NIC is a PV one");
  }
  const char *model = ifc->f[VIFXML_F_MODEL_TYPE];
  if (b->driver_bad && model && !strncmp(model, "virtio", 6)) {
    error_copy(b->err, &b->driver_err);
    return -1;
  }
  vifxml_error tmp;
  flush_notes(b, true);
  if (rules_finish(ifc, &tmp, b->diag, b->diag_ctx, b->explain) < 0)
    return fail(b, tmp.code, tmp.line, tmp.column, "%s", tmp.message);
  return 1;
}
