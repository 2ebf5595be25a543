using MjpegGateway.Demo;

var app = await DemoApp.BuildAsync(args);
await app.RunAsync();
