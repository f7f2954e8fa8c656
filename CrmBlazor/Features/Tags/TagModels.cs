using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Tags;

/// <summary>The tag form; every rule mirrors a column length or CHECK constraint of tags.</summary>
public sealed class TagForm
{
    /// <summary>ck_tags_color, character for character.</summary>
    public const string ColorPattern = "^#[0-9A-Fa-f]{6}$";
    public const string InvalidColor = "Enter a color as # and six hex digits, like #1976D2.";
    public const string MissingName = "Enter the tag's name.";

    [Required(ErrorMessage = MissingName), MaxLength(FieldLimits.Short)] public string? Name { get; set; }
    [Required(ErrorMessage = InvalidColor), RegularExpression(ColorPattern, ErrorMessage = InvalidColor)] public string? Color { get; set; } = "#607D8B";

    /// <summary>The xmin the form was loaded with; null for a new tag.</summary>
    public uint? Version { get; set; }
}

/// <summary>A tag with how many live contacts, companies and deals carry it.</summary>
public sealed record TagListItem(Guid Id, string Name, string Color, int Contacts, int Companies, int Deals, uint Version)
{
    public int Uses => Contacts + Companies + Deals;
}

/// <summary>The steps of a merge, in order; tests inject a failure after each to prove the merge is all or nothing.</summary>
public enum TagMergeStep { AssignmentsCopied, SourceDeleted }

public static class TagColors
{
    /// <summary>Black or white, whichever reads better on a chip of <paramref name="color"/> (#RRGGBB).</summary>
    public static string TextOn(string color)
    {
        if (color.Length != 7) return "#000000";
        var rgb = Convert.FromHexString(color[1..]);
        var luminance = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
        return luminance > 150 ? "#000000" : "#FFFFFF";
    }
}
