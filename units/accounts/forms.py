from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: phần mềm tổng hợp báo cáo của Văn phòng."),
    )
    session_bound = forms.BooleanField(
        label=_("Chỉ dùng trong phiên đăng nhập này (tự thu hồi khi đăng xuất)"),
        required=False,
    )
