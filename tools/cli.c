/* Shared pieces of the vifxml commands. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_worse(int a, int b) { return a > b ? a : b; }

void cli_print_diag(void *quiet, vifxml_diag_level level, const vifxml_error *d) {
  cli_diag_to t = {quiet && *(bool *)quiet, stderr};
  cli_print_diag_to(&t, level, d);
}

void cli_print_diag_to(void *to, vifxml_diag_level level, const vifxml_error *d) {
  const cli_diag_to *t = to;
  if (!t->quiet)
    fprintf(t->err, "%s:%lu:%lu: %s: %s\n", d->file, d->line, d->column,
            level == VIFXML_DIAG_NOTE ? "note" : "warning", d->message);
}

void cli_print_error(const vifxml_error *e) { cli_print_error_to(stderr, e); }

void cli_print_error_to(FILE *to, const vifxml_error *e) {
  if (e->line)
    fprintf(to, "%s:%lu:%lu: error: %s\n", e->file, e->line, e->column,
            e->message);
  else
    fprintf(to, "%s: error: %s\n", e->file, e->message);
}

void cli_trouble(FILE *err, const char *file, const char *what) {
  fprintf(err, "%s: error: %s: %s\n", file, what, strerror(errno));
}

int cli_mem_write(void *ctx, const char *buf, size_t len) {
  membuf *m = ctx;
  if (m->len + len + 1 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 65536;
    while (cap < m->len + len + 1)
      cap *= 2;
    char *p = realloc(m->p, cap);
    if (!p)
      return -1;
    m->p = p;
    m->cap = cap;
  }
  memcpy(m->p + m->len, buf, len);
  m->len += len;
  m->p[m->len] = '\0';
  return 0;
}

int cli_file_write(void *ctx, const char *buf, size_t len) {
  return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

const char *cli_tmpdir(void) {
  const char *dir = getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

FILE *cli_temp_file(char *path, size_t len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(path, len, fmt, ap);
  va_end(ap);
  int fd = -1;
  if (n < 0 || (size_t)n >= len)
    errno = ENAMETOOLONG;
  else
    fd = mkstemp(path);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "w+b");
  if (!f) {
    int e = errno;
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    path[0] = '\0';
    errno = e;
  }
  return f;
}

/* Unlinked at once: it goes when closed, whatever happens. */
static FILE *spill_open(void) {
  char path[4096];
  FILE *f = cli_temp_file(path, sizeof path, "%s/vifxml-held-XXXXXX",
                          cli_tmpdir());
  if (f)
    unlink(path);
  return f;
}

int cli_held_write(void *ctx, const char *buf, size_t len) {
  cli_held *h = ctx;
  if (!h->spill && !h->no_spill && h->mem.len + len > VIFXML_LIMIT_HOLD)
    h->no_spill = !(h->spill = spill_open());
  if (!h->spill)
    return cli_mem_write(&h->mem, buf, len);
  errno = 0;
  if (h->spill_errno || fwrite(buf, 1, len, h->spill) != len) {
    if (!h->spill_errno)
      h->spill_errno = errno ? errno : EIO;
    return -1;
  }
  return 0;
}

const char *cli_held_why(const cli_held *h) {
  return h->spill_errno ? "cannot write the output held in a temporary file"
                        : "out of memory";
}

static int held_trouble(FILE *err, const char *file, const char *what) {
  cli_trouble(err, file, what);
  return -1;
}

int cli_held_release(cli_held *h, FILE *out, const char *outname, FILE *err) {
  /* The spill's last bytes are still in its stdio buffer: written (and
   * checked) before anything goes out, so that a failure prints nothing. */
  if (h->spill && (fflush(h->spill) != 0 || fseek(h->spill, 0, SEEK_SET) != 0))
    return held_trouble(err, "<temporary file>", "cannot write or read");
  if (h->mem.len && fwrite(h->mem.p, 1, h->mem.len, out) != h->mem.len)
    return held_trouble(err, outname, "cannot write");
  if (!h->spill)
    return 0;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, h->spill)) > 0)
    if (fwrite(buf, 1, n, out) != n)
      return held_trouble(err, outname, "cannot write");
  if (ferror(h->spill))
    return held_trouble(err, "<temporary file>", "cannot read");
  return 0;
}

void cli_held_free(cli_held *h) {
  if (h->spill)
    fclose(h->spill);
  free(h->mem.p);
  memset(h, 0, sizeof *h);
}

void cli_cannot_open(FILE *err, const char *path) {
  int e = errno;
  struct stat st;
  bool dangling = e == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
  fprintf(err, "%s: error: %s: %s\n", path,
          dangling ? "dangling symbolic link" : "cannot open", strerror(e));
}

FILE *cli_open_input(const char *path, const char **name) {
  if (!strcmp(path, "-")) {
    *name = "<stdin>";
    return stdin;
  }
  *name = path;
  FILE *f = fopen(path, "rb");
  if (!f)
    cli_cannot_open(stderr, path);
  return f;
}

void cli_close_input(FILE *f) {
  if (f && f != stdin)
    fclose(f);
}

int cli_run_stream(vifxml_stream *s, FILE *in, const char *name, membuf *copy) {
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (copy && cli_mem_write(copy, buf, n) < 0)
      return -1;
    if (vifxml_stream_feed(s, buf, n) < 0)
      return -1;
    /* a short count means the end (or an error): no further read needed */
    if (n < sizeof buf)
      break;
  }
  if (ferror(in)) {
    cli_trouble(stderr, name, "cannot read");
    return -2;
  }
  return vifxml_stream_finish(s);
}

int cli_read_all(FILE *in, const char *name, membuf *out) {
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (cli_mem_write(out, buf, n) < 0)
      return -1;
  if (ferror(in)) {
    cli_trouble(stderr, name, "cannot read");
    return -1;
  }
  return cli_mem_write(out, "", 0);
}

int cli_next(cli_args *a) {
  while (++a->i < a->argc) {
    const char *s = a->arg = a->argv[a->i];
    if (a->only_files || s[0] != '-' || !strcmp(s, "-"))
      return CLI_FILE;
    if (!strcmp(s, "--")) {
      a->only_files = true;
    } else if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
      fputs(a->usage, stdout);
      return CLI_EXIT;
    } else if (!strcmp(s, "--version")) {
      printf("vifxml %s\n", vifxml_version());
      return CLI_EXIT;
    } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
      a->quiet = true;
    } else {
      return CLI_OPTION;
    }
  }
  return CLI_END;
}

const char *cli_value(cli_args *a, const char *name) {
  size_t n = strlen(name);
  if (strncmp(a->arg, name, n))
    return NULL;
  if (a->arg[n] == '=')
    return a->arg + n + 1;
  if (a->arg[n] == '\0' && a->i + 1 < a->argc)
    return a->argv[++a->i];
  /* a short option's value may follow it at once: -j2 */
  if (n == 2 && name[0] == '-' && name[1] != '-' && a->arg[n])
    return a->arg + n;
  return NULL;
}

int cli_jobs(const cli_args *a, const char *v) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > 256)
    return cli_usage_error(a, "--jobs takes a number from 1 to 256"), -1;
  return (int)n;
}

int cli_usage_error(const cli_args *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "vifxml %s: ", a->argv[0]);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'vifxml %s --help' for more information.\n",
          a->argv[0]);
  return EXIT_TROUBLE;
}

int cli_bad_option(const cli_args *a, const char *const *valued) {
  for (; *valued; valued++) {
    size_t n = strlen(*valued);
    if (!strncmp(a->arg, *valued, n) && (!a->arg[n] || a->arg[n] == '='))
      return cli_usage_error(a, "%s needs a value", *valued);
  }
  return cli_usage_error(a, "unknown option '%s'", a->arg);
}

int cli_read_inputs(cli_args *a, cli_inputs *in, bool jobs,
                    const char *const *valued, cli_option_fn option,
                    void *ctx) {
  static const char *const none[] = {NULL};
  memset(in, 0, sizeof *in);
  in->jobs = 1;
  if (!(in->files = calloc((size_t)a->argc + 1, sizeof *in->files)))
    return EXIT_TROUBLE;
  const char *v;
  int k, took;
  while ((k = cli_next(a)) != CLI_END) {
    if (k == CLI_EXIT)
      return EXIT_SAME;
    if (k == CLI_FILE) {
      in->files[in->nfiles++] = a->argv[a->i];
    } else if (!strcmp(a->arg, "-r") || !strcmp(a->arg, "--recursive")) {
      in->recursive = true;
    } else if (!strcmp(a->arg, "-0") || !strcmp(a->arg, "--null")) {
      in->null_list = true;
    } else if (jobs &&
               ((v = cli_value(a, "--jobs")) || (v = cli_value(a, "-j")))) {
      if ((in->jobs = cli_jobs(a, v)) < 0)
        return EXIT_TROUBLE;
    } else if (!option || (took = option(ctx, a)) == 0) {
      return cli_bad_option(a, valued ? valued : none);
    } else if (took < 0) {
      return EXIT_TROUBLE;
    } else if (took == CLI_DONE) {
      return EXIT_SAME;
    }
  }
  return -1;
}

void cli_inputs_free(cli_inputs *in) {
  free(in->files);
  in->files = NULL;
}
