/* Error and diagnostic records: FILE:LINE:COLUMN plus a message. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

void error_vset(vifxml_error *e, vifxml_error_code code, const char *file,
                unsigned long line, unsigned long col, const char *fmt,
                va_list ap) {
  if (!e)
    return;
  e->code = code;
  if (file)
    snprintf(e->file, sizeof e->file, "%s", file);
  else
    e->file[0] = '\0';
  e->line = line;
  e->column = col;
  vsnprintf(e->message, sizeof e->message, fmt, ap);
}

void error_set(vifxml_error *e, vifxml_error_code code, const char *file,
               unsigned long line, unsigned long col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  error_vset(e, code, file, line, col, fmt, ap);
  va_end(ap);
}

void error_copy(vifxml_error *dst, const vifxml_error *src) {
  if (dst)
    *dst = *src;
}

static void diag_vemit(vifxml_diag_fn fn, void *ctx, vifxml_diag_level level,
                       const char *file, unsigned long line, unsigned long col,
                       const char *fmt, va_list ap) {
  vifxml_error d;
  error_vset(&d, VIFXML_ERR_NONE, file, line, col, fmt, ap);
  fn(ctx, level, &d);
}

void diag_emit(vifxml_diag_fn fn, void *ctx, vifxml_diag_level level,
               const char *file, unsigned long line, unsigned long col,
               const char *fmt, ...) {
  if (!fn)
    return;
  va_list ap;
  va_start(ap, fmt);
  diag_vemit(fn, ctx, level, file, line, col, fmt, ap);
  va_end(ap);
}

void explain_emit(bool on, vifxml_diag_fn fn, void *ctx, const char *file,
                  unsigned long line, unsigned long col, const char *fmt, ...) {
  if (!on || !fn)
    return;
  va_list ap;
  va_start(ap, fmt);
  diag_vemit(fn, ctx, VIFXML_DIAG_NOTE, file, line, col, fmt, ap);
  va_end(ap);
}

const char *vifxml_version(void) { return VIFXML_VERSION_STRING; }
unsigned vifxml_version_hex(void) { return VIFXML_VERSION_HEX; }

static const char *const code_names[] = {
    "none",      "syntax",      "encoding",  "limit", "invalid", "missing",
    "duplicate", "unsupported", "not found", "io",    "usage",   "no memory"};

const char *vifxml_error_code_str(vifxml_error_code code) {
  return (unsigned)code < sizeof code_names / sizeof code_names[0]
             ? code_names[code]
             : "unknown";
}
