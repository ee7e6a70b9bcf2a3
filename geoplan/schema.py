"""The one definition of a plan record.

A *record* is one project or platform named in a plan: a numbered item of a
专栏 box, or a platform listed in running text. Every table of records in
geoplan (extraction output, the shipped ``data/records/*.csv``, the
``atlas.records`` GeoDataFrame) has exactly the columns of :data:`FIELDS`, in
that order, checked by :func:`validate`.

Units are fixed by the schema, never by the data: areas in square metres,
money in 亿元 (1 亿元 = 10⁸ yuan), years as integers. A field the plan does not
state is empty (``<NA>`` / ``NaN`` / ``""``), never zero and never guessed.

Examples
--------
>>> from geoplan import schema
>>> frame = schema.empty()
>>> list(frame.columns) == schema.COLUMNS
True
>>> schema.validate(frame) is frame
True
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from geoplan.errors import DataFileError, SchemaError

__all__ = [
    "COLUMNS",
    "FIELDS",
    "KINDS",
    "KIND_LABELS",
    "PRECISIONS",
    "PRECISION_CAVEATS",
    "PRECISION_LABELS",
    "QUALIFIERS",
    "WORK_TYPES",
    "Field",
    "empty",
    "from_rows",
    "read_csv",
    "to_csv",
    "validate",
    "value_label",
    "value_labels",
]

#: What a record is, with the label planners read. ``platform``: an area-like
#: carrier (园区, 集聚区, 基地, 新城 …) listed as such by the plan; ``project``:
#: something to be built or done; ``other``: a numbered item that is neither (a
#: heading that groups the works listed under it).
KIND_LABELS: dict[str, str] = {"project": "项目", "platform": "平台", "other": "其他"}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

#: How precisely a record is placed, best first, with its label. ``surveyed``: a
#: digitized polygon of the documented boundary; ``place``: a named place with a
#: cited point (``data/places.csv``), or a point between placed 四至 sides;
#: ``township``: a 乡/镇/街道 with a point (``data/township_points.csv``);
#: ``schematic``: a linear work drawn as a straight line between the two end
#: places its text names (``line_wkt``), never its real alignment; ``county`` /
#: ``city``: only the administrative unit is known, the point is a stand-in
#: inside it (maps show such records as part of their unit; a work spanning
#: several counties lists them all in ``adcodes``); ``unplaced``: the text names
#: no place geoplan can resolve.
PRECISION_LABELS: dict[str, str] = {
    "surveyed": "按四至测绘",
    "place": "地名定位",
    "township": "乡镇定位",
    "schematic": "两端地名间示意线",
    "county": "区县示意点",
    "city": "地市示意点",
    "unplaced": "未定位",
}
PRECISIONS: tuple[str, ...] = tuple(PRECISION_LABELS)

#: What a work is (``work_type``), a closed vocabulary with the labels planners
#: read. Assigned from the last word of the work's name that says what it is
#: (…铁路, …水库, …医院, …园区), see :mod:`geoplan.extract.worktypes`.
WORK_TYPES: dict[str, str] = {
    "railway": "铁路轨道",
    "road": "公路道路",
    "airport": "机场",
    "port": "港口码头",
    "waterway": "航道航运",
    "transit": "客运枢纽公交",
    "logistics": "物流仓储",
    "pipeline": "油气管道",
    "power": "电力能源",
    "reservoir": "水库",
    "flood": "防洪治河",
    "irrigation": "灌区农田水利",
    "water_supply": "供水引水",
    "environment": "环保环卫",
    "telecom": "信息通信",
    "hospital": "医疗卫生",
    "school": "教育",
    "culture": "文化设施",
    "venue": "体育会展场馆",
    "park": "公园景区",
    "platform": "园区平台",
    "market": "专业市场",
    "commerce": "商业商务",
    "housing": "住房社区",
    "welfare": "养老福利",
    "agriculture": "农业农村",
    "public": "公共管理",
    "other": "其他",
}

#: The qualifiers a figure can carry (``*_qualifier`` fields hold them as printed,
#: a prefix and a suffix joined by "…"), and what each means.
QUALIFIERS: dict[str, str] = {
    "约": "approximately",
    "约为": "approximately",
    "近": "approximately (just under)",
    "左右": "approximately",
    "超过": "more than",
    "超": "more than",
    "逾": "more than",
    "余": "more than",
    "多": "more than",
    "以上": "at least",
    "不少于": "at least",
    "不低于": "at least",
    "达到": "reaching",
    "≥": "at least",
    "＞": "more than",
    ">": "more than",
}

#: What a planner must know about a position of each precision, so no one takes a
#: stand-in for a survey.
PRECISION_CAVEATS: dict[str, str] = {
    "county": "位置为所在区县内的示意点，并非项目实际位置。",
    "city": "位置为所在地市内的示意点，并非项目实际位置。",
    "place": "位置为所依据地名的代表点，项目实际位置可能有偏差。",
    "township": "位置为所在乡镇（街道）的代表点，项目实际位置在该乡镇范围内，可能相距数公里。",
    "schematic": "线位为两端地名之间的示意直线，并非实际走向。",
}

_Dtype = Literal["str", "Int64", "float64"]


@dataclass(frozen=True, slots=True)
class Field:
    """One column of the record schema.

    Parameters
    ----------
    name
        Column name.
    dtype
        ``"str"`` (empty string when absent), ``"Int64"`` (nullable integer) or
        ``"float64"`` (``NaN`` when absent).
    doc
        What the column holds, with its unit.
    label
        The Chinese label shown to planners (popups, tables, exports).
    required
        Whether every record must have a non-empty value.
    default
        The value :func:`from_rows` gives a text field a row leaves out.
    """

    name: str
    dtype: _Dtype
    doc: str
    label: str
    required: bool = False
    default: str = ""


FIELDS: tuple[Field, ...] = (
    Field("record_id", "str", "stable id: plan, box and item, e.g. '001-b13-05'", "编号", True),
    Field("plan", "str", "plan id, a key of data/plans.toml ('000'…'004')", "规划", True),
    Field("box", "str", "the 专栏 the item is in, e.g. '专栏13'; '' for running text", "专栏"),
    Field("box_title", "str", "the box's title as printed", "专栏标题"),
    Field("item", "Int64", "the item's number inside its box or list", "序号"),
    Field("kind", "str", "one of KINDS", "类型", True),
    Field("work_type", "str", "what the work is: one of WORK_TYPES", "工程类别", True, "other"),
    Field("name", "str", "the project or platform name, whole", "名称", True),
    Field(
        "group_id",
        "str",
        "shared by the records split from one list, sentence or item, e.g. '002-L1309-g1'",
        "同组编号",
    ),
    Field("period_start", "Int64", "first year of the documented period", "起始年"),
    Field("period_end", "Int64", "last year of the documented period", "完成年"),
    Field("stage", "str", "build stage as printed: 新建, 续建, 扩建, 迁建, 前期 …", "建设阶段"),
    Field("location", "str", "location text as printed (选址…, 位于…)", "选址"),
    Field("boundary", "str", "the 四至 text as printed", "四至范围"),
    Field("boundary_east", "str", "east limit from the 四至 (东至…)", "东至"),
    Field("boundary_west", "str", "west limit from the 四至 (西至/西到…)", "西至"),
    Field("boundary_south", "str", "south limit from the 四至 (南至/南接…)", "南至"),
    Field("boundary_north", "str", "north limit from the 四至 (北至/北临…)", "北至"),
    Field("end_from", "str", "a linear work's first end as printed (…李宅至…段)", "起点"),
    Field("end_to", "str", "a linear work's other end as printed", "终点"),
    Field(
        "place_words",
        "str",
        "place words the work's own words carry, or its list gives it ('东阳'), ';'-joined",
        "地名词",
    ),
    Field(
        "land_area_m2", "float64", "documented land area (用地/占地/规划面积) in m²", "用地面积(m²)"
    ),
    Field(
        "land_area_text", "str", "the land-area phrase as printed, e.g. '约300亩'", "用地面积原文"
    ),
    Field("land_area_qualifier", "str", "约, 超过, 以上 … on the land area", "用地面积限定"),
    Field("floor_area_m2", "float64", "documented floor area (建筑面积) in m²", "建筑面积(m²)"),
    Field("floor_area_text", "str", "the floor-area phrase as printed", "建筑面积原文"),
    Field("floor_area_qualifier", "str", "约, 超过, 以上 … on the floor area", "建筑面积限定"),
    Field("investment_total", "float64", "total investment (总投资) in 亿元", "总投资(亿元)"),
    Field("investment_total_qualifier", "str", "约, 超过, 以上 … on it", "总投资限定"),
    Field(
        "investment_parts",
        "str",
        "parts the total is written as, e.g. '一期 20 亿元 + 二期 30 亿元'",
        "分项投资",
    ),
    Field(
        "investment_period",
        "float64",
        "investment planned within the plan period (“十四五”期间计划投资) in 亿元",
        "规划期投资(亿元)",
    ),
    Field("investment_period_qualifier", "str", "约, 超过, 以上 … on it", "规划期投资限定"),
    Field("length_km", "float64", "length (里程, 长度) of a linear work in km", "里程(公里)"),
    Field("length_text", "str", "the length phrase as printed, e.g. '约176公里'", "里程原文"),
    Field("storage_m3", "float64", "storage capacity (库容) in m³", "库容(立方米)"),
    Field("storage_text", "str", "the storage phrase as printed, e.g. '1200万立方米'", "库容原文"),
    Field("power_mw", "float64", "installed capacity (装机容量) in MW", "装机容量(兆瓦)"),
    Field("power_text", "str", "the capacity phrase as printed, e.g. '2万千瓦'", "装机容量原文"),
    Field("focus", "str", "重点方向 / field of the item where the plan states one", "重点方向"),
    Field("responsible_unit", "str", "责任单位 as printed", "责任单位"),
    Field(
        "notes",
        "str",
        "what extraction could not read, e.g. 'investment_total printed as X'",
        "备注",
    ),
    Field(
        "text", "str", "the item's whole text, wrapped lines and page breaks repaired", "原文", True
    ),
    Field(
        "line_start", "Int64", "first line of the item in the plan file (1-based)", "起始行", True
    ),
    Field("line_end", "Int64", "last line of the item in the plan file (1-based)", "结束行", True),
    Field(
        "other_lines",
        "str",
        "first lines of the plan's other mentions of the same work, ';'-joined ('323;402;440'):"
        " the record is kept once; a figure it lacks is taken from the first other mention"
        " stating it (named in notes), never added to its own",
        "其他提及行",
    ),
    Field(
        "adcode",
        "str",
        "county-level (or city) adcode the record is placed in; '' if unplaced",
        "所在区划代码",
    ),
    Field("unit_name", "str", "name of that unit, e.g. '柯城区'", "所在区县"),
    Field(
        "adcodes",
        "str",
        "every county-level unit a work spans, ';'-joined (it belongs to each); '' if one",
        "涉及区县代码",
    ),
    Field(
        "place",
        "str",
        "the place name the placement rests on, e.g. '横店' or '江山市政府'",
        "定位依据地名",
    ),
    Field("precision", "str", "one of PRECISIONS", "定位精度", True),
    Field("placement_basis", "str", "why the record is placed where it is", "定位说明"),
    Field("lon", "float64", "longitude of the record's point, WGS-84", "经度"),
    Field("lat", "float64", "latitude of the record's point, WGS-84", "纬度"),
    Field(
        "line_wkt",
        "str",
        "schematic line between a linear work's two placed ends, WKT in WGS-84; '' if none",
        "示意线",
    ),
)

#: Column names in schema order.
COLUMNS: list[str] = [f.name for f in FIELDS]
_BY_NAME = {f.name: f for f in FIELDS}


def value_label(column: str, value: str) -> str:
    """Return the Chinese label of a record column's value (类型, 定位精度), or the value.

    Examples
    --------
    >>> value_label("kind", "platform"), value_label("box", ""), value_label("box", "专栏13")
    ('平台', '（未注明）', '专栏13')
    >>> value_label("work_type", "reservoir"), value_label("precision", "schematic")
    ('水库', '两端地名间示意线')
    """
    if not value:
        return "（未注明）"
    labels = {"kind": KIND_LABELS, "precision": PRECISION_LABELS, "work_type": WORK_TYPES}
    return labels.get(column, {}).get(value, value)


def value_labels(values: pd.Series, column: str) -> pd.Series:
    """Return a column's values as their labels (:func:`value_label`), each looked up once.

    Examples
    --------
    >>> value_labels(pd.Series(["platform", "project", "platform"]), "kind").tolist()
    ['平台', '项目', '平台']
    """
    text = values.astype(str)
    return text.map({v: value_label(column, v) for v in text.unique()})


def empty() -> pd.DataFrame:
    """Return a record table with no rows and the schema's columns and dtypes."""
    return pd.DataFrame({f.name: pd.Series([], dtype=_pandas_dtype(f.dtype)) for f in FIELDS})


def from_rows(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Build a validated record table from dicts; absent fields are empty.

    Examples
    --------
    >>> frame = from_rows([{"record_id": "900-b01-01", "plan": "900", "kind": "project",
    ...                     "name": "甲园区", "text": "1. 甲园区。", "line_start": 3,
    ...                     "line_end": 3, "precision": "unplaced", "land_area_m2": 2e5}])
    >>> frame.loc[0, "land_area_m2"], frame.loc[0, "location"], frame.loc[0, "item"]
    (np.float64(200000.0), '', <NA>)
    """
    unknown = sorted({k for row in rows for k in row} - set(COLUMNS))
    if unknown:
        msg = f"unknown record field(s) {unknown}; the fields are geoplan.schema.COLUMNS"
        raise SchemaError(msg)
    columns = {}
    for f in FIELDS:
        values = [row.get(f.name) for row in rows]
        if f.dtype == "str":
            columns[f.name] = pd.Series(
                [f.default if v is None else v for v in values], dtype=object
            )
        else:
            columns[f.name] = pd.Series(values, dtype=_pandas_dtype(f.dtype))
    return validate(pd.DataFrame(columns))


def validate(
    frame: pd.DataFrame, *, on_invalid: Literal["raise", "report"] = "raise"
) -> pd.DataFrame:
    """Check a table of records against the schema, reporting every problem at once.

    Parameters
    ----------
    frame
        Records, as a DataFrame or GeoDataFrame. Extra columns (``geometry``)
        are allowed after the schema's columns.
    on_invalid
        ``"raise"``: raise :class:`~geoplan.errors.SchemaError` listing all
        problems; ``"report"``: return the frame with the problems in
        ``frame.attrs["schema_problems"]`` (a list of strings).

    Returns
    -------
    pandas.DataFrame
        The same object, unchanged.

    Raises
    ------
    SchemaError
        If ``on_invalid="raise"`` and anything is wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> validate(pd.DataFrame({"name": ["x"]}))
    Traceback (most recent call last):
    ...
    geoplan.errors.SchemaError: records table does not match geoplan.schema (...
    """
    problems = _problems(frame)
    if on_invalid == "report":
        frame.attrs["schema_problems"] = problems
        return frame
    if problems:
        msg = (
            f"records table does not match geoplan.schema ({len(problems)} problem(s)):\n  - "
            + "\n  - ".join(problems)
            + "\nBuild tables with geoplan.schema.empty() "
            + "or read them with geoplan.schema.read_csv()."
        )
        raise SchemaError(msg)
    return frame


def _problems(frame: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    present = [c for c in frame.columns if c in _BY_NAME]
    if present != [c for c in COLUMNS if c in frame.columns]:
        problems.append("schema columns are not in schema order")
    for name in present:
        field = _BY_NAME[name]
        col = frame[name]
        problems.extend(_column_problems(field, col))
    if "record_id" in frame.columns:
        dup = frame["record_id"][frame["record_id"].duplicated()].unique().tolist()
        if dup:
            problems.append(f"duplicate record_id(s): {', '.join(map(str, dup[:10]))}")
    problems.extend(_value_problems(frame))
    return problems


def _column_problems(field: Field, col: pd.Series) -> list[str]:
    problems: list[str] = []
    if field.dtype == "str":
        # infer_dtype answers "all strings?" in C: a Python test per value took seconds
        # for 100,000 records (benchmarks/scale.py)
        all_text = pd.api.types.infer_dtype(col, skipna=False) in {"string", "empty"}
        bad = col.iloc[:0] if all_text else col[~col.map(lambda v: isinstance(v, str))]
        if len(bad):
            problems.append(
                f"column {field.name!r} must hold strings ('' when absent), got {bad.iloc[0]!r}"
            )
        elif field.required and (col == "").any():
            rows = col.index[col == ""].tolist()[:5]
            problems.append(f"column {field.name!r} is required but empty in row(s) {rows}")
    elif not (pd.api.types.is_numeric_dtype(col) or col.isna().all()):
        problems.append(
            f"column {field.name!r} must be numeric ({field.dtype}), got dtype {col.dtype}"
        )
    elif field.required and col.isna().any():
        rows = col.index[col.isna()].tolist()[:5]
        problems.append(f"column {field.name!r} is required but missing in row(s) {rows}")
    elif field.dtype == "float64" and len(col) and (col.dropna() < 0).any():
        problems.append(f"column {field.name!r} has negative values")
    return problems


def _value_problems(frame: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    for column, allowed in (
        ("kind", KINDS),
        ("precision", PRECISIONS),
        ("work_type", tuple(WORK_TYPES)),
    ):
        if column in frame.columns:
            bad = sorted({str(v) for v in frame[column].unique()} - set(allowed))
            if bad:
                problems.append(f"column {column!r} has {bad}; allowed: {list(allowed)}")
    if {"lon", "lat", "precision"} <= set(frame.columns):
        placed = frame["precision"] != "unplaced"
        no_point = placed & (frame["lon"].isna() | frame["lat"].isna())
        if no_point.any():
            problems.append(f"{int(no_point.sum())} placed record(s) have no lon/lat")
        outside = (frame["lon"].abs() > 180) | (frame["lat"].abs() > 90)
        if outside.any():
            problems.append("lon/lat outside WGS-84 ranges: is the data in EPSG:4326?")
    if {"period_start", "period_end"} <= set(frame.columns):
        both = frame["period_start"].notna() & frame["period_end"].notna()
        backwards = both & (frame["period_start"] > frame["period_end"])
        if backwards.any():
            problems.append(f"{int(backwards.sum())} record(s) end before they start")
    return problems


def to_csv(frame: pd.DataFrame) -> str:
    """Render records as CSV text in schema order, sorted by ``record_id``.

    The output is deterministic (same records, same bytes), so regenerated
    files can be compared with the shipped ones. Writing files is
    :func:`geoplan.records.write`'s job.
    """
    validate(frame)
    out = pd.DataFrame(frame[COLUMNS]).sort_values("record_id", kind="stable")
    return out.to_csv(index=False, lineterminator="\n", float_format=_float_format)


def _float_format(value: float) -> str:
    # Shortest repr that round-trips: stable across platforms and pandas versions.
    return repr(float(value))


def read_csv(path: str | Path | io.StringIO) -> pd.DataFrame:
    """Read a records CSV written by :func:`to_csv` and validate it.

    Raises
    ------
    DataFileError
        If the file is missing, not UTF-8, or not a records table.
    """
    dtypes = {f.name: _pandas_dtype(f.dtype) for f in FIELDS}
    try:
        frame = pd.read_csv(
            path,
            dtype=dtypes,
            keep_default_na=False,
            na_values={f.name: [""] for f in FIELDS if f.dtype != "str"},
            encoding="utf-8",
        )
    except FileNotFoundError as err:
        msg = f"records file not found: {path}. Regenerate it with `geoplan extract --all`."
        raise DataFileError(msg) from err
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError) as err:
        msg = f"cannot read records file {path}: {err}. It must be a UTF-8 CSV written by geoplan."
        raise DataFileError(msg) from err
    for f in FIELDS:
        if f.dtype == "str" and f.name in frame.columns:
            frame[f.name] = frame[f.name].fillna("").astype(object)
    try:
        return validate(frame)
    except SchemaError as err:
        msg = f"records file {path} is not a geoplan records table: {err}"
        raise DataFileError(msg) from err


def _pandas_dtype(dtype: _Dtype) -> object:
    return {"str": object, "Int64": "Int64", "float64": np.float64}[dtype]
