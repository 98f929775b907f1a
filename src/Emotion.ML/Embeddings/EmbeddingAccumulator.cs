using Microsoft.ML.Data;

namespace Emotion.ML.Embeddings;

/// <summary>Collects one row's word vectors and writes them pooled (or as a sequence) into a <see cref="VBuffer{T}"/>.</summary>
/// <remarks>One per cursor, reused across rows, so reading rows does not allocate once buffers have grown.</remarks>
internal sealed class EmbeddingAccumulator
{
    private readonly EmbeddingPooling _mode;
    private readonly int _dimension;
    private readonly float[] _sum;
    private readonly float[] _max;
    private float[] _sequence = Array.Empty<float>();
    private int _found;
    private int _tokens;

    public EmbeddingAccumulator(EmbeddingPooling mode, int dimension)
    {
        _mode = mode;
        _dimension = dimension;
        _sum = new float[dimension];
        _max = new float[dimension];
    }

    /// <summary>The output length of a pooling mode, or 0 for the variable-length sequence.</summary>
    public static int OutputSize(EmbeddingPooling mode, int dimension) => mode switch
    {
        EmbeddingPooling.MeanMax => 2 * dimension,
        EmbeddingPooling.Sequence => 0,
        _ => dimension,
    };

    public void Reset()
    {
        _found = 0;
        _tokens = 0;
        Array.Clear(_sum);
        _max.AsSpan().Fill(float.NegativeInfinity);
    }

    /// <summary>Adds one token's vector; an empty span means the token has no vector.</summary>
    public void Add(ReadOnlySpan<float> vector)
    {
        if (_mode == EmbeddingPooling.Sequence)
        {
            var needed = (_tokens + 1) * _dimension;
            if (_sequence.Length < needed)
            {
                Array.Resize(ref _sequence, Math.Max(needed, _sequence.Length * 2));
            }

            var row = _sequence.AsSpan(_tokens * _dimension, _dimension);
            if (vector.IsEmpty)
            {
                row.Clear();
            }
            else
            {
                vector.CopyTo(row);
            }

            _tokens++;
            return;
        }

        if (vector.IsEmpty)
        {
            return; // Pooling skips words without a vector.
        }

        _found++;
        for (var j = 0; j < _dimension; j++)
        {
            _sum[j] += vector[j];
            _max[j] = Math.Max(_max[j], vector[j]);
        }
    }

    public void Write(ref VBuffer<float> destination)
    {
        var length = _mode == EmbeddingPooling.Sequence ? _tokens * _dimension : OutputSize(_mode, _dimension);
        var editor = VBufferEditor.Create(ref destination, length);
        var output = editor.Values;
        if (_mode == EmbeddingPooling.Sequence)
        {
            _sequence.AsSpan(0, length).CopyTo(output);
        }
        else if (_found == 0)
        {
            output.Clear();
        }
        else
        {
            var offset = 0;
            if (_mode != EmbeddingPooling.Max)
            {
                for (var j = 0; j < _dimension; j++)
                {
                    output[j] = _sum[j] / _found;
                }

                offset = _dimension;
            }

            if (_mode != EmbeddingPooling.Mean)
            {
                _max.AsSpan().CopyTo(output[offset..]);
            }
        }

        destination = editor.Commit();
    }
}
