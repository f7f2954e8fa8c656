namespace CrmBlazor.Bench;

/// <summary>
/// The search's hand-written SQL, which the app's search is measured and checked against: written apart
/// from the engine (never calling the function the app calls), as the runtime role with the tenant set,
/// returning what the rules give for the query's first page.
/// </summary>
public static class SearchBaseline
{
    /// <summary>The ids of the first page (25 contacts, best first) of the query's matches.</summary>
    public static Task<List<Guid>> FirstPageAsync(BenchDatabase db, Guid tenant, string query) =>
        throw new NotImplementedException("baseline SQL comes from the lead");
}
