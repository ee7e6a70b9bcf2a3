#!/usr/bin/env bash
# Set up .venv, Debian's Chromium and CJK fonts (first run only) and run every test.
source "$(dirname "$0")/_setup.sh" requirements-dev.txt
# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser);
# CJK fonts make Chinese render in it.
apt_install chromium fonts-noto-cjk
.venv/bin/ruff check geoplan tests scripts benchmarks app.py serve.py
.venv/bin/ruff format --check geoplan tests scripts benchmarks app.py serve.py
.venv/bin/mypy
# One worker per core; a file's tests stay together, so a browser module starts its app once.
exec .venv/bin/python -m pytest -n auto --dist loadfile "$@"
