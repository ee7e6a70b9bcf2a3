"""The Leaflet pieces geoplan adds to folium, and the packaged assets they load.

Private to :mod:`geoplan.maps.interactive`, which is the only module that draws: here are
the folium elements for encoded layers, the legend and the datum switch, and
the replacement of every CDN resource folium would link by packaged assets
(:mod:`geoplan.maps.assets`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Literal

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement, JSCSSMixin
from folium.template import Template

from geoplan.errors import GeoplanError
from geoplan.maps import assets

__all__ = [
    "DatumWatch",
    "EncodedLayer",
    "FitOnChange",
    "Legend",
    "OpenAt",
    "RecordTable",
    "RecordsLayer",
    "Select",
    "script_json",
    "use_packaged_assets",
    "walk",
]


_UNSAFE_IN_SCRIPT = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JINJA_OPENERS = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    r"""Serialise data for a ``<script>`` block that branca renders as a Jinja template.

    Like Jinja's ``tojson``, ``<``, ``>`` and ``&`` become ``\u`` escapes, so
    text from plans (``</script>``) cannot end the script. Unlike it, ``{``
    before ``{``, ``%`` or ``#`` is escaped too: branca parses every rendered
    script again as a template, and encoded geometry can contain ``{{``.
    Outside strings JSON never has these pairs, so only string content changes.

    Examples
    --------
    >>> script_json({"a": "</script>{{x}}"})
    '{"a":"\\u003c/script\\u003e\\u007b{x}}"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _UNSAFE_IN_SCRIPT.items():
        text = text.replace(char, escaped)
    return _JINJA_OPENERS.sub(r"\\u007b", text)


class EncodedLayer(JSCSSMixin, folium.map.Layer):
    """A vector layer whose geometry is encoded by :mod:`geoplan.maps.encoding`."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geoplan.layer(
                {{ this._parent.get_name() }}, {{ this.data_json }}, {{ this.layer_id|tojson }}
                {%- if this.legend_json %}, {{ this.legend_json }}{% endif %});
        {% endmacro %}
        """
    )
    # folium declares these as mutable class attributes; _use_packaged_assets
    # replaces them per instance, never in place.
    default_js = [("geoplan_js", "geoplan.js")]  # noqa: RUF012
    default_css = [("geoplan_css", "geoplan.css")]  # noqa: RUF012

    def __init__(
        self,
        data: dict[str, Any],
        layer_id: str,
        name: str,
        *,
        show: bool,
        overlay: bool,
        legend: str = "",
    ) -> None:
        super().__init__(name=name, overlay=overlay, control=True, show=show)
        self._name = "GeoplanLayer"
        self.data_json = script_json(data)
        self.layer_id = layer_id
        # A legend section the layer shows itself (layers added after the legend).
        self.legend_json = script_json(legend) if legend else ""

    def render(self, **kwargs: Any) -> str:
        """Render as folium's ``Layer`` does, but keep the script as text (:class:`_Verbatim`)."""
        figure, parent = self.get_root(), self._parent
        if not isinstance(figure, Figure) or parent is None:
            msg = f"cannot render layer {self.layer_id!r}: it is not in a map"
            raise TypeError(msg)
        if self.default_js or self.default_css:  # before _use_packaged_assets replaced them
            return str(JSCSSMixin.render(self, **kwargs) or "")
        if self.show:
            add = ElementAddToElement(self.get_name(), parent.get_name())
            self.add_child(add, name=self.get_name() + "_add")
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(_Verbatim(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class RecordsLayer(EncodedLayer):
    """A record layer drawn at any scale by ``static/records.js`` (see :mod:`geoplan.maps.records`).

    Its features refer to rows of the map's :class:`RecordTable` (``table_key``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = geoplan.records(
                {{ this._parent.get_name() }}, {{ this.table_key|tojson }}, {{ this.data_json }},
                {{ this.layer_id|tojson }}, {{ this.legend_json or '""' }});
        {% endmacro %}
        """
    )
    default_js = [("geoplan_js", "geoplan.js"), ("geoplan_records_js", "records.js")]  # noqa: RUF012

    def __init__(
        self,
        data: dict[str, Any],
        table_key: str,
        layer_id: str,
        name: str,
        *,
        show: bool,
        legend: str = "",
    ) -> None:
        super().__init__(data, layer_id, name, show=show, overlay=True, legend=legend)
        self._name = "GeoplanRecords"
        self.table_key = table_key


class RecordTable(JSCSSMixin, MacroElement):
    """The one table of a map's records (ids, names, popup columns), before its layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.recordTable({{ this.key|tojson }}, {{ this.payload_json }});
        {% endmacro %}
        """
    )
    default_js = [("geoplan_js", "geoplan.js"), ("geoplan_records_js", "records.js")]  # noqa: RUF012

    def __init__(self, key: str, payload: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeoplanRecordTable"
        self.key = key
        self.payload_json = script_json(payload)

    def render(self, **kwargs: Any) -> str:
        """Add the table's script as it is (:class:`_Verbatim`): it may be megabytes."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = "cannot render a record table that is not in a map"
            raise TypeError(msg)
        if self.default_js or self.default_css:
            return str(JSCSSMixin.render(self, **kwargs) or "")
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(_Verbatim(script), name=self.get_name())
        return ""


class Select(MacroElement):
    """Highlight what the view inspects (``record:<id>`` or ``unit:<adcode>``) on the map.

    Its parent is the map, or a layer group on its way to it (the app's).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.select({{ this._parent.get_name() }}, {{ this.focus_json }});
        {% endmacro %}
        """
    )

    def __init__(self, focus: str) -> None:
        super().__init__()
        self._name = "GeoplanSelect"
        self.focus_json = script_json(focus)


class _Verbatim(Element):
    """A rendered script, added to the page as it is.

    branca wraps every rendered script in a new ``Element``, which parses it again as a
    Jinja template: for a layer's encoded features (megabytes in the app) that costs
    tens of milliseconds on every render, i.e. on every rerun of the app.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class Legend(JSCSSMixin, MacroElement):
    """The map's legend (``"beside"`` the map or ``"none"``) and its scale bar."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.legend({{ this._parent.get_name() }}, {{ this.html_json }},
                           {{ this.placement|tojson }});
        {% endmacro %}
        """
    )
    # folium declares these as mutable class attributes; _use_packaged_assets
    # replaces them per instance, never in place.
    default_js = [("geoplan_js", "geoplan.js"), ("geoplan_records_js", "records.js")]  # noqa: RUF012
    default_css = [("geoplan_css", "geoplan.css")]  # noqa: RUF012

    def __init__(self, html: str, placement: str = "beside") -> None:
        super().__init__()
        self._name = "GeoplanLegend"
        self.html_json = script_json(html)
        self.placement = placement


class OpenAt(MacroElement):
    """Open the map showing these bounds, at once: no zoom animation to race a first click."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }},
                {"padding": {{ this.padding|tojson }}, "animate": false,
                 "maxZoom": {{ this.max_zoom|tojson }}});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding: tuple[int, int], max_zoom: int) -> None:
        super().__init__()
        self._name = "GeoplanOpenAt"
        self.bounds = bounds
        self.padding = list(padding)
        self.max_zoom = max_zoom


class FitOnChange(MacroElement):
    """Fit the map to bounds when its parent group is added with a key the map has not fitted.

    The app adds its overlays again on every filter change; the map moves only
    when the key (the units chosen) changes, so a planner's own zoom is kept.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.fitOnChange({{ this._parent.get_name() }}, {{ this.bounds|tojson }},
                                {{ this.key|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]] | None, key: str) -> None:
        super().__init__()
        self._name = "GeoplanFitOnChange"
        self.bounds = bounds
        self.key = key


class DatumWatch(JSCSSMixin, MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            geoplan.watchBaseLayers({{ this._parent.get_name() }}, {{ this.datum|tojson }});
        {% endmacro %}
        """
    )
    default_js = [("geoplan_js", "geoplan.js")]  # noqa: RUF012

    def __init__(self, datum: str) -> None:
        super().__init__()
        self._name = "GeoplanDatumWatch"
        self.datum = datum


# ----------------------------------------------------------------------------- assets

_OWN_ASSETS = {
    "geoplan_js": "geoplan.js",
    "geoplan_records_js": "records.js",
    "geoplan_css": "geoplan.css",
}


def walk(element: Any) -> Iterable[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def use_packaged_assets(m: folium.Map, mode: Literal["inline", "links"]) -> None:
    """Replace every CDN resource of the map's elements by packaged assets.

    Raises
    ------
    GeoplanError
        If an element needs a resource geoplan does not package: rather no
        map than a map that silently depends on a CDN.
    """
    needed: dict[str, None] = {}
    for element in walk(m):
        if not isinstance(element, JSCSSMixin):
            continue
        for name, _url in [*element.default_js, *element.default_css]:
            # A packaged name stands for itself: elements of geoplan's own tools name
            # their assets so, and so does the map once this has run (it may run again
            # for an element added later, keeping what the map already loads).
            replacement = (
                name
                if assets.is_packaged(name)
                else _OWN_ASSETS.get(name) or assets.FOLIUM_ASSETS.get(name, "?")
            )
            if replacement == "?":
                what = type(element).__name__
                msg = f"{what} needs resource {name!r}, which geoplan does not package"
                raise GeoplanError(msg)
            if replacement is not None:
                needed[replacement] = None
        element.default_js, element.default_css = [], []
    packaged = [assets.get(n) for n in needed]
    css = [a for a in packaged if a.kind == "css"]
    js = [a for a in packaged if a.kind == "js"]
    if mode == "links":
        # streamlit-folium loads default_js/default_css URLs itself, in order.
        m.default_js = [(a.name, a.data_uri()) for a in js]
        m.default_css = [(a.name, a.data_uri()) for a in css]
        return
    figure = m.get_root()
    if not isinstance(figure, Figure):  # folium.Map always sits in a Figure
        msg = "map is not attached to a Figure"
        raise TypeError(msg)
    for asset in [*css, *js]:
        figure.header.add_child(Element(asset.tag()), name=f"geoplan_asset_{asset.name}")
