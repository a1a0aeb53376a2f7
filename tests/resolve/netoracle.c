/*
 * netoracle: libvirt (the in-process test driver, test:///default) as the
 * reference for what `vifxml resolve` reads and writes.
 *
 *   netoracle VIFXML SRCDIR [IFACE_ORACLE]
 *
 * SRCDIR is tests/resolve. The test driver defines networks with libvirt's
 * own parser (virNetworkDefParseXML) but neither runs the network driver's
 * define-time checks (networkValidate) nor allocates ports, so it is asked
 * only what it knows:
 *
 *   1. networks/ *.xml: libvirt defines each one, and vifxml accepts it.
 *   2. bad-networks/ *.xml: vifxml refuses each one. Unless the file says
 *      "define-time check" (a networkValidate rule), libvirt refuses it too,
 *      with the same message once libvirt's "XML error: "-style prefix is
 *      removed; otherwise libvirt's parser must accept it. Files that say
 *      "(vifxml only" are not asked (several definitions in one file, or
 *      XML that libxml2 and expat describe in their own words).
 *   3. cases/ *.args: resolving against libvirt's own rendering of each
 *      network (virNetworkGetXMLDesc) gives byte for byte the same output,
 *      warnings, errors and exit status as resolving against the file:
 *      libvirt and vifxml read the networks alike.
 *   4. with IFACE_ORACLE (tests/libvirt/oracle): every interface of every
 *      expected output (cases/ *.out) is handed to it, i.e. libvirt reads
 *      the resolved interfaces exactly as vifxml writes them.
 *
 * Output: one line per check (PASS/FAIL), then "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;
static char tmpdir[] = "/tmp/netoracle-XXXXXX";
static char last_error[4096];

static void verdict(bool ok, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("%s ", ok ? "PASS" : "FAIL");
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
  ok ? passed++ : failed++;
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "netoracle: out of memory\n");
    exit(2);
  }
  return p;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, len = 0, n;
  char *s = xmalloc(cap);
  while ((n = fread(s + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *t = realloc(s, cap *= 2);
      if (!t)
        exit(2);
      s = t;
    }
  }
  s[len] = '\0';
  fclose(f);
  return s;
}

static bool write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  bool ok = f && fputs(text, f) >= 0;
  return f && fclose(f) == 0 && ok;
}

/* The sorted *.EXT names in dir. */
static char **list(const char *dir, const char *ext, size_t *n) {
  DIR *d = opendir(dir);
  char **names = NULL;
  size_t cap = 0;
  struct dirent *e;
  *n = 0;
  while (d && (e = readdir(d))) {
    size_t len = strlen(e->d_name), elen = strlen(ext);
    if (len <= elen || strcmp(e->d_name + len - elen, ext))
      continue;
    if (*n == cap) {
      char **t = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
      if (!t)
        exit(2);
      names = t;
    }
    names[(*n)++] = strdup(e->d_name);
  }
  if (d)
    closedir(d);
  for (size_t i = 1; i < *n; i++)
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  return names;
}

/* Runs argv with stdout and stderr to files; returns the exit status. */
static int run(char *const argv[], const char *out, const char *err) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    if (!freopen(out, "wb", stdout) || !freopen(err, "wb", stderr))
      _exit(127);
    execv(argv[0], argv);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
    return -1;
  return WEXITSTATUS(st);
}

static void on_libvirt_error(void *opaque, virErrorPtr err) {
  (void)opaque;
  snprintf(last_error, sizeof last_error, "%s",
           err && err->message ? err->message : "");
}

/* libvirt's message without the prefix its error code adds. */
static const char *unprefixed(const char *msg) {
  static const char *const prefixes[] = {
      "XML error: ",         "unsupported configuration: ",
      "internal error: ",    "invalid argument: ",
      "Network not found: ", "operation failed: "};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
      return msg + strlen(prefixes[i]);
  return msg;
}

/* vifxml's message: what follows "error: " on the first error line. */
static char *vifxml_message(const char *stderr_text) {
  const char *p = strstr(stderr_text, ": error: ");
  if (!p)
    return strdup("");
  p += 9;
  size_t n = strcspn(p, "\n");
  char *m = xmalloc(n + 1);
  memcpy(m, p, n);
  m[n] = '\0';
  return m;
}

static char *path2(const char *a, const char *b) {
  char *p = xmalloc(strlen(a) + strlen(b) + 2);
  sprintf(p, "%s/%s", a, b);
  return p;
}

/* Loads one network file into vifxml (with an input that has no
 * interface); returns its exit status and its error message. */
static int vifxml_loads(const char *exe, const char *src, const char *net,
                        char **msg) {
  char *empty = path2(src, "inputs/empty.xml");
  char *out = path2(tmpdir, "out"), *err = path2(tmpdir, "err");
  char *argv[] = {(char *)exe, "resolve", "--network",
                  (char *)net, empty,     NULL};
  int rc = run(argv, out, err);
  char *text = read_file(err);
  *msg = vifxml_message(text ? text : "");
  free(text), free(empty), free(out), free(err);
  return rc;
}

/* ## 1. and 2.: definitions */

static virConnectPtr conn;

static void good_network(const char *exe, const char *src, const char *name) {
  char *dir = path2(src, "networks"), *file = path2(dir, name);
  char *xml = read_file(file), *msg;
  virNetworkPtr net = xml ? virNetworkDefineXML(conn, xml) : NULL;
  verdict(net != NULL, "networks/%s: libvirt defines it%s%s", name,
          net ? "" : ": ", net ? "" : last_error);
  int rc = vifxml_loads(exe, src, file, &msg);
  verdict(rc == 0, "networks/%s: vifxml reads it%s%s", name, rc ? ": " : "",
          msg);
  if (net) {
    /* Keep libvirt's rendering for the cases, under the same file name. */
    char *desc = virNetworkGetXMLDesc(net, 0);
    char *copy = path2(tmpdir, name);
    if (!desc || !write_file(copy, desc))
      verdict(false, "networks/%s: cannot keep libvirt's rendering", name);
    free(desc), free(copy);
    virNetworkUndefine(net);
    virNetworkFree(net);
  }
  free(xml), free(msg), free(file), free(dir);
}

static void bad_network(const char *exe, const char *src, const char *name) {
  char *dir = path2(src, "bad-networks"), *file = path2(dir, name);
  char *xml = read_file(file), *msg;
  int rc = vifxml_loads(exe, src, file, &msg);
  verdict(rc == 2, "bad-networks/%s: vifxml refuses it: %s", name, msg);
  bool define_time = xml && strstr(xml, "define-time check");
  if (xml && strstr(xml, "(vifxml only")) {
    free(xml), free(msg), free(file), free(dir);
    return; /* more than one definition: not a document libvirt takes */
  }
  last_error[0] = '\0';
  virNetworkPtr net = xml ? virNetworkDefineXML(conn, xml) : NULL;
  if (define_time) {
    verdict(net != NULL,
            "bad-networks/%s: libvirt's parser accepts it (the "
            "network driver refuses it when defining)%s%s",
            name, net ? "" : ": ", net ? "" : last_error);
  } else {
    const char *theirs = unprefixed(last_error);
    verdict(!net && !strcmp(theirs, msg),
            "bad-networks/%s: libvirt refuses it alike%s%s", name,
            net                   ? ": libvirt accepts it"
            : strcmp(theirs, msg) ? ": libvirt says: "
                                  : "",
            net                   ? ""
            : strcmp(theirs, msg) ? theirs
                                  : "");
  }
  if (net) {
    virNetworkUndefine(net);
    virNetworkFree(net);
  }
  free(xml), free(msg), free(file), free(dir);
}

/* ## 3.: the cases against libvirt's rendering of their networks */

/* Splits a case's .args line into an argv after EXE resolve; network paths
 * are rewritten into the rendered copies when `rendered`. Every entry from
 * argv[2] on is allocated (free_argv). */
static char **case_argv(const char *exe, const char *src, char *line,
                        bool rendered) {
  size_t cap = 8, n = 0;
  char **argv = xmalloc(cap * sizeof *argv);
  argv[n++] = (char *)exe;
  argv[n++] = "resolve";
  bool net_next = false;
  for (char *tok = strtok(line, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
    if (n + 2 >= cap)
      argv = realloc(argv, (cap *= 2) * sizeof *argv);
    if (!strcmp(tok, "--network") || tok[0] == '-') {
      argv[n++] = strdup(tok);
      net_next = !strcmp(tok, "--network");
      continue;
    }
    const char *base = strrchr(tok, '/') ? strrchr(tok, '/') + 1 : tok;
    argv[n++] = net_next && rendered ? path2(tmpdir, base) : path2(src, tok);
    net_next = false;
  }
  argv[n] = NULL;
  return argv;
}

static void free_argv(char **argv) {
  for (size_t i = 2; argv[i]; i++)
    free(argv[i]);
  free(argv);
}

static char *replace_all(const char *s, const char *from, const char *to) {
  size_t n = 0, lf = strlen(from), lt = strlen(to);
  for (const char *p = s; (p = strstr(p, from)); p += lf)
    n++;
  char *r = xmalloc(strlen(s) + n * lt + 1), *w = r;
  for (const char *p; (p = strstr(s, from)); s = p + lf) {
    memcpy(w, s, (size_t)(p - s));
    w += p - s;
    memcpy(w, to, lt);
    w += lt;
  }
  strcpy(w, s);
  return r;
}

static void same_with_rendering(const char *exe, const char *src,
                                const char *name) {
  char *dir = path2(src, "cases"), *file = path2(dir, name);
  char *line1 = read_file(file), *line2 = read_file(file);
  char *o[2] = {path2(tmpdir, "o1"), path2(tmpdir, "o2")};
  char *e[2] = {path2(tmpdir, "e1"), path2(tmpdir, "e2")};
  int rc[2];
  char *texts[4];
  char **argv1 = case_argv(exe, src, line1, false);
  char **argv2 = case_argv(exe, src, line2, true);
  rc[0] = run(argv1, o[0], e[0]);
  rc[1] = run(argv2, o[1], e[1]);
  texts[0] = read_file(o[0]), texts[1] = read_file(o[1]);
  texts[2] = read_file(e[0]), texts[3] = read_file(e[1]);
  /* Messages name the network file they are about. */
  char *from = path2(tmpdir, ""), *to = path2(src, "networks/");
  if (texts[3]) {
    char *named = replace_all(texts[3], from, to);
    free(texts[3]);
    texts[3] = named;
  }
  free(from), free(to);
  bool same = rc[0] == rc[1] && texts[0] && texts[1] && texts[2] && texts[3] &&
              !strcmp(texts[0], texts[1]) && !strcmp(texts[2], texts[3]);
  verdict(same,
          "cases/%s: same result with libvirt's rendering of the networks",
          name);
  for (int i = 0; i < 4; i++)
    free(texts[i]);
  free_argv(argv1), free_argv(argv2);
  free(line1), free(line2), free(file), free(dir);
  free(o[0]), free(o[1]), free(e[0]), free(e[1]);
}

/* ## 4.: the resolved interfaces through libvirt */

/* Writes each <interface>...</interface> of text to its own file; returns
 * how many. Indentation is removed line by line (the interface oracle
 * compares up to whitespace anyway). */
static int split_interfaces(const char *text, const char *stem, char ***files) {
  int n = 0;
  const char *p = text;
  *files = NULL;
  while ((p = strstr(p, "<interface"))) {
    const char *end = strstr(p, "</interface>");
    const char *self = strstr(p, "/>"), *gt = strchr(p, '>');
    size_t len = end && !(gt && self && self < gt && self + 1 == gt)
                     ? (size_t)(end - p) + 12
                     : (size_t)(gt - p) + 1;
    char *one = xmalloc(len + 2);
    memcpy(one, p, len);
    one[len] = '\n';
    one[len + 1] = '\0';
    char name[64];
    snprintf(name, sizeof name, "%s-%d.xml", stem, n);
    *files = realloc(*files, (size_t)(n + 1) * sizeof **files);
    (*files)[n] = path2(tmpdir, name);
    write_file((*files)[n++], one);
    free(one);
    p += len;
  }
  return n;
}

static void libvirt_reads_outputs(const char *exe, const char *src,
                                  const char *oracle) {
  char *dir = path2(src, "cases");
  size_t n;
  char **outs = list(dir, ".out", &n);
  for (size_t i = 0; i < n; i++) {
    char *file = path2(dir, outs[i]), *text = read_file(file), **ifaces;
    int k = text ? split_interfaces(text, outs[i], &ifaces) : 0;
    if (k) {
      char **argv = xmalloc((size_t)(k + 3) * sizeof *argv);
      argv[0] = (char *)oracle;
      argv[1] = (char *)exe;
      for (int j = 0; j < k; j++)
        argv[2 + j] = ifaces[j];
      argv[k + 2] = NULL;
      char *o = path2(tmpdir, "oracle.out"), *e = path2(tmpdir, "oracle.err");
      int rc = run(argv, o, e);
      char *report = read_file(o);
      /* A skip there means libvirt refused an interface vifxml wrote. */
      bool ok = rc == 0 && report && strstr(report, " 0 skipped");
      verdict(ok, "cases/%s: libvirt reads its %d interfaces as written%s%s",
              outs[i], k, ok ? "" : "\n", ok || !report ? "" : report);
      free(report), free(o), free(e), free(argv);
      for (int j = 0; j < k; j++)
        free(ifaces[j]);
      free(ifaces);
    }
    free(text), free(file), free(outs[i]);
  }
  free(outs), free(dir);
}

static void cleanup(void) {
  size_t n;
  char **names = list(tmpdir, "", &n);
  for (size_t i = 0; i < n; i++) {
    char *p = path2(tmpdir, names[i]);
    unlink(p);
    free(p), free(names[i]);
  }
  free(names);
  rmdir(tmpdir);
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: netoracle VIFXML SRCDIR [IFACE_ORACLE]\n");
    return 2;
  }
  const char *exe = argv[1], *src = argv[2];
  if (!mkdtemp(tmpdir))
    return 2;
  atexit(cleanup);
  virSetErrorFunc(NULL, on_libvirt_error);
  if (!(conn = virConnectOpen("test:///default"))) {
    fprintf(stderr, "netoracle: cannot open test:///default: %s\n", last_error);
    return 2;
  }
  /* The test driver starts with a network called default: make room. */
  virNetworkPtr *nets;
  int nnets = virConnectListAllNetworks(conn, &nets, 0);
  for (int i = 0; i < nnets; i++) {
    virNetworkDestroy(nets[i]);
    virNetworkUndefine(nets[i]);
    virNetworkFree(nets[i]);
  }
  free(nnets > 0 ? nets : NULL);
  const char *sub[] = {"networks", "bad-networks", "cases"};
  const char *ext[] = {".xml", ".xml", ".args"};
  void (*check[])(const char *, const char *, const char *) = {
      good_network, bad_network, same_with_rendering};
  for (int s = 0; s < 3; s++) {
    char *dir = path2(src, sub[s]);
    size_t n;
    char **names = list(dir, ext[s], &n);
    for (size_t i = 0; i < n; i++) {
      check[s](exe, src, names[i]);
      free(names[i]);
    }
    free(names), free(dir);
  }
  if (argc == 4)
    libvirt_reads_outputs(exe, src, argv[3]);
  virConnectClose(conn);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
