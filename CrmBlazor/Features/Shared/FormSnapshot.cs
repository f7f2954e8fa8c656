using System.Text.Json;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// A form's values as they were loaded, to tell later whether the user changed anything (see
/// <see cref="FormDialogKeys"/>). Values are compared by their JSON, so forms need no equality of their own.
/// </summary>
public sealed class FormSnapshot
{
    private readonly string taken;

    private FormSnapshot(string taken) => this.taken = taken;

    /// <summary>The values now; pass the same values, in the same order, to <see cref="Differs"/>.</summary>
    public static FormSnapshot Of(params object?[] values) => new(Json(values));

    public bool Differs(params object?[] values) => Json(values) != taken;

    private static string Json(object?[] values) => JsonSerializer.Serialize(values);
}
