using System.Buffers;

namespace Emotion.ML.Embeddings;

/// <summary>A run of whole lines read from a stream, in a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
/// <param name="Buffer">The rented buffer; return it when done.</param>
/// <param name="Start">Where the first line starts in <paramref name="Buffer"/>.</param>
/// <param name="End">Where the block ends (after its last line break, or at the end of the stream).</param>
/// <param name="FirstLine">The 1-based file line number of the first line.</param>
internal readonly record struct LineBlock(byte[] Buffer, int Start, int End, long FirstLine)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Start, End - Start);
}

/// <summary>
/// Cuts a stream into blocks of whole lines (about 1 MiB each) so blocks can be parsed in parallel,
/// keeping track of line numbers for error messages.
/// </summary>
internal sealed class LineBlockReader
{
    private const int BlockSize = 1 << 20;
    private readonly Stream _stream;
    private byte[] _carry = new byte[4096];
    private int _carryLength;
    private long _nextLine = 1;
    private bool _ended;

    public LineBlockReader(Stream stream)
    {
        _stream = stream;
    }

    public bool TryRead(out LineBlock block)
    {
        block = default;
        if (_ended && _carryLength == 0)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, _carryLength * 2));
        _carry.AsSpan(0, _carryLength).CopyTo(buffer);
        var length = _carryLength;
        _carryLength = 0;
        var end = -1;
        while (true)
        {
            if (!_ended)
            {
                var read = _stream.ReadAtLeast(buffer.AsSpan(length), buffer.Length - length, throwOnEndOfStream: false);
                length += read;
                _ended = length < buffer.Length;
            }

            if (_ended)
            {
                end = length;
                break;
            }

            var newline = buffer.AsSpan(0, length).LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                end = newline + 1;
                break;
            }

            // One line longer than the buffer: grow and keep reading.
            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        _carryLength = length - end;
        if (_carryLength > _carry.Length)
        {
            _carry = new byte[Math.Max(_carryLength, _carry.Length * 2)];
        }

        buffer.AsSpan(end, _carryLength).CopyTo(_carry);
        if (end == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        block = new LineBlock(buffer, 0, end, _nextLine);
        _nextLine += buffer.AsSpan(0, end).Count((byte)'\n');
        return true;
    }
}
