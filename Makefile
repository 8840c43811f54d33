# Swirl top-level Makefile. See README.md.
#   make            library (shared + static), ffi header, PHP helper, examples
#   make check      every test suite, one summary line at the end
#   make demo       build and serve the demo on 127.0.0.1:9501
#   make bench      benchmarks (prints a table)
#   make deps       install the Debian packages that are missing
#   make install PREFIX=/usr/local
#   make SANITIZER=address|undefined check   (separate build directory)

SANITIZER ?=
ifeq ($(SANITIZER),)
BUILD ?= build
SANFLAGS :=
else
BUILD ?= build-$(SANITIZER)
SANFLAGS := -fsanitize=$(SANITIZER) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

CC ?= cc
PREFIX ?= /usr/local
PHP ?= php
PYTHON ?= /usr/bin/python3
OPT ?= -O2 -g
CFLAGS_COMMON := $(OPT) -Wall -Wextra -std=gnu11 -fPIC $(SANFLAGS)
CORE_CFLAGS := $(CFLAGS_COMMON) -DSWIRL_BUILDING -fvisibility=hidden -Iabi -Icore
CORE_LIBS := -luv -lhttp_parser -lssl -lcrypto -lpthread
SONAME := libswirl.so.0

CORE_SRC := $(wildcard core/*.c)
CORE_OBJ := $(patsubst core/%.c,$(BUILD)/obj/%.o,$(CORE_SRC))
LIB_SO := $(BUILD)/libswirl.so
LIB_A := $(BUILD)/libswirl.a
FFI_H := ffi/swirl_ffi.h
PHP_EXT := php/ext/modules/swirl_helper.so

EXAMPLES := $(BUILD)/examples/echo_server $(BUILD)/examples/http_server \
  $(BUILD)/examples/udp_echo
C_TEST_SRC := $(wildcard tests/c/test-*.c)
BENCH_BIN := $(BUILD)/bench/loadgen $(BUILD)/bench/raw_echo $(BUILD)/examples/echo_server \
  $(BUILD)/bench/raw_http $(BUILD)/bench/raw_udp $(BUILD)/bench/idle_conns \
  $(BUILD)/examples/http_server $(BUILD)/examples/udp_echo

.PHONY: check-all fuzz check-fuzz all lib php-ext examples check check-c check-abi abi-check check-python \
        check-php check-examples quickcheck demo bench deps install clean

all: lib $(FFI_H) examples php-ext

lib: $(LIB_SO) $(LIB_A)

$(BUILD)/obj/%.o: core/%.c core/*.h abi/swirl.h
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -c $< -o $@

$(LIB_SO): $(CORE_OBJ) abi/swirl.map
	$(CC) -shared $(SANFLAGS) -Wl,-soname,$(SONAME) -Wl,--version-script=abi/swirl.map \
	  -Wl,--no-undefined -o $(BUILD)/$(SONAME) $(CORE_OBJ) $(CORE_LIBS)
	ln -sf $(SONAME) $@

$(LIB_A): $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $(CORE_OBJ)

# The macro-free header for FFI::cdef and ctypes: includes dropped (FFI knows
# the fixed-width types), every macro expanded away by the preprocessor.
$(FFI_H): abi/swirl.h
	@mkdir -p ffi
	( echo '/* Generated from abi/swirl.h by make: do not edit. */'; \
	  sed '/^#include/d' abi/swirl.h | $(CC) -E -P -x c - | sed '/^\s*$$/d' ) > $@.tmp
	mv $@.tmp $@

# ------------------------------------------------------------------ PHP ext
php-ext: $(PHP_EXT)

$(PHP_EXT): php/ext/*.c php/ext/*.h php/ext/config.m4
	cd php/ext && { [ -f configure ] || phpize >/dev/null; } && \
	  { [ -f Makefile ] || ./configure >/dev/null; } && $(MAKE) -s >/dev/null

# ------------------------------------------------------------------ examples
examples: $(EXAMPLES)

$(BUILD)/examples/%: examples/c/%.c $(LIB_SO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -Iabi $< -o $@ -L$(BUILD) -lswirl -Wl,-rpath,'$$ORIGIN/..'

# ------------------------------------------------------------------ tests
$(BUILD)/tests/run-tests: tests/c/runner.c tests/c/test-list.h tests/c/task.h $(C_TEST_SRC) $(LIB_SO)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -Iabi -Itests/c tests/c/runner.c $(C_TEST_SRC) -o $@ \
	  -L$(BUILD) -lswirl -luv -lpthread -Wl,-rpath,'$$ORIGIN/..'

$(BUILD)/tests/abi_check: ffi/abi_check.c $(LIB_SO) $(FFI_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -Iabi ffi/abi_check.c -o $@ -lffi -ldl

RESULTS := $(BUILD)/results

check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check-all

check-all:
	@rm -rf $(RESULTS); mkdir -p $(RESULTS)
	-@$(MAKE) --no-print-directory check-c
	-@$(MAKE) --no-print-directory abi-check
	-@$(MAKE) --no-print-directory check-python
	@if [ -z "$(SANITIZER)" ]; then \
	  $(MAKE) --no-print-directory check-php; \
	  $(MAKE) --no-print-directory check-examples; \
	  $(MAKE) --no-print-directory check-fuzz; fi; true
	@SANITIZER=$(SANITIZER) tests/summary.sh $(RESULTS)

check-c: $(BUILD)/tests/run-tests
	@mkdir -p $(RESULTS)
	$(BUILD)/tests/run-tests --results $(RESULTS)/c

check-abi abi-check: $(BUILD)/tests/abi_check $(FFI_H)
	@mkdir -p $(RESULTS)
	SWIRL_LIB=$(LIB_SO) $(BUILD)/tests/abi_check $(FFI_H) --results $(RESULTS)/abi

check-python: lib
	@mkdir -p $(RESULTS)
	SWIRL_LIB=$(CURDIR)/$(LIB_SO) SWIRL_SANITIZER=$(SANITIZER) tests/run-pytest.sh $(RESULTS)/python

check-php: all
	@mkdir -p $(RESULTS)
	tests/run-phpt.sh $(RESULTS)/php

check-examples: all
	@mkdir -p $(RESULTS)
	tests/smoke.sh $(BUILD) $(RESULTS)/examples

quickcheck: all
	$(BUILD)/tests/run-tests

demo: deps
	@$(MAKE) --no-print-directory all
	@echo "Swirl demo: HTTP page with a WebSocket chat on http://127.0.0.1:9501/ (examples/php/demo.php)."
	@echo "Open it in a browser (several tabs make a room); Ctrl-C stops it."
	exec php/bin/swirl-php examples/php/demo.php

bench: all $(BENCH_BIN)
	tests/bench/run.sh $(BUILD)

$(BUILD)/bench/%: tests/bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O2 $< -o $@ -luv -lpthread

# The load generator speaks TLS too (loadgen --tls).
$(BUILD)/bench/loadgen: tests/bench/loadgen.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O2 $< -o $@ -lssl -lcrypto

# ------------------------------------------------------------------ deps
DEB_PACKAGES := build-essential pkg-config libuv1-dev libhttp-parser-dev libssl-dev \
  libffi-dev php8.2-cli php8.2-dev python3 python3-pytest curl wrk netcat-openbsd procps \
  clang libclang-rt-14-dev openssl

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all dependencies present"; fi

# ------------------------------------------------------------------ install
install: lib $(FFI_H)
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/share/swirl
	install -m 755 $(BUILD)/$(SONAME) $(DESTDIR)$(PREFIX)/lib/
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libswirl.so
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 abi/swirl.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(FFI_H) $(DESTDIR)$(PREFIX)/share/swirl/
	sed -e 's|@PREFIX@|$(PREFIX)|g' abi/swirl.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/swirl.pc

clean:
	rm -rf build build-* $(FFI_H)
	-cd php/ext && { [ -f Makefile ] && $(MAKE) -s clean; phpize --clean >/dev/null 2>&1; }; true

# ------------------------------------------------------------------ fuzz
# libFuzzer on the HTTP / WebSocket request parsers, with AddressSanitizer.
# `make fuzz` runs for FUZZ_SECONDS (default 300); `make check` runs it briefly.
FUZZ_SECONDS ?= 300
FUZZ_BUILD := build-fuzz
FUZZ_CFLAGS := -O1 -g -std=gnu11 -fsanitize=fuzzer-no-link,address -Iabi -Icore -DSWIRL_BUILDING

$(FUZZ_BUILD)/fuzz_http: tests/fuzz/fuzz_http.c $(CORE_SRC) core/*.h abi/swirl.h
	@mkdir -p $(FUZZ_BUILD)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address tests/fuzz/fuzz_http.c $(CORE_SRC) \
	  -o $@ $(CORE_LIBS)

fuzz: $(FUZZ_BUILD)/fuzz_http
	@mkdir -p $(FUZZ_BUILD)/corpus
	$(FUZZ_BUILD)/fuzz_http -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -artifact_prefix=$(FUZZ_BUILD)/ \
	  $(FUZZ_BUILD)/corpus tests/fuzz/corpus

check-fuzz: $(FUZZ_BUILD)/fuzz_http
	@mkdir -p $(RESULTS) $(FUZZ_BUILD)/corpus
	tests/run-fuzz.sh $(FUZZ_BUILD)/fuzz_http $(RESULTS)/fuzz
