from django.urls import path

from frontend.views import search as views

urlpatterns = [
    path("sok/", views.search, name="search"),
]
