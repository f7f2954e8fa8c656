using CrmBlazor.Data;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Export;

/// <summary>
/// The rows of each list's export: the list's own view (<see cref="ContactSearch.ViewAsync"/>,
/// <see cref="CompanyList.ViewAsync"/>, <see cref="DealViews.View"/>) with more columns than the grid
/// shows, streamed from the database as they are written.
/// </summary>
public static class ListExports
{
    public static async Task<ExportTable> ContactsAsync(CrmDbContext db, ContactQuery query, CancellationToken ct) => new(
        ["First name", "Last name", "Email", "Phone", "Job title", "Company", "Owner", "Tags", "Last activity", "Created"],
        Stream((await ContactSearch.ViewAsync(db, query, ct)).Select(c => new object?[]
        {
            c.FirstName, c.LastName, c.Email, c.Phone, c.JobTitle, c.Company!.Name, c.Owner!.FullName,
            string.Join(", ", c.Tags.OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name)),
            db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt), c.CreatedAt,
        })));

    public static async Task<ExportTable> CompaniesAsync(CrmDbContext db, CompanyQuery query, CancellationToken ct) => new(
        ["Name", "Domain", "Website", "Industry", "Phone", "Address", "City", "Region", "Postal code", "Country", "Owner", "Roles", "Tags", "Contacts", "Created"],
        Stream((await CompanyList.ViewAsync(db, query, ct)).Select(c => new object?[]
        {
            c.Name, c.Domain, c.Website, c.Industry, c.Phone, c.AddressLine, c.City, c.Region, c.PostalCode, c.Country, c.Owner!.FullName,
            string.Join(", ", c.Roles.OrderBy(r => r.Role).Select(r => r.Role)),
            string.Join(", ", c.Tags.OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name)),
            db.Contacts.Count(x => x.CompanyId == c.Id), c.CreatedAt,
        })));

    public static Task<ExportTable> DealsAsync(CrmDbContext db, DealListQuery query, Guid? me) => Task.FromResult(new ExportTable(
        ["Title", "Company", "Contact", "Stage", "Value", "Currency", "Probability", "Owner", "Expected close", "Closed", "Lost reason", "Tags", "Created"],
        Stream(DealViews.View(db, query, me).Select(d => new object?[]
        {
            d.Title, d.Company!.Name, (d.Contact!.FirstName + " " + d.Contact.LastName).Trim(), d.Stage!.Name, d.Value, d.Currency,
            d.Probability, d.Owner!.FullName, d.ExpectedCloseDate, d.ClosedAt, d.LostReason,
            string.Join(", ", d.Tags.OrderBy(t => t.Tag!.Name).Select(t => t.Tag!.Name)), d.CreatedAt,
        }))));

    private static IAsyncEnumerable<object?[]> Stream(IQueryable<object?[]> rows) => rows.AsNoTracking().AsAsyncEnumerable();
}
