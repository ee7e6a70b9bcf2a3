"""The app page's layout: the map as the largest thing on the page, its legend beside it.

Streamlit pads its page for documents, not maps, and streamlit-folium gives a
map a fixed height. The page style here trims the padding, keeps the header
to one row and lets the map's frame take the window's height (the map inside
follows: ``#map_div`` in ``geoplan.css``). The legend is HTML beside the map
(:func:`geoplan.maps.legend_html`), styled by the maps' own ``geoplan.css``.

Examples
--------
>>> style = page_style()
>>> style.startswith("<style>") and "streamlit_folium" in style and ".geoplan-legend" in style
True
"""

from __future__ import annotations

from geoplan.maps import assets

__all__ = ["MAP_FRAME", "MAP_KEY", "map_frame_style", "page_style"]

#: Key of the container the app draws its main map in (other maps keep their height).
MAP_KEY = "geoplan-map"
#: The main map's frame on the page (the iframe streamlit-folium draws it in).
MAP_FRAME = f".st-key-{MAP_KEY} iframe[title='streamlit_folium.st_folium']"
# Height of what sits above the map (header row, padding) and below it within
# the window; the map takes the rest, but never less than a usable 460 px.
_ABOVE_MAP_PX = 135

# Streamlit's header bar (menu, "running" indicator) is 60 px tall over the page;
# 40 px hold its icons.
_PAGE_CSS = f"""
[data-testid="stHeader"] {{ height: 2.5rem; min-height: 2.5rem; }}
[data-testid="stMainBlockContainer"] {{ padding: 2.5rem 1.6rem 2rem; max-width: none; }}
[data-testid="stSidebarHeader"] {{ height: 2.5rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 1.55rem; padding: 0.1rem 0 0; }}
[data-testid="stMetric"] [data-testid="stMetricValue"] {{ font-size: 1.35rem; }}
[data-testid="stMetric"] {{ padding: 0; }}
{MAP_FRAME} {{ height: max(460px, calc(100vh - {_ABOVE_MAP_PX}px)) !important; }}
.geoplan-legend-page {{ padding: 0 0 6px; border-bottom: 1px solid #e4e4e4; }}
"""


def page_style() -> str:
    """Return the page's ``<style>`` block: layout rules and the maps' legend styles."""
    return f"<style>{_PAGE_CSS}{assets.get('geoplan.css').text}</style>"


def map_frame_style(key: str, height_px: int) -> str:
    """Return a ``<style>`` sizing the map frames in the container ``key`` from the start.

    streamlit-folium gives its frame a height only once the map's script has
    run; until then the frame is 0 px tall, and a map that opens at its layers'
    bounds (``fitBounds``) has nothing to fit into. The main map's frame is sized
    by :func:`page_style`; the tabs' maps (drawing, comparison) by this.

    Examples
    --------
    >>> style = map_frame_style("dz-map", 520)
    >>> style.startswith("<style>.st-key-dz-map iframe"), "height: 520px !important" in style
    (True, True)
    """
    frame = f".st-key-{key} iframe[title='streamlit_folium.st_folium']"
    return f"<style>{frame} {{ height: {height_px}px !important; }}</style>"
