"""Benchmark of the case-list search by name, through the real view, against an admin-style baseline.

    .venv/bin/python bench/case_search.py --cases 100000 1000000 --engines sqlite postgres

For every engine and size: a fresh database is migrated and filled with `seed_demo --cases N`
(timed), then a worker process signs in as the IOM team lead (force_login, REQUIRE_2FA off)
and GETs /cases/?q=<query> with Django's test Client for ~50 realistic queries, each
`--repeat` times after one warm-up. Side by side, in the same process and order, the same
page is rendered from a Django-admin-style query (icontains on family and given names
across the household join, distinct, paginated by 25 with its count). The worker also
times count() and the first page of selectors.search_cases separately, and EXPLAINs the
slowest queries. Results: a markdown table on stdout (and --output), plans under --data-dir.

PostgreSQL: with DATABASE_URL pointing at a server whose user may CREATE DATABASE, the
databases returnnet_bench_<N> are created there; otherwise a temporary PostgreSQL 15
cluster is started from /usr/lib/postgresql/15/bin on 127.0.0.1 (as user postgres when run
as root) and removed at the end. --data-dir keeps databases (and the cluster) so that a
second run reuses them: seed_demo then finds the cases and adds nothing.

--database-url benchmarks an existing database as it is (already migrated and seeded, e.g.
the 1,000,000-case database of another run): nothing is created, migrated or seeded there;
--vacuum first runs VACUUM ANALYZE on the two name-token tables (PostgreSQL), so that their
index-only scans need no heap visits after a bulk load. The worker also GETs the API's case
list with the same query (/api/v1/cases?q=, a bearer token created for the run and revoked
after) and checks that it returns the same cases as the page.
"""

import argparse
import json
import math
import os
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.urls import path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_SETTINGS = {  # a production-like memory budget for this 2-core / 23 GB machine
    "shared_buffers": "2GB", "effective_cache_size": "12GB", "work_mem": "16MB",
    "maintenance_work_mem": "512MB", "max_wal_size": "8GB", "synchronous_commit": "off",
    "random_page_cost": "1.1",
}

# (class, query): family names of differing frequency, prefixes, other transliterations,
# given + family name, given names only, and no hit at all.
QUERIES = [
    *[("frequent name", q) for q in ("Yilmaz", "Ahmadi", "Beridze", "Mohammadi", "Hosseini", "Stojanovski",
                                     "Ivanov", "Rusu", "Jovanovic", "Khan")],
    *[("mid name", q) for q in ("Kaplan", "Wardak", "Natsvlishvili", "Sabbagh", "Kapllani", "Nwachukwu",
                                "Magomedova", "Cojocaru")],
    *[("rare name", q) for q in ("Ates", "Chikovani", "Emini", "Kuka", "Ugwu", "Mezhidov", "Grosu",
                                 "Boukhalfa")],
    *[("prefix", q) for q in ("Hoss", "Moh", "Yil", "Kapa", "Stoj", "Okon", "Ben", "Al")],
    *[("variant", q) for q in ("Husseini", "Mohamadi", "Djordjevic", "Tscheban", "Chasanow", "Ziklauri",
                               "Choudhry", "Öztürk")],
    *[("given + family", q) for q in ("Mohammad Ahmadi", "Fatima Hosseini", "Giorgi Beridze",
                                      "Mehmet Yilmaz", "Elena Rusu")],
    *[("given name", q) for q in ("Mohammad", "Giorgi")],
    ("no hit", "Zzyzx"),
]
LEAD = "teamleitung@iom.demo"


# --- the baseline page (a URL of its own, so that both go through the same middleware) ----

def admin_style_list(request):
    """The case list as Django's admin search would do it: icontains per word, distinct."""
    from django.core.exceptions import PermissionDenied
    from django.core.paginator import Paginator
    from django.db.models import Q
    from django.shortcuts import render

    from apps.accounts.models import User
    from apps.accounts.selectors import offices_of, organisation_ids_with, user_has_perm
    from apps.cases.forms import CaseFilterForm
    from apps.cases.models import Case
    from apps.cases.selectors import with_principal

    if not user_has_perm(request.user, "case.read"):
        raise PermissionDenied
    orgs = organisation_ids_with(request.user, "case.read")
    form = CaseFilterForm(
        request.GET or None, offices=offices_of(orgs),
        counsellors=User.objects.filter(memberships__organisation_id__in=orgs).distinct().order_by("full_name"),
    )
    cases = Case.objects.all()
    for word in request.GET.get("q", "").split():
        cases = cases.filter(Q(household__members__person__family_name__icontains=word)
                             | Q(household__members__person__given_names__icontains=word))
    cases = with_principal(cases.distinct()).select_related("office").order_by("-opened_at", "-id")
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"form": form, "page": page})


admin_style_list.access_policy = "perm:case.read"


def __getattr__(name: str):
    # This module is the worker's ROOT_URLCONF; built lazily, as the orchestrator has no Django set up.
    if name == "urlpatterns":
        from returnnet.urls import urlpatterns  # appended, not included: it holds i18n_patterns

        return [path("bench/admin-style/", admin_style_list), *urlpatterns]
    raise AttributeError(name)


# --- worker: runs inside Django with the benchmark database -------------------------------

def worker(options) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnnet.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User
    from apps.api.services import api_token_create, api_token_revoke
    from apps.cases.models import Case
    from apps.cases.selectors import CaseFilters, search_cases
    from apps.clients.models import Person, PersonNameToken

    settings.ROOT_URLCONF = "case_search"
    settings.REQUIRE_2FA = False
    cap = getattr(settings, "CASE_LIST_COUNT_CAP", None)
    lead = User.objects.get(email=LEAD)
    client = Client()
    client.force_login(lead)
    token, plain = api_token_create(actor=None, user=lead, name="bench/case_search", days=1)
    api = Client(headers={"Authorization": f"Bearer {plain}"})
    samples: dict[str, list] = {"view": [], "baseline": [], "api": []}
    rows = []
    for kind, query in QUERIES:
        urls = {"view": f"/cases/?q={quote(query)}", "baseline": f"/bench/admin-style/?q={quote(query)}"}
        clients = {"view": client, "baseline": client, "api": api}
        if not options.no_api:
            urls["api"] = f"/api/v1/cases?q={quote(query)}&limit=25"
        first_page = list(search_cases(lead, CaseFilters(query=query)).values_list("pk", flat=True)[:25])
        for name, url in urls.items():  # warm-up, and proof that the page shows the search result
            response = clients[name].get(url)
            assert response.status_code == 200, (url, response.status_code)
        if first_page:
            newest = Case.objects.get(pk=first_page[0])
            assert newest.reference in client.get(urls["view"]).content.decode(), query
        if "api" in urls:  # the API's case list runs the same search: the same cases, in order
            assert [item["id"] for item in api.get(urls["api"]).json()["items"]] == first_page, query
        times = {name: [] for name in urls}
        for repetition in range(options.repeat):
            for name, url in urls.items():
                if name == "baseline" and repetition >= (options.baseline_repeat or options.repeat):
                    continue
                started = time.perf_counter()
                clients[name].get(url)
                times[name].append((time.perf_counter() - started) * 1000)
        cases = search_cases(lead, CaseFilters(query=query))
        started = time.perf_counter()
        hits = cases.count()
        count_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        if cap is not None:
            cases[: cap + 1].count()
        capped_ms = (time.perf_counter() - started) * 1000 if cap is not None else None
        started = time.perf_counter()
        list(cases[:25])
        page_ms = (time.perf_counter() - started) * 1000
        for name in times:
            samples[name] += times[name]
        row = {"kind": kind, "query": query, "hits": hits, "count_ms": count_ms, "capped_ms": capped_ms,
               "page_ms": page_ms, "view_ms": statistics.median(times["view"]),
               "baseline_ms": statistics.median(times["baseline"]),
               "api_ms": statistics.median(times["api"]) if "api" in times else None, "times": times}
        rows.append(row)
        print(f"  {query!r}: {hits:,} hits, view {row['view_ms']:,.0f} ms, admin-style "
              f"{row['baseline_ms']:,.0f} ms", flush=True)
    slowest = sorted(rows, key=lambda r: -r["view_ms"])[: options.explain]
    plans = []
    for row in slowest:
        cases = search_cases(lead, CaseFilters(query=row["query"]))
        with CaptureQueriesContext(connection) as captured:
            cases.count()
            list(cases[:25])
        for statement in captured.captured_queries:
            plans.append(f"-- {row['query']!r}\n{_explain(connection, statement['sql'])}")
    result = {
        "engine": connection.vendor, "cases": Case.objects.count(), "persons": Person.objects.count(),
        "tokens": PersonNameToken.objects.count(), "repeat": options.repeat, "rows": rows, "cap": cap,
        "view": _summary(samples["view"]), "baseline": _summary(samples["baseline"]), "plans": plans,
        "api": _summary(samples["api"]) if samples["api"] else None,
    }
    api_token_revoke(actor=None, token=token)
    Path(options.worker).write_text(json.dumps(result, indent=1))


def _explain(connection, sql: str) -> str:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join(" | ".join(str(col) for col in row) for row in cursor.fetchall())


def _summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p95": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)],
            "n": len(ordered)}


# --- orchestration: databases, seeding, workers, report -----------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["su", "postgres", "-c", shlex.join(command)]


class TemporaryCluster:
    """A PostgreSQL 15 cluster in a directory of its own, on its own port, trust auth on 127.0.0.1."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.data = directory / "data"
        self.port = _free_port()

    def __enter__(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        if not (self.data / "PG_VERSION").exists():
            subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                                         "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                           check=True, stdout=subprocess.DEVNULL)
        settings = " ".join(f"-c {key}={value}" for key, value in PG_SETTINGS.items())
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 {settings}"
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                                     str(self.directory / "server.log"), "-o", options, "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def _database_url(server_url: str, name: str) -> str:
    import psycopg

    base, _sep, _db = server_url.rpartition("/")
    with psycopg.connect(server_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _manage(env: dict, *args: str) -> tuple[float, str]:
    """Run a management command, echoing its output; returns (seconds, output)."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    if process.wait():
        raise subprocess.CalledProcessError(process.returncode, args)
    return time.monotonic() - started, "".join(lines)


def _env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "REQUIRE_2FA": "false", "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "returnnet.settings", "PYTHONPATH": str(ROOT)}


def run_size(engine: str, cases: int, database_url: str, options, work: Path) -> dict:
    env = _env(database_url)
    print(f"\n== {engine}, {cases:,} cases ({database_url})", flush=True)
    migrate, _output = _manage(env, "migrate", "--no-input", "-v0")
    seed, output = _manage(env, "seed_demo", "--cases", str(cases), "--sessions", options.sessions)
    result = _run_worker(env, options, work / f"result-{engine}-{cases}.json")
    result.update(migrate_s=migrate, seed_s=None if "nothing to add" in output else seed)
    return result


def run_existing(database_url: str, options, work: Path) -> dict:
    """The benchmark on a database that is already migrated and seeded: it is only read
    (apart from the audit entries of the requests and one API token, revoked at the end)."""
    env = _env(database_url)
    engine = "postgresql" if database_url.startswith(("postgres://", "postgresql://")) else "sqlite"
    print(f"\n== existing {engine} database ({database_url})", flush=True)
    check = subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--check", "-v0"], env=env,
                           cwd=ROOT)
    if check.returncode:
        raise SystemExit("The database has unapplied migrations: run manage.py migrate against it first.")
    vacuum_s = None
    if options.vacuum and engine == "postgresql":
        import psycopg

        started = time.monotonic()
        with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            for table in ("clients_householdnametoken", "clients_personnametoken"):
                print(f"VACUUM ANALYZE {table}", flush=True)
                conn.execute(f"VACUUM ANALYZE {table}")
        vacuum_s = time.monotonic() - started
    result = _run_worker(env, options, work / f"result-{engine}-existing.json")
    result.update(migrate_s=None, seed_s=None, vacuum_s=vacuum_s)
    return result


def _run_worker(env: dict, options, out: Path) -> dict:
    command = [sys.executable, __file__, "--worker", str(out), "--repeat", str(options.repeat),
               "--explain", str(options.explain), "--baseline-repeat", str(options.baseline_repeat or options.repeat)]
    subprocess.run(command + (["--no-api"] if options.no_api else []), env=env, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def report(results: list[dict], machine: str) -> str:
    lines = [f"Machine: {machine}", "",
             "| engine | cases | persons | name tokens | seeding | search view median / p95 | "
             "admin-style median / p95 | speed-up (median / p95) | API list median / p95 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        view, base, api = r["view"], r["baseline"], r.get("api")
        seeding = "reused" if r["seed_s"] is None else f"{r['seed_s']:,.0f} s"
        api_text = f"{api['median']:,.0f} / {api['p95']:,.0f} ms" if api else "–"
        lines.append(
            f"| {r['engine']} | {r['cases']:,} | {r['persons']:,} | {r['tokens']:,} | {seeding} | "
            f"{view['median']:,.0f} / {view['p95']:,.0f} ms | {base['median']:,.0f} / {base['p95']:,.0f} ms | "
            f"{base['median'] / view['median']:,.1f}× / {base['p95'] / view['p95']:,.1f}× | {api_text} |")
    for r in results:
        if r.get("vacuum_s") is not None:
            lines += ["", f"VACUUM ANALYZE of the name-token tables before the run: {r['vacuum_s']:,.0f} s."]
        capped = f"count() ≤ {r['cap'] + 1:,}" if r.get("cap") else "capped count"
        lines += ["", f"### {r['engine']}, {r['cases']:,} cases: per query class (ms; medians unless p95)", "",
                  f"| class | queries | hits (median) | view | view p95 | exact count() | {capped} | first page | "
                  "API list | admin-style | admin-style p95 |", "|---|" + "---:|" * 10]
        kinds = dict.fromkeys(row["kind"] for row in r["rows"])
        for kind in kinds:
            rows = [row for row in r["rows"] if row["kind"] == kind]

            def med(key, rows=rows):
                values = [row[key] for row in rows if row.get(key) is not None]
                return f"{statistics.median(values):,.0f}" if values else "–"

            def p95(name, rows=rows):
                values = [t for row in rows for t in row.get("times", {}).get(name, [])]
                return f"{_summary(values)['p95']:,.0f}" if values else "–"

            lines.append(f"| {kind} | {len(rows)} | {med('hits')} | {med('view_ms')} | {p95('view')} | "
                         f"{med('count_ms')} | {med('capped_ms')} | {med('page_ms')} | {med('api_ms')} | "
                         f"{med('baseline_ms')} | {p95('baseline')} |")
        worst = sorted(r["rows"], key=lambda row: -row["view_ms"])[:5]
        lines += ["", "Slowest: " + ", ".join(
            f"{row['query']!r} {row['view_ms']:,.0f} ms ({row['hits']:,} hits, count {row['count_ms']:,.0f} ms)"
            for row in worst)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--engines", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per query and page (default 5)")
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN the N slowest queries (default 3)")
    parser.add_argument("--sessions", default="sparse", choices=["sparse", "none", "full", "auto"])
    parser.add_argument("--data-dir", type=Path, help="keep databases here and reuse them in later runs")
    parser.add_argument("--database-url", help="benchmark this existing, migrated and seeded database as it is "
                        "(no create, migrate or seed; --cases and --engines are ignored)")
    parser.add_argument("--vacuum", action="store_true",
                        help="with --database-url on PostgreSQL: VACUUM ANALYZE the name-token tables first")
    parser.add_argument("--no-api", action="store_true", help="skip the API case list requests")
    parser.add_argument("--baseline-repeat", type=int, help="timed admin-style requests per query "
                        "(default: --repeat; fewer saves time where the baseline takes seconds)")
    parser.add_argument("--output", type=Path, help="also write the markdown report here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        return worker(options)
    work = options.data_dir or Path(tempfile.mkdtemp(prefix="returnnet-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        work.chmod(0o755)  # the cluster below it runs as user postgres
    results = []
    try:
        if options.database_url:
            results.append(run_existing(options.database_url, options, work))
        for engine in [] if options.database_url else options.engines:
            results += _run_engine(engine, options, work)
    finally:
        if not options.data_dir:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, f"{os.cpu_count()} CPU cores, Python {sys.version.split()[0]}")
    print("\n" + text)
    plans_dir = options.data_dir or (options.output.parent if options.output else None)
    for r in results:
        if r["plans"] and plans_dir:
            plans_dir.mkdir(parents=True, exist_ok=True)
            plans = plans_dir / f"plans-{r['engine']}-{r['cases']}.txt"
            plans.write_text("\n\n".join(r["plans"]))
            print(f"Plans: {plans}")
    if options.output:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text + "\n")


def _run_engine(engine: str, options, work: Path) -> list[dict]:
    if engine == "sqlite":
        return [run_size(engine, n, f"sqlite:///{work / f'bench-{n}.sqlite3'}", options, work)
                for n in options.cases]
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith(("postgres://", "postgresql://")):
        return [run_size(engine, n, _database_url(server, f"returnnet_bench_{n}"), options, work)
                for n in options.cases]
    with TemporaryCluster(work / "pg") as cluster:
        return [run_size(engine, n, _database_url(cluster.url, f"returnnet_bench_{n}"), options, work)
                for n in options.cases]


if __name__ == "__main__":
    main()
