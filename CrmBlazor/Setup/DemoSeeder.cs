using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static CrmBlazor.Setup.DemoData;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Setup;

/// <summary>
/// Seeds the Acme Demo tenant once, in one transaction: five users (one per role, all with the demo
/// password), the Sales pipeline, companies, contacts, deals and activities. Running it again leaves
/// existing data alone. Like a real CRM it holds complete profiles next to minimal ones: a third of the
/// contacts and a few companies are known by name only.
/// </summary>
public static class DemoSeeder
{
    public const string TenantSlug = "acme-demo";
    public const string OwnerEmail = "demo@crm.local";

    /// <summary>Contacts 0 to 39 have a company, an email, a phone, a job title and their tags; 40 to 59 only a name.</summary>
    public const int ContactCount = 60, CompleteContactCount = 40;

    public static async Task SeedAsync(IServiceProvider services, string? password)
    {
        if (string.IsNullOrWhiteSpace(password))
            throw new InvalidOperationException("Demo:Password is not set.");

        // Row-level security hides every tenant until one is chosen: look the demo owner up instead.
        var normalizedEmail = services.GetRequiredService<UserManager<User>>().NormalizeEmail(OwnerEmail);
        if (await UserLookup.FindForSignInAsync(services.GetRequiredService<IDbContextFactory<CrmDbContext>>(), normalizedEmail) is not null)
        {
            Console.WriteLine("Demo tenant already present; left as it is.");
            return;
        }

        var tenantId = Guid.NewGuid();
        var ownerId = Guid.NewGuid();
        await using var asOwner = services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenantId, ownerId, Role.Owner));
        var db = asOwner.ServiceProvider.GetRequiredService<CrmDbContext>();
        var userManager = asOwner.ServiceProvider.GetRequiredService<UserManager<User>>();

        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Tenants.Add(new Tenant { Id = tenantId, Name = "Acme Demo", Slug = TenantSlug });
        await db.SaveChangesAsync();
        var users = await CreateUsersAsync(userManager, tenantId, ownerId, password);
        await AddCrmRecordsAsync(db, users, new Random(2026), services.GetRequiredService<TimeProvider>().GetUtcNow());
        await transaction.CommitAsync();
        Console.WriteLine("Demo tenant seeded.");
    }

    private static async Task<List<User>> CreateUsersAsync(UserManager<User> userManager, Guid tenantId, Guid ownerId, string password)
    {
        var users = new List<User>();
        foreach (var demo in Users)
        {
            var user = new User
            {
                Id = demo.Email == OwnerEmail ? ownerId : Guid.NewGuid(),
                TenantId = tenantId, UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, FullName = demo.FullName,
            };
            ThrowIfFailed(await userManager.CreateAsync(user, password));
            ThrowIfFailed(await userManager.AddToRoleAsync(user, demo.Role));
            users.Add(user);
        }
        return users;
    }

    private static async Task AddCrmRecordsAsync(CrmDbContext db, List<User> users, Random random, DateTimeOffset now)
    {
        var sellers = users.Where(u => u.Email != "victor.viewer@crm.local").ToList();
        User Seller() => sellers[random.Next(sellers.Count)];

        var tags = Tags.Select(t => new Tag { Id = Guid.NewGuid(), Name = t.Name, Color = t.Color }).ToList();
        db.Tags.AddRange(tags);

        var companies = Companies.Select(c => new Company
        {
            Id = Guid.NewGuid(), Name = c.Name, Domain = c.Domain, Website = $"https://www.{c.Domain}", Industry = c.Industry,
            City = c.City, Country = c.Country, OwnerId = Seller().Id,
            Roles = c.Roles.Select(r => new CompanyRole { Role = r }).ToList(),
        }).ToList();
        db.Companies.AddRange(companies);
        db.Companies.AddRange(NameOnlyCompanies.Select(name => new Company { Id = Guid.NewGuid(), Name = name }));

        var tagIds = tags.ToDictionary(t => t.Name, t => t.Id);
        var contacts = Enumerable.Range(0, ContactCount).Select(i =>
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[(i * 7) % LastNames.Length];
            if (i >= CompleteContactCount)
                return new Contact { Id = Guid.NewGuid(), FirstName = first, LastName = last, OwnerId = Seller().Id };
            // Every company gets three or four of the complete contacts: each can have deals with a contact.
            var demoCompany = Companies[i % Companies.Length];
            var company = companies[i % companies.Count];
            var jobTitle = JobTitles[random.Next(JobTitles.Length)];
            return new Contact
            {
                Id = Guid.NewGuid(), FirstName = first, LastName = last, CompanyId = company.Id, OwnerId = Seller().Id,
                Email = $"{first}.{last}{i}@{company.Domain}".ToLowerInvariant().Replace("ü", "ue"),
                Phone = $"+1 555 01{i:00}", JobTitle = jobTitle,
                Tags = ContactTags(i, demoCompany, jobTitle).Select(name => new ContactTag { TagId = tagIds[name] }).ToList(),
            };
        }).ToList();
        db.Contacts.AddRange(contacts);

        var pipeline = DefaultPipeline.Create();
        db.Pipelines.Add(pipeline);
        // Company roles must exist before participants need them; EF does not know that rule's foreign key.
        await db.SaveChangesAsync();
        var deals = new List<Deal>();
        // A company's deals have distinct titles (db check reports repeats); the next unused topic keeps the random draws as they were.
        var titles = new HashSet<(Guid, int)>();
        foreach (var stage in pipeline.Stages)
        {
            var ranks = DealRank.Spread(5);
            for (var i = 0; i < 5; i++)
            {
                var companyIndex = random.Next(companies.Count);
                var company = companies[companyIndex];
                var contact = contacts.Where(c => c.CompanyId == company.Id).OrderBy(_ => random.Next()).First();
                var closed = stage.Kind != PipelineStage.Open;
                var topic = random.Next(DealTopics.Length);
                while (!titles.Add((company.Id, topic))) topic = (topic + 1) % DealTopics.Length;
                deals.Add(new Deal
                {
                    Id = Guid.NewGuid(), Title = $"{company.Name.Split(' ')[0]} – {DealTopics[topic]}",
                    Pipeline = pipeline, Stage = stage, CompanyId = company.Id, ContactId = contact.Id, OwnerId = Seller().Id,
                    Value = random.Next(10, 1200) * 100m, Currency = Companies[companyIndex].Currency, Probability = stage.Probability,
                    ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(random.Next(-30, 90)).UtcDateTime),
                    ClosedAt = closed ? now.AddDays(-random.Next(1, 60)) : null,
                    LostReason = stage.Kind == PipelineStage.Lost ? LostReasons[random.Next(LostReasons.Length)] : null,
                    Rank = ranks[i],
                    Tags = random.Next(3) == 0 ? [new DealTag { TagId = tags[0].Id }] : [],
                });
            }
        }
        AddParticipants(deals, companies, random);
        db.Deals.AddRange(deals);
        db.Activities.AddRange(Enumerable.Range(0, 80).Select(i => NewActivity(i, deals, contacts, Seller(), now, random)));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A complete contact's tags: the relationship its company has with us, and by turns VIP, Inactive,
    /// Decision maker (the C-level) and Newsletter, so that many contacts carry several tags.
    /// </summary>
    private static IEnumerable<string> ContactTags(int i, DemoCompany company, string jobTitle)
    {
        if (RelationshipTag(company.Roles) is { } relationship) yield return relationship;
        if (i % 4 == 0) yield return Vip;
        if (i % 10 == 7) yield return Inactive;
        if (jobTitle is "CEO" or "CFO" or "CTO") yield return "Decision maker";
        if (i % 3 == 0) yield return "Newsletter";
    }

    /// <summary>Some deals run through a principal: the buyer is the primary customer, the principal supplies.</summary>
    private static void AddParticipants(List<Deal> deals, List<Company> companies, Random random)
    {
        var principals = companies.Where(c => c.Roles.Any(r => r.Role == CompanyRole.Principal)).ToList();
        foreach (var deal in deals.Where((_, i) => i % 3 == 0))
        {
            deal.Participants.Add(new DealParticipant { CompanyId = deal.CompanyId!.Value, Role = DealParticipant.Customer, IsPrimary = true });
            var principal = principals[random.Next(principals.Count)];
            if (principal.Id != deal.CompanyId)
                deal.Participants.Add(new DealParticipant
                {
                    CompanyId = principal.Id, Role = DealParticipant.Principal, IsPrimary = true, CommissionRate = 0.05m,
                });
        }
    }

    private static Activity NewActivity(int i, List<Deal> deals, List<Contact> contacts, User owner, DateTimeOffset now, Random random)
    {
        var (type, subject) = ActivityTemplates[i % ActivityTemplates.Length];
        var deal = i % 2 == 0 ? deals[random.Next(deals.Count)] : null;
        var contact = deal is null ? contacts[random.Next(contacts.Count)] : contacts.Single(c => c.Id == deal.ContactId);
        var when = now.AddDays(random.Next(-45, 21)).AddHours(random.Next(8, 17) - now.Hour);
        var isTask = type == Activity.Task;
        return new Activity
        {
            Type = type, Subject = subject, OwnerId = owner.Id, ContactId = contact.Id, CompanyId = contact.CompanyId, DealId = deal?.Id,
            Body = isTask ? null : $"{subject} with {contact.FirstName} {contact.LastName}.",
            DueAt = isTask ? when : null,
            // Past work is done, except some overdue tasks so "overdue" is never empty.
            CompletedAt = when < now && !(isTask && i % 4 == 0) ? when : null,
        };
    }
}
