-- A company's website and domain, tidied as the app tidies them (WebAddress.cs), whoever writes them
-- (the app, an import, a restore): a website without a scheme gets https://, so it is never stored as a
-- relative link; a domain typed as a URL or an email address ("https://www.Example.com/path") becomes its host ("example.com").
-- What is still malformed after tidying is refused by ck_companies_domain_format as before. Websites stored
-- before the rule are shown through the same tidying (WebAddress.Website), so none renders as a relative link.
CREATE FUNCTION crm_tidy_company_web_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.website IS NOT NULL AND NEW.website !~ '^[A-Za-z][A-Za-z0-9+.-]*://' THEN
        NEW.website := 'https://' || btrim(NEW.website);
    END IF;
    IF NEW.domain IS NOT NULL THEN
        NEW.domain := rtrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(btrim(NEW.domain)),
            '^.*@', ''), '^[a-z][a-z0-9+.-]*://', ''), '[/:?#].*$', ''), '^www\.', ''), '.');
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER tidy_web_address BEFORE INSERT OR UPDATE OF website, domain ON companies
    FOR EACH ROW EXECUTE FUNCTION crm_tidy_company_web_address();

