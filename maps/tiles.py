"""An optional background of map tiles around a place, for those who configure a tile server
(`MAP_TILE_URL`, such as https://tiles.example.se/{z}/{x}/{y}.png, in the usual Web Mercator
"slippy map" scheme). Nothing is fetched by the server: the page names four tiles and the
reader's browser loads them from that one origin, which the CSP then allows
(hub/settings.py). Without the setting there are no tiles.

The maps drawn by Delahub stay in SWEREF 99 TM; tiles are in Web Mercator, so they are shown
apart, as their own picture, never under the SVG (in the north the two grids differ by a
turn of several degrees)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings

#: About 1–1.4 km a tile across Sweden: a village and its roads.
ZOOM = 14
#: Pixels a tile.
TILE = 256


@dataclass(frozen=True)
class Tile:
    url: str
    #: Where it goes in the 512 × 512 picture.
    x: int
    y: int


@dataclass(frozen=True)
class Background:
    """Two by two tiles around a point, and where the point is in them (pixels)."""

    tiles: list[Tile]
    point: tuple[float, float]
    host: str
    attribution: str
    size: int = 2 * TILE


def background(longitude: float, latitude: float, zoom: int = ZOOM) -> Background | None:
    """The tiles around the point with the point near their middle, or None when no tile
    server is configured."""
    template = settings.MAP_TILE_URL
    if not template:
        return None
    n = 2**zoom
    # Web Mercator's tile coordinates of the point (fractional), as OpenStreetMap defines them.
    fx = (longitude + 180.0) / 360.0 * n
    fy = (1.0 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2.0 * n
    left = math.floor(fx - 0.5)
    top = min(max(math.floor(fy - 0.5), 0), n - 2)
    tiles = [
        Tile(
            template.replace("{z}", str(zoom))
            .replace("{x}", str((left + dx) % n))
            .replace("{y}", str(top + dy)),
            dx * TILE,
            dy * TILE,
        )
        for dy in (0, 1)
        for dx in (0, 1)
    ]
    point = ((fx - left) * TILE, (fy - top) * TILE)
    return Background(
        tiles,
        point,
        host=settings.MAP_TILE_ORIGIN.partition("://")[2],
        attribution=settings.MAP_TILE_ATTRIBUTION,
    )
