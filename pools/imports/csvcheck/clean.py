"""The clean file (what is uploaded), its row map, and the usernames seen so far.

The row map joins CloudWatch's "Line Number N" of the uploaded file back to a line of
the original file and a username: the usernames of the clean lines (zlib), and the
points where the uploaded file's row index stops matching the original line number
(after a rejected or blank line).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any


class Usernames:
    """Hashes of the usernames seen: a fixed 8 MB open-addressing table (a set of half a
    million strings would take ~40 MB, a set of their hashes ~32 MB and is no faster).
    Two usernames sharing a 64-bit hash (about 1 in 10^8 for a full file) are taken for
    duplicates."""

    def __init__(self, bits: int = 20) -> None:
        self.table = array("Q", bytes(8 << bits))
        self.mask = (1 << bits) - 1

    def __contains__(self, key: str) -> bool:
        table, mask = self.table, self.mask
        h = (hash(key) & 0xFFFFFFFFFFFFFFFF) or 1
        i = h & mask
        while slot := table[i]:
            if slot == h:
                return True
            i = (i + 1) & mask
        return False

    def add_all(self, keys: Iterable[str]) -> bool:
        """Add every key, or none of them (False) if one is there already or repeated."""
        table, mask = self.table, self.mask
        added: list[int] = []
        for key in keys:
            h = (hash(key) & 0xFFFFFFFFFFFFFFFF) or 1
            i = h & mask
            while slot := table[i]:
                if slot == h:
                    for j in added:
                        table[j] = 0
                    return False
                i = (i + 1) & mask
            table[i] = h
            added.append(i)
        return True

    def add(self, key: str) -> bool:
        """Add a key; False if it was there."""
        return self.add_all((key,))


class CleanFile:
    """The valid rows, written to `out` (or only counted), with their row map."""

    def __init__(self, out: IO[bytes] | None) -> None:
        self.out = out
        self.valid = 0  # valid rows so far
        self._names: list[str] = []
        self._chunks: list[bytes] = []
        self._compress = zlib.compressobj(1)
        self._breaks = array("I")  # (row index, original line) pairs, flattened
        self._delta = -1

    def header(self, line: bytes) -> None:
        if self.out is not None:
            self.out.write(line + b"\n")

    def rows(self, number: int, usernames: list[str]) -> None:
        """Valid rows from line `number` on, one a line, their lines written by the caller."""
        if number - self.valid != self._delta:
            self._delta = number - self.valid
            self._breaks.extend((self.valid, number))
        self.valid += len(usernames)
        self._names.extend(usernames)

    def write(self, data: bytes) -> None:
        if self.out is not None:
            self.out.write(data)

    def flush(self) -> None:
        if self._names:
            self._chunks.append(self._compress.compress("\n".join(self._names).encode() + b"\n"))
            self._names.clear()

    def row_map(self) -> bytes:
        """The compressed row map: usernames of the clean file, then original line numbers."""
        self.flush()
        return pack_row_map(self._chunks, self._compress, self._breaks)


def pack_row_map(chunks: list[bytes], compress: Any, breaks: array) -> bytes:
    """Usernames (zlib) + the line-number breaks (zlib), with a small length prefix."""
    names = b"".join(chunks) + compress.flush()
    lines = zlib.compress(breaks.tobytes(), 6)
    return len(names).to_bytes(8, "big") + names + lines


def _unpack(data: bytes) -> tuple[bytes, array]:
    size = int.from_bytes(data[:8], "big")
    breaks = array("I")
    breaks.frombytes(zlib.decompress(data[8 + size :]))
    return data[8 : 8 + size], breaks


def _usernames(names: bytes) -> Iterator[str]:
    decompress = zlib.decompressobj()
    rest = b""
    step = 1 << 16
    for start in range(0, len(names), step):
        block = rest + decompress.decompress(names[start : start + step])
        parts = block.split(b"\n")
        rest = parts.pop()
        for part in parts:
            yield part.decode()
    block = rest + decompress.flush()
    for part in block.split(b"\n"):
        if part:
            yield part.decode()


def iter_row_map(data: bytes) -> Iterator[tuple[int, int, str]]:
    """(uploaded line number, original line number, username), streaming the usernames."""
    if not data:
        return
    names, breaks = _unpack(data)
    pairs = [(breaks[i], breaks[i + 1]) for i in range(0, len(breaks), 2)]
    nxt = 0
    delta = 0
    for index, username in enumerate(_usernames(names)):
        while nxt < len(pairs) and pairs[nxt][0] <= index:
            delta = pairs[nxt][1] - pairs[nxt][0]
            nxt += 1
        yield index + 2, index + delta, username


def lookup_lines(data: bytes, wanted: Iterable[int]) -> dict[int, tuple[int, str]]:
    """For line numbers of the uploaded file, (line number in the original, username).

    The uploaded file's header is line 1, so its first user is line 2.
    """
    wanted = set(wanted)
    found: dict[int, tuple[int, str]] = {}
    if not wanted or not data:
        return found
    last = max(wanted)
    for uploaded, original, username in iter_row_map(data):
        if uploaded in wanted:
            found[uploaded] = (original, username)
        if uploaded >= last:
            break
    return found
