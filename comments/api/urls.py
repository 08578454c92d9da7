from django.urls import path

from comments.api import views

urlpatterns = [
    path("ideas/<int:pk>/comments/", views.IdeaCommentsView.as_view(), name="idea-comments"),
    path("comments/<int:pk>/", views.CommentView.as_view(), name="comment-detail"),
    path("comments/<int:pk>/flag/", views.CommentFlagView.as_view(), name="comment-flag"),
    path("comments/<int:pk>/hide/", views.CommentHideView.as_view(), name="comment-hide"),
    path(
        "comments/<int:pk>/dismiss-flags/",
        views.CommentDismissFlagsView.as_view(),
        name="comment-dismiss-flags",
    ),
    path("moderation/flags/", views.ModerationFlagsView.as_view(), name="moderation-flags"),
    path(
        "proposals/<int:pk>/comments/",
        views.ProposalCommentsView.as_view(),
        name="proposal-comments",
    ),
    path("proposals/<int:pk>/flag/", views.ProposalFlagView.as_view(), name="proposal-flag"),
    path("proposals/<int:pk>/hide/", views.ProposalHideView.as_view(), name="proposal-hide"),
    path(
        "proposals/<int:pk>/dismiss-flags/",
        views.ProposalDismissFlagsView.as_view(),
        name="proposal-dismiss-flags",
    ),
    path(
        "moderation/proposals/",
        views.ModerationProposalsView.as_view(),
        name="moderation-proposals",
    ),
    path(
        "moderation/contributions/",
        views.ModerationContributionsView.as_view(),
        name="moderation-contributions",
    ),
]
