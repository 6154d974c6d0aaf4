"""PrinterService: the receipt printer on its own worker thread.

Callers (the kiosk core, the CLI) never touch the transport: every status request and
job is queued to one worker thread and the caller waits with a timeout. A job is only
sent to a printer that just reported itself ready, and the status is read again after
the job, so a roll that ran out part-way through is reported instead of passing as a
printed receipt.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from PIL import Image

from .errors import PrinterError
from .escpos import KioskEscpos
from .layout import WIDTH_DOTS, Block, render
from .status import PrinterStatus
from .transport import SimTransport, Transport, open_transport

if TYPE_CHECKING:  # the simulator loads only when sim:// is used
    from .simulator import PrinterSimulator

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class PrintResult:
    bytes_sent: int
    duration: float  # seconds, status checks included
    status: PrinterStatus  # as read after the job
    warnings: tuple[str, ...] = field(default_factory=tuple)  # e.g. "printer.paper_near_end"


class PrinterService:
    """``uri`` as in config [devices] printer; ``paper_mm`` 58 or 80.

    ``io_timeout`` bounds each read/write on the wire; the ``timeout`` of a call bounds
    the caller's wait for the worker.
    """

    def __init__(self, uri: str, paper_mm: int = 80, *, io_timeout: float = 2.0,
                 simulator: PrinterSimulator | None = None) -> None:
        if paper_mm not in WIDTH_DOTS:
            raise ValueError("paper_mm must be 58 or 80")
        self.uri = uri
        self.paper_mm = paper_mm
        self.width_dots = WIDTH_DOTS[paper_mm]
        self.io_timeout = io_timeout
        self._simulator = simulator
        self._transport: Transport | None = None
        self._escpos: KioskEscpos | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._lock = threading.Lock()
        self._last_status: PrinterStatus | None = None
        self._last_error: str | None = None
        self._jobs = 0
        self._bytes = 0

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> PrinterService:
        with self._lock:
            if self._thread is None:
                # Daemon: a driver stuck in a write must not keep the process alive.
                self._thread = threading.Thread(target=self._run, name="printer", daemon=True)
                self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._stopped = True  # a late caller gets an error, not a new thread
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def __enter__(self) -> PrinterService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def simulator(self) -> PrinterSimulator | None:
        """The in-process simulator behind ``sim://`` (None for real printers)."""
        t = self._transport
        return t.simulator if isinstance(t, SimTransport) else self._simulator

    # -- public calls (any thread but the worker) -------------------------------------

    def status(self, timeout: float = 5.0) -> PrinterStatus:
        return self._call(self._status, timeout)

    def print_image(self, img: Image.Image, timeout: float = 30.0) -> PrintResult:
        return self._call(lambda: self._print(img), timeout)

    def print_blocks(self, blocks: list[Block], timeout: float = 30.0) -> PrintResult:
        # Rendering happens on the worker too: the caller may be the UI thread.
        return self._call(lambda: self._print(render(blocks, self.width_dots)), timeout)

    def diagnostics(self) -> dict[str, object]:
        """A snapshot for technicians; never blocks on the printer."""
        t = self._transport
        sim = self.simulator
        st = self._last_status
        return {
            "uri": self.uri,
            "paper_mm": self.paper_mm,
            "width_dots": self.width_dots,
            "worker_alive": self._thread is not None and self._thread.is_alive(),
            "transport": t.describe() if t is not None else None,
            "last_status": st.to_dict() if st is not None else None,
            "last_error": self._last_error,
            "jobs_printed": self._jobs,
            "bytes_sent": self._bytes,
            "simulator": sim.snapshot() if sim is not None else None,
        }

    # -- worker ------------------------------------------------------------------------

    def _call(self, fn: Callable[[], T], timeout: float) -> T:
        if self._stopped:
            raise PrinterError("printer.error", "the printer service is stopped")
        if self._thread is None:
            self.start()
        fut: Future = Future()
        self._queue.put((fut, fn))
        try:
            return fut.result(timeout)
        except FutureTimeout:
            fut.cancel()
            raise PrinterError("printer.timeout", f"no answer within {timeout:.1f} s") from None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            fut, fn = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn())
            except PrinterError as exc:
                self._last_error = exc.key
                if exc.key in ("printer.timeout", "printer.offline", "printer.not_found"):
                    self._drop_transport()  # reconnect on the next call
                fut.set_exception(exc)
            except Exception as exc:  # noqa: BLE001 - the caller gets one declared error type
                log.exception("printer worker: unexpected error")
                self._last_error = "printer.error"
                self._drop_transport()
                fut.set_exception(PrinterError("printer.error", repr(exc)))
        self._drop_transport()

    def _drop_transport(self) -> None:
        if self._transport is not None:
            try:
                self._transport.close()
            except Exception:  # noqa: BLE001 - closing a dead link must not mask the error
                log.debug("closing printer transport failed", exc_info=True)
            self._transport = None
            self._escpos = None

    def _printer(self) -> KioskEscpos:
        if self._transport is None:
            t = open_transport(self.uri, simulator=self._simulator)
            t.open(self.io_timeout)
            if isinstance(t, SimTransport):
                self._simulator = t.simulator  # keep the same roll across reconnects
            self._transport = t
        if self._escpos is None or self._escpos.transport is not self._transport:
            self._escpos = KioskEscpos(self._transport, self.width_dots, timeout=self.io_timeout)
        return self._escpos

    def _status(self) -> PrinterStatus:
        from .errors import StatusError

        p = self._printer()
        try:
            st = p.read_status()
        except StatusError as exc:
            # No answer at all is a printer that is off or unplugged; a garbled one is a fault.
            if "no answer" in exc.detail:
                raise PrinterError("printer.timeout", exc.detail) from None
            raise
        self._last_status = st
        return st

    def _print(self, img: Image.Image) -> PrintResult:
        t0 = time.perf_counter()
        before = self._status()
        if not before.ready:
            raise PrinterError(before.problem_key or "printer.error", "refused before printing")
        p = self._printer()
        p.sent = 0
        try:
            p.print_image(img)
        except PrinterError as exc:
            # The link failed mid-job: part of the receipt may already be out.
            raise PrinterError(exc.key, f"{exc.detail} ({p.sent} bytes sent)",
                               partial=p.sent > 0) from None
        sent = p.sent
        after = self._status()
        self._bytes += sent
        if not after.ready:
            # The job went out but the printer stopped: most often the roll ended mid-way.
            raise PrinterError(after.problem_key or "printer.error",
                               f"printer stopped during the job ({sent} bytes sent)",
                               partial=True)
        self._jobs += 1
        warnings = ("printer.paper_near_end",) if after.paper == "near_end" else ()
        return PrintResult(bytes_sent=sent, duration=time.perf_counter() - t0,
                           status=after, warnings=warnings)
