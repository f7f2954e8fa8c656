using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Api;

/// <summary>A bulk create's body: up to <see cref="ApiBulk.MaxRecords"/> records, saved all or none.</summary>
public sealed record BulkRequest<T>(IReadOnlyList<T> Records);

/// <summary>A bulk create's answer: the records created, in the order sent.</summary>
public sealed record BulkResponse<T>(IReadOnlyList<T> Data);

public static class ApiBulk
{
    public const int MaxRecords = 1000;

    /// <summary>A problem when the body holds no records or more than a bulk call takes; null when its size is fine.</summary>
    public static IResult? RefuseSize<T>(BulkRequest<T> request) => request.Records is { Count: > 0 and <= MaxRecords }
        ? null
        : Results.Problem($"Send between 1 and {MaxRecords} records in 'records'; this request has {request.Records?.Count ?? 0}.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid values");

    /// <summary>
    /// Why nothing was saved: the first refused record's problem as for a single create, its errors named
    /// <c>records[i].field</c> and its place in <c>index</c>.
    /// </summary>
    public static IResult Refused(BulkSaveResult result, string what)
    {
        var index = result.RefusedAt!.Value;
        var why = result.Refusal!;
        var errors = ApiProblems.FieldErrors(why.Errors).ToDictionary(e => $"records[{index}].{e.Key}", e => e.Value);
        var status = why.ExistingId is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
        var extensions = new Dictionary<string, object?> { ["index"] = index, ["errors"] = errors };
        if (why.ExistingId is { } existing) extensions["existingId"] = existing;
        return Results.Problem(RefusalDetail(index, what, why.Errors.Values.FirstOrDefault() ?? why.Problem),
            statusCode: status, title: status == StatusCodes.Status409Conflict ? "Conflict" : "Invalid values", extensions: extensions);
    }

    /// <summary>The refusal's detail, also in the reference's examples.</summary>
    public static string RefusalDetail(int index, string what, string? why) =>
        $"Record {index} was refused, so none of the {what} records was saved. {why}";
}
