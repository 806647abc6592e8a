"""Index files read through memory maps: whoosh's reads become slices, not a seek and a read system call each."""

from __future__ import annotations

import mmap
import os
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class _MappedFile(StructFile):  # type: ignore[misc]
    """A read-only index file over a memory map (whoosh's StructFile interface)."""

    def __init__(self, mapped: mmap.mmap, name: str) -> None:
        super().__init__(mapped, name=name)
        self._map = mapped

    def get(self, position: int, length: int) -> bytes:
        """The bytes at a position, sliced from the map."""
        return self._map[position : position + length]

    def close(self) -> None:
        """Unmap (whoosh closes files it opened)."""
        if not getattr(self, "is_closed", False):  # whoosh's StructFile attribute, of an untyped base class
            self._map.close()
            self.is_closed = True


class MappedStorage(FileStorage):  # type: ignore[misc]
    """whoosh's file storage whose files are read through memory maps.

    A map costs memory only for the pages a search touches (the page cache holds them,
    shared with other processes), unlike whoosh's compound files, which it copies whole.
    """

    def open_file(self, name: str, *args: Any, **kwargs: Any) -> StructFile:
        """A file to read: mapped when it has content."""
        path = self._fpath(name)
        if name.endswith(".pst"):
            return super().open_file(name, *args, **kwargs)
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return super().open_file(name, *args, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return _MappedFile(mapped, name)
