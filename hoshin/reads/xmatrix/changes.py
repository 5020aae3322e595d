"""Which edits the X-matrix shown must be rebuilt for: the view's change filter."""

from __future__ import annotations

from sqlalchemy import select

from hoshin.changes import Changes
from hoshin.model import entities as e
from hoshin.plan import Plan
from hoshin.reads.xmatrix.model import XMatrix
from hoshin.reads.xmatrix.reader import primary_load


def affects(plan: Plan, xm: XMatrix, changes: Changes) -> bool:
    """Whether an edit's ``changes`` may alter what ``xm`` shows (a few small queries)."""
    if changes.settings or xm.unit_id in changes.units:
        return True
    mine = xm.node_ids
    if changes.nodes & mine or changes.owners & mine or changes.edges & xm.edge_ids:
        return True
    owner_ids = {o.id for o in xm.owners}
    if changes.people & owner_ids:
        return True
    with plan.session() as session:
        new_edges = sorted(changes.edges - xm.edge_ids)[:500]
        if new_edges:
            # A kaizen of this unit linked to (or from) a priority above: a deployed-in row.
            ed, n = e.Edge, e.Node
            found = session.execute(
                select(ed.id, n.unit_id)
                .outerjoin(n, n.id == ed.source_id)
                .where(ed.id.in_(new_edges))
            ).all()
            if any(unit == xm.unit_id for _i, unit in found):
                return True
            if len(found) < len(new_edges) and any(i.deployed_in for i in xm.items):
                return True  # a link removed: it may have been what brought a row in
        if changes.threads and mine:
            # A thread about one of these items: a gap, or an owner no longer negotiated.
            t = e.CatchballThread
            items = sorted(mine)[:500]
            hit = session.execute(
                select(t.id)
                .where(t.id.in_(sorted(changes.threads)[:500]))
                .where(t.node_id.in_(items) | t.child_node_id.in_(items))
                .limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.nodes:
            # A node added to (or moved into) this unit is not in ``mine`` yet.
            n = e.Node
            new = list(changes.nodes - mine)[:500]
            hit = session.execute(
                select(n.id).where(n.id.in_(new), n.unit_id == xm.unit_id).limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.people:
            p = e.Person
            new_people = list(changes.people - owner_ids)[:500]
            hit = session.execute(
                select(p.id).where(p.id.in_(new_people), p.unit_id == xm.unit_id).limit(1)
            ).first()
            if hit is not None:
                return True
        if changes.owners and owner_ids:
            # An owner shown here may have become (or stopped being) overloaded elsewhere.
            return primary_load(session, sorted(owner_ids)) != dict(xm.owner_load)
    return False
