#!/usr/bin/env python3
"""Write REPORT.md (on stdout) from the kernel matrix's results/.

    ci/report.py [RESULTS_DIR] > REPORT.md

Reads results/<run>/{meta,tap} for each run (the columns: the order in
results/matrix.runs when ci/matrix.sh wrote it, else every run directory),
ci/report-notes.txt (why a check fails on some kernel) and results/bench.txt
(the latest `make bench`). Python 3 standard library only.
"""
import os
import re
import sys

RESULT = re.compile(r'^(?P<ind> *)(?P<ok>not ok|ok)\b(?: +(?P<num>\d+))?(?: +-)?(?: +(?P<rest>.*))?$')
PLAN = re.compile(r'^ *\d+\.\.(?P<n>\d+)(?:\s*#\s*(?P<dir>.*))?$')
SUBTEST = re.compile(r'^# Subtest: (?P<name>.+)$')
SEVERITY = re.compile(r'^ +severity: *(?P<sev>\w+)')
REASON_MAX = 60


def split_directive(rest):
    """'desc # SKIP why' -> (desc, 'SKIP', 'why'); an unescaped ' # ' only."""
    rest = rest or ''
    m = re.search(r'(?<!\\)\s#\s*(SKIP|TODO|TIMEOUT)\b\s*(.*)$', rest, re.I)
    if not m:
        return rest.strip(), '', ''
    return rest[:m.start()].strip(), m.group(1).upper(), m.group(2).strip()


class Entry:
    def __init__(self, name):
        self.name = name
        self.points = []      # [desc, status, reason]
        self.status = None    # ok / fail / broken / skip
        self.reason = ''
        self.plan_skip = ''


def parse_tap(path):
    """nsharness TAP -> {entry name: Entry}, in order."""
    entries, cur, last, top = {}, None, None, None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = SUBTEST.match(line)
            if m:
                cur, last, top = Entry(m.group('name')), None, None
                continue
            sev = SEVERITY.match(line)
            if sev:
                broken = sev.group('sev') == 'broken'
                if line.startswith('      ') and last is not None and last[1] == 'fail':
                    last[1] = 'broken' if broken else 'fail'
                elif not line.startswith('    ') and top is not None and top.status == 'fail':
                    top.status = 'broken' if broken else 'fail'
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
                status = 'todo'     # "ok # TODO": the known bug is absent here
            ind = len(m.group('ind'))
            if ind == 4 and cur is not None:
                last = [desc, status, why]
                cur.points.append(last)
            elif ind == 0:
                ent = cur if cur is not None and cur.name == desc else Entry(desc)
                ent.status, ent.reason = status, why or ent.plan_skip
                if directive == 'TIMEOUT':
                    ent.status, ent.reason = 'broken', 'TIMEOUT ' + why
                # a "not ok" entry whose points all passed or skipped broke
                # in the runner's eyes (exit status, crash): say so
                if ent.status == 'fail' and not any(p[1] == 'fail' for p in ent.points):
                    ent.status = 'broken'
                entries[ent.name] = ent
                cur, last, top = None, None, ent
    return entries


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
        runs.append({'name': n, 'meta': read_meta(os.path.join(d, 'meta')),
                     'entries': parse_tap(tap) if os.path.exists(tap) else {},
                     'has_tap': os.path.exists(tap) and os.path.getsize(tap) > 0})
    return runs


def short(text, n=REASON_MAX):
    text = ' '.join(text.split())
    return text if len(text) <= n else text[:n - 1] + '…'


def md(text):
    return text.replace('|', '\\|').replace('<', '&lt;')


def norm(desc):
    """Pids, fds and other run-specific numbers (2+ digits) do not make a new check."""
    return re.sub(r'\d{2,}', 'N', desc)


DISPLAY = {}


def build_rows(runs):
    """Rows keyed (entry, desc, occurrence) in first-seen order; cells per run."""
    order, seen = [], set()
    for r in runs:
        for ent in r['entries'].values():
            count = {}
            keys = []
            for p in ent.points:
                n = norm(p[0])
                count[n] = count.get(n, 0) + 1
                keys.append((ent.name, n, count[n]))
                DISPLAY.setdefault(keys[-1], p[0])
            if not keys:
                keys = [(ent.name, '(whole entry)', 1)]
            for k in keys:
                if k not in seen:
                    seen.add(k)
                    order.append(k)
            r.setdefault('cells', {})
            for k, p in zip(keys, ent.points or [[None, ent.status, ent.reason]]):
                r['cells'][k] = (p[1], p[2])
    for r in runs:
        cells = r.setdefault('cells', {})
        for k in order:
            if k in cells:
                continue
            ent = r['entries'].get(k[0])
            if ent is None:
                cells[k] = ('none', 'not run' if r['has_tap'] else 'run did not report')
            elif ent.status == 'skip':
                cells[k] = ('skip', ent.reason)
            elif ent.status == 'broken':
                cells[k] = ('broken', 'not reached' + (': ' + ent.reason if ent.reason else ''))
            else:
                cells[k] = ('none', 'not checked on this kernel')
    # an entry-level row is redundant once another run lists its points
    named = {k[0] for k in order if k[1] != '(whole entry)'}
    return [k for k in order if not (k[1] == '(whole entry)' and k[0] in named)]


def cell_text(cell):
    status, why = cell
    if status == 'ok':
        return 'ok'
    if status == 'fail':
        return '**not ok**'
    if status == 'broken':
        return '**broken**' + (' (' + md(short(why, 40)) + ')' if why else '')
    if status == 'skip':
        return 'skip: ' + md(short(why)) if why else 'skip'
    if status == 'todo':
        return 'not ok (TODO, known)'
    return '— ' + md(why)


def load_notes(path):
    """'KEY :: note' lines; KEY is 'suite.entry' or 'suite.entry: description prefix'."""
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


def note_for(notes, key):
    entry, desc = key[0], key[1]
    best = None
    for k, n in notes:
        e, _, d = k.partition(':')
        if e.strip() == entry and (not d.strip() or desc.startswith(d.strip())):
            if best is None or d.strip():
                best = n
    return best


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else 'results'
    here = os.path.dirname(os.path.abspath(__file__))
    runs = runs_of(results)
    rows = build_rows(runs)
    notes = load_notes(os.path.join(here, 'report-notes.txt'))
    out = []
    w = out.append
    w('# nsprobe kernel matrix\n')
    w('Generated by `make report` (ci/report.py) from `results/`; the runs come '
      'from `make matrix` (ci/matrix.sh): the host kernel as it is, and Debian '
      'kernels booted under QEMU (TCG) into a busybox initramfs with the cgroup '
      'layout named in the column (v2: `cgroup_no_v1=all`, cgroup2 at '
      '/sys/fs/cgroup; v1: one hierarchy per controller on a tmpfs; hybrid: v1 '
      'per controller + cgroup2 at /sys/fs/cgroup/unified holding hugetlb, like '
      'our hosts). Do not edit: regenerate.\n')
    if not runs:
        w('No runs in `%s/` yet: run `make matrix`.\n' % results)

    w('## Runs\n')
    w('| run | where | kernel | cgroup | CPUs | memory | date (UTC) | wall s | boot s | suites s | exit | ok | not ok | broken | skip | todo |')
    w('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for r in runs:
        m = r['meta']
        c = {'ok': 0, 'fail': 0, 'broken': 0, 'skip': 0, 'todo': 0, 'none': 0}
        for k in rows:
            c[r['cells'][k][0]] += 1
        r['counts'] = c
        exit_ = m.get('exit', '?')
        if exit_ == 'none':
            exit_ = '**no report**'
        w('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %d | %d | %d |' % (
            md(r['name']), m.get('where', '?'), md(m.get('kernel') or m.get('kernel_expected', '?')),
            m.get('cgroup', '?'), m.get('cpus', '?'), m.get('mem', '?'), m.get('date', '?'),
            m.get('wall_s', '?'), m.get('boot_s') or '—', m.get('suites_s', '?'), exit_,
            c['ok'], c['fail'], c['broken'], c['skip'], c['todo']))
    w('')
    w('Exit is nsharness\'s: 0 nothing failed, 1 a check failed, 2 something broke '
      'or timed out, 3 both. Boot s is the guest\'s uptime when the suites start; '
      'wall s is the whole run as the host saw it (QEMU start to power-off).\n')

    # at a glance: one row per entry, one cell per run
    entries = []
    for k in rows:
        if k[0] not in entries:
            entries.append(k[0])
    bad = [k for k in rows if any(r['cells'][k][0] in ('fail', 'broken') for r in runs)]
    w('## At a glance\n')
    w('%d checks in %d entries, %d runs. %d checks fail or break in at least one '
      'run (explained under Notes). One row per suite entry; a cell counts its '
      'checks in that run.\n' % (len(rows), len(entries), len(runs), len(bad)))
    if entries:
        w('| entry | %s |' % ' | '.join(md(r['name']) for r in runs))
        w('|---|%s' % ''.join('---|' for _ in runs))
        for e in entries:
            w('| %s | %s |' % (md(e), ' | '.join(glance(r, [k for k in rows if k[0] == e]) for r in runs)))
        w('')

    w('## Every check\n')
    w('One row per assertion (suite.entry and its description), one column per run. '
      '`ok` the kernel kept its promise; **not ok** it did not; **broken** our setup '
      'failed or the probe crashed or timed out (nothing learnt about the kernel); '
      '`skip:` does not apply, with the reason; `not ok (TODO, known)` a kernel bug '
      'the probe knows of (see Notes); `— not checked on this kernel` the probe did '
      'not make that assertion there; `— not run` the run has no such entry.\n')
    if rows:
        header(w, runs)
        for k in rows:
            w('| %s | %s | %s |' % (md(k[0]), md(desc_of(k)),
                                    ' | '.join(cell_text(r['cells'][k]) for r in runs)))
        w('| **totals** | ok / not ok / broken / skip / todo | %s |' % ' | '.join(
            '%d / %d / %d / %d / %d' % (r['counts']['ok'], r['counts']['fail'], r['counts']['broken'],
                                        r['counts']['skip'], r['counts']['todo']) for r in runs))
        w('')

    w('## Notes\n')
    w('Every check that fails or breaks somewhere, with why (ci/report-notes.txt), '
      'then the known kernel bugs (TODO).\n')
    if not bad:
        w('No check fails or breaks on any kernel.\n')
    for e in entries:
        ks = [k for k in bad if k[0] == e]
        if not ks:
            continue
        n = note_for(notes, (e, '', 1)) or ''
        w('- **%s**: %s' % (md(e), n or '**unexplained**: nobody has looked yet '
                             '(add a line to ci/report-notes.txt).'))
        for k in ks[:6]:
            where = ', '.join('%s %s' % (r['name'], 'broken' if r['cells'][k][0] == 'broken' else 'not ok')
                              for r in runs if r['cells'][k][0] in ('fail', 'broken'))
            kn = note_for(notes, k)
            w('  - %s (%s)%s' % (md(desc_of(k)), md(where), ': ' + kn if kn and kn != n else ''))
        if len(ks) > 6:
            w('  - … and %d more checks of this entry, in the same runs' % (len(ks) - 6))
    todo = [k for k in rows if any(r['cells'][k][0] == 'todo' for r in runs)]
    for k in todo:
        why = next(r['cells'][k][1] for r in runs if r['cells'][k][0] == 'todo')
        w('- TODO **%s — %s** (%s): %s' % (md(k[0]), md(desc_of(k)), ', '.join(
            r['name'] for r in runs if r['cells'][k][0] == 'todo'), md(why)))
    w('')
    general = [n for k, n in notes if k == '*']
    for n in general:
        w('- ' + n)
    if general:
        w('')

    w('## Performance\n')
    w('### Wall time per run\n')
    w('Wall s: QEMU start to power-off as the host saw it (the host run: the '
      'runner alone). In the guest, by its uptime: kernel s until the second '
      'stage of /init starts (kernel boot, initramfs unpack, copy to tmpfs), boot s '
      'until the suites start (mounts, cgroup layout, modules), suites s the runner. '
      'What wall s adds is QEMU/firmware start and power-off. Initramfs s: building '
      'the image on the host, before QEMU starts (not in wall s).\n')
    w('| run | wall s | kernel s | boot s | suites s | initramfs s |')
    w('|---|---|---|---|---|---|')
    for r in runs:
        m = r['meta']
        w('| %s | %s | %s | %s | %s | %s |' % (md(r['name']), m.get('wall_s', '?'), m.get('kernel_s') or '—',
                                               m.get('boot_s') or '—', m.get('suites_s', '?'),
                                               m.get('initramfs_s') or '—'))
    w('')
    w('### Bench (`make bench`)\n')
    bench = os.path.join(results, 'bench.txt')
    if os.path.exists(bench):
        with open(bench, errors='replace') as f:
            text = f.read().rstrip('\n')
        w('The latest figures, from `%s`:\n' % bench)
        w('```')
        w(text)
        w('```')
    else:
        w('**No bench figures yet**: `%s` does not exist (run `make bench`).' % bench)
    w('')
    sys.stdout.write('\n'.join(out))


def glance(r, ks):
    c = {}
    for k in ks:
        st = r['cells'][k][0]
        c[st] = c.get(st, 0) + 1
    if not ks or c.get('none', 0) == len(ks):
        return '—'
    if c.get('skip', 0) + c.get('none', 0) == len(ks):
        why = next(r['cells'][k][1] for k in ks if r['cells'][k][0] == 'skip')
        return 'skip: ' + md(short(why, 45))
    parts = []
    for st, label in (('fail', '**%d not ok**'), ('broken', '**%d broken**'), ('todo', '%d todo'),
                      ('ok', '%d ok'), ('skip', '%d skip')):
        if c.get(st):
            parts.append(label % c[st])
    return ', '.join(parts)


def desc_of(k):
    d = DISPLAY.get(k, k[1])
    return d if k[2] == 1 else '%s (#%d)' % (d, k[2])


def header(w, runs):
    w('| entry | check | %s |' % ' | '.join(md(r['name']) for r in runs))
    w('|---|---|%s' % ''.join('---|' for _ in runs))


if __name__ == '__main__':
    main()
