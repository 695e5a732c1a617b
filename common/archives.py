"""Reading a ZIP (DOCX and XLSX are ZIPs) without trusting what it declares about itself.

A ZIP's directory states each member's size, and a zip bomb lies there: a member declared
as a few bytes may inflate to gigabytes in the next tool that opens it (Word, Excel, a
colleague's unzip). So every member is inflated here from its real compressed bytes,
counting what actually comes out, with a cap on the total and on the number of members.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _

from .exceptions import DomainError

_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"
_READ_CHUNK = 256 * 1024
_INFLATE_CHUNK = 1024 * 1024


class UnsafeArchive(DomainError):
    """The ZIP is too large once inflated, has too many members, or lies about itself."""


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_bytes: int  # total of the members' real inflated sizes


@dataclass(frozen=True)
class ZipContents:
    names: frozenset[str]
    inflated_bytes: int


def zip_inspect(stream: IO[bytes], *, limits: ZipLimits) -> ZipContents | None:
    """Inflate every member of the ZIP in `stream` within `limits`.

    None when the stream is not a readable ZIP at all; UnsafeArchive when it is one but
    exceeds the limits or its members do not match its directory.
    """
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_members:
            raise UnsafeArchive(
                _("Tệp nén chứa %(n)s tệp con, vượt giới hạn %(max)s.")
                % {"n": len(entries), "max": limits.max_members}
            )
        ends = _member_ends(entries, archive.start_dir)
        total = 0
        for entry in entries:
            total += _inflate(
                stream, entry, end=ends[entry.header_offset], used=total, limits=limits
            )
    stream.seek(0)
    return ZipContents(names=frozenset(e.filename for e in entries), inflated_bytes=total)


def _corrupt() -> UnsafeArchive:
    return UnsafeArchive(_("Tệp nén bị hỏng hoặc khai báo sai nội dung của nó."))


def _too_large(limits: ZipLimits) -> UnsafeArchive:
    return UnsafeArchive(
        _("Tệp nén khi giải nén vượt %(mb)s MB; hãy giảm dung lượng rồi tải lên lại.")
        % {"mb": limits.max_bytes // (1024 * 1024)}
    )


def _member_ends(entries: list[zipfile.ZipInfo], directory_start: int) -> dict[int, int]:
    """Where each member's bytes must end: at the next member or at the directory.

    Two members sharing bytes are how the densest zip bombs are built: refused.
    """
    offsets = sorted(e.header_offset for e in entries)
    if len(set(offsets)) != len(offsets) or (
        offsets and (offsets[0] < 0 or offsets[-1] >= directory_start)
    ):
        raise _corrupt()
    return dict(zip(offsets, [*offsets[1:], directory_start], strict=True))


def _data_start(stream: IO[bytes], entry: zipfile.ZipInfo) -> int:
    stream.seek(entry.header_offset)
    header = stream.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise _corrupt()
    name_length: int
    extra_length: int
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != _LOCAL_SIGNATURE:
        raise _corrupt()
    return entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _inflate(
    stream: IO[bytes], entry: zipfile.ZipInfo, *, end: int, used: int, limits: ZipLimits
) -> int:
    """The member's real inflated size (its declared size and CRC must match)."""
    if entry.flag_bits & 0x1:  # encrypted: its content cannot be checked
        raise _corrupt()
    start = _data_start(stream, entry)
    available = end - start
    if available < 0:
        raise _corrupt()
    if entry.compress_type == zipfile.ZIP_STORED:
        size = entry.compress_size
        if size > available or entry.file_size != size:
            raise _corrupt()
        if used + size > limits.max_bytes:
            raise _too_large(limits)
        return size
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise _corrupt()
    size, crc = _inflate_deflated(stream, start, available, used=used, limits=limits)
    if size != entry.file_size or crc != entry.CRC:
        raise _corrupt()
    return size


def _inflate_deflated(
    stream: IO[bytes], start: int, available: int, *, used: int, limits: ZipLimits
) -> tuple[int, int]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    stream.seek(start)
    size = crc = 0
    pending = b""
    while not inflater.eof:
        if not pending and available > 0:
            pending = stream.read(min(_READ_CHUNK, available))
            if not pending:
                raise _corrupt()
            available -= len(pending)
        try:
            out = inflater.decompress(pending, _INFLATE_CHUNK)
        except zlib.error:
            raise _corrupt() from None
        pending = inflater.unconsumed_tail
        if not out and not pending and available <= 0 and not inflater.eof:
            raise _corrupt()  # the deflate stream runs past the member's bytes
        size += len(out)
        if used + size > limits.max_bytes:
            raise _too_large(limits)
        crc = zlib.crc32(out, crc)
    return size, crc
