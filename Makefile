# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := out/sample.hoshin

export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench screenshots sample clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Hoshin needs Python 3.11 or newer"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(SAMPLE): | $(STAMP)
	@mkdir -p out
	$(BIN)/hoshin demo $(SAMPLE)

sample: $(SAMPLE)

# Open the app on the sample plan: on the screen when there is one, else on a virtual one.
run: $(STAMP) $(SAMPLE)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  scripts/system-libs.sh headless && QT_QPA_PLATFORM= $(BIN)/hoshin open $(SAMPLE); \
	else \
	  scripts/system-libs.sh window && \
	  echo "No display: the app runs on a virtual screen (Xvfb); Ctrl+C to stop." && \
	  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/hoshin open $(SAMPLE); \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(STAMP)
	@scripts/system-libs.sh test
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	@scripts/system-libs.sh headless
	$(BIN)/python -m bench

screenshots: $(STAMP) $(SAMPLE)
	@scripts/system-libs.sh headless
	$(BIN)/python -m app.screenshots $(SAMPLE) docs/screenshots

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
