"""What the X-matrix says about the thing under the mouse (rich-text tooltips)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from hoshin.model.kinds import Strength
from hoshin.reads.xmatrix.model import XMatrix
from views.catchball.badge import tooltip as catchball_tooltip
from views.xmatrix.layout import Hit, HitKind


def tooltip(
    xm: XMatrix,
    hit: Hit | None,
    symbols: Mapping[Strength, str],
    badges: Mapping[int, int] | None = None,
) -> str:
    if hit is None:
        return ""
    if hit.kind is HitKind.LABEL:
        return _label(xm, hit.code, badges or {})
    if hit.kind is HitKind.CELL:
        return _cell(xm, hit, symbols)
    if hit.kind is HitKind.OWNER:
        return _owner_cell(xm, hit)
    if hit.kind is HitKind.PERSON:
        owner = xm.owner(hit.col)
        if owner is None:
            return ""
        return _join([f"<b>{escape(owner.name)}</b> ({owner.key})", *_findings(xm, owner.key)])
    if hit.kind is HitKind.ADD and hit.node_kind is not None:
        return f"Add {_article(hit.node_kind.label.lower())} to {escape(xm.unit_name)}"
    if hit.kind is HitKind.CENTRE:
        head = f"<b>{escape(xm.unit_name)}</b> ({xm.unit_code}) · {xm.unit_level} · {xm.year}"
        return _join([head, *_findings(xm, xm.unit_code)])
    return ""


def _label(xm: XMatrix, code: str, badges: Mapping[int, int]) -> str:
    item = xm.item(code)
    if item is None:
        return ""
    lines = [f"<b>{item.code}</b> {escape(item.title)}", escape(item.kind.label)]
    if item.measure:
        arrow = {"up": "higher is better", "down": "lower is better"}.get(item.direction or "")
        lines.append(escape(item.measure + (f" ({arrow})" if arrow else "")))
    if item.parent_code:
        lines.append(f"Deployed from {item.parent_code}")
    if item.deployed_in is not None:
        lines.append(
            f"Deployed in from {escape(item.deployed_in)}: {escape(xm.unit_name)}'s kaizens "
            f"serve it. It is {escape(item.deployed_in)}'s; change it on that unit's matrix."
        )
        return _join(lines)
    lines += _findings(xm, code)
    if badges.get(item.id):
        lines.append(escape(catchball_tooltip(badges[item.id])))
    lines.append("<i>Double-click or F2 to rename</i>")
    return _join(lines)


def _cell(xm: XMatrix, hit: Hit, symbols: Mapping[Strength, str]) -> str:
    assert hit.corner is not None
    key = (hit.row, hit.col)
    strength = xm.corner(hit.corner).get(key)
    source, target = hit.corner.link_ends(hit.row, hit.col)
    verb = hit.corner.edge_kind.value[:-1]
    if strength is not None:
        state = f"{symbols.get(strength, '')} {strength.value}"
    elif key in xm.unrated:
        state = "linked, no strength"
    else:
        state = "not linked"
    lines = [f"<b>{source}</b> {verb}s <b>{target}</b>: {escape(state)}"]
    if key in xm.rationale:
        lines.append(f"Rationale: {escape(xm.rationale[key])}")
    if xm.read_only(hit.row) or xm.read_only(hit.col):
        lines.append("<i>Deployed in from a unit above: read only here</i>")
        return _join(lines)
    lines.append("<i>Click to change the strength; right-click for the rationale</i>")
    return _join(lines)


def _owner_cell(xm: XMatrix, hit: Hit) -> str:
    owner = xm.owner(hit.col)
    if owner is None:
        return ""
    role = xm.owner_cells.get((hit.row, hit.col))
    what = "not an owner" if role is None else f"{role.value} owner"
    lines = [f"<b>{escape(owner.name)}</b>: {what} of {hit.row}", *_findings(xm, hit.row)]
    lines.append("<i>Click: none → secondary → primary → none</i>")
    return _join(lines)


def _findings(xm: XMatrix, code: str) -> list[str]:
    colour = "#d64545" if xm.severity(code) == "error" else "#b7800f"
    return [f'<span style="color:{colour}">⚠ {escape(m)}</span>' for m in xm.findings.get(code, [])]


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _join(lines: list[str]) -> str:
    return "<br>".join(lines)
