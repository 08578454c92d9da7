from django.urls import path

from search.api import views

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggest/", views.SuggestView.as_view(), name="search-suggest"),
    path("search/similar/", views.SimilarTextView.as_view(), name="search-similar-text"),
    path("ideas/<int:pk>/similar/", views.IdeaSimilarView.as_view(), name="idea-similar"),
]
