"""The JavaScript and CSS every geoplan map needs, from installed packages only.

folium links Leaflet, jQuery, Bootstrap and icon fonts from CDNs, so without a
network a plain folium map is a blank page. geoplan maps use only what they
draw with, read from Python packages installed with geoplan, and never fetch
anything at run time:

============================  ====================================================
``leaflet.js``, ``.css``      Leaflet 1.9.3 (the version folium 0.20 targets), from
                              ``xstatic-leaflet``; the CSS's images inlined as data URIs
``markercluster.js``, …       Leaflet.markercluster 1.4.1, ``xstatic-leaflet-markercluster``
``geoplan.js``, ``.css``      geoplan's own: geometry decoding, legend, datum switch
``records.js``                geoplan's records at any scale: table, markers, badges
``draw.js``, ``.css``         geoplan's own polygon-drawing tool (:mod:`~geoplan.maps.tools`)
``sync.js``                   geoplan's own: maps side by side that move together
============================  ====================================================

Examples
--------
>>> from geoplan.maps import assets
>>> js = assets.get("leaflet.js")
>>> js.kind, "sourceMappingURL" in js.text
('js', False)
>>> "url(images/" in assets.get("leaflet.css").text
False
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from geoplan.errors import DataFileError, UnknownNameError

__all__ = ["FOLIUM_ASSETS", "Asset", "get", "is_packaged"]


@dataclass(frozen=True, slots=True)
class Asset:
    """A packaged script or stylesheet."""

    name: str
    kind: Literal["js", "css"]
    text: str

    def tag(self) -> str:
        """Return the asset as an inline ``<script>`` or ``<style>`` element."""
        if self.kind == "js":
            return f"<script>/* {self.name} */\n{self.text}\n</script>"
        return f"<style>/* {self.name} */\n{self.text}\n</style>"

    def data_uri(self) -> str:
        """Return the asset as a ``data:`` URL (for components that only take URLs)."""
        mime = "text/javascript" if self.kind == "js" else "text/css"
        payload = base64.b64encode(self.text.encode("utf-8")).decode("ascii")
        return f"data:{mime};charset=utf-8;base64,{payload}"


#: folium's resource names (``default_js``/``default_css`` keys) → the packaged asset
#: that replaces each, or ``None`` for resources geoplan maps never use (jQuery,
#: Bootstrap, Font Awesome, awesome-markers). A name not listed here is refused.
FOLIUM_ASSETS: dict[str, str | None] = {
    "leaflet": "leaflet.js",
    "leaflet_css": "leaflet.css",
    "markerclusterjs": "markercluster.js",
    "markerclustercss": "markercluster.css",
    "markerclusterdefaultcss": "markercluster.default.css",
    "jquery": None,
    "bootstrap": None,
    "awesome_markers": None,
    "bootstrap_css": None,
    "glyphicons_css": None,
    "awesome_markers_font_css": None,
    "awesome_markers_css": None,
    "awesome_rotate_css": None,
}

_SOURCES: dict[str, tuple[str, str]] = {
    # name: (package, file)
    "leaflet.js": ("xstatic.pkg.leaflet", "data/leaflet.js"),
    "leaflet.css": ("xstatic.pkg.leaflet", "data/leaflet.css"),
    "markercluster.js": ("xstatic.pkg.leaflet_markercluster", "data/leaflet.markercluster.js"),
    "markercluster.css": ("xstatic.pkg.leaflet_markercluster", "data/MarkerCluster.css"),
    "markercluster.default.css": (
        "xstatic.pkg.leaflet_markercluster",
        "data/MarkerCluster.Default.css",
    ),
    "geoplan.js": ("geoplan.maps", "static/geoplan.js"),
    "records.js": ("geoplan.maps", "static/records.js"),
    "geoplan.css": ("geoplan.maps", "static/geoplan.css"),
    "draw.js": ("geoplan.maps", "static/draw.js"),
    "draw.css": ("geoplan.maps", "static/draw.css"),
    "sync.js": ("geoplan.maps", "static/sync.js"),
}
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


def is_packaged(name: str) -> bool:
    """Say whether ``name`` is a packaged asset (``"leaflet.js"``, ``"draw.js"`` …).

    Examples
    --------
    >>> is_packaged("draw.js"), is_packaged("https://cdn.example/leaflet.js")
    (True, False)
    """
    return name in _SOURCES


@cache
def get(name: str) -> Asset:
    """Return a packaged asset by name.

    Raises
    ------
    UnknownNameError
        If no such asset is packaged (also a ``KeyError``); the message lists
        the available names.
    """
    if name not in _SOURCES:
        msg = f"no packaged asset {name!r}; available: {', '.join(sorted(_SOURCES))}"
        raise UnknownNameError(msg)
    package, file = _SOURCES[name]
    root = resources.files(package)
    text = root.joinpath(file).read_text(encoding="utf-8")
    # Source maps are fetched by developer tools only, but a map must not name
    # any URL it cannot serve.
    text = _SOURCE_MAP.sub("", text)
    if name.endswith(".css"):
        base = Path(str(root.joinpath(file))).parent
        text = _CSS_URL.sub(lambda m: f"url({_png_data_uri(base / m.group(1))})", text)
    if "</script" in text.lower():
        msg = f"asset {name} contains '</script' and cannot be inlined"
        raise DataFileError(msg)
    kind: Literal["js", "css"] = "js" if name.endswith(".js") else "css"
    return Asset(name, kind, text)


def _png_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
