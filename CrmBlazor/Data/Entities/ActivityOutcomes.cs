namespace CrmBlazor.Data.Entities;

/// <summary>
/// The fixed outcomes of calls and meetings, stored as their keys. The activities table's CHECK
/// (ck_activities_outcome) lists the same keys, built from <see cref="CheckSql"/>.
/// </summary>
public static class ActivityOutcomes
{
    /// <summary>The longest a call or meeting may last: a day.</summary>
    public const int MaxDurationMinutes = 1440;

    public static readonly IReadOnlyList<(string Key, string Label)> Call =
    [
        ("connected", "Connected"), ("left_voicemail", "Left voicemail"), ("no_answer", "No answer"),
        ("busy", "Busy"), ("wrong_number", "Wrong number"),
    ];

    public static readonly IReadOnlyList<(string Key, string Label)> Meeting =
    [
        ("held", "Held"), ("no_show", "No show"), ("rescheduled", "Rescheduled"), ("cancelled", "Cancelled"),
    ];

    /// <summary>The outcomes an activity of TYPE may have; none for emails, notes and tasks.</summary>
    public static IReadOnlyList<(string Key, string Label)> For(string type) => type switch
    {
        Activity.Call => Call,
        Activity.Meeting => Meeting,
        _ => [],
    };

    public static bool HasDetails(string type) => type is Activity.Call or Activity.Meeting;

    public static string? Label(string? key) =>
        Call.Concat(Meeting).Where(o => o.Key == key).Select(o => o.Label).FirstOrDefault();

    public static string CheckSql =>
        $"outcome IS NULL OR type = 'call' AND outcome IN ({Keys(Call)}) OR type = 'meeting' AND outcome IN ({Keys(Meeting)})";

    private static string Keys(IEnumerable<(string Key, string Label)> outcomes) => string.Join(", ", outcomes.Select(o => $"'{o.Key}'"));
}
