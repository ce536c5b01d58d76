# liesym — build, test and tooling.  `make test` and `make demo` install what
# they need on a fresh Debian machine (tools/deps.sh), then build and run.

LUA      ?= lua5.4
CC       ?= cc
LUA_INC  ?= /usr/include/lua5.4
CFLAGS   ?= -O2 -g
WARN      = -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
ALLCFLAGS = $(CFLAGS) $(WARN) -fPIC -Iinclude -Isrc/core -Isrc/lua -I$(LUA_INC)
LIBS      = -llapacke -lopenblas -lfftw3_threads -lfftw3 -lm

CORE_SRC  = $(wildcard src/core/*.c)
LUA_SRC   = $(wildcard src/lua/*.c)
SRC       = $(CORE_SRC) $(LUA_SRC)

BUILD    ?= build
OBJ       = $(SRC:%.c=$(BUILD)/obj/%.o)
MODULE    = $(BUILD)/liesym/core.so

ASAN_BUILD = build-asan
# --ignore-lua: run the specs in this very process (.busted names lua5.4,
# which would otherwise make busted re-exec itself, out of valgrind's sight)
BUSTED     = $(LUA) /usr/bin/busted --ignore-lua
RUN_ENV    = LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" \
             LUA_CPATH="$(CURDIR)/$(BUILD)/?.so;;"

.PHONY: all deps test demo check-memory check-valgrind check-asan check-fuzz check-threads lint docs \
        embed-example bench bench-matrix bench-enforce bench-lieder bench-lieop bench-promote bench-promote-battery bench-recovery-grids bench-plots \
        bench-recovery bench-recovery-se bench-admm bench-sindy bench-fields bench-nn bench-nn-emlp bench-nn-rpp rockspec-check \
        clean

all: $(MODULE)

$(MODULE): $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared -o $@ $(OBJ) $(LDFLAGS) $(LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJ:.o=.d)

deps:
	@bash tools/deps.sh

test: deps
	@$(MAKE) --no-print-directory all
	@$(RUN_ENV) bash tools/run-specs.sh $(BUSTED)

demo: deps
	@$(MAKE) --no-print-directory all
	@$(RUN_ENV) $(LUA) examples/quickstart.lua
	@echo
	@$(RUN_ENV) $(LUA) examples/sindy.lua
	@echo
	@$(RUN_ENV) $(LUA) examples/fields.lua
	@echo
	@$(RUN_ENV) $(LUA) examples/nets.lua

# Memory checks: the specs under valgrind, then under AddressSanitizer.
# Specs tagged "external" spawn other programs (luarocks, the C host) and
# are left to `make test`; "heavy" ones (big dense solves, minutes under
# valgrind's emulation) run under AddressSanitizer only.
check-memory: deps check-valgrind check-asan

check-valgrind: all
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=1 bash tools/run-specs.sh \
	  valgrind -q --error-exitcode=99 --suppressions=tools/valgrind.supp \
	  --leak-check=no $(BUSTED) --exclude-tags=external,heavy

check-asan:
	@$(MAKE) --no-print-directory all BUILD=$(ASAN_BUILD) \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined"
	@LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" \
	  LUA_CPATH="$(CURDIR)/$(ASAN_BUILD)/?.so;;" \
	  LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:abort_on_error=0 \
	  bash tools/run-specs.sh $(BUSTED) --exclude-tags=external

# The fuzz harness (tools/fuzz.lua) under AddressSanitizer + UBSan:
# FUZZ_CALLS random and hostile calls for each of the FUZZ_SEEDS seeds.
FUZZ_CALLS ?= 20000
FUZZ_SEEDS ?= 1 2 3 4
check-fuzz: deps
	@$(MAKE) --no-print-directory all BUILD=$(ASAN_BUILD) \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined"
	@for s in $(FUZZ_SEEDS); do \
	  LUA_PATH="$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" \
	  LUA_CPATH="$(CURDIR)/$(ASAN_BUILD)/?.so;;" OPENBLAS_NUM_THREADS=1 \
	  LD_PRELOAD="$$($(CC) -print-file-name=libasan.so) $$($(CC) -print-file-name=libubsan.so)" \
	  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1:abort_on_error=0 \
	  $(LUA) tools/fuzz.lua $(FUZZ_CALLS) $$s || exit 1; done

# Two lua_States in two threads at once give one thread's results
# (tests/threads.c, on the module in build/; one BLAS thread each)
check-threads: deps all
	@$(CC) -std=c99 -D_POSIX_C_SOURCE=200112L -Wall -Wextra -O2 -I$(LUA_INC) \
	  -o $(BUILD)/threads tests/threads.c -llua5.4 -lpthread
	@OPENBLAS_NUM_THREADS=1 $(BUILD)/threads "$(CURDIR)/lua/?.lua;$(CURDIR)/lua/?/init.lua;;" \
	  "$(CURDIR)/$(BUILD)/?.so;;"

lint: deps
	luacheck lua spec examples bench tools

docs: deps
	ldoc .

embed-example: deps
	@$(MAKE) --no-print-directory -C examples/embed run

bench: bench-matrix bench-enforce bench-lieder bench-lieop bench-promote bench-admm bench-sindy \
       bench-fields bench-nn

# MLP training throughput against the same network in numpy
bench-nn: deps all
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=2 $(LUA) bench/nn_speed.lua

# EMLP's data-efficiency table (MLP and emlp on O5Synthetic and Inertia,
# n_train 30..3000, 3 seeds) through GNU parallel; about 45 minutes on 2 cores
bench-nn-emlp: deps all
	@bash bench/nn_data_efficiency.sh mlp,emlp "0 1 2"

# RPP's modified inertia: MLP, emlp O(3), residual emlp with promote
bench-nn-rpp: deps all
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=1 $(LUA) bench/nn_rpp.lua

# operators on fields: enforce on periodic grids against scipy's null_space,
# operator regression with promotion against least squares and ridge
bench-fields: deps all
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=2 $(LUA) bench/field_enforce.lua
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=2 $(LUA) bench/field_promote.lua

# SINDy against PySINDy's algorithms in numpy/scipy, and Yang et al.'s systems
bench-sindy: deps all
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=2 $(LUA) bench/sindy_speed.lua
	@$(RUN_ENV) OPENBLAS_NUM_THREADS=1 $(LUA) bench/sindy_yang.lua 50

bench-matrix: deps all
	@$(RUN_ENV) bash bench/run.sh matrix

bench-enforce: deps all
	@$(RUN_ENV) bash bench/run.sh enforce 1

bench-lieder: deps all
	@$(RUN_ENV) bash bench/run.sh lieder 3

# the one operator against the commit before it, case by case
bench-lieop: deps all
	@bash bench/lieop.sh

# promote against cvxopt's SDP solver on the same small problems
bench-promote: deps all
	@$(RUN_ENV) $(LUA) bench/promote.lua

# the paper's recovery experiment through GNU parallel (one job per binary
# search, a CSV shard each, merged): GRID = ortho_t (the reference grid,
# 81 cells x 10 seeds, with the comparison to the authors' medians),
# ortho_se or quad_se; SEEDS = 0-9; PARALLEL_ARGS go to parallel (e.g.
# --sshlogin host1,host2 --workdir ...). Then the pictures.
GRID ?= ortho_t
SEEDS ?= 0-9
REFERENCE ?= ../shared/reference/recovery_ortho_t_n.csv
bench-recovery: deps all
	@mkdir -p bench/figures
	@bash bench/recovery_grid.sh $(GRID) $(SEEDS) $(PARALLEL_ARGS)
	@$(RUN_ENV) $(LUA) bench/plot_recovery.lua bench/results/recovery_$(GRID).csv \
	  bench/figures/recovery_$(GRID) $(if $(filter ortho_t,$(GRID)),$(REFERENCE))

# all three grids of the paper (1,680 binary searches)
bench-recovery-grids: deps all
	@for g in ortho_t ortho_se quad_se; do $(MAKE) --no-print-directory bench-recovery GRID=$$g; done

# the gamma path's picture (bench/figures/promote_path.png, .svg)
bench-plots: deps all
	@mkdir -p bench/figures
	@$(RUN_ENV) $(LUA) bench/plot_path.lua bench/figures/promote_path

# the robustness battery: 3000 random small problems, each solve checked
# against its optimality conditions; the count of failures must be 0
bench-promote-battery: deps all
	@$(RUN_ENV) $(LUA) bench/promote_battery.lua $(BATTERY_ARGS)

# iterations of promote with and without its accelerations on two hard solves
bench-admm: deps all
	@$(RUN_ENV) $(LUA) bench/admm_variants.lua

# one ortho / se(m) binary search, d = 2, m = 30, r = 1, on both cores
bench-recovery-se: deps all
	@$(RUN_ENV) $(LUA) bench/recovery.lua --alg se --d 2 --m 30 --r 1 --seeds 0 --verbose

# liesym-scm-1.rockspec lists its C sources one by one: this fails when a
# src/**/*.c (or a lua/liesym/*.lua module) is missing from it, or when it
# names a file that is gone.  spec/packaging_spec.lua runs it too.
rockspec-check:
	@LUA=$(LUA) bash tools/check-rockspec.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) doc
	@$(MAKE) --no-print-directory -C examples/embed clean
