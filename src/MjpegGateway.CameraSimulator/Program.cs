using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Hosting;

namespace MjpegGateway.CameraSimulator;

/// <summary>
/// Standalone camera: <c>dotnet run --project src/MjpegGateway.CameraSimulator -- --urls http://127.0.0.1:8554
/// --Simulator:Auth=Digest --Simulator:Username=root --Simulator:Password=pass</c>. Without <c>--urls</c> it listens on
/// 127.0.0.1:<c>Simulator:Port</c> (0 = ephemeral). Prints the video URL once listening.
/// </summary>
internal static class Program
{
    private const int InvalidOptionsExitCode = 2;

    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Per-request hosting logs would drown the simulator's own stream start/stop lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var options = builder.Configuration.GetSection(SimulatedCameraOptions.SectionName).Get<SimulatedCameraOptions>()
            ?? new SimulatedCameraOptions();
        var errors = SimulatedCameraOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync(error);
            }

            return InvalidOptionsExitCode;
        }

        await using var app = SimulatorApp.Build(builder, new SimulatorState(options, TimeProvider.System), options.Port);
        await app.StartAsync();
        foreach (var baseAddress in SimulatorApp.GetBaseAddresses(app))
        {
            Console.WriteLine($"Camera simulator video: {SimulatorApp.GetVideoUrl(baseAddress)} (auth: {options.Auth})");
        }

        await app.WaitForShutdownAsync();
        return 0;
    }
}
