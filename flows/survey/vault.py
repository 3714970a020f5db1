"""Per-run data keys of open surveys (crypto-shredding): each run gets a fresh 256-bit key in a
file outside the database when it is sent; everything answer-bearing written while the run is
open is AES-256-GCM ciphertext of one fixed length under that key; at close the file is
overwritten and deleted, so copies of the database, its WAL or a backup taken while the run was
open can no longer be read by anyone. See docs/anonymity.md."""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from flows.files import FileError
from flows.types import N_

KEY_BYTES = 32
NONCE_BYTES = 12
_LENGTH = 4  # big-endian length prefix of the padded plaintext
_ID_CHARS = set("0123456789abcdef")


class KeyMissingError(FileError):
    """The key file of an open run is not in the key directory (not shared, or lost), or it is
    damaged; said from the catalog (the directory is the "where")."""


class SealError(RuntimeError):
    """A sealed record cannot be opened (wrong key, wrong row, or tampered with)."""


def _derive(secret: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 of ``secret`` for ``info`` (cryptography imported here: not at start)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(secret)


@dataclass(frozen=True)
class RunKey:
    """The data key of one run: seals and opens that run's records."""

    secret: bytes

    def _aead(self) -> AESGCM:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return AESGCM(_derive(self.secret, b"flurfunk survey record v1"))

    def tags(self, run_id: int, person_ids: list[str]) -> dict[str, str]:
        """The keyed pseudonym under which each person's sealed record of this run is filed
        (tag -> person): HMAC-SHA256 with a key derived from the run's data key, 128 bits as
        hex. Without the key (destroyed at close) nobody can tell whose a record is, not even
        by trying every person id."""
        tag_key = _derive(self.secret, b"flurfunk survey tag v1")
        base = hmac.new(tag_key, digestmod="sha256")
        out = {}
        for p in person_ids:
            mac = base.copy()
            mac.update(f"{run_id}:{p}".encode())
            out[mac.hexdigest()[:32]] = p
        return out

    def tag(self, run_id: int, person_id: str) -> str:
        return next(iter(self.tags(run_id, [person_id])))

    def seal(self, payload: dict[str, Any], aad: bytes, size: int) -> bytes:
        """Nonce + ciphertext of ``payload`` (JSON) padded to exactly ``size`` bytes, so that
        every record of a run has the same length whatever it holds."""
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        if len(data) + _LENGTH > size:
            raise ValueError(f"survey record of {len(data)} bytes exceeds its size {size}")
        framed = len(data).to_bytes(_LENGTH, "big") + data
        padded = framed + bytes(size - len(framed))
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead().encrypt(nonce, padded, aad)

    def open(self, blob: bytes, aad: bytes) -> dict[str, Any]:
        """The payload of a record sealed with this key for this ``aad``."""
        from cryptography.exceptions import InvalidTag

        try:
            padded = self._aead().decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
        except InvalidTag as exc:
            raise SealError("a survey record does not open with its run's key") from exc
        n = int.from_bytes(padded[:_LENGTH], "big")
        payload: dict[str, Any] = json.loads(padded[_LENGTH:_LENGTH + n])
        return payload


class KeyStore:
    """Key files ``<key id>.key`` (mode 0600, fsync'd) in one directory; with several instances
    on one database the directory is a shared mount."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key_id: str) -> Path:
        if len(key_id) != 32 or not set(key_id) <= _ID_CHARS:
            raise ValueError(f"not a survey key id: {key_id!r}")
        return self.directory / f"{key_id}.key"

    def _sync_dir(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def create(self) -> str:
        """A fresh random key on disk (written, fsync'd, then renamed into place); its id."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_id = secrets.token_hex(16)
        path = self._path(key_id)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        self._sync_dir()
        return key_id

    def load(self, key_id: str) -> RunKey:
        try:
            secret = self._path(key_id).read_bytes()
        except FileNotFoundError as exc:
            raise KeyMissingError(self.directory, N_(
                "survey key {key} is missing: with several instances the key directory must be "
                "one shared mount (see docs/anonymity.md); if it is lost for good: flurfunk "
                "survey close ID --key-lost"), key=key_id) from exc
        if len(secret) != KEY_BYTES:
            raise KeyMissingError(self.directory, N_("survey key {key} is damaged"), key=key_id)
        return RunKey(secret)

    def exists(self, key_id: str) -> bool:
        return self._path(key_id).exists()

    def destroy(self, key_id: str) -> bool:
        """Overwrite the key file with random bytes, fsync, delete it; False if already gone."""
        path = self._path(key_id)
        try:
            fd = os.open(path, os.O_WRONLY)
        except FileNotFoundError:
            return False
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        path.unlink()
        self._sync_dir()
        return True
