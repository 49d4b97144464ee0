-- Every app instance keeps the sessions it has looked up for a few seconds (lib/auth/session-cache.ts)
-- and forgets one as soon as it changes: a session revoked, expired early or deleted, its user disabled,
-- deleted or given another role. The change is announced on the change feed's channel (lib/db/changes.ts)
-- by the database itself, at commit, whoever makes it: the app, the CLI, or an administrator's SQL.

CREATE FUNCTION "auth_session_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdeck_changes', json_build_object('topic', 'session', 'id', OLD."id")::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "auth_sessions_announce_changes"
  AFTER UPDATE OR DELETE ON "auth_sessions"
  FOR EACH ROW EXECUTE FUNCTION "auth_session_changed"();

CREATE FUNCTION "auth_user_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opsdeck_changes', json_build_object('topic', 'session-user', 'id', OLD."id")::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "users_announce_access_changes"
  AFTER UPDATE OF "role", "status" OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "auth_user_changed"();
