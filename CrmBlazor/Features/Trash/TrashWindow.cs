namespace CrmBlazor.Features.Trash;

/// <summary>
/// How long a deleted record stays restorable. The Trash lists the records deleted within it, and the
/// nightly purge (crm_purge_trash, Sql/trash.sql, whose default is the same 30 days) removes older ones for good.
/// </summary>
public static class TrashWindow
{
    public const int Days = 30;

    public static TimeSpan Length => TimeSpan.FromDays(Days);
}
