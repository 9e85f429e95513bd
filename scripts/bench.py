"""The request-path benchmark: each case of the reader as a ratio to the Flask floor.

    .venv/bin/python scripts/bench.py [--duration 5] [--rounds 3] [--workers 4]
                                      [--database-url postgresql://...]

Serves the reader under gunicorn as `make serve` does (sync workers, access log on) on a
throwaway database holding the demo article (SQLite unless --database-url names an empty
PostgreSQL database), and beside it the floor: a bare Flask app under the same server returning
the same bytes as our article page. Each case runs in turn, round after round, with wrk (`-t2
-c32`; a bounded Python load generator when wrk is missing), and the script prints requests per
second, p99 latency and non-2xx answers per case, each as a ratio to the floor of the same round.

Targets (issue "Serve a portal's traffic"): every GET case >= 0.85 of the floor; POSTs >= 0.35 on
SQLite and >= 0.25 on PostgreSQL; no non-2xx; p99 of every case <= 3x the floor's.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORTAL = "https://portal.example"
SECRET = "bench-secret-key"


@dataclass
class Case:
    name: str
    path: str
    method: str = "GET"
    headers: dict = field(default_factory=dict)
    body: str = ""
    floor: bool = False  # served by the floor app

    @property
    def is_post(self) -> bool:
        return self.method == "POST"


@dataclass
class Result:
    rps: float
    p99_ms: float
    non_2xx: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port} within {timeout} s")


def gunicorn(app: str, port: int, workers: int, env: dict, chdir: Path) -> subprocess.Popen:
    """The server as `make serve` runs it."""
    args = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        "--chdir",
        str(chdir),
        app,
    ]
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port, process)
    return process


def flask_cli(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "reader", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def request(port: int, case: Case):
    """One request: its status, headers (an http.client.HTTPMessage) and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(case.method, case.path, body=case.body or None, headers=case.headers)
    response = connection.getresponse()
    answer = response.status, response.headers, response.read()
    connection.close()
    return answer


def prepare(port: int, slug: str) -> list[Case]:
    """The cases, with what they need: a reader at 120% (two steps up, as a reader would)."""
    article = f"/articles/{slug}"
    status, headers, page = request(port, Case("page", article))
    if status != 200:
        raise SystemExit(f"GET {article} answered {status}")
    # The hour's new-reader token, as our page's form sends it (a new reader needs one).
    token = re.search(rb'name="reader_new" value="([^"]+)"', page).group(1).decode()
    form = urlencode({"action": "increase", "next": article, "reader_new": token})
    post_headers = {  # as Chromium sends them from our own page
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "Sec-Fetch-Site": "same-origin",
    }
    cookies = {}
    for _ in range(2):
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        _, answer, _ = request(
            port,
            Case("up", "/reader/text-size", "POST", {**post_headers, "Cookie": jar}, form),
        )
        set_cookies = " ".join(answer.get_all("Set-Cookie") or [])
        cookies.update(re.findall(r"(reader_id|reader_variant)=([^;]+)", set_cookies))
    returning = "; ".join(f"{k}={v}" for k, v in cookies.items())
    origin = {"Origin": PORTAL}
    _, _, state = request(port, Case("embed", "/embed/toolbar", headers=origin))
    embed_token = json.loads(state)["token"]
    return [
        Case("article, new reader", article),
        Case("article, returning reader at 120%", article, headers={"Cookie": returning}),
        Case("list", "/"),
        Case("embed toolbar GET", "/embed/toolbar", headers=origin),
        Case("text-size POST (htmx, new readers)", "/reader/text-size", "POST", post_headers, form),
        Case(
            "embed text-size POST",
            "/embed/text-size",
            "POST",
            {**origin, "Content-Type": "application/json", "X-Reader-Token": embed_token},
            json.dumps({"action": "increase"}),
        ),
        Case("static file (toolbar.js)", "/static/reader/toolbar.js"),
    ]


LUA = """wrk.method = {method}
wrk.body = {body}
{headers}
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for this ASCII input


def run_wrk(port: int, case: Case, seconds: float, folder: Path) -> Result:
    script = folder / "case.lua"
    headers = "\n".join(
        f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in case.headers.items()
    )
    script.write_text(
        LUA.format(method=lua_string(case.method), body=lua_string(case.body), headers=headers)
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c32",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{case.path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> Result:
    """wrk's report (with --latency): requests per second, p99 in ms, and answers that were not
    2xx/3xx or timed out."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    non_2xx = int(errors.group(1)) if errors else 0
    non_2xx += int(socket_errors.group(1)) if socket_errors else 0
    return Result(rps, p99_ms, non_2xx)


def run_python(port: int, case: Case, seconds: float, folder: Path) -> Result:
    """A bounded load generator: 32 threads on keep-alive connections for `seconds`."""
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request(
                    case.method, case.path, body=case.body or None, headers=case.headers
                )
                response = connection.getresponse()
                response.read()
                bad += not 200 <= response.status < 400
            except (OSError, http.client.HTTPException):
                bad += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
    return Result(len(latencies) / seconds, p99, failures[0])


def write_floor(folder: Path, page: bytes) -> None:
    """The floor: a bare Flask app returning the article page's bytes."""
    (folder / "article.html").write_bytes(page)
    (folder / "floor.py").write_text(
        "from pathlib import Path\n\nfrom flask import Flask, Response\n\n"
        "PAGE = (Path(__file__).parent / 'article.html').read_bytes()\n"
        "app = Flask(__name__)\n\n\n@app.get('/')\ndef page():\n"
        "    return Response(PAGE, mimetype='text/html')\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per case and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url",
        default="",
        help="an empty PostgreSQL database (default: SQLite in a temp folder)",
    )
    parser.add_argument(
        "--python-load",
        action="store_true",
        help="use the Python load generator even when wrk is installed",
    )
    options = parser.parse_args()
    if not 1 <= options.duration <= 60 or not 1 <= options.rounds <= 10:
        parser.error("--duration is 1 to 60 seconds and --rounds 1 to 10")
    load = run_python if options.python_load or not shutil.which("wrk") else run_wrk
    folder = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    database = options.database_url or f"sqlite:///{folder / 'reader.sqlite'}"
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT)}
    # The request path's cost, not the abuse limits (one address posting as fast as it can is
    # what they refuse): scripts/abuse_bench.py measures those.
    env["READER_RATELIMIT_ENABLED"] = "false"
    flask_cli(env, "db", "upgrade")
    slug = re.search(r"/articles/(\S+)", flask_cli(env, "load-demo")).group(1)
    flask_cli(env, "portal", "add", "--origin", PORTAL, "--name", "Bench portal")
    app_port, floor_port = free_port(), free_port()
    servers = [gunicorn("reader:create_app()", app_port, options.workers, env, ROOT)]
    try:
        cases = prepare(app_port, slug)
        _, _, page = request(app_port, cases[0])
        write_floor(folder, page)
        servers.append(gunicorn("floor:app", floor_port, options.workers, env, folder))
        floor = Case("floor: bare Flask, same bytes", "/", floor=True)
        database_name = "PostgreSQL" if database.startswith("postgres") else "SQLite"
        print(
            f"reader bench: {database_name}, gunicorn {options.workers} sync workers, "
            f"{'wrk -t2 -c32' if load is run_wrk else 'Python load, 32 connections'}, "
            f"{options.rounds} rounds x {options.duration:g} s per case, "
            f"article page {len(page):,} bytes, {os.cpu_count()} CPUs"
        )
        for case in [floor, *cases]:  # warm up: workers started, imports and caches filled
            load(floor_port if case.floor else app_port, case, 1, folder)
        results: dict[str, list[Result]] = {c.name: [] for c in [floor, *cases]}
        ratios: dict[str, list[float]] = {c.name: [] for c in cases}
        for _ in range(options.rounds):
            base = load(floor_port, floor, options.duration, folder)
            results[floor.name].append(base)
            for case in cases:
                result = load(app_port, case, options.duration, folder)
                results[case.name].append(result)
                ratios[case.name].append(result.rps / base.rps)
        report(floor, cases, results, ratios, database_name)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def report(floor, cases, results, ratios, database_name) -> None:
    post_target = 0.35 if database_name == "SQLite" else 0.25
    floor_p99 = statistics.median(r.p99_ms for r in results[floor.name])
    print(
        f"\n{'case':<40} {'req/s':>8} {'p99 ms':>8} {'non-2xx':>8} {'ratio':>6} "
        f"{'p99/floor':>9} {'target':>7}"
    )
    for case in [floor, *cases]:
        runs = results[case.name]
        rps = statistics.median(r.rps for r in runs)
        p99 = statistics.median(r.p99_ms for r in runs)
        errors = sum(r.non_2xx for r in runs)
        if case.floor:
            print(f"{case.name:<40} {rps:>8.0f} {p99:>8.1f} {errors:>8} {'1.00':>6}")
            continue
        ratio = statistics.median(ratios[case.name])
        target = post_target if case.is_post else 0.85
        met = ratio >= target and errors == 0 and p99 <= 3 * floor_p99
        print(
            f"{case.name:<40} {rps:>8.0f} {p99:>8.1f} {errors:>8} {ratio:>6.2f} "
            f"{p99 / floor_p99:>9.1f} {'>=' + format(target, '.2f'):>7} "
            f"{'met' if met else 'NOT met'}"
        )
    print("\nratio: median over the rounds of the case's req/s over the floor's in the same round")


if __name__ == "__main__":
    main()
