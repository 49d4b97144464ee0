// Where a service's errors come from: its own, or a service it calls (directly or further down) that is
// failing too. Pure: the trace dependency graph gives who calls whom, Prometheus each service's own error
// ratio now. The likely origin of a cascade is a failing service whose errors its failing callees cannot
// explain, or, where failing services call each other in a cycle with no way out, each of them.

/** Who calls whom; a subset of the trace dependency graph's edges. */
export type CallEdge = { caller: string; callee: string };

export type ErrorSource = {
  /** Errors its failing callees cannot explain: a likely origin. */
  own: boolean;
  /** The likely origins among the services it calls, directly or further down, most errors first. */
  from: string[];
};

/**
 * How far a caller's error ratio may exceed what its failing callees can explain before the excess
 * counts as its own: ratios of different services are measured over slightly different samples.
 */
const NOISE = { absolute: 0.02, relative: 0.1 };

/**
 * The source of every failing service's errors (those whose ratio is at least `failingAt`), by name.
 * A caller's errors are explained by its failing callees when its ratio is at most what they would
 * cause if each of its requests called each of them once: 1 − Π(1 − callee ratio).
 */
export function errorSources(
  ratios: Map<string, number | null>,
  edges: CallEdge[],
  failingAt: number,
): Map<string, ErrorSource> {
  const ratio = (name: string) => ratios.get(name) ?? 0;
  const failing = [...ratios.keys()].filter((name) => ratio(name) >= failingAt);
  const failingSet = new Set(failing);
  const callees = new Map<string, string[]>(failing.map((name) => [name, []]));
  for (const { caller, callee } of edges)
    if (caller !== callee && failingSet.has(caller) && failingSet.has(callee)) {
      const list = callees.get(caller)!;
      if (!list.includes(callee)) list.push(callee);
    }

  const component = stronglyConnected(failing, callees);
  // A group of failing services with no failing callee outside it: nothing else explains its errors.
  const isSink = new Map<number, boolean>();
  for (const name of failing) {
    const c = component.get(name)!;
    const leaves = callees.get(name)!.some((callee) => component.get(callee) !== c);
    isSink.set(c, (isSink.get(c) ?? true) && !leaves);
  }
  const own = new Map<string, boolean>();
  for (const name of failing) {
    const explainable = 1 - callees.get(name)!.reduce((ok, callee) => ok * (1 - ratio(callee)), 1);
    own.set(
      name,
      isSink.get(component.get(name)!)! || ratio(name) > explainable * (1 + NOISE.relative) + NOISE.absolute,
    );
  }

  const sources = new Map<string, ErrorSource>();
  for (const name of failing) {
    const mine = component.get(name);
    const reached = new Set<string>();
    const stack = [...callees.get(name)!];
    while (stack.length) {
      const next = stack.pop()!;
      if (reached.has(next)) continue;
      reached.add(next);
      stack.push(...callees.get(next)!);
    }
    const from = [...reached]
      .filter((other) => own.get(other) && component.get(other) !== mine)
      .sort((a, b) => ratio(b) - ratio(a) || a.localeCompare(b));
    sources.set(name, { own: own.get(name)!, from });
  }
  return sources;
}

/** Tarjan's strongly connected components: a component number per node. */
function stronglyConnected(nodes: string[], next: Map<string, string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.set(member, components);
      } while (member !== node);
      components++;
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return component;
}
