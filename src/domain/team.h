// Teams (Tổ CNSCĐ) and their members. A person is identified by phone number
// and may sit in several teams; a Member is one membership.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/unit.h"

namespace langso {

struct Team {
  Id id = 0;
  Id unit_id = 0;
  std::string name;
  std::string decision_number;
  std::optional<Date> decision_date;
  std::string decision_issuer;
  Date active_from;
  std::optional<Date> active_to;  // last day active (inclusive), as written on a dissolution decision
  std::string zalo_link;
  int64_t zalo_members = 0;
  std::string notes;
  int64_t member_count = 0;  // derived

  Interval active() const { return {active_from, active_to ? Date{active_to->days + 1} : kMaxDate}; }
};

struct Member {
  Id id = 0;
  Id team_id = 0;
  Id person_id = 0;
  std::string full_name;
  std::string phone;
  std::string role;
  std::string affiliation;
  Date joined_on;
  std::optional<Date> left_on;
  std::optional<Date> trained_on;
};

struct Label {
  std::string_view code;
  std::string_view name;
};

std::span<const Label> member_roles();
std::span<const Label> affiliations();
const Label* find_label(std::span<const Label> labels, std::string_view code);

// Members are listed by given name (the last word), then full name, in
// Vietnamese order: the key of that order.
std::string member_order_key(const std::string& full_name);

// "0912 345 678", "+84912345678", "84912345678" -> "0912345678"; nullopt when
// it is not a Vietnamese mobile/landline number of 10 digits.
std::optional<std::string> normalize_phone(std::string_view raw);

}  // namespace langso
