"""A photo's GPS position is taken out before it is kept; a photo without one is kept byte for
byte; what only starts like a picture, or would unpack into a bomb, is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mediasi.images import GPS_IFD, UnreadableImage, without_location
from tests.pictures import photo


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_the_location_is_taken_out_and_the_rest_kept(fmt: str) -> None:
    data = photo(fmt, located=True)
    assert GPS_IFD in Image.open(io.BytesIO(data)).getexif()
    kept, removed = without_location(data)
    assert removed
    stored = Image.open(io.BytesIO(kept))
    assert GPS_IFD not in stored.getexif()
    assert stored.getexif()[0x010F] == "Merek HP"
    assert stored.size == (64, 48)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_photo_without_a_location_is_kept_byte_for_byte(fmt: str) -> None:
    data = photo(fmt, located=False)
    assert without_location(data) == (data, False)


def test_what_only_starts_like_a_photo_is_refused() -> None:
    with pytest.raises(UnreadableImage):
        without_location(b"\xff\xd8\xff\xe0 bukan foto")


def test_a_decompression_bomb_is_refused() -> None:
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(UnreadableImage):
        without_location(out.getvalue())
