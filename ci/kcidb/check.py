#!/usr/bin/env python3
"""Check a KCIDB submission against the rules of kcidb-io's schema v5.

    ci/kcidb/check.py FILE...           our rules: one line per problem
    ci/kcidb/check.py --schema FILE...  kcidb-io's own JSON schema instead
    ci/kcidb/check.py --self-test       our rules against cases that must
                                        pass or fail

--schema validates with ci/kcidb/kcidb-io.schema.v5.3.json: kcidb-io's
latest schema (v5.3) as that library exports it (kcidb_io.schema.LATEST.json,
JSON Schema draft-07), kept here as data; it needs python3-jsonschema.

Our own rules are our reading of the current kcidb-io schema (v5.3), for
the files `nsharness --kcidb` makes, plus what a submission that stands
alone needs (an id prefixed by its origin, unique ids, references that
resolve), which the JSON schema cannot say. The rules:
- the top level is an object with "version" (major 5, minor 0..3) and
  nothing but checkouts, builds, tests, issues and incidents lists;
- every checkout, build and test has its required fields (checkout: id,
  origin; build: id, origin, checkout_id; test: id, origin, build_id) and
  only the fields the schema knows;
- an origin is [a-z0-9_]+ and an id is "<origin>:<anything without NUL>",
  its prefix the object's own origin (KCIDB names the submitting CI first);
- ids are unique per object kind, and a build's checkout_id and a test's
  build_id name an object of this file (a submission that stands alone);
- status is one of FAIL ERROR MISS PASS DONE SKIP;
- a test path is dot-separated [a-zA-Z0-9_-]+ components (or empty);
- times are RFC 3339 date-times; durations are numbers; URLs absolute;
- a test environment holds only comment, compatible and misc.
Python 3 standard library only (but --schema). Exit status: 0 valid,
1 problems, 2 usage, unreadable input or no jsonschema module.
"""
import json
import os
import re
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'kcidb-io.schema.v5.3.json')

STATUSES = {'FAIL', 'ERROR', 'MISS', 'PASS', 'DONE', 'SKIP'}
ORIGIN = re.compile(r'^[a-z0-9_]+$')
ID = re.compile(r'^([a-z0-9_]+):[^\0]*$')
PATH = re.compile(r'^([a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*)?$')
TIME = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
URL = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$')

COMMON = {'id', 'origin', 'comment', 'misc', 'log_url', 'log_excerpt', 'start_time'}
FIELDS = {
    'checkouts': COMMON | {'tree_name', 'git_repository_url', 'git_commit_hash', 'git_commit_name',
                           'git_commit_message', 'git_commit_tags', 'git_repository_branch',
                           'git_repository_branch_tip', 'patchset_files', 'patchset_hash',
                           'message_id', 'valid', 'origin_builds_finish_time',
                           'origin_tests_finish_time'},
    'builds': COMMON | {'checkout_id', 'architecture', 'command', 'compiler', 'config_name',
                        'config_url', 'duration', 'input_files', 'output_files', 'status'},
    'tests': COMMON | {'build_id', 'path', 'environment', 'status', 'number', 'duration',
                       'input_files', 'output_files'},
}
REQUIRED = {'checkouts': ('id', 'origin'), 'builds': ('id', 'origin', 'checkout_id'),
            'tests': ('id', 'origin', 'build_id')}
TIMES = {'start_time', 'origin_builds_finish_time', 'origin_tests_finish_time'}
URLS = {'log_url', 'config_url', 'git_repository_url'}


def check(doc):
    """The problems of one submission, as strings (none: valid)."""
    out = []
    if not isinstance(doc, dict):
        return ['the top level is not an object']
    extra = set(doc) - {'version', 'checkouts', 'builds', 'tests', 'issues', 'incidents'}
    if extra:
        out.append('unknown top-level fields: %s' % ', '.join(sorted(extra)))
    v = doc.get('version')
    if not isinstance(v, dict) or v.get('major') != 5:
        out.append('version: must be {"major": 5, ...}, not %r' % (v,))
    elif not isinstance(v.get('minor', 0), int) or not 0 <= v.get('minor', 0) <= 3:
        out.append('version.minor: must be 0..3, not %r' % (v.get('minor'),))
    elif set(v) - {'major', 'minor'}:
        out.append('version: unknown fields %s' % ', '.join(sorted(set(v) - {'major', 'minor'})))
    ids = {}
    for kind in ('checkouts', 'builds', 'tests'):
        objs = doc.get(kind, [])
        if not isinstance(objs, list):
            out.append('%s: not a list' % kind)
            continue
        ids[kind] = set()
        for i, obj in enumerate(objs):
            where = '%s[%d]' % (kind, i)
            if not isinstance(obj, dict):
                out.append('%s: not an object' % where)
                continue
            out += check_object(kind, where, obj, ids[kind])
    for i, b in enumerate(doc.get('builds', []) if isinstance(doc.get('builds'), list) else []):
        if isinstance(b, dict) and b.get('checkout_id') not in ids.get('checkouts', ()):
            out.append('builds[%d].checkout_id: %r names no checkout of this file' % (i, b.get('checkout_id')))
    for i, t in enumerate(doc.get('tests', []) if isinstance(doc.get('tests'), list) else []):
        if isinstance(t, dict) and t.get('build_id') not in ids.get('builds', ()):
            out.append('tests[%d].build_id: %r names no build of this file' % (i, t.get('build_id')))
    return out


def check_object(kind, where, obj, seen):
    out = []
    for f in REQUIRED[kind]:
        if f not in obj:
            out.append('%s: required field %s is missing' % (where, f))
    unknown = set(obj) - FIELDS[kind]
    if unknown:
        out.append('%s: fields the schema does not know: %s' % (where, ', '.join(sorted(unknown))))
    origin = obj.get('origin')
    if 'origin' in obj and not (isinstance(origin, str) and ORIGIN.match(origin)):
        out.append('%s.origin: %r is not [a-z0-9_]+' % (where, origin))
    for f in ('id', 'checkout_id', 'build_id'):
        if f not in obj:
            continue
        m = ID.match(obj[f]) if isinstance(obj[f], str) else None
        if not m:
            out.append('%s.%s: %r is not "<origin>:<id>"' % (where, f, obj[f]))
        elif f == 'id' and isinstance(origin, str) and m.group(1) != origin:
            out.append('%s.id: %r does not start with its origin "%s:"' % (where, obj[f], origin))
    if 'id' in obj:
        if obj['id'] in seen:
            out.append('%s.id: %r is not unique' % (where, obj['id']))
        seen.add(obj['id'])
    if 'status' in obj and obj['status'] not in STATUSES:
        out.append('%s.status: %r is not one of %s' % (where, obj['status'], ' '.join(sorted(STATUSES))))
    if 'path' in obj and not (isinstance(obj['path'], str) and PATH.match(obj['path'])):
        out.append('%s.path: %r is not dot-separated [a-zA-Z0-9_-]+' % (where, obj['path']))
    for f in TIMES & set(obj):
        if not (isinstance(obj[f], str) and TIME.match(obj[f])):
            out.append('%s.%s: %r is not an RFC 3339 date-time' % (where, f, obj[f]))
    for f in URLS & set(obj):
        if not (isinstance(obj[f], str) and URL.match(obj[f])):
            out.append('%s.%s: %r is not an absolute URL' % (where, f, obj[f]))
    if 'duration' in obj and (isinstance(obj['duration'], bool) or not isinstance(obj['duration'], (int, float))):
        out.append('%s.duration: %r is not a number' % (where, obj['duration']))
    for f in ('misc',):
        if f in obj and not isinstance(obj[f], dict):
            out.append('%s.%s: not an object' % (where, f))
    env = obj.get('environment')
    if env is not None:
        if not isinstance(env, dict):
            out.append('%s.environment: not an object' % where)
        elif set(env) - {'comment', 'compatible', 'misc'}:
            out.append('%s.environment: fields the schema does not know: %s' % (
                where, ', '.join(sorted(set(env) - {'comment', 'compatible', 'misc'}))))
    for f, val in obj.items():
        if isinstance(val, str) and '\0' in val:
            out.append('%s.%s: holds a NUL character' % (where, f))
    return out


def valid_doc():
    return {
        'version': {'major': 5, 'minor': 3},
        'checkouts': [{'id': 'nsprobe:c1', 'origin': 'nsprobe', 'tree_name': 'debian'}],
        'builds': [{'id': 'nsprobe:b1', 'origin': 'nsprobe', 'checkout_id': 'nsprobe:c1',
                    'architecture': 'x86_64', 'start_time': '2026-12-01T18:00:00Z'}],
        'tests': [{'id': 'nsprobe:t1', 'origin': 'nsprobe', 'build_id': 'nsprobe:b1',
                   'path': 'nsprobe.pidns.for-children.unshare_succeeds', 'status': 'PASS',
                   'environment': {'comment': 'cgroup v2', 'misc': {'cgroup': 'v2'}},
                   'start_time': '2026-12-01T18:00:01.5+00:00', 'duration': 0.25}],
    }


def broken(mutate):
    doc = valid_doc()
    mutate(doc)
    return doc


# each case: what it breaks, the document, a word its problem must mention
CASES = [
    ('no version', broken(lambda d: d.pop('version')), 'version'),
    ('version 4', broken(lambda d: d.update(version={'major': 4})), 'version'),
    ('minor 9', broken(lambda d: d['version'].update(minor=9)), 'minor'),
    ('unknown top-level', broken(lambda d: d.update(runs=[])), 'top-level'),
    ('test without build_id', broken(lambda d: d['tests'][0].pop('build_id')), 'build_id'),
    ('checkout without origin', broken(lambda d: d['checkouts'][0].pop('origin')), 'origin'),
    ('origin with a capital', broken(lambda d: d['tests'][0].update(origin='NSprobe', id='NSprobe:t1')), 'origin'),
    ('id without origin prefix', broken(lambda d: d['tests'][0].update(id='t1')), 'id'),
    ('id of another origin', broken(lambda d: d['tests'][0].update(id='other:t1')), 'origin'),
    ('duplicate test id', broken(lambda d: d['tests'].append(dict(d['tests'][0]))), 'unique'),
    ('status in lower case', broken(lambda d: d['tests'][0].update(status='pass')), 'status'),
    ('status BROKEN', broken(lambda d: d['tests'][0].update(status='BROKEN')), 'status'),
    ('path with a space', broken(lambda d: d['tests'][0].update(path='nsprobe.pidns.for children')), 'path'),
    ('path with an empty component', broken(lambda d: d['tests'][0].update(path='nsprobe..x')), 'path'),
    ('unknown test field', broken(lambda d: d['tests'][0].update(result='PASS')), 'does not know'),
    ('unknown environment field', broken(lambda d: d['tests'][0]['environment'].update(cgroup='v2')), 'environment'),
    ('time without zone', broken(lambda d: d['tests'][0].update(start_time='2026-12-01 18:00:00')), 'date-time'),
    ('duration as text', broken(lambda d: d['tests'][0].update(duration='1s')), 'duration'),
    ('dangling build_id', broken(lambda d: d['tests'][0].update(build_id='nsprobe:b2')), 'no build'),
    ('dangling checkout_id', broken(lambda d: d['builds'][0].update(checkout_id='nsprobe:c2')), 'no checkout'),
    ('NUL in a comment', broken(lambda d: d['tests'][0].update(comment='a\0b')), 'NUL'),
    ('relative log_url', broken(lambda d: d['tests'][0].update(log_url='results/tap')), 'URL'),
]


def self_test():
    fails = 0
    problems = check(valid_doc())
    if problems:
        print('not ok - the valid document passes: %s' % '; '.join(problems))
        fails += 1
    else:
        print('ok - the valid document passes')
    for name, doc, word in CASES:
        problems = check(doc)
        if any(word.lower() in p.lower() for p in problems):
            print('ok - refused: %s' % name)
        else:
            print('not ok - refused: %s (problems: %s)' % (name, '; '.join(problems) or 'none'))
            fails += 1
    total = len(CASES) + 1
    print('%d passed, %d failed' % (total - fails, fails))
    return 1 if fails else 0


def schema_checker():
    """check() with kcidb-io's JSON schema, or None without jsonschema."""
    try:
        import jsonschema
    except ImportError:
        return None
    with open(SCHEMA) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return lambda doc: ['%s: %s' % ('/'.join(str(p) for p in e.absolute_path) or '(top)', e.message)
                        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))]


def main(argv):
    if argv == ['--self-test']:
        return self_test()
    checker, what = check, 'our KCIDB v5 rules'
    if argv[:1] == ['--schema']:
        argv = argv[1:]
        checker, what = schema_checker(), "kcidb-io's schema v5.3"
        if checker is None:
            print('check: no python3 jsonschema module (apt-get install python3-jsonschema)', file=sys.stderr)
            return 2
    if not argv or any(a.startswith('-') for a in argv):
        print('usage: ci/kcidb/check.py [--schema] FILE... | --self-test', file=sys.stderr)
        return 2
    bad = 0
    for path in argv:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print('%s: cannot read a JSON document: %s' % (path, e), file=sys.stderr)
            return 2
        problems = checker(doc)
        for p in problems[:50]:
            print('%s: %s' % (path, p))
        if problems:
            bad = 1
        else:
            print('%s: valid by %s, %d tests' % (path, what, len(doc.get('tests', []))))
    return bad


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
