using CrmBlazor.Features.Shared;

namespace CrmBlazor.Tests.Shell;

public sealed class DisplayTextTests
{
    [Fact]
    public void A_moment_is_written_in_utc_with_the_zone_named_whatever_its_offset()
    {
        var berlinAfternoon = new DateTimeOffset(2026, 12, 2, 15, 5, 0, TimeSpan.FromHours(1));

        Assert.Equal("2 Dec 2026, 14:05 UTC", DisplayDate.Moment(berlinAfternoon));
        Assert.Equal("2 Dec 2026", DisplayDate.Day(berlinAfternoon));
        // Just after midnight in Tokyo is still the day before in UTC, as the dashboard's "today" counts it.
        Assert.Equal("1 Dec 2026, 15:30 UTC", DisplayDate.Moment(new DateTimeOffset(2026, 12, 2, 0, 30, 0, TimeSpan.FromHours(9))));
        Assert.Equal("Never", DisplayDate.Moment(null, "Never"));
    }

    [Fact]
    public void Month_names_stay_english_under_another_culture()
    {
        var before = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("9 Mar 2026, 08:00 UTC", DisplayDate.Moment(new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero)));
            Assert.Equal("1,234 contacts", Plural.Of(1234, "contact"));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(0, "0 contacts")]
    [InlineData(1, "1 contact")]
    [InlineData(2, "2 contacts")]
    public void A_count_takes_the_singular_only_for_one(int count, string expected) =>
        Assert.Equal(expected, Plural.Of(count, "contact"));

    [Fact]
    public void An_irregular_plural_is_given_by_the_caller() =>
        Assert.Equal(["1 company", "3 companies"], new[] { Plural.Of(1, "company", "companies"), Plural.Of(3, "company", "companies") });
}
