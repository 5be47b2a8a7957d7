# qda — the two commands of the README (make demo, make test) and the other standard targets.
BUILD     ?= build
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
BIN       := $(BUILD)/bin
EXAMPLE   := examples/asesoria
PYTHON    := /usr/bin/python3

# Every Debian 12 package the build, the tests and the demo need: listed once, here.
DEB_PACKAGES := cmake g++ make pkg-config git \
  libcli11-dev libicu-dev libfmt-dev libspdlog-dev libyaml-cpp-dev libgtest-dev \
  libsimdjson-dev libvectorscan-dev libstemmer-dev lttoolbox-dev apertium-spa-cat libcg3-dev \
  libpugixml-dev libzip-dev \
  python3 python3-jsonschema python3-yaml python3-icu \
  chromium texlive-latex-base texlive-latex-recommended lmodern

.PHONY: all deps build test demo quality bench tables golden-update clean

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
	bash $(EXAMPLE)/pipeline.sh $(BIN) $(EXAMPLE)/report
	@echo "demo: the study's report is in $(EXAMPLE)/report/ (report.md, report.html, report.tex, csv/)"

# Regenerate the committed example report (make test fails while it differs from the pipeline's).
tables: build
	bash $(EXAMPLE)/pipeline.sh $(BIN) $(EXAMPLE)/report
	@git status --short $(EXAMPLE)/report 2>/dev/null || true

clean:
	rm -rf $(BUILD)

# Pk and WindowDiff of qda-segment and three baselines against the researcher's gold segmentation.
quality: build
	$(BIN)/qda-ingest $(EXAMPLE)/study.yaml | $(BUILD)/tests/segment_quality $(EXAMPLE)/gold/segments.jsonl
	@mkdir -p $(BUILD)/heldout
	$(PYTHON) tests/quality/heldout/segments_from_units.py $(BUILD)/heldout/segments.jsonl > $(BUILD)/heldout/docs.jsonl
	$(BUILD)/tests/segment_quality $(BUILD)/heldout/segments.jsonl < $(BUILD)/heldout/docs.jsonl
	$(PYTHON) tests/quality/synthesize_quality.py $(BIN) . || [ $$? = 77 ]
	$(PYTHON) tests/quality/rewrite_quality.py -q $(BIN) . || [ $$? = 77 ]
	$(PYTHON) tests/quality/code_quality.py --bin $(BIN) --root . || [ $$? = 77 ]
	for u in tests/quality/heldout*/units.jsonl; do $(PYTHON) tests/quality/code_quality.py --bin $(BIN) --root . --units $$u || [ $$? = 77 ] || exit 1; done
	$(PYTHON) tests/quality/code_baseline.py --bin $(BIN) --root . || [ $$? = 77 ]

# Throughput and peak memory of qda-segment next to a PyICU splitter (BENCH_MB of generated docs).
BENCH_MB ?= 50
SYNTH_UNITS ?= 1000000
REWRITE_MB ?= 20
CODE_MB ?= 50
bench: build
	bash bench/run.sh $(BIN) $(BENCH_MB)
	bash bench/bench_synthesize.sh $(BIN) $(SYNTH_UNITS)
	bash bench/bench_rewrite.sh $(BIN) $(REWRITE_MB)
	bash bench/bench_code.sh $(BIN) $(CODE_MB)
