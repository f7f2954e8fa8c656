using CrmBlazor.Features.Activities;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class TrashServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(AsyncServiceScope Scope, TrashService Trash, DbSession Session)> ActAsAsync(string email)
    {
        var scope = await DemoTenant.ActAsAsync(App, email);
        return (scope, scope.ServiceProvider.GetRequiredService<TrashService>(), await DemoTenant.OpenSessionAsync(App, email));
    }

    [Fact]
    public async Task The_trash_lists_only_rows_deleted_in_the_last_30_days_newest_first_with_who_deleted_them()
    {
        var (scope, trash, session) = await ActAsAsync(DemoTenant.Member);
        await using var _ = scope;
        await using var __ = session;
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var first = await session.AddContactAsync();
        var second = await session.AddContactAsync();
        var longAgo = await session.AddContactAsync();
        var live = await session.AddContactAsync();
        await contacts.DeleteAsync([first], Ct);
        await contacts.DeleteAsync([second], Ct);
        await contacts.DeleteAsync([longAgo], Ct);
        await session.ExecuteAsync("update contacts set deleted_at = now() - interval '31 days' where id = @id", ("id", longAgo));

        var listed = (await trash.ListAsync(new TrashQuery(TrashKind.Contact, PageSize: 100), Ct)).Items;

        Assert.Equal([second, first], listed.Where(i => i.Id == first || i.Id == second).Select(i => i.Id));
        Assert.DoesNotContain(listed, i => i.Id == longAgo || i.Id == live);
        var item = Assert.Single(listed, i => i.Id == first);
        Assert.Equal("Maria Lopez", item.DeletedBy);
        Assert.Equal("Ada Lovelace", item.Name);
        Assert.InRange(item.DeletedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(item.DeletedAt.AddDays(30), item.PurgedAfter);
        Assert.All(listed, i => Assert.Equal(TrashKind.Contact, i.Kind));
    }

    [Fact]
    public async Task Every_kind_is_listed_and_a_page_holds_at_most_its_size_with_the_full_count()
    {
        var (scope, trash, session) = await ActAsAsync(DemoTenant.Member);
        await using var _ = scope;
        await using var __ = session;
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Paged Trash Co");
        var deal = await session.AddDealAsync(pipeline);
        var activity = await session.AddActivityAsync();
        var contact = await session.AddContactAsync();
        foreach (var (table, id) in new[] { ("companies", company), ("deals", deal), ("activities", activity), ("contacts", contact) })
            await session.ExecuteAsync($"update {table} set deleted_at = now() where id = @id", ("id", id));

        var all = await trash.ListAsync(new TrashQuery(PageSize: 500), Ct);
        var page = await trash.ListAsync(new TrashQuery(PageSize: 2, Page: 1), Ct);

        Assert.Equal(Enum.GetValues<TrashKind>().ToHashSet(), all.Items.Where(i => new[] { company, deal, activity, contact }.Contains(i.Id)).Select(i => i.Kind).ToHashSet());
        Assert.Equal(all.TotalCount, page.TotalCount);
        Assert.Equal(all.Items.Skip(2).Take(2).Select(i => i.Id), page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_restored_contact_has_its_tags_activities_and_place_on_deals_and_a_restored_company_its_contacts()
    {
        var (scope, trash, session) = await ActAsAsync(DemoTenant.Member);
        await using var _ = scope;
        await using var __ = session;
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Linked Restore Co");
        var contact = await session.AddContactAsync(company);
        var tag = await session.AddTagAsync();
        await session.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", contact), ("t", tag));
        var deal = await session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        var activity = await session.AddActivityAsync(contact);
        await scope.ServiceProvider.GetRequiredService<ContactService>().DeleteAsync([contact], Ct);
        await scope.ServiceProvider.GetRequiredService<CompanyService>().DeleteAsync(company, Ct);

        var outcome = await trash.RestoreAsync([new(TrashKind.Contact, contact), new(TrashKind.Company, company)], Ct);

        Assert.Equal(new TrashOutcome(2), outcome);
        var details = await scope.ServiceProvider.GetRequiredService<ContactService>().GetAsync(contact, Ct);
        Assert.Equal([tag], details!.Tags.Select(t => t.Id));
        Assert.Equal([deal], details.Deals.Select(d => d.Id));
        Assert.Equal(company, details.CompanyId);
        Assert.Equal("Linked Restore Co", details.CompanyName);
        Assert.Contains((await scope.ServiceProvider.GetRequiredService<CompanyService>().GetAsync(company, Ct))!.Contacts, c => c.Id == contact);
        Assert.Equal(1L, await session.CountAsync("activities where id = @a and contact_id = @c and deleted_at is null", ("a", activity), ("c", contact)));
    }

    [Fact]
    public async Task A_contact_whose_email_is_taken_meanwhile_is_refused_and_nothing_of_the_restore_is_kept()
    {
        var (scope, trash, session) = await ActAsAsync(DemoTenant.Member);
        await using var _ = scope;
        await using var __ = session;
        var activity = await session.AddActivityAsync();
        var gone = await session.AddContactAsync(email: "taken.meanwhile@example.test");
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", gone));
        await session.ExecuteAsync("update activities set deleted_at = now() where id = @id", ("id", activity));
        var taker = await session.AddContactAsync(email: "Taken.Meanwhile@example.test");

        var outcome = await trash.RestoreAsync([new(TrashKind.Activity, activity), new(TrashKind.Contact, gone)], Ct);

        Assert.Equal(ContactService.EmailTakenOnRestore("taken.meanwhile@example.test"), outcome.Refusal);
        Assert.Equal(0, outcome.Count);
        Assert.Equal(2L, await session.CountAsync("(select id from contacts where id = @g and deleted_at is not null union all select id from activities where id = @a and deleted_at is not null) x",
            ("g", gone), ("a", activity)));
        Assert.NotEqual(gone, taker);
    }

    [Fact]
    public async Task Restoring_an_activity_offers_its_deleted_deal_contact_and_their_company_and_restores_them_together()
    {
        var (scope, trash, session) = await ActAsAsync(DemoTenant.Member);
        await using var _ = scope;
        await using var __ = session;
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Parent Offer Co");
        var contact = await session.AddContactAsync(company);
        var deal = await session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        var activity = await session.AddActivityAsync(contact, dealId: deal);
        var liveCompany = await session.AddCompanyAsync("Live Parent Co");
        var lonely = await session.AddContactAsync(liveCompany);
        foreach (var (table, id) in new[] { ("activities", activity), ("deals", deal), ("contacts", contact), ("companies", company), ("contacts", lonely) })
            await session.ExecuteAsync($"update {table} set deleted_at = now() where id = @id", ("id", id));

        var parents = await trash.DeletedParentsAsync([new(TrashKind.Activity, activity)], Ct);

        Assert.Equal([new TrashKey(TrashKind.Contact, contact), new(TrashKind.Company, company), new(TrashKind.Deal, deal)], parents.Select(p => p.Key));
        Assert.Equal("Parent Offer Co", parents[1].Name);
        Assert.Empty(await trash.DeletedParentsAsync([new(TrashKind.Contact, lonely)], Ct));

        var outcome = await trash.RestoreAsync([new(TrashKind.Activity, activity), .. parents.Select(p => p.Key)], Ct);

        Assert.Equal(4, outcome.Count);
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<DealService>().GetAsync(deal, Ct));
        Assert.Equal(0L, await session.CountAsync(
            "(select deleted_at from activities where id = @a union all select deleted_at from deals where id = @d union all select deleted_at from contacts where id = @c union all select deleted_at from companies where id = @co) x where deleted_at is not null",
            ("a", activity), ("d", deal), ("c", contact), ("co", company)));
    }

    [Fact]
    public async Task Delete_forever_is_the_owners_a_member_is_refused_and_the_owners_delete_is_audited_with_the_old_row()
    {
        await using var memberSession = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await memberSession.AddPipelineAsync(isDefault: false);
        var contact = await memberSession.AddContactAsync();
        var deal = await memberSession.AddDealAsync(pipeline, contactId: contact);
        await memberSession.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        var keys = new[] { new TrashKey(TrashKind.Contact, contact) };

        await using (var member = await DemoTenant.ActAsAsync(App, DemoTenant.Member))
            await Assert.ThrowsAsync<PermissionDeniedException>(() => member.ServiceProvider.GetRequiredService<TrashService>().DeleteForeverAsync(keys, Ct));
        await using (var admin = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            await Assert.ThrowsAsync<PermissionDeniedException>(() => admin.ServiceProvider.GetRequiredService<TrashService>().DeleteForeverAsync(keys, Ct));
        Assert.Equal(1L, await memberSession.CountAsync("contacts where id = @id", ("id", contact)));

        await using var owner = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var outcome = await owner.ServiceProvider.GetRequiredService<TrashService>().DeleteForeverAsync(keys, Ct);

        Assert.Equal(new TrashOutcome(1), outcome);
        Assert.Equal(0L, await memberSession.CountAsync("contacts where id = @id", ("id", contact)));
        Assert.Equal(1L, await memberSession.CountAsync("deals where id = @id and contact_id is null", ("id", deal)));
        Assert.Equal(1L, await memberSession.CountAsync(
            "audit_logs where table_name = 'contacts' and record_id = @id and action = 'delete' and old_data ->> 'last_name' = 'Lovelace'", ("id", contact)));
        Assert.Equal(TrashService.NoLongerInTrash, (await owner.ServiceProvider.GetRequiredService<TrashService>().DeleteForeverAsync(keys, Ct)).Refusal);
    }

    [Fact]
    public async Task A_company_that_takes_part_in_a_deal_is_not_deleted_forever_and_a_viewer_cannot_restore()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Participant Forever Co");
        var deal = await session.AddDealAsync(pipeline);
        await session.ExecuteAsync("update deals set title = 'Shared deal' where id = @id", ("id", deal));
        await session.AddParticipantAsync(deal, company);
        await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", company));
        var keys = new[] { new TrashKey(TrashKind.Company, company) };

        await using var owner = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var outcome = await owner.ServiceProvider.GetRequiredService<TrashService>().DeleteForeverAsync(keys, Ct);

        Assert.Equal("Participant Forever Co takes part in \"Shared deal\". Remove it from those deals (or delete them forever) first.", outcome.Refusal);
        Assert.Equal(1L, await session.CountAsync("companies where id = @id", ("id", company)));
        await using var viewer = await DemoTenant.ActAsAsync(App, DemoTenant.Viewer);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => viewer.ServiceProvider.GetRequiredService<TrashService>().RestoreAsync(keys, Ct));
        Assert.Equal(1L, await session.CountAsync("companies where id = @id and deleted_at is not null", ("id", company)));
    }

    [Fact]
    public async Task A_deal_and_a_contact_whose_company_or_contact_is_in_the_trash_name_it_for_their_pages()
    {
        var (scope, _, session) = await ActAsAsync(DemoTenant.Member);
        await using var __ = scope;
        await using var ___ = session;
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Binned Parent Co");
        var contact = await session.AddContactAsync(company);
        var deal = await session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        var liveCompany = await session.AddCompanyAsync("Still Here Co");
        var liveContact = await session.AddContactAsync(liveCompany);
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", company));

        var dealPage = await scope.ServiceProvider.GetRequiredService<DealService>().GetAsync(deal, Ct);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        await contacts.RestoreAsync([contact], Ct);
        var contactPage = await contacts.GetAsync(contact, Ct);
        var liveContactPage = await contacts.GetAsync(liveContact, Ct);

        Assert.Equal(("Binned Parent Co", "Ada Lovelace"), (dealPage!.TrashedCompanyName, dealPage.TrashedContactName));
        Assert.Equal("Binned Parent Co", contactPage!.TrashedCompanyName);
        Assert.Null(liveContactPage!.TrashedCompanyName);
        Assert.Equal("Still Here Co", liveContactPage.CompanyName);
    }

    [Fact]
    public async Task An_activity_list_names_its_contact_and_deal_in_the_trash_and_links_the_live_ones()
    {
        var (scope, _, session) = await ActAsAsync(DemoTenant.Member);
        await using var __ = scope;
        await using var ___ = session;
        var pipeline = await session.AddPipelineAsync(isDefault: false);
        var company = await session.AddCompanyAsync("Activity Parent Co");
        var contact = await session.AddContactAsync(company);
        var deal = await session.AddDealAsync(pipeline, contactId: contact, companyId: company);
        await session.ExecuteAsync("""
            insert into activities (tenant_id, type, subject, contact_id, deal_id, company_id, completed_at)
            values (current_setting('app.tenant_id')::uuid, 'call', 'Call about the binned deal', @contact, @deal, @company, now())
            """, ("contact", contact), ("deal", deal), ("company", company));
        var activities = scope.ServiceProvider.GetRequiredService<ActivityListService>();

        var live = Assert.Single(await activities.ForCompanyAsync(company, Ct));
        Assert.Equal(("Ada Lovelace", false, false), (live.ContactName, live.ContactTrashed, live.DealTrashed));
        Assert.NotNull(live.DealTitle);

        await session.ExecuteAsync("update deals set deleted_at = now() where id = @id", ("id", deal));
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        var binned = Assert.Single(await activities.ForCompanyAsync(company, Ct));

        Assert.Equal(("Ada Lovelace", true), (binned.ContactName, binned.ContactTrashed));
        Assert.Equal((live.DealTitle, true), (binned.DealTitle, binned.DealTrashed));
    }
}
