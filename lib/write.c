/* The canonical form, from the IR alone: elements and attributes in schema
 * table order (which is libvirt's formatter order), single quotes, two
 * spaces per level, kept unknowns after the known content. */
#include "internal.h"

#include <string.h>

typedef struct {
  vifxml_write_fn write;
  void *ctx;
  const char *indent;
  size_t indentlen;
  char buf[4096];
  size_t len;
  int status;
  const vifxml_iface *iface;
  const ir_tree *t; /* the tree of the interface's type */
} out;

static void flush(out *o) {
  if (o->len && o->status == 0 && o->write(o->ctx, o->buf, o->len) < 0)
    o->status = -1;
  o->len = 0;
}

static void put(out *o, const char *s, size_t n) {
  if (n > sizeof o->buf - o->len) {
    flush(o);
    if (n > sizeof o->buf) {
      if (o->status == 0 && o->write(o->ctx, s, n) < 0)
        o->status = -1;
      return;
    }
  }
  memcpy(o->buf + o->len, s, n);
  o->len += n;
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void newline(out *o, int level) {
  put(o, "\n", 1);
  put(o, o->indent, o->indentlen);
  for (int i = 0; i < level; i++)
    put(o, "  ", 2);
}

/* Markup, and the whitespace that attribute normalization would otherwise
 * turn into spaces on the next read. */
const char *write_escape(char c, bool attr) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '\'': return attr ? "&apos;" : NULL;
  case '"': return attr ? "&quot;" : NULL;
  case '\t': return attr ? "&#9;" : NULL;
  case '\n': return attr ? "&#10;" : NULL;
  case '\r': return "&#13;";
  }
  return NULL;
}

/* The bytes write_escape may replace (and the end): runs without them are
 * copied whole. */
static const unsigned char special[256] = {
    [0] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1, ['\''] = 1, ['"'] = 1,
    ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};

static void escaped(out *o, const char *s, bool attr) {
  for (;;) {
    const char *run = s;
    while (!special[(unsigned char)*s])
      s++;
    put(o, run, (size_t)(s - run));
    if (!*s)
      return;
    const char *rep = write_escape(*s, attr);
    if (rep)
      puts_(o, rep);
    else
      put(o, s, 1);
    s++;
  }
}

static void attr(out *o, const char *name, const char *value) {
  put(o, " ", 1);
  puts_(o, name);
  put(o, "='", 2);
  escaped(o, value, true);
  put(o, "'", 1);
}

static void comment(out *o, const char *text, int level) {
  newline(o, level);
  put(o, "<!--", 4);
  puts_(o, text);
  put(o, "-->", 3);
}

static void comments_before(out *o, vifxml_elem e, int item, int level) {
  const vifxml_iface *iface = o->iface;
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_COMMENT && x->end_of == VIFXML_E_COUNT &&
        x->elem == e && x->item == item)
      comment(o, x->text, level);
  }
}

static void element(out *o, vifxml_elem e, int item, int level) {
  const vifxml_iface *iface = o->iface;
  const char *text = NULL;
  if (level > 0)
    newline(o, level);
  put(o, "<", 1);
  puts_(o, vifxml_elem_name(e));
  int variant = ir_variant(iface, e);
  int n;
  const unsigned char *fl = schema_elem_fields(e, &n);
  for (int k = 0; k < n; k++) {
    int f = fl[k];
    const char *v = ir_value(iface, (vifxml_field)f, k, item, variant);
    if (!v)
      continue;
    if (schema_fields[f].name == VIFXML_N_NONE)
      text = v;
    else
      attr(o, vifxml_field_name((vifxml_field)f), v);
  }
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_ATTR && x->elem == e && x->item == item)
      attr(o, x->name, x->text);
  }
  if (text) {
    put(o, ">", 1);
    escaped(o, text, false);
    put(o, "</", 2);
    puts_(o, vifxml_elem_name(e));
    put(o, ">", 1);
    return;
  }
  bool open = false;
#define OPEN()                                                                 \
  do {                                                                         \
    if (!open) {                                                               \
      put(o, ">", 1);                                                          \
      open = true;                                                             \
    }                                                                          \
  } while (0)
  for (int c = o->t->kid[e]; c < VIFXML_E_COUNT; c = o->t->sib[c]) {
    if (schema_elems[c].flags & FL_LIST) {
      for (size_t i = 0; i < iface->nitems; i++) {
        if (iface->items[i].elem != (vifxml_elem)c || iface->items[i].parent != item)
          continue;
        OPEN();
        comments_before(o, (vifxml_elem)c, (int)i, level + 1);
        element(o, (vifxml_elem)c, (int)i, level + 1);
      }
    } else if (iface->present[c] &&
               ir_has_content(iface, (vifxml_elem)c, -1)) {
      OPEN();
      comments_before(o, (vifxml_elem)c, -1, level + 1);
      element(o, (vifxml_elem)c, -1, level + 1);
    }
  }
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_ELEMENT && x->elem == e && x->item == item) {
      OPEN();
      comments_before(o, VIFXML_E_COUNT, (int)i, level + 1);
      newline(o, level + 1);
      puts_(o, x->text);
    }
  }
  /* Comments at the end come after every child, unknown ones included,
   * whatever their place among the extras (the rules move a comment whose
   * element they drop to the end of the interface). */
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_COMMENT && x->end_of == e && x->item == item) {
      OPEN();
      comment(o, x->text, level + 1);
    }
  }
#undef OPEN
  if (!open) {
    put(o, "/>", 2);
    return;
  }
  newline(o, level);
  put(o, "</", 2);
  puts_(o, vifxml_elem_name(e));
  put(o, ">", 1);
}

int vifxml_write_iface(const vifxml_iface *iface, const char *indent,
                       vifxml_write_fn write, void *ctx) {
  out o;
  o.write = write;
  o.ctx = ctx;
  o.indent = indent ? indent : "";
  o.indentlen = strlen(o.indent);
  o.len = 0;
  o.status = 0;
  o.iface = iface;
  if (iface->kind == VIFXML_KIND_OPAQUE) {
    put(&o, iface->raw, iface->rawlen);
  } else {
    o.t = schema_tree(iface->type);
    element(&o, VIFXML_E_INTERFACE, -1, 0);
  }
  flush(&o);
  return o.status;
}
