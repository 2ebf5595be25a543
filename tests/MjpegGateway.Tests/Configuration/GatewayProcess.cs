using System.Diagnostics;

namespace MjpegGateway.Tests.Configuration;

/// <summary>The built gateway (MjpegGateway.dll beside the tests) run as a child process, as an operator would start it.</summary>
internal static class GatewayProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the gateway in <paramref name="workingDirectory"/> with <paramref name="environment"/> until it exits.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The gateway did not exit within {ExitTimeout}: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts the gateway, waits until it listens (Kestrel's "Now listening on" line), runs <paramref name="whileRunning"/>
    /// with the process and what it has written so far, then kills it.
    /// </summary>
    public static async Task<T> WhileListeningAsync<T>(string workingDirectory, IReadOnlyDictionary<string, string> environment, Func<Process, string, T> whileRunning)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment))!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        // A gateway that stops before it listens fails the wait at once rather than after the timeout.
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The gateway exited before it listened."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            try
            {
                await listening.Task.WaitAsync(ExitTimeout);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"The gateway did not listen within {ExitTimeout} ({ex.Message}): {output}");
                }
            }

            string written;
            lock (output)
            {
                written = output.ToString();
            }

            return whileRunning(process, written);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MjpegGateway.dll"));
        // Never the default ports, never the demo.
        start.Environment["urls"] = "https://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Tls__DataPath"] = workingDirectory;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
