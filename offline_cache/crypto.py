"""Encryption at rest of the outbox's personal data: AES-256-GCM, key in its own file.

The key lives OUTSIDE the database (a copied or stolen database file alone reveals
nothing), in a file of 32 random bytes created atomically with mode 0600. A key file
that group or others can read is refused: it may have been copied. Every ciphertext is
bound to its row through the associated data, so a payload moved to another row does
not decrypt. Losing the key means the payloads cannot be read; that is a declared
`CryptoError`, never a crash.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "KEY_INSECURE",
    "KEY_INVALID",
    "KEY_MISSING",
    "KEY_UNREADABLE",
    "KEY_WRONG",
    "MESSAGES",
    "CryptoError",
    "Sealer",
    "load_key",
    "load_or_create_key",
]

KEY_MISSING = "outbox.key_missing"
KEY_INSECURE = "outbox.key_insecure"
KEY_INVALID = "outbox.key_invalid"
KEY_UNREADABLE = "outbox.key_unreadable"
KEY_WRONG = "outbox.key_wrong"  # the key does not open this data (wrong key, or tampering)

KEY_BYTES = 32
_VERSION = b"\x01"  # first byte of every blob: lets a later format coexist
_NONCE_BYTES = 12


class CryptoError(Exception):
    """The outbox's key cannot be used; `key` is a translation key for staff screens."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


MESSAGES: dict[str, dict[str, str]] = {
    KEY_MISSING: {
        "vi": "Thiếu tệp khóa mã hóa của hàng đợi hồ sơ. Hồ sơ đang chờ không đọc được; "
              "vui lòng báo kỹ thuật viên.",
        "en": "The outbox encryption key file is missing. Queued dossiers cannot be read; "
              "please call a technician.",
    },
    KEY_INSECURE: {
        "vi": "Tệp khóa mã hóa có quyền truy cập quá rộng nên bị từ chối. "
              "Vui lòng báo kỹ thuật viên.",
        "en": "The encryption key file can be read by other users and was refused. "
              "Please call a technician.",
    },
    KEY_INVALID: {
        "vi": "Tệp khóa mã hóa bị hỏng. Vui lòng báo kỹ thuật viên.",
        "en": "The encryption key file is damaged. Please call a technician.",
    },
    KEY_UNREADABLE: {
        "vi": "Không đọc hoặc tạo được tệp khóa mã hóa. Vui lòng báo kỹ thuật viên.",
        "en": "The encryption key file cannot be read or created. Please call a technician.",
    },
    KEY_WRONG: {
        "vi": "Khóa mã hóa không khớp với dữ liệu hồ sơ đang lưu. Vui lòng báo kỹ thuật viên.",
        "en": "The encryption key does not match the stored dossiers. Please call a technician.",
    },
}


def _check_mode(st: os.stat_result, path: Path) -> None:
    if os.name == "posix" and st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CryptoError(KEY_INSECURE, f"{path} has mode {stat.S_IMODE(st.st_mode):04o}, "
                          "0600 is required")


def load_key(path: str | os.PathLike[str]) -> bytes:
    """Read an existing key file; CryptoError when missing, too open or malformed."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise CryptoError(KEY_MISSING, str(path)) from None
    except OSError as exc:
        raise CryptoError(KEY_UNREADABLE, f"{path}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)  # the mode of what was opened, not of what the name points to now
        if not stat.S_ISREG(st.st_mode):
            raise CryptoError(KEY_INVALID, f"{path} is not a regular file")
        _check_mode(st, path)
        data = os.read(fd, KEY_BYTES + 1)
    except OSError as exc:
        raise CryptoError(KEY_UNREADABLE, f"{path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) != KEY_BYTES:
        raise CryptoError(KEY_INVALID, f"{path} holds {len(data)} bytes, not {KEY_BYTES}")
    return data


def load_or_create_key(path: str | os.PathLike[str]) -> bytes:
    """The key in `path`, made first (atomically, mode 0600) if there is none.

    Atomic: the key is written and synced under a temporary name, then hard-linked to
    its name, which fails if another process made one first (then that one is used).
    A half-written key file can therefore never be seen.
    """
    path = Path(path)
    if path.exists():
        return load_key(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        key = secrets.token_bytes(KEY_BYTES)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_key(path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _fsync_dir(path.parent)
    except OSError as exc:
        raise CryptoError(KEY_UNREADABLE, f"{path}: {exc.strerror}") from None
    return load_key(path)  # read back: proves the file is what later runs will read


def _fsync_dir(directory: Path) -> None:
    # The new name must survive a power cut too, or the data it protects is lost.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Sealer:
    """Encrypts and decrypts blobs with one key; `aad` binds a blob to its row."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise CryptoError(KEY_INVALID, f"a key is {KEY_BYTES} bytes")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE_BYTES)  # random 96-bit nonce, never reused in practice
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, _VERSION + aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _VERSION:
            raise CryptoError(KEY_WRONG, "not an outbox ciphertext")
        nonce = blob[1:1 + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, blob[1 + _NONCE_BYTES:], _VERSION + aad)
        except InvalidTag:
            raise CryptoError(KEY_WRONG, "the key does not open this payload") from None
