"""A generated enterprise-scale plan (DESIGN §8), to hold the product to its size.

The plan is written with bulk inserts of plain rows, with ids computed here, in one
transaction: going through the operations (one graph refresh per edit) would take hours
at this size, and the operations are meant for a person's edits, not for loading. The
content is a pure function of the seed, the shape and ``as_of``; it holds on purpose what
the review and health views exist to find (orphan kaizens, targets without a primary
owner, overdue and slipped sustainment checks, open action items, red months, catchball
threads still open or withdrawn).

Modules: :mod:`~hoshin.enterprise.shape` (how big), :mod:`~hoshin.enterprise.vocabulary`
(words and mixes), :mod:`~hoshin.enterprise.records` (what the stages share),
:mod:`~hoshin.enterprise.generator` (the core and the entry point), and one module per
stage: :mod:`~hoshin.enterprise.matrices`, :mod:`~hoshin.enterprise.kaizens`,
:mod:`~hoshin.enterprise.catchball` (with :mod:`~hoshin.enterprise.negotiation`, the
messages of one thread).
"""

from __future__ import annotations

from hoshin.enterprise.generator import generate_enterprise
from hoshin.enterprise.records import Progress
from hoshin.enterprise.shape import ENTERPRISE, Matrix, Shape

__all__ = ["ENTERPRISE", "Matrix", "Progress", "Shape", "generate_enterprise"]
