namespace MjpegGateway.Admin;

/// <summary>A camera's live state in the admin API.</summary>
/// <param name="Id">Camera id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Mode">OnDemand or AlwaysOn.</param>
/// <param name="Required">Readiness depends on this camera.</param>
/// <param name="Viewers">Stream viewers across profiles.</param>
/// <param name="MaxViewers">Viewer cap of this camera.</param>
/// <param name="Profiles">Each profile's upstream and viewers.</param>
public sealed record CameraStatus(string Id, string Name, string Mode, bool Required, int Viewers, int MaxViewers, IReadOnlyList<ProfileStatus> Profiles);
