-- A phone number is digits with the separators people write (spaces, + ( ) - .), at least three
-- digits, and an optional extension ("x 12", "ext. 12", "#12"). The same pattern is PhoneNumber.Pattern
-- (Features/Shared/PhoneNumber.cs) in the forms and the import's review: keep them character for character.
-- Each check is added NOT VALID (a short lock: existing rows are not read) and validated in a separate
-- statement (reads the rows under a lock that lets reads and writes go on).
ALTER TABLE contacts ADD CONSTRAINT ck_contacts_phone_format
    CHECK (phone ~ '^ *\+?[ ().-]*([0-9][ ().-]*){3,}(([Xx]|[Ee][Xx][Tt]\.?|#) *[0-9]{1,6} *)?$') NOT VALID;
ALTER TABLE contacts VALIDATE CONSTRAINT ck_contacts_phone_format;

ALTER TABLE companies ADD CONSTRAINT ck_companies_phone_format
    CHECK (phone ~ '^ *\+?[ ().-]*([0-9][ ().-]*){3,}(([Xx]|[Ee][Xx][Tt]\.?|#) *[0-9]{1,6} *)?$') NOT VALID;
ALTER TABLE companies VALIDATE CONSTRAINT ck_companies_phone_format;

-- Identity's phone number is text without a limit; no form sets it yet, so only its length is held.
ALTER TABLE users ADD CONSTRAINT ck_users_phone_number_length CHECK (char_length(phone_number) <= 50) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT ck_users_phone_number_length;
