from django.urls import path
from rest_framework.routers import SimpleRouter

from ideas.api import views

router = SimpleRouter()
router.register("ideas", views.IdeaViewSet, basename="idea")

urlpatterns = [
    # Before the router's routes, so "export.csv" is never read as an idea id.
    path("ideas/export.csv", views.IdeaExportCsvView.as_view(), name="idea-export-csv"),
    path("ideas/export.json", views.IdeaExportJsonView.as_view(), name="idea-export-json"),
    path("ideas/export.xlsx", views.IdeaExportXlsxView.as_view(), name="idea-export-xlsx"),
    path(
        "ideas/<int:pk>/publiccode.yml",
        views.IdeaPubliccodeView.as_view(),
        name="idea-publiccode",
    ),
    path(
        "ideas/<int:pk>/evidence/<int:evidence_id>/file/",
        views.EvidenceFileView.as_view(),
        name="idea-evidence-file",
    ),
    *router.urls,
]
