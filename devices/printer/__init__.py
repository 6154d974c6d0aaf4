"""Receipt printers: layout to a 1-bit image, ESC/POS, transports, a simulator, a service."""

from .errors import MESSAGES, PrinterError, StatusError
from .layout import QR, WIDTH_DOTS, Block, Bullets, KeyValue, Rule, Spacer, Text, Title, render
from .service import PrinterService, PrintResult
from .status import PrinterStatus

__all__ = [
    "MESSAGES", "QR", "WIDTH_DOTS", "Block", "Bullets", "KeyValue", "PrintResult",
    "PrinterError", "PrinterService", "PrinterStatus", "Rule", "Spacer", "StatusError",
    "Text", "Title", "render",
]
