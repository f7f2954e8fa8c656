using System.ComponentModel.DataAnnotations;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// The server-side check of a form: the browser's checks are a convenience, this is the one that counts.
/// </summary>
public static class FormErrors
{
    /// <summary>
    /// Field name → the first sentence about it; empty when the form is valid. The attribute checks
    /// stop before a form's own whole-form rule (IValidatableObject) when one fails, so both run here
    /// and every problem is reported at once.
    /// </summary>
    public static Dictionary<string, string> Of(object form, string fieldForFormWideErrors)
    {
        var context = new ValidationContext(form);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, context, results, validateAllProperties: true);
        if (form is IValidatableObject wholeForm && results.Count > 0)
            results.AddRange(wholeForm.Validate(context));
        var errors = new Dictionary<string, string>();
        foreach (var result in results)
            foreach (var member in result.MemberNames.DefaultIfEmpty(fieldForFormWideErrors))
                errors.TryAdd(member, result.ErrorMessage ?? "Invalid value.");
        return errors;
    }
}
