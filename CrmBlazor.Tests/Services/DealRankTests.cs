using CrmBlazor.Features.Deals.Moves;

namespace CrmBlazor.Tests.Services;

public sealed class DealRankTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "i")]
    [InlineData("i", null)]
    [InlineData("i", "j")]
    [InlineData("i", "i1")]
    [InlineData("hzzz", "i")]
    [InlineData("a", "a01")]
    [InlineData("zz", null)]
    public void A_rank_between_two_ranks_sorts_strictly_between_them(string? before, string? after)
    {
        var rank = DealRank.Between(before, after);

        Assert.True(before is null || string.CompareOrdinal(before, rank) < 0, $"{before} < {rank}");
        Assert.True(after is null || string.CompareOrdinal(rank, after) < 0, $"{rank} < {after}");
        Assert.False(rank.EndsWith('0'));
    }

    [Fact]
    public void A_thousand_inserts_into_the_same_gap_keep_a_strict_order()
    {
        var (low, high) = ("i", "j");
        var ranks = new List<string> { low, high };
        for (var i = 0; i < 1000; i++)
        {
            var rank = DealRank.Between(low, high);
            ranks.Add(rank);
            // Alternate sides so both ends of the gap are exercised.
            if (i % 2 == 0) high = rank; else low = rank;
        }

        Assert.Equal(ranks.Count, ranks.Distinct().Count());
        Assert.True(low.Length < 300);
    }

    [Fact]
    public void Spread_ranks_are_distinct_ascending_and_leave_room_at_both_ends()
    {
        var ranks = DealRank.Spread(500);

        Assert.Equal(ranks.OrderBy(r => r, StringComparer.Ordinal), ranks);
        Assert.Equal(500, ranks.Distinct().Count());
        Assert.All(ranks, r => Assert.False(r.EndsWith('0')));
        Assert.True(string.CompareOrdinal(DealRank.Between(null, ranks[0]), ranks[0]) < 0);
        Assert.True(string.CompareOrdinal(DealRank.Between(ranks[^1], null), ranks[^1]) > 0);
    }

    [Fact]
    public void Ranks_out_of_order_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DealRank.Between("j", "i"));
        Assert.Throws<ArgumentException>(() => DealRank.Between("i", "i"));
    }
}
