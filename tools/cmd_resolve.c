/* vifxml resolve: each <interface type='network'> becomes the interface
 * libvirt's network driver would attach for it; everything else is
 * normalized or copied as `normalize` does. One allocation state runs
 * through all inputs in order, as ports of one host would. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  vifxml_networks *nets;
  bool quiet;
} run_ctx;

static int on_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                    const char *indent, vifxml_error *err) {
  run_ctx *r = ctx;
  (void)indent; /* the stream writes it where the interface was */
  if (vifxml_networks_resolve(r->nets, iface, err, vifxml_stream_diag, s) < 0)
    return -1;
  if (vifxml_stream_write_iface(s, iface) < 0) {
    err->code = VIFXML_ERR_IO;
    snprintf(err->message, sizeof err->message, "cannot write output");
    return -1;
  }
  return 0;
}

/* A file that fails yields no output (up to the stream's hold), so the
 * ports its interfaces took are given back. */
static int resolve_one(run_ctx *r, const char *path) {
  const char *name;
  FILE *in = cli_open_input(path, &name);
  if (!in)
    return EXIT_TROUBLE;
  vifxml_stream_options so = {0};
  so.filename = name;
  so.write = cli_file_write;
  so.write_ctx = stdout;
  so.on_iface = on_iface;
  so.iface_ctx = r;
  so.on_diag = cli_print_diag;
  so.diag_ctx = &r->quiet;
  vifxml_stream *s = vifxml_stream_new(&so);
  int rc = s ? cli_run_stream(s, in, name, NULL) : -2;
  if (!s)
    fprintf(stderr, "%s: error: out of memory\n", name);
  else if (rc == -1)
    cli_print_error(vifxml_stream_error(s));
  vifxml_stream_free(s);
  cli_close_input(in);
  if (rc < 0) {
    vifxml_networks_rollback(r->nets);
    return EXIT_TROUBLE;
  }
  vifxml_networks_commit(r->nets);
  return EXIT_SAME;
}

static int load_network(vifxml_networks *nets, const char *path) {
  const char *name;
  FILE *in = cli_open_input(path, &name);
  if (!in)
    return EXIT_TROUBLE;
  membuf m = {0};
  vifxml_error e;
  int rc = EXIT_SAME;
  if (cli_read_all(in, name, &m) < 0) {
    rc = EXIT_TROUBLE;
  } else if (vifxml_networks_add(nets, m.p, m.len, name, &e) < 0) {
    cli_print_error(&e);
    rc = EXIT_TROUBLE;
  }
  free(m.p);
  cli_close_input(in);
  return rc;
}

static const char resolve_usage[] =
    "usage: vifxml resolve --network FILE [--network FILE...] [-q] [FILE...]\n"
    "Turn every <interface type='network'> in each input (standard input if\n"
    "none or '-') into the interface libvirt's network driver would attach:\n"
    "type='bridge', 'direct' or 'hostdev', with the network's portgroup,\n"
    "virtualport, vlan and bandwidth settings and a device from its pool.\n"
    "Other interfaces are normalized; everything else is copied unchanged.\n"
    "Devices are allocated across all inputs in order; a file with an error\n"
    "gives its devices back.\n"
    "  --network FILE    <network> definitions (as `virsh net-dumpxml` writes\n"
    "                    them); repeat for more networks\n"
    "  -q, --quiet       no warnings or notes on standard error\n"
    "  --                end of options\n"
    "Examples:\n"
    "  vifxml resolve --network default.xml guest.xml\n"
    "  vifxml resolve --network ovs.xml --network sriov.xml a.xml b.xml\n"
    "  virsh net-dumpxml default > n.xml; virsh dumpxml vm | vifxml resolve "
    "--network n.xml\n";

typedef struct {
  const char **networks, **files;
  int nnetworks, nfiles;
  bool quiet;
} args;

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, args *a) {
  cli_args c = {argc, argv, resolve_usage, 0, false, NULL, false};
  static const char *const valued[] = {"--network", NULL};
  const char *v;
  for (int k; (k = cli_next(&c)) != CLI_END;) {
    if (k == CLI_EXIT)
      return EXIT_SAME;
    if (k == CLI_FILE)
      a->files[a->nfiles++] = c.arg;
    else if ((v = cli_value(&c, "--network")) && *v)
      a->networks[a->nnetworks++] = v;
    else
      return cli_bad_option(&c, valued);
  }
  a->quiet = c.quiet;
  return a->nnetworks ? -1
                      : cli_usage_error(&c, "give the networks with --network FILE");
}

static int run(const args *a) {
  run_ctx r = {vifxml_networks_new(NULL), a->quiet};
  int rc = EXIT_SAME;
  if (!r.nets) {
    fprintf(stderr, "vifxml resolve: out of memory\n");
    return EXIT_TROUBLE;
  }
  for (int i = 0; i < a->nnetworks; i++)
    rc = cli_worse(rc, load_network(r.nets, a->networks[i]));
  if (rc == EXIT_SAME) {
    if (!a->nfiles)
      rc = resolve_one(&r, "-");
    for (int i = 0; i < a->nfiles; i++)
      rc = cli_worse(rc, resolve_one(&r, a->files[i]));
  }
  vifxml_networks_free(r.nets);
  return rc;
}

int cmd_resolve(int argc, char **argv) {
  args a = {0};
  a.networks = calloc((size_t)argc + 1, sizeof *a.networks);
  a.files = calloc((size_t)argc + 1, sizeof *a.files);
  int rc = a.networks && a.files ? parse_args(argc, argv, &a) : EXIT_TROUBLE;
  if (rc < 0)
    rc = run(&a);
  free(a.networks);
  free(a.files);
  return rc;
}
