"""The decision rules and the tally, as pure functions over the countries'
current stances (no database, no request).

- Support is agree plus agree-with-reservations; a reservation never stops
  adoption, it makes the result "adopted with reservations".
- Abstaining never blocks and never supports.
- consensus: adopted when no country blocks and at least one supports
  (disagreeing states their view without blocking, as "standing aside").
- majority: adopted when more than half of the participating states support,
  provided at least `quorum` states have answered (any stance counts).
- silence: adopted at the deadline unless a country objects (disagree or
  block); countries that do not answer consent. An objection "breaks the
  silence" while it stands; a country may withdraw it before the deadline.

Stances recorded on an earlier revision of the text still count: their
countries are asked to confirm them.
"""

from dataclasses import dataclass, field
from datetime import datetime

SUPPORT = ("agree", "reservation")
OBJECTIONS = ("disagree", "block")
STANCE_ORDER = ("agree", "reservation", "abstain", "disagree", "block")


@dataclass(frozen=True)
class CountryStance:
    """What the rules need to know of one country's current stance."""

    country: str
    stance: str
    reason: str = ""
    revision: int = 1
    recorded_at: datetime | None = None


@dataclass
class Tally:
    rule: str
    quorum: int
    revision: int
    participants: list[str]
    # Current stances of the participating countries, by country code.
    stances: dict[str, CountryStance]
    counts: dict[str, int] = field(default_factory=dict)
    # adopted | adopted_with_reservations | not_adopted
    result: str = "not_adopted"
    # Why, as a code the pages explain: consensus, blocked, no_support,
    # majority, no_majority, quorum, silence_kept, silence_broken.
    why: str = ""

    @property
    def answered(self) -> int:
        return len(self.stances)

    @property
    def support(self) -> int:
        return sum(self.counts[stance] for stance in SUPPORT)

    @property
    def missing(self) -> list[str]:
        """Participants that have not answered yet."""
        return [code for code in self.participants if code not in self.stances]

    @property
    def quorum_met(self) -> bool | None:
        return self.answered >= self.quorum if self.rule == "majority" else None

    @property
    def majority_needed(self) -> int:
        return len(self.participants) // 2 + 1

    def countries_with(self, stance: str) -> list[CountryStance]:
        return [
            self.stances[code]
            for code in self.participants
            if code in self.stances and self.stances[code].stance == stance
        ]

    @property
    def objections(self) -> list[CountryStance]:
        """Under the silence procedure: who broke the silence, earliest first."""
        found = [each for each in self.stances.values() if each.stance in OBJECTIONS]
        return sorted(found, key=lambda each: (each.recorded_at is None, each.recorded_at, each.country))

    def is_earlier(self, country: str) -> bool:
        """The country's stance was recorded on an earlier revision of the text."""
        stance = self.stances.get(country)
        return stance is not None and stance.revision < self.revision

    @property
    def to_confirm(self) -> list[str]:
        return [code for code in self.participants if self.is_earlier(code)]


def _decide(tally: Tally) -> tuple[str, str]:
    counts = tally.counts
    support = tally.support
    if tally.rule == "consensus":
        if counts["block"]:
            return "not_adopted", "blocked"
        if not support:
            return "not_adopted", "no_support"
        return "adopted", "consensus"
    if tally.rule == "majority":
        if tally.answered < tally.quorum:
            return "not_adopted", "quorum"
        if support < tally.majority_needed:
            return "not_adopted", "no_majority"
        return "adopted", "majority"
    if tally.rule == "silence":
        if counts["disagree"] or counts["block"]:
            return "not_adopted", "silence_broken"
        return "adopted", "silence_kept"
    raise ValueError(f"unknown rule {tally.rule!r}")


def tally(rule: str, quorum: int, revision: int, participants: list[str], stances: list[CountryStance]) -> Tally:
    """Counts per stance and the result the rule gives for these stances
    (provisional while the vote is open)."""
    taking_part = sorted(participants)
    current = {each.country: each for each in stances if each.country in set(taking_part)}
    result = Tally(rule=rule, quorum=quorum, revision=revision, participants=taking_part, stances=current)
    result.counts = {stance: 0 for stance in STANCE_ORDER}
    for each in current.values():
        result.counts[each.stance] += 1
    result.counts["none"] = len(taking_part) - len(current)
    result.result, result.why = _decide(result)
    if result.result == "adopted" and result.counts["reservation"]:
        result.result = "adopted_with_reservations"
    return result
