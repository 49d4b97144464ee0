// Fetches one JSON answer of the app's API and parses it here, off the page's main thread; the page gets
// the parsed value (lib/client/fetch-json-in-worker.ts). For answers big enough that parsing them would
// freeze the page: a huge trace's span details are tens of megabytes.
import { NETWORK_MESSAGE } from "./fetch-json";
import type { WorkerAnswer } from "./fetch-json-in-worker";

addEventListener("message", (event: MessageEvent<{ url: string }>) => {
  void answer(event.data.url).then((result) => postMessage(result));
});

async function answer(url: string): Promise<WorkerAnswer<unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch {
    return { ok: false, status: 0, body: { error: { code: "network", message: NETWORK_MESSAGE } } };
  }
  if (!response.ok)
    return { ok: false, status: response.status, body: await response.json().catch(() => ({})) };
  try {
    return { ok: true, value: await response.json() };
  } catch {
    return { ok: false, status: 0, body: { error: { code: "network", message: NETWORK_MESSAGE } } };
  }
}
