namespace CrmBlazor.Data.Entities;

/// <summary>A row that belongs to one tenant; EF filters and PostgreSQL row-level security both scope it.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>A row that is hidden, not removed, when deleted, so it can be restored.</summary>
public interface ISoftDeletable
{
    DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>The columns every tenant-owned table shares. <c>Version</c> is PostgreSQL's xmin.</summary>
public abstract class TenantEntity : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
    public uint Version { get; set; }
}

/// <summary>A record one user follows up (contacts, companies, deals, activities); handed over when that user leaves.</summary>
public interface IUserOwned
{
    Guid? OwnerId { get; set; }
}
