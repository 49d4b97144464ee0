// Points the app's upstream clients at the test stack, before any test file imports them.
import { inject } from "vitest";

const { urls } = inject("stack");
process.env.PROMETHEUS_URL = urls.prometheus;
process.env.ALERTMANAGER_URL = urls.alertmanager;
process.env.JAEGER_URL = urls.jaeger;
process.env.PROMETHEUS_TIMEOUT_MS = "3000";
process.env.JAEGER_TIMEOUT_MS = "3000";
