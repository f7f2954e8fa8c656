using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Features.Audit;

/// <summary>The audit log's filters and page in its URL (as the other lists'), so a view survives reload and Back, and its export's.</summary>
public static class AuditLogUrl
{
    public const string Path = "/admin/audit";

    public static AuditQuery Parse(string? user, string? action, string? type, string? from, string? to, string? name, int? page, int? size) => new(
        UserId: Guid.TryParse(user, out var userId) ? userId : null,
        Action: string.IsNullOrWhiteSpace(action) ? null : action,
        Table: type is not null && AuditLabels.Tables.ContainsKey(type) ? type : null,
        From: Day(from),
        To: Day(to),
        Name: string.IsNullOrWhiteSpace(name) ? null : name,
        Page: Math.Max(0, (page ?? 1) - 1),
        PageSize: size is { } s && AuditQuery.PageSizes.Contains(s) ? s : AuditQuery.DefaultPageSize);

    /// <summary>The view an export link names.</summary>
    public static AuditQuery Parse(IQueryCollection query) => Parse(query["user"], query["action"], query["type"], query["from"], query["to"],
        query["name"], int.TryParse(query["page"], out var page) ? page : null, int.TryParse(query["size"], out var size) ? size : null);

    public static string For(NavigationManager navigation, AuditQuery query) => navigation.GetUriWithQueryParameters(Path, Parameters(query));

    public static IReadOnlyDictionary<string, object?> Parameters(AuditQuery query) => new Dictionary<string, object?>
    {
        ["user"] = query.UserId,
        ["action"] = query.Action,
        ["type"] = query.Table,
        ["from"] = query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["name"] = query.Name,
        ["page"] = query.Page == 0 ? null : query.Page + 1,
        ["size"] = query.PageSize == AuditQuery.DefaultPageSize ? null : query.PageSize,
    };

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
