from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path

from frontend.views import comments as views
from frontend.views import moderation, notifications


def _on_proposal(route: str, view: Callable[..., HttpResponse], name: str) -> URLPattern:
    """A comment page of a citizen proposal's thread: the idea's view, `subject="proposal"`."""
    return path(
        f"forslag/<int:pk>/kommentarer/{route}",
        view,
        {"subject": "proposal"},
        name=f"proposal_{name}",
    )


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
    # A citizen proposal's thread: the same pages, `subject="proposal"`.
    _on_proposal("", views.comment_post, "comment_post"),
    _on_proposal("<int:comment_id>/svara/", views.comment_reply, "comment_reply"),
    _on_proposal("<int:comment_id>/redigera/", views.comment_edit, "comment_edit"),
    _on_proposal("<int:comment_id>/radera/", views.comment_delete, "comment_delete"),
    _on_proposal("<int:comment_id>/flagga/", views.comment_flag, "comment_flag"),
    _on_proposal("<int:comment_id>/dolj/", views.comment_hide, "comment_hide"),
    path("moderering/", moderation.moderation, name="moderation"),
    path(
        "moderering/<int:comment_id>/avfarda/",
        views.comment_dismiss_flags,
        name="comment_dismiss_flags",
    ),
    path("mitt-konto/notiser/", notifications.notification_list, name="notification_list"),
    path("mitt-konto/notiser/last/", notifications.notification_read, name="notification_read"),
]
