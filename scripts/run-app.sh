#!/usr/bin/env bash
# Set up .venv and CJK fonts (first run only) and start the geoplan app on the embedded data.
source "$(dirname "$0")/_setup.sh" requirements.txt
# Printed maps (PDF/PNG/SVG from the app, `geoplan map`) set their text in Noto Sans CJK.
apt_install fonts-noto-cjk
# serve.py: app.py with its caches warmed before the server answers (geoplan/app/warm.py)
exec .venv/bin/streamlit run serve.py "$@"
