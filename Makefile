# langso — the two commands: `make run` and `make test`.
PORT ?= 8080
DB ?= var/langso.db
BUILD ?= build

.PHONY: run test deps build server web clean

run: build
	@mkdir -p $(dir $(DB))
	$(BUILD)/langso serve --db $(DB) --listen 127.0.0.1:$(PORT) --demo

test: build
	cd $(BUILD) && ctest --output-on-failure --timeout 900

deps:
	scripts/install-deps.sh

build: deps server web

server:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD)

web:
	cd web && npm run build

clean:
	rm -rf $(BUILD) web/dist build-asan build-tsan build-fuzz
