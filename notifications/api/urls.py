from django.urls import path

from notifications.api import views

urlpatterns = [
    path("me/notifications/", views.NotificationListView.as_view(), name="api-me-notifications"),
    path(
        "me/notifications/read/",
        views.NotificationReadView.as_view(),
        name="api-me-notifications-read",
    ),
]
