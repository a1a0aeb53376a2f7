/* Running a command over many files: file lists (-r, -0), parallel jobs
 * whose output and messages keep the input order, progress on a terminal,
 * and the migration summary. */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  char **v;
  size_t n, cap;
} strv;

static int push(strv *s, const char *p) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    char **v = realloc(s->v, cap * sizeof *v);
    if (!v)
      return -1;
    s->v = v;
    s->cap = cap;
  }
  if (!(s->v[s->n] = strdup(p)))
    return -1;
  s->n++;
  return 0;
}

static bool is_xml(const char *name) {
  size_t n = strlen(name);
  return n > 4 && !strcmp(name + n - 4, ".xml");
}

/* A directory entry to look at: its path and what readdir says it is. */
typedef struct {
  char *path;
  unsigned char type; /* DT_* */
} entry;

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

/* What a path is, as readdir's DT_* has it (DT_UNKNOWN when it is gone). */
static unsigned char path_type(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return DT_UNKNOWN;
  return S_ISLNK(st.st_mode)   ? DT_LNK
         : S_ISDIR(st.st_mode) ? DT_DIR
         : S_ISREG(st.st_mode) ? DT_REG
                               : DT_UNKNOWN;
}

/* Files ending in .xml below dir, in name order (so runs are repeatable).
 * A link to a file is taken (dangling, it is an error when opened); a link
 * to a directory is not descended, so a tree with loops ends. An entry's
 * type is readdir's where the file system gives it: a stat per file costs
 * about as much as the rest of listing it. */
static int walk(strv *out, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    cli_trouble(stderr, dir, "cannot read directory");
    return -1;
  }
  entry *here = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      entry *h = realloc(here, cap * sizeof *h);
      if (!h) {
        rc = -1;
        break;
      }
      here = h;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (!(here[n].path = strdup(path))) {
      rc = -1;
      break;
    }
    here[n++].type = e->d_type;
  }
  closedir(d);
  if (n)
    qsort(here, n, sizeof *here, cmp_entry);
  for (size_t i = 0; i < n; i++) {
    const char *p = here[i].path;
    unsigned char type = here[i].type;
    if (type == DT_UNKNOWN)
      type = path_type(p);
    struct stat st;
    if (type == DT_DIR)
      rc |= walk(out, p);
    else if (is_xml(p) &&
             (type == DT_REG ||
              /* a link to a file, or dangling */
              (type == DT_LNK && (stat(p, &st) != 0 || S_ISREG(st.st_mode)))))
      rc |= push(out, p);
    free(here[i].path);
  }
  free(here);
  return rc;
}

/* ## Each file once */

typedef struct {
  dev_t dev;
  ino_t ino;
  size_t first; /* index of its first path */
  bool named;   /* that path is not a symbolic link */
  bool found;   /* the path exists (and is not standard input) */
  off_t size;
} seen;

static int cmp_seen(const void *a, const void *b) {
  const seen *x = a, *y = b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* Paths [from, to), each looked up into s at its index. */
typedef struct {
  char **v;
  seen *s;
  size_t from, to;
  pthread_t th;
  bool started;
} stat_part;

static void *stat_paths(void *arg) {
  stat_part *q = arg;
  for (size_t i = q->from; i < q->to; i++) {
    struct stat st, lst;
    q->s[i] = (seen){.first = i, .size = -1};
    if (!strcmp(q->v[i], "-") || lstat(q->v[i], &lst) != 0)
      continue;
    bool link = S_ISLNK(lst.st_mode);
    /* a dangling link is one path, reported once */
    if (!link || stat(q->v[i], &st) != 0)
      st = lst;
    q->s[i] = (seen){st.st_dev, st.st_ino, i, !link, true, st.st_size};
  }
  return NULL;
}

/* Keeps one path per file (device and inode), however many paths reach it
 * (autostart links, a name given twice, overlapping -r roots): at the place
 * of its first path, by a name that is not a link when one is. Standard
 * input and paths that do not exist stay as they are. *size: each kept
 * path's size, -1 where it is not known. */
static int unique_files(strv *v, int jobs, off_t **size) {
  size_t m = v->n ? v->n : 1;
  /* The stats are most of the time before the first file starts: the jobs
   * share them, a thread per 256 paths at most (a thread costs about what
   * fifty stats do). */
  int parts = jobs < (int)(v->n / 256) + 1 ? jobs : (int)(v->n / 256) + 1;
  seen *s = malloc(m * sizeof *s);
  bool *drop = calloc(m, sizeof *drop);
  off_t *sz = malloc(m * sizeof *sz);
  stat_part *part = calloc((size_t)parts, sizeof *part);
  if (!s || !drop || !sz || !part) {
    free(s);
    free(drop);
    free(sz);
    free(part);
    return -1;
  }
  for (int t = 0; t < parts; t++)
    part[t] = (stat_part){.v = v->v,
                          .s = s,
                          .from = v->n * (size_t)t / (size_t)parts,
                          .to = v->n * (size_t)(t + 1) / (size_t)parts};
  for (int t = 1; t < parts; t++)
    part[t].started =
        pthread_create(&part[t].th, NULL, stat_paths, &part[t]) == 0;
  stat_paths(&part[0]);
  for (int t = 1; t < parts; t++) {
    if (part[t].started)
      pthread_join(part[t].th, NULL);
    else
      stat_paths(&part[t]);
  }
  free(part);
  size_t ns = 0;
  for (size_t i = 0; i < v->n; i++) {
    sz[i] = s[i].size;
    if (s[i].found)
      s[ns++] = s[i];
  }
  qsort(s, ns, sizeof *s, cmp_seen);
  for (size_t a = 0, b; a < ns; a = b) {
    size_t keep = a;
    for (b = a; b < ns && s[b].dev == s[a].dev && s[b].ino == s[a].ino; b++)
      if (!s[keep].named && s[b].named)
        keep = b;
    for (size_t k = a; k < b; k++)
      drop[s[k].first] = true;
    if (keep != a) {
      /* the file's first place, its plain name */
      char *t = v->v[s[a].first];
      v->v[s[a].first] = v->v[s[keep].first];
      v->v[s[keep].first] = t;
    }
    drop[s[a].first] = false;
  }
  size_t n = 0;
  for (size_t i = 0; i < v->n; i++) {
    if (drop[i]) {
      free(v->v[i]);
    } else {
      sz[n] = sz[i];
      v->v[n++] = v->v[i];
    }
  }
  v->n = n;
  *size = sz;
  free(s);
  free(drop);
  return 0;
}

/* The inputs: arguments from `first` (directories with -r), then file names
 * read NUL-separated from standard input with -0; "-" when there are none.
 * *size: their sizes (unique_files). */
static int batch_collect(int argc, char **argv, int first, bool recursive,
                         bool null_list, int jobs, char ***paths, off_t **size,
                         size_t *n) {
  strv out = {0};
  int rc = 0;
  if (null_list) {
    /* find -print0: names separated by NUL on standard input. */
    membuf all = {0};
    if (cli_read_all(stdin, "<stdin>", &all) < 0)
      return -1;
    for (size_t i = 0; i < all.len;) {
      size_t len = strlen(all.p + i);
      if (len)
        rc |= push(&out, all.p + i);
      i += len + 1;
    }
    free(all.p);
  }
  for (int i = first; i < argc; i++) {
    struct stat st;
    if (strcmp(argv[i], "-") && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
      if (!recursive) {
        fprintf(stderr, "%s: error: is a directory (use -r)\n", argv[i]);
        rc = -1;
        continue;
      }
      rc |= walk(&out, argv[i]);
    } else {
      rc |= push(&out, argv[i]);
    }
  }
  if (!null_list && first >= argc)
    rc |= push(&out, "-");
  rc |= unique_files(&out, jobs > 1 ? jobs : 1, size);
  *paths = out.v;
  *n = out.n;
  return rc ? -1 : 0;
}

/* ## Progress and summary */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
  batch_totals t;
  double start, last;
  bool shown;
} tally;

static void add(tally *y, const batch_job *j, size_t total, bool progress) {
  y->t.files++;
  y->t.changed += j->changed;
  y->t.errors += j->rc == EXIT_TROUBLE;
  y->t.bytes += j->stats.bytes;
  y->t.domains += j->stats.domains;
  y->t.interfaces += j->stats.interfaces;
  y->t.legacy += j->stats.legacy;
  for (int k = 0; k < VIFXML_KIND_COUNT; k++)
    y->t.by_kind[k] += j->stats.by_kind[k];
  double t = now();
  /* Only long runs on a terminal get a progress line, never pipes or logs. */
  if (!progress || t - y->start < 1.0 || t - y->last < 0.25)
    return;
  y->last = t;
  y->shown = true;
  fprintf(stderr, "\rvifxml: %lu/%zu files, %.1f MB, %.1f MB/s ", y->t.files,
          total, (double)y->t.bytes / 1e6,
          (double)y->t.bytes / 1e6 / (t - y->start));
  fflush(stderr);
}

static void summary(const batch_totals *t, int format) {
  static const char *const kinds[VIFXML_KIND_COUNT] = {
      "bridge", "generic", "vhostuser", "pci_assigned", "direct", "network",
      "opaque", "user", "server", "client", "mcast", "udp", "internal",
      "vdpa", "null", "vds"};
  if (format == 2) {
    fprintf(stderr,
            "{\"files\": %lu, \"changed\": %lu, \"errors\": %lu, \"bytes\": %llu, "
            "\"domains\": %lu, \"interfaces\": %lu, \"legacy_rewritten\": %lu, "
            "\"passed_through\": %lu, \"by_kind\": {",
            t->files, t->changed, t->errors, t->bytes, t->domains,
            t->interfaces, t->legacy, t->by_kind[VIFXML_KIND_OPAQUE]);
    for (int k = 0; k < VIFXML_KIND_COUNT; k++)
      fprintf(stderr, "%s\"%s\": %lu", k ? ", " : "", kinds[k], t->by_kind[k]);
    fprintf(stderr, "}}\n");
    return;
  }
  fprintf(stderr,
          "summary: %lu files (%lu would change or changed, %lu with errors), "
          "%lu domains, %lu interfaces:",
          t->files, t->changed, t->errors, t->domains, t->interfaces);
  for (int k = 0; k < VIFXML_KIND_COUNT; k++)
    if (t->by_kind[k])
      fprintf(stderr, " %s %lu", kinds[k], t->by_kind[k]);
  fprintf(stderr, "; %lu legacy forms rewritten, %lu passed through unchanged\n",
          t->legacy, t->by_kind[VIFXML_KIND_OPAQUE]);
}

/* ## Parallel jobs */

/* A job's output and messages are held until its turn to print: in memory
 * for inputs up to this size (no file system work per file), in a
 * temporary file for larger ones (memory stays flat). */
#define CAPTURE_IN_MEMORY (1u << 20)

/* Memory to hold a job's output and messages in: the window has one per
 * place, which a job takes by its index and leaves for the next one once
 * printed, so that a file allocates nothing (nor does one thread free what
 * another allocated). */
typedef struct {
  membuf out, err;
  FILE *fout, *ferr; /* write to out and err */
  bool lost;         /* a write found no memory */
} slot;

static ssize_t slot_write(void *m, const char *buf, size_t len) {
  return cli_mem_write(m, buf, len) < 0 ? 0 : (ssize_t)len;
}

static FILE *slot_open(membuf *m) {
  return fopencookie(m, "w",
                     (cookie_io_functions_t){NULL, slot_write, NULL, NULL});
}

/* The main thread prints in input order and, when nothing is ready to
 * print, takes a file itself; jobs - 1 workers take the others. A thread
 * waits only when it cannot go on (the printer for the next file once all
 * are taken, a worker for room in the window), and is woken only then: a
 * wake-up per file would cost more than a small file's work. */
typedef struct {
  size_t n;
  batch_job *jobs;
  bool *inmem;  /* job i's output is in slot[i % window] */
  slot *slots;
  const off_t *size;
  batch_fn fn;
  void *ctx;
  void (*keep_free)(void *);
  size_t window; /* how far files may be taken ahead of the printer: far
                    enough that small files do not wait on it, near enough
                    to bound the captured output */
  pthread_mutex_t mu;
  pthread_cond_t ready, room; /* for the printer, for the workers */
  /* under mu: */
  size_t next, printed;
  bool *done;
  bool printer_waits;
  int stalled; /* workers waiting for room */
} pool;

/* Runs job i with its output and messages captured. */
static void run_captured(pool *p, size_t i, void **keep) {
  batch_job *j = &p->jobs[i];
  slot *s = &p->slots[i % p->window];
  j->keep = keep;
  if (p->size[i] >= 0 && p->size[i] <= (off_t)CAPTURE_IN_MEMORY) {
    if (!s->fout)
      s->fout = slot_open(&s->out);
    if (!s->ferr)
      s->ferr = slot_open(&s->err);
    p->inmem[i] = s->fout && s->ferr;
  }
  j->out = p->inmem[i] ? s->fout : tmpfile();
  j->err = p->inmem[i] ? s->ferr : tmpfile();
  j->rc = j->out && j->err ? p->fn(p->ctx, j) : EXIT_TROUBLE;
  if (p->inmem[i] && (fflush(s->fout) != 0 || fflush(s->ferr) != 0 ||
                      ferror(s->fout) || ferror(s->ferr))) {
    s->lost = true;
    j->rc = EXIT_TROUBLE;
    clearerr(s->fout);
    clearerr(s->ferr);
  }
}

static void *worker(void *arg) {
  pool *p = arg;
  void *keep = NULL;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (p->next < p->n && p->next >= p->printed + p->window) {
      p->stalled++;
      pthread_cond_wait(&p->room, &p->mu);
      p->stalled--;
    }
    if (p->next >= p->n)
      break;
    size_t i = p->next++;
    pthread_mutex_unlock(&p->mu);
    run_captured(p, i, &keep);
    pthread_mutex_lock(&p->mu);
    p->done[i] = true;
    if (p->printer_waits && i == p->printed)
      pthread_cond_signal(&p->ready);
  }
  pthread_mutex_unlock(&p->mu);
  if (keep)
    p->keep_free(keep);
  return NULL;
}

static void replay(FILE *from, FILE *to) {
  char buf[65536];
  size_t n;
  if (!from)
    return;
  rewind(from);
  while ((n = fread(buf, 1, sizeof buf, from)) > 0)
    fwrite(buf, 1, n, to);
  fclose(from);
}

static void print_captured(pool *p, size_t i) {
  slot *s = &p->slots[i % p->window];
  if (p->inmem[i]) {
    if (s->out.len) /* an empty capture has no buffer: fwrite wants one */
      fwrite(s->out.p, 1, s->out.len, stdout);
    if (s->err.len)
      fwrite(s->err.p, 1, s->err.len, stderr);
    if (s->lost)
      fprintf(stderr, "%s: error: out of memory for its output\n",
              p->jobs[i].path);
    s->out.len = s->err.len = 0;
    s->lost = false;
  } else {
    replay(p->jobs[i].out, stdout);
    replay(p->jobs[i].err, stderr);
  }
}

int batch_run(char **paths, const off_t *size, size_t n, batch_fn fn,
              void *ctx, const batch_opts *o) {
  tally y = {{0}, now(), 0, false};
  bool progress = !o->quiet && isatty(STDERR_FILENO);
  int rc = EXIT_SAME;
  /* workers: this thread is one of the jobs, and no more than files */
  int nt = (int)(n < (size_t)o->jobs ? n : (size_t)o->jobs);
  nt = nt > 1 ? nt - 1 : 0;
  void *keep = NULL;
  size_t m = n ? n : 1, window = (size_t)o->jobs * 2 + 30;
  pool p = {.n = n,
            .jobs = calloc(m, sizeof *p.jobs),
            .inmem = calloc(m, sizeof *p.inmem),
            .slots = calloc(window, sizeof *p.slots),
            .size = size,
            .fn = fn,
            .ctx = ctx,
            .keep_free = o->keep_free,
            .window = window,
            .mu = PTHREAD_MUTEX_INITIALIZER,
            .ready = PTHREAD_COND_INITIALIZER,
            .room = PTHREAD_COND_INITIALIZER,
            .done = calloc(m, sizeof *p.done)};
  pthread_t *th = calloc(nt ? (size_t)nt : 1, sizeof *th);
  if (!p.jobs || !p.inmem || !p.slots || !p.done || !th) {
    free(p.jobs);
    free(p.inmem);
    free(p.slots);
    free(p.done);
    free(th);
    fprintf(stderr, "vifxml: error: out of memory\n");
    return EXIT_TROUBLE;
  }
  for (size_t i = 0; i < n; i++)
    p.jobs[i].path = paths[i];
  for (int t = 0; t < nt; t++)
    if (pthread_create(&th[t], NULL, worker, &p) != 0)
      nt = t;
  pthread_mutex_lock(&p.mu);
  while (p.printed < n) {
    size_t from = p.printed, to = from, mine = n;
    while (to < n && p.done[to])
      to++;
    if (to == from && p.next < n && p.next < from + p.window) {
      mine = p.next++;
    } else if (to == from) {
      p.printer_waits = true;
      pthread_cond_wait(&p.ready, &p.mu);
      p.printer_waits = false;
      continue;
    }
    pthread_mutex_unlock(&p.mu);
    if (mine == from) {
      /* next in order: straight out, as with one job */
      batch_job *j = &p.jobs[mine];
      j->out = stdout;
      j->err = stderr;
      j->keep = &keep;
      j->rc = fn(ctx, j);
      to = mine + 1;
    } else if (mine < n) {
      run_captured(&p, mine, &keep);
    }
    for (size_t i = from; i < to; i++) {
      if (i != mine)
        print_captured(&p, i);
      rc = cli_worse(rc, p.jobs[i].rc);
      add(&y, &p.jobs[i], n, progress);
    }
    pthread_mutex_lock(&p.mu);
    if (mine < n && mine != from)
      p.done[mine] = true;
    p.printed = to;
    if (p.stalled && to > from)
      pthread_cond_broadcast(&p.room);
  }
  pthread_mutex_unlock(&p.mu);
  for (int t = 0; t < nt; t++)
    pthread_join(th[t], NULL);
  if (keep)
    o->keep_free(keep);
  if (y.shown)
    fprintf(stderr, "\r\033[K");
  if (o->summary)
    summary(&y.t, o->summary);
  for (size_t k = 0; k < window; k++) {
    if (p.slots[k].fout)
      fclose(p.slots[k].fout);
    if (p.slots[k].ferr)
      fclose(p.slots[k].ferr);
    free(p.slots[k].out.p);
    free(p.slots[k].err.p);
  }
  free(p.jobs);
  free(p.inmem);
  free(p.slots);
  free(p.done);
  free(th);
  return rc;
}

int batch_files(const cli_inputs *in, batch_fn fn, void *ctx,
                const batch_opts *o) {
  char **paths = NULL;
  off_t *size = NULL;
  size_t n = 0;
  int rc = batch_collect(in->nfiles, in->files, 0, in->recursive,
                         in->null_list, o->jobs, &paths, &size, &n) < 0
               ? EXIT_TROUBLE
               : batch_run(paths, size, n, fn, ctx, o);
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
  free(size);
  return rc;
}
