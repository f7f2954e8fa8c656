-- Webhooks (Features/Webhooks): the endpoints a tenant's admins register, the outbox of events every
-- change of a contact, company, deal or activity writes in its own transaction, and one delivery per
-- endpoint and event that the dispatcher works through. All three are tenant tables (keys lead with
-- tenant_id; row-level security comes from row_level_security.sql, which the migration re-runs after
-- this file). Raw SQL rather than EF entities: the app reads them with SqlQuery, like the import's
-- staging rows, and the model (and its snapshot) stays as it was.

-- The event names a receiver may subscribe to. crm_webhook_event_names() is the one list: the CHECK
-- on endpoints and the outbox reads it, and WebhookEvents.All mirrors it (a test compares them).
CREATE FUNCTION crm_webhook_event_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['contact.created', 'contact.updated', 'contact.deleted',
                 'company.created', 'company.updated', 'company.deleted',
                 'deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.deleted',
                 'activity.created', 'activity.updated', 'activity.deleted']
$$;

-- The secret is kept encrypted with the app's data protection keys (an HMAC needs the secret itself,
-- so it cannot be hashed); it is never copied into the audit log (crm_audit_row's hidden columns), and
-- secret_rotated_at says in the log when it changed. disabled_reason says why the dispatcher turned an
-- endpoint off (the page's banner); an admin who enables it again clears it.
CREATE TABLE webhook_endpoints (
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    url varchar(2048) NOT NULL,
    events text[] NOT NULL,
    secret_protected text NOT NULL,
    secret_rotated_at timestamptz NOT NULL DEFAULT now(),
    enabled boolean NOT NULL DEFAULT true,
    disabled_at timestamptz,
    disabled_reason varchar(500),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by uuid DEFAULT NULLIF(current_setting('app.user_id', true), '')::uuid,
    updated_by uuid DEFAULT NULLIF(current_setting('app.user_id', true), '')::uuid,
    CONSTRAINT pk_webhook_endpoints PRIMARY KEY (tenant_id, id),
    CONSTRAINT ck_webhook_endpoints_url CHECK (url ~* '^https?://[^\s/?#]'),
    CONSTRAINT ck_webhook_endpoints_events CHECK (cardinality(events) > 0 AND events <@ crm_webhook_event_names()),
    CONSTRAINT fk_webhook_endpoints_created_by FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by)
);
-- The triggers' one check per statement: does this tenant have an enabled endpoint?
CREATE INDEX ix_webhook_endpoints_enabled ON webhook_endpoints (tenant_id) WHERE enabled;
CREATE INDEX ix_webhook_endpoints_created_by ON webhook_endpoints (tenant_id, created_by);

-- The events, written by the change's own transaction (so a rolled-back change has none, a committed
-- one always has its). id is the event id receivers deduplicate on; payload is the body sent as is.
-- Append-only for crm_app: an event never changes once written.
CREATE TABLE outbox (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    type text NOT NULL,
    record_id uuid,
    payload jsonb NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_outbox PRIMARY KEY (tenant_id, id),
    CONSTRAINT ck_outbox_type CHECK (type = ANY (crm_webhook_event_names() || 'ping'::text))
);

-- One row per endpoint and event: the delivery log and the dispatcher's queue at once. pending rows are
-- due at next_attempt_at; a dispatcher claims them (claim = its token, next_attempt_at = the end of its
-- lease) and writes the outcome only while the claim is still its own, so a dispatcher that died holds
-- them no longer than the lease and two never attempt one at the same time. queued_at starts the retry
-- window (reset by Redeliver); past it a failing delivery is dead.
CREATE TABLE webhook_deliveries (
    tenant_id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    event_id uuid NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    queued_at timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claim uuid,
    last_attempt_at timestamptz,
    last_status_code integer,
    last_duration_ms integer,
    last_error varchar(500),
    delivered_at timestamptz,
    CONSTRAINT pk_webhook_deliveries PRIMARY KEY (tenant_id, endpoint_id, event_id),
    CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'dead')),
    CONSTRAINT ck_webhook_deliveries_attempts CHECK (attempts >= 0),
    CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT fk_webhook_deliveries_event FOREIGN KEY (tenant_id, event_id) REFERENCES outbox (tenant_id, id) ON DELETE CASCADE
);
-- What is due, across tenants (crm_webhook_due_tenants) and in one tenant (the claim).
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_tenant_due ON webhook_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';
-- The page's log (newest first) and the "anything delivered since?" check before disabling an endpoint.
CREATE INDEX ix_webhook_deliveries_log ON webhook_deliveries (tenant_id, endpoint_id, queued_at DESC);
CREATE INDEX ix_webhook_deliveries_delivered ON webhook_deliveries (tenant_id, endpoint_id, delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (tenant_id, event_id);

CREATE TRIGGER stamp_insert BEFORE INSERT ON webhook_endpoints FOR EACH ROW
    WHEN (NULLIF(current_setting('app.user_id', true), '') IS NOT NULL
          AND (NEW.created_by IS DISTINCT FROM NULLIF(current_setting('app.user_id', true), '')::uuid
               OR NEW.updated_by IS DISTINCT FROM NULLIF(current_setting('app.user_id', true), '')::uuid))
    EXECUTE FUNCTION crm_stamp_insert();
CREATE TRIGGER stamp_update BEFORE UPDATE ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON webhook_endpoints FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'secret_protected');

-- A record as the payload's data: its columns in camelCase, without the tenant and the columns only
-- the app's lists use.
CREATE FUNCTION crm_webhook_data(row_data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(lower(left(key, 1)) || substr(replace(initcap(key), '_', ''), 2), value), '{}'::jsonb)
    FROM jsonb_each(row_data - '{tenant_id,search_text,rank}'::text[])
$$;

-- The body a receiver gets: { id, type, occurredAt, data }, and for a deal's stage events the stage it
-- left and the one it entered (id, name, kind) in data.fromStage and data.toStage.
CREATE FUNCTION crm_webhook_payload(event_id uuid, event_type text, new_row jsonb, old_row jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', event_id, 'type', event_type, 'occurredAt', now(), 'data',
        crm_webhook_data(new_row) || CASE WHEN event_type IN ('deal.stage_changed', 'deal.won', 'deal.lost') THEN jsonb_build_object(
            'fromStage', (SELECT jsonb_build_object('id', s.id, 'name', s.name, 'kind', s.kind) FROM pipeline_stages s
                          WHERE s.tenant_id = (new_row ->> 'tenant_id')::uuid AND s.id = (old_row ->> 'stage_id')::uuid),
            'toStage', (SELECT jsonb_build_object('id', s.id, 'name', s.name, 'kind', s.kind) FROM pipeline_stages s
                        WHERE s.tenant_id = (new_row ->> 'tenant_id')::uuid AND s.id = (new_row ->> 'stage_id')::uuid))
        ELSE '{}'::jsonb END)
$$;

-- Which event an update is: deleted_at set → deleted (cleared again: a restore → updated); a deal's new
-- stage → won, lost or stage_changed; any other change but the stamps → updated; a change to a row
-- still in the trash → none (null).
CREATE FUNCTION crm_webhook_update_type(kind text, new_row jsonb, old_row jsonb) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN old_row ->> 'deleted_at' IS NULL AND new_row ->> 'deleted_at' IS NOT NULL THEN kind || '.deleted'
        WHEN new_row ->> 'deleted_at' IS NOT NULL AND old_row ->> 'deleted_at' IS NOT NULL THEN NULL
        WHEN kind = 'deal' AND new_row ->> 'stage_id' IS DISTINCT FROM old_row ->> 'stage_id' THEN
            'deal.' || CASE (SELECT s.kind FROM pipeline_stages s
                             WHERE s.tenant_id = (new_row ->> 'tenant_id')::uuid AND s.id = (new_row ->> 'stage_id')::uuid)
                           WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' ELSE 'stage_changed' END
        WHEN new_row - '{updated_at,updated_by}'::text[] IS DISTINCT FROM old_row - '{updated_at,updated_by}'::text[] THEN kind || '.updated'
    END
$$;

-- The outbox's writer: statement triggers on contacts, companies, deals and activities (argument: the
-- record kind). Runs as the acting session, so its rows pass row-level security like the change did,
-- and only for rows of the session's tenant (the owner's backfills outside a tenant announce nothing).
-- The first statement is the one check a tenant without an enabled endpoint pays, once per statement
-- (an import of a million rows is one INSERT … SELECT: one indexed check, nothing written). Each event
-- goes to the outbox with one delivery per enabled endpoint subscribed to it. Listeners on crm_webhooks
-- are woken at commit (NOTIFY is transactional: a rolled-back change wakes no one).
CREATE FUNCTION crm_webhook_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind text := TG_ARGV[0];
    tenant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    written integer;
BEGIN
    IF tenant IS NULL OR NOT EXISTS (SELECT FROM webhook_endpoints e WHERE e.tenant_id = tenant AND e.enabled) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        WITH events AS MATERIALIZED (
            SELECT gen_random_uuid() AS id, c.*
            FROM (SELECT n.id AS record_id, kind || '.created' AS type, to_jsonb(n) AS new_row FROM new_rows n WHERE n.tenant_id = tenant) c
            WHERE EXISTS (SELECT FROM webhook_endpoints e WHERE e.tenant_id = tenant AND e.enabled AND c.type = ANY (e.events))
        ), written_events AS (
            INSERT INTO outbox (tenant_id, id, type, record_id, payload)
            SELECT tenant, ev.id, ev.type, ev.record_id, crm_webhook_payload(ev.id, ev.type, ev.new_row, NULL) FROM events ev
            RETURNING id, type
        )
        INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id)
        SELECT tenant, e.id, w.id FROM written_events w JOIN webhook_endpoints e ON e.tenant_id = tenant AND e.enabled AND w.type = ANY (e.events);
    ELSE
        WITH events AS MATERIALIZED (
            SELECT gen_random_uuid() AS id, c.*
            FROM (SELECT n.id AS record_id, crm_webhook_update_type(kind, to_jsonb(n), to_jsonb(o)) AS type, to_jsonb(n) AS new_row, to_jsonb(o) AS old_row
                  FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.tenant_id = n.tenant_id WHERE n.tenant_id = tenant) c
            WHERE EXISTS (SELECT FROM webhook_endpoints e WHERE e.tenant_id = tenant AND e.enabled AND c.type = ANY (e.events))
        ), written_events AS (
            INSERT INTO outbox (tenant_id, id, type, record_id, payload)
            SELECT tenant, ev.id, ev.type, ev.record_id, crm_webhook_payload(ev.id, ev.type, ev.new_row, ev.old_row) FROM events ev
            RETURNING id, type
        )
        INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id)
        SELECT tenant, e.id, w.id FROM written_events w JOIN webhook_endpoints e ON e.tenant_id = tenant AND e.enabled AND w.type = ANY (e.events);
    END IF;
    GET DIAGNOSTICS written = ROW_COUNT;
    IF written > 0 THEN
        PERFORM pg_notify('crm_webhooks', '');
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER webhook_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('contact');
CREATE TRIGGER webhook_updated AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('contact');
CREATE TRIGGER webhook_inserted AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('company');
CREATE TRIGGER webhook_updated AFTER UPDATE ON companies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('company');
CREATE TRIGGER webhook_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('deal');
CREATE TRIGGER webhook_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('deal');
CREATE TRIGGER webhook_inserted AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('activity');
CREATE TRIGGER webhook_updated AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_webhook_announce('activity');

-- The tenants with deliveries due now, for dispatchers that do not know the tenant yet (crm_app sees
-- no tenant's rows without one). Returns only tenant ids, of the oldest due deliveries first; the
-- dispatcher then claims and delivers as that tenant under row-level security (FOR UPDATE SKIP LOCKED
-- in its claim). It reads at most the 1,000 oldest due rows, so a backlog costs each call the same; a
-- turned-off endpoint's pending deliveries wait at 'infinity' (WebhookService, WebhookOutcomes), out of it.
CREATE FUNCTION crm_webhook_due_tenants(max_tenants integer)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT due.tenant_id
    FROM (SELECT d.tenant_id, d.next_attempt_at
          FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
          WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          ORDER BY d.next_attempt_at LIMIT 1000) due
    GROUP BY due.tenant_id
    ORDER BY min(due.next_attempt_at)
    LIMIT max_tenants
$$;
REVOKE EXECUTE ON FUNCTION crm_webhook_due_tenants(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_webhook_due_tenants(integer) TO crm_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO crm_app;
GRANT SELECT, INSERT ON outbox TO crm_app;
GRANT SELECT, INSERT, UPDATE ON webhook_deliveries TO crm_app;
