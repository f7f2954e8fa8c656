using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Api.Docs;
using CrmBlazor.Features.Companies;

namespace CrmBlazor.Features.Api.Companies;

/// <summary>/api/v1/companies: the pages' CompanyService for every write, so the form's rules are the API's.</summary>
public static class CompanyEndpoints
{
    private const string What = "company";

    public static void MapCompanies(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/companies").RequireScope(ApiRecords.Companies, ApiAccess.Read).WithTags("Companies");
        read.MapGet("/", ListAsync).WithName("ListCompanies")
            .WithSummary("List companies")
            .WithDescription("Oldest first unless `sort` says otherwise. With `q`, the app's own search (accents and case ignored, typos forgiven), best match first. `role` keeps the companies that are a customer, prospect, partner, vendor, distributor or principal to us. Filters combine.")
            .Produces<ApiPage<CompanyResource>>().WithResponseExample(StatusCodes.Status200OK, CompanyExamples.Page)
            .ProducesProblems(StatusCodes.Status400BadRequest);
        read.MapGet("/{id:guid}", GetAsync).WithName("GetCompany")
            .WithSummary("Get a company")
            .WithDescription("The ETag header is the company's version, to send in If-Match when updating it.")
            .Produces<CompanyResource>().WithResponseExample(StatusCodes.Status200OK, CompanyExamples.Company)
            .ProducesProblems(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/companies").RequireScope(ApiRecords.Companies, ApiAccess.Write).WithTags("Companies");
        write.MapPost("/", CreateAsync).WithName("CreateCompany")
            .WithSummary("Create a company")
            .WithDescription("The form's rules apply: a name; a website gets https://, a domain typed as an address becomes its host, and a domain another live company holds is a 409. Answers with the company, its Location and its ETag.")
            .WithRequestExample(CompanyExamples.Input)
            .Produces<CompanyResource>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, CompanyExamples.Company)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status409Conflict, CompanyExamples.DuplicateDomain)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, CompanyExamples.InvalidValues);
        write.MapPost("/bulk", CreateManyAsync).WithName("CreateCompanies")
            .WithSummary("Create up to 1,000 companies")
            .WithDescription("All or none: each record as for a single create, a domain given twice in the request or held by a live company refuses the call, and so does a rule only the database knows (a deactivated owner). The problem names the first refused record in `index` and its errors as `records[i].field`. Answers with the companies in the order sent.")
            .WithRequestExample(CompanyExamples.BulkInput)
            .Produces<BulkResponse<CompanyResource>>(StatusCodes.Status201Created).WithResponseExample(StatusCodes.Status201Created, CompanyExamples.BulkCreated)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(StatusCodes.Status422UnprocessableEntity, CompanyExamples.BulkRefused);
        write.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCompany")
            .WithSummary("Replace a company's values")
            .WithDescription("Send every field: one left out is cleared, as an emptied field in the form is. Needs the ETag from GET in If-Match. A principal or distributor role the company holds on deals cannot be taken away (422).")
            .WithRequestExample(CompanyExamples.Input)
            .Produces<CompanyResource>().WithResponseExample(StatusCodes.Status200OK, CompanyExamples.Company)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status412PreconditionFailed, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status428PreconditionRequired);
        write.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteCompany")
            .WithSummary("Delete a company")
            .WithDescription("Moves it to the trash, where it can be restored for 30 days; its contacts keep their link to it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
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
