// Adds up the Vitest and Playwright JSON reports into the suite's one closing line, so a reader (or
// CI) sees how many tests ran in total, not only the last runner's count.
import { readFileSync } from "node:fs";

function counts(path) {
  const report = JSON.parse(readFileSync(path, "utf8"));
  if ("numPassedTests" in report) {
    // Vitest
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  }
  // Playwright: "flaky" passed on a retry; the suite has no retries, but a pass is a pass.
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const path of process.argv.slice(2)) {
  const part = counts(path);
  console.log(`${path}: ${part.passed} passed, ${part.failed} failed, ${part.skipped} skipped`);
  for (const key of Object.keys(total)) total[key] += part[key];
}
console.log(`\nTests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
