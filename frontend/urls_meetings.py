from django.urls import path

from frontend.views import meetings as views

urlpatterns = [
    path("dialoger/<int:pk>/moten/", views.dialogue_meetings, name="dialogue_meetings"),
    path("dialoger/<int:pk>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/anmalan/", views.meeting_register, name="meeting_register"),
    path("moten/<int:pk>/avanmalan/", views.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/installa/", views.meeting_call_off, name="meeting_call_off"),
    path("moten/<int:pk>/rapport/", views.meeting_report, name="meeting_report"),
]
