using CrmBlazor.Features.Import;

namespace CrmBlazor.Tests.Import;

public sealed class FullNamePartsTests
{
    [Theory]
    [InlineData("Ava Dubois", "Ava", "Dubois")]
    [InlineData("Dubois, Ava", "Ava", "Dubois")]
    [InlineData("  Ava   Dubois  ", "Ava", "Dubois")]
    [InlineData("Ava", "Ava", null)]
    [InlineData("Mary Ann Smith", "Mary Ann", "Smith")]
    [InlineData("Mary Ann van der Berg", "Mary Ann", "van der Berg")]
    [InlineData("Ludwig van Beethoven", "Ludwig", "van Beethoven")]
    [InlineData("María de la Cruz", "María", "de la Cruz")]
    [InlineData("van der Berg, Mary Ann", "Mary Ann", "van der Berg")]
    [InlineData("Jean-Luc Picard", "Jean-Luc", "Picard")]
    [InlineData("Dick Van Dyke", "Dick Van", "Dyke")] // a capitalised particle is part of the name
    [InlineData("Dubois,", null, "Dubois")]
    [InlineData("   ", null, null)]
    public void A_full_name_is_split_into_first_and_last_name(string fullName, string? first, string? last) =>
        Assert.Equal((first, last), FullNameParts.Split(fullName));
}
