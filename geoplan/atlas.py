"""The public face of geoplan: an :class:`Atlas` of units, layers and records.

>>> import geoplan
>>> atlas = geoplan.load()
>>> len(atlas.units("county"))
90
>>> atlas.locate("义乌")["name"].tolist()
['义乌市']

The atlas holds the data and delegates: names to :mod:`geoplan.admin`, layers
to :mod:`geoplan.layers`, questions to :mod:`geoplan.query`, drawing to
:mod:`geoplan.maps`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geoplan import crs, maps, query, surveyed
from geoplan._paths import DATA, LAYERS
from geoplan.admin import Gazetteer
from geoplan.boundaries import read_units
from geoplan.checks import BoundaryReport
from geoplan.digitize import BoundarySource, InputCrs
from geoplan.errors import UnknownNameError
from geoplan.layers import (
    GroupingSpec,
    LayerSpec,
    Registry,
    build_grouping,
    member_adcodes,
    select_records,
)
from geoplan.plans import Plan, read_plans
from geoplan.records import footprints as records_footprints
from geoplan.records import read_records
from geoplan.store import STORE_NAME, Change, Store

__all__ = ["Atlas", "load"]

_LEVELS = {"province", "city", "county"}
# Beyond this extent (km, diagonal) a map is a province-scale view and uses the
# overview boundaries: their 150 m simplification is below a pixel there.
_OVERVIEW_KM = 150.0


def load(
    data_dir: str | Path = DATA,
    layers_dir: str | Path = LAYERS,
    *,
    records_dir: str | Path | None = None,
    user_dir: str | Path | None = None,
) -> Atlas:
    """Load the embedded Zhejiang atlas (or one from other data and layer folders).

    Records are read on first use of :attr:`Atlas.records`, from
    ``records_dir`` (default: ``records/`` in ``data_dir``), with the
    boundaries digitized in the user's store (in ``user_dir``, default
    ``GEOPLAN_USER_DIR`` or ``data/user/``) drawn as their geometry.
    """
    data = Path(data_dir)
    gazetteer = Gazetteer.load(data)
    overview = read_units("overview", path=data / "boundaries" / "zhejiang_overview.geojson")
    return Atlas(
        gazetteer=gazetteer,
        overview=overview,
        registry=Registry.load(layers_dir),
        plans=read_plans(data / "plans.toml"),
        records_dir=Path(records_dir) if records_dir is not None else data / "records",
        store=Store(Path(user_dir) / STORE_NAME if user_dir is not None else None),
    )


class Atlas:
    """Administrative units, plan layers and plan records of Zhejiang.

    Use :func:`load` rather than the constructor.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        overview: gpd.GeoDataFrame,
        registry: Registry,
        plans: dict[str, Plan],
        records_dir: Path,
        store: Store | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        #: The user's store of digitized boundaries (see :mod:`geoplan.store`).
        self.store = store if store is not None else Store()
        self.registry = registry
        self.plans = plans
        self._overview = overview
        self._records_dir = records_dir
        self._groupings: dict[tuple[str, str], gpd.GeoDataFrame] = {}

    # ------------------------------------------------------------------ units

    def units(
        self, level: str | None = None, *, detail: Literal["detail", "overview"] = "detail"
    ) -> gpd.GeoDataFrame:
        """Return administrative units, optionally of one level (province, city, county)."""
        table = self.gazetteer.units if detail == "detail" else self._overview
        if level is None:
            return table.copy()
        if level not in _LEVELS:
            msg = f"unknown level {level!r}; choose one of {sorted(_LEVELS)}"
            raise ValueError(msg)
        return table[table["level"] == level].copy()

    def locate(self, name: str) -> gpd.GeoDataFrame:
        """Resolve a place name to the unit(s) it is or lies in.

        Returns the units with ``matched``, ``how`` and ``basis`` columns; an
        unknown name gives an empty frame whose ``attrs["basis"]`` says so
        (never a guess).
        """
        found = self.gazetteer.resolve(name)
        table = self.gazetteer.units.loc[list(found.adcodes)].copy()
        table["matched"], table["how"], table["basis"] = found.matched, found.how, found.basis
        table.attrs["basis"] = found.basis
        return table

    def unit_at(self, lon: float, lat: float, level: str = "county") -> gpd.GeoDataFrame:
        """Return the unit of a level containing a WGS-84 point."""
        return query.unit_at(self.gazetteer.units, lon, lat, level)

    # ------------------------------------------------------------------ layers

    def layers(self, kind: str | None = None) -> pd.DataFrame:
        """List the registered layers: id, kind, title, plan and member count."""
        rows = [
            {
                "id": s.id,
                "kind": s.kind,
                "title": s.title,
                "plan": s.plan,
                "members": len(s.members) if isinstance(s, GroupingSpec) else np.nan,
            }
            for s in self.registry
            if kind is None or s.kind == kind
        ]
        return pd.DataFrame(rows)

    def grouping(
        self, name: str, *, detail: Literal["detail", "overview"] = "detail"
    ) -> gpd.GeoDataFrame:
        """Return a grouping: one row per member, with dissolved geometry and area.

        Raises
        ------
        UnknownNameError
            If no grouping has that id or alias.
        """
        spec = self.registry.get(name)
        if not isinstance(spec, GroupingSpec):
            known = ", ".join(self.registry.ids("grouping"))
            msg = f"{name!r} is a {spec.kind} layer, not a grouping; groupings: {known}"
            raise UnknownNameError(msg)
        key = (spec.id, detail)
        if key not in self._groupings:
            draw = self.gazetteer.units if detail == "detail" else self._overview
            self._groupings[key] = build_grouping(spec, self.gazetteer, draw)
        return self._groupings[key].copy()

    def layer(
        self, name: str, *, detail: Literal["detail", "overview"] = "detail"
    ) -> gpd.GeoDataFrame:
        """Return any layer's features: a grouping's members or a record layer's records."""
        spec = self.registry.get(name)
        if isinstance(spec, GroupingSpec):
            return self.grouping(spec.id, detail=detail)
        return select_records(spec, self.records).copy()

    # ------------------------------------------------------------------ records

    @cached_property
    def records(self) -> gpd.GeoDataFrame:
        """All plan records, placed: a digitized polygon (``surveyed``), else a point, else None."""
        records = surveyed.overlay(read_records(self._records_dir), self.store.boundaries())
        records["plan_title"] = records["plan"].map(
            lambda p: self.plans[p].title if p in self.plans else p
        )
        return records

    def records_in(self, target: str | pd.Series, *, layer: str | None = None) -> gpd.GeoDataFrame:
        """Return the records inside a grouping member or an administrative unit.

        Parameters
        ----------
        target
            A member name (``"智造新城"``, ``"金衢丽"``), ``"layer/member"``, a
            unit name (``"柯城区"``, ``"衢州"``), or a row of :meth:`grouping`.
        layer
            Only look for members in this grouping.

        Returns
        -------
        geopandas.GeoDataFrame
            The records, with a ``match`` column: ``"unit"`` (placed in the
            member's units) or, for members whose extent the plan does not
            give (``within``), ``"named"`` when the record names the member
            and ``"containing unit"`` when it only lies in the same units.
        """
        member = self._member(target, layer) if not isinstance(target, pd.Series) else target
        if member is None:
            found = self.gazetteer.resolve(str(target))
            if not found.ok:
                msg = f"{target!r} is neither a grouping member nor a known place ({found.basis})"
                raise UnknownNameError(msg)
            hits = query.records_in_units(self.records, found.adcodes, self.gazetteer.units)
            return hits.assign(match="unit")
        units = self.gazetteer.units
        adcodes = str(member["adcodes"]).split(";")
        inside = query.records_in_units(self.records, adcodes, units)
        if member["precision"] != "within":
            return inside.assign(match="unit")
        # The plan gives no boundary: a record naming the member is in it (even if
        # placed only at city precision); the others in its units may or may not be.
        names = [
            str(member["member"]),
            *(n for n in str(member.get("aliases", "")).split(";") if n),
        ]
        pattern = "|".join(re.escape(n) for n in names)
        around = self.records["adcode"].isin({*adcodes, *units.loc[adcodes, "parent_adcode"]})
        candidates = self.records[around]
        says_so = candidates[["name", "place", "responsible_unit"]].apply(
            lambda column: column.str.contains(pattern, regex=True)
        )
        named = candidates[says_so.any(axis=1)]
        rest = inside[~inside["record_id"].isin(named["record_id"])]
        both = pd.concat([named.assign(match="named"), rest.assign(match="containing unit")])
        return both.sort_values("record_id")

    def _member(self, target: str, layer: str | None) -> pd.Series | None:
        layer_name, _, member_name = target.partition("/") if "/" in target else (layer, "", target)
        specs = [self.registry.get(layer_name)] if layer_name else list(self.registry)
        candidates = []
        for spec in specs:
            if not isinstance(spec, GroupingSpec):
                continue
            for m in spec.members:
                if member_name in (m.name, *m.aliases):
                    candidates.append((spec, m))
        if not candidates:
            if layer_name:
                msg = f"grouping {layer_name!r} has no member {member_name!r}"
                raise UnknownNameError(msg)
            return None
        if len({m.units for _, m in candidates}) > 1:
            options = ", ".join(f"{s.id}/{m.name}" for s, m in candidates)
            msg = (
                f"{member_name!r} is a member of several groupings with different extents; "
                f"use one of: {options}"
            )
            raise UnknownNameError(msg)
        spec, m = candidates[0]
        table = self.grouping(spec.id)
        row = table[table["member"] == m.name].iloc[0].copy()
        row["aliases"] = ";".join(m.aliases)
        return row

    def summary(self, grouping: str) -> pd.DataFrame:
        """Return record totals per member of a grouping (count, investment, land area)."""
        return query.summarize_by_member(self.records, self, grouping)

    # ------------------------------------------------------------------ maps

    def map(
        self,
        layer_names: Sequence[str] = (),
        *,
        records: gpd.GeoDataFrame | None = None,
        basemap: Literal["none", "osm", "gaode"] = "none",
        title: str = "",
        detail: Literal["detail", "overview"] | None = None,
        assets_mode: Literal["inline", "links"] = "inline",
        footprints: bool = False,
        **options: Any,
    ) -> folium.Map:
        """Draw layers over the administrative boundaries.

        Parameters
        ----------
        layer_names
            Layer ids or aliases, drawn in order over the county and city lines.
        records
            Records to draw (e.g. a filtered selection): named record layers
            draw those of them they select; without named record layers
            they are drawn as one layer. By default record layers draw all
            their records.
        basemap
            Base layer selected on opening; ``"none"`` works offline.
        title
            Heading of the legend.
        detail
            Boundary detail; by default ``"overview"`` for province-scale
            maps and ``"detail"`` for city- and county-scale ones.
        footprints
            Also draw, under each record layer, circles of the records'
            documented land area (:func:`geoplan.records.footprints`).
        assets_mode, options
            Passed to :func:`geoplan.maps.build_map`.
        """
        specs = [self.registry.get(n) for n in layer_names]
        if detail is None:
            detail = self._detail_for(specs, records)
        units = self.units(detail=detail)
        drawn = [
            maps.MapLayer(
                "units:county", "区县界", "units", units[units["level"] == "county"], show=True
            ),
            maps.MapLayer(
                "units:city", "地市界", "units", units[units["level"] == "city"], show=True
            ),
        ]
        for spec in specs:
            if isinstance(spec, GroupingSpec):
                frame = self.grouping(spec.id, detail=detail)
                title_of_plan = self._plan_title(spec.plan)
                drawn.append(
                    maps.MapLayer(spec.id, spec.title, "grouping", frame, plan_title=title_of_plan)
                )
        record_specs = [s.id for s in specs if not isinstance(s, GroupingSpec)]
        if record_specs or records is not None:
            drawn.extend(self.record_layers(record_specs, records, footprints=footprints))
        return maps.build_map(
            drawn, basemap=basemap, title=title, assets_mode=assets_mode, **options
        )

    def record_layers(
        self,
        layer_names: Sequence[str] = (),
        records: gpd.GeoDataFrame | None = None,
        *,
        footprints: bool = False,
    ) -> list[maps.MapLayer]:
        """Return record layers ready to draw (placed records only).

        Each named record layer gets the records it selects, among ``records``
        when given; with no layer named, ``records`` form one layer, "筛选的项目",
        coloured by kind. The app draws these over its base map with
        :func:`geoplan.maps.record_overlay`; :meth:`map` draws them the same way.
        ``footprints=True`` puts, under each, a layer of circles of the
        records' documented land area, labelled as approximate.
        """
        pool = self.records if records is None else records
        layers = []
        for name in layer_names:
            spec = self.registry.get(name)
            if isinstance(spec, GroupingSpec):
                msg = f"{name!r} is a grouping, not a record layer"
                raise UnknownNameError(msg)
            frame = self._placed(select_records(spec, pool))
            layers.append(
                maps.MapLayer(
                    spec.id,
                    spec.title,
                    "records",
                    frame,
                    plan_title=self._plan_title(spec.plan),
                    color_by=spec.color_by,
                    colors=self._colors(select_records(spec, self.records), frame, spec.color_by),
                )
            )
        if not layers:
            frame = self._placed(pool)
            colors = self._colors(self.records, frame, "kind")
            layers.append(
                maps.MapLayer("records:selection", "筛选的项目", "records", frame, colors=colors)
            )
        if not footprints:
            return layers
        with_circles: list[maps.MapLayer] = []
        for layer in layers:
            circles = replace(
                layer,
                id=f"{layer.id}:footprints",
                title=f"{layer.title}·用地面积示意",
                kind="footprints",
                frame=records_footprints(layer.frame),
            )
            with_circles += [circles, layer]
        return with_circles

    @staticmethod
    def _colors(full: pd.DataFrame, shown: pd.DataFrame, column: str) -> dict[str, str]:
        # Colours of all the layer's records, so a value keeps its colour whatever is filtered.
        present = set(shown[column].astype(str))
        return {k: c for k, c in maps.record_colors(full[column]).items() if k in present}

    def _plan_title(self, plan: str) -> str:
        return self.plans[plan].title if plan in self.plans else plan

    @staticmethod
    def _placed(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return records[records.geometry.notna()]

    def _detail_for(
        self, specs: Sequence[LayerSpec], records: gpd.GeoDataFrame | None
    ) -> Literal["detail", "overview"]:
        adcodes: set[str] = set()
        for spec in specs:
            if isinstance(spec, GroupingSpec):
                for m in spec.members:
                    adcodes.update(member_adcodes(m, self.gazetteer))
            else:
                adcodes.update(select_records(spec, self.records)["adcode"])
        if records is not None:
            adcodes.update(records["adcode"])
        adcodes.discard("")
        if not adcodes:
            return "overview"
        extent = self.gazetteer.units.loc[sorted(adcodes)].to_crs(crs.METRIC_CRS).total_bounds
        diagonal_km = float(np.hypot(extent[2] - extent[0], extent[3] - extent[1])) / 1000
        return "overview" if diagonal_km > _OVERVIEW_KM else "detail"

    # ------------------------------------------------------------------ digitized boundaries

    def check_boundary(
        self,
        record_id: str,
        boundary: BoundarySource,
        *,
        crs: InputCrs = "file",
        layer: str | None = None,
    ) -> BoundaryReport:
        """Check a polygon for a record against the plan, saving nothing.

        Parameters
        ----------
        record_id
            The record, e.g. ``"000-b10-01"``.
        boundary
            A shapely geometry, a GeoJSON mapping (as drawn in the app), a
            :class:`geoplan.digitize.Upload` (an uploaded file's bytes and
            name) or a file path: GeoJSON, GeoPackage, KML or zipped Shapefile.
        crs
            The coordinates' system: ``"file"`` (the file's own; WGS-84 when
            it declares none), ``"wgs84"``, ``"gcj02"`` (高德), ``"cgcs2000"``.
        layer
            The layer, in a GeoPackage or zip with several.

        Returns
        -------
        geoplan.checks.BoundaryReport
            The repaired polygon and each check's pass / warn / fail.

        Raises
        ------
        UnknownNameError
            If no record has that id.
        BoundaryInputError
            If the boundary cannot be read or is not a polygon in Zhejiang.
        """
        return surveyed.check(
            record_id, boundary, records=self.records, units=self.gazetteer.units,
            store=self.store, crs=crs, layer=layer,
        )  # fmt: skip

    def set_boundary(
        self,
        record_id: str,
        boundary: BoundarySource,
        *,
        crs: InputCrs = "file",
        author: str | None = None,
        force: bool = False,
        layer: str | None = None,
    ) -> BoundaryReport:
        """Check a polygon for a record and save it: the record becomes ``surveyed``.

        Takes the arguments of :meth:`check_boundary`, and ``author`` (default:
        the login name) and ``force`` (save past warnings, never past a failure).
        Returns the report with the saved :class:`geoplan.store.Change`;
        :attr:`records` has the polygon from then on.

        Raises
        ------
        BoundaryRefusedError
            If a check refuses the save (``err.report`` holds the checks).
        """
        report = self.check_boundary(record_id, boundary, crs=crs, layer=layer)
        saved = surveyed.save(report, store=self.store, author=author, force=force)
        self.__dict__.pop("records", None)  # re-read with the new boundary
        return saved

    def undo_boundary(self, record_id: str, *, author: str | None = None) -> Change:
        """Revert the record's latest boundary change not yet undone (the undo is recorded)."""
        surveyed.record_row(self.records, record_id)
        change = self.store.undo_boundary(record_id, author=author or surveyed.default_author())
        self.__dict__.pop("records", None)
        return change

    def boundary_history(self, record_id: str | None = None) -> gpd.GeoDataFrame:
        """Return the boundary changes of a record (or of all records), oldest first."""
        if record_id is not None:
            surveyed.record_row(self.records, record_id)
        return surveyed.history_frame(self.store.history(record_id))

    def boundaries(self) -> gpd.GeoDataFrame:
        """Return the current digitized boundaries with their records' fields and area."""
        return surveyed.surveyed_frame(self.records, self.store.boundaries())

    def export_boundaries(self, path: str | Path) -> Path:
        """Write the digitized boundaries to ``.gpkg`` (with their history) or ``.geojson``."""
        history = surveyed.history_frame(self.store.history())
        return surveyed.export(self.boundaries(), history, path)
