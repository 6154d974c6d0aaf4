"""What the kiosk tells the portal about itself: devices and the outbox, in the
heartbeat's documented shape."""

import jsonschema
from portal_helpers import load_spec

from kiosk.app import KioskApp
from kiosk.config import Config

HEARTBEAT = load_spec()["components"]["schemas"]["Heartbeat"]


def test_the_heartbeat_reports_devices_and_dead_letters(tmp_path):
    cfg = Config().with_overrides(paths={"data_dir": str(tmp_path)},
                                  devices={"card_reader": "none"},
                                  portal={"url": "http://127.0.0.1:9"})
    app = KioskApp.build(cfg)
    try:
        app.start_background()
        app._devices_thread.join(10)
        payload = app.health(0.0)
        jsonschema.Draft202012Validator(HEARTBEAT).validate(payload)
        assert payload["devices"]["printer"] == {"ready": True, "problem": None}
        assert payload["devices"]["qr_scanner"]["state"] == "ready"
        # (the status may already be "degraded": the portal here is unreachable)
        assert payload["outbox_pending"] == 0 and payload["outbox_dead"] == 0

        app.printer.simulator.set_state("no_paper")
        item = app.outbox.outbox.enqueue({"x": 1}, local_ref="LK-251122-7QX4M28",
                                         procedure_code="1.001193", now=0.0)
        app.outbox.outbox.mark_dead(item.id, "portal.rejected HTTP 422")
        payload = app.health(0.0)
        assert payload["devices"]["printer"] == {"ready": False, "problem": "printer.no_paper"}
        assert payload["outbox_dead"] == 1 and payload["status"] == "degraded"
    finally:
        app.stop()
