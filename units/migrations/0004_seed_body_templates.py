# ruff: noqa: E501  (a table: one template per line reads better than wrapped tuples)
"""The default body templates: what every province and every commune has since 1/7/2025.

Administrators edit them in /admin (Mẫu cơ quan theo cấp); `manage.py load_bodies` makes
the bodies. Organ codes are filled only where shared/docs/official-format.md confirms them
(or practice is settled); the others are left for each organ's own register.
"""

from typing import Any

from django.db import migrations

# key, level, kind, system, doc_style, name, short name, symbol code, header parent line,
# header name, parent key, names before 1/7/2025 (one per line)
P, C = "province", "commune"
PARTY, STATE, FRONT = "party", "state", "front"
DEPARTMENT_HEADER = "UBND {NAME}"

TEMPLATES: list[tuple[str, ...]] = [
    # --- Province: the Party committee and its organs ---------------------------------
    ("tinh-uy", P, "party_committee", PARTY, PARTY, "{party}", "{committee}", "TU", "", "{PARTY}", "", ""),
    ("tinh-uy-ban-to-chuc", P, "party_board", PARTY, PARTY, "Ban Tổ chức {party}", "Ban Tổ chức {committee}", "BTCTU", "{PARTY}", "BAN TỔ CHỨC", "tinh-uy", ""),
    ("tinh-uy-btgdv", P, "party_board", PARTY, PARTY, "Ban Tuyên giáo và Dân vận {party}", "Ban Tuyên giáo và Dân vận {committee}", "BTGDVTU", "{PARTY}", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "tinh-uy", "Ban Tuyên giáo {party}\nBan Dân vận {party}"),
    ("tinh-uy-ubkt", P, "party_board", PARTY, PARTY, "Ủy ban Kiểm tra {party}", "Ủy ban Kiểm tra {committee}", "UBKTTU", "{PARTY}", "ỦY BAN KIỂM TRA", "tinh-uy", ""),
    ("tinh-uy-van-phong", P, "party_board", PARTY, PARTY, "Văn phòng {party}", "Văn phòng {committee}", "VPTU", "{PARTY}", "VĂN PHÒNG", "tinh-uy", ""),
    ("tinh-uy-ban-noi-chinh", P, "party_board", PARTY, PARTY, "Ban Nội chính {party}", "Ban Nội chính {committee}", "", "{PARTY}", "BAN NỘI CHÍNH", "tinh-uy", ""),
    ("tinh-uy-ban-chinh-sach", P, "party_board", PARTY, PARTY, "Ban Chính sách, chiến lược {party}", "Ban Chính sách, chiến lược {committee}", "", "{PARTY}", "BAN CHÍNH SÁCH, CHIẾN LƯỢC", "tinh-uy", ""),
    ("tinh-bao-ptth", P, "press", PARTY, STATE, "Báo và Phát thanh, Truyền hình {short}", "Báo và PT-TH {short}", "", "", "", "tinh-uy", "Báo {short}\nĐài Phát thanh và Truyền hình {short}\nĐài Phát thanh và Truyền hình {name}"),
    # --- Province: the People's Committee and its departments ---------------------------
    ("ubnd", P, "peoples_committee", STATE, STATE, "Ủy ban nhân dân {name}", "UBND {type}", "UBND", "", "ỦY BAN NHÂN DÂN\n{NAME}", "", ""),
    ("ubnd-van-phong", P, "state_office", STATE, STATE, "Văn phòng Ủy ban nhân dân {name}", "Văn phòng UBND {type}", "", DEPARTMENT_HEADER, "VĂN PHÒNG", "ubnd", ""),
    ("so-noi-vu", P, "state_office", STATE, STATE, "Sở Nội vụ {name}", "Sở Nội vụ", "", DEPARTMENT_HEADER, "SỞ NỘI VỤ", "ubnd", "Sở Lao động - Thương binh và Xã hội {name}"),
    ("so-tai-chinh", P, "state_office", STATE, STATE, "Sở Tài chính {name}", "Sở Tài chính", "", DEPARTMENT_HEADER, "SỞ TÀI CHÍNH", "ubnd", "Sở Kế hoạch và Đầu tư {name}"),
    ("so-tu-phap", P, "state_office", STATE, STATE, "Sở Tư pháp {name}", "Sở Tư pháp", "", DEPARTMENT_HEADER, "SỞ TƯ PHÁP", "ubnd", ""),
    ("so-cong-thuong", P, "state_office", STATE, STATE, "Sở Công Thương {name}", "Sở Công Thương", "", DEPARTMENT_HEADER, "SỞ CÔNG THƯƠNG", "ubnd", ""),
    ("so-nn-mt", P, "state_office", STATE, STATE, "Sở Nông nghiệp và Môi trường {name}", "Sở Nông nghiệp và Môi trường", "", DEPARTMENT_HEADER, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "ubnd", "Sở Nông nghiệp và Phát triển nông thôn {name}\nSở Tài nguyên và Môi trường {name}"),
    ("so-xay-dung", P, "state_office", STATE, STATE, "Sở Xây dựng {name}", "Sở Xây dựng", "", DEPARTMENT_HEADER, "SỞ XÂY DỰNG", "ubnd", "Sở Giao thông vận tải {name}"),
    ("so-khcn", P, "state_office", STATE, STATE, "Sở Khoa học và Công nghệ {name}", "Sở KHCN", "", DEPARTMENT_HEADER, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "ubnd", "Sở Thông tin và Truyền thông {name}"),
    ("so-gddt", P, "state_office", STATE, STATE, "Sở Giáo dục và Đào tạo {name}", "Sở GDĐT", "", DEPARTMENT_HEADER, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "ubnd", ""),
    ("so-y-te", P, "state_office", STATE, STATE, "Sở Y tế {name}", "Sở Y tế", "", DEPARTMENT_HEADER, "SỞ Y TẾ", "ubnd", ""),
    ("so-vhttdl", P, "state_office", STATE, STATE, "Sở Văn hóa, Thể thao và Du lịch {name}", "Sở VHTTDL", "", DEPARTMENT_HEADER, "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "ubnd", "Sở Văn hóa và Thể thao {name}\nSở Du lịch {name}"),
    ("thanh-tra", P, "state_office", STATE, STATE, "Thanh tra {name}", "Thanh tra {type}", "", DEPARTMENT_HEADER, "THANH TRA", "ubnd", ""),
    ("cong-an", P, "state_office", STATE, STATE, "Công an {name}", "Công an {type}", "", "", "", "ubnd", ""),
    # --- Province: the Fatherland Front and the mass organisations under it -------------
    ("mttq", P, "fatherland_front", FRONT, STATE, "Ủy ban Mặt trận Tổ quốc Việt Nam {name}", "Ủy ban MTTQ Việt Nam {type}", "", "ỦY BAN MTTQ VIỆT NAM {NAME}", "BAN THƯỜNG TRỰC", "", ""),
    ("hlhpn", P, "mass_organisation", FRONT, STATE, "Hội Liên hiệp Phụ nữ {name}", "Hội LHPN {type}", "", "HỘI LHPN {NAME}", "BAN THƯỜNG VỤ", "mttq", ""),
    ("doan-tn", P, "mass_organisation", FRONT, STATE, "Đoàn Thanh niên Cộng sản Hồ Chí Minh {name}", "Đoàn Thanh niên {type}", "", "", "", "mttq", "Tỉnh đoàn {short}\nThành đoàn {short}"),
    ("hnd", P, "mass_organisation", FRONT, STATE, "Hội Nông dân {name}", "Hội Nông dân {type}", "", "", "", "mttq", ""),
    ("hccb", P, "mass_organisation", FRONT, STATE, "Hội Cựu chiến binh {name}", "Hội CCB {type}", "", "", "", "mttq", ""),
    ("ldld", P, "mass_organisation", FRONT, STATE, "Liên đoàn Lao động {name}", "LĐLĐ {type}", "", "", "", "mttq", ""),
    # --- Commune, ward, special zone -------------------------------------------------
    ("xa-dang-uy", C, "party_committee", PARTY, PARTY, "{party}", "Đảng ủy {type}", "ĐU", "ĐẢNG BỘ {PROVINCE}", "{PARTY}", "tinh-uy", ""),
    ("xa-ubnd", C, "peoples_committee", STATE, STATE, "Ủy ban nhân dân {name}", "UBND {type}", "UBND", "", "ỦY BAN NHÂN DÂN\n{NAME}", "ubnd", ""),
    ("xa-phong-vhxh", C, "state_office", STATE, STATE, "Phòng Văn hóa - Xã hội {name}", "Phòng Văn hóa - Xã hội", "", DEPARTMENT_HEADER, "PHÒNG VĂN HÓA - XÃ HỘI", "xa-ubnd", ""),
    ("xa-mttq", C, "fatherland_front", FRONT, STATE, "Ủy ban Mặt trận Tổ quốc Việt Nam {name}", "Ủy ban MTTQ Việt Nam {type}", "", "ỦY BAN MTTQ VIỆT NAM {NAME}", "BAN THƯỜNG TRỰC", "mttq", ""),
    ("xa-hlhpn", C, "mass_organisation", FRONT, STATE, "Hội Liên hiệp Phụ nữ {name}", "Hội LHPN {type}", "", "HỘI LHPN {NAME}", "BAN THƯỜNG VỤ", "xa-mttq", ""),
    ("xa-doan-tn", C, "mass_organisation", FRONT, STATE, "Đoàn Thanh niên Cộng sản Hồ Chí Minh {name}", "Đoàn Thanh niên {type}", "", "", "", "xa-mttq", "Huyện đoàn {short}\nQuận đoàn {short}\nThị đoàn {short}"),
    ("xa-hnd", C, "mass_organisation", FRONT, STATE, "Hội Nông dân {name}", "Hội Nông dân {type}", "", "", "", "xa-mttq", ""),
    ("xa-hccb", C, "mass_organisation", FRONT, STATE, "Hội Cựu chiến binh {name}", "Hội CCB {type}", "", "", "", "xa-mttq", ""),
]


def seed(apps: Any, schema_editor: Any) -> None:
    template_model = apps.get_model("units", "BodyTemplate")
    made: dict[str, Any] = {}
    for order, row in enumerate(TEMPLATES, start=1):
        (key, level, kind, system, doc_style, name, short, symbol, parent_line, header,
         parent, earlier) = row
        made[key], _created = template_model.objects.get_or_create(
            key=key,
            defaults={
                "level": level,
                "kind": kind,
                "system": system,
                "doc_style": doc_style,
                "name_pattern": name,
                "short_name_pattern": short,
                "symbol_code": symbol,
                "header_parent_line": parent_line,
                "header_name": header,
                "place_name": "{short}",
                "parent": made.get(parent),
                "predecessor_patterns": earlier,
                "sort_order": order * 10,
                "is_active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("units", "0003_body_templates")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
