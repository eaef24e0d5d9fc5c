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

.PHONY: all setup fonts test update-golden previews bench bench-scripts conformance catalogs clean distclean
.DELETE_ON_ERROR:

all: $(STAMPS)/briefs $(PACK_PDFS)

setup: $(READY)

$(READY): pyproject.toml $(FONTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/briefgen fonts
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

test: $(READY)
	$(BIN)/python -m pytest

update-golden: $(READY)
	BRIEFGEN_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/products/test_golden.py -q

# PNG previews of the example (and of the every-script test brief), shown in the README.
previews: all
	$(BIN)/briefgen build tests/fixtures/scripts.yaml --format long-form --out $(OUT)/previews --quiet
	$(BIN)/briefgen build tests/fixtures/languages/fr.yaml --format one-page --out $(OUT)/previews --quiet
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
	  $(BIN)/briefgen pack content/packs/korea-desk.yaml --paper $$paper --out $(CONFORMANCE)/$$paper/korea-desk.pdf 2>/dev/null \
	  || exit 1; \
	done
	"$$(sh $(VERAPDF_INSTALL) | tail -1)" --flavour ua1 --flavour 2u $(OUT)/*.pdf $(CONFORMANCE)/*/*.pdf

clean:
	rm -rf $(OUT)

distclean: clean
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
