from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from common.fields import IdConverter
from common.views import healthz, livez
from directives.views import home
from units.search import unit_search

# Ids in URLs are digits that fit a 64-bit column (a longer one is a 404, not a 500).
register_converter(IdConverter, "id")

admin.site.site_header = _("Cổng kế hoạch tuyên truyền")
admin.site.site_title = _("Cổng kế hoạch tuyên truyền")
admin.site.index_title = _("Quản trị dữ liệu")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("units.accounts.urls")),
    path("plans/", include("directives.urls")),
    path("activities/", include("campaigns.urls")),
    path("reports/", include("reporting.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("units/search/", unit_search, name="unit-search"),
    path("api/", include("config.api")),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# A database or broker that is down answers 503 (a page, or JSON on the API), not 500.
handler500 = "common.views.server_error"
