using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Mail;

/// <summary>The mails of the account pages: what each says, queued on the <see cref="MailOutbox"/>.</summary>
public sealed class AccountMail(MailOutbox outbox, IOptions<MailOptions> options)
{
    /// <summary>
    /// <paramref name="path"/> under the app's public address (<see cref="MailOptions.AppUrl"/>), or
    /// under <paramref name="requestBase"/>, the address the page was asked at, when none is configured.
    /// </summary>
    public string Link(string requestBase, string path)
    {
        var appUrl = string.IsNullOrWhiteSpace(options.Value.AppUrl) ? requestBase : options.Value.AppUrl;
        return appUrl.TrimEnd('/') + "/" + path.TrimStart('/');
    }

    public void Invitation(string email, string fullName, string organization, string link) => Send(email, fullName, new(
        $"You are invited to {organization} on CrmBlazor", $"Hello {fullName},",
        [$"You have been invited to join {organization} on CrmBlazor. Choose a password to accept.",
         "The link works once and for 7 days. If you did not expect this invitation, ignore this mail."],
        link, "Accept the invitation"));

    public void ConfirmEmail(string email, string fullName, string organization, string link) => Send(email, fullName, new(
        "Confirm your email for CrmBlazor", $"Hello {fullName},",
        [$"Someone, hopefully you, created the organization {organization} on CrmBlazor with this address. Confirm it to sign in.",
         "If it was not you, ignore this mail: nothing happens until the address is confirmed."],
        link, "Confirm your email"));

    public void ResetPassword(string email, string fullName, string link) => Send(email, fullName, new(
        "Reset your CrmBlazor password", $"Hello {fullName},",
        ["Someone asked to reset the password of your CrmBlazor account. The link works once and for 2 hours.",
         "If it was not you, ignore this mail: your password stays as it is."],
        link, "Choose a new password"));

    public void RegistrationAttempt(string email, string fullName, string resetLink) => Send(email, fullName, new(
        "Someone tried to register with your address", $"Hello {fullName},",
        ["Someone tried to create a new CrmBlazor organization with this address, which already has an account. Nothing was created.",
         "If it was you, sign in with your account instead. If you forgot its password, you can choose a new one."],
        resetLink, "Reset your password"));

    private void Send(string email, string fullName, MailTemplate template) => outbox.Post(template.ToMessage(email, fullName));
}
