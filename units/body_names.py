"""Names of bodies: the placeholders a template's patterns may use, and name matching.

A template pattern such as "Ủy ban nhân dân {name}" is filled from the territory the body
serves: {name} is the territory as Vietnamese writes it inside an organ's name, with its
prefix lower-cased ("tỉnh Hưng Yên", "phường Kỳ Lừa"), {full} the catalogue's own name
("Tỉnh Hưng Yên"), {short} the name without its prefix, {party} the territory's Party
committee ("Tỉnh ủy Hưng Yên", "Thành ủy Cần Thơ", "Đảng ủy xã Tân Tiến"). The {province…}
placeholders name the province a commune belongs to (the territory itself for a province).
Each placeholder has an upper-case twin for document headers: {NAME} gives "TỈNH HƯNG YÊN".
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from .choices import DivisionType

# How Vietnamese writes each kind of territory inside a name (also directives/seeding).
TYPE_WORD: dict[str, str] = {
    DivisionType.TINH: "tỉnh",
    DivisionType.THANH_PHO_TW: "thành phố",
    DivisionType.HUYEN: "huyện",
    DivisionType.QUAN: "quận",
    DivisionType.THI_XA: "thị xã",
    DivisionType.THANH_PHO: "thành phố",
    DivisionType.XA: "xã",
    DivisionType.PHUONG: "phường",
    DivisionType.THI_TRAN: "thị trấn",
    DivisionType.DAC_KHU: "đặc khu",
}
# The Party committee of each kind of territory ("Đảng ủy" for communes, wards, special zones).
_COMMITTEE: dict[str, str] = {
    DivisionType.TINH: "Tỉnh ủy",
    DivisionType.THANH_PHO_TW: "Thành ủy",
    DivisionType.HUYEN: "Huyện ủy",
    DivisionType.QUAN: "Quận ủy",
    DivisionType.THI_XA: "Thị ủy",
    DivisionType.THANH_PHO: "Thành ủy",
}
# Named after a person: written in full, prefix capitalised (Decree 30, Phụ lục I, II.4a).
_KEEP_FULL_NAME = frozenset({"Thành phố Hồ Chí Minh"})

PLACEHOLDERS: tuple[str, ...] = (
    "name",
    "full",
    "short",
    "type",
    "committee",
    "party",
    "province",
    "province_short",
    "province_party",
)
ALLOWED = frozenset({*PLACEHOLDERS, *(p.upper() for p in PLACEHOLDERS)})


@dataclass(frozen=True)
class Place:
    """What a pattern needs to know about a territory (a row of the catalogue)."""

    name: str
    short_name: str
    division_type: str


def _own(place: Place) -> dict[str, str]:
    word = TYPE_WORD.get(place.division_type, "")
    short = place.short_name or place.name
    inner = place.name if place.name in _KEEP_FULL_NAME or not word else f"{word} {short}"
    committee = _COMMITTEE.get(place.division_type, "Đảng ủy")
    # "Tỉnh ủy Hưng Yên" but "Đảng ủy xã Tân Tiến", "Thành ủy Thành phố Hồ Chí Minh".
    by_short = committee != "Đảng ủy" and place.name not in _KEEP_FULL_NAME
    party = f"{committee} {short if by_short else inner}"
    return {
        "name": inner,
        "full": place.name,
        "short": short,
        "type": word,
        "committee": committee,
        "party": party,
    }


def placeholders(place: Place, province: Place | None = None) -> dict[str, str]:
    """Every placeholder's value for a body on `place` (in `province`, for a commune)."""
    own = _own(place)
    upper = _own(province) if province is not None else own
    values = {
        **own,
        "province": upper["name"],
        "province_short": upper["short"],
        "province_party": upper["party"],
    }
    return {**values, **{key.upper(): value.upper() for key, value in values.items()}}


def unknown_placeholders(pattern: str) -> list[str]:
    """The fields of `pattern` that are not placeholders; raises ValueError on bad braces."""
    fields = [field for _text, field, _spec, _conv in string.Formatter().parse(pattern) if field]
    return [field for field in fields if field not in ALLOWED]


def render(pattern: str, values: dict[str, str]) -> str:
    return pattern.format_map(values).strip() if pattern else ""


def normalise(name: str) -> str:
    """A name compared without accents, case or punctuation ("Ủy"/"Uỷ", "UBND " / "ubnd")."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[0-9a-z]+", bare))
