-- Undoes stage_order.sql.
DROP TRIGGER open_stages_first ON pipeline_stages;
DROP FUNCTION crm_assert_open_stages_first();
DROP TRIGGER keep_won_and_lost ON pipeline_stages;
DROP FUNCTION crm_assert_pipeline_keeps_won_and_lost();
