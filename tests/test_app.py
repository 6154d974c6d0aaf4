"""The composition root: config in, working parts out."""

from kiosk.app import KioskApp
from kiosk.config import Config


def test_demo_config_builds_a_simulated_portal_without_starting_anything(tmp_path):
    app = KioskApp.build(Config().with_overrides(paths={"data_dir": str(tmp_path)}))
    try:
        assert app.simulator is not None
        assert app.sync._thread is None  # nothing runs before start_background()
        assert app.navigator.current.screen == "start"
    finally:
        app.stop()


def test_a_configured_gateway_uses_the_real_client(tmp_path):
    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  portal={"url": "https://gateway.invalid"})
    app = KioskApp.build(cfg)
    try:
        assert app.simulator is None
        assert app.portal.base_url.startswith("https://gateway.invalid")
    finally:
        app.stop()


def test_a_damaged_catalog_file_is_moved_aside_and_rebuilt(tmp_path):
    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)})
    cfg.catalog_db.write_bytes(b"this is not a database" * 100)
    app = KioskApp.build(cfg)
    try:
        assert app.catalog.ensure_seeded()
        assert app.catalog.status().count == 1351
        assert list(tmp_path.glob("catalog.sqlite3.corrupt-*"))
    finally:
        app.stop()


def test_the_running_kiosk_reports_itself_to_the_portal(tmp_path):
    """start_background(): simulator up, catalog refreshed, heartbeat received."""
    import time

    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  kiosk={"id": "HN-TEST-0042"})
    app = KioskApp.build(cfg)
    try:
        app.start_background()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            beat = app.simulator.last_heartbeat("HN-TEST-0042") if app._sim_ready.is_set() else None
            if beat and app.catalog.status().source == "portal":
                break
            time.sleep(0.05)
        assert app.simulator.last_heartbeat("HN-TEST-0042") is not None  # sent by the thread
        assert app.catalog.status().count == 1351
        assert app.heartbeat.send_once()  # and now, with the catalog from the portal
        payload = app.simulator.last_heartbeat("HN-TEST-0042")["payload"]
        assert payload["catalog_count"] == 1351
        assert payload["catalog_token"] == app.cache.token()
        assert payload["status"] == "ok" and payload["app_version"]
    finally:
        app.stop()
