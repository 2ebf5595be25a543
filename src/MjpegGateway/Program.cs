using MjpegGateway;

if (args.Contains(HealthCheckCommand.Flag))
{
    // Container HEALTHCHECK: the runtime image has no curl, so the gateway probes itself.
    return await HealthCheckCommand.RunAsync();
}

var app = await GatewayApp.BuildAsync(args);
await app.RunAsync();
return 0;
