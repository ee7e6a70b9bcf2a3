"""geoplan: maps of what Zhejiang's plans say happens where.

>>> import geoplan
>>> atlas = geoplan.load()
>>> atlas.grouping("两核四圈")[["member", "category"]].head(3).values.tolist()
[['杭州', '两核'], ['宁波', '两核'], ['杭绍嘉湖服务业经济圈', '四圈']]
"""

from __future__ import annotations

from geoplan.atlas import Atlas, load
from geoplan.errors import (
    CoordinateError,
    DataFileError,
    GeoplanError,
    SchemaError,
    UnknownNameError,
)

__all__ = [
    "Atlas",
    "CoordinateError",
    "DataFileError",
    "GeoplanError",
    "SchemaError",
    "UnknownNameError",
    "__version__",
    "load",
]
__version__ = "0.1.0"
