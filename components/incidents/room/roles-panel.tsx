"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/feedback";
import { Input } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import { useAssignRole } from "@/lib/client/incidents";
import { INCIDENT_ROLES, ROLE_LABELS } from "@/lib/services/incidents/schemas";
import type { PanelProps } from "./panel-props";

/** Who holds each role; a writer assigns or hands one over. */
export function RolesPanel({ incident, incidentRef, canWrite }: PanelProps) {
  const assign = useAssignRole(incidentRef);
  const [editing, setEditing] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  return (
    <Panel title="Roles">
      <ul className="space-y-2 text-sm">
        {INCIDENT_ROLES.map((role) => {
          const holder = incident.roles.find((r) => r.role === role);
          return (
            <li key={role} data-testid={`role-${role}`}>
              <div className="flex items-center justify-between gap-2">
                <span className="text-zinc-500">{ROLE_LABELS[role].full}</span>
                {canWrite && editing !== role && (
                  <button
                    type="button"
                    className="text-xs text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => setEditing(role)}
                  >
                    {holder ? "Hand over" : "Assign"}
                  </button>
                )}
              </div>
              <div className="font-medium">
                {holder?.userEmail ?? <span className="text-amber-700 dark:text-amber-400">nobody</span>}
              </div>
              {editing === role && (
                <form
                  className="mt-1 flex gap-1"
                  onSubmit={(e) => {
                    e.preventDefault();
                    assign.mutate(
                      { role, userEmail: email || undefined },
                      {
                        onSuccess: () => {
                          setEditing(null);
                          setEmail("");
                        },
                      },
                    );
                  }}
                >
                  <Input
                    aria-label={`${ROLE_LABELS[role].full} email`}
                    className="h-8"
                    placeholder="email (empty: me)"
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                  <Button type="submit" size="sm" busy={assign.isPending}>
                    Save
                  </Button>
                </form>
              )}
            </li>
          );
        })}
      </ul>
      <FormError error={assign.error} className="mt-2" />
    </Panel>
  );
}
