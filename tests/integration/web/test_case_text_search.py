"""The case list's text search follows each change to what it searches (an edited title, a
renamed or removed party) and takes what is typed literally: quotes, FTS or LIKE syntax and
needles shorter than a trigram find what holds them and nothing else (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote_plus
from uuid import UUID

import pytest

from mediasi.accounts.actor import Actor
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseEdit, PartyInput
from mediasi.cases.services import CaseService
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Cases, Web, case_links, section_with


def found(web: Web, needle: str) -> set[str]:
    page = web.get(f"/cases?q={quote_plus(needle)}")
    assert page.status_code == 200, page.text[:500]
    return case_links(section_with(page.text, 'id="results"'))


class Changes:
    """Edits through the case service, as the officer's forms make them."""

    def __init__(self, runtime: Runtime, world: World, case_id: UUID) -> None:
        self.runtime, self.world, self.case_id = runtime, world, case_id

    def _run(self, change: Callable[[CaseService, Actor, int], object]) -> None:
        """``change`` with the service, the officer and the case's current version."""
        with self.runtime.sessions.begin() as session:
            case = session.get(Case, self.case_id)
            assert case is not None
            change(self.runtime.case_service(session), self.world.actor("officer"), case.version)

    def retitle(self, title: str) -> None:
        edit = CaseEdit(title=title)
        self._run(lambda service, actor, v: service.edit(self.case_id, actor, edit, v))

    def rename_party(self, party_id: UUID, name: str) -> None:
        party = PartyInput(role="witness", name=name)
        self._run(
            lambda service, actor, v: service.update_party(self.case_id, party_id, actor, party, v)
        )

    def remove_party(self, party_id: UUID) -> None:
        self._run(lambda service, actor, v: service.remove_party(self.case_id, party_id, actor, v))


def test_the_search_follows_an_edited_title_and_a_renamed_then_removed_party(
    runtime: Runtime, web: Web, cases: Cases, world: World
) -> None:
    case_id = cases.report(title="Sengketa batas sawah")
    other = cases.report(title="Kambing hilang di kebun")
    witness = cases.add_party(case_id, name="Pak Darmawan")
    changes = Changes(runtime, world, case_id)
    web.login_as("officer")
    assert found(web, "darmawan") == {str(case_id)}

    changes.retitle("Pagar roboh menimpa kebun tetangga")
    assert found(web, "sawah") == set()
    assert found(web, "PAGAR ROBOH") == {str(case_id)}
    assert found(web, "kebun") == {str(case_id), str(other)}

    changes.rename_party(witness, "Pak Hartono")
    assert found(web, "darmawan") == set()
    assert found(web, "hartono") == {str(case_id)}

    changes.remove_party(witness)
    assert found(web, "hartono") == set()
    assert found(web, "pagar") == {str(case_id)}


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("ri", {"quoted"}),  # shorter than a trigram: still a substring search
        ("AS", {"quoted", "sawah"}),
        ("é", set()),
        ('"sawah', set()),  # a quote does not open an FTS phrase
        ('batas "sawah"', set()),
        ('"tanah" kas', {"quoted"}),
        ("sawah OR kambing", set()),  # FTS operators are words, not operators
        ("sawah*", set()),
        ("NEAR(sawah", set()),
        ("100%", set()),  # LIKE wildcards are literal
        ("_", set()),
        ("ba\\", set()),
        ("\u0130stanbul", set()),  # a letter whose lower case is longer than itself
    ],
)
def test_what_is_typed_is_searched_for_literally(
    web: Web, cases: Cases, needle: str, expected: set[str]
) -> None:
    made = {
        "sawah": cases.report(title="Sengketa batas sawah"),
        "quoted": cases.report(title='Warga ribut soal "tanah" kas desa'),
    }
    web.login_as("officer")
    assert found(web, needle) == {str(made[name]) for name in expected}
