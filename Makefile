# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run worker test test-rq lint bench install clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[emulator,test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	CONSOLE_DEMO=1 $(PY) manage.py migrate --noinput
	CONSOLE_DEMO=1 $(PY) manage.py createcachetable
	CONSOLE_DEMO=1 $(PY) manage.py demo --port $(PORT)

# Another worker beside `make run` (it reads the demo backend's settings from var/demo.env).
worker: $(STAMP)
	@test -f var/demo.env || { echo "Start the console with 'make run' first."; exit 1; }
	set -a; . ./var/demo.env; set +a; CONSOLE_DEMO=1 $(PY) manage.py worker

# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own embedded
# Cognito backend and database; on a 2-core machine 2 halve the time of one.
TEST_WORKERS ?= 2

test: $(STAMP)
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "NOTE: /usr/bin/chromium is missing: the browser tests will be skipped" \
	       "(install Debian's chromium package to run them)."; fi
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The background-work tests (marked `jobs`) on the RQ engine; needs Redis (RQ_URL).
RQ_URL ?= redis://127.0.0.1:6379/15
test-rq: $(STAMP)
	CONSOLE_TASK_BACKEND=rq CONSOLE_RQ_URL=$(RQ_URL) $(PY) -m pytest -p no:cacheprovider -m jobs $(PYTEST_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  echo "NOTE: wrk is missing; the load benchmark will be skipped (install Debian's wrk)."
	CONSOLE_CALL_HEADERS=1 $(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) .pytest_cache db.sqlite3
