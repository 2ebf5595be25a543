using Microsoft.Extensions.Time.Testing;
using MjpegGateway.Transport;

namespace MjpegGateway.Tests.Units;

public sealed class TransportMemoryPoolTests
{
    [Fact]
    public void A_returned_block_is_rented_again_instead_of_a_new_one()
    {
        using var pool = new FixedBlockMemoryPool(16 * 1024);

        var first = pool.Rent();
        Assert.Equal(16 * 1024, first.Memory.Length);
        first.Memory.Span[0] = 42;
        first.Dispose();
        Assert.Equal(1, pool.FreeBlocks);

        using var second = pool.Rent(100);
        Assert.Equal(42, second.Memory.Span[0]);
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void More_than_a_block_is_refused_as_by_Kestrels_pool()
    {
        using var pool = new FixedBlockMemoryPool(16 * 1024);

        Assert.Equal(16 * 1024, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(16 * 1024 + 1));
    }

    [Fact]
    public void Rents_up_to_4_KB_get_small_blocks_and_larger_ones_blocks_of_the_shared_response_pool()
    {
        using var factory = new TransportMemoryPoolFactory(16 * 1024, new FakeTimeProvider());
        using var transport = (TransportMemoryPool)factory.Create();

        Assert.Equal(16 * 1024, transport.MaxBufferSize);
        Assert.Equal(TransportMemoryPool.SmallBlockBytes + 1, factory.LargeRentHint);
        // What Kestrel's receive loop and its pipes' default segments ask for.
        using (var receive = transport.Rent(4096))
        {
            Assert.Equal(4096, receive.Memory.Length);
        }

        using (var byDefault = transport.Rent())
        {
            Assert.Equal(4096, byDefault.Memory.Length);
        }

        // Room for a TLS record: a block of the response pool, which takes it back.
        var record = transport.Rent(factory.LargeRentHint);
        Assert.Equal(16 * 1024, record.Memory.Length);
        record.Dispose();
        Assert.Equal(1, factory.ResponsePool.FreeBlocks);
        Assert.Equal(1, transport.Small.FreeBlocks);
        Assert.Equal(1, transport.Small.AllocatedBlocks);
        Assert.Equal(1, factory.ResponsePool.AllocatedBlocks);
    }

    [Fact]
    public void With_response_blocks_of_4_KB_nothing_asks_for_more()
    {
        using var factory = new TransportMemoryPoolFactory(4096, new FakeTimeProvider());

        Assert.Equal(0, factory.LargeRentHint);
    }

    [Fact]
    public void Blocks_unused_for_a_whole_trim_period_are_released_and_blocks_in_use_are_kept()
    {
        var time = new FakeTimeProvider();
        using var factory = new TransportMemoryPoolFactory(16 * 1024, time);
        var pool = factory.ResponsePool;
        using var transport = (TransportMemoryPool)factory.Create();

        // A burst of 10 blocks, then 3 stay in use; the transport's receive buffers burst too.
        var burst = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        foreach (var block in burst.Skip(3))
        {
            block.Dispose();
        }

        var receives = Enumerable.Range(0, 4).Select(_ => transport.Rent(4096)).ToList();
        receives.ForEach(block => block.Dispose());

        Assert.Equal(7, pool.FreeBlocks);
        Assert.Equal(4, transport.Small.FreeBlocks);
        // The first trim only starts the count: during its period the pool was empty at some point.
        time.Advance(TransportMemoryPoolFactory.TrimPeriod);
        Assert.Equal(7, pool.FreeBlocks);
        // A period in which one block was borrowed and given back: 6 were never needed, and go.
        pool.Rent().Dispose();
        time.Advance(TransportMemoryPoolFactory.TrimPeriod);
        Assert.Equal(1, pool.FreeBlocks);
        Assert.Equal(0, transport.Small.FreeBlocks);
        time.Advance(TransportMemoryPoolFactory.TrimPeriod);
        Assert.Equal(0, pool.FreeBlocks);

        // The 3 in use come back and are pooled again.
        foreach (var block in burst.Take(3))
        {
            block.Dispose();
        }

        Assert.Equal(3, pool.FreeBlocks);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4096, true)]
    [InlineData(16 * 1024, true)]
    [InlineData(1024 * 1024, true)]
    [InlineData(4095, false)]
    [InlineData(1024 * 1024 + 1, false)]
    [InlineData(-1, false)]
    public void Block_size_is_Kestrels_pool_or_4_KB_to_1_MB(int blockBytes, bool valid)
    {
        var result = new StreamingTransportOptionsValidator().Validate(null, new StreamingTransportOptions { PoolBlockBytes = blockBytes });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("StreamingTransport:PoolBlockBytes", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
