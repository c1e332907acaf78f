// Sums Vitest JSON reports into the last line CI prints: "N passed, N failed".
// A missing or unreadable report counts as one failure, so a crashed run cannot look green.
import fs from 'node:fs';

const firstLine = (text) =>
  (text ?? '')
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 300) ?? '';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // Files that failed to load, or whose set-up failed (their tests then report as skipped), are
    // failures all the same, even with no failed test in them.
    failed += r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
    console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
    // Name what failed here, at the end, where a reader of a long log looks first.
    for (const f of r.testResults) {
      const where = f.name.replace(`${process.cwd()}/`, '');
      const bad = f.assertionResults.filter((a) => a.status === 'failed');
      if (f.status === 'failed' && bad.length === 0) console.log(`  FAILED ${where}: ${firstLine(f.message)}`);
      for (const a of bad) console.log(`  FAILED ${where} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    }
  } catch {
    console.log(`${file}: no report (the run crashed)`);
    failed += 1;
  }
}
// Lint and format count as one check: a failure there fails the run like a failed test.
if (process.env.LINT_FAILED === '1') {
  console.log('lint: failed (see "npm run lint" above)');
  failed += 1;
} else if (process.env.LINT_FAILED === '0') {
  console.log('lint: passed');
  passed += 1;
}
if (skipped) console.log(`(${skipped} skipped: tests that apply to the other database only)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
