using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace MjpegGateway.WebViewer;

/// <summary>Serves the browser viewer (<c>wwwroot</c>: the page, its CSS and ES modules) at <c>/</c>.</summary>
public static class ViewerPage
{
    /// <summary>
    /// The page's own policy, replacing the API's <c>default-src 'none'</c> on HTML answers: only same-origin files,
    /// no inline script or style, frames from decoded <c>blob:</c> snapshots, fetch to this origin only, and Trusted
    /// Types so no string can ever become markup.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; script-src 'self'; style-src 'self'; " +
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; " +
        "require-trusted-types-for 'script'; trusted-types 'none'";

    private const string WebRoot = "wwwroot";

    /// <summary>Default document and static files, with the page's CSP on HTML and revalidation on every file.</summary>
    public static WebApplication UseViewerPage(this WebApplication app)
    {
        var files = FindFiles(app);
        if (files is null)
        {
            ViewerLog.FilesMissing(app.Logger);
            return app;
        }

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // No build step stamps file names, so browsers revalidate (ETag) to pick up a new release at once.
                headers.CacheControl = "no-cache";
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                }
            },
        });
        return app;
    }

    // `dotnet run` serves the project's wwwroot (content root); tests and published builds the copy beside the binaries.
    private static PhysicalFileProvider? FindFiles(WebApplication app)
    {
        string[] candidates = [app.Environment.WebRootPath ?? string.Empty, Path.Combine(AppContext.BaseDirectory, WebRoot)];
        var root = candidates.FirstOrDefault(c => c.Length > 0 && File.Exists(Path.Combine(c, "index.html")));
        return root is null ? null : new PhysicalFileProvider(root);
    }
}
