using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmBlazor.Data.Configurations;

public class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> company)
    {
        company.ToTable("companies", t =>
        {
            t.HasCheckConstraint("ck_companies_name_not_blank", "name ~ '\\S'");
            t.HasCheckConstraint("ck_companies_domain_format", "domain IS NULL OR domain ~ '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$'");
        });
        company.MapTenantEntity();
        company.Property(c => c.Name).HasMaxLength(FieldLimits.Name);
        company.Property(c => c.Domain).HasMaxLength(FieldLimits.Domain);
        company.Property(c => c.Website).HasMaxLength(FieldLimits.Url);
        company.Property(c => c.Industry).HasMaxLength(FieldLimits.Short);
        company.Property(c => c.Phone).HasMaxLength(FieldLimits.Phone);
        company.Property(c => c.AddressLine).HasMaxLength(FieldLimits.Name);
        company.Property(c => c.City).HasMaxLength(FieldLimits.Short);
        company.Property(c => c.Region).HasMaxLength(FieldLimits.Short);
        company.Property(c => c.PostalCode).HasMaxLength(FieldLimits.PostalCode);
        company.Property(c => c.Country).HasMaxLength(FieldLimits.Short);
        company.References(c => c.Owner, nameof(Company.OwnerId), DeleteBehavior.ClientSetNull);
        company.HasChildren(c => c.Roles, nameof(CompanyRole.CompanyId));
        company.HasChildren(c => c.Tags, nameof(CompanyTag.CompanyId));
        company.HasIndex(c => new { c.TenantId, c.Name });
        // The trash lists a tenant's deleted rows newest first, and the purge finds the old ones (Features/Trash).
        company.HasIndex(c => new { c.TenantId, c.DeletedAt }).HasFilter("deleted_at IS NOT NULL").HasDatabaseName("ix_companies_trash");
    }
}

public class CompanyRoleConfiguration : IEntityTypeConfiguration<CompanyRole>
{
    public void Configure(EntityTypeBuilder<CompanyRole> role)
    {
        role.ToTable("company_roles", t => t.HasCheckConstraint("ck_company_roles_role",
            $"role IN ({string.Join(", ", CompanyRole.All.Select(r => $"'{r}'"))})"));
        role.HasKey(r => new { r.CompanyId, r.Role });
        role.MapTenantId();
        role.MapStamps();
        role.Property(r => r.Role).HasMaxLength(20);
        // Target of deal_participants' foreign key for principals and distributors (Sql/foreign_keys.sql).
        role.HasAlternateKey(r => new { r.TenantId, r.CompanyId, r.Role });
    }
}
