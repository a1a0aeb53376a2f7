/* The IR as a client sees it: reading an interface through functions, so
 * that its layout (internal.h) can change without breaking a program
 * compiled against an older vifxml.h. Building and copying are in ir.c. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vifxml_type vifxml_iface_type(const vifxml_iface *iface) { return iface->type; }
vifxml_kind vifxml_iface_kind(const vifxml_iface *iface) { return iface->kind; }
unsigned vifxml_iface_legacy(const vifxml_iface *iface) {
  return iface->legacy;
}
vifxml_arena *vifxml_iface_arena(const vifxml_iface *iface) {
  return iface->arena;
}

void vifxml_iface_position(const vifxml_iface *iface, unsigned long *line,
                           unsigned long *column) {
  if (line)
    *line = iface->line;
  if (column)
    *column = iface->column;
}

const char *vifxml_iface_raw(const vifxml_iface *iface, size_t *len) {
  if (len)
    *len = iface->raw ? iface->rawlen : 0;
  return iface->raw;
}

static bool is_field(vifxml_field f) { return (unsigned)f < VIFXML_F_COUNT; }
static bool is_elem(vifxml_elem e) { return (unsigned)e < VIFXML_E_COUNT; }

const char *vifxml_iface_get(const vifxml_iface *iface, vifxml_field f) {
  return is_field(f) && !vifxml_elem_is_list(schema_fields[f].elem)
             ? iface->f[f]
             : NULL;
}

int vifxml_iface_has(const vifxml_iface *iface, vifxml_elem e) {
  if (!is_elem(e))
    return 0;
  return vifxml_elem_is_list(e) ? vifxml_iface_count(iface, e) > 0
                                : iface->present[e] != 0;
}

int vifxml_iface_elem_position(const vifxml_iface *iface, vifxml_elem e,
                               unsigned long *line, unsigned long *column) {
  bool at = is_elem(e) && iface->present[e] && iface->eline[e];
  if (line)
    *line = at ? iface->eline[e] : 0;
  if (column)
    *column = at ? iface->ecol[e] : 0;
  return at ? 0 : -1;
}

size_t vifxml_iface_nitems(const vifxml_iface *iface) { return iface->nitems; }

size_t vifxml_iface_count(const vifxml_iface *iface, vifxml_elem e) {
  size_t n = 0;
  for (size_t i = 0; i < iface->nitems; i++)
    n += iface->items[i].elem == e;
  return n;
}

int vifxml_iface_find(const vifxml_iface *iface, vifxml_elem e, size_t nth) {
  for (size_t i = 0; i < iface->nitems; i++)
    if (iface->items[i].elem == e && !nth--)
      return (int)i;
  return -1;
}

vifxml_elem vifxml_iface_item_elem(const vifxml_iface *iface, size_t i) {
  return i < iface->nitems ? iface->items[i].elem : VIFXML_E_NONE;
}

int vifxml_iface_item_parent(const vifxml_iface *iface, size_t i) {
  return i < iface->nitems ? iface->items[i].parent : -1;
}

void vifxml_iface_item_position(const vifxml_iface *iface, size_t i,
                                unsigned long *line, unsigned long *column) {
  bool in = i < iface->nitems;
  if (line)
    *line = in ? iface->items[i].line : 0;
  if (column)
    *column = in ? iface->items[i].column : 0;
}

const char *vifxml_iface_item_get(const vifxml_iface *iface, size_t i,
                                  vifxml_field f) {
  if (i >= iface->nitems || !is_field(f) ||
      schema_fields[f].elem != iface->items[i].elem)
    return NULL;
  return iface->items[i].v[schema_field_slot(f)];
}

int vifxml_iface_item_set(vifxml_iface *iface, size_t i, vifxml_field f,
                          const char *value, vifxml_error *err) {
  if (i >= iface->nitems || !is_field(f) ||
      schema_fields[f].elem != iface->items[i].elem) {
    error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0,
              "no such item, or the field is not one of its element's");
    return -1;
  }
  const char *out = NULL;
  if (value && ir_parse_value(iface, f, value, &out, err) < 0)
    return -1;
  iface->items[i].v[schema_field_slot(f)] = out;
  return 0;
}

/* Item k's owner chain reaches a removed item: items come after the item
 * they sit in, so one pass in order marks every descendant. */
int vifxml_iface_remove_item(vifxml_iface *iface, size_t i,
                             vifxml_error *err) {
  if (i >= iface->nitems) {
    error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0, "no item %zu", i);
    return -1;
  }
  int to[VIFXML_LIMIT_ITEMS]; /* new index, -1: removed */
  size_t n = 0;
  for (size_t k = 0; k < iface->nitems; k++) {
    int p = iface->items[k].parent;
    bool gone = k == i || (p >= 0 && (size_t)p < k && to[p] < 0);
    to[k] = gone ? -1 : (int)n;
    if (!gone) {
      iface->items[n] = iface->items[k];
      iface->items[n].parent = p >= 0 ? to[p] : -1;
      n++;
    }
  }
  iface->nitems = n;

  /* Extras attached to a list item follow it; a comment placed before a
   * kept unknown element names that extra's index and follows it too. */
  int xto[VIFXML_LIMIT_EXTRAS];
  for (size_t k = 0; k < iface->nextras; k++) {
    vifxml_extra *x = &iface->extras[k];
    vifxml_elem owner = x->elem < VIFXML_E_COUNT ? x->elem : x->end_of;
    xto[k] = 0;
    if (owner < VIFXML_E_COUNT && vifxml_elem_is_list(owner) && x->item >= 0)
      xto[k] = to[x->item] < 0 ? -1 : 0;
  }
  size_t m = 0;
  for (size_t k = 0; k < iface->nextras; k++) {
    const vifxml_extra *x = &iface->extras[k];
    bool ref = x->elem == VIFXML_E_COUNT && x->end_of == VIFXML_E_COUNT;
    if (ref && x->item >= 0 && (size_t)x->item < iface->nextras &&
        xto[x->item] < 0)
      xto[k] = -1;
    if (xto[k] >= 0)
      xto[k] = (int)m++;
  }
  m = 0;
  for (size_t k = 0; k < iface->nextras; k++) {
    if (xto[k] < 0)
      continue;
    vifxml_extra x = iface->extras[k];
    vifxml_elem owner = x.elem < VIFXML_E_COUNT ? x.elem : x.end_of;
    if (owner < VIFXML_E_COUNT && vifxml_elem_is_list(owner) && x.item >= 0)
      x.item = to[x.item];
    else if (owner == VIFXML_E_COUNT && x.item >= 0 &&
             (size_t)x.item < iface->nextras)
      x.item = xto[x.item];
    iface->extras[m++] = x;
  }
  iface->nextras = m;
  return 0;
}

size_t vifxml_iface_nextras(const vifxml_iface *iface) {
  return iface->nextras;
}

int vifxml_iface_extra(const vifxml_iface *iface, size_t i,
                       vifxml_extra_info *out) {
  if (i >= iface->nextras)
    return -1;
  const vifxml_extra *x = &iface->extras[i];
  memset(out, 0, sizeof *out);
  out->kind = x->kind;
  out->at_end = x->elem == VIFXML_E_COUNT && x->end_of != VIFXML_E_COUNT;
  out->elem = out->at_end ? x->end_of : x->elem;
  out->item = x->item;
  out->before = -1;
  if (x->elem == VIFXML_E_COUNT && x->end_of == VIFXML_E_COUNT &&
      x->item >= 0 && (size_t)x->item < iface->nextras) {
    /* placed before the kept unknown element that is extra x->item */
    const vifxml_extra *u = &iface->extras[x->item];
    out->before = x->item;
    out->elem = u->elem;
    out->item = u->item;
  }
  out->name = x->name;
  out->text = x->text;
  return 0;
}

int vifxml_iface_mac(const vifxml_iface *iface, unsigned char mac[6]) {
  const char *s = iface->f[VIFXML_F_MAC_ADDRESS];
  unsigned b[6];
  if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
                   &b[4], &b[5]) != 6)
    return -1;
  for (int k = 0; k < 6; k++)
    mac[k] = (unsigned char)b[k];
  return 0;
}

const char *vifxml_iface_source(const vifxml_iface *iface) {
  if (iface->kind == VIFXML_KIND_OPAQUE)
    return NULL;
  switch (iface->type) {
  case VIFXML_TYPE_BRIDGE:
    return iface->f[VIFXML_F_SRC_BRIDGE];
  case VIFXML_TYPE_DIRECT:
    return iface->f[VIFXML_F_SRC_DEV];
  case VIFXML_TYPE_VDPA:
    return iface->f[VIFXML_F_SRC_VDPA_DEV];
  case VIFXML_TYPE_NETWORK:
    return iface->f[VIFXML_F_SRC_NETWORK];
  case VIFXML_TYPE_VHOSTUSER:
    return iface->f[VIFXML_F_SRC_PATH];
  case VIFXML_TYPE_INTERNAL:
    return iface->f[VIFXML_F_SRC_INTERNAL_NAME];
  default:
    return NULL;
  }
}

size_t vifxml_iface_vlan_tags(const vifxml_iface *iface, unsigned *tags,
                              size_t max) {
  size_t n = 0;
  const int slot = schema_field_slot(VIFXML_F_TAG_ID);
  for (size_t i = 0; i < iface->nitems; i++) {
    const vifxml_item *it = &iface->items[i];
    if (it->elem != VIFXML_E_TAG || !it->v[slot])
      continue;
    if (n < max)
      tags[n] = (unsigned)strtoul(it->v[slot], NULL, 10);
    n++;
  }
  return n;
}
