"""The composition root: the one place that turns a Config into working parts.

Whether the portal is the real gateway or the in-process simulator, and later whether
a printer is real or simulated, is decided here from config and nowhere else. Building
is cheap and does no I/O beyond opening the cache file; everything slow (starting the
simulator, refreshing the catalog, loading the search index) happens on background
threads in `start_background()`, after the first frame is on screen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.catalog.service import CatalogService, CatalogSync
from kiosk.config import Config, ConfigError
from kiosk.flows import FLOWS
from kiosk.flows.base import Navigator
from kiosk.heartbeat import Heartbeat, kiosk_status
from kiosk.identity.demo import DemoCard
from kiosk.identity.service import IDENTITY_KEY, IdentityService
from kiosk.portal.client import PortalClient
from kiosk.scanning import ScanService
from kiosk.session import IdleTimer, Session
from kiosk.staff import StaffMode
from offline_cache.catalog_cache import CatalogCache
from offline_cache.db import CORRUPT, CacheError, quarantine

log = logging.getLogger(__name__)


@dataclass
class KioskApp:
    config: Config
    cache: CatalogCache
    portal: PortalClient
    catalog: CatalogService
    sync: CatalogSync
    session: Session
    navigator: Navigator
    heartbeat: Heartbeat | None = None
    simulator: object | None = None  # PortalSimulator when the portal is simulated
    identity: IdentityService | None = None
    staff: StaffMode | None = None
    scanner: ScanService | None = None
    # devices.printer.PrinterService, built and started after the first frame (Pillow and
    # python-escpos take a fifth of a second to import); None: none (yet).
    printer: Any | None = None
    # kiosk.dossier.status_service.StatusService: dossier status lookups (status flow).
    status: Any | None = None
    # kiosk.dossier.outbox_service.OutboxService: every submission is stored here first,
    # then sent (and re-sent) by its background sync with its own portal client.
    outbox: Any | None = None
    _started: bool = field(default=False, repr=False)
    _devices_thread: threading.Thread | None = field(default=None, repr=False)
    _sim_ready: threading.Event = field(default_factory=threading.Event, repr=False)

    @classmethod
    def build(cls, config: Config, *, clock: Callable[[], float] = time.monotonic) -> KioskApp:
        cache = open_catalog(config.catalog_db)
        simulator = None
        if config.portal.simulated:
            # Imported here: a deployment that talks to the real gateway never loads it.
            from kiosk.portal.simulator import Payee, PortalSimulator

            pay = config.payment
            simulator = PortalSimulator(
                payee=Payee(pay.bank_bin, pay.account, pay.account_name),
                payment_lifetime=pay.qr_lifetime,
            )
            portal = _LazyPortal(simulator, config)
        else:
            portal = make_client(config, config.portal.url)
        catalog = CatalogService(cache, portal)
        sync = CatalogSync(
            catalog,
            interval=config.catalog.refresh_interval,
            retry_min=config.catalog.retry_min,
            retry_max=config.catalog.retry_max,
        )
        session = Session(
            IdleTimer(config.session.idle_timeout, config.session.countdown, clock),
            language=config.kiosk.language,
            large_text=config.kiosk.large_text,
        )
        navigator = Navigator(FLOWS)
        started = time.monotonic()
        app: list[KioskApp] = []  # the heartbeat reports devices the app builds later
        heartbeat = Heartbeat(portal, lambda: app[0].health(started),
                              config.portal.heartbeat_interval)
        identity = make_identity_service(config)
        # The card an identity came from left the reader: forget the identity at once
        # (the UI then wipes the whole visit on its own thread).
        identity.on_card_removed(lambda: session.discard(IDENTITY_KEY))
        staff = StaffMode(config.staff.pin_hash, demo=config.portal.simulated,
                          ttl=config.staff.session_ttl, clock=clock)
        identity.staff = staff
        # An officer who walked away leaves the kiosk locked: the idle wipe ends assisted
        # mode too (a citizen's "not me" or card removal does not).
        session.on_wipe(lambda reason: staff.lock() if reason == "timeout" else None)
        scanner = ScanService(config.devices.qr_scanner)
        # Both open a database (and the outbox its key and the crypto library) on first
        # use, on whichever worker asks first: not before the kiosk's first frame.
        status = Lazy(lambda: make_status(config, portal))
        outbox = Lazy(lambda: make_outbox(config, simulator))
        app.append(cls(config, cache, portal, catalog, sync, session, navigator, heartbeat,
                       simulator, identity, staff, scanner, status=status, outbox=outbox))
        return app[0]

    def health(self, started: float) -> dict:
        """The heartbeat's payload: the kiosk, its catalog, its outbox, its devices."""
        payload = kiosk_status(started, self.catalog)
        devices: dict[str, dict] = {}
        if self.scanner is not None:
            devices["qr_scanner"] = {"state": self.scanner.state, "error": self.scanner.error_key}
        printer = self.printer
        if printer is not None:
            try:
                st = printer.status(timeout=3.0)
                devices["printer"] = {"ready": st.ready, "problem": st.problem_key}
            except Exception as exc:  # noqa: BLE001 - a heartbeat reports, never raises
                devices["printer"] = {"ready": False, "problem": getattr(exc, "key", "printer.error")}
        if self.identity is not None:
            diag = self.identity.diagnostics().get("reader") or {}
            devices["card_reader"] = {"readers": len(diag.get("readers") or [])}
        payload["devices"] = devices
        if self.outbox is not None:
            try:
                counts = self.outbox.outbox.counts()
                payload["outbox_pending"] = counts.get("pending", 0)
                payload["outbox_dead"] = counts.get("dead", 0)
                if counts.get("dead"):
                    payload["status"] = "degraded"  # staff must look at dead letters
            except Exception:  # noqa: BLE001
                log.exception("outbox counts for the heartbeat failed")
        return payload

    def start_background(self) -> None:
        """Start everything that may be slow, off the caller's thread."""
        if self._started:
            return
        self._started = True
        if self.identity is not None:
            self.identity.start()  # returns at once; the reader is set up on its thread
        # Devices open on a thread of their own: a slow USB scanner or a printer that does
        # not answer must not hold up the first frame.
        self._devices_thread = threading.Thread(target=self._start_devices, name="devices-start",
                                                daemon=True)
        self._devices_thread.start()
        if self.simulator is not None:
            threading.Thread(target=self._start_simulator, name="portal-sim", daemon=True).start()
        else:
            self._start_portal_work()

    def _start_portal_work(self) -> None:
        self.sync.start()
        self.heartbeat.start()
        if self.outbox is not None:
            self.outbox.start()

    def _start_simulator(self) -> None:
        try:
            self.simulator.start()  # type: ignore[union-attr]
            log.info("portal simulator listening on %s", self.simulator.url)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - the kiosk still works offline
            log.exception("portal simulator failed to start")
        finally:
            self._sim_ready.set()
        self._start_portal_work()

    def _start_devices(self) -> None:
        if self.scanner is not None:
            self.scanner.start()
        printer = make_printer(self.config)
        if printer is not None:
            printer.start()
            self.printer = printer

    def stop(self) -> None:
        self.heartbeat.stop()  # first: it asks the devices for their state
        if self._devices_thread is not None:
            self._devices_thread.join(10)  # devices being opened are then closed below
        if self.scanner is not None:
            self.scanner.stop()
        if self.printer is not None:
            self.printer.stop()
        if self.identity is not None:
            self.identity.stop()
            if self.identity.demo_card is not None:
                self.identity.demo_card.stop()
        self.sync.stop()
        # Not started in the background: the caller may have started it directly (the
        # CLI's `catalog refresh`); stopping a simulator that never ran is a no-op.
        if self.simulator is not None and (self._sim_ready.is_set() or not self._started):
            self.simulator.stop()  # type: ignore[union-attr]
        if isinstance(self.status, Lazy) and self.status.built:
            self.status.close()
        if isinstance(self.outbox, Lazy) and self.outbox.built:
            self.outbox.close()  # stops its sync first; nothing stored is lost
            self.outbox.client.close()
        self.portal.close()


def open_catalog(path) -> CatalogCache:
    """Open the offline catalog; a damaged file is moved aside and the catalog rebuilt
    (from the bundled snapshot, then the portal): it holds nothing that cannot be fetched
    again, and a kiosk that refuses to start helps nobody."""
    try:
        return CatalogCache(path)
    except CacheError as exc:
        if exc.key != CORRUPT:
            raise
        moved = quarantine(path)
        log.error("offline catalog was damaged (%s); moved to %s, starting afresh", exc, moved)
        return CatalogCache(path)


def make_identity_service(config: Config) -> IdentityService:
    """The chip ID card reader from `[devices] card_reader`: "sim://" is pcscd with the
    virtual reader (vsmartcard's vpcd, fed by `devices.vpcd`), "pcsc://" any PC/SC reader
    (both speak PC/SC, so the driver is the same); "" or "none": no reader. Nothing
    starts until `start()`."""
    uri = config.devices.card_reader.strip()
    if uri in ("", "none"):
        return IdentityService(None)
    if not uri.startswith(("sim://", "pcsc://")):
        raise ConfigError(f"[devices] card_reader: unknown reader {uri!r}")
    def reader():  # built by the service on its own thread (pyscard, the chip protocol)
        from devices.pcsc.service import ReaderService

        return ReaderService()

    if uri.startswith("sim://") and not config.devices.csca:
        # The demo: the sample card verifies against the test CSCA, and only in sim://.
        demo = DemoCard()
        service = IdentityService(reader, trust_factory=demo.trust_store)
        service.demo_card = demo
        return service
    return IdentityService(reader, csca=config.devices.csca)


def make_status(config: Config, portal: Any):
    from kiosk.dossier.status_service import StatusService, open_status_cache

    return StatusService(portal, open_status_cache(config.data_dir / "status.sqlite3"))


class Lazy:
    """A service built on first use (attribute access), once, whatever the thread."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._obj: Any = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._obj is not None

    def get(self) -> Any:
        with self._lock:
            if self._obj is None:
                self._obj = self._factory()
            return self._obj

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def make_outbox(config: Config, simulator: object | None):
    """The outbox with a portal client of its own (its sync thread must not share the
    screens' requests session)."""
    from kiosk.dossier.outbox_service import OutboxService

    client = (_LazyPortal(simulator, config) if simulator is not None
              else make_client(config, config.portal.url))
    return OutboxService.from_config(config, client)


def make_printer(config: Config):
    """The receipt printer from `[devices] printer` ("" or "none": no printer). Built, not
    started: the service opens the device on its own thread."""
    uri = config.devices.printer.strip()
    if uri in ("", "none"):
        return None
    from devices.printer.service import PrinterService

    return PrinterService(uri, config.devices.printer_paper_mm)


def make_client(config: Config, base_url: str) -> PortalClient:
    return PortalClient(
        base_url,
        connect_timeout=config.portal.connect_timeout,
        read_timeout=config.portal.read_timeout,
        verify=config.portal.ca_bundle or True,
        kiosk_id=config.kiosk.id,
    )


class _LazyPortal:
    """A client for the in-process simulator, whose port is known only once it runs."""

    def __init__(self, simulator: object, config: Config) -> None:
        self._simulator = simulator
        self._config = config
        self._client: PortalClient | None = None

    def _get(self) -> PortalClient:
        if self._client is None:
            self._client = make_client(self._config, self._simulator.url)  # type: ignore[attr-defined]
        return self._client

    def __getattr__(self, name: str):
        return getattr(self._get(), name)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
