using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MjpegGateway.Security;

namespace MjpegGateway.RateLimiting;

/// <summary>Wires ASP.NET Core's rate limiter to the <c>RateLimits</c> rules.</summary>
public static class RateLimitingExtensions
{
    /// <summary>Response header stating the sustained limit of the rule that applied.</summary>
    public const string LimitHeader = "X-RateLimit-Limit";

    /// <summary>Puts an endpoint (or group) under the rules of <paramref name="group"/>.</summary>
    public static TBuilder WithRateLimitGroup<TBuilder>(this TBuilder builder, string group)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RateLimitGroupAttribute(group));
        return builder;
    }

    /// <summary>
    /// Adds the rate limiter: two token buckets chained per request, one per client IP and one per subject, for
    /// the endpoint's group. Rejections are 429 problem details with Retry-After (the built-in default is a bare 503).
    /// </summary>
    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section));
        services.TryAddSingleton<IRateLimitBuckets, InProcessRateLimitBuckets>();
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureRateLimiter>();
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>
    /// Refuses to start with unreadable <c>RateLimits</c>. Checked once here rather than through a validator on the
    /// live monitor, which would make a later bad edit throw on every request; live edits fail closed instead.
    /// </summary>
    public static WebApplication ValidateRateLimits(this WebApplication app)
    {
        var result = new RateLimitOptionsValidator().Validate(null, app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(RateLimitOptions.Section, typeof(RateLimitOptions), result.Failures);
        }

        return app;
    }

    private sealed class ConfigureRateLimiter(IOptionsMonitor<RateLimitOptions> rules, IRateLimitBuckets buckets, ILoggerFactory loggers) : IConfigureOptions<RateLimiterOptions>
    {
        private readonly CachedNetworkList<RateLimitOptions> _exempt = new(o => o.ExemptNetworks, RateLimitOptions.Section + ":ExemptNetworks");

        public void Configure(RateLimiterOptions options)
        {
            var logger = loggers.CreateLogger(typeof(RateLimitingExtensions));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perIp: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perIp: false)));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                SecurityLog.RateLimited(logger, context.GetEndpoint()?.Metadata.GetMetadata<RateLimitGroupAttribute>()?.Name ?? "?", RedactedPath.Of(context.Request.Path));
                await Results.Problem(
                        statusCode: StatusCodes.Status429TooManyRequests,
                        title: "Too many requests",
                        detail: "Request rate limit reached; retry after the time in Retry-After.")
                    .ExecuteAsync(context);
            };
        }

        private RateLimitPartition<string> Partition(HttpContext context, bool perIp)
        {
            var group = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitGroupAttribute>()?.Name;
            var current = rules.CurrentValue;
            if (group is null || !current.Rules.TryGetValue(group, out var groupRules))
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var rule = perIp ? groupRules.PerIp : groupRules.PerSubject;
            if (rule is null || rule.PermitsPerMinute <= 0 || rule.Burst <= 0)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            var address = context.Connection.RemoteIpAddress;
            if (current.ExemptNetworks.Count > 0 && _exempt.For(current).Contains(address))
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            string who;
            if (perIp)
            {
                who = "ip:" + (address?.ToString() ?? "unknown");
            }
            else
            {
                var subject = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
                if (subject is null)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                who = "sub:" + subject;
            }

            context.Response.Headers[LimitHeader] = rule.PermitsPerMinute.ToString(CultureInfo.InvariantCulture) + ";w=60";
            // The rule's numbers are part of the key so an edited rule takes effect for new partitions.
            var key = string.Create(CultureInfo.InvariantCulture, $"{group}|{who}|{rule.PermitsPerMinute}|{rule.Burst}");
            return buckets.For(key, rule);
        }
    }
}
