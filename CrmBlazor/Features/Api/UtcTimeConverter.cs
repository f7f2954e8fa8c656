using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmBlazor.Features.Api;

/// <summary>
/// Reads a time sent with any offset (<c>2027-01-05T11:00:00+02:00</c>) as the same instant in UTC: PostgreSQL's driver
/// writes timestamptz values only with offset zero and refused the others as a server error.
/// </summary>
public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
