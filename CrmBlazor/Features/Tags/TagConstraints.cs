using Npgsql;

namespace CrmBlazor.Features.Tags;

/// <summary>Turns a violated tags constraint into the field it belongs to and a sentence for the user.</summary>
public static class TagConstraints
{
    public sealed record FieldError(string Field, string Message);

    public static FieldError? Describe(PostgresException error) => error.ConstraintName switch
    {
        "ux_tags_name" => new(nameof(TagForm.Name), TagService.DuplicateName),
        "ck_tags_name_not_blank" => new(nameof(TagForm.Name), TagForm.MissingName),
        "ck_tags_color" => new(nameof(TagForm.Color), TagForm.InvalidColor),
        _ => null,
    };
}
