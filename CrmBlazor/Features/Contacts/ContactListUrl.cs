using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Features.Contacts;

/// <summary>The contacts list's state in its URL, so a view can be bookmarked and shared.</summary>
public static class ContactListUrl
{
    public static ContactQuery Parse(string? search, Guid? tag, Guid? owner, Guid? company, string? sort, bool descending, int? page, int? size) => new()
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search,
        TagId = tag,
        OwnerId = owner,
        CompanyId = company,
        Sort = Enum.TryParse<ContactSort>(sort, ignoreCase: true, out var parsed) ? parsed : ContactSort.Name,
        Descending = descending,
        Page = Math.Max(0, (page ?? 1) - 1),
        PageSize = size is { } s && ContactQuery.PageSizes.Contains(s) ? s : ContactQuery.DefaultPageSize,
    };

    public static string For(NavigationManager navigation, ContactQuery query) =>
        navigation.GetUriWithQueryParameters("/contacts", Parameters(query));

    /// <summary>The view's query parameters: the list's address and its export's.</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(ContactQuery query) => new Dictionary<string, object?>
    {
        ["q"] = query.Search,
        ["tag"] = query.TagId,
        ["owner"] = query.OwnerId,
        ["company"] = query.CompanyId,
        ["sort"] = query.Sort == ContactSort.Name ? null : query.Sort.ToString().ToLowerInvariant(),
        ["desc"] = query.Descending ? true : null,
        ["page"] = query.Page == 0 ? null : query.Page + 1,
        ["size"] = query.PageSize == ContactQuery.DefaultPageSize ? null : query.PageSize,
    };

    /// <summary>The grid names its sort by the row's property.</summary>
    public static ContactSort SortFor(string? property) => property switch
    {
        nameof(ContactRow.Email) => ContactSort.Email,
        nameof(ContactRow.CompanyName) => ContactSort.Company,
        nameof(ContactRow.OwnerName) => ContactSort.Owner,
        nameof(ContactRow.LastActivityAt) => ContactSort.LastActivity,
        _ => ContactSort.Name,
    };
}
