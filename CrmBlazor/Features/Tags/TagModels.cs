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
    /// <summary>
    /// Black or white, whichever contrasts more with <paramref name="color"/> (#RRGGBB) by WCAG's relative luminance: for any
    /// color one of the two reaches at least 4.58:1, above the 4.5:1 that small chip text needs.
    /// </summary>
    public static string TextOn(string color)
    {
        if (color.Length != 7) return "#000000";
        var rgb = Convert.FromHexString(color[1..]);
        var luminance = 0.2126 * Linear(rgb[0]) + 0.7152 * Linear(rgb[1]) + 0.0722 * Linear(rgb[2]);
        // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05); they are equal at L ≈ 0.179.
        return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? "#000000" : "#FFFFFF";
    }

    private static double Linear(byte channel)
    {
        var c = channel / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
