/* Reads the top-level elements of a buffer into small element trees
 * (lib/xml_tree.h), one expat document per element, as the stream reads
 * its units. */
#include "xml_tree.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* ## Looking things up */

const xml_node *xml_child(const xml_node *n, int name) {
  for (const xml_node *c = n ? n->child : NULL; c; c = c->next)
    if (c->name == name)
      return c;
  return NULL;
}

size_t xml_count(const xml_node *n, int name) {
  size_t k = 0;
  for (const xml_node *c = n ? n->child : NULL; c; c = c->next)
    k += c->name == name;
  return k;
}

const char *xml_attr(const xml_node *n, int name) {
  for (int i = 0; n && i < n->nattrs; i++)
    if (n->attrs[i].name == name)
      return n->attrs[i].value;
  return NULL;
}

const char *xml_attr_ne(const xml_node *n, int name) {
  const char *v = xml_attr(n, name);
  return v && *v ? v : NULL;
}

/* ## Building the trees */

typedef struct {
  xml_unit u; /* first: the user data of expat's handlers */
  const xml_grammar *g;
  vifxml_arena *arena;
  xml_node *stack[VIFXML_LIMIT_DEPTH];
  int depth;
  xml_node *root;
  bool unit_done;
  size_t unit_end, last_tag_end;
  char *text; /* text of the element being read, when the grammar keeps it */
  size_t textlen, textcap;
} reader;

static const char *keep(reader *r, const char *s, size_t n) {
  char *p = arena_strndup(r->arena, s, n);
  if (!p)
    xml_fail_here(&r->u, VIFXML_ERR_NOMEM, "out of memory");
  return p;
}

static int read_attrs(reader *r, xml_node *n, const XML_Char **attrs) {
  int k = 0;
  while (attrs[2 * k])
    k++;
  n->attrs = k ? arena_alloc(r->arena, (size_t)k * sizeof *n->attrs) : NULL;
  if (k && !n->attrs)
    return -1;
  for (int i = 0; i < k; i++) {
    n->attrs[n->nattrs].name = r->g->id(attrs[2 * i]);
    if (!n->attrs[n->nattrs].name)
      continue; /* libvirt ignores attributes it does not read */
    n->attrs[n->nattrs].value =
        keep(r, attrs[2 * i + 1], strlen(attrs[2 * i + 1]));
    if (!n->attrs[n->nattrs++].value)
      return -1;
  }
  return 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **attrs) {
  reader *r = ud;
  if (r->u.failed)
    return;
  r->last_tag_end = (size_t)XML_GetCurrentByteIndex(r->u.xp) +
                    (size_t)XML_GetCurrentByteCount(r->u.xp);
  if (xml_too_deep(&r->u, r->depth))
    return;
  xml_node *n = arena_alloc(r->arena, sizeof *n);
  if (!n) {
    xml_fail_here(&r->u, VIFXML_ERR_NOMEM, "out of memory");
    return;
  }
  memset(n, 0, sizeof *n);
  n->name = r->g->id(name);
  xml_position(&r->u, &n->line, &n->column);
  if (read_attrs(r, n, attrs) < 0) {
    xml_fail_here(&r->u, VIFXML_ERR_NOMEM, "out of memory");
    return;
  }
  if (r->depth == 0) {
    r->root = n;
    if (n->name != r->g->root) {
      char msg[160];
      snprintf(msg, sizeof msg, "expecting root element of '%s', not '%.64s'",
               r->g->name(r->g->root), name);
      xml_fail_here(&r->u, VIFXML_ERR_UNSUPPORTED, msg);
      return;
    }
  } else {
    xml_node *p = r->stack[r->depth - 1];
    if (p->last)
      p->last->next = n;
    else
      p->child = n;
    p->last = n;
  }
  r->stack[r->depth++] = n;
  r->textlen = 0;
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  reader *r = ud;
  (void)name;
  /* expat may still report the end of a tag whose start failed. */
  if (r->u.failed)
    return;
  xml_node *n = r->stack[--r->depth];
  if (r->g->keeps_text(n->name) && r->textlen)
    n->text = keep(r, r->text, r->textlen);
  r->textlen = 0;
  if (r->depth > 0)
    return;
  /* An empty-element tag reports its end with no bytes of its own. */
  size_t count = (size_t)XML_GetCurrentByteCount(r->u.xp);
  r->unit_end = count ? (size_t)XML_GetCurrentByteIndex(r->u.xp) + count
                      : r->last_tag_end;
  r->unit_done = true;
  XML_StopParser(r->u.xp, XML_FALSE);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  reader *r = ud;
  if (r->u.failed || !r->depth ||
      !r->g->keeps_text(r->stack[r->depth - 1]->name))
    return;
  if (r->textlen + (size_t)len > r->textcap) {
    size_t cap = r->textcap ? r->textcap : 64;
    while (cap < r->textlen + (size_t)len)
      cap *= 2;
    char *p = mem_realloc(arena_allocator(r->arena), r->text, cap);
    if (!p) {
      xml_fail_here(&r->u, VIFXML_ERR_NOMEM, "out of memory");
      return;
    }
    r->text = p;
    r->textcap = cap;
  }
  memcpy(r->text + r->textlen, s, (size_t)len);
  r->textlen += (size_t)len;
}

static int unit_reset(reader *r) {
  if (xml_unit_reset(&r->u, on_start, on_end) < 0)
    return -1;
  XML_SetCharacterDataHandler(r->u.xp, on_text);
  r->depth = 0;
  r->root = NULL;
  r->unit_done = false;
  r->textlen = 0;
  return 0;
}

static int read_units(reader *r, const char *buf, size_t len, xml_tree_fn fn,
                      void *ctx) {
  size_t off = 0, units = 0;
  for (;;) {
    while (off < len && xml_is_space(buf[off]))
      xml_advance(&r->u.base_line, &r->u.base_col, buf + off++, 1);
    if (off == len)
      break;
    if (len - off > INT_MAX || unit_reset(r) < 0) {
      xml_fail(&r->u, len - off > INT_MAX ? VIFXML_ERR_LIMIT : VIFXML_ERR_NOMEM,
               r->u.base_line, r->u.base_col + 1,
               "%s too large or out of memory", r->g->what);
      return -1;
    }
    r->u.bytes = buf + off;
    XML_Parse(r->u.xp, buf + off, (int)(len - off), XML_TRUE);
    if (r->u.failed)
      return -1;
    if (!r->unit_done) {
      enum XML_Error code = XML_GetErrorCode(r->u.xp);
      if (code == XML_ERROR_NO_ELEMENTS && !r->root && units)
        break; /* only comments or processing instructions follow */
      unsigned long line, col;
      xml_position(&r->u, &line, &col);
      size_t at = (size_t)XML_GetCurrentByteIndex(r->u.xp);
      const xml_node *open = r->depth > 0 ? r->stack[r->depth - 1] : NULL;
      char msg[256];
      vifxml_error_code ec = xml_error_message(
          code, open && open->name ? r->g->name(open->name) : NULL,
          r->u.bytes + at, len - off > at ? len - off - at : 0, msg,
          sizeof msg);
      xml_fail(&r->u, ec, line, col, "%s", msg);
      return -1;
    }
    units++;
    if (fn(ctx, &r->u, r->root) < 0)
      return -1;
    xml_advance(&r->u.base_line, &r->u.base_col, buf + off, r->unit_end);
    off += r->unit_end;
  }
  if (!units)
    xml_fail(&r->u, VIFXML_ERR_SYNTAX, r->u.base_line, r->u.base_col + 1,
             "no element found");
  return units ? 0 : -1;
}

int xml_tree_read(const xml_grammar *g, vifxml_arena *arena, const char *buf,
                  size_t len, const char *file, vifxml_error *err,
                  xml_tree_fn fn, void *ctx) {
  reader r = {.u = {.file = file, .err = err, .base_line = 1},
              .g = g,
              .arena = arena};
  if (!(r.u.xp = XML_ParserCreate("UTF-8"))) {
    error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory");
    return -1;
  }
  int rc = read_units(&r, buf, len, fn, ctx);
  XML_ParserFree(r.u.xp);
  mem_free(arena_allocator(arena), r.text);
  return rc;
}
