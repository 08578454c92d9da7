from django.urls import path
from rest_framework.routers import SimpleRouter

from dialogues.api import views

router = SimpleRouter()
router.register("dialogues", views.DialogueViewSet, basename="dialogue")

urlpatterns = [
    path(
        "dialogues/<int:pk>/contributions/",
        views.ContributionListView.as_view(),
        name="dialogue-contributions",
    ),
    path(
        "dialogues/<int:pk>/contributions.geojson",
        views.ContributionGeoJsonView.as_view(),
        name="dialogue-contributions-geojson",
    ),
    path(
        "dialogues/<int:pk>/contributions/<int:contribution_id>/",
        views.ContributionDetailView.as_view(),
        name="dialogue-contribution-detail",
    ),
    path(
        "dialogues/<int:pk>/contributions/<int:contribution_id>/idea/",
        views.ContributionIdeaView.as_view(),
        name="dialogue-contribution-idea",
    ),
    path(
        "dialogues/<int:pk>/contributions/<int:contribution_id>/flag/",
        views.ContributionFlagView.as_view(),
        name="dialogue-contribution-flag",
    ),
    path(
        "dialogues/<int:pk>/contributions/<int:contribution_id>/dismiss-flags/",
        views.ContributionDismissFlagsView.as_view(),
        name="dialogue-contribution-dismiss-flags",
    ),
    path(
        "dialogues/<int:pk>/summary/", views.DialogueSummaryView.as_view(), name="dialogue-summary"
    ),
    *router.urls,
]
