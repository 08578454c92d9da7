from django.urls import path

from comments import consumers

websocket_urlpatterns = [
    path(
        "ws/ideas/<int:idea_id>/comments/",
        consumers.CommentThreadConsumer.as_asgi(),
        name="ws-idea-comments",
    ),
    path(
        "ws/proposals/<int:proposal_id>/comments/",
        consumers.ProposalThreadConsumer.as_asgi(),
        name="ws-proposal-comments",
    ),
]
