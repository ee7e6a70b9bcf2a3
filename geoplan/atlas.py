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

from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geoplan import crs, maps, query, surveyed, uploads
from geoplan._paths import DATA, LAYERS
from geoplan.admin import Gazetteer
from geoplan.boundaries import read_units
from geoplan.checks import BoundaryReport
from geoplan.compare import DEFAULT_THRESHOLD, compare_plans
from geoplan.digitize import BoundarySource, InputCrs
from geoplan.errors import UnknownNameError
from geoplan.layers import (
    GroupingSpec,
    LayerSpec,
    MemberRef,
    Registry,
    build_grouping,
    member_adcodes,
    select_records,
)
from geoplan.plans import Plan, read_plans, user_plans
from geoplan.records import footprints as records_footprints
from geoplan.records import read_records, stored_records
from geoplan.store import STORE_NAME, Change, PlanChange, Store

if TYPE_CHECKING:
    from geoplan.extract import PlanExtraction
    from geoplan.locate import Locator

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
    ``records_dir`` (default: ``records/`` in ``data_dir``), with the plans
    uploaded to the user's store (in ``user_dir``, default ``GEOPLAN_USER_DIR``
    or ``data/user/``) and the boundaries digitized there drawn as their geometry.
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
        self._shipped_plans = plans
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
            raise UnknownNameError(msg)
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
        spec = self.registry.grouping(name)
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
    def plans(self) -> dict[str, Plan]:
        """The plans by id: the shipped registry, then the plans uploaded to the user's store."""
        return {**self._shipped_plans, **user_plans(self.store)}

    @cached_property
    def records(self) -> gpd.GeoDataFrame:
        """All plan records, placed: a digitized polygon (``surveyed``), else a point, else None.

        The shipped plans' records and those of the plans uploaded to the user's store.
        """
        shipped, uploaded = read_records(self._records_dir), stored_records(self.store)
        both = pd.concat([shipped, uploaded], ignore_index=True) if len(uploaded) else shipped
        records = surveyed.overlay(both, self.store.boundaries())
        records["plan_title"] = records["plan"].map(
            lambda p: self.plans[p].title if p in self.plans else p
        )
        return records

    @cached_property
    def record_index(self) -> query.RecordIndex:
        """The records by unit and by position (:class:`geoplan.query.RecordIndex`), built once."""
        return query.RecordIndex(self.records)

    def records_in_view(self, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
        """Return the records whose geometry lies in a WGS-84 box (lon, lat, lon, lat).

        Stand-in points count where they are: check ``precision``.
        """
        return self.record_index.in_view(bounds)

    def records_in(
        self, target: str | MemberRef | pd.Series, *, layer: str | None = None
    ) -> gpd.GeoDataFrame:
        """Return the records inside a grouping member or an administrative unit.

        Parameters
        ----------
        target
            A member name (``"智造新城"``, ``"金衢丽"``), a :class:`MemberRef`
            or ``"layer/member"``, a unit name (``"柯城区"``, ``"衢州"``), or a
            row of :meth:`grouping`.
        layer
            Only look for members in this grouping.

        Returns
        -------
        geopandas.GeoDataFrame
            The records, with a ``match`` column (see
            :func:`geoplan.query.records_in_member`); ``"unit"`` for units.

        Raises
        ------
        UnknownNameError
            If the target is neither a member nor a known place, or names a
            member of several groupings ambiguously.
        """
        units = self.gazetteer.units
        if isinstance(target, pd.Series):
            return query.records_in_member(self.records, target, units)
        ref = self._member_ref(target, layer)
        if ref is not None:
            return query.records_in_member(self.records, self.member(ref), units)
        found = self.gazetteer.resolve(str(target))
        if not found.ok:
            msg = f"{target!r} is neither a grouping member nor a known place ({found.basis})"
            raise UnknownNameError(msg)
        return self.record_index.in_units(found.adcodes, units).assign(match="unit")

    def member(self, ref: MemberRef) -> pd.Series:
        """Return one member's row of its grouping (see :meth:`grouping`).

        Raises
        ------
        UnknownNameError
            If the grouping or the member does not exist.
        """
        table = self.grouping(ref.grouping)
        rows = table[table["member"] == ref.member]
        if rows.empty:
            msg = f"grouping {ref.grouping!r} has no member {ref.member!r}"
            raise UnknownNameError(msg)
        return rows.iloc[0]

    def _member_ref(self, target: str | MemberRef, layer: str | None) -> MemberRef | None:
        if isinstance(target, MemberRef):
            return target
        if "/" in target:
            ref = MemberRef.parse(target)
            return self.registry.find_member(ref.member, ref.grouping)
        return self.registry.find_member(target, layer)

    def summary(self, grouping: str) -> pd.DataFrame:
        """Return record totals per member of a grouping, adding up to the whole.

        See :func:`geoplan.query.summarize_by_member` for how overlapping
        members are counted; ``table.attrs["note"]`` states it.
        """
        units = self.gazetteer.units
        return query.summarize_by_member(self.records, self.grouping(grouping), units)

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
        layer_names, records, detail, footprints
            What to draw: see :meth:`map_layers`.
        basemap
            Base layer selected on opening; ``"none"`` works offline.
        title
            Heading of the legend.
        assets_mode, options
            Passed to :func:`geoplan.maps.build_map`.
        """
        drawn = self.map_layers(layer_names, records=records, detail=detail, footprints=footprints)
        return maps.build_map(
            drawn, basemap=basemap, title=title, assets_mode=assets_mode, **options
        )

    def print_map(
        self,
        layer_names: Sequence[str] = (),
        *,
        records: gpd.GeoDataFrame | None = None,
        footprints: bool = False,
        **options: Any,
    ) -> bytes:
        """Draw layers as a report map (PDF, PNG or SVG) and return the file's bytes.

        ``layer_names``, ``records`` and ``footprints`` as for :meth:`map_layers`;
        ``options`` (``title``, ``subtitle``, ``paper``, ``orientation``,
        ``fmt``, ``day``) as for :func:`geoplan.maps.printing.print_map`.
        """
        from geoplan.maps import printing  # noqa: PLC0415 - matplotlib only when printing

        drawn = self.map_layers(layer_names, records=records, footprints=footprints)
        return printing.print_map(drawn, **options)

    def map_layers(
        self,
        layer_names: Sequence[str] = (),
        *,
        records: gpd.GeoDataFrame | None = None,
        detail: Literal["detail", "overview"] | None = None,
        footprints: bool = False,
    ) -> list[maps.MapLayer]:
        """Return the layers a map of these layers draws, boundary lines first.

        Parameters
        ----------
        layer_names
            Layer ids or aliases, drawn in order over the county and city lines.
        records
            Records to draw (e.g. a filtered selection): named record layers
            draw those of them they select; without named record layers
            they are drawn as one layer. By default record layers draw all
            their records.
        detail
            Boundary detail; by default ``"overview"`` for province-scale
            maps and ``"detail"`` for city- and county-scale ones.
        footprints
            Also draw, under each record layer, circles of the records'
            documented land area (:func:`geoplan.records.footprints`).
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
        return drawn

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
        Records known only by their county or city are counted on the units
        (the overview boundaries), never drawn as points.
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
                    units=self._overview,
                )
            )
        if not layers:
            frame = self._placed(pool)
            colors = self._colors(self.records, frame, "kind")
            layers.append(
                maps.MapLayer(
                    "records:selection", "筛选的项目", "records", frame, colors=colors,
                    units=self._overview,
                )
            )  # fmt: skip
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
        present = set(shown[column].astype(str).unique())
        every = maps.record_colors(full[column].astype(str).unique())
        return {k: c for k, c in every.items() if k in present}

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

    # ------------------------------------------------------------------ comparing plans

    def compare(
        self,
        a: str,
        b: str,
        *,
        order: Literal["period", "given"] = "period",
        threshold: float = DEFAULT_THRESHOLD,
    ) -> pd.DataFrame:
        """Compare two plans: one row per record, continued, new or dropped, with the evidence.

        The plan whose period starts first is the earlier one (``order="given"``:
        ``a``). See :func:`geoplan.compare.compare_plans`.
        """
        return compare_plans(
            a, b, self.records, self.gazetteer.units, self.plans, order=order, threshold=threshold
        )

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
        self.refresh_records()
        return saved

    def undo_boundary(self, record_id: str, *, author: str | None = None) -> Change:
        """Revert the record's latest boundary change not yet undone (the undo is recorded)."""
        surveyed.record_row(self.records, record_id)
        change = self.store.undo_boundary(record_id, author=author or surveyed.default_author())
        self.refresh_records()
        return change

    def refresh_records(self) -> None:
        """Forget the records and plans read so far: the next use re-reads them from the store.

        :meth:`set_boundary`, :meth:`undo_boundary`, :meth:`add_plan` and
        :meth:`remove_plan` do this themselves; call it when another process may
        have saved (``self.store.version()`` changed).
        """
        self.__dict__.pop("records", None)
        self.__dict__.pop("record_index", None)
        self.__dict__.pop("plans", None)

    # ------------------------------------------------------------------ uploaded plans

    def add_plan(
        self,
        found: PlanExtraction,
        *,
        author: str | None = None,
        replace: bool = False,
        locator: Locator | None = None,
    ) -> uploads.SavedPlan:
        """Keep a plan file a planner brings: its records join :attr:`records`, it :attr:`plans`.

        ``found`` is :func:`geoplan.extract.extract_file`'s reading; see
        :func:`geoplan.uploads.save_plan` for ``author``, ``replace``, ``locator``
        and what is refused.
        """
        saved = uploads.save_plan(
            found, store=self.store, author=author, replace=replace, locator=locator
        )
        self.refresh_records()
        return saved

    def remove_plan(self, plan_id: str, *, author: str | None = None) -> PlanChange:
        """Remove an uploaded plan and its records (see :func:`geoplan.uploads.remove_plan`)."""
        change = uploads.remove_plan(plan_id, store=self.store, author=author)
        self.refresh_records()
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
