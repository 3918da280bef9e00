#!/usr/bin/env python3
"""The heroes benchmark: every route's throughput, latency and memory beside PostgreSQL's own limit.

Run it through bench/run.sh, which installs wrk and PostgreSQL when missing and builds the jar.
Standard library only. See bench/README.md for what is measured and how.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import json
import os
import platform
import pwd
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
JAR = REPO / "target" / "heroes.jar"
# The production recipe of README.md: a small serial-GC heap, and the ahead-of-time cache that
# `./mvnw package` trains (target/heroes.aot). SERVICE_JAVA_OPTS replaces it.
DEFAULT_SERVICE_JAVA_OPTS = (f"-XX:+UseSerialGC -Xms32m -Xmx128m -XX:CICompilerCount=3 -XX:AOTCache={REPO / 'target' / 'heroes.aot'}"
                             " -Xlog:aot=error -Xlog:aot+codecache*=error")
WRK_SCRIPT = BENCH / "wrk" / "scenario.lua"
PGBENCH_DIR = BENCH / "pgbench"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# name, id, kind, pgbench scripts with weights (the limit)
SCENARIOS = [
    ("get-hero", "S1", "read", [("get-hero.sql", 1)]),
    ("list-heroes", "S2", "read", [("list-heroes.sql", 1)]),
    ("get-team", "S3", "read", [("get-team.sql", 1)]),
    ("create-hero", "S4", "write", [("create-hero.sql", 1)]),
    ("patch-hero", "S5", "write", [("patch-hero.sql", 1)]),
    ("mixed", "S6", "mixed", [("get-hero.sql", 70), ("list-heroes.sql", 10),
                              ("create-hero.sql", 10), ("patch-hero.sql", 10)]),
]
# Scenarios that add heroes: the rows they add are deleted afterwards, so that every run (and
# get-team's 100 nested heroes) sees the seeded data.
ADDS_ROWS = {"create-hero", "mixed"}
# Scenarios that only update heroes: their dead row versions are vacuumed afterwards. Otherwise the
# next window on that database inherits them (heap fetches in index-only scans, an autovacuum in the
# middle of its load), and on PostgreSQL the limit writes into the service's database, not the
# baseline's: one such window measured the service's S6 at less than half of the baseline's.
UPDATES_ROWS = {"patch-hero"}

TARGETS = {
    "read_ratio": 0.50,     # S1, S2, S3: service requests/s over the limit's
    "write_ratio": 0.40,    # S4, S5
    "p99_ms": 25.0,         # every scenario, PostgreSQL
    "write_p99_over_limit": 2.0,  # S4, S5, S6: each run's service p99 over the limit's
    "startup_s": 2.0,       # launch to the first 200 from GET /heroes/
    "rss_mib": 256.0,       # the service's peak RSS over the whole run
    "slower_than_baseline": 0.10,  # with BASELINE: requests/s at most this much below the baseline's
    "jwt_slower": 0.10,     # with JWT=1: requests/s with a JWT on every request at most this much below none
}

# JWT=1: the claims of the tokens the "jwt" side sends, and the settings that make the service check them.
JWT_ISSUER = "https://bench.heroes.invalid/"
JWT_AUDIENCE = "heroes-bench"
JWT_SCOPES = "heroes:read heroes:write teams:read teams:write"


# --------------------------------------------------------------------------------------------
# settings


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        sys.exit(f"bench: {name}={raw!r} is not a whole number")
    if value < minimum:
        sys.exit(f"bench: {name}={raw!r} must be at least {minimum}")
    return value


class Settings:
    def __init__(self) -> None:
        self.warmup = env_int("WARMUP", 10)
        self.duration = env_int("DURATION", 15, 1)
        self.connections = env_int("CONNECTIONS", 32, 1)
        self.threads = env_int("THREADS", 2, 1)
        self.runs = env_int("RUNS", 2, 1)
        self.teams = env_int("SEED_TEAMS", 100, 1)
        self.heroes_per_team = env_int("SEED_HEROES_PER_TEAM", 100, 1)
        if self.threads > self.connections:
            self.threads = self.connections
        self.databases = os.environ.get("DATABASES", "postgres sqlite").replace(",", " ").split()
        for db in self.databases:
            if db not in ("postgres", "sqlite"):
                sys.exit(f"bench: DATABASES may name postgres and sqlite, not {db!r}")
        wanted = os.environ.get("SCENARIOS", "all").replace(",", " ").split()
        if wanted in ([], ["all"]):
            self.scenarios = list(SCENARIOS)
        else:
            known = {s[0]: s for s in SCENARIOS} | {s[1].lower(): s for s in SCENARIOS}
            unknown = [w for w in wanted if w.lower() not in known]
            if unknown:
                sys.exit(f"bench: unknown scenario(s) {unknown}; use names "
                         f"({', '.join(s[0] for s in SCENARIOS)}) or S1..S6")
            chosen = {known[w.lower()][0] for w in wanted}
            self.scenarios = [s for s in SCENARIOS if s[0] in chosen]
        self.java = os.environ.get("JAVA") or shutil.which("java") or "java"
        self.java_opts = os.environ.get("SERVICE_JAVA_OPTS", DEFAULT_SERVICE_JAVA_OPTS).split()
        # BASELINE_JAVA_OPTS: other JVM options for the baseline's service (an A/B of options on one jar)
        self.baseline_java_opts = os.environ.get("BASELINE_JAVA_OPTS", "").split() or self.java_opts
        self.results_root = Path(os.environ.get("RESULTS_DIR", str(BENCH / "results"))).resolve()
        self.keep_tmp = os.environ.get("KEEP_TMP", "") not in ("", "0")
        self.pg_bin = os.environ.get("PG_BIN", "")
        # PROFILE=1: a JFR recording of the service (and of the baseline, if any) during its first
        # measured window of each scenario, summarised in profiles/ (top frames, time by library)
        self.profile = os.environ.get("PROFILE", "") not in ("", "0")
        # BASELINE (a git revision) is built by run.sh, which passes its jar and commit here.
        baseline_jar = os.environ.get("BASELINE_JAR", "")
        self.baseline_jar = Path(baseline_jar).resolve() if baseline_jar else None
        self.baseline_commit = os.environ.get("BASELINE_COMMIT", "")
        if self.baseline_jar and not self.baseline_jar.exists():
            sys.exit(f"bench: BASELINE_JAR {self.baseline_jar} does not exist")
        # JWT=1: a third side, this commit's service with authentication on (an RS256 public key) and
        # a JWT on every request, one token per connection, measured beside the same service without
        self.jwt = os.environ.get("JWT", "") not in ("", "0")
        self.full = (self.warmup >= 10 and self.duration >= 15 and self.connections == 32
                     and self.runs >= 2 and self.teams == 100 and self.heroes_per_team == 100
                     and len(self.scenarios) == len(SCENARIOS))

    def as_json(self) -> dict:
        return {
            "warmup_s": self.warmup, "duration_s": self.duration, "connections": self.connections,
            "threads": self.threads, "runs": self.runs, "databases": self.databases,
            "scenarios": [s[0] for s in self.scenarios], "seed_teams": self.teams,
            "seed_heroes_per_team": self.heroes_per_team, "service_java_opts": self.java_opts,
            "full_run": self.full, "baseline_commit": self.baseline_commit or None,
            "baseline_java_opts": self.baseline_java_opts if self.baseline_commit else None,
            "jwt_side": self.jwt,
        }

    def java_opts_for(self, jar: Path) -> list[str]:
        """The service's JVM options for `jar`: the AOT cache, if any, is the one built beside it."""
        if jar == JAR:
            return self.java_opts
        cache = jar.parent / "heroes.aot"
        opts = []
        for opt in self.baseline_java_opts:
            if opt.startswith("-XX:AOTCache="):
                if cache.exists():
                    opts.append(f"-XX:AOTCache={cache}")
            else:
                opts.append(opt)
        return opts


# --------------------------------------------------------------------------------------------
# processes: everything started is stopped at the end, whatever happens


class Cleanup:
    def __init__(self) -> None:
        self.actions: list = []

    def push(self, action) -> None:
        self.actions.append(action)

    def remove(self, action) -> None:
        if action in self.actions:
            self.actions.remove(action)

    def run(self) -> None:
        while self.actions:
            action = self.actions.pop()
            try:
                action()
            except Exception as e:  # keep cleaning up
                print(f"bench: clean-up step failed: {e}", file=sys.stderr)


CLEANUP = Cleanup()


def on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def keep_log_without_access_lines(log_file: Path, kept: Path) -> str:
    """Copies a service's log without its access lines, counted in one closing line; returns it."""
    lines, access = [], 0
    with open(log_file, errors="replace") as f:
        for line in f:
            if " heroes.access: " in line or '"event.dataset":"heroes.access"' in line:
                access += 1
            else:
                lines.append(line)
    lines.append(f"(bench: {access} access line(s) left out)\n")
    text = "".join(lines)
    kept.write_text(text)
    return text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def terminate(proc: subprocess.Popen, grace: float = 15.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_measured(cmd: list[str], out_path: Path, env: dict | None = None) -> tuple[int, float, float]:
    """Runs a load generator to its end: (exit code, wall seconds, CPU seconds it used)."""
    with open(out_path, "w") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        stop = lambda: terminate(proc, 5)  # noqa: E731
        CLEANUP.push(stop)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            CLEANUP.remove(stop)
        proc.returncode = os.waitstatus_to_exitcode(status)
        return proc.returncode, time.monotonic() - started, usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------------------------
# /proc


def stat_fields(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            data = f.read()
    except OSError:
        return None
    return data[data.rindex(")") + 2:].split()  # fields from 3 (state) on


def cpu_seconds(pid: int, with_children: bool = False) -> float:
    fields = stat_fields(pid)
    if fields is None:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if with_children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped children
    return ticks / CLK_TCK


def children(root: int) -> list[int]:
    """The live (or not yet reaped) child processes of `root`."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = stat_fields(int(entry))
            if fields is not None and int(fields[1]) == root:
                pids.append(int(entry))
    return pids


def tree_cpu_seconds(root: int) -> float:
    """CPU of a postmaster and its backends: live children, plus those already reaped.

    A child reaped while /proc is scanned would be in neither count (gone from /proc, and its CPU
    added to the postmaster's reaped total after that was read); a pool's idle connection closed
    then takes its whole life's CPU into the next window. So the scan is repeated until the
    reaped total is the same before and after it."""
    for _ in range(20):
        reaped = cpu_seconds(root, with_children=True)
        live = sum(cpu_seconds(pid) for pid in children(root))
        if cpu_seconds(root, with_children=True) == reaped:
            break
    return reaped + live


def status_kib(pid: int, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler:
    """Samples a process's resident set every 50 ms while a window runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = status_kib(self.pid, "VmRSS")
            if rss is not None:
                self.peak_kib = max(self.peak_kib, rss)
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------------------------
# PostgreSQL


class Postgres:
    def __init__(self, settings: Settings, tmp: Path) -> None:
        self.bin = Path(settings.pg_bin) if settings.pg_bin else find_pg_bin()
        self.tmp = tmp
        self.data = tmp / "pgdata"
        self.sockets = tmp / "pgsock"
        self.log_file = tmp / "postgresql.log"
        self.port = free_port()
        self.user = "heroes"
        self.password = secrets.token_hex(16)
        self.database = "heroes"
        self.os_user = None
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            self.os_user = ensure_postgres_user()
        self.settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.sockets}'",
            # Each service side may hold 31 connections (pool 10 + overflow 20, and the probe's),
            # idle overflow closing only after 10 s; with a baseline and a JWT side beside it, 100
            # left pgbench none ("too many clients").
            "max_connections": "100" if not (settings.baseline_jar and settings.jwt) else "160",
            "shared_buffers": "256MB",
            "effective_cache_size": "4GB",
            "max_wal_size": "4GB",
            "checkpoint_timeout": "30min",
            "synchronous_commit": "on",
            "fsync": "on",
            "full_page_writes": "on",
        }
        self.version = ""

    def _as_owner(self, cmd: list[str], **kw) -> subprocess.CompletedProcess:
        return subprocess.run(cmd, user=self.os_user, cwd=self.tmp, check=True,
                              capture_output=True, text=True, **kw)

    def start(self) -> None:
        self.sockets.mkdir()
        pwfile = self.tmp / "pgpass"
        pwfile.write_text(self.password + "\n")
        os.chmod(pwfile, 0o600)
        if self.os_user:
            for path in (self.tmp, self.sockets, pwfile):
                shutil.chown(path, self.os_user, self.os_user)
        self._as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-U", self.user,
                        f"--pwfile={pwfile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"])
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write("\n# heroes benchmark\n")
            for key, value in self.settings.items():
                conf.write(f"{key} = {value}\n")
        CLEANUP.push(self.stop)
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
                        "-w", "-t", "60", "start"])
        self.psql("postgres", f"CREATE DATABASE {self.database}")
        self.version = self.psql("postgres", "SHOW server_version").strip()

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        try:
            self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                            "-t", "60", "stop"])
        except subprocess.CalledProcessError:
            try:
                os.kill(self.postmaster_pid(), signal.SIGQUIT)
            except (OSError, ValueError):
                pass

    def client_env(self) -> dict:
        return dict(os.environ, PGPASSWORD=self.password, PGHOST="127.0.0.1",
                    PGPORT=str(self.port), PGUSER=self.user)

    def psql(self, database: str, sql: str) -> str:
        return subprocess.run([str(self.bin / "psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                               "-d", database, "-c", sql],
                              env=self.client_env(), check=True, capture_output=True, text=True).stdout

    def url(self, database: str | None = None) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{database or self.database}"

    def cpu(self) -> float:
        return tree_cpu_seconds(self.postmaster_pid())

    def client_backends(self) -> set[int]:
        """The backends serving a client over TCP (pgbench's or the service's pool's)."""
        pids = set()
        for pid in children(self.postmaster_pid()):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"127.0.0.1(" in f.read():
                        pids.add(pid)
            except OSError:
                pass
        return pids

    def wait_for_clients_gone(self, resident: set[int], timeout_s: float = 10.0) -> None:
        """Waits until every client backend but `resident` has exited and been reaped: a finished
        pgbench's backends exit on their own time, and one read by neither the live-children scan
        nor the postmaster's reaped-children total yet would put its CPU into the next window."""
        deadline = time.monotonic() + timeout_s
        while self.client_backends() - resident and time.monotonic() < deadline:
            time.sleep(0.02)


def find_pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not candidates:
        sys.exit("bench: no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)")
    return candidates[-1].parent


def ensure_postgres_user() -> str:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        "postgres"], check=True)
    return "postgres"


# --------------------------------------------------------------------------------------------
# the service


class Service:
    def __init__(self, settings: Settings, database_url: str, log_path: Path, cwd: Path,
                 jar: Path = JAR, extra_env: dict | None = None, token: str | None = None) -> None:
        self.settings = settings
        self.extra_env = extra_env or {}
        # the bearer token of the requests the bench itself sends (start-up poll, seeding)
        self.token = token
        self.jar = jar
        self.database_url = database_url
        self.log_path = log_path
        self.cwd = cwd
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.startup_s = 0.0

    def command(self) -> list[str]:
        # The jar's manifest grants native access; repeating it on the command line would make the
        # JVM refuse the AOT cache (its module options must match the training run's).
        return [self.settings.java, *self.settings.java_opts_for(self.jar), "-jar", str(self.jar)]

    def start(self) -> float:
        # Health and metrics on a port of their own, as shipped (a baseline without them ignores it).
        env = dict(os.environ, HOST="127.0.0.1", PORT=str(self.port), DATABASE_URL=self.database_url,
                   MANAGEMENT_PORT=str(free_port()), **self.extra_env)
        cmd = self.command()
        out = open(self.log_path, "a")
        started = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        CLEANUP.push(self.stop)
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the service exited with {self.proc.returncode} while starting;"
                                   f" see {self.log_path}")
            try:
                status, _ = http_request(self.port, "GET", "/heroes/", timeout=5, token=self.token)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - started > 120:
                raise RuntimeError(f"no 200 from GET /heroes/ within 120 s; see {self.log_path}")
            time.sleep(0.01)
        self.startup_s = time.monotonic() - started
        return self.startup_s

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is not None:
            terminate(self.proc)
            CLEANUP.remove(self.stop)

    def cpu(self) -> float:
        return cpu_seconds(self.pid)


def mode_dirs(settings: Settings, suffix: str) -> tuple[Path, Path]:
    """A bench mode's results folder (results/<stamp>-<suffix>) and a temp folder removed at exit."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    tmp = Path(tempfile.mkdtemp(prefix=f"heroes-{suffix}-"))
    os.chmod(tmp, 0o755)
    CLEANUP.push(lambda: shutil.rmtree(tmp, ignore_errors=True))
    return settings.results_root / f"{stamp}-{suffix}", tmp


def run_mode(suffix: str, measure, report, scratch: str) -> int:
    """Runs a bench mode (COLD=1, SCALE=1): `measure(settings, out, tmp)` gives its result, kept as
    `<suffix>.json` and, as `report` renders it, `<suffix>.md` in results/<stamp>-<suffix>/, whose
    `scratch` folder (its services' logs) is removed once the report is written."""
    signal.signal(signal.SIGTERM, on_signal)
    settings = Settings()
    out, tmp = mode_dirs(settings, suffix)
    try:
        result = measure(settings, out, tmp)
        (out / f"{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
        text = report(result)
        (out / f"{suffix}.md").write_text(text)
        shutil.rmtree(out / scratch, ignore_errors=True)
        print(text)
        return 0
    finally:
        CLEANUP.run()


def http_request(port: int, method: str, path: str, body: dict | None = None, timeout: float = 10,
                 conn: http.client.HTTPConnection | None = None, token: str | None = None):
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, data
    finally:
        if own:
            conn.close()


def seed(port: int, teams: int, per_team: int, token: str | None = None) -> dict:
    """Creates the teams and heroes through the API (4 keep-alive connections); returns the id ranges.

    A request that fails before any response (the connection was closed under it) is sent again on
    a new connection, and counted: a created-but-unanswered row would break the contiguity check.
    """
    started = time.monotonic()
    retries = []
    lock = threading.Lock()

    def post(conn: http.client.HTTPConnection, path: str, body: dict) -> int:
        for attempt in range(3):
            try:
                status, data = http_request(port, "POST", path, body, conn=conn, token=token)
                break
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected) as e:
                conn.close()  # http.client opens a new connection for the next request
                with lock:
                    retries.append(f"POST {path}: {type(e).__name__}: {e}")
                if attempt == 2:
                    raise
        if status != 200:
            raise RuntimeError(f"POST {path} answered {status}: {data[:200]!r}")
        return json.loads(data)["id"]

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    team_ids = [post(conn, "/teams/", {"name": f"Team {t:03d}"}) for t in range(1, teams + 1)]
    conn.close()
    work = [(team_ids[i // per_team], i) for i in range(teams * per_team)]
    hero_ids: list[int] = []
    errors: list[str] = []
    workers = 4

    def post_heroes(part):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        try:
            for team_id, i in part:
                mine.append(post(c, "/heroes/", {"name": f"Hero {i:05d}", "secret_name": f"Secret {i:05d}",
                                                 "age": 18 + i % 60, "team_id": team_id}))
        except Exception as e:
            with lock:
                errors.append(f"{type(e).__name__}: {e} (after {len(mine)} heroes on this connection)")
        finally:
            c.close()
            with lock:
                hero_ids.extend(mine)

    threads = [threading.Thread(target=post_heroes, args=(work[w::workers],)) for w in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise RuntimeError("seeding failed: " + errors[0])
    for name, ids in (("team", team_ids), ("hero", hero_ids)):
        if max(ids) - min(ids) + 1 != len(ids):
            raise RuntimeError(f"seeded {name} ids are not contiguous ({min(ids)}..{max(ids)}, {len(ids)})")
    return {"team_min": min(team_ids), "team_max": max(team_ids), "hero_min": min(hero_ids),
            "hero_max": max(hero_ids), "teams": len(team_ids), "heroes": len(hero_ids),
            "seconds": round(time.monotonic() - started, 2), "retried_requests": retries}


# --------------------------------------------------------------------------------------------
# one measured run


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class JwtIssuer:
    """An RS256 key pair made by openssl, and tokens signed with it (openssl signs: the standard
    library has no RSA). The service gets only the public key, as a deployment would."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.private_key = folder / "jwt-private.pem"
        self.public_key = folder / "jwt-public.pem"
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", str(self.private_key)], check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", str(self.private_key), "-pubout", "-out",
                        str(self.public_key)], check=True, capture_output=True)
        os.chmod(self.public_key, 0o644)

    def token(self, subject: str, lifetime_s: int = 6 * 3600) -> str:
        now = int(time.time())
        header = base64url(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
        claims = base64url(json.dumps({"iss": JWT_ISSUER, "aud": JWT_AUDIENCE, "sub": subject,
                                       "scope": JWT_SCOPES, "iat": now, "nbf": now - 60,
                                       "exp": now + lifetime_s}).encode())
        signing_input = f"{header}.{claims}".encode()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(self.private_key)],
                                   input=signing_input, check=True, capture_output=True).stdout
        return f"{header}.{claims}.{base64url(signature)}"

    def service_env(self) -> dict:
        return {"AUTH_JWT_PUBLIC_KEY_FILE": str(self.public_key), "AUTH_JWT_ISSUER": JWT_ISSUER,
                "AUTH_JWT_AUDIENCE": JWT_AUDIENCE}


def wrk_run(settings: Settings, service: Service, scenario: str, ids: dict, seconds: int,
            out_path: Path, tokens: Path | None = None) -> tuple[int, float, float, dict | None]:
    cmd = ["wrk", "-t", str(settings.threads), "-c", str(settings.connections), "-d", f"{seconds}s",
           "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{service.port}", "--", scenario,
           str(ids["hero_min"]), str(ids["hero_max"]), str(ids["team_min"]), str(ids["team_max"])]
    if tokens:
        cmd += [str(tokens), str(settings.threads)]
    rc, wall, cpu = run_measured(cmd, out_path)
    result = None
    for line in out_path.read_text(errors="replace").splitlines():
        if line.startswith("WRKJSON "):
            result = json.loads(line[len("WRKJSON "):])
    return rc, wall, cpu, result


def pgbench_cmd(settings: Settings, pg: Postgres, scripts, ids: dict, seconds: int,
                log_prefix: Path | None) -> list[str]:
    cmd = [str(pg.bin / "pgbench"), "-n", "-M", "prepared", "-c", str(settings.connections),
           "-j", str(settings.threads), "-T", str(seconds)]
    for key in ("hero_min", "hero_max", "team_min", "team_max"):
        cmd += ["-D", f"{key}={ids[key]}"]
    for script, weight in scripts:
        cmd += ["-f", f"{PGBENCH_DIR / script}@{weight}"]
    if log_prefix is not None:
        cmd += ["-l", f"--log-prefix={log_prefix}"]
    return cmd + [pg.database]


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def with_omitted_samples(latencies: list[int], interval_us: int) -> list[int]:
    """The latencies as wrk reports them: wrk 4 adds, for every request that took at least twice
    the mean interval between one connection's requests, one sample per interval it held its
    connection up (`stats_correct`, its correction for coordinated omission), before it computes
    any percentile. pgbench adds none; without the same correction a stall of one second that
    both sides suffer weighs about a hundred times more in the service's p99 than in the limit's.
    `latencies` must be sorted; so is the result."""
    if interval_us <= 0:
        return latencies
    added = []
    for n in latencies:
        if n < 2 * interval_us:
            continue
        m = n - interval_us
        while m > interval_us:
            added.append(m)
            m -= interval_us
    return sorted(latencies + added) if added else latencies


def parse_pgbench(output: str, log_files: list[Path], connections: int = 0, seconds: float = 0) -> dict:
    def number(pattern):
        m = re.search(pattern, output)
        return float(m.group(1)) if m else None

    latencies = []
    failed_in_log = 0
    for path in log_files:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    if parts[2].isdigit():
                        latencies.append(int(parts[2]))
                    else:
                        failed_in_log += 1
    latencies.sort()
    processed = number(r"number of transactions actually processed: (\d+)")
    failed = number(r"number of failed transactions: (\d+)")
    raw = latencies
    if connections and seconds and len(raw) // connections > 0:
        latencies = with_omitted_samples(raw, int(seconds * 1e6) // (len(raw) // connections))
    return {
        "tps": number(r"tps = ([\d.]+) \(without initial connection time\)"),
        "transactions": int(processed) if processed is not None else len(latencies),
        "failed": int(failed or 0) + (0 if failed is not None else failed_in_log),
        "aborted": "aborted" in output,
        "latency_us": {
            "p50": percentile(latencies, 50), "p90": percentile(latencies, 90),
            "p99": percentile(latencies, 99), "p999": percentile(latencies, 99.9),
            "max": latencies[-1] if latencies else 0,
            "mean": round(sum(latencies) / len(latencies), 1) if latencies else 0,
        },
        # as pgbench itself counts them, without wrk's added samples
        "raw_latency_us": {
            "p50": percentile(raw, 50), "p90": percentile(raw, 90),
            "p99": percentile(raw, 99), "p999": percentile(raw, 99.9),
        },
    }


class Profile:
    """A JFR recording of one measured window, sampled on CPU time (jdk.CPUTimeSample, JDK 25's
    experimental CPU-time sampler, every 1 ms of a thread's CPU time, native code included): wall-clock
    Java samples (jdk.ExecutionSample) see ten times fewer samples of virtual threads, and none in
    native code (SQLite, socket writes).

    Writes <stem>.jfr and <stem>.txt: the samples by the library of their top frame and by library
    anywhere on the stack, by activity (socket writes and reads apart, by whom), the methods most often on the stack (inclusive), and the hottest top
    frames (`jfr view cpu-time-hot-methods`), so a reader sees where the service's own CPU per
    request goes.
    """

    EVENT = "jdk.CPUTimeSample"
    JDK = ("java.", "jdk.", "sun.")
    GROUPS = [("dev.heroes.", "service (dev.heroes)"), ("org.jooq.", "jOOQ"), ("org.postgresql.", "pgjdbc"),
              ("org.sqlite.", "sqlite-jdbc"), ("com.zaxxer.hikari.", "HikariCP"), ("io.helidon.", "Helidon"),
              ("com.fasterxml.jackson.", "Jackson"), ("io.prometheus.", "Prometheus client"),
              ("io.micrometer.", "Micrometer"), ("io.vertx.", "Vert.x"), ("io.netty.", "Netty"),
              ("java.", "JDK (java.*)"), ("jdk.", "JDK (jdk.*)"), ("sun.", "JDK (sun.*)")]

    # What a sample's thread was doing, for "where each µs of a request goes": the kernel's work
    # for a message shows under the socket call of whoever sent or received it.
    SCHEDULING = ("jdk.internal.vm.Continuation.", "java.lang.VirtualThread.", "java.util.concurrent.ForkJoin",
                  "sun.nio.ch.EPoll.", "sun.nio.ch.Poller", "sun.nio.ch.EPollPoller.", "jdk.internal.misc.Unsafe.park",
                  "jdk.internal.misc.Unsafe.unpark", "java.util.concurrent.locks.LockSupport.")
    ACTIVITIES = {"pgjdbc": "pgjdbc: encode statements, decode rows", "sqlite-jdbc": "sqlite-jdbc: SQLite itself",
                  "Helidon": "HTTP: parse, route, headers (Helidon)", "Jackson": "JSON (Jackson)",
                  "service (dev.heroes)": "the service's own code", "jOOQ": "jOOQ (unit of work)",
                  "HikariCP": "pool (HikariCP)", "Prometheus client": "metrics", "Micrometer": "metrics",
                  "JDK (thread start)": "thread start"}

    @classmethod
    def activity(cls, frames: list[str], owner: str) -> str:
        top = frames[0]
        to_database = any(f.startswith(("org.postgresql.", "org.sqlite.")) for f in frames)
        if top.startswith("sun.nio.ch.SocketDispatcher.write"):
            return "socket write: statement to PostgreSQL" if to_database else "socket write: response to the client"
        if top.startswith("sun.nio.ch.SocketDispatcher.read"):
            return "socket read: PostgreSQL's reply" if to_database else "socket read: the request"
        if top.startswith(cls.SCHEDULING):
            return "virtual threads: park, unpark, poll"
        return cls.ACTIVITIES.get(owner, owner)

    def __init__(self, pid: int, stem: Path) -> None:
        self.pid = pid
        self.stem = stem
        self.jcmd = str(Path(os.environ.get("JAVA") or "java").with_name("jcmd"))
        self.jfr = str(Path(os.environ.get("JAVA") or "java").with_name("jfr"))

    def start(self) -> None:
        self.stem.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([self.jcmd, str(self.pid), "JFR.start", "name=bench", "settings=profile",
                        f"{self.EVENT}#enabled=true", f"{self.EVENT}#throttle=1ms"],
                       check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        jfr_file = self.stem.with_suffix(".jfr")
        subprocess.run([self.jcmd, str(self.pid), "JFR.stop", "name=bench", f"filename={jfr_file}"],
                       check=True, stdout=subprocess.DEVNULL)
        self.summarize()

    def summarize(self) -> None:
        """Writes <stem>.txt from <stem>.jfr; for a recording made before, in bench/: python3 -c
        'import bench, pathlib; bench.Profile(0, pathlib.Path("<dir>/postgres-get-hero-service")).summarize()'"""
        jfr_file = self.stem.with_suffix(".jfr")
        hot = subprocess.run([self.jfr, "view", "--width", "160", "cpu-time-hot-methods", str(jfr_file)],
                             capture_output=True, text=True).stdout
        printed = subprocess.run([self.jfr, "print", "--json", "--stack-depth", "96", "--events",
                                  self.EVENT, str(jfr_file)], capture_output=True, text=True).stdout
        top, owner, anywhere, inclusive, activity, samples = Counter(), Counter(), Counter(), Counter(), Counter(), 0
        for event in json.loads(printed)["recording"]["events"]:
            trace = event["values"].get("stackTrace") or {}
            frames = [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}"
                      for f in trace.get("frames") or []]
            if not frames:
                continue
            samples += 1
            top[self.group(frames[0])] += 1
            # The JDK works for whoever called it: a socket write is pgjdbc's or Helidon's.
            owned_by = next((self.group(f) for f in frames if not f.startswith(self.JDK)), "JDK (thread start)")
            owner[owned_by] += 1
            activity[self.activity(frames, owned_by)] += 1
            for group in {self.group(f) for f in frames}:
                anywhere[group] += 1
            for method in set(frames):
                inclusive[method] += 1
        lines = [f"{samples} samples ({self.EVENT}, every 1 ms of CPU time per thread)", "",
                 "| library | own, with the JDK code it calls | top frame | anywhere on the stack |",
                 "|---|---:|---:|---:|"]
        for group in sorted(set(owner) | set(top), key=lambda g: (-owner[g], -top[g])):
            lines.append(f"| {group} | {owner[group] / max(samples, 1):.1%} | {top[group] / max(samples, 1):.1%}"
                         f" | {anywhere[group] / max(samples, 1):.1%} |")
        lines += ["", "What the samples were doing (a socket call counts for whoever made it; the rest by"
                  " the library that called the JDK):", "", "| activity | samples |", "|---|---:|"]
        for name, count in activity.most_common():
            lines.append(f"| {name} | {count / max(samples, 1):.1%} |")
        lines += ["", "Methods most often on the stack (inclusive), outside the JDK:", "",
                  "| method | samples |", "|---|---:|"]
        shown = 0
        for method, count in inclusive.most_common():
            if method.startswith(self.JDK):
                continue
            lines.append(f"| {method} | {count / max(samples, 1):.1%} |")
            shown += 1
            if shown == 40:
                break
        self.stem.with_suffix(".txt").write_text("\n".join(lines) + "\n\n" + hot)

    @classmethod
    def group(cls, frame: str) -> str:
        for prefix, name in cls.GROUPS:
            if frame.startswith(prefix):
                return name
        return "other"


class Bench:
    def __init__(self, settings: Settings, out: Path, tmp: Path) -> None:
        self.s = settings
        self.out = out
        self.raw = out / "raw"
        self.raw.mkdir(parents=True)
        self.tmp = tmp
        self.jwt: JwtIssuer | None = None
        self.tokens: Path | None = None
        if settings.jwt:
            self.jwt = JwtIssuer(tmp / "jwt")
            # one token per connection (wrk's threads take them in turn), each with its own subject
            self.tokens = tmp / "jwt" / "tokens.txt"
            self.tokens.write_text("".join(self.jwt.token(f"bench-client-{i:02d}") + "\n"
                                           for i in range(settings.connections)))
            os.chmod(self.tokens, 0o644)

    def measure(self, service: Service, pg: Postgres | None, launch) -> dict:
        """Takes CPU readings around one measured window of `launch` (which runs the load)."""
        service_cpu0 = service.cpu()
        pg_cpu0 = pg.cpu() if pg else 0.0
        with RssSampler(service.pid) as rss:
            started = time.time()
            record = launch()
        service_cpu = service.cpu() - service_cpu0
        record["started_at"] = datetime.datetime.fromtimestamp(started, datetime.UTC).isoformat()
        record["cpu_s"] = {"service": round(service_cpu, 2),
                           "postgres": round(pg.cpu() - pg_cpu0, 2) if pg else None,
                           "load_generator": round(record.pop("_load_cpu"), 2)}
        record["service_rss_peak_mib"] = round(rss.peak_kib / 1024, 1)
        hwm = status_kib(service.pid, "VmHWM")
        record["service_rss_hwm_mib"] = round(hwm / 1024, 1) if hwm else None
        return record

    def service_run(self, db: str, run: int, scenario: str, service: Service, pg: Postgres | None,
                    ids: dict, side: str = "service") -> dict:
        stem = f"{db}-{scenario}-run{run}-{side}"
        tokens = self.tokens if side == "jwt" else None
        if self.s.warmup > 0:
            wrk_run(self.s, service, scenario, ids, self.s.warmup, self.raw / f"{stem}-warmup.txt", tokens)

        def launch():
            profiling = self.s.profile and run == 1
            if profiling:
                recording = Profile(service.pid, self.out / "profiles" / f"{db}-{scenario}-{side}")
                recording.start()
            rc, wall, cpu, result = wrk_run(self.s, service, scenario, ids, self.s.duration,
                                            self.raw / f"{stem}.txt", tokens)
            if profiling:
                recording.stop()
            if result is None:
                raise RuntimeError(f"wrk printed no result (exit {rc}); see {self.raw / (stem + '.txt')}")
            e = result["errors"]
            socket_errors = e["connect"] + e["read"] + e["write"] + e["timeout"]
            rps = result["requests"] / (result["duration_us"] / 1e6)
            lat = result["latency_us"]
            return {
                "side": side, "database": db, "scenario": scenario, "run": run,
                "requests": result["requests"], "requests_per_s": round(rps, 1),
                "latency_ms": {k: round(lat[k] / 1000, 3) for k in ("p50", "p90", "p99", "p999", "mean", "max")},
                "non_2xx": result["non2xx"], "non_2xx_by_status": result["non2xx_by_status"],
                "socket_errors": e, "exit_code": rc,
                "flagged": result["non2xx"] > 0 or socket_errors > 0 or rc != 0,
                "_load_cpu": cpu,
            }

        return self.measure(service, pg, launch)

    def limit_run(self, run: int, scenario: str, scripts, service: Service, pg: Postgres,
                  ids: dict) -> dict:
        stem = f"postgres-{scenario}-run{run}-limit"
        env = pg.client_env()
        resident = pg.client_backends()
        if self.s.warmup > 0:
            run_measured(pgbench_cmd(self.s, pg, scripts, ids, self.s.warmup, None),
                         self.raw / f"{stem}-warmup.txt", env)
        pg.wait_for_clients_gone(resident)
        logs = self.tmp / f"pgbench-{scenario}-{run}"
        logs.mkdir()

        def launch():
            rc, wall, cpu = run_measured(pgbench_cmd(self.s, pg, scripts, ids, self.s.duration,
                                                     logs / "log"), self.raw / f"{stem}.txt", env)
            pg.wait_for_clients_gone(resident)
            output = (self.raw / f"{stem}.txt").read_text(errors="replace")
            parsed = parse_pgbench(output, sorted(logs.iterdir()), self.s.connections, self.s.duration)
            lat = parsed["latency_us"]
            raw = parsed["raw_latency_us"]
            rps = parsed["tps"] if parsed["tps"] is not None else parsed["transactions"] / self.s.duration
            return {
                "side": "limit", "database": "postgres", "scenario": scenario, "run": run,
                "requests": parsed["transactions"], "requests_per_s": round(rps, 1),
                "latency_ms": {k: round(lat[k] / 1000, 3) for k in ("p50", "p90", "p99", "p999", "mean", "max")},
                "raw_latency_ms": {k: round(raw[k] / 1000, 3) for k in ("p50", "p90", "p99", "p999")},
                "failed_transactions": parsed["failed"], "exit_code": rc,
                "flagged": parsed["failed"] > 0 or parsed["aborted"] or rc != 0,
                "_load_cpu": cpu,
            }

        try:
            return self.measure(service, pg, launch)
        finally:
            shutil.rmtree(logs, ignore_errors=True)

    # ----------------------------------------------------------------------------------------

    def run_database(self, db: str, result: dict) -> None:
        """Measures one database, filling `result` as it goes (so that a failure keeps what was done)."""
        try:
            self._run_database(db, result)
        finally:
            log_file = self.tmp / db / "postgresql.log"
            if log_file.exists():
                shutil.copyfile(log_file, self.raw / "postgresql.log")

    def _run_database(self, db: str, result: dict) -> None:
        s = self.s
        workdir = self.tmp / db
        workdir.mkdir()
        pg = None
        # Where each side keeps its data: a PostgreSQL database name, or an SQLite file.
        stores = {}
        if db == "postgres":
            pg = Postgres(s, workdir)
            log(f"postgres: initdb and start ({pg.bin}) on 127.0.0.1:{pg.port}")
            pg.start()
            stores["service"] = pg.database
            url = pg.url()
            if s.baseline_jar:
                stores["baseline"] = pg.database + "_baseline"
                pg.psql("postgres", f"CREATE DATABASE {stores['baseline']}")
            if s.jwt:
                stores["jwt"] = pg.database + "_jwt"
                pg.psql("postgres", f"CREATE DATABASE {stores['jwt']}")
        else:
            stores["service"] = workdir / "heroes.db"
            url = f"sqlite:///{stores['service']}"
            if s.baseline_jar:
                stores["baseline"] = workdir / "baseline.db"
            if s.jwt:
                stores["jwt"] = workdir / "jwt.db"

        def reset_rows(ids: dict, store) -> None:
            """Deletes the heroes that a write scenario added, and checks that the seed is left.

            Requests still in flight when the load generator stopped may commit a moment later: the
            deletion is repeated until the count holds.
            """
            for _ in range(10):
                time.sleep(0.5)
                if delete_added(ids, store) == ids["heroes"]:
                    return
            raise RuntimeError("heroes added by a write scenario keep coming back after deletion")

        def vacuum(store) -> None:
            if pg:
                pg.psql(store, "VACUUM ANALYZE hero")
            else:
                con = sqlite3.connect(str(store), timeout=60)
                try:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    con.close()

        def delete_added(ids: dict, store) -> int:
            if pg:
                pg.psql(store, f"DELETE FROM hero WHERE id > {ids['hero_max']}")
                pg.psql(store, "VACUUM ANALYZE hero")
                left = int(pg.psql(store, "SELECT count(*) FROM hero"))
            else:
                con = sqlite3.connect(str(store), timeout=60)
                try:
                    con.execute("DELETE FROM hero WHERE id > ?", (ids["hero_max"],))
                    con.commit()
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    left = con.execute("SELECT count(*) FROM hero").fetchone()[0]
                finally:
                    con.close()
            return left

        # The services write an access line per request (hundreds of MB in a run): their logs stay in
        # the temporary folder, and raw/ keeps every other line (keep_log_without_access_lines).
        service_log = self.tmp / db / "service.log"
        service_log.parent.mkdir(parents=True, exist_ok=True)
        service = Service(s, url, service_log, workdir)
        startup = [service.start()]
        log(f"{db}: service up, first 200 after {startup[0] * 1000:.0f} ms (empty database, migrating);"
            f" seeding {s.teams} teams and {s.teams * s.heroes_per_team} heroes through the API")
        ids = seed(service.port, s.teams, s.heroes_per_team)
        result["seed"] = ids
        log(f"{db}: seeded in {ids['seconds']} s: heroes {ids['hero_min']}..{ids['hero_max']},"
            f" teams {ids['team_min']}..{ids['team_max']}")
        for retry in ids["retried_requests"]:
            log(f"{db}: seeding: the service closed a keep-alive connection under a request, sent again: {retry}")
        services = {"service": service}
        if s.baseline_jar:
            baseline_url = pg.url(stores["baseline"]) if pg else f"sqlite:///{stores['baseline']}"
            baseline = Service(s, baseline_url, self.tmp / db / "baseline.log", workdir, s.baseline_jar)
            services["baseline"] = baseline
            log(f"{db}: baseline {s.baseline_commit} up, first 200 after {baseline.start() * 1000:.0f} ms;"
                " seeding it the same way")
            baseline_ids = seed(baseline.port, s.teams, s.heroes_per_team)
            same = ("hero_min", "hero_max", "team_min", "team_max", "heroes")
            if any(baseline_ids[k] != ids[k] for k in same):
                raise RuntimeError(f"the baseline was seeded with other ids: {baseline_ids} against {ids}")
        if s.jwt:
            jwt_url = pg.url(stores["jwt"]) if pg else f"sqlite:///{stores['jwt']}"
            seeding_token = self.jwt.token("bench-seeding")
            with_jwt = Service(s, jwt_url, self.tmp / db / "jwt.log", workdir,
                               extra_env=self.jwt.service_env(), token=seeding_token)
            services["jwt"] = with_jwt
            log(f"{db}: the service with JWT authentication up, first 200 after"
                f" {with_jwt.start() * 1000:.0f} ms; seeding it the same way, with a token")
            jwt_ids = seed(with_jwt.port, s.teams, s.heroes_per_team, seeding_token)
            same = ("hero_min", "hero_max", "team_min", "team_max", "heroes")
            if any(jwt_ids[k] != ids[k] for k in same):
                raise RuntimeError(f"the jwt side was seeded with other ids: {jwt_ids} against {ids}")
        if pg:
            for store in stores.values():
                pg.psql(store, "VACUUM ANALYZE")

        runs = result["runs"]
        sides = ["service", *(["baseline"] if s.baseline_jar else []), *(["jwt"] if s.jwt else []),
                 *(["limit"] if pg else [])]
        for run in range(1, s.runs + 1):
            for name, sid, _kind, scripts in s.scenarios:
                # the order is reversed on even runs, so that drift favours no side
                order = sides if run % 2 == 1 else sides[::-1]
                for side in order:
                    if side in services:
                        r = self.service_run(db, run, name, services[side], pg, ids, side)
                        extra = f" non-2xx {r['non_2xx']}" if r["non_2xx"] else ""
                    else:
                        r = self.limit_run(run, name, scripts, service, pg, ids)
                        extra = f" failed {r['failed_transactions']}" if r["failed_transactions"] else ""
                    runs.append(r)
                    cpu = r["cpu_s"]
                    log(f"{db} run {run}/{s.runs} {sid} {name:<11} {side:<8}"
                        f" {r['requests_per_s']:>9.0f} req/s  p99 {r['latency_ms']['p99']:>7.2f} ms"
                        f"  CPU s: service {cpu['service']:.1f}"
                        + (f" postgres {cpu['postgres']:.1f}" if cpu["postgres"] is not None else "")
                        + f" {'pgbench' if side == 'limit' else 'wrk'} {cpu['load_generator']:.1f}"
                        + f"{extra}{'  FLAGGED' if r['flagged'] else ''}")
                    # the limit writes into the service's database
                    written = stores["service" if side == "limit" else side]
                    if name in ADDS_ROWS:
                        reset_rows(ids, written)
                    elif name in UPDATES_ROWS:
                        vacuum(written)

        rss_hwm = status_kib(service.pid, "VmHWM")
        rss_end = status_kib(service.pid, "VmRSS")
        for each in services.values():
            each.stop()
        # more start-ups, on the migrated and seeded database, for a median
        for _ in range(s.runs):
            again = Service(s, url, service_log, workdir)
            startup.append(again.start())
            again.stop()
        log(f"{db}: start-up to first 200: {', '.join(f'{x * 1000:.0f} ms' for x in startup)}")
        log_text = keep_log_without_access_lines(service_log, self.raw / f"service-{db}.log")
        if s.baseline_jar:
            keep_log_without_access_lines(self.tmp / db / "baseline.log", self.raw / f"baseline-{db}.log")
        if s.jwt:
            keep_log_without_access_lines(self.tmp / db / "jwt.log", self.raw / f"jwt-{db}.log")
        service_errors = [line for line in log_text.splitlines()
                          if re.search(r"\b(ERROR|SEVERE|Exception)\b", line)]
        result.update({
            "database_version": pg.version if pg else sqlite_version(),
            "postgres_settings": pg.settings if pg else None,
            "startup_s": [round(x, 3) for x in startup],
            "service_rss_hwm_mib": round(rss_hwm / 1024, 1) if rss_hwm else None,
            "service_rss_end_mib": round(rss_end / 1024, 1) if rss_end else None,
            "service_log_error_lines": len(service_errors),
            "service_log_error_sample": service_errors[:10],
        })
        if pg:
            pg.stop()
            CLEANUP.remove(pg.stop)


def sqlite_version() -> str:
    jar = next((REPO / "target" / "libs").glob("sqlite-jdbc-*.jar"), None)
    return f"sqlite-jdbc {jar.stem.removeprefix('sqlite-jdbc-')}" if jar else "sqlite-jdbc"


# --------------------------------------------------------------------------------------------
# summary, markdown and chart


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(settings: Settings, databases: list[dict]) -> dict:
    summary = {}
    for db in databases:
        rows = []
        for name, sid, kind, _ in settings.scenarios:
            row = {"scenario": name, "id": sid, "kind": kind}
            for side in ("service", "limit", "baseline", "jwt"):
                rs = [r for r in db["runs"] if r["scenario"] == name and r["side"] == side]
                if not rs:
                    continue
                row[side] = {
                    "runs": len(rs),
                    "requests_per_s": median([r["requests_per_s"] for r in rs]),
                    "latency_ms": {k: median([r["latency_ms"][k] for r in rs]) for k in ("p50", "p90", "p99")},
                    "cpu_s": {k: median([r["cpu_s"][k] for r in rs])
                              for k in ("service", "postgres", "load_generator")},
                    "non_2xx": sum(r.get("non_2xx", 0) for r in rs),
                    "failed": sum(r.get("failed_transactions", 0) for r in rs),
                    "flagged_runs": sum(1 for r in rs if r["flagged"]),
                    "service_rss_peak_mib": max(r["service_rss_peak_mib"] for r in rs),
                }
            if "service" in row and "limit" in row and row["limit"]["requests_per_s"]:
                row["ratio"] = round(row["service"]["requests_per_s"] / row["limit"]["requests_per_s"], 3)
                # each run's service p99 against the limit's of the same rotation
                by_run = {}
                for r in db["runs"]:
                    if r["scenario"] == name and r["side"] in ("service", "limit"):
                        by_run.setdefault(r["run"], {})[r["side"]] = r["latency_ms"]["p99"]
                row["p99_over_limit"] = [round(v["service"] / v["limit"], 2) for _, v in sorted(by_run.items())
                                         if "service" in v and v.get("limit")]
            if "service" in row and "baseline" in row and row["baseline"]["requests_per_s"]:
                row["change"] = round(row["service"]["requests_per_s"] / row["baseline"]["requests_per_s"] - 1, 3)
            if "service" in row and "jwt" in row and row["service"]["requests_per_s"]:
                row["jwt_change"] = round(row["jwt"]["requests_per_s"] / row["service"]["requests_per_s"] - 1, 3)
            rows.append(row)
        rss_peaks = [r["service_rss_peak_mib"] for r in db["runs"] if r["side"] != "baseline"] \
            + [db["service_rss_hwm_mib"] or 0]
        summary[db["database"]] = {
            "scenarios": rows,
            "startup_s": {"median": round(median(db["startup_s"]), 3), "max": max(db["startup_s"]),
                          "samples": len(db["startup_s"])},
            "service_rss_peak_mib": max(rss_peaks),
            "flagged_runs": sum(1 for r in db["runs"] if r["flagged"]),
        }
    return summary


def evaluate_targets(summary: dict) -> list[dict]:
    checks = []
    for name, db in summary.items():
        for row in db["scenarios"]:
            if "change" in row:
                checks.append({"target": f"{row['id']} {row['scenario']} ({name}): at most"
                                         f" {TARGETS['slower_than_baseline']:.0%} slower than the baseline",
                               "measured": f"{row['change']:+.1%}",
                               "met": row["change"] >= -TARGETS["slower_than_baseline"]})
    for name, db in summary.items():
        for row in db["scenarios"]:
            if "jwt_change" in row:
                checks.append({"target": f"{row['id']} {row['scenario']} ({name}): with a JWT on every request"
                                         f" at most {TARGETS['jwt_slower']:.0%} slower than without",
                               "measured": f"{row['jwt_change']:+.1%}",
                               "met": row["jwt_change"] >= -TARGETS["jwt_slower"]})
    pg = summary.get("postgres")
    if not pg:
        return checks
    for row in pg["scenarios"]:
        if "ratio" in row and row["kind"] in ("read", "write"):
            goal = TARGETS["read_ratio"] if row["kind"] == "read" else TARGETS["write_ratio"]
            checks.append({"target": f"{row['id']} {row['scenario']}: service/limit >= {goal:.0%}",
                           "measured": f"{row['ratio']:.0%}", "met": row["ratio"] >= goal})
    for row in pg["scenarios"]:
        if row.get("p99_over_limit") and row["kind"] in ("write", "mixed"):
            ratios = row["p99_over_limit"]
            checks.append({"target": f"{row['id']} {row['scenario']}: p99 <= {TARGETS['write_p99_over_limit']:.0f}x"
                                     " the limit's, in every run",
                           "measured": " / ".join(f"{r:.2f}x" for r in ratios),
                           "met": max(ratios) <= TARGETS["write_p99_over_limit"]})
    for row in pg["scenarios"]:
        if "service" in row:
            p99 = row["service"]["latency_ms"]["p99"]
            checks.append({"target": f"{row['id']} {row['scenario']}: p99 <= {TARGETS['p99_ms']:.0f} ms",
                           "measured": f"{p99:.1f} ms", "met": p99 <= TARGETS["p99_ms"]})
    start = pg["startup_s"]
    checks.append({"target": f"start-up to first 200 <= {TARGETS['startup_s']:.0f} s (median)",
                   "measured": f"{start['median'] * 1000:.0f} ms (max {start['max'] * 1000:.0f} ms)",
                   "met": start["median"] <= TARGETS["startup_s"]})
    for name, db in summary.items():
        checks.append({"target": f"peak RSS <= {TARGETS['rss_mib']:.0f} MiB ({name})",
                       "measured": f"{db['service_rss_peak_mib']:.0f} MiB",
                       "met": db["service_rss_peak_mib"] <= TARGETS["rss_mib"]})
    for name, db in summary.items():
        checks.append({"target": f"no non-2xx, socket error or failed transaction ({name})",
                       "measured": f"{db['flagged_runs']} flagged run(s)", "met": db["flagged_runs"] == 0})
    return checks


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


DB_TITLES = {"postgres": "PostgreSQL", "sqlite": "SQLite (embedded default)"}


def markdown(result: dict) -> str:
    meta, settings, summary = result["meta"], result["settings"], result["summary"]
    lines = [f"# Heroes benchmark, {meta['finished_at'][:16].replace('T', ' ')} UTC", ""]
    if not settings["full_run"]:
        lines += ["> **Not a full run**: shorter or smaller than the issue's parameters"
                  " (10 s warm-up, 15 s measured, 32 connections, 2 runs, 100 teams of 100 heroes,"
                  " all scenarios). Its figures say little.", ""]
    lines += [
        f"Commit `{meta['commit']}`{' (with uncommitted changes)' if meta['dirty'] else ''};"
        f" {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['memory_gib']} GiB; {meta['java']};"
        f" {meta['postgres'] or 'no PostgreSQL'}; {meta['wrk']}.",
        "",
        f"Each figure is the median of {settings['runs']} run(s) of {settings['duration_s']} s, each after"
        f" {settings['warmup_s']} s of warm-up, at {settings['connections']} connections"
        f" ({settings['threads']} load-generator threads). Service, database and load generator share"
        f" the machine's CPUs. Latencies in ms; CPU in seconds over the measured window. Both sides'"
        f" percentiles are counted as wrk counts them: wrk adds, for a request slower than twice the"
        f" mean interval of a connection, one sample per interval it held the connection up, and the"
        f" limit's pgbench logs get the same samples (`raw_latency_ms` in `results.json` has them"
        f" without).",
        "",
        "![requests/s per scenario, service beside the limit](chart.png)",
        "",
    ]
    for db, s in summary.items():
        lines += [f"## {DB_TITLES.get(db, db)}", ""]
        has_limit = any("limit" in row for row in s["scenarios"])
        if has_limit:
            lines += ["| scenario | service req/s | limit req/s | service/limit | p50 | p90 | p99 | limit p99"
                      " | non-2xx | CPU service / postgres / wrk | limit CPU postgres / pgbench | peak RSS MiB |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        else:
            lines += ["| scenario | service req/s | p50 | p90 | p99 | non-2xx | CPU service / wrk | peak RSS MiB |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for row in s["scenarios"]:
            sv = row.get("service")
            lm = row.get("limit")
            if not sv:
                continue
            flag = " ⚠" if sv["flagged_runs"] else ""
            lat = sv["latency_ms"]
            cpu = sv["cpu_s"]
            if has_limit:
                lcpu = lm["cpu_s"] if lm else {}
                lines.append(
                    f"| {row['id']} {row['scenario']} | {fmt(sv['requests_per_s'])}"
                    f" | {fmt(lm['requests_per_s']) if lm else '–'}{' ⚠' if lm and lm['flagged_runs'] else ''}"
                    f" | {fmt(row['ratio'] * 100 if 'ratio' in row else None, 0, '%')}"
                    f" | {fmt(lat['p50'], 2)} | {fmt(lat['p90'], 2)} | {fmt(lat['p99'], 2)}"
                    f" | {fmt(lm['latency_ms']['p99'], 2) if lm else '–'}"
                    f" | {sv['non_2xx']}{flag}"
                    f" | {fmt(cpu['service'], 1)} / {fmt(cpu['postgres'], 1)} / {fmt(cpu['load_generator'], 1)}"
                    f" | {fmt(lcpu.get('postgres'), 1)} / {fmt(lcpu.get('load_generator'), 1)}"
                    f" | {fmt(sv['service_rss_peak_mib'])} |")
            else:
                lines.append(
                    f"| {row['id']} {row['scenario']} | {fmt(sv['requests_per_s'])}"
                    f" | {fmt(lat['p50'], 2)} | {fmt(lat['p90'], 2)} | {fmt(lat['p99'], 2)}"
                    f" | {sv['non_2xx']}{flag}"
                    f" | {fmt(cpu['service'], 1)} / {fmt(cpu['load_generator'], 1)}"
                    f" | {fmt(sv['service_rss_peak_mib'])} |")
        if has_limit:
            lines += cpu_per_request_table(s["scenarios"], settings["duration_s"])
        baseline_rows = [row for row in s["scenarios"] if "change" in row]
        if baseline_rows:
            lines += ["", f"Against the baseline, commit `{settings['baseline_commit']}`, run in the same"
                      " windows' rotation on a database of its own, seeded alike:", "",
                      "| scenario | baseline req/s | service req/s | change | baseline p99 | service p99 |",
                      "|---|---:|---:|---:|---:|---:|"]
            for row in baseline_rows:
                lines.append(
                    f"| {row['id']} {row['scenario']} | {fmt(row['baseline']['requests_per_s'])}"
                    f" | {fmt(row['service']['requests_per_s'])} | {row['change']:+.1%}"
                    f" | {fmt(row['baseline']['latency_ms']['p99'], 2)} | {fmt(row['service']['latency_ms']['p99'], 2)} |")
        jwt_rows = [row for row in s["scenarios"] if "jwt_change" in row]
        if jwt_rows:
            lines += ["", "With authentication on and a JWT (RS256) on every request, one token per connection,"
                      " against the same service without (same rotation, a database of its own):", "",
                      "| scenario | no auth req/s | JWT req/s | change | no auth p99 | JWT p99 | CPU s no auth / JWT |",
                      "|---|---:|---:|---:|---:|---:|---:|"]
            for row in jwt_rows:
                lines.append(
                    f"| {row['id']} {row['scenario']} | {fmt(row['service']['requests_per_s'])}"
                    f" | {fmt(row['jwt']['requests_per_s'])} | {row['jwt_change']:+.1%}"
                    f" | {fmt(row['service']['latency_ms']['p99'], 2)} | {fmt(row['jwt']['latency_ms']['p99'], 2)}"
                    f" | {fmt(row['service']['cpu_s']['service'], 1)} / {fmt(row['jwt']['cpu_s']['service'], 1)} |")
        st = s["startup_s"]
        lines += ["", f"Start-up to the first 200: median {st['median'] * 1000:.0f} ms, max {st['max'] * 1000:.0f} ms"
                  f" ({st['samples']} starts, the first on an empty database). Peak RSS of the service:"
                  f" {s['service_rss_peak_mib']:.0f} MiB.", ""]
        if not has_limit and db != "postgres":
            lines += ["No limit here: pgbench speaks only PostgreSQL.", ""]
    db_errors = [d for d in result["databases"] if d["service_log_error_lines"]]
    for d in db_errors:
        lines += [f"The service logged {d['service_log_error_lines']} error line(s) on {d['database']};"
                  f" see raw/service-{d['database']}.log in raw.tar.gz.", ""]
    if result["targets"]:
        lines += ["## Targets (ratios to the limit and to the baseline measured in the same run)", "",
                  "| target | measured | met |", "|---|---|---|"]
        for t in result["targets"]:
            lines.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |")
        lines.append("")
    lines += ["Files: `results.json` (every run), `chart.png`, `raw.tar.gz` (wrk and pgbench output, service"
              " and PostgreSQL logs). How it is measured: [bench/README.md](../../README.md).", ""]
    return "\n".join(lines)


def cpu_per_request_table(scenarios: list[dict], duration_s: float) -> list[str]:
    """CPU per request in µs, each side's processes apart: on cores the service, PostgreSQL and
    the load generator share, a side's rate is at most the cores over its CPU per request, so
    the ratio of the two sides' totals is the service/limit ratio the CPU alone allows."""
    def per_request(side: dict, key: str) -> float | None:
        cpu = side["cpu_s"].get(key)
        served = side["requests_per_s"] * duration_s
        return cpu / served * 1e6 if cpu is not None and served else None

    lines = ["", "CPU per request in µs (median CPU over median requests of the windows); `by CPU` is the"
             " limit's total over the service's, the service/limit ratio the shared cores allow:", "",
             "| scenario | service | postgres | wrk | total | limit: postgres | pgbench | total | by CPU |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in scenarios:
        sv, lm = row.get("service"), row.get("limit")
        if not sv or not lm:
            continue
        mine = [per_request(sv, k) for k in ("service", "postgres", "load_generator")]
        theirs = [per_request(lm, k) for k in ("postgres", "load_generator")]
        if None in mine or None in theirs:
            continue
        lines.append(f"| {row['id']} {row['scenario']} | " + " | ".join(fmt(v) for v in mine)
                     + f" | {fmt(sum(mine))} | " + " | ".join(fmt(v) for v in theirs)
                     + f" | {fmt(sum(theirs))} | {fmt(sum(theirs) / sum(mine) * 100, 0, '%')} |")
    return lines


def chart_input(summary: dict) -> str:
    lines = []
    for db, s in summary.items():
        for row in s["scenarios"]:
            if "service" not in row:
                continue
            limit = row.get("limit", {}).get("requests_per_s")
            target = {"read": TARGETS["read_ratio"], "write": TARGETS["write_ratio"]}.get(row["kind"])
            lines.append("\t".join([DB_TITLES.get(db, db), f"{row['id']} {row['scenario']}",
                                    f"{row['service']['requests_per_s']:.1f}",
                                    f"{limit:.1f}" if limit else "-",
                                    f"{target}" if limit and target else "-"]))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------


def command_output(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine_meta(settings: Settings) -> dict:
    cpu_model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = 0
    try:
        mem_kib = int(open("/proc/meminfo").readline().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    java = subprocess.run([settings.java, "-version"], capture_output=True, text=True).stderr.splitlines()
    wrk = command_output(["wrk", "-v"]).splitlines()
    return {
        "commit": command_output(["git", "-C", str(REPO), "rev-parse", "--short=12", "HEAD"]) or "unknown",
        "dirty": bool(command_output(["git", "-C", str(REPO), "status", "--porcelain", "--", "src", "pom.xml"])),
        "cpus": os.cpu_count(), "cpu_model": cpu_model, "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(), "os": command_output(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "java": java[1] if len(java) > 1 else (java[0] if java else ""),
        "wrk": wrk[0].split(" Copyright")[0] if wrk else "wrk",
        "tmp_filesystem": command_output(["stat", "-f", "-c", "%T", tempfile.gettempdir()]),
        "postgres": None,
        "env": {k: v for k, v in os.environ.items() if k.startswith("DB_POOL_")},
    }


def main() -> int:
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    settings = Settings()
    if not JAR.exists():
        sys.exit(f"bench: {JAR} is missing; build it (bench/run.sh does)")
    for tool in ("wrk",):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (apt-get install {tool}; bench/run.sh does)")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = settings.results_root / stamp
    tmp = Path(tempfile.mkdtemp(prefix="heroes-bench-"))
    os.chmod(tmp, 0o755)
    if not settings.keep_tmp:
        CLEANUP.push(lambda: shutil.rmtree(tmp, ignore_errors=True))
    else:
        log(f"keeping {tmp}")
    result = {"settings": settings.as_json(), "targets_defined": TARGETS, "databases": []}
    try:
        meta = machine_meta(settings)
        result["meta"] = meta
        windows = (settings.warmup + settings.duration) * settings.runs * len(settings.scenarios)
        services = 1 + (1 if settings.baseline_jar else 0) + (1 if settings.jwt else 0)
        estimate = windows * (services + 1 if "postgres" in settings.databases else 0) \
            + windows * (services if "sqlite" in settings.databases else 0)
        log(f"results go to {out}; about {estimate // 60} min {estimate % 60} s of load"
            f" plus set-up ({meta['cpus']} CPUs, commit {meta['commit']}"
            + (f", baseline {settings.baseline_commit}" if settings.baseline_jar else "") + ")")
        bench = Bench(settings, out, tmp)
        for db in settings.databases:
            entry = {"database": db, "runs": []}
            result["databases"].append(entry)
            bench.run_database(db, entry)
            if db == "postgres":
                meta["postgres"] = "PostgreSQL " + result["databases"][-1]["database_version"]
        meta["finished_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        result["summary"] = summarize(settings, result["databases"])
        result["targets"] = evaluate_targets(result["summary"])
        (out / "results.json").write_text(json.dumps(result, indent=2) + "\n")
        (out / "results.md").write_text(markdown(result))
        (tmp / "chart.tsv").write_text(chart_input(result["summary"]))
        title = f"Heroes: requests/s per scenario ({settings.connections} connections, median of" \
                f" {settings.runs} x {settings.duration} s{'' if settings.full else ', NOT a full run'})"
        chart = subprocess.run([settings.java, "-Djava.awt.headless=true", str(BENCH / "Chart.java"),
                                str(tmp / "chart.tsv"), str(out / "chart.png"), title],
                               capture_output=True, text=True)
        if chart.returncode != 0:
            print(chart.stdout + chart.stderr, file=sys.stderr)
            raise RuntimeError("drawing the chart failed")
        # raw/ is hundreds of small files that only a question about one window needs: one file.
        with tarfile.open(out / "raw.tar.gz", "w:gz") as archive:
            archive.add(out / "raw", arcname="raw")
        shutil.rmtree(out / "raw")
        latest = settings.results_root / "latest"
        if latest.is_symlink() or latest.is_file():
            latest.unlink()
        elif latest.exists():
            shutil.rmtree(latest)
        shutil.copytree(out, latest, ignore=shutil.ignore_patterns("raw.tar.gz"))
        print()
        print((out / "results.md").read_text())
        log(f"wrote {out} (and a copy in {latest})")
        flagged = sum(s["flagged_runs"] for s in result["summary"].values())
        if flagged:
            log(f"{flagged} run(s) flagged: non-2xx responses, socket errors or failed transactions")
        return 0
    except (KeyboardInterrupt, Exception) as e:
        interrupted = isinstance(e, KeyboardInterrupt)
        print(f"\nbench: {'interrupted' if interrupted else f'failed: {e}'}; stopping everything", file=sys.stderr)
        if out.exists():
            (out / "partial-results.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
            print(f"bench: what was measured is in {out / 'partial-results.json'}", file=sys.stderr)
        return 130 if interrupted else 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        CLEANUP.run()


if __name__ == "__main__":
    sys.exit(main())
