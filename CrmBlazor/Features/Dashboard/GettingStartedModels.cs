namespace CrmBlazor.Features.Dashboard;

/// <summary>
/// What a new organization still has to do, each step read from its data, and whether this is the
/// user's first visit (greeted "Welcome", not "Welcome back").
/// </summary>
public sealed record FirstRun(bool IsFirstVisit, bool Dismissed, IReadOnlyList<GettingStartedStep> Steps)
{
    /// <summary>The checklist shows until every step is done or the user dismisses it.</summary>
    public bool ShowsChecklist => !Dismissed && Steps.Any(s => !s.Done);
}

/// <param name="Href">Where the step is done.</param>
/// <param name="Administrative">Only for those who may administer (inviting people).</param>
public sealed record GettingStartedStep(string Title, string Action, string Href, bool Done, bool Administrative = false);
