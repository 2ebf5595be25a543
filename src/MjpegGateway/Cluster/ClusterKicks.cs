using MjpegGateway.Streaming;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// Ends a viewer held by another replica: the admin API publishes the session id on a Redis channel; the node holding the
/// session ends it and confirms with a short-lived key the asking node waits for.
/// </summary>
public sealed class ClusterKicks(ClusterRedis redis, ClusterNode node, StreamSessions sessions, TimeProvider time) : IHostedService
{
    private static readonly TimeSpan ConfirmWithin = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromSeconds(30);
    private ChannelMessageQueue? _queue;

    /// <summary>End cause of a session ended this way (the kick arrived from another replica's admin API).</summary>
    public const string Cause = "AdminKick";

    private RedisChannel Channel => RedisChannel.Literal(redis.Prefix + "kick");

    /// <summary>Asks the other nodes to end <paramref name="sessionId"/>; true when one confirmed within two seconds.</summary>
    public async Task<bool> KickAsync(string sessionId)
    {
        try
        {
            var receivers = await redis.RunAsync("kick.publish", db => redis.Subscriber.PublishAsync(Channel, sessionId)).ConfigureAwait(false);
            if (receivers == 0)
            {
                return false;
            }

            var deadline = time.GetTimestamp();
            while (time.GetElapsedTime(deadline) < ConfirmWithin)
            {
                if (await redis.RunAsync("kick.confirm", db => db.KeyExistsAsync(redis.Key("kicked:" + sessionId))).ConfigureAwait(false))
                {
                    return true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), time).ConfigureAwait(false);
            }

            return false;
        }
        catch (RedisUnavailableException)
        {
            return false;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _queue = await redis.Subscriber.SubscribeAsync(Channel).ConfigureAwait(false);
            _queue.OnMessage(OnKickAsync);
        }
        catch (RedisConnectionException)
        {
            // The multiplexer re-subscribes by itself when Redis comes back.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is null)
        {
            return;
        }

        try
        {
            await _queue.UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or RedisConnectionException)
        {
            // Redis is down or its connection was already closed by this shutdown: the subscription went with it, and
            // a stop must not fail over it.
        }
    }

    private async Task OnKickAsync(ChannelMessage message)
    {
        var id = message.Message.ToString();
        if (!sessions.TryGet(id, out var session))
        {
            return;
        }

        session.End(Cause);
        try
        {
            await redis.RunAsync("kick.confirm", db => db.StringSetAsync(redis.Key("kicked:" + id), node.Id, ConfirmationLifetime)).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            // The asking node answers 404; the session is ended all the same.
        }
    }
}
