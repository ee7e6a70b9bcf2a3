#!/usr/bin/env bash
# Set up .venv (first run only) and start the geoplan app on the embedded data.
source "$(dirname "$0")/_setup.sh" requirements.txt
exec .venv/bin/streamlit run app.py "$@"
