"""`kiosk printer status` and `kiosk printer test`: the technician's view of the printer."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

COMMANDS = ("printer",)
EXIT_OK, EXIT_NOT_READY, EXIT_USAGE, EXIT_CANNOT_OPEN = 0, 1, 2, 3

# A printer we could not reach at all: the URI, the cable, the port or the power.
_CANNOT_OPEN = ("printer.not_found", "printer.timeout")


def add_parser(sub: Any) -> None:
    printer = sub.add_parser(
        "printer", help="test the receipt printer",
        description="Ask the receipt printer for its status, or print a sample receipt.",
        epilog="Exit status: 0 ready (or printed), 1 not ready (the reason is printed), "
        "2 bad usage, 3 the printer cannot be opened or does not answer.")
    ps = printer.add_subparsers(dest="printer_command", metavar="ACTION")
    status = ps.add_parser("status", help="read the printer's status (DLE EOT)")
    status.add_argument("--uri", help="printer URI (default: [devices] printer)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    test = ps.add_parser("test", help="print a sample receipt with its QR")
    test.add_argument("--uri", help="printer URI (default: [devices] printer)")
    test.add_argument("--save", metavar="PNG", help="also save the rendered receipt image")
    test.add_argument("--json", action="store_true", help="machine-readable output")


def run(cfg, args: argparse.Namespace) -> int:
    if getattr(args, "printer_command", None) is None:
        print("kiosk: printer needs an action: status or test (see kiosk printer --help)",
              file=sys.stderr)
        return EXIT_USAGE
    from devices.printer import MESSAGES, PrinterError, PrinterService

    uri = args.uri or cfg.devices.printer
    service = PrinterService(uri, cfg.devices.printer_paper_mm)
    service.start()
    try:
        if args.printer_command == "status":
            return _status(service, args)
        return _test(cfg, service, args)
    except PrinterError as exc:
        words = MESSAGES[exc.key]["en"]
        if args.json:
            print(json.dumps({"uri": uri, "error": exc.key, "detail": exc.detail,
                              "message": words, "partial": exc.partial}, ensure_ascii=False))
        else:
            print(f"kiosk: {uri}: {words} ({exc.key}: {exc.detail})", file=sys.stderr)
        return EXIT_CANNOT_OPEN if exc.key in _CANNOT_OPEN else EXIT_NOT_READY
    finally:
        service.stop()


def _status(service, args) -> int:
    st = service.status(timeout=10)
    if args.json:
        print(json.dumps({"uri": service.uri, **st.to_dict(), "message": st.describe("en")},
                         ensure_ascii=False))
    else:
        print(f"printer: {service.uri} ({service.paper_mm} mm, {service.width_dots} dots)")
        print(f"status: {st.describe('en')} / {st.describe('vi')}")
        if st.checked:
            print(f"online: {st.online}, paper: {st.paper}, cover open: {st.cover_open}, "
                  f"error: {st.error or 'none'}")
    return EXIT_OK if st.ready else EXIT_NOT_READY


def _test(cfg, service, args) -> int:
    from devices.printer.layout import render
    from kiosk.receipt import receipt_blocks, sample_receipt

    receipt = sample_receipt(cfg.outbox.lookup_url, kiosk_id=cfg.kiosk.id)
    img = render(receipt_blocks(receipt), service.width_dots)
    result = service.print_image(img, timeout=60)
    saved_error = None
    if args.save:
        try:
            img.save(args.save)
        except (OSError, ValueError) as exc:  # a bad path must not hide the print result
            saved_error = f"could not save {args.save}: {exc}"
    out = {"uri": service.uri, "bytes_sent": result.bytes_sent,
           "seconds": round(result.duration, 3), "image": list(img.size),
           "qr": receipt.lookup_qr, "warnings": list(result.warnings)}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"printed a sample receipt on {service.uri}: {img.width}x{img.height} dots, "
              f"{result.bytes_sent} bytes in {result.duration:.3f} s")
        print(f"QR: {receipt.lookup_qr}")
        for w in result.warnings:
            print(f"warning: {w}")
    if saved_error:
        print(f"kiosk: {saved_error}", file=sys.stderr)
        return EXIT_NOT_READY
    return EXIT_OK
