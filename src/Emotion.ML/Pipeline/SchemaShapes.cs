using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>
/// Builds <see cref="SchemaShape"/> values for estimators' <c>GetOutputSchema</c>.
/// </summary>
/// <remarks>
/// ML.NET 5 keeps <see cref="SchemaShape.Column"/>'s constructor internal, so a third-party
/// estimator cannot describe its output columns through public API. The constructor is reached by
/// reflection once; a unit test pins it, so an ML.NET change fails loudly in the tests.
/// </remarks>
internal static class SchemaShapes
{
    private static readonly ConstructorInfo ColumnConstructor = typeof(SchemaShape.Column)
        .GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
        .Single(c => c.GetParameters().Select(p => p.ParameterType).SequenceEqual(
            new[] { typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape) }));

    /// <summary>A column shape.</summary>
    public static SchemaShape.Column Column(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey = false, SchemaShape? annotations = null) =>
        (SchemaShape.Column)ColumnConstructor.Invoke(new object?[] { name, kind, itemType, isKey, annotations });

    /// <summary>The input columns plus <paramref name="added"/>, which replace same-named input columns.</summary>
    public static SchemaShape Append(SchemaShape input, params SchemaShape.Column[] added)
    {
        var columns = input.ToDictionary(c => c.Name);
        foreach (var column in added)
        {
            columns[column.Name] = column;
        }

        return new SchemaShape(columns.Values);
    }

    /// <summary>Finds an input column or throws a message that names it and what was expected.</summary>
    public static SchemaShape.Column Find(SchemaShape input, string name, string expected)
    {
        foreach (var column in input)
        {
            if (column.Name == name)
            {
                return column;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{name}' was not found in the schema; expected {expected}.");
    }

    /// <summary>Whether the shape is a scalar text column.</summary>
    public static bool IsScalarText(SchemaShape.Column column) =>
        column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is TextDataViewType;
}
