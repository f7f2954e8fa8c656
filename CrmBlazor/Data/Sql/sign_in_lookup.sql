-- Sign-in must find a user by email before any tenant is known, while RLS hides every user from a
-- session without a tenant. These functions are the narrow ways through: they run as the schema
-- owner, take an exact normalized email or a user id (no patterns) and return ids and nothing else.
-- The owner reads users through owner_reads_all; crm_app may only call them.

-- The one confirmed user with the email (ux_users_normalized_email: at most one): whom it signs in as.
-- An unconfirmed registration or invitation signs in as nobody.
CREATE FUNCTION crm_find_user_for_sign_in(normalized_email text)
RETURNS TABLE (user_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT u.id, u.tenant_id FROM users u
    WHERE u.normalized_email = crm_find_user_for_sign_in.normalized_email AND u.email_confirmed
    LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION crm_find_user_for_sign_in(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_user_for_sign_in(text) TO crm_app;

-- The tenant of the user a mailed link names (confirm email, reset password, accept invitation); the
-- link's token, checked in that tenant, decides whether it works.
CREATE FUNCTION crm_find_user_tenant(user_id uuid)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT u.tenant_id FROM users u WHERE u.id = crm_find_user_tenant.user_id
$$;
REVOKE EXECUTE ON FUNCTION crm_find_user_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_user_tenant(uuid) TO crm_app;

-- Registrations with the email still waiting for confirmation (a password, so not an invitation),
-- newest first: "resend the confirmation" mails each.
CREATE FUNCTION crm_find_pending_registrations(normalized_email text)
RETURNS TABLE (user_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT u.id, u.tenant_id FROM users u
    WHERE u.normalized_email = crm_find_pending_registrations.normalized_email
      AND NOT u.email_confirmed AND u.password_hash IS NOT NULL
    ORDER BY u.created_at DESC
    LIMIT 3
$$;
REVOKE EXECUTE ON FUNCTION crm_find_pending_registrations(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_pending_registrations(text) TO crm_app;
