"""Errors of the receipt printer: one type with a stable key per user-facing problem."""

from __future__ import annotations


class PrinterError(Exception):
    """Every failure of the printer package; ``key`` is one of MESSAGES.

    ``partial`` is True when a job was cut short after some of it had been printed
    (the roll ran out mid-way), so the caller knows a torn receipt may be in the slot.
    """

    def __init__(self, key: str = "printer.error", detail: str = "", *, partial: bool = False) -> None:
        if key not in MESSAGES:
            key = "printer.error"
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
        self.partial = partial

    def message(self, lang: str = "vi") -> str:
        return MESSAGES[self.key]["en" if lang == "en" else "vi"]


class StatusError(PrinterError):
    """A real-time status answer that is missing, too short/long or breaks the fixed bits."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("printer.error", detail)


MESSAGES: dict[str, dict[str, str]] = {
    "printer.offline": {
        "vi": "Máy in đang tạm ngừng. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer is offline. Please tell a staff member.",
    },
    "printer.no_paper": {
        "vi": "Máy in đã hết giấy. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer is out of paper. Please tell a staff member.",
    },
    "printer.cover_open": {
        "vi": "Nắp máy in đang mở. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer cover is open. Please tell a staff member.",
    },
    "printer.jam": {
        "vi": "Máy in bị kẹt giấy. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer has a paper jam. Please tell a staff member.",
    },
    "printer.not_found": {
        "vi": "Không tìm thấy máy in. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer was not found. Please tell a staff member.",
    },
    "printer.timeout": {
        "vi": "Máy in không phản hồi. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer does not answer. Please tell a staff member.",
    },
    "printer.error": {
        "vi": "Máy in gặp lỗi. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The printer has a fault. Please tell a staff member.",
    },
    "printer.paper_near_end": {
        "vi": "Giấy in sắp hết.",
        "en": "The paper roll is nearly used up.",
    },
}

__all__ = ["MESSAGES", "PrinterError", "StatusError"]
