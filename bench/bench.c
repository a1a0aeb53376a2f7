/* vifxml-bench: bulk normalize against expat's own speed, in one process, on
 * the same bytes.
 *
 * For each shape and input size the bench runs in a child process of its
 * own (so that its peak RSS is its own). The input is generated on the fly, chunk by
 * chunk, from a seed (gen.c): nothing of it is held beyond one chunk. Each
 * chunk is handed to both contenders before the next is made:
 *   - the baseline: an expat parser with no handlers at all;
 *   - vifxml: a vifxml_stream (normalize) writing into a memory sink.
 * Only the parse calls are timed (thread CPU time, so that time spent
 * descheduled on a shared machine does not count), the order of the two
 * alternates from chunk to chunk, and the ratio is taken per round; the
 * report gives every round and the medians.
 *
 * --mode sequential instead runs the whole stream through one contender and
 * then, regenerated from the same seed, through the other (alternating which
 * goes first), for a cross-check of the interleaved figures.
 *
 * After the timed rounds an untimed verification pass (--no-verify skips
 * it) checks that the work measured is the real work: the same input is
 * normalized again and its output, as it is produced, normalized a second
 * time by another stream; both outputs are hashed and must be identical
 * (normalized output is a fixed point, so the first output is well-formed
 * canonical XML and not an echo of a skipped parse), with the same number
 * of interfaces as the generator made and as the timed rounds counted, and
 * the same length as the timed rounds' output. --output FILE also writes
 * that output to FILE, so that it can be compared with the CLI's. */
#define _POSIX_C_SOURCE 200809L
#include "expat_docs.h"
#include "gen.h"

#include <expat.h>
#include <vifxml.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUNDS 64
#define MAX_SIZES 8
#define MAX_SHAPES 8
#define RSS_TARGET_KIB (16 * 1024)
#define WARMUP_MAX (16u << 20)

/* ratio vifxml/expat to reach, by shape: with 8% of the bytes in
 * interfaces, realworld input is mostly bytes vifxml only copies */
static const double ratio_target[GEN_SHAPES] = {
    [GEN_WRAP] = 0.75, [GEN_CONCAT] = 0.75, [GEN_DENSE] = 0.75,
    [GEN_REALWORLD] = 0.90};

static const char *const shape_what[GEN_SHAPES] = {
    [GEN_WRAP] = "Nova domains in one <domains>",
    [GEN_CONCAT] = "Nova domains, many documents",
    [GEN_DENSE] = "small domains full of interfaces, one <domains>",
    [GEN_REALWORLD] = "five tools' domains, many documents"};

typedef struct {
  uint64_t seed;
  gen_shape shape; /* --file: whose target applies (default wrap's) */
  const char *label; /* the shape's name; "file" for --file without one */
  size_t chunk;
  int rounds, warmup;
  bool sequential, verify, enforce;
  const char *file;   /* read this file instead of generating */
  const char *output; /* the verification pass writes its output here */
} config;

/* ## Clocks and memory */

static double cpu_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double wall_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Peak resident set (VmHWM) of this process, KiB. */
static long peak_rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6))
      v = strtol(line + 6, NULL, 10);
  if (f)
    fclose(f);
  if (v < 0) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    v = ru.ru_maxrss;
  }
  return v;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(const double *v, int n) {
  double t[MAX_ROUNDS];
  memcpy(t, v, (size_t)n * sizeof *t);
  qsort(t, (size_t)n, sizeof *t, cmp_double);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* ## Input: the generator or a file, read one chunk at a time */

typedef struct {
  gen *g;
  FILE *f;
} source;

static int source_open(source *s, const config *c, uint64_t size, gen *g) {
  s->g = NULL;
  s->f = NULL;
  if (c->file) {
    s->f = fopen(c->file, "rb");
    if (!s->f) {
      fprintf(stderr, "vifxml-bench: %s: %s\n", c->file, strerror(errno));
      return -1;
    }
    return 0;
  }
  gen_init(g, c->seed, size, c->shape);
  s->g = g;
  return 0;
}

static size_t source_read(source *s, char *buf, size_t cap) {
  return s->f ? fread(buf, 1, cap, s->f) : gen_read(s->g, buf, cap);
}

static void source_close(source *s) {
  if (s->f)
    fclose(s->f);
}

/* ## The baseline: expat, no handlers */

/* A stream of several documents (--shape concat) is parsed as expat alone
 * would have to (expat_docs.h). The few bytes of a document's start that
 * arrived with the previous chunk are kept in carry. */
typedef struct {
  XML_Parser p;
  unsigned long long doc_start; /* input offset where the parser started */
  unsigned long long fed;       /* input offset of the next chunk */
  char carry[256];
  size_t carrylen;
  unsigned long docs;
} baseline;

static int baseline_init(baseline *b) {
  memset(b, 0, sizeof *b);
  b->p = XML_ParserCreate("UTF-8");
  b->docs = 1;
  return b->p ? 0 : -1;
}

static int baseline_reset(void *ctx) {
  baseline *b = ctx;
  b->docs++;
  return XML_ParserReset(b->p, "UTF-8") == XML_TRUE ? 0 : -1;
}

static int baseline_feed(baseline *b, const char *buf, size_t len, bool final) {
  if (expat_docs_parse(b->p, buf, len, b->fed, b->carry, b->carrylen, final,
                       &b->doc_start, baseline_reset, b) < 0)
    return -1;
  /* keep the chunk's tail */
  if (len >= sizeof b->carry) {
    memcpy(b->carry, buf + len - sizeof b->carry, sizeof b->carry);
    b->carrylen = sizeof b->carry;
  } else {
    size_t keep = b->carrylen + len > sizeof b->carry ? sizeof b->carry - len
                                                      : b->carrylen;
    memmove(b->carry, b->carry + b->carrylen - keep, keep);
    memcpy(b->carry + keep, buf, len);
    b->carrylen = keep + len;
  }
  b->fed += len;
  return 0;
}

static void baseline_error(baseline *b) {
  fprintf(stderr, "vifxml-bench: expat: %s at line %lu\n",
          XML_ErrorString(XML_GetErrorCode(b->p)),
          (unsigned long)XML_GetCurrentLineNumber(b->p));
}

/* ## vifxml's side: a stream into a memory sink */

#define RING (1u << 20)

/* The timed sink: every output byte is copied into memory (a 1 MiB ring,
 * so that memory stays flat whatever the input size) and counted. */
typedef struct {
  char *ring; /* output lands here, overwriting itself */
  size_t pos;
  unsigned long long bytes;
} sink;

static int sink_write(void *ctx, const char *buf, size_t len) {
  sink *k = ctx;
  k->bytes += len;
  while (len) {
    size_t n = RING - k->pos < len ? RING - k->pos : len;
    memcpy(k->ring + k->pos, buf, n);
    k->pos = (k->pos + n) % RING;
    buf += n;
    len -= n;
  }
  return 0;
}

/* ## One round */

typedef struct {
  double base_cpu, vif_cpu, wall, gen_cpu;
  unsigned long long bytes, out_bytes;
  unsigned long interfaces, docs, units;
} round_result;

typedef struct {
  baseline b;
  vifxml_stream *s;
  sink k;
  double base_cpu, vif_cpu;
} contenders;

static int feed_base(contenders *c, const char *buf, size_t n, bool final) {
  double t0 = cpu_now();
  int r = baseline_feed(&c->b, buf, n, final);
  c->base_cpu += cpu_now() - t0;
  if (r < 0)
    baseline_error(&c->b);
  return r;
}

static int feed_vif(contenders *c, const char *buf, size_t n, bool final) {
  double t0 = cpu_now();
  int r = n ? vifxml_stream_feed(c->s, buf, n) : 0;
  if (r == 0 && final)
    r = vifxml_stream_finish(c->s);
  c->vif_cpu += cpu_now() - t0;
  if (r < 0) {
    const vifxml_error *e = vifxml_stream_error(c->s);
    fprintf(stderr, "vifxml-bench: vifxml: %s:%lu:%lu: %s\n", e->file, e->line,
            e->column, e->message);
  }
  return r;
}

/* What the generator says it made: the interfaces vifxml must count, and
 * their share of the input for the report. */
typedef struct {
  unsigned long interfaces;
  uint64_t iface_bytes;
} made;

/* which: 1 baseline only, 2 vifxml only, 3 both (interleaved). */
static int pass(const config *cf, uint64_t size, contenders *c, int which,
                char *chunk, round_result *rr, made *m) {
  static gen g;
  source src;
  if (source_open(&src, cf, size, &g) < 0)
    return -1;
  unsigned long long i = 0;
  for (;; i++) {
    double t0 = cpu_now();
    size_t n = source_read(&src, chunk, cf->chunk);
    rr->gen_cpu += cpu_now() - t0;
    bool final = n == 0;
    bool base_first = i % 2 == 0;
    if (which & 1 && base_first && feed_base(c, chunk, n, final) < 0)
      return -1;
    if (which & 2 && feed_vif(c, chunk, n, final) < 0)
      return -1;
    if (which & 1 && !base_first && feed_base(c, chunk, n, final) < 0)
      return -1;
    rr->bytes += n;
    if (final)
      break;
  }
  if (m && !cf->file) {
    m->interfaces = g.interfaces;
    m->iface_bytes = g.iface_bytes;
  }
  source_close(&src);
  return 0;
}

static int run_round(const config *cf, uint64_t size, int round, char *chunk,
                     round_result *rr, made *m) {
  contenders c;
  memset(&c, 0, sizeof c);
  memset(rr, 0, sizeof *rr);
  static char *ring;
  if (!ring && !(ring = malloc(RING)))
    return -1;
  c.k.ring = ring;
  vifxml_stream_options so = {0};
  so.filename = cf->file ? cf->file : "<generated>";
  so.write = sink_write;
  so.write_ctx = &c.k;
  if (baseline_init(&c.b) < 0 || !(c.s = vifxml_stream_new(&so))) {
    fprintf(stderr, "vifxml-bench: out of memory\n");
    return -1;
  }
  double w0 = wall_now();
  int r;
  if (!cf->sequential) {
    r = pass(cf, size, &c, 3, chunk, rr, m);
  } else {
    int first = round % 2 ? 2 : 1;
    round_result tmp = {0};
    r = pass(cf, size, &c, first, chunk, rr, m);
    if (r == 0)
      r = pass(cf, size, &c, 3 - first, chunk, &tmp, NULL);
    rr->gen_cpu += tmp.gen_cpu;
  }
  rr->wall = wall_now() - w0;
  rr->base_cpu = c.base_cpu;
  rr->vif_cpu = c.vif_cpu;
  rr->out_bytes = c.k.bytes;
  rr->docs = c.b.docs;
  const vifxml_stats *st = vifxml_stream_stats(c.s);
  rr->interfaces = st->interfaces;
  rr->units = st->units;
  XML_ParserFree(c.b.p);
  vifxml_stream_free(c.s);
  return r;
}

/* ## The verification pass (untimed) */

#define FNV_INIT 0xCBF29CE484222325ull

static uint64_t fnv(uint64_t h, const char *buf, size_t len) {
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)buf[i]) * 0x100000001B3ull;
  return h;
}

typedef struct {
  uint64_t hash;
  unsigned long long bytes;
  vifxml_stream *next; /* the second normalization, fed as output comes */
  FILE *file;          /* --output */
  int failed;
} check_sink;

static int check_write(void *ctx, const char *buf, size_t len) {
  check_sink *k = ctx;
  k->hash = fnv(k->hash, buf, len);
  k->bytes += len;
  if (k->file && fwrite(buf, 1, len, k->file) != len)
    k->failed = 1;
  if (k->next && vifxml_stream_feed(k->next, buf, len) < 0)
    k->failed = 1;
  return 0;
}

typedef struct {
  uint64_t in_hash, out_hash, again_hash;
  unsigned long long in_bytes, out_bytes, again_bytes;
  unsigned long interfaces, again_interfaces, legacy;
  unsigned long by_kind[VIFXML_KIND_COUNT];
} verify_result;

static void report_stream_error(const char *what, vifxml_stream *s) {
  const vifxml_error *e = vifxml_stream_error(s);
  if (e)
    fprintf(stderr, "vifxml-bench: %s: %s:%lu:%lu: %s\n", what, e->file,
            e->line, e->column, e->message);
}

static int verify_pass(const config *cf, uint64_t size, char *chunk,
                       verify_result *v) {
  memset(v, 0, sizeof *v);
  check_sink k1 = {FNV_INIT, 0, NULL, NULL, 0};
  check_sink k2 = {FNV_INIT, 0, NULL, NULL, 0};
  vifxml_stream_options o1 = {0}, o2 = {0};
  o1.filename = cf->file ? cf->file : "<generated>";
  o1.write = check_write;
  o1.write_ctx = &k1;
  o2.filename = "<normalized output>";
  o2.write = check_write;
  o2.write_ctx = &k2;
  vifxml_stream *s1 = vifxml_stream_new(&o1), *s2 = vifxml_stream_new(&o2);
  int rc = -1;
  if (!s1 || !s2) {
    fprintf(stderr, "vifxml-bench: out of memory\n");
    goto out;
  }
  k1.next = s2;
  if (cf->output && !(k1.file = fopen(cf->output, "wb"))) {
    fprintf(stderr, "vifxml-bench: %s: %s\n", cf->output, strerror(errno));
    goto out;
  }
  static gen g;
  source src;
  if (source_open(&src, cf, size, &g) < 0)
    goto out;
  size_t n;
  int r = 0;
  v->in_hash = FNV_INIT;
  while (r == 0 && (n = source_read(&src, chunk, cf->chunk)) > 0) {
    v->in_hash = fnv(v->in_hash, chunk, n);
    v->in_bytes += n;
    r = vifxml_stream_feed(s1, chunk, n);
  }
  source_close(&src);
  if (r == 0)
    r = vifxml_stream_finish(s1);
  if (r < 0) {
    report_stream_error("verify", s1);
    goto out;
  }
  if (k1.failed || vifxml_stream_finish(s2) < 0) {
    report_stream_error("verify: normalizing the output again", s2);
    goto out;
  }
  if (k1.file && (fclose(k1.file) != 0 || k1.failed)) {
    k1.file = NULL;
    fprintf(stderr, "vifxml-bench: %s: write error\n", cf->output);
    goto out;
  }
  k1.file = NULL;
  const vifxml_stats *st1 = vifxml_stream_stats(s1);
  const vifxml_stats *st2 = vifxml_stream_stats(s2);
  v->out_hash = k1.hash;
  v->out_bytes = k1.bytes;
  v->again_hash = k2.hash;
  v->again_bytes = k2.bytes;
  v->interfaces = st1->interfaces;
  v->again_interfaces = st2->interfaces;
  v->legacy = st1->legacy;
  memcpy(v->by_kind, st1->by_kind, sizeof v->by_kind);
  rc = 0;
out:
  if (k1.file)
    fclose(k1.file);
  vifxml_stream_free(s1);
  vifxml_stream_free(s2);
  return rc;
}

/* ## One shape and size, in its own process */

typedef struct {
  const char *label;
  uint64_t size;
  unsigned long long bytes;
  double base_s, vif_s; /* thread CPU time of one round */
  double base_mbs, vif_mbs, ratio, target, ifaces_per_s;
  long rss_kib;
  int ok;
} size_summary;

static double mbs(unsigned long long bytes, double s) {
  return s > 0 ? (double)bytes / 1e6 / s : 0;
}

#define ROUND_HEADER                                                          \
  "round  expat cpu s  vifxml cpu s  expat MB/s  vifxml MB/s  ratio  "        \
  "interfaces/s  wall s\n"

static void print_round(const char *label, const round_result *rr,
                        const char *note) {
  printf("%5s  %11.4f  %12.4f  %10.1f  %11.1f  %5.3f  %12.0f  %6.2f%s\n",
         label, rr->base_cpu, rr->vif_cpu, mbs(rr->bytes, rr->base_cpu),
         mbs(rr->bytes, rr->vif_cpu), rr->base_cpu / rr->vif_cpu,
         (double)rr->interfaces / rr->vif_cpu, rr->wall, note);
  fflush(stdout);
}

/* Warm-up rounds (on at most the first WARMUP_MAX bytes of the same
 * stream) are shown but not counted: the first round of a fresh process
 * pays for first-touch page faults and cold caches and comes out a few
 * percent low for vifxml, whose buffers are larger than expat's. */
static int warm_up(const config *cf, uint64_t size, char *chunk) {
  for (int r = 0; r < cf->warmup; r++) {
    round_result rr;
    char label[16];
    if (run_round(cf, size < WARMUP_MAX ? size : WARMUP_MAX, r, chunk, &rr,
                  NULL) < 0)
      return -1;
    snprintf(label, sizeof label, "w%d", r + 1);
    print_round(label, &rr, "  (warm-up, not counted)");
  }
  return 0;
}

/* The untimed verification pass and its report: true when the output is
 * canonical and what the timed rounds produced. */
static bool verify(const config *cf, uint64_t size, char *chunk,
                   const round_result *first) {
  verify_result v;
  bool ok = verify_pass(cf, size, chunk, &v) == 0;
  if (ok) {
    printf("verify: input %llu bytes FNV-1a %016llx; output %llu bytes "
           "FNV-1a %016llx;\n        normalized again %llu bytes FNV-1a "
           "%016llx; %lu interfaces (%lu legacy spellings)",
           v.in_bytes, (unsigned long long)v.in_hash, v.out_bytes,
           (unsigned long long)v.out_hash, v.again_bytes,
           (unsigned long long)v.again_hash, v.interfaces, v.legacy);
    printf("\n        by kind:");
    for (int i = 0; i < VIFXML_KIND_COUNT; i++)
      if (v.by_kind[i])
        printf(" %s %lu", vifxml_kind_str((vifxml_kind)i), v.by_kind[i]);
    printf("\n");
    ok = v.in_bytes == first->bytes && v.out_bytes == first->out_bytes &&
         v.interfaces == first->interfaces &&
         v.again_interfaces == v.interfaces && v.again_bytes == v.out_bytes &&
         v.again_hash == v.out_hash;
  }
  printf("verify: %s\n", ok ? "output is canonical (a fixed point) and "
                              "matches the timed rounds"
                            : "FAILED");
  return ok;
}

static int run_size(const config *cf, uint64_t size, size_summary *sum) {
  char *chunk = malloc(cf->chunk);
  if (!chunk)
    return -1;
  double base_s[MAX_ROUNDS], vif_s[MAX_ROUNDS], ratio[MAX_ROUNDS],
      ips[MAX_ROUNDS];
  round_result first = {0};
  made m = {0, 0};
  bool same = true;
  printf(ROUND_HEADER);
  if (warm_up(cf, size, chunk) < 0)
    return -1;
  for (int r = 0; r < cf->rounds; r++) {
    round_result rr;
    char label[16];
    if (run_round(cf, size, r, chunk, &rr, &m) < 0)
      return -1;
    base_s[r] = rr.base_cpu;
    vif_s[r] = rr.vif_cpu;
    ratio[r] = rr.base_cpu / rr.vif_cpu;
    ips[r] = (double)rr.interfaces / rr.vif_cpu;
    snprintf(label, sizeof label, "%d", r + 1);
    print_round(label, &rr, "");
    if (r == 0)
      first = rr;
    else if (rr.out_bytes != first.out_bytes || rr.bytes != first.bytes ||
             rr.interfaces != first.interfaces)
      same = false;
  }
  sum->label = cf->label;
  sum->size = size;
  sum->bytes = first.bytes;
  sum->base_s = median(base_s, cf->rounds);
  sum->vif_s = median(vif_s, cf->rounds);
  sum->base_mbs = mbs(first.bytes, sum->base_s);
  sum->vif_mbs = mbs(first.bytes, sum->vif_s);
  sum->ratio = median(ratio, cf->rounds);
  sum->target = ratio_target[cf->shape];
  sum->ifaces_per_s = median(ips, cf->rounds);
  /* before the verification pass, which runs two streams at once */
  sum->rss_kib = peak_rss_kib();
  printf("median %11.4f  %12.4f  %10.1f  %11.1f  %5.3f  %12.0f  (ratio: "
         "median of the rounds' ratios)\n",
         sum->base_s, sum->vif_s, sum->base_mbs, sum->vif_mbs, sum->ratio,
         sum->ifaces_per_s);
  printf("input: %llu bytes, %lu documents, %lu units, %lu interfaces",
         first.bytes, first.docs, first.units, first.interfaces);
  if (!cf->file)
    printf(" (generator made %lu, %.1f%% of the bytes)", m.interfaces,
           first.bytes ? 100.0 * (double)m.iface_bytes / (double)first.bytes
                       : 0);
  printf("\noutput: %llu bytes, %s every round\n", first.out_bytes,
         same ? "identical length" : "DIFFERENT");
  printf("generator: %.0f MB/s (not timed in the figures above)\n",
         mbs(first.bytes, first.gen_cpu));
  printf("peak RSS (VmHWM, whole process): %ld KiB\n", sum->rss_kib);
  bool verified = !cf->verify || verify(cf, size, chunk, &first);
  bool ratio_ok = sum->ratio >= sum->target;
  bool rss_ok = sum->rss_kib < RSS_TARGET_KIB;
  bool count_ok = cf->file || m.interfaces == first.interfaces;
  printf("targets: %s: ratio %.3f >= %.2f %s; peak RSS %.1f MiB < 16 MiB %s; "
         "interfaces counted %s; output %s%s\n",
         cf->label, sum->ratio, sum->target, ratio_ok ? "MET" : "MISSED",
         (double)sum->rss_kib / 1024, rss_ok ? "MET" : "MISSED",
         count_ok ? "OK" : "MISMATCH", same ? "stable" : "UNSTABLE",
         !cf->verify ? ", not verified" : verified ? ", verified" : ", WRONG");
  sum->ok = ratio_ok && rss_ok && count_ok && same && verified;
  free(chunk);
  return count_ok && same && verified ? 0 : -1;
}

/* Runs one shape and size in a child process, so that its peak RSS is its
 * own; 0, or 2 when it failed. */
static int run_isolated(config cf, uint64_t size, int rounds,
                        size_summary *sum) {
  int fds[2];
  fflush(stdout);
  if (pipe(fds) < 0)
    return 2;
  pid_t pid = fork();
  if (pid < 0)
    return 2;
  if (pid == 0) {
    close(fds[0]);
    size_summary s = {0};
    if (rounds)
      cf.rounds = rounds;
    int r = run_size(&cf, size, &s);
    fflush(stdout);
    if (write(fds[1], &s, sizeof s) != (ssize_t)sizeof s)
      r = -1;
    _exit(r < 0 ? 2 : 0);
  }
  close(fds[1]);
  if (read(fds[0], sum, sizeof *sum) != (ssize_t)sizeof *sum)
    sum->ok = -1;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 2;
}

static void print_summary(const size_summary *sums, int n) {
  printf("\n== summary (medians of the rounds) ==\n");
  printf("%-9s  %11s  %11s  %12s  %10s  %11s  %5s  %-14s  %12s  %9s\n",
         "shape", "input bytes", "expat cpu s", "vifxml cpu s", "expat MB/s",
         "vifxml MB/s", "ratio", "ratio target", "interfaces/s", "peak RSS");
  for (int i = 0; i < n; i++)
    printf("%-9s  %11llu  %11.4f  %12.4f  %10.1f  %11.1f  %5.3f  >= %.2f "
           "%-6s  %12.0f  %5.1f MiB\n",
           sums[i].label, sums[i].bytes,
           sums[i].base_s, sums[i].vif_s, sums[i].base_mbs, sums[i].vif_mbs,
           sums[i].ratio, sums[i].target,
           sums[i].ratio >= sums[i].target ? "MET" : "MISSED",
           sums[i].ifaces_per_s, (double)sums[i].rss_kib / 1024);
}

/* ## Command line */

static int usage(FILE *f, int rc) {
  fprintf(f,
      "usage: vifxml-bench [--size SIZE[:ROUNDS]]... [--shape SHAPE]...\n"
      "                    [--rounds N] [--warmup N] [--seed N] [--chunk SIZE]\n"
      "                    [--mode interleave|sequential] [--no-verify]\n"
      "                    [--output FILE] [--enforce]\n"
      "       vifxml-bench --file PATH [--shape SHAPE] [--rounds N] ...\n"
      "Runs expat with no handlers and vifxml normalize (into a memory sink)\n"
      "over the same generated input, in one process per shape and size, and\n"
      "reports the thread CPU time and MB/s of each, the ratio vifxml/expat,\n"
      "interfaces/s and peak RSS (medians of the rounds). SIZE takes k/M/G\n"
      "suffixes (binary units); default 10M. SHAPE (default wrap; several\n"
      "--shape options run each in turn): wrap, concat, dense, realworld.\n"
      "--file: the input is that file; --shape then only says which ratio\n"
      "target applies. --warmup N (default 1) rounds on up to 16 MiB are\n"
      "shown, not counted.\n"
      "An untimed pass then checks the output: normalized again it must not\n"
      "change (--no-verify skips it; --output FILE also writes it to FILE).\n"
      "--enforce: exit 1 when a target (ratio >= %.2f, realworld %.2f;\n"
      "RSS < 16 MiB) is missed; otherwise the exit status only reflects\n"
      "errors.\n",
      ratio_target[GEN_WRAP], ratio_target[GEN_REALWORLD]);
  return rc;
}

int main(int argc, char **argv) {
  config cf = {1, GEN_WRAP, NULL, 65536, 5, 1, false, true, false, NULL, NULL};
  uint64_t sizes[MAX_SIZES];
  int rounds[MAX_SIZES];
  int nsizes = 0;
  gen_shape shapes[MAX_SHAPES];
  int nshapes = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--size") && v && nsizes < MAX_SIZES) {
      /* SIZE or SIZE:ROUNDS */
      char buf[64];
      snprintf(buf, sizeof buf, "%s", v);
      char *colon = strchr(buf, ':');
      rounds[nsizes] = 0;
      if (colon) {
        *colon = '\0';
        rounds[nsizes] = atoi(colon + 1);
        if (rounds[nsizes] < 1 || rounds[nsizes] > MAX_ROUNDS)
          return usage(stderr, 2);
      }
      if (!(sizes[nsizes++] = gen_parse_size(buf)))
        return usage(stderr, 2);
      i++;
    } else if (!strcmp(a, "--rounds") && v) {
      cf.rounds = atoi(v);
      i++;
      if (cf.rounds < 1 || cf.rounds > MAX_ROUNDS)
        return usage(stderr, 2);
    } else if (!strcmp(a, "--warmup") && v) {
      cf.warmup = atoi(v);
      i++;
      if (cf.warmup < 0 || cf.warmup > MAX_ROUNDS)
        return usage(stderr, 2);
    } else if (!strcmp(a, "--seed") && v) {
      cf.seed = strtoull(v, NULL, 0);
      i++;
    } else if (!strcmp(a, "--chunk") && v) {
      cf.chunk = (size_t)gen_parse_size(v);
      i++;
      if (!cf.chunk || cf.chunk > (1u << 30))
        return usage(stderr, 2);
    } else if (!strcmp(a, "--shape") && v && nshapes < MAX_SHAPES) {
      int s = gen_shape_parse(v);
      i++;
      if (s < 0)
        return usage(stderr, 2);
      shapes[nshapes++] = (gen_shape)s;
    } else if (!strcmp(a, "--mode") && v) {
      i++;
      if (!strcmp(v, "interleave"))
        cf.sequential = false;
      else if (!strcmp(v, "sequential"))
        cf.sequential = true;
      else
        return usage(stderr, 2);
    } else if (!strcmp(a, "--file") && v) {
      cf.file = v;
      i++;
    } else if (!strcmp(a, "--output") && v) {
      cf.output = v;
      i++;
    } else if (!strcmp(a, "--no-verify")) {
      cf.verify = false;
    } else if (!strcmp(a, "--enforce")) {
      cf.enforce = true;
    } else if (!strcmp(a, "--help")) {
      return usage(stdout, 0);
    } else {
      return usage(stderr, 2);
    }
  }
  if (!nsizes || cf.file) {
    sizes[0] = 10u << 20;
    rounds[0] = 0;
    nsizes = 1;
  }
  /* a file is one input; --shape only says whose target applies */
  const char *label = cf.file && !nshapes ? "file" : NULL;
  if (!nshapes)
    shapes[nshapes++] = GEN_WRAP;
  if (cf.file)
    nshapes = 1;

  printf("vifxml-bench: vifxml %s, expat %s; %d round(s) unless given per "
         "size, chunk %zu bytes, %s, ",
         vifxml_version(), XML_ExpatVersion(), cf.rounds, cf.chunk,
         cf.sequential ? "sequential passes" : "interleaved per chunk");
  if (cf.file) {
    printf("%s\n", cf.file);
  } else {
    printf("shape%s", nshapes > 1 ? "s" : "");
    for (int j = 0; j < nshapes; j++)
      printf("%s %s", j ? "," : "", gen_shape_names[shapes[j]]);
    printf("\n");
  }
  size_summary sums[MAX_SHAPES * MAX_SIZES];
  memset(sums, 0, sizeof sums);
  int rc = 0, n = 0;
  for (int j = 0; j < nshapes; j++)
    for (int i = 0; i < nsizes; i++, n++) {
      cf.shape = shapes[j];
      cf.label = label ? label : gen_shape_names[cf.shape];
      if (!cf.file)
        printf("\n== shape %s (%s), size %llu bytes (%.0f MiB), seed %llu "
               "==\n",
               gen_shape_names[cf.shape], shape_what[cf.shape],
               (unsigned long long)sizes[i], (double)sizes[i] / (1 << 20),
               (unsigned long long)cf.seed);
      if (run_isolated(cf, sizes[i], rounds[i], &sums[n]))
        rc = 2;
    }
  if (n > 1)
    print_summary(sums, n);
  bool all = true;
  for (int i = 0; i < n; i++)
    all = all && sums[i].ok == 1;
  printf("\nall targets %s\n", all ? "met" : "NOT met");
  if (rc)
    return rc;
  return cf.enforce && !all ? 1 : 0;
}
