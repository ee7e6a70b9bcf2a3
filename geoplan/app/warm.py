"""Warm the app's caches when its server starts: the first planner waits no longer than the next.

``streamlit run serve.py`` serves ``app.py`` with :func:`lifespan`, which does
the first page's work once, before the server answers (its health check says
ready after it): load the atlas, filter the records, draw and render the
default view's map, overlays and legend, and import what the first run uses.
Without it, the first visitor after a start pays all of that (~4 s of CPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import time
from collections.abc import AsyncIterator
from typing import Any

import streamlit_folium as sf
from streamlit import runtime

from geoplan.app import cache, mapframe
from geoplan.app.view import View

__all__ = ["lifespan", "warm"]

# Imported on a page's first run by Streamlit's tables and the details: import them now.
_MODULES = ("pyarrow", "streamlit.elements.arrow", "geoplan.app.tabs", "geoplan.app.details")


def warm(records_dir: str | None) -> float:
    """Do the default page's cached work for a records folder; return the seconds it took."""
    start = time.perf_counter()
    for name in _MODULES:
        importlib.import_module(name)
    atlas = cache.load_atlas(records_dir)
    view = View()
    gcj = view.basemap == "gaode"
    cache.vocabulary(atlas, records_dir)
    cache.filtered(atlas, records_dir, view.filter)
    atlas.record_index.text  # noqa: B018 - held for the first search (0.5 s at 100,000 records)
    base = cache.base_map(atlas, records_dir, view.grouping, view.basemap)
    groups = [
        cache.record_overlay(atlas, records_dir, view.filter, gcj, view.footprints),
        cache.unit_outline(atlas, records_dir, view.filter.units, gcj),
    ]
    mapframe.prepare(base, key="map", groups=groups)  # as geoplan.app.mapview.the_map shows it
    cache.map_legend(atlas, records_dir, view.grouping, view.filter, view.footprints)
    return time.perf_counter() - start


def _register_components() -> None:
    """Register streamlit-folium's component with the running server.

    A component registers itself when its module is first imported during a
    script run; warming imports streamlit-folium before any run, so without
    this the browser would get a 404 for the map.
    """
    runtime.get_instance().component_registry.register_component(sf._component_func)


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Warm the caches before the server answers (``st.App(..., lifespan=lifespan)``)."""
    _register_components()
    seconds = await asyncio.to_thread(warm, os.environ.get("GEOPLAN_RECORDS_DIR") or None)
    print(f"geoplan: caches warmed in {seconds:.1f} s", flush=True)  # noqa: T201 - the server log
    yield
