namespace CrmBlazor.Features.Audit;

/// <summary>
/// The fields a change to which can be reverted: a contact's, company's or deal's own plain fields, and
/// the owner (and a contact's company), which the revert checks still exist. Not a deal's stage, pipeline,
/// place on the board or outcome, which move together and have their own actions.
/// </summary>
public static class RevertableFields
{
    private static readonly Dictionary<string, HashSet<string>> ByTable = new()
    {
        ["contacts"] = ["first_name", "last_name", "email", "phone", "job_title", "notes", "company_id", "owner_id"],
        ["companies"] = ["name", "domain", "website", "industry", "phone", "address_line", "city", "region", "postal_code", "country", "owner_id"],
        ["deals"] = ["title", "value", "currency", "probability", "expected_close_date", "owner_id"],
    };

    public static bool Allows(string? table, string column) => table is not null && ByTable.TryGetValue(table, out var columns) && columns.Contains(column);
}
