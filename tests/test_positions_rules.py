"""The decision rules and the tally, as pure functions."""

from datetime import UTC, datetime

import pytest

from forum.positions.rules import CountryStance, tally

FIVE = ["AR", "BR", "CO", "CU", "JM"]


def stances(**by_country) -> list[CountryStance]:
    return [CountryStance(code, stance, reason="motivo") for code, stance in by_country.items()]


def test_counts_missing_and_support():
    result = tally("consensus", 0, 1, FIVE, stances(AR="agree", BR="reservation", CO="abstain"))
    assert result.counts == {"agree": 1, "reservation": 1, "abstain": 1, "disagree": 0, "block": 0, "none": 2}
    assert result.support == 2 and result.answered == 3
    assert result.missing == ["CU", "JM"]
    assert [each.country for each in result.countries_with("reservation")] == ["BR"]


def test_stances_of_countries_not_taking_part_are_ignored():
    result = tally("consensus", 0, 1, ["AR", "BR"], stances(AR="agree", MX="block"))
    assert result.counts["block"] == 0 and result.result == "adopted"


@pytest.mark.parametrize(
    ("given", "result", "why"),
    [
        ({"AR": "agree", "BR": "disagree"}, "adopted", "consensus"),  # disagreeing does not block
        ({"AR": "agree", "BR": "block"}, "not_adopted", "blocked"),
        ({"AR": "abstain", "BR": "disagree"}, "not_adopted", "no_support"),
        ({}, "not_adopted", "no_support"),
        ({"AR": "agree", "BR": "reservation", "CO": "abstain"}, "adopted_with_reservations", "consensus"),
    ],
)
def test_consensus(given, result, why):
    outcome = tally("consensus", 0, 1, FIVE, stances(**given))
    assert (outcome.result, outcome.why) == (result, why)


@pytest.mark.parametrize(
    ("given", "quorum", "result", "why"),
    [
        # 3 of 5 support: more than half of the participating states.
        ({"AR": "agree", "BR": "agree", "CO": "reservation"}, 3, "adopted_with_reservations", "majority"),
        # 2 of 5 support, whatever the others answered.
        ({"AR": "agree", "BR": "agree", "CO": "abstain", "CU": "abstain"}, 3, "not_adopted", "no_majority"),
        # Half is not a majority: 3 of 6 would fail, 2 of 5 fails here.
        ({"AR": "agree", "BR": "agree", "CO": "disagree"}, 3, "not_adopted", "no_majority"),
        # Quorum of 4 answers not reached even though 3 of 5 support.
        ({"AR": "agree", "BR": "agree", "CO": "agree"}, 4, "not_adopted", "quorum"),
        # Abstentions count towards the quorum.
        ({"AR": "agree", "BR": "agree", "CO": "agree", "CU": "abstain"}, 4, "adopted", "majority"),
    ],
)
def test_majority_with_quorum(given, quorum, result, why):
    outcome = tally("majority", quorum, 1, FIVE, stances(**given))
    assert (outcome.result, outcome.why) == (result, why)
    assert outcome.majority_needed == 3
    assert outcome.quorum_met == (outcome.answered >= quorum)


def test_majority_of_an_even_number_needs_more_than_half():
    six = [*FIVE, "MX"]
    assert tally("majority", 1, 1, six, stances(AR="agree", BR="agree", CO="agree")).result == "not_adopted"
    assert tally("majority", 1, 1, six, stances(AR="agree", BR="agree", CO="agree", CU="agree")).result == "adopted"


def test_silence_is_kept_by_silence_and_abstention():
    kept = tally("silence", 0, 1, FIVE, stances(AR="abstain"))
    assert (kept.result, kept.why) == ("adopted", "silence_kept")
    assert tally("silence", 0, 1, FIVE, []).result == "adopted"
    assert tally("silence", 0, 1, FIVE, stances(BR="reservation")).result == "adopted_with_reservations"


def test_an_objection_breaks_the_silence_and_says_who_and_when():
    early = datetime(2027, 3, 1, 12, tzinfo=UTC)
    late = datetime(2027, 3, 2, 12, tzinfo=UTC)
    broken = tally(
        "silence",
        0,
        1,
        FIVE,
        [CountryStance("CU", "block", "no", 1, late), CountryStance("BR", "disagree", "no", 1, early)],
    )
    assert (broken.result, broken.why) == ("not_adopted", "silence_broken")
    assert [(each.country, each.recorded_at) for each in broken.objections] == [("BR", early), ("CU", late)]


def test_stances_on_earlier_revisions_count_and_are_marked():
    result = tally(
        "consensus",
        0,
        3,
        FIVE,
        [CountryStance("AR", "agree", revision=3), CountryStance("BR", "agree", revision=2)],
    )
    assert result.support == 2 and result.result == "adopted"
    assert result.is_earlier("BR") and not result.is_earlier("AR") and not result.is_earlier("CO")
    assert result.to_confirm == ["BR"]


def test_unknown_rule_is_a_programming_error():
    with pytest.raises(ValueError):
        tally("lottery", 0, 1, FIVE, [])
