"""Atom feeds of public ideas and of their stage changes (django.contrib.syndication)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas.models import Idea, StageChange

FEED_SIZE = 50


def _as_html(text: str) -> str:
    # Django writes an item's description as Atom's <summary type="html">, which feed readers
    # render as HTML: plain text typed by people must be escaped first, or "<script>" in a
    # summary becomes a script in the reader.
    return linebreaks(text, autoescape=True) if text.strip() else ""


def _site_iri(path: str) -> str:
    """An absolute address on the configured SITE_URL, for Atom ids (RFC 4287 4.2.6): an id
    is permanent, so it must not change with the host the feed was fetched through."""
    return settings.SITE_URL.rstrip("/") + path


class _AtomFeed(Feed):
    """What both feeds share. Atom requires of a feed an id of its own (Django's default, the
    `link`, is the same page for both feeds) and an author unless every entry has one,
    which an empty feed does not."""

    feed_type = Atom1Feed
    url_name: str
    author_name = "Delahub"

    def feed_guid(self) -> str:
        return _site_iri(reverse(self.url_name))


class LatestIdeasFeed(_AtomFeed):
    """New public ideas, newest first."""

    url_name = "feed-ideas"
    title = gettext_lazy("Delahub: new ideas")
    subtitle = gettext_lazy("Activities and service concepts shared by Swedish municipalities.")
    link = reverse_lazy("frontend:idea_list")

    def items(self) -> QuerySet[Idea]:
        return (
            Idea.objects.filter(visibility=Idea.Visibility.PUBLIC)
            .select_related("organisation")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Idea) -> str:
        return f"{item.title} ({item.organisation.name})"

    def item_description(self, item: Idea) -> str:
        return _as_html(item.summary)

    def item_pubdate(self, item: Idea) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Idea) -> datetime:
        return item.updated_at

    def item_guid(self, item: Idea) -> str:
        return _site_iri(item.get_absolute_url())

    def item_author_name(self, item: Idea) -> str:
        return item.organisation.name

    def item_categories(self, item: Idea) -> list[str]:
        return [item.get_kind_display(), item.get_stage_display()]


class StageChangesFeed(_AtomFeed):
    """Stage changes of public ideas, latest first."""

    url_name = "feed-stages"
    title = gettext_lazy("Delahub: stage changes")
    subtitle = gettext_lazy("Ideas moving through the stages of customer-driven development.")
    link = reverse_lazy("frontend:idea_list")

    def items(self) -> QuerySet[StageChange]:
        return (
            StageChange.objects.filter(idea__visibility=Idea.Visibility.PUBLIC)
            .select_related("idea", "idea__organisation")
            .order_by("-changed_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: StageChange) -> str:
        if not item.from_stage:
            return _("%(idea)s starts at %(stage)s") % {
                "idea": item.idea.title,
                "stage": item.get_to_stage_display(),
            }
        return _("%(idea)s: %(from)s → %(to)s") % {
            "idea": item.idea.title,
            "from": item.get_from_stage_display(),
            "to": item.get_to_stage_display(),
        }

    def item_description(self, item: StageChange) -> str:
        return _as_html(item.note)

    def item_link(self, item: StageChange) -> str:
        return reverse("frontend:idea_detail", kwargs={"pk": item.idea_id}) + f"#stage-{item.pk}"

    def item_guid(self, item: StageChange) -> str:
        return _site_iri(self.item_link(item))

    def item_pubdate(self, item: StageChange) -> datetime:
        return item.changed_at

    def item_updateddate(self, item: StageChange) -> datetime:
        # A stage change is a record that is never edited: updated when it was made.
        return item.changed_at

    def item_author_name(self, item: StageChange) -> str:
        return item.idea.organisation.name
