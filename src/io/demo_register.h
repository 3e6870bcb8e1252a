// The demo's household register (demo_register.cc): villages of Xã Cao Kỳ and
// Xã Tân Sơn and Thôn Nà Pầu of Xã Hoà Mục (today in Xã Tân Kỳ) with made-up
// people, fictional CCCDs and statuses gained over 2022–2025, partly through
// their teams' visits.
#pragma once
#include "engine/app.h"

namespace langso {

// After the demo's teams exist and before its periodic reports are approved
// (approval freezes the figures the visits add to).
void seed_demo_register(App& app);

}  // namespace langso
