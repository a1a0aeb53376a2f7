/* Built against the installed library through pkg-config by install.sh:
 * normalizes one interface and checks the version macros and getter agree. */
#include <vifxml.h>

#include <stdio.h>
#include <string.h>

static int out(void *ctx, const char *buf, size_t len) {
  return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

int main(void) {
  if (strcmp(vifxml_version(), VIFXML_VERSION_STRING) ||
      vifxml_version_hex() != VIFXML_VERSION_HEX) {
    fprintf(stderr, "header %s, library %s\n", VIFXML_VERSION_STRING,
            vifxml_version());
    return 1;
  }
  const char *in = "<interface type='direct'><source dev='eth0'/></interface>";
  vifxml_stream_options o = {0};
  o.write = out;
  o.write_ctx = stdout;
  vifxml_stream *s = vifxml_stream_new(&o);
  int r = vifxml_stream_feed(s, in, strlen(in));
  r = r ? r : vifxml_stream_finish(s);
  vifxml_stream_free(s);
  return r ? 1 : 0;
}
