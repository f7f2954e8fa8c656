using CrmBlazor.Data.Entities;

namespace CrmBlazor.Setup;

/// <summary>The made-up people and organizations of the Acme Demo tenant.</summary>
internal static class DemoData
{
    public sealed record DemoUser(string Email, string FullName, string Role);

    public sealed record DemoCompany(string Name, string Domain, string Industry, string City, string Country, string Currency, string[] Roles);

    public static readonly DemoUser[] Users =
    [
        new(DemoSeeder.OwnerEmail, "Dana Demo", Role.Owner),
        new("alex.admin@crm.local", "Alex Admin", Role.Admin),
        new("maria.lopez@crm.local", "Maria Lopez", Role.Member),
        new("sam.chen@crm.local", "Sam Chen", Role.Member),
        new("victor.viewer@crm.local", "Victor Viewer", Role.Viewer),
    ];

    public static readonly DemoCompany[] Companies =
    [
        new("Northwind Traders", "northwind.example", "Wholesale", "Seattle", "United States", "USD", [CompanyRole.Customer]),
        new("Contoso Pharmaceuticals", "contoso.example", "Healthcare", "Boston", "United States", "USD", [CompanyRole.Customer, CompanyRole.Partner]),
        new("Fabrikam Robotics", "fabrikam.example", "Manufacturing", "Munich", "Germany", "EUR", [CompanyRole.Principal, CompanyRole.Vendor]),
        new("Tailspin Toys", "tailspin.example", "Retail", "Lyon", "France", "EUR", [CompanyRole.Prospect]),
        new("Adventure Works Cycles", "adventure-works.example", "Sporting goods", "Denver", "United States", "USD", [CompanyRole.Customer]),
        new("Wide World Importers", "wideworld.example", "Logistics", "Rotterdam", "Netherlands", "EUR", [CompanyRole.Distributor, CompanyRole.Partner]),
        new("Litware Software", "litware.example", "Software", "Austin", "United States", "USD", [CompanyRole.Prospect]),
        new("Proseware Analytics", "proseware.example", "Software", "Dublin", "Ireland", "EUR", [CompanyRole.Customer]),
        new("Woodgrove Bank", "woodgrove.example", "Finance", "New York", "United States", "USD", [CompanyRole.Prospect, CompanyRole.Customer]),
        new("Alpine Ski House", "alpineskihouse.example", "Hospitality", "Innsbruck", "Austria", "EUR", [CompanyRole.Customer]),
        new("Blue Yonder Airlines", "blueyonder.example", "Aviation", "Chicago", "United States", "USD", [CompanyRole.Prospect]),
        new("Coho Winery", "cohowinery.example", "Food & beverage", "Bordeaux", "France", "EUR", [CompanyRole.Principal, CompanyRole.Vendor]),
    ];

    /// <summary>The standard tag set the reviews name (Customer, Lead, Partner, Inactive, VIP), then two of the team's own.</summary>
    public static readonly (string Name, string Color)[] Tags =
    [
        (Vip, "#D32F2F"), (Customer, "#388E3C"), (Lead, "#1976D2"), (Partner, "#7B1FA2"), (Inactive, "#757575"),
        ("Decision maker", "#F57C00"), ("Newsletter", "#5D4037"),
    ];

    public const string Vip = "VIP", Customer = "Customer", Lead = "Lead", Partner = "Partner", Inactive = "Inactive";

    /// <summary>The relationship tag a company's role gives its people: customers, prospects as leads, partners and distributors.</summary>
    public static string? RelationshipTag(IEnumerable<string> companyRoles) =>
        companyRoles.Contains(CompanyRole.Customer) ? Customer
        : companyRoles.Contains(CompanyRole.Prospect) ? Lead
        : companyRoles.Contains(CompanyRole.Partner) || companyRoles.Contains(CompanyRole.Distributor) ? Partner
        : null;

    /// <summary>Companies known by name only, as a quick note leaves them: no domain, industry, place, owner or role.</summary>
    public static readonly string[] NameOnlyCompanies = ["Harbor Bakery", "Kestrel Dental Care", "Quayside Print Shop"];

    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sofia", "Mateo",
        "Amara", "Kenji", "Priya", "Jonas", "Chloe", "Omar", "Ingrid", "Diego", "Hana", "Felix",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Müller", "Garcia", "Rossi", "Johansson", "Nguyen", "Okafor", "Tanaka", "Dubois", "Novak",
        "Kowalski", "Silva", "Patel", "Schmidt", "Larsen",
    ];

    public static readonly string[] JobTitles =
    [
        "CEO", "CFO", "Head of Procurement", "IT Director", "Operations Manager", "Sales Director", "Buyer", "CTO",
    ];

    public static readonly string[] DealTopics =
    [
        "Annual licence renewal", "Fleet upgrade", "Pilot project", "Support contract", "Expansion to EMEA",
        "Onboarding package", "Hardware refresh", "Consulting retainer", "Data platform", "Training programme",
    ];

    public static readonly string[] LostReasons = ["Chose a competitor", "No budget this year", "Project cancelled"];

    public static readonly (string Type, string Subject)[] ActivityTemplates =
    [
        (Activity.Call, "Discovery call"), (Activity.Call, "Follow-up call about pricing"),
        (Activity.Email, "Sent the proposal"), (Activity.Email, "Answered security questionnaire"),
        (Activity.Meeting, "Demo with the buying team"), (Activity.Meeting, "Quarterly business review"),
        (Activity.Note, "Prefers contact in the morning"), (Activity.Note, "Budget approved by finance"),
        (Activity.Task, "Send contract draft"), (Activity.Task, "Prepare ROI calculation"), (Activity.Task, "Book on-site visit"),
    ];
}
