using System.Buffers;

namespace Emotion.ML.Text;

/// <summary>
/// Collects output tokens separated by single spaces in a pooled buffer, and places the
/// <see cref="EmotionTextMarkers.AllCaps"/> marker before a run of shouted words.
/// </summary>
internal ref struct TokenWriter
{
    private char[] _buffer;
    private int _length;
    private int _lastStart;
    private int _capsRunStart;
    private bool _inCapsRun;
    private bool _capsMarked;

    public TokenWriter(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 64));
        _length = 0;
        _lastStart = -1;
        _capsRunStart = 0;
        _inCapsRun = false;
        _capsMarked = false;
    }

    /// <summary>Appends one token, preceded by a space unless it is the first.</summary>
    public void Append(scoped ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return;
        }

        Ensure(token.Length + 1);
        if (_length > 0)
        {
            _buffer[_length++] = ' ';
        }

        _lastStart = _length;
        token.CopyTo(_buffer.AsSpan(_length));
        _length += token.Length;
    }

    /// <summary>The last token written, empty when there is none.</summary>
    public readonly ReadOnlySpan<char> LastToken => _lastStart < 0 ? default : _buffer.AsSpan(_lastStart, _length - _lastStart);

    /// <summary>Removes the last token written; there is no last token until the next <see cref="Append"/>.</summary>
    public void RemoveLast()
    {
        if (_lastStart < 0)
        {
            return;
        }

        _length = Math.Max(0, _lastStart - 1);
        _lastStart = -1;
        _capsRunStart = Math.Min(_capsRunStart, _length);
    }

    /// <summary>
    /// Tracks runs of shouted words: call before writing a word that has letters. The marker goes
    /// before the run once the run holds a word of two or more letters, so a lone <c>I</c> is not shouting.
    /// </summary>
    public void NoteWord(bool shouted, int letterCount)
    {
        if (!shouted)
        {
            _inCapsRun = false;
            return;
        }

        if (!_inCapsRun)
        {
            _inCapsRun = true;
            _capsMarked = false;
            _capsRunStart = _length;
        }

        if (!_capsMarked && letterCount >= 2)
        {
            _capsMarked = true;
            Insert(_capsRunStart, EmotionTextMarkers.AllCaps);
        }
    }

    /// <summary>The collected text.</summary>
    public override readonly string ToString() => new(_buffer, 0, _length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<char>();
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    // Inserts a token at a token boundary (the buffer length at that time).
    private void Insert(int position, string token)
    {
        if (position >= _length)
        {
            Append(token);
            return;
        }

        Ensure(token.Length + 1);
        var shift = token.Length + 1;
        if (_lastStart >= position)
        {
            _lastStart += shift;
        }

        _buffer.AsSpan(position, _length - position).CopyTo(_buffer.AsSpan(position + shift));
        if (position == 0)
        {
            token.CopyTo(_buffer.AsSpan(0));
            _buffer[token.Length] = ' ';
        }
        else
        {
            _buffer[position] = ' ';
            token.CopyTo(_buffer.AsSpan(position + 1));
        }

        _length += shift;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
