# The two commands in the README: `make run` and `make test`. Both set themselves up.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: run test lint eval eval-gate bench fuzz mutate schema docs clean setup browser

# Accuracy gate: `--min METRIC=VALUE` thresholds just below the figures on data/raw (names as printed by
# `policyparse eval`); raise them when the figures improve, never lower them to let a change through.
EVAL_MIN ?= documents.paired_rate=0.99 sections.f1=0.99 targets.f1=0.98 targets.indicator_acc=0.98 \
            targets.qualifier_acc=0.99 responsibilities.f1=0.99 tables.found_rate=0.99 tables.col_acc=0.99 \
            tables.cell_acc=0.99 tables.item_acc=0.99 meta.acc=0.99

$(BIN)/python:
	$(PY) -m venv $(VENV)

# __init__.py holds the version (pyproject reads it): a new version reinstalls, so the metadata follows
$(STAMP): $(BIN)/python pyproject.toml src/policyparse/__init__.py
	$(BIN)/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/policyparse extract data/raw -o out/

# The review pages' tests (tests/test_review.py) run in Debian's headless Chromium, with a CJK font for the
# screenshots: installed here (as root, apt-get) on a machine that lacks them, so they never skip.
CHROMIUM_DEB_FILES := /usr/bin/chromium /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
browser:
	@for f in $(CHROMIUM_DEB_FILES); do [ -e $$f ] || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's chromium and fonts-wqy-zenhei for the review page tests (apt-get)"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-wqy-zenhei >/dev/null \
	  || { echo "could not install chromium: run as root, or install the packages chromium and fonts-wqy-zenhei"; exit 1; }; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory eval-gate

# ruff (a test dependency): pyflakes (F), bugbear (B), McCabe complexity over 15 (C901), lines over 120 (E501);
# the configuration and the functions still over the complexity budget are in pyproject.toml [tool.ruff]
lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench

eval: $(STAMP)
	$(BIN)/policyparse eval --gold data/gold data/raw

# tests/heldout: our own genre documents (work reports, regulations, 应急预案, gov.cn copies, web scrapes)
# with hand-made gold; written to find genre gaps, so now a development set, gated the same way.
HELDOUT_MIN ?= documents.paired_rate=0.99 sections.f1=0.99 targets.f1=0.96 targets.indicator_acc=0.98 \
            targets.qualifier_acc=0.98 responsibilities.f1=0.98 tables.found_rate=0.99 tables.col_acc=0.99 \
            tables.cell_acc=0.99 tables.item_acc=0.99 meta.acc=0.99

# tests/real: real documents (none written by us) with blind gold; the real development set (issue 14).
# Thresholds just below today's figures; raise them as the figures improve, never lower them to pass a change.
# (They are reset only when a new blind set joins: set13 brought 申报 form tables the parser reads badly,
# tables found 0.871 and cells 0.487, and lowered targets from 0.91 to 0.89; sets 14-15 brought indicator
# agreement to 0.940 and qualifiers to 0.991; set16 brought 24 unit-only brackets, responsibilities 0.965;
# sets 18-20 brought three work reports, a 申报 notice printed twice with its forms and a five-year plan whose 16
# 专栏 boxes are list-style: targets 0.897 -> 0.878, cells 0.50 -> 0.28, items 1.00 -> 0.95; sets 21-23 brought three
# more work reports (1986 and 2001 plan five-year periods in Chinese numerals) and metadata conventions the annotators
# split on: targets 0.865, metadata 0.949 after the fixes; sets 24-26 brought two standards guides whose tables print
# their cells run together (tables found 0.878 -> 0.859, cells 0.566 -> 0.446); sets 27-29 brought a 2022 development
# report whose statistics read as targets (targets 0.877 -> 0.840), a directory of 105 rows under category lines
# and six boxes without a 专栏 label (tables found 0.782, cells 0.329, items 0.923); sets 33-35 brought four
# standards guides printed without title, issuer or date (metadata 0.952 -> 0.945); set38 a 220-row standards
# table with two filled-down category cells (cells 0.322 -> 0.287); set37 a "十三五" plan with 130 targets
# (targets 0.855 -> 0.818, metadata 0.948, cells 0.251); sets 39-43 (session 4) brought a radio standard's two
# uncaptioned tables (found 0.814 -> 0.800, cells 0.251 -> 0.243); after the session's fixes and gold
# harmonisations targets 0.850, metadata 0.958; sets 44-48 brought seven undated work reports of 1978-1987 whose
# annotators count "第一，" lines as headings and date five-year rates (sections 0.988 -> 0.984, targets 0.850 ->
# 0.789 after this session's fixes, indicator 0.933 -> 0.920); the standards-list layout (cells 0.243 -> 0.334);
# sets 49-52 (351 files): targets 0.821 after the old reports' year rules (0.794 before), metadata 0.971; a caption above a fill-in line (cells 0.402);
# sets 53-58 (session 5, 387 files: the whole corpus): 36 regulations, first scores targets 1.000 but one village-housing
# regulation's area caps, metadata 0.872 (批准 vs 通过 dates); after the session's fixes targets 0.830, cells 0.413; see
# tests/real/README.md. Session 6 (issue 14 tables, branch tab6): blank forms, standards lists, the 属性 indicator
# table, 申请表 forms and unlabelled 建设重点 boxes: tables found 0.835 -> 0.939, cells 0.413 -> 0.820, items 0.934 -> 1.000.
# Session 7 (branch tab7): a form's grid beside a spanning first column, an annex that is a table, glued indicator
# groups named without their unit, layout G (measured values, a PDF copy): found 0.939 -> 0.983, columns 0.771 ->
# 0.904, cells 0.820 -> 0.911; the one table still out of reach (105 cells) has neither label nor title in its gold,
# so the scorer cannot pair it. Session 9: work reports' subscripts, modal words in indicators, budget lines and
# policy packages: targets 0.883 -> 0.886 (P 0.869 -> 0.876), indicators 0.923 -> 0.929.)
REAL_MIN ?= documents.paired_rate=0.98 sections.f1=0.985 targets.f1=0.88 targets.indicator_acc=0.92 \
            targets.qualifier_acc=0.975 responsibilities.f1=0.978 tables.found_rate=0.98 tables.col_acc=0.90 \
            tables.cell_acc=0.91 tables.item_acc=0.99 meta.acc=0.985
# tests/fresh: real documents from outside the shared corpus (other repositories, other provinces and genres), blind
# gold written in session 17 (F12, 11 files; F13, 8 files; first scores in tests/fresh/README.md); thresholds just
# below today's figures.
FRESH_MIN ?= documents.paired_rate=0.99 sections.f1=0.99 targets.f1=0.94 targets.indicator_acc=0.96 \
            targets.qualifier_acc=0.99 responsibilities.f1=0.93 tables.found_rate=0.99 tables.col_acc=0.99 \
            tables.cell_acc=0.91 tables.item_acc=0.99 meta.acc=0.91
# the national work reports: the GDP growth target of each report's own year (blind gold, tests/real/gdp_gold.yaml)
GDP_MIN ?= gdp.found_rate=1 gdp.none_rate=1

eval-gate: $(STAMP)
	$(BIN)/policyparse eval --gold data/gold data/raw $(addprefix --min ,$(EVAL_MIN))
	$(BIN)/policyparse eval --gold tests/heldout/gold tests/heldout/raw $(addprefix --min ,$(HELDOUT_MIN)) >/dev/null
	$(BIN)/policyparse eval --gold tests/real/gold tests/real/raw $(addprefix --min ,$(REAL_MIN)) >/dev/null
	$(BIN)/policyparse eval --gold tests/fresh/gold tests/fresh/raw $(addprefix --min ,$(FRESH_MIN)) >/dev/null
	$(BIN)/policyparse eval --gdp tests/real/gdp_gold.yaml tests/data/work_reports $(addprefix --min ,$(GDP_MIN)) >/dev/null

bench: $(STAMP) browser
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/review_bench.py

# the committed schema, and its copy shipped in the package (`schema --check` reads both)
schema: $(STAMP)
	$(BIN)/policyparse schema -o data/schemas/parse_result.schema.json
	$(BIN)/policyparse schema -o src/policyparse/schemas/parse_result.schema.json

# ≥ 10 000 generated inputs + the hostile files at 4x (a 20 MB line), each with a time limit; fixed seed;
# then the mutation fuzzer: 5 000 mutants of tests/data/real_sample through `extract --jobs 1/2`, every
# output checked (JSON, schema, strict models, spans against the source, determinism), LF/CRLF/CR parity
# reported apart. Options:
#   make fuzz FUZZ_ARGS="--count 500 --seed 7 --no-hostile --save fuzz-failures"
#   make fuzz MUTATE_ARGS="--count 1000 --seed 3 --no-parity --save mutate-failures"
#   make mutate MUTATE_ARGS=...           (the mutation fuzzer alone)
fuzz: $(STAMP)
	$(BIN)/python tools/fuzz.py $(FUZZ_ARGS)
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

mutate: $(STAMP)
	$(BIN)/python tools/mutate.py $(MUTATE_ARGS)

# docs/cli.md from the commands' --help (tests/test_clidoc.py fails when it is stale)
docs: $(STAMP)
	$(BIN)/python tools/clidoc.py

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info
