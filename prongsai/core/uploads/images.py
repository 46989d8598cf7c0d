"""Images decoded behind the pixel limit, turned upright, scaled down and re-encoded without metadata."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from prongsai.core.uploads.kinds import DAMAGED, PIL_FORMATS, TOO_MANY_PIXELS, Kind, UploadRejected

if TYPE_CHECKING:  # Pillow is imported by the functions that decode: a process serving pages never loads it
    from PIL import Image

DEFAULT_MAX_IMAGE_PIXELS = 89_478_485  # Pillow's own default, used if someone set Image.MAX_IMAGE_PIXELS to None
_JPEG_QUALITY = 85


_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})


def _open_image(data: bytes, kind: Kind, *, name: str, max_side: int) -> Image.Image:
    """Decode ``data`` (only as the sniffed format) behind the pixel limit; JPEGs at a reduced scale if possible."""
    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS or DEFAULT_MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]])
    except Image.DecompressionBombError as exc:
        raise UploadRejected(TOO_MANY_PIXELS, code="too_many_pixels", params={"name": name}) from exc
    except Exception as exc:  # untrusted input: Pillow raises many kinds of errors on malformed files
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    width, height = image.size
    if width * height > limit:
        image.close()
        raise UploadRejected(TOO_MANY_PIXELS, code="too_many_pixels", params={"name": name})
    try:
        if kind is Kind.JPEG:
            image.draft(None, (max_side, max_side))  # let libjpeg decode at 1/2, 1/4 or 1/8 scale
        image.load()
    except Exception as exc:
        image.close()
        raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc
    return image


def clean_image(data: bytes, kind: Kind, *, name: str, max_side: int) -> tuple[bytes, int, int]:
    """Upright, scaled down and re-encoded without metadata: ``(bytes, width, height)``."""
    from PIL import ImageOps

    with _open_image(data, kind, name=name, max_side=max_side) as opened:
        try:
            return _reencode(ImageOps.exif_transpose(opened), kind, max_side=max_side)
        except Exception as exc:  # a malformed EXIF block, a mode Pillow cannot convert or write
            raise UploadRejected(DAMAGED, code="damaged", params={"name": name}) from exc


def _reencode(image: Image.Image, kind: Kind, *, max_side: int) -> tuple[bytes, int, int]:
    """``image`` in the stored format: mode the format can hold, longer side at most ``max_side``, no info."""
    from PIL import Image

    transparency = image.info.get("transparency")
    if kind is Kind.JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    else:
        if image.mode not in _PNG_MODES:
            image = image.convert("RGBA")
        if max(image.size) > max_side and image.mode in ("1", "P"):  # resampling needs real colours
            image = image.convert("RGBA" if image.mode == "P" else "L")
            transparency = None
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Nothing of the original's info survives: Pillow writes "comment", "icc_profile", "exif"... from it.
    image.info = {}
    if transparency is not None and kind is Kind.PNG and image.mode in ("1", "L", "P", "RGB"):
        image.info["transparency"] = transparency
    out = io.BytesIO()
    if kind is Kind.JPEG:
        image.save(out, "JPEG", quality=_JPEG_QUALITY, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue(), image.width, image.height
