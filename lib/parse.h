/* The interface builder: turns the expat events inside one <interface> into
 * the IR. stream.c feeds it; it knows nothing of buffers or documents. */
#ifndef VIFXML_PARSE_H
#define VIFXML_PARSE_H

#include "internal.h"
#include "xml.h"

#include <stdint.h>
#include <string.h>

/* Raw input bytes [start, end) (absolute offsets) still held by the
 * stream, for content kept verbatim. */
typedef const char *(*raw_fn)(void *ctx, unsigned long long start,
                              unsigned long long end);
/* The line and column of input offset at, for a message: the position of
 * an end tag is worked out only when something is said about it. */
typedef void (*pos_fn)(void *ctx, unsigned long long at, unsigned long *line,
                       unsigned long *col);

typedef struct {
  vifxml_elem elem;  /* VIFXML_E_COUNT for unknown or dropped content */
  int item;          /* list item index, or -1 */
  int variant;       /* address type for address elements */
  bool skip;         /* inside content kept verbatim or dropped */
  bool has_text;     /* the element's text is a field (no child seen yet) */
  bool stray;        /* text libvirt does not read: dropped with a warning */
  unsigned long tline, tcol; /* where the stray text began */
  /* For --explain: the last known child seen (children are written in
   * table order) and whether an unknown one (written last) came before. */
  vifxml_elem last_child;
  int last_rank; /* last_child's rank */
  bool unknown_child;
} build_frame;

/* An --explain note waiting for the end of its interface. */
typedef struct build_note {
  struct build_note *next;
  unsigned long line, col;
  const char *msg;
} build_note;

typedef struct builder {
  vifxml_iface *iface;
  const schema_type_ix *tix; /* the look-ups for the interface's type */
  const char *file;
  vifxml_error *err;
  vifxml_diag_fn diag;
  void *diag_ctx;
  bool explain; /* a note naming the rule of each rewrite */
  build_note *notes, **notes_tail; /* in the interface's arena */
  raw_fn raw;
  void *raw_ctx;
  pos_fn pos;
  void *pos_ctx;
  int depth; /* open elements inside the interface, itself included */
  /* stack[depth - 1], the innermost open element (while depth > 0): kept,
   * as the text handler asks it for every piece of text. */
  build_frame *top;
  build_frame stack[VIFXML_LIMIT_DEPTH];
  /* The unknown or dropped element being skipped: its depth and start. */
  int skip_depth;
  bool skip_keep;
  unsigned long long skip_start;
  unsigned long skip_line, skip_col;
  int pending_comments; /* comments waiting for the next start tag */
  char text[256];       /* text of the innermost element */
  size_t textlen;
  bool text_blank; /* blanks were skipped before the text */
  unsigned long text_line, text_col; /* where its first character is */
  bool xen_none;        /* type='none': Xen's PV-only NIC */
  /* libvirt reads <driver>'s virtio-net settings for virtio models only:
   * a bad value there is an error once the model is known to be virtio. */
  bool driver_bad;
  vifxml_error driver_err;
  /* A user interface with <backend type='passt'>: libvirt 9.0 as Debian
   * builds it cannot read it, so the interface is kept verbatim (OPAQUE). */
  bool passt;
  unsigned long long start; /* offset of the <interface> start tag */
} builder;

/* Starts an interface; the element's own start tag is passed here. */
int build_begin(builder *b, vifxml_iface *iface, vifxml_arena *arena,
                const char **attrs, unsigned long line, unsigned long col,
                unsigned long long pos);
int build_start(builder *b, const char *name, const char **attrs,
                unsigned long line, unsigned long col, unsigned long long pos);
/* at is the offset of the end tag, end the offset just past it. Returns 1
 * when the interface itself ended (then finished and checked), 0
 * otherwise, -1 on error. */
int build_end(builder *b, unsigned long long at, unsigned long long end);
/* build_end for an element that leaves nothing to do but close it (no
 * text, no comments to attach, nothing kept verbatim, not the interface
 * itself), which needs neither offset: most of them. Returns false, having
 * done nothing, for the rest. */
static inline bool build_end_plain(builder *b) {
  const build_frame *fr = b->top;
  if (fr->skip || fr->stray || b->textlen || b->text_blank ||
      b->pending_comments || b->depth == 1)
    return false;
  b->depth--;
  b->top--;
  return true;
}
int build_text(builder *b, const char *s, int len, unsigned long line,
               unsigned long col);
/* Whether build_text has anything to do with this text: not for blanks
 * between elements that hold no text (the common case, which then needs
 * no position), nor inside content kept verbatim or dropped. Inline: expat
 * reports the blanks between two tags in one or two pieces, at every tag. */
static inline bool build_wants_text(const builder *b, const char *s, int len) {
  const build_frame *fr = b->top;
  if (fr->skip)
    return false;
  if (fr->has_text || fr->stray)
    return true;
  /* Indentation is the most of it: spaces or tabs, eight at a time. */
  int i = 0;
  for (; len - i >= 8; i += 8) {
    uint64_t w8;
    memcpy(&w8, s + i, 8);
    if (w8 != UINT64_C(0x2020202020202020) &&
        w8 != UINT64_C(0x0909090909090909))
      break;
  }
  if (len - i >= 4) {
    uint32_t w4;
    memcpy(&w4, s + i, 4);
    if (w4 == UINT32_C(0x20202020) || w4 == UINT32_C(0x09090909))
      i += 4;
  }
  for (; i < len; i++)
    if (!xml_is_space(s[i]))
      return true;
  return false;
}
int build_comment(builder *b, const char *text);

#endif
