from django.urls import path

from frontend.views import maps as views

urlpatterns = [
    path("karta/", views.country_map, name="map"),
    path("platser/<int:pk>/", views.place_detail, name="place_detail"),
]
