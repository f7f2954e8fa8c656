using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Companies;

/// <summary>Reads and writes companies and their roles for the acting tenant. Each method uses its own DbContext (circuit-safe).</summary>
public sealed partial class CompanyService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
    public const string DuplicateDomain = "A company with this domain already exists.";
    public const string ChangedBySomeoneElse =
        "This company was changed by someone else. The form now shows the current values; make your changes again and save.";
    public const string NoLongerExists = "This company no longer exists; it may have been deleted.";
    public const string DomainTakenOnRestore = "Another company now uses this domain, so this one cannot be restored.";

    public async Task<CompanyListResult> ListAsync(CompanyQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CompanyList.ReadAsync(db, query, ct);
    }

    /// <summary>The company, or null when it does not exist, is deleted, or belongs to another tenant: all look the same.</summary>
    public async Task<CompanyDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.AsNoTracking().Include(c => c.Roles).Include(c => c.Owner)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return null;

        var contacts = await db.Contacts.Where(c => c.CompanyId == id)
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new CompanyContact(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.JobTitle, c.Email))
            .ToListAsync(ct);
        // A principal or distributor sees the deals it takes part in, not only those it buys in.
        var deals = await db.Deals.Where(d => d.CompanyId == id || d.Participants.Any(p => p.CompanyId == id))
            .OrderBy(d => d.Stage!.Position).ThenBy(d => d.Title)
            .Select(d => new CompanyDeal(d.Id, d.Title, d.Stage!.Name, d.Value, d.Currency))
            .ToListAsync(ct);
        var address = string.Join(", ", new[] { company.AddressLine, company.PostalCode, company.City, company.Region, company.Country }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
        return new CompanyDetails(company.Id, company.Name, company.Domain, company.Website, company.Industry, company.Phone,
            address.Length == 0 ? null : address, company.Owner?.FullName, CompanyRoleNames.InOrder(company.Roles.Select(r => r.Role)), contacts, deals);
    }

    /// <summary>The company's values and Version for the edit form; null when it is gone.</summary>
    public async Task<CompanyForm?> GetFormAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadFormAsync(db, id, ct);
    }

    /// <summary>The company and its roles, inserted by one SaveChanges (one transaction).</summary>
    public async Task<SaveResult<CompanyForm>> CreateAsync(CompanyForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "companies.create", ct);
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(CompanyForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindActiveByDomainAsync(db, clean.Domain, null, ct) is { } existing)
            return SaveResult.Invalid(nameof(CompanyForm.Domain), DuplicateDomain, existing);

        var company = new Company { Roles = clean.Roles.Select(r => new CompanyRole { Role = r }).ToList() };
        Apply(clean, company);
        db.Companies.Add(company);
        return await SaveAsync(db, company, clean, ct);
    }

    /// <summary>
    /// Saves the form over the company if it still has the Version the form was loaded with; otherwise
    /// nothing is written and the result carries the values now stored. Fields and roles save together.
    /// </summary>
    public async Task<SaveResult<CompanyForm>> UpdateAsync(Guid id, CompanyForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "companies.update", ct);
        var loadedVersion = EditVersion.Of(form.Version, nameof(form));
        var clean = Clean(form);
        if (SaveResult.IfInvalid(clean, nameof(CompanyForm.Name)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.Include(c => c.Roles).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return SaveResult.Gone(NoLongerExists);
        if (await FindActiveByDomainAsync(db, clean.Domain, id, ct) is { } existing)
            return SaveResult.Invalid(nameof(CompanyForm.Domain), DuplicateDomain, existing);
        if (await RoleRemovalBlockedAsync(db, company, clean.Roles, ct) is { } blocked)
            return SaveResult.Invalid(nameof(CompanyForm.Roles), blocked);

        // The UPDATE's WHERE compares xmin with the Version the user saw, not the one just loaded, so a
        // change made since the form was opened fails with DbUpdateConcurrencyException.
        db.Entry(company).Property(c => c.Version).OriginalValue = loadedVersion;
        Apply(clean, company);
        SetRoles(db, company, clean.Roles);
        return await SaveAsync(db, company, clean, ct);
    }

    public Task<SaveResult<CompanyForm>> AddRoleAsync(Guid id, string role, CancellationToken ct = default) =>
        ChangeRoleAsync(id, role, hold: true, ct);

    public Task<SaveResult<CompanyForm>> RemoveRoleAsync(Guid id, string role, CancellationToken ct = default) =>
        ChangeRoleAsync(id, role, hold: false, ct);

    /// <summary>Hides the company (sets DeletedAt); false when there was no such active company.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "companies.delete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await db.Companies.Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, now), ct) == 1;
    }

    /// <summary>Brings a deleted company back, unless another active company has taken its domain meanwhile.</summary>
    public async Task<SaveResult<CompanyForm>> RestoreAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "companies.restore", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UndeleteAsync(db, [id], ct) ?? SaveResult.Saved(id);
    }

    /// <summary>
    /// Restores deleted companies on <paramref name="db"/> and saves (inside the caller's transaction when it has one);
    /// their contacts' links were kept. Null when done; otherwise why not. The company page's undo and the Trash both restore here.
    /// </summary>
    internal static async Task<SaveResult?> UndeleteAsync(CrmDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var companies = await db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(c => ids.Contains(c.Id) && c.DeletedAt != null).ToListAsync(ct);
        if (companies.Count != ids.Distinct().Count()) return SaveResult.Gone(NoLongerExists);
        foreach (var company in companies)
            if (await FindActiveByDomainAsync(db, company.Domain, company.Id, ct) is { } taken)
                return SaveResult.Invalid(nameof(CompanyForm.Domain), DomainTakenOnRestore, taken);
        foreach (var company in companies)
            company.DeletedAt = null;
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { ConstraintName: "ux_companies_domain_active" })
        {
            // Taken between the check and the save, or two of the restored companies share one.
            return SaveResult.Invalid(nameof(CompanyForm.Domain), DomainTakenOnRestore);
        }
    }

    private async Task<SaveResult<CompanyForm>> ChangeRoleAsync(Guid id, string role, bool hold, CancellationToken ct)
    {
        await guard.DemandAsync(Permission.EditRecords, hold ? "companies.role.add" : "companies.role.remove", ct);
        if (!CompanyRole.All.Contains(role)) return SaveResult.Invalid(nameof(CompanyForm.Roles), CompanyConstraints.UnknownRole);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var company = await db.Companies.Include(c => c.Roles).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null) return SaveResult.Gone(NoLongerExists);
        var roles = company.Roles.Select(r => r.Role).Where(r => r != role).Concat(hold ? new[] { role } : []).ToList();
        if (await RoleRemovalBlockedAsync(db, company, roles, ct) is { } blocked)
            return SaveResult.Invalid(nameof(CompanyForm.Roles), blocked);
        SetRoles(db, company, roles);
        return await SaveAsync(db, company, null, ct);
    }

    private static async Task<SaveResult<CompanyForm>> SaveAsync(CrmDbContext db, Company company, CompanyForm? form, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult.Saved(company.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ChangedAsync(db, company.Id, ct);
        }
        catch (DbUpdateException ex) when (CompanyConstraints.Describe(ex) is { } field)
        {
            var existing = field.Field == nameof(CompanyForm.Domain) && form is not null
                ? await FindActiveByDomainAsync(db, form.Domain, company.Id, ct) : null;
            return SaveResult.Invalid(field.Field, field.Message, existing);
        }
    }

    private static async Task<SaveResult<CompanyForm>> ChangedAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        await LoadFormAsync(db, id, ct) is { } current ? SaveResult.Changed(current, ChangedBySomeoneElse) : SaveResult.Gone(NoLongerExists);

    private static async Task<CompanyForm?> LoadFormAsync(CrmDbContext db, Guid id, CancellationToken ct)
    {
        var c = await db.Companies.AsNoTracking().Include(x => x.Roles).SingleOrDefaultAsync(x => x.Id == id, ct);
        return c is null ? null : new CompanyForm
        {
            Name = c.Name, Domain = c.Domain, Website = c.Website, Industry = c.Industry, Phone = c.Phone,
            AddressLine = c.AddressLine, City = c.City, Region = c.Region, PostalCode = c.PostalCode, Country = c.Country,
            OwnerId = c.OwnerId, Roles = CompanyRoleNames.InOrder(c.Roles.Select(r => r.Role)), Version = c.Version,
        };
    }

    /// <summary>
    /// Replaces the company's roles with <paramref name="roles"/>, and marks the company row itself as changed: its
    /// Version then covers the roles too, so an editor holding an older Version is refused.
    /// </summary>
    private static void SetRoles(CrmDbContext db, Company company, IReadOnlyCollection<string> roles)
    {
        db.CompanyRoles.RemoveRange(company.Roles.Where(r => !roles.Contains(r.Role)).ToList());
        foreach (var role in roles.Where(r => company.Roles.All(held => held.Role != r)))
            company.Roles.Add(new CompanyRole { Role = role });
        db.Entry(company).Property(c => c.UpdatedAt).IsModified = true;
    }

    /// <summary>The sentence why a role the form drops cannot go (fk_deal_participants_company_holds_role), or null.</summary>
    private static async Task<string?> RoleRemovalBlockedAsync(CrmDbContext db, Company company, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var dropped = company.Roles.Select(r => r.Role)
            .Where(r => !roles.Contains(r) && r is CompanyRole.Principal or CompanyRole.Distributor).ToList();
        if (dropped.Count == 0) return null;
        // Every participant row counts, even on a deleted deal: the foreign key does not know about soft deletes.
        var uses = await db.DealParticipants.Where(p => p.CompanyId == company.Id && dropped.Contains(p.Role))
            .GroupBy(p => p.Role).Select(g => new { Role = g.Key, Count = g.Count() }).FirstOrDefaultAsync(ct);
        return uses is null ? null : CompanyConstraints.RoleInUse(uses.Role, uses.Count);
    }

    private static async Task<Guid?> FindActiveByDomainAsync(CrmDbContext db, string? domain, Guid? except, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(domain)) return null;
        var normalized = domain.Trim().ToLowerInvariant();
        return await db.Companies.Where(c => c.Domain != null && c.Domain.ToLower() == normalized && c.Id != except)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>Trimmed values, blanks as null, website and domain tidied (<see cref="WebAddress"/>), each role once.</summary>
    private static CompanyForm Clean(CompanyForm form) => new()
    {
        Name = Text(form.Name), Domain = WebAddress.Domain(form.Domain), Website = WebAddress.Website(form.Website),
        Industry = Text(form.Industry), Phone = Text(form.Phone), AddressLine = Text(form.AddressLine), City = Text(form.City),
        Region = Text(form.Region), PostalCode = Text(form.PostalCode), Country = Text(form.Country), OwnerId = form.OwnerId,
        Roles = form.Roles.Distinct().ToList(), Version = form.Version,
    };

    private static void Apply(CompanyForm form, Company company)
    {
        company.Name = form.Name ?? "";
        company.Domain = form.Domain;
        company.Website = form.Website;
        company.Industry = form.Industry;
        company.Phone = form.Phone;
        company.AddressLine = form.AddressLine;
        company.City = form.City;
        company.Region = form.Region;
        company.PostalCode = form.PostalCode;
        company.Country = form.Country;
        company.OwnerId = form.OwnerId;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
