/* VIF JSON <-> vifxml_vif with jansson. The keys and their places are the
 * paths of VIFXML_VIF_KEYS; jansson reads and writes all of the JSON. */
#include "internal.h"
#include "xml.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_STR, J_BOOL, J_UINT, J_VLAN } json_kind;

#define X_ROW(id, val, path, json) [val] = {path, J_##json},
static const struct {
  const char *path;
  json_kind json;
} keys[VIFXML_VK_COUNT] = {VIFXML_VIF_KEYS(X_ROW)};
#undef X_ROW

const char *vifxml_vif_key_path(vifxml_vif_key k) {
  return k < VIFXML_VK_COUNT ? keys[k].path : NULL;
}

/* ## Reading */

typedef struct {
  vifxml_arena *arena;
  vifxml_error *err;
  unsigned long line, column; /* where the current top-level value starts */
  size_t at;                  /* its byte offset */
  unsigned long index;        /* VIFs read so far */
} reader;

/* Moves r's line and column (1-based, in characters as jansson counts
 * them) forward to byte offset off, from where they were. */
static void position(reader *r, const char *buf, size_t off) {
  unsigned long col0 = r->column - 1;
  xml_advance(&r->line, &col0, buf + r->at, off - r->at);
  r->column = col0 + 1;
  r->at = off;
}

static int fail_vif(reader *r, const json_t *vif, const char *path,
                    const char *what) {
  const json_t *id = json_object_get(vif, "id");
  if (json_is_string(id))
    error_set(r->err, VIFXML_ERR_INVALID, NULL, r->line, r->column, "vif '%.100s': %s: %s",
              json_string_value(id), path, what);
  else
    error_set(r->err, VIFXML_ERR_INVALID, NULL, r->line, r->column, "vif #%lu (no id): %s: %s",
              r->index, path, what);
  return -1;
}

/* The next step of a dotted path into step (paths are short table
 * constants); returns what follows it, NULL at the last step. */
static const char *next_step(const char *p, char *step, size_t len) {
  const char *dot = strchr(p, '.');
  size_t n = dot ? (size_t)(dot - p) : strlen(p);
  snprintf(step, len, "%.*s", (int)n, p);
  return dot ? dot + 1 : NULL;
}

/* The value at a dotted path; NULL when a step is absent or null. A step
 * that is not an object is an error: *bad is then the length of the path
 * up to it. */
static const json_t *at(const json_t *obj, const char *path, size_t *bad) {
  const char *p = path;
  char step[64];
  for (;;) {
    const char *rest = next_step(p, step, sizeof step);
    const json_t *v = json_object_get(obj, step);
    if (!rest || !v || json_is_null(v))
      return v;
    if (!json_is_object(v)) {
      *bad = (size_t)(rest - 1 - path);
      return NULL;
    }
    obj = v;
    p = rest;
  }
}

static int put(reader *r, vifxml_vif *v, vifxml_vif_key k,
               vifxml_vif_value kind, const char *text) {
  v->kind[k] = (unsigned char)kind;
  v->v[k] = arena_strndup(r->arena, text, strlen(text));
  if (!v->v[k]) {
    error_set(r->err, VIFXML_ERR_NOMEM, NULL, r->line, r->column, "out of memory");
    return -1;
  }
  return 0;
}

static int read_key(reader *r, const json_t *obj, vifxml_vif *v,
                    vifxml_vif_key k) {
  size_t bad = 0;
  const json_t *j = at(obj, keys[k].path, &bad);
  char num[32], step[64];
  if (bad) {
    snprintf(step, sizeof step, "%.*s", (int)bad, keys[k].path);
    return fail_vif(r, obj, step, "expected an object");
  }
  if (!j)
    return 0;
  if (json_is_null(j)) {
    v->kind[k] = VIFXML_VV_NULL;
    return 0;
  }
  switch (keys[k].json) {
  case J_STR:
    if (json_is_string(j))
      return put(r, v, k, VIFXML_VV_STRING, json_string_value(j));
    return fail_vif(r, obj, keys[k].path, "expected a string");
  case J_BOOL:
    if (json_is_boolean(j))
      return put(r, v, k, VIFXML_VV_BOOL, json_is_true(j) ? "true" : "false");
    return fail_vif(r, obj, keys[k].path, "expected true or false");
  case J_VLAN:
    if (json_is_string(j)) /* Nova tells "0" (a tag) from 0 (none) */
      return put(r, v, k, VIFXML_VV_STRING, json_string_value(j));
    /* fall through */
  case J_UINT:
    if (json_is_integer(j) && json_integer_value(j) >= 0) {
      snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
      return put(r, v, k, VIFXML_VV_NUMBER, num);
    }
    if (keys[k].json == J_UINT && json_is_string(j) &&
        *json_string_value(j) &&
        strspn(json_string_value(j), "0123456789") ==
            strlen(json_string_value(j)))
      return put(r, v, k, VIFXML_VV_NUMBER, json_string_value(j));
    return fail_vif(r, obj, keys[k].path,
                    keys[k].json == J_VLAN
                        ? "expected a string or a non-negative integer"
                        : "expected a non-negative integer");
  }
  return 0;
}

static int read_vif(reader *r, const json_t *obj, vifxml_vif_fn each,
                    void *ctx) {
  vifxml_vif v;
  memset(&v, 0, sizeof v);
  r->index++;
  v.line = r->line;
  v.column = r->column;
  v.index = r->index;
  if (!json_is_object(obj)) {
    error_set(r->err, VIFXML_ERR_INVALID, NULL, r->line, r->column,
              "vif #%lu: expected a JSON object", r->index);
    return -1;
  }
  for (int k = 0; k < VIFXML_VK_COUNT; k++)
    if (read_key(r, obj, &v, (vifxml_vif_key)k) < 0)
      return -1;
  return each(ctx, &v, r->err);
}

static size_t skip_space(const char *buf, size_t len, size_t pos) {
  while (pos < len && strchr(" \t\r\n", buf[pos]) && buf[pos])
    pos++;
  return pos;
}

/* One top-level value (an object or an array of objects) at pos; *used is
 * the number of bytes jansson read. */
static int read_value(reader *r, const char *buf, size_t len, size_t pos,
                      size_t *used, vifxml_vif_fn each, void *ctx) {
  json_error_t je;
  position(r, buf, pos);
  if (buf[pos] != '{' && buf[pos] != '[') {
    error_set(r->err, VIFXML_ERR_INVALID, NULL, r->line, r->column,
              "expected a VIF object or an array of them (network_info)");
    return -1;
  }
  json_t *root = json_loadb(buf + pos, len - pos,
                            JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES,
                            &je);
  if (!root) {
    /* jansson counts from pos: move its position onto the whole input */
    unsigned long line = r->line + (unsigned long)je.line - 1;
    unsigned long col =
        je.line <= 1 ? r->column + (unsigned long)je.column - 1
                     : (unsigned long)je.column;
    /* jansson says column 0 at the start of a line (end of input after a
     * newline): columns here are 1-based. */
    error_set(r->err, VIFXML_ERR_SYNTAX, NULL, line, col ? col : 1, "%s", je.text);
    return -1;
  }
  *used = (size_t)je.position;
  int rc = 0;
  if (json_is_array(root)) {
    size_t i;
    json_t *item;
    json_array_foreach(root, i, item) {
      if ((rc = read_vif(r, item, each, ctx)) < 0)
        break;
    }
  } else {
    rc = read_vif(r, root, each, ctx);
  }
  json_decref(root);
  return rc;
}

int vifxml_vif_from_json(const char *buf, size_t len, vifxml_arena *arena,
                         vifxml_vif_fn each, void *ctx, vifxml_error *err) {
  vifxml_error scratch;
  reader r = {arena, err ? err : &scratch, 1, 1, 0, 0};
  size_t pos = 0;
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
    pos = 3; /* a UTF-8 byte order mark */
  while ((pos = skip_space(buf, len, pos)) < len) {
    size_t used = 0;
    if (read_value(&r, buf, len, pos, &used, each, ctx) < 0)
      return -1;
    pos += used;
  }
  return 0;
}

/* ## Writing */

/* The object at the parent path of `path`, created as needed; *leaf is
 * the last step. */
static json_t *parent_of(json_t *root, const char *path, const char **leaf) {
  json_t *obj = root;
  const char *p = path, *rest;
  char step[64];
  while ((rest = next_step(p, step, sizeof step)) != NULL) {
    json_t *next = json_object_get(obj, step);
    if (!next) {
      next = json_object();
      if (!next || json_object_set_new(obj, step, next) < 0)
        return NULL;
    }
    obj = next;
    p = rest;
  }
  *leaf = p;
  return obj;
}

static json_t *json_value(const vifxml_vif *v, vifxml_vif_key k) {
  switch (v->kind[k]) {
  case VIFXML_VV_STRING:
    return json_string(v->v[k]);
  case VIFXML_VV_BOOL:
    return json_boolean(!strcmp(v->v[k], "true"));
  case VIFXML_VV_NUMBER: {
    char *end;
    errno = 0;
    long long n = strtoll(v->v[k], &end, 10);
    /* beyond JSON's safe range for us: keep the digits */
    return errno || *end ? json_string(v->v[k]) : json_integer(n);
  }
  default:
    return json_null();
  }
}

static int add_keys(json_t *root, json_t *unknown, const vifxml_vif *v) {
  for (int k = 0; k < VIFXML_VK_COUNT; k++) {
    if (v->kind[k] == VIFXML_VV_ABSENT)
      continue;
    if (v->kind[k] == VIFXML_VV_UNKNOWN) {
      if (json_array_append_new(unknown, json_string(keys[k].path)) < 0)
        return -1;
      continue;
    }
    const char *leaf;
    json_t *obj = parent_of(root, keys[k].path, &leaf);
    if (!obj || json_object_set_new(obj, leaf, json_value(v, (vifxml_vif_key)k)) < 0)
      return -1;
  }
  return 0;
}

static int add_classification(json_t *root, json_t *unknown,
                              const vifxml_vif *v) {
  json_t *cands = json_array();
  if (!cands || json_object_set_new(root, "candidates", cands) < 0)
    return -1;
  for (size_t i = 0; i < v->ncandidates; i++)
    if (json_array_append_new(cands, json_string(v->candidates[i])) < 0)
      return -1;
  if (v->note && json_object_set_new(root, "note", json_string(v->note)) < 0)
    return -1;
  if (json_array_size(unknown) &&
      json_object_set(root, "unknown", unknown) < 0)
    return -1;
  return 0;
}

/* A copy of s (in arena) with each byte that does not begin a valid UTF-8
 * sequence replaced by U+FFFD: a file name may hold any bytes, and JSON
 * text is UTF-8. */
static const char *utf8_repaired(const char *s, vifxml_arena *arena) {
  size_t n = strlen(s), o = 0;
  char *out = arena_alloc(arena, 3 * n + 1);
  if (!out)
    return NULL;
  for (size_t i = 0; i < n;) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t len = p[0] < 0x80                 ? 1
                 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2
                 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3
                 : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4
                                                 : 0;
    /* the second byte's range rules out overlong forms and surrogates */
    unsigned char lo = p[0] == 0xE0 ? 0xA0 : p[0] == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = p[0] == 0xED ? 0x9F : p[0] == 0xF4 ? 0x8F : 0xBF;
    bool ok = len && i + len <= n && (len == 1 || (p[1] >= lo && p[1] <= hi));
    for (size_t k = 2; ok && k < len; k++)
      ok = (p[k] & 0xC0) == 0x80;
    if (ok) {
      memcpy(out + o, p, len);
      o += len;
      i += len;
    } else {
      memcpy(out + o, "\xEF\xBF\xBD", 3);
      o += 3;
      i++;
    }
  }
  out[o] = '\0';
  return out;
}

static int add_origin(json_t *root, const char *file, unsigned long line,
                      unsigned long column, const char *domain) {
  json_t *o = json_object();
  if (!o || json_object_set_new(root, "origin", o) < 0 ||
      json_object_set_new(o, "file", json_string(file)) < 0 ||
      json_object_set_new(o, "line", json_integer((json_int_t)line)) < 0 ||
      json_object_set_new(o, "column", json_integer((json_int_t)column)) < 0)
    return -1;
  if (domain && json_object_set_new(o, "domain", json_string(domain)) < 0)
    return -1;
  return 0;
}

/* The line, with an origin when file is not NULL. */
static const char *to_json(const vifxml_vif *vif, const char *file,
                           unsigned long line, unsigned long column,
                           const char *domain, vifxml_arena *arena) {
  json_t *root = json_object(), *unknown = json_array();
  char *text = NULL;
  const char *out = NULL;
  bool classified = vif->ncandidates || vif->note;
  if (root && unknown && add_keys(root, unknown, vif) == 0 &&
      (!classified || add_classification(root, unknown, vif) == 0) &&
      (!file || add_origin(root, file, line, column, domain) == 0))
    text = json_dumps(root, JSON_COMPACT);
  if (text)
    out = arena_strndup(arena, text, strlen(text));
  free(text);
  json_decref(unknown);
  json_decref(root);
  return out;
}

const char *vifxml_vif_to_json(const vifxml_vif *vif, vifxml_arena *arena) {
  return to_json(vif, NULL, 0, 0, NULL, arena);
}

const char *vifxml_vif_to_json_origin(const vifxml_vif *vif, const char *file,
                                      unsigned long line, unsigned long column,
                                      const char *domain,
                                      vifxml_arena *arena) {
  const char *f = utf8_repaired(file ? file : "<stdin>", arena);
  return f ? to_json(vif, f, line, column, domain, arena) : NULL;
}

/* ## A flavor's bandwidth */

static const vifxml_vif_key quota_keys[6] = {
    VIFXML_VK_IN_AVERAGE,  VIFXML_VK_IN_PEAK,  VIFXML_VK_IN_BURST,
    VIFXML_VK_OUT_AVERAGE, VIFXML_VK_OUT_PEAK, VIFXML_VK_OUT_BURST};

int vifxml_flavor_from_json(const char *buf, size_t len, const char *filename,
                            vifxml_arena *arena, vifxml_flavor *out,
                            vifxml_error *err) {
  const char *file = filename ? filename : "<stdin>";
  memset(out, 0, sizeof *out);
  json_error_t je;
  json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
  if (!j) {
    error_set(err, VIFXML_ERR_SYNTAX, file, (unsigned long)(je.line > 0 ? je.line : 1),
              (unsigned long)(je.column > 0 ? je.column : 1), "%s", je.text);
    return -1;
  }
  json_t *o = j;
  if (json_is_object(json_object_get(j, "properties")))
    o = json_object_get(j, "properties");
  int rc = 0;
  if (!json_is_object(o)) {
    error_set(err, VIFXML_ERR_INVALID, file, 1, 1, "expected a JSON object of flavor extra specs");
    rc = -1;
  }
  for (int i = 0; rc == 0 && i < 6; i++) {
    /* the key's name in the frontend is the spec's */
    const char *name = strrchr(vifxml_vif_key_path(quota_keys[i]), '.') + 1;
    json_t *v = json_object_get(o, name);
    char num[32];
    const char *t = NULL;
    if (!v || json_is_null(v))
      continue;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
      snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
      t = num;
    } else if (json_is_string(v)) {
      /* Nova reads the spec with int(): digits only (here up to 2^63) */
      t = json_string_value(v);
      size_t n = strlen(t);
      if (!n || n > 18 || strspn(t, "0123456789") != n)
        t = NULL;
    }
    if (!t) {
      error_set(err, VIFXML_ERR_INVALID, file, 1, 1, "%s: expected a non-negative integer", name);
      rc = -1;
    } else if (!(out->quota[i] = arena_strndup(arena, t, strlen(t)))) {
      error_set(err, VIFXML_ERR_NOMEM, file, 0, 0, "out of memory");
      rc = -1;
    }
  }
  json_decref(j);
  return rc;
}

void vifxml_vif_set_flavor(vifxml_vif *vif, const vifxml_flavor *flavor) {
  for (int i = 0; i < 6; i++) {
    vif->kind[quota_keys[i]] = flavor->quota[i] ? VIFXML_VV_NUMBER : VIFXML_VV_ABSENT;
    vif->v[quota_keys[i]] = flavor->quota[i];
  }
}
