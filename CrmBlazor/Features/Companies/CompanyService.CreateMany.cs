using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Companies;

public sealed partial class CompanyService
{
    public static string SameDomainInRequest(int firstIndex) =>
        $"Record {firstIndex} of this request has the same domain; each company needs its own.";

    /// <summary>
    /// Creates the companies and their roles all or none (the API's bulk create): every form's rules on the
    /// tidied values, then ONE query for the domains live companies already hold, then one multi-row INSERT for
    /// the companies and one for their roles, in one transaction. The first refused record is named by its place;
    /// when one is refused nothing is saved.
    /// </summary>
    public async Task<BulkSaveResult> CreateManyAsync(IReadOnlyList<CompanyForm> forms, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "companies.create_many", ct);
        var clean = forms.Select(Clean).ToList();
        var placeOfDomain = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < clean.Count; i++)
        {
            if (SaveResult.IfInvalid(clean[i], nameof(CompanyForm.Name)) is { } invalid) return BulkSaveResult.Refused(i, invalid);
            // Clean has lower-cased the domain already (WebAddress.Domain).
            if (clean[i].Domain is { } domain && !placeOfDomain.TryAdd(domain, i))
                return BulkSaveResult.Refused(i, SaveResult.Invalid(nameof(CompanyForm.Domain), SameDomainInRequest(placeOfDomain[domain])));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var domains = placeOfDomain.Keys.ToList();
        var held = await db.Companies.Where(c => c.Domain != null && domains.Contains(c.Domain.ToLower()))
            .Select(c => new { c.Id, Domain = c.Domain!.ToLower() }).ToListAsync(ct);
        if (held.Where(h => placeOfDomain.ContainsKey(h.Domain)).MinBy(h => placeOfDomain[h.Domain]) is { } taken)
            return BulkSaveResult.Refused(placeOfDomain[taken.Domain], SaveResult.Invalid(nameof(CompanyForm.Domain), DuplicateDomain, taken.Id));

        var companies = Build(clean);
        try
        {
            await InsertAsync(db, companies, ct);
            return BulkSaveResult.Saved([.. companies.Select(c => c.Id)]);
        }
        catch (Exception ex) when (CompanyConstraints.Describe(ex) is not null)
        {
            // The replay names the record; its own refusal is told, which may not be the one this insert met first.
            await using var replay = await dbFactory.CreateDbContextAsync(ct);
            var (at, why) = await BulkRefusal.FirstRefusedAsync(replay, Build(clean), ct) ?? (0, ex);
            var field = CompanyConstraints.Describe(why) ?? CompanyConstraints.Describe(ex)!;
            var existingId = field.Field == nameof(CompanyForm.Domain) ? await FindActiveByDomainAsync(db, clean[at].Domain, null, ct) : null;
            return BulkSaveResult.Refused(at, SaveResult.Invalid(field.Field, field.Message, existingId));
        }
    }

    /// <summary>The companies with their roles and ids (version 7: in the order sent, the API list's order among rows made at one instant).</summary>
    private static List<Company> Build(IReadOnlyList<CompanyForm> clean) => [.. clean.Select(form =>
    {
        var company = new Company { Id = Guid.CreateVersion7(), Roles = [.. form.Roles.Select(r => new CompanyRole { Role = r })] };
        Apply(form, company);
        return company;
    })];

    /// <summary>
    /// One INSERT … SELECT FROM unnest for the companies and one for their roles: as ContactService's bulk create
    /// explains, SaveChanges would send one INSERT per row and run the statement triggers (search documents) once per row.
    /// Blank texts travel as '' (the values are cleaned, so '' means none): the text parameter interceptor takes no null array elements.
    /// </summary>
    private static async Task InsertAsync(CrmDbContext db, List<Company> companies, CancellationToken ct)
    {
        string[] Texts(Func<Company, string?> value) => [.. companies.Select(c => value(c) ?? "")];
        Guid[] ids = [.. companies.Select(c => c.Id)];
        string[] name = Texts(c => c.Name), domain = Texts(c => c.Domain), website = Texts(c => c.Website), industry = Texts(c => c.Industry),
            phone = Texts(c => c.Phone), address = Texts(c => c.AddressLine), city = Texts(c => c.City), region = Texts(c => c.Region),
            postalCode = Texts(c => c.PostalCode), country = Texts(c => c.Country);
        Guid?[] owner = [.. companies.Select(c => c.OwnerId)];
        Guid[] roleHolders = [.. companies.SelectMany(c => c.Roles.Select(_ => c.Id))];
        string[] roles = [.. companies.SelectMany(c => c.Roles.Select(r => r.Role))];

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO companies (id, name, domain, website, industry, phone, address_line, city, region, postal_code, country, owner_id)
            SELECT r.id, r.name, NULLIF(r.domain, ''), NULLIF(r.website, ''), NULLIF(r.industry, ''), NULLIF(r.phone, ''),
                   NULLIF(r.address_line, ''), NULLIF(r.city, ''), NULLIF(r.region, ''), NULLIF(r.postal_code, ''), NULLIF(r.country, ''), r.owner_id
            FROM unnest({ids}, {name}, {domain}, {website}, {industry}, {phone}, {address}, {city}, {region}, {postalCode}, {country}, {owner})
                AS r(id, name, domain, website, industry, phone, address_line, city, region, postal_code, country, owner_id)
            """, ct);
        if (roles.Length > 0)
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO company_roles (company_id, role) SELECT * FROM unnest({roleHolders}, {roles})
                """, ct);
        await transaction.CommitAsync(ct);
    }
}
