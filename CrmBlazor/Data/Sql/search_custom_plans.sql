-- crm_search plans each statement for the words being searched. PL/pgSQL keeps a plan per statement for the
-- connection's life, and after five calls PostgreSQL may settle on one generic plan for every search; on a
-- million contacts that plan took 160 ms for a search that finds nothing, against under 3 ms planned for its
-- words (the app's pooled connections keep their plans, so the generic plan would stay). The planning it costs
-- per call is a fraction of a millisecond.
ALTER FUNCTION crm_search(text, text, integer, uuid, uuid, uuid) SET plan_cache_mode = force_custom_plan;
