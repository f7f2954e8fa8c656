namespace CrmBlazor.Features.Board;

/// <summary>
/// The list view's sort and page as query parameters beside the board's filters (<see cref="BoardFilterQuery"/>);
/// defaults write nothing, and a value that means nothing (an unknown sort, a page size not offered) reads as the default.
/// </summary>
public static class DealListUrl
{
    public const string SortKey = "sort", DescendingKey = "desc", PageKey = "page", SizeKey = "size";
    public static readonly string[] Keys = [SortKey, DescendingKey, PageKey, SizeKey];
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    public static DealListQuery Parse(Guid pipelineId, BoardFilter filter, string? sort, bool descending, int? page, int? size) => new(
        pipelineId, filter,
        Sort: Enum.TryParse<DealListSort>(sort, ignoreCase: true, out var parsed) ? parsed : DealListSort.Stage,
        Descending: descending,
        Page: Math.Max(0, (page ?? 1) - 1),
        PageSize: size is { } s && PageSizes.Contains(s) ? s : DefaultPageSize);

    public static IReadOnlyDictionary<string, object?> Parameters(DealListQuery query) => new Dictionary<string, object?>
    {
        [SortKey] = query.Sort == DealListSort.Stage && !query.Descending ? null : query.Sort.ToString().ToLowerInvariant(),
        [DescendingKey] = query.Descending ? true : null,
        [PageKey] = query.Page == 0 ? null : query.Page + 1,
        [SizeKey] = query.PageSize == DefaultPageSize ? null : query.PageSize,
    };
}
