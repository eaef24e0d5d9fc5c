# briefgen: `make` sets up .venv and builds every brief and pack; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
OUT    := output
STAMPS := $(OUT)/.make

BRIEFS  := $(sort $(wildcard content/*.yaml content/*.json))
FIGURES := $(wildcard content/figures/*)
PACKS   := $(wildcard content/packs/*.yaml)
PACK_PDFS := $(patsubst content/packs/%.yaml,$(OUT)/%.pdf,$(PACKS))
CODE    := $(shell find briefgen -type f -name '*.py' 2>/dev/null) pyproject.toml
LAYOUTS := $(shell find briefgen/layouts -type f -not -path '*/fonts/scripts/*' -not -name '*.py' -not -path '*/__pycache__/*' 2>/dev/null)
DEPS    := $(OUT)/.deps
FONT_MANIFEST := briefgen/layouts/base/fonts/fetch.yaml
FONTS   := $(FONT_MANIFEST) briefgen/interface/fonts.py

.PHONY: all setup fonts browser test update-golden previews bench bench-scripts conformance catalogs clean distclean
.DELETE_ON_ERROR:

all: $(STAMPS)/briefs $(PACK_PDFS)

setup: $(READY)

$(READY): pyproject.toml $(FONTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/briefgen fonts
	@$(MAKE) --no-print-directory browser
	$(BIN)/python -m compileall -q briefgen  # bytecode even where PYTHONDONTWRITEBYTECODE is set (CI images)
	touch $@

# Korean, Japanese, Chinese, Arabic-script and Hebrew fonts (≈ 350 MB to download once, kept in
# ~/.cache/briefgen/downloads): `briefgen fonts` extracts them into ~/.cache/briefgen/script-fonts
# (or $BRIEFGEN_FONTS) with the set-up, again when the manifest changes; `make fonts` puts back
# any that went missing.
fonts: $(READY)
	$(BIN)/briefgen fonts

# Every brief in one briefgen process. After a change to the code, a layout or a figure, all of them;
# after a change to briefs alone, only those ($?).
$(STAMPS)/briefs: $(BRIEFS) $(FIGURES) $(LAYOUTS) $(CODE) $(READY)
	@mkdir -p $(STAMPS)
	$(BIN)/briefgen build $(if $(filter-out $(BRIEFS),$?),$(BRIEFS),$(filter $(BRIEFS),$?)) --out $(OUT)
	@touch $@

# A pack after the briefs (it reuses their PDFs); it rebuilds only when its manifest, one of its
# own items or one of its layouts changed: briefgen pack --deps records them in $(DEPS)/<pack>.d.
$(OUT)/%.pdf: content/packs/%.yaml $(CODE) $(READY) | $(STAMPS)/briefs
	@mkdir -p $(DEPS)
	$(BIN)/briefgen pack $< --out $@ --jobs 1 --deps $(DEPS)/$*.d

-include $(wildcard $(DEPS)/*.d)

# Headless chromium for the preview's browser tests (they are skipped without one): installed with
# apt-get where that can be done (root, apt-get, not installed yet), quietly; the set-up never fails on it.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && export DEBIAN_FRONTEND=noninteractive && \
	    { apt-get install -y -qq chromium >/dev/null 2>&1 || \
	      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }; }; } || true

# `make SINCE=v12`: change-tracked editions of every brief against its own file in git revision v12
# (a tag, a branch, HEAD~3), written beside the plain ones as output/<id>-<format>-since-<date>.pdf
# (docs/pipelines.md). Briefs that were not in v12 have no previous edition and are left out. The
# stamp is named by the commit v12 points to, so moving the tag builds them again.
SINCE ?=
ifneq ($(SINCE),)
SINCE_COMMIT := $(shell git rev-parse --verify --quiet '$(SINCE)^{commit}' 2>/dev/null)
SINCE_BRIEFS := $(filter $(BRIEFS),$(shell git ls-tree -r --name-only '$(SINCE)' -- content 2>/dev/null))
ifeq ($(SINCE_COMMIT),)
$(error SINCE=$(SINCE): no such git revision here)
endif
all: $(STAMPS)/since-$(SINCE_COMMIT)
$(STAMPS)/since-$(SINCE_COMMIT): $(SINCE_BRIEFS) $(FIGURES) $(LAYOUTS) $(CODE) $(READY) | $(STAMPS)/briefs
	@mkdir -p $(STAMPS) $(DEPS)
	$(if $(SINCE_BRIEFS),$(BIN)/briefgen build $(SINCE_BRIEFS) --since '$(SINCE)' --out $(OUT) --deps $(DEPS)/since.d,@echo "no brief of content/ was in $(SINCE)")
	@touch $@
endif

test: $(READY)
	$(BIN)/python -m pytest

update-golden: $(READY)
	BRIEFGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/products/test_golden.py -q

# PNG previews of the example (and of the every-script test brief), shown in the README.
previews: all
	$(BIN)/briefgen build tests/fixtures/scripts.yaml --format long-form --out $(OUT)/previews --quiet
	$(BIN)/briefgen build tests/fixtures/languages/fr.yaml tests/fixtures/languages/ar.yaml --format one-page --out $(OUT)/previews --quiet
	$(BIN)/python scripts/previews.py $(OUT) docs/img

# The furniture catalogs (docs/languages.md): extract every printed word that is not content from the
# templates, the Python and the layouts' layout.yaml into briefgen.pot, then merge it into each
# language's briefgen.po (new messages come in untranslated; briefgen warns until they are translated).
LOCALE := briefgen/layouts/base/locale
catalogs: $(READY)
	$(BIN)/pybabel extract -F babel.cfg -k pgettext:1c,2 -k npgettext:1c,2,3 --no-location --sort-output \
	  --project briefgen --copyright-holder "briefgen contributors" --msgid-bugs-address "" -o $(LOCALE)/briefgen.pot . 2>/dev/null
	$(BIN)/pybabel update -i $(LOCALE)/briefgen.pot -d $(LOCALE) -D briefgen --no-fuzzy-matching --width 100

# `make bench BENCH_ARGS=--quick` for a shorter run without the 500-page and 200-brief scaling runs.
bench: $(READY)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# What Korean, Japanese, Arabic and Hebrew text costs against Latin (a section of docs/benchmarks.md).
bench-scripts: $(READY)
	$(BIN)/python bench/scripts_cost.py

# veraPDF (PDF/UA-1 and PDF/A-2u) over the examples, every test fixture and their packs, on A4 and
# Letter. Needs Java: ../shared/tools/verapdf/install.sh (or $$VERAPDF_INSTALL) sets it up once.
VERAPDF_INSTALL ?= ../shared/tools/verapdf/install.sh
CONFORMANCE := $(OUT)/conformance
conformance: all
	@test -f $(VERAPDF_INSTALL) || { echo "veraPDF installer not found at $(VERAPDF_INSTALL); set VERAPDF_INSTALL"; exit 2; }
	rm -rf $(CONFORMANCE)
	for paper in a4 letter; do \
	  $(BIN)/briefgen build content/*.yaml tests/fixtures/*.yaml --paper $$paper --out $(CONFORMANCE)/$$paper --jobs 2 2>/dev/null && \
	  $(BIN)/briefgen pack tests/fixtures/packs/tlp.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/tlp-pack.pdf 2>/dev/null && \
	  $(BIN)/briefgen pack content/packs/korea-desk.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/korea-desk.pdf 2>/dev/null && \
	  $(BIN)/briefgen build tests/fixtures/languages/*.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/languages --jobs 2 2>/dev/null && \
	  $(BIN)/briefgen build $$(ls tests/fixtures/markings/*.yaml | grep -v /pack-) --paper $$paper --out $(CONFORMANCE)/$$paper/markings 2>/dev/null && \
	  $(BIN)/briefgen build tests/fixtures/markings/port-lease.yaml --release UNCLASSIFIED --paper $$paper --out $(CONFORMANCE)/$$paper/markings 2>/dev/null && \
	  $(BIN)/briefgen pack tests/fixtures/markings/pack-os-amber.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/markings/pack-os-amber.pdf 2>/dev/null && \
	  $(BIN)/briefgen build tests/fixtures/editions/since/grain-corridor-later.yaml --since tests/fixtures/editions/since/grain-corridor.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/since 2>/dev/null \
	  || exit 1; \
	done
	"$$(sh $(VERAPDF_INSTALL) | tail -1)" --flavour ua1 --flavour 2u $(OUT)/*.pdf $(CONFORMANCE)/*/*.pdf $(CONFORMANCE)/*/*/*.pdf

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
