import { PlugZap } from "lucide-react";
import { Fragment } from "react";

/** An environment variable's name inside a sentence: PROMETHEUS_URL, KUBE_CONTEXTS. */
const VARIABLE = /\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b/;

/** The server's sentence of what to set, its variables shown as code. */
function withVariables(text: string) {
  return text
    .split(VARIABLE)
    .map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>));
}

/**
 * The one way Opsdeck says an upstream is not configured, wherever it is missing: the upstream's name,
 * the server's sentence saying which variable to set ("Set ALERTMANAGER_URL to see alerts."), and that
 * the setting takes a restart. Pages know it from the server at once, without asking the API first.
 */
export function NotConfigured({
  label,
  message,
  children,
}: {
  /** "Prometheus", "Alertmanager", "Jaeger", "Kubernetes". */
  label: string;
  message: string;
  /** More on how to set it up, where there is more to say. */
  children?: React.ReactNode;
}) {
  return (
    <div
      role="status"
      data-testid="not-configured"
      className="flex gap-3 rounded-md border border-sky-300 bg-sky-50 px-3 py-2.5 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-200"
    >
      <PlugZap className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="space-y-1">
        <p className="font-medium">{label} is not configured.</p>
        <p>
          {withVariables(message)} Opsdeck reads its configuration when it starts, so restart it after setting
          the variable.
        </p>
        {children}
      </div>
    </div>
  );
}
