-- Undoes foreign_keys.sql where EF would trip over it: the Schema migration's Down drops company_roles
-- before deal_participants, and this key, which EF does not know, would refuse that. Everything else
-- here goes with its table.
ALTER TABLE deal_participants DROP CONSTRAINT fk_deal_participants_company_holds_role;
