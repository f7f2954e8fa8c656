using System.Text;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Import;

/// <summary>Upload → review → start → the app's runner writes: counts, policies, per-row errors, cancel and undo, on real PostgreSQL.</summary>
public sealed class ImportJobTests(CrmDatabase database) : DemoAppTests(database)
{
    private static string Unique => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_valid_file_is_imported_with_its_companies_tags_and_owner()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Unique;
        var done = await steps.ImportAsync($"""
            First Name,Last Name,Email,Company,Tags,Owner
            Ava,Dubois,ava.{u}@example.com,Acme {u},"vip {u}; lead {u}",{DemoTenant.Member}
            Ben,Okafor,ben.{u}@example.com,Acme {u},lead {u},
            """);

        Assert.Equal("completed", done.Status);
        Assert.Equal(new ImportCounts(2, 0, 0, 0), done.Result);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal(2L, await session.CountAsync(
            "contacts c join companies co on co.id = c.company_id where co.name = @n and c.email like @e", ("n", $"Acme {u}"), ("e", $"%.{u}@example.com")));
        Assert.Equal(1L, await session.CountAsync("companies where name = @n", ("n", $"Acme {u}")));
        Assert.Equal(3L, await session.CountAsync(
            "contact_tags ct join tags t on t.id = ct.tag_id where t.name in (@a, @b)", ("a", $"vip {u}"), ("b", $"lead {u}")));
        Assert.Equal(1L, await session.CountAsync(
            "contacts c join users u on u.id = c.owner_id where c.email = @e and lower(u.email) = @o", ("e", $"ava.{u}@example.com"), ("o", DemoTenant.Member)));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.start' and record_id = @j", ("j", done.JobId)));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.complete' and record_id = @j", ("j", done.JobId)));
    }

    [Fact]
    public async Task Created_records_are_audited_as_the_jobs_set_and_found_by_search_once_the_runner_indexed_them()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var surname = new string(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + c % 26)).ToArray());
        var done = await steps.ImportAsync($"""
            First Name,Last Name,Email
            Ava,{surname},ava.{surname}@example.com
            Ben,{surname},ben.{surname}@example.com
            """);
        Assert.Equal(new ImportCounts(2, 0, 0, 0), done.Result);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        var created = await session.ListAsync<Guid>("select id from contacts where last_name = @n order by first_name", ("n", surname));

        Assert.Equal(2, created.Count);
        Assert.Equal(2L, await session.CountAsync(
            "import_rows where job_id = @j and record_id = any(@ids)", ("j", done.JobId), ("ids", created.ToArray())));
        Assert.Equal(0L, await session.CountAsync(
            "audit_logs where table_name = 'contacts' and record_id = any(@ids)", ("ids", created.ToArray())));

        await Until.TrueAsync(async () => !await session.ScalarAsync<bool>("select search_pending from import_jobs where id = @j", ("j", done.JobId)),
            ImportSteps.Patience, "the job's rows to be made searchable");
        Assert.Equal(created.Order(), (await session.FoundAsync(surname)).Order());
    }

    [Fact]
    public async Task Deals_get_their_pipeline_stage_contact_and_company_by_name_and_go_to_the_bottom_of_their_stage_in_file_order()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        var u = Unique;
        var company = await session.AddCompanyAsync($"Acme {u}");
        var contact = await session.AddContactAsync(companyId: company, email: $"kim.{u}@example.com");
        var before = await session.CountAsync("deals");
        var upload = await steps.UploadAsync($"""
            Title,Amount,Currency,Pipeline,Stage,Company,Contact Email,Lost Reason
            First {u},"1.234,50",EUR,,Proposal,Acme {u},,
            Second {u},10,,sales,proposal,,kim.{u}@example.com,
            Won {u},500,USD,,Closed Won,,,
            Lost {u},100,USD,,Closed Lost,,,Too expensive
            No reason {u},100,USD,,Closed Lost,,,
            Nowhere {u},1,USD,,Shipped,,,
            No pipeline {u},1,USD,Renewals,,,,
            Bad currency {u},1,EURO,,,,,
            Stranger {u},1,USD,,,Acme {u},nobody.{u}@example.com,
            """, ImportKind.Deals);
        Assert.True((await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, OnlyIfEveryRowIsValid: false))).Succeeded);
        await steps.WaitForAsync(upload.JobId, "ready");
        Assert.True((await steps.Service.StartAsync(upload.JobId)).Succeeded);
        var done = await steps.WaitForAsync(upload.JobId, "completed", "failed");

        Assert.Equal(new ImportCounts(4, 0, 0, 5), done.Result);
        Assert.Equal(before + 4, await session.CountAsync("deals"));
        var proposal = await session.ListAsync<string>("""
            select d.title from deals d join pipeline_stages st on st.id = d.stage_id
            where st.name = 'Proposal' and d.deleted_at is null order by d.rank desc limit 2
            """);
        Assert.Equal([$"Second {u}", $"First {u}"], proposal);
        Assert.Equal(1234.50m, await session.ScalarAsync<decimal>("select value from deals where title = @t", ("t", $"First {u}")));
        Assert.Equal("EUR", await session.ScalarAsync<string>("select currency from deals where title = @t", ("t", $"First {u}")));
        Assert.Equal(company, await session.ScalarAsync<Guid>("select company_id from deals where title = @t", ("t", $"First {u}")));
        Assert.Equal((contact, company), (await session.ScalarAsync<Guid>("select contact_id from deals where title = @t", ("t", $"Second {u}")),
            await session.ScalarAsync<Guid>("select company_id from deals where title = @t", ("t", $"Second {u}"))));
        Assert.Equal(50, await session.ScalarAsync<int>("select probability from deals where title = @t", ("t", $"Second {u}")));
        Assert.Equal(2L, await session.CountAsync("""
            deal_participants p join deals d on d.id = p.deal_id
            where d.title in (@a, @b) and p.company_id = @c and p.role = 'customer' and p.is_primary
            """, ("a", $"First {u}"), ("b", $"Second {u}"), ("c", company)));
        Assert.Equal(1L, await session.CountAsync("deals where title = @t and closed_at is not null and lost_reason = 'Too expensive'", ("t", $"Lost {u}")));
        Assert.Equal(1L, await session.CountAsync("deals where title = @t and closed_at is not null and lost_reason is null", ("t", $"Won {u}")));

        var problems = await session.ListAsync<string>("select problem from import_rows where job_id = @j and problem is not null order by row_number", ("j", done.JobId));
        Assert.Equal(
        [
            "A deal in the lost stage “Closed Lost” needs a lost reason.",
            "The pipeline “Sales” has no stage “Shipped”.",
            "There is no pipeline “Renewals”.",
            "“EURO” is not a currency code: write three letters, like EUR or USD.",
            $"No contact has the email “nobody.{u}@example.com”.",
        ], problems);
    }

    [Theory]
    [InlineData(ExistingRecordPolicy.Skip, 1, 0, 1, "+1 555 0100")]
    [InlineData(ExistingRecordPolicy.Update, 1, 1, 0, "+1 555 0199")]
    public async Task A_row_matching_a_live_contact_by_email_in_any_case_is_skipped_or_updated_as_chosen(
        ExistingRecordPolicy policy, int imported, int updated, int skipped, string phoneAfter)
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        var u = Unique;
        var existing = await session.AddContactAsync();
        await session.ExecuteAsync("update contacts set email = @e, phone = '+1 555 0100' where id = @id", ("e", $"kim.{u}@example.com"), ("id", existing));
        var upload = await steps.UploadAsync($"""
            First Name,Last Name,Email,Phone
            Kim,Lee,KIM.{u}@EXAMPLE.COM,+1 555 0199
            New,Person,new.{u}@example.com,
            """);
        Assert.True((await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, policy))).Succeeded);
        var reviewed = await steps.WaitForAsync(upload.JobId, "ready");
        Assert.Equal(1, reviewed.Review!.MatchingExisting);

        Assert.True((await steps.Service.StartAsync(upload.JobId)).Succeeded);
        var done = await steps.WaitForAsync(upload.JobId, "completed", "failed");

        Assert.Equal(new ImportCounts(imported, updated, skipped, 0), done.Result);
        Assert.Equal(phoneAfter, await session.ScalarAsync<string>("select phone from contacts where id = @id", ("id", existing)));
        Assert.Equal(1L, await session.CountAsync("contacts where lower(email) = @e", ("e", $"kim.{u}@example.com")));
    }

    [Fact]
    public async Task Create_anyway_cannot_give_a_contact_an_email_another_live_contact_has()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        var u = Unique;
        var existing = await session.AddContactAsync();
        await session.ExecuteAsync("update contacts set email = @e where id = @id", ("e", $"kim.{u}@example.com"), ("id", existing));
        var upload = await steps.UploadAsync($"First Name,Email\nKim,kim.{u}@example.com\n");
        await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, ExistingRecordPolicy.CreateAnyway));

        var reviewed = await steps.WaitForAsync(upload.JobId, "ready");

        Assert.Equal(
            "A contact with this email already exists, and no two contacts may share an email: choose Skip or Update for existing records.",
            Assert.Single(reviewed.Review!.FirstIssues).Problem);
    }

    [Fact]
    public async Task An_upload_left_before_mapping_is_shown_for_mapping_again_from_its_stored_file()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Unique;
        var upload = await steps.UploadAsync($"Vorname;Nachname;E-Mail\nAva;Müller;ava.{u}@example.com\nBen;Okafor;ben.{u}@example.com\n");

        var reopened = await steps.Service.ReopenAsync(upload.JobId, TestContext.Current.CancellationToken);

        Assert.NotNull(reopened);
        Assert.Equal((upload.Kind, upload.FileName, upload.Format), (reopened.Kind, reopened.FileName, reopened.Format));
        Assert.Equal(upload.Columns, reopened.Columns);
        Assert.Equal(upload.FirstRows, reopened.FirstRows);
        Assert.Equal(upload.Suggested, reopened.Suggested);
        Assert.True((await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested))).Succeeded);
        await steps.WaitForAsync(upload.JobId, "ready");
        Assert.Null(await steps.Service.ReopenAsync(upload.JobId, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_byte_that_is_not_UTF8_after_the_first_64_KB_fails_its_row_rather_than_becoming_a_replacement_character()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Unique;
        var head = new StringBuilder("First Name,Last Name,Email\n");
        for (var i = 0; head.Length < 70_000; i++) head.Append($"Pat,Number{i},pat{i}.{u}@example.com\n");
        byte[] file = [.. Encoding.UTF8.GetBytes(head.ToString()), .. Encoding.Latin1.GetBytes($"Ren\u00e9,Late,rene.{u}@example.com\n")];

        var (upload, problem) = await steps.Service.UploadAsync(ImportKind.Contacts, "mixed.csv", new MemoryStream(file), TestContext.Current.CancellationToken);
        Assert.True(upload is not null, problem);
        Assert.Equal("UTF-8", upload.Format.EncodingName);
        Assert.True((await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested))).Succeeded);
        var reviewed = await steps.WaitForAsync(upload.JobId, "ready");

        var issue = Assert.Single(reviewed.Review!.FirstIssues);
        // Rows are numbered as a spreadsheet shows them: the header is row 1.
        Assert.Equal((reviewed.Review.Rows + 1, ImportRowMapper.UnreadableCharacters), (issue.RowNumber, issue.Problem));
    }

    [Fact]
    public async Task Each_bad_row_gets_its_own_sentence_and_the_valid_rows_are_imported_when_asked()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var u = Unique;
        var longNotes = new string('n', 25_000);
        var csv = $"First Name,Last Name,Email,Notes,Owner\n" +
                  $"Ava,Dubois,ava.{u}@example.com,\"line one\nline \"\"two\"\"\",\n" +   // row 2: valid, newline and quotes inside
                  $",,nobody.{u}@example.com,,\n" +                                              // row 3: no name
                  $"Ben,Okafor,not-an-email,,\n" +                                               // row 4
                  $"Ava,Twin,AVA.{u}@EXAMPLE.COM,,\n" +                                          // row 5: same email as row 2, other case
                  $"Cy,Long,cy.{u}@example.com,{longNotes},\n" +                                 // row 6
                  $"Di,Nul,di.{u}@example.com,a\0b,\n" +                                       // row 7
                  $"Ed,Ragged,ed.{u}@example.com,,,extra\n" +                                    // row 8: one field too many
                  $"Fay,Owner,fay.{u}@example.com,,nobody-{u}@example.com\n" +                   // row 9
                  $"=cmd,Formula,gus.{u}@example.com,,\n";                                       // row 10: valid, formula kept as text

        var reviewed = await steps.ReviewAsync(csv, null);

        Assert.Equal((9L, 2L, 7L, 1L), (reviewed.Review!.Rows, reviewed.Review.Valid, reviewed.Review.Invalid, reviewed.Review.DuplicatesInFile));
        Assert.Equal(new (long, string)[]
        {
            (3, "This row has no name: it needs a first name, a last name or a full name."),
            (4, "“not-an-email” is not a valid email address."),
            (5, "Same email as row 2 (emails are compared ignoring upper and lower case)."),
            (6, "Notes is longer than 20,000 characters (25000)."),
            (7, "This row contains a NUL character, which is not text; remove it from the file."),
            (8, "This row has 6 fields but the file has 5 columns (a quote or separator is probably missing)."),
            (9, $"No active user of this workspace has the email or name “nobody-{u}@example.com”."),
        }, reviewed.Review.FirstIssues.Select(i => (i.RowNumber, i.Problem)));

        var refused = await steps.Service.StartAsync(reviewed.JobId);
        Assert.Equal("7 rows are not valid, and this import runs only if every row is valid. " +
                     "Fix the file and upload it again, or choose to import the valid rows and report the rest.", refused.Problem);

        var upload = await steps.UploadAsync(csv);
        await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, OnlyIfEveryRowIsValid: false));
        await steps.WaitForAsync(upload.JobId, "ready");
        Assert.True((await steps.Service.StartAsync(upload.JobId)).Succeeded);
        var done = await steps.WaitForAsync(upload.JobId, "completed", "failed");
        Assert.Equal(new ImportCounts(2, 0, 0, 7), done.Result);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal("line one\nline \"two\"", await session.ScalarAsync<string>("select notes from contacts where email = @e", ("e", $"ava.{u}@example.com")));
        Assert.Equal("=cmd", await session.ScalarAsync<string>("select first_name from contacts where email = @e", ("e", $"gus.{u}@example.com")));
    }

    [Fact]
    public async Task A_mapping_without_a_name_or_with_a_field_twice_is_refused_with_a_sentence()
    {
        var steps = await ImportSteps.ActAsAsync(App, DemoTenant.Member);
        var upload = await steps.UploadAsync("Email,Mail 2\na@example.com,b@example.com\n");

        var noName = await steps.Service.ReviewAsync(upload.JobId, new ImportSettings([new(0, ImportFields.Email)]));
        var twice = await steps.Service.ReviewAsync(upload.JobId,
            new ImportSettings([new(0, ImportFields.Email), new(1, ImportFields.Email)]));

        Assert.Equal("Map a column to First name, Last name or Full name: a contact needs a name.", noName.Errors["Columns"]);
        Assert.Equal("Email is mapped from more than one column (“Email”, “Mail 2”); map it from one.", twice.Errors["Columns"]);
    }
}
