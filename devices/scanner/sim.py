"""The scanner simulator (``sim://``): a model of a keyboard-wedge scanner.

`SimScanner.scan(text)` makes the model type the text key by key, at a per-character
delay, through the same `KeyDecoder` the evdev driver uses; so the simulator fails the
way the real thing does when told to:

* ``mangle``: characters not on the layout come out as '?', without diacritics, dropped,
  or as Windows-1252 mojibake of their UTF-8 bytes (see `keyboard.encode_text`);
* ``terminator=None``: no Enter after the code, the gap timeout ends the scan;
* ``split=N``: the scanner pauses after N characters, longer than the gap: two scans;
* `disconnect()` / `reconnect()`: unplugged, a scan in progress is lost, scans made while
  unplugged never arrive.

An optional loopback TCP listener (``sim://?port=35990``) lets another process feed it,
one line per scan: ``echo 'H26.105-251122-0001' | nc 127.0.0.1 35990``.
"""

from __future__ import annotations

import ipaddress
import logging
import queue
import selectors
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from devices.scanner.errors import BUSY, DISCONNECTED, GARBLED, ScannerError
from devices.scanner.keyboard import (
    EV_KEY,
    KEY_ENTER,
    KEY_TAB,
    PRESS,
    RELEASE,
    UNICODE_MODES,
    KeyDecoder,
    encode_text,
)
from devices.scanner.port import DISCONNECTED as S_DISCONNECTED
from devices.scanner.port import ERROR, READY, WorkerScanner

log = logging.getLogger(__name__)

MAX_TCP_LINE = 8192
_UNSET: Any = object()


@dataclass(frozen=True)
class _Scan:
    text: str
    mangle: str
    terminator: str | None
    split: int | None
    source: str


class SimScanner(WorkerScanner):
    kind = "sim"

    def __init__(self, *, char_delay: float = 0.003, gap: float = 0.1, layout: str = "us",
                 mangle: str = "altcode", terminator: str | None = "enter",
                 port: int | None = None, host: str = "127.0.0.1") -> None:
        super().__init__("sim")
        if mangle not in UNICODE_MODES:
            raise ScannerError("scanner.bad_uri", f"unknown mangle mode {mangle!r}")
        if terminator not in ("enter", "tab", None):
            raise ScannerError("scanner.bad_uri", f"unknown terminator {terminator!r}")
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ScannerError("scanner.bad_uri", "the feed listens on loopback only")
        except ValueError:
            raise ScannerError("scanner.bad_uri", f"bad host {host!r}") from None
        self.char_delay, self.gap, self.layout = char_delay, gap, layout
        self.mangle, self.terminator = mangle, terminator
        self.port, self.host = port, host
        KeyDecoder(layout, gap=gap)  # an unknown layout fails here
        self._queue: queue.Queue[_Scan | str] = queue.Queue()
        self._connected = threading.Event()
        self._connected.set()
        self._unplugged = threading.Event()  # interrupts a scan in progress
        self._listener: socket.socket | None = None
        self._tcp_thread: threading.Thread | None = None
        self.tcp_port: int | None = None
        self._lost = 0
        self._tcp_lines = 0

    # -- what a person or a test does to the device ----------------------------------
    def scan(self, text: str, *, mangle: str | None = None, terminator: str | None = _UNSET,
             split: int | None = None, source: str = "sim") -> None:
        """Hold a code under the scanner; it arrives through on_scan after the typing delay."""
        mode = self.mangle if mangle is None else mangle
        if mode not in UNICODE_MODES:
            raise ValueError(f"unknown mangle mode {mode!r}")
        term = self.terminator if terminator is _UNSET else terminator
        if term not in ("enter", "tab", None):
            raise ValueError(f"unknown terminator {term!r}")
        self._queue.put(_Scan(text, mode, term, split, source))

    def disconnect(self) -> None:
        """Pull the cable: a scan being typed is lost, later scans never arrive."""
        self._connected.clear()
        self._unplugged.set()
        self._queue.put("disconnect")

    def reconnect(self) -> None:
        self._queue.put("reconnect")

    def _extra_diagnostics(self) -> dict[str, Any]:
        return {"connected": self._connected.is_set(), "tcp_port": self.tcp_port,
                "tcp_lines": self._tcp_lines, "lost_while_unplugged": self._lost,
                "char_delay_s": self.char_delay, "gap_s": self.gap, "mangle": self.mangle,
                "terminator": self.terminator, "layout": self.layout,
                "queued": self._queue.qsize()}

    # -- the worker -----------------------------------------------------------------------
    def start(self, on_scan, on_state) -> None:
        # Bind before the worker starts (it is quick and does not block), so a port in use
        # is the first state the caller hears, and tcp_port is known on return.
        self._bind_error = None
        if self.port is not None:
            try:
                self._listener = socket.create_server((self.host, self.port))
                self.tcp_port = self._listener.getsockname()[1]
            except OSError as exc:
                log.warning("scanner simulator cannot listen on %s:%s: %s",
                            self.host, self.port, exc)
                self._bind_error = BUSY
        super().start(on_scan, on_state)
        if self._listener is not None:
            self._tcp_thread = threading.Thread(target=self._serve, args=(self._listener,),
                                                name="scanner-sim-tcp", daemon=True)
            self._tcp_thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._unplugged.set()
        super().stop()
        thread, self._tcp_thread = self._tcp_thread, None
        if thread is not None:
            thread.join(timeout=5.0)

    def _wake(self) -> None:
        self._queue.put("wake")

    def _run(self) -> None:
        if self._bind_error is not None:
            # Like a scanner another program holds: nothing arrives until restarted.
            self._set_state(ERROR, self._bind_error)
            self._stopping.wait()
            return
        self._set_state(READY, None)
        decoder = KeyDecoder(self.layout, gap=self.gap)
        last = time.monotonic()
        while not self._stopping.is_set():
            wait = 0.5
            if decoder.pending:
                wait = max(0.0, last + self.gap - time.monotonic())
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                if decoder.pending:  # the scanner sent no terminator: the gap ends the scan
                    self._deliver(decoder.flush(), last)
                continue
            if item == "disconnect":
                decoder.reset()
                self._set_state(S_DISCONNECTED, DISCONNECTED)
            elif item == "reconnect":
                if not self._connected.is_set():
                    decoder = KeyDecoder(self.layout, gap=self.gap)
                    self._unplugged.clear()
                    self._connected.set()
                    self._set_state(READY, None)
            elif isinstance(item, _Scan):
                if not self._connected.is_set():
                    self._lost += 1
                    continue
                last = self._type(decoder, item, last)

    def _deliver(self, decoded, at: float, source: str = "sim") -> None:
        if decoded is not None:
            self._emit(decoded.text, error_key=GARBLED if decoded.garbled else None, at=at,
                       source=source)

    def _type(self, decoder: KeyDecoder, item: _Scan, last: float) -> float:
        if decoder.pending:
            # The last scan had no terminator and a person takes longer than the gap to
            # present the next code: the gap ends it before this one starts.
            if self._unplugged.wait(max(0.0, last + self.gap - time.monotonic())):
                decoder.reset()
                return last
            self._deliver(decoder.flush(), last)
        groups = encode_text(item.text, self.layout, item.mangle)
        if item.terminator is not None:
            code = KEY_ENTER if item.terminator == "enter" else KEY_TAB
            groups.append([(code, PRESS), (code, RELEASE)])
        for n, keys in enumerate(groups):
            delay = self.char_delay if keys else 0.0
            if item.split is not None and n == item.split:
                delay += self.gap * 2  # the scanner hesitates: the gap ends the first part
            if delay and self._unplugged.wait(delay):
                decoder.reset()  # unplugged mid-scan: the rest never arrives
                return last
            for code, value in keys:
                now = time.monotonic()
                try:
                    done = decoder.feed(EV_KEY, code, value, now)
                except ScannerError as exc:
                    self._report_error(exc.key)
                    done = []
                for d in done:
                    self._deliver(d, now if d.terminator else last, item.source)
                last = now
        return last

    # -- the loopback feed ----------------------------------------------------------------
    def _serve(self, listener: socket.socket) -> None:
        sel = selectors.DefaultSelector()
        listener.setblocking(False)
        sel.register(listener, selectors.EVENT_READ, None)
        buffers: dict[socket.socket, bytearray] = {}
        try:
            while not self._stopping.is_set():
                for key, _ in sel.select(timeout=self.poll):
                    if key.data is None:
                        try:
                            conn, _addr = listener.accept()
                        except OSError:
                            continue
                        conn.setblocking(False)
                        buffers[conn] = bytearray()
                        sel.register(conn, selectors.EVENT_READ, "client")
                        continue
                    conn = key.fileobj
                    try:
                        data = conn.recv(4096)
                    except BlockingIOError:
                        continue
                    except OSError:
                        data = b""
                    buf = buffers[conn]
                    buf += data
                    if not data:  # the client finished: its last line may lack a newline
                        buf += b"\n"
                    while b"\n" in buf:
                        line, _, rest = bytes(buf).partition(b"\n")
                        buf[:] = rest
                        self._feed_line(line)
                    if len(buf) > MAX_TCP_LINE:
                        buf.clear()
                        self._report_error("scanner.too_long")
                    if not data:
                        sel.unregister(conn)
                        conn.close()
                        del buffers[conn]
        finally:
            for conn in buffers:
                conn.close()
            sel.close()
            listener.close()
            self._listener = None

    def _feed_line(self, line: bytes) -> None:
        text = line.rstrip(b"\r").decode("utf-8", errors="replace")
        if text:
            self._tcp_lines += 1
            self.scan(text, source="sim:tcp")
