"""Serve the planners' app: ``streamlit run serve.py`` (``app.py``, its caches warmed at start).

The same app as ``streamlit run app.py``; the server does the first page's work
(:mod:`geoplan.app.warm`) before it answers, so a newly started server opens as
fast as a warm one. Settings are ``.streamlit/config.toml``'s.
"""

import streamlit as st

from geoplan.app.warm import lifespan

app = st.App("app.py", lifespan=lifespan)
