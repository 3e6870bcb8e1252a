// Query strings and percent-decoding (http/message.h) on arbitrary bytes, and
// the split of a request target into path and query the server makes
// (decode_target). Checks that decoding is the inverse of encoding: every
// byte string, percent-encoded, decodes back to itself, as a path and as a
// query value.
#include <map>
#include <string>

#include "check.h"
#include "http/message.h"

using namespace langso;

static std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s = fuzz::text(data, size);

  std::string out;
  if (percent_decode(s, out, false)) FUZZ_CHECK(out.size() <= s.size());
  if (percent_decode(s, out, true)) FUZZ_CHECK(out.size() <= s.size());
  std::map<std::string, std::string> q;
  parse_query(s, q);

  Request r;
  r.target = s;
  decode_target(r);
  FUZZ_CHECK(r.path.size() <= s.size());

  FUZZ_CHECK(percent_decode(percent_encode(s), out, true) && out == s);
  std::map<std::string, std::string> one;
  FUZZ_CHECK(parse_query("k=" + percent_encode(s) + "&x=1", one) && one.size() == 2 && one["k"] == s);
  r.target = "/api/v1/units/" + percent_encode(s) + "?q=" + percent_encode(s);
  decode_target(r);
  FUZZ_CHECK(r.path == "/api/v1/units/" + s && r.query.size() == 1 && r.query["q"] == s);
  return 0;
}
