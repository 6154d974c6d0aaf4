"""Reading the virtual chip ID card through the real PC/SC stack.

pcscd + vsmartcard's virtual reader + the virtual CCCD chip (specimen citizen, 20 KB
face, signed EF.SOD). Each run opens the card through the ReaderService and reads
EF.COM, DG1, DG2, DG13 and EF.SOD under Secure Messaging (BAC), then verifies Passive
Authentication. Reported: APDU round trips against the minimum the chunk size allows
(per file: SELECT, a 4-byte header read, then ceil(rest / chunk) reads; plus the
applet selection, EF.CardAccess probe and the two BAC commands), and wall time.

Usage: python benchmarks/card_read_bench.py [--runs 20] [--no-write]   (pcscd must be
running, or startable: the script starts `pcscd -f -a` if it finds none)
Targets: round trips within 10 % of the minimum; wall time under 1 s.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import machine, summary_ms, write_section  # noqa: E402

from devices.cccd import lds  # noqa: E402
from devices.cccd.specimen import specimen  # noqa: E402
from devices.cccd.testpki import pki  # noqa: E402
from devices.pcsc import ReaderService, list_readers  # noqa: E402
from devices.pcsc.errors import ReaderError  # noqa: E402
from devices.vpcd import VpcdConnection  # noqa: E402
from devices.vpcd.cccd_chip import build_card  # noqa: E402
from kiosk.identity.access import AccessKeys  # noqa: E402
from kiosk.identity.reading import read_chip  # noqa: E402

READER = "Virtual PCD 00 00"


def ensure_pcscd() -> subprocess.Popen | None:
    try:
        if READER in list_readers():
            return None
    except ReaderError:
        pass
    exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
    proc = subprocess.Popen([exe, "-f", "-a"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            if READER in list_readers():
                return proc
        except ReaderError:
            pass
        time.sleep(0.1)
    raise SystemExit("pcscd did not start")


def minimum_apdus(files: dict[int, bytes], chunk: int) -> int:
    n = 4  # EF.CardAccess probe, SELECT applet, GET CHALLENGE, EXTERNAL AUTHENTICATE
    for fid in (lds.FID_EF_COM, lds.FID_DG1, lds.FID_DG2, lds.FID_DG13, lds.FID_EF_SOD):
        size = len(files[fid])
        n += 1 + 1 + math.ceil(max(0, size - 4) / chunk)  # SELECT, header, the rest
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    started = ensure_pcscd()
    person = specimen(face_size=20_000)
    card = build_card("genuine", person=person)
    files = card.card.files
    keys = [AccessKeys.for_card(person.id_number, person.details.birth_date(),
                                person.details.expires_on())]
    service = ReaderService(timeout=5.0, poll_interval=0.25)
    service.start()
    link = VpcdConnection(card)
    link.start(retry_for=5)
    walls, reads, apdus = [], [], []
    try:
        end = time.monotonic() + 5
        while READER not in service.cards and time.monotonic() < end:
            time.sleep(0.02)
        trust = pki().trust_store()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            transport = service.open(READER)
            try:
                result = service.call(lambda t=transport: read_chip(t, keys, trust=trust), timeout=10)
            finally:
                transport.close()
            walls.append(time.perf_counter() - t0)
            reads.append(result.report["total_ms"] / 1000)
            apdus.append(result.report["total_apdus"])
            if not result.pa.verified:
                raise SystemExit(f"not verified: {result.pa.status}")
        chunk = result.report["chunk"]
    finally:
        link.stop()
        service.stop()
        if started:
            started.terminate()
    minimum = minimum_apdus(files, chunk)
    sizes = ", ".join(f"{name} {len(files[fid])} B" for name, fid in
                      (("EF.COM", lds.FID_EF_COM), ("DG1", lds.FID_DG1), ("DG2", lds.FID_DG2),
                       ("DG13", lds.FID_DG13), ("EF.SOD", lds.FID_EF_SOD)))
    result_text = (
        f"- APDU round trips per read: {statistics.median(apdus):.0f} (minimum for {chunk}-byte "
        f"chunks: {minimum}; {100 * (statistics.median(apdus) / minimum - 1):+.1f} %)\n"
        f"- files: {sizes}\n"
        f"- wall time, open + read + Passive Authentication: {summary_ms(walls)}\n"
        f"- of which card I/O as the reader timed it: {summary_ms(reads)}")
    print(result_text)
    if not args.no_write:
        write_section("Chip ID card read through PC/SC", f"""
`python benchmarks/card_read_bench.py --runs {args.runs}` on {machine()}: pcscd, the
vsmartcard virtual reader, the virtual CCCD chip (specimen, 20 KB face, SOD signed by the
test CSCA), BAC and 3DES Secure Messaging, ReaderService worker thread.

{result_text}

Targets: round trips within 10 % of the minimum the chunk size allows; wall time under
1 s. The chunk is 223 bytes (short APDUs under 3DES SM; see devices/cccd/reader.py); a
reader and card with extended length read in 4 KB chunks.
""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
