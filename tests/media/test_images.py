"""A bank's images: refused unless they really are PNG/JPEG/GIF/WebP of at most 2 MB,
served only to those who may see the bank."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.media.images import MAX_IMAGE_BYTES, ImageRefused, check_image
from quizapp.media.store import media_url, store_image
from tests.support.factories import enroll, make_bank, make_classroom, make_user
from tests.support.image_fixtures import HTML_AS_PNG, SVG_AS_PNG, png_bytes


def _stored_image_url(bank) -> str:
    image = check_image(png_bytes())
    store_image(bank, image)
    db.session.commit()
    return media_url(bank.slug, image.sha256, image.content_type)


@pytest.fixture
def private_bank(app):
    return make_bank(slug="private-pictures", owner=make_user(role="teacher"))


def test_an_image_is_served_to_a_student_of_a_class_the_bank_is_assigned_to(
    app, student_client, student, private_bank
):
    url = _stored_image_url(private_bank)
    assert student_client.get(url).status_code == 404

    classroom = make_classroom(teacher=private_bank.owner, banks=[private_bank])
    enroll(classroom, student)
    response = student_client.get(url)
    assert response.status_code == 200
    assert response.data == png_bytes()
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"


def test_an_image_is_hidden_from_anonymous_visitors_even_in_a_built_in_bank(client, app):
    url = _stored_image_url(make_bank(slug="built-in"))
    assert client.get(url).status_code == 404


def test_a_wrong_extension_or_unknown_hash_is_not_found(student_client, app):
    url = _stored_image_url(make_bank(slug="built-in"))
    assert student_client.get(url).status_code == 200
    assert student_client.get(url.replace(".png", ".gif")).status_code == 404
    assert student_client.get(url.replace(".png", ".svg")).status_code == 404
    assert student_client.get(url[:-20] + "0" * 16 + ".png").status_code == 404


def test_the_same_image_twice_is_stored_once(app):
    bank = make_bank()
    first = store_image(bank, check_image(png_bytes()))
    second = store_image(bank, check_image(png_bytes()))
    assert first.id == second.id


@pytest.mark.parametrize("payload", [SVG_AS_PNG, HTML_AS_PNG, b"", b"GIF8"])
def test_bytes_that_are_not_an_image_are_refused_whatever_their_name(payload):
    with pytest.raises(ImageRefused, match="not a PNG, JPEG, GIF or WebP"):
        check_image(payload)


def test_an_image_over_two_megabytes_is_refused():
    oversize = png_bytes() + b"\x00" * (MAX_IMAGE_BYTES + 1)
    with pytest.raises(ImageRefused, match="larger than 2 MB"):
        check_image(oversize)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        (b"GIF89a" + b"\x00" * 16, "image/gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "image/webp"),
    ],
)
def test_jpeg_gif_and_webp_are_recognised_by_their_first_bytes(data, content_type):
    assert check_image(data).content_type == content_type
