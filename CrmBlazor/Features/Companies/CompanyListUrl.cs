using CrmBlazor.Data.Entities;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Features.Companies;

/// <summary>The company list's state in its URL (as <see cref="Contacts.ContactListUrl"/>), so a view survives reload and Back.</summary>
public static class CompanyListUrl
{
    public static CompanyQuery Parse(string? search, string? role, Guid? owner, string? sort, bool descending, int? page, int? size) => new(
        Search: string.IsNullOrWhiteSpace(search) ? null : search,
        Role: CompanyRole.All.Contains(role) ? role : null,
        SortBy: Enum.TryParse<CompanySort>(sort, ignoreCase: true, out var parsed) ? parsed : CompanySort.Name,
        Descending: descending,
        Page: Math.Max(0, (page ?? 1) - 1),
        PageSize: size is { } s && CompanyQuery.PageSizes.Contains(s) ? s : CompanyQuery.DefaultPageSize,
        OwnerId: owner);

    public static string For(NavigationManager navigation, CompanyQuery query) =>
        navigation.GetUriWithQueryParameters("/companies", Parameters(query));

    /// <summary>The view's query parameters: the list's address and its export's.</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(CompanyQuery query) => new Dictionary<string, object?>
    {
        ["q"] = query.Search,
        ["role"] = query.Role,
        ["owner"] = query.OwnerId,
        ["sort"] = query.SortBy == CompanySort.Name ? null : query.SortBy.ToString().ToLowerInvariant(),
        ["desc"] = query.Descending ? true : null,
        ["page"] = query.Page == 0 ? null : query.Page + 1,
        ["size"] = query.PageSize == CompanyQuery.DefaultPageSize ? null : query.PageSize,
    };
}
