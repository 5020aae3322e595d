"""A throw-away PostgreSQL server for the tests, on loopback, started with pg_ctl.

Debian's ``postgresql`` package provides the binaries (``make test`` installs it when it
runs as root). As root, initdb refuses to run, so the cluster belongs to the ``postgres``
system user the package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def server(password: str | None = None) -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database; stop and remove it.

    Without ``password`` every connection is trusted. With one, the role ``hoshin`` has
    that password and every connection must give it (the URL yielded includes it).
    """
    binaries = pg_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL is not installed")
    root = Path(tempfile.mkdtemp(prefix="hoshin-pg-"))
    root.chmod(0o755)
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    auth = ["-A", "trust"]
    if password is not None:
        pwfile = root / "pw"
        pwfile.write_text(password + "\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres")
        auth = ["-A", "scram-sha-256", f"--pwfile={pwfile}"]
    try:
        subprocess.run(
            _as_owner([str(binaries / "initdb"), "-D", str(data), *auth, "-U", "hoshin",
                       "-E", "UTF8", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
                       "-o", f"-p {port} -h 127.0.0.1 -k {sockets} -F", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip
        user = "hoshin" if password is None else f"hoshin:{quote(password, safe='')}"
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True, check=False,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def new_database(server_url: str) -> str:
    """An empty database on the server; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    dsn = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def drop_roles(database_url: str, names: list[str]) -> None:
    """Remove logins a test made: roles belong to the whole server, and ``hoshin db login``
    refuses a name that exists and is not the person's login already."""
    import psycopg

    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in names:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                conn.execute(f'DROP OWNED BY "{name}"')
                conn.execute(f'DROP ROLE "{name}"')
