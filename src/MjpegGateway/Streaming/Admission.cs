namespace MjpegGateway.Streaming;

/// <summary>The outcome of <see cref="StreamAdmission.AdmitAsync"/>: a lease, or the refusal to answer with.</summary>
public readonly record struct Admission(StreamLease? Lease, StreamRefusal? Refusal)
{
    /// <summary>True when admitted (<see cref="Lease"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Lease))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsAdmitted => Lease is not null;
}
