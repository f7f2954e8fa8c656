using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Companies;

namespace CrmBlazor.Features.Api.Companies;

/// <summary>/api/v1/companies: the pages' CompanyService for every write, so the form's rules are the API's.</summary>
public static class CompanyEndpoints
{
    private const string What = "company";

    public static void MapCompanies(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/companies").RequireScope(ApiRecords.Companies, ApiAccess.Read);
        read.MapGet("/", ListAsync);
        read.MapGet("/{id:guid}", GetAsync);

        var write = api.MapGroup("/companies").RequireScope(ApiRecords.Companies, ApiAccess.Write);
        write.MapPost("/", CreateAsync);
        write.MapPost("/bulk", CreateManyAsync);
        write.MapPut("/{id:guid}", UpdateAsync);
        write.MapDelete("/{id:guid}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(
        CompanyListing listing, string? q, string? role, Guid? ownerId, DateTimeOffset? updatedSince,
        string? sort, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ApiCursor.TryParse(cursor, out var after)) return ApiProblems.BadRequest(ApiCursor.Invalid);
        if (!RecordKeyset.TryParseOrder(sort, out var order)) return ApiProblems.BadRequest(RecordKeyset.InvalidOrder);
        if (role is not null && !CompanyRole.All.Contains(role))
            return ApiProblems.BadRequest($"role must be one of {string.Join(", ", CompanyRole.All)}.");
        var filters = new CompanyListing.Filters(q, role, ownerId, updatedSince);
        return Results.Ok(await listing.PageAsync(filters, order, after, ApiLimit.Of(limit), ct));
    }

    private static async Task<IResult> GetAsync(Guid id, CompanyListing listing, HttpContext http, CancellationToken ct)
    {
        if (await listing.GetAsync(id, ct) is not { } company) return ApiProblems.NotFound(What);
        ApiVersion.Tag(http, company.Version);
        return Results.Ok(company);
    }

    private static async Task<IResult> CreateAsync(CompanyInput input, CompanyService companies, CompanyListing listing, HttpContext http, CancellationToken ct)
    {
        var saved = await companies.CreateAsync(input.ToForm(), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var company = (await listing.GetAsync(saved.Id!.Value, ct))!;
        ApiVersion.Tag(http, company.Version);
        return Results.Created($"{ApiRoutes.Prefix}/companies/{company.Id}", company);
    }

    private static async Task<IResult> CreateManyAsync(
        BulkRequest<CompanyInput?> request, CompanyService companies, CompanyListing listing, CancellationToken ct)
    {
        if (ApiBulk.RefuseSize(request) is { } size) return size;
        // A null record is an empty one: refused by the form's rules (no name), with its place, like any other.
        var saved = await companies.CreateManyAsync([.. request.Records.Select(r => (r ?? new()).ToForm())], ct);
        if (!saved.Succeeded) return ApiBulk.Refused(saved, What);
        return Results.Created((string?)null, new BulkResponse<CompanyResource>(await listing.GetManyAsync(saved.Ids, ct)));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, CompanyInput input, CompanyService companies, CompanyListing listing, HttpContext http, CancellationToken ct)
    {
        var (version, problem) = ApiVersion.FromIfMatch(http.Request);
        if (problem is not null) return problem;
        if (await listing.GetAsync(id, ct) is null) return ApiProblems.NotFound(What);
        var saved = await companies.UpdateAsync(id, input.ToForm(version), ct);
        if (!saved.Succeeded) return ApiProblems.Refused(saved, What);
        var company = (await listing.GetAsync(id, ct))!;
        ApiVersion.Tag(http, company.Version);
        return Results.Ok(company);
    }

    private static async Task<IResult> DeleteAsync(Guid id, CompanyService companies, CancellationToken ct) =>
        await companies.DeleteAsync(id, ct) ? Results.NoContent() : ApiProblems.NotFound(What);
}
