// The order the stack's components start in, derived from what each one declares it waits for (the
// stack's own in stack.ts, the control plane's in kubernetes/control-plane.ts): a component starts once
// everything it waits for has started or failed, so independent ones start side by side; the stack stops
// in the reverse order.

/** What a component waits for before it starts. */
export type Dependencies<Name extends string> = {
  /** It cannot work without these: when one of them failed, it is not started (and reported so). */
  needs?: readonly Name[];
  /** It works without these but is better started after them (they receive its spans, say). */
  after?: readonly Name[];
};

/** Components (some or all of `Name`), each with what it waits for. */
export type DependencyTable<Name extends string> = { readonly [N in Name]?: Dependencies<NoInfer<Name>> };

/** A table whose keys are its components; naming one it does not have is a type error. */
export function dependencyTable<const T extends { [N in keyof T]: Dependencies<Extract<keyof T, string>> }>(
  table: T,
): Readonly<Record<Extract<keyof T, string>, Dependencies<Extract<keyof T, string>>>> {
  return table;
}

/** A table whose components wait for one that is not in it, or for each other in a circle. */
export class StartOrderError extends Error {}

const waitsFor = <Name extends string>({ needs = [], after = [] }: Dependencies<Name> = {}) => [
  ...needs,
  ...after,
];

/**
 * Every component after everything it waits for, and otherwise in the order of the table. Throws a
 * StartOrderError naming a dependency that is not a component, or the components of a cycle.
 */
export function startOrder<Name extends string>(table: DependencyTable<Name>): Name[] {
  const names = Object.keys(table) as Name[];
  for (const name of names) {
    const unknown = waitsFor(table[name]).filter((dependency) => !Object.hasOwn(table, dependency));
    if (unknown.length)
      throw new StartOrderError(
        `${name} waits for ${unknown.join(", ")}: no such component (there are ${names.join(", ")})`,
      );
  }
  const order: Name[] = [];
  const placed = new Set<Name>();
  const visit = (name: Name, path: Name[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new StartOrderError(`components wait for each other in a circle: ${cycle.join(" → ")}`);
    }
    for (const dependency of waitsFor(table[name])) visit(dependency, [...path, name]);
    placed.add(name);
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/**
 * Starts every component of the table once everything it waits for has settled. `failures` holds those
 * that cannot start (an install that failed) and receives those whose `start` throws, with its message,
 * and those not started because something they need failed.
 */
export async function startInOrder<Name extends string>(
  table: DependencyTable<Name>,
  start: (name: Name) => Promise<void>,
  failures: Map<Name, string>,
): Promise<void> {
  const settled = new Map<Name, Promise<void>>();
  for (const name of startOrder(table)) {
    const needs = table[name]?.needs ?? [];
    const waits = waitsFor(table[name]).map((dependency) => settled.get(dependency));
    settled.set(
      name,
      Promise.all(waits).then(async () => {
        if (failures.has(name)) return;
        const missing = needs.filter((dependency) => failures.has(dependency));
        if (missing.length) {
          failures.set(name, `not started: needs ${missing.join(", ")}`);
          return;
        }
        try {
          await start(name);
        } catch (error) {
          failures.set(name, (error as Error).message);
        }
      }),
    );
  }
  await Promise.all(settled.values());
}
