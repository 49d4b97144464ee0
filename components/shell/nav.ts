import {
  Activity,
  BellRing,
  BookOpen,
  GitBranch,
  LayoutDashboard,
  SquareTerminal,
  ScrollText,
  Send,
  Settings,
  Siren,
  UsersRound,
  Waypoints,
  type LucideIcon,
} from "lucide-react";
import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; icon: LucideIcon; permission: Permission };

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", icon: LayoutDashboard, permission: "overview:read" },
  { href: "/services", label: "Services", icon: Activity, permission: "services:read" },
  { href: "/alerts", label: "Alerts", icon: BellRing, permission: "alerts:read" },
  { href: "/traces", label: "Traces", icon: Waypoints, permission: "traces:read" },
  { href: "/deployments", label: "Deployments", icon: GitBranch, permission: "deployments:read" },
  { href: "/incidents", label: "Incidents", icon: Siren, permission: "incidents:read" },
  { href: "/runbooks", label: "Runbooks", icon: BookOpen, permission: "runbooks:read" },
  { href: "/explore", label: "Explore", icon: SquareTerminal, permission: "promql:query" },
  { href: "/audit", label: "Audit", icon: ScrollText, permission: "audit:read" },
  { href: "/admin/users", label: "Users", icon: UsersRound, permission: "users:manage" },
  { href: "/admin/deliveries", label: "Deliveries", icon: Send, permission: "settings:manage" },
  { href: "/admin/connections", label: "Settings", icon: Settings, permission: "settings:manage" },
];
