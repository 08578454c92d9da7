from django.urls import path
from rest_framework.routers import SimpleRouter

from accounts.api import views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")

me = views.MeViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})
me_export = views.MeViewSet.as_view({"get": "export"})

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", me, name="api-me"),
    path("me/export/", me_export, name="api-me-export"),
    *router.urls,
]
