using CrmBlazor.Features.Tags;

namespace CrmBlazor.Features.Api.Tags;

/// <summary>A tag as the API returns it. <c>version</c> is also its ETag. A record's tags are set through its <c>tagIds</c>.</summary>
public sealed record TagResource(Guid Id, string Name, string Color, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);

/// <summary>A tag as a client sends it: its name (unique, ignoring case) and a color (#RRGGBB; the app's default grey when left out).</summary>
public sealed record TagInput(string? Name = null, string? Color = null)
{
    public TagForm ToForm(uint? version = null)
    {
        var form = new TagForm { Name = Name, Version = version };
        if (Color is not null) form.Color = Color;
        return form;
    }
}
