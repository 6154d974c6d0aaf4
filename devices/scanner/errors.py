"""The one error type of the scanner drivers, with a stable translation ``key``.

The message is for logs only and never contains scanned text (a card QR holds a name and
an ID number). ``MESSAGES`` gives every key a plain sentence in Vietnamese and English.
"""

from __future__ import annotations


class ScannerError(Exception):
    """Every failure of a scanner driver or of its decoders."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


NOT_FOUND = "scanner.not_found"
PERMISSION = "scanner.permission"
DISCONNECTED = "scanner.disconnected"
GARBLED = "scanner.garbled"
TOO_LONG = "scanner.too_long"
BAD_URI = "scanner.bad_uri"
IO = "scanner.io"
BUSY = "scanner.busy"

MESSAGES: dict[str, dict[str, str]] = {
    NOT_FOUND: {
        "vi": "Không tìm thấy máy quét mã QR. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The QR code scanner was not found. Please tell a staff member.",
    },
    PERMISSION: {
        "vi": "Ki-ốt không có quyền dùng máy quét mã QR. Vui lòng báo cán bộ kỹ thuật.",
        "en": "The kiosk is not allowed to use the QR code scanner. Please tell a technician.",
    },
    DISCONNECTED: {
        "vi": "Máy quét mã QR bị ngắt kết nối. Ki-ốt đang thử kết nối lại.",
        "en": "The QR code scanner was disconnected. The kiosk is reconnecting.",
    },
    GARBLED: {
        "vi": "Máy quét đọc mã không rõ. Vui lòng quét lại.",
        "en": "The scanner did not read the code cleanly. Please scan it again.",
    },
    TOO_LONG: {
        "vi": "Mã quét quá dài, không phải mã ki-ốt đọc được. Vui lòng quét lại.",
        "en": "The scanned code is too long to be one the kiosk reads. Please scan again.",
    },
    BAD_URI: {
        "vi": "Cấu hình máy quét mã QR không hợp lệ. Vui lòng báo cán bộ kỹ thuật.",
        "en": "The QR code scanner is not configured correctly. Please tell a technician.",
    },
    IO: {
        "vi": "Máy quét mã QR gặp lỗi. Ki-ốt đang thử lại.",
        "en": "The QR code scanner has a problem. The kiosk is retrying.",
    },
    BUSY: {
        "vi": "Máy quét mã QR đang được chương trình khác sử dụng. Vui lòng báo cán bộ kỹ thuật.",
        "en": "Another program is using the QR code scanner. Please tell a technician.",
    },
}

__all__ = ["MESSAGES", "ScannerError"]
