"""The cpsu-kg benchmark driver: runs each contender in turn, RUNS times, measures wall time
and peak resident memory of every process (os.wait4), and prints medians, min-max, ratios
and the targets of issue 7 with PASS or MISS.

Usage: bench.py [--runs N] [--large-runs N] [--scales 115,1150,11500] [--skip-rdflib-above N]
               [--sections embedded,scale,server,shacl] [--server-seconds S] [--server-rounds N]
               [--shacl-scale N]
"""

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
CPSU = str(ROOT / "target" / "release" / "cpsu-kg")
VENV = pathlib.Path(sys.executable).parent
OXIGRAPH = str(VENV / "oxigraph")
PYTHON = sys.executable


def run(commands):
    """Runs commands one after another; returns (seconds, peak RSS in MiB of the largest)."""
    started = time.perf_counter()
    peak = 0
    for command in commands:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        if status != 0:
            sys.exit(f"failed ({status}): {' '.join(command)}\n{stderr}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - started, peak


def measure(contenders, runs, prepare=None):
    """contenders: {name: function returning a list of commands}; alternates them."""
    times = {name: [] for name in contenders}
    rss = {name: [] for name in contenders}
    for _ in range(runs):
        for name, commands in contenders.items():
            if prepare:
                prepare()
            seconds, peak = run(commands())
            times[name].append(seconds)
            rss[name].append(peak)
    return {name: (statistics.median(times[name]), min(times[name]), max(times[name]), max(rss[name])) for name in contenders}


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return str(path)


def line(cells):
    print("| " + " | ".join(cells) + " |")


verdicts = []


def verdict(what, value, limit, lower_is_better=True):
    ok = value <= limit if lower_is_better else value >= limit
    verdicts.append((what, value, limit, ok))
    return "PASS" if ok else "MISS"


def named_queries():
    """(name, file for the Oxigraph CLI and rdflib, extra cpsu-kg arguments)."""
    params = {
        "holder-on-date": ("date=1964-06-01", 'VALUES ?date { "1964-06-01"^^<http://www.w3.org/2001/XMLSchema#date> }'),
        "person-profile": ("person=gorbachev", "VALUES ?person { <https://w3id.org/cpsu-kg/person/gorbachev> }"),
    }
    prefixes = subprocess.run([CPSU, "query", "SELECT * { } LIMIT 0", "--results", "tsv"], capture_output=True, text=True)
    del prefixes
    out = []
    for path in sorted((ROOT / "queries").glob("*.rq")):
        name = path.stem
        text = path.read_text(encoding="utf-8")
        header = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES)
        extra = []
        if name in params:
            param, values = params[name]
            text = text.replace("WHERE {", "WHERE {\n  " + values, 1)
            extra = ["--param", param]
        file = WORK / f"{name}.rq"
        file.write_text(header + text, encoding="utf-8")
        out.append((name, str(file), extra))
    return out


PREFIXES = []


def load_prefixes():
    turtle = subprocess.run([CPSU, "export"], capture_output=True, text=True, check=True).stdout
    for row in turtle.splitlines():
        if row.startswith("@prefix "):
            _, prefix, iri, _ = row.split()
            PREFIXES.append((prefix[:-1], iri[1:-1]))
    # Entity prefixes that the export may not use but the queries do.
    for kind in ["person", "office", "organization", "place", "tenure", "congress", "event", "source", "citation", "interval", "claim"]:
        if kind not in {p for p, _ in PREFIXES}:
            PREFIXES.append((kind, f"https://w3id.org/cpsu-kg/{kind}/"))


def embedded(runs):
    print("\n## 1. End to end on the embedded data\n")
    ttl, nt = WORK / "core.ttl", WORK / "core.nt"
    subprocess.run([CPSU, "export", "-o", str(ttl)], check=True)
    subprocess.run([CPSU, "export", "-o", str(nt)], check=True)
    store = WORK / "oxigraph-store"
    line(["query", "cpsu-kg median (min-max)", "oxigraph load+query", "rdflib parse+query", "ratio to oxigraph", "ratio to rdflib"])
    line(["---"] * 6)
    for name, file, extra in named_queries():
        results = measure(
            {
                "cpsu-kg": lambda: [[CPSU, "query", name, "--results", "tsv", *extra]],
                "oxigraph": lambda: [
                    [OXIGRAPH, "load", "--location", fresh(store), "--file", str(ttl)],
                    [OXIGRAPH, "query", "--location", str(store), "--query-file", file, "--results-format", "tsv"],
                ],
                "rdflib": lambda: [[PYTHON, str(ROOT / "bench" / "rdflib_task.py"), "query", str(ttl), file]],
            },
            runs,
        )
        ours, oxi, rdf = results["cpsu-kg"][0], results["oxigraph"][0], results["rdflib"][0]
        line([
            name,
            f"{ours*1000:.1f} ms ({results['cpsu-kg'][1]*1000:.1f}-{results['cpsu-kg'][2]*1000:.1f})",
            f"{oxi*1000:.1f} ms",
            f"{rdf*1000:.1f} ms",
            f"{ours/oxi:.3f} {verdict(f'query {name} vs oxigraph', ours/oxi, 0.2)}",
            f"{ours/rdf:.3f} {verdict(f'query {name} vs rdflib', ours/rdf, 0.04)}",
        ])
    results = measure(
        {
            "cpsu-kg": lambda: [[CPSU, "export", "-o", str(WORK / "out.ttl")]],
            "oxigraph": lambda: [[OXIGRAPH, "convert", "--from-file", str(nt), "--to-file", str(WORK / "convert.ttl")]],
        },
        runs,
    )
    ours, oxi = results["cpsu-kg"][0], results["oxigraph"][0]
    print()
    line(["export", "cpsu-kg median (min-max)", "oxigraph convert nt to ttl", "ratio"])
    line(["---"] * 4)
    line([
        "Turtle",
        f"{ours*1000:.1f} ms ({results['cpsu-kg'][1]*1000:.1f}-{results['cpsu-kg'][2]*1000:.1f})",
        f"{oxi*1000:.1f} ms",
        f"{ours/oxi:.2f} {verdict('export Turtle (embedded) vs oxigraph convert', ours/oxi, 1.5)}",
    ])


def triples_of(directory):
    stats = subprocess.run([CPSU, "stats", "--data", str(directory)], capture_output=True, text=True, check=True).stdout
    return int(stats.splitlines()[0].split()[-1])


def scale(scales, runs, large_runs, rdflib_limit):
    print("\n## 2. Scale\n")
    line(["persons", "triples", "task", "cpsu-kg median (min-max)", "triples/s", "peak RSS", "oxigraph convert", "rdflib parse+serialize", "ratio to oxigraph", "ratio to rdflib"])
    line(["---"] * 10)
    per_triple = []
    for n in scales:
        data = WORK / f"synthetic-{n}"
        if not data.exists():
            subprocess.run([CPSU, "generate", "--scale", str(n), "-o", str(data)], check=True)
        triples = triples_of(data)
        nt = WORK / f"synthetic-{n}.nt"
        subprocess.run([CPSU, "export", "--data", str(data), "-o", str(nt)], check=True)
        repeat = large_runs if triples > 200_000 else runs
        for task, ext in [("Turtle", "ttl"), ("N-Triples", "nt")]:
            contenders = {
                "cpsu-kg": lambda: [[CPSU, "export", "--data", str(data), "-o", str(WORK / f"out.{ext}")]],
                "oxigraph": lambda: [[OXIGRAPH, "convert", "--from-file", str(nt), "--to-file", str(WORK / "convert.ttl")]],
            }
            with_rdflib = triples <= rdflib_limit and task == "Turtle"
            if with_rdflib:
                contenders["rdflib"] = lambda: [[PYTHON, str(ROOT / "bench" / "rdflib_task.py"), "convert", str(nt), str(WORK / "rdflib.ttl")]]
            results = measure(contenders, repeat)
            ours, oxi = results["cpsu-kg"][0], results["oxigraph"][0]
            rdf = results["rdflib"][0] if with_rdflib else None
            if task == "Turtle":
                per_triple.append((triples, ours / triples))
            limit = 2.5 if task == "Turtle" else 2.0
            oxi_ratio = f"{ours/oxi:.2f}"
            if triples > 500_000:
                oxi_ratio += " " + verdict(f"export {task} at {triples} triples vs oxigraph convert", ours / oxi, limit)
                if task == "Turtle":
                    verdict(f"peak RSS at {triples} triples (MiB)", results["cpsu-kg"][3], 1536)
            rdf_ratio = ""
            if rdf is not None:
                rdf_ratio = f"{rdf/ours:.1f}x faster"
                if 50_000 <= triples <= 500_000:
                    rdf_ratio += " " + verdict(f"speed-up over rdflib at {triples} triples", rdf / ours, 20, lower_is_better=False)
            line([
                str(n), str(triples), task,
                f"{ours:.3f} s ({results['cpsu-kg'][1]:.3f}-{results['cpsu-kg'][2]:.3f})",
                f"{triples/ours:,.0f}", f"{results['cpsu-kg'][3]:.0f} MiB",
                f"{oxi:.3f} s", f"{rdf:.3f} s" if rdf is not None else "",
                oxi_ratio, rdf_ratio,
            ])
    print("\n## 3. Growth\n")
    line(["triples", "microseconds per triple (Turtle export)", "deviation from the mean"])
    line(["---"] * 3)
    mean = statistics.mean(t for _, t in per_triple)
    for triples, t in per_triple:
        deviation = (t - mean) / mean
        line([str(triples), f"{t*1e6:.2f}", f"{deviation*100:+.0f}% {verdict(f'growth at {triples} triples', abs(deviation), 0.30)}"])


LOAD = str(ROOT / "target" / "release" / "examples" / "load")
PYSHACL = str(VENV / "pyshacl")
SHAPES = str(ROOT / "ontology" / "shapes.ttl")


def shacl(n, runs):
    """`cpsu-kg validate` on the embedded graph, then on generated data of about 10^5
    triples against pySHACL on the same Turtle file and shapes."""
    print("\n## 5. SHACL validation\n")
    line(["graph", "triples", "cpsu-kg median (min-max)", "peak RSS", "pySHACL median (min-max)", "peak RSS", "speed-up"])
    line(["---"] * 7)
    results = measure({"cpsu-kg": lambda: [[CPSU, "validate"]]}, runs)
    ours = results["cpsu-kg"]
    line(["embedded data, both profiles (`cpsu-kg validate`)", "", f"{ours[0]:.3f} s ({ours[1]:.3f}-{ours[2]:.3f})", f"{ours[3]:.0f} MiB", "", "", ""])
    data = WORK / f"synthetic-{n}"
    if not data.exists():
        subprocess.run([CPSU, "generate", "--scale", str(n), "-o", str(data)], check=True)
    ttl = WORK / f"synthetic-{n}-core.ttl"
    subprocess.run([CPSU, "export", "--data", str(data), "--profile", "core", "-o", str(ttl)], check=True)
    triples = triples_of(data)
    # pySHACL takes many minutes at this scale: one run of it, in the middle of ours.
    times, peaks = [], []
    for index in range(max(2, runs)):
        if index == max(2, runs) // 2:
            pyshacl_time, pyshacl_peak = run([[PYSHACL, "-s", SHAPES, "-f", "turtle", str(ttl)]])
        seconds, peak = run([[CPSU, "validate", "--graph", str(ttl)]])
        times.append(seconds)
        peaks.append(peak)
    ours = (statistics.median(times), min(times), max(times), max(peaks))
    theirs = (pyshacl_time, pyshacl_time, pyshacl_time, pyshacl_peak)
    speedup = theirs[0] / ours[0]
    line([
        f"`generate --scale {n}`, core profile Turtle (`validate --graph`)", str(triples),
        f"{ours[0]:.3f} s ({ours[1]:.3f}-{ours[2]:.3f})", f"{ours[3]:.0f} MiB",
        f"{theirs[0]:.3f} s ({theirs[1]:.3f}-{theirs[2]:.3f})", f"{theirs[3]:.0f} MiB",
        f"{speedup:.1f}x " + verdict(f"SHACL speed-up over pySHACL at {triples} triples", speedup, 10, lower_is_better=False),
    ])


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, process):
    import socket
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited: {process.args}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on {port}")


def peak_rss(pid):
    """The process's peak resident memory so far, in MiB (VmHWM)."""
    for row in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    return 0.0


def start_servers():
    """cpsu-kg serve and the Oxigraph server, both on the core graph: {name: (process, port, path)}."""
    ttl = WORK / "core.ttl"
    subprocess.run([CPSU, "export", "-o", str(ttl)], check=True)
    store = fresh(WORK / "oxigraph-server-store")
    subprocess.run([OXIGRAPH, "load", "--location", store, "--file", str(ttl)], check=True, capture_output=True)
    servers = {}
    port = free_port()
    ours = subprocess.Popen([CPSU, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, ours)
    servers["cpsu-kg"] = (ours, port, "/sparql")
    port = free_port()
    theirs = subprocess.Popen([OXIGRAPH, "serve-read-only", "--bind", f"127.0.0.1:{port}", "--location", store], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, theirs)
    servers["oxigraph"] = (theirs, port, "/query")
    return servers


def server_load(seconds, rounds):
    print("\n## 4. Server under load\n")
    print(f"Every named query in turn (the same text to both servers, by POST), {seconds} s per run, "
          f"{rounds} alternating rounds per setting; medians. The load generator is `examples/load.rs`.\n")
    files = [file for _, file, _ in named_queries()]
    servers = start_servers()
    try:
        line(["clients", "connections", "cpsu-kg req/s", "p50", "p99", "oxigraph req/s", "p50", "p99", "throughput ratio", "p99 ratio", "slowest first answer (cpsu-kg)"])
        line(["---"] * 11)
        for clients in (50, 200):
            for mode in ("new", "keep-alive"):
                runs = {name: [] for name in servers}
                for _ in range(rounds):
                    for name, (_, port, path) in servers.items():
                        out = subprocess.run([LOAD, str(port), path, str(clients), str(seconds), mode, *files], capture_output=True, text=True, check=True).stdout
                        import json
                        runs[name].append(json.loads(out))
                def med(name, key):
                    return statistics.median(r[key] for r in runs[name])
                errors = {name: sum(r["errors"] for r in runs[name]) for name in servers}
                ours_rps, theirs_rps = med("cpsu-kg", "rps"), med("oxigraph", "rps")
                ours_p99, theirs_p99 = med("cpsu-kg", "p99_ms"), med("oxigraph", "p99_ms")
                setting = f"{clients} clients, {mode} connections"
                line([
                    str(clients),
                    mode,
                    f"{ours_rps:,.0f}" + (f" ({errors['cpsu-kg']} errors)" if errors["cpsu-kg"] else ""),
                    f"{med('cpsu-kg', 'p50_ms'):.1f} ms",
                    f"{ours_p99:.1f} ms",
                    f"{theirs_rps:,.0f}" + (f" ({errors['oxigraph']} errors)" if errors["oxigraph"] else ""),
                    f"{med('oxigraph', 'p50_ms'):.1f} ms",
                    f"{theirs_p99:.1f} ms",
                    f"{ours_rps / theirs_rps:.2f} {verdict(f'{setting}: throughput vs the Oxigraph server', ours_rps / theirs_rps, 2.0, lower_is_better=False)}",
                    f"{ours_p99 / theirs_p99:.2f} {verdict(f'{setting}: p99 vs the Oxigraph server', ours_p99 / theirs_p99, 1.0)}",
                    f"{max(r['slowest_first_ms'] for r in runs['cpsu-kg']):.0f} ms",
                ])
        print()
        for name, (process, _, _) in servers.items():
            print(f"- peak RSS of {name}: {peak_rss(process.pid):.0f} MiB")
    finally:
        for process, _, _ in servers.values():
            process.terminate()
            process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--large-runs", type=int, default=3)
    parser.add_argument("--scales", default="115,1150,11500")
    parser.add_argument("--skip-rdflib-above", type=int, default=200_000)
    parser.add_argument("--sections", default="embedded,scale,server,shacl", help="which sections to run")
    parser.add_argument("--shacl-scale", type=int, default=1150, help="persons in the SHACL section's generated data")
    parser.add_argument("--server-seconds", type=float, default=5)
    parser.add_argument("--server-rounds", type=int, default=3)
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    WORK.mkdir(parents=True, exist_ok=True)
    print("# cpsu-kg benchmarks\n")
    print(f"- machine: {os.cpu_count()} cores; " + subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2; free -g | awk '/Mem:/ {print $2 \" GiB\"}'"], capture_output=True, text=True).stdout.replace("\n", " ").strip())
    print(f"- cpsu-kg: {subprocess.run([CPSU, '--version'], capture_output=True, text=True).stdout.strip()}; {subprocess.run([OXIGRAPH, '--version'], capture_output=True, text=True).stdout.strip()}; rdflib " + subprocess.run([PYTHON, '-c', 'import rdflib; print(rdflib.__version__)'], capture_output=True, text=True).stdout.strip())
    print(f"- runs: {args.runs} (large scales: {args.large_runs}), contenders alternating; medians with min-max")
    load_prefixes()
    if "embedded" in sections:
        embedded(args.runs)
    if "scale" in sections:
        scale([int(s) for s in args.scales.split(",")], args.runs, args.large_runs, args.skip_rdflib_above)
    if "server" in sections:
        server_load(args.server_seconds, args.server_rounds)
    if "shacl" in sections:
        shacl(args.shacl_scale, args.runs)
    print("\n## Targets\n")
    for what, value, limit, ok in verdicts:
        print(f"- {'PASS' if ok else 'MISS'}: {what}: {value:.3f} (target {limit})")


if __name__ == "__main__":
    main()
