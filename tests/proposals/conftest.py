from __future__ import annotations

import pytest

from accounts.models import Organisation, User
from proposals import services
from proposals.models import Proposal


@pytest.fixture
def proposal(skelleftea: Organisation, citizen: User) -> Proposal:
    """A citizen's proposal to Skellefteå, sent without the name."""
    return services.proposal_create(
        author=citizen,
        organisation=skelleftea,
        title="Belysning längs cykelvägen",
        body="Cykelvägen till Morö backe är **mörk** på vintern.",
    )
