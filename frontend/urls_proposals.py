from django.urls import path

from frontend.views import proposals as views

urlpatterns = [
    path("forslag/", views.proposal_list, name="proposal_list"),
    path("forslag/ny/", views.proposal_create, name="proposal_create"),
    path("forslag/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("forslag/<int:pk>/redigera/", views.proposal_edit, name="proposal_edit"),
    path("forslag/<int:pk>/dra-tillbaka/", views.proposal_withdraw, name="proposal_withdraw"),
    path("forslag/<int:pk>/svara/", views.proposal_answer, name="proposal_answer"),
    path("forslag/<int:pk>/jag-ocksa/", views.proposal_me_too, name="proposal_me_too"),
    path("forslag/<int:pk>/folj/", views.proposal_follow, name="proposal_follow"),
    path("forslag/<int:pk>/flagga/", views.proposal_flag, name="proposal_flag"),
    path("forslag/<int:pk>/dolj/", views.proposal_hide, name="proposal_hide"),
    path(
        "moderering/forslag/<int:pk>/avfarda/",
        views.proposal_dismiss_flags,
        name="proposal_dismiss_flags",
    ),
]
