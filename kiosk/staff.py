"""Assisted mode: a ward officer unlocks the kiosk with a PIN to help a walk-in citizen.

The check lives here, in the core, not in the screens: what assisted mode may see (the
chip's face image) is decided by asking `StaffMode.active`, and the PIN, the lockout
after wrong PINs and the expiry of the staff session are enforced here whatever the UI
does. The PIN is stored only as a salted PBKDF2 hash (`kiosk staff hash-pin`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable

SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_PIN, MAX_PIN = 4, 12
# A demo kiosk (portal simulator in-process, no PIN configured) accepts this PIN so
# that training and demos can show assisted mode; a real deployment sets its own hash.
DEMO_PIN = "246810"

# Keys the UI translates.
WRONG_PIN = "staff.wrong_pin"
LOCKED_OUT = "staff.locked_out"
DISABLED = "staff.disabled"
BAD_PIN = "staff.bad_pin"


class StaffError(Exception):
    def __init__(self, key: str, retry_in: float = 0.0) -> None:
        super().__init__(key)
        self.key = key
        self.retry_in = retry_in  # seconds until a PIN is accepted again (lockout)


def check_pin_format(pin: str) -> str:
    pin = pin.strip()
    if not (MIN_PIN <= len(pin) <= MAX_PIN and pin.isascii() and pin.isdigit()):
        raise StaffError(BAD_PIN)
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The line to put in `[staff] pin_hash`."""
    pin = check_pin_format(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, iterations, salt_hex, digest_hex = stored.split("$")
        if scheme != SCHEME:
            return False
        salt, expected, rounds = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex), int(iterations)
    except ValueError:
        return False
    if rounds < 1 or rounds > 10_000_000:
        return False
    got = hashlib.pbkdf2_hmac("sha256", pin.strip().encode(), salt, rounds)
    return hmac.compare_digest(got, expected)


def valid_hash(stored: str) -> bool:
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME or not parts[1].isdigit():
        return False
    try:
        bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return False
    return True


class StaffMode:
    """Whether a ward officer has unlocked assisted mode, and for how long.

    `pin_hash` empty and `demo` False: assisted mode is off on this kiosk. After
    `max_attempts` wrong PINs in a row, PINs are refused for `lockout` seconds. An
    unlocked staff session ends after `ttl` seconds without `touch()` or on `lock()`.
    """

    def __init__(self, pin_hash: str = "", *, demo: bool = False, ttl: float = 600.0,
                 max_attempts: int = 5, lockout: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._hash = pin_hash or (hash_pin(DEMO_PIN, iterations=1_000) if demo else "")
        self.demo = demo and not pin_hash
        self.ttl = ttl
        self.max_attempts = max_attempts
        self.lockout = lockout
        self._clock = clock
        self._lock = threading.Lock()
        self._until = 0.0  # end of the staff session (clock time); 0: locked
        self._failures = 0
        self._locked_until = 0.0
        self._listeners: list[Callable[[bool], None]] = []

    @property
    def enabled(self) -> bool:
        return bool(self._hash)

    @property
    def active(self) -> bool:
        with self._lock:
            return self._active()

    def _active(self) -> bool:
        return self._until > 0 and self._clock() < self._until

    def unlock(self, pin: str) -> None:
        """Raises StaffError(staff.disabled | staff.locked_out | staff.bad_pin | staff.wrong_pin)."""
        if not self.enabled:
            raise StaffError(DISABLED)
        with self._lock:
            now = self._clock()
            if now < self._locked_until:
                raise StaffError(LOCKED_OUT, self._locked_until - now)
            try:
                check_pin_format(pin)
                ok = verify_pin(pin, self._hash)
            except StaffError:
                ok = False
            if not ok:
                self._failures += 1
                if self._failures >= self.max_attempts:
                    self._failures = 0
                    self._locked_until = now + self.lockout
                    raise StaffError(LOCKED_OUT, self.lockout)
                raise StaffError(WRONG_PIN)
            self._failures = 0
            self._until = now + self.ttl
        self._notify(True)

    def touch(self) -> None:
        """Staff are still working: extend the session."""
        with self._lock:
            if self._active():
                self._until = self._clock() + self.ttl

    def lock(self) -> None:
        with self._lock:
            was = self._until > 0
            self._until = 0.0
        if was:
            self._notify(False)

    def on_change(self, listener: Callable[[bool], None]) -> None:
        self._listeners.append(listener)

    def _notify(self, active: bool) -> None:
        for listener in list(self._listeners):
            listener(active)


__all__ = ["DEMO_PIN", "StaffError", "StaffMode", "hash_pin", "valid_hash", "verify_pin"]
