from rest_framework.routers import SimpleRouter

from proposals.api import views

router = SimpleRouter()
router.register("proposals", views.ProposalViewSet, basename="proposal")

urlpatterns = router.urls
