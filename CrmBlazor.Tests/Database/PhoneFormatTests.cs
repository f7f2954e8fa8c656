using System.Text.RegularExpressions;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Phone numbers: ck_contacts_phone_format and ck_companies_phone_format refuse what is not a phone number
/// for any client, with the same pattern the forms and the import check (PhoneNumber.Pattern); users'
/// phone number has a length.
/// </summary>
public sealed class PhoneFormatTests(CrmDatabase database) : TenantSessionTests(database)
{
    public static readonly TheoryData<string> Accepted =
    [
        "+1 555 0100", "+44 20 7946 0958", "(030) 1234-5678", "030.123.456", "555 0100 x12", "+1 555 0100 ext. 12",
        "+1 555 0100 Ext 7", "0800 123 456 #3", "111",
    ];

    public static readonly TheoryData<string> Refused =
    [
        "n/a", "call me", "12", "+1 555 0100 ext.", "+1 555 0100 ext 1234567", "555-0100 or 555-0101", "+1 555 0100 / 0200",
        "++1 555 0100", "1 555 0100+", "tel:+15550100", "",
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_phone_number_of_digits_separators_and_an_extension_is_kept(string phone)
    {
        var contact = await Session.AddPersonAsync("Pat", "Phone", phone: phone);

        Assert.Equal(phone, await Session.ScalarAsync<string>("select phone from contacts where id = @id", ("id", contact)));
        Assert.Equal(1, await Session.ExecuteAsync("insert into companies (name, phone) values ('Phone Co', @p)", ("p", phone)));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Anything_else_is_refused_by_the_named_constraint_for_contacts_and_companies(string phone)
    {
        var contact = await Session.AddPersonAsync("Pat", "Phone");

        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_contacts_phone_format", "contacts",
            "insert into contacts (first_name, phone) values ('Pat', @p)", ("p", phone));
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_contacts_phone_format", "contacts where phone is null and id = @id",
            "update contacts set phone = @p where id = @id", ("p", phone), ("id", contact));
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_companies_phone_format", "companies",
            "insert into companies (name, phone) values ('Phone Co', @p)", ("p", phone));
    }

    [Fact]
    public async Task A_users_phone_number_is_at_most_50_characters()
    {
        Assert.Equal(1, await Session.ExecuteAsync("update users set phone_number = @p where id = @id",
            ("p", new string('1', 50)), ("id", Tenant.OwnerId)));

        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_users_phone_number_length", "users where char_length(phone_number) = 50",
            "update users set phone_number = @p where id = @id", ("p", new string('1', 51)), ("id", Tenant.OwnerId));
    }

    [Fact]
    public async Task The_forms_pattern_is_the_constraints_character_for_character()
    {
        var constraints = await Session.ScalarAsync<string[]>("""
            select array_agg(pg_get_constraintdef(oid) order by conname) from pg_constraint
            where conname in ('ck_contacts_phone_format', 'ck_companies_phone_format')
            """);

        Assert.Equal(2, constraints.Length);
        Assert.All(constraints, definition => Assert.Contains($"'{PhoneNumber.Pattern}'", definition));
        // And the two engines read it alike.
        foreach (var phone in Accepted.Select(row => row.Data).Concat(Refused.Select(row => row.Data)))
            Assert.Equal(await Session.ScalarAsync<bool>("select @p ~ @pattern", ("p", phone), ("pattern", PhoneNumber.Pattern)),
                Regex.IsMatch(phone, PhoneNumber.Pattern));
    }
}
