/* vifxml to-vif and vifxml from-vif: Nova VIFs (JSON) <-> <interface>. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  vifxml_host_fact *v;
  size_t n;
} facts;

typedef struct {
  vifxml_vif_options vo;
  facts netdevs, vdpas;
  const char *flavor_file; /* --flavor-specs */
  vifxml_flavor flavor;
  vifxml_arena *flavor_arena;
  bool quiet;
  const char **files;
  size_t nfiles;
} opts;

/* Messages for one input: its name, and whether warnings are wanted. */
typedef struct {
  const char *name;
  bool quiet;
} diag_ctx;

static void print_diag(void *ctx, vifxml_diag_level level,
                       const vifxml_error *d) {
  const diag_ctx *c = ctx;
  vifxml_error e = *d;
  snprintf(e.file, sizeof e.file, "%s", c->name);
  cli_print_diag((void *)&c->quiet, level, &e);
}

static void print_error(const char *name, const vifxml_error *err) {
  vifxml_error e = *err;
  snprintf(e.file, sizeof e.file, "%s", name);
  cli_print_error(&e);
}

/* ## from-vif */

typedef struct {
  const opts *o;
  vifxml_arena *arena;
  membuf *out;
} from_ctx;

static int from_one_vif(void *ctx, const vifxml_vif *vif, vifxml_error *err) {
  from_ctx *c = ctx;
  vifxml_iface *iface;
  vifxml_vif with_flavor;
  if (c->o->flavor_file) {
    with_flavor = *vif;
    vifxml_vif_set_flavor(&with_flavor, &c->o->flavor);
    vif = &with_flavor;
  }
  if (vifxml_vif_to_iface(vif, &c->o->vo, c->arena, &iface, err) < 0)
    return -1;
  int rc = vifxml_write_iface(iface, "", cli_mem_write, c->out) < 0 ||
                   cli_mem_write(c->out, "\n", 1) < 0
               ? -1
               : 0;
  if (rc < 0) {
    err->code = VIFXML_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
  }
  vifxml_arena_reset(c->arena);
  return rc;
}

/* The output of a file is held until the whole file is read: a bad file
 * prints nothing. */
static int from_vif_file(opts *o, const char *path) {
  const char *name;
  FILE *in = cli_open_input(path, &name);
  if (!in)
    return EXIT_TROUBLE;
  membuf text = {0}, out = {0};
  vifxml_arena *arena = vifxml_arena_new(NULL);
  diag_ctx dc = {name, o->quiet};
  o->vo.diag = print_diag;
  o->vo.diag_ctx = &dc;
  from_ctx c = {o, arena, &out};
  vifxml_error err = {0};
  int rc = EXIT_SAME;
  if (!arena || cli_read_all(in, name, &text) < 0) {
    if (!arena)
      fprintf(stderr, "%s: error: out of memory\n", name);
    rc = EXIT_TROUBLE;
  } else if (vifxml_vif_from_json(text.p, text.len, arena, from_one_vif, &c,
                                  &err) < 0) {
    print_error(name, &err);
    rc = EXIT_TROUBLE;
  } else if (out.len && fwrite(out.p, 1, out.len, stdout) != out.len) {
    cli_trouble(stderr, "<stdout>", "cannot write");
    rc = EXIT_TROUBLE;
  }
  cli_close_input(in);
  vifxml_arena_free(arena);
  free(text.p);
  free(out.p);
  return rc;
}

/* ## to-vif */

typedef struct {
  vifxml_profile profile;
  diag_ctx *dc;
  vifxml_arena *arena;
  cli_held *out; /* the file's lines, held until it has read */
  bool untyped; /* an interface fits no VIF type: exit 1 */
} to_ctx;

static int to_one_iface(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                        const char *indent, vifxml_error *err) {
  to_ctx *c = ctx;
  (void)indent;
  vifxml_vif vif;
  const char *line = NULL;
  unsigned long at_line, at_col;
  vifxml_iface_position(iface, &at_line, &at_col);
  if (vifxml_vif_from_iface(iface, c->profile, c->arena, &vif, err) == 0)
    line = vifxml_vif_to_json_origin(&vif, c->dc->name, at_line, at_col,
                                     vifxml_stream_domain(s), c->arena);
  int rc = !line || cli_held_write(c->out, line, strlen(line)) < 0 ||
                   cli_held_write(c->out, "\n", 1) < 0
               ? -1
               : 0;
  if (rc < 0) {
    err->code = line ? VIFXML_ERR_IO : VIFXML_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "%s",
             line ? cli_held_why(c->out) : "out of memory");
  } else if (!vif.ncandidates) {
    c->untyped = true;
    vifxml_error w = {.line = at_line, .column = at_col};
    snprintf(w.message, sizeof w.message, "%s", vif.note);
    vifxml_stream_diag(s, VIFXML_DIAG_WARNING, &w);
  }
  vifxml_arena_reset(c->arena);
  return rc;
}

/* Notes from the parser say how the XML would be normalized (an interface
 * passed through unchanged): they do not concern to-vif. */
static void to_diag(void *ctx, vifxml_diag_level level, const vifxml_error *d) {
  if (level == VIFXML_DIAG_WARNING)
    print_diag(ctx, level, d);
}

static int to_vif_file(const opts *o, const char *path) {
  const char *name;
  FILE *in = cli_open_input(path, &name);
  if (!in)
    return EXIT_TROUBLE;
  cli_held out = {{0}, NULL, false, 0};
  diag_ctx dc = {name, o->quiet};
  to_ctx c = {o->vo.profile, &dc, vifxml_arena_new(NULL), &out, false};
  vifxml_stream_options so = {0};
  so.filename = name;
  so.on_iface = to_one_iface;
  so.iface_ctx = &c;
  so.on_diag = to_diag;
  so.diag_ctx = &dc;
  vifxml_stream *s = c.arena ? vifxml_stream_new(&so) : NULL;
  int rc = EXIT_SAME;
  if (!s) {
    fprintf(stderr, "%s: error: out of memory\n", name);
    rc = EXIT_TROUBLE;
  } else {
    int r = cli_run_stream(s, in, name, NULL);
    if (r == -1)
      cli_print_error(vifxml_stream_error(s));
    if (r < 0)
      rc = EXIT_TROUBLE;
    else if (cli_held_release(&out, stdout, "<stdout>", stderr) < 0)
      rc = EXIT_TROUBLE;
    else if (c.untyped) {
      rc = EXIT_DIFF;
    }
  }
  vifxml_stream_free(s);
  vifxml_arena_free(c.arena);
  cli_close_input(in);
  cli_held_free(&out);
  return rc;
}

/* ## Options */

static const char from_vif_usage[] =
    "usage: vifxml from-vif [--profile current|liberty] [--host-netdev PCI=NAME]...\n"
    "                       [--vdpa-dev PCI=PATH]... [--sysfs DIR]\n"
    "                       [--nova-firewall INSTANCE] [--flavor-specs FILE]\n"
    "                       [-q] [FILE...]\n"
    "Write the <interface> that Nova writes for each VIF in the JSON inputs\n"
    "(standard input if none or '-'): one object, an array such as an\n"
    "instance's network_info, or one object per line (to-vif's lines: keys\n"
    "it does not read, such as origin, are ignored). See docs/vif.md.\n"
    "  --profile P            current (today's Nova, the default) or liberty (2015)\n"
    "  --host-netdev PCI=NAME the network device of the VF at PCI slot PCI\n"
    "                         (802.1qbh and hw_veb with vnic type macvtap)\n"
    "  --vdpa-dev PCI=PATH    the vDPA device of the VF at PCI (vnic type vdpa)\n"
    "  --sysfs DIR            where to look up what is not given (default /sys);\n"
    "                         a fact found in neither place is an error\n"
    "  --nova-firewall NAME   liberty: Nova's own firewall for instance NAME\n"
    "                         (filterref nova-instance-NAME-MAC); default Noop\n"
    "  --flavor-specs FILE    the flavor's extra specs (JSON, as `openstack flavor\n"
    "                         show -f json` prints them): its quota:vif_* specs\n"
    "                         give every VIF's <bandwidth>, as Nova renders it\n"
    "  -q, --quiet            no warnings on standard error\n"
    "Examples:\n"
    "  vifxml from-vif network_info.json\n"
    "  vifxml from-vif --flavor-specs flavor.json network_info.json\n"
    "  vifxml from-vif --profile liberty --host-netdev 0000:0a:00.1=ens1f0v1 vifs.jsonl\n";

static const char to_vif_usage[] =
    "usage: vifxml to-vif [--profile current|liberty] [-q] [FILE...]\n"
    "For each <interface> in the XML inputs (standard input if none or '-'),\n"
    "print one line of JSON: the VIF as Neutron builds it today, and\n"
    "`candidates`, every VIF type whose Nova (of the profile's era) writes\n"
    "that XML, best first; `type` is the first. `note` says when the XML does\n"
    "not tell them apart or fits none; `unknown` lists the keys Nova needs\n"
    "that the XML does not hold; `origin` says where the interface is: file,\n"
    "line and column of its start tag, and domain (the <name> of its domain;\n"
    "absent outside one, or when the <name> follows the devices). See\n"
    "docs/vif.md.\n"
    "Exit status: 1 when an interface fits no VIF type (its line is still\n"
    "printed, with a warning), 2 on an error (nothing printed for that\n"
    "file), else 0.\n"
    "  --profile P   the Nova that wrote the XML: current (default) or liberty\n"
    "  -q, --quiet   no warnings on standard error\n"
    "Examples:\n"
    "  vifxml to-vif domain.xml\n"
    "  vifxml to-vif --profile liberty old.xml\n";

static int add_fact(facts *f, const char *arg) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1])
    return -1;
  vifxml_host_fact *v = realloc(f->v, (f->n + 1) * sizeof *v);
  if (!v)
    return -1;
  f->v = v;
  char *slot = strndup(arg, (size_t)(eq - arg));
  if (!slot)
    return -1;
  v[f->n++] = (vifxml_host_fact){slot, eq + 1};
  return 0;
}

static void free_facts(facts *f) {
  for (size_t i = 0; i < f->n; i++)
    free((char *)f->v[i].pci_slot);
  free(f->v);
}

static int bad_fact(const cli_args *c, const char *v) {
  cli_usage_error(c, "'%s': expected PCI=VALUE", v);
  return -1;
}

/* The flavor's quota:vif_* specs, which every VIF then carries. */
static int load_flavor(opts *o) {
  const char *name;
  FILE *in = cli_open_input(o->flavor_file, &name);
  if (!in)
    return -1;
  membuf m = {0};
  vifxml_error err;
  int rc = cli_read_all(in, name, &m);
  cli_close_input(in);
  if (rc == 0 && !(o->flavor_arena = vifxml_arena_new(NULL))) {
    fprintf(stderr, "%s: error: out of memory\n", name);
    rc = -1;
  }
  if (rc == 0 && vifxml_flavor_from_json(m.p, m.len, name, o->flavor_arena,
                                         &o->flavor, &err) < 0) {
    cli_print_error(&err);
    rc = -1;
  }
  free(m.p);
  return rc;
}

/* 1: handled (help, version), -1: bad usage, 0: run. */
static int parse_args(opts *o, int argc, char **argv, bool from,
                      const char *usage) {
  cli_args c = {argc, argv, usage, 0, false, NULL, false};
  static const char *const valued[] = {"--profile",  "--host-netdev",
                                       "--vdpa-dev", "--sysfs",
                                       "--nova-firewall", "--flavor-specs",
                                       NULL};
  o->vo.sysfs = "/sys";
  o->files = calloc((size_t)argc, sizeof *o->files);
  if (!o->files)
    return -1;
  const char *v;
  for (int k; (k = cli_next(&c)) != CLI_END;) {
    if (k == CLI_EXIT)
      return 1;
    if (k == CLI_FILE) {
      o->files[o->nfiles++] = c.arg;
    } else if ((v = cli_value(&c, "--profile"))) {
      if (vifxml_profile_lookup(v, &o->vo.profile) < 0) {
        cli_usage_error(&c, "unknown profile '%s' (current, liberty)", v);
        return -1;
      }
    } else if (from && (v = cli_value(&c, "--host-netdev"))) {
      if (add_fact(&o->netdevs, v) < 0)
        return bad_fact(&c, v);
    } else if (from && (v = cli_value(&c, "--vdpa-dev"))) {
      if (add_fact(&o->vdpas, v) < 0)
        return bad_fact(&c, v);
    } else if (from && (v = cli_value(&c, "--sysfs"))) {
      o->vo.sysfs = v;
    } else if (from && (v = cli_value(&c, "--nova-firewall"))) {
      o->vo.firewall_instance = v;
    } else if (from && (v = cli_value(&c, "--flavor-specs"))) {
      o->flavor_file = v;
    } else {
      cli_bad_option(&c, valued);
      return -1;
    }
  }
  o->quiet = c.quiet;
  if (o->vo.firewall_instance && o->vo.profile != VIFXML_PROFILE_LIBERTY) {
    cli_usage_error(&c, "--nova-firewall is for --profile liberty (today's "
                        "Nova has no firewall of its own)");
    return -1;
  }
  if (o->flavor_file && load_flavor(o) < 0)
    return -1;
  o->vo.netdevs = o->netdevs.v;
  o->vo.nnetdevs = o->netdevs.n;
  o->vo.vdpa_devs = o->vdpas.v;
  o->vo.nvdpa_devs = o->vdpas.n;
  return 0;
}

static int run(int argc, char **argv, bool from, const char *usage) {
  opts o;
  memset(&o, 0, sizeof o);
  int r = parse_args(&o, argc, argv, from, usage);
  int rc = r > 0 ? EXIT_SAME : EXIT_TROUBLE;
  if (r == 0) {
    rc = EXIT_SAME;
    if (!o.nfiles)
      o.files[o.nfiles++] = "-";
    for (size_t i = 0; i < o.nfiles; i++)
      rc = cli_worse(rc, from ? from_vif_file(&o, o.files[i])
                              : to_vif_file(&o, o.files[i]));
  }
  free_facts(&o.netdevs);
  free_facts(&o.vdpas);
  vifxml_arena_free(o.flavor_arena);
  free(o.files);
  return rc;
}

int cmd_to_vif(int argc, char **argv) {
  return run(argc, argv, false, to_vif_usage);
}

int cmd_from_vif(int argc, char **argv) {
  return run(argc, argv, true, from_vif_usage);
}
