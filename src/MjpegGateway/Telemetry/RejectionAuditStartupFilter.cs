namespace MjpegGateway.Telemetry;

/// <summary>Puts <see cref="RejectionAuditMiddleware"/> in front of the whole pipeline, whatever order the app adds its middleware in.</summary>
internal sealed class RejectionAuditStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RejectionAuditMiddleware>();
        next(app);
    };
}
