#!/usr/bin/env bash
# Serve Horizons for development: the task worker in the background, the web server in front.
set -euo pipefail
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
"$PY" manage.py db_worker --interval 1 >/dev/null 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "127.0.0.1:${PORT}"
