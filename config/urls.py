from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("Cổng kế hoạch tuyên truyền")
admin.site.site_title = _("Cổng kế hoạch tuyên truyền")
admin.site.index_title = _("Quản trị dữ liệu")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
