/* Running a command over many files: file lists (-r, -0), parallel jobs
 * whose output and messages keep the input order, progress on a terminal,
 * and the migration summary. */
#define _POSIX_C_SOURCE 200809L
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

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_xml(const char *name) {
  size_t n = strlen(name);
  return n > 4 && !strcmp(name + n - 4, ".xml");
}

/* Files ending in .xml below dir, in name order (so runs are repeatable).
 * A link to a file is taken (dangling, it is an error when opened); a link
 * to a directory is not descended, so a tree with loops ends. */
static int walk(strv *out, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    cli_trouble(stderr, dir, "cannot read directory");
    return -1;
  }
  strv here = {0};
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    push(&here, path);
  }
  closedir(d);
  qsort(here.v, here.n, sizeof *here.v, cmp_str);
  for (size_t i = 0; i < here.n; i++) {
    struct stat st;
    if (lstat(here.v[i], &st) == 0) {
      bool link = S_ISLNK(st.st_mode);
      bool dangling = link && stat(here.v[i], &st) != 0;
      if (!link && S_ISDIR(st.st_mode))
        rc |= walk(out, here.v[i]);
      else if ((dangling || S_ISREG(st.st_mode)) && is_xml(here.v[i]))
        rc |= push(out, here.v[i]);
    }
    free(here.v[i]);
  }
  free(here.v);
  return rc;
}

/* ## Each file once */

typedef struct {
  dev_t dev;
  ino_t ino;
  size_t first; /* index of its first path */
  bool named;   /* that path is not a symbolic link */
} seen;

static int cmp_seen(const void *a, const void *b) {
  const seen *x = a, *y = b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* Keeps one path per file (device and inode), however many paths reach it
 * (autostart links, a name given twice, overlapping -r roots): at the place
 * of its first path, by a name that is not a link when one is. Standard
 * input and paths that do not exist stay as they are. */
static int unique_files(strv *v) {
  seen *s = malloc((v->n ? v->n : 1) * sizeof *s);
  bool *drop = calloc(v->n ? v->n : 1, sizeof *drop);
  if (!s || !drop) {
    free(s);
    free(drop);
    return -1;
  }
  size_t ns = 0;
  for (size_t i = 0; i < v->n; i++) {
    struct stat st, lst;
    if (!strcmp(v->v[i], "-") || lstat(v->v[i], &lst) != 0)
      continue;
    bool link = S_ISLNK(lst.st_mode);
    /* a dangling link is one path, reported once */
    if (stat(v->v[i], &st) != 0)
      st = lst;
    s[ns++] = (seen){st.st_dev, st.st_ino, i, !link};
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
    if (drop[i])
      free(v->v[i]);
    else
      v->v[n++] = v->v[i];
  }
  v->n = n;
  free(s);
  free(drop);
  return 0;
}

/* The inputs: arguments from `first` (directories with -r), then file names
 * read NUL-separated from standard input with -0; "-" when there are none. */
static int batch_collect(int argc, char **argv, int first, bool recursive,
                         bool null_list, char ***paths, size_t *n) {
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
  rc |= unique_files(&out);
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

typedef struct {
  char *out, *err;
  size_t outlen, errlen;
  bool inmem;
} capture;

typedef struct {
  char **paths;
  size_t n, next, printed;
  batch_job *jobs;
  capture *cap;
  bool *done;
  size_t window; /* how far workers may run ahead of the printer: far
                    enough that small files do not wait on it at every
                    step, near enough to bound the captured output */
  batch_fn fn;
  void *ctx;
  pthread_mutex_t mu;
  pthread_cond_t cv;
} pool;

static void *worker(void *arg) {
  pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    while (p->next < p->n && p->next >= p->printed + p->window)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->next >= p->n) {
      pthread_mutex_unlock(&p->mu);
      return NULL;
    }
    size_t i = p->next++;
    pthread_mutex_unlock(&p->mu);
    batch_job *j = &p->jobs[i];
    capture *c = &p->cap[i];
    struct stat st;
    if (strcmp(j->path, "-") && stat(j->path, &st) == 0 &&
        st.st_size <= (off_t)CAPTURE_IN_MEMORY) {
      j->out = open_memstream(&c->out, &c->outlen);
      j->err = j->out ? open_memstream(&c->err, &c->errlen) : NULL;
      c->inmem = j->out && j->err;
      if (!c->inmem && j->out) {
        fclose(j->out);
        free(c->out);
        c->out = NULL;
      }
    }
    if (!c->inmem) {
      j->out = tmpfile();
      j->err = tmpfile();
    }
    j->rc = j->out && j->err ? p->fn(p->ctx, j) : EXIT_TROUBLE;
    if (c->inmem) {
      fclose(j->out);
      fclose(j->err);
      j->out = j->err = NULL;
    }
    pthread_mutex_lock(&p->mu);
    p->done[i] = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
  }
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

int batch_run(char **paths, size_t n, batch_fn fn, void *ctx,
              const batch_opts *o) {
  tally y = {{0}, now(), 0, false};
  bool progress = !o->quiet && isatty(STDERR_FILENO);
  int rc = EXIT_SAME;
  batch_job *jobs = calloc(n ? n : 1, sizeof *jobs);
  bool *done = calloc(n ? n : 1, sizeof *done);
  capture *cap = calloc(n ? n : 1, sizeof *cap);
  if (!jobs || !done || !cap) {
    free(jobs);
    free(done);
    free(cap);
    fprintf(stderr, "vifxml: error: out of memory\n");
    return EXIT_TROUBLE;
  }
  for (size_t i = 0; i < n; i++)
    jobs[i].path = paths[i];
  if (o->jobs <= 1 || n < 2) {
    for (size_t i = 0; i < n; i++) {
      jobs[i].out = stdout;
      jobs[i].err = stderr;
      jobs[i].rc = fn(ctx, &jobs[i]);
      rc = cli_worse(rc, jobs[i].rc);
      add(&y, &jobs[i], n, progress);
    }
  } else {
    pool p = {paths, n, 0, 0, jobs, cap, done, (size_t)o->jobs * 2 + 30, fn, ctx,
              PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};
    int nt = o->jobs;
    pthread_t *th = calloc((size_t)nt, sizeof *th);
    for (int t = 0; th && t < nt; t++)
      if (pthread_create(&th[t], NULL, worker, &p) != 0)
        nt = t;
    for (size_t i = 0; i < n; i++) {
      pthread_mutex_lock(&p.mu);
      while (!p.done[i])
        pthread_cond_wait(&p.cv, &p.mu);
      pthread_mutex_unlock(&p.mu);
      if (cap[i].inmem) {
        fwrite(cap[i].out, 1, cap[i].outlen, stdout);
        fwrite(cap[i].err, 1, cap[i].errlen, stderr);
        free(cap[i].out);
        free(cap[i].err);
      } else {
        replay(jobs[i].out, stdout);
        replay(jobs[i].err, stderr);
      }
      rc = cli_worse(rc, jobs[i].rc);
      add(&y, &jobs[i], n, progress);
      pthread_mutex_lock(&p.mu);
      p.printed = i + 1;
      pthread_cond_broadcast(&p.cv);
      pthread_mutex_unlock(&p.mu);
    }
    for (int t = 0; t < nt; t++)
      pthread_join(th[t], NULL);
    free(th);
  }
  if (y.shown)
    fprintf(stderr, "\r\033[K");
  if (o->summary)
    summary(&y.t, o->summary);
  free(jobs);
  free(done);
  free(cap);
  return rc;
}

int batch_files(const cli_inputs *in, batch_fn fn, void *ctx,
                const batch_opts *o) {
  char **paths = NULL;
  size_t n = 0;
  int rc = batch_collect(in->nfiles, in->files, 0, in->recursive,
                         in->null_list, &paths, &n) < 0
               ? EXIT_TROUBLE
               : batch_run(paths, n, fn, ctx, o);
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
  return rc;
}
