"""The optional tile background (MAP_TILE_URL): none by default and the CSP stays 'self';
configured, the place page shows the place on four tiles from that one origin, which the
CSP then allows for images, and nothing else."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from pyproj import Transformer

from accounts.models import Organisation, User
from maps import services, tiles

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TILE_URL = "https://tiles.example.se/osm/{z}/{x}/{y}.png"
KUSMARK = (20.95, 64.75)


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Load hub.settings in a fresh process with `env` (settings read it at import)."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAP_TILE")}
    environ |= {"DJANGO_SETTINGS_MODULE": "hub.settings", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_a_tile_url_the_csp_allows_images_from_the_site_only() -> None:
    result = _settings_with({})
    assert result.returncode == 0, result.stderr
    directives = json.loads(result.stdout)
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["default-src"] == ["'self'"]


def test_a_tile_url_adds_its_origin_to_img_src_and_nothing_else() -> None:
    result = _settings_with({"MAP_TILE_URL": TILE_URL})
    assert result.returncode == 0, result.stderr
    directives = json.loads(result.stdout)
    assert directives["img-src"] == ["'self'", "data:", "https://tiles.example.se"]
    assert directives["default-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'", "ws:", "wss:"]


@pytest.mark.parametrize(
    "url",
    [
        "tiles.example.se/{z}/{x}/{y}.png",  # no scheme
        "https://tiles.example.se/tiles.png",  # no {z}/{x}/{y}
        "https://{s}.tile.example.se/{z}/{x}/{y}.png",  # a placeholder in the host
        "javascript:alert(1)//{z}{x}{y}",
    ],
)
def test_a_tile_url_that_cannot_work_stops_the_start_with_a_message(url: str) -> None:
    result = _settings_with({"MAP_TILE_URL": url})
    assert result.returncode != 0
    assert "MAP_TILE_URL must be an http(s) address with {z}, {x} and {y}" in result.stderr


def _owner_place(owner: User, skelleftea: Organisation) -> int:
    place = services.place_create(
        actor=owner, organisation=skelleftea, kind="shop", name="Byns butik", point=KUSMARK
    )
    return place.pk


def test_the_place_page_has_no_tiles_by_default(
    client: Client, owner: User, skelleftea: Organisation
) -> None:
    page = client.get(f"/platser/{_owner_place(owner, skelleftea)}/").content.decode()
    assert "<image" not in page
    assert "bakgrundskarta" not in page


def test_with_a_tile_url_the_place_page_shows_the_place_on_four_tiles(
    client: Client, owner: User, skelleftea: Organisation, settings
) -> None:
    settings.MAP_TILE_URL = TILE_URL
    settings.MAP_TILE_ORIGIN = "https://tiles.example.se"
    settings.MAP_TILE_ATTRIBUTION = "© OpenStreetMaps bidragsgivare"
    page = client.get(f"/platser/{_owner_place(owner, skelleftea)}/").content.decode()
    hrefs = re.findall(r'<image href="([^"]+)"', page)
    assert len(hrefs) == 4
    assert all(h.startswith("https://tiles.example.se/osm/14/") for h in hrefs)
    assert "Byns butik (svart fyrkant) på en bakgrundskarta från tiles.example.se." in page
    assert "© OpenStreetMaps bidragsgivare" in page


def test_the_point_lies_in_its_tile_as_web_mercator_puts_it(settings) -> None:
    """The tile arithmetic against pyproj's Web Mercator (EPSG:3857), computed apart."""
    settings.MAP_TILE_URL = "https://t.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_ORIGIN = "https://t.example"
    settings.MAP_TILE_ATTRIBUTION = ""
    half = 20037508.342789244  # half the Web Mercator world, metres
    to_mercator = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    for lon, lat in (KUSMARK, (14.6160, 63.6660), (13.0, 55.6), (24.1, 65.8)):
        found = tiles.background(lon, lat)
        assert found is not None
        x, y = to_mercator.transform(lon, lat)
        n = 2**tiles.ZOOM
        tx, ty = (x + half) / (2 * half) * n, (half - y) / (2 * half) * n
        first = found.tiles[0]
        col, row = (int(part) for part in first.url.removesuffix(".png").split("/")[-2:])
        # The point, in the picture's pixels, is where pyproj puts it (to a hundredth of a px).
        assert math.isclose(found.point[0], (tx - col) * tiles.TILE, abs_tol=0.01)
        assert math.isclose(found.point[1], (ty - row) * tiles.TILE, abs_tol=0.01)
        # Near the middle of the four tiles, never at an edge.
        assert tiles.TILE / 2 <= found.point[0] <= 1.5 * tiles.TILE
        assert tiles.TILE / 2 <= found.point[1] <= 1.5 * tiles.TILE
