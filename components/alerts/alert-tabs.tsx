import { RouteTabs } from "@/components/ui/tabs";

const TABS = [
  { href: "/alerts", label: "Alerts" },
  { href: "/alerts/silences", label: "Silences" },
  { href: "/alerts/rules", label: "Rules" },
];

export function AlertTabs() {
  return <RouteTabs label="Alerts" tabs={TABS} className="mb-4" />;
}
