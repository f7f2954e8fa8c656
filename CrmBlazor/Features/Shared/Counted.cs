namespace CrmBlazor.Features.Shared;

/// <summary>A number with its noun in the right form: "1 contact", "2 contacts", never "contact(s)".</summary>
public static class Counted
{
    public static string Of(int count, string one, string many) => $"{count:N0} {(count == 1 ? one : many)}";
}
