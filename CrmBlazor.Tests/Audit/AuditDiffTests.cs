using CrmBlazor.Features.Audit;

namespace CrmBlazor.Tests.Audit;

/// <summary>Which fields an audit entry shows: only those that changed, without the columns that change by themselves.</summary>
public sealed class AuditDiffTests
{
    [Fact]
    public void An_update_shows_only_the_fields_whose_value_changed_and_none_of_the_stamps()
    {
        var changes = AuditDiff.Changes(
            """{"id": "a", "tenant_id": "t", "title": "Fleet", "value": 10000.00, "currency": "EUR", "updated_at": "2026-12-01T10:00:00+00:00", "updated_by": "u1", "rank": "a0", "notes": null}""",
            """{"id": "a", "tenant_id": "t", "title": "Fleet", "value": 12000.00, "currency": "EUR", "updated_at": "2026-12-02T10:00:00+00:00", "updated_by": "u2", "rank": "a1", "notes": "call back"}""");

        Assert.Equal([new AuditField("value", "10000.00", "12000.00"), new AuditField("notes", null, "call back")], changes);
    }

    [Fact]
    public void An_insert_shows_its_filled_fields_and_a_deletion_what_was_there()
    {
        Assert.Equal([new AuditField("name", null, "VIP")],
            AuditDiff.Changes(null, """{"id": "x", "tenant_id": "t", "name": "VIP", "color": null, "created_at": "2026-12-01T10:00:00+00:00", "created_by": "u"}"""));
        Assert.Equal([new AuditField("name", "VIP", null)], AuditDiff.Changes("""{"id": "x", "name": "VIP"}""", null));
    }

    [Fact]
    public void Values_read_as_people_write_them()
    {
        var deal = new Dictionary<string, string?> { ["currency"] = "EUR" };
        var names = AuditNames.None;

        Assert.Equal("12,000 EUR", AuditValues.Text("value", "12000.00", deal, names));
        Assert.Equal("12,000.50 EUR", AuditValues.Text("value", "12000.50", deal, names));
        Assert.Equal("3 Dec 2026", AuditValues.Text("expected_close_date", "2026-12-03", deal, names));
        Assert.Equal("3 Dec 2026, 14:05 UTC", AuditValues.Text("closed_at", "2026-12-03T15:05:00+01:00", deal, names));
        Assert.Equal("Yes", AuditValues.Text("is_active", "true", deal, names));
        Assert.Equal("empty", AuditValues.Text("phone", null, deal, names));
        Assert.Equal("(deleted)", AuditValues.Text("owner_id", Guid.NewGuid().ToString(), deal, names));
        Assert.Equal("Value", AuditLabels.Column("value"));
        Assert.Equal("Expected close date", AuditLabels.Column("expected_close_date"));
        Assert.Equal("Owner", AuditLabels.Column("owner_id"));
    }
}
