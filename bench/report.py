#!/usr/bin/env python3
"""Reads measurements.jsonl (one record per run, from parse.py) and facts.txt (measured by
scripts/bench outside the load tools), then prints the side-by-side table with PASS/FAIL per
target, writes results.json and draws chart.png.

    report.py OUT_DIR      (reads OUT_DIR/measurements.jsonl and OUT_DIR/facts.txt)

The figures are measurements, not tests: a FAIL is reported, the exit status stays 0. A
missing measurement is "n/a" (and its target FAIL), never a zero that looks like a result.
"""
import datetime
import json
import os
import platform
import re
import sys

# (what is claimed, service run id, reference run id, minimum service/reference ratio)
RATIO_TARGETS = [
    ("transfers hot pair c=256 >= 10x naive SQL hot pair", "transfer_hot_c256", "naive_hot", 10.0),
    ("transfers uniform c=256 >= 4x naive SQL uniform", "transfer_uniform_c256", "naive_uniform", 4.0),
    ("GET account cached c=256 >= 0.8x redis-benchmark GET", "get_cached_c256", "redis_get", 0.8),
]
# Which reference each service workload is compared with in the table (all concurrencies). The
# HTTPS runs are compared with the same workload over plain HTTP at the same concurrency.
REFERENCE_OF = {"transfer_hot": "naive_hot", "transfer_uniform": "naive_uniform",
                "get_cached": "redis_get", "get_cached_tls": "get_cached_c256",
                "transfer_uniform_tls": "transfer_uniform_c256"}
# Facts printed under the table: not targets, but a reader should see them.
INFO_FACTS = [
    ("cache_hit_ratio_c256", "cache hit ratio during GET c=256 (Redis keyspace hits/lookups)"),
    ("ledger_conserved", "service ledger: sum of balances unchanged by the runs"),
    ("tls_peak_rss_mib", "peak RSS of the HTTPS instance, MiB"),
    ("naive_ledger_conserved", "naive tables: sum of balances unchanged by the runs"),
    ("load_average_1m_start", "load average (1 min) at start: other work on the machine skews"),
    ("load_average_1m_end", "load average (1 min) at end (includes the bench's own threads)"),
]
# What a feature costs: (label, run with it, run without it, right after), as a ratio of rates.
COST_COMPARISONS = [
    ("authentication: GET account cached c=256, auth on / auth off", "get_cached_auth", "get_cached_open"),
    ("authentication: transfers hot pair c=256, auth on / auth off", "transfer_hot_auth", "transfer_hot_open"),
]
HEY_REQUESTS = 10_000
RSS_MIB_MAX = 256


# The references run twice, right before and right after the service runs they are compared
# with ("naive_hot_before", "naive_hot_after"): the machine has stretches of a minute or so at
# half speed, and one sample can fall in one while the service's runs do not.
BRACKETED_REFERENCES = ["naive_hot", "naive_uniform", "redis_get"]
SAMPLE_SUFFIXES = ["_before", "_after"]


def load(out_dir):
    with open(os.path.join(out_dir, "measurements.jsonl"), encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    runs = {r["id"]: r for r in records}
    merge_samples(runs)
    return runs, load_facts(os.path.join(out_dir, "facts.txt"))


def merge_samples(runs):
    """Adds each bracketed reference as the mean of its samples (what ratios use) and marks
    the samples, which the reference table still lists, as such."""
    for reference_id in BRACKETED_REFERENCES:
        samples = [runs[reference_id + s] for s in SAMPLE_SUFFIXES if reference_id + s in runs]
        if not samples:
            continue
        merged = dict(samples[0], id=reference_id, samples_rps=[r["rps"] for r in samples])
        for key in ("rps", "latency_ms_p50", "latency_ms_p99"):
            values = [r[key] for r in samples]
            merged[key] = None if None in values else sum(values) / len(values)
        if all("ignored_errors" in r for r in samples):
            merged["ignored_errors"] = sum(r["ignored_errors"] for r in samples)
        for sample in samples:
            sample["role"] = "reference_sample"
        runs[reference_id] = merged


def load_facts(path):
    """KEY VALUE lines (easy to write from bash); VALUE as JSON when it parses, else text;
    keys "machine.X" go into a "machine" object."""
    facts = {"machine": {}}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                pass
            if key.startswith("machine."):
                facts["machine"][key[len("machine."):]] = value
            else:
                facts[key] = value
    return facts


def ratio_targets(runs):
    results = []
    for claim, service_id, reference_id, minimum in RATIO_TARGETS:
        service, reference = runs.get(service_id), runs.get(reference_id)
        ratio = service["rps"] / reference["rps"] if service and reference and reference["rps"] else None
        results.append({"target": claim, "service": service_id, "reference": reference_id,
                        "service_rps": service and service["rps"],
                        "reference_rps": reference and reference["rps"],
                        "ratio": ratio, "minimum": minimum,
                        "pass": ratio is not None and ratio >= minimum})
    return results


def other_targets(runs, facts):
    hey = runs.get("hey_seed")
    answered = hey["answered_201"] if hey else None
    wrk_runs = [r for r in runs.values() if r["tool"] == "wrk"]
    non2xx = sum(r["non2xx"] + r["socket_errors"] + r["timeouts"] for r in wrk_runs)
    rss = facts.get("peak_rss_mib")
    return [
        {"target": f"seed's hey test: {HEY_REQUESTS} of {HEY_REQUESTS} answered 201",
         "value": answered, "pass": answered == HEY_REQUESTS},
        {"target": f"zero non-2xx (or socket errors, timeouts) in {len(wrk_runs)} wrk runs",
         "value": non2xx, "pass": bool(wrk_runs) and non2xx == 0},
        {"target": f"peak RSS of the service <= {RSS_MIB_MAX} MiB",
         "value": rss, "pass": rss is not None and rss <= RSS_MIB_MAX},
    ]


def fmt(value, digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def print_table(runs, ratios, others, facts):
    target_of = {t["service"]: t for t in ratios}
    header = (f"{'workload':<28}{'conc':>6}{'rps':>10}{'p50 ms':>9}{'p99 ms':>9}  "
              f"{'reference':<24}{'ref rps':>10}{'ratio':>7}{'target':>8}  result")
    print(header)
    print("-" * len(header))
    for r in sorted((r for r in runs.values() if r["role"] == "service"), key=order):
        reference = runs.get(REFERENCE_OF.get(base_id(r), ""))
        ratio = r["rps"] / reference["rps"] if reference and reference["rps"] else None
        target = target_of.get(r["id"])
        print(f"{r['workload']:<28}{r['concurrency']:>6}{fmt(r['rps']):>10}"
              f"{fmt(r['latency_ms_p50'], 2):>9}{fmt(r['latency_ms_p99'], 2):>9}  "
              f"{reference['workload'] if reference else '':<24}"
              f"{fmt(reference['rps']) if reference else '':>10}"
              f"{fmt(ratio, 2) + 'x' if ratio else '':>7}"
              f"{fmt(target['minimum'], 1) + 'x' if target else '':>8}  "
              f"{('PASS' if target['pass'] else 'FAIL') if target else ''}")
    print()
    print(f"{'reference':<28}{'conc':>6}{'rps':>10}{'p50 ms':>9}{'p99 ms':>9}  notes")
    for r in sorted((r for r in runs.values() if r["role"].startswith("reference")), key=order):
        notes = [f"ignored deadlocks/lock waits: {r['ignored_errors']}"] if "ignored_errors" in r else []
        if r["role"] == "reference_sample":
            notes.insert(0, "run " + r["id"].rsplit("_", 1)[1] + " the service's")
        elif "samples_rps" in r:
            notes.insert(0, "mean of the runs before and after")
        print(f"{r['workload']:<28}{r['concurrency']:>6}{fmt(r['rps']):>10}"
              f"{fmt(r['latency_ms_p50'], 2):>9}{fmt(r['latency_ms_p99'], 2):>9}  {'; '.join(notes)}")
    print()
    for t in ratios:
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {fmt(t['ratio'], 2)}x")
    for t in others:
        value = fmt(t["value"], 1) if isinstance(t["value"], float) else t["value"]
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {value}")
    for label, with_id, without_id in COST_COMPARISONS:
        with_rps, without_rps = mean_rps(runs, with_id), mean_rps(runs, without_id)
        if with_rps and without_rps:
            print(f"info  {label}: {with_rps / without_rps:.3f} "
                  f"({fmt(with_rps)} vs {fmt(without_rps)} per second, means of two runs each)")
    for key, label in INFO_FACTS:
        if key in facts:
            value = facts[key]
            if isinstance(value, bool):
                value = "yes" if value else "NO"
            print(f"info  {label}: {value}")


def mean_rps(runs, prefix):
    """The mean rate of the c=256 runs PREFIX1 and PREFIX2 (the samples of a cost comparison)."""
    samples = [runs[f"{prefix}{n}_c256"]["rps"] for n in (1, 2) if f"{prefix}{n}_c256" in runs]
    return sum(samples) / len(samples) if samples else None


def base_id(record):
    """The workload part of a run id: "transfer_hot_c256" -> "transfer_hot"."""
    return re.sub(r"_c\d+$", "", record["id"])


def order(record):
    """Each reference just before the service workloads it is compared with (its samples
    first), then by concurrency."""
    sequence = ["naive_hot_before", "naive_hot_after", "naive_hot", "transfer_hot",
                "naive_uniform_before", "naive_uniform_after", "naive_uniform", "transfer_uniform",
                "transfer_uniform_tls", "redis_get_before", "redis_get_after", "redis_get", "get_cached",
                "get_cached_tls", "get_cached_auth1", "get_cached_open1", "get_cached_open2", "get_cached_auth2",
                "transfer_hot_auth1", "transfer_hot_open1", "transfer_hot_open2", "transfer_hot_auth2",
                "get_uncached",
                "hey_seed"]
    prefix = base_id(record)
    return (sequence.index(prefix) if prefix in sequence else len(sequence),
            record["concurrency"] or 0)


def draw_chart(runs, path):
    # Imported here: the table and JSON must still come out if matplotlib is broken.
    import matplotlib
    matplotlib.use("Agg")  # no display: write a file
    import matplotlib.pyplot as plt

    wrk_like = [r for r in sorted(runs.values(), key=order)
                if r["id"] != "hey_seed" and r["role"] != "reference_sample"]
    labels = [f"{r['workload']}\nc={r['concurrency']}" for r in wrk_like]
    colors = ["tab:blue" if r["role"] == "service" else "tab:gray" for r in wrk_like]
    xs = range(len(wrk_like))
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(max(10, 1.1 * len(wrk_like)), 9),
                                         sharex=True)
    top.bar(xs, [r["rps"] for r in wrk_like], color=colors)
    top.set_ylabel("requests (transfers) per second")
    top.set_title("transfers service (blue) vs references (gray): throughput")
    for x, r in zip(xs, wrk_like):
        top.annotate(f"{r['rps']:,.0f}", (x, r["rps"]), ha="center", va="bottom", fontsize=7)
    width = 0.4
    bottom.bar([x - width / 2 for x in xs], [r["latency_ms_p50"] or 0 for r in wrk_like],
               width, label="p50", color="tab:green")
    bottom.bar([x + width / 2 for x in xs], [r["latency_ms_p99"] or 0 for r in wrk_like],
               width, label="p99", color="tab:red")
    bottom.set_yscale("log")
    bottom.set_ylabel("latency, ms (log)")
    bottom.set_title("latency p50 / p99")
    bottom.legend()
    bottom.set_xticks(list(xs))
    bottom.set_xticklabels(labels, rotation=30, ha="right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main():
    out_dir = sys.argv[1]
    runs, facts = load(out_dir)
    ratios = ratio_targets(runs)
    others = other_targets(runs, facts)
    print_table(runs, ratios, others, facts)
    results = {
        "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(), **facts.get("machine", {})},
        "facts": {k: v for k, v in facts.items() if k != "machine"},
        "targets": ratios + others,
        "measurements": sorted(runs.values(), key=order),
    }
    with open(os.path.join(out_dir, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(f"\nwrote {out_dir}/results.json")
    try:
        draw_chart(runs, os.path.join(out_dir, "chart.png"))
        print(f"wrote {out_dir}/chart.png")
    except ImportError as error:
        print(f"report: no chart ({error})", file=sys.stderr)


if __name__ == "__main__":
    main()
