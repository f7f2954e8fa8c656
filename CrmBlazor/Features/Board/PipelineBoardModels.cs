using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Board;

/// <summary>Whose deals the board shows: anyone's, the signed-in user's ("mine"), or one colleague's.</summary>
public sealed record OwnerFilter(string Label, Guid? UserId = null, bool Mine = false)
{
    public static readonly OwnerFilter Anyone = new("Anyone");
    public static readonly OwnerFilter Me = new("Mine", Mine: true);
}

/// <summary>The filters the board and the list share; an empty filter shows every live deal of the pipeline.</summary>
public sealed record BoardFilter
{
    public OwnerFilter Owner { get; init; } = OwnerFilter.Anyone;
    public Guid? TagId { get; init; }

    /// <summary>Matched anywhere in the deal's title or its company's name.</summary>
    public string? Search { get; init; }

    /// <summary>Expected close date from and to, both inclusive.</summary>
    public DateOnly? CloseFrom { get; init; }
    public DateOnly? CloseTo { get; init; }
}

/// <summary>What the filters offer: owners (Anyone and Mine first) and the tenant's tags.</summary>
public sealed record BoardChoices(IReadOnlyList<OwnerFilter> Owners, IReadOnlyList<TagLabel> Tags);

public sealed record PipelineBoard(Guid PipelineId, string Name, IReadOnlyList<BoardStage> Stages)
{
    public BoardStage? Stage(Guid id) => Stages.FirstOrDefault(s => s.Id == id);

    public BoardStage? StageOf(BoardCard card) => Stage(card.StageId);

    /// <summary>The board with <paramref name="card"/> shown at <paramref name="index"/> of <paramref name="stageId"/>'s column (before the server confirms), so a drop does not jump back.</summary>
    public PipelineBoard WithCardAt(BoardCard card, Guid stageId, int index) => this with
    {
        Stages = Stages.Select(s =>
        {
            var cards = s.Cards.Where(c => c.Id != card.Id).ToList();
            if (s.Id == stageId) cards.Insert(Math.Clamp(index, 0, cards.Count), card with { StageId = stageId });
            return s with { Cards = cards };
        }).ToList(),
    };

    /// <summary>The board with <paramref name="more"/> appended to <paramref name="stageId"/>'s column ("show more"); a card already shown is not shown twice.</summary>
    public PipelineBoard WithMore(Guid stageId, StageCards more) => this with
    {
        Stages = Stages.Select(s => s.Id != stageId ? s
            : s with { Cards = [.. s.Cards, .. more.Cards.Where(c => !s.Cards.Contains(c))], NextCardId = more.NextCardId }).ToList(),
    };

    /// <summary>How many cards each column shows, so a reload keeps extended columns as long.</summary>
    public IReadOnlyDictionary<Guid, int> Shown => Stages.ToDictionary(s => s.Id, s => s.Cards.Count);
}

/// <summary>
/// One column: its deals counted and summed per currency over the whole stage (filtered), and the first
/// of them by rank. <see cref="NextCardId"/> is the first deal not shown yet, if any.
/// </summary>
public sealed record BoardStage(
    Guid Id, string Name, string Kind, string Color, int DealCount, IReadOnlyList<MoneyTotal> Totals,
    IReadOnlyList<BoardCard> Cards, Guid? NextCardId)
{
    public bool HasMore => NextCardId is not null;
    public bool IsLost => Kind == PipelineStage.Lost;
}

/// <summary>A sum in one currency; currencies are never added together.</summary>
public sealed record MoneyTotal(string Currency, decimal Value)
{
    public override string ToString() => $"{Value:N0} {Currency}";
}

/// <summary>A deal as a card shows it, with the rank and version a move of it needs.</summary>
public sealed record BoardCard(
    Guid Id, Guid StageId, string Title, string? CompanyName, decimal Value, string Currency, string? OwnerName,
    DateOnly? ExpectedCloseDate, DateTimeOffset? ClosedAt, string? LostReason, string Rank, uint Version)
{
    public IReadOnlyList<TagLabel> Tags { get; init; } = [];

    // A card is its deal. The drop zone keys its items by this, so a reload updates the card that is
    // on screen (and keeps its keyboard focus) instead of replacing it.
    public bool Equals(BoardCard? other) => other is not null && other.Id == Id;
    public override int GetHashCode() => Id.GetHashCode();

    public bool IsClosed => ClosedAt is not null;

    /// <summary>Still open and expected to have closed before <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => !IsClosed && ExpectedCloseDate < today;

    public string OwnerInitials => OwnerName?.Split(' ', StringSplitOptions.RemoveEmptyEntries) switch
    {
        [var only] => only[..1].ToUpperInvariant(),
        [var first, .., var last] => $"{first[0]}{last[0]}".ToUpperInvariant(),
        _ => "",
    };
}

/// <summary>A column's next cards after those shown, and the first one after them, if any.</summary>
public sealed record StageCards(IReadOnlyList<BoardCard> Cards, Guid? NextCardId);

public enum DealListSort { Title, Company, Stage, Value, Owner, ExpectedClose }

/// <summary>A page of the list view: the same pipeline and filters as the board, sorted on the server.</summary>
public sealed record DealListQuery(
    Guid PipelineId, BoardFilter Filter, DealListSort Sort = DealListSort.Stage, bool Descending = false, int Page = 0, int PageSize = 25);

public sealed record DealListRow(
    Guid Id, string Title, string? CompanyName, string StageName, string StageKind, decimal Value, string Currency, string? OwnerName,
    DateOnly? ExpectedCloseDate, string? LostReason)
{
    public IReadOnlyList<TagLabel> Tags { get; init; } = [];
}

public sealed record DealListPage(IReadOnlyList<DealListRow> Rows, int TotalCount);
