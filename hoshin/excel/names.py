"""Sheet names, headings and words the export writes and the import reads back.

One place for the workbook's vocabulary, so the round trip cannot drift apart: the import
finds columns by these headings, not by position.
"""

from __future__ import annotations

import re

from hoshin.model.kinds import NodeKind

ABOUT = "About"
ORGANISATION = "Organisation"
OBJECTIVES = "Objectives"
DEPLOYMENT = "Deployment"
BOWLING = "Bowling"
KAIZENS = "Kaizens"
SUSTAINMENT = "Sustainment"
COUNTERMEASURES = "Countermeasures"
TARGET_VALUES = "Target values"
A3S = "A3s"
REFLECTION = "Reflection"
#: Every node of every year of the plan (written when it holds more than one year).
YEARS = "Years"
CATCHBALL = "Catchball"
HEALTH = "Health"
LSW_ADHERENCE = "LSW adherence"  # a report: person × week, not read back
XMATRIX_PREFIX = "X-matrix "

#: The words on the About sheet that mark a workbook as Hoshin's own.
MARKER = "Hoshin deployment workbook"

# -- X-matrix --------------------------------------------------------------------------------
HEADINGS: dict[NodeKind, str] = {
    NodeKind.PRIORITY: "Improvement priorities",
    NodeKind.BREAKTHROUGH: "Breakthrough objectives",
    NodeKind.ANNUAL: "Annual objectives",
    NodeKind.TARGET: "Targets",
}
OWNERS = "Owners"
PRIMARY = "●"
SECONDARY = "○"
UNRATED = "·"
DEPLOYED_FROM = "↑"
#: Marks an X-matrix label of a unit above that the unit's kaizens serve (not its own item).
DEPLOYED_IN = "⇣ deployed in from"

# -- tables: (heading, width) ----------------------------------------------------------------
UNIT_COLUMNS = (("Unit", 11), ("Name", 34), ("Parent", 11), ("Level", 14), ("Function", 20))
PEOPLE_COLUMNS = (("Key", 9), ("Person", 26), ("Person's unit", 13), ("E-mail", 24))
#: The people's columns a workbook of Hoshin before the E-mail column holds (still read).
PEOPLE_REQUIRED = ("Key", "Person", "Person's unit")
FUNCTION_COLUMNS = (("Functions", 24),)

OBJECTIVE_COLUMNS = (
    ("Code", 9),
    ("Kind", 13),
    ("Unit", 11),
    ("Title", 48),
    ("Deployed from", 13),
    ("Serves in other units", 16),
    ("Function", 16),
    ("Start", 11.5),
    ("Due", 11.5),
    ("Unit of measure", 11),
    ("Direction", 10),
    ("Baseline", 10),
    ("Goal", 10),
    ("Committed goal", 11),
    ("Description", 40),
)

KAIZEN_COLUMNS = (
    ("Code", 9),
    ("Title", 40),
    ("Team", 11),
    ("Team name", 20),
    ("Function", 16),
    ("Origin", 10),
    ("Status", 11),
    ("Type", 8),
    ("Start", 11.5),
    ("Due", 11.5),
    ("End", 11.5),
    ("Supports", 14),
    ("Priority", 30),
    ("Annual objective", 30),
    ("Breakthrough", 30),
    ("Line of sight", 30),
    ("Open action items", 9),
    ("Overdue checks", 9),
    ("Slipped checks", 9),
    ("Sustainment debt", 10),
    ("Target affected", 10),
    ("Expected effect", 16),
    ("Description", 36),
)

SUSTAINMENT_COLUMNS = (
    ("Kaizen", 9),
    ("Kaizen title", 34),
    ("Team", 11),
    ("Record", 12),
    ("What", 36),
    ("Due", 11.5),
    ("Result", 10),
    ("On", 11.5),
    ("Owner", 20),
    ("Owner key", 9),
)
COUNTERMEASURE_COLUMNS = (
    ("Target", 9),
    ("Target title", 30),
    ("Month", 9),
    ("Countermeasure", 44),
    ("Owner", 20),
    ("Owner key", 9),
    ("Due", 11.5),
    ("State", 8),
    ("Done on", 11.5),
)
#: The A3s sheet: one row per part of an A3 (its title, each section, each row of its
#: lists, each countermeasure it links), the A3s one after the other.
A3_COLUMNS = (
    ("Node", 9),
    ("A3 kind", 9),
    ("Part", 13),
    ("6 M", 12),
    ("Text", 60),
    ("Who", 20),
    ("Who key", 9),
    ("When", 11.5),
    ("Links", 16),
)
#: The Reflection sheet: one row per breakthrough, annual objective, priority and target of
#: the year, with its figures, the suggested result and the reflection recorded.
REFLECTION_COLUMNS = (
    ("Unit", 9),
    ("Node", 9),
    ("Kind", 20),  # "Breakthrough objective" in full
    ("Title", 40),
    ("Unit of measure", 10),
    ("Direction", 9),
    ("Baseline", 10),
    ("Goal", 10),
    ("Last actual", 10),
    ("Last month", 9),
    ("Year to date", 10),
    ("Suggested", 10),
    ("Result", 10),
    ("Decision", 10),
    ("New title", 30),
    ("New goal", 10),
    ("What helped", 40),
    ("What hindered", 40),
    ("Lesson", 40),
    ("By", 18),
    ("Comments", 40),
)
#: The Part of an A3's rows that are not a section: its title, its list rows, its links.
A3_TITLE = "title"
A3_COUNTERMEASURE = "countermeasure"
A3_KAIZEN = "kaizen"
#: The Part of a list row, by its kind ("why" alone is a strategy A3's section).
A3_ITEM_PARTS = {"why": "5 whys", "cause": "cause", "step": "step"}
CHECK = "check"
ACTION_ITEM = "action item"
OPEN = "open"
DONE = "done"

CATCHBALL_COLUMNS = (
    ("Thread", 8),
    ("Node", 9),
    ("Counterpart", 11),
    ("From", 9),
    ("To", 9),
    ("Time", 16.5),
    ("Direction", 9),
    ("Author", 20),
    ("Author key", 9),
    ("Kind", 10),
    ("Value", 9),
    ("Date", 11.5),
    ("Owner", 18),
    ("Owner key", 9),
    ("Resources", 22),
    ("Text", 44),
    ("Round", 7),
    ("State after", 13),
)
HOSHIN_AUTHOR = "Hoshin"  # the author of messages Hoshin writes itself (a reopen)

BOWLING_FIXED = (
    ("Code", 9),
    ("Target", 30),
    ("Unit", 10),
    ("Owner", 18),
    ("Unit of measure", 10),
    ("Direction", 10),
    ("Baseline", 9),
    ("Goal", 9),
    ("", 7),
)
PLAN_ROW = "plan"
ACTUAL_ROW = "actual"
YTD = "Year to date"
AGGREGATION = "Aggregation"  # the target's year-to-date rule, right of the YTD

DIRECTION_WORDS = {"up": "higher is better", "down": "lower is better"}

# -- sheet names -------------------------------------------------------------------------------
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def xmatrix_sheet_name(unit_code: str, taken: set[str]) -> str:
    """``X-matrix CODE``, made legal (31 characters, no ``[]:*?/\\``) and unique."""
    base = _BAD_SHEET_CHARS.sub("_", f"{XMATRIX_PREFIX}{unit_code}")[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


#: The Target values sheet: a target's daily or weekly values (finer tracking), one row per
#: value; a target tracked finer without any value yet has one row without date and value.
TARGET_VALUE_COLUMNS = (
    ("Target", 9),
    ("Target title", 30),
    ("Tracking", 9),
    ("Date", 11.5),
    ("Value", 11),
)

#: The Years sheet: every node of every year. The year the workbook shows has its other
#: sheets and stands here by year, code and what it was carried from only; the other
#: years' nodes stand here whole (fields, links, owners, figures, reflection).
YEAR_COLUMNS = (
    ("Year", 7),
    ("Code", 9),
    ("Kind", 12),
    ("Unit", 9),
    ("Title", 40),
    ("Carried from", 14),
    ("Serves", 26),
    ("Owners", 20),
    ("Function", 14),
    ("Start", 11.5),
    ("Due", 11.5),
    ("End", 11.5),
    ("Status", 11),
    ("Origin", 10),
    ("Type", 8),
    ("Unit of measure", 10),
    ("Direction", 9),
    ("Aggregation", 12),
    ("Baseline", 10),
    ("Goal", 10),
    ("Figures", 40),
    ("Description", 30),
    ("Result", 9),
    ("Decision", 9),
    ("New title", 24),
    ("New goal", 9),
    ("What helped", 30),
    ("What hindered", 30),
    ("Lesson", 30),
    ("By", 16),
)

#: The huddle log: every problem with its path up the tiers (written, not read back: the
#: problems stay in the plan, a workbook only shows them).
HUDDLE_LOG = "Huddle log"
HUDDLE_LOG_COLUMNS = (
    ("Problem", 8),
    ("Raised", 11.5),
    ("Raised at", 9),
    ("Raised by", 18),
    ("What", 40),
    ("Owner", 18),
    ("Due", 11.5),
    ("Status", 11),
    ("Now at", 9),
    ("Tier", 6),
    ("Path", 22),
    ("Escalations", 11),
    ("Days per tier", 26),
    ("Solved on", 11.5),
    ("Answer", 36),
    ("Concerns", 9),
    ("Became", 10),
)
