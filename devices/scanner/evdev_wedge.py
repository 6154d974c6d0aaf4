"""Keyboard-wedge scanners read straight from their Linux input device.

The kiosk window need not have focus: the driver reads the scanner's /dev/input/eventN and
grabs it (EVIOCGRAB) so its keystrokes stop reaching the desktop and the kiosk's own text
fields. Records are parsed from the raw bytes (`keyboard.iter_events`), so a recorded
stream replays through exactly this code (tests feed a pipe through ``opener``).

Unplugging makes read() fail with ENODEV: the state goes "disconnected" and the worker
polls the path until the scanner is back, then opens and grabs it again.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import logging
import os
import select
import time
from collections.abc import Callable, Iterable
from typing import Any

from devices.scanner.errors import (
    BUSY,
    DISCONNECTED,
    GARBLED,
    IO,
    NOT_FOUND,
    PERMISSION,
    ScannerError,
)
from devices.scanner.keyboard import EVENT, LED_CAPSL, KeyDecoder, iter_events
from devices.scanner.port import DISCONNECTED as S_DISCONNECTED
from devices.scanner.port import ERROR, READY, WorkerScanner

log = logging.getLogger(__name__)

# ioctl numbers from linux/input.h: _IOW('E', 0x90, int) and _IOC(_IOC_READ, 'E', 0x19, len).
EVIOCGRAB = (1 << 30) | (4 << 16) | (ord("E") << 8) | 0x90


def _eviocgled(length: int) -> int:
    return (2 << 30) | (length << 16) | (ord("E") << 8) | 0x19


# Words in the names of wedge scanners' input devices (by-id link or device name).
SCANNER_NAME_HINTS = ("barcode", "scanner", "scan", "honeywell", "zebra", "symbol",
                      "datalogic", "newland", "zkteco", "netum", "qr")
_GONE = (errno.ENODEV, errno.ENOENT, errno.ENXIO, errno.EIO)


def find_scanner_devices(hints: Iterable[str] = SCANNER_NAME_HINTS,
                         root: str = "/dev/input") -> list[str]:
    """Input devices that look like scanners: by-id keyboard links first, then event nodes."""
    hints = tuple(h.lower() for h in hints)
    found = [p for p in sorted(glob.glob(os.path.join(root, "by-id", "*-event-kbd")))
             if any(h in os.path.basename(p).lower() for h in hints)]
    if found:
        return found
    try:
        import evdev
    except ImportError:  # python-evdev missing: by-id links are all we can look at
        return []
    for path in evdev.list_devices(root):
        try:
            dev = evdev.InputDevice(path)
        except OSError:
            continue
        try:
            if any(h in dev.name.lower() for h in hints):
                found.append(path)
        finally:
            dev.close()
    return found


class EvdevScanner(WorkerScanner):
    kind = "evdev"

    def __init__(self, path: str, *, layout: str = "us",
                 terminators: Iterable[str] = ("enter", "tab"), gap: float = 0.1,
                 grab: bool = True, reopen: float = 1.0, oem: str = "cp437",
                 name_hints: Iterable[str] = SCANNER_NAME_HINTS,
                 opener: Callable[[str], int] | None = None) -> None:
        super().__init__(f"evdev:{path}")
        self.path = path  # a device path, or "auto"
        self.layout, self.terminators = layout, tuple(terminators)
        self.gap, self.grab, self.reopen, self.oem = gap, grab, reopen, oem
        self.name_hints = tuple(name_hints)
        # Tests pass an opener returning the read end of a pipe.
        self._opener = opener
        KeyDecoder(layout, self.terminators, gap, oem=oem)  # bad options fail here, not later
        self._fd: int | None = None
        self._opened_path: str | None = None
        self._grabbed = False
        self._ever_opened = False
        self._ignored = 0

    def _extra_diagnostics(self) -> dict[str, Any]:
        return {"path": self.path, "device": self._opened_path, "grabbed": self._grabbed,
                "layout": self.layout, "terminators": list(self.terminators),
                "gap_s": self.gap, "ignored_keys": self._ignored}

    # -- opening ------------------------------------------------------------------------
    def _resolve(self) -> str | None:
        if self.path != "auto":
            return self.path
        found = find_scanner_devices(self.name_hints)
        return found[0] if found else None

    def _open(self) -> tuple[int, KeyDecoder] | None:
        path = self._resolve()
        missing = DISCONNECTED if self._ever_opened else NOT_FOUND
        if path is None:
            self._set_state(S_DISCONNECTED, missing)
            return None
        try:
            fd = (self._opener(path) if self._opener is not None
                  else os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC))
        except PermissionError:
            self._set_state(ERROR, PERMISSION)
            return None
        except OSError as exc:
            if exc.errno in _GONE:
                self._set_state(S_DISCONNECTED, missing)
            else:
                self._warn_once("opening %s failed: %s", path, exc)
                self._set_state(ERROR, IO)
            return None
        capslock = False
        if self.grab:
            try:
                fcntl.ioctl(fd, EVIOCGRAB, 1)
                self._grabbed = True
            except OSError as exc:
                if exc.errno == errno.EBUSY:  # another program holds the grab
                    os.close(fd)
                    self._set_state(ERROR, BUSY)
                    return None
                os.close(fd)
                self._warn_once("cannot grab %s (%s): is it an input device?", path, exc)
                self._set_state(ERROR, IO)
                return None
            try:
                leds = bytearray(8)
                fcntl.ioctl(fd, _eviocgled(len(leds)), leds)
                capslock = bool(leds[0] & (1 << LED_CAPSL))
            except OSError:
                pass  # no LEDs: assume CapsLock off
        self._fd, self._opened_path = fd, path
        self._ever_opened = True
        with self._lock:
            self._counts["opens"] += 1
        return fd, KeyDecoder(self.layout, self.terminators, self.gap, oem=self.oem,
                              capslock=capslock)

    def _close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self._grabbed:
            try:
                fcntl.ioctl(fd, EVIOCGRAB, 0)
            except OSError:
                pass  # the device is gone; the grab went with it
            self._grabbed = False
        os.close(fd)

    def _cleanup(self) -> None:
        self._close()

    # -- the worker ---------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping.is_set():
            opened = self._open()
            if opened is None:
                if self._sleep(self.reopen):
                    return
                continue
            fd, decoder = opened
            self._set_state(READY, None)
            gone = self._read(fd, decoder)
            self._ignored += decoder.ignored
            self._close()
            if gone:
                self._set_state(S_DISCONNECTED, DISCONNECTED)

    def _deliver(self, decoded, at: float) -> None:
        self._emit(decoded.text, error_key=GARBLED if decoded.garbled else None, at=at)

    def _read(self, fd: int, decoder: KeyDecoder) -> bool:
        """Read until stopped (False) or the device went away (True)."""
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
        rest = b""
        last = time.monotonic()
        while not self._stopping.is_set():
            wait = self.poll
            if decoder.pending:
                wait = min(wait, max(0.0, last + self.gap - time.monotonic()))
            ready = poller.poll(wait * 1000)
            if not ready:
                if decoder.pending and time.monotonic() - last >= self.gap:
                    done = decoder.flush()
                    if done is not None:
                        self._deliver(done, last)
                continue
            try:
                data = os.read(fd, EVENT.size * 64)
            except BlockingIOError:
                continue
            except OSError as exc:
                if exc.errno not in _GONE:
                    log.warning("reading the scanner failed: %s", exc)
                return True
            if not data:  # end of file: a replayed recording ended, or the pipe closed
                return True
            last = time.monotonic()
            rest += data
            whole = len(rest) - len(rest) % EVENT.size
            chunk, rest = rest[:whole], rest[whole:]
            for ts, etype, code, value in iter_events(chunk):
                try:
                    completed = decoder.feed(etype, code, value, ts)
                except ScannerError as exc:  # one bad scan; the ones around it still count
                    self._report_error(exc.key)
                    continue
                for done in completed:
                    self._deliver(done, last)
        return False
