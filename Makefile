# nsprobe suite — build, test and install.
#
#   make            build build/nsharness and every probe
#   make check      CUnit self-tests, then every kernel suite through nsharness
#                   (TAP, JUnit and a KCIDB file checked against kcidb-io's rules)
#   make run        every kernel suite on the running kernel, TAP on stdout
#   make install    PREFIX=/usr/local DESTDIR= (bin/, libexec/nsprobe, share/nsprobe)
#   make uninstall  the same variables: removes exactly what install put there
#   make deps       install (as root with apt-get) or print the build dependencies
#
# Variables: CFLAGS, LDFLAGS, CC, PREFIX, DESTDIR, NSHARNESS_FLAGS (extra
# runner options for check/run, e.g. NSHARNESS_FLAGS="-j1 --filter 'uts.*'").

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/nsprobe
DATADIR    ?= $(PREFIX)/share/nsprobe
MANDIR     ?= $(PREFIX)/share/man
# SANITIZE=address,undefined builds everything with those sanitizers, in
# its own tree so sanitized and plain objects never mix
SANITIZE   ?=
B          ?= build$(if $(SANITIZE),-san)

PKGS := libmnl libcgroup cunit zlib jansson
CC   ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-missing-field-initializers
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# only the self-tests link CUnit: every program pays for each library it
# loads, and libcgroup and zlib are linked statically where the static
# archives exist (Debian ships them): 0.5 ms less per container launch
STATIC_OK  := $(and $(wildcard $(shell $(CC) -print-file-name=libcgroup.a)),$(wildcard $(shell $(CC) -print-file-name=libz.a)))
comma := ,
PKG_LIBS   := $(if $(STATIC_OK),$(shell pkg-config --libs libmnl 2>/dev/null) \
	-Wl$(comma)-Bstatic -lcgroup -lz -Wl$(comma)-Bdynamic,$(shell pkg-config --libs libmnl libcgroup zlib 2>/dev/null))
# only the runner writes JSON (OCI bundles for nsharness --runtime); static
# where Debian ships the archive: loading one more .so costs every
# nsharness process, exec included, about 0.15 ms (make bench)
JSON_LIBS  := $(if $(wildcard $(shell $(CC) -print-file-name=libjansson.a)),-Wl$(comma)-Bstatic -ljansson -Wl$(comma)-Bdynamic,$(shell pkg-config --libs jansson 2>/dev/null))
CUNIT_LIBS := $(shell pkg-config --libs cunit 2>/dev/null)
# includes name their folder ("lib/err.h", "runtime/launch.h",
# "fixtures/twoside.h"): the two roots below, nothing flatter
override CPPFLAGS += -D_GNU_SOURCE -Iharness -I. \
	-DNSP_LIBEXECDIR='"$(LIBEXECDIR)"' -DNSP_DATADIR='"$(DATADIR)"'
override CFLAGS += -std=gnu11 $(WARN) $(PKG_CFLAGS) -MMD -MP
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=$(SANITIZE)
endif

# the layers, each linked only with those below it (see README, Architecture):
#   lib <- runtime <- fixtures <- probes;  runner, nsprobe <- runtime <- lib
LIB_SRC      := $(wildcard harness/lib/*.c)
RUNTIME_SRC  := $(wildcard harness/runtime/*.c)
FIXTURE_SRC  := $(wildcard fixtures/*.c)
RUNNER_SRC   := $(filter-out harness/runner/nsharness.c,$(wildcard harness/runner/*.c))
NSPROBE_SRC  := $(wildcard harness/nsprobe/*.c)
PROBE_SRC    := $(wildcard probes/*.c)
UNIT_SRC     := $(wildcard harness/tests/unit/*.c)
TESTPROG_SRC := $(wildcard harness/tests/progs/*.c)

# quiet by default; V=1 shows the commands
Q := $(if $(V),,@)
obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
LIBLIB     := $(B)/liblib.a
LIBRUNTIME := $(B)/libruntime.a
LIBFIXTURE := $(B)/libfixtures.a
LIBRUNNER  := $(B)/librunner.a
PROBES   := $(patsubst probes/%.c,$(B)/probes/%,$(PROBE_SRC))
SELFPROGS := $(patsubst harness/tests/progs/%.c,$(B)/selftest/progs/%,$(TESTPROG_SRC))
# LD_PRELOAD shims the runner's tests use to break what the runner relies on
SHIMS     := $(patsubst harness/tests/shim/%.c,$(B)/selftest/%.so,$(wildcard harness/tests/shim/*.c))
NSHARNESS := $(B)/nsharness
NSPROBE   := $(B)/nsprobe
SELFTEST  := $(B)/selftest/selftest
RUNTIME_LIBS := $(LIBRUNTIME) $(LIBLIB) $(PKG_LIBS)

# objects made through pattern rules are kept, so a second make is a no-op
.SECONDARY:

.PHONY: all check run install uninstall deps ensure-deps layers selftest trust-check kernel-check install-check bench bench-limits stress fuzz clean
all: $(NSHARNESS) $(NSPROBE) $(PROBES)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBLIB): $(call obj,$(LIB_SRC))
$(LIBRUNTIME): $(call obj,$(RUNTIME_SRC))
$(LIBFIXTURE): $(call obj,$(FIXTURE_SRC))
$(LIBRUNNER): $(call obj,$(RUNNER_SRC))
$(LIBLIB) $(LIBRUNTIME) $(LIBFIXTURE) $(LIBRUNNER):
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(NSHARNESS): $(call obj,harness/runner/nsharness.c) $(LIBRUNNER) $(LIBRUNTIME) $(LIBLIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBRUNNER) $(RUNTIME_LIBS) $(JSON_LIBS)

$(NSPROBE): $(call obj,$(NSPROBE_SRC)) $(LIBRUNTIME) $(LIBLIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(call obj,$(NSPROBE_SRC)) $(RUNTIME_LIBS)

$(B)/probes/%: $(B)/obj/probes/%.o $(LIBFIXTURE) $(LIBRUNTIME) $(LIBLIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBFIXTURE) $(RUNTIME_LIBS)

$(B)/selftest/progs/%: $(B)/obj/harness/tests/progs/%.o $(LIBLIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBLIB)

$(B)/selftest/%.so: harness/tests/shim/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SHIM    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -shared -o $@ $<

$(SELFTEST): $(call obj,$(UNIT_SRC)) $(LIBRUNNER) $(LIBFIXTURE) $(LIBRUNTIME) $(LIBLIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(call obj,$(UNIT_SRC)) $(LIBRUNNER) $(LIBFIXTURE) $(RUNTIME_LIBS) $(JSON_LIBS) $(CUNIT_LIBS)

# --- dependencies -----------------------------------------------------------
# check and run re-enter make once the dependencies are there, because the
# pkg-config flags above are computed when the Makefile is read.
deps:
	@ci/deps.sh install

ensure-deps:
	@{ pkg-config --exists $(PKGS) && command -v bwrap && command -v runc; } >/dev/null 2>&1 || \
		ci/deps.sh install

# --- tests ------------------------------------------------------------------
check: ensure-deps
	@ci/layers.sh
	@python3 ci/report.py --self-test
	@$(MAKE) --no-print-directory selftest
	@$(MAKE) --no-print-directory trust-check
	@$(MAKE) --no-print-directory kernel-check
	@$(MAKE) --no-print-directory install-check

# no false pass (--role inside without its namespace) and no false fail
# (the suites nested in a pid and a user namespace)
trust-check: $(NSHARNESS) $(PROBES)
	@B=$(B) ci/inside-absent.sh
	@B=$(B) ci/nested.sh
	@B=$(B) ci/runtime-detect.sh

# the include rule of the tree: every include names its folder, none points up
layers:
	@GRAPH=1 ci/layers.sh

selftest: $(SELFTEST) $(SELFPROGS) $(SHIMS) $(NSHARNESS) $(NSPROBE) $(PROBES)
	NSP_BUILD_DIR=$(B) $(SELFTEST)

# the TAP, JUnit and KCIDB copies are what CI validates and publishes; the
# KCIDB file is checked against kcidb-io's rules and the TAP (ci/kcidb/test.sh)
kernel-check: $(NSHARNESS) $(NSPROBE) $(PROBES)
	$(NSHARNESS) --tap $(B)/kernel.tap --junit $(B)/kernel.xml --kcidb $(B)/kernel.kcidb.json $(NSHARNESS_FLAGS)
	@ci/kcidb/test.sh $(B)/kernel.kcidb.json $(B)/kernel.tap

# the installed tree gives the build tree's totals; uninstall leaves nothing
install-check: $(NSHARNESS) $(NSPROBE) $(PROBES)
	@B=$(B) ci/install-check.sh $(NSHARNESS_FLAGS)

run: ensure-deps
	@$(MAKE) --no-print-directory all >&2
	@$(NSHARNESS) $(NSHARNESS_FLAGS)

# --- runtime conformance -------------------------------------------------------
# every probe's inside role under every runtime that can run here (core,
# unshare, bwrap, runc; crun in the cgroup v2 VM; podman, docker when
# installed): ci/report/conformance.md and its REPORT.md section
.PHONY: conformance
conformance: ensure-deps
	@B=$(B) ci/conformance.sh

# --- benchmark ---------------------------------------------------------------
# container launch cost vs unshare, bwrap and runc (RUNS=200 by default)
bench: ensure-deps
	@ci/bench.sh

# the pids, cpu, cpuset and io suites' run time against their 10 s goal
# (RUNS=5 by default), results/bench-limits.txt
bench-limits: all
	@B=$(B) ci/bench-limits.sh

# every suite RUNS times (30) with -j JOBS (64) under stress-ng LOAD
# ("--cpu 4 --vm 2"), both niced: counts of not ok per check, results/stress.txt
stress: ensure-deps
	@B=$(B) ci/stress.sh

# --- install ----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/suites
	install -m 0755 $(NSHARNESS) $(NSPROBE) $(DESTDIR)$(BINDIR)/
	install -m 0755 $(PROBES) $(DESTDIR)$(LIBEXECDIR)/
	install -m 0644 $(wildcard suites/*.suite) $(DESTDIR)$(DATADIR)/suites/
	install -d $(DESTDIR)$(DATADIR)/runtimes
	install -m 0644 $(wildcard harness/runner/runtimes/*.profile) $(DESTDIR)$(DATADIR)/runtimes/
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 harness/runner/nsharness.1 harness/nsprobe/nsprobe.1 $(DESTDIR)$(MANDIR)/man1/

# removes what install put there, and our own directories once empty
MANPAGES := nsharness.1 nsprobe.1
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsharness $(DESTDIR)$(BINDIR)/nsprobe
	rm -f $(addprefix $(DESTDIR)$(LIBEXECDIR)/,$(notdir $(PROBES)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/suites/,$(notdir $(wildcard suites/*.suite)))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/runtimes/,$(notdir $(wildcard harness/runner/runtimes/*.profile)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(MANPAGES))
	for d in $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/suites $(DESTDIR)$(DATADIR)/runtimes \
		$(DESTDIR)$(DATADIR); do \
		if [ -d "$$d" ]; then rmdir "$$d" || exit 1; fi; \
	done

# --- fuzzing ------------------------------------------------------------------
# every parser of outside input under libFuzzer (clang), FUZZ_SECONDS each,
# starting from the corpus in harness/tests/fuzz/corpus/<target>/ (kept in git;
# a crash found is fixed and its input added there as a regression case)
FUZZ_SECONDS ?= 20
FUZZ_DIR  := harness/tests/fuzz
FUZZ_SRC  := $(wildcard $(FUZZ_DIR)/fuzz_*.c)
FUZZ_BINS := $(patsubst $(FUZZ_DIR)/%.c,build-fuzz/%,$(FUZZ_SRC))
FUZZ_LIB_SRC := $(LIB_SRC) $(RUNTIME_SRC) $(RUNNER_SRC)
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Iharness -I. \
	$(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined

build-fuzz/%: $(FUZZ_DIR)/%.c $(FUZZ_LIB_SRC)
	@mkdir -p $(dir $@)
	@echo "  FUZZ-CC $@"
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB_SRC) $(shell pkg-config --libs libmnl libcgroup zlib jansson)

# new inputs go to build-fuzz/corpus (the committed corpus stays as it is);
# a crash stops the run with its log, artifacts under build-fuzz/
fuzz: $(FUZZ_BINS)
	@set -e; for f in $(FUZZ_BINS); do \
		name=$$(basename $$f); \
		mkdir -p $(FUZZ_DIR)/corpus/$$name build-fuzz/corpus/$$name; \
		echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
		if ! $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=0 \
			-artifact_prefix=build-fuzz/$$name- \
			build-fuzz/corpus/$$name $(FUZZ_DIR)/corpus/$$name \
			> build-fuzz/$$name.log 2>&1; then \
			tail -n 30 build-fuzz/$$name.log; exit 1; \
		fi; \
		tail -n 1 build-fuzz/$$name.log; \
	done

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
# --- kernel matrix (check-vm, matrix, report) ---
#   make check-vm KVER=<Debian kernel> [CGROUP=v2|v1|hybrid] [MEM=1024M]
#                 every suite in a QEMU guest (TCG; ACCEL=kvm to ask for KVM)
#                 booted on that kernel, fetched with its modules into a cache
#                 (ci/kernel-fetch.sh: apt-get download + dpkg-deb -x, nothing
#                 installed): KVER is a release (7.3.4+deb13-amd64,
#                 6.1.0-57-cloud-amd64) or a series (6.1-cloud, 6.12, 6.12-rt,
#                 trixie-backports, sid); results/<release>-<CGROUP>/
#                 {tap,junit.xml,console.log,meta}
#   make check-vm KERNEL=<bzImage> [MODULES=<its /lib/modules/<release>>|none]
#                 the same with a kernel image of your own
#   make matrix [-j N]  the host kernel plus Debian's 6.1 (cloud, generic),
#                 6.12 (generic, rt), 6.17, the newest trixie-backports and sid
#                 kernels in their cgroup layouts (MATRIX="host 6.12:v2 ..." to
#                 choose), N at once within CPUs and memory; REPORT.md
#   make lava [KVER=6.12] [CGROUP=v2]  the LAVA job (ci/lava/) run by Debian's
#                 lava-dispatcher (lava-run, QEMU device), its test cases
#                 compared with a direct run of the same kernel
#   make report   REPORT.md from results/
#   make musl-check  musl-gcc -c of every libc-only source into $(B)/musl/
CGROUP ?= v2
MEM    ?= 1024M
# the N of `make matrix -j N` (a bare -j: as many as CPUs and memory allow)
MATRIX_JOBS = $(or $(patsubst -j%,%,$(filter -j%,$(MAKEFLAGS))),$(if $(filter -j,$(MAKEFLAGS)),$(shell nproc)),1)
.PHONY: check-vm fault-modes matrix lava report musl-check
check-vm:
	@test -n "$(KVER)$(KERNEL)" || { echo "usage: make check-vm KVER=<Debian kernel release or series> | KERNEL=<bzImage> [MODULES=<dir>|none] [CGROUP=v2|v1|hybrid] [MEM=1024M]" >&2; exit 64; }
	@ci/vm-deps.sh
	@$(MAKE) --no-print-directory all
	@NO_BUILD=1 B=$(B) ci/check-vm.sh "$(or $(KVER),$(KERNEL))" "$(CGROUP)" "$(MEM)" "$(MODULES)"

# every probe's every --fault mode must turn its checks not ok
# (ci/fault-modes.sh); with KVER= [CGROUP=] the same in a check-vm guest
fault-modes:
	$(if $(KVER),@ci/vm-deps.sh)
	@$(MAKE) --no-print-directory all
	@B=$(B) ci/fault-modes.sh $(if $(KVER),--vm "$(KVER)" "$(CGROUP)")

matrix:
	@ci/vm-deps.sh
	@$(MAKE) --no-print-directory all
	@NO_BUILD=1 B=$(B) MEM=$(MEM) ci/matrix.sh -j $(MATRIX_JOBS)

lava:
	@ci/vm-deps.sh
	@$(MAKE) --no-print-directory all
	@NO_BUILD=1 B=$(B) ci/lava/run.sh "$(or $(KVER),6.12)" "$(CGROUP)"

report:
	@ci/report.sh

musl-check:
	@B=$(B) ci/musl-check.sh
