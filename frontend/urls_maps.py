from django.urls import path

from frontend.views import maps as views

urlpatterns = [
    path("karta/", views.country_map, name="map"),
    path("platser/<int:pk>/", views.place_detail, name="place_detail"),
    path("platser/<int:pk>/redigera/", views.place_edit, name="place_edit"),
    path("platser/<int:pk>/ta-bort/", views.place_delete, name="place_delete"),
    path("organisationer/<slug:slug>/platser/ny/", views.place_create, name="place_create"),
]
