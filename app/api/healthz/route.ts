// Liveness: the process is up and serving. Deliberately checks nothing else.
import { documented } from "@/lib/http/operation";

export const dynamic = "force-dynamic";

export const GET = documented({ summary: "Liveness: the process serves", access: "public" }, () =>
  Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }),
);
