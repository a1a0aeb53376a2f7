/* vifxml normalize, and the whole-document rewriting it shares with other
 * commands (cli_rewrite_run): inputs, --check, --diff, --in-place, --jobs,
 * --summary. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  const cli_rewrite *r;
  bool check, diff, in_place, quiet, explain;
  int summary;
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

/* diff's output comes back through a pipe: `to` may be a parallel job's
 * output, held in memory (no file descriptor) until its turn. */
static int show_diff(const char *label, const char *a, const char *b, FILE *to) {
  int fd[2];
  /* close-on-exec: other threads' diff children must not hold it open
   * (pipe2 would close the gap between the calls, but is not POSIX) */
  if (pipe(fd) < 0)
    return -1;
  fcntl(fd[0], F_SETFD, FD_CLOEXEC);
  fcntl(fd[1], F_SETFD, FD_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    close(fd[0]);
    close(fd[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fd[1], STDOUT_FILENO);
    close(fd[0]);
    close(fd[1]);
    execlp("diff", "diff", "-u", "--label", label, "--label", label, a, b,
           (char *)NULL);
    _exit(127);
  }
  close(fd[1]);
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd[0], buf, sizeof buf);
    if (n > 0)
      fwrite(buf, 1, (size_t)n, to);
    else if (n == 0 || errno != EINTR)
      break;
  }
  close(fd[0]);
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
    return -1;
  return WEXITSTATUS(st);
}

/* One input of a rewriting command and where its output goes, by mode:
 * --check compares it with the input; --in-place compares it and writes the
 * new file beside the target; --diff writes it to a temporary file; plain
 * mode writes it out. */
typedef struct {
  const opts *o;
  batch_job *j;
  cli_rewrite_file rf; /* rf.name: the input's name in messages */
  bool is_stdin;
  FILE *in;
  membuf copy;         /* standard input as read, for --check and --diff */
  cmp_sink cmp;        /* --check, --in-place */
  cli_inplace ip;      /* --in-place */
  FILE *diff;          /* --diff: the output, in diffname */
  char diffname[4096];
} rewrite_file;

/* --check, --in-place: a second reader of the input (stdin: its copy). */
static int open_compare(rewrite_file *f) {
  if (f->is_stdin) {
    f->cmp.copy = &f->copy;
    return 0;
  }
  if ((f->cmp.orig = fopen(f->j->path, "rb")))
    return 0;
  cli_trouble(f->j->err, f->j->path, "cannot open");
  return -1;
}

/* Where the mode sends the output; -1 after a message. */
static int open_output(rewrite_file *f, tee *t) {
  const opts *o = f->o;
  if ((o->check || o->in_place) && open_compare(f) < 0)
    return -1;
  if (o->in_place && cli_inplace_open(&f->ip, f->j->path, f->j->err) < 0)
    return -1;
  if (o->diff && !(f->diff = cli_temp_file(f->diffname, sizeof f->diffname,
                                           "%s/vifxml-out-XXXXXX",
                                           cli_tmpdir()))) {
    cli_trouble(f->j->err, f->rf.name, "cannot create a temporary file");
    return -1;
  }
  t->cmp = o->check || o->in_place ? &f->cmp : NULL;
  if (o->in_place)
    t->f = f->ip.f;
  else if (o->diff)
    t->f = f->diff;
  else if (!o->check)
    t->f = f->j->out;
  return 0;
}

/* What a thread keeps from one file to the next: a stream, restarted for
 * each file (a new one costs a parser, its window and a hash salt from the
 * kernel, about a tenth of a small file's work), and the contexts that its
 * options point at, set for each file. */
typedef struct {
  vifxml_stream *s;
  tee t;
  cli_rewrite_file rf;
  cli_diag_to dt;
} rewrite_keep;

static void rewrite_keep_free(void *p) {
  rewrite_keep *k = p;
  vifxml_stream_free(k->s);
  free(k);
}

/* Normalizes the input into t: EXIT_SAME, or EXIT_TROUBLE after a message. */
static int normalize_to(rewrite_file *f, tee *t) {
  const opts *o = f->o;
  batch_job *j = f->j;
  rewrite_keep *k = *j->keep;
  if (!k && (k = calloc(1, sizeof *k))) {
    vifxml_stream_options so = {0};
    so.write = tee_write;
    so.write_ctx = &k->t;
    so.on_iface = o->r->on_iface;
    so.iface_ctx = &k->rf;
    so.on_diag = cli_print_diag_to;
    so.diag_ctx = &k->dt;
    so.explain = o->explain;
    if (!(k->s = vifxml_stream_new(&so))) {
      free(k);
      k = NULL;
    }
    *j->keep = k;
  }
  if (!k) {
    fprintf(j->err, "%s: error: out of memory\n", f->rf.name);
    return EXIT_TROUBLE;
  }
  k->t = *t;
  k->rf = f->rf;
  k->dt = (cli_diag_to){o->quiet, j->err};
  vifxml_stream_restart(k->s, f->rf.name);
  int r = cli_run_stream(k->s, f->in, f->rf.name,
                         f->is_stdin && (o->check || o->diff) ? &f->copy : NULL);
  if (r == -1)
    cli_print_error_to(j->err, vifxml_stream_error(k->s));
  j->stats = *vifxml_stream_stats(k->s);
  return r < 0 ? EXIT_TROUBLE : EXIT_SAME;
}

/* --check: the input's name when the output differs from it. */
static int finish_check(rewrite_file *f) {
  if (!cmp_differs(&f->cmp))
    return EXIT_SAME;
  fprintf(f->j->out, "%s\n", f->rf.name);
  f->j->changed = true;
  return EXIT_DIFF;
}

/* --diff: the unified diff of the input (a file, or stdin's copy in a
 * temporary file) and the output. */
static int finish_diff(rewrite_file *f) {
  batch_job *j = f->j;
  if (fflush(f->diff) != 0) {
    cli_trouble(j->err, f->rf.name, "cannot write a temporary file");
    return EXIT_TROUBLE;
  }
  char orig[4096] = "";
  if (f->is_stdin) {
    FILE *in = cli_temp_file(orig, sizeof orig, "%s/vifxml-in-XXXXXX",
                             cli_tmpdir());
    bool ok = in && fwrite(f->copy.p, 1, f->copy.len, in) == f->copy.len;
    if (in && fclose(in) != 0)
      ok = false;
    if (!ok) {
      cli_trouble(j->err, f->rf.name, "cannot write a temporary file");
      if (orig[0])
        unlink(orig);
      return EXIT_TROUBLE;
    }
  }
  int d = show_diff(f->rf.name, f->is_stdin ? orig : j->path, f->diffname,
                    j->out);
  if (orig[0])
    unlink(orig);
  j->changed = d == 1;
  return d < 0 ? EXIT_TROUBLE : d;
}

/* --in-place: the new file in the target's place when it differs. */
static int finish_in_place(rewrite_file *f) {
  if (!cmp_differs(&f->cmp))
    return EXIT_SAME;
  if (cli_inplace_commit(&f->ip, f->o->backup, f->j->err) < 0)
    return EXIT_TROUBLE;
  f->j->changed = true;
  return EXIT_SAME;
}

/* What the mode does with the output of an input that read well. */
static int finish(rewrite_file *f) {
  if (f->o->check)
    return finish_check(f);
  if (f->o->diff)
    return finish_diff(f);
  if (f->o->in_place)
    return finish_in_place(f);
  return EXIT_SAME;
}

static void close_file(rewrite_file *f) {
  cli_inplace_close(&f->ip);
  if (f->diff)
    fclose(f->diff);
  if (f->diffname[0])
    unlink(f->diffname);
  if (f->cmp.orig)
    fclose(f->cmp.orig);
  if (!f->is_stdin)
    fclose(f->in);
  free(f->copy.p);
}

static int rewrite_one(void *ctx, batch_job *j) {
  const opts *o = ctx;
  rewrite_file f = {.o = o, .j = j, .is_stdin = !strcmp(j->path, "-")};
  f.rf = (cli_rewrite_file){o->r->ctx, j, f.is_stdin ? "<stdin>" : j->path};
  f.in = f.is_stdin ? stdin : fopen(j->path, "rb");
  if (!f.in) {
    cli_cannot_open(j->err, j->path);
    if (o->r->file_done)
      o->r->file_done(&f.rf, false);
    return EXIT_TROUBLE;
  }
  /* cli_run_stream reads 64 KiB at a time: straight into its buffer, with
   * no stdio buffer (nor the fstat that sizes one) */
  if (!f.is_stdin)
    setvbuf(f.in, NULL, _IONBF, 0);
  tee t = {0};
  int rc = open_output(&f, &t) < 0 ? EXIT_TROUBLE : normalize_to(&f, &t);
  if (rc == EXIT_SAME)
    rc = finish(&f);
  if (o->r->file_done && o->r->file_done(&f.rf, rc != EXIT_TROUBLE) < 0)
    rc = EXIT_TROUBLE;
  close_file(&f);
  return rc;
}

/* The options every rewriting command has, then the command's own. */
static int rewrite_option(void *ctx, cli_args *a) {
  opts *o = ctx;
  if (!strcmp(a->arg, "--check")) {
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
    return o->r->option ? o->r->option(o->r->ctx, a) : 0;
  }
  return 1;
}

int cli_rewrite_run(int argc, char **argv, const cli_rewrite *r) {
  opts o = {0};
  o.r = r;
  cli_args a = {argc, argv, r->usage, 0, false, NULL, false};
  /* for "needs a value": the common valued options and the command's */
  const char *valued[32] = {"--jobs", "-j", "--backup"};
  for (size_t i = 0; r->valued && r->valued[i] && i + 4 < 32; i++)
    valued[i + 3] = r->valued[i];
  cli_inputs in;
  int rc = cli_read_inputs(&a, &in, true, valued, rewrite_option, &o);
  o.quiet = a.quiet;
  if (r->explain)
    *r->explain = o.explain;
  if (rc < 0 && (o.check + o.diff + o.in_place > 1 || (o.backup && !o.in_place)))
    rc = cli_usage_error(&a, "--check, --diff and --in-place exclude each "
                             "other; --backup needs --in-place");
  if (rc < 0 && r->ready && r->ready(r->ctx, &a) < 0)
    rc = EXIT_TROUBLE;
  /* standard input: when no file is named, or "-" */
  for (int i = 0; o.in_place && i <= in.nfiles && rc < 0; i++)
    if ((i == in.nfiles && !in.nfiles && !in.null_list) ||
        (i < in.nfiles && !strcmp(in.files[i], "-")))
      rc = cli_usage_error(&a, "--in-place needs files, not standard input");
  if (rc < 0) {
    batch_opts bo = {in.jobs, o.summary, o.quiet, rewrite_keep_free};
    rc = batch_files(&in, rewrite_one, &o, &bo);
    if (r->done)
      r->done(r->ctx, o.summary);
  }
  cli_inputs_free(&in);
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
