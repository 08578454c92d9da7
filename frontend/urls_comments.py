from django.urls import path

from frontend.views import comments as views
from frontend.views import notifications

urlpatterns = [
    path("ideer/<int:pk>/kommentarer/", views.comment_post, name="comment_post"),
    path(
        "ideer/<int:pk>/kommentarer/<int:comment_id>/svara/",
        views.comment_reply,
        name="comment_reply",
    ),
    path(
        "ideer/<int:pk>/kommentarer/<int:comment_id>/redigera/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "ideer/<int:pk>/kommentarer/<int:comment_id>/radera/",
        views.comment_delete,
        name="comment_delete",
    ),
    path(
        "ideer/<int:pk>/kommentarer/<int:comment_id>/flagga/",
        views.comment_flag,
        name="comment_flag",
    ),
    path(
        "ideer/<int:pk>/kommentarer/<int:comment_id>/dolj/",
        views.comment_hide,
        name="comment_hide",
    ),
    path("moderering/", views.moderation, name="moderation"),
    path(
        "moderering/<int:comment_id>/avfarda/",
        views.comment_dismiss_flags,
        name="comment_dismiss_flags",
    ),
    path("mitt-konto/notiser/", notifications.notification_list, name="notification_list"),
    path("mitt-konto/notiser/last/", notifications.notification_read, name="notification_read"),
]
