using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class ContactTallyConfiguration : IEntityTypeConfiguration<ContactTally>
{
    public void Configure(EntityTypeBuilder<ContactTally> tally)
    {
        // The SQL script owns the table with its triggers and policies; the model only reads it.
        tally.ToTable("contact_tallies", t => t.ExcludeFromMigrations());
        tally.HasKey(t => t.TenantId);
    }
}
