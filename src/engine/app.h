// The running application state: the store (the truth) and the in-memory
// indexes derived from it. Callers take lock() for the duration of a request;
// a request is short (index lookups and a few indexed SQL statements).
#pragma once
#include <memory>
#include <mutex>

#include "domain/coverage.h"
#include "domain/unit_index.h"
#include "store/store.h"

namespace langso {

class App {
 public:
  explicit App(std::unique_ptr<Store> store) : store_(std::move(store)) { rebuild(); }

  // Reloads every index from the store.
  void rebuild();

  std::unique_lock<std::mutex> lock() { return std::unique_lock(mu_); }
  Store& store() { return *store_; }
  UnitIndex& units() { return units_; }
  TeamSpans& spans() { return spans_; }

 private:
  std::mutex mu_;
  std::unique_ptr<Store> store_;
  UnitIndex units_;
  TeamSpans spans_;
};

}  // namespace langso
