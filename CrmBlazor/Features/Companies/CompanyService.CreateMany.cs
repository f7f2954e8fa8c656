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
    /// tidied values, then ONE query for the domains live companies already hold, then ONE SaveChanges (one
    /// transaction, its inserts batched). The first refused record is named by its place; then nothing is saved.
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

        // Which record each entity belongs to, so a constraint the database enforces names the record that broke it.
        var placeOf = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var companies = new List<Company>(clean.Count);
        foreach (var form in clean)
        {
            var company = new Company { Roles = [.. form.Roles.Select(r => new CompanyRole { Role = r })] };
            Apply(form, company);
            placeOf[company] = companies.Count;
            foreach (var role in company.Roles) placeOf[role] = companies.Count;
            companies.Add(company);
        }
        db.Companies.AddRange(companies);
        try
        {
            await db.SaveChangesAsync(ct);
            return BulkSaveResult.Saved([.. companies.Select(c => c.Id)]);
        }
        catch (DbUpdateException ex) when (CompanyConstraints.Describe(ex) is { } field)
        {
            // EF names the entries of the insert that failed; a check made at commit names none, so the first record stands for them.
            var at = ex.Entries.Select(e => placeOf.GetValueOrDefault(e.Entity, -1)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
            var existingId = field.Field == nameof(CompanyForm.Domain) ? await FindActiveByDomainAsync(db, clean[at].Domain, null, ct) : null;
            return BulkSaveResult.Refused(at, SaveResult.Invalid(field.Field, field.Message, existingId));
        }
    }
}
