#!/usr/bin/env python3
"""Turns one load tool's text output into one JSON record (a line for measurements.jsonl).

    parse.py TOOL RAW_OUTPUT_FILE --id ID --role service|reference --workload TEXT
             [--concurrency N] [--set KEY=VALUE ...]

TOOL is wrk, sysbench, redis-benchmark or hey. Every record has the same core fields, so the
report can put service and reference side by side: rps, latency_ms_p50, latency_ms_p99,
requests, plus what the tool adds (non-2xx and socket errors for wrk, ignored deadlocks for
sysbench, the status code distribution for hey). --set adds facts measured outside the tool
(for example the cache hit ratio); a VALUE that parses as JSON is stored as JSON.
Exits non-zero when the output does not have the figures expected: a broken run must not
turn into a zero in the table.
"""
import argparse
import json
import re
import sys


def number(pattern, text, cast=float):
    match = re.search(pattern, text, re.MULTILINE)
    if not match:
        raise ValueError(f"no match for {pattern!r}")
    return cast(match.group(1))


def parse_wrk(text):
    # Our wrk scripts' done() prints one JSON line with exact counts and percentiles.
    line = next((l for l in text.splitlines() if l.startswith("BENCH_WRK ")), None)
    if line is None:
        raise ValueError("no BENCH_WRK line: did the script's done() run?")
    record = json.loads(line[len("BENCH_WRK "):])
    record["rps"] = number(r"^Requests/sec:\s+([\d.]+)", text)
    # Cross-check with wrk's own summary line (absent when the count is zero).
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    printed = int(match.group(1)) if match else 0
    if printed != record["non2xx"]:
        raise ValueError(f"non-2xx mismatch: done() says {record['non2xx']}, wrk printed {printed}")
    return record


def histogram_percentile(buckets, fraction):
    """Smallest bucket value at or below which `fraction` of the events fall."""
    total = sum(count for _, count in buckets)
    needed = fraction * total
    seen = 0
    for value, count in buckets:
        seen += count
        if seen >= needed:
            return value
    return buckets[-1][0]


def parse_sysbench(text):
    # With --histogram=on sysbench prints "value |*** count" lines (milliseconds), the only
    # way to get a p50 from it; its summary gives only the --percentile (99) figure.
    buckets = [(float(m.group(1)), int(m.group(2))) for m in
               re.finditer(r"^\s*([\d.]+)\s+\|\**\s+(\d+)\s*$", text, re.MULTILINE)]
    if not buckets:
        raise ValueError("no latency histogram: run sysbench with --histogram=on")
    return {
        "requests": number(r"^\s*transactions:\s+(\d+)", text, int),
        "rps": number(r"^\s*transactions:\s+\d+\s+\(([\d.]+) per sec", text),
        "ignored_errors": number(r"^\s*ignored errors:\s+(\d+)", text, int),
        "reconnects": number(r"^\s*reconnects:\s+(\d+)", text, int),
        "duration_s": number(r"^\s*total time:\s+([\d.]+)s", text),
        "latency_ms_p50": histogram_percentile(buckets, 0.50),
        "latency_ms_p99": histogram_percentile(buckets, 0.99),
        "latency_ms_p99_sysbench": number(r"^\s*99th percentile:\s+([\d.]+)", text),
        "latency_ms_mean": number(r"^\s*avg:\s+([\d.]+)", text),
        "latency_ms_max": number(r"^\s*max:\s+([\d.]+)", text),
    }


def parse_redis_benchmark(text):
    # --csv: a header line, then "GET","rps","avg",min","p50","p95","p99","max".
    for line in text.splitlines():
        fields = [f.strip('"') for f in line.strip().split(",")]
        if fields and fields[0] == "GET" and len(fields) >= 8:
            return {
                "rps": float(fields[1]),
                "latency_ms_mean": float(fields[2]),
                "latency_ms_p50": float(fields[4]),
                "latency_ms_p99": float(fields[6]),
                "latency_ms_max": float(fields[7]),
            }
    raise ValueError("no GET line: run redis-benchmark with --csv -t get")


def section(text, title):
    """Lines of a hey output section: from its title to the next blank line."""
    match = re.search(rf"^{title}:\n((?:[ \t]+\S.*\n?)*)", text, re.MULTILINE)
    return match.group(1).splitlines() if match else []


def parse_hey(text):
    statuses = {}
    for line in section(text, "Status code distribution"):
        match = re.match(r"\s*\[(\d+)\]\s+(\d+) responses", line)
        if match:
            statuses[match.group(1)] = int(match.group(2))
    errors = {}
    for line in section(text, "Error distribution"):
        match = re.match(r"\s*\[(\d+)\]\s+(.*)", line)
        if match:
            errors[match.group(2).strip()] = int(match.group(1))

    def percentile(p):
        match = re.search(rf"^\s*{p}% in ([\d.]+) secs", text, re.MULTILINE)
        return float(match.group(1)) * 1e3 if match else None

    return {
        "rps": number(r"^\s*Requests/sec:\s+([\d.]+)", text),
        "duration_s": number(r"^\s*Total:\s+([\d.]+) secs", text),
        "requests": sum(statuses.values()) + sum(errors.values()),
        "statuses": statuses,
        "answered_201": statuses.get("201", 0),
        "errors": errors,
        "latency_ms_p50": percentile(50),
        "latency_ms_p99": percentile(99),
    }


PARSERS = {"wrk": parse_wrk, "sysbench": parse_sysbench,
           "redis-benchmark": parse_redis_benchmark, "hey": parse_hey}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tool", choices=sorted(PARSERS))
    parser.add_argument("raw_output")
    parser.add_argument("--id", required=True)
    parser.add_argument("--role", choices=["service", "reference"], required=True)
    parser.add_argument("--workload", required=True)
    parser.add_argument("--concurrency", type=int)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()

    with open(args.raw_output, encoding="utf-8", errors="replace") as f:
        # redis-benchmark and hey redraw progress lines with carriage returns.
        text = f.read().replace("\r", "\n")
    try:
        figures = PARSERS[args.tool](text)
    except (ValueError, KeyError) as error:
        sys.exit(f"parse.py: {args.tool} output {args.raw_output}: {error}")
    record = {"id": args.id, "role": args.role, "tool": args.tool, "workload": args.workload,
              "concurrency": args.concurrency, **figures}
    for pair in args.set:
        key, _, value = pair.partition("=")
        try:
            record[key] = json.loads(value)
        except json.JSONDecodeError:
            record[key] = value
    print(json.dumps(record, sort_keys=False))


if __name__ == "__main__":
    main()
