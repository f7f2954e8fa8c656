using CrmBlazor.Data.Entities;
using Microsoft.AspNetCore.Components;

namespace CrmBlazor.Features.Activities;

/// <summary>The activities page's filters, sort and page in its URL, so reload and Back restore them (as ContactListUrl does).</summary>
public static class ActivityListUrl
{
    public const string Everyone = "all";

    /// <summary>The filter the query parameters name; an unknown type or owner reads as the default, a page counts from 1.</summary>
    public static ActivityFilter Parse(string? type, string? owner, string? sort, int? page, IReadOnlyList<ActivityOwner> owners) => new(
        Activity.Types.Contains(type) ? type! : Activity.Task,
        owner == Everyone ? ActivityOwner.All
        : Guid.TryParse(owner, out var id) ? owners.FirstOrDefault(o => o.UserId == id) ?? ActivityOwner.Me
        : ActivityOwner.Me,
        Math.Max(0, (page ?? 1) - 1),
        sort == "oldest");

    public static string For(NavigationManager navigation, ActivityFilter filter) =>
        navigation.GetUriWithQueryParameters("/activities", new Dictionary<string, object?>
        {
            ["type"] = filter.Type == Activity.Task ? null : filter.Type,
            ["owner"] = filter.Owner switch
            {
                { Everyone: true } => Everyone,
                { UserId: { } userId } => userId.ToString(),
                _ => null,
            },
            ["sort"] = filter.Oldest ? "oldest" : null,
            ["page"] = filter.Page == 0 ? null : filter.Page + 1,
        });
}
