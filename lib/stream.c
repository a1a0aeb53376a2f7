/* The streaming layer: drives expat over input of any size, copies every
 * byte outside an <interface> to the output unchanged, hands each interface
 * to the builder, and writes its canonical form (or lets a callback do
 * something else with it).
 *
 * Input is kept in a window from the first byte not yet copied out; expat
 * parses straight from it (XML_Parse), so the raw bytes of pass-through
 * spans, unknown elements and opaque interfaces are still there when their
 * end event arrives. A stream is a sequence of units (top-level elements);
 * after each unit's root end tag the expat parser is reset. */
#include "parse.h"
#include "xml.h"

#include <stdio.h>
#include <string.h>

#define SLICE 65536       /* input fed to expat at a time */
#define OUT_FLUSH 65536   /* output batch once the hold is released */
#define LINE_KEEP 256     /* bytes kept before a span to find its indent */
#define NAME_KEEP 48      /* open element names kept for messages */
#define DIAG_HOLD 256     /* warnings held back until their unit ends */

typedef struct {
  vifxml_diag_level level;
  vifxml_error d;
} held_diag;

struct vifxml_stream {
  /* First: the user data of expat's handlers. Its bytes are the window's
   * from unit_start and its base the position of unit_start. */
  xml_unit x;
  vifxml_stream_options opt;
  char filename[256];
  const vifxml_allocator *al;
  vifxml_arena *arena;
  vifxml_error err;

  char *win; /* input bytes [wbase, wbase + wlen) */
  size_t wlen, wcap;
  unsigned long long wbase;
  unsigned long long fed;    /* input handed to expat */
  unsigned long long copied; /* input copied to the output */
  unsigned long long safe;   /* input known to hold no interface start */

  unsigned long long unit_start, unit_end;
  /* Line and column of input offset cnt_abs, counted over every byte before
   * it; brought forward before the window drops bytes, so a unit may be
   * larger than the window. */
  unsigned long long cnt_abs;
  unsigned long cnt_line, cnt_col;
  unsigned long long last_cr; /* offset + 1 of the last '\r' counted; 0: none */
  /* The unit outlived an XML_Parse call that ended normally: expat counts
   * its positions from then on (position_at), and the running count waits
   * for the unit's end. */
  bool expat_counts;
  /* The next '\r' at or after cnt_abs (CR_NONE: none before cr_end, the
   * end of the window when it was looked for): a file with LF line ends
   * is searched once, not at every count. */
  unsigned long long cr_next, cr_end;
  bool unit_open;     /* a unit is being parsed */
  bool unit_has_root; /* its root element started */
  bool unit_done;     /* its root element ended */
  int depth;
  /* What each open element is, for the tests made at every tag. */
  unsigned char role[VIFXML_LIMIT_DEPTH];
  /* Each open element's name, for the message of a mismatched end tag:
   * read from its start tag in the window (name_at: where the name
   * starts), and copied into names only when the window is about to drop
   * it (name_kept), which spares a copy at every tag. */
  unsigned long long name_at[VIFXML_LIMIT_DEPTH];
  bool name_kept[VIFXML_LIMIT_DEPTH];
  char names[VIFXML_LIMIT_DEPTH][NAME_KEEP];
  /* The text of the <name> child of the enclosing <domain>
   * (vifxml_stream_domain): read while dname_open, known once dname_set. */
  char *dname;
  size_t dname_len, dname_cap;
  bool dname_open, dname_set;

  bool foreign;   /* the unit is not a guest definition: copied as it is */
  /* The first unit of the input that was not a guest definition, and
   * where (for vifxml_parse_one's message). */
  const char *foreign_what;
  unsigned long foreign_line, foreign_col;
  size_t iface_nheld; /* warnings held when the interface started */
  /* The input's line ends, from its first: 0 not seen yet, 'n' LF, 'r'
   * CRLF; eol_seen: input looked at for it, prev_cr: its last byte was
   * '\r'). Rewritten interfaces take them (emit_cr: the last byte written
   * of one was '\r'). */
  char eol;
  unsigned long long eol_seen;
  bool prev_cr, emit_cr;

  bool in_iface;
  unsigned long long iface_start;
  char indent[LINE_KEEP + 1];
  builder b;
  vifxml_iface iface;

  char *out;
  size_t olen, ocap;
  bool released; /* output has been written to the sink */
  held_diag *held;
  size_t nheld, cheld;
  vifxml_stats stats;
};

/* ## Output */

static int sink(vifxml_stream *s, const char *buf, size_t len) {
  if (!s->opt.write || !len)
    return 0;
  return s->opt.write(s->opt.write_ctx, buf, len);
}

static int out_flush(vifxml_stream *s) {
  int r = sink(s, s->out, s->olen);
  s->olen = 0;
  s->released = true;
  return r;
}

/* Room for need bytes in a buffer of the stream's (*p, *cap), which
 * starts at first bytes and doubles. */
static int grow(vifxml_stream *s, char **p, size_t *cap, size_t need,
                size_t first) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : first;
  while (c < need)
    c *= 2;
  char *q = mem_realloc(s->al, *p, c);
  if (!q)
    return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* Room for len more bytes of output. The first output is held until
 * VIFXML_LIMIT_HOLD bytes of input: room for all of it is taken at once
 * rather than by doubling, which copied the held bytes over and over and
 * touched fresh pages in every new stream (a larger hold grows as it
 * fills). */
static int out_room(vifxml_stream *s, size_t len) {
  return grow(s, &s->out, &s->ocap, s->olen + len,
              VIFXML_LIMIT_HOLD + OUT_FLUSH);
}

/* Takes len bytes written at the end of the output. */
static int out_added(vifxml_stream *s, size_t len) {
  s->olen += len;
  /* Output can be longer than its input: the hold is released only once
   * the input, too, is past it, so a bad input smaller than the hold
   * writes nothing. */
  if (s->released ? s->olen >= OUT_FLUSH
                  : s->olen >= s->opt.hold && s->stats.bytes >= s->opt.hold)
    return out_flush(s);
  return 0;
}

int vifxml_stream_emit(vifxml_stream *s, const char *buf, size_t len) {
  if (!s->opt.write)
    return 0;
  if (out_room(s, len) < 0)
    return -1;
  memcpy(s->out + s->olen, buf, len);
  return out_added(s, len);
}

/* Writes an interface's bytes with the input's line ends: an LF that is not
 * already part of a CRLF (kept raw bytes have the input's own) gets a CR. */
static int iface_emit_cb(void *ctx, const char *buf, size_t len) {
  vifxml_stream *s = ctx;
  if (s->eol != 'r')
    return vifxml_stream_emit(s, buf, len);
  const char *p = buf, *end = buf + len, *nl;
  while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
    bool cr = nl > buf ? nl[-1] == '\r' : s->emit_cr;
    if (vifxml_stream_emit(s, p, (size_t)(nl - p)) < 0 ||
        vifxml_stream_emit(s, cr ? "\n" : "\r\n", cr ? 1 : 2) < 0)
      return -1;
    p = nl + 1;
  }
  if (len)
    s->emit_cr = end[-1] == '\r';
  return vifxml_stream_emit(s, p, (size_t)(end - p));
}

/* Learns the input's line ends from its first, over the window's bytes not
 * yet looked at. Called as each slice is parsed, so the interfaces that end
 * before the first line end of the input, if any, are written alike however
 * the input was read (with LF when it is not in their slice). */
static void learn_eol(vifxml_stream *s) {
  unsigned long long wend = s->wbase + s->wlen;
  const char *p = s->win + (s->eol_seen - s->wbase);
  const char *nl = memchr(p, '\n', (size_t)(wend - s->eol_seen));
  if (nl)
    s->eol = (nl > p ? nl[-1] == '\r' : s->prev_cr) ? 'r' : 'n';
  else if (wend > s->eol_seen)
    s->prev_cr = s->win[wend - 1 - s->wbase] == '\r';
  s->eol_seen = wend;
}

/* The writer's rooms (write_iface_in_place): the end of the output. None
 * is taken after the interface's last bytes, and when the buffer cannot
 * grow by a room, the writer's own buffer serves, as bytes then need no
 * more room than their own. */
static int iface_room(void *ctx, size_t used, bool more, char **next) {
  vifxml_stream *s = ctx;
  if (used && out_added(s, used) < 0)
    return -1;
  *next = more && out_room(s, WRITE_ROOM + WRITE_SLACK) == 0
              ? s->out + s->olen
              : NULL;
  return 0;
}

int vifxml_stream_write_iface(vifxml_stream *s, const vifxml_iface *iface) {
  if (!s->opt.write)
    return 0; /* nothing would be kept */
  /* Line ends to rewrite: the bytes go through iface_emit_cb. */
  if (s->eol == 'r')
    return vifxml_write_iface(iface, s->indent, iface_emit_cb, s);
  return write_iface_in_place(iface, s->indent, iface_room, iface_emit_cb, s);
}

/* Copies input up to abs (exclusive) to the output. */
static int copy_input(vifxml_stream *s, unsigned long long abs) {
  if (abs <= s->copied)
    return 0;
  int r = vifxml_stream_emit(s, s->win + (s->copied - s->wbase),
                             (size_t)(abs - s->copied));
  s->copied = abs;
  return r;
}

/* ## Positions and errors */

static unsigned long long here(vifxml_stream *s) {
  return s->unit_start + (unsigned long long)XML_GetCurrentByteIndex(s->x.xp);
}

static void stop(vifxml_stream *s) { XML_StopParser(s->x.xp, XML_FALSE); }

static void fail_pending(vifxml_stream *s) {
  unsigned long line, col;
  xml_position(&s->x, &line, &col);
  xml_fail(&s->x, VIFXML_ERR_LIMIT, line, col,
           "more than %u bytes without a complete tag (token, text or comment "
           "too long)",
           VIFXML_LIMIT_PENDING_BYTES);
  stop(s);
}

/* Warnings and notes are held until their unit has parsed: a unit that
 * fails reports its error alone, as it writes no output. */
static void diag_release(vifxml_stream *s) {
  for (size_t i = 0; i < s->nheld; i++)
    s->opt.on_diag(s->opt.diag_ctx, s->held[i].level, &s->held[i].d);
  s->nheld = 0;
}

static void diag_cb(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  vifxml_stream *s = ctx;
  if (!s->opt.on_diag)
    return;
  if (s->nheld == DIAG_HOLD)
    diag_release(s);
  if (s->nheld == s->cheld) {
    size_t c = s->cheld ? s->cheld * 2 : 8;
    held_diag *p = mem_realloc(s->al, s->held, c * sizeof *p);
    if (!p) {
      s->opt.on_diag(s->opt.diag_ctx, level, d);
      return;
    }
    s->held = p;
    s->cheld = c;
  }
  held_diag *h = &s->held[s->nheld++];
  h->level = level;
  h->d = *d;
  if (!h->d.file[0])
    snprintf(h->d.file, sizeof h->d.file, "%s", s->filename);
}

void vifxml_stream_diag(void *stream, vifxml_diag_level level,
                        const vifxml_error *d) {
  diag_cb(stream, level, d);
}

#define CR_NONE (~0ull)

/* Brings last_cr up to input offset abs: the '\r's before it. */
static void count_cr(vifxml_stream *s, unsigned long long abs) {
  for (;;) {
    if (s->cr_next == CR_NONE) {
      unsigned long long from = s->cr_end > s->cnt_abs ? s->cr_end : s->cnt_abs;
      unsigned long long wend = s->wbase + s->wlen;
      if (from >= abs)
        return;
      const char *p = s->win + (from - s->wbase);
      const char *r = memchr(p, '\r', (size_t)(wend - from));
      s->cr_end = wend;
      if (!r)
        return;
      s->cr_next = from + (unsigned long long)(r - p);
    }
    if (s->cr_next >= abs)
      return;
    s->last_cr = s->cr_next + 1;
    s->cr_end = s->cr_next + 1;
    s->cr_next = CR_NONE;
  }
}

/* Brings the running count up to input offset abs (still in the window). */
static void count_to(vifxml_stream *s, unsigned long long abs) {
  if (abs <= s->cnt_abs)
    return;
  count_cr(s, abs);
  xml_advance(&s->cnt_line, &s->cnt_col, s->win + (s->cnt_abs - s->wbase),
              (size_t)(abs - s->cnt_abs));
  s->cnt_abs = abs;
}

/* The position of the current event, at input offset abs, as xml_position()
 * gives it. expat counts positions in a second pass over the bytes of each
 * XML_Parse call, except when the call ends at a unit's end: a stream of
 * small documents, where each call ends so, takes the running count (a
 * pass costs less here than in expat), a unit that outlives a call takes
 * expat's, paid for already. Both count lines and UTF-8 characters alike,
 * except that expat takes a lone '\r' for a line break: a unit that holds
 * a '\r' before abs uses expat's numbers. */
static void position_at(vifxml_stream *s, unsigned long long abs,
                        unsigned long *line, unsigned long *col) {
  if (!s->expat_counts) {
    count_to(s, abs);
    if (s->last_cr <= s->unit_start) {
      *line = s->cnt_line;
      *col = s->cnt_col + 1;
      return;
    }
  }
  xml_position(&s->x, line, col);
}

/* At the end tag of a unit whose positions were expat's: the running count
 * resumes from expat's position of the tag (at input offset abs). */
static void count_from_expat(vifxml_stream *s, unsigned long long abs) {
  unsigned long line, col;
  xml_position(&s->x, &line, &col);
  s->cnt_line = line;
  s->cnt_col = col - 1;
  s->cnt_abs = abs;
  s->expat_counts = false;
}

/* The name of the open element at depth d, copied out of the window (a
 * start tag's name runs to a blank, '/' or '>'), truncated to NAME_KEEP - 1
 * bytes as snprintf "%s" would. */
static const char *keep_name(vifxml_stream *s, int d) {
  if (!s->name_kept[d]) {
    const char *p = s->win + (s->name_at[d] - s->wbase);
    const char *end = s->win + s->wlen;
    size_t n = 0;
    while (n < NAME_KEEP - 1 && p + n < end && !xml_is_space(p[n]) &&
           p[n] != '/' && p[n] != '>')
      n++;
    memcpy(s->names[d], p, n);
    s->names[d][n] = '\0';
    s->name_kept[d] = true;
  }
  return s->names[d];
}

/* ## Interfaces */

/* The indentation of the interface starting at input offset abs: the blanks
 * just before its start tag, which are the line's indentation when the tag
 * begins its line. (Not the line's own indentation when something precedes
 * the tag: an interface rewritten earlier on that line would change it, and
 * normalizing twice would not agree.) */
static void find_indent(vifxml_stream *s, unsigned long long abs) {
  const char *p = s->win + (abs - s->wbase), *start = p;
  while (start > s->win && (start[-1] == ' ' || start[-1] == '\t') &&
         p - start < LINE_KEEP)
    start--;
  size_t n = (size_t)(p - start);
  memcpy(s->indent, start, n);
  s->indent[n] = '\0';
}

static const char *raw_cb(void *ctx, unsigned long long start,
                          unsigned long long end) {
  vifxml_stream *s = ctx;
  if (start < s->wbase || end > s->wbase + s->wlen)
    return NULL;
  return s->win + (start - s->wbase);
}

static void pos_cb(void *ctx, unsigned long long at, unsigned long *line,
                   unsigned long *col) {
  position_at(ctx, at, line, col);
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int len);
static void XMLCALL on_comment(void *ud, const XML_Char *t);
static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *d);

static void set_iface_handlers(vifxml_stream *s, bool on) {
  XML_SetCharacterDataHandler(s->x.xp, on ? on_text : NULL);
  XML_SetCommentHandler(s->x.xp, on ? on_comment : NULL);
  XML_SetProcessingInstructionHandler(s->x.xp, on ? on_pi : NULL);
}

static void iface_done(vifxml_stream *s, unsigned long long end) {
  vifxml_iface *ifc = &s->iface;
  s->stats.interfaces++;
  s->stats.by_kind[ifc->kind]++;
  s->stats.legacy += ifc->legacy;
  /* (the parser says why an OPAQUE interface is passed through) */
  int r;
  if (s->opt.on_iface) {
    vifxml_error e = {0};
    r = s->opt.on_iface(s->opt.iface_ctx, s, ifc, s->indent, &e);
    if (r < 0) {
      /* A hook that says nothing of the kind refused the interface. */
      xml_fail(&s->x, e.code ? e.code : VIFXML_ERR_INVALID,
               e.line ? e.line : ifc->line,
               e.line ? e.column : ifc->column, "%s",
               e.message[0] ? e.message : "interface rejected");
      stop(s);
    }
  } else {
    r = vifxml_stream_write_iface(s, ifc);
    if (r < 0)
      xml_fail_here(&s->x, VIFXML_ERR_IO, "cannot write output");
  }
  s->in_iface = false;
  s->copied = s->safe = end;
  set_iface_handlers(s, false);
  vifxml_arena_reset(s->arena);
}

/* ## Element roles */

enum { ROLE_OTHER, ROLE_DEVICES, ROLE_DOMAIN, ROLE_NAME };

static unsigned char element_role(const XML_Char *name) {
  /* at every tag: the second byte tells most names apart without a call */
  switch (name[0]) {
  case 'd':
    return name[1] == 'e' && !strcmp(name, "devices")   ? ROLE_DEVICES
           : name[1] == 'o' && !strcmp(name, "domain") ? ROLE_DOMAIN
                                                       : ROLE_OTHER;
  case 'n':
    return name[1] == 'a' && !strcmp(name, "name") ? ROLE_NAME : ROLE_OTHER;
  }
  return ROLE_OTHER;
}

/* ## The enclosing domain's name */

static void XMLCALL on_dname_text(void *ud, const XML_Char *t, int len) {
  vifxml_stream *s = ud;
  size_t n = (size_t)len;
  if (s->dname_len + n + 1 > s->dname_cap) {
    size_t cap = s->dname_cap ? s->dname_cap : 64;
    while (cap < s->dname_len + n + 1)
      cap *= 2;
    char *p = mem_realloc(s->al, s->dname, cap);
    if (!p) {
      xml_fail_here(&s->x, VIFXML_ERR_NOMEM, "out of memory");
      return;
    }
    s->dname = p;
    s->dname_cap = cap;
  }
  memcpy(s->dname + s->dname_len, t, n);
  s->dname_len += n;
  s->dname[s->dname_len] = '\0';
}

/* Only a <name> whose parent is a <domain> names it (devices have <name>
 * elements too); the first one counts, as libvirt reads name[1]. Called
 * outside interfaces, before the element is pushed. */
static void domain_name_start(vifxml_stream *s, unsigned char role) {
  if (role == ROLE_DOMAIN) {
    if (s->dname_open)
      XML_SetCharacterDataHandler(s->x.xp, NULL);
    s->dname_set = s->dname_open = false;
  } else if (role == ROLE_NAME && !s->dname_set && !s->dname_open &&
             s->depth > 0 && s->role[s->depth - 1] == ROLE_DOMAIN) {
    s->dname_open = true;
    s->dname_len = 0;
    if (s->dname)
      s->dname[0] = '\0';
    XML_SetCharacterDataHandler(s->x.xp, on_dname_text);
  }
}

/* Called outside interfaces once the element at s->depth has ended. */
static void domain_name_end(vifxml_stream *s) {
  unsigned char role = s->role[s->depth];
  if (s->dname_open && s->depth > 0 && role == ROLE_NAME &&
      s->role[s->depth - 1] == ROLE_DOMAIN) {
    s->dname_open = false;
    s->dname_set = true;
    XML_SetCharacterDataHandler(s->x.xp, NULL);
  } else if (role == ROLE_DOMAIN) {
    s->dname_set = s->dname_open = false;
  }
}

/* ## Units that are not guest definitions */

/* What a unit's root makes it when it is not a guest definition: a host
 * interface (virsh iface-dumpxml: <interface name=...>), a <network>, or a
 * capabilities document (whose <devices><interface> lists what a
 * hypervisor supports). NULL for the rest. */
static const char *foreign_root(const XML_Char *name, const XML_Char **attrs) {
  if (!strcmp(name, "interface")) {
    for (; attrs[0]; attrs += 2)
      if (!strcmp(attrs[0], "name"))
        return "a host interface definition (as virsh iface-dumpxml writes it)";
    return NULL;
  }
  if (!strcmp(name, "network"))
    return "a <network> definition";
  if (!strcmp(name, "capabilities") || !strcmp(name, "domainCapabilities"))
    return "a capabilities document";
  return NULL;
}

/* Children only a host interface has (a guest's <vlan> has them too). */
static bool host_iface_child(const XML_Char *name) {
  return !strcmp(name, "start") || !strcmp(name, "protocol") ||
         !strcmp(name, "bond") || !strcmp(name, "bridge");
}

static void leave_foreign(vifxml_stream *s, const char *what,
                          unsigned long line, unsigned long col) {
  s->foreign = true;
  if (!s->foreign_what) {
    s->foreign_what = what;
    s->foreign_line = line;
    s->foreign_col = col;
  }
  diag_emit(diag_cb, s, VIFXML_DIAG_NOTE, NULL, line, col,
            "%s, not a guest definition: left as it is", what);
}

/* A root <interface> turns out to be a host's: its bytes, still in the
 * window from iface_start, are copied like any others, and what was said
 * about it as a guest interface is taken back (tag_end: the end of the
 * child's start tag that tells). */
static void host_iface_found(vifxml_stream *s, unsigned long long tag_end) {
  s->in_iface = false;
  set_iface_handlers(s, false);
  vifxml_arena_reset(s->arena);
  if (s->nheld > s->iface_nheld)
    s->nheld = s->iface_nheld;
  s->safe = tag_end;
  leave_foreign(s, "a host interface definition (as virsh iface-dumpxml writes it)",
                s->iface.line, s->iface.column);
}

/* ## expat handlers */

/* Outside interfaces, the bytes since the last complete tag (text, comments
 * and this tag) are limited; process() applies the same limit to a tag not
 * yet complete. */
static bool pending_over(vifxml_stream *s, unsigned long long tag_end) {
  if (tag_end - s->safe <= VIFXML_LIMIT_PENDING_BYTES)
    return false;
  fail_pending(s);
  return true;
}

/* Opens the element at s->depth (its start tag at input offset abs). */
static void push_element(vifxml_stream *s, unsigned long long abs,
                         unsigned char role) {
  s->name_at[s->depth] = abs + 1; /* past the '<' */
  s->name_kept[s->depth] = false;
  s->role[s->depth] = role;
  s->depth++;
}

/* A start tag inside an interface, for the builder. No role is asked of
 * the elements in one (ROLE_OTHER stands for theirs: a host interface's
 * children have no other), nor the end of the tag but by a host
 * interface's child. */
static void iface_start_tag(vifxml_stream *s, const XML_Char *name,
                            const XML_Char **attrs, unsigned long long abs) {
  if (xml_too_deep(&s->x, s->depth))
    return;
  push_element(s, abs, ROLE_OTHER);
  if (s->depth == 2 && host_iface_child(name)) {
    host_iface_found(
        s, abs + (unsigned long long)XML_GetCurrentByteCount(s->x.xp));
    return;
  }
  unsigned long line, col;
  position_at(s, abs, &line, &col);
  if (build_start(&s->b, name, attrs, line, col, abs) < 0) {
    s->x.failed = true;
    stop(s);
  }
}

static void XMLCALL on_start(void *ud, const XML_Char *name,
                             const XML_Char **attrs) {
  vifxml_stream *s = ud;
  if (s->x.failed)
    return;
  unsigned long long abs = here(s);
  if (s->in_iface) {
    iface_start_tag(s, name, attrs, abs);
    return;
  }
  unsigned long line, col;
  /* The end of the tag: what is pending outside interfaces. */
  unsigned long long tag_end =
      abs + (unsigned long long)XML_GetCurrentByteCount(s->x.xp);
  if (pending_over(s, tag_end))
    return;
  if (xml_too_deep(&s->x, s->depth))
    return;
  bool parent_devices = s->depth == 0 || s->role[s->depth - 1] == ROLE_DEVICES;
  unsigned char role = element_role(name);
  if (role == ROLE_DOMAIN)
    s->stats.domains++;
  domain_name_start(s, role);
  push_element(s, abs, role);
  s->unit_has_root = true;
  const char *foreign =
      s->depth == 1 ? foreign_root(name, attrs) : NULL;
  if (foreign) {
    position_at(s, abs, &line, &col);
    leave_foreign(s, foreign, line, col);
  }
  if (s->foreign ||
      !(parent_devices && name[0] == 'i' && !strcmp(name, "interface"))) {
    s->safe = tag_end;
    return;
  }
  s->safe = abs;
  if (copy_input(s, abs) < 0) {
    xml_fail_here(&s->x, VIFXML_ERR_IO, "cannot write output");
    return;
  }
  find_indent(s, abs);
  s->in_iface = true;
  s->iface_start = abs;
  s->iface_nheld = s->nheld;
  position_at(s, abs, &line, &col);
  if (build_begin(&s->b, &s->iface, s->arena, attrs, line, col, abs) < 0) {
    s->x.failed = true;
    stop(s);
    return;
  }
  set_iface_handlers(s, true);
}

/* An end tag that needs its offsets: out of line, so that the plain ends
 * in on_end save no registers. */
static VIFXML_NOINLINE void end_tag(vifxml_stream *s) {
  unsigned long long abs = here(s);
  /* An empty-element tag reports its end with no bytes of its own, at the
   * end of the tag (expat moves the event there). */
  unsigned long long end =
      abs + (unsigned long long)XML_GetCurrentByteCount(s->x.xp);
  if (!s->in_iface && pending_over(s, end))
    return;
  s->depth--;
  if (!s->in_iface)
    domain_name_end(s);
  if (s->in_iface) {
    int r = build_end(&s->b, abs, end);
    if (r < 0) {
      s->x.failed = true;
      stop(s);
      return;
    }
    if (r == 1 && end - s->iface_start > VIFXML_LIMIT_IFACE_BYTES) {
      xml_fail(&s->x, VIFXML_ERR_LIMIT, s->iface.line, s->iface.column,
               "<interface> is larger than %u bytes", VIFXML_LIMIT_IFACE_BYTES);
      stop(s);
      return;
    }
    if (r == 1)
      iface_done(s, end);
  } else {
    s->safe = end;
  }
  if (s->depth == 0 && !s->x.failed) {
    /* The next unit's positions follow this one's: expat's where it had
     * them (a unit it counted, or one with a '\r'). */
    if (!s->expat_counts)
      count_to(s, abs);
    if (s->expat_counts || s->last_cr > s->unit_start)
      count_from_expat(s, abs);
    diag_release(s);
    s->unit_done = true;
    s->unit_end = end;
    s->stats.units++;
    stop(s);
  }
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  vifxml_stream *s = ud;
  (void)name;
  /* After a failure expat may still report the end of an empty-element
   * tag (XML_StopParser takes effect between tokens): nothing more to do. */
  if (s->x.failed)
    return;
  /* Most ends inside an interface need neither offset. */
  if (s->in_iface && build_end_plain(&s->b))
    s->depth--;
  else
    end_tag(s);
}

/* Text the builder reads: rare, out of line, so that the test in on_text
 * saves no registers. */
static VIFXML_NOINLINE void
text_event(vifxml_stream *s, const XML_Char *t, int len) {
  unsigned long line, col;
  position_at(s, here(s), &line, &col);
  if (build_text(&s->b, t, len, line, col) < 0) {
    s->x.failed = true;
    stop(s);
  }
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int len) {
  vifxml_stream *s = ud;
  if (!s->x.failed && build_wants_text(&s->b, t, len))
    text_event(s, t, len);
}

static void XMLCALL on_comment(void *ud, const XML_Char *t) {
  vifxml_stream *s = ud;
  if (s->x.failed)
    return;
  if (build_comment(&s->b, t) < 0)
    xml_fail_here(&s->x,
                  s->b.iface->nextras >= VIFXML_LIMIT_EXTRAS ? VIFXML_ERR_LIMIT
                                                             : VIFXML_ERR_NOMEM,
                  "too many comments in <interface> or out of memory");
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *d) {
  (void)target;
  (void)d;
  xml_fail_here(ud, VIFXML_ERR_UNSUPPORTED,
                "processing instructions inside <interface> are not supported");
}

static int unit_reset(vifxml_stream *s) {
  if (xml_unit_reset(&s->x, on_start, on_end) < 0)
    return -1;
  s->depth = 0;
  s->unit_has_root = s->unit_done = s->foreign = s->expat_counts = false;
  s->dname_open = s->dname_set = false;
  return 0;
}

/* ## Driving expat */

static void expat_error(vifxml_stream *s) {
  unsigned long line, col;
  xml_position(&s->x, &line, &col);
  unsigned long long at = here(s), wend = s->wbase + s->wlen;
  char msg[256];
  vifxml_error_code code = xml_error_message(
      XML_GetErrorCode(s->x.xp), s->depth > 0 ? keep_name(s, s->depth - 1) : NULL,
      s->win + (at - s->wbase), at < wend ? wend - at : 0, msg, sizeof msg);
  xml_fail(&s->x, code, line, col, "%s", msg);
}

/* Drops window bytes nobody needs any more (keeping a little before them,
 * to find the indentation of a line). */
static void compact(vifxml_stream *s) {
  unsigned long long keep = s->in_iface ? s->iface_start : s->copied;
  if (keep > s->wbase + LINE_KEEP)
    keep -= LINE_KEEP;
  else
    keep = s->wbase;
  size_t drop = (size_t)(keep - s->wbase);
  if (!drop)
    return;
  if (!s->expat_counts)
    count_to(s, keep);
  for (int d = 0; d < s->depth; d++)
    if (s->name_at[d] < keep)
      keep_name(s, d);
  memmove(s->win, s->win + drop, s->wlen - drop);
  s->wlen -= drop;
  s->wbase = keep;
}

/* Parses what the window holds beyond `fed`. */
static int process(vifxml_stream *s, bool final) {
  if (!s->eol)
    learn_eol(s);
  for (;;) {
    unsigned long long wend = s->wbase + s->wlen;
    if (!s->unit_open) {
      /* Between units: white space passes through, then a new unit. */
      while (s->fed < wend && xml_is_space(s->win[s->fed - s->wbase]))
        s->fed++;
      count_to(s, s->fed);
      s->x.base_line = s->cnt_line;
      s->x.base_col = s->cnt_col;
      s->safe = s->fed;
      if (s->fed == wend)
        break;
      const unsigned char *c = (const unsigned char *)s->win + (s->fed - s->wbase);
      if (wend - s->fed < 2 && !final && (c[0] == 0xFE || c[0] == 0xFF))
        break; /* half a UTF-16 byte order mark, perhaps */
      if (wend - s->fed >= 2 && ((c[0] == 0xFE && c[1] == 0xFF) ||
                                 (c[0] == 0xFF && c[1] == 0xFE))) {
        xml_fail(&s->x, VIFXML_ERR_ENCODING, s->x.base_line,
                 s->x.base_col + 1,
                 "UTF-16 input is not supported: expected UTF-8");
        return -1;
      }
      if (unit_reset(s) < 0) {
        xml_fail(&s->x, VIFXML_ERR_NOMEM, s->x.base_line, s->x.base_col + 1,
                 "out of memory");
        return -1;
      }
      s->unit_open = true;
      s->unit_start = s->fed;
    }
    size_t n = (size_t)(wend - s->fed);
    if (!n && !final)
      break;
    /* Nothing of the unit is copied out before its root starts, so the
     * window holds its bytes: all that the DOCTYPE handler looks back at. */
    if (!s->unit_has_root)
      s->x.bytes = s->win + (s->unit_start - s->wbase);
    enum XML_Status st =
        XML_Parse(s->x.xp, s->win + (s->fed - s->wbase), (int)n, final);
    if (st == XML_STATUS_ERROR && s->unit_done && !s->x.failed) {
      /* The root ended: the rest of the window starts the next unit. */
      unsigned long line, col;
      s->fed = s->unit_end;
      count_to(s, s->unit_end);
      line = s->cnt_line;
      col = s->cnt_col;
      s->x.base_line = line;
      s->x.base_col = col;
      s->unit_open = false;
      s->safe = s->unit_end;
      if (copy_input(s, s->safe) < 0) {
        xml_fail(&s->x, VIFXML_ERR_IO, line, col + 1, "cannot write output");
        return -1;
      }
      /* no compact() here: moving the window's tail after every small unit
       * costs more than the unit; the end of process() compacts once. */
      continue;
    }
    if (st == XML_STATUS_ERROR) {
      if (!s->x.failed) {
        if (final && XML_GetErrorCode(s->x.xp) == XML_ERROR_NO_ELEMENTS &&
            !s->unit_has_root && s->stats.units > 0) {
          /* Only comments or PIs after the last unit. */
          s->fed = wend;
          s->unit_open = false;
          return 0;
        }
        expat_error(s);
      }
      return -1;
    }
    s->fed = wend;
    /* expat has counted this call's bytes (see position_at) */
    s->expat_counts = s->unit_open;
    break;
  }
  if (!s->in_iface && copy_input(s, s->safe) < 0) {
    xml_fail_here(&s->x, VIFXML_ERR_IO, "cannot write output");
    return -1;
  }
  if (s->in_iface && s->fed - s->iface_start > VIFXML_LIMIT_IFACE_BYTES) {
    xml_fail(&s->x, VIFXML_ERR_LIMIT, s->iface.line, s->iface.column,
             "<interface> is larger than %u bytes", VIFXML_LIMIT_IFACE_BYTES);
    return -1;
  }
  if (!s->in_iface && s->fed - s->safe > VIFXML_LIMIT_PENDING_BYTES) {
    fail_pending(s);
    return -1;
  }
  compact(s);
  return 0;
}

static int window_append(vifxml_stream *s, const char *buf, size_t len) {
  if (grow(s, &s->win, &s->wcap, s->wlen + len, 2 * SLICE) < 0)
    return -1;
  memcpy(s->win + s->wlen, buf, len);
  s->wlen += len;
  return 0;
}

/* expat is handed the input in slices that end at multiples of SLICE from
 * the start of the input, whatever the caller's chunks: expat's events,
 * errors and positions (and the limits checked between slices) then do not
 * depend on how the input was read. */
int vifxml_stream_feed(vifxml_stream *s, const char *buf, size_t len) {
  if (s->x.failed)
    return -1;
  while (len) {
    size_t room = SLICE - (size_t)(s->stats.bytes % SLICE);
    size_t n = len < room ? len : room;
    if (window_append(s, buf, n) < 0) {
      xml_fail(&s->x, VIFXML_ERR_NOMEM, 0, 0, "out of memory");
      return -1;
    }
    s->stats.bytes += n;
    buf += n;
    len -= n;
    if (n == room && process(s, false) < 0)
      return -1;
  }
  return 0;
}

int vifxml_stream_finish(vifxml_stream *s) {
  if (s->x.failed)
    goto bad;
  if ((s->unit_open || s->fed < s->wbase + s->wlen) && process(s, true) < 0)
    goto bad;
  if (!s->unit_open && s->stats.units == 0) {
    xml_fail(&s->x, VIFXML_ERR_SYNTAX, s->x.base_line, s->x.base_col + 1,
             "no element found");
    goto bad;
  }
  if (copy_input(s, s->wbase + s->wlen) < 0 || out_flush(s) < 0) {
    xml_fail(&s->x, VIFXML_ERR_IO, 0, 0, "cannot write output");
    goto bad;
  }
  diag_release(s);
  return 0;
bad:
  if (!s->released)
    s->olen = 0; /* a bad input yields no output */
  s->nheld = 0;
  return -1;
}

const vifxml_error *vifxml_stream_error(const vifxml_stream *s) {
  return s->x.failed ? &s->err : NULL;
}

const char *vifxml_stream_domain(const vifxml_stream *s) {
  if (!s->dname_set)
    return NULL;
  return s->dname ? s->dname : "";
}

const vifxml_stats *vifxml_stream_stats(const vifxml_stream *s) {
  return &s->stats;
}

void vifxml_stream_restart(vifxml_stream *s, const char *filename) {
  snprintf(s->filename, sizeof s->filename, "%s",
           filename ? filename : "<stdin>");
  s->x.failed = false;
  memset(&s->err, 0, sizeof s->err);
  s->wlen = 0;
  s->wbase = s->fed = s->copied = s->safe = 0;
  s->unit_start = s->unit_end = 0;
  s->x.base_line = s->cnt_line = 1;
  s->x.base_col = s->cnt_col = 0;
  s->cnt_abs = s->last_cr = s->cr_end = 0;
  s->cr_next = CR_NONE;
  s->unit_open = s->unit_has_root = s->unit_done = s->expat_counts = false;
  s->depth = 0;
  s->in_iface = s->foreign = false;
  s->foreign_what = NULL;
  s->eol = '\0';
  s->eol_seen = 0;
  s->prev_cr = s->emit_cr = false;
  s->olen = 0;
  s->released = false;
  s->nheld = 0;
  memset(&s->stats, 0, sizeof s->stats);
  vifxml_arena_reset(s->arena);
  s->b.file = s->filename;
}

vifxml_stream *vifxml_stream_new(const vifxml_stream_options *opt) {
  const vifxml_allocator *al = opt ? opt->alloc : NULL;
  vifxml_stream *s = mem_alloc(al, sizeof *s);
  if (!s)
    return NULL;
  memset(s, 0, sizeof *s);
  if (opt)
    s->opt = *opt;
  s->al = al;
  if (s->opt.hold < VIFXML_LIMIT_HOLD)
    s->opt.hold = VIFXML_LIMIT_HOLD;
  s->x.xp = XML_ParserCreate("UTF-8");
  s->arena = vifxml_arena_new(al);
  if (!s->x.xp || !s->arena) {
    vifxml_stream_free(s);
    return NULL;
  }
  s->x.file = s->filename;
  s->x.err = s->b.err = &s->err;
  s->b.diag = diag_cb;
  s->b.diag_ctx = s;
  s->b.explain = s->opt.explain != 0;
  s->b.raw = raw_cb;
  s->b.raw_ctx = s;
  s->b.pos = pos_cb;
  s->b.pos_ctx = s;
  vifxml_stream_restart(s, opt ? opt->filename : NULL);
  return s;
}

void vifxml_stream_free(vifxml_stream *s) {
  if (!s)
    return;
  if (s->x.xp)
    XML_ParserFree(s->x.xp);
  vifxml_arena_free(s->arena);
  mem_free(s->al, s->win);
  mem_free(s->al, s->out);
  mem_free(s->al, s->held);
  mem_free(s->al, s->dname);
  mem_free(s->al, s);
}

/* ## One interface from a buffer */

typedef struct {
  vifxml_arena *arena;
  vifxml_iface *out;
  bool got;
} one_ctx;

static int one_cb(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                  const char *indent, vifxml_error *err) {
  one_ctx *o = ctx;
  (void)s, (void)indent;
  if (o->got)
    return 0;
  o->got = true;
  if (!(o->out = vifxml_iface_copy(iface, o->arena, NULL))) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return -1;
  }
  return 0;
}

int vifxml_parse_one(const char *buf, size_t len, const char *filename,
                     vifxml_arena *arena, vifxml_iface **out,
                     vifxml_error *err) {
  one_ctx o = {arena, NULL, false};
  *out = NULL;
  vifxml_stream_options opt = {0};
  opt.filename = filename;
  opt.on_iface = one_cb;
  opt.iface_ctx = &o;
  opt.alloc = arena_allocator(arena);
  vifxml_stream *s = vifxml_stream_new(&opt);
  if (!s) {
    error_set(err, VIFXML_ERR_NOMEM, filename, 0, 0, "out of memory");
    return -1;
  }
  int r = vifxml_stream_feed(s, buf, len);
  if (r == 0)
    r = vifxml_stream_finish(s);
  if (r < 0)
    error_copy(err, vifxml_stream_error(s));
  else if (!o.got) {
    if (s->foreign_what)
      error_set(err, VIFXML_ERR_UNSUPPORTED, filename, s->foreign_line,
                s->foreign_col, "%s, not a guest interface", s->foreign_what);
    else
      error_set(err, VIFXML_ERR_UNSUPPORTED, filename, 1, 1,
                "no <interface> element found");
    r = -1;
  } else
    *out = o.out;
  vifxml_stream_free(s);
  return r;
}
