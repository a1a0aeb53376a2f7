// The public header as a C++ program uses it: it compiles as C++11 with
// -pedantic (extern "C", no C-only constructs in declarations or the
// schema tables), and the library's entry points link and run.
#include "vifxml.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

int to_string(void *ctx, const char *buf, size_t len) {
  static_cast<std::string *>(ctx)->append(buf, len);
  return 0;
}

int failures = 0;

void check(bool ok, const char *what) {
  if (!ok) {
    std::printf("FAIL %s\n", what);
    failures++;
  }
}

}  // namespace

int main() {
  const char xml[] = "<interface type=\"bridge\">"
                     "<mac address=\"52:54:00:AB:CD:EF\"/>"
                     "<source bridge=\"br0\"/></interface>";
  vifxml_arena *arena = vifxml_arena_new(nullptr);
  vifxml_iface *iface;
  vifxml_error err;
  check(vifxml_parse_one(xml, std::strlen(xml), "cxx", arena, &iface, &err) ==
            0,
        "parse_one");
  check(vifxml_iface_kind(iface) == VIFXML_KIND_BRIDGE, "kind");
  const char *mac = vifxml_iface_get(iface, VIFXML_F_MAC_ADDRESS);
  check(mac && std::string(mac) == "52:54:00:ab:cd:ef", "canonical MAC");
  std::string out;
  check(vifxml_write_iface(iface, "", to_string, &out) == 0, "write");
  check(out.find("<source bridge='br0'/>") != std::string::npos,
        "written form");
  check(vifxml_parse_one("<interface", 10, "cxx", arena, &iface, &err) == -1 &&
            err.code == VIFXML_ERR_SYNTAX && iface == nullptr,
        "error code");
  vifxml_arena_free(arena);

  vifxml_stream_options opt = vifxml_stream_options();
  std::string doc;
  opt.write = to_string;
  opt.write_ctx = &doc;
  vifxml_stream *s = vifxml_stream_new(&opt);
  check(s && vifxml_stream_feed(s, xml, std::strlen(xml)) == 0 &&
            vifxml_stream_finish(s) == 0,
        "stream");
  check(vifxml_stream_stats(s)->interfaces == 1, "stream stats");
  vifxml_stream_free(s);
  check(doc.find("52:54:00:ab:cd:ef") != std::string::npos, "stream output");
  std::printf("%s, %d failed\n", vifxml_version(), failures);
  return failures ? 1 : 0;
}
