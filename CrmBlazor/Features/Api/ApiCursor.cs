using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CrmBlazor.Features.Api;

/// <summary>
/// Where the next page starts, opaque to clients: the last row's sort value and id (keyset paging, so
/// rows inserted or deleted meanwhile neither repeat nor skip a row), or for a ranked search the
/// number of matches already returned.
/// </summary>
public sealed record ApiCursor(DateTimeOffset? After, Guid? AfterId, int Skip)
{
    public static readonly ApiCursor Start = new(null, null, 0);

    public static string AfterRow(DateTimeOffset at, Guid id) => Encode($"k:{at.UtcTicks}:{id:N}");

    public static string AfterMatches(int skip) => Encode($"s:{skip}");

    public static bool TryParse(string? text, out ApiCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text)) return true;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)); }
        catch (FormatException) { return false; }
        var parts = decoded.Split(':');
        if (parts is ["k", var ticks, var id] && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t)
            && t >= DateTimeOffset.MinValue.UtcTicks && t <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(id, "N", out var g))
        {
            cursor = new(new DateTimeOffset(t, TimeSpan.Zero), g, 0);
            return true;
        }
        if (parts is ["s", var skip] && int.TryParse(skip, CultureInfo.InvariantCulture, out var s) && s >= 0)
        {
            cursor = new(null, null, s);
            return true;
        }
        return false;
    }

    public const string Invalid = "The cursor is not valid. Pass back the nextCursor of the previous page unchanged.";

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}

/// <summary>A page of a list: its records and the cursor of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>The page size a list call may ask for.</summary>
public static class ApiLimit
{
    public const int Default = 50;
    public const int Max = 200;

    public static int Of(int? asked) => Math.Clamp(asked ?? Default, 1, Max);
}
