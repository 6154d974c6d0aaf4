"""The vpcd link: one TCP connection to the vpcd reader driver, served on one thread."""

from __future__ import annotations

import logging
import os
import select
import socket
import threading
import time

from .cards import CardLifted, VirtualCard

log = logging.getLogger(__name__)

VPCD_PORT = 35963

CTRL_POWER_OFF = 0
CTRL_POWER_ON = 1
CTRL_RESET = 2
CTRL_ATR = 4

# How often the serving thread looks up from the socket to notice remove()/stop() and
# stalled answers falling due; the driver itself polls presence every 400 ms.
_TICK = 0.05
_MAX_FRAME = 0xFFFF
# Linux only, and not sticky: re-armed after every read. Without it the driver's next
# command waits out our delayed ACK (~40 ms per APDU instead of ~0.1 ms).
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


class VpcdError(Exception):
    """The vpcd link could not be set up (nothing listening, wrong host...)."""


def frame(payload: bytes) -> bytes:
    """One vpcd message: 2-byte big-endian length, then the payload."""
    if len(payload) > _MAX_FRAME:
        raise ValueError("vpcd message longer than 65535 bytes")
    return len(payload).to_bytes(2, "big") + payload


def take_frames(buf: bytearray) -> list[bytes]:
    """Cut every complete message off the front of ``buf`` (TCP may split or merge
    them anywhere); what is left is the start of the next one."""
    out = []
    while len(buf) >= 2:
        size = int.from_bytes(buf[:2], "big")
        if len(buf) < 2 + size:
            break
        out.append(bytes(buf[2 : 2 + size]))
        del buf[: 2 + size]
    return out


class VpcdConnection:
    """Serve ``card`` to the vpcd reader at ``host:port`` (35963 is "Virtual PCD 00 00",
    35964 is "Virtual PCD 00 01").

    ``start()`` starts the serving thread and inserts the card; ``insert()`` and
    ``remove()`` connect and close the link (that is what the reader sees as a card
    arriving and leaving); ``stop()`` removes the card and joins the thread.

    Fault switches, for simulators and tests (each may be set at any time, from any
    thread; ``clear_faults()`` lifts them):

    * ``remove_after(n)``: answer ``n`` more commands, then leave with the next one in
      flight (no answer, link dropped), as a card pulled away mid-read;
    * ``answer_garbage(data, count)``: answer the next commands with ``data`` instead
      of the card's answer (random bytes if None);
    * ``stall(count, seconds)``: do not answer the next commands, for ``seconds`` (then
      answer late) or until the card is removed: a mute card.

    If the driver closes the link (pcscd stopped or restarted) the card counts as removed
    and ``last_error`` says why; ``insert(retry_for=...)`` connects again when asked.
    The card is only touched on the serving thread; swap ``card`` while removed.
    """

    def __init__(
        self,
        card: VirtualCard,
        host: str = "127.0.0.1",
        port: int = VPCD_PORT,
        *,
        connect_timeout: float = 2.0,
    ) -> None:
        self.card = card
        self.host = host
        self.port = port
        self.connect_timeout = connect_timeout
        self.apdus = 0
        self.last_error: str | None = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self._remove_after: int | None = None
        self._garbage: tuple[bytes | None, int | None] | None = None
        self._stall: tuple[int | None, float | None] | None = None

    def __repr__(self) -> str:
        state = "inserted" if self.inserted else "removed"
        return f"<VpcdConnection {self.host}:{self.port} {state}>"

    def __enter__(self) -> VpcdConnection:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- life cycle ---------------------------------------------------------------

    @property
    def inserted(self) -> bool:
        """True while the link to the driver is up (the card is in the reader)."""
        with self._lock:
            return self._sock is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, *, insert: bool = True, retry_for: float = 0.0) -> None:
        """Start the serving thread and (by default) insert the card."""
        if not self.running:
            self._stopping.clear()
            self._thread = threading.Thread(
                target=self._serve, name=f"vpcd-{self.port}", daemon=True
            )
            self._thread.start()
        if insert:
            self.insert(retry_for=retry_for)

    def insert(self, *, retry_for: float = 0.0) -> None:
        """Connect to the driver: the card enters the reader. Raises VpcdError when
        nothing accepts the connection (after retrying for ``retry_for`` seconds, e.g.
        while pcscd restarts)."""
        if not self.running:
            self.start(insert=False)
        if self.inserted:
            return
        deadline = time.monotonic() + retry_for
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), self.connect_timeout)
                break
            except OSError as exc:
                if time.monotonic() >= deadline or self._stopping.is_set():
                    self.last_error = f"connect: {exc}"
                    raise VpcdError(
                        f"nothing accepts a virtual card on {self.host}:{self.port} ({exc}); "
                        "is pcscd running with the vsmartcard-vpcd driver?"
                    ) from exc
                time.sleep(0.1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # Sends block at most this long; reads are driven by select().
        sock.settimeout(self.connect_timeout)
        with self._lock:
            raced = self._sock is not None
            if not raced:
                self._sock = sock
        if raced:  # another insert() won: one card, one link
            sock.close()
            return
        self.last_error = None
        self._wake.set()

    def remove(self) -> None:
        """Close the link: the card leaves the reader. The driver sees it at once (its
        presence poll notices within ~0.4 s)."""
        with self._lock:
            sock, self._sock = self._sock, None
            self._stall = None
        if sock is not None:
            # Shut down here so the driver sees EOF now; the serving thread closes it.
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        """Remove the card and join the serving thread."""
        self.remove()
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("vpcd thread for port %d did not stop", self.port)
            else:
                self._thread = None

    # -- faults -------------------------------------------------------------------

    def remove_after(self, n: int) -> None:
        if n < 0:
            raise ValueError("n must be >= 0")
        with self._lock:
            self._remove_after = n

    def answer_garbage(self, data: bytes | None = None, *, count: int | None = 1) -> None:
        with self._lock:
            self._garbage = (data, count)

    def stall(self, *, count: int | None = 1, seconds: float | None = None) -> None:
        with self._lock:
            self._stall = (count, seconds)

    def clear_faults(self) -> None:
        with self._lock:
            self._remove_after = None
            self._garbage = None
            self._stall = None

    # -- the serving thread ---------------------------------------------------------

    def _serve(self) -> None:
        sock: socket.socket | None = None
        buf = bytearray()
        # A stalled answer: (due time or None for never, response bytes).
        late: tuple[float | None, bytes] | None = None
        while not self._stopping.is_set():
            with self._lock:
                current = self._sock
            if current is not sock:
                if sock is not None:
                    self._close(sock)
                sock, late = current, None
                buf.clear()
            if sock is None:
                self._wake.wait(_TICK)
                self._wake.clear()
                continue
            if late is not None:
                due, response = late
                if due is None or time.monotonic() < due:
                    self._wake.wait(_TICK)
                    self._wake.clear()
                    continue
                late = None
                if not self._send(sock, response):
                    continue
            # Commands that came in during a stall are answered in order afterwards.
            frames = take_frames(buf)
            if not frames:
                try:
                    ready, _, _ = select.select([sock], [], [], _TICK)
                except (OSError, ValueError):
                    ready = [sock]
                if not ready:
                    continue
                try:
                    data = sock.recv(65536)
                    if _QUICKACK is not None:
                        sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
                except OSError:
                    data = b""
                if not data:
                    self._lost(sock, "the vpcd driver closed the link")
                    continue
                buf += data
                frames = take_frames(buf)
            for i, message in enumerate(frames):
                outcome = self._handle(sock, message)
                if outcome is None:
                    continue
                if outcome is False:
                    break
                # Stalled: keep this answer back and the rest of the messages queued.
                late = outcome
                buf[:0] = b"".join(frame(m) for m in frames[i + 1 :])
                break
        if sock is not None:
            self._close(sock)
        with self._lock:
            leftover, self._sock = self._sock, None
        if leftover is not None and leftover is not sock:
            self._close(leftover)

    def _handle(
        self, sock: socket.socket, message: bytes
    ) -> tuple[float | None, bytes] | bool | None:
        """Serve one message. None: done; False: the link is gone; a tuple: the answer
        is held back by a stall."""
        if len(message) == 1:
            code = message[0]
            if code == CTRL_ATR:
                return None if self._send(sock, bytes(self.card.atr)) else False
            if code == CTRL_POWER_OFF:
                self.card.power_off()
            elif code == CTRL_POWER_ON:
                self.card.power_on()
            elif code == CTRL_RESET:
                self.card.reset()
            else:
                log.debug("vpcd: unknown control message %d", code)
            return None
        if not message:
            return None
        self.apdus += 1
        with self._lock:
            lifted = self._remove_after == 0
            if self._remove_after is not None:
                self._remove_after -= 1
            garbage = self._take_garbage()
            stall = self._take_stall()
        if lifted:
            self._remove_after_fault(sock)
            return False
        try:
            response = self.card.process(message)
        except CardLifted:
            self._remove_after_fault(sock)
            return False
        except Exception:
            # A bug in a simulated card must not kill the reader thread; a real card
            # that crashes goes mute, so this one leaves the field.
            log.exception("virtual card failed on a command")
            self._remove_after_fault(sock)
            return False
        if garbage is not None:
            response = garbage
        if stall is not None:
            return (None if stall < 0 else time.monotonic() + stall, response)
        return None if self._send(sock, bytes(response)) else False

    def _take_garbage(self) -> bytes | None:
        if self._garbage is None:
            return None
        data, count = self._garbage
        if count is not None:
            self._garbage = (data, count - 1) if count > 1 else None
        return data if data is not None else os.urandom(2 + os.urandom(1)[0] % 30)

    def _take_stall(self) -> float | None:
        """Seconds to hold the next answer back (-1: until removed), None: no stall."""
        if self._stall is None:
            return None
        count, seconds = self._stall
        if count is not None:
            self._stall = (count - 1, seconds) if count > 1 else None
        return -1.0 if seconds is None else seconds

    def _remove_after_fault(self, sock: socket.socket) -> None:
        with self._lock:
            if self._sock is sock:
                self._sock = None
            self._remove_after = None
        self.last_error = "card lifted mid-command"
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send(self, sock: socket.socket, payload: bytes) -> bool:
        try:
            sock.sendall(frame(payload))
            return True
        except (OSError, ValueError) as exc:
            self._lost(sock, f"send failed: {exc}")
            return False

    def _lost(self, sock: socket.socket, why: str) -> None:
        with self._lock:
            if self._sock is not sock:
                return  # removed on purpose meanwhile
            self._sock = None
            self._stall = None
        self.last_error = why
        log.info("vpcd %s:%d: %s", self.host, self.port, why)

    def _close(self, sock: socket.socket) -> None:
        try:
            sock.close()
        finally:
            self.card.power_off()
