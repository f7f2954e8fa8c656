using CrmBlazor.Data;
using CrmBlazor.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// What pickers and filters offer to choose from, the same on every page: active users, companies by
/// name, tags and pipelines. Each method uses its own DbContext (circuit-safe); the queries behind
/// them are public for services that read them in a context of their own.
/// </summary>
public sealed class LookupService(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>How many companies an autocomplete shows; typing more narrows them.</summary>
    public const int Matches = 20;

    public Task<IReadOnlyList<Choice>> ActiveUsersAsync(CancellationToken ct = default) => ReadAsync(ActiveUsers, ct);

    /// <summary>Companies matching <paramref name="text"/> by the search's rules, best first; with nothing typed, the first by name.</summary>
    public Task<IReadOnlyList<Choice>> FindCompaniesAsync(string? text, CancellationToken ct = default) =>
        ReadAsync(db => Companies(db, text), ct);

    public Task<IReadOnlyList<TagLabel>> TagsAsync(CancellationToken ct = default) => ReadAsync(Tags, ct);

    public Task<IReadOnlyList<PipelineChoice>> PipelinesAsync(CancellationToken ct = default) => ReadAsync(Pipelines, ct);

    /// <summary>The users a record can be given to, by name.</summary>
    public static IQueryable<Choice> ActiveUsers(CrmDbContext db) =>
        db.Users.Where(u => u.IsActive).OrderBy(u => u.FullName).Select(u => new Choice(u.Id, u.FullName));

    public static IQueryable<Choice> Companies(CrmDbContext db, string? text) =>
        SearchText.From(text) is { } search
            ? from m in RecordSearch.Matches(db, search, SearchKind.Company, Matches)
              join c in db.Companies on m.RecordId equals c.Id
              orderby m.Place
              select new Choice(c.Id, c.Name)
            : db.Companies.OrderBy(c => c.Name).Take(Matches).Select(c => new Choice(c.Id, c.Name));

    public static IQueryable<TagLabel> Tags(CrmDbContext db) =>
        db.Tags.OrderBy(t => t.Name).Select(t => new TagLabel(t.Id, t.Name, t.Color));

    /// <summary>Every pipeline with its stages in board order, the default first.</summary>
    public static IQueryable<PipelineChoice> Pipelines(CrmDbContext db) =>
        db.Pipelines.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name)
            .Select(p => new PipelineChoice(p.Id, p.Name, p.IsDefault,
                p.Stages.OrderBy(s => s.Position).Select(s => new StageChoice(s.Id, s.Name, s.Probability, s.Kind, s.Color)).ToList()));

    private async Task<IReadOnlyList<T>> ReadAsync<T>(Func<CrmDbContext, IQueryable<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db).ToListAsync(ct);
    }
}
