from django.urls import path

from frontend.views import ideas as views

urlpatterns = [
    path("ideer/", views.idea_list, name="idea_list"),
    path("ideer/ny/", views.idea_create, name="idea_create"),
    path("ideer/forhandsgranska/", views.markdown_preview, name="markdown_preview"),
    path("ideer/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideer/<int:pk>/redigera/", views.idea_edit, name="idea_edit"),
    path("ideer/<int:pk>/steg/", views.idea_stage, name="idea_stage"),
    path("ideer/<int:pk>/underlag/", views.evidence_add, name="evidence_add"),
    path(
        "ideer/<int:pk>/underlag/<int:evidence_id>/ta-bort/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("ideer/<int:pk>/ateranvandning/", views.idea_adopt, name="idea_adopt"),
    path("ideer/<int:pk>/folj/", views.idea_follow, name="idea_follow"),
    path("ideer/<int:pk>/radera/", views.idea_delete, name="idea_delete"),
]
