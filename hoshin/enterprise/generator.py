"""The generator's core (ids, codes, chunked inserts), the organisation, and the entry point.

Each stage is a function of its own module taking the :class:`Generator`, called in
foreign-key order by :func:`generate_enterprise`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Dialect, Table, func, insert, select
from sqlalchemy.orm import Session

from hoshin.enterprise import catchball, kaizens, matrices, problems, routines, target_values
from hoshin.enterprise.records import (
    CHUNK,
    NODE,
    ORG_NAME,
    TABLES,
    Progress,
    Row,
    Unit,
    XMatrix,
    chunked,
)
from hoshin.enterprise.shape import ENTERPRISE, Shape
from hoshin.enterprise.vocabulary import FIRST_NAMES, LAST_NAMES, REGIONS, vocab
from hoshin.model import entities as e
from hoshin.model.kinds import DEFAULT_LEVELS, EdgeKind, NodeKind, Strength
from hoshin.plan import Plan
from hoshin.store import storage


@dataclass(frozen=True)
class _Compiled:
    """An INSERT compiled once for a positional driver: its SQL, its columns in order, and
    the conversions (position, bind processor) the driver needs."""

    sql: str
    keys: tuple[str, ...]
    convert: list[tuple[int, Callable[[Any], Any]]]

    @classmethod
    def of(cls, table: Table, dialect: Dialect) -> _Compiled:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(table.c.keys()))
        keys = tuple(compiled.positiontup or ())
        convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, key in enumerate(keys):
            process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                convert.append((i, process))
        return cls(str(compiled), keys, convert)


class Generator:
    """Writes one plan, stage by stage, in foreign-key order, from one random stream: the
    order of the draws is part of what makes a seed reproducible."""

    def __init__(
        self,
        session: Session,
        shape: Shape,
        rng: random.Random,
        as_of: dt.date,
        progress: Progress | None,
    ) -> None:
        self.session = session
        self.shape = shape
        self.rng = rng
        self.as_of = as_of
        self.progress = progress
        by_position = select(e.Function.name, e.Function.id).order_by(e.Function.position)
        self.functions: dict[str, int] = {name: fid for name, fid in session.execute(by_position)}
        self.function_names = list(self.functions)
        self.ids = {
            name: itertools.count(self._max_id(table) + 1)
            for name, table in TABLES.items()
            if "id" in table.c
        }
        self.seq = dict.fromkeys(NodeKind, 0)
        # Titles and codes of the X-matrix nodes, which deployments and catchball quote.
        self.titles: dict[int, str] = {}
        self.codes: dict[int, str] = {}
        self.matrices: dict[int, XMatrix] = {}
        self._compiled: dict[str, _Compiled] = {}

    def _max_id(self, table: Table) -> int:
        return int(self.session.execute(select(func.max(table.c.id))).scalar() or 0)

    def write(self, stage: str, table: str, rows: Iterable[Row], total: int) -> None:
        """Insert rows in chunks (one executemany each), reporting progress per chunk."""
        done = 0
        self.report(stage, 0, total)
        for chunk in chunked(rows, CHUNK):
            self._insert(TABLES[table], chunk)
            done += len(chunk)
            self.report(stage, done, total)

    def insert(self, table: str, rows: list[Row]) -> None:
        """Insert rows in chunks, without progress: for a stage that reports its own."""
        for chunk in chunked(rows, CHUNK):
            self._insert(TABLES[table], chunk)

    def insert_values(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert rows given as tuples in the order of :meth:`columns`, in chunks and
        without progress: for the biggest tables, where a dict per row is time."""
        for chunk in chunked(rows, CHUNK):
            self._insert_values(TABLES[table], chunk)

    def columns(self, table: str) -> tuple[str, ...]:
        """The order :meth:`insert_values` takes a row's values in: the table's."""
        return tuple(TABLES[table].c.keys())

    def _insert(self, table: Table, rows: list[Row]) -> None:
        """One executemany of rows (dicts) that all have every column of the table."""
        if not self._fast():
            self.session.connection().execute(insert(table), rows)
            return
        missing = {c.name: _default(c) for c in table.c if c.name not in rows[0]}
        if missing:  # columns the generator leaves to their defaults (version, login)
            rows = [{**row, **missing} for row in rows]
        values_of = operator.itemgetter(*table.c.keys())
        self._insert_values(table, [values_of(row) for row in rows])

    def _fast(self) -> bool:
        dialect = self.session.connection().dialect
        return dialect.name == "sqlite" and dialect.positional

    def _insert_values(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """One executemany of rows given as tuples in the table's column order.

        On SQLite the statement is compiled once and each row goes to the driver as a
        tuple through the columns' own bind processors (dates and floats), so the stored
        values are those of ``session.execute(insert(table), rows)``: that path builds
        parameters row by row and, at 200,000 catchball messages, costs as much time as
        SQLite itself. Other backends keep SQLAlchemy's own batching (insertmanyvalues),
        which beats a plain executemany there.
        """
        connection = self.session.connection()
        if not self._fast():
            keys = table.c.keys()
            connection.execute(insert(table), [dict(zip(keys, row, strict=True)) for row in rows])
            return
        compiled = self._compiled.get(table.name)
        if compiled is None:
            compiled = self._compiled[table.name] = _Compiled.of(table, connection.dialect)
            # The SQL takes the values in the table's order, which is what rows hold.
            assert compiled.keys == tuple(table.c.keys()), compiled.keys
        params = rows
        if compiled.convert:
            params = []
            for row in rows:
                values = list(row)
                for i, process in compiled.convert:
                    values[i] = process(values[i])
                params.append(tuple(values))
        connection.exec_driver_sql(compiled.sql, params)

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)

    def node(self, kind: NodeKind, unit: Unit, title: str, **values: Any) -> Row:
        """A node row with the next id and code of its kind; ``values`` fill the rest."""
        self.seq[kind] += 1
        node_id = next(self.ids["nodes"])
        code = f"{kind.prefix}-{self.seq[kind]}"
        if kind is not NodeKind.KAIZEN:  # a deployed breakthrough takes its title
            self.titles[node_id] = title
            self.codes[node_id] = code
        row = dict(NODE)
        row.update(
            id=node_id,
            code=code,
            seq=self.seq[kind],
            kind=kind.value,
            unit_id=unit.id,
            year=self.as_of.year,
            title=title,
            function_id=self.functions.get(unit.function or ""),
        )
        row.update(values)
        return row

    def edge(self, kind: EdgeKind, source: int, target: int, strength: Strength | None) -> Row:
        return {
            "id": next(self.ids["edges"]),
            "kind": kind.value,
            "source_id": source,
            "target_id": target,
            "strength": strength.value if strength else None,
            "rationale": "",
        }

    def function(self, index: int) -> str:
        return self.function_names[index % len(self.function_names)]

    # -- units and people ------------------------------------------------------------------

    def write_units(self) -> list[Unit]:
        """The organisation tree, company first then level by level; returns every unit."""
        shape = self.shape
        u = TABLES["units"].c
        co_id, co_code, co_name = self.session.execute(
            select(u.id, u.code, u.name).where(u.parent_id.is_(None))
        ).one()
        company = Unit(co_id, co_code, co_name, 0, None)
        biggest = max(shape.divisions, shape.departments_per_division, shape.teams_per_department)
        width = max(2, len(str(biggest)))
        levels: list[list[Unit]] = [[company], [], [], []]
        region_order = list(range(len(REGIONS)))
        self.rng.shuffle(region_order)
        for d in range(shape.divisions):
            function = self.function(d)
            region, cities = REGIONS[region_order[d % len(REGIONS)]]
            suffix = f" {d // len(REGIONS) + 1}" if shape.divisions > len(REGIONS) else ""
            name = vocab(function).division.format(region=region) + suffix
            div = self._child(company, f"D{d + 1:0{width}d}", name, function)
            levels[1].append(div)
            for p in range(shape.departments_per_division):
                function = self.function(d + p)  # each division has its own HR, IT…
                city = cities[p % len(cities)]
                name = vocab(function).department.format(city=city)
                dep = self._child(div, f"{div.code}-{p + 1:0{width}d}", name, function)
                levels[2].append(dep)
                for t in range(shape.teams_per_department):
                    # Mostly the department's own function; now and then a support team.
                    team_function = function
                    if self.rng.random() < 0.1:
                        team_function = self.rng.choice(self.function_names)
                    teams = vocab(team_function).teams
                    name = f"Team {city} {teams[t % len(teams)]} {t // len(teams) + 1}"
                    code = f"{dep.code}-{t + 1:0{width}d}"
                    levels[3].append(self._child(dep, code, name, team_function))
        units = [unit for level in levels for unit in level]
        rows = (
            {
                "id": unit.id,
                "code": unit.code,
                "name": unit.name,
                "parent_id": unit.parent.id if unit.parent else None,
                "level": DEFAULT_LEVELS[unit.depth],
                "function_id": self.functions.get(unit.function or ""),
            }
            for unit in units[1:]
        )
        self.write("Units", "units", rows, len(units) - 1)
        return units

    def _child(self, parent: Unit, code: str, name: str, function: str) -> Unit:
        return Unit(next(self.ids["units"]), code, name, parent.depth + 1, function, parent)

    def write_people(self, units: list[Unit]) -> None:
        rows: list[Row] = []
        for unit in units:
            count = self.shape.people_per_team if unit.depth == 3 else self.shape.people_per_unit
            for _ in range(count):
                person_id = next(self.ids["people"])
                unit.people.append(person_id)
                name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                rows.append(
                    {"id": person_id, "key": f"P-{person_id}", "name": name, "unit_id": unit.id}
                )
        self.write("People", "people", rows, len(rows))


def generate_enterprise(
    location: str | Path,
    *,
    seed: int = 1,
    shape: Shape = ENTERPRISE,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Create a new plan at ``location`` (must not exist) and fill it; returns the open Plan.

    Args:
        location: a path for a new ``.hoshin`` file, or an empty database's URL.
        seed: the same seed, shape and ``as_of`` give the same plan, row for row.
        shape: how big; :data:`ENTERPRISE` is the scale of DESIGN §8.
        as_of: the day the plan is dated around (kaizen dates, actuals); today if None.
        progress: called with (stage, done, total) at each stage and each written chunk.

    Returns:
        The open plan; its graph is derived afresh on first use.

    Raises:
        PlanError: the location exists or cannot be written. On any failure a new file is
            deleted, so no half plan is left behind.
    """
    day = as_of or dt.date.today()
    plan = Plan.create(location, ORG_NAME, year=day.year)
    try:
        with plan.session() as session, session.begin():
            gen = Generator(session, shape, random.Random(seed), day, progress)
            units = gen.write_units()
            gen.write_people(units)
            matrices.write_matrices(gen, units)
            written = kaizens.write_kaizens(gen, units)
            kaizens.write_sustainment(gen, written)
            catchball.write_catchball(gen, units, written)
            target_values.write_target_values(gen)
            problems.write_problems(gen, units)
            routines.write_routines(gen, units, written)  # last: its own draws
    except BaseException:
        plan.close()
        if plan.is_file:
            storage.remove_plan_files(Path(plan.location))
        raise
    plan.reload()
    return plan


def _default(column: Any) -> Any:
    default = column.default
    return default.arg if default is not None and default.is_scalar else None
