using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>A new key: its name, its scopes (ck_api_keys_scopes lists the same) and an optional expiry.</summary>
public sealed class ApiKeyForm : IValidatableObject
{
    [Required(ErrorMessage = "Name the key after what will use it, like \"Website signup form\".")]
    [MaxLength(FieldLimits.Short)]
    public string? Name { get; set; }

    public IReadOnlyCollection<string> Scopes { get; set; } = [];

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The expiry of a key chosen by its last day: it stops working as the next day begins (UTC).</summary>
    public static DateTimeOffset? ExpiryAfter(DateTime? lastDay) =>
        lastDay is { } day ? new DateTimeOffset(day.Date, TimeSpan.Zero).AddDays(1) : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Scopes.Count == 0)
            yield return new("Choose at least one scope.", [nameof(Scopes)]);
        else if (Scopes.FirstOrDefault(s => !ApiScope.All.Contains(s)) is { } unknown)
            yield return new($"'{unknown}' is not a scope.", [nameof(Scopes)]);
    }
}
