"""Prototype screenshots: checked by content on upload, served with the prototype's visibility."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from prototypes import services
from tests import factories

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _add(prototype, owner, name: str = "skärmbild.png", content: bytes = PNG):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        return services.prototype_image_add(
            actor=owner,
            prototype=prototype,
            image=SimpleUploadedFile(name, content),
            alt_text="Startsidan med knappen Ansök",
        )


def test_an_image_is_served_to_whoever_sees_the_prototype_with_safe_headers(
    client, prototype, owner
) -> None:
    image = _add(prototype, owner)
    assert "skärmbild" not in image.image.name, "the stored name is random, not the person's"
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG


def test_the_api_and_the_page_link_the_served_image_not_media(
    api, client, prototype, owner
) -> None:
    image = _add(prototype, owner)
    data = api.get(f"/api/v1/prototypes/{prototype.pk}/").json()
    assert data["images"][0]["url"] == image.get_absolute_url()
    assert image.get_absolute_url().encode() in client.get(prototype.get_absolute_url()).content


def test_a_file_that_is_not_the_image_its_name_says_is_refused(prototype, owner) -> None:
    with pytest.raises(ValidationError) as refused:
        _add(prototype, owner, name="bild.png", content=b"<html><script>alert(1)</script>")
    assert "is not the image its name says" in str(refused.value)
    assert not prototype.images.exists()


def test_other_types_are_refused_with_the_allowed_ones_named(prototype, owner) -> None:
    with pytest.raises(ValidationError, match="PNG, JPEG, WebP or GIF"):
        _add(prototype, owner, name="bild.svg", content=b"<svg onload=alert(1)>")


def test_an_image_of_a_members_only_idea_is_404_to_outsiders(
    client, members_idea, owner, outsider
) -> None:
    prototype = factories.prototype(idea=members_idea, created_by=owner)
    image = _add(prototype, owner)
    client.force_login(outsider)
    assert client.get(image.get_absolute_url()).status_code == 404
    client.force_login(owner)
    assert client.get(image.get_absolute_url()).status_code == 200


def test_an_image_id_of_another_prototype_is_404(client, prototype, members_idea, owner) -> None:
    other = factories.prototype(idea=members_idea, created_by=owner)
    image = _add(other, owner)
    response = client.get(f"/prototyper/{prototype.pk}/bilder/{image.pk}/")
    assert response.status_code == 404
