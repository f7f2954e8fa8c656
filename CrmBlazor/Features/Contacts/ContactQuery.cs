using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Contacts;

/// <summary>What the contacts list shows: a search, filters, a sort and a page. Also the list's URL.</summary>
public sealed record ContactQuery
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    public string? Search { get; init; }
    public Guid? TagId { get; init; }
    public Guid? OwnerId { get; init; }
    public Guid? CompanyId { get; init; }
    public ContactSort Sort { get; init; } = ContactSort.Name;
    public bool Descending { get; init; }

    /// <summary>Zero-based.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasSearch => SearchText.From(Search) is not null;
}

public enum ContactSort { Name, Email, Company, Owner, LastActivity }

public sealed record ContactRow(
    Guid Id, string DisplayName, string? Email, string? Phone, Guid? CompanyId, string? CompanyName,
    string? OwnerName, IReadOnlyList<TagLabel> Tags, DateTimeOffset? LastActivityAt, string? MatchHint = null);

/// <summary>A page of the list; <paramref name="IsCapped"/> when more than <paramref name="TotalCount"/> match (the list says "1,000+").</summary>
public sealed record ContactSearchResult(IReadOnlyList<ContactRow> Rows, int TotalCount, bool IsCapped = false);
