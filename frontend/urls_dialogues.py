from django.urls import path

from frontend.views import dialogues as views

urlpatterns = [
    path("dialoger/", views.dialogue_list, name="dialogue_list"),
    path("dialoger/ny/", views.dialogue_create, name="dialogue_create"),
    path("dialoger/<int:pk>/", views.dialogue_detail, name="dialogue_detail"),
    path("dialoger/<int:pk>/redigera/", views.dialogue_edit, name="dialogue_edit"),
    path("dialoger/<int:pk>/status/", views.dialogue_status, name="dialogue_status"),
    path(
        "dialoger/<int:pk>/bidrag/<int:contribution_id>/guldkorn/",
        views.contribution_gold,
        name="contribution_gold",
    ),
    path(
        "dialoger/<int:pk>/bidrag/<int:contribution_id>/ide/",
        views.contribution_idea,
        name="contribution_idea",
    ),
    path(
        "dialoger/<int:pk>/bidrag/<int:contribution_id>/dolj/",
        views.contribution_hide,
        name="contribution_hide",
    ),
    path(
        "dialoger/<int:pk>/bidrag/<int:contribution_id>/flagga/",
        views.contribution_flag,
        name="contribution_flag",
    ),
    path(
        "dialoger/<int:pk>/bidrag/<int:contribution_id>/avfarda/",
        views.contribution_dismiss_flags,
        name="contribution_dismiss_flags",
    ),
]
