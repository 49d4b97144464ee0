import { describe, expect, it } from "vitest";
import { startInOrder, startOrder, StartOrderError, type DependencyTable } from "./start-order";

/** A start that waits until the test lets it finish (or fail), recording what has begun. */
function gatedStarts() {
  const begun: string[] = [];
  const gates = new Map<string, { finish: () => void; fail: (message: string) => void }>();
  const start = (name: string) => {
    begun.push(name);
    return new Promise<void>((resolve, reject) => {
      gates.set(name, { finish: resolve, fail: (message) => reject(new Error(message)) });
    });
  };
  return { begun, start, gate: (name: string) => gates.get(name)! };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("startOrder", () => {
  it("puts every component after what it needs and what it starts after", () => {
    const table: DependencyTable<string> = {
      app: { needs: ["db"], after: ["tracing"] },
      db: {},
      tracing: {},
      proxy: { needs: ["app"] },
    };
    expect(startOrder(table)).toEqual(["db", "tracing", "app", "proxy"]);
  });

  it("keeps the order of the table among components that do not wait for each other", () => {
    expect(startOrder({ c: {}, a: {}, b: {} })).toEqual(["c", "a", "b"]);
    expect(startOrder({ web: { after: ["b", "a"] }, a: {}, b: {} })).toEqual(["b", "a", "web"]);
  });

  it("places a component waited for by several once", () => {
    const order = startOrder({ a: { needs: ["base"] }, b: { needs: ["base"] }, base: {} });
    expect(order).toEqual(["base", "a", "b"]);
  });

  // A table written out is checked by the compiler too; one put together at run time is checked here.
  it("names a dependency that is not a component, and the components there are", () => {
    expect(() => startOrder<string>({ etcd: {}, "kube-apiserver": { needs: ["etcdd"] } })).toThrow(
      new StartOrderError(
        "kube-apiserver waits for etcdd: no such component (there are etcd, kube-apiserver)",
      ),
    );
    expect(() => startOrder<string>({ loadgen: { after: ["web", "fleet/web"] }, "fleet/web": {} })).toThrow(
      "loadgen waits for web: no such component",
    );
  });

  it("names the components of a cycle, in the order they wait for each other", () => {
    const table: DependencyTable<string> = {
      a: { needs: ["b"] },
      b: { after: ["c"] },
      c: { needs: ["a"] },
      d: {},
    };
    expect(() => startOrder(table)).toThrow(
      new StartOrderError("components wait for each other in a circle: a → b → c → a"),
    );
    expect(() => startOrder({ ok: {}, self: { after: ["self"] } })).toThrow(
      "components wait for each other in a circle: self → self",
    );
  });

  it("reports a cycle reached from a component outside it with the cycle only", () => {
    expect(() => startOrder({ top: { needs: ["x"] }, x: { needs: ["y"] }, y: { needs: ["x"] } })).toThrow(
      "components wait for each other in a circle: x → y → x",
    );
  });
});

describe("startInOrder", () => {
  it("starts each component once what it waits for has settled, and independent ones side by side", async () => {
    const { begun, start, gate } = gatedStarts();
    const failures = new Map<string, string>();
    const done = startInOrder(
      { db: {}, tracing: {}, app: { needs: ["db"], after: ["tracing"] }, proxy: { needs: ["app"] } },
      start,
      failures,
    );
    await settle();
    expect(begun).toEqual(["db", "tracing"]);
    gate("db").finish();
    await settle();
    expect(begun).toEqual(["db", "tracing"]);
    gate("tracing").finish();
    await settle();
    expect(begun).toEqual(["db", "tracing", "app"]);
    gate("app").finish();
    await settle();
    gate("proxy").finish();
    await done;
    expect(begun).toEqual(["db", "tracing", "app", "proxy"]);
    expect(failures).toEqual(new Map());
  });

  it("does not start what needs a failed component, and says so down the chain", async () => {
    const failures = new Map<string, string>();
    const begun: string[] = [];
    await startInOrder(
      { etcd: {}, apiserver: { needs: ["etcd"] }, scheduler: { needs: ["apiserver"] }, other: {} },
      async (name) => {
        begun.push(name);
        if (name === "etcd") throw new Error("exited with code 1 while starting");
      },
      failures,
    );
    expect(begun).toEqual(["etcd", "other"]);
    expect(failures).toEqual(
      new Map([
        ["etcd", "exited with code 1 while starting"],
        ["apiserver", "not started: needs etcd"],
        ["scheduler", "not started: needs apiserver"],
      ]),
    );
  });

  it("names every failed component a component needs", async () => {
    const failures = new Map<string, string>();
    await startInOrder(
      { a: {}, b: {}, c: {}, both: { needs: ["a", "b", "c"] } },
      async (name) => {
        if (name !== "b") throw new Error(`${name} broke`);
      },
      failures,
    );
    expect(failures.get("both")).toBe("not started: needs a, c");
  });

  it("starts what only starts after a failed component", async () => {
    const failures = new Map<string, string>();
    const begun: string[] = [];
    await startInOrder(
      { jaeger: {}, service: { after: ["jaeger"] } },
      async (name) => {
        begun.push(name);
        if (name === "jaeger") throw new Error("did not answer");
      },
      failures,
    );
    expect(begun).toEqual(["jaeger", "service"]);
    expect(failures).toEqual(new Map([["jaeger", "did not answer"]]));
  });

  it("leaves alone a component that failed before (its install), and holds back what needs it", async () => {
    const failures = new Map([["rollouts", "go build failed"]]);
    const begun: string[] = [];
    await startInOrder(
      { apiserver: {}, rollouts: { needs: ["apiserver"] }, demo: { needs: ["rollouts"] } },
      async (name) => void begun.push(name),
      failures,
    );
    expect(begun).toEqual(["apiserver"]);
    expect(failures).toEqual(
      new Map([
        ["rollouts", "go build failed"],
        ["demo", "not started: needs rollouts"],
      ]),
    );
  });

  it("starts nothing when the table is wrong", async () => {
    const begun: string[] = [];
    await expect(
      startInOrder(
        { a: { needs: ["b"] }, b: { needs: ["a"] } },
        async (name) => void begun.push(name),
        new Map(),
      ),
    ).rejects.toThrow(StartOrderError);
    expect(begun).toEqual([]);
  });
});
