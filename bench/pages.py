"""Benchmark of the back office's pages under gunicorn on PostgreSQL, against the sign-in page.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/returnnet_indicators_1000000 \\
        .venv/bin/python bench/pages.py --output var/bench-pages.md

Serves the application with gunicorn (docs/deploy/gunicorn.conf.py, GUNICORN_WORKERS=5 as the
operator guide sizes 2 cores, REQUIRE_2FA on, DEBUG off) on 127.0.0.1 and, for every page and
every concurrency (--concurrency, default 1 and 10), runs locust headless for --seconds with N
users requesting only that page in a closed loop (no pauses; bench/pages_locustfile.py):
requests/s, p50 and p95 after a warm-up, failures. The baseline is the sign-in page of the same
server in the same run (a template, a CSRF cookie, no database query), so the ratios hold on a
loaded machine. Pages: home, case list, search with one and with two words, case detail,
documents tab, API case list, API case. Signed in as counsellors of the demo's IOM at the AfA
Trier (bench/load/prepare.py: password + TOTP, API tokens), who see all of IOM's unrestricted
cases. Beside the figures: the SQL queries per page, counted in a test-client pass on the same
database (CaptureQueriesContext, same user kind, signed in the same way).

With DATABASE_URL (or --database-url) the database is used as it is (migrated with
`migrate`, never seeded: at 1,000,000 cases seeding takes an hour; RETURNNET_VAR_DIR must hold
the field-encryption key it was seeded with). Without, a temporary PostgreSQL 15 cluster is
started (bench/case_search.py's TemporaryCluster), seeded with --cases cases and removed.
prepare.py adds --accounts benchmark accounts (bench-NN@iom.demo) to the database.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

ONE_WORD = ["Yilmaz", "Ahmadi", "Beridze", "Hosseini", "Rusu", "Kaplan", "Wardak", "Ates", "Chikovani", "Emini"]
TWO_WORDS = ["Mohammad Ahmadi", "Fatima Hosseini", "Giorgi Beridze", "Mehmet Yilmaz", "Elena Rusu"]
# (key, label, authentication); the order of the report.
PAGES = [
    ("sign_in", "sign-in page (baseline)", "none"),
    ("home", "home page", "session"),
    ("case_list", "case list", "session"),
    ("search_one", "search, one word", "session"),
    ("search_two", "search, two words", "session"),
    ("case_detail", "case detail", "session"),
    ("documents", "documents tab", "session"),
    ("api_list", "API case list", "token"),
    ("api_detail", "API case", "token"),
]
TARGET_AUTH = {key: auth for key, _label, auth in PAGES}
WARM_UP_SECONDS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- In a Django process: the pages' URLs and their query counts ------------------------------

def targets_worker(out: Path, users_file: Path) -> None:
    """Pick the URLs of every page and count each page's SQL queries with the test client."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
    django.setup()
    from urllib.parse import quote

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.oath import totp

    from apps.accounts.models import Membership
    from apps.cases.models import Case, Document

    accounts = json.loads(users_file.read_text())["accounts"]
    organisation = Membership.objects.get(user__email=accounts[0]["email"]).organisation
    open_cases = (Case.objects.filter(organisation=organisation, restricted=False).exclude(status="closed")
                  .order_by("id").values_list("id", flat=True))
    cases = list(open_cases[:200])
    with_documents = list(Document.objects.filter(organisation=organisation, case__restricted=False,
                                                  deleted_at__isnull=True, case__isnull=False)
                          .order_by("case_id").values_list("case_id", flat=True).distinct()[:200])
    if not cases or not with_documents:
        sys.exit("no open IOM cases, or none with documents: seed the database with seed_demo first")
    pages = {
        "sign_in": ["/accounts/login/"],
        "home": ["/"],
        "case_list": ["/cases/"],
        "search_one": [f"/cases/?q={quote(q)}" for q in ONE_WORD],
        "search_two": [f"/cases/?q={quote(q)}" for q in TWO_WORDS],
        "case_detail": [f"/cases/{pk}/" for pk in cases],
        "documents": [f"/cases/{pk}/documents/" for pk in with_documents],
        "api_list": ["/api/v1/cases"],
        "api_detail": [f"/api/v1/cases/{pk}" for pk in cases],
    }
    auth = {key: kind for key, _label, kind in PAGES}
    # The last account is the test client's alone (a TOTP code counts once per device and step).
    account = accounts[-1]
    browser, api = Client(), Client(headers={"Authorization": f"Bearer {account['token']}"})
    browser.post("/accounts/login/", {"username": account["email"], "password": account["password"]})
    code = f"{totp(bytes.fromhex(account['totp_key']), step=30, t0=0, digits=6):06d}"
    signed_in = browser.post("/accounts/second-factor/", {"token": code, "next": "/"})
    if signed_in.status_code != 302 or signed_in.headers.get("Location") != "/":
        sys.exit(f"the query-count pass could not sign in: {signed_in.status_code}")
    queries = {}
    for key, urls in pages.items():
        client = {"session": browser, "token": api, "none": Client()}[auth[key]]
        counts = []
        for url in urls[:3]:
            client.get(url)  # warm: the first request of a process imports views and templates
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code} in the query-count pass")
            counts.append(len(captured.captured_queries))
        queries[key] = counts
    out.write_text(json.dumps({
        "pages": {key: {"urls": urls, "auth": auth[key]} for key, urls in pages.items()},
        "queries": queries,
        "visible_cases": Case.objects.filter(organisation=organisation, restricted=False).count(),
        "cases": Case.objects.count(),
    }, indent=1))


# --- The server and the load ----------------------------------------------------------------

class Gunicorn:
    def __init__(self, env: dict, work: Path, workers: int):
        self.env, self.work, self.workers = env, work, workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(self.workers)}
        log = open(self.work / "gunicorn.log", "a")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "docs/deploy/gunicorn.conf.py"),
             "--max-requests", "0", "returnnet.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=log)
        import urllib.request

        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=5).read()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not come up, see {self.work / 'gunicorn.log'}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def run_locust(env: dict, work: Path, host: str, page: str, users: int, seconds: int, offset: int,
               *, measure: bool = True) -> dict | None:
    events = work / f"events-{page}-{users}.log"
    events.unlink(missing_ok=True)
    run_env = {**env, "BENCH_PAGE": page, "BENCH_EVENT_LOG": str(events), "BENCH_USER_OFFSET": str(offset)}
    started = time.time()
    # Signing in (argon2, TOTP) comes first and is not measured: the run is longer by an allowance.
    allowance = 0 if TARGET_AUTH[page] != "session" else 3 + users
    result = subprocess.run(
        [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/pages_locustfile.py"), "--headless",
         "--host", host, "-u", str(users), "-r", str(users), "-t", f"{seconds + WARM_UP_SECONDS + allowance}s",
         "--stop-timeout", "10",
         "--only-summary", "--exit-code-on-error", "0", "--loglevel", "WARNING"],
        cwd=ROOT, env=run_env, capture_output=True, text=True)
    (work / f"locust-{page}-{users}.log").write_text(result.stdout + result.stderr)
    rows = [line.split() for line in events.read_text().splitlines()] if events.exists() else []
    if not measure:
        return None
    if not rows:
        raise RuntimeError(f"{page} at {users}: no request measured; see {work}/locust-{page}-{users}.log")
    # The window: from WARM_UP_SECONDS after the last user's first request (all N users are
    # busy) to the first user's last request (still all N); requests that ended inside it.
    requests = [(user, float(t), float(ms), ok) for user, t, ms, ok in rows]
    firsts, lasts = {}, {}
    for user, t, _ms, _ok in requests:
        firsts.setdefault(user, t)
        lasts[user] = t
    begin, end = max(firsts.values()) + WARM_UP_SECONDS, min(lasts.values())
    window = [(t, ms, ok) for _user, t, ms, ok in requests if begin <= t <= end]
    if len(firsts) < users or len(window) < 2:
        raise RuntimeError(f"{page} at {users}: {len(firsts)} users, {len(window)} requests in the window")
    times = sorted(ms for _t, ms, _ok in window)
    return {"requests": len(window), "failures": sum(1 for *_r, ok in window if ok != "ok"),
            "rps": len(window) / (end - begin), "p50": _percentile(times, 50), "p95": _percentile(times, 95),
            "window_s": end - begin, "seconds": time.time() - started}


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


# --- Report --------------------------------------------------------------------------------

def report(results: dict, targets: dict, levels: list[int], meta: dict) -> str:
    base = {users: results["sign_in"][users]["rps"] for users in levels}
    head = "| page | SQL queries |" + "".join(
        f" c={u}: req/s | c={u}: p50 / p95 ms |" for u in levels) + f" req/s vs sign-in at c={levels[-1]} |"
    lines = [
        f"{meta['cases']:,} cases ({meta['visible_cases']:,} of them visible to the benchmark's counsellors); "
        f"gunicorn {meta['workers']} sync workers; {meta['seconds']} s per page and concurrency "
        f"(counted while all users were busy, after {WARM_UP_SECONDS} s); commit {meta['commit']}; {meta['machine']}; "
        f"load average {meta['load_before']} before, {meta['load_after']} after.", "",
        head, "|---|---:|" + "---:|---:|" * len(levels) + "---:|"]
    for key, label, _auth in PAGES:
        row = f"| {label} | {'/'.join(str(n) for n in sorted(set(targets['queries'][key])))} |"
        for users in levels:
            r = results[key][users]
            failed = f" ({r['failures']} failed)" if r["failures"] else ""
            row += f" {r['rps']:,.1f}{failed} | {r['p50']:,.0f} / {r['p95']:,.0f} |"
        row += f" {results[key][levels[-1]]['rps'] / base[levels[-1]]:.0%} |"
        lines.append(row)
    first, last = levels[0], levels[-1]
    slow = [label for key, label, _a in PAGES if results[key][first]["p95"] >= 300]
    detail = results["case_detail"][last]["rps"] / base[last]
    lines += ["", f"Targets: p95 < 300 ms at c={first} for every page: "
                  f"{'met' if not slow else 'missed by ' + ', '.join(slow)}; case detail ≥ 40 % of the "
                  f"sign-in page's throughput at c={last}: {detail:.0%} ({'met' if detail >= 0.4 else 'missed'})."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL database to use as it is (default: $DATABASE_URL; without: a "
                             "temporary cluster seeded with --cases)")
    parser.add_argument("--cases", type=int, default=2000, help="cases to seed in a temporary cluster (2000)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10], help="users (default 1 10)")
    parser.add_argument("--seconds", type=int, default=30, help="per page and concurrency (default 30)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "5")),
                        help="gunicorn workers (default 5)")
    parser.add_argument("--pages", nargs="+", choices=[key for key, _l, _a in PAGES],
                        help="only these pages (the sign-in page is always measured)")
    parser.add_argument("--skip-migrate", action="store_true", help="do not run migrate first")
    parser.add_argument("--work", type=Path, help="keep logs and intermediate files here")
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument("--targets-worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.targets_worker:
        return targets_worker(*options.targets_worker)
    work = options.work or Path(tempfile.mkdtemp(prefix="returnnet-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        work.chmod(0o755)  # a temporary cluster below it runs as user postgres
    if options.database_url:
        return run(options, options.database_url, work, seed=False)
    from case_search import TemporaryCluster, _database_url

    with TemporaryCluster(work / "pg") as cluster:
        url = _database_url(cluster.url, "returnnet_pages")
        (work / "var").mkdir(exist_ok=True)
        os.environ["RETURNNET_VAR_DIR"] = str(work / "var")  # a fresh key for a fresh database
        return run(options, url, work, seed=True)


def run(options, database_url: str, work: Path, *, seed: bool) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "REQUIRE_2FA": "true", "DEBUG": "false",
           "CONN_MAX_AGE": "60", "DJANGO_SETTINGS_MODULE": "returnnet.settings", "PYTHONPATH": str(ROOT),
           "LOG_REQUESTS": "false"}

    def step(*args):
        subprocess.run([PY, *map(str, args)], cwd=ROOT, env=env, check=True)

    levels = sorted(options.concurrency)
    accounts = 6 * levels[-1] + 1  # runs rotate through them; the last one is the query pass's
    if not options.skip_migrate:
        print("== migrate", flush=True)
        step("manage.py", "migrate", "--no-input", "-v0")
    if seed:
        print(f"== seed_demo --cases {options.cases}", flush=True)
        step("manage.py", "seed_demo", "--cases", options.cases, "-v0")
    print(f"== {accounts} benchmark accounts", flush=True)
    users_file, targets_file = work / "users.json", work / "targets.json"
    step("bench/load/prepare.py", "--users", accounts, "--out", users_file)
    print("== URLs and query counts (test client)", flush=True)
    step(__file__, "--targets-worker", targets_file, users_file)
    targets = json.loads(targets_file.read_text())
    env |= {"BENCH_TARGETS": str(targets_file), "BENCH_USERS_FILE": str(users_file)}
    pages = [key for key, _l, _a in PAGES if not options.pages or key in options.pages or key == "sign_in"]
    results, used = {}, 0
    load_before = os.getloadavg()[0]
    with Gunicorn(env, work, options.workers) as server:
        print(f"== gunicorn on {server.url}, warming every page", flush=True)
        for key in pages:  # every worker renders every page once before the measurement
            run_locust(env, work, server.url, key, options.workers, 3, used % (accounts - 1), measure=False)
            used += options.workers
        for key in pages:
            results[key] = {}
            for users in levels:
                r = run_locust(env, work, server.url, key, users, options.seconds, used % (accounts - 1))
                used += users
                results[key][users] = r
                print(f"   {key:12} c={users:<3} {r['rps']:7.1f} req/s  p50 {r['p50']:6.0f} ms  "
                      f"p95 {r['p95']:6.0f} ms  {r['failures']} failed", flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    meta = {"cases": targets["cases"], "visible_cases": targets["visible_cases"], "workers": options.workers,
            "seconds": options.seconds, "commit": commit, "load_before": f"{load_before:.1f}",
            "load_after": f"{os.getloadavg()[0]:.1f}",
            "machine": f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}"}
    text = report(results, targets, levels, meta) if len(pages) == len(PAGES) else json.dumps(results, indent=1)
    print("\n" + text)
    (work / "results.json").write_text(json.dumps({"results": results, "targets": targets, "meta": meta}, indent=1))
    if options.output:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text + "\n")
    if not options.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
