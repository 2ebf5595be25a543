using System.Text;
using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Hosting;

/// <summary>Errors the way a camera sends them: a status and one line of plain text with a Content-Length.</summary>
internal static class CameraTextResponse
{
    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        var body = Encoding.ASCII.GetBytes(message + "\n");
        response.StatusCode = status;
        response.ContentType = "text/plain";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, response.HttpContext.RequestAborted).AsTask();
    }
}
