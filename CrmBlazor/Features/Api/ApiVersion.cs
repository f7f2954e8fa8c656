using System.Globalization;

namespace CrmBlazor.Features.Api;

/// <summary>
/// A record's row version (PostgreSQL's xmin) as its HTTP entity tag. An update must send the tag it
/// read in If-Match: a write made on an older read is refused (412) rather than overwriting a change
/// the client never saw; one sent without it is refused (428).
/// </summary>
public static class ApiVersion
{
    public static string ETag(uint version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Tag(HttpContext http, uint version) => http.Response.Headers.ETag = ETag(version);

    /// <summary>The version If-Match names, or a problem to answer with.</summary>
    public static (uint? Version, IResult? Problem) FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
            return (null, Results.Problem("Send the record's ETag (from GET) in an If-Match header, so a change made meanwhile is not overwritten.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "Precondition required"));
        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
               && uint.TryParse(tag[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (null, Results.Problem("If-Match must be one ETag as GET returned it, like \"12345\".",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed"));
    }
}
