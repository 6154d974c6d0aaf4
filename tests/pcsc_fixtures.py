"""Fixtures for tests through the real PC/SC stack: pcscd with vsmartcard's vpcd readers.

``pcscd`` (session) makes sure the daemon runs: it uses a running one, or starts
``pcscd -f -a`` itself (CI runs as root without systemd) and stops it at the end. When
that is impossible the tests skip with the reason, except under ``CI=true``, where they
fail: CI must exercise the real stack. A lock file keeps two test sessions on one
machine from playing cards into the same virtual reader at once.

Test modules load it with ``pytest_plugins = ["pcsc_fixtures"]`` and import its helpers
too, so pytest is told not to rewrite it (PYTEST_DONT_REWRITE): its asserts carry their
own messages.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

READER_0 = "Virtual PCD 00 00"
READER_1 = "Virtual PCD 00 01"
PORTS = {READER_0: 35963, READER_1: 35964}
ON_CI = os.environ.get("CI", "").lower() == "true"
LOCK_NAME = "hanoi-kiosk-pcsc-tests.lock"


_unavailable: list[str] = []


def unavailable(reason: str) -> None:
    """Fail on CI, skip elsewhere. Remembered, so the other tests do not try again."""
    if not _unavailable:
        _unavailable.append(reason)
    if ON_CI:
        pytest.fail(f"real PC/SC stack unavailable on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def wait_until(predicate: Callable[[], object], timeout: float, step: float = 0.02) -> object:
    """Poll ``predicate`` until it is truthy; its value, or None at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


def service_readers() -> list[str] | None:
    """The readers pcscd reports, or None if it is not reachable."""
    from devices.pcsc import NoService, ReaderError, list_readers

    try:
        return list_readers()
    except NoService:
        return None
    except ReaderError:
        return []


def reader_state(reader: str) -> int | None:
    """The reader's PC/SC state flags now, from a throwaway context."""
    from smartcard import scard

    code, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if code != scard.SCARD_S_SUCCESS:
        return None
    try:
        code, states = scard.SCardGetStatusChange(
            ctx, 100, [(reader, scard.SCARD_STATE_UNAWARE)]
        )
        return states[0][1] if code == scard.SCARD_S_SUCCESS else None
    finally:
        scard.SCardReleaseContext(ctx)


def reader_empty(reader: str) -> bool:
    from smartcard import scard

    state = reader_state(reader)
    return state is not None and bool(state & scard.SCARD_STATE_EMPTY)


class Pcscd:
    """The daemon under test. ``started``: this session started it, so it may kill and
    restart it; a daemon that was already running is never touched."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.started = False

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, timeout: float = 10.0) -> None:
        exe = shutil.which("pcscd") or shutil.which("pcscd", path="/usr/sbin:/sbin")
        if exe is None:
            unavailable("pcscd is not installed (Debian package pcscd; see scripts/setup)")
        log = self.log_path.open("ab")
        try:
            self.proc = subprocess.Popen([exe, "-f", "-a"], stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL)
        finally:
            log.close()
        self.started = True
        if not wait_until(lambda: self.proc.poll() is not None or service_readers() is not None,
                          timeout) or self.proc.poll() is not None:
            code = self.proc.poll()
            self.stop()
            hint = " (it needs root: run the tests as root, or start it: sudo systemctl " \
                   "start pcscd)" if os.geteuid() != 0 else ""
            unavailable(f"pcscd did not start (exit {code}){hint}\n{self.log_tail()}")

    def kill(self) -> None:
        """Kill the daemon as a crash would (SIGKILL: no clean-up)."""
        if not self.started or self.proc is None:
            raise RuntimeError("only a pcscd these tests started may be killed")
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(5)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc = None

    def wait_for_readers(self, timeout: float = 10.0) -> list[str]:
        readers = wait_until(
            lambda: (r := service_readers()) is not None and READER_0 in r and r, timeout
        )
        return readers or []


@contextlib.contextmanager
def machine_lock(timeout: float = 120.0) -> Iterator[None]:
    """One test session at a time drives the virtual readers on this machine."""
    path = Path(tempfile.gettempdir()) / LOCK_NAME
    with path.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    unavailable(f"another test session holds {path} for too long")
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pcscd]:
    if _unavailable:
        unavailable(_unavailable[0])
    try:
        import smartcard.scard  # noqa: F401
    except ImportError as exc:
        unavailable(f"pyscard is not installed ({exc})")
    with machine_lock():
        daemon = Pcscd(tmp_path_factory.mktemp("pcscd") / "pcscd.log")
        if service_readers() is None:
            daemon.start()
        try:
            if not daemon.wait_for_readers(5.0):
                unavailable(
                    f"pcscd runs but shows no {READER_0!r}: install vsmartcard-vpcd "
                    f"(scripts/setup) and restart pcscd\n{daemon.log_tail()}"
                )
            yield daemon
        finally:
            daemon.stop()


class Events:
    """What a ReaderService reported, for tests to wait on. A wait takes the first
    matching event not taken yet, in whatever order the events arrived."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple] = queue.Queue()
        self.seen: list[tuple] = []
        self._untaken: list[tuple] = []

    def callbacks(self) -> dict[str, Callable[..., None]]:
        return {
            "on_readers": lambda readers: self.queue.put(("readers", tuple(readers))),
            "on_card_inserted": lambda reader, atr: self.queue.put(("inserted", reader, atr)),
            "on_card_removed": lambda reader: self.queue.put(("removed", reader)),
            "on_service": lambda up: self.queue.put(("service", up)),
        }

    def wait(self, predicate: Callable[[tuple], bool], timeout: float = 3.0) -> tuple:
        for event in self._untaken:
            if predicate(event):
                self._untaken.remove(event)
                return event
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching event in {timeout} s; saw {self.seen}")
            try:
                event = self.queue.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(event)
            if predicate(event):
                return event
            self._untaken.append(event)

    def wait_inserted(self, reader: str = READER_0, timeout: float = 3.0) -> bytes:
        return self.wait(lambda e: e[0] == "inserted" and e[1] == reader, timeout)[2]

    def wait_removed(self, reader: str = READER_0, timeout: float = 3.0) -> None:
        self.wait(lambda e: e[:2] == ("removed", reader), timeout)

    def wait_readers(self, predicate: Callable[[tuple], bool], timeout: float = 3.0) -> tuple:
        return self.wait(lambda e: e[0] == "readers" and predicate(e[1]), timeout)[1]


def _threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive()}


@pytest.fixture
def no_thread_leaks() -> Iterator[None]:
    before = _threads()
    yield
    leaked = wait_until(lambda: not (_threads() - before), 3.0) is False
    assert not leaked, f"threads left running: {sorted(t.name for t in _threads() - before)}"


@pytest.fixture
def pcsc_events() -> Events:
    return Events()


@pytest.fixture
def reader_service(pcscd: Pcscd, pcsc_events: Events, no_thread_leaks: None) -> Iterator:
    """A started ReaderService with short timeouts, reporting into ``pcsc_events``."""
    from devices.pcsc import ReaderService

    svc = ReaderService(timeout=1.5, poll_interval=0.25, retry_min=0.05, retry_max=0.5,
                        **pcsc_events.callbacks())
    svc.start()
    pcsc_events.wait_readers(lambda readers: READER_0 in readers)
    yield svc
    assert svc.stop(3.0), "the reader service did not stop"


@pytest.fixture
def play_card(pcscd: Pcscd, no_thread_leaks: None) -> Iterator[Callable[..., object]]:
    """``play_card(card, reader=READER_0)``: a started VpcdConnection with the card inserted.
    At the end every card is taken out and the readers are seen empty, so the next test
    starts with no card (pcscd only notices a removal at its next presence poll)."""
    from devices.vpcd import VpcdConnection

    links: list[VpcdConnection] = []

    def _play(card: object, reader: str = READER_0, insert: bool = True) -> VpcdConnection:
        link = VpcdConnection(card, port=PORTS[reader])
        link.start(insert=insert)
        links.append(link)
        return link

    yield _play
    for link in links:
        link.stop()
    for reader in {PORTS_BY_PORT[link.port] for link in links}:
        wait_until(lambda reader=reader: reader_empty(reader) or service_readers() is None, 3.0)


PORTS_BY_PORT = {port: reader for reader, port in PORTS.items()}


@pytest.fixture
def csca(tmp_path):
    """A trust-store directory holding the test CSCA that signs the virtual chip's SOD."""
    from devices.cccd.testpki import pki

    path = tmp_path / "csca"
    path.mkdir()
    (path / "test-csca.pem").write_bytes(pki().csca_pem)
    return path
