# qda — the two commands of the README (make demo, make test) and the other standard targets.
SHELL     := /bin/bash
BUILD     ?= build
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
BIN       := $(BUILD)/bin
EXAMPLE   := examples/asesoria
EXAMPLES  := examples/asesoria examples/salud
PYTHON    := /usr/bin/python3

# Every Debian 12 package the build, the tests and the demo need: listed once, here.
DEB_PACKAGES := cmake g++ make pkg-config git \
  libcli11-dev libicu-dev libfmt-dev libspdlog-dev libyaml-cpp-dev libgtest-dev \
  libsimdjson-dev libvectorscan-dev libstemmer-dev lttoolbox-dev apertium-spa-cat libcg3-dev \
  libpugixml-dev libzip-dev libmimalloc-dev libxml2-utils \
  python3 python3-jsonschema python3-yaml python3-icu \
  clang libclang-rt-14-dev \
  chromium texlive-latex-base texlive-latex-recommended lmodern poppler-utils pandoc unzip help2man dpkg-dev fakeroot \
  parallel

.PHONY: all deps build test demo quality bench tables golden-update clean check-sanitize fuzz install deb check-deb

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "deps: all $(words $(DEB_PACKAGES)) packages present"; fi

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# Regenerate the expected outputs of the golden tests (review the diff before committing).
golden-update: build
	cd $(BUILD) && QDA_UPDATE_GOLDEN=1 ctest -R '^golden/' -j $(JOBS) >/dev/null || true
	git status --short tests/golden

demo: deps build
	@mkdir -p $(EXAMPLE)/out
	$(BIN)/qda-ingest -v $(EXAMPLE)/study.yaml -o $(EXAMPLE)/out/corpus.jsonl
	@echo "demo: wrote $(EXAMPLE)/out/corpus.jsonl ($$(grep -c '"kind":"participant"' $(EXAMPLE)/out/corpus.jsonl) participants, $$(grep -c '"kind":"doc"' $(EXAMPLE)/out/corpus.jsonl) docs)"
	for e in $(EXAMPLES); do bash $$e/pipeline.sh $(BIN) $$e/report || exit 1; done
	@echo "demo: the studies' reports are in $(EXAMPLES:%=%/report/) (report.md, report.html, report.tex, csv/)"

# Regenerate the committed example reports (make test fails while one differs from the pipeline's).
tables: build
	for e in $(EXAMPLES); do bash $$e/pipeline.sh $(BIN) $$e/report || exit 1; done
	@git status --short $(EXAMPLES:%=%/report) 2>/dev/null || true

clean:
	rm -rf $(BUILD)

# The tools, their man pages, bash completion, the record schemas and the examples under PREFIX
# (DESTDIR=… for a staging root), from $(BUILD).
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# A Debian package of portable binaries (no -march=native), built in $(DEB_BUILD): dist/qda_<version>_<arch>.deb.
DEB_BUILD ?= build-deb
deb: deps
	cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=Release -DQDA_NATIVE=OFF -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build $(DEB_BUILD) -j $(JOBS) --target qda-ingest qda-segment qda-code qda-rewrite qda-synthesize qda-report man
	bash tools/deb/build_deb.sh $(DEB_BUILD) dist

# make deb's package installed with apt on a clean Debian 12 (debootstrap --variant=minbase, as
# root), and each example study's pipeline run there from the installed tools, giving the committed
# report. Minutes, so not in make test (which checks the package and a dpkg --root install); the base
# system is kept in $(DEB_BUILD)/check-deb/bookworm-minbase.tar for the next run.
QDA_VERSION := $(shell sed -n 's/^project.qda VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
check-deb: deb
	@$(MAKE) --no-print-directory deps DEB_PACKAGES=debootstrap
	bash tests/install/deb_check.sh chroot dist/qda_$(QDA_VERSION)_$$(dpkg --print-architecture).deb . $(DEB_BUILD)/check-deb

# The held-out sets already scored: a set whose README still ends in "Not yet scored." is kept
# blind until someone scores it by hand and records its first contact.
SCORED_SETS = $(foreach d,$(wildcard tests/quality/heldout*/units.jsonl),$(if $(shell tail -n 1 $(dir $(d))README.md 2>/dev/null | grep -x 'Not yet scored.'),,$(d)))

# Pk and WindowDiff of qda-segment and three baselines against the researcher's gold segmentation.
quality: build
	$(BIN)/qda-ingest $(EXAMPLE)/study.yaml | $(BUILD)/tests/segment_quality $(EXAMPLE)/gold/segments.jsonl
	@mkdir -p $(BUILD)/heldout
	$(PYTHON) tests/quality/heldout/segments_from_units.py $(BUILD)/heldout/segments.jsonl > $(BUILD)/heldout/docs.jsonl
	$(BUILD)/tests/segment_quality $(BUILD)/heldout/segments.jsonl < $(BUILD)/heldout/docs.jsonl
	$(PYTHON) tests/quality/episode_quality.py $(BIN) tests/quality/heldout-episodes || [ $$? = 77 ]
	$(PYTHON) tests/quality/synthesize_quality.py $(BIN) . || [ $$? = 77 ]
	$(PYTHON) tests/quality/synthesize_quality.py $(BIN) . --example salud || [ $$? = 77 ]
	$(PYTHON) tests/quality/rewrite_quality.py -q $(BIN) . || [ $$? = 77 ]
	$(PYTHON) tests/quality/code_quality.py --bin $(BIN) --root . || [ $$? = 77 ]
	for u in $(SCORED_SETS); do $(PYTHON) tests/quality/code_quality.py --bin $(BIN) --root . --units $$u || [ $$? = 77 ] || exit 1; done
	$(PYTHON) tests/quality/code_baseline.py --bin $(BIN) --root . || [ $$? = 77 ]
	$(PYTHON) tests/quality/learning_curve.py --bin $(BIN) --root . --all --veto auto || [ $$? = 77 ]
	$(PYTHON) tests/quality/heldout_typing.py --bin $(BIN) --root . $(patsubst %,--units %,$(SCORED_SETS)) || [ $$? = 77 ]
	$(PYTHON) tests/quality/heldout_typing.py --bin $(BIN) --root . --learn 0.25 $(patsubst %,--units %,$(SCORED_SETS)) || [ $$? = 77 ]
	$(PYTHON) tests/quality/heldout_typing.py --bin $(BIN) --root . --learn 0.25 --veto auto $(patsubst %,--units %,$(SCORED_SETS)) || [ $$? = 77 ]

# Throughput and peak memory of qda-segment next to a PyICU splitter (BENCH_MB of generated docs).
BENCH_MB ?= 50
SYNTH_UNITS ?= 1000000
REWRITE_MB ?= 20
REWRITE_VARIED_MB ?= 5
CODE_MB ?= 50
LEARN_MB ?= 10
CHAIN_MB ?= 3
bench: build
	bash bench/run.sh $(BIN) $(BENCH_MB)
	bash bench/bench_synthesize.sh $(BIN) $(SYNTH_UNITS)
	bash bench/bench_rewrite.sh $(BIN) $(REWRITE_MB) $(REWRITE_VARIED_MB)
	bash bench/bench_code.sh $(BIN) $(CODE_MB)
	$(PYTHON) bench/growth.py $(BIN) .
	$(PYTHON) bench/bench_learn.py $(BIN) . $(LEARN_MB)
	$(PYTHON) bench/memory.py $(BIN) .
	$(PYTHON) bench/chain.py $(BIN) . $(CHAIN_MB)

# The whole test suite built by clang with AddressSanitizer and UndefinedBehaviorSanitizer
# (float-cast-overflow included) and libFuzzer's coverage instrumentation; a finding stops the
# test that met it. One tree serves make check-sanitize and make fuzz (its targets are built with
# the rest), so CI compiles the sources twice, not three times. quality/code-baseline is left out:
# its minute is Python's (a logistic regression), not the tools'.
SAN_BUILD ?= build-san
# Its own build type: -O1 and line tables (-g1) compile in less time than RelWithDebInfo and
# still give the sanitizers' reports file and line.
san-configure = cmake -S . -B $(1) -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g1" -DQDA_NATIVE=OFF \
  -DQDA_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
check-sanitize: deps
	$(call san-configure,$(SAN_BUILD))
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E '^quality/code-baseline$$'

# libFuzzer (clang) on each parser of outside input, FUZZ_SECONDS each, from the committed seeds in
# tests/fuzz/seeds/<target>; what it finds goes to $(FUZZ_BUILD)/findings/ and fails the target.
FUZZ_BUILD ?= $(SAN_BUILD)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := record csv transcript docx yaml markers study model refi
fuzz: deps
	$(call san-configure,$(FUZZ_BUILD))
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@mkdir -p $(FUZZ_BUILD)/findings
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/findings/$$t- \
	    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/seeds/$$t 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' ; \
	  [ $${PIPESTATUS[0]} = 0 ] || { echo "fuzz: $$t found a failure (see $(FUZZ_BUILD)/findings/)"; exit 1; }; \
	done
