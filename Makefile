# The two commands on a fresh machine: `make html` and `make test`.
# Both create .venv and install the project into it when it is missing or
# older than pyproject.toml.

PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
SPHINXOPTS ?= -n -W --keep-going
BUILDDIR   ?= _build
# `make html LANGUAGE=es`: the site, its quizzes, exams and handbook in another language.
# Only from the command line: gettext's LANGUAGE variable (often "en_US:en") in a shell's
# environment must not change a build.
ifeq ($(origin LANGUAGE),command line)
SPHINXOPTS += -D language=$(LANGUAGE)
QUIZGEN_LANGUAGE := --language $(LANGUAGE)
else
override LANGUAGE :=
endif

.DEFAULT_GOAL := help
.PHONY: help html instructor dist scorm scenarios handbook test lint check live clean exams pot lms
.PHONY: gettext update-po

help:
	@echo "make html   build the trainee site into $(BUILDDIR)/html"
	@echo "make instructor  build the instructor edition into $(BUILDDIR)/instructor"
	@echo "make handbook  the trainee handbook as one PDF: $(BUILDDIR)/handbook/handbook.pdf"
	@echo "make dist   zip the trainee site for a USB stick or an intranet: $(BUILDDIR)/cit-training-site.zip"
	@echo "make scenarios  every branching scenario as a facilitator's guide and cards (PDF): $(BUILDDIR)/scenarios/"
	@echo "make scorm  the trainee site for an LMS (SCORM 1.2, one SCO per module): $(BUILDDIR)/cit-training-scorm12.zip"
	@echo "make test   run every check: lint, types, unit, Sphinx builds, browser tests"
	@echo "make check  validate every question bank (quizgen check)"
	@echo "make lms    every module bank and the final exam for Moodle, Canvas and QTI: $(BUILDDIR)/lms"
	@echo "make pot    extract quizgen's strings into quizgen/locale/quizgen.pot"
	@echo "make gettext  page and bank text for translators: $(BUILDDIR)/gettext/*.pot"
	@echo "make update-po LANGUAGE=es  merge those into locale/es/LC_MESSAGES/*.po (sphinx-intl)"
	@echo "             LANGUAGE=es also works with html, instructor, handbook and exams"
	@echo "make live   rebuild and reload the site in a browser while you edit"
	@echo "make clean  remove $(BUILDDIR)"

# Stamps record which extras are installed; pyproject.toml changes make them stale.
$(VENV)/.installed-base: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-translate: pyproject.toml $(VENV)/.installed-base
	$(BIN)/python -m pip install --quiet -e '.[translate]'
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-base
	$(BIN)/python -m pip install --quiet -e '.[test,live]'
	touch $@

html: $(VENV)/.installed-base
	rm -rf $(BUILDDIR)/html/.doctrees  # older builds kept doctrees (page sources) here
	$(BIN)/sphinx-build -b html -d $(BUILDDIR)/doctrees $(SPHINXOPTS) . $(BUILDDIR)/html

# The instructor edition: instructor notes, role players' cards, exam coverage, authoring guide.
instructor: $(VENV)/.installed-base
	$(BIN)/sphinx-build -b html -t instructor -d $(BUILDDIR)/doctrees-instructor $(SPHINXOPTS) . $(BUILDDIR)/instructor

# The trainee site as one zip: unzip anywhere and open index.html (works from file://).
dist: html
	$(BIN)/quizgen dist $(BUILDDIR)/html -o $(BUILDDIR)/cit-training-site.zip

# Every branching scenario on paper: _build/scenarios/<id>/facilitator.pdf and cards.pdf.
scenarios: $(VENV)/.installed-base
	$(BIN)/quizgen scenarios -o $(BUILDDIR)/scenarios $(QUIZGEN_LANGUAGE)

# The trainee site as a SCORM 1.2 package, one SCO per module: upload it to an LMS.
scorm: html
	$(BIN)/quizgen scorm $(BUILDDIR)/html -o $(BUILDDIR)/cit-training-scorm12.zip

# The trainee handbook: every module in one PDF, quizzes as exercises, the key at the end.
handbook: $(VENV)/.installed-base
	$(BIN)/sphinx-build -b handbook -d $(BUILDDIR)/doctrees-handbook $(SPHINXOPTS) . $(BUILDDIR)/handbook

check: $(VENV)/.installed-base
	$(BIN)/quizgen check

lint: $(VENV)/.installed-test
	$(BIN)/ruff check quizgen tests benchmarks conf.py
	$(BIN)/ruff format --check quizgen tests benchmarks conf.py
	$(BIN)/mypy
	$(BIN)/lint-imports  # the layers of quizgen: no Sphinx below quizgen.sphinx_ext

# A GIFT reader other than ours (gift-pegjs, test only), to check what export writes.
GIFT_CHECK := tests/gift/node_modules/.installed
$(GIFT_CHECK): tests/gift/package.json tests/gift/package-lock.json
	npm ci --prefix tests/gift --no-audit --no-fund --silent
	touch $@

# An LMS-side SCORM 1.2 runtime (scorm-again, test only), to run the SCORM package against.
SCORM_CHECK := tests/scorm/node_modules/.installed
$(SCORM_CHECK): tests/scorm/package.json tests/scorm/package-lock.json
	npm ci --prefix tests/scorm --no-audit --no-fund --silent
	touch $@

test: lint $(GIFT_CHECK) $(SCORM_CHECK)
	$(BIN)/python -m pytest

# Every blueprint curriculum/exams/<exam id>.exam.yaml into $(BUILDDIR)/exams/<exam id>/:
# PDFs and HTML per version, answer sheets, keys, blueprint table, manifest.json.
exams: $(VENV)/.installed-base
	@status=0; found=; \
	for blueprint in curriculum/exams/*.exam.yaml; do \
	  [ -f "$$blueprint" ] || continue; found=1; \
	  exam=$$(basename "$$blueprint" .exam.yaml); \
	  $(BIN)/quizgen exam "$$blueprint" -o "$(BUILDDIR)/exams/$$exam" $(QUIZGEN_LANGUAGE) || status=1; \
	done; \
	[ -n "$$found" ] || echo "make exams: no blueprints (*.exam.yaml) in curriculum/exams"; \
	exit $$status

# Every module bank, and every exam blueprint's drawn items, in every LMS format:
# $(BUILDDIR)/lms/<format>/<bank or exam>.<xml|txt|zip>, with what a format cannot carry
# listed beside it in <name>.left-out.txt (see docs/authoring/lms.md).
LMS_FORMATS := moodle gift aiken qti12 qti21
lms: $(VENV)/.installed-base
	@status=0; \
	for format in $(LMS_FORMATS); do \
	  mkdir -p "$(BUILDDIR)/lms/$$format"; \
	  case $$format in moodle) ext=xml;; gift|aiken) ext=txt;; *) ext=zip;; esac; \
	  for source in curriculum/*/*.bank.yaml curriculum/exams/*.exam.yaml; do \
	    [ -f "$$source" ] || continue; \
	    name=$$(basename "$$source"); name=$${name%%.*}; \
	    $(BIN)/quizgen export $$format "$$source" -o "$(BUILDDIR)/lms/$$format/$$name.$$ext" \
	      --report "$(BUILDDIR)/lms/$$format/$$name.left-out.txt" || status=1; \
	  done; \
	done; \
	exit $$status

# Every string quizgen shows, extracted into the message catalog's template for translators.
pot: $(VENV)/.installed-base
	$(BIN)/pybabel extract -F quizgen/locale/babel.cfg --project=quizgen --omit-header \
	  --width=100 -o quizgen/locale/quizgen.pot quizgen

# Translating the course (docs/authoring/translating.md): templates of every page
# and every bank, then one catalog per page (and banks.po) for LANGUAGE.
gettext: $(VENV)/.installed-base
	$(BIN)/sphinx-build -b gettext -d $(BUILDDIR)/doctrees-gettext -q . $(BUILDDIR)/gettext
	$(BIN)/quizgen gettext -o $(BUILDDIR)/gettext

update-po: gettext $(VENV)/.installed-translate
	@test -n "$(LANGUAGE)" || { echo "make update-po: say which language, e.g. LANGUAGE=es"; exit 2; }
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale -l $(LANGUAGE) -w 100

live: $(VENV)/.installed-test
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) . $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)
