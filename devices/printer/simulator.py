"""A receipt printer simulator: a model of an ESC/POS thermal printer, failures included.

It parses the byte stream a real printer would receive (ESC @, text and LF, GS v 0
raster images, ESC d / ESC J feeds, GS V cuts, DLE EOT real-time status, a handful of
mode commands it accepts and ignores), answers each DLE EOT n with the byte a printer
in its state sends, and keeps a paper roll that printing consumes: when the roll ends
part-way through a job the job stops there, like a real mechanism, and the printer
reports paper end. It can be set offline, cover open, jammed (autocutter error), near
end, out of paper, or mute (powered off: no answer at all).

While it cannot print, print data is dropped (counted in ``dropped_bytes``); a real
printer would hold it in its receive buffer, but the kiosk never sends a job to a
printer that reported a problem, so the difference does not show.

Reachable in-process (``sim://``), over TCP on loopback (:class:`SimulatorTcpServer`,
like a network printer on port 9100) and over a pseudo-terminal
(:class:`SimulatorPty`, for the serial transport).
"""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from dataclasses import dataclass, field

from PIL import Image

from .status import status_byte

MM_PER_DOT = 25.4 / 203
DEFAULT_LINE_DOTS = 30  # ESC 2 default line spacing on common 203 dpi mechanisms (3.75 mm)

ESC, GS, DLE, EOT, LF = 0x1B, 0x1D, 0x10, 0x04, 0x0A

# ESC/GS commands the model accepts without acting on them: command byte -> parameter bytes.
_ESC_PARAMS = {ord("!"): 1, ord("-"): 1, ord("2"): 0, ord("3"): 1, ord("E"): 1, ord("G"): 1,
               ord("M"): 1, ord("R"): 1, ord("a"): 1, ord("t"): 1, ord("{"): 1, ord("="): 1,
               ord("p"): 3, ord("c"): 2, ord("V"): 1, ord("B"): 2}
_GS_PARAMS = {ord("!"): 1, ord("B"): 1, ord("H"): 1, ord("f"): 1, ord("h"): 1, ord("w"): 1,
              ord("L"): 2, ord("W"): 2, ord("a"): 1, ord("r"): 1}


class _Incomplete(Exception):
    """The buffer ends inside a command: wait for more bytes."""


@dataclass
class Job:
    """One job as the printer saw it, from ESC @ (or the first byte) to the cut."""

    rasters: list[Image.Image] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    cut: str | None = None  # "partial" | "full" | None (not cut)
    out_of_paper: bool = False  # the roll ended part-way through
    paper_mm: float = 0.0
    bytes: int = 0
    raster_modes: list[int] = field(default_factory=list)

    def image(self) -> Image.Image | None:
        """All rasters of the job stacked top to bottom, as printed."""
        if not self.rasters:
            return None
        w = max(r.width for r in self.rasters)
        out = Image.new("1", (w, sum(r.height for r in self.rasters)), 1)
        y = 0
        for r in self.rasters:
            out.paste(r, (0, y))
            y += r.height
        return out


def decode_raster(cmd: bytes) -> tuple[int, Image.Image]:
    """(mode m, image) of one complete ``GS v 0 m xL xH yL yH data`` command."""
    if len(cmd) < 8 or cmd[:3] != b"\x1dv0":
        raise ValueError("not a GS v 0 command")
    m = cmd[3]
    wb = cmd[4] | cmd[5] << 8
    h = cmd[6] | cmd[7] << 8
    data = cmd[8:8 + wb * h]
    if len(data) != wb * h:
        raise ValueError("GS v 0 data shorter than its header says")
    if wb == 0 or h == 0:
        return m, Image.new("1", (max(wb * 8, 1), max(h, 1)), 1)
    # In ESC/POS a set bit is a black dot; in Pillow's "1" raw format a set bit is white.
    return m, Image.frombytes("1", (wb * 8, h), data, "raw", "1;I")


class PrinterSimulator:
    def __init__(self, *, roll_mm: float = 50_000.0, near_end_mm: float = 500.0,
                 width_dots: int = 576) -> None:
        self._lock = threading.RLock()
        self.width_dots = width_dots
        self.near_end_mm = near_end_mm
        self.remaining_mm = float(roll_mm)
        self.offline = False
        self.cover_open = False
        self.jammed = False
        self.mute = False
        self.jobs: list[Job] = []
        self.received = 0
        self.dropped_bytes = 0
        self.unknown: list[bytes] = []
        self.queries: list[int] = []
        self._buf = bytearray()
        self._job: Job | None = None
        self._line = bytearray()
        self._line_dots = DEFAULT_LINE_DOTS

    @classmethod
    def from_query(cls, query: dict[str, str]) -> PrinterSimulator:
        """Build from ``sim://?roll_mm=..&near_end_mm=..&width=..&state=..`` (for demos and
        `kiosk printer status --uri sim://?state=no_paper`)."""
        try:
            sim = cls(roll_mm=float(query.get("roll_mm", 50_000)),
                      near_end_mm=float(query.get("near_end_mm", 500)),
                      width_dots=int(query.get("width", 576)))
        except ValueError as exc:
            raise ValueError(f"sim:// parameter: {exc}") from None
        state = query.get("state", "ok")
        if state not in ("ok", "offline", "cover_open", "jam", "no_paper", "near_end", "mute"):
            raise ValueError(f"sim:// unknown state {state!r}")
        sim.set_state(state)
        return sim

    # -- the technician's hands ---------------------------------------------------------

    def set_state(self, state: str) -> None:
        with self._lock:
            if state == "offline":
                self.offline = True
            elif state == "cover_open":
                self.cover_open = True
            elif state == "jam":
                self.jammed = True
            elif state == "no_paper":
                self.remaining_mm = 0.0
            elif state == "near_end":
                self.remaining_mm = min(self.remaining_mm, self.near_end_mm)
            elif state == "mute":
                self.mute = True

    def load_paper(self, mm: float) -> None:
        with self._lock:
            self.remaining_mm = float(mm)

    def clear(self) -> None:
        """Close the cover, clear the jam, go online, power on."""
        with self._lock:
            self.offline = self.cover_open = self.jammed = self.mute = False

    @property
    def paper_out(self) -> bool:
        return self.remaining_mm <= 0

    @property
    def can_print(self) -> bool:
        return not (self.offline or self.cover_open or self.jammed or self.paper_out)

    # -- the wire ---------------------------------------------------------------------

    def feed(self, data: bytes) -> bytes:
        """Take bytes from the host; return the bytes the printer sends back."""
        with self._lock:
            if self.mute:
                return b""
            self.received += len(data)
            self._buf += data
            out = bytearray()
            while self._buf:
                try:
                    used = self._command(self._buf, out)
                except _Incomplete:
                    break
                del self._buf[:used]
            return bytes(out)

    def status_answer(self, n: int) -> int:
        with self._lock:
            out = self.paper_out
            near = self.remaining_mm <= self.near_end_mm
            if n == 1:
                return status_byte(1, offline=not self.can_print)
            if n == 2:
                return status_byte(2, cover_open=self.cover_open, paper_end_stop=out,
                                   error=self.jammed)
            if n == 3:
                return status_byte(3, cutter=self.jammed)
            return status_byte(4, near_end=near or out, end=out)

    def _need(self, buf: bytearray, n: int) -> None:
        if len(buf) < n:
            raise _Incomplete

    def _command(self, buf: bytearray, out: bytearray) -> int:
        b = buf[0]
        if b == DLE:
            self._need(buf, 3)
            if buf[1] == EOT and 1 <= buf[2] <= 4:
                self.queries.append(buf[2])
                out.append(self.status_answer(buf[2]))
                return 3
            if buf[1] == EOT:
                self.unknown.append(bytes(buf[:3]))
                return 3
            self.unknown.append(bytes(buf[:2]))
            return 2
        if b == ESC:
            self._need(buf, 2)
            c = buf[1]
            if c == ord("@"):
                self._finish(cut=None)
                self._line_dots = DEFAULT_LINE_DOTS
                self._count(2)  # opens the next job
                return 2
            if c == ord("d"):
                self._need(buf, 3)
                self._print_line()
                self._advance(buf[2] * self._line_dots, 3)
                return 3
            if c == ord("J"):
                self._need(buf, 3)
                self._print_line()
                self._advance(buf[2], 3)
                return 3
            if c == ord("2"):
                self._line_dots = DEFAULT_LINE_DOTS
                return 2
            if c == ord("3"):
                self._need(buf, 3)
                self._line_dots = buf[2]
                return 3
            n = _ESC_PARAMS.get(c)
            if n is None:
                self.unknown.append(bytes(buf[:2]))
                return 2
            self._need(buf, 2 + n)
            return 2 + n
        if b == GS:
            self._need(buf, 2)
            c = buf[1]
            if c == ord("v"):
                self._need(buf, 8)
                if buf[2] != ord("0"):
                    self.unknown.append(bytes(buf[:3]))
                    return 3
                size = 8 + (buf[4] | buf[5] << 8) * (buf[6] | buf[7] << 8)
                self._need(buf, size)
                self._raster(bytes(buf[:size]))
                return size
            if c == ord("V"):
                self._need(buf, 3)
                m = buf[2]
                if m in (65, 66):
                    self._need(buf, 4)
                    self._print_line()
                    self._advance(buf[3], 4)
                    self._cut("full" if m == 65 else "partial", 4)
                    return 4
                if m in (0, 1, 48, 49):
                    self._print_line()
                    self._cut("full" if m in (0, 48) else "partial", 3)
                    return 3
                self.unknown.append(bytes(buf[:3]))
                return 3
            if c == ord("("):
                self._need(buf, 5)
                size = 5 + (buf[3] | buf[4] << 8)
                self._need(buf, size)
                self.unknown.append(bytes(buf[:3]))  # GS ( functions: accepted, not modelled
                return size
            n = _GS_PARAMS.get(c)
            if n is None:
                self.unknown.append(bytes(buf[:2]))
                return 2
            self._need(buf, 2 + n)
            return 2 + n
        if b == LF:
            self._count(1)
            self._print_line(force=True)
            return 1
        if b < 0x20 and b not in (0x09,):
            return 1  # CR and other controls: nothing to print
        # Printable text: up to the next control byte.
        end = 1
        while end < len(buf) and buf[end] >= 0x20:
            end += 1
        self._count(end)
        if self._job is not None and self.can_print:
            self._line += buf[:end]
        return end

    # -- the mechanism ----------------------------------------------------------------

    def _count(self, nbytes: int) -> bool:
        """Attribute bytes to the current job; False (and drop them) if it cannot print."""
        if not self.can_print:
            self.dropped_bytes += nbytes
            return False
        if self._job is None:
            self._job = Job()
        self._job.bytes += nbytes
        return True

    def _consume(self, dots: int) -> int:
        """Pull ``dots`` rows of paper past the head; the rows that fitted on the roll."""
        fit = min(dots, int(self.remaining_mm / MM_PER_DOT + 1e-9))
        used = fit * MM_PER_DOT
        self.remaining_mm = max(0.0, self.remaining_mm - used)
        if self._job is not None:
            self._job.paper_mm += used
        if fit < dots:
            self.remaining_mm = 0.0
            if self._job is not None:
                self._job.out_of_paper = True
                self._finish(cut=None)
        return fit

    def _advance(self, dots: int, nbytes: int) -> None:
        if self._count(nbytes):
            self._consume(dots)

    def _print_line(self, force: bool = False) -> None:
        if (self._line or force) and self._job is not None and self.can_print:
            self._job.text.append(self._line.decode("cp437", "replace"))
            self._line.clear()
            self._consume(self._line_dots)

    def _raster(self, cmd: bytes) -> None:
        if not self._count(len(cmd)):
            return
        m, img = decode_raster(cmd)
        fit = self._consume(img.height * (2 if m in (2, 3) else 1))
        job = self._job if self._job is not None else self.jobs[-1]
        if m in (2, 3):
            fit //= 2
        job.rasters.append(img if fit >= img.height else img.crop((0, 0, img.width, fit)))
        job.raster_modes.append(m)

    def _cut(self, kind: str, nbytes: int) -> None:
        if not self._count(nbytes):
            return
        if self.jammed:
            return
        self._finish(cut=kind)

    def _finish(self, cut: str | None) -> None:
        job = self._job
        if job is None:
            return
        self._print_line()
        job.cut = cut
        self._job = None
        self._line.clear()
        if job.rasters or job.text or job.cut or job.out_of_paper or job.paper_mm:
            self.jobs.append(job)  # an ESC @ with nothing after it is not a job

    # -- for technicians and tests ----------------------------------------------------

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return {"remaining_mm": round(self.remaining_mm, 1), "offline": self.offline,
                    "cover_open": self.cover_open, "jammed": self.jammed, "mute": self.mute,
                    "jobs": len(self.jobs), "received": self.received,
                    "dropped_bytes": self.dropped_bytes}


class SimulatorTcpServer:
    """The simulator behind a TCP port on loopback, like a network printer on 9100."""

    def __init__(self, sim: PrinterSimulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.sim = sim
        self._srv = socket.create_server((host, port))
        self._srv.settimeout(0.2)
        self.host, self.port = self._srv.getsockname()[:2]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._serve, name="printer-sim-tcp", daemon=True)

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def __enter__(self) -> SimulatorTcpServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self._accept.start()

    def stop(self) -> None:
        self._stop.set()
        self._accept.join(2)
        self._srv.close()
        for t in self._threads:
            t.join(2)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._srv.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._client, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _client(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        with conn:
            while not self._stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not data:
                    return
                answer = self.sim.feed(data)
                if answer:
                    try:
                        conn.sendall(answer)
                    except OSError:
                        return


class SimulatorPty:
    """The simulator at the far end of a pseudo-terminal: open ``.path`` as a serial port."""

    def __init__(self, sim: PrinterSimulator) -> None:
        self.sim = sim
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # DLE/EOT/XON bytes must pass untouched, like a real UART
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="printer-sim-pty", daemon=True)

    @property
    def uri(self) -> str:
        return f"serial://{self.path}?baud=19200"

    def __enter__(self) -> SimulatorPty:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self._master)
        os.close(self._slave)

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError:
                continue
            answer = self.sim.feed(data)
            if answer:
                os.write(self._master, answer)


def main(argv: list[str] | None = None) -> int:
    """Serve a simulated printer on TCP (default 127.0.0.1:9100) or a pty until Ctrl-C,
    then save each job's decoded image: `python -m devices.printer.simulator --help`."""
    import argparse
    import time

    ap = argparse.ArgumentParser(description="Run the receipt printer simulator.")
    ap.add_argument("--port", type=int, default=9100, help="TCP port on 127.0.0.1")
    ap.add_argument("--pty", action="store_true", help="serve on a pseudo-terminal instead")
    ap.add_argument("--roll-mm", type=float, default=50_000.0, help="paper left on the roll")
    ap.add_argument("--width", type=int, default=576, help="printable dots (576: 80 mm, 384: 58 mm)")
    ap.add_argument("--save", metavar="DIR", help="write job-N.png for every finished job")
    args = ap.parse_args(argv)
    sim = PrinterSimulator(roll_mm=args.roll_mm, width_dots=args.width)
    server: SimulatorTcpServer | SimulatorPty
    if args.pty:
        server = SimulatorPty(sim)
        server.__enter__()
    else:
        server = SimulatorTcpServer(sim, port=args.port)
        server.start()
    print(f"printer simulator at {server.uri} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.__exit__(None, None, None)
    for n, job in enumerate(sim.jobs, 1):
        img = job.image()
        if args.save and img is not None:
            img.save(os.path.join(args.save, f"job-{n}.png"))
        print(f"job {n}: {job.bytes} bytes, {job.paper_mm:.0f} mm, cut={job.cut}, "
              f"out_of_paper={job.out_of_paper}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
