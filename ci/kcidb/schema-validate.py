#!/usr/bin/env python3
"""Validate KCIDB submissions with kcidb-io's own JSON schema.

    ci/kcidb/schema-validate.py FILE...

ci/kcidb/kcidb-io.schema.v5.3.json is kcidb-io's latest schema (v5.3) as
that library exports it (`kcidb_io.schema.LATEST.json`, JSON Schema
draft-07), kept here as data. Needs python3-jsonschema (Debian). Exit
status: 0 valid, 1 invalid (each error printed), 2 usage, unreadable input
or no jsonschema module.
"""
import json
import os
import sys

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'kcidb-io.schema.v5.3.json')


def main(argv):
    if not argv:
        print('usage: ci/kcidb/schema-validate.py FILE...', file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print('schema-validate: no python3 jsonschema module (apt-get install python3-jsonschema)',
              file=sys.stderr)
        return 2
    with open(SCHEMA) as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for path in argv:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print('%s: cannot read a JSON document: %s' % (path, e), file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print('%s: %s: %s' % (path, '/'.join(str(p) for p in e.absolute_path) or '(top)', e.message))
        if errors:
            bad = 1
        else:
            print('%s: valid against kcidb-io schema v%d.%d (%d tests)' % (
                path, schema['properties']['version']['properties']['major']['const'],
                schema['properties']['version']['properties']['minor']['maximum'],
                len(doc.get('tests', []))))
    return bad


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
