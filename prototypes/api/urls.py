from django.urls import path
from rest_framework.routers import SimpleRouter

from prototypes.api import views

router = SimpleRouter()
router.register("prototypes", views.PrototypeViewSet, basename="prototype")
router.register("test-rounds", views.TestRoundViewSet, basename="test-round")
router.register("findings", views.FindingViewSet, basename="finding")

idea_prototypes = views.IdeaPrototypeViewSet.as_view({"get": "list", "post": "create"})

urlpatterns = [
    path("ideas/<int:idea_pk>/prototypes/", idea_prototypes, name="idea-prototypes"),
    *router.urls,
]
