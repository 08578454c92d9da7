from django.urls import path

from frontend.views import facts as views

urlpatterns = [
    path("organisationer/<slug:slug>/fakta/", views.fact_sheet, name="fact_sheet"),
    path("organisationer/<slug:slug>/fakta/ny/", views.fact_sheet_create, name="fact_sheet_create"),
    path(
        "organisationer/<slug:slug>/fakta/<int:year>/andra/",
        views.fact_sheet_edit,
        name="fact_sheet_edit",
    ),
]
