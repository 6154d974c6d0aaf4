"""ESC/POS through python-escpos: one Escpos subclass whose ``_raw`` is our transport.

All protocol bytes come from python-escpos's base class (init, GS v 0 raster image,
feed, partial cut, DLE EOT real-time status); this module only connects it to a
transport with timeouts and adds the status requests python-escpos has no constant for.
"""

from __future__ import annotations

import copy
import time

from escpos.constants import HW_INIT
from escpos.escpos import Escpos
from PIL import Image

from .errors import PrinterError, StatusError
from .status import QUERIES, UNCHECKED, PrinterStatus, status_from_answers
from .transport import Transport

CHUNK = 4096  # bytes per write: a stalled printer is noticed within one timeout
FRAGMENT = 960  # rows per GS v 0 command, python-escpos's default: fits printer buffers


class KioskEscpos(Escpos):
    """An ESC/POS printer over a :class:`Transport`. ``width_dots`` is the printable width."""

    def __init__(self, transport: Transport, width_dots: int, *, timeout: float = 5.0) -> None:
        super().__init__(profile="default")
        # The default profile knows no paper width; give it ours (on a private copy of the
        # shared profile data) so python-escpos refuses an image wider than the head.
        self.profile.profile_data = copy.deepcopy(self.profile.profile_data)
        self.profile.profile_data["media"]["width"]["pixels"] = width_dots
        self.profile.profile_data["media"]["dpi"] = 203
        self.transport = transport
        self.timeout = timeout
        self.width_dots = width_dots
        self.sent = 0
        self._device = transport  # opened by the owner; stops Escpos.device from re-opening

    def _raw(self, msg: bytes) -> None:
        for i in range(0, len(msg), CHUNK):
            chunk = bytes(msg[i:i + CHUNK])
            self.transport.write(chunk, self.timeout)
            self.sent += len(chunk)

    def _read(self) -> bytes:
        return self.transport.read(1, self.timeout)

    def close(self) -> None:
        # Escpos.__del__ calls close(); the transport belongs to the service, not to us.
        pass

    # -- status -----------------------------------------------------------------------

    def read_status(self) -> PrinterStatus:
        """Ask DLE EOT 1..4 and parse the answers; StatusError if one is missing or bad."""
        if not self.transport.can_read:
            return UNCHECKED
        self.transport.drain()
        answers: dict[int, bytes] = {}
        for n, query in QUERIES.items():
            answer = self.query_status(query)
            if not answer:
                raise StatusError(f"no answer to DLE EOT {n} within {self.timeout:.1f} s")
            answers[n] = answer
        return status_from_answers(answers)

    # -- printing ---------------------------------------------------------------------

    def raster_1bit(self, img: Image.Image) -> None:
        """GS v 0 for an image already in mode "1": the same bytes as python-escpos's
        ``image(impl="bitImageRaster")`` (a test holds them equal) without its RGBA round
        trip and dithering, which cost more than the rest of the receipt."""
        wb = (img.width + 7) // 8
        for top in range(0, img.height, FRAGMENT):
            part = img.crop((0, top, img.width, min(top + FRAGMENT, img.height)))
            header = (b"\x1dv0\x00" + self._int_low_high(wb, 2)
                      + self._int_low_high(part.height, 2))
            # "1;I": a set bit is a black dot, as ESC/POS wants.
            self._raw(header + part.tobytes("raw", "1;I"))

    def print_image(self, img: Image.Image, *, cut: bool = True) -> None:
        if img.width > self.width_dots:
            raise PrinterError("printer.error", f"image {img.width} dots wide > {self.width_dots}")
        self._raw(HW_INIT)
        if img.mode == "1":
            self.raster_1bit(img)
        else:
            self.image(img, impl="bitImageRaster", fragment_height=FRAGMENT)
        if cut:
            self.cut(mode="PART", feed=True)


class _Recorder(Transport):
    can_read = False

    def __init__(self) -> None:
        super().__init__("memory://")
        self.data = bytearray()

    def write(self, data: bytes, timeout: float) -> None:
        self.data += data


def encode_image(img: Image.Image, width_dots: int, *, cut: bool = True) -> bytes:
    """The exact ESC/POS job bytes for ``img`` (what print_image would send)."""
    rec = _Recorder()
    KioskEscpos(rec, width_dots).print_image(img, cut=cut)
    return bytes(rec.data)


def timed_status(printer: KioskEscpos) -> tuple[PrinterStatus, float]:
    t = time.perf_counter()
    st = printer.read_status()
    return st, time.perf_counter() - t
