#include "http/message.h"

namespace langso {

bool percent_decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      auto hexv = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      int hi = hexv(in[i + 1]), lo = hexv(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool parse_query(const std::string& qs, std::map<std::string, std::string>& out) {
  size_t i = 0;
  while (i < qs.size()) {
    size_t amp = qs.find('&', i);
    if (amp == std::string::npos) amp = qs.size();
    std::string part = qs.substr(i, amp - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string k, v;
      if (!percent_decode(part.substr(0, eq), k, true)) return false;
      if (eq != std::string::npos && !percent_decode(part.substr(eq + 1), v, true)) return false;
      out[k] = v;
    }
    i = amp + 1;
  }
  return true;
}

std::string cookie_value(const std::string& header, const std::string& name) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    size_t end = header.find(';', i);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + i, end - i);
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    i = end + 1;
  }
  return {};
}

void decode_target(Request& r) {
  size_t q = r.target.find('?');
  std::string raw_path = r.target.substr(0, q);
  if (!percent_decode(raw_path, r.path, false)) r.path = raw_path;
  r.query.clear();
  if (q != std::string::npos && !parse_query(r.target.substr(q + 1), r.query)) r.query.clear(), r.query["\x01"] = "";
}

}  // namespace langso
