// fetchJson for big answers: a Web Worker fetches and parses the JSON, so the page stays responsive while
// it arrives; only the parsed value is copied back (a structured clone, much cheaper than the parse).
import { ApiError, apiError, fetchJson, type ErrorBody } from "./fetch-json";

export type WorkerAnswer<T> = { ok: true; value: T } | { ok: false; status: number; body: ErrorBody };

export function fetchJsonInWorker<T>(url: string, signal?: AbortSignal): Promise<T> {
  if (typeof Worker === "undefined") return fetchJson<T>(url, { signal });
  return new Promise<T>((resolve, reject) => {
    // A classic worker: the bundler's worker bootstrap loads its chunks with importScripts.
    const worker = new Worker(new URL("./fetch-json.worker.ts", import.meta.url));
    const done = () => {
      worker.terminate();
      signal?.removeEventListener("abort", aborted);
    };
    const aborted = () => {
      done();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", aborted, { once: true });
    worker.addEventListener("message", (event: MessageEvent<WorkerAnswer<T>>) => {
      done();
      if (event.data.ok) resolve(event.data.value);
      else reject(apiError(event.data.status, event.data.body));
    });
    worker.addEventListener("error", (event) => {
      done();
      reject(new ApiError(0, "worker", `The page could not start its background reader: ${event.message}`));
    });
    worker.postMessage({ url: new URL(url, window.location.href).href });
  });
}
