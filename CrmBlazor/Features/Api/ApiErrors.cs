using System.Text.Json;
using CrmBlazor.Components.Shared;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Diagnostics;

namespace CrmBlazor.Features.Api;

/// <summary>
/// The API answers every failure with a problem body, never the pages' HTML: it turns off the
/// status-code pages for /api, maps the services' refusals (a role that may not write, a record gone)
/// and an unreadable body (bad JSON, an unknown field) to problems, and any other exception to a
/// 500 that names a trace id and no stack trace. Services write in one transaction, so a 500 changed nothing.
/// A database that cannot be reached (stopped, restarting, PgBouncer gone) is a 503 the client may retry: not a 500.
/// </summary>
public sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && Describe(ex) is { } problem)
        {
            http.Response.Clear();
            await problem.ExecuteAsync(http);
            return;
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            log.LogError(ex, "API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await Results.Problem($"Something went wrong on our side and nothing was changed. Quote {http.TraceIdentifier} if you report it.",
                statusCode: StatusCodes.Status500InternalServerError, title: "Server error").ExecuteAsync(http);
            return;
        }
        // Routing's own refusals (no such endpoint, wrong method) come back with an empty body.
        if (!http.Response.HasStarted && http.Response.StatusCode >= 400 && http.Response.ContentType is null)
            await ApiProblems.Write(http, http.Response.StatusCode, "Request refused", http.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "There is no such endpoint. The reference is at /api/docs.",
                StatusCodes.Status405MethodNotAllowed => "This endpoint does not take this method.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                _ => "The request was refused.",
            });
    }

    // The connection may have dropped while a write committed, so "nothing was changed" cannot be promised here.
    public const string DatabaseUnavailable =
        "The database cannot be reached right now; try again in a moment. A write whose answer was lost may have been saved: look it up before sending it again.";

    private static IResult? Describe(Exception ex) => ex switch
    {
        PermissionDeniedException denied => Results.Problem(denied.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"),
        StaleSelectionException gone => Results.Problem(gone.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        BadHttpRequestException { InnerException: JsonException json } => ApiProblems.BadRequest(
            "The body is not valid JSON for this endpoint; see errors.",
            new Dictionary<string, string[]> { [json.Path ?? "$"] = [UnreadableValue(json)] }),
        BadHttpRequestException bad => ApiProblems.BadRequest(bad.Message),
        _ when FriendlyError.IsDatabaseUnavailable(ex) => Results.Problem(DatabaseUnavailable,
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable"),
        _ => null,
    };

    /// <summary>System.Text.Json's message, without the .NET type names it mentions.</summary>
    private static string UnreadableValue(JsonException json) =>
        json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "This field is not known. Check its spelling (fields are camelCase) against the reference at /api/docs."
            : "This value could not be read as the type the field takes.";
}
