"""geoplan: maps of what Zhejiang's plans say happens where.

>>> import geoplan
>>> atlas = geoplan.load()
>>> atlas.grouping("两核四圈")["member"].tolist()
['杭州', '宁波', '杭绍嘉湖服务业经济圈', '甬舟服务业经济圈', '温台服务业经济圈', '金衢丽服务业经济圈']
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
