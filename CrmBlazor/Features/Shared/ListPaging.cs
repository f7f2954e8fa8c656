namespace CrmBlazor.Features.Shared;

/// <summary>
/// The page every list service actually reads, whatever the address bar or a caller asked for: a page
/// size within the lists' choices, and a page number clamped so that page × size neither overflows
/// (page 2^31-1 once made a negative OFFSET and a 500) nor walks deeper than <see cref="MaxOffset"/> rows,
/// a scan no person pages through. Search text is cut as <c>SearchText</c> cuts it.
/// </summary>
public static class ListPaging
{
    public const int MaxPageSize = 100;
    public const int MaxOffset = 100_000;
    public const int MaxSearchLength = 200;

    public static int Size(int requested) => Math.Clamp(requested, 1, MaxPageSize);

    public static int Page(int requested, int pageSize) => Math.Clamp(requested, 0, MaxOffset / Size(pageSize));

    /// <summary>The first row of the page: <see cref="Page"/> × <see cref="Size"/>, never past <see cref="MaxOffset"/>.</summary>
    public static int Skip(int page, int pageSize) => Page(page, pageSize) * Size(pageSize);

    public static string? Search(string? text) =>
        text is { Length: > MaxSearchLength } ? text[..MaxSearchLength] : text;
}
