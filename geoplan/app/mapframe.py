"""streamlit-folium's ``st_folium``, with each map and overlay rendered once per server.

``st_folium`` renders its map to JavaScript on every script run: for the app's
base map and record overlay that is most of a run's CPU (about 0.09 s), paid
two or three times per page load and again on every pan (the map's fragment).
The app's maps and overlays are shared objects (:mod:`geoplan.app.cache`), so
their rendering can be shared too: :func:`show_map` renders a map or an
overlay the first time it sees the object, keeps the text on it, and hands
streamlit-folium's component the same arguments ``st_folium`` would.

This reuses streamlit-folium's own rendering helpers (pinned to 0.27 in
``requirements.txt``); ``tests/test_app.py`` checks that the arguments equal
``st_folium``'s, so an upgrade that changes them fails a test, not a map.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf

__all__ = ["prepare", "show_map"]

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Rendered:
    """A map as streamlit-folium's component takes it."""

    script: str
    html: str
    header: str
    map_id: str
    js_links: list[str]
    css_links: list[str]
    defaults: dict[str, Any]


def _rendered_map(m: folium.Map) -> _Rendered:
    """Render a map once (on a copy: rendering changes a folium map) and keep the result on it."""
    done = m.__dict__.get("_geoplan_rendered")
    if done is not None:
        return done
    fig = copy.deepcopy(m)
    fig.get_root().render()
    fig.render()
    html, header, script = sf._get_html(fig), sf._get_header(fig), sf._get_map_string(fig)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fig):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    bounds = fig.get_bounds()
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": bounds[0][0], "lng": bounds[0][1]},
            "_northEast": {"lat": bounds[1][0], "lng": bounds[1][1]},
        },
        "zoom": fig.options.get("zoom"),
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    done = _Rendered(
        script, html, header, sf.get_full_id(fig), list(dict.fromkeys(js)),
        list(dict.fromkeys(css)), defaults,
    )  # fmt: skip
    with _lock:
        m.__dict__["_geoplan_rendered"] = done
    return done


def _rendered_group(group: folium.FeatureGroup, m: folium.Map, index: int) -> str:
    """Render an overlay for a map once, and keep the text on the overlay."""
    done: dict[tuple[str, int], str] = group.__dict__.setdefault("_geoplan_rendered", {})
    key = (sf.get_full_id(m), index)
    if key not in done:
        text = sf._get_feature_group_string(copy.deepcopy(group), map=copy.deepcopy(m), idx=index)
        with _lock:
            done[key] = text
    return done[key]


def _walk(element: Any) -> Any:
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def prepare(
    m: folium.Map, *, key: str, groups: Sequence[folium.FeatureGroup] = ()
) -> tuple[_Rendered, str | None, str]:
    """Render a map and its overlays (once), return them and the component's key.

    :func:`show_map` calls it; the server calls it at start for the first page's
    map (:mod:`geoplan.app.warm`), so the first planner does not wait for it.
    """
    rendered = _rendered_map(m)
    fg = "".join(_rendered_group(g, m, i) for i, g in enumerate(groups)) if groups else None
    hashes: dict[str, str] = m.__dict__.setdefault("_geoplan_hash", {})
    if key not in hashes:  # a hash of the whole script: worth keeping too
        hashes[key] = sf.generate_js_hash(rendered.script, key, False)
    return rendered, fg, hashes[key]


def show_map(
    m: folium.Map,
    *,
    key: str,
    height: int,
    groups: Sequence[folium.FeatureGroup] = (),
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
    zoom: float | None = None,
    center: tuple[float, float] | None = None,
) -> Any:
    """Show a map as ``st_folium(m, key=…, use_container_width=True, feature_group_to_add=…)``.

    ``m`` and ``groups`` must not change after their first showing (the app's are
    cached and never changed; copies are rendered). Returns the map's value, as
    ``st_folium`` does.
    """
    rendered, fg, hash_key = prepare(m, key=key, groups=groups)
    returned = list(returned_objects)

    def changed() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return sf._component_func(
        script=rendered.script, header=rendered.header, html=rendered.html,
        id=rendered.map_id, key=hash_key, height=height, width=None,
        returned_objects=returned,
        default={k: v for k, v in rendered.defaults.items() if k in returned},
        zoom=zoom, center=center, feature_group=fg, return_on_hover=False,
        layer_control=None, pixelated=False, css_links=rendered.css_links,
        js_links=rendered.js_links, on_change=changed, wrap_longitude=False,
    )  # fmt: skip
