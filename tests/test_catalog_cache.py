"""The offline catalog cache: durability settings, atomic sync, persisted search index."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import offline_cache.catalog_cache as catalog_cache
from offline_cache.catalog_cache import CacheMeta, CatalogCache, CatalogRecord
from offline_cache.db import CacheError, open_db, quarantine, transaction
from offline_cache.search import TERMS_VERSION

REPO = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
QUERIES = ["dang ky khai sinh", "kết hôn", "khia sinh", "1.001193", "giay phep x", "thuế", ""]


@pytest.fixture(scope="module")
def records(catalog_records) -> list[CatalogRecord]:
    return catalog_records


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "catalog.sqlite3"  # the folder does not exist yet


@pytest.fixture
def cache(path: Path, records: list[CatalogRecord]):
    c = CatalogCache(path)
    c.apply_changes(records, [], "tok-1", synced_at=T0, source="bundled", reset=True)
    yield c
    c.close()


def keys(result) -> list[str]:
    return [h.key for h in result.hits]


def snapshot(c: CatalogCache) -> dict[str, list[str]]:
    return {q: keys(c.search(q, limit=100)) for q in QUERIES}


# --------------------------------------------------------------------------- storage


def test_durability_settings(cache: CatalogCache, path: Path) -> None:
    d = cache.diagnostics()
    assert d["journal_mode"] == "wal"
    assert d["synchronous"] == 2  # FULL
    assert d["foreign_keys"] == 1
    assert d["busy_timeout"] > 0
    with sqlite3.connect(path) as raw:  # WAL is a property of the file itself
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_apply_get_meta_token(cache: CatalogCache, records: list[CatalogRecord]) -> None:
    rec = records[0]
    assert cache.get(rec.key) == rec.body
    assert cache.get("no such code") is None
    assert cache.token() == "tok-1"
    assert cache.meta() == CacheMeta(
        count=len(records), synced_at=T0, source="bundled", token="tok-1"
    )


def test_token_round_trip_and_empty_cache(path: Path) -> None:
    with CatalogCache(path) as c:
        assert c.token() is None
        assert c.meta() == CacheMeta(count=0, synced_at=None, source=None, token=None)
        assert c.search("khai sinh").total == 0
        later = T0 + timedelta(hours=1)
        c.apply_changes([], [], "opaque/token=+é", synced_at=later, source="portal")
    with CatalogCache(path) as c:
        assert c.token() == "opaque/token=+é"
        assert c.meta().synced_at == later


def test_delta_changes_and_deletions(cache: CatalogCache, records: list[CatalogRecord]) -> None:
    cache.load_index()
    birth = next(r for r in records if r.code == "1.001193")
    gone = next(r for r in records if r.code == "1.000894")  # marriage registration
    renamed = dataclasses.replace(birth, name="Đăng ký khai sinh trực tuyến", body={"v": 2})
    added = CatalogRecord(
        "9.999999", "Thủ tục thử nghiệm zqxw", "Hộ tịch", ("xa",), "9.999999", None, {}
    )
    cache.apply_changes([renamed, added], [gone.key], "tok-2", synced_at=T0, source="portal")

    assert cache.get(birth.key) == {"v": 2}
    assert cache.get(gone.key) is None
    assert cache.meta().count == len(records)
    assert gone.key not in keys(cache.search(gone.code))
    assert keys(cache.search("truc tuyen khai sinh"))[0] == birth.key
    assert keys(cache.search("zqxw")) == ["9.999999"]
    assert cache.token() == "tok-2"


def test_full_resync_replaces_everything(cache: CatalogCache, records: list[CatalogRecord]) -> None:
    subset = records[:100]
    cache.apply_changes(subset, [], "tok-full", synced_at=T0, source="portal", reset=True)
    assert cache.meta().count == 100
    assert cache.get(records[500].key) is None
    assert cache.search("", limit=1000).total == 100
    assert set(cache.field_names()) == {r.field for r in subset}


def test_info_blobs(cache: CatalogCache) -> None:
    assert cache.get_info("levels") is None
    cache.set_info("levels", {"xa": {"vi": "Cấp xã", "en": "Commune / ward"}})
    cache.set_info("levels", {"xa": {"vi": "Cấp xã"}})
    assert cache.get_info("levels") == {"xa": {"vi": "Cấp xã"}}


def test_field_names_with_and_without_index(path: Path, records: list[CatalogRecord]) -> None:
    with CatalogCache(path) as c:
        c.apply_changes(records, [], None, synced_at=T0, source="bundled")
        before = c.field_names()
        c.load_index()
        assert c.field_names() == before
        assert set(before) == {r.field for r in records}


def test_bad_arguments_are_refused(cache: CatalogCache, records: list[CatalogRecord]) -> None:
    with pytest.raises(ValueError):
        cache.apply_changes([], [], "t", synced_at=datetime(2026, 1, 1), source="portal")  # naive
    with pytest.raises(ValueError):
        cache.set_info("x", ["not", "a", "dict"])  # type: ignore[arg-type]
    assert cache.token() == "tok-1"


# --------------------------------------------------------------------------- atomicity


def test_failure_while_reading_records_rolls_back(
    cache: CatalogCache, records: list[CatalogRecord]
) -> None:
    before = snapshot(cache)
    meta = cache.meta()

    def feed():
        yield dataclasses.replace(records[0], name="Đổi tên zzyzx", body={"changed": True})
        yield from records[1:700]
        raise RuntimeError("network dropped mid-page")

    with pytest.raises(RuntimeError):
        cache.apply_changes(
            feed(), [records[5].key], "tok-bad", synced_at=T0, source="portal", reset=True
        )
    assert cache.meta() == meta
    assert cache.get(records[0].key) == records[0].body
    assert cache.get(records[5].key) == records[5].body
    assert snapshot(cache) == before
    assert cache.search("zzyzx").total == 0


def test_invalid_record_rolls_back(cache: CatalogCache, records: list[CatalogRecord]) -> None:
    before = snapshot(cache)
    bad = dataclasses.replace(records[3], body={"not json": {1, 2}})
    with pytest.raises(ValueError):
        cache.apply_changes(
            [records[1], bad], [records[2].key], "tok-bad", synced_at=T0, source="portal"
        )
    assert cache.token() == "tok-1"
    assert cache.get(records[2].key) == records[2].body
    assert snapshot(cache) == before


def test_disk_full_is_a_cache_error_and_keeps_the_catalog(
    cache: CatalogCache, records: list[CatalogRecord]
) -> None:
    before = snapshot(cache)
    pages = cache._writer.execute("PRAGMA page_count").fetchone()[0]
    cache._writer.execute(f"PRAGMA max_page_count = {pages + 2}")  # the disk fills up
    bigger = [dataclasses.replace(r, body={"pad": "x" * 5000}) for r in records[:200]]
    with pytest.raises(CacheError) as err:
        cache.apply_changes(bigger, [], "tok-full", synced_at=T0, source="portal")
    assert err.value.key == "cache.disk_full"
    assert cache.token() == "tok-1"
    assert snapshot(cache) == before


def test_corrupt_file_is_reported_and_can_be_set_aside(
    path: Path, records: list[CatalogRecord]
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 500)
    with pytest.raises(CacheError) as err:
        CatalogCache(path)
    assert err.value.key == "cache.corrupt"
    moved = quarantine(path)
    assert moved is not None and moved.exists() and not path.exists()
    with CatalogCache(path) as c:
        c.apply_changes(records[:10], [], None, synced_at=T0, source="bundled")
        assert c.meta().count == 10


def test_unopenable_location_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(CacheError) as err:
        CatalogCache(blocker / "sub" / "catalog.sqlite3")
    assert err.value.key == "cache.unavailable"


def test_transaction_is_explicit_even_around_sqlite_utils(tmp_path: Path) -> None:
    db = open_db(tmp_path / "t.sqlite3")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    with pytest.raises(KeyError), transaction(db):
        db["t"].insert({"id": 1, "v": "a"})  # a library write must not commit early
        db.execute("INSERT INTO t VALUES (2, 'b')")
        raise KeyError("boom")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    with transaction(db):
        db.execute("INSERT INTO t VALUES (3, 'c')")
        with pytest.raises(RuntimeError), transaction(db):
            pass  # nesting is a bug, not a silent commit
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    db.conn.close()


# --------------------------------------------------------------------------- the index


def test_search_before_loading_loads(cache: CatalogCache) -> None:
    fresh = CatalogCache(cache._path)
    try:
        assert not fresh.diagnostics()["index_loaded"]
        assert fresh.search("khai sinh").total > 0
        assert fresh.diagnostics()["index_loaded"]
    finally:
        fresh.close()


def test_index_is_persisted_not_rebuilt_from_text(
    cache: CatalogCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = snapshot(cache)

    def no_tokenizing(doc):
        raise AssertionError(f"re-tokenized {doc.key} at load")

    monkeypatch.setattr(catalog_cache, "doc_terms", no_tokenizing)
    with CatalogCache(cache._path) as again:
        again.load_index()
        assert snapshot(again) == expected


def test_index_reloads_the_same_in_a_new_process(cache: CatalogCache) -> None:
    expected = snapshot(cache)
    cache.close()
    code = (
        "import json, sys\n"
        "from offline_cache.catalog_cache import CatalogCache\n"
        "c = CatalogCache(sys.argv[1])\n"
        f"print(json.dumps({{q: [h.key for h in c.search(q, limit=100).hits] for q in {QUERIES!r}}}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(cache._path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=120,
    )
    assert json.loads(out.stdout) == expected


def test_terms_of_an_older_tokenizer_are_rederived(cache: CatalogCache) -> None:
    expected = snapshot(cache)
    path = cache._path
    cache.close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE sync_state SET terms_version = 0")
        raw.execute("UPDATE search_terms SET name_terms = 'stale'")
    with CatalogCache(path) as c:
        assert snapshot(c) == expected
        assert c.diagnostics()["terms_version"] == TERMS_VERSION


def test_concurrent_search_during_apply_sees_whole_catalogs(
    cache: CatalogCache, records: list[CatalogRecord]
) -> None:
    small = records[::3]
    versions = {}
    cache.apply_changes(small, [], "small", synced_at=T0, source="portal", reset=True)
    versions["small"] = snapshot(cache)
    cache.apply_changes(records, [], "all", synced_at=T0, source="portal", reset=True)
    versions["all"] = snapshot(cache)
    assert versions["small"] != versions["all"]

    errors: list[BaseException] = []
    stop = threading.Event()

    def writer() -> None:
        try:
            for i in range(8):
                subset = small if i % 2 == 0 else records
                cache.apply_changes(subset, [], str(i), synced_at=T0, source="portal", reset=True)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            stop.set()

    seen = set()
    thread = threading.Thread(target=writer)
    thread.start()
    while not stop.is_set():
        for q in QUERIES:
            got = keys(cache.search(q, limit=100))
            match = [name for name, expected in versions.items() if expected[q] == got]
            assert match, f"a search for {q!r} saw half of an update"
            seen.update(match)
        cache.meta()
        cache.get(records[0].key)
    thread.join()
    assert not errors
    assert seen == {"small", "all"}  # searched while the writer ran
