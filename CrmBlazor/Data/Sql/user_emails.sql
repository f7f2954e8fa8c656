-- An email is reserved only once confirmed: ux_users_normalized_email (EF's model, partial WHERE
-- email_confirmed) says so. The case-folded index beside it counted unconfirmed users too, so that a
-- squatter's unconfirmed sign-up blocked the real owner of the address: it goes (indexes.sql made it;
-- that file stays as Schema applied it).
DROP INDEX ux_users_email;
