using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>What the deal dialog and the participants form offer to choose from.</summary>
internal static class DealChoices
{
    /// <summary>How many matches an autocomplete shows; typing more narrows them.</summary>
    public const int Matches = 20;

    /// <summary>Every pipeline with its stages in board order, the default first.</summary>
    public static async Task<IReadOnlyList<PipelineChoice>> PipelinesAsync(CrmDbContext db, CancellationToken ct) =>
        await db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name)
            .Select(p => new PipelineChoice(p.Id, p.Name, p.IsDefault,
                p.Stages.OrderBy(s => s.Position).Select(s => new StageChoice(s.Id, s.Name, s.Probability, s.Kind, s.Color)).ToList()))
            .ToListAsync(ct);

    public static async Task<IReadOnlyList<Choice>> CompaniesAsync(CrmDbContext db, string? text, CancellationToken ct)
    {
        var companies = db.Companies.AsQueryable();
        if (!string.IsNullOrWhiteSpace(text))
            companies = companies.Where(c => EF.Functions.ILike(c.Name, "%" + text.Trim() + "%"));
        return await companies.OrderBy(c => c.Name).Take(Matches).Select(c => new Choice(c.Id, c.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// Typing searches as the contacts list does (typo-tolerant, best first, fast at a million
    /// contacts); with nothing typed, the first contacts by name.
    /// </summary>
    public static async Task<IReadOnlyList<ContactChoice>> ContactsAsync(CrmDbContext db, string? text, Guid? companyId, CancellationToken ct)
    {
        var query = new ContactQuery { Search = text, CompanyId = companyId };
        if (!query.HasSearch)
            return await Project(ContactSearch.Filter(db, query).OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(Matches)).ToListAsync(ct);
        var best = (await ContactSearch.FindAsync(db, query, ct)).Take(Matches).ToList();
        var found = await Project(db.Contacts.Where(c => best.Contains(c.Id))).ToListAsync(ct);
        return found.OrderBy(c => best.IndexOf(c.Id)).ToList();
    }

    public static async Task<ContactChoice?> ContactAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        await Project(db.Contacts.Where(c => c.Id == id)).SingleOrDefaultAsync(ct);

    private static IQueryable<ContactChoice> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactChoice(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.CompanyId, c.Company!.Name));
}
