/* vifxml migrate: IR (+ VIF) -> IR. An interface is re-pointed at a new
 * port or backend: its host side is what the destination's Nova renders
 * for the VIF (vifxml_vif_to_iface), its guest side is the source's, as
 * the table `sides` declares once. Every host-side item that is dropped or
 * changed is reported (warnings, and the result's lists). docs/migrate.md
 * has the rules and the recipes. */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ## The guest/host split, declared once.
 * GUEST: the element (with its children) comes from the source whole.
 * MTU: kept only where the source had one, with the destination's value
 * (Nova's rule, bug 1800511). BANDWIDTH: the flavor's; from --flavor-specs
 * when given, else the source's (the guest keeps its flavor). Every other
 * element is HOST: it comes from the destination's render. A field row
 * overrides its element's side (the virtio driver's name is the host's
 * backend choice, vhost or qemu; its other settings are the guest's). */
typedef enum { HOST, GUEST, MTU, BANDWIDTH } side;

#define MIGRATE_SIDES(X)                                                       \
  X(E_MAC, GUEST) X(E_MODEL, GUEST) X(E_DRIVER, GUEST) X(E_DRV_HOST, GUEST)    \
  X(E_DRV_GUEST, GUEST) X(E_ADDRESS, GUEST) X(E_ZPCI, GUEST)                   \
  X(E_ALIAS, GUEST) X(E_BOOT, GUEST) X(E_ROM, GUEST) X(E_LINK, GUEST)          \
  X(E_ACPI, GUEST) X(E_COALESCE, GUEST) X(E_CO_RX, GUEST)                      \
  X(E_CO_FRAMES, GUEST) X(E_GUEST, GUEST) X(E_TEAMING, GUEST)                  \
  X(E_MTU, MTU) X(E_BANDWIDTH, BANDWIDTH) X(E_INBOUND, BANDWIDTH)              \
  X(E_OUTBOUND, BANDWIDTH)                                                     \
  X(F_DRV_NAME, HOST)

typedef struct {
  side elem[VIFXML_E_COUNT];
  side field[VIFXML_F_COUNT];
} split;

static split make_split(void) {
  split s;
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    s.elem[e] = HOST;
  static const struct {
    int is_field;
    int id;
    side sd;
  } rows[] = {
#define X_ROW(id, sd) {#id[0] == 'F', VIFXML_##id, sd},
      MIGRATE_SIDES(X_ROW)
#undef X_ROW
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    if (!rows[i].is_field)
      s.elem[rows[i].id] = rows[i].sd;
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    s.field[f] = s.elem[vifxml_field_elem((vifxml_field)f)];
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    if (rows[i].is_field)
      s.field[rows[i].id] = rows[i].sd;
  return s;
}

/* ## The VIF keys' JSON types (for --set values) */
typedef enum { J_STR, J_BOOL, J_UINT, J_VLAN } jtype;
#define X_JT(id, val, path, json) [val] = J_##json,
static const jtype key_json[VIFXML_VK_COUNT] = {VIFXML_VIF_KEYS(X_JT)};
#undef X_JT

static int key_lookup(const char *path) {
  for (int k = 0; k < VIFXML_VK_COUNT; k++)
    if (!strcmp(vifxml_vif_key_path((vifxml_vif_key)k), path))
      return k;
  return -1;
}

/* ## The handle */

typedef struct {
  vifxml_vif vif;
  const char *file;
} loaded_vif;

typedef struct {
  int key;         /* vifxml_vif_key */
  unsigned char kind; /* vifxml_vif_value */
  const char *value;
} setting;

/* Selectors: interface facts, or vif.KEY of the inferred VIF. */
typedef enum {
  SEL_TYPE, SEL_MAC, SEL_SRC_BRIDGE, SEL_SRC_NETWORK, SEL_SRC_PORTGROUP,
  SEL_SRC_DEV, SEL_TARGET_DEV, SEL_MODEL, SEL_VIF
} sel_kind;

static const struct {
  const char *name;
  int field; /* vifxml_field; -1: the interface type */
} selectors[] = {
    {"type", -1},
    {"mac", VIFXML_F_MAC_ADDRESS},
    {"source.bridge", VIFXML_F_SRC_BRIDGE},
    {"source.network", VIFXML_F_SRC_NETWORK},
    {"source.portgroup", VIFXML_F_SRC_PORTGROUP},
    {"source.dev", VIFXML_F_SRC_DEV},
    {"target.dev", VIFXML_F_TARGET_DEV},
    {"model", VIFXML_F_MODEL_TYPE},
};
#define NSELECTORS (sizeof selectors / sizeof selectors[0])

typedef struct {
  int sel;      /* index in selectors, or NSELECTORS + vif key */
  const char *glob;
} matcher;

typedef struct {
  matcher *match;
  size_t nmatch;
  setting *set;
  size_t nset;
  const char *where; /* "--set" or FILE:LINE:COL of the rule */
} rule;

typedef struct {
  int what; /* 0 bridge, 1 network, 2 portgroup */
  const char *from, *to;
} mapping;

struct vifxml_migrate {
  vifxml_migrate_options opt;
  vifxml_arena *arena;
  split sides;
  loaded_vif *vifs;
  size_t nvifs;
  rule *rules;
  size_t nrules;
  mapping *maps;
  size_t nmaps;
  bool flavor;                /* --flavor-specs given */
  vifxml_flavor fl;           /* its quota:vif_* values */
  const char *flavor_file;
};

vifxml_migrate *vifxml_migrate_new(const vifxml_migrate_options *opt,
                                   const vifxml_allocator *alloc) {
  vifxml_arena *a = vifxml_arena_new(alloc);
  if (!a)
    return NULL;
  vifxml_migrate *m = arena_alloc(a, sizeof *m);
  if (!m) {
    vifxml_arena_free(a);
    return NULL;
  }
  memset(m, 0, sizeof *m);
  m->arena = a;
  if (opt)
    m->opt = *opt;
  else
    m->opt.from_profile = -1;
  m->sides = make_split();
  return m;
}

void vifxml_migrate_free(vifxml_migrate *m) {
  if (!m)
    return;
  const vifxml_allocator *al = arena_allocator(m->arena);
  mem_free(al, m->vifs);
  for (size_t i = 0; i < m->nrules; i++) {
    mem_free(al, m->rules[i].match);
    mem_free(al, m->rules[i].set);
  }
  mem_free(al, m->rules);
  mem_free(al, m->maps);
  vifxml_arena_free(m->arena);
}

static bool grow_array(vifxml_migrate *m, void **arr, size_t n, size_t elt) {
  void *p = mem_realloc(arena_allocator(m->arena), *arr, (n + 1) * elt);
  if (!p)
    return false;
  *arr = p;
  return true;
}

static void lower(char *s) {
  for (; *s; s++)
    if (*s >= 'A' && *s <= 'Z')
      *s = (char)(*s - 'A' + 'a');
}

/* ## --vif FILE */

typedef struct {
  vifxml_migrate *m;
  const char *file;
} vif_loader;

static int load_one(void *ctx, const vifxml_vif *vif, vifxml_error *err) {
  vif_loader *l = ctx;
  vifxml_migrate *m = l->m;
  const char *mac = vif->kind[VIFXML_VK_ADDRESS] == VIFXML_VV_STRING
                        ? vif->v[VIFXML_VK_ADDRESS]
                        : NULL;
  char who[160];
  if (vif->kind[VIFXML_VK_ID] == VIFXML_VV_STRING)
    snprintf(who, sizeof who, "vif '%.100s'", vif->v[VIFXML_VK_ID]);
  else
    snprintf(who, sizeof who, "vif #%lu (no id)", vif->index);
  if (!mac) {
    error_set(err, VIFXML_ERR_MISSING, NULL, vif->line, vif->column,
              "%s: address: missing (migrate matches interfaces by MAC)", who);
    return -1;
  }
  const char *canon;
  char msg[256];
  if (value_parse(m->arena, VIFXML_F_MAC_ADDRESS, mac, &canon, msg,
                  sizeof msg) < 0 ||
      !canon) {
    error_set(err, VIFXML_ERR_INVALID, NULL, vif->line, vif->column, "%s: address: %s", who,
              msg[0] ? msg : "not a MAC address");
    return -1;
  }
  char *lc = arena_strndup(m->arena, canon, strlen(canon));
  if (!lc)
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  lower(lc);
  for (size_t i = 0; i < m->nvifs; i++)
    if (!strcmp(m->vifs[i].vif.v[VIFXML_VK_ADDRESS], lc)) {
      const vifxml_vif *o = &m->vifs[i].vif;
      char other[160];
      if (o->kind[VIFXML_VK_ID] == VIFXML_VV_STRING)
        snprintf(other, sizeof other, "vif '%.100s'", o->v[VIFXML_VK_ID]);
      else
        snprintf(other, sizeof other, "vif #%lu", o->index);
      error_set(err, VIFXML_ERR_DUPLICATE, NULL, vif->line, vif->column,
                "%s: address: %s is also the MAC of %s (%s:%lu:%lu): two "
                "ports cannot share one MAC",
                who, lc, other, m->vifs[i].file, o->line, o->column);
      return -1;
    }
  if (!grow_array(m, (void **)&m->vifs, m->nvifs, sizeof *m->vifs))
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  loaded_vif *v = &m->vifs[m->nvifs++];
  v->vif = *vif;
  v->vif.v[VIFXML_VK_ADDRESS] = lc;
  v->file = l->file;
  return 0;
}

int vifxml_migrate_add_vifs(vifxml_migrate *m, const char *buf, size_t len,
                            const char *filename, vifxml_error *err) {
  const char *file = filename ? filename : "<stdin>";
  vif_loader l = {m, arena_strndup(m->arena, file, strlen(file))};
  size_t before = m->nvifs;
  if (!l.file)
    return error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory"), -1;
  if (vifxml_vif_from_json(buf, len, m->arena, load_one, &l, err) < 0) {
    m->nvifs = before;
    if (err)
      snprintf(err->file, sizeof err->file, "%s", file);
    return -1;
  }
  return 0;
}

/* ## --map KIND:OLD=NEW */

int vifxml_migrate_add_map(vifxml_migrate *m, const char *spec,
                           vifxml_error *err) {
  static const char *const kinds[] = {"bridge", "network", "portgroup"};
  const char *colon = strchr(spec, ':');
  const char *eq = colon ? strchr(colon, '=') : NULL;
  int what = -1;
  for (int i = 0; colon && i < 3; i++)
    if ((size_t)(colon - spec) == strlen(kinds[i]) &&
        !strncmp(spec, kinds[i], strlen(kinds[i])))
      what = i;
  if (what < 0 || !eq || eq == colon + 1 || !eq[1]) {
    error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0,
              "--map '%s': expected bridge:OLD=NEW, network:OLD=NEW or "
              "portgroup:OLD=NEW",
              spec);
    return -1;
  }
  for (size_t i = 0; i < m->nmaps; i++)
    if (m->maps[i].what == what &&
        strlen(m->maps[i].from) == (size_t)(eq - colon - 1) &&
        !strncmp(m->maps[i].from, colon + 1, (size_t)(eq - colon - 1))) {
      error_set(err, VIFXML_ERR_DUPLICATE, NULL, 0, 0, "--map '%s': %s '%s' is mapped twice", spec,
                kinds[what], m->maps[i].from);
      return -1;
    }
  if (!value_is_xml_text(eq + 1)) {
    error_set(err, VIFXML_ERR_INVALID, NULL, 0, 0, "--map '%s': not XML text", spec);
    return -1;
  }
  if (!grow_array(m, (void **)&m->maps, m->nmaps, sizeof *m->maps))
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  mapping *mp = &m->maps[m->nmaps];
  mp->what = what;
  mp->from = arena_strndup(m->arena, colon + 1, (size_t)(eq - colon - 1));
  mp->to = arena_strndup(m->arena, eq + 1, strlen(eq + 1));
  if (!mp->from || !mp->to)
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  m->nmaps++;
  return 0;
}

/* ## Rules: --set KEY=VALUE, --match SEL=GLOB, --rules FILE */

static int parse_setting(vifxml_migrate *m, const char *key, const char *value,
                         bool json_null, setting *out, char *msg, size_t len) {
  int k = key_lookup(key);
  if (k < 0) {
    snprintf(msg, len, "unknown VIF key '%s' (docs/vif.md lists them)", key);
    return -1;
  }
  out->key = k;
  out->value = NULL;
  if (json_null || !strcmp(value, "null")) {
    out->kind = VIFXML_VV_NULL;
    return 0;
  }
  switch (key_json[k]) {
  case J_BOOL:
    if (strcmp(value, "true") && strcmp(value, "false")) {
      snprintf(msg, len, "%s: expected true or false, found '%s'", key, value);
      return -1;
    }
    out->kind = VIFXML_VV_BOOL;
    break;
  case J_UINT:
    if (!*value || strspn(value, "0123456789") != strlen(value) ||
        strlen(value) > 18) {
      snprintf(msg, len, "%s: expected a non-negative integer, found '%s'",
               key, value);
      return -1;
    }
    out->kind = VIFXML_VV_NUMBER;
    break;
  default:
    out->kind = VIFXML_VV_STRING;
  }
  if (!value_is_xml_text(value)) {
    snprintf(msg, len, "%s: not XML text", key);
    return -1;
  }
  out->value = arena_strndup(m->arena, value, strlen(value));
  if (!out->value) {
    snprintf(msg, len, "out of memory");
    return -1;
  }
  return 0;
}

static int parse_matcher(vifxml_migrate *m, const char *sel, const char *glob,
                         matcher *out, char *msg, size_t len) {
  out->sel = -1;
  for (size_t i = 0; i < NSELECTORS; i++)
    if (!strcmp(selectors[i].name, sel))
      out->sel = (int)i;
  if (out->sel < 0 && !strncmp(sel, "vif.", 4)) {
    int k = key_lookup(sel + 4);
    if (k >= 0)
      out->sel = (int)NSELECTORS + k;
  }
  if (out->sel < 0) {
    snprintf(msg, len,
             "unknown selector '%s' (type, mac, source.bridge, "
             "source.network, source.portgroup, source.dev, target.dev, "
             "model, vif.KEY)",
             sel);
    return -1;
  }
  char *g = arena_strndup(m->arena, glob, strlen(glob));
  if (!g) {
    snprintf(msg, len, "out of memory");
    return -1;
  }
  if (out->sel == SEL_MAC) /* MACs are canonical: lower case */
    lower(g);
  out->glob = g;
  return 0;
}

static int split_eq(const char *s, char *key, size_t klen, const char **val) {
  const char *eq = strchr(s, '=');
  if (!eq || eq == s || (size_t)(eq - s) >= klen)
    return -1;
  memcpy(key, s, (size_t)(eq - s));
  key[eq - s] = '\0';
  *val = eq + 1;
  return 0;
}

static rule *new_rule(vifxml_migrate *m) {
  if (!grow_array(m, (void **)&m->rules, m->nrules, sizeof *m->rules))
    return NULL;
  rule *r = &m->rules[m->nrules++];
  memset(r, 0, sizeof *r);
  return r;
}

int vifxml_migrate_add_rule(vifxml_migrate *m, const char *const *match,
                            size_t nmatch, const char *const *set, size_t nset,
                            vifxml_error *err) {
  const vifxml_allocator *al = arena_allocator(m->arena);
  rule *r = new_rule(m);
  char key[128], msg[400];
  const char *v;
  if (!r)
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  r->where = "--set";
  r->match = nmatch ? mem_alloc(al, nmatch * sizeof *r->match) : NULL;
  r->set = nset ? mem_alloc(al, nset * sizeof *r->set) : NULL;
  if ((nmatch && !r->match) || (nset && !r->set))
    return error_set(err, VIFXML_ERR_NOMEM, NULL, 0, 0, "out of memory"), -1;
  for (size_t i = 0; i < nmatch; i++) {
    if (split_eq(match[i], key, sizeof key, &v) < 0)
      return error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0, "--match '%s': expected SEL=GLOB",
                       match[i]), -1;
    if (parse_matcher(m, key, v, &r->match[r->nmatch], msg, sizeof msg) < 0)
      return error_set(err, VIFXML_ERR_INVALID, NULL, 0, 0, "--match '%s': %s", match[i], msg), -1;
    r->nmatch++;
  }
  for (size_t i = 0; i < nset; i++) {
    if (split_eq(set[i], key, sizeof key, &v) < 0)
      return error_set(err, VIFXML_ERR_USAGE, NULL, 0, 0, "--set '%s': expected KEY=VALUE",
                       set[i]), -1;
    if (parse_setting(m, key, v, false, &r->set[r->nset], msg, sizeof msg) < 0)
      return error_set(err, VIFXML_ERR_INVALID, NULL, 0, 0, "--set '%s': %s", set[i], msg), -1;
    r->nset++;
  }
  return 0;
}

/* jansson's flags: no duplicate keys, one value. */
static json_t *load_json(const char *buf, size_t len, const char *file,
                         vifxml_error *err) {
  json_error_t je;
  json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
  if (!j)
    error_set(err, VIFXML_ERR_SYNTAX, file, (unsigned long)(je.line > 0 ? je.line : 1),
              (unsigned long)(je.column > 0 ? je.column : 1), "%s", je.text);
  return j;
}

/* A JSON scalar as --set text; NULL for objects and arrays. */
static const char *scalar_text(const json_t *v, char *buf, size_t len,
                               bool *is_null) {
  *is_null = json_is_null(v);
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_true(v))
    return "true";
  if (json_is_false(v))
    return "false";
  if (json_is_integer(v) && json_integer_value(v) >= 0) {
    snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    return buf;
  }
  if (*is_null)
    return "null";
  return NULL;
}

/* Where the index-th element of the top-level JSON array in buf starts
 * (1-based line and column, in characters as jansson counts them); 1:1 when
 * it cannot be found. jansson keeps no positions of the values it reads. */
static void element_at(const char *buf, size_t len, size_t index,
                       unsigned long *line, unsigned long *col) {
  size_t i = 0, n = 0, at = 0;
  int depth = 0;
  bool found = false, in_str = false, want = false;
  for (; i < len && !found; i++) {
    char c = buf[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = false;
      continue;
    }
    if (want && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      if (n++ == index) {
        at = i;
        found = true;
        break;
      }
      want = false;
    }
    if (c == '"')
      in_str = true;
    else if (c == '[' || c == '{')
      want = ++depth == 1 && c == '[';
    else if (c == ']' || c == '}')
      depth--;
    else if (c == ',' && depth == 1)
      want = true;
  }
  *line = 1;
  *col = 1;
  if (!found)
    return;
  for (size_t k = 0; k < at; k++) {
    if (buf[k] == '\n') {
      ++*line;
      *col = 1;
    } else if (((unsigned char)buf[k] & 0xC0) != 0x80) {
      ++*col;
    }
  }
}

int vifxml_migrate_add_rules(vifxml_migrate *m, const char *buf, size_t len,
                             const char *filename, vifxml_error *err) {
  const char *file = filename ? filename : "<stdin>";
  const vifxml_allocator *al = arena_allocator(m->arena);
  json_t *j = load_json(buf, len, file, err);
  if (!j)
    return -1;
  int rc = 0;
  char msg[400], num[32];
  if (!json_is_array(j)) {
    error_set(err, VIFXML_ERR_INVALID, file, 1, 1,
              "expected a JSON list of {\"match\": {...}, \"set\": {...}}");
    rc = -1;
  }
  for (size_t i = 0; rc == 0 && i < json_array_size(j); i++) {
    json_t *o = json_array_get(j, i), *mt, *st;
    const char *k;
    json_t *v;
    unsigned long rl, rc_;
    element_at(buf, len, i, &rl, &rc_);
    if (!json_is_object(o) || !json_is_object(st = json_object_get(o, "set")) ||
        ((mt = json_object_get(o, "match")) && !json_is_object(mt))) {
      error_set(err, VIFXML_ERR_INVALID, file, rl, rc_,
                "rule %zu: expected {\"match\": {...}, \"set\": {...}}", i + 1);
      rc = -1;
      break;
    }
    json_object_foreach(o, k, v) {
      if (strcmp(k, "match") && strcmp(k, "set")) {
        error_set(err, VIFXML_ERR_INVALID, file, rl, rc_, "rule %zu: unknown key '%s' (match, set)",
                  i + 1, k);
        rc = -1;
      }
    }
    rule *r = rc ? NULL : new_rule(m);
    if (rc || !r) {
      if (!rc)
        error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory");
      rc = -1;
      break;
    }
    r->where = arena_printf(m->arena, "%s rule %zu", file, i + 1);
    r->match = mem_alloc(al, (json_object_size(mt) + 1) * sizeof *r->match);
    r->set = mem_alloc(al, (json_object_size(st) + 1) * sizeof *r->set);
    if (!r->where || !r->match || !r->set) {
      error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory");
      rc = -1;
      break;
    }
    json_object_foreach(mt, k, v) {
      bool nul;
      const char *t = scalar_text(v, num, sizeof num, &nul);
      if (!t || nul ||
          parse_matcher(m, k, t, &r->match[r->nmatch], msg, sizeof msg) < 0) {
        error_set(err, VIFXML_ERR_INVALID, file, rl, rc_, "rule %zu: match '%s': %s", i + 1, k,
                  t && !nul ? msg : "expected a string (a glob)");
        rc = -1;
        break;
      }
      r->nmatch++;
    }
    json_object_foreach(st, k, v) {
      if (rc)
        break;
      bool nul;
      const char *t = scalar_text(v, num, sizeof num, &nul);
      if (!t || parse_setting(m, k, t, nul, &r->set[r->nset], msg,
                              sizeof msg) < 0) {
        error_set(err, VIFXML_ERR_INVALID, file, rl, rc_, "rule %zu: set '%s': %s", i + 1, k,
                  t ? msg : "expected a string, number, boolean or null");
        rc = -1;
        break;
      }
      r->nset++;
    }
  }
  json_decref(j);
  return rc;
}

/* ## --flavor-specs FILE */

int vifxml_migrate_set_flavor(vifxml_migrate *m, const char *buf, size_t len,
                              const char *filename, vifxml_error *err) {
  const char *file = filename ? filename : "<stdin>";
  if (vifxml_flavor_from_json(buf, len, file, m->arena, &m->fl, err) < 0)
    return -1;
  m->flavor = true;
  m->flavor_file = arena_strndup(m->arena, file, strlen(file));
  if (!m->flavor_file) {
    error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory");
    return -1;
  }
  return 0;
}

size_t vifxml_migrate_vif_count(const vifxml_migrate *m) { return m->nvifs; }

/* ## Migrating one interface */

typedef struct {
  const vifxml_migrate *m;
  const vifxml_iface *src;
  vifxml_arena *a;
  vifxml_migrate_result *res;
  vifxml_diag_fn diag;
  void *diag_ctx;
  vifxml_error *err;
} job;

static void say(job *j, vifxml_diag_level level, unsigned long line,
                unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void say(job *j, vifxml_diag_level level, unsigned long line,
                unsigned long col, const char *fmt, ...) {
  if (!j->diag)
    return;
  vifxml_error d;
  va_list ap;
  va_start(ap, fmt);
  error_vset(&d, VIFXML_ERR_NONE, NULL, line ? line : j->src->line,
             line ? col : j->src->column, fmt, ap);
  va_end(ap);
  d.file[0] = '\0';
  j->diag(j->diag_ctx, level, &d);
}

static void explain(job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void explain(job *j, const char *fmt, ...) {
  if (!j->m->opt.explain || !j->diag)
    return;
  vifxml_error d;
  va_list ap;
  va_start(ap, fmt);
  error_vset(&d, VIFXML_ERR_NONE, NULL, j->src->line, j->src->column, fmt, ap);
  va_end(ap);
  d.file[0] = '\0';
  j->diag(j->diag_ctx, VIFXML_DIAG_NOTE, &d);
}

static int fail(job *j, vifxml_error_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(job *j, vifxml_error_code code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vset(j->err, code, NULL, j->src->line, j->src->column, fmt, ap);
  va_end(ap);
  return -1;
}

/* Appends s to one of the result's lists (in the arena). */
static int push(job *j, const char ***list, size_t *n, const char *s) {
  if (!s)
    return -1;
  const char **p = arena_alloc(j->a, (*n + 1) * sizeof *p);
  if (!p)
    return -1;
  if (*n)
    memcpy(p, *list, *n * sizeof *p);
  p[(*n)++] = s;
  *list = p;
  return 0;
}

/* "<name a='1' b='2'>" of element e (singleton) or of an item. */
static const char *describe(vifxml_arena *a, const vifxml_iface *x,
                            vifxml_elem e, const vifxml_item *it) {
  char buf[1024];
  size_t n = (size_t)snprintf(buf, sizeof buf, "<%s", vifxml_elem_name(e));
  int nf;
  const unsigned char *fl = schema_elem_fields(e, &nf);
  for (int k = 0; k < nf && n < sizeof buf; k++) {
    int f = fl[k];
    const char *v = it ? it->v[k] : x->f[f];
    const char *name = vifxml_field_name((vifxml_field)f);
    if (!v || schema_fields[f].flags & (FL_DROP | FL_LEGACY))
      continue;
    if (!name || !*name)
      n += (size_t)snprintf(buf + n, sizeof buf - n, " text='%.200s'", v);
    else
      n += (size_t)snprintf(buf + n, sizeof buf - n, " %s='%.200s'", name, v);
  }
  if (n < sizeof buf)
    snprintf(buf + n, sizeof buf - n, ">");
  return arena_printf(a, "%s", buf);
}

static bool elem_has_fields(const vifxml_iface *x, vifxml_elem e) {
  int nf;
  const unsigned char *fl = schema_elem_fields(e, &nf);
  for (int k = 0; k < nf; k++)
    if (x->f[fl[k]] && !(schema_fields[fl[k]].flags & (FL_DROP | FL_LEGACY)))
      return true;
  return false;
}

static bool streq(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

/* Whether two items of one element hold the same values. */
static bool item_eq(const vifxml_item *a, const vifxml_item *b) {
  for (int k = 0; k < 8; k++)
    if (!streq(a->v[k], b->v[k]))
      return false;
  return true;
}

/* Why a host-side element went, for the messages. */
static const char *drop_reason(vifxml_elem e, const char *vif_type) {
  switch (e) {
  case VIFXML_E_FILTERREF:
  case VIFXML_E_FPARAM:
    return "the destination port has no Nova firewall";
  case VIFXML_E_VIRTUALPORT:
  case VIFXML_E_VP_PARAMETERS:
    return "the destination's Nova plugs this port without a virtualport";
  case VIFXML_E_TARGET:
    return "the destination's Nova names no tap for this port";
  case VIFXML_E_MTU:
    return "libvirt's qemu driver refuses an MTU on the destination's "
           "interface type (as Nova, which renders none there)";
  default:
    return vif_type ? "the destination's Nova writes none for this VIF"
                    : "the destination has none";
  }
}

/* An element with its descendants: "<virtualport type='openvswitch'>
 * <parameters interfaceid='...'>"; marks the descendants covered. */
static const char *describe_tree(vifxml_arena *a, const vifxml_iface *x,
                                 vifxml_elem e, bool *covered) {
  const char *d = describe(a, x, e, NULL);
  for (int row = 0; d && row < VIFXML_E_COUNT; row++) { /* libvirt's order */
    int c = schema_elem_at_rank(row);
    if (schema_elems[c].parent != e)
      continue;
    covered[c] = true;
    if (vifxml_elem_is_list((vifxml_elem)c)) {
      for (size_t i = 0; d && i < x->nitems; i++)
        if (x->items[i].elem == (vifxml_elem)c && x->items[i].parent < 0)
          d = arena_printf(a, "%s%s", d, describe(a, x, (vifxml_elem)c,
                                                  &x->items[i]));
    } else if (elem_has_fields(x, (vifxml_elem)c) ||
               x->present[c]) {
      const char *t = describe_tree(a, x, (vifxml_elem)c, covered);
      d = t ? arena_printf(a, "%s%s", d, t) : NULL;
    }
  }
  return d;
}

typedef struct {
  unsigned long line, column;
  size_t seq;
  const char *text;
} finding;

static int by_place(const void *pa, const void *pb) {
  const finding *a = pa, *b = pb;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct {
  finding *v;
  size_t n;
} findings;

static int note(job *j, findings *f, unsigned long line, unsigned long col,
                const char *text) {
  if (!text)
    return -1;
  finding *p = arena_alloc(j->a, (f->n + 1) * sizeof *p);
  if (!p)
    return -1;
  if (f->n)
    memcpy(p, f->v, f->n * sizeof *p);
  if (!line) {
    line = j->src->line;
    col = j->src->column;
  }
  p[f->n] = (finding){line, col, f->n, text};
  f->n++;
  f->v = p;
  return 0;
}

/* The loss report: every host-side element of the source that the result
 * drops or changes (warnings, in the order of the source), and what the
 * result adds. */
static int report(job *j, const vifxml_iface *src, const vifxml_iface *out,
                  const char *vif_type) {
  const split *s = &j->m->sides;
  vifxml_migrate_result *r = j->res;
  bool covered[VIFXML_E_COUNT] = {0};
  findings w = {0};
  for (int row = 0; row < VIFXML_E_COUNT; row++) { /* libvirt's order */
    int e = schema_elem_at_rank(row);
    vifxml_elem el = (vifxml_elem)e;
    if (vifxml_elem_is_list(el)) {
      if (s->elem[e] == GUEST || covered[e])
        continue;
      for (size_t i = 0; i < src->nitems; i++) {
        const vifxml_item *it = &src->items[i];
        bool found = false;
        if (it->elem != el)
          continue;
        for (size_t k = 0; k < out->nitems && !found; k++)
          found = out->items[k].elem == el && item_eq(it, &out->items[k]);
        if (found)
          continue;
        const char *d = describe(j->a, src, el, it);
        if (push(j, &r->dropped, &r->ndropped, d) < 0 ||
            note(j, &w, it->line, it->column,
                 arena_printf(j->a, "dropped %s: %s", d,
                              drop_reason(el, vif_type))) < 0)
          return -1;
      }
      for (size_t i = 0; i < out->nitems; i++) {
        const vifxml_item *it = &out->items[i];
        bool found = false;
        if (it->elem != el)
          continue;
        for (size_t k = 0; k < src->nitems && !found; k++)
          found = src->items[k].elem == el && item_eq(it, &src->items[k]);
        if (!found &&
            push(j, &r->added, &r->nadded, describe(j->a, out, el, it)) < 0)
          return -1;
      }
      continue;
    }
    if (covered[e])
      continue;
    int nf;
    const unsigned char *fl = schema_elem_fields(el, &nf);
    bool had = elem_has_fields(src, el), has = elem_has_fields(out, el);
    bool host_field = false, diff = false;
    for (int k = 0; k < nf; k++) {
      int f = fl[k];
      if (s->field[f] != GUEST) {
        host_field = true;
        if (!(schema_fields[f].flags & (FL_DROP | FL_LEGACY)) &&
            !streq(src->f[f], out->f[f]))
          diff = true;
      }
    }
    if (s->elem[e] == GUEST && had &&
        push(j, &r->kept, &r->nkept, vifxml_elem_name(el)) < 0)
      return -1;
    if (s->elem[e] == GUEST && !host_field)
      continue;
    if (!diff)
      continue;
    unsigned long line = src->eline[e], col = src->ecol[e];
    if (e == VIFXML_E_INTERFACE) {
      line = src->line;
      col = src->column;
    }
    if (had && !has && !ir_has_content(out, el, -1)) {
      const char *d = describe_tree(j->a, src, el, covered);
      if (push(j, &r->dropped, &r->ndropped, d) < 0 ||
          note(j, &w, line, col,
               arena_printf(j->a, "dropped %s: %s", d,
                            drop_reason(el, vif_type))) < 0)
        return -1;
    } else if (had) {
      const char *was = describe(j->a, src, el, NULL);
      const char *now = describe(j->a, out, el, NULL);
      const char *c = arena_printf(j->a, "%s -> %s", was, now);
      if (push(j, &r->changed, &r->nchanged, c) < 0 ||
          note(j, &w, line, col,
               arena_printf(j->a, "changed %s to %s", was, now)) < 0)
        return -1;
    } else if (push(j, &r->added, &r->nadded,
                    describe(j->a, out, el, NULL)) < 0) {
      return -1;
    }
  }
  for (size_t i = 0; i < src->nextras; i++) {
    const vifxml_extra *x = &src->extras[i];
    vifxml_elem at = x->kind == VIFXML_EXTRA_COMMENT && x->elem >= VIFXML_E_COUNT
                         ? x->end_of
                         : x->elem;
    if (at < VIFXML_E_COUNT && s->elem[at] == GUEST)
      continue;
    const char *d =
        x->kind == VIFXML_EXTRA_ATTR
            ? arena_printf(j->a, "attribute %s='%.200s' on <%s>", x->name,
                           x->text, vifxml_elem_name(x->elem))
        : x->kind == VIFXML_EXTRA_ELEMENT
            ? arena_printf(j->a, "unknown element %.200s", x->text)
            : arena_printf(j->a, "comment <!--%.200s-->", x->text);
    if (push(j, &r->dropped, &r->ndropped, d) < 0 ||
        note(j, &w, 0, 0,
             arena_printf(j->a, "dropped %s: it belonged to the host side",
                          d)) < 0)
      return -1;
  }
  if (w.n)
    qsort(w.v, w.n, sizeof *w.v, by_place);
  for (size_t i = 0; i < w.n; i++)
    say(j, VIFXML_DIAG_WARNING, w.v[i].line, w.v[i].column, "%s",
        w.v[i].text);
  return 0;
}

/* Copies the fields of element e (the whole element) from src into out. */
static void take_elem(const split *s, vifxml_iface *out,
                      const vifxml_iface *src, vifxml_elem e, side want) {
  int nf;
  const unsigned char *fl = schema_elem_fields(e, &nf);
  for (int k = 0; k < nf; k++)
    if (s->field[fl[k]] == want)
      out->f[fl[k]] = src->f[fl[k]];
  out->present[e] = src->present[e] || elem_has_fields(out, e);
  if (src->present[e]) {
    out->eline[e] = src->eline[e];
    out->ecol[e] = src->ecol[e];
  }
}

static bool glob(const char *pat, const char *s) {
  return s && fnmatch(pat, s, 0) == 0;
}

/* The VIF a rule needs: inferred once, lazily. */
typedef struct {
  vifxml_vif vif;
  int state; /* 0 not yet, 1 inferred (maybe no candidate), -1 failed */
  vifxml_profile profile;
} inferred;

/* What the VIF is inferred from: the host side, with the MAC, the model
 * and the driver name (which tell some VIF types apart). The guest's
 * settings are kept from the source whatever the VIF says, and an era
 * between the profiles (a 2018 <mtu>, an rx_queue_size) must not hide the
 * port; Liberty wrote no MTU, so it is not read in that profile. */
static int probe_of(job *j, vifxml_profile p, vifxml_iface *probe) {
  const split *s = &j->m->sides;
  if (ir_copy(probe, j->src, j->a) < 0)
    return -1;
  for (int f = 0; f < VIFXML_F_COUNT; f++)
    if ((s->field[f] == GUEST && f != VIFXML_F_MAC_ADDRESS &&
         f != VIFXML_F_MODEL_TYPE && f != VIFXML_F_DRV_NAME) ||
        (s->field[f] == MTU && p == VIFXML_PROFILE_LIBERTY))
      probe->f[f] = NULL;
  for (int e = 0; e < VIFXML_E_COUNT; e++)
    if ((s->elem[e] == GUEST || s->elem[e] == MTU) &&
        !elem_has_fields(probe, (vifxml_elem)e))
      probe->present[e] = 0;
  return 0;
}

static int classify(job *j, vifxml_profile p, vifxml_vif *out) {
  vifxml_iface probe;
  if (probe_of(j, p, &probe) < 0) {
    fail(j, VIFXML_ERR_NOMEM, "out of memory");
    return -1;
  }
  return vifxml_vif_from_iface(&probe, p, j->a, out, j->err);
}

static int infer(job *j, inferred *inf) {
  if (inf->state)
    return inf->state < 0 ? -1 : 0;
  const vifxml_migrate *m = j->m;
  vifxml_profile p =
      m->opt.from_profile >= 0 ? (vifxml_profile)m->opt.from_profile
                               : VIFXML_PROFILE_CURRENT;
  if (classify(j, p, &inf->vif) < 0)
    return inf->state = -1;
  if (!inf->vif.ncandidates && m->opt.from_profile < 0) {
    vifxml_vif other;
    if (classify(j, VIFXML_PROFILE_LIBERTY, &other) < 0)
      return inf->state = -1;
    if (other.ncandidates) {
      inf->vif = other;
      p = VIFXML_PROFILE_LIBERTY;
    }
  }
  inf->profile = p;
  inf->state = 1;
  return 0;
}

static bool rule_matches(job *j, const rule *r, inferred *inf) {
  const vifxml_iface *x = j->src;
  for (size_t i = 0; i < r->nmatch; i++) {
    const matcher *mt = &r->match[i];
    const char *v;
    if (mt->sel >= (int)NSELECTORS) {
      if (infer(j, inf) < 0)
        return false;
      int k = mt->sel - (int)NSELECTORS;
      unsigned char kd = inf->vif.kind[k];
      v = kd == VIFXML_VV_STRING || kd == VIFXML_VV_NUMBER ||
                  kd == VIFXML_VV_BOOL
              ? inf->vif.v[k]
              : NULL;
    } else if (selectors[mt->sel].field < 0) {
      v = vifxml_type_str(x->type);
    } else {
      v = x->kind == VIFXML_KIND_OPAQUE ? NULL
                                        : x->f[selectors[mt->sel].field];
    }
    if (!glob(mt->glob, v))
      return false;
  }
  return true;
}

static void apply(vifxml_vif *v, const rule *r) {
  for (size_t i = 0; i < r->nset; i++) {
    v->kind[r->set[i].key] = r->set[i].kind;
    v->v[r->set[i].key] = r->set[i].value;
  }
}

static int apply_maps(job *j, vifxml_iface *out) {
  static const vifxml_field fields[3][2] = {
      {VIFXML_F_SRC_BRIDGE, VIFXML_F_COUNT},
      {VIFXML_F_SRC_NETWORK, VIFXML_F_COUNT},
      {VIFXML_F_SRC_PORTGROUP, VIFXML_F_COUNT}};
  static const char *const kinds[] = {"bridge", "network", "portgroup"};
  const vifxml_migrate *m = j->m;
  int n = 0;
  if (out->kind == VIFXML_KIND_OPAQUE)
    return 0;
  for (size_t i = 0; i < m->nmaps; i++) {
    vifxml_field f = fields[m->maps[i].what][0];
    if (!streq(out->f[f], m->maps[i].from))
      continue;
    explain(j, "%s '%s' renamed to '%s' (--map %s:%s=%s)",
            kinds[m->maps[i].what], m->maps[i].from, m->maps[i].to,
            kinds[m->maps[i].what], m->maps[i].from, m->maps[i].to);
    vifxml_error e;
    if (vifxml_iface_set(out, f, m->maps[i].to, &e) < 0)
      return fail(j, VIFXML_ERR_INVALID, "--map %s:%s=%s: %s", kinds[m->maps[i].what],
                  m->maps[i].from, m->maps[i].to, e.message);
    n++;
  }
  return n;
}

static const char *kind_name(const vifxml_iface *x) {
  return vifxml_type_str(x->type);
}

/* qemuDomainNetSupportsMTU (libvirt 9.0): other types refuse an <mtu>. */
static bool mtu_allowed(vifxml_type t) {
  return t == VIFXML_TYPE_BRIDGE || t == VIFXML_TYPE_ETHERNET ||
         t == VIFXML_TYPE_VHOSTUSER || t == VIFXML_TYPE_NETWORK;
}

/* The guest device changes (a VF for a virtio NIC, or back): refused. */
static const char *device_change(const vifxml_iface *src,
                                 const vifxml_iface *dst) {
  bool a = src->kind == VIFXML_KIND_PCI_ASSIGNED,
       b = dst->kind == VIFXML_KIND_PCI_ASSIGNED;
  if (a && !b)
    return "the guest would lose its PCI VF for an emulated NIC: a hostdev "
           "interface cannot move to a virtio backend in place (Nova detaches "
           "SR-IOV ports before a migration and re-attaches them after)";
  if (!a && b)
    return "the guest would get a PCI VF instead of its NIC: an interface "
           "cannot become a hostdev VF in place (Nova attaches SR-IOV ports "
           "after a migration)";
  if (dst->type == VIFXML_TYPE_VDPA && src->type != VIFXML_TYPE_VDPA)
    return "a vDPA device is a different guest device: it cannot replace "
           "the interface in place";
  return NULL;
}

static int migrate_into(const vifxml_migrate *m, const vifxml_iface *src,
                        vifxml_arena *arena, vifxml_iface *out,
                        vifxml_migrate_result *res, vifxml_error *err,
                        vifxml_diag_fn diag, void *diag_ctx) {
  vifxml_error scratch;
  vifxml_migrate_result scratch_res;
  if (!res)
    res = &scratch_res;
  memset(res, 0, sizeof *res);
  job j = {m, src, arena, res, diag, diag_ctx, err ? err : &scratch};
  res->from_iface = kind_name(src);
  res->to_iface = res->from_iface;
  res->from_kind = vifxml_kind_str(src->kind);
  res->to_kind = res->from_kind;
  if (ir_copy(out, src, arena) < 0)
    return fail(&j, VIFXML_ERR_NOMEM, "out of memory");
  if (src->kind == VIFXML_KIND_OPAQUE) {
    res->outcome = VIFXML_MIGRATE_LEFT;
    return 0;
  }
  const char *mac = src->f[VIFXML_F_MAC_ADDRESS];
  /* 1. The destination VIF: by MAC from --vif, else inferred and set. */
  const loaded_vif *lv = NULL;
  for (size_t i = 0; mac && i < m->nvifs && !lv; i++)
    if (!strcasecmp(m->vifs[i].vif.v[VIFXML_VK_ADDRESS], mac))
      lv = &m->vifs[i];
  inferred inf = {0};
  vifxml_vif vif;
  const rule *hit = NULL;
  /* The source's VIF type, for the report: as to-vif reads it. */
  if (infer(&j, &inf) < 0)
    return -1;
  res->from_vif = inf.vif.ncandidates ? inf.vif.v[VIFXML_VK_TYPE] : NULL;
  for (size_t i = 0; !lv && i < m->nrules && !hit; i++)
    if (rule_matches(&j, &m->rules[i], &inf))
      hit = &m->rules[i];
  if (inf.state < 0)
    return -1;
  bool infer_it = !lv && (hit || m->opt.from_profile >= 0);
  if (lv) {
    vif = lv->vif;
    explain(&j, "matched by MAC %s to the VIF at %s:%lu:%lu: host side "
                "rendered from it, guest side kept",
            mac, lv->file, lv->vif.line, lv->vif.column);
  } else if (infer_it) {
    if (infer(&j, &inf) < 0)
      return -1;
    vif = inf.vif;
    if (!vif.ncandidates)
      return fail(&j, VIFXML_ERR_UNSUPPORTED, "cannot infer the VIF: %s", vif.note);
    if (m->opt.vif_type) {
      bool ok = false;
      for (size_t i = 0; i < vif.ncandidates; i++)
        ok |= !strcmp(vif.candidates[i], m->opt.vif_type);
      if (!ok) {
        char list[256] = "";
        for (size_t i = 0; i < vif.ncandidates; i++)
          snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                   i ? ", " : "", vif.candidates[i]);
        return fail(&j, VIFXML_ERR_INVALID, "--vif-type %s: not a candidate for this XML (%s)",
                    m->opt.vif_type, list);
      }
      vif.v[VIFXML_VK_TYPE] = m->opt.vif_type;
      res->from_vif = m->opt.vif_type;
    } else if (vif.ncandidates > 1) {
      char list[256] = "";
      for (size_t i = 1; i < vif.ncandidates; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i > 1 ? ", " : "", vif.candidates[i]);
      say(&j, VIFXML_DIAG_NOTE, 0, 0,
          "inferred VIF type %s; the XML fits %s too (--vif-type picks one)",
          vif.candidates[0], list);
    }
    explain(&j, "VIF inferred from the XML as %s Nova wrote it: type %s",
            inf.profile == VIFXML_PROFILE_LIBERTY ? "Liberty's" : "today's",
            res->from_vif);
    if (hit) {
      apply(&vif, hit);
      explain(&j, "VIF keys set by %s", hit->where);
    }
  } else {
    int n = apply_maps(&j, out);
    if (n < 0)
      return -1;
    if (n > 0) {
      vifxml_error e;
      if (vifxml_iface_finish(out, &e, diag, diag_ctx) < 0)
        return fail(&j, e.code, "%s", e.message);
      res->outcome = VIFXML_MIGRATE_RENAMED;
      return report(&j, src, out, NULL);
    }
    res->outcome = VIFXML_MIGRATE_LEFT;
    if (m->nvifs) {
      const char *what = mac ? "no VIF of --vif has its MAC"
                             : "it has no MAC to match a VIF by";
      if (m->opt.strict)
        return fail(&j, VIFXML_ERR_UNSUPPORTED, "interface left as it is: %s (--strict)", what);
      say(&j, VIFXML_DIAG_WARNING, 0, 0, "interface left as it is: %s", what);
    }
    return 0;
  }
  if (!mac && !lv)
    return fail(&j, VIFXML_ERR_MISSING, "the interface has no MAC: Nova's migration refuses it "
                    "and vifxml never invents one");
  /* The flavor's bandwidth, as Nova renders it. */
  if (m->flavor)
    vifxml_vif_set_flavor(&vif, &m->fl);
  /* The guest's frontend settings (image, flavor, nova.conf), where the VIF
   * does not give them: Nova's rules for them then apply (rx_queue_size
   * wants driver vhost). */
  static const struct {
    vifxml_vif_key k;
    vifxml_field f;
    unsigned char kind;
  } front[] = {{VIFXML_VK_MODEL, VIFXML_F_MODEL_TYPE, VIFXML_VV_STRING},
               {VIFXML_VK_DRIVER, VIFXML_F_DRV_NAME, VIFXML_VV_STRING},
               {VIFXML_VK_QUEUES, VIFXML_F_DRV_QUEUES, VIFXML_VV_NUMBER},
               {VIFXML_VK_RX_QUEUE_SIZE, VIFXML_F_DRV_RX_QUEUE_SIZE,
                VIFXML_VV_NUMBER},
               {VIFXML_VK_TX_QUEUE_SIZE, VIFXML_F_DRV_TX_QUEUE_SIZE,
                VIFXML_VV_NUMBER}};
  for (size_t i = 0; i < sizeof front / sizeof front[0]; i++)
    if (vif.kind[front[i].k] == VIFXML_VV_ABSENT && src->f[front[i].f]) {
      vif.kind[front[i].k] = front[i].kind;
      vif.v[front[i].k] = src->f[front[i].f];
    }
  /* The source's MAC, whatever the VIF's case. */
  vif.kind[VIFXML_VK_ADDRESS] = VIFXML_VV_STRING;
  vif.v[VIFXML_VK_ADDRESS] = mac;
  /* 2. The destination's render. */
  vifxml_iface dst;
  vifxml_vif_options vo = m->opt.vif;
  vo.diag = NULL;
  vifxml_error e;
  if (vif_to_ir(&vif, &vo, arena, &dst, &e) < 0) {
    if (lv)
      return fail(&j, e.code, "%s (the VIF at %s:%lu:%lu)", e.message, lv->file,
                  lv->vif.line, lv->vif.column);
  {
    const char *msg = e.message;
    if (!strncmp(msg, "vif #", 5) && strstr(msg, " (no id): "))
      msg = strstr(msg, " (no id): ") + 10;
    return fail(&j, VIFXML_ERR_UNSUPPORTED, "the VIF inferred from the XML (type %s): %s; the XML "
                    "does not tell it: give it with --set KEY=VALUE (with "
                    "--match), --rules or --vif",
                vif.kind[VIFXML_VK_TYPE] == VIFXML_VV_STRING
                    ? vif.v[VIFXML_VK_TYPE]
                    : "none",
                msg);
  }
  }
  res->to_iface = vifxml_type_str(dst.type);
  res->to_kind = vifxml_kind_str(dst.kind);
  const char *why = device_change(src, &dst);
  if (why)
    return fail(&j, VIFXML_ERR_UNSUPPORTED, "refused: interface type='%s' to type='%s': %s",
                vifxml_type_str(src->type), vifxml_type_str(dst.type), why);
  /* 3. Merge: the render, with the source's guest side. */
  const split *s = &m->sides;
  if (ir_copy(out, &dst, arena) < 0)
    return fail(&j, VIFXML_ERR_NOMEM, "out of memory");
  out->line = src->line;
  out->column = src->column;
  out->legacy = 0;
  for (int el = 0; el < VIFXML_E_COUNT; el++) {
    vifxml_elem e2 = (vifxml_elem)el;
    if (vifxml_elem_is_list(e2))
      continue;
    if (s->elem[el] == GUEST)
      take_elem(s, out, src, e2, GUEST);
  }
  /* MTU: only where the source had one, with the destination's value. */
  if (!src->f[VIFXML_F_MTU_SIZE] && out->f[VIFXML_F_MTU_SIZE]) {
    explain(&j, "<mtu size='%s'> of the destination not added: the source "
                "had none, and an MTU changes the guest's ABI (Nova's rule, "
                "bug 1800511)",
            out->f[VIFXML_F_MTU_SIZE]);
    out->f[VIFXML_F_MTU_SIZE] = NULL;
    out->present[VIFXML_E_MTU] = 0;
  } else if (src->f[VIFXML_F_MTU_SIZE] && !out->f[VIFXML_F_MTU_SIZE] &&
             !mtu_allowed(out->type)) {
    /* reported as dropped, with drop_reason's words */
  } else if (src->f[VIFXML_F_MTU_SIZE] && !out->f[VIFXML_F_MTU_SIZE]) {
    say(&j, VIFXML_DIAG_WARNING, src->eline[VIFXML_E_MTU],
        src->ecol[VIFXML_E_MTU],
        "kept <mtu size='%s'>: the destination gives no MTU (Nova would drop "
        "it; the guest keeps its MTU)",
        src->f[VIFXML_F_MTU_SIZE]);
    take_elem(s, out, src, VIFXML_E_MTU, MTU);
  } else if (src->f[VIFXML_F_MTU_SIZE]) {
    out->eline[VIFXML_E_MTU] = src->eline[VIFXML_E_MTU];
    out->ecol[VIFXML_E_MTU] = src->ecol[VIFXML_E_MTU];
  }
  /* Bandwidth: the flavor's; without --flavor-specs, the source's. */
  if (!m->flavor) {
    bool had = elem_has_fields(src, VIFXML_E_INBOUND) ||
               elem_has_fields(src, VIFXML_E_OUTBOUND);
    bool renders = elem_has_fields(out, VIFXML_E_INBOUND) ||
                   elem_has_fields(out, VIFXML_E_OUTBOUND);
    take_elem(s, out, src, VIFXML_E_BANDWIDTH, BANDWIDTH);
    take_elem(s, out, src, VIFXML_E_INBOUND, BANDWIDTH);
    take_elem(s, out, src, VIFXML_E_OUTBOUND, BANDWIDTH);
    if (had)
      say(&j, VIFXML_DIAG_NOTE, src->eline[VIFXML_E_BANDWIDTH],
          src->ecol[VIFXML_E_BANDWIDTH],
          "kept the source's <bandwidth>: the VIF does not carry the "
          "flavor's quota:vif_* specs (--flavor-specs gives them)");
    else if (renders)
      explain(&j, "<bandwidth> from the VIF's frontend quota keys");
  } else {
    explain(&j, "<bandwidth> from the flavor's quota:vif_* specs in %s, as "
                "Nova renders them",
            m->flavor_file);
  }
  /* Unknown content of guest-side elements stays with them. */
  out->extras = NULL;
  out->nextras = 0;
  for (size_t i = 0; i < src->nextras; i++) {
    const vifxml_extra *x = &src->extras[i];
    vifxml_elem at = x->kind == VIFXML_EXTRA_COMMENT && x->elem >= VIFXML_E_COUNT
                         ? x->end_of
                         : x->elem;
    if (at < VIFXML_E_COUNT && s->elem[at] == GUEST &&
        ir_add_extra(out, x) < 0)
      return fail(&j, VIFXML_ERR_NOMEM, "out of memory");
  }
  if (apply_maps(&j, out) < 0)
    return -1;
  if (vifxml_iface_finish(out, &e, diag, diag_ctx) < 0)
    return fail(&j, e.code, "the migrated interface is not valid: %s", e.message);
  /* The guest side points at the source's strings: out owns copies. */
  vifxml_iface merged = *out;
  if (ir_copy(out, &merged, arena) < 0)
    return fail(&j, VIFXML_ERR_NOMEM, "out of memory");
  res->outcome = VIFXML_MIGRATE_MIGRATED;
  res->to_vif = vif.kind[VIFXML_VK_TYPE] == VIFXML_VV_STRING
                    ? vif.v[VIFXML_VK_TYPE]
                    : NULL;
  return report(&j, src, out, res->to_vif);
}

int vifxml_migrate_iface(const vifxml_migrate *m, const vifxml_iface *src,
                         vifxml_arena *arena, vifxml_iface **out,
                         vifxml_migrate_result *res, vifxml_error *err,
                         vifxml_diag_fn diag, void *diag_ctx) {
  *out = NULL;
  vifxml_iface *o = arena_alloc(arena, sizeof *o);
  if (!o) {
    error_set(err, VIFXML_ERR_NOMEM, NULL, src->line, src->column,
              "out of memory");
    return -1;
  }
  if (migrate_into(m, src, arena, o, res, err, diag, diag_ctx) < 0)
    return -1;
  *out = o;
  return 0;
}

/* ## The report as JSON */

static json_t *list(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

const char *vifxml_migrate_result_json(const vifxml_migrate_result *r,
                                       const char *file, const char *domain,
                                       const char *mac, vifxml_arena *arena) {
  static const char *const outcomes[] = {"left", "migrated", "renamed"};
  json_t *o = json_object();
  if (!o)
    return NULL;
  json_object_set_new(o, "file", str_or_null(file));
  json_object_set_new(o, "domain", str_or_null(domain));
  json_object_set_new(o, "mac", str_or_null(mac));
  json_object_set_new(o, "outcome", json_string(outcomes[r->outcome % 3]));
  json_t *from = json_object(), *to = json_object();
  json_object_set_new(from, "vif_type", str_or_null(r->from_vif));
  json_object_set_new(from, "interface", str_or_null(r->from_iface));
  json_object_set_new(from, "kind", str_or_null(r->from_kind));
  json_object_set_new(to, "vif_type", str_or_null(r->to_vif));
  json_object_set_new(to, "interface", str_or_null(r->to_iface));
  json_object_set_new(to, "kind", str_or_null(r->to_kind));
  json_object_set_new(o, "from", from);
  json_object_set_new(o, "to", to);
  json_object_set_new(o, "kept", list(r->kept, r->nkept));
  json_object_set_new(o, "changed", list(r->changed, r->nchanged));
  json_object_set_new(o, "dropped", list(r->dropped, r->ndropped));
  json_object_set_new(o, "added", list(r->added, r->nadded));
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  if (!s)
    return NULL;
  const char *copy = arena_strndup(arena, s, strlen(s));
  free(s);
  return copy;
}
