/* vifxml normalize, and the whole-document rewriting it shares with other
 * commands (cli_rewrite_run): inputs, --check, --diff, --in-place, --jobs,
 * --summary. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  const cli_rewrite *r;
  bool check, diff, in_place, quiet, recursive, null_list, explain;
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

static void cmp_write(cmp_sink *c, const char *buf, size_t len) {
  if (c->differs)
    return;
  if (c->copy) {
    if (c->pos + len > c->copy->len || memcmp(c->copy->p + c->pos, buf, len))
      c->differs = true;
    c->pos += len;
    return;
  }
  char tmp[65536];
  while (len) {
    size_t n = len < sizeof tmp ? len : sizeof tmp;
    if (fread(tmp, 1, n, c->orig) != n || memcmp(tmp, buf, n)) {
      c->differs = true;
      return;
    }
    buf += n;
    len -= n;
    c->pos += n;
  }
}

/* The output may also be a strict prefix of the input. */
static bool cmp_differs(cmp_sink *c) {
  if (!c->differs)
    c->differs = c->copy ? c->pos != c->copy->len : fgetc(c->orig) != EOF;
  return c->differs;
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

/* A temporary file for --diff; "" in path when none could be made. */
static FILE *diff_temp(const char *what, char *path, size_t len) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, len, "%s/vifxml-%s-XXXXXX", dir ? dir : "/tmp", what);
  int fd = mkstemp(path);
  FILE *f = fd < 0 ? NULL : fdopen(fd, "w+b");
  if (!f) {
    if (fd >= 0) {
      close(fd);
      unlink(path);
    }
    path[0] = '\0';
  }
  return f;
}

static int show_diff(const char *label, const char *a, const char *b, FILE *to) {
  fflush(to);
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

static void trouble(FILE *err, const char *file, const char *what) {
  fprintf(err, "%s: error: %s: %s\n", file, what, strerror(errno));
}

/* --diff: the unified diff of the input (a file, or stdin's copy) and the
 * output in tmp. */
static int finish_diff(batch_job *j, const char *name, const char *path,
                       const membuf *copy, FILE *tmp, const char *tmpname) {
  if (fflush(tmp) != 0) {
    trouble(j->err, name, "cannot write a temporary file");
    return EXIT_TROUBLE;
  }
  char orig[4096] = "";
  if (copy) {
    FILE *f = diff_temp("in", orig, sizeof orig);
    bool ok = f && fwrite(copy->p, 1, copy->len, f) == copy->len;
    if (f && fclose(f) != 0)
      ok = false;
    if (!ok) {
      trouble(j->err, name, "cannot write a temporary file");
      if (orig[0])
        unlink(orig);
      return EXIT_TROUBLE;
    }
  }
  int d = show_diff(name, copy ? orig : path, tmpname, j->out);
  if (orig[0])
    unlink(orig);
  j->changed = d == 1;
  return d < 0 ? EXIT_TROUBLE : d;
}

static int rewrite_one(void *ctx, batch_job *j) {
  const opts *o = ctx;
  bool is_stdin = !strcmp(j->path, "-");
  const char *name = is_stdin ? "<stdin>" : j->path;
  cli_rewrite_file rf = {o->r->ctx, j, name};
  FILE *in = is_stdin ? stdin : fopen(j->path, "rb");
  if (!in) {
    cli_cannot_open(j->err, j->path);
    if (o->r->file_done)
      o->r->file_done(&rf, false);
    return EXIT_TROUBLE;
  }
  membuf copy = {0};
  cmp_sink cmp = {0};
  cli_inplace ip = {0};
  FILE *difftmp = NULL;
  char diffname[4096] = "";
  int rc = EXIT_SAME;
  /* --check compares; --in-place compares and writes the new file beside
   * the target; --diff writes a temporary file; plain writes stdout. */
  if (o->check || o->in_place) {
    if (is_stdin)
      cmp.copy = &copy;
    else if (!(cmp.orig = fopen(j->path, "rb")))
      trouble(j->err, j->path, "cannot open"), rc = EXIT_TROUBLE;
  }
  if (rc == EXIT_SAME && o->in_place && cli_inplace_open(&ip, j->path, j->err) < 0)
    rc = EXIT_TROUBLE;
  if (rc == EXIT_SAME && o->diff &&
      !(difftmp = diff_temp("out", diffname, sizeof diffname)))
    trouble(j->err, name, "cannot create a temporary file"), rc = EXIT_TROUBLE;

  tee t = {(o->check || o->in_place) ? &cmp : NULL,
           o->in_place ? ip.f : o->diff ? difftmp : o->check ? NULL : j->out};
  cli_diag_to dt = {o->quiet, j->err};
  vifxml_stream_options so = {0};
  so.filename = name;
  so.write = tee_write;
  so.write_ctx = &t;
  so.on_iface = o->r->on_iface;
  so.iface_ctx = &rf;
  so.on_diag = cli_print_diag_to;
  so.diag_ctx = &dt;
  so.explain = o->explain;
  vifxml_stream *s = rc == EXIT_SAME ? vifxml_stream_new(&so) : NULL;
  if (rc == EXIT_SAME && !s)
    fprintf(j->err, "%s: error: out of memory\n", name), rc = EXIT_TROUBLE;
  if (s) {
    int r = cli_run_stream(s, in, name,
                           is_stdin && (o->check || o->diff) ? &copy : NULL);
    if (r == -1)
      cli_print_error_to(j->err, vifxml_stream_error(s));
    j->stats = *vifxml_stream_stats(s);
    vifxml_stream_free(s);
    if (r < 0)
      rc = EXIT_TROUBLE;
  }
  if (rc == EXIT_SAME) {
    if (o->check && cmp_differs(&cmp)) {
      fprintf(j->out, "%s\n", name);
      j->changed = true;
      rc = EXIT_DIFF;
    } else if (o->diff) {
      rc = finish_diff(j, name, j->path, is_stdin ? &copy : NULL, difftmp,
                       diffname);
    } else if (o->in_place && cmp_differs(&cmp)) {
      if (cli_inplace_commit(&ip, o->backup, j->err) < 0)
        rc = EXIT_TROUBLE;
      else
        j->changed = true;
    }
  }
  if (o->r->file_done && o->r->file_done(&rf, rc != EXIT_TROUBLE) < 0)
    rc = EXIT_TROUBLE;
  cli_inplace_close(&ip);
  if (difftmp)
    fclose(difftmp);
  if (diffname[0])
    unlink(diffname);
  if (cmp.orig)
    fclose(cmp.orig);
  if (!is_stdin)
    fclose(in);
  free(copy.p);
  return rc;
}

/* The options every rewriting command has; 1 taken, 0 not one, -1 bad. */
static int common_option(opts *o, cli_args *a) {
  const char *v;
  if (!strcmp(a->arg, "-r") || !strcmp(a->arg, "--recursive")) {
    o->recursive = true;
  } else if (!strcmp(a->arg, "-0") || !strcmp(a->arg, "--null")) {
    o->null_list = true;
  } else if ((v = cli_value(a, "--jobs")) || (v = cli_value(a, "-j"))) {
    if ((o->jobs = cli_jobs(a, v)) < 0)
      return -1;
  } else if (!strcmp(a->arg, "--check")) {
    o->check = true;
  } else if (!strcmp(a->arg, "--diff")) {
    o->diff = true;
  } else if (!strcmp(a->arg, "--in-place")) {
    o->in_place = true;
  } else if (!strncmp(a->arg, "--backup=", 9) && a->arg[9]) {
    o->backup = a->arg + 9;
  } else if (!strcmp(a->arg, "--explain")) {
    o->explain = true;
  } else if (!strcmp(a->arg, "--summary")) {
    o->summary = 1;
  } else if (!strcmp(a->arg, "--summary=json")) {
    o->summary = 2;
  } else {
    return 0;
  }
  return 1;
}

int cli_rewrite_run(int argc, char **argv, const cli_rewrite *r) {
  opts o = {0};
  o.r = r;
  o.jobs = 1;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0;
  if (!files)
    return EXIT_TROUBLE;
  cli_args a = {argc, argv, r->usage, 0, false, NULL, false};
  /* for "needs a value": the common valued options and the command's */
  const char *valued[32] = {"--jobs", "-j", "--backup"};
  for (size_t i = 0; r->valued && r->valued[i] && i + 4 < 32; i++)
    valued[i + 3] = r->valued[i];
  int k, rc = -1;
  while (rc < 0 && (k = cli_next(&a)) != CLI_END) {
    int took;
    if (k == CLI_EXIT)
      rc = EXIT_SAME;
    else if (k == CLI_FILE)
      files[nfiles++] = argv[a.i];
    else if ((took = common_option(&o, &a)) < 0 ||
             (!took && r->option && (took = r->option(r->ctx, &a)) < 0))
      rc = EXIT_TROUBLE;
    else if (!took)
      rc = cli_bad_option(&a, valued);
  }
  o.quiet = a.quiet;
  if (r->explain)
    *r->explain = o.explain;
  if (rc < 0 && (o.check + o.diff + o.in_place > 1 || (o.backup && !o.in_place)))
    rc = cli_usage_error(&a, "--check, --diff and --in-place exclude each "
                             "other; --backup needs --in-place");
  if (rc < 0 && r->ready && r->ready(r->ctx, &a) < 0)
    rc = EXIT_TROUBLE;
  if (rc >= 0) {
    free(files);
    return rc;
  }
  /* standard input: when no file is named, or "-" */
  for (int i = 0; o.in_place && i <= nfiles && rc < 0; i++)
    if ((i == nfiles && !nfiles && !o.null_list) ||
        (i < nfiles && !strcmp(files[i], "-")))
      rc = cli_usage_error(&a, "--in-place needs files, not standard input");
  batch_opts bo = {o.jobs, o.summary, o.quiet};
  if (rc < 0) {
    rc = batch_files(nfiles, files, o.recursive, o.null_list, rewrite_one, &o,
                     &bo);
    if (r->done)
      r->done(r->ctx, o.summary);
  }
  free(files);
  return rc;
}

/* ## normalize */

static const char normalize_usage[] =
    "usage: vifxml normalize [--check | --diff | --in-place [--backup=SUFFIX]]\n"
    "                        [--summary[=json]] [--explain] [-r] [-0] [-j N]\n"
    "                        [-q] [FILE...]\n"
    "Normalize every <interface> in each input (standard input if none or\n"
    "'-'); everything else is copied unchanged.\n"
    "  --check           print the names of files that would change; exit 1 if any\n"
    "  --diff            print a unified diff instead of the output; exit 1 if any\n"
    "  --in-place        rewrite changed files atomically; a bad file is never\n"
    "                    touched; a link's target is rewritten and the link kept;\n"
    "                    owner, group, mode, ACLs and extended attributes kept\n"
    "  --backup=SUFFIX   with --in-place, keep the original as TARGET+SUFFIX\n"
    "  --summary[=json]  counts on standard error: files, domains, interfaces by\n"
    "                    kind, legacy forms rewritten, passed through, errors\n"
    "  --explain         a note naming the rule of each rewrite (\"MAC\n"
    "                    lower-cased\", \"legacy <portprofile> renamed to\n"
    "                    <virtualport>\"); layout (indent, quotes) is not noted\n"
    "  -r, --recursive   read directories (their *.xml files, in name order; links\n"
    "                    to directories are not followed)\n"
    "  -0, --null        read NUL-separated file names from standard input\n"
    "  -j, --jobs N      process N files at once; output keeps the input order\n"
    "  -q, --quiet       no warnings, notes or progress on standard error\n"
    "  --                end of options\n"
    "Each file is read once however many paths reach it. Host interface\n"
    "definitions, <network> and capabilities documents are left as they are.\n"
    "Examples:\n"
    "  vifxml normalize domain.xml\n"
    "  vifxml normalize --check --summary -r /etc/libvirt/qemu\n"
    "  vifxml normalize --in-place --backup=.orig -r /etc/libvirt/qemu\n"
    "  find defs -name '*.xml' -print0 | vifxml normalize -0 --check -j 2\n";

int cmd_normalize(int argc, char **argv) {
  cli_rewrite r = {normalize_usage, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   NULL};
  return cli_rewrite_run(argc, argv, &r);
}
