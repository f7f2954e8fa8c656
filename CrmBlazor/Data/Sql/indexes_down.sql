-- Undoes indexes.sql where the table outlives the Schema migration's Down (users); the other indexes
-- go with their tables.
DROP INDEX ux_users_email;
