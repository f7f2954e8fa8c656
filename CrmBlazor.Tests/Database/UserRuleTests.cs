using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// What crm_app may not do to users and what points at them: every user holds exactly one role
/// (ux_user_roles_user_id, ck_user_has_a_role at commit), and a record's new owner is a user who can
/// still sign in (fk_*_active_owner_id, from crm_assert_active_references).
/// </summary>
public sealed class UserRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    private const string RoleRule = "ck_user_has_a_role";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<long> RolesOfAsync(Guid userId) => Session.CountAsync("user_roles where user_id = @u", ("u", userId));

    [Fact]
    public async Task A_user_cannot_be_committed_without_a_role()
    {
        var id = Guid.NewGuid();
        await using (var transaction = await Session.Connection.BeginTransactionAsync(Ct))
        {
            await Session.ExecuteAsync("""
                insert into users (id, full_name, user_name, normalized_user_name, email, normalized_email, email_confirmed,
                                   lockout_enabled, access_failed_count, phone_number_confirmed, two_factor_enabled, is_active, prefers_dark_mode)
                values (@id, 'No Role', @e, upper(@e), @e, upper(@e), false, true, 0, false, false, true, false)
                """, ("id", id), ("e", $"norole-{id:N}@example.test"));
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(Ct));
            Assert.Equal(RoleRule, error.ConstraintName);
        }
        Assert.Equal(0L, await Session.CountAsync("users where id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_users_only_role_cannot_be_taken_away_but_can_be_changed()
    {
        var member = await Session.AddUserAsync("Member");

        await using (var transaction = await Session.Connection.BeginTransactionAsync(Ct))
        {
            Assert.Equal(1, await Session.ExecuteAsync("delete from user_roles where user_id = @u", ("u", member)));
            var error = await DbAssert.FailsAsync(PostgresErrorCodes.CheckViolation, () => transaction.CommitAsync(Ct));
            Assert.Equal(RoleRule, error.ConstraintName);
        }
        Assert.Equal(1L, await RolesOfAsync(member));

        // A role change as EF makes it: the old row out, the new one in, committed together.
        await using (var transaction = await Session.Connection.BeginTransactionAsync(Ct))
        {
            await Session.ExecuteAsync("delete from user_roles where user_id = @u", ("u", member));
            await Session.ExecuteAsync("insert into user_roles (user_id, role_id) select @u, id from roles where name = 'Viewer'", ("u", member));
            await transaction.CommitAsync(Ct);
        }
        Assert.Equal("Viewer", await Session.ScalarAsync<string>(
            "select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = @u", ("u", member)));
    }

    [Fact]
    public async Task A_user_cannot_hold_a_second_role()
    {
        var member = await Session.AddUserAsync("Member");

        await Session.RejectsAsync(PostgresErrorCodes.UniqueViolation, "ux_user_roles_user_id", "user_roles",
            "insert into user_roles (user_id, role_id) select @u, id from roles where name = 'Admin'", ("u", member));
    }

    [Fact]
    public async Task A_removed_user_takes_their_role_with_them()
    {
        var member = await Session.AddUserAsync("Member");

        Assert.Equal(1, await Session.ExecuteAsync("delete from users where id = @u", ("u", member)));

        Assert.Equal(0L, await RolesOfAsync(member));
    }

    [Theory]
    [InlineData("contacts", "insert into contacts (first_name, owner_id) values ('Ada', @owner)")]
    [InlineData("companies", "insert into companies (name, owner_id) values ('Initech', @owner)")]
    [InlineData("activities", "insert into activities (type, subject, owner_id) values ('call', 'Call', @owner)")]
    public async Task A_record_cannot_be_given_to_a_deactivated_or_deleted_user(string table, string insert)
    {
        var deactivated = await Session.AddUserAsync("Member", isActive: false);
        var deleted = await Session.AddUserAsync("Member");
        await Session.ExecuteAsync("update users set deleted_at = now() where id = @u", ("u", deleted));

        foreach (var owner in new[] { deactivated, deleted })
            await Session.RejectsAsync(PostgresErrorCodes.ForeignKeyViolation, $"fk_{table}_active_owner_id", table, insert, ("owner", owner));
    }

    [Fact]
    public async Task A_deal_cannot_be_handed_to_a_deactivated_user()
    {
        var seller = await Session.AddUserAsync("Member");
        var leaver = await Session.AddUserAsync("Member", isActive: false);
        var deal = await Session.AddDealAsync(Tenant.DefaultPipeline!, ownerId: seller);

        await Session.RejectsAsync(PostgresErrorCodes.ForeignKeyViolation, "fk_deals_active_owner_id", "deals where owner_id = @owner",
            "update deals set owner_id = @owner where id = @deal", ("owner", leaver), ("deal", deal));
    }

    [Fact]
    public async Task Records_of_a_user_deactivated_later_stay_editable_until_handed_over()
    {
        var seller = await Session.AddUserAsync("Member");
        var contact = await Session.AddContactAsync(ownerId: seller);
        var deal = await Session.AddDealAsync(Tenant.DefaultPipeline!, ownerId: seller);
        await Session.ExecuteAsync("update users set is_active = false where id = @u", ("u", seller));

        // Only a new or changed owner is checked: the rest of the record may still be edited.
        Assert.Equal(1, await Session.ExecuteAsync("update contacts set last_name = 'Byron' where id = @c", ("c", contact)));
        Assert.Equal(1, await Session.ExecuteAsync("update deals set title = 'Renewal' where id = @d", ("d", deal)));
        Assert.Equal(1, await Session.ExecuteAsync("update contacts set owner_id = @o where id = @c", ("o", Tenant.OwnerId), ("c", contact)));
    }
}
