"""What an import did, and what it could not map, for the CLI and the app to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hoshin.text.wording import count


@dataclass
class ImportReport:
    """The outcome of :func:`~hoshin.excel.read.importer.import_workbook`.

    ``problems`` lists, with cell references, everything the workbook holds that did not
    make it into the plan (``"X-matrix!D14: 'maybe' is not a strength"``).
    """

    path: Path
    source: str  # "Hoshin workbook" or "X-matrix sheet"
    plan_name: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{n:,} {what}" for what, n in self.counts.items() if n)
        return f"Wrote {self.path} from a {self.source}: {parts or 'nothing'}."

    def lines(self) -> list[str]:
        """The summary, then one line per problem."""
        out = [self.summary()]
        if self.problems:
            out.append(f"{count(len(self.problems), 'thing')} could not be read:")
            out.extend(f"  {p}" for p in self.problems)
        return out
