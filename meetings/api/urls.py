from django.urls import path

from meetings.api import views

urlpatterns = [
    path(
        "dialogues/<int:id>/meetings/",
        views.DialogueMeetingsView.as_view(),
        name="dialogue-meetings",
    ),
    path(
        "dialogues/<int:id>/calendar.ics",
        views.DialogueCalendarView.as_view(),
        name="dialogue-calendar",
    ),
    path("meetings/<int:id>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:id>/cancel/", views.MeetingCancelView.as_view(), name="meeting-cancel"),
    path(
        "meetings/<int:id>/registration/",
        views.RegistrationView.as_view(),
        name="meeting-registration",
    ),
    path(
        "meetings/<int:id>/registrations/",
        views.RegistrantsView.as_view(),
        name="meeting-registrants",
    ),
    path("meetings/<int:id>/report/", views.MeetingReportView.as_view(), name="meeting-report"),
    path(
        "meetings/<int:id>/calendar.ics",
        views.MeetingCalendarView.as_view(),
        name="meeting-calendar",
    ),
]
