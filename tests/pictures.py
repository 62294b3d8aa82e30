"""Photos as phones make them: a small picture, the phone's make in its EXIF, and the place it
was taken when asked."""

from __future__ import annotations

import io

from PIL import Image

from mediasi.images import GPS_IFD


def photo(fmt: str = "JPEG", *, located: bool = True) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Merek HP"
    if located:
        gps = exif.get_ifd(GPS_IFD)
        gps.update({1: "S", 2: (7.0, 58.0, 12.0), 3: "E", 4: (112.0, 37.0, 5.0)})
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(out, fmt, exif=exif)
    return out.getvalue()


def has_location(data: bytes) -> bool:
    return GPS_IFD in Image.open(io.BytesIO(data)).getexif()
