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


class ProfileForm(forms.Form):
    """The owner's name and e-mail (the name is stored as Django's first and last names)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=300)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    # The address receives password-reset links: changing it asks for the password, so that
    # a borrowed or stolen session cannot turn itself into the account.
    password = forms.CharField(
        label=_("Mật khẩu hiện tại (chỉ cần khi đổi thư điện tử)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv) theo mẫu"),
        help_text=_("Tối đa 1000 dòng, 2 MB."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not str(upload.name).lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
        return upload
