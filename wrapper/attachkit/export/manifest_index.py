"""Where a manifest's records are: the position of each line, by entity.

A manifest of a hundred thousand files would cost over 80 MiB held as record objects;
its index costs 16 bytes a line (the hash of the line's vendor and entity, and the line's
offset and length), and the lines an export asks for are read back and parsed, an entity
at a time. Hashes may collide: whoever reads the lines keeps those of the entity asked for.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator

__all__ = ["LineIndex", "entity_hash", "read_lines", "span"]

_LENGTH_BITS = 20
_LONG = (1 << _LENGTH_BITS) - 1
"""The length recorded for a line this long or longer: read until its newline."""
_READ_MORE = 64 * 1024


def entity_hash(vendor: str, entity: str) -> int:
    return hash((vendor, entity))


def span(offset: int, length: int) -> int:
    """A line's offset and length (its newline included) in one integer."""
    return (offset << _LENGTH_BITS) | min(length, _LONG)


def _read_line(fd: int, where: int) -> bytes:
    """The line at `where` (a `span`) of the file open as `fd`, its newline included."""
    offset, length = where >> _LENGTH_BITS, where & _LONG
    if length < _LONG:
        return os.pread(fd, length, offset)
    data = b""
    while not data.endswith(b"\n"):
        more = os.pread(fd, _READ_MORE, offset + len(data))
        if not more:
            break
        end = more.find(b"\n")
        data += more if end < 0 else more[: end + 1]
    return data


def read_lines(fd: int, spans: list[int]) -> Iterator[bytes]:
    """The lines at `spans` (in file order), those close together read in one call."""
    index = 0
    while index < len(spans):
        first = spans[index]
        start = first >> _LENGTH_BITS
        end = index
        while (
            end < len(spans)
            and spans[end] & _LONG < _LONG
            and (spans[end] >> _LENGTH_BITS) + (spans[end] & _LONG) - start <= _READ_MORE
        ):
            end += 1
        if end == index:  # a very long line
            yield _read_line(fd, first)
            index += 1
            continue
        last = spans[end - 1]
        data = os.pread(fd, (last >> _LENGTH_BITS) + (last & _LONG) - start, start)
        for where in spans[index:end]:
            offset = (where >> _LENGTH_BITS) - start
            yield data[offset : offset + (where & _LONG)]
        index = end


class LineIndex:
    """Entity hash -> the spans of its lines, in file order. The lines found when the
    manifest was opened are kept in two sorted arrays; those appended since in a dict."""

    def __init__(self, hashes: array[int], spans: array[int], keys: array[int]) -> None:
        """One entry per line, in file order: the hash of its vendor and entity, its span,
        and the hash of its whole key (vendor, entity and attachment id)."""
        order = sorted(range(len(hashes)), key=hashes.__getitem__)  # stable: file order kept
        self._hashes = array("q", (hashes[i] for i in order))
        self._spans = array("q", (spans[i] for i in order))
        self._added: dict[int, list[int]] = {}
        self.distinct = 0
        """How many keys the lines hold (by hash: a collision counts two keys as one)."""
        low = 0
        while low < len(order):
            high = bisect_right(self._hashes, self._hashes[low], low)
            self.distinct += len({keys[i] for i in order[low:high]})
            low = high

    def _range(self, key: int) -> tuple[int, int]:
        return bisect_left(self._hashes, key), bisect_right(self._hashes, key)

    def _opened_with(self, key: int) -> bool:
        low, high = self._range(key)
        return high > low

    def __contains__(self, key: int) -> bool:
        return key in self._added or self._opened_with(key)

    def spans(self, key: int) -> list[int]:
        """The spans of the lines of entities with this hash, in file order."""
        low, high = self._range(key)
        found = self._spans[low:high].tolist()
        added = self._added.get(key)
        return found + added if added else found

    def add(self, key: int, where: int) -> None:
        """A line appended to the file (after every line indexed so far)."""
        self._added.setdefault(key, []).append(where)

    def groups(self) -> Iterator[list[int]]:
        """The spans of each entity hash, the hashes in the order of their first line."""
        starts: list[tuple[int, int]] = []
        index, count = 0, len(self._hashes)
        while index < count:
            key = self._hashes[index]
            starts.append((self._spans[index], key))
            index = bisect_right(self._hashes, key, index)
        starts += [(added[0], k) for k, added in self._added.items() if not self._opened_with(k)]
        starts.sort()
        for _, key in starts:
            yield self.spans(key)
