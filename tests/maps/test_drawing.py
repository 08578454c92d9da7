"""Where boundaries land in the SVG, and how values are shaded: maps.drawing as data."""

from __future__ import annotations

import re

import shapely

from maps import boundaries, drawing
from maps.drawing import Frame, Shade


def test_a_frame_puts_north_up_and_its_longer_side_at_the_map_size() -> None:
    frame = Frame.around((100_000, 6_000_000, 300_000, 7_000_000), margin=0)
    assert (frame.width, frame.height) == (200, 1000)
    assert frame.viewbox == "0 0 200 1000"
    assert frame.point(100_000, 7_000_000) == (0, 0)  # north-west corner: top left
    assert frame.point(300_000, 6_000_000) == (200, 1000)  # south-east: bottom right


def test_a_polygon_becomes_a_relative_path_with_its_hole() -> None:
    frame = Frame.around((0, 0, 1000, 1000), margin=0)  # one unit per metre
    square = shapely.Polygon(
        [(0, 0), (1000, 0), (1000, 1000), (0, 1000)],
        holes=[[(400, 400), (600, 400), (600, 600), (400, 600)]],
    )
    assert drawing.path_data(square, frame) == (
        "M0 1000l1000 0 0 -1000 -1000 0z" + "M400 600l200 0 0 -200 -200 0z"
    )


def test_points_that_fall_together_at_the_scale_are_drawn_once() -> None:
    frame = Frame.around((0, 0, 10_000, 10_000), margin=0)  # ten metres a unit
    shape = shapely.Polygon([(0, 0), (2, 1), (5_000, 0), (5_000, 5_000)])
    assert drawing.path_data(shape, frame) == "M0 1000l500 0 0 -500z"


def test_a_shape_too_small_for_whole_units_is_drawn_in_tenths() -> None:
    frame = Frame.around((0, 0, 1_000_000, 1_000_000), margin=0)  # a kilometre a unit
    tiny = shapely.Polygon([(0, 0), (400, 0), (400, 400), (0, 400)])
    assert drawing.path_data(tiny, frame) == "M0 1000l0.4 0 0 -0.4 -0.4 0z"


def test_every_municipality_is_drawn_on_the_map_of_sweden() -> None:
    paths = drawing.municipality_paths(drawing.COUNTRY)
    assert len(paths) == 290
    assert all(re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", d) for d in paths.values())
    frame = drawing.frame_for(drawing.COUNTRY)
    assert frame.height == drawing.SIZE and 400 < frame.width < 500  # Sweden is tall


def test_a_countys_map_draws_its_own_municipalities() -> None:
    assert set(drawing.municipality_paths("23")) == {
        code for code in boundaries.municipalities() if code.startswith("23")
    }


def test_a_municipalitys_surroundings_show_it_and_its_neighbours() -> None:
    frame, paths = drawing.surroundings("2309")
    assert set(paths) == {"2309", *boundaries.neighbours()["2309"]}
    assert all(paths.values())
    # Krokom itself fits inside the frame.
    min_x, min_y, max_x, max_y = boundaries.municipalities()["2309"].shape.bounds
    left, top = frame.point(min_x, max_y)
    right, bottom = frame.point(max_x, min_y)
    assert 0 < left < right < frame.width and 0 < top < bottom < frame.height


def test_a_point_on_a_municipalitys_map_is_the_wgs84_point_there() -> None:
    """The SVG units of Föllinge on Krokom's map (where a click there lands: the dialogue
    page, the place form) come back as Föllinge, inside Krokom."""
    follinge = (14.6160, 63.6660)
    frame, _paths = drawing.surroundings("2309")
    u, v = frame.point(*boundaries.to_sweref(*follinge))
    longitude, latitude = drawing.point_at("2309", u, v)
    assert abs(longitude - follinge[0]) < 1e-6 and abs(latitude - follinge[1]) < 1e-6
    point = shapely.Point(*boundaries.to_sweref(longitude, latitude))
    assert boundaries.municipalities()["2309"].shape.contains(point)
    # One SVG unit further east is a point further east (the map's x grows east).
    assert drawing.point_at("2309", u + 1, v)[0] > longitude


def test_a_point_beyond_the_maps_edge_is_taken_at_the_edge() -> None:
    frame, _paths = drawing.surroundings("2309")
    assert drawing.point_at("2309", 1e300, -5) == drawing.point_at("2309", frame.width, 0)


def _points(path: str) -> list[tuple[float, float]]:
    """The absolute points of a path written as "M x y l dx dy … z" rings."""
    points = []
    for ring in filter(None, path.split("M")):
        start, _, steps = ring.rstrip("z").partition("l")
        x, y = map(float, start.split())
        points.append((x, y))
        numbers = list(map(float, steps.split()))
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def test_neighbours_are_cut_to_the_frame_of_a_municipalitys_surroundings() -> None:
    """A neighbour reaching far outside the small map is cut at its edge (drawn whole, its box
    covered the heading above the map, and axe could not measure the heading's contrast)."""
    for code in ("2309", "2482", "0180"):
        frame, paths = drawing.surroundings(code)
        for path in paths.values():
            for x, y in _points(path):
                assert -0.5 <= x <= frame.width + 0.5 and -0.5 <= y <= frame.height + 0.5


def _ranges(classes: list[Shade]) -> list[tuple[int, int]]:
    return [(s.low, s.high) for s in classes]


def test_shades_give_each_small_value_its_own_class() -> None:
    assert _ranges(drawing.shades(0)) == [(0, 0)]
    assert _ranges(drawing.shades(3)) == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_shades_grow_geometrically_up_to_the_largest_value() -> None:
    assert _ranges(drawing.shades(100)) == [(0, 0), (1, 1), (2, 3), (4, 10), (11, 32), (33, 100)]
    classes = drawing.shades(100_000)
    assert len(classes) == drawing.SHADES + 1
    assert classes[-1].high == 100_000
    assert all(a.high + 1 == b.low for a, b in zip(classes, classes[1:], strict=False))


def test_a_value_falls_in_its_class() -> None:
    classes = drawing.shades(100)
    assert [drawing.shade_of(v, classes).index for v in (0, 1, 3, 4, 32, 33, 100)] == [
        0,
        1,
        2,
        3,
        4,
        5,
        5,
    ]
