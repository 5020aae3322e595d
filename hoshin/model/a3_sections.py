"""The words of an A3: its two kinds, the sections each shows (in page order), the rows of
its lists and the 6 Ms a fishbone cause is filed under (DESIGN: A3s)."""

from __future__ import annotations

from collections.abc import Mapping

from hoshin.model.entities import A3_ITEM_KINDS, A3_KINDS, SIX_MS
from hoshin.model.kinds import NodeKind

PROBLEM, STRATEGY = A3_KINDS
WHY, CAUSE, STEP = A3_ITEM_KINDS

#: Section name (what a person types) → the column holding it, per kind, in page order.
SECTIONS: Mapping[str, Mapping[str, str]] = {
    PROBLEM: {
        "background": "background",
        "current": "current_condition",
        "goal": "goal",
        "analysis": "analysis",
        "follow-up": "follow_up",
    },
    STRATEGY: {
        "why": "background",
        "current": "current_condition",
        "goal": "goal",
        "plan": "plan_text",
        "owners": "owners_text",
        "risks": "risks",
    },
}

#: Section headings as printed, per kind.
HEADINGS: Mapping[str, Mapping[str, str]] = {
    PROBLEM: {
        "background": "Background",
        "current": "Current condition",
        "goal": "Goal",
        "analysis": "Root-cause analysis",
        "follow-up": "Follow-up",
    },
    STRATEGY: {
        "why": "Why",
        "current": "Where we are",
        "goal": "Where we want to be",
        "plan": "The plan",
        "owners": "The owners",
        "risks": "The risks",
    },
}

#: The list rows and their names in words.
ITEM_WORDS: Mapping[str, str] = {WHY: "why", CAUSE: "cause", STEP: "step"}

#: The 6 Ms, as printed.
SIX_M_WORDS: Mapping[str, str] = {
    "man": "Man (people)",
    "machine": "Machine",
    "method": "Method",
    "material": "Material",
    "measurement": "Measurement",
    "environment": "Mother nature (environment)",
}
assert tuple(SIX_M_WORDS) == SIX_MS

#: Which kinds of A3 each node kind may carry; the first is its default.
KINDS_FOR: Mapping[NodeKind, tuple[str, ...]] = {
    NodeKind.TARGET: (PROBLEM,),
    NodeKind.KAIZEN: (PROBLEM,),
    NodeKind.PRIORITY: (STRATEGY, PROBLEM),
    NodeKind.ANNUAL: (STRATEGY,),
    NodeKind.BREAKTHROUGH: (STRATEGY,),
}
