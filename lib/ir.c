/* The IR: building it field by field (the parser and the VIF mapper share
 * these setters), what of it the canonical form holds (the writer and the
 * rules share that), copying and comparing. */
#include "internal.h"

#include <stdio.h>
#include <string.h>


/* ## What the canonical form holds */

static bool has_extras(const vifxml_iface *iface, vifxml_elem e, int item) {
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if ((x->kind != VIFXML_EXTRA_COMMENT && x->elem == e && x->item == item) ||
        (x->kind == VIFXML_EXTRA_COMMENT && x->end_of == e && x->item == item))
      return true;
  }
  return false;
}

static bool child_content(const vifxml_iface *iface, const ir_tree *t,
                          vifxml_elem e, int item) {
  for (int c = t->kid[e]; c < VIFXML_E_COUNT; c = t->sib[c]) {
    if (schema_elems[c].flags & FL_LIST) {
      for (size_t i = 0; i < iface->nitems; i++)
        if (iface->items[i].elem == (vifxml_elem)c &&
            iface->items[i].parent == item)
          return true;
    } else if (iface->present[c] &&
               ir_has_content(iface, (vifxml_elem)c, -1)) {
      return true;
    }
  }
  return false;
}

bool ir_has_content(const vifxml_iface *iface, vifxml_elem e, int item) {
  if (item >= 0 || ir_kept_empty(iface, e))
    return true;
  int variant = ir_variant(iface, e);
  const ir_tree *t = schema_tree(iface->type);
  for (int k = t->fld_at[e]; k < t->fld_at[e + 1]; k++)
    if (ir_value(iface, (vifxml_field)t->fld[k], -1, variant))
      return true;
  if (has_extras(iface, e, item))
    return true;
  return child_content(iface, t, e, item);
}

/* The IR's arrays (items, extras) hold no capacity of their own: an array
 * of n elements has room for ir_capacity(n), the least power of two >= n
 * and at least 4. Whatever allocates one (grow, vifxml_iface_copy) gives it
 * that much room; a smaller count (the rules drop elements) implies no more
 * room than there is. */
static size_t ir_capacity(size_t n) {
  if (!n)
    return 0;
  size_t cap = 4;
  while (cap < n)
    cap *= 2;
  return cap;
}

/* Room for one more element: the array itself, or a copy twice as large. */
static void *grow(vifxml_arena *a, void *arr, size_t n, size_t elt) {
  if (n < ir_capacity(n))
    return arr;
  void *p = arena_alloc(a, ir_capacity(n + 1) * elt);
  if (p && n)
    memcpy(p, arr, n * elt);
  return p;
}

/* An array of n elements with the room ir_capacity(n) implies. */
static void *alloc_array(vifxml_arena *a, size_t n, size_t elt) {
  return arena_alloc(a, ir_capacity(n) * elt);
}

int ir_new_item(vifxml_iface *iface, vifxml_elem e, int parent,
                unsigned long line, unsigned long col) {
  if (iface->nitems >= VIFXML_LIMIT_ITEMS)
    return -1;
  vifxml_item *items =
      grow(iface->arena, iface->items, iface->nitems, sizeof *items);
  if (!items)
    return -1;
  iface->items = items;
  vifxml_item *it = &items[iface->nitems];
  memset(it, 0, sizeof *it);
  it->elem = e;
  it->parent = parent;
  it->line = line;
  it->column = col;
  return (int)iface->nitems++;
}

int ir_add_extra(vifxml_iface *iface, const vifxml_extra *x) {
  if (iface->nextras >= VIFXML_LIMIT_EXTRAS)
    return -1;
  vifxml_extra *xs =
      grow(iface->arena, iface->extras, iface->nextras, sizeof *xs);
  if (!xs)
    return -1;
  iface->extras = xs;
  xs[iface->nextras++] = *x;
  return 0;
}

void ir_init(vifxml_iface *iface, vifxml_arena *arena, vifxml_type type) {
  memset(iface, 0, sizeof *iface);
  iface->arena = arena;
  iface->type = type;
  iface->kind = vifxml_type_kind(type);
  iface->f[VIFXML_F_IFACE_TYPE] = vifxml_type_str(type);
  iface->present[VIFXML_E_INTERFACE] = 1;
}

vifxml_iface *vifxml_iface_new(vifxml_arena *arena, vifxml_type type,
                               vifxml_error *err) {
  if (!arena || (unsigned)type >= VIFXML_TYPE_COUNT) {
    error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0, "no arena, or not an interface type");
    return NULL;
  }
  vifxml_iface *iface = arena_alloc(arena, sizeof *iface);
  if (!iface) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return NULL;
  }
  ir_init(iface, arena, type);
  return iface;
}

static int set_error(vifxml_error *err, vifxml_error_code code,
                     const char *msg) {
  error_set(err, code, NULL, 0, 0, "%s", msg);
  return -1;
}

int ir_parse_value(vifxml_iface *iface, vifxml_field f, const char *value,
                   const char **out, vifxml_error *err) {
  char msg[512];
  if (!value_is_xml_text(value))
    return set_error(err, VIFXML_ERR_ENCODING,
                     "a control character or invalid UTF-8: not XML text");
  if (value_parse(iface->arena, f, value, out, msg, sizeof msg) < 0)
    return set_error(err, VIFXML_ERR_INVALID, msg);
  if (arena_failed(iface->arena))
    return set_error(err, VIFXML_ERR_NOMEM, "out of memory");
  return 0;
}

int vifxml_iface_set(vifxml_iface *iface, vifxml_field f, const char *value,
                     vifxml_error *err) {
  const char *out;
  if ((unsigned)f >= VIFXML_F_COUNT ||
      vifxml_elem_is_list(schema_fields[f].elem))
    return set_error(err, VIFXML_ERR_USAGE,
                     "not a field of a single-valued element");
  if (!value) {
    iface->f[f] = NULL;
    return 0;
  }
  if (ir_parse_value(iface, f, value, &out, err) < 0)
    return -1;
  iface->f[f] = out;
  for (vifxml_elem e = schema_fields[f].elem; e < VIFXML_E_COUNT;
       e = schema_elems[e].parent)
    iface->present[e] = 1;
  return 0;
}

int vifxml_iface_add_item(vifxml_iface *iface, vifxml_elem elem, int parent,
                          vifxml_error *err, ...) {
  if (!vifxml_elem_is_list(elem))
    return set_error(err, VIFXML_ERR_USAGE, "not a repeatable element");
  /* A <range> sits in a <portForward> item; the others in no item. */
  vifxml_elem pe = schema_elems[elem].parent;
  bool in_item = vifxml_elem_is_list(pe);
  if (in_item ? parent < 0 || (size_t)parent >= iface->nitems ||
                    iface->items[parent].elem != pe
              : parent != -1)
    return set_error(err, VIFXML_ERR_USAGE,
                     in_item ? "the parent is not an item of the element's "
                               "parent element"
                             : "the element sits in no item: parent must be -1");
  int idx = ir_new_item(iface, elem, parent, 0, 0);
  if (idx < 0)
    return set_error(err, iface->nitems >= VIFXML_LIMIT_ITEMS
                              ? VIFXML_ERR_LIMIT
                              : VIFXML_ERR_NOMEM,
                     "too many items or out of memory");
  va_list ap;
  va_start(ap, err);
  for (;;) {
    int f = va_arg(ap, int);
    if (f < 0)
      break;
    const char *value = va_arg(ap, const char *);
    const char *out;
    if (f >= VIFXML_F_COUNT || schema_fields[f].elem != elem) {
      va_end(ap);
      iface->nitems--;
      return set_error(err, VIFXML_ERR_USAGE,
                       f >= VIFXML_F_COUNT
                           ? "a field this version does not know"
                           : "field does not belong to the element");
    }
    if (!value)
      continue;
    if (ir_parse_value(iface, (vifxml_field)f, value, &out, err) < 0) {
      va_end(ap);
      iface->nitems--;
      return -1;
    }
    iface->items[idx].v[schema_field_slot((vifxml_field)f)] = out;
  }
  va_end(ap);
  /* Its ancestors are given once it is (a failed add marks nothing). */
  for (vifxml_elem e = pe; e < VIFXML_E_COUNT; e = schema_elems[e].parent)
    iface->present[e] = 1;
  return idx;
}

static const char *dup(vifxml_arena *a, const char *s, bool *oom) {
  if (!s)
    return NULL;
  char *p = arena_strndup(a, s, strlen(s));
  if (!p)
    *oom = true;
  return p;
}

int ir_copy(vifxml_iface *dst, const vifxml_iface *src, vifxml_arena *arena) {
  bool oom = false;
  *dst = *src;
  dst->arena = arena;
  dst->items = NULL;
  dst->extras = NULL;
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    dst->f[f] = dup(arena, src->f[f], &oom);
  if (src->nitems) {
    dst->items = alloc_array(arena, src->nitems, sizeof *dst->items);
    if (!dst->items)
      return -1;
    for (size_t i = 0; i < src->nitems; i++) {
      dst->items[i] = src->items[i];
      for (int k = 0; k < 8; k++)
        dst->items[i].v[k] = dup(arena, src->items[i].v[k], &oom);
    }
  }
  if (src->nextras) {
    dst->extras = alloc_array(arena, src->nextras, sizeof *dst->extras);
    if (!dst->extras)
      return -1;
    for (size_t i = 0; i < src->nextras; i++) {
      dst->extras[i] = src->extras[i];
      dst->extras[i].name = dup(arena, src->extras[i].name, &oom);
      dst->extras[i].text = dup(arena, src->extras[i].text, &oom);
    }
  }
  if (src->raw) {
    dst->raw = arena_strndup(arena, src->raw, src->rawlen);
    oom |= !dst->raw;
  }
  return oom ? -1 : 0;
}

vifxml_iface *vifxml_iface_copy(const vifxml_iface *src, vifxml_arena *arena,
                                vifxml_error *err) {
  vifxml_iface *dst = src && arena ? arena_alloc(arena, sizeof *dst) : NULL;
  if (!dst || ir_copy(dst, src, arena) < 0) {
    if (src && arena)
      error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else
      error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0, "no interface or no arena");
    return NULL;
  }
  return dst;
}

static bool str_eq(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

#define DIFF(...) (why ? (void)snprintf(why, whylen, __VA_ARGS__) : (void)0, 1)

/* Whether x (of a) and y (of b) are in the same place. A comment before an
 * unknown element names it by its index among the extras, which depends on
 * the order the extras were read in: compare the elements themselves. */
static bool same_place(const vifxml_iface *a, const vifxml_extra *x,
                       const vifxml_iface *b, const vifxml_extra *y) {
  bool xref = x->kind == VIFXML_EXTRA_COMMENT && x->elem == VIFXML_E_COUNT &&
              x->end_of == VIFXML_E_COUNT && x->item >= 0 &&
              (size_t)x->item < a->nextras;
  bool yref = y->kind == VIFXML_EXTRA_COMMENT && y->elem == VIFXML_E_COUNT &&
              y->end_of == VIFXML_E_COUNT && y->item >= 0 &&
              (size_t)y->item < b->nextras;
  if (!xref || !yref)
    return !xref && !yref && x->item == y->item;
  const vifxml_extra *u = &a->extras[x->item], *v = &b->extras[y->item];
  return u->kind == v->kind && u->elem == v->elem && u->item == v->item &&
         str_eq(u->text, v->text);
}

int vifxml_iface_compare(const vifxml_iface *a, const vifxml_iface *b,
                         char *why, size_t whylen) {
  if (a->type != b->type)
    return DIFF("type %s != %s", vifxml_type_str(a->type),
                vifxml_type_str(b->type));
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    if (!str_eq(a->f[f], b->f[f]))
      return DIFF("<%s %s>: '%s' != '%s'",
                  vifxml_elem_name(schema_fields[f].elem),
                  vifxml_field_name((vifxml_field)f),
                  a->f[f] ? a->f[f] : "(absent)", b->f[f] ? b->f[f] : "(absent)");
  if (a->nitems != b->nitems)
    return DIFF("%zu repeated elements != %zu", a->nitems, b->nitems);
  for (size_t i = 0; i < a->nitems; i++) {
    const vifxml_item *x = &a->items[i], *y = &b->items[i];
    if (x->elem != y->elem || x->parent != y->parent)
      return DIFF("repeated element %zu: <%s> != <%s>", i,
                  vifxml_elem_name(x->elem), vifxml_elem_name(y->elem));
    for (int k = 0; k < 8; k++)
      if (!str_eq(x->v[k], y->v[k]))
        return DIFF("<%s> %zu, attribute %d: '%s' != '%s'",
                    vifxml_elem_name(x->elem), i, k,
                    x->v[k] ? x->v[k] : "(absent)",
                    y->v[k] ? y->v[k] : "(absent)");
  }
  if (a->nextras != b->nextras)
    return DIFF("%zu kept unknowns/comments != %zu", a->nextras, b->nextras);
  /* Kept unknowns and comments are compared as a set: the writer emits them
   * in document order, which need not be the order they were read in. */
  unsigned char used[VIFXML_LIMIT_EXTRAS] = {0};
  for (size_t i = 0; i < a->nextras; i++) {
    const vifxml_extra *x = &a->extras[i];
    size_t j = 0;
    for (; j < b->nextras; j++) {
      const vifxml_extra *y = &b->extras[j];
      if (!used[j] && x->kind == y->kind && x->elem == y->elem &&
          x->end_of == y->end_of && same_place(a, x, b, y) &&
          str_eq(x->name, y->name) && str_eq(x->text, y->text))
        break;
    }
    if (j == b->nextras)
      return DIFF("kept unknown/comment '%s' is not found again",
                  x->text ? x->text : "");
    used[j] = 1;
  }
  if (a->rawlen != b->rawlen ||
      (a->rawlen && memcmp(a->raw, b->raw, a->rawlen)))
    return DIFF("pass-through bytes differ");
  return 0;
}
