// A trace search as the search page keeps it in its URL, read the same way by the page's server component
// and by the browser (nuqs's parsers work in both), and the API query string it becomes, which is also the
// search's query key: the server can then hand its first results to the browser's query cache.
import { createLoader, parseAsArrayOf, parseAsInteger, parseAsString } from "nuqs/server";
import { DEFAULT_FROM, DEFAULT_TO, resolveRange } from "@/lib/time/range";

/** The search's own fields in the URL (the time range is the console's, `from` and `to`). */
export const traceSearchParsers = {
  service: parseAsString.withDefault(""),
  operation: parseAsString.withDefault(""),
  attr: parseAsArrayOf(parseAsString).withDefault([]),
  minDuration: parseAsString.withDefault(""),
  maxDuration: parseAsString.withDefault(""),
  limit: parseAsInteger.withDefault(20),
};

/** The search and its time range from a page's search params, as the browser reads them. */
export const loadTraceSearch = createLoader({
  ...traceSearchParsers,
  from: parseAsString.withDefault(DEFAULT_FROM),
  to: parseAsString.withDefault(DEFAULT_TO),
});

export type TraceSearchParams = {
  service: string;
  operation: string;
  attrs: string[];
  minDuration: string;
  maxDuration: string;
  limit: number;
  from: string;
  to: string;
};

/** `/api/traces?<this>`: empty fields left out, one `attr` per filter. */
export function traceSearchQueryString(params: TraceSearchParams): string {
  const search = new URLSearchParams({
    service: params.service,
    from: params.from,
    to: params.to,
    limit: String(params.limit),
  });
  if (params.operation) search.set("operation", params.operation);
  if (params.minDuration) search.set("minDuration", params.minDuration);
  if (params.maxDuration) search.set("maxDuration", params.maxDuration);
  for (const a of params.attrs) search.append("attr", a);
  return search.toString();
}

/** A search as the API's query string names it (`traceSearchQueryString`), for `searchTraces`. */
export function traceSearchFromUrl(params: URLSearchParams) {
  const { start, end } = resolveRange(params.get("from"), params.get("to"));
  return {
    service: params.get("service") ?? "",
    operation: params.get("operation") ?? undefined,
    attributes: params.getAll("attr"),
    minDuration: params.get("minDuration") ?? undefined,
    maxDuration: params.get("maxDuration") ?? undefined,
    limit: params.get("limit") ?? undefined,
    start,
    end,
  };
}
