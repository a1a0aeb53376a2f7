/* vifxml normalize and vifxml roundtrip. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  bool check, diff, in_place, quiet, recursive, null_list;
  int summary, jobs;
  const char *backup;
} opts;

/* Compares the output with the input as it is produced. */
typedef struct {
  FILE *orig;     /* a second reader of the input file */
  membuf *copy;   /* or the input itself (stdin) */
  size_t pos;
  bool differs;
} cmp_sink;

static int cmp_write(void *ctx, const char *buf, size_t len) {
  cmp_sink *c = ctx;
  if (c->differs)
    return 0;
  if (c->copy) {
    if (c->pos + len > c->copy->len || memcmp(c->copy->p + c->pos, buf, len))
      c->differs = true;
    c->pos += len;
    return 0;
  }
  char tmp[65536];
  while (len) {
    size_t n = len < sizeof tmp ? len : sizeof tmp;
    if (fread(tmp, 1, n, c->orig) != n || memcmp(tmp, buf, n)) {
      c->differs = true;
      return 0;
    }
    buf += n;
    len -= n;
    c->pos += n;
  }
  return 0;
}

/* Output going to a comparison and/or a file. */
typedef struct {
  cmp_sink *cmp;
  FILE *f;
} tee;

static int tee_write(void *ctx, const char *buf, size_t len) {
  tee *t = ctx;
  if (t->cmp)
    cmp_write(t->cmp, buf, len);
  return t->f ? cli_file_write(t->f, buf, len) : 0;
}

/* A temporary file beside path, so that rename() replaces it atomically. */
static int write_temp_like(const char *path, char *tmpl, size_t tmplsz) {
  char *d = strdup(path), *b = strdup(path);
  if (!d || !b) {
    free(d);
    free(b);
    return -1;
  }
  snprintf(tmpl, tmplsz, "%s/.%s.vifxml-XXXXXX", dirname(d), basename(b));
  free(d);
  free(b);
  return mkstemp(tmpl);
}

static int show_diff(const char *label, const char *a, const char *b, FILE *to) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    dup2(fileno(to), STDOUT_FILENO);
    execlp("diff", "diff", "-u", "--label", label, "--label", label, a, b,
           (char *)NULL);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
    return -1;
  return WEXITSTATUS(st);
}

/* ## normalize */

static void trouble(FILE *err, const char *file, const char *what) {
  fprintf(err, "%s: error: %s: %s\n", file, what, strerror(errno));
}

static void print_error(FILE *err, const vifxml_error *e) {
  if (e->line)
    fprintf(err, "%s:%lu:%lu: error: %s\n", e->file, e->line, e->column,
            e->message);
  else
    fprintf(err, "%s: error: %s\n", e->file, e->message);
}

typedef struct {
  bool quiet;
  FILE *err;
} diag_to;

static void print_diag(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  diag_to *t = ctx;
  if (!t->quiet)
    fprintf(t->err, "%s:%lu:%lu: %s: %s\n", d->file, d->line, d->column,
            level == VIFXML_DIAG_NOTE ? "note" : "warning", d->message);
}

static int normalize_one(void *ctx, batch_job *j) {
  const opts *o = ctx;
  const char *path = j->path;
  const char *name = strcmp(path, "-") ? path : "<stdin>";
  FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) {
    trouble(j->err, path, "cannot open");
    return EXIT_TROUBLE;
  }
  bool is_stdin = in == stdin;
  if (o->in_place && is_stdin) {
    fprintf(j->err, "<stdin>: error: --in-place needs a file, not standard input\n");
    return EXIT_TROUBLE;
  }
  vifxml_stream_options so = {0};
  so.filename = name;
  diag_to dt = {o->quiet, j->err};
  so.on_diag = print_diag;
  so.diag_ctx = &dt;

  membuf copy = {0};
  cmp_sink cmp = {0};
  FILE *tmp = NULL;
  char tmpname[4096] = "";
  int rc = EXIT_SAME;

  if (o->check || o->in_place) {
    /* Compare as we go; for --in-place also write the new file beside. */
    if (is_stdin)
      cmp.copy = &copy;
    else if (!(cmp.orig = fopen(path, "rb"))) {
      trouble(j->err, path, "cannot open");
      fclose(in);
      return EXIT_TROUBLE;
    }
  }
  if (o->in_place || o->diff) {
    int fd = o->in_place ? write_temp_like(path, tmpname, sizeof tmpname)
                         : (snprintf(tmpname, sizeof tmpname,
                                     "%s/vifxml-diff-XXXXXX",
                                     getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp"),
                            mkstemp(tmpname));
    if (fd < 0 || !(tmp = fdopen(fd, "wb"))) {
      trouble(j->err, path, "cannot create a temporary file");
      rc = EXIT_TROUBLE;
      goto out;
    }
  }

  /* --in-place writes to the temporary file and compares; --check only
   * compares; --diff writes to a temporary file; plain writes stdout. */
  tee t = {(o->check || o->in_place) ? &cmp : NULL,
           tmp ? tmp : (o->check ? NULL : j->out)};
  so.write = tee_write;
  so.write_ctx = &t;
  vifxml_stream *s = vifxml_stream_new(&so);
  if (!s) {
    fprintf(j->err, "%s: error: out of memory\n", name);
    rc = EXIT_TROUBLE;
    goto out;
  }
  int r = cli_run_stream(s, in, name, (is_stdin && (o->check || o->diff)) ? &copy : NULL);
  if (r == -1)
    print_error(j->err, vifxml_stream_error(s));
  j->stats = *vifxml_stream_stats(s);
  vifxml_stream_free(s);
  if (r < 0) {
    rc = EXIT_TROUBLE;
    goto out;
  }
  if ((o->check || o->in_place) && !cmp.differs) {
    /* The output may be a strict prefix of the input. */
    if (cmp.copy)
      cmp.differs = cmp.pos != copy.len;
    else
      cmp.differs = fgetc(cmp.orig) != EOF;
  }
  if (o->check) {
    if (cmp.differs) {
      fprintf(j->out, "%s\n", name);
      j->changed = true;
      rc = EXIT_DIFF;
    }
  } else if (o->diff) {
    if (fflush(tmp) != 0) {
      trouble(j->err, name, "cannot write a temporary file");
      rc = EXIT_TROUBLE;
      goto out;
    }
    const char *orig = path;
    char orig_tmp[4096] = "";
    if (is_stdin) {
      snprintf(orig_tmp, sizeof orig_tmp, "%s/vifxml-in-XXXXXX",
               getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
      int fd = mkstemp(orig_tmp);
      if (fd < 0 || write(fd, copy.p, copy.len) != (ssize_t)copy.len) {
        trouble(j->err, name, "cannot write a temporary file");
        if (fd >= 0)
          close(fd);
        rc = EXIT_TROUBLE;
        goto out;
      }
      close(fd);
      orig = orig_tmp;
    }
    fflush(j->out);
    int d = show_diff(name, orig, tmpname, j->out);
    j->changed = d == 1;
    if (orig_tmp[0])
      unlink(orig_tmp);
    rc = d < 0 ? EXIT_TROUBLE : d;
  } else if (o->in_place && cmp.differs) {
    struct stat st;
    if (fflush(tmp) != 0 || fsync(fileno(tmp)) != 0 || stat(path, &st) != 0 ||
        fchmod(fileno(tmp), st.st_mode & 07777) != 0) {
      trouble(j->err, path, "cannot write the new file");
      rc = EXIT_TROUBLE;
      goto out;
    }
    if (o->backup) {
      char bak[4096];
      snprintf(bak, sizeof bak, "%s%s", path, o->backup);
      unlink(bak);
      if (link(path, bak) != 0) {
        trouble(j->err, bak, "cannot create the backup");
        rc = EXIT_TROUBLE;
        goto out;
      }
    }
    if (rename(tmpname, path) != 0) {
      trouble(j->err, path, "cannot replace the file");
      rc = EXIT_TROUBLE;
      goto out;
    }
    tmpname[0] = '\0';
    j->changed = true;
  }
out:
  if (tmp)
    fclose(tmp);
  if (tmpname[0])
    unlink(tmpname);
  if (cmp.orig)
    fclose(cmp.orig);
  if (!is_stdin)
    fclose(in);
  free(copy.p);
  return rc;
}

/* ## roundtrip */

typedef struct {
  const char *name;
  FILE *out;
  int failures;
} rt_ctx;

static int rt_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  rt_ctx *rt = ctx;
  (void)s, (void)indent, (void)err;
  membuf a = {0}, b = {0};
  vifxml_arena *arena = vifxml_arena_new(NULL);
  vifxml_iface again;
  vifxml_error e;
  char why[1024] = "";
  if (!arena || vifxml_write_iface(iface, "", cli_mem_write, &a) < 0) {
    snprintf(why, sizeof why, "out of memory");
  } else if (vifxml_parse_one(a.p, a.len, "<written>", arena, &again, &e) < 0) {
    snprintf(why, sizeof why, "the written form does not parse: %lu:%lu: %s",
             e.line, e.column, e.message);
  } else if (vifxml_iface_compare(iface, &again, why, sizeof why)) {
    /* why holds the difference */
  } else if (vifxml_write_iface(&again, "", cli_mem_write, &b) < 0) {
    snprintf(why, sizeof why, "out of memory");
  } else if (a.len != b.len || memcmp(a.p, b.p, a.len)) {
    snprintf(why, sizeof why, "normalizing the written form changes it");
  }
  if (why[0]) {
    fprintf(rt->out, "%s:%lu:%lu: roundtrip: %s\n", rt->name, iface->line,
           iface->column, why);
    rt->failures++;
  }
  vifxml_arena_free(arena);
  free(a.p);
  free(b.p);
  return 0;
}

static int roundtrip_one(void *ctx, batch_job *j) {
  const opts *o = ctx;
  const char *name;
  FILE *in = cli_open_input(j->path, &name);
  if (!in)
    return EXIT_TROUBLE;
  rt_ctx rt = {name, j->out, 0};
  membuf once = {0}, twice = {0};
  vifxml_stream_options so = {0};
  so.filename = name;
  diag_to dt = {o->quiet, j->err};
  so.on_diag = print_diag;
  so.diag_ctx = &dt;
  so.on_iface = rt_iface;
  so.iface_ctx = &rt;
  vifxml_stream *s = vifxml_stream_new(&so);
  /* Document level: normalize once, then again: nothing may change. */
  vifxml_stream_options so2 = {0};
  so2.filename = name;
  so2.write = cli_mem_write;
  so2.write_ctx = &once;
  vifxml_stream *s2 = vifxml_stream_new(&so2);
  int rc = EXIT_SAME;
  membuf input = {0};
  if (!s || !s2) {
    fprintf(j->err, "%s: error: out of memory\n", name);
    rc = EXIT_TROUBLE;
  } else {
    int r = cli_run_stream(s, in, name, &input);
    j->stats = *vifxml_stream_stats(s);
    if (r == -1)
      print_error(j->err, vifxml_stream_error(s));
    if (r < 0) {
      rc = EXIT_TROUBLE;
    } else if (vifxml_stream_feed(s2, input.p ? input.p : "", input.len) < 0 ||
               vifxml_stream_finish(s2) < 0) {
      print_error(j->err, vifxml_stream_error(s2));
      rc = EXIT_TROUBLE;
    } else {
      vifxml_stream_restart(s2, "<normalized>");
      so2.write_ctx = &twice;
      vifxml_stream_free(s2);
      s2 = vifxml_stream_new(&so2);
      if (!s2 || vifxml_stream_feed(s2, once.p ? once.p : "", once.len) < 0 ||
          vifxml_stream_finish(s2) < 0) {
        fprintf(j->out, "%s: roundtrip: the normalized document does not parse\n", name);
        rt.failures++;
      } else if (once.len != twice.len || memcmp(once.p, twice.p, once.len)) {
        fprintf(j->out, "%s: roundtrip: normalizing twice differs from once\n", name);
        rt.failures++;
      }
      if (rt.failures)
        rc = EXIT_DIFF;
    }
  }
  vifxml_stream_free(s);
  vifxml_stream_free(s2);
  free(input.p);
  free(once.p);
  free(twice.p);
  if (in != stdin)
    fclose(in);
  return rc;
}

static const char normalize_usage[] =
    "usage: vifxml normalize [--check | --diff | --in-place [--backup=SUFFIX]]\n"
    "                        [--summary[=json]] [-r] [-0] [--jobs N] [-q] [FILE...]\n"
    "Normalize every <interface> in each input (standard input if none or\n"
    "'-'); everything else is copied unchanged.\n"
    "  --check           print the names of files that would change; exit 1 if any\n"
    "  --diff            print a unified diff instead of the output; exit 1 if any\n"
    "  --in-place        rewrite changed files atomically; a bad file is never touched\n"
    "  --backup=SUFFIX   with --in-place, keep the original as FILE+SUFFIX\n"
    "  --summary[=json]  counts on standard error: files, domains, interfaces by\n"
    "                    kind, legacy forms rewritten, passed through, errors\n"
    "  -r, --recursive   read directories (their *.xml files, in name order)\n"
    "  -0, --null        read NUL-separated file names from standard input\n"
    "  -j, --jobs N      process N files at once; output keeps the input order\n"
    "  -q, --quiet       no warnings, notes or progress on standard error\n"
    "  --                end of options\n"
    "Examples:\n"
    "  vifxml normalize domain.xml\n"
    "  vifxml normalize --check --summary -r /etc/libvirt/qemu\n"
    "  vifxml normalize --in-place --backup=.orig -r /etc/libvirt/qemu\n"
    "  find defs -name '*.xml' -print0 | vifxml normalize -0 --check --jobs 2\n";

static const char roundtrip_usage[] =
    "usage: vifxml roundtrip [-r] [-0] [--jobs N] [-q] [FILE...]\n"
    "Check that parse -> write -> parse keeps every interface's IR and that\n"
    "normalizing is idempotent. One line per failure; exit 1 if any.\n"
    "Example:\n"
    "  vifxml roundtrip -r tests/data\n";

static int run(int argc, char **argv, bool norm, const char *usage,
               batch_fn one) {
  opts o = {0};
  o.jobs = 1;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0;
  if (!files)
    return EXIT_TROUBLE;
  cli_args a = {argc, argv, usage, 0, false, NULL, false};
  static const char *const valued[] = {"--jobs", "-j", NULL};
  int k, rc = -1;
  const char *v;
  while (rc < 0 && (k = cli_next(&a)) != CLI_END) {
    if (k == CLI_EXIT) {
      rc = EXIT_SAME;
    } else if (k == CLI_FILE) {
      files[nfiles++] = argv[a.i];
    } else if (!strcmp(a.arg, "-r") || !strcmp(a.arg, "--recursive")) {
      o.recursive = true;
    } else if (!strcmp(a.arg, "-0") || !strcmp(a.arg, "--null")) {
      o.null_list = true;
    } else if ((v = cli_value(&a, "--jobs")) || (v = cli_value(&a, "-j"))) {
      char *end;
      long n = strtol(v, &end, 10);
      if (!*v || *end || n < 1 || n > 256)
        rc = cli_usage_error(&a, "--jobs takes a number from 1 to 256");
      o.jobs = (int)n;
    } else if (norm && !strcmp(a.arg, "--check")) {
      o.check = true;
    } else if (norm && !strcmp(a.arg, "--diff")) {
      o.diff = true;
    } else if (norm && !strcmp(a.arg, "--in-place")) {
      o.in_place = true;
    } else if (norm && !strncmp(a.arg, "--backup=", 9) && a.arg[9]) {
      o.backup = a.arg + 9;
    } else if (norm && !strcmp(a.arg, "--summary")) {
      o.summary = 1;
    } else if (norm && !strcmp(a.arg, "--summary=json")) {
      o.summary = 2;
    } else {
      rc = cli_bad_option(&a, valued);
    }
  }
  o.quiet = a.quiet;
  if (rc < 0 && (o.check + o.diff + o.in_place > 1 || (o.backup && !o.in_place)))
    rc = cli_usage_error(&a, "--check, --diff and --in-place exclude each "
                             "other; --backup needs --in-place");
  if (rc >= 0) {
    free(files);
    return rc;
  }
  char **paths;
  size_t n;
  int collected = batch_collect(nfiles, files, 0, o.recursive, o.null_list,
                                &paths, &n);
  free(files);
  if (collected < 0)
    return EXIT_TROUBLE;
  for (size_t i = 0; o.in_place && i < n && rc < 0; i++)
    if (!strcmp(paths[i], "-"))
      rc = cli_usage_error(&a, "--in-place needs files, not standard input");
  batch_opts bo = {o.jobs, o.summary, o.quiet};
  if (rc < 0)
    rc = batch_run(paths, n, one, &o, &bo);
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  free(paths);
  return rc;
}

int cmd_normalize(int argc, char **argv) {
  return run(argc, argv, true, normalize_usage, normalize_one);
}

int cmd_roundtrip(int argc, char **argv) {
  return run(argc, argv, false, roundtrip_usage, roundtrip_one);
}
