#!/usr/bin/env python3
"""The runtime conformance table (make conformance), as markdown on stdout.

    ci/conformance.py RESULTS_DIR > ci/report/conformance.md
    ci/conformance.py --splice SECTION.md REPORT.md

The second form puts the section into REPORT.md in place (replacing the
"## Runtime conformance" section, or before "## Performance"), so the
kernel matrix's results need not be here; a full `make report` includes
ci/report/conformance.md the same way.

RESULTS_DIR holds, per runtime NAME (the columns, in the order below):
  NAME.tap      the TAP of `nsharness --runtime NAME` (or of the VM run)
  NAME.meta     "key: value" lines: where (host, or the VM's kernel and
                cgroup layout), exit, the runner's header line
  NAME.skip     instead of a TAP: why the runtime did not run (one line)
A cell is per probe entry: ok (every point ok), differs (policy: FACTS)
when runtime-policy skips and no not ok, not ok (N) with N points not ok
(broken included), skip (REASON) when every point skipped. ci/report.py
includes the output as a section of REPORT.md. Python 3 standard library.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import read_meta as meta  # noqa: E402  (the same "key: value" files)

RUNTIMES = ['core', 'unshare', 'bwrap', 'runc', 'crun', 'podman', 'docker']
POINT = re.compile(r'^    (not ok|ok)\b(?: +\d+)?(?: +-)?(?: +(.*))?$')
PLAN0 = re.compile(r'^    1\.\.0(?:\s*#\s*SKIP\s*(.*))?$')
SUBTEST = re.compile(r'^# Subtest: (\S+)')
POLICY = re.compile(r'^    # policy: ([\w-]+)=(\S+) \(the \S+ profile\)')
SKIP = re.compile(r'(?<!\\)\s#\s*SKIP\b\s*(.*)$', re.I)
POLICY_PREFIX = 'runtime policy: '


class Entry:
    def __init__(self):
        self.ok = self.notok = self.skip = 0
        self.policy = []        # "fact=value", in order, once each
        self.reasons = []       # plain skip reasons
        self.findings = []      # descriptions of not ok points


def parse(path):
    """{entry id: Entry} of one nsharness TAP."""
    entries, cur, fact = {}, None, None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = SUBTEST.match(line)
            if m:
                cur = entries.setdefault(m.group(1), Entry())
                fact = None
                continue
            if cur is None:
                continue
            m = POLICY.match(line)
            if m:
                fact = '%s=%s' % (m.group(1), m.group(2))
                continue
            m = PLAN0.match(line)
            if m:
                reason = m.group(1) or ''
                record_skip(cur, reason, fact)
                continue
            m = POINT.match(line)
            if not m:
                continue
            rest = m.group(2) or ''
            s = SKIP.search(rest)
            if m.group(1) == 'not ok':
                cur.notok += 1
                cur.findings.append(SKIP.sub('', rest).strip())
            elif s:
                record_skip(cur, s.group(1).strip(), fact)
            else:
                cur.ok += 1
            fact = None
    return entries


def record_skip(e, reason, fact):
    if reason.startswith(POLICY_PREFIX):
        name = fact or 'caps'
        if name not in e.policy:
            e.policy.append(name)
    else:
        e.skip += 1
        if reason not in e.reasons:
            e.reasons.append(reason)


def cell(e):
    if e is None:
        return '—'
    if e.notok:
        return '**not ok** (%d)' % e.notok
    if e.policy:
        return 'differs (policy: %s)' % ', '.join('`%s`' % p for p in e.policy)
    if e.ok == 0:
        return 'skip (%s)' % short(e.reasons[0] if e.reasons else 'no reason')
    return 'ok' + (' (%d skip)' % e.skip if e.skip else '')


def short(text, n=70):
    text = ' '.join(text.split()).replace('|', '\\|')
    return text if len(text) <= n else text[:n - 1] + '…'


def totals(entries, path):
    """checks: ok, runtime policy, not ok, other skips"""
    t = [0, 0, 0, 0]
    for e in entries.values():
        t[0] += e.ok
        t[2] += e.notok
        t[3] += e.skip
    with open(path, errors='replace') as f:
        t[1] = sum(1 for line in f if line.startswith('    ') and
                   re.search(r'#\s*SKIP\s*' + POLICY_PREFIX, line))
    return t


def main():
    res = sys.argv[1] if len(sys.argv) > 1 else 'results/conformance'
    cols, runs = [], {}
    for rt in RUNTIMES:
        tap, skip = os.path.join(res, rt + '.tap'), os.path.join(res, rt + '.skip')
        if os.path.exists(tap):
            runs[rt] = parse(tap)
            cols.append(rt)
        elif os.path.exists(skip):
            cols.append(rt)
    w = print
    w('## Runtime conformance\n')
    w('What each container runtime really isolates, check by check: every probe '
      'with an inside role run with `--role inside` under the runtime '
      '(`nsharness --runtime NAME`, profiles in `harness/runner/runtimes/`), regenerated by '
      '`make conformance`. A cell is one suite entry: **ok** (every check ok), '
      '**differs (policy: …)** (the checks that differ are what the runtime\'s '
      'profile documents — the pid of the command, the pids its setup used, lo, '
      'propagation, pivot, capabilities — named by fact, never a kernel fail), '
      '**not ok** (N checks: an undocumented difference, a finding), **skip** '
      '(every check skipped, with the first reason).\n')
    if not cols:
        w('No conformance results yet (`make conformance`).\n')
        return
    w('| runtime | where | version | exit |')
    w('|---|---|---|---|')
    for rt in cols:
        m = meta(os.path.join(res, rt + '.meta'))
        if rt in runs:
            w('| %s | %s | %s | %s |' % (rt, short(m.get('where', '?'), 60), short(m.get('version', '?'), 50),
                                         m.get('exit', '?')))
        else:
            with open(os.path.join(res, rt + '.skip'), errors='replace') as f:
                w('| %s | not run | — | skip: %s |' % (rt, short(f.read().strip(), 160)))
    w('')
    ran = [rt for rt in cols if rt in runs]
    ids = []
    for rt in ran:
        for k in runs[rt]:
            if k not in ids:
                ids.append(k)
    w('| entry | ' + ' | '.join(ran) + ' |')
    w('|---|' + '---|' * len(ran))
    for k in ids:
        w('| %s | %s |' % (k, ' | '.join(cell(runs[rt].get(k)) for rt in ran)))
    w('| **checks: ok / policy / not ok / skip** | %s |' % ' | '.join(
        '%d / %d / %d / %d' % tuple(totals(runs[rt], os.path.join(res, rt + '.tap'))) for rt in ran))
    w('')
    findings = [(rt, k, d) for rt in ran for k, e in runs[rt].items() for d in e.findings]
    w('### Findings (not ok under a runtime)\n')
    if not findings:
        w('None: every check is ok, a named policy difference, or a skip with its reason.\n')
    for rt, k, d in findings:
        w('- %s, %s: %s' % (rt, k, short(d, 120)))
    w('')


def splice(section_path, report_path):
    with open(section_path, errors='replace') as f:
        section = f.read().rstrip('\n') + '\n\n'
    try:
        with open(report_path, errors='replace') as f:
            report = f.read()
    except OSError:
        report = ''
    m = re.search(r'^## Runtime conformance\n.*?(?=^## |\Z)', report, re.S | re.M)
    if m:
        report = report[:m.start()] + section + report[m.end():]
    else:
        m = re.search(r'^## Performance', report, re.M)
        at = m.start() if m else len(report)
        report = report[:at] + section + report[at:]
    with open(report_path + '.tmp', 'w') as f:
        f.write(report)
    os.replace(report_path + '.tmp', report_path)


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--splice':
        splice(sys.argv[2], sys.argv[3])
    else:
        main()
