"""`image://face/<n>`: the chip's face image, for a ward officer in assisted mode.

The bytes live only in the UI context's memory (`UiContext.face`) while the confirm
screen shows them; the identity bridge drops them when the screen or the visit ends.
QImage reads JPEG; a chip's JPEG 2000 goes through Pillow when it can read it.
"""

from __future__ import annotations

import io

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "face"


def decode_face(data: bytes) -> QImage:
    img = QImage.fromData(data)
    if not img.isNull():
        return img
    try:
        from PIL import Image, UnidentifiedImageError

        with Image.open(io.BytesIO(data)) as pil:
            buf = io.BytesIO()
            pil.convert("RGB").save(buf, "PNG")
        return QImage.fromData(buf.getvalue(), "PNG")
    except (ImportError, OSError, ValueError, UnidentifiedImageError):
        return QImage()


class FaceImageProvider(QQuickImageProvider):
    def __init__(self, ctx) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._ctx = ctx

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:  # noqa: A002
        data = self._ctx.face
        img = decode_face(data) if data else QImage()
        if img.isNull():
            img = QImage(1, 1, QImage.Format.Format_ARGB32)
            img.fill(0)
        if size is not None:
            size.setWidth(img.width())
            size.setHeight(img.height())
        return img
