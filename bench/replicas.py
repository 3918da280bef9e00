#!/usr/bin/env python3
"""REPLICAS=1 bash bench/run.sh: reads from standbys, and writes through PgBouncer, on this machine.

One PostgreSQL primary and two streaming standbys (pg_basebackup from Debian's PostgreSQL), seeded
once through the API; then, for each setup, a fresh service instance measured by wrk at CONNECTIONS
(32) for DURATION (15) seconds, after WARMUP (10), RUNS (2) times, in turn:

- get-hero and list-heroes with every read on the primary, then with DATABASE_READ_URL naming both
  standbys (reads without a token: the standbys serve them all while within DB_READ_MAX_LAG);
- create-hero and get-hero straight to the primary, then through Debian's PgBouncer (1.18) in
  transaction mode with DB_POOLER=transaction.

The report gives requests/s and p99 per setup, and the CPU seconds of the service, the primary and
each standby: on one machine of 2 shared cores the standbys take their CPU from the primary and
the service, so what it shows is the cost of routing, not the capacity that more machines add.
Results in results/<stamp>-replicas/ (replicas.json, replicas.md).
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the benchmark's machinery: PostgreSQL, the service, the seed, wrk)

PGBOUNCER = Path("/usr/sbin/pgbouncer")


class Standby:
    """A streaming hot standby of `primary`, made with pg_basebackup -R."""

    def __init__(self, primary: bench.Postgres, tmp: Path, name: str) -> None:
        self.primary = primary
        self.name = name
        self.tmp = tmp
        self.data = tmp / "pgdata"
        self.sockets = tmp / "pgsock"
        self.log_file = tmp / "postgresql.log"
        self.port = bench.free_port()

    def start(self) -> None:
        self.tmp.mkdir()
        self.sockets.mkdir()
        if self.primary.os_user:
            for path in (self.tmp, self.sockets):
                shutil.chown(path, self.primary.os_user, self.primary.os_user)
        env = self.primary.client_env()
        subprocess.run([str(self.primary.bin / "pg_basebackup"), "-D", str(self.data), "-R", "-X", "stream",
                        "-c", "fast", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", self.primary.user],
                       user=self.primary.os_user, cwd=self.tmp, env=env, check=True, capture_output=True, text=True)
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\n# standby {self.name}\nport = {self.port}\nunix_socket_directories = '{self.sockets}'\n"
                       "hot_standby = on\n")
        bench.CLEANUP.push(self.stop)
        subprocess.run([str(self.primary.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_file),
                        "-w", "-t", "60", "start"], user=self.primary.os_user, cwd=self.tmp, check=True,
                       capture_output=True, text=True)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([str(self.primary.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                           user=self.primary.os_user, cwd=self.tmp, capture_output=True)

    def url(self) -> str:
        p = self.primary
        return f"postgresql://{p.user}:{p.password}@127.0.0.1:{self.port}/{p.database}"

    def cpu(self) -> float:
        return bench.tree_cpu_seconds(int((self.data / "postmaster.pid").read_text().split()[0]))

    def replay_lag_bytes(self) -> int:
        p = self.primary
        out = subprocess.run([str(p.bin / "psql"), "-X", "-q", "-t", "-A", "-h", "127.0.0.1", "-p", str(self.port),
                              "-U", p.user, "-d", p.database, "-c", "SELECT pg_last_wal_replay_lsn()::text"],
                             env=p.client_env(), check=True, capture_output=True, text=True).stdout.strip()
        primary_at = p.psql(p.database, "SELECT pg_current_wal_lsn()::text").strip()

        def lsn(text: str) -> int:
            high, low = text.split("/")
            return int(high, 16) << 32 | int(low, 16)
        return lsn(primary_at) - lsn(out)


class PgBouncer:
    """Debian's PgBouncer in transaction mode in front of `primary`."""

    def __init__(self, primary: bench.Postgres, tmp: Path) -> None:
        self.primary = primary
        self.tmp = tmp
        self.port = bench.free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.tmp.mkdir()
        p = self.primary
        (self.tmp / "userlist.txt").write_text(f'"{p.user}" "{p.password}"\n')
        (self.tmp / "pgbouncer.ini").write_text(f"""[databases]
{p.database} = host=127.0.0.1 port={p.port} dbname={p.database}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {self.port}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = {self.tmp / 'userlist.txt'}
pool_mode = transaction
ignore_startup_parameters = extra_float_digits
server_reset_query =
max_client_conn = 200
default_pool_size = 30
""")
        if p.os_user:
            for path in (self.tmp, self.tmp / "userlist.txt", self.tmp / "pgbouncer.ini"):
                shutil.chown(path, p.os_user, p.os_user)
        out = open(self.tmp / "pgbouncer.log", "a")
        self.proc = subprocess.Popen([str(PGBOUNCER), str(self.tmp / "pgbouncer.ini")], user=p.os_user,
                                     cwd=self.tmp, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        bench.CLEANUP.push(self.stop)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                import socket
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"PgBouncer did not listen; see {self.tmp / 'pgbouncer.log'}")

    def url(self) -> str:
        p = self.primary
        return f"postgresql://{p.user}:{p.password}@127.0.0.1:{self.port}/{p.database}"

    def cpu(self) -> float:
        return bench.cpu_seconds(self.proc.pid) if self.proc else 0.0

    def stop(self) -> None:
        if self.proc is not None:
            bench.terminate(self.proc)
            self.proc = None


def measure(settings: bench.Settings, service: bench.Service, scenario: str, ids: dict, raw: Path,
            label: str, others: dict) -> dict:
    """WARMUP then RUNS windows of wrk: requests/s, p99, and CPU seconds of each process."""
    bench.wrk_run(settings, service, scenario, ids, settings.warmup, raw / f"{label}-{scenario}-warmup.txt")
    runs = []
    for run in range(settings.runs):
        before = {"service": service.cpu(), **{name: cpu() for name, cpu in others.items()}}
        rc, _, _, result = bench.wrk_run(settings, service, scenario, ids, settings.duration,
                                         raw / f"{label}-{scenario}-{run + 1}.txt")
        if result is None:
            raise RuntimeError(f"wrk printed no result (exit {rc})")
        after = {"service": service.cpu(), **{name: cpu() for name, cpu in others.items()}}
        seconds = result["duration_us"] / 1e6
        runs.append({"rps": round((result["requests"] - result["non2xx"]) / seconds, 1),
                     "non2xx": result["non2xx"], "p99_ms": round(result["latency_us"]["p99"] / 1000, 2),
                     "cpu_s": {name: round(after[name] - before[name], 1) for name in after}})
        bench.log(f"{label} {scenario} run {run + 1}: {runs[-1]['rps']:.0f} req/s, p99 {runs[-1]['p99_ms']} ms,"
                  f" CPU {runs[-1]['cpu_s']}")
    return {"setup": label, "scenario": scenario, "runs": runs,
            "rps_median": bench.median([r["rps"] for r in runs])}


def run(settings: bench.Settings, out: Path, tmp: Path) -> dict:
    raw = out / "raw"
    raw.mkdir(parents=True)
    result = {"meta": bench.machine_meta(settings), "settings": {
        "connections": settings.connections, "warmup_s": settings.warmup, "duration_s": settings.duration,
        "runs": settings.runs}, "measurements": []}
    primary = bench.Postgres(settings, tmp / "primary")
    (tmp / "primary").mkdir()
    primary.settings["max_connections"] = "200"
    bench.log(f"replicas: primary on 127.0.0.1:{primary.port}")
    primary.start()
    seeder = bench.Service(settings, primary.url(), raw / "seed.log", tmp)
    seeder.start()
    ids = bench.seed(seeder.port, settings.teams, settings.heroes_per_team)
    seeder.stop()
    primary.psql(primary.database, "VACUUM ANALYZE")
    standbys = [Standby(primary, tmp / f"standby{i}", f"standby{i}") for i in (1, 2)]
    for standby in standbys:
        standby.start()
        bench.log(f"replicas: {standby.name} streaming on 127.0.0.1:{standby.port}")
    while any(standby.replay_lag_bytes() > 0 for standby in standbys):
        time.sleep(0.2)
    processes = {"primary": primary.cpu, **{s.name: s.cpu for s in standbys}}
    env = {"ACCESS_LOG": "off"}

    setups = [
        ("reads on the primary", primary.url(), env, ("get-hero", "list-heroes")),
        ("reads on 2 standbys", primary.url(),
         {**env, "DATABASE_READ_URL": ",".join(s.url() for s in standbys)}, ("get-hero", "list-heroes")),
        ("straight to the primary", primary.url(), env, ("create-hero", "get-hero")),
    ]
    if PGBOUNCER.exists():
        bouncer = PgBouncer(primary, tmp / "pgbouncer")
        bouncer.start()
        setups.append(("through PgBouncer", bouncer.url(), {**env, "DB_POOLER": "transaction"},
                       ("create-hero", "get-hero")))
        processes["pgbouncer"] = bouncer.cpu
    else:
        bench.log("replicas: /usr/sbin/pgbouncer missing (apt-get install pgbouncer): no PgBouncer setup")
    for label, url, extra, scenarios in setups:
        service = bench.Service(settings, url, raw / f"{label.replace(' ', '-')}.log", tmp, extra_env=extra)
        service.start()
        for scenario in scenarios:
            result["measurements"].append(measure(settings, service, scenario, ids, raw, label, processes))
        service.stop()
    return result


def markdown(result: dict) -> str:
    m = result["meta"]
    lines = ["# Reads from standbys, writes through PgBouncer (one machine)", "",
             f"Commit {m['commit']}, {m['cpus']} CPUs, {result['settings']['connections']} connections,"
             f" {result['settings']['runs']} runs of {result['settings']['duration_s']} s. CPU seconds per run"
             " of each process; on this machine every process shares the same 2 cores.", "",
             "| setup | scenario | req/s (median) | runs req/s | p99 ms | CPU s per run |",
             "| --- | --- | ---: | --- | --- | --- |"]
    for entry in result["measurements"]:
        runs = entry["runs"]
        cpu = ", ".join(f"{name} {value}" for name, value in runs[0]["cpu_s"].items() if value >= 0.1)
        rates = " / ".join(f"{r['rps']:,.0f}" for r in runs)
        p99s = " / ".join(str(r["p99_ms"]) for r in runs)
        lines.append(f"| {entry['setup']} | {entry['scenario']} | {entry['rps_median']:,.0f} |"
                     f" {rates} | {p99s} |"
                     f" {cpu} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    return bench.run_mode("replicas", run, markdown, "raw")


if __name__ == "__main__":
    sys.exit(main())
