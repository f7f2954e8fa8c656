-- SUPERSEDED: drops the first contact search (ContactSearchFunctions_search.sql). Run by the Down of
-- ContactSearchFunctions, and by the Up of ContactListSpeed, whose crm_contacts_search replaces them.
DROP FUNCTION crm_contacts_matching(text);
DROP FUNCTION crm_contacts_similar_to(text);
