// Decoded traces as toEqual can compare them: the protobuf decoder leaves each span's attributes, events
// and links to be decoded on first use (a function until then), the JSON decoder does not.
import { spanExtras, type DecodedTraces } from "@/lib/jaeger/otlp";

/** `decoded` with every span's extras decoded, in place. */
export function withExtras<T extends DecodedTraces | null>(decoded: T): T {
  for (const spans of decoded?.traces.values() ?? []) for (const s of spans) spanExtras(s);
  return decoded;
}
