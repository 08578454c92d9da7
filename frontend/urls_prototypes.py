from django.urls import path

from frontend.views import prototypes as views

urlpatterns = [
    path("testa/", views.round_list, name="round_list"),
    path("mina-testomgangar/", views.my_rounds, name="my_rounds"),
    path("prototyper/ide/<int:idea_pk>/", views.idea_prototypes, name="idea_prototypes"),
    path("prototyper/<int:pk>/", views.prototype_detail, name="prototype_detail"),
    path(
        "prototyper/<int:pk>/bilder/<int:image_id>/",
        views.prototype_image,
        name="prototype_image",
    ),
    path("prototyper/<int:pk>/redigera/", views.prototype_edit, name="prototype_edit"),
    path("prototyper/<int:pk>/ny-testomgang/", views.round_create, name="round_create"),
    path("testomgangar/<int:pk>/", views.round_detail, name="round_detail"),
    path("testomgangar/<int:pk>/anmalan/", views.round_sign_up, name="round_sign_up"),
    path("testomgangar/<int:pk>/avanmalan/", views.round_withdraw, name="round_withdraw"),
    path("testomgangar/<int:pk>/aterkoppling/", views.round_feedback, name="round_feedback"),
    path("testomgangar/<int:pk>/resultat/", views.round_results, name="round_results"),
    path("testomgangar/<int:pk>/redigera/", views.round_edit, name="round_edit"),
    path("testomgangar/<int:pk>/status/", views.round_status, name="round_status"),
    path("testomgangar/<int:pk>/fynd/", views.finding_create, name="finding_create"),
    path("fynd/<int:pk>/redigera/", views.finding_edit, name="finding_edit"),
]
