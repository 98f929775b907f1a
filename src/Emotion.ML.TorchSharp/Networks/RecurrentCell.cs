namespace Emotion.ML.TorchSharp.Networks;

/// <summary>The recurrent layer a recurrent network stacks.</summary>
public enum RecurrentCell
{
    /// <summary>Elman RNN with tanh (<c>nn.RNN</c>).</summary>
    SimpleRnn,

    /// <summary>Long short-term memory (<c>nn.LSTM</c>).</summary>
    Lstm,

    /// <summary>Gated recurrent unit (<c>nn.GRU</c>).</summary>
    Gru,
}
