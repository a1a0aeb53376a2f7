/* The canonical form, from the IR alone: elements and attributes in schema
 * table order (which is libvirt's formatter order), single quotes, two
 * spaces per level, kept unknowns after the known content.
 *
 * The code run for every interface is kept small, as the parser's and
 * expat's run between two interfaces and evict it from the instruction
 * cache: what is rare (comments, unknowns kept, escapes, a full room) is
 * out of line and cold. */
#include "internal.h"

#include <string.h>

/* The bytes go to a room (write_iface_in_place): the caller's, or the
 * writer's own, flushed through write when full. */
typedef struct {
  char *p, *end; /* the next byte; the end of the room's WRITE_ROOM bytes */
  char *room;
  write_room_fn lend; /* the caller's rooms; NULL: own */
  vifxml_write_fn write;
  void *ctx;
  int status;
  const char *indent;
  size_t indentlen;
  /* "\n", the indent, then spaces: a line's start is one block of it when
   * it fits (linelen is 0 when the indent alone does not). */
  char line[64];
  size_t linelen;
  const vifxml_iface *iface;
  const ir_tree *t; /* the tree of the interface's type */
  uint64_t have;    /* its elements with something to write, by rank */
  char own[WRITE_ROOM + WRITE_SLACK];
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

/* Hands the room's bytes over and, when more, takes the next room: the
 * caller's while it lends them, else the writer's own; after a failure,
 * the writer goes on in its own room and hands nothing over. */
static void flush(out *o, bool more) {
  size_t used = (size_t)(o->p - o->room);
  char *next = NULL;
  if (o->status == 0) {
    if (o->lend) {
      if (o->lend(o->ctx, used, more, &next) < 0)
        o->status = -1;
      else if (!next)
        o->lend = NULL;
    } else if (used && o->write(o->ctx, o->room, used) < 0) {
      o->status = -1;
    }
  }
  if (!next)
    next = o->own;
  o->room = o->p = next;
  o->end = next + WRITE_ROOM;
}

static VIFXML_COLD VIFXML_NOINLINE void put_slow(out *o, const char *s, size_t n) {
  flush(o, true);
  if (n > WRITE_ROOM) {
    if (o->status == 0 && o->write(o->ctx, s, n) < 0)
      o->status = -1;
    flush(o, true); /* a lent room now starts past the piece */
    return;
  }
  memcpy(o->p, s, n);
  o->p += n;
}

/* Inline: most pieces are a few bytes, many of them constants whose copy
 * the compiler then inlines too. */
static inline void put(out *o, const char *s, size_t n) {
  if (__builtin_expect(n > (size_t)(o->end - o->p), 0)) {
    put_slow(o, s, n);
    return;
  }
  memcpy(o->p, s, n);
  o->p += n;
}

/* The first n bytes of a block of size bytes (a constant, at most
 * WRITE_SLACK): copied whole, which costs a few moves where a copy of n
 * bytes costs a call; the bytes past n land in the slack and are
 * overwritten next. */
static inline void put_block(out *o, const char *block, size_t n,
                             size_t size) {
  if (__builtin_expect(n > (size_t)(o->end - o->p), 0)) {
    put_slow(o, block, n);
    return;
  }
  memcpy(o->p, block, size);
  o->p += n;
}

/* Markup around the names, as blocks: "<name", "</name>" and " name='"
 * (the longest name has a few bytes to spare). */
enum { NAME_BLOCK = 32 };
#define NAME_OPEN(id, val, s) [val] = "<" s,
static const char open_tags[VIFXML_N_COUNT][NAME_BLOCK] = {
    VIFXML_NAMES(NAME_OPEN)};
#undef NAME_OPEN
#define NAME_CLOSE(id, val, s) [val] = "</" s ">",
static const char end_tags[VIFXML_N_COUNT][NAME_BLOCK] = {
    VIFXML_NAMES(NAME_CLOSE)};
#undef NAME_CLOSE
#define NAME_ATTR(id, val, s) [val] = " " s "='",
static const char attr_starts[VIFXML_N_COUNT][NAME_BLOCK] = {
    VIFXML_NAMES(NAME_ATTR)};
#undef NAME_ATTR
/* A block holds its name with the markup (a longer one would be cut), and
 * the slack after a room holds a block or a line's start. */
#define NAME_FITS(id, val, s)                                                  \
  _Static_assert(sizeof("</" s ">") - 1 <= NAME_BLOCK, "name block: " s);
VIFXML_NAMES(NAME_FITS)
#undef NAME_FITS
_Static_assert((int)NAME_BLOCK <= (int)WRITE_SLACK &&
                   sizeof(((out *)0)->line) <= WRITE_SLACK,
               "the slack holds a block");

/* A line's start past the block (an indent of 63 bytes or more). */
static VIFXML_COLD VIFXML_NOINLINE void long_newline(out *o, int level) {
  put(o, "\n", 1);
  put(o, o->indent, o->indentlen);
  for (int i = 0; i < level; i++)
    put(o, "  ", 2);
}

static inline void newline(out *o, int level) {
  size_t n = 1 + o->indentlen + 2 * (size_t)level;
  if (__builtin_expect(n > o->linelen, 0)) {
    long_newline(o, level);
    return;
  }
  put_block(o, o->line, n, sizeof o->line);
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
static VIFXML_COLD VIFXML_NOINLINE void escaped_rest(out *o, const char *s,
                                              bool attr) {
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
  if (__builtin_expect(*end != '\0', 0))
    escaped_rest(o, end, attr);
}

/* A known field's value. */
static inline void value(out *o, vifxml_field f, const char *v, bool attr) {
  if (value_spelled_plain(schema_fields[f].vt))
    put(o, v, strlen(v));
  else
    escaped(o, v, attr);
}

/* An unknown attribute, which the parser kept. */
static VIFXML_COLD VIFXML_NOINLINE void extra_attr(out *o, const vifxml_extra *x) {
  put(o, " ", 1);
  put(o, x->name, strlen(x->name));
  put(o, "='", 2);
  escaped(o, x->text, true);
  put(o, "'", 1);
}

static VIFXML_COLD VIFXML_NOINLINE void comment(out *o, const char *text,
                                         int level) {
  newline(o, level);
  put(o, "<!--", 4);
  put(o, text, strlen(text));
  put(o, "-->", 3);
}

/* The comments before element e (item: list item index, or -1). */
static VIFXML_COLD VIFXML_NOINLINE void comments_before(out *o, vifxml_elem e,
                                                 int item, int level) {
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
static VIFXML_NOINLINE void start_tag(out *o, frame *f) {
  f->started = true;
  if (f->up) {
    open_tag(o, f->up);
    if (o->iface->nextras)
      comments_before(o, f->e, f->item, f->level);
    newline(o, f->level);
  }
  vifxml_name n = schema_elems[f->e].name;
  put_block(o, open_tags[n], schema_name_lens[n] + 1u, NAME_BLOCK);
}

static inline void start(out *o, frame *f) {
  if (!f->started)
    start_tag(o, f);
}

static void open_tag(out *o, frame *f) {
  start(o, f);
  if (!f->open) {
    put(o, ">", 1);
    f->open = true;
  }
}

/* The unknown attributes of the element. */
static VIFXML_COLD VIFXML_NOINLINE void extra_attrs(out *o, frame *f) {
  const vifxml_iface *iface = o->iface;
  for (size_t i = 0; i < iface->nextras; i++) {
    const vifxml_extra *x = &iface->extras[i];
    if (x->kind == VIFXML_EXTRA_ATTR && x->elem == f->e && x->item == f->item) {
      start(o, f);
      extra_attr(o, x);
    }
  }
}

/* The known attributes in row order, then the unknown ones; returns the
 * element's text (its field in *tf), NULL when it has none. */
static const char *attributes(out *o, frame *f, vifxml_field *tf) {
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
      *tf = fd;
      continue;
    }
    start(o, f);
    put_block(o, attr_starts[name], schema_name_lens[name] + 3u, NAME_BLOCK);
    value(o, fd, v, true);
    put(o, "'", 1);
  }
  if (iface->nextras)
    extra_attrs(o, f);
  return text;
}

static void element(out *o, frame *f);

static void child(out *o, frame *f, vifxml_elem c, int item) {
  frame k = {f, c, item, f->level + 1, false, false};
  if (item >= 0 || ir_kept_empty(o->iface, c))
    start(o, &k);
  element(o, &k);
}

/* The children that the interface has, in row order. */
static void children(out *o, frame *f) {
  const vifxml_iface *iface = o->iface;
  const ir_tree *t = o->t;
  for (uint64_t m = o->have & t->kidset[f->e]; m; m &= m - 1) {
    vifxml_elem c = (vifxml_elem)t->at_rank[__builtin_ctzll(m)];
    if (!(schema_elems[c].flags & FL_LIST)) {
      child(o, f, c, -1);
      continue;
    }
    for (size_t i = 0; i < iface->nitems; i++)
      if (iface->items[i].elem == c && iface->items[i].parent == f->item)
        child(o, f, c, (int)i);
  }
}

/* Unknown children after the known ones, then the comments at the end:
 * after every child, whatever their place among the extras (the rules
 * move a comment whose element they drop to the end of the interface). */
static VIFXML_COLD VIFXML_NOINLINE void extras_after(out *o, frame *f) {
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

static void end_tag(out *o, frame *f) {
  vifxml_name n = schema_elems[f->e].name;
  put_block(o, end_tags[n], schema_name_lens[n] + 3u, NAME_BLOCK);
}

/* Not inlined in child: one copy of it for every level. */
static VIFXML_NOINLINE void element(out *o, frame *f) {
  vifxml_field tf = VIFXML_F_COUNT;
  const char *text = attributes(o, f, &tf);
  if (text) {
    start(o, f);
    put(o, ">", 1);
    value(o, tf, text, false);
    end_tag(o, f);
    return;
  }
  children(o, f);
  if (o->iface->nextras)
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

/* Eight flags of present[] as the bits of a byte: a flag's byte with its
 * high bit set when nonzero, the high bits then gathered by a multiply. */
static unsigned given8(const unsigned char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  w = __builtin_bswap64(w); /* p[0] in the low byte */
#endif
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  w = (((w & low7) + low7) | w) & ~low7;
  return (unsigned)((w >> 7) * 0x0102040810204080ull >> 56);
}

/* The elements that may have something to write, as a set of ranks: the
 * singletons given, and the lists that have items. */
static uint64_t have(const vifxml_iface *iface, const ir_tree *t) {
  uint64_t by_elem = 0, m = 0;
  int e = 0;
  for (; e + 8 <= VIFXML_E_COUNT; e += 8)
    by_elem |= (uint64_t)given8(iface->present + e) << e;
  for (; e < VIFXML_E_COUNT; e++)
    by_elem |= (uint64_t)(iface->present[e] != 0) << e;
  for (; by_elem; by_elem &= by_elem - 1)
    m |= 1ull << t->rank[__builtin_ctzll(by_elem)];
  m &= ~t->listset;
  for (size_t i = 0; i < iface->nitems; i++)
    m |= 1ull << t->rank[iface->items[i].elem];
  return m;
}

int write_iface_in_place(const vifxml_iface *iface, const char *indent,
                         write_room_fn room, vifxml_write_fn write, void *ctx) {
  out o;
  o.lend = room;
  o.write = write;
  o.ctx = ctx;
  o.status = 0;
  o.p = o.room = o.own;
  flush(&o, true);
  o.indent = indent ? indent : "";
  o.indentlen = strlen(o.indent);
  o.linelen = 0;
  if (o.indentlen < sizeof o.line) {
    memset(o.line, ' ', sizeof o.line);
    o.line[0] = '\n';
    memcpy(o.line + 1, o.indent, o.indentlen);
    o.linelen = sizeof o.line;
  }
  o.iface = iface;
  if (iface->kind == VIFXML_KIND_OPAQUE) {
    put(&o, iface->raw, iface->rawlen);
  } else {
    o.t = schema_tree(iface->type);
    o.have = have(iface, o.t);
    frame root = {NULL, VIFXML_E_INTERFACE, -1, 0, false, false};
    start(&o, &root);
    element(&o, &root);
  }
  flush(&o, false);
  return o.status;
}

int vifxml_write_iface(const vifxml_iface *iface, const char *indent,
                       vifxml_write_fn write, void *ctx) {
  return write_iface_in_place(iface, indent, NULL, write, ctx);
}
