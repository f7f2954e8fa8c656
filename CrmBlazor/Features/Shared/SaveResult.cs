namespace CrmBlazor.Features.Shared;

/// <summary>
/// A write's outcome: the id written, or field errors (field name → sentence) shown next to the
/// fields, or a <paramref name="Problem"/> for the whole form. ExistingId names the record that already holds a value
/// that must be unique, so the form can link to it; IsGone says the record no longer exists
/// (deleted, or never this tenant's).
/// </summary>
public sealed record SaveResult(
    Guid? Id, IReadOnlyDictionary<string, string> Errors, string? Problem = null, Guid? ExistingId = null, bool IsGone = false)
{
    public bool Succeeded => Id is not null;

    public static SaveResult Saved(Guid id) => new(id, NoErrors);
    public static SaveResult Invalid(string field, string message, Guid? existingId = null) =>
        new(null, new Dictionary<string, string> { [field] = message }, ExistingId: existingId);
    public static SaveResult Invalid(FieldError error) => Invalid(error.Field, error.Message);
    public static SaveResult Invalid(IReadOnlyDictionary<string, string> errors) => new(null, errors);
    public static SaveResult Refused(string problem) => new(null, NoErrors, problem);
    public static SaveResult Gone(string problem) => new(null, NoErrors, problem, IsGone: true);

    /// <summary>Refused because someone else changed the record since the form was loaded; <paramref name="current"/> is what is stored now.</summary>
    public static SaveResult<TCurrent> Changed<TCurrent>(TCurrent current, string problem) where TCurrent : class =>
        new(null, NoErrors, problem) { Current = current };

    /// <summary>The form's field errors (see <see cref="FormErrors.Of"/>) as a result; null when the form is valid.</summary>
    public static SaveResult? IfInvalid(object form, string fieldForFormWideErrors) =>
        FormErrors.Of(form, fieldForFormWideErrors) is { Count: > 0 } errors ? Invalid(errors) : null;

    internal static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
}

/// <summary>
/// The outcome of saving an edit made on values read earlier: a <see cref="SaveResult"/>, and when
/// someone else changed the record meanwhile (<see cref="Conflict"/>), <see cref="Current"/> holds the values now stored.
/// </summary>
public sealed record SaveResult<TCurrent>(
    Guid? Id, IReadOnlyDictionary<string, string> Errors, string? Problem = null, Guid? ExistingId = null, bool IsGone = false)
    where TCurrent : class
{
    public TCurrent? Current { get; init; }

    public bool Succeeded => Id is not null;
    public bool Conflict => Current is not null;

    /// <summary>Every outcome that carries no current values is one of an edit too.</summary>
    public static implicit operator SaveResult<TCurrent>(SaveResult outcome) =>
        new(outcome.Id, outcome.Errors, outcome.Problem, outcome.ExistingId, outcome.IsGone);
}
