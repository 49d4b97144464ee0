// Starts the real upstream stack once for the `stack` test project, with a small control API so tests
// (which run in other processes) can stop, restart, pause (SIGSTOP: a hung server), resume and inspect
// components.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type { ControlPlane } from "@/stack/kubernetes/control-plane";
import { Stack, type ComponentName } from "@/stack/stack";

declare module "vitest" {
  export interface ProvidedContext {
    stack: {
      urls: Stack["urls"];
      controlUrl: string;
      dir: string;
      kubernetes: ReturnType<ControlPlane["describe"]> | null;
    };
  }
}

function controlServer(stack: Stack): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const match = /^\/components\/(.+)\/(stop|start|pause|resume)$/.exec(req.url ?? "");
    (async () => {
      if (req.url === "/status") return send(200, await stack.status());
      if (match && req.method === "POST") {
        const name = decodeURIComponent(match[1]!) as ComponentName;
        const action = match[2];
        if (action === "stop") await stack.stopComponent(name);
        else if (action === "start") await stack.startComponent(name);
        else if (action === "pause") stack.pauseComponent(name);
        else stack.resumeComponent(name);
        return send(
          200,
          (await stack.status()).find((s) => s.name === name),
        );
      }
      send(404, { error: "not found" });
    })().catch((error: unknown) => send(500, { error: (error as Error).message }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "opsdeck-stack-"));
  const stack = await Stack.start({
    dir,
    kubernetes: true,
    log: (line) => console.log(`[stack] ${line}`),
  });
  const control = await controlServer(stack);
  project.provide("stack", {
    urls: stack.urls,
    controlUrl: control.url,
    dir,
    kubernetes: stack.kube?.describe() ?? null,
  });
  return async () => {
    control.server.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
