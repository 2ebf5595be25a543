using MjpegGateway;
using MjpegGateway.Configuration;

if (args.Contains(HealthCheckCommand.Flag))
{
    // Container HEALTHCHECK: the runtime image has no curl, so the gateway probes itself.
    return await HealthCheckCommand.RunAsync();
}

WebApplication app;
try
{
    app = await GatewayApp.BuildAsync(args);
}
catch (InvalidConfigurationException ex)
{
    return StartupFailure.Report(ex.Problems, ex.Logged ? null : ConfigurationLog.Invalid);
}

try
{
    await app.StartAsync();
}
catch (IOException ex)
{
    // Kestrel could not bind (address in use, no permission): its message names the address.
    ConfigurationLog.CannotListen(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ConfigurationLog.Category), ex.Message);
    await app.DisposeAsync();
    return StartupFailure.Report([ex.Message], log: null);
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
