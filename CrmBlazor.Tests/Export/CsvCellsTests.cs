using CrmBlazor.Features.Shared;

namespace CrmBlazor.Tests.Export;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 30 1234", "'+49 30 1234")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "'\rcmd")]
    public void A_cell_starting_like_a_formula_gets_a_leading_apostrophe(string value, string written) =>
        Assert.Equal(written, CsvCells.Escape(value));

    [Theory]
    [InlineData("Ada Lovelace", "Ada Lovelace")]
    [InlineData("a=b", "a=b")]
    [InlineData(" =x", " =x")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Any_other_cell_is_written_as_it_is(string? value, string written) =>
        Assert.Equal(written, CsvCells.Escape(value));
}
