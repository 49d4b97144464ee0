// fetchJson for big answers. The page fetches the bytes (so a preload in the HTML serves them, and the
// download starts before the scripts have run), and a Web Worker parses them, so the page stays responsive
// meanwhile; only the parsed value is copied back (a structured clone, much cheaper than the parse).
import { ApiError, fetchJson, fetchOk, NETWORK_MESSAGE } from "./fetch-json";

export type ParsedInWorker<T> = { ok: true; value: T } | { ok: false };

export async function fetchJsonInWorker<T>(url: string, signal?: AbortSignal): Promise<T> {
  if (typeof Worker === "undefined") return fetchJson<T>(url, { signal });
  const response = await fetchOk(url, { signal });
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch {
    throw new ApiError(0, "network", NETWORK_MESSAGE);
  }
  // Starting a worker costs more than parsing a small answer here (its script is a request of its own).
  if (bytes.byteLength > PARSE_IN_PAGE_MAX_BYTES) return parseInWorker<T>(bytes, signal);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new ApiError(0, "network", NETWORK_MESSAGE);
  }
}

/** About 5 ms of JSON.parse on a laptop: below a frame, so the page does not stutter. */
const PARSE_IN_PAGE_MAX_BYTES = 1024 * 1024;

function parseInWorker<T>(bytes: ArrayBuffer, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // A classic worker: the bundler's worker bootstrap loads its chunks with importScripts.
    const worker = new Worker(new URL("./parse-json.worker.ts", import.meta.url));
    const done = () => {
      worker.terminate();
      signal?.removeEventListener("abort", aborted);
    };
    const aborted = () => {
      done();
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", aborted, { once: true });
    worker.addEventListener("message", (event: MessageEvent<ParsedInWorker<T>>) => {
      done();
      if (event.data.ok) resolve(event.data.value);
      else reject(new ApiError(0, "network", NETWORK_MESSAGE));
    });
    worker.addEventListener("error", (event) => {
      done();
      reject(new ApiError(0, "worker", `The page could not start its background reader: ${event.message}`));
    });
    // Transferred, not copied: the page lets go of the bytes.
    worker.postMessage(bytes, [bytes]);
  });
}
