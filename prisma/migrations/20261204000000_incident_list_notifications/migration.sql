-- Every app instance keeps the incidents lists it has read (lib/services/incidents/list-cache.ts) and
-- drops them when what a list shows changes: an incident added, removed, or changed in a column the list
-- shows, or a role assigned (the commander). The change is announced on the change feed's channel
-- (lib/db/changes.ts), naming the incident, by the database itself, at commit, whoever makes it. A note
-- (which bumps only the version) announces nothing here.

CREATE FUNCTION "incident_list_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := to_jsonb(COALESCE(NEW, OLD));
BEGIN
  PERFORM pg_notify(
    'opsdeck_changes',
    json_build_object(
      'topic', 'incident-list',
      'id', COALESCE(changed ->> 'incident_id', changed ->> 'id', '')
    )::text
  );
  RETURN NULL;
END;
$$;

CREATE TRIGGER "incidents_announce_list_changes"
  AFTER INSERT OR DELETE
     OR UPDATE OF "number", "title", "severity", "status", "services", "source", "created_at", "resolved_at"
  ON "incidents"
  FOR EACH ROW EXECUTE FUNCTION "incident_list_changed"();

CREATE TRIGGER "incident_roles_announce_list_changes"
  AFTER INSERT OR UPDATE OR DELETE ON "incident_roles"
  FOR EACH ROW EXECUTE FUNCTION "incident_list_changed"();

CREATE TRIGGER "incidents_announce_truncate"
  AFTER TRUNCATE ON "incidents"
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_list_changed"();
