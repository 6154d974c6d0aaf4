"""Shared test set-up: Qt without a screen, a private data directory per test."""

import os

# Must be set before any Qt module is imported: no display in CI, and the software
# scene graph, without which grabbing a QML window hangs.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def catalog_records():
    """The real catalog shipped with the kiosk, as cache records."""
    from kiosk.catalog.service import bundled_catalog, record_from_wire

    procedures, _meta = bundled_catalog()
    return [record_from_wire(p) for p in procedures]


@pytest.fixture(scope="session")
def search_docs(catalog_records):
    from offline_cache.search import SearchDoc

    return [SearchDoc(r.key, r.name, r.field, r.levels, r.code, r.online_level)
            for r in catalog_records]


@pytest.fixture
def sim():
    """A portal simulator on loopback, serving the real catalog."""
    from kiosk.portal.simulator import PortalSimulator

    with PortalSimulator() as s:
        yield s
