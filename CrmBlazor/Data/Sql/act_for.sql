-- Whom a transaction acts for: the tenant and user row-level security and the audit trail read, and
-- the address and agent the audit rows carry. The app calls this at the start of every transaction
-- and in front of every statement it sends outside one (TenantPerTransaction), and the values are
-- local to the transaction: they end with it, so a server connection that a transaction-mode pooler
-- (PgBouncer) hands to another client next carries nothing of this one. A procedure, not a function,
-- because CALL returns no rows: sent in one round trip before a query, it adds no result of its own.
-- Not SECURITY DEFINER: it sets only what the caller could set with set_config itself.
CREATE PROCEDURE crm_act_for(tenant text, app_user text, client_ip text, user_agent text)
LANGUAGE sql
AS $$
    SELECT pg_catalog.set_config('app.tenant_id', tenant, true), pg_catalog.set_config('app.user_id', app_user, true),
           pg_catalog.set_config('app.client_ip', client_ip, true), pg_catalog.set_config('app.user_agent', user_agent, true)
$$;
REVOKE EXECUTE ON PROCEDURE crm_act_for(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE crm_act_for(text, text, text, text) TO crm_app;
