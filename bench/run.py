"""``make bench``: generate, serve with gunicorn, load with wrk, write the results.

For each database (SQLite, and PostgreSQL where a server answers): build both sizes' datasets
(one tenth and full, ``bench.generate``), start a ``gunicorn -w 2`` on each, side by side,
log in with a real POST, and for every page of ``bench.pages.PAGES`` measure

- single-request time: the median of sequential requests, timed by the client, and the
  server's own time for the same requests (gunicorn's access log, ``%(D)s``); the two
  sizes take turns request by request, so that a busy moment on the machine falls on both
  and the full/tenth ratio compares like with like;
- bytes of the answer, and its HTTP status (an error is recorded, not fatal);
- req/s under load: ``wrk -t2 -c8 -d<seconds>s``, next to the hello-world app
  (``bench.hello``, same gunicorn settings, running beside it) measured in the same run;
- queries per request, counted in process (``bench.inproc pages``).

Then the gunicorn workers' memory (VmRSS while loaded, VmHWM peak) and any worker crash
or restart in gunicorn's log; and the in-process jobs (Word export, search, reminders,
import of 2,000 hearings twice) on the largest size. Results go to
``bench/results/latest.json`` and ``latest.md``, and the table into ``bench/README.md``.

Environment: ``BENCH_QUICK=1`` (one tenth only, short wrk runs), ``BENCH_DB=sqlite|
postgresql|both`` (default: both when PostgreSQL answers), ``BENCH_WRK_SECONDS``,
``BENCH_POSTGRES_URL``, ``BENCH_KEEP=1`` (keep the PostgreSQL schemas).
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

from bench import generate
from bench.pages import (IMPORT_MAX_S, MAX_QUERIES, MAX_RSS_MB, MAX_SCALE, MIN_HELLO_SHARE,
                         PAGES, REMINDERS_MAX_S, TARGETS_TEXT, WORD_MAX_MS)

ROOT = generate.ROOT
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
LOGS = generate.DATA / "logs"
#: A copy of the code taken at the start; every process of the run imports the app from it.
SNAPSHOT = generate.DATA / "code"
#: What the snapshot holds: the app, its templates and migrations, and the benchmark.
SNAPSHOT_PARTS = ("advocacy", "templates", "migrations", "bench")
GUNICORN = str(generate.VENV_BIN / "gunicorn")
USER_AGENT = "advocacy-bench/1"

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "2" if QUICK else "5"))
#: Rounds of single requests per page (one request to each size per round): at least MIN,
#: at most MAX, within BUDGET seconds.
SINGLE_MIN, SINGLE_MAX, SINGLE_BUDGET = 7, 21, 5.0
#: Seconds an in-process part may take before it is recorded as a timeout.
INPROC_TIMEOUT = 600
#: Where the access log's fields are split; the X-Bench header tells single from wrk.
ACCESS_FORMAT = "%(r)s|%(s)s|%(B)s|%(D)s|%({x-bench}i)s"


def say(text: str) -> None:
    """Progress on stdout, at once."""
    print(text, flush=True)


# --- the code under test ------------------------------------------------------------------

def snapshot_code() -> dict:
    """Copy the working tree's code to ``SNAPSHOT``; say which commit and changes it holds.

    Other people edit the checkout while the benchmark runs; without the copy, the tenth
    and the full size (or gunicorn and the in-process parts) could run different code.
    """
    shutil.rmtree(SNAPSHOT, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".data", "results")
    for part in SNAPSHOT_PARTS:
        shutil.copytree(ROOT / part, SNAPSHOT / part, ignore=ignore)

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "advocacy", "templates", "migrations")
    # The newest commit that touched the app (HEAD may be a benchmark or docs commit).
    return {"commit": git("log", "-1", "--format=%h", "--", "advocacy", "templates",
                          "migrations"),
            "subject": git("log", "-1", "--format=%s", "--", "advocacy", "templates",
                           "migrations"),
            "head": git("rev-parse", "--short", "HEAD"),
            "uncommitted": [line[3:] for line in changed.splitlines()]}


def code_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """An environment whose Python imports the app and ``bench`` from the snapshot."""
    env = dict(env if env is not None else os.environ)
    env.update({"PYTHONPATH": str(SNAPSHOT), "BENCH_DATA": str(generate.DATA)})
    return env


def generate_data(db_kind: str, size: str) -> dict:
    """Build the dataset with the snapshot's code (its own process); return the manifest."""
    done = subprocess.run([sys.executable, "-m", "bench.generate", db_kind, size],
                          cwd=SNAPSHOT, env=code_env(), capture_output=True, text=True)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"generating {db_kind}/{size} failed: {tail}")
    manifest = json.loads((generate.DATA / f"{db_kind}-{size}.json").read_text())
    if Path(manifest["code"]) != SNAPSHOT:
        raise RuntimeError(f"the app was imported from {manifest['code']}, not the snapshot")
    return manifest


def app_env(url: str) -> dict[str, str]:
    """The app's environment (``generate.app_env``) on the snapshot's code."""
    return code_env(generate.app_env(url))


# --- HTTP ----------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, path: str, *, cookie: str = "", method: str = "GET",
            body: bytes | None = None, timeout: float = 30,
            extra: tuple[tuple[str, str], ...] = ()) -> tuple[int, bytes, dict, float]:
    """One request on a new connection: (status, body, headers, seconds)."""
    # ``no-cache``: rendered afresh, not taken from the page cache (advocacy.pagecache), so
    # the single-request times and the scaling are what rendering the page costs.
    headers = {"User-Agent": USER_AGENT, "X-Bench": "single", "Cache-Control": "no-cache",
               **dict(extra)}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        seconds = time.perf_counter() - t0
        return response.status, data, {k.lower(): v for k, v in response.getheaders()}, seconds
    finally:
        conn.close()


def session_cookie(headers: dict, cookie: str) -> str:
    """The ``session`` cookie a response sets, else the one we had."""
    match = re.search(r"(?:^|,\s*)session=([^;]*)", headers.get("set-cookie", ""))
    return f"session={match.group(1)}" if match else cookie


def http_login(port: int, email: str, password: str) -> str:
    """Log in through the login form (CSRF token and all); return the session cookie."""
    status, body, headers, _ = request(port, "/login")
    cookie = session_cookie(headers, "")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
    form = urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    status, _, headers, _ = request(port, "/login", cookie=cookie, method="POST", body=form)
    if status != 302:
        raise RuntimeError(f"login as {email} answered {status}, not a redirect")
    cookie = session_cookie(headers, cookie)
    for _ in range(3):  # the first page shows the welcome message and sets a new cookie
        _, _, headers, _ = request(port, "/", cookie=cookie)
        if "set-cookie" not in headers:
            break
        cookie = session_cookie(headers, cookie)
    return cookie


# --- gunicorn ------------------------------------------------------------------------------

class Server:
    """A gunicorn with two workers on a free port, its logs in ``bench/.data/logs``."""

    def __init__(self, name: str, app: str, env: dict[str, str]):
        self.name, self.port = name, free_port()
        LOGS.mkdir(parents=True, exist_ok=True)
        self.access_log, self.error_log = LOGS / f"{name}.access.log", LOGS / f"{name}.error.log"
        #: The processes' own stderr: where faulthandler writes the stack of a crashed worker.
        self.stderr_log = LOGS / f"{name}.stderr.log"
        for log in (self.access_log, self.error_log, self.stderr_log):
            log.unlink(missing_ok=True)
        env = {**env, "ADVOCACY_PUBLIC_URL": f"http://127.0.0.1:{self.port}",
               "PYTHONFAULTHANDLER": "1"}
        self._stderr = self.stderr_log.open("wb")
        self.process = subprocess.Popen(
            # No control socket: gunicorn 27 puts every master's at one path by default, where
            # a command meant for another gunicorn on this machine would reach ours.
            [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{self.port}", "--log-level", "info",
             "--no-control-socket",
             "--access-logfile", str(self.access_log), "--access-logformat", ACCESS_FORMAT,
             "--error-logfile", str(self.error_log), app],
            cwd=SNAPSHOT, env=env, stdout=self._stderr, stderr=self._stderr)
        self.peak_rss_kb = 0
        self._wait_ready()

    def _wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited: {self.log_tail()}")
            try:
                status, *_ = request(self.port, "/healthz", timeout=5)
                if status < 500 and len(self.worker_pids()) >= 2:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {self.name} did not answer: {self.log_tail()}")

    def check_alive(self) -> None:
        """Raise if the master has exited or was told to stop by someone else."""
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn {self.name} exited ({self.process.returncode}): "
                               f"{self.log_tail(3)}")
        text = self.error_log.read_text(errors="replace") if self.error_log.exists() else ""
        if "Handling signal: term" in text or "Handling signal: int" in text:
            raise RuntimeError(f"gunicorn {self.name} was stopped from outside the benchmark")

    def log_tail(self, lines: int = 20) -> str:
        """The end of gunicorn's error log."""
        try:
            return "\n".join(self.error_log.read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self) -> list[int]:
        """The pids whose parent is the gunicorn master."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def memory(self) -> dict:
        """Each worker's VmRSS and VmHWM (peak), in MB; remembers the largest RSS seen."""
        workers = {}
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
            rss, hwm = int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))
            self.peak_rss_kb = max(self.peak_rss_kb, rss, hwm)
            workers[pid] = {"rss_mb": round(rss / 1024, 1), "peak_mb": round(hwm / 1024, 1)}
        return workers

    def settle(self, quiet: float = 0.5, limit: float = 60) -> None:
        """Wait until the access log stops growing (requests left over from wrk are done)."""
        deadline, last, since = time.monotonic() + limit, -1, time.monotonic()
        while time.monotonic() < deadline:
            size = self.access_log.stat().st_size if self.access_log.exists() else 0
            if size != last:
                last, since = size, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)

    def access_lines(self, offset: int) -> list[list[str]]:
        """Access-log entries written after byte ``offset``, split into their fields."""
        with self.access_log.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        return [line.split("|") for line in text.splitlines() if line.count("|") >= 4]

    def log_size(self) -> int:
        """The access log's size now, to read what comes after."""
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def crashes(self) -> dict:
        """Worker deaths and restarts seen in gunicorn's error log."""
        text = self.error_log.read_text(errors="replace") if self.error_log.exists() else ""
        signals = re.findall(r"Worker \(pid:\d+\) was sent (\w+)", text)
        stderr = (self.stderr_log.read_text(errors="replace") if self.stderr_log.exists()
                  else "")
        fault = re.search(r"Fatal Python error: (.*)", stderr)
        return {"boots": len(re.findall(r"Booting worker with pid", text)),
                "signals": signals,
                "timeouts": len(re.findall(r"WORKER TIMEOUT", text)),
                "exceptions": len(re.findall(r"Exception in worker process|Traceback", text)),
                "fatal": fault.group(1) if fault else "",
                "fault_at": ", ".join(dict.fromkeys(
                    f"{m[0]}:{m[1]} {m[2]}" for m in re.findall(
                        r'File "[^"]*/(advocacy/[^"]+)", line (\d+) in (\w+)', stderr)[:1])),
                "crashed": bool(signals) or bool(fault) or "WORKER TIMEOUT" in text
                or len(re.findall(r"Booting worker with pid", text)) > 2}

    def stop(self) -> None:
        """SIGTERM to the master; SIGKILL if it has not ended in 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


def run_wrk(port: int, path: str, cookie: str = "", *, fresh: bool = False,
            extra: tuple[tuple[str, str], ...] = ()) -> dict:
    """``wrk -t2 -c8`` against one page; its req/s, latency and how many answers were not 200.

    The same request over and over, as a reload does: pages come from the page cache.
    ``fresh``: each request says ``Cache-Control: no-cache`` and is rendered afresh."""
    command = ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", "--timeout", "10s", "--latency",
               "-s", str(BENCH / "wrk_status.lua"), "-H", f"User-Agent: {USER_AGENT}",
               "-H", "X-Bench: wrk"]
    if fresh:
        command += ["-H", "Cache-Control: no-cache"]
    for name, value in extra:
        command += ["-H", f"{name}: {value}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=WRK_SECONDS + 60).stdout
    except subprocess.TimeoutExpired:
        return {"error": "wrk did not finish"}

    def number(pattern: str) -> float | None:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else None

    latency = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": number(r"Requests/sec:\s+([\d.]+)"),
            "requests": int(number(r"(\d+) requests in") or 0),
            "p50_ms": round(float(latency.group(1)) * scale[latency.group(2)], 1) if latency
            else None,
            "non200": int(number(r"BENCH_NON200 (\d+)") or 0),
            "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
            "timeouts": int(errors.group(4)) if errors else 0}


def single_requests(servers: dict[str, Server], paths: dict[str, str],
                    cookies: dict[str, str], extra: tuple[tuple[str, str], ...] = ()) -> dict:
    """Sequential single requests to one page on every size's server, in turns.

    The sizes take turns request by request (tenth, full, full, tenth, …), so a slower
    second on a shared machine falls on both sizes alike and the full/tenth ratio compares
    like with like. Each size gets the same number of requests; per size: the first one
    (caches cold, ``first_ms``), then the median of the rest, client and server time."""
    sizes = list(servers)
    results: dict[str, dict] = {size: {"path": paths[size]} for size in sizes}
    offsets, times = {}, {size: [] for size in sizes}
    statuses, bodies = {}, {}
    for size in sizes:
        # The first request after start-up for this page: caches cold.
        status, body, _, first_s = request(servers[size].port, paths[size],
                                           cookie=cookies[size], extra=extra)
        results[size]["first_ms"] = round(first_s * 1000, 1)
        offsets[size] = servers[size].log_size()
    rounds, started = 0, time.perf_counter()
    while rounds < SINGLE_MAX and (rounds < SINGLE_MIN or
                                   time.perf_counter() - started < SINGLE_BUDGET):
        for size in (sizes if rounds % 2 == 0 else reversed(sizes)):
            statuses[size], bodies[size], _, seconds = request(
                servers[size].port, paths[size], cookie=cookies[size], extra=extra)
            times[size].append(seconds * 1000)
        rounds += 1
    for size in sizes:
        server = servers[size]
        server.settle(quiet=0.2, limit=5)
        server_us = [int(f[3]) for f in server.access_lines(offsets[size])
                     if f[4] == "single" and f[3].isdigit()]
        results[size].update(
            status=statuses[size], bytes=len(bodies[size]), n=len(times[size]),
            ms=round(statistics.median(times[size]), 1),
            server_ms=round(statistics.median(server_us) / 1000, 1) if server_us else None)
    return results


def measure_page(servers: dict[str, Server], paths: dict[str, str], cookies: dict[str, str],
                 *, fresh_wrk: set[str] = frozenset(),
                 extra: tuple[tuple[str, str], ...] = ()) -> dict[str, dict]:
    """One page on every size's server: single requests in turns, then wrk on each server
    alone; ``fresh_wrk``: the sizes where wrk runs once more with every request rendered."""
    for server in servers.values():
        server.check_alive()
        server.settle()
    try:
        results = single_requests(servers, paths, cookies, extra)
    except (OSError, http.client.HTTPException) as error:
        return {size: {"path": paths[size], "error": f"{type(error).__name__}: {error}"}
                for size in servers}
    for size, server in servers.items():
        results[size]["wrk"] = run_wrk(server.port, paths[size], cookies[size], extra=extra)
        if size in fresh_wrk:
            results[size]["wrk_fresh"] = run_wrk(server.port, paths[size], cookies[size],
                                                 fresh=True, extra=extra)
    return results


# --- in-process parts ----------------------------------------------------------------------

def inproc(part: str, manifest_path: Path, timeout: int = INPROC_TIMEOUT) -> dict:
    """Run ``bench.inproc <part>`` in its own process; a failure or timeout is recorded."""
    t0 = time.perf_counter()
    try:
        # faulthandler: a crash (SIGSEGV) leaves the Python stack in stderr, and so here.
        done = subprocess.run([sys.executable, "-X", "faulthandler", "-m", "bench.inproc",
                               part, str(manifest_path)],
                              cwd=SNAPSHOT, env=code_env(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        stderr = (done.stderr or "").strip()
        log = LOGS / f"inproc-{part}-{manifest_path.stem}.stderr.log"
        log.write_text(stderr)
        if done.returncode < 0:
            what = f"killed by {signal.Signals(-done.returncode).name}"
        else:
            what = f"exit {done.returncode}"
        detail = " | ".join(stderr.splitlines()[-3:])
        if "Fatal Python error" in stderr:  # faulthandler: the innermost frames
            frames = re.findall(r'File "([^"]+)", line (\d+) in (\w+)', stderr)
            app = [f"{f.split('/advocacy/', 1)[1]}:{n} {fn}" for f, n, fn in frames
                   if "/advocacy/" in f][:1]
            detail = "; ".join(f"{Path(f).name}:{n} {fn}" for f, n, fn in frames[:3])
            detail += f" (in the app: advocacy/{app[0]})" if app else ""
        return {"error": f"{what}: {' '.join(detail.split())}"[:600], "log": str(log)}
    result = json.loads(lines[-1])
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    return result


# --- one database, one size ----------------------------------------------------------------

def feed_renders(servers: dict[str, Server], manifests: dict[str, dict]) -> dict[str, dict]:
    """The first request to each of the other feed users' calendars, the sizes in turns.

    The feed page's single requests after the first are served from its cache (the data
    has not changed), so they do not show what rendering 750 hearings costs; each of these
    users' first request does, in a worker that is warm. The median of them is judged."""
    page = next(p for p in PAGES if p.name == "calendar feed")
    sizes = list(servers)
    times: dict[str, list[float]] = {size: [] for size in sizes}
    statuses: dict[str, set] = {size: set() for size in sizes}
    count = min(len(manifests[size].get("feed_secrets", [])) for size in sizes)
    for i in range(count):
        for size in (sizes if i % 2 == 0 else reversed(sizes)):
            path = page.url({**manifests[size],
                             "calendar_secret": manifests[size]["feed_secrets"][i]})
            status, _, _, seconds = request(servers[size].port, path, extra=page.headers)
            times[size].append(seconds * 1000)
            statuses[size].add(status)
    return {size: {"n": len(times[size]), "statuses": sorted(statuses[size]),
                   "ms": round(statistics.median(times[size]), 1),
                   "max_ms": round(max(times[size]), 1)} if times[size] else {}
            for size in sizes}


def bench_database(db_kind: str, sizes: list[str], hello: Server) -> dict[str, dict]:
    """Everything measured on one database: a block per size.

    Both sizes are generated first and served side by side, so that every page's single
    requests go to the two sizes in turns (``single_requests``)."""
    blocks: dict[str, dict] = {}
    manifests: dict[str, dict] = {}
    for size in sizes:
        say(f"\n== {db_kind} / {size}: generating")
        try:
            manifests[size] = generate_data(db_kind, size)
        except RuntimeError as error:
            say(f"   FAILED: {error}")
            blocks[size] = {"error": str(error)[:500], "crashes": {}}
            continue
        say(f"   generated in {manifests[size]['seconds']} s: {manifests[size]['counts']}")
        blocks[size] = {"generate_s": manifests[size]["seconds"],
                        "counts": manifests[size]["counts"], "load_before": os.getloadavg()}
    served = list(manifests)
    say(f"\n== {db_kind}: serving {', '.join(served)} side by side")
    servers: dict[str, Server] = {}
    try:
        for size in served:
            servers[size] = Server(f"{db_kind}-{size}", "advocacy:create_app()",
                                   app_env(manifests[size]["url"]))
        hello.check_alive()
        cookies = {role: {size: "" for size in served} for role in (None, "staff", "partner")}
        for size in served:
            for role in ("staff", "partner"):
                cookies[role][size] = http_login(servers[size].port,
                                                 manifests[size][f"{role}_email"],
                                                 manifests[size]["password"])
        for size in served:
            blocks[size]["hello"] = measure_page({"hello": hello}, {"hello": "/healthz"},
                                                 {"hello": ""})["hello"]
            say(f"   hello-world ({size}): {blocks[size]['hello'].get('wrk', {}).get('rps')} "
                "req/s")
            blocks[size]["pages"] = {}
        for page in PAGES:
            measured = measure_page(servers, {s: page.url(manifests[s]) for s in served},
                                    cookies[page.role], fresh_wrk={"full"} & set(served),
                                    extra=page.headers)
            for size in served:
                measured[size]["memory"] = servers[size].memory()
                blocks[size]["pages"][page.name] = measured[size]
            say(f"   {page.name}: " + "; ".join(f"{size} {brief(measured[size])}"
                                                 for size in served))
        renders = feed_renders(servers, manifests)
        for size in served:
            blocks[size]["feed_renders"] = renders[size]
        say("   calendar feeds rendered: " + "; ".join(
            f"{size} {renders[size]['ms']} ms" for size in served if "ms" in renders[size]))
    except Exception as error:  # noqa: BLE001 - the blocks are recorded as failed
        for size in served:
            blocks[size]["error"] = f"{type(error).__name__}: {error}"[:500]
        say(f"   FAILED: {type(error).__name__}: {error}"[:500])
    finally:
        for size, server in servers.items():
            block = blocks[size]
            block["memory"] = server.memory()
            server.stop()
            block["peak_rss_mb"] = round(server.peak_rss_kb / 1024, 1)
            block["crashes"] = server.crashes()
            block["server_log_tail"] = (server.log_tail(8) if block["crashes"]["crashed"]
                                        else "")
            say(f"   workers ({size}): peak {block['peak_rss_mb']} MB, "
                f"crashes: {block['crashes']}")
    for size in served:
        manifest_path = generate.DATA / f"{db_kind}-{size}.json"
        say(f"   in-process ({size}): queries per page")
        blocks[size]["inproc_pages"] = inproc("pages", manifest_path)
        if size == sizes[-1]:
            blocks[size]["jobs"] = {}
            for part in ("word", "search", "reminders", "import"):
                say(f"   in-process ({size}): {part}")
                blocks[size]["jobs"][part] = inproc(part, manifest_path)
                say(f"      {blocks[size]['jobs'][part]}")
        if db_kind == "postgresql" and not os.environ.get("BENCH_KEEP"):
            generate.drop_database(manifests[size]["url"])
    return blocks


def brief(page: dict) -> str:
    """One line about a measured page, for the progress output."""
    if "error" in page:
        return f"ERROR {page['error']}"
    wrk = page.get("wrk", {})
    return (f"HTTP {page['status']}, {page['ms']} ms (server {page['server_ms']} ms), "
            f"{page['bytes'] / 1024:.1f} KB, {wrk.get('rps')} req/s, non-200 {wrk.get('non200')}")


# --- the report ----------------------------------------------------------------------------

def fmt(value, digits: int = 0, unit: str = "") -> str:
    """A number for the table, or a dash."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{unit}".replace(",", " ")


def judge_page(page, tenth: dict | None, full: dict | None, q_tenth, q_full,
               hello_rps) -> list[str]:
    """The targets a page misses (empty list: all met)."""
    failures = []
    main = full or tenth
    if not main or "error" in main:
        return ["no answer"]
    if main.get("status") != 200:
        failures.append(f"HTTP {main.get('status')}")
    if main.get("wrk", {}).get("non200"):
        failures.append(f"{main['wrk']['non200']} non-200 under load")
    if main.get("wrk", {}).get("socket_errors"):
        failures.append(f"{main['wrk']['socket_errors']} dropped connections under load")
    if main["ms"] > page.target_ms:
        failures.append(f"> {page.target_ms:.0f} ms")
    if tenth and full and "ms" in tenth and "ms" in full and full["ms"] > MAX_SCALE * tenth["ms"]:
        failures.append(f"scales {full['ms'] / tenth['ms']:.1f}×")
    rps = main.get("wrk", {}).get("rps")
    if rps is not None and hello_rps and rps < MIN_HELLO_SHARE * hello_rps:
        failures.append("< 10 % of hello")
    queries = [q for q in (q_tenth, q_full) if q is not None]
    if queries and max(queries) > MAX_QUERIES:
        failures.append(f"{max(queries)} queries")
    if q_tenth is not None and q_full is not None and q_tenth != q_full:
        failures.append("queries differ by size")
    return failures


def page_table(block_t: dict | None, block_f: dict | None) -> list[str]:
    """The Markdown table of pages for one database."""
    rows = ["| page | tenth ms | full ms | full/tenth | server ms | queries tenth/full "
            "| KB | req/s | % of hello | req/s rendered | target met |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    main_block = block_f or block_t
    hello_rps = (main_block or {}).get("hello", {}).get("wrk", {}).get("rps")
    rows.append(f"| hello-world (baseline) | {fmt(pick(block_t, 'hello', 'ms'), 1)} | "
                f"{fmt(pick(block_f, 'hello', 'ms'), 1)} | | | | | {fmt(hello_rps)} | 100 % | | |")
    for page in PAGES:
        tenth = (block_t or {}).get("pages", {}).get(page.name)
        full = (block_f or {}).get("pages", {}).get(page.name)
        q_t = (block_t or {}).get("inproc_pages", {}).get(page.name, {}).get("queries")
        q_f = (block_f or {}).get("inproc_pages", {}).get(page.name, {}).get("queries")
        main = full or tenth or {}
        rps = main.get("wrk", {}).get("rps")
        failures = judge_page(page, tenth, full, q_t, q_f, hello_rps)
        ratio = (full["ms"] / tenth["ms"] if tenth and full and tenth.get("ms")
                 and full.get("ms") else None)
        cell = lambda p: (fmt(p.get("ms"), 1) if p and "ms" in p  # noqa: E731
                          else ("error" if p else "–"))
        status = "" if main.get("status") in (200, None) else f" (HTTP {main.get('status')})"
        rows.append(
            f"| {page.name}{status} | {cell(tenth)} | {cell(full)} | "
            f"{fmt(ratio, 2, '×')} | {fmt(main.get('server_ms'), 1)} | "
            f"{fmt(q_t)}/{fmt(q_f)} | {fmt(main.get('bytes', 0) / 1024 if main else None, 1)} | "
            f"{fmt(rps, 1)} | {fmt(100 * rps / hello_rps if rps and hello_rps else None)} % | "
            f"{fmt(main.get('wrk_fresh', {}).get('rps'), 1)} | "
            f"{'pass' if not failures else 'FAIL: ' + ', '.join(failures)} |")
    return rows


def pick(block: dict | None, *keys):
    """``block[k1][k2]…`` or ``None``."""
    value = block
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def jobs_table(db_results: dict) -> list[str]:
    """The Markdown table of in-process jobs and worker memory for one database."""
    rows = ["| measurement | value | target | met |", "|---|---:|---|---|"]
    sizes = [s for s in ("tenth", "full") if s in db_results]
    job_size = sizes[-1]
    jobs = db_results[job_size].get("jobs", {})

    def add(name, value, target, ok, job: dict | None = None):
        if ok is None and job and "error" in job:
            ok = False  # a job that crashed or timed out misses its target
        rows.append(f"| {name} | {value} | {target} | "
                    f"{'–' if ok is None else ('pass' if ok else 'FAIL')} |")

    word = jobs.get("word", {})
    add(f"Word export, in process ({job_size}, 40 sections, 50 signatories)",
        fmt(word.get("ms"), 0, " ms") if "ms" in word else word.get("error", "–"),
        f"≤ {WORD_MAX_MS:.0f} ms", word["ms"] <= WORD_MAX_MS if "ms" in word else None, word)
    imp = jobs.get("import", {})
    first, second = imp.get("first", {}), imp.get("second", {})
    add(f"import of 2,000 hearings, first run ({job_size})",
        f"{fmt(first.get('s'), 2, ' s')} ({first.get('created', '?')} new, "
        f"{first.get('suggested', '?')} suggestions, {first.get('queries', '?')} queries)"
        if first else imp.get("error", "–"),
        f"≤ {IMPORT_MAX_S:.0f} s", first["s"] <= IMPORT_MAX_S if first else None, imp)
    changed = (second.get("created", 0) + second.get("updated", 0)) if second else None
    add("import, second run", f"{fmt(second.get('s'), 2, ' s')} ({changed} changed)"
        if second else imp.get("error", "–"), "changes nothing",
        changed == 0 if second else None, imp)
    rem = jobs.get("reminders", {})
    over = f"{fmt(rem['deadlines'])} deadlines" if "deadlines" in rem else "every deadline"
    if "in_window" in rem:
        over += f" ({fmt(rem['in_window'])} within reach of a lead time)"
    add(f"reminder run over {over}, first run ({job_size})",
        f"{fmt(rem.get('first_s'), 2, ' s')} ({rem.get('digests')} digests, "
        f"{rem.get('reminders')} reminders, {rem.get('first_queries')} queries)"
        if "first_s" in rem else rem.get("error", "–"),
        f"≤ {REMINDERS_MAX_S:.0f} s", rem["first_s"] <= REMINDERS_MAX_S if "first_s" in rem
        else None, rem)
    if "first_s" in rem:
        add("reminder run, dry run (planning only)", fmt(rem["dry_run_s"], 2, " s"),
            f"≤ {REMINDERS_MAX_S:.0f} s", rem["dry_run_s"] <= REMINDERS_MAX_S)
        add("reminder run, second run", f"{fmt(rem['second_s'], 2, ' s')} "
            f"({rem['second_new']} sent again)", "sends nothing", rem["second_new"] == 0)
    search = jobs.get("search", {})
    add(f"search for a word, conditions / measures ({job_size})",
        f"{fmt(pick(search, 'conditions', 'ms'), 0)} / {fmt(pick(search, 'measures', 'ms'), 0)} ms"
        if "ms" in search else search.get("error", "–"), "≤ 50 ms",
        search["ms"] <= 50 if "ms" in search else None, search)
    renders = db_results[job_size].get("feed_renders") or {}
    if "ms" in renders:
        add(f"calendar feed rendered, median of {renders['n']} users' first requests "
            f"({job_size}, slowest {fmt(renders['max_ms'], 0)} ms)",
            fmt(renders["ms"], 0, " ms"), "≤ 100 ms",
            renders["ms"] <= 100 and renders["statuses"] == [200])
    elif db_results[job_size].get("pages"):
        add(f"calendar feed rendered ({job_size})", "not measured", "≤ 100 ms", False)
    feed = pick(db_results, job_size, "pages", "calendar feed") or {}
    if "first_ms" in feed:
        # One request, in a worker that has not yet run the feed's queries: shown, not
        # judged (it is one sample; the median above is the feed's cost).
        add(f"calendar feed, first request after start-up ({job_size}, then "
            f"{fmt(feed.get('ms'), 0)} ms from its cache)", fmt(feed["first_ms"], 0, " ms"),
            "(shown)", None)
    for size in sizes:
        block = db_results[size]
        peak = block.get("peak_rss_mb")
        add(f"worker RSS, peak ({size})", fmt(peak, 0, " MB"), f"≤ {MAX_RSS_MB} MB",
            peak <= MAX_RSS_MB if peak else None)
        crashes = block.get("crashes", {})
        what = ", ".join(crashes.get("signals", [])) or "none"
        if crashes.get("fault_at"):
            what += f" in {crashes['fault_at']}"
        if crashes.get("timeouts"):
            what += f"; {crashes['timeouts']} worker timeouts"
        add(f"worker crashes ({size})", f"{what} ({crashes.get('boots', '?')} worker boots)",
            "none", not crashes.get("crashed") if crashes else None)
        if block.get("error"):
            add(f"HTTP run ({size})", block["error"][:120], "completes", False)
    return rows


def markdown(results: dict) -> str:
    """The whole report as Markdown."""
    meta = results["meta"]
    lines = [f"Run {meta['finished']} on {meta['machine']} ({meta['cpus']} CPUs, load "
             f"{meta['load_start']} at start), {meta['mode']}, wrk "
             f"`-t2 -c8 -d{meta['wrk_seconds']}s`, gunicorn `-w 2` (sync), took "
             f"{meta['total_s'] / 60:.1f} min.", "",
             f"Code: commit {meta['code']['commit']} ({meta['code']['subject']})"
             + (f" plus uncommitted changes to {len(meta['code']['uncommitted'])} files"
                if meta["code"]["uncommitted"] else "") + ".", "",
             f"Targets: {TARGETS_TEXT}.", ""]
    for db_kind, db_results in results["databases"].items():
        lines += [f"### {db_kind}", "",
                  *page_table(db_results.get("tenth"), db_results.get("full")), "",
                  *jobs_table(db_results), ""]
    for db_kind in results.get("skipped", []):
        lines += [f"### {db_kind}", "", f"Not measured: {results['skipped'][db_kind]}.", ""]
    return "\n".join(lines)


def update_readme(table: str) -> None:
    """Put the latest table between the README's markers."""
    readme = BENCH / "README.md"
    if not readme.exists():
        return
    text = readme.read_text()
    start, end = "<!-- bench:latest:start -->", "<!-- bench:latest:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        readme.write_text(f"{head}{start}\n{table}\n{end}{tail}")


def take_lock() -> None:
    """Refuse to start while another benchmark run uses ``bench/.data`` (same files, ports)."""
    lock = generate.DATA / "run.pid"
    generate.DATA.mkdir(parents=True, exist_ok=True)
    if lock.exists():
        try:
            other = int(lock.read_text())
            os.kill(other, 0)
        except (ValueError, ProcessLookupError, PermissionError):
            pass  # a stale lock
        else:
            if other != os.getpid():
                sys.exit(f"another benchmark run (pid {other}) is using {generate.DATA}")
    lock.write_text(str(os.getpid()))


def write_report(results: dict) -> str:
    """Write ``latest.json``, ``latest.md`` and the README's table; return the table."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    table = markdown(results)
    (RESULTS / "latest.md").write_text(table + "\n")
    update_readme(table)
    return table


def main() -> None:
    """Run the whole benchmark and write the results (``--report``: only re-render them)."""
    if "--report" in sys.argv:
        say(write_report(json.loads((RESULTS / "latest.json").read_text())))
        return
    started = time.perf_counter()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `apt-get install wrk` (make bench installs it)")
    take_lock()
    wanted = os.environ.get("BENCH_DB", "both")
    kinds = ["sqlite", "postgresql"] if wanted == "both" else [wanted]
    results: dict = {"meta": {}, "databases": {}, "skipped": {}}
    if "postgresql" in kinds and not generate.postgres_available():
        kinds.remove("postgresql")
        results["skipped"]["postgresql"] = f"no server answers at {generate.postgres_base_url()}"
        say(f"PostgreSQL skipped: {results['skipped']['postgresql']}")
    sizes = ["tenth"] if QUICK else ["tenth", "full"]
    code = snapshot_code()
    say(f"Code under test: {code['commit']} ({code['subject']}), "
        f"{len(code['uncommitted'])} uncommitted changes, copied to {SNAPSHOT}")
    results["meta"] = {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "machine": platform.node() or "?", "cpus": os.cpu_count(),
                       "python": platform.python_version(), "mode": "quick (one tenth only)"
                       if QUICK else "full", "wrk_seconds": WRK_SECONDS,
                       "load_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                       "targets": TARGETS_TEXT, "code": code}
    hello = Server("hello", "bench.hello:app", app_env("sqlite://"))
    try:
        for db_kind in kinds:
            results["databases"][db_kind] = bench_database(db_kind, sizes, hello)
    finally:
        hello.stop()
    results["meta"]["hello_crashes"] = hello.crashes()
    results["meta"]["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results["meta"]["total_s"] = round(time.perf_counter() - started, 1)
    table = write_report(results)
    say("\n" + table)
    say(f"\nResults: {RESULTS / 'latest.json'} and latest.md "
        f"({results['meta']['total_s'] / 60:.1f} min)")


if __name__ == "__main__":
    main()
