#include "engine/app.h"

namespace langso {

void App::rebuild() {
  units_.clear();
  for (const Unit& u : store_->load_units()) units_.add_unit(u);
  for (const UnitLink& l : store_->load_links()) units_.add_link(l);
  spans_.clear();
  for (const Team& t : store_->all_teams()) spans_.put(t.id, t.unit_id, t.active());
}

}  // namespace langso
