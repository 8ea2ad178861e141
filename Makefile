# The two commands a newcomer needs, and the ones a contributor uses.
#   make run    set up, build, start a node with the demo data, print the URL
#   make test   set up, build, run every test (except the interop suite)
# See CONTRIBUTING.md for the rest.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DATA       ?= accord-data
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= 2
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=

.PHONY: all setup build web run test interop test-asan fuzz bench lint format clean

all: build

setup:
	scripts/setup

# Configure once; ninja rebuilds only what changed.
$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j $(JOBS)

# The dashboard, built with Vite into web/dist (served by the node at /).
web:
	cd web && npm run --silent build

run: build
	scripts/run-node $(BUILD) $(DATA) $(LISTEN)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -LE interop
	cd web && npm run --silent test

# Conformance against ../shared/data (fails, never skips, without it).
interop: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) -L interop

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: setup web
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DACCORD_SANITIZE=ON \
	  -DACCORD_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Every libFuzzer target for FUZZ_SECONDS each; a crash fails the target.
fuzz: setup
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DACCORD_FUZZ=ON -DACCORD_BUILD_TESTS=OFF -DACCORD_BUILD_BENCH=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	tools/run_fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	tools/run_benchmarks $(BUILD)

lint:
	python3 tools/check_layering .

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
