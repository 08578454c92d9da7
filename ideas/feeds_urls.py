from django.urls import path

from ideas.feeds import LatestIdeasFeed, StageChangesFeed

urlpatterns = [
    path("feeds/ideas/", LatestIdeasFeed(), name="feed-ideas"),
    path("feeds/stages/", StageChangesFeed(), name="feed-stages"),
]
