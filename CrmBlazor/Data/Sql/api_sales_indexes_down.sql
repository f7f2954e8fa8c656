DROP INDEX ix_activities_live_by_updated;
DROP INDEX ix_activities_live_by_created;
DROP INDEX ix_deals_live_by_updated;
DROP INDEX ix_deals_live_by_created;
