"""What `attachkit <vendor> check` found: the steps it took, every finding, and the outcome
of each of the spec's assumptions, as a report the command prints as a table or JSON."""

from __future__ import annotations

from typing import Any

import attrs

from .spec import Assumption
from .validate import Finding

__all__ = ["AssumptionOutcome", "Report", "Step"]


@attrs.frozen
class Step:
    """What the check did, and what came of it (`error` when the vendor refused), with the
    numbers of the exchanges it made (from 1, in the order of the recording)."""

    action: str
    result: str
    error: str | None = None
    exchanges: tuple[int, ...] = ()


@attrs.frozen
class AssumptionOutcome:
    """`outcome` is "holds" (an exchange of this run exercised it and agrees), "differs"
    (one does not: `evidence` says how) or "not exercised"; `exchanges` are the numbers
    of the exchanges that tell."""

    assumption: Assumption
    outcome: str
    evidence: str = ""
    exchanges: tuple[int, ...] = ()


@attrs.frozen
class Report:
    vendor: str
    steps: tuple[Step, ...]
    exchanges: tuple[str, ...]
    """Each exchange of the run as `METHOD path?query -> status`, in order."""
    findings: tuple[Finding, ...]
    assumptions: tuple[AssumptionOutcome, ...]
    strict: bool = False
    """Whether additions count as drift (`--strict`)."""

    @property
    def drift(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.group == "drift")

    @property
    def additions(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.group == "addition")

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.group == "note")

    @property
    def differing(self) -> tuple[AssumptionOutcome, ...]:
        return tuple(outcome for outcome in self.assumptions if outcome.outcome == "differs")

    @property
    def matches(self) -> bool:
        """No drift: every answer has what the spec promises, as the spec says it, and no
        assumption was shown wrong."""
        return not self.drift and not self.differing

    @property
    def passes(self) -> bool:
        """What the exit code says: no drift, and with `strict`, no additions either."""
        return self.matches and not (self.strict and self.additions)

    def to_dict(self) -> dict[str, Any]:
        def finding(f: Finding) -> dict[str, Any]:
            return {
                "kind": f.kind,
                "request": f.request,
                "where": f.where,
                "detail": f.detail,
                "count": f.count,
                "exchange": f.exchange,
            }

        return {
            "vendor": self.vendor,
            "matches_spec": self.matches,
            "strict": self.strict,
            "passes": self.passes,
            "exchanges": [
                {"number": number, "exchange": text}
                for number, text in enumerate(self.exchanges, start=1)
            ],
            "steps": [attrs.asdict(step) for step in self.steps],
            "drift": [finding(f) for f in self.drift],
            "additions": [finding(f) for f in self.additions],
            "notes": [finding(f) for f in self.notes],
            "assumptions": [
                {
                    "where": outcome.assumption.pointer,
                    "assumes": outcome.assumption.text,
                    "outcome": outcome.outcome,
                    "evidence": outcome.evidence,
                    "exchanges": list(outcome.exchanges),
                }
                for outcome in self.assumptions
            ],
        }
