"""CatalogService and CatalogSync against a real PortalSimulator over loopback HTTP.

The cache must always stay usable: whatever the portal does (down, slow, 5xx, garbage,
bad certificate, a malformed record, a failure between two pages), lookups keep
answering from the last good state, and the next successful refresh neither loses nor
repeats a change.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import statistics
import threading
from datetime import UTC, datetime
from importlib import resources

import pytest
from portal_helpers import make_self_signed_cert, server_context

from kiosk.catalog.service import (
    SOURCE_BUNDLED,
    SOURCE_PORTAL,
    CatalogService,
    CatalogStatus,
    CatalogSync,
    RefreshOutcome,
)
from kiosk.portal.client import PortalClient
from kiosk.portal.errors import (
    PortalBadResponse,
    PortalError,
    PortalRateLimited,
    PortalServerError,
    PortalTimeout,
    PortalTLSError,
    PortalUnavailable,
)
from kiosk.portal.simulator import PortalSimulator, SimCatalog
from offline_cache.catalog_cache import CatalogCache

TOTAL = 1351
BIRTH = "1.001193"  # Đăng ký khai sinh
WAIT = 20.0  # upper bound for background work; never how long a test takes


def _meta_json() -> dict:
    text = resources.files("kiosk").joinpath("data", "catalog_meta.json").read_text("utf-8")
    return json.loads(text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _codes(result) -> list[str]:
    return [h.code for h in result.hits]


def _snapshot(svc: CatalogService) -> dict:
    """Everything a refresh must not touch when it fails."""
    meta = svc.cache.meta()
    return {
        "count": meta.count,
        "token": meta.token,
        "synced_at": meta.synced_at,
        "source": meta.source,
        "body": svc.cache.get(BIRTH),
        "info": svc.cache.get_info("meta"),
        "khai sinh": _codes(svc.search("khai sinh")),
        "ket hon": _codes(svc.search("kết hôn")),
    }


class HookedClient(PortalClient):
    """A real client with a hook after each change-feed page and an optional page size."""

    def __init__(self, *args, limit: int = 500, after_page=None, **kw) -> None:
        super().__init__(*args, **kw)
        self.limit = limit
        self.after_page = after_page
        self.pages: list = []

    def catalog_changes(self, since, limit=None):
        page = super().catalog_changes(since, self.limit if limit is None else limit)
        self.pages.append(page)
        if self.after_page is not None:
            self.after_page(len(self.pages), page)
        return page


@pytest.fixture
def sim():
    with PortalSimulator() as s:
        yield s


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory):
    """A cache file holding the bundled snapshot, made once and copied per test."""
    path = tmp_path_factory.mktemp("seeded") / "catalog.sqlite3"
    with CatalogCache(path) as c:
        CatalogService(c, None).ensure_seeded()
    return path


@pytest.fixture
def empty_cache(tmp_path):
    with CatalogCache(tmp_path / "catalog.sqlite3") as c:
        yield c


@pytest.fixture
def cache(tmp_path, seeded_file):
    """A cache already seeded from the bundled snapshot."""
    path = tmp_path / "catalog.sqlite3"
    shutil.copyfile(seeded_file, path)  # closed cleanly: no -wal file to carry along
    with CatalogCache(path) as c:
        yield c


@pytest.fixture
def client(sim):
    with PortalClient(sim.url, read_timeout=5) as c:
        yield c


@pytest.fixture
def service(cache, client):
    svc = CatalogService(cache, client)
    svc.ensure_seeded()
    return svc


@pytest.fixture
def synced(service):
    """A service whose cache holds the simulator's catalog and a change token."""
    assert service.refresh().full
    return service


# -- the bundled snapshot -------------------------------------------------------------

def test_ensure_seeded_imports_the_bundled_snapshot_once(empty_cache):
    cache = empty_cache
    svc = CatalogService(cache, None)  # no portal at all: seeding needs no network
    assert svc.status() == CatalogStatus(0, None, None, None, None)
    assert svc.ensure_seeded() is True

    st = svc.status()
    snapshot_date = datetime.fromisoformat(_meta_json()["snapshot_date"]).replace(tzinfo=UTC)
    assert (st.count, st.source, st.synced_at) == (TOTAL, SOURCE_BUNDLED, snapshot_date)
    assert st.online is None and st.error_key is None  # never tried the portal
    assert cache.token() is None
    assert cache.get_info("meta") == _meta_json()

    revision = cache.diagnostics()["revision"]
    assert svc.ensure_seeded() is False
    assert cache.diagnostics()["revision"] == revision  # nothing written
    assert svc.status() == st

    assert _codes(svc.search("khai sinh"))[0] == BIRTH
    assert "khai sinh" in svc.procedure(BIRTH).name.lower()
    assert [p.code for p in svc.featured()] == _meta_json()["featured"]
    assert svc.level_labels()["xa"]["vi"] == "Cấp xã"
    with pytest.raises(RuntimeError):
        svc.refresh()  # no portal configured


# -- refreshing -----------------------------------------------------------------------

def test_full_then_incremental_then_each_kind_of_change(service, sim):
    assert service.status().source == SOURCE_BUNDLED
    assert service.refresh() == RefreshOutcome(TOTAL, 0, full=True)
    st = service.status()
    assert (st.count, st.source, st.online, st.error_key) == (TOTAL, SOURCE_PORTAL, True, None)
    assert service.cache.token() == sim.catalog.token()

    assert service.refresh() == RefreshOutcome(0, 0, full=False)

    # One procedure changes.
    old = service.procedure(BIRTH)
    new_name = "Đăng ký khai sinh thí điểm tại ki-ốt"
    sim.catalog.update(BIRTH, TenTTHC=new_name)
    assert service.refresh() == RefreshOutcome(1, 0, full=False)
    assert service.cache.get(BIRTH) == sim.catalog.get(BIRTH)
    assert service.procedure(BIRTH).name == new_name
    assert service.procedure(BIRTH).revision == old.revision + 1
    top = service.search("khai sinh thí điểm ki-ốt").hits[0]
    assert (top.code, top.name) == (BIRTH, new_name)
    assert service.status().count == TOTAL

    # One procedure goes away.
    gone = _codes(service.search("kết hôn"))[0]
    gone_name = service.procedure(gone).name
    sim.catalog.remove(gone)
    assert service.refresh() == RefreshOutcome(0, 1, full=False)
    assert service.cache.get(gone) is None and service.procedure(gone) is None
    assert gone not in _codes(service.search(gone_name, limit=100))
    assert gone not in _codes(service.search(gone, limit=100))
    assert service.status().count == TOTAL - 1

    # The portal forgets every token: a full resync, same content.
    sim.catalog.expire_tokens()
    sim.catalog.update("1.000025", TenTTHC="Thủ tục đổi tên lúc hết hạn mã")
    assert service.refresh() == RefreshOutcome(TOTAL - 1, 0, full=True)
    assert service.cache.token() == sim.catalog.token()
    assert service.status().count == len(sim.catalog) == TOTAL - 1
    for code in (BIRTH, "1.000025", sim.catalog.codes()[-1]):
        assert service.cache.get(code) == sim.catalog.get(code)
    assert service.cache.get(gone) is None
    assert service.refresh() == RefreshOutcome(0, 0, full=False)


def test_changes_during_a_full_download_are_not_lost(service, sim):
    """A procedure removed or changed between two pages of a full download."""
    touched = {}

    def meddle(n, page):
        if n == 1:
            touched["removed"] = page.items[0]["MaTTHC"]
            touched["updated"] = page.items[1]["MaTTHC"]
            sim.catalog.remove(touched["removed"])
            sim.catalog.update(touched["updated"], TenTTHC="Đổi tên giữa hai trang")

    with HookedClient(sim.url, after_page=meddle) as c:
        service.portal = c
        outcome = service.refresh()
        assert len(c.pages) > 1
    assert outcome == RefreshOutcome(TOTAL - 1, 0, full=True)
    assert service.cache.get(touched["removed"]) is None
    assert service.cache.get(touched["updated"]) == sim.catalog.get(touched["updated"])
    assert service.status().count == len(sim.catalog) == TOTAL - 1
    assert service.cache.token() == sim.catalog.token()


# -- offline --------------------------------------------------------------------------

def test_offline_keeps_serving_the_cache_and_recovers(synced, sim):
    before = _snapshot(synced)
    sim.stop()
    with pytest.raises(PortalUnavailable) as exc:
        synced.refresh()
    assert exc.value.key == "portal.unavailable" and exc.value.retryable
    st = synced.status()
    assert st.online is False and st.error_key == "portal.unavailable"
    assert st.count == TOTAL and st.source == SOURCE_PORTAL
    assert _snapshot(synced) == before

    sim.catalog.update(BIRTH, TenTTHC="Đăng ký khai sinh (đổi khi mất mạng)")
    # The same catalog served again, on another port.
    with PortalSimulator(catalog=sim.catalog) as again, PortalClient(again.url) as c:
        synced.portal = c
        assert synced.refresh() == RefreshOutcome(1, 0, full=False)
    st = synced.status()
    assert st.online is True and st.error_key is None
    assert synced.procedure(BIRTH).name == "Đăng ký khai sinh (đổi khi mất mạng)"


def test_sync_thread_recovers_by_itself_when_the_portal_returns(empty_cache):
    cache = empty_cache
    port = _free_port()
    statuses: list[CatalogStatus] = []
    failed, recovered = threading.Event(), threading.Event()

    def listener(status):
        statuses.append(status)
        if status.online is False:
            failed.set()
        if status.online is True:
            recovered.set()

    catalog = SimCatalog()
    with PortalClient(f"http://127.0.0.1:{port}", connect_timeout=1) as c:
        svc = CatalogService(cache, c)
        sync = CatalogSync(svc, interval=3600, retry_min=0.05, retry_max=0.2,
                           rng=random.Random(7))
        sync.add_listener(listener)
        sync.start()
        try:
            assert failed.wait(WAIT), "the first attempt never reported"
            st = svc.status()
            assert st.source == SOURCE_BUNDLED and st.count == TOTAL  # seeded meanwhile
            assert st.error_key == "portal.unavailable"
            assert 0.05 <= sync.next_delay <= 0.2
            assert _codes(svc.search("khai sinh"))[0] == BIRTH

            with PortalSimulator(catalog, port=port):
                assert recovered.wait(WAIT), "the sync thread did not refresh by itself"
                st = svc.status()
                assert (st.online, st.error_key, st.source) == (True, None, SOURCE_PORTAL)
                assert st.count == TOTAL and cache.token() == catalog.token()
                assert sync.next_delay == 3600
        finally:
            sync.stop()
    assert statuses and all(isinstance(s, CatalogStatus) for s in statuses)
    onlines = [s.online for s in statuses]
    assert onlines[0] is False and onlines[-1] is True


# -- bad answers ----------------------------------------------------------------------

BAD_ANSWERS = [
    pytest.param("status", {"status": 500}, PortalServerError, "portal.server_error", id="500"),
    pytest.param("status", {"status": 503, "retry_after": 7}, PortalServerError,
                 "portal.server_error", id="503"),
    pytest.param("status", {"status": 429, "retry_after": 3}, PortalRateLimited,
                 "portal.busy", id="429"),
    pytest.param("garbage", {}, PortalBadResponse, "portal.bad_response", id="garbage"),
    pytest.param("body", {"body": {"items": "none", "deleted": []}}, PortalBadResponse,
                 "portal.bad_response", id="wrong-shape"),
    pytest.param("drop", {}, PortalUnavailable, "portal.unavailable", id="drop"),
    pytest.param("slow", {"delay": 1.0}, PortalTimeout, "portal.timeout", id="slow"),
]


@pytest.mark.parametrize("state", ["bundled", "synced"])
@pytest.mark.parametrize(("kind", "options", "error", "key"), BAD_ANSWERS)
def test_a_bad_answer_leaves_the_cache_intact(cache, sim, state, kind, options, error, key):
    read_timeout = 0.3 if kind == "slow" else 5
    with PortalClient(sim.url, read_timeout=read_timeout) as c, PortalClient(sim.url) as good:
        svc = CatalogService(cache, c)
        svc.ensure_seeded()
        if state == "synced":
            svc.refresh()
            sim.catalog.update(BIRTH, TenTTHC="Đăng ký khai sinh (chưa tải về)")
        before = _snapshot(svc)
        sim.faults.inject(kind, path_prefix="/v1/catalog/changes", **options)
        with pytest.raises(error) as exc:
            svc.refresh()
        assert exc.value.key == key
        if "retry_after" in options:
            assert exc.value.retry_after == options["retry_after"]
        assert _snapshot(svc) == before
        assert (svc.status().online, svc.status().error_key) == (False, key)
        # The fault is spent: the next refresh brings the cache up to date.
        svc.portal = good
        outcome = svc.refresh()
        assert outcome.full == (state == "bundled")
        assert svc.cache.get(BIRTH) == sim.catalog.get(BIRTH)
        assert svc.status().online is True


def test_a_failure_on_the_second_page_of_a_full_download_keeps_the_old_catalog(service, sim):
    def fail_next(n, page):
        if n == 1:
            sim.faults.inject("status", status=502, path_prefix="/v1/catalog/changes")

    before = _snapshot(service)
    with HookedClient(sim.url, after_page=fail_next) as c:
        service.portal = c
        with pytest.raises(PortalServerError):
            service.refresh()
        assert len(c.pages) == 1
    assert _snapshot(service) == before  # still the whole bundled catalog, not a third


def test_retry_after_is_honoured_by_the_sync_backoff(service, sim):
    sync = CatalogSync(service, interval=900, retry_min=0.05, retry_max=30,
                       rng=random.Random(3))
    sim.faults.inject("status", status=503, retry_after=7)
    assert sync.run_once() == 7 == sync.next_delay

    sync.retry_max = 5  # Retry-After never stretches the wait beyond retry_max
    sim.faults.inject("status", status=503, retry_after=60)
    assert sync.run_once() == 5

    assert sync.run_once() == 900  # success: back to the regular interval
    assert service.status().online is True


def test_untrusted_certificate_is_a_tls_error(tmp_path, cache):
    cert, key = make_self_signed_cert(tmp_path)
    with PortalSimulator(ssl_context=server_context(cert, key)) as tls_sim:
        with PortalClient(tls_sim.url) as c:
            svc = CatalogService(cache, c)
            svc.ensure_seeded()
            before = _snapshot(svc)
            with pytest.raises(PortalTLSError) as exc:
                svc.refresh()
            assert exc.value.key == "portal.tls" and not exc.value.retryable
            assert _snapshot(svc) == before
            assert svc.status().error_key == "portal.tls"
        # Trusting that certificate explicitly (the [portal] ca_bundle setting) works.
        with PortalClient(tls_sim.url, verify=str(cert)) as c:
            svc.portal = c
            assert svc.refresh() == RefreshOutcome(TOTAL, 0, full=True)


def test_a_malformed_procedure_is_skipped_and_the_rest_applied(synced, sim):
    good1 = {**sim.catalog.get(BIRTH), "TenTTHC": "Đăng ký khai sinh (bản sửa)"}
    good2 = {**sim.catalog.get("1.000025"), "TenTTHC": "Thủ tục thứ hai (bản sửa)"}
    bad_code = sim.catalog.codes()[5]
    assert bad_code not in (BIRTH, "1.000025")
    bad = {"MaTTHC": bad_code, "TenTTHC": "Hỏng", "CapThucHien": "xa"}  # levels not a list
    bad_before = synced.cache.get(bad_code)
    token = sim.catalog.token()
    page = {"items": [good1, bad, good2], "deleted": [], "next_token": token,
            "has_more": False}
    sim.faults.inject("body", path_prefix="/v1/catalog/changes", body=page)

    assert synced.refresh() == RefreshOutcome(2, 0, full=False)
    assert synced.cache.get(BIRTH) == good1
    assert synced.cache.get("1.000025") == good2
    assert synced.cache.get(bad_code) == bad_before
    assert synced.procedure(bad_code) is not None
    assert synced.cache.token() == token
    assert synced.status().count == TOTAL
    assert _codes(synced.search("khai sinh bản sửa"))[0] == BIRTH


# -- a crash between pages ------------------------------------------------------------

def test_a_crash_between_pages_resumes_without_losing_or_repeating(tmp_path, sim):
    db = tmp_path / "catalog.sqlite3"
    with CatalogCache(db) as cache, PortalClient(sim.url) as c:
        svc = CatalogService(cache, c)
        svc.ensure_seeded()
        svc.refresh()

    codes = sim.catalog.codes()[100:105]
    for code in codes[:4]:
        sim.catalog.update(code, TenTTHC=f"Thủ tục {code} (sửa)")
    sim.catalog.remove(codes[4])
    # The feed now holds 4 updates and 1 removal; pages of 2: [u u] [u u] [removed].

    def crash_after_first(n, page):
        if n == 1:
            sim.faults.inject("status", status=500, path_prefix="/v1/catalog/changes")

    with CatalogCache(db) as cache, HookedClient(sim.url, limit=2,
                                                 after_page=crash_after_first) as c:
        svc = CatalogService(cache, c)
        with pytest.raises(PortalServerError):
            svc.refresh()
        first = c.pages[0]
        assert [i["MaTTHC"] for i in first.items] == codes[:2] and first.has_more
        # The first page and its token are kept; the rest has not arrived.
        assert cache.token() == first.next_token
        for code in codes[:2]:
            assert cache.get(code)["TenTTHC"] == f"Thủ tục {code} (sửa)"
        for code in codes[2:4]:
            assert cache.get(code)["TenTTHC"] != f"Thủ tục {code} (sửa)"
        assert cache.get(codes[4]) is not None

    # "Restart": a new cache object on the same file, a new service, a new client.
    with CatalogCache(db) as cache, HookedClient(sim.url, limit=2) as c:
        svc = CatalogService(cache, c)
        assert svc.refresh() == RefreshOutcome(2, 1, full=False)  # only what was left
        assert len(c.pages) == 2
        for code in codes[:4]:
            assert cache.get(code) == sim.catalog.get(code)
        assert cache.get(codes[4]) is None
        assert cache.token() == sim.catalog.token()
        assert svc.status().count == TOTAL - 1
        assert svc.refresh() == RefreshOutcome(0, 0, full=False)


# -- backoff --------------------------------------------------------------------------

def _sync(retry_min=0.5, retry_max=60.0, seed=42) -> CatalogSync:
    return CatalogSync(None, interval=900, retry_min=retry_min,  # type: ignore[arg-type]
                       retry_max=retry_max, rng=random.Random(seed))


def test_backoff_stays_within_bounds():
    sync = _sync()
    for failures in [0, 1, 2, 3, 5, 8, 10, 20, 64, 1000, 1025, 10_000]:
        for _ in range(200):
            assert 0.5 <= sync.backoff_delay(failures) <= 60.0


def test_backoff_cap_grows_exponentially_with_full_jitter():
    sync = _sync()
    n = 2000
    assert {sync.backoff_delay(1) for _ in range(50)} == {0.5}  # first retry: retry_min
    for failures in range(2, 8):
        cap = 0.5 * 2 ** (failures - 1)  # 1, 2, 4 ... 32: below retry_max
        samples = [sync.backoff_delay(failures) for _ in range(n)]
        assert max(samples) <= cap
        # Full jitter: spread over the whole [retry_min, cap] range, not bunched at cap.
        assert min(samples) < 0.5 + 0.05 * (cap - 0.5)
        assert max(samples) > cap - 0.05 * (cap - 0.5)
        mid = (0.5 + cap) / 2
        assert abs(statistics.fmean(samples) - mid) < 0.05 * (cap - 0.5)
        below = sum(s < mid for s in samples) / n
        assert 0.45 < below < 0.55
    # Past the cap the range stops growing.
    samples = [sync.backoff_delay(30) for _ in range(n)]
    assert max(samples) <= 60.0 and max(samples) > 57.0


def test_backoff_is_reproducible_with_a_seeded_rng():
    a, b = _sync(seed=9), _sync(seed=9)
    assert [a.backoff_delay(f) for f in range(1, 12)] == [b.backoff_delay(f) for f in range(1, 12)]


def test_retry_after_raises_the_delay_but_never_beyond_retry_max():
    sync = _sync()
    assert sync.backoff_delay(1, retry_after=7) == 7
    assert sync.backoff_delay(3, retry_after=10) == 10  # above the jittered [0.5, 2]
    assert sync.backoff_delay(1, retry_after=3600) == 60.0
    assert sync.backoff_delay(1, retry_after=1e308) == 60.0
    # A short Retry-After does not shorten the backoff.
    for _ in range(200):
        d = sync.backoff_delay(6, retry_after=0)
        assert 0.5 <= d <= 16
    assert max(sync.backoff_delay(6, retry_after=1) for _ in range(200)) > 8


def test_a_failing_refresh_that_is_not_a_portal_error_keeps_the_thread_alive(service, sim):
    """E.g. the disk is full: the attempt is reported and retried, the thread goes on."""
    sync = CatalogSync(service, interval=900, retry_min=0.05, retry_max=0.2)

    class Broken:
        def catalog_changes(self, since, limit=500):
            raise OSError(28, "No space left on device")

    service.portal = Broken()
    delay = sync.run_once()
    assert 0.05 <= delay <= 0.2
    assert service.status().count == TOTAL
    with PortalClient(sim.url) as c:
        service.portal = c
        assert sync.run_once() == 900


def test_refresh_errors_are_portal_errors(service, sim):
    """Every failure the sync thread sees from the portal is typed, with a key."""
    sim.faults.inject("status", status=501, path_prefix="/v1/catalog/changes")
    with pytest.raises(PortalError) as exc:
        service.refresh()
    assert exc.value.key == "portal.not_implemented" and not exc.value.retryable
