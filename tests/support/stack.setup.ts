// Points the app's upstream clients at the test stack, before any test file imports them.
import { inject } from "vitest";

const { urls, kubernetes } = inject("stack");
process.env.PROMETHEUS_URL = urls.prometheus;
process.env.ALERTMANAGER_URL = urls.alertmanager;
process.env.JAEGER_URL = urls.jaeger;
process.env.PROMETHEUS_TIMEOUT_MS = "3000";
// The app's own least-privilege account (deploy/kubernetes/rbac.yaml), never the admin certificate; the
// process-wide Kubernetes access (lib/kubernetes/kubernetes.ts) is created only where a test uses it.
if (kubernetes) process.env.KUBECONFIG = kubernetes.appKubeconfig;
