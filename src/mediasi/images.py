"""A resident's photo without the place it was taken: phones write the GPS position into a
photo's EXIF (and sometimes its XMP), which would tell whoever opens the file where the
reporter lives. Pillow reads the photo; a photo that holds no location is kept byte for byte,
one that does is written again without it (JPEG with its own quantisation, so it looks the
same)."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Beyond this many pixels a "photo" is a decompression bomb, not a picture of a boundary.
MAX_PIXELS = 40_000_000
GPS_IFD = 0x8825


class UnreadableImage(ValueError):
    """The bytes start like a JPEG or PNG but are not a picture Pillow can read."""


def without_location(data: bytes) -> tuple[bytes, bool]:
    """(the photo to store, whether a location was taken out of it)."""
    # Pillow is imported here, not with the module: a worker that is never sent a photo
    # need not hold it (the server's memory target is per worker).
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableImage("too many pixels")
            image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise UnreadableImage(str(exc)) from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnreadableImage(str(exc)) from exc
    exif = image.getexif()
    located = GPS_IFD in exif or "xmp" in image.info or "XML:com.adobe.xmp" in image.info
    if not located:
        return data, False
    exif.pop(GPS_IFD, None)
    out = io.BytesIO()
    if image.format == "JPEG":
        image.save(out, "JPEG", quality="keep", exif=exif.tobytes(), **_icc(image))
    else:
        image.save(out, "PNG", exif=exif.tobytes(), **_icc(image))
    return out.getvalue(), True


def _icc(image: Image.Image) -> dict[str, bytes]:
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if isinstance(profile, bytes) else {}
