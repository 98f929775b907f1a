using System.IO.Compression;

namespace Emotion.ML.Persistence;

/// <summary>
/// Reads one zip entry and, at its end, checks the byte count and CRC-32 the zip recorded, so
/// damaged stored data fails instead of loading silently changed values.
/// </summary>
internal sealed class CheckedEntryStream : Stream
{
    private static readonly uint[] Table = BuildTable();

    private readonly Stream _inner;
    private readonly long _expectedLength;
    private readonly uint _expectedCrc;
    private readonly Func<string, Exception?, EmotionModelFormatException> _fail;
    private uint _crc = 0xFFFFFFFFu;
    private long _length;
    private bool _verified;

    /// <param name="entry">The entry to read.</param>
    /// <param name="fail">Builds the exception for a detail message (and the error that revealed it).</param>
    public CheckedEntryStream(ZipArchiveEntry entry, Func<string, Exception?, EmotionModelFormatException> fail)
    {
        _expectedLength = entry.Length;
        _expectedCrc = entry.Crc32;
        _fail = fail;
        _inner = entry.Open();
    }

    /// <summary>Runs <paramref name="read"/> over the entry, then reads what it left and checks length and checksum.</summary>
    public static T Read<T>(ZipArchiveEntry entry, Func<string, Exception?, EmotionModelFormatException> fail, Func<Stream, T> read)
    {
        using var stream = new CheckedEntryStream(entry, fail);
        var result = read(stream);
        stream.ReadToEndAndVerify();
        return result;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw _fail($"the compressed data is corrupt: {ex.Message}", ex);
        }

        if (read > 0)
        {
            Update(buffer[..read]);
        }
        else if (buffer.Length > 0)
        {
            Verify();
        }

        return read;
    }

    /// <summary>Reads whatever the caller left unread, then checks length and checksum.</summary>
    public void ReadToEndAndVerify()
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (Read(scratch) > 0)
        {
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Update(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        var crc = _crc;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        _crc = crc;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;
        if (_length != _expectedLength)
        {
            throw _fail($"the entry holds {_length} bytes; the zip directory records {_expectedLength}.", null);
        }

        if (~_crc != _expectedCrc)
        {
            throw _fail($"the data is damaged (CRC-32 {~_crc:x8}, expected {_expectedCrc:x8}).", null);
        }
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
