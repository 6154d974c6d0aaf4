"""Receipt printers: layout to a 1-bit image, ESC/POS, transports, a simulator, a service.

The layout (Pillow) and the service (python-escpos, whose printer profiles take a quarter
of a second to load) are imported on first use, so that importing the errors or the
status model costs nothing at the kiosk's start-up.
"""

from importlib import import_module
from typing import Any

from .errors import MESSAGES, PrinterError, StatusError
from .status import PrinterStatus

_LAZY = {
    "QR": "layout", "WIDTH_DOTS": "layout", "Block": "layout", "Bullets": "layout",
    "KeyValue": "layout", "Rule": "layout", "Spacer": "layout", "Text": "layout",
    "Title": "layout", "render": "layout",
    "PrinterService": "service", "PrintResult": "service",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "MESSAGES", "QR", "WIDTH_DOTS", "Block", "Bullets", "KeyValue", "PrintResult",
    "PrinterError", "PrinterService", "PrinterStatus", "Rule", "Spacer", "StatusError",
    "Text", "Title", "render",
]
