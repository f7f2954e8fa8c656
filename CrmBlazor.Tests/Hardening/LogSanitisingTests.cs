using System.Collections.Concurrent;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Security;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrmBlazor.Tests.Hardening;

/// <summary>An email typed at sign-in cannot forge log lines: CR, LF and other control characters never reach the log.</summary>
public sealed class LogSanitisingTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task A_sign_in_with_a_newline_in_the_email_logs_one_line()
    {
        var logs = new CapturedLogs();
        await using var app = new CrmAppFactory(database.AppConnectionString)
            .WithWebHostBuilder(web => web.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        await using var scope = app.Services.CreateAsyncScope();

        await scope.ServiceProvider.GetRequiredService<SignInService>()
            .PasswordSignInAsync("a@b.c\r\nFAKE 2026-12-03 login succeeded for admin@victim.example\u0085x", "whatever-password", false);

        var line = Assert.Single(logs.Messages, m => m.StartsWith("login.failed"));
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\u0085', line);
        Assert.Contains("a@b.c??FAKE 2026-12-03", line);
    }

    [Fact]
    public void The_cleaner_replaces_every_control_character_and_cuts_overlong_input()
    {
        Assert.Equal("a?b?c?d", LogText.Clean("a\rb\nc\u001bd"));
        Assert.Equal("", LogText.Clean(null));
        Assert.Equal(LogText.MaxLength, LogText.Clean(new string('x', 10_000)).Length);
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(CapturedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Messages.Enqueue(formatter(state, exception));
        }
    }
}
