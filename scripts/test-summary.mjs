// Adds up the reports of the test command and prints the closing line "N passed, N failed".
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".test-reports";
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

// One line each from the type check and the linter: "N passed, N failed".
for (const [file, label] of [["typecheck.txt", "type check"], ["lint.txt", "lint"]]) {
  const report = path.join(dir, file);
  const m = existsSync(report) ? /(\d+) passed, (\d+) failed/.exec(readFileSync(report, "utf8")) : null;
  if (m) { passed += Number(m[1]); failed += Number(m[2]); lines.push(`${label}: ${m[2] === "0" ? "clean" : "errors"}`); }
  else { failed += 1; lines.push(`${label}: did not run`); }
}

const vitest = path.join(dir, "vitest.json");
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  lines.push(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numFailedTestSuites} failed files`);
} else { failed += 1; lines.push("vitest: did not run"); }

const pw = path.join(dir, "playwright.json");
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, "utf8")).stats;
  passed += s.expected + s.flaky; failed += s.unexpected; skipped += s.skipped;
  lines.push(`playwright: ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky, ${s.skipped} skipped`);
} else { failed += 1; lines.push("playwright: did not run"); }

console.log(lines.join("\n"));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
