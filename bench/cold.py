#!/usr/bin/env python3
"""COLD=1 bash bench/run.sh: how fast a fresh instance reaches its warmed throughput.

For each database and scenario: the seeded database is copied, a new service process is started on
the copy and, the moment it answers its first GET /heroes/, loaded by wrk at CONNECTIONS (32) for
COLD_SECONDS (30) one-second windows. Its warmed throughput is the median of the last ten windows;
the report gives each of the first ten seconds, and the first second at or above COLD_TARGET (80%)
of the warmed throughput (the issue's bar: within 10 s). COLD_IMAGE=<image>/bin/heroes measures the
runtime image's launcher too, beside the jar. Results in results/<stamp>-cold/ (cold.json, cold.md).
"""
import os
import shutil
import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the benchmark's machinery: PostgreSQL, the service, the seed, wrk)

SECONDS = bench.env_int("COLD_SECONDS", 30, 12)
# COLD_JAR: another build's jar (its AOT cache beside it), e.g. a baseline's, measured instead
JAR = Path(os.environ["COLD_JAR"]).resolve() if os.environ.get("COLD_JAR") else bench.JAR
TARGET = float(os.environ.get("COLD_TARGET", "0.8"))
WITHIN_S = 10


class ImageService(bench.Service):
    """The runtime image's launcher (bin/heroes) in place of java -jar: its own flags and cache."""

    def __init__(self, launcher: Path, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.launcher = launcher

    def command(self) -> list[str]:
        return [str(self.launcher)]


def jit_cpu_seconds(pid: int, seen: dict[int, float]) -> float:
    """CPU seconds of the JVM's JIT compiler threads (C1/C2 CompilerThread) so far. `seen` keeps each
    thread's last reading: the JVM stops idle compiler threads, whose CPU after that reading is lost
    (at most the second since it)."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return sum(seen.values())
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                data = f.read()
        except OSError:
            continue
        name = data[data.index("(") + 1:data.rindex(")")]
        if "CompilerThre" in name:
            fields = data[data.rindex(")") + 2:].split()
            seen[int(tid)] = (int(fields[11]) + int(fields[12])) / bench.CLK_TCK
    return sum(seen.values())


def per_second(settings: bench.Settings, service: bench.Service, scenario: str, ids: dict,
               raw: Path) -> tuple[list[float], list[float], list[float]]:
    """SECONDS consecutive one-second wrk windows: requests/s of 2xx answers in each, and the
    service's CPU seconds in each, all of it and its JIT compiler threads'."""
    rates, cpu, jit = [], [], []
    raw.mkdir(parents=True, exist_ok=True)
    seen: dict[int, float] = {}
    cpu_before, jit_before = service.cpu(), jit_cpu_seconds(service.pid, seen)
    for second in range(SECONDS):
        out = raw / f"{scenario}-{second:02d}.txt"
        rc, _, _, result = bench.wrk_run(settings, service, scenario, ids, 1, out)
        if result is None:
            raise RuntimeError(f"wrk printed no result (exit {rc}); see {out}")
        ok = result["requests"] - result["non2xx"]
        rates.append(round(ok / (result["duration_us"] / 1e6), 1))
        cpu_now, jit_now = service.cpu(), jit_cpu_seconds(service.pid, seen)
        cpu.append(round(cpu_now - cpu_before, 2))
        jit.append(round(jit_now - jit_before, 2))
        cpu_before, jit_before = cpu_now, jit_now
    return rates, cpu, jit


def summary(rates: list[float]) -> dict:
    warmed = statistics.median(rates[-10:])
    reached = next((i + 1 for i, r in enumerate(rates) if r >= TARGET * warmed), None)
    return {"per_second": rates, "warmed": round(warmed, 1), "first_second_at_target": reached,
            "within": reached is not None and reached <= WITHIN_S}


def run(settings: bench.Settings, out: Path, tmp: Path, image: Path | None) -> dict:
    result = {"settings": {"connections": settings.connections, "seconds": SECONDS, "target": TARGET,
                           "java_opts": settings.java_opts, "jar": str(JAR), "image": str(image) if image else None},
              "meta": bench.machine_meta(settings), "databases": []}
    raw = out / "raw"
    raw.mkdir(parents=True)
    sides = [("jar", None)] + ([("image", image)] if image else [])
    for db in settings.databases:
        work = tmp / db
        work.mkdir()
        entry = {"database": db, "scenarios": []}
        result["databases"].append(entry)
        pg = None
        if db == "postgres":
            pg = bench.Postgres(settings, work)
            bench.log(f"postgres: initdb and start on 127.0.0.1:{pg.port}")
            pg.start()
            seeded_url = pg.url()
        else:
            seeded = work / "seeded.db"
            seeded_url = f"sqlite:///{seeded}"
        # Seed once, with a service that is then stopped: every cold start begins from this state.
        seeder = bench.Service(settings, seeded_url, raw / f"{db}-seed.log", work)
        seeder.start()
        ids = bench.seed(seeder.port, settings.teams, settings.heroes_per_team)
        seeder.stop()
        if pg:
            pg.psql(pg.database, "VACUUM ANALYZE")  # as the main run does after seeding
        if db == "sqlite":
            con = sqlite3.connect(str(seeded))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
        for scenario in settings.scenarios:
            name = scenario[0]
            for side, launcher in sides:
                copy = f"cold_{name.replace('-', '_')}_{side}"
                if pg:
                    pg.psql("postgres", f"CREATE DATABASE {copy} TEMPLATE {pg.database}")
                    url = pg.url(copy)
                else:
                    shutil.copyfile(seeded, work / f"{copy}.db")
                    url = f"sqlite:///{work / (copy + '.db')}"
                log_path = raw / f"{db}-{name}-{side}.log"
                service = (ImageService(launcher, settings, url, log_path, work,
                                        extra_env={"ACCESS_LOG": "off"}) if launcher
                           else bench.Service(settings, url, log_path, work, jar=JAR,
                                              extra_env={"ACCESS_LOG": "off"}))
                started = service.start()
                start_cpu = service.cpu()
                rates, cpu, jit = per_second(settings, service, name, ids, raw / f"{db}-{side}")
                service.stop()
                record = {"scenario": name, "side": side, "startup_s": round(started, 2),
                          "startup_cpu_s": round(start_cpu, 2), "cpu_per_second": cpu,
                          "jit_cpu_per_second": jit, **summary(rates)}
                entry["scenarios"].append(record)
                bench.log(f"{db} {name} {side}: start {started:.2f} s, warmed {record['warmed']:.0f}/s,"
                          f" {TARGET:.0%} reached in second {record['first_second_at_target']}:"
                          f" {' '.join(str(int(r)) for r in rates[:10])}")
        if pg:
            pg.stop()
    return result


def markdown(result: dict) -> str:
    last = f"{SECONDS - 9}-{SECONDS}"
    lines = [f"# Cold start: requests/s in each second after the first answer "
             f"({result['settings']['connections']} connections)", "",
             f"Warmed = median of seconds {last}. Bar: {TARGET:.0%} of warmed within "
             f"{WITHIN_S} s. Commit {result['meta']['commit']}, {result['meta']['cpus']} CPUs. The service's CPU"
             f" seconds in seconds 1-10 and {last} (a second of CPU per second is one core), and in"
             " brackets its JIT compiler threads' share.", "",
             "| database | scenario | side | start s | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | warmed | "
             f"{TARGET:.0%} in second | within {WITHIN_S} s | CPU s 1-10 (JIT) | CPU s {last} (JIT) |",
             "| --- | --- | --- | ---: |" + " ---: |" * 11 + " ---: | --- | ---: | ---: |"]
    for db in result["databases"]:
        for s in db["scenarios"]:
            first = " | ".join(f"{r:.0f}" for r in s["per_second"][:10])
            cpu = s.get("cpu_per_second")
            split = (f" {sum(cpu[:10]):.1f} ({sum(s['jit_cpu_per_second'][:10]):.1f}) |"
                     f" {sum(cpu[-10:]):.1f} ({sum(s['jit_cpu_per_second'][-10:]):.1f}) |") if cpu else " | |"
            lines.append(f"| {db['database']} | {s['scenario']} | {s['side']} | {s['startup_s']:.2f} | {first} |"
                         f" {s['warmed']:.0f} | {s['first_second_at_target'] or '-'} |"
                         f" {'yes' if s['within'] else 'NO'} |{split}")
    return "\n".join(lines) + "\n"


def main() -> int:
    image = Path(os.environ["COLD_IMAGE"]).resolve() if os.environ.get("COLD_IMAGE") else None
    return bench.run_mode("cold", lambda settings, out, tmp: run(settings, out, tmp, image), markdown, "raw")


if __name__ == "__main__":
    sys.exit(main())
