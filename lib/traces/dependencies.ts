// Which service calls which, from the parent/child links of recent traces (Jaeger's /api/v3 has no
// dependencies endpoint in the versions we run). Layers put callers left of the services they call.
import type { DecodedTraces } from "@/lib/jaeger/otlp";

export type DependencyEdge = { caller: string; callee: string; calls: number; errors: number };
export type DependencyGraph = {
  services: { name: string; layer: number; spans: number; errors: number }[];
  edges: DependencyEdge[];
  traces: number;
};

export function dependencies({ traces, resources }: DecodedTraces): DependencyGraph {
  const edges = new Map<string, DependencyEdge>();
  const services = new Map<string, { name: string; layer: number; spans: number; errors: number }>();
  for (const spans of traces.values()) {
    const serviceOf = new Map<string, string>();
    for (const s of spans) serviceOf.set(s.spanId, resources[s.resource]?.service ?? "unknown_service");
    for (const s of spans) {
      const callee = serviceOf.get(s.spanId)!;
      const entry = services.get(callee) ?? { name: callee, layer: 0, spans: 0, errors: 0 };
      entry.spans++;
      if (s.statusCode === 2) entry.errors++;
      services.set(callee, entry);
      const caller = s.parentSpanId ? serviceOf.get(s.parentSpanId) : undefined;
      if (!caller || caller === callee) continue;
      const key = `${caller}\n${callee}`;
      const edge = edges.get(key) ?? { caller, callee, calls: 0, errors: 0 };
      edge.calls++;
      if (s.statusCode === 2) edge.errors++;
      edges.set(key, edge);
    }
  }
  // Longest path from a service nobody calls; cycles are cut by bounding the relaxation rounds.
  const list = [...edges.values()];
  for (let round = 0; round < services.size; round++) {
    let moved = false;
    for (const e of list) {
      const from = services.get(e.caller)!;
      const to = services.get(e.callee)!;
      if (to.layer < from.layer + 1 && from.layer + 1 < services.size) {
        to.layer = from.layer + 1;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return {
    services: [...services.values()].sort((a, b) => a.layer - b.layer || a.name.localeCompare(b.name)),
    edges: list.sort((a, b) => b.calls - a.calls),
    traces: traces.size,
  };
}
