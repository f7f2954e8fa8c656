namespace CrmBlazor.Features.Dashboard;

/// <summary>Whose figures: the signed-in user's own records (owner is them), or the whole team's.</summary>
public enum DashboardScope { Mine, Team }

public sealed record DashboardSummary(
    int Contacts,
    IReadOnlyList<CurrencyTotal> OpenDeals,
    PipelineByStage Pipeline,
    ClosedDeals ThisMonth,
    ClosedDeals ThisQuarter,
    TaskCounts Tasks,
    IReadOnlyList<FeedItem> RecentActivity);

/// <summary>Deals in one currency: how many and what they are worth. Currencies are never added together.</summary>
public sealed record CurrencyTotal(string Currency, int Count, decimal Value)
{
    public override string ToString() => $"{Value:N2} {Currency}";
}

/// <summary>The default pipeline's open stages in board order, and one value per stage for each currency.</summary>
public sealed record PipelineByStage(IReadOnlyList<string> Stages, IReadOnlyList<StageSeries> Series);

public sealed record StageSeries(string Currency, IReadOnlyList<decimal> Values);

public sealed record ClosedDeals(IReadOnlyList<CurrencyTotal> Won, IReadOnlyList<CurrencyTotal> Lost);

public sealed record TaskCounts(int Overdue, int DueToday);

/// <summary>One activity in the feed: what, about whom, whose, and when it happened (completed, or else created).</summary>
public sealed record FeedItem(DateTimeOffset At, string Type, string Subject, string? Who, Guid? ContactId, string? ContactName);
