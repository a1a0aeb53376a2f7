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
  /* "\n", the indent, then spaces: a line's start is one piece of it when
   * it fits (linelen is 0 when the indent alone does not). */
  char line[64];
  size_t linelen;
  char buf[4096];
  size_t len;
  int status;
  const vifxml_iface *iface;
  const ir_tree *t; /* the tree of the interface's type */
} out;

/* An element being written. Its start tag waits for its first content, so
 * an element found to have none is left out: ir_has_content's answer,
 * without walking the element's fields and children twice. */
typedef struct frame {
  struct frame *up; /* the parent; NULL for <interface> */
  vifxml_elem e;
  int item; /* list item index, or -1 */
  int level;
  bool started; /* "<name" written */
  bool open;    /* and ">": it has children */
} frame;

static void flush(out *o) {
  if (o->len && o->status == 0 && o->write(o->ctx, o->buf, o->len) < 0)
    o->status = -1;
  o->len = 0;
}

static void put_slow(out *o, const char *s, size_t n) {
  flush(o);
  if (n > sizeof o->buf) {
    if (o->status == 0 && o->write(o->ctx, s, n) < 0)
      o->status = -1;
    return;
  }
  memcpy(o->buf, s, n);
  o->len = n;
}

/* Inline: most pieces are a few bytes, many of them constants whose copy
 * the compiler then inlines too. */
static inline void put(out *o, const char *s, size_t n) {
  if (n > sizeof o->buf - o->len) {
    put_slow(o, s, n);
    return;
  }
  memcpy(o->buf + o->len, s, n);
  o->len += n;
}

/* pre, n bytes of s, then post (short constants): one piece when they fit,
 * as a name with its markup about always does. */
static inline void put_between(out *o, const char *pre, const char *s,
                               size_t n, const char *post) {
  size_t a = strlen(pre), b = strlen(post);
  if (a + n + b > sizeof o->buf - o->len) {
    put(o, pre, a);
    put(o, s, n);
    put(o, post, b);
    return;
  }
  char *p = o->buf + o->len;
  memcpy(p, pre, a);
  memcpy(p + a, s, n);
  memcpy(p + a + n, post, b);
  o->len += a + n + b;
}

static inline void put_name(out *o, const char *pre, vifxml_elem e,
                            const char *post) {
  vifxml_name n = schema_elems[e].name;
  put_between(o, pre, schema_names[n], schema_name_lens[n], post);
}

static inline void newline(out *o, int level) {
  size_t n = 1 + o->indentlen + 2 * (size_t)level;
  if (n <= o->linelen) {
    put(o, o->line, n);
    return;
  }
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

/* A run without special bytes: where it ends. */
static const char *plain(const char *s) {
  while (!special[(unsigned char)*s])
    s++;
  return s;
}

/* From s, a special byte, to the end. */
static void escaped_rest(out *o, const char *s, bool attr) {
  while (*s) {
    const char *rep = write_escape(*s, attr);
    if (rep)
      put(o, rep, strlen(rep));
    else
      put(o, s, 1);
    const char *run = s + 1;
    s = plain(run);
    put(o, run, (size_t)(s - run));
  }
}

/* Inline up to the first special byte: most values have none. */
static inline void escaped(out *o, const char *s, bool attr) {
  const char *end = plain(s);
  put(o, s, (size_t)(end - s));
  if (*end)
    escaped_rest(o, end, attr);
}

static void attr(out *o, const char *name, size_t namelen, const char *value) {
  put_between(o, " ", name, namelen, "='");
  escaped(o, value, true);
  put(o, "'", 1);
}

static void comment(out *o, const char *text, int level) {
  newline(o, level);
  put(o, "<!--", 4);
  put(o, text, strlen(text));
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

static void open_tag(out *o, frame *f);

/* Once content turns up: the parent's start tag closed, then the comments
 * before the element, then its own start tag. */
static void start(out *o, frame *f) {
  if (f->started)
    return;
  f->started = true;
  if (f->up) {
    open_tag(o, f->up);
    comments_before(o, f->e, f->item, f->level);
    newline(o, f->level);
  }
  put_name(o, "<", f->e, "");
}

static void open_tag(out *o, frame *f) {
  start(o, f);
  if (!f->open) {
    put(o, ">", 1);
    f->open = true;
  }
}

/* The known attributes in row order, then the unknown ones; returns the
 * element's text, NULL when it has none. */
static const char *attributes(out *o, frame *f) {
  const vifxml_iface *iface = o->iface;
  const ir_tree *t = o->t;
  const int item = f->item, end = t->fld_at[f->e + 1];
  const char *text = NULL;
  int variant = ir_variant(iface, f->e);
  for (int k = t->fld_at[f->e]; k < end; k++) {
    vifxml_field fd = (vifxml_field)t->fld[k];
    const char *v = ir_value(iface, fd, item, variant);
    if (!v)
      continue;
    vifxml_name name = schema_fields[fd].name;
    if (name == VIFXML_N_NONE) {
      text = v;
      continue;
    }
    start(o, f);
    attr(o, schema_names[name], schema_name_lens[name], v);
  }
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_ATTR && x->elem == f->e && x->item == f->item) {
      start(o, f);
      attr(o, x->name, strlen(x->name), x->text);
    }
  }
  return text;
}

static void element(out *o, frame *f);

static void child(out *o, frame *f, vifxml_elem c, int item) {
  frame k = {f, c, item, f->level + 1, false, false};
  if (item >= 0 || ir_kept_empty(o->iface, c))
    start(o, &k);
  element(o, &k);
}

static void children(out *o, frame *f) {
  const vifxml_iface *iface = o->iface;
  const ir_tree *t = o->t;
  const size_t nitems = iface->nitems;
  for (int c = t->kid[f->e]; c < VIFXML_E_COUNT; c = t->sib[c]) {
    if (!iface->present[c] && !nitems)
      continue; /* most children: nothing to write */
    if (schema_elems[c].flags & FL_LIST) {
      for (size_t i = 0; i < nitems; i++)
        if (iface->items[i].elem == (vifxml_elem)c &&
            iface->items[i].parent == f->item)
          child(o, f, (vifxml_elem)c, (int)i);
    } else if (iface->present[c]) {
      child(o, f, (vifxml_elem)c, -1);
    }
  }
}

/* Unknown children after the known ones, then the comments at the end:
 * after every child, whatever their place among the extras (the rules
 * move a comment whose element they drop to the end of the interface). */
static void extras_after(out *o, frame *f) {
  const vifxml_iface *iface = o->iface;
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_ELEMENT && x->elem == f->e &&
        x->item == f->item) {
      open_tag(o, f);
      comments_before(o, VIFXML_E_COUNT, (int)i, f->level + 1);
      newline(o, f->level + 1);
      put(o, x->text, strlen(x->text));
    }
  }
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_COMMENT && x->end_of == f->e &&
        x->item == f->item) {
      open_tag(o, f);
      comment(o, x->text, f->level + 1);
    }
  }
}

static void end_tag(out *o, frame *f) { put_name(o, "</", f->e, ">"); }

static void element(out *o, frame *f) {
  const char *text = attributes(o, f);
  if (text) {
    start(o, f);
    put(o, ">", 1);
    escaped(o, text, false);
    end_tag(o, f);
    return;
  }
  children(o, f);
  extras_after(o, f);
  if (!f->started)
    return;
  if (!f->open) {
    put(o, "/>", 2);
    return;
  }
  newline(o, f->level);
  end_tag(o, f);
}

int vifxml_write_iface(const vifxml_iface *iface, const char *indent,
                       vifxml_write_fn write, void *ctx) {
  out o;
  o.write = write;
  o.ctx = ctx;
  o.indent = indent ? indent : "";
  o.indentlen = strlen(o.indent);
  o.linelen = 0;
  if (o.indentlen < sizeof o.line) {
    memset(o.line, ' ', sizeof o.line);
    o.line[0] = '\n';
    memcpy(o.line + 1, o.indent, o.indentlen);
    o.linelen = sizeof o.line;
  }
  o.len = 0;
  o.status = 0;
  o.iface = iface;
  if (iface->kind == VIFXML_KIND_OPAQUE) {
    put(&o, iface->raw, iface->rawlen);
  } else {
    o.t = schema_tree(iface->type);
    frame root = {NULL, VIFXML_E_INTERFACE, -1, 0, false, false};
    start(&o, &root);
    element(&o, &root);
  }
  flush(&o);
  return o.status;
}
