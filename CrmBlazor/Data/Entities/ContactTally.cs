namespace CrmBlazor.Data.Entities;

/// <summary>
/// A tenant's number of live contacts: the contacts list's total. Kept by triggers on contacts
/// (Sql/contact_tallies.sql), which also create the table; the app only reads it.
/// </summary>
public class ContactTally : ITenantOwned
{
    public Guid TenantId { get; set; }
    public long LiveContacts { get; set; }
}
