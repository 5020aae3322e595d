"""Where a node stands in the strategy: its line of sight, and its links up and down.

``KZ-104 → IP-7 (Sales North) → … → AO-1 → BT-1 (Company)``, one step a row; choosing a
step selects that node. Stepping along the path keeps the path on screen, so a user can
walk up from a kaizen and back down again without losing where they came from. A step
is two lines (code and title; kind, unit and the link up), so that a kaizen's path to the
company's breakthrough fits the dock, and the summary names that breakthrough in any case.
A target on the path shows how its latest month stands (the bowling chart's rule). The
links (what a node serves, what serves it) are edited here too, inside the node editor.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hoshin.changes import Changes
from hoshin.graph import GraphEdge
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import ALLOWED_LINKS, EdgeKind, NodeKind
from hoshin.operations import Link, Unlink
from hoshin.reads import nodes
from hoshin.reads.line_of_sight import carried_from, path_steps
from hoshin.reads.problems import node_problems
from hoshin.reads.standard_work import routines_serving
from hoshin.rules.bowling import Status
from hoshin.text.formats import short_month_label
from hoshin.text.wording import count
from views.document import PlanDocument
from views.find import KindFilter, PlanNodesModel, code_completer, code_of
from views.following import FollowsDocument, change_filter
from views.models import NODE_ID_ROLE

#: How a step reads, by the kind of edge that leads from it to the step above.
_VIA = {
    EdgeKind.SUPPORTS: "supports",
    EdgeKind.MEASURES: "measures",
    EdgeKind.DEPLOYS: "deployed from",
}


class LineOfSight(FollowsDocument, QWidget):
    """The right dock's lower half: a clickable path from the selected node upward."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: list[int] = []
        self.current = 0
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("lineOfSightSummary")
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)  # a step selects a node; it is not a web link
        self.view.anchorClicked.connect(self._on_anchor)
        self.view.setObjectName("lineOfSightPath")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("<b>Line of sight</b>", self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.follow(document, node=True)

    def plan_reset(self) -> None:
        self.show_node(self.node_id, force=True)

    def set_node(self, node_id: int) -> None:
        self.node_id = node_id
        self.show_node(node_id)

    @change_filter("edges", "nodes", "units", "measurements")
    def on_changes(self, changes: Changes) -> None:
        if changes.edges or changes.nodes or changes.units:
            self.show_node(self.document.node_id, force=True)
        elif changes.measurements & set(self.path):
            self._render()  # a target on the path has a new month

    def show_node(self, node_id: int, *, force: bool = False) -> None:
        """Show the path of ``node_id``; a node on the path shown only moves the mark."""
        plan = self.document.plan
        if plan is None or not node_id:
            self.path, self.current = [], 0
            self.view.clear()
            self.summary.setText("Select a node to see the strategy it serves.")
            self._set_warning(False)
            return
        if not force and node_id in self.path:
            self.current = node_id  # walking along the path shown: keep it
            self._render()
            return
        graph = plan.graph
        try:
            path = graph.line_of_sight(node_id)
            code = graph.code(node_id)
        except KeyError:  # deleted by an edit still being announced
            self.show_node(0)
            return
        orphan = len(path) == 1 and not graph.is_top(node_id)
        if graph.is_top(node_id):
            text = f"{code} is a top breakthrough objective: every line of sight ends here."
        elif orphan:
            text = (
                f"{code} has no line of sight: nothing it serves leads up to a "
                "breakthrough objective."
            )
        else:
            top = graph.node(path[-1])
            text = (
                f"{code} serves {top.code} {nodes.title(plan, top.id)} "
                f"in {count(len(path) - 1, 'step')}."
            )
        if (carried := carried_from(plan, node_id)) is not None:
            text += f" Carried from {carried}."  # that year's line of sight: the year selector
        self.summary.setText(text)
        self._set_warning(orphan)
        self.path, self.current = path, node_id
        self._render()

    def _set_warning(self, on: bool) -> None:
        self.summary.setProperty("warning", on)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def _render(self) -> None:
        plan = self.document.plan
        if plan is None or not self.path:
            self.view.clear()
            return
        steps = path_steps(plan, self.path)
        graph = plan.graph
        parts: list[str] = []
        for i, node_id in enumerate(self.path):
            step = steps.get(node_id)
            if step is None:
                continue
            code, title = step.code, step.title
            meta = f"{escape(step.kind.label)} · {escape(step.unit_name)}"
            if step.standing is not None:
                meta += f" · {_standing_html(*step.standing)}"
            if i + 1 < len(self.path):
                above = self.path[i + 1]
                edge = graph.edge_between(node_id, above) or graph.edge_between(above, node_id)
                meta += f' · <span class="via">{_VIA[edge.kind] if edge else "serves"} ↑</span>'
            mark = ' class="current"' if node_id == self.current else ""
            parts.append(
                f'<table width="100%" cellpadding="2" cellspacing="0"><tr><td{mark}>'
                f'<a href="node:{node_id}"><b>{escape(code)}</b></a>&nbsp; {escape(title)}'
                f'<br><span class="meta">{meta}</span></td></tr></table>'
            )
        self.view.document().setDefaultStyleSheet(_PATH_CSS)
        self.view.setHtml("".join(parts))

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == "node" and url.path().isdigit():
            self.document.select_node(int(url.path()))


_PATH_CSS = """
a { color: #1f4e8c; text-decoration: none; }
td.current { background-color: #fff1c7; }
.meta { color: #666666; }
.via { color: #888888; }
.green { color: #1c6b33; font-weight: bold; }
.yellow { color: #8a5a00; font-weight: bold; }
.red { color: #b3261e; font-weight: bold; }
"""


def _standing_html(month: str, status: Status) -> str:
    return (
        f'<span class="{status.value}">{status.mark} {status.value}</span> '
        f"in {short_month_label(month)}"
    )


def link_for(this: NodeKind, other: NodeKind, *, serving: bool) -> tuple[bool, EdgeKind] | None:
    """How to store "this serves other" (``serving``) or "other serves this".

    Returns (whether ``this`` is the stored source, the edge kind), or None when the two
    kinds cannot be linked that way. ``deploys`` is stored parent → child, the other way
    round from how it serves (DESIGN §2).
    """
    up, down = (this, other) if serving else (other, this)
    for kind in (EdgeKind.SUPPORTS, EdgeKind.MEASURES):
        if (up, down) in ALLOWED_LINKS[kind]:
            return serving, kind  # stored from the serving node
    if (down, up) in ALLOWED_LINKS[EdgeKind.DEPLOYS]:
        return not serving, EdgeKind.DEPLOYS  # stored from the parent it was deployed from
    return None


def linkable_kinds(this: NodeKind, *, serving: bool) -> list[NodeKind]:
    return [k for k in NodeKind if link_for(this, k, serving=serving) is not None]


def compact_list(widget: QListWidget) -> None:
    """A list of one-line rows that elides long titles instead of scrolling sideways."""
    widget.setUniformItemSizes(True)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)


def fit_rows(widget: QListWidget, most: int = 6) -> None:
    """Make a list as tall as its rows (one at least, ``most`` at most): no empty boxes."""
    rows = max(1, min(widget.count(), most))
    per_row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 4
    widget.setFixedHeight(rows * max(per_row, 1) + 2 * widget.frameWidth() + 4)


class LinkList(QWidget):
    """One direction of a node's links: a list, a code box to add one, and Remove.

    Signals:
        linkRequested(str): the user asked to link the node with this code.
        unlinkRequested(int): the user asked to remove the link to this node id.
    """

    linkRequested = Signal(str)
    unlinkRequested = Signal(int)

    def __init__(self, title: str, nodes: PlanNodesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(f"<b>{title}</b>", self)
        self.list = QListWidget(self)
        compact_list(self.list)
        self.kinds = KindFilter(nodes, self)
        self.add = QLineEdit(self)
        self.add.setPlaceholderText("Add a link: type a code or title")
        self.add.setClearButtonEnabled(True)
        completer = code_completer(self.kinds, self.add, on_focus=True)
        completer.activated[str].connect(self._request)  # type: ignore[index]
        self.add.setCompleter(completer)
        self.add.returnPressed.connect(lambda: self._request(self.add.text()))
        self.remove = QPushButton("Remove link", self)
        self.remove.setEnabled(False)
        self.remove.clicked.connect(self._remove)
        self.list.currentItemChanged.connect(lambda item, _o: self.remove.setEnabled(bool(item)))
        row = QHBoxLayout()
        row.addWidget(self.add, 1)
        row.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.label)
        box.addWidget(self.list)
        box.addLayout(row)

    def _request(self, text: str) -> None:
        if text.strip():
            self.linkRequested.emit(code_of(text))

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(NODE_ID_ROLE):
            self.unlinkRequested.emit(int(item.data(NODE_ID_ROLE)))


MAX_LISTED = 500  # a company priority may be served by thousands of kaizens


def _how(edge: GraphEdge, serving: bool) -> str:
    """The link as read from the node shown: "supports, strong", "deployed from"…"""
    if edge.kind is EdgeKind.DEPLOYS:
        words = "deployed from" if serving else "deployed to"
    else:
        words = edge.kind.value
    return f"{words}, {edge.strength.value}" if edge.strength is not None else words


class LinksSection(QWidget):
    """What the node serves and what serves it; add and remove links, step along them."""

    def __init__(
        self, document: PlanDocument, nodes: PlanNodesModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.node: dict[str, Any] | None = None
        self.serves = LinkList("Serves", nodes, self)
        self.served_by = LinkList("Served by", nodes, self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for lst, serving in ((self.serves, True), (self.served_by, False)):
            box.addWidget(lst)
            lst.linkRequested.connect(lambda code, s=serving: self.link(code, serving=s))
            lst.unlinkRequested.connect(self.unlink)
            lst.list.itemDoubleClicked.connect(
                lambda item: (
                    item.data(NODE_ID_ROLE)
                    and self.document.select_node(int(item.data(NODE_ID_ROLE)))
                )
            )

    def show_node(self, node: dict[str, Any] | None) -> None:
        self.node = node
        plan = self.document.plan
        self.setVisible(node is not None and plan is not None)
        if node is None or plan is None:
            return
        graph = plan.graph
        kind = NodeKind(node["kind"])
        ups, downs = graph.serves(node["id"]), graph.served_by(node["id"])
        wanted = ups + downs[:MAX_LISTED]
        titles = nodes.titles(plan, wanted)
        for lst, ids, serving in ((self.serves, ups, True), (self.served_by, downs, False)):
            kinds = linkable_kinds(kind, serving=serving)
            lst.setVisible(bool(kinds) or bool(ids))  # nothing ever serves a kaizen
            lst.kinds.set_kinds(kinds)
            lst.list.clear()
            for other in sorted(ids[:MAX_LISTED], key=graph.code):
                edge = graph.edge_between(node["id"], other) or graph.edge_between(
                    other, node["id"]
                )
                how = _how(edge, serving) if edge is not None else ""
                code, title = graph.code(other), titles.get(other, "")
                item = QListWidgetItem(f"{code}  ({how})  {title}" if how else f"{code}  {title}")
                item.setData(NODE_ID_ROLE, other)
                item.setToolTip(f"{code}: {title}\n{how}\nDouble-click to select it.")
                lst.list.addItem(item)
            if not ids:
                none = QListWidgetItem("none yet")
                none.setData(NODE_ID_ROLE, 0)
                none.setFlags(Qt.ItemFlag.NoItemFlags)  # not something to pick or remove
                lst.list.addItem(none)
            if len(ids) > MAX_LISTED:
                more = QListWidgetItem(f"… and {len(ids) - MAX_LISTED} more")
                more.setData(NODE_ID_ROLE, 0)
                lst.list.addItem(more)
            extra = 0
            if not serving:
                extra = self._add_routines(lst, node["id"])
                extra += self._add_problems(lst, node["id"])
                if extra and not ids:
                    lst.list.takeItem(0)  # not "none yet": routines or problems serve it
            fit_rows(lst.list)
            lst.remove.setEnabled(False)
            more = f", {extra} routine{'s' if extra != 1 else ''}" if extra else ""
            lst.label.setText(f"<b>{'Serves' if serving else 'Served by'}</b> ({len(ids)}{more})")

    def _add_routines(self, lst: LinkList, node_id: int) -> int:
        """The routines of Leader Standard Work that serve the node, listed under its links
        (not links: nothing to remove here; they are edited on My standard work)."""
        plan = self.document.plan
        if plan is None:
            return 0
        found = routines_serving(plan, node_id)
        for r in found:
            item = QListWidgetItem(f"⟳ {r.title}  ({r.cadence_words}, {r.person}, {r.unit_code})")
            item.setData(NODE_ID_ROLE, 0)
            item.setToolTip(f"Routine {r.id} of {r.person}: {r.cadence_words} at {r.unit}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, not a link to pick or remove
            lst.list.addItem(item)
        return len(found)

    def _add_problems(self, lst: LinkList, node_id: int) -> int:
        """Problems raised at a huddle about this node serve it too: listed, not links."""
        plan = self.document.plan
        if plan is None:
            return 0
        with plan.session() as session:
            problems = node_problems(session, node_id)
        for card in problems[:MAX_LISTED]:
            item = QListWidgetItem(
                f"Problem #{card.id}  ({card.status} at {card.unit}, tier {card.tier})  "
                f"{card.title}"
            )
            item.setData(NODE_ID_ROLE, 0)
            item.setToolTip(f"Raised at {card.raised_unit} on {card.raised_on.isoformat()}")
            lst.list.addItem(item)
        return min(len(problems), MAX_LISTED)

    def link(self, code: str, *, serving: bool) -> bool:
        """Link the node with ``code``: this serves it (``serving``), or it serves this."""
        plan, node = self.document.plan, self.node
        if plan is None or node is None:
            return False
        try:
            other = plan.graph.node(plan.graph.id_of(code))
        except NotFoundError as exc:
            self.document.errorRaised.emit(str(exc))
            return False
        how = link_for(NodeKind(node["kind"]), other.kind, serving=serving)
        if how is None:
            verb = "serve" if serving else "be served by"
            self.document.errorRaised.emit(
                f"A {NodeKind(node['kind']).value} cannot {verb} a {other.kind.value} "
                f"such as {other.code}."
            )
            return False
        this_is_source, kind = how
        source, target = node["code"], other.code
        if not this_is_source:
            source, target = target, source
        done = self.document.execute(Link(source, target, kind=kind)) is not None
        if done:
            (self.serves if serving else self.served_by).add.clear()
        return done

    def unlink(self, other_id: int) -> bool:
        plan, node = self.document.plan, self.node
        if plan is None or node is None:
            return False
        graph = plan.graph
        edge = graph.edge_between(node["id"], other_id) or graph.edge_between(other_id, node["id"])
        if edge is None:
            return False
        op = Unlink(graph.code(edge.source), graph.code(edge.target))
        return self.document.execute(op) is not None
