"""PC/SC contexts and the reader list, over pyscard's low-level ``smartcard.scard``.

The low-level API returns codes instead of raising pyscard exceptions, so every failure
becomes one of our typed errors here, and it never touches pyscard's singleton monitors.
A context belongs to the thread that uses it (pcsc-lite serialises calls per context).
"""

from __future__ import annotations

from smartcard import scard

from .errors import NoService, from_code, u32

# pcsc-lite's pseudo reader whose state changes when a reader is plugged or unplugged.
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"


def establish_context() -> int:
    """A new PC/SC context; NoService when pcscd is not running."""
    try:
        code, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    except Exception as exc:  # pyscard raises on a missing or broken libpcsclite
        raise NoService(f"cannot load the PC/SC library: {exc}") from exc
    if code != scard.SCARD_S_SUCCESS:
        raise from_code(code, "establish context")
    return ctx


def release_context(ctx: int) -> None:
    """Release, ignoring failures: a context from before a pcscd restart is gone anyway."""
    try:
        scard.SCardReleaseContext(ctx)
    except Exception:  # a stale handle may make pyscard raise; nothing to do about it
        pass


def readers_in(ctx: int) -> list[str]:
    """Reader names in pcscd's order; [] when there are none."""
    code, names = scard.SCardListReaders(ctx, [])
    if u32(code) == u32(scard.SCARD_E_NO_READERS_AVAILABLE):
        return []
    if code != scard.SCARD_S_SUCCESS:
        raise from_code(code, "list readers")
    return list(names)


def list_readers() -> list[str]:
    """The connected readers ([] if none). Raises NoService when pcscd is not running;
    other PC/SC failures raise the matching ReaderError."""
    ctx = establish_context()
    try:
        return readers_in(ctx)
    finally:
        release_context(ctx)
