namespace MjpegGateway.Security;

/// <summary>The reserved slot (dispose it when the stream ends) or, with a null slot, the limit that refused.</summary>
public readonly record struct StreamCapResult(StreamCapRejection Rejection, IAsyncDisposable? Slot);
