/* A client of libvifxml's public API: lists the guest NICs of libvirt
 * domain XML files, one line each (file, place, type, MAC, what it attaches
 * to, VLAN tags), and tells a syntax error from a refused value by its code.
 *
 *   cc list_nics.c $(pkg-config --cflags --libs vifxml) -o list_nics
 *   ./list_nics /etc/libvirt/qemu/NAME.xml...
 *
 * Exit status: 0; 1 when a file is refused by libvirt's rules (codes
 * invalid, missing, duplicate, unsupported, not_found); 2 for any other
 * failure: a file that is not XML or cannot be read, a limit reached, out
 * of memory. 2 wins over 1. */
#include <vifxml.h>

#include <stdio.h>
#include <stdlib.h>

/* Whether a failure is libvirt's refusal of what the file says (1), not a
 * file vifxml cannot read or a resource that ran out (2). */
static int refused(vifxml_error_code code) {
  switch (code) {
  case VIFXML_ERR_INVALID:
  case VIFXML_ERR_MISSING:
  case VIFXML_ERR_DUPLICATE:
  case VIFXML_ERR_UNSUPPORTED:
  case VIFXML_ERR_NOT_FOUND:
    return 1;
  default:
    return 0;
  }
}

static int print_nic(void *ctx, vifxml_stream *s, vifxml_iface *iface,
                     const char *indent, vifxml_error *err) {
  const char *file = ctx;
  unsigned long line, col;
  (void)s, (void)indent, (void)err;
  vifxml_iface_position(iface, &line, &col);
  printf("%s:%lu:%lu: %s", file, line, col,
         vifxml_type_str(vifxml_iface_type(iface)));
  unsigned char mac[6];
  if (vifxml_iface_mac(iface, mac) == 0)
    printf(" %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
           mac[4], mac[5]);
  const char *source = vifxml_iface_source(iface);
  if (source)
    printf(" on %s", source);
  unsigned tags[8];
  size_t n = vifxml_iface_vlan_tags(iface, tags, 8);
  for (size_t i = 0; i < n && i < 8; i++)
    printf("%s%u", i ? "," : " vlan ", tags[i]);
  printf("\n");
  return 0;
}

int main(int argc, char **argv) {
  int status = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      status = 2;
      continue;
    }
    vifxml_stream_options o = {0};
    o.filename = argv[i];
    o.on_iface = print_nic;
    o.iface_ctx = argv[i];
    vifxml_stream *s = vifxml_stream_new(&o);
    if (!s) {
      fprintf(stderr, "%s: error: out of memory\n", argv[i]);
      status = 2;
      fclose(f);
      continue;
    }
    char buf[65536];
    size_t len;
    int rc = 0;
    while (rc == 0 && (len = fread(buf, 1, sizeof buf, f)) > 0)
      rc = vifxml_stream_feed(s, buf, len);
    if (rc == 0)
      rc = vifxml_stream_finish(s);
    if (rc < 0) {
      const vifxml_error *e = vifxml_stream_error(s);
      fprintf(stderr, "%s:%lu:%lu: error (%s): %s\n", e->file, e->line,
              e->column, vifxml_error_code_str(e->code), e->message);
      if (!refused(e->code))
        status = 2;
      else if (status == 0)
        status = 1;
    }
    vifxml_stream_free(s);
    fclose(f);
  }
  return status;
}
