using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Soft delete is enforced (Sql/soft_delete.sql): crm_app cannot remove contacts, companies, deals, activities or its
/// tenant; the trash's "Delete forever" goes through crm_delete_forever, for an active Owner and trashed rows only.
/// </summary>
public sealed class SoftDeleteEnforcedTests(CrmDatabase database) : TenantSessionTests(database)
{
    private async Task<Dictionary<string, Guid>> TrashedFamilyAsync()
    {
        var pipeline = await Session.AddPipelineAsync();
        var company = await Session.AddCompanyAsync();
        var contact = await Session.AddContactAsync(company);
        var deal = await Session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        var activity = await Session.AddActivityAsync(contact, company, deal);
        var rows = new Dictionary<string, Guid> { ["activities"] = activity, ["deals"] = deal, ["contacts"] = contact, ["companies"] = company };
        foreach (var (table, id) in rows)
            await Session.ExecuteAsync($"update {table} set deleted_at = now() where id = @id", ("id", id));
        return rows;
    }

    [Fact]
    public async Task The_runtime_role_cannot_delete_or_truncate_a_soft_deletable_row_even_one_in_the_trash()
    {
        var rows = await TrashedFamilyAsync();

        foreach (var (table, id) in rows)
        {
            await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null, $"{table} where id = @id",
                $"delete from {table} where id = @id", ("id", id));
            await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync($"truncate {table} cascade"));
        }
    }

    [Fact]
    public async Task The_runtime_role_cannot_delete_or_truncate_its_own_tenant()
    {
        await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null, "tenants", "delete from tenants where id = @id", ("id", Tenant.Id));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("truncate tenants cascade"));
    }

    [Fact]
    public async Task Delete_forever_removes_the_sessions_trashed_rows_children_first_and_audits_each_and_the_event()
    {
        var rows = await TrashedFamilyAsync();
        var live = await Session.AddContactAsync();
        var other = await Session.CreateTenantAsync("Someone else");
        var othersTrashed = await Session.AddContactAsync();
        await Session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", othersTrashed));
        await Session.ActAsAsync(Tenant);

        var removed = await Session.ScalarAsync<int>("select crm_delete_forever(@a, @d, @c, @co)",
            ("a", new[] { rows["activities"] }), ("d", new[] { rows["deals"] }),
            ("c", new[] { rows["contacts"], live, othersTrashed }), ("co", new[] { rows["companies"] }));

        Assert.Equal(4, removed);
        foreach (var (table, id) in rows)
        {
            Assert.Equal(0L, await Session.CountAsync($"{table} where id = @id", ("id", id)));
            Assert.Equal(1L, await Session.CountAsync(
                "audit_logs where table_name = @t and record_id = @id and action = 'delete' and changed_by = @owner",
                ("t", table), ("id", id), ("owner", Tenant.OwnerId)));
        }
        Assert.Equal(1L, await Session.CountAsync("contacts where id = @id and deleted_at is null", ("id", live)));
        Assert.Equal("""{"deals": 1, "contacts": 1, "companies": 1, "activities": 1}""", await Session.ScalarAsync<string>(
            "select new_data::text from audit_logs where event = 'trash.delete_forever' and changed_by = @owner", ("owner", Tenant.OwnerId)));
        await Session.ActAsAsync(other);
        Assert.Equal(1L, await Session.CountAsync("contacts where id = @id", ("id", othersTrashed)));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("Member")]
    [InlineData(null)]
    public async Task Delete_forever_is_refused_to_anyone_but_an_active_owner(string? role)
    {
        var rows = await TrashedFamilyAsync();
        await Session.ActAsAsync(Tenant.Id, role is null ? null : await Session.AddUserAsync(role));

        await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null, "contacts",
            "select crm_delete_forever('{}', '{}', @c, '{}')", ("c", new[] { rows["contacts"] }));
    }

    [Fact]
    public async Task Delete_forever_is_refused_to_a_deactivated_owner()
    {
        var rows = await TrashedFamilyAsync();
        var former = await Session.AddUserAsync("Owner", isActive: false);
        await Session.ActAsAsync(Tenant, former);

        await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null, "contacts",
            "select crm_delete_forever('{}', '{}', @c, '{}')", ("c", new[] { rows["contacts"] }));
    }
}
