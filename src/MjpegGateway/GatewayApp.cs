using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MjpegGateway.Cameras;
using MjpegGateway.Demo;
using MjpegGateway.Endpoints;

namespace MjpegGateway;

/// <summary>Builds the gateway application; shared by <c>Program</c> and the tests.</summary>
public static class GatewayApp
{
    private const string OperatorFile = "appsettings.json";

    /// <summary>
    /// Builds the gateway. <paramref name="configure"/> lets tests add configuration and bind ports before
    /// the services read it.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        AddOperatorFile(builder);
        configure?.Invoke(builder);

        var demoOptions = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        DemoCameras? demo = null;
        if (demoOptions.Enabled)
        {
            demo = await DemoCameras.StartAsync(demoOptions, builder.Configuration, cancellationToken);
            builder.Services.AddSingleton(demo);
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoCameras>());
        }

        builder.Services.AddProblemDetails();
        builder.Services.AddCameras(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapCameraEndpoints();
        app.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();

        if (demo is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoUrls(app, demo));
        }

        return app;
    }

    /// <summary>The bound addresses (after start), e.g. to find port 0's real port.</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    // The operator's appsettings.json sits at the repository root and is copied beside the binaries; the
    // content root (the project folder under `dotnet run`) has none, so read the copy, at the same precedence.
    private static void AddOperatorFile(WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, OperatorFile))
            || !File.Exists(Path.Combine(AppContext.BaseDirectory, OperatorFile)))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: OperatorFile });
        var source = new JsonConfigurationSource
        {
            Path = OperatorFile,
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        if (index >= 0)
        {
            sources[index] = source;
        }
        else
        {
            sources.Insert(0, source);
        }
    }

    private static void PrintDemoUrls(WebApplication app, DemoCameras demo)
    {
        var address = Addresses(app).FirstOrDefault() ?? "http://localhost:8080";
        address = address.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal);
        var first = demo.CameraIds[0];
        Console.WriteLine();
        Console.WriteLine("MjpegGateway demo is running with " + demo.CameraIds.Count + " fake Axis cameras.");
        Console.WriteLine("  Watch a live stream in your browser:  " + address + "/cameras/" + first + "/stream");
        Console.WriteLine("  Low-resolution profile at 2 fps:      " + address + "/cameras/" + first + "/stream?profile=low&fps=2");
        Console.WriteLine("  Latest frame as a JPEG:               " + address + "/cameras/" + first + "/snapshot");
        Console.WriteLine("  Camera list (JSON):                   " + address + "/cameras");
        Console.WriteLine();
    }
}
