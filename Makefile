# A thin facade: every target installs what it needs on first use (into .venv and node_modules)
# and does nothing more when the pinned inputs have not changed.
PY      := .venv/bin/python
MKDOCS  := .venv/bin/mkdocs
SETUP   := .venv/.site-ready
TESTENV := .venv/.test-ready
NPM     := node_modules/.setup-done
PEER_NPM := tools/bench/peer_npm/node_modules/.setup-done
PORT    ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test clean train experiments bench

serve: $(SETUP) $(NPM)  ## serve the site on http://127.0.0.1:$(PORT) (default 8000), rebuilding on change
	tools/serve $(PORT)

build: $(SETUP) $(NPM)  ## strict build into site/
	$(MKDOCS) build --strict -d site

test: $(TESTENV) $(NPM)  ## the whole suite: models vs PyTorch, the strict build, the pages in Chromium, Firefox and WebKit
	tools/ensure-browsers
	$(PY) -m pytest

bench: $(TESTENV) $(NPM) $(PEER_NPM)  ## measure what readers and authors wait for, against bare baselines (minutes)
	tools/ensure-browsers
	$(PY) -m tools.bench

clean:
	rm -rf site .cache

# The trained models behind the figures (seconds) and the long experiments (minutes); both write
# committed files under explainers/data/ that the build only loads (it warns when they are stale).
train: $(SETUP)  ## retrain the parenthesis LSTM, RNN and GRU, the bank LSTM/BiLSTM and the cat-sat LSTM (deterministic, ~1 min)
	$(PY) -m explainers.train.parens
	$(PY) -m explainers.train.parens_rnn_gru
	$(PY) -m explainers.train.bank
	$(PY) -m explainers.train.catsat

experiments: $(SETUP)  ## rerun the delay and "I speak fluent ___" experiments: RNN vs LSTM vs GRU (minutes)
	$(PY) -m explainers.train.delay
	$(PY) -m explainers.train.fluent

# --- set-up, redone only when the pins change ---

$(SETUP): pyproject.toml tools/setup-venv
	tools/setup-venv
	$(PY) -m pip install -q --disable-pip-version-check -e ".[site]"
	touch $@

# The test tools (PyTorch for the parity tests, Playwright) only where tests run, not for publishing.
$(TESTENV): $(SETUP)
	$(PY) -m pip install -q --disable-pip-version-check -e ".[site,test]"
	touch $@

$(NPM): package.json package-lock.json tools/setup-node
	tools/setup-node
	touch $@

# Only the bench's peers load these (their editors and scripts, served locally instead of from CDNs).
$(PEER_NPM): tools/bench/peer_npm/package.json tools/bench/peer_npm/package-lock.json $(NPM)
	npm ci --prefix tools/bench/peer_npm --no-audit --no-fund --loglevel=error
	touch $@
