#!/usr/bin/env python3
"""What the launch benchmarks, ci/bench.sh and ci/bench-vm.sh, share.

    ci/bench-util.py bundle CONFIG DIR...
    ci/bench-util.py table HYPERFINE_JSON[,HYPERFINE_JSON...] NAME...

bundle: edits CONFIG, the config.json that `runc spec` or `crun spec`
wrote, into the benchmark's container: /bin/true without a terminal, the
root read-only, each DIR bound read-only at the same path, and a 64 MiB
memory limit (what `nsharness exec --memory 64M` is timed with).

table: one row per command of hyperfine's --export-json files, named by
the NAMEs in order: median and p95 in ms, and the median's ratio to the
row whose name starts with "bwrap" (the peer every figure is held to).
Several files are rounds of the same line-up (ci/bench.sh interleaves
them so that a slow minute of a shared machine hits every command alike):
each command's times are pooled across them.

Python 3 standard library only. Exit 2 on a bad command line.
"""
import json
import sys


def bundle(path, dirs):
    with open(path) as f:
        c = json.load(f)
    c["process"]["terminal"] = False
    c["process"]["args"] = ["/bin/true"]
    c["root"]["readonly"] = True
    for d in dirs:
        c["mounts"].append({"destination": d, "type": "bind", "source": d,
                            "options": ["rbind", "ro"]})
    c["linux"].setdefault("resources", {})["memory"] = {"limit": 64 << 20}
    with open(path, "w") as f:
        json.dump(c, f)


def stats(times):
    t = sorted(times)
    return t[len(t) // 2] * 1e3, t[min(len(t) - 1, int(len(t) * 0.95))] * 1e3


def pooled_times(paths):
    pooled = []
    for path in paths.split(","):
        with open(path) as f:
            for i, r in enumerate(json.load(f)["results"]):
                if i == len(pooled):
                    pooled.append([])
                pooled[i].extend(r["times"])
    return pooled


def table(paths, names):
    rows = [(n,) + stats(t) for n, t in zip(names, pooled_times(paths))]
    bwrap = [r for r in rows if r[0].startswith("bwrap")][0][1]
    print("%-48s %10s %10s %10s" % ("whole process, launch to reaped exit", "median ms", "p95 ms", "/ bwrap"))
    for n, med, p95 in rows:
        print("%-48s %10.2f %10.2f %9.2fx" % (n, med, p95, med / bwrap))


def main(argv):
    if len(argv) >= 3 and argv[1] == "bundle":
        bundle(argv[2], argv[3:])
    elif len(argv) >= 4 and argv[1] == "table" and any(n.startswith("bwrap") for n in argv[3:]):
        table(argv[2], argv[3:])
    else:
        print("usage: ci/bench-util.py bundle CONFIG DIR... | table HYPERFINE_JSON NAME... "
              "(one NAME starting with bwrap)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
