using System.Diagnostics;
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MjpegGateway.Tls;

/// <summary>
/// Lets OpenSSL free a TLS connection's record buffers while the connection is idle (<c>SSL_MODE_RELEASE_BUFFERS</c>),
/// which .NET does not ask for. Measurements: docs/benchmarks.md, "Idle TLS buffers".
/// </summary>
/// <remarks>
/// <para>Without it every HTTPS connection keeps a read and a write buffer of about 17 KB each for its whole life.
/// A viewer's connection is idle between frames (and never sends after its request), so with the mode set the write
/// buffer exists only while a record is encrypted and the read buffer only while a record is decrypted.</para>
/// <para>.NET offers no API for it. This reaches the connection's <c>SSL*</c> through <c>SslStream</c>'s private
/// <c>_securityContext</c> (a <c>SafeSslHandle</c> on Linux) and calls <c>SSL_ctrl</c> and <c>SSL_free_buffers</c> in
/// the libssl that .NET itself loaded. Whatever is not as expected (another platform, another runtime's field names,
/// no libssl or two of them in the process) turns it off with a reason, never into a failed request; the tests pin
/// the runtime version's names, so a runtime update that moves them fails loudly.</para>
/// <para>An <c>SSL</c> object must not be changed while another thread is inside it, so this is called only where
/// the connection is quiet: for an HTTP/1.x request, before the response starts, Kestrel neither reads nor writes
/// the connection (it reads a body only when asked to). HTTP/2 connections read frames all the time and are left
/// alone; their buffers are shared by all of a connection's streams anyway.</para>
/// </remarks>
internal static unsafe class IdleTlsBuffers
{
    private const int SslCtrlMode = 33;                 // SSL_CTRL_MODE: ORs the argument into the SSL's mode.
    private const nint SslModeReleaseBuffers = 0x10;    // SSL_MODE_RELEASE_BUFFERS

    private static Native? s_resolved;

    /// <summary>
    /// Why the release cannot be used in this process; null when it can, or when that cannot be told yet because no
    /// TLS connection has loaded libssl.
    /// </summary>
    public static string? UnavailableReason => Resolved.UnavailableReason;

    // Resolved once, except while no TLS connection has loaded libssl yet.
    private static Native Resolved
    {
        get
        {
            if (Volatile.Read(ref s_resolved) is { } resolved)
            {
                return resolved;
            }

            var native = Resolve();
            if (!native.BeforeLibssl)
            {
                Volatile.Write(ref s_resolved, native);
            }

            return native;
        }
    }

    /// <summary>
    /// Sets <c>SSL_MODE_RELEASE_BUFFERS</c> on <paramref name="stream"/>'s connection and frees the buffers it holds
    /// now. Call only while nothing reads or writes the stream. Returns false, and does nothing, when it cannot.
    /// </summary>
    public static bool Release(SslStream stream) => WithSsl(stream, static (native, ssl) =>
    {
        native.SslCtrl(ssl, SslCtrlMode, SslModeReleaseBuffers, 0);
        // Frees what the handshake and the request left allocated; returns 0, freeing nothing, if a buffer holds
        // unread data (a pipelined request), which the mode then frees once it is read.
        native.SslFreeBuffers(ssl);
        return true;
    });

    /// <summary>Whether <c>SSL_MODE_RELEASE_BUFFERS</c> is set on <paramref name="stream"/>'s connection (for tests).</summary>
    // An argument of 0 returns the current mode and writes the same value back, so a test may ask while frames are sent.
    internal static bool IsReleaseModeSet(SslStream stream) =>
        WithSsl(stream, static (native, ssl) => (native.SslCtrl(ssl, SslCtrlMode, 0, 0) & SslModeReleaseBuffers) != 0);

    private static bool WithSsl(SslStream stream, Func<Native, nint, bool> action)
    {
        var native = Resolved;
        if (native.UnavailableReason is not null
            || native.SecurityContext is null
            || native.SecurityContext.GetValue(stream) is not SafeHandle handle
            || handle.GetType() != native.HandleType)
        {
            return false;
        }

        var added = false;
        try
        {
            // Holds the SSL* alive should the connection be disposed on another thread meanwhile.
            handle.DangerousAddRef(ref added);
            var ssl = handle.DangerousGetHandle();
            return ssl != 0 && action(native, ssl);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // Never throws: a failure here must cost the buffers, not the request.
    private static Native Resolve()
    {
        try
        {
            return ResolveOrThrow();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or BadImageFormatException
            or System.ComponentModel.Win32Exception or InvalidOperationException or NotSupportedException)
        {
            return Native.Unavailable($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static Native ResolveOrThrow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Native.Unavailable("TLS here is not OpenSSL's (not Linux)");
        }

        var field = typeof(SslStream).GetField("_securityContext", BindingFlags.Instance | BindingFlags.NonPublic);
        var handleType = typeof(SslStream).Assembly.GetType("Microsoft.Win32.SafeHandles.SafeSslHandle");
        if (field is null || handleType is null || !typeof(SafeHandle).IsAssignableFrom(handleType))
        {
            return Native.Unavailable($"this .NET runtime ({Environment.Version}) does not keep SslStream's OpenSSL handle where expected");
        }

        // Only a libssl that .NET has already loaded: an SSL* must go back to the library that made it.
        var loaded = LoadedLibraries("libssl.so");
        if (loaded.Count != 1)
        {
            return loaded.Count == 0 ? Native.NoLibssl : Native.Unavailable($"{loaded.Count} libssl versions are loaded");
        }

        var library = NativeLibrary.Load(loaded[0]);
        if (!NativeLibrary.TryGetExport(library, "SSL_ctrl", out var ctrl)
            || !NativeLibrary.TryGetExport(library, "SSL_free_buffers", out var freeBuffers))
        {
            return Native.Unavailable($"{Path.GetFileName(loaded[0])} has no SSL_ctrl or SSL_free_buffers");
        }

        return new Native(null, field, handleType,
            (delegate* unmanaged<nint, int, nint, nint, nint>)ctrl, (delegate* unmanaged<nint, int>)freeBuffers);
    }

    private static List<string> LoadedLibraries(string prefix)
    {
        using var process = Process.GetCurrentProcess();
        return process.Modules.Cast<ProcessModule>()
            .Select(module => module.FileName)
            .Where(path => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Native(
        string? unavailableReason,
        FieldInfo? securityContext,
        Type? handleType,
        delegate* unmanaged<nint, int, nint, nint, nint> sslCtrl,
        delegate* unmanaged<nint, int> sslFreeBuffers)
    {
        public string? UnavailableReason { get; } = unavailableReason;

        public FieldInfo? SecurityContext { get; } = securityContext;

        public Type? HandleType { get; } = handleType;

        public delegate* unmanaged<nint, int, nint, nint, nint> SslCtrl { get; } = sslCtrl;

        public delegate* unmanaged<nint, int> SslFreeBuffers { get; } = sslFreeBuffers;

        /// <summary>No TLS connection has loaded libssl yet: asked again next time.</summary>
        public static Native NoLibssl { get; } = new(null, null, null, null, null) { BeforeLibssl = true };

        public bool BeforeLibssl { get; private init; }

        public static Native Unavailable(string reason) => new(reason, null, null, null, null);
    }
}
