using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> contact)
    {
        contact.ToTable("contacts", t =>
        {
            t.HasCheckConstraint("ck_contacts_has_a_name", "coalesce(first_name, '') ~ '\\S' OR coalesce(last_name, '') ~ '\\S'");
            t.HasCheckConstraint("ck_contacts_email_format", "email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'");
        });
        contact.MapTenantEntity();
        contact.Property(c => c.FirstName).HasMaxLength(FieldLimits.Name);
        contact.Property(c => c.LastName).HasMaxLength(FieldLimits.Name);
        contact.Property(c => c.Email).HasMaxLength(FieldLimits.Email);
        contact.Property(c => c.Phone).HasMaxLength(FieldLimits.Phone);
        contact.Property(c => c.JobTitle).HasMaxLength(FieldLimits.Name);
        contact.Property(c => c.Notes).HasMaxLength(FieldLimits.Text);
        contact.Property(c => c.SearchText).HasComputedColumnSql(
            "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))",
            stored: true);
        contact.References(c => c.Company, nameof(Contact.CompanyId), DeleteBehavior.ClientSetNull);
        contact.References(c => c.Owner, nameof(Contact.OwnerId), DeleteBehavior.ClientSetNull);
        contact.HasChildren(c => c.Tags, nameof(ContactTag.ContactId));
        // The list's default order, complete with the id that breaks ties, so a page deep in the list
        // is found by an index-only scan before its rows are read.
        contact.HasIndex(c => new { c.TenantId, c.LastName, c.FirstName, c.Id }).HasFilter("deleted_at IS NULL").HasDatabaseName("ix_contacts_live_by_name");
        // The trash lists a tenant's deleted rows newest first, and the purge finds the old ones (Features/Trash).
        contact.HasIndex(c => new { c.TenantId, c.DeletedAt }).HasFilter("deleted_at IS NOT NULL").HasDatabaseName("ix_contacts_trash");
    }
}
