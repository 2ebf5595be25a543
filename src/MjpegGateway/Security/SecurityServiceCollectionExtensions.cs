using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MjpegGateway.Security;

/// <summary>Registers and orders everything that stands between a request and a camera.</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Default scheme: a ticket on stream and snapshot URLs, otherwise the bearer token.</summary>
    public const string GatewayScheme = "Gateway";

    private static readonly string[] AcceptedAlgorithms =
    [
        SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
    ];

    /// <summary>JWT and ticket authentication, camera rights, stream caps and allow-lists.</summary>
    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddOptions<TicketOptions>().Bind(configuration.GetSection(TicketOptions.Section));
        services.AddOptions<StreamCapOptions>().Bind(configuration.GetSection(Configuration.GatewayOptions.Section));
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<AuthOptions>().ValidateOnStart();

        // TryAdd, so a cluster registration made before (shared state in Redis) wins.
        services.TryAddSingleton<IStreamTicketStore, StreamTicketStore>();
        services.TryAddSingleton<IStreamCaps, StreamCaps>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddSingleton<CameraAccessDecision>();

        services.AddAuthentication(GatewayScheme)
            .AddPolicyScheme(GatewayScheme, GatewayScheme, options => options.ForwardDefaultSelector = context =>
                context.Request.Query.ContainsKey(TicketAuthenticationHandler.QueryName) && AcceptsTickets(context)
                    ? TicketAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, TicketAuthenticationHandler>(TicketAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddHostedService<TokenValidationWarmup>();

        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayPolicies.Viewer, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.AtLeast(GatewayRoles.Viewer)))
            .AddPolicy(GatewayPolicies.Operator, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.AtLeast(GatewayRoles.Operator)))
            .AddPolicy(GatewayPolicies.Admin, p => p.RequireAuthenticatedUser().RequireRole(GatewayRoles.AtLeast(GatewayRoles.Admin)));

        var corsOrigins = configuration.GetSection(SecurityOptions.Section + ":CorsOrigins").Get<string[]>() ?? [];
        if (corsOrigins.Length > 0)
        {
            // Header-based tokens only, so no credentials (cookies) are ever allowed cross-site.
            services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(corsOrigins).WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type")));
        }

        return builder;
    }

    /// <summary>Orders the security middleware: forwarded headers, front door, routing, authentication, rate limits, authorization.</summary>
    public static WebApplication UseGatewaySecurity(this WebApplication app)
    {
        // Checked with every other section before the app is built (StartupConfigurationCheck, beside GatewayApp: it reads every section).
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.TrustedProxies.Count > 0)
        {
            var errors = new List<string>();
            var proxies = NetworkList.Parse(security.TrustedProxies, SecurityOptions.Section + ":TrustedProxies", errors);
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions), errors);
            }

            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in proxies.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseMiddleware<SecurityMiddleware>();
        app.UseRouting();
        if (security.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    // Routing runs before authentication, so the endpoint (and what it accepts) is known here.
    private static bool AcceptsTickets(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<CameraScopeMetadata>()?.AcceptsTickets == true;

    /// <summary>Turns <see cref="AuthOptions"/> into JwtBearer settings.</summary>
    private sealed class ConfigureJwtBearer(IOptions<AuthOptions> auth, ILogger<ConfigureJwtBearer> logger) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name != JwtBearerDefaults.AuthenticationScheme)
            {
                return;
            }

            var settings = auth.Value;
            options.MapInboundClaims = false;
            options.SaveToken = false;
            options.IncludeErrorDetails = false;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            if (!string.IsNullOrEmpty(settings.Authority))
            {
                options.Authority = settings.Authority;
            }

            if (!string.IsNullOrEmpty(settings.MetadataAddress))
            {
                options.MetadataAddress = settings.MetadataAddress;
            }

            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = !string.IsNullOrEmpty(settings.Issuer),
                ValidIssuer = settings.Issuer,
                ValidateAudience = true,
                ValidAudience = settings.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(settings.ClockSkewSeconds),
                ValidAlgorithms = AcceptedAlgorithms,
                NameClaimType = settings.SubjectClaim,
                RoleClaimType = settings.RoleClaim,
            };
            options.Events = SubjectRequired(settings.SubjectClaim);
            if (SigningKeyBytes(settings) is { } key)
            {
                options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            }
            else if (string.IsNullOrEmpty(settings.Authority) && string.IsNullOrEmpty(settings.MetadataAddress))
            {
                SecurityLog.NoTokenValidation(logger);
            }
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

        // Every token reaches the gateway through this scheme (the Authorization header only; tickets are minted from
        // one), so this one check covers streams, snapshots, tickets, VAPIX, the admin API and metrics.
        private static JwtBearerEvents SubjectRequired(string claim) => new()
        {
            OnTokenValidated = context =>
            {
                // The name claim is the subject claim: the caps and rate limits count Identity.Name.
                if (string.IsNullOrWhiteSpace(context.Principal?.Identity?.Name))
                {
                    context.Fail(new MissingSubjectClaimException(claim));
                }

                return Task.CompletedTask;
            },
            OnChallenge = context =>
            {
                if (context.AuthenticateFailure is MissingSubjectClaimException missing)
                {
                    context.Error = "invalid_token";
                    context.ErrorDescription = missing.Message;
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The HS256 key bytes: <c>base64:</c>-prefixed base64, or the UTF-8 text itself.</summary>
    internal static byte[]? SigningKeyBytes(AuthOptions settings)
    {
        if (string.IsNullOrEmpty(settings.SigningKey))
        {
            return null;
        }

        const string Base64Prefix = "base64:";
        return settings.SigningKey.StartsWith(Base64Prefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(settings.SigningKey[Base64Prefix.Length..])
            : Encoding.UTF8.GetBytes(settings.SigningKey);
    }
}
