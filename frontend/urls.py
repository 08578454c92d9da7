from django.urls import path

from frontend import (
    urls_comments,
    urls_dialogues,
    urls_facts,
    urls_ideas,
    urls_maps,
    urls_meetings,
    urls_proposals,
    urls_prototypes,
    urls_search,
)
from frontend.views import core

app_name = "frontend"

urlpatterns = [
    path("", core.home, name="home"),
    path("organisationer/", core.organisation_list, name="organisation_list"),
    path("organisationer/<slug:slug>/", core.organisation_detail, name="organisation_detail"),
    path("mitt-konto/", core.my_account, name="my_account"),
    path("mitt-konto/export/", core.my_export, name="my_export"),
    path("mitt-konto/radera/", core.my_delete, name="my_delete"),
    path("mitt-konto/api-nycklar/aterkalla/", core.my_token_revoke, name="my_token_revoke"),
    path("tillganglighet/", core.accessibility, name="accessibility"),
    path("integritet/", core.privacy, name="privacy"),
    # Pages of each capability live in their own module (same 'frontend' namespace).
    *urls_ideas.urlpatterns,
    *urls_prototypes.urlpatterns,
    *urls_search.urlpatterns,
    *urls_comments.urlpatterns,
    *urls_maps.urlpatterns,
    *urls_facts.urlpatterns,
    *urls_proposals.urlpatterns,
    *urls_meetings.urlpatterns,
    *urls_dialogues.urlpatterns,
]
