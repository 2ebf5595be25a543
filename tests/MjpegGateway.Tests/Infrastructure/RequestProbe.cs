using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>
/// Records something of every request the gateway sees, before any of the gateway's own middleware runs (register it
/// as an <see cref="IStartupFilter"/> in <see cref="TestGateway.StartAsync"/>'s <c>configure</c>: it is then outermost).
/// </summary>
/// <param name="observe">What to record of a request; null records nothing.</param>
public sealed class RequestProbe<T>(Func<HttpContext, T?> observe) : IStartupFilter
{
    private readonly ConcurrentQueue<T> _seen = new();

    /// <summary>What was recorded, in arrival order.</summary>
    public IReadOnlyList<T> Seen => [.. _seen];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (observe(context) is { } seen)
            {
                _seen.Enqueue(seen);
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
