namespace CrmBlazor.Features.Audit;

/// <summary>
/// What the audit log calls things: record types, actions, application events and columns, in words an
/// admin reads, and the page a record lives on. Anything not listed shows as stored.
/// </summary>
public static class AuditLabels
{
    /// <summary>Record types (tables), in the order the filter offers them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>
    {
        ["contacts"] = "Contact",
        ["companies"] = "Company",
        ["deals"] = "Deal",
        ["activities"] = "Activity",
        ["contact_tags"] = "Contact tag",
        ["company_tags"] = "Company tag",
        ["deal_tags"] = "Deal tag",
        ["company_roles"] = "Company role",
        ["deal_participants"] = "Deal participant",
        ["tags"] = "Tag",
        ["pipelines"] = "Pipeline",
        ["pipeline_stages"] = "Stage",
        ["lost_reasons"] = "Lost reason",
        ["users"] = "User",
        ["user_roles"] = "User role",
        ["user_claims"] = "User claim",
        ["user_logins"] = "User login",
        ["user_tokens"] = "User token",
        ["api_keys"] = "API key",
        ["import_jobs"] = "Import",
        ["tenants"] = "Workspace",
    };

    /// <summary>Application events (AuditTrail.Record) by name; the security ones first.</summary>
    public static readonly IReadOnlyDictionary<string, string> Events = new Dictionary<string, string>
    {
        ["login"] = "Signed in",
        ["login.failed"] = "Sign-in failed",
        ["lockout"] = "Locked out",
        ["logout"] = "Signed out",
        ["permission.denied"] = "Permission denied",
        ["password.change"] = "Password changed",
        ["user.role_change"] = "Role changed",
        ["user.invite"] = "User invited",
        ["user.invite_renew"] = "Invitation renewed",
        ["user.invite_accepted"] = "Invitation accepted",
        ["user.deactivate"] = "User deactivated",
        ["user.reactivate"] = "User reactivated",
        ["tenant.register"] = "Workspace registered",
        ["audit.revert"] = "Change reverted",
        ["export.list"] = "List exported",
        ["export.everything"] = "Everything exported",
        ["import.everything"] = "Full export imported",
        ["import.start"] = "Import started",
        ["import.complete"] = "Import completed",
        ["import.fail"] = "Import failed",
        ["import.undo"] = "Import undone",
        ["rate_limit.hit"] = "Rate limit reached",
        ["api_key.first_used"] = "API key first used",
        ["getting_started.dismissed"] = "Getting started dismissed",
        ["bulk.load"] = "Bulk load by the operator",
    };

    /// <summary>The row actions the trigger writes, and "any event".</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        [Data.Entities.AuditLog.Insert] = "Created",
        [Data.Entities.AuditLog.Update] = "Changed",
        [Data.Entities.AuditLog.Delete] = "Deleted",
        [Data.Entities.AuditLog.EventAction] = "Any event",
    };

    public static string Table(string? table) => table is null ? "" : Tables.GetValueOrDefault(table, table);

    public static string Event(string? name) => name is null ? "" : Events.GetValueOrDefault(name, name);

    /// <summary>What happened: an event's label, or the row action's.</summary>
    public static string Action(string action, string? eventName) =>
        eventName is not null ? Event(eventName) : Actions.GetValueOrDefault(action, action);

    public static string Column(string column) => column switch
    {
        "company_id" => "Company",
        "contact_id" => "Contact",
        "owner_id" => "Owner",
        "stage_id" => "Stage",
        "pipeline_id" => "Pipeline",
        "tag_id" => "Tag",
        "deal_id" => "Deal",
        "user_id" => "User",
        "role_id" => "Role",
        "lost_reason_id" => "Listed lost reason",
        "full_name" => "Name",
        "address_line" => "Address",
        "is_active" => "Active",
        "is_default" => "Default",
        "is_primary" => "Primary",
        "deleted_at" => "Deleted",
        "closed_at" => "Closed",
        "due_at" => "Due",
        "completed_at" => "Completed",
        "expected_close_date" => "Expected close date",
        "duration_minutes" => "Duration (minutes)",
        "revoked_at" => "Revoked",
        "expires_at" => "Expires",
        _ => char.ToUpperInvariant(column[0]) + column[1..].Replace('_', ' '),
    };

    /// <summary>The page of the record an entry is about (a join row's record is its parent); null when it has none.</summary>
    public static string? Link(string? table, Guid? recordId) => recordId is not { } id ? null : table switch
    {
        "contacts" or "contact_tags" => $"/contacts/{id}",
        "companies" or "company_tags" or "company_roles" => $"/companies/{id}",
        "deals" or "deal_tags" or "deal_participants" => $"/deals/{id}",
        "api_keys" => "/admin/api-keys",
        _ => null,
    };
}
