// Runs once when a server instance starts. The Node.js-only work lives in lib/observability/startup.ts
// so the Edge bundle of this file stays empty.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerInstance } = await import("@/lib/observability/startup");
    await startServerInstance();
  }
}
