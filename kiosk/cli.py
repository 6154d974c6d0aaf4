"""The `kiosk` command for citizens' screens, staff and technicians.

The commands that need Qt (`run`, `tour`) are provided by the UI layer, which passes
itself in as `gui`: the core never imports the UI (the arrow points down).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kiosk import card_cli, outbox_cli, printer_cli, scanner_cli, staff_cli
from kiosk import config as config_mod

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2


class Gui(Protocol):
    def run(self, cfg: config_mod.Config, args: argparse.Namespace) -> int: ...
    def tour(self, cfg: config_mod.Config, args: argparse.Namespace) -> int: ...


def _size(text: str) -> tuple[int, int]:
    w, sep, h = text.lower().partition("x")
    if not sep or not w.isdigit() or not h.isdigit() or int(w) <= 0 or int(h) <= 0:
        raise argparse.ArgumentTypeError('size must look like 1080x1920')
    return int(w), int(h)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk for Hanoi's public services (Kiosk dịch vụ công Hà Nội).",
        epilog="Configuration: --config FILE, else $KIOSK_CONFIG, else the user config file "
        "(see `kiosk config --path`), else built-in defaults that run the demo.",
    )
    p.add_argument("--config", metavar="FILE", help="TOML configuration file")
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the kiosk (full screen)",
                         description="Start the kiosk. With no portal URL configured, the "
                         "portal simulator runs in-process and devices are simulated.")
    run.add_argument("--windowed", action="store_true", help="in a window, not full screen")
    run.add_argument("--size", type=_size, metavar="WxH",
                     help="window size, e.g. 1080x1920 (portrait) or 1920x1080")
    run.add_argument("--exit-after-first-frame", action="store_true",
                     help=argparse.SUPPRESS)  # used by the start-up benchmark

    sim = sub.add_parser("portal-sim", help="run the Kiosk Portal API simulator alone",
                         description="Serve the Kiosk Portal API from the real catalog on "
                         "this machine, for demos, staff training and tests.")
    sim.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    sim.add_argument("--port", type=int, default=8780, help="port (default 8780; 0: any free)")
    sim.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate")
    sim.add_argument("--tls-key", metavar="PEM", help="private key of --tls-cert")
    sim.add_argument("--step-seconds", type=float, default=120.0, metavar="S",
                     help="how long a dossier stays in each status before it moves on "
                     "(default 120)")

    cat = sub.add_parser("catalog", help="the offline procedure catalog",
                         description="Inspect and refresh the offline procedure catalog.")
    catsub = cat.add_subparsers(dest="catalog_command", metavar="ACTION")
    catsub.add_parser("refresh", help="bring the offline catalog up to date from the portal")
    catsub.add_parser("status", help="how many procedures, from where, how old")
    search = catsub.add_parser("search", help="search as a citizen would")
    search.add_argument("text", help="what to look for, with or without diacritics")
    search.add_argument("--field", help="only this field (lĩnh vực), exact name")
    search.add_argument("--level", help="only this handling level code (bo, tinh, xa, khac)")
    search.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    show = catsub.add_parser("show", help="one procedure in full")
    show.add_argument("code", help="procedure code (mã thủ tục), e.g. 1.001193")
    show.add_argument("--json", action="store_true", help="machine-readable output")

    tour = sub.add_parser("tour", help="save a screenshot of every screen in both languages",
                          description="Walk every screen offscreen in Vietnamese and English, "
                          "portrait and landscape, and save a PNG of each.")
    tour.add_argument("--out", required=True, metavar="DIR", help="directory for the PNG files")
    tour.add_argument("--size", type=_size, action="append", metavar="WxH",
                      help="screen size (repeatable; default 1080x1920 and 1920x1080)")

    cfg = sub.add_parser("config", help="show the configuration in effect")
    cfg.add_argument("--default", action="store_true", help="print the documented default file")
    cfg.add_argument("--path", action="store_true", help="print where the user config file goes")

    sub.add_parser("units", help="list Hanoi's communes and wards (the kiosk's `ward` codes)")
    for module in TOOL_COMMANDS:
        module.add_parser(sub)
    return p


# Commands for staff and technicians, each in its own module: add_parser(sub), run(cfg, args)
# and the COMMANDS it adds.
TOOL_COMMANDS = (card_cli, outbox_cli, printer_cli, scanner_cli, staff_cli)


def main(argv: Sequence[str] | None = None, gui: Gui | None = None) -> int:
    try:
        return _main(argv, gui)
    except BrokenPipeError:
        # `kiosk units | head`: the reader has gone; say nothing more, as shell tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None, gui: Gui | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        cfg = config_mod.load(args.config)
    except config_mod.ConfigError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE

    if args.command in ("run", "tour"):
        if gui is None:
            print("kiosk: the user interface is not installed", file=sys.stderr)
            return EXIT_FAIL
        return gui.run(cfg, args) if args.command == "run" else gui.tour(cfg, args)
    if args.command == "portal-sim":
        return _portal_sim(args)
    if args.command == "catalog":
        if args.catalog_command is None:
            try:
                parser.parse_args(["catalog", "--help"])  # prints the help, exits 0
            except SystemExit:
                pass
            return EXIT_USAGE  # a missing action is a usage error, as a missing command
        return _catalog(cfg, args)
    if args.command == "config":
        return _config(cfg, args)
    if args.command == "units":
        return _units()
    for module in TOOL_COMMANDS:
        if args.command in getattr(module, "COMMANDS", ()):
            return module.run(cfg, args)
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _portal_sim(args: argparse.Namespace) -> int:
    from kiosk.portal.simulator import serve

    if bool(args.tls_cert) != bool(args.tls_key):
        print("kiosk: --tls-cert and --tls-key go together", file=sys.stderr)
        return EXIT_USAGE
    if not args.step_seconds > 0:
        print("kiosk: --step-seconds must be positive", file=sys.stderr)
        return EXIT_USAGE
    try:
        serve(args.host, args.port, certfile=args.tls_cert, keyfile=args.tls_key,
              step_seconds=args.step_seconds)
    except OSError as exc:
        print(f"kiosk: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _catalog(cfg: config_mod.Config, args: argparse.Namespace) -> int:
    from kiosk.app import KioskApp
    from kiosk.portal.errors import PortalError

    app = KioskApp.build(cfg)
    try:
        if args.catalog_command == "refresh":
            if app.simulator is not None:
                app.simulator.start()  # type: ignore[attr-defined]
            app.catalog.ensure_seeded()
            try:
                outcome = app.catalog.refresh()
            except PortalError as exc:
                print(f"kiosk: catalog not refreshed: {exc} ({exc.key}); "
                      "the offline catalog is unchanged", file=sys.stderr)
                return EXIT_FAIL
            status = app.catalog.status()
            kind = "full download" if outcome.full else "incremental"
            print(f"{kind}: {outcome.changed} changed, {outcome.deleted} removed; "
                  f"{status.count} procedures")
            return EXIT_OK
        app.catalog.ensure_seeded()
        if args.catalog_command == "status":
            st = app.catalog.status()
            when = st.synced_at.isoformat(timespec="seconds") if st.synced_at else "never"
            print(f"procedures: {st.count}\nsource: {st.source}\nas of: {when}\n"
                  f"database: {cfg.catalog_db}")
            return EXIT_OK
        if args.catalog_command == "search":
            return _catalog_search(app, args)
        if args.catalog_command == "show":
            proc = app.catalog.procedure(args.code)
            if proc is None:
                print(f"kiosk: no procedure {args.code}", file=sys.stderr)
                return EXIT_FAIL
            body = app.cache.get(args.code)
            if args.json:
                print(json.dumps(body, ensure_ascii=False, indent=2))
            else:
                print(f"{proc.code}  {proc.name}\n  field: {proc.field}\n"
                      f"  levels: {', '.join(proc.levels)}\n  agency: {proc.agency or '-'}\n"
                      f"  online: {proc.online_level or 'unknown'}\n"
                      f"  detail: {'yes' if proc.has_detail else 'not in the catalog'}")
            return EXIT_OK
    finally:
        app.stop()
    return EXIT_USAGE


def _catalog_search(app, args: argparse.Namespace) -> int:
    result = app.catalog.search(args.text, field=args.field, level=args.level,
                                limit=max(1, args.limit), facets=True)
    if args.json:
        print(json.dumps({
            "query": args.text,
            "total": result.total,
            "hits": [{"MaTTHC": h.code, "TenTTHC": h.name, "LinhVuc": h.field,
                      "CapThucHien": list(h.levels), "score": round(h.score, 3)}
                     for h in result.hits],
            "fields": result.field_counts,
            "levels": result.level_counts,
        }, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not result.hits:
        print("no procedure matches")
        return EXIT_OK
    for h in result.hits:
        print(f"{h.code:<10} {h.name}  [{h.field}]")
    if result.total > len(result.hits):
        print(f"... {result.total - len(result.hits)} more")
    return EXIT_OK


def _config(cfg: config_mod.Config, args: argparse.Namespace) -> int:
    if args.default:
        print(config_mod.default_config_text(), end="")
        return EXIT_OK
    if args.path:
        import platformdirs

        print(Path(platformdirs.user_config_dir(config_mod.APP_NAME, appauthor=False)) / "kiosk.toml")
        return EXIT_OK
    print(f"# from: {cfg.source}")
    for section in config_mod.SECTION_NAMES:
        print(f"[{section}]")
        for key, value in vars(getattr(cfg, section)).items():
            if key == "pin_hash" and value:
                print(f'{key} = "…"  # set (a salted hash; not shown)')
                continue
            print(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    print(f"# data directory: {cfg.data_dir}")
    return EXIT_OK


def _units() -> int:
    from kiosk.units import load_units

    for u in load_units():
        print("\t".join(str(u.get(k, "")) for k in ("MaDVHC", "TenDayDu", "TenDayDuTiengAnh", "MaCoQuan")))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
