"""`image://qr/<text>`: a QR code drawn crisp at the size QML asks for."""

from __future__ import annotations

from urllib.parse import unquote

import qrcode
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "qr"


def qr_matrix(text: str) -> list[list[bool]]:
    # Medium error correction survives a scratched or glare-lit screen photo.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return qr.get_matrix()


def qr_image(text: str, side: int) -> QImage:
    matrix = qr_matrix(text)
    n = len(matrix)
    module = max(1, side // n)  # whole pixels per module keep the code sharp for scanners
    img = QImage(n * module, n * module, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * module, y * module, module, module)
    painter.end()
    return img


class QrImageProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:  # noqa: A002
        side = max(requested.width(), requested.height(), 256)
        img = qr_image(unquote(id), side)
        if size is not None:
            size.setWidth(img.width())
            size.setHeight(img.height())
        return img
