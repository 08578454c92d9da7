from django.urls import path
from rest_framework.routers import SimpleRouter

from facts.api import views

router = SimpleRouter()
router.register("facts", views.FactViewSet, basename="fact")

urlpatterns = [
    path(
        "organisations/<slug:slug>/facts/",
        views.OrganisationFactsView.as_view(),
        name="organisation-facts",
    ),
    *router.urls,
]
