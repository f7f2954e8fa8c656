namespace CrmBlazor.Features.Shared;

/// <summary>The Version an edit form was loaded with, which the update checks the stored row against.</summary>
public static class EditVersion
{
    /// <summary>The form's loaded Version; an edit without one is a mistake of the calling code, not of the user.</summary>
    public static uint Of(uint? loaded, string formParameter) =>
        loaded ?? throw new ArgumentException("An edit must carry the Version it was loaded with.", formParameter);
}
