-- Undoes user_emails.sql.
CREATE UNIQUE INDEX ux_users_email ON users (lower(email));
