// Parses one JSON answer of the app's API off the page's main thread; the page gets the parsed value
// (lib/client/fetch-json-in-worker.ts). For answers big enough that parsing them would freeze the page: a
// huge trace's span details are tens of megabytes.
import type { ParsedInWorker } from "./fetch-json-in-worker";

addEventListener("message", (event: MessageEvent<ArrayBuffer>) => {
  let answer: ParsedInWorker<unknown>;
  try {
    answer = { ok: true, value: JSON.parse(new TextDecoder().decode(event.data)) };
  } catch {
    answer = { ok: false };
  }
  postMessage(answer);
});
