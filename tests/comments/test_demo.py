"""The demo comments load through the service, thread correctly and load only once."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from comments import demo
from comments.models import Comment
from ideas import demo as ideas_demo
from ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_comments_load_once_with_replies_and_counts() -> None:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    ideas_demo.load(out)
    demo.load(out)
    demo.load(out)
    assert "(0 new)" in out.getvalue()
    assert Comment.objects.count() == len(demo.COMMENTS)
    idea = Idea.objects.get(organisation__slug="skelleftea", title="Ledighetsansökan")
    assert idea.comment_count == 3
    deepest = Comment.objects.get(idea=idea, author__email="greta.medborgare@example.org")
    assert deepest.parent is not None and deepest.parent.parent is not None
    assert deepest.root_id == deepest.parent.parent_id
    # Followers of the idea heard about it (never the writer).
    assert idea.follows.filter(user__notifications__idea=idea).exists()
