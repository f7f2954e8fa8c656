-- Undoes webhooks.sql: the triggers on the record tables and the functions outlive the tables the
-- Down drops with them (their policies, indexes and grants go with the tables).
DROP TRIGGER webhook_inserted ON contacts;
DROP TRIGGER webhook_updated ON contacts;
DROP TRIGGER webhook_inserted ON companies;
DROP TRIGGER webhook_updated ON companies;
DROP TRIGGER webhook_inserted ON deals;
DROP TRIGGER webhook_updated ON deals;
DROP TRIGGER webhook_inserted ON activities;
DROP TRIGGER webhook_updated ON activities;
DROP FUNCTION crm_webhook_announce();
DROP FUNCTION crm_webhook_update_type(text, jsonb, jsonb);
DROP FUNCTION crm_webhook_payload(uuid, text, jsonb, jsonb);
DROP FUNCTION crm_webhook_data(jsonb);
DROP FUNCTION crm_webhook_due_tenants(integer);
DROP TABLE webhook_deliveries;
DROP TABLE outbox;
DROP TABLE webhook_endpoints;
DROP FUNCTION crm_webhook_event_names();
