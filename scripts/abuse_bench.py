"""Normal readers while the write endpoints are abused: requests per second and p99 of article
GETs, alone and with a steady 50 abusive POSTs a second, on loopback.

    .venv/bin/python scripts/abuse_bench.py [--duration 10] [--rate 50] [--rounds 3]

Serves the reader under gunicorn as `make serve` does (2 sync workers, the default abuse limits,
in-memory counts) on a throwaway SQLite database holding the demo article. Normal readers are
wrk (`-t1 -c8`; the Python load generator of scripts/bench.py, 32 connections, when wrk is
missing) on the article page. The abuser is five paced loops (rate/5 a second each), as curl
loops would be, spread over the three write
endpoints: our form without cookies (a new reader each time, with the page's new-reader token),
the script embed's JSON with a valid token, and the iframe's form. It prints the normal readers'
figures without and with the abuse (medians of alternated rounds), and what the abuser got.
Targets (issue 13): p99 under abuse <= 2x unloaded, and no 5xx anywhere.
"""

import argparse
import collections
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import (  # noqa: E402  (the benchmark's server and load helpers)
    PORTAL,
    ROOT,
    SECRET,
    Case,
    Result,
    flask_cli,
    free_port,
    gunicorn,
    parse_wrk,
    request,
    run_python,
)

TIMES = collections.defaultdict(list)
CONNECTIONS = 8  # normal readers: eight at a time, each loading the page again at once


def run_wrk(port: int, case: Case, seconds: float, folder: Path) -> Result:
    """wrk on one URL: its requests per second, p99, and answers that were not 2xx/3xx."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        + [f"http://127.0.0.1:{port}{case.path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(out)


def abusive_requests(port: int, slug: str) -> list[Case]:
    """The write requests a curl loop would send, each valid enough to reach the limits."""
    article = f"/articles/{slug}"
    _, _, page = request(port, Case("page", article))
    token = re.search(rb'name="reader_new" value="([^"]+)"', page).group(1).decode()
    _, _, state = request(port, Case("embed", "/embed/toolbar", headers={"Origin": PORTAL}))
    form = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
    body = urlencode({"action": "increase", "next": article, "reader_new": token})
    return [
        Case("our form", "/reader/text-size", "POST", form, body),
        Case(
            "embed JSON",
            "/embed/text-size",
            "POST",
            {
                "Origin": PORTAL,
                "Content-Type": "application/json",
                "X-Reader-Token": json.loads(state)["token"],
            },
            json.dumps({"action": "increase"}),
        ),
        Case("iframe form", f"/embed/articles/{slug}/text-size", "POST", form, body),
    ]


def abuse(port: int, cases: list[Case], rate: float, stop: threading.Event, seen: dict) -> None:
    """`rate` requests a second, paced (not as fast as possible), round the cases."""
    interval, number = 1 / rate, 0
    next_at = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        case = cases[number % len(cases)]
        number += 1
        try:
            start = time.perf_counter()
            connection.request(case.method, case.path, body=case.body, headers=case.headers)
            response = connection.getresponse()
            response.read()
            seen[f"{case.name} {response.status}"] += 1
            TIMES[case.name].append(time.perf_counter() - start)
        except (OSError, http.client.HTTPException):
            seen[f"{case.name} failed"] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))


def median_result(runs: list[Result]) -> Result:
    return Result(
        statistics.median(r.rps for r in runs),
        statistics.median(r.p99_ms for r in runs),
        sum(r.non_2xx for r in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--rate", type=float, default=50, help="abusive requests per second")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=3, help="unloaded/abused pairs (medians)")
    options = parser.parse_args()
    if not (1 <= options.duration <= 60 and 1 <= options.rate <= 500 and 1 <= options.rounds <= 9):
        parser.error("--duration is 1 to 60 seconds, --rate 1 to 500, --rounds 1 to 9")
    folder = Path(tempfile.mkdtemp(prefix="reader-abuse-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'reader.sqlite'}",
        "SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    flask_cli(env, "db", "upgrade")
    slug = re.search(r"/articles/(\S+)", flask_cli(env, "load-demo")).group(1)
    flask_cli(env, "portal", "add", "--origin", PORTAL, "--name", "Bench portal")
    port = free_port()
    server = gunicorn("reader:create_app()", port, options.workers, env, ROOT)
    load = run_wrk if shutil.which("wrk") else run_python
    normal = Case("article", f"/articles/{slug}")
    try:
        load(port, normal, 2, folder)  # warm up
        quiet_runs, loaded_runs, rates = [], [], []
        seen: dict = collections.Counter()
        cases = abusive_requests(port, slug)
        for _ in range(options.rounds):  # alternated, so the machine's own load hits both
            quiet_runs.append(load(port, normal, options.duration, folder))
            stop = threading.Event()
            abusers = [  # five loops of rate/5 a second each: a slow answer does not slow them
                threading.Thread(target=abuse, args=(port, cases, options.rate / 5, stop, seen))
                for _ in range(5)
            ]
            for abuser in abusers:
                abuser.start()
            time.sleep(1)  # the abuse is under way before we measure
            started, before = time.monotonic(), sum(seen.values())
            loaded_runs.append(load(port, normal, options.duration, folder))
            rates.append((sum(seen.values()) - before) / (time.monotonic() - started))
            stop.set()
            for abuser in abusers:
                abuser.join()
        quiet, loaded = median_result(quiet_runs), median_result(loaded_runs)
        sent_rate = statistics.median(rates)
        rows = flask_cli(env, "prune")  # prints how many rows there are to prune (none: fresh)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"reader abuse bench: SQLite, gunicorn {options.workers} sync workers, "
        f"{'wrk' if load is run_wrk else 'Python load'} on the article page, "
        f"medians of {options.rounds} rounds of {options.duration} s each, {os.cpu_count()} CPUs"
    )
    print(f"{'normal readers':<28} {'req/s':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, result in (("unloaded", quiet), (f"{options.rate:g} abusive req/s", loaded)):
        print(f"{name:<28} {result.rps:>8.0f} {result.p99_ms:>8.1f} {result.non_2xx:>8}")
    ratio = loaded.p99_ms / quiet.p99_ms if quiet.p99_ms else float("nan")
    print(f"p99 under abuse / unloaded: {ratio:.2f} (target <= 2)")
    print(f"abusive requests answered while measuring: {sent_rate:.1f} a second")
    print("abuser's answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(seen.items())))
    fives = sum(v for k, v in seen.items() if re.search(r" 5\d\d$", k))
    for name, times in sorted(TIMES.items()):
        times.sort()
        median, p99 = times[len(times) // 2] * 1000, times[int(len(times) * 0.99)] * 1000
        print(f"  {name}: median {median:.1f} ms, p99 {p99:.1f} ms")
    print(f"abuser's 5xx: {fives}; readers' non-2xx: {quiet.non_2xx + loaded.non_2xx}")
    print(rows.strip())


if __name__ == "__main__":
    main()
