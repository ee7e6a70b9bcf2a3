"""Small hand-made data for tests: tables shaped like the real ones, with awkward text."""

import geopandas as gpd
from shapely.geometry import box

#: Text that would run script if it reached HTML unescaped.
EVIL = '<script>alert("x")</script><img src=x onerror=alert(2)>'


def grouping_frame(name=EVIL, role="r&d <b>bold</b>", precision="units", label="核心", note=EVIL):
    """One grouping member over 柯城区's rough extent, as layers.build_grouping returns it."""
    return gpd.GeoDataFrame(
        {
            "layer": ["测试"],
            "member": [name],
            "category": ["核"],
            "category_label": [label],
            "color": ["#d55e00"],
            "role": [role],
            "unit_names": ["柯城区"],
            "adcodes": ["330802"],
            "precision": [precision],
            "area_km2": [609.0],
            "length_km": [float("nan")],
            "places": [""],
            "note": [note],
            "lines": ["396"],
        },
        geometry=[box(118.8, 28.9, 119.0, 29.1)],
        crs=4326,
    )
