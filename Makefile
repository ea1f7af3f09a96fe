# customer_rel — built with PGXS.
#
#   make            build          make install    install into $(PG_CONFIG)'s server
#   make test       every suite    make demo       a worked example on a throwaway cluster
#   make bench      benchmarks     make installcheck   pg_regress against a running server
#   make test-versions   the suites on PostgreSQL 15, 17 and 18 (chroots cached in /var/cache)
#   make fuzz       libFuzzer harnesses, random seeds, FUZZ_SECONDS each (default 300)
#   make report     the demo shop's charts as one self-contained HTML file (build/report/)

EXTENSION  = customer_rel
MODULE_big = customer_rel
PG_CONFIG ?= pg_config

SRCS = $(sort $(wildcard src/*.c) $(wildcard src/core/*.c))
OBJS = $(SRCS:.c=.o)

# Version 1.0 is released: its install script sql/customer_rel--1.0.sql is frozen (never edited;
# test/t/upgrade.sh checks its checksum). Every change after it goes into an upgrade script
# sql/customer_rel--1.0--1.1.sql (and so on), with default_version in customer_rel.control
# moved to the new version; CREATE EXTENSION then runs 1.0 and the updates in turn.
DATA        = $(wildcard sql/$(EXTENSION)--*.sql)
EXTRA_CLEAN = results/ regression.diffs regression.out build/

# pg_regress inputs: every sql/*.sql that is not an extension script.
REGRESS      = $(sort $(basename $(notdir $(filter-out sql/$(EXTENSION)--%,$(wildcard sql/*.sql)))))
REGRESS_OPTS = --inputdir=.

# The version CREATE EXTENSION installs, compiled in for PostgreSQL 18's PG_MODULE_MAGIC_EXT.
CR_VERSION := $(shell sed -nE "s/^default_version = '([^']+)'/\1/p" $(EXTENSION).control)

# glibc's vector math library (src/core/vecmath.c) where the C library has it; without it the
# likelihood sweeps call the scalar libm functions.
CR_LIBMVEC := $(shell echo 'int main(void) { return 0; }' | $(CC) -x c - -lmvec -o /dev/null 2>/dev/null && echo -lmvec)
PG_CPPFLAGS = -I$(srcdir)/src -I$(srcdir)/src/core -DCR_MODULE_VERSION='"$(CR_VERSION)"' \
              $(if $(CR_LIBMVEC),-DCR_HAVE_LIBMVEC)
PG_CFLAGS   = -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers \
              -Werror=implicit-function-declaration $(if $(WERROR),-Werror)
SHLIB_LINK  = $(CR_LIBMVEC) -lm

PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifeq ($(PGXS),)
$(error pg_config not found or not working: install postgresql-server-dev-NN, or run 'make deps')
endif
include $(PGXS)

# PGXS tracks no header dependencies; the project is small, so any header change rebuilds all
# objects (a stale object compiled against an old prototype is worse than a 20 s build).
$(OBJS): $(wildcard src/*.h src/core/*.h)
src/customer_rel.o: $(EXTENSION).control

# Installs the server headers when they are missing (fresh Debian/Ubuntu machine).
deps:
	@sh test/deps.sh

test: deps
	@bash test/run_tests.sh

demo: deps
	@bash test/demo.sh

# The flags that build src/core on its own (unit tests, fuzzers, pure-C benchmarks): the same
# libmvec decision as the extension's.
.PHONY: core-flags
core-flags:
	@echo $(if $(CR_LIBMVEC),-DCR_HAVE_LIBMVEC) $(CR_LIBMVEC) -lm

# Longer fuzzing from random seeds (make test runs each harness 10 s from a fixed seed).
fuzz: deps
	@SUITES=fuzz FUZZ_SEED=0 FUZZ_SECONDS=$${FUZZ_SECONDS:-300} bash test/run_tests.sh

bench: deps
	@bash test/bench/run_bench.sh

.PHONY: deps test demo bench fuzz

# The unit, pg_regress and engine-free script suites on every supported PostgreSQL major version
# (15, 17, 18): the machine's own server, the others in cached Debian chroots (test/versions.sh).
test-versions: deps
	@bash test/versions.sh

.PHONY: test-versions

# The visual report of the demo shop: one self-contained HTML file (build/report/).
report: deps
	@bash test/report/make_report.sh

.PHONY: report
