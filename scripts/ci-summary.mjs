// Sums Vitest JSON reports into the last line CI prints: "N passed, N failed".
// A missing or unreadable report counts as one failure, so a crashed run cannot look green.
import fs from 'node:fs';

// What a failure says, short: its first line, what a browser test was waiting for (Playwright's
// call log), and the line of the test file where it stopped, so that a failure in a CI run whose
// files are gone still says which step it was.
const gist = (text) => {
  const lines = (text ?? '').split('\n').map((l) => l.trim());
  const first = lines.find((l) => l !== '') ?? '';
  const waiting = lines.find((l) => /^- (waiting for|locator resolved)/.test(l));
  const at = lines.find((l) => /^at .*\.(e2e|test)\.tsx?:\d+/.test(l));
  const where = at?.match(/([^/\s(]+\.(?:e2e|test)\.tsx?:\d+)/)?.[1];
  return [first.slice(0, 300), waiting?.slice(0, 200), where && `(${where})`].filter(Boolean).join(' ');
};

// What vitest printed about errors outside any test (an uncaught exception, an unhandled
// rejection): the heading and the error's first line, from the run's log.
const strayErrors = (log) => {
  let text;
  try {
    text = fs.readFileSync(log, 'utf8');
  } catch {
    return ['(no log)'];
  }
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const found = [];
  lines.forEach((l, i) => {
    if (!/(Uncaught Exception|Unhandled Rejection|Unhandled Error)/.test(l)) return;
    const next = lines.slice(i + 1).find((x) => x.trim() !== '') ?? '';
    if (/Vitest caught/.test(next)) return;
    const origin = lines
      .slice(i + 1, i + 80)
      .join(' ')
      .match(/originated in "([^"]+)"/)?.[1];
    found.push(`${next.trim().slice(0, 200)}${origin ? ` (in ${origin})` : ''}`);
  });
  return found.length ? found.slice(0, 5) : ['(no error named in the log)'];
};

let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;
// Each argument is a report, optionally with the run's exit code: "report.json=1". A run that
// exited with an error although none of its tests failed (vitest's "Errors: N errors", e.g. an
// uncaught exception between tests) counts as one failure; its log (report.log) names the error.
for (const arg of process.argv.slice(2)) {
  const [file, code] = arg.split('=');
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    const failedBefore = failed;
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
      if (f.status === 'failed' && bad.length === 0) console.log(`  FAILED ${where}: ${gist(f.message)}`);
      for (const a of bad) console.log(`  FAILED ${where} > ${a.fullName}: ${gist(a.failureMessages?.[0])}`);
    }
    // A test that passed on its retry keeps the errors of the try before: say it, as flaky.
    for (const f of r.testResults) {
      const where = f.name.replace(`${process.cwd()}/`, '');
      for (const a of f.assertionResults.filter((x) => x.status === 'passed' && x.failureMessages?.length)) {
        flaky += 1;
        console.log(`  FLAKY (passed on its second try) ${where} > ${a.fullName}: ${gist(a.failureMessages[0])}`);
      }
    }
    if (code !== undefined && code !== '0' && failed === failedBefore) {
      failed += 1;
      console.log(`  FAILED the run exited with code ${code} though no test failed: errors outside the tests`);
      for (const e of strayErrors(file.replace(/\.json$/, '.log'))) console.log(`    ${e}`);
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
if (flaky) console.log(`(${flaky} of the passed passed only on a second try: see FLAKY above)`);
if (skipped) console.log(`(${skipped} skipped: tests that apply to the other database only)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
