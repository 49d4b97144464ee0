// The demo fleet: five services calling each other, like a small shop.
//   web ─┬─► recommendations
//        ├─► inventory
//        └─► checkout ─┬─► inventory
//                      └─► payments

export type Call = { service: FleetService; method: "GET" | "POST"; path: string };
export type Route = {
  method: "GET" | "POST";
  route: string;
  calls: Call[];
  work: string;
  workMs: [number, number];
};

export const FLEET_SERVICES = ["web", "checkout", "payments", "inventory", "recommendations"] as const;
export type FleetService = (typeof FLEET_SERVICES)[number];

export const TOPOLOGY: Record<FleetService, Route[]> = {
  web: [
    {
      method: "GET",
      route: "/",
      work: "render home",
      workMs: [3, 12],
      calls: [{ service: "recommendations", method: "GET", path: "/recommendations" }],
    },
    {
      method: "GET",
      route: "/product/:id",
      work: "render product",
      workMs: [4, 15],
      calls: [
        { service: "inventory", method: "GET", path: "/stock/:sku" },
        { service: "recommendations", method: "GET", path: "/recommendations" },
      ],
    },
    {
      method: "POST",
      route: "/checkout",
      work: "validate cart",
      workMs: [2, 8],
      calls: [{ service: "checkout", method: "POST", path: "/orders" }],
    },
  ],
  checkout: [
    {
      method: "POST",
      route: "/orders",
      work: "db insert order",
      workMs: [5, 25],
      calls: [
        { service: "inventory", method: "POST", path: "/reserve" },
        { service: "payments", method: "POST", path: "/charge" },
      ],
    },
  ],
  payments: [
    { method: "POST", route: "/charge", work: "card network authorise", workMs: [20, 80], calls: [] },
  ],
  inventory: [
    { method: "GET", route: "/stock/:sku", work: "db select stock", workMs: [2, 10], calls: [] },
    { method: "POST", route: "/reserve", work: "db update stock", workMs: [4, 18], calls: [] },
  ],
  recommendations: [
    { method: "GET", route: "/recommendations", work: "model inference", workMs: [8, 40], calls: [] },
  ],
};

/** The services `service` calls, each once. */
export function downstreams(service: FleetService): FleetService[] {
  return [...new Set(TOPOLOGY[service].flatMap((route) => route.calls.map((call) => call.service)))];
}

/** Matches a concrete path against a route pattern with `:param` segments. */
export function matchRoute(routes: Route[], method: string, pathname: string): Route | undefined {
  return routes.find((r) => {
    if (r.method !== method) return false;
    const a = r.route.split("/");
    const b = pathname.split("/");
    return a.length === b.length && a.every((seg, i) => seg.startsWith(":") || seg === b[i]);
  });
}
