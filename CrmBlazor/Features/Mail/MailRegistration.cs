using CrmBlazor.Features.Account;

namespace CrmBlazor.Features.Mail;

public static class MailRegistration
{
    /// <summary>Mail (MailKit over SMTP, the <c>Mail</c> section) and the account flows that send it.</summary>
    public static void AddCrmMail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<MailOptions>(builder.Configuration.GetSection(MailOptions.Section));
        services.AddSingleton<MailSender>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService<MailDelivery>();
        services.AddSingleton<AccountMail>();
        services.AddScoped<PasswordResetService>();
        services.AddScoped<EmailConfirmationService>();
    }
}
