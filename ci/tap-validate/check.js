// Parse a TAP file with tap-parser in strict mode; exit 1 on parse errors.
// Test failures in the stream are fine: only the syntax is judged here.
'use strict';
const fs = require('fs');
const { Parser } = require('tap-parser');

const file = process.argv[2];
const problems = [];
const parser = new Parser({ strict: true }, (result) => {
  for (const f of result.failures || []) {
    // a "not ok" test point is a result; anything else is a parse problem
    if (f.tapError) problems.push(f.tapError + (f.data ? ': ' + JSON.stringify(f.data) : ''));
  }
  if (!result.plan || result.plan.end === undefined) problems.push('no plan');
  if (problems.length) {
    console.error('validate-tap: tap-parser (strict) rejects ' + file + ':');
    for (const p of problems) console.error('  ' + p);
    process.exit(1);
  }
  console.log(`validate-tap: tap-parser (strict) parses ${file}: ` +
              `${result.pass} pass, ${result.fail} fail, ${result.skip} skip`);
});
parser.on('extra', (line) => {
  problems.push('non-TAP line: ' + JSON.stringify(line));
});
fs.createReadStream(file).pipe(parser);
