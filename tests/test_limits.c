/* Limits at N (accepted) and N+1 (refused), and allocation-failure loops.
 * Complements tests/test_unit.c, which covers the document depth limit with
 * plain elements and the interface size limit.
 * Registered from tests/meson.build (suite 'core'); public API only. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "vifxml.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* ## Helpers */

typedef struct {
  char *p;
  size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      fprintf(stderr, "test_limits: out of memory\n");
      exit(2);
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void fill(buf *b, char c, size_t n) {
  char tmp[4096];
  memset(tmp, c, sizeof tmp);
  while (n) {
    size_t k = n < sizeof tmp ? n : sizeof tmp;
    put(b, tmp, k);
    n -= k;
  }
}

static void printf_(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void printf_(buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  put(b, tmp, (size_t)n);
}

static int buf_write(void *ctx, const char *s, size_t n) {
  put(ctx, s, n);
  return 0;
}

/* A counting allocator that can fail its fail_at-th call. */
typedef struct {
  long calls, fail_at, live;
  bool failed;
} counter;

static void *c_malloc(size_t n, void *ctx) {
  counter *c = ctx;
  if (c->calls++ == c->fail_at) {
    c->failed = true;
    return NULL;
  }
  void *p = malloc(n);
  if (p)
    c->live++;
  return p;
}

static void *c_realloc(void *p, size_t n, void *ctx) {
  counter *c = ctx;
  if (c->calls++ == c->fail_at) {
    c->failed = true;
    return NULL;
  }
  void *q = realloc(p, n);
  if (q && !p)
    c->live++;
  return q;
}

static void c_free(void *p, void *ctx) {
  counter *c = ctx;
  if (p)
    c->live--;
  free(p);
}

typedef struct {
  int rc;
  buf out;
  vifxml_error err;
  vifxml_stats stats;
  double seconds;
} res;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Normalizes in with the default writer, feeding `chunk` bytes at a time
 * (0: all at once); the first feed is `first` bytes when that is not 0. */
static res norm_opts(const char *in, size_t len, size_t first, size_t chunk,
                     const vifxml_stream_options *base) {
  res r;
  memset(&r, 0, sizeof r);
  vifxml_stream_options o = {0};
  if (base)
    o = *base;
  o.filename = "t.xml";
  o.write = buf_write;
  o.write_ctx = &r.out;
  double t0 = now();
  vifxml_stream *s = vifxml_stream_new(&o);
  if (!s) {
    r.rc = -2;
    return r;
  }
  size_t i = 0;
  r.rc = 0;
  if (first) {
    r.rc = vifxml_stream_feed(s, in, first < len ? first : len);
    i = first < len ? first : len;
  }
  while (r.rc == 0 && i < len) {
    size_t n = chunk && chunk < len - i ? chunk : len - i;
    r.rc = vifxml_stream_feed(s, in + i, n);
    i += n;
  }
  if (r.rc == 0)
    r.rc = vifxml_stream_finish(s);
  if (r.rc)
    r.err = *vifxml_stream_error(s);
  r.stats = *vifxml_stream_stats(s);
  vifxml_stream_free(s);
  r.seconds = now() - t0;
  return r;
}

static res norm(const char *in, size_t len, size_t first, size_t chunk) {
  return norm_opts(in, len, first, chunk, NULL);
}

static const char *msg(const res *r) { return r->rc ? r->err.message : "ok"; }

/* ## Bytes without a complete tag (a long attribute, text or comment
 * outside an interface): VIFXML_LIMIT_PENDING_BYTES from the end of one tag
 * to the end of the next are accepted, one more is refused, whether the
 * document arrives whole or a byte at a time. */
static void test_pending(void) {
  const size_t N = VIFXML_LIMIT_PENDING_BYTES;
  /* after <r>: head, filler, tail; the pending bytes end with </r> or />. */
  static const char *const kinds[][2] = {
      {"<a x='", "'/>"}, {"", "</r>"}, {"<!--", "--></r>"}};
  static const char *const names[] = {"attribute", "text", "comment"};
  for (int k = 0; k < 3; k++) {
    for (size_t pending = N; pending <= N + 1; pending++) {
      for (size_t chunk = 0; chunk <= 1; chunk++) {
        buf b = {0};
        puts_(&b, "<r>");
        puts_(&b, kinds[k][0]);
        fill(&b, 'v', pending - strlen(kinds[k][0]) - strlen(kinds[k][1]));
        puts_(&b, kinds[k][1]);
        if (k == 0)
          puts_(&b, "</r>");
        res r = norm(b.p, b.len, 0, chunk);
        if (pending == N)
          CHECK(r.rc == 0, "%s with %zu bytes pending (feeds of %zu) accepted: %s",
                names[k], pending, chunk, msg(&r));
        else
          CHECK(r.rc < 0 && strstr(r.err.message, "without a complete tag") &&
                    r.err.line == 1 && r.err.column >= 1,
                "%s with %zu bytes pending (feeds of %zu) refused: %s",
                names[k], pending, chunk, msg(&r));
        free(r.out.p);
        free(b.p);
      }
    }
  }
}

static void test_depth_in_interface(void) {
  const int N = VIFXML_LIMIT_DEPTH;
  for (int depth = N; depth <= N + 1; depth++) {
    buf b = {0};
    puts_(&b, "<domain><devices><interface type='bridge'><source bridge='b'/>");
    int open = 3;
    for (; open < depth; open++)
      puts_(&b, "<x>");
    for (int i = 3; i < depth; i++)
      puts_(&b, "</x>");
    puts_(&b, "</interface></devices></domain>");
    res whole = norm(b.p, b.len, 0, 0);
    res bytes = norm(b.p, b.len, 0, 1);
    if (depth == N)
      CHECK(whole.rc == 0 && whole.stats.interfaces == 1 &&
                strstr(whole.out.p, "<x><x>"),
            "depth %d inside an interface accepted, kept: %s", depth,
            msg(&whole));
    else
      CHECK(whole.rc < 0 && strstr(whole.err.message, "nested deeper"),
            "depth %d inside an interface refused: %s", depth, msg(&whole));
    CHECK(whole.rc == bytes.rc && whole.err.line == bytes.err.line &&
              whole.err.column == bytes.err.column &&
              !strcmp(whole.err.message, bytes.err.message),
          "depth %d: 1-byte feeds give the same result (%s / %s)", depth,
          msg(&whole), msg(&bytes));
    free(whole.out.p);
    free(bytes.out.p);
    free(b.p);
  }
}

/* ## Repeated elements and kept unknowns per interface. */
static void test_counts(void) {
  const int N = VIFXML_LIMIT_ITEMS;
  for (int n = N; n <= N + 1; n++) {
    buf b = {0};
    puts_(&b, "<interface type='ethernet'>\n");
    for (int i = 0; i < n; i++)
      printf_(&b, "  <ip address='10.%d.%d.1' prefix='24'/>\n", i / 256,
              i % 256);
    puts_(&b, "</interface>\n");
    res r = norm(b.p, b.len, 0, 0);
    if (n == N)
      CHECK(r.rc == 0, "%d <ip> accepted: %s", n, msg(&r));
    else
      CHECK(r.rc < 0 && strstr(r.err.message, "repeated elements") &&
                r.err.line == (unsigned long)n + 1,
            "%d <ip> refused at the last one: %lu:%lu %s", n, r.err.line,
            r.err.column, msg(&r));
    free(r.out.p);
    free(b.p);
  }

  const int X = VIFXML_LIMIT_EXTRAS;
  for (int what = 0; what < 3; what++) {
    static const char *const names[] = {"unknown elements",
                                        "unknown attributes", "comments"};
    for (int n = X; n <= X + 1; n++) {
      buf b = {0};
      puts_(&b, "<interface type='bridge'");
      if (what == 1)
        for (int i = 0; i < n; i++)
          printf_(&b, " x%d='%d'", i, i);
      puts_(&b, "><source bridge='br0'/>\n");
      for (int i = 0; what != 1 && i < n; i++)
        puts_(&b, what == 0 ? "<u/>\n" : "<!-- c -->\n");
      puts_(&b, "</interface>\n");
      res r = norm(b.p, b.len, 0, 0);
      if (n == X)
        CHECK(r.rc == 0, "%d %s accepted: %s", n, names[what], msg(&r));
      else
        CHECK(r.rc < 0 && r.err.line >= 1, "%d %s refused: %s", n,
              names[what], msg(&r));
      free(r.out.p);
      free(b.p);
    }
  }
}

/* ## Element text: 255 characters are read, more are refused. */
static void test_text(void) {
  for (size_t n = 255; n <= 256; n++) {
    buf b = {0};
    puts_(&b, "<interface type='ethernet'><tune><sndbuf>");
    fill(&b, '0', n - 4);
    puts_(&b, "1600</sndbuf></tune></interface>");
    res r = norm(b.p, b.len, 0, 0);
    if (n == 255)
      CHECK(r.rc == 0 && strstr(r.out.p, "<sndbuf>1600</sndbuf>"),
            "%zu characters of text accepted: %s", n, msg(&r));
    else
      CHECK(r.rc < 0 && strstr(r.err.message, "too long"),
            "%zu characters of text refused: %s", n, msg(&r));
    free(r.out.p);
    free(b.p);
  }
}

/* ## Document size: no limit on a unit or a stream, only per interface;
 * a bad document smaller than the hold (VIFXML_LIMIT_HOLD or the larger
 * vifxml_stream_options.hold) yields no output at all. */
static void test_document_size(void) {
  /* One <domain> unit of ~3 MiB: 20000 interfaces. */
  buf b = {0};
  puts_(&b, "<domain>\n  <devices>\n");
  int n = 0;
  while (b.len < 3u * VIFXML_LIMIT_IFACE_BYTES) {
    printf_(&b, "    <interface type='bridge'><source bridge='br%d'/>"
                "<mac address='52:54:00:00:%02x:%02x'/></interface>\n",
            n, (n >> 8) & 0xff, n & 0xff);
    n++;
  }
  puts_(&b, "  </devices>\n</domain>\n");
  res r = norm(b.p, b.len, 0, 0);
  CHECK(r.rc == 0 && r.stats.interfaces == (unsigned long)n &&
            r.stats.units == 1,
        "a %zu-byte unit with %d interfaces: %s, %lu interfaces", b.len, n,
        msg(&r), r.stats.interfaces);
  free(r.out.p);

  /* The same document with an error at its very end: more than the hold
   * was written before the error (the output cannot be held back). */
  b.len -= strlen("</domain>\n");
  puts_(&b, "</domian>\n");
  r = norm(b.p, b.len, 0, 0);
  CHECK(r.rc < 0 && strstr(r.err.message, "mismatched tag") &&
            r.out.len >= VIFXML_LIMIT_HOLD,
        "an error after more than the hold: %s, %zu bytes out", msg(&r),
        r.out.len);
  free(r.out.p);

  /* A bad document of hold - 1 bytes writes nothing (its interfaces are
   * in canonical form, so the output is as long as the input). */
  const char *tail = "</devices>\n</domian>\n";
  const char *canon = "<interface type='bridge'>\n  <source bridge='br0'/>\n"
                      "</interface>\n";
  buf c = {0};
  puts_(&c, "<domain>\n<devices>\n");
  while (c.len + strlen(canon) + strlen(tail) < VIFXML_LIMIT_HOLD - 1)
    puts_(&c, canon);
  fill(&c, '\n', VIFXML_LIMIT_HOLD - 1 - c.len - strlen(tail));
  puts_(&c, tail);
  CHECK(c.len == VIFXML_LIMIT_HOLD - 1, "built %zu bytes", c.len);
  r = norm(c.p, c.len, 0, 0);
  CHECK(r.rc < 0 && r.out.len == 0, "bad document of %zu bytes: %s, %zu out",
        c.len, msg(&r), r.out.len);
  free(r.out.p);
  /* With a larger hold, the 3 MiB bad document writes nothing either. */
  vifxml_stream_options o = {0};
  o.hold = 8u << 20;
  r = norm_opts(b.p, b.len, 0, 65536, &o);
  CHECK(r.rc < 0 && r.out.len == 0, "hold 8 MiB, bad 3 MiB document: %s, %zu out",
        msg(&r), r.out.len);
  free(r.out.p);
  free(b.p);
  free(c.p);
}

/* ## Allocation failures: fail the i-th allocation made through
 * vifxml_allocator, for every i until a run makes no more than i calls.
 * Each failing run must end in an error with a message (or, if the library
 * recovered, in exactly the normal output), free everything it allocated and
 * write nothing. (expat's own allocations use malloc and are not covered.) */
static const char *const oom_docs[] = {
    "<domain>\n  <devices>\n"
    "    <!-- a comment -->\n"
    "    <interface type='bridge' x-owner='ops'>\n"
    "      <!-- why -->\n"
    "      <source bridge='br0' x-note='kept'/>\n"
    "      <mac address='52:54:00:AB:CD:EF'/>\n"
    "      <vlan trunk='yes'><tag id='42' nativeMode='untagged'/><tag id='47'/></vlan>\n"
    "      <virtualport type='openvswitch'><parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f'/></virtualport>\n"
    "      <ip address='192.168.1.5' prefix='24'/><route address='10.0.0.0' prefix='8' gateway='10.0.0.1'/>\n"
    "      <filterref filter='clean-traffic'><parameter name='IP' value='10.0.0.1'/></filterref>\n"
    "      <metadata-like><anything goes='here'/></metadata-like>\n"
    "      <model type='virtio'/><driver name='vhost' queues='4'><host csum='off'/></driver>\n"
    "      <address type='pci' domain='0' bus='1' slot='3' function='0'/>\n"
    "    </interface>\n"
    "    <interface type='user'><mac address='52:54:00:00:00:01'/></interface>\n"
    "    <interface type='hostdev' managed='yes'><source dev='0000:02:10.2'/></interface>\n"
    "    <interface type='direct'><source dev='eth0'/><portprofile type='802.1qbg'><parameters managerid='11' typeid='1193047' typeidversion='2'/></portprofile></interface>\n"
    "  </devices>\n</domain>\n",
    "<interface type='none'><source bridge='xenbr0'/><model type='netback'/>"
    "<filterref name='nwfilter'/><vlan>7</vlan></interface>",
};

static void test_alloc_failures(void) {
  for (size_t d = 0; d < sizeof oom_docs / sizeof oom_docs[0]; d++) {
    const char *doc = oom_docs[d];
    size_t len = strlen(doc);
    static const size_t chunks[] = {0, 7};
    for (size_t ci = 0; ci < 2; ci++) {
      res ref = norm(doc, len, 0, chunks[ci]);
      CHECK(ref.rc == 0, "doc %zu normalizes: %s", d, msg(&ref));
      long i = 0, errors = 0, recovered = 0;
      for (;; i++) {
        counter c = {0, i, 0, false};
        vifxml_allocator al = {c_malloc, c_realloc, c_free, &c};
        vifxml_stream_options o = {0};
        o.alloc = &al;
        res r = norm_opts(doc, len, 0, chunks[ci], &o);
        CHECK(c.live == 0, "doc %zu, allocation %ld failed: %ld blocks leaked",
              d, i, c.live);
        if (!c.failed) {
          CHECK(r.rc == 0 && r.out.len == ref.out.len &&
                    !memcmp(r.out.p, ref.out.p, r.out.len),
                "doc %zu: with %ld allocations allowed the output is normal",
                d, i);
          free(r.out.p);
          break;
        }
        if (r.rc == -2) {
          errors++; /* vifxml_stream_new returned NULL */
        } else if (r.rc < 0) {
          errors++;
          CHECK(r.err.message[0] != '\0' && r.out.len == 0,
                "doc %zu, allocation %ld failed: error '%s', %zu bytes out", d,
                i, r.err.message, r.out.len);
        } else {
          recovered++;
          CHECK(r.out.len == ref.out.len && !memcmp(r.out.p, ref.out.p, r.out.len),
                "doc %zu, allocation %ld failed, yet success with other output",
                d, i);
        }
        free(r.out.p);
      }
      CHECK(i > 1 && errors > 0, "doc %zu: %ld allocations, %ld errors", d, i,
            errors);
      printf("doc %zu, %s feeds: %ld allocations failed in turn: %ld errors, "
             "%ld recovered\n",
             d, chunks[ci] ? "7-byte" : "whole", i, errors, recovered);
      free(ref.out.p);
    }
  }

  /* vifxml_parse_one and vifxml_iface_copy on arenas with such an
   * allocator. */
  const char *one = oom_docs[0];
  for (long i = 0;; i++) {
    counter c = {0, i, 0, false};
    vifxml_allocator al = {c_malloc, c_realloc, c_free, &c};
    vifxml_arena *a = vifxml_arena_new(&al);
    vifxml_arena *b = a ? vifxml_arena_new(&al) : NULL;
    int rc = -1;
    if (a && b) {
      vifxml_iface *ifc, *copy;
      vifxml_error e;
      rc = vifxml_parse_one(one, strlen(one), "t.xml", a, &ifc, &e);
      CHECK(rc == 0 || e.message[0], "parse_one, allocation %ld: no message", i);
      if (rc == 0) {
        rc = (copy = vifxml_iface_copy(ifc, b, &e)) ? 0 : -1;
        if (rc == 0)
          CHECK(vifxml_iface_compare(ifc, copy, NULL, 0) == 0,
                "copy equal after %ld allocations", i);
      }
    }
    vifxml_arena_free(b);
    vifxml_arena_free(a);
    CHECK(c.live == 0, "parse_one/copy, allocation %ld failed: %ld leaked", i,
          c.live);
    if (!c.failed) {
      CHECK(rc == 0, "parse_one/copy succeed with enough memory");
      printf("parse_one + copy: %ld allocations failed in turn\n", i);
      break;
    }
  }
}

/* ## A writer that fails: the error is reported and nothing leaks. */
static int failing_write(void *ctx, const char *s, size_t n) {
  (void)s, (void)n;
  int *left = ctx;
  return (*left)-- > 0 ? 0 : -1;
}

static void test_write_failures(void) {
  const char *doc = oom_docs[0];
  for (int k = 0; k < 3; k++) {
    counter c = {0, -1, 0, false};
    vifxml_allocator al = {c_malloc, c_realloc, c_free, &c};
    int left = k;
    vifxml_stream_options o = {0};
    o.alloc = &al;
    o.write = failing_write;
    o.write_ctx = &left;
    o.hold = 1; /* raised to VIFXML_LIMIT_HOLD */
    vifxml_stream *s = vifxml_stream_new(&o);
    int rc = vifxml_stream_feed(s, doc, strlen(doc));
    if (rc == 0)
      rc = vifxml_stream_finish(s);
    CHECK(k > 0 || (rc < 0 && strstr(vifxml_stream_error(s)->message,
                                     "cannot write output")),
          "a failing sink is an error");
    vifxml_stream_free(s);
    CHECK(c.live == 0, "failing sink after %d writes: %ld leaked", k, c.live);
  }
}

/* ## Acceptance does not depend on how the input is fed, also near the
 * pending limit. expat (Debian's 2.5.0-1+deb12u5 has the CVE-2023-52425
 * reparse deferral) holds back the events of a completed large token until
 * enough new input arrives; the bytes it holds must not count against
 * VIFXML_LIMIT_PENDING_BYTES. A valid document whose longest token is
 * shorter than the limit is accepted whole, so it must also be accepted in
 * 1000-byte feeds. */
static void test_feed_size_near_pending(void) {
  buf b = {0};
  puts_(&b, "<r><a x='");
  fill(&b, 'v', 1048000);
  puts_(&b, "'/>");
  for (int i = 0; i < 300000; i++)
    puts_(&b, "<b/>");
  puts_(&b, "</r>");
  res whole = norm(b.p, b.len, 0, 0);
  res small = norm(b.p, b.len, 0, 1000);
  CHECK(whole.rc == small.rc,
        "a %zu-byte document with a 1048012-byte tag: whole %s, 1000-byte "
        "feeds %s",
        b.len, msg(&whole), msg(&small));
  free(whole.out.p);
  free(small.out.p);
  free(b.p);
}

/* ## "A bad input smaller than the hold writes no output" (README,
 * Hardening; VIFXML_LIMIT_HOLD), also when normalizing makes the output
 * longer than the input: a bad file of hold - 1 bytes whose interfaces grow
 * when written must write nothing. */
static void test_hold_output_grows(void) {
  const char *tail = "</devices>\n</domian>\n";
  buf c = {0};
  puts_(&c, "<domain>\n<devices>\n");
  while (c.len + 80 + strlen(tail) < VIFXML_LIMIT_HOLD - 1)
    puts_(&c, "<interface type='bridge'><source bridge='br0'/></interface>\n");
  fill(&c, '\n', VIFXML_LIMIT_HOLD - 1 - c.len - strlen(tail));
  puts_(&c, tail);
  res r = norm(c.p, c.len, 0, 0);
  CHECK(r.rc < 0 && r.out.len == 0,
        "a bad file of %zu bytes whose output grows: %s, %zu bytes written",
        c.len, msg(&r), r.out.len);
  free(r.out.p);
  free(c.p);
}

/* ## Output that fills the stream's first output buffer (the hold and a
 * flush's worth) to within a few bytes needs no larger block: the writer
 * takes no room after an interface's end, and when the buffer cannot grow
 * by a room it writes through its own. An allocator that refuses blocks
 * larger than that buffer fails nothing then. */
static size_t cap_limit;

static void *cap_malloc(size_t n, void *ctx) {
  (void)ctx;
  return n > cap_limit ? NULL : malloc(n);
}

static void *cap_realloc(void *p, size_t n, void *ctx) {
  (void)ctx;
  return n > cap_limit ? NULL : realloc(p, n);
}

static void cap_free(void *p, void *ctx) {
  (void)ctx;
  free(p);
}

/* A domain of k interfaces of 200 <ip> each (written longer than read),
 * then a comment of pad bytes (copied as it is). */
static void fits_doc(buf *b, size_t k, size_t pad) {
  b->len = 0;
  puts_(b, "<domain><devices>");
  for (size_t i = 0; i < k; i++) {
    puts_(b, "<interface type='ethernet'>");
    for (int j = 0; j < 200; j++)
      printf_(b, "<ip address='10.0.%d.%d'/>", j / 100, j % 100 + 1);
    puts_(b, "</interface>");
  }
  puts_(b, "</devices><!--");
  fill(b, 'x', pad);
  puts_(b, "--></domain>");
}

static void test_output_fits_buffer(void) {
  const size_t first = VIFXML_LIMIT_HOLD + 65536, want = first - 50;
  buf d = {0};
  fits_doc(&d, 0, 0);
  res r0 = norm(d.p, d.len, 0, 0);
  fits_doc(&d, 1, 0);
  res r1 = norm(d.p, d.len, 0, 0);
  size_t per = r1.out.len - r0.out.len;
  size_t k = (want - r0.out.len) / per;
  fits_doc(&d, k, want - r0.out.len - k * per);
  res plain = norm(d.p, d.len, 0, 0);
  CHECK(plain.rc == 0 && plain.out.len == want && d.len < VIFXML_LIMIT_HOLD,
        "%zu bytes in, %zu held out (want %zu): %s", d.len, plain.out.len,
        want, msg(&plain));
  cap_limit = first;
  vifxml_allocator al = {cap_malloc, cap_realloc, cap_free, NULL};
  vifxml_stream_options o = {0};
  o.alloc = &al;
  res capped = norm_opts(d.p, d.len, 0, 0, &o);
  CHECK(capped.rc == 0 && capped.out.len == plain.out.len &&
            !memcmp(capped.out.p, plain.out.p, plain.out.len),
        "output %zu bytes short of a buffer that cannot grow: %s, %zu bytes",
        first - want, msg(&capped), capped.out.len);
  free(r0.out.p);
  free(r1.out.p);
  free(plain.out.p);
  free(capped.out.p);
  free(d.p);
}

int main(void) {
  test_pending();
  test_feed_size_near_pending();
  test_depth_in_interface();
  test_counts();
  test_text();
  test_document_size();
  test_hold_output_grows();
  test_output_fits_buffer();
  test_alloc_failures();
  test_write_failures();
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
