/* vifxml roundtrip: parse -> write -> parse keeps each interface's IR, and
 * normalizing the normalized document changes nothing. One pass over the
 * input in bounded memory: the input feeds the checking stream and a
 * normalizing stream; the normalized bytes feed a second normalizing stream
 * as they come, and its output is matched against them. Only the bytes the
 * second stream still holds back are kept. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  bool quiet;
} opts;

typedef struct {
  const char *name;
  FILE *out;
  int failures;
} rt_ctx;

/* Interface level: written form parses back to the same IR and is a fixed
 * point of normalizing. */
static int rt_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  rt_ctx *rt = ctx;
  (void)s, (void)indent, (void)err;
  char why[1024];
  if (vifxml_iface_roundtrip(iface, why, sizeof why) < 0) {
    unsigned long line, col;
    vifxml_iface_position(iface, &line, &col);
    fprintf(rt->out, "%s:%lu:%lu: roundtrip: %s\n", rt->name, line, col, why);
    rt->failures++;
  }
  return 0;
}

/* Document level. `once` holds the normalized bytes that the second stream
 * has not given back yet, from `done`. */
typedef struct {
  vifxml_stream *again;
  membuf once;
  size_t done;
  bool bad_again, differs;
} twice_ctx;

static int once_write(void *ctx, const char *buf, size_t len) {
  twice_ctx *t = ctx;
  if (t->done > (1u << 20) && t->done * 2 > t->once.len) {
    memmove(t->once.p, t->once.p + t->done, t->once.len - t->done);
    t->once.len -= t->done;
    t->done = 0;
  }
  if (cli_mem_write(&t->once, buf, len) < 0)
    return -1;
  if (!t->bad_again && vifxml_stream_feed(t->again, buf, len) < 0)
    t->bad_again = true;
  return 0;
}

static int twice_write(void *ctx, const char *buf, size_t len) {
  twice_ctx *t = ctx;
  if (t->differs || len > t->once.len - t->done ||
      memcmp(t->once.p + t->done, buf, len))
    t->differs = true;
  else
    t->done += len;
  return 0;
}

static int roundtrip_one(void *ctx, batch_job *j) {
  const opts *o = ctx;
  const char *name;
  FILE *in = cli_open_input(j->path, &name);
  if (!in)
    return EXIT_TROUBLE;
  rt_ctx rt = {name, j->out, 0};
  twice_ctx t = {0};
  cli_diag_to dt = {o->quiet, j->err};
  vifxml_stream_options so = {0};
  so.filename = name;
  so.on_diag = cli_print_diag_to;
  so.diag_ctx = &dt;
  so.on_iface = rt_iface;
  so.iface_ctx = &rt;
  vifxml_stream *check = vifxml_stream_new(&so);
  vifxml_stream_options no = {0};
  no.filename = name;
  no.write = once_write;
  no.write_ctx = &t;
  vifxml_stream *norm = vifxml_stream_new(&no);
  no.filename = "<normalized>";
  no.write = twice_write;
  vifxml_stream *again = t.again = vifxml_stream_new(&no);
  int rc = EXIT_SAME;
  if (!check || !norm || !again) {
    fprintf(j->err, "%s: error: out of memory\n", name);
    rc = EXIT_TROUBLE;
  } else {
    char buf[65536];
    size_t n;
    int r = 0, rn = 0;
    while (r == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
      r = vifxml_stream_feed(check, buf, n);
      if (rn == 0)
        rn = vifxml_stream_feed(norm, buf, n);
    }
    if (ferror(in)) {
      cli_trouble(stderr, name, "cannot read");
      rc = EXIT_TROUBLE;
    } else if (r == 0 && (r = vifxml_stream_finish(check)) == 0 && rn == 0)
      rn = vifxml_stream_finish(norm);
    j->stats = *vifxml_stream_stats(check);
    if (rc == EXIT_TROUBLE) {
      /* reported */
    } else if (r < 0 || rn < 0) {
      cli_print_error_to(j->err, vifxml_stream_error(r < 0 ? check : norm));
      rc = EXIT_TROUBLE;
    } else {
      if (t.bad_again || vifxml_stream_finish(again) < 0) {
        fprintf(j->out, "%s: roundtrip: the normalized document does not parse\n", name);
        rt.failures++;
      } else if (t.differs || t.done != t.once.len) {
        fprintf(j->out, "%s: roundtrip: normalizing twice differs from once\n", name);
        rt.failures++;
      }
      if (rt.failures)
        rc = EXIT_DIFF;
    }
  }
  vifxml_stream_free(check);
  vifxml_stream_free(norm);
  vifxml_stream_free(again);
  free(t.once.p);
  cli_close_input(in);
  return rc;
}

static const char roundtrip_usage[] =
    "usage: vifxml roundtrip [-r] [-0] [-j N] [-q] [FILE...]\n"
    "Check that parse -> write -> parse keeps every interface's IR and that\n"
    "normalizing is idempotent. One line per failure; exit 1 if any.\n"
    "  -r, --recursive   read directories (their *.xml files, in name order)\n"
    "  -0, --null        read NUL-separated file names from standard input\n"
    "  -j, --jobs N      process N files at once; output keeps the input order\n"
    "  -q, --quiet       no warnings or notes on standard error\n"
    "Example:\n"
    "  vifxml roundtrip -r tests/data\n";

int cmd_roundtrip(int argc, char **argv) {
  opts o = {false};
  cli_args a = {argc, argv, roundtrip_usage, 0, false, NULL, false};
  static const char *const valued[] = {"--jobs", "-j", NULL};
  cli_inputs in;
  int rc = cli_read_inputs(&a, &in, true, valued, NULL, NULL);
  o.quiet = a.quiet;
  if (rc < 0) {
    batch_opts bo = {in.jobs, 0, o.quiet, NULL};
    rc = batch_files(&in, roundtrip_one, &o, &bo);
  }
  cli_inputs_free(&in);
  return rc;
}
