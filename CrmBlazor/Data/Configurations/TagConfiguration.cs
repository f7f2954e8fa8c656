using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> tag)
    {
        tag.ToTable("tags", t =>
        {
            t.HasCheckConstraint("ck_tags_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_tags_color", "color ~ '^#[0-9A-Fa-f]{6}$'");
        });
        tag.MapTenantEntity();
        tag.Property(t => t.Name).HasMaxLength(FieldLimits.Short);
        tag.Property(t => t.Color).HasMaxLength(FieldLimits.Color);
    }
}

public class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> join)
    {
        join.ToTable("contact_tags");
        join.HasKey(j => new { j.ContactId, j.TagId });
        join.MapTagAssignment();
    }
}

public class CompanyTagConfiguration : IEntityTypeConfiguration<CompanyTag>
{
    public void Configure(EntityTypeBuilder<CompanyTag> join)
    {
        join.ToTable("company_tags");
        join.HasKey(j => new { j.CompanyId, j.TagId });
        join.MapTagAssignment();
    }
}

public class DealTagConfiguration : IEntityTypeConfiguration<DealTag>
{
    public void Configure(EntityTypeBuilder<DealTag> join)
    {
        join.ToTable("deal_tags");
        join.HasKey(j => new { j.DealId, j.TagId });
        join.MapTagAssignment();
    }
}

internal static class TagAssignmentMapping
{
    public static void MapTagAssignment<T>(this EntityTypeBuilder<T> join) where T : TagAssignment
    {
        join.MapTenantId();
        join.MapStamps();
        join.References(j => j.Tag, nameof(TagAssignment.TagId), DeleteBehavior.Cascade);
    }
}
