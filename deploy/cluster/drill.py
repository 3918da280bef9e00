#!/usr/bin/env python3
"""Failover drill: a constant-rate load through the load balancer while faults are made one at a
time, then checks on the primary that no acknowledged write was lost.

Run by drill.sh, which starts the cluster and passes its settings in the environment (see
README.md). Python 3 standard library only.

The load (RATE operations a second, started on a fixed schedule whatever the answers):
  create  POST /heroes/ with an Idempotency-Key; the hero's name carries the key. Retried with the
          same key and body on 5xx, 409, a timeout or a broken connection until answered 200
          (acknowledged) or CREATE_DEADLINE passes (given up).
  patch   PATCH /heroes/{id} of one of PATCH_TARGETS heroes with If-Match of its last known ETag,
          setting age to the next number of that hero's own increasing sequence; on 412 or an
          error the hero is read again (GET) for its ETag, and a new value is sent. So a stored
          age lower than the last acknowledged one is a lost acknowledged PATCH.
  get     GET /heroes/{id} of an acknowledged hero (a 404 there is a lost create).
Every HTTP request is one line of the request log: time, kind, status, latency.
"""
import csv
import gzip
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = os.environ


def env_int(name, default):
    return int(ENV.get(name, default))


LB_PORT = env_int("LB_PORT", 15000)
PG_WRITE_PORT = env_int("PG_WRITE_PORT", 15400)
PATRONI_PORTS = [int(p) for p in ENV.get("PATRONI_PORTS", "15481 15482 15483").split()]
STATE_DIR = ENV.get("STATE_DIR", "/tmp/heroes-cluster")
APP_DB = ENV.get("APP_DB", "heroes")
ASYNC = ENV.get("ASYNC", "0") == "1"
RATE = float(ENV.get("RATE", 50))                      # operations started per second
BASELINE = env_int("BASELINE", 20)                      # seconds of load before the first fault
QUIET = env_int("QUIET", 45)                            # seconds of recovery after each fault
STEADY = env_int("STEADY", 5)                           # error-free seconds that count as steady
# seconds, per HTTP request: longer than the service's longest answer in a failover
# (DB_FAILOVER_WAIT, then DB_POOL_TIMEOUT for a last connection: 5 s), as a client's should be
REQUEST_TIMEOUT = float(ENV.get("REQUEST_TIMEOUT", 10))
CREATE_DEADLINE = env_int("CREATE_DEADLINE", 90)        # seconds a create is retried
PATCH_DEADLINE = env_int("PATCH_DEADLINE", 60)          # seconds a patch is retried
SIGSTOP_SECONDS = env_int("SIGSTOP_SECONDS", 60)
PATCH_TARGETS = env_int("PATCH_TARGETS", 25)
MAX_IN_FLIGHT = env_int("MAX_IN_FLIGHT", 3000)          # operations running at once, at most
FAULTS = ENV.get("FAULTS", "switchover kill-leader sigstop-leader kill-app rolling-restart").split()
MIX = {"create": 0.4, "patch": 0.3, "get": 0.3}
OK_STATUSES = {200, 412}    # 412 is If-Match doing its job; anything else counts as an error


# ---- the request log ----------------------------------------------------------------------------
class RequestLog:
    def __init__(self, path):
        self.t0 = time.time()
        self.rows = []
        self.lock = threading.Lock()
        self.file = open(path, "w", newline="")
        self.csv = csv.writer(self.file)
        self.csv.writerow(["t", "kind", "status", "latency_ms", "op", "attempt", "retry_after"])

    def now(self):
        return time.time() - self.t0

    def add(self, t, kind, status, latency, op, attempt, retry_after=""):
        row = (round(t, 3), kind, status, round(latency * 1000, 1), op, attempt, retry_after)
        with self.lock:
            self.rows.append(row)
            self.csv.writerow(row)

    def close(self):
        with self.lock:
            self.file.close()


class ConsistencyToken:
    """The drill reads its own writes, as a client of the service should where reads go to standbys:
    it keeps the Consistency-Token of its latest write (the one with the furthest position, since
    answers come back out of order) and sends it with every GET."""

    def __init__(self):
        self.lock = threading.Lock()
        self.token = None
        self.position = -1

    @staticmethod
    def _position(token):
        try:
            lsn = token.rsplit("@", 1)[0]
            high, low = lsn.split("/")
            return int(high, 16) << 32 | int(low, 16)
        except ValueError:
            return -1

    def seen(self, token):
        if token:
            position = self._position(token)
            with self.lock:
                if position > self.position:
                    self.token, self.position = token, position

    def header(self):
        with self.lock:
            return {"Consistency-Token": self.token} if self.token else {}


TOKEN = ConsistencyToken()


def request(log, kind, method, path, op, attempt, body=None, headers=None):
    """One HTTP request through the load balancer, on a connection of its own. Returns
    (status, headers, parsed JSON body or None); status is 'timeout' or 'conn_error' when no
    answer came. A GET carries the latest write's Consistency-Token (ConsistencyToken)."""
    h = {"Content-Type": "application/json"} if body is not None else {}
    if method == "GET":
        h.update(TOKEN.header())
    h.update(headers or {})
    data = json.dumps(body).encode() if body is not None else None
    start = time.time()
    t = log.now()
    conn = http.client.HTTPConnection("127.0.0.1", LB_PORT, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        raw = resp.read()
        status = resp.status
        rh = {k.lower(): v for k, v in resp.getheaders()}
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
    except (socket.timeout, TimeoutError):
        status, rh, parsed = "timeout", {}, None
    except (OSError, http.client.HTTPException):
        status, rh, parsed = "conn_error", {}, None
    finally:
        conn.close()
    TOKEN.seen(rh.get("consistency-token"))
    log.add(t, kind, status, time.time() - start, op, attempt, rh.get("retry-after", ""))
    return status, rh, parsed


def backoff_sleep(attempt, headers):
    retry_after = headers.get("retry-after")
    delay = min(2.0, 0.1 * (2 ** min(attempt, 5)))
    if retry_after and retry_after.isdigit():
        delay = min(2.0, max(delay, float(retry_after)))
    time.sleep(delay * random.uniform(0.8, 1.2))


# ---- what the clients were told -----------------------------------------------------------------
class Target:
    """A hero that only the drill patches, one PATCH at a time."""

    def __init__(self, hero_id, etag, age):
        self.id = hero_id
        self.etag = etag
        self.next_age = age + 1
        self.last_acked = age          # the age acknowledged last (200 to a PATCH)
        self.lock = threading.Lock()   # held while a patch operation runs on it


class State:
    def __init__(self, run_id):
        self.run_id = run_id
        self.lock = threading.Lock()
        self.creates = {}              # key -> {"acked": bool, "id": int|None, "t": float}
        self.acked_ids = []
        self.targets = []
        self.events = []               # anomalies seen by the load itself
        self.outcomes = Counter()      # create_acked, create_gave_up, patch_acked, ...
        self.in_flight = 0
        self.skipped = 0

    def name(self, key):
        return f"drill-{self.run_id}-{key}"


def op_create(st, log, op):
    key = uuid.uuid4().hex
    body = {"name": st.name(key), "secret_name": "drill", "age": 1}
    with st.lock:
        st.creates[key] = {"acked": False, "id": None}
    deadline = time.time() + CREATE_DEADLINE
    attempt = 0
    while True:
        attempt += 1
        status, headers, parsed = request(log, "create", "POST", "/heroes/", op, attempt, body, {"Idempotency-Key": key})
        if status == 200:
            with st.lock:
                st.creates[key].update(acked=True, id=parsed["id"], t=log.now())
                st.acked_ids.append(parsed["id"])
                st.outcomes["create_acked"] += 1
                if attempt > 1:
                    st.outcomes["create_acked_after_retry"] += 1
            return
        if status in (400, 404, 413, 422):
            with st.lock:
                st.outcomes[f"create_refused_{status}"] += 1
            return
        if time.time() > deadline:
            with st.lock:
                st.outcomes["create_gave_up"] += 1
            return
        backoff_sleep(attempt, headers)


def op_patch(st, log, op):
    targets = st.targets[:]
    random.shuffle(targets)
    target = next((t for t in targets if t.lock.acquire(blocking=False)), None)
    if target is None:
        return op_get(st, log, op)
    try:
        deadline = time.time() + PATCH_DEADLINE
        attempt = 0
        while time.time() <= deadline:
            attempt += 1
            if target.etag is None:
                status, headers, parsed = request(log, "reread", "GET", f"/heroes/{target.id}", op, attempt)
                if status != 200:
                    backoff_sleep(attempt, headers)
                    continue
                target.etag = headers.get("etag")
                if parsed["age"] < target.last_acked:
                    with st.lock:
                        st.events.append({"t": round(log.now(), 1), "what": "patch_lost_seen_by_read",
                                          "hero": target.id, "acked": target.last_acked, "read": parsed["age"]})
                target.next_age = max(target.next_age, parsed["age"] + 1)
            value = target.next_age
            target.next_age += 1
            status, headers, parsed = request(log, "patch", "PATCH", f"/heroes/{target.id}", op, attempt,
                                           {"age": value}, {"If-Match": target.etag})
            if status == 200:
                target.last_acked = value
                target.etag = headers.get("etag")
                with st.lock:
                    st.outcomes["patch_acked"] += 1
                return
            target.etag = None           # 412, or unknown outcome: read the hero again
            if status != 412:
                backoff_sleep(attempt, headers)
        with st.lock:
            st.outcomes["patch_gave_up"] += 1
    finally:
        target.lock.release()


def op_get(st, log, op):
    with st.lock:
        ids = st.acked_ids[-2000:] or [t.id for t in st.targets]
    hero_id = random.choice(ids)
    status, _, _ = request(log, "get", "GET", f"/heroes/{hero_id}", op, 1)
    if status == 404:
        with st.lock:
            st.events.append({"t": round(log.now(), 1), "what": "acked_hero_404", "hero": hero_id})


class Load:
    """Starts one operation every 1/RATE seconds, each in a thread of its own (so a slow answer
    never delays the next start), until stopped."""

    def __init__(self, st, log):
        self.st, self.log = st, log
        self.stop_flag = threading.Event()
        self.threads = []
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        kinds, weights = list(MIX), list(MIX.values())
        ops = {"create": op_create, "patch": op_patch, "get": op_get}
        n = 0
        start = time.time()
        while not self.stop_flag.is_set():
            n += 1
            when = start + n / RATE
            delay = when - time.time()
            if delay > 0:
                time.sleep(delay)
            with self.st.lock:
                if self.st.in_flight >= MAX_IN_FLIGHT:
                    self.st.skipped += 1
                    continue
                self.st.in_flight += 1
            kind = random.choices(kinds, weights)[0]
            t = threading.Thread(target=self.one, args=(ops[kind], n), daemon=True)
            t.start()
            self.threads.append(t)
            if n % 500 == 0:
                self.threads = [x for x in self.threads if x.is_alive()]

    def one(self, fn, n):
        try:
            fn(self.st, self.log, n)
        except Exception as e:  # a bug in the drill must not pass silently
            with self.st.lock:
                self.st.events.append({"t": round(self.log.now(), 1), "what": "drill_error", "error": repr(e)})
        finally:
            with self.st.lock:
                self.st.in_flight -= 1

    def start(self):
        self.thread.start()

    def stop(self, wait):
        self.stop_flag.set()
        self.thread.join()
        end = time.time() + wait
        for t in self.threads:
            t.join(max(0.0, end - time.time()))
        return sum(t.is_alive() for t in self.threads)


# ---- the cluster ----------------------------------------------------------------------------------
def sh(*args, check=True, timeout=300):
    out = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {out.returncode}: {out.stderr.strip()[-500:]}")
    return out.stdout.strip()


def ctl(*args, check=True):
    return sh("bash", os.path.join(HERE, "ctl.sh"), *args, check=check)


def cluster_members():
    for port in PATRONI_PORTS:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cluster", timeout=2) as r:
                return json.load(r)["members"]
        except (OSError, ValueError):
            continue
    return []


def leader():
    return next((m["name"] for m in cluster_members() if m["role"] == "leader"), None)


def wait_cluster_healthy(timeout=180):
    """A leader and two streaming standbys (one synchronous unless ASYNC)."""
    end = time.time() + timeout
    while time.time() < end:
        ms = cluster_members()
        leaders = [m for m in ms if m["role"] == "leader" and m["state"] == "running"]
        standbys = [m for m in ms if m["role"] in ("replica", "sync_standby") and m["state"] in ("running", "streaming")]
        sync = [m for m in standbys if m["role"] == "sync_standby"]
        if len(leaders) == 1 and len(standbys) == 2 and (ASYNC or sync):
            return True
        time.sleep(1)
    return False


def process_state(pid):
    """The state letter and the parent pid of a process (from /proc/<pid>/stat: the fields after
    the parenthesised command name), or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    state, parent = stat[stat.rindex(")") + 2:].split()[:2]
    return state, int(parent)


def alive(pid):
    """The process exists and is not a zombie: a killed process that its parent has not reaped
    yet (the script that started it has exited) still answers kill -0."""
    state = process_state(pid)
    return state is not None and state[0] != "Z"


def read_pid(path):
    try:
        pid = int(open(path).readline().strip())
    except (OSError, ValueError):
        return None
    return pid if alive(pid) else None


def node_index(name):
    return int(name.removeprefix("node")) - 1


def patroni_pid(name):
    return read_pid(os.path.join(STATE_DIR, "run", f"{name}.pid"))


def postmaster_pid(name):
    return read_pid(os.path.join(STATE_DIR, name, "data", "postmaster.pid"))


def app_pid(n):
    return read_pid(os.path.join(STATE_DIR, "run", f"app{n}.pid"))


def wait_new_leader(old, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        now = leader()
        if now and now != old:
            return now
        time.sleep(0.5)
    return None


def wait_gone(pid, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if not alive(pid):
            return True
        time.sleep(0.1)
    return False


# ---- the faults: each returns notes; the drill times it and then waits QUIET seconds ----------------
def fault_switchover(log):
    old = leader()
    out = sh("patronictl", "-c", os.path.join(STATE_DIR, "conf", "node1.yml"), "switchover", "--force", check=False)
    new = wait_new_leader(old, 60)
    return {"leader_before": old, "leader_after": new, "patronictl": out.splitlines()[-1:] }


def fault_kill_leader(log):
    old = leader()
    p, pm = patroni_pid(old), postmaster_pid(old)
    for pid in (p, pm):
        if pid:
            os.kill(pid, 9)
    new = wait_new_leader(old, 120)
    t_new = round(log.now(), 1)
    ctl("start-node", str(node_index(old) + 1))     # the old leader rejoins as a standby
    return {"leader_before": old, "killed": {"patroni": p, "postmaster": pm}, "leader_after": new,
            "new_leader_seen_at": t_new}


def children(pid):
    """The processes whose parent is pid (a postmaster's backends, WAL sender, checkpointer...)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            state = process_state(entry)
            if state is not None and state[1] == pid:
                found.append(int(entry))
    return found


def fault_sigstop_leader(log):
    """The whole leader node frozen, as a stalled VM is: its Patroni, its postmaster and every
    process of its PostgreSQL stopped at once, then resumed."""
    old = leader()
    pm = postmaster_pid(old)
    frozen = [patroni_pid(old), pm, *children(pm)]
    frozen = [p for p in frozen if p]
    for pid in frozen:
        os.kill(pid, 19)                              # SIGSTOP
    t_stop = log.now()
    during = wait_new_leader(old, SIGSTOP_SECONDS)
    t_new = round(log.now() - t_stop, 1) if during else None
    time.sleep(max(0.0, SIGSTOP_SECONDS - (log.now() - t_stop)))
    for pid in frozen:
        try:
            os.kill(pid, 18)                          # SIGCONT
        except ProcessLookupError:
            pass
    return {"leader_before": old, "processes_stopped": len(frozen), "stopped_s": SIGSTOP_SECONDS,
            "new_leader_after_s": t_new, "leader_at_sigcont": leader(), "leader_after": leader()}


def fault_kill_app(log):
    pid = app_pid(1)
    os.kill(pid, 9)
    wait_gone(pid, 10)
    ctl("start-app", "1")
    ctl("wait-app-ready", "1")
    return {"killed": "app1", "pid": pid, "ready_again_at": round(log.now(), 1)}


def fault_rolling_restart(log):
    notes = {}
    for n in (1, 2):
        ctl("stop-app", str(n), "TERM")              # waits until the process is gone
        notes[f"app{n}_stopped_at"] = round(log.now(), 1)
        ctl("start-app", str(n))
        ctl("wait-app-ready", str(n))
        notes[f"app{n}_ready_at"] = round(log.now(), 1)
    return notes


FAULT_FUNCS = {
    "switchover": (fault_switchover, "Patroni switchover (patronictl switchover --force)"),
    "kill-leader": (fault_kill_leader, "kill -9 of the leader's Patroni and postmaster, then its Patroni started again"),
    "sigstop-leader": (fault_sigstop_leader, f"the leader node frozen (SIGSTOP of its Patroni, postmaster and backends) for {SIGSTOP_SECONDS} s, then SIGCONT"),
    "kill-app": (fault_kill_app, "kill -9 of service instance app1, then started again"),
    "rolling-restart": (fault_rolling_restart, "rolling restart: SIGTERM app1, wait, start, ready; then app2"),
}


# ---- the checks on the primary --------------------------------------------------------------------
def psql(sql):
    env = dict(ENV, PGPASSWORD=ENV["PG_SUPERUSER_PASSWORD"], PGCONNECT_TIMEOUT="3")
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(PG_WRITE_PORT), "-U", "postgres", "-d", APP_DB,
                          "-X", "-At", "-F", "\t", "-c", sql], capture_output=True, text=True, env=env, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def check(st, log):
    """Compares what the clients were told with what the current primary holds."""
    with st.lock:   # what was acknowledged before the queries (later acks may or may not be in)
        acked = {st.name(k): v["id"] for k, v in st.creates.items() if v["acked"]}
        sent = len(st.creates)
    acked_ages = {t.id: t.last_acked for t in st.targets}
    end = time.time() + 60
    while True:
        try:
            primary = psql("SELECT inet_server_port(), pg_is_in_recovery()")[0]
            rows = psql(f"SELECT name, count(*) FROM hero WHERE name LIKE 'drill-{st.run_id}-%' GROUP BY name")
            ages = psql(f"SELECT id, age FROM hero WHERE id IN ({','.join(map(str, acked_ages))})")
            break
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            if time.time() > end:
                return {"t": round(log.now(), 1), "error": str(e)}
            time.sleep(2)
    stored = {name: int(n) for name, n in rows}
    missing = sorted(name for name in acked if name not in stored)
    duplicates = sorted(name for name, n in stored.items() if n > 1)
    stored_ages = {int(i): int(a) for i, a in ages}
    lost_patches = [{"hero": i, "acked": a, "stored": stored_ages.get(i)} for i, a in acked_ages.items()
                    if stored_ages.get(i) is None or stored_ages[i] < a]
    return {"t": round(log.now(), 1), "primary_port": int(primary[0]), "primary_in_recovery": primary[1] == "t",
            "creates_sent": sent, "creates_acked": len(acked), "heroes_stored": len(stored),
            "acked_creates_missing": len(missing), "missing_examples": missing[:5],
            "keys_with_more_than_one_hero": len(duplicates), "duplicate_examples": duplicates[:5],
            "patch_targets": len(acked_ages), "acked_patches_lost": len(lost_patches), "lost_patch_examples": lost_patches[:5]}


# ---- the figures of one window ----------------------------------------------------------------------
def window_stats(all_rows, t0, t1):
    # a request belongs to the window it started in, but for one still running when the next fault
    # began: that is the next fault's (a request cut by kill -9, or caught by a freeze, in the
    # second before it), counted in that window's first second
    rows = [r for r in all_rows
            if (t0 <= r[0] and r[0] + r[3] / 1000 < t1) or (r[0] < t0 <= r[0] + r[3] / 1000)]
    per_second = defaultdict(list)
    for r in rows:
        per_second[max(0, int(r[0] - t0))].append(r)
    seconds = int(t1 - t0)
    error_seconds = defaultdict(set)
    for s, rs in per_second.items():
        for r in rs:
            if r[2] not in OK_STATUSES:
                error_seconds[str(r[2])].add(s)
    bad = sorted(set().union(*error_seconds.values())) if error_seconds else []
    # steady: from the second after the last error to the end of the window, at least STEADY seconds
    if not bad:
        steady = 0
    elif seconds - (bad[-1] + 1) >= STEADY:
        steady = bad[-1] + 1
    else:
        steady = None
    p99 = []
    for s in range(seconds):
        lat = sorted(r[3] for r in per_second.get(s, []))
        if lat:
            p99.append([s, lat[min(len(lat) - 1, int(round(0.99 * (len(lat) - 1))))], len(lat)])
    return {
        "requests": len(rows),
        "by_status": dict(Counter(str(r[2]) for r in rows)),
        "by_kind_and_status": {k: dict(Counter(str(r[2]) for r in rows if r[1] == k)) for k in sorted({r[1] for r in rows})},
        "error_seconds_by_status": {k: len(v) for k, v in sorted(error_seconds.items())},
        "error_seconds": len(bad),
        "errors_without_retry_after": sum(1 for r in rows if r[2] not in OK_STATUSES and not r[6]),
        "first_error_s": bad[0] if bad else None,
        "last_error_s": bad[-1] if bad else None,
        "steady_after_s": steady,
        "p99_ms_per_second": p99,
        "p99_ms_max": max((p[1] for p in p99), default=None),
        "p99_ms_median": round(statistics.median(p[1] for p in p99), 1) if p99 else None,
    }


# ---- the report -------------------------------------------------------------------------------------
def markdown(result):
    mode = "asynchronous" if ASYNC else "synchronous (synchronous_mode + synchronous_mode_strict)"
    lines = [f"# Failover drill {result['run_id']}", "",
             f"- replication: {mode}; rate {RATE:g} operations/s ({', '.join(f'{k} {int(v * 100)}%' for k, v in MIX.items())}), "
             f"request timeout {REQUEST_TIMEOUT:g} s, creates retried for {CREATE_DEADLINE} s, patches for {PATCH_DEADLINE} s",
             f"- quiet recovery window after each fault: {QUIET} s; steady = no error to the end of the window, {STEADY} s at least",
             f"- errors are answers other than 200 (and 412 to a PATCH), and requests without an answer (`timeout`, `conn_error`)",
             f"- duration {result['duration_s']} s, {result['requests']} requests; raw log `requests.csv.gz`, all figures `result.json`",
             "", "## Per fault", "",
             "| fault | at (s) | fault took (s) | requests | error seconds by status | answers by status | errors without Retry-After | steady after (s) | p99 per second: median / max (ms) | acked creates missing (cumulative) | keys with >1 hero | acked PATCHes lost (cumulative) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for w in result["windows"]:
        s, c = w["stats"], w.get("check") or {}
        errs = ", ".join(f"{k}: {v}" for k, v in s["error_seconds_by_status"].items()) or "none"
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(s["by_status"].items()))
        steady = "never" if s["steady_after_s"] is None else s["steady_after_s"]
        lines.append(f"| {w['fault']} | {w['t0']:.1f} | {w.get('fault_took_s', '-')} | {s['requests']} | {errs} | {answers} | {s['errors_without_retry_after']} | {steady} | "
                     f"{s['p99_ms_median']} / {s['p99_ms_max']} | {c.get('acked_creates_missing', c.get('error', '-'))} | "
                     f"{c.get('keys_with_more_than_one_hero', '-')} | {c.get('acked_patches_lost', '-')} |")
    lines += ["", "## What each fault did", ""]
    for w in result["windows"]:
        lines.append(f"- **{w['fault']}**: {w['description']}. {json.dumps(w.get('notes', {}))}")
    final = result["final_check"]
    lines += ["", "## At the end", "",
              f"- operations: {json.dumps(result['outcomes'])}; not started (too many in flight): {result['skipped']}; "
              f"still running when stopped: {result['unfinished']}",
              f"- final check on the primary: {json.dumps(final)}",
              f"- anomalies the load itself saw: {len(result['events'])} {json.dumps(result['events'][:10])}",
              "", "## p99 latency per second (ms), per fault", ""]
    for w in result["windows"]:
        series = " ".join(f"{p[1]:g}" for p in w["stats"]["p99_ms_per_second"])
        lines.append(f"- {w['fault']}: {series}")
    return "\n".join(lines) + "\n"


def main():
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    run_id = stamp + ("-async" if ASYNC else "")
    out_dir = os.path.join(ENV.get("RESULTS_DIR", os.path.join(HERE, "results")), run_id)
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, "requests.csv")
    log = RequestLog(log_path)
    st = State(stamp)
    print(f"drill {run_id}: results in {out_dir}", flush=True)

    if not wait_cluster_healthy(120):
        sys.exit("the cluster is not healthy (a leader and two standbys): see ctl.sh list")
    for i in range(PATCH_TARGETS):      # the heroes that the patches change
        status, headers, parsed = request(log, "setup", "POST", "/heroes/", 0, 1,
                                       {"name": f"drill-target-{stamp}-{i}", "secret_name": "drill", "age": 0})
        if status != 200:
            sys.exit(f"setup create failed: {status}")
        st.targets.append(Target(parsed["id"], headers.get("etag"), 0))

    load = Load(st, log)
    load.start()
    windows = []

    def window(name, description, fn):
        t0 = log.now()   # not rounded: a request is given to the window it ran in by its times
        print(f"{time.strftime('%H:%M:%S')} t={t0:.1f}s {name}: {description}", flush=True)
        w = {"fault": name, "description": description, "t0": t0}
        try:
            w["notes"] = fn(log) if fn else {}
        except Exception as e:
            w["notes"] = {"error": repr(e)}
        w["fault_took_s"] = round(log.now() - t0, 1)
        time.sleep(QUIET if fn else BASELINE)
        w["healthy_before_check"] = wait_cluster_healthy(180)
        w["check"] = check(st, log)
        w["t1"] = log.now()
        print(f"   notes {json.dumps(w['notes'])}\n   check {json.dumps(w['check'])}", flush=True)
        windows.append(w)

    window("baseline", f"no fault, {BASELINE} s", None)
    for name in FAULTS:
        fn, description = FAULT_FUNCS[name]
        window(name, description, fn)

    unfinished = load.stop(wait=CREATE_DEADLINE + 10)
    final = check(st, log)
    duration = round(log.now(), 1)
    log.close()
    rows = log.rows
    for w in windows:
        w["stats"] = window_stats(rows, w["t0"], w["t1"])
    result = {
        "run_id": run_id, "synchronous_mode": not ASYNC, "rate": RATE, "mix": MIX, "quiet_s": QUIET,
        "request_timeout_s": REQUEST_TIMEOUT, "create_deadline_s": CREATE_DEADLINE, "patch_deadline_s": PATCH_DEADLINE,
        "duration_s": duration, "requests": len(rows), "windows": windows, "final_check": final,
        "outcomes": dict(st.outcomes), "skipped": st.skipped, "unfinished": unfinished, "events": st.events,
    }
    with open(os.path.join(out_dir, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(markdown(result))
    with open(log_path, "rb") as src, gzip.open(log_path + ".gz", "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.remove(log_path)
    print(markdown(result), flush=True)
    lost = final.get("acked_creates_missing", 0) + final.get("acked_patches_lost", 0) + final.get("keys_with_more_than_one_hero", 0)
    print(f"results: {out_dir}; acknowledged writes lost or duplicated: {lost}", flush=True)
    if lost and not ASYNC:
        sys.exit("synchronous mode lost or duplicated acknowledged writes")


if __name__ == "__main__":
    main()
