using System.Text.Json;
using CrmBlazor.Data;
using CrmBlazor.Features.Audit;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CrmBlazor.Features.Export;

/// <summary>
/// The download links: GET /export/{contacts|companies|deals}?format=csv|xlsx plus the list's view,
/// GET /export/audit (the audit log's view, Owners and Admins), and GET /export/everything (the Owner's zip). Signed-in only; every read acts for the request's
/// tenant snapshot (the request's DbContext factory, so the query filters and row-level security apply).
/// </summary>
public static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var export = endpoints.MapGroup("/export").RequireAuthorization();
        export.MapGet("/contacts", (HttpContext http, ITenantContext tenant) =>
            ListAsync(http, tenant, "contacts", (db, ct) => ListExports.ContactsAsync(db, ExportQueries.Contacts(http.Request.Query), ct)));
        export.MapGet("/companies", (HttpContext http, ITenantContext tenant) =>
            ListAsync(http, tenant, "companies", (db, ct) => ListExports.CompaniesAsync(db, ExportQueries.Companies(http.Request.Query), ct)));
        export.MapGet("/deals", (HttpContext http, ITenantContext tenant) => ExportQueries.Deals(http.Request.Query) is { } query
            ? ListAsync(http, tenant, "deals", (db, _) => ListExports.DealsAsync(db, query, tenant.UserId))
            : Task.FromResult(Results.BadRequest("Choose a pipeline: the deals list is one pipeline's.")));
        export.MapGet("/audit", async (HttpContext http, ITenantContext tenant, AuditExport audit) =>
            await audit.RefusalAsync(http.RequestAborted) is { } refused
                ? Results.Text(refused, statusCode: StatusCodes.Status403Forbidden)
                : await ListAsync(http, tenant, "audit", (db, ct) => audit.TableAsync(db, AuditLogUrl.Parse(http.Request.Query), ct)));
        export.MapGet("/everything", EverythingAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ITenantContext tenant, string kind, Func<CrmDbContext, CancellationToken, Task<ExportTable>> build)
    {
        var services = http.RequestServices;
        if (tenant.TenantId is null) return Results.Unauthorized();
        var format = ExportFormats.Parse(http.Request.Query["format"]) ?? ExportFormat.Csv;
        var dbFactory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        var ct = http.RequestAborted;

        StartDownload(http, $"{kind}-{Today(services)}.{ExportFormats.Extension(format)}", ExportFormats.ContentType(format));
        int rows;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            rows = await ExportWriters.WriteAsync(http.Response.Body, await build(db, ct), format, ct);

        // Audited once the last row is written, with what was asked and how much went out.
        var filters = http.Request.Query.Where(p => p.Key != "format").ToDictionary(p => p.Key, p => p.Value.ToString());
        await using var audit = await dbFactory.CreateDbContextAsync(ct);
        AuditTrail.Record(audit, "export.list", table: kind,
            detail: JsonSerializer.Serialize(new { kind, format = ExportFormats.Extension(format), filters, rows }));
        await audit.SaveChangesAsync(ct);
        return Results.Empty;
    }

    private static async Task<IResult> EverythingAsync(HttpContext http, TenantBackup backup)
    {
        try
        {
            await backup.DemandOwnerAsync(http.RequestAborted);
        }
        catch (PermissionDeniedException refused)
        {
            return Results.Text(refused.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        StartDownload(http, $"crm-export-{Today(http.RequestServices)}.zip", "application/zip");
        await backup.ExportAsync(http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// Headers for a file download. MiniExcel and ZipArchive write synchronously, so the request
    /// allows that: the rows still go out as they are read.
    /// </summary>
    private static void StartDownload(HttpContext http, string fileName, string contentType)
    {
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        if (http.Features.Get<IHttpBodyControlFeature>() is { } body) body.AllowSynchronousIO = true;
    }

    private static string Today(IServiceProvider services) =>
        services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
