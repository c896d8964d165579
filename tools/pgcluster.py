"""Find a PostgreSQL server for the harness, or start a private one.

Order: an explicitly configured server (PGHOST/PGPORT), then a server already
answering on 127.0.0.1:5432, then a private cluster kept under the repository's
ignored ``.cache/postgres`` that listens on a unix socket only. Only a cluster
this module started is stopped again.
"""

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(REPO, ".cache", "postgres")
PRIVATE_PORT = "5432"


@dataclass
class Server:
    """Connection settings handed to Odoo (``--db_host`` and friends)."""

    host: str
    port: str
    user: str
    password: str
    started: bool = False
    datadir: str = ""

    def odoo_args(self):
        args = [f"--db_host={self.host}", f"--db_port={self.port}", f"--db_user={self.user}"]
        if self.password:
            args.append(f"--db_password={self.password}")
        return args

    def env(self):
        env = dict(os.environ, PGHOST=self.host, PGPORT=self.port, PGUSER=self.user)
        if self.password:
            env["PGPASSWORD"] = self.password
        env.setdefault("PGDATABASE", "postgres")
        return env

    def database_exists(self, name):
        """Whether the server has a database called ``name``."""
        out = subprocess.run(
            ["psql", "-At", "-v", f"name={name}"],
            input="SELECT 1 FROM pg_database WHERE datname = :'name';",
            env=self.env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip() == "1"


def _bindir():
    """Directory of initdb/pg_ctl: pg_config's, else Debian's newest."""
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0 and os.path.exists(os.path.join(out.stdout.strip(), "initdb")):
            return out.stdout.strip()
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if candidates:
        return candidates[-1]
    if shutil.which("initdb"):
        return os.path.dirname(shutil.which("initdb"))
    raise SystemExit(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install PostgreSQL >= 13 "
        "(Debian: apt-get install postgresql) or point PGHOST/PGPORT at a running server."
    )


def _answers(host, port):
    isready = shutil.which("pg_isready") or os.path.join(_bindir(), "pg_isready")
    result = subprocess.run(
        [isready, "-q", "-h", host, "-p", port, "-t", "3"], check=False, capture_output=True
    )
    return result.returncode == 0


def _as_owner(cmd, owner):
    """Run a server command as the cluster owner (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", owner, "--", *cmd]


def _private_paths():
    """Cache directory of the private cluster; a temp one if its owner cannot reach it."""
    os.makedirs(CACHE, exist_ok=True)
    if os.geteuid() != 0:
        return CACHE, pwd.getpwuid(os.geteuid()).pw_name
    owner = "postgres"
    try:
        pwd.getpwnam(owner)
    except KeyError as exc:
        raise SystemExit(
            "Running as root needs a 'postgres' system user to own the private cluster."
        ) from exc
    probe = subprocess.run(["runuser", "-u", owner, "--", "test", "-x", CACHE], check=False)
    if probe.returncode != 0:
        return os.path.join(tempfile.gettempdir(), "crm_customer_info_pg"), owner
    return CACHE, owner


def ensure():
    """Return a usable Server, starting a private cluster when nothing answers."""
    user = os.environ.get("PGUSER", "odoo")
    password = os.environ.get("PGPASSWORD", "odoo")
    if os.environ.get("PGHOST"):
        host, port = os.environ["PGHOST"], os.environ.get("PGPORT", "5432")
        if not _answers(host, port):
            raise SystemExit(f"PGHOST={host} PGPORT={port} is set but no server answers there.")
        return Server(host, port, user, password)
    if _answers("127.0.0.1", "5432"):
        return Server("127.0.0.1", "5432", user, password)
    return _start_private(user)


def _start_private(user):
    base, owner = _private_paths()
    datadir = os.path.join(base, "data")
    sockdir = base
    bindir = _bindir()
    os.makedirs(base, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(base, owner)
    if _answers(sockdir, PRIVATE_PORT):
        return Server(sockdir, PRIVATE_PORT, user, "", started=False, datadir=datadir)
    if not os.path.exists(os.path.join(datadir, "PG_VERSION")):
        subprocess.run(
            _as_owner(
                [
                    os.path.join(bindir, "initdb"),
                    "-D",
                    datadir,
                    "-U",
                    user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                owner,
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{sockdir}' -p {PRIVATE_PORT}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    subprocess.run(
        _as_owner(
            [
                os.path.join(bindir, "pg_ctl"),
                "-D",
                datadir,
                "-l",
                os.path.join(base, "server.log"),
                "-o",
                options,
                "-w",
                "start",
            ],
            owner,
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return Server(sockdir, PRIVATE_PORT, user, "", started=True, datadir=datadir)


def stop(server):
    """Stop the private cluster if, and only if, this process started it."""
    if not server.started:
        return
    owner = pwd.getpwuid(os.stat(server.datadir).st_uid).pw_name
    subprocess.run(
        _as_owner(
            [os.path.join(_bindir(), "pg_ctl"), "-D", server.datadir, "-m", "fast", "-w", "stop"],
            owner,
        ),
        check=False,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def running():
    """Context manager: a server for the duration of the block."""
    server = ensure()
    try:
        yield server
    finally:
        stop(server)


def down():
    """Stop the private cluster left running by ``up`` (a no-op when none runs)."""
    base, _owner = _private_paths()
    datadir = os.path.join(base, "data")
    if os.path.exists(os.path.join(datadir, "PG_VERSION")) and _answers(base, PRIVATE_PORT):
        stop(Server(base, PRIVATE_PORT, "", "", started=True, datadir=datadir))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["down"]:
        down()
    else:
        srv = ensure()
        print(f"PostgreSQL ready at {srv.host}:{srv.port} (user {srv.user})")
