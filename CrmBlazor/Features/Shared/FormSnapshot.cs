using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// A form's values as they were loaded, to tell later whether the user changed anything (see
/// <see cref="FormDialogKeys"/>). Values are compared by their JSON, so forms need no equality of their own;
/// an emptied text field equals one never filled (a field commits "" when it is left, the form started with null).
/// </summary>
public sealed class FormSnapshot
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new BlankAsNull() } };

    private readonly string taken;

    private FormSnapshot(string taken) => this.taken = taken;

    /// <summary>The values now; pass the same values, in the same order, to <see cref="Differs"/>.</summary>
    public static FormSnapshot Of(params object?[] values) => new(Json(values));

    public bool Differs(params object?[] values) => Json(values) != taken;

    private static string Json(object?[] values) => JsonSerializer.Serialize(values, Options);

    private sealed class BlankAsNull : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (string.IsNullOrWhiteSpace(value)) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }
    }
}
