# Everyday commands. `make help` lists them. The first run creates .venv and node_modules with
# the pinned dependencies; later runs reuse them until requirements.txt or package-lock.json
# change.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
CONTENT := content
OUTPUT := output
CONF := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The feedback service (feedback/): its port, read by pelicanconf.py (the preview's forms post
# there) and by the service itself (feedback/config.py).
FEEDBACK_PORT ?= 8100
export FEEDBACK_PORT
PELICAN_OPTS ?=

.DEFAULT_GOAL := help

.PHONY: help check html publish serve devserver cms cms-config cms-screenshots sample-documents clean test test-fast lint audit bench report news page directorate rsync_upload translations pot feedback moderate comments feedback-purge feedback-erase feedback-password feedback-backup

help:
	@echo "make serve      build the site and serve it on http://$(HOST):$(PORT)"
	@echo "make devserver  serve and rebuild whenever content, theme or plugins change"
	@echo "make cms        edit in the browser at http://$(HOST):$(PORT)/admin/, with the preview"
	@echo "make check      check the content: every problem with its file, line and fix"
	@echo "make html       build the site into $(OUTPUT)/; the build checks the content first"
	@echo "make publish    build the public site with $(PUBLISHCONF), checked the same way"
	@echo "make news TITLE=\"…\"         start a news article (also: make page, make directorate)"
	@echo "make report     pages due for review, news corrected since publication, documents"
	@echo "                that assistive technology may not read well"
	@echo "make translations  collect the theme's words into the catalogues for translators"
	@echo "make sample-documents  print the sample publications again as tagged PDFs"
	@echo "make feedback   run the feedback service on http://$(HOST):$(FEEDBACK_PORT)/feedback/"
	@echo "make moderate   list readers' comments and problem reports waiting; decide with"
	@echo "                APPROVE=<receipts>|all, REJECT=…, HANDLED=…"
	@echo "make comments   write approved comments into $(CONTENT)/comments/ for a pull request"
	@echo "make feedback-purge  erase personal data kept longer than the service's setting"
	@echo "make feedback-erase  erase a reader's submissions: EMAIL=…, PHONE=…, NAME=… or RECEIPT=…"
	@echo "make feedback-password  set the moderation page's password"
	@echo "make feedback-backup    copy the feedback database to BACKUP=<file>"
	@echo "make rsync_upload  publish, then copy the site to SSH_HOST:SSH_TARGET_DIR"
	@echo "make test       run the whole test suite"
	@echo "make test-fast  everything but the tests that drive a browser"
	@echo "make lint       check the Python code with ruff"
	@echo "make audit      Lighthouse scores of the main page types (slow)"
	@echo "make bench      build, preview and search against plain Pelican and Pagefind (slow)"
	@echo "make clean      remove $(OUTPUT)/ and caches"

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

check: $(BIN)/.installed
	$(BIN)/python tools/check.py $(CONTENT)

html: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/build.py --content $(CONTENT) --settings $(CONF) --output $(OUTPUT) $(PELICAN_OPTS)

publish: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/build.py --content $(CONTENT) --settings $(PUBLISHCONF) --output $(OUTPUT) $(PELICAN_OPTS)

news page directorate: $(BIN)/.installed
	$(BIN)/python tools/new.py $@ "$(TITLE)" $(if $(TRANSLATE),--translate "$(TRANSLATE)" --language "$(LANGUAGE)")

report: $(BIN)/.installed
	$(BIN)/python tools/report.py $(CONTENT)

serve: html
	$(BIN)/python tools/static_server.py --root $(OUTPUT) --host $(HOST) --port $(PORT)

devserver: $(BIN)/.installed node_modules/.installed
	$(BIN)/python -m preview.server --host $(HOST) --port $(PORT)

# The browser editor on this machine: Decap's local backend and the preview together. A save
# writes the file in content/ (CMS_MODE=git: a branch per item, as on the real host).
CMS_MODE ?= fs
cms: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/cms.py --host $(HOST) --port $(PORT) --mode $(CMS_MODE)

# The feedback service (feedback/, docs/feedback.md): readers' answers wait for an editor.
FEEDBACK := $(BIN)/python -m feedback
feedback: $(BIN)/.installed
	FEEDBACK_HOST=$(HOST) FEEDBACK_SITE_URL=http://$(HOST):$(PORT) $(FEEDBACK) serve

moderate: $(BIN)/.installed
	$(FEEDBACK) moderate $(if $(APPROVE),--approve "$(APPROVE)") \
		$(if $(REJECT),--reject "$(REJECT)") $(if $(HANDLED),--handled "$(HANDLED)")

comments: $(BIN)/.installed
	FEEDBACK_CONTENT_DIR=$(CONTENT) $(FEEDBACK) comments

feedback-purge: $(BIN)/.installed
	$(FEEDBACK) purge

feedback-erase: $(BIN)/.installed
	FEEDBACK_CONTENT_DIR=$(CONTENT) $(FEEDBACK) erase --email "$(EMAIL)" --phone "$(PHONE)" \
		--name "$(NAME)" --receipt "$(RECEIPT)"

feedback-password: $(BIN)/.installed
	$(FEEDBACK) password

feedback-backup: $(BIN)/.installed
	$(FEEDBACK) backup "$(BACKUP)"

# The editor's configuration, written from the content schemas (cms/config.yml).
cms-config: $(BIN)/.installed
	$(BIN)/python tools/cms_config.py

# The sample publications: tools/sample_documents/*.html printed as tagged PDFs by Chromium.
sample-documents: $(BIN)/.installed
	$(BIN)/python tools/sample_documents.py --target $(CONTENT)/documents

# The pictures of docs/cms.md, taken by the editor's browser tests.
cms-screenshots: $(BIN)/.installed node_modules/.installed
	mkdir -p docs/images
	SCREENSHOTS=docs/images $(BIN)/python -m pytest tests/test_cms.py -m browser

test: check node_modules/.installed
	$(BIN)/python -m pytest $(PYTEST_OPTS)

test-fast: check node_modules/.installed
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_OPTS)

# The theme's own words: collect every _() and ngettext() of the templates into
# theme/translations/messages.pot, then add the new ones to each language's messages.po (a
# changed English sentence comes back marked fuzzy for its translator to check). The build
# compiles the .po files itself; no .mo file is kept.
# Besides _() and ngettext(): gettext_in(lang, "…"), the words in another language than the
# page's, and plural_texts("…", "…"), a message in every plural form for a script.
TRANSLATIONS := theme/translations
POT := $(TRANSLATIONS)/messages.pot
translations: pot
	$(BIN)/pybabel update -i $(POT) -d $(TRANSLATIONS) --ignore-obsolete

pot: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -o $(POT) --add-location=file --sort-output \
		-k gettext_in:2 -k plural_texts:1,2 -c "Translators:" \
		--project="Healthcare Services website" \
		--copyright-holder="Office of the Director General for Healthcare Services" .

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(OUTPUT) .$(OUTPUT)-builds .$(OUTPUT).lock cache __pycache__ .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

# Serving, building and testing need lunr.js and the browser editor (decap-cms, and
# decap-server for `make cms`); the Lighthouse audit needs the development tools too
# (Lighthouse asks for Node 22 or newer).
node_modules/.installed: package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@

node_modules/.audit-installed: package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.installed $@

audit: $(BIN)/.installed node_modules/.audit-installed
	$(BIN)/python tools/audit.py

bench: $(BIN)/.installed node_modules/.installed
	$(BIN)/python tools/bench.py $(if $(QUICK),--quick) $(BENCH_OPTS)

# Publishing to a server of your own instead of GitHub Pages: the new site goes into a new
# folder beside the live one, then a symbolic link switches to it in one step, so readers never
# see a half-copied site. The web server's document root is $(SSH_TARGET_DIR)/current.
SSH_USER ?= deploy
SSH_HOST ?= www.example.org
SSH_TARGET_DIR ?= /srv/healthservices
RELEASE := $(shell date -u +%Y%m%d%H%M%S)

rsync_upload: publish
	rsync -rlc --delete --link-dest=$(SSH_TARGET_DIR)/current/ $(OUTPUT)/ \
		$(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)/releases/$(RELEASE)/
	ssh $(SSH_USER)@$(SSH_HOST) 'ln -sfn releases/$(RELEASE) $(SSH_TARGET_DIR)/current.new && \
		mv -T $(SSH_TARGET_DIR)/current.new $(SSH_TARGET_DIR)/current'
