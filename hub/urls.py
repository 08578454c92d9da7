from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from frontend.views.core import language_set
from hub.api.views import api_not_found

# Staff sign in to the admin through the site's own sign-in (allauth): its limits on wrong
# passwords and its second factor apply; the admin's own password form is never shown.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("ideas.api.urls")),
    path("", include("prototypes.api.urls")),
    path("", include("search.api.urls")),
    path("", include("comments.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("maps.api.urls")),
    path("", include("facts.api.urls")),
    path("", include("proposals.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("dialogues.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    # [\s\S] and not ".": a path with an encoded newline is still an API path (JSON 404).
    re_path(r"^api/v1/(?P<path>[\s\S]*)$", api_not_found),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", language_set, name="set_language"),
    path("", include("ideas.feeds_urls")),
    path("", include("frontend.urls")),
]
