from django.urls import path

from maps.api import views

urlpatterns = [
    path("map/municipalities/", views.MunicipalityMapView.as_view(), name="map-municipalities"),
    path("map/counties/", views.CountyMapView.as_view(), name="map-counties"),
]
