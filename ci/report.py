#!/usr/bin/env python3
"""Write REPORT.md (on stdout) from the kernel matrix's results/.

    ci/report.py [--update] [RESULTS_DIR] > REPORT.md

Reads results/<run>/{meta,tap} for each run (the columns: the order in
results/matrix.runs when ci/matrix.sh wrote it, else every run directory),
results/matrix.meta (how the matrix ran), ci/report-notes.txt (why a check
fails somewhere; the known kernel behaviour changes) and the last report's
summary, ci/report/summary.json, for "changed since the last report", the
matrix wall times and the bench figures (results/bench.txt, the latest
`make bench`, when there is one; else the figures the last report kept).
With --update it writes the new summary there and copies the TAP and
console log of every run with a failing or broken check to
ci/report/runs/<run>/, which REPORT.md links to. Python 3 standard library
only.

The counting unit is the runner's and JUnit's: one point of an entry's
subtest, or the entry itself when it has no points (skipped whole). Rows
that another run has and this one did not check are shown, not counted.
"""
import fnmatch
import json
import os
import re
import shutil
import sys

RESULT = re.compile(r'^(?P<ind> *)(?P<ok>not ok|ok)\b(?: +(?P<num>\d+))?(?: +-)?(?: +(?P<rest>.*))?$')
PLAN = re.compile(r'^ *\d+\.\.(?P<n>\d+)(?:\s*#\s*(?P<dir>.*))?$')
SUBTEST = re.compile(r'^# Subtest: (?P<name>.+)$')
YAML = re.compile(r'^ +(?P<key>[a-z_]+): *(?P<val>.*)$')
TOTALS = re.compile(r'^# Totals: (\d+) passed, (\d+) failed \((\d+) broken\), (\d+) skipped')
HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
STATE = os.path.join(HERE, 'report')


def split_directive(rest):
    """'desc # SKIP why' -> (desc, 'SKIP', 'why'); an unescaped ' # ' only."""
    rest = rest or ''
    m = re.search(r'(?<!\\)\s#\s*(SKIP|TODO|TIMEOUT)\b\s*(.*)$', rest, re.I)
    if not m:
        return rest.strip(), '', ''
    return rest[:m.start()].strip(), m.group(1).upper(), m.group(2).strip()


class Point:
    def __init__(self, desc, status, why, line):
        self.desc, self.status, self.why, self.line = desc, status, why, line
        self.yaml = {}


class Entry:
    def __init__(self, name):
        self.name = name
        self.points = []
        self.status = None    # ok / fail / broken / skip
        self.reason = ''
        self.plan_skip = ''
        self.line = 0
        self.yaml = {}


def parse_tap(path):
    """nsharness TAP -> ({entry name: Entry} in order, runner's Totals or None)."""
    entries, cur, last, top, totals = {}, None, None, None, None
    with open(path, errors='replace') as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip('\n')
            m = SUBTEST.match(line)
            if m:
                cur, last, top = Entry(m.group('name')), None, None
                cur.line = no
                continue
            m = TOTALS.match(line)
            if m:
                totals = tuple(int(x) for x in m.groups())
                continue
            y = YAML.match(line)
            if y and not RESULT.match(line) and not PLAN.match(line):
                target = last if line.startswith('      ') else top
                if target is not None:
                    target.yaml[y.group('key')] = y.group('val').strip().strip('"')
                    if y.group('key') == 'severity' and target.status == 'fail' and y.group('val') == 'broken':
                        target.status = 'broken'
                continue
            m = PLAN.match(line)
            if m and line.startswith('    ') and cur is not None:
                if m.group('n') == '0' and m.group('dir'):
                    cur.plan_skip = re.sub(r'^SKIP\s*', '', m.group('dir'), flags=re.I)
                continue
            m = RESULT.match(line)
            if not m:
                continue
            desc, directive, why = split_directive(m.group('rest'))
            status = 'ok' if m.group('ok') == 'ok' else 'fail'
            if directive == 'SKIP':
                status = 'skip'
            elif directive == 'TODO' and status == 'fail':
                status = 'todo'     # "not ok # TODO": the known bug is there
            ind = len(m.group('ind'))
            if ind == 4 and cur is not None:
                last = Point(desc, status, why, no)
                cur.points.append(last)
            elif ind == 0:
                ent = cur if cur is not None and cur.name == desc else Entry(desc)
                ent.status, ent.reason = status, why or ent.plan_skip
                ent.line = ent.line or no
                if directive == 'TIMEOUT':
                    ent.status, ent.reason = 'broken', 'TIMEOUT ' + why
                # a "not ok" entry whose points all passed or skipped broke
                # in the runner's eyes (exit status, crash): say so
                if ent.status == 'fail' and not any(p.status == 'fail' for p in ent.points):
                    ent.status = 'broken'
                entries[ent.name] = ent
                cur, last, top = None, None, ent
    return entries, totals


def read_meta(path):
    meta = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.partition(':')
                meta[k.strip()] = v.strip()
    except OSError:
        pass
    return meta


def runs_of(results):
    listed = os.path.join(results, 'matrix.runs')
    if os.path.exists(listed):
        with open(listed) as f:
            names = [l.strip() for l in f if l.strip()]
    else:
        names = sorted(d for d in os.listdir(results)
                       if os.path.isfile(os.path.join(results, d, 'meta')))
        names.sort(key=lambda n: (not n.startswith('host'), n))
    runs = []
    for n in names:
        d = os.path.join(results, n)
        tap = os.path.join(d, 'tap')
        has = os.path.exists(tap) and os.path.getsize(tap) > 0
        entries, totals = parse_tap(tap) if has else ({}, None)
        runs.append({'name': n, 'dir': d, 'meta': read_meta(os.path.join(d, 'meta')),
                     'entries': entries, 'totals': totals, 'has_tap': has,
                     'junit': junit_count(os.path.join(d, 'junit.xml'))})
    return runs


def junit_count(path):
    try:
        with open(path, errors='replace') as f:
            return f.read().count('<testcase ')
    except OSError:
        return None


def md(text):
    return text.replace('|', '\\|').replace('<', '&lt;')


def norm(desc):
    """Pids, fds and other run-specific numbers (2+ digits) do not make a new check."""
    return re.sub(r'\d{2,}', 'N', desc)


def key_str(k):
    return '%s | %s | %d' % k


# --- the rows: every check any run made -------------------------------------

DISPLAY = {}


def build_rows(runs):
    """Rows keyed (entry, desc, occurrence) in first-seen order. A run's own
    cells (counted) come from its TAP; the others say why the run has none."""
    order, seen = [], set()
    for r in runs:
        r['cells'], r['own'] = {}, {}
        for ent in r['entries'].values():
            count, keys = {}, []
            for p in ent.points:
                n = norm(p.desc)
                count[n] = count.get(n, 0) + 1
                keys.append((ent.name, n, count[n]))
                DISPLAY.setdefault(keys[-1], p.desc)
            items = list(zip(keys, ent.points))
            if not keys:
                items = [((ent.name, '(whole entry)', 1), ent)]
            for k, item in items:
                if k not in seen:
                    seen.add(k)
                    order.append(k)
                why = item.why if isinstance(item, Point) else item.reason
                r['cells'][k] = (item.status, why)
                r['own'][k] = (ent, item)
    for r in runs:
        for k in order:
            if k in r['cells']:
                continue
            ent = r['entries'].get(k[0])
            if ent is None:
                r['cells'][k] = ('none', 'not run' if r['has_tap'] else 'run did not report')
            elif ent.status == 'skip' and not ent.points:
                r['cells'][k] = ('entry-skip', ent.reason)
            elif ent.status == 'broken' and not ent.points:
                r['cells'][k] = ('entry-broken', ent.reason)
            else:
                r['cells'][k] = ('none', 'not checked on this kernel')
    # an entry-level row is redundant once another run lists its points
    named = {k[0] for k in order if k[1] != '(whole entry)'}
    return [k for k in order if not (k[1] == '(whole entry)' and k[0] in named)]


def count_run(r):
    c = {'ok': 0, 'fail': 0, 'broken': 0, 'skip': 0, 'todo': 0}
    for k, (status, _) in r['cells'].items():
        if k in r['own']:
            c[status] += 1
    return c


# --- skip reasons, each once ------------------------------------------------

class Reasons:
    def __init__(self):
        self.ids, self.where = {}, {}

    def ref(self, why, run):
        why = ' '.join(why.split()) or '(no reason given)'
        if why not in self.ids:
            self.ids[why] = 'S%d' % (len(self.ids) + 1)
            self.where[why] = []
        if run not in self.where[why]:
            self.where[why].append(run)
        return self.ids[why]


def cell_text(cell, reasons, run):
    status, why = cell
    if status == 'ok':
        return 'ok'
    if status == 'fail':
        return '**not ok**'
    if status == 'broken':
        return '**broken**'
    if status == 'skip':
        return 'skip [%s]' % reasons.ref(why, run)
    if status == 'entry-skip':
        return '(entry skipped [%s])' % reasons.ref(why, run)
    if status == 'entry-broken':
        return '(entry **broken**)'
    if status == 'todo':
        return 'not ok (TODO, known)'
    return '— ' + md(why)


# --- where a check lives: probe source line, suite line ---------------------

def suite_lines():
    """{'pidns.for-children': ('suites/pidns.suite', line, probe)}"""
    out = {}
    sdir = os.path.join(TOP, 'suites')
    for fn in sorted(os.listdir(sdir)) if os.path.isdir(sdir) else []:
        if not fn.endswith('.suite'):
            continue
        with open(os.path.join(sdir, fn), errors='replace') as f:
            for no, line in enumerate(f, 1):
                words = line.split('#', 1)[0].split()
                words = [w for w in words if not w.startswith('timeout=')]
                if len(words) >= 2:
                    out['%s.%s' % (fn[:-6], words[0])] = ('suites/' + fn, no, words[1])
    return out


SOURCES = {}


def source_of(probe):
    if probe not in SOURCES:
        files = ['probes/%s.c' % probe] + sorted('fixtures/' + f for f in os.listdir(os.path.join(TOP, 'fixtures'))
                                                  if f.endswith('.c')) if os.path.isdir(os.path.join(TOP, 'fixtures')) else []
        text = {}
        for fn in files:
            try:
                with open(os.path.join(TOP, fn), errors='replace') as f:
                    text[fn] = f.read().split('\n')
            except OSError:
                pass
        SOURCES[probe] = text
    return SOURCES[probe]


def probe_line(probe, desc):
    """The source line that prints DESC: its longest literal stretch found."""
    parts = sorted(re.split(r'%|\d+|"', desc), key=len, reverse=True)
    for part in parts[:3]:
        part = part.strip(' ,:()')
        if len(part) < 12:
            break
        for fn, lines in source_of(probe).items():
            for no, line in enumerate(lines, 1):
                if part in line:
                    return fn, no
    return ('probes/%s.c' % probe, 0) if os.path.exists(os.path.join(TOP, 'probes', probe + '.c')) else (None, 0)


def source_links(k, where):
    out = []
    suite = where.get(k[0])
    if suite:
        fn, no = probe_line(suite[2], DISPLAY.get(k, k[1]))
        if fn:
            out.append('[probe](%s%s)' % (fn, '#L%d' % no if no else ''))
        out.append('[suite line](%s#L%d)' % (suite[0], suite[1]))
    return ', '.join(out)


def run_links(k, r, evidence):
    out = []
    if r['name'] in evidence:
        ent, item = r['own'].get(k, (None, None))
        line = item.line if item is not None else 0
        out.append('[TAP](ci/report/runs/%s/tap%s)' % (r['name'], '#L%d' % line if line else ''))
        out.append('[console](ci/report/runs/%s/console.log)' % r['name'])
    return ', '.join(out)


def details(r, k):
    ent, item = r['own'].get(k, (None, None))
    if item is None:
        return ''
    y = dict(item.yaml)
    y.pop('severity', None)
    if not y and item is not ent and ent.yaml:
        y = dict(ent.yaml)
        y.pop('severity', None)
    parts = ['%s `%s`' % (key, val.replace('`', "'")) for key, val in y.items()]
    return '; '.join(parts)


# --- notes ------------------------------------------------------------------

def load_notes(path):
    """'KEY :: note' lines; KEY is 'suite.entry', 'suite.entry: description
    prefix', '*' (general) or 'change VERSION suite.entry: prefix' (a known
    kernel behaviour change, its note naming the upstream commit)."""
    notes = []
    try:
        with open(path) as f:
            for line in f:
                if line.strip() and not line.startswith('#') and '::' in line:
                    key, _, note = line.partition('::')
                    notes.append((key.strip(), note.strip()))
    except OSError:
        pass
    return notes


def where_ok(k, names):
    """'@GLOB[,GLOB...] rest': the note holds only on runs whose column
    matches a glob (all of `names`); without '@' everywhere."""
    if not k.startswith('@'):
        return k, True
    globs, _, rest = k[1:].partition(' ')
    pats = globs.split(',')
    return rest.strip(), all(any(fnmatch.fnmatchcase(n, p) for p in pats) for n in names)


def note_for(notes, key, names=()):
    """The note explaining entry/description `key` on the runs `names`:
    one with a description prefix wins over an entry-wide one."""
    entry, desc = key[0], key[1]
    best = None
    for k, n in notes:
        k, holds = where_ok(k, names)
        if k.startswith('change ') or k == '*' or not holds:
            continue
        e, _, d = k.partition(':')
        if e.strip() == entry and (not d.strip() or desc.startswith(d.strip())):
            if best is None or d.strip():
                best = n
    return best


def change_for(notes, key):
    for k, n in notes:
        if not k.startswith('change '):
            continue
        _, version, rest = k.split(' ', 2)
        e, _, d = rest.partition(':')
        if e.strip() == key[0] and key[1].startswith(d.strip()):
            return version, n
    return None


# --- the last report --------------------------------------------------------

def load_summary(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def summary_of(runs, rows, matrix, last, bench):
    walls = dict(last.get('matrix_wall_s', {}))
    if matrix.get('wall_s') and matrix.get('jobs'):
        walls[matrix['jobs']] = {'wall_s': matrix['wall_s'], 'runs': matrix.get('runs'),
                                 'date': matrix.get('date')}
    return {
        'format': 1,
        'runs': {r['name']: {'kernel': r['meta'].get('kernel', ''),
                             'package_version': r['meta'].get('package_version', ''),
                             'date': r['meta'].get('date', ''),
                             'checks': {key_str(k): r['cells'][k][0] for k in rows if k in r['own']}}
                 for r in runs},
        'matrix_wall_s': walls,
        'bench': bench,
    }


def changes(runs, rows, last):
    """Lines saying what differs from the last report."""
    out = []
    old = last.get('runs', {})
    if not old:
        return ['No earlier report summary (ci/report/summary.json) to compare with.']
    names = [r['name'] for r in runs]
    for n in names:
        if n not in old:
            out.append('- new column **%s**' % md(n))
    for n in old:
        if n not in names:
            out.append('- column **%s** is gone' % md(n))
    for r in runs:
        o = old.get(r['name'])
        if not o:
            continue
        if o.get('kernel') != r['meta'].get('kernel', '') or o.get('package_version') != r['meta'].get('package_version', ''):
            out.append('- **%s**: kernel %s (%s) → %s (%s)' % (
                md(r['name']), o.get('kernel') or '?', o.get('package_version') or '—',
                r['meta'].get('kernel', '?'), r['meta'].get('package_version') or '—'))
        moved = []
        for k in rows:
            if k not in r['own']:
                continue
            before = o.get('checks', {}).get(key_str(k))
            now = r['cells'][k][0]
            if before != now:
                moved.append((k, before or 'absent', now))
        gone = [ks for ks in o.get('checks', {}) if ks not in {key_str(k) for k in rows if k in r['own']}]
        for k, before, now in moved[:10]:
            out.append('- **%s** %s — %s: %s → **%s**' % (md(r['name']), md(k[0]), md(desc_of(k)), before, now))
        if len(moved) > 10:
            out.append('- **%s**: … and %d more checks changed' % (md(r['name']), len(moved) - 10))
        if gone:
            names = '; '.join(md(' — '.join(g.split(' | ')[:2])) for g in gone[:3])
            out.append('- **%s**: %d checks of the last report are not made any more (%s%s)' % (
                md(r['name']), len(gone), names, '; …' if len(gone) > 3 else ''))
    return out or ['Nothing changed: the same columns, kernels and verdicts as the last report.']


def desc_of(k):
    d = DISPLAY.get(k, k[1])
    return d if k[2] == 1 else '%s (#%d)' % (d, k[2])


def bench_text(results, last, previous_report):
    """results/bench.txt; else what the last summary kept; else the Bench
    block of the REPORT.md about to be replaced (reports before the summary)."""
    path = os.path.join(results, 'bench.txt')
    if os.path.exists(path):
        with open(path, errors='replace') as f:
            return {'text': f.read().rstrip('\n'), 'source': path}
    if last.get('bench'):
        return last['bench']
    try:
        with open(previous_report, errors='replace') as f:
            old = f.read()
    except OSError:
        return {}
    m = re.search(r'^### Bench.*?\n```\n(.*?)\n```', old, re.S | re.M)
    src = re.search(r'^### Bench.*?from `([^`]+)`', old, re.S | re.M)
    return {'text': m.group(1), 'source': src.group(1) if src else 'REPORT.md'} if m else {}


def conformance_text():
    """ci/report/conformance.md, the runtime conformance section that
    `make conformance` (ci/conformance.py) writes and keeps in git."""
    try:
        with open(os.path.join(STATE, 'conformance.md'), errors='replace') as f:
            return f.read().rstrip('\n')
    except OSError:
        return '## Runtime conformance\n\nNo conformance results yet (`make conformance`).'


# --- the document -----------------------------------------------------------

def main():
    args = [a for a in sys.argv[1:] if a != '--update']
    update = '--update' in sys.argv[1:]
    results = args[0] if args else 'results'
    runs = runs_of(results)
    rows = build_rows(runs)
    for r in runs:
        r['counts'] = count_run(r)
    notes = load_notes(os.path.join(HERE, 'report-notes.txt'))
    last = load_summary(os.path.join(STATE, 'summary.json'))
    matrix = read_meta(os.path.join(results, 'matrix.meta'))
    bench = bench_text(results, last, os.path.join(TOP, 'REPORT.md'))
    where = suite_lines()
    bad = [k for k in rows if any(r['cells'][k][0] in ('fail', 'broken') for r in runs)]
    evidence = [r['name'] for r in runs if any(r['cells'][k][0] in ('fail', 'broken') for k in rows)
                or not r['has_tap']]
    reasons = Reasons()
    out = []
    w = out.append
    series = sorted({r['meta'].get('series') or r['meta'].get('kernel', '?').split('-')[0].rsplit('.', 1)[0]
                     for r in runs}, key=lambda s: [int(x) if x.isdigit() else 0 for x in s.split('.')])

    w('# nsprobe kernel matrix\n')
    w('Generated by `make matrix` / `make report` (ci/report.py) from `results/`: the '
      'host kernel as it is, and Debian kernels (fetched into a cache, never '
      'installed) booted under QEMU (TCG) into a busybox initramfs with the cgroup '
      'layout named in the column (v2: `cgroup_no_v1=all`, cgroup2 at '
      '/sys/fs/cgroup; v1: one hierarchy per controller on a tmpfs; hybrid: v1 '
      'per controller + cgroup2 at /sys/fs/cgroup/unified holding hugetlb, like '
      'our hosts). Columns are `<series>-<flavour>-<layout>`; the exact kernel '
      'is in the runs table. Do not edit: regenerate.\n')
    if not runs:
        w('No runs in `%s/` yet: run `make matrix`.\n' % results)

    w('## Summary\n')
    how = ''
    if matrix.get('wall_s'):
        how = ', generated by `make matrix -j %s` in %s s wall' % (matrix.get('jobs', '?'), matrix['wall_s'])
    w('%d runs across %d kernel series (%s)%s.\n' % (len(runs), len(series), ', '.join(series), how))
    if matrix.get('kcidb'):
        w('KCIDB files (`nsharness --kcidb`, one a run, checked by ci/kcidb/check.py and '
          "kcidb-io's schema v5.3): %s.\n" % re.sub(r' \(.*\)$', '', matrix['kcidb']))
    w('### What failed\n')
    if not bad:
        w('No check fails or breaks on any kernel.\n')
    for k in bad:
        hit = [r for r in runs if r['cells'][k][0] in ('fail', 'broken')]
        w('- **%s — %s**: %s on %s' % (md(k[0]), md(desc_of(k)),
                                       '/'.join(sorted({('broken' if r['cells'][k][0] == 'broken' else 'not ok') for r in hit})),
                                       ', '.join(md(r['name']) for r in hit)))
        by_detail = {}
        for r in hit:
            by_detail.setdefault(details(r, k), []).append(r)
        for d, rs in by_detail.items():
            w('  - %s — %s' % (md(d) or 'no details', source_links(k, where)))
            w('    on %s' % '; '.join('%s (%s: %s)' % (md(r['name']), md(r['meta'].get('kernel', '?')),
                                                        run_links(k, r, evidence)) for r in rs))
        ch = change_for(notes, k)
        kn = note_for(notes, k, [r['name'] for r in hit])
        if ch:
            w('  - known kernel behaviour change since %s: %s' % (ch[0], ch[1]))
        elif kn:
            w('  - why: %s' % kn)
        else:
            w('  - **unexplained**: nobody has looked yet (add a line to ci/report-notes.txt)')
    w('')
    w('### Changed since the last report\n')
    for line in changes(runs, rows, last):
        w(line)
    w('')

    w('## Runs\n')
    w('Counts are the runner\'s unit (one point, or an entry skipped whole), the '
      'same as its `# Totals` line and the JUnit testcases; the last column says '
      'whether all three agree.\n')
    w('| column | where | kernel | package | cgroup | CPUs | memory | date (UTC) | wall s | exit | ok | not ok | broken | skip | todo | = Totals, JUnit |')
    w('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in runs:
        m, c = r['meta'], r['counts']
        exit_ = m.get('exit', '?')
        if exit_ == 'none':
            exit_ = '**no report**'
        mine = sum(c.values())
        agree = []
        if r['totals']:
            t = r['totals'][0] + r['totals'][1] + r['totals'][3]
            agree.append('✓' if t == mine else '✗ %d' % t)
        if r['junit'] is not None:
            agree.append('✓' if r['junit'] == mine else '✗ %d' % r['junit'])
        w('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d | %s |' % (
            md(r['name']), m.get('where', '?'), md(m.get('kernel') or m.get('kernel_expected', '?')),
            md(m.get('package_version') or '—'), m.get('cgroup', '?'), m.get('cpus', '?'), m.get('mem', '?'),
            m.get('date', '?'), m.get('wall_s', '?'), exit_,
            c['ok'], c['fail'], c['broken'], c['skip'], c['todo'], ', '.join(agree) or '—'))
    w('')
    w('Exit is nsharness\'s: 0 nothing failed, 1 a check failed, 2 something broke '
      'or timed out, 3 both. Wall s is the whole run as the host saw it (QEMU start '
      'to power-off).\n')

    entries = []
    for k in rows:
        if k[0] not in entries:
            entries.append(k[0])
    w('## At a glance\n')
    w('One row per suite entry; a cell counts its checks in that run (skip reasons: '
      'see Skip reasons).\n')
    if entries:
        w('| entry | %s |' % ' | '.join(md(r['name']) for r in runs))
        w('|---|%s' % ''.join('---|' for _ in runs))
        for e in entries:
            w('| %s | %s |' % (md(e), ' | '.join(glance(r, [k for k in rows if k[0] == e], reasons) for r in runs)))
        w('')

    w('## Every check\n')
    w('One row per assertion (suite.entry and its description), one column per run. '
      '`ok` the kernel kept its promise; **not ok** it did not; **broken** our setup '
      'failed or the probe crashed or timed out (nothing learnt about the kernel); '
      '`skip [Sn]` does not apply, reason Sn below; `(entry skipped [Sn])` the whole '
      'entry skipped there (counted once, on its entry); `not ok (TODO, known)` a '
      'kernel bug the probe knows of; `— not checked on this kernel` the probe did '
      'not make that assertion there.\n')
    if rows:
        w('| entry | check | %s |' % ' | '.join(md(r['name']) for r in runs))
        w('|---|---|%s' % ''.join('---|' for _ in runs))
        for k in rows:
            w('| %s | %s | %s |' % (md(k[0]), md(desc_of(k)),
                                    ' | '.join(cell_text(r['cells'][k], reasons, r['name']) for r in runs)))
        w('| **totals** | ok / not ok / broken / skip / todo | %s |' % ' | '.join(
            '%d / %d / %d / %d / %d' % (r['counts']['ok'], r['counts']['fail'], r['counts']['broken'],
                                        r['counts']['skip'], r['counts']['todo']) for r in runs))
        w('')

    w('## Skip reasons\n')
    w('Each reason once, in full, with the columns where it applies.\n')
    for why, ident in reasons.ids.items():
        w('- **%s** %s — %s' % (ident, md(why), ', '.join(md(n) for n in reasons.where[why])))
    w('')

    w('## Notes\n')
    general = [n for k, n in notes if k == '*']
    for n in general:
        w('- ' + n)
    w('')
    w('### Known kernel behaviour changes\n')
    w('Rules the kernel changed on purpose, which the suite must recognise rather '
      'than call a failure (ci/report-notes.txt):\n')
    for k, n in notes:
        if k.startswith('change '):
            _, version, rest = k.split(' ', 2)
            w('- **%s**, %s: %s' % (version, md(rest), n))
    w('')

    w(conformance_text())
    w('')
    w('## Performance\n')
    w('### The matrix\n')
    walls = summary_of(runs, rows, matrix, last, bench)['matrix_wall_s']
    if walls:
        w('| runs at once (-j) | runs | wall s | date |')
        w('|---|---|---|---|')
        for j in sorted(walls, key=int):
            v = walls[j]
            w('| %s | %s | %s | %s |' % (j, v.get('runs', '?'), v.get('wall_s', '?'), v.get('date', '?')))
        w('')
    w('### Wall time per run\n')
    w('In the guest, by its uptime: kernel s until the second stage of /init '
      'starts, boot s until the suites start, suites s the runner. Initramfs s: '
      'building the image on the host, before QEMU starts (not in wall s).\n')
    w('| run | wall s | kernel s | boot s | suites s | initramfs s |')
    w('|---|---|---|---|---|---|')
    for r in runs:
        m = r['meta']
        w('| %s | %s | %s | %s | %s | %s |' % (md(r['name']), m.get('wall_s', '?'), m.get('kernel_s') or '—',
                                               m.get('boot_s') or '—', m.get('suites_s', '?'),
                                               m.get('initramfs_s') or '—'))
    w('')
    w('### Bench (`make bench`)\n')
    if bench.get('text'):
        w('The latest figures (from `%s`, kept across regenerations):\n' % bench.get('source', '?'))
        w('```')
        w(bench['text'])
        w('```')
    else:
        w('**No bench figures yet** (run `make bench`).')
    w('')
    sys.stdout.write('\n'.join(out))
    if update:
        save(runs, rows, matrix, last, bench, evidence)


def save(runs, rows, matrix, last, bench, evidence):
    os.makedirs(STATE, exist_ok=True)
    tmp = os.path.join(STATE, 'summary.json.tmp')
    with open(tmp, 'w') as f:
        json.dump(summary_of(runs, rows, matrix, last, bench), f, indent=1, sort_keys=True)
        f.write('\n')
    os.replace(tmp, os.path.join(STATE, 'summary.json'))
    rdir = os.path.join(STATE, 'runs')
    shutil.rmtree(rdir, ignore_errors=True)
    for r in runs:
        if r['name'] not in evidence:
            continue
        dst = os.path.join(rdir, r['name'])
        os.makedirs(dst, exist_ok=True)
        for fn in ('tap', 'console.log', 'meta'):
            src = os.path.join(r['dir'], fn)
            if os.path.exists(src):
                shutil.copyfile(src, os.path.join(dst, fn))


def glance(r, ks, reasons):
    c = {}
    for k in ks:
        st = r['cells'][k][0]
        c[st] = c.get(st, 0) + 1
    if not ks or c.get('none', 0) == len(ks):
        return '—'
    if c.get('entry-skip'):
        return 'skip [%s]' % reasons.ref(next(r['cells'][k][1] for k in ks), r['name'])
    if c.get('entry-broken'):
        return '**broken**'
    parts = []
    for st, label in (('fail', '**%d not ok**'), ('broken', '**%d broken**'), ('todo', '%d todo'),
                      ('ok', '%d ok'), ('skip', '%d skip')):
        if c.get(st):
            parts.append(label % c[st])
    return ', '.join(parts)


def self_test():
    """make check: which note explains which failure (prints the plain total)."""
    notes = [('@6.1[2-9]-*-v1,7.*-v1 a.b', 'scoped'), ('a.b: desc', 'described'),
             ('c.d', 'entry-wide'), ('*', 'general'), ('change 7.1 e.f: x', 'changed')]
    cases = [
        (('a.b', 'other'), ['6.12-generic-v1'], 'scoped'),
        (('a.b', 'other'), ['6.12-generic-v1', '7.3-generic-v1'], 'scoped'),
        (('a.b', 'other'), ['6.1-generic-v1'], None),       # outside its columns
        (('a.b', 'other'), ['6.12-generic-v1', '6.1-cloud-v1'], None),  # not on all
        (('a.b', 'desc 1'), ['6.1-generic-v1'], 'described'),  # a description wins
        (('c.d', 'any'), ['6.1-generic-hybrid'], 'entry-wide'),
        (('e.f', 'x'), ['7.3-generic-v2'], None),           # changes are not notes
    ]
    failed = 0
    for key, names, want in cases:
        got = note_for(notes, key, names)
        if got != want:
            failed += 1
            print('report self-test: %s on %s: want %r, got %r' % (key, names, want, got))
    print('%d passed, %d failed, 0 skipped' % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        sys.exit(self_test())
    main()
