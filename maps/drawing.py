"""The geometry of the server-drawn maps: where each boundary goes in an SVG, and how a value
is shaded. Pure functions of the boundaries (maps.boundaries, SWEREF 99 TM metres) tested as
data; the templates (frontend/templates/frontend/maps/) draw the SVG itself, without script.

Projection: SWEREF 99 TM, Sweden's national grid (a transverse Mercator on 15° E), so the
country keeps its true shape and north is up; an SVG unit is a fixed number of metres.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from maps.boundaries import counties, municipalities, neighbours, to_wgs84

#: The longer side of every map's viewBox, in SVG units (a unit is about 1.5 km on the
#: country map, some tens of metres on one municipality's).
SIZE = 1000
#: Nonzero shading classes; with class 0 (none) the legend has SHADES + 1 rows.
SHADES = 5
#: The key of the whole country's frame (a county's frame has the county's code).
COUNTRY = "SE"
#: Around one municipality: its neighbours show this far (a share of its size) on each side.
SURROUNDINGS = 0.25


@dataclass(frozen=True)
class Frame:
    """The part of SWEREF 99 TM a map shows: x grows east, y south (north up), one SVG unit is
    `scale` metres, and the viewBox is `0 0 width height`."""

    min_x: float
    max_y: float
    scale: float
    width: int
    height: int

    @classmethod
    def around(cls, bounds: Sequence[float], *, margin: float = 0.02) -> Frame:
        """The frame that shows `bounds` (min x, min y, max x, max y in metres) with a margin
        (a share of the longer side) on every side."""
        min_x, min_y, max_x, max_y = bounds
        pad = max(max_x - min_x, max_y - min_y) * margin
        min_x, min_y, max_x, max_y = min_x - pad, min_y - pad, max_x + pad, max_y + pad
        scale = max(max_x - min_x, max_y - min_y) / SIZE
        return cls(
            min_x=min_x,
            max_y=max_y,
            scale=scale,
            # Rounded first: 1000.0000001 units is a viewBox of 1000.
            width=math.ceil(round((max_x - min_x) / scale, 6)),
            height=math.ceil(round((max_y - min_y) / scale, 6)),
        )

    @classmethod
    def of(cls, shapes: Iterable[BaseGeometry], *, margin: float = 0.02) -> Frame:
        """The frame around these shapes."""
        return cls.around(shapely.total_bounds(list(shapes)).tolist(), margin=margin)

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """What the frame shows, in SWEREF 99 TM metres: min x, min y, max x, max y."""
        return (
            self.min_x,
            self.max_y - self.height * self.scale,
            self.min_x + self.width * self.scale,
            self.max_y,
        )

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Where a SWEREF 99 TM point lands, in SVG units."""
        return (x - self.min_x) / self.scale, (self.max_y - y) / self.scale

    def position(self, u: float, v: float) -> tuple[float, float]:
        """The SWEREF 99 TM point at SVG units (u, v): the inverse of `point` (a click on a
        map, dialogues)."""
        return self.min_x + u * self.scale, self.max_y - v * self.scale


def _ring(coords: Sequence[tuple[float, float]], frame: Frame, digits: int) -> str:
    """One closed ring as "M x y l dx dy … z" with rounded, relative steps; empty when the
    ring shrinks to less than a triangle at this scale."""
    factor = 10**digits
    points: list[tuple[int, int]] = []
    for x, y in coords:
        u, v = frame.point(x, y)
        point = (round(u * factor), round(v * factor))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(points) < 3:
        return ""

    def number(value: int) -> str:
        return str(value) if digits == 0 else f"{value / factor:.{digits}f}".rstrip("0").rstrip(".")

    start = points[0]
    steps = [
        f"{number(b[0] - a[0])} {number(b[1] - a[1])}"
        for a, b in zip(points, points[1:], strict=False)
    ]
    return f"M{number(start[0])} {number(start[1])}l" + " ".join(steps) + "z"


def path_data(shape: BaseGeometry, frame: Frame) -> str:
    """The SVG path of a (multi)polygon in the frame, holes included (draw it with
    fill-rule="evenodd"). Whole units first; a shape too small to show in whole units (a
    small municipality on the country map) is drawn with tenths, so every shape shows."""
    polygons = getattr(shape, "geoms", [shape])
    for digits in (0, 1, 2):
        rings = []
        for polygon in polygons:
            rings.append(_ring(polygon.exterior.coords, frame, digits))
            rings.extend(_ring(hole.coords, frame, digits) for hole in polygon.interiors)
        data = "".join(rings)
        if data:
            return data
    return ""


def label_point(shape: BaseGeometry, frame: Frame) -> tuple[float, float]:
    """A point inside the shape (for a label), in SVG units rounded to a tenth."""
    point = shape.representative_point()
    u, v = frame.point(point.x, point.y)
    return round(u, 1), round(v, 1)


@dataclass(frozen=True)
class Shade:
    """One class of values, `low` to `high`, drawn with fill number `index` (0: none)."""

    index: int
    low: int
    high: int


def shades(maximum: int) -> list[Shade]:
    """The classes a map's values are shaded in: 0 alone and 1 alone, then classes that grow
    geometrically up to the largest value, SHADES nonzero classes in all (1, 2–3, 4–10,
    11–32, 33–100 when the largest is 100); each value a class of its own while the largest
    is at most SHADES."""
    classes = [Shade(0, 0, 0)]
    if maximum <= SHADES:
        return classes + [Shade(i, i, i) for i in range(1, maximum + 1)]
    uppers = [1]
    for i in range(1, SHADES):
        uppers.append(max(round(maximum ** (i / (SHADES - 1))), uppers[-1] + 1))
    uppers[-1] = maximum
    low = 1
    for upper in uppers:
        classes.append(Shade(len(classes), low, upper))
        low = upper + 1
    return classes


def shade_of(value: int, classes: Sequence[Shade]) -> Shade:
    """The class a value falls in (the last for anything above it)."""
    for shade in classes:
        if shade.low <= value <= shade.high:
            return shade
    return classes[-1]


# --- The frames and paths every page draws, computed once per process ---------------------


@functools.cache
def frame_for(key: str) -> Frame:
    """The whole country's frame (COUNTRY), or one county's (its code)."""
    if key == COUNTRY:
        return Frame.of(b.shape for b in counties().values())
    return Frame.of([counties()[key].shape])


@functools.cache
def municipality_paths(key: str) -> dict[str, str]:
    """The paths of the municipalities in the frame `key` by code: every one in the country's,
    a county's own in a county's (a municipality's code starts with its county's)."""
    frame = frame_for(key)
    return {
        code: path_data(boundary.shape, frame)
        for code, boundary in municipalities().items()
        if key == COUNTRY or code.startswith(key)
    }


@functools.cache
def county_paths() -> dict[str, str]:
    """The counties' paths in the country's frame, by code."""
    frame = frame_for(COUNTRY)
    return {code: path_data(boundary.shape, frame) for code, boundary in counties().items()}


@functools.cache
def surroundings(code: str) -> tuple[Frame, dict[str, str]]:
    """A frame around one municipality and the paths of it and its neighbours there."""
    own = municipalities()[code]
    min_x, min_y, max_x, max_y = own.shape.bounds
    pad = max(max_x - min_x, max_y - min_y) * SURROUNDINGS
    frame = Frame.around((min_x - pad, min_y - pad, max_x + pad, max_y + pad), margin=0)
    # Neighbours cut to the frame: a shape reaching far outside it would still have its whole
    # extent as its box on the page (over the heading above: axe could not tell the heading's
    # background), and it is drawn for nothing.
    codes = (code, *neighbours()[code])
    paths = {
        c: path_data(shapely.clip_by_rect(municipalities()[c].shape, *frame.bounds), frame)
        for c in codes
    }
    return frame, {c: d for c, d in paths.items() if d}


def point_at(code: str, u: float, v: float) -> tuple[float, float]:
    """The WGS 84 point (longitude, latitude, rounded to six decimals: about 10 cm) at SVG
    units (u, v) of a municipality's map (its `surroundings`): where a click on that map
    lands (the dialogue page and the place form). Whether it lies in the municipality is
    the caller's to check (maps.services.point_in_municipality). A point beyond the map's
    edge is taken at the edge, as the page's picker does."""
    frame, _paths = surroundings(code)
    u, v = min(max(u, 0.0), float(frame.width)), min(max(v, 0.0), float(frame.height))
    longitude, latitude = to_wgs84(*frame.position(u, v))
    return round(longitude, 6), round(latitude, 6)
