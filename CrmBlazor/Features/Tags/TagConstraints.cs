using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Tags;

/// <summary>Turns a violated tags constraint into the field it belongs to and a sentence for the user.</summary>
internal static class TagConstraints
{
    private static readonly ConstraintTable Table = new(
        ("ux_tags_name", nameof(TagForm.Name), TagService.DuplicateName),
        ("ck_tags_name_not_blank", nameof(TagForm.Name), TagForm.MissingName),
        ("ck_tags_color", nameof(TagForm.Color), TagForm.InvalidColor));

    public static FieldError? Describe(Exception error) => Table.Describe(error);
}
