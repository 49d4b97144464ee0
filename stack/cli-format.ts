import type { ComponentStatus } from "./stack";

/** One line per component: state, URL, and why when it is not up. */
export function printStatus(rows: ComponentStatus[]) {
  for (const row of rows) {
    const mark = row.state === "up" ? "✓" : row.state === "stopped" ? "·" : "✗";
    console.log(
      `${mark} ${row.name.padEnd(22)} ${row.state.padEnd(10)} ${row.url}${row.detail ? `  — ${row.detail}` : ""}`,
    );
  }
}
