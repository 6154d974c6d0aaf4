"""Serial and USB-CDC scanners (/dev/ttyACM*, /dev/ttyUSB*) through pyserial.

A scan is one line ended by CR, LF or CR LF, in UTF-8. Bytes that are not UTF-8 are
decoded with replacement characters and the scan is marked "scanner.garbled"; a line
whose terminator never comes is ended by the gap timeout. Unplugging makes reads fail:
the state goes "disconnected" and the worker re-opens the port when it is back.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.scanner.errors import (
    BUSY,
    DISCONNECTED,
    GARBLED,
    IO,
    NOT_FOUND,
    PERMISSION,
    TOO_LONG,
)
from devices.scanner.keyboard import MAX_LEN
from devices.scanner.port import DISCONNECTED as S_DISCONNECTED
from devices.scanner.port import ERROR, READY, WorkerScanner

log = logging.getLogger(__name__)


class LineSplitter:
    """Bytes in, lines out; CR, LF and CR LF all end a line (CR LF counts once).

    Holds at most `max_len` bytes: a longer line is dropped and reported once.
    """

    def __init__(self, max_len: int = MAX_LEN * 4) -> None:
        self.max_len = max_len
        self._buf = bytearray()
        self._after_cr = False
        self._overflow = False

    @property
    def pending(self) -> bool:
        return bool(self._buf) or self._overflow

    def feed(self, data: bytes) -> tuple[list[bytes], bool]:
        """(complete lines, whether a line was dropped for being too long)."""
        lines: list[bytes] = []
        dropped = False
        for b in data:
            if b == 0x0A and self._after_cr:
                self._after_cr = False  # the LF of a CR LF
                continue
            self._after_cr = b == 0x0D
            if b in (0x0A, 0x0D):
                if self._overflow:
                    self._overflow = False
                elif self._buf:
                    lines.append(bytes(self._buf))
                self._buf.clear()
                continue
            if self._overflow:
                continue
            if len(self._buf) >= self.max_len:
                self._buf.clear()
                self._overflow = dropped = True
                continue
            self._buf.append(b)
        return lines, dropped

    def flush(self) -> bytes | None:
        """The partial line, ended by the gap timeout."""
        line, overflow = bytes(self._buf), self._overflow
        self._buf.clear()
        self._overflow = self._after_cr = False
        return line if line and not overflow else None


def decode_line(raw: bytes) -> tuple[str, str | None]:
    """UTF-8 text of a line and None, or a best-effort text and "scanner.garbled"."""
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM some scanners send first
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), GARBLED


class SerialScanner(WorkerScanner):
    kind = "serial"

    def __init__(self, path: str, *, baud: int = 9600, gap: float = 0.1, reopen: float = 1.0,
                 max_len: int = MAX_LEN * 4,
                 serial_factory: Callable[..., Any] | None = None) -> None:
        super().__init__(f"serial:{path}")
        self.path, self.baud, self.gap, self.reopen, self.max_len = path, baud, gap, reopen, max_len
        self._factory = serial_factory or serial.Serial
        self._port: Any = None
        self._ever_opened = False

    def _extra_diagnostics(self) -> dict[str, Any]:
        return {"path": self.path, "baud": self.baud, "gap_s": self.gap,
                "open": self._port is not None}

    def _open(self) -> Any:
        missing = DISCONNECTED if self._ever_opened else NOT_FOUND
        try:
            port = self._factory(self.path, baudrate=self.baud, timeout=self.poll,
                                 exclusive=True)
        except serial.SerialException as exc:
            code = getattr(exc, "errno", None)
            if code in (errno.EACCES, errno.EPERM):
                self._set_state(ERROR, PERMISSION)
            elif code in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK):
                self._set_state(ERROR, BUSY)  # another program holds the port
            elif code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO):
                self._set_state(S_DISCONNECTED, missing)
            else:
                self._warn_once("opening %s failed: %s", self.path, exc)
                self._set_state(ERROR, IO)
            return None
        except (OSError, ValueError) as exc:
            self._warn_once("opening %s failed: %s", self.path, exc)
            self._set_state(ERROR, IO)
            return None
        self._ever_opened = True
        with self._lock:
            self._counts["opens"] += 1
        return port

    def _close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (OSError, serial.SerialException):
                pass  # already gone

    def _cleanup(self) -> None:
        self._close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._port = self._open()
            if self._port is None:
                if self._sleep(self.reopen):
                    return
                continue
            self._set_state(READY, None)
            gone = self._read(self._port)
            self._close()
            if gone:
                self._set_state(S_DISCONNECTED, DISCONNECTED)

    def _emit_line(self, raw: bytes, at: float) -> None:
        text, key = decode_line(raw)
        if text:
            self._emit(text, raw=raw, error_key=key, at=at)

    def _read(self, port: Any) -> bool:
        lines = LineSplitter(self.max_len)
        last = time.monotonic()
        while not self._stopping.is_set():
            try:
                # read() waits at most `timeout` (self.poll) for the first byte.
                data = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                log.info("scanner port closed: %s", exc)
                return True
            now = time.monotonic()
            if not data:
                if lines.pending and now - last >= self.gap:
                    tail = lines.flush()
                    if tail is not None:
                        self._emit_line(tail, last)
                continue
            last = now
            done, dropped = lines.feed(data)
            if dropped:
                self._report_error(TOO_LONG)
            for raw in done:
                self._emit_line(raw, last)
        return False
