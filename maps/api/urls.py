from django.urls import path
from rest_framework.routers import SimpleRouter

from maps.api import views

router = SimpleRouter()
router.register("places", views.PlaceViewSet, basename="place")

urlpatterns = [
    path("map/municipalities/", views.MunicipalityMapView.as_view(), name="map-municipalities"),
    path("map/counties/", views.CountyMapView.as_view(), name="map-counties"),
    path("places.geojson", views.PlaceGeoJsonView.as_view(), name="places-geojson"),
    *router.urls,
]
